//! The Conquest board in the puzzle's art: the moving sea under it, each player's land cut
//! to island shapes with foam along the shore (`land_shape`, as on the puzzle's board: two
//! islands meet only at a corner, and water always runs between them there), one emblem per
//! island, and a frame in the colour of the player to move (the winner's once the grid is
//! full).
//!
//! A claim pops its cell into place; a capture runs through the captured island as a wave
//! of the captor's colour from the claimed cell. The view reads the match and its updates
//! and never writes the match.

use super::hud::ConquestHudRoot;
use super::model::{ConquestMatch, ConquestUpdate, board_part, player_colour_for};
use crate::conquest::{Conquest, Player};
use crate::game::play::board_view::sheet_sprite;
use crate::game::play::water::{WaterMaterial, sea_quad};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::art::Art;
use crate::game::ui::board_layout::{BoardLayout, cell_under_cursor, window_size};
use crate::game::ui::land_shape::{Neighbourhood, emblem_cell};
use crate::game::ui::tween;
use crate::rules::cell::Pos;
use bevy::ecs::schedule::common_conditions::on_message;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use std::collections::{HashMap, VecDeque};

/// An unclaimed cell shows the sea under the board: its land sprite is clear.
pub const EMPTY: Color = Color::NONE;

/// The land sprites and their foams, as the systems that reshape them ask for them.
type Tiles<'w, 's> =
    Query<'w, 's, &'static mut Sprite, (With<ConquestCell>, Without<ConquestFoam>)>;
type Foams<'w, 's> = Query<
    'w,
    's,
    (&'static mut Sprite, &'static mut Visibility),
    (With<ConquestFoam>, Without<ConquestCell>),
>;

/// A cell's land sprite.
#[derive(Component, Debug, Clone, Copy)]
pub struct ConquestCell(pub Pos);

/// The foam around a cell's land (hidden while the cell is unclaimed).
#[derive(Component, Debug, Clone, Copy)]
struct ConquestFoam;

/// The one emblem of an island: its owner's, on the cell deepest inside it.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct IslandEmblem {
    pub owner: Player,
    pub at: Pos,
}

/// The frame around the board, in the colour of the player to move.
#[derive(Component, Debug, Clone, Copy)]
pub struct ConquestFrame;

/// The square over the empty cell under the pointer, on the player's turn.
#[derive(Component)]
struct HoverSquare;

/// The parent of the board's sprites (a refused claim shakes it).
#[derive(Component)]
struct ConquestBoardRoot;

/// The board's sprites by cell (row-major), and the foam of each.
#[derive(Resource, Debug, Default)]
struct ConquestSprites {
    tiles: Vec<Entity>,
    foams: Vec<Entity>,
    /// The colour-blind setting the board was drawn in.
    colour_blind: bool,
}

pub struct BoardPlugin;

impl Plugin for BoardPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ConquestSprites>().add_systems(
            Update,
            (
                tween::finish_all.run_if(on_message::<ConquestUpdate>),
                show_updates,
                redraw_on_resize_or_palette,
                colour_the_frame,
                show_hover,
            )
                .chain()
                .in_set(FrameStep::Present)
                .run_if(in_state(Screen::Conquest)),
        );
    }
}

/// The colour the land of `p` wears: its owner's, or clear when unclaimed.
fn land_colour(game: &Conquest, p: Pos, colour_blind: bool) -> Color {
    game.owner_at(p)
        .map_or(EMPTY, |owner| player_colour_for(owner, colour_blind))
}

/// The land shape of `p`: claimed cells are land, everything else water.
fn neighbourhood(game: &Conquest, p: Pos) -> Neighbourhood {
    Neighbourhood::of(|dr, dc| {
        let q = p
            .row
            .checked_add_signed(dr)
            .zip(p.col.checked_add_signed(dc));
        q.is_some_and(|(row, col)| game.owner_at(Pos::new(row, col)).is_some())
    })
}

