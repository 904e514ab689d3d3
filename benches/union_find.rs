//! Our union-find against every Rust peer we know of, side by side in one run: petgraph's
//! (with `usize` and `u32` indices), `disjoint`, `union-find` (union by rank and by size),
//! `partitions` and `ena`'s unification table (rustc's). Three workloads, at one million and
//! ten million elements: a random mix of unions and same-set queries, a chain, and site
//! percolation on a square grid. Two references run beside them: Rem's algorithm with
//! splicing, and (percolation only) a floor that merely reads each operation's two words.
//! Read the results as ratios (peer's time / ours) – the machine is shared and noisy, so
//! only times from one run compare.

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use disjoint::DisjointSet;
use ena::unify::{InPlaceUnificationTable, UnifyKey};
use merge_islands::UnionFind;
use partitions::PartitionVec;
use petgraph::unionfind::UnionFind as PetgraphUnionFind;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;
use union_find_peer::{QuickUnionUf, UnionByRank, UnionBySize, UnionFind as _};

/// The operations each implementation runs: every peer offers a union and a same-set query
/// (`partitions` has no public find). The adapters are `inline(always)` for every
/// implementation alike, so each is measured as a direct call would run it.
trait Sets {
    fn with_len(n: usize) -> Self;
    fn join(&mut self, a: usize, b: usize);
    fn same(&mut self, a: usize, b: usize) -> bool;
}

impl Sets for UnionFind {
    fn with_len(n: usize) -> Self {
        UnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        UnionFind::same(self, a, b)
    }
}

impl Sets for PetgraphUnionFind<usize> {
    fn with_len(n: usize) -> Self {
        PetgraphUnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find_mut(a) == self.find_mut(b)
    }
}

impl Sets for PetgraphUnionFind<u32> {
    fn with_len(n: usize) -> Self {
        PetgraphUnionFind::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a as u32, b as u32);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find_mut(a as u32) == self.find_mut(b as u32)
    }
}

