//! The computer opponent for Island Conquest, at three strengths:
//! - easy: a random empty cell;
//! - medium: the claim with the best immediate result by [`evaluate`];
//! - hard: alpha-beta search (negamax) over the rules core's own claims and rollbacks, with
//!   iterative deepening under a node budget; deeper plies look at the most promising
//!   claims only (by the medium evaluation).

use super::rules::{Conquest, Player};
use crate::rules::cell::Pos;

/// How strong the computer plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    Easy,
    Medium,
    Hard,
}

/// The position from `player`'s side: islands decide the game, so each island ahead is worth
/// more than any number of cells; cells ahead break ties.
pub fn evaluate(game: &Conquest, player: Player) -> i64 {
    let other = player.other();
    let islands = game.islands(player) as i64 - game.islands(other) as i64;
    let cells = game.cells(player) as i64 - game.cells(other) as i64;
    if game.is_over() {
        return islands.signum() * WIN + islands;
    }
    islands * 1000 + cells
}

const WIN: i64 = 1 << 40;

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
    let empty: Vec<Pos> = game.empty().collect();
    if empty.is_empty() {
        return None;
    }
    Some(match strength {
        Strength::Easy => empty[dice.below(empty.len())],
        Strength::Medium => {
            let ranked = ranked_claims(game, &empty);
            let best = ranked[0].1;
            let ties: Vec<Pos> = ranked
                .iter()
                .take_while(|(_, v)| *v == best)
                .map(|(p, _)| *p)
                .collect();
            ties[dice.below(ties.len())]
        }
        Strength::Hard => search(game, &empty),
    })
}

/// Each claim with its immediate value for the mover, best first (reading order on ties).
fn ranked_claims(game: &mut Conquest, empty: &[Pos]) -> Vec<(Pos, i64)> {
    let me = game.to_move();
    let mut ranked: Vec<(Pos, i64)> = empty
        .iter()
        .map(|&p| {
            let snap = game.snapshot();
            game.claim_unchecked(p);
            let value = evaluate(game, me);
            game.rollback_to(snap);
            (p, value)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// Positions the hard search may examine per move: about 0.2 s on a 20 x 20 grid in a
/// release build here.
pub const HARD_NODE_BUDGET: u64 = 60_000;
/// Claims examined below the root, best by the medium evaluation.
const BEAM: usize = 10;

struct Searcher {
    nodes: u64,
    out_of_budget: bool,
}

fn search(game: &mut Conquest, empty: &[Pos]) -> Pos {
    let root_moves = ranked_claims(game, empty);
    let mut best = root_moves[0].0;
    let mut searcher = Searcher {
        nodes: 0,
        out_of_budget: false,
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

impl Searcher {
    /// The value of the position for the player to move, searched `depth` plies deep.
    fn negamax(&mut self, game: &mut Conquest, depth: u32, mut alpha: i64, beta: i64) -> i64 {
        self.nodes += 1;
        if self.nodes > HARD_NODE_BUDGET {
            self.out_of_budget = true;
            return 0;
        }
        let me = game.to_move();
        if depth == 0 || game.is_over() {
            return evaluate(game, me);
        }
        let empty: Vec<Pos> = game.empty().collect();
        let ranked = ranked_claims(game, &empty);
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
    let mut game = Conquest::new(size);
    let mut dice = Dice(seed);
    while !game.is_over() {
        let strength = if game.to_move() == Player::X { x } else { o };
        let p = choose(&mut game, strength, &mut dice).expect("an empty cell");
        game.claim_unchecked(p);
    }
    game
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
    fn a_full_grid_has_no_move() {
        let mut game = play_out(2, Strength::Easy, Strength::Easy, 5);
        assert!(game.is_over());
        assert_eq!(choose(&mut game, Strength::Hard, &mut Dice(0)), None);
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
