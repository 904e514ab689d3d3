//! The game's pictures, drawn by code at start-up (so their licence is the game's own):
//! textured land, sand grains for placed sand, rocks, bridge planks with posts, one emblem
//! of a distinct shape per tribe, the HUD's icons and a ring for splashes.
//!
//! Each picture is a pure function from a pixel position to a colour ([`paint`]), so tests
//! can look at them without a window.

use super::land_shape::{self, Neighbourhood};
use super::theme;
use crate::rules::cell::{Cell, Tribe};
use crate::rules::level::Level;
use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use std::collections::HashMap;

/// Handles to the generated pictures. Headless tests (no image assets) get default handles.
#[derive(Resource, Debug, Clone, Default)]
pub struct Art {
    /// Light grey grass-and-earth noise; a tile's colour tints it.
    pub land: Handle<Image>,
    /// Grains over a lighter ground: land the player made from sand.
    pub sand: Handle<Image>,
    /// Boulders on a transparent ground (the water shows between them).
    pub rock: Handle<Image>,
    /// Planks across a bridge running left to right, with posts at both ends.
    pub plank: Handle<Image>,
    /// One emblem per tribe, white with a dark outline.
    pub emblems: Vec<Handle<Image>>,
    /// A soft ring for splashes and pulses.
    pub ring: Handle<Image>,
    pub icons: HudIcons,
    /// Land cut to its shore (see [`land_shape`]): each neighbourhood's place on the sheets.
    pub shapes: HashMap<Neighbourhood, usize>,
    pub shape_sheets: ShapeSheets,
}

/// Every shape of land on one picture each for grass, sand and foam, so that all the
/// board's land draws from three textures and batches (47 pictures would break the
/// sprites into many draws).
#[derive(Debug, Clone, Default)]
pub struct ShapeSheets {
    pub land: Handle<Image>,
    pub sand: Handle<Image>,
    pub foam: Handle<Image>,
    pub layout: Handle<TextureAtlasLayout>,
}

/// A picture on a sheet: the sheet and where on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetPicture {
    pub image: Handle<Image>,
    pub atlas: Option<TextureAtlas>,
}

/// One neighbourhood's land, as grass and as sand, and the foam around it.
#[derive(Debug, Clone, Default)]
pub struct ShapePictures {
    pub land: SheetPicture,
    pub sand: SheetPicture,
    pub foam: SheetPicture,
}

impl Art {
    /// The pictures for land with `around` as its neighbourhood (default handles when
    /// headless).
    pub fn shape(&self, around: Neighbourhood) -> ShapePictures {
        let sheets = &self.shape_sheets;
        let at = |image: &Handle<Image>| SheetPicture {
            image: image.clone(),
            atlas: self.shapes.get(&around).map(|&index| TextureAtlas {
                layout: sheets.layout.clone(),
                index,
            }),
        };
        ShapePictures {
            land: at(&sheets.land),
            sand: at(&sheets.sand),
            foam: at(&sheets.foam),
        }
    }
}

/// Shapes on a sheet: columns, pixels a shape, and the border each gets, a copy of its edge
/// pixels, so smooth sampling never reads a neighbour on the sheet.
const SHEET_COLUMNS: u32 = 8;
const SHAPE_PIXELS: u32 = 64;
const SHAPE_BORDER: u32 = 1;

/// The HUD's icons.
#[derive(Debug, Clone, Default)]
pub struct HudIcons {
    pub moves: Handle<Image>,
    pub sand: Handle<Image>,
    pub bridge: Handle<Image>,
    pub islands: Handle<Image>,
    pub score: Handle<Image>,
}

