//! The puzzle board: cells, islands (through the union-find), moves, goals and score.
//!
//! A move costs the cells it changes plus a handful of union-find operations: island count,
//! largest island and tribe connectivity are kept up to date as counters, never recounted.

use super::cell::{Axis, Cell, Pos, Tribe};
use super::goal::{Budget, Goal, POINTS_PER_UNUSED_MOVE};
use super::moves::Move;
use crate::union_find::{Node, Op, Snapshot, UnionFind};
use std::fmt;

/// Whether the level is still being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Playing,
    Won,
    Lost,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Playing => "unfinished",
            Status::Won => "won",
            Status::Lost => "lost",
        })
    }
}

/// Why a move was refused. A refused move changes nothing and costs nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    OutsideBoard(Pos),
    Finished(Status),
    SandNeedsShallowWater(Pos, Cell),
    BridgeNeedsLand(Pos, Cell),
    BridgeNotStraight,
    BridgeTooShort,
    BridgeBlocked(Pos, Cell),
    SameIsland,
    TribesWouldMeet(Tribe, Tribe),
    NoSandLeft,
    NoBridgesLeft,
}

impl Rejection {
    /// Says why in words, naming cells with `cell` (the command line writes `r,c` counted
    /// from 0, as its moves are written; the game counts rows and columns from 1).
    pub fn explain(&self, cell: &dyn Fn(Pos) -> String) -> String {
        match self {
            Rejection::OutsideBoard(p) => format!("{} is outside the board", cell(*p)),
            Rejection::Finished(s) => format!("the level is already {s}"),
            Rejection::SandNeedsShallowWater(p, c) => format!(
                "{} is {}; sand only fills shallow water",
                cell(*p),
                c.describe()
            ),
            Rejection::BridgeNeedsLand(p, c) => format!(
                "{} is {}; a bridge must start and end on land",
                cell(*p),
                c.describe()
            ),
            Rejection::BridgeNotStraight => "a bridge runs along one row or one column".into(),
            Rejection::BridgeTooShort => "a bridge must span at least one water cell".into(),
            Rejection::BridgeBlocked(p, c) => {
                format!("the bridge would cross {} at {}", c.describe(), cell(*p))
            }
            Rejection::SameIsland => "both ends are already on one island".into(),
            Rejection::TribesWouldMeet(a, b) => format!("{a} and {b} would share an island"),
            Rejection::NoSandLeft => "no sand left".into(),
            Rejection::NoBridgesLeft => "no bridges left".into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explain(&|p| p.to_string()))
    }
}

impl std::error::Error for Rejection {}

/// One island as it was: a cell of it (its union-find root), its size and its tribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IslandRef {
    pub root: Pos,
    pub size: usize,
    pub tribe: Option<Tribe>,
}

/// One union-find union a move made, with both sizes just before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionStep {
    pub kept: IslandRef,
    pub absorbed: IslandRef,
}

/// Everything a move did: all the front end needs to animate, play sound and update the HUD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveReport {
    pub applied: Move,
    /// Cells whose kind changed, with the kind before and after.
    pub changed: Vec<(Pos, Cell, Cell)>,
    /// The existing islands this move joined, as they were before it.
    pub joined: Vec<IslandRef>,
    /// The unions made, in order.
    pub unions: Vec<UnionStep>,
    /// The island holding the move's cell(s) afterwards.
    pub island: IslandRef,
    /// Points for the joins (product of the joined sizes when two or more were joined).
    pub points: u64,
    /// Points for unused budget, when this move won the level.
    pub win_bonus: u64,
    /// Islands on the board afterwards.
    pub islands: usize,
    /// Total score afterwards.
    pub score: u64,
    pub status: Status,
}

/// The small counters a move changes; copied whole into each snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Counters {
    islands: usize,
    largest: usize,
    /// Sum over tribes of (islands holding that tribe - 1): zero when every tribe is joined.
    tribe_excess: usize,
    sand_used: u32,
    bridges_used: u32,
    score: u64,
    status: Status,
}

/// A write to the board, kept while a snapshot is open so it can be taken back.
#[derive(Debug, Clone, Copy)]
enum BoardWrite {
    Cell(u32, Cell),
    IslandTribe(u32, Option<Tribe>),
}

