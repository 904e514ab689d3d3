//! Island Conquest in the game: two players on one machine, or a player against the
//! computer. Captured islands turn to the captor's colour from the claimed cell outwards.

use super::platform;
use super::progress::{ConquestResult, Progress, SaveProgress};
use super::screen::Screen;
use super::ui::art::Art;
use super::ui::board_layout::{BoardLayout, cell_under, cell_under_cursor, window_size};
use super::ui::text::{cell_name, count};
use super::ui::theme::{self, Fonts};
use super::ui::tween;
use crate::conquest::ai::{Dice, Strength, choose_within};
use crate::conquest::rules::{ClaimRejection, ConquestSnapshot, Winner};
use crate::conquest::{Conquest, Player, rules_card};
use crate::rules::cell::Pos;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Setup, the game, and the result.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Conquest)]
pub enum ConquestPhase {
    #[default]
    Setup,
    Playing,
    Over,
}

/// The choices on the setup panel.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestSetup {
    pub size: usize,
    /// `None`: two players on this machine.
    pub computer: Option<Strength>,
    pub computer_first: bool,
}

impl Default for ConquestSetup {
    fn default() -> Self {
        ConquestSetup {
            size: 9,
            computer: Some(Strength::Medium),
            computer_first: false,
        }
    }
}

/// The game being played.
#[derive(Resource)]
pub struct ConquestMatch {
    pub game: Conquest,
    pub setup: ConquestSetup,
    /// Undo points, one per claim (two-player games).
    history: Vec<ConquestSnapshot>,
    /// Capture lines, newest last.
    pub log: Vec<String>,
    dice: Dice,
    /// Seconds before the computer answers, so its move can be seen.
    computer_wait: f32,
    /// When the player's last claim landed (`platform::now_nanos`).
    claimed_at: Option<u64>,
    /// The computer's last reply: seconds from the player's claim landing to its own, and of
    /// those, seconds spent searching (the page publishes them).
    pub last_reply: Option<(f32, f32)>,
}

impl ConquestMatch {
    fn computer(&self) -> Option<(Strength, Player)> {
        let side = if self.setup.computer_first {
            Player::X
        } else {
            Player::O
        };
        self.setup.computer.map(|s| (s, side))
    }

    /// Whether the computer is to claim next (the HUD says it is thinking).
    pub fn computer_to_move(&self) -> bool {
        self.computer()
            .is_some_and(|(_, side)| side == self.game.to_move())
    }
}

/// A claim asked for by the player (a click, or a test).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestClaim(pub Pos);

#[derive(Component)]
struct ConquestCell(Pos);

/// A claimed cell's owner letter (in the corner); its child is the owner's emblem.
#[derive(Component)]
struct ConquestMark(Pos);

/// The emblem over a claimed cell: the same shapes as the puzzle's tribes.
#[derive(Component)]
struct ConquestEmblem;

/// A player's emblem: X flies the pennant, O the shield.
fn player_emblem(art: &Art, p: Player) -> Handle<Image> {
    let index = match p {
        Player::X => 0,
        Player::O => 1,
    };
    art.emblems.get(index).cloned().unwrap_or_default()
}

/// Shows `owner` on a claimed cell's mark and emblem.
fn show_owner(
    owner: Player,
    (text, children): (&mut Text2d, &Children),
    emblems: &mut Query<&mut Sprite, (With<ConquestEmblem>, Without<ConquestCell>)>,
    art: &Art,
) {
    if text.0 != owner.to_string() {
        text.0 = owner.to_string();
    }
    for &child in children {
        if let Ok(mut sprite) = emblems.get_mut(child) {
            sprite.image = player_emblem(art, owner);
        }
    }
}

#[derive(Component)]
struct ConquestHud;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum SetupButton {
    Smaller,
    Bigger,
    Opponent,
    First,
    Start,
    Back,
}

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum OverButton {
    Rematch,
    Setup,
    Menu,
}

#[derive(Component)]
struct SetupLabel;

pub struct ConquestPlugin;

