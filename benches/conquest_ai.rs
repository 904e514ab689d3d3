//! The Island Conquest computer: the ladder of the levels (40 games a pairing on 5 x 5,
//! 7 x 7 and 9 x 9, first move alternating, printed as a table), the slowest answer of the
//! hard computer over whole games on 9 x 9 and 20 x 20, and the time it takes to answer
//! mid-game and on an empty grid.

use criterion::{Criterion, criterion_group, criterion_main};
use merge_islands::conquest::ai::{Dice, Strength, choose, ladder, ladder_bar};
use merge_islands::conquest::{Conquest, Player};
use std::hint::black_box;
use std::time::{Duration, Instant};

const GAMES: u64 = 40;

fn tournament(_: &mut Criterion) {
    println!("| grid | first | second | first won (of {GAMES}, first move alternating) |");
    println!("|---|---|---|---|");
    for size in [5, 7, 9] {
        for pairing in ladder(size, GAMES, GAMES) {
            let bar = ladder_bar(&pairing);
            let mark = if bar.contains(&pairing.rate()) {
                ""
            } else {
                " MISSES THE BAR"
            };
            println!("{pairing}{mark}");
        }
    }
}

/// The hard computer plays whole games against medium, on both sides; the slowest answer.
fn slowest_answer(_: &mut Criterion) {
    for size in [9, 20] {
        let mut slowest = Duration::ZERO;
        let mut answers = 0;
        for seed in 0..4u64 {
            let hard_side = if seed % 2 == 0 { Player::X } else { Player::O };
            let mut game = Conquest::new(size);
            let mut dice = Dice(seed);
            while !game.is_over() {
                let strength = if game.to_move() == hard_side {
                    Strength::Hard
                } else {
                    Strength::Medium
                };
                let started = Instant::now();
                let p = choose(&mut game, strength, &mut dice).expect("an empty cell");
                if strength == Strength::Hard {
                    slowest = slowest.max(started.elapsed());
                    answers += 1;
                }
                game.claim_unchecked(p);
            }
        }
        println!(
            "conquest {size}x{size}: hard's slowest of {answers} answers in 4 games against medium: {:.1} ms",
            slowest.as_secs_f64() * 1000.0
        );
    }
}

fn hard_move(c: &mut Criterion) {
    let mut group = c.benchmark_group("conquest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for size in [9, 20] {
        // Half the grid claimed by two medium players, then the hard computer's answer.
        let mut game = Conquest::new(size);
        let mut dice = Dice(7);
        for _ in 0..size * size / 2 {
            let p = choose(&mut game, Strength::Medium, &mut dice).unwrap();
            game.claim_unchecked(p);
        }
        group.bench_function(format!("hard_move_{size}x{size}_midgame"), |b| {
            b.iter(|| black_box(choose(&mut game, Strength::Hard, &mut Dice(1))))
        });
        let mut empty = Conquest::new(size);
        group.bench_function(format!("hard_move_{size}x{size}_opening"), |b| {
            b.iter(|| black_box(choose(&mut empty, Strength::Hard, &mut Dice(1))))
        });
    }
    group.finish();
}

criterion_group!(benches, tournament, slowest_answer, hard_move);
criterion_main!(benches);