/// An open board snapshot; see [`Board::snapshot`]. Consumed by [`Board::rollback_to`] or
/// [`Board::commit`], never copied (see [`crate::union_find::Snapshot`]).
#[derive(Debug)]
#[must_use = "a snapshot must be rolled back or committed"]
pub struct BoardSnapshot {
    islands: Snapshot,
    log_len: usize,
    counters: Counters,
}

/// Why a grid cannot be a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoardError {
    TribesShareIsland {
        at: Pos,
        first: Tribe,
        second: Tribe,
    },
    TooLarge {
        width: usize,
        height: usize,
    },
    Empty,
}

impl fmt::Display for BoardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoardError::TribesShareIsland { at, first, second } => write!(
                f,
                "row {}, column {}: one island holds land of {first} and {second}",
                at.row, at.col
            ),
            BoardError::TooLarge { width, height } => {
                write!(
                    f,
                    "a {width} x {height} board is larger than the engine holds"
                )
            }
            BoardError::Empty => write!(f, "the board has no cells"),
        }
    }
}

impl std::error::Error for BoardError {}

/// A board in play.
#[derive(Debug, Clone)]
pub struct Board {
    width: usize,
    height: usize,
    cells: Vec<Cell>,
    islands: UnionFind,
    /// The tribe of each island, stored at its union-find root.
    island_tribe: Vec<Option<Tribe>>,
    goal: Goal,
    budget: Budget,
    has_tribes: bool,
    counters: Counters,
    log: Vec<BoardWrite>,
    open_snapshots: usize,
}

const STEPS: [(isize, isize); 4] = [(0, 1), (1, 0), (0, -1), (-1, 0)];

impl Board {
    /// A board from row-major cells. Fails when an island already holds two tribes.
    pub fn new(
        width: usize,
        height: usize,
        cells: Vec<Cell>,
        goal: Goal,
        budget: Budget,
    ) -> Result<Board, BoardError> {
        if width == 0 || height == 0 {
            return Err(BoardError::Empty);
        }
        if width.saturating_mul(height) > UnionFind::MAX_ELEMENTS {
            return Err(BoardError::TooLarge { width, height });
        }
        assert_eq!(cells.len(), width * height, "cells must fill the grid");
        let mut islands = UnionFind::new(cells.len());
        let mut island_tribe: Vec<Option<Tribe>> = cells.iter().map(|c| c.tribe()).collect();
        for row in 0..height {
            for col in 0..width {
                let here = row * width + col;
                if !cells[here].is_land() {
                    continue;
                }
                for next in [
                    (col + 1 < width).then(|| here + 1),
                    (row + 1 < height).then(|| here + width),
                ]
                .into_iter()
                .flatten()
                {
                    if !cells[next].is_land() {
                        continue;
                    }
                    let (ra, rb) = (islands.find(here), islands.find(next));
                    if ra == rb {
                        continue;
                    }
                    let tribe = match (island_tribe[ra], island_tribe[rb]) {
                        (Some(a), Some(b)) if a != b => {
                            return Err(BoardError::TribesShareIsland {
                                at: Pos::new(next / width, next % width),
                                first: a.min(b),
                                second: a.max(b),
                            });
                        }
                        (a, b) => a.or(b),
                    };
                    islands.union(ra, rb);
                    island_tribe[islands.find(ra)] = tribe;
                }
            }
        }
        let mut island_count = 0;
        let mut largest = 0;
        let mut tribe_islands = [0usize; Tribe::COUNT];
        for (i, cell) in cells.iter().enumerate() {
            if cell.is_land() && islands.find(i) == i {
                island_count += 1;
                largest = largest.max(islands.root_size(i));
                if let Some(t) = island_tribe[i] {
                    tribe_islands[t.index()] += 1;
                }
            }
        }
        let has_tribes = tribe_islands.iter().any(|&n| n > 0);
        let tribe_excess = tribe_islands.iter().map(|&n| n.saturating_sub(1)).sum();
        let mut board = Board {
            width,
            height,
            cells,
            islands,
            island_tribe,
            goal,
            budget,
            has_tribes,
            counters: Counters {
                islands: island_count,
                largest,
                tribe_excess,
                sand_used: 0,
                bridges_used: 0,
                score: 0,
                status: Status::Playing,
            },
            log: Vec::new(),
            open_snapshots: 0,
        };
        if board.goal_holds() {
            board.counters.status = Status::Won;
        } else if board.out_of_budget() {
            board.counters.status = Status::Lost;
        }
        Ok(board)
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn goal(&self) -> Goal {
        self.goal
    }

    pub fn budget(&self) -> Budget {
        self.budget
    }

    /// The cell at `pos`, or `None` outside the board.
    pub fn cell(&self, pos: Pos) -> Option<Cell> {
        self.index(pos).map(|i| self.cells[i])
    }

    /// All cells, row-major.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    pub fn contains(&self, pos: Pos) -> bool {
        pos.row < self.height && pos.col < self.width
    }

