//! What the editor's buttons and keys do: every edit, opening and saving files, solving,
//! test play and the way back from it, and typing into the level's texts.

use super::solving::{cancel_solve, start_solve, stop_solve};
use super::state::{BackToEditor, Editing, EditorButton, Field, OpenEditor, PALETTE};
use crate::game::level_codes::CodeRequest;
use crate::game::level_store::{
    self, Campaign, CampaignLevel, CurrentLevel, Folders, LevelsFolder, TEST_PLAY_PREFIX,
    UserLevelsFolder, is_campaign_file, is_file_key,
};
use crate::game::platform;
use crate::game::play::hud::HudBar;
use crate::game::play::model::TestPlay;
use crate::game::screen::{Launch, Screen};
use crate::game::ui::theme::{self, Fonts};
use crate::level_draft::{Draft, LevelEditor};
use crate::rules::goal::Goal;
use bevy::ecs::system::SystemParam;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

/// Where the editor may save: the levels folders, and whether designer mode lets it write
/// the campaign's own files.
#[derive(SystemParam)]
pub(super) struct SavePlaces<'w> {
    levels: Option<Res<'w, LevelsFolder>>,
    user: Option<Res<'w, UserLevelsFolder>>,
    launch: Option<Res<'w, Launch>>,
}

impl SavePlaces<'_> {
    fn rules(&self) -> SaveRules<'_> {
        SaveRules {
            folders: Folders {
                levels: self.levels.as_deref(),
                user: self.user.as_deref(),
            },
            // The browser, and a game playing its built-in campaign (no levels folder), have
            // no campaign files to write.
            campaign_writable: !platform::IS_BROWSER
                && self.levels.is_some()
                && self.launch.as_ref().is_some_and(|l| l.0.designer_mode()),
        }
    }
}

/// The folders a save may go to, and whether a campaign level's own file is one of them.
#[derive(Debug, Clone, Copy)]
struct SaveRules<'a> {
    folders: Folders<'a>,
    campaign_writable: bool,
}

/// What the editor says on opening a file: a campaign level's own file is not changed by
/// Save outside designer mode.
fn opened_message(key: &str, campaign_writable: bool) -> String {
    match (is_campaign_file(key), campaign_writable) {
        (true, false) => format!(
            "Opened {key}, a campaign level: Save keeps your changes as a copy in your own \
             levels folder."
        ),
        (true, true) => format!("Opened {key} (designer mode: Save writes this file)."),
        (false, _) => format!("Opened {key}."),
    }
}

pub(super) fn open_editor(
    mut commands: Commands,
    mut requests: MessageReader<OpenEditor>,
    editing: Option<Res<Editing>>,
    places: SavePlaces,
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
                opened.message = opened_message(&level.key, places.rules().campaign_writable);
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
    places: SavePlaces,
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
            places.rules(),
            &mut next,
        );
    }
}

fn act(
    button: EditorButton,
    commands: &mut Commands,
    editing: &mut Editing,
    campaign: &Campaign,
    rules: SaveRules,
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
                editing.message = opened_message(&key, rules.campaign_writable);
            }
        }
        EditorButton::Save => save(commands, editing, campaign, rules, SaveTo::ItsFile),
        EditorButton::SaveCustom => save(commands, editing, campaign, rules, SaveTo::Custom),
        EditorButton::Replace => save(commands, editing, campaign, rules, SaveTo::Confirmed),
        EditorButton::Download => download(editing),
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
        editing.stroke_at = None;
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
    places: SavePlaces,
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
            places.rules(),
            &mut next,
        );
    }
}

