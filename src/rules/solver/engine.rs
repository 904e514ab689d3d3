//! The `ConnectAll` engine: the first engine's iterative deepening A* over move sets, with
//! Steiner trees ([`super::steiner`]) in three roles.
//!
//! - **Bound.** The sum of the tribes' cheapest trees is the heuristic.
//! - **Filter.** One table per position also gives, for every candidate move, a bound on
//!   what is left after it: sand on `v` leaves at least min(h, tree through v - 1), a bridge
//!   between islands a and b at least min(h, tree using that bridge - 1). A child whose bound
//!   already breaks the iteration's limit is never played or evaluated.
//! - **Plan.** When a position's trees can all be played (no crossing bridges, no sand under
//!   a bridge, no tribes meeting), they win in exactly the bound: the search stops there.
//!
//! Before searching, the plans are played greedily (play what is legal, plan again) for a
//! first solution: an upper bound that ends the search as soon as an iteration reaches it,
//! and the answer when time runs out. Then a best-first branch and bound splits on what
//! stops a plan from playing: two moves that need one cell, or two tribes' trees that meet
//! (one branch keeps each tribe off the meeting cell). A branch's child takes over every
//! tree of its parent that keeps to the child's new rule, so only the trees it breaks are
//! worked out again. Now and then a branch's clashing plan is repaired greedily, for a
//! better solution to close branches with.

use super::branch;
use super::legacy::{candidates, move_key};
use super::steiner::{
    Forbidden, Graph, Held, Islands, MAX_CAP, Table, Work, joinable, tribes_meeting,
};
use super::{Outcome, PROGRESS_EVERY, Solution, SolveLimits, SolveWatch, Trees};
use crate::rules::board::span;
use crate::rules::board::{Board, Status};
use crate::rules::cell::{Pos, Tribe};
use crate::rules::moves::Move;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::time::Instant;

/// A bound meaning "no win from here".
const NEVER: u32 = u32::MAX;
/// Entries of a Steiner table that count as one position examined.
const TABLE_ENTRIES_PER_NODE: u64 = 4096;
/// Graph nodes per position counted for one branch of a tree search.
const BRANCH_NODES_PER_POSITION: u64 = 256;
/// Branches evaluated between two greedy repairs of a branch's plan (a better solution
/// closes more branches).
const REPAIR_EVERY: u32 = 16;
/// Tree evaluations the conflict branching may spend before the move search takes over.
/// On large boards only the branching gets anywhere, so this mostly guards memory: each
/// waiting branch keeps its rules and trees.
const MAX_BRANCH_EVALUATIONS: u32 = 50_000;

/// Two moves of a plan that cannot both be played: a bridge over a sand cell of the plan,
/// or two bridges that cross.
pub(super) fn conflict(plan: &[Move]) -> Option<(Move, Move)> {
    let bridges: Vec<(Move, Vec<Pos>)> = plan
        .iter()
        .filter_map(|&m| match m {
            Move::Bridge(a, b) => Some((m, span(a, b).collect())),
            Move::Sand(_) => None,
        })
        .collect();
    for (i, (x, cells)) in bridges.iter().enumerate() {
        if let Some(&sand) = plan
            .iter()
            .find(|m| matches!(m, Move::Sand(p) if cells.contains(p)))
        {
            return Some((sand, *x));
        }
        if let Some((y, _)) = bridges[i + 1..]
            .iter()
            .find(|(_, other)| other.iter().any(|c| cells.contains(c)))
        {
            return Some((*x, *y));
        }
    }
    None
}

/// How to split the search on a conflict of two moves: the cell they both use when that
/// cell can take one use only (sand or a bridge across it), else `None` (two bridges along
/// the same line, which overlap: one of them goes).
fn clash_cell(x: Move, y: Move) -> Option<Pos> {
    let along_row = |a: Pos, b: Pos| a.row == b.row;
    match (x, y) {
        (Move::Sand(p), Move::Bridge(..)) | (Move::Bridge(..), Move::Sand(p)) => Some(p),
        (Move::Bridge(a, b), Move::Bridge(c, d)) if along_row(a, b) != along_row(c, d) => {
            span(a, b).find(|cell| span(c, d).any(|other| other == *cell))
        }
        _ => None,
    }
}

