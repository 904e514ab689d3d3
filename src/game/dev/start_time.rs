//! `--measure-start`: the time from launch to the first drawn title screen. Once every
//! label on the title is laid out with glyphs, the frame is captured; when the capture
//! comes back (the frame has been drawn), prints the seconds since launch and what the
//! title holds, then exits. The README's start-up figure comes from this, and the test of
//! the self-contained game reads its line to know the title has text.

use crate::game::screen::Screen;
use crate::game::ui::theme::Fonts;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::text::TextLayoutInfo;
// Bevy's clock, which also exists in the browser (std's `Instant` panics there).
use bevy::platform::time::Instant;
use std::sync::OnceLock;

/// When the game was launched (set first thing in [`crate::game::run`]).
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Frames to wait for every label to have glyphs; after that, the title is reported as it
/// is (with its empty labels counted), so a game without fonts says so instead of waiting.
const PATIENCE_FRAMES: u32 = 600;

pub fn mark_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

fn since_launch() -> f64 {
    LAUNCHED.get_or_init(Instant::now).elapsed().as_secs_f64()
}

pub struct StartTimePlugin;

impl Plugin for StartTimePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Last, capture_first_title);
    }
}

/// What the title holds: labels with text, and how many of those have no glyphs to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TitleText {
    pub labels: usize,
    pub empty: usize,
    pub glyphs: usize,
}

fn capture_first_title(
    world: &mut World,
    mut frames: Local<u32>,
    mut requested: Local<bool>,
    mut texts: Local<Option<QueryState<(&Text, &TextLayoutInfo, &InheritedVisibility)>>>,
) {
    if *requested || *world.resource::<State<Screen>>().get() != Screen::Title {
        return;
    }
    *frames += 1;
    let fonts = world.resource::<Fonts>().clone();
    if !fonts.ready(world) && *frames < PATIENCE_FRAMES {
        return;
    }
    let query = texts.get_or_insert_with(|| world.query());
    let mut seen = TitleText::default();
    for (text, layout, visible) in query.iter(world) {
        if text.0.trim().is_empty() || !visible.get() {
            continue;
        }
        seen.labels += 1;
        seen.glyphs += layout.glyphs.len();
        if layout.glyphs.is_empty() {
            seen.empty += 1;
        }
    }
    if (seen.labels == 0 || seen.empty > 0) && *frames < PATIENCE_FRAMES {
        return;
    }
    *requested = true;
    world.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
            let seconds = since_launch();
            let size = captured.image.size();
            println!(
                "title drawn {seconds:.3} s after launch: {} labels, {} without text, {} glyphs ({}x{} frame)",
                seen.labels,
                seen.empty,
                seen.glyphs,
                size.x,
                size.y
            );
            exit.write(AppExit::Success);
        },
    );
}
