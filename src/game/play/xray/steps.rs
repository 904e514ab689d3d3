//! The X-ray view's story of a move, without Bevy: a copy of the island forest as drawn
//! ([`Forest`]), and the steps that turn the forest before a move into the forest after it,
//! made from the operations the union-find recorded ([`steps_of`]). Played forwards and
//! backwards, the steps write exactly the words the structure wrote, so the drawing ends
//! on the real structure (tested).

use crate::rules::board::Board;
use crate::rules::cell::Pos;
use crate::union_find::{Link, Node, Op};

/// The forest as drawn: every cell's union-find word, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forest {
    width: usize,
    nodes: Vec<Node<Pos>>,
}

impl Forest {
    /// The structure as the board holds it now, read through its read-only view.
    pub fn of(board: &Board) -> Forest {
        let width = board.width();
        let nodes = (0..board.width() * board.height())
            .map(|i| {
                let pos = Pos::new(i / width, i % width);
                board
                    .island_node(pos)
                    .unwrap_or(Node::Root { rank: 0, size: 1 })
            })
            .collect();
        Forest { width, nodes }
    }

    pub fn node(&self, pos: Pos) -> Option<Node<Pos>> {
        if pos.col >= self.width {
            return None;
        }
        self.nodes.get(pos.row * self.width + pos.col).copied()
    }

    /// The root `pos` reaches by following the arrows as drawn.
    pub fn root_of(&self, mut pos: Pos) -> Pos {
        for _ in 0..self.nodes.len() {
            match self.node(pos) {
                Some(Node::Child { parent }) => pos = parent,
                _ => break,
            }
        }
        pos
    }

    /// Every cell with its word, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (Pos, Node<Pos>)> + '_ {
        let width = self.width;
        self.nodes
            .iter()
            .enumerate()
            .map(move |(i, n)| (Pos::new(i / width, i % width), *n))
    }

    fn write(&mut self, pos: Pos, node: Node<Pos>) {
        if pos.col < self.width
            && let Some(slot) = self.nodes.get_mut(pos.row * self.width + pos.col)
        {
            *slot = node;
        }
    }

    /// Plays a step forwards.
    pub fn apply(&mut self, step: &Step) {
        for w in &step.writes {
            self.write(w.at, w.after);
        }
    }

    /// Takes a step back.
    pub fn revert(&mut self, step: &Step) {
        for w in step.writes.iter().rev() {
            self.write(w.at, w.before);
        }
    }
}

/// One word the structure wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Write {
    pub at: Pos,
    pub before: Node<Pos>,
    pub after: Node<Pos>,
}

/// What a step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A find walks from a cell up to its root (nothing written).
    Walk,
    /// Path splitting: the cells the walk passed now point at their grandparents.
    Split,
    /// Union by rank: the root of lower rank goes under the other.
    Link,
    /// Undo: a word put back as it was.
    Restore,
}

/// One step of the story: what it writes, the path it lights, and a line saying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    /// The cells to light: a find's path, a union's two roots, a restored cell.
    pub lit: Vec<Pos>,
    pub writes: Vec<Write>,
    pub caption: String,
}

/// A cell as every other message names it, counted from 1: "row 2, column 3".
pub fn cell_name(p: Pos) -> String {
    crate::game::ui::text::cell_name(p)
}

fn node_words(node: Node<Pos>) -> String {
    match node {
        Node::Child { parent } => format!("points at {}", cell_name(parent)),
        Node::Root { rank, size } => format!("is a root again (rank {rank}, size {size})"),
    }
}