impl Plugin for ConquestPlugin {
    fn build(&self, app: &mut App) {
        app.add_sub_state::<ConquestPhase>()
            .init_resource::<ConquestSetup>()
            .init_resource::<PressedCell>()
            .init_resource::<HoverPreview>()
            .add_message::<ConquestClaim>()
            .add_systems(OnEnter(ConquestPhase::Setup), spawn_setup)
            .add_systems(OnEnter(ConquestPhase::Playing), start_match)
            .add_systems(
                OnEnter(ConquestPhase::Over),
                (record_result_against_the_computer, spawn_over),
            )
            .add_systems(
                Update,
                (
                    (press_setup, describe_setup).run_if(in_state(ConquestPhase::Setup)),
                    (
                        click_cells,
                        preview_claims,
                        computer_moves,
                        claim_cells,
                        undo_claim,
                        update_hud,
                        stack_top_on_narrow_windows,
                    )
                        .chain()
                        .run_if(in_state(ConquestPhase::Playing)),
                    press_over.run_if(in_state(ConquestPhase::Over)),
                    leave_on_escape.run_if(in_state(Screen::Conquest)),
                ),
            );
    }
}

/// An unclaimed cell: slate, so that neither player's colour is mistaken for it.
pub const EMPTY: Color = Color::srgb(0.22, 0.27, 0.33);

pub fn player_colour(p: Player) -> Color {
    match p {
        Player::X => Color::srgb(0.88, 0.33, 0.3),
        Player::O => Color::srgb(0.25, 0.5, 0.9),
    }
}

fn strength_name(s: Option<Strength>) -> &'static str {
    match s {
        None => "two players, one machine",
        Some(Strength::Easy) => "computer (easy)",
        Some(Strength::Medium) => "computer (medium)",
        Some(Strength::Hard) => "computer (hard)",
    }
}