impl Art {
    /// Draws every picture into the world's images.
    pub fn generate(world: &mut World) -> Self {
        let shapes_in_order = Neighbourhood::all();
        let rows = (shapes_in_order.len() as u32).div_ceil(SHEET_COLUMNS);
        let layout = world
            .get_resource_mut::<Assets<TextureAtlasLayout>>()
            .map(|mut layouts| {
                layouts.add(TextureAtlasLayout::from_grid(
                    UVec2::splat(SHAPE_PIXELS),
                    SHEET_COLUMNS,
                    rows,
                    Some(UVec2::splat(2 * SHAPE_BORDER)),
                    Some(UVec2::splat(SHAPE_BORDER)),
                ))
            })
            .unwrap_or_default();
        let Some(mut images) = world.get_resource_mut::<Assets<Image>>() else {
            return Art::default();
        };
        let shape_sheets = ShapeSheets {
            land: images.add(sheet(&shapes_in_order, |a| {
                Picture::Shore(a, Ground::Grass)
            })),
            sand: images.add(sheet(&shapes_in_order, |a| Picture::Shore(a, Ground::Sand))),
            foam: images.add(sheet(&shapes_in_order, Picture::Foam)),
            layout,
        };
        let mut add = |size: u32, picture: Picture| images.add(image(size, picture));
        Art {
            land: add(64, Picture::Land),
            sand: add(64, Picture::Sand),
            rock: add(64, Picture::Rock),
            plank: add(64, Picture::Plank),
            emblems: (0..Tribe::COUNT)
                .map(|t| add(64, Picture::Emblem(t)))
                .collect(),
            ring: add(64, Picture::Ring),
            icons: HudIcons {
                moves: add(32, Picture::IconMoves),
                sand: add(32, Picture::IconSand),
                bridge: add(32, Picture::IconBridge),
                islands: add(32, Picture::IconIslands),
                score: add(32, Picture::IconScore),
            },
            shapes: shapes_in_order
                .into_iter()
                .enumerate()
                .map(|(index, around)| (around, index))
                .collect(),
            shape_sheets,
        }
    }
}

/// One picture per shape, in `shapes`' order, row by row on a sheet.
fn sheet(shapes: &[Neighbourhood], picture: impl Fn(Neighbourhood) -> Picture) -> Image {
    let cell = SHAPE_PIXELS + 2 * SHAPE_BORDER;
    let rows = (shapes.len() as u32).div_ceil(SHEET_COLUMNS);
    let (width, height) = (SHEET_COLUMNS * cell, rows * cell);
    let mut data = vec![0u8; (width * height * 4) as usize];
    for (k, &around) in shapes.iter().enumerate() {
        let (column, row) = (k as u32 % SHEET_COLUMNS, k as u32 / SHEET_COLUMNS);
        for y in 0..cell {
            for x in 0..cell {
                // The border repeats the shape's edge.
                let sx = x.saturating_sub(SHAPE_BORDER).min(SHAPE_PIXELS - 1);
                let sy = y.saturating_sub(SHAPE_BORDER).min(SHAPE_PIXELS - 1);
                let p = Vec2::new(
                    (sx as f32 + 0.5) / SHAPE_PIXELS as f32,
                    (sy as f32 + 0.5) / SHAPE_PIXELS as f32,
                );
                let c = paint(picture(around), p, SHAPE_PIXELS).to_srgba();
                let i = (((row * cell + y) * width + column * cell + x) * 4) as usize;
                data[i..i + 4].copy_from_slice(
                    &[c.red, c.green, c.blue, c.alpha].map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8),
                );
            }
        }
    }
    Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// A level's board in miniature, a pixel a cell (drawn sharp when scaled up): for the
/// level select's cards.
pub fn miniature(level: &Level) -> Image {
    let mut data = Vec::with_capacity(level.cells.len() * 4);
    for cell in &level.cells {
        let colour = match cell {
            Cell::Shallow => theme::SHALLOW,
            Cell::Deep | Cell::Bridge { .. } => theme::DEEP,
            Cell::Rock => theme::ROCK,
            Cell::Land(None) => theme::neutral_colour(0, false),
            Cell::Land(Some(tribe)) => theme::tribe_colour(*tribe, false),
        }
        .to_srgba();
        data.extend([colour.red, colour.green, colour.blue, 1.0].map(|v| (v * 255.0) as u8));
    }
    let mut image = Image::new(
        Extent3d {
            width: level.width as u32,
            height: level.height as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::nearest();
    image
}

/// Draws the pictures when the game is built, before any screen needs them.
pub struct ArtPlugin;

impl Plugin for ArtPlugin {
    fn build(&self, app: &mut App) {
        let art = Art::generate(app.world_mut());
        app.insert_resource(art);
    }
}

/// Every picture the game draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Land,
    Sand,
    Rock,
    Plank,
    Emblem(usize),
    Ring,
    IconMoves,
    IconSand,
    IconBridge,
    IconIslands,
    IconScore,
    /// Land cut to the shore its neighbourhood gives it.
    Shore(Neighbourhood, Ground),
    /// The foam along that shore, on the water side.
    Foam(Neighbourhood),
    /// The game's icon: two islands on a tile of sea, joined by a strip of sand.
    AppIcon,
}

/// What land is made of: the level's own, or sand the player placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    Grass,
    Sand,
}

