//! Island Conquest against a friend on another machine: the lobby (create a room and share
//! its code or link, or join one), the socket (bevy_matchbox: WebRTC with one reliable
//! channel, found through a matchbox signalling server), and the bridge between the socket
//! and the match.
//!
//! Each side applies its own claims and sends them; a claim from the friend is checked
//! against the local game by the rules core (`conquest::online`) and, when it passes, fed to
//! the same apply path a click uses. A refused claim is said, never applied. A friend who
//! leaves, or whose connection drops, is reported, and the game can be finished against the
//! computer.

use super::model::{ConquestClaim, ConquestMatch, ConquestPhase, ConquestSetup, ConquestUpdate};
use crate::conquest::Player;
use crate::conquest::ai::Strength;
use crate::conquest::online::{
    OnlineMessage, PROTOCOL, check_remote_claim, creator_side, parse_room_code, parse_server,
    room_address, room_code,
};
use crate::game::platform;
use crate::game::progress::{Progress, SaveProgress};
use crate::game::screen::{FrameStep, Launch, Screen};
use crate::game::ui::theme::{self, Fonts};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy_matchbox::matchbox_socket::RtcIceServerConfig;
use bevy_matchbox::prelude::*;

/// The signalling server's address when none was chosen: on the desktop this machine's;
/// in the browser the page's own host.
pub const DEFAULT_SERVER: &str = "ws://127.0.0.1:3536";

/// The port the signalling server listens on by default (`scripts/conquest-server.sh`).
pub const DEFAULT_PORT: u16 = 3536;

/// The one channel: reliable and ordered.
const CHANNEL: usize = 0;

/// Where the room stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomState {
    /// Reaching the signalling server and waiting for the friend to arrive.
    Waiting,
    /// Both sides are in the room and playing (or between games).
    Playing,
    /// The friend left or their connection dropped: why, in words.
    Left(String),
    /// The room could not be reached: why, in words.
    Failed(String),
}

/// The room this machine is in.
#[derive(Resource, Debug, Clone)]
pub struct OnlineRoom {
    pub code: String,
    pub server: String,
    /// This machine created the room (it chooses the grid and starts each game).
    pub creator: bool,
    pub state: RoomState,
    /// The game in play, from 1; each rematch counts one up and swaps sides.
    pub game_number: u32,
    /// The grid's size (the creator's choice).
    pub size: usize,
    pub friend: Option<PeerId>,
    /// Who has asked for a rematch of the game just played: this side, the friend.
    pub rematch: (bool, bool),
    /// What happened in the room, newest last (refused messages among them).
    pub notes: Vec<String>,
}

impl OnlineRoom {
    /// This machine's side in the game in play.
    pub fn side(&self) -> Player {
        let creators = creator_side(self.game_number);
        if self.creator {
            creators
        } else {
            creators.other()
        }
    }
}

/// What the player asks of the lobby (its buttons, `?room=`, `--room`, tests).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum OnlineRequest {
    /// Create a room and wait for a friend.
    Create,
    /// Join the room with this code (as typed).
    Join(String),
    /// Use this signalling server from now on (as typed).
    Server(String),
    /// Play the next game (online: when both have asked).
    Rematch,
    /// Finish the game in play against the computer (after the friend left).
    FinishAgainstTheComputer,
    /// Leave the room.
    Leave,
}

/// The lobby's buttons.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum LobbyButton {
    Create,
    Join,
    Server,
    CopyLink,
    Back,
}

/// The lobby's changing lines.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum LobbyLine {
    Server,
    Status,
    Typed,
}

/// The room code being typed in the lobby (desktop keys; the browser asks with a prompt).
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct TypedCode(pub String);

/// A room to join once the Conquest screen is up (`--room`, `?room=`).
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct PendingRoom(pub Option<String>);

/// The bar offering to finish against the computer after the friend left.
#[derive(Component)]
struct LeftBar;

#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum LeftButton {
    FinishAgainstTheComputer,
    Menu,
}

pub struct OnlinePlugin;

