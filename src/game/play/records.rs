//! What a level adds to the player's records beyond stars: the time spent on it and the
//! fastest win, the daily puzzle's result, endless mode's furthest round and best total.

use super::daily::{self, DailyPuzzle, is_daily};
use super::endless::{EndlessRun, is_endless};
use super::model::{ActiveSession, BoardUpdate, PlayPhase, TestPlay, WinSummary, apply_actions};
use crate::game::calendar::today;
use crate::game::level_store::is_test_play;
use crate::game::progress::{Progress, SaveProgress};
use crate::game::screen::{FrameStep, Screen};
use crate::rules::board::Status;
use bevy::prelude::*;
use std::time::Duration;

/// The time of the last win, for the won panel.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinTime {
    pub time: Duration,
    /// The level's fastest win before this one (`None`: this is the first).
    pub best_before: Option<Duration>,
}

pub struct RecordsPlugin;

impl Plugin for RecordsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<WinTime>()
            .add_systems(
                Update,
                count_play_time
                    .run_if(in_state(PlayPhase::Playing))
                    .in_set(FrameStep::Apply),
            )
            .add_systems(
                Update,
                record_wins
                    .after(apply_actions)
                    .in_set(FrameStep::Apply)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(OnExit(Screen::Playing), add_time_on_leaving);
    }
}

/// The clock runs while the board is in play (not paused, not on the help or end panels).
fn count_play_time(time: Res<Time>, active: Option<ResMut<ActiveSession>>) {
    if let Some(mut active) = active {
        // Time passing is not a change to the game: nothing redraws or saves for it.
        active.bypass_change_detection().played += time.delta();
    }
}

/// A winning move: its time, and for the daily puzzle and endless mode their records.
fn record_wins(
    mut updates: MessageReader<BoardUpdate>,
    active: Option<ResMut<ActiveSession>>,
    summary: Res<WinSummary>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
    mut win_time: ResMut<WinTime>,
    (daily, run, test_play): (
        Option<Res<DailyPuzzle>>,
        Option<Res<EndlessRun>>,
        Option<Res<TestPlay>>,
    ),
) {
    let won = updates
        .read()
        .any(|u| matches!(u, BoardUpdate::Played(r) if r.status == Status::Won));
    let Some(mut active) = active.filter(|a| won && test_play.is_none() && !is_test_play(&a.key))
    else {
        return;
    };
    let active = active.bypass_change_detection();
    let uncounted = active.played.saturating_sub(active.counted);
    active.counted = active.played;
    let before = progress.record_time(
        &active.key,
        uncounted.as_millis() as u64,
        Some(active.played.as_millis() as u64),
    );
    *win_time = WinTime {
        time: active.played,
        best_before: (before > 0).then(|| Duration::from_millis(before)),
    };
    if is_daily(&active.key)
        && let Some(daily) = daily
        // A daily puzzle left from an earlier day may be finished, but only today's counts.
        && daily.day == today()
        && active.key.ends_with(&daily.date)
    {
        let result = daily::result_of(
            &active.session,
            summary.total,
            summary.join_points,
            summary.bonus,
            active.played,
        );
        progress.record_daily(&daily.date, result);
    }
    if is_endless(&active.key)
        && let Some(run) = run
    {
        progress.record_endless(run.round + 1, run.total.saturating_add(summary.total));
    }
    save.write(SaveProgress);
}

/// Leaving the playing screen adds the time not yet counted to the level's record.
fn add_time_on_leaving(
    active: Option<ResMut<ActiveSession>>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
    test_play: Option<Res<TestPlay>>,
) {
    let Some(mut active) = active.filter(|a| test_play.is_none() && !is_test_play(&a.key)) else {
        return;
    };
    let active = active.bypass_change_detection();
    let uncounted = active.played.saturating_sub(active.counted);
    if uncounted.is_zero() {
        return;
    }
    active.counted = active.played;
    progress.record_time(&active.key, uncounted.as_millis() as u64, None);
    save.write(SaveProgress);
}

/// A time as the won panel says it: "0:42", "12:05", "1:02:03".
pub fn clock_text(time: Duration) -> String {
    let s = time.as_secs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The won panel's time line: "Time 0:42, best 0:35", or a new best said as such.
pub fn time_line(win: &WinTime) -> String {
    let now = clock_text(win.time);
    match win.best_before {
        Some(best) if best <= win.time => format!("Time {now}, best {}", clock_text(best)),
        Some(_) => format!("Time {now}, a new best"),
        None => format!("Time {now}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_a_clock() {
        assert_eq!(clock_text(Duration::from_millis(42_900)), "0:42");
        assert_eq!(clock_text(Duration::from_secs(725)), "12:05");
        assert_eq!(clock_text(Duration::from_secs(3723)), "1:02:03");
        let secs = Duration::from_secs;
        let line = |t: u64, b: Option<u64>| {
            time_line(&WinTime {
                time: secs(t),
                best_before: b.map(secs),
            })
        };
        assert_eq!(line(42, Some(35)), "Time 0:42, best 0:35");
        assert_eq!(line(30, Some(35)), "Time 0:30, a new best");
        assert_eq!(line(42, None), "Time 0:42");
    }
}
