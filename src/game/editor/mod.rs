//! The level editor screen: paint a grid with a palette (click, drag, or rectangle fill),
//! resize it, set the goal, budget, name, author and tip, prove par in the background,
//! watch the solution play out, test-play the level and come back, and save it.
//! The edits themselves live in [`crate::level_draft`]; this is their view and input.

use super::Screen;
use super::board_view::{BoardLayout, tile_colour, window_size};
use super::campaign::{Campaign, CampaignLevel, CurrentLevel, LevelsFolder, is_file_key};
use super::hud::goal_text;
use super::input::cell_under;
use super::progress::Progress;
use super::theme::{self, Fonts};
use crate::level_draft::{Draft, LevelEditor, QUICK_CHECK_NODES, budget_words, problems};
use crate::level_files::CUSTOM_FOLDER;
use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos, Tribe};
use crate::rules::goal::Goal;
use crate::rules::moves::Move;
use crate::rules::solver::{Outcome, SolveLimits, solve_with_progress};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use bevy::window::PrimaryWindow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

mod grid_view;
mod panel;
mod solving;

use grid_view::*;
use panel::*;
use solving::*;

/// Width of the side panel of controls, in logical pixels.
const PANEL_WIDTH: f32 = 330.0;

/// What the brush paints: the palette, in order.
pub const PALETTE: [Cell; 12] = [
    Cell::Shallow,
    Cell::Deep,
    Cell::Land(None),
    Cell::Rock,
    Cell::Land(Tribe::new(0)),
    Cell::Land(Tribe::new(1)),
    Cell::Land(Tribe::new(2)),
    Cell::Land(Tribe::new(3)),
    Cell::Land(Tribe::new(4)),
    Cell::Land(Tribe::new(5)),
    Cell::Land(Tribe::new(6)),
    Cell::Land(Tribe::new(7)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Click or drag to paint cell by cell.
    #[default]
    Paint,
    /// Drag from corner to corner to fill a rectangle.
    Rectangle,
}

/// A text the designer types into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Author,
    Tip,
}

/// Everything the editor screen shows; it outlives the screen, so test play comes back to
/// the editor as it was.
#[derive(Resource)]
pub struct Editing {
    pub editor: LevelEditor,
    /// The file the draft came from or was saved to, inside the levels folder.
    pub file: Option<String>,
    pub brush: Cell,
    pub tool: Tool,
    pub typing: Option<Field>,
    /// Where the pointer went down on the board (a rectangle's first corner).
    pub anchor: Option<Pos>,
    pub problems: Vec<String>,
    checked: Option<Draft>,
    pub message: String,
    pub preview: Option<Preview>,
    pub solving: Option<SolveJob>,
    /// The draft as last saved, to tell unsaved changes.
    pub saved: Option<Draft>,
    /// A save waiting for the designer to agree to replace this file.
    pub confirm_replace: Option<String>,
    pub choosing_file: bool,
}

impl Editing {
    pub fn new(draft: Draft, file: Option<String>) -> Editing {
        let saved = file.as_ref().map(|_| draft.clone());
        Editing {
            editor: LevelEditor::new(draft),
            file,
            brush: Cell::Land(None),
            tool: Tool::Paint,
            typing: None,
            anchor: None,
            problems: Vec::new(),
            checked: None,
            message: String::new(),
            preview: None,
            solving: None,
            saved,
            confirm_replace: None,
            choosing_file: false,
        }
    }

    pub fn draft(&self) -> &Draft {
        self.editor.draft()
    }

    pub fn unsaved(&self) -> bool {
        self.saved.as_ref() != Some(self.draft())
    }

    /// Makes an edit and drops what it makes stale (a shown solution).
    pub fn edit(&mut self, change: impl FnOnce(&mut LevelEditor) -> bool) -> bool {
        let changed = change(&mut self.editor);
        if changed {
            self.preview = None;
        }
        changed
    }
}

/// The draft is being test-played: the playing screen offers the way back, and a win is
/// not recorded in the player's progress.
#[derive(Resource, Debug, Clone, Copy)]
pub struct TestPlay;

/// Ask to open the editor (from the title, or from a level with E).
#[derive(Message, Debug, Clone)]
pub enum OpenEditor {
    /// The editor as it was left, or a new level.
    Resume,
    /// This level, from this file.
    Level(CampaignLevel),
}

