//! The solver: par proofs on every shipped level with both engines (as `validate` does
//! them), hints from the start and from mid-game, and the scale set of large random levels.

use criterion::{Criterion, criterion_group, criterion_main};
use merge_islands::level_files::{find_level_files, read_level};
use merge_islands::rules::board::Board;
use merge_islands::rules::generator::{GenOptions, draw_level};
use merge_islands::rules::solver::{Outcome, SolveLimits, legacy, solve};
use merge_islands::session::hint_for;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn campaign() -> Vec<(String, Board)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
    find_level_files(&root)
        .expect("levels/ is readable")
        .into_iter()
        .map(|path| {
            let level = read_level(&path).expect("shipped levels are valid");
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            (name, level.board().unwrap())
        })
        .collect()
}

fn shipped_levels(c: &mut Criterion) {
    for (group_name, old) in [("solve", false), ("solve-legacy", true)] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(200));
        group.measurement_time(Duration::from_secs(1));
        for (name, board) in campaign() {
            group.bench_function(name, |b| {
                b.iter(|| {
                    let s = if old {
                        legacy::solve(&board, SolveLimits::default())
                    } else {
                        solve(&board, SolveLimits::default())
                    };
                    black_box(s.par())
                })
            });
        }
        group.finish();
    }
}

/// A hint from the start, and from halfway along an optimal solution.
fn hints(c: &mut Criterion) {
    let mut group = c.benchmark_group("hint");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    group.measurement_time(Duration::from_secs(1));
    for (name, board) in campaign() {
        let Outcome::Solved { moves } = solve(&board, SolveLimits::default()).outcome else {
            panic!("{name} is solvable");
        };
        let mut mid = board.clone();
        for &m in &moves[..moves.len() / 2] {
            mid.apply(m).expect("an optimal solution plays");
        }
        for (at, position) in [("start", &board), ("mid", &mid)] {
            group.bench_function(format!("{name} {at}"), |b| {
                b.iter(|| black_box(hint_for(position, SolveLimits::default(), &mut |_, _| true)))
            });
        }
    }
    group.finish();
}

/// Random open `ConnectAll` levels (`generator::draw_level`), proven by the Steiner engine.
/// The first engine proves none of them within minutes; `examples/scale.rs` times both.
fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    group.measurement_time(Duration::from_secs(2));
    for (side, islands, seeds) in [(12, 9, [1, 2]), (16, 11, [1, 2]), (24, 10, [2, 3])] {
        for seed in seeds {
            let options = GenOptions {
                width: side,
                height: side,
                islands,
                ..GenOptions::default()
            };
            let board = draw_level(seed, &options).unwrap().board().unwrap();
            let name = format!("{side}x{side} {islands} islands seed {seed}");
            group.bench_function(name, |b| {
                b.iter(|| black_box(solve(&board, SolveLimits::default()).par()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, shipped_levels, hints, scale);
criterion_main!(benches);
