//! The player's settings: volume, mute, palette, animation speed, fullscreen. Their own
//! resource, read by whatever they tune (sound, colours, tweens, the window); saved with the
//! player's progress (see [`super::progress`]).

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// How fast merges animate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AnimationSpeed {
    Off,
    Slow,
    #[default]
    Normal,
    Fast,
}

impl AnimationSpeed {
    /// Seconds of animation per second of real time; `None` when animations are off.
    pub fn rate(self) -> Option<f32> {
        match self {
            AnimationSpeed::Off => None,
            AnimationSpeed::Slow => Some(0.5),
            AnimationSpeed::Normal => Some(1.0),
            AnimationSpeed::Fast => Some(2.0),
        }
    }

    pub fn next(self) -> AnimationSpeed {
        match self {
            AnimationSpeed::Off => AnimationSpeed::Slow,
            AnimationSpeed::Slow => AnimationSpeed::Normal,
            AnimationSpeed::Normal => AnimationSpeed::Fast,
            AnimationSpeed::Fast => AnimationSpeed::Off,
        }
    }
}

/// The player's settings.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// 0.0 to 1.0.
    pub volume: f32,
    pub muted: bool,
    pub colour_blind: bool,
    pub animation: AnimationSpeed,
    pub fullscreen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            volume: 0.7,
            muted: false,
            colour_blind: false,
            animation: AnimationSpeed::Normal,
            fullscreen: false,
        }
    }
}
