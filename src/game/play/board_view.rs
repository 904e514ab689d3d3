//! The board on screen: a sprite per cell, each island in one colour (its union-find root
//! picks it), planks for bridges, tribe marks, the hover highlight and the keyboard cursor.
//!
//! Per move, only the cells the report names and the cells of the islands it joined are
//! touched: the view keeps each island's member cells, merged as the report says.

use super::input::{HoverCheck, Pointing};
use super::model::{ActiveSession, BoardUpdate, HintedMove, start_session};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::board_layout::{BoardLayout, tile_colour, window_size};
use crate::game::ui::island_colours::IslandColours;
use crate::game::ui::theme::{self, Fonts};
use crate::game::ui::tween::{self, Fading};
use crate::rules::board::{Board, MoveReport, Status, span};
use crate::rules::cell::{Axis, Cell, Pos};
use crate::rules::moves::Move;
use bevy::ecs::schedule::common_conditions::on_message;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use std::collections::HashMap;

/// Parent of every board sprite; shaking it shakes the board.
#[derive(Component)]
pub struct BoardRoot;

/// The sprite of one cell.
#[derive(Component, Debug, Clone, Copy)]
pub struct Tile(pub Pos);

/// A bridge plank drawn over a cell.
#[derive(Component, Debug, Clone, Copy)]
pub struct Plank(pub Pos);

/// A highlight square (hover, hint, illegal target).
#[derive(Component)]
pub struct Highlight;

/// The keyboard cursor's square.
#[derive(Component)]
pub struct CursorMark;

/// The board's entities by cell, and each island's cells and colour.
#[derive(Resource, Debug, Default)]
pub struct BoardSprites {
    pub tiles: Vec<Entity>,
    pub planks: HashMap<usize, Entity>,
    pub islands: IslandColours,
    /// The island colours before each restart, so undoing one brings them back.
    before_restarts: Vec<IslandColours>,
}

pub struct BoardViewPlugin;

