//! Disjoint sets with path splitting, union by rank, and an undo log.
//!
//! Every element owns one `u32` word in a flat vector. A non-root word is its parent's index;
//! a root word has the top bit set and packs the set's rank (5 bits) and size (26 bits), so
//! `find` and `union` touch one array only, and the root word a find ends on already holds
//! what the union needs. That halves the cache misses of the classic two arrays (parent +
//! rank) on large boards, which is where the time goes.
//!
//! While a snapshot is open, every write is recorded as (index, old word), as rustc's `ena`
//! does, so [`UnionFind::rollback_to`] undoes a move for the price of the writes it made,
//! path compression included, instead of rebuilding the structure. Whether to log is decided
//! once per call, so the loops of the common case carry no logging test.

const ROOT: u32 = 1 << 31;
const RANK_SHIFT: u32 = 26;
const RANK_ONE: u32 = 1 << RANK_SHIFT;
const SIZE_MASK: u32 = RANK_ONE - 1;

/// A token for an open snapshot; hand it back to [`UnionFind::rollback_to`] or
/// [`UnionFind::commit`], which consume it. Snapshots nest and must be closed last-opened
/// first. As in rustc's `ena`, a token is neither `Copy` nor `Clone`: one opened snapshot
/// is closed exactly once, so a stale copy can never roll back a later one:
///
/// ```compile_fail
/// let mut islands = merge_islands::UnionFind::new(4);
/// let snapshot = islands.snapshot();
/// islands.union(0, 1);
/// islands.rollback_to(snapshot);
/// islands.rollback_to(snapshot); // refused: the token was consumed by the first call
/// ```
///
/// ```
/// let mut islands = merge_islands::UnionFind::new(4);
/// let snapshot = islands.snapshot();
/// islands.union(0, 1);
/// islands.rollback_to(snapshot);
/// assert_eq!(islands.count(), 4);
/// ```
#[derive(Debug, PartialEq, Eq)]
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
    undo_log: Box<UndoLog>,
    open_snapshots: usize,
}

/// Each logged write as (index, old word).
type UndoLog = Vec<(u32, u32)>;

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
        let mut words = Vec::with_capacity(n);
        huge_pages::advise(&mut words);
        words.resize(n, root_word(0, 1));
        UnionFind {
            words,
            count: n,
            undo_log: Box::default(),
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

    /// The representative of `x`'s set. Splits the path on the way (each visited element is
    /// pointed at its grandparent).
    #[inline(always)]
    pub fn find(&mut self, x: usize) -> usize {
        assert!(x < self.words.len(), "element {x} is out of bounds");
        self.root_of(x).0
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
        assert!(x < self.words.len(), "element {x} is out of bounds");
        (self.root_of(x).1 & SIZE_MASK) as usize
    }

    /// Size of the set whose representative is `root` (no find; `root` must be a root).
    #[inline]
    pub fn root_size(&self, root: usize) -> usize {
        debug_assert!(self.words[root] & ROOT != 0, "{root} is not a root");
        (self.words[root] & SIZE_MASK) as usize
    }

    /// Joins the sets of `a` and `b`; true when they were two sets. The root of higher rank
    /// stays root; on equal ranks `a`'s root stays and its rank grows.
    #[inline(always)]
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let len = self.words.len();
        assert!(a < len && b < len, "element {} is out of bounds", a.max(b));
        let joined = if self.open_snapshots == 0 {
            join_sets(&mut self.words, a, b, |_, _| {})
        } else {
            core::hint::cold_path();
            join_sets_logged(&mut self.words, a, b, &mut self.undo_log)
        };
        self.count -= usize::from(joined);
        joined
    }

    /// The root of `x` (in bounds) and the root's word.
    #[inline(always)]
    fn root_of(&mut self, x: usize) -> (usize, u32) {
        if self.open_snapshots == 0 {
            walk_to_root(&mut self.words, x, |_, _| {})
        } else {
            core::hint::cold_path();
            walk_to_root_logged(&mut self.words, x, &mut self.undo_log)
        }
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
        self.check_innermost(&snapshot);
        for (index, old) in self.undo_log.drain(snapshot.log_len..).rev() {
            self.words[index as usize] = old;
        }
        self.count = snapshot.count;
        self.open_snapshots -= 1;
    }

    /// Keeps the writes made since `snapshot` and closes it. An outer snapshot can still
    /// take them back; when none is open the log is dropped.
    pub fn commit(&mut self, snapshot: Snapshot) {
        self.check_innermost(&snapshot);
        self.open_snapshots -= 1;
        if self.open_snapshots == 0 {
            self.undo_log.clear();
        }
    }

    /// Number of writes currently held in the undo log.
    pub fn undo_log_len(&self) -> usize {
        self.undo_log.len()
    }

    fn check_innermost(&self, snapshot: &Snapshot) {
        assert_eq!(
            snapshot.depth, self.open_snapshots,
            "snapshots must be closed innermost first"
        );
    }

    /// The rank of `root` (its tree's height bound).
    #[cfg(test)]
    fn rank(&self, root: usize) -> u32 {
        (self.words[root] & !ROOT) >> RANK_SHIFT
    }
}

