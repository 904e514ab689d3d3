//! The designer's command line (RULES.md section 4): validate, solve, play, generate,
//! conquest and code, and trace (the union-find at work, move by move). Wherever a command
//! takes a level, a level code works too. Output goes to the writers passed in, so tests
//! can read it.

use crate::conquest::{Conquest, Player, Winner};
use crate::level_files::{
    CAMPAIGN_FILE, FileError, describe_code, describe_level_source, find_level_files,
    level_code_in, read_campaign, read_level, read_level_or_code, write_atomically,
};
use crate::rules::board::Status;
use crate::rules::cell::Pos;
use crate::rules::generator::{Difficulty, GenOptions, GoalChoice, generate};
use crate::rules::goal::stars;
use crate::rules::level::Level;
use crate::rules::level_code;
use crate::rules::moves::{Move, format_move_list};
use crate::rules::solver::{Outcome, Solution, SolveLimits, SolveWatch, solve, solve_anytime};
use crate::union_find::{Node, Op};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Merge Islands: a puzzle game about joining islands.
///
/// With no command it starts the game. The commands are the level designer's tools.
#[derive(Debug, Parser)]
#[command(name = "merge-islands", version = crate::about::VERSION_LINE, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub game: GameArgs,
}

/// Options for starting the game window.
#[derive(Debug, Clone, Default, Args)]
pub struct GameArgs {
    /// Open this level directly (a file, a level's name or file stem from levels/, or a level
    /// code).
    #[arg(long, value_name = "NAME")]
    pub level: Option<String>,
    /// Open the daily puzzle of this day (YYYY-MM-DD; not a day still to come), as the link
    /// in a shared daily result does.
    #[arg(long, value_name = "DATE", conflicts_with = "level")]
    pub daily: Option<String>,
    /// With --level: play these moves at once ("r,c r1,c1-r2,c2 ...").
    #[arg(long, value_name = "MOVES", requires = "level")]
    pub moves: Option<String>,
    /// Save a PNG of the window once the moves have played and animations settled, then exit.
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// Which screen to capture with --screenshot when no level is given: title, select,
    /// settings, about (the settings' About panel), statistics, daily (today's daily puzzle), conquest, guide ("How it works"),
    /// editor (with --level: that level in the editor), xray (with --level: that level with
    /// the X-ray view open), continue (the saved game, as the Continue button opens it).
    #[arg(long, value_name = "SCREEN", default_value = "title")]
    pub screen: String,
    /// With --screenshot and --moves: take the picture a moment into the last move's
    /// animation instead of after everything settles.
    #[arg(long, requires = "screenshot")]
    pub mid_move: bool,
    /// Time this many frames once the screen has settled (vsync off), print the median,
    /// 95th percentile and slowest, and exit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub measure_frames: Option<u32>,
    /// Print the seconds from launch to the first drawn title screen, and exit.
    #[arg(long, conflicts_with_all = ["screenshot", "measure_frames", "level"])]
    pub measure_start: bool,
    /// Write the game's icon to FILE (a PNG, drawn by the game's art code) and exit.
    #[arg(long, value_name = "FILE")]
    pub icon: Option<PathBuf>,
    /// With --icon: its side in pixels.
    #[arg(long, value_name = "PIXELS", default_value_t = 512, requires = "icon")]
    pub icon_size: u32,
    /// The window's size in logical pixels, as WIDTHxHEIGHT (1100x760 if not given).
    #[arg(long, value_name = "WIDTHxHEIGHT")]
    pub window: Option<WindowSize>,
    /// Open Island Conquest on a SIZE x SIZE grid, two players on this machine, and make
    /// these claims at once: "SIZE" or "SIZE:ROW,COL ROW,COL ..." (counted from 0), or
    /// "SIZE:all" for a whole game played out by the computer on both sides.
    #[arg(long, value_name = "SIZE[:CLAIMS]", conflicts_with_all = ["level", "daily"])]
    pub conquest: Option<String>,
    /// Join a friend's Island Conquest room by its code (as `?room=CODE` does in the browser).
    #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "daily", "conquest"])]
    pub room: Option<String>,
    /// The game server (a matchbox signalling server) to meet friends online through, as
    /// ws://HOST:PORT; it is remembered as the player's choice (default ws://127.0.0.1:3536).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Designer mode: the level editor's Save writes a campaign level back into its own file
    /// in levels/ (MERGE_ISLANDS_DESIGNER=1 does the same). Without it, saving a campaign
    /// level writes a copy into your own levels folder.
    #[arg(long)]
    pub designer: bool,
}

