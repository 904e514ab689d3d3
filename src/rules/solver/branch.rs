//! Exact Steiner trees for scopes with more islands than a Dreyfus-Wagner table takes:
//! branch and bound over the graph's nodes, bounded by dual ascent.
//!
//! The tree is rooted at one island and read as a directed tree: entering a node costs the
//! edge (1 for a bridge) plus the node's weight (1 for sand), so a tree's cost is the sum of
//! its arcs. **Dual ascent** (Wong 1984) raises the dual of the directed cut relaxation: a
//! terminal the root cannot reach yet over arcs of reduced cost 0 grows the set of nodes
//! that reach it that way, and the cheapest arc entering that set is paid for by every arc
//! entering it. The sum paid is a lower bound on every tree, and every tree costs at least
//! that bound plus its arcs' reduced costs. That second fact removes nodes and arcs: one on no
//! tree cheaper than the search's limit (the reduced distance from the root to it, plus on to
//! a terminal, already passes the limit) goes. Costs are small integers, so each round of the
//! ascent raises the bound by at least one and a bound costs a few passes over the graph.
//!
//! Branching takes a node that may or may not be in the tree: one child must use it (it
//! becomes a terminal, which strengthens the ascent) and one must not (it is deleted).
//! Children wait best bound first, so the smallest waiting bound is a proven lower bound at
//! every moment (anytime), and the best tree found (shortest paths from the root, then a
//! spanning tree of its nodes with leaves that join nothing cut off) is the upper bound.

use super::steiner::Graph;
use crate::rules::moves::Move;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// "No path" in reduced distances.
const FAR: u32 = u32::MAX / 4;
/// Branch-and-bound nodes kept waiting at once; past it the search gives up its proof
/// (memory, not time, would run out first).
const MAX_WAITING: usize = 200_000;

/// What a search found about one scope's cheapest tree.
#[derive(Debug, Clone)]
pub struct TreeSearch {
    /// The cheapest tree's cost when proven and at most the cap.
    pub value: Option<u32>,
    /// A proven lower bound on every tree (above the cap when none fits under it).
    pub lower: u32,
    /// True when the search ran to its end (no stop).
    pub finished: bool,
    /// The cheapest tree found, as moves (sand, then bridges), and its cost.
    pub best: Option<(u32, Vec<Move>)>,
    /// Branch-and-bound nodes evaluated.
    pub evaluated: u64,
}

/// One branch: nodes it must use (terminals, the root first) and nodes and arcs it may not.
#[derive(Clone)]
struct Branch {
    terminals: Vec<u32>,
    gone: Vec<bool>,
    arc_gone: Vec<bool>,
}

/// The graph's arcs with their reverses, for walking into a node.
struct Arcs<'a> {
    g: &'a Graph,
    /// `reverse[a]`: the arc going back along `a`.
    reverse: Vec<u32>,
}

