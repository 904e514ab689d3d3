//! The rules of puzzle mode (RULES.md section 1), one test per rule, plus property tests
//! against a plain flood fill.

use super::*;
use crate::rules::test_boards::board;
use proptest::prelude::*;

/// A goal no test board reaches, so that play never stops.
const ENDLESS: Goal = Goal::Reach(u32::MAX);

/// A board to play freely on: the goal never holds and the budget is unlimited.
fn open(rows: &[&str]) -> Board {
    board(rows, ENDLESS, Budget::default())
}

fn mv(text: &str) -> Move {
    text.parse().unwrap()
}

#[test]
fn an_island_is_a_four_connected_group_of_land() {
    let b = open(&["#.#", ".#.", "a.#"]);
    assert_eq!(b.island_count(), 5, "diagonals do not connect");
    let b = open(&["##.", "#a.", "..#"]);
    assert_eq!(
        b.island_count(),
        2,
        "neutral and tribal land form one island"
    );
}

#[test]
fn sand_turns_shallow_water_into_land_that_joins_every_island_it_touches() {
    let mut b = open(&[".#.", "#.#", ".#."]);
    assert_eq!(b.island_count(), 4);
    let report = b.apply(mv("1,1")).unwrap();
    assert_eq!(b.cell(Pos::new(1, 1)), Some(Cell::Land(None)));
    assert_eq!(
        report.changed,
        vec![(Pos::new(1, 1), Cell::Shallow, Cell::Land(None))]
    );
    assert_eq!(report.joined.len(), 4);
    assert_eq!(report.unions.len(), 4);
    assert_eq!(report.island.size, 5);
    assert_eq!(b.island_count(), 1);
}

#[test]
fn sand_anywhere_but_shallow_water_is_rejected_and_costs_nothing() {
    let mut b = board(
        &["#~^", "...", "..#"],
        Goal::ConnectAll,
        Budget {
            sand: Some(5),
            bridges: None,
        },
    );
    for (text, cell) in [
        ("0,0", Cell::Land(None)),
        ("0,1", Cell::Deep),
        ("0,2", Cell::Rock),
    ] {
        assert_eq!(
            b.apply(mv(text)),
            Err(Rejection::SandNeedsShallowWater(mv(text).pos(), cell))
        );
    }
    assert_eq!(
        b.apply(mv("3,0")),
        Err(Rejection::OutsideBoard(Pos::new(3, 0)))
    );
    assert_eq!(
        b.apply(mv("0,9")),
        Err(Rejection::OutsideBoard(Pos::new(0, 9)))
    );
    assert_eq!(b.moves_made(), 0);
    assert_eq!(b.sand_left(), Some(5));
    assert_eq!(b.to_rows(), vec!["#~^", "...", "..#"]);
}

#[test]
fn a_bridge_joins_two_islands_across_water_and_adds_no_land() {
    let mut b = open(&["#.~.#", "....."]);
    let report = b.apply(mv("0,0-0,4")).unwrap();
    assert_eq!(b.island_count(), 1);
    assert_eq!(report.island.size, 2, "bridge cells are not land");
    assert_eq!(report.changed.len(), 3);
    assert_eq!(
        b.cell(Pos::new(0, 2)),
        Some(Cell::Bridge {
            axis: Axis::Horizontal,
            over_deep: true
        })
    );
    assert_eq!(b.to_rows()[0], "#===#");
}

#[test]
fn bridges_are_straight_span_water_and_start_and_end_on_land() {
    let mut b = open(&["#.#.#", "..^..", "#....", "#.#.."]);
    assert_eq!(b.apply(mv("0,0-3,2")), Err(Rejection::BridgeNotStraight));
    assert_eq!(b.apply(mv("2,0-3,0")), Err(Rejection::BridgeTooShort));
    assert_eq!(
        b.apply(mv("0,0-0,1")),
        Err(Rejection::BridgeNeedsLand(Pos::new(0, 1), Cell::Shallow))
    );
    assert_eq!(
        b.apply(mv("0,0-0,4")),
        Err(Rejection::BridgeBlocked(Pos::new(0, 2), Cell::Land(None))),
        "a bridge never crosses land"
    );
    assert_eq!(
        b.apply(mv("0,2-3,2")),
        Err(Rejection::BridgeBlocked(Pos::new(1, 2), Cell::Rock)),
        "nor rock"
    );
    assert_eq!(b.moves_made(), 0);
}

