//! Stars, best scores and settings, kept between sessions: a RON file in the platform's data
//! folder, written atomically. A file that cannot be read is set aside as a backup and the
//! game starts fresh, saying so; it never stops the game.

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

/// How fast merges animate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AnimationSpeed {
    Off,
    Slow,
    #[default]
    Normal,
    Fast,
}

impl AnimationSpeed {
    /// Seconds of animation per second of real time; `None` when animations are off.
    pub fn rate(self) -> Option<f32> {
        match self {
            AnimationSpeed::Off => None,
            AnimationSpeed::Slow => Some(0.5),
            AnimationSpeed::Normal => Some(1.0),
            AnimationSpeed::Fast => Some(2.0),
        }
    }

    pub fn next(self) -> AnimationSpeed {
        match self {
            AnimationSpeed::Off => AnimationSpeed::Slow,
            AnimationSpeed::Slow => AnimationSpeed::Normal,
            AnimationSpeed::Normal => AnimationSpeed::Fast,
            AnimationSpeed::Fast => AnimationSpeed::Off,
        }
    }
}

/// The player's settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// 0.0 to 1.0.
    pub volume: f32,
    pub muted: bool,
    pub colour_blind: bool,
    pub animation: AnimationSpeed,
    pub fullscreen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            volume: 0.7,
            muted: false,
            colour_blind: false,
            animation: AnimationSpeed::Normal,
            fullscreen: false,
        }
    }
}

/// Everything kept between sessions.
#[derive(Resource, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Records by level key (the level file's path inside `levels/`).
    pub levels: BTreeMap<String, LevelRecord>,
    pub settings: Settings,
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

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("progress always serialises")
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

/// Reads progress from `path`. A missing file is a fresh start; an unreadable one is renamed
/// to `<name>.corrupt` (replacing an older backup) and reported.
pub fn load_progress(path: &Path) -> (Progress, Option<String>) {
    if !path.exists() {
        return (Progress::default(), None);
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
            (Progress::default(), Some(notice))
        }
    }
}

/// Progress from the text of a progress file.
pub fn parse_progress(bytes: &[u8]) -> Result<Progress, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    ron::from_str::<Progress>(text).map_err(|e| e.to_string())
}

/// Progress from the browser's local storage; an unreadable entry is set aside under
/// `<key>.corrupt` and reported.
#[cfg(target_arch = "wasm32")]
fn load_from_browser() -> (Progress, Option<String>) {
    use super::web::{PROGRESS_KEY, load_text, save_text};
    let Some(text) = load_text(PROGRESS_KEY) else {
        return (Progress::default(), None);
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
            (Progress::default(), Some(notice))
        }
    }
}

/// The progress file: `$MERGE_ISLANDS_DATA_DIR/progress.ron`, else the platform's data folder.
#[cfg(not(target_arch = "wasm32"))]
pub fn default_progress_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("MERGE_ISLANDS_DATA_DIR") {
        return Some(PathBuf::from(dir).join("progress.ron"));
    }
    directories::ProjectDirs::from("", "", "merge-islands")
        .map(|d| d.data_dir().join("progress.ron"))
}

/// Asks for progress to be written at the end of the frame.
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct SaveProgress;

pub struct ProgressPlugin;

impl Plugin for ProgressPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Progress>()
            .init_resource::<ProgressStore>()
            .init_resource::<ProgressLocation>()
            .add_message::<SaveProgress>()
            .add_systems(PreStartup, load_on_start)
            .add_systems(Last, save_when_asked);
    }
}

fn load_on_start(mut commands: Commands, location: Res<ProgressLocation>) {
    let browser = cfg!(target_arch = "wasm32") && *location == ProgressLocation::Platform;
    let path = match &*location {
        #[cfg(not(target_arch = "wasm32"))]
        ProgressLocation::Platform => default_progress_path(),
        ProgressLocation::File(p) => Some(p.clone()),
        _ => None,
    };
    #[cfg(target_arch = "wasm32")]
    let (progress, notice) = if browser {
        load_from_browser()
    } else {
        path.as_deref().map(load_progress).unwrap_or_default()
    };
    #[cfg(not(target_arch = "wasm32"))]
    let (progress, notice) = path.as_deref().map(load_progress).unwrap_or_default();
    if let Some(n) = &notice {
        warn!("{n}");
    }
    commands.insert_resource(progress);
    commands.insert_resource(ProgressStore {
        path,
        browser,
        notice,
    });
}

fn save_when_asked(
    mut asked: MessageReader<SaveProgress>,
    progress: Res<Progress>,
    mut store: ResMut<ProgressStore>,
) {
    if asked.read().count() == 0 {
        return;
    }
    #[cfg(target_arch = "wasm32")]
    if store.browser {
        if let Err(e) = super::web::save_text(super::web::PROGRESS_KEY, &progress.to_ron()) {
            let message = format!("Progress could not be saved: {e}");
            warn!("{message}");
            store.notice = Some(message);
        }
        return;
    }
    let Some(path) = store.path.clone() else {
        return;
    };
    if let Err(e) = write_atomically(&path, progress.to_ron().as_bytes()) {
        let message = format!("Progress could not be saved to {}: {e}", path.display());
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
        p.settings.colour_blind = true;
        write_atomically(&path, p.to_ron().as_bytes()).unwrap();
        assert_eq!(load_progress(&path), (p, None));
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_the_game_starts_fresh() {
        let path = scratch("corrupt");
        std::fs::write(&path, "Progress(levels: {\"a\": (stars: 3").unwrap();
        let (p, notice) = load_progress(&path);
        assert_eq!(p, Progress::default());
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
