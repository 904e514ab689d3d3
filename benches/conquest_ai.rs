//! The Island Conquest computer: 100 games on 9 x 9 between strengths and against the
//! extend-largest player (win rates printed), and the time the hard computer takes to answer
//! on 20 x 20.

use criterion::{Criterion, criterion_group, criterion_main};
use merge_islands::conquest::Conquest;
use merge_islands::conquest::ai::{Contender, Dice, Strength, choose, win_rate};
use std::hint::black_box;
use std::time::Duration;

fn tournament(_: &mut Criterion) {
    let [easy, medium, hard] =
        [Strength::Easy, Strength::Medium, Strength::Hard].map(Contender::Computer);
    for (first, second) in [
        (Contender::ExtendLargest, easy),
        (medium, easy),
        (medium, Contender::ExtendLargest),
        (hard, medium),
    ] {
        let rate = win_rate(first, second, 9, 100);
        println!(
            "conquest 9x9, 100 games, first move alternating: {first} beats {second} in {:.0}%",
            rate * 100.0
        );
    }
}

fn hard_move(c: &mut Criterion) {
    // A 20 x 20 game half played by two medium players, then the hard computer's answer.
    let mut game = Conquest::new(20);
    let mut dice = Dice(7);
    for _ in 0..200 {
        let p = choose(&mut game, Strength::Medium, &mut dice).unwrap();
        game.claim_unchecked(p);
    }
    let mut group = c.benchmark_group("conquest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("hard_move_20x20_midgame", |b| {
        b.iter(|| black_box(choose(&mut game, Strength::Hard, &mut Dice(1))))
    });
    let mut empty = Conquest::new(20);
    group.bench_function("hard_move_20x20_opening", |b| {
        b.iter(|| black_box(choose(&mut empty, Strength::Hard, &mut Dice(1))))
    });
    group.finish();
}

criterion_group!(benches, tournament, hard_move);
criterion_main!(benches);