/// Draws the whole board for the match as it stands.
fn build_board(
    commands: &mut Commands,
    m: &ConquestMatch,
    layout: &BoardLayout,
    (art, colour_blind): (&Art, bool),
    sea: Option<(
        &mut Assets<Mesh>,
        &mut Assets<Image>,
        &mut Assets<WaterMaterial>,
    )>,
    moving: bool,
) -> ConquestSprites {
    let game = &m.game;
    let n = game.size();
    let root = commands
        .spawn((
            ConquestBoardRoot,
            Transform::default(),
            Visibility::default(),
            board_part(),
        ))
        .id();
    let last = Pos::new(n - 1, n - 1);
    let centre = (layout.centre(Pos::new(0, 0)) + layout.centre(last)) / 2.0;
    if let Some(assets) = sea {
        // Open shallow water everywhere: the sea's map is one clear texel a cell.
        let bytes = [0, 0, 0, 255].repeat(n * n);
        let (mesh, material, _) =
            sea_quad(assets, UVec2::splat(n as u32), layout.cell, bytes, moving);
        commands.spawn((
            mesh,
            material,
            Transform::from_xyz(centre.x, centre.y, -1.0),
            ChildOf(root),
        ));
    }
    let side = layout.cell * n as f32;
    let border = (layout.cell * 0.14).clamp(4.0, 14.0);
    commands.spawn((
        ConquestFrame,
        Sprite::from_color(
            frame_colour(m, colour_blind),
            Vec2::splat(side + 2.0 * border),
        ),
        Transform::from_xyz(centre.x, centre.y, -2.0),
        ChildOf(root),
    ));
    commands.spawn((
        HoverSquare,
        Sprite::from_color(
            Color::srgba(1.0, 1.0, 1.0, 0.22),
            Vec2::splat(layout.cell * 0.8),
        ),
        Transform::from_xyz(centre.x, centre.y, 0.5),
        Visibility::Hidden,
        ChildOf(root),
    ));
    let mut sprites = ConquestSprites {
        colour_blind,
        ..default()
    };
    for r in 0..n {
        for c in 0..n {
            let p = Pos::new(r, c);
            let at = layout.centre(p);
            let pictures = art.shape(neighbourhood(game, p));
            let claimed = game.owner_at(p).is_some();
            let tile = commands
                .spawn((
                    ConquestCell(p),
                    sheet_sprite(
                        pictures.land,
                        land_colour(game, p, colour_blind),
                        Vec2::splat(layout.cell),
                    ),
                    Transform::from_xyz(at.x, at.y, 0.0),
                    ChildOf(root),
                ))
                .id();
            let foam = commands
                .spawn((
                    ConquestFoam,
                    sheet_sprite(pictures.foam, Color::WHITE, Vec2::splat(layout.cell)),
                    Transform::from_xyz(0.0, 0.0, -0.5),
                    if claimed {
                        Visibility::Inherited
                    } else {
                        Visibility::Hidden
                    },
                    ChildOf(tile),
                ))
                .id();
            sprites.tiles.push(tile);
            sprites.foams.push(foam);
        }
    }
    place_emblems(commands, root, game, layout, art, 0.0);
    sprites
}

/// The frame's colour: the player to move, or the winner once the grid is full.
fn frame_colour(m: &ConquestMatch, colour_blind: bool) -> Color {
    let who = if m.game.is_over() {
        match m.game.winner() {
            crate::conquest::rules::Winner::Player(p) => p,
            crate::conquest::rules::Winner::Tie => m.game.to_move(),
        }
    } else {
        m.game.to_move()
    };
    player_colour_for(who, colour_blind)
}

/// Each island's cells, by its root.
fn islands_of(game: &Conquest) -> HashMap<Pos, Vec<Pos>> {
    let n = game.size();
    let mut islands: HashMap<Pos, Vec<Pos>> = HashMap::new();
    for r in 0..n {
        for c in 0..n {
            let p = Pos::new(r, c);
            if let Some(root) = game.island_root(p) {
                islands.entry(root).or_default().push(p);
            }
        }
    }
    islands
}

/// Where each island's emblem goes, with its owner, in reading order.
pub fn emblem_places(game: &Conquest) -> Vec<IslandEmblem> {
    let mut places: Vec<IslandEmblem> = islands_of(game)
        .into_values()
        .filter_map(|cells| {
            let count = cells.len() as f32;
            let (cols, rows) = cells
                .iter()
                .fold((0.0, 0.0), |(c, r), p| (c + p.col as f32, r + p.row as f32));
            let middle = (cols / count, rows / count);
            let at = emblem_cell(cells.iter().copied(), middle, |p| {
                neighbourhood(game, p).0.count_ones()
            })?;
            Some(IslandEmblem {
                owner: game.owner_at(at)?,
                at,
            })
        })
        .collect();
    places.sort_by_key(|e| (e.at.row, e.at.col));
    places
}