impl GameArgs {
    /// Whether the editor may write the campaign's own files: `--designer`, or
    /// `MERGE_ISLANDS_DESIGNER` set (to anything but nothing or 0).
    pub fn designer_mode(&self) -> bool {
        self.designer
            || std::env::var("MERGE_ISLANDS_DESIGNER").is_ok_and(|v| !v.is_empty() && v != "0")
    }
}

/// A window size given on the command line (`800x600`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowSize {
    pub width: u32,
    pub height: u32,
}

impl WindowSize {
    /// The smallest and largest side accepted, in logical pixels.
    pub const SIDES: std::ops::RangeInclusive<u32> = 200..=8192;
}

impl std::str::FromStr for WindowSize {
    type Err = String;

    fn from_str(text: &str) -> Result<WindowSize, String> {
        let (w, h) = text
            .split_once(['x', 'X'])
            .ok_or_else(|| format!("{text:?} is not WIDTHxHEIGHT (for example 800x600)"))?;
        let side = |s: &str| -> Result<u32, String> {
            let n: u32 = s
                .trim()
                .parse()
                .map_err(|_| format!("{s:?} is not a whole number of pixels"))?;
            if Self::SIDES.contains(&n) {
                Ok(n)
            } else {
                Err(format!(
                    "{n} pixels is outside {} to {}",
                    Self::SIDES.start(),
                    Self::SIDES.end()
                ))
            }
        };
        Ok(WindowSize {
            width: side(w)?,
            height: side(h)?,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check level files and folders, par included (exit 0 when all are valid, else 1).
    Validate(ValidateArgs),
    /// Prove a level's par and print one optimal solution.
    Solve(SolveArgs),
    /// Replay moves on a level without a window and print what each did.
    Play(PlayArgs),
    /// Replay moves and print, for each, the union-find operations it made: every find with
    /// its path and the writes path splitting made, every union with both roots.
    Trace(PlayArgs),
    /// Print a new level in RON from a seed (same seed and options, same bytes).
    Generate(GenerateArgs),
    /// Replay an Island Conquest game from standard input ("r c" a line).
    Conquest(ConquestArgs),
    /// Print a level's code: the whole level as one line of URL-safe characters. With
    /// --decode, print the level a code holds, in RON.
    Code(CodeArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Level files (*.level.ron), campaign files, folders to search, or level codes.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Solver positions allowed per level before it gives up.
    #[arg(long, default_value_t = SolveLimits::default().max_nodes)]
    pub max_nodes: u64,
}

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// The level: a file, or a level code.
    pub level: PathBuf,
    /// Also print the number of optimal solutions and the solver's effort.
    #[arg(long)]
    pub stats: bool,
    /// Solver positions allowed before it gives up.
    #[arg(long, default_value_t = SolveLimits::default().max_nodes)]
    pub max_nodes: u64,
    /// Stop after this many seconds; unless par is proven by then, print
    /// "best N at-least M" and the best solution found.
    #[arg(long, value_name = "S", value_parser = parse_seconds)]
    pub max_seconds: Option<f64>,
}

/// Seconds: a finite number, zero or more.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => Ok(s),
        _ => Err(format!("'{text}' is not a number of seconds")),
    }
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The level: a file, or a level code.
    pub level: PathBuf,
    /// Moves separated by spaces: sand "r,c", bridge "r1,c1-r2,c2".
    #[arg(long, allow_hyphen_values = true)]
    pub moves: String,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The seed: the same seed and options give the same level.
    #[arg(long)]
    pub seed: u64,
    /// Grid width (2 to 64).
    #[arg(long, default_value_t = GenOptions::default().width)]
    pub width: usize,
    /// Grid height (2 to 64).
    #[arg(long, default_value_t = GenOptions::default().height)]
    pub height: usize,
    /// Number of islands to start with.
    #[arg(long, default_value_t = GenOptions::default().islands)]
    pub islands: usize,
    /// Number of tribes (0 to 8); each gets at least two islands.
    #[arg(long, default_value_t = 0)]
    pub tribes: usize,
    /// Percent of cells that are rock.
    #[arg(long, default_value_t = GenOptions::default().rocks)]
    pub rocks: u32,
    /// Percent of cells that are deep water.
    #[arg(long, default_value_t = GenOptions::default().deep)]
    pub deep: u32,
    /// connect-all, islands[:K] or reach[:S].
    #[arg(long, default_value = "connect-all")]
    pub goal: GoalChoice,
    /// easy (par 2-4), medium (5-7) or hard (8-12).
    #[arg(long, default_value = "medium")]
    pub difficulty: Difficulty,
    /// Generate this many levels, seeds SEED, SEED+1, ... (needs --out when more than one).
    #[arg(long, default_value_t = 1)]
    pub count: u64,
    /// Write each level to DIR/generated-SEED.level.ron instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// The level: a file, or a level code.
    #[arg(required_unless_present = "decode", conflicts_with = "decode")]
    pub level: Option<PathBuf>,
    /// Print the level this code holds, in RON (exit 1 when the code is bad).
    #[arg(long, value_name = "CODE", allow_hyphen_values = true)]
    pub decode: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConquestArgs {
    /// Grid size n (an n x n grid, 2 to 1024).
    #[arg(long)]
    pub size: usize,
}

/// Runs a command, writing its output to `out` and problems to `err`.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let result = match command {
        Command::Validate(a) => validate(&a, out, err),
        Command::Solve(a) => solve_command(&a, out, err),
        Command::Play(a) => play(&a, out),
        Command::Trace(a) => trace(&a, out),
        Command::Generate(a) => generate_command(&a, out, err),
        Command::Conquest(a) => conquest(&a, &mut std::io::stdin().lock(), out, err),
        Command::Code(a) => code_command(&a, out, err),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            ExitCode::from(2)
        }
    }
}

