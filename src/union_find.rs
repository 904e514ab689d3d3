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
//!
//! The same single test guards the operation recorder behind the game's X-ray view: while it
//! is on, every find (its path and the words path splitting re-points), every union (both
//! roots with their ranks and sizes, and which became the parent) and every rollback is
//! kept as an [`Op`]. While it is off, and no snapshot is open, the walks are the plain ones.
//! [`UnionFind::view`] reads the forest as it stands, without touching it.

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
///
/// A clone has the same sets, words and open snapshots, but records nothing: the recorder
/// belongs to the view watching the original.
#[derive(Debug)]
pub struct UnionFind {
    words: Vec<u32>,
    count: usize,
    /// True while a snapshot is open or the recorder is on: the one test on the fast path.
    watched: bool,
    undo_log: Box<UndoLog>,
    open_snapshots: usize,
    /// Boxed, as the undo log is, so that the slow path gets a pointer to the heap and never
    /// one into the structure (see the note above `walk_to_root_watched`).
    recorder: Option<Box<Recorder>>,
}

/// The operations recorded and not yet taken.
#[derive(Debug, Default)]
struct Recorder {
    ops: Vec<Op<usize>>,
}

impl Clone for UnionFind {
    fn clone(&self) -> Self {
        UnionFind {
            words: self.words.clone(),
            count: self.count,
            watched: self.open_snapshots > 0,
            undo_log: self.undo_log.clone(),
            open_snapshots: self.open_snapshots,
            recorder: None,
        }
    }
}

/// What one element's word says: a child points at its parent; a root holds its set's rank
/// and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node<T> {
    Child { parent: T },
    Root { rank: u32, size: usize },
}

impl<T> Node<T> {
    /// The same node with its parent renamed by `f` (for example from an index to a cell).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Node<U> {
        match self {
            Node::Child { parent } => Node::Child { parent: f(parent) },
            Node::Root { rank, size } => Node::Root { rank, size },
        }
    }
}

/// One write path splitting made: `element` now points at `new_parent` (its grandparent when
/// the walk reached it) instead of `old_parent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Repoint<T> {
    pub element: T,
    pub old_parent: T,
    pub new_parent: T,
}

/// One word a rollback put back, in the order the rollback wrote them (the undo log
/// backwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Restore<T> {
    pub element: T,
    pub before: Node<T>,
    pub after: Node<T>,
}

/// One operation of the structure, as the recorder keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Op<T> {
    /// A walk from `start` to its root: `path` runs from `start` to the root, both included;
    /// `repoints` are the writes of path splitting, in order. A union records the walks from
    /// its two elements as finds too, except from an element that is already a root (such a
    /// walk reads one word and writes none).
    Find {
        start: T,
        path: Vec<T>,
        repoints: Vec<Repoint<T>>,
    },
    /// Two roots linked by rank: `root_a` is the root of the union's first element. The root
    /// of lower rank went under the other; on equal ranks `root_a` stayed root and its rank
    /// rose by one (`rank_raised`). Ranks and sizes are those before the union.
    Union {
        root_a: T,
        root_b: T,
        rank_a: u32,
        rank_b: u32,
        size_a: usize,
        size_b: usize,
        parent: T,
        rank_raised: bool,
    },
    /// A rollback: the undo log played backwards.
    Rollback { writes: Vec<Restore<T>> },
}

impl<T> Op<T> {
    /// The same operation with every element renamed by `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Op<U> {
        match self {
            Op::Find {
                start,
                path,
                repoints,
            } => Op::Find {
                start: f(start),
                path: path.into_iter().map(&mut f).collect(),
                repoints: repoints
                    .into_iter()
                    .map(|r| Repoint {
                        element: f(r.element),
                        old_parent: f(r.old_parent),
                        new_parent: f(r.new_parent),
                    })
                    .collect(),
            },
            Op::Union {
                root_a,
                root_b,
                rank_a,
                rank_b,
                size_a,
                size_b,
                parent,
                rank_raised,
            } => Op::Union {
                root_a: f(root_a),
                root_b: f(root_b),
                rank_a,
                rank_b,
                size_a,
                size_b,
                parent: f(parent),
                rank_raised,
            },
            Op::Rollback { writes } => Op::Rollback {
                writes: writes
                    .into_iter()
                    .map(|w| Restore {
                        element: f(w.element),
                        before: w.before.map(&mut f),
                        after: w.after.map(&mut f),
                    })
                    .collect(),
            },
        }
    }
}

