//! Stars, best scores and best moves per level, kept between sessions together with the
//! settings: one RON file in the platform's data folder (local storage in the browser),
//! written atomically. A file that cannot be read is set aside as a backup and the game
//! starts fresh, saying so; it never stops the game.

use super::calendar;
use super::platform;
use super::settings::Settings;
use crate::conquest::ai::Strength;
use crate::level_files::{read_limited, write_atomically};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The best a player did on one level, and the time spent on it. Fields added later read
/// as zero from older files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LevelRecord {
    pub stars: u8,
    pub best_score: u64,
    pub best_moves: u32,
    /// The fastest win, in milliseconds (0: no timed win yet).
    pub best_time_ms: u64,
    /// Every millisecond spent playing the level, won or not.
    pub time_ms: u64,
}

/// How the player did on one day's daily puzzle: the first win of the day counts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DailyResult {
    pub stars: u8,
    pub moves: u32,
    pub par: u32,
    pub score: u64,
    /// The points from joins and the bonus for unused moves, for the result panel.
    pub join_points: u64,
    pub bonus: u64,
    pub time_ms: u64,
    /// The winning moves (as the command line writes them), so the solved board can be
    /// shown again.
    pub solution: String,
}

/// Endless mode's bests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EndlessRecord {
    /// The furthest round won (counted from 1).
    pub best_round: u32,
    /// The highest running total of a run (its rounds' scores added up).
    pub best_total: u64,
    pub rounds_won: u32,
}

/// Island Conquest games against the computer at one strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConquestTally {
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
}

/// Island Conquest results against the computer, by its strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConquestRecord {
    pub easy: ConquestTally,
    pub medium: ConquestTally,
    pub hard: ConquestTally,
}

/// How a game of Island Conquest against the computer ended, for the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConquestResult {
    Won,
    Lost,
    Tie,
}

/// The player's records.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Records by level key (the level file's path inside `levels/`).
    pub levels: BTreeMap<String, LevelRecord>,
    /// Daily puzzle results by date (YYYY-MM-DD).
    pub daily: BTreeMap<String, DailyResult>,
    pub endless: EndlessRecord,
    pub conquest: ConquestRecord,
    /// The game server the player chose for Island Conquest online (`ws://host:port`).
    pub online_server: Option<String>,
}

/// The saved file: the records and the settings, each its own part. Files written before
/// settings were a resource of their own have this very shape, so they still read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename = "Progress")]
pub struct SavedProgress {
    pub levels: BTreeMap<String, LevelRecord>,
    pub settings: Settings,
    pub daily: BTreeMap<String, DailyResult>,
    pub endless: EndlessRecord,
    pub conquest: ConquestRecord,
    pub online_server: Option<String>,
}

impl SavedProgress {
    pub fn new(progress: &Progress, settings: &Settings) -> SavedProgress {
        SavedProgress {
            levels: progress.levels.clone(),
            settings: *settings,
            daily: progress.daily.clone(),
            endless: progress.endless,
            conquest: progress.conquest,
            online_server: progress.online_server.clone(),
        }
    }

