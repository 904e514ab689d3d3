//! The Island Conquest computer: 100 games on 9 x 9 between strengths (win rates printed),
//! and the time the hard computer takes to answer on 20 x 20.

use criterion::{Criterion, criterion_group, criterion_main};
use merge_islands::conquest::ai::{Dice, Strength, choose, play_out};
use merge_islands::conquest::{Conquest, Player, Winner};
use std::hint::black_box;
use std::time::Duration;

/// Share of `games` games that `strong` wins against `weak` on a size x size grid, taking
/// turns at moving first.
fn win_rate(strong: Strength, weak: Strength, size: usize, games: u64) -> f64 {
    let mut wins = 0;
    for seed in 0..games {
        let (x, o, strong_side) = if seed % 2 == 0 {
            (strong, weak, Player::X)
        } else {
            (weak, strong, Player::O)
        };
        if play_out(size, x, o, seed).winner() == Winner::Player(strong_side) {
            wins += 1;
        }
    }
    wins as f64 / games as f64
}

fn tournament(_: &mut Criterion) {
    for (strong, weak) in [
        (Strength::Medium, Strength::Easy),
        (Strength::Hard, Strength::Medium),
    ] {
        let rate = win_rate(strong, weak, 9, 100);
        println!(
            "conquest 9x9, 100 games: {strong:?} beats {weak:?} in {:.0}%",
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
