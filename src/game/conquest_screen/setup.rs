//! The Conquest setup: the rules card (the rule as the rules core states it), the grid's
//! size, the opponent, who moves first, and Start. A player who has never finished a game
//! against the computer starts from the coached first game (easy, 7 x 7, moving first).

use super::model::{ConquestPhase, ConquestSetup, is_newcomer, strength_name};
use crate::conquest::ai::Strength;
use crate::conquest::rules_card;
use crate::game::progress::Progress;
use crate::game::screen::Screen;
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum SetupButton {
    Smaller,
    Bigger,
    Opponent,
    First,
    Start,
    Online,
    Back,
}

/// The line that says the setup in words.
#[derive(Component)]
struct SetupLabel;

pub struct SetupPlugin;

impl Plugin for SetupPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(ConquestPhase::Setup), spawn_setup)
            .add_systems(
                Update,
                (press_setup, describe_setup).run_if(in_state(ConquestPhase::Setup)),
            );
    }
}

fn spawn_setup(
    mut commands: Commands,
    fonts: Res<Fonts>,
    progress: Res<Progress>,
    mut setup: ResMut<ConquestSetup>,
) {
    // A newcomer's first game is the coached one, unless they already chose otherwise.
    if is_newcomer(&progress) && *setup == ConquestSetup::default() {
        *setup = ConquestSetup::first_game();
    }
    commands
        .spawn((theme::screen_root(), DespawnOnExit(ConquestPhase::Setup)))
        .with_children(|root| {
            root.spawn((
                Text::new("Island Conquest"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            // The rule as the rules core states it: captures, ties, and who wins.
            for paragraph in rules_card() {
                root.spawn((
                    Text::new(paragraph),
                    fonts.text(16.0),
                    TextColor(theme::TEXT_DIM),
                    TextLayout::justify(Justify::Center),
                    Node {
                        max_width: px(620),
                        margin: UiRect::top(px(6)),
                        ..default()
                    },
                ));
            }
            root.spawn((
                Text::new(""),
                fonts.text(20.0),
                TextColor(theme::TEXT),
                SetupLabel,
                // Wraps (centred) rather than run off both edges of a phone.
                TextLayout::justify(Justify::Center),
                Node {
                    margin: UiRect::vertical(px(14)),
                    max_width: percent(94),
                    ..default()
                },
            ));
            for (b, label) in [
                (SetupButton::Smaller, "Smaller grid"),
                (SetupButton::Bigger, "Bigger grid"),
                (SetupButton::Opponent, "Opponent"),
                (SetupButton::First, "Who moves first"),
                (SetupButton::Start, "Start"),
                (SetupButton::Online, "Play a friend online"),
                (SetupButton::Back, "Back"),
            ] {
                root.spawn((theme::button(&fonts, label, 280.0), b));
            }
        });
}

/// The setup in words: "7 x 7 grid · against the computer (easy) · you (X) move first".
pub fn setup_words(setup: &ConquestSetup) -> String {
    let first = match (setup.computer, setup.computer_first) {
        (None, _) => "X moves first",
        (Some(_), true) => "the computer (X) moves first",
        (Some(_), false) => "you (X) move first",
    };
    // Two players on one machine play each other, not "against two players".
    let opponent = match setup.computer {
        None => strength_name(None).to_string(),
        computer => format!("against the {}", strength_name(computer)),
    };
    format!("{0} x {0} grid  ·  {opponent}  ·  {first}", setup.size)
}

fn describe_setup(setup: Res<ConquestSetup>, mut label: Query<&mut Text, With<SetupLabel>>) {
    for mut t in &mut label {
        let words = setup_words(&setup);
        if t.0 != words {
            t.0 = words;
        }
    }
}

fn press_setup(
    buttons: Query<(&Interaction, &SetupButton), Changed<Interaction>>,
    mut setup: ResMut<ConquestSetup>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for (interaction, b) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match b {
            SetupButton::Smaller => setup.size = (setup.size - 1).max(2),
            SetupButton::Bigger => setup.size = (setup.size + 1).min(32),
            SetupButton::Opponent => {
                setup.computer = match setup.computer {
                    None => Some(Strength::Easy),
                    Some(Strength::Easy) => Some(Strength::Medium),
                    Some(Strength::Medium) => Some(Strength::Hard),
                    Some(Strength::Hard) => None,
                }
            }
            SetupButton::First => setup.computer_first = !setup.computer_first,
            SetupButton::Start => {
                setup.online = None;
                next_phase.set(ConquestPhase::Playing);
            }
            SetupButton::Online => next_phase.set(ConquestPhase::Lobby),
            SetupButton::Back => next_screen.set(Screen::Title),
        }
    }
}
