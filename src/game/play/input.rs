//! Mouse, touch and keyboard, turned into the player's actions. Clicking shallow water lays
//! sand; dragging from land to land lays a bridge. Arrow keys move a cursor, Space or Enter
//! acts on it, B with an arrow lays a bridge from it. A board too large for the window
//! (cells would be smaller than a fingertip) scrolls: drag the sea, or turn the wheel.

use super::model::{ActiveSession, PlayPhase, PlayerAction, StatusLine};
use crate::game::screen::{FrameStep, Launch, Screen};
use crate::game::settings::Settings;
use crate::game::ui::board_layout::{BoardLayout, cell_under};
use crate::game::ui::text::refusal;
use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos};
use crate::rules::moves::Move;
use bevy::input::ButtonState;
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::window::WindowEvent;

/// Where the mouse or keyboard is pointing, and a bridge being dragged (UI state: undo does
/// not restore it).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pointing {
    pub hover: Option<Pos>,
    pub drag_from: Option<Pos>,
    /// The keyboard cursor, shown once a key moved it.
    pub cursor: Option<Pos>,
}

/// How far the board is scrolled from centred (world units: the camera's offset), and a
/// scrolling drag under way. Only a board larger than its view scrolls.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct BoardScroll {
    pub offset: Vec2,
    drag: Option<ScrollDrag>,
}

/// A press on the sea (or beside the board) that may become a scroll.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ScrollDrag {
    /// Where it was pressed, in window pixels.
    start: Vec2,
    /// The scroll offset then.
    offset: Vec2,
    /// True once it moved past [`SCROLL_SLOP`]: it then lays no sand when released.
    scrolling: bool,
}

/// A press on water moving this far (logical pixels) scrolls instead of laying sand: a
/// finger's jitter on a tap stays below it.
const SCROLL_SLOP: f32 = 12.0;

impl BoardScroll {
    /// A press at `at` (window pixels); `on_land` presses start bridges, not scrolls.
    fn press(&mut self, at: Vec2, on_land: bool) {
        self.drag = (!on_land).then_some(ScrollDrag {
            start: at,
            offset: self.offset,
            scrolling: false,
        });
    }

    /// The pressed pointer is now at `at`: the board follows it once it moved far enough.
    fn drag_to(&mut self, at: Vec2, layout: &BoardLayout) {
        let reach = layout.scroll_reach();
        let Some(drag) = &mut self.drag else { return };
        let moved = at - drag.start;
        if !drag.scrolling && reach != Vec2::ZERO && moved.length() > SCROLL_SLOP {
            drag.scrolling = true;
        }
        if drag.scrolling {
            // Window y runs down, the world's up; the camera moves against the drag.
            self.offset = (drag.offset + Vec2::new(-moved.x, moved.y)).clamp(-reach, reach);
        }
    }

    /// The press ended; true when it was a scroll (and so no move).
    fn release(&mut self) -> bool {
        self.drag.take().is_some_and(|d| d.scrolling)
    }

    /// Moves the view by `by` world units, within the board.
    pub fn scroll_by(&mut self, by: Vec2, layout: &BoardLayout) {
        let reach = layout.scroll_reach();
        self.offset = (self.offset + by).clamp(-reach, reach);
    }
}

/// What the pointer had already done when the playing screen was entered. None of it is a
/// gesture on this board: the click or tap on the editor's Test play (or on a level select
/// button) happened where the board is only now drawn, and its press, replayed here, would
/// start a drag or lay sand there.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct BeforeEntry {
    /// How many window events had been written: those up to here came before.
    pub events: usize,
    /// The fingers already on the glass.
    pub fingers: Vec<u64>,
}

/// The move the pointer is on, and why the board would refuse it: decided here, before any
/// click, so the view and the HUD only read it.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct HoverCheck {
    pub candidate: Option<Move>,
    /// Why `candidate` would be refused, in words (`None` when it is legal).
    pub refusal: Option<String>,
}

