//! A game left unfinished is kept: leaving by the menu, quitting, closing the window or the
//! browser's tab keeps its moves (and so its undo history), and the title and the level
//! select offer Continue. It is saved after every change to the game, so nothing waits for
//! a goodbye: a file beside the progress, written atomically, or local storage in the
//! browser. A win clears it, and so does opening another level. A saved game that cannot
//! be read is set aside and the title says so; it never stops the game.

use super::daily::{DailyPuzzle, is_daily};
use super::endless::{EndlessRun, is_endless};
use super::model::{ActiveSession, ResumeFrom, TestPlay};
use crate::game::calendar::day_number;
use crate::game::level_store::{CampaignLevel, CurrentLevel, is_test_play};
use crate::game::platform;
use crate::game::progress::ProgressStore;
use crate::game::screen::Screen;
use crate::level_files::{read_limited, write_atomically};
use crate::rules::board::Status;
use crate::session::Session;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file's name, beside the progress file.
pub const SAVED_GAME_FILE: &str = "saved-game.ron";
/// Local-storage key of the saved game, in the browser.
pub const SAVED_GAME_KEY: &str = "merge-islands.saved-game";
/// A saved game holds one level and its moves; anything bigger is not ours.
const MAX_SAVED_GAME_BYTES: usize = 8 << 20;

/// A game left unfinished, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "SavedPlay")]
pub struct SavedPlay {
    /// The level's key (a campaign file, `endless/...`, `daily/DATE`).
    pub key: String,
    /// The level's name, for the Continue button.
    pub name: String,
    pub moves: u32,
    #[serde(default)]
    pub played_ms: u64,
    /// The endless run the level is a round of.
    #[serde(default)]
    pub endless: Option<EndlessRun>,
    /// The session: the level and its moves (see `Session::save`).
    pub game: String,
}

impl SavedPlay {
    pub fn of(active: &ActiveSession, endless: Option<&EndlessRun>) -> SavedPlay {
        SavedPlay {
            key: active.key.clone(),
            name: active.session.level().name.clone(),
            moves: active.session.moves().len() as u32,
            played_ms: active.played.as_millis() as u64,
            endless: endless.filter(|_| is_endless(&active.key)).cloned(),
            game: active.session.save(),
        }
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("a saved game always serialises")
    }

    /// A saved game from its text, checked all the way: its moves must replay on its level.
    pub fn parse(bytes: &[u8]) -> Result<SavedPlay, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        let saved: SavedPlay = ron::from_str(text).map_err(|e| e.to_string())?;
        Session::load(saved.game.as_bytes()).map_err(|e| e.to_string())?;
        if is_daily(&saved.key) && daily_of(&saved.key).is_none() {
            return Err(format!("{} names no day", saved.key));
        }
        Ok(saved)
    }

    /// The button's words: "Continue: First Crossing (2 moves)".
    pub fn label(&self) -> String {
        let moves = match self.moves {
            1 => "1 move".to_string(),
            n => format!("{n} moves"),
        };
        format!("Continue: {} ({moves})", self.name)
    }
}

/// The daily puzzle a `daily/DATE` key names.
fn daily_of(key: &str) -> Option<DailyPuzzle> {
    let day = day_number(key.strip_prefix(super::daily::DAILY_PREFIX)?)?;
    Some(DailyPuzzle::of_day(day))
}

/// The game Continue would open, and what went wrong reading or writing it.
#[derive(Resource, Debug, Clone, Default)]
pub struct SavedGame {
    pub saved: Option<SavedPlay>,
    /// Shown on the title: a saved game set aside, or one that could not be written.
    pub notice: Option<String>,
    /// Where it is kept (desktop); `None` in the browser or without a data folder.
    path: Option<PathBuf>,
    browser: bool,
}

/// Reads the saved game at `path`. None there is nothing to continue; one that cannot be
/// read is renamed to `<name>.corrupt` (replacing an older one) and the notice says so.
pub fn load_saved_game(path: &Path) -> (Option<SavedPlay>, Option<String>) {
    if !path.exists() {
        return (None, None);
    }
    let parsed = read_limited(path, MAX_SAVED_GAME_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|bytes| SavedPlay::parse(&bytes));
    match parsed {
        Ok(saved) => (Some(saved), None),
        Err(why) => {
            let backup = path.with_extension("ron.corrupt");
            let notice = if std::fs::rename(path, &backup).is_ok() {
                format!(
                    "The game you left could not be read ({why}). It was kept as {}; your progress is safe.",
                    backup.display()
                )
            } else {
                let _ = std::fs::remove_file(path);
                format!("The game you left could not be read ({why}); your progress is safe.")
            };
            (None, Some(notice))
        }
    }
}

