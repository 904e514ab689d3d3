//! The title screen: the tribes' emblems over the name, Play first and largest, the other
//! ways to play as cards saying what each is (the daily's says how today went), then
//! Statistics, Settings, How it works, Open a code and Quit; Continue above Play when a game was left unfinished.

use crate::game::calendar::{civil_date, today};
use crate::game::editor::OpenEditor;
use crate::game::level_codes::CodeRequest;
use crate::game::platform;
use crate::game::play::resume::{ContinueButton, SavedGame};
use crate::game::play::xray::OpenGuide;
use crate::game::play::{daily, endless};
use crate::game::progress::{Progress, ProgressStore};
use crate::game::screen::{LaunchProblem, Screen};
use crate::game::screens::level_select::CodeField;
use crate::game::ui::art::Art;
use crate::game::ui::theme::{self, Fonts};
use crate::rules::cell::Tribe;
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum TitleButton {
    Play,
    Endless,
    Daily,
    Conquest,
    Editor,
    Statistics,
    Settings,
    HowItWorks,
    OpenCode,
    Quit,
}

/// The daily card's line (kept up to date: the title opens before the progress is read).
#[derive(Component)]
struct DailyCardLine;

/// A line on the title screen for things the player should know (a corrupt save, say).
#[derive(Component)]
struct Notice;

pub struct TitlePlugin;

impl Plugin for TitlePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Title), spawn_title)
            .add_systems(
                Update,
                (press_title_buttons, show_notices, show_daily_line)
                    .run_if(in_state(Screen::Title)),
            );
    }
}

/// The daily card's line: today's result once solved, else the streak to keep.
pub fn daily_card_line(progress: &Progress, day: i64) -> String {
    if let Some(result) = progress.daily.get(&civil_date(day)) {
        return format!("Solved today: {}", daily::result_words(result));
    }
    match progress.daily_streak(day) {
        0 => "Today's board, for everyone".to_string(),
        1 => "Today's board · streak 1 day".to_string(),
        n => format!("Today's board · streak {n} days"),
    }
}

fn spawn_title(mut commands: Commands, fonts: Res<Fonts>, art: Res<Art>, progress: Res<Progress>) {
    let daily_line = daily_card_line(&progress, today());
    // The other ways to play, each with a line on what it is.
    let modes = [
        (
            TitleButton::Endless,
            "Endless",
            "One new board after another",
        ),
        (TitleButton::Daily, "Daily puzzle", daily_line.as_str()),
        (
            TitleButton::Conquest,
            "Island Conquest",
            "Two players: larger islands capture",
        ),
        (
            TitleButton::Editor,
            "Level editor",
            "Paint a level, prove its par, save it",
        ),
    ];
    commands
        .spawn((theme::screen_root(), DespawnOnExit(Screen::Title)))
        .with_children(|root| {
            // The tribes' emblems in their colours: the islands' flags over the name.
            root.spawn(Node {
                column_gap: px(10),
                margin: UiRect::bottom(px(6)),
                ..default()
            })
            .with_children(|row| {
                for (t, emblem) in art.emblems.iter().enumerate() {
                    let Some(tribe) = Tribe::new(t as u8) else {
                        continue;
                    };
                    row.spawn((
                        Node {
                            width: px(34),
                            height: px(34),
                            padding: UiRect::all(px(4)),
                            border_radius: BorderRadius::all(px(8)),
                            ..default()
                        },
                        BackgroundColor(theme::tribe_colour(tribe, false)),
                    ))
                    .with_child((
                        ImageNode::new(emblem.clone()),
                        Node {
                            width: percent(100),
                            height: percent(100),
                            ..default()
                        },
                    ));
                }
            });
            root.spawn((
                Text::new("Merge Islands"),
                fonts.display(theme::type_scale::HERO),
                TextColor(theme::ACCENT),
            ));
            root.spawn((
                Text::new("Join the islands. Spend little. Score big."),
                fonts.text(20.0),
                TextColor(theme::TEXT_DIM),
                Node {
                    margin: UiRect::vertical(px(14)),
                    ..default()
                },
            ));
            // The game left unfinished, first of all.
            root.spawn((theme::button(&fonts, "", 420.0), ContinueButton));
            // The campaign first, larger than the rest.
            root.spawn((
                Button,
                Node {
                    width: px(320),
                    height: px(62),
                    margin: UiRect::all(px(6)),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(12)),
                    ..default()
                },
                BackgroundColor(theme::BUTTON),
                TitleButton::Play,
                children![(
                    Text::new("Play"),
                    fonts.display(30.0),
                    TextColor(theme::TEXT),
                    Pickable::IGNORE
                )],
            ));
            root.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                max_width: px(560),
                ..default()
            })
            .with_children(|cards| {
                for (action, name, line) in modes {
                    cards
                        .spawn((
                            Button,
                            Node {
                                width: px(262),
                                height: px(64),
                                margin: UiRect::all(px(6)),
                                padding: UiRect::horizontal(px(14)),
                                flex_direction: FlexDirection::Column,
                                justify_content: JustifyContent::Center,
                                row_gap: px(3),
                                border_radius: BorderRadius::all(px(10)),
                                ..default()
                            },
                            BackgroundColor(theme::BUTTON),
                            action,
                            children![(
                                Text::new(name),
                                fonts.bold(theme::type_scale::BODY),
                                TextColor(theme::TEXT),
                                Pickable::IGNORE
                            )],
                        ))
                        .with_children(|card| {
                            let mut words = card.spawn((
                                Text::new(line),
                                fonts.text(13.0),
                                TextColor(theme::TEXT_DIM),
                                Pickable::IGNORE,
                            ));
                            if action == TitleButton::Daily {
                                words.insert(DailyCardLine);
                            }
                        });
                }
            });
            // Wraps in a narrow window rather than running off its edges.
            root.spawn(Node {
                margin: UiRect::top(px(6)),
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                ..default()
            })
            .with_children(|row| {
                row.spawn((
                    theme::button(&fonts, "Statistics", 160.0),
                    TitleButton::Statistics,
                ));
                row.spawn((
                    theme::button(&fonts, "Settings", 160.0),
                    TitleButton::Settings,
                ));
                row.spawn((
                    theme::button(&fonts, "How it works", 180.0),
                    TitleButton::HowItWorks,
                ));
                row.spawn((
                    theme::button(&fonts, "Open a code", 180.0),
                    TitleButton::OpenCode,
                ));
                // A page is closed with its tab, not from inside.
                if !platform::IS_BROWSER {
                    row.spawn((theme::button(&fonts, "Quit", 160.0), TitleButton::Quit));
                }
            });
            root.spawn((
                Text::new(""),
                fonts.text(15.0),
                TextColor(theme::WARNING),
                Notice,
                Node {
                    max_width: px(720),
                    margin: UiRect::top(px(18)),
                    ..default()
                },
            ));
        });
}

