//! The level editor screen: paint a grid with a palette (click, drag, or rectangle fill),
//! resize it, set the goal, budget, name, author and tip, prove par in the background,
//! watch the solution play out, test-play the level and come back, and save it.
//! The edits themselves live in [`crate::level_draft`]; this is their view and input.

use super::Screen;
use super::board_view::{BoardLayout, tile_colour, window_size};
use super::campaign::{Campaign, CampaignLevel, CurrentLevel, LevelsFolder};
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

/// Width of the side panel of controls, in logical pixels.
const PANEL_WIDTH: f32 = 330.0;
/// Room above the board for the title line and below it for the key list.
const TOP: f32 = 56.0;
const BOTTOM: f32 = 36.0;
/// The solver's limit in the editor: far beyond any shipped level's proof.
const SOLVE_NODES: u64 = 50_000_000;
/// Seconds each move of a shown solution stays on screen.
const PREVIEW_STEP: f32 = 0.7;

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

/// A solution being played out on the board after Solve.
#[derive(Debug, Clone)]
pub struct Preview {
    pub board: Board,
    pub moves: Vec<Move>,
    pub shown: usize,
    pub clock: f32,
}

/// A proof of par running in the background.
pub struct SolveJob {
    task: Task<Outcome>,
    cancel: Arc<AtomicBool>,
    nodes: Arc<AtomicU64>,
    bound: Arc<AtomicU32>,
    /// The draft being solved: a result for an older draft is thrown away.
    draft: Draft,
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

/// Texts the editor keeps up to date.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum EditorText {
    Title,
    Size,
    Goal,
    Sand,
    Bridges,
    Par,
    Field(Field),
    Problems,
    Message,
    SolveLabel,
}

#[derive(Component)]
struct EditorTile(Pos);
#[derive(Component)]
struct TileMark(Pos);
#[derive(Component)]
struct EditorBoard;
#[derive(Component)]
struct RectanglePreview;
#[derive(Component)]
struct Dialog;
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
                let file = (!level.key.contains(':') && !level.key.starts_with("endless/"))
                    .then(|| level.key.clone());
                let mut opened = Editing::new(Draft::from_level(&level.level), file);
                opened.message = format!("Opened {}.", level.key);
                commands.insert_resource(opened);
            }
        }
        next.set(Screen::Editor);
    }
}

/// Where the board sits beside the panel.
fn editor_layout(width: usize, height: usize, window: Vec2) -> BoardLayout {
    let room = Vec2::new(
        window.x - PANEL_WIDTH - 32.0,
        window.y - TOP - BOTTOM - 16.0,
    )
    .max(Vec2::splat(20.0));
    let cell = (room.x / width as f32)
        .min(room.y / height as f32)
        .min(72.0)
        .floor()
        .max(2.0);
    let centre = Vec2::new(-PANEL_WIDTH / 2.0, (BOTTOM - TOP) / 2.0);
    BoardLayout {
        cell,
        origin: centre
            + Vec2::new(
                -(width as f32 - 1.0) * cell / 2.0,
                (height as f32 - 1.0) * cell / 2.0,
            ),
        width,
        height,
    }
}

fn spawn_board(
    mut commands: Commands,
    editing: Option<Res<Editing>>,
    window: Query<&Window, With<PrimaryWindow>>,
    fonts: Res<Fonts>,
    old: Query<Entity, With<EditorBoard>>,
) {
    let Some(editing) = editing else { return };
    for entity in &old {
        commands.entity(entity).despawn();
    }
    let draft = editing.draft();
    let layout = editor_layout(draft.width, draft.height, window_size(&window));
    commands.insert_resource(layout);
    let root = commands
        .spawn((
            EditorBoard,
            Transform::default(),
            Visibility::default(),
            DespawnOnExit(Screen::Editor),
        ))
        .id();
    let size = Vec2::splat(layout.cell - layout.gap());
    for row in 0..draft.height {
        for col in 0..draft.width {
            let pos = Pos::new(row, col);
            let tile = commands
                .spawn((
                    Sprite::from_color(theme::SHALLOW, size),
                    Transform::from_translation(layout.centre(pos).extend(0.0)),
                    EditorTile(pos),
                    ChildOf(root),
                ))
                .id();
            commands.spawn((
                Text2d::new(""),
                fonts.bold(layout.cell * 0.45),
                TextColor(Color::srgba(1.0, 1.0, 1.0, 0.85)),
                Transform::from_xyz(0.0, 0.0, 0.5),
                TileMark(pos),
                ChildOf(tile),
            ));
        }
    }
    commands.spawn((
        Sprite::from_color(Color::srgba(1.0, 0.8, 0.3, 0.35), Vec2::ONE),
        Transform::from_xyz(0.0, 0.0, 2.0),
        Visibility::Hidden,
        RectanglePreview,
        ChildOf(root),
    ));
}