/// A union told from the side of its outcome: which root stayed, which went under, and
/// what the kept root holds afterwards. [`Op::link`] reads it off an [`Op::Union`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link<T> {
    pub parent: T,
    pub child: T,
    pub parent_rank: u32,
    pub child_rank: u32,
    pub parent_size: usize,
    pub child_size: usize,
    /// The kept root's rank after the union (one more than before on a tie).
    pub new_rank: u32,
    pub new_size: usize,
}

impl<T: Copy + PartialEq> Op<T> {
    /// A union's outcome, parent side first; `None` for other operations.
    pub fn link(&self) -> Option<Link<T>> {
        let Op::Union {
            root_a,
            root_b,
            rank_a,
            rank_b,
            size_a,
            size_b,
            parent,
            rank_raised,
        } = self
        else {
            return None;
        };
        let a_kept = parent == root_a;
        let (child, child_rank, child_size, parent_rank, parent_size) = if a_kept {
            (*root_b, *rank_b, *size_b, *rank_a, *size_a)
        } else {
            (*root_a, *rank_a, *size_a, *rank_b, *size_b)
        };
        Some(Link {
            parent: *parent,
            child,
            parent_rank,
            child_rank,
            parent_size,
            child_size,
            new_rank: parent_rank + u32::from(*rank_raised),
            new_size: size_a + size_b,
        })
    }
}

/// A read-only look at the forest: each element's parent, each root's rank and size.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    words: &'a [u32],
}

impl View<'_> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// What element `x`'s word says, `None` past the end.
    pub fn node(&self, x: usize) -> Option<Node<usize>> {
        self.words.get(x).map(|&w| decode(w))
    }

    /// `x`'s parent, `x` itself for a root, `None` past the end.
    pub fn parent(&self, x: usize) -> Option<usize> {
        self.node(x).map(|n| match n {
            Node::Child { parent } => parent,
            Node::Root { .. } => x,
        })
    }

    /// Every element's node, in order.
    pub fn nodes(&self) -> impl Iterator<Item = Node<usize>> + '_ {
        self.words.iter().map(|&w| decode(w))
    }
}

fn decode(word: u32) -> Node<usize> {
    if word & ROOT == 0 {
        Node::Child {
            parent: word as usize,
        }
    } else {
        Node::Root {
            rank: rank_of(word),
            size: (word & SIZE_MASK) as usize,
        }
    }
}