type CommandResult = Result<ExitCode, String>;

fn io_error(e: std::io::Error) -> String {
    e.to_string()
}

/// A progress bar on standard error, drawn only on a terminal and only for work that lasts.
fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    // Nothing shows for work done within the first second.
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    bar
}

fn show_after_a_second(bar: &ProgressBar, started: std::time::Instant) {
    if bar.is_hidden() && started.elapsed() > Duration::from_secs(1) {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
}

/// What proving a level's par found wrong, if anything.
pub fn par_problem(level: &Level, solution: &Solution) -> Option<String> {
    match &solution.outcome {
        Outcome::Solved { moves } if moves.is_empty() => {
            Some("the goal already holds before any move".into())
        }
        Outcome::Solved { moves } if moves.len() as u32 != level.par => Some(format!(
            "par is {}, but the solver proves {} (for example: {})",
            level.par,
            moves.len(),
            format_move_list(moves)
        )),
        Outcome::Solved { .. } => None,
        Outcome::Unwinnable => Some("the level cannot be won within its budget".into()),
        Outcome::GaveUp { proven_at_least } => Some(format!(
            "the solver gave up after {} positions (par is at least {proven_at_least}); \
             make the level smaller or raise --max-nodes",
            solution.nodes
        )),
    }
}

fn validate(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let mut levels: Vec<LevelInput> = Vec::new();
    let mut campaigns = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            match find_level_files(path) {
                Ok(found) => levels.extend(found.into_iter().map(LevelInput::File)),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
            let campaign = path.join(CAMPAIGN_FILE);
            if campaign.is_file() {
                campaigns.push(campaign);
            }
        } else if path.file_name().is_some_and(|n| n == CAMPAIGN_FILE) {
            campaigns.push(path.clone());
        } else if path.exists() {
            levels.push(LevelInput::File(path.clone()));
        } else if let Some(code) = level_code_in(path) {
            match level_code::decode(code) {
                Ok(level) => levels.push(LevelInput::Code {
                    code: code.to_string(),
                    level,
                }),
                Err(e) => problems.push(format!("{}: {e}", describe_code(code))),
            }
        } else {
            problems.push(format!(
                "{}: no such file or folder, and not a level code",
                path.display()
            ));
        }
    }
    for campaign in &campaigns {
        if let Err(e) = read_campaign(campaign) {
            problems.push(e.to_string());
        }
    }
    let limits = SolveLimits {
        max_nodes: args.max_nodes,
        count_solutions_up_to: 0,
    };
    let bar = progress(levels.len() as u64, "validating");
    let started = std::time::Instant::now();
    let results = check_levels_in_parallel(&levels, limits, &|| {
        bar.inc(1);
        show_after_a_second(&bar, started);
    });
    bar.finish_and_clear();
    let mut shapes: std::collections::HashMap<_, String> = std::collections::HashMap::new();
    for (input, result) in levels.iter().zip(results) {
        match result {
            Err(e) => problems.push(e.to_string()),
            Ok((level, solution)) => {
                let name = input.name();
                if let Some(p) = par_problem(&level, &solution) {
                    problems.push(format!("{name}: {p}"));
                }
                if let Some(first) = shapes.insert(level.shape_key(), name.clone()) {
                    problems.push(format!(
                        "{name}: the same puzzle as {first} (turned or mirrored)"
                    ));
                }
            }
        }
    }
    for p in &problems {
        writeln!(err, "{p}").map_err(io_error)?;
    }
    let files = levels.len() + campaigns.len();
    if problems.is_empty() {
        writeln!(out, "{files} files valid").map_err(io_error)?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{} problems in {files} files", problems.len()).map_err(io_error)?;
        Ok(ExitCode::from(1))
    }
}

