//! The level select: chapters side by side where they fit and wrapping below where they do
//! not, in a list that scrolls (wheel, finger, Page Up / Page Down); each level a button with
//! its stars; locked levels greyed out. The title, Open a code and Back stay in view.

use crate::game::level_codes::{CodeRequest, level_from_code};
use crate::game::level_store::{Campaign, CampaignLevel, CurrentLevel};
use crate::game::platform;
use crate::game::play::resume::{ContinueButton, KeepsItsPlace};
use crate::game::progress::Progress;
use crate::game::screen::Screen;
use crate::game::ui::art::miniature;
use crate::game::ui::scroll::{Scrollable, TapOrDrag};
use crate::game::ui::theme::{self, Fonts};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use std::collections::HashMap;

/// Each level's miniature, drawn once and kept (by level key) for later visits.
#[derive(Resource, Debug, Default)]
struct Miniatures(HashMap<String, Handle<Image>>);

impl Miniatures {
    /// The miniature of `entry`; the default (blank) image where there are no images
    /// (headless tests).
    fn of(
        &mut self,
        entry: &CampaignLevel,
        images: &mut Option<ResMut<Assets<Image>>>,
    ) -> Handle<Image> {
        let Some(images) = images else {
            return Handle::default();
        };
        self.0
            .entry(entry.key.clone())
            .or_insert_with(|| images.add(miniature(&entry.level)))
            .clone()
    }
}

/// How many unwon levels ahead of the last win are open: a player stuck on one level can
/// try the next two.
pub const OPEN_AHEAD: usize = 3;

#[derive(Component, Debug, Clone)]
struct LevelButton(String);

#[derive(Component)]
struct BackButton;

/// The scrolling list of levels.
#[derive(Component)]
struct LevelList;

/// Opens a level from its code: a field to type or paste it into (the browser asks with
/// the page's own prompt instead).
#[derive(Component)]
struct OpenCodeButton;

/// The code being typed or pasted, while its field is open; and why the last try failed.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeField {
    pub text: String,
    pub why: Option<String>,
}

/// The field's panel.
#[derive(Component)]
struct CodeDialog;

/// The field's two lines: the code as typed, and why it did not open.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum CodeLine {
    Field,
    Why,
}

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum CodeButton {
    Paste,
    Open,
    Cancel,
}

/// The longest code the field takes (a level's code is far shorter).
const MAX_CODE_CHARS: usize = 4000;

/// "The more below" hint at the list's foot, while there is more to scroll to.
#[derive(Component)]
struct MoreBelow;

pub struct LevelSelectPlugin;

impl Plugin for LevelSelectPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Miniatures>()
            .add_systems(OnEnter(Screen::LevelSelect), spawn_level_select)
            .add_systems(OnExit(Screen::LevelSelect), |mut commands: Commands| {
                commands.remove_resource::<CodeField>();
            })
            .add_systems(
                Update,
                (
                    press_level_buttons,
                    back_on_escape,
                    type_code,
                    show_code_field,
                    show_more_below,
                )
                    .chain()
                    .run_if(in_state(Screen::LevelSelect)),
            );
    }
}

/// Which levels (by key) the player may open: in play order, every level up to the
/// furthest win, and up to `OPEN_AHEAD` unwon ones after it. A chapter added in front of
/// levels already won (the teaching chapter) never locks what the player had reached.
pub fn unlocked_levels(campaign: &Campaign, progress: &Progress) -> Vec<String> {
    let order: Vec<&str> = campaign.in_order().map(|(_, l)| l.key.as_str()).collect();
    let won = |key: &str| progress.record(key).stars > 0;
    let furthest_win = order.iter().rposition(|key| won(key));
    let mut open = Vec::new();
    let mut ahead = 0;
    for (i, key) in order.iter().enumerate() {
        if won(key) || furthest_win.is_some_and(|w| i < w) {
            open.push(key.to_string());
        } else if ahead < OPEN_AHEAD {
            ahead += 1;
            open.push(key.to_string());
        }
    }
    open
}

fn stars_text(stars: u8) -> String {
    (0..3).map(|i| if i < stars { '★' } else { '☆' }).collect()
}