impl Plugin for BoardViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<BoardSprites>()
            .add_systems(OnEnter(Screen::Playing), spawn_board.after(start_session))
            .add_systems(
                Update,
                (
                    relayout_on_resize,
                    // Before a new report is shown, everything still running jumps to its end.
                    tween::finish_all.run_if(on_message::<BoardUpdate>),
                    show_updates,
                    recolour_on_palette_change,
                    show_pointing,
                )
                    .chain()
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

fn spawn_board(
    mut commands: Commands,
    active: Option<Res<ActiveSession>>,
    window: Query<&Window, With<PrimaryWindow>>,
    fonts: Res<Fonts>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    old: Query<Entity, With<BoardRoot>>,
) {
    let Some(active) = active else { return };
    let board = active.session.board();
    let layout = BoardLayout::fit(board.width(), board.height(), window_size(&window));
    commands.insert_resource(layout);
    for e in &old {
        commands.entity(e).despawn();
    }
    let islands = IslandColours::new(board);
    *sprites = build_board(
        &mut commands,
        board,
        &layout,
        &fonts,
        settings.colour_blind,
        islands,
    );
}

/// Despawns the board's sprites (under `old` roots) and spawns them afresh, each island in
/// the colour `islands` gives it; the colours kept for undoing restarts stay.
fn rebuild_board(
    commands: &mut Commands,
    old: &Query<Entity, With<BoardRoot>>,
    board: &Board,
    layout: &BoardLayout,
    fonts: &Fonts,
    colour_blind: bool,
    sprites: &mut BoardSprites,
    islands: IslandColours,
) {
    for e in old {
        commands.entity(e).despawn();
    }
    let before_restarts = std::mem::take(&mut sprites.before_restarts);
    *sprites = build_board(commands, board, layout, fonts, colour_blind, islands);
    sprites.before_restarts = before_restarts;
}

/// Spawns every sprite of the board; returns the index of them.
fn build_board(
    commands: &mut Commands,
    board: &Board,
    layout: &BoardLayout,
    fonts: &Fonts,
    colour_blind: bool,
    islands: IslandColours,
) -> BoardSprites {
    let mut sprites = BoardSprites {
        islands,
        ..default()
    };
    let root = commands
        .spawn((
            BoardRoot,
            Transform::default(),
            Visibility::default(),
            DespawnOnExit(Screen::Playing),
        ))
        .id();
    let size = Vec2::splat(layout.cell - layout.gap());
    for i in 0..board.cells().len() {
        let pos = board.pos(i);
        let cell = board.cells()[i];
        let centre = layout.centre(pos);
        let tile = commands
            .spawn((
                Tile(pos),
                Sprite::from_color(
                    tile_colour(board, pos, colour_blind, &sprites.islands),
                    size,
                ),
                Transform::from_xyz(centre.x, centre.y, 0.0),
                ChildOf(root),
            ))
            .id();
        if let Cell::Land(Some(tribe)) = cell {
            let mark = if colour_blind {
                theme::TRIBE_SYMBOLS[tribe.index()].to_string()
            } else {
                tribe.letter().to_string()
            };
            commands.spawn((
                Text2d::new(mark),
                fonts.bold(layout.cell * 0.45),
                TextColor(Color::srgba(1.0, 1.0, 1.0, 0.85)),
                Transform::from_xyz(0.0, 0.0, 0.5),
                ChildOf(tile),
            ));
        }
        if let Cell::Bridge { axis, .. } = cell {
            let plank = spawn_plank(commands, root, layout, pos, axis, 1.0);
            sprites.planks.insert(i, plank);
        }
        sprites.tiles.push(tile);
    }
    sprites
}

fn spawn_plank(
    commands: &mut Commands,
    root: Entity,
    layout: &BoardLayout,
    pos: Pos,
    axis: Axis,
    scale: f32,
) -> Entity {
    let long = layout.cell;
    let short = layout.cell * 0.42;
    let size = match axis {
        Axis::Horizontal => Vec2::new(long, short),
        Axis::Vertical => Vec2::new(short, long),
    };
    let c = layout.centre(pos);
    commands
        .spawn((
            Plank(pos),
            Sprite::from_color(theme::PLANK, size),
            Transform::from_xyz(c.x, c.y, 1.0).with_scale(Vec3::new(scale, scale, 1.0)),
            ChildOf(root),
        ))
        .id()
}

fn relayout_on_resize(
    mut commands: Commands,
    active: Option<Res<ActiveSession>>,
    window: Query<&Window, With<PrimaryWindow>>,
    layout: Option<Res<BoardLayout>>,
    fonts: Res<Fonts>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    old: Query<Entity, With<BoardRoot>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        return;
    };
    let board = active.session.board();
    let fitted = BoardLayout::fit(board.width(), board.height(), window_size(&window));
    if fitted == *layout {
        return;
    }
    // A resize redraws the whole board once (in the colours it had); moves never do.
    commands.insert_resource(fitted);
    let islands = std::mem::take(&mut sprites.islands);
    rebuild_board(
        &mut commands,
        &old,
        board,
        &fitted,
        &fonts,
        settings.colour_blind,
        &mut sprites,
        islands,
    );
}

fn recolour_on_palette_change(
    settings: Res<Settings>,
    active: Option<Res<ActiveSession>>,
    sprites: Res<BoardSprites>,
    mut tiles: Query<&mut Sprite, With<Tile>>,
    mut last: Local<Option<bool>>,
) {
    let blind = settings.colour_blind;
    if *last == Some(blind) {
        return;
    }
    let first = last.is_none();
    *last = Some(blind);
    let Some(active) = active else { return };
    if first {
        return;
    }
    let board = active.session.board();
    for (i, &e) in sprites.tiles.iter().enumerate() {
        if let Ok(mut s) = tiles.get_mut(e) {
            s.color = tile_colour(board, board.pos(i), blind, &sprites.islands);
        }
    }
}

/// Applies the session's reports to the sprites, through animations.
fn show_updates(
    mut commands: Commands,
    mut updates: MessageReader<BoardUpdate>,
    active: Option<Res<ActiveSession>>,
    layout: Option<Res<BoardLayout>>,
    fonts: Res<Fonts>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    roots: Query<Entity, With<BoardRoot>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        updates.clear();
        return;
    };
    let board = active.session.board();
    let blind = settings.colour_blind;
    let root = roots.iter().next();
    for update in updates.read() {
        match update {
            BoardUpdate::Played(report) | BoardUpdate::Redone(report) => {
                apply_report(
                    &mut commands,
                    board,
                    report,
                    &layout,
                    &mut sprites,
                    root,
                    blind,
                );
                if let Some(root) = root {
                    celebrate(&mut commands, root, report, &layout, &fonts);
                }
            }
            BoardUpdate::Undone(report) => {
                undo_report(&mut commands, board, report, &mut sprites, blind);
            }
            BoardUpdate::Restarted => {
                let before = std::mem::replace(&mut sprites.islands, IslandColours::new(board));
                sprites.before_restarts.push(before);
                let islands = std::mem::take(&mut sprites.islands);
                rebuild_board(
                    &mut commands,
                    &roots,
                    board,
                    &layout,
                    &fonts,
                    blind,
                    &mut sprites,
                    islands,
                );
            }
            BoardUpdate::RestartUndone => {
                let islands = sprites
                    .before_restarts
                    .pop()
                    .unwrap_or_else(|| IslandColours::new(board));
                rebuild_board(
                    &mut commands,
                    &roots,
                    board,
                    &layout,
                    &fonts,
                    blind,
                    &mut sprites,
                    islands,
                );
            }
            BoardUpdate::Rejected { .. } => {
                if let Some(root) = root {
                    tween::shake(&mut commands, root);
                }
            }
        }
    }
}

