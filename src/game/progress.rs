//! Stars, best scores and best moves per level, kept between sessions together with the
//! settings: one RON file in the platform's data folder (local storage in the browser),
//! written atomically. A file that cannot be read is set aside as a backup and the game
//! starts fresh, saying so; it never stops the game.

use super::platform;
use super::settings::Settings;
use crate::level_files::{read_limited, write_atomically};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The best a player did on one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LevelRecord {
    pub stars: u8,
    pub best_score: u64,
    pub best_moves: u32,
}

/// The player's records.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Records by level key (the level file's path inside `levels/`).
    pub levels: BTreeMap<String, LevelRecord>,
}

/// The saved file: the records and the settings, each its own part. Files written before
/// settings were a resource of their own have this very shape, so they still read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename = "Progress")]
pub struct SavedProgress {
    pub levels: BTreeMap<String, LevelRecord>,
    pub settings: Settings,
}

impl SavedProgress {
    pub fn new(progress: &Progress, settings: &Settings) -> SavedProgress {
        SavedProgress {
            levels: progress.levels.clone(),
            settings: *settings,
        }
    }

    /// The records and the settings, as the game holds them.
    pub fn split(self) -> (Progress, Settings) {
        (
            Progress {
                levels: self.levels,
            },
            self.settings,
        )
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("progress always serialises")
    }
}

impl Progress {
    pub fn record(&self, key: &str) -> LevelRecord {
        self.levels.get(key).copied().unwrap_or_default()
    }

    /// Keeps the better of the old record and this win; true when anything improved.
    pub fn record_win(&mut self, key: &str, stars: u8, score: u64, moves: u32) -> bool {
        let old = self.record(key);
        let new = LevelRecord {
            stars: old.stars.max(stars),
            best_score: old.best_score.max(score),
            best_moves: if old.best_moves == 0 {
                moves
            } else {
                old.best_moves.min(moves)
            },
        };
        self.levels.insert(key.to_string(), new);
        new != old
    }
}

/// Where progress is kept. The game uses the platform's place; tests choose a file or none.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub enum ProgressLocation {
    #[default]
    Platform,
    File(PathBuf),
    Memory,
}

/// Where progress lives, and what went wrong reading or writing it (shown on the title).
#[derive(Resource, Debug, Clone, Default)]
pub struct ProgressStore {
    pub path: Option<PathBuf>,
    /// Kept in the browser's local storage (the web build).
    pub browser: bool,
    pub notice: Option<String>,
}

/// The largest progress file read; anything bigger is not ours.
const MAX_PROGRESS_BYTES: usize = 4 << 20;

/// Local-storage key of the player's progress, in the browser.
pub const PROGRESS_KEY: &str = "merge-islands.progress";

/// Reads progress from `path`. A missing file is a fresh start; an unreadable one is renamed
/// to `<name>.corrupt` (replacing an older backup) and reported.
pub fn load_progress(path: &Path) -> (SavedProgress, Option<String>) {
    if !path.exists() {
        return (SavedProgress::default(), None);
    }
    let parsed = read_limited(path, MAX_PROGRESS_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|bytes| parse_progress(&bytes));
    match parsed {
        Ok(progress) => (progress, None),
        Err(why) => {
            let backup = path.with_extension("ron.corrupt");
            let kept = std::fs::rename(path, &backup).is_ok();
            let notice = if kept {
                format!(
                    "Your saved progress could not be read ({why}). It was kept as {} and the game starts fresh.",
                    backup.display()
                )
            } else {
                format!("Your saved progress could not be read ({why}); the game starts fresh.")
            };
            (SavedProgress::default(), Some(notice))
        }
    }
}

/// Progress from the text of a progress file.
pub fn parse_progress(bytes: &[u8]) -> Result<SavedProgress, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    ron::from_str::<SavedProgress>(text).map_err(|e| e.to_string())
}

/// Progress from the browser's local storage; an unreadable entry is set aside under
/// `<key>.corrupt` and reported.
fn load_from_browser() -> (SavedProgress, Option<String>) {
    use platform::{load_text, save_text};
    let Some(text) = load_text(PROGRESS_KEY) else {
        return (SavedProgress::default(), None);
    };
    match parse_progress(text.as_bytes()) {
        Ok(progress) => (progress, None),
        Err(why) => {
            let backup = format!("{PROGRESS_KEY}.corrupt");
            let kept = save_text(&backup, &text).is_ok();
            let notice = if kept {
                format!(
                    "Your saved progress could not be read ({why}). It was kept in this browser's storage as {backup} and the game starts fresh."
                )
            } else {
                format!("Your saved progress could not be read ({why}); the game starts fresh.")
            };
            (SavedProgress::default(), Some(notice))
        }
    }
}