impl Plugin for OnlinePlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<OnlineRequest>()
            .init_resource::<TypedCode>()
            .init_resource::<PendingRoom>()
            .add_systems(Startup, remember_launch_room)
            .add_systems(OnEnter(ConquestPhase::Lobby), spawn_lobby)
            .add_systems(OnExit(Screen::Conquest), leave_room)
            .add_systems(
                Update,
                (
                    join_pending_room.run_if(in_state(ConquestPhase::Setup)),
                    (press_lobby, type_room_code).run_if(in_state(ConquestPhase::Lobby)),
                    press_left_bar,
                )
                    .in_set(FrameStep::Input)
                    .run_if(in_state(Screen::Conquest)),
            )
            .add_systems(
                Update,
                (answer_requests, poll_socket, send_own_claims)
                    .chain()
                    .in_set(FrameStep::Apply)
                    .after(super::model::claim_cells)
                    .run_if(in_state(Screen::Conquest)),
            )
            .add_systems(
                Update,
                (show_lobby, show_left_bar)
                    .in_set(FrameStep::Present)
                    .run_if(in_state(Screen::Conquest)),
            );
    }
}

/// The signalling server to use: `--server` (or `?server=`), else the one the player chose
/// before, else this machine's (the page's host in the browser).
pub fn server_to_use(launch: Option<&str>, chosen: Option<&str>) -> String {
    if let Some(server) = launch.and_then(|s| parse_server(s).ok()) {
        return server;
    }
    if let Some(server) = chosen.and_then(|s| parse_server(s).ok()) {
        return server;
    }
    platform::page_address()
        .and_then(|page| {
            let host = page
                .split("://")
                .nth(1)?
                .split(['/', ':'])
                .next()?
                .to_string();
            (!host.is_empty()).then(|| format!("ws://{host}:{DEFAULT_PORT}"))
        })
        .unwrap_or_else(|| DEFAULT_SERVER.to_string())
}

fn remember_launch_room(
    launch: Res<Launch>,
    mut pending: ResMut<PendingRoom>,
    mut next: ResMut<NextState<Screen>>,
) {
    if let Some(code) = &launch.0.room {
        pending.0 = Some(code.clone());
        next.set(Screen::Conquest);
    }
}

/// `--room` / `?room=`: straight from the setup into the lobby, joining.
fn join_pending_room(
    mut pending: ResMut<PendingRoom>,
    mut next: ResMut<NextState<ConquestPhase>>,
    mut requests: MessageWriter<OnlineRequest>,
) {
    if let Some(code) = pending.0.take() {
        next.set(ConquestPhase::Lobby);
        requests.write(OnlineRequest::Join(code));
    }
}

/// A socket to the room `code` on `server`: one reliable channel, and no STUN server (two
/// machines on one network find each other directly; a public STUN server would be asked
/// otherwise, and offline it only delays).
fn open_socket(commands: &mut Commands, server: &str, code: &str) {
    let builder = WebRtcSocketBuilder::new(room_address(server, code))
        .ice_server(RtcIceServerConfig {
            urls: vec![],
            ..Default::default()
        })
        .add_channel(ChannelConfig::reliable());
    commands.open_socket(builder);
}

