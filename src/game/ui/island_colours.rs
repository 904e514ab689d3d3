//! Which colour each island wears, so that two different islands near each other never
//! look alike. Islands whose land comes within two steps (touching diagonally, or one water
//! cell apart) wear tints that clear the palette's floors (CIEDE2000, as normal and
//! colour-blind eyes see the land: see `crate::colour::palette`). Of the tints that do, an
//! island takes its family's own (neutral land, or its tribe's hues) first; a tribe takes one
//! none of its other islands wears, so that its separate islands are told apart, and neutral
//! islands spread over their own while they last.
//!
//! Colours are kept across moves: a merged island keeps the colour of its largest part, and
//! only islands a move brings too close to it change. Each move's changes are remembered, so
//! undo gives every island its colour back. Both palettes (standard and colour-blind) are
//! kept at once, so the Settings switch only redraws.
//!
//! The colours are a pure function of the level's start and the moves on the board
//! ([`IslandColours::replay`]), so a game restored by Continue shows the colours it had.
//!
//! This is render cache (it can be rebuilt from the board at any time); no Bevy here.

use crate::colour::palette::{COLOUR_BLIND, Family, Palette, STANDARD};
use crate::rules::board::{Board, MoveReport};
use crate::rules::cell::{Pos, Tribe};
use crate::rules::moves::Move;
use std::collections::HashMap;

/// Land of two islands this close (steps along rows and columns) must differ in colour.
const NEAR: usize = 2;

/// An island's colour: its family (neutral or a tribe) and its tint, an index into the
/// palette's tints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IslandColour {
    pub tribe: Option<Tribe>,
    pub tint: u8,
}

/// Each island's cells, and its tint in each palette, by the row-major index of its
/// union-find root.
#[derive(Debug, Clone)]
pub struct IslandColours {
    members: HashMap<usize, Vec<usize>>,
    /// The standard palette's tints, then the colour-blind one's.
    looks: [Looks; 2],
}

/// The tints of one palette.
#[derive(Debug, Clone)]
struct Looks {
    palette: &'static Palette,
    /// Entries of roots a merge absorbed stay: undo makes them roots again.
    tints: HashMap<usize, u8>,
    /// For each move on the board, the tints it overwrote (root, tint before), in order.
    undo: Vec<Vec<(usize, Option<u8>)>>,
}

impl Looks {
    fn new(palette: &'static Palette) -> Looks {
        Looks {
            palette,
            tints: HashMap::new(),
            undo: Vec::new(),
        }
    }
}

