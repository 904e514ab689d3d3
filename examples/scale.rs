//! Time to proof on random open `ConnectAll` levels, old and new engine side by side.
//!
//! `cargo run --release --no-default-features --example scale [SECONDS]` draws the scale set
//! (seeds 1-8 at 12 x 12 with 8-10 islands, seeds 1-8 at 16 x 16 with 10-12 islands, by
//! `generator::draw_level` with the generator's default rock and deep water) and solves
//! each level with both engines, each stopped after SECONDS (10 by default).

use merge_islands::rules::generator::{GenOptions, draw_level};
use merge_islands::rules::solver::solve_anytime;
use merge_islands::rules::solver::{Outcome, Solution, SolveLimits, SolveWatch, legacy};
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
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10.0);
    let limit = Duration::from_secs_f64(seconds);
    let limits = SolveLimits {
        max_nodes: u64::MAX,
        count_solutions_up_to: 0,
    };
    let mut proven = 0;
    let mut total = 0;
    println!("| level | islands | old engine | new engine |");
    println!("|---|---|---|---|");
    for (side, islands) in [(12, [8, 9, 10]), (16, [10, 11, 12])] {
        for seed in 1..=8u64 {
            let options = GenOptions {
                width: side,
                height: side,
                islands: islands[(seed % 3) as usize],
                ..GenOptions::default()
            };
            let level = draw_level(seed, &options).expect("the scale set draws");
            let board = level.board().expect("a drawn level builds");
            let started = Instant::now();
            let old =
                legacy::solve_with_progress(&board, limits, &mut |_, _| started.elapsed() < limit);
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
