//! Endless mode: levels from the generator, one after another, rising in difficulty; and a
//! daily puzzle run whose seed is the date, the same for everyone on that day.

use crate::game::level_store::{CampaignLevel, CurrentLevel};
use crate::game::platform::now_nanos;
use crate::game::screen::Screen;
use crate::rules::generator::{Difficulty, GenError, GenOptions, GoalChoice, generate};
use bevy::prelude::*;

/// The endless run being played.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct EndlessRun {
    /// Seed of the whole run; each round's level comes from it and the round number.
    pub seed: u64,
    pub round: u32,
    /// A daily run, named by its date.
    pub daily: Option<String>,
}

/// The largest board endless mode grows to, reached at round 21.
pub const LARGEST_SIDE: usize = 16;

/// What round `round` of a run asks of the generator: bigger boards, more islands, then
/// tribes, and harder pars as the run goes on. The board grows a row and a column every
/// second round, from 6 x 6 to 16 x 16; islands stop at 12, which the solver proves in a
/// fraction of a second at that size.
pub fn round_options(round: u32) -> GenOptions {
    let difficulty = match round {
        0..=2 => Difficulty::Easy,
        3..=6 => Difficulty::Medium,
        _ => Difficulty::Hard,
    };
    let side = (6 + round as usize / 2).min(LARGEST_SIDE);
    GenOptions {
        width: side,
        height: side,
        islands: (4 + round as usize / 2).min(12),
        tribes: match round {
            0..=3 => 0,
            4..=8 => 1,
            _ => 2,
        },
        rocks: 8,
        deep: if round < 2 { 0 } else { 12 },
        goal: GoalChoice::ConnectAll,
        difficulty,
    }
}

/// The level of a round. The same seed and round give the same level everywhere.
pub fn round_level(run: &EndlessRun) -> Result<CampaignLevel, GenError> {
    // Rounds draw from separate seeds, spread so that nearby runs do not overlap.
    let seed = run
        .seed
        .wrapping_mul(1_000_003)
        .wrapping_add(u64::from(run.round));
    let mut level = generate(seed, &round_options(run.round))?.level;
    level.name = match &run.daily {
        Some(date) => format!("Daily {date}, round {}", run.round + 1),
        None => format!("Endless, round {}", run.round + 1),
    };
    level.tip = (run.round == 0).then(|| "Endless mode: each win brings a harder sea.".to_string());
    let name = run.daily.clone().unwrap_or_else(|| run.seed.to_string());
    Ok(CampaignLevel {
        key: format!("endless/{name}/{}", run.round),
        level,
    })
}

/// The date (UTC) for a number of days since 1970-01-01, as YYYY-MM-DD.
pub fn civil_date(days: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today's daily run: its seed is the day number, its name the date.
pub fn daily_run() -> EndlessRun {
    let secs = now_nanos() / 1_000_000_000;
    let days = (secs / 86_400) as i64;
    EndlessRun {
        seed: days as u64,
        round: 0,
        daily: Some(civil_date(days)),
    }
}

/// A fresh endless run with a seed from the clock.
pub fn new_run() -> EndlessRun {
    let nanos = now_nanos();
    EndlessRun {
        seed: nanos,
        round: 0,
        daily: None,
    }
}

/// Starts `run` at its current round: generates the level and opens it.
pub fn start_round(commands: &mut Commands, run: EndlessRun, next: &mut NextState<Screen>) {
    match round_level(&run) {
        Ok(level) => {
            commands.insert_resource(CurrentLevel(level));
            commands.insert_resource(run);
            next.set(Screen::Playing);
        }
        Err(e) => error!("endless round {}: {e}", run.round),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::solver::{SolveLimits, solve};

    #[test]
    fn dates_come_out_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_780), "2026-11-23");
    }

    #[test]
    fn a_round_is_the_same_level_for_everyone_and_carries_its_proven_par() {
        let run = EndlessRun {
            seed: 20_780,
            round: 4,
            daily: Some("2026-11-23".into()),
        };
        let a = round_level(&run).unwrap();
        let b = round_level(&run).unwrap();
        assert_eq!(a.level.to_ron(), b.level.to_ron());
        assert_eq!(a.key, "endless/2026-11-23/4");
        let proven = solve(&a.level.board().unwrap(), SolveLimits::default());
        assert_eq!(proven.par(), Some(a.level.par));
    }

    #[test]
    fn rounds_grow_harder() {
        let first = round_options(0);
        let later = round_options(9);
        assert!(later.width > first.width && later.islands > first.islands);
        assert_eq!(first.difficulty, Difficulty::Easy);
        assert_eq!(later.difficulty, Difficulty::Hard);
        assert!(later.tribes > 0);
        // Past the 9 x 9 of the campaign's largest levels, up to the largest side.
        assert!(round_options(8).width > 9);
        assert_eq!(round_options(40).width, LARGEST_SIDE);
        let sides: Vec<usize> = (0..40).map(|r| round_options(r).width).collect();
        assert!(sides.windows(2).all(|w| w[0] <= w[1]));
    }
}
