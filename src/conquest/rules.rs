//! Island Conquest, the two-player game Merge Islands grew from (RULES.md section 3).
//!
//! Players claim empty cells in turn. The claimed cell is a one-cell island of the mover; its
//! neighbours are then visited right, down, left, up, and each claimed neighbour on another
//! island is united with the new cell's island: same owners keep their owner, otherwise the
//! island with more cells (measured just before that union) captures the other, and on equal
//! sizes the island holding the new cell wins.

use crate::rules::cell::Pos;
use crate::union_find::{Snapshot, UnionFind};
use std::fmt;

/// The capture rule in plain words, for the setup screen: how islands meet, who wins a tie,
/// and what that means for a lone cell.
pub const CAPTURE_RULE: &str = "Claim an empty cell to make it yours; it joins every island \
it touches. When islands of two players join, the larger captures the smaller, and on equal \
sizes the player who claimed wins. So a lone cell beside an enemy cell is lost to the next \
claim beside it: grow from your own islands instead.";

/// How the game ends and who wins, for the setup screen's rules card beside
/// [`CAPTURE_RULE`].
pub const WIN_RULE: &str = "X claims first, then the players take turns until every cell \
is claimed. A full grid is one single island, and whoever owns it wins: islands counted \
along the way do not decide, the last capture does.";

/// The rules card: the capture rule, then how the game ends.
pub fn rules_card() -> [&'static str; 2] {
    [CAPTURE_RULE, WIN_RULE]
}

/// The two players; X moves first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Player {
    X,
    O,
}

impl Player {
    pub fn other(self) -> Player {
        match self {
            Player::X => Player::O,
            Player::O => Player::X,
        }
    }

    pub fn index(self) -> usize {
        match self {
            Player::X => 0,
            Player::O => 1,
        }
    }

    pub fn symbol(self) -> char {
        match self {
            Player::X => 'X',
            Player::O => 'O',
        }
    }
}

impl fmt::Display for Player {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.symbol())
    }
}

/// One union a claim made, in neighbour order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestUnion {
    /// The neighbour whose island was joined.
    pub neighbour: Pos,
    /// Owner and size of the new cell's island (A) and of the neighbour's (B), just before.
    pub a_owner: Player,
    pub a_size: usize,
    pub b_owner: Player,
    pub b_size: usize,
    /// Owner of the united island.
    pub owner: Player,
}

impl ConquestUnion {
    /// The capture this union made, if the owners differed: (captor, captor's island size,
    /// captured owner, captured island size).
    pub fn capture(&self) -> Option<(Player, usize, Player, usize)> {
        if self.a_owner == self.b_owner {
            return None;
        }
        Some(if self.owner == self.a_owner {
            (self.a_owner, self.a_size, self.b_owner, self.b_size)
        } else {
            (self.b_owner, self.b_size, self.a_owner, self.a_size)
        })
    }
}

/// What a claim did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimReport {
    pub player: Player,
    pub cell: Pos,
    pub unions: Vec<ConquestUnion>,
    /// Owner and size of the island holding the claimed cell afterwards.
    pub owner: Player,
    pub island_size: usize,
}

impl ClaimReport {
    /// Lines such as "X captures O's island, 5 vs 3", one per capture.
    pub fn capture_lines(&self) -> Vec<String> {
        self.unions
            .iter()
            .filter_map(ConquestUnion::capture)
            .map(|(captor, mine, captured, theirs)| {
                format!("{captor} captures {captured}'s island, {mine} vs {theirs}")
            })
            .collect()
    }
}

/// What claiming a cell would do, worked out without changing the game
/// ([`Conquest::preview_claim`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPreview {
    /// Exactly what [`Conquest::claim`] would report: every island met, in rule order, with
    /// both owners and sizes just before that union and who kept it; the final owner and size.
    pub report: ClaimReport,
    /// Islands each player would own afterwards, indexed by [`Player::index`].
    pub islands_after: [usize; 2],
    /// Cells each player would own afterwards, indexed by [`Player::index`].
    pub cells_after: [usize; 2],
    /// [`Conquest::island_size_squares`] of each player afterwards, indexed by
    /// [`Player::index`].
    pub squares_after: [u64; 2],
}