#[test]
fn a_bridge_never_crosses_another_bridge_and_blocks_sand() {
    let mut b = open(&[".#.", "#.#", ".#."]);
    b.apply(mv("1,0-1,2")).unwrap();
    assert_eq!(
        b.apply(mv("0,1-2,1")),
        Err(Rejection::BridgeBlocked(
            Pos::new(1, 1),
            Cell::Bridge {
                axis: Axis::Horizontal,
                over_deep: false
            }
        ))
    );
    assert!(matches!(
        b.apply(mv("1,1")),
        Err(Rejection::SandNeedsShallowWater(_, Cell::Bridge { .. }))
    ));
}

#[test]
fn bridge_cells_join_nothing_sideways() {
    // The plank at (1,1) touches (0,1) and (2,1), which stay apart from the bridge's island.
    let mut b = open(&[".#.", "#.#", ".#."]);
    b.apply(mv("1,0-1,2")).unwrap();
    assert_eq!(b.island_count(), 3);
    assert_ne!(b.island_root(Pos::new(0, 1)), b.island_root(Pos::new(1, 0)));
}

#[test]
fn a_bridge_whose_ends_share_an_island_is_rejected() {
    let mut b = open(&["#.#", "###"]);
    assert_eq!(b.apply(mv("0,0-0,2")), Err(Rejection::SameIsland));
}

#[test]
fn moves_that_would_join_two_tribes_are_rejected() {
    let mut b = open(&["a.b", "...", "#.."]);
    assert_eq!(
        b.apply(mv("0,1")),
        Err(Rejection::TribesWouldMeet(
            Tribe::new(0).unwrap(),
            Tribe::new(1).unwrap()
        ))
    );
    assert_eq!(
        b.apply(mv("0,0-0,2")),
        Err(Rejection::TribesWouldMeet(
            Tribe::new(0).unwrap(),
            Tribe::new(1).unwrap()
        ))
    );
    // Neutral land may join a tribe, and then carries it.
    b.apply(mv("1,0")).unwrap();
    assert_eq!(b.island_tribe(Pos::new(2, 0)), Some(Tribe::new(0).unwrap()));
    assert!(b.apply(mv("1,1")).is_ok());
    assert!(matches!(
        b.apply(mv("1,2")),
        Err(Rejection::TribesWouldMeet(..))
    ));
    assert_eq!(b.moves_made(), 2);
}

#[test]
fn an_empty_budget_rejects_the_move_and_costs_nothing() {
    let mut b = board(
        &["#...#", "#~~~#"],
        Goal::ConnectAll,
        Budget {
            sand: Some(1),
            bridges: Some(0),
        },
    );
    b.apply(mv("0,1")).unwrap();
    assert_eq!(b.sand_left(), Some(0));
    // Not yet lost: that needs every budget empty... which it is, so the level is lost.
    assert_eq!(b.status(), Status::Lost);
    assert_eq!(b.apply(mv("0,2")), Err(Rejection::Finished(Status::Lost)));

    let mut b = board(
        &["#...#", "#~~~#"],
        Goal::ConnectAll,
        Budget {
            sand: Some(0),
            bridges: None,
        },
    );
    assert_eq!(b.apply(mv("0,1")), Err(Rejection::NoSandLeft));
    assert_eq!(b.status(), Status::Playing, "unlimited bridges: not lost");
    let mut b = board(
        &["#...#", "#~~~#"],
        Goal::ConnectAll,
        Budget {
            sand: None,
            bridges: Some(0),
        },
    );
    assert_eq!(b.apply(mv("0,0-0,4")), Err(Rejection::NoBridgesLeft));
}

