//! Level codes in the game: "Copy code" (the won and paused panels, the editor) puts a
//! level's code on the clipboard; "Open a code" (the level select) asks for one and plays
//! the level it holds; the page's `?code=` and the desktop's `--level` take one too. What
//! happened shows in a notice at the top of the window for a few seconds; a bad code is
//! named there, and nothing is lost.

use super::level_store::{Campaign, CampaignLevel, CurrentLevel};
use super::platform;
use super::screen::Screen;
use super::ui::theme::{self, Fonts};
use crate::rules::level::Level;
use crate::rules::level_code;
use bevy::prelude::*;

/// What the player asked of codes.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum CodeRequest {
    /// Copy this level's code.
    Copy(Level),
    /// Open the level a code holds: the text given, or (`None`) the text the player is
    /// asked for (the clipboard on the desktop, the page's prompt in the browser).
    Open(Option<String>),
}

/// The question the browser's prompt asks.
pub const ASK_FOR_CODE: &str = "Paste a level code";

/// The notice's words, whether they warn, and when they were said (seconds since start).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct CodeNotice {
    pub text: String,
    pub warning: bool,
    said_at: f32,
}

/// Seconds a notice stays up.
const NOTICE_SECONDS: f32 = 4.0;

/// A code shown in a notice is cut to this many characters and "…".
const SHOWN_CODE_CHARS: usize = 12;

#[derive(Component)]
struct NoticeBox;
#[derive(Component)]
struct NoticeText;

pub struct LevelCodesPlugin;

impl Plugin for LevelCodesPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<CodeRequest>()
            .init_resource::<CodeNotice>()
            .add_systems(Startup, spawn_notice)
            .add_systems(Update, (answer_requests, show_notice).chain());
    }
}

/// The start of a code, for a notice ("1.AbCdEfGhIj…").
pub fn shortened(code: &str) -> String {
    if code.chars().count() <= SHOWN_CODE_CHARS {
        return code.to_string();
    }
    let head: String = code.chars().take(SHOWN_CODE_CHARS).collect();
    format!("{head}…")
}

/// The level a code holds, ready to play: a campaign level when the code holds one exactly
/// (so a win counts there), else a level of its own keyed by its code. The error is the
/// decoder's message, fit for the screen.
pub fn level_from_code(text: &str, campaign: &Campaign) -> Result<CampaignLevel, String> {
    let level = level_code::decode(text).map_err(|e| e.to_string())?;
    if let Some(known) = campaign.all().find(|l| l.level == level) {
        return Ok(known.clone());
    }
    Ok(CampaignLevel {
        key: format!("code:{}", level_code::encode(&level)),
        level,
    })
}

fn answer_requests(
    mut commands: Commands,
    mut requests: MessageReader<CodeRequest>,
    campaign: Res<Campaign>,
    time: Res<Time>,
    mut notice: ResMut<CodeNotice>,
    mut next: ResMut<NextState<Screen>>,
) {
    for request in requests.read() {
        let said = match request {
            CodeRequest::Copy(level) => {
                let code = level_code::encode(level);
                match platform::copy_text(&code) {
                    Ok(()) => Some((format!("Code copied: {}", shortened(&code)), false)),
                    Err(e) => Some((format!("Could not copy the code: {e}."), true)),
                }
            }
            CodeRequest::Open(given) => {
                let text = match given {
                    Some(text) => Ok(Some(text.clone())),
                    None => platform::ask_text(ASK_FOR_CODE),
                };
                match text {
                    // The player cancelled the prompt: nothing to say.
                    Ok(None) if platform::IS_BROWSER => None,
                    Ok(None) => Some((
                        "The clipboard holds no text: copy a level code, then open it.".into(),
                        true,
                    )),
                    Err(e) => Some((format!("Could not read a code: {e}."), true)),
                    Ok(Some(text)) => match level_from_code(&text, &campaign) {
                        Ok(level) => {
                            let name = level.level.name.clone();
                            commands.insert_resource(CurrentLevel(level));
                            next.set(Screen::Playing);
                            Some((format!("Opened \"{name}\" from its code."), false))
                        }
                        Err(why) => Some((format!("That code does not open: {why}"), true)),
                    },
                }
            }
        };
        if let Some((text, warning)) = said {
            *notice = CodeNotice {
                text,
                warning,
                said_at: time.elapsed_secs(),
            };
        }
    }
}