const fn rank_of(word: u32) -> u32 {
    (word & !ROOT) >> RANK_SHIFT
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
            watched: false,
            undo_log: Box::default(),
            open_snapshots: 0,
            recorder: None,
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

    /// True when `a` and `b` lie in one set. Splits both paths, as two finds would.
    #[inline(always)]
    pub fn same(&mut self, a: usize, b: usize) -> bool {
        let len = self.words.len();
        assert!(a < len && b < len, "element {} is out of bounds", a.max(b));
        if !self.watched {
            same_set(&mut self.words, a, b, &mut Unwatched)
        } else {
            core::hint::cold_path();
            same_set_watched(
                &mut self.words,
                a,
                b,
                (self.open_snapshots > 0).then_some(&mut *self.undo_log),
                self.recorder.as_deref_mut().map(|r| &mut r.ops),
            )
        }
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
        self.merge(a, b).is_some()
    }

    /// [`UnionFind::union`], returning the root of the joined set when there were two sets
    /// (`None` when `a` and `b` already lay in one).
    #[inline(always)]
    pub fn merge(&mut self, a: usize, b: usize) -> Option<usize> {
        let len = self.words.len();
        assert!(a < len && b < len, "element {} is out of bounds", a.max(b));
        let joined = if !self.watched {
            join_sets(&mut self.words, a, b, &mut Unwatched)
        } else {
            core::hint::cold_path();
            join_sets_watched(
                &mut self.words,
                a,
                b,
                (self.open_snapshots > 0).then_some(&mut *self.undo_log),
                self.recorder.as_deref_mut().map(|r| &mut r.ops),
            )
        };
        self.count -= usize::from(joined.is_some());
        joined
    }

    /// The root of `x` (in bounds) and the root's word.
    #[inline(always)]
    fn root_of(&mut self, x: usize) -> (usize, u32) {
        if !self.watched {
            walk_to_root(&mut self.words, x, &mut Unwatched)
        } else {
            core::hint::cold_path();
            walk_to_root_watched(
                &mut self.words,
                x,
                (self.open_snapshots > 0).then_some(&mut *self.undo_log),
                self.recorder.as_deref_mut().map(|r| &mut r.ops),
            )
        }
    }

    /// The forest as it stands, read-only.
    pub fn view(&self) -> View<'_> {
        View { words: &self.words }
    }

    /// Starts keeping every operation (see [`Op`]) until [`UnionFind::stop_recording`]. While
    /// already recording, changes nothing.
    pub fn start_recording(&mut self) {
        if self.recorder.is_none() {
            self.recorder = Some(Box::default());
        }
        self.watched = true;
    }

    /// Stops recording and returns the operations not yet taken.
    pub fn stop_recording(&mut self) -> Vec<Op<usize>> {
        let ops = self.recorder.take().map(|r| r.ops).unwrap_or_default();
        self.watched = self.open_snapshots > 0;
        ops
    }

    /// True while operations are being recorded.
    pub fn is_recording(&self) -> bool {
        self.recorder.is_some()
    }

    /// The operations recorded since recording started or they were last taken; recording
    /// goes on. Empty when not recording.
    pub fn take_ops(&mut self) -> Vec<Op<usize>> {
        self.recorder
            .as_deref_mut()
            .map(|r| std::mem::take(&mut r.ops))
            .unwrap_or_default()
    }

    /// Opens a snapshot: from now on every write is logged until it is closed.
    pub fn snapshot(&mut self) -> Snapshot {
        self.open_snapshots += 1;
        self.watched = true;
        Snapshot {
            log_len: self.undo_log.len(),
            count: self.count,
            depth: self.open_snapshots,
        }
    }

    /// Undoes every write made since `snapshot` was opened and closes it.
    pub fn rollback_to(&mut self, snapshot: Snapshot) {
        self.check_innermost(&snapshot);
        let mut restored = self.recorder.is_some().then(Vec::new);
        for (index, old) in self.undo_log.drain(snapshot.log_len..).rev() {
            let word = &mut self.words[index as usize];
            if let Some(writes) = &mut restored {
                writes.push(Restore {
                    element: index as usize,
                    before: decode(*word),
                    after: decode(old),
                });
            }
            *word = old;
        }
        if let (Some(writes), Some(recorder)) = (restored, &mut self.recorder) {
            recorder.ops.push(Op::Rollback { writes });
        }
        self.count = snapshot.count;
        self.close_snapshot();
    }

    fn close_snapshot(&mut self) {
        self.open_snapshots -= 1;
        self.watched = self.open_snapshots > 0 || self.recorder.is_some();
    }

    /// Keeps the writes made since `snapshot` and closes it. An outer snapshot can still
    /// take them back; when none is open the log is dropped.
    pub fn commit(&mut self, snapshot: Snapshot) {
        self.check_innermost(&snapshot);
        self.close_snapshot();
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
        rank_of(self.words[root])
    }
}

