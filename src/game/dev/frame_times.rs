//! `--measure-frames N`: once the screen has settled, times N frames of the real window
//! (vsync off, so frames are not paced to the display), prints the median, 95th percentile
//! and slowest frame, and exits. The `frame_time` bench runs the game this way.

use crate::game::screen::{Launch, Screen};
use bevy::prelude::*;

/// Frames left alone first: the window opens, fonts and the board load.
const WARM_UP_FRAMES: u32 = 90;

pub struct FrameTimesPlugin;

impl Plugin for FrameTimesPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Last, time_frames);
    }
}

/// Milliseconds: median, 95th percentile, slowest.
pub fn frame_stats(samples: &mut [f64]) -> Option<(f64, f64, f64)> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Some((at(0.5), at(0.95), samples[samples.len() - 1]))
}

fn time_frames(
    launch: Res<Launch>,
    time: Res<Time<Real>>,
    screen: Res<State<Screen>>,
    mut seen: Local<u32>,
    mut samples: Local<Vec<f64>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(wanted) = launch.0.measure_frames else {
        return;
    };
    *seen += 1;
    if *seen <= WARM_UP_FRAMES {
        return;
    }
    samples.push(time.delta_secs_f64() * 1000.0);
    if samples.len() >= wanted as usize {
        if let Some((median, p95, max)) = frame_stats(&mut samples) {
            // The screen too: a level that failed to open would be timed on the title.
            println!(
                "frames {} median {median:.3} ms p95 {p95:.3} ms max {max:.3} ms on {:?}",
                samples.len(),
                screen.get()
            );
        }
        exit.write(AppExit::Success);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_stats_take_the_middle_the_tail_and_the_worst() {
        let mut ms: Vec<f64> = (1..=100).map(f64::from).collect();
        ms.reverse();
        assert_eq!(frame_stats(&mut ms), Some((51.0, 95.0, 100.0)));
        assert_eq!(frame_stats(&mut []), None);
    }
}