    /// The island of a land cell: its root cell and size. `None` for anything but land.
    pub fn island_of(&mut self, pos: Pos) -> Option<IslandRef> {
        let i = self.index(pos)?;
        if !self.cells[i].is_land() {
            return None;
        }
        let root = self.islands.find(i);
        Some(self.island_ref(root))
    }

    /// Like [`Board::island_of`], without path compression, for readers holding `&self`.
    pub fn island_root(&self, pos: Pos) -> Option<Pos> {
        let i = self.index(pos)?;
        self.cells[i]
            .is_land()
            .then(|| self.pos(self.islands.find_const(i)))
    }

    /// The tribe of the island holding `pos`, if any.
    pub fn island_tribe(&self, pos: Pos) -> Option<Tribe> {
        let root = self.island_root(pos)?;
        self.island_tribe[self.index(root)?]
    }

    pub fn island_count(&self) -> usize {
        self.counters.islands
    }

    pub fn largest_island(&self) -> usize {
        self.counters.largest
    }

    pub fn score(&self) -> u64 {
        self.counters.score
    }

    pub fn status(&self) -> Status {
        self.counters.status
    }

    /// Moves made (sand and bridges alike).
    pub fn moves_made(&self) -> u32 {
        self.counters.sand_used + self.counters.bridges_used
    }

    pub fn sand_used(&self) -> u32 {
        self.counters.sand_used
    }

    pub fn bridges_used(&self) -> u32 {
        self.counters.bridges_used
    }

    /// Sand left, `None` when unlimited.
    pub fn sand_left(&self) -> Option<u32> {
        self.budget
            .sand
            .map(|b| b.saturating_sub(self.counters.sand_used))
    }

    /// Bridges left, `None` when unlimited.
    pub fn bridges_left(&self) -> Option<u32> {
        self.budget
            .bridges
            .map(|b| b.saturating_sub(self.counters.bridges_used))
    }

    /// True when the level has tribal land.
    pub fn has_tribes(&self) -> bool {
        self.has_tribes
    }

    /// Whether the goal holds now.
    pub fn goal_holds(&self) -> bool {
        match self.goal {
            Goal::ConnectAll if self.has_tribes => self.counters.tribe_excess == 0,
            Goal::ConnectAll => self.counters.islands == 1,
            Goal::Islands(k) => self.counters.islands == k as usize,
            Goal::Reach(s) => self.counters.largest >= s as usize,
        }
    }

    /// Islands that still have to join another of their tribe (or, with no tribes, islands
    /// beyond the first): zero when a `ConnectAll` goal holds.
    pub fn joins_missing(&self) -> usize {
        if self.has_tribes {
            self.counters.tribe_excess
        } else {
            self.counters.islands.saturating_sub(1)
        }
    }

    fn out_of_budget(&self) -> bool {
        self.sand_left() == Some(0) && self.bridges_left() == Some(0)
    }

    /// Checks a move without making it (and without touching the board: a view can ask).
    pub fn check(&self, mv: Move) -> Result<(), Rejection> {
        self.plan(mv).map(|_| ())
    }