/// One emblem per island, appearing after `delay` seconds (when a capture's wave reaches
/// it).
fn place_emblems(
    commands: &mut Commands,
    root: Entity,
    game: &Conquest,
    layout: &BoardLayout,
    art: &Art,
    delay: f32,
) {
    for emblem in emblem_places(game) {
        let c = layout.centre(emblem.at);
        let mut e = commands.spawn((
            emblem,
            Sprite {
                image: art
                    .emblems
                    .get(emblem.owner.index())
                    .cloned()
                    .unwrap_or_default(),
                custom_size: Some(Vec2::splat(layout.cell * 0.62)),
                ..default()
            },
            Transform::from_xyz(c.x, c.y, 0.6),
            ChildOf(root),
        ));
        if delay > 0.0 {
            e.insert((Visibility::Hidden, tween::Appear::after(delay)));
        }
    }
}

/// Steps from `from` to every cell of its island, through the island.
fn steps_through_island(game: &Conquest, from: Pos) -> HashMap<Pos, usize> {
    let n = game.size();
    let root = game.island_root(from);
    let mut steps = HashMap::from([(from, 0)]);
    let mut queue = VecDeque::from([from]);
    while let Some(p) = queue.pop_front() {
        let d = steps[&p];
        let next = [(-1, 0), (1, 0), (0, -1), (0, 1)].map(|(dr, dc)| {
            p.row
                .checked_add_signed(dr)
                .zip(p.col.checked_add_signed(dc))
                .map(|(r, c)| Pos::new(r, c))
                .filter(|q| q.row < n && q.col < n)
        });
        for q in next.into_iter().flatten() {
            if !steps.contains_key(&q) && game.island_root(q) == root {
                steps.insert(q, d + 1);
                queue.push_back(q);
            }
        }
    }
    steps
}

/// Applies the match's updates: a new board, a claim's pop and capture wave, a take-back,
/// a refusal's shake.
#[allow(clippy::too_many_arguments)]
fn show_updates(
    mut commands: Commands,
    mut updates: MessageReader<ConquestUpdate>,
    game: Option<Res<ConquestMatch>>,
    layout: Option<Res<BoardLayout>>,
    (art, settings): (Res<Art>, Res<Settings>),
    mut sprites: ResMut<ConquestSprites>,
    mut tiles: Tiles,
    mut foams: Foams,
    roots: Query<Entity, With<ConquestBoardRoot>>,
    emblems: Query<Entity, With<IslandEmblem>>,
    mut sea: Option<(
        ResMut<Assets<Mesh>>,
        ResMut<Assets<Image>>,
        ResMut<Assets<WaterMaterial>>,
    )>,
) {
    let (Some(m), Some(layout)) = (game, layout) else {
        updates.clear();
        return;
    };
    let blind = settings.colour_blind;
    for update in updates.read() {
        let root = roots.iter().next();
        match update {
            ConquestUpdate::Started => {
                for e in &roots {
                    commands.entity(e).despawn();
                }
                let assets = sea.as_mut().map(|(a, b, c)| (&mut **a, &mut **b, &mut **c));
                let moving = settings.animation.rate().is_some();
                *sprites = build_board(&mut commands, &m, &layout, (&art, blind), assets, moving);
            }
            ConquestUpdate::Claimed(report) => {
                let Some(root) = root else { continue };
                let game = &m.game;
                let p = report.cell;
                reshape_around(game, p, &art, &sprites, &mut tiles, &mut foams);
                // The claimed cell lands in its final colour and pops; the rest of its
                // island takes that colour in a wave from it, cell by cell.
                let steps = steps_through_island(game, p);
                let owner_colour = land_colour(game, p, blind);
                let mut wave_end = 0;
                for (&q, &d) in &steps {
                    let e = sprites.tiles[q.row * game.size() + q.col];
                    let Ok(mut sprite) = tiles.get_mut(e) else {
                        continue;
                    };
                    if q == p {
                        sprite.color = owner_colour;
                        tween::pop(&mut commands, e, 0.0);
                    } else if sprite.color != owner_colour {
                        tween::recolour(&mut commands, e, owner_colour, d, 0.0);
                        wave_end = wave_end.max(d);
                    }
                }
                for e in &emblems {
                    commands.entity(e).despawn();
                }
                let delay = wave_end as f32 * tween::WAVE_STEP;
                place_emblems(&mut commands, root, game, &layout, &art, delay);
            }
            ConquestUpdate::Undone => {
                let Some(root) = root else { continue };
                redraw_in_place(&m.game, (&art, blind), &sprites, &mut tiles, &mut foams);
                for e in &emblems {
                    commands.entity(e).despawn();
                }
                place_emblems(&mut commands, root, &m.game, &layout, &art, 0.0);
            }
            ConquestUpdate::Refused(_) => {
                if let Some(root) = root {
                    tween::shake(&mut commands, root);
                }
            }
        }
    }
}