impl Sets for DisjointSet {
    fn with_len(n: usize) -> Self {
        DisjointSet::with_len(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        DisjointSet::join(self, a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.is_joined(a, b)
    }
}

impl Sets for QuickUnionUf<UnionByRank> {
    fn with_len(n: usize) -> Self {
        QuickUnionUf::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
}

impl Sets for QuickUnionUf<UnionBySize> {
    fn with_len(n: usize) -> Self {
        QuickUnionUf::new(n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
}

impl Sets for PartitionVec<()> {
    fn with_len(n: usize) -> Self {
        PartitionVec::from_elem((), n)
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(a, b);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.same_set(a, b)
    }
}

/// `ena`'s keys: a `u32` index with no value attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EnaKey(u32);

impl UnifyKey for EnaKey {
    type Value = ();
    fn index(&self) -> u32 {
        self.0
    }
    fn from_index(u: u32) -> Self {
        EnaKey(u)
    }
    fn tag() -> &'static str {
        "EnaKey"
    }
}

impl Sets for InPlaceUnificationTable<EnaKey> {
    fn with_len(n: usize) -> Self {
        let mut table = InPlaceUnificationTable::new();
        table.reserve(n);
        for _ in 0..n {
            table.new_key(());
        }
        table
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.union(EnaKey(a as u32), EnaKey(b as u32));
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.unioned(EnaKey(a as u32), EnaKey(b as u32))
    }
}

/// The least any union-find does in the percolation loop: read both elements' words. It
/// finds nothing; its "same" answers true at the step where the real ones percolated
/// (`PERCOLATED_AT`), so the loop around it runs just as long. Timed beside the others, it
/// shows how much of their time is the loop and the element reads every one of them makes.
struct ReadsOnly {
    words: Vec<u32>,
    seen: u32,
    queries: usize,
}

static PERCOLATED_AT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Sets for ReadsOnly {
    fn with_len(n: usize) -> Self {
        ReadsOnly {
            words: (0..n as u32).collect(),
            seen: 0,
            queries: 0,
        }
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        self.seen = self.seen.wrapping_add(self.words[a] ^ self.words[b]);
    }
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        self.seen = self.seen.wrapping_add(self.words[a] ^ self.words[b]);
        self.queries += 1;
        black_box(self.seen);
        self.queries > PERCOLATED_AT.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Rem's algorithm with splicing (Patwary, Blair and Manne 2010: the fastest of the 55
/// sequential variants they compared), timed as a reference, not as a peer: it links by
/// element index (a parent's index is never below its child's) and a union walks both
/// paths at once, stopping where they meet, and splices each element it passes onto the
/// other path. It keeps no ranks and no sizes, which the game needs (see the README).
struct RemSplicing {
    parent: Vec<u32>,
}

impl Sets for RemSplicing {
    fn with_len(n: usize) -> Self {
        RemSplicing {
            parent: (0..n as u32).collect(),
        }
    }
    #[inline(always)]
    fn join(&mut self, a: usize, b: usize) {
        let p = &mut self.parent;
        let (mut x, mut y) = (a, b);
        while p[x] != p[y] {
            if p[x] < p[y] {
                std::mem::swap(&mut x, &mut y);
            }
            // Now p[y] < p[x]: y's side is the lower one.
            if p[y] as usize == y {
                p[y] = p[x];
                return;
            }
            let next = p[y] as usize;
            p[y] = p[x];
            y = next;
        }
    }
    /// The same walk without linking; a query may not splice (that would join the sets),
    /// so it splits its own path instead.
    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) -> bool {
        let p = &mut self.parent;
        let (mut x, mut y) = (a, b);
        while p[x] != p[y] {
            if p[x] < p[y] {
                std::mem::swap(&mut x, &mut y);
            }
            if p[y] as usize == y {
                return false;
            }
            let next = p[y] as usize;
            p[y] = p[next];
            y = next;
        }
        true
    }
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// 2n operations on random elements: half unions, half same-set queries.
fn random_mix(n: usize) -> Vec<(bool, u32, u32)> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..2 * n)
        .map(|_| {
            (
                rng.next_u64() % 2 == 0,
                below(&mut rng, n) as u32,
                below(&mut rng, n) as u32,
            )
        })
        .collect()
}

fn run_mix<S: Sets>(n: usize, ops: &[(bool, u32, u32)]) -> usize {
    let mut s = S::with_len(n);
    let mut together = 0;
    for &(is_union, a, b) in ops {
        if is_union {
            s.join(a as usize, b as usize);
        } else {
            together += usize::from(s.same(a as usize, b as usize));
        }
    }
    together
}

/// Unions along a chain, then a same-set query from every element to the first.
fn run_chain<S: Sets>(n: usize) -> usize {
    let mut s = S::with_len(n);
    for i in 1..n {
        s.join(i - 1, i);
    }
    (0..n).filter(|&i| s.same(i, 0)).count()
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
        if s.same(n, n + 1) {
            return k;
        }
    }
    n
}

/// One million and ten million elements; `UF_BENCH_MAX=1000000` skips the larger.
fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000_000, 10_000_000];
    if let Ok(max) = std::env::var("UF_BENCH_MAX") {
        let max: usize = max.parse().unwrap_or(usize::MAX);
        sizes.retain(|&n| n <= max);
    }
    sizes
}