/// A level to validate: a file still to read, or a level code already decoded.
enum LevelInput {
    File(PathBuf),
    Code { code: String, level: Level },
}

impl LevelInput {
    /// How problem lines name it.
    fn name(&self) -> String {
        match self {
            LevelInput::File(path) => path.display().to_string(),
            LevelInput::Code { code, .. } => describe_code(code),
        }
    }

    fn read(&self) -> Result<Level, FileError> {
        match self {
            LevelInput::File(path) => read_level(path),
            LevelInput::Code { level, .. } => Ok(level.clone()),
        }
    }
}

type LevelCheck = Result<(Level, Solution), FileError>;

/// Reads and solves each level, spread over the machine's cores; results in input order.
fn check_levels_in_parallel(
    paths: &[LevelInput],
    limits: SolveLimits,
    done: &(dyn Fn() + Sync),
) -> Vec<LevelCheck> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<LevelCheck>>> =
        paths.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers.min(paths.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let check = path.read().map(|level| {
                        let board = level.board().expect("a read level builds a board");
                        let solution = solve(&board, limits);
                        (level, solution)
                    });
                    *results[i].lock().expect("no worker panics") = Some(check);
                    done();
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .expect("no worker panics")
                .expect("every level checked")
        })
        .collect()
}

/// The level a command names: a file, or a level code.
fn load(source: &Path) -> Result<Level, String> {
    read_level_or_code(source).map_err(|e| e.to_string())
}