/// An on-screen control of the playing screen, for touch and mouse (the HUD shows them).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayButton {
    Undo,
    Redo,
    Restart,
    Hint,
    /// Opens and closes the X-ray view (which handles it).
    XRay,
    Pause,
}

impl PlayButton {
    pub const ALL: [PlayButton; 6] = [
        PlayButton::Undo,
        PlayButton::Redo,
        PlayButton::Restart,
        PlayButton::Hint,
        PlayButton::XRay,
        PlayButton::Pause,
    ];

    /// The button's label, with its key where there is one.
    pub fn label(self) -> &'static str {
        match self {
            PlayButton::Undo => "Undo Z",
            PlayButton::Redo => "Redo Y",
            PlayButton::Restart => "Restart R",
            PlayButton::Hint => "Hint H",
            PlayButton::XRay => "X-ray X",
            PlayButton::Pause => "Pause Esc",
        }
    }

    /// The label without its key, where no keys are shown (a phone, a narrow window).
    pub fn short_label(self) -> &'static str {
        self.label()
            .rsplit_once(' ')
            .map_or(self.label(), |(word, _)| word)
    }
}

pub struct InputPlugin;

impl Plugin for InputPlugin {
    fn build(&self, app: &mut App) {
        // The window's events in the order they came (Bevy's window plugin adds them too;
        // a headless app without one still runs the playing screen).
        app.add_message::<WindowEvent>()
            .init_resource::<Pointing>()
            .init_resource::<HoverCheck>()
            .init_resource::<BeforeEntry>()
            .init_resource::<BoardScroll>()
            .add_message::<MouseWheel>()
            .add_systems(OnEnter(Screen::Playing), mark_entry)
            .add_systems(
                Update,
                (
                    (pointer_input, touch_input, keyboard_moves)
                        .run_if(in_state(PlayPhase::Playing)),
                    wheel_scroll,
                    keyboard_commands,
                    press_play_buttons,
                    check_hover,
                )
                    .chain()
                    .in_set(FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                OnExit(Screen::Playing),
                |mut p: ResMut<Pointing>, mut h: ResMut<HoverCheck>, mut s: ResMut<BoardScroll>| {
                    *p = Pointing::default();
                    *h = HoverCheck::default();
                    *s = BoardScroll::default();
                },
            );
    }
}

/// Notes what came before the screen (see [`BeforeEntry`]).
fn mark_entry(
    events: Res<Messages<WindowEvent>>,
    touches: Res<Touches>,
    mut before: ResMut<BeforeEntry>,
) {
    *before = BeforeEntry {
        events: events.oldest_message_count() + events.len(),
        fingers: touches.iter().map(|t| t.id()).collect(),
    };
}

/// The move under the pointer: a bridge while dragging from one cell to another, sand over
/// water.
pub fn hovered_move(board: &Board, pointing: &Pointing) -> Option<Move> {
    match (pointing.drag_from, pointing.hover) {
        (Some(from), Some(to)) if from != to => Some(Move::Bridge(from, to)),
        (Some(_), Some(_)) | (None, Some(_)) => {
            let p = pointing.hover?;
            board
                .cell(p)
                .is_some_and(|c| !c.is_land())
                .then_some(Move::Sand(p))
        }
        _ => None,
    }
}

/// Works out [`HoverCheck`] from the pointer and the board (read only).
fn check_hover(
    pointing: Res<Pointing>,
    active: Option<Res<ActiveSession>>,
    mut hover: ResMut<HoverCheck>,
    settings: Res<Settings>,
) {
    let Some(active) = active else { return };
    if !pointing.is_changed() && !active.is_changed() && !settings.is_changed() {
        return;
    }
    let board = active.session.board();
    let candidate = hovered_move(board, &pointing);
    let refusal = candidate.and_then(|mv| {
        let why = board.check(mv).err()?;
        let why = refusal(&why, settings.colour_blind);
        Some(match mv {
            Move::Bridge(..) => format!("A bridge there: {why}."),
            Move::Sand(_) => format!("Sand there: {why}."),
        })
    });
    hover.set_if_neq(HoverCheck { candidate, refusal });
}

/// What releasing the pointer over `to`, pressed at `from`, means.
pub fn gesture(board: &Board, from: Option<Pos>, to: Option<Pos>) -> Option<Move> {
    match (from, to) {
        (Some(a), Some(b)) if a != b && board.cell(a).is_some_and(Cell::is_land) => {
            Some(Move::Bridge(a, b))
        }
        (Some(a), Some(b)) if a == b && !board.cell(a).is_some_and(Cell::is_land) => {
            Some(Move::Sand(a))
        }
        _ => None,
    }
}

/// What a press and release that made no move says: a click on land alone builds nothing.
pub fn gesture_note(board: &Board, from: Option<Pos>, to: Option<Pos>) -> Option<&'static str> {
    match (from, to) {
        (Some(a), Some(b)) if a == b && board.cell(a).is_some_and(Cell::is_land) => {
            Some("Drag to another island to build a bridge.")
        }
        _ => None,
    }
}