/// A new size of grid or window lays the board out again.
fn relayout_board(
    commands: Commands,
    editing: Res<Editing>,
    layout: Option<Res<BoardLayout>>,
    window: Query<&Window, With<PrimaryWindow>>,
    fonts: Res<Fonts>,
    old: Query<Entity, With<EditorBoard>>,
) {
    let draft = editing.draft();
    let wanted = editor_layout(draft.width, draft.height, window_size(&window));
    if layout.is_some_and(|l| *l == wanted) {
        return;
    }
    spawn_board(commands, Some(editing), window, fonts, old);
}

/// The colour a draft's cell is painted in.
fn draft_colour(cell: Cell, colour_blind: bool) -> Color {
    match cell {
        Cell::Shallow => theme::SHALLOW,
        Cell::Deep => theme::DEEP,
        Cell::Rock => theme::ROCK,
        Cell::Land(None) => theme::neutral_colour(0),
        Cell::Land(Some(tribe)) => theme::tribe_colour(tribe, colour_blind),
        Cell::Bridge { .. } => theme::PLANK,
    }
}

fn cell_mark(cell: Cell, colour_blind: bool) -> String {
    match cell.tribe() {
        Some(t) if colour_blind => theme::TRIBE_SYMBOLS[t.index()].to_string(),
        Some(t) => t.letter().to_string(),
        None => String::new(),
    }
}

fn colour_tiles(
    editing: Res<Editing>,
    progress: Res<Progress>,
    layout: Option<Res<BoardLayout>>,
    mut tiles: Query<(&EditorTile, &mut Sprite)>,
    mut marks: Query<(&TileMark, &mut Text2d)>,
) {
    let Some(layout) = layout else { return };
    if !editing.is_changed() && !layout.is_changed() {
        return;
    }
    let colour_blind = progress.settings.colour_blind;
    let draft = editing.draft();
    let inside = |p: Pos| p.row < draft.height && p.col < draft.width;
    for (EditorTile(pos), mut sprite) in &mut tiles {
        if !inside(*pos) {
            continue;
        }
        let colour = match &editing.preview {
            Some(preview) => tile_colour(&preview.board, *pos, colour_blind),
            None => draft_colour(draft.cell(*pos), colour_blind),
        };
        if sprite.color != colour {
            sprite.color = colour;
        }
    }
    for (TileMark(pos), mut text) in &mut marks {
        if !inside(*pos) {
            continue;
        }
        let cell = match &editing.preview {
            Some(preview) => preview.board.cell(*pos).unwrap_or(Cell::Shallow),
            None => draft.cell(*pos),
        };
        let mark = match cell {
            Cell::Bridge { axis, .. } => {
                if axis == crate::rules::cell::Axis::Horizontal {
                    "=".to_string()
                } else {
                    "‖".to_string()
                }
            }
            other => cell_mark(other, colour_blind),
        };
        if text.0 != mark {
            text.0 = mark;
        }
    }
}

