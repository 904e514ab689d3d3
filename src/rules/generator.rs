//! Seeded level generator. The same seed and options give the same level, byte for byte, on
//! every platform: ChaCha8 (a fixed algorithm) drives it, every random choice goes through
//! [`Dice`] (integer arithmetic only), and every level it returns carries its proven par.

use super::board::Status;
use super::cell::{Cell, Tribe};
use super::goal::{Budget, Goal};
use super::level::{Level, MAX_SIDE, MIN_SIDE};
use super::moves::Move;
use super::solver::{Outcome, SolveLimits, solve};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt;
use std::str::FromStr;

/// How hard a generated level should be, as a range of par.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    /// The par a level of this difficulty aims for.
    pub fn par_range(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Difficulty::Easy => 2..=4,
            Difficulty::Medium => 5..=7,
            Difficulty::Hard => 8..=12,
        }
    }

    /// Moves of slack in the budget beyond what the proven solution uses.
    fn slack(self) -> u32 {
        match self {
            Difficulty::Easy => 3,
            Difficulty::Medium => 1,
            Difficulty::Hard => 0,
        }
    }
}

impl FromStr for Difficulty {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "easy" => Ok(Difficulty::Easy),
            "medium" => Ok(Difficulty::Medium),
            "hard" => Ok(Difficulty::Hard),
            _ => Err(format!("'{s}' is not a difficulty (easy, medium or hard)")),
        }
    }
}

/// Which goal to give the level; a missing number is chosen from the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalChoice {
    ConnectAll,
    Islands(Option<u32>),
    Reach(Option<u32>),
}

impl FromStr for GoalChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, number) = match s.split_once(':') {
            Some((k, n)) => (
                k,
                Some(
                    n.parse::<u32>()
                        .map_err(|_| format!("'{n}' is not a number"))?,
                ),
            ),
            None => (s, None),
        };
        match (kind, number) {
            ("connect-all", None) => Ok(GoalChoice::ConnectAll),
            ("islands", n) => Ok(GoalChoice::Islands(n)),
            ("reach", n) => Ok(GoalChoice::Reach(n)),
            _ => Err(format!(
                "'{s}' is not a goal (connect-all, islands[:K] or reach[:S])"
            )),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GenOptions {
    pub width: usize,
    pub height: usize,
    pub islands: usize,
    /// Tribes (0 to 8); each gets at least two islands.
    pub tribes: usize,
    /// Percent of cells that are rock.
    pub rocks: u32,
    /// Percent of cells that are deep water.
    pub deep: u32,
    pub goal: GoalChoice,
    pub difficulty: Difficulty,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            width: 7,
            height: 7,
            islands: 5,
            tribes: 0,
            rocks: 8,
            deep: 12,
            goal: GoalChoice::ConnectAll,
            difficulty: Difficulty::Medium,
        }
    }
}

/// Why no level could be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenError {
    Options(String),
    NothingSolvable { attempts: u32 },
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenError::Options(why) => write!(f, "{why}"),
            GenError::NothingSolvable { attempts } => write!(
                f,
                "no solvable level in {attempts} attempts; try fewer islands, less rock or more room"
            ),
        }
    }
}

impl std::error::Error for GenError {}

/// Attempts per level; each is a fresh board from the same random stream.
const ATTEMPTS: u32 = 60;
/// Solver work per attempt; boards that need more are skipped.
const NODES_PER_ATTEMPT: u64 = 200_000;
/// The same for `ConnectAll`, whose engine counts a position as more work (it builds a
/// Steiner table for each).
const CONNECT_NODES_PER_ATTEMPT: u64 = 20_000;
/// Cells of the board past which `ConnectAll` attempts get proportionally less work.
const LARGE_BOARD_CELLS: usize = 256;
/// Attempts' worth of solver work per level: past it, the closest level proven so far is
/// returned (on large boards every attempt may miss the difficulty's par range).
const ATTEMPTS_OF_WORK: u64 = 2;
/// Proven levels that all miss the par range before the closest is returned: with many
/// islands every board needs more moves than the range, and each further proof costs
/// seconds on a large board.
const PROVEN_MISSES: u32 = 4;

/// A level and what proving its par cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub level: Level,
    pub solution: Vec<Move>,
    pub solver_nodes: u64,
}

