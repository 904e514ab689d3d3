//! The X-ray view: the union-find under the islands, drawn over the board. Each land cell's
//! parent pointer is an arrow to its parent cell; each root shows its rank and its island's
//! size. A move plays what the structure did, one step at a time (finds walking their
//! paths, path splitting re-pointing cells, unions linking by rank), and an undo plays the
//! undo log backwards. X (or the HUD's X-ray button) opens and closes it; `.` and `,` (or
//! the panel's buttons) step forwards and back.
//!
//! The rules core records operations only while the view is open: this plugin turns the
//! session's recorder on and off and takes each action's operations after the model applied
//! it. Everything drawn comes from that log and the structure's read-only view.

pub mod steps;

use super::board_view::{BoardSprites, Tile};
use super::hud::{HudBar, bar_heights};
use super::input::PlayButton;
use super::model::{ActiveSession, BoardUpdate, EndPanelHold, PlayPhase};
use crate::game::level_store::{CampaignLevel, CurrentLevel};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::board_layout::{BoardLayout, HUD_BOTTOM};
use crate::game::ui::theme::{self, Fonts};
use crate::rules::cell::Pos;
use crate::rules::level::Level;
use crate::union_find::Node as UfNode;
use bevy::prelude::*;
use steps::{Forest, Step, StepKind, steps_of};

/// Seconds a step stays on screen at normal animation speed.
pub const STEP_SECONDS: f32 = 0.55;

/// Cells narrower than this (in pixels) get no rank and size labels: they would not fit.
const LABEL_MIN_CELL: f32 = 26.0;

const ARROW: Color = Color::srgb(0.06, 0.09, 0.16);
/// A root's ring, in cells.
const ROOT_RING_RADIUS: f32 = 0.42;
/// The plate under a root's label: light on any land, so the dark words read on it.
const LABEL_PLATE: Color = Color::srgba(0.98, 0.98, 1.0, 0.88);
const ROOT_RING: Color = Color::srgb(0.98, 0.98, 1.0);
const LIT: Color = Color::srgb(1.0, 0.8, 0.3);
const WRITTEN: Color = Color::srgb(1.0, 0.42, 0.2);

/// What the X-ray view shows.
#[derive(Resource, Debug, Default)]
pub struct XRay {
    pub open: bool,
    /// Steps advance only on Next and Back (otherwise they play by themselves).
    pub stepping: bool,
    /// The forest as drawn: the structure before the steps not yet played.
    forest: Option<Forest>,
    /// The last action's steps, and how many of them are drawn.
    steps: Vec<Step>,
    played: usize,
    clock: f32,
    /// Each cell's colour before the last action, `None` where it was not land: while its
    /// steps wait, the board shows the islands as the forest is drawn (see [`tint_pending`]).
    colours_before: Vec<Option<Color>>,
}

impl XRay {
    /// The forest as drawn now (while open).
    pub fn forest(&self) -> Option<&Forest> {
        self.forest.as_ref()
    }

    /// The step drawn last, whose cells are lit and whose line is shown.
    pub fn current(&self) -> Option<&Step> {
        self.played.checked_sub(1).and_then(|i| self.steps.get(i))
    }

    /// Steps of the last action: how many are drawn, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.played, self.steps.len())
    }

    pub fn toggle(&mut self) {
        self.open = !self.open;
    }

    /// Draws the next step; false when none is left.
    pub fn step_forward(&mut self) -> bool {
        let (Some(forest), Some(step)) = (self.forest.as_mut(), self.steps.get(self.played)) else {
            return false;
        };
        forest.apply(step);
        self.played += 1;
        self.clock = 0.0;
        true
    }

    /// Takes back the step drawn last; false at the start.
    pub fn step_back(&mut self) -> bool {
        let Some(forest) = self.forest.as_mut() else {
            return false;
        };
        let Some(step) = self.played.checked_sub(1).and_then(|i| self.steps.get(i)) else {
            return false;
        };
        forest.revert(step);
        self.played -= 1;
        self.clock = 0.0;
        true
    }

    /// Starts showing a new action's steps; what was left of the last is drawn at once.
    fn begin(&mut self, steps: Vec<Step>) {
        while self.step_forward() {}
        self.colours_before.clear();
        self.steps = steps;
        self.played = 0;
        self.clock = 0.0;
    }
}

