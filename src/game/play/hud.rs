//! The HUD: level name and tip, moves against par, sand and bridges left, islands, score,
//! a message line (reasons, hints), and the controls along the bottom.

use super::input::HoverCheck;
use super::model::{ActiveSession, StatusLine, start_session};
use crate::game::screen::{FrameStep, Screen};
use crate::game::ui::board_layout::{HUD_BOTTOM, HUD_TOP};
use crate::game::ui::text::{CONTROLS, goal_text};
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;

#[derive(Component)]
pub struct HudTitle;
#[derive(Component)]
pub struct HudTip;
#[derive(Component)]
pub struct HudStats;
#[derive(Component)]
pub struct HudMessage;

pub struct HudPlugin;

impl Plugin for HudPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Playing), spawn_hud.after(start_session))
            .add_systems(
                Update,
                update_hud
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

fn spawn_hud(mut commands: Commands, fonts: Res<Fonts>, active: Option<Res<ActiveSession>>) {
    let Some(active) = active else { return };
    let level = active.session.level();
    let board = active.session.board();
    commands
        .spawn((
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::SpaceBetween,
                ..default()
            },
            Pickable::IGNORE,
            DespawnOnExit(Screen::Playing),
        ))
        .with_children(|root| {
            root.spawn((
                Node {
                    height: px(HUD_TOP),
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::axes(px(18), px(10)),
                    row_gap: px(3),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
                Pickable::IGNORE,
            ))
            .with_children(|top| {
                top.spawn((
                    Text::new(format!(
                        "{}   —   {}",
                        level.name,
                        goal_text(level.goal, board.has_tribes())
                    )),
                    fonts.bold(24.0),
                    TextColor(theme::TEXT),
                    HudTitle,
                ));
                top.spawn((
                    Text::new(level.tip.clone().unwrap_or_default()),
                    fonts.text(16.0),
                    TextColor(theme::TEXT_DIM),
                    HudTip,
                ));
                top.spawn((
                    Text::new(""),
                    fonts.text(19.0),
                    TextColor(theme::ACCENT),
                    HudStats,
                ));
                top.spawn((
                    Text::new(""),
                    fonts.text(16.0),
                    TextColor(theme::TEXT),
                    HudMessage,
                ));
            });
            root.spawn((
                Node {
                    height: px(HUD_BOTTOM),
                    padding: UiRect::axes(px(18), px(10)),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
                Pickable::IGNORE,
                children![(
                    Text::new(CONTROLS),
                    fonts.text(13.0),
                    TextColor(theme::TEXT_DIM)
                )],
            ));
        });
}

/// The stats line for a session.
pub fn stats_text(active: &ActiveSession) -> String {
    let board = active.session.board();
    let par = active.session.level().par;
    let left = |v: Option<u32>| v.map_or("∞".to_string(), |n| n.to_string());
    format!(
        "Moves {} / par {}    Sand {}    Bridges {}    Islands {}    Score {}",
        board.moves_made(),
        par,
        left(board.sand_left()),
        left(board.bridges_left()),
        board.island_count(),
        board.score()
    )
}

fn update_hud(
    active: Option<Res<ActiveSession>>,
    status: Res<StatusLine>,
    hover: Res<HoverCheck>,
    mut stats: Query<&mut Text, (With<HudStats>, Without<HudMessage>)>,
    mut message: Query<(&mut Text, &mut TextColor), (With<HudMessage>, Without<HudStats>)>,
) {
    let Some(active) = active else { return };
    if active.is_changed() {
        let line = stats_text(&active);
        for mut t in &mut stats {
            if t.0 != line {
                t.0 = line.clone();
            }
        }
    }
    if status.is_changed() || hover.is_changed() {
        // What the pointer is over explains itself until something else is said.
        let (text, warning) = match (&hover.refusal, status.text.is_empty()) {
            (Some(why), true) => (why.clone(), true),
            _ => (status.text.clone(), status.warning),
        };
        for (mut t, mut colour) in &mut message {
            t.0 = text.clone();
            colour.0 = if warning { theme::WARNING } else { theme::TEXT };
        }
    }
}