/// A press and release: the move it makes, or a word on why it made none.
fn release(
    board: &Board,
    from: Option<Pos>,
    to: Option<Pos>,
    actions: &mut MessageWriter<PlayerAction>,
    status: &mut StatusLine,
) {
    if let Some(mv) = gesture(board, from, to) {
        actions.write(PlayerAction::Play(mv));
    } else if let Some(note) = gesture_note(board, from, to) {
        *status = StatusLine {
            text: note.into(),
            warning: false,
        };
    }
}

/// One thing the mouse did, in the order it happened, with the cell under it then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerStep {
    /// The pointer moved over a cell (or off the board).
    Over(Option<Pos>),
    Press,
    Release,
}

/// Replays the mouse's steps of one frame in order onto `pointing` (its hover and the cell
/// a press began on); returns each release's (pressed at, released at). A drag is judged by
/// where it started and where it ended, never by the frames in between: a fast swipe may
/// press, cross several cells and release within one frame, and reading the pointer once a
/// frame would take the press for wherever the pointer was when the frame began.
pub fn replay_pointer(
    pointing: &mut Pointing,
    steps: impl IntoIterator<Item = PointerStep>,
) -> Vec<(Option<Pos>, Option<Pos>)> {
    let mut released = Vec::new();
    for step in steps {
        match step {
            PointerStep::Over(cell) => pointing.hover = cell,
            PointerStep::Press => {
                pointing.drag_from = pointing.hover;
                pointing.cursor = None;
            }
            PointerStep::Release => {
                released.push((pointing.drag_from.take(), pointing.hover));
            }
        }
    }
    released
}

fn pointer_input(
    mut events: MessageReader<WindowEvent>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    active: Option<Res<ActiveSession>>,
    mut pointing: ResMut<Pointing>,
    mut actions: MessageWriter<PlayerAction>,
    launch: Res<Launch>,
    mut status: ResMut<StatusLine>,
    before: Res<BeforeEntry>,
    mut scroll: ResMut<BoardScroll>,
    mut cursor_at: Local<Vec2>,
) {
    // Read every frame, so no step is left over for a later one; what happened before the
    // screen was entered is not for this board.
    let events: Vec<WindowEvent> = events
        .read_with_id()
        .filter(|(_, id)| id.id >= before.events)
        .map(|(event, _)| event.clone())
        .collect();
    let (Some(layout), Some(active)) = (layout, active) else {
        return;
    };
    // A scripted screenshot shows the board, not wherever the display's pointer rests.
    if launch.0.screenshot.is_some() {
        return;
    }
    let steps = events.iter().filter_map(|event| match event {
        WindowEvent::CursorMoved(moved) => Some(PointerStep::Over(cell_under(
            moved.position,
            &cameras,
            &layout,
        ))),
        WindowEvent::CursorLeft(_) => Some(PointerStep::Over(None)),
        WindowEvent::MouseButtonInput(input) if input.button == MouseButton::Left => {
            Some(match input.state {
                ButtonState::Pressed => PointerStep::Press,
                ButtonState::Released => PointerStep::Release,
            })
        }
        _ => None,
    });
    // Only a change marks `Pointing` changed (the hover check runs on changes).
    let mut next = *pointing;
    let released = replay_pointer(&mut next, steps);
    pointing.set_if_neq(next);
    // The same events again for scrolling, which needs window positions: which releases
    // ended a scroll, in order.
    let board = active.session.board();
    let mut scrolled = Vec::new();
    let mut hover = pointing.hover;
    for event in &events {
        match event {
            WindowEvent::CursorMoved(moved) => {
                *cursor_at = moved.position;
                hover = cell_under(moved.position, &cameras, &layout);
                scroll.drag_to(moved.position, &layout);
            }
            WindowEvent::MouseButtonInput(input) if input.button == MouseButton::Left => {
                match input.state {
                    ButtonState::Pressed => {
                        let on_land = hover.and_then(|p| board.cell(p)).is_some_and(Cell::is_land);
                        scroll.press(*cursor_at, on_land);
                    }
                    ButtonState::Released => scrolled.push(scroll.release()),
                }
            }
            _ => {}
        }
    }
    for (k, (from, to)) in released.into_iter().enumerate() {
        if !scrolled.get(k).copied().unwrap_or(false) {
            release(board, from, to, &mut actions, &mut status);
        }
    }
}

