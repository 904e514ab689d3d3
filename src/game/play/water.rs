//! The sea under the board: one quad drawn by a shader (`water.wgsl`) from a small map of
//! the board (a texel a cell: land or rock, deep water). Shallow and deep read apart, the
//! water moves (unless animations are off); the foam along shores is drawn with the land
//! (`board_view`), which keeps off the edges of its cells.
//!
//! It reads the model and the layout only: each frame the map is built from the board and
//! uploaded when it differs, and a board rebuilt (resize, restart) gets a new quad.

use super::board_view::BoardRoot;
use super::model::ActiveSession;
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::board_layout::BoardLayout;
use crate::game::ui::theme;
use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos};
use bevy::asset::{AssetPath, RenderAssetUsages, embedded_asset, embedded_path};
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, Extent3d, ShaderType, TextureDimension, TextureFormat,
};
use bevy::shader::ShaderRef;
use bevy::sprite_render::{AlphaMode2d, Material2d, Material2dPlugin};

#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct WaterMaterial {
    #[uniform(0)]
    params: WaterParams,
    #[texture(1)]
    #[sampler(2)]
    map: Handle<Image>,
}

/// Four-float fields only: WebGL2 wants uniforms in 16-byte pieces.
#[derive(ShaderType, Debug, Clone, Copy)]
struct WaterParams {
    shallow: Vec4,
    deep: Vec4,
    /// Cells across and down; 1 when the water moves.
    grid: Vec4,
}

impl Material2d for WaterMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Path(
            AssetPath::from_path_buf(embedded_path!("water.wgsl")).with_source("embedded"),
        )
    }

    fn alpha_mode(&self) -> AlphaMode2d {
        AlphaMode2d::Opaque
    }
}

/// The sea's quad, a child of the board's root.
#[derive(Component)]
pub struct Sea;

/// Marks a board root that has its sea.
#[derive(Component)]
struct HasSea;

/// The map the sea was last drawn from, and where it lives.
#[derive(Resource)]
struct SeaMap {
    bytes: Vec<u8>,
    image: Handle<Image>,
    material: Handle<WaterMaterial>,
    moving: bool,
}

pub struct WaterPlugin;

impl Plugin for WaterPlugin {
    fn build(&self, app: &mut App) {
        // Only where sprites are drawn (headless tests have no renderer).
        if !app.is_plugin_added::<bevy::sprite_render::SpriteRenderPlugin>() {
            return;
        }
        embedded_asset!(app, "water.wgsl");
        app.add_plugins(Material2dPlugin::<WaterMaterial>::default())
            .add_systems(
                Update,
                (spawn_sea, refresh_sea)
                    .chain()
                    .in_set(FrameStep::Present)
                    .after(super::board_view::BoardViewSet)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// The map's bytes: per cell, red for land or rock (the coast), green for deep water.
pub fn sea_map(board: &Board) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(board.cells().len() * 4);
    for cell in board.cells() {
        let (coast, deep) = match cell {
            Cell::Land(_) | Cell::Rock => (255, 0),
            Cell::Deep
            | Cell::Bridge {
                over_deep: true, ..
            } => (0, 255),
            Cell::Shallow | Cell::Bridge { .. } => (0, 0),
        };
        bytes.extend([coast, deep, 0, 255]);
    }
    bytes
}

fn map_image(cells: UVec2, bytes: Vec<u8>) -> Image {
    let mut image = Image::new(
        Extent3d {
            width: cells.x,
            height: cells.y,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        bytes,
        // Data, not colour: no sRGB curve.
        TextureFormat::Rgba8Unorm,
        RenderAssetUsages::default(),
    );
    // Read a texel at a time (the shader loads exact cells).
    image.sampler = ImageSampler::nearest();
    image
}

/// The sea of a board `cells` across and down, `cell` pixels a cell, drawn from `bytes`
/// (a map as [`sea_map`] makes them): its quad, its material and its map's image. The
/// water moves when `moving`. Island Conquest's board is drawn on the same sea.
pub fn sea_quad(
    (meshes, images, materials): (
        &mut Assets<Mesh>,
        &mut Assets<Image>,
        &mut Assets<WaterMaterial>,
    ),
    cells: UVec2,
    cell: f32,
    bytes: Vec<u8>,
    moving: bool,
) -> (Mesh2d, MeshMaterial2d<WaterMaterial>, Handle<Image>) {
    let image = images.add(map_image(cells, bytes));
    let material = materials.add(WaterMaterial {
        params: WaterParams {
            shallow: theme::SHALLOW.to_linear().to_vec4(),
            deep: theme::DEEP.to_linear().to_vec4(),
            grid: Vec4::new(
                cells.x as f32,
                cells.y as f32,
                f32::from(u8::from(moving)),
                0.0,
            ),
        },
        map: image.clone(),
    });
    let size = cells.as_vec2() * cell;
    (
        Mesh2d(meshes.add(Rectangle::from_size(size))),
        MeshMaterial2d(material),
        image,
    )
}

fn spawn_sea(
    mut commands: Commands,
    active: Option<Res<ActiveSession>>,
    layout: Option<Res<BoardLayout>>,
    settings: Res<Settings>,
    roots: Query<Entity, (With<BoardRoot>, Without<HasSea>)>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<WaterMaterial>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        return;
    };
    let Some(root) = roots.iter().next() else {
        return;
    };
    let board = active.session.board();
    let bytes = sea_map(board);
    let moving = settings.animation.rate().is_some();
    let cells = UVec2::new(board.width() as u32, board.height() as u32);
    let (mesh, material, image) = sea_quad(
        (&mut meshes, &mut images, &mut materials),
        cells,
        layout.cell,
        bytes.clone(),
        moving,
    );
    let last = Pos::new(board.height() - 1, board.width() - 1);
    let centre = (layout.centre(Pos::new(0, 0)) + layout.centre(last)) / 2.0;
    commands.entity(root).insert(HasSea);
    commands.spawn((
        Sea,
        mesh,
        material.clone(),
        Transform::from_xyz(centre.x, centre.y, -1.0),
        ChildOf(root),
    ));
    commands.insert_resource(SeaMap {
        bytes,
        image,
        material: material.0,
        moving,
    });
}

/// Uploads the map when the board changed, and stills the water when animations are off.
fn refresh_sea(
    active: Option<Res<ActiveSession>>,
    settings: Res<Settings>,
    map: Option<ResMut<SeaMap>>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<WaterMaterial>>,
) {
    let (Some(active), Some(mut map)) = (active, map) else {
        return;
    };
    let bytes = sea_map(active.session.board());
    if bytes != map.bytes
        && let Some(mut image) = images.get_mut(&map.image)
    {
        image.data = Some(bytes.clone());
        map.bytes = bytes;
    }
    let moving = settings.animation.rate().is_some();
    if moving != map.moving
        && let Some(mut material) = materials.get_mut(&map.material)
    {
        material.params.grid.z = f32::from(u8::from(moving));
        map.moving = moving;
    }
}
