//! The HUD: level name and tip, moves against par, sand and bridges left, islands, score,
//! a message line (reasons, hints), and the controls along the bottom.

use super::input::{HoverCheck, PlayButton};
use super::model::{ActiveSession, StatusLine, start_session};
use crate::game::screen::{FrameStep, Screen};
use crate::game::settings::Settings;
use crate::game::ui::art::Art;
use crate::game::ui::board_layout::{HUD_BOTTOM, HUD_TOP, window_size};
use crate::game::ui::text::{KEY_LINE, goal_text};
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// The HUD's bars above and below the board: the board fits between their real heights
/// (the top one grows when its lines wrap in a narrow window). Panels that come and go
/// (the X-ray view's) are not bars: the board never moves when one opens.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum HudBar {
    Top,
    Bottom,
}

/// The heights of the HUD's bars as laid out, in the window's logical pixels (the world's
/// units; UI pixels are those times the UI scale `ui`); `None` before the first layout.
pub fn bar_heights(bars: &Query<(&HudBar, &ComputedNode)>, ui: f32) -> Option<(f32, f32)> {
    let height = |which| {
        bars.iter()
            .find(|(bar, _)| **bar == which)
            .map(|(_, node)| node.size().y * node.inverse_scale_factor() * ui)
            .filter(|h| *h > 0.0)
    };
    Some((height(HudBar::Top)?, height(HudBar::Bottom)?))
}

#[derive(Component)]
pub struct HudTitle;
#[derive(Component)]
pub struct HudTip;
/// The row of stats under the title.
#[derive(Component)]
pub struct HudStats;

/// One stat in the row, each with its icon.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HudStat {
    Moves,
    Sand,
    Bridges,
    Islands,
    Score,
}

impl HudStat {
    pub const ALL: [HudStat; 5] = [
        HudStat::Moves,
        HudStat::Sand,
        HudStat::Bridges,
        HudStat::Islands,
        HudStat::Score,
    ];

    fn icon(self, art: &Art) -> Handle<Image> {
        let icons = &art.icons;
        match self {
            HudStat::Moves => icons.moves.clone(),
            HudStat::Sand => icons.sand.clone(),
            HudStat::Bridges => icons.bridge.clone(),
            HudStat::Islands => icons.islands.clone(),
            HudStat::Score => icons.score.clone(),
        }
    }
}
#[derive(Component)]
pub struct HudMessage;
/// The keys beside the buttons: shown where there is a keyboard and room for them.
#[derive(Component)]
pub struct KeyLine;

/// Narrower than this, the key line gives its room to the buttons.
const KEY_LINE_MIN_WIDTH: f32 = 900.0;
/// Narrower than this, the play buttons drop their keys ("Undo" for "Undo Z").
const KEYS_ON_BUTTONS_MIN_WIDTH: f32 = 600.0;

pub struct HudPlugin;