/// A control of the X-ray panel.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum XRayButton {
    Back,
    Next,
    /// Switches between playing by itself and stepping.
    Mode,
    /// Ends "How it works" (shown once its level is over).
    Done,
}

#[derive(Component)]
struct XRayPanel;

/// Where the panel stands: beside the board where the window has room for it there, else
/// on the bottom bar, in the room below the board (over the board's last rows when a
/// window has none). The board never moves or shrinks when the view opens, so the cell
/// under the pointer stays under it.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
enum PanelDock {
    Bottom,
    /// Right of the board: its top (below the top bar) and width, in UI pixels.
    Side {
        top: f32,
        width: f32,
    },
}

/// Room between the bottom bar and the panel standing on it, in UI pixels.
const ON_BOTTOM_GAP: f32 = 6.0;

/// The narrowest the panel may be beside the board, in UI pixels.
const SIDE_MIN_WIDTH: f32 = 220.0;

#[derive(Component)]
struct XRayCaption;

/// "How it works": the first level played in the X-ray view, step by step, with a paragraph
/// on each idea as the move reaches it. Present while that level is played from the title.
#[derive(Resource, Debug, Default)]
pub struct Guide;

/// Asks for "How it works" (the title's button).
#[derive(Message, Debug, Clone, Copy)]
pub struct OpenGuide;

#[derive(Component)]
struct GuideText;

#[derive(Component)]
struct XRayModeLabel;

/// A root's rank and size, drawn on its cell.
#[derive(Component)]
struct RootLabel;

pub struct XRayPlugin;

impl Plugin for XRayPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<XRay>()
            .add_message::<OpenGuide>()
            .add_message::<FinishGuide>()
            .add_systems(Update, (open_guide, finish_guide))
            .add_systems(OnEnter(Screen::Playing), spawn_panel)
            // Another level: the drawing starts again from its board (open stays open).
            .add_systems(
                OnExit(Screen::Playing),
                |mut commands: Commands, mut xray: ResMut<XRay>| {
                    commands.remove_resource::<Guide>();
                    *xray = XRay {
                        open: xray.open,
                        stepping: xray.stepping,
                        ..XRay::default()
                    };
                },
            )
            .add_systems(
                Update,
                (xray_keys, press_buttons)
                    .in_set(FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                record_while_open
                    .after(super::model::apply_actions)
                    .in_set(FrameStep::Apply)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                (
                    place_panel,
                    play_steps,
                    // Headless (tests) there is no renderer, so no gizmos to draw with.
                    draw_forest.run_if(resource_exists::<GizmoConfigStore>),
                    label_roots,
                    tint_pending,
                    show_panel,
                    hold_end_panels,
                )
                    .chain()
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// Ends "How it works": the X-ray closes and the title comes back.
#[derive(Message, Debug, Clone, Copy)]
pub struct FinishGuide;

/// Whether the view is holding the won or lost panel back (see [`hold_end_panels`]).
pub fn holds_end_panels(xray: &XRay, guide: bool) -> bool {
    let (played, total) = xray.progress();
    xray.open && (played < total || guide)
}

/// Esc or Pause on a won or lost board whose panel the view holds back: the way out is
/// never hidden. "How it works" ends (as Done does); otherwise the steps left are drawn
/// at once and the panel shows.
fn way_out(xray: &mut XRay, guide: bool, finish: &mut MessageWriter<FinishGuide>) {
    if guide {
        finish.write(FinishGuide);
    } else {
        while xray.step_forward() {}
    }
}

fn xray_keys(
    keys: Res<ButtonInput<KeyCode>>,
    phase: Res<State<PlayPhase>>,
    mut xray: ResMut<XRay>,
    guide: Option<Res<Guide>>,
    mut finish: MessageWriter<FinishGuide>,
) {
    if matches!(phase.get(), PlayPhase::Paused | PlayPhase::Help) {
        return;
    }
    let ended = matches!(phase.get(), PlayPhase::Won | PlayPhase::Lost);
    if keys.just_pressed(KeyCode::Escape) && ended && holds_end_panels(&xray, guide.is_some()) {
        way_out(&mut xray, guide.is_some(), &mut finish);
        return;
    }
    if keys.just_pressed(KeyCode::KeyX) {
        xray.toggle();
    }
    if !xray.open {
        return;
    }
    if keys.just_pressed(KeyCode::Period) {
        xray.stepping = true;
        xray.step_forward();
    }
    if keys.just_pressed(KeyCode::Comma) {
        xray.stepping = true;
        xray.step_back();
    }
}

fn press_buttons(
    play_buttons: Query<(&Interaction, &PlayButton), Changed<Interaction>>,
    panel_buttons: Query<(&Interaction, &XRayButton), Changed<Interaction>>,
    mut xray: ResMut<XRay>,
    phase: Res<State<PlayPhase>>,
    guide: Option<Res<Guide>>,
    mut finish: MessageWriter<FinishGuide>,
) {
    let ended = matches!(phase.get(), PlayPhase::Won | PlayPhase::Lost);
    for (interaction, button) in &play_buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            PlayButton::XRay => xray.toggle(),
            PlayButton::Pause if ended && holds_end_panels(&xray, guide.is_some()) => {
                way_out(&mut xray, guide.is_some(), &mut finish);
            }
            _ => {}
        }
    }
    for (interaction, button) in &panel_buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            XRayButton::Back => {
                xray.stepping = true;
                xray.step_back();
            }
            XRayButton::Next => {
                xray.stepping = true;
                xray.step_forward();
            }
            XRayButton::Mode => xray.stepping = !xray.stepping,
            XRayButton::Done => {
                finish.write(FinishGuide);
            }
        }
    }
}

