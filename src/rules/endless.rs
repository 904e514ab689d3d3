//! Endless mode's schedule: what the generator is asked for in each round of a run. Kept in
//! the rules core (no Bevy) so that the round generation can be timed and tested alone.

use super::generator::{
    Difficulty, Effort, GenError, GenOptions, Generated, GoalChoice, generate_with,
};

/// The largest board endless mode grows to, reached at round 36.
pub const LARGEST_SIDE: usize = 24;
/// The most islands a round starts with, reached at round 32.
pub const MOST_ISLANDS: usize = 20;

/// What round `round` of a run asks of the generator: bigger boards, more islands, then
/// tribes, and harder pars as the run goes on. The board grows a row and a column every
/// second round, from 6 x 6 to 24 x 24, and gains an island every second round, from 4 to
/// 20.
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
        islands: (4 + round as usize / 2).min(MOST_ISLANDS),
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

/// The generator's seed for round `round` of the run seeded `run_seed`. Rounds draw from
/// separate seeds, spread so that nearby runs do not overlap.
pub fn round_seed(run_seed: u64, round: u32) -> u64 {
    run_seed
        .wrapping_mul(1_000_003)
        .wrapping_add(u64::from(round))
}

/// Round `round` of the run seeded `run_seed`, with its proven par: the same level on every
/// platform. A player waits for it, so the generator gets little solver work
/// ([`Effort::Quick`]); should every board it draws need more, the round is drawn again with
/// two islands fewer (rare on the largest boards, and it always ends).
pub fn generate_round(run_seed: u64, round: u32) -> Result<Generated, GenError> {
    let mut options = round_options(round);
    loop {
        match generate_with(round_seed(run_seed, round), &options, Effort::Quick) {
            Err(GenError::NothingSolvable { .. })
                if options.islands >= (2 * options.tribes).max(2) + 2 =>
            {
                options.islands -= 2;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_grow_harder() {
        let first = round_options(0);
        let later = round_options(9);
        assert!(later.width > first.width && later.islands > first.islands);
        assert_eq!(first.difficulty, Difficulty::Easy);
        assert_eq!(later.difficulty, Difficulty::Hard);
        assert!(later.tribes > 0);
        // Past the 9 x 9 of the campaign's early chapters, up to the largest side.
        assert!(round_options(8).width > 9);
        assert_eq!(round_options(36).width, LARGEST_SIDE);
        assert_eq!(round_options(80).width, LARGEST_SIDE);
        assert_eq!(round_options(32).islands, MOST_ISLANDS);
        let sides: Vec<usize> = (0..60).map(|r| round_options(r).width).collect();
        assert!(sides.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_largest_rounds_come_with_a_proven_par() {
        use crate::rules::solver::{SolveLimits, solve};
        for (seed, round) in [(1, 36), (2, 40)] {
            let generated = generate_round(seed, round).unwrap();
            let level = &generated.level;
            assert_eq!((level.width, level.height), (LARGEST_SIDE, LARGEST_SIDE));
            assert_eq!(generated.solution.len() as u32, level.par);
            // The solution wins, and no shorter one exists (the solver, given all it needs).
            let board = level.board().unwrap();
            let proven = solve(&board, SolveLimits::default());
            assert_eq!(proven.par(), Some(level.par), "round {round} of run {seed}");
        }
    }
}
