//! The Bevy front end: one plugin per feature. No game rule lives here: systems turn input
//! into moves for the session and the session's reports into sprites, tweens and sounds.

// Bevy systems declare what they read as parameters: long parameter lists and nested query
// types are how they are written, not a smell.
#![allow(clippy::type_complexity, clippy::too_many_arguments)]

pub mod animation;
pub mod audio;
pub mod board_view;
pub mod campaign;
pub mod conquest_screen;
pub mod editor;
pub mod endless;
pub mod hud;
pub mod input;
pub mod level_select;
pub mod level_store;
pub mod live_levels;
pub mod overlays;
pub mod playing;
pub mod progress;
pub mod screenshot;
pub mod settings;
pub mod theme;
pub mod title;
#[cfg(target_arch = "wasm32")]
pub mod web;

use crate::cli::GameArgs;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use std::process::ExitCode;

/// The screens of the game.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    LevelSelect,
    Playing,
    Settings,
    Conquest,
    Editor,
}

/// How the game was started (from the command line).
#[derive(Resource, Debug, Clone, Default)]
pub struct Launch(pub GameArgs);

/// Everything but the window and renderer: what the headless tests run.
pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>()
            .init_resource::<Launch>()
            .add_plugins((
                theme::ThemePlugin,
                progress::ProgressPlugin,
                campaign::CampaignPlugin,
                title::TitlePlugin,
                level_select::LevelSelectPlugin,
                settings::SettingsPlugin,
                playing::PlayingPlugin,
                board_view::BoardViewPlugin,
                input::InputPlugin,
                animation::AnimationPlugin,
                hud::HudPlugin,
                overlays::OverlaysPlugin,
                audio::GameAudioPlugin,
                conquest_screen::ConquestPlugin,
            ))
            .add_plugins((editor::EditorPlugin, live_levels::LiveLevelsPlugin));
    }
}

/// Opens the game window and runs until the player quits.
pub fn run(args: GameArgs) -> ExitCode {
    let screenshot = args.screenshot.is_some();
    let mut app = App::new();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let levels = campaign::levels_dir();
        live_levels::add_levels_source(&mut app, &levels);
        app.insert_resource(campaign::LevelsFolder(levels));
    }
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Merge Islands".into(),
                    resolution: WindowResolution::new(1100, 760),
                    // In the browser: the page's canvas, as large as the page.
                    canvas: Some("#game".into()),
                    fit_canvas_to_parent: true,
                    prevent_default_event_handling: true,
                    ..default()
                }),
                ..default()
            })
            .set(asset_root()),
    )
    .insert_resource(ClearColor(theme::BACKGROUND))
    .insert_resource(Launch(args))
    .add_plugins(GamePlugin)
    .add_systems(Startup, spawn_camera);
    if screenshot {
        app.add_plugins(screenshot::ScreenshotPlugin);
    }
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::WebPlugin);
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// In the browser, assets are served beside the page, with no `.meta` files to ask for.
#[cfg(target_arch = "wasm32")]
fn asset_root() -> AssetPlugin {
    AssetPlugin {
        file_path: "assets".into(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        ..default()
    }
}

/// Assets (fonts) live in `assets/` beside `levels/`: found from the working folder, the
/// executable's folder, or the source tree, in that order.
#[cfg(not(target_arch = "wasm32"))]
fn asset_root() -> AssetPlugin {
    let candidates = [
        std::env::current_dir().ok(),
        std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|p| p.to_path_buf())),
        Some(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    let root = candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.join("assets/fonts").is_dir())
        .map(|dir| dir.join("assets"));
    AssetPlugin {
        file_path: root.map_or("assets".into(), |r| r.display().to_string()),
        // Level files reload while the game runs (see live_levels).
        watch_for_changes_override: Some(true),
        ..default()
    }
}
