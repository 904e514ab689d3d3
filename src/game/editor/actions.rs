//! What the editor's buttons and keys do: every edit, opening and saving files, solving,
//! test play and the way back from it, and typing into the level's texts.

use super::solving::{cancel_solve, start_solve, stop_solve};
use super::state::{BackToEditor, Editing, EditorButton, Field, OpenEditor, PALETTE};
use crate::game::level_codes::CodeRequest;
use crate::game::level_store::{
    self, Campaign, CampaignLevel, CurrentLevel, Folders, LevelsFolder, UserLevelsFolder,
    is_file_key,
};
use crate::game::platform;
use crate::game::play::model::TestPlay;
use crate::game::screen::Screen;
use crate::game::ui::theme::{self, Fonts};
use crate::level_draft::{Draft, LevelEditor};
use crate::level_files::CUSTOM_FOLDER;
use crate::rules::goal::Goal;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

pub(super) fn open_editor(
    mut commands: Commands,
    mut requests: MessageReader<OpenEditor>,
    editing: Option<Res<Editing>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for request in requests.read() {
        commands.remove_resource::<TestPlay>();
        match request {
            OpenEditor::Resume if editing.is_some() => {}
            OpenEditor::Resume => {
                let mut fresh = Editing::new(Draft::new(8, 6), None);
                fresh.message = "A new level: pick a brush and paint.".into();
                commands.insert_resource(fresh);
            }
            OpenEditor::Level(level) => {
                let file = is_file_key(&level.key).then(|| level.key.clone());
                let mut opened = Editing::new(Draft::from_level(&level.level), file);
                opened.message = format!("Opened {}.", level.key);
                commands.insert_resource(opened);
            }
        }
        next.set(Screen::Editor);
    }
}

pub(super) fn press_buttons(
    mut commands: Commands,
    buttons: Query<(&Interaction, &EditorButton), Changed<Interaction>>,
    mut editing: ResMut<Editing>,
    campaign: Res<Campaign>,
    (folder, user): (Option<Res<LevelsFolder>>, Option<Res<UserLevelsFolder>>),
    mut next: ResMut<NextState<Screen>>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        // A click anywhere ends typing.
        if !matches!(button, EditorButton::Type(_)) {
            editing.stop_typing();
        }
        act(
            button.clone(),
            &mut commands,
            &mut editing,
            &campaign,
            Folders {
                levels: folder.as_deref(),
                user: user.as_deref(),
            },
            &mut next,
        );
    }
}

fn act(
    button: EditorButton,
    commands: &mut Commands,
    editing: &mut Editing,
    campaign: &Campaign,
    folder: Folders,
    next: &mut NextState<Screen>,
) {
    match button {
        EditorButton::Brush(cell) => editing.brush = cell,
        EditorButton::Tool(tool) => editing.tool = tool,
        EditorButton::Resize(dw, dh) => {
            let d = editing.draft();
            let (w, h) = (
                d.width.saturating_add_signed(dw),
                d.height.saturating_add_signed(dh),
            );
            if !editing.edit(|e| e.resize(w, h)) {
                editing.message = "Grids are 2 to 64 cells each way.".into();
            }
        }
        EditorButton::GoalKind => {
            let land = editing.draft().cells.iter().filter(|c| c.is_land()).count() as u32;
            editing.edit(|e| {
                e.edit(|d| {
                    d.goal = match d.goal {
                        Goal::ConnectAll => Goal::Islands(2),
                        Goal::Islands(_) => Goal::Reach(land.max(1) + 2),
                        Goal::Reach(_) => Goal::ConnectAll,
                    }
                })
            });
        }
        EditorButton::GoalNumber(delta) => {
            editing.edit(|e| {
                e.edit(|d| match &mut d.goal {
                    Goal::Islands(n) | Goal::Reach(n) => {
                        *n = n.saturating_add_signed(delta).clamp(1, 64 * 64)
                    }
                    Goal::ConnectAll => {}
                })
            });
        }
        EditorButton::Sand(_) if editing.draft().budget.sand.is_none() => {
            editing.message = UNLIMITED_STEP.replace("{}", "Sand");
        }
        EditorButton::Bridges(_) if editing.draft().budget.bridges.is_none() => {
            editing.message = UNLIMITED_STEP.replace("{}", "Bridges");
        }
        EditorButton::Sand(delta) => {
            editing.edit(|e| e.edit(|d| d.budget.sand = step(d.budget.sand, delta)));
        }
        EditorButton::Bridges(delta) => {
            editing.edit(|e| e.edit(|d| d.budget.bridges = step(d.budget.bridges, delta)));
        }
        EditorButton::SandUnlimited => {
            editing.edit(|e| e.edit(|d| d.budget.sand = toggle_unlimited(d.budget.sand)));
        }
        EditorButton::BridgesUnlimited => {
            editing.edit(|e| e.edit(|d| d.budget.bridges = toggle_unlimited(d.budget.bridges)));
        }
        EditorButton::Type(field) => {
            editing.stop_typing();
            editing.typing = Some(field);
            editing.editor.begin_stroke();
        }
        EditorButton::New => {
            cancel_solve(editing);
            *editing = Editing::new(Draft::new(8, 6), None);
            editing.message = "A new level: pick a brush and paint.".into();
        }
        EditorButton::Open => editing.choosing_file = true,
        EditorButton::OpenFile(key) => {
            editing.choosing_file = false;
            if let Some(level) = campaign.all().find(|l| l.key == key) {
                cancel_solve(editing);
                *editing = Editing::new(Draft::from_level(&level.level), Some(key.clone()));
                editing.message = format!("Opened {key}.");
            }
        }
        EditorButton::Save => save(commands, editing, folder, SaveTo::ItsFile),
        EditorButton::SaveCustom => save(commands, editing, folder, SaveTo::Custom),
        EditorButton::Replace => save(commands, editing, folder, SaveTo::Confirmed),
        EditorButton::Cancel => {
            editing.choosing_file = false;
            editing.confirm_replace = None;
        }
        EditorButton::Solve => {
            if editing.solving.is_some() {
                stop_solve(editing);
            } else {
                start_solve(editing);
            }
        }
        EditorButton::TestPlay => test_play(commands, editing, next),
        EditorButton::CopyCode => match editing.draft().to_level() {
            // A draft whose par is not proven yet still has a code (its par reads 0).
            Ok(level) => {
                commands.write_message(CodeRequest::Copy(level));
            }
            Err(e) => editing.message = format!("No code yet: {e}."),
        },
        EditorButton::Undo => {
            if !editing.edit(LevelEditor::undo) {
                editing.message = "Nothing to undo.".into();
            }
        }
        EditorButton::Redo => {
            if !editing.edit(LevelEditor::redo) {
                editing.message = "Nothing to redo.".into();
            }
        }
        EditorButton::Back => {
            cancel_solve(editing);
            next.set(Screen::Title);
        }
    }
}

