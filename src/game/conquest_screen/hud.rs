//! The Conquest HUD: a chip per player (emblem on their colour, islands and cells, lit
//! while it is their turn), the status between them (whose turn, the computer thinking, the
//! grid full), and one line under them: what the hovered claim would do, or else the last
//! thing that happened.

use super::model::{
    ConquestMatch, ConquestUpdate, board_part, claim_preview, islands, player_colour_for,
};
use crate::conquest::Player;
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::art::Art;
use crate::game::ui::board_layout::{BoardLayout, cell_under_cursor};
use crate::game::ui::text::count;
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// A player's chip; its text child is [`ChipText`].
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestChip(pub Player);

/// A chip's words: the player's name, islands and cells.
#[derive(Component, Debug, Clone, Copy)]
struct ChipText(Player);

/// A chip's swatch (the player's colour, under their emblem).
#[derive(Component, Debug, Clone, Copy)]
struct ChipSwatch(Player);

/// The status between the chips: whose turn it is.
#[derive(Component)]
pub struct ConquestStatus;

/// The line under the chips: the hovered claim's preview, or the latest event.
#[derive(Component)]
pub struct ConquestLine;

/// What the pointer's cell would do if claimed, for the HUD: the words, and whether they
/// warn.
#[derive(Resource, Debug, Default, PartialEq, Eq)]
struct HoverPreview(Option<(String, bool)>);

pub struct HudPlugin;

impl Plugin for HudPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HoverPreview>().add_systems(
            Update,
            (spawn_hud, preview_claims, update_hud, colour_swatches)
                .chain()
                .in_set(FrameStep::Present)
                .run_if(in_state(Screen::Conquest)),
        );
    }
}

fn spawn_hud(
    mut commands: Commands,
    mut updates: MessageReader<ConquestUpdate>,
    game: Option<Res<ConquestMatch>>,
    (fonts, art, settings): (Res<Fonts>, Res<Art>, Res<Settings>),
    old: Query<Entity, With<ConquestHudRoot>>,
) {
    if !updates.read().any(|u| *u == ConquestUpdate::Started) {
        return;
    }
    let Some(m) = game else { return };
    for e in &old {
        commands.entity(e).despawn();
    }
    let chip = |parent: &mut ChildSpawnerCommands, p: Player| {
        parent
            .spawn((
                ConquestChip(p),
                Node {
                    align_items: AlignItems::Center,
                    column_gap: px(8),
                    padding: UiRect::axes(px(10), px(5)),
                    border: UiRect::all(px(3)),
                    border_radius: BorderRadius::all(px(14)),
                    ..default()
                },
                BackgroundColor(theme::CHIP),
                BorderColor::all(Color::NONE),
            ))
            .with_children(|chip| {
                chip.spawn((
                    ChipSwatch(p),
                    Node {
                        width: px(30),
                        height: px(30),
                        padding: UiRect::all(px(3)),
                        border_radius: BorderRadius::all(px(8)),
                        ..default()
                    },
                    BackgroundColor(player_colour_for(p, settings.colour_blind)),
                    children![(
                        ImageNode::new(art.emblems.get(p.index()).cloned().unwrap_or_default()),
                        Node {
                            width: percent(100),
                            height: percent(100),
                            ..default()
                        },
                    )],
                ));
                chip.spawn((
                    Text::new(chip_text(&m, p)),
                    fonts.bold(theme::type_scale::BODY),
                    TextColor(theme::TEXT),
                    ChipText(p),
                ));
            });
    };
    commands
        .spawn((
            ConquestHudRoot,
            Node {
                position_type: PositionType::Absolute,
                top: px(10),
                left: px(12),
                right: px(12),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                row_gap: px(6),
                ..default()
            },
            Pickable::IGNORE,
            board_part(),
        ))
        .with_children(|top| {
            top.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                column_gap: px(14),
                row_gap: px(6),
                ..default()
            })
            .with_children(|row| {
                chip(row, Player::X);
                row.spawn((
                    Text::new(""),
                    fonts.bold(theme::type_scale::BODY),
                    TextColor(theme::ACCENT),
                    ConquestStatus,
                ));
                chip(row, Player::O);
            });
            top.spawn((
                Text::new(""),
                fonts.text(16.0),
                TextColor(theme::TEXT_DIM),
                TextLayout::justify(Justify::Center),
                ConquestLine,
                Node {
                    max_width: percent(96),
                    ..default()
                },
            ));
        });
}

