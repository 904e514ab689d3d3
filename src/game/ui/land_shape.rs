//! The outline of land, so that the shape alone says where an island ends: each land cell
//! is drawn from the land around it (its eight neighbours), with rounded outer corners,
//! rounded inside corners, and a strip of water wherever its side faces no land. Two
//! islands can only meet at a corner (land that touches along a side is one island), and
//! there both corners are rounded away from each other, so a channel of water always runs
//! between two islands.
//!
//! Pure geometry, no Bevy: the art draws its pictures from [`land_distance`], and the tests
//! rasterise whole boards with it to check that no two islands' pixels ever touch.

use crate::rules::board::Board;
use crate::rules::cell::Pos;

/// Which of a cell's eight neighbours are land, as bits (see the constants); a corner
/// neighbour only counts when both sides beside it are land, as only then does it change
/// the shape. 47 patterns occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Neighbourhood(pub u8);

pub const NORTH: u8 = 1;
pub const EAST: u8 = 2;
pub const SOUTH: u8 = 4;
pub const WEST: u8 = 8;
pub const NORTH_EAST: u8 = 16;
pub const SOUTH_EAST: u8 = 32;
pub const SOUTH_WEST: u8 = 64;
pub const NORTH_WEST: u8 = 128;

/// Each corner neighbour with the two sides it needs.
const CORNERS: [(u8, u8, u8); 4] = [
    (NORTH_EAST, NORTH, EAST),
    (SOUTH_EAST, SOUTH, EAST),
    (SOUTH_WEST, SOUTH, WEST),
    (NORTH_WEST, NORTH, WEST),
];

/// Steps to each neighbour (rows down, columns right) with its bit.
pub const AROUND: [(isize, isize, u8); 8] = [
    (-1, 0, NORTH),
    (0, 1, EAST),
    (1, 0, SOUTH),
    (0, -1, WEST),
    (-1, 1, NORTH_EAST),
    (1, 1, SOUTH_EAST),
    (1, -1, SOUTH_WEST),
    (-1, -1, NORTH_WEST),
];

impl Neighbourhood {
    /// The neighbourhood of a cell, from whether the cell `(dr, dc)` steps away is land.
    pub fn of(is_land: impl Fn(isize, isize) -> bool) -> Neighbourhood {
        let bits = AROUND
            .iter()
            .filter(|&&(dr, dc, _)| is_land(dr, dc))
            .fold(0, |bits, &(_, _, bit)| bits | bit);
        Neighbourhood::canonical(bits)
    }

    /// The neighbourhood of the cell at `pos` on `board` (cells off the board are water).
    pub fn on_board(board: &Board, pos: Pos) -> Neighbourhood {
        Neighbourhood::of(|dr, dc| {
            let q = pos
                .row
                .checked_add_signed(dr)
                .zip(pos.col.checked_add_signed(dc));
            q.is_some_and(|(row, col)| board.cell(Pos::new(row, col)).is_some_and(|c| c.is_land()))
        })
    }

    /// Drops corner bits that do not change the shape.
    pub fn canonical(bits: u8) -> Neighbourhood {
        let mut bits = bits;
        for (corner, a, b) in CORNERS {
            if bits & a == 0 || bits & b == 0 {
                bits &= !corner;
            }
        }
        Neighbourhood(bits)
    }