impl<'a> Arcs<'a> {
    fn new(g: &'a Graph) -> Arcs<'a> {
        let mut reverse = vec![0u32; g.arcs_of(g.nodes() - 1).end];
        for v in 0..g.nodes() {
            for a in g.arcs_of(v) {
                let (to, _) = g.arc(a);
                // The graph's edges are symmetric and sorted by target within a node.
                let back = g
                    .arcs_of(to)
                    .find(|&b| g.arc(b).0 == v)
                    .expect("every edge has its reverse");
                reverse[a] = back as u32;
            }
        }
        Arcs { g, reverse }
    }
}

/// The cheapest tree joining `g`'s terminals, if it costs at most `cap`; `stop()` is asked
/// between branches (the first branch, with its bound and a first tree, always runs).
pub fn search(g: &Graph, cap: u32, stop: &mut dyn FnMut() -> bool) -> TreeSearch {
    let n = g.nodes();
    let terminals: Vec<u32> = g.terminal_nodes().to_vec();
    let mut result = TreeSearch {
        value: None,
        lower: 0,
        finished: true,
        best: None,
        evaluated: 0,
    };
    if terminals.len() <= 1 {
        result.value = Some(0);
        result.best = Some((0, Vec::new()));
        return result;
    }
    if n == 0 {
        result.lower = cap.saturating_add(1);
        return result;
    }
    let arcs = Arcs::new(g);
    let arc_count = arcs.reverse.len();
    let mut work = Work::new(n, arc_count);
    let mut waiting: BinaryHeap<(Reverse<u32>, u32, usize)> = BinaryHeap::new();
    let mut branches: Vec<Option<Branch>> = vec![Some(Branch {
        terminals,
        gone: vec![false; n],
        arc_gone: vec![false; arc_count],
    })];
    waiting.push((Reverse(0), 0, 0));
    let mut best_cost = u32::MAX;
    // The bound of the branches stopped before they were evaluated.
    let mut stopped_at = u32::MAX;
    while let Some((Reverse(parent_bound), depth, i)) = waiting.pop() {
        let limit = cap.min(best_cost.saturating_sub(1));
        if parent_bound > limit {
            continue;
        }
        if result.evaluated > 0 && (stop() || waiting.len() > MAX_WAITING) {
            stopped_at = parent_bound;
            result.finished = false;
            break;
        }
        let Some(mut branch) = branches[i].take() else {
            continue;
        };
        result.evaluated += 1;
        let Some(ascent) = work.ascend(&arcs, &branch) else {
            continue; // Some terminal cannot be reached.
        };
        let bound = ascent.max(parent_bound);
        // A tree from the shortest paths: the upper bound, and where to branch.
        if let Some((cost, _, moves)) = work.heuristic_tree(&arcs, &branch)
            && cost < best_cost
        {
            best_cost = cost;
            result.best = Some((cost, moves));
        }
        let limit = cap.min(best_cost.saturating_sub(1));
        if bound > limit {
            continue;
        }
        // The reduced costs belong to this ascent, so its own bound goes with them.
        work.reduce(&arcs, &mut branch, ascent, limit);
        let Some(v) = work.branch_node(&arcs, &branch) else {
            // No node left to decide: the heuristic's tree over the terminals was exact.
            continue;
        };
        let mut with = branch.clone();
        with.terminals.push(v as u32);
        let mut without = branch;
        without.gone[v] = true;
        for child in [with, without] {
            branches.push(Some(child));
            waiting.push((Reverse(bound), depth + 1, branches.len() - 1));
        }
    }
    let waiting_bound = waiting
        .iter()
        .map(|&(Reverse(b), _, _)| b)
        .min()
        .unwrap_or(u32::MAX)
        .min(stopped_at);
    // Every tree under the limit lies in a waiting branch, or is the best found.
    let proven = best_cost.min(cap.saturating_add(1)).min(waiting_bound);
    result.lower = proven;
    if result.finished && best_cost <= cap {
        result.value = Some(best_cost);
    }
    if !result.finished {
        result.value = None;
    }
    result
}

/// Buffers for one search.
struct Work {
    reduced: Vec<u16>,
    mark: Vec<u32>,
    stamp: u32,
    set: Vec<u32>,
    from_root: Vec<u32>,
    to_terminal: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    is_terminal: Vec<bool>,
    /// For the heuristic: the node's distance and the arc that reached it.
    dist: Vec<u32>,
    via: Vec<u32>,
    in_tree: Vec<bool>,
}

const NO_ARC: u32 = u32::MAX;

impl Work {
    fn new(n: usize, arcs: usize) -> Work {
        Work {
            reduced: vec![0; arcs],
            mark: vec![0; n],
            stamp: 0,
            set: Vec::new(),
            from_root: vec![FAR; n],
            to_terminal: vec![FAR; n],
            buckets: Vec::new(),
            is_terminal: vec![false; n],
            dist: vec![FAR; n],
            via: vec![NO_ARC; n],
            in_tree: vec![false; n],
        }
    }

    fn next_stamp(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.fill(0);
            self.stamp = 1;
        }
        self.stamp
    }