#[allow(clippy::too_many_arguments)]
fn answer_requests(
    mut commands: Commands,
    mut requests: MessageReader<OnlineRequest>,
    launch: Res<Launch>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
    setup: Res<ConquestSetup>,
    mut room: Option<ResMut<OnlineRoom>>,
    mut socket: Option<ResMut<MatchboxSocket>>,
    mut game: Option<ResMut<ConquestMatch>>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for request in requests.read() {
        let server = server_to_use(
            launch.0.server.as_deref(),
            progress.online_server.as_deref(),
        );
        match request {
            OnlineRequest::Create | OnlineRequest::Join(_) => {
                let (code, creator) = match request {
                    OnlineRequest::Join(typed) => match parse_room_code(typed) {
                        Ok(code) => (code, false),
                        Err(why) => {
                            commands.insert_resource(failed_room(&server, why));
                            continue;
                        }
                    },
                    _ => (room_code(platform::now_nanos()), true),
                };
                commands.remove_resource::<MatchboxSocket>();
                open_socket(&mut commands, &server, &code);
                commands.insert_resource(OnlineRoom {
                    code,
                    server,
                    creator,
                    state: RoomState::Waiting,
                    game_number: 1,
                    size: setup.size,
                    friend: None,
                    rematch: (false, false),
                    notes: Vec::new(),
                });
            }
            OnlineRequest::Server(typed) => match parse_server(typed) {
                Ok(server) => {
                    progress.online_server = Some(server);
                    save.write(SaveProgress);
                }
                Err(why) => {
                    commands.insert_resource(failed_room(&server, why));
                }
            },
            OnlineRequest::Rematch => {
                let Some(room) = room.as_mut() else { continue };
                room.rematch.0 = true;
                send(
                    &mut socket,
                    room,
                    OnlineMessage::Rematch {
                        game: room.game_number,
                    },
                );
                start_next_game_if_both_asked(room, &mut socket, &mut commands, &mut next_phase);
            }
            OnlineRequest::FinishAgainstTheComputer => {
                // The friend's side is the computer's now; the room is done with.
                if let (Some(m), Some(room)) = (game.as_mut(), room.as_ref()) {
                    let me = room.side();
                    m.setup.online = None;
                    m.setup.computer = Some(Strength::Medium);
                    m.setup.computer_first = me == Player::O;
                    m.log
                        .push("The computer (medium) plays your friend's side.".into());
                }
                commands.remove_resource::<MatchboxSocket>();
                commands.remove_resource::<OnlineRoom>();
            }
            OnlineRequest::Leave => {
                if let Some(room) = room.as_ref() {
                    send(&mut socket, room, OnlineMessage::Leave);
                }
                commands.remove_resource::<MatchboxSocket>();
                commands.remove_resource::<OnlineRoom>();
                next_screen.set(Screen::Title);
            }
        }
    }
}

/// A room that never opened, and why.
fn failed_room(server: &str, why: String) -> OnlineRoom {
    OnlineRoom {
        code: String::new(),
        server: server.to_string(),
        creator: false,
        state: RoomState::Failed(why),
        game_number: 1,
        size: 0,
        friend: None,
        rematch: (false, false),
        notes: Vec::new(),
    }
}

/// Sends `message` to the friend, if there is one and the socket is open; a failure is
/// noted, never a panic.
fn send(socket: &mut Option<ResMut<MatchboxSocket>>, room: &OnlineRoom, message: OnlineMessage) {
    let (Some(socket), Some(friend)) = (socket.as_mut(), room.friend) else {
        return;
    };
    if let Ok(channel) = socket.get_channel_mut(CHANNEL)
        && let Err(e) = channel.try_send(message.encode().into(), friend)
    {
        warn!("online: could not send {message:?}: {e}");
    }
}

/// The creator starts game `number` of size `size`: tells the friend, then plays it.
fn start_game(
    room: &mut OnlineRoom,
    socket: &mut Option<ResMut<MatchboxSocket>>,
    commands: &mut Commands,
    next_phase: &mut NextState<ConquestPhase>,
) {
    let creator_plays_x = creator_side(room.game_number) == Player::X;
    send(
        socket,
        room,
        OnlineMessage::Start {
            protocol: PROTOCOL,
            game: room.game_number,
            size: room.size,
            creator_plays_x,
        },
    );
    begin_game(room, commands, next_phase);
}

/// Both sides: the match for the room's game in play begins.
fn begin_game(
    room: &mut OnlineRoom,
    commands: &mut Commands,
    next_phase: &mut NextState<ConquestPhase>,
) {
    room.rematch = (false, false);
    room.state = RoomState::Playing;
    commands.insert_resource(ConquestSetup {
        size: room.size,
        computer: None,
        computer_first: false,
        online: Some(room.side()),
    });
    next_phase.set(ConquestPhase::Playing);
}

