//! The Steiner engine against the first engine, and each of its bounds against true par.

use super::branch;
use super::steiner::{self, Graph, Islands, Table, Work};
use super::*;
use crate::rules::board::Status;
use crate::rules::cell::{Cell, Pos, Tribe};
use crate::rules::goal::Budget;
use crate::rules::test_boards::board;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

const SAND_ONLY: Budget = Budget {
    sand: None,
    bridges: Some(0),
};

fn par(b: &Board) -> Option<u32> {
    solve(b, SolveLimits::default()).par()
}

fn assert_wins(b: &Board, moves: &[Move]) {
    let mut b = b.clone();
    for &m in moves {
        b.apply(m).unwrap();
    }
    assert_eq!(b.status(), Status::Won, "{moves:?}");
}

/// A small random board: cells, tribes, goal and budget all drawn from `rng`. `None` when
/// the draw put two tribes on one island.
fn random_board(rng: &mut ChaCha8Rng, goals: bool) -> Option<Board> {
    let mut below = |n: u64| (rng.next_u64() % n) as usize;
    let (w, h) = (2 + below(4), 2 + below(3));
    let tribes = [0, 0, 1, 2, 3][below(5)];
    let mut cells = Vec::with_capacity(w * h);
    for _ in 0..w * h {
        cells.push(match below(20) {
            0..=7 => Cell::Shallow,
            8..=10 => Cell::Deep,
            11 => Cell::Rock,
            _ if tribes > 0 && below(3) == 0 => Cell::Land(Tribe::new(below(tribes) as u8)),
            _ => Cell::Land(None),
        });
    }
    let limit = |b: usize| match b {
        0 | 1 => None,
        k => Some((k - 2) as u32),
    };
    let budget = Budget {
        sand: limit(below(6)),
        bridges: limit(below(5)),
    };
    let goal = if goals {
        match below(4) {
            0 => Goal::Islands(1 + below(3) as u32),
            1 => Goal::Reach(2 + below(5) as u32),
            _ => Goal::ConnectAll,
        }
    } else {
        Goal::ConnectAll
    };
    Board::new(w, h, cells, goal, budget).ok()
}

/// Boards the first engine settles within its limits, with its verdict.
fn settled_boards(seed: u64, count: usize, goals: bool) -> Vec<(Board, Solution)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let limits = SolveLimits {
        max_nodes: 300_000,
        count_solutions_up_to: 0,
    };
    let mut out = Vec::new();
    while out.len() < count {
        let Some(b) = random_board(&mut rng, goals) else {
            continue;
        };
        if b.status() != Status::Playing {
            continue;
        }
        let reference = legacy::solve(&b, limits);
        if !matches!(reference.outcome, Outcome::GaveUp { .. }) {
            out.push((b, reference));
        }
    }
    out
}

#[test]
fn the_engines_agree_on_thousands_of_random_boards() {
    let mut solved = 0;
    for (b, reference) in settled_boards(14, 3000, true) {
        let new = solve(&b, SolveLimits::default());
        match (&reference.outcome, &new.outcome) {
            (Outcome::Solved { moves: old }, Outcome::Solved { moves }) => {
                assert_eq!(moves.len(), old.len(), "{:?}", b.to_rows());
                assert_wins(&b, moves);
                solved += 1;
            }
            (old, new) => assert_eq!(old, new, "{:?} {:?}", b.to_rows(), b.budget()),
        }
    }
    assert!(solved > 1000, "too few winnable boards: {solved}");
}

#[test]
fn optimal_solutions_are_counted_alike() {
    let limits = SolveLimits {
        count_solutions_up_to: 1000,
        ..SolveLimits::default()
    };
    for (b, _) in settled_boards(15, 300, false) {
        let old = legacy::solve(&b, limits);
        let new = solve(&b, limits);
        assert_eq!(
            (old.par(), old.optimal_solutions),
            (new.par(), new.optimal_solutions),
            "{:?}",
            b.to_rows()
        );
    }
}