fn spawn_setup(mut commands: Commands, fonts: Res<Fonts>) {
    commands
        .spawn((theme::screen_root(), DespawnOnExit(ConquestPhase::Setup)))
        .with_children(|root| {
            root.spawn((
                Text::new("Island Conquest"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            root.spawn((
                // The rule as the rules core states it: captures, ties, and who wins.
                Text::new(rules_card().join(" ")),
                fonts.text(16.0),
                TextColor(theme::TEXT_DIM),
                TextLayout::justify(Justify::Center),
                Node {
                    max_width: px(620),
                    margin: UiRect::top(px(6)),
                    ..default()
                },
            ));
            root.spawn((
                Text::new(""),
                fonts.text(20.0),
                TextColor(theme::TEXT),
                SetupLabel,
                // Wraps (centred) rather than run off both edges of a phone.
                TextLayout::justify(Justify::Center),
                Node {
                    margin: UiRect::vertical(px(14)),
                    max_width: percent(94),
                    ..default()
                },
            ));
            for (b, label) in [
                (SetupButton::Smaller, "Smaller grid"),
                (SetupButton::Bigger, "Bigger grid"),
                (SetupButton::Opponent, "Opponent"),
                (SetupButton::First, "Who moves first"),
                (SetupButton::Start, "Start"),
                (SetupButton::Back, "Back"),
            ] {
                root.spawn((theme::button(&fonts, label, 280.0), b));
            }
        });
}

fn describe_setup(setup: Res<ConquestSetup>, mut label: Query<&mut Text, With<SetupLabel>>) {
    let first = match (setup.computer, setup.computer_first) {
        (None, _) => "X moves first",
        (Some(_), true) => "the computer (X) moves first",
        (Some(_), false) => "you (X) move first",
    };
    // Two players on one machine play each other, not "against two players".
    let opponent = match setup.computer {
        None => strength_name(None).to_string(),
        computer => format!("against the {}", strength_name(computer)),
    };
    for mut t in &mut label {
        t.0 = format!("{0} x {0} grid  ·  {opponent}  ·  {first}", setup.size);
    }
}

fn press_setup(
    buttons: Query<(&Interaction, &SetupButton), Changed<Interaction>>,
    mut setup: ResMut<ConquestSetup>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for (interaction, b) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match b {
            SetupButton::Smaller => setup.size = (setup.size - 1).max(2),
            SetupButton::Bigger => setup.size = (setup.size + 1).min(32),
            SetupButton::Opponent => {
                setup.computer = match setup.computer {
                    None => Some(Strength::Easy),
                    Some(Strength::Easy) => Some(Strength::Medium),
                    Some(Strength::Medium) => Some(Strength::Hard),
                    Some(Strength::Hard) => None,
                }
            }
            SetupButton::First => setup.computer_first = !setup.computer_first,
            SetupButton::Start => next_phase.set(ConquestPhase::Playing),
            SetupButton::Back => next_screen.set(Screen::Title),
        }
    }
}

fn start_match(
    mut commands: Commands,
    ui_scale: Res<UiScale>,
    setup: Res<ConquestSetup>,
    (fonts, art): (Res<Fonts>, Res<Art>),
    window: Query<&Window, With<PrimaryWindow>>,
) {
    let n = setup.size;
    let layout = BoardLayout::fit(n, n, window_size(&window), ui_scale.0);
    commands.insert_resource(layout);
    commands.insert_resource(PressedCell::default());
    commands.insert_resource(ConquestMatch {
        game: Conquest::new(n),
        setup: *setup,
        history: Vec::new(),
        log: Vec::new(),
        dice: Dice(n as u64 * 7919 + u64::from(setup.computer_first)),
        computer_wait: COMPUTER_WAIT,
        claimed_at: None,
        last_reply: None,
    });
    let size = Vec2::splat(layout.cell - layout.gap());
    for r in 0..n {
        for c in 0..n {
            let p = Pos::new(r, c);
            let at = layout.centre(p);
            commands.spawn((
                ConquestCell(p),
                Sprite {
                    image: art.land.clone(),
                    color: EMPTY,
                    custom_size: Some(size),
                    ..default()
                },
                Transform::from_xyz(at.x, at.y, 0.0),
                DespawnOnExit(Screen::Conquest),
            ));
        }
    }
    // The top: the HUD's lines at the left, the legend (which colour is whose) at the right;
    // in a narrow window (a phone) the legend goes on a line of its own under the HUD's
    // lines instead of over them (`stack_top_on_narrow_windows`).
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                top: px(12),
                left: px(18),
                right: px(18),
                flex_direction: FlexDirection::Row,
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::FlexStart,
                column_gap: px(18),
                row_gap: px(8),
                ..default()
            },
            ConquestTop,
            Pickable::IGNORE,
            DespawnOnExit(Screen::Conquest),
        ))
        .with_children(|top| {
            top.spawn((
                Text::new(""),
                fonts.text(18.0),
                TextColor(theme::TEXT),
                ConquestHud,
                Node {
                    max_width: percent(100),
                    ..default()
                },
                children![
                    (
                        TextSpan::new(""),
                        fonts.text(18.0),
                        TextColor(theme::TEXT),
                        HudPreviewLine
                    ),
                    (
                        TextSpan::new(""),
                        fonts.text(18.0),
                        TextColor(theme::TEXT),
                        HudLog
                    ),
                ],
            ));
            top.spawn((
                Node {
                    column_gap: px(6),
                    align_items: AlignItems::Center,
                    flex_shrink: 0.0,
                    ..default()
                },
                ConquestLegend,
            ))
            .with_children(|legend| {
                for (colour, name, emblem) in [
                    (player_colour(Player::X), "X", Some(Player::X)),
                    (player_colour(Player::O), "O", Some(Player::O)),
                    (EMPTY, "free", None),
                ] {
                    let mut swatch = legend.spawn((
                        Node {
                            width: px(24),
                            height: px(24),
                            padding: UiRect::all(px(3)),
                            border_radius: BorderRadius::all(px(5)),
                            ..default()
                        },
                        BackgroundColor(colour),
                    ));
                    if let Some(player) = emblem {
                        swatch.with_child((
                            ImageNode::new(player_emblem(&art, player)),
                            Node {
                                width: percent(100),
                                height: percent(100),
                                ..default()
                            },
                        ));
                    }
                    legend.spawn((
                        Text::new(name),
                        fonts.text(16.0),
                        TextColor(theme::TEXT),
                        Node {
                            margin: UiRect::right(px(8)),
                            ..default()
                        },
                    ));
                }
            });
        });
}

/// The colour legend at the top of the Island Conquest screen.
#[derive(Component)]
pub struct ConquestLegend;

/// The top of the Island Conquest screen: the HUD's lines and the legend.
#[derive(Component)]
pub struct ConquestTop;

/// Narrower than this (in UI pixels, the window's width over the UI scale), the HUD's lines
/// and the legend stack instead of sharing a line.
const TOP_ROW_MIN_WIDTH: f32 = 1000.0;