fn start_next_game_if_both_asked(
    room: &mut OnlineRoom,
    socket: &mut Option<ResMut<MatchboxSocket>>,
    commands: &mut Commands,
    next_phase: &mut NextState<ConquestPhase>,
) {
    if room.creator && room.rematch == (true, true) && room.state == RoomState::Playing {
        room.game_number += 1;
        start_game(room, socket, commands, next_phase);
    }
}

/// The socket's news: the friend arriving or leaving, and their messages.
#[allow(clippy::too_many_arguments)]
fn poll_socket(
    mut commands: Commands,
    mut socket: Option<ResMut<MatchboxSocket>>,
    room: Option<ResMut<OnlineRoom>>,
    mut game: Option<ResMut<ConquestMatch>>,
    mut claims: MessageWriter<ConquestClaim>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
) {
    let Some(mut room) = room else { return };
    let Some(peers) = socket.as_mut().map(|s| s.try_update_peers()) else {
        return;
    };
    let peers = match peers {
        Ok(peers) => peers,
        Err(_) => {
            // The socket's loop has ended: the server could not be reached (or went away
            // before the friend arrived), or the connection to the friend is gone.
            let why = match room.state {
                RoomState::Playing => "The connection to your friend was lost.".to_string(),
                _ => format!(
                    "Could not reach the game server at {}. Is it running? (scripts/conquest-server.sh starts one.)",
                    room.server
                ),
            };
            room.state = if room.state == RoomState::Playing {
                RoomState::Left(why)
            } else {
                RoomState::Failed(why)
            };
            commands.remove_resource::<MatchboxSocket>();
            return;
        }
    };
    for (peer, state) in peers {
        match state {
            PeerState::Connected => {
                if room.friend.is_some() {
                    continue;
                }
                room.friend = Some(peer);
                if room.creator {
                    start_game(&mut room, &mut socket, &mut commands, &mut next_phase);
                }
            }
            PeerState::Disconnected => {
                if room.friend == Some(peer) {
                    room.state = RoomState::Left("Your friend left the game.".into());
                }
            }
        }
    }
    let Some(socket_ref) = socket.as_mut() else {
        return;
    };
    let Ok(channel) = socket_ref.get_channel_mut(CHANNEL) else {
        return;
    };
    let received = channel.receive();
    for (peer, bytes) in received {
        if Some(peer) != room.friend {
            continue;
        }
        let message = match OnlineMessage::decode(&bytes) {
            Ok(message) => message,
            Err(why) => {
                refuse(
                    &mut room,
                    &mut game,
                    format!("Your friend's side sent {why}; it was ignored."),
                );
                continue;
            }
        };
        match message {
            OnlineMessage::Start {
                protocol,
                game: number,
                size,
                creator_plays_x,
            } => {
                if room.creator {
                    refuse(
                        &mut room,
                        &mut game,
                        "Your friend's side tried to start a game; only the room's creator does."
                            .into(),
                    );
                } else if protocol != PROTOCOL {
                    room.state = RoomState::Failed(format!(
                        "Your friend's game speaks version {protocol} of the online rules, this one {PROTOCOL}: update both to the same version."
                    ));
                } else if !(2..=32).contains(&size)
                    || creator_plays_x != (creator_side(number) == Player::X)
                {
                    refuse(
                        &mut room,
                        &mut game,
                        format!(
                            "Your friend's side proposed game {number} on a {size} x {size} grid, which this game cannot play."
                        ),
                    );
                } else {
                    room.game_number = number;
                    room.size = size;
                    begin_game(&mut room, &mut commands, &mut next_phase);
                }
            }
            OnlineMessage::Claim { .. } => {
                let Some(m) = game.as_mut() else { continue };
                match check_remote_claim(&m.game, room.side(), room.game_number, &message) {
                    Ok(p) => {
                        claims.write(ConquestClaim(p));
                    }
                    Err(refusal) => {
                        refuse(
                            &mut room,
                            &mut game,
                            format!("Your friend's side sent {refusal}: refused, not applied."),
                        );
                    }
                }
            }
            OnlineMessage::Rematch { game: number } => {
                if number == room.game_number {
                    room.rematch.1 = true;
                    start_next_game_if_both_asked(
                        &mut room,
                        &mut socket,
                        &mut commands,
                        &mut next_phase,
                    );
                }
            }
            OnlineMessage::Leave => {
                room.state = RoomState::Left("Your friend left the game.".into());
            }
        }
    }
}