    /// The records and the settings, as the game holds them.
    pub fn split(self) -> (Progress, Settings) {
        (
            Progress {
                levels: self.levels,
                daily: self.daily,
                endless: self.endless,
                conquest: self.conquest,
                online_server: self.online_server,
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
            ..old
        };
        self.levels.insert(key.to_string(), new);
        new != old
    }

    /// Adds time spent on a level; a win also keeps the faster of the old best and
    /// `won_in`. Returns the best time before this one (0: none).
    pub fn record_time(&mut self, key: &str, spent_ms: u64, won_in: Option<u64>) -> u64 {
        let record = self.levels.entry(key.to_string()).or_default();
        let before = record.best_time_ms;
        record.time_ms = record.time_ms.saturating_add(spent_ms);
        if let Some(t) = won_in {
            record.best_time_ms = if before == 0 { t } else { before.min(t) };
        }
        before
    }

    /// Keeps the first win of a day; later wins of the same day change nothing. True when
    /// this one was recorded.
    pub fn record_daily(&mut self, date: &str, result: DailyResult) -> bool {
        if self.daily.contains_key(date) {
            return false;
        }
        self.daily.insert(date.to_string(), result);
        true
    }

    /// Days solved in a row up to `today`. An unsolved today does not break the streak yet:
    /// it then counts up to yesterday.
    pub fn daily_streak(&self, today: i64) -> u32 {
        let solved = |day: i64| self.daily.contains_key(&calendar::civil_date(day));
        let mut day = if solved(today) { today } else { today - 1 };
        let mut streak = 0;
        while solved(day) {
            streak += 1;
            day -= 1;
        }
        streak
    }

    /// The longest run of consecutive days solved.
    pub fn best_daily_streak(&self) -> u32 {
        let days: Vec<i64> = self
            .daily
            .keys()
            .filter_map(|d| calendar::day_number(d))
            .collect();
        let (mut best, mut run) = (0, 0);
        for (i, &day) in days.iter().enumerate() {
            run = if i > 0 && days[i - 1] + 1 == day {
                run + 1
            } else {
                1
            };
            best = best.max(run);
        }
        best
    }

    /// Keeps endless mode's bests after a round is won: `round` counted from 1, `total` the
    /// run's running total with this round in it.
    pub fn record_endless(&mut self, round: u32, total: u64) {
        let e = &mut self.endless;
        e.best_round = e.best_round.max(round);
        e.best_total = e.best_total.max(total);
        e.rounds_won = e.rounds_won.saturating_add(1);
    }

    /// Counts a finished game of Island Conquest against the computer.
    pub fn record_conquest(&mut self, strength: Strength, result: ConquestResult) {
        let tally = match strength {
            Strength::Easy => &mut self.conquest.easy,
            Strength::Medium => &mut self.conquest.medium,
            Strength::Hard => &mut self.conquest.hard,
        };
        let count = match result {
            ConquestResult::Won => &mut tally.wins,
            ConquestResult::Lost => &mut tally.losses,
            ConquestResult::Tie => &mut tally.ties,
        };
        *count = count.saturating_add(1);
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
                best_moves: 5,
                ..LevelRecord::default()
            }
        );
    }

    #[test]
    fn time_adds_up_and_the_fastest_win_is_kept() {
        let mut p = Progress::default();
        assert_eq!(p.record_time("a", 5_000, None), 0);
        assert_eq!(p.record_time("a", 42_000, Some(42_000)), 0);
        assert_eq!(p.record_time("a", 50_000, Some(50_000)), 42_000);
        assert_eq!(p.record_time("a", 35_000, Some(35_000)), 42_000);
        let r = p.record("a");
        assert_eq!((r.best_time_ms, r.time_ms), (35_000, 132_000));
        // A win recorded after the time keeps it.
        p.record_win("a", 3, 10, 4);
        assert_eq!(p.record("a").best_time_ms, 35_000);
    }

    #[test]
    fn streaks_count_consecutive_days_and_today_may_still_come() {
        let mut p = Progress::default();
        let day = calendar::day_number("2026-12-02").unwrap();
        assert_eq!((p.daily_streak(day), p.best_daily_streak()), (0, 0));
        for d in [
            "2026-11-20",
            "2026-11-21",
            "2026-11-22",
            "2026-11-30",
            "2026-12-01",
        ] {
            assert!(p.record_daily(d, DailyResult::default()));
        }
        assert_eq!(
            p.daily_streak(day),
            2,
            "today unsolved: the streak runs to yesterday"
        );
        assert!(p.record_daily("2026-12-02", DailyResult::default()));
        assert!(
            !p.record_daily(
                "2026-12-02",
                DailyResult {
                    stars: 3,
                    ..Default::default()
                }
            ),
            "the first win of a day stands"
        );
        assert_eq!(p.daily["2026-12-02"].stars, 0);
        assert_eq!(p.daily_streak(day), 3);
        assert_eq!(p.daily_streak(day + 2), 0, "a day missed breaks it");
        assert_eq!(p.best_daily_streak(), 3);
        // Across a month's end.
        p.record_daily("2026-11-23", DailyResult::default());
        assert_eq!(p.best_daily_streak(), 4);
    }

    #[test]
    fn endless_and_conquest_keep_their_bests_and_tallies() {
        let mut p = Progress::default();
        p.record_endless(3, 900);
        p.record_endless(1, 100);
        assert_eq!(
            p.endless,
            EndlessRecord {
                best_round: 3,
                best_total: 900,
                rounds_won: 2
            }
        );
        p.record_conquest(Strength::Hard, ConquestResult::Won);
        p.record_conquest(Strength::Hard, ConquestResult::Lost);
        p.record_conquest(Strength::Easy, ConquestResult::Tie);
        assert_eq!(
            p.conquest.hard,
            ConquestTally {
                wins: 1,
                losses: 1,
                ties: 0
            }
        );
        assert_eq!(p.conquest.easy.ties, 1);
        assert_eq!(p.conquest.medium, ConquestTally::default());
    }

    /// Everything new round-trips, and a file from before statistics reads with them empty.
    #[test]
    fn statistics_round_trip_and_an_old_file_reads_without_them() {
        let mut p = Progress::default();
        p.record_win("a", 3, 10, 4);
        p.record_time("a", 9_000, Some(9_000));
        p.record_daily(
            "2026-12-02",
            DailyResult {
                stars: 2,
                moves: 8,
                par: 7,
                solution: "0,1 2,2-2,5".into(),
                ..Default::default()
            },
        );
        p.record_endless(2, 300);
        p.record_conquest(Strength::Medium, ConquestResult::Won);
        let text = SavedProgress::new(&p, &Settings::default()).to_ron();
        assert_eq!(parse_progress(text.as_bytes()).unwrap().split().0, p);
        let old = r#"(levels: {"chapter1/01.level.ron": (stars: 2, best_score: 40, best_moves: 4)}, settings: (volume: 0.3, muted: false, colour_blind: false, animation: Normal, fullscreen: false))"#;
        let (old, _) = parse_progress(old.as_bytes()).unwrap().split();
        let record = old.record("chapter1/01.level.ron");
        assert_eq!((record.stars, record.best_moves), (2, 4));
        assert_eq!((record.best_time_ms, record.time_ms), (0, 0));
        assert!(old.daily.is_empty());
        assert_eq!(old.endless, EndlessRecord::default());
        assert_eq!(old.conquest, ConquestRecord::default());
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
