//! Disjoint sets with path halving, union by rank, and an undo log.
//!
//! Every element owns one `u32` word in a flat vector. A non-root word is its parent's index;
//! a root word has the top bit set and packs the set's rank (5 bits) and size (26 bits), so
//! `find` and `union` touch one array only. That halves the cache misses of the classic two
//! arrays (parent + rank) on large boards, which is where the time goes.
//!
//! While a snapshot is open, every write is recorded as (index, old word), as rustc's `ena`
//! does, so [`UnionFind::rollback_to`] undoes a move for the price of the writes it made,
//! path compression included, instead of rebuilding the structure.

const ROOT: u32 = 1 << 31;
const RANK_SHIFT: u32 = 26;
const SIZE_MASK: u32 = (1 << RANK_SHIFT) - 1;
const RANK_MASK: u32 = 0x1f;

/// A marker for an open snapshot; hand it back to [`UnionFind::rollback_to`] or
/// [`UnionFind::commit`]. Snapshots nest and must be closed last-opened first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a snapshot must be rolled back or committed"]
pub struct Snapshot {
    log_len: usize,
    count: usize,
    depth: usize,
}

/// Union-find over the elements `0..n`.
#[derive(Debug, Clone)]
pub struct UnionFind {
    words: Vec<u32>,
    count: usize,
    undo_log: Vec<(u32, u32)>,
    open_snapshots: usize,
}

impl UnionFind {
    /// The largest number of elements: sizes are packed into 26 bits of a root's word.
    pub const MAX_ELEMENTS: usize = SIZE_MASK as usize;

    /// `n` singleton sets.
    ///
    /// # Panics
    /// When `n` exceeds [`UnionFind::MAX_ELEMENTS`] (67 million).
    pub fn new(n: usize) -> Self {
        assert!(
            n <= Self::MAX_ELEMENTS,
            "UnionFind holds at most {} elements",
            Self::MAX_ELEMENTS
        );
        UnionFind {
            words: vec![root_word(0, 1); n],
            count: n,
            undo_log: Vec::new(),
            open_snapshots: 0,
        }
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of disjoint sets.
    #[inline]
    pub fn count(&self) -> usize {
        self.count
    }

    /// The representative of `x`'s set. Halves the path on the way (each visited element
    /// is pointed at its grandparent), iteratively.
    #[inline]
    pub fn find(&mut self, x: usize) -> usize {
        assert!(x < self.words.len(), "element {x} is out of bounds");
        let mut x = x;
        loop {
            // SAFETY: `x` is in bounds (checked above for the first, and every non-root word
            // holds the index of another element, written only by `union`).
            let parent = unsafe { *self.words.get_unchecked(x) };
            if parent & ROOT != 0 {
                return x;
            }
            // SAFETY: as above, a non-root word is an element's index.
            let grandparent = unsafe { *self.words.get_unchecked(parent as usize) };
            if grandparent & ROOT != 0 {
                return parent as usize;
            }
            if self.open_snapshots > 0 {
                self.log_write(x);
            }
            // SAFETY: `x` is in bounds, as above.
            unsafe { *self.words.get_unchecked_mut(x) = grandparent };
            x = grandparent as usize;
        }
    }

    /// The representative of `x`'s set without compressing paths (for `&self` readers).
    #[inline]
    pub fn find_const(&self, x: usize) -> usize {
        let mut x = x;
        while self.words[x] & ROOT == 0 {
            x = self.words[x] as usize;
        }
        x
    }

    /// True when `a` and `b` lie in one set.
    #[inline]
    pub fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }

    /// Number of elements in `x`'s set.
    #[inline]
    pub fn size(&mut self, x: usize) -> usize {
        let root = self.find(x);
        (self.words[root] & SIZE_MASK) as usize
    }

    /// Size of the set whose representative is `root` (no find; `root` must be a root).
    #[inline]
    pub fn root_size(&self, root: usize) -> usize {
        debug_assert!(self.words[root] & ROOT != 0, "{root} is not a root");
        (self.words[root] & SIZE_MASK) as usize
    }