/// The top's direction for a window `width` logical pixels wide at UI scale `ui`: a row, or
/// a column (lines, then the legend) when the two would not fit side by side.
pub fn top_direction(width: f32, ui: f32) -> FlexDirection {
    if width / ui.max(0.01) < TOP_ROW_MIN_WIDTH {
        FlexDirection::Column
    } else {
        FlexDirection::Row
    }
}

fn stack_top_on_narrow_windows(
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    mut top: Query<&mut Node, With<ConquestTop>>,
) {
    let direction = top_direction(window_size(&window).x, ui_scale.0);
    for mut node in &mut top {
        if node.flex_direction != direction {
            node.flex_direction = direction;
        }
    }
}

/// A claim is a press and a release on the same cell of the board. A release alone claims
/// nothing: the Start button acts on its press, and its release must not land on the new
/// board as a claim.
pub fn tapped_cell(pressed: Option<Pos>, released: Option<Pos>) -> Option<Pos> {
    match (pressed, released) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    }
}

/// What claiming `p` would do, in words, for the player to move, and whether the claimer
/// would lose the cell at once (said in the warning colour); `None` for a cell that cannot
/// be claimed. Worked out without changing the game.
pub fn claim_preview(game: &Conquest, p: Pos) -> Option<(String, bool)> {
    let preview = game.preview_claim(p).ok()?;
    let mut cell = cell_name(p);
    cell[..1].make_ascii_uppercase();
    Some((
        format!("{cell} — {}", preview.summary()),
        !preview.claimer_keeps_cell(),
    ))
}

/// What the pointer's cell would do if claimed, for the HUD: the words, and whether they
/// warn.
#[derive(Resource, Debug, Default, PartialEq, Eq)]
struct HoverPreview(Option<(String, bool)>);

fn preview_claims(
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    game: Option<Res<ConquestMatch>>,
    mut preview: ResMut<HoverPreview>,
    mut last: Local<Option<(Pos, usize)>>,
) {
    let (Some(layout), Some(m)) = (layout, game) else {
        return;
    };
    let cell = cell_under_cursor(&window, &cameras, &layout);
    let claimed = m.game.size() * m.game.size() - m.game.empty_cells();
    let Some(p) = cell.filter(|_| !m.computer_to_move() && !m.game.is_over()) else {
        *last = None;
        preview.set_if_neq(HoverPreview(None));
        return;
    };
    if *last == Some((p, claimed)) {
        return;
    }
    *last = Some((p, claimed));
    preview.set_if_neq(HoverPreview(claim_preview(&m.game, p)));
}

/// Where the mouse went down on the board in this match.
#[derive(Resource, Debug, Default)]
struct PressedCell(Option<Pos>);

fn click_cells(
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    mut pressed: ResMut<PressedCell>,
    mut claims: MessageWriter<ConquestClaim>,
) {
    let Some(layout) = layout else { return };
    let under_cursor = || cell_under_cursor(&window, &cameras, &layout);
    if buttons.just_pressed(MouseButton::Left) {
        pressed.0 = under_cursor();
    }
    if buttons.just_released(MouseButton::Left)
        && let Some(p) = tapped_cell(pressed.0.take(), under_cursor())
    {
        claims.write(ConquestClaim(p));
    }
    // A tap claims the cell it started and ended on.
    for touch in touches.iter_just_released() {
        let at = |position| cell_under(position, &cameras, &layout);
        if let Some(p) = tapped_cell(at(touch.start_position()), at(touch.position())) {
            claims.write(ConquestClaim(p));
        }
    }
}

/// Seconds the computer waits before it answers, so the player sees their own claim land
/// and the HUD say it is thinking.
const COMPUTER_WAIT: f32 = 0.2;

/// How long the hard search may take for one claim, in nanoseconds: in the browser 0.35 s
/// (its search runs several times slower than a native build's, and a phone's tap should
/// be answered within a second); natively only the node budget bounds it.
pub fn search_time_budget() -> Option<u64> {
    platform::IS_BROWSER.then_some(350_000_000)
}