/// The steps of one move's (or undo's) operations, in order.
pub fn steps_of(ops: &[Op<Pos>]) -> Vec<Step> {
    let mut steps = Vec::new();
    for op in ops {
        match op {
            Op::Find {
                start,
                path,
                repoints,
            } => {
                let root = *path.last().unwrap_or(start);
                let caption = if path.len() <= 1 {
                    format!("find {}: it is its own root", cell_name(*start))
                } else {
                    format!(
                        "find {}: {} step{} up to the root {}",
                        cell_name(*start),
                        path.len() - 1,
                        if path.len() == 2 { "" } else { "s" },
                        cell_name(root)
                    )
                };
                steps.push(Step {
                    kind: StepKind::Walk,
                    lit: path.clone(),
                    writes: Vec::new(),
                    caption,
                });
                if !repoints.is_empty() {
                    let moved: Vec<String> = repoints
                        .iter()
                        .map(|r| {
                            format!(
                                "{} now points at {}",
                                cell_name(r.element),
                                cell_name(r.new_parent)
                            )
                        })
                        .collect();
                    steps.push(Step {
                        kind: StepKind::Split,
                        lit: path.clone(),
                        writes: repoints
                            .iter()
                            .map(|r| Write {
                                at: r.element,
                                before: Node::Child {
                                    parent: r.old_parent,
                                },
                                after: Node::Child {
                                    parent: r.new_parent,
                                },
                            })
                            .collect(),
                        caption: format!(
                            "path splitting: {} (its grandparent), so the next find is shorter",
                            moved.join(", ")
                        ),
                    });
                }
            }
            Op::Union { rank_raised, .. } => {
                let Some(Link {
                    parent,
                    child,
                    parent_rank,
                    child_rank,
                    parent_size,
                    child_size,
                    new_rank,
                    new_size,
                }) = op.link()
                else {
                    unreachable!("a union has a link")
                };
                let why = if *rank_raised {
                    format!(
                        "equal ranks, so {}'s rank rises to {new_rank}",
                        cell_name(parent)
                    )
                } else {
                    format!("rank {child_rank} goes under rank {parent_rank}")
                };
                steps.push(Step {
                    kind: StepKind::Link,
                    lit: vec![child, parent],
                    writes: vec![
                        Write {
                            at: child,
                            before: Node::Root {
                                rank: child_rank,
                                size: child_size,
                            },
                            after: Node::Child { parent },
                        },
                        Write {
                            at: parent,
                            before: Node::Root {
                                rank: parent_rank,
                                size: parent_size,
                            },
                            after: Node::Root {
                                rank: new_rank,
                                size: new_size,
                            },
                        },
                    ],
                    caption: format!(
                        "union: root {} (size {child_size}) goes under root {} (size \
                         {parent_size}): {why}; the island now has {} cells",
                        cell_name(child),
                        cell_name(parent),
                        new_size
                    ),
                });
            }
            Op::Rollback { writes } => {
                for w in writes {
                    steps.push(Step {
                        kind: StepKind::Restore,
                        lit: vec![w.element],
                        writes: vec![Write {
                            at: w.element,
                            before: w.before,
                            after: w.after,
                        }],
                        caption: format!(
                            "undo, from the log backwards: {} {}",
                            cell_name(w.element),
                            node_words(w.after)
                        ),
                    });
                }
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::level::Level;
    use crate::rules::moves::Move;
    use crate::session::{Action, Session};

    fn level(rows: &[&str]) -> Level {
        let grid: Vec<String> = rows.iter().map(|r| format!("\"{r}\"")).collect();
        Level::from_ron_bytes(
            format!(
                "Level(format: 1, name: \"t\", grid: [{}], goal: ConnectAll, \
                 budget: (sand: None, bridges: None), par: 1)",
                grid.join(", ")
            )
            .as_bytes(),
        )
        .unwrap()
    }

    /// Plays `moves` and then undoes them all, checking after each that the drawn forest,
    /// stepped forwards through the recorded operations, is the real structure, and that
    /// stepping back gives the forest before.
    fn check(rows: &[&str], moves: &[Move]) -> usize {
        let mut session = Session::new(level(rows)).unwrap();
        session.record_island_ops(true);
        let mut drawn = Forest::of(session.board());
        let mut steps_seen = 0;
        let check_step = |session: &mut Session, drawn: &mut Forest| {
            let before = drawn.clone();
            let steps = steps_of(&session.take_island_ops());
            for step in &steps {
                drawn.apply(step);
            }
            assert_eq!(*drawn, Forest::of(session.board()));
            let mut back = drawn.clone();
            for step in steps.iter().rev() {
                back.revert(step);
            }
            assert_eq!(back, before);
            steps.len()
        };
        for &mv in moves {
            session.perform(Action::Play(mv));
            steps_seen += check_step(&mut session, &mut drawn);
        }
        for _ in moves {
            session.perform(Action::Undo);
            steps_seen += check_step(&mut session, &mut drawn);
        }
        steps_seen
    }

    #[test]
    fn stepping_through_a_move_ends_on_the_real_structure_and_back_again() {
        // One grain joining three islands: finds, unions of equal and unequal ranks.
        let steps = check(
            &["##.##", "##.##", "..#..", ".###."],
            &[Move::Sand(Pos::new(1, 2))],
        );
        assert!(steps >= 4, "{steps}");
        // Several moves, a bridge, then every one undone.
        check(
            &["#..#..#", "...~...", "#..~..#"],
            &[
                Move::Sand(Pos::new(0, 1)),
                Move::Sand(Pos::new(0, 2)),
                Move::Sand(Pos::new(1, 0)),
                Move::Bridge(Pos::new(0, 3), Pos::new(0, 6)),
                Move::Sand(Pos::new(2, 1)),
            ],
        );
    }

    #[test]
    fn captions_name_cells_from_one_and_say_why_a_root_went_under() {
        let union = Op::Union {
            root_a: Pos::new(0, 0),
            root_b: Pos::new(2, 2),
            rank_a: 1,
            rank_b: 1,
            size_a: 4,
            size_b: 2,
            parent: Pos::new(0, 0),
            rank_raised: true,
        };
        let steps = steps_of(&[union]);
        assert_eq!(steps.len(), 1);
        assert!(
            steps[0]
                .caption
                .contains("root row 3, column 3 (size 2) goes under root row 1, column 1"),
            "{}",
            steps[0].caption
        );
        assert!(steps[0].caption.contains("rank rises to 2"));
        assert!(steps[0].caption.contains("6 cells"));
    }
}
