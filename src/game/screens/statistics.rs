//! The statistics screen: the campaign's levels won, stars and time played; the daily
//! puzzle's streaks; endless mode's furthest round and best run; Island Conquest against
//! the computer at each strength. It only reads the progress.

use super::super::calendar::{civil_date, today};
use super::super::level_store::Campaign;
use super::super::play::daily;
use super::super::play::records::clock_text;
use super::super::progress::{ConquestTally, Progress};
use super::super::screen::Screen;
use super::super::ui::theme::{self, Fonts};
use bevy::prelude::*;
use std::time::Duration;

/// One box of the screen: a heading and its lines (label, value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatBox {
    pub heading: &'static str,
    pub lines: Vec<(String, String)>,
}

/// Every number the screen shows, from the progress: a plain function, tested without Bevy.
pub fn stat_boxes(progress: &Progress, campaign: &Campaign, today: i64) -> Vec<StatBox> {
    let levels: Vec<_> = campaign
        .in_order()
        .map(|(_, l)| progress.record(&l.key))
        .collect();
    let won = levels.iter().filter(|r| r.stars > 0).count();
    let stars: u32 = levels.iter().map(|r| u32::from(r.stars)).sum();
    let three = levels.iter().filter(|r| r.stars == 3).count();
    // Every level's time: the campaign's, endless rounds' and daily puzzles'.
    let played: u64 = progress.levels.values().map(|r| r.time_ms).sum();
    let line = |label: &str, value: String| (label.to_string(), value);
    let days = |n: u32| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    let day_result = |day: i64| {
        progress
            .daily
            .get(&civil_date(day))
            .map_or("not solved".to_string(), daily::result_words)
    };
    let tally = |t: ConquestTally| format!("{} won · {} lost · {} tied", t.wins, t.losses, t.ties);
    let endless = progress.endless;
    vec![
        StatBox {
            heading: "Campaign",
            lines: vec![
                line("Levels won", format!("{won} / {}", levels.len())),
                line("Stars", format!("{stars} / {} ★", levels.len() * 3)),
                line(
                    "Three stars",
                    match three {
                        1 => "1 level".to_string(),
                        n => format!("{n} levels"),
                    },
                ),
                line("Time played", clock_text(Duration::from_millis(played))),
            ],
        },
        StatBox {
            heading: "Daily puzzle",
            lines: vec![
                line("Streak", days(progress.daily_streak(today))),
                line("Best streak", days(progress.best_daily_streak())),
                line("Days solved", progress.daily.len().to_string()),
                line("Today", day_result(today)),
                line("Yesterday", day_result(today - 1)),
            ],
        },
        StatBox {
            heading: "Endless",
            lines: vec![
                line(
                    "Furthest round",
                    match endless.best_round {
                        0 => "none won yet".to_string(),
                        n => format!("round {n}"),
                    },
                ),
                line("Best run total", endless.best_total.to_string()),
            ],
        },
        StatBox {
            heading: "Island Conquest",
            lines: vec![
                line("Computer (easy)", tally(progress.conquest.easy)),
                line("Computer (medium)", tally(progress.conquest.medium)),
                line("Computer (hard)", tally(progress.conquest.hard)),
            ],
        },
    ]
}

#[derive(Component)]
struct BackButton;

pub struct StatisticsPlugin;

impl Plugin for StatisticsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Statistics), spawn_statistics)
            .add_systems(Update, go_back.run_if(in_state(Screen::Statistics)));
    }
}

