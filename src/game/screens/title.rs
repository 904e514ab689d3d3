//! The title screen: Play, Island Conquest, Level editor, Settings, Quit.

use crate::game::editor::OpenEditor;
use crate::game::platform;
use crate::game::play::endless;
use crate::game::progress::ProgressStore;
use crate::game::screen::{LaunchProblem, Screen};
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum TitleButton {
    Play,
    Endless,
    Daily,
    Conquest,
    Editor,
    Settings,
    Quit,
}

/// A line on the title screen for things the player should know (a corrupt save, say).
#[derive(Component)]
struct Notice;

pub struct TitlePlugin;

impl Plugin for TitlePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Title), spawn_title)
            .add_systems(
                Update,
                (press_title_buttons, show_notices).run_if(in_state(Screen::Title)),
            );
    }
}

fn spawn_title(mut commands: Commands, fonts: Res<Fonts>) {
    let buttons = [
        (TitleButton::Play, "Play"),
        (TitleButton::Endless, "Endless"),
        (TitleButton::Daily, "Daily puzzle"),
        (TitleButton::Conquest, "Island Conquest"),
        (TitleButton::Editor, "Level editor"),
        (TitleButton::Settings, "Settings"),
        (TitleButton::Quit, "Quit"),
    ];
    commands
        .spawn((theme::screen_root(), DespawnOnExit(Screen::Title)))
        .with_children(|root| {
            root.spawn((
                Text::new("Merge Islands"),
                fonts.display(theme::type_scale::HERO),
                TextColor(theme::ACCENT),
                Node {
                    margin: UiRect::bottom(px(8)),
                    ..default()
                },
            ));
            root.spawn((
                Text::new("Join the islands. Spend little. Score big."),
                fonts.text(20.0),
                TextColor(theme::TEXT_DIM),
                Node {
                    margin: UiRect::bottom(px(20)),
                    ..default()
                },
            ));
            for (action, label) in buttons {
                // A page is closed with its tab, not from inside.
                if platform::IS_BROWSER && action == TitleButton::Quit {
                    continue;
                }
                root.spawn((theme::button(&fonts, label, 280.0), action));
            }
            root.spawn((
                Text::new(""),
                fonts.text(15.0),
                TextColor(theme::WARNING),
                Notice,
                Node {
                    max_width: px(720),
                    margin: UiRect::top(px(24)),
                    ..default()
                },
            ));
        });
}

/// What the player should know, under the buttons: a level the game could not open, a
/// saved file it could not read. (Read each frame: the title opens before either is known.)
fn show_notices(
    store: Res<ProgressStore>,
    launch_problem: Res<LaunchProblem>,
    mut notice: Query<&mut Text, With<Notice>>,
) {
    let lines: Vec<&str> = launch_problem
        .0
        .iter()
        .chain(&store.notice)
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
            TitleButton::Daily => {
                endless::start_round(&mut commands, endless::daily_run(), &mut next)
            }
            TitleButton::Settings => next.set(Screen::Settings),
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
