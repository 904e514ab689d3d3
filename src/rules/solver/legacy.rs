//! The first engine: iterative deepening A* over move sets with cheap bounds. It stays exact
//! on every goal and is the reference the Steiner engine is tested and measured against; the
//! `Islands` and `Reach` goals are still proven by it.
//!
//! Moves commute: the board a set of moves leaves does not depend on their order (islands
//! only ever merge, a bridge's cells are water until it is laid, and a tribe clash in the
//! set shows up whatever the order). So the search is over *sets* of moves: iterative
//! deepening A* whose transposition table holds each set once (keyed by an order-free hash
//! of its moves), with an admissible lower bound on the moves still needed.
//!
//! Sound pruning of the candidate moves: for `ConnectAll` and `Reach` goals some optimal set
//! can always be played so that each sand cell touches land when it is placed, or lies at the
//! far end of a straight run of water from land (the pivot of a bridge), with one exception
//! for `Reach`: the very first sand may seed a brand-new island anywhere. `Islands(k)` may
//! need lone islands, so every shallow cell stays a candidate there.

use super::{Outcome, PROGRESS_EVERY, Solution, SolveLimits};
use crate::rules::board::{Board, Status};
use crate::rules::cell::{Cell, Pos, Tribe};
use crate::rules::goal::Goal;
use crate::rules::moves::Move;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

pub(super) const DIRECTIONS: [(isize, isize); 4] = [(0, 1), (1, 0), (0, -1), (-1, 0)];

/// Proves par from `board`'s current position with the first engine.
pub fn solve(board: &Board, limits: SolveLimits) -> Solution {
    Search::new(board.clone(), limits).run()
}

/// [`solve`] with progress reports; see [`super::solve_with_progress`].
pub fn solve_with_progress(
    board: &Board,
    limits: SolveLimits,
    progress: &mut dyn FnMut(u32, u64) -> bool,
) -> Solution {
    let mut search = Search::new(board.clone(), limits);
    search.progress = Some(progress);
    search.run()
}

struct Search<'p> {
    board: Board,
    limits: SolveLimits,
    nodes: u64,
    seen: HashSet<u128>,
    path: Vec<Move>,
    next_bound: u32,
    found: Option<Vec<Move>>,
    count: u64,
    counting: bool,
    progress: Option<&'p mut dyn FnMut(u32, u64) -> bool>,
}

enum Step {
    Continue,
    Stop,
}

impl<'p> Search<'p> {
    fn new(board: Board, limits: SolveLimits) -> Self {
        Search {
            board,
            limits,
            nodes: 0,
            seen: HashSet::new(),
            path: Vec::new(),
            next_bound: u32::MAX,
            found: None,
            count: 0,
            counting: false,
            progress: None,
        }
    }

    fn run(mut self) -> Solution {
        match self.board.status() {
            Status::Won => {
                return self.finish(Outcome::Solved { moves: Vec::new() }, 1);
            }
            Status::Lost => return self.finish(Outcome::Unwinnable, 0),
            Status::Playing => {}
        }
        let Some(mut bound) = lower_bound(&self.board) else {
            return self.finish(Outcome::Unwinnable, 0);
        };
        loop {
            if let Some(report) = self.progress.as_mut()
                && !report(bound, self.nodes)
            {
                return self.finish(
                    Outcome::GaveUp {
                        proven_at_least: bound,
                    },
                    0,
                );
            }
            self.seen.clear();
            self.next_bound = u32::MAX;
            self.counting = false;
            if let Step::Stop = self.dfs(bound)
                && self.found.is_none()
            {
                return self.finish(
                    Outcome::GaveUp {
                        proven_at_least: bound,
                    },
                    0,
                );
            }
            if let Some(moves) = self.found.clone() {
                let count = if self.limits.count_solutions_up_to > 0 {
                    self.count_solutions(bound)
                } else {
                    0
                };
                return self.finish(Outcome::Solved { moves }, count);
            }
            if self.next_bound == u32::MAX {
                return self.finish(Outcome::Unwinnable, 0);
            }
            bound = self.next_bound;
        }
    }

