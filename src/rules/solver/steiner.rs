//! `ConnectAll` as a node-weighted Steiner tree problem: the bound and the plans of the
//! solver's main engine.
//!
//! The graph: one node per island (weight 0, every cell of it) and one per shallow cell that
//! sand may fill (weight 1). Neighbouring nodes are joined for free; a bridge edge (cost 1)
//! joins two nodes in one row or column with at least one cell of open water between them
//! and nothing else. Any winning set of moves joins each tribe's islands (all islands, when
//! there are no tribes) through its sand cells and bridges, which is a connected subgraph
//! here that costs at most the number of moves. So the cheapest tree spanning a tribe's
//! islands is a lower bound on the moves that tribe needs; one island, sand cell or bridge
//! serves one tribe only, so the bounds of the tribes add up. The tree ignores the side
//! rules (bridges never cross, a bridge's cells take no sand), so it is a bound, and a plan
//! that wins whenever it respects them.
//!
//! For a tribe, the land of other tribes and the shallow cells touching it are left out: sand
//! there would join the other tribe.
//!
//! The tree comes from the Dreyfus-Wagner programme over subsets of terminals in its
//! Erickson-Monma-Veinott form: `dp[S][v]` is the cheapest tree spanning the terminals in `S`
//! and node `v` (weight of `v` included). Each subset first merges two smaller subsets at
//! every node, then spreads along the edges with a bucket-queue Dijkstra (costs are 0, 1
//! or 2). Values above a cap are dropped (a tree's cost only grows with its terminal set), so
//! a search that only asks "is it at most B?" pays for B, not for the whole board.

use crate::rules::board::{Board, span};
use crate::rules::cell::{Cell, Pos, Tribe};
use crate::rules::moves::Move;

/// "More than the cap" in a table.
pub const INF: u16 = 0x7FFF;
/// The largest cap a table takes (a tree on a 64 x 64 board costs far less).
pub const MAX_CAP: u16 = 0x3FFF;
/// Terminals per table: the work grows as 3^k.
pub const MAX_TERMINALS: usize = 12;
/// Entries per table (2^k x nodes), to bound memory.
const MAX_TABLE: usize = 1 << 24;
const NONE: u32 = u32::MAX;
const STEPS: [(isize, isize); 4] = [(0, 1), (1, 0), (0, -1), (-1, 0)];

/// The islands of a board: each land cell's union-find root and each root's tribe.
pub struct Islands {
    root: Vec<u32>,
    tribe: Vec<Option<Tribe>>,
    /// Islands per tribe.
    per_tribe: [u32; Tribe::COUNT],
    count: usize,
}

impl Islands {
    pub fn of(board: &Board) -> Islands {
        let n = board.width() * board.height();
        let mut root = vec![NONE; n];
        let mut tribe = vec![None; n];
        let mut per_tribe = [0; Tribe::COUNT];
        let mut count = 0;
        for (i, r) in root.iter_mut().enumerate() {
            let p = board.pos(i);
            if let Some(rp) = board.island_root(p) {
                *r = (rp.row * board.width() + rp.col) as u32;
                if *r as usize == i {
                    count += 1;
                    tribe[i] = board.island_tribe(p);
                    if let Some(t) = tribe[i] {
                        per_tribe[t.index()] += 1;
                    }
                }
            }
        }
        Islands {
            root,
            tribe,
            per_tribe,
            count,
        }
    }

    /// The groups of islands that must be joined: one per tribe with two islands or more, or,
    /// without tribes, all islands. Each is a scope for [`Graph::build`].
    pub fn scopes(&self, board: &Board) -> Vec<Option<Tribe>> {
        if !board.has_tribes() {
            return if self.count >= 2 { vec![None] } else { vec![] };
        }
        (0..Tribe::COUNT as u8)
            .filter_map(Tribe::new)
            .filter(|t| self.per_tribe[t.index()] >= 2)
            .map(Some)
            .collect()
    }
}