/// A branch's child: the branch's rules and `more`, and the branch's trees that keep to
/// `more` (still the cheapest there: ruling out moves only takes trees away).
fn child_of(
    forbidden: &Forbidden,
    trees: &[ScopeTree],
    more: Forbidden,
) -> (Forbidden, Vec<ScopeTree>) {
    let kept = trees
        .iter()
        .filter(|tree| more.allows(tree.scope, &tree.moves))
        .cloned()
        .collect();
    let mut child = forbidden.clone();
    child.extend(more);
    (child, kept)
}

pub(super) fn solve(
    board: &Board,
    limits: SolveLimits,
    deadline: Option<Instant>,
    watch: &SolveWatch,
    trees: Trees,
    progress: &mut dyn FnMut(u32, u64) -> bool,
) -> Solution {
    Engine {
        board: board.clone(),
        trees,
        limits,
        deadline,
        final_deadline: deadline,
        watch,
        progress,
        nodes: 0,
        reported: 0,
        bound: 0,
        seen: HashSet::new(),
        path: Vec::new(),
        next_bound: NEVER,
        found: None,
        best: None,
        counting: false,
        count: 0,
        stopped: false,
        work: Work::default(),
    }
    .run()
}

struct Engine<'a> {
    board: Board,
    trees: Trees,
    limits: SolveLimits,
    deadline: Option<Instant>,
    /// The caller's deadline even while `deadline` is lifted for the first bound: a tree
    /// search with many islands runs anytime, so it keeps to it (after its first branch).
    final_deadline: Option<Instant>,
    watch: &'a SolveWatch,
    progress: &'a mut dyn FnMut(u32, u64) -> bool,
    nodes: u64,
    /// `nodes` at the last progress report.
    reported: u64,
    /// The current iteration's limit.
    bound: u32,
    seen: HashSet<u128>,
    path: Vec<Move>,
    next_bound: u32,
    found: Option<Vec<Move>>,
    /// The shortest solution known.
    best: Option<Vec<Move>>,
    counting: bool,
    count: u64,
    stopped: bool,
    work: Work,
}

/// What one position's trees say.
struct Eval {
    /// Moves still needed, at least (`NEVER`: no win).
    bound: u32,
    /// Candidate moves with a bound on the moves left after each, best first.
    children: Vec<(Move, u32)>,
    /// The trees' moves (which leave some islands out when a scope had too many).
    plan: Option<Vec<Move>>,
    /// Each scope's tree, scope by scope, while `plan` is `Some`.
    trees: Vec<ScopeTree>,
    /// False when a tree search stopped (deadline, cancel, node limit) before proving its
    /// tree: `bound` is then what it had proven and `plan` its best tree.
    proven: bool,
}

/// One scope's cheapest tree in a position, under a branch's ruled-out moves.
#[derive(Debug, Clone)]
struct ScopeTree {
    scope: Option<Tribe>,
    cost: u32,
    moves: Vec<Move>,
    /// Proven cheapest (not cut short, every island joined): a branch below that rules out
    /// none of its moves can take it as it is (a cell barred from its tribe always counts as
    /// ruling one out).
    exact: bool,
}

enum Step {
    Continue,
    Stop,
}

