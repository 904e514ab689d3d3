//! The playing screen's model: the session being played, the player's actions turned into
//! moves, and the reports the rest of the front end animates.

use super::campaign::{Campaign, CurrentLevel};
use super::progress::{Progress, SaveProgress};
use super::{Launch, Screen};
use crate::rules::board::{MoveReport, Status};
use crate::rules::cell::Pos;
use crate::rules::moves::{Move, parse_move_list};
use crate::rules::solver::SolveLimits;
use crate::session::{Change, Hint, Session};
use bevy::prelude::*;
use std::collections::VecDeque;

/// What the player is doing on the playing screen.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Playing)]
pub enum PlayPhase {
    #[default]
    Playing,
    Paused,
    Help,
    Won,
    Lost,
}

/// The level in play.
#[derive(Resource)]
pub struct ActiveSession {
    pub session: Session,
    /// The campaign key progress is recorded under.
    pub key: String,
}

/// Something the player asked for, from mouse, keyboard or a script.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayerAction {
    Play(Move),
    Undo,
    Redo,
    Restart,
    Hint,
}

/// What happened to the board, for the view, the animations, the HUD and the sound.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum BoardUpdate {
    Played(MoveReport),
    Undone(MoveReport),
    Redone(MoveReport),
    /// The whole board changed (restart, or undoing one): redraw it.
    Reset,
    Rejected {
        reason: String,
        at: Vec<Pos>,
    },
}

/// A line for the HUD's message area (hints, reasons).
#[derive(Resource, Debug, Clone, Default)]
pub struct StatusLine {
    pub text: String,
    pub warning: bool,
    /// The move a hint suggests, to highlight on the board.
    pub hinted: Option<Move>,
}

/// The breakdown shown on the win screen.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinSummary {
    pub join_points: u64,
    pub bonus: u64,
    pub total: u64,
    pub moves: u32,
    pub par: u32,
    pub stars: u8,
    pub improved: bool,
}

/// Moves given on the command line, played one a frame once the board is up.
#[derive(Resource, Debug, Clone, Default)]
pub struct ScriptedMoves(pub VecDeque<Move>);

/// Where actions become moves; input systems run before it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApplyActions;

pub struct PlayingPlugin;