/// The same from the browser's local storage (set aside under `<key>.corrupt`).
fn load_from_browser() -> (Option<SavedPlay>, Option<String>) {
    let Some(text) = platform::load_text(SAVED_GAME_KEY) else {
        return (None, None);
    };
    match SavedPlay::parse(text.as_bytes()) {
        Ok(saved) => (Some(saved), None),
        Err(why) => {
            let backup = format!("{SAVED_GAME_KEY}.corrupt");
            let kept = platform::save_text(&backup, &text).is_ok();
            let _ = platform::remove_text(SAVED_GAME_KEY);
            let notice = if kept {
                format!(
                    "The game you left could not be read ({why}). It was kept in this browser's storage as {backup}; your progress is safe."
                )
            } else {
                format!("The game you left could not be read ({why}); your progress is safe.")
            };
            (None, Some(notice))
        }
    }
}

pub struct ResumePlugin;

impl Plugin for ResumePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SavedGame>()
            .add_systems(Startup, load_on_start)
            .add_systems(Update, (press_continue, show_continue))
            .add_systems(OnExit(Screen::Playing), keep_on_leaving)
            .add_systems(Last, keep_after_each_change);
    }
}

/// The saved game sits beside the progress (the progress store knows where that is).
fn load_on_start(mut commands: Commands, store: Res<ProgressStore>) {
    let path = store
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(|dir| dir.join(SAVED_GAME_FILE));
    let (saved, notice) = if store.browser {
        load_from_browser()
    } else {
        path.as_deref().map(load_saved_game).unwrap_or_default()
    };
    // A test play kept by an earlier version is no game to continue.
    let saved = saved.filter(|s| !is_test_play(&s.key));
    if let Some(n) = &notice {
        warn!("{n}");
    }
    commands.insert_resource(SavedGame {
        saved,
        notice,
        path,
        browser: store.browser,
    });
}

/// After every change to the game in play: kept while unfinished, cleared once won (a
/// level opened afresh, with nothing done yet, clears it too).
fn keep_after_each_change(
    active: Option<Res<ActiveSession>>,
    run: Option<Res<EndlessRun>>,
    test_play: Option<Res<TestPlay>>,
    mut slot: ResMut<SavedGame>,
) {
    let Some(active) = active.filter(|a| a.is_changed() && is_keepable(a, test_play.as_deref()))
    else {
        return;
    };
    keep(&active, run.as_deref(), &mut slot);
}

/// Whether a game is one to keep for Continue: a test play of the editor's draft never is.
/// Its key says so even once [`TestPlay`] is gone (the way back from Settings, or the frame
/// the editor takes over).
fn is_keepable(active: &ActiveSession, test_play: Option<&TestPlay>) -> bool {
    test_play.is_none() && !is_test_play(&active.key)
}

/// Leaving the playing screen writes the game once more, with its time.
fn keep_on_leaving(
    active: Option<Res<ActiveSession>>,
    run: Option<Res<EndlessRun>>,
    test_play: Option<Res<TestPlay>>,
    mut slot: ResMut<SavedGame>,
) {
    if let Some(active) = active.filter(|a| is_keepable(a, test_play.as_deref())) {
        keep(&active, run.as_deref(), &mut slot);
    }
}

fn keep(active: &ActiveSession, run: Option<&EndlessRun>, slot: &mut SavedGame) {
    let session = &active.session;
    let finished = session.board().status() == Status::Won;
    // A solved daily puzzle shown again is not a game started: the one left stays.
    let kept_key = slot.saved.as_ref().map(|s| s.key.as_str());
    if finished && kept_key != Some(active.key.as_str()) {
        return;
    }
    let untouched = session.moves().is_empty() && !session.can_undo();
    let saved = (!finished && !untouched).then(|| SavedPlay::of(active, run));
    if saved.is_none() && slot.saved.is_none() {
        return;
    }
    if saved.is_some() && saved == slot.saved {
        return;
    }
    let result = match &saved {
        Some(s) => write(slot, &s.to_ron()),
        None => clear(slot),
    };
    if let Err(e) = result {
        let message = format!("The game in play could not be saved: {e}");
        warn!("{message}");
        slot.notice = Some(message);
    }
    slot.saved = saved;
}

