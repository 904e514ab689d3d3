//! The daily puzzle: one harder board a day (par 6 to 10), the same for everyone on that
//! date, its result kept, a streak of days solved, and a line to share.

use super::model::ResumeFrom;
use crate::game::calendar::{civil_date, day_number, today};
use crate::game::level_store::{CampaignLevel, CurrentLevel};
use crate::game::progress::{DailyResult, Progress};
use crate::game::screen::{Launch, LaunchProblem, Screen};
use crate::rules::generator::{Difficulty, GenError, GenOptions, Generated, GoalChoice, generate};
use crate::rules::moves::format_move_list;
use crate::session::Session;
use bevy::prelude::*;
use std::ops::RangeInclusive;
use std::time::Duration;

/// The daily puzzle being played: its day (days since 1970-01-01) and date.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct DailyPuzzle {
    pub day: i64,
    pub date: String,
}

impl DailyPuzzle {
    pub fn of_day(day: i64) -> DailyPuzzle {
        DailyPuzzle {
            day,
            date: civil_date(day),
        }
    }
}

/// The par every daily puzzle has.
pub const DAILY_PAR: RangeInclusive<u32> = 6..=10;
/// Boards drawn for a day before the closest to [`DAILY_PAR`] is taken.
const DAILY_DRAWS: u64 = 12;

/// Levels of the daily puzzle are keyed under this, then the date.
pub const DAILY_PREFIX: &str = "daily/";

pub fn is_daily(key: &str) -> bool {
    key.starts_with(DAILY_PREFIX)
}

/// The board the daily puzzle asks for: larger and tighter than the campaign's (a 10 x 10
/// sea, eleven islands, one tribe, a budget with no slack).
pub fn daily_options() -> GenOptions {
    GenOptions {
        width: 10,
        height: 10,
        islands: 11,
        tribes: 1,
        rocks: 8,
        deep: 12,
        goal: GoalChoice::ConnectAll,
        difficulty: Difficulty::Hard,
    }
}

/// The daily puzzle of a day: the same level for everyone, from the day alone. Boards are
/// drawn from the day's seeds in turn until one's proven par is in [`DAILY_PAR`].
pub fn daily_level(day: i64) -> Result<CampaignLevel, GenError> {
    let options = daily_options();
    let mut closest: Option<(u32, Generated)> = None;
    for draw in 0..DAILY_DRAWS {
        // Far from endless runs' seeds (those come from the clock's nanoseconds).
        let seed = (day as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(draw);
        let generated = generate(seed, &options)?;
        let par = generated.level.par;
        let miss = par.abs_diff(par.clamp(*DAILY_PAR.start(), *DAILY_PAR.end()));
        if closest.as_ref().is_none_or(|(m, _)| miss < *m) {
            closest = Some((miss, generated));
        }
        if miss == 0 {
            break;
        }
    }
    let (_, generated) = closest.expect("at least one board is drawn");
    let date = civil_date(day);
    let mut level = generated.level;
    level.name = format!("Daily puzzle {date}");
    level.tip = Some(format!(
        "The same sea for everyone today. Par {}: solve it to keep your streak.",
        level.par
    ));
    Ok(CampaignLevel {
        key: format!("{DAILY_PREFIX}{date}"),
        level,
    })
}

/// "3 stars, 7 moves".
pub fn result_words(result: &DailyResult) -> String {
    let stars = match result.stars {
        1 => "1 star".to_string(),
        n => format!("{n} stars"),
    };
    let moves = match result.moves {
        1 => "1 move".to_string(),
        n => format!("{n} moves"),
    };
    format!("{stars}, {moves}")
}

/// The line a player shares: "Merge Islands daily 2026-12-02: 3 stars, 7 moves (par 7)",
/// and in the browser the link that opens the same day's puzzle (`?daily=2026-12-02`).
pub fn share_text(date: &str, result: &DailyResult, page: Option<&str>) -> String {
    let line = format!(
        "Merge Islands daily {date}: {} (par {})",
        result_words(result),
        result.par
    );
    match page {
        Some(page) => format!("{line} {page}?daily={date}"),
        None => line,
    }
}

/// Opens the daily puzzle a launch names (`--daily`, `?daily=`).
pub struct DailyPlugin;

impl Plugin for DailyPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, open_launch_daily.run_if(run_once));
    }
}

/// Why a day named by `--daily` or `?daily=` cannot be opened, if it cannot.
pub fn day_to_open(date: &str, today: i64) -> Result<i64, String> {
    match day_number(date) {
        None => Err(format!(
            "\"{date}\" is not a day: a daily puzzle is named as YYYY-MM-DD."
        )),
        Some(day) if day > today => Err(format!(
            "The daily puzzle of {date} is not out yet: today's is {}.",
            civil_date(today)
        )),
        Some(day) => Ok(day),
    }
}

/// `--daily DATE` (`?daily=DATE` in the browser): that day's puzzle, once the progress
/// is read; a date that cannot be opened is said on the title.
fn open_launch_daily(
    mut commands: Commands,
    launch: Res<Launch>,
    progress: Res<Progress>,
    mut problem: ResMut<LaunchProblem>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(date) = launch.0.daily.as_deref() else {
        return;
    };
    match day_to_open(date.trim(), today()) {
        Ok(day) => open_day(&mut commands, &progress, day, &mut next),
        Err(why) => problem.0 = Some(why),
    }
}