    /// Dual ascent: a lower bound on every tree of the branch, with reduced costs left in
    /// `self.reduced` (`None` when some terminal cannot be reached at all).
    fn ascend(&mut self, arcs: &Arcs, b: &Branch) -> Option<u32> {
        let g = arcs.g;
        for v in 0..g.nodes() {
            for a in g.arcs_of(v) {
                let (to, cost) = g.arc(a);
                self.reduced[a] = if b.gone[v] || b.gone[to] || b.arc_gone[a] {
                    u16::MAX
                } else {
                    cost
                };
            }
        }
        self.is_terminal.fill(false);
        for &t in &b.terminals {
            self.is_terminal[t as usize] = true;
        }
        let root = b.terminals[0] as usize;
        // Polzin's rule: grow the component whose cut has the fewest arcs (a cut with few
        // arcs raises the bound for few arcs' reduced costs). Sizes in the queue may be
        // stale; a popped one is measured again and waits again if it grew.
        let mut active: BinaryHeap<Reverse<(u32, u32)>> =
            b.terminals[1..].iter().map(|&t| Reverse((0, t))).collect();
        let mut bound = 0u32;
        while let Some(Reverse((size, t))) = active.pop() {
            let t = t as usize;
            if self.mark_component(arcs, t, root) {
                continue; // The root reaches t: satisfied.
            }
            let stamp = self.stamp;
            let mut delta = u16::MAX;
            let mut cut = 0u32;
            for &x in &self.set {
                for a in g.arcs_of(x as usize) {
                    let into = arcs.reverse[a] as usize;
                    if self.mark[g.arc(a).0] != stamp && self.reduced[into] != u16::MAX {
                        delta = delta.min(self.reduced[into]);
                        cut += 1;
                    }
                }
            }
            if delta == u16::MAX {
                return None;
            }
            if let Some(&Reverse((next, _))) = active.peek()
                && cut > size
                && cut > next
            {
                active.push(Reverse((cut, t as u32)));
                continue;
            }
            bound += u32::from(delta);
            for &x in &self.set {
                for a in g.arcs_of(x as usize) {
                    let into = arcs.reverse[a] as usize;
                    if self.mark[g.arc(a).0] != stamp && self.reduced[into] != u16::MAX {
                        self.reduced[into] -= delta;
                    }
                }
            }
            active.push(Reverse((cut, t as u32)));
        }
        Some(bound)
    }

    /// Marks (with a new stamp) the nodes that reach `t` over arcs of reduced cost 0, into
    /// `self.set`; true as soon as `root` is among them.
    fn mark_component(&mut self, arcs: &Arcs, t: usize, root: usize) -> bool {
        let g = arcs.g;
        let stamp = self.next_stamp();
        self.set.clear();
        self.set.push(t as u32);
        self.mark[t] = stamp;
        let mut i = 0;
        while i < self.set.len() {
            let x = self.set[i] as usize;
            i += 1;
            for a in g.arcs_of(x) {
                let into = arcs.reverse[a] as usize;
                let y = g.arc(a).0;
                if self.reduced[into] == 0 && self.mark[y] != stamp {
                    if y == root {
                        return true;
                    }
                    self.mark[y] = stamp;
                    self.set.push(y as u32);
                }
            }
        }
        false
    }

    /// Reduced distances: from the root to each node, and from each node on to the nearest
    /// terminal other than the root.
    fn distances(&mut self, arcs: &Arcs, b: &Branch) {
        let g = arcs.g;
        let root = b.terminals[0];
        let reduced = &self.reduced;
        self.from_root.fill(FAR);
        self.from_root[root as usize] = 0;
        dijkstra(
            g,
            &mut self.buckets,
            &mut self.from_root,
            None,
            &[root],
            |_, a| {
                let r = reduced[a];
                (r != u16::MAX).then(|| (g.arc(a).0, u32::from(r)))
            },
        );
        self.to_terminal.fill(FAR);
        for &t in &b.terminals[1..] {
            self.to_terminal[t as usize] = 0;
        }
        // Walking back along the arc that enters v.
        dijkstra(
            g,
            &mut self.buckets,
            &mut self.to_terminal,
            None,
            &b.terminals[1..],
            |_, a| {
                let r = reduced[arcs.reverse[a] as usize];
                (r != u16::MAX).then(|| (g.arc(a).0, u32::from(r)))
            },
        );
    }

