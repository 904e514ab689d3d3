//! The editor's side panel and dialogs: palette, tools, size, goal, budget, texts, par,
//! the file buttons, messages and the problem list; the Open list and the replace question.

use super::grid_view::{PANEL_SHARE, cell_mark, draft_colour, panel_below};
use super::state::{Editing, EditorButton, Field, PALETTE, PANEL_WIDTH, Tool, Unproven};
use crate::game::level_store::Campaign;
use crate::game::platform;
use crate::game::screen::Screen;
use crate::game::settings::Settings;
use crate::game::ui::board_layout::window_size;
use crate::game::ui::scroll::Scrollable;
use crate::game::ui::text::goal_text;
use crate::game::ui::theme::{self, Fonts};
use crate::level_draft::Draft;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// The width of a budget's label ("Bridges: unlimited"), in UI pixels.
const BUDGET_LABEL_WIDTH: f32 = 150.0;

/// Texts the editor keeps up to date.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EditorText {
    Title,
    Size,
    Goal,
    Sand,
    Bridges,
    Par,
    Field(Field),
    Problems,
    Message,
    SolveLabel,
}

#[derive(Component)]
pub(super) struct Dialog;

pub(super) fn spawn_panel(
    mut commands: Commands,
    fonts: Res<Fonts>,
    editing: Option<Res<Editing>>,
    settings: Res<Settings>,
) {
    if editing.is_none() {
        return;
    }
    let small = |label: &str, action: EditorButton| {
        (
            compact_button(&fonts, label.into(), 14.0, control_node(), ()),
            action,
        )
    };
    let label = |kind: EditorText| {
        (
            Text::new(""),
            fonts.text(15.0),
            TextColor(theme::TEXT),
            kind,
            Node {
                margin: UiRect::top(px(6)),
                ..default()
            },
        )
    };
    let row = || Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        align_items: AlignItems::Center,
        ..default()
    };
    // The title line over the board.
    commands.spawn((
        Text::new(""),
        fonts.bold(22.0),
        TextColor(theme::ACCENT),
        EditorText::Title,
        // Beside the panel, never under it: a long title wraps.
        Node {
            position_type: PositionType::Absolute,
            left: px(16),
            right: px(PANEL_WIDTH + 16.0),
            top: px(12),
            ..default()
        },
        DespawnOnExit(Screen::Editor),
    ));
    commands.spawn((
        Text::new(
            "Left drag: paint · Right drag: water · 1-4: brushes · Ctrl+Z / Ctrl+Y · Ctrl+S save · T test play · Esc back",
        ),
        fonts.text(13.0),
        TextColor(theme::TEXT_DIM),
        EditorKeys,
        Node {
            position_type: PositionType::Absolute,
            left: px(16),
            right: px(PANEL_WIDTH + 16.0),
            bottom: px(10),
            ..default()
        },
        DespawnOnExit(Screen::Editor),
    ));
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                right: px(0),
                top: px(0),
                width: px(PANEL_WIDTH),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(10)),
                // A short window scrolls the panel (wheel, finger, Page Up / Page Down).
                overflow: Overflow::scroll_y(),
                ..default()
            },
            Scrollable,
            EditorPanel,
            BackgroundColor(theme::PANEL),
            DespawnOnExit(Screen::Editor),
        ))
        .with_children(|panel| {
            panel.spawn(row()).with_children(|r| {
                for cell in PALETTE {
                    r.spawn((
                        Button,
                        Node {
                            width: px(30),
                            height: px(30),
                            margin: UiRect::all(px(2)),
                            border: UiRect::all(px(3)),
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            ..default()
                        },
                        BorderColor::all(Color::NONE),
                        BackgroundColor(draft_colour(cell, settings.colour_blind)),
                        theme::OwnColour,
                        EditorButton::Brush(cell),
                        children![(
                            Text::new(cell_mark(cell)),
                            fonts.bold(14.0),
                            TextColor(theme::TEXT),
                            Pickable::IGNORE
                        )],
                    ));
                }
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("Paint", EditorButton::Tool(Tool::Paint)));
                r.spawn(small("Rectangle", EditorButton::Tool(Tool::Rectangle)));
                r.spawn(small("Undo", EditorButton::Undo));
                r.spawn(small("Redo", EditorButton::Redo));
            });
            panel.spawn(label(EditorText::Size));
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("W−", EditorButton::Resize(-1, 0)));
                r.spawn(small("W+", EditorButton::Resize(1, 0)));
                r.spawn(small("H−", EditorButton::Resize(0, -1)));
                r.spawn(small("H+", EditorButton::Resize(0, 1)));
            });
            panel.spawn(label(EditorText::Goal));
            panel.spawn(row()).with_children(|r| {
                r.spawn(small("Change goal", EditorButton::GoalKind));
                r.spawn(small("−", EditorButton::GoalNumber(-1)));
                r.spawn(small("+", EditorButton::GoalNumber(1)));
            });
            // The budget's label is as wide as its longest words, so "unlimited" coming and
            // going does not move the three buttons beside it.
            let budget_label = |kind: EditorText| {
                let (text, font, colour, kind, mut node) = label(kind);
                node.width = px(BUDGET_LABEL_WIDTH);
                (
                    text,
                    font,
                    colour,
                    kind,
                    node,
                    TextLayout::default().with_no_wrap(),
                )
            };
            let step = |label: &str, action: EditorButton| {
                let mut node = control_node();
                node.width = px(34);
                (compact_button(&fonts, label.into(), 14.0, node, ()), action)
            };
            panel.spawn(row()).with_children(|r| {
                r.spawn(budget_label(EditorText::Sand));
                r.spawn(step("−", EditorButton::Sand(-1)));
                r.spawn(step("+", EditorButton::Sand(1)));
                r.spawn(step("∞", EditorButton::SandUnlimited));
            });
            panel.spawn(row()).with_children(|r| {
                r.spawn(budget_label(EditorText::Bridges));
                r.spawn(step("−", EditorButton::Bridges(-1)));
                r.spawn(step("+", EditorButton::Bridges(1)));
                r.spawn(step("∞", EditorButton::BridgesUnlimited));
            });
            for field in [Field::Name, Field::Author, Field::Tip] {
                panel.spawn((
                    Button,
                    Node {
                        margin: UiRect::top(px(4)),
                        padding: UiRect::all(px(5)),
                        border_radius: BorderRadius::all(px(5)),
                        ..default()
                    },
                    BackgroundColor(theme::BUTTON),
                    EditorButton::Type(field),
                    children![(
                        Text::new(""),
                        fonts.text(14.0),
                        TextColor(theme::TEXT),
                        EditorText::Field(field),
                        Pickable::IGNORE
                    )],
                ));
            }
            panel.spawn(label(EditorText::Par));
            panel.spawn(row()).with_children(|r| {
                let label = EditorText::SolveLabel;
                let solve = compact_button(&fonts, "Solve".into(), 14.0, control_node(), label);
                r.spawn((solve, EditorButton::Solve));
                r.spawn(small("Test play", EditorButton::TestPlay));
                r.spawn(small("Copy code", EditorButton::CopyCode));
            });
            panel.spawn(row()).with_children(|r| {
                for (label, action) in file_buttons(platform::IS_BROWSER) {
                    r.spawn(small(label, action));
                }
            });
            panel.spawn((
                Text::new(""),
                fonts.text(14.0),
                TextColor(theme::ACCENT),
                EditorText::Message,
                Node {
                    margin: UiRect::top(px(8)),
                    ..default()
                },
            ));
            panel.spawn((
                Text::new(""),
                fonts.text(14.0),
                TextColor(theme::WARNING),
                EditorText::Problems,
                Node {
                    margin: UiRect::top(px(8)),
                    ..default()
                },
            ));
        });
}