/// The cell one step from cell `i` in direction `d` on a `w` x `h` board, if it is on it.
fn step(w: usize, h: usize, i: usize, (dr, dc): (isize, isize)) -> Option<usize> {
    let row = (i / w).checked_add_signed(dr)?;
    let col = (i % w).checked_add_signed(dc)?;
    (row < h && col < w).then_some(row * w + col)
}

/// Calls `land(j, first, last)` for each cell `j` a bridge from cell `i` heading `d` may
/// land on: past a straight run of at least one cell of open water, shallow water (that sand
/// makes land) or the land that ends the run. `first` and `last` are the first and last
/// cells the bridge passes over.
fn for_each_landing(
    cells: &[Cell],
    w: usize,
    h: usize,
    i: usize,
    d: (isize, isize),
    mut land: impl FnMut(usize, usize, usize),
) {
    let Some(first) = step(w, h, i, d) else {
        return;
    };
    let (mut j, mut last, mut run) = (first, first, 0);
    loop {
        if cells[j].is_open_water() {
            if run > 0 && cells[j] == Cell::Shallow {
                land(j, first, last);
            }
            run += 1;
            last = j;
        } else {
            if run > 0 && cells[j].is_land() {
                land(j, first, last);
            }
            return;
        }
        match step(w, h, j, d) {
            Some(next) => j = next,
            None => return,
        }
    }
}

