//! The computer opponent for Island Conquest, at three strengths:
//! - easy: half its claims a random empty cell, the other half the claim that adds most
//!   islands to its own count at once; it never looks at what the other player gains, nor at
//!   what the other player could capture next;
//! - medium: a coin each turn: heads, the claim that is best once the other player has made
//!   their best answer ([`Judgement::Cells`]); tails, the claim best at once by cells ahead;
//! - hard: alpha-beta search (negamax) over the rules core's own claims and rollbacks, with
//!   iterative deepening under a node budget, valuing positions by cells ahead and then by
//!   land gathered in large islands ([`evaluate`]), each leaf after the best claim of the
//!   player to move there; deeper plies look at the most promising claims only.
//!
//! Why cells and not islands: a full grid is one island, so the island count before the end
//! says nothing about who will own it, and a player who counts islands scatters lone cells
//! that the other player captures one by one (a tie goes to the claimer). The second player
//! can in fact always win: capture each lone cell the first player makes, and otherwise
//! grow an island of their own, never leaving a lone cell; the first player then owns
//! nothing after each of the second player's claims. So the computer, moving first, can
//! only win from the other player's mistakes, and plays for them (see `search`).

use super::rules::{ClaimPreview, Conquest, Player};
use crate::rules::cell::Pos;

/// How strong the computer plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    Easy,
    Medium,
    Hard,
}

/// How a position is valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// Cells ahead only (medium).
    Cells,
    /// Cells ahead, then the squares of island sizes ahead (hard): of two claims that gain
    /// as many cells, the one that grows an island is preferred to a lone cell.
    CellsThenGathered,
}

/// The position from `player`'s side as it stands, by the hard computer's judgement: cells
/// ahead, then land gathered in large islands ahead. At the end, a win is worth more than
/// any position before it.
pub fn evaluate(game: &Conquest, player: Player) -> i64 {
    if game.is_over() {
        return final_value(game.islands(player), game.islands(player.other()));
    }
    let cells = [game.cells(Player::X), game.cells(Player::O)];
    let squares = [
        game.island_size_squares(Player::X),
        game.island_size_squares(Player::O),
    ];
    material(
        Judgement::CellsThenGathered,
        game.size(),
        cells,
        squares,
        player,
    )
}

/// The value of a full grid: its one island decides.
fn final_value(mine: usize, theirs: usize) -> i64 {
    (mine as i64 - theirs as i64).signum() * WIN
}

/// The weight of one cell ahead, above any change one claim makes to the squares
/// (a claim that joins islands of a and b cells changes them by 2ab <= size^4 / 2; in
/// practice far less, and cells move with them).
fn cell_weight(size: usize) -> i64 {
    4 * (size * size) as i64
}

fn material(
    judgement: Judgement,
    size: usize,
    cells: [usize; 2],
    squares: [u64; 2],
    me: Player,
) -> i64 {
    let (i, j) = (me.index(), me.other().index());
    let cell_lead = cells[i] as i64 - cells[j] as i64;
    match judgement {
        Judgement::Cells => cell_lead,
        Judgement::CellsThenGathered => {
            cell_lead * cell_weight(size) + (squares[i] as i64 - squares[j] as i64)
        }
    }
}

/// The value for `me` of the position after `preview`'s claim, as it would stand.
fn value_after(game: &Conquest, preview: &ClaimPreview, me: Player, judgement: Judgement) -> i64 {
    if game.empty_cells() == 1 {
        let (i, j) = (me.index(), me.other().index());
        return final_value(preview.islands_after[i], preview.islands_after[j]);
    }
    material(
        judgement,
        game.size(),
        preview.cells_after,
        preview.squares_after,
        me,
    )
}

/// The value of the position for the player to move, who is about to claim: the best
/// [`value_after`] of one of their claims, and whether that claim (or one as good)
/// captures. Judging a position after the mover's best claim is what shows a lone cell
/// beside an empty one as lost: the next claim beside it takes it.
fn best_answer(game: &Conquest, judgement: Judgement) -> (i64, bool) {
    if game.is_over() {
        return (evaluate(game, game.to_move()), false);
    }
    let me = game.to_move();
    let mut best = (i64::MIN + 1, false);
    for p in game.empty() {
        let Ok(preview) = game.preview_claim(p) else {
            continue;
        };
        let value = value_after(game, &preview, me, judgement);
        let captures = preview.report.unions.iter().any(|u| u.capture().is_some());
        best = best.max((value, captures));
    }
    best
}

