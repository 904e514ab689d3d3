//! The editor's board: the draft's cells as sprites beside the panel, and painting them
//! with the pointer (cell by cell, or a rectangle from corner to corner).

use super::state::{Editing, PANEL_WIDTH, Tool};
use crate::game::screen::Screen;
use crate::game::settings::Settings;
use crate::game::ui::art::Art;
use crate::game::ui::board_layout::{BoardLayout, cell_under, tile_colour, window_size};
use crate::game::ui::island_colours::IslandColours;
use crate::game::ui::theme::{self, Fonts};
use crate::rules::cell::{Cell, Pos};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Room above the board for the title line and below it for the key list.
pub(super) const TOP: f32 = 56.0;

pub(super) const BOTTOM: f32 = 36.0;

#[derive(Component)]
pub(super) struct EditorTile(Pos);

/// A cell's glyph (a bridge's planks in a shown solution).
#[derive(Component)]
pub(super) struct TileMark(Pos);

/// A tribal cell's emblem, as in play (hidden on other cells).
#[derive(Component)]
pub(super) struct TileEmblem(Pos);

#[derive(Component)]
pub(super) struct EditorBoard;

#[derive(Component)]
pub(super) struct RectanglePreview;

/// Where the board sits: beside the panel, or above it in a window held upright (see
/// [`panel_below`]).
pub(super) fn editor_layout(width: usize, height: usize, window: Vec2, ui: f32) -> BoardLayout {
    let (panel, top, bottom) = (PANEL_WIDTH * ui, TOP * ui, BOTTOM * ui);
    if panel_below(window) {
        let room = Vec2::new(window.x - 24.0, window.y * (1.0 - PANEL_SHARE) - top - 12.0);
        let centre = Vec2::new(0.0, window.y / 2.0 - top - room.y / 2.0);
        return BoardLayout::fit_in(width, height, room, centre);
    }
    let room = Vec2::new(window.x - panel - 32.0, window.y - top - bottom - 16.0);
    let centre = Vec2::new(-panel / 2.0, (bottom - top) / 2.0);
    BoardLayout::fit_in(width, height, room, centre)
}

/// The share of an upright window's height the panel takes, below the board.
pub(super) const PANEL_SHARE: f32 = 0.46;

/// A window taller than it is wide (a phone held upright) has the panel below the board:
/// beside it, the board would be a sliver.
pub(super) fn panel_below(window: Vec2) -> bool {
    window.y > window.x * 1.15
}

pub(super) fn spawn_board(
    mut commands: Commands,
    editing: Option<Res<Editing>>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    fonts: Res<Fonts>,
    old: Query<Entity, With<EditorBoard>>,
) {
    let Some(editing) = editing else { return };
    for entity in &old {
        commands.entity(entity).despawn();
    }
    let draft = editing.draft();
    let layout = editor_layout(draft.width, draft.height, window_size(&window), ui_scale.0);
    commands.insert_resource(layout);
    let root = commands
        .spawn((
            EditorBoard,
            Transform::default(),
            Visibility::default(),
            DespawnOnExit(Screen::Editor),
        ))
        .id();
    let size = Vec2::splat(layout.cell - layout.gap());
    for row in 0..draft.height {
        for col in 0..draft.width {
            let pos = Pos::new(row, col);
            let tile = commands
                .spawn((
                    Sprite::from_color(theme::SHALLOW, size),
                    Transform::from_translation(layout.centre(pos).extend(0.0)),
                    EditorTile(pos),
                    ChildOf(root),
                ))
                .id();
            commands.spawn((
                Text2d::new(""),
                fonts.bold(layout.cell * 0.45),
                TextColor(Color::srgba(0.1, 0.14, 0.22, 0.8)),
                Transform::from_xyz(0.0, 0.0, 0.5),
                TileMark(pos),
                ChildOf(tile),
            ));
            commands.spawn((
                Sprite {
                    custom_size: Some(Vec2::splat(layout.cell * 0.56)),
                    ..default()
                },
                Transform::from_xyz(0.0, 0.0, 0.4),
                Visibility::Hidden,
                TileEmblem(pos),
                ChildOf(tile),
            ));
        }
    }
    commands.spawn((
        Sprite::from_color(Color::srgba(1.0, 0.8, 0.3, 0.35), Vec2::ONE),
        Transform::from_xyz(0.0, 0.0, 2.0),
        Visibility::Hidden,
        RectanglePreview,
        ChildOf(root),
    ));
}