impl Default for IslandColours {
    fn default() -> Self {
        IslandColours {
            members: HashMap::new(),
            looks: [Looks::new(&STANDARD), Looks::new(&COLOUR_BLIND)],
        }
    }
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
        for look in &mut colours.looks {
            for &root in &roots {
                let tint = pick(look, &colours.members, board, root);
                look.tints.insert(root, tint);
            }
        }
        colours
    }

    /// The colours of a level in play: the level's start board with `moves` played in
    /// turn, each as [`IslandColours::played`] takes it. The same start and moves always give
    /// the same colours, whether they were played live (with undos and restarts between:
    /// undo restores exactly, a restart starts afresh) or replayed from a saved game.
    pub fn replay(start: &Board, moves: &[Move]) -> IslandColours {
        let mut board = start.clone();
        let mut colours = IslandColours::new(&board);
        for &mv in moves {
            // The session only keeps legal moves; a stale list stops where it breaks.
            let Ok(report) = board.apply(mv) else { break };
            colours.played(&board, &report);
        }
        colours
    }

    /// The colour of the island at `pos` in the standard or the colour-blind palette, if
    /// it is land.
    pub fn colour_at(&self, board: &Board, pos: Pos, colour_blind: bool) -> Option<IslandColour> {
        let root = board.island_root(pos)?;
        let look = &self.looks[usize::from(colour_blind)];
        Some(IslandColour {
            tribe: board.island_tribe(pos),
            tint: look
                .tints
                .get(&(root.row * board.width() + root.col))
                .copied()
                .unwrap_or_else(|| look.palette.family_tint(board.island_tribe(pos))),
        })
    }

    /// The sRGB tint (0..1) the island at `pos` is drawn in, if it is land.
    pub fn tint_at(&self, board: &Board, pos: Pos, colour_blind: bool) -> Option<[f32; 3]> {
        let colour = self.colour_at(board, pos, colour_blind)?;
        Some(Palette::for_setting(colour_blind).srgb(colour.tint))
    }

    /// The cells of the island whose root has index `root`.
    pub fn members(&self, root: usize) -> &[usize] {
        self.members.get(&root).map_or(&[], Vec::as_slice)
    }

    /// After `report`'s move was made on `board`: merges the joined islands' cells under the
    /// new root, keeps the largest part's colour, and recolours any island the move brought
    /// too close to it. Returns the cells whose colour changed.
    pub fn played(&mut self, board: &Board, report: &MoveReport) -> Vec<usize> {
        let width = board.width();
        let index = |p: Pos| p.row * width + p.col;
        let root = index(report.island.root);
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
        // Only the cells that took a new colour can have come too close to a neighbour.
        let around = changed.clone();
        for look in &mut self.looks {
            let tint = match keeper {
                Some(k) => look.tints.get(&index(k.root)).copied(),
                None => None,
            }
            .unwrap_or_else(|| pick(look, &self.members, board, root));
            let mut overwritten = vec![(root, look.tints.insert(root, tint))];
            separate_from_neighbours(
                look,
                &self.members,
                board,
                (root, &around[..]),
                &mut changed,
                &mut overwritten,
            );
            look.undo.push(overwritten);
        }
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    /// After `report`'s move was taken back on `board`: the island splits into the islands
    /// the board has again, each with the colour it had. Returns the cells whose colour
    /// changed.
    pub fn undone(&mut self, board: &Board, report: &MoveReport) -> Vec<usize> {
        let width = board.width();
        let root = report.island.root.row * width + report.island.root.col;
        let mut changed = self.members.remove(&root).unwrap_or_default();
        let mut split: Vec<usize> = Vec::new();
        for &i in &changed {
            if let Some(r) = root_index(board, i) {
                self.members.entry(r).or_default().push(i);
                split.push(r);
            }
        }
        split.sort_unstable();
        split.dedup();
        for look in &mut self.looks {
            match look.undo.pop() {
                Some(overwritten) => {
                    for (r, old) in overwritten.into_iter().rev() {
                        if let Some(cells) = self.members.get(&r)
                            && r != root
                        {
                            changed.extend_from_slice(cells);
                        }
                        match old {
                            Some(tint) => look.tints.insert(r, tint),
                            None => look.tints.remove(&r),
                        };
                    }
                }
                // A move from before the last rebuild: no record, so make sure it reads.
                None => {
                    let mut ignored = Vec::new();
                    for &r in &split {
                        if !look.tints.contains_key(&r) {
                            let tint = pick(look, &self.members, board, r);
                            look.tints.insert(r, tint);
                        }
                        let cells = self.members.get(&r).cloned().unwrap_or_default();
                        separate_from_neighbours(
                            look,
                            &self.members,
                            board,
                            (r, &cells[..]),
                            &mut changed,
                            &mut ignored,
                        );
                    }
                }
            }
        }
        changed.sort_unstable();
        changed.dedup();
        changed
    }
}