/// Sends `message` to the friend as this side (the game's own messages go the same way);
/// nothing when no friend is connected.
pub fn send_to_friend(world: &mut World, message: OnlineMessage) {
    let Some(room) = world.get_resource::<OnlineRoom>().cloned() else {
        return;
    };
    let Some(friend) = room.friend else { return };
    if let Some(mut socket) = world.get_resource_mut::<MatchboxSocket>()
        && let Ok(channel) = socket.get_channel_mut(CHANNEL)
    {
        let _ = channel.try_send(message.encode().into(), friend);
    }
}

/// A message from the other side that was not applied: said in the room's notes and the
/// match's log.
fn refuse(room: &mut OnlineRoom, game: &mut Option<ResMut<ConquestMatch>>, line: String) {
    warn!("online: {line}");
    if let Some(m) = game.as_mut() {
        m.log.push(line.clone());
    }
    room.notes.push(line);
}

/// This side's claims go to the friend as they are made.
fn send_own_claims(
    mut updates: MessageReader<ConquestUpdate>,
    game: Option<Res<ConquestMatch>>,
    room: Option<Res<OnlineRoom>>,
    mut socket: Option<ResMut<MatchboxSocket>>,
) {
    let (Some(m), Some(room)) = (game, room) else {
        updates.clear();
        return;
    };
    for update in updates.read() {
        if let ConquestUpdate::Claimed(report) = update
            && m.setup.online == Some(report.player)
        {
            let message = OnlineMessage::Claim {
                game: room.game_number,
                number: m.claims() - 1,
                row: report.cell.row,
                col: report.cell.col,
            };
            send(&mut socket, &room, message);
        }
    }
}

/// Leaving the screen leaves the room (the friend is told).
fn leave_room(
    mut commands: Commands,
    room: Option<Res<OnlineRoom>>,
    mut socket: Option<ResMut<MatchboxSocket>>,
) {
    if let Some(room) = room {
        send(&mut socket, &room, OnlineMessage::Leave);
    }
    commands.remove_resource::<MatchboxSocket>();
    commands.remove_resource::<OnlineRoom>();
}

fn spawn_lobby(mut commands: Commands, fonts: Res<Fonts>, mut typed: ResMut<TypedCode>) {
    typed.0.clear();
    commands
        .spawn((theme::screen_root(), DespawnOnExit(ConquestPhase::Lobby)))
        .with_children(|root| {
            root.spawn((
                Text::new("Play a friend online"),
                fonts.display(theme::type_scale::TITLE),
                TextColor(theme::ACCENT),
            ));
            root.spawn((
                Text::new(
                    "One of you creates a room and shares its code or link; the other joins \
                     with it. The creator plays X first; each rematch swaps sides.",
                ),
                fonts.text(16.0),
                TextColor(theme::TEXT_DIM),
                TextLayout::justify(Justify::Center),
                Node {
                    max_width: px(620),
                    margin: UiRect::vertical(px(8)),
                    ..default()
                },
            ));
            for line in [LobbyLine::Status, LobbyLine::Typed, LobbyLine::Server] {
                root.spawn((
                    Text::new(""),
                    fonts.text(if line == LobbyLine::Status {
                        20.0
                    } else {
                        16.0
                    }),
                    TextColor(if line == LobbyLine::Status {
                        theme::TEXT
                    } else {
                        theme::TEXT_DIM
                    }),
                    TextLayout::justify(Justify::Center),
                    line,
                    Node {
                        max_width: percent(94),
                        margin: UiRect::vertical(px(4)),
                        ..default()
                    },
                ));
            }
            for (b, label) in [
                (LobbyButton::Create, "Create a room"),
                (LobbyButton::Join, "Join a room"),
                (LobbyButton::CopyLink, "Copy the link"),
                (LobbyButton::Server, "Change server"),
                (LobbyButton::Back, "Back"),
            ] {
                root.spawn((theme::button(&fonts, label, 280.0), b));
            }
        });
}