fn index(board: &Board, p: Pos) -> usize {
    p.row * board.width() + p.col
}

/// Sand and bridge cells change; the cells whose island colour changed (the parts that
/// joined a larger one, the new sand, islands moved off a colour now too close) take their
/// new colour in a wave from the move outwards.
fn apply_report(
    commands: &mut Commands,
    board: &Board,
    report: &MoveReport,
    layout: &BoardLayout,
    sprites: &mut BoardSprites,
    root: Option<Entity>,
    blind: bool,
) {
    let origin = match report.applied {
        Move::Sand(p) => p,
        Move::Bridge(a, _) => a,
    };
    for (k, &(pos, _, after)) in report.changed.iter().enumerate() {
        let i = index(board, pos);
        match after {
            Cell::Bridge { axis, .. } => {
                if let Some(root) = root {
                    let plank = spawn_plank(commands, root, layout, pos, axis, 0.0);
                    tween::build_plank(commands, plank, k);
                    sprites.planks.insert(i, plank);
                }
            }
            _ => tween::pop(commands, sprites.tiles[i]),
        }
    }
    let changed = sprites.islands.played(board, report);
    recolour_from(commands, board, sprites, &changed, origin, blind);
}

/// Undo: the cells the move changed go back, and its island splits into the islands the
/// board now has, each in its colour again, from the move outwards.
fn undo_report(
    commands: &mut Commands,
    board: &Board,
    report: &MoveReport,
    sprites: &mut BoardSprites,
    blind: bool,
) {
    for &(pos, _, _) in &report.changed {
        if let Some(plank) = sprites.planks.remove(&index(board, pos)) {
            commands.entity(plank).despawn();
        }
    }
    let origin = report.changed.first().map_or(report.island.root, |c| c.0);
    let mut changed = sprites.islands.undone(board, report);
    changed.extend(report.changed.iter().map(|c| index(board, c.0)));
    recolour_from(commands, board, sprites, &changed, origin, blind);
}

/// Tweens each of `cells` to its colour now, later the further it is from `origin`.
fn recolour_from(
    commands: &mut Commands,
    board: &Board,
    sprites: &BoardSprites,
    cells: &[usize],
    origin: Pos,
    blind: bool,
) {
    for &i in cells {
        let p = board.pos(i);
        let distance = p.row.abs_diff(origin.row) + p.col.abs_diff(origin.col);
        tween::recolour(
            commands,
            sprites.tiles[i],
            tile_colour(board, p, blind, &sprites.islands),
            distance,
        );
    }
}

/// The score popup and the pulse at the join, and a flash when the move won.
fn celebrate(
    commands: &mut Commands,
    root: Entity,
    report: &MoveReport,
    layout: &BoardLayout,
    fonts: &Fonts,
) {
    let at = match report.applied {
        Move::Sand(p) => layout.centre(p),
        Move::Bridge(a, b) => (layout.centre(a) + layout.centre(b)) / 2.0,
    };
    if report.joined.len() >= 2 {
        commands.spawn((
            Sprite::from_color(Color::srgba(1.0, 1.0, 1.0, 0.5), Vec2::splat(layout.cell)),
            Transform::from_xyz(at.x, at.y, 4.0),
            Fading::new(0.45, 0.0, 2.2),
            ChildOf(root),
        ));
    }
    if report.points > 0 {
        commands.spawn((
            Text2d::new(format!("+{}", report.points)),
            fonts.bold((layout.cell * 0.5).clamp(14.0, 30.0)),
            TextColor(theme::ACCENT),
            Transform::from_xyz(at.x, at.y + layout.cell * 0.3, 6.0),
            Fading::new(1.1, layout.cell * 1.2, 0.0),
            ChildOf(root),
        ));
    }
    if report.status == Status::Won {
        let size = Vec2::new(
            layout.cell * layout.width as f32,
            layout.cell * layout.height as f32,
        );
        let centre = (layout.centre(Pos::new(0, 0))
            + layout.centre(Pos::new(layout.height - 1, layout.width - 1)))
            / 2.0;
        commands.spawn((
            Sprite::from_color(Color::srgba(1.0, 0.95, 0.7, 0.6), size),
            Transform::from_xyz(centre.x, centre.y, 5.0),
            Fading::new(0.6, 0.0, 0.0),
            ChildOf(root),
        ));
    }
}