    fn finish(self, outcome: Outcome, optimal_solutions: u64) -> Solution {
        Solution {
            outcome,
            nodes: self.nodes,
            optimal_solutions,
            best: None,
        }
    }

    /// Enumerates every winning set of exactly `bound` moves (once each).
    fn count_solutions(&mut self, bound: u32) -> u64 {
        self.seen.clear();
        self.count = 0;
        self.counting = true;
        self.path.clear();
        let _ = self.dfs(bound);
        self.count
    }

    fn dfs(&mut self, bound: u32) -> Step {
        self.dfs_from(bound, 0)
    }

    fn dfs_from(&mut self, bound: u32, key: u128) -> Step {
        let depth = self.path.len() as u32;
        for mv in candidates(&mut self.board, depth == 0) {
            self.nodes += 1;
            if self.nodes > self.limits.max_nodes {
                return Step::Stop;
            }
            // Often enough for a cancel button to feel instant, rarely enough to cost nothing.
            if self.nodes.is_multiple_of(PROGRESS_EVERY)
                && let Some(report) = self.progress.as_mut()
                && !report(bound, self.nodes)
            {
                self.limits.max_nodes = self.nodes;
                return Step::Stop;
            }
            let child = key ^ move_key(mv);
            if self.seen.contains(&child) {
                continue;
            }
            let snapshot = self.board.snapshot();
            if self.board.apply(mv).is_err() {
                self.board.rollback_to(snapshot);
                continue;
            }
            self.seen.insert(child);
            self.path.push(mv);
            let step = match self.board.status() {
                Status::Won => {
                    if self.counting {
                        self.count += 1;
                        if self.count >= self.limits.count_solutions_up_to {
                            Step::Stop
                        } else {
                            Step::Continue
                        }
                    } else {
                        self.found = Some(self.path.clone());
                        Step::Stop
                    }
                }
                Status::Lost => Step::Continue,
                Status::Playing => match lower_bound(&self.board) {
                    None => Step::Continue,
                    Some(h) if depth + 1 + h > bound => {
                        self.next_bound = self.next_bound.min(depth + 1 + h);
                        Step::Continue
                    }
                    Some(_) => self.dfs_from(bound, child),
                },
            };
            self.path.pop();
            self.board.rollback_to(snapshot);
            if let Step::Stop = step {
                return Step::Stop;
            }
        }
        Step::Continue
    }
}