    /// Removes the nodes and arcs no tree within `limit` can use.
    fn reduce(&mut self, arcs: &Arcs, b: &mut Branch, bound: u32, limit: u32) {
        let g = arcs.g;
        self.distances(arcs, b);
        for v in 0..g.nodes() {
            if b.gone[v] {
                continue;
            }
            if !self.is_terminal[v] && bound + self.from_root[v] + self.to_terminal[v] > limit {
                b.gone[v] = true;
                continue;
            }
            for a in g.arcs_of(v) {
                let r = self.reduced[a];
                if r == u16::MAX || b.arc_gone[a] {
                    continue;
                }
                let to = g.arc(a).0;
                let after = if self.is_terminal[to] {
                    0
                } else {
                    self.to_terminal[to]
                };
                if bound + self.from_root[v] + u32::from(r) + after > limit {
                    b.arc_gone[a] = true;
                }
            }
        }
    }

    /// The node to branch on: the undecided node the reduced costs find most promising
    /// (nearest to lying on a tree of the bound's cost), `None` when every node is decided.
    fn branch_node(&self, arcs: &Arcs, b: &Branch) -> Option<usize> {
        let g = arcs.g;
        (0..g.nodes())
            .filter(|&v| !b.gone[v] && !self.is_terminal[v] && self.in_tree[v])
            .min_by_key(|&v| {
                (
                    self.from_root[v] + self.to_terminal[v],
                    Reverse(self.degree(g, b, v)),
                )
            })
            .or_else(|| {
                (0..g.nodes())
                    .filter(|&v| !b.gone[v] && !self.is_terminal[v])
                    .min_by_key(|&v| self.from_root[v].saturating_add(self.to_terminal[v]))
            })
    }

    fn degree(&self, g: &Graph, b: &Branch, v: usize) -> usize {
        g.arcs_of(v)
            .filter(|&a| !b.gone[g.arc(a).0] && self.in_tree[g.arc(a).0])
            .count()
    }

    /// A tree from shortest paths (grown from the root to the nearest terminal not yet
    /// joined, again and again), tidied: a cheapest spanning tree of its nodes, leaves that
    /// are not terminals cut off. Its cost, nodes and moves.
    fn heuristic_tree(&mut self, arcs: &Arcs, b: &Branch) -> Option<(u32, Vec<usize>, Vec<Move>)> {
        let g = arcs.g;
        self.in_tree.fill(false);
        let root = b.terminals[0] as usize;
        self.in_tree[root] = true;
        let mut tree_nodes = vec![root];
        let mut left = b.terminals.len() - 1;
        // Ties go to arcs the ascent saturated (reduced cost 0): cost * 4 + reduced.
        while left > 0 {
            self.dist.fill(FAR);
            self.via.fill(NO_ARC);
            for &v in &tree_nodes {
                self.dist[v] = 0;
            }
            let starts: Vec<u32> = tree_nodes.iter().map(|&v| v as u32).collect();
            let (reduced, gone) = (&self.reduced, &b.gone);
            dijkstra(
                g,
                &mut self.buckets,
                &mut self.dist,
                Some(&mut self.via),
                &starts,
                |_, a| {
                    let (to, cost) = g.arc(a);
                    (!gone[to]).then(|| (to, u32::from(cost) * 4 + u32::from(reduced[a].min(3))))
                },
            );
            // The nearest terminal not in the tree.
            let target = b
                .terminals
                .iter()
                .map(|&t| t as usize)
                .filter(|&t| !self.in_tree[t])
                .min_by_key(|&t| self.dist[t])?;
            if self.dist[target] >= FAR {
                return None;
            }
            let mut v = target;
            while !self.in_tree[v] {
                self.in_tree[v] = true;
                tree_nodes.push(v);
                v = self.via[v] as usize;
            }
            left = b
                .terminals
                .iter()
                .filter(|&&t| !self.in_tree[t as usize])
                .count();
        }
        spanning_tree(g, &mut self.in_tree, &self.is_terminal, &tree_nodes)
    }
}