/// The model's side: the recorder runs exactly while the view is open, and each action's
/// operations are taken as soon as the model applied it (before the board view shows it, so
/// the tiles still wear their colours from before).
fn record_while_open(
    mut updates: MessageReader<BoardUpdate>,
    active: Option<ResMut<ActiveSession>>,
    mut xray: ResMut<XRay>,
    sprites: Res<BoardSprites>,
    tiles: Query<&Sprite, With<Tile>>,
) {
    let Some(mut active) = active else { return };
    let open = xray.open;
    // Reading `is_recording` through `Deref` keeps the session unchanged for the view.
    if active.session.board().is_recording_island_ops() != open {
        active.session.record_island_ops(open);
    }
    if !open {
        if xray.forest.is_some() {
            *xray = XRay {
                stepping: xray.stepping,
                ..XRay::default()
            };
        }
        updates.clear();
        return;
    }
    if xray.forest.is_none() {
        xray.forest = Some(Forest::of(active.session.board()));
    }
    for update in updates.read() {
        match update {
            BoardUpdate::Played(report)
            | BoardUpdate::Undone(report)
            | BoardUpdate::Redone(report) => {
                let ops = active.session.take_island_ops();
                xray.begin(steps_of(&ops));
                // What the move turned into land or planks was water before it.
                let width = active.session.board().width();
                let was_water: Vec<usize> = match update {
                    BoardUpdate::Undone(_) => Vec::new(),
                    _ => report
                        .changed
                        .iter()
                        .map(|(p, _, _)| p.row * width + p.col)
                        .collect(),
                };
                xray.colours_before = sprites
                    .tiles
                    .iter()
                    .enumerate()
                    .map(|(i, &tile)| {
                        let colour = tiles.get(tile).ok().map(|s| s.color);
                        colour.filter(|_| !was_water.contains(&i))
                    })
                    .collect();
            }
            BoardUpdate::Restarted | BoardUpdate::RestartUndone => {
                // Another board: its recorder starts now, and the drawing starts from it.
                active.session.record_island_ops(true);
                let _ = active.session.take_island_ops();
                xray.begin(Vec::new());
                xray.forest = Some(Forest::of(active.session.board()));
            }
            BoardUpdate::Rejected { .. } => {}
        }
    }
}

/// Plays the steps by themselves, one every [`STEP_SECONDS`] (all at once with animations
/// off), unless the player is stepping.
fn play_steps(time: Res<Time>, settings: Res<Settings>, mut xray: ResMut<XRay>) {
    if !xray.open || xray.stepping {
        return;
    }
    let (played, total) = xray.progress();
    if played >= total {
        return;
    }
    let Some(rate) = settings.animation.rate() else {
        while xray.step_forward() {}
        return;
    };
    // The clock ticking is not a change to draw; the next step is.
    let xray_quiet = xray.bypass_change_detection();
    xray_quiet.clock += time.delta_secs() * rate;
    if xray_quiet.clock >= STEP_SECONDS {
        xray.step_forward();
    }
}

