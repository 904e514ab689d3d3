//! The solver: proves par, the fewest moves that win from a position.
//!
//! Two engines share these types. `ConnectAll` goes to the Steiner engine ([`steiner`]
//! bounds and plans for up to 12 islands a scope, [`branch`] past that, searched by
//! `engine`); `Islands` and `Reach` go to the first engine,
//! [`legacy`], which also stays available as the reference the tests and benchmarks compare
//! against. Both are exact.
//!
//! Besides the blocking [`solve`], [`solve_anytime`] stops at a deadline or on request and
//! then returns the best solution found with a proven lower bound; a [`SolveWatch`] shared
//! with another thread shows both while the search runs, and cancels it.

pub mod branch;
mod engine;
pub mod legacy;
pub mod steiner;

use super::board::Board;
use super::goal::Goal;
use super::moves::Move;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub use legacy::{candidates, lower_bound};

/// Positions between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 14;

/// How much work the solver may do before it gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveLimits {
    /// Positions (move sets) examined, over all iterations.
    pub max_nodes: u64,
    /// Also count the optimal solutions (distinct move sets), up to this many.
    pub count_solutions_up_to: u64,
}

impl Default for SolveLimits {
    fn default() -> Self {
        SolveLimits {
            max_nodes: 20_000_000,
            count_solutions_up_to: 0,
        }
    }
}

/// How the `ConnectAll` engine finds its trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trees {
    /// Dreyfus-Wagner tables up to [`steiner::MAX_TERMINALS`] islands a scope, branch and
    /// bound ([`branch`]) past them.
    #[default]
    TablesAndBranching,
    /// Tables only, as the engine was before branch and bound: past the tables' limit a
    /// scope's bound leaves islands out. Kept for the scale comparison.
    TablesOnly,
    /// Branch and bound for every scope, however small: the tests hold it against the
    /// tables.
    BranchingOnly,
}

/// What the solver found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `moves` is one optimal solution; its length is par.
    Solved { moves: Vec<Move> },
    /// No set of moves within the budget wins from this position.
    Unwinnable,
    /// The search stopped first (node limit, deadline or cancel); `proven_at_least` moves
    /// are needed for sure.
    GaveUp { proven_at_least: u32 },
}

/// The result and the effort it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub outcome: Outcome,
    /// Positions examined.
    pub nodes: u64,
    /// Distinct optimal move sets, when counting was asked for (capped at the limit).
    pub optimal_solutions: u64,
    /// When the search gave up: the shortest winning move list it found, if any.
    pub best: Option<Vec<Move>>,
}

impl Solution {
    /// Par, when solved.
    pub fn par(&self) -> Option<u32> {
        match &self.outcome {
            Outcome::Solved { moves } => Some(moves.len() as u32),
            _ => None,
        }
    }
}

/// Proves par from `board`'s current position.
pub fn solve(board: &Board, limits: SolveLimits) -> Solution {
    solve_with_progress(board, limits, &mut |_, _| true)
}

/// Proves par and reports progress: `progress(bound, nodes)` is called at each new depth and
/// every few thousand positions. It returns whether to go on: `false` cancels the search,
/// which then ends as [`Outcome::GaveUp`] with what it had proven.
pub fn solve_with_progress(
    board: &Board,
    limits: SolveLimits,
    progress: &mut dyn FnMut(u32, u64) -> bool,
) -> Solution {
    let watch = SolveWatch::default();
    run(board, limits, None, &watch, Trees::default(), progress)
}

/// What a running search knows so far; see [`SolveWatch::progress`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The shortest winning move list found so far.
    pub best: Option<Vec<Move>>,
    /// Moves proven necessary.
    pub at_least: u32,
    /// True once `best` is proven optimal (or the position proven unwinnable).
    pub finished: bool,
    /// Positions examined.
    pub nodes: u64,
}

/// Shared between a search and whoever waits for it (an editor's background job): the
/// search posts its best solution and lower bound here, and stops when cancelled.
#[derive(Debug, Default)]
pub struct SolveWatch {
    cancelled: AtomicBool,
    progress: Mutex<Progress>,
}

impl SolveWatch {
    /// Asks the search to stop; it returns what it has within moments.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// A copy of what the search knows now.
    pub fn progress(&self) -> Progress {
        self.progress
            .lock()
            .map(|p| p.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        let mut guard = self
            .progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        change(&mut guard);
    }
}

/// Proves par, or stops at `deadline` (or when `watch` is cancelled) with the best
/// solution found and a proven lower bound: [`Outcome::GaveUp`] with [`Solution::best`].
pub fn solve_anytime(
    board: &Board,
    limits: SolveLimits,
    deadline: Option<Instant>,
    watch: &SolveWatch,
) -> Solution {
    run(
        board,
        limits,
        deadline,
        watch,
        Trees::default(),
        &mut |_, _| true,
    )
}

/// [`solve_anytime`] with the `ConnectAll` engine's trees found as `trees` says.
pub fn solve_anytime_with(
    board: &Board,
    limits: SolveLimits,
    deadline: Option<Instant>,
    watch: &SolveWatch,
    trees: Trees,
) -> Solution {
    run(board, limits, deadline, watch, trees, &mut |_, _| true)
}

fn run(
    board: &Board,
    limits: SolveLimits,
    deadline: Option<Instant>,
    watch: &SolveWatch,
    trees: Trees,
    progress: &mut dyn FnMut(u32, u64) -> bool,
) -> Solution {
    // A tree costs at most two moves a cell, which the tables' cap must hold.
    let trees_fit = board.width() * board.height() <= usize::from(steiner::MAX_CAP) / 2;
    let solution = if board.goal() == Goal::ConnectAll && trees_fit {
        engine::solve(board, limits, deadline, watch, trees, progress)
    } else {
        let mut go_on = |bound: u32, nodes: u64| {
            watch.update(|p| {
                p.at_least = p.at_least.max(bound);
                p.nodes = nodes;
            });
            !watch.is_cancelled()
                && deadline.is_none_or(|d| Instant::now() < d)
                && progress(bound, nodes)
        };
        legacy::solve_with_progress(board, limits, &mut go_on)
    };
    watch.update(|p| {
        p.nodes = solution.nodes;
        match &solution.outcome {
            Outcome::Solved { moves } => {
                p.at_least = moves.len() as u32;
                p.best = Some(moves.clone());
                p.finished = true;
            }
            Outcome::Unwinnable => {
                p.best = None;
                p.finished = true;
            }
            Outcome::GaveUp { proven_at_least } => {
                p.at_least = p.at_least.max(*proven_at_least);
                if solution.best.is_some() {
                    p.best = solution.best.clone();
                }
            }
        }
    });
    solution
}

#[cfg(test)]
mod tests;