    /// Joins the sets of `a` and `b`; true when they were two sets. The root of higher rank
    /// stays root; on equal ranks `a`'s root stays and its rank grows.
    #[inline]
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let ra = self.find(a);
        let rb = self.find(b);
        if ra == rb {
            return false;
        }
        // SAFETY: `find` returns elements' indices.
        let (wa, wb) = unsafe { (*self.words.get_unchecked(ra), *self.words.get_unchecked(rb)) };
        let (rank_a, rank_b) = (
            (wa >> RANK_SHIFT) & RANK_MASK,
            (wb >> RANK_SHIFT) & RANK_MASK,
        );
        let size = (wa & SIZE_MASK) + (wb & SIZE_MASK);
        let (keep, join, rank) = if rank_a >= rank_b {
            (ra, rb, rank_a + u32::from(rank_a == rank_b))
        } else {
            (rb, ra, rank_b)
        };
        if self.open_snapshots > 0 {
            self.log_write(join);
            self.log_write(keep);
        }
        // SAFETY: both are roots found above, so in bounds.
        unsafe {
            *self.words.get_unchecked_mut(join) = keep as u32;
            *self.words.get_unchecked_mut(keep) = root_word(rank, size);
        }
        self.count -= 1;
        true
    }

    /// Opens a snapshot: from now on every write is logged until it is closed.
    pub fn snapshot(&mut self) -> Snapshot {
        self.open_snapshots += 1;
        Snapshot {
            log_len: self.undo_log.len(),
            count: self.count,
            depth: self.open_snapshots,
        }
    }

    /// Undoes every write made since `snapshot` was opened and closes it.
    pub fn rollback_to(&mut self, snapshot: Snapshot) {
        self.check_innermost(snapshot);
        for (index, old) in self.undo_log.drain(snapshot.log_len..).rev() {
            self.words[index as usize] = old;
        }
        self.count = snapshot.count;
        self.open_snapshots -= 1;
    }

    /// Keeps the writes made since `snapshot` and closes it. An outer snapshot can still
    /// take them back; when none is open the log is dropped.
    pub fn commit(&mut self, snapshot: Snapshot) {
        self.check_innermost(snapshot);
        self.open_snapshots -= 1;
        if self.open_snapshots == 0 {
            self.undo_log.clear();
        }
    }

    /// Number of writes currently held in the undo log.
    pub fn undo_log_len(&self) -> usize {
        self.undo_log.len()
    }

    fn check_innermost(&self, snapshot: Snapshot) {
        assert_eq!(
            snapshot.depth, self.open_snapshots,
            "snapshots must be closed innermost first"
        );
    }

    /// Records a word before it is overwritten. Kept out of line so that the common case
    /// (no snapshot open) stays small enough to inline.
    #[cold]
    #[inline(never)]
    fn log_write(&mut self, index: usize) {
        self.undo_log.push((index as u32, self.words[index]));
    }
}