const fn root_word(rank: u32, size: u32) -> u32 {
    ROOT | (rank << RANK_SHIFT) | size
}

/// What the walks and links tell whoever watches them. The fast path's watcher does
/// nothing, so the compiler drops every call and every argument computed only for it.
trait Watch {
    /// A walk starts at `start` (`in_union`: one of a union's two walks).
    #[inline(always)]
    fn begin(&mut self, _start: usize, _in_union: bool) {}
    /// The walk moved up to `to`.
    #[inline(always)]
    fn step(&mut self, _to: usize) {}
    /// Path splitting is about to overwrite `element`'s word `old` with `new`.
    #[inline(always)]
    fn repoint(&mut self, _element: usize, _old: u32, _new: u32) {}
    /// The walk reached its root.
    #[inline(always)]
    fn end(&mut self) {}
    /// Roots `ra` and `rb` (words `wa`, `wb`) are about to be linked under `parent`.
    #[inline(always)]
    fn link(&mut self, _ra: usize, _wa: u32, _rb: usize, _wb: u32, _parent: usize) {}
}

struct Unwatched;

impl Watch for Unwatched {}

/// The slow path's watcher: the undo log while a snapshot is open, the recorder while on.
struct Watcher<'a> {
    undo: Option<&'a mut UndoLog>,
    ops: Option<&'a mut Vec<Op<usize>>>,
    walk: Option<(bool, Vec<usize>, Vec<Repoint<usize>>)>,
}

impl Watch for Watcher<'_> {
    fn begin(&mut self, start: usize, in_union: bool) {
        if self.ops.is_some() {
            self.walk = Some((in_union, vec![start], Vec::new()));
        }
    }

    fn step(&mut self, to: usize) {
        if let Some((_, path, _)) = &mut self.walk {
            path.push(to);
        }
    }

    fn repoint(&mut self, element: usize, old: u32, new: u32) {
        if let Some(log) = &mut self.undo {
            log.push((element as u32, old));
        }
        if let Some((_, _, repoints)) = &mut self.walk {
            repoints.push(Repoint {
                element,
                old_parent: old as usize,
                new_parent: new as usize,
            });
        }
    }

    fn end(&mut self) {
        if let (Some((in_union, path, repoints)), Some(ops)) = (self.walk.take(), &mut self.ops)
            && !(in_union && path.len() == 1)
        {
            ops.push(Op::Find {
                start: path[0],
                path,
                repoints,
            });
        }
    }

    fn link(&mut self, ra: usize, wa: u32, rb: usize, wb: u32, parent: usize) {
        if let Some(log) = &mut self.undo {
            log.push((ra as u32, wa));
            log.push((rb as u32, wb));
        }
        if let Some(ops) = &mut self.ops {
            ops.push(Op::Union {
                root_a: ra,
                root_b: rb,
                rank_a: rank_of(wa),
                rank_b: rank_of(wb),
                size_a: (wa & SIZE_MASK) as usize,
                size_b: (wb & SIZE_MASK) as usize,
                parent,
                rank_raised: rank_of(wa) == rank_of(wb),
            });
        }
    }
}

// The watched paths stay out of line and are handed the words as a slice and the log and
// the recorder as references of their own, never a pointer into the `UnionFind` itself: were the
// structure's address to reach a call, the compiler would keep its fields in memory and
// reload them around every write to the words, in the common, unwatched case too, which
// costs a fifth of the speed.

#[inline(never)]
fn walk_to_root_watched(
    words: &mut [u32],
    x: usize,
    undo: Option<&mut UndoLog>,
    ops: Option<&mut Vec<Op<usize>>>,
) -> (usize, u32) {
    let mut watcher = Watcher {
        undo,
        ops,
        walk: None,
    };
    walk_to_root(words, x, &mut watcher)
}

#[inline(never)]
fn join_sets_watched(
    words: &mut [u32],
    a: usize,
    b: usize,
    undo: Option<&mut UndoLog>,
    ops: Option<&mut Vec<Op<usize>>>,
) -> Option<usize> {
    let mut watcher = Watcher {
        undo,
        ops,
        walk: None,
    };
    join_sets(words, a, b, &mut watcher)
}