/// How much solver work the generator may spend on one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effort {
    /// The designer's tool and the daily puzzle: boards that take many positions to prove
    /// are still tried, and several proven levels are weighed against the par range.
    Thorough,
    /// Endless mode, where a player waits between rounds: an attempt gets a few hundred
    /// positions, and the first proven level close to the par range is taken.
    Quick,
}

impl Effort {
    /// Solver work per attempt for a `ConnectAll` goal on a board of `cells` cells.
    fn connect_nodes(self, cells: usize) -> u64 {
        match self {
            // A position costs more on a larger board: past 16 x 16 the same time buys
            // fewer positions, so one hopeless attempt does not take many seconds.
            Effort::Thorough => {
                let cells = cells.max(LARGE_BOARD_CELLS) as u64;
                CONNECT_NODES_PER_ATTEMPT * LARGE_BOARD_CELLS as u64 / cells
            }
            Effort::Quick => QUICK_NODES_PER_ATTEMPT,
        }
    }

    /// Proven levels that miss the par range before the closest is taken.
    fn proven_misses(self) -> u32 {
        match self {
            Effort::Thorough => PROVEN_MISSES,
            Effort::Quick => 1,
        }
    }
}

/// Solver work per attempt of [`Effort::Quick`]. The solver counts a Steiner table as
/// positions in proportion to its size, so this is work, not positions (about 0.15 ms a
/// unit natively on 20 x 20 to 24 x 24 boards with 20 islands), and a table that would
/// pass it is not built: a board whose trees are costly is dropped at once for the next.
/// Measured on endless rounds 23-42, 16 runs (`examples/endless_rounds.rs`): 50 units
/// gave the slowest round 0.3 s where 100 gave 0.54 s and 30 gave 0.38 s.
const QUICK_NODES_PER_ATTEMPT: u64 = 50;

/// Generates a level with [`Effort::Thorough`]. Deterministic in `seed` and `options`.
pub fn generate(seed: u64, options: &GenOptions) -> Result<Generated, GenError> {
    generate_with(seed, options, Effort::Thorough)
}

/// Generates a level, spending the solver work `effort` allows. Deterministic in `seed`,
/// `options` and `effort`.
pub fn generate_with(
    seed: u64,
    options: &GenOptions,
    effort: Effort,
) -> Result<Generated, GenError> {
    check(options)?;
    let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed));
    let target = options.difficulty.par_range();
    let mut best: Option<(u32, Generated)> = None;
    let mut spent = 0;
    let mut proven_misses = 0;
    // The goal is the same for every attempt.
    let limits = SolveLimits {
        max_nodes: if options.goal == GoalChoice::ConnectAll {
            effort.connect_nodes(options.width * options.height)
        } else {
            NODES_PER_ATTEMPT
        },
        count_solutions_up_to: 0,
    };
    let mut tried = 0;
    for _ in 0..ATTEMPTS {
        tried += 1;
        let enough_misses = proven_misses >= effort.proven_misses();
        if (spent > ATTEMPTS_OF_WORK * limits.max_nodes || enough_misses) && best.is_some() {
            break;
        }
        let Some((cells, goal)) = draw_board(&mut dice, options) else {
            continue;
        };
        let mut level = Level {
            name: format!("Generated {seed}"),
            author: "Merge Islands generator".into(),
            width: options.width,
            height: options.height,
            cells,
            goal,
            budget: Budget {
                sand: None,
                bridges: if options.deep > 0 { None } else { Some(0) },
            },
            par: 0,
            tip: None,
        };
        let Ok(board) = level.board() else { continue };
        if board.status() != Status::Playing {
            continue;
        }
        let solution = solve(&board, limits);
        spent += solution.nodes;
        let Outcome::Solved { moves } = solution.outcome else {
            continue;
        };
        let par = moves.len() as u32;
        // The budget the proven solution needs, plus the difficulty's slack. The solution
        // still fits, and a budget only ever removes options, so par stays proven.
        let bridges = moves.iter().filter(|m| m.is_bridge()).count() as u32;
        let slack = options.difficulty.slack();
        level.budget = Budget {
            sand: Some(par - bridges + slack),
            bridges: Some(if options.deep > 0 || bridges > 0 {
                bridges + slack.min(1)
            } else {
                0
            }),
        };
        level.par = par;
        let miss = if target.contains(&par) {
            0
        } else {
            par.abs_diff(*target.start())
                .min(par.abs_diff(*target.end()))
        };
        let generated = Generated {
            level,
            solution: moves,
            solver_nodes: solution.nodes,
        };
        if miss == 0 {
            return Ok(generated);
        }
        proven_misses += 1;
        if best.as_ref().is_none_or(|(m, _)| miss < *m) {
            best = Some((miss, generated));
        }
    }
    best.map(|(_, g)| g)
        .ok_or(GenError::NothingSolvable { attempts: tried })
}