const fn root_word(rank: u32, size: u32) -> u32 {
    ROOT | (rank << RANK_SHIFT) | size
}

// The logged paths stay out of line and are handed the words as a slice and the log through
// its own box, never a pointer into the `UnionFind` itself: were the structure's address to
// reach a call, the compiler would keep its fields in memory and reload them around every
// write to the words, in the common, unlogged case too, which costs a fifth of the speed.

#[inline(never)]
fn walk_to_root_logged(words: &mut [u32], x: usize, log: &mut UndoLog) -> (usize, u32) {
    walk_to_root(words, x, |index, old| log.push((index as u32, old)))
}

#[inline(never)]
fn join_sets_logged(words: &mut [u32], a: usize, b: usize, log: &mut UndoLog) -> bool {
    join_sets(words, a, b, |index, old| log.push((index as u32, old)))
}

/// Walks from `x` (in bounds) to its root and returns the root and its word, pointing each
/// element on the way at its grandparent (path splitting). `record` sees each word before
/// it is overwritten.
#[inline(always)]
fn walk_to_root(words: &mut [u32], x: usize, record: impl FnMut(usize, u32)) -> (usize, u32) {
    // SAFETY: `x` is in bounds (callers check).
    let word = unsafe { *words.get_unchecked(x) };
    walk_from(words, x, word, record)
}

/// [`walk_to_root`] given `x`'s word, already read.
#[inline(always)]
fn walk_from(
    words: &mut [u32],
    x: usize,
    word: u32,
    mut record: impl FnMut(usize, u32),
) -> (usize, u32) {
    let (mut x, mut word) = (x, word);
    // SAFETY: every non-root word holds the index of another element: `join_sets` links a
    // root to a root, and this walk only ever writes a grandparent's index.
    unsafe {
        while word & ROOT == 0 {
            let parent = word as usize;
            let above = *words.get_unchecked(parent);
            if above & ROOT != 0 {
                return (parent, above);
            }
            record(x, word);
            *words.get_unchecked_mut(x) = above;
            x = parent;
            word = above;
        }
        (x, word)
    }
}

/// Joins the sets of `a` and `b` (both in bounds) by rank; false when they were one set.
#[inline(always)]
fn join_sets(words: &mut [u32], a: usize, b: usize, mut record: impl FnMut(usize, u32)) -> bool {
    // Both first words are read before either walk branches, so that their cache misses
    // overlap. Should `b` lie on `a`'s path, its word read here is an earlier ancestor: the
    // walk from it still ends at the root, and logs the same old word.
    // SAFETY: `a` and `b` are in bounds (callers check).
    let (first_a, first_b) = unsafe { (*words.get_unchecked(a), *words.get_unchecked(b)) };
    let (ra, wa) = walk_from(words, a, first_a, &mut record);
    let (rb, wb) = walk_from(words, b, first_b, &mut record);
    if ra == rb {
        return false;
    }
    // Both roots are written, whichever stays root.
    record(ra, wa);
    record(rb, wb);
    // Rank sits above size in a root word, so comparing the words without their size bits
    // compares ranks. Two branches rather than a select: when one island keeps growing the
    // branch is predicted, and the next union need not wait for this one's loads.
    let (rank_a, rank_b) = (wa & !SIZE_MASK, wb & !SIZE_MASK);
    // SAFETY: both are roots returned by the walks, so elements' indices.
    unsafe {
        if rank_a < rank_b {
            *words.get_unchecked_mut(ra) = rb as u32;
            *words.get_unchecked_mut(rb) = wb + (wa & SIZE_MASK);
        } else {
            let tie = if rank_a == rank_b { RANK_ONE } else { 0 };
            *words.get_unchecked_mut(rb) = ra as u32;
            *words.get_unchecked_mut(ra) = wa + (wb & SIZE_MASK) + tie;
        }
    }
    true
}