/// What − or + on an unlimited budget says (`{}` is the budget's name).
const UNLIMITED_STEP: &str = "{} is unlimited: press ∞ to give it a count, then − and + change it.";

/// One step of a budget: `None` (unlimited) stays unlimited; a count stays at 0 or more.
fn step(value: Option<u32>, delta: i32) -> Option<u32> {
    value.map(|n| n.saturating_add_signed(delta).min(999))
}

fn toggle_unlimited(value: Option<u32>) -> Option<u32> {
    match value {
        None => Some(3),
        Some(_) => None,
    }
}

pub(super) fn stop_typing(editing: Option<ResMut<Editing>>) {
    if let Some(mut editing) = editing {
        editing.stop_typing();
        editing.anchor = None;
        editing.editor.end_stroke();
    }
}

/// Typed text goes into the field being edited; Enter, Tab or Escape ends it.
pub(super) fn type_text(mut keys: MessageReader<KeyboardInput>, mut editing: ResMut<Editing>) {
    let Some(field) = editing.typing else {
        keys.clear();
        return;
    };
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Enter | Key::Escape | Key::Tab => {
                editing.stop_typing();
                return;
            }
            Key::Backspace => {
                editing.editor.edit(|d| {
                    text_of(d, field).pop();
                });
            }
            Key::Space => {
                editing.editor.edit(|d| text_of(d, field).push(' '));
            }
            Key::Character(typed) => {
                let typed: String = typed.chars().filter(|c| !c.is_control()).collect();
                editing.editor.edit(|d| {
                    let text = text_of(d, field);
                    if text.chars().count() < 200 {
                        text.push_str(&typed);
                    }
                });
            }
            _ => {}
        }
    }
}

fn text_of(draft: &mut Draft, field: Field) -> &mut String {
    match field {
        Field::Name => &mut draft.name,
        Field::Author => &mut draft.author,
        Field::Tip => &mut draft.tip,
    }
}