/// What the lobby's status line says.
pub fn lobby_status(room: Option<&OnlineRoom>) -> String {
    let Some(room) = room else {
        return "Create a room, or join your friend's.".into();
    };
    match &room.state {
        RoomState::Waiting if room.creator => format!(
            "Room {}: waiting for your friend. Give them the code {}, or the link.",
            room.code, room.code
        ),
        RoomState::Waiting => format!("Joining room {}…", room.code),
        RoomState::Playing => format!("Room {}: your friend is here.", room.code),
        RoomState::Left(why) | RoomState::Failed(why) => why.clone(),
    }
}

/// The link that opens the room: the page with `?room=` in the browser, the command line on
/// the desktop.
pub fn room_link(room: &OnlineRoom) -> String {
    match platform::page_address() {
        Some(page) => format!(
            "{page}?room={}&server={}",
            room.code,
            room.server.replace(':', "%3A").replace('/', "%2F")
        ),
        None => format!(
            "merge-islands --room {} --server {}",
            room.code, room.server
        ),
    }
}

fn show_lobby(
    room: Option<Res<OnlineRoom>>,
    launch: Res<Launch>,
    progress: Res<Progress>,
    typed: Res<TypedCode>,
    mut lines: Query<(&LobbyLine, &mut Text, &mut TextColor)>,
) {
    for (line, mut text, mut colour) in &mut lines {
        let words = match line {
            LobbyLine::Status => {
                colour.0 = match room.as_deref().map(|r| &r.state) {
                    Some(RoomState::Failed(_) | RoomState::Left(_)) => theme::WARNING,
                    _ => theme::TEXT,
                };
                lobby_status(room.as_deref())
            }
            LobbyLine::Typed => {
                let in_a_room = room
                    .as_deref()
                    .is_some_and(|r| matches!(r.state, RoomState::Waiting | RoomState::Playing));
                if platform::IS_BROWSER || in_a_room {
                    String::new()
                } else if typed.0.is_empty() {
                    "To join, type the room code and press Enter (or Join a room).".into()
                } else {
                    format!("Room code: {}", typed.0)
                }
            }
            LobbyLine::Server => format!(
                "Game server: {}",
                room.as_deref().map_or_else(
                    || server_to_use(
                        launch.0.server.as_deref(),
                        progress.online_server.as_deref()
                    ),
                    |r| r.server.clone()
                )
            ),
        };
        if text.0 != words {
            text.0 = words;
        }
    }
}

fn press_lobby(
    buttons: Query<(&Interaction, &LobbyButton), Changed<Interaction>>,
    mut requests: MessageWriter<OnlineRequest>,
    mut typed: ResMut<TypedCode>,
    room: Option<Res<OnlineRoom>>,
    mut commands: Commands,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            LobbyButton::Create => {
                requests.write(OnlineRequest::Create);
            }
            LobbyButton::Join => {
                // Typed on the desktop; otherwise the page's prompt (or, on the desktop, the
                // clipboard).
                let code = if typed.0.is_empty() {
                    platform::ask_text("The room code your friend gave you:")
                        .ok()
                        .flatten()
                } else {
                    Some(std::mem::take(&mut typed.0))
                };
                if let Some(code) = code {
                    requests.write(OnlineRequest::Join(code));
                }
            }
            LobbyButton::Server => {
                if let Ok(Some(server)) =
                    platform::ask_text("The game server's address (ws://host:3536):")
                {
                    requests.write(OnlineRequest::Server(server));
                }
            }
            LobbyButton::CopyLink => {
                if let Some(room) = room.as_deref().filter(|r| !r.code.is_empty()) {
                    let _ = platform::copy_text(&room_link(room));
                }
            }
            LobbyButton::Back => {
                commands.remove_resource::<MatchboxSocket>();
                commands.remove_resource::<OnlineRoom>();
                next_phase.set(ConquestPhase::Setup);
            }
        }
    }
}