/// A new size of grid or window lays the board out again.
pub(super) fn relayout_board(
    commands: Commands,
    editing: Res<Editing>,
    layout: Option<Res<BoardLayout>>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    fonts: Res<Fonts>,
    old: Query<Entity, With<EditorBoard>>,
) {
    let draft = editing.draft();
    let wanted = editor_layout(draft.width, draft.height, window_size(&window), ui_scale.0);
    if layout.is_some_and(|l| *l == wanted) {
        return;
    }
    spawn_board(commands, Some(editing), window, ui_scale, fonts, old);
}

/// The colour a draft's cell is painted in.
pub(super) fn draft_colour(cell: Cell, colour_blind: bool) -> Color {
    match cell {
        Cell::Shallow => theme::SHALLOW,
        Cell::Deep => theme::DEEP,
        Cell::Rock => theme::ROCK,
        Cell::Land(None) => theme::neutral_colour(0, colour_blind),
        Cell::Land(Some(tribe)) => theme::tribe_colour(tribe, colour_blind),
        Cell::Bridge { .. } => theme::PLANK,
    }
}

/// Whether a cell of a shown solution is the solver's (sand it laid, a bridge's planks),
/// not the designer's: such cells are drawn pale, as a ghost of the land, with a mark.
pub(super) fn solvers_cell(draft: Cell, shown: Cell) -> bool {
    draft != shown
}

/// A solver's cell as drawn: its island's colour, paled towards white.
pub(super) fn ghost(colour: Color) -> Color {
    colour.mix(&Color::WHITE, 0.55)
}

/// A palette swatch's letter: the tribe's letter in level files.
pub(super) fn cell_mark(cell: Cell) -> String {
    cell.tribe()
        .map(|t| t.letter().to_string())
        .unwrap_or_default()
}

pub(super) fn colour_tiles(
    editing: Res<Editing>,
    settings: Res<Settings>,
    layout: Option<Res<BoardLayout>>,
    mut tiles: Query<(&EditorTile, &mut Sprite), Without<TileEmblem>>,
    mut marks: Query<(&TileMark, &mut Text2d)>,
    mut emblems: Query<(&TileEmblem, &mut Sprite, &mut Visibility), Without<EditorTile>>,
    art: Res<Art>,
) {
    let Some(layout) = layout else { return };
    if !editing.is_changed() && !layout.is_changed() {
        return;
    }
    let colour_blind = settings.colour_blind;
    let draft = editing.draft();
    let inside = |p: Pos| p.row < draft.height && p.col < draft.width;
    // A shown solution's islands are coloured as in play.
    let islands = editing
        .preview
        .as_ref()
        .map(|preview| IslandColours::new(&preview.board));
    for (EditorTile(pos), mut sprite) in &mut tiles {
        if !inside(*pos) {
            continue;
        }
        let colour = match (&editing.preview, &islands) {
            (Some(preview), Some(islands)) => {
                let colour = tile_colour(&preview.board, *pos, colour_blind, islands);
                let shown = preview.board.cell(*pos).unwrap_or(Cell::Shallow);
                if solvers_cell(draft.cell(*pos), shown) {
                    ghost(colour)
                } else {
                    colour
                }
            }
            _ => draft_colour(draft.cell(*pos), colour_blind),
        };
        if sprite.color != colour {
            sprite.color = colour;
        }
    }
    for (TileMark(pos), mut text) in &mut marks {
        if !inside(*pos) {
            continue;
        }
        let cell = match &editing.preview {
            Some(preview) => preview.board.cell(*pos).unwrap_or(Cell::Shallow),
            None => draft.cell(*pos),
        };
        let mark = match cell {
            Cell::Bridge { axis, .. } => {
                if axis == crate::rules::cell::Axis::Horizontal {
                    "=".to_string()
                } else {
                    "‖".to_string()
                }
            }
            // Sand the solver laid.
            _ if solvers_cell(draft.cell(*pos), cell) => "+".to_string(),
            _ => String::new(),
        };
        if text.0 != mark {
            text.0 = mark;
        }
    }
    for (TileEmblem(pos), mut sprite, mut shown) in &mut emblems {
        if !inside(*pos) {
            continue;
        }
        let cell = match &editing.preview {
            Some(preview) => preview.board.cell(*pos).unwrap_or(Cell::Shallow),
            None => draft.cell(*pos),
        };
        match cell.tribe().and_then(|t| art.emblems.get(t.index())) {
            Some(emblem) => {
                if sprite.image != *emblem {
                    sprite.image = emblem.clone();
                }
                shown.set_if_neq(Visibility::Inherited);
            }
            None => {
                shown.set_if_neq(Visibility::Hidden);
            }
        }
    }
}