const WIN: i64 = 1 << 50;

/// A small deterministic random source (SplitMix64), so games replay the same way.
#[derive(Debug, Clone)]
pub struct Dice(pub u64);

impl Dice {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// The computer's claim for the player to move. `None` when the grid is full.
pub fn choose(game: &mut Conquest, strength: Strength, dice: &mut Dice) -> Option<Pos> {
    choose_within(game, strength, dice, &|| false)
}

/// [`choose`], with a clock: the hard search stops once `out_of_time` says so (asked every
/// [`CLOCK_EVERY`] positions) and plays the best claim of the deepest search it finished
/// (at least the one-ply one). The browser, whose build runs the search many times slower
/// than a native one, gives it a time budget this way; the node budget holds as well.
pub fn choose_within(
    game: &mut Conquest,
    strength: Strength,
    dice: &mut Dice,
    out_of_time: &dyn Fn() -> bool,
) -> Option<Pos> {
    let empty: Vec<Pos> = game.empty().collect();
    if empty.is_empty() {
        return None;
    }
    Some(match strength {
        Strength::Easy => easy(game, &empty, dice),
        Strength::Medium => {
            // Careful half the time: a newcomer who leaves lone cells still loses, yet the
            // hasty half leaves chances to a player who looks further.
            let ranked = if dice.below(2) == 0 {
                ranked_by_answer(game, &empty, Judgement::Cells)
                    .into_iter()
                    .map(|(p, value, _)| (p, value))
                    .collect()
            } else {
                ranked_claims(game, &empty, Judgement::Cells)
            };
            pick_best(&ranked, dice)
        }
        Strength::Hard => search(game, &empty, out_of_time),
    })
}

/// Easy: a coin decides between a random empty cell and the claim that leaves the mover the
/// most islands at once (random among equals). Short-sighted on purpose: the other player's
/// islands, cells and next claim are never looked at.
fn easy(game: &Conquest, empty: &[Pos], dice: &mut Dice) -> Pos {
    if dice.below(2) == 0 {
        return empty[dice.below(empty.len())];
    }
    let me = game.to_move();
    let mine_after = |p: Pos| game.preview_claim(p).map_or(0, |v| v.islands(me));
    let best = empty.iter().map(|&p| mine_after(p)).max().unwrap_or(0);
    let ties: Vec<Pos> = empty
        .iter()
        .copied()
        .filter(|&p| mine_after(p) == best)
        .collect();
    ties[dice.below(ties.len())]
}

/// The simple player a newcomer can copy: always extend your own largest island. It claims
/// the first empty cell in reading order beside its largest island (the largest found first
/// in reading order, on equal sizes). With no island of its own (at the start, or when all
/// were captured) it claims the empty cell nearest the centre (reading order on equal
/// distances). Not a strength the game offers: a yardstick for easy. `None` when the grid is
/// full.
pub fn extend_largest(game: &Conquest) -> Option<Pos> {
    let me = game.to_move();
    let n = game.size();
    let cells = || (0..n).flat_map(move |r| (0..n).map(move |c| Pos::new(r, c)));
    let mut largest: Option<(Pos, usize)> = None;
    for p in cells() {
        if game.owner_at(p) != Some(me) {
            continue;
        }
        let size = game.island_size(p);
        if largest.is_none_or(|(_, s)| size > s) {
            largest = game.island_root(p).map(|root| (root, size));
        }
    }
    if let Some((root, _)) = largest {
        let beside = |p: Pos| {
            [
                (p.col + 1 < n).then(|| Pos::new(p.row, p.col + 1)),
                (p.row + 1 < n).then(|| Pos::new(p.row + 1, p.col)),
                p.col.checked_sub(1).map(|c| Pos::new(p.row, c)),
                p.row.checked_sub(1).map(|r| Pos::new(r, p.col)),
            ]
            .into_iter()
            .flatten()
            .any(|q| game.island_root(q) == Some(root))
        };
        if let Some(p) = game.empty().find(|&p| beside(p)) {
            return Some(p);
        }
    }
    let centre = |p: Pos| (2 * p.row).abs_diff(n - 1) + (2 * p.col).abs_diff(n - 1);
    game.empty().min_by_key(|&p| centre(p))
}

/// The one-ply player who trusts the score shown: the claim that leaves it most islands
/// ahead, then most cells ahead (random among equals). Not a strength the game offers: the
/// yardstick a newcomer reading the tally plays like. `None` when the grid is full.
pub fn greedy(game: &Conquest, dice: &mut Dice) -> Option<Pos> {
    let me = game.to_move();
    let lead = |p: Pos| {
        let after = game.preview_claim(p).ok()?;
        let islands = after.islands(me) as i64 - after.islands(me.other()) as i64;
        let cells = after.cells(me) as i64 - after.cells(me.other()) as i64;
        Some((islands, cells))
    };
    let scored: Vec<(Pos, (i64, i64))> = game.empty().filter_map(|p| Some((p, lead(p)?))).collect();
    let best = scored.iter().map(|&(_, v)| v).max()?;
    let ties: Vec<Pos> = scored
        .iter()
        .filter(|&&(_, v)| v == best)
        .map(|&(p, _)| p)
        .collect();
    Some(ties[dice.below(ties.len())])
}

/// Who makes the claims for one side of a simulated game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contender {
    /// The computer at a strength.
    Computer(Strength),
    /// The [`extend_largest`] player.
    ExtendLargest,
    /// The [`greedy`] player.
    Greedy,
    /// A uniformly random empty cell.
    Random,
}