fn spawn_level_select(
    mut commands: Commands,
    fonts: Res<Fonts>,
    campaign: Res<Campaign>,
    progress: Res<Progress>,
    mut miniatures: ResMut<Miniatures>,
    mut images: Option<ResMut<Assets<Image>>>,
) {
    let open = unlocked_levels(&campaign, &progress);
    let total_stars: u32 = campaign
        .in_order()
        .map(|(_, l)| u32::from(progress.record(&l.key).stars))
        .sum();
    let max_stars = campaign.in_order().count() * 3;
    commands
        .spawn((
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                padding: UiRect::all(px(12)),
                ..default()
            },
            DespawnOnExit(Screen::LevelSelect),
        ))
        .with_children(|page| {
            // The display face has no star: the count is in the text face.
            page.spawn(Node {
                align_items: AlignItems::Baseline,
                column_gap: px(18),
                margin: UiRect::bottom(px(8)),
                ..default()
            })
            .with_children(|title| {
                title.spawn((
                    Text::new("Choose a level"),
                    fonts.display(theme::type_scale::TITLE),
                    TextColor(theme::ACCENT),
                ));
                title.spawn((
                    Text::new(format!("{total_stars} / {max_stars} ★")),
                    fonts.bold(theme::type_scale::HEADING),
                    TextColor(theme::ACCENT),
                ));
            });
            // The list takes the room between the title and Back, and scrolls within it.
            page.spawn((
                Node {
                    width: percent(100),
                    flex_grow: 1.0,
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                Scrollable,
                LevelList,
            ))
            .with_children(|root| {
                root.spawn(Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::FlexStart,
                    width: percent(100),
                    flex_shrink: 0.0,
                    margin: UiRect::vertical(px(6)),
                    column_gap: px(14),
                    row_gap: px(14),
                    ..default()
                })
                .with_children(|columns| {
                    for (n, chapter) in campaign.chapters.iter().enumerate() {
                        let heading = format!("{}. {}", n + 1, chapter.name);
                        columns
                            .spawn(Node {
                                flex_direction: FlexDirection::Column,
                                align_items: AlignItems::Center,
                                ..default()
                            })
                            .with_children(|column| {
                                column.spawn((
                                    Text::new(heading),
                                    fonts.bold(20.0),
                                    TextColor(theme::TEXT),
                                    Node {
                                        margin: UiRect::bottom(px(6)),
                                        ..default()
                                    },
                                ));
                                for (i, entry) in chapter.levels.iter().enumerate() {
                                    let unlocked = open.contains(&entry.key);
                                    let stars = progress.record(&entry.key).stars;
                                    let picture = miniatures.of(entry, &mut images);
                                    level_card(
                                        column,
                                        &fonts,
                                        (i + 1, entry, picture),
                                        stars,
                                        unlocked,
                                    );
                                }
                            });
                    }
                });
                // The designer's own levels: always open, in a row under the campaign.
                if !campaign.custom.is_empty() {
                    root.spawn((
                        Text::new("Your levels"),
                        fonts.bold(20.0),
                        TextColor(theme::TEXT),
                    ));
                    root.spawn(Node {
                        flex_direction: FlexDirection::Row,
                        flex_wrap: FlexWrap::Wrap,
                        justify_content: JustifyContent::Center,
                        max_width: px(1060),
                        flex_shrink: 0.0,
                        margin: UiRect::bottom(px(8)),
                        ..default()
                    })
                    .with_children(|row| {
                        for (i, entry) in campaign.custom.iter().enumerate() {
                            let stars = progress.record(&entry.key).stars;
                            let picture = miniatures.of(entry, &mut images);
                            level_card(row, &fonts, (i + 1, entry, picture), stars, true);
                        }
                    });
                }
                for problem in &campaign.problems {
                    root.spawn((
                        Text::new(problem.clone()),
                        fonts.text(13.0),
                        TextColor(theme::WARNING),
                    ));
                }
            });
            // More chapters below the fold: said at the list's foot until it is scrolled down.
            page.spawn((
                Node {
                    width: percent(100),
                    height: px(26),
                    margin: UiRect::top(px(-26)),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    flex_shrink: 0.0,
                    display: Display::None,
                    ..default()
                },
                BackgroundColor(theme::BACKGROUND.with_alpha(0.85)),
                Pickable::IGNORE,
                GlobalZIndex(2),
                MoreBelow,
                children![(
                    Text::new("▼ more below — scroll ▼"),
                    fonts.bold(15.0),
                    TextColor(theme::ACCENT),
                    Pickable::IGNORE,
                )],
            ));
            // The game left unfinished, a code to open, and the way back.
            page.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                flex_shrink: 0.0,
                ..default()
            })
            .with_children(|row| {
                // Hidden, not removed, when there is nothing to continue: the buttons beside
                // it keep their places.
                row.spawn((
                    theme::button(&fonts, "", 420.0),
                    ContinueButton,
                    KeepsItsPlace,
                ));
                row.spawn((theme::button(&fonts, "Open a code", 220.0), OpenCodeButton));
                row.spawn((theme::button(&fonts, "Back", 200.0), BackButton));
            });
        });
}