    /// Every distinct neighbourhood (47 of them).
    pub fn all() -> Vec<Neighbourhood> {
        let mut all: Vec<Neighbourhood> = (0..=255u8).map(Neighbourhood::canonical).collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// Where an island's one emblem goes: of `candidates` (cells of the island), the one with
/// the most land around it, then the nearest the island's middle `middle` (column, row, the
/// mean of its cells), then the first in reading order.
pub fn emblem_cell(
    candidates: impl IntoIterator<Item = Pos>,
    middle: (f32, f32),
    land_around: impl Fn(Pos) -> u32,
) -> Option<Pos> {
    let off = |p: Pos| (p.col as f32 - middle.0).hypot(p.row as f32 - middle.1);
    candidates.into_iter().max_by(|&a, &b| {
        land_around(a)
            .cmp(&land_around(b))
            .then(off(b).total_cmp(&off(a)))
            .then(b.row.cmp(&a.row))
            .then(b.col.cmp(&a.col))
    })
}

/// How far land stays from a side of its cell that faces no land (a fraction of a cell).
pub const MARGIN: f32 = 0.1;
/// The radius of an island's outer corners.
pub const OUTER_RADIUS: f32 = 0.3;
/// The radius of the water's corner where land turns inwards around it.
pub const INNER_RADIUS: f32 = 0.07;
/// How far the foam reaches from the shore into the water.
pub const FOAM: f32 = 0.065;

/// Signed distance, in cells, from the point (`x`, `y`) of a cell (0..1 each way, `y`
/// downwards) to the shore of the land drawn there: negative on land, positive on water.
pub fn land_distance(around: Neighbourhood, x: f32, y: f32) -> f32 {
    let east = x >= 0.5;
    let south = y >= 0.5;
    // The quarter of the cell the point is in, and the neighbours that shape it.
    let (side, upright, corner) = match (east, south) {
        (true, false) => (EAST, NORTH, NORTH_EAST),
        (true, true) => (EAST, SOUTH, SOUTH_EAST),
        (false, true) => (WEST, SOUTH, SOUTH_WEST),
        (false, false) => (WEST, NORTH, NORTH_WEST),
    };
    // From the cell's centre towards that quarter's corner.
    let q = ((x - 0.5).abs(), (y - 0.5).abs());
    let reach = 0.5 - MARGIN;
    match (around.has(side), around.has(upright)) {
        (false, false) => rounded_box(q, (reach, reach), OUTER_RADIUS),
        (true, false) => q.1 - reach,
        (false, true) => q.0 - reach,
        (true, true) if around.has(corner) => -1.0,
        // Land on both sides but water at the corner: a rounded notch of water.
        (true, true) => -rounded_box((0.5 - q.0, 0.5 - q.1), (MARGIN, MARGIN), INNER_RADIUS),
    }
}

/// Signed distance to a box centred on the origin, `half` its half sizes, corners rounded
/// by `radius` (for points with both coordinates at or above zero).
fn rounded_box(p: (f32, f32), half: (f32, f32), radius: f32) -> f32 {
    let d = (p.0 - half.0 + radius, p.1 - half.1 + radius);
    let outside = (d.0.max(0.0).powi(2) + d.1.max(0.0).powi(2)).sqrt();
    outside + d.0.max(d.1).min(0.0) - radius
}

/// How much of a pixel `pixel` cells wide is land, from its centre's distance to shore.
pub fn coverage(distance: f32, pixel: f32) -> f32 {
    (0.5 - distance / pixel).clamp(0.0, 1.0)
}

/// How strongly a pixel shows foam: a bright band along the shore fading out to sea.
pub fn foam(distance: f32, pixel: f32) -> f32 {
    if distance <= 0.0 {
        // Under the land's anti-aliased edge the foam shows through.
        return coverage(-distance, pixel);
    }
    let band = (1.0 - distance / FOAM).clamp(0.0, 1.0);
    band.powf(0.6) * coverage(distance - FOAM, pixel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::{Axis, Cell};
    use crate::rules::goal::{Budget, Goal};

    pub(crate) fn board_from_rows(rows: &[&str]) -> Board {
        let cells = rows
            .iter()
            .flat_map(|r| r.chars())
            .map(|c| Cell::from_char(c).unwrap())
            .collect();
        Board::new(
            rows[0].len(),
            rows.len(),
            cells,
            Goal::ConnectAll,
            Budget::default(),
        )
        .unwrap()
    }

    #[test]
    fn forty_seven_shapes_cover_every_neighbourhood() {
        assert_eq!(Neighbourhood::all().len(), 47);
    }

    #[test]
    fn a_lone_cell_is_rounded_and_kept_off_its_sides() {
        let alone = Neighbourhood(0);
        assert!(land_distance(alone, 0.5, 0.5) < 0.0, "the middle is land");
        for (x, y) in [(0.5, 0.02), (0.98, 0.5), (0.5, 0.98), (0.02, 0.5)] {
            assert!(land_distance(alone, x, y) > 0.0, "({x}, {y}) is water");
        }
        // The corner is cut round, deeper than the straight margin.
        assert!(land_distance(alone, 0.85, 0.85) > 0.0);
    }

    #[test]
    fn land_runs_to_a_side_with_land_beyond_it_and_not_to_others() {
        let east = Neighbourhood::canonical(EAST);
        assert!(land_distance(east, 0.99, 0.5) < 0.0);
        assert!(land_distance(east, 0.01, 0.5) > 0.0);
        assert!(land_distance(east, 0.5, 0.99) > 0.0);
    }

    #[test]
    fn water_at_an_inside_corner_leaves_a_notch() {
        let l_shape = Neighbourhood::canonical(NORTH | EAST);
        assert!(
            land_distance(l_shape, 0.99, 0.01) > 0.0,
            "the corner is water"
        );
        assert!(land_distance(l_shape, 0.99, 0.2) < 0.0, "beside it is land");
        let full = Neighbourhood::canonical(NORTH | EAST | NORTH_EAST);
        assert!(land_distance(full, 0.99, 0.01) < 0.0);
    }

    /// Whether row `r`, column `c` (either may be off the board) is land.
    fn is_land_at(board: &Board, r: isize, c: isize) -> bool {
        r >= 0
            && c >= 0
            && board
                .cell(Pos::new(r as usize, c as usize))
                .is_some_and(|cell| cell.is_land())
    }

    /// A board drawn at `pixels` a cell: for each pixel, the island (root index) whose land
    /// or bridge covers any of it.
    pub(crate) fn rasterise(board: &Board, pixels: usize) -> Vec<Option<usize>> {
        let (w, h) = (board.width(), board.height());
        let mut out = vec![None; w * pixels * h * pixels];
        let pixel = 1.0 / pixels as f32;
        for row in 0..h {
            for col in 0..w {
                let pos = Pos::new(row, col);
                if let Some(Cell::Bridge { axis, .. }) = board.cell(pos) {
                    draw_plank(board, pos, axis, pixels, &mut out);
                    continue;
                }
                let Some(root) = board.island_root(pos) else {
                    continue;
                };
                let around = Neighbourhood::on_board(board, pos);
                for py in 0..pixels {
                    for px in 0..pixels {
                        let x = (px as f32 + 0.5) * pixel;
                        let y = (py as f32 + 0.5) * pixel;
                        // Any trace of land colour counts, anti-aliased edges too.
                        if coverage(land_distance(around, x, y), pixel) > 0.0 {
                            let i = (row * pixels + py) * w * pixels + col * pixels + px;
                            out[i] = Some(root.row * w + root.col);
                        }
                    }
                }
            }
        }
        out
    }

    /// A bridge's plank, as the board view draws it: across its whole cell along the
    /// bridge, 0.62 of a cell wide, in the colour of the island it is part of.
    fn draw_plank(board: &Board, pos: Pos, axis: Axis, pixels: usize, out: &mut [Option<usize>]) {
        let w = board.width();
        // The island: the land the bridge reaches going right (or down).
        let mut q = pos;
        let root = loop {
            q = match axis {
                Axis::Horizontal => Pos::new(q.row, q.col + 1),
                Axis::Vertical => Pos::new(q.row + 1, q.col),
            };
            match board.cell(q) {
                Some(Cell::Bridge { .. }) => continue,
                Some(c) if c.is_land() => break board.island_root(q).unwrap(),
                _ => panic!("a bridge at {pos:?} ends in no land"),
            }
        };
        // Across the cell, and over the water strip of each end that meets land.
        let reach = MARGIN + 0.02;
        let land = |r: isize, c: isize| is_land_at(board, r, c);
        let (dr, dc) = match axis {
            Axis::Horizontal => (0, 1),
            Axis::Vertical => (1, 0),
        };
        let (r, c) = (pos.row as isize, pos.col as isize);
        let from = if land(r - dr, c - dc) { -reach } else { 0.0 };
        let to = if land(r + dr, c + dc) {
            1.0 + reach
        } else {
            1.0
        };
        let height = out.len() / (w * pixels);
        let span = pixels as isize;
        for py in -span..2 * span {
            for px in -span..2 * span {
                let (u, v) = (
                    (px as f32 + 0.5) / pixels as f32,
                    (py as f32 + 0.5) / pixels as f32,
                );
                let (along, across) = match axis {
                    Axis::Horizontal => (u, v),
                    Axis::Vertical => (v, u),
                };
                if !(from..=to).contains(&along) || !(0.19..=0.81).contains(&across) {
                    continue;
                }
                let x = pos.col as isize * span + px;
                let y = pos.row as isize * span + py;
                if x < 0 || y < 0 || x as usize >= w * pixels || y as usize >= height {
                    continue;
                }
                out[y as usize * w * pixels + x as usize] = Some(root.row * w + root.col);
            }
        }
    }

    /// Flood fills land pixels (touching along sides or corners) and returns the first
    /// place where one fill reaches two islands.
    pub(crate) fn islands_touch(pixels: &[Option<usize>], width: usize) -> Option<(usize, usize)> {
        let height = pixels.len() / width;
        for y in 0..height {
            for x in 0..width {
                let Some(a) = pixels[y * width + x] else {
                    continue;
                };
                for (dx, dy) in [(1isize, 0isize), (0, 1), (1, 1), (-1, 1)] {
                    let (nx, ny) = (x as isize + dx, y as isize + dy);
                    if nx < 0 || nx as usize >= width || ny as usize >= height {
                        continue;
                    }
                    if let Some(b) = pixels[ny as usize * width + nx as usize]
                        && b != a
                    {
                        return Some((x, y));
                    }
                }
            }
        }
        None
    }

    #[test]
    fn islands_meeting_at_a_corner_are_drawn_apart() {
        let board = board_from_rows(&["#.", ".#"]);
        for pixels in [8, 16, 33] {
            let drawn = rasterise(&board, pixels);
            assert_eq!(
                islands_touch(&drawn, 2 * pixels),
                None,
                "{pixels} px a cell"
            );
            assert!(
                drawn.iter().flatten().count() > pixels * pixels,
                "land is drawn"
            );
        }
    }

    /// Each island's land pixels form one piece (touching along sides).
    fn each_island_is_one_piece(pixels: &[Option<usize>], width: usize) -> Result<(), usize> {
        let mut seen = vec![false; pixels.len()];
        let mut started: Vec<usize> = Vec::new();
        for start in 0..pixels.len() {
            let Some(island) = pixels[start] else {
                continue;
            };
            if seen[start] {
                continue;
            }
            if started.contains(&island) {
                return Err(island);
            }
            started.push(island);
            let mut stack = vec![start];
            seen[start] = true;
            while let Some(i) = stack.pop() {
                let (x, y) = (i % width, i / width);
                let mut next = Vec::with_capacity(4);
                if x > 0 {
                    next.push(i - 1);
                }
                if x + 1 < width {
                    next.push(i + 1);
                }
                if y > 0 {
                    next.push(i - width);
                }
                if i + width < pixels.len() {
                    next.push(i + width);
                }
                for j in next {
                    if !seen[j] && pixels[j] == Some(island) {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        Ok(())
    }

    fn assert_drawn_apart(board: &Board, context: &str) {
        let pixels = 12;
        let drawn = rasterise(board, pixels);
        let width = board.width() * pixels;
        if let Some((x, y)) = islands_touch(&drawn, width) {
            panic!(
                "{context}: two islands touch at row {}, column {}\n{}",
                y / pixels + 1,
                x / pixels + 1,
                board.to_rows().join("\n")
            );
        }
        if let Err(island) = each_island_is_one_piece(&drawn, width) {
            panic!(
                "{context}: island {island} is drawn in pieces\n{}",
                board.to_rows().join("\n")
            );
        }
    }

    /// Every campaign level, before and after each move of an optimal solution.
    #[test]
    fn no_two_islands_touch_on_screen_through_the_campaign() {
        use crate::rules::solver::{Outcome, SolveLimits, solve};
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
        let files = crate::level_files::find_level_files(&folder).unwrap();
        assert!(files.len() >= 40);
        let mut boards = 0;
        for file in files {
            let level = crate::level_files::read_level(&file).unwrap();
            let mut board = level.board().unwrap();
            let name = file.display().to_string();
            assert_drawn_apart(&board, &name);
            let solution = solve(&board, SolveLimits::default());
            let Outcome::Solved { moves } = solution.outcome else {
                panic!("{name}: no solution");
            };
            for (k, mv) in moves.into_iter().enumerate() {
                board.apply(mv).unwrap();
                assert_drawn_apart(&board, &format!("{name} after move {}", k + 1));
                boards += 1;
            }
        }
        assert!(boards > 100, "{boards} positions");
    }

    /// 100 random boards: land, water, rock and tribes scattered at random.
    #[test]
    fn no_two_islands_touch_on_random_boards() {
        use rand_chacha::ChaCha8Rng;
        use rand_core::{Rng, SeedableRng};
        let mut rng = ChaCha8Rng::seed_from_u64(0x5a_4d);
        let mut drawn = 0;
        while drawn < 100 {
            let width = 3 + (rng.next_u32() % 14) as usize;
            let height = 3 + (rng.next_u32() % 14) as usize;
            let rows: Vec<String> = (0..height)
                .map(|_| {
                    (0..width)
                        .map(|_| match rng.next_u32() % 100 {
                            0..=44 => '.',
                            45..=54 => '~',
                            55..=59 => '^',
                            60..=64 => 'a',
                            _ => '#',
                        })
                        .collect()
                })
                .collect();
            let cells = rows
                .iter()
                .flat_map(|r| r.chars())
                .map(|c| Cell::from_char(c).unwrap())
                .collect();
            let Ok(board) = Board::new(width, height, cells, Goal::ConnectAll, Budget::default())
            else {
                continue;
            };
            assert_drawn_apart(&board, &format!("random board {drawn}"));
            drawn += 1;
        }
    }
}