/// Whether `scope`'s islands can still be joined at all: what [`Graph::build`] and then
/// [`Graph::joinable`] say, by a search over the cells that stops once every island is
/// reached, without building the graph (the greedy play asks after every move).
pub fn joinable(board: &Board, islands: &Islands, scope: Option<Tribe>) -> bool {
    let (w, h) = (board.width(), board.height());
    let cells = board.cells();
    let sand_ok = board.sand_left() != Some(0);
    let bridges_ok = board.bridges_left() != Some(0);
    let step = |i: usize, d: (isize, isize)| step(w, h, i, d);
    let foreign = |i: usize| -> bool {
        let r = islands.root[i];
        r != NONE && scope.is_some() && islands.tribe[r as usize].is_some_and(|t| Some(t) != scope)
    };
    // The cells that are nodes of the scope's graph (an island's cells make one node).
    let node = |i: usize| -> bool {
        if islands.root[i] != NONE {
            !foreign(i)
        } else {
            cells[i] == Cell::Shallow
                && sand_ok
                && STEPS
                    .iter()
                    .all(|&d| step(i, d).is_none_or(|j| !foreign(j)))
        }
    };
    let terminal = |i: usize| {
        let r = islands.root[i];
        r != NONE && (scope.is_none() || islands.tribe[r as usize] == scope)
    };
    let mut left = match scope {
        Some(t) => islands.per_tribe[t.index()] as usize,
        None => islands.count,
    };
    let Some(first) = (0..w * h).find(|&i| terminal(i)) else {
        return true;
    };
    // The cells of each island, grouped by root: a bridge already laid joins cells that are
    // not neighbours, and reaching one cell of an island reaches them all.
    let n = w * h;
    let mut start = vec![0u32; n + 1];
    for &r in &islands.root {
        if r != NONE {
            start[r as usize + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut members = vec![0u32; start[n] as usize];
    for (i, &r) in islands.root.iter().enumerate() {
        if r != NONE {
            members[next[r as usize] as usize] = i as u32;
            next[r as usize] += 1;
        }
    }
    let mut seen = vec![false; n];
    let mut root_seen = vec![false; n];
    let mut stack = vec![first];
    seen[first] = true;
    while let Some(i) = stack.pop() {
        let r = islands.root[i];
        if r != NONE && !root_seen[r as usize] {
            let r = r as usize;
            root_seen[r] = true;
            for &cell in &members[start[r] as usize..start[r + 1] as usize] {
                if !seen[cell as usize] {
                    seen[cell as usize] = true;
                    stack.push(cell as usize);
                }
            }
            if terminal(i) {
                left -= 1;
                if left == 0 {
                    return true;
                }
            }
        }
        for d in STEPS {
            let Some(j) = step(i, d) else { continue };
            if !seen[j] && node(j) {
                seen[j] = true;
                stack.push(j);
            }
            if bridges_ok {
                for_each_landing(cells, w, h, i, d, |j, _, _| {
                    if !seen[j] && node(j) {
                        seen[j] = true;
                        stack.push(j);
                    }
                });
            }
        }
    }
    false
}

/// A cell one tribe's island would hold once its plan is played, and whether a search may
/// bar it from that tribe (shallow water or neutral land).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub tribe: Tribe,
    pub cell: Pos,
    pub barrable: bool,
}

/// Where two tribes' plans meet: a cell both islands would hold, or two neighbouring cells
/// of two tribes' islands (which would then be one island, which the rules forbid). Each
/// tribe's island is worked out from its own plan: its land, its sand and bridges, and the
/// neutral land they touch. Any
/// winning move set leaves one of the two cells out of its tribe's island, so a search can
/// split on it. `plans` holds each tribe's moves; tribes without moves keep their land.
pub fn tribes_meeting(
    board: &Board,
    islands: &Islands,
    plans: &[(Tribe, &[Move])],
) -> Option<[Held; 2]> {
    let (w, h) = (board.width(), board.height());
    let n = w * h;
    let index = |p: Pos| p.row * w + p.col;
    let pos = |i: usize| Pos::new(i / w, i % w);
    let neighbours = move |i: usize| STEPS.into_iter().filter_map(move |d| step(w, h, i, d));
    let tribe_of = |i: usize| match islands.root[i] {
        NONE => None,
        r => islands.tribe[r as usize],
    };
    // Each cell's tribe (index + 1; 0: nobody's), tribe by tribe.
    let mut owner = vec![0u8; n];
    let mut sand = vec![false; n];
    let mut stack = Vec::new();
    // Tribal land is never barred: its own tribe's holds it, another's never takes it in.
    let held = |tribe: Tribe, i: usize| Held {
        tribe,
        cell: pos(i),
        barrable: tribe_of(i).is_none(),
    };
    for tribe in (0..Tribe::COUNT as u8).filter_map(Tribe::new) {
        let moves = plans
            .iter()
            .find(|(t, _)| *t == tribe)
            .map_or(&[][..], |(_, m)| *m);
        let mark = tribe.index() as u8 + 1;
        let mut bridges: Vec<(usize, usize)> = Vec::new();
        for &mv in moves {
            match mv {
                Move::Sand(p) => sand[index(p)] = true,
                Move::Bridge(a, b) => bridges.push((index(a), index(b))),
            }
        }
        stack.extend((0..n).filter(|&i| tribe_of(i) == Some(tribe)));
        let mut reached = vec![false; n];
        let mut cells = Vec::new();
        while let Some(i) = stack.pop() {
            if reached[i] {
                continue;
            }
            reached[i] = true;
            cells.push(i);
            stack.extend(neighbours(i).filter(|&j| islands.root[j] != NONE || sand[j]));
            for &(a, b) in &bridges {
                if a == i {
                    stack.push(b);
                } else if b == i {
                    stack.push(a);
                }
            }
        }
        for &mv in moves {
            if let Move::Sand(p) = mv {
                sand[index(p)] = false;
            }
        }
        for &i in &cells {
            if owner[i] != 0 && owner[i] != mark {
                let other = Tribe::new(owner[i] - 1)?;
                return Some([held(other, i), held(tribe, i)]);
            }
            owner[i] = mark;
        }
    }
    for i in 0..n {
        if owner[i] == 0 {
            continue;
        }
        if let Some(j) = neighbours(i).find(|&j| owner[j] != 0 && owner[j] != owner[i]) {
            let (a, b) = (Tribe::new(owner[i] - 1)?, Tribe::new(owner[j] - 1)?);
            return Some([held(a, i), held(b, j)]);
        }
    }
    None
}

/// Moves a search branch has ruled out: no tree may use them.
#[derive(Debug, Clone, Default)]
pub struct Forbidden {
    /// Cells that take no sand.
    pub sand: Vec<Pos>,
    /// Bridges (normalized) that are not laid.
    pub bridges: Vec<Move>,
    /// Cells no bridge may pass over, with the bridges' direction (true: along a row).
    pub spans: Vec<(Pos, bool)>,
    /// Cells a tribe's island may not take in (where two tribes' trees met): a shallow cell
    /// takes no sand of that tribe; a neutral island's cell bars the whole island, and the
    /// sand beside it, from that tribe.
    pub outside: Vec<(Tribe, Pos)>,
}

impl Forbidden {
    /// Adds `more`'s rules to these.
    pub fn extend(&mut self, more: Forbidden) {
        self.sand.extend(more.sand);
        self.bridges.extend(more.bridges);
        self.spans.extend(more.spans);
        self.outside.extend(more.outside);
    }

    /// Whether `scope`'s tree of `moves` keeps to these rules. A tribe barred from a cell
    /// counts as breaking them (whether its island would hold the cell is not worked out).
    pub fn allows(&self, scope: Option<Tribe>, moves: &[Move]) -> bool {
        let row = |a: Pos, b: Pos| a.row == b.row;
        self.outside.iter().all(|&(tribe, _)| Some(tribe) != scope)
            && moves.iter().all(|&mv| match mv {
                Move::Sand(p) => !self.sand.contains(&p),
                Move::Bridge(a, b) => {
                    !self.bridges.contains(&mv.normalized())
                        && !self.spans.iter().any(|&(cell, along_row)| {
                            along_row == row(a, b) && span(a, b).any(|c| c == cell)
                        })
                }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.sand.is_empty()
            && self.bridges.is_empty()
            && self.spans.is_empty()
            && self.outside.is_empty()
    }
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    to: u32,
    /// 1 for a bridge, 0 between neighbours.
    cost: u16,
    from_cell: u32,
    to_cell: u32,
}

/// The Steiner graph of one scope (a tribe, or all islands).
pub struct Graph {
    width: usize,
    weight: Vec<u16>,
    /// A cell of each node (the cell itself for shallow water).
    cell: Vec<u32>,
    start: Vec<u32>,
    edges: Vec<Edge>,
    /// The edges again, packed for the Dijkstra loop: `to << 2 | cost of entering to`.
    packed: Vec<u32>,
    node_of: Vec<u32>,
    /// Every terminal (island node) of the scope.
    terminals: Vec<u32>,
    /// Terminals a Dreyfus-Wagner table takes: the first `table_terminals` of them.
    table_terminals: usize,
    /// Some terminals were left out to keep the table small: the bound still holds, but a
    /// tree does not join everything.
    pub partial: bool,
}

impl Graph {
    /// The graph for joining `scope`'s islands (`None`: all islands, on a board without
    /// tribes).
    pub fn build(board: &Board, islands: &Islands, scope: Option<Tribe>) -> Graph {
        Graph::build_without(board, islands, scope, &Forbidden::default())
    }

    /// [`Graph::build`] without the moves in `forbidden`.
    pub fn build_without(
        board: &Board,
        islands: &Islands,
        scope: Option<Tribe>,
        forbidden: &Forbidden,
    ) -> Graph {
        let (w, h) = (board.width(), board.height());
        let pos = |i: usize| Pos::new(i / w, i % w);
        let cells = board.cells();
        let n = w * h;
        let sand_ok = board.sand_left() != Some(0);
        let bridges_ok = board.bridges_left() != Some(0);
        let step = |i: usize, d: (isize, isize)| step(w, h, i, d);
        // Islands and shallow cells this scope's island may not take in.
        let (mut barred_islands, mut barred_sand) = (Vec::new(), Vec::new());
        for &(tribe, p) in &forbidden.outside {
            if Some(tribe) == scope && p.row < h && p.col < w {
                let i = p.row * w + p.col;
                match islands.root[i] {
                    NONE => barred_sand.push(i),
                    r => barred_islands.push(r),
                }
            }
        }
        // Land of another tribe, or barred: never part of this scope's tree.
        let foreign = |i: usize| -> bool {
            let r = islands.root[i];
            r != NONE
                && (scope.is_some() && islands.tribe[r as usize].is_some_and(|t| Some(t) != scope)
                    || barred_islands.contains(&r))
        };
        let mut g = Graph {
            width: w,
            weight: Vec::new(),
            cell: Vec::new(),
            start: Vec::new(),
            edges: Vec::new(),
            packed: Vec::new(),
            node_of: vec![NONE; n],
            terminals: Vec::new(),
            table_terminals: 0,
            partial: false,
        };
        for (i, &cell) in cells.iter().enumerate() {
            let r = islands.root[i];
            if r != NONE {
                if foreign(i) {
                    continue;
                }
                let r = r as usize;
                if g.node_of[r] == NONE {
                    g.node_of[r] = g.weight.len() as u32;
                    g.weight.push(0);
                    g.cell.push(r as u32);
                    if scope.is_none() || islands.tribe[r] == scope {
                        g.terminals.push(g.node_of[r]);
                    }
                }
                g.node_of[i] = g.node_of[r];
            } else if cell == Cell::Shallow
                && sand_ok
                && !forbidden.sand.contains(&pos(i))
                && !barred_sand.contains(&i)
                && STEPS
                    .iter()
                    .all(|&d| step(i, d).is_none_or(|j| !foreign(j)))
            {
                g.node_of[i] = g.weight.len() as u32;
                g.weight.push(1);
                g.cell.push(i as u32);
            }
        }
        let mut edges: Vec<(u32, Edge)> = Vec::new();
        for i in 0..n {
            let from = g.node_of[i];
            if from == NONE {
                continue;
            }
            // `over`: the first and last cell a bridge passes over and whether it runs along
            // a row, for the span rule.
            let mut add = |j: usize, cost: u16, over: Option<(usize, usize, bool)>| {
                let to = g.node_of[j];
                let ruled_out = cost == 1
                    && (!forbidden.bridges.is_empty()
                        && forbidden
                            .bridges
                            .contains(&Move::Bridge(pos(i), pos(j)).normalized())
                        || over.is_some_and(|(first, last, along_row)| {
                            forbidden.spans.iter().any(|&(cell, row)| {
                                let c = cell.row * w + cell.col;
                                row == along_row
                                    && if along_row {
                                        c / w == first / w
                                            && (first.min(last)..=first.max(last)).contains(&c)
                                    } else {
                                        c % w == first % w
                                            && (first.min(last)..=first.max(last)).contains(&c)
                                    }
                            })
                        }));
                if to != NONE && to != from && !ruled_out {
                    let edge = Edge {
                        to,
                        cost,
                        from_cell: i as u32,
                        to_cell: j as u32,
                    };
                    edges.push((from, edge));
                }
            };
            for d in STEPS {
                let Some(j) = step(i, d) else { continue };
                add(j, 0, None);
                if !bridges_ok {
                    continue;
                }
                for_each_landing(cells, w, h, i, d, |j, first, last| {
                    add(j, 1, Some((first, last, d.0 == 0)));
                });
            }
        }
        // The edges grouped by the node they leave (a counting sort: a node has a handful,
        // where one sort of all of them cost a third of a large board's search), then the
        // cheapest edge per pair of nodes, each node's edges ordered by where they go.
        let nodes = g.weight.len();
        let mut start = vec![0u32; nodes + 1];
        for &(from, _) in &edges {
            start[from as usize + 1] += 1;
        }
        for v in 0..nodes {
            start[v + 1] += start[v];
        }
        let mut next = start.clone();
        let mut grouped = vec![
            Edge {
                to: 0,
                cost: 0,
                from_cell: 0,
                to_cell: 0,
            };
            edges.len()
        ];
        for &(from, e) in &edges {
            grouped[next[from as usize] as usize] = e;
            next[from as usize] += 1;
        }
        g.start = vec![0; nodes + 1];
        let mut kept = 0;
        for v in 0..nodes {
            let group = &mut grouped[start[v] as usize..start[v + 1] as usize];
            group.sort_unstable_by_key(|e| (e.to, e.cost, e.from_cell, e.to_cell));
            let mut last_to = NONE;
            for i in start[v]..start[v + 1] {
                let e = grouped[i as usize];
                if e.to != last_to {
                    last_to = e.to;
                    grouped[kept] = e;
                    kept += 1;
                }
            }
            g.start[v + 1] = kept as u32;
        }
        grouped.truncate(kept);
        g.edges = grouped;
        g.packed = g
            .edges
            .iter()
            .map(|e| e.to << 2 | u32::from(e.cost + g.weight[e.to as usize]))
            .collect();
        // Keep the table within bounds; any subset of terminals still gives a bound.
        let mut k = g.terminals.len().min(MAX_TERMINALS);
        while k > 1 && (nodes << k) > MAX_TABLE {
            k -= 1;
        }
        g.table_terminals = k;
        g.partial = k < g.terminals.len();
        g
    }

    /// Whether the terminals can be joined at all, whatever it costs.
    pub fn joinable(&self) -> bool {
        let Some(&first) = self.terminals.first() else {
            return true;
        };
        let mut seen = vec![false; self.nodes()];
        let mut stack = vec![first as usize];
        seen[first as usize] = true;
        while let Some(v) = stack.pop() {
            for e in self.edges_of(v) {
                if !seen[e.to as usize] {
                    seen[e.to as usize] = true;
                    stack.push(e.to as usize);
                }
            }
        }
        self.terminals.iter().all(|&t| seen[t as usize])
    }

    pub fn nodes(&self) -> usize {
        self.weight.len()
    }

    /// Islands this scope must join.
    pub fn terminals(&self) -> usize {
        self.terminals.len()
    }

    /// The terminals a Dreyfus-Wagner table takes (all of them unless `partial`).
    fn table_terminals(&self) -> &[u32] {
        &self.terminals[..self.table_terminals]
    }

    /// Node weights: 1 for a cell sand may fill, 0 for an island.
    pub(super) fn weights(&self) -> &[u16] {
        &self.weight
    }

    /// All terminals of the scope.
    pub(super) fn terminal_nodes(&self) -> &[u32] {
        &self.terminals
    }

    /// The arcs leaving `v`: `(to, cost of entering to)` where the cost is the edge's (1 for
    /// a bridge) plus `to`'s weight; each arc's index is its place in the edge list.
    pub(super) fn arcs_of(&self, v: usize) -> std::ops::Range<usize> {
        self.start[v] as usize..self.start[v + 1] as usize
    }

    pub(super) fn arc(&self, a: usize) -> (usize, u16) {
        let e = self.packed[a];
        ((e >> 2) as usize, (e & 3) as u16)
    }

    /// The move an arc stands for when a tree uses it: a bridge, or nothing (neighbours).
    pub(super) fn arc_move(&self, a: usize) -> Option<Move> {
        let e = self.edges[a];
        (e.cost == 1).then(|| Move::Bridge(self.pos(e.from_cell), self.pos(e.to_cell)).normalized())
    }

    /// The sand move that fills node `v`, if it is a shallow cell.
    pub(super) fn sand_move(&self, v: usize) -> Option<Move> {
        (self.weight[v] == 1).then(|| Move::Sand(self.pos(self.cell[v])))
    }

    /// The node holding the cell at `pos`, if it is in this graph.
    pub fn node_at(&self, pos: Pos) -> Option<usize> {
        if pos.col >= self.width {
            return None;
        }
        let i = pos.row.checked_mul(self.width)?.checked_add(pos.col)?;
        let node = *self.node_of.get(i)?;
        (node != NONE).then_some(node as usize)
    }

    fn edges_of(&self, v: usize) -> &[Edge] {
        &self.edges[self.start[v] as usize..self.start[v + 1] as usize]
    }

    fn pos(&self, cell: u32) -> Pos {
        Pos::new(cell as usize / self.width, cell as usize % self.width)
    }
}

/// Buffers reused from one table to the next.
#[derive(Default)]
pub struct Work {
    buckets: Vec<Vec<u32>>,
}

/// The Dreyfus-Wagner table of one graph: `dp[S][v]` for every subset `S` of terminals.
pub struct Table {
    k: usize,
    n: usize,
    cap: u16,
    dp: Vec<u16>,
}

impl Table {
    /// Fills the table, dropping values above `cap`. `stop()` is asked now and then; `None`
    /// when it said stop.
    pub fn solve(
        g: &Graph,
        cap: u16,
        work: &mut Work,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Table> {
        let cap = cap.min(MAX_CAP);
        let (k, n) = (g.table_terminals().len(), g.nodes());
        let full = 1usize << k;
        let mut dp = vec![INF; full * n];
        dp[..n].copy_from_slice(&g.weight);
        if work.buckets.len() <= cap as usize {
            work.buckets.resize_with(cap as usize + 1, Vec::new);
        }
        for mask in 1..full {
            if mask % 64 == 0 && stop() {
                return None;
            }
            let (lower, upper) = dp.split_at_mut(mask * n);
            let row = &mut upper[..n];
            if mask.is_power_of_two() {
                row[g.table_terminals()[mask.trailing_zeros() as usize] as usize] = 0;
            } else {
                // Every split of the subset into two, each split once (the part holding its
                // lowest terminal first).
                let low = mask & mask.wrapping_neg();
                let rest = mask ^ low;
                let mut sub = rest.wrapping_sub(1) & rest;
                loop {
                    let a = low | sub;
                    let b = mask ^ a;
                    let (ra, rb) = (&lower[a * n..a * n + n], &lower[b * n..b * n + n]);
                    // Both parts hold v, so its weight counts once. Finite values are at
                    // least the weight; a sum with INF stays above the cap.
                    for ((out, (&x, &y)), &w) in
                        row.iter_mut().zip(ra.iter().zip(rb)).zip(&g.weight)
                    {
                        *out = (*out).min(x + y - w);
                    }
                    if sub == 0 {
                        break;
                    }
                    sub = (sub - 1) & rest;
                }
                for x in row.iter_mut() {
                    if *x > cap {
                        *x = INF;
                    }
                }
            }
            spread(g, row, cap, &mut work.buckets);
        }
        Some(Table { k, n, cap, dp })
    }

    fn row(&self, mask: usize) -> &[u16] {
        &self.dp[mask * self.n..(mask + 1) * self.n]
    }

    fn full(&self) -> usize {
        (1 << self.k) - 1
    }

    /// The cheapest tree joining every terminal, or `None` when it costs more than the cap
    /// (or the terminals cannot be joined at all).
    pub fn value(&self) -> Option<u16> {
        if self.k <= 1 {
            return Some(0);
        }
        let t = self.row(self.full());
        let v = t.iter().copied().min().unwrap_or(INF);
        (v <= self.cap).then_some(v)
    }

    /// The cheapest tree joining every terminal and passing through `node` (its weight
    /// included), or `None` above the cap.
    pub fn through(&self, node: usize) -> Option<u16> {
        let v = self.row(self.full())[node];
        (v <= self.cap).then_some(v)
    }

    /// The cheapest tree joining every terminal that uses a bridge between `a` and `b` (the
    /// bridge counted; the caller knows the bridge can be laid), or `None` above the cap.
    pub fn through_edge(&self, a: usize, b: usize) -> Option<u16> {
        let full = self.full();
        let best = (0..=full)
            .map(|s| u32::from(self.row(s)[a]) + u32::from(self.row(full ^ s)[b]) + 1)
            .min()
            .unwrap_or(u32::MAX);
        (best <= u32::from(self.cap)).then_some(best as u16)
    }

    /// The moves of one cheapest tree (sand first, then bridges), or `None` when its cost is
    /// above the cap.
    pub fn tree(&self, g: &Graph) -> Option<Vec<Move>> {
        self.value()?;
        let mut in_tree = vec![false; self.n];
        let mut bridges: Vec<Move> = Vec::new();
        if self.k >= 2 {
            let full = self.full();
            let t = self.row(full);
            let start = (0..self.n).min_by_key(|&v| t[v])?;
            let mut stack = vec![(full, start)];
            // Each step goes to smaller subsets or strictly cheaper states, except a free
            // step from an island to its neighbour; the budget only guards against a bug.
            let mut budget = 64 * self.n * (self.k + 1) + 1024;
            while let Some((mask, v)) = stack.pop() {
                budget = budget.checked_sub(1)?;
                in_tree[v] = true;
                let here = self.row(mask)[v];
                if mask.is_power_of_two()
                    && g.table_terminals()[mask.trailing_zeros() as usize] as usize == v
                {
                    continue;
                }
                if let Some((a, b)) = self.split_at(g, mask, v, here) {
                    stack.push((a, v));
                    stack.push((b, v));
                    continue;
                }
                let row = self.row(mask);
                let before = g.edges_of(v).iter().find(|e| {
                    let u = e.to as usize;
                    row[u] <= self.cap && row[u] + e.cost + g.weight[v] == here
                })?;
                if before.cost == 1 {
                    bridges.push(
                        Move::Bridge(g.pos(before.to_cell), g.pos(before.from_cell)).normalized(),
                    );
                }
                stack.push((mask, before.to as usize));
            }
        }
        let mut moves: Vec<Move> = (0..self.n)
            .filter(|&v| in_tree[v] && g.weight[v] == 1)
            .map(|v| Move::Sand(g.pos(g.cell[v])))
            .collect();
        bridges.sort_unstable();
        bridges.dedup();
        moves.extend(bridges);
        Some(moves)
    }

    fn split_at(&self, g: &Graph, mask: usize, v: usize, here: u16) -> Option<(usize, usize)> {
        if mask.is_power_of_two() {
            return None;
        }
        let low = mask & mask.wrapping_neg();
        let rest = mask ^ low;
        let mut sub = rest.wrapping_sub(1) & rest;
        loop {
            let (a, b) = (low | sub, mask ^ (low | sub));
            let (x, y) = (self.row(a)[v], self.row(b)[v]);
            if x <= self.cap && y <= self.cap && x + y - g.weight[v] == here {
                return Some((a, b));
            }
            if sub == 0 {
                return None;
            }
            sub = (sub - 1) & rest;
        }
    }
}

/// Dijkstra from every node at once, starting from `row`'s values; bucket queue, since an
/// edge costs 0, 1 or 2 with the weight of the node it enters.
fn spread(g: &Graph, row: &mut [u16], cap: u16, buckets: &mut [Vec<u32>]) {
    let mut lo = usize::MAX;
    let mut hi = 0;
    for (v, &d) in row.iter().enumerate() {
        if d <= cap {
            buckets[d as usize].push(v as u32);
            lo = lo.min(d as usize);
            hi = hi.max(d as usize);
        }
    }
    if lo == usize::MAX {
        return;
    }
    let mut d = lo;
    while d <= hi {
        while let Some(v) = buckets[d].pop() {
            let v = v as usize;
            if row[v] as usize != d {
                continue;
            }
            let edges = &g.packed[g.start[v] as usize..g.start[v + 1] as usize];
            for &e in edges {
                let u = (e >> 2) as usize;
                let nd = d + (e & 3) as usize;
                if nd <= cap as usize && (nd as u16) < row[u] {
                    row[u] = nd as u16;
                    buckets[nd].push(u as u32);
                    hi = hi.max(nd);
                }
            }
        }
        d += 1;
    }
}

/// The Steiner bound of a `ConnectAll` position: the sum over scopes of the cheapest trees,
/// uncapped. `None` when some scope cannot be joined at all.
pub fn bound(board: &Board) -> Option<u32> {
    let islands = Islands::of(board);
    let mut work = Work::default();
    let mut total = 0;
    for scope in islands.scopes(board) {
        let g = Graph::build(board, &islands, scope);
        if !g.joinable() {
            return None;
        }
        let table = Table::solve(&g, MAX_CAP, &mut work, &mut || false)?;
        total += u32::from(table.value()?);
    }
    Some(total)
}