impl Plugin for HudPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Playing), spawn_hud.after(start_session))
            .add_systems(
                Update,
                (update_hud, count_islands, show_key_line, keep_message_room)
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

fn spawn_hud(
    mut commands: Commands,
    fonts: Res<Fonts>,
    art: Res<Art>,
    active: Option<Res<ActiveSession>>,
    status: Res<StatusLine>,
    hover: Res<HoverCheck>,
) {
    let Some(active) = active else { return };
    // The HUD is spawned afresh each time the screen is entered (back from Settings too,
    // where the session is unchanged): it starts with what it will show, not blank.
    let (message, warning) = hud_message(&status, &hover);
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
                    min_height: px(HUD_TOP),
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::axes(px(18), px(10)),
                    row_gap: px(3),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
                Pickable::IGNORE,
                HudBar::Top,
            ))
            .with_children(|top| {
                top.spawn((
                    Text::new(format!(
                        "{}   —   {}",
                        level.name,
                        goal_text(level.goal, board.has_tribes())
                    )),
                    fonts.display(theme::type_scale::HEADING),
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
                    Node {
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: px(10),
                        row_gap: px(4),
                        margin: UiRect::vertical(px(2)),
                        ..default()
                    },
                    HudStats,
                ))
                .with_children(|row| {
                    for stat in HudStat::ALL {
                        row.spawn((
                            Node {
                                align_items: AlignItems::Center,
                                column_gap: px(6),
                                padding: UiRect::axes(px(9), px(3)),
                                border_radius: BorderRadius::all(px(14)),
                                ..default()
                            },
                            BackgroundColor(theme::CHIP),
                        ))
                        .with_children(|chip| {
                            chip.spawn((
                                ImageNode::new(stat.icon(&art)).with_color(theme::ACCENT),
                                Node {
                                    width: px(20),
                                    height: px(20),
                                    ..default()
                                },
                            ));
                            let mut text = chip.spawn((
                                Text::new(stat_text(&active, stat)),
                                fonts.bold(theme::type_scale::BODY),
                                TextColor(theme::ACCENT),
                                stat,
                            ));
                            if stat == HudStat::Islands {
                                text.insert(IslandCountdown::default());
                            }
                        });
                    }
                });
                // The message hangs from the bar's foot over the board, in the room of one
                // line the bar keeps for it: a message that appears, or wraps on a phone,
                // never changes the bar's height, so the board never moves under a finger.
                top.spawn((
                    Text::new(message),
                    fonts.text(16.0),
                    TextColor(if warning { theme::WARNING } else { theme::TEXT }),
                    Node {
                        position_type: PositionType::Absolute,
                        top: percent(100),
                        left: px(0),
                        right: px(0),
                        padding: UiRect::axes(px(18), px(MESSAGE_PADDING)),
                        ..default()
                    },
                    BackgroundColor(theme::PANEL),
                    HudMessage,
                ));
            });
            // The foot: buttons for touch and mouse, then the keys where there is a keyboard.
            // At least HUD_BOTTOM high: on a phone its buttons grow to finger size (theme's
            // touch targets) and the bar with them.
            root.spawn((
                Node {
                    min_height: px(HUD_BOTTOM),
                    padding: UiRect::axes(px(10), px(5)),
                    column_gap: px(6),
                    align_items: AlignItems::Center,
                    ..default()
                },
                BackgroundColor(theme::PANEL),
                Pickable::IGNORE,
                HudBar::Bottom,
            ))
            .with_children(|foot| {
                for button in PlayButton::ALL {
                    foot.spawn((theme::bar_button(&fonts, button.label()), button));
                }
                foot.spawn((
                    Text::new(KEY_LINE),
                    fonts.text(12.0),
                    TextColor(theme::TEXT_DIM),
                    Node {
                        flex_shrink: 1.0,
                        margin: UiRect::left(px(8)),
                        ..default()
                    },
                    KeyLine,
                ));
            });
        });
}

/// What one stat says for a session.
pub fn stat_text(active: &ActiveSession, stat: HudStat) -> String {
    let board = active.session.board();
    let left = |v: Option<u32>| v.map_or("∞".to_string(), |n| n.to_string());
    match stat {
        HudStat::Moves => format!(
            "Moves {} / par {}",
            board.moves_made(),
            active.session.level().par
        ),
        HudStat::Sand => format!("Sand {}", left(board.sand_left())),
        HudStat::Bridges => format!("Bridges {}", left(board.bridges_left())),
        HudStat::Islands => format!("Islands {}", board.island_count()),
        HudStat::Score => format!("Score {}", board.score()),
    }
}

/// Every stat in one line (the page's dataset and tests read it).
pub fn stats_text(active: &ActiveSession) -> String {
    HudStat::ALL
        .map(|stat| stat_text(active, stat))
        .join("    ")
}

fn update_hud(
    active: Option<Res<ActiveSession>>,
    status: Res<StatusLine>,
    hover: Res<HoverCheck>,
    mut stats: Query<(&mut Text, &HudStat), (Without<HudMessage>, Without<IslandCountdown>)>,
    mut message: Query<(&mut Text, &mut TextColor), (With<HudMessage>, Without<HudStat>)>,
) {
    let Some(active) = active else { return };
    if active.is_changed() {
        for (mut t, &stat) in &mut stats {
            let line = stat_text(&active, stat);
            if t.0 != line {
                t.0 = line;
            }
        }
    }
    if status.is_changed() || hover.is_changed() {
        let (text, warning) = hud_message(&status, &hover);
        for (mut t, mut colour) in &mut message {
            t.0 = text.clone();
            colour.0 = if warning { theme::WARNING } else { theme::TEXT };
        }
    }
}

/// The top bar's padding below its last row, in UI pixels; the message's line sits in it.
const TOP_BAR_FOOT: f32 = 10.0;
/// The message's padding above and below its text.
const MESSAGE_PADDING: f32 = 2.0;

/// Keeps one line of the message's text (at its size now: phones raise small text) inside
/// the top bar, whatever the message says.
fn keep_message_room(
    message: Query<&TextFont, With<HudMessage>>,
    mut nodes: Query<(&mut Node, Option<&HudBar>, Has<HudMessage>)>,
) {
    let Some(font) = message.iter().next() else {
        return;
    };
    let FontSize::Px(size) = font.font_size else {
        return;
    };
    // Text lines are 1.2 times their font size (Bevy's default line height).
    let room = size * 1.2 + 2.0 * MESSAGE_PADDING + TOP_BAR_FOOT;
    for (mut node, bar, is_message) in &mut nodes {
        if bar == Some(&HudBar::Top) && node.padding.bottom != px(room) {
            node.padding.bottom = px(room);
        }
        if is_message && node.margin.top != px(-room) {
            node.margin.top = px(-room);
        }
    }
}