/// What the pointer did over the editor's board in one frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PaintPointer {
    /// The cell under the pointer (none off the board).
    pub hover: Option<Pos>,
    pub pressed: bool,
    pub held: bool,
    pub released: bool,
}

/// Left button paints with the brush, right button with shallow water; with the rectangle
/// tool a drag fills from corner to corner. A finger paints with the brush.
pub(super) fn paint_with_pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    mut editing: ResMut<Editing>,
    mut preview: Query<(&mut Transform, &mut Sprite, &mut Visibility), With<RectanglePreview>>,
) {
    let Some(layout) = layout else { return };
    if editing.choosing_file || editing.confirm_replace.is_some() {
        return;
    }
    // A finger on the glass (or just lifted) points instead of the mouse.
    let finger = touches
        .iter()
        .next()
        .or_else(|| touches.iter_just_released().next())
        .map(|t| t.position());
    let hover = finger
        .or_else(|| window.single().ok().and_then(|w| w.cursor_position()))
        .and_then(|p| cell_under(p, &cameras, &layout));
    let left = MouseButton::Left;
    let right = MouseButton::Right;
    let brush = if buttons.pressed(right) || buttons.just_released(right) {
        Cell::Shallow
    } else {
        editing.brush
    };
    let pointer = PaintPointer {
        hover,
        pressed: buttons.any_just_pressed([left, right])
            || touches.iter_just_pressed().next().is_some(),
        held: buttons.any_pressed([left, right]) || touches.iter().next().is_some(),
        released: buttons.any_just_released([left, right])
            || touches.iter_just_released().next().is_some(),
    };
    // Idle (no stroke, no press on the board): the draft is left untouched, so that it is
    // not marked changed. A stroke's frames, its end included, mark it.
    let idle = editing.anchor.is_none() && !(pointer.pressed && hover.is_some());
    let rectangle = if idle {
        None
    } else {
        paint_step(&mut editing, pointer, brush)
    };
    if editing.tool == Tool::Rectangle
        && let Ok((mut transform, mut sprite, mut visibility)) = preview.single_mut()
    {
        match rectangle {
            Some((a, b)) => {
                let (a, b) = (layout.centre(a), layout.centre(b));
                transform.translation = ((a + b) / 2.0).extend(2.0);
                sprite.custom_size = Some((a - b).abs() + Vec2::splat(layout.cell));
                visibility.set_if_neq(Visibility::Visible);
            }
            None => {
                visibility.set_if_neq(Visibility::Hidden);
            }
        }
    }
}

/// One frame of the pointer applied to the draft: a press starts a stroke (or a rectangle's
/// first corner), holding paints, a release ends it. Returns the rectangle being dragged
/// out, if one is. The pointer is seen once a frame, so a quick stroke jumps cells: each
/// frame paints the line from the cell the stroke last reached to the one under the pointer.
pub(super) fn paint_step(
    editing: &mut Editing,
    pointer: PaintPointer,
    brush: Cell,
) -> Option<(Pos, Pos)> {
    let PaintPointer {
        hover,
        pressed,
        held,
        released,
    } = pointer;
    if pressed && let Some(at) = hover {
        editing.stop_typing();
        editing.anchor = Some(at);
        editing.stroke_at = None;
        editing.preview = None;
        if editing.tool == Tool::Paint {
            editing.editor.begin_stroke();
        }
    }
    let anchor = editing.anchor?;
    match editing.tool {
        Tool::Paint => {
            // A quick click presses and releases within one frame: it still paints.
            if (held || pressed)
                && let Some(at) = hover
            {
                let from = editing.stroke_at.unwrap_or(at);
                editing.edit(|e| {
                    cells_between(from, at)
                        .into_iter()
                        .fold(false, |changed, p| e.paint(p, brush) | changed)
                });
                editing.stroke_at = Some(at);
            }
            if released {
                editing.editor.end_stroke();
                editing.anchor = None;
                editing.stroke_at = None;
            }
            None
        }
        Tool::Rectangle => {
            let corner = hover.unwrap_or(anchor);
            if released {
                editing.edit(|e| e.fill_rect(anchor, corner, brush));
                editing.anchor = None;
                return None;
            }
            Some((anchor, corner))
        }
    }
}

