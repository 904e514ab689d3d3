//! Colours, fonts and the button widget every screen uses.

use crate::colour::palette::Palette;
use crate::rules::cell::Tribe;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

pub const BACKGROUND: Color = Color::srgb(0.05, 0.09, 0.15);
pub const PANEL: Color = Color::srgba(0.04, 0.07, 0.12, 0.92);
/// A panel over everything else: opaque.
/// The type scale: every text size is one of these (a ratio of about 1.25 a step).
pub mod type_scale {
    /// The game's name on the title screen.
    pub const HERO: f32 = 64.0;
    /// A screen's or a panel's title.
    pub const TITLE: f32 = 34.0;
    /// A level's name in the HUD, a chapter's heading.
    pub const HEADING: f32 = 24.0;
    pub const BODY: f32 = 18.0;
    pub const SMALL: f32 = 14.0;
}

/// The ground of a HUD stat.
pub const CHIP: Color = Color::srgba(1.0, 1.0, 1.0, 0.07);
pub const PANEL_SOLID: Color = Color::srgb(0.06, 0.1, 0.17);
/// Laid over the whole screen behind a panel.
pub const DIM: Color = Color::srgba(0.0, 0.02, 0.05, 0.66);
pub const TEXT: Color = Color::srgb(0.93, 0.95, 0.97);
pub const TEXT_DIM: Color = Color::srgb(0.62, 0.7, 0.78);
pub const ACCENT: Color = Color::srgb(1.0, 0.8, 0.3);
pub const WARNING: Color = Color::srgb(1.0, 0.45, 0.4);
pub const BUTTON: Color = Color::srgb(0.13, 0.27, 0.4);
pub const BUTTON_HOVER: Color = Color::srgb(0.19, 0.38, 0.55);
pub const BUTTON_PRESSED: Color = Color::srgb(0.1, 0.2, 0.3);
pub const BUTTON_DISABLED: Color = Color::srgb(0.12, 0.14, 0.17);

const fn srgb_bytes([r, g, b]: [u8; 3]) -> Color {
    Color::srgb_u8(r, g, b)
}

// The palettes are measured against these (`colour::palette`).
pub const SHALLOW: Color = srgb_bytes(crate::colour::palette::SHALLOW_WATER);
pub const DEEP: Color = srgb_bytes(crate::colour::palette::DEEP_WATER);
pub const ROCK: Color = Color::srgb(0.42, 0.42, 0.45);
pub const PLANK: Color = Color::srgb(0.55, 0.36, 0.2);
/// A grain of sand as it falls.
pub const SAND: Color = Color::srgb(0.93, 0.82, 0.55);

/// A tint of the island palettes (see `crate::colour::palette`), as a colour.
pub fn island_tint(tint: u8, colour_blind: bool) -> Color {
    let [r, g, b] = Palette::for_setting(colour_blind).srgb(tint);
    Color::srgb(r, g, b)
}

/// The colour a tribe is known by (swatches, miniatures): its first tint. Its islands on a
/// board may wear its other tints, and each carries the tribe's emblem.
pub fn tribe_colour(tribe: Tribe, colour_blind: bool) -> Color {
    island_tint(
        Palette::for_setting(colour_blind).family_tint(Some(tribe)),
        colour_blind,
    )
}

/// One of neutral land's own tints (slot 0 is the one it is known by; later slots wrap).
pub fn neutral_colour(slot: u16, colour_blind: bool) -> Color {
    let palette = Palette::for_setting(colour_blind);
    let (order, own) = palette.preferences(None);
    island_tint(order[usize::from(slot) % own], colour_blind)
}

/// The fonts (their licences are in assets/fonts): DejaVu Sans, which has the star and
/// symbols, for text; Comfortaa Bold, a rounded display face, for titles.
#[derive(Resource, Debug, Clone)]
pub struct Fonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
    pub display: Handle<Font>,
}

impl FromWorld for Fonts {
    /// Loads the fonts when the plugin is built, before any screen spawns text. Headless
    /// tests have no asset server: Bevy's built-in font serves there.
    fn from_world(world: &mut World) -> Self {
        let fonts_known = world.contains_resource::<Assets<Font>>();
        if world.get_resource::<AssetServer>().is_none() || !fonts_known {
            return Fonts {
                regular: Handle::default(),
                bold: Handle::default(),
                display: Handle::default(),
            };
        }
        Fonts::built_in(world)
    }
}