/// The claimed cell and the eight around it take their new shapes; the claimed cell's foam
/// shows.
fn reshape_around(
    game: &Conquest,
    p: Pos,
    art: &Art,
    sprites: &ConquestSprites,
    tiles: &mut Tiles,
    foams: &mut Foams,
) {
    let n = game.size();
    for dr in -1..=1isize {
        for dc in -1..=1isize {
            let Some((r, c)) = p
                .row
                .checked_add_signed(dr)
                .zip(p.col.checked_add_signed(dc))
            else {
                continue;
            };
            if r < n && c < n {
                reshape(game, Pos::new(r, c), art, sprites, tiles, foams);
            }
        }
    }
}

fn reshape(
    game: &Conquest,
    p: Pos,
    art: &Art,
    sprites: &ConquestSprites,
    tiles: &mut Tiles,
    foams: &mut Foams,
) {
    let i = p.row * game.size() + p.col;
    let pictures = art.shape(neighbourhood(game, p));
    if let Ok(mut sprite) = tiles.get_mut(sprites.tiles[i])
        && sprite.texture_atlas != pictures.land.atlas
    {
        sprite.texture_atlas = pictures.land.atlas;
    }
    if let Ok((mut sprite, mut shown)) = foams.get_mut(sprites.foams[i]) {
        if sprite.texture_atlas != pictures.foam.atlas {
            sprite.texture_atlas = pictures.foam.atlas;
        }
        shown.set_if_neq(if game.owner_at(p).is_some() {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// Every cell takes its shape and colour from the match at once (a take-back, a palette
/// change).
fn redraw_in_place(
    game: &Conquest,
    (art, blind): (&Art, bool),
    sprites: &ConquestSprites,
    tiles: &mut Tiles,
    foams: &mut Foams,
) {
    let n = game.size();
    for r in 0..n {
        for c in 0..n {
            let p = Pos::new(r, c);
            reshape(game, p, art, sprites, tiles, foams);
            if let Ok(mut sprite) = tiles.get_mut(sprites.tiles[r * n + c]) {
                sprite.color = land_colour(game, p, blind);
            }
        }
    }
}

/// A new window size fits the board anew (and redraws it); a palette switch recolours it.
#[allow(clippy::too_many_arguments)]
fn redraw_on_resize_or_palette(
    mut commands: Commands,
    game: Option<Res<ConquestMatch>>,
    layout: Option<Res<BoardLayout>>,
    window: Query<&Window, With<PrimaryWindow>>,
    ui_scale: Res<UiScale>,
    (art, settings): (Res<Art>, Res<Settings>),
    mut sprites: ResMut<ConquestSprites>,
    roots: Query<Entity, With<ConquestBoardRoot>>,
    mut tiles: Tiles,
    mut foams: Foams,
    mut sea: Option<(
        ResMut<Assets<Mesh>>,
        ResMut<Assets<Image>>,
        ResMut<Assets<WaterMaterial>>,
    )>,
    hud: Query<&ComputedNode, With<ConquestHudRoot>>,
) {
    let (Some(m), Some(layout)) = (game, layout) else {
        return;
    };
    if roots.is_empty() {
        return;
    }
    let n = m.game.size();
    let fitted = fit_under_the_hud(n, window_size(&window), ui_scale.0, &hud);
    let blind = settings.colour_blind;
    if fitted != *layout {
        commands.insert_resource(fitted);
        for e in &roots {
            commands.entity(e).despawn();
        }
        let assets = sea.as_mut().map(|(a, b, c)| (&mut **a, &mut **b, &mut **c));
        let moving = settings.animation.rate().is_some();
        *sprites = build_board(&mut commands, &m, &fitted, (&art, blind), assets, moving);
    } else if sprites.colour_blind != blind {
        sprites.colour_blind = blind;
        redraw_in_place(&m.game, (&art, blind), &sprites, &mut tiles, &mut foams);
    }
}

/// Room under the HUD as it is laid out (its chips wrap on a narrow window), and above the
/// coach's line.
fn fit_under_the_hud(
    n: usize,
    window: Vec2,
    ui: f32,
    hud: &Query<&ComputedNode, With<ConquestHudRoot>>,
) -> BoardLayout {
    let laid_out = hud
        .iter()
        .map(|node| node.size().y * node.inverse_scale_factor())
        .find(|h| *h > 0.0);
    match laid_out {
        // The HUD stands 10 UI pixels from the top; the frame needs a little more.
        Some(height) => BoardLayout::fit_between(n, n, window, height + 24.0 * ui, 64.0 * ui),
        None => BoardLayout::fit(n, n, window, ui),
    }
}

fn colour_the_frame(
    game: Option<Res<ConquestMatch>>,
    settings: Res<Settings>,
    mut frames: Query<&mut Sprite, With<ConquestFrame>>,
) {
    let Some(m) = game else { return };
    let colour = frame_colour(&m, settings.colour_blind);
    for mut sprite in &mut frames {
        if sprite.color != colour {
            sprite.color = colour;
        }
    }
}

/// A light square over the empty cell under the pointer, while the player may claim.
fn show_hover(
    game: Option<Res<ConquestMatch>>,
    layout: Option<Res<BoardLayout>>,
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    mut squares: Query<(&mut Transform, &mut Visibility), With<HoverSquare>>,
) {
    let (Some(m), Some(layout)) = (game, layout) else {
        return;
    };
    let cell = cell_under_cursor(&window, &cameras, &layout)
        .filter(|&p| m.game.owner_at(p).is_none())
        .filter(|_| !m.game.is_over() && !m.computer_to_move());
    for (mut transform, mut shown) in &mut squares {
        match cell {
            Some(p) => {
                let c = layout.centre(p);
                transform.translation = c.extend(0.5);
                shown.set_if_neq(Visibility::Inherited);
            }
            None => {
                shown.set_if_neq(Visibility::Hidden);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_island_carries_one_emblem_of_its_owner() {
        let mut game = Conquest::new(4);
        // X: a row of three at the top; O: a pair at the bottom right, and a lone cell.
        for (r, c) in [(0, 0), (3, 3), (0, 1), (3, 2), (0, 2), (2, 0)] {
            game.claim(r, c).unwrap();
        }
        let places = emblem_places(&game);
        assert_eq!(places.len(), 3, "{places:?}");
        assert!(places.contains(&IslandEmblem {
            owner: Player::X,
            at: Pos::new(0, 1)
        }));
        for e in &places {
            assert_eq!(game.owner_at(e.at), Some(e.owner));
        }
    }

    #[test]
    fn a_wave_counts_steps_through_the_island_not_across_the_water() {
        let mut game = Conquest::new(3);
        // A U of X's: (0,0) (1,0) (2,0) (2,1) (2,2) (1,2) (0,2); O at (1,1) in the middle.
        for (r, c) in [(0, 0), (1, 1), (1, 0), (0, 1), (2, 0)] {
            game.claim(r, c).unwrap();
        }
        let steps = steps_through_island(&game, Pos::new(2, 0));
        assert_eq!(steps[&Pos::new(2, 0)], 0);
        assert_eq!(steps.len(), game.island_size(Pos::new(2, 0)));
        for (p, d) in &steps {
            assert!(*d >= p.row.abs_diff(2) + p.col.abs_diff(0), "{p:?} {d}");
        }
    }
}