fn draw_forest(
    xray: Res<XRay>,
    layout: Option<Res<BoardLayout>>,
    active: Option<Res<ActiveSession>>,
    mut gizmos: Gizmos,
) {
    let (Some(forest), Some(layout), Some(active)) = (xray.forest(), layout, active) else {
        return;
    };
    if !xray.open {
        return;
    }
    let board = active.session.board();
    let cell = layout.cell;
    let written: Vec<Pos> = xray
        .current()
        .map(|s| s.writes.iter().map(|w| w.at).collect())
        .unwrap_or_default();
    for (pos, node) in forest.cells() {
        let here = layout.centre(pos);
        match node {
            UfNode::Child { parent } => {
                let there = layout.centre(parent);
                let towards = (there - here).normalize_or_zero();
                let start = here + towards * cell * 0.12;
                // The head stops on the parent's edge: at a root, outside its ring, so the
                // arrows coming in spread round it instead of meeting in a knot over its
                // label.
                let stop = if matches!(forest.node(parent), Some(UfNode::Root { .. })) {
                    ROOT_RING_RADIUS + 0.05
                } else {
                    0.3
                };
                let end = there - towards * cell * stop;
                let colour = if written.contains(&pos) {
                    WRITTEN
                } else {
                    ARROW
                };
                gizmos
                    .arrow_2d(start, end, colour)
                    .with_tip_length(cell * 0.22);
                gizmos.circle_2d(Isometry2d::from_translation(here), cell * 0.07, colour);
            }
            UfNode::Root { size, .. } => {
                let land = board.cell(pos).is_some_and(|c| c.is_land());
                if land || size > 1 {
                    gizmos.circle_2d(
                        Isometry2d::from_translation(here),
                        cell * ROOT_RING_RADIUS,
                        ROOT_RING,
                    );
                }
            }
        }
    }
    if let Some(step) = xray.current() {
        let colour = if step.kind == StepKind::Walk {
            LIT
        } else {
            WRITTEN
        };
        for pair in step.lit.windows(2) {
            if step.kind == StepKind::Walk {
                gizmos.line_2d(layout.centre(pair[0]), layout.centre(pair[1]), LIT);
            }
        }
        for &p in &step.lit {
            gizmos.rect_2d(
                Isometry2d::from_translation(layout.centre(p)),
                Vec2::splat(cell * 0.9),
                colour,
            );
        }
    }
}

/// A tile in the colour of its island as the forest is drawn, over the tile, while the
/// action's steps wait.
#[derive(Component)]
pub struct PendingTint;

/// While a move's steps wait (stepping, or playing by themselves), the board does not run
/// ahead of the forest: each land cell wears the colour its drawn root had before the move
/// (a grain not yet linked, the sand's), over its tile; when the last step is drawn the
/// tiles show through again.
fn tint_pending(
    mut commands: Commands,
    xray: Res<XRay>,
    layout: Option<Res<BoardLayout>>,
    active: Option<Res<ActiveSession>>,
    sprites: Res<BoardSprites>,
    tiles: Query<&Sprite, (With<Tile>, Without<PendingTint>)>,
    old: Query<Entity, With<PendingTint>>,
) {
    let layout_changed = layout.as_ref().is_some_and(|l| l.is_changed());
    if !xray.is_changed() && !layout_changed {
        return;
    }
    for tint in &old {
        commands.entity(tint).despawn();
    }
    let (Some(layout), Some(active), Some(forest)) = (layout, active, xray.forest()) else {
        return;
    };
    let (played, total) = xray.progress();
    if !xray.open || played >= total || xray.colours_before.is_empty() {
        return;
    }
    let board = active.session.board();
    let width = board.width();
    for (pos, _) in forest.cells() {
        if !board.cell(pos).is_some_and(|c| c.is_land()) {
            continue;
        }
        let root = forest.root_of(pos);
        let colour = xray
            .colours_before
            .get(root.row * width + root.col)
            .copied()
            .flatten()
            .unwrap_or(theme::SAND);
        let Some(tile) = sprites
            .tiles
            .get(pos.row * width + pos.col)
            .and_then(|&t| tiles.get(t).ok())
        else {
            continue;
        };
        let centre = layout.centre(pos);
        commands.spawn((
            Sprite {
                image: tile.image.clone(),
                color: colour,
                custom_size: tile.custom_size,
                ..default()
            },
            Transform::from_xyz(centre.x, centre.y, 0.2),
            PendingTint,
            DespawnOnExit(Screen::Playing),
        ));
    }
}

