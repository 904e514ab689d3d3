//! The early warning: when a move leaves the level unwinnable within its budget, a banner
//! in the HUD's top bar says so at once and offers Undo, instead of letting the player
//! spend the rest of the budget to find out. The bar grows to hold it and the board fits
//! below, so the banner never covers a cell. The look ahead ([`super::lookahead`]) decides;
//! a search that gives up says nothing. Settings can turn it off.

use super::hud::HudBar;
use super::lookahead::Lookahead;
use super::model::{ActiveSession, PlayPhase, PlayerAction, start_session};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, Fonts};
use crate::session::Hint;
use bevy::prelude::*;

/// What the banner says.
pub const UNWINNABLE_WARNING: &str = "This can no longer be won within the budget — Undo (Z)";

/// The banner (hidden while there is nothing to warn of).
#[derive(Component)]
pub struct EarlyWarning;

/// The banner's Undo button.
#[derive(Component)]
struct WarningUndo;

pub struct EarlyWarningPlugin;

impl Plugin for EarlyWarningPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Playing), spawn_banner.after(start_session))
            .add_systems(
                Update,
                press_undo
                    .in_set(FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                (banner_in_the_hud, show_banner)
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// Whether to warn: the setting is on, the level is still being played, and the look ahead
/// proved the position in play unwinnable.
pub fn should_warn(
    settings: &Settings,
    phase: PlayPhase,
    active: &ActiveSession,
    look: &Lookahead,
) -> bool {
    settings.warn_unwinnable
        && phase == PlayPhase::Playing
        && look.about(active.session.moves()) == Some(&Hint::CannotWin)
}

fn spawn_banner(mut commands: Commands, fonts: Res<Fonts>) {
    commands
        .spawn((
            // Moved into the HUD's top bar once that is spawned (see `banner_in_the_hud`).
            Node {
                width: percent(100),
                justify_content: JustifyContent::Center,
                margin: UiRect::top(px(4)),
                display: Display::None,
                ..default()
            },
            Pickable::IGNORE,
            EarlyWarning,
            DespawnOnExit(Screen::Playing),
        ))
        .with_children(|row| {
            row.spawn((
                Node {
                    align_items: AlignItems::Center,
                    column_gap: px(12),
                    padding: UiRect::axes(px(14), px(2)),
                    border: UiRect::all(px(2)),
                    border_radius: BorderRadius::all(px(10)),
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    ..default()
                },
                BackgroundColor(theme::PANEL_SOLID),
                BorderColor::all(theme::WARNING),
            ))
            .with_children(|banner| {
                banner.spawn((
                    Text::new(UNWINNABLE_WARNING),
                    fonts.bold(16.0),
                    TextColor(theme::WARNING),
                    Pickable::IGNORE,
                ));
                banner.spawn((
                    Button,
                    Node {
                        height: px(30),
                        padding: UiRect::horizontal(px(14)),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(theme::BUTTON),
                    WarningUndo,
                    children![(
                        Text::new("Undo"),
                        fonts.text(16.0),
                        TextColor(theme::TEXT),
                        Pickable::IGNORE
                    )],
                ));
            });
        });
}

/// The banner lives in the HUD's top bar, under the message line: the board is fitted
/// below that bar as laid out, so the banner takes room from the board instead of covering
/// it.
fn banner_in_the_hud(
    mut commands: Commands,
    loose: Query<Entity, (With<EarlyWarning>, Without<ChildOf>)>,
    bars: Query<(Entity, &HudBar)>,
) {
    let Some(top) = bars
        .iter()
        .find(|(_, bar)| **bar == HudBar::Top)
        .map(|(e, _)| e)
    else {
        return;
    };
    for banner in &loose {
        commands.entity(top).add_child(banner);
    }
}

fn show_banner(
    settings: Res<Settings>,
    phase: Res<State<PlayPhase>>,
    active: Option<Res<ActiveSession>>,
    look: Res<Lookahead>,
    mut banner: Query<&mut Node, With<EarlyWarning>>,
) {
    let warn = active.is_some_and(|a| should_warn(&settings, *phase.get(), &a, &look));
    let display = if warn { Display::Flex } else { Display::None };
    for mut node in &mut banner {
        if node.display != display {
            node.display = display;
        }
    }
}

fn press_undo(
    buttons: Query<&Interaction, (Changed<Interaction>, With<WarningUndo>)>,
    mut actions: MessageWriter<PlayerAction>,
) {
    for interaction in &buttons {
        if *interaction == Interaction::Pressed {
            actions.write(PlayerAction::Undo);
        }
    }
}