fn spawn_notice(mut commands: Commands, fonts: Res<Fonts>) {
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                top: px(10),
                width: percent(100),
                justify_content: JustifyContent::Center,
                display: Display::None,
                ..default()
            },
            GlobalZIndex(50),
            Pickable::IGNORE,
            NoticeBox,
        ))
        .with_child((
            Node {
                padding: UiRect::axes(px(16), px(8)),
                margin: UiRect::horizontal(px(10)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(10)),
                max_width: px(760),
                ..default()
            },
            BackgroundColor(theme::PANEL_SOLID),
            BorderColor::all(theme::ACCENT),
            Pickable::IGNORE,
            children![(
                Text::new(""),
                fonts.bold(theme::type_scale::BODY),
                TextColor(theme::TEXT),
                Pickable::IGNORE,
                NoticeText,
            )],
        ));
}

fn show_notice(
    time: Res<Time>,
    notice: Res<CodeNotice>,
    mut boxes: Query<&mut Node, With<NoticeBox>>,
    mut borders: Query<(&mut BorderColor, &Children), Without<NoticeBox>>,
    mut texts: Query<(&mut Text, &mut TextColor), With<NoticeText>>,
) {
    let showing = !notice.text.is_empty() && time.elapsed_secs() - notice.said_at < NOTICE_SECONDS;
    let display = if showing {
        Display::Flex
    } else {
        Display::None
    };
    for mut node in &mut boxes {
        if node.display != display {
            node.display = display;
        }
    }
    if !notice.is_changed() {
        return;
    }
    let colour = if notice.warning {
        theme::WARNING
    } else {
        theme::ACCENT
    };
    for (mut text, mut text_colour) in &mut texts {
        text.0 = notice.text.clone();
        text_colour.0 = if notice.warning {
            theme::WARNING
        } else {
            theme::TEXT
        };
    }
    for (mut border, children) in &mut borders {
        if children.iter().any(|c| texts.contains(c)) {
            *border = BorderColor::all(colour);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::level::Level;

    fn level(name: &str) -> Level {
        Level::from_ron_bytes(
            format!(
                r##"Level(format: 1, name: "{name}", author: "t", grid: ["#.#", "~~~"],
                goal: ConnectAll, budget: (sand: Some(1), bridges: Some(0)), par: 1)"##
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn a_code_opens_its_level_and_a_campaign_level_keeps_its_key() {
        let known = CampaignLevel {
            key: "chapter1/01-a.level.ron".into(),
            level: level("Known"),
        };
        let campaign = Campaign {
            chapters: vec![crate::game::level_store::CampaignChapter {
                name: "One".into(),
                levels: vec![known.clone()],
            }],
            ..Campaign::default()
        };
        let code = level_code::encode(&known.level);
        assert_eq!(level_from_code(&code, &campaign), Ok(known.clone()));
        // With spaces around it, as a chat or a link might give it.
        assert_eq!(
            level_from_code(&format!("  {code}\n"), &campaign),
            Ok(known)
        );

        let other = level("Other");
        let code = level_code::encode(&other);
        let opened = level_from_code(&code, &campaign).unwrap();
        assert_eq!(opened.level, other);
        assert_eq!(opened.key, format!("code:{code}"));
        assert!(!crate::game::level_store::is_file_key(&opened.key));
    }

    #[test]
    fn a_bad_code_says_why_in_the_decoders_words() {
        let campaign = Campaign::default();
        let code = level_code::encode(&level("X"));
        let cut = &code[..code.len() - 3];
        let why = level_from_code(cut, &campaign).unwrap_err();
        assert_eq!(why, level_code::decode(cut).unwrap_err().to_string());
        assert!(!why.is_empty());
        assert_eq!(
            level_from_code("", &campaign).unwrap_err(),
            level_code::decode("").unwrap_err().to_string()
        );
    }

    #[test]
    fn a_notice_shows_the_start_of_a_long_code() {
        assert_eq!(shortened("1.abc"), "1.abc");
        assert_eq!(shortened("1.AbCdEfGhIjKlMn"), "1.AbCdEfGhIj…");
    }
}