fn spawn_panel(mut commands: Commands, fonts: Res<Fonts>, editing: Option<Res<Editing>>) {
    if editing.is_none() {
        return;
    }
    let small = |label: &str, action: EditorButton| {
        (
            compact_button(&fonts, label.into(), 14.0, control_node(), ()),
            action,
        )
    };
    let label = |kind: EditorText| {
        (
            Text::new(""),
            fonts.text(15.0),
            TextColor(theme::TEXT),
            kind,
            Node {
                margin: UiRect::top(px(6)),
                ..default()
            },
        )
    };
    let row = || Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        align_items: AlignItems::Center,
        ..default()
    };
    // The title line over the board.
    commands.spawn((
        Text::new(""),
        fonts.bold(22.0),
        TextColor(theme::ACCENT),
        EditorText::Title,
        Node {
            position_type: PositionType::Absolute,
            left: px(16),
            top: px(12),
            ..default()
        },
        DespawnOnExit(Screen::Editor),
    ));
    commands.spawn((
        Text::new(
            "Left drag: paint · Right drag: water · 1-4: brushes · Ctrl+Z / Ctrl+Y · Ctrl+S save · T test play · Esc back",
        ),
        fonts.text(13.0),
        TextColor(theme::TEXT_DIM),
        Node {
            position_type: PositionType::Absolute,
            left: px(16),
            bottom: px(10),
            ..default()
        },
        DespawnOnExit(Screen::Editor),
    ));
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                right: px(0),
                top: px(0),
                width: px(PANEL_WIDTH),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(10)),
                overflow: Overflow::clip_y(),
                ..default()
            },
            BackgroundColor(theme::PANEL),
            DespawnOnExit(Screen::Editor),
        ))
        .with_children(|panel| {
            panel.spawn(row()).with_children(|r| {
                for cell in PALETTE {
                    r.spawn((
                        Button,
                        Node {
                            width: px(30),
                            height: px(30),
                            margin: UiRect::all(px(2)),
                            border: UiRect::all(px(3)),
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            ..default()
                        },
                        BorderColor::all(Color::NONE),
                        BackgroundColor(draft_colour(cell, false)),
                        theme::OwnColour,
                        EditorButton::Brush(cell),
                        children![(
                            Text::new(cell_mark(cell, false)),
                            fonts.bold(14.0),
                            TextColor(theme::TEXT),
                            Pickable::IGNORE
                        )],
                    ));
                }
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("Paint", EditorButton::Tool(Tool::Paint)));
                r.spawn(small("Rectangle", EditorButton::Tool(Tool::Rectangle)));
                r.spawn(small("Undo", EditorButton::Undo));
                r.spawn(small("Redo", EditorButton::Redo));
            });
            panel.spawn(label(EditorText::Size));
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("W−", EditorButton::Resize(-1, 0)));
                r.spawn(small("W+", EditorButton::Resize(1, 0)));
                r.spawn(small("H−", EditorButton::Resize(0, -1)));
                r.spawn(small("H+", EditorButton::Resize(0, 1)));
            });
            panel.spawn(label(EditorText::Goal));
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("Change goal", EditorButton::GoalKind));
                r.spawn(small("−", EditorButton::GoalNumber(-1)));
                r.spawn(small("+", EditorButton::GoalNumber(1)));
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(label(EditorText::Sand));
                r.spawn(small("−", EditorButton::Sand(-1)));
                r.spawn(small("+", EditorButton::Sand(1)));
                r.spawn(small("∞", EditorButton::SandUnlimited));
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(label(EditorText::Bridges));
                r.spawn(small("−", EditorButton::Bridges(-1)));
                r.spawn(small("+", EditorButton::Bridges(1)));
                r.spawn(small("∞", EditorButton::BridgesUnlimited));
            });
            for field in [Field::Name, Field::Author, Field::Tip] {
                panel.spawn((
                    Button,
                    Node {
                        margin: UiRect::top(px(4)),
                        padding: UiRect::all(px(5)),
                        border_radius: BorderRadius::all(px(5)),
                        ..default()
                    },
                    BackgroundColor(theme::BUTTON),
                    EditorButton::Type(field),
                    children![(
                        Text::new(""),
                        fonts.text(14.0),
                        TextColor(theme::TEXT),
                        EditorText::Field(field),
                        Pickable::IGNORE
                    )],
                ));
            }
            panel.spawn(label(EditorText::Par));
            panel.spawn(row()).with_children(|r| {
                let label = EditorText::SolveLabel;
                let solve = compact_button(&fonts, "Solve".into(), 14.0, control_node(), label);
                r.spawn((solve, EditorButton::Solve));
                r.spawn(small("Test play", EditorButton::TestPlay));
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("New", EditorButton::New));
                r.spawn(small("Open", EditorButton::Open));
                r.spawn(small("Save", EditorButton::Save));
                r.spawn(small("Save as mine", EditorButton::SaveCustom));
                r.spawn(small("Back", EditorButton::Back));
            });
            panel.spawn((
                Text::new(""),
                fonts.text(14.0),
                TextColor(theme::ACCENT),
                EditorText::Message,
                Node {
                    margin: UiRect::top(px(8)),
                    ..default()
                },
            ));
            panel.spawn((
                Text::new(""),
                fonts.text(14.0),
                TextColor(theme::WARNING),
                EditorText::Problems,
                Node {
                    margin: UiRect::top(px(8)),
                    ..default()
                },
            ));
        });
}

