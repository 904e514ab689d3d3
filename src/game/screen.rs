//! What every feature of the front end shares and none owns: the screens, how the game was
//! launched, where the settings screen returns to, and the order of a frame's work.

use crate::cli::GameArgs;
use bevy::prelude::*;

/// The screens of the game.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    LevelSelect,
    Playing,
    Settings,
    Conquest,
    Editor,
    Statistics,
}

/// How the game was started (from the command line).
#[derive(Resource, Debug, Clone, Default)]
pub struct Launch(pub GameArgs);

/// What was wrong with the level the game was asked to open (`--level`, or the page's
/// `?level=`): the title says it, instead of opening on the title with no word.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchProblem(pub Option<String>);

/// Where the settings screen returns to (the title, or a paused level).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsReturn(pub Screen);

/// The order of a frame's work, declared once in [`super::GamePlugin`]: input becomes
/// actions, actions are applied to the model, then the model's reports are presented, so a
/// report shows in the frame of its move.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameStep {
    /// Mouse, touch and keys turned into actions.
    Input,
    /// Actions applied to the model; reports written.
    Apply,
    /// Reports drawn, animated, heard and written into the HUD.
    Present,
}