impl Engine<'_> {
    fn run(mut self) -> Solution {
        match self.board.status() {
            Status::Won => return self.finish(Outcome::Solved { moves: Vec::new() }, 1),
            Status::Lost => return self.finish(Outcome::Unwinnable, 0),
            Status::Playing => {}
        }
        // The bound and a first solution come whatever the deadline (only a cancel stops
        // them): a caller with little time still gets an answer.
        let deadline = self.deadline.take();
        let Some(root) = self.evaluate(NEVER, false) else {
            return self.give_up(0);
        };
        if root.bound == NEVER {
            return self.finish(Outcome::Unwinnable, 0);
        }
        let mut bound = root.bound.max(1);
        self.post_bound(bound);
        if !root.proven {
            // A tree search ran out of time: its best trees, played as far as they go, or
            // the greedy solution, with the bound it proved.
            match root.plan.as_deref().and_then(|plan| self.try_plan(plan)) {
                Some(moves) => self.offer(moves),
                None => {
                    if let Some(moves) = self.greedy(&[]) {
                        self.offer(moves);
                    }
                }
            }
            if self.best.as_ref().is_some_and(|b| b.len() as u32 <= bound) {
                return self.solved(bound);
            }
            return self.give_up(bound);
        }
        if self.watch.is_cancelled() || !(self.progress)(bound, 0) {
            return self.give_up(bound);
        }
        if let Some(moves) = self.greedy(&[]) {
            self.offer(moves);
        }
        self.deadline = deadline;
        if self.best.as_ref().is_none_or(|b| b.len() as u32 > bound) {
            // A bound even when stopped: every unexplored branch is still waiting.
            bound = bound.max(self.branch_on_conflicts());
            if bound == NEVER {
                // Every branch closed, none with a solution.
                return self.finish(Outcome::Unwinnable, 0);
            }
            self.post_bound(bound);
        }
        loop {
            if self.best.as_ref().is_some_and(|b| b.len() as u32 <= bound) {
                // Every shorter set was ruled out, so the known solution is optimal.
                return self.solved(bound);
            }
            self.bound = bound;
            if self.must_stop() || !(self.progress)(bound, self.nodes) {
                return self.give_up(bound);
            }
            self.seen.clear();
            self.next_bound = NEVER;
            self.path.clear();
            let _ = self.dfs(bound, 0);
            if let Some(moves) = self.found.take() {
                self.offer(moves);
                return self.solved(bound);
            }
            if self.stopped {
                return self.give_up(bound);
            }
            if self.next_bound == NEVER {
                return self.finish(Outcome::Unwinnable, 0);
            }
            bound = self.next_bound;
            self.post_bound(bound);
        }
    }

    fn solved(mut self, bound: u32) -> Solution {
        let count = if self.limits.count_solutions_up_to > 0 {
            self.count_solutions(bound)
        } else {
            0
        };
        let moves = self.best.take().unwrap_or_default();
        self.finish(Outcome::Solved { moves }, count)
    }

    fn give_up(self, proven_at_least: u32) -> Solution {
        let best = self.best.clone();
        let mut solution = self.finish(Outcome::GaveUp { proven_at_least }, 0);
        solution.best = best;
        solution
    }

    fn finish(self, outcome: Outcome, optimal_solutions: u64) -> Solution {
        Solution {
            outcome,
            nodes: self.nodes,
            optimal_solutions,
            best: None,
        }
    }

    fn post_bound(&self, bound: u32) {
        self.watch.update(|p| p.at_least = p.at_least.max(bound));
    }

    /// Keeps `moves` if it beats the best solution known, and tells the watch.
    fn offer(&mut self, moves: Vec<Move>) {
        if self.best.as_ref().is_none_or(|b| moves.len() < b.len()) {
            let copy = moves.clone();
            self.watch.update(|p| p.best = Some(copy));
            self.best = Some(moves);
        }
    }

    /// True when the search must stop: node limit, deadline, cancel, or the progress callback.
    fn must_stop(&mut self) -> bool {
        if self.stopped {
            return true;
        }
        let late = self.deadline.is_some_and(|d| Instant::now() >= d);
        let mut stop = late || self.watch.is_cancelled() || self.nodes > self.limits.max_nodes;
        if !stop && self.nodes - self.reported >= PROGRESS_EVERY {
            self.reported = self.nodes;
            let nodes = self.nodes;
            self.watch.update(|p| p.nodes = nodes);
            stop = !(self.progress)(self.bound, nodes);
        }
        self.stopped = stop;
        stop
    }

    /// The trees of the current position, capped at `cap` moves (values above only prove
    /// "more than cap"). `None` when told to stop.
    fn evaluate(&mut self, cap: u32, with_children: bool) -> Option<Eval> {
        self.evaluate_without(cap, with_children, &Forbidden::default(), &[])
    }

    /// [`Engine::evaluate`] for trees that avoid `forbidden`. Without children, a scope's tree
    /// in `known` is taken as it is (a parent's that avoids what its child rules out).
    fn evaluate_without(
        &mut self,
        cap: u32,
        with_children: bool,
        forbidden: &Forbidden,
        known: &[ScopeTree],
    ) -> Option<Eval> {
        let islands = Islands::of(&self.board);
        let scopes = islands.scopes(&self.board);
        let capped = cap < u32::from(MAX_CAP);
        let cap16 = cap.min(u32::from(MAX_CAP)) as u16;
        let mut children: Vec<(Move, u32)> = if with_children {
            candidates(&mut self.board, false)
                .into_iter()
                .map(|m| (m, 0))
                .collect()
        } else {
            Vec::new()
        };
        let mut plan = Some(Vec::new());
        let mut trees = Vec::new();
        let mut total: u32 = 0;
        let mut proven = true;
        let (deadline, watch) = (self.deadline, self.watch);
        let mut stop = || watch.is_cancelled() || deadline.is_some_and(|d| Instant::now() >= d);
        for scope in scopes {
            if !with_children
                && let Some(tree) = known.iter().find(|tree| tree.scope == scope && tree.exact)
            {
                total += tree.cost;
                plan = plan.map(|mut moves| {
                    moves.extend_from_slice(&tree.moves);
                    trees.push(tree.clone());
                    moves
                });
                continue;
            }
            let g = Graph::build_without(&self.board, &islands, scope, forbidden);
            if !g.joinable() {
                return Some(Eval {
                    bound: NEVER,
                    children: Vec::new(),
                    plan: None,
                    trees: Vec::new(),
                    proven: true,
                });
            }
            let branching = match self.trees {
                Trees::TablesAndBranching => g.partial,
                Trees::TablesOnly => false,
                Trees::BranchingOnly => true,
            };
            if branching {
                // More islands than a table takes: branch and bound, anytime.
                let per_branch = 1 + g.nodes() as u64 / BRANCH_NODES_PER_POSITION;
                let mut allowed = self.limits.max_nodes.saturating_sub(self.nodes) / per_branch;
                let until = self.deadline.or(self.final_deadline);
                let mut stop_search = || {
                    allowed = allowed.saturating_sub(1);
                    allowed == 0
                        || watch.is_cancelled()
                        || until.is_some_and(|d| Instant::now() >= d)
                };
                let found = branch::search(&g, cap.min(u32::from(MAX_CAP)), &mut stop_search);
                self.nodes += found.evaluated * per_branch;
                if !found.finished {
                    proven = false;
                }
                let h = match found.value {
                    Some(h) => h,
                    None if found.finished => {
                        let bound = if capped { cap + 1 } else { NEVER };
                        return Some(Eval {
                            bound,
                            children: Vec::new(),
                            plan: None,
                            trees: Vec::new(),
                            proven: true,
                        });
                    }
                    None => found.lower,
                };
                total += h;
                for (mv, left) in children.iter_mut() {
                    // Without a table, only the rule that a move takes at most one off.
                    let touches = match *mv {
                        Move::Sand(p) => g.node_at(p).is_some(),
                        Move::Bridge(a, b) => g.node_at(a).is_some() && g.node_at(b).is_some(),
                    };
                    *left += if touches { h.saturating_sub(1) } else { h };
                }
                let exact = found.finished;
                plan = plan.and_then(|mut moves| {
                    let tree = found.best?.1;
                    moves.extend_from_slice(&tree);
                    trees.push(ScopeTree {
                        scope,
                        cost: h,
                        moves: tree,
                        exact,
                    });
                    Some(moves)
                });
                continue;
            }
            // A table counts as positions in proportion to its size, so node limits bound
            // the work whatever the board; one that would pass the limit is not built.
            let table_work = 1 + ((g.nodes() as u64) << g.terminals()) / TABLE_ENTRIES_PER_NODE;
            if self.nodes + table_work > self.limits.max_nodes {
                self.stopped = true;
                return None;
            }
            let Some(table) = Table::solve(&g, cap16, &mut self.work, &mut stop) else {
                self.stopped = true;
                return None;
            };
            self.nodes += table_work;
            let Some(h) = table.value() else {
                // Above the cap: more than `cap` moves; uncapped: this tribe cannot join.
                let bound = if capped { cap + 1 } else { NEVER };
                return Some(Eval {
                    bound,
                    children: Vec::new(),
                    plan: None,
                    trees: Vec::new(),
                    proven: true,
                });
            };
            total += u32::from(h);
            for (mv, left) in children.iter_mut() {
                let through = match *mv {
                    Move::Sand(p) => g.node_at(p).and_then(|v| table.through(v)),
                    Move::Bridge(a, b) => match (g.node_at(a), g.node_at(b)) {
                        (Some(x), Some(y)) => table.through_edge(x, y),
                        _ => None,
                    },
                };
                // Past the cap, or not through this move: the tree stays as it is.
                *left += through.map_or(h, |c| h.min(c.saturating_sub(1))) as u32;
            }
            // A partial tree (some islands left out) still plans well: whatever is played
            // is checked by the rules.
            plan = plan.and_then(|mut moves| {
                let tree = table.tree(&g)?;
                moves.extend_from_slice(&tree);
                trees.push(ScopeTree {
                    scope,
                    cost: u32::from(h),
                    moves: tree,
                    exact: !g.partial,
                });
                Some(moves)
            });
        }
        let left = |b: Option<u32>| b.map_or(u64::MAX, u64::from);
        let budget = left(self.board.sand_left()).saturating_add(left(self.board.bridges_left()));
        if proven && u64::from(total) > budget {
            return Some(Eval {
                bound: NEVER,
                children: Vec::new(),
                plan: None,
                trees: Vec::new(),
                proven: true,
            });
        }
        // Plan moves first, then the smallest bounds; otherwise the candidates' order.
        if let Some(p) = &plan {
            let in_plan: HashSet<Move> = p.iter().map(|m| m.normalized()).collect();
            children.sort_by_key(|&(m, left)| (left, !in_plan.contains(&m.normalized())));
        } else {
            children.sort_by_key(|&(_, left)| left);
        }
        Some(Eval {
            bound: total.max(1),
            children,
            plan,
            trees,
            proven,
        })
    }

    /// What the children of a branch rule out, each on top of the branch's rules, so that
    /// every solution of the branch lies in one of them and its plan in none: split on the
    /// plan's `clash`, else on where two tribes' trees meet. `None` when neither applies.
    fn splits(&self, clash: Option<(Move, Move)>, trees: &[ScopeTree]) -> Option<Vec<Forbidden>> {
        let Some((x, y)) = clash else {
            // One child a side: that tribe's island leaves its cell out (the two cells
            // cannot both lie in their tribes' islands). A side on its tribe's own land
            // cannot happen, so the other side alone holds every solution.
            let held = self.tribes_meeting(trees)?;
            let sides: Vec<Forbidden> = held
                .into_iter()
                .filter(|side| side.barrable)
                .map(|side| Forbidden {
                    outside: vec![(side.tribe, side.cell)],
                    ..Forbidden::default()
                })
                .collect();
            return (!sides.is_empty()).then_some(sides);
        };
        Some(match clash_cell(x, y) {
            // A solution uses the cell for at most one thing: sand (or nothing), a bridge
            // along its row, or one along its column. Each child keeps one of these; a whole
            // cell is settled, not one bridge of many alike.
            Some(cell) => {
                let mut splits = vec![Forbidden {
                    spans: vec![(cell, true), (cell, false)],
                    ..Forbidden::default()
                }];
                for along_row in [false, true] {
                    splits.push(Forbidden {
                        sand: vec![cell],
                        spans: vec![(cell, along_row)],
                        ..Forbidden::default()
                    });
                }
                splits
            }
            // Two bridges along one line that overlap: one of them goes.
            None => [x, y]
                .into_iter()
                .map(|rule_out| match rule_out {
                    Move::Sand(p) => Forbidden {
                        sand: vec![p],
                        ..Forbidden::default()
                    },
                    Move::Bridge(..) => Forbidden {
                        bridges: vec![rule_out.normalized()],
                        ..Forbidden::default()
                    },
                })
                .collect(),
        })
    }

    /// Where the tribes' trees meet, if they do.
    fn tribes_meeting(&self, trees: &[ScopeTree]) -> Option<[Held; 2]> {
        let plans: Vec<(Tribe, &[Move])> = trees
            .iter()
            .filter_map(|tree| Some((tree.scope?, &tree.moves[..])))
            .collect();
        if plans.is_empty() {
            return None;
        }
        tribes_meeting(&self.board, &Islands::of(&self.board), &plans)
    }

    /// Plays `moves` (skipping any the board refuses) inside a snapshot; the moves played
    /// when the level is won, else `None`. The board is left as it was.
    fn try_plan(&mut self, moves: &[Move]) -> Option<Vec<Move>> {
        let snapshot = self.board.snapshot();
        let mut played = Vec::new();
        for &mv in moves {
            if self.board.apply(mv).is_ok() {
                played.push(mv);
                if self.board.status() != Status::Playing {
                    break;
                }
            }
        }
        let won = self.board.status() == Status::Won;
        self.board.rollback_to(snapshot);
        won.then_some(played)
    }

    /// A first solution: play each plan as far as the rules allow, plan again; when nothing
    /// of a plan can be played, the most promising candidate. `first` is played first (a
    /// branch's plan, whose trees clash), as far as it goes.
    fn greedy(&mut self, first: &[Move]) -> Option<Vec<Move>> {
        let snapshot = self.board.snapshot();
        let mut moves = Vec::new();
        for &mv in first {
            if self.board.status() == Status::Playing && self.play_if_joinable(mv) {
                moves.push(mv);
            }
        }
        let rounds = self.board.cells().len() + 1;
        for _ in 0..rounds {
            if self.board.status() != Status::Playing {
                break;
            }
            let Some(eval) = self.evaluate(NEVER, true) else {
                break;
            };
            if eval.bound == NEVER {
                break;
            }
            let before = moves.len();
            for mv in eval.plan.into_iter().flatten() {
                if self.play_if_joinable(mv) {
                    moves.push(mv);
                    if self.board.status() != Status::Playing {
                        break;
                    }
                }
            }
            if moves.len() == before {
                match eval
                    .children
                    .iter()
                    .find(|&&(mv, _)| self.play_if_joinable(mv))
                {
                    Some(&(mv, _)) => moves.push(mv),
                    None => break,
                }
            }
        }
        let won = self.board.status() == Status::Won;
        self.board.rollback_to(snapshot);
        won.then_some(moves)
    }

    /// Branch and bound on the trees' conflicts, best first. A plan fails when one of its
    /// bridges crosses another or lies over one of its sands; no solution holds both moves,
    /// so one branch rules out the one and another the other, each with its trees found
    /// again. Where two tribes' trees meet, one branch keeps the one tribe's island off the
    /// meeting cell and another the other's. Other failures (budgets) leave a branch open with
    /// its trees' bound. Returns a lower bound on par: the best solution's length once every
    /// branch below it is closed, `NEVER` when every branch closed without one (no win), and
    /// when stopped early the smallest bound still waiting or open. Branches wait in order of
    /// their bound, so the first plan that plays is optimal as soon as no waiting branch has
    /// a smaller bound.
    fn branch_on_conflicts(&mut self) -> u32 {
        // Smallest bound first; among equal bounds the newest branch (a dive finds a plan that
        // plays, and with it a tighter cap for every tree search after, sooner).
        let mut waiting: BinaryHeap<(Reverse<u32>, usize)> = BinaryHeap::new();
        // Each branch: what it rules out, and the trees of its parent it can keep.
        let mut branches: Vec<(Forbidden, Vec<ScopeTree>)> =
            vec![(Forbidden::default(), Vec::new())];
        waiting.push((Reverse(0), 0));
        let mut open = NEVER;
        let mut evaluations = 0;
        while let Some((Reverse(parent_bound), i)) = waiting.pop() {
            let best = self.best.as_ref().map_or(NEVER, |b| b.len() as u32);
            if parent_bound >= best.min(open)
                || evaluations >= MAX_BRANCH_EVALUATIONS
                || self.must_stop()
            {
                waiting.push((Reverse(parent_bound), i));
                break;
            }
            let (forbidden, known) = std::mem::take(&mut branches[i]);
            let Some(eval) = self
                .evaluate_without(best.saturating_sub(1), false, &forbidden, &known)
                .filter(|eval| eval.proven)
            else {
                // Stopped: the branch waits on, unexplored.
                self.stopped = true;
                branches[i] = (forbidden, known);
                waiting.push((Reverse(parent_bound), i));
                break;
            };
            evaluations += 1;
            let bound = eval.bound.max(parent_bound);
            if bound >= best {
                continue;
            }
            let Some(plan) = eval.plan else {
                open = open.min(bound);
                continue;
            };
            let clash = conflict(&plan);
            if clash.is_none()
                && let Some(won) = self.try_plan(&plan)
            {
                self.offer(won);
                continue;
            }
            let Some(splits) = self.splits(clash, &eval.trees) else {
                open = open.min(bound);
                continue;
            };
            // Each child: its parent's rules and one split's more, and the parent's trees
            // that keep to them (still the cheapest there: ruling out moves only takes trees
            // away).
            let children: Vec<(Forbidden, Vec<ScopeTree>)> = splits
                .into_iter()
                .map(|more| child_of(&forbidden, &eval.trees, more))
                .collect();
            if evaluations % REPAIR_EVERY == 0
                && let Some(moves) = self.greedy(&plan)
            {
                self.offer(moves);
            }
            for child in children {
                branches.push(child);
                waiting.push((Reverse(bound), branches.len() - 1));
            }
        }
        // Every solution lies in a closed branch (the best one found), an open one, or a
        // waiting one.
        let best = self.best.as_ref().map_or(NEVER, |b| b.len() as u32);
        let waiting_bound = waiting.peek().map_or(NEVER, |(Reverse(b), _)| *b);
        best.min(open).min(waiting_bound)
    }

    /// Plays `mv` unless the board refuses it or it leaves some tribe unable to join (a
    /// bridge in the way, a tribe's shore filled).
    fn play_if_joinable(&mut self, mv: Move) -> bool {
        let snapshot = self.board.snapshot();
        if self.board.apply(mv).is_err() {
            self.board.rollback_to(snapshot);
            return false;
        }
        let islands = Islands::of(&self.board);
        let joinable = self.board.status() == Status::Won
            || islands
                .scopes(&self.board)
                .into_iter()
                .all(|scope| joinable(&self.board, &islands, scope));
        if joinable {
            self.board.commit(snapshot);
        } else {
            self.board.rollback_to(snapshot);
        }
        joinable
    }

    fn count_solutions(&mut self, bound: u32) -> u64 {
        self.seen.clear();
        self.count = 0;
        self.counting = true;
        self.stopped = false;
        self.path.clear();
        let _ = self.dfs(bound, 0);
        self.count
    }

    fn dfs(&mut self, bound: u32, key: u128) -> Step {
        if self.must_stop() {
            return Step::Stop;
        }
        let depth = self.path.len() as u32;
        let Some(eval) = self
            .evaluate(bound - depth, true)
            .filter(|eval| eval.proven)
        else {
            self.stopped = true;
            return Step::Stop;
        };
        if eval.bound == NEVER {
            return Step::Continue;
        }
        if depth + eval.bound > bound {
            self.next_bound = self.next_bound.min(depth + eval.bound);
            return Step::Continue;
        }
        if !self.counting
            && let Some(plan) = &eval.plan
            && let Some(rest) = self.try_plan(plan)
        {
            let mut moves = self.path.clone();
            moves.extend(rest);
            self.found = Some(moves);
            return Step::Stop;
        }
        for (mv, left) in eval.children {
            self.nodes += 1;
            if depth + 1 + left > bound {
                self.next_bound = self.next_bound.min(depth + 1 + left);
                continue;
            }
            let child = key ^ move_key(mv);
            if self.seen.contains(&child) {
                continue;
            }
            let snapshot = self.board.snapshot();
            if self.board.apply(mv).is_err() {
                self.board.rollback_to(snapshot);
                continue;
            }
            self.seen.insert(child);
            self.path.push(mv);
            let step = match self.board.status() {
                Status::Won => {
                    if self.counting {
                        self.count += 1;
                        if self.count >= self.limits.count_solutions_up_to {
                            Step::Stop
                        } else {
                            Step::Continue
                        }
                    } else {
                        self.found = Some(self.path.clone());
                        Step::Stop
                    }
                }
                Status::Lost => Step::Continue,
                Status::Playing if depth + 1 < bound => self.dfs(bound, child),
                Status::Playing => {
                    // Not won, so at least one more move.
                    self.next_bound = self.next_bound.min(depth + 2);
                    Step::Continue
                }
            };
            self.path.pop();
            self.board.rollback_to(snapshot);
            if let Step::Stop = step {
                return Step::Stop;
            }
        }
        Step::Continue
    }
}

/// For tests: the uncapped bound, the candidates with their bounds, and the plan.
#[cfg(test)]
pub(super) fn evaluate_for_test(board: &Board) -> (u32, Vec<(Move, u32)>, Option<Vec<Move>>) {
    let watch = SolveWatch::default();
    let mut go_on = |_: u32, _: u64| true;
    let mut engine = Engine {
        board: board.clone(),
        trees: Trees::default(),
        limits: SolveLimits::default(),
        deadline: None,
        final_deadline: None,
        watch: &watch,
        progress: &mut go_on,
        nodes: 0,
        reported: 0,
        bound: 0,
        seen: HashSet::new(),
        path: Vec::new(),
        next_bound: NEVER,
        found: None,
        best: None,
        counting: false,
        count: 0,
        stopped: false,
        work: Work::default(),
    };
    let eval = engine
        .evaluate(NEVER, true)
        .expect("nothing stops this search");
    (eval.bound, eval.children, eval.plan)
}