/// The islands stat after a join: it counts down one island at a time, lit while it
/// counts, so the drop is seen on screen (undo and a new level set it at once).
#[derive(Component, Debug, Default)]
pub struct IslandCountdown {
    shown: Option<usize>,
    /// Seconds until the next step down.
    wait: f32,
}

/// Seconds between two steps of the islands count-down, at Normal speed.
const COUNT_STEP_SECONDS: f32 = 0.16;

fn count_islands(
    time: Res<Time>,
    settings: Res<Settings>,
    active: Option<Res<ActiveSession>>,
    mut counters: Query<(&mut Text, &mut TextColor, &mut IslandCountdown)>,
) {
    let Some(active) = active else { return };
    let target = active.session.board().island_count();
    let rate = settings.animation.rate();
    for (mut text, mut colour, mut count) in &mut counters {
        let shown = match count.shown {
            // A fresh HUD, a new level, an undo or no animations: the count as it is.
            Some(shown) if shown > target && !active.is_added() && rate.is_some() => {
                count.wait -= time.delta_secs() * rate.unwrap_or(1.0);
                if count.wait <= 0.0 {
                    count.wait = COUNT_STEP_SECONDS;
                    shown - 1
                } else {
                    shown
                }
            }
            _ => target,
        };
        if count.shown != Some(shown) {
            count.shown = Some(shown);
            text.0 = format!("Islands {shown}");
        }
        let counting = shown != target;
        colour.set_if_neq(TextColor(if counting {
            theme::TEXT
        } else {
            theme::ACCENT
        }));
        if !counting {
            count.wait = 0.0;
        }
    }
}

/// The message line: what the pointer is over explains itself (a warning about an earlier
/// move gives way to it, and to a move that is fine), else what was last said.
pub fn hud_message(status: &StatusLine, hover: &HoverCheck) -> (String, bool) {
    match (&hover.refusal, hover.candidate) {
        // What a click there would be refused for: said plainly (the cell itself is red);
        // only a move actually refused is a warning.
        (Some(why), _) if status.text.is_empty() || status.warning => (why.clone(), false),
        (None, Some(_)) if status.warning => (String::new(), false),
        _ => (status.text.clone(), status.warning),
    }
}

/// The key line, and the keys on the play buttons, show while the window is wide enough
/// and no finger has touched the screen (a phone has no keys to press, and its buttons
/// need the room for their words).
fn show_key_line(
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut touched: Local<bool>,
    mut line: Query<&mut Node, With<KeyLine>>,
    buttons: Query<(&PlayButton, &Children)>,
    mut labels: Query<&mut Text>,
) {
    *touched |= touches.iter_just_pressed().next().is_some();
    let wide = window_size(&window).x >= KEY_LINE_MIN_WIDTH;
    let display = if wide && !*touched {
        Display::Flex
    } else {
        Display::None
    };
    for mut node in &mut line {
        if node.display != display {
            node.display = display;
        }
    }
    let keys_on_buttons = !*touched && window_size(&window).x >= KEYS_ON_BUTTONS_MIN_WIDTH;
    for (button, children) in &buttons {
        let label = if keys_on_buttons {
            button.label()
        } else {
            button.short_label()
        };
        for &child in children {
            if let Ok(mut text) = labels.get_mut(child)
                && text.0 != label
            {
                text.0 = label.into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::Pos;
    use crate::rules::moves::Move;

    #[test]
    fn a_stale_warning_gives_way_to_what_the_pointer_is_on() {
        let refused = StatusLine {
            text: "Can't do that: no sand left.".into(),
            warning: true,
        };
        let hint = StatusLine {
            text: "Hint: sand at row 1, column 2 — then 1 more move to win.".into(),
            warning: false,
        };
        let nothing = HoverCheck::default();
        let legal = HoverCheck {
            candidate: Some(Move::Sand(Pos::new(0, 1))),
            refusal: None,
        };
        let illegal = HoverCheck {
            candidate: Some(Move::Sand(Pos::new(0, 0))),
            refusal: Some("Sand there: row 1, column 1 is rock.".into()),
        };
        assert_eq!(
            hud_message(&refused, &nothing),
            (refused.text.clone(), true)
        );
        assert_eq!(hud_message(&refused, &legal), (String::new(), false));
        assert_eq!(
            hud_message(&refused, &illegal),
            (illegal.refusal.clone().unwrap(), false),
            "a hovered explanation is not a warning"
        );
        assert_eq!(
            hud_message(&hint, &legal),
            (hint.text.clone(), false),
            "a hint stays"
        );
        assert_eq!(hud_message(&hint, &illegal), (hint.text.clone(), false));
    }
}
