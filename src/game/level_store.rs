//! Where levels come from and go: the campaign read from `levels/` at start-up (built into
//! the browser build, plus the levels saved in its local storage), which level is being
//! played, and the editor's saves. On the desktop the player's own levels are files in
//! their user levels folder (`custom/` in the data folder, or in the levels folder they
//! chose); an edited campaign level is saved there as a copy, and goes back to its own file
//! only in designer mode. In the browser: local storage, and a download on request. Keys are
//! paths inside the levels folder (`custom/reef.level.ron`), as the campaign names them.

use super::platform;
use crate::level_draft::file_stem_for;
use crate::level_files::{
    CAMPAIGN_FILE, CUSTOM_FOLDER, CampaignFile, EMBEDDED_LEVELS, LEVEL_EXTENSION, find_level_files,
    is_inside, read_campaign, read_level, write_atomically,
};
use crate::rules::level::{Level, parse_ron};
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// One level of the campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignLevel {
    /// The file's path inside `levels/`: the key progress is kept under.
    pub key: String,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignChapter {
    pub name: String,
    pub levels: Vec<CampaignLevel>,
}

/// The chapters in order, the designer's own levels, and any file that could not be read
/// (shown on the level select).
#[derive(Resource, Debug, Clone, Default)]
pub struct Campaign {
    pub chapters: Vec<CampaignChapter>,
    /// Levels under `levels/custom/` that the campaign does not name: always open, and
    /// outside the campaign's order.
    pub custom: Vec<CampaignLevel>,
    pub problems: Vec<String>,
}

impl Campaign {
    /// All levels in play order, with their chapter index.
    pub fn in_order(&self) -> impl Iterator<Item = (usize, &CampaignLevel)> {
        self.chapters
            .iter()
            .enumerate()
            .flat_map(|(c, ch)| ch.levels.iter().map(move |l| (c, l)))
    }

    /// The level after `key` in play order.
    pub fn next_after(&self, key: &str) -> Option<&CampaignLevel> {
        let mut it = self.in_order().map(|(_, l)| l);
        it.find(|l| l.key == key)?;
        it.next()
    }

    /// Adds the player's own levels: the level files under `custom/` in their user levels
    /// folder, unless a level of the same key is already in (the levels folder's own
    /// `custom/` comes first).
    pub fn add_user_levels(&mut self, user: &Path) {
        let custom = user.join(CUSTOM_FOLDER);
        for path in find_level_files(&custom).unwrap_or_default() {
            let Ok(rel) = path.strip_prefix(user) else {
                continue;
            };
            let key = rel.to_string_lossy().replace('\\', "/");
            if self.custom.iter().any(|l| l.key == key) {
                continue;
            }
            match read_level(&path) {
                Ok(level) => self.custom.push(CampaignLevel { key, level }),
                Err(e) => self.problems.push(e.to_string()),
            }
        }
    }

    /// Every level: the campaign's, then the custom ones.
    pub fn all(&self) -> impl Iterator<Item = &CampaignLevel> {
        self.in_order().map(|(_, l)| l).chain(&self.custom)
    }

    /// Finds a level by key, file stem or name (case-insensitive), for `--level NAME`.
    pub fn find(&self, name: &str) -> Option<&CampaignLevel> {
        let wanted = name.to_lowercase();
        self.all().find(|l| {
            let stem = l.key.rsplit('/').next().unwrap_or(&l.key);
            l.key.to_lowercase() == wanted
                || stem.trim_end_matches(".level.ron").to_lowercase() == wanted
                || l.level.name.to_lowercase() == wanted
        })
    }

    /// Reads the campaign from a levels folder: `campaign.ron` gives the order; without it,
    /// every level file forms one chapter. Custom levels come after, on their own.
    pub fn load(dir: &Path) -> Campaign {
        // Every level file's key (its path inside the folder), from one walk of the folder.
        let keys: Vec<String> = find_level_files(dir)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.strip_prefix(dir).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let read = |rel: &str| read_level(&dir.join(rel)).map_err(|e| e.to_string());
        let order_file = dir.join(CAMPAIGN_FILE);
        let order = order_file
            .is_file()
            .then(|| read_campaign(&order_file).map_err(|e| e.to_string()));
        let mut campaign = Campaign::from_order(order, &keys, &read);
        let named: Vec<String> = campaign.in_order().map(|(_, l)| l.key.clone()).collect();
        let custom_prefix = format!("{CUSTOM_FOLDER}/");
        for key in keys {
            if !key.starts_with(&custom_prefix) || named.contains(&key) {
                continue;
            }
            match read(&key) {
                Ok(level) => campaign.custom.push(CampaignLevel { key, level }),
                Err(e) => campaign.problems.push(e),
            }
        }
        campaign
    }

