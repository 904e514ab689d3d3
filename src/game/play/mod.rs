//! The playing screen, one room per layer: the model (the session, actions applied to it,
//! the reports it writes), input (pointer, touch, keys, and what the pointer is on), hints
//! searched in the background, the look ahead after every move (the early warning
//! and the coach marks read it), the board view, the HUD, the panels over the board, the
//! endless runs and the daily puzzle that make its levels, the records a win adds, the
//! unfinished game kept for Continue, and the X-ray view of the union-find under the
//! islands.

pub mod board_scroll;
pub mod board_view;
pub mod coach;
pub mod daily;
pub mod early_warning;
pub mod endless;
pub mod hint;
pub mod hud;
pub mod input;
pub mod lookahead;
pub mod model;
pub mod overlays;
pub mod records;
pub mod resume;
pub mod water;
pub mod xray;

use bevy::prelude::*;

pub struct PlayPlugin;

impl Plugin for PlayPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            model::PlayModelPlugin,
            input::InputPlugin,
            hint::HintPlugin,
            lookahead::LookaheadPlugin,
            early_warning::EarlyWarningPlugin,
            coach::CoachPlugin,
            board_view::BoardViewPlugin,
            board_scroll::BoardScrollPlugin,
            hud::HudPlugin,
            overlays::OverlaysPlugin,
            water::WaterPlugin,
            xray::XRayPlugin,
            records::RecordsPlugin,
            resume::ResumePlugin,
            daily::DailyPlugin,
        ));
    }
}
