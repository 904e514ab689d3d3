//! The end of a Conquest game: the result goes into the records (against the computer),
//! and once the last capture's wave has run over the board, a panel gives the result in
//! words, the game's length and captures, and Rematch, Swap sides, Change setup or Menu.

use super::model::{ConquestMatch, ConquestPhase, ConquestSetup, result_against_the_computer};
use super::online::{OnlineRequest, OnlineRoom};
use crate::conquest::Player;
use crate::conquest::rules::Winner;
use crate::game::progress::{Progress, SaveProgress};
use crate::game::screen::Screen;
use crate::game::ui::text::count;
use crate::game::ui::theme::{self, Fonts};
use crate::game::ui::tween::{self, Appear};
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverButton {
    Rematch,
    SwapSides,
    Setup,
    Menu,
}

/// Seconds (at Normal speed) the panel waits: the last capture's wave plays out first.
pub const PANEL_WAIT_SECONDS: f32 = 0.9;

pub struct OverPlugin;

impl Plugin for OverPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            OnEnter(ConquestPhase::Over),
            (record_result_against_the_computer, spawn_over),
        )
        .add_systems(
            Update,
            (press_over, say_who_wants_a_rematch).run_if(in_state(ConquestPhase::Over)),
        );
    }
}

fn record_result_against_the_computer(
    game: Res<ConquestMatch>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
) {
    if let Some((strength, result)) = result_against_the_computer(&game) {
        progress.record_conquest(strength, result);
        save.write(SaveProgress);
    }
}

/// The panel's headline and the line under it, which says why.
pub fn result_words(m: &ConquestMatch) -> (String, String) {
    let winner = match m.game.winner() {
        Winner::Player(p) => p,
        // A full grid is one island, so a tie cannot happen; said plainly if it ever did.
        Winner::Tie => return ("A tie".into(), "Neither player holds the grid.".into()),
    };
    let headline = match m.computer() {
        Some((_, side)) if side == winner => "The computer wins".to_string(),
        Some(_) => "You win!".to_string(),
        None => format!("{winner} wins!"),
    };
    let n = m.game.size();
    let why = format!(
        "{} took the whole {n} x {n} grid with the last capture.",
        m.name(winner)
    );
    (headline, why)
}

/// The game's length in words: "49 claims in 1 min 12 s".
pub fn length_words(claims: usize, seconds: f32) -> String {
    let seconds = seconds.max(0.0).round() as u64;
    let time = if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {} s", seconds / 60, seconds % 60)
    };
    format!("{} in {time}", count(claims, "claim", "claims"))
}

fn spawn_over(mut commands: Commands, fonts: Res<Fonts>, game: Res<ConquestMatch>) {
    let (headline, why) = result_words(&game);
    let captures = format!(
        "Captures: {} {}, {} {}",
        game.name(Player::X),
        game.captures[Player::X.index()],
        game.name(Player::O),
        game.captures[Player::O.index()],
    );
    // Hidden until the last capture has run over the board.
    let wait = (
        Visibility::Hidden,
        Appear::after(PANEL_WAIT_SECONDS + 4.0 * tween::WAVE_STEP),
    );
    theme::panel(
        &mut commands,
        (DespawnOnExit(ConquestPhase::Over), wait),
        |p| {
            p.spawn((
                Text::new(headline),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            for line in [why, length_words(game.claims(), game.seconds), captures] {
                p.spawn((
                    Text::new(line),
                    fonts.text(18.0),
                    TextColor(theme::TEXT),
                    TextLayout::justify(Justify::Center),
                    Node {
                        margin: UiRect::top(px(6)),
                        ..default()
                    },
                ));
            }
            p.spawn(Node {
                height: px(12),
                ..default()
            });
            p.spawn((theme::button(&fonts, "Rematch", 240.0), OverButton::Rematch));
            if game.setup.online.is_some() {
                // Online, the sides swap on every rematch; the line says when the friend is
                // ready too.
                p.spawn((
                    Text::new("A rematch starts when you both ask; you swap sides."),
                    fonts.text(15.0),
                    TextColor(theme::TEXT_DIM),
                    RematchLine,
                ));
            }
            if game.setup.computer.is_some() {
                p.spawn((
                    theme::button(&fonts, "Swap sides", 240.0),
                    OverButton::SwapSides,
                ));
            }
            if game.setup.online.is_none() {
                p.spawn((
                    theme::button(&fonts, "Change setup", 240.0),
                    OverButton::Setup,
                ));
            }
            p.spawn((theme::button(&fonts, "Menu", 240.0), OverButton::Menu));
        },
    );
}

/// Online: the line under Rematch says who has asked.
#[derive(Component)]
struct RematchLine;

fn say_who_wants_a_rematch(
    room: Option<Res<OnlineRoom>>,
    mut lines: Query<&mut Text, With<RematchLine>>,
) {
    let Some(room) = room else { return };
    let words = match room.rematch {
        (true, false) => "Waiting for your friend to ask for the rematch too…",
        (false, true) => "Your friend wants a rematch: press Rematch to play (you swap sides).",
        _ => "A rematch starts when you both ask; you swap sides.",
    };
    for mut text in &mut lines {
        if text.0 != words {
            text.0 = words.to_string();
        }
    }
}

fn press_over(
    buttons: Query<(&Interaction, &OverButton), Changed<Interaction>>,
    game: Res<ConquestMatch>,
    mut setup: ResMut<ConquestSetup>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut online: MessageWriter<OnlineRequest>,
) {
    for (interaction, b) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match b {
            OverButton::Rematch if game.setup.online.is_some() => {
                online.write(OnlineRequest::Rematch);
            }
            OverButton::Rematch => next_phase.set(ConquestPhase::Playing),
            OverButton::SwapSides => {
                setup.computer_first = !setup.computer_first;
                next_phase.set(ConquestPhase::Playing);
            }
            OverButton::Setup => next_phase.set(ConquestPhase::Setup),
            OverButton::Menu => next_screen.set(Screen::Title),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_game_length_reads_in_claims_and_time() {
        assert_eq!(length_words(49, 72.4), "49 claims in 1 min 12 s");
        assert_eq!(length_words(1, 3.0), "1 claim in 3 s");
    }
}