    /// The campaign built into the game (the browser has no levels folder to read).
    pub fn embedded() -> Campaign {
        let text = |rel: &str| {
            EMBEDDED_LEVELS
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(_, t)| *t)
        };
        let read = |rel: &str| match text(rel) {
            Some(t) => Level::from_ron_bytes(t.as_bytes()).map_err(|e| format!("{rel}: {e}")),
            None => Err(format!("{rel}: not built into the game")),
        };
        let order = text(CAMPAIGN_FILE)
            .map(|t| parse_ron::<CampaignFile>(t).map_err(|e| format!("{CAMPAIGN_FILE}:{e}")));
        let files: Vec<String> = EMBEDDED_LEVELS
            .iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| p.ends_with(LEVEL_EXTENSION))
            .collect();
        Campaign::from_order(order, &files, &read)
    }

    /// Chapters from the campaign's order (`campaign.ron`) or, without one, every level file
    /// in one chapter. `read` gives a level by its path inside the levels folder.
    fn from_order(
        order: Option<Result<CampaignFile, String>>,
        files: &[String],
        read: &dyn Fn(&str) -> Result<Level, String>,
    ) -> Campaign {
        let mut campaign = Campaign::default();
        let read_into = |rel: &str, campaign: &mut Campaign| match read(rel) {
            Ok(level) => Some(CampaignLevel {
                key: rel.to_string(),
                level,
            }),
            Err(e) => {
                campaign.problems.push(e);
                None
            }
        };
        match order {
            Some(Ok(order)) => {
                for chapter in order.chapters {
                    let levels = chapter
                        .levels
                        .iter()
                        .filter_map(|rel| read_into(rel, &mut campaign))
                        .collect();
                    campaign.chapters.push(CampaignChapter {
                        name: chapter.name,
                        levels,
                    });
                }
                return campaign;
            }
            Some(Err(e)) => campaign.problems.push(e),
            None => {}
        }
        let levels = files
            .iter()
            .filter(|rel| !rel.starts_with(&format!("{CUSTOM_FOLDER}/")))
            .filter_map(|rel| read_into(rel, &mut campaign))
            .collect();
        campaign.chapters.push(CampaignChapter {
            name: "Levels".into(),
            levels,
        });
        campaign
    }
}

/// Whether a level's key names a file in the levels folder: test plays of the editor's draft
/// (`editor:…`) and endless rounds (`endless/…`) have none.
pub fn is_file_key(key: &str) -> bool {
    !key.contains(':') && !key.starts_with("endless/")
}

/// A test play of the editor's draft is played under a key that starts with this.
pub const TEST_PLAY_PREFIX: &str = "editor:";

/// Whether a level in play is a test play of the editor's draft: such a game is never kept
/// to continue and never counted in the player's progress.
pub fn is_test_play(key: &str) -> bool {
    key.starts_with(TEST_PLAY_PREFIX)
}

/// Whether a key names one of the campaign's own files (a shipped level, not the player's
/// `custom/…`): the editor writes those only in designer mode.
pub fn is_campaign_file(key: &str) -> bool {
    is_file_key(key) && !key.starts_with(&format!("{CUSTOM_FOLDER}/"))
}

/// The name of the `n`th edited copy of a level: "First Crossing (edited)", then
/// "First Crossing (edited 2)", and so on.
pub fn copy_name(name: &str, n: u32) -> String {
    match n {
        0 | 1 => format!("{name} (edited)"),
        n => format!("{name} (edited {n})"),
    }
}