const fn root_word(rank: u32, size: u32) -> u32 {
    ROOT | (rank << RANK_SHIFT) | size
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn starts_as_singletons() {
        let mut uf = UnionFind::new(5);
        assert_eq!(uf.count(), 5);
        for i in 0..5 {
            assert_eq!(uf.find(i), i);
            assert_eq!(uf.size(i), 1);
        }
    }

    #[test]
    fn union_joins_once_and_tracks_size_and_count() {
        let mut uf = UnionFind::new(6);
        assert!(uf.union(0, 1));
        assert!(uf.union(2, 3));
        assert!(uf.union(1, 3));
        assert!(!uf.union(0, 2), "already one set");
        assert_eq!(uf.count(), 3);
        assert_eq!(uf.size(2), 4);
        assert_eq!(uf.size(5), 1);
        assert!(uf.same(0, 3));
        assert!(!uf.same(0, 4));
    }

    #[test]
    fn union_by_rank_keeps_the_deeper_root() {
        let mut uf = UnionFind::new(4);
        uf.union(0, 1); // rank 1 at 0
        uf.union(2, 0); // 2 has rank 0, so 0 stays root
        assert_eq!(uf.find(2), 0);
        uf.union(3, 3);
        assert_eq!(uf.find(3), 3);
    }

    #[test]
    fn a_long_chain_stays_shallow() {
        // Union by rank bounds the height by log2(n), so a million-element chain never
        // needs more than 20 hops before halving.
        let n = 1 << 20;
        let mut uf = UnionFind::new(n);
        for i in 1..n {
            uf.union(i - 1, i);
        }
        assert_eq!(uf.count(), 1);
        let root = uf.find(0);
        let mut hops = 0;
        let mut x = n - 1;
        while uf.words[x] & ROOT == 0 {
            x = uf.words[x] as usize;
            hops += 1;
        }
        assert_eq!(x, root);
        assert!(hops <= 20, "{hops} hops");
    }

    #[test]
    fn rollback_restores_everything_including_compression() {
        let mut uf = UnionFind::new(8);
        uf.union(0, 1);
        uf.union(2, 3);
        let before = uf.clone();
        let snap = uf.snapshot();
        uf.union(1, 2);
        uf.union(4, 5);
        uf.find(3);
        assert_eq!(uf.count(), 4);
        uf.rollback_to(snap);
        assert_eq!(uf.words, before.words);
        assert_eq!(uf.count(), before.count());
        assert_eq!(uf.undo_log_len(), 0);
    }

    #[test]
    fn nested_snapshots_commit_into_the_outer_one() {
        let mut uf = UnionFind::new(4);
        let outer = uf.snapshot();
        let inner = uf.snapshot();
        uf.union(0, 1);
        uf.commit(inner);
        assert!(uf.undo_log_len() > 0, "outer snapshot still needs the log");
        uf.rollback_to(outer);
        assert!(!uf.same(0, 1));
        let only = uf.snapshot();
        uf.union(2, 3);
        uf.commit(only);
        assert_eq!(uf.undo_log_len(), 0);
        assert!(uf.same(2, 3));
    }

    #[test]
    #[should_panic(expected = "innermost first")]
    fn closing_the_outer_snapshot_first_is_a_bug() {
        let mut uf = UnionFind::new(2);
        let outer = uf.snapshot();
        let _inner = uf.snapshot();
        uf.rollback_to(outer);
    }

    /// A plain labelling to compare against: every union relabels one whole set.
    fn naive_labels(n: usize, ops: &[(usize, usize)]) -> Vec<usize> {
        let mut label: Vec<usize> = (0..n).collect();
        for &(a, b) in ops {
            let (la, lb) = (label[a], label[b]);
            if la != lb {
                for l in label.iter_mut() {
                    if *l == lb {
                        *l = la;
                    }
                }
            }
        }
        label
    }

    proptest! {
        #[test]
        fn agrees_with_naive_labelling(n in 1usize..60, raw in prop::collection::vec((0usize..1000, 0usize..1000), 0..120)) {
            let ops: Vec<(usize, usize)> = raw.into_iter().map(|(a, b)| (a % n, b % n)).collect();
            let labels = naive_labels(n, &ops);
            let mut uf = UnionFind::new(n);
            for &(a, b) in &ops {
                let was_apart = !uf.same(a, b);
                prop_assert_eq!(uf.union(a, b), was_apart);
            }
            let mut distinct = labels.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(uf.count(), distinct.len());
            for a in 0..n {
                let size = labels.iter().filter(|&&l| l == labels[a]).count();
                prop_assert_eq!(uf.size(a), size);
                for b in 0..n {
                    prop_assert_eq!(uf.same(a, b), labels[a] == labels[b]);
                }
            }
        }

        #[test]
        fn rollback_returns_the_exact_words(n in 1usize..40, first in prop::collection::vec((0usize..40, 0usize..40), 0..40), second in prop::collection::vec((0usize..40, 0usize..40), 0..40)) {
            let mut uf = UnionFind::new(n);
            for (a, b) in first { uf.union(a % n, b % n); }
            let before = uf.clone();
            let snap = uf.snapshot();
            for (a, b) in second { uf.union(a % n, b % n); uf.find(b % n); }
            uf.rollback_to(snap);
            prop_assert_eq!(&uf.words, &before.words);
            prop_assert_eq!(uf.count(), before.count());
        }
    }
}