/// A random level drawn as [`generate`] draws its boards, with an open budget and its par
/// left unproven (0): the solver's test and measurement levels. Deterministic in `seed` and
/// `options`; an error when no board drawn fits the options.
pub fn draw_level(seed: u64, options: &GenOptions) -> Result<Level, GenError> {
    check(options)?;
    let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed));
    for _ in 0..ATTEMPTS {
        let Some((cells, goal)) = draw_board(&mut dice, options) else {
            continue;
        };
        let level = Level {
            name: format!("Drawn {seed}"),
            author: "Merge Islands generator".into(),
            width: options.width,
            height: options.height,
            cells,
            goal,
            budget: Budget::default(),
            par: 0,
            tip: None,
        };
        if level.board().is_ok_and(|b| b.status() == Status::Playing) {
            return Ok(level);
        }
    }
    Err(GenError::NothingSolvable { attempts: ATTEMPTS })
}

fn check(o: &GenOptions) -> Result<(), GenError> {
    let side = MIN_SIDE..=MAX_SIDE;
    if !side.contains(&o.width) || !side.contains(&o.height) {
        return Err(GenError::Options(format!(
            "the size must be {MIN_SIDE} to {MAX_SIDE} on each side"
        )));
    }
    if o.tribes > Tribe::COUNT {
        return Err(GenError::Options("at most 8 tribes".into()));
    }
    if o.islands < 2 || o.islands < 2 * o.tribes {
        return Err(GenError::Options(
            "at least 2 islands, and 2 per tribe".into(),
        ));
    }
    if o.islands * 4 > o.width * o.height {
        return Err(GenError::Options(format!(
            "{} islands do not fit on {} x {}",
            o.islands, o.width, o.height
        )));
    }
    if o.rocks + o.deep > 60 {
        return Err(GenError::Options(
            "rock and deep water together may cover at most 60%".into(),
        ));
    }
    Ok(())
}

/// Integer-only random choices, identical on every platform.
struct Dice(ChaCha8Rng);

impl Dice {
    /// Uniform in `0..n` (rejection sampling, no floating point, no bias).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.0.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }
}