/// The row of file buttons. In the browser Save keeps the level in the browser's storage
/// and Download hands over a file, each on its own; the desktop's Save writes the file.
pub(super) fn file_buttons(browser: bool) -> Vec<(&'static str, EditorButton)> {
    let mut buttons = vec![
        ("New", EditorButton::New),
        ("Open", EditorButton::Open),
        ("Save", EditorButton::Save),
        ("Save as mine", EditorButton::SaveCustom),
    ];
    if browser {
        buttons.push(("Download", EditorButton::Download));
    }
    buttons.push(("Back", EditorButton::Back));
    buttons
}

/// A small button with a one-line label; `text_marker` goes on the label's text.
pub(super) fn compact_button(
    fonts: &Fonts,
    label: String,
    font_size: f32,
    node: Node,
    text_marker: impl Bundle,
) -> impl Bundle {
    (
        Button,
        node,
        BackgroundColor(theme::BUTTON),
        children![(
            Text::new(label),
            fonts.text(font_size),
            TextColor(theme::TEXT),
            Pickable::IGNORE,
            text_marker,
        )],
    )
}

/// The editor's control buttons: as wide as their label.
pub(super) fn control_node() -> Node {
    Node {
        min_width: px(34),
        height: px(28),
        padding: UiRect::horizontal(px(8)),
        margin: UiRect::all(px(2)),
        justify_content: JustifyContent::Center,
        align_items: AlignItems::Center,
        border_radius: BorderRadius::all(px(5)),
        ..default()
    }
}

