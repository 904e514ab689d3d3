//! Live level files: the level open in the game or the editor is watched through Bevy's
//! asset hot reload. Saving its file in a text editor brings the new version in within a
//! second; a broken edit shows its error (file, line, column) and keeps the last good
//! version until the file is fixed.

use super::editor::Editing;
use super::level_store::{Campaign, CurrentLevel, LevelsFolder, is_file_key};
use super::screen::Screen;
use super::ui::theme::{self, Fonts};
use crate::level_draft::Draft;
use crate::rules::level::{Level, LevelError};
use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use std::path::Path;

/// The asset source that reads the levels folder.
pub const LEVELS_SOURCE: &str = "levels";
/// How long a "reloaded" note stays up.
const NOTE_SECONDS: f32 = 4.0;

/// A level file as last read: the level, or what is wrong with the file.
#[derive(Asset, TypePath, Debug)]
pub struct LevelText(pub Result<Level, String>);

#[derive(Default, TypePath)]
struct LevelTextLoader;

impl AssetLoader for LevelTextLoader {
    type Asset = LevelText;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        context: &mut LoadContext<'_>,
    ) -> Result<LevelText, std::io::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let key = context.path().path().display().to_string();
        // A broken file is a value, not a failed load: the game shows it and carries on.
        let result = Level::from_ron_bytes(&bytes[..]).map_err(|e| match e {
            LevelError::Syntax(_) => format!("{key}:{e}"),
            _ => format!("{key}: {e}"),
        });
        Ok(LevelText(result))
    }

    fn extensions(&self) -> &[&str] {
        &["level.ron"]
    }
}

/// Registers the levels folder as an asset source. Asset sources must exist before Bevy's
/// `AssetPlugin` is added, so this runs before `DefaultPlugins`.
pub fn add_levels_source(app: &mut App, folder: &Path) {
    use bevy::asset::io::AssetSourceBuilder;
    app.register_asset_source(
        LEVELS_SOURCE,
        AssetSourceBuilder::platform_default(&folder.display().to_string(), None),
    );
}

/// The level file being watched, by key inside the levels folder.
#[derive(Resource, Debug)]
pub struct WatchedLevel {
    pub key: String,
    handle: Handle<LevelText>,
}

/// A new good version of a watched level file.
#[derive(Message, Debug, Clone)]
pub struct LevelFileChanged {
    pub key: String,
    pub level: Level,
}

/// The line at the top of the screen about the watched file: "reloaded", or its error.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct LiveNotice {
    pub text: String,
    pub error: bool,
    age: f32,
}

#[derive(Component)]
struct NoticeText;

pub struct LiveLevelsPlugin;

impl Plugin for LiveLevelsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LiveNotice>()
            .add_message::<LevelFileChanged>()
            .add_systems(Startup, spawn_notice)
            .add_systems(Update, show_notice);
        // Without an asset server (headless tests of other things) there is nothing to watch.
        if !app.world().contains_resource::<AssetServer>() {
            return;
        }
        app.init_asset::<LevelText>()
            .init_asset_loader::<LevelTextLoader>()
            .add_systems(
                Update,
                (
                    watch_open_level,
                    read_level_changes,
                    reload_level_in_play.run_if(in_state(Screen::Playing)),
                    reload_level_in_editor.run_if(in_state(Screen::Editor)),
                )
                    .chain(),
            );
    }
}

/// The key of the file behind what is on screen, if it is a file in the levels folder.
fn open_file(
    screen: &Screen,
    current: Option<&CurrentLevel>,
    editing: Option<&Editing>,
) -> Option<String> {
    let key = match screen {
        Screen::Playing => current.map(|c| c.0.key.clone()),
        Screen::Editor => editing.and_then(|e| e.file.clone()),
        _ => None,
    }?;
    is_file_key(&key).then_some(key)
}

fn watch_open_level(
    mut commands: Commands,
    screen: Res<State<Screen>>,
    current: Option<Res<CurrentLevel>>,
    editing: Option<Res<Editing>>,
    folder: Option<Res<LevelsFolder>>,
    watched: Option<Res<WatchedLevel>>,
    assets: Res<AssetServer>,
    mut notice: ResMut<LiveNotice>,
) {
    let wanted = open_file(screen.get(), current.as_deref(), editing.as_deref())
        .filter(|key| folder.as_ref().is_some_and(|f| f.0.join(key).is_file()));
    if wanted.as_deref() == watched.as_ref().map(|w| w.key.as_str()) {
        return;
    }
    if notice.error {
        *notice = LiveNotice::default();
    }
    match wanted {
        Some(key) => {
            let handle = assets.load(format!("{LEVELS_SOURCE}://{key}"));
            commands.insert_resource(WatchedLevel { key, handle });
        }
        None => commands.remove_resource::<WatchedLevel>(),
    }
}