    /// Makes a move, or explains why it cannot be made (and changes nothing).
    pub fn apply(&mut self, mv: Move) -> Result<MoveReport, Rejection> {
        let plan = self.plan(mv)?;
        Ok(self.execute(mv, plan))
    }

    /// Opens a snapshot: [`Board::rollback_to`] returns the board exactly to this point.
    pub fn snapshot(&mut self) -> BoardSnapshot {
        self.open_snapshots += 1;
        BoardSnapshot {
            islands: self.islands.snapshot(),
            log_len: self.log.len(),
            counters: self.counters,
        }
    }

    /// Takes back everything since `snapshot`, in the time the writes took.
    pub fn rollback_to(&mut self, snapshot: BoardSnapshot) {
        for write in self.log.drain(snapshot.log_len..).rev() {
            match write {
                BoardWrite::Cell(i, old) => self.cells[i as usize] = old,
                BoardWrite::IslandTribe(i, old) => self.island_tribe[i as usize] = old,
            }
        }
        self.islands.rollback_to(snapshot.islands);
        self.counters = snapshot.counters;
        self.open_snapshots -= 1;
    }

    /// Keeps everything since `snapshot` and closes it.
    pub fn commit(&mut self, snapshot: BoardSnapshot) {
        self.islands.commit(snapshot.islands);
        self.open_snapshots -= 1;
        if self.open_snapshots == 0 {
            self.log.clear();
        }
    }

    /// Turns the island structure's operation recorder on or off (for the X-ray view). Off,
    /// moves cost what they cost before; turning it off drops what was not taken.
    pub fn record_island_ops(&mut self, on: bool) {
        if on {
            self.islands.start_recording();
        } else {
            self.islands.stop_recording();
        }
    }

    /// True while the island structure's operations are recorded.
    pub fn is_recording_island_ops(&self) -> bool {
        self.islands.is_recording()
    }

    /// The union-find operations recorded since they were last taken, elements named by
    /// their cells. Taken after each move (or undo), they are that move's: the finds of the
    /// land cells it joins, each with its path and the writes path splitting made, and the
    /// unions, in order. A refused move records nothing. Empty while not recording.
    pub fn take_island_ops(&mut self) -> Vec<Op<Pos>> {
        let width = self.width;
        let pos = |i: usize| Pos::new(i / width, i % width);
        self.islands
            .take_ops()
            .into_iter()
            .map(|op| op.map(pos))
            .collect()
    }

    /// What the island structure holds for the cell at `pos`, read-only: the cell its
    /// union-find element points at, or, for a root, its rank and its island's size. Water
    /// cells are single elements of their own. `None` outside the board.
    pub fn island_node(&self, pos: Pos) -> Option<Node<Pos>> {
        let i = self.index(pos)?;
        let node = self.islands.view().node(i)?;
        Some(node.map(|parent| self.pos(parent)))
    }

    /// Row-major index of `pos`, if on the board.
    pub fn index(&self, pos: Pos) -> Option<usize> {
        self.contains(pos).then(|| pos.row * self.width + pos.col)
    }

    /// Position of row-major index `i`.
    pub fn pos(&self, i: usize) -> Pos {
        Pos::new(i / self.width, i % self.width)
    }