/// The first edited copy of the level called `name` whose key is not `taken`: its name and
/// key. A long name is cut for the file name only, so that the copies' numbers stay in it.
/// `None` when the first hundred are all taken.
pub fn free_copy(name: &str, taken: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let short: String = name.chars().take(32).collect();
    (1..=100)
        .map(|n| (copy_name(name, n), custom_key(&copy_name(&short, n))))
        .find(|(_, key)| !taken(key))
}

/// The folder the campaign is read from (in designer mode, an edited campaign level is saved
/// back into it).
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct LevelsFolder(pub PathBuf);

/// The player's own levels folder: the editor saves new levels into its `custom/`, and the
/// level select lists them (see [`platform::user_levels_dir`]).
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct UserLevelsFolder(pub PathBuf);

/// The folders a level's key is looked up in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Folders<'a> {
    pub levels: Option<&'a LevelsFolder>,
    pub user: Option<&'a UserLevelsFolder>,
}

impl Folders<'_> {
    /// The folder a key's file is in: the player's levels for `custom/…` (when there is
    /// such a folder), else the levels folder.
    pub fn base_for(&self, key: &str) -> Option<&Path> {
        let custom = key.starts_with(&format!("{CUSTOM_FOLDER}/"));
        match (custom, self.user, self.levels) {
            (true, Some(user), _) => Some(&user.0),
            (_, _, Some(levels)) => Some(&levels.0),
            _ => None,
        }
    }
}

/// The level being played (or about to be).
#[derive(Resource, Debug, Clone)]
pub struct CurrentLevel(pub CampaignLevel);

/// Local-storage keys of the editor's levels start with this, then the level's key.
pub const LEVEL_KEY_PREFIX: &str = "merge-islands.level.";

/// The key a custom level called `name` is saved under.
pub fn custom_key(name: &str) -> String {
    format!("{CUSTOM_FOLDER}/{}{LEVEL_EXTENSION}", file_stem_for(name))
}

/// Whether a level is already stored under `key`.
pub fn exists(folders: Folders, key: &str) -> bool {
    if platform::IS_BROWSER {
        return platform::load_text(&format!("{LEVEL_KEY_PREFIX}{key}")).is_some();
    }
    folders.base_for(key).is_some_and(|f| f.join(key).is_file())
}

/// Stores a level under `key`, atomically; returns where it went, for the designer.
/// Nothing is written outside the folder the key belongs in (the player's levels for
/// `custom/…`). In the browser: into local storage (the level select lists it); a file of it
/// is the separate [`download`].
pub fn save(folders: Folders, key: &str, level: &Level) -> Result<String, String> {
    let text = level.to_ron();
    if platform::IS_BROWSER {
        platform::save_text(&format!("{LEVEL_KEY_PREFIX}{key}"), &text)?;
        return Ok("this browser's storage".into());
    }
    let Some(folder) = folders.base_for(key) else {
        return Err("there is no levels folder to save into.".into());
    };
    let path = folder.join(key);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    if !is_inside(&path, folder) {
        return Err(format!("{key} is outside the levels folder."));
    }
    write_atomically(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.display().to_string())
}

/// Offers a level as a downloaded file named after its key (the browser's way to hand the
/// designer a file for `levels/custom/`); returns the file's name.
pub fn download(key: &str, level: &Level) -> Result<String, String> {
    let file_name = key.rsplit('/').next().unwrap_or(key);
    platform::download(file_name, &level.to_ron())?;
    Ok(file_name.to_string())
}

/// Reads the campaign again so that a saved level shows in the level select.
pub fn refresh_campaign(world: &mut World) {
    let folder = world.get_resource::<LevelsFolder>().cloned();
    let user = world.get_resource::<UserLevelsFolder>().cloned();
    if folder.is_none() && user.is_none() && !platform::IS_BROWSER {
        // A campaign given without folders (as tests do) has nothing to read again.
        return;
    }
    world.insert_resource(read_campaign_from(folder.as_ref(), user.as_ref()));
}

/// The campaign from the levels folder, or the one built into the game when there is none
/// (always, in the browser); then the player's own levels (from their folder on the
/// desktop, from local storage in the browser).
fn read_campaign_from(folder: Option<&LevelsFolder>, user: Option<&UserLevelsFolder>) -> Campaign {
    if platform::IS_BROWSER {
        return with_browser_levels(Campaign::embedded());
    }
    let mut campaign = match folder {
        Some(folder) => Campaign::load(&folder.0),
        None => Campaign::embedded(),
    };
    if let Some(user) = user.filter(|u| folder.is_none_or(|f| u.0 != f.0)) {
        campaign.add_user_levels(&user.0);
    }
    campaign
}