impl Plugin for PlayingPlugin {
    fn build(&self, app: &mut App) {
        app.add_sub_state::<PlayPhase>()
            .add_message::<PlayerAction>()
            .add_message::<BoardUpdate>()
            .init_resource::<StatusLine>()
            .init_resource::<WinSummary>()
            .init_resource::<ScriptedMoves>()
            .add_systems(Startup, open_launch_level)
            .add_systems(OnEnter(Screen::Playing), start_session)
            .add_systems(OnExit(Screen::Playing), |mut commands: Commands| {
                commands.remove_resource::<super::editor::TestPlay>();
            })
            .add_systems(
                Update,
                (
                    play_scripted_moves,
                    apply_actions,
                    end_screens_follow_the_board,
                )
                    .chain()
                    .in_set(ApplyActions)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// `--level NAME` opens a level straight away (`--moves` are then played on it).
fn open_launch_level(
    mut commands: Commands,
    launch: Res<Launch>,
    campaign: Res<Campaign>,
    mut next: ResMut<NextState<Screen>>,
    mut scripted: ResMut<ScriptedMoves>,
) {
    let Some(name) = &launch.0.level else { return };
    let path = std::path::Path::new(name);
    let found = campaign.find(name).cloned().or_else(|| {
        crate::level_files::read_level(path)
            .map_err(|e| error!("{e}"))
            .ok()
            .map(|level| super::campaign::CampaignLevel {
                key: path.display().to_string(),
                level,
            })
    });
    let Some(level) = found else {
        error!("no level called {name:?} in the campaign or on disk");
        return;
    };
    if let Some(moves) = &launch.0.moves {
        for parsed in parse_move_list(moves) {
            match parsed {
                Ok(m) => scripted.0.push_back(m),
                Err(e) => error!("{e}"),
            }
        }
    }
    commands.insert_resource(CurrentLevel(level));
    next.set(Screen::Playing);
}

/// Starts a session for the current level (the board view spawns after it).
pub fn start_session(
    mut commands: Commands,
    current: Option<Res<CurrentLevel>>,
    mut status: ResMut<StatusLine>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(current) = current else {
        next.set(Screen::LevelSelect);
        return;
    };
    match Session::new(current.0.level.clone()) {
        Ok(session) => {
            commands.insert_resource(ActiveSession {
                session,
                key: current.0.key.clone(),
            });
            *status = StatusLine::default();
        }
        Err(e) => {
            error!("{}: {e}", current.0.key);
            next.set(Screen::LevelSelect);
        }
    }
}

fn play_scripted_moves(
    mut scripted: ResMut<ScriptedMoves>,
    active: Option<Res<ActiveSession>>,
    mut actions: MessageWriter<PlayerAction>,
) {
    if active.is_none() {
        return;
    }
    if let Some(m) = scripted.0.pop_front() {
        actions.write(PlayerAction::Play(m));
    }
}

/// Turns actions into session calls and reports what happened.
fn apply_actions(
    mut actions: MessageReader<PlayerAction>,
    active: Option<ResMut<ActiveSession>>,
    phase: Res<State<PlayPhase>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
    mut updates: MessageWriter<BoardUpdate>,
    mut status: ResMut<StatusLine>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
    mut summary: ResMut<WinSummary>,
    test_play: Option<Res<super::editor::TestPlay>>,
) {
    let Some(mut active) = active else { return };
    for action in actions.read() {
        let phase_now = *phase.get();
        // Moves and hints only while playing; undo, redo and restart also from the end screens.
        let allowed = match action {
            PlayerAction::Play(_) | PlayerAction::Hint => phase_now == PlayPhase::Playing,
            _ => matches!(
                phase_now,
                PlayPhase::Playing | PlayPhase::Won | PlayPhase::Lost
            ),
        };
        if !allowed {
            continue;
        }
        status.hinted = None;
        match *action {
            PlayerAction::Play(mv) => match active.session.play(mv) {
                Ok(report) => {
                    status.text.clear();
                    status.warning = false;
                    let finished = report.status;
                    if finished == Status::Won {
                        let s = &active.session;
                        let moves = s.board().moves_made();
                        *summary = WinSummary {
                            join_points: report.score - report.win_bonus,
                            bonus: report.win_bonus,
                            total: report.score,
                            moves,
                            par: s.level().par,
                            stars: s.stars(),
                            improved: false,
                        };
                        let key = active.key.clone();
                        // A test play of the editor's draft is not the player's progress.
                        if test_play.is_none() {
                            summary.improved =
                                progress.record_win(&key, summary.stars, report.score, moves);
                            save.write(SaveProgress);
                        }
                        next_phase.set(PlayPhase::Won);
                    } else if finished == Status::Lost {
                        next_phase.set(PlayPhase::Lost);
                    }
                    updates.write(BoardUpdate::Played(report));
                }
                Err(reason) => {
                    let at = match mv {
                        Move::Sand(p) => vec![p],
                        Move::Bridge(a, b) => vec![a, b],
                    };
                    status.text = format!("Can't do that: {reason}.");
                    status.warning = true;
                    updates.write(BoardUpdate::Rejected {
                        reason: reason.to_string(),
                        at,
                    });
                    continue;
                }
            },
            PlayerAction::Undo | PlayerAction::Redo => {
                let undo = *action == PlayerAction::Undo;
                let change = if undo {
                    active.session.undo()
                } else {
                    active.session.redo()
                };
                let update = match change {
                    Some(Change::Move(report)) if undo => BoardUpdate::Undone(report),
                    Some(Change::Move(report)) => BoardUpdate::Redone(report),
                    Some(Change::Restart) => BoardUpdate::Reset,
                    None => {
                        status.text = format!("Nothing to {}.", if undo { "undo" } else { "redo" });
                        continue;
                    }
                };
                updates.write(update);
            }
            PlayerAction::Restart => {
                if active.session.restart() {
                    status.text = "Restarted (Z takes it back).".into();
                    updates.write(BoardUpdate::Reset);
                }
            }
            PlayerAction::Hint => {
                let limits = SolveLimits {
                    max_nodes: 3_000_000,
                    count_solutions_up_to: 0,
                };
                let (text, hinted) = match active.session.hint(limits) {
                    Hint::Next { next, moves_left } => (
                        format!(
                            "Hint: {} — then {} more to win.",
                            describe(next),
                            moves_left - 1
                        ),
                        Some(next),
                    ),
                    Hint::CannotWin => (
                        "This level can no longer be won from here: undo or restart.".into(),
                        None,
                    ),
                    Hint::AlreadyWon => ("Already won!".into(), None),
                    Hint::Unknown => (
                        "No hint: this position is too open to solve quickly.".into(),
                        None,
                    ),
                };
                status.text = text;
                status.warning = hinted.is_none();
                status.hinted = hinted;
                continue;
            }
        }
        // After an undo or redo the end screens no longer apply.
        let now = active.session.board().status();
        match now {
            Status::Playing => NextState::set_if_neq(&mut next_phase, PlayPhase::Playing),
            Status::Lost => NextState::set_if_neq(&mut next_phase, PlayPhase::Lost),
            Status::Won => {}
        }
    }
}

/// A move in words, for hints.
pub fn describe(mv: Move) -> String {
    match mv {
        Move::Sand(p) => format!("sand at row {}, column {}", p.row, p.col),
        Move::Bridge(a, b) => format!(
            "a bridge from row {}, column {} to row {}, column {}",
            a.row, a.col, b.row, b.col
        ),
    }
}

/// The won and lost panels show only while the board is won or lost: a new level (next
/// level, the next endless round) re-enters the screen with the sub-state kept, and this
/// puts it back to playing.
fn end_screens_follow_the_board(
    active: Option<Res<ActiveSession>>,
    phase: Res<State<PlayPhase>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
) {
    let Some(active) = active else { return };
    let ended = matches!(phase.get(), PlayPhase::Won | PlayPhase::Lost);
    if ended && active.session.board().status() == Status::Playing {
        next_phase.set(PlayPhase::Playing);
    }
}