fn computer_moves(
    time: Res<Time>,
    mut game: Option<ResMut<ConquestMatch>>,
    mut claims: MessageWriter<ConquestClaim>,
) {
    let Some(m) = game.as_mut() else { return };
    if m.game.is_over() || !m.computer_to_move() {
        return;
    }
    m.computer_wait -= time.delta_secs();
    if m.computer_wait > 0.0 {
        return;
    }
    m.computer_wait = COMPUTER_WAIT;
    let (strength, _) = m.computer().expect("a computer game");
    let mut dice = m.dice.clone();
    // The HUD has said "thinking" since the last claim (that frame was drawn); the browser
    // build gives the search a time budget too, so a reply comes within a second.
    let started = platform::now_nanos();
    let deadline = search_time_budget().map(|budget| started + budget);
    let out_of_time = || deadline.is_some_and(|d| platform::now_nanos() >= d);
    let choice = choose_within(&mut m.game, strength, &mut dice, &out_of_time);
    let done = platform::now_nanos();
    let seconds = |from: u64| done.saturating_sub(from) as f32 / 1e9;
    m.last_reply = Some((seconds(m.claimed_at.unwrap_or(started)), seconds(started)));
    if let Some(p) = choice {
        m.dice = dice;
        claims.write(ConquestClaim(p));
    }
}

/// Makes claims and recolours what changed: the claimed cell, and every cell whose island
/// changed hands, in a wave from the claim.
fn claim_cells(
    mut commands: Commands,
    mut claims: MessageReader<ConquestClaim>,
    game: Option<ResMut<ConquestMatch>>,
    cells: Query<(Entity, &ConquestCell, &Sprite), Without<ConquestEmblem>>,
    mut marks: Query<(&ConquestMark, &mut Text2d, &Children)>,
    mut emblems: Query<&mut Sprite, (With<ConquestEmblem>, Without<ConquestCell>)>,
    layout: Option<Res<BoardLayout>>,
    (fonts, art): (Res<Fonts>, Res<Art>),
    mut next_phase: ResMut<NextState<ConquestPhase>>,
) {
    let (Some(mut m), Some(layout)) = (game, layout) else {
        return;
    };
    for &ConquestClaim(p) in claims.read() {
        if m.game.is_over() {
            break;
        }
        let snapshot = m.game.snapshot();
        let by_player = !m.computer_to_move();
        match m.game.claim(p.row as i64, p.col as i64) {
            Ok(report) => {
                m.history.push(snapshot);
                if by_player {
                    m.claimed_at = Some(platform::now_nanos());
                }
                for line in report.capture_lines() {
                    m.log.push(line);
                }
                let at = layout.centre(p);
                // The claimed cell may be captured at once (a lone cell beside a larger
                // island): its letter is its owner's now, not the claimer's.
                let owner = m.game.owner_at(p).unwrap_or(report.player);
                let corner = Vec2::new(0.3, -0.3) * layout.cell;
                commands.spawn((
                    ConquestMark(p),
                    Text2d::new(owner.to_string()),
                    fonts.bold(layout.cell * 0.24),
                    TextColor(Color::srgba(1.0, 1.0, 1.0, 0.9)),
                    Transform::from_xyz(at.x + corner.x, at.y + corner.y, 1.0),
                    DespawnOnExit(Screen::Conquest),
                    children![(
                        ConquestEmblem,
                        Sprite {
                            image: player_emblem(&art, owner),
                            custom_size: Some(Vec2::splat(layout.cell * 0.5)),
                            ..default()
                        },
                        Transform::from_xyz(-corner.x, -corner.y, -0.1),
                    )],
                ));
                for (e, cell, sprite) in &cells {
                    if let Some(owner) = m.game.owner_at(cell.0) {
                        let colour = player_colour(owner);
                        if sprite.color != colour {
                            let d = cell.0.row.abs_diff(p.row) + cell.0.col.abs_diff(p.col);
                            tween::recolour(&mut commands, e, colour, d, 0.0);
                        }
                    }
                }
                // Captured cells carry their new owner's letter and emblem too.
                for (mark, mut text, children) in &mut marks {
                    if let Some(owner) = m.game.owner_at(mark.0) {
                        show_owner(owner, (&mut text, children), &mut emblems, &art);
                    }
                }
                if m.game.is_over() {
                    next_phase.set(ConquestPhase::Over);
                }
            }
            Err(reason) => {
                m.game.rollback_to(snapshot);
                // Cells as the player sees them, counted from 1.
                let why = match reason {
                    ClaimRejection::Taken(cell) => format!("{} is already taken", cell_name(cell)),
                    other => other.to_string(),
                };
                let line = format!("{why}: {} moves again", m.game.to_move());
                m.log.push(line);
            }
        }
    }
}

