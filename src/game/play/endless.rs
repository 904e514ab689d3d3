//! Endless mode: levels from the generator, one after another, rising in difficulty, with
//! a running total of the run's scores. (The daily puzzle is `daily`'s.)

use crate::game::level_store::{CampaignLevel, CurrentLevel};
use crate::game::platform::now_nanos;
use crate::game::screen::Screen;
use crate::rules::endless::generate_round;
use crate::rules::generator::GenError;
use bevy::prelude::*;

/// The endless run being played.
#[derive(Resource, Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EndlessRun {
    /// Seed of the whole run; each round's level comes from it and the round number.
    pub seed: u64,
    pub round: u32,
    /// The scores of the rounds won so far in this run, added up.
    pub total: u64,
}

/// The level of a round. The same seed and round give the same level everywhere.
pub fn round_level(run: &EndlessRun) -> Result<CampaignLevel, GenError> {
    let mut level = generate_round(run.seed, run.round)?.level;
    level.name = format!("Endless, round {}", run.round + 1);
    level.tip = Some(if run.round == 0 {
        "Endless mode: each win brings a harder sea.".to_string()
    } else {
        format!("Run total so far: {}.", run.total)
    });
    Ok(CampaignLevel {
        key: format!("{ENDLESS_PREFIX}{}/{}", run.seed, run.round),
        level,
    })
}

/// Levels of an endless run are keyed under this.
pub const ENDLESS_PREFIX: &str = "endless/";

/// Whether a level key is a round of an endless run.
pub fn is_endless(key: &str) -> bool {
    key.starts_with(ENDLESS_PREFIX)
}

/// A fresh endless run with a seed from the clock.
pub fn new_run() -> EndlessRun {
    let nanos = now_nanos();
    EndlessRun {
        seed: nanos,
        round: 0,
        total: 0,
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
    fn a_round_is_the_same_level_for_everyone_and_carries_its_proven_par() {
        let run = EndlessRun {
            seed: 20_780,
            round: 4,
            total: 300,
        };
        let a = round_level(&run).unwrap();
        let b = round_level(&run).unwrap();
        assert_eq!(a.level.to_ron(), b.level.to_ron());
        assert_eq!(a.key, "endless/20780/4");
        assert_eq!(a.level.name, "Endless, round 5");
        assert_eq!(a.level.tip.as_deref(), Some("Run total so far: 300."));
        let proven = solve(&a.level.board().unwrap(), SolveLimits::default());
        assert_eq!(proven.par(), Some(a.level.par));
    }
}