#[test]
fn the_steiner_bound_never_exceeds_par() {
    let mut tight = 0;
    for (b, reference) in settled_boards(16, 1500, false) {
        let bound = steiner::bound(&b);
        match reference.par() {
            Some(par) => {
                let bound = bound.expect("a winnable board has a tree");
                assert!(bound <= par, "bound {bound} > par {par}: {:?}", b.to_rows());
                tight += u32::from(bound == par);
            }
            // Only a board whose islands cannot be joined at all has no tree.
            None => {
                if let Some(bound) = bound {
                    assert!(reference.outcome == Outcome::Unwinnable, "{bound}");
                }
            }
        }
    }
    assert!(tight > 500, "the bound is rarely tight: {tight}");
}

#[test]
fn each_candidates_bound_never_exceeds_the_par_after_it() {
    let limits = SolveLimits {
        max_nodes: 300_000,
        count_solutions_up_to: 0,
    };
    let mut checked = 0;
    for (b, reference) in settled_boards(17, 400, false) {
        if reference.par().is_none() {
            continue;
        }
        let (bound, children, _) = engine::evaluate_for_test(&b);
        assert!(bound <= reference.par().unwrap());
        for (mv, left) in children {
            let mut child = b.clone();
            if child.apply(mv).is_err() {
                continue;
            }
            if let Some(p) = legacy::solve(&child, limits).par() {
                assert!(
                    left <= p,
                    "{mv}: bound {left} > par {p} after it: {:?}",
                    b.to_rows()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn a_plan_costs_exactly_the_bound() {
    let mut played = 0;
    for (b, reference) in settled_boards(18, 800, false) {
        let (bound, _, plan) = engine::evaluate_for_test(&b);
        let Some(plan) = plan else { continue };
        if b.island_count() == 0 {
            continue;
        }
        assert_eq!(plan.len() as u32, bound, "{:?}", b.to_rows());
        let mut child = b.clone();
        if plan.iter().all(|&m| child.apply(m).is_ok()) && child.status() == Status::Won {
            assert_eq!(reference.par(), Some(bound), "{:?}", b.to_rows());
            played += 1;
        }
    }
    assert!(played > 200, "{played}");
}

#[test]
fn the_shipped_campaign_keeps_its_par() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
    let files = crate::level_files::find_level_files(&root).unwrap();
    assert!(files.len() >= 40);
    for path in files {
        let level = crate::level_files::read_level(&path).unwrap();
        let b = level.board().unwrap();
        let s = solve(&b, SolveLimits::default());
        let Outcome::Solved { moves } = &s.outcome else {
            panic!("{}: {s:?}", path.display())
        };
        assert_eq!(moves.len() as u32, level.par, "{}", path.display());
        assert_wins(&b, moves);
    }
}

#[test]
fn the_bounds_of_tribes_add_up() {
    // Tribe a needs two sands, tribe b two: four moves, though each alone needs two.
    let b = board(&["a..a", "^^^^", "b..b"], Goal::ConnectAll, SAND_ONLY);
    assert_eq!(steiner::bound(&b), Some(4));
    assert_eq!(par(&b), Some(4));
}

#[test]
fn one_sand_joining_four_islands_costs_one() {
    let b = board(&["^#^", "#.#", "^#^"], Goal::ConnectAll, Budget::default());
    assert_eq!(steiner::bound(&b), Some(1));
    assert_eq!(par(&b), Some(1));
}

#[test]
fn a_bridge_costs_one_whatever_its_length_and_a_pivot_one_more() {
    let open = Budget::default();
    let b = board(&["#~~~~~~#"], Goal::ConnectAll, open);
    assert_eq!(steiner::bound(&b), Some(1));
    let b = board(&["#~~.", "~~~~", "~~~~", "~~~#"], Goal::ConnectAll, open);
    assert_eq!(steiner::bound(&b), Some(3));
    assert_eq!(par(&b), Some(3));
}

#[test]
fn land_of_another_tribe_and_its_shore_are_out_of_a_tribes_tree() {
    // Straight through b costs one sand, but it would join b: a goes around, five sands.
    let b = board(&["a.b.a", ".^^^.", "....."], Goal::ConnectAll, SAND_ONLY);
    assert_eq!(steiner::bound(&b), Some(7));
    assert_eq!(par(&b), Some(7));
}

#[test]
fn crossing_bridges_need_more_than_the_bound() {
    // The tree bridges (0,1)-(4,1) and (2,0)-(2,4), which would cross at (2,1): island 4,1
    // must go round by sand and a bridge up column 0, one move more.
    let b = board(
        &["##~~~", ".~~~~", "#~~~#", "~~~~~", ".#~~~"],
        Goal::ConnectAll,
        Budget::default(),
    );
    assert_eq!(steiner::bound(&b), Some(3));
    assert_eq!(par(&b), Some(4));
    assert_eq!(legacy::solve(&b, SolveLimits::default()).par(), Some(4));
}

#[test]
fn the_tree_through_a_cell_and_through_a_bridge() {
    let b = board(&["#.#~~#"], Goal::ConnectAll, Budget::default());
    let islands = Islands::of(&b);
    let g = Graph::build(&b, &islands, None);
    let t = Table::solve(&g, steiner::MAX_CAP, &mut Work::default(), &mut || false).unwrap();
    assert_eq!(t.value(), Some(2));
    let sand = g.node_at(Pos::new(0, 1)).unwrap();
    assert_eq!(t.through(sand), Some(2), "the sand is on a cheapest tree");
    let (left, right) = (
        g.node_at(Pos::new(0, 0)).unwrap(),
        g.node_at(Pos::new(0, 2)).unwrap(),
    );
    assert_eq!(
        t.through_edge(left, right),
        Some(2),
        "so is a bridge over it"
    );
    let far = g.node_at(Pos::new(0, 5)).unwrap();
    assert_eq!(t.through_edge(right, far), Some(2));
    let b = board(&["#.#~~#", "......"], Goal::ConnectAll, Budget::default());
    let g = Graph::build(&b, &Islands::of(&b), None);
    let t = Table::solve(&g, steiner::MAX_CAP, &mut Work::default(), &mut || false).unwrap();
    let aside = g.node_at(Pos::new(1, 4)).unwrap();
    // Sand on 1,4 reaches the tree only through sand on 1,5: two more than the best.
    assert_eq!(t.through(aside), Some(4));
}

#[test]
fn a_deadline_in_the_past_still_gives_the_bound_and_a_first_solution() {
    // The bound says 3 and the trees cross; the first solution takes 4.
    let b = board(
        &["##~~~", ".~~~~", "#~~~#", "~~~~~", ".#~~~"],
        Goal::ConnectAll,
        Budget::default(),
    );
    let watch = SolveWatch::default();
    let s = solve_anytime(&b, SolveLimits::default(), Some(Instant::now()), &watch);
    assert_eq!(s.outcome, Outcome::GaveUp { proven_at_least: 3 });
    let best = s.best.clone().expect("a first solution");
    assert_eq!(best.len(), 4);
    assert_wins(&b, &best);
    let p = watch.progress();
    assert_eq!((p.best, p.at_least, p.finished), (s.best, 3, false));
}

#[test]
fn a_cancelled_watch_stops_the_search_and_a_free_one_finishes() {
    let text = include_str!("../../../levels/chapter3/10-long-march.level.ron");
    let level = crate::rules::level::Level::from_ron_bytes(text.as_bytes()).unwrap();
    let b = level.board().unwrap();
    let watch = SolveWatch::default();
    watch.cancel();
    let s = solve_anytime(&b, SolveLimits::default(), None, &watch);
    assert!(matches!(s.outcome, Outcome::GaveUp { .. }), "{s:?}");
    let watch = SolveWatch::default();
    let s = solve_anytime(&b, SolveLimits::default(), None, &watch);
    assert_eq!(s.par(), Some(level.par));
    let p = watch.progress();
    assert!(p.finished);
    assert_eq!(p.at_least, level.par);
    assert_eq!(p.best.map(|m| m.len() as u32), Some(level.par));
}

#[test]
fn the_node_limit_gives_up_honestly() {
    let b = board(
        &["#.........#", "...........", "#.........#"],
        Goal::ConnectAll,
        SAND_ONLY,
    );
    let s = solve(
        &b,
        SolveLimits {
            max_nodes: 0,
            ..SolveLimits::default()
        },
    );
    assert!(
        matches!(s.outcome, Outcome::GaveUp { .. } | Outcome::Solved { .. }),
        "{s:?}"
    );
    assert_eq!(par(&b), legacy::solve(&b, SolveLimits::default()).par());
}

/// Solves a board in play with both engines and checks they agree on par; the first
/// engine's verdict and the new one's, or `None` when the board is over or the first engine
/// gives up within `limits`.
fn against_the_first_engine(b: &Board, limits: SolveLimits) -> Option<(Solution, Solution)> {
    if b.status() != Status::Playing {
        return None;
    }
    let reference = legacy::solve(b, limits);
    if matches!(reference.outcome, Outcome::GaveUp { .. }) {
        return None;
    }
    let new = solve(b, SolveLimits::default());
    assert_eq!(new.par(), reference.par(), "{:?}", b.to_rows());
    Some((reference, new))
}

/// Larger open boards with deep water, where bridges cross and lie over sand: the cases the
/// conflict branching and the move search exist for.
#[test]
fn the_engines_agree_where_the_trees_break_the_side_rules() {
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    let limits = SolveLimits {
        max_nodes: 400_000,
        count_solutions_up_to: 0,
    };
    let (mut compared, mut bound_below_par) = (0, 0);
    while compared < 2000 {
        let mut below = |n: u64| (rng.next_u64() % n) as usize;
        let (w, h) = (4 + below(3), 4 + below(2));
        let tribes = [0, 0, 2][below(3)];
        let cells: Vec<Cell> = (0..w * h)
            .map(|_| match below(10) {
                0..=2 => Cell::Shallow,
                3..=6 => Cell::Deep,
                _ if tribes > 0 && below(2) == 0 => Cell::Land(Tribe::new(below(tribes) as u8)),
                _ => Cell::Land(None),
            })
            .collect();
        let Ok(b) = Board::new(w, h, cells, Goal::ConnectAll, Budget::default()) else {
            continue;
        };
        let Some((reference, _)) = against_the_first_engine(&b, limits) else {
            continue;
        };
        compared += 1;
        if let (Some(par), Some(bound)) = (reference.par(), steiner::bound(&b)) {
            bound_below_par += u32::from(bound < par);
        }
    }
    assert!(
        bound_below_par >= 25,
        "only {bound_below_par} boards broke the trees"
    );
}

#[test]
fn a_plan_conflicts_when_bridges_cross_or_cover_its_sand() {
    let m = |text: &str| text.parse::<Move>().unwrap();
    let across = m("2,0-2,4");
    let down = m("0,2-4,2");
    assert_eq!(engine::conflict(&[across, down]), Some((across, down)));
    let under = m("2,2");
    assert_eq!(engine::conflict(&[under, across]), Some((under, across)));
    // Side by side, end to end, or sand at a bridge's end: no conflict.
    let beside = m("3,0-3,4");
    assert_eq!(
        engine::conflict(&[across, beside, m("2,5"), m("4,0")]),
        None
    );
    assert_eq!(
        engine::conflict(&[m("0,0-0,3"), m("0,3-0,6"), m("0,3")]),
        None
    );
}

/// Random cells, bridges and tribes, and sometimes moves ruled out, for the tree searches.
fn random_forbidden(rng: &mut ChaCha8Rng, b: &Board) -> steiner::Forbidden {
    let mut forbidden = steiner::Forbidden::default();
    let cells = b.width() * b.height();
    for _ in 0..rng.next_u64() % 3 {
        let cell = b.pos((rng.next_u64() % cells as u64) as usize);
        match rng.next_u64() % 3 {
            0 => forbidden.sand.push(cell),
            1 => forbidden.spans.push((cell, true)),
            _ => forbidden.spans.push((cell, false)),
        }
    }
    forbidden
}

#[test]
fn branch_and_bound_finds_the_tables_tree_on_thousands_of_boards() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let mut compared = 0;
    let mut capped = 0;
    while compared < 4000 {
        let Some(b) = random_board(&mut rng, false) else {
            continue;
        };
        let islands = Islands::of(&b);
        let forbidden = random_forbidden(&mut rng, &b);
        for scope in islands.scopes(&b) {
            let g = Graph::build_without(&b, &islands, scope, &forbidden);
            let table = Table::solve(&g, steiner::MAX_CAP, &mut Work::default(), &mut || false)
                .expect("nothing stops it");
            let found = branch::search(&g, u32::from(steiner::MAX_CAP), &mut || false);
            let want = table.value().map(u32::from);
            assert!(found.finished);
            assert_eq!(found.value, want, "{:?} {forbidden:?}", b.to_rows());
            if let Some(value) = want {
                let (cost, moves) = found.best.expect("a tree comes with its value");
                assert_eq!((cost, moves.len() as u32), (value, value));
                assert_eq!(found.lower, value);
                if value > 0 {
                    // Asked for less than it costs: no tree, and proof of more than the cap.
                    let below = branch::search(&g, value - 1, &mut || false);
                    assert_eq!(below.value, None);
                    assert!(below.lower >= value, "{:?}", b.to_rows());
                    capped += 1;
                }
            }
            compared += 1;
        }
    }
    assert!(capped > 1000, "{capped}");
}

#[test]
fn the_engine_branching_everywhere_agrees_with_the_first_engine() {
    let mut solved = 0;
    for (b, reference) in settled_boards(22, 2000, false) {
        let new = solve_anytime_with(
            &b,
            SolveLimits::default(),
            None,
            &SolveWatch::default(),
            Trees::BranchingOnly,
        );
        match (&reference.outcome, &new.outcome) {
            (Outcome::Solved { moves: old }, Outcome::Solved { moves }) => {
                assert_eq!(moves.len(), old.len(), "{:?}", b.to_rows());
                assert_wins(&b, moves);
                solved += 1;
            }
            (old, new) => assert_eq!(old, new, "{:?} {:?}", b.to_rows(), b.budget()),
        }
    }
    assert!(solved > 800, "too few winnable boards: {solved}");
}

/// A generated open level, as the scale measurements draw them.
fn drawn(side: usize, islands: usize, tribes: usize, seed: u64) -> Board {
    let options = crate::rules::generator::GenOptions {
        width: side,
        height: side,
        islands,
        tribes,
        ..Default::default()
    };
    crate::rules::generator::draw_level(seed, &options)
        .expect("the options fit")
        .board()
        .expect("a drawn level builds")
}

#[test]
fn branching_and_tables_prove_the_same_par_on_larger_boards() {
    // Up to 12 islands the tables are exact: an independent optimum for the branching.
    for seed in 1..=6 {
        let b = drawn(14, 9 + seed as usize % 3, 0, seed);
        let with = |trees| {
            solve_anytime_with(
                &b,
                SolveLimits::default(),
                None,
                &SolveWatch::default(),
                trees,
            )
            .par()
        };
        let tables = with(Trees::TablesOnly);
        assert!(tables.is_some(), "seed {seed}");
        assert_eq!(with(Trees::BranchingOnly), tables, "seed {seed}");
    }
}

#[test]
fn twenty_four_islands_on_32_by_32_get_a_bound_and_a_solution_at_once() {
    let b = drawn(32, 24, 0, 2);
    let past = std::time::Instant::now();
    let s = solve_anytime(
        &b,
        SolveLimits::default(),
        Some(past),
        &SolveWatch::default(),
    );
    let (at_least, best) = match &s.outcome {
        Outcome::Solved { moves } => (moves.len() as u32, moves.clone()),
        Outcome::GaveUp { proven_at_least } => (*proven_at_least, s.best.clone().unwrap()),
        Outcome::Unwinnable => panic!("a drawn level can be won"),
    };
    assert_wins(&b, &best);
    assert!(
        at_least > 12 && at_least <= best.len() as u32,
        "{at_least} {}",
        best.len()
    );
}

#[test]
fn two_tribes_reaching_for_one_neutral_island_meet_there() {
    let b = board(&["a.#.a", ".....", "b...b"], Goal::ConnectAll, SAND_ONLY);
    let islands = Islands::of(&b);
    let (tribe_a, tribe_b) = (Tribe::new(0).unwrap(), Tribe::new(1).unwrap());
    let m = |text: &str| text.parse::<Move>().unwrap();
    let a_plan = [m("0,1"), m("0,3")];
    // Along the bottom row, b keeps clear of a.
    let apart = [m("2,1"), m("2,2"), m("2,3")];
    let plans = [(tribe_a, &a_plan[..]), (tribe_b, &apart[..])];
    assert_eq!(steiner::tribes_meeting(&b, &islands, &plans), None);
    // Sand under the neutral island joins it to b as well: both islands would hold it.
    let through = [m("2,1"), m("2,2"), m("2,3"), m("1,2")];
    let plans = [(tribe_a, &a_plan[..]), (tribe_b, &through[..])];
    let held = |tribe| steiner::Held {
        tribe,
        cell: Pos::new(0, 2),
        barrable: true,
    };
    assert_eq!(
        steiner::tribes_meeting(&b, &islands, &plans),
        Some([held(tribe_a), held(tribe_b)])
    );
    // Sand beside a's sand: neighbours, not one cell.
    let beside = [m("2,1"), m("1,1")];
    let plans = [(tribe_a, &a_plan[..]), (tribe_b, &beside[..])];
    let met = steiner::tribes_meeting(&b, &islands, &plans).expect("they touch");
    assert_eq!(met.map(|h| h.tribe), [tribe_a, tribe_b]);
    assert_eq!(
        met.map(|h| (h.cell, h.barrable)),
        [(Pos::new(0, 1), true), (Pos::new(1, 1), true)]
    );
}

#[test]
fn a_strait_both_tribes_need_is_unwinnable() {
    // a only joins down column 2 and b only along row 2, both through the island between.
    let b = board(
        &["^^a^^", "^^.^^", "b.#.b", "^^.^^", "^^a^^"],
        Goal::ConnectAll,
        SAND_ONLY,
    );
    assert_eq!(steiner::bound(&b), Some(4));
    assert_eq!(
        solve(&b, SolveLimits::default()).outcome,
        Outcome::Unwinnable
    );
}

/// Two tribes on every board, with neutral land between them: where their trees meet, the
/// engine splits on the meeting cell; the first engine, which searches moves, is the judge.
#[test]
fn the_engines_agree_where_two_tribes_meet() {
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    let limits = SolveLimits {
        max_nodes: 400_000,
        count_solutions_up_to: 0,
    };
    let (mut compared, mut tribes_met) = (0, 0);
    while compared < 1500 {
        let mut below = |n: u64| (rng.next_u64() % n) as usize;
        let (w, h) = (4 + below(3), 4 + below(2));
        let cells: Vec<Cell> = (0..w * h)
            .map(|_| match below(12) {
                0..=5 => Cell::Shallow,
                6 => Cell::Deep,
                7 => Cell::Rock,
                8 | 9 => Cell::Land(Tribe::new(below(2) as u8)),
                _ => Cell::Land(None),
            })
            .collect();
        let budget = [Budget::default(), SAND_ONLY][below(2)];
        let Ok(b) = Board::new(w, h, cells, Goal::ConnectAll, budget) else {
            continue;
        };
        let Some((reference, new)) = against_the_first_engine(&b, limits) else {
            continue;
        };
        compared += 1;
        if let Outcome::Solved { moves } = &new.outcome {
            assert_wins(&b, moves);
        }
        // Trees that cross nothing yet do not win: two tribes met.
        let (bound, _, plan) = engine::evaluate_for_test(&b);
        let plan = plan.unwrap_or_default();
        if engine::conflict(&plan).is_none() && reference.par().is_none_or(|par| bound < par) {
            tribes_met += 1;
        }
    }
    assert!(
        tribes_met >= 100,
        "only {tribes_met} boards had tribes meeting"
    );
}

/// The greedy play's quick check, against the graph it stands for, on boards with moves
/// played (bridges in the way, shores filled, budgets spent).
#[test]
fn joinable_says_what_the_graph_says() {
    let mut rng = ChaCha8Rng::seed_from_u64(37);
    let (mut compared, mut unjoinable) = (0, 0);
    while compared < 4000 {
        let Some(mut b) = random_board(&mut rng, false) else {
            continue;
        };
        for _ in 0..rng.next_u64() % 4 {
            let moves = candidates(&mut b, false);
            if moves.is_empty() {
                break;
            }
            let _ = b.apply(moves[(rng.next_u64() % moves.len() as u64) as usize]);
        }
        let islands = Islands::of(&b);
        for scope in islands.scopes(&b) {
            let want = Graph::build(&b, &islands, scope).joinable();
            assert_eq!(
                steiner::joinable(&b, &islands, scope),
                want,
                "{:?} {scope:?}",
                b.to_rows()
            );
            unjoinable += u32::from(!want);
            compared += 1;
        }
    }
    assert!(unjoinable > 200, "only {unjoinable} scopes could not join");
}