/// A level's card: its board in miniature, its number and name, and its stars; a locked
/// level shows its shape dimmed and a lock.
fn level_card(
    column: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    (number, entry, picture): (usize, &CampaignLevel, Handle<Image>),
    stars: u8,
    unlocked: bool,
) {
    const PICTURE: f32 = 52.0;
    let (w, h) = (entry.level.width as f32, entry.level.height as f32);
    let scale = PICTURE / w.max(h);
    let (name, line) = if unlocked {
        (format!("{number}. {}", entry.level.name), stars_text(stars))
    } else {
        (
            format!("{number}. Locked"),
            "win earlier levels".to_string(),
        )
    };
    let text_colour = if unlocked {
        theme::TEXT
    } else {
        theme::TEXT_DIM
    };
    let mut card = column.spawn((
        Button,
        Node {
            width: px(250),
            height: px(64),
            margin: UiRect::all(px(3)),
            padding: UiRect::axes(px(6), px(4)),
            column_gap: px(10),
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        BackgroundColor(if unlocked {
            theme::BUTTON
        } else {
            theme::BUTTON_DISABLED
        }),
        LevelButton(entry.key.clone()),
    ));
    card.with_children(|card| {
        card.spawn((
            Node {
                width: px(PICTURE),
                height: px(PICTURE),
                flex_shrink: 0.0,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_child((
            ImageNode::new(picture).with_color(if unlocked {
                Color::WHITE
            } else {
                Color::srgba(1.0, 1.0, 1.0, 0.25)
            }),
            Node {
                width: px(w * scale),
                height: px(h * scale),
                border_radius: BorderRadius::all(px(4)),
                ..default()
            },
            Pickable::IGNORE,
        ));
        card.spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(2),
                flex_shrink: 1.0,
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_children(|words| {
            words.spawn((
                Text::new(name),
                fonts.bold(theme::type_scale::SMALL),
                TextColor(text_colour),
                Pickable::IGNORE,
            ));
            words.spawn((
                Text::new(line),
                fonts.text(if unlocked { 16.0 } else { 12.0 }),
                TextColor(if unlocked {
                    theme::ACCENT
                } else {
                    theme::TEXT_DIM
                }),
                Pickable::IGNORE,
            ));
        });
    });
    if !unlocked {
        card.insert(theme::Disabled);
    }
}

/// Whether letting go of a pressed level button opens its level: a mouse released over it,
/// or a finger lifted without scrolling the list.
pub fn opens_on_release(now: Interaction, gesture: TapOrDrag) -> bool {
    match now {
        Interaction::Pressed => false,
        // A finger opens what it tapped, wherever Bevy last saw it.
        _ if gesture.touch => gesture.is_tap(),
        Interaction::Hovered => true,
        Interaction::None => false,
    }
}

/// A level opens when its button is let go (not when pressed), so a finger can scroll the
/// list without opening the level it first touched.
fn press_level_buttons(
    mut commands: Commands,
    buttons: Query<(&Interaction, &LevelButton, Has<theme::Disabled>), Changed<Interaction>>,
    back: Query<&Interaction, (Changed<Interaction>, With<BackButton>)>,
    open_code: Query<&Interaction, (Changed<Interaction>, With<OpenCodeButton>)>,
    mut codes: MessageWriter<CodeRequest>,
    campaign: Res<Campaign>,
    gesture: Res<TapOrDrag>,
    mut pressed: Local<Option<String>>,
    mut next: ResMut<NextState<Screen>>,
    field: Option<Res<CodeField>>,
) {
    // The code's field is over the list: the buttons behind it wait.
    if field.is_some() {
        return;
    }
    for (interaction, LevelButton(key), disabled) in &buttons {
        if disabled {
            continue;
        }
        if *interaction == Interaction::Pressed {
            *pressed = Some(key.clone());
            continue;
        }
        if pressed.as_ref() != Some(key) {
            continue;
        }
        *pressed = None;
        if opens_on_release(*interaction, *gesture)
            && let Some(level) = campaign.all().find(|l| &l.key == key)
        {
            commands.insert_resource(CurrentLevel(level.clone()));
            next.set(Screen::Playing);
        }
    }
    if back.iter().any(|i| *i == Interaction::Pressed) {
        next.set(Screen::Title);
    }
    if open_code.iter().any(|i| *i == Interaction::Pressed) {
        if platform::IS_BROWSER {
            codes.write(CodeRequest::Open(None));
        } else {
            commands.insert_resource(CodeField::default());
        }
    }
}

fn back_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    field: Option<Res<CodeField>>,
    mut next: ResMut<NextState<Screen>>,
) {
    // With the code's field open, Esc closes the field (see `type_code`).
    if keys.just_pressed(KeyCode::Escape) && field.is_none() {
        next.set(Screen::Title);
    }
}

/// What a key does to the code's field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey {
    Typed(String),
    Backspace,
    Paste,
    Open,
    Close,
}

/// Applies a key to the field; `Some(code)` when the player asked to open it and it does
/// (a bad code leaves the field open, saying why), `None` otherwise. `paste` reads the
/// clipboard.
pub fn field_key(
    field: &mut CodeField,
    key: FieldKey,
    campaign: &Campaign,
    paste: impl FnOnce() -> Result<Option<String>, String>,
) -> Option<String> {
    match key {
        FieldKey::Typed(text) => {
            field.why = None;
            let room = MAX_CODE_CHARS.saturating_sub(field.text.chars().count());
            field
                .text
                .extend(text.chars().filter(|c| !c.is_control()).take(room));
        }
        FieldKey::Backspace => {
            field.why = None;
            field.text.pop();
        }
        FieldKey::Paste => match paste() {
            Ok(Some(text)) => {
                field.why = None;
                field.text = text.trim().chars().take(MAX_CODE_CHARS).collect();
            }
            Ok(None) => field.why = Some("The clipboard holds no text.".into()),
            Err(e) => field.why = Some(format!("Could not paste: {e}.")),
        },
        FieldKey::Open => {
            let code = field.text.trim().to_string();
            if code.is_empty() {
                field.why = Some("Type or paste a level code first (Ctrl+V pastes).".into());
                return None;
            }
            match level_from_code(&code, campaign) {
                Ok(_) => return Some(code),
                Err(why) => field.why = Some(format!("That code does not open: {why}")),
            }
        }
        FieldKey::Close => {}
    }
    None
}

/// Keys and buttons of the code's field: typing, Backspace, Ctrl+V (or Paste), Enter (or
/// Open), Esc (or Cancel).
fn type_code(
    mut commands: Commands,
    field: Option<ResMut<CodeField>>,
    mut typed: MessageReader<KeyboardInput>,
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Query<(&Interaction, &CodeButton), Changed<Interaction>>,
    campaign: Res<Campaign>,
    mut codes: MessageWriter<CodeRequest>,
) {
    let Some(mut field) = field else {
        typed.clear();
        return;
    };
    let ctrl = keys.any_pressed([
        KeyCode::ControlLeft,
        KeyCode::ControlRight,
        KeyCode::SuperLeft,
        KeyCode::SuperRight,
    ]);
    let mut asked = Vec::new();
    for key in typed.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        asked.push(match &key.logical_key {
            Key::Enter => FieldKey::Open,
            Key::Escape => FieldKey::Close,
            Key::Backspace => FieldKey::Backspace,
            Key::Paste => FieldKey::Paste,
            Key::Character(c) if ctrl && c.eq_ignore_ascii_case("v") => FieldKey::Paste,
            Key::Character(_) if ctrl => continue,
            Key::Character(c) => FieldKey::Typed(c.to_string()),
            _ => continue,
        });
    }
    for (interaction, button) in &buttons {
        if *interaction == Interaction::Pressed {
            asked.push(match button {
                CodeButton::Paste => FieldKey::Paste,
                CodeButton::Open => FieldKey::Open,
                CodeButton::Cancel => FieldKey::Close,
            });
        }
    }
    for key in asked {
        if key == FieldKey::Close {
            commands.remove_resource::<CodeField>();
            return;
        }
        let paste = || platform::ask_text(crate::game::level_codes::ASK_FOR_CODE);
        if let Some(code) = field_key(&mut field, key, &campaign, paste) {
            commands.remove_resource::<CodeField>();
            codes.write(CodeRequest::Open(Some(code)));
            return;
        }
    }
}

/// The code's field: a panel over the list while it is open.
fn show_code_field(
    mut commands: Commands,
    field: Option<Res<CodeField>>,
    fonts: Res<Fonts>,
    dialogs: Query<Entity, With<CodeDialog>>,
    mut lines: Query<(&CodeLine, &mut Text, &mut Node)>,
) {
    let Some(field) = field else {
        for dialog in &dialogs {
            commands.entity(dialog).despawn();
        }
        return;
    };
    if dialogs.is_empty() {
        theme::panel(
            &mut commands,
            (CodeDialog, DespawnOnExit(Screen::LevelSelect)),
            |p| {
                p.spawn((
                    Text::new("Open a level code"),
                    fonts.display(theme::type_scale::HEADING),
                    TextColor(theme::ACCENT),
                ));
                p.spawn((
                    Text::new("Type it, or paste it with Ctrl+V (or Paste)."),
                    fonts.text(15.0),
                    TextColor(theme::TEXT_DIM),
                    Node {
                        margin: UiRect::vertical(px(6)),
                        ..default()
                    },
                ));
                p.spawn((
                    Node {
                        width: px(520),
                        max_width: percent(100),
                        min_height: px(40),
                        padding: UiRect::axes(px(10), px(8)),
                        border: UiRect::all(px(2)),
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(theme::BACKGROUND),
                    BorderColor::all(theme::ACCENT),
                ))
                .with_child((
                    Text::new(""),
                    fonts.text(16.0),
                    TextColor(theme::TEXT),
                    Node {
                        max_width: px(500),
                        ..default()
                    },
                    CodeLine::Field,
                ));
                p.spawn((
                    Text::new(""),
                    fonts.text(15.0),
                    TextColor(theme::WARNING),
                    Node {
                        max_width: px(520),
                        margin: UiRect::top(px(6)),
                        display: Display::None,
                        ..default()
                    },
                    CodeLine::Why,
                ));
                p.spawn(Node {
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    margin: UiRect::top(px(8)),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((theme::button(&fonts, "Paste", 140.0), CodeButton::Paste));
                    row.spawn((theme::button(&fonts, "Open", 140.0), CodeButton::Open));
                    row.spawn((theme::button(&fonts, "Cancel", 140.0), CodeButton::Cancel));
                });
            },
        );
    }
    for (line, mut text, mut node) in &mut lines {
        let (words, display) = match line {
            CodeLine::Field if field.text.is_empty() => {
                ("▏ (the code goes here)".to_string(), Display::Flex)
            }
            CodeLine::Field => (format!("{}▏", field.text), Display::Flex),
            CodeLine::Why => match &field.why {
                Some(why) => (why.clone(), Display::Flex),
                None => (String::new(), Display::None),
            },
        };
        if text.0 != words {
            text.0 = words;
        }
        if node.display != display {
            node.display = display;
        }
    }
}

/// Whether a list scrolled to `scrolled` (of `room` it can scroll) has more below to show.
pub fn more_below(scrolled: f32, room: f32) -> bool {
    room - scrolled > 8.0
}

/// The "more below" hint shows while the list has more below its fold.
fn show_more_below(
    lists: Query<(&ScrollPosition, &ComputedNode), With<LevelList>>,
    mut hints: Query<&mut Node, With<MoreBelow>>,
) {
    let more = lists.iter().any(|(position, node)| {
        let room = (node.content_size().y - node.size().y) * node.inverse_scale_factor();
        more_below(position.y, room)
    });
    let display = if more { Display::Flex } else { Display::None };
    for mut node in &mut hints {
        if node.display != display {
            node.display = display;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_field_takes_typing_and_paste_and_says_why_a_code_fails() {
        let campaign = Campaign::embedded();
        let no_paste = || -> Result<Option<String>, String> { panic!("not asked") };
        let mut field = CodeField::default();
        assert_eq!(
            field_key(&mut field, FieldKey::Open, &campaign, no_paste),
            None
        );
        assert!(field.why.as_deref().unwrap().contains("Ctrl+V"));
        field_key(
            &mut field,
            FieldKey::Typed("1.nope".into()),
            &campaign,
            no_paste,
        );
        assert_eq!((field.text.as_str(), field.why.as_ref()), ("1.nope", None));
        assert_eq!(
            field_key(&mut field, FieldKey::Open, &campaign, no_paste),
            None
        );
        assert!(
            field
                .why
                .as_deref()
                .unwrap()
                .starts_with("That code does not open: ")
        );
        let level = &campaign.chapters[0].levels[0].level;
        let code = crate::rules::level_code::encode(level);
        let pasted = code.clone();
        field_key(&mut field, FieldKey::Paste, &campaign, move || {
            Ok(Some(format!(" {pasted}\n")))
        });
        assert_eq!(field.text, code, "a paste replaces the field, trimmed");
        assert_eq!(
            field_key(&mut field, FieldKey::Open, &campaign, no_paste),
            Some(code)
        );
        field_key(&mut field, FieldKey::Paste, &campaign, || Ok(None));
        assert!(field.why.is_some(), "an empty clipboard is said");
    }

    #[test]
    fn more_below_shows_until_the_list_is_scrolled_to_its_foot() {
        assert!(more_below(0.0, 600.0));
        assert!(!more_below(600.0, 600.0));
        assert!(!more_below(0.0, 0.0), "a list that fits");
    }

    #[test]
    fn a_level_opens_on_a_release_over_it_or_a_tap_that_did_not_scroll() {
        let mouse = TapOrDrag::default();
        let tap = TapOrDrag {
            touch: true,
            moved: 3.0,
        };
        let swipe = TapOrDrag {
            touch: true,
            moved: 80.0,
        };
        assert!(opens_on_release(Interaction::Hovered, mouse));
        assert!(
            !opens_on_release(Interaction::None, mouse),
            "released elsewhere"
        );
        assert!(opens_on_release(Interaction::None, tap));
        assert!(
            !opens_on_release(Interaction::None, swipe),
            "a swipe scrolls"
        );
        assert!(
            !opens_on_release(Interaction::Hovered, swipe),
            "wherever it ends"
        );
    }

    #[test]
    fn levels_up_to_the_furthest_win_stay_open_when_a_chapter_comes_before_them() {
        let campaign = Campaign::embedded();
        let keys = |chapter: usize| -> Vec<String> {
            campaign.chapters[chapter]
                .levels
                .iter()
                .map(|l| l.key.clone())
                .collect()
        };
        let fresh = unlocked_levels(&campaign, &Progress::default());
        assert_eq!(fresh, keys(0)[..OPEN_AHEAD]);

        // A player who won the whole second chapter before the first was put in front.
        let mut progress = Progress::default();
        for key in keys(1) {
            progress.record_win(&key, 3, 100, 3);
        }
        let open = unlocked_levels(&campaign, &progress);
        for key in keys(0).iter().chain(&keys(1)) {
            assert!(open.contains(key), "{key} is locked");
        }
        let ahead = keys(2).into_iter().filter(|k| open.contains(k)).count();
        assert_eq!(ahead, OPEN_AHEAD);
    }
}