/// An order-free key for a move: the key of a set is the XOR of its moves' keys.
pub(super) fn move_key(mv: Move) -> u128 {
    let code = match mv.normalized() {
        Move::Sand(p) => (p.row as u64) << 16 | p.col as u64,
        Move::Bridge(a, b) => {
            1 << 63
                | (a.row as u64) << 48
                | (a.col as u64) << 32
                | (b.row as u64) << 16
                | b.col as u64
        }
    };
    (u128::from(splitmix(code)) << 64) | u128::from(splitmix(code ^ 0x9e37_79b9_7f4a_7c15))
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The moves worth trying from this position, those that join most first.
pub fn candidates(board: &mut Board, first_move: bool) -> Vec<Move> {
    let (w, h) = (board.width(), board.height());
    let goal = board.goal();
    let sand_ok = board.sand_left() != Some(0);
    let bridges_ok = board.bridges_left() != Some(0);
    let any_sand =
        matches!(goal, Goal::Islands(_)) || (first_move && matches!(goal, Goal::Reach(_)));
    let cells = board.cells().to_vec();
    let land = |i: usize| cells[i].is_land();
    let mut sand = vec![false; cells.len()];
    let mut bridges = Vec::new();
    for i in 0..cells.len() {
        let p = board.pos(i);
        if sand_ok && cells[i] == Cell::Shallow {
            let touches_land = board.neighbours(p).any(|q| land(q.row * w + q.col));
            if any_sand || touches_land {
                sand[i] = true;
            }
        }
        if !land(i) {
            continue;
        }
        // Straight runs of water from this land cell: bridges to land, pivots on shallow.
        for (dr, dc) in DIRECTIONS {
            let mut q = p;
            let mut run = 0;
            while let (Some(row), Some(col)) =
                (q.row.checked_add_signed(dr), q.col.checked_add_signed(dc))
            {
                if row >= h || col >= w {
                    break;
                }
                q = Pos::new(row, col);
                let j = row * w + col;
                let cell = cells[j];
                if cell.is_land() {
                    // Each bridge once: from its upper or left end.
                    if bridges_ok && run > 0 && (dr, dc) > (0, 0) {
                        bridges.push(Move::Bridge(p, q));
                    }
                    break;
                }
                if !cell.is_open_water() {
                    break;
                }
                if run > 0 && bridges_ok && sand_ok && cell == Cell::Shallow {
                    sand[j] = true;
                }
                run += 1;
            }
        }
    }
    let mut scored: Vec<(usize, Move)> = Vec::new();
    for (i, &wanted) in sand.iter().enumerate() {
        if wanted {
            let p = board.pos(i);
            let mut roots: Vec<Pos> = board
                .neighbours(p)
                .filter_map(|q| board.island_root(q))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            scored.push((roots.len(), Move::Sand(p)));
        }
    }
    for b in bridges {
        if let Move::Bridge(a, c) = b
            && board.island_root(a) != board.island_root(c)
        {
            scored.push((2, b));
        }
    }
    // Most joins first; ties in board order, so the search is deterministic.
    scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    scored.into_iter().map(|(_, m)| m).collect()
}

/// A lower bound on the moves still needed to win, or `None` when no win is possible.
pub fn lower_bound(board: &Board) -> Option<u32> {
    if board.goal_holds() {
        return Some(0);
    }
    let islands = board.island_count() as u32;
    let bound = match board.goal() {
        Goal::ConnectAll => {
            // One move joins at most four islands into one.
            let by_count = (board.joins_missing() as u32).div_ceil(3);
            by_count.max(distance_bound(board)?)
        }
        Goal::Islands(k) if islands > k => (islands - k).div_ceil(3),
        // A move adds at most one island.
        Goal::Islands(k) => k - islands,
        Goal::Reach(_) => 1,
    };
    let left = |b: Option<u32>| b.map_or(u64::MAX, u64::from);
    if u64::from(bound) > left(board.sand_left()).saturating_add(left(board.bridges_left())) {
        return None;
    }
    Some(bound.max(1))
}

/// For `ConnectAll`: every island still to join must reach another island of its tribe (any
/// island, without tribes). The cheapest such path costs one move per shallow cell filled and
/// one per bridge; the largest of these minima is a lower bound. `None` when some island can
/// reach no partner at all.
fn distance_bound(board: &Board) -> Option<u32> {
    let (w, h) = (board.width(), board.height());
    let n = w * h;
    let cells = board.cells();
    let tribes = board.has_tribes();
    let root_of: Vec<Option<usize>> = (0..n)
        .map(|i| board.island_root(board.pos(i)).map(|p| p.row * w + p.col))
        .collect();
    let tribe_of = |root: usize| board.island_tribe(board.pos(root));
    let mut tribe_islands = [0u32; Tribe::COUNT];
    for i in (0..n).filter(|&i| root_of[i] == Some(i)) {
        if let Some(t) = tribe_of(i) {
            tribe_islands[t.index()] += 1;
        }
    }
    let needy = (0..n).filter(|&i| {
        root_of[i] == Some(i)
            && (!tribes || tribe_of(i).is_some_and(|t| tribe_islands[t.index()] > 1))
    });
    let bridges_ok = board.bridges_left() != Some(0);
    let step = |i: usize, (dr, dc): (isize, isize)| -> Option<usize> {
        let row = (i / w).checked_add_signed(dr)?;
        let col = (i % w).checked_add_signed(dc)?;
        (row < h && col < w).then_some(row * w + col)
    };
    let mut best = 0;
    let mut dist = vec![u32::MAX; n];
    let mut heap = BinaryHeap::new();
    for root in needy {
        let tribe = tribe_of(root);
        // What entering cell j costs on this island's way: land of its own or a neutral
        // island is free, shallow water one sand; deep water, rock, bridges and another
        // tribe's land cannot be part of the path.
        let enter = |j: usize| -> Option<u32> {
            match (cells[j], root_of[j]) {
                (Cell::Shallow, _) => Some(1),
                (Cell::Land(_), Some(r)) => {
                    let other = tribe_of(r);
                    (!tribes || other.is_none() || other == tribe).then_some(0)
                }
                _ => None,
            }
        };
        dist.fill(u32::MAX);
        heap.clear();
        for i in (0..n).filter(|&i| root_of[i] == Some(root)) {
            dist[i] = 0;
            heap.push(Reverse((0, i)));
        }
        let mut reach = None;
        while let Some(Reverse((d, i))) = heap.pop() {
            if d > dist[i] {
                continue;
            }
            if let Some(r) = root_of[i].filter(|&r| r != root)
                && (!tribes || tribe_of(r) == tribe)
            {
                reach = Some(d);
                break;
            }
            let mut relax = |j: usize, base: u32, heap: &mut BinaryHeap<Reverse<(u32, usize)>>| {
                if let Some(cost) = enter(j)
                    && base + cost < dist[j]
                {
                    dist[j] = base + cost;
                    heap.push(Reverse((base + cost, j)));
                }
            };
            for dir in DIRECTIONS {
                let Some(mut j) = step(i, dir) else { continue };
                relax(j, d, &mut heap);
                // A bridge from here (land, or shallow water that sand would make land)
                // along a straight run of water, for one move.
                if !bridges_ok {
                    continue;
                }
                while cells[j].is_open_water() {
                    let Some(next) = step(j, dir) else { break };
                    j = next;
                    if cells[j].is_land() || cells[j] == Cell::Shallow {
                        relax(j, d + 1, &mut heap);
                    }
                }
            }
        }
        best = best.max(reach?);
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::goal::Budget;
    use crate::rules::level::Level;
    use crate::rules::test_boards::board;

    const SAND_ONLY: Budget = Budget {
        sand: None,
        bridges: Some(0),
    };

    fn par(b: &Board) -> Option<u32> {
        solve(b, SolveLimits::default()).par()
    }

    /// Replays a solution and checks it wins in exactly its length.
    fn assert_wins(b: &Board, moves: &[Move]) {
        let mut b = b.clone();
        for &m in moves {
            b.apply(m).unwrap();
        }
        assert_eq!(b.status(), Status::Won);
    }

    #[test]
    fn the_rule_book_example_has_par_three() {
        let text = include_str!("../../../levels/chapter1/01-first-crossing.level.ron");
        let level = Level::from_ron_bytes(text.as_bytes()).unwrap();
        let b = level.board().unwrap();
        let solution = solve(&b, SolveLimits::default());
        let Outcome::Solved { moves } = &solution.outcome else {
            panic!("{solution:?}")
        };
        assert_wins(&b, moves);
        assert_eq!(moves.len() as u32, level.par);
    }

    #[test]
    fn a_straight_gap_costs_one_sand_per_cell() {
        let b = board(&["#...#"], Goal::ConnectAll, SAND_ONLY);
        assert_eq!(par(&b), Some(3));
        let b = board(&["#...#"], Goal::ConnectAll, Budget::default());
        assert_eq!(par(&b), Some(1), "one bridge spans it");
    }

    #[test]
    fn one_sand_joining_four_islands_beats_four_moves() {
        let b = board(&["^#^", "#.#", "^#^"], Goal::ConnectAll, Budget::default());
        let s = solve(&b, SolveLimits::default());
        assert_eq!(
            s.outcome,
            Outcome::Solved {
                moves: vec![Move::Sand(Pos::new(1, 1))]
            }
        );
    }

    #[test]
    fn a_bridge_crosses_deep_water_that_sand_cannot() {
        let open = Budget {
            sand: None,
            bridges: Some(1),
        };
        let b = board(&["#~~~#"], Goal::ConnectAll, open);
        assert_eq!(par(&b), Some(1));
        let no_bridges = Budget {
            sand: None,
            bridges: Some(0),
        };
        let b = board(&["#~~~#"], Goal::ConnectAll, no_bridges);
        assert_eq!(
            solve(&b, SolveLimits::default()).outcome,
            Outcome::Unwinnable
        );
    }

    #[test]
    fn a_bridge_can_turn_a_corner_on_a_sand_pivot() {
        // Deep water everywhere but the corner: bridge, pivot sand, bridge.
        let b = board(
            &["#~~.", "~~~~", "~~~~", "~~~#"],
            Goal::ConnectAll,
            Budget {
                sand: None,
                bridges: None,
            },
        );
        let s = solve(&b, SolveLimits::default());
        assert_eq!(s.par(), Some(3), "{s:?}");
    }

    #[test]
    fn the_budget_limits_par() {
        let rows = ["#...#", "~~~~~", "#...#"];
        let free = board(&rows, Goal::ConnectAll, Budget::default());
        assert_eq!(par(&free), Some(3), "three bridges");
        let two = board(
            &rows,
            Goal::ConnectAll,
            Budget {
                sand: None,
                bridges: Some(2),
            },
        );
        assert_eq!(par(&two), Some(5), "two bridges and a row of sand");
        let one = board(
            &rows,
            Goal::ConnectAll,
            Budget {
                sand: Some(6),
                bridges: Some(1),
            },
        );
        assert_eq!(par(&one), Some(7));
        let too_tight = board(
            &rows,
            Goal::ConnectAll,
            Budget {
                sand: Some(5),
                bridges: Some(1),
            },
        );
        assert_eq!(
            solve(&too_tight, SolveLimits::default()).outcome,
            Outcome::Unwinnable
        );
    }

    #[test]
    fn tribes_must_go_around_each_other() {
        // The direct way joins tribe a with tribe b, so a must go around.
        let b = board(&["a.b.a", ".^^^.", "....."], Goal::ConnectAll, SAND_ONLY);
        let s = solve(&b, SolveLimits::default());
        let Outcome::Solved { moves } = &s.outcome else {
            panic!("{s:?}")
        };
        assert_wins(&b, moves);
        assert_eq!(moves.len(), 7);
        // With bridges: four sands and one bridge along the bottom row.
        let b = board(
            &["a.b.a", ".^^^.", "....."],
            Goal::ConnectAll,
            Budget::default(),
        );
        assert_eq!(par(&b), Some(5));
    }

    #[test]
    fn islands_goal_may_need_a_lone_new_island() {
        let b = board(&["#.....#"], Goal::Islands(3), Budget::default());
        assert_eq!(par(&b), Some(1));
        let b = board(&["#.#.#"], Goal::Islands(1), Budget::default());
        assert_eq!(par(&b), Some(2));
    }

    #[test]
    fn reach_may_start_a_new_island_in_open_water() {
        let b = board(&["#^...", "^^..."], Goal::Reach(3), Budget::default());
        assert_eq!(par(&b), Some(3));
    }

    #[test]
    fn optimal_solutions_are_counted_as_sets() {
        // Two gaps of one cell each: one set of two sands, whatever the order.
        let b = board(&["#.#.#"], Goal::ConnectAll, SAND_ONLY);
        let limits = SolveLimits {
            count_solutions_up_to: 100,
            ..SolveLimits::default()
        };
        assert_eq!(solve(&b, limits).optimal_solutions, 1);
        // With bridges each gap has two ways: sand or a bridge.
        let b = board(&["#.#.#"], Goal::ConnectAll, Budget::default());
        assert_eq!(solve(&b, limits).optimal_solutions, 4);
        // Around a rock: the top way or the bottom way.
        let b = board(
            &["...", "#^#", "..."],
            Goal::ConnectAll,
            Budget {
                sand: None,
                bridges: Some(0),
            },
        );
        let s = solve(&b, limits);
        assert_eq!((s.par(), s.optimal_solutions), (Some(3), 2));
    }

    #[test]
    fn the_node_limit_gives_up_honestly() {
        let b = board(&["#.........#"], Goal::ConnectAll, SAND_ONLY);
        let s = solve(
            &b,
            SolveLimits {
                max_nodes: 5,
                ..SolveLimits::default()
            },
        );
        assert!(matches!(s.outcome, Outcome::GaveUp { .. }), "{s:?}");
    }
}