#[inline(never)]
fn same_set_watched(
    words: &mut [u32],
    a: usize,
    b: usize,
    undo: Option<&mut UndoLog>,
    ops: Option<&mut Vec<Op<usize>>>,
) -> bool {
    let mut watcher = Watcher {
        undo,
        ops,
        walk: None,
    };
    same_set(words, a, b, &mut watcher)
}

/// True when `a` and `b` (both in bounds) have one root; both walks split their paths.
#[inline(always)]
fn same_set(words: &mut [u32], a: usize, b: usize, watch: &mut impl Watch) -> bool {
    let ((ra, _), (rb, _)) = both_roots(words, a, b, false, watch);
    ra == rb
}

/// Walks from `x` (in bounds) to its root and returns the root and its word, pointing each
/// element on the way at its grandparent (path splitting).
#[inline(always)]
fn walk_to_root(words: &mut [u32], x: usize, watch: &mut impl Watch) -> (usize, u32) {
    // SAFETY: `x` is in bounds (callers check).
    let word = unsafe { *words.get_unchecked(x) };
    watch.begin(x, false);
    let found = walk_from(words, x, word, watch);
    watch.end();
    found
}

/// [`walk_to_root`] given `x`'s word, already read.
#[inline(always)]
fn walk_from(words: &mut [u32], x: usize, word: u32, watch: &mut impl Watch) -> (usize, u32) {
    let (mut x, mut word) = (x, word);
    // SAFETY: every non-root word holds the index of another element: `join_sets` links a
    // root to a root, and this walk only ever writes a grandparent's index.
    unsafe {
        while word & ROOT == 0 {
            let parent = word as usize;
            watch.step(parent);
            let above = *words.get_unchecked(parent);
            if above & ROOT != 0 {
                return (parent, above);
            }
            // The word as it is now, which a union's early read may have left behind.
            watch.repoint(x, *words.get_unchecked(x), above);
            *words.get_unchecked_mut(x) = above;
            x = parent;
            word = above;
        }
        (x, word)
    }
}

/// What is read of one element before walking: its parent (itself for a root) and the
/// parent's word.
#[derive(Clone, Copy)]
struct TwoLevels {
    parent: usize,
    above: u32,
}

/// The roots of `a` and `b` (both in bounds) with their words, as two walks find them.
///
/// Both elements' words and both parents' words are read before the walks branch on them,
/// so that the four cache misses overlap. After path splitting nearly every element is a
/// root or a root's child; then one well-predicted test settles both elements. A query
/// reads with no branch at all, so nothing can mispredict and hold back the loads of the
/// operations that follow; a union branches once, on whether `a` is a root (see below).
///
/// Should `b`'s path cross `a`'s, the walk from `a` may re-point words already read for `b`:
/// those still name ancestors (splitting only ever points an element higher up its own
/// tree, and no root changes during the walks), so the walk from `b` still ends at the root.
#[inline(always)]
fn both_roots(
    words: &mut [u32],
    a: usize,
    b: usize,
    in_union: bool,
    watch: &mut impl Watch,
) -> ((usize, u32), (usize, u32)) {
    // A union branches on whether `a` is a root rather than selecting its parent: when
    // unions follow one another along a line (each joining the element the last one
    // linked), the select would put two more cycles on the chain that runs through memory
    // from one union's write of `a`'s word to the next union's read of it. A query keeps
    // the select, which the random mixes of queries and unions mispredict less.
    let ta = if in_union {
        two_levels_branching(words, a)
    } else {
        two_levels_selecting(words, a)
    };
    let tb = two_levels_selecting(words, b);
    if ta.above & tb.above & ROOT != 0 {
        for (x, t) in [(a, ta), (b, tb)] {
            watch.begin(x, in_union);
            if t.parent != x {
                watch.step(t.parent);
            }
            watch.end();
        }
        return ((ta.parent, ta.above), (tb.parent, tb.above));
    }
    watch.begin(a, in_union);
    let root_a = walk_from_two(words, a, ta, watch);
    watch.end();
    watch.begin(b, in_union);
    let root_b = walk_from_two(words, b, tb, watch);
    watch.end();
    (root_a, root_b)
}

