//! Proving par in the editor: the problem check after each edit, the solver running in the
//! background (cancellable), and the optimal solution played out on the board.

use super::state::{Editing, Preview, ProblemCheck, SolveJob, Unproven};
use crate::game::ui::text::describe;
use crate::level_draft::{QUICK_CHECK_NODES, budget_words, problems_watched};
use crate::rules::moves::Move;
use crate::rules::solver::{Outcome, SolveLimits, SolveWatch, solve_anytime};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, futures::check_ready};
use std::sync::Arc;

/// The solver's limit in the editor: far beyond any shipped level's proof. Solve can be
/// stopped at any time, keeping the best solution found.
pub(super) const SOLVE_NODES: u64 = 50_000_000;

/// Seconds each move of a shown solution stays on screen.
pub(super) const PREVIEW_STEP: f32 = 0.7;

/// Re-checks the draft after each finished edit, in the background. It waits while Solve
/// runs (which shares the background thread), and a check of an older draft is stopped
/// and thrown away when a newer one starts.
pub(super) fn check_problems(mut editing: ResMut<Editing>) {
    if let Some(check) = editing.bypass_change_detection().checking.as_mut()
        && let Some(found) = check_ready(&mut check.task)
    {
        let check = editing.checking.take().expect("checked above");
        if !check.watch.is_cancelled() {
            editing.problems = found;
            editing.checked = Some(check.draft);
        }
    }
    let draft = editing.draft();
    if editing.anchor.is_some()
        || editing.solving.is_some()
        || editing.checked.as_ref() == Some(draft)
    {
        return;
    }
    match &editing.checking {
        Some(check) if check.draft == *draft => return,
        Some(stale) => stale.watch.cancel(),
        None => {}
    }
    let draft = draft.clone();
    let asked = draft.clone();
    let watch = Arc::new(SolveWatch::default());
    let stopper = watch.clone();
    let task = AsyncComputeTaskPool::get()
        .spawn(async move { problems_watched(&asked, QUICK_CHECK_NODES, &stopper) });
    editing.bypass_change_detection().checking = Some(ProblemCheck { task, watch, draft });
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
    // The check shares the background thread; Solve comes first, and the check runs again
    // after it.
    if let Some(check) = editing.checking.take() {
        check.watch.cancel();
    }
    let watch = Arc::new(SolveWatch::default());
    let searching = watch.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let limits = SolveLimits {
            max_nodes: SOLVE_NODES,
            count_solutions_up_to: 0,
        };
        solve_anytime(&board, limits, None, &searching)
    });
    editing.preview = None;
    editing.unproven = None;
    editing.message = "Solving… the best solution so far plays on the board.".into();
    editing.solving = Some(SolveJob {
        task,
        watch,
        shown_best: None,
        draft,
    });
}

/// Stops a search and forgets it (the draft is being left or replaced).
pub(super) fn cancel_solve(editing: &mut Editing) {
    if let Some(job) = editing.solving.take() {
        job.watch.cancel();
    }
}

/// Asks a search to stop; its best solution and bound arrive as a result, kept with the draft.
pub(super) fn stop_solve(editing: &mut Editing) {
    if let Some(job) = &editing.solving {
        job.watch.cancel();
        editing.message = "Stopping…".into();
    }
}

/// Follows the search: a better solution found is played on the board at once; the answer
/// fills in par, or keeps the best found and the bound when the search stopped first.
pub(super) fn run_solver(mut editing: ResMut<Editing>) {
    // Polling the task changes nothing on screen (the progress line reads the watch each
    // frame while it runs), so it does not mark the editor changed.
    if editing.solving.is_none() {
        return;
    }
    let current = editing.draft().clone();
    let Some(job) = editing.bypass_change_detection().solving.as_mut() else {
        return;
    };
    let Some(solution) = check_ready(&mut job.task) else {
        let progress = job.watch.progress();
        if let Some(best) = progress.best
            && job.shown_best != Some(best.len())
            && job.draft == current
        {
            job.shown_best = Some(best.len());
            let board = job.draft.to_board();
            show_solution(&mut editing, board.ok(), best);
        }
        return;
    };
    let job = editing.solving.take().expect("checked above");
    if job.draft != *editing.draft() {
        editing.message = "The level changed while solving: press Solve again.".into();
        return;
    }
    match solution.outcome {
        Outcome::Solved { moves } => {
            let par = moves.len() as u32;
            editing.edit(|e| e.edit(|d| d.par = Some(par)));
            editing.message = format!("Par is {par}. Watch one optimal solution.");
            show_solution(&mut editing, job.draft.to_board().ok(), moves);
        }
        Outcome::Unwinnable => {
            editing.preview = None;
            editing.message = format!(
                "It can't be won within the budget ({}).",
                budget_words(job.draft.budget)
            );
        }
        Outcome::GaveUp { proven_at_least } => {
            let best = solution.best.as_ref().map(Vec::len);
            editing.message = match best {
                Some(best) => format!(
                    "Stopped after {} positions: the best found is {best} moves, at least \
                     {proven_at_least} are needed. Save keeps it as a draft, par unproven.",
                    solution.nodes
                ),
                None if proven_at_least == 0 => "Stopped before a first answer.".into(),
                None => format!(
                    "Stopped after {} positions: at least {proven_at_least} moves are needed.",
                    solution.nodes
                ),
            };
            editing.unproven = Some(Unproven {
                best,
                at_least: proven_at_least,
            });
        }
    }
}

/// Starts playing `moves` from the draft's first position.
fn show_solution(
    editing: &mut Editing,
    board: Option<crate::rules::board::Board>,
    moves: Vec<Move>,
) {
    editing.preview = board.map(|board| Preview {
        board,
        moves,
        shown: 0,
        clock: 0.0,
    });
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
    editing.message = format!(
        "Solution, move {shown} of {total}: {}. Pale cells are the solver's, not your level.",
        describe(mv)
    );
}
