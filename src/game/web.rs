//! The browser glue (wasm32 only): the page's local storage for progress and the editor's
//! levels, downloads, the page address (`?level=NAME`), and the game's state published on
//! `document.body.dataset` for the page and its browser test.

use super::Screen;
use super::board_view::BoardLayout;
use super::campaign::Campaign;
use super::playing::ActiveSession;
use super::progress::Progress;
use crate::rules::board::Status;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

/// Local-storage key of the player's progress.
pub const PROGRESS_KEY: &str = "merge-islands.progress";
/// Local-storage keys of the editor's levels start with this, then the level's key.
pub const LEVEL_KEY_PREFIX: &str = "merge-islands.level.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save_text(key: &str, value: &str) -> Result<(), String> {
    let storage = storage().ok_or("this browser keeps no local storage")?;
    storage
        .set_item(key, value)
        .map_err(|e| format!("the browser refused to store it ({e:?})"))
}

/// Every stored key that starts with `prefix`, in order.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    keys.sort();
    keys
}

/// A parameter of the page's address: `?level=01-first-crossing`.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Offers `text` to the player as a downloaded file.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("the download failed ({e:?})");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Seconds since 1970 from the browser's clock (`SystemTime` does not exist here).
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Publishes the game's state on the page.
pub struct WebPlugin;

impl Plugin for WebPlugin {
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
        if let (Some(layout), Ok(window)) = (&layout, window.single()) {
            // The camera looks at the world's origin from the window's centre; CSS pixels
            // are the window's logical pixels.
            let left = window.width() / 2.0 + layout.origin.x - layout.cell / 2.0;
            let top = window.height() / 2.0 - layout.origin.y - layout.cell / 2.0;
            let rows: Vec<String> = (0..board.height())
                .map(|r| {
                    (0..board.width())
                        .map(|c| {
                            let pos = crate::rules::cell::Pos::new(r, c);
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
    if *frames >= READY_AFTER_FRAMES {
        state.push(("miReady", "1".into()));
    }
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let dataset = body.dataset();
    for (key, value) in state {
        if published.get(key) != Some(&value) {
            let _ = dataset.set(key, &value);
            published.insert(key, value);
        }
    }
}
