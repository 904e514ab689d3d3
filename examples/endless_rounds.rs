//! How long endless mode takes to generate each round, natively: the game's own schedule
//! (`rules::endless`) and the generator, timed round by round for several runs.
//!
//! `cargo run --release --no-default-features --example endless_rounds [RUNS [FIRST_ROUND LAST_ROUND]]`
//! generates rounds FIRST_ROUND..=LAST_ROUND (0 and 40 by default) of RUNS runs (8 by
//! default, run seeds 1 and up) and prints, per round, the board, the slowest and median
//! time, and the pars. The browser's figure comes from the browser test (`web/test.sh`).

use merge_islands::rules::endless::{generate_round, round_options};
use std::time::Instant;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let runs = args.first().copied().unwrap_or(8);
    let first = args.get(1).copied().unwrap_or(0) as u32;
    let last = args.get(2).copied().unwrap_or(40) as u32;
    let mut slowest_overall: f64 = 0.0;
    for round in first..=last {
        let options = round_options(round);
        let mut times = Vec::new();
        let mut pars = Vec::new();
        for run in 1..=runs {
            let started = Instant::now();
            let generated = generate_round(run, round);
            times.push(started.elapsed().as_secs_f64());
            pars.push(match generated {
                Ok(g) => g.level.par.to_string(),
                Err(e) => format!("error: {e}"),
            });
        }
        times.sort_by(f64::total_cmp);
        let slowest = times[times.len() - 1];
        slowest_overall = slowest_overall.max(slowest);
        println!(
            "round {:>2}: {:>2}x{:<2} {:>2} islands {} tribes  median {:>6.3} s  slowest {:>6.3} s  pars {}",
            round + 1,
            options.width,
            options.height,
            options.islands,
            options.tribes,
            times[times.len() / 2],
            slowest,
            pars.join(" ")
        );
    }
    println!("slowest round: {slowest_overall:.3} s");
}