/// Islands near the cells `around` of the island `root` whose tint does not clear `root`'s
/// choose again; their cells join `changed`, their old tints `overwritten`.
fn separate_from_neighbours(
    look: &mut Looks,
    members: &HashMap<usize, Vec<usize>>,
    board: &Board,
    (root, around): (usize, &[usize]),
    changed: &mut Vec<usize>,
    overwritten: &mut Vec<(usize, Option<u8>)>,
) {
    let Some(&tint) = look.tints.get(&root) else {
        return;
    };
    let mut clashing: Vec<usize> = around
        .iter()
        .flat_map(|&i| near_land(board, i))
        .filter_map(|j| root_index(board, j))
        .filter(|&r| {
            r != root
                && look
                    .tints
                    .get(&r)
                    .is_none_or(|&t| !look.palette.clears(t, tint))
        })
        .collect();
    clashing.sort_unstable();
    clashing.dedup();
    for other in clashing {
        let new_tint = pick(look, members, board, other);
        overwritten.push((other, look.tints.insert(other, new_tint)));
        if let Some(cells) = members.get(&other) {
            changed.extend_from_slice(cells);
        }
    }
}

/// The tint island `root` should wear, given the tints of the islands around it.
///
/// Of the tints that clear every near island's: its family's own before the rest (the rest
/// in order of closeness to its hue). A tribe then takes a tint none of its other islands
/// wears if it can, so separate islands of one tribe never look alike; neutral islands stay
/// in their own tints, the ones fewest neutral islands wear. If no tint clears them all (a
/// crowd no palette can serve), the one that comes least close.
fn pick(look: &Looks, members: &HashMap<usize, Vec<usize>>, board: &Board, root: usize) -> u8 {
    let palette = look.palette;
    let family: Family = tribe_of(board, root);
    let mut near: Vec<u8> = members
        .get(&root)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .flat_map(|&i| near_land(board, i))
        .filter_map(|j| root_index(board, j))
        .filter(|&r| r != root)
        .filter_map(|r| look.tints.get(&r).copied())
        .collect();
    near.sort_unstable();
    near.dedup();
    let mut wearers = vec![0usize; palette.len()];
    for &r in members.keys() {
        if r != root
            && tribe_of(board, r) == family
            && let Some(&t) = look.tints.get(&r)
        {
            wearers[usize::from(t)] += 1;
        }
    }
    let (order, own) = palette.preferences(family);
    let clearing = order
        .iter()
        .enumerate()
        .filter(|&(_, &t)| near.iter().all(|&n| palette.clears(t, n)));
    let best = match family {
        Some(_) => clearing.min_by_key(|&(rank, &t)| {
            let worn = wearers[usize::from(t)];
            (worn > 0, rank >= own, worn, rank)
        }),
        None => clearing.min_by_key(|&(rank, &t)| (rank >= own, wearers[usize::from(t)], rank)),
    };
    if let Some((_, &t)) = best {
        return t;
    }
    let least_margin = |t: u8| {
        near.iter()
            .map(|&n| palette.margin(t, n))
            .fold(f64::INFINITY, f64::min)
    };
    order
        .iter()
        .enumerate()
        .max_by(|&(ra, &a), &(rb, &b)| {
            least_margin(a)
                .total_cmp(&least_margin(b))
                .then(rb.cmp(&ra))
        })
        .map_or(0, |(_, &t)| t)
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
    use crate::colour::palette::{LAND_TEXTURE_MEAN, SAND_TEXTURE_MEAN};
    use crate::colour::science::{Vision, delta_e_seen};
    use crate::game::ui::board_layout::tile_colour;
    use crate::rules::cell::Cell;
    use crate::rules::goal::{Budget, Goal};
    use crate::rules::level::Level;
    use crate::rules::moves::Move;
    use crate::rules::solver::{Outcome, SolveLimits, solve};
    use crate::session::{Action, ActionOutcome, Session};
    use rand_chacha::ChaCha8Rng;
    use rand_core::{Rng, SeedableRng};

    /// The least difference met so far between near islands, by palette and viewer (and the
    /// differences measured, by pair of colours, so each is measured once).
    #[derive(Debug, Clone)]
    struct Least([[f64; 4]; 2], HashMap<[u64; 6], [f64; 4]>);

    impl Default for Least {
        fn default() -> Self {
            Least([[f64::INFINITY; 4]; 2], HashMap::new())
        }
    }

    impl Least {
        /// CIEDE2000 between two seen colours, by viewer.
        fn measure(&mut self, x: [f64; 3], y: [f64; 3]) -> [f64; 4] {
            let key = [x, y].concat();
            let key: [u64; 6] = std::array::from_fn(|k| key[k].to_bits());
            *self
                .1
                .entry(key)
                .or_insert_with(|| Vision::ALL.map(|v| delta_e_seen(v, x, y)))
        }

        fn report(&self, what: &str) {
            for (blind, row) in self.0.iter().enumerate() {
                let palette = Palette::for_setting(blind == 1);
                eprintln!(
                    "{what}, {} palette, least ΔE00 between near islands: {}",
                    palette.name,
                    Vision::ALL
                        .iter()
                        .zip(row)
                        .map(|(v, d)| format!("{} {d:.1}", v.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }

    /// What a player sees of the cell at `i`: the tint the board view draws it in, times the
    /// mean of its texture (sand where the level had shallow water, land elsewhere).
    fn seen_colour(
        board: &Board,
        start: &[Cell],
        colours: &IslandColours,
        i: usize,
        blind: bool,
    ) -> [f64; 3] {
        let tint = tile_colour(board, board.pos(i), blind, colours).to_srgba();
        let texture = match start[i] {
            Cell::Shallow => SAND_TEXTURE_MEAN,
            _ => LAND_TEXTURE_MEAN,
        };
        [tint.red, tint.green, tint.blue]
            .map(|c| crate::colour::science::srgb_to_linear(f64::from(c)) * texture)
    }

    /// Every two land cells of different islands within two steps look apart by the
    /// palette's floors, in both palettes and to every viewer; separate islands of one tribe
    /// never wear one colour (unless the level started with more of them than the palette
    /// has tints: `crowd`), while one island wears one colour all over (so they differ by
    /// more than the inside of an island does). Adds what it measured to `least`.
    fn assert_islands_look_apart(
        board: &Board,
        (start, crowd): (&[Cell], usize),
        colours: &IslandColours,
        context: &str,
        least: &mut Least,
    ) {
        let cells = board.cells().len();
        for blind in [false, true] {
            let palette = Palette::for_setting(blind);
            let seen: Vec<Option<[f64; 3]>> = (0..cells)
                .map(|i| {
                    board.cells()[i]
                        .is_land()
                        .then(|| seen_colour(board, start, colours, i, blind))
                })
                .collect();
            let mut island_tint: HashMap<usize, [f32; 3]> = HashMap::new();
            for i in 0..cells {
                let Some(a) = root_index(board, i) else {
                    continue;
                };
                let tint = colours.tint_at(board, board.pos(i), blind).unwrap();
                let first = *island_tint.entry(a).or_insert(tint);
                assert_eq!(first, tint, "{context}: island {a} wears two tints");
                for j in near_land(board, i).filter(|&j| j > i) {
                    let b = root_index(board, j).unwrap();
                    if a == b {
                        continue;
                    }
                    let measured = least.measure(seen[i].unwrap(), seen[j].unwrap());
                    for (v, vision) in Vision::ALL.into_iter().enumerate() {
                        let d = measured[v];
                        least.0[usize::from(blind)][v] = least.0[usize::from(blind)][v].min(d);
                        assert!(
                            d >= palette.floors[v],
                            "{context}: {} palette, islands at {:?} and {:?} differ by ΔE00 \
                             {d:.1} with {}, under the floor {}\n{}",
                            palette.name,
                            board.pos(i),
                            board.pos(j),
                            vision.name(),
                            palette.floors[v],
                            board.to_rows().join("\n")
                        );
                    }
                }
            }
            // Separate islands of one tribe: never one tint, when the level started with no
            // more islands of a tribe than the palette has tints (colours are kept as
            // islands merge, so a crowded start's repeats stay).
            if crowd > palette.len() {
                continue;
            }
            let mut by_tint: HashMap<(Tribe, [u32; 3]), usize> = HashMap::new();
            for (&root, tint) in &island_tint {
                let Some(tribe) = tribe_of(board, root) else {
                    continue;
                };
                if let Some(other) = by_tint.insert((tribe, tint.map(f32::to_bits)), root) {
                    panic!(
                        "{context}: {} palette, {tribe} islands at {:?} and {:?} wear one colour\n{}",
                        palette.name,
                        board.pos(root),
                        board.pos(other),
                        board.to_rows().join("\n")
                    );
                }
            }
        }
    }

    /// The most islands one tribe has on `board`.
    fn most_islands_of_a_tribe(board: &Board) -> usize {
        let mut islands_of: HashMap<Tribe, Vec<Pos>> = HashMap::new();
        for i in 0..board.cells().len() {
            let p = board.pos(i);
            if let (Some(tribe), Some(root)) = (board.island_tribe(p), board.island_root(p)) {
                islands_of.entry(tribe).or_default().push(root);
            }
        }
        islands_of
            .into_values()
            .map(|mut roots| {
                roots.sort_unstable();
                roots.dedup();
                roots.len()
            })
            .max()
            .unwrap_or(0)
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

    fn campaign() -> Vec<(String, Level)> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
        let files = crate::level_files::find_level_files(&folder).unwrap();
        assert!(files.len() >= 40);
        files
            .into_iter()
            .map(|f| {
                let level = crate::level_files::read_level(&f).unwrap();
                (f.display().to_string(), level)
            })
            .collect()
    }

    /// Every campaign level, at its start and after each move of a solution: near islands
    /// look apart in both palettes, to every viewer.
    #[test]
    fn campaign_islands_look_apart_through_a_solution() {
        let mut least = Least::default();
        for (file, level) in campaign() {
            let mut board = level.board().unwrap();
            let Outcome::Solved { moves } = solve(&board, SolveLimits::default()).outcome else {
                panic!("{file}: no solution")
            };
            let mut colours = IslandColours::new(&board);
            let crowd = most_islands_of_a_tribe(&board);
            assert_islands_look_apart(
                &board,
                (&level.cells[..], crowd),
                &colours,
                &file,
                &mut least,
            );
            for (k, &mv) in moves.iter().enumerate() {
                let report = board.apply(mv).unwrap();
                colours.played(&board, &report);
                let context = format!("{file}, after move {} ({mv})", k + 1);
                assert_islands_look_apart(
                    &board,
                    (&level.cells[..], crowd),
                    &colours,
                    &context,
                    &mut least,
                );
            }
        }
        least.report("campaign levels through their solutions");
    }

    /// A random board: water, some rock and deep water, land here and there, tribes on some.
    fn random_board(rng: &mut ChaCha8Rng) -> Board {
        let width = 3 + (rng.next_u32() % 10) as usize;
        let height = 3 + (rng.next_u32() % 10) as usize;
        let tribes = rng.next_u32() % 4;
        let cells = (0..width * height)
            .map(|_| match rng.next_u32() % 100 {
                0..=54 => '.',
                55..=64 => '~',
                65..=69 => '^',
                70..=79 if tribes > 0 => char::from(b'a' + (rng.next_u32() % tribes) as u8),
                _ => '#',
            })
            .map(|c| Cell::from_char(c).unwrap())
            .collect();
        match Board::new(width, height, cells, Goal::ConnectAll, Budget::default()) {
            Ok(board) => board,
            // Two tribes touching: try again.
            Err(_) => random_board(rng),
        }
    }

    fn level_of(board: &Board) -> Level {
        Level {
            name: "random".into(),
            author: String::new(),
            width: board.width(),
            height: board.height(),
            cells: board.cells().to_vec(),
            goal: Goal::Islands(1),
            budget: Budget::default(),
            par: 1,
            tip: None,
        }
    }

    /// Legal moves on the session's board: every sand, and bridges of a few lengths.
    fn legal_moves(board: &Board, rng: &mut ChaCha8Rng) -> Vec<Move> {
        let mut moves: Vec<Move> = Vec::new();
        for i in 0..board.cells().len() {
            let p = board.pos(i);
            moves.push(Move::Sand(p));
            for q in [
                Pos::new(p.row, p.col + 2 + (rng.next_u32() % 3) as usize),
                Pos::new(p.row + 2 + (rng.next_u32() % 3) as usize, p.col),
            ] {
                moves.push(Move::Bridge(p, q));
            }
        }
        moves.retain(|&m| board.check(m).is_ok());
        moves
    }

    /// Every land cell's colour in both palettes.
    fn snapshot(board: &Board, colours: &IslandColours) -> HashMap<usize, [IslandColour; 2]> {
        (0..board.cells().len())
            .filter_map(|i| {
                let p = board.pos(i);
                Some((
                    i,
                    [
                        colours.colour_at(board, p, false)?,
                        colours.colour_at(board, p, true)?,
                    ],
                ))
            })
            .collect()
    }

    /// Random legal moves and undos on random boards with up to three tribes: after each,
    /// near islands look apart, member lists match the board, and an undo gives back the
    /// colours the board had before the move.
    #[test]
    fn colours_stay_apart_and_come_back_through_moves_and_undo() {
        let mut rng = ChaCha8Rng::seed_from_u64(0x15_1a_0d);
        let (mut moves, mut undos) = (0, 0);
        let mut least = Least::default();
        for round in 0..300 {
            let board = random_board(&mut rng);
            let Ok(mut session) = Session::new(level_of(&board)) else {
                continue;
            };
            let start = session.level().cells.clone();
            let crowd = most_islands_of_a_tribe(session.board());
            let mut colours = IslandColours::new(session.board());
            let mut history: Vec<HashMap<usize, [IslandColour; 2]>> = Vec::new();
            for step in 0..40 {
                let context = format!("round {round}, step {step}");
                let candidates = legal_moves(session.board(), &mut rng);
                let undo = !history.is_empty() && rng.next_u32() % 4 == 0;
                if undo {
                    let before = history.pop().unwrap();
                    let ActionOutcome::Undone(report) = session.perform(Action::Undo) else {
                        panic!("{context}: undo")
                    };
                    colours.undone(session.board(), &report);
                    assert_eq!(
                        snapshot(session.board(), &colours),
                        before,
                        "{context}: undo"
                    );
                    undos += 1;
                } else if let Some(&mv) =
                    candidates.get(rng.next_u32() as usize % candidates.len().max(1))
                {
                    history.push(snapshot(session.board(), &colours));
                    let ActionOutcome::Played(report) = session.perform(Action::Play(mv)) else {
                        panic!("{context}: {mv:?} was checked")
                    };
                    let changed = colours.played(session.board(), &report);
                    moves += 1;
                    // Cells outside the changed list kept their colour.
                    let before = history.last().unwrap();
                    for (i, c) in &snapshot(session.board(), &colours) {
                        if before.get(i).is_some_and(|b| b != c) {
                            assert!(changed.contains(i), "{context}: cell {i} changed unseen");
                        }
                    }
                } else {
                    break;
                }
                assert_members_match(session.board(), &colours);
                assert_islands_look_apart(
                    session.board(),
                    (&start[..], crowd),
                    &colours,
                    &context,
                    &mut least,
                );
            }
        }
        least.report("random boards through moves and undos");
        assert!(
            moves > 5_000 && undos > 1_000,
            "{moves} moves, {undos} undos"
        );
    }

    /// Colours kept live through plays, undos, redos and restarts (as the board view keeps
    /// them) always equal the colours replayed from the level's start and the moves on the
    /// board: what Continue, or a board built afresh, shows.
    #[test]
    fn replaying_the_history_gives_the_colours_kept_live() {
        let mut rng = ChaCha8Rng::seed_from_u64(0xc0_10_55);
        let mut checked = 0;
        for round in 0..150 {
            let board = random_board(&mut rng);
            let Ok(mut session) = Session::new(level_of(&board)) else {
                continue;
            };
            let start = session.level().board().unwrap();
            let mut live = IslandColours::new(session.board());
            let mut before_restarts: Vec<IslandColours> = Vec::new();
            for step in 0..40 {
                let action = match rng.next_u32() % 10 {
                    0..=1 => Action::Undo,
                    2 => Action::Redo,
                    3 => Action::Restart,
                    _ => {
                        let candidates = legal_moves(session.board(), &mut rng);
                        match candidates.get(rng.next_u32() as usize % candidates.len().max(1)) {
                            Some(&mv) => Action::Play(mv),
                            None => Action::Undo,
                        }
                    }
                };
                match session.perform(action) {
                    ActionOutcome::Played(report) | ActionOutcome::Redone(report) => {
                        live.played(session.board(), &report);
                    }
                    ActionOutcome::Undone(report) => {
                        live.undone(session.board(), &report);
                    }
                    ActionOutcome::Restarted => {
                        before_restarts.push(std::mem::replace(
                            &mut live,
                            IslandColours::new(session.board()),
                        ));
                    }
                    ActionOutcome::RestartUndone => live = before_restarts.pop().unwrap(),
                    ActionOutcome::Refused(..) | ActionOutcome::Nothing => {}
                }
                let replayed = IslandColours::replay(&start, session.moves());
                assert_eq!(
                    snapshot(session.board(), &replayed),
                    snapshot(session.board(), &live),
                    "round {round}, step {step}, after {action:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 3_000, "{checked}");
    }

    /// A saved game restored (Continue) wears the colours it had when it was saved.
    #[test]
    fn a_restored_game_wears_its_colours() {
        let (_, level) = campaign()
            .into_iter()
            .find(|(f, _)| f.ends_with("09-archipelago.level.ron"))
            .unwrap();
        let mut session = Session::new(level.clone()).unwrap();
        let start = level.board().unwrap();
        let Outcome::Solved { moves } = solve(&start, SolveLimits::default()).outcome else {
            panic!()
        };
        let mut live = IslandColours::new(session.board());
        for &mv in &moves[..moves.len() / 2] {
            let report = session.play(mv).unwrap();
            live.played(session.board(), &report);
        }
        let restored = Session::load(session.save().as_bytes()).unwrap();
        let replayed = IslandColours::replay(&restored.level().board().unwrap(), restored.moves());
        assert_eq!(
            snapshot(restored.board(), &replayed),
            snapshot(session.board(), &live)
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
        for blind in [false, true] {
            let one = colours.colour_at(&board, Pos::new(1, 1), blind);
            for p in [
                Pos::new(0, 2),
                Pos::new(1, 3),
                Pos::new(1, 4),
                Pos::new(1, 5),
                Pos::new(2, 4),
            ] {
                assert_eq!(colours.colour_at(&board, p, blind), one, "{p:?}");
            }
        }
    }

    /// A merged island keeps the colour of its larger part.
    #[test]
    fn a_merge_keeps_the_larger_part_colour() {
        let rows = ["##.#", "....", "...."];
        let cells = rows
            .iter()
            .flat_map(|r| r.chars())
            .map(|c| Cell::from_char(c).unwrap())
            .collect();
        let mut board = Board::new(4, 3, cells, Goal::ConnectAll, Budget::default()).unwrap();
        let mut colours = IslandColours::new(&board);
        let big = snapshot(&board, &colours)[&0];
        let small = snapshot(&board, &colours)[&3];
        assert_ne!(big[0], small[0], "one water cell apart");
        assert_ne!(big[1], small[1], "one water cell apart");
        let report = board.apply(Move::Sand(Pos::new(0, 2))).unwrap();
        let changed = colours.played(&board, &report);
        assert_eq!(snapshot(&board, &colours)[&3], big);
        assert_eq!(snapshot(&board, &colours)[&0], big);
        assert_eq!(
            sorted(&changed),
            vec![2, 3],
            "only the new sand and the small part"
        );
    }
}