#[test]
fn connect_all_without_tribes_needs_one_island() {
    let mut b = board(&["#.#.#"], Goal::ConnectAll, Budget::default());
    b.apply(mv("0,1")).unwrap();
    assert_eq!(b.status(), Status::Playing);
    let r = b.apply(mv("0,3")).unwrap();
    assert_eq!(r.status, Status::Won);
    assert_eq!(
        b.apply(mv("0,0-0,2")),
        Err(Rejection::Finished(Status::Won))
    );
}

#[test]
fn connect_all_with_tribes_joins_each_tribe_and_ignores_neutral_islands() {
    let mut b = board(
        &["a.a.#", ".....", "b.b.."],
        Goal::ConnectAll,
        Budget::default(),
    );
    b.apply(mv("0,1")).unwrap();
    assert_eq!(b.status(), Status::Playing, "tribe b is still apart");
    b.apply(mv("2,1")).unwrap();
    assert_eq!(
        b.status(),
        Status::Won,
        "the neutral island at 0,4 may stay alone"
    );
}

#[test]
fn islands_goal_counts_exactly() {
    let mut b = board(&["#.#.#", "....."], Goal::Islands(2), Budget::default());
    assert_eq!(b.island_count(), 3);
    b.apply(mv("1,1")).unwrap();
    assert_eq!(b.island_count(), 4, "a lone sand is a new island");
    assert_eq!(b.status(), Status::Playing);
    b.apply(mv("0,1")).unwrap();
    assert_eq!(b.island_count(), 2);
    assert_eq!(b.status(), Status::Won);
}

#[test]
fn reach_goal_needs_one_island_big_enough() {
    let mut b = board(&["##.##"], Goal::Reach(5), Budget::default());
    assert_eq!(b.largest_island(), 2);
    let r = b.apply(mv("0,2")).unwrap();
    assert_eq!(r.status, Status::Won);
    assert_eq!(b.largest_island(), 5);
}

#[test]
fn a_bridge_scores_the_product_of_the_two_islands() {
    let mut b = open(&["###..####", "........."]);
    let r = b.apply(mv("0,2-0,5")).unwrap();
    assert_eq!(r.points, 12);
    assert_eq!(b.score(), 12);
}

#[test]
fn sand_touching_several_islands_scores_the_product_of_their_sizes() {
    // Islands of 2 (left), 2 (top) and 5 (right) meet at 1,2.
    let mut b = open(&["..#..", "##.##", "..###", "....."]);
    let r = b.apply(mv("1,2")).unwrap();
    let mut sizes: Vec<usize> = r.joined.iter().map(|j| j.size).collect();
    sizes.sort();
    assert_eq!(sizes, vec![1, 2, 5]);
    assert_eq!(r.points, 10);
    let mut b = open(&["..#..", "..#..", "##.##", "...##", "...##"]);
    let r = b.apply(mv("2,2")).unwrap();
    let mut sizes: Vec<usize> = r.joined.iter().map(|j| j.size).collect();
    sizes.sort();
    assert_eq!(sizes, vec![2, 2, 6]);
    assert_eq!(r.points, 24);
}

#[test]
fn sand_joining_fewer_than_two_islands_scores_nothing() {
    let mut b = open(&["#..", "..."]);
    assert_eq!(b.apply(mv("0,1")).unwrap().points, 0);
    assert_eq!(b.apply(mv("2,2").pos_moved(-1, 0)).unwrap().points, 0);
    assert_eq!(b.score(), 0);
}

