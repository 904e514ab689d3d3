//! Where the editor keeps levels: files under the levels folder on the desktop. Keys are
//! paths inside that folder (`custom/reef.level.ron`), as the campaign names them.

use super::campaign::{Campaign, LevelsFolder};
use crate::level_draft::file_stem_for;
use crate::level_files::{CUSTOM_FOLDER, LEVEL_EXTENSION, is_inside, write_atomically};
use crate::rules::level::Level;
use bevy::prelude::*;

/// The key a custom level called `name` is saved under.
pub fn custom_key(name: &str) -> String {
    format!("{CUSTOM_FOLDER}/{}{LEVEL_EXTENSION}", file_stem_for(name))
}

/// Whether a level is already stored under `key`.
pub fn exists(folder: Option<&LevelsFolder>, key: &str) -> bool {
    folder.is_some_and(|f| f.0.join(key).is_file())
}

/// Stores a level under `key`, atomically; returns where it went, for the designer.
/// Nothing is written outside the levels folder.
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
pub fn refresh_campaign(world: &mut World) {
    if let Some(folder) = world.get_resource::<LevelsFolder>() {
        let campaign = Campaign::load(&folder.0);
        world.insert_resource(campaign);
    }
}