fn solve_command(args: &SolveArgs, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let level = load(&args.level)?;
    let board = level.board().map_err(|e| e.to_string())?;
    let limits = SolveLimits {
        max_nodes: args.max_nodes,
        count_solutions_up_to: if args.stats { 1_000_000 } else { 0 },
    };
    let solution = match args.max_seconds {
        None => solve(&board, limits),
        Some(seconds) => {
            // Past what an Instant can hold, there is no deadline to speak of.
            let deadline = Duration::try_from_secs_f64(seconds)
                .ok()
                .and_then(|d| Instant::now().checked_add(d));
            solve_anytime(&board, limits, deadline, &SolveWatch::default())
        }
    };
    match &solution.outcome {
        Outcome::Solved { moves } => {
            writeln!(out, "par {}", moves.len()).map_err(io_error)?;
            writeln!(out, "{}", format_move_list(moves)).map_err(io_error)?;
            if args.stats {
                writeln!(out, "solutions {}", solution.optimal_solutions).map_err(io_error)?;
                writeln!(out, "nodes {}", solution.nodes).map_err(io_error)?;
            }
            if moves.len() as u32 != level.par {
                writeln!(
                    err,
                    "note: the file says par {}, the solver proves {}",
                    level.par,
                    moves.len()
                )
                .map_err(io_error)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Unwinnable => {
            writeln!(
                err,
                "{}: cannot be won within its budget",
                describe_level_source(&args.level)
            )
            .map_err(io_error)?;
            Ok(ExitCode::from(1))
        }
        Outcome::GaveUp { proven_at_least } if args.max_seconds.is_some() => {
            if let Some(best) = &solution.best {
                writeln!(out, "best {} at-least {proven_at_least}", best.len())
                    .map_err(io_error)?;
                writeln!(out, "{}", format_move_list(best)).map_err(io_error)?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(
                err,
                "{}: no solution found in time; par is at least {proven_at_least}",
                describe_level_source(&args.level)
            )
            .map_err(io_error)?;
            Ok(ExitCode::from(1))
        }
        Outcome::GaveUp { proven_at_least } => {
            writeln!(
                err,
                "{}: the solver gave up after {} positions; par is at least {proven_at_least}",
                describe_level_source(&args.level),
                solution.nodes
            )
            .map_err(io_error)?;
            Ok(ExitCode::from(1))
        }
    }
}

fn play(args: &PlayArgs, out: &mut dyn Write) -> CommandResult {
    let level = load(&args.level)?;
    let mut board = level.board().map_err(|e| e.to_string())?;
    for token in args.moves.split_whitespace() {
        let line = match token.parse::<Move>() {
            Err(e) => format!("{token} rejected: {e}"),
            Ok(mv) => match board.apply(mv) {
                Ok(report) => format!("{token} islands={} score={}", report.islands, report.score),
                Err(reason) => format!("{token} rejected: {reason}"),
            },
        };
        writeln!(out, "{line}").map_err(io_error)?;
    }
    let won = board.status() == Status::Won;
    writeln!(
        out,
        "result {} moves={} par={} stars={} score={}",
        board.status(),
        board.moves_made(),
        level.par,
        if won {
            stars(board.moves_made(), level.par)
        } else {
            0
        },
        board.score()
    )
    .map_err(io_error)?;
    Ok(ExitCode::SUCCESS)
}

/// `play`, with each move's union-find operations indented beneath it.
fn trace(args: &PlayArgs, out: &mut dyn Write) -> CommandResult {
    let level = load(&args.level)?;
    let mut board = level.board().map_err(|e| e.to_string())?;
    board.record_island_ops(true);
    for token in args.moves.split_whitespace() {
        let mv = match token.parse::<Move>() {
            Ok(mv) => mv,
            Err(e) => {
                writeln!(out, "{token} rejected: {e}").map_err(io_error)?;
                continue;
            }
        };
        match board.apply(mv) {
            Ok(report) => {
                writeln!(out, "{token}").map_err(io_error)?;
                if let (Move::Sand(p), true) = (mv, report.joined.is_empty()) {
                    writeln!(
                        out,
                        "  ({p}) touches no land: a new island, root ({p}) rank 0, size 1"
                    )
                    .map_err(io_error)?;
                }
                for op in board.take_island_ops() {
                    writeln!(out, "  {}", describe_op(&op)).map_err(io_error)?;
                }
                writeln!(out, "  islands={} score={}", report.islands, report.score)
                    .map_err(io_error)?;
            }
            Err(reason) => writeln!(out, "{token} rejected: {reason}").map_err(io_error)?,
        }
    }
    writeln!(
        out,
        "result {} moves={} islands={} score={}",
        board.status(),
        board.moves_made(),
        board.island_count(),
        board.score()
    )
    .map_err(io_error)?;
    Ok(ExitCode::SUCCESS)
}

/// One union-find operation in words, cells as `(r,c)`.
fn describe_op(op: &Op<Pos>) -> String {
    let cells = |cells: &[Pos]| {
        cells
            .iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(" -> ")
    };
    match op {
        Op::Find {
            start,
            path,
            repoints,
        } => {
            let root = path.last().unwrap_or(start);
            let splits = if repoints.is_empty() {
                "nothing to split".to_string()
            } else {
                let each: Vec<String> = repoints
                    .iter()
                    .map(|r| {
                        format!(
                            "({}) from ({}) to ({})",
                            r.element, r.old_parent, r.new_parent
                        )
                    })
                    .collect();
                format!("split re-points {}", each.join(", "))
            };
            format!(
                "find ({start}): path {}; root ({root}); {splits}",
                cells(path)
            )
        }
        Op::Union {
            root_a,
            root_b,
            rank_a,
            rank_b,
            size_a,
            size_b,
            rank_raised,
            ..
        } => {
            let Some(link) = op.link() else {
                unreachable!("a union has a link")
            };
            let rank = link.new_rank;
            let why = if *rank_raised {
                format!("ranks tie: rank raised to {rank}")
            } else {
                format!("lower rank goes under: rank stays {rank}")
            };
            format!(
                "union root ({root_a}) (rank {rank_a}, size {size_a}) + root ({root_b}) \
                 (rank {rank_b}, size {size_b}) -> parent ({}), ({}) under it; \
                 {why}; size {}",
                link.parent, link.child, link.new_size
            )
        }
        Op::Rollback { writes } => {
            let each: Vec<String> = writes
                .iter()
                .map(|w| {
                    let node = |n: &Node<Pos>| match n {
                        Node::Child { parent } => format!("child of ({parent})"),
                        Node::Root { rank, size } => format!("root (rank {rank}, size {size})"),
                    };
                    format!("({}) {} -> {}", w.element, node(&w.before), node(&w.after))
                })
                .collect();
            format!("undo restores {}", each.join(", "))
        }
    }
}

fn generate_command(
    args: &GenerateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    if args.count > 1 && args.out.is_none() {
        return Err("--count above 1 needs --out DIR".into());
    }
    let options = GenOptions {
        width: args.width,
        height: args.height,
        islands: args.islands,
        tribes: args.tribes,
        rocks: args.rocks,
        deep: args.deep,
        goal: args.goal,
        difficulty: args.difficulty,
    };
    let bar = progress(args.count, "generating");
    let started = std::time::Instant::now();
    for k in 0..args.count {
        let seed = args.seed.wrapping_add(k);
        let generated = generate(seed, &options).map_err(|e| e.to_string())?;
        let text = generated.level.to_ron();
        match &args.out {
            None => out.write_all(text.as_bytes()).map_err(io_error)?,
            Some(dir) => {
                let path = dir.join(format!("generated-{seed}.level.ron"));
                write_atomically(&path, text.as_bytes())
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                writeln!(err, "{} (par {})", path.display(), generated.level.par)
                    .map_err(io_error)?;
            }
        }
        bar.inc(1);
        show_after_a_second(&bar, started);
    }
    bar.finish_and_clear();
    Ok(ExitCode::SUCCESS)
}

/// `code LEVEL` prints the level's code; `code --decode CODE` prints the level in RON. A bad
/// level or code is a one-line message and exit status 1.
fn code_command(args: &CodeArgs, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let printed = match (&args.decode, &args.level) {
        (Some(code), _) => level_code::decode(code)
            .map(|level| level.to_ron())
            .map_err(|e| e.to_string()),
        (None, Some(source)) => read_level_or_code(source)
            .map(|level| format!("{}\n", level_code::encode(&level)))
            .map_err(|e| e.to_string()),
        (None, None) => return Err("give a level (a file or a code), or --decode CODE".into()),
    };
    match printed {
        Ok(text) => {
            out.write_all(text.as_bytes()).map_err(io_error)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            writeln!(err, "error: {message}").map_err(io_error)?;
            Ok(ExitCode::from(1))
        }
    }
}

fn conquest(
    args: &ConquestArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    if !(Conquest::MIN_SIZE..=Conquest::MAX_SIZE).contains(&args.size) {
        return Err(format!(
            "--size must be {} to {}",
            Conquest::MIN_SIZE,
            Conquest::MAX_SIZE
        ));
    }
    let mut game = Conquest::new(args.size);
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(io_error)?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let parsed = match fields.as_slice() {
            [r, c] => r.parse::<i64>().ok().zip(c.parse::<i64>().ok()),
            _ => None,
        };
        let Some((r, c)) = parsed else {
            writeln!(
                err,
                "line {}: '{line}' is not 'row col'; skipped",
                number + 1
            )
            .map_err(io_error)?;
            continue;
        };
        let mover = game.to_move();
        match game.claim(r, c) {
            Ok(report) => {
                for capture in report.capture_lines() {
                    writeln!(err, "line {}: {capture}", number + 1).map_err(io_error)?;
                }
            }
            Err(reason) => {
                writeln!(err, "line {}: {reason}; {mover} moves again", number + 1)
                    .map_err(io_error)?;
            }
        }
    }
    for row in game.rows() {
        writeln!(out, "{row}").map_err(io_error)?;
    }
    let (x, o) = (Player::X, Player::O);
    writeln!(out, "islands X={} O={}", game.islands(x), game.islands(o)).map_err(io_error)?;
    writeln!(out, "cells X={} O={}", game.cells(x), game.cells(o)).map_err(io_error)?;
    let winner = match game.winner() {
        Winner::Player(p) => p.to_string(),
        Winner::Tie => "tie".into(),
    };
    writeln!(out, "winner {winner}").map_err(io_error)?;
    Ok(ExitCode::SUCCESS)
}
