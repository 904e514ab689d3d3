//! The Bevy front end: one plugin per feature. No game rule lives here: systems turn input
//! into actions for the session and the session's reports into sprites, tweens and sounds.
//!
//! The rooms, from the top down (a module imports only from modules below it):
//! - this file: the app, its plugins, and the order of a frame (input, apply, present);
//! - `dev`: screenshots and the page state the browser test reads;
//! - `screens`: title, level select, settings;
//! - `live_levels`: level files reloaded while they are played or edited;
//! - `editor`, `conquest_screen`: the level editor and Island Conquest;
//! - `audio`: sounds from the board's reports;
//! - `play`: the playing screen (model, input, hints, board view, HUD, panels, endless);
//! - `level_codes`: copying a level's code and opening one, with the notice that says so;
//! - `ui`: theme, tweens, board layout and cell colours, shared words;
//! - `level_store`, `progress`, `settings`: the player's levels, records and settings;
//! - `platform`: every difference between the desktop and the browser;
//! - `screen`: the screens, the launch arguments and the frame's steps, shared by all.

// Bevy systems declare what they read as parameters: long parameter lists and nested query
// types are how they are written, not a smell.
#![allow(clippy::type_complexity, clippy::too_many_arguments)]

pub mod audio;
pub mod calendar;
pub mod conquest_screen;
pub mod dev;
pub mod editor;
pub mod level_codes;
pub mod level_store;
pub mod live_levels;
pub mod platform;
pub mod play;
pub mod progress;
pub mod screen;
pub mod screens;
pub mod settings;
pub mod ui;

use crate::cli::GameArgs;
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use screen::{FrameStep, Launch, Screen};
use std::process::ExitCode;

/// Everything but the window and renderer: what the headless tests run.
pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>()
            .init_resource::<Launch>()
            // The order of a frame, declared once: a report shows in the frame of its move.
            .configure_sets(
                Update,
                (FrameStep::Input, FrameStep::Apply, FrameStep::Present).chain(),
            )
            .add_plugins((
                ui::theme::ThemePlugin,
                ui::art::ArtPlugin,
                ui::tween::TweenPlugin,
                ui::scroll::ScrollPlugin,
                progress::ProgressPlugin,
                level_store::LevelStorePlugin,
                level_codes::LevelCodesPlugin,
                play::PlayPlugin,
                audio::GameAudioPlugin,
                conquest_screen::ConquestPlugin,
                editor::EditorPlugin,
                live_levels::LiveLevelsPlugin,
                screens::ScreensPlugin,
            ));
    }
}

/// Opens the game window and runs until the player quits.
pub fn run(args: GameArgs) -> ExitCode {
    dev::start_time::mark_launch();
    if let Some(path) = &args.icon {
        return match dev::icon::write(path, args.icon_size) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let screenshot = args.screenshot.is_some();
    let measuring = args.measure_frames.is_some();
    let measuring_start = args.measure_start;
    let resolution = args.window.map_or(WindowResolution::new(1100, 760), |w| {
        WindowResolution::new(w.width, w.height)
    });
    let mut app = App::new();
    let levels = platform::levels_dir();
    if let Some(levels) = &levels {
        live_levels::add_levels_source(&mut app, levels);
        app.insert_resource(level_store::LevelsFolder(levels.clone()));
    }
    let assets = platform::asset_plugin(&mut app, levels.is_some());
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Merge Islands".into(),
                    resolution,
                    // In the browser: the page's canvas, as large as the page.
                    canvas: Some("#game".into()),
                    fit_canvas_to_parent: true,
                    prevent_default_event_handling: true,
                    // Measured frames are not paced to the display.
                    present_mode: if measuring {
                        PresentMode::AutoNoVsync
                    } else {
                        PresentMode::default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(assets),
    )
    .insert_resource(ClearColor(ui::theme::BACKGROUND))
    .insert_resource(Launch(args))
    .add_plugins(GamePlugin)
    .add_systems(Startup, spawn_camera);
    if screenshot {
        app.add_plugins(dev::screenshot::ScreenshotPlugin);
    }
    if measuring {
        app.add_plugins(dev::frame_times::FrameTimesPlugin);
    }
    if measuring_start {
        app.add_plugins(dev::start_time::StartTimePlugin);
    }
    if platform::IS_BROWSER {
        app.add_plugins((
            dev::page_state::PageStatePlugin,
            dev::endless_timing::EndlessTimingPlugin,
        ))
        .add_systems(First, platform::fit_window_to_page);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}
