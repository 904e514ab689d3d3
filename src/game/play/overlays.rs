//! Panels over the board: won (score breakdown, stars, time, next / retry, copy code;
//! endless rounds with the run's total and Next round; the daily puzzle with its streak and
//! Share), lost (undo / retry), paused (resume, restart, settings, copy code, quit to menu)
//! and help (every control).

use super::daily::{self, DailyPuzzle, is_daily};
use super::endless::{self, EndlessRun, is_endless};
use super::model::{
    ActiveSession, EndPanelHold, PlayPhase, PlayerAction, ReturnToSession, WinSummary,
};
use super::records::{WinTime, clock_text, time_line};
use crate::game::calendar::civil_date;
use crate::game::level_codes::CodeRequest;
use crate::game::level_store::{Campaign, CurrentLevel};
use crate::game::platform;
use crate::game::progress::Progress;
use crate::game::screen::{Screen, SettingsReturn};
use crate::game::settings::Settings;
use crate::game::ui::text::CONTROLS;
use crate::game::ui::theme::{self, Fonts};
use crate::game::ui::tween::{Appear, Fading, Falling};
use crate::rules::goal::POINTS_PER_UNUSED_MOVE;
use bevy::prelude::*;
use std::time::Duration;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum OverlayButton {
    Next,
    Share,
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
            .add_systems(Update, clear_copied_note.run_if(in_state(PlayPhase::Won)))
            .add_systems(
                Update,
                (count_down_hold, slide_in_end_panels).run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                press_overlay_buttons
                    .in_set(crate::game::screen::FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// A centred panel that disappears when the phase ends. The won and lost panels wait until
/// the last move has played out on the board (see [`EndPanelHold`]), then slide in.
fn panel(commands: &mut Commands, phase: PlayPhase, fill: impl FnOnce(&mut ChildSpawnerCommands)) {
    if matches!(phase, PlayPhase::Won | PlayPhase::Lost) {
        commands.insert_resource(EndPanelHold {
            left: END_PANEL_WAIT_SECONDS,
            waited: 0.0,
        });
        let hidden = (Visibility::Hidden, SlideIn::default());
        theme::panel(commands, (DespawnOnExit(phase), hidden), fill);
    } else {
        theme::panel(commands, DespawnOnExit(phase), fill);
    }
}

/// How long the won and lost panels wait at Normal speed: the final merge's drop, glow
/// wave and count-down play out in full first.
pub const END_PANEL_WAIT_SECONDS: f32 = 1.1;

/// The end panels never wait longer than this (real seconds) for the board's effects.
const END_PANEL_MAX_WAIT_SECONDS: f32 = 3.0;

/// How far below its place an end panel starts, and how long it takes to rise into it.
const SLIDE_PIXELS: f32 = 48.0;
const SLIDE_SECONDS: f32 = 0.3;

/// An end panel rising into place once it is shown.
#[derive(Component, Debug, Default)]
struct SlideIn {
    elapsed: f32,
}

/// The end panels wait their time, and then for the board's last effects (the glow of the
/// final merge, the score rising) to finish, so no effect is left under a dimmed screen.
fn count_down_hold(
    time: Res<Time>,
    settings: Res<Settings>,
    hold: Option<ResMut<EndPanelHold>>,
    effects: Query<(), Or<(With<Fading>, With<Falling>)>>,
) {
    let Some(mut hold) = hold.filter(|h| h.left > 0.0) else {
        return;
    };
    hold.waited += time.delta_secs();
    hold.left = match settings.animation.rate() {
        Some(rate) => (hold.left - time.delta_secs() * rate).max(0.0),
        None => 0.0,
    };
    if !effects.is_empty() && hold.waited < END_PANEL_MAX_WAIT_SECONDS {
        hold.left = hold.left.max(f32::EPSILON);
    }
}

fn slide_in_end_panels(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut panels: Query<(Entity, &mut Node, &mut SlideIn, &InheritedVisibility)>,
) {
    for (e, mut node, mut slide, shown) in &mut panels {
        if !shown.get() {
            continue;
        }
        slide.elapsed += time.delta_secs() * settings.animation.rate().unwrap_or(f32::MAX);
        let t = (slide.elapsed / SLIDE_SECONDS).min(1.0);
        let eased = EasingCurve::new(0.0_f32, 1.0, EaseFunction::CubicOut).sample_clamped(t);
        node.top = px(SLIDE_PIXELS * (1.0 - eased));
        if t >= 1.0 {
            commands.entity(e).remove::<SlideIn>();
        }
    }
}

/// Seconds between the won panel's stars arriving, one by one.
const STAR_STEP: f32 = 0.35;

/// The line under the daily puzzle's Share button: "Copied", or why not.
#[derive(Component)]
struct CopiedNote {
    /// Seconds the note has been up.
    age: f32,
}

/// How long "Copied" stays under the Share button.
const COPIED_SECONDS: f32 = 3.0;

/// Which kind of level was won: each has its own panel.
enum WonKind {
    Campaign { has_next: bool },
    Endless { round: u32, total: u64 },
    Daily(DailyPuzzle),
}

fn spawn_won(
    mut commands: Commands,
    fonts: Res<Fonts>,
    summary: Res<WinSummary>,
    win_time: Res<WinTime>,
    campaign: Res<Campaign>,
    progress: Res<Progress>,
    current: Option<Res<CurrentLevel>>,
    (run, daily): (Option<Res<EndlessRun>>, Option<Res<DailyPuzzle>>),
) {
    let s = *summary;
    let key = current.map(|c| c.0.key.clone()).unwrap_or_default();
    let kind = match (run, daily) {
        (Some(run), _) if is_endless(&key) => WonKind::Endless {
            round: run.round + 1,
            total: run.total.saturating_add(s.total),
        },
        (_, Some(daily)) if is_daily(&key) => WonKind::Daily(daily.clone()),
        _ => WonKind::Campaign {
            has_next: campaign.next_after(&key).is_some(),
        },
    };
    let title = match &kind {
        WonKind::Campaign { .. } => "Level complete!".to_string(),
        WonKind::Endless { round, .. } => format!("Round {round} complete!"),
        WonKind::Daily(_) => "Daily puzzle solved!".to_string(),
    };
    // The daily's result as kept: its first win of the day.
    let kept = match &kind {
        WonKind::Daily(d) => progress.daily.get(&d.date).cloned(),
        _ => None,
    };
    panel(&mut commands, PlayPhase::Won, |p| {
        p.spawn((
            Text::new(title),
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
        let mut lines = vec![
            format!("Moves {}   (par {})", s.moves, s.par),
            format!("Joins  {}", s.join_points),
            "(each join scores the sizes of the islands it joins, multiplied: 3 × 4 = 12)"
                .to_string(),
            format!(
                "Unused moves  {unused} × {POINTS_PER_UNUSED_MOVE} = {}",
                s.bonus
            ),
            format!("Score  {}", s.total),
        ];
        if let WonKind::Endless { total, .. } = &kind {
            lines.push(format!("Run total  {total}"));
        }
        if !win_time.time.is_zero() && !matches!(kind, WonKind::Daily(_)) {
            lines.push(time_line(&win_time));
        }
        for line in lines {
            p.spawn((Text::new(line), fonts.text(20.0), TextColor(theme::TEXT)));
        }
        if s.improved && matches!(kind, WonKind::Campaign { .. }) {
            p.spawn((
                Text::new("New best!"),
                fonts.bold(18.0),
                TextColor(theme::ACCENT),
            ));
        }
        match &kind {
            WonKind::Campaign { has_next } => {
                if *has_next {
                    p.spawn((
                        theme::button(&fonts, "Next level", 260.0),
                        OverlayButton::Next,
                    ));
                }
                p.spawn((theme::button(&fonts, "Retry", 260.0), OverlayButton::Retry));
                p.spawn((
                    theme::button(&fonts, "Level select", 260.0),
                    OverlayButton::LevelSelect,
                ));
            }
            WonKind::Endless { .. } => {
                p.spawn((
                    theme::button(&fonts, "Next round", 260.0),
                    OverlayButton::Next,
                ));
                p.spawn((theme::button(&fonts, "Retry", 260.0), OverlayButton::Retry));
                p.spawn((theme::button(&fonts, "Menu", 260.0), OverlayButton::Menu));
            }
            WonKind::Daily(puzzle) => {
                daily_lines(p, &fonts, &progress, puzzle, kept.as_ref());
                if kept.is_some() {
                    p.spawn((theme::button(&fonts, "Share", 260.0), OverlayButton::Share));
                    p.spawn((
                        Text::new(""),
                        fonts.text(theme::type_scale::SMALL),
                        TextColor(theme::ACCENT),
                        CopiedNote { age: 0.0 },
                    ));
                }
                p.spawn((
                    theme::button(&fonts, "Play again", 260.0),
                    OverlayButton::Retry,
                ));
                p.spawn((theme::button(&fonts, "Menu", 260.0), OverlayButton::Menu));
            }
        }
        p.spawn((
            theme::button(&fonts, "Copy code", 260.0),
            OverlayButton::CopyCode,
        ));
    });
}

/// The daily puzzle's own lines: today's kept result, the streak, and yesterday.
fn daily_lines(
    p: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    progress: &Progress,
    puzzle: &DailyPuzzle,
    kept: Option<&crate::game::progress::DailyResult>,
) {
    let today_line = match kept {
        Some(r) => format!(
            "{}: {} (par {})",
            puzzle.date,
            daily::result_words(r),
            r.par
        ),
        None => format!(
            "{}: not counted (only the day's own puzzle counts)",
            puzzle.date
        ),
    };
    let streak = progress.daily_streak(puzzle.day);
    let streak_line = format!(
        "Streak  {streak} {}   (best {})",
        if streak == 1 { "day" } else { "days" },
        progress.best_daily_streak()
    );
    let yesterday = civil_date(puzzle.day - 1);
    let yesterday_line = match progress.daily.get(&yesterday) {
        Some(r) => format!("Yesterday: {}", daily::result_words(r)),
        None => "Yesterday: not solved".to_string(),
    };
    p.spawn((
        Text::new(today_line),
        fonts.bold(20.0),
        TextColor(theme::ACCENT),
    ));
    let time_line = kept
        .filter(|r| r.time_ms > 0)
        .map(|r| format!("Time {}", clock_text(Duration::from_millis(r.time_ms))));
    for line in time_line.into_iter().chain([streak_line, yesterday_line]) {
        p.spawn((
            Text::new(line),
            fonts.text(18.0),
            TextColor(theme::TEXT_DIM),
        ));
    }
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
    (endless_run, daily, progress): (
        Option<Res<EndlessRun>>,
        Option<Res<DailyPuzzle>>,
        Res<Progress>,
    ),
    summary: Res<WinSummary>,
    mut notes: Query<(&mut Text, &mut CopiedNote)>,
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
                        // The round just won joins the run's total.
                        let next_round = EndlessRun {
                            round: run.round + 1,
                            total: run.total.saturating_add(summary.total),
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
            OverlayButton::Share => {
                let Some(text) = daily.as_ref().and_then(|d| {
                    let result = progress.daily.get(&d.date)?;
                    Some(daily::share_text(
                        &d.date,
                        result,
                        platform::page_address().as_deref(),
                    ))
                }) else {
                    continue;
                };
                let said = match platform::copy_text(&text) {
                    Ok(()) => format!("Copied: {text}"),
                    Err(e) => format!("Could not copy ({e}). {text}"),
                };
                for (mut note, mut copied) in &mut notes {
                    note.0 = said.clone();
                    copied.age = 0.0;
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

/// "Copied" gives way after a few seconds.
fn clear_copied_note(time: Res<Time>, mut notes: Query<(&mut Text, &mut CopiedNote)>) {
    for (mut text, mut note) in &mut notes {
        if text.0.is_empty() {
            continue;
        }
        note.age += time.delta_secs();
        if note.age > COPIED_SECONDS {
            text.0.clear();
        }
    }
}