/// The mouse wheel scrolls a board larger than its view (Shift turns it sideways).
fn wheel_scroll(
    mut wheel: MessageReader<MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    layout: Option<Res<BoardLayout>>,
    mut scroll: ResMut<BoardScroll>,
) {
    let Some(layout) = layout else {
        wheel.clear();
        return;
    };
    let sideways = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    for event in wheel.read() {
        let step = match event.unit {
            MouseScrollUnit::Line => layout.cell * 2.0,
            MouseScrollUnit::Pixel => 1.0,
        };
        // Turning the wheel up (positive y) shows what lies above.
        let mut by = Vec2::new(-event.x, event.y) * step;
        if sideways {
            by = Vec2::new(-by.y, 0.0);
        }
        scroll.scroll_by(by, &layout);
    }
}

/// Touch: each finger's gesture is judged by where it touched down and where it lifted
/// (Bevy keeps both), not by where it was at each frame.
fn touch_input(
    touches: Res<Touches>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    active: Option<Res<ActiveSession>>,
    mut pointing: ResMut<Pointing>,
    mut actions: MessageWriter<PlayerAction>,
    mut status: ResMut<StatusLine>,
    mut before: ResMut<BeforeEntry>,
    mut scroll: ResMut<BoardScroll>,
) {
    let (Some(layout), Some(active)) = (layout, active) else {
        return;
    };
    let board = active.session.board();
    // A finger that touched down on the screen before is not a gesture on this board.
    let fresh = |touch: &&bevy::input::touch::Touch| !before.fingers.contains(&touch.id());
    for touch in touches.iter_just_pressed().filter(fresh) {
        let on = cell_under(touch.start_position(), &cameras, &layout);
        let on_land = on.and_then(|p| board.cell(p)).is_some_and(Cell::is_land);
        scroll.press(touch.start_position(), on_land);
    }
    for touch in touches.iter().filter(fresh) {
        scroll.drag_to(touch.position(), &layout);
        pointing.drag_from = cell_under(touch.start_position(), &cameras, &layout);
        pointing.hover = cell_under(touch.position(), &cameras, &layout);
    }
    for touch in touches.iter_just_released().filter(fresh) {
        let from = cell_under(touch.start_position(), &cameras, &layout);
        let to = cell_under(touch.position(), &cameras, &layout);
        if !scroll.release() {
            release(board, from, to, &mut actions, &mut status);
        }
        pointing.drag_from = None;
        pointing.hover = None;
    }
    // Once lifted, such a finger's number may be given to a new touch.
    if !before.fingers.is_empty() {
        before
            .fingers
            .retain(|id| touches.get_pressed(*id).is_some());
    }
}

const ARROWS: [(KeyCode, (isize, isize)); 4] = [
    (KeyCode::ArrowRight, (0, 1)),
    (KeyCode::ArrowDown, (1, 0)),
    (KeyCode::ArrowLeft, (0, -1)),
    (KeyCode::ArrowUp, (-1, 0)),
];

