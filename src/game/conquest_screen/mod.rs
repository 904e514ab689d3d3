//! Island Conquest in the game: two players on one machine, or a player against the
//! computer.
//!
//! `model` holds the match and turns clicks, taps and the computer's choices into claims;
//! each claim's report goes out as a [`ConquestUpdate`]. The other plugins read the match
//! and those updates: the setup screen (`setup`), the board in the puzzle's art with its
//! capture waves (`board`), the HUD's chips (`hud`), the coach of a first game (`coach`),
//! the end panel (`over`) and play against a friend online (`online`).

mod board;
mod coach;
mod hud;
mod model;
mod online;
mod over;
mod setup;

pub use board::{ConquestCell, ConquestFrame, EMPTY, IslandEmblem, emblem_places};
pub use coach::{ConquestCoach, coach_words, coached_claim};
pub use hud::{ConquestChip, ConquestLine, ConquestStatus, chip_text, status_text};
pub use model::*;
pub use online::{OnlineRequest, OnlineRoom, RoomState, lobby_status, send_to_friend};
pub use over::{OverButton, length_words, result_words};

use crate::game::screen::{FrameStep, Screen};
use bevy::prelude::*;
use model::{
    PressedCell, claim_cells, clear_match_picture, click_cells, computer_moves, count_time,
    leave_on_escape, play_scripted_claims, start_match, undo_claim,
};

pub struct ConquestPlugin;

impl Plugin for ConquestPlugin {
    fn build(&self, app: &mut App) {
        app.add_sub_state::<ConquestPhase>()
            .init_resource::<ConquestSetup>()
            .init_resource::<PressedCell>()
            .init_resource::<ScriptedConquest>()
            .add_message::<ConquestClaim>()
            .add_message::<ConquestUpdate>()
            .add_plugins((
                setup::SetupPlugin,
                board::BoardPlugin,
                hud::HudPlugin,
                coach::CoachPlugin,
                over::OverPlugin,
                online::OnlinePlugin,
            ))
            .add_systems(OnEnter(ConquestPhase::Setup), clear_match_picture)
            .add_systems(
                OnEnter(ConquestPhase::Playing),
                (clear_match_picture, start_match).chain(),
            )
            .add_systems(
                Update,
                (
                    click_cells.in_set(FrameStep::Input),
                    (computer_moves, claim_cells, undo_claim, count_time)
                        .chain()
                        .in_set(FrameStep::Apply),
                )
                    .run_if(in_state(ConquestPhase::Playing)),
            )
            .add_systems(
                Update,
                (
                    leave_on_escape,
                    play_scripted_claims.in_set(FrameStep::Input),
                )
                    .run_if(in_state(Screen::Conquest)),
            );
    }
}
