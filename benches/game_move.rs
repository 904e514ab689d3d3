//! The game's cost of one move, applied and presented (report, sprites, colours, HUD) in a
//! headless app, on 64 x 64 and 256 x 256 boards built in code.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use merge_islands::game::GamePlugin;
use merge_islands::game::level_store::{Campaign, CampaignLevel, CurrentLevel};
use merge_islands::game::play::model::{ActiveSession, PlayerAction};
use merge_islands::game::progress::ProgressLocation;
use merge_islands::game::screen::Screen;
use merge_islands::game::settings::{AnimationSpeed, Settings};
use merge_islands::{Budget, Cell, Goal, Level, Move, Pos};
use std::time::Duration;

/// Land in every other column; the columns between are shallow water, so each sand joins
/// two long islands and recolours one of them.
fn striped(side: usize) -> Level {
    let cells = (0..side * side)
        .map(|i| {
            if (i % side).is_multiple_of(2) {
                Cell::Land(None)
            } else {
                Cell::Shallow
            }
        })
        .collect();
    Level {
        name: format!("{side} x {side}"),
        author: "bench".into(),
        width: side,
        height: side,
        cells,
        goal: Goal::Reach(u32::MAX),
        budget: Budget::default(),
        par: 1,
        tip: None,
    }
}

fn app_on(level: Level) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, GamePlugin))
        .init_resource::<ButtonInput<KeyCode>>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<Touches>()
        .insert_resource(ProgressLocation::Memory)
        .insert_resource(Campaign::default());
    app.update();
    app.world_mut().resource_mut::<Settings>().animation = AnimationSpeed::Off;
    app.world_mut().insert_resource(CurrentLevel(CampaignLevel {
        key: "bench".into(),
        level,
    }));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    app.update();
    app
}

fn one_move(c: &mut Criterion) {
    let mut group = c.benchmark_group("game_move");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(4));
    for side in [64usize, 256] {
        let mut app = app_on(striped(side));
        // Sand down the water columns in turn, one move per frame.
        let mut next = (0..side * side)
            .map(move |i| Pos::new(i % side, 1 + 2 * ((i / side) % (side / 2))))
            .cycle();
        group.bench_function(
            BenchmarkId::new("apply_and_present", format!("{side}x{side}")),
            |b| {
                b.iter(|| {
                    let p = next.next().unwrap();
                    if app
                        .world()
                        .resource::<ActiveSession>()
                        .session
                        .board()
                        .cell(p)
                        != Some(Cell::Shallow)
                    {
                        // A full board: start again (restart redraws, outside the timing's intent
                        // but rare: once per side * side / 2 moves).
                        app.world_mut().write_message(PlayerAction::Restart);
                        app.update();
                    }
                    app.world_mut()
                        .write_message(PlayerAction::Play(Move::Sand(p)));
                    app.update();
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, one_move);
criterion_main!(benches);