pub(super) fn editor_keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    mut editing: ResMut<Editing>,
    campaign: Res<Campaign>,
    (folder, user): (Option<Res<LevelsFolder>>, Option<Res<UserLevelsFolder>>),
    mut next: ResMut<NextState<Screen>>,
) {
    if editing.typing.is_some() {
        return;
    }
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let mut action = None;
    if keys.just_pressed(KeyCode::Escape) {
        action = Some(
            if editing.choosing_file || editing.confirm_replace.is_some() {
                EditorButton::Cancel
            } else {
                EditorButton::Back
            },
        );
    }
    if ctrl && keys.just_pressed(KeyCode::KeyZ) {
        action = Some(if shift {
            EditorButton::Redo
        } else {
            EditorButton::Undo
        });
    }
    if ctrl && keys.just_pressed(KeyCode::KeyY) {
        action = Some(EditorButton::Redo);
    }
    if ctrl && keys.just_pressed(KeyCode::KeyS) {
        action = Some(EditorButton::Save);
    }
    if !ctrl && keys.just_pressed(KeyCode::KeyT) {
        action = Some(EditorButton::TestPlay);
    }
    let brushes = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
    ];
    for (key, cell) in brushes.into_iter().zip(PALETTE) {
        if keys.just_pressed(key) {
            action = Some(EditorButton::Brush(cell));
        }
    }
    if let Some(action) = action {
        act(
            action,
            &mut commands,
            &mut editing,
            &campaign,
            Folders {
                levels: folder.as_deref(),
                user: user.as_deref(),
            },
            &mut next,
        );
    }
}

fn test_play(commands: &mut Commands, editing: &mut Editing, next: &mut NextState<Screen>) {
    cancel_solve(editing);
    match editing.draft().to_level() {
        Ok(level) => {
            commands.insert_resource(CurrentLevel(CampaignLevel {
                key: format!("editor:{}", editing.file.as_deref().unwrap_or("new level")),
                level,
            }));
            commands.insert_resource(TestPlay);
            next.set(Screen::Playing);
        }
        Err(e) => editing.message = format!("Can't play it yet: {e}."),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveTo {
    /// The file it came from, or a new custom level.
    ItsFile,
    /// A custom level named after it.
    Custom,
    /// The file the designer agreed to replace.
    Confirmed,
}

fn save(commands: &mut Commands, editing: &mut Editing, folder: Folders, to: SaveTo) {
    let level = match editing.draft().to_level() {
        Ok(level) => level,
        Err(e) => {
            editing.message = format!("Not saved: {e}.");
            return;
        }
    };
    let key = match (to, &editing.file, &editing.confirm_replace) {
        (SaveTo::Confirmed, _, Some(key)) => key.clone(),
        (SaveTo::ItsFile, Some(file), _) => file.clone(),
        _ => level_store::custom_key(&level.name),
    };
    // The campaign built into the game (always so in the browser; on the desktop when
    // there is no levels folder) cannot be changed: its levels are saved as the designer's
    // own, in their folder.
    let built_in = platform::IS_BROWSER || folder.levels.is_none();
    let key = if built_in && !key.starts_with(CUSTOM_FOLDER) {
        level_store::custom_key(&level.name)
    } else {
        key
    };
    let replacing_other = editing.file.as_deref() != Some(key.as_str());
    if to != SaveTo::Confirmed && replacing_other && level_store::exists(folder, &key) {
        editing.confirm_replace = Some(key);
        return;
    }
    editing.confirm_replace = None;
    match level_store::save(folder, &key, &level) {
        Ok(place) => {
            editing.file = Some(key);
            editing.saved = Some(editing.draft().clone());
            // The board shows the level as saved, and the message stays readable.
            editing.preview = None;
            editing.message = match (editing.draft().par, &editing.unproven) {
                (Some(_), _) => format!("Saved to {place}."),
                (None, Some(found)) => format!(
                    "Saved to {place} as a draft: par is not proven ({}at least {} \
                     needed), so the file has par 0 and validate will flag it.",
                    found
                        .best
                        .map_or(String::new(), |b| format!("best found {b}, ")),
                    found.at_least
                ),
                (None, None) => format!(
                    "Saved to {place} as a draft: par is not proven (par 0 in the file). \
                     Press Solve, then save again."
                ),
            };
            commands.queue(level_store::refresh_campaign);
        }
        Err(e) => editing.message = format!("Not saved: {e}"),
    }
}

/// During a test play, a button back to the editor stays above every panel.
pub(super) fn spawn_back_to_editor(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn((
        theme::button(&fonts, "Back to editor (E)", 220.0),
        BackToEditor,
        GlobalZIndex(20),
        DespawnOnExit(Screen::Playing),
    ));
}

/// E on a level opens it in the editor; during a test play, it goes back to the editor.
pub(super) fn edit_current_level(
    keys: Res<ButtonInput<KeyCode>>,
    back: Query<&Interaction, (Changed<Interaction>, With<BackToEditor>)>,
    current: Option<Res<CurrentLevel>>,
    test_play: Option<Res<TestPlay>>,
    mut open: MessageWriter<OpenEditor>,
) {
    let pressed = back.iter().any(|i| *i == Interaction::Pressed);
    if !pressed && !keys.just_pressed(KeyCode::KeyE) {
        return;
    }
    if test_play.is_some() {
        open.write(OpenEditor::Resume);
    } else if let Some(current) = current {
        open.write(OpenEditor::Level(current.0.clone()));
    }
}