    /// The on-board 4-neighbours of `pos`: right, down, left, up.
    pub fn neighbours(&self, pos: Pos) -> impl Iterator<Item = Pos> + '_ {
        STEPS.iter().filter_map(move |&(dr, dc)| {
            let row = pos.row.checked_add_signed(dr)?;
            let col = pos.col.checked_add_signed(dc)?;
            self.contains(Pos::new(row, col))
                .then_some(Pos::new(row, col))
        })
    }

    fn island_ref(&self, root: usize) -> IslandRef {
        IslandRef {
            root: self.pos(root),
            size: self.islands.root_size(root),
            tribe: self.island_tribe[root],
        }
    }

    /// Validates `mv` and works out the distinct island roots it would join. Reads only:
    /// the unions that follow in `execute` split the paths they walk.
    fn plan(&self, mv: Move) -> Result<Plan, Rejection> {
        if self.counters.status != Status::Playing {
            return Err(Rejection::Finished(self.counters.status));
        }
        match mv {
            Move::Sand(p) => {
                let i = self.index(p).ok_or(Rejection::OutsideBoard(p))?;
                if self.cells[i] != Cell::Shallow {
                    return Err(Rejection::SandNeedsShallowWater(p, self.cells[i]));
                }
                if self.sand_left() == Some(0) {
                    return Err(Rejection::NoSandLeft);
                }
                let mut roots = [usize::MAX; 4];
                let mut n = 0;
                for q in [0, 1, 2, 3].map(|k| self.step(p, k)) {
                    let Some(j) = q else { continue };
                    if !self.cells[j].is_land() {
                        continue;
                    }
                    let r = self.islands.find_const(j);
                    if !roots[..n].contains(&r) {
                        roots[n] = r;
                        n += 1;
                    }
                }
                self.check_tribes(&roots[..n])?;
                Ok(Plan { roots, joined: n })
            }
            Move::Bridge(a, b) => {
                let ia = self.index(a).ok_or(Rejection::OutsideBoard(a))?;
                let ib = self.index(b).ok_or(Rejection::OutsideBoard(b))?;
                for (p, i) in [(a, ia), (b, ib)] {
                    if !self.cells[i].is_land() {
                        return Err(Rejection::BridgeNeedsLand(p, self.cells[i]));
                    }
                }
                if a.row != b.row && a.col != b.col {
                    return Err(Rejection::BridgeNotStraight);
                }
                if a.row.abs_diff(b.row) + a.col.abs_diff(b.col) < 2 {
                    return Err(Rejection::BridgeTooShort);
                }
                for p in span(a, b) {
                    let cell = self.cells[p.row * self.width + p.col];
                    if !cell.is_open_water() {
                        return Err(Rejection::BridgeBlocked(p, cell));
                    }
                }
                let (ra, rb) = (self.islands.find_const(ia), self.islands.find_const(ib));
                if ra == rb {
                    return Err(Rejection::SameIsland);
                }
                self.check_tribes(&[ra, rb])?;
                if self.bridges_left() == Some(0) {
                    return Err(Rejection::NoBridgesLeft);
                }
                let mut roots = [usize::MAX; 4];
                roots[0] = ra;
                roots[1] = rb;
                Ok(Plan { roots, joined: 2 })
            }
        }
    }

    fn check_tribes(&self, roots: &[usize]) -> Result<(), Rejection> {
        let mut seen: Option<Tribe> = None;
        for &r in roots {
            if let Some(t) = self.island_tribe[r] {
                match seen {
                    Some(s) if s != t => {
                        return Err(Rejection::TribesWouldMeet(s.min(t), s.max(t)));
                    }
                    _ => seen = Some(t),
                }
            }
        }
        Ok(())
    }

    fn execute(&mut self, mv: Move, plan: Plan) -> MoveReport {
        let roots = &plan.roots[..plan.joined];
        let joined: Vec<IslandRef> = roots.iter().map(|&r| self.island_ref(r)).collect();
        let tribe = roots.iter().find_map(|&r| self.island_tribe[r]);
        // Islands of one tribe that meet leave that tribe that many islands closer to joined.
        let tribal_islands = roots
            .iter()
            .filter(|&&r| self.island_tribe[r].is_some())
            .count();
        let mut changed = Vec::new();
        // The land cells whose islands the move joins. The plan only read the structure;
        // finding them again here splits the paths it walked.
        let mut ends = [0usize; 4];
        let mut n_ends = 0;
        let mut root = match mv {
            Move::Sand(p) => {
                let i = p.row * self.width + p.col;
                self.set_cell(i, Cell::Land(None));
                changed.push((p, Cell::Shallow, Cell::Land(None)));
                self.counters.sand_used += 1;
                self.counters.islands += 1;
                for k in 0..STEPS.len() {
                    if let Some(j) = self.step(p, k)
                        && self.cells[j].is_land()
                    {
                        ends[n_ends] = j;
                        n_ends += 1;
                    }
                }
                i
            }
            Move::Bridge(a, b) => {
                let axis = if a.row == b.row {
                    Axis::Horizontal
                } else {
                    Axis::Vertical
                };
                for p in span(a, b) {
                    let i = p.row * self.width + p.col;
                    let before = self.cells[i];
                    let plank = Cell::Bridge {
                        axis,
                        over_deep: before == Cell::Deep,
                    };
                    self.set_cell(i, plank);
                    changed.push((p, before, plank));
                }
                self.counters.bridges_used += 1;
                ends[0] = b.row * self.width + b.col;
                n_ends = 1;
                self.islands.find(a.row * self.width + a.col)
            }
        };
        let mut unions = Vec::with_capacity(roots.len());
        for &end in &ends[..n_ends] {
            let other = self.islands.find(end);
            if other == root {
                continue;
            }
            let (before_a, before_b) = (self.island_ref(root), self.island_ref(other));
            let Some(kept) = self.islands.merge(root, other) else {
                continue;
            };
            let (kept_ref, absorbed_ref) = if kept == root {
                (before_a, before_b)
            } else {
                (before_b, before_a)
            };
            unions.push(UnionStep {
                kept: kept_ref,
                absorbed: absorbed_ref,
            });
            if self.island_tribe[kept] != tribe {
                self.set_island_tribe(kept, tribe);
            }
            self.counters.islands -= 1;
            root = kept;
        }
        self.counters.tribe_excess -= tribal_islands.saturating_sub(1);
        let island = self.island_ref(root);
        self.counters.largest = self.counters.largest.max(island.size);
        let points = if joined.len() >= 2 {
            joined
                .iter()
                .fold(1u64, |acc, j| acc.saturating_mul(j.size as u64))
        } else {
            0
        };
        self.counters.score = self.counters.score.saturating_add(points);
        let mut win_bonus = 0;
        if self.goal_holds() {
            self.counters.status = Status::Won;
            let unused = self.sand_left().unwrap_or(0) + self.bridges_left().unwrap_or(0);
            win_bonus = u64::from(unused) * POINTS_PER_UNUSED_MOVE;
            self.counters.score = self.counters.score.saturating_add(win_bonus);
        } else if self.out_of_budget() {
            self.counters.status = Status::Lost;
        }
        MoveReport {
            applied: mv,
            changed,
            joined,
            unions,
            island,
            points,
            win_bonus,
            islands: self.counters.islands,
            score: self.counters.score,
            status: self.counters.status,
        }
    }

    fn step(&self, p: Pos, k: usize) -> Option<usize> {
        let (dr, dc) = STEPS[k];
        let row = p.row.checked_add_signed(dr)?;
        let col = p.col.checked_add_signed(dc)?;
        self.index(Pos::new(row, col))
    }

    fn set_cell(&mut self, i: usize, cell: Cell) {
        if self.open_snapshots > 0 {
            self.log.push(BoardWrite::Cell(i as u32, self.cells[i]));
        }
        self.cells[i] = cell;
    }

    fn set_island_tribe(&mut self, root: usize, tribe: Option<Tribe>) {
        if self.open_snapshots > 0 {
            self.log.push(BoardWrite::IslandTribe(
                root as u32,
                self.island_tribe[root],
            ));
        }
        self.island_tribe[root] = tribe;
    }

    /// The grid as level-file rows (bridges as `=` and `|`).
    pub fn to_rows(&self) -> Vec<String> {
        self.cells
            .chunks(self.width)
            .map(|row| row.iter().map(|c| c.to_char()).collect())
            .collect()
    }
}

/// Distinct island roots a move joins (up to four for sand, two for a bridge).
#[derive(Debug, Clone, Copy)]
struct Plan {
    roots: [usize; 4],
    joined: usize,
}

/// The cells strictly between two cells of one row or column.
pub fn span(a: Pos, b: Pos) -> impl Iterator<Item = Pos> {
    let horizontal = a.row == b.row;
    let (lo, hi) = if horizontal {
        (a.col.min(b.col), a.col.max(b.col))
    } else {
        (a.row.min(b.row), a.row.max(b.row))
    };
    (lo + 1..hi).map(move |k| {
        if horizontal {
            Pos::new(a.row, k)
        } else {
            Pos::new(k, a.col)
        }
    })
}

#[cfg(test)]
#[path = "board_tests.rs"]
mod tests;
