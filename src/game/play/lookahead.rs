//! A look ahead at the position in play, searched away from the game's thread after every
//! move, undo, redo or restart: can the level still be won within its budget, and what is
//! the next move of an optimal solution? The early warning and the coach marks read the
//! answer; the search runs only while one of them wants it. A new position makes an open
//! search stale: it is cancelled and its answer never shown.

use super::model::{ActiveSession, apply_actions, start_session};
use crate::game::level_store::Campaign;
use crate::game::platform;
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::rules::board::Status;
use crate::rules::moves::Move;
use crate::rules::solver::SolveLimits;
use crate::session::{Hint, hint_for};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The search's limit. A position this cannot settle is "don't know", and nothing is said.
/// On the desktop the search has a thread of its own; in the browser a background task
/// shares the page's one thread and holds up the frame it runs in, so it stops far sooner
/// there (the campaign's hardest level is solved from its start in about 8,000 positions).
pub const LOOKAHEAD_NODES: u64 = if platform::IS_BROWSER {
    40_000
} else {
    400_000
};

/// A search of one position.
struct LookJob {
    task: Task<Hint>,
    cancel: Arc<AtomicBool>,
    /// The position searched, as the moves that lead to it.
    asked_at: Vec<Move>,
}

impl Drop for LookJob {
    fn drop(&mut self) {
        // A search nobody waits for stops at its next progress check.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The look ahead's answer for the position it was asked about, and the search under way.
#[derive(Resource, Default)]
pub struct Lookahead {
    job: Option<LookJob>,
    verdict: Option<(Vec<Move>, Hint)>,
}

impl Lookahead {
    /// What is known of the position reached by `moves` (`None`: not searched, still
    /// searching, or another position).
    pub fn about(&self, moves: &[Move]) -> Option<&Hint> {
        self.verdict
            .as_ref()
            .filter(|(at, _)| at.as_slice() == moves)
            .map(|(_, hint)| hint)
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }
}

/// Whether the level in play is one of the campaign's first chapter, the one that teaches
/// (its levels show coach marks).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FirstSteps(pub bool);

/// Whether `key` names a level of the campaign's first chapter.
pub fn is_first_steps(campaign: &Campaign, key: &str) -> bool {
    campaign
        .in_order()
        .any(|(chapter, level)| chapter == 0 && level.key == key)
}

pub struct LookaheadPlugin;

impl Plugin for LookaheadPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Lookahead>()
            .init_resource::<FirstSteps>()
            .add_systems(
                OnEnter(Screen::Playing),
                know_first_steps.after(start_session),
            )
            .add_systems(
                Update,
                look_ahead
                    .after(apply_actions)
                    .in_set(FrameStep::Apply)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(OnExit(Screen::Playing), |mut look: ResMut<Lookahead>| {
                *look = Lookahead::default();
            });
    }
}

fn know_first_steps(
    active: Option<Res<ActiveSession>>,
    campaign: Res<Campaign>,
    mut first: ResMut<FirstSteps>,
) {
    let coached = active.is_some_and(|a| is_first_steps(&campaign, &a.key));
    first.set_if_neq(FirstSteps(coached));
}

/// Starts a search when the position is new and someone wants the answer; collects the
/// answer when it is ready.
fn look_ahead(
    active: Option<Res<ActiveSession>>,
    settings: Res<Settings>,
    first: Res<FirstSteps>,
    mut look: ResMut<Lookahead>,
) {
    let Some(active) = active else { return };
    let position = active.session.moves();
    let asked = look
        .job
        .as_ref()
        .is_some_and(|job| job.asked_at.as_slice() == position);
    if asked {
        let look = &mut *look;
        if let Some(job) = look.job.as_mut()
            && let Some(hint) = check_ready(&mut job.task)
        {
            look.verdict = Some((job.asked_at.clone(), hint));
            look.job = None;
        }
        return;
    }
    if look.about(position).is_some() {
        return;
    }
    // A new position: whatever was being searched is stale (dropping it cancels it).
    look.job = None;
    let wanted = settings.warn_unwinnable || first.0;
    if !wanted || active.session.board().status() != Status::Playing {
        return;
    }
    let board = active.session.board().clone();
    let cancel = Arc::new(AtomicBool::new(false));
    let stop = cancel.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let limits = SolveLimits {
            max_nodes: LOOKAHEAD_NODES,
            count_solutions_up_to: 0,
        };
        hint_for(&board, limits, &mut |_, _| !stop.load(Ordering::Relaxed))
    });
    look.job = Some(LookJob {
        task,
        cancel,
        asked_at: position.to_vec(),
    });
}
