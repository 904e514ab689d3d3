//! `--screenshot FILE`: once the scripted moves are played and the animations have settled,
//! save a PNG of the window and exit. This is how the README's pictures are made. With
//! `--mid-move`, the last move is held back until the board has settled, then made, and the
//! picture taken a moment into its animation.

use crate::game::conquest_screen::{ConquestClaim, ScriptedConquest, scripted_conquest};
use crate::game::editor::OpenEditor;
use crate::game::level_store::Campaign;
use crate::game::play::daily;
use crate::game::play::lookahead::Lookahead;
use crate::game::play::model::{PlayPhase, PlayerAction, ScriptedMoves, launch_level};
use crate::game::play::resume::{SavedGame, continue_saved};
use crate::game::play::xray::{OpenGuide, XRay};
use crate::game::progress::Progress;
use crate::game::screen::{Launch, Screen};
use crate::game::screens::settings::AboutPanel;
use crate::game::ui::theme::Fonts;
use crate::game::ui::tween;
use crate::rules::cell::Pos;
use crate::rules::moves::Move;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

/// Frames to wait after everything settles (fonts and layout need a few).
const SETTLE_FRAMES: u32 = 20;
/// Give up on a capture that never lands.
const MAX_FRAMES: u32 = 1200;
/// With `--mid-move`: seconds into the last move's animation.
const MID_MOVE_SECONDS: f64 = 0.2;

pub struct ScreenshotPlugin;

impl Plugin for ScreenshotPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HeldMove>()
            .add_systems(Startup, choose_screen)
            .add_systems(Update, continue_when_asked.run_if(run_once))
            .add_systems(PreUpdate, hold_last_move)
            .add_systems(Last, capture_when_settled);
    }
}

#[derive(Default)]
struct CaptureState {
    frames: u32,
    quiet: u32,
    requested: bool,
    /// When the held-back move was made (real seconds since start).
    moved_at: Option<f64>,
}

/// The last scripted move or claim, kept back for `--mid-move`.
#[derive(Resource, Debug, Default)]
struct HeldMove {
    taken: bool,
    mv: Option<Move>,
    claim: Option<Pos>,
}

fn hold_last_move(
    launch: Res<Launch>,
    mut held: ResMut<HeldMove>,
    mut scripted: ResMut<ScriptedMoves>,
    mut claims: ResMut<ScriptedConquest>,
) {
    if launch.0.mid_move && !held.taken {
        held.taken = true;
        held.mv = scripted.0.pop_back();
        held.claim = claims.claims.pop_back();
    }
}

fn choose_screen(
    mut commands: Commands,
    launch: Res<Launch>,
    campaign: Res<Campaign>,
    mut next: ResMut<NextState<Screen>>,
    mut editor: MessageWriter<OpenEditor>,
    progress: Res<Progress>,
    (mut xray, mut guide): (ResMut<XRay>, MessageWriter<OpenGuide>),
    mut about: ResMut<AboutPanel>,
    mut conquest: ResMut<ScriptedConquest>,
) {
    // `--conquest SIZE[:CLAIMS]`: that match, its claims made at once.
    if let Some(words) = &launch.0.conquest {
        match scripted_conquest(words) {
            Ok(scripted) => {
                *conquest = scripted;
                next.set(Screen::Conquest);
            }
            Err(why) => error!("--conquest: {why}"),
        }
        return;
    }
    // `--screen xray` with a level: that level with the X-ray view open.
    if launch.0.screen == "xray" {
        xray.open = true;
    }
    if launch.0.screen == "editor" {
        // The level as `--level` opens it anywhere: a name, a file or a code.
        let level = launch
            .0
            .level
            .as_deref()
            .and_then(|name| launch_level(name, &campaign).ok());
        editor.write(match level {
            Some(level) => OpenEditor::Level(level),
            None => OpenEditor::Resume,
        });
    } else if launch.0.level.is_none() {
        match launch.0.screen.as_str() {
            "select" => next.set(Screen::LevelSelect),
            "settings" => next.set(Screen::Settings),
            "about" => {
                about.open = true;
                next.set(Screen::Settings);
            }
            "conquest" => next.set(Screen::Conquest),
            "daily" => daily::open_today(&mut commands, &progress, &mut next),
            "statistics" => next.set(Screen::Statistics),
            "guide" => {
                guide.write(OpenGuide);
            }
            _ => {}
        }
    }
}

/// `--screen continue`: the saved game, opened as the Continue button opens it. (The
/// saved game is read at start-up, so this waits for the first frame.)
fn continue_when_asked(
    mut commands: Commands,
    launch: Res<Launch>,
    slot: Res<SavedGame>,
    mut next: ResMut<NextState<Screen>>,
) {
    if launch.0.screen != "continue" || launch.0.level.is_some() {
        return;
    }
    match &slot.saved {
        Some(saved) => continue_saved(&mut commands, saved, &mut next),
        None => warn!("--screen continue: there is no saved game to continue"),
    }
}

fn capture_when_settled(world: &mut World, mut state: Local<CaptureState>) {
    let Some(path) = world.resource::<Launch>().0.screenshot.clone() else {
        return;
    };
    state.frames += 1;
    if state.frames > MAX_FRAMES {
        error!("the screenshot was not taken in time");
        world.write_message(AppExit::error());
        return;
    }
    if state.requested {
        if path.is_file() && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            world.write_message(AppExit::Success);
        }
        return;
    }
    let fonts_ready = world.resource::<Fonts>().clone().ready(world);
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    if let Some(moved_at) = state.moved_at {
        // Mid-move: the picture is due, running tweens or not.
        if now - moved_at < MID_MOVE_SECONDS {
            return;
        }
        state.quiet = SETTLE_FRAMES;
    } else {
        // The look ahead's answer too: an early warning shows in the picture.
        let thinking = world
            .get_resource::<Lookahead>()
            .is_some_and(Lookahead::is_running);
        let claims = world.resource::<ScriptedConquest>();
        let busy = !fonts_ready
            || !world.resource::<ScriptedMoves>().0.is_empty()
            || claims.setup.is_some()
            || !claims.claims.is_empty()
            || tween::running(world)
            || thinking;
        state.quiet = if busy { 0 } else { state.quiet + 1 };
        if state.quiet >= SETTLE_FRAMES {
            let mut held = world.resource_mut::<HeldMove>();
            let (mv, claim) = (held.mv.take(), held.claim.take());
            if let Some(mv) = mv {
                world.write_message(PlayerAction::Play(mv));
            }
            if let Some(p) = claim {
                world.write_message(ConquestClaim(p));
            }
            if mv.is_some() || claim.is_some() {
                state.moved_at = Some(now);
                return;
            }
        }
    }
    if state.quiet >= SETTLE_FRAMES {
        // What was captured, for scripts and tests that read the game's state.
        let screen = *world.resource::<State<Screen>>().get();
        let phase = world
            .get_resource::<State<PlayPhase>>()
            .map(|p| format!(", {:?}", p.get()))
            .unwrap_or_default();
        println!("screenshot: {screen:?}{phase}");
        let _ = std::fs::remove_file(&path);
        world
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path));
        state.requested = true;
    }
}