/// One random board and its goal, or `None` when the islands did not fit.
fn draw_board(dice: &mut Dice, o: &GenOptions) -> Option<(Vec<Cell>, Goal)> {
    let (w, h) = (o.width, o.height);
    let mut cells: Vec<Cell> = (0..w * h)
        .map(|_| {
            let roll = dice.below(100) as u32;
            if roll < o.rocks {
                Cell::Rock
            } else if roll < o.rocks + o.deep {
                Cell::Deep
            } else {
                Cell::Shallow
            }
        })
        .collect();
    let neighbours = |i: usize| {
        let (r, c) = (i / w, i % w);
        [
            (c + 1 < w).then(|| i + 1),
            (r + 1 < h).then(|| i + w),
            (c > 0).then(|| i - 1),
            (r > 0).then(|| i - w),
        ]
        .into_iter()
        .flatten()
    };
    // Islands of one to three cells, never touching another island.
    let mut island_cells: Vec<Vec<usize>> = Vec::new();
    let mut tries = 0;
    while island_cells.len() < o.islands {
        tries += 1;
        if tries > 40 * o.islands {
            return None;
        }
        let start = dice.below(w * h);
        let size = 1 + dice.below(3);
        let mut blob = vec![start];
        for _ in 1..size {
            let from = blob[dice.below(blob.len())];
            let options: Vec<usize> = neighbours(from).filter(|j| !blob.contains(j)).collect();
            if options.is_empty() {
                break;
            }
            blob.push(options[dice.below(options.len())]);
        }
        let clear = blob.iter().all(|&i| {
            !cells[i].is_land() && neighbours(i).all(|j| !cells[j].is_land() || blob.contains(&j))
        });
        if !clear {
            continue;
        }
        for &i in &blob {
            cells[i] = Cell::Land(None);
        }
        island_cells.push(blob);
    }
    // Tribes: island k (k < 2 * tribes) belongs to tribe k % tribes, marked on its first cell.
    for (k, blob) in island_cells.iter().enumerate().take(2 * o.tribes) {
        cells[blob[0]] = Cell::Land(Tribe::new((k % o.tribes) as u8));
    }
    // Sprinkle a few extra tribe members among the rest, for variety.
    for blob in island_cells.iter().skip(2 * o.tribes) {
        if o.tribes > 0 && dice.percent(40) {
            cells[blob[0]] = Cell::Land(Tribe::new(dice.below(o.tribes) as u8));
        }
    }
    let land: usize = island_cells.iter().map(Vec::len).sum();
    let largest = island_cells.iter().map(Vec::len).max().unwrap_or(0);
    let goal = match o.goal {
        GoalChoice::ConnectAll => Goal::ConnectAll,
        GoalChoice::Islands(Some(k)) => Goal::Islands(k),
        GoalChoice::Islands(None) => Goal::Islands((o.islands as u32).div_ceil(3).max(1)),
        GoalChoice::Reach(Some(s)) => Goal::Reach(s),
        GoalChoice::Reach(None) => {
            let extra = match o.difficulty {
                Difficulty::Easy => 1,
                Difficulty::Medium => 3,
                Difficulty::Hard => 5,
            };
            Goal::Reach((largest.max(land / 2) + extra) as u32)
        }
    };
    Some((cells, goal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let o = GenOptions::default();
        let a = generate(7, &o).unwrap().level.to_ron();
        let b = generate(7, &o).unwrap().level.to_ron();
        assert_eq!(a, b);
        assert_ne!(a, generate(8, &o).unwrap().level.to_ron());
    }

    #[test]
    fn generated_levels_are_valid_and_carry_their_proven_par() {
        for (seed, difficulty, tribes, deep) in [
            (1, Difficulty::Easy, 0, 0),
            (2, Difficulty::Medium, 0, 15),
            (3, Difficulty::Medium, 2, 10),
            (4, Difficulty::Hard, 0, 10),
        ] {
            let o = GenOptions {
                difficulty,
                tribes,
                deep,
                ..GenOptions::default()
            };
            let g = generate(seed, &o).unwrap();
            let text = g.level.to_ron();
            let level = Level::from_ron_bytes(text.as_bytes()).unwrap();
            let proven = solve(&level.board().unwrap(), SolveLimits::default());
            assert_eq!(proven.par(), Some(level.par), "seed {seed}: {text}");
            let mut board = level.board().unwrap();
            for &m in &g.solution {
                board.apply(m).unwrap();
            }
            assert_eq!(board.status(), Status::Won);
        }
    }

    #[test]
    fn other_goals_generate_too() {
        for goal in [
            GoalChoice::Islands(None),
            GoalChoice::Reach(None),
            GoalChoice::Islands(Some(2)),
        ] {
            let o = GenOptions {
                goal,
                ..GenOptions::default()
            };
            let g = generate(11, &o).unwrap();
            assert!(g.level.par >= 1, "{goal:?}");
        }
    }

    #[test]
    fn impossible_options_are_refused_with_a_reason() {
        let o = GenOptions {
            width: 100,
            ..GenOptions::default()
        };
        assert!(matches!(generate(1, &o), Err(GenError::Options(_))));
        let o = GenOptions {
            islands: 3,
            tribes: 2,
            ..GenOptions::default()
        };
        assert!(matches!(generate(1, &o), Err(GenError::Options(_))));
    }

    #[test]
    fn goal_choices_parse() {
        assert_eq!("connect-all".parse(), Ok(GoalChoice::ConnectAll));
        assert_eq!("islands:3".parse(), Ok(GoalChoice::Islands(Some(3))));
        assert_eq!("reach".parse(), Ok(GoalChoice::Reach(None)));
        assert!("reach:x".parse::<GoalChoice>().is_err());
        assert!("connect-all:2".parse::<GoalChoice>().is_err());
    }
}
