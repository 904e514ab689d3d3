//! Where a board sits in the window and how its cells look: the fit between the HUD and
//! the key line, picking the cell under the pointer, and each cell's colour. Shared by the
//! playing screen, the editor and Island Conquest.

use super::island_colours::IslandColours;
use super::theme;
use crate::colour::palette::Palette;
use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Height of the HUD above the board and the help bar below it, in logical pixels.
pub const HUD_TOP: f32 = 128.0;
pub const HUD_BOTTOM: f32 = 52.0;
/// Cells never grow past this, however large the window (a 5 x 5 board at 1280 x 800
/// fills the height between the bars).
const MAX_CELL: f32 = 128.0;
/// The smallest cell the playing screen draws, in logical pixels (CSS pixels on a page): a
/// fingertip's width on a phone. A board whose cells would be smaller is drawn at this size
/// and scrolls (see `play::board_scroll`).
pub const MIN_PLAY_CELL: f32 = 30.0;

/// Where the board sits in the window.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct BoardLayout {
    pub cell: f32,
    /// World position of the centre of cell (0, 0).
    pub origin: Vec2,
    pub width: usize,
    pub height: usize,
    /// The part of the world the board is shown in (between the bars), centred on the
    /// board; a board larger than this scrolls.
    pub view: Rect,
}

impl BoardLayout {
    /// Fits a width x height board into a window, between the HUD and the help bar (whose
    /// heights grow and shrink with the UI scale `ui`).
    pub fn fit(width: usize, height: usize, window: Vec2, ui: f32) -> BoardLayout {
        BoardLayout::fit_between(width, height, window, HUD_TOP * ui, HUD_BOTTOM * ui)
    }

    /// Fits a width x height board into a window between bars `top` and `bottom` pixels
    /// high.
    pub fn fit_between(
        width: usize,
        height: usize,
        window: Vec2,
        top: f32,
        bottom: f32,
    ) -> BoardLayout {
        let room = Vec2::new(window.x - 32.0, window.y - top - bottom - 16.0);
        let centre = Vec2::new(0.0, (bottom - top) / 2.0);
        BoardLayout::fit_in(width, height, room, centre)
    }

    /// Fits a width x height board into `room` (logical pixels), centred on `centre` (world
    /// coordinates), with square cells of at most `MAX_CELL` pixels.
    pub fn fit_in(width: usize, height: usize, room: Vec2, centre: Vec2) -> BoardLayout {
        let room = room.max(Vec2::splat(20.0));
        let cell = (room.x / width as f32)
            .min(room.y / height as f32)
            .min(MAX_CELL)
            .floor()
            .max(2.0);
        let origin = centre
            + Vec2::new(
                -(width as f32 - 1.0) * cell / 2.0,
                (height as f32 - 1.0) * cell / 2.0,
            );
        BoardLayout {
            cell,
            origin,
            width,
            height,
            view: Rect::from_center_size(centre, room),
        }
    }

    /// The same layout with cells of at least `min_cell` pixels, still centred in its view
    /// (and then perhaps larger than it).
    pub fn with_min_cell(self, min_cell: f32) -> BoardLayout {
        if self.cell >= min_cell {
            return self;
        }
        let centre = self.view.center();
        let (w, h) = (self.width as f32, self.height as f32);
        BoardLayout {
            cell: min_cell,
            origin: centre + Vec2::new(-(w - 1.0) * min_cell / 2.0, (h - 1.0) * min_cell / 2.0),
            ..self
        }
    }

    /// How far the board may scroll each way from centred: half of how much it overhangs
    /// its view (zero where it fits).
    pub fn scroll_reach(&self) -> Vec2 {
        let board = Vec2::new(self.width as f32, self.height as f32) * self.cell;
        ((board - self.view.size()) / 2.0).max(Vec2::ZERO)
    }

    /// The centre of a cell, in world coordinates.
    pub fn centre(&self, p: Pos) -> Vec2 {
        self.origin + Vec2::new(p.col as f32 * self.cell, -(p.row as f32) * self.cell)
    }

    /// The cell under a world position, if any.
    pub fn cell_at(&self, world: Vec2) -> Option<Pos> {
        let local = world - self.origin + Vec2::new(self.cell / 2.0, -self.cell / 2.0);
        let col = (local.x / self.cell).floor();
        let row = (-local.y / self.cell).floor();
        if col < 0.0 || row < 0.0 {
            return None;
        }
        let (row, col) = (row as usize, col as usize);
        (row < self.height && col < self.width).then_some(Pos::new(row, col))
    }

    /// The space between neighbouring cells' sprites.
    pub fn gap(&self) -> f32 {
        (self.cell * 0.06).max(1.0)
    }
}

/// The colour a cell is drawn in: water, rock, or its island's colour (`islands` says which
/// tint of the palette each island wears).
pub fn tile_colour(board: &Board, pos: Pos, colour_blind: bool, islands: &IslandColours) -> Color {
    match board.cell(pos) {
        Some(Cell::Shallow) | None => theme::SHALLOW,
        Some(Cell::Deep) => theme::DEEP,
        Some(Cell::Rock) => theme::ROCK,
        Some(Cell::Bridge { over_deep, .. }) => {
            if over_deep {
                theme::DEEP
            } else {
                theme::SHALLOW
            }
        }
        Some(Cell::Land(_)) => {
            // One island, one colour all over (tribal land carries its emblem, not a shade):
            // separate islands of a tribe then differ by more than anything inside one.
            let tint = islands.colour_at(board, pos, colour_blind).map_or_else(
                || Palette::for_setting(colour_blind).family_tint(board.island_tribe(pos)),
                |c| c.tint,
            );
            theme::island_tint(tint, colour_blind)
        }
    }
}

/// The window's logical size (a default one in headless tests, which have no window).
pub fn window_size(window: &Query<&Window, With<PrimaryWindow>>) -> Vec2 {
    window
        .single()
        .map(|w| Vec2::new(w.width(), w.height()))
        .unwrap_or(Vec2::new(1100.0, 760.0))
}

/// The cell under the mouse pointer, if the window has one over the board.
pub fn cell_under_cursor(
    window: &Query<&Window, With<PrimaryWindow>>,
    cameras: &Query<(&Camera, &GlobalTransform)>,
    layout: &BoardLayout,
) -> Option<Pos> {
    let cursor = window.single().ok()?.cursor_position()?;
    cell_under(cursor, cameras, layout)
}

/// The cell under a window position (logical pixels from the top left), if any.
pub fn cell_under(
    position: Vec2,
    cameras: &Query<(&Camera, &GlobalTransform)>,
    layout: &BoardLayout,
) -> Option<Pos> {
    let (camera, transform) = cameras.iter().next()?;
    let world = camera.viewport_to_world_2d(transform, position).ok()?;
    layout.cell_at(world)
}
