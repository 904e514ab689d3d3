//! Which colour each island wears, so that two different islands near each other never
//! look alike: islands whose land comes within two steps (touching diagonally, or one water
//! cell apart) get different palette slots of their family (neutral, or their tribe's
//! shades). An island takes a slot no island near it wears (so one is always found), the
//! one fewest islands on the board wear, so while the palette lasts far islands differ
//! too; the theme draws every slot of a family in its own colour. Colours are kept across moves: a merged island keeps the colour of its largest
//! part, and only islands a move brings too close to a same-coloured one change. Each move's
//! changes are remembered, so undo gives every island its colour back.
//!
//! This is render cache (it can be rebuilt from the board at any time); no Bevy here.

use crate::rules::board::{Board, MoveReport};
use crate::rules::cell::{Pos, Tribe};
use crate::rules::moves::Move;
use std::collections::HashMap;

/// Land of two islands this close (steps along rows and columns) must differ in colour.
const NEAR: usize = 2;

/// An island's colour: its family (neutral or a tribe) and a slot within that family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IslandColour {
    pub tribe: Option<Tribe>,
    pub slot: u16,
}

/// Each island's cells and palette slot, by the row-major index of its union-find root.
#[derive(Debug, Clone, Default)]
pub struct IslandColours {
    members: HashMap<usize, Vec<usize>>,
    /// Entries of roots a merge absorbed stay: undo makes them roots again.
    slots: HashMap<usize, u16>,
    /// For each move on the board, the slots it overwrote (root, slot before), in order.
    undo: Vec<Vec<(usize, Option<u16>)>>,
}

impl IslandColours {
    /// Colours for a board as it stands: larger islands choose first.
    pub fn new(board: &Board) -> IslandColours {
        let mut colours = IslandColours::default();
        for i in 0..board.cells().len() {
            if let Some(root) = root_index(board, i) {
                colours.members.entry(root).or_default().push(i);
            }
        }
        let mut roots: Vec<usize> = colours.members.keys().copied().collect();
        roots.sort_by_key(|r| (std::cmp::Reverse(colours.members[r].len()), *r));
        for root in roots {
            let slot = colours.free_slot(board, root);
            colours.slots.insert(root, slot);
        }
        colours
    }

    /// The colour of the island at `pos`, if it is land.
    pub fn colour_at(&self, board: &Board, pos: Pos) -> Option<IslandColour> {
        let root = board.island_root(pos)?;
        Some(IslandColour {
            tribe: board.island_tribe(pos),
            slot: self
                .slots
                .get(&(root.row * board.width() + root.col))
                .copied()
                .unwrap_or(0),
        })
    }

    /// The cells of the island whose root has index `root`.
    pub fn members(&self, root: usize) -> &[usize] {
        self.members.get(&root).map_or(&[], Vec::as_slice)
    }

    /// After `report`'s move was made on `board`: merges the joined islands' cells under the
    /// new root, keeps the largest part's colour, and recolours any island the move brought
    /// too close to one of its colour. Returns the cells whose colour changed.
    pub fn played(&mut self, board: &Board, report: &MoveReport) -> Vec<usize> {
        let width = board.width();
        let index = |p: Pos| p.row * width + p.col;
        let root = index(report.island.root);
        let mut overwritten = Vec::new();
        // The part whose colour the island keeps: the largest of the final tribe's family.
        let keeper = report
            .joined
            .iter()
            .filter(|j| j.tribe == report.island.tribe)
            .max_by_key(|j| (j.size, j.root == report.island.root));
        let mut merged = self.members.remove(&root).unwrap_or_default();
        let mut changed = Vec::new();
        if keeper.is_none_or(|k| k.root != report.island.root) && !merged.is_empty() {
            changed.extend_from_slice(&merged);
        }
        for part in report
            .joined
            .iter()
            .filter(|j| j.root != report.island.root)
        {
            let cells = self.members.remove(&index(part.root)).unwrap_or_default();
            if keeper.is_none_or(|k| k.root != part.root) {
                changed.extend_from_slice(&cells);
            }
            merged.extend(cells);
        }
        if let Move::Sand(p) = report.applied {
            merged.push(index(p));
            changed.push(index(p));
        }
        self.members.insert(root, merged);
        let slot = match keeper {
            Some(k) => self.slots.get(&index(k.root)).copied().unwrap_or(0),
            None => self.free_slot(board, root),
        };
        overwritten.push((root, self.slots.insert(root, slot)));
        self.separate_from_neighbours(
            board,
            root,
            &changed.clone(),
            &mut changed,
            &mut overwritten,
        );
        self.undo.push(overwritten);
        changed
    }