#[test]
fn a_win_adds_fifty_per_unused_move_of_a_limited_budget() {
    let mut b = board(
        &["#.#"],
        Goal::ConnectAll,
        Budget {
            sand: Some(3),
            bridges: Some(2),
        },
    );
    let r = b.apply(mv("0,1")).unwrap();
    assert_eq!(r.points, 1);
    assert_eq!(r.win_bonus, 4 * 50);
    assert_eq!(b.score(), 1 + 200);
    let mut b = board(
        &["#.#"],
        Goal::ConnectAll,
        Budget {
            sand: None,
            bridges: Some(2),
        },
    );
    assert_eq!(
        b.apply(mv("0,1")).unwrap().win_bonus,
        100,
        "unlimited sand earns nothing"
    );
}

#[test]
fn number_of_islands_ii_counts_1_1_2_3() {
    let mut b = open(&["...", "...", "..."]);
    let counts: Vec<usize> = ["0,0", "0,1", "1,2", "2,1"]
        .iter()
        .map(|m| b.apply(mv(m)).unwrap().islands)
        .collect();
    assert_eq!(counts, vec![1, 1, 2, 3]);
}

#[test]
fn a_level_whose_goal_holds_at_once_starts_won() {
    let b = board(&["##", ".."], Goal::ConnectAll, Budget::default());
    assert_eq!(b.status(), Status::Won);
}

#[test]
fn rollback_returns_exactly_the_earlier_board_score_included() {
    let mut b = board(
        &["#.#.#", "..~..", "a...a"],
        Goal::ConnectAll,
        Budget {
            sand: Some(9),
            bridges: Some(2),
        },
    );
    b.apply(mv("0,1")).unwrap();
    let before = b.clone();
    let snap = b.snapshot();
    b.apply(mv("0,2-2,2").pos_moved(0, 0)).ok();
    b.apply(mv("0,3")).unwrap();
    b.apply(mv("2,0-2,4")).unwrap();
    assert_ne!(b.score(), before.score());
    b.rollback_to(snap);
    assert_eq!(b.cells(), before.cells());
    assert_eq!(b.score(), before.score());
    assert_eq!(b.island_count(), before.island_count());
    assert_eq!(b.sand_left(), before.sand_left());
    assert_eq!(b.bridges_left(), before.bridges_left());
    assert_eq!(b.status(), before.status());
    for i in 0..b.cells().len() {
        let p = b.pos(i);
        assert_eq!(b.island_tribe(p), before.island_tribe(p));
        assert_eq!(b.island_root(p).is_some(), before.island_root(p).is_some());
    }
}

impl Move {
    fn pos(self) -> Pos {
        match self {
            Move::Sand(p) | Move::Bridge(p, _) => p,
        }
    }
    fn pos_moved(self, dr: isize, dc: isize) -> Move {
        let p = self.pos();
        Move::Sand(Pos::new(
            p.row.checked_add_signed(dr).unwrap(),
            p.col.checked_add_signed(dc).unwrap(),
        ))
    }
}

/// Islands by flood fill: a label per land cell (`usize::MAX` elsewhere).
fn flood_labels(b: &Board) -> (Vec<usize>, usize) {
    let (w, h) = (b.width(), b.height());
    let mut label = vec![usize::MAX; w * h];
    let mut count = 0;
    for start in 0..w * h {
        if !b.cells()[start].is_land() || label[start] != usize::MAX {
            continue;
        }
        let mut stack = vec![start];
        label[start] = count;
        while let Some(i) = stack.pop() {
            for q in b.neighbours(b.pos(i)) {
                let j = q.row * w + q.col;
                if b.cells()[j].is_land() && label[j] == usize::MAX {
                    label[j] = count;
                    stack.push(j);
                }
            }
        }
        count += 1;
    }
    (label, count)
}

fn cell_strategy() -> impl Strategy<Value = Cell> {
    prop_oneof![
        6 => Just(Cell::Shallow),
        1 => Just(Cell::Deep),
        3 => Just(Cell::Land(None)),
        1 => Just(Cell::Rock),
    ]
}