/// Reads the model and the pointer only; whether the move under the pointer is legal was
/// decided by input ([`HoverCheck`]).
fn show_pointing(
    mut commands: Commands,
    pointing: Res<Pointing>,
    hover: Res<HoverCheck>,
    hinted: Res<HintedMove>,
    active: Option<Res<ActiveSession>>,
    layout: Option<Res<BoardLayout>>,
    sprites: Res<BoardSprites>,
    highlights: Query<Entity, Or<(With<Highlight>, With<CursorMark>)>>,
    roots: Query<Entity, With<BoardRoot>>,
    mut last: Local<Option<(Pointing, HoverCheck, Option<Move>)>>,
) {
    let (Some(active), Some(layout), Some(root)) = (active, layout, roots.iter().next()) else {
        return;
    };
    let key = (*pointing, hover.clone(), hinted.0);
    if last.as_ref() == Some(&key) && !sprites.is_changed() {
        return;
    }
    *last = Some(key);
    for e in &highlights {
        commands.entity(e).despawn();
    }
    let board = active.session.board();
    let mut marks: Vec<(Pos, Color)> = Vec::new();
    let ok = Color::srgba(1.0, 1.0, 1.0, 0.35);
    let bad = Color::srgba(1.0, 0.2, 0.2, 0.45);
    let hint = Color::srgba(1.0, 0.85, 0.2, 0.55);
    let legal = hover.refusal.is_none();
    let colour = if legal { ok } else { bad };
    match hover.candidate {
        Some(Move::Bridge(from, to)) => {
            marks.push((from, colour));
            marks.push((to, colour));
            if from.row == to.row || from.col == to.col {
                marks.extend(span(from, to).map(|p| (p, colour)));
            }
        }
        Some(Move::Sand(p)) => {
            marks.push((p, colour));
            if legal {
                // The islands this sand would join.
                let mut roots: Vec<usize> = board
                    .neighbours(p)
                    .filter_map(|q| board.island_root(q))
                    .map(|r| r.row * board.width() + r.col)
                    .collect();
                roots.sort_unstable();
                roots.dedup();
                for r in roots {
                    for &i in sprites.islands.members(r) {
                        marks.push((board.pos(i), Color::srgba(1.0, 1.0, 1.0, 0.2)));
                    }
                }
            }
        }
        None => {}
    }
    if let Some(mv) = hinted.0 {
        match mv {
            Move::Sand(p) => marks.push((p, hint)),
            Move::Bridge(a, b) => {
                marks.push((a, hint));
                marks.push((b, hint));
                marks.extend(span(a, b).map(|p| (p, hint)));
            }
        }
    }
    let size = Vec2::splat(layout.cell - layout.gap());
    for (p, colour) in marks {
        let c = layout.centre(p);
        commands.spawn((
            Highlight,
            Sprite::from_color(colour, size),
            Transform::from_xyz(c.x, c.y, 2.0),
            ChildOf(root),
        ));
    }
    if let Some(p) = pointing.cursor {
        let c = layout.centre(p);
        let thick = (layout.cell * 0.12).max(2.0);
        for (offset, dims) in [
            (
                Vec2::new(0.0, layout.cell / 2.0 - thick / 2.0),
                Vec2::new(layout.cell, thick),
            ),
            (
                Vec2::new(0.0, -layout.cell / 2.0 + thick / 2.0),
                Vec2::new(layout.cell, thick),
            ),
            (
                Vec2::new(layout.cell / 2.0 - thick / 2.0, 0.0),
                Vec2::new(thick, layout.cell),
            ),
            (
                Vec2::new(-layout.cell / 2.0 + thick / 2.0, 0.0),
                Vec2::new(thick, layout.cell),
            ),
        ] {
            commands.spawn((
                CursorMark,
                Sprite::from_color(theme::ACCENT, dims),
                Transform::from_xyz(c.x + offset.x, c.y + offset.y, 3.0),
                ChildOf(root),
            ));
        }
    }
}