fn write(slot: &SavedGame, text: &str) -> Result<(), String> {
    if slot.browser {
        platform::save_text(SAVED_GAME_KEY, text)
    } else if let Some(path) = &slot.path {
        write_atomically(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        Ok(())
    }
}

fn clear(slot: &SavedGame) -> Result<(), String> {
    if slot.browser {
        platform::remove_text(SAVED_GAME_KEY)
    } else if let Some(path) = slot.path.as_ref().filter(|p| p.exists()) {
        std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        Ok(())
    }
}

/// The Continue button, on the title and the level select (labelled by [`SavedPlay::label`]).
#[derive(Component, Debug, Clone, Copy)]
pub struct ContinueButton;

/// Marks a Continue button that keeps its place while hidden (the level select's, so the
/// buttons beside it never move under a click when it appears).
#[derive(Component, Debug, Clone, Copy)]
pub struct KeepsItsPlace;

/// The Continue button shows while there is a game to continue, and names it. (Kept up
/// to date here: the title opens before the saved game is read.)
fn show_continue(
    slot: Res<SavedGame>,
    added: Query<(), Added<ContinueButton>>,
    mut buttons: Query<
        (
            &mut Node,
            &mut Visibility,
            &Children,
            Option<&KeepsItsPlace>,
        ),
        With<ContinueButton>,
    >,
    mut texts: Query<&mut Text>,
) {
    if !slot.is_changed() && added.is_empty() {
        return;
    }
    let shown = slot.saved.is_some();
    for (mut node, mut visibility, children, keeps_place) in &mut buttons {
        if keeps_place.is_some() {
            *visibility = if shown {
                Visibility::Inherited
            } else {
                Visibility::Hidden
            };
        } else {
            node.display = if shown { Display::Flex } else { Display::None };
        }
        let label = slot
            .saved
            .as_ref()
            .map(SavedPlay::label)
            .unwrap_or_default();
        for &child in children {
            if let Ok(mut text) = texts.get_mut(child) {
                text.0.clone_from(&label);
            }
        }
    }
}

fn press_continue(
    mut commands: Commands,
    buttons: Query<&Interaction, (Changed<Interaction>, With<ContinueButton>)>,
    slot: Res<SavedGame>,
    mut next: ResMut<NextState<Screen>>,
) {
    if buttons.iter().any(|i| *i == Interaction::Pressed)
        && let Some(saved) = &slot.saved
    {
        continue_saved(&mut commands, saved, &mut next);
    }
}

/// Opens the saved game where it was left (the Continue button).
pub fn continue_saved(commands: &mut Commands, saved: &SavedPlay, next: &mut NextState<Screen>) {
    // Checked when it was read; a level is needed for the screen to open on.
    let Ok(session) = Session::load(saved.game.as_bytes()) else {
        return;
    };
    commands.insert_resource(CurrentLevel(CampaignLevel {
        key: saved.key.clone(),
        level: session.level().clone(),
    }));
    commands.insert_resource(ResumeFrom {
        key: saved.key.clone(),
        save: saved.game.clone(),
        played: Duration::from_millis(saved.played_ms),
    });
    if let Some(run) = &saved.endless {
        commands.insert_resource(run.clone());
    }
    if let Some(daily) = daily_of(&saved.key) {
        commands.insert_resource(daily);
    }
    next.set(Screen::Playing);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::level::Level;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "merge-islands-saved-game-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(SAVED_GAME_FILE)
    }

    fn first_crossing() -> Level {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/levels/chapter1/01-first-crossing.level.ron"
        );
        crate::level_files::read_level(Path::new(path)).unwrap()
    }

    #[test]
    fn a_saved_game_reads_back_with_its_moves() {
        let path = scratch("roundtrip");
        let mut session = Session::new(first_crossing()).unwrap();
        session.play("0,2".parse().unwrap()).unwrap();
        let active = ActiveSession {
            session,
            key: "chapter1/01-first-crossing.level.ron".into(),
            played: Duration::from_secs(12),
            counted: Duration::ZERO,
        };
        let saved = SavedPlay::of(&active, None);
        write_atomically(&path, saved.to_ron().as_bytes()).unwrap();
        let (read, notice) = load_saved_game(&path);
        assert_eq!(notice, None);
        let read = read.unwrap();
        assert_eq!(read, saved);
        assert_eq!(read.label(), "Continue: First Crossing (1 move)");
        assert_eq!(read.played_ms, 12_000);
    }

    #[test]
    fn a_corrupt_saved_game_is_set_aside_with_a_message() {
        let path = scratch("corrupt");
        let mut session = Session::new(first_crossing()).unwrap();
        session.play("0,2".parse().unwrap()).unwrap();
        let active = ActiveSession {
            session,
            key: "chapter1/01-first-crossing.level.ron".into(),
            played: Duration::ZERO,
            counted: Duration::ZERO,
        };
        // Well-formed, but a move that cannot be played on the level.
        let mut broken = SavedPlay::of(&active, None);
        broken.game = broken.game.replace("moves: \"0,2\"", "moves: \"0,2 0,2\"");
        assert!(broken.game.contains("0,2 0,2"));
        let broken = broken.to_ron();
        for text in [
            broken.as_str(),
            "SavedPlay(key: \"a\", name: ",
            "\u{0}\u{1}",
        ] {
            std::fs::write(&path, text).unwrap();
            let (read, notice) = load_saved_game(&path);
            assert_eq!(read, None);
            let notice = notice.unwrap();
            assert!(
                notice.contains("could not be read") && notice.contains("kept as"),
                "{notice}"
            );
            assert!(!path.exists(), "set aside");
            assert_eq!(
                std::fs::read_to_string(path.with_extension("ron.corrupt")).unwrap(),
                text
            );
        }
        // Nothing saved: nothing to continue and nothing to say.
        assert_eq!(load_saved_game(&path), (None, None));
    }
}