proptest! {
    /// Sand only (bridges join islands that a flood fill sees apart): the union-find's
    /// islands match a flood fill after every move.
    #[test]
    fn islands_match_a_flood_fill_after_every_sand(
        (w, h, cells) in (2usize..9, 2usize..9).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), prop::collection::vec(cell_strategy(), w * h))
        }),
        moves in prop::collection::vec((0usize..9, 0usize..9), 0..40),
    ) {
        let mut b = Board::new(w, h, cells, ENDLESS, Budget::default()).unwrap();
        for (r, c) in moves {
            let before = b.island_count();
            let result = b.apply(Move::Sand(Pos::new(r, c)));
            let (labels, count) = flood_labels(&b);
            prop_assert_eq!(b.island_count(), count);
            if result.is_err() {
                prop_assert_eq!(b.island_count(), before);
            }
            let mut sizes = vec![0; count];
            for &l in labels.iter().filter(|&&l| l != usize::MAX) {
                sizes[l] += 1;
            }
            prop_assert_eq!(b.largest_island(), sizes.iter().copied().max().unwrap_or(0));
            for i in 0..w * h {
                for j in 0..w * h {
                    if labels[i] != usize::MAX && labels[j] != usize::MAX {
                        prop_assert_eq!(
                            b.island_root(b.pos(i)) == b.island_root(b.pos(j)),
                            labels[i] == labels[j]
                        );
                    }
                }
                if labels[i] != usize::MAX {
                    prop_assert_eq!(b.island_of(b.pos(i)).unwrap().size, sizes[labels[i]]);
                }
            }
        }
    }

    /// With bridges too: islands match a flood fill in which each bridge links its ends.
    #[test]
    fn islands_match_a_flood_fill_with_bridges(
        (w, h, cells) in (3usize..8, 3usize..8).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), prop::collection::vec(cell_strategy(), w * h))
        }),
        moves in prop::collection::vec((0usize..8, 0usize..8, 0usize..8, any::<bool>()), 0..40),
    ) {
        let mut b = Board::new(w, h, cells, ENDLESS, Budget::default()).unwrap();
        let mut links: Vec<(usize, usize)> = Vec::new();
        for (r, c, k, is_bridge) in moves {
            let m = if is_bridge {
                let other = if k % 2 == 0 { Pos::new(r, k) } else { Pos::new(k, c) };
                Move::Bridge(Pos::new(r, c), other)
            } else {
                Move::Sand(Pos::new(r, c))
            };
            if let (Ok(_), Move::Bridge(a, z)) = (b.apply(m), m) {
                links.push((a.row * w + a.col, z.row * w + z.col));
            }
            let (labels, _) = flood_labels(&b);
            // Merge flood-fill labels along the bridges with a naive relabelling.
            let mut merged = labels.clone();
            for &(x, y) in &links {
                let (lx, ly) = (merged[x], merged[y]);
                for l in merged.iter_mut() { if *l == ly { *l = lx; } }
            }
            let mut distinct: Vec<usize> = merged.iter().copied().filter(|&l| l != usize::MAX).collect();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(b.island_count(), distinct.len());
            for i in 0..w * h {
                for j in 0..w * h {
                    if merged[i] != usize::MAX && merged[j] != usize::MAX {
                        prop_assert_eq!(
                            b.island_root(b.pos(i)) == b.island_root(b.pos(j)),
                            merged[i] == merged[j]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn island_ops_are_recorded_only_when_asked_and_name_cells() {
    let mut b = open(&["...", "...", "..."]);
    assert!(!b.is_recording_island_ops());
    b.apply(mv("0,0")).unwrap();
    b.apply(mv("0,1")).unwrap();
    assert!(b.take_island_ops().is_empty(), "nothing recorded while off");
    b.record_island_ops(true);
    for m in ["2,2", "2,1", "1,1"] {
        b.apply(mv(m)).unwrap();
    }
    b.take_island_ops();
    assert!(b.apply(mv("1,1")).is_err());
    assert!(
        b.take_island_ops().is_empty(),
        "a refused move records nothing"
    );
    // (0,0) hangs under (0,1), which went under (2,1) when 1,1 tied their ranks: the find
    // from (0,0) walks two steps and splitting points it at the root.
    b.apply(mv("1,0")).unwrap();
    let p = Pos::new;
    assert_eq!(
        b.take_island_ops(),
        [
            Op::Find {
                start: p(1, 1),
                path: vec![p(1, 1), p(2, 1)],
                repoints: vec![],
            },
            Op::Union {
                root_a: p(1, 0),
                root_b: p(2, 1),
                rank_a: 0,
                rank_b: 2,
                size_a: 1,
                size_b: 5,
                parent: p(2, 1),
                rank_raised: false,
            },
            Op::Find {
                start: p(0, 0),
                path: vec![p(0, 0), p(0, 1), p(2, 1)],
                repoints: vec![crate::union_find::Repoint {
                    element: p(0, 0),
                    old_parent: p(0, 1),
                    new_parent: p(2, 1),
                }],
            },
        ]
    );
    assert_eq!(
        b.island_node(p(0, 0)),
        Some(Node::Child { parent: p(2, 1) })
    );
    assert_eq!(
        b.island_node(p(2, 1)),
        Some(Node::Root { rank: 2, size: 6 })
    );
    assert_eq!(b.island_node(p(3, 0)), None);
    b.record_island_ops(false);
    b.apply(mv("0,2")).unwrap();
    assert!(b.take_island_ops().is_empty());
}

#[test]
fn an_undo_while_recording_plays_the_log_backwards() {
    let mut b = open(&["#.#"]);
    b.record_island_ops(true);
    let before: Vec<_> = (0..3).map(|c| b.island_node(Pos::new(0, c))).collect();
    let snap = b.snapshot();
    b.apply(mv("0,1")).unwrap();
    b.take_island_ops();
    let mut replayed: Vec<_> = (0..3).map(|c| b.island_node(Pos::new(0, c))).collect();
    b.rollback_to(snap);
    let ops = b.take_island_ops();
    let [Op::Rollback { writes }] = ops.as_slice() else {
        panic!("one rollback expected, got {ops:?}");
    };
    // Each write finds the word its predecessor left, and the last leaves the earlier board.
    for w in writes {
        let at = &mut replayed[w.element.col];
        assert_eq!(*at, Some(w.before));
        *at = Some(w.after);
    }
    let after: Vec<_> = (0..3).map(|c| b.island_node(Pos::new(0, c))).collect();
    assert_eq!(after, before);
    assert_eq!(replayed, before);
}

proptest! {
    /// The recorder only watches: the same moves with it on give the same reports and
    /// leave the same structure.
    #[test]
    fn recording_island_ops_changes_no_move(
        (w, h, cells) in (2usize..8, 2usize..8).prop_flat_map(|(w, h)| {
            (Just(w), Just(h), prop::collection::vec(cell_strategy(), w * h))
        }),
        moves in prop::collection::vec((0usize..8, 0usize..8, 0usize..8, any::<bool>()), 0..40),
    ) {
        let mut plain = Board::new(w, h, cells, ENDLESS, Budget::default()).unwrap();
        let mut recorded = plain.clone();
        recorded.record_island_ops(true);
        for (r, c, k, is_bridge) in moves {
            let m = if is_bridge {
                Move::Bridge(Pos::new(r, c), Pos::new(r, k))
            } else {
                Move::Sand(Pos::new(r, c))
            };
            let result = recorded.apply(m);
            prop_assert_eq!(plain.apply(m), result.clone());
            let ops = recorded.take_island_ops();
            let unions = ops.iter().filter(|op| matches!(op, Op::Union { .. })).count();
            prop_assert_eq!(unions, result.map_or(0, |r| r.unions.len()));
        }
        for i in 0..w * h {
            prop_assert_eq!(plain.island_node(plain.pos(i)), recorded.island_node(recorded.pos(i)));
        }
    }
}