/// Rank and size on each root of land, redrawn when the forest as drawn changes.
fn label_roots(
    mut commands: Commands,
    xray: Res<XRay>,
    layout: Option<Res<BoardLayout>>,
    active: Option<Res<ActiveSession>>,
    fonts: Res<Fonts>,
    labels: Query<Entity, With<RootLabel>>,
) {
    let layout_changed = layout.as_ref().is_some_and(|l| l.is_changed());
    if !xray.is_changed() && !layout_changed {
        return;
    }
    for label in &labels {
        commands.entity(label).despawn();
    }
    let (Some(forest), Some(layout), Some(active)) = (xray.forest(), layout, active) else {
        return;
    };
    if !xray.open || layout.cell < LABEL_MIN_CELL {
        return;
    }
    let board = active.session.board();
    for (pos, node) in forest.cells() {
        let UfNode::Root { rank, size } = node else {
            continue;
        };
        if size == 1 && !board.cell(pos).is_some_and(|c| c.is_land()) {
            continue;
        }
        // In the ring's upper part, clear of the emblem a tribe's land shows at the centre
        // and of the arrowheads, which stop outside the ring; on a light plate, so it reads
        // on dark land too, and never wider than the cell.
        let words = format!("r{rank} · {size}");
        let font = (layout.cell * 0.18).clamp(9.0, 16.0);
        let plate = Vec2::new(
            (words.chars().count() as f32 * font * 0.58 + font * 0.5).min(layout.cell * 0.9),
            font * 1.3,
        );
        let centre = layout.centre(pos) + Vec2::new(0.0, layout.cell * 0.26);
        commands.spawn((
            Sprite::from_color(LABEL_PLATE, plate),
            Transform::from_xyz(centre.x, centre.y, 29.0),
            RootLabel,
            DespawnOnExit(Screen::Playing),
        ));
        commands.spawn((
            Text2d::new(words),
            fonts.bold(font),
            TextColor(ARROW),
            TextLayout::justify(Justify::Center),
            Transform::from_xyz(centre.x, centre.y, 30.0),
            RootLabel,
            DespawnOnExit(Screen::Playing),
        ));
    }
}

/// Where the panel goes: beside the board when the room right of it (as the board sits
/// with the view closed, so opening it moves nothing) is wide enough, else on the bottom bar.
pub fn dock_for(
    window: Vec2,
    ui_scale: f32,
    board: (usize, usize),
    bars: (f32, f32),
) -> (f32, bool) {
    let (top, bottom) = bars;
    let layout = BoardLayout::fit_between(board.0, board.1, window, top, bottom);
    let right_edge = layout.origin.x + (board.0 as f32 - 0.5) * layout.cell;
    let room = (window.x / 2.0 - right_edge) / ui_scale.max(0.01) - 16.0;
    (room, room >= SIDE_MIN_WIDTH)
}

