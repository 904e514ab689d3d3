//! Our union-find against petgraph's, side by side in one run, on three workloads:
//! a random mix of unions and finds, a chain, and site percolation on a square grid.
//! Read the results as ratios (ours / petgraph's time) – the machine is shared and noisy.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use merge_islands::UnionFind;
use petgraph::unionfind::UnionFind as PetgraphUnionFind;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;

/// The operations each implementation runs. The adapters are `inline(always)` for every
/// implementation alike, so each is measured as a direct call would run it, not through a
/// call the compiler may or may not have inlined.
trait Sets {
    fn with_len(n: usize) -> Self;
    fn join(&mut self, a: usize, b: usize) -> bool;
    fn root(&mut self, a: usize) -> usize;
}

impl Sets for UnionFind {
    fn with_len(n: usize) -> Self {
        UnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) -> bool {
        self.union(a, b)
    }
    #[inline(always)]
    fn root(&mut self, a: usize) -> usize {
        self.find(a)
    }
}

impl Sets for PetgraphUnionFind<usize> {
    fn with_len(n: usize) -> Self {
        PetgraphUnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) -> bool {
        self.union(a, b)
    }
    #[inline(always)]
    fn root(&mut self, a: usize) -> usize {
        self.find_mut(a)
    }
}

impl Sets for PetgraphUnionFind<u32> {
    fn with_len(n: usize) -> Self {
        PetgraphUnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) -> bool {
        self.union(a as u32, b as u32)
    }
    #[inline(always)]
    fn root(&mut self, a: usize) -> usize {
        self.find_mut(a as u32) as usize
    }
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// n operations: half unions, half finds, on random elements.
fn random_mix(n: usize) -> Vec<(bool, usize, usize)> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..n)
        .map(|_| {
            (
                rng.next_u64() % 2 == 0,
                below(&mut rng, n),
                below(&mut rng, n),
            )
        })
        .collect()
}

fn run_mix<S: Sets>(n: usize, ops: &[(bool, usize, usize)]) -> usize {
    let mut s = S::with_len(n);
    let mut acc = 0;
    for &(is_union, a, b) in ops {
        if is_union {
            acc += usize::from(s.join(a, b));
        } else {
            acc ^= s.root(a);
        }
    }
    acc
}

/// Unions along a chain, then a find on every element.
fn run_chain<S: Sets>(n: usize) -> usize {
    let mut s = S::with_len(n);
    for i in 1..n {
        s.join(i - 1, i);
    }
    (0..n).fold(0, |acc, i| acc ^ s.root(i))
}

/// Opens the cells of a side x side grid in random order, joining each with its open
/// neighbours, until the top row and the bottom row are connected (or the grid is full).
fn percolation_order(side: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..side * side).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for i in (1..order.len()).rev() {
        order.swap(i, below(&mut rng, i + 1));
    }
    order
}

fn run_percolation<S: Sets>(side: usize, order: &[usize]) -> usize {
    let n = side * side;
    // Two virtual cells: n is the top, n + 1 the bottom.
    let mut s = S::with_len(n + 2);
    let mut open = vec![false; n];
    for (k, &cell) in order.iter().enumerate() {
        open[cell] = true;
        let (r, c) = (cell / side, cell % side);
        if r == 0 {
            s.join(cell, n);
        }
        if r == side - 1 {
            s.join(cell, n + 1);
        }
        for (ok, next) in [
            (c + 1 < side, cell + 1),
            (r + 1 < side, cell + side),
            (c > 0, cell.wrapping_sub(1)),
            (r > 0, cell.wrapping_sub(side)),
        ] {
            if ok && open[next] {
                s.join(cell, next);
            }
        }
        if s.root(n) == s.root(n + 1) {
            return k;
        }
    }
    n
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000, 100_000, 1_000_000, 10_000_000];
    if let Ok(max) = std::env::var("UF_BENCH_MAX") {
        let max: usize = max.parse().expect("UF_BENCH_MAX is a number");
        sizes.retain(|&n| n <= max);
    }
    sizes
}

fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    group.throughput(Throughput::Elements(n as u64));
    if n >= 1_000_000 {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n >= 10_000_000 { 20 } else { 5 }));
    } else {
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(2));
    }
    group.warm_up_time(Duration::from_millis(500));
}

fn random(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_random_mix");
    for n in sizes() {
        tune(&mut group, n);
        let ops = random_mix(n);
        group.bench_with_input(BenchmarkId::new("ours", n), &ops, |b, ops| {
            b.iter(|| black_box(run_mix::<UnionFind>(n, ops)))
        });
        group.bench_with_input(BenchmarkId::new("petgraph_usize", n), &ops, |b, ops| {
            b.iter(|| black_box(run_mix::<PetgraphUnionFind<usize>>(n, ops)))
        });
        group.bench_with_input(BenchmarkId::new("petgraph_u32", n), &ops, |b, ops| {
            b.iter(|| black_box(run_mix::<PetgraphUnionFind<u32>>(n, ops)))
        });
    }
    group.finish();
}

fn chain(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_chain");
    for n in sizes() {
        tune(&mut group, n);
        group.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| black_box(run_chain::<UnionFind>(n)))
        });
        group.bench_function(BenchmarkId::new("petgraph_usize", n), |b| {
            b.iter(|| black_box(run_chain::<PetgraphUnionFind<usize>>(n)))
        });
        group.bench_function(BenchmarkId::new("petgraph_u32", n), |b| {
            b.iter(|| black_box(run_chain::<PetgraphUnionFind<u32>>(n)))
        });
    }
    group.finish();
}

fn percolation(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_percolation");
    for n in sizes() {
        let side = (n as f64).sqrt() as usize;
        tune(&mut group, side * side);
        let order = percolation_order(side);
        group.bench_with_input(BenchmarkId::new("ours", n), &order, |b, order| {
            b.iter(|| black_box(run_percolation::<UnionFind>(side, order)))
        });
        group.bench_with_input(BenchmarkId::new("petgraph_usize", n), &order, |b, order| {
            b.iter(|| black_box(run_percolation::<PetgraphUnionFind<usize>>(side, order)))
        });
        group.bench_with_input(BenchmarkId::new("petgraph_u32", n), &order, |b, order| {
            b.iter(|| black_box(run_percolation::<PetgraphUnionFind<u32>>(side, order)))
        });
    }
    group.finish();
}

criterion_group!(benches, random, chain, percolation);
criterion_main!(benches);
