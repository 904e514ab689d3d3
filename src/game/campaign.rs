//! The campaign as the game sees it: chapters of levels read from `levels/` at start-up,
//! and which level is being played.

use crate::level_files::{
    CAMPAIGN_FILE, CUSTOM_FOLDER, EMBEDDED_LEVELS, LEVEL_EXTENSION, find_level_files,
    read_campaign, read_level,
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
        let order = text(CAMPAIGN_FILE).map(|t| {
            parse_ron::<crate::level_files::Campaign>(t).map_err(|e| format!("{CAMPAIGN_FILE}:{e}"))
        });
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
        order: Option<Result<crate::level_files::Campaign, String>>,
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

/// The folder levels are read from and the editor saves into.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct LevelsFolder(pub PathBuf);

/// The level being played (or about to be).
#[derive(Resource, Debug, Clone)]
pub struct CurrentLevel(pub CampaignLevel);

/// The levels folder: `$MERGE_ISLANDS_LEVELS`, else `levels/` in the working folder, beside
/// the executable, or in the source tree.
pub fn levels_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MERGE_ISLANDS_LEVELS") {
        return PathBuf::from(dir);
    }
    let candidates = [
        std::env::current_dir().ok(),
        std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf)),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|d| d.join("levels"))
        .find(|d| d.join(CAMPAIGN_FILE).is_file())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("levels"))
}

pub struct CampaignPlugin;

impl Plugin for CampaignPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(PreStartup, load_campaign);
    }
}

fn load_campaign(
    mut commands: Commands,
    existing: Option<Res<Campaign>>,
    folder: Option<Res<LevelsFolder>>,
) {
    // Tests may provide their own campaign.
    if existing.is_some() {
        return;
    }
    if cfg!(target_arch = "wasm32") {
        let campaign = super::level_store::with_browser_levels(Campaign::embedded());
        commands.insert_resource(campaign);
        return;
    }
    let folder = folder.map_or_else(levels_dir, |f| f.0.clone());
    commands.insert_resource(LevelsFolder(folder.clone()));
    {
        let campaign = Campaign::load(&folder);
        for p in &campaign.problems {
            warn!("{p}");
        }
        commands.insert_resource(campaign);
    }
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
        assert_eq!(built_in.in_order().count(), 40);
    }
}