pub(super) fn field_text(draft: &Draft, field: Field) -> &str {
    match field {
        Field::Name => &draft.name,
        Field::Author => &draft.author,
        Field::Tip => &draft.tip,
    }
}

pub(super) fn count_words(count: Option<u32>) -> String {
    count.map_or("unlimited".into(), |n| n.to_string())
}

/// The par line: proven par, or the search's best and bound, live while it runs.
fn par_line(editing: &Editing, par: Option<u32>) -> String {
    if let Some(job) = &editing.solving {
        let progress = job.watch.progress();
        let best = progress
            .best
            .map_or("none yet".to_string(), |b| format!("{} moves", b.len()));
        let positions = match progress.nodes {
            0 => String::new(),
            n => format!(" ({n} positions)"),
        };
        return format!(
            "Solving… best {best}, at least {} needed{positions}",
            progress.at_least
        );
    }
    match (par, &editing.unproven) {
        (Some(par), _) => format!("Par: {par} (proven)"),
        (
            None,
            Some(Unproven {
                best: Some(best),
                at_least,
            }),
        ) => {
            format!("Par not proven: best {best}, at least {at_least}")
        }
        (
            None,
            Some(Unproven {
                best: None,
                at_least,
            }),
        ) => {
            format!("Par not proven: at least {at_least}")
        }
        (None, None) => "Par: not proven yet".into(),
    }
}

/// The − and + of an unlimited budget are greyed (a press says why nothing changes).
pub(super) fn grey_unlimited_steps(
    mut commands: Commands,
    editing: Res<Editing>,
    mut steps: Query<(
        Entity,
        &EditorButton,
        &mut BackgroundColor,
        Has<theme::Disabled>,
    )>,
) {
    if !editing.is_changed() {
        return;
    }
    let budget = editing.draft().budget;
    for (entity, button, mut colour, disabled) in &mut steps {
        let unlimited = match button {
            EditorButton::Sand(_) => budget.sand.is_none(),
            EditorButton::Bridges(_) => budget.bridges.is_none(),
            _ => continue,
        };
        if unlimited == disabled {
            continue;
        }
        if unlimited {
            commands.entity(entity).insert(theme::Disabled);
            colour.0 = theme::BUTTON_DISABLED;
        } else {
            commands.entity(entity).remove::<theme::Disabled>();
            colour.0 = theme::BUTTON;
        }
    }
}