/// Docks the panel beside the board or on the bottom bar (see [`PanelDock`]).
fn place_panel(
    xray: Res<XRay>,
    active: Option<Res<ActiveSession>>,
    window: Query<&Window, With<bevy::window::PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    bars: Query<(&HudBar, &ComputedNode)>,
    mut panel: Query<(&mut Node, &mut PanelDock), With<XRayPanel>>,
) {
    let Some(active) = active else { return };
    if !xray.open {
        return;
    }
    let Some((top, bottom)) = bar_heights(&bars, ui_scale.0) else {
        return;
    };
    let board = active.session.board();
    let size = crate::game::ui::board_layout::window_size(&window);
    let (room, side) = dock_for(
        size,
        ui_scale.0,
        (board.width(), board.height()),
        (top, bottom),
    );
    let wanted = if side {
        PanelDock::Side {
            // A UI position: window pixels over the UI scale.
            top: (top / ui_scale.0.max(0.01) + 8.0).round(),
            width: room.floor(),
        }
    } else {
        PanelDock::Bottom
    };
    for (mut node, mut dock) in &mut panel {
        if *dock == wanted {
            continue;
        }
        *dock = wanted;
        match wanted {
            PanelDock::Side { top, width } => {
                node.left = Val::Auto;
                node.right = px(8);
                node.top = px(top);
                node.bottom = Val::Auto;
                node.width = px(width);
                node.max_height =
                    px((size.y / ui_scale.0.max(0.01) - top - HUD_BOTTOM - 16.0).max(80.0));
            }
            PanelDock::Bottom => {
                node.left = px(8);
                node.right = px(8);
                node.top = Val::Auto;
                node.bottom = px(HUD_BOTTOM + ON_BOTTOM_GAP);
                node.width = Val::Auto;
                node.max_height = Val::Auto;
            }
        }
    }
}

fn spawn_panel(mut commands: Commands, fonts: Res<Fonts>) {
    let small_button = |label: &str, which: XRayButton| {
        (
            Button,
            Node {
                height: px(34),
                padding: UiRect::horizontal(px(10)),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(theme::BUTTON),
            which,
            children![(
                Text::new(label),
                fonts.text(15.0),
                TextColor(theme::TEXT),
                Pickable::IGNORE
            )],
        )
    };
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                left: px(8),
                right: px(8),
                bottom: px(HUD_BOTTOM + ON_BOTTOM_GAP),
                display: Display::None,
                padding: UiRect::axes(px(10), px(6)),
                column_gap: px(8),
                align_items: AlignItems::Center,
                flex_wrap: FlexWrap::Wrap,
                align_content: AlignContent::FlexStart,
                row_gap: px(4),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BackgroundColor(theme::PANEL),
            GlobalZIndex(5),
            XRayPanel,
            PanelDock::Bottom,
            DespawnOnExit(Screen::Playing),
        ))
        .with_children(|panel| {
            panel.spawn((
                Text::new(""),
                fonts.text(15.0),
                TextColor(theme::ACCENT),
                Node {
                    width: percent(100),
                    display: Display::None,
                    ..default()
                },
                GuideText,
            ));
            panel.spawn(small_button("◀ Back ,", XRayButton::Back));
            panel.spawn(small_button("Next . ▶", XRayButton::Next));
            panel
                .spawn(small_button("", XRayButton::Mode))
                .with_children(|b| {
                    b.spawn((
                        Text::new("Step by step"),
                        fonts.text(15.0),
                        TextColor(theme::TEXT),
                        Pickable::IGNORE,
                        XRayModeLabel,
                    ));
                });
            panel.spawn((
                Text::new(""),
                fonts.text(15.0),
                TextColor(theme::TEXT),
                Node {
                    flex_shrink: 1.0,
                    flex_grow: 1.0,
                    min_width: px(180),
                    ..default()
                },
                XRayCaption,
            ));
            // "How it works" ends here: shown once its level is over.
            panel.spawn((
                Button,
                Node {
                    height: px(34),
                    padding: UiRect::horizontal(px(18)),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(6)),
                    display: Display::None,
                    ..default()
                },
                BackgroundColor(theme::BUTTON),
                XRayButton::Done,
                children![(
                    Text::new("Done"),
                    fonts.bold(16.0),
                    TextColor(theme::ACCENT),
                    Pickable::IGNORE
                )],
            ));
        });
}

/// The line under the board: what the step drawn last did.
pub fn caption(xray: &XRay) -> String {
    let (played, total) = xray.progress();
    match xray.current() {
        Some(step) => format!("Step {played} of {total}: {}", step.caption),
        None if total > 0 => format!(
            "X-ray: this action made {total} union-find step{}; Next plays them.",
            if total == 1 { "" } else { "s" }
        ),
        None => "X-ray: arrows are parent pointers, rings are roots (rank, island size). \
                 Make a move to watch find and union."
            .into(),
    }
}