impl ClaimPreview {
    /// Islands `p` would own after the claim.
    pub fn islands(&self, p: Player) -> usize {
        self.islands_after[p.index()]
    }

    /// Cells `p` would own after the claim.
    pub fn cells(&self, p: Player) -> usize {
        self.cells_after[p.index()]
    }

    /// Whether the claimed cell would end up on one of the claimer's islands (false: the
    /// other player captures it at once).
    pub fn claimer_keeps_cell(&self) -> bool {
        self.report.owner == self.report.player
    }

    /// One line for the HUD, seen by the claimer ("your" is the player to move, "their" the
    /// other): "claim here: your 1 captures their 1, making your island of 2; islands after:
    /// you 1, them 0". Several unions are joined by ", then ", in rule order.
    pub fn summary(&self) -> String {
        let me = self.report.player;
        let whose = |p: Player| if p == me { "your" } else { "their" };
        let mut line = String::from("claim here: ");
        if self.report.unions.is_empty() {
            line.push_str("a new island of 1");
        } else {
            let steps: Vec<String> = self
                .report
                .unions
                .iter()
                .map(|u| match u.capture() {
                    None => format!(
                        "{} {} joins {} {}",
                        whose(u.a_owner),
                        u.a_size,
                        whose(u.b_owner),
                        u.b_size
                    ),
                    Some((captor, mine, captured, theirs)) => format!(
                        "{} {mine} captures {} {theirs}",
                        whose(captor),
                        whose(captured)
                    ),
                })
                .collect();
            line.push_str(&steps.join(", then "));
            line.push_str(&format!(
                ", making {} island of {}",
                whose(self.report.owner),
                self.report.island_size
            ));
        }
        line.push_str(&format!(
            "; islands after: you {}, them {}",
            self.islands(me),
            self.islands(me.other())
        ));
        line
    }
}

/// Why a claim was refused (the same player moves again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRejection {
    Outside { row: i64, col: i64 },
    Taken(Pos),
    GameOver,
}

impl fmt::Display for ClaimRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimRejection::Outside { row, col } => write!(f, "{row} {col} is outside the grid"),
            ClaimRejection::Taken(p) => write!(f, "{} {} is already taken", p.row, p.col),
            ClaimRejection::GameOver => write!(f, "the grid is full"),
        }
    }
}

impl std::error::Error for ClaimRejection {}

/// The result at the end (or the lead so far).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Winner {
    Player(Player),
    Tie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tally {
    islands: [usize; 2],
    cells: [usize; 2],
    /// Sum of the squares of each player's island sizes: how much of a player's land is
    /// gathered in large islands.
    squares: [u64; 2],
    to_move: Player,
    claimed: usize,
}

impl Tally {
    /// Counts a union of island A (the new cell's) with island B that leaves it with `owner`.
    fn unite(&mut self, a: (Player, usize), b: (Player, usize), owner: Player) {
        let ((a_owner, a_size), (b_owner, b_size)) = (a, b);
        self.islands[a_owner.index()] -= 1;
        self.islands[b_owner.index()] -= 1;
        self.islands[owner.index()] += 1;
        self.cells[a_owner.index()] -= a_size;
        self.cells[b_owner.index()] -= b_size;
        self.cells[owner.index()] += a_size + b_size;
        let square = |s: usize| (s as u64) * (s as u64);
        self.squares[a_owner.index()] -= square(a_size);
        self.squares[b_owner.index()] -= square(b_size);
        self.squares[owner.index()] += square(a_size + b_size);
    }

    /// Counts a newly claimed one-cell island of the player to move, and passes the turn.
    fn claim_cell(&mut self) -> Player {
        let me = self.to_move;
        self.claimed += 1;
        self.islands[me.index()] += 1;
        self.cells[me.index()] += 1;
        self.squares[me.index()] += 1;
        self.to_move = me.other();
        me
    }
}