/// Large structures ask Linux for 2 MiB pages. A 10-million-element set spans 40 MB, and
/// with 4 KiB pages nearly every random access there also misses the TLB; huge pages take
/// that walk away and make first-touch page faults 512 times fewer.
mod huge_pages {
    #[cfg(target_os = "linux")]
    pub fn advise(words: &mut Vec<u32>) {
        /// Below this many bytes the structure fits the TLB's reach anyway.
        const WORTH_IT: usize = 4 << 20;
        const HUGE_PAGE: usize = 2 << 20;
        const MADV_HUGEPAGE: i32 = 14;
        unsafe extern "C" {
            fn madvise(addr: *mut core::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        let bytes = words.capacity() * size_of::<u32>();
        if bytes < WORTH_IT {
            return;
        }
        let start = words.as_mut_ptr() as usize;
        // Only whole huge pages inside the allocation; the advice is a hint, so its result
        // (for example on a kernel without transparent huge pages) is ignored.
        let first = start.next_multiple_of(HUGE_PAGE);
        let end = (start + bytes) / HUGE_PAGE * HUGE_PAGE;
        if end > first {
            // SAFETY: the range lies inside `words`' own allocation, and MADV_HUGEPAGE only
            // changes how the kernel backs it, never its contents.
            unsafe {
                madvise(first as *mut core::ffi::c_void, end - first, MADV_HUGEPAGE);
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn advise(_words: &mut Vec<u32>) {}
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
        // needs more than 20 hops before splitting.
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

    #[test]
    fn rank_grows_only_on_ties_and_bounds_the_size() {
        let mut uf = UnionFind::new(8);
        uf.union(0, 1);
        assert_eq!(uf.rank(0), 1, "two rank-0 roots tie");
        uf.union(0, 2);
        assert_eq!(uf.rank(0), 1, "a lower rank joins without growing it");
        uf.union(4, 5);
        uf.union(6, 7);
        uf.union(5, 7);
        assert_eq!(uf.rank(4), 2);
        uf.union(2, 6);
        let root = uf.find(0);
        assert_eq!(root, 4, "the rank-2 root stays root");
        assert_eq!(uf.rank(root), 2);
        assert_eq!(uf.size(3), 1);
        assert_eq!(uf.size(7), 7);
        // Union by rank: a root of rank r holds at least 2^r elements.
        assert!(uf.size(root) >= 1 << uf.rank(root));
    }

    #[test]
    fn a_union_with_itself_changes_nothing() {
        let mut uf = UnionFind::new(3);
        assert!(!uf.union(1, 1));
        assert_eq!(uf.count(), 3);
        assert_eq!(uf.size(1), 1);
    }

    #[test]
    fn a_large_structure_behaves_like_a_small_one() {
        // 8 MiB of words: large enough to take the huge-page path on Linux.
        let n = 2 << 20;
        let mut uf = UnionFind::new(n);
        for i in (0..n - 1).step_by(2) {
            uf.union(i, i + 1);
        }
        assert_eq!(uf.count(), n / 2);
        assert!(uf.union(0, n - 1));
        assert_eq!(uf.size(n - 2), 4);
        assert!(uf.same(1, n - 2));
        assert_eq!(uf.size(7), 2);
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

        /// Logging for undo must not change what the structure computes: the same
        /// operations with a snapshot open (then committed) leave the same words.
        #[test]
        fn logging_changes_nothing_but_the_log(n in 1usize..50, ops in prop::collection::vec((any::<bool>(), 0usize..50, 0usize..50), 0..150)) {
            let mut plain = UnionFind::new(n);
            let mut logged = UnionFind::new(n);
            let snap = logged.snapshot();
            for &(is_union, a, b) in &ops {
                let (a, b) = (a % n, b % n);
                if is_union {
                    prop_assert_eq!(plain.union(a, b), logged.union(a, b));
                } else {
                    prop_assert_eq!(plain.find(a), logged.find(a));
                    prop_assert_eq!(plain.size(b), logged.size(b));
                }
            }
            logged.commit(snap);
            prop_assert_eq!(&plain.words, &logged.words);
            prop_assert_eq!(plain.count(), logged.count());
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
