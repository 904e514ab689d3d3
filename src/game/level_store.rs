//! Where the editor keeps levels: files under the levels folder on the desktop; in the
//! browser, its local storage plus a downloaded copy. Keys are paths inside the levels
//! folder (`custom/reef.level.ron`), as the campaign names them.

use super::campaign::{Campaign, LevelsFolder};
use crate::level_draft::file_stem_for;
use crate::level_files::{CUSTOM_FOLDER, LEVEL_EXTENSION};
#[cfg(not(target_arch = "wasm32"))]
use crate::level_files::{is_inside, write_atomically};
use crate::rules::level::Level;
use bevy::prelude::*;

/// The key a custom level called `name` is saved under.
pub fn custom_key(name: &str) -> String {
    format!("{CUSTOM_FOLDER}/{}{LEVEL_EXTENSION}", file_stem_for(name))
}

/// Whether a level is already stored under `key`.
#[cfg(not(target_arch = "wasm32"))]
pub fn exists(folder: Option<&LevelsFolder>, key: &str) -> bool {
    folder.is_some_and(|f| f.0.join(key).is_file())
}

/// Stores a level under `key`, atomically; returns where it went, for the designer.
/// Nothing is written outside the levels folder.
#[cfg(not(target_arch = "wasm32"))]
pub fn save(folder: Option<&LevelsFolder>, key: &str, level: &Level) -> Result<String, String> {
    let Some(folder) = folder else {
        return Err("there is no levels folder to save into.".into());
    };
    let path = folder.0.join(key);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    if !is_inside(&path, &folder.0) {
        return Err(format!("{key} is outside the levels folder."));
    }
    write_atomically(&path, level.to_ron().as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!("levels/{key}"))
}

/// Reads the campaign again so that a saved level shows in the level select.
#[cfg(not(target_arch = "wasm32"))]
pub fn refresh_campaign(world: &mut World) {
    if let Some(folder) = world.get_resource::<LevelsFolder>() {
        let campaign = Campaign::load(&folder.0);
        world.insert_resource(campaign);
    }
}

#[cfg(target_arch = "wasm32")]
pub fn exists(_folder: Option<&LevelsFolder>, key: &str) -> bool {
    super::web::load_text(&format!("{}{key}", super::web::LEVEL_KEY_PREFIX)).is_some()
}

/// In the browser: into local storage (the level select lists it), and as a download the
/// designer can put into `levels/custom/`.
#[cfg(target_arch = "wasm32")]
pub fn save(_folder: Option<&LevelsFolder>, key: &str, level: &Level) -> Result<String, String> {
    use super::web::{LEVEL_KEY_PREFIX, download, save_text};
    let text = level.to_ron();
    save_text(&format!("{LEVEL_KEY_PREFIX}{key}"), &text)?;
    let file_name = key.rsplit('/').next().unwrap_or(key);
    download(file_name, &text)?;
    Ok(format!(
        "this browser's storage, and downloaded as {file_name}"
    ))
}

#[cfg(target_arch = "wasm32")]
pub fn refresh_campaign(world: &mut World) {
    world.insert_resource(with_browser_levels(Campaign::embedded()));
}

/// The campaign plus the levels the editor saved in this browser.
#[cfg(target_arch = "wasm32")]
pub fn with_browser_levels(mut campaign: Campaign) -> Campaign {
    use super::web::{LEVEL_KEY_PREFIX, keys_with_prefix, load_text};
    for storage_key in keys_with_prefix(LEVEL_KEY_PREFIX) {
        let key = storage_key[LEVEL_KEY_PREFIX.len()..].to_string();
        let text = load_text(&storage_key).unwrap_or_default();
        match Level::from_ron_bytes(text.as_bytes()) {
            Ok(level) => campaign
                .custom
                .push(super::campaign::CampaignLevel { key, level }),
            Err(e) => campaign
                .problems
                .push(format!("{key} (in this browser): {e}")),
        }
    }
    campaign
}

/// Native builds read custom levels from the folder instead.
#[cfg(not(target_arch = "wasm32"))]
pub fn with_browser_levels(campaign: Campaign) -> Campaign {
    campaign
}
