//! Time to proof on random open `ConnectAll` levels, old and new engine side by side.
//!
//! `cargo run --release --no-default-features --example scale [SECONDS [SETS...]]` draws
//! the scale set (by default seeds 1-8 at 12 x 12 with 8-10 islands and seeds 1-8 at
//! 16 x 16 with 10-12 islands, by `generator::draw_level` with the generator's default rock
//! and deep water) and solves each level with both engines, each stopped after SECONDS (10
//! by default). A set is written SIDE:FEWEST-MOST:SEEDS[+FIRST], for example `24:16-20:8`
//! (seeds 1-8) or `24:16-20:8+100` (seeds 100-107); a level's island count is FEWEST plus
//! its seed modulo the range. The old engine is the Steiner engine with tables only (past 12
//! islands its bound leaves islands out); with `--first-engine` it is the first engine
//! (iterative deepening over moves); with `--new-only` it is left out. `--tribes=N` draws
//! N tribes (each joined into one island), as the generator's `--tribes` does.

use merge_islands::rules::generator::{GenOptions, draw_level};
use merge_islands::rules::solver::{
    Outcome, Solution, SolveLimits, SolveWatch, Trees, legacy, solve_anytime, solve_anytime_with,
};
use std::time::{Duration, Instant};

fn describe(s: &Solution, took: Duration) -> String {
    match &s.outcome {
        Outcome::Solved { moves } => {
            format!("par {:>2} in {:>8.3} s", moves.len(), took.as_secs_f64())
        }
        Outcome::Unwinnable => format!("unwinnable in {:.3} s", took.as_secs_f64()),
        Outcome::GaveUp { proven_at_least } => match &s.best {
            Some(best) => format!("stopped: best {} at-least {proven_at_least}", best.len()),
            None => format!("stopped: at-least {proven_at_least}"),
        },
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let new_only = args.iter().any(|a| a == "--new-only");
    let first_engine = args.iter().any(|a| a == "--first-engine");
    let tribes: usize = args
        .iter()
        .find_map(|a| a.strip_prefix("--tribes="))
        .map(|n| n.parse().expect("--tribes=N takes a number"))
        .unwrap_or(0);
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let seconds: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let mut sets: Vec<(usize, usize, usize, u64, u64)> = args
        .iter()
        .skip(1)
        .map(|spec| {
            let parse = || -> Option<(usize, usize, usize, u64, u64)> {
                let mut parts = spec.split(':');
                let side = parts.next()?.parse().ok()?;
                let (lo, hi) = parts.next()?.split_once('-')?;
                let (seeds, first) = match parts.next()?.split_once('+') {
                    Some((n, first)) => (n.parse().ok()?, first.parse().ok()?),
                    None => (spec.rsplit(':').next()?.parse().ok()?, 1),
                };
                Some((side, lo.parse().ok()?, hi.parse().ok()?, seeds, first))
            };
            parse().unwrap_or_else(|| panic!("'{spec}' is not SIDE:FEWEST-MOST:SEEDS[+FIRST]"))
        })
        .collect();
    if sets.is_empty() {
        sets = vec![(12, 8, 10, 8, 1), (16, 10, 12, 8, 1)];
    }
    let limit = Duration::from_secs_f64(seconds);
    let limits = SolveLimits {
        max_nodes: u64::MAX,
        count_solutions_up_to: 0,
    };
    let mut proven = 0;
    let mut total = 0;
    println!("| level | islands | old engine | new engine |");
    println!("|---|---|---|---|");
    for (side, fewest, most, seeds, first) in sets {
        for seed in first..first + seeds {
            let options = GenOptions {
                width: side,
                height: side,
                islands: fewest + (seed as usize) % (most - fewest + 1),
                tribes,
                ..GenOptions::default()
            };
            let level = draw_level(seed, &options).expect("the scale set draws");
            let board = level.board().expect("a drawn level builds");
            let started = Instant::now();
            let old = if first_engine || new_only {
                legacy::solve_with_progress(&board, limits, &mut |_, _| {
                    !new_only && started.elapsed() < limit
                })
            } else {
                let watch = SolveWatch::default();
                solve_anytime_with(
                    &board,
                    limits,
                    Some(started + limit),
                    &watch,
                    Trees::TablesOnly,
                )
            };
            let old_took = started.elapsed();
            let started = Instant::now();
            let new = solve_anytime(
                &board,
                limits,
                Some(started + limit),
                &SolveWatch::default(),
            );
            let new_took = started.elapsed();
            total += 1;
            if new.par().is_some() {
                proven += 1;
            }
            if let (Some(a), Some(b)) = (old.par(), new.par()) {
                assert_eq!(a, b, "the engines disagree on seed {seed}, {side} x {side}");
            }
            println!(
                "| {side}x{side} seed {seed} | {} | {} | {} |",
                options.islands,
                describe(&old, old_took),
                describe(&new, new_took)
            );
        }
    }
    println!("\nnew engine: par proven on {proven} of {total} within {seconds} s each");
}