/// Asks for progress to be written at the end of the frame.
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct SaveProgress;

pub struct ProgressPlugin;

impl Plugin for ProgressPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Progress>()
            .init_resource::<Settings>()
            .init_resource::<ProgressStore>()
            .init_resource::<ProgressLocation>()
            .add_message::<SaveProgress>()
            .add_systems(PreStartup, load_on_start)
            .add_systems(Last, save_when_asked);
    }
}

fn load_on_start(mut commands: Commands, location: Res<ProgressLocation>) {
    let browser = platform::IS_BROWSER && *location == ProgressLocation::Platform;
    let path = match &*location {
        ProgressLocation::Platform => platform::progress_path(),
        ProgressLocation::File(p) => Some(p.clone()),
        ProgressLocation::Memory => None,
    };
    let (saved, notice) = if browser {
        load_from_browser()
    } else {
        path.as_deref().map(load_progress).unwrap_or_default()
    };
    if let Some(n) = &notice {
        warn!("{n}");
    }
    let (progress, settings) = saved.split();
    commands.insert_resource(progress);
    commands.insert_resource(settings.with_motion_preference(platform::prefers_reduced_motion()));
    commands.insert_resource(ProgressStore {
        path,
        browser,
        notice,
    });
}

fn save_when_asked(
    mut asked: MessageReader<SaveProgress>,
    progress: Res<Progress>,
    settings: Res<Settings>,
    mut store: ResMut<ProgressStore>,
) {
    if asked.read().count() == 0 {
        return;
    }
    let text = SavedProgress::new(&progress, &settings).to_ron();
    let result = if store.browser {
        platform::save_text(PROGRESS_KEY, &text)
    } else if let Some(path) = &store.path {
        write_atomically(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        return;
    };
    if let Err(e) = result {
        let message = format!("Progress could not be saved: {e}");
        warn!("{message}");
        store.notice = Some(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "merge-islands-progress-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("progress.ron")
    }

    #[test]
    fn a_win_keeps_the_best_of_each_record() {
        let mut p = Progress::default();
        assert!(p.record_win("a", 2, 100, 6));
        assert!(p.record_win("a", 3, 80, 5));
        assert!(!p.record_win("a", 1, 50, 9), "nothing better");
        assert_eq!(
            p.record("a"),
            LevelRecord {
                stars: 3,
                best_score: 100,
                best_moves: 5
            }
        );
    }

    #[test]
    fn progress_round_trips_through_its_file() {
        let path = scratch("roundtrip");
        let mut p = Progress::default();
        p.record_win("chapter1/01.level.ron", 3, 120, 3);
        let settings = Settings {
            colour_blind: true,
            ..Settings::default()
        };
        let saved = SavedProgress::new(&p, &settings);
        write_atomically(&path, saved.to_ron().as_bytes()).unwrap();
        let (read, notice) = load_progress(&path);
        assert_eq!(notice, None);
        assert_eq!(read.split(), (p, settings));
    }

    /// A file written when the settings still lived inside the progress reads the same.
    #[test]
    fn a_file_from_before_settings_stood_alone_still_reads() {
        let old = r#"(levels: {"chapter1/01.level.ron": (stars: 2, best_score: 40, best_moves: 4)}, settings: (volume: 0.3, muted: true, colour_blind: true, animation: Slow, fullscreen: false))"#;
        let (progress, settings) = parse_progress(old.as_bytes()).unwrap().split();
        assert_eq!(progress.record("chapter1/01.level.ron").stars, 2);
        assert_eq!(settings.volume, 0.3);
        assert!(settings.muted && settings.colour_blind);
        assert_eq!(
            settings.animation,
            super::super::settings::AnimationSpeed::Slow
        );
        let older = r#"Progress(levels: {})"#;
        assert_eq!(
            parse_progress(older.as_bytes()).unwrap().settings,
            Settings::default()
        );
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_the_game_starts_fresh() {
        let path = scratch("corrupt");
        std::fs::write(&path, "Progress(levels: {\"a\": (stars: 3").unwrap();
        let (p, notice) = load_progress(&path);
        assert_eq!(p, SavedProgress::default());
        assert!(notice.unwrap().contains("kept as"));
        assert!(!path.exists());
        let backup = path.with_extension("ron.corrupt");
        assert!(
            std::fs::read_to_string(backup)
                .unwrap()
                .contains("stars: 3")
        );
    }
}