impl Contender {
    /// This contender's claim for the player to move; `None` when the grid is full.
    pub fn choose(self, game: &mut Conquest, dice: &mut Dice) -> Option<Pos> {
        match self {
            Contender::Computer(strength) => choose(game, strength, dice),
            Contender::ExtendLargest => extend_largest(game),
            Contender::Greedy => greedy(game, dice),
            Contender::Random => {
                let empty: Vec<Pos> = game.empty().collect();
                (!empty.is_empty()).then(|| empty[dice.below(empty.len())])
            }
        }
    }
}

impl std::fmt::Display for Contender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Contender::Computer(Strength::Easy) => write!(f, "easy"),
            Contender::Computer(Strength::Medium) => write!(f, "medium"),
            Contender::Computer(Strength::Hard) => write!(f, "hard"),
            Contender::ExtendLargest => write!(f, "extend-largest"),
            Contender::Greedy => write!(f, "greedy"),
            Contender::Random => write!(f, "random"),
        }
    }
}

/// Each claim with its immediate value for the mover, best first (reading order on ties).
fn ranked_claims(game: &Conquest, empty: &[Pos], judgement: Judgement) -> Vec<(Pos, i64)> {
    let me = game.to_move();
    let mut ranked: Vec<(Pos, i64)> = empty
        .iter()
        .filter_map(|&p| {
            let preview = game.preview_claim(p).ok()?;
            Some((p, value_after(game, &preview, me, judgement)))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// Each claim with its value for the mover once the other player has made their best
/// answer, and whether that answer captures; best first (reading order on ties).
fn ranked_by_answer(
    game: &mut Conquest,
    empty: &[Pos],
    judgement: Judgement,
) -> Vec<(Pos, i64, bool)> {
    let mut ranked: Vec<(Pos, i64, bool)> = empty
        .iter()
        .map(|&p| {
            let snap = game.snapshot();
            game.claim_unchecked(p);
            let (value, captures) = best_answer(game, judgement);
            game.rollback_to(snap);
            (p, -value, captures)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// One of the best-valued claims, at random.
fn pick_best(ranked: &[(Pos, i64)], dice: &mut Dice) -> Pos {
    let best = ranked[0].1;
    let ties = ranked.iter().take_while(|(_, v)| *v == best).count();
    ranked[dice.below(ties)].0
}

/// Positions the hard search may examine per move. In 40-game ladders its results hardly
/// moved between 600 and 20,000 (the look one answer ahead and the best claim at each leaf
/// do the work), and a small budget keeps a 20 x 20 answer well inside 0.3 s in release.
pub const HARD_NODE_BUDGET: u64 = 600;
/// Claims examined below the root: the best at once by the hard judgement.
const BEAM: usize = 10;

/// How many positions the hard search examines between two looks at the clock.
pub const CLOCK_EVERY: u64 = 64;

struct Searcher<'a> {
    nodes: u64,
    out_of_budget: bool,
    out_of_time: &'a dyn Fn() -> bool,
}

/// The hard computer's claim. Before searching, it looks one answer ahead: when its best
/// claim by that look loses ground (as the first player's claims do against the second
/// player's sound play), it keeps to the claims after which the other player has nothing to
/// capture, if one costs at most two cells more. A lone cell hands over a capture anyone sees;
/// a claim that leaves no capture makes the other player find a quiet claim, where a
/// player who does not look ahead can leave a lone cell of their own.
fn search(game: &mut Conquest, empty: &[Pos], out_of_time: &dyn Fn() -> bool) -> Pos {
    let judgement = Judgement::CellsThenGathered;
    let mut root_moves = ranked_claims(game, empty, judgement);
    let answered = ranked_by_answer(game, empty, judgement);
    let best_answered = answered[0].1;
    if best_answered < 0 {
        let slack = 2 * cell_weight(game.size());
        let leaves_no_capture: Vec<Pos> = answered
            .iter()
            .filter(|&&(_, value, captures)| !captures && value >= best_answered - slack)
            .map(|&(p, _, _)| p)
            .collect();
        if !leaves_no_capture.is_empty() {
            root_moves.retain(|(p, _)| leaves_no_capture.contains(p));
        }
    }
    let mut best = root_moves[0].0;
    let mut searcher = Searcher {
        nodes: 0,
        out_of_budget: false,
        out_of_time,
    };
    for depth in 1..=6u32 {
        let mut alpha = -WIN * 4;
        let mut depth_best = best;
        // The previous depth's best first: good ordering makes alpha-beta cut more.
        let order =
            std::iter::once(best).chain(root_moves.iter().map(|(p, _)| *p).filter(|&p| p != best));
        for p in order {
            let snap = game.snapshot();
            game.claim_unchecked(p);
            let value = -searcher.negamax(game, depth - 1, -WIN * 4, -alpha);
            game.rollback_to(snap);
            if searcher.out_of_budget {
                break;
            }
            if value > alpha {
                alpha = value;
                depth_best = p;
            }
        }
        if searcher.out_of_budget {
            break;
        }
        best = depth_best;
        if game.empty_cells() <= depth as usize {
            break;
        }
    }
    best
}

impl Searcher<'_> {
    /// The value of the position for the player to move, searched `depth` plies deep.
    fn negamax(&mut self, game: &mut Conquest, depth: u32, mut alpha: i64, beta: i64) -> i64 {
        self.nodes += 1;
        if self.nodes > HARD_NODE_BUDGET
            || (self.nodes.is_multiple_of(CLOCK_EVERY) && (self.out_of_time)())
        {
            self.out_of_budget = true;
            return 0;
        }
        if game.is_over() {
            return evaluate(game, game.to_move());
        }
        if depth == 0 {
            return best_answer(game, Judgement::CellsThenGathered).0;
        }
        let empty: Vec<Pos> = game.empty().collect();
        let ranked = ranked_claims(game, &empty, Judgement::CellsThenGathered);
        let mut best = -WIN * 4;
        for &(p, _) in ranked.iter().take(BEAM) {
            let snap = game.snapshot();
            game.claim_unchecked(p);
            let value = -self.negamax(game, depth - 1, -beta, -alpha);
            game.rollback_to(snap);
            if self.out_of_budget {
                return 0;
            }
            best = best.max(value);
            alpha = alpha.max(value);
            if alpha >= beta {
                break;
            }
        }
        best
    }
}

/// Plays one whole game between two strengths; returns the final game.
pub fn play_out(size: usize, x: Strength, o: Strength, seed: u64) -> Conquest {
    play_match(size, Contender::Computer(x), Contender::Computer(o), seed)
}

/// Plays one whole game between two contenders (X moves first); returns the final game.
pub fn play_match(size: usize, x: Contender, o: Contender, seed: u64) -> Conquest {
    let mut game = Conquest::new(size);
    let mut dice = Dice(seed);
    while !game.is_over() {
        let side = if game.to_move() == Player::X { x } else { o };
        let Some(p) = side.choose(&mut game, &mut dice) else {
            break;
        };
        game.claim_unchecked(p);
    }
    game
}

/// Of `games` games on a size x size grid, the share `first` wins against `second`, taking
/// turns at moving first (`first` is X in even-numbered games; game k uses seed k).
pub fn win_rate(first: Contender, second: Contender, size: usize, games: u64) -> f64 {
    if games == 0 {
        return 0.0;
    }
    wins(first, second, size, games) as f64 / games as f64
}

/// Of `games` games on a size x size grid, how many `first` wins against `second`, taking
/// turns at moving first (`first` is X in even-numbered games; game k uses seed k).
pub fn wins(first: Contender, second: Contender, size: usize, games: u64) -> u64 {
    (0..games)
        .filter(|&seed| {
            let (x, o, side) = if seed % 2 == 0 {
                (first, second, Player::X)
            } else {
                (second, first, Player::O)
            };
            play_match(size, x, o, seed).winner() == super::rules::Winner::Player(side)
        })
        .count() as u64
}

/// Every contender, strongest computer first.
pub const CONTENDERS: [Contender; 6] = [
    Contender::Computer(Strength::Hard),
    Contender::Computer(Strength::Medium),
    Contender::Computer(Strength::Easy),
    Contender::ExtendLargest,
    Contender::Greedy,
    Contender::Random,
];

/// One pairing of a tournament: `first` won `wins` of `games` against `second`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pairing {
    pub size: usize,
    pub first: Contender,
    pub second: Contender,
    pub wins: u64,
    pub games: u64,
}

impl Pairing {
    /// Plays the pairing ([`wins`]).
    pub fn play(size: usize, first: Contender, second: Contender, games: u64) -> Pairing {
        Pairing {
            size,
            first,
            second,
            wins: wins(first, second, size, games),
            games,
        }
    }

    /// `first`'s share of the games, 0 to 1.
    pub fn rate(&self) -> f64 {
        self.wins as f64 / self.games.max(1) as f64
    }
}

impl std::fmt::Display for Pairing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "| {0} x {0} | {1} | {2} | {3} of {4} ({5:.0}%) |",
            self.size,
            self.first,
            self.second,
            self.wins,
            self.games,
            self.rate() * 100.0
        )
    }
}