/// The campaign plus the levels the editor saved in this browser (none on the desktop).
fn with_browser_levels(mut campaign: Campaign) -> Campaign {
    for storage_key in platform::keys_with_prefix(LEVEL_KEY_PREFIX) {
        let key = storage_key[LEVEL_KEY_PREFIX.len()..].to_string();
        let text = platform::load_text(&storage_key).unwrap_or_default();
        match Level::from_ron_bytes(text.as_bytes()) {
            Ok(level) => campaign.custom.push(CampaignLevel { key, level }),
            Err(e) => campaign
                .problems
                .push(format!("{key} (in this browser): {e}")),
        }
    }
    campaign
}

pub struct LevelStorePlugin;

impl Plugin for LevelStorePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(PreStartup, load_campaign);
    }
}

fn load_campaign(
    mut commands: Commands,
    existing: Option<Res<Campaign>>,
    folder: Option<Res<LevelsFolder>>,
    user: Option<Res<UserLevelsFolder>>,
) {
    // Tests may provide their own campaign.
    if existing.is_some() {
        return;
    }
    // The levels folder is found once, when the app is made (`game::run`), as its hot
    // reload needs it before the asset server exists; without one, the built-in campaign.
    let folder = folder.map(|f| f.clone());
    let user = user
        .map(|u| u.clone())
        .or_else(|| platform::user_levels_dir().map(UserLevelsFolder));
    let campaign = read_campaign_from(folder.as_ref(), user.as_ref());
    if let Some(user) = user {
        commands.insert_resource(user);
    }
    for p in &campaign.problems {
        warn!("{p}");
    }
    if let Some(folder) = folder {
        commands.insert_resource(folder);
    }
    commands.insert_resource(campaign);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser's built-in campaign is the levels folder's, chapter for chapter.
    #[test]
    fn the_built_in_campaign_is_the_levels_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
        let from_disk = Campaign::load(&folder);
        let built_in = Campaign::embedded();
        assert!(built_in.problems.is_empty(), "{:?}", built_in.problems);
        assert_eq!(built_in.chapters, from_disk.chapters);
        assert!(built_in.in_order().count() >= 40);
    }

    #[test]
    fn shipped_levels_are_told_from_the_players_and_from_test_plays() {
        assert!(is_campaign_file("chapter1/01-first-crossing.level.ron"));
        assert!(!is_campaign_file("custom/reef.level.ron"));
        assert!(!is_campaign_file("editor:new level"));
        assert!(!is_campaign_file("endless/3"));
        assert!(is_test_play("editor:custom/reef.level.ron"));
        assert!(!is_test_play("custom/reef.level.ron"));
    }

    /// An edited copy never takes a name already used: the first free one of "(edited)",
    /// "(edited 2)", …, each with its own file.
    #[test]
    fn an_edited_copy_takes_the_first_free_name() {
        let none = |_: &str| false;
        assert_eq!(
            free_copy("First Crossing", none),
            Some((
                "First Crossing (edited)".into(),
                "custom/first-crossing-edited.level.ron".into()
            ))
        );
        let first_two = |key: &str| {
            key == "custom/first-crossing-edited.level.ron"
                || key == "custom/first-crossing-edited-2.level.ron"
        };
        assert_eq!(
            free_copy("First Crossing", first_two),
            Some((
                "First Crossing (edited 3)".into(),
                "custom/first-crossing-edited-3.level.ron".into()
            ))
        );
        // A name too long for a file name keeps its copies apart all the same.
        let long = "An Archipelago Whose Name Goes On And On Past Any File Name";
        let (name, key) = free_copy(long, none).unwrap();
        assert_eq!(name, format!("{long} (edited)"));
        let (_, second) = free_copy(long, |k| k == key).unwrap();
        assert_ne!(second, key);
        assert!(second.ends_with("-edited-2.level.ron"), "{second}");
        assert_eq!(free_copy("Full", |_| true), None);
    }
}
