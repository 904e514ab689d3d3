//! The settings screen: volume, mute, colour-blind palette, animation speed, fullscreen.
//! Every change applies at once and is saved.

use crate::game::progress::SaveProgress;
use crate::game::screen::{Screen, SettingsReturn};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum SettingButton {
    VolumeDown,
    VolumeUp,
    Mute,
    Palette,
    Animation,
    Fullscreen,
    Back,
}

#[derive(Component)]
struct SettingsLabel;

pub struct SettingsPlugin;

impl Plugin for SettingsPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(SettingsReturn(Screen::Title))
            .add_systems(OnEnter(Screen::Settings), spawn_settings)
            .add_systems(
                Update,
                (press_setting_buttons, describe_settings).run_if(in_state(Screen::Settings)),
            )
            .add_systems(
                Update,
                apply_fullscreen.run_if(resource_changed::<Settings>),
            );
    }
}

fn spawn_settings(mut commands: Commands, fonts: Res<Fonts>) {
    let rows = [
        (SettingButton::VolumeDown, "Volume −"),
        (SettingButton::VolumeUp, "Volume +"),
        (SettingButton::Mute, "Mute / unmute"),
        (SettingButton::Palette, "Colour-blind palette"),
        (SettingButton::Animation, "Animation speed"),
        (SettingButton::Fullscreen, "Fullscreen"),
        (SettingButton::Back, "Back"),
    ];
    commands
        .spawn((theme::screen_root(), DespawnOnExit(Screen::Settings)))
        .with_children(|root| {
            root.spawn((
                Text::new("Settings"),
                fonts.bold(40.0),
                TextColor(theme::ACCENT),
            ));
            root.spawn((
                Text::new(""),
                fonts.text(18.0),
                TextColor(theme::TEXT),
                SettingsLabel,
                Node {
                    margin: UiRect::vertical(px(16)),
                    ..default()
                },
            ));
            for (action, label) in rows {
                root.spawn((theme::button(&fonts, label, 300.0), action));
            }
        });
}

fn describe_settings(settings: Res<Settings>, mut label: Query<&mut Text, With<SettingsLabel>>) {
    let s = *settings;
    for mut text in &mut label {
        text.0 = format!(
            "Volume {}%{}   ·   Palette: {}   ·   Animations: {:?}   ·   {}",
            (s.volume * 100.0).round(),
            if s.muted { " (muted)" } else { "" },
            if s.colour_blind {
                "colour-blind safe, with symbols"
            } else {
                "standard"
            },
            s.animation,
            if s.fullscreen {
                "fullscreen"
            } else {
                "windowed"
            },
        );
    }
}

fn press_setting_buttons(
    buttons: Query<(&Interaction, &SettingButton), Changed<Interaction>>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveProgress>,
    back_to: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (interaction, action) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        let s = &mut *settings;
        match action {
            SettingButton::VolumeDown => {
                s.volume = ((s.volume - 0.1) * 10.0).round().max(0.0) / 10.0
            }
            SettingButton::VolumeUp => {
                s.volume = ((s.volume + 0.1) * 10.0).round().min(10.0) / 10.0
            }
            SettingButton::Mute => s.muted = !s.muted,
            SettingButton::Palette => s.colour_blind = !s.colour_blind,
            SettingButton::Animation => s.animation = s.animation.next(),
            SettingButton::Fullscreen => s.fullscreen = !s.fullscreen,
            SettingButton::Back => {
                next.set(back_to.0);
                continue;
            }
        }
        save.write(SaveProgress);
    }
}

fn apply_fullscreen(settings: Res<Settings>, mut window: Query<&mut Window, With<PrimaryWindow>>) {
    let wanted = if settings.fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    for mut w in &mut window {
        if w.mode != wanted {
            w.mode = wanted;
        }
    }
}