fn show_panel(
    xray: Res<XRay>,
    guide: Option<Res<Guide>>,
    phase: Res<State<PlayPhase>>,
    mut done: Query<(&XRayButton, &mut Node), (Without<GuideText>, Without<XRayPanel>)>,
    mut guide_text: Query<
        (&mut Text, &mut Node),
        (
            With<GuideText>,
            Without<XRayPanel>,
            Without<XRayCaption>,
            Without<XRayModeLabel>,
        ),
    >,
    mut panel: Query<&mut Node, (With<XRayPanel>, Without<GuideText>)>,
    mut captions: Query<&mut Text, (With<XRayCaption>, Without<XRayModeLabel>)>,
    mut mode: Query<&mut Text, (With<XRayModeLabel>, Without<XRayCaption>)>,
) {
    if !xray.is_changed() && !guide.as_ref().is_some_and(|g| g.is_added()) && !phase.is_changed() {
        return;
    }
    // "How it works" ends with Done once its level is over.
    let over = matches!(phase.get(), PlayPhase::Won | PlayPhase::Lost);
    let done_display = if guide.is_some() && over {
        Display::Flex
    } else {
        Display::None
    };
    for (button, mut node) in &mut done {
        if *button == XRayButton::Done && node.display != done_display {
            node.display = done_display;
        }
    }
    for (mut text, mut node) in &mut guide_text {
        let (display, words) = match guide {
            Some(_) => (Display::Flex, guide_words(&xray, over)),
            None => (Display::None, ""),
        };
        if node.display != display {
            node.display = display;
        }
        if text.0 != words {
            text.0 = words.into();
        }
    }
    // Not laid out while closed, so the board takes the room back.
    let wanted = if xray.open {
        Display::Flex
    } else {
        Display::None
    };
    for mut node in &mut panel {
        if node.display != wanted {
            node.display = wanted;
        }
    }
    let line = caption(&xray);
    for mut text in &mut captions {
        if text.0 != line {
            text.0 = line.clone();
        }
    }
    let label = if xray.stepping {
        "Play by itself"
    } else {
        "Step by step"
    };
    for mut text in &mut mode {
        if text.0 != label {
            text.0 = label.into();
        }
    }
}

/// The key "How it works" plays its level under.
pub const GUIDE_KEY: &str = "guide/how-it-works";

/// The level "How it works" plays: two islands of three in a row with a gap, and a lone
/// cell below. Whichever of the two grains goes first, the second one's find starts two
/// links below a root, so path splitting is seen to shorten it (tested).
const GUIDE_LEVEL: &str = r####"Level(
    format: 1,
    name: "How It Works",
    author: "Merge Islands",
    grid: [
        "###.###",
        ".......",
        ".#.....",
    ],
    goal: ConnectAll,
    budget: (sand: Some(2), bridges: Some(0)),
    par: 2,
    tip: Some("Fill the gap in the top row, and the water between the lone cell and the row above it."),
)"####;

/// "How it works"'s level.
pub fn guide_level() -> CampaignLevel {
    CampaignLevel {
        key: GUIDE_KEY.into(),
        level: Level::from_ron_bytes(GUIDE_LEVEL.as_bytes()).expect("the guide's level reads"),
    }
}

/// Opens "How it works": its own level, the X-ray view open, step by step.
fn open_guide(
    mut commands: Commands,
    mut asked: MessageReader<OpenGuide>,
    mut xray: ResMut<XRay>,
    mut next: ResMut<NextState<Screen>>,
) {
    if asked.read().count() == 0 {
        return;
    }
    commands.insert_resource(CurrentLevel(guide_level()));
    commands.insert_resource(Guide);
    xray.open = true;
    xray.stepping = true;
    next.set(Screen::Playing);
}

/// Done (or Esc, or Pause) at the end of "How it works": the view closes and the title
/// comes back.
fn finish_guide(
    mut commands: Commands,
    mut asked: MessageReader<FinishGuide>,
    guide: Option<Res<Guide>>,
    mut xray: ResMut<XRay>,
    mut next: ResMut<NextState<Screen>>,
) {
    if asked.read().count() == 0 || guide.is_none() {
        return;
    }
    commands.remove_resource::<Guide>();
    xray.open = false;
    xray.stepping = false;
    next.set(Screen::Title);
}

