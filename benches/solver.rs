//! The solver on every shipped level (par proofs, as `validate` does them).

use criterion::{Criterion, criterion_group, criterion_main};
use merge_islands::level_files::{find_level_files, read_level};
use merge_islands::rules::solver::{SolveLimits, solve};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn shipped_levels(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    group.measurement_time(Duration::from_secs(1));
    for path in find_level_files(&root).expect("levels/ is readable") {
        let level = read_level(&path).expect("shipped levels are valid");
        let board = level.board().unwrap();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        group.bench_function(name, |b| {
            b.iter(|| black_box(solve(&board, SolveLimits::default()).par()))
        });
    }
    group.finish();
}

criterion_group!(benches, shipped_levels);
criterion_main!(benches);