/// The desktop game carries its fonts inside (it runs from any folder, with no `assets/`
/// beside it).
#[cfg(not(target_arch = "wasm32"))]
mod font_files {
    pub const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
    pub const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
    pub const DISPLAY: &[u8] = include_bytes!("../../../assets/fonts/Comfortaa-Bold.ttf");
}

impl Fonts {
    /// The desktop's fonts, from inside the game.
    #[cfg(not(target_arch = "wasm32"))]
    fn built_in(world: &mut World) -> Fonts {
        let mut fonts = world.resource_mut::<Assets<Font>>();
        let mut add = |bytes: &[u8]| fonts.add(Font::from_bytes(bytes.to_vec()));
        Fonts {
            regular: add(font_files::REGULAR),
            bold: add(font_files::BOLD),
            display: add(font_files::DISPLAY),
        }
    }

    /// The browser's fonts come over HTTP beside the page (they would make the wasm,
    /// which must arrive before anything shows, 1.6 MB larger).
    #[cfg(target_arch = "wasm32")]
    fn built_in(world: &mut World) -> Fonts {
        let assets = world.resource::<AssetServer>();
        Fonts {
            regular: assets.load("fonts/DejaVuSans.ttf"),
            bold: assets.load("fonts/DejaVuSans-Bold.ttf"),
            display: assets.load("fonts/Comfortaa-Bold.ttf"),
        }
    }

    /// Whether every font is ready to draw with (or has failed, so waiting is pointless).
    pub fn ready(&self, world: &World) -> bool {
        let fonts = world.resource::<Assets<Font>>();
        let assets = world.get_resource::<AssetServer>();
        [&self.regular, &self.bold, &self.display].iter().all(|f| {
            fonts.contains(f.id()) || assets.is_some_and(|a| a.load_state(f.id()).is_failed())
        })
    }

    pub fn text(&self, size: f32) -> TextFont {
        TextFont::from_font_size(size).with_font(self.regular.clone())
    }

    pub fn bold(&self, size: f32) -> TextFont {
        TextFont::from_font_size(size).with_font(self.bold.clone())
    }

    /// Titles: the display face.
    pub fn display(&self, size: f32) -> TextFont {
        TextFont::from_font_size(size).with_font(self.display.clone())
    }
}

/// The window every screen is laid out for; smaller windows scale the whole UI down.
const DESIGN_SIZE: Vec2 = Vec2::new(1100.0, 720.0);
/// The UI never shrinks below this (text would be too small to read).
const MIN_UI_SCALE: f32 = 0.6;

/// The UI scale a window of `size` gets: 1 at the design size and above, smaller below,
/// in steps of 0.05 so a window being resized does not relayout every pixel.
pub fn ui_scale_for(size: Vec2) -> f32 {
    let fit = (size / DESIGN_SIZE).min_element();
    // Up to 1.4 times the design size the UI keeps its size (the board takes the room);
    // beyond, a large monitor's text grows too, to at most MAX_UI_SCALE.
    let scale = if fit > UPSCALE_FROM {
        (fit / UPSCALE_FROM).min(MAX_UI_SCALE)
    } else {
        fit.clamp(MIN_UI_SCALE, 1.0)
    };
    (scale * 20.0).floor() / 20.0
}

/// How much larger than the design size a window is before the UI grows with it.
const UPSCALE_FROM: f32 = 1.4;
/// The UI never grows past this (a 2560 x 1440 monitor gets about 1.4).
const MAX_UI_SCALE: f32 = 1.6;

/// The smallest a touch target may be on a phone, in CSS (logical) pixels: Apple's guide
/// says 44 points, Google's 48 dp.
pub const TOUCH_TARGET: f32 = 44.0;
/// A window whose short side is below this (logical pixels) is laid out for fingers.
const PHONE_SHORT_SIDE: f32 = 600.0;

/// Whether the UI is laid out for fingers: a window of phone size, or a page whose main
/// pointer is a finger (`pointer: coarse`; a tablet).
pub fn touch_layout(window: Vec2) -> bool {
    window.min_element() < PHONE_SHORT_SIDE || crate::game::platform::coarse_pointer()
}

/// A button's own minimum size, before a touch layout raised it.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct OwnMinimum {
    pub width: Val,
    pub height: Val,
}