/// The result kept for a day, built from the winning game.
pub fn result_of(
    session: &Session,
    score: u64,
    join_points: u64,
    bonus: u64,
    played: Duration,
) -> DailyResult {
    DailyResult {
        stars: session.stars(),
        moves: session.board().moves_made(),
        par: session.level().par,
        score,
        join_points,
        bonus,
        time_ms: played.as_millis() as u64,
        solution: format_move_list(session.moves()),
    }
}

/// Opens today's daily puzzle. Once solved today, it opens on the solved board with its
/// result panel (the player may play it again; the first result stands).
pub fn open_today(commands: &mut Commands, progress: &Progress, next: &mut NextState<Screen>) {
    open_day(commands, progress, today(), next);
}

pub fn open_day(
    commands: &mut Commands,
    progress: &Progress,
    day: i64,
    next: &mut NextState<Screen>,
) {
    let level = match daily_level(day) {
        Ok(level) => level,
        Err(e) => {
            error!("daily puzzle {}: {e}", civil_date(day));
            return;
        }
    };
    let puzzle = DailyPuzzle::of_day(day);
    if let Some(result) = progress.daily.get(&puzzle.date)
        && let Some(save) = solved_save(&level, result)
    {
        commands.insert_resource(ResumeFrom {
            key: level.key.clone(),
            save,
            played: Duration::from_millis(result.time_ms),
        });
    }
    commands.insert_resource(puzzle);
    commands.insert_resource(CurrentLevel(level));
    next.set(Screen::Playing);
}

/// The solved board of a day as a saved game, when the kept solution still solves it.
fn solved_save(level: &CampaignLevel, result: &DailyResult) -> Option<String> {
    let mut session = Session::new(level.level.clone()).ok()?;
    for text in result.solution.split_whitespace() {
        session.play(text.parse().ok()?).ok()?;
    }
    (session.stars() > 0).then(|| session.save())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::calendar::day_number;
    use crate::rules::solver::{SolveLimits, solve};

    #[test]
    fn every_day_has_one_level_for_everyone_with_par_6_to_10() {
        let start = day_number("2026-12-01").unwrap();
        for day in start..start + 20 {
            let a = daily_level(day).unwrap();
            assert!(
                DAILY_PAR.contains(&a.level.par),
                "{}: par {}",
                a.key,
                a.level.par
            );
            let b = daily_level(day).unwrap();
            assert_eq!(
                a.level.to_ron(),
                b.level.to_ron(),
                "the same level for {}",
                a.key
            );
        }
        let one = daily_level(start).unwrap();
        assert_eq!(one.key, "daily/2026-12-01");
        assert_eq!(one.level.name, "Daily puzzle 2026-12-01");
        let tip = one.level.tip.clone().unwrap();
        assert!(!tip.contains("Endless") && !tip.contains("round"), "{tip}");
        let other = daily_level(start + 1).unwrap();
        assert_ne!(
            one.level.rows(),
            other.level.rows(),
            "another day, another sea"
        );
        let proven = solve(&one.level.board().unwrap(), SolveLimits::default());
        assert_eq!(proven.par(), Some(one.level.par));
    }

    #[test]
    fn the_share_line_says_the_date_stars_moves_and_par() {
        let result = DailyResult {
            stars: 3,
            moves: 7,
            par: 7,
            ..Default::default()
        };
        assert_eq!(
            share_text("2026-12-02", &result, None),
            "Merge Islands daily 2026-12-02: 3 stars, 7 moves (par 7)"
        );
        assert_eq!(
            share_text("2026-12-02", &result, Some("https://example.org/islands/")),
            "Merge Islands daily 2026-12-02: 3 stars, 7 moves (par 7) \
             https://example.org/islands/?daily=2026-12-02"
        );
        // The link opens that day, and only a day that has come.
        let today = day_number("2026-12-04").unwrap();
        assert_eq!(
            day_to_open("2026-12-02", today),
            day_number("2026-12-02").ok_or_else(String::new)
        );
        assert!(
            day_to_open("2026-12-05", today)
                .unwrap_err()
                .contains("not out yet")
        );
        assert!(
            day_to_open("yesterday", today)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        let one = DailyResult {
            stars: 1,
            moves: 1,
            par: 1,
            ..Default::default()
        };
        assert_eq!(result_words(&one), "1 star, 1 move");
    }

    #[test]
    fn a_solved_day_reopens_on_its_won_board() {
        let level = daily_level(day_number("2026-12-03").unwrap()).unwrap();
        let solution = solve(&level.level.board().unwrap(), SolveLimits::default());
        let crate::rules::solver::Outcome::Solved { moves } = solution.outcome else {
            panic!("a daily is solvable")
        };
        let result = DailyResult {
            solution: format_move_list(&moves),
            ..Default::default()
        };
        let save = solved_save(&level, &result).unwrap();
        let (session, won) = super::super::model::resumed(&save).unwrap();
        assert_eq!(session.moves(), &moves[..]);
        assert_eq!(won.unwrap().stars, 3);
        let broken = DailyResult {
            solution: "not moves".into(),
            ..Default::default()
        };
        assert_eq!(solved_save(&level, &broken), None);
    }
}
