//! The player's settings: volume, mute, palette, animation speed, fullscreen, the warning
//! when a level can no longer be won. Their own
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
    /// The effects' volume, 0.0 to 1.0.
    pub volume: f32,
    /// The music's volume, 0.0 to 1.0.
    pub music_volume: f32,
    pub muted: bool,
    pub colour_blind: bool,
    pub animation: AnimationSpeed,
    pub fullscreen: bool,
    /// The player chose the animation speed themselves (then the browser's wish for reduced
    /// motion no longer overrides it).
    pub motion_chosen: bool,
    /// Say as soon as a move leaves the level unwinnable within its budget.
    pub warn_unwinnable: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            volume: 0.7,
            music_volume: 0.4,
            muted: false,
            colour_blind: false,
            animation: AnimationSpeed::Normal,
            fullscreen: false,
            motion_chosen: false,
            warn_unwinnable: true,
        }
    }
}

impl Settings {
    /// The settings as the game starts with them: a system that asks for reduced motion
    /// turns animations off, unless the player chose a speed themselves.
    pub fn with_motion_preference(self, reduce_motion: bool) -> Settings {
        if reduce_motion && !self.motion_chosen {
            Settings {
                animation: AnimationSpeed::Off,
                ..self
            }
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_motion_turns_animations_off_unless_the_player_chose() {
        let fresh = Settings::default();
        assert_eq!(fresh.with_motion_preference(false), fresh);
        assert_eq!(
            fresh.with_motion_preference(true).animation,
            AnimationSpeed::Off
        );
        let chosen = Settings {
            animation: AnimationSpeed::Fast,
            motion_chosen: true,
            ..fresh
        };
        assert_eq!(chosen.with_motion_preference(true), chosen);
    }

    #[test]
    fn settings_saved_before_the_warning_existed_load_with_it_on() {
        let old: Settings = ron::from_str("(volume: 0.5, muted: true)").unwrap();
        assert!(old.warn_unwinnable && old.muted);
        assert_eq!(old.volume, 0.5);
    }
}