/// The cells on the straight line from `a` to `b`, both included, each touching the one
/// before it (at a side or a corner): Bresenham's line over the grid.
pub(super) fn cells_between(a: Pos, b: Pos) -> Vec<Pos> {
    let (mut row, mut col) = (a.row as i64, a.col as i64);
    let (to_row, to_col) = (b.row as i64, b.col as i64);
    let across = (to_col - col).abs();
    let down = -(to_row - row).abs();
    let col_step = if col < to_col { 1 } else { -1 };
    let row_step = if row < to_row { 1 } else { -1 };
    let mut error = across + down;
    let mut cells = Vec::new();
    loop {
        cells.push(Pos::new(row as usize, col as usize));
        if row == to_row && col == to_col {
            return cells;
        }
        let twice = 2 * error;
        if twice >= down {
            error += down;
            col += col_step;
        }
        if twice <= across {
            error += across;
            row += row_step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_solutions_own_cells_are_told_apart_from_the_designers() {
        assert!(solvers_cell(Cell::Shallow, Cell::Land(None)), "sand laid");
        assert!(
            !solvers_cell(Cell::Land(None), Cell::Land(None)),
            "the level's land"
        );
        assert!(!solvers_cell(Cell::Deep, Cell::Deep));
        let land = theme::neutral_colour(0, false);
        assert_ne!(ghost(land), land, "drawn paler than the level's own land");
    }

    #[test]
    fn a_line_of_cells_steps_through_every_cell_between() {
        let at = Pos::new;
        assert_eq!(cells_between(at(3, 3), at(3, 3)), [at(3, 3)]);
        assert_eq!(
            cells_between(at(0, 0), at(2, 0)),
            [at(0, 0), at(1, 0), at(2, 0)]
        );
        assert_eq!(
            cells_between(at(1, 4), at(1, 1)),
            [at(1, 4), at(1, 3), at(1, 2), at(1, 1)]
        );
        assert_eq!(
            cells_between(at(0, 0), at(2, 2)),
            [at(0, 0), at(1, 1), at(2, 2)]
        );
        // A shallow slope: one cell a column, each touching the one before.
        let line = cells_between(at(5, 0), at(3, 6));
        assert_eq!(line.len(), 7);
        assert_eq!((line[0], line[6]), (at(5, 0), at(3, 6)));
        for pair in line.windows(2) {
            assert!(pair[0].row.abs_diff(pair[1].row) <= 1);
            assert_eq!(pair[0].col.abs_diff(pair[1].col), 1);
        }
    }

    /// The pointer is read once a frame: a quick drag seen at two cells two apart paints the
    /// cell between, and the whole stroke is one undo step.
    #[test]
    fn a_quick_paint_drag_paints_every_cell_it_crossed() {
        use crate::level_draft::Draft;
        let mut editing = Editing::new(Draft::new(6, 6), None);
        let at = |r, c| Some(Pos::new(r, c));
        let frame = |hover, pressed, held, released| PaintPointer {
            hover,
            pressed,
            held,
            released,
        };
        let rock = Cell::Rock;
        paint_step(&mut editing, frame(at(0, 0), true, true, false), rock);
        paint_step(&mut editing, frame(at(2, 0), false, true, false), rock);
        assert_eq!(
            editing.draft().cell(Pos::new(1, 0)),
            rock,
            "the skipped row"
        );
        paint_step(&mut editing, frame(at(2, 4), false, true, false), rock);
        for col in 0..=4 {
            assert_eq!(editing.draft().cell(Pos::new(2, col)), rock);
        }
        paint_step(&mut editing, frame(at(2, 4), false, false, true), rock);
        // A new stroke starts where it is pressed, not joined to the last one.
        paint_step(&mut editing, frame(at(5, 5), true, true, true), rock);
        assert_eq!(editing.draft().cell(Pos::new(5, 5)), rock);
        assert_eq!(editing.draft().cell(Pos::new(3, 4)), Cell::Shallow);
        assert_eq!(editing.draft().cell(Pos::new(4, 5)), Cell::Shallow);
        let painted = |e: &Editing| e.draft().cells.iter().filter(|c| **c == rock).count();
        assert_eq!(painted(&editing), 3 + 4 + 1);
        editing.editor.undo();
        editing.editor.undo();
        assert_eq!(painted(&editing), 0, "two strokes, two undo steps");
    }
}