/// The cheapest spanning tree of the nodes marked `in_tree` (neighbours first, then
/// bridges), with leaves that are not terminals cut off again and again. Its cost (weights
/// and bridges), nodes and moves; `in_tree` is left marking the final nodes.
fn spanning_tree(
    g: &Graph,
    in_tree: &mut [bool],
    is_terminal: &[bool],
    nodes: &[usize],
) -> Option<(u32, Vec<usize>, Vec<Move>)> {
    let mut parent: Vec<usize> = (0..g.nodes()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    // Edges among the nodes, each once, by the edge's own cost (the arc's cost less the
    // entered node's weight).
    let weights = g.weights();
    let mut chosen: Vec<(usize, usize, usize)> = Vec::new(); // (u, v, arc)
    for pass in 0..2u16 {
        for &u in nodes {
            for a in g.arcs_of(u) {
                let (v, cost) = g.arc(a);
                if v <= u || !in_tree[v] || cost - weights[v] != pass {
                    continue;
                }
                let (ru, rv) = (find(&mut parent, u), find(&mut parent, v));
                if ru != rv {
                    parent[ru] = rv;
                    chosen.push((u, v, a));
                }
            }
        }
    }
    let root = find(&mut parent, nodes[0]);
    if nodes.iter().any(|&v| find(&mut parent, v) != root) {
        return None;
    }
    // Cut leaves that join nothing.
    let mut degree = vec![0u32; g.nodes()];
    for &(u, v, _) in &chosen {
        degree[u] += 1;
        degree[v] += 1;
    }
    let mut edge_alive = vec![true; chosen.len()];
    loop {
        let mut cut = false;
        for (i, &(u, v, _)) in chosen.iter().enumerate() {
            if !edge_alive[i] {
                continue;
            }
            for (leaf, other) in [(u, v), (v, u)] {
                if degree[leaf] == 1 && !is_terminal[leaf] {
                    edge_alive[i] = false;
                    degree[leaf] = 0;
                    degree[other] -= 1;
                    in_tree[leaf] = false;
                    cut = true;
                    break;
                }
            }
        }
        if !cut {
            break;
        }
    }
    let kept: Vec<usize> = nodes.iter().copied().filter(|&v| in_tree[v]).collect();
    let mut cost = 0u32;
    let mut moves: Vec<Move> = kept.iter().filter_map(|&v| g.sand_move(v)).collect();
    cost += moves.len() as u32;
    let mut bridges: Vec<Move> = Vec::new();
    for (i, &(_, _, a)) in chosen.iter().enumerate() {
        if edge_alive[i]
            && let Some(m) = g.arc_move(a)
        {
            bridges.push(m);
        }
    }
    cost += bridges.len() as u32;
    bridges.sort_unstable();
    moves.extend(bridges);
    Some((cost, kept, moves))
}

/// Dijkstra from `starts` (their distances already set) over small integer costs, with a
/// bucket queue. `step(v, a)` prices arc `a` out of `v`: `(next node, cost)`, or `None` when
/// it may not be walked. `pred`, when given, records each node's predecessor.
fn dijkstra(
    g: &Graph,
    buckets: &mut Vec<Vec<u32>>,
    dist: &mut [u32],
    mut pred: Option<&mut [u32]>,
    starts: &[u32],
    step: impl Fn(usize, usize) -> Option<(usize, u32)>,
) {
    for bucket in buckets.iter_mut() {
        bucket.clear();
    }
    let push = |buckets: &mut Vec<Vec<u32>>, d: u32, v: u32| {
        let d = d as usize;
        if buckets.len() <= d {
            buckets.resize_with(d + 1, Vec::new);
        }
        buckets[d].push(v);
    };
    for &s in starts {
        push(buckets, dist[s as usize], s);
    }
    let mut d = 0;
    while d < buckets.len() {
        while let Some(v) = buckets[d].pop() {
            let v = v as usize;
            if dist[v] as usize != d {
                continue;
            }
            for a in g.arcs_of(v) {
                let Some((to, cost)) = step(v, a) else {
                    continue;
                };
                let nd = d as u32 + cost;
                if nd < dist[to] {
                    dist[to] = nd;
                    if let Some(pred) = pred.as_deref_mut() {
                        pred[to] = v as u32;
                    }
                    push(buckets, nd, to as u32);
                }
            }
        }
        d += 1;
    }
}