/// `own`, raised to at least `floor` logical pixels.
pub fn at_least(own: Val, floor: f32) -> Val {
    match own {
        Val::Px(v) => Val::Px(v.max(floor)),
        _ => Val::Px(floor),
    }
}

/// In a touch layout every button is at least [`TOUCH_TARGET`] CSS pixels each way (its
/// node's minimum, in UI pixels, is divided by the UI scale); elsewhere each keeps its own.
/// One rule for every screen, so no button is forgotten.
fn keep_touch_targets(
    mut commands: Commands,
    window: Query<&Window, With<PrimaryWindow>>,
    scale: Res<UiScale>,
    mut touch: Local<Option<(Vec2, bool)>>,
    mut buttons: Query<(Entity, &mut Node, Option<&OwnMinimum>), With<Button>>,
) {
    let Ok(window) = window.single() else { return };
    let size = Vec2::new(window.width(), window.height());
    // The page's pointer is asked again only when the window changes.
    let is_touch = match *touch {
        Some((seen, answer)) if seen == size => answer,
        _ => {
            let answer = touch_layout(size);
            *touch = Some((size, answer));
            answer
        }
    };
    let floor = TOUCH_TARGET / scale.0.max(0.01);
    for (entity, mut node, own) in &mut buttons {
        let own = own.copied().unwrap_or_else(|| {
            let own = OwnMinimum {
                width: node.min_width,
                height: node.min_height,
            };
            commands.entity(entity).insert(own);
            own
        });
        let (width, height) = if is_touch {
            (at_least(own.width, floor), at_least(own.height, floor))
        } else {
            (own.width, own.height)
        };
        if node.min_width != width || node.min_height != height {
            node.min_width = width;
            node.min_height = height;
        }
    }
}

/// The smallest any text is drawn, in logical pixels after the UI scale: a small window
/// shrinks the layout, but text stops shrinking here.
pub const MIN_TEXT_PX: f32 = 12.0;

/// The size a text was made with, before [`keep_text_readable`] raised it.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct DesignFontSize(pub f32);

/// Raises any text that the UI scale would draw below [`MIN_TEXT_PX`] to that size: new
/// texts as they come (their own size kept in [`DesignFontSize`]), all of them again when
/// the scale changes.
fn keep_text_readable(
    mut commands: Commands,
    scale: Res<UiScale>,
    mut texts: ParamSet<(
        Query<(Entity, &mut TextFont), (With<Text>, Without<DesignFontSize>)>,
        Query<(&mut TextFont, &DesignFontSize), With<Text>>,
    )>,
) {
    let floor = MIN_TEXT_PX / scale.0.max(0.01);
    let raise = |font: &mut TextFont, design: f32| {
        let wanted = FontSize::Px(design.max(floor));
        if font.font_size != wanted {
            font.font_size = wanted;
        }
    };
    for (entity, mut font) in &mut texts.p0() {
        // The game sizes all its text in pixels.
        if let FontSize::Px(size) = font.font_size {
            commands.entity(entity).insert(DesignFontSize(size));
            raise(&mut font, size);
        }
    }
    if scale.is_changed() {
        for (mut font, design) in &mut texts.p1() {
            raise(&mut font, design.0);
        }
    }
}

fn fit_ui_to_window(window: Query<&Window, With<PrimaryWindow>>, mut scale: ResMut<UiScale>) {
    let Ok(window) = window.single() else { return };
    let wanted = ui_scale_for(Vec2::new(window.width(), window.height()));
    if scale.0 != wanted {
        scale.0 = wanted;
    }
}

/// A button; what it does is the `ButtonAction` the screen attaches.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disabled;

/// A button that keeps its own colour (a palette swatch).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnColour;

pub struct ThemePlugin;

impl Plugin for ThemePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Fonts>()
            .init_resource::<UiScale>()
            .add_systems(
                Update,
                (
                    colour_buttons,
                    (fit_ui_to_window, keep_touch_targets, keep_text_readable).chain(),
                ),
            );
    }
}

