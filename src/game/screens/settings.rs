//! The settings screen: effects and music volume as sliders (drag or tap the bar, or use
//! − and +), mute, colour-blind palette, animation speed, fullscreen, the warning when a
//! level can no longer be won. Each button says the setting it holds now; every change
//! applies at once and is saved. An About panel gives the version, the licences and the
//! fonts' credits, and opens "How it works".

use crate::about;
use crate::game::play::xray::OpenGuide;
use crate::game::progress::SaveProgress;
use crate::game::screen::{Screen, SettingsReturn};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, Fonts};
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum SettingButton {
    Down(Slider),
    Up(Slider),
    Mute,
    Palette,
    Animation,
    Fullscreen,
    Warnings,
    About,
    CloseAbout,
    HowItWorks,
    Back,
}

/// Whether the About panel is up (`--screen about` opens the settings with it).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AboutPanel {
    pub open: bool,
}

/// The About panel's root.
#[derive(Component)]
struct AboutRoot;

/// A volume slider's bar.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum Slider {
    Effects,
    Music,
}

impl Slider {
    fn value(self, s: &Settings) -> f32 {
        match self {
            Slider::Effects => s.volume,
            Slider::Music => s.music_volume,
        }
    }

    fn set(self, s: &mut Settings, v: f32) {
        let v = (v.clamp(0.0, 1.0) * 20.0).round() / 20.0;
        match self {
            Slider::Effects => s.volume = v,
            Slider::Music => s.music_volume = v,
        }
    }
}

/// The filled part of a slider's bar, and its number.
#[derive(Component)]
struct SliderFill(Slider);
#[derive(Component)]
struct SliderValue(Slider);

/// Where along a bar a pointer is, 0 at its left end and 1 at its right: the bar's centre
/// and width in physical pixels, the pointer in logical ones.
fn fraction_along(pointer: Vec2, scale_factor: f32, centre_x: f32, width: f32) -> f32 {
    if width <= 0.0 {
        return 0.0;
    }
    ((pointer.x * scale_factor - (centre_x - width / 2.0)) / width).clamp(0.0, 1.0)
}

pub struct SettingsPlugin;

impl Plugin for SettingsPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(SettingsReturn(Screen::Title))
            .init_resource::<AboutPanel>()
            .add_systems(OnEnter(Screen::Settings), spawn_settings)
            .add_systems(OnExit(Screen::Settings), |mut about: ResMut<AboutPanel>| {
                about.open = false;
            })
            .add_systems(
                Update,
                (press_setting_buttons, describe_settings, show_about)
                    .chain()
                    .run_if(in_state(Screen::Settings)),
            )
            .add_systems(
                Update,
                apply_fullscreen.run_if(resource_changed::<Settings>),
            );
    }
}