/// The HUD's root node (the board fits under it).
#[derive(Component)]
pub struct ConquestHudRoot;

/// A chip's words: "X (you) · 3 islands · 12 cells".
pub fn chip_text(m: &ConquestMatch, p: Player) -> String {
    format!(
        "{}  ·  {}  ·  {}",
        m.name(p),
        islands(m.game.islands(p)),
        count(m.game.cells(p), "cell", "cells")
    )
}

/// The status between the chips.
pub fn status_text(m: &ConquestMatch) -> String {
    let g = &m.game;
    if g.is_over() {
        "The grid is full".to_string()
    } else if m.computer_to_move() {
        format!("{} is thinking…", m.name(g.to_move()))
    } else {
        let undo = if m.takes_back() && m.claims() > 0 {
            "  (Z takes back)"
        } else {
            ""
        };
        format!("{} to claim{undo}", m.name(g.to_move()))
    }
}

fn preview_claims(
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    game: Option<Res<ConquestMatch>>,
    mut preview: ResMut<HoverPreview>,
    mut last: Local<Option<(crate::rules::cell::Pos, usize)>>,
) {
    let (Some(layout), Some(m)) = (layout, game) else {
        preview.set_if_neq(HoverPreview(None));
        return;
    };
    let cell = cell_under_cursor(&window, &cameras, &layout);
    let Some(p) = cell.filter(|_| !m.computer_to_move() && !m.game.is_over()) else {
        *last = None;
        preview.set_if_neq(HoverPreview(None));
        return;
    };
    if *last == Some((p, m.claims())) {
        return;
    }
    *last = Some((p, m.claims()));
    preview.set_if_neq(HoverPreview(claim_preview(&m.game, p)));
}

fn update_hud(
    game: Option<Res<ConquestMatch>>,
    preview: Res<HoverPreview>,
    settings: Res<Settings>,
    mut chips: Query<(&ConquestChip, &mut BorderColor)>,
    mut chip_texts: Query<(&ChipText, &mut Text), (Without<ConquestStatus>, Without<ConquestLine>)>,
    mut status: Query<
        &mut Text,
        (
            With<ConquestStatus>,
            Without<ConquestLine>,
            Without<ChipText>,
        ),
    >,
    mut line: Query<
        (&mut Text, &mut TextColor),
        (
            With<ConquestLine>,
            Without<ConquestStatus>,
            Without<ChipText>,
        ),
    >,
    new_hud: Query<(), Added<ConquestStatus>>,
) {
    let Some(m) = game else { return };
    if !m.is_changed() && !preview.is_changed() && !settings.is_changed() && new_hud.is_empty() {
        return;
    }
    // The chip of the player to move is ringed in their colour.
    for (chip, mut border) in &mut chips {
        let lit = !m.game.is_over() && m.game.to_move() == chip.0;
        let colour = if lit {
            player_colour_for(chip.0, settings.colour_blind)
        } else {
            Color::NONE
        };
        border.set_all(colour);
    }
    for (chip, mut text) in &mut chip_texts {
        let words = chip_text(&m, chip.0);
        if text.0 != words {
            text.0 = words;
        }
    }
    for mut text in &mut status {
        text.0 = status_text(&m);
    }
    let (words, warn) = match &preview.0 {
        Some((words, warn)) => (words.clone(), *warn),
        None => (
            m.log.last().cloned().unwrap_or_else(|| first_line(&m)),
            false,
        ),
    };
    for (mut text, mut colour) in &mut line {
        text.0.clone_from(&words);
        colour.0 = if warn {
            theme::WARNING
        } else {
            theme::TEXT_DIM
        };
    }
}

/// The line before anything has happened: how to claim.
fn first_line(m: &ConquestMatch) -> String {
    if m.claims() == 0 {
        "Tap or click an empty cell to claim it. Islands that meet join; the larger captures \
         the smaller."
            .to_string()
    } else {
        String::new()
    }
}

fn colour_swatches(
    settings: Res<Settings>,
    mut swatches: Query<(&ChipSwatch, &mut BackgroundColor)>,
) {
    for (swatch, mut colour) in &mut swatches {
        let wanted = player_colour_for(swatch.0, settings.colour_blind);
        if colour.0 != wanted {
            colour.0 = wanted;
        }
    }
}
