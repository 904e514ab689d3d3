//! The level editor screen: paint a grid with a palette (click, drag, or rectangle fill),
//! resize it, set the goal, budget, name, author and tip, prove par in the background,
//! watch the solution play out, test-play the level and come back, and save it.
//! The edits themselves live in [`crate::level_draft`]; this folder is their view and input:
//! state, actions, the grid, the panel, and solving.

mod actions;
mod grid_view;
mod panel;
mod solving;
mod state;

pub use state::{Editing, EditorButton, Field, OpenEditor, PALETTE, Tool};

use crate::game::play::model::TestPlay;
use crate::game::screen::Screen;
use actions::{
    edit_current_level, editor_keys, open_editor, press_buttons, show_back_to_editor, stop_typing,
    type_text,
};
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;
use grid_view::{colour_tiles, paint_with_pointer, relayout_board, spawn_board};
use panel::{dock_panel, grey_unlimited_steps, show_dialogs, spawn_panel, update_texts};
use solving::{check_problems, play_preview, run_solver};

pub struct EditorPlugin;

impl Plugin for EditorPlugin {
    fn build(&self, app: &mut App) {
        // Typed text arrives as keyboard messages (registered here too for headless tests,
        // which run without Bevy's input plugin).
        app.add_message::<OpenEditor>()
            .add_message::<KeyboardInput>()
            .add_systems(Update, open_editor)
            .add_systems(OnEnter(Screen::Editor), (spawn_panel, spawn_board))
            .add_systems(OnExit(Screen::Editor), stop_typing)
            .add_systems(
                Update,
                (
                    show_back_to_editor.run_if(resource_exists::<TestPlay>),
                    edit_current_level,
                )
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                (
                    press_buttons,
                    type_text,
                    editor_keys,
                    paint_with_pointer,
                    run_solver,
                    play_preview,
                    check_problems,
                    show_dialogs,
                    relayout_board,
                    dock_panel,
                    colour_tiles,
                    update_texts,
                    grey_unlimited_steps,
                )
                    .chain()
                    .run_if(in_state(Screen::Editor)),
            );
    }
}
