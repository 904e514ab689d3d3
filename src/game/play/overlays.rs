//! Panels over the board: won (score breakdown, stars, next / retry, copy code), lost (undo /
//! retry), paused (resume, restart, settings, copy code, quit to menu) and help (every
//! control).

use super::endless::{self, EndlessRun};
use super::model::{ActiveSession, PlayPhase, PlayerAction, ReturnToSession, WinSummary};
use crate::game::level_codes::CodeRequest;
use crate::game::level_store::{Campaign, CurrentLevel};
use crate::game::screen::{Screen, SettingsReturn};
use crate::game::ui::text::CONTROLS;
use crate::game::ui::theme::{self, Fonts};
use crate::game::ui::tween::Appear;
use crate::rules::goal::POINTS_PER_UNUSED_MOVE;
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum OverlayButton {
    Next,
    Retry,
    Undo,
    Resume,
    Restart,
    Settings,
    LevelSelect,
    Menu,
    CopyCode,
}

pub struct OverlaysPlugin;

impl Plugin for OverlaysPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(PlayPhase::Won), spawn_won)
            .add_systems(OnEnter(PlayPhase::Lost), spawn_lost)
            .add_systems(OnEnter(PlayPhase::Paused), spawn_paused)
            .add_systems(OnEnter(PlayPhase::Help), spawn_help)
            .add_systems(
                Update,
                press_overlay_buttons
                    .in_set(crate::game::screen::FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// A centred panel that disappears when the phase ends.
fn panel(commands: &mut Commands, phase: PlayPhase, fill: impl FnOnce(&mut ChildSpawnerCommands)) {
    theme::panel(commands, DespawnOnExit(phase), fill);
}

/// Seconds between the won panel's stars arriving, one by one.
const STAR_STEP: f32 = 0.35;

fn spawn_won(
    mut commands: Commands,
    fonts: Res<Fonts>,
    summary: Res<WinSummary>,
    campaign: Res<Campaign>,
    current: Option<Res<CurrentLevel>>,
) {
    let s = *summary;
    let has_next =
        current.is_some_and(|c| is_endless(&c.0.key) || campaign.next_after(&c.0.key).is_some());
    panel(&mut commands, PlayPhase::Won, |p| {
        p.spawn((
            Text::new("Level complete!"),
            fonts.display(theme::type_scale::TITLE),
            TextColor(theme::ACCENT),
        ));
        // The stars earned arrive one by one; the ones missed stay as outlines.
        p.spawn(Node {
            column_gap: px(12),
            ..default()
        })
        .with_children(|row| {
            for i in 0..3u8 {
                let earned = i < s.stars;
                let mut star = row.spawn((
                    Text::new(if earned { "★" } else { "☆" }),
                    fonts.bold(46.0),
                    TextColor(if earned {
                        theme::ACCENT
                    } else {
                        theme::TEXT_DIM
                    }),
                ));
                if earned {
                    star.insert((
                        Appear::after(STAR_STEP * f32::from(i + 1)),
                        Visibility::Hidden,
                    ));
                }
            }
        });
        let unused = s.bonus / POINTS_PER_UNUSED_MOVE;
        for line in [
            format!("Moves {}   (par {})", s.moves, s.par),
            format!("Joins  {}", s.join_points),
            format!(
                "Unused moves  {unused} × {POINTS_PER_UNUSED_MOVE} = {}",
                s.bonus
            ),
            format!("Score  {}", s.total),
        ] {
            p.spawn((Text::new(line), fonts.text(20.0), TextColor(theme::TEXT)));
        }
        if s.improved {
            p.spawn((
                Text::new("New best!"),
                fonts.bold(18.0),
                TextColor(theme::ACCENT),
            ));
        }
        if has_next {
            p.spawn((
                theme::button(&fonts, "Next level", 260.0),
                OverlayButton::Next,
            ));
        }
        p.spawn((theme::button(&fonts, "Retry", 260.0), OverlayButton::Retry));
        p.spawn((
            theme::button(&fonts, "Copy code", 260.0),
            OverlayButton::CopyCode,
        ));
        p.spawn((
            theme::button(&fonts, "Level select", 260.0),
            OverlayButton::LevelSelect,
        ));
    });
}

fn spawn_lost(mut commands: Commands, fonts: Res<Fonts>) {
    panel(&mut commands, PlayPhase::Lost, |p| {
        p.spawn((
            Text::new("Out of moves"),
            fonts.display(theme::type_scale::TITLE),
            TextColor(theme::WARNING),
        ));
        p.spawn((
            Text::new("The budget is spent and the goal does not hold."),
            fonts.text(18.0),
            TextColor(theme::TEXT_DIM),
        ));
        p.spawn((
            theme::button(&fonts, "Undo (Z)", 260.0),
            OverlayButton::Undo,
        ));
        p.spawn((theme::button(&fonts, "Retry", 260.0), OverlayButton::Retry));
        p.spawn((
            theme::button(&fonts, "Level select", 260.0),
            OverlayButton::LevelSelect,
        ));
    });
}

fn spawn_paused(mut commands: Commands, fonts: Res<Fonts>) {
    panel(&mut commands, PlayPhase::Paused, |p| {
        p.spawn((
            Text::new("Paused"),
            fonts.display(theme::type_scale::TITLE),
            TextColor(theme::TEXT),
        ));
        p.spawn((
            theme::button(&fonts, "Resume", 260.0),
            OverlayButton::Resume,
        ));
        p.spawn((
            theme::button(&fonts, "Restart", 260.0),
            OverlayButton::Restart,
        ));
        p.spawn((
            theme::button(&fonts, "Settings", 260.0),
            OverlayButton::Settings,
        ));
        p.spawn((
            theme::button(&fonts, "Copy code", 260.0),
            OverlayButton::CopyCode,
        ));
        p.spawn((
            theme::button(&fonts, "Quit to menu", 260.0),
            OverlayButton::Menu,
        ));
    });
}

fn spawn_help(mut commands: Commands, fonts: Res<Fonts>) {
    panel(&mut commands, PlayPhase::Help, |p| {
        p.spawn((
            Text::new("How to play"),
            fonts.display(theme::type_scale::TITLE),
            TextColor(theme::ACCENT),
        ));
        let lines = [
            "Sand: click a shallow water cell (light blue) to make it land.",
            "It joins every island it touches.",
            "Bridge: drag from one island's land to another's, straight across water.",
            "Bridges cross deep water; they never cross rock, land or another bridge.",
            "Tribes (land with an emblem: a flag, a shield...) never share an island.",
            "Each join scores the product of the islands' sizes;",
            "unused moves score 50 each when you win.",
        ];
        for l in lines {
            p.spawn((Text::new(l), fonts.text(17.0), TextColor(theme::TEXT)));
        }
        for c in CONTROLS.split(" · ") {
            p.spawn((Text::new(c), fonts.text(15.0), TextColor(theme::TEXT_DIM)));
        }
        p.spawn((
            theme::button(&fonts, "Back to the level", 260.0),
            OverlayButton::Resume,
        ));
    });
}

fn press_overlay_buttons(
    mut commands: Commands,
    buttons: Query<(&Interaction, &OverlayButton), Changed<Interaction>>,
    campaign: Res<Campaign>,
    current: Option<Res<CurrentLevel>>,
    active: Option<Res<ActiveSession>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
    mut actions: MessageWriter<PlayerAction>,
    mut settings_return: ResMut<SettingsReturn>,
    endless_run: Option<Res<EndlessRun>>,
    mut codes: MessageWriter<CodeRequest>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            OverlayButton::Next => {
                let key = current
                    .as_ref()
                    .map(|c| c.0.key.clone())
                    .unwrap_or_default();
                if is_endless(&key) {
                    if let Some(run) = &endless_run {
                        let next_round = EndlessRun {
                            round: run.round + 1,
                            ..(**run).clone()
                        };
                        endless::start_round(&mut commands, next_round, &mut next_screen);
                    }
                } else if let Some(level) = campaign.next_after(&key) {
                    commands.insert_resource(CurrentLevel(level.clone()));
                    // Leaving and entering Playing again builds the new level.
                    next_screen.set(Screen::Playing);
                }
            }
            OverlayButton::Retry => {
                if active.is_some() {
                    actions.write(PlayerAction::Restart);
                }
                next_phase.set(PlayPhase::Playing);
            }
            OverlayButton::Undo => {
                actions.write(PlayerAction::Undo);
            }
            OverlayButton::Resume => next_phase.set(PlayPhase::Playing),
            OverlayButton::Restart => {
                actions.write(PlayerAction::Restart);
                next_phase.set(PlayPhase::Playing);
            }
            OverlayButton::Settings => {
                // Back from Settings continues this game where it was paused.
                commands.insert_resource(ReturnToSession);
                settings_return.0 = Screen::Playing;
                next_screen.set(Screen::Settings);
            }
            OverlayButton::LevelSelect => next_screen.set(Screen::LevelSelect),
            OverlayButton::Menu => next_screen.set(Screen::Title),
            OverlayButton::CopyCode => {
                if let Some(active) = &active {
                    codes.write(CodeRequest::Copy(active.session.level().clone()));
                }
            }
        }
    }
}

/// Levels of an endless run are keyed under `endless/`.
fn is_endless(key: &str) -> bool {
    key.starts_with("endless/")
}