type Group<'a> = criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Few samples of one run each: a run at ten million takes up to a second, and the whole
/// comparison should finish in minutes.
fn tune(group: &mut Group<'_>, n: usize) {
    group.throughput(Throughput::Elements(n as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(if n >= 10_000_000 { 4 } else { 1 }));
}

fn bench<I: ?Sized>(
    group: &mut Group<'_>,
    name: &str,
    n: usize,
    input: &I,
    work: impl Fn(&I) -> usize,
) {
    group.bench_with_input(BenchmarkId::new(name, n), input, |b, input| {
        b.iter(|| black_box(work(input)))
    });
}

/// Runs `work` for every implementation, in the same order for every workload, with `$s`
/// naming the implementation's type.
macro_rules! each_implementation {
    ($group:expr, $n:expr, $input:expr, |$s:ident, $i:ident| $work:expr) => {{
        let (group, n, input) = ($group, $n, $input);
        each_implementation!(@one group, n, input, "ours", UnionFind, $s, $i, $work);
        each_implementation!(@one group, n, input, "petgraph_usize", PetgraphUnionFind<usize>, $s, $i, $work);
        each_implementation!(@one group, n, input, "petgraph_u32", PetgraphUnionFind<u32>, $s, $i, $work);
        each_implementation!(@one group, n, input, "disjoint", DisjointSet, $s, $i, $work);
        each_implementation!(@one group, n, input, "union_find_rank", QuickUnionUf<UnionByRank>, $s, $i, $work);
        each_implementation!(@one group, n, input, "union_find_size", QuickUnionUf<UnionBySize>, $s, $i, $work);
        each_implementation!(@one group, n, input, "partitions", PartitionVec<()>, $s, $i, $work);
        each_implementation!(@one group, n, input, "ena", InPlaceUnificationTable<EnaKey>, $s, $i, $work);
        each_implementation!(@one group, n, input, "rem_splicing", RemSplicing, $s, $i, $work);
    }};
    (@one $group:ident, $n:ident, $input:ident, $name:literal, $ty:ty, $s:ident, $i:ident, $work:expr) => {
        bench($group, $name, $n, $input, |$i| {
            type $s = $ty;
            $work
        })
    };
}

fn random(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_random_mix");
    for n in sizes() {
        tune(&mut group, n);
        let ops = random_mix(n);
        each_implementation!(&mut group, n, ops.as_slice(), |S, ops| run_mix::<S>(n, ops));
    }
    group.finish();
}

fn chain(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_chain");
    for n in sizes() {
        tune(&mut group, n);
        each_implementation!(&mut group, n, &n, |S, n| run_chain::<S>(*n));
    }
    group.finish();
}

fn percolation(c: &mut Criterion) {
    let mut group = c.benchmark_group("uf_percolation");
    for n in sizes() {
        let side = (n as f64).sqrt() as usize;
        tune(&mut group, side * side);
        let order = percolation_order(side);
        each_implementation!(&mut group, n, order.as_slice(), |S, order| {
            run_percolation::<S>(side, order)
        });
        let percolated_at = run_percolation::<UnionFind>(side, &order);
        PERCOLATED_AT.store(percolated_at, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(run_percolation::<ReadsOnly>(side, &order), percolated_at);
        bench(&mut group, "reads_only", n, order.as_slice(), |order| {
            run_percolation::<ReadsOnly>(side, order)
        });
    }
    group.finish();
}

/// Every implementation must give the same answers on every workload: the number of
/// queries that found their two elements together, and the step at which the grid
/// percolated. Checked before anything is timed, at one size per workload small enough to
/// take a moment and large enough for every path the walks can take.
fn cross_check() {
    let n = 100_000;
    let side = (n as f64).sqrt() as usize;
    let ops = random_mix(n);
    let order = percolation_order(side);
    let answers = |name: &str, mix: usize, chain: usize, percolation: usize| {
        (name.to_string(), [mix, chain, percolation])
    };
    macro_rules! answer {
        ($name:literal, $ty:ty) => {
            answers(
                $name,
                run_mix::<$ty>(n, &ops),
                run_chain::<$ty>(n),
                run_percolation::<$ty>(side, &order),
            )
        };
    }
    let all = [
        answer!("ours", UnionFind),
        answer!("petgraph_usize", PetgraphUnionFind<usize>),
        answer!("petgraph_u32", PetgraphUnionFind<u32>),
        answer!("disjoint", DisjointSet),
        answer!("union_find_rank", QuickUnionUf<UnionByRank>),
        answer!("union_find_size", QuickUnionUf<UnionBySize>),
        answer!("partitions", PartitionVec<()>),
        answer!("ena", InPlaceUnificationTable<EnaKey>),
        answer!("rem_splicing", RemSplicing),
    ];
    for (name, got) in &all[1..] {
        assert_eq!(got, &all[0].1, "{name} answers differently from ours");
    }
}

criterion_group!(benches, random, chain, percolation);

fn main() {
    cross_check();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