/// Z takes back the last claim in a two-player game.
fn undo_claim(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    game: Option<ResMut<ConquestMatch>>,
    mut cells: Query<(&ConquestCell, &mut Sprite), Without<ConquestEmblem>>,
    mut marks: Query<(Entity, &ConquestMark, &mut Text2d, &Children)>,
    mut emblems: Query<&mut Sprite, (With<ConquestEmblem>, Without<ConquestCell>)>,
    art: Res<Art>,
) {
    let Some(mut m) = game else { return };
    if !keys.just_pressed(KeyCode::KeyZ) || m.setup.computer.is_some() {
        return;
    }
    let Some(snapshot) = m.history.pop() else {
        return;
    };
    m.game.rollback_to(snapshot);
    m.log.push("A claim was taken back.".into());
    for (cell, mut sprite) in &mut cells {
        sprite.color = m.game.owner_at(cell.0).map_or(EMPTY, player_colour);
    }
    for (e, mark, mut text, children) in &mut marks {
        match m.game.owner_at(mark.0) {
            None => commands.entity(e).despawn(),
            Some(owner) => show_owner(owner, (&mut text, children), &mut emblems, &art),
        }
    }
}

/// The HUD's line for the hovered claim, and its lines of recent claims.
#[derive(Component)]
struct HudPreviewLine;
#[derive(Component)]
struct HudLog;

fn update_hud(
    game: Option<Res<ConquestMatch>>,
    preview: Res<HoverPreview>,
    mut hud: Query<&mut Text, With<ConquestHud>>,
    mut preview_line: Query<
        (&mut TextSpan, &mut TextColor),
        (With<HudPreviewLine>, Without<HudLog>),
    >,
    mut log: Query<&mut TextSpan, (With<HudLog>, Without<HudPreviewLine>)>,
) {
    let Some(m) = game else { return };
    if !m.is_changed() && !preview.is_changed() {
        return;
    }
    let g = &m.game;
    let (x, o) = (Player::X, Player::O);
    let mover = if g.is_over() {
        "the grid is full".to_string()
    } else if m.computer_to_move() {
        format!("{} (computer) is thinking…", g.to_move())
    } else {
        format!("{} to move", g.to_move())
    };
    let recent: Vec<&str> = m.log.iter().rev().take(3).map(String::as_str).collect();
    let undo = if m.setup.computer.is_none() {
        "   ·   Z undoes"
    } else {
        ""
    };
    let text = format!(
        "X: {}, {}      O: {}, {}      {mover}{undo}\n",
        islands(g.islands(x)),
        count(g.cells(x), "cell", "cells"),
        islands(g.islands(o)),
        count(g.cells(o), "cell", "cells"),
    );
    for mut t in &mut hud {
        t.0 = text.clone();
    }
    let (words, warn) = preview.0.clone().unwrap_or_default();
    for (mut span, mut colour) in &mut preview_line {
        span.0 = format!("{words}\n");
        colour.0 = if warn { theme::WARNING } else { theme::TEXT };
    }
    for mut span in &mut log {
        span.0 = recent.join("\n");
    }
}

/// How a finished game went for the player, against the computer at its strength (`None`
/// for two players on one machine, which the records leave out).
pub fn result_against_the_computer(m: &ConquestMatch) -> Option<(Strength, ConquestResult)> {
    let (strength, computer) = m.computer()?;
    let result = match m.game.winner() {
        Winner::Tie => ConquestResult::Tie,
        Winner::Player(p) if p == computer => ConquestResult::Lost,
        Winner::Player(_) => ConquestResult::Won,
    };
    Some((strength, result))
}

fn record_result_against_the_computer(
    game: Res<ConquestMatch>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
) {
    if let Some((strength, result)) = result_against_the_computer(&game) {
        progress.record_conquest(strength, result);
        save.write(SaveProgress);
    }
}

