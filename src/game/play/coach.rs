//! Coach marks on the campaign's first chapter: the board points at the next move of an
//! optimal solution from the position in play (a glowing cell with an arrow over it; for a
//! bridge, both ends), and the level's tip sits as one line under the board. The marks
//! follow the player's moves (the look ahead answers for each new position) and go once the
//! level is won.

use super::hud::HudTip;
use super::lookahead::{FirstSteps, Lookahead};
use super::model::ActiveSession;
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::board_layout::BoardLayout;
use crate::game::ui::theme::{self, Fonts};
use crate::rules::board::Status;
use crate::rules::cell::Pos;
use crate::rules::moves::Move;
use crate::session::Hint;
use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::TextBounds;
use bevy::window::PrimaryWindow;

/// A coach mark's glow on a cell.
#[derive(Component)]
pub struct CoachGlow(pub Pos);

/// The arrow over a coached cell.
#[derive(Component)]
pub struct CoachArrow {
    rest: Vec2,
}

/// The level's tip under the board.
#[derive(Component)]
pub struct CoachTip;

pub struct CoachPlugin;

impl Plugin for CoachPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (tip_moves_under_the_board, show_coach_marks)
                .chain()
                .in_set(FrameStep::Present)
                .run_if(in_state(Screen::Playing)),
        )
        // Island Conquest's coach draws the same marks.
        .add_systems(
            Update,
            pulse
                .after(show_coach_marks)
                .run_if(in_state(Screen::Playing).or_else(in_state(Screen::Conquest))),
        );
    }
}

/// The cells a coach mark points at for a move: sand's cell, or a bridge's two ends.
pub fn coached_cells(mv: Move) -> Vec<Pos> {
    match mv {
        Move::Sand(p) => vec![p],
        Move::Bridge(a, b) => vec![a, b],
    }
}

/// The move to point at: on a first-chapter level still being played, the look ahead's next
/// move for the position in play.
pub fn coached_move(first: FirstSteps, active: &ActiveSession, look: &Lookahead) -> Option<Move> {
    if !first.0 || active.session.board().status() != Status::Playing {
        return None;
    }
    match look.about(active.session.moves()) {
        Some(Hint::Next { next, .. }) => Some(*next),
        _ => None,
    }
}

/// On a coached level the tip is said under the board, beside the marks, not in the HUD.
fn tip_moves_under_the_board(first: Res<FirstSteps>, mut hud_tip: Query<&mut Node, With<HudTip>>) {
    if !first.0 {
        return;
    }
    for mut node in &mut hud_tip {
        if node.display != Display::None {
            node.display = Display::None;
        }
    }
}

/// Redraws the marks when the move to point at, or the board's place, changes.
fn show_coach_marks(
    mut commands: Commands,
    first: Res<FirstSteps>,
    active: Option<Res<ActiveSession>>,
    look: Res<Lookahead>,
    layout: Option<Res<BoardLayout>>,
    fonts: Res<Fonts>,
    old: Query<Entity, Or<(With<CoachGlow>, With<CoachArrow>, With<CoachTip>)>>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut last: Local<Option<(Option<Move>, BoardLayout)>>,
) {
    let (Some(active), Some(layout)) = (active, layout) else {
        return;
    };
    let target = coached_move(*first, &active, &look);
    // While the look ahead thinks about a new position, the old marks would point at a
    // move already made: they go at once, and the new ones come with the answer.
    let key = (target, *layout);
    if last.as_ref() == Some(&key) {
        return;
    }
    *last = Some(key);
    for e in &old {
        commands.entity(e).despawn();
    }
    if !first.0 {
        return;
    }
    let cell = layout.cell;
    if active.session.board().status() != Status::Won
        && let Some(tip) = &active.session.level().tip
    {
        let bottom = layout.centre(Pos::new(layout.height - 1, 0)).y - cell / 2.0;
        // As wide as the window allows, so that the line under the board stays one line
        // wherever it can: a second line would run under the X-ray panel standing on the
        // bottom bar in a small window.
        let width = window
            .single()
            .map_or(cell * layout.width as f32, |w| w.width() - 32.0)
            .max(200.0);
        commands.spawn((
            CoachTip,
            Text2d::new(tip.clone()),
            fonts.bold(18.0),
            TextColor(theme::ACCENT),
            TextLayout::justify(Justify::Center),
            TextBounds::new_horizontal(width),
            Anchor::TOP_CENTER,
            Transform::from_xyz(
                layout.origin.x + (layout.width as f32 - 1.0) * cell / 2.0,
                bottom - 12.0,
                6.0,
            ),
            DespawnOnExit(Screen::Playing),
        ));
    }
    let Some(mv) = target else { return };
    for p in coached_cells(mv) {
        spawn_coach_mark(
            &mut commands,
            &fonts,
            &layout,
            p,
            DespawnOnExit(Screen::Playing),
        );
    }
}

/// A coach mark on cell `p`: a glow on the cell and an arrow over it, both carrying
/// `despawn` (what clears them with their screen).
pub fn spawn_coach_mark(
    commands: &mut Commands,
    fonts: &Fonts,
    layout: &BoardLayout,
    p: Pos,
    despawn: impl Bundle + Clone,
) {
    let cell = layout.cell;
    let c = layout.centre(p);
    commands.spawn((
        CoachGlow(p),
        Sprite::from_color(theme::ACCENT.with_alpha(0.5), Vec2::splat(cell * 0.9)),
        Transform::from_xyz(c.x, c.y, 4.0),
        despawn.clone(),
    ));
    let rest = Vec2::new(c.x, c.y + cell * 0.55);
    commands.spawn((
        CoachArrow { rest },
        Text2d::new("▼"),
        fonts.text((cell * 0.45).clamp(16.0, 48.0)),
        TextColor(theme::ACCENT),
        Anchor::BOTTOM_CENTER,
        Transform::from_xyz(rest.x, rest.y, 7.0),
        despawn,
    ));
}

/// The glow breathes and the arrow bobs, unless animations are off.
fn pulse(
    time: Res<Time>,
    settings: Res<Settings>,
    layout: Option<Res<BoardLayout>>,
    mut glows: Query<&mut Sprite, With<CoachGlow>>,
    mut arrows: Query<(&mut Transform, &CoachArrow)>,
) {
    let Some(layout) = layout else { return };
    let wave = match settings.animation.rate() {
        Some(_) => (time.elapsed_secs() * std::f32::consts::TAU * 0.8).sin() * 0.5 + 0.5,
        None => 0.5,
    };
    for mut sprite in &mut glows {
        sprite.color = theme::ACCENT.with_alpha(0.3 + 0.35 * wave);
    }
    for (mut transform, arrow) in &mut arrows {
        transform.translation.y = arrow.rest.y + wave * layout.cell * 0.12;
    }
}
