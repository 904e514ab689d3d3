//! Hints, searched away from the game's thread: H starts a search on a copy of the board as a
//! background task (as the editor's Solve does), the HUD says it is thinking, and the answer
//! shows when it is ready. A move, undo, redo or restart makes the question stale: the
//! search is cancelled and its answer never shown.

use super::model::{ActiveSession, HintedMove, PlayPhase, PlayerAction, StatusLine, allowed_in};
use crate::game::screen::{FrameStep, Screen};
use crate::game::ui::text::describe;
use crate::rules::moves::Move;
use crate::rules::solver::SolveLimits;
use crate::session::{Hint, hint_for};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the HUD says while a hint is being searched.
pub const THINKING: &str = "Thinking about a hint…";

/// The search's limit: every campaign level's hint is found far below it.
const HINT_NODES: u64 = 3_000_000;

/// A hint being searched.
pub struct HintJob {
    task: Task<Hint>,
    cancel: Arc<AtomicBool>,
    /// The position asked about, as the moves that lead to it.
    asked_at: Vec<Move>,
}

impl Drop for HintJob {
    fn drop(&mut self) {
        // A search nobody waits for stops at its next progress check.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The hint being searched, if any.
#[derive(Resource, Default)]
pub struct HintSearch(pub Option<HintJob>);

impl HintSearch {
    pub fn is_running(&self) -> bool {
        self.0.is_some()
    }
}

pub struct HintPlugin;

impl Plugin for HintPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HintSearch>()
            .add_systems(
                Update,
                (drop_stale_hint, start_hint, show_finished_hint)
                    .chain()
                    .after(super::model::apply_actions)
                    .in_set(FrameStep::Apply)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(OnExit(Screen::Playing), |mut search: ResMut<HintSearch>| {
                search.0 = None;
            });
    }
}

fn start_hint(
    mut actions: MessageReader<PlayerAction>,
    phase: Res<State<PlayPhase>>,
    active: Option<Res<ActiveSession>>,
    mut search: ResMut<HintSearch>,
    mut status: ResMut<StatusLine>,
) {
    let Some(active) = active else {
        actions.clear();
        return;
    };
    let asked = actions
        .read()
        .any(|&a| a == PlayerAction::Hint && allowed_in(a, *phase.get()));
    if !asked {
        return;
    }
    let board = active.session.board().clone();
    let cancel = Arc::new(AtomicBool::new(false));
    let stop = cancel.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let limits = SolveLimits {
            max_nodes: HINT_NODES,
            count_solutions_up_to: 0,
        };
        hint_for(&board, limits, &mut |_, _| !stop.load(Ordering::Relaxed))
    });
    // A new question replaces an unanswered one (dropping it cancels it).
    search.0 = Some(HintJob {
        task,
        cancel,
        asked_at: active.session.moves().to_vec(),
    });
    *status = StatusLine {
        text: THINKING.into(),
        warning: false,
    };
}

/// The board moved on since the hint was asked for: stop the search, and stop saying so.
fn drop_stale_hint(
    active: Option<Res<ActiveSession>>,
    mut search: ResMut<HintSearch>,
    mut status: ResMut<StatusLine>,
) {
    let (Some(active), Some(job)) = (active, &search.0) else {
        return;
    };
    if job.asked_at.as_slice() == active.session.moves() {
        return;
    }
    search.0 = None;
    if status.text == THINKING {
        status.text.clear();
    }
}

fn show_finished_hint(
    mut search: ResMut<HintSearch>,
    mut status: ResMut<StatusLine>,
    mut hinted: ResMut<HintedMove>,
) {
    let Some(job) = search.0.as_mut() else { return };
    let Some(hint) = check_ready(&mut job.task) else {
        return;
    };
    search.0 = None;
    let (text, next) = hint_words(hint);
    *status = StatusLine {
        text,
        warning: next.is_none(),
    };
    hinted.0 = next;
}

/// What the HUD says for a hint, and the move to highlight.
pub fn hint_words(hint: Hint) -> (String, Option<Move>) {
    match hint {
        Hint::Next { next, moves_left } => (
            match moves_left.saturating_sub(1) {
                0 => format!("Hint: {} — and that wins.", describe(next)),
                1 => format!("Hint: {} — then 1 more move to win.", describe(next)),
                n => format!("Hint: {} — then {n} more moves to win.", describe(next)),
            },
            Some(next),
        ),
        Hint::CannotWin => (
            "This level can no longer be won from here: undo or restart.".into(),
            None,
        ),
        Hint::AlreadyWon => ("Already won!".into(), None),
        Hint::Unknown => (
            "No hint: this position is too open to solve quickly.".into(),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::Pos;

    #[test]
    fn a_hint_counts_the_moves_after_it_in_words() {
        let next = Move::Sand(Pos::new(0, 1));
        let said = |moves_left| hint_words(Hint::Next { next, moves_left }).0;
        assert_eq!(said(1), "Hint: sand at row 1, column 2 — and that wins.");
        assert_eq!(
            said(2),
            "Hint: sand at row 1, column 2 — then 1 more move to win."
        );
        assert_eq!(
            said(4),
            "Hint: sand at row 1, column 2 — then 3 more moves to win."
        );
    }
}
