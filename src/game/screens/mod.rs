//! The menu screens: title, level select, settings, statistics. One file and plugin each.

pub mod level_select;
pub mod settings;
pub mod statistics;
pub mod title;

use bevy::prelude::*;

pub struct ScreensPlugin;

impl Plugin for ScreensPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            title::TitlePlugin,
            level_select::LevelSelectPlugin,
            settings::SettingsPlugin,
            statistics::StatisticsPlugin,
        ));
    }
}