    /// After `report`'s move was taken back on `board`: the island splits into the islands
    /// the board has again, each with the colour it had. Returns the cells whose colour
    /// changed.
    pub fn undone(&mut self, board: &Board, report: &MoveReport) -> Vec<usize> {
        let width = board.width();
        let root = report.island.root.row * width + report.island.root.col;
        let mut changed = self.members.remove(&root).unwrap_or_default();
        for &i in &changed {
            if let Some(r) = root_index(board, i) {
                self.members.entry(r).or_default().push(i);
            }
        }
        match self.undo.pop() {
            Some(overwritten) => {
                for (r, old) in overwritten.into_iter().rev() {
                    if let Some(cells) = self.members.get(&r)
                        && r != root
                    {
                        changed.extend_from_slice(cells);
                    }
                    match old {
                        Some(slot) => self.slots.insert(r, slot),
                        None => self.slots.remove(&r),
                    };
                }
            }
            // A move from before the last rebuild: no record, so make sure it reads.
            None => {
                let split: Vec<usize> = changed.clone();
                let mut ignored = Vec::new();
                for i in split {
                    if let Some(r) = root_index(board, i) {
                        self.separate_from_neighbours(board, r, &[i], &mut changed, &mut ignored);
                    }
                }
            }
        }
        changed
    }

    /// Islands near the cells `around` (of the island `root`) that wear `root`'s colour
    /// choose another; their cells join `changed`, their old slots `overwritten`.
    fn separate_from_neighbours(
        &mut self,
        board: &Board,
        root: usize,
        around: &[usize],
        changed: &mut Vec<usize>,
        overwritten: &mut Vec<(usize, Option<u16>)>,
    ) {
        let family = tribe_of(board, root);
        let slot = self.slots.get(&root).copied();
        let mut clashing: Vec<usize> = around
            .iter()
            .flat_map(|&i| near_land(board, i))
            .filter_map(|j| root_index(board, j))
            .filter(|&r| {
                r != root && tribe_of(board, r) == family && self.slots.get(&r).copied() == slot
            })
            .collect();
        clashing.sort_unstable();
        clashing.dedup();
        for other in clashing {
            let new_slot = self.free_slot(board, other);
            overwritten.push((other, self.slots.insert(other, new_slot)));
            changed.extend_from_slice(self.members(other));
        }
    }

    /// A slot of `root`'s family that no island near it wears: of those, the one fewest
    /// islands on the board wear (then the lowest), so that while the palette lasts even
    /// islands far apart differ.
    fn free_slot(&self, board: &Board, root: usize) -> u16 {
        let family = tribe_of(board, root);
        let mut worn: Vec<u16> = self
            .members(root)
            .iter()
            .flat_map(|&i| near_land(board, i))
            .filter_map(|j| root_index(board, j))
            .filter(|&r| r != root && tribe_of(board, r) == family)
            .filter_map(|r| self.slots.get(&r).copied())
            .collect();
        worn.sort_unstable();
        worn.dedup();
        // Enough candidates that one is free here, and the whole first round of the palette.
        let palette = if family.is_some() { 4 } else { 8 };
        let limit = (worn.len() + 1).max(palette);
        let mut wearers = vec![0usize; limit];
        for &r in self.members.keys() {
            if r != root
                && let Some(&s) = self.slots.get(&r)
                && usize::from(s) < limit
                && tribe_of(board, r) == family
            {
                wearers[usize::from(s)] += 1;
            }
        }
        (0..limit as u16)
            .filter(|s| worn.binary_search(s).is_err())
            .min_by_key(|&s| (wearers[usize::from(s)], s))
            .unwrap_or(0)
    }
}

/// The row-major index of the root of the island holding cell `i`, if it is land.
fn root_index(board: &Board, i: usize) -> Option<usize> {
    let root = board.island_root(board.pos(i))?;
    Some(root.row * board.width() + root.col)
}

fn tribe_of(board: &Board, root: usize) -> Option<Tribe> {
    board.island_tribe(board.pos(root))
}

