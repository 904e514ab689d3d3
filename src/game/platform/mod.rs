//! Everything that differs between the desktop and the browser, behind one face: saved text
//! (local storage in the browser), downloads, the page's address, the clock, the levels and
//! data folders, and where assets come from. Every `target_arch = "wasm32"` switch of the
//! front end is in this folder; the rest of the game asks [`IS_BROWSER`] or calls these.

use bevy::prelude::*;
use std::path::PathBuf;

#[cfg(target_arch = "wasm32")]
mod browser;

/// True in the browser build.
pub const IS_BROWSER: bool = cfg!(target_arch = "wasm32");

/// Text kept under `key` in the browser's local storage (none on the desktop, which keeps
/// files instead).
pub fn load_text(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return browser::load_text(key);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key` in the browser's local storage.
pub fn save_text(key: &str, value: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    return browser::save_text(key, value);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (key, value);
        Err("the desktop keeps files, not browser storage".into())
    }
}

/// Forgets what local storage keeps under `key`.
pub fn remove_text(key: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    return browser::remove_text(key);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        Err("the desktop keeps files, not browser storage".into())
    }
}

/// Every local-storage key that starts with `prefix`, in order.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    return browser::keys_with_prefix(prefix);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = prefix;
        Vec::new()
    }
}

/// A parameter of the page's address (`?level=01-first-crossing`); none on the desktop.
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return browser::query_param(name);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        None
    }
}

/// The page's own address, without its query (`https://host/game/`); none on the desktop.
pub fn page_address() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return browser::page_address();
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// Puts `text` on the system clipboard (the page's, in the browser).
pub fn copy_text(text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    return browser::copy_text(text);
    #[cfg(not(target_arch = "wasm32"))]
    return desktop_clipboard::with(|clipboard| clipboard.set_text(text.to_owned()));
}

/// Text the player gives: in the browser, typed or pasted into the page's own prompt
/// (which works on phones too); on the desktop, what the clipboard holds. `None` when the
/// player cancelled or the clipboard holds no text.
pub fn ask_text(question: &str) -> Result<Option<String>, String> {
    #[cfg(target_arch = "wasm32")]
    return browser::ask_text(question);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = question;
        desktop_clipboard::with(|clipboard| match clipboard.get_text() {
            Ok(text) => Ok(Some(text)),
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(e) => Err(e),
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod desktop_clipboard {
    use std::sync::{Mutex, OnceLock};

    /// One clipboard for the whole run: on X11 the copied text lives as long as it does.
    static CLIPBOARD: OnceLock<Mutex<Option<arboard::Clipboard>>> = OnceLock::new();

    pub fn with<T>(
        act: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T, String> {
        let slot = CLIPBOARD.get_or_init(|| Mutex::new(arboard::Clipboard::new().ok()));
        let mut guard = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let clipboard = guard.as_mut().ok_or("no system clipboard here")?;
        act(clipboard).map_err(|e| format!("the clipboard refused ({e})"))
    }
}

/// Offers `text` to the player as a downloaded file (the browser's way to save one).
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    return browser::download(file_name, text);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (file_name, text);
        Err("downloads are for the browser; the desktop writes files".into())
    }
}

/// Publishes `(key, value)` pairs on the page (`document.body.dataset`); nothing on the
/// desktop.
pub fn set_page_data(pairs: &[(&str, &str)]) {
    #[cfg(target_arch = "wasm32")]
    browser::set_page_data(pairs);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = pairs;
}

/// The game's canvas as the page lays it out: its size in CSS pixels and the page's
/// `devicePixelRatio` (device pixels per CSS pixel). `None` on the desktop, and before the
/// canvas is on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageCanvas {
    pub css_size: Vec2,
    pub ratio: f32,
}

/// The page's canvas (see [`PageCanvas`]); `None` on the desktop.
pub fn page_canvas() -> Option<PageCanvas> {
    #[cfg(target_arch = "wasm32")]
    return browser::page_canvas();
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The one source of truth for the window's size in the browser: a CSS pixel of the canvas
/// is a logical pixel of the window, and the scale factor is the page's `devicePixelRatio`
/// (the one winit converts pointer positions with). Returns the physical size and scale
/// factor the window must take, or `None` when it already has them (within a CSS pixel).
///
/// Why: winit takes the window's physical size from the canvas's
/// `devicePixelContentBoxSize`, which some browsers report in CSS pixels when the ratio is
/// not 1 (Chromium under device emulation, so the browser test's phones); Bevy then divided
/// by the ratio again and laid out a 130 x 281 window on a 390 x 844 phone at ratio 3.
pub fn window_fix_for_page(page: PageCanvas, physical: UVec2, scale: f32) -> Option<(UVec2, f32)> {
    if page.css_size.min_element() < 1.0 || page.ratio.is_nan() || page.ratio <= 0.0 {
        return None;
    }
    let want = (page.css_size * page.ratio)
        .round()
        .as_uvec2()
        .max(UVec2::ONE);
    let logical = physical.as_vec2() / scale;
    let off = (logical - page.css_size).abs().max_element();
    (off > 1.0 || (scale - page.ratio).abs() > 1e-3).then_some((want, page.ratio))
}

/// Keeps the window's logical size and scale factor those of the page's canvas (browser
/// only; see [`window_fix_for_page`]). Runs first in the frame, so layout, the camera and
/// the page's published positions all see one size.
pub fn fit_window_to_page(mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>) {
    let Some(page) = page_canvas() else { return };
    let Ok(mut window) = windows.single_mut() else {
        return;
    };
    let physical = UVec2::new(window.physical_width(), window.physical_height());
    if let Some((size, ratio)) = window_fix_for_page(page, physical, window.scale_factor()) {
        window.resolution.set_scale_factor(ratio);
        window.resolution.set_physical_resolution(size.x, size.y);
    }
}

/// Whether the page's main pointer is a finger (`(pointer: coarse)`: phones and tablets);
/// false on the desktop.
pub fn coarse_pointer() -> bool {
    #[cfg(target_arch = "wasm32")]
    return browser::matches_media("(pointer: coarse)");
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Whether the player asked their system for less motion (the browser's
/// `prefers-reduced-motion`; the desktop has the in-game setting only).
pub fn prefers_reduced_motion() -> bool {
    #[cfg(target_arch = "wasm32")]
    return browser::prefers_reduced_motion();
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Nanoseconds since 1970 (the browser's clock counts milliseconds; `SystemTime` does not
/// exist there).
pub fn now_nanos() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return (browser::now_seconds() * 1e9) as u64;
    #[cfg(not(target_arch = "wasm32"))]
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// The levels folder: `$MERGE_ISLANDS_LEVELS`, else `levels/` (holding `campaign.ron`) in
/// the working folder or beside the executable. `None` without one: the game then plays
/// the campaign built into it, as the browser always does.
pub fn levels_dir() -> Option<PathBuf> {
    if IS_BROWSER {
        return None;
    }
    if let Some(dir) = std::env::var_os("MERGE_ISLANDS_LEVELS") {
        return Some(PathBuf::from(dir));
    }
    let candidates = [
        std::env::current_dir().ok(),
        std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf)),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|d| d.join("levels"))
        .find(|d| d.join(crate::level_files::CAMPAIGN_FILE).is_file())
}

/// The player's data folder: `$MERGE_ISLANDS_DATA_DIR`, else the platform's data folder.
/// The browser keeps its data in local storage instead.
pub fn data_dir() -> Option<PathBuf> {
    #[cfg(target_arch = "wasm32")]
    return None;
    #[cfg(not(target_arch = "wasm32"))]
    {
        if let Some(dir) = std::env::var_os("MERGE_ISLANDS_DATA_DIR") {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "merge-islands").map(|d| d.data_dir().to_owned())
    }
}

/// The progress file: `progress.ron` in the data folder.
pub fn progress_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("progress.ron"))
}

/// Where the player's own levels live (the editor saves them into its `custom/` folder): the
/// levels folder the player chose (`$MERGE_ISLANDS_LEVELS`), else `levels/` in the data
/// folder, never the game's own levels folder.
pub fn user_levels_dir() -> Option<PathBuf> {
    if IS_BROWSER {
        return None;
    }
    if let Some(dir) = std::env::var_os("MERGE_ISLANDS_LEVELS") {
        return Some(PathBuf::from(dir));
    }
    data_dir().map(|d| d.join("levels"))
}

/// In the browser, assets are served beside the page, with no `.meta` files to ask for.
#[cfg(target_arch = "wasm32")]
pub fn asset_plugin(_app: &mut App, _watch_levels: bool) -> AssetPlugin {
    AssetPlugin {
        file_path: "assets".into(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        ..default()
    }
}

/// The desktop game loads nothing from an `assets/` folder: its fonts and shader are
/// inside it, and level files come through their own source (see `live_levels`). The
/// default source still has to exist; it reads beside the executable and is not watched, so
/// a game without an `assets/` folder says nothing about one. Hot reload is on when there
/// is a levels folder to watch.
#[cfg(not(target_arch = "wasm32"))]
pub fn asset_plugin(app: &mut App, watch_levels: bool) -> AssetPlugin {
    use bevy::asset::io::file::FileAssetReader;
    use bevy::asset::io::{AssetSourceBuilder, AssetSourceId};
    let beside_game = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|p| p.join("assets")))
        .unwrap_or_else(|| PathBuf::from("assets"));
    app.register_asset_source(
        AssetSourceId::Default,
        AssetSourceBuilder::new(move || Box::new(FileAssetReader::new(beside_game.clone()))),
    );
    AssetPlugin {
        watch_for_changes_override: Some(watch_levels),
        ..default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_takes_the_page_s_css_size_and_ratio() {
        let phone = |ratio| PageCanvas {
            css_size: Vec2::new(390.0, 844.0),
            ratio,
        };
        // A device-pixel box reported in CSS pixels at ratio 3: 1170 x 2532, not 390 x 844.
        assert_eq!(
            window_fix_for_page(phone(3.0), UVec2::new(390, 844), 3.0),
            Some((UVec2::new(1170, 2532), 3.0))
        );
        assert_eq!(
            window_fix_for_page(phone(2.0), UVec2::new(390, 844), 2.0),
            Some((UVec2::new(780, 1688), 2.0))
        );
        // Already right (and a pixel of rounding is no reason to resize).
        assert_eq!(
            window_fix_for_page(phone(3.0), UVec2::new(1170, 2532), 3.0),
            None
        );
        assert_eq!(
            window_fix_for_page(phone(2.625), UVec2::new(1024, 2215), 2.625),
            None
        );
        assert_eq!(
            window_fix_for_page(phone(1.0), UVec2::new(390, 844), 1.0),
            None
        );
        // A scale factor not yet the page's.
        assert_eq!(
            window_fix_for_page(phone(2.0), UVec2::new(780, 1688), 1.0),
            Some((UVec2::new(780, 1688), 2.0))
        );
        // No canvas yet: nothing to follow.
        let hidden = PageCanvas {
            css_size: Vec2::ZERO,
            ratio: 2.0,
        };
        assert_eq!(window_fix_for_page(hidden, UVec2::new(10, 10), 1.0), None);
    }
}
