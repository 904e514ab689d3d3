//! The page's `?measure=endless`: generates rounds of endless mode in the browser's build,
//! one a frame, timing each, and publishes the times on the page for the browser test
//! (`miEndlessRounds`: the slowest round of each round number, in milliseconds, and
//! `miEndlessSlowest`). Native figures come from `examples/endless_rounds.rs`.

use crate::game::platform;
use crate::rules::endless::generate_round;
use bevy::prelude::*;

/// Runs timed, seeds 1 to this.
const RUNS: u64 = 3;
/// Rounds timed per run, from the first: past round 37 every round is 24 x 24 with 20
/// islands.
const ROUNDS: u32 = 42;

/// Times endless rounds when the page asks for it.
pub struct EndlessTimingPlugin;

impl Plugin for EndlessTimingPlugin {
    fn build(&self, app: &mut App) {
        if platform::query_param("measure").as_deref() == Some("endless") {
            app.add_systems(Update, time_next_round);
        }
    }
}

#[derive(Default)]
struct Timing {
    next: u64,
    slowest_ms: Vec<f64>,
    failures: Vec<String>,
    done: bool,
}

fn time_next_round(mut timing: Local<Timing>) {
    if timing.done {
        return;
    }
    let total = RUNS * u64::from(ROUNDS);
    let (run, round) = (
        1 + timing.next / u64::from(ROUNDS),
        (timing.next % u64::from(ROUNDS)) as u32,
    );
    let started = platform::now_nanos();
    let generated = generate_round(run, round);
    let ms = platform::now_nanos().saturating_sub(started) as f64 / 1e6;
    if let Err(e) = generated {
        timing
            .failures
            .push(format!("run {run} round {}: {e}", round + 1));
    }
    let slot = round as usize;
    if timing.slowest_ms.len() <= slot {
        timing.slowest_ms.resize(slot + 1, 0.0);
    }
    timing.slowest_ms[slot] = timing.slowest_ms[slot].max(ms);
    timing.next += 1;
    let progress = format!("{}/{total}", timing.next);
    if timing.next < total {
        platform::set_page_data(&[("miEndlessProgress", &progress)]);
        return;
    }
    timing.done = true;
    let rounds: Vec<String> = timing
        .slowest_ms
        .iter()
        .map(|ms| format!("{ms:.0}"))
        .collect();
    let slowest = timing.slowest_ms.iter().copied().fold(0.0, f64::max);
    platform::set_page_data(&[
        ("miEndlessProgress", &progress),
        ("miEndlessRounds", &format!("[{}]", rounds.join(","))),
        ("miEndlessSlowest", &format!("{slowest:.0}")),
        ("miEndlessFailures", &timing.failures.join("; ")),
    ]);
}