/// A small button with a one-line label; `text_marker` goes on the label's text.
fn compact_button(
    fonts: &Fonts,
    label: String,
    font_size: f32,
    node: Node,
    text_marker: impl Bundle,
) -> impl Bundle {
    (
        Button,
        node,
        BackgroundColor(theme::BUTTON),
        children![(
            Text::new(label),
            fonts.text(font_size),
            TextColor(theme::TEXT),
            Pickable::IGNORE,
            text_marker,
        )],
    )
}

/// The editor's control buttons: as wide as their label.
fn control_node() -> Node {
    Node {
        min_width: px(34),
        height: px(28),
        padding: UiRect::horizontal(px(8)),
        margin: UiRect::all(px(2)),
        justify_content: JustifyContent::Center,
        align_items: AlignItems::Center,
        border_radius: BorderRadius::all(px(5)),
        ..default()
    }
}

fn field_text(draft: &Draft, field: Field) -> &str {
    match field {
        Field::Name => &draft.name,
        Field::Author => &draft.author,
        Field::Tip => &draft.tip,
    }
}

fn count_words(count: Option<u32>) -> String {
    count.map_or("unlimited".into(), |n| n.to_string())
}

fn update_texts(
    editing: Res<Editing>,
    mut texts: Query<(&EditorText, &mut Text, &mut TextColor)>,
    mut brushes: Query<(&EditorButton, &mut BorderColor)>,
) {
    if !editing.is_changed() {
        return;
    }
    let draft = editing.draft();
    for (kind, mut text, mut colour) in &mut texts {
        if *kind == EditorText::Problems {
            let wanted = if editing.problems.is_empty() {
                theme::TEXT_DIM
            } else {
                theme::WARNING
            };
            if colour.0 != wanted {
                colour.0 = wanted;
            }
        }
        let value = match kind {
            EditorText::Title => format!(
                "Level editor: {}{}",
                editing.file.as_deref().unwrap_or("new level"),
                if editing.unsaved() { " (unsaved)" } else { "" }
            ),
            EditorText::Size => format!("Size: {} × {}", draft.width, draft.height),
            EditorText::Goal => {
                let tribes = draft.cells.iter().any(|c| c.tribe().is_some());
                goal_text(draft.goal, tribes)
            }
            EditorText::Sand => format!("Sand: {}  ", count_words(draft.budget.sand)),
            EditorText::Bridges => format!("Bridges: {}  ", count_words(draft.budget.bridges)),
            EditorText::Par => match (&editing.solving, draft.par) {
                (Some(job), _) => format!(
                    "Solving… at least {} moves, {} positions",
                    job.bound.load(Ordering::Relaxed),
                    job.nodes.load(Ordering::Relaxed)
                ),
                (None, Some(par)) => format!("Par: {par} (proven)"),
                (None, None) => "Par: not proven yet".into(),
            },
            EditorText::Field(field) => {
                let label = match field {
                    Field::Name => "Name",
                    Field::Author => "Author",
                    Field::Tip => "Tip",
                };
                let value = field_text(draft, *field);
                if editing.typing == Some(*field) {
                    format!("{label}: {value}▏")
                } else if value.is_empty() {
                    format!("{label}: (click to type)")
                } else {
                    format!("{label}: {value}")
                }
            }
            EditorText::Problems => {
                if editing.problems.is_empty() {
                    "No problems: ready to play and save.".into()
                } else {
                    editing
                        .problems
                        .iter()
                        .map(|p| format!("• {p}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            }
            EditorText::Message => editing.message.clone(),
            EditorText::SolveLabel => if editing.solving.is_some() {
                "Cancel"
            } else {
                "Solve"
            }
            .into(),
        };
        if text.0 != value {
            text.0 = value;
        }
    }
    for (button, mut border) in &mut brushes {
        let selected = match button {
            EditorButton::Brush(cell) => *cell == editing.brush,
            EditorButton::Tool(tool) => *tool == editing.tool,
            _ => continue,
        };
        *border = BorderColor::all(if selected { theme::ACCENT } else { Color::NONE });
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

/// Left button paints with the brush, right button with shallow water; with the rectangle
/// tool a drag fills from corner to corner.
fn paint_with_pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    mut editing: ResMut<Editing>,
    mut preview: Query<(&mut Transform, &mut Sprite, &mut Visibility), With<RectanglePreview>>,
) {
    let Some(layout) = layout else { return };
    if editing.choosing_file || editing.confirm_replace.is_some() {
        return;
    }
    let hover = window
        .single()
        .ok()
        .and_then(|w| w.cursor_position())
        .and_then(|p| cell_under(p, &cameras, &layout));
    let left = MouseButton::Left;
    let right = MouseButton::Right;
    let brush = if buttons.pressed(right) || buttons.just_released(right) {
        Cell::Shallow
    } else {
        editing.brush
    };
    let pressed = buttons.any_just_pressed([left, right]);
    let held = buttons.any_pressed([left, right]);
    let released = buttons.any_just_released([left, right]);
    if pressed && let Some(at) = hover {
        stop_typing_in(&mut editing);
        editing.anchor = Some(at);
        editing.preview = None;
        if editing.tool == Tool::Paint {
            editing.editor.begin_stroke();
        }
    }
    let Some(anchor) = editing.anchor else {
        return;
    };
    match editing.tool {
        Tool::Paint => {
            // A quick click presses and releases within one frame: it still paints.
            if (held || pressed)
                && let Some(at) = hover
            {
                editing.edit(|e| e.paint(at, brush));
            }
            if released {
                editing.editor.end_stroke();
                editing.anchor = None;
                // The stroke's end is the edit for change detection's sake.
                editing.set_changed();
            }
        }
        Tool::Rectangle => {
            let corner = hover.unwrap_or(anchor);
            if let Ok((mut transform, mut sprite, mut visibility)) = preview.single_mut() {
                let (a, b) = (layout.centre(anchor), layout.centre(corner));
                transform.translation = ((a + b) / 2.0).extend(2.0);
                sprite.custom_size = Some((a - b).abs() + Vec2::splat(layout.cell));
                *visibility = if released {
                    Visibility::Hidden
                } else {
                    Visibility::Visible
                };
            }
            if released {
                editing.edit(|e| e.fill_rect(anchor, corner, brush));
                editing.anchor = None;
            }
        }
    }
}

/// Re-checks the draft after each finished edit.
fn check_problems(mut editing: ResMut<Editing>) {
    if editing.anchor.is_some() || editing.checked.as_ref() == Some(editing.draft()) {
        return;
    }
    let draft = editing.draft().clone();
    editing.problems = problems(&draft, QUICK_CHECK_NODES);
    editing.checked = Some(draft);
}

fn start_solve(editing: &mut Editing) {
    let draft = editing.draft().clone();
    let board = match draft.to_level().map(|l| l.board()) {
        Ok(Ok(board)) => board,
        Ok(Err(e)) => {
            editing.message = format!("Can't solve: {e}.");
            return;
        }
        Err(e) => {
            editing.message = format!("Can't solve: {e}.");
            return;
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let nodes = Arc::new(AtomicU64::new(0));
    let bound = Arc::new(AtomicU32::new(0));
    let (c, n, b) = (cancel.clone(), nodes.clone(), bound.clone());
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let limits = SolveLimits {
            max_nodes: SOLVE_NODES,
            count_solutions_up_to: 0,
        };
        let mut progress = |depth: u32, seen: u64| {
            b.store(depth, Ordering::Relaxed);
            n.store(seen, Ordering::Relaxed);
            !c.load(Ordering::Relaxed)
        };
        solve_with_progress(&board, limits, &mut progress).outcome
    });
    editing.preview = None;
    editing.message = "Solving…".into();
    editing.solving = Some(SolveJob {
        task,
        cancel,
        nodes,
        bound,
        draft,
    });
}

fn cancel_solve(editing: &mut Editing) {
    if let Some(job) = editing.solving.take() {
        job.cancel.store(true, Ordering::Relaxed);
    }
}

/// Collects the solver's answer: par is filled in and the solution starts playing.
fn run_solver(mut editing: ResMut<Editing>) {
    let Some(job) = editing.solving.as_mut() else {
        return;
    };
    let Some(outcome) = check_ready(&mut job.task) else {
        // The progress line moves while the search runs.
        editing.set_changed();
        return;
    };
    let job = editing.solving.take().expect("checked above");
    if job.draft != *editing.draft() {
        editing.message = "The level changed while solving: press Solve again.".into();
        return;
    }
    match outcome {
        Outcome::Solved { moves } => {
            let par = moves.len() as u32;
            editing.edit(|e| e.edit(|d| d.par = Some(par)));
            editing.message = format!("Par is {par}. Watch one optimal solution.");
            if let Ok(Ok(board)) = job.draft.to_level().map(|l| l.board()) {
                editing.preview = Some(Preview {
                    board,
                    moves,
                    shown: 0,
                    clock: 0.0,
                });
            }
        }
        Outcome::Unwinnable => {
            editing.message = format!(
                "It can't be won within the budget ({}).",
                budget_words(job.draft.budget)
            );
        }
        Outcome::GaveUp { proven_at_least } => {
            editing.message = format!(
                "Stopped after {} positions: par is at least {proven_at_least}.",
                job.nodes.load(Ordering::Relaxed)
            );
        }
    }
}

fn play_preview(time: Res<Time>, mut editing: ResMut<Editing>) {
    let Some(preview) = editing.preview.as_mut() else {
        return;
    };
    if preview.shown >= preview.moves.len() {
        return;
    }
    preview.clock += time.delta_secs();
    if preview.clock < PREVIEW_STEP {
        return;
    }
    preview.clock = 0.0;
    let mv = preview.moves[preview.shown];
    let _ = preview.board.apply(mv);
    preview.shown += 1;
    let (shown, total) = (preview.shown, preview.moves.len());
    editing.message = format!(
        "Solution, move {shown} of {total}: {}.",
        super::playing::describe(mv)
    );
}

fn test_play(commands: &mut Commands, editing: &mut Editing, next: &mut NextState<Screen>) {
    cancel_solve(editing);
    match editing.draft().to_level() {
        Ok(level) => match level.board() {
            Ok(_) => {
                commands.insert_resource(CurrentLevel(CampaignLevel {
                    key: format!("editor:{}", editing.file.as_deref().unwrap_or("new level")),
                    level,
                }));
                commands.insert_resource(TestPlay);
                next.set(Screen::Playing);
            }
            Err(e) => editing.message = format!("Can't play it yet: {e}."),
        },
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

/// The file list (Open) and the replace question, over the editor.
fn show_dialogs(
    mut commands: Commands,
    editing: Res<Editing>,
    fonts: Res<Fonts>,
    campaign: Res<Campaign>,
    open: Query<Entity, With<Dialog>>,
) {
    let wanted = editing.choosing_file || editing.confirm_replace.is_some();
    if !editing.is_changed() || wanted != open.is_empty() {
        return;
    }
    for entity in &open {
        commands.entity(entity).despawn();
    }
    if !wanted {
        return;
    }
    let list_node = Node {
        width: px(230),
        height: px(26),
        margin: UiRect::all(px(2)),
        padding: UiRect::horizontal(px(6)),
        align_items: AlignItems::Center,
        border_radius: BorderRadius::all(px(5)),
        ..default()
    };
    let small = |label: String, action: EditorButton| {
        let button = compact_button(&fonts, label, 13.0, list_node.clone(), ());
        (button, action)
    };
    let replace = editing.confirm_replace.clone();
    let entries: Vec<(String, String)> = campaign
        .all()
        .map(|l| (l.key.clone(), l.level.name.clone()))
        .collect();
    theme::panel(
        &mut commands,
        (Dialog, DespawnOnExit(Screen::Editor)),
        |p| {
            if let Some(key) = replace {
                p.spawn((
                    Text::new(format!("{key} already exists. Replace it?")),
                    fonts.text(18.0),
                    TextColor(theme::TEXT),
                ));
                p.spawn(small("Replace".into(), EditorButton::Replace));
                p.spawn(small("Cancel".into(), EditorButton::Cancel));
                return;
            }
            p.spawn((
                Text::new("Open a level"),
                fonts.bold(20.0),
                TextColor(theme::ACCENT),
            ));
            p.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                max_width: px(980),
                justify_content: JustifyContent::Center,
                ..default()
            })
            .with_children(|list| {
                for (key, name) in entries {
                    let folder = key.split('/').next().unwrap_or("");
                    list.spawn(small(
                        format!("{folder}: {name}"),
                        EditorButton::OpenFile(key),
                    ));
                }
            });
            p.spawn(small("Cancel".into(), EditorButton::Cancel));
        },
    );
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