/// Who keeps a union of island A (holding the new cell) with island B, sizes just before it:
/// the same owner keeps it; otherwise the larger, and A on equal sizes.
fn union_owner(a_owner: Player, a_size: usize, b_owner: Player, b_size: usize) -> Player {
    if a_owner == b_owner || a_size >= b_size {
        a_owner
    } else {
        b_owner
    }
}

/// An undo point for search; see [`Conquest::snapshot`]. Consumed when rolled back.
#[derive(Debug)]
#[must_use]
pub struct ConquestSnapshot {
    islands: Snapshot,
    log_len: usize,
    tally: Tally,
}

/// An Island Conquest game on an n x n grid.
#[derive(Debug, Clone)]
pub struct Conquest {
    size: usize,
    /// Owner of each claimed cell's island, kept at the union-find root.
    owner: Vec<Option<Player>>,
    islands: UnionFind,
    tally: Tally,
    /// (index, old owner) for every owner write while a snapshot is open.
    log: Vec<(u32, Option<Player>)>,
    open_snapshots: usize,
}

impl Conquest {
    pub const MIN_SIZE: usize = 2;
    pub const MAX_SIZE: usize = 1024;

    pub fn new(size: usize) -> Conquest {
        assert!(
            (Self::MIN_SIZE..=Self::MAX_SIZE).contains(&size),
            "grid size {size} is outside 2..=1024"
        );
        Conquest {
            size,
            owner: vec![None; size * size],
            islands: UnionFind::new(size * size),
            tally: Tally {
                islands: [0; 2],
                cells: [0; 2],
                squares: [0; 2],
                to_move: Player::X,
                claimed: 0,
            },
            log: Vec::new(),
            open_snapshots: 0,
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn to_move(&self) -> Player {
        self.tally.to_move
    }

    pub fn is_over(&self) -> bool {
        self.tally.claimed == self.size * self.size
    }

    /// Empty cells left.
    pub fn empty_cells(&self) -> usize {
        self.size * self.size - self.tally.claimed
    }

    pub fn islands(&self, p: Player) -> usize {
        self.tally.islands[p.index()]
    }

    pub fn cells(&self, p: Player) -> usize {
        self.tally.cells[p.index()]
    }

    /// The sum of the squares of `p`'s island sizes: with the same cells, larger when they
    /// are gathered in fewer, larger islands.
    pub fn island_size_squares(&self, p: Player) -> u64 {
        self.tally.squares[p.index()]
    }

    /// Who owns the cell (its island's owner), `None` when empty or outside.
    pub fn owner_at(&self, pos: Pos) -> Option<Player> {
        if pos.row >= self.size || pos.col >= self.size {
            return None;
        }
        let i = pos.row * self.size + pos.col;
        self.owner[i]?;
        self.owner[self.islands.find_const(i)]
    }

    /// The root cell of the island holding `pos`, if claimed.
    pub fn island_root(&self, pos: Pos) -> Option<Pos> {
        self.owner_at(pos)?;
        let r = self.islands.find_const(pos.row * self.size + pos.col);
        Some(Pos::new(r / self.size, r % self.size))
    }

    /// Size of the island holding `pos` (0 when empty).
    pub fn island_size(&self, pos: Pos) -> usize {
        self.island_root(pos)
            .map_or(0, |r| self.islands.root_size(r.row * self.size + r.col))
    }

    /// Winner by islands owned (the lead, before the grid is full).
    pub fn winner(&self) -> Winner {
        let [x, o] = self.tally.islands;
        match x.cmp(&o) {
            std::cmp::Ordering::Greater => Winner::Player(Player::X),
            std::cmp::Ordering::Less => Winner::Player(Player::O),
            std::cmp::Ordering::Equal => Winner::Tie,
        }
    }

    /// Checks a claim without making it.
    pub fn check(&self, row: i64, col: i64) -> Result<Pos, ClaimRejection> {
        if self.is_over() {
            return Err(ClaimRejection::GameOver);
        }
        let n = self.size as i64;
        if !(0..n).contains(&row) || !(0..n).contains(&col) {
            return Err(ClaimRejection::Outside { row, col });
        }
        let pos = Pos::new(row as usize, col as usize);
        if self.owner[pos.row * self.size + pos.col].is_some() {
            return Err(ClaimRejection::Taken(pos));
        }
        Ok(pos)
    }

    /// The mover claims (row, col). A rejected claim changes nothing; the same player moves.
    pub fn claim(&mut self, row: i64, col: i64) -> Result<ClaimReport, ClaimRejection> {
        let pos = self.check(row, col)?;
        Ok(self.claim_unchecked(pos))
    }

    /// Claims an empty cell known to be on the grid (the computer's search uses this).
    pub fn claim_unchecked(&mut self, pos: Pos) -> ClaimReport {
        let n = self.size;
        let cell = pos.row * n + pos.col;
        debug_assert!(self.owner[cell].is_none());
        let me = self.tally.to_move;
        self.set_owner(cell, Some(me));
        self.tally.claim_cell();
        let mut unions = Vec::new();
        for next in self.neighbours(pos).into_iter().flatten() {
            if self.owner[next].is_none() {
                continue;
            }
            let a = self.islands.find(cell);
            let b = self.islands.find(next);
            if a == b {
                continue;
            }
            let (Some(a_owner), Some(b_owner)) = (self.owner[a], self.owner[b]) else {
                continue;
            };
            let (a_size, b_size) = (self.islands.root_size(a), self.islands.root_size(b));
            let owner = union_owner(a_owner, a_size, b_owner, b_size);
            self.islands.union(a, b);
            let root = self.islands.find(a);
            self.set_owner(root, Some(owner));
            self.tally
                .unite((a_owner, a_size), (b_owner, b_size), owner);
            unions.push(ConquestUnion {
                neighbour: Pos::new(next / n, next % n),
                a_owner,
                a_size,
                b_owner,
                b_size,
                owner,
            });
        }
        let root = self.islands.find(cell);
        ClaimReport {
            player: me,
            cell: pos,
            unions,
            owner: self.owner[root].unwrap_or(me),
            island_size: self.islands.root_size(root),
        }
    }

    /// What claiming `pos` would do for the player to move, without changing the game: the
    /// same report [`Conquest::claim`] would give and the islands and cells each player would
    /// own afterwards. A claim that would be refused gives the same refusal.
    pub fn preview_claim(&self, pos: Pos) -> Result<ClaimPreview, ClaimRejection> {
        let row = i64::try_from(pos.row).unwrap_or(i64::MAX);
        let col = i64::try_from(pos.col).unwrap_or(i64::MAX);
        let pos = self.check(row, col)?;
        let n = self.size;
        let mut tally = self.tally;
        let me = tally.claim_cell();
        // Island A grows by whole islands; the roots it has taken in so far (at most four).
        let mut taken_in: Vec<usize> = Vec::with_capacity(4);
        let (mut a_owner, mut a_size) = (me, 1);
        let mut unions = Vec::new();
        for next in self.neighbours(pos).into_iter().flatten() {
            if self.owner[next].is_none() {
                continue;
            }
            let b = self.islands.find_const(next);
            if taken_in.contains(&b) {
                continue;
            }
            let Some(b_owner) = self.owner[b] else {
                continue;
            };
            let b_size = self.islands.root_size(b);
            let owner = union_owner(a_owner, a_size, b_owner, b_size);
            tally.unite((a_owner, a_size), (b_owner, b_size), owner);
            unions.push(ConquestUnion {
                neighbour: Pos::new(next / n, next % n),
                a_owner,
                a_size,
                b_owner,
                b_size,
                owner,
            });
            taken_in.push(b);
            a_owner = owner;
            a_size += b_size;
        }
        Ok(ClaimPreview {
            report: ClaimReport {
                player: me,
                cell: pos,
                unions,
                owner: a_owner,
                island_size: a_size,
            },
            islands_after: tally.islands,
            cells_after: tally.cells,
            squares_after: tally.squares,
        })
    }

    /// The cells beside `pos` in the rules' order, right, down, left, up (`None` off the grid).
    fn neighbours(&self, pos: Pos) -> [Option<usize>; 4] {
        let n = self.size;
        let cell = pos.row * n + pos.col;
        [
            (pos.col + 1 < n).then(|| cell + 1),
            (pos.row + 1 < n).then(|| cell + n),
            (pos.col > 0).then(|| cell - 1),
            (pos.row > 0).then(|| cell - n),
        ]
    }

    /// Opens an undo point.
    pub fn snapshot(&mut self) -> ConquestSnapshot {
        self.open_snapshots += 1;
        ConquestSnapshot {
            islands: self.islands.snapshot(),
            log_len: self.log.len(),
            tally: self.tally,
        }
    }

    /// Returns the game to `snapshot` exactly.
    pub fn rollback_to(&mut self, snapshot: ConquestSnapshot) {
        for (i, old) in self.log.drain(snapshot.log_len..).rev() {
            self.owner[i as usize] = old;
        }
        self.islands.rollback_to(snapshot.islands);
        self.tally = snapshot.tally;
        self.open_snapshots -= 1;
    }

    fn set_owner(&mut self, i: usize, owner: Option<Player>) {
        if self.open_snapshots > 0 {
            self.log.push((i as u32, self.owner[i]));
        }
        self.owner[i] = owner;
    }

    /// Empty cells in reading order.
    pub fn empty(&self) -> impl Iterator<Item = Pos> + '_ {
        (0..self.size * self.size)
            .filter(|&i| self.owner[i].is_none())
            .map(|i| Pos::new(i / self.size, i % self.size))
    }

    /// The grid as rows of `X`, `O` and `.`.
    pub fn rows(&self) -> Vec<String> {
        (0..self.size)
            .map(|r| {
                (0..self.size)
                    .map(|c| self.owner_at(Pos::new(r, c)).map_or('.', Player::symbol))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plays claims given as (row, col), panicking on a rejection.
    fn play(size: usize, claims: &[(i64, i64)]) -> (Conquest, Vec<ClaimReport>) {
        let mut g = Conquest::new(size);
        let reports = claims
            .iter()
            .map(|&(r, c)| g.claim(r, c).unwrap())
            .collect();
        (g, reports)
    }

    #[test]
    fn x_moves_first_and_players_alternate() {
        let (g, r) = play(3, &[(0, 0), (2, 2), (1, 1)]);
        assert_eq!(
            r.iter().map(|r| r.player).collect::<Vec<_>>(),
            [Player::X, Player::O, Player::X]
        );
        assert_eq!(g.to_move(), Player::O);
        assert_eq!((g.islands(Player::X), g.islands(Player::O)), (2, 1));
    }

    #[test]
    fn a_rejected_claim_lets_the_same_player_move_again() {
        let mut g = Conquest::new(2);
        g.claim(0, 0).unwrap();
        assert_eq!(g.claim(0, 0), Err(ClaimRejection::Taken(Pos::new(0, 0))));
        assert_eq!(
            g.claim(2, 0),
            Err(ClaimRejection::Outside { row: 2, col: 0 })
        );
        assert_eq!(
            g.claim(-1, 0),
            Err(ClaimRejection::Outside { row: -1, col: 0 })
        );
        assert_eq!(g.to_move(), Player::O);
        assert_eq!(g.claim(1, 1).unwrap().player, Player::O);
    }

    #[test]
    fn same_owner_islands_unite_and_keep_their_owner() {
        let (g, r) = play(3, &[(0, 0), (2, 2), (0, 2), (2, 0), (0, 1)]);
        assert_eq!(r[4].unions.len(), 2);
        assert!(r[4].unions.iter().all(|u| u.capture().is_none()));
        assert_eq!(g.islands(Player::X), 1);
        assert_eq!(g.island_size(Pos::new(0, 1)), 3);
    }

    #[test]
    fn the_larger_island_captures_the_smaller() {
        // O builds a 2-cell island; X's new cell next to it is captured.
        let (g, r) = play(3, &[(2, 2), (0, 0), (2, 0), (0, 1), (1, 1)]);
        let u = r[4].unions[0];
        assert_eq!(
            u.neighbour,
            Pos::new(0, 1),
            "up is the only claimed neighbour"
        );
        assert_eq!(
            (u.a_owner, u.a_size, u.b_owner, u.b_size),
            (Player::X, 1, Player::O, 2)
        );
        assert_eq!(u.owner, Player::O);
        assert_eq!(r[4].capture_lines(), vec!["O captures X's island, 2 vs 1"]);
        assert_eq!(g.owner_at(Pos::new(1, 1)), Some(Player::O));
        assert_eq!((g.islands(Player::X), g.islands(Player::O)), (2, 1));
        assert_eq!((g.cells(Player::X), g.cells(Player::O)), (2, 3));
    }

    #[test]
    fn on_equal_sizes_the_island_holding_the_new_cell_wins() {
        let (g, r) = play(2, &[(0, 0), (0, 1)]);
        // O's new cell (size 1) meets X's (size 1) on its left: O wins the tie.
        let u = r[1].unions[0];
        assert_eq!(
            (u.a_owner, u.b_owner, u.owner),
            (Player::O, Player::X, Player::O)
        );
        assert_eq!(g.owner_at(Pos::new(0, 0)), Some(Player::O));
        assert_eq!(r[1].capture_lines(), vec!["O captures X's island, 1 vs 1"]);
    }

    #[test]
    fn after_a_capture_the_next_union_compares_sizes_for_the_new_owner() {
        // X claims 1,1 between O's 2-cell island to the right and X's 1-cell island to the left.
        //   row 1: X(1,0)  new(1,1)  O(1,2) O(1,3)
        // Right first: A = {new, X, 1} vs B = O's island (2): O captures A (now O's, 3 cells).
        // Then left: A (O, 3) vs X's island at 1,0 (1): O captures that too.
        let (g, r) = play(4, &[(1, 0), (1, 2), (3, 3), (1, 3), (1, 1)]);
        let report = &r[4];
        assert_eq!(report.player, Player::X);
        assert_eq!(report.unions.len(), 2);
        let first = report.unions[0];
        assert_eq!(first.neighbour, Pos::new(1, 2));
        assert_eq!(
            (first.a_owner, first.a_size, first.b_owner, first.b_size),
            (Player::X, 1, Player::O, 2)
        );
        assert_eq!(first.owner, Player::O);
        let second = report.unions[1];
        assert_eq!(second.neighbour, Pos::new(1, 0));
        assert_eq!(
            (second.a_owner, second.a_size, second.b_owner, second.b_size),
            (Player::O, 3, Player::X, 1),
            "A already belongs to O when the left neighbour is visited"
        );
        assert_eq!(second.owner, Player::O);
        assert_eq!(
            report.capture_lines(),
            vec![
                "O captures X's island, 2 vs 1",
                "O captures X's island, 3 vs 1"
            ]
        );
        assert_eq!(g.rows()[1], "OOOO");
        assert_eq!((g.islands(Player::X), g.islands(Player::O)), (1, 1));
    }

    #[test]
    fn a_union_needs_a_different_island_so_one_island_is_joined_once() {
        // X's cells at 0,1 and 1,0 are one island via 0,0; claiming 1,1 meets it twice.
        let (_, r) = play(4, &[(0, 0), (3, 3), (0, 1), (3, 2), (1, 0), (3, 1), (1, 1)]);
        assert_eq!(r[6].unions.len(), 1, "{:?}", r[6].unions);
    }

    #[test]
    fn the_game_ends_when_the_grid_is_full_and_islands_decide() {
        let (g, _) = play(2, &[(0, 0), (1, 1), (0, 1), (1, 0)]);
        assert!(g.is_over());
        assert_eq!(g.claim_unchecked_safe(), Err(ClaimRejection::GameOver));
        assert_eq!(g.islands(Player::X) + g.islands(Player::O), 1);
    }

    #[test]
    fn rollback_restores_the_exact_game() {
        let (mut g, _) = play(4, &[(1, 0), (1, 2), (3, 3)]);
        let rows = g.rows();
        let counts = (
            g.islands(Player::X),
            g.islands(Player::O),
            g.cells(Player::X),
        );
        let snap = g.snapshot();
        g.claim(1, 3).unwrap();
        g.claim(1, 1).unwrap();
        g.rollback_to(snap);
        assert_eq!(g.rows(), rows);
        assert_eq!(
            (
                g.islands(Player::X),
                g.islands(Player::O),
                g.cells(Player::X)
            ),
            counts
        );
        assert_eq!(g.to_move(), Player::O);
    }

    /// Counts and grid, to compare a game before and after.
    fn state(g: &Conquest) -> (Vec<String>, [usize; 4], Player) {
        let counts = [
            g.islands(Player::X),
            g.islands(Player::O),
            g.cells(Player::X),
            g.cells(Player::O),
        ];
        (g.rows(), counts, g.to_move())
    }

    #[test]
    fn a_preview_agrees_with_the_claim_on_random_positions() {
        use crate::conquest::ai::Dice;
        let mut dice = Dice(11);
        let mut checked = 0;
        let mut captures = 0;
        for _ in 0..150 {
            let size = 2 + dice.below(9);
            let mut g = Conquest::new(size);
            let fill = dice.below(size * size);
            for _ in 0..fill {
                let empty: Vec<Pos> = g.empty().collect();
                g.claim_unchecked(empty[dice.below(empty.len())]);
            }
            let before = state(&g);
            for p in g.empty().collect::<Vec<_>>() {
                let preview = g.preview_claim(p).unwrap();
                assert_eq!(state(&g), before, "a preview changes nothing");
                let mut played = g.clone();
                let report = played.claim(p.row as i64, p.col as i64).unwrap();
                assert_eq!(preview.report, report, "{p:?} on\n{}", g.rows().join("\n"));
                for who in [Player::X, Player::O] {
                    assert_eq!(preview.islands(who), played.islands(who));
                    assert_eq!(preview.cells(who), played.cells(who));
                    assert_eq!(
                        preview.squares_after[who.index()],
                        played.island_size_squares(who)
                    );
                }
                assert_eq!(
                    preview.claimer_keeps_cell(),
                    played.owner_at(p) == Some(report.player)
                );
                checked += 1;
                captures += report.capture_lines().len();
            }
        }
        assert!(
            checked > 2000 && captures > 500,
            "{checked} claims, {captures} captures"
        );
    }

    #[test]
    fn a_preview_refuses_what_the_claim_refuses() {
        let (g, _) = play(3, &[(0, 0)]);
        assert_eq!(
            g.preview_claim(Pos::new(0, 0)),
            Err(ClaimRejection::Taken(Pos::new(0, 0)))
        );
        assert_eq!(
            g.preview_claim(Pos::new(3, 1)),
            Err(ClaimRejection::Outside { row: 3, col: 1 })
        );
        assert!(matches!(
            g.preview_claim(Pos::new(usize::MAX, 0)),
            Err(ClaimRejection::Outside { .. })
        ));
        let (full, _) = play(2, &[(0, 0), (1, 1), (0, 1), (1, 0)]);
        assert_eq!(
            full.preview_claim(Pos::new(0, 0)),
            Err(ClaimRejection::GameOver)
        );
    }

    #[test]
    fn a_preview_summary_tells_the_claimer_what_happens() {
        // X at 0,0; O to move.
        let (g, _) = play(3, &[(0, 0)]);
        assert_eq!(
            g.preview_claim(Pos::new(2, 2)).unwrap().summary(),
            "claim here: a new island of 1; islands after: you 1, them 1"
        );
        // O beside X's lone cell wins the tie.
        let tie = g.preview_claim(Pos::new(0, 1)).unwrap();
        assert!(tie.claimer_keeps_cell());
        assert_eq!(
            tie.summary(),
            "claim here: your 1 captures their 1, making your island of 2; \
             islands after: you 1, them 0"
        );
        // O has two cells in a row; X beside them is captured at once.
        let (g, _) = play(3, &[(2, 2), (0, 0), (2, 0), (0, 1)]);
        let lost = g.preview_claim(Pos::new(1, 1)).unwrap();
        assert!(!lost.claimer_keeps_cell());
        assert_eq!(
            lost.summary(),
            "claim here: their 2 captures your 1, making their island of 3; \
             islands after: you 2, them 1"
        );
        // X joins its two cells.
        let (g, _) = play(3, &[(2, 0), (0, 0), (2, 2), (0, 2)]);
        assert_eq!(
            g.preview_claim(Pos::new(2, 1)).unwrap().summary(),
            "claim here: your 1 joins your 1, then your 2 joins your 1, making your island \
             of 3; islands after: you 1, them 2"
        );
        // The same with O's cell above: the joined island then captures it.
        let (g, _) = play(3, &[(2, 0), (0, 0), (2, 2), (1, 1)]);
        assert_eq!(
            g.preview_claim(Pos::new(2, 1)).unwrap().summary(),
            "claim here: your 1 joins your 1, then your 2 joins your 1, then your 3 captures \
             their 1, making your island of 4; islands after: you 1, them 1"
        );
    }

    #[test]
    fn the_capture_rule_is_short_and_names_the_tie() {
        let sentences = CAPTURE_RULE.matches(". ").count() + 1;
        assert!(sentences <= 3, "{sentences} sentences: {CAPTURE_RULE}");
        assert!(CAPTURE_RULE.ends_with('.'));
        assert!(CAPTURE_RULE.contains("equal sizes the player who claimed wins"));
        assert!(
            !CAPTURE_RULE.contains("  "),
            "no doubled spaces from line breaks"
        );
    }

    #[test]
    fn a_full_grid_is_one_island_and_its_owner_wins_as_the_rules_card_says() {
        use crate::conquest::ai::Dice;
        let mut dice = Dice(5);
        for size in 2..=9 {
            for _ in 0..20 {
                let mut g = Conquest::new(size);
                while !g.is_over() {
                    let empty: Vec<Pos> = g.empty().collect();
                    g.claim_unchecked(empty[dice.below(empty.len())]);
                }
                assert_eq!(g.islands(Player::X) + g.islands(Player::O), 1);
                let owner = g.owner_at(Pos::new(0, 0)).unwrap();
                assert_eq!(g.cells(owner), size * size);
                assert_eq!(g.winner(), Winner::Player(owner), "never a tie");
            }
        }
        assert_eq!(rules_card(), [CAPTURE_RULE, WIN_RULE]);
        assert!(WIN_RULE.contains("every cell"));
        assert!(WIN_RULE.contains("whoever owns it wins"));
        assert!(
            !WIN_RULE.contains("  "),
            "no doubled spaces from line breaks"
        );
    }

    #[test]
    fn squares_of_island_sizes_match_the_islands_on_the_grid() {
        use crate::conquest::ai::Dice;
        let mut dice = Dice(9);
        for size in 2..=8 {
            let mut g = Conquest::new(size);
            while !g.is_over() {
                let empty: Vec<Pos> = g.empty().collect();
                g.claim_unchecked(empty[dice.below(empty.len())]);
                for who in [Player::X, Player::O] {
                    let mut roots: Vec<Pos> = (0..size * size)
                        .map(|i| Pos::new(i / size, i % size))
                        .filter(|&p| g.owner_at(p) == Some(who))
                        .filter_map(|p| g.island_root(p))
                        .collect();
                    roots.sort();
                    roots.dedup();
                    let squares: u64 = roots
                        .iter()
                        .map(|&r| (g.island_size(r) as u64).pow(2))
                        .sum();
                    assert_eq!(g.island_size_squares(who), squares);
                }
            }
        }
    }

    impl Conquest {
        fn claim_unchecked_safe(&self) -> Result<Pos, ClaimRejection> {
            self.check(0, 0)
        }
    }
}
