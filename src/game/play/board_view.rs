//! The board on screen: a sprite per cell, each island in one colour (its union-find root
//! picks it), cut to a shape that says where the island ends (rounded, with foam on the
//! water around it; see `land_shape`), planks for bridges, one tribe emblem per island,
//! the hover highlight and the keyboard cursor.
//!
//! Per move, only the cells the report names and the cells of the islands it joined are
//! touched: the view keeps each island's member cells, merged as the report says.

use super::hud::{HudBar, bar_heights};
use super::input::{HoverCheck, Pointing};
use super::model::{ActiveSession, BoardUpdate, HintedMove, start_session};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::art::{Art, SheetPicture};
use crate::game::ui::board_layout::{BoardLayout, MIN_PLAY_CELL, tile_colour, window_size};
use crate::game::ui::island_colours::IslandColours;
use crate::game::ui::land_shape::{AROUND, MARGIN, Neighbourhood, emblem_cell};
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

/// The foam on the water around a land cell (hidden on water cells).
#[derive(Component, Debug, Clone, Copy)]
pub struct Foam;

/// A tribe's emblem: one on each island that holds the tribe's land.
#[derive(Component, Debug, Clone, Copy)]
pub struct Emblem;

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
    /// Each cell's foam sprite.
    pub foams: Vec<Entity>,
}

pub struct BoardViewPlugin;

/// The board view's systems of each frame (what draws on top of the board runs after).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct BoardViewSet;

