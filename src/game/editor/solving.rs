//! Proving par in the editor: the problem check after each edit, the solver running in the
//! background (cancellable), and the optimal solution played out on the board.

use super::state::{Editing, Preview, SolveJob};
use crate::game::ui::text::describe;
use crate::level_draft::{QUICK_CHECK_NODES, budget_words, problems};
use crate::rules::solver::{Outcome, SolveLimits, solve_with_progress};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, futures::check_ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// The solver's limit in the editor: far beyond any shipped level's proof.
pub(super) const SOLVE_NODES: u64 = 50_000_000;

/// Seconds each move of a shown solution stays on screen.
pub(super) const PREVIEW_STEP: f32 = 0.7;

/// Re-checks the draft after each finished edit.
pub(super) fn check_problems(mut editing: ResMut<Editing>) {
    if editing.anchor.is_some() || editing.checked.as_ref() == Some(editing.draft()) {
        return;
    }
    let draft = editing.draft().clone();
    editing.problems = problems(&draft, QUICK_CHECK_NODES);
    editing.checked = Some(draft);
}

pub(super) fn start_solve(editing: &mut Editing) {
    let draft = editing.draft().clone();
    let board = match draft.to_board() {
        Ok(board) => board,
        Err(e) => {
            editing.message = format!("Can't solve: {e}.");
            return;
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let nodes = Arc::new(AtomicU64::new(0));
    let bound = Arc::new(AtomicU32::new(0));
    let (c, n, b) = (cancel.clone(), nodes.clone(), bound.clone());
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let limits = SolveLimits {
            max_nodes: SOLVE_NODES,
            count_solutions_up_to: 0,
        };
        let mut progress = |depth: u32, seen: u64| {
            b.store(depth, Ordering::Relaxed);
            n.store(seen, Ordering::Relaxed);
            !c.load(Ordering::Relaxed)
        };
        solve_with_progress(&board, limits, &mut progress).outcome
    });
    editing.preview = None;
    editing.message = "Solving…".into();
    editing.solving = Some(SolveJob {
        task,
        cancel,
        nodes,
        bound,
        draft,
    });
}

pub(super) fn cancel_solve(editing: &mut Editing) {
    if let Some(job) = editing.solving.take() {
        job.cancel.store(true, Ordering::Relaxed);
    }
}

/// Collects the solver's answer: par is filled in and the solution starts playing.
pub(super) fn run_solver(mut editing: ResMut<Editing>) {
    // Polling the task changes nothing on screen (the progress line reads the job's
    // counters each frame while it runs), so it does not mark the editor changed.
    let Some(job) = editing.bypass_change_detection().solving.as_mut() else {
        return;
    };
    let Some(outcome) = check_ready(&mut job.task) else {
        return;
    };
    let job = editing.solving.take().expect("checked above");
    if job.draft != *editing.draft() {
        editing.message = "The level changed while solving: press Solve again.".into();
        return;
    }
    match outcome {
        Outcome::Solved { moves } => {
            let par = moves.len() as u32;
            editing.edit(|e| e.edit(|d| d.par = Some(par)));
            editing.message = format!("Par is {par}. Watch one optimal solution.");
            if let Ok(board) = job.draft.to_board() {
                editing.preview = Some(Preview {
                    board,
                    moves,
                    shown: 0,
                    clock: 0.0,
                });
            }
        }
        Outcome::Unwinnable => {
            editing.message = format!(
                "It can't be won within the budget ({}).",
                budget_words(job.draft.budget)
            );
        }
        Outcome::GaveUp { proven_at_least } => {
            editing.message = format!(
                "Stopped after {} positions: par is at least {proven_at_least}.",
                job.nodes.load(Ordering::Relaxed)
            );
        }
    }
}

pub(super) fn play_preview(time: Res<Time>, mut editing: ResMut<Editing>) {
    // The clock ticking is not a change to draw; the next move shown is.
    let Some(preview) = editing.bypass_change_detection().preview.as_mut() else {
        return;
    };
    if preview.shown >= preview.moves.len() {
        return;
    }
    preview.clock += time.delta_secs();
    if preview.clock < PREVIEW_STEP {
        return;
    }
    // Through `DerefMut` this time: the board on screen changes.
    let preview = editing.preview.as_mut().expect("checked above");
    preview.clock = 0.0;
    let mv = preview.moves[preview.shown];
    let _ = preview.board.apply(mv);
    preview.shown += 1;
    let (shown, total) = (preview.shown, preview.moves.len());
    editing.message = format!("Solution, move {shown} of {total}: {}.", describe(mv));
}