/// The first land cell from `from` in a direction, across water only: where a bridge lands.
pub fn bridge_end(board: &Board, from: Pos, (dr, dc): (isize, isize)) -> Option<Pos> {
    let mut p = from;
    loop {
        p = Pos::new(p.row.checked_add_signed(dr)?, p.col.checked_add_signed(dc)?);
        match board.cell(p)? {
            Cell::Land(_) => return Some(p),
            c if c.is_open_water() => continue,
            _ => return None,
        }
    }
}

fn keyboard_moves(
    keys: Res<ButtonInput<KeyCode>>,
    active: Option<Res<ActiveSession>>,
    mut pointing: ResMut<Pointing>,
    mut actions: MessageWriter<PlayerAction>,
) {
    let Some(active) = active else { return };
    let board = active.session.board();
    let here = pointing
        .cursor
        .unwrap_or(Pos::new(board.height() / 2, board.width() / 2));
    for (key, dir) in ARROWS {
        if !keys.just_pressed(key) {
            continue;
        }
        if keys.pressed(KeyCode::KeyB) {
            // B + arrow: a bridge from the cursor's land to the next land that way.
            let mv = match bridge_end(board, here, dir) {
                Some(end) => Move::Bridge(here, end),
                None => Move::Bridge(here, here),
            };
            actions.write(PlayerAction::Play(mv));
            continue;
        }
        let row = here
            .row
            .saturating_add_signed(dir.0)
            .min(board.height() - 1);
        let col = here.col.saturating_add_signed(dir.1).min(board.width() - 1);
        pointing.cursor = Some(Pos::new(row, col));
    }
    if (keys.just_pressed(KeyCode::Space) || keys.just_pressed(KeyCode::Enter))
        && let Some(p) = pointing.cursor
    {
        actions.write(PlayerAction::Play(Move::Sand(p)));
    }
}

/// The on-screen buttons do what their keys do.
fn press_play_buttons(
    buttons: Query<(&Interaction, &PlayButton), Changed<Interaction>>,
    phase: Res<State<PlayPhase>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
    mut actions: MessageWriter<PlayerAction>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            PlayButton::Undo => {
                actions.write(PlayerAction::Undo);
            }
            PlayButton::Redo => {
                actions.write(PlayerAction::Redo);
            }
            PlayButton::Restart => {
                actions.write(PlayerAction::Restart);
            }
            PlayButton::Hint => {
                actions.write(PlayerAction::Hint);
            }
            PlayButton::Pause if *phase.get() == PlayPhase::Playing => {
                next_phase.set(PlayPhase::Paused);
            }
            PlayButton::Pause | PlayButton::XRay => {}
        }
    }
}

