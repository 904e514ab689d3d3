//! The game's state published on the page (`document.body.dataset`) for the page and its
//! browser test: the screen, stars, and on the playing screen the level, moves, status and
//! where each cell is drawn. Added in the browser build only.

use crate::game::conquest_screen::{ConquestMatch, OnlineRoom, RoomState};
use crate::game::level_store::Campaign;
use crate::game::platform;
use crate::game::play::input::{BoardScroll, PlayButton};
use crate::game::play::model::ActiveSession;
use crate::game::play::resume::{ContinueButton, SavedGame};
use crate::game::play::xray::XRay;
use crate::game::progress::Progress;
use crate::game::screen::{LaunchProblem, Screen};
use crate::game::ui::board_layout::BoardLayout;
use crate::rules::board::Status;
use crate::rules::cell::Pos;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use std::collections::HashMap;

/// Publishes the game's state on the page.
pub struct PageStatePlugin;

impl Plugin for PageStatePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Last, publish_state);
    }
}

/// Frames drawn before the page is told the game is ready (the first ones only load fonts).
const READY_AFTER_FRAMES: u32 = 3;

fn publish_state(
    mut frames: Local<u32>,
    mut first_frames: Local<Vec<String>>,
    mut published: Local<HashMap<&'static str, String>>,
    screen: Res<State<Screen>>,
    active: Option<Res<ActiveSession>>,
    layout: Option<Res<BoardLayout>>,
    progress: Res<Progress>,
    campaign: Res<Campaign>,
    window: Query<&Window, With<PrimaryWindow>>,
    buttons: Query<(&PlayButton, &UiGlobalTransform)>,
    launch_problem: Res<LaunchProblem>,
    xray: Res<XRay>,
    continue_buttons: Query<(&UiGlobalTransform, &ComputedNode), With<ContinueButton>>,
    saved_game: Option<Res<SavedGame>>,
    (all_buttons, labels): (
        Query<
            (
                &UiGlobalTransform,
                &ComputedNode,
                &InheritedVisibility,
                Option<&PlayButton>,
                Option<&Children>,
            ),
            With<Button>,
        >,
        Query<&Text>,
    ),
    (conquest, online, scroll, cameras): (
        Option<Res<ConquestMatch>>,
        Option<Res<OnlineRoom>>,
        Res<BoardScroll>,
        Query<&GlobalTransform, With<Camera2d>>,
    ),
) {
    *frames += 1;
    let mut state: Vec<(&'static str, String)> = Vec::new();
    // When the first frames ended (ms since 1970, the page's Date.now()): where a slow start
    // spends its time, next to the page's own marks (index.html's miTimings).
    if *frames <= READY_AFTER_FRAMES {
        first_frames.push(format!("{:.0}", platform::now_nanos() as f64 / 1e6));
        state.push(("miFirstFrames", first_frames.join(",")));
    }
    let screen_name = match screen.get() {
        Screen::Title => "title",
        Screen::LevelSelect => "select",
        Screen::Playing => "playing",
        Screen::Settings => "settings",
        Screen::Conquest => "conquest",
        Screen::Editor => "editor",
        Screen::Statistics => "statistics",
    };
    state.push(("miScreen", screen_name.into()));
    let stars: u32 = campaign
        .all()
        .map(|l| u32::from(progress.record(&l.key).stars))
        .sum();
    state.push(("miStars", stars.to_string()));
    if let (Some(active), Screen::Playing) = (&active, screen.get()) {
        let board = active.session.board();
        state.push(("miLevel", active.key.clone()));
        state.push(("miMoves", board.moves_made().to_string()));
        let status = match board.status() {
            Status::Playing => "playing",
            Status::Won => "won",
            Status::Lost => "lost",
        };
        state.push(("miStatus", status.into()));
        // The X-ray view: closed, or open with the parent arrows it draws.
        let arrows = xray.forest().map_or(0, |f| {
            f.cells()
                .filter(|(_, n)| matches!(n, crate::union_find::Node::Child { .. }))
                .count()
        });
        let shown = if xray.open {
            format!("open {arrows}")
        } else {
            "closed".into()
        };
        state.push(("miXray", shown));
        if let (Some(layout), Ok(window)) = (&layout, window.single()) {
            // The camera looks at the world's origin from the window's centre; CSS pixels
            // are the window's logical pixels.
            // A scrolled board's camera sits at the scroll offset.
            let at = scroll.offset;
            let left = window.width() / 2.0 + layout.origin.x - at.x - layout.cell / 2.0;
            let top = window.height() / 2.0 - layout.origin.y + at.y - layout.cell / 2.0;
            // The scroll as the input keeps it, where the camera is, and how far it may go.
            let camera = cameras
                .iter()
                .next()
                .map_or(Vec3::ZERO, |t| t.translation());
            let reach = layout.scroll_reach();
            state.push((
                "miScroll",
                format!(
                    "{{\"offset\":[{},{}],\"camera\":[{},{}],\"reach\":[{},{}]}}",
                    at.x, at.y, camera.x, camera.y, reach.x, reach.y
                ),
            ));
            let rows: Vec<String> = (0..board.height())
                .map(|r| {
                    (0..board.width())
                        .map(|c| {
                            let pos = Pos::new(r, c);
                            board.cell(pos).map_or('?', |cell| cell.to_char())
                        })
                        .collect::<String>()
                })
                .map(|row| format!("\"{row}\""))
                .collect();
            state.push((
                "miBoard",
                format!(
                    "{{\"left\":{left},\"top\":{top},\"cell\":{},\"cols\":{},\"rows\":{},\"grid\":[{}]}}",
                    layout.cell,
                    board.width(),
                    board.height(),
                    rows.join(",")
                ),
            ));
        }
    }
    // Island Conquest online: the room's code, where it stands, this side and the game's
    // number.
    if let (Some(room), Screen::Conquest) = (&online, screen.get()) {
        let state_name = match room.state {
            RoomState::Waiting => "waiting",
            RoomState::Playing => "playing",
            RoomState::Left(_) => "left",
            RoomState::Failed(_) => "failed",
        };
        state.push((
            "miOnline",
            format!(
                "{{\"code\":\"{}\",\"state\":\"{state_name}\",\"creator\":{},\"side\":\"{}\",\"game\":{},\"refused\":{}}}",
                room.code,
                room.creator,
                room.side(),
                room.game_number,
                room.notes.len(),
            ),
        ));
    }
    // Island Conquest: whose turn, claims so far, whether the computer is thinking, its
    // last reply (seconds from the player's claim to its own, and of those searching; -1
    // before one), and the board (cells 'X', 'O' or '.'), placed as miBoard is on the playing screen.
    if let (Some(m), Screen::Conquest) = (&conquest, screen.get()) {
        let g = &m.game;
        let n = g.size();
        state.push((
            "miConquest",
            format!(
                "{{\"toMove\":\"{}\",\"claims\":{},\"thinking\":{},\"over\":{},\"reply\":{},\"search\":{}}}",
                g.to_move(),
                n * n - g.empty_cells(),
                !g.is_over() && m.computer_to_move(),
                g.is_over(),
                m.last_reply.map_or(-1.0, |r| r.0),
                m.last_reply.map_or(-1.0, |r| r.1),
            ),
        ));
        if let (Some(layout), Ok(window)) = (&layout, window.single()) {
            // A scrolled board's camera sits at the scroll offset.
            let at = scroll.offset;
            let left = window.width() / 2.0 + layout.origin.x - at.x - layout.cell / 2.0;
            let top = window.height() / 2.0 - layout.origin.y + at.y - layout.cell / 2.0;
            let rows: Vec<String> = (0..n)
                .map(|r| {
                    let row: String = (0..n)
                        .map(|c| {
                            g.owner_at(Pos::new(r, c))
                                .map_or('.', |p| p.to_string().chars().next().unwrap_or('?'))
                        })
                        .collect();
                    format!("\"{row}\"")
                })
                .collect();
            state.push((
                "miBoard",
                format!(
                    "{{\"left\":{left},\"top\":{top},\"cell\":{},\"cols\":{n},\"rows\":{n},\"grid\":[{}]}}",
                    layout.cell,
                    rows.join(",")
                ),
            ));
        }
    }
    // The on-screen buttons' centres in CSS pixels, for taps ({"Undo":[x,y],...}). UI
    // geometry is in physical pixels; CSS pixels are the window's logical ones.
    let window_scale = window.single().map_or(1.0, Window::scale_factor);
    let centre = |name: String, at: &UiGlobalTransform| {
        let c = at.translation / window_scale;
        format!("\"{name}\":[{},{}]", c.x.round(), c.y.round())
    };
    let mut centres: Vec<String> = buttons
        .iter()
        .map(|(button, at)| centre(format!("{button:?}"), at))
        .collect();
    // Continue, where it shows (a hidden button has no size).
    centres.extend(
        continue_buttons
            .iter()
            .filter(|(_, node)| node.size().x > 0.0)
            .map(|(at, _)| centre("Continue".into(), at)),
    );
    let continue_label = saved_game
        .and_then(|slot| slot.saved.as_ref().map(|saved| saved.label()))
        .unwrap_or_default();
    state.push(("miContinue", continue_label));
    if !centres.is_empty() {
        state.push(("miButtons", format!("{{{}}}", centres.join(","))));
    }
    // Every button shown, as [left, top, width, height] in CSS pixels, named by its play
    // button or its label ({"Undo":[..],"Smaller grid":[..],...}; a repeated name gets
    // " 2", " 3"): the browser test checks each is a finger's size on a phone.
    let mut rects: Vec<String> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (at, node, visible, play, children) in &all_buttons {
        let size = node.size() / window_scale;
        if !visible.get() || size.x <= 0.0 || size.y <= 0.0 {
            continue;
        }
        let label = play.map(|b| format!("{b:?}")).or_else(|| {
            children?
                .iter()
                .find_map(|child| labels.get(child).ok())
                .map(|t| t.0.clone())
        });
        let mut name = label
            .unwrap_or_else(|| "button".into())
            .replace(['"', '\\', '\n'], " ");
        let count = seen.entry(name.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            name = format!("{name} {count}");
        }
        let centre = at.translation / window_scale;
        let corner = centre - size / 2.0;
        rects.push(format!(
            "\"{name}\":[{:.1},{:.1},{:.1},{:.1}]",
            corner.x, corner.y, size.x, size.y
        ));
    }
    rects.sort();
    state.push(("miButtonRects", format!("{{{}}}", rects.join(","))));
    // The window as the game lays it out: logical (CSS) size and scale factor.
    if let Ok(window) = window.single() {
        state.push((
            "miWindow",
            format!(
                "{{\"width\":{},\"height\":{},\"scale\":{}}}",
                window.width(),
                window.height(),
                window.scale_factor()
            ),
        ));
    }
    if let Some(problem) = &launch_problem.0 {
        state.push(("miLaunchProblem", problem.clone()));
    }
    if *frames >= READY_AFTER_FRAMES {
        state.push(("miReady", "1".into()));
    }
    let changed: Vec<(&str, &str)> = state
        .iter()
        .filter(|(key, value)| published.get(key) != Some(value))
        .map(|(key, value)| (*key, value.as_str()))
        .collect();
    platform::set_page_data(&changed);
    published.extend(state);
}
