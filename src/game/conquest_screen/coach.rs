//! The coach of a newcomer's first game against the computer (on Easy): for the player's
//! first claims it marks a good cell with the puzzle's coach mark (a glow and an arrow) and
//! says under the board, in a sentence, what that claim does and why it is good. Then it
//! leaves the player to it.

use super::model::{ConquestMatch, ConquestUpdate, board_part, is_newcomer};
use crate::conquest::ai::{Dice, Strength, greedy};
use crate::conquest::rules::ClaimPreview;
use crate::conquest::{Conquest, Player};
use crate::game::play::coach::{CoachArrow, CoachGlow, spawn_coach_mark};
use crate::game::progress::Progress;
use crate::game::screen::{FrameStep, Screen};
use crate::game::ui::board_layout::BoardLayout;
use crate::game::ui::theme::{self, Fonts};
use crate::rules::cell::Pos;
use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::TextBounds;
use bevy::window::PrimaryWindow;

/// How many of the player's claims the coach marks.
pub const COACHED_CLAIMS: usize = 5;

/// Whether this match is coached, and how many of the player's claims have been.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConquestCoach {
    pub on: bool,
    pub claims_made: usize,
}

/// The coach's sentence under the board.
#[derive(Component)]
pub struct ConquestCoachLine;

pub struct CoachPlugin;

impl Plugin for CoachPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ConquestCoach>().add_systems(
            Update,
            (count_coached_claims, show_coach)
                .chain()
                .in_set(FrameStep::Present)
                .run_if(in_state(Screen::Conquest)),
        );
    }
}

/// The claim the coach points at: the one that leaves the player most ahead, then the one
/// nearest the middle among equals (the same every time for the same position).
pub fn coached_claim(game: &Conquest) -> Option<Pos> {
    let claims = game.size() * game.size() - game.empty_cells();
    greedy(game, &mut Dice(claims as u64 + 1))
}

/// What the coach says about a claim, in a sentence.
pub fn coach_words(preview: &ClaimPreview) -> String {
    let report = &preview.report;
    let me = report.player;
    let captured: usize = report
        .unions
        .iter()
        .filter_map(|u| u.capture())
        .filter(|&(captor, ..)| captor == me)
        .map(|(_, _, _, theirs)| theirs)
        .sum();
    if captured > 0 {
        format!(
            "Claim the marked cell: your island meets a smaller one of theirs and captures it ({} {}), making an island of {}.",
            captured,
            if captured == 1 { "cell" } else { "cells" },
            report.island_size
        )
    } else if !report.unions.is_empty() && report.owner == me {
        format!(
            "Claim the marked cell: it grows your island to {} cells. Larger islands win when islands meet.",
            report.island_size
        )
    } else {
        "Claim the marked cell: a new island, clear of theirs. A lone cell beside a larger island of theirs would be captured at once."
            .to_string()
    }
}

/// Starts the coach with a match (a newcomer against the easy computer) and counts the
/// player's claims.
fn count_coached_claims(
    mut updates: MessageReader<ConquestUpdate>,
    game: Option<Res<ConquestMatch>>,
    progress: Res<Progress>,
    mut coach: ResMut<ConquestCoach>,
) {
    let Some(m) = game else {
        updates.clear();
        return;
    };
    for update in updates.read() {
        match update {
            ConquestUpdate::Started => {
                *coach = ConquestCoach {
                    on: m.setup.computer == Some(Strength::Easy) && is_newcomer(&progress),
                    claims_made: 0,
                };
            }
            ConquestUpdate::Claimed(report) if Some(report.player) == player_side(&m) => {
                coach.claims_made += 1;
            }
            _ => {}
        }
    }
}

/// The side the player plays against the computer.
fn player_side(m: &ConquestMatch) -> Option<Player> {
    m.computer().map(|(_, computer)| computer.other())
}

/// The cell and the words the coach shows now, if any.
pub fn coaching(m: &ConquestMatch, coach: &ConquestCoach) -> Option<(Pos, String)> {
    let players_turn = player_side(m) == Some(m.game.to_move());
    if !coach.on || coach.claims_made >= COACHED_CLAIMS || m.game.is_over() || !players_turn {
        return None;
    }
    let p = coached_claim(&m.game)?;
    let preview = m.game.preview_claim(p).ok()?;
    Some((p, coach_words(&preview)))
}

#[allow(clippy::too_many_arguments)]
fn show_coach(
    mut commands: Commands,
    game: Option<Res<ConquestMatch>>,
    coach: Res<ConquestCoach>,
    layout: Option<Res<BoardLayout>>,
    fonts: Res<Fonts>,
    window: Query<&Window, With<PrimaryWindow>>,
    old: Query<Entity, Or<(With<CoachGlow>, With<CoachArrow>, With<ConquestCoachLine>)>>,
    mut last: Local<Option<(Option<Pos>, usize, BoardLayout)>>,
) {
    let (Some(m), Some(layout)) = (game, layout) else {
        return;
    };
    let shown = coaching(&m, &coach);
    let key = (shown.as_ref().map(|s| s.0), m.claims(), *layout);
    if last.as_ref() == Some(&key) {
        return;
    }
    *last = Some(key);
    for e in &old {
        commands.entity(e).despawn();
    }
    let Some((p, words)) = shown else { return };
    spawn_coach_mark(&mut commands, &fonts, &layout, p, board_part());
    let n = m.game.size();
    let bottom = layout.centre(Pos::new(n - 1, 0)).y - layout.cell / 2.0;
    let width = window
        .single()
        .map_or(layout.cell * n as f32, |w| w.width() - 32.0)
        .clamp(200.0, 900.0);
    commands.spawn((
        ConquestCoachLine,
        Text2d::new(words),
        fonts.bold(17.0),
        TextColor(theme::ACCENT),
        TextLayout::justify(Justify::Center),
        TextBounds::new_horizontal(width),
        Anchor::TOP_CENTER,
        Transform::from_xyz(
            layout.origin.x + (n as f32 - 1.0) * layout.cell / 2.0,
            bottom - 18.0,
            6.0,
        ),
        board_part(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coach_explains_a_capture_a_growth_and_a_new_island() {
        let mut game = Conquest::new(4);
        // X (0,0), O (3,3), X (0,1): X has 2; O to move.
        for (r, c) in [(0, 0), (3, 3), (0, 1)] {
            game.claim(r, c).unwrap();
        }
        let words = coach_words(&game.preview_claim(Pos::new(3, 2)).unwrap());
        assert!(words.contains("grows your island to 2"), "{words}");
        let words = coach_words(&game.preview_claim(Pos::new(2, 0)).unwrap());
        assert!(words.contains("a new island"), "{words}");
        // O claims a lone cell at (1,3). X to move: a claim at (2,3) meets O's lone cells
        // below and above it with X's new cell of 1; the claimer wins ties, so X captures
        // both.
        game.claim(1, 3).unwrap();
        let words = coach_words(&game.preview_claim(Pos::new(2, 3)).unwrap());
        assert!(words.contains("captures"), "{words}");
    }

    #[test]
    fn the_coach_points_at_an_empty_cell_the_same_way_each_time() {
        let mut game = Conquest::new(5);
        game.claim(2, 2).unwrap();
        let a = coached_claim(&game).unwrap();
        assert_eq!(coached_claim(&game), Some(a));
        assert_eq!(game.owner_at(a), None);
    }
}