/// `x`'s word and its parent's word (a root's own word twice), read with no branch between
/// the two loads.
#[inline(always)]
fn two_levels_selecting(words: &[u32], x: usize) -> TwoLevels {
    // SAFETY: `x` is in bounds (callers check), and a non-root word is an element's index.
    unsafe {
        let word = *words.get_unchecked(x);
        let parent = if word & ROOT == 0 { word as usize } else { x };
        TwoLevels {
            parent,
            above: *words.get_unchecked(parent),
        }
    }
}

/// What [`two_levels_selecting`] reads, with a branch on whether `x` is a root, so that
/// the parent's index goes straight from the load to its uses.
#[inline(always)]
fn two_levels_branching(words: &[u32], x: usize) -> TwoLevels {
    // SAFETY: as in `two_levels_selecting`.
    unsafe {
        let word = *words.get_unchecked(x);
        if word & ROOT == 0 {
            TwoLevels {
                parent: word as usize,
                above: *words.get_unchecked(word as usize),
            }
        } else {
            TwoLevels {
                parent: x,
                above: word,
            }
        }
    }
}

/// [`walk_from`] given what was read of `x` and its parent.
#[inline(always)]
fn walk_from_two(
    words: &mut [u32],
    x: usize,
    t: TwoLevels,
    watch: &mut impl Watch,
) -> (usize, u32) {
    if t.above & ROOT != 0 {
        // `x` is a root (its parent is itself) or a root's child.
        if t.parent != x {
            watch.step(t.parent);
        }
        return (t.parent, t.above);
    }
    watch.step(t.parent);
    // SAFETY: `x` is in bounds (callers check).
    unsafe {
        watch.repoint(x, *words.get_unchecked(x), t.above);
        *words.get_unchecked_mut(x) = t.above;
    }
    walk_from(words, t.parent, t.above, watch)
}