fn spawn_statistics(
    mut commands: Commands,
    fonts: Res<Fonts>,
    progress: Res<Progress>,
    campaign: Res<Campaign>,
) {
    let boxes = stat_boxes(&progress, &campaign, today());
    commands
        .spawn((theme::screen_root(), DespawnOnExit(Screen::Statistics)))
        .with_children(|root| {
            root.spawn((
                Text::new("Statistics"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
                Node {
                    margin: UiRect::bottom(px(10)),
                    ..default()
                },
            ));
            // Two boxes a row where they fit, one under the other where they do not.
            root.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                align_items: AlignItems::FlexStart,
                max_width: px(940),
                ..default()
            })
            .with_children(|grid| {
                for stat_box in boxes {
                    grid.spawn((
                        Node {
                            width: px(440),
                            max_width: percent(100),
                            flex_direction: FlexDirection::Column,
                            margin: UiRect::all(px(6)),
                            padding: UiRect::axes(px(16), px(10)),
                            row_gap: px(5),
                            border_radius: BorderRadius::all(px(12)),
                            ..default()
                        },
                        BackgroundColor(theme::PANEL),
                    ))
                    .with_children(|b| {
                        b.spawn((
                            Text::new(stat_box.heading),
                            fonts.display(theme::type_scale::HEADING),
                            TextColor(theme::TEXT),
                        ));
                        for (label, value) in stat_box.lines {
                            // A row in the HUD's chip style: the label, then the number.
                            b.spawn((
                                Node {
                                    justify_content: JustifyContent::SpaceBetween,
                                    align_items: AlignItems::Center,
                                    column_gap: px(12),
                                    padding: UiRect::axes(px(10), px(3)),
                                    border_radius: BorderRadius::all(px(14)),
                                    ..default()
                                },
                                BackgroundColor(theme::CHIP),
                            ))
                            .with_children(|row| {
                                row.spawn((
                                    Text::new(label),
                                    fonts.text(theme::type_scale::SMALL),
                                    TextColor(theme::TEXT_DIM),
                                ));
                                row.spawn((
                                    Text::new(value),
                                    fonts.bold(theme::type_scale::BODY),
                                    TextColor(theme::ACCENT),
                                ));
                            });
                        }
                    });
                }
            });
            root.spawn((theme::button(&fonts, "Back", 200.0), BackButton));
        });
}

fn go_back(
    keys: Res<ButtonInput<KeyCode>>,
    back: Query<&Interaction, (Changed<Interaction>, With<BackButton>)>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) || back.iter().any(|i| *i == Interaction::Pressed) {
        next.set(Screen::Title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conquest::ai::Strength;
    use crate::game::calendar::day_number;
    use crate::game::progress::{ConquestResult, DailyResult};

    fn value(boxes: &[StatBox], label: &str) -> String {
        boxes
            .iter()
            .flat_map(|b| &b.lines)
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no line {label}"))
    }

    #[test]
    fn the_numbers_come_from_the_progress() {
        let campaign = Campaign::embedded();
        let count = campaign.in_order().count();
        let first = campaign.in_order().next().unwrap().1.key.clone();
        let today = day_number("2026-12-02").unwrap();
        let mut p = Progress::default();
        let empty = stat_boxes(&p, &campaign, today);
        assert_eq!(value(&empty, "Levels won"), format!("0 / {count}"));
        assert_eq!(value(&empty, "Streak"), "0 days");
        assert_eq!(value(&empty, "Furthest round"), "none won yet");
        p.record_win(&first, 3, 100, 3);
        p.record_time(&first, 42_000, Some(42_000));
        p.record_time("endless/7/0", 20_000, None);
        for date in ["2026-11-30", "2026-12-01", "2026-12-02"] {
            let stars = if date == "2026-12-02" { 3 } else { 2 };
            p.record_daily(
                date,
                DailyResult {
                    stars,
                    moves: 7,
                    par: 7,
                    ..Default::default()
                },
            );
        }
        p.record_endless(4, 1_234);
        p.record_conquest(Strength::Hard, ConquestResult::Won);
        p.record_conquest(Strength::Hard, ConquestResult::Tie);
        let boxes = stat_boxes(&p, &campaign, today);
        assert_eq!(value(&boxes, "Levels won"), format!("1 / {count}"));
        assert_eq!(value(&boxes, "Stars"), format!("3 / {} ★", count * 3));
        assert_eq!(value(&boxes, "Time played"), "1:02");
        assert_eq!(value(&boxes, "Streak"), "3 days");
        assert_eq!(value(&boxes, "Today"), "3 stars, 7 moves");
        assert_eq!(value(&boxes, "Yesterday"), "2 stars, 7 moves");
        assert_eq!(value(&boxes, "Furthest round"), "round 4");
        assert_eq!(value(&boxes, "Best run total"), "1234");
        assert_eq!(value(&boxes, "Computer (hard)"), "1 won · 0 lost · 1 tied");
        assert_eq!(value(&boxes, "Computer (easy)"), "0 won · 0 lost · 0 tied");
    }
}