/// Land cells within [`NEAR`] steps of cell `i` (not `i` itself).
fn near_land(board: &Board, i: usize) -> impl Iterator<Item = usize> + '_ {
    let p = board.pos(i);
    let near = NEAR as isize;
    (-near..=near).flat_map(move |dr: isize| {
        let reach = near - dr.abs();
        (-reach..=reach).filter_map(move |dc: isize| {
            if dr == 0 && dc == 0 {
                return None;
            }
            let q = Pos::new(p.row.checked_add_signed(dr)?, p.col.checked_add_signed(dc)?);
            let j = board.index(q)?;
            board.cells()[j].is_land().then_some(j)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::goal::{Budget, Goal};
    use crate::rules::moves::Move;
    use crate::session::{Action, ActionOutcome, Session};
    use rand_chacha::ChaCha8Rng;
    use rand_core::{Rng, SeedableRng};

    /// Every pair of land cells of different islands within two steps wears different
    /// colours.
    fn assert_nearby_islands_differ(board: &Board, colours: &IslandColours, context: &str) {
        for i in 0..board.cells().len() {
            let Some(a) = root_index(board, i) else {
                continue;
            };
            for j in near_land(board, i) {
                let b = root_index(board, j).unwrap();
                if a == b {
                    continue;
                }
                assert_ne!(
                    colours.colour_at(board, board.pos(i)),
                    colours.colour_at(board, board.pos(j)),
                    "{context}: islands at {:?} and {:?} look alike\n{}",
                    board.pos(i),
                    board.pos(j),
                    board.to_rows().join("\n")
                );
            }
        }
    }

    /// Each island's member list is exactly its cells.
    fn assert_members_match(board: &Board, colours: &IslandColours) {
        let fresh = IslandColours::new(board);
        let mut ours: Vec<(usize, Vec<usize>)> = colours
            .members
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(r, v)| (*r, sorted(v)))
            .collect();
        let mut want: Vec<(usize, Vec<usize>)> =
            fresh.members.iter().map(|(r, v)| (*r, sorted(v))).collect();
        ours.sort();
        want.sort();
        assert_eq!(ours, want);
    }

    fn sorted(v: &[usize]) -> Vec<usize> {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    }

    #[test]
    fn every_campaign_level_starts_with_nearby_islands_told_apart() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
        let files = crate::level_files::find_level_files(&folder).unwrap();
        assert!(files.len() >= 40);
        for file in files {
            let level = crate::level_files::read_level(&file).unwrap();
            let board = level.board().unwrap();
            let colours = IslandColours::new(&board);
            assert_nearby_islands_differ(&board, &colours, &file.display().to_string());
        }
    }

    /// A random board: water, some rock and deep water, land here and there, tribes on some.
    fn random_board(rng: &mut ChaCha8Rng) -> Board {
        let width = 3 + (rng.next_u32() % 10) as usize;
        let height = 3 + (rng.next_u32() % 10) as usize;
        let tribes = rng.next_u32() % 3;
        let cells = (0..width * height)
            .map(|_| match rng.next_u32() % 100 {
                0..=54 => '.',
                55..=64 => '~',
                65..=69 => '^',
                70..=79 if tribes > 0 => char::from(b'a' + (rng.next_u32() % tribes) as u8),
                _ => '#',
            })
            .map(|c| crate::rules::cell::Cell::from_char(c).unwrap())
            .collect();
        match Board::new(width, height, cells, Goal::ConnectAll, Budget::default()) {
            Ok(board) => board,
            // Two tribes touching: try again.
            Err(_) => random_board(rng),
        }
    }

    /// Random legal moves, undos and redos on random boards: after each, nearby islands
    /// differ, member lists match the board, and an undo gives back the colours the board
    /// had before the move.
    #[test]
    fn colours_stay_apart_and_come_back_through_moves_and_undo() {
        let mut rng = ChaCha8Rng::seed_from_u64(0x15_1a_0d);
        let (mut moves, mut undos) = (0, 0);
        for round in 0..300 {
            let board = random_board(&mut rng);
            let level = crate::rules::level::Level {
                name: "random".into(),
                author: String::new(),
                width: board.width(),
                height: board.height(),
                cells: board.cells().to_vec(),
                goal: Goal::Islands(1),
                budget: Budget::default(),
                par: 1,
                tip: None,
            };
            let Ok(mut session) = Session::new(level) else {
                continue;
            };
            let mut colours = IslandColours::new(session.board());
            let mut history: Vec<HashMap<usize, IslandColour>> = Vec::new();
            let snapshot = |s: &Session, c: &IslandColours| -> HashMap<usize, IslandColour> {
                let b = s.board();
                (0..b.cells().len())
                    .filter_map(|i| Some((i, c.colour_at(b, b.pos(i))?)))
                    .collect()
            };
            for step in 0..40 {
                let context = format!("round {round}, step {step}");
                let candidates: Vec<Move> = {
                    let b = session.board();
                    let mut moves: Vec<Move> = Vec::new();
                    for i in 0..b.cells().len() {
                        let p = b.pos(i);
                        moves.push(Move::Sand(p));
                        for q in [
                            Pos::new(p.row, p.col + 2 + (rng.next_u32() % 3) as usize),
                            Pos::new(p.row + 2 + (rng.next_u32() % 3) as usize, p.col),
                        ] {
                            moves.push(Move::Bridge(p, q));
                        }
                    }
                    moves.retain(|&m| b.check(m).is_ok());
                    moves
                };
                let undo = !history.is_empty() && rng.next_u32() % 4 == 0;
                if undo {
                    let before = history.pop().unwrap();
                    let ActionOutcome::Undone(report) = session.perform(Action::Undo) else {
                        panic!("{context}: undo")
                    };
                    colours.undone(session.board(), &report);
                    assert_eq!(snapshot(&session, &colours), before, "{context}: undo");
                    undos += 1;
                } else if let Some(&mv) =
                    candidates.get(rng.next_u32() as usize % candidates.len().max(1))
                {
                    history.push(snapshot(&session, &colours));
                    let ActionOutcome::Played(report) = session.perform(Action::Play(mv)) else {
                        panic!("{context}: {mv:?} was checked")
                    };
                    let changed = colours.played(session.board(), &report);
                    moves += 1;
                    // Cells outside the changed list kept their colour.
                    let before = history.last().unwrap();
                    let now = snapshot(&session, &colours);
                    for (i, c) in &now {
                        if before.get(i).is_some_and(|b| b != c) {
                            assert!(changed.contains(i), "{context}: cell {i} changed unseen");
                        }
                    }
                } else {
                    break;
                }
                assert_members_match(session.board(), &colours);
                assert_nearby_islands_differ(session.board(), &colours, &context);
            }
        }
        eprintln!("{moves} moves and {undos} undos checked");
        assert!(
            moves > 5_000 && undos > 1_000,
            "{moves} moves, {undos} undos"
        );
    }

    /// Coral Steps: two sands make one island of eleven cells, all of one colour.
    #[test]
    fn one_island_wears_one_colour_after_two_merges() {
        let level = crate::level_files::read_level(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("levels/chapter1/03-coral-steps.level.ron"),
        )
        .unwrap();
        let mut board = level.board().unwrap();
        let mut colours = IslandColours::new(&board);
        for p in [Pos::new(1, 2), Pos::new(1, 4)] {
            let report = board.apply(Move::Sand(p)).unwrap();
            colours.played(&board, &report);
            assert_members_match(&board, &colours);
        }
        let one = colours.colour_at(&board, Pos::new(1, 1));
        for p in [
            Pos::new(0, 2),
            Pos::new(1, 3),
            Pos::new(1, 4),
            Pos::new(1, 5),
            Pos::new(2, 4),
        ] {
            assert_eq!(colours.colour_at(&board, p), one, "{p:?}");
        }
    }

    /// A merged island keeps the colour of its larger part.
    #[test]
    fn a_merge_keeps_the_larger_part_colour() {
        let rows = ["##.#", "....", "...."];
        let cells = rows
            .iter()
            .flat_map(|r| r.chars())
            .map(|c| crate::rules::cell::Cell::from_char(c).unwrap())
            .collect();
        let mut board = Board::new(4, 3, cells, Goal::ConnectAll, Budget::default()).unwrap();
        let mut colours = IslandColours::new(&board);
        let big = colours.colour_at(&board, Pos::new(0, 0)).unwrap();
        let small = colours.colour_at(&board, Pos::new(0, 3)).unwrap();
        assert_ne!(big, small, "one water cell apart");
        let report = board.apply(Move::Sand(Pos::new(0, 2))).unwrap();
        let changed = colours.played(&board, &report);
        assert_eq!(colours.colour_at(&board, Pos::new(0, 3)), Some(big));
        assert_eq!(colours.colour_at(&board, Pos::new(0, 0)), Some(big));
        assert_eq!(
            sorted(&changed),
            vec![2, 3],
            "only the new sand and the small part"
        );
    }
}