fn keyboard_commands(
    keys: Res<ButtonInput<KeyCode>>,
    phase: Res<State<PlayPhase>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
    mut actions: MessageWriter<PlayerAction>,
) {
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if keys.just_pressed(KeyCode::KeyZ) {
        actions.write(if ctrl && shift {
            PlayerAction::Redo
        } else {
            PlayerAction::Undo
        });
    }
    if keys.just_pressed(KeyCode::KeyY) {
        actions.write(PlayerAction::Redo);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        actions.write(PlayerAction::Restart);
    }
    if keys.just_pressed(KeyCode::KeyH) {
        actions.write(PlayerAction::Hint);
    }
    let now = *phase.get();
    if keys.just_pressed(KeyCode::Escape) {
        match now {
            PlayPhase::Playing => next_phase.set(PlayPhase::Paused),
            PlayPhase::Paused | PlayPhase::Help => next_phase.set(PlayPhase::Playing),
            _ => {}
        }
    }
    if keys.just_pressed(KeyCode::F1) || keys.just_pressed(KeyCode::Slash) {
        match now {
            PlayPhase::Playing => next_phase.set(PlayPhase::Help),
            PlayPhase::Help => next_phase.set(PlayPhase::Playing),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::goal::{Budget, Goal};

    fn board() -> Board {
        crate::rules::test_boards::board(&["#.~#", "^..#"], Goal::ConnectAll, Budget::default())
    }

    /// A 24 x 24 board in a phone's room: 30-pixel cells, overhanging its view.
    fn large_layout() -> BoardLayout {
        BoardLayout::fit_in(24, 24, Vec2::new(358.0, 600.0), Vec2::ZERO)
            .with_min_cell(crate::game::ui::board_layout::MIN_PLAY_CELL)
    }

    #[test]
    fn a_large_board_keeps_its_cells_a_fingertip_wide_and_scrolls_within_itself() {
        let layout = large_layout();
        assert_eq!(layout.cell, 30.0);
        // 720 pixels of board in 358 x 600: half of the overhang each way.
        assert_eq!(layout.scroll_reach(), Vec2::new(181.0, 60.0));
        let fits = BoardLayout::fit_in(5, 5, Vec2::new(358.0, 600.0), Vec2::ZERO);
        assert_eq!(fits.with_min_cell(30.0), fits);
        assert_eq!(fits.scroll_reach(), Vec2::ZERO);
        let mut scroll = BoardScroll::default();
        scroll.scroll_by(Vec2::new(-1000.0, 1000.0), &layout);
        assert_eq!(scroll.offset, Vec2::new(-181.0, 60.0));
    }

    #[test]
    fn a_drag_on_the_sea_scrolls_and_a_tap_or_a_drag_from_land_does_not() {
        let layout = large_layout();
        let mut scroll = BoardScroll::default();
        // A tap with a finger's jitter: no scroll, so the release lays sand.
        scroll.press(Vec2::new(100.0, 100.0), false);
        scroll.drag_to(Vec2::new(105.0, 104.0), &layout);
        assert!(!scroll.release());
        assert_eq!(scroll.offset, Vec2::ZERO);
        // A drag right and down shows what lies left and above.
        scroll.press(Vec2::new(100.0, 100.0), false);
        scroll.drag_to(Vec2::new(150.0, 140.0), &layout);
        assert!(scroll.release(), "a scroll lays nothing when released");
        assert_eq!(scroll.offset, Vec2::new(-50.0, 40.0));
        // From land the same drag is a bridge.
        scroll.press(Vec2::new(100.0, 100.0), true);
        scroll.drag_to(Vec2::new(200.0, 100.0), &layout);
        assert!(!scroll.release());
        assert_eq!(scroll.offset, Vec2::new(-50.0, 40.0));
        // A board that fits never scrolls.
        let fits = BoardLayout::fit_in(5, 5, Vec2::new(358.0, 600.0), Vec2::ZERO);
        let mut still = BoardScroll::default();
        still.press(Vec2::new(100.0, 100.0), false);
        still.drag_to(Vec2::new(200.0, 200.0), &fits);
        assert!(!still.release());
        assert_eq!(still.offset, Vec2::ZERO);
    }

    #[test]
    fn a_click_on_water_is_sand_and_a_drag_from_land_is_a_bridge() {
        let b = board();
        let p = |r, c| Some(Pos::new(r, c));
        assert_eq!(
            gesture(&b, p(0, 1), p(0, 1)),
            Some(Move::Sand(Pos::new(0, 1)))
        );
        assert_eq!(
            gesture(&b, p(0, 0), p(0, 3)),
            Some(Move::Bridge(Pos::new(0, 0), Pos::new(0, 3)))
        );
        assert_eq!(
            gesture(&b, p(0, 0), p(0, 0)),
            None,
            "a click on land makes no move"
        );
        assert_eq!(
            gesture_note(&b, p(0, 0), p(0, 0)),
            Some("Drag to another island to build a bridge."),
            "but says how a bridge is made"
        );
        assert_eq!(gesture_note(&b, p(0, 1), p(0, 1)), None);
        assert_eq!(
            gesture(&b, p(0, 1), p(0, 2)),
            None,
            "a drag from water does nothing"
        );
        assert_eq!(
            gesture(&b, None, p(0, 1)),
            None,
            "pressed outside the board"
        );
        assert_eq!(
            gesture(&b, p(0, 1), None),
            None,
            "released outside the board"
        );
    }

    /// A fast swipe: press on land, cross two water cells and release on land, all within
    /// one frame (or with the frame's pointer read only after the first move). The press
    /// counts where it happened, so the drag is a bridge.
    #[test]
    fn a_fast_swipe_in_one_frame_is_judged_by_where_it_started_and_ended() {
        let b = board();
        let at = |r, c| Some(Pos::new(r, c));
        let mut pointing = Pointing::default();
        let released = replay_pointer(
            &mut pointing,
            [
                PointerStep::Over(at(0, 0)),
                PointerStep::Press,
                PointerStep::Over(at(0, 1)),
                PointerStep::Over(at(0, 2)),
                PointerStep::Over(at(0, 3)),
                PointerStep::Release,
            ],
        );
        assert_eq!(released, vec![(at(0, 0), at(0, 3))]);
        assert_eq!(
            gesture(&b, released[0].0, released[0].1),
            Some(Move::Bridge(Pos::new(0, 0), Pos::new(0, 3)))
        );
        assert_eq!(pointing.drag_from, None, "the stroke is over");
        assert_eq!(pointing.hover, at(0, 3));

        // The same swipe spread over frames: the press stays where it was.
        let mut pointing = Pointing::default();
        assert!(
            replay_pointer(
                &mut pointing,
                [PointerStep::Over(at(0, 0)), PointerStep::Press]
            )
            .is_empty()
        );
        assert!(replay_pointer(&mut pointing, [PointerStep::Over(at(0, 1))]).is_empty());
        assert_eq!(pointing.drag_from, at(0, 0));
        let released = replay_pointer(
            &mut pointing,
            [
                PointerStep::Over(at(0, 2)),
                PointerStep::Over(at(0, 3)),
                PointerStep::Release,
            ],
        );
        assert_eq!(released, vec![(at(0, 0), at(0, 3))]);

        // A tap and a second tap in one frame are two gestures.
        let mut pointing = Pointing::default();
        let released = replay_pointer(
            &mut pointing,
            [
                PointerStep::Over(at(0, 1)),
                PointerStep::Press,
                PointerStep::Release,
                PointerStep::Over(at(1, 1)),
                PointerStep::Press,
                PointerStep::Release,
            ],
        );
        assert_eq!(released, vec![(at(0, 1), at(0, 1)), (at(1, 1), at(1, 1))]);
        // A release with no press on the board (it began on a button) is no gesture.
        let mut pointing = Pointing::default();
        let released = replay_pointer(
            &mut pointing,
            [PointerStep::Over(at(0, 1)), PointerStep::Release],
        );
        assert_eq!(gesture(&b, released[0].0, released[0].1), None);
    }

    #[test]
    fn b_and_an_arrow_find_the_next_land_across_water() {
        let b = board();
        assert_eq!(bridge_end(&b, Pos::new(0, 0), (0, 1)), Some(Pos::new(0, 3)));
        assert_eq!(bridge_end(&b, Pos::new(0, 0), (1, 0)), None, "rock");
        assert_eq!(bridge_end(&b, Pos::new(0, 0), (-1, 0)), None, "the edge");
    }

    #[test]
    fn the_hovered_move_is_a_dragged_bridge_or_sand_over_water() {
        let b = board();
        let at = |r, c| Some(Pos::new(r, c));
        let pointing = |drag_from, hover| Pointing {
            hover,
            drag_from,
            cursor: None,
        };
        assert_eq!(
            hovered_move(&b, &pointing(None, at(0, 1))),
            Some(Move::Sand(Pos::new(0, 1)))
        );
        assert_eq!(hovered_move(&b, &pointing(None, at(0, 0))), None, "land");
        assert_eq!(
            hovered_move(&b, &pointing(at(0, 0), at(0, 3))),
            Some(Move::Bridge(Pos::new(0, 0), Pos::new(0, 3)))
        );
        assert_eq!(hovered_move(&b, &pointing(None, None)), None);
    }
}