/// The paragraph "How it works" shows for where the move is.
pub fn guide_words(xray: &XRay, won: bool) -> &'static str {
    let (played, total) = xray.progress();
    match xray.current().map(|s| s.kind) {
        _ if total == 0 => {
            "Islands as sets. Under the board is a disjoint-set forest: every cell points at a \
             parent (the arrows), and each island has one root (a ring) that speaks for it, \
             with its rank and size. Fill the gap in the top row, then press Next to watch \
             the structure work; then bring in the lone cell below."
        }
        None => "The move is made; its union-find steps wait. Press Next (or .) for each.",
        Some(_) if played == total && !won => {
            "That move's steps are all drawn. Now the next grain: its find starts deep in a \
             tree, and you will see path splitting shorten the way for every later find."
        }
        Some(_) if played == total => {
            "Why a move is cheap: it touched only the cells it changed. A few finds, each a \
             short walk kept short by rank and splitting, and one union per island joined: \
             nothing else on the board was read. Back (,) replays; Z plays the undo log \
             backwards. Done (or Esc) ends the tour."
        }
        Some(StepKind::Walk) => {
            "find: to learn which island a cell is in, follow the arrows up to the root. Two \
             cells are in one island exactly when their finds end at the same root."
        }
        Some(StepKind::Split) => {
            "Path compression (path splitting): on the way up, each cell passed is re-pointed \
             at its grandparent, so the next find from here takes half the steps."
        }
        Some(StepKind::Link) => {
            "union by rank: the two roots meet, and the one of lower rank goes under the \
             other; on equal ranks one is chosen and its rank rises by one. So a tree of rank \
             r holds at least 2^r cells, and no walk is longer than log2 of the island's size."
        }
        Some(StepKind::Restore) => {
            "Undo: the structure logged every word it wrote; undo writes the old words back, \
             newest first, and nothing is recomputed."
        }
    }
}

/// With the view open, the won and lost panels wait until the move's steps are all shown
/// (in "How it works", until the view is closed):
/// the story of the winning move is told over the board, not under a panel.
fn hold_end_panels(
    xray: Res<XRay>,
    guide: Option<Res<Guide>>,
    // The last move's own animation comes first in any case.
    hold: Option<Res<EndPanelHold>>,
    mut panels: Query<(&DespawnOnExit<PlayPhase>, &mut Visibility), Without<ChildOf>>,
) {
    let (played, total) = xray.progress();
    // "How it works" keeps its last paragraph in view until the player closes the X-ray.
    let wait =
        (xray.open && (played < total || guide.is_some())) || hold.is_some_and(|h| h.left > 0.0);
    for (phase, mut visibility) in &mut panels {
        if matches!(phase.0, PlayPhase::Won | PlayPhase::Lost) {
            visibility.set_if_neq(if wait {
                Visibility::Hidden
            } else {
                Visibility::Inherited
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_stands_beside_the_board_where_there_is_room_so_the_board_stays_put() {
        let bars = (128.0, 52.0);
        // The Last Voyage (9 x 9) at 1280 x 800, and at 800 x 600 (UI scaled to 0.7).
        let (room, side) = dock_for(Vec2::new(1280.0, 800.0), 1.0, (9, 9), bars);
        assert!(side, "{room}");
        assert!(dock_for(Vec2::new(800.0, 600.0), 0.7, (9, 9), bars).1);
        // A board as wide as the window leaves no room beside it: the bottom bar it is.
        assert!(!dock_for(Vec2::new(800.0, 600.0), 0.7, (16, 6), bars).1);
    }

    #[test]
    fn how_it_works_plays_a_board_where_a_find_splits_its_path() {
        use crate::rules::board::Status;
        use crate::rules::moves::Move;
        use crate::session::{Action, Session};
        for order in [[(0, 3), (1, 1)], [(1, 1), (0, 3)]] {
            let mut session = Session::new(guide_level().level).unwrap();
            session.record_island_ops(true);
            let mut kinds = Vec::new();
            for (row, col) in order {
                session.perform(Action::Play(Move::Sand(Pos::new(row, col))));
                kinds.extend(steps_of(&session.take_island_ops()).iter().map(|s| s.kind));
            }
            assert_eq!(session.board().status(), Status::Won, "{order:?}");
            assert!(kinds.contains(&StepKind::Split), "{order:?}: {kinds:?}");
        }
    }
}