/// Joins the sets of `a` and `b` (both in bounds) by rank and returns the new root; `None`
/// when they were one set.
#[inline(always)]
fn join_sets(words: &mut [u32], a: usize, b: usize, watch: &mut impl Watch) -> Option<usize> {
    let ((ra, wa), (rb, wb)) = both_roots(words, a, b, true, watch);
    if ra == rb {
        return None;
    }
    // Rank sits above size in a root word, so comparing the words without their size bits
    // compares ranks. Three branches rather than selects: when one island keeps growing the
    // branches are predicted, and the kept root's new word is its old word plus an amount
    // taken from the other root alone. The next union that reaches this root reads the
    // word this one writes, so whatever lies between the read and the write (a select on
    // the tie, say, which is five operations) lies on a chain through every such union.
    let (rank_a, rank_b) = (wa & !SIZE_MASK, wb & !SIZE_MASK);
    // SAFETY: both are roots returned by the walks, so elements' indices.
    unsafe {
        if rank_a < rank_b {
            watch.link(ra, wa, rb, wb, rb);
            *words.get_unchecked_mut(ra) = rb as u32;
            *words.get_unchecked_mut(rb) = wb + (wa & SIZE_MASK);
            Some(rb)
        } else if rank_a > rank_b {
            watch.link(ra, wa, rb, wb, ra);
            *words.get_unchecked_mut(rb) = ra as u32;
            *words.get_unchecked_mut(ra) = wa + (wb & SIZE_MASK);
            Some(ra)
        } else {
            watch.link(ra, wa, rb, wb, ra);
            *words.get_unchecked_mut(rb) = ra as u32;
            *words.get_unchecked_mut(ra) = wa + ((wb & SIZE_MASK) + RANK_ONE);
            Some(ra)
        }
    }
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

    /// Builds 0 <- 1 <- 2 <- 3 (each pointing at the next lower) by hand: a path to split.
    fn chain_of_four() -> UnionFind {
        let mut uf = UnionFind::new(4);
        uf.words = vec![root_word(2, 4), 0, 1, 2];
        uf.count = 1;
        uf
    }

    #[test]
    fn a_recorded_find_shows_its_path_and_the_splitting_writes() {
        let mut uf = chain_of_four();
        uf.start_recording();
        assert_eq!(uf.find(3), 0);
        assert_eq!(
            uf.take_ops(),
            [Op::Find {
                start: 3,
                path: vec![3, 2, 1, 0],
                repoints: vec![
                    Repoint {
                        element: 3,
                        old_parent: 2,
                        new_parent: 1
                    },
                    Repoint {
                        element: 2,
                        old_parent: 1,
                        new_parent: 0
                    },
                ],
            }]
        );
        assert_eq!(uf.view().parent(3), Some(1));
        assert_eq!(uf.view().parent(2), Some(0));
        assert!(uf.take_ops().is_empty(), "taken ops are gone");
    }

    #[test]
    fn a_recorded_union_names_both_roots_and_the_parent() {
        let mut uf = UnionFind::new(5);
        uf.union(0, 1);
        uf.start_recording();
        uf.union(2, 1);
        uf.union(3, 4);
        assert!(!uf.union(4, 3), "already one set: finds only");
        let ops = uf.stop_recording();
        assert_eq!(
            ops[..3],
            [
                Op::Find {
                    start: 1,
                    path: vec![1, 0],
                    repoints: vec![]
                },
                Op::Union {
                    root_a: 2,
                    root_b: 0,
                    rank_a: 0,
                    rank_b: 1,
                    size_a: 1,
                    size_b: 2,
                    parent: 0,
                    rank_raised: false,
                },
                Op::Union {
                    root_a: 3,
                    root_b: 4,
                    rank_a: 0,
                    rank_b: 0,
                    size_a: 1,
                    size_b: 1,
                    parent: 3,
                    rank_raised: true,
                },
            ]
        );
        assert_eq!(
            ops[3..],
            [Op::Find {
                start: 4,
                path: vec![4, 3],
                repoints: vec![]
            }],
            "the walk from root 3 reads one word and is left out"
        );
        uf.union(1, 3);
        assert!(!uf.is_recording());
        assert!(uf.take_ops().is_empty());
    }

    #[test]
    fn the_view_reads_parents_ranks_and_sizes() {
        let mut uf = UnionFind::new(3);
        uf.union(0, 1);
        let view = uf.view();
        assert_eq!(view.len(), 3);
        assert_eq!(view.node(0), Some(Node::Root { rank: 1, size: 2 }));
        assert_eq!(view.node(1), Some(Node::Child { parent: 0 }));
        assert_eq!(view.parent(1), Some(0));
        assert_eq!(view.parent(2), Some(2));
        assert_eq!(view.node(3), None);
        assert_eq!(view.parent(7), None);
    }

    #[test]
    fn a_recorded_rollback_lists_the_undo_log_backwards() {
        let mut uf = UnionFind::new(2);
        uf.start_recording();
        let snap = uf.snapshot();
        uf.union(0, 1);
        uf.take_ops();
        uf.rollback_to(snap);
        assert_eq!(
            uf.take_ops(),
            [Op::Rollback {
                writes: vec![
                    Restore {
                        element: 1,
                        before: Node::Child { parent: 0 },
                        after: Node::Root { rank: 0, size: 1 },
                    },
                    Restore {
                        element: 0,
                        before: Node::Root { rank: 1, size: 2 },
                        after: Node::Root { rank: 0, size: 1 },
                    },
                ]
            }]
        );
    }

    #[test]
    fn a_clone_does_not_record() {
        let mut uf = UnionFind::new(3);
        uf.start_recording();
        let mut copy = uf.clone();
        assert!(!copy.is_recording());
        copy.union(0, 1);
        assert!(copy.take_ops().is_empty());
        assert!(
            uf.take_ops().is_empty(),
            "the copy's work is not the original's"
        );
    }

    /// Plays recorded operations on the nodes they started from.
    fn replay(mut nodes: Vec<Node<usize>>, ops: &[Op<usize>]) -> Vec<Node<usize>> {
        for op in ops {
            match op {
                Op::Find { repoints, .. } => {
                    for r in repoints {
                        nodes[r.element] = Node::Child {
                            parent: r.new_parent,
                        };
                    }
                }
                &Op::Union {
                    root_a,
                    root_b,
                    rank_a,
                    rank_b,
                    size_a,
                    size_b,
                    parent,
                    rank_raised,
                } => {
                    let child = if parent == root_a { root_b } else { root_a };
                    nodes[child] = Node::Child { parent };
                    nodes[parent] = Node::Root {
                        rank: rank_a.max(rank_b) + u32::from(rank_raised),
                        size: size_a + size_b,
                    };
                }
                Op::Rollback { writes } => {
                    for w in writes {
                        nodes[w.element] = w.after;
                    }
                }
            }
        }
        nodes
    }

    /// One step of a random session: find, union, open a snapshot, or close the innermost
    /// one by rolling back or committing.
    #[derive(Debug, Clone, Copy)]
    enum Step {
        Find(usize),
        Union(usize, usize),
        Open,
        Rollback,
        Commit,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0usize..40).prop_map(Step::Find),
            4 => (0usize..40, 0usize..40).prop_map(|(a, b)| Step::Union(a, b)),
            1 => Just(Step::Open),
            1 => Just(Step::Rollback),
            1 => Just(Step::Commit),
        ]
    }

    fn run_steps(uf: &mut UnionFind, n: usize, steps: &[Step]) -> Vec<(usize, bool)> {
        let mut open = Vec::new();
        let mut seen = Vec::new();
        for &s in steps {
            match s {
                Step::Find(a) => seen.push((uf.find(a % n), false)),
                Step::Union(a, b) => seen.push((uf.merge(a % n, b % n).unwrap_or(n), true)),
                Step::Open => open.push(uf.snapshot()),
                Step::Rollback => {
                    if let Some(s) = open.pop() {
                        uf.rollback_to(s);
                    }
                }
                Step::Commit => {
                    if let Some(s) = open.pop() {
                        uf.commit(s);
                    }
                }
            }
        }
        while let Some(s) = open.pop() {
            uf.commit(s);
        }
        seen
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

        /// The recorder only watches: the same steps with it on compute the same answers and
        /// leave the same words, and its operations, played on the starting forest, give
        /// the final one.
        #[test]
        fn recording_changes_nothing_and_replays_to_the_same_forest(n in 1usize..40, warm in prop::collection::vec((0usize..40, 0usize..40), 0..40), steps in prop::collection::vec(step(), 0..120)) {
            let mut plain = UnionFind::new(n);
            for &(a, b) in &warm { plain.union(a % n, b % n); }
            let mut recorded = plain.clone();
            let start: Vec<Node<usize>> = recorded.view().nodes().collect();
            recorded.start_recording();
            let expected = run_steps(&mut plain, n, &steps);
            prop_assert_eq!(run_steps(&mut recorded, n, &steps), expected);
            prop_assert_eq!(&plain.words, &recorded.words);
            prop_assert_eq!(plain.count(), recorded.count());
            let ops = recorded.stop_recording();
            let end: Vec<Node<usize>> = recorded.view().nodes().collect();
            prop_assert_eq!(replay(start, &ops), end);
            for op in &ops {
                if let Op::Find { start, path, repoints } = op {
                    prop_assert_eq!(path.first(), Some(start));
                    prop_assert!(repoints.len() + 2 <= path.len().max(2));
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
