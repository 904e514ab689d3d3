//! Applying moves on a 1024 x 1024 board: a full random fill, one million sand moves; also
//! with the union-find's operation recorder on (the X-ray view open), side by side with it
//! off, to show what the recorder costs when the view is closed and when it is open.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use merge_islands::{Board, Budget, Cell, Goal, Move, Pos};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;

const SIDE: usize = 1024;

fn fill_order() -> Vec<Move> {
    let mut cells: Vec<usize> = (0..SIDE * SIDE).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for i in (1..cells.len()).rev() {
        cells.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    cells
        .into_iter()
        .map(|i| Move::Sand(Pos::new(i / SIDE, i % SIDE)))
        .collect()
}

fn full_fill(c: &mut Criterion) {
    let moves = fill_order();
    let water = Board::new(
        SIDE,
        SIDE,
        vec![Cell::Shallow; SIDE * SIDE],
        Goal::Reach(u32::MAX),
        Budget::default(),
    )
    .unwrap();
    let mut group = c.benchmark_group("board");
    group.throughput(Throughput::Elements(moves.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("fill_1024x1024_random_sand", |b| {
        b.iter_batched(
            || water.clone(),
            |mut board| {
                for &m in &moves {
                    board.apply(m).unwrap();
                }
                black_box(board.island_count())
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // The same fill as the session plays it: every move inside a snapshot (undo log on).
    group.bench_function("fill_1024x1024_random_sand_undoable", |b| {
        b.iter_batched(
            || water.clone(),
            |mut board| {
                let mut snapshots = Vec::with_capacity(moves.len());
                for &m in &moves {
                    snapshots.push(board.snapshot());
                    board.apply(m).unwrap();
                }
                black_box((board.island_count(), snapshots.len()))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // The X-ray view open: every move's operations recorded and taken, as the view would.
    group.bench_function("fill_1024x1024_random_sand_recorded", |b| {
        b.iter_batched(
            || {
                let mut board = water.clone();
                board.record_island_ops(true);
                board
            },
            |mut board| {
                let mut ops = 0;
                for &m in &moves {
                    board.apply(m).unwrap();
                    ops += board.take_island_ops().len();
                }
                black_box((board.island_count(), ops))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, full_fill);
criterion_main!(benches);
