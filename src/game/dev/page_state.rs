//! The game's state published on the page (`document.body.dataset`) for the page and its
//! browser test: the screen, stars, and on the playing screen the level, moves, status and
//! where each cell is drawn. Added in the browser build only.

use crate::game::level_store::Campaign;
use crate::game::platform;
use crate::game::play::input::PlayButton;
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
) {
    *frames += 1;
    let mut state: Vec<(&'static str, String)> = Vec::new();
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
            let left = window.width() / 2.0 + layout.origin.x - layout.cell / 2.0;
            let top = window.height() / 2.0 - layout.origin.y - layout.cell / 2.0;
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