impl Plugin for BoardViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<BoardSprites>()
            .add_systems(OnEnter(Screen::Playing), spawn_board.after(start_session))
            .add_systems(
                Update,
                (
                    // Before a new report is shown, everything still running jumps to its end.
                    tween::finish_all.run_if(on_message::<BoardUpdate>),
                    show_updates,
                    // After the reports: a board redrawn for a new window size in the frame
                    // of a move is drawn from the island colours that move left.
                    relayout_on_resize,
                    recolour_on_palette_change,
                    show_pointing,
                )
                    .chain()
                    .in_set(FrameStep::Present)
                    .in_set(BoardViewSet)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

fn spawn_board(
    mut commands: Commands,
    active: Option<Res<ActiveSession>>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    art: Res<Art>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    old: Query<Entity, With<BoardRoot>>,
) {
    let Some(active) = active else { return };
    let board = active.session.board();
    let start = &active.session.level().cells;
    let layout = BoardLayout::fit(
        board.width(),
        board.height(),
        window_size(&window),
        ui_scale.0,
    )
    .with_min_cell(MIN_PLAY_CELL);
    commands.insert_resource(layout);
    for e in &old {
        commands.entity(e).despawn();
    }
    // Replayed from the level's start and the moves on the board: Continue, or coming back
    // to this screen, shows the colours the islands had.
    let islands = match active.session.level().board() {
        Ok(start) => IslandColours::replay(&start, active.session.moves()),
        Err(_) => IslandColours::new(board),
    };
    *sprites = build_board(
        &mut commands,
        board,
        start,
        &layout,
        &art,
        settings.colour_blind,
        islands,
    );
}

/// Despawns the board's sprites (under `old` roots) and spawns them afresh, each island in
/// the colour `islands` gives it.
fn rebuild_board(
    commands: &mut Commands,
    old: &Query<Entity, With<BoardRoot>>,
    (board, start): (&Board, &[Cell]),
    layout: &BoardLayout,
    art: &Art,
    colour_blind: bool,
    sprites: &mut BoardSprites,
    islands: IslandColours,
) {
    for e in old {
        commands.entity(e).despawn();
    }
    *sprites = build_board(commands, board, start, layout, art, colour_blind, islands);
}

/// Spawns every sprite of the board; returns the index of them.
fn build_board(
    commands: &mut Commands,
    board: &Board,
    start: &[Cell],
    layout: &BoardLayout,
    art: &Art,
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
    for i in 0..board.cells().len() {
        let pos = board.pos(i);
        let cell = board.cells()[i];
        let centre = layout.centre(pos);
        let look = shape(board, start, layout, art, i);
        let tile = commands
            .spawn((
                Tile(pos),
                sheet_sprite(
                    look.picture,
                    board_tile_colour(board, pos, colour_blind, &sprites.islands),
                    look.size,
                ),
                Transform::from_xyz(centre.x, centre.y, 0.0),
                ChildOf(root),
            ))
            .id();
        // Under the land, on the water: the foam along its shore.
        let foam = commands
            .spawn((
                Foam,
                sheet_sprite(look.foam, Color::WHITE, Vec2::splat(layout.cell)),
                Transform::from_xyz(0.0, 0.0, -0.5),
                visibility(look.land),
                ChildOf(tile),
            ))
            .id();
        sprites.foams.push(foam);
        if let Cell::Bridge { axis, .. } = cell {
            let plank = spawn_plank(commands, root, (board, pos, axis), layout, art, 1.0);
            sprites.planks.insert(i, plank);
        }
        sprites.tiles.push(tile);
    }
    place_emblems(commands, root, board, layout, art);
    sprites
}

/// Puts one emblem on each island that holds a tribe's land, on its tribe cell deepest
/// inside the island (most land around it, then nearest the island's middle).
fn place_emblems(
    commands: &mut Commands,
    root: Entity,
    board: &Board,
    layout: &BoardLayout,
    art: &Art,
) {
    for (tribe, pos) in emblem_places(board) {
        let c = layout.centre(pos);
        commands.spawn((
            Emblem,
            Sprite {
                image: art.emblems.get(tribe.index()).cloned().unwrap_or_default(),
                custom_size: Some(Vec2::splat(layout.cell * 0.62)),
                ..default()
            },
            Transform::from_xyz(c.x, c.y, 0.6),
            ChildOf(root),
        ));
    }
}

/// Where each tribe island's emblem goes: one cell per island, on the tribe's own land.
pub fn emblem_places(board: &Board) -> Vec<(crate::rules::cell::Tribe, Pos)> {
    // Per island root: its cells' position sums and count, for the middle.
    let mut islands: HashMap<Pos, (Vec<Pos>, Vec2)> = HashMap::new();
    for i in 0..board.cells().len() {
        let p = board.pos(i);
        if let Some(root) = board.island_root(p) {
            let entry = islands.entry(root).or_default();
            entry.0.push(p);
            entry.1 += Vec2::new(p.col as f32, p.row as f32);
        }
    }
    let mut places: Vec<(crate::rules::cell::Tribe, Pos)> = islands
        .values()
        .filter_map(|(cells, sum)| {
            let middle = *sum / cells.len() as f32;
            let tribe_cells = cells.iter().filter_map(|&p| match board.cell(p) {
                Some(Cell::Land(Some(tribe))) => Some((p, tribe)),
                _ => None,
            });
            let tribes: HashMap<Pos, crate::rules::cell::Tribe> = tribe_cells.collect();
            let best = emblem_cell(tribes.keys().copied(), (middle.x, middle.y), |p| {
                Neighbourhood::on_board(board, p).0.count_ones()
            })?;
            Some((tribes[&best], best))
        })
        .collect();
    places.sort_by_key(|(_, p)| (p.row, p.col));
    places
}

/// How one cell is drawn.
struct CellLook {
    size: Vec2,
    picture: SheetPicture,
    foam: SheetPicture,
    land: bool,
}

/// A sprite showing `picture` (a whole image, or a place on a sheet).
pub fn sheet_sprite(picture: SheetPicture, color: Color, size: Vec2) -> Sprite {
    Sprite {
        image: picture.image,
        texture_atlas: picture.atlas,
        color,
        custom_size: Some(size),
        ..default()
    }
}

/// Shows `picture` on `sprite`, touching it only if it changed.
fn show_picture(sprite: &mut Sprite, picture: SheetPicture) {
    if sprite.image != picture.image {
        sprite.image = picture.image;
    }
    if sprite.texture_atlas != picture.atlas {
        sprite.texture_atlas = picture.atlas;
    }
}

/// How cell `i` is drawn: land fills its cell cut to the shape its neighbours give it
/// (textured, or grainy where it was made from sand), with foam around it; rock shows
/// boulders; water shows nothing (the sea is drawn under the board) and keeps a gap.
fn shape(board: &Board, start: &[Cell], layout: &BoardLayout, art: &Art, i: usize) -> CellLook {
    let pos = board.pos(i);
    let cell = board.cells()[i];
    if !cell.is_land() {
        return CellLook {
            size: Vec2::splat(layout.cell - layout.gap()),
            picture: SheetPicture {
                image: match cell {
                    Cell::Rock => art.rock.clone(),
                    _ => Handle::default(),
                },
                atlas: None,
            },
            foam: SheetPicture::default(),
            land: false,
        };
    }
    let pictures = art.shape(Neighbourhood::on_board(board, pos));
    let picture = match start.get(i) {
        Some(Cell::Shallow) => pictures.sand,
        _ => pictures.land,
    };
    CellLook {
        size: Vec2::splat(layout.cell),
        picture,
        foam: pictures.foam,
        land: true,
    }
}

/// A tile's tint: its island's colour on land; rock keeps its picture's own colours; water
/// and bridges are clear, so the sea below shows through.
pub fn board_tile_colour(board: &Board, pos: Pos, blind: bool, islands: &IslandColours) -> Color {
    match board.cell(pos) {
        Some(Cell::Land(_)) => tile_colour(board, pos, blind, islands),
        Some(Cell::Rock) => Color::WHITE,
        _ => Color::NONE,
    }
}

fn visibility(shown: bool) -> Visibility {
    if shown {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

/// After cells changed kind, their tiles and those of the eight cells around each take
/// their new shape.
fn reshape_around(
    (board, start): (&Board, &[Cell]),
    (layout, art): (&BoardLayout, &Art),
    sprites: &BoardSprites,
    changed: impl Iterator<Item = Pos>,
    tiles: &mut Query<&mut Sprite, (With<Tile>, Without<Foam>)>,
    foams: &mut Query<(&mut Sprite, &mut Visibility), (With<Foam>, Without<Tile>)>,
) {
    let mut cells: Vec<usize> = Vec::new();
    for p in changed {
        cells.push(index(board, p));
        for (dr, dc, _) in AROUND {
            let q = p
                .row
                .checked_add_signed(dr)
                .zip(p.col.checked_add_signed(dc));
            if let Some(i) = q.and_then(|(row, col)| board.index(Pos::new(row, col))) {
                cells.push(i);
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    for i in cells {
        let look = shape(board, start, layout, art, i);
        if let Ok(mut sprite) = tiles.get_mut(sprites.tiles[i]) {
            if sprite.custom_size != Some(look.size) {
                sprite.custom_size = Some(look.size);
            }
            show_picture(&mut sprite, look.picture);
        }
        if let Ok((mut sprite, mut shown)) = foams.get_mut(sprites.foams[i]) {
            show_picture(&mut sprite, look.foam);
            shown.set_if_neq(visibility(look.land));
        }
    }
}

/// One cell of a bridge: planks with rails, a shadow on the water, and posts where the
/// bridge meets land.
fn spawn_plank(
    commands: &mut Commands,
    root: Entity,
    (board, pos, axis): (&Board, Pos, Axis),
    layout: &BoardLayout,
    art: &Art,
    scale: f32,
) -> Entity {
    let turn = match axis {
        Axis::Horizontal => Quat::IDENTITY,
        Axis::Vertical => Quat::from_rotation_z(std::f32::consts::FRAC_PI_2),
    };
    let (dr, dc) = match axis {
        Axis::Horizontal => (0, 1),
        Axis::Vertical => (1, 0),
    };
    // Along the plank's own x axis, which the quarter turn points up the screen, where rows
    // count down: where the next cell along the bridge (`sign` 1) or the one before lies.
    let along = |sign: isize| match axis {
        Axis::Horizontal => sign as f32,
        Axis::Vertical => -(sign as f32),
    };
    // The ends that meet land reach over the strip of water land keeps along its shore.
    let reach = layout.cell * (MARGIN + 0.02);
    let lands: Vec<isize> = [-1isize, 1]
        .into_iter()
        .filter(|&sign| {
            let beside = pos
                .row
                .checked_add_signed(dr * sign)
                .zip(pos.col.checked_add_signed(dc * sign));
            beside.is_some_and(|(row, col)| {
                board.cell(Pos::new(row, col)).is_some_and(|c| c.is_land())
            })
        })
        .collect();
    let shift: f32 = lands.iter().map(|&s| along(s) * reach / 2.0).sum();
    let size = Vec2::new(layout.cell + reach * lands.len() as f32, layout.cell * 0.62);
    let c = layout.centre(pos).extend(1.0) + turn * Vec3::new(shift, 0.0, 0.0);
    let plank = commands
        .spawn((
            Plank(pos),
            Sprite {
                image: art.plank.clone(),
                color: if art.plank == Handle::default() {
                    theme::PLANK
                } else {
                    Color::WHITE
                },
                custom_size: Some(size),
                ..default()
            },
            Transform::from_translation(c)
                .with_rotation(turn)
                .with_scale(Vec3::new(scale, scale, 1.0)),
            ChildOf(root),
        ))
        .id();
    // The shadow falls down and to the right whichever way the bridge runs.
    let shadow = turn.inverse() * Vec3::new(layout.cell * 0.05, -layout.cell * 0.08, -0.2);
    commands.spawn((
        Sprite::from_color(
            Color::srgba(0.0, 0.05, 0.1, 0.35),
            size * Vec2::new(1.0, 0.8),
        ),
        Transform::from_translation(shadow),
        ChildOf(plank),
    ));
    // Posts in the water at each end that meets land, just off the shore.
    for sign in lands {
        let x = -shift + along(sign) * layout.cell * 0.46;
        for y in [-1.0, 1.0] {
            commands.spawn((
                Sprite::from_color(
                    Color::srgb(0.24, 0.15, 0.08),
                    Vec2::splat(layout.cell * 0.13),
                ),
                Transform::from_xyz(x, y * size.y * 0.4, 0.3),
                ChildOf(plank),
            ));
        }
    }
    plank
}

fn relayout_on_resize(
    mut commands: Commands,
    active: Option<Res<ActiveSession>>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    bars: Query<(&HudBar, &ComputedNode)>,
    layout: Option<Res<BoardLayout>>,
    art: Res<Art>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    old: Query<Entity, With<BoardRoot>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        return;
    };
    let board = active.session.board();
    let (w, h, window) = (board.width(), board.height(), window_size(&window));
    // Between the HUD's bars as they are laid out, once they are.
    let fitted = match bar_heights(&bars, ui_scale.0) {
        Some((top, bottom)) => BoardLayout::fit_between(w, h, window, top, bottom),
        None => BoardLayout::fit(w, h, window, ui_scale.0),
    }
    .with_min_cell(MIN_PLAY_CELL);
    if fitted == *layout {
        return;
    }
    // A resize redraws the whole board once (in the colours it had); moves never do.
    commands.insert_resource(fitted);
    let islands = std::mem::take(&mut sprites.islands);
    rebuild_board(
        &mut commands,
        &old,
        (board, &active.session.level().cells),
        &fitted,
        &art,
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
            s.color = board_tile_colour(board, board.pos(i), blind, &sprites.islands);
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
    art: Res<Art>,
    settings: Res<Settings>,
    mut sprites: ResMut<BoardSprites>,
    roots: Query<Entity, With<BoardRoot>>,
    mut tiles: Query<&mut Sprite, (With<Tile>, Without<Foam>)>,
    mut foams: Query<(&mut Sprite, &mut Visibility), (With<Foam>, Without<Tile>)>,
    emblems: Query<Entity, With<Emblem>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        updates.clear();
        return;
    };
    let board = active.session.board();
    let start = active.session.level().cells.as_slice();
    let blind = settings.colour_blind;
    let root = roots.iter().next();
    let mut islands_changed = false;
    for update in updates.read() {
        if let BoardUpdate::Played(report)
        | BoardUpdate::Redone(report)
        | BoardUpdate::Undone(report) = update
        {
            islands_changed = true;
            let changed = report.changed.iter().map(|c| c.0);
            reshape_around(
                (board, start),
                (&layout, &art),
                &sprites,
                changed,
                &mut tiles,
                &mut foams,
            );
        }
        match update {
            BoardUpdate::Played(report) | BoardUpdate::Redone(report) => {
                apply_report(
                    &mut commands,
                    (board, report),
                    (&layout, &art),
                    &mut sprites,
                    root,
                    blind,
                );
                if let Some(root) = root {
                    let scene = (board, start, report);
                    celebrate(
                        &mut commands,
                        root,
                        scene,
                        (&layout, &sprites),
                        &fonts,
                        &art,
                    );
                }
            }
            BoardUpdate::Undone(report) => {
                undo_report(&mut commands, board, report, &mut sprites, blind);
            }
            BoardUpdate::Restarted | BoardUpdate::RestartUndone => {
                // The whole board changed: its colours are replayed from the level's start
                // and the moves in force, as Continue does, so undoing a restart gives
                // every island the colour it had.
                let islands = match active.session.level().board() {
                    Ok(level_start) => IslandColours::replay(&level_start, active.session.moves()),
                    Err(_) => IslandColours::new(board),
                };
                rebuild_board(
                    &mut commands,
                    &roots,
                    (board, start),
                    &layout,
                    &art,
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
    // Islands joined or split: each island shows its tribe's emblem once.
    if islands_changed && let Some(root) = root {
        for e in &emblems {
            commands.entity(e).despawn();
        }
        place_emblems(&mut commands, root, board, &layout, &art);
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
    (board, report): (&Board, &MoveReport),
    (layout, art): (&BoardLayout, &Art),
    sprites: &mut BoardSprites,
    root: Option<Entity>,
    blind: bool,
) {
    // Sand lands first (see `celebrate`); then the land rises and the wave runs.
    let (origin, start) = match report.applied {
        Move::Sand(p) => (p, tween::DROP_SECONDS),
        Move::Bridge(a, _) => (a, 0.0),
    };
    for (k, &(pos, _, after)) in report.changed.iter().enumerate() {
        let i = index(board, pos);
        match after {
            Cell::Bridge { axis, .. } => {
                if let Some(root) = root {
                    let plank = spawn_plank(commands, root, (board, pos, axis), layout, art, 0.0);
                    tween::build_plank(commands, plank, k);
                    sprites.planks.insert(i, plank);
                }
            }
            _ => tween::pop(commands, sprites.tiles[i], start),
        }
    }
    let changed = sprites.islands.played(board, report);
    recolour_from(commands, board, sprites, &changed, origin, blind, start);
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
    recolour_from(commands, board, sprites, &changed, origin, blind, 0.0);
}

/// Tweens each of `cells` to its colour now, later the further it is from `origin`; the
/// wave leaves `origin` after `start` seconds.
fn recolour_from(
    commands: &mut Commands,
    board: &Board,
    sprites: &BoardSprites,
    cells: &[usize],
    origin: Pos,
    blind: bool,
    start: f32,
) {
    for &i in cells {
        let p = board.pos(i);
        let distance = p.row.abs_diff(origin.row) + p.col.abs_diff(origin.col);
        tween::recolour(
            commands,
            sprites.tiles[i],
            board_tile_colour(board, p, blind, &sprites.islands),
            distance,
            start,
        );
    }
}

/// What a move looks like beyond its tiles: a grain of sand falls and splashes, the joined
/// island glows in a wave from the move outwards, the score rises as the product it is
/// ("3 × 4 = 12"), and a win sends two more pulses through all the land.
fn celebrate(
    commands: &mut Commands,
    root: Entity,
    (board, start, report): (&Board, &[Cell], &MoveReport),
    (layout, sprites): (&BoardLayout, &BoardSprites),
    fonts: &Fonts,
    art: &Art,
) {
    let at = match report.applied {
        Move::Sand(p) => layout.centre(p),
        Move::Bridge(a, b) => (layout.centre(a) + layout.centre(b)) / 2.0,
    };
    let origin = match report.applied {
        Move::Sand(p) | Move::Bridge(p, _) => p,
    };
    let landed = match report.applied {
        Move::Sand(_) => {
            commands.spawn((
                Sprite {
                    image: art.sand.clone(),
                    color: theme::SAND,
                    custom_size: Some(Vec2::splat(layout.cell * 0.6)),
                    ..default()
                },
                Transform::from_xyz(at.x, at.y + layout.cell, 3.5),
                tween::Falling::onto(at.y, layout.cell),
                ChildOf(root),
            ));
            commands.spawn((
                Sprite {
                    image: art.ring.clone(),
                    color: Color::srgba(0.9, 0.97, 1.0, 0.9),
                    custom_size: Some(Vec2::splat(layout.cell)),
                    ..default()
                },
                Transform::from_xyz(at.x, at.y, 3.0),
                Fading::new(tween::SPLASH_SECONDS, 0.0, 2.0).after(tween::DROP_SECONDS),
                ChildOf(root),
            ));
            tween::DROP_SECONDS
        }
        Move::Bridge(..) => 0.0,
    };
    if report.joined.len() >= 2 {
        // The whole joined island lights up, cell by cell, from the move outwards.
        let island = report.island.root;
        let members = sprites.islands.members(index(board, island));
        let glow = Color::srgba(1.0, 0.98, 0.85, 0.7);
        for &i in members {
            let p = board.pos(i);
            let distance = p.row.abs_diff(origin.row) + p.col.abs_diff(origin.col);
            let delay = landed + tween::TWEEN_SECONDS * 0.5 + distance as f32 * tween::WAVE_STEP;
            glow_cell(
                commands,
                root,
                (board, start, p),
                (layout, art),
                glow,
                delay,
            );
        }
    }
    if report.points > 0 {
        commands.spawn((
            Text2d::new(score_sum(report)),
            fonts.bold((layout.cell * 0.45).clamp(18.0, 30.0)),
            TextColor(theme::ACCENT),
            Transform::from_xyz(at.x, at.y + layout.cell * 0.3, 6.0),
            Fading::new(tween::POPUP_SECONDS, layout.cell * 1.2, 0.0),
            ChildOf(root),
        ));
    }
    if report.status == Status::Won {
        // The won land pulses twice more, in a wave from the winning move.
        for (i, cell) in board.cells().iter().enumerate() {
            if !cell.is_land() {
                continue;
            }
            let p = board.pos(i);
            let distance = p.row.abs_diff(origin.row) + p.col.abs_diff(origin.col);
            for pulse in 1..3 {
                let delay = landed + distance as f32 * tween::WAVE_STEP + pulse as f32 * 0.45;
                let colour = Color::srgba(1.0, 0.97, 0.8, 0.55);
                glow_cell(
                    commands,
                    root,
                    (board, start, p),
                    (layout, art),
                    colour,
                    delay,
                );
            }
        }
    }
}

/// What a join scores, as the product it is: "+12  (3 × 4)".
pub fn score_sum(report: &MoveReport) -> String {
    let sizes: Vec<String> = report.joined.iter().map(|j| j.size.to_string()).collect();
    format!("{} = +{}", sizes.join(" × "), report.points)
}

/// A light over land cell `p`, in the cell's own shape, that fades after `delay` seconds.
fn glow_cell(
    commands: &mut Commands,
    root: Entity,
    (board, start, p): (&Board, &[Cell], Pos),
    (layout, art): (&BoardLayout, &Art),
    colour: Color,
    delay: f32,
) {
    let look = shape(board, start, layout, art, index(board, p));
    let c = layout.centre(p);
    commands.spawn((
        sheet_sprite(look.picture, colour, look.size),
        Transform::from_xyz(c.x, c.y, 5.0),
        Fading::new(tween::PULSE_SECONDS, 0.0, 0.0).after(delay),
        ChildOf(root),
    ));
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
    // A hint rings its cells (a fill would tint water like land); the cursor is a frame.
    if let Some(mv) = hinted.0 {
        let cells: Vec<Pos> = match mv {
            Move::Sand(p) => vec![p],
            Move::Bridge(a, b) => [a, b].into_iter().chain(span(a, b)).collect(),
        };
        for p in cells {
            frame(&mut commands, root, &layout, p, HINT_RING, 2.5);
        }
    }
    if let Some(p) = pointing.cursor {
        frame(&mut commands, root, &layout, p, theme::ACCENT, 3.0);
    }
}

/// The ring a hint draws around its cells.
const HINT_RING: Color = Color::srgb(1.0, 1.0, 1.0);

/// A square frame around cell `p`, a pointing mark (despawned with the highlights).
fn frame(
    commands: &mut Commands,
    root: Entity,
    layout: &BoardLayout,
    p: Pos,
    colour: Color,
    z: f32,
) {
    let c = layout.centre(p);
    let thick = (layout.cell * 0.12).max(2.0);
    let (edge, side) = (layout.cell / 2.0 - thick / 2.0, layout.cell);
    for (offset, dims) in [
        (Vec2::new(0.0, edge), Vec2::new(side, thick)),
        (Vec2::new(0.0, -edge), Vec2::new(side, thick)),
        (Vec2::new(edge, 0.0), Vec2::new(thick, side)),
        (Vec2::new(-edge, 0.0), Vec2::new(thick, side)),
    ] {
        commands.spawn((
            CursorMark,
            Sprite::from_color(colour, dims),
            Transform::from_xyz(c.x + offset.x, c.y + offset.y, z),
            ChildOf(root),
        ));
    }
}