/// A column-centred button with a label.
pub fn button(fonts: &Fonts, label: &str, width: f32) -> impl Bundle {
    (
        Button,
        Node {
            width: px(width),
            height: px(46),
            margin: UiRect::all(px(6)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        BackgroundColor(BUTTON),
        children![(
            Text::new(label),
            fonts.text(20.0),
            TextColor(TEXT),
            Pickable::IGNORE
        )],
    )
}

/// A button for a bar of controls (the playing screen's foot): it shares the bar's width
/// with its neighbours, so on a phone each is as wide as a finger needs.
pub fn bar_button(fonts: &Fonts, label: &str) -> impl Bundle {
    (
        Button,
        Node {
            height: px(42),
            padding: UiRect::horizontal(px(10)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            flex_grow: 1.0,
            flex_shrink: 0.0,
            max_width: px(150),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(BUTTON),
        children![(
            Text::new(label),
            fonts.text(16.0),
            TextColor(TEXT),
            Pickable::IGNORE
        )],
    )
}

/// A full-window column that centres its children.
pub fn screen_root() -> Node {
    Node {
        width: percent(100),
        height: percent(100),
        flex_direction: FlexDirection::Column,
        justify_content: JustifyContent::Center,
        align_items: AlignItems::Center,
        ..default()
    }
}

/// A centred panel over the screen (a won, paused or game-over panel), despawned with
/// `despawn` (a `DespawnOnExit` of the phase it belongs to). The whole screen behind it is
/// dimmed, so nothing of the board pokes out around it; the panel is as large as what it
/// holds, and never wider than the window.
pub fn panel(
    commands: &mut Commands,
    despawn: impl Bundle,
    fill: impl FnOnce(&mut ChildSpawnerCommands),
) {
    commands
        .spawn((
            screen_root(),
            BackgroundColor(DIM),
            Pickable::IGNORE,
            despawn,
            GlobalZIndex(10),
        ))
        .with_children(|root| {
            root.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    padding: UiRect::all(px(24)),
                    border_radius: BorderRadius::all(px(14)),
                    min_width: px(300),
                    max_width: percent(94),
                    ..default()
                },
                BackgroundColor(PANEL_SOLID),
            ))
            .with_children(fill);
        });
}

fn colour_buttons(
    mut buttons: Query<
        (&Interaction, &mut BackgroundColor, Has<Disabled>),
        (Changed<Interaction>, With<Button>, Without<OwnColour>),
    >,
) {
    for (interaction, mut colour, disabled) in &mut buttons {
        colour.0 = match (disabled, interaction) {
            (true, _) => BUTTON_DISABLED,
            (false, Interaction::Pressed) => BUTTON_PRESSED,
            (false, Interaction::Hovered) => BUTTON_HOVER,
            (false, Interaction::None) => BUTTON,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_scale_the_ui_down_to_a_floor_and_up_to_a_ceiling() {
        assert_eq!(ui_scale_for(Vec2::new(1280.0, 800.0)), 1.0);
        assert_eq!(ui_scale_for(Vec2::new(800.0, 600.0)), 0.7);
        assert_eq!(ui_scale_for(Vec2::new(390.0, 844.0)), MIN_UI_SCALE);
        assert_eq!(ui_scale_for(Vec2::new(1920.0, 1080.0)), 1.05);
        assert_eq!(ui_scale_for(Vec2::new(2560.0, 1440.0)), 1.4);
        assert_eq!(ui_scale_for(Vec2::new(7680.0, 4320.0)), MAX_UI_SCALE);
    }

    #[test]
    fn a_touch_layout_raises_a_button_to_the_touch_target_and_keeps_a_larger_one() {
        assert!(touch_layout(Vec2::new(390.0, 844.0)));
        assert!(
            touch_layout(Vec2::new(844.0, 390.0)),
            "a phone held sideways"
        );
        assert!(!touch_layout(Vec2::new(1280.0, 800.0)));
        // At the phone's UI scale 0.6 a 44 CSS px target is 73.3 UI pixels.
        let floor = TOUCH_TARGET / 0.6;
        assert_eq!(at_least(Val::Px(34.0), floor), Val::Px(floor));
        assert_eq!(at_least(Val::Auto, floor), Val::Px(floor));
        assert_eq!(at_least(Val::Px(120.0), floor), Val::Px(120.0));
        assert!(floor * 0.6 >= TOUCH_TARGET - 1e-3);
    }

    /// Every tribe is known by a colour of its own in the standard palette, apart from
    /// neutral land's.
    #[test]
    fn tribes_and_neutral_land_are_known_by_their_own_colours() {
        let mut seen = vec![neutral_colour(0, false)];
        for t in 0..Tribe::COUNT {
            let c = tribe_colour(Tribe::new(t as u8).unwrap(), false);
            assert!(!seen.contains(&c), "tribe {t}");
            seen.push(c);
        }
    }
}