fn test_play(commands: &mut Commands, editing: &mut Editing, next: &mut NextState<Screen>) {
    cancel_solve(editing);
    match editing.draft().to_level() {
        Ok(level) => {
            commands.insert_resource(CurrentLevel(CampaignLevel {
                key: format!(
                    "{TEST_PLAY_PREFIX}{}",
                    editing.file.as_deref().unwrap_or("new level")
                ),
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
    /// The file it came from (a campaign level's copy, outside designer mode), or a new
    /// custom level.
    ItsFile,
    /// A custom level named after it.
    Custom,
    /// The file the designer agreed to replace.
    Confirmed,
}

fn save(
    commands: &mut Commands,
    editing: &mut Editing,
    campaign: &Campaign,
    rules: SaveRules,
    to: SaveTo,
) {
    let mut level = match editing.draft().to_level() {
        Ok(level) => level,
        Err(e) => {
            editing.message = format!("Not saved: {e}.");
            return;
        }
    };
    // A shipped level is the game's own: outside designer mode, Save keeps the changes as
    // the player's copy, under a name no other level has, and leaves the shipped file alone.
    let copy_of = match (to, &editing.file) {
        (SaveTo::ItsFile, Some(file)) if is_campaign_file(file) && !rules.campaign_writable => {
            Some(level.name.clone())
        }
        _ => None,
    };
    let key = if let Some(original) = &copy_of {
        let taken = |key: &str| {
            level_store::exists(rules.folders, key) || campaign.all().any(|l| l.key == key)
        };
        let Some((name, key)) = level_store::free_copy(original, taken) else {
            editing.message = format!(
                "Not saved: the names for a copy of {original} are all taken. Rename it, then \
                 press Save as mine."
            );
            return;
        };
        level.name = name;
        key
    } else {
        match (to, &editing.file, &editing.confirm_replace) {
            (SaveTo::Confirmed, _, Some(key)) => key.clone(),
            (SaveTo::ItsFile, Some(file), _) => file.clone(),
            _ => level_store::custom_key(&level.name),
        }
    };
    if is_campaign_file(&key) && !rules.campaign_writable {
        editing.message =
            format!("Not saved: {key} is a campaign level, written only in designer mode.");
        return;
    }
    let replacing_other = editing.file.as_deref() != Some(key.as_str());
    if to != SaveTo::Confirmed && replacing_other && level_store::exists(rules.folders, &key) {
        editing.confirm_replace = Some(key);
        return;
    }
    editing.confirm_replace = None;
    match level_store::save(rules.folders, &key, &level) {
        Ok(place) => {
            editing.file = Some(key);
            if copy_of.is_some() {
                // The copy is a level of its own: the draft takes its name.
                editing.editor.edit(|d| d.name = level.name.clone());
            }
            editing.saved = Some(editing.draft().clone());
            // The board shows the level as saved, and the message stays readable.
            editing.preview = None;
            let saved_to = match &copy_of {
                Some(original) => format!(
                    "{original} is a campaign level, so its file is left as it was: your \
                     version is saved as \"{}\" in {place}",
                    level.name
                ),
                None => format!("Saved to {place}"),
            };
            editing.message = match (editing.draft().par, &editing.unproven) {
                (Some(_), _) => format!("{saved_to}."),
                (None, Some(found)) => format!(
                    "{saved_to} as a draft: par is not proven ({}at least {} \
                     needed), so the file has par 0 and validate will flag it.",
                    found
                        .best
                        .map_or(String::new(), |b| format!("best found {b}, ")),
                    found.at_least
                ),
                (None, None) => format!(
                    "{saved_to} as a draft: par is not proven (par 0 in the file). \
                     Press Solve, then save again."
                ),
            };
            commands.queue(level_store::refresh_campaign);
        }
        Err(e) => editing.message = format!("Not saved: {e}"),
    }
}

/// Hands the designer the draft as a file (the browser's Download): named after the file
/// it is saved in, or after the level.
fn download(editing: &mut Editing) {
    let level = match editing.draft().to_level() {
        Ok(level) => level,
        Err(e) => {
            editing.message = format!("Not downloaded: {e}.");
            return;
        }
    };
    let key = editing
        .file
        .clone()
        .unwrap_or_else(|| level_store::custom_key(&level.name));
    editing.message = match level_store::download(&key, &level) {
        Ok(file) => format!("Downloaded as {file}: a level file for a levels folder's custom/."),
        Err(e) => format!("Not downloaded: {e}."),
    };
}

/// During a test play, a button back to the editor goes first in the HUD's top bar: in the
/// bar's flow, above the level's name, so it never covers it at any window size; drawn above
/// every panel, so the end and pause panels leave it in reach.
pub(super) fn show_back_to_editor(
    mut commands: Commands,
    fonts: Res<Fonts>,
    bars: Query<(Entity, &HudBar)>,
    shown: Query<(), With<BackToEditor>>,
) {
    if !shown.is_empty() {
        return;
    }
    let Some((top, _)) = bars.iter().find(|(_, bar)| **bar == HudBar::Top) else {
        return;
    };
    let button = commands
        .spawn((
            Button,
            Node {
                align_self: AlignSelf::FlexStart,
                height: px(34),
                padding: UiRect::horizontal(px(14)),
                margin: UiRect::bottom(px(4)),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BackgroundColor(theme::BUTTON),
            BackToEditor,
            GlobalZIndex(20),
            children![(
                Text::new("Back to editor (E)"),
                fonts.text(17.0),
                TextColor(theme::TEXT),
                Pickable::IGNORE
            )],
        ))
        .id();
    commands.entity(top).insert_children(0, &[button]);
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
