//! The playing screen, one room per layer: the model (the session, actions applied to it,
//! the reports it writes), input (pointer, touch, keys, and what the pointer is on), hints
//! searched in the background, the board view, the HUD, the panels over the board, and the
//! endless runs and the daily puzzle that make its levels, the records a win adds, and
//! the unfinished game kept for Continue.

pub mod board_view;
pub mod daily;
pub mod endless;
pub mod hint;
pub mod hud;
pub mod input;
pub mod model;
pub mod overlays;
pub mod records;
pub mod resume;
pub mod water;

use bevy::prelude::*;

pub struct PlayPlugin;

impl Plugin for PlayPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            model::PlayModelPlugin,
            input::InputPlugin,
            hint::HintPlugin,
            board_view::BoardViewPlugin,
            hud::HudPlugin,
            overlays::OverlaysPlugin,
            water::WaterPlugin,
            records::RecordsPlugin,
            resume::ResumePlugin,
        ));
    }
}