pub(super) fn update_texts(
    editing: Res<Editing>,
    mut texts: Query<(&EditorText, &mut Text, &mut TextColor)>,
    mut brushes: Query<(&EditorButton, &mut BorderColor)>,
) {
    // While solving, the progress line follows the solver's counters every frame.
    if !editing.is_changed() && editing.solving.is_none() {
        return;
    }
    let draft = editing.draft();
    for (kind, mut text, mut colour) in &mut texts {
        if *kind == EditorText::Problems {
            let wanted = if editing.problems.is_empty() {
                theme::TEXT_DIM
            } else {
                theme::WARNING
            };
            if colour.0 != wanted {
                colour.0 = wanted;
            }
        }
        let value = match kind {
            EditorText::Title => format!(
                "Level editor: {}{}",
                editing.file.as_deref().unwrap_or("new level"),
                if editing.unsaved() { " (unsaved)" } else { "" }
            ),
            EditorText::Size => format!("Size: {} × {}", draft.width, draft.height),
            EditorText::Goal => {
                let tribes = draft.cells.iter().any(|c| c.tribe().is_some());
                goal_text(draft.goal, tribes)
            }
            EditorText::Sand => format!("Sand: {}", count_words(draft.budget.sand)),
            EditorText::Bridges => format!("Bridges: {}", count_words(draft.budget.bridges)),
            EditorText::Par => par_line(&editing, draft.par),
            EditorText::Field(field) => {
                let label = match field {
                    Field::Name => "Name",
                    Field::Author => "Author",
                    Field::Tip => "Tip",
                };
                let value = field_text(draft, *field);
                if editing.typing == Some(*field) {
                    format!("{label}: {value}▏")
                } else if value.is_empty() {
                    format!("{label}: (click to type)")
                } else {
                    format!("{label}: {value}")
                }
            }
            EditorText::Problems => {
                if !editing.is_checked() {
                    "Checking the level…".into()
                } else if editing.problems.is_empty() {
                    "No problems: ready to play and save.".into()
                } else {
                    editing
                        .problems
                        .iter()
                        .map(|p| format!("• {p}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            }
            EditorText::Message => editing.message.clone(),
            EditorText::SolveLabel => if editing.solving.is_some() {
                "Stop"
            } else {
                "Solve"
            }
            .into(),
        };
        if text.0 != value {
            text.0 = value;
        }
    }
    for (button, mut border) in &mut brushes {
        let selected = match button {
            EditorButton::Brush(cell) => *cell == editing.brush,
            EditorButton::Tool(tool) => *tool == editing.tool,
            _ => continue,
        };
        *border = BorderColor::all(if selected { theme::ACCENT } else { Color::NONE });
    }
}

/// The file list (Open) and the replace question, over the editor.
pub(super) fn show_dialogs(
    mut commands: Commands,
    editing: Res<Editing>,
    fonts: Res<Fonts>,
    campaign: Res<Campaign>,
    open: Query<Entity, With<Dialog>>,
) {
    let wanted = editing.choosing_file || editing.confirm_replace.is_some();
    if !editing.is_changed() || wanted != open.is_empty() {
        return;
    }
    for entity in &open {
        commands.entity(entity).despawn();
    }
    if !wanted {
        return;
    }
    let list_node = Node {
        width: px(230),
        height: px(26),
        margin: UiRect::all(px(2)),
        padding: UiRect::horizontal(px(6)),
        align_items: AlignItems::Center,
        border_radius: BorderRadius::all(px(5)),
        ..default()
    };
    let small = |label: String, action: EditorButton| {
        let button = compact_button(&fonts, label, 13.0, list_node.clone(), ());
        (button, action)
    };
    let replace = editing.confirm_replace.clone();
    let entries: Vec<(String, String)> = campaign
        .all()
        .map(|l| (l.key.clone(), l.level.name.clone()))
        .collect();
    theme::panel(
        &mut commands,
        (Dialog, DespawnOnExit(Screen::Editor)),
        |p| {
            if let Some(key) = replace {
                p.spawn((
                    Text::new(format!("{key} already exists. Replace it?")),
                    fonts.text(18.0),
                    TextColor(theme::TEXT),
                ));
                p.spawn(small("Replace".into(), EditorButton::Replace));
                p.spawn(small("Cancel".into(), EditorButton::Cancel));
                return;
            }
            p.spawn((
                Text::new("Open a level"),
                fonts.bold(20.0),
                TextColor(theme::ACCENT),
            ));
            p.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                max_width: px(980),
                justify_content: JustifyContent::Center,
                ..default()
            })
            .with_children(|list| {
                for (key, name) in entries {
                    let folder = key.split('/').next().unwrap_or("");
                    list.spawn(small(
                        format!("{folder}: {name}"),
                        EditorButton::OpenFile(key),
                    ));
                }
            });
            p.spawn(small("Cancel".into(), EditorButton::Cancel));
        },
    );
}

/// The editor's panel (beside the board, or below it in an upright window).
#[derive(Component)]
pub(super) struct EditorPanel;

/// The key line under the board (hidden when the panel is below it).
#[derive(Component)]
pub(super) struct EditorKeys;

/// Docks the panel beside the board, or below it in an upright window, as the window is
/// now; the title and key line make room for it.
pub(super) fn dock_panel(
    window: Query<&Window, With<PrimaryWindow>>,
    mut panel: Query<&mut Node, With<EditorPanel>>,
    mut title: Query<(&mut Node, &EditorText), Without<EditorPanel>>,
    mut keys: Query<&mut Node, (With<EditorKeys>, Without<EditorPanel>, Without<EditorText>)>,
) {
    let below = panel_below(window_size(&window));
    for mut node in &mut panel {
        let (width, height, top) = if below {
            (percent(100), percent(PANEL_SHARE * 100.0), auto())
        } else {
            (px(PANEL_WIDTH), percent(100), px(0))
        };
        if node.width != width || node.height != height {
            node.width = width;
            node.height = height;
            node.top = top;
            node.bottom = px(0);
        }
    }
    let right = if below {
        px(16)
    } else {
        px(PANEL_WIDTH + 16.0)
    };
    for (mut node, text) in &mut title {
        if *text == EditorText::Title && node.right != right {
            node.right = right;
        }
    }
    let display = if below { Display::None } else { Display::Flex };
    for mut node in &mut keys {
        if node.display != display {
            node.display = display;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser's Save no longer downloads: the download is a button of its own there,
    /// and the desktop, whose Save writes a file, has none.
    #[test]
    fn the_browser_has_a_download_button_of_its_own() {
        let has =
            |browser, wanted: EditorButton| file_buttons(browser).iter().any(|(_, b)| *b == wanted);
        assert!(has(true, EditorButton::Download));
        assert!(has(true, EditorButton::Save));
        assert!(!has(false, EditorButton::Download));
        assert!(has(false, EditorButton::Save));
    }
}