fn read_level_changes(
    mut events: MessageReader<AssetEvent<LevelText>>,
    watched: Option<Res<WatchedLevel>>,
    texts: Res<Assets<LevelText>>,
    mut notice: ResMut<LiveNotice>,
    mut changed: MessageWriter<LevelFileChanged>,
) {
    let Some(watched) = watched else {
        events.clear();
        return;
    };
    for event in events.read() {
        let (AssetEvent::Added { id }
        | AssetEvent::Modified { id }
        | AssetEvent::LoadedWithDependencies { id }) = *event
        else {
            continue;
        };
        if id != watched.handle.id() {
            continue;
        }
        let Some(LevelText(result)) = texts.get(id) else {
            continue;
        };
        match result {
            Ok(level) => {
                if notice.error {
                    *notice = LiveNotice::default();
                }
                changed.write(LevelFileChanged {
                    key: watched.key.clone(),
                    level: level.clone(),
                });
            }
            Err(why) => {
                *notice = LiveNotice {
                    text: format!("{why}\nThe last good version stays until the file is fixed."),
                    error: true,
                    age: 0.0,
                };
            }
        }
    }
}

/// A changed file of the level in play restarts it as the file now says.
fn reload_level_in_play(
    mut changes: MessageReader<LevelFileChanged>,
    current: Option<ResMut<CurrentLevel>>,
    mut campaign: ResMut<Campaign>,
    mut notice: ResMut<LiveNotice>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut current) = current else { return };
    for change in changes.read() {
        if change.key != current.0.key || change.level == current.0.level {
            continue;
        }
        current.0.level = change.level.clone();
        let campaign = &mut *campaign;
        if let Some(entry) = campaign
            .chapters
            .iter_mut()
            .flat_map(|c| c.levels.iter_mut())
            .chain(campaign.custom.iter_mut())
            .find(|l| l.key == change.key)
        {
            entry.level = change.level.clone();
        }
        *notice = LiveNotice {
            text: format!("Reloaded {}.", change.key),
            error: false,
            age: 0.0,
        };
        // Entering the screen again starts the new version.
        next.set(Screen::Playing);
    }
}

/// A changed file of the level in the editor replaces the draft, as an undoable step.
fn reload_level_in_editor(
    mut changes: MessageReader<LevelFileChanged>,
    editing: Option<ResMut<Editing>>,
    mut notice: ResMut<LiveNotice>,
) {
    let Some(mut editing) = editing else { return };
    for change in changes.read() {
        if editing.file.as_deref() != Some(change.key.as_str()) {
            continue;
        }
        if editing.draft().to_level().as_ref() == Ok(&change.level) {
            continue;
        }
        let draft = Draft::from_level(&change.level);
        editing.edit(|e| e.replace(draft.clone()));
        editing.saved = Some(draft);
        editing.message = "Reloaded from disk (Ctrl+Z takes it back).".into();
        *notice = LiveNotice {
            text: format!("Reloaded {}.", change.key),
            error: false,
            age: 0.0,
        };
    }
}

fn spawn_notice(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn((
        Node {
            position_type: PositionType::Absolute,
            // Above the bottom line of keys, clear of titles and the HUD.
            bottom: px(40),
            left: percent(5),
            width: percent(90),
            justify_content: JustifyContent::Center,
            ..default()
        },
        Pickable::IGNORE,
        GlobalZIndex(30),
        children![(
            Text::new(""),
            fonts.text(15.0),
            TextColor(theme::ACCENT),
            BackgroundColor(Color::NONE),
            Node {
                padding: UiRect::axes(px(10), px(6)),
                ..default()
            },
            NoticeText,
            Pickable::IGNORE,
        )],
    ));
}

fn show_notice(
    time: Res<Time>,
    mut notice: ResMut<LiveNotice>,
    mut text: Query<(&mut Text, &mut TextColor, &mut BackgroundColor), With<NoticeText>>,
) {
    if !notice.text.is_empty() && !notice.error {
        // The age is bookkeeping, not a change to show.
        notice.bypass_change_detection().age += time.delta_secs();
        if notice.age > NOTE_SECONDS {
            *notice = LiveNotice::default();
        }
    }
    if !notice.is_changed() {
        return;
    }
    for (mut text, mut colour, mut background) in &mut text {
        text.0 = notice.text.clone();
        colour.0 = if notice.error {
            theme::WARNING
        } else {
            theme::ACCENT
        };
        background.0 = if notice.text.is_empty() {
            Color::NONE
        } else {
            theme::PANEL
        };
    }
}