#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub enum EditorButton {
    Brush(Cell),
    Tool(Tool),
    Resize(isize, isize),
    GoalKind,
    GoalNumber(i32),
    Sand(i32),
    SandUnlimited,
    Bridges(i32),
    BridgesUnlimited,
    Type(Field),
    New,
    Open,
    Save,
    SaveCustom,
    Solve,
    TestPlay,
    Undo,
    Redo,
    Back,
    OpenFile(String),
    Replace,
    Cancel,
}

#[derive(Component)]
struct BackToEditor;

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
                OnEnter(Screen::Playing),
                spawn_back_to_editor.run_if(resource_exists::<TestPlay>),
            )
            .add_systems(Update, edit_current_level.run_if(in_state(Screen::Playing)))
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
                    colour_tiles,
                    update_texts,
                )
                    .chain()
                    .run_if(in_state(Screen::Editor)),
            );
    }
}

fn open_editor(
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

fn press_buttons(
    mut commands: Commands,
    buttons: Query<(&Interaction, &EditorButton), Changed<Interaction>>,
    mut editing: ResMut<Editing>,
    campaign: Res<Campaign>,
    folder: Option<Res<LevelsFolder>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        // A click anywhere ends typing.
        if !matches!(button, EditorButton::Type(_)) {
            stop_typing_in(&mut editing);
        }
        act(
            button.clone(),
            &mut commands,
            &mut editing,
            &campaign,
            folder.as_deref(),
            &mut next,
        );
    }
}

fn act(
    button: EditorButton,
    commands: &mut Commands,
    editing: &mut Editing,
    campaign: &Campaign,
    folder: Option<&LevelsFolder>,
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
            stop_typing_in(editing);
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
                cancel_solve(editing);
                editing.message = "Solving cancelled.".into();
            } else {
                start_solve(editing);
            }
        }
        EditorButton::TestPlay => test_play(commands, editing, next),
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

fn stop_typing_in(editing: &mut Editing) {
    if editing.typing.take().is_some() {
        editing.editor.end_stroke();
    }
}

fn stop_typing(editing: Option<ResMut<Editing>>) {
    if let Some(mut editing) = editing {
        stop_typing_in(&mut editing);
        editing.anchor = None;
        editing.editor.end_stroke();
    }
}

/// Typed text goes into the field being edited; Enter, Tab or Escape ends it.
fn type_text(mut keys: MessageReader<KeyboardInput>, mut editing: ResMut<Editing>) {
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
                stop_typing_in(&mut editing);
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

fn editor_keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    mut editing: ResMut<Editing>,
    campaign: Res<Campaign>,
    folder: Option<Res<LevelsFolder>>,
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
            folder.as_deref(),
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

fn save(commands: &mut Commands, editing: &mut Editing, folder: Option<&LevelsFolder>, to: SaveTo) {
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
        _ => super::level_store::custom_key(&level.name),
    };
    // The browser cannot change the shipped campaign: its levels are saved as the
    // designer's own.
    let key = if cfg!(target_arch = "wasm32") && !key.starts_with(CUSTOM_FOLDER) {
        super::level_store::custom_key(&level.name)
    } else {
        key
    };
    let replacing_other = editing.file.as_deref() != Some(key.as_str());
    if to != SaveTo::Confirmed && replacing_other && super::level_store::exists(folder, &key) {
        editing.confirm_replace = Some(key);
        return;
    }
    editing.confirm_replace = None;
    match super::level_store::save(folder, &key, &level) {
        Ok(place) => {
            editing.file = Some(key);
            editing.saved = Some(editing.draft().clone());
            let unproven = if editing.draft().par.is_none() {
                " Par is not proven yet: press Solve, then save again."
            } else {
                ""
            };
            editing.message = format!("Saved to {place}.{unproven}");
            commands.queue(super::level_store::refresh_campaign);
        }
        Err(e) => editing.message = format!("Not saved: {e}"),
    }
}

/// During a test play, a button back to the editor stays above every panel.
fn spawn_back_to_editor(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn((
        theme::button(&fonts, "Back to editor (E)", 220.0),
        BackToEditor,
        GlobalZIndex(20),
        DespawnOnExit(Screen::Playing),
    ));
}

/// E on a level opens it in the editor; during a test play, it goes back to the editor.
fn edit_current_level(
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