fn spawn_over(mut commands: Commands, fonts: Res<Fonts>, game: Res<ConquestMatch>) {
    let g = &game.game;
    let headline = match g.winner() {
        Winner::Player(p) => format!(
            "{p} wins, {} to {}",
            islands(g.islands(p)),
            g.islands(p.other())
        ),
        Winner::Tie => format!("A tie, {} each", islands(g.islands(Player::X))),
    };
    theme::panel(&mut commands, DespawnOnExit(ConquestPhase::Over), |p| {
        p.spawn((
            Text::new(headline),
            fonts.display(theme::type_scale::TITLE),
            TextColor(theme::ACCENT),
        ));
        p.spawn((
            Text::new(format!(
                "Cells: X {}, O {}",
                g.cells(Player::X),
                g.cells(Player::O)
            )),
            fonts.text(18.0),
            TextColor(theme::TEXT),
        ));
        p.spawn((theme::button(&fonts, "Rematch", 240.0), OverButton::Rematch));
        p.spawn((
            theme::button(&fonts, "Change setup", 240.0),
            OverButton::Setup,
        ));
        p.spawn((theme::button(&fonts, "Menu", 240.0), OverButton::Menu));
    });
}

fn press_over(
    buttons: Query<(&Interaction, &OverButton), Changed<Interaction>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut commands: Commands,
    cells: Query<Entity, Or<(With<ConquestCell>, With<ConquestMark>, With<ConquestHud>)>>,
) {
    for (interaction, b) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match b {
            OverButton::Rematch | OverButton::Setup => {
                for e in &cells {
                    commands.entity(e).despawn();
                }
                next_phase.set(if *b == OverButton::Rematch {
                    ConquestPhase::Playing
                } else {
                    ConquestPhase::Setup
                });
            }
            OverButton::Menu => next_screen.set(Screen::Title),
        }
    }
}

fn leave_on_escape(keys: Res<ButtonInput<KeyCode>>, mut next: ResMut<NextState<Screen>>) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

fn islands(n: usize) -> String {
    count(n, "island", "islands")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_says_what_a_claim_would_capture_and_changes_nothing() {
        let mut game = Conquest::new(3);
        for (r, c) in [(0, 0), (0, 2), (1, 0)] {
            game.claim(r, c).unwrap();
        }
        // O to move: a claim at (0,1) joins O's lone cell to the X pair beside it; on equal
        // sizes the claimer wins, so O keeps the cell and nothing warns.
        let before = game.rows();
        let (words, warn) = claim_preview(&game, Pos::new(0, 1)).unwrap();
        assert_eq!(game.rows(), before, "the preview changes nothing");
        let summary = game.preview_claim(Pos::new(0, 1)).unwrap().summary();
        assert_eq!(words, format!("Row 1, column 2 — {summary}"));
        assert!(summary.contains("captures"), "{summary}");
        assert!(!warn, "{words}");
        let report = game.claim(0, 1).unwrap();
        assert_eq!(report.owner, report.player, "the preview told the truth");
        assert_eq!(claim_preview(&game, Pos::new(0, 1)), None, "taken");

        // A lone cell beside a larger enemy island is lost at once: that preview warns.
        let mut game = Conquest::new(3);
        for (r, c) in [(0, 0), (2, 2), (1, 0)] {
            game.claim(r, c).unwrap();
        }
        let (words, warn) = claim_preview(&game, Pos::new(0, 1)).unwrap();
        assert!(warn, "{words}");
        assert!(words.contains("their 2 captures your 1"), "{words}");
        let report = game.claim(0, 1).unwrap();
        assert_ne!(report.owner, report.player, "the preview told the truth");
        // A cell away from everyone is simply the claimer's.
        let (words, warn) = claim_preview(&game, Pos::new(2, 0)).unwrap();
        assert!(!warn, "{words}");
    }

    #[test]
    fn a_phone_stacks_the_hud_over_the_legend_and_a_desktop_keeps_one_row() {
        assert_eq!(top_direction(390.0, 0.6), FlexDirection::Column);
        assert_eq!(top_direction(1280.0, 1.0), FlexDirection::Row);
        assert_eq!(top_direction(800.0, 0.7), FlexDirection::Row);
    }

    #[test]
    fn only_a_press_and_release_on_one_cell_claims_it() {
        let at = |r, c| Some(Pos::new(r, c));
        assert_eq!(tapped_cell(at(1, 2), at(1, 2)), at(1, 2));
        assert_eq!(
            tapped_cell(None, at(1, 2)),
            None,
            "the release of the Start click lands on the board: no claim"
        );
        assert_eq!(tapped_cell(at(1, 2), at(2, 2)), None, "a drag");
        assert_eq!(tapped_cell(at(1, 2), None), None, "released off the board");
    }
}