fn show_daily_line(progress: Res<Progress>, mut lines: Query<&mut Text, With<DailyCardLine>>) {
    if !progress.is_changed() {
        return;
    }
    let line = daily_card_line(&progress, today());
    for mut text in &mut lines {
        if text.0 != line {
            text.0.clone_from(&line);
        }
    }
}

/// What the player should know, under the buttons: a level the game could not open, a
/// saved file it could not read. (Read each frame: the title opens before either is known.)
fn show_notices(
    store: Res<ProgressStore>,
    saved_game: Res<SavedGame>,
    launch_problem: Res<LaunchProblem>,
    mut notice: Query<&mut Text, With<Notice>>,
) {
    let lines: Vec<&str> = launch_problem
        .0
        .iter()
        .chain(&store.notice)
        .chain(&saved_game.notice)
        .map(String::as_str)
        .collect();
    let text = lines.join("\n\n");
    for mut shown in &mut notice {
        if shown.0 != text {
            shown.0 = text.clone();
        }
    }
}

fn press_title_buttons(
    mut commands: Commands,
    buttons: Query<(&Interaction, &TitleButton, Has<theme::Disabled>), Changed<Interaction>>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut editor: MessageWriter<OpenEditor>,
    (mut guide, mut codes): (MessageWriter<OpenGuide>, MessageWriter<CodeRequest>),
    progress: Res<Progress>,
) {
    for (interaction, action, disabled) in &buttons {
        if *interaction != Interaction::Pressed || disabled {
            continue;
        }
        match action {
            TitleButton::Play => next.set(Screen::LevelSelect),
            TitleButton::Endless => {
                endless::start_round(&mut commands, endless::new_run(), &mut next)
            }
            TitleButton::Daily => daily::open_today(&mut commands, &progress, &mut next),
            TitleButton::Statistics => next.set(Screen::Statistics),
            TitleButton::Settings => next.set(Screen::Settings),
            TitleButton::HowItWorks => {
                guide.write(OpenGuide);
            }
            // The level select's code field (the page's prompt in the browser), over the
            // level select, where a code that does not open says why.
            TitleButton::OpenCode => {
                if platform::IS_BROWSER {
                    codes.write(CodeRequest::Open(None));
                } else {
                    commands.insert_resource(CodeField::default());
                }
                next.set(Screen::LevelSelect);
            }
            TitleButton::Quit => {
                exit.write(AppExit::Success);
            }
            TitleButton::Conquest => next.set(Screen::Conquest),
            TitleButton::Editor => {
                editor.write(OpenEditor::Resume);
            }
        }
    }
}