/// The pairings the computer's levels are held to, on one grid size: hard against every
/// other contender, medium against easy and the simple players, and easy against greedy
/// (which easy should lose to: a newcomer who plays greedily can win).
pub fn ladder(size: usize, hard_games: u64, other_games: u64) -> Vec<Pairing> {
    let [hard, medium, easy, ..] = CONTENDERS;
    let mut pairings: Vec<Pairing> = CONTENDERS[1..]
        .iter()
        .map(|&other| Pairing::play(size, hard, other, hard_games))
        .collect();
    pairings.extend(
        CONTENDERS[2..]
            .iter()
            .map(|&other| Pairing::play(size, medium, other, other_games)),
    );
    pairings.push(Pairing::play(size, easy, Contender::Greedy, other_games));
    pairings
}

/// The share of its games each pairing of [`ladder`] must reach, or for easy against
/// greedy, may reach at most.
pub fn ladder_bar(pairing: &Pairing) -> std::ops::RangeInclusive<f64> {
    match (pairing.first, pairing.second) {
        (Contender::Computer(Strength::Hard), _) => 0.75..=1.0,
        (Contender::Computer(Strength::Medium), _) => 0.6..=1.0,
        _ => 0.0..=0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conquest::rules::Winner;

    #[test]
    fn every_strength_claims_an_empty_cell_and_leaves_the_game_as_it_was() {
        let mut game = Conquest::new(4);
        game.claim(0, 0).unwrap();
        game.claim(1, 1).unwrap();
        let rows = game.rows();
        for strength in [Strength::Easy, Strength::Medium, Strength::Hard] {
            let p = choose(&mut game, strength, &mut Dice(1)).unwrap();
            assert_eq!(game.rows(), rows, "{strength:?} must undo its search");
            assert!(game.owner_at(p).is_none());
        }
    }

    #[test]
    fn medium_takes_a_free_island_rather_than_joining_its_own() {
        // X to move; claiming next to its own island joins it (no gain), a lone cell is +1.
        let mut game = Conquest::new(3);
        for (r, c) in [(0, 0), (2, 2)] {
            game.claim(r, c).unwrap();
        }
        let p = choose(&mut game, Strength::Medium, &mut Dice(3)).unwrap();
        let snap = game.snapshot();
        let before = game.islands(Player::X);
        game.claim_unchecked(p);
        assert_eq!(game.islands(Player::X), before + 1, "claimed {p:?}");
        game.rollback_to(snap);
    }

    #[test]
    fn out_of_time_the_hard_search_still_claims_its_one_ply_best() {
        let mut game = Conquest::new(9);
        game.claim(4, 4).unwrap();
        let asked = std::cell::Cell::new(0);
        let at_once = || {
            asked.set(asked.get() + 1);
            true
        };
        let p = choose_within(&mut game, Strength::Hard, &mut Dice(1), &at_once).unwrap();
        assert!(game.owner_at(p).is_none());
        assert_eq!(asked.get(), 1, "the clock stops it at its first look");
        // With time to spare it is the plain hard search.
        let unhurried = choose_within(&mut game, Strength::Hard, &mut Dice(1), &|| false);
        assert_eq!(unhurried, choose(&mut game, Strength::Hard, &mut Dice(1)));
    }

    #[test]
    fn a_full_grid_has_no_move() {
        let mut game = play_out(2, Strength::Easy, Strength::Easy, 5);
        assert!(game.is_over());
        assert_eq!(choose(&mut game, Strength::Hard, &mut Dice(0)), None);
    }

    #[test]
    fn extend_largest_claims_beside_its_largest_island() {
        // O holds a 1-cell island at 0,0 and a 2-cell island at 2,1-2,2; X's cells are apart.
        let mut game = Conquest::new(4);
        for (r, c) in [(0, 3), (0, 0), (3, 3), (2, 1), (3, 0), (2, 2), (0, 2)] {
            game.claim(r, c).unwrap();
        }
        assert_eq!(game.to_move(), Player::O);
        assert_eq!(game.island_size(Pos::new(2, 1)), 2);
        // The first empty cell beside the larger island in reading order is 1,1 (not 0,1,
        // which extends the smaller one).
        assert_eq!(extend_largest(&game), Some(Pos::new(1, 1)));
        // X's two cells were both captured: with no island it starts again nearest the
        // centre.
        let mut lost = Conquest::new(3);
        for (r, c) in [(0, 1), (0, 0), (1, 0), (2, 2)] {
            lost.claim(r, c).unwrap();
        }
        assert_eq!((lost.to_move(), lost.islands(Player::X)), (Player::X, 0));
        assert_eq!(extend_largest(&lost), Some(Pos::new(1, 1)));
    }

    #[test]
    fn extend_largest_opens_in_the_centre_and_stops_on_a_full_grid() {
        assert_eq!(extend_largest(&Conquest::new(5)), Some(Pos::new(2, 2)));
        assert_eq!(extend_largest(&Conquest::new(4)), Some(Pos::new(1, 1)));
        let full = play_out(3, Strength::Easy, Strength::Easy, 2);
        assert_eq!(extend_largest(&full), None);
    }

    #[test]
    fn easy_claims_empty_cells_and_sometimes_the_greediest() {
        // X to move: a lone cell adds an island, a cell beside X's own 0,0 adds none.
        let mut game = Conquest::new(3);
        game.claim(0, 0).unwrap();
        game.claim(2, 2).unwrap();
        let mut joined_own = 0;
        for seed in 0..60 {
            let p = choose(&mut game, Strength::Easy, &mut Dice(seed)).unwrap();
            assert!(game.owner_at(p).is_none());
            let gain = game.preview_claim(p).unwrap().islands(Player::X);
            if gain == game.islands(Player::X) {
                joined_own += 1;
            }
        }
        // Only the random half may join its own island (2 of 7 cells): about 9 in 60.
        assert!((1..=20).contains(&joined_own), "{joined_own} of 60");
    }

    /// Plays the ladder on one size, prints it as a table, and checks every bar.
    fn ladder_holds(size: usize, hard_games: u64, other_games: u64) {
        let pairings = ladder(size, hard_games, other_games);
        println!("| grid | first | second | first won |\n|---|---|---|---|");
        for pairing in &pairings {
            println!("{pairing}");
        }
        let missed: Vec<String> = pairings
            .iter()
            .filter(|p| !ladder_bar(p).contains(&p.rate()))
            .map(|p| format!("{p} (bar {:?})", ladder_bar(p)))
            .collect();
        assert!(missed.is_empty(), "bars missed:\n{}", missed.join("\n"));
    }

    // Hard's games are the slow ones: 8 a pairing, 4 moving first.
    #[test]
    fn the_ladder_holds_on_5_by_5() {
        ladder_holds(5, 8, 40);
    }

    #[test]
    fn the_ladder_holds_on_7_by_7() {
        ladder_holds(7, 8, 40);
    }

    #[test]
    fn the_ladder_holds_on_9_by_9() {
        ladder_holds(9, 8, 40);
    }

    /// The second player's sure win (module docs): capture the first player's lone cell,
    /// otherwise grow an own island; never a lone cell of one's own.
    fn second_player_sure_claim(game: &Conquest) -> Pos {
        let me = game.to_move();
        let mut grow = None;
        for p in game.empty() {
            let preview = game.preview_claim(p).unwrap();
            if preview.cells(me.other()) == 0 && preview.claimer_keeps_cell() {
                if preview.report.unions.iter().any(|u| u.capture().is_some()) {
                    return p;
                }
                if !preview.report.unions.is_empty() {
                    grow.get_or_insert(p);
                }
            }
        }
        grow.expect("an empty cell beside the second player's land")
    }

    #[test]
    fn the_second_player_can_always_win() {
        for size in 3..=7 {
            for (seed, first) in CONTENDERS.iter().enumerate() {
                let mut game = Conquest::new(size);
                let mut dice = Dice(seed as u64);
                while !game.is_over() {
                    let p = if game.to_move() == Player::X {
                        first.choose(&mut game, &mut dice).unwrap()
                    } else {
                        second_player_sure_claim(&game)
                    };
                    game.claim_unchecked(p);
                    if game.to_move() == Player::X {
                        assert_eq!(game.cells(Player::X), 0, "{first} on {size} x {size}");
                    }
                }
                assert_eq!(game.winner(), Winner::Player(Player::O), "{first}");
            }
        }
    }

    #[test]
    fn the_ladder_holds_extend_largest_and_medium_beat_easy() {
        let easy = Contender::Computer(Strength::Easy);
        let scripted = win_rate(Contender::ExtendLargest, easy, 9, 40);
        assert!(scripted > 0.6, "extend-largest won {scripted} against easy");
        let medium = win_rate(Contender::Computer(Strength::Medium), easy, 9, 40);
        assert!(medium >= 0.8, "medium won {medium} against easy");
    }

    #[test]
    fn medium_beats_easy_most_of_the_time() {
        let mut wins = 0;
        for seed in 0..20 {
            // Medium plays X in even games and O in odd ones.
            let (x, o, medium) = if seed % 2 == 0 {
                (Strength::Medium, Strength::Easy, Player::X)
            } else {
                (Strength::Easy, Strength::Medium, Player::O)
            };
            if play_out(5, x, o, seed).winner() == Winner::Player(medium) {
                wins += 1;
            }
        }
        assert!(wins >= 14, "medium won {wins} of 20");
    }
}