/// Desktop keys in the lobby: letters type the room code, Backspace takes one back, Enter
/// joins.
fn type_room_code(
    mut keys: MessageReader<KeyboardInput>,
    mut typed: ResMut<TypedCode>,
    mut requests: MessageWriter<OnlineRequest>,
) {
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Enter if !typed.0.is_empty() => {
                requests.write(OnlineRequest::Join(std::mem::take(&mut typed.0)));
            }
            Key::Backspace => {
                typed.0.pop();
            }
            Key::Character(c) if typed.0.len() < 16 => {
                typed.0.extend(
                    c.chars()
                        .filter(char::is_ascii_alphabetic)
                        .map(|c| c.to_ascii_uppercase()),
                );
            }
            _ => {}
        }
    }
}

/// After the friend left during a game: a bar to finish it against the computer.
fn show_left_bar(
    mut commands: Commands,
    room: Option<Res<OnlineRoom>>,
    phase: Res<State<ConquestPhase>>,
    fonts: Res<Fonts>,
    bars: Query<Entity, With<LeftBar>>,
) {
    let left = room.as_deref().and_then(|r| match &r.state {
        RoomState::Left(why) => Some(why.clone()),
        _ => None,
    });
    let wanted = left.filter(|_| *phase.get() == ConquestPhase::Playing);
    match (wanted, bars.is_empty()) {
        (Some(why), true) => {
            commands
                .spawn((
                    LeftBar,
                    Node {
                        position_type: PositionType::Absolute,
                        bottom: px(12),
                        left: px(12),
                        right: px(12),
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(6),
                        padding: UiRect::all(px(10)),
                        border_radius: BorderRadius::all(px(12)),
                        ..default()
                    },
                    BackgroundColor(theme::PANEL),
                    GlobalZIndex(5),
                    DespawnOnExit(ConquestPhase::Playing),
                ))
                .with_children(|bar| {
                    bar.spawn((Text::new(why), fonts.bold(18.0), TextColor(theme::WARNING)));
                    bar.spawn(Node {
                        column_gap: px(10),
                        flex_wrap: FlexWrap::Wrap,
                        justify_content: JustifyContent::Center,
                        ..default()
                    })
                    .with_children(|row| {
                        row.spawn((
                            theme::button(&fonts, "Finish against the computer", 300.0),
                            LeftButton::FinishAgainstTheComputer,
                        ));
                        row.spawn((theme::button(&fonts, "Menu", 160.0), LeftButton::Menu));
                    });
                });
        }
        (None, false) => {
            for e in &bars {
                commands.entity(e).despawn();
            }
        }
        _ => {}
    }
}

fn press_left_bar(
    buttons: Query<(&Interaction, &LeftButton), Changed<Interaction>>,
    mut requests: MessageWriter<OnlineRequest>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for (interaction, button) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match button {
            LeftButton::FinishAgainstTheComputer => {
                requests.write(OnlineRequest::FinishAgainstTheComputer);
            }
            LeftButton::Menu => next_screen.set(Screen::Title),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_comes_from_the_launch_then_the_players_choice_then_this_machine() {
        assert_eq!(
            server_to_use(Some("10.0.0.2:4000"), Some("ws://a:1")),
            "ws://10.0.0.2:4000"
        );
        assert_eq!(
            server_to_use(Some("nonsense://"), Some("ws://a:1")),
            "ws://a:1"
        );
        assert_eq!(server_to_use(None, None), DEFAULT_SERVER);
    }

    #[test]
    fn the_lobby_says_where_the_room_stands() {
        let mut room = failed_room("ws://x:1", "nope".into());
        assert_eq!(lobby_status(Some(&room)), "nope");
        room.state = RoomState::Waiting;
        room.creator = true;
        room.code = "ABCDE".into();
        assert!(lobby_status(Some(&room)).contains("waiting for your friend"));
        assert!(room_link(&room).contains("--room ABCDE"));
        assert_eq!(room.side(), Player::X);
        room.game_number = 2;
        assert_eq!(room.side(), Player::O, "a rematch swaps sides");
    }
}