fn spawn_settings(mut commands: Commands, fonts: Res<Fonts>, settings: Res<Settings>) {
    let rows = [
        SettingButton::Mute,
        SettingButton::Palette,
        SettingButton::Animation,
        SettingButton::Fullscreen,
        SettingButton::Warnings,
        SettingButton::About,
        SettingButton::Back,
    ];
    commands
        .spawn((theme::screen_root(), DespawnOnExit(Screen::Settings)))
        .with_children(|root| {
            root.spawn((
                Text::new("Settings"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            root.spawn((
                Text::new("Each button shows its setting: press it to change."),
                fonts.text(16.0),
                TextColor(theme::TEXT_DIM),
                Node {
                    margin: UiRect::vertical(px(12)),
                    max_width: px(600),
                    ..default()
                },
            ));
            for (slider, name) in [(Slider::Effects, "Effects"), (Slider::Music, "Music")] {
                slider_row(root, &fonts, slider, name, slider.value(&settings));
            }
            for action in rows {
                let width = if action == SettingButton::Warnings {
                    420.0
                } else {
                    320.0
                };
                let label = button_label(action, &settings);
                root.spawn((theme::button(&fonts, &label, width), action));
            }
        });
}

/// "Name  [−] [=====     ] [+]  70%".
fn slider_row(
    root: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    slider: Slider,
    name: &str,
    value: f32,
) {
    root.spawn(Node {
        align_items: AlignItems::Center,
        column_gap: px(8),
        margin: UiRect::vertical(px(6)),
        ..default()
    })
    .with_children(|row| {
        row.spawn((
            Text::new(name),
            fonts.bold(theme::type_scale::BODY),
            TextColor(theme::TEXT),
            Node {
                width: px(72),
                ..default()
            },
        ));
        row.spawn((theme::button(fonts, "−", 44.0), SettingButton::Down(slider)));
        row.spawn((
            Node {
                width: px(220),
                height: px(24),
                border_radius: BorderRadius::all(px(12)),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(theme::BUTTON),
            slider,
        ))
        .with_child((
            Node {
                width: percent(value * 100.0),
                height: percent(100),
                ..default()
            },
            BackgroundColor(theme::ACCENT),
            SliderFill(slider),
            Pickable::IGNORE,
        ))
        .observe(slide_on_press)
        .observe(slide_on_drag)
        .observe(save_on_release);
        row.spawn((theme::button(fonts, "+", 44.0), SettingButton::Up(slider)));
        row.spawn((
            Text::new(""),
            fonts.text(16.0),
            TextColor(theme::TEXT),
            SliderValue(slider),
            Node {
                width: px(48),
                ..default()
            },
        ));
    });
}

fn slide_on_press(
    press: On<Pointer<Press>>,
    bars: Query<(&Slider, &ComputedNode, &UiGlobalTransform)>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut settings: ResMut<Settings>,
) {
    slide_to(
        press.entity,
        press.pointer_location.position,
        &bars,
        &window,
        &mut settings,
    );
}

fn slide_on_drag(
    drag: On<Pointer<Drag>>,
    bars: Query<(&Slider, &ComputedNode, &UiGlobalTransform)>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut settings: ResMut<Settings>,
) {
    slide_to(
        drag.entity,
        drag.pointer_location.position,
        &bars,
        &window,
        &mut settings,
    );
}

/// Saving waits for the finger or button to lift (a drag changes the value every frame).
fn save_on_release(_release: On<Pointer<Release>>, mut save: MessageWriter<SaveProgress>) {
    save.write(SaveProgress);
}

fn slide_to(
    bar: Entity,
    pointer: Vec2,
    bars: &Query<(&Slider, &ComputedNode, &UiGlobalTransform)>,
    window: &Query<&Window, With<PrimaryWindow>>,
    settings: &mut Settings,
) {
    let Ok((&slider, node, transform)) = bars.get(bar) else {
        return;
    };
    let scale = window.single().map_or(1.0, |w| w.scale_factor());
    let f = fraction_along(pointer, scale, transform.translation.x, node.size().x);
    if (slider.value(settings) - f).abs() > f32::EPSILON {
        slider.set(settings, f);
    }
}

/// What a button says: the setting it holds now.
fn button_label(action: SettingButton, s: &Settings) -> String {
    let on_off = |on: bool| if on { "on" } else { "off" };
    match action {
        SettingButton::Down(_) => "−".into(),
        SettingButton::Up(_) => "+".into(),
        SettingButton::Mute => format!("Sound: {}", if s.muted { "muted" } else { "on" }),
        SettingButton::Palette => format!(
            "Palette: {}",
            if s.colour_blind {
                "colour-blind"
            } else {
                "standard"
            }
        ),
        SettingButton::Animation => format!("Animations: {:?}", s.animation),
        SettingButton::Fullscreen => format!("Fullscreen: {}", on_off(s.fullscreen)),
        SettingButton::Warnings => {
            format!(
                "Warn when a level can't be won: {}",
                on_off(s.warn_unwinnable)
            )
        }
        SettingButton::About => "About".into(),
        SettingButton::CloseAbout => "Close".into(),
        SettingButton::HowItWorks => "How it works".into(),
        SettingButton::Back => "Back".into(),
    }
}

/// How a volume slider looks: its fill's width (0 to 1), colour and number. Muted, the
/// bar is grey and says so, whatever the volume it will come back at.
fn slider_look(slider: Slider, s: &Settings) -> (f32, Color, String) {
    let value = slider.value(s);
    if s.muted {
        (value, theme::TEXT_DIM.with_alpha(0.5), "muted".into())
    } else {
        (
            value,
            theme::ACCENT,
            format!("{}%", (value * 100.0).round()),
        )
    }
}

fn describe_settings(
    settings: Res<Settings>,
    buttons: Query<(&SettingButton, &Children)>,
    mut button_texts: Query<&mut Text, Without<SliderValue>>,
    mut fills: Query<(&mut Node, &mut BackgroundColor, &SliderFill)>,
    mut values: Query<(&mut Text, &SliderValue)>,
) {
    let s = *settings;
    for (&action, children) in &buttons {
        let label = button_label(action, &s);
        for &child in children {
            if let Ok(mut text) = button_texts.get_mut(child)
                && text.0 != label
            {
                text.0.clone_from(&label);
            }
        }
    }
    for (mut node, mut colour, fill) in &mut fills {
        let (value, look, _) = slider_look(fill.0, &s);
        let width = percent(value * 100.0);
        if node.width != width {
            node.width = width;
        }
        if colour.0 != look {
            colour.0 = look;
        }
    }
    for (mut text, value) in &mut values {
        let (_, _, shown) = slider_look(value.0, &s);
        if text.0 != shown {
            text.0 = shown;
        }
    }
}

fn press_setting_buttons(
    buttons: Query<(&Interaction, &SettingButton), Changed<Interaction>>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveProgress>,
    back_to: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
    mut about: ResMut<AboutPanel>,
    mut guide: MessageWriter<OpenGuide>,
) {
    for (interaction, action) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        let s = &mut *settings;
        match action {
            SettingButton::About | SettingButton::CloseAbout => {
                about.open = *action == SettingButton::About;
                continue;
            }
            SettingButton::HowItWorks => {
                guide.write(OpenGuide);
                continue;
            }
            SettingButton::Down(slider) => slider.set(s, slider.value(s) - 0.1),
            SettingButton::Up(slider) => slider.set(s, slider.value(s) + 0.1),
            SettingButton::Mute => s.muted = !s.muted,
            SettingButton::Palette => s.colour_blind = !s.colour_blind,
            SettingButton::Animation => {
                s.animation = s.animation.next();
                s.motion_chosen = true;
            }
            SettingButton::Fullscreen => s.fullscreen = !s.fullscreen,
            SettingButton::Warnings => s.warn_unwinnable = !s.warn_unwinnable,
            SettingButton::Back => {
                next.set(back_to.0);
                continue;
            }
        }
        save.write(SaveProgress);
    }
}

/// The About panel's lines: the version, the licences and the fonts' credits.
pub fn about_lines() -> Vec<String> {
    let mut lines = vec![
        format!("Version {}", about::VERSION_LINE),
        format!("The game: {}", about::LICENCE),
        "Fonts:".to_string(),
    ];
    lines.extend(about::FONT_CREDITS.iter().map(|c| format!("  {c}")));
    lines.push(about::ART_CREDIT.to_string());
    lines.push(
        "The licences' full texts come with the game (LICENSE-MIT, LICENSE-APACHE, \
         and the fonts' beside them)."
            .to_string(),
    );
    lines
}

/// Puts the About panel up or takes it down, as [`AboutPanel`] says.
fn show_about(
    mut commands: Commands,
    about: Res<AboutPanel>,
    shown: Query<Entity, With<AboutRoot>>,
    fonts: Res<Fonts>,
) {
    let up = !shown.is_empty();
    if about.open == up {
        return;
    }
    if !about.open {
        for entity in &shown {
            commands.entity(entity).despawn();
        }
        return;
    }
    theme::panel(
        &mut commands,
        (DespawnOnExit(Screen::Settings), AboutRoot),
        |panel| {
            panel.spawn((
                Text::new("Merge Islands"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            for line in about_lines() {
                panel.spawn((
                    Text::new(line),
                    fonts.text(theme::type_scale::SMALL + 2.0),
                    TextColor(theme::TEXT),
                    Node {
                        margin: UiRect::vertical(px(3)),
                        max_width: px(640),
                        ..default()
                    },
                ));
            }
            panel
                .spawn(Node {
                    margin: UiRect::top(px(12)),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((
                        theme::button(&fonts, "How it works", 220.0),
                        SettingButton::HowItWorks,
                    ));
                    row.spawn((
                        theme::button(&fonts, "Close", 160.0),
                        SettingButton::CloseAbout,
                    ));
                });
        },
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slider_reads_the_pointer_along_its_bar_and_steps_by_five_percent() {
        // A bar 200 physical pixels wide centred at x = 300, on a window at scale 2.
        assert_eq!(
            fraction_along(Vec2::new(150.0, 0.0), 2.0, 300.0, 200.0),
            0.5
        );
        assert_eq!(fraction_along(Vec2::new(0.0, 0.0), 2.0, 300.0, 200.0), 0.0);
        assert_eq!(
            fraction_along(Vec2::new(500.0, 0.0), 2.0, 300.0, 200.0),
            1.0
        );
        let mut s = Settings::default();
        Slider::Music.set(&mut s, 0.33);
        assert_eq!(s.music_volume, 0.35);
        Slider::Effects.set(&mut s, 1.7);
        assert_eq!(s.volume, 1.0);
    }

    /// Every button names the setting it holds, and a muted slider says so in grey.
    #[test]
    fn buttons_and_sliders_show_the_settings_they_hold() {
        let mut s = Settings {
            muted: false,
            colour_blind: false,
            ..Settings::default()
        };
        assert_eq!(button_label(SettingButton::Mute, &s), "Sound: on");
        assert_eq!(
            button_label(SettingButton::Palette, &s),
            "Palette: standard"
        );
        s.muted = true;
        s.colour_blind = true;
        s.animation = crate::game::settings::AnimationSpeed::Fast;
        s.fullscreen = true;
        assert_eq!(button_label(SettingButton::Mute, &s), "Sound: muted");
        assert_eq!(
            button_label(SettingButton::Palette, &s),
            "Palette: colour-blind"
        );
        assert_eq!(
            button_label(SettingButton::Animation, &s),
            "Animations: Fast"
        );
        assert_eq!(
            button_label(SettingButton::Fullscreen, &s),
            "Fullscreen: on"
        );
        let (_, colour, words) = slider_look(Slider::Effects, &s);
        assert_eq!(words, "muted");
        assert_ne!(colour, theme::ACCENT);
        s.muted = false;
        s.volume = 0.7;
        let (width, colour, words) = slider_look(Slider::Effects, &s);
        assert_eq!((width, colour, words.as_str()), (0.7, theme::ACCENT, "70%"));
    }
}