/// A square RGBA picture of `size` pixels a side.
pub fn image(size: u32, picture: Picture) -> Image {
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            // Pixel centres in 0..1, y growing downwards as in the image.
            let p = Vec2::new(
                (x as f32 + 0.5) / size as f32,
                (y as f32 + 0.5) / size as f32,
            );
            let c = paint(picture, p, size).to_srgba();
            data.extend(
                [c.red, c.green, c.blue, c.alpha].map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8),
            );
        }
    }
    Image::new(
        Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// The colour of `picture` at `p` (0..1 both ways); `size` sets the width of outlines.
pub fn paint(picture: Picture, p: Vec2, size: u32) -> Color {
    let px = 1.0 / size as f32;
    match picture {
        Picture::Land => {
            // Tileable value noise at two scales, kept light so the tint stays the colour.
            let n = 0.6 * noise(p * 4.0, 4) + 0.4 * noise(p * 8.0, 8);
            let tuft = (noise(p * 16.0, 16) - 0.72).max(0.0) * 1.2;
            grey(0.84 + 0.14 * n - tuft * 0.25)
        }
        Picture::Sand => {
            let n = noise(p * 6.0, 6);
            let grain = hash(((p * 32.0).floor()).as_ivec2()) > 0.86;
            grey(if grain { 0.8 } else { 0.93 + 0.07 * n })
        }
        Picture::Rock => {
            let boulders = [
                (Vec2::new(0.38, 0.58), 0.28),
                (Vec2::new(0.68, 0.4), 0.22),
                (Vec2::new(0.66, 0.74), 0.16),
            ];
            let mut out = Color::NONE;
            for (centre, radius) in boulders {
                let d = (p - centre).length() / radius;
                if d < 1.0 {
                    // Lit from the upper left: lighter there, darker below and right.
                    let light = (p - centre).dot(Vec2::new(-0.7, -0.7)) / radius;
                    let speckle = noise(p * 12.0, 12) * 0.08;
                    let shade = 0.42 + 0.18 * light + speckle - 0.12 * d * d;
                    let edge = ((1.0 - d) / (px / radius * 1.5)).clamp(0.0, 1.0);
                    out = Color::srgba(shade, shade * 0.98, shade * 0.95, edge.max(out.alpha()));
                }
            }
            out
        }
        Picture::Plank => {
            // Planks across the span (vertical slats when the bridge runs left to right).
            let slat = (p.x * 5.0).fract();
            let gap = !(0.08..0.92).contains(&slat);
            let wood = 0.5
                + 0.08 * noise(Vec2::new(p.x * 5.0, p.y * 1.5), 64)
                + 0.04 * (p.y * 40.0 + (p.x * 5.0).floor() * 3.0).sin();
            let rail = (0.1..0.18).contains(&p.y) || (0.82..0.9).contains(&p.y);
            if !(0.1..0.9).contains(&p.y) {
                Color::NONE
            } else if rail {
                Color::srgb(0.3, 0.19, 0.1)
            } else if gap {
                Color::srgb(0.22, 0.14, 0.08)
            } else {
                Color::srgb(wood + 0.14, wood, wood * 0.62)
            }
        }
        Picture::Emblem(tribe) => emblem(tribe, p, px),
        Picture::Ring => {
            let d = (p - Vec2::splat(0.5)).length() * 2.0;
            let a = (1.0 - ((d - 0.85) / 0.1).abs()).clamp(0.0, 1.0);
            Color::srgba(1.0, 1.0, 1.0, a)
        }
        Picture::IconMoves => {
            // A footprint pair: two ovals.
            let a = oval(p, Vec2::new(0.36, 0.6), Vec2::new(0.13, 0.22));
            let b = oval(p, Vec2::new(0.64, 0.38), Vec2::new(0.13, 0.22));
            icon(a.max(b), px)
        }
        Picture::IconSand => {
            // A heap: the upper half of a wide oval, with grains.
            let heap = oval(p, Vec2::new(0.5, 0.85), Vec2::new(0.42, 0.55)).max(0.0)
                * f32::from(p.y < 0.85);
            icon(heap, px)
        }
        Picture::IconBridge => {
            let deck = f32::from((0.1..0.9).contains(&p.x) && (0.5..0.62).contains(&p.y));
            let posts = f32::from(
                ((0.14..0.24).contains(&p.x) || (0.76..0.86).contains(&p.x))
                    && (0.3..0.85).contains(&p.y),
            );
            let rail = f32::from((0.14..0.86).contains(&p.x) && (0.3..0.37).contains(&p.y));
            icon(deck.max(posts).max(rail), px)
        }
        Picture::IconIslands => {
            let a = oval(p, Vec2::new(0.32, 0.62), Vec2::new(0.24, 0.2));
            let b = oval(p, Vec2::new(0.7, 0.38), Vec2::new(0.2, 0.17));
            icon(a.max(b), px)
        }
        Picture::IconScore => icon(star(p, 5, 0.45, 0.2), px),
        Picture::Shore(around, ground) => {
            let distance = land_shape::land_distance(around, p.x, p.y);
            let texture = match ground {
                Ground::Grass => Picture::Land,
                Ground::Sand => Picture::Sand,
            };
            // A darker rim just inside the shore gives the island a raised edge.
            let rim = 0.8 + 0.2 * ((-distance) / 0.09).clamp(0.0, 1.0);
            let c = paint(texture, p, size).to_srgba();
            Color::srgba(
                c.red * rim,
                c.green * rim,
                c.blue * rim,
                land_shape::coverage(distance, px),
            )
        }
        Picture::Foam(around) => {
            let distance = land_shape::land_distance(around, p.x, p.y);
            Color::srgba(0.94, 0.98, 1.0, 0.85 * land_shape::foam(distance, px))
        }
        Picture::AppIcon => app_icon(p, size),
    }
}

/// The icon, from the board's own materials: the sea's shallows and deep, two islands in
/// the first two tribes' colours with their foam, and placed sand between them.
fn app_icon(p: Vec2, size: u32) -> Color {
    let px = 1.0 / size as f32;
    // A rounded tile: signed distance to its edge (< 0 inside).
    let half = Vec2::splat(0.46);
    let corner = 0.2;
    let q = (p - Vec2::splat(0.5)).abs() - half + Vec2::splat(corner);
    let tile = q.max(Vec2::ZERO).length() + q.x.max(q.y).min(0.0) - corner;
    let tile_alpha = (-tile / px).clamp(0.0, 1.0);
    if tile_alpha <= 0.0 {
        return Color::NONE;
    }
    // Shallows in the middle, deep water towards the edge, with a ripple of noise.
    let depth = ((p - Vec2::splat(0.5)).length() / 0.62 + 0.08 * noise(p * 6.0, 6)).min(1.0);
    let sea = theme::SHALLOW
        .to_srgba()
        .mix(&theme::DEEP.to_srgba(), depth * depth);
    // Islands: > 0 inside, in units of the picture.
    let island = |centre: Vec2, radii: Vec2| {
        let d = ((p - centre) / radii).length();
        (1.0 - d) * radii.min_element()
    };
    let left = island(Vec2::new(0.3, 0.52), Vec2::new(0.2, 0.25));
    let right = island(Vec2::new(0.72, 0.46), Vec2::new(0.17, 0.21));
    let sand = (0.055 - (p.y - 0.495).abs()).min((0.07 - (p.x - 0.515).abs()) * 2.0);
    let tribe =
        |i| Tribe::new(i).map_or(Srgba::WHITE, |t| theme::tribe_colour(t, false).to_srgba());
    let (land, tint, texture) = [
        (left, tribe(0), Picture::Land),
        (right, tribe(1), Picture::Land),
        (sand, theme::SAND.to_srgba(), Picture::Sand),
    ]
    .into_iter()
    .max_by(|a, b| a.0.total_cmp(&b.0))
    .unwrap_or((f32::MIN, Srgba::NONE, Picture::Land));
    let mut out = sea;
    // Foam just outside the shore, then the land with a darker rim inside it.
    let foam = (1.0 - (land + 0.02).abs() / 0.018).clamp(0.0, 1.0) * 0.8;
    out = out.mix(&Srgba::new(0.94, 0.98, 1.0, 1.0), foam);
    let coverage = (land / px + 0.5).clamp(0.0, 1.0);
    if coverage > 0.0 {
        let grain = paint(texture, p, size).to_srgba();
        let rim = 0.8 + 0.2 * (land / 0.03).clamp(0.0, 1.0);
        let ground = Srgba::new(
            grain.red * tint.red * rim,
            grain.green * tint.green * rim,
            grain.blue * tint.blue * rim,
            1.0,
        );
        out = out.mix(&ground, coverage);
    }
    Color::Srgba(Srgba {
        alpha: tile_alpha,
        ..out
    })
}

fn grey(v: f32) -> Color {
    Color::srgb(v, v, v)
}

/// Inside (> 0) or outside (<= 0) an axis-aligned oval, scaled so 1 is the centre.
fn oval(p: Vec2, centre: Vec2, radii: Vec2) -> f32 {
    1.0 - ((p - centre) / radii).length_squared()
}

/// A white icon with anti-aliased edges from an "inside" measure.
fn icon(inside: f32, px: f32) -> Color {
    let a = (inside / (px * 6.0)).clamp(0.0, 1.0);
    Color::srgba(1.0, 1.0, 1.0, a)
}

/// A star with `points` points: > 0 inside.
fn star(p: Vec2, points: u32, outer: f32, inner: f32) -> f32 {
    let d = p - Vec2::splat(0.5);
    let angle = d.x.atan2(-d.y);
    let sector = std::f32::consts::TAU / points as f32;
    let t = ((angle / sector).rem_euclid(1.0) - 0.5).abs() * 2.0;
    let radius = inner + (outer - inner) * t * t;
    radius - d.length()
}

/// One emblem per tribe, of shapes that differ in outline (not only in colour): a pennant,
/// a shield, a diamond, a star, a swallow-tailed banner, a crescent, a cross and a sun.
fn emblem(tribe: usize, p: Vec2, px: f32) -> Color {
    let c = p - Vec2::splat(0.5);
    let inside = match tribe % Tribe::COUNT {
        0 => {
            // Pennant on a pole.
            let pole = 0.04 - (c.x + 0.28).abs();
            let flag = if (-0.3..0.1).contains(&c.y) {
                let t = (c.y + 0.3) / 0.4;
                ((0.62 - 1.24 * (t - 0.5).abs()) - (c.x + 0.26)).min(c.x + 0.26)
            } else {
                -1.0
            };
            pole.min(0.38 - c.y.abs()).max(flag)
        }
        1 => {
            // Shield: a box with a rounded point below.
            let top = (0.3 - c.x.abs()).min(c.y + 0.32);
            let point = 0.3 - (c.x.abs() * 1.1 + (c.y.max(0.0) * 0.9).powi(2) * 2.6);
            top.min(point.max(-c.y))
        }
        2 => 0.36 - (c.x.abs() + c.y.abs()),
        3 => star(p, 5, 0.42, 0.19),
        4 => {
            // Swallow-tailed banner: a rectangle with a notch cut into its lower edge.
            let rect = (0.26 - c.x.abs()).min(0.36 - c.y.abs());
            let notch = (c.y - 0.12) - c.x.abs() * 1.6;
            rect.min(-notch)
        }
        5 => {
            // Crescent: a disc with a disc cut out of it.
            let outer = 0.36 - c.length();
            let cut = (c - Vec2::new(0.16, -0.08)).length() - 0.28;
            outer.min(cut)
        }
        6 => {
            let bar = |a: f32, b: f32| (0.1 - a.abs()).min(0.36 - b.abs());
            bar(c.x, c.y).max(bar(c.y, c.x))
        }
        _ => {
            // Sun: a disc with rays.
            let disc = 0.25 - c.length();
            let rays = star(p, 8, 0.45, 0.25);
            disc.max(rays)
        }
    };
    // White fill, a dark outline about two pixels wide, soft edges.
    let fill = (inside / px).clamp(0.0, 1.0);
    let outline = ((inside + 2.5 * px) / px).clamp(0.0, 1.0);
    let white = fill;
    let alpha = outline * 0.95;
    let v = 0.1 + 0.9 * white;
    Color::srgba(v, v, v, alpha)
}

/// Tileable value noise in 0..1 with a period of `period` cells.
fn noise(p: Vec2, period: i32) -> f32 {
    let cell = p.floor();
    let f = p - cell;
    let at = |dx: i32, dy: i32| {
        let q = IVec2::new(
            (cell.x as i32 + dx).rem_euclid(period),
            (cell.y as i32 + dy).rem_euclid(period),
        );
        hash(q)
    };
    let s = f * f * (Vec2::splat(3.0) - 2.0 * f);
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * s.x;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * s.x;
    top + (bottom - top) * s.y
}

/// A deterministic hash of a lattice point, in 0..1.
fn hash(q: IVec2) -> f32 {
    let mut h = (q.x as u32).wrapping_mul(0x8da6_b343) ^ (q.y as u32).wrapping_mul(0xd816_3841);
    h ^= h >> 13;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 16;
    (h & 0xffff) as f32 / 65_535.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which pixels of a picture are solid, at 32 pixels a side.
    fn mask(picture: Picture) -> Vec<bool> {
        let size = 32;
        (0..size * size)
            .map(|i| {
                let p = Vec2::new(
                    ((i % size) as f32 + 0.5) / size as f32,
                    ((i / size) as f32 + 0.5) / size as f32,
                );
                paint(picture, p, size).alpha() > 0.5
            })
            .collect()
    }

    #[test]
    fn every_emblem_has_its_own_outline() {
        let masks: Vec<Vec<bool>> = (0..Tribe::COUNT)
            .map(|t| mask(Picture::Emblem(t)))
            .collect();
        for (a, ma) in masks.iter().enumerate() {
            let area = ma.iter().filter(|&&s| s).count();
            assert!(area > 60, "emblem {a} is nearly empty ({area} pixels)");
            for (b, mb) in masks.iter().enumerate().skip(a + 1) {
                let differ = ma.iter().zip(mb).filter(|(x, y)| x != y).count();
                assert!(
                    differ > 40,
                    "emblems {a} and {b} differ in only {differ} pixels"
                );
            }
        }
    }

    #[test]
    fn land_is_light_so_its_tint_stays_the_island_colour() {
        for picture in [Picture::Land, Picture::Sand] {
            let img = image(64, picture);
            let data = img.data.as_ref().expect("pixels");
            let mean = data.chunks(4).map(|p| p[0] as f32).sum::<f32>() / (64.0 * 64.0);
            assert!(mean > 200.0, "{picture:?} averages {mean}");
        }
    }

    /// The palette measures island colours on these textures' means (in linear light): they
    /// must be the pictures' own.
    #[test]
    fn the_palette_knows_the_land_textures_means() {
        use crate::colour::palette::{LAND_TEXTURE_MEAN, SAND_TEXTURE_MEAN};
        use crate::colour::science::srgb_to_linear;
        for (picture, known) in [
            (Picture::Land, LAND_TEXTURE_MEAN),
            (Picture::Sand, SAND_TEXTURE_MEAN),
        ] {
            let img = image(64, picture);
            let data = img.data.as_ref().expect("pixels");
            let mean = data
                .chunks(4)
                .map(|p| srgb_to_linear(f64::from(p[0]) / 255.0))
                .sum::<f64>()
                / (64.0 * 64.0);
            assert!(
                (mean - known).abs() < 0.001,
                "{picture:?}: mean {mean}, known {known}"
            );
        }
    }

    #[test]
    fn rocks_leave_water_around_them() {
        let m = mask(Picture::Rock);
        let solid = m.iter().filter(|&&s| s).count();
        assert!(solid > 200 && solid < 900, "{solid} solid pixels of 1024");
        assert!(!m[0], "the corner shows water");
    }

    #[test]
    fn noise_tiles_seamlessly() {
        for k in 0..20 {
            let y = k as f32 / 20.0 * 4.0;
            assert!((noise(Vec2::new(0.0, y), 4) - noise(Vec2::new(4.0, y), 4)).abs() < 1e-6);
        }
    }
}
