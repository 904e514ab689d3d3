//! The playing screen's model: the session being played, the player's actions applied to it
//! by [`Session::perform`], and the reports the rest of the front end presents. The systems
//! here are thin: what an action means is decided by plain functions without Bevy.

use crate::game::level_codes::level_from_code;
use crate::game::level_store::{Campaign, CampaignLevel, CurrentLevel, is_test_play};
use crate::game::progress::{Progress, SaveProgress};
use crate::game::screen::{FrameStep, Launch, LaunchProblem, Screen};
use crate::game::settings::Settings;
use crate::game::ui::text::refusal;
use crate::rules::board::{MoveReport, Status};
use crate::rules::cell::Pos;
use crate::rules::level_code;
use crate::rules::moves::{Move, parse_move_list};
use crate::session::{Action, ActionOutcome, Change, Session};
use bevy::prelude::*;
use std::collections::VecDeque;
use std::time::Duration;

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

/// Seconds (at Normal speed) the won and lost panels still wait, so that the move that
/// ended the level plays out on the board before a panel covers it.
#[derive(Resource, Debug, Default)]
pub struct EndPanelHold {
    /// Seconds of animation still to wait.
    pub left: f32,
    /// Real seconds waited so far.
    pub waited: f32,
}

/// The level in play.
#[derive(Resource)]
pub struct ActiveSession {
    pub session: Session,
    /// The campaign key progress is recorded under.
    pub key: String,
    /// Time spent playing this level since it was opened (a resumed game keeps its time);
    /// it runs while the board is in play, not on the panels.
    pub played: Duration,
    /// How much of `played` is already added to the level's time in the progress.
    pub counted: Duration,
}

/// A game to pick up where it was left: a saved session (the level and its moves, as
/// [`Session::save`] writes them) for the level under `key`. Continue sets it, and so does
/// reopening a solved daily puzzle; [`start_session`] takes it.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct ResumeFrom {
    pub key: String,
    pub save: String,
    pub played: Duration,
}

/// The level being played is the editor's draft, opened by its Test play: the editor offers
/// the way back, and a win is not recorded in the player's progress. The editor inserts it;
/// leaving the playing screen removes it (but for Settings opened from the pause panel,
/// which comes back to the same game).
#[derive(Resource, Debug, Clone, Copy)]
pub struct TestPlay;

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
    /// The board went back to the level's start (restart, or redo of one): redraw it.
    Restarted,
    /// An undo took back a restart: redraw the board as it was before it.
    RestartUndone,
    /// A move was refused: the cells it named, to shake.
    Rejected {
        at: Vec<Pos>,
    },
}

/// A line for the HUD's message area (hints, reasons).
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub warning: bool,
}

/// The move a hint suggests, highlighted on the board until the board changes.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HintedMove(pub Option<Move>);

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

pub struct PlayModelPlugin;

impl Plugin for PlayModelPlugin {
    fn build(&self, app: &mut App) {
        app.add_sub_state::<PlayPhase>()
            .add_message::<PlayerAction>()
            .add_message::<BoardUpdate>()
            .init_resource::<StatusLine>()
            .init_resource::<HintedMove>()
            .init_resource::<WinSummary>()
            .init_resource::<ScriptedMoves>()
            .init_resource::<LaunchProblem>()
            .add_systems(Startup, open_launch_level)
            .add_systems(OnEnter(Screen::Playing), start_session)
            // What belonged to the level left (a shown hint) does not follow the player to
            // the next screen or level; a test play's mark stays through Settings opened
            // from the pause panel, which comes back to this same test play.
            .add_systems(
                OnExit(Screen::Playing),
                |mut commands: Commands,
                 returning: Option<Res<ReturnToSession>>,
                 mut hinted: ResMut<HintedMove>| {
                    if returning.is_none() {
                        commands.remove_resource::<TestPlay>();
                    }
                    hinted.set_if_neq(HintedMove(None));
                },
            )
            .add_systems(
                Update,
                play_scripted_moves
                    .in_set(FrameStep::Input)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(
                Update,
                (apply_actions, end_screens_follow_the_board)
                    .chain()
                    .in_set(FrameStep::Apply)
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// `--level NAME` opens a level straight away (`--moves` are then played on it): a campaign
/// level's name, a level file, or a level code.
fn open_launch_level(
    mut commands: Commands,
    launch: Res<Launch>,
    campaign: Res<Campaign>,
    mut next: ResMut<NextState<Screen>>,
    mut scripted: ResMut<ScriptedMoves>,
    mut problem: ResMut<LaunchProblem>,
) {
    let Some(name) = &launch.0.level else { return };
    let level = match launch_level(name, &campaign) {
        Ok(level) => level,
        Err(message) => {
            error!("{message}");
            problem.0 = Some(message);
            return;
        }
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

/// The level `--level NAME` names: a campaign level's name or file stem, a level file, or a
/// level code; else a message for the player saying which it was not.
pub fn launch_level(name: &str, campaign: &Campaign) -> Result<CampaignLevel, String> {
    if let Some(level) = campaign.find(name) {
        return Ok(level.clone());
    }
    let path = std::path::Path::new(name);
    if path.exists() {
        return crate::level_files::read_level(path)
            .map(|level| CampaignLevel {
                key: path.display().to_string(),
                level,
            })
            .map_err(|e| e.to_string());
    }
    // Not a level's name nor a file: perhaps a level code (also the page's ?code=).
    if level_code::looks_like_code(name) {
        return level_from_code(name, campaign)
            .map_err(|e| format!("That level code does not open: {e}"));
    }
    Err(format!(
        "There is no level called \"{name}\": no campaign level has that name or file name, and no file is there."
    ))
}

/// Starts a session for the current level (the board view spawns after it).
/// Set when the player opens Settings from a level's pause panel: coming back continues
/// that session (its moves and undo history) instead of starting the level afresh.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct ReturnToSession;

pub fn start_session(
    mut commands: Commands,
    current: Option<Res<CurrentLevel>>,
    (returning, active, resume): (
        Option<Res<ReturnToSession>>,
        Option<Res<ActiveSession>>,
        Option<Res<ResumeFrom>>,
    ),
    mut status: ResMut<StatusLine>,
    mut next: ResMut<NextState<Screen>>,
    (mut summary, mut next_phase): (ResMut<WinSummary>, ResMut<NextState<PlayPhase>>),
) {
    let Some(current) = current else {
        next.set(Screen::LevelSelect);
        return;
    };
    // Back from Settings opened on the pause panel: the same game, moves and undo kept.
    if returning.is_some() {
        commands.remove_resource::<ReturnToSession>();
        if active.is_some_and(|a| a.key == current.0.key) {
            return;
        }
    }
    *status = StatusLine::default();
    if let Some(resume) = resume {
        commands.remove_resource::<ResumeFrom>();
        if resume.key == current.0.key {
            match resumed(&resume.save) {
                Ok((session, won)) => {
                    status.text = match session.moves().len() {
                        _ if won.is_some() => {
                            "Solved earlier: that result stands. Play again any time.".into()
                        }
                        0 => String::new(),
                        1 => "Welcome back: 1 move made (Z takes it back).".into(),
                        n => format!("Welcome back: {n} moves made (Z takes them back)."),
                    };
                    if let Some(won) = won {
                        *summary = won;
                        next_phase.set(PlayPhase::Won);
                    }
                    commands.insert_resource(ActiveSession {
                        session,
                        key: resume.key.clone(),
                        played: resume.played,
                        counted: resume.played,
                    });
                    return;
                }
                Err(why) => {
                    *status = StatusLine {
                        text: format!(
                            "The saved game could not be read ({why}); the level starts afresh."
                        ),
                        warning: true,
                    };
                }
            }
        }
    }
    match Session::new(current.0.level.clone()) {
        Ok(session) => {
            commands.insert_resource(ActiveSession {
                session,
                key: current.0.key.clone(),
                played: Duration::ZERO,
                counted: Duration::ZERO,
            });
        }
        Err(e) => {
            error!("{}: {e}", current.0.key);
            next.set(Screen::LevelSelect);
        }
    }
}

/// A saved session read back, and its win summary when its board is won (a solved daily
/// puzzle shown again): the last move is taken back and made again for its report.
pub fn resumed(save: &str) -> Result<(Session, Option<WinSummary>), String> {
    let mut session = Session::load(save.as_bytes()).map_err(|e| e.to_string())?;
    if session.board().status() != Status::Won {
        return Ok((session, None));
    }
    session.undo();
    let won = match session.redo() {
        Some(Change::Move(report)) => Some(win_summary(&report, &session)),
        _ => None,
    };
    Ok((session, won))
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

/// Whether an action may be taken in a phase: moves and hints only while playing; undo,
/// redo and restart also from the end screens.
pub fn allowed_in(action: PlayerAction, phase: PlayPhase) -> bool {
    match action {
        PlayerAction::Play(_) | PlayerAction::Hint => phase == PlayPhase::Playing,
        _ => matches!(phase, PlayPhase::Playing | PlayPhase::Won | PlayPhase::Lost),
    }
}

/// What the front end shows of an action's outcome: the report for the board, the line for
/// the HUD (`None` keeps the line as it is) and the phase the screen goes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub update: Option<BoardUpdate>,
    pub line: Option<StatusLine>,
    pub phase: Option<PlayPhase>,
}

/// How an outcome shows, given the session after it (and the palette tribes are named in):
/// a plain function, tested without Bevy. Any change to the board clears the message line:
/// a refusal, a hint or a welcome said about the board before it is stale.
pub fn show_outcome(outcome: ActionOutcome, session: &Session, colour_blind: bool) -> Shown {
    let line = |text: &str, warning| {
        Some(StatusLine {
            text: text.into(),
            warning,
        })
    };
    let played = matches!(outcome, ActionOutcome::Played(_));
    let (update, line) = match outcome {
        ActionOutcome::Played(report) => (Some(BoardUpdate::Played(report)), line("", false)),
        ActionOutcome::Refused(mv, why) => {
            let at = match mv {
                Move::Sand(p) => vec![p],
                Move::Bridge(a, b) => vec![a, b],
            };
            let text = format!("Can't do that: {}.", refusal(&why, colour_blind));
            // A refused move leaves the screen where it was.
            return Shown {
                update: Some(BoardUpdate::Rejected { at }),
                line: line(&text, true),
                phase: None,
            };
        }
        ActionOutcome::Undone(report) => (Some(BoardUpdate::Undone(report)), line("", false)),
        ActionOutcome::Redone(report) => (Some(BoardUpdate::Redone(report)), line("", false)),
        ActionOutcome::Restarted => (Some(BoardUpdate::Restarted), line("", false)),
        ActionOutcome::RestartUndone => (Some(BoardUpdate::RestartUndone), line("", false)),
        ActionOutcome::Nothing => (None, None),
    };
    // The screen follows the board; only the winning move itself opens the won panel (a
    // redo back onto a won board does not score the win again).
    let phase = match session.board().status() {
        Status::Playing => Some(PlayPhase::Playing),
        Status::Lost => Some(PlayPhase::Lost),
        Status::Won if played => Some(PlayPhase::Won),
        Status::Won => None,
    };
    Shown {
        update,
        line,
        phase,
    }
}

/// The breakdown for the win panel, from the winning move's report.
pub fn win_summary(report: &MoveReport, session: &Session) -> WinSummary {
    WinSummary {
        join_points: report.score - report.win_bonus,
        bonus: report.win_bonus,
        total: report.score,
        moves: session.board().moves_made(),
        par: session.level().par,
        stars: session.stars(),
        improved: false,
    }
}

/// The words for an action that did nothing.
fn nothing_to(action: PlayerAction) -> Option<&'static str> {
    match action {
        PlayerAction::Undo => Some("Nothing to undo."),
        PlayerAction::Redo => Some("Nothing to redo."),
        _ => None,
    }
}

/// Applies the player's actions to the session and writes what happened (hints are the hint
/// task's: see `hint`).
pub(super) fn apply_actions(
    mut actions: MessageReader<PlayerAction>,
    active: Option<ResMut<ActiveSession>>,
    phase: Res<State<PlayPhase>>,
    mut next_phase: ResMut<NextState<PlayPhase>>,
    mut updates: MessageWriter<BoardUpdate>,
    mut status: ResMut<StatusLine>,
    mut progress: ResMut<Progress>,
    mut save: MessageWriter<SaveProgress>,
    mut summary: ResMut<WinSummary>,
    mut hinted: ResMut<HintedMove>,
    (test_play, settings): (Option<Res<TestPlay>>, Res<Settings>),
) {
    let Some(mut active) = active else { return };
    let mut phase_now = *phase.get();
    for &action in actions.read() {
        if !allowed_in(action, phase_now) {
            continue;
        }
        // Whatever the player does next, a shown hint has had its turn.
        hinted.set_if_neq(HintedMove(None));
        let request = match action {
            PlayerAction::Play(mv) => Action::Play(mv),
            PlayerAction::Undo => Action::Undo,
            PlayerAction::Redo => Action::Redo,
            PlayerAction::Restart => Action::Restart,
            PlayerAction::Hint => continue,
        };
        let outcome = active.session.perform(request);
        let nothing = outcome == ActionOutcome::Nothing;
        let restarted = action == PlayerAction::Restart && outcome == ActionOutcome::Restarted;
        if let ActionOutcome::Played(report) = &outcome
            && report.status == Status::Won
        {
            *summary = win_summary(report, &active.session);
            // A test play of the editor's draft is not the player's progress.
            if test_play.is_none() && !is_test_play(&active.key) {
                let key = active.key.clone();
                summary.improved =
                    progress.record_win(&key, summary.stars, report.score, summary.moves);
                save.write(SaveProgress);
            }
        }
        let shown = show_outcome(outcome, &active.session, settings.colour_blind);
        if let Some(line) = shown.line {
            *status = line;
        }
        if let Some(text) = nothing_to(action).filter(|_| nothing) {
            *status = StatusLine {
                text: text.into(),
                warning: false,
            };
        } else if restarted {
            status.text = "Restarted (Z takes it back).".into();
        }
        if let Some(update) = shown.update {
            updates.write(update);
        }
        if let Some(to) = shown.phase {
            // The screen follows the board: won, lost, or back to playing after an undo.
            if to != phase_now {
                next_phase.set(to);
                phase_now = to;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::goal::{Budget, Goal};
    use crate::rules::level::Level;

    fn session() -> Session {
        let rows = ["#.#", "~~~", "#.#"];
        let level = Level {
            name: "t".into(),
            author: String::new(),
            width: 3,
            height: 3,
            cells: rows
                .iter()
                .flat_map(|r| r.chars())
                .map(|c| crate::rules::cell::Cell::from_char(c).unwrap())
                .collect(),
            goal: Goal::Islands(3),
            budget: Budget {
                sand: Some(1),
                bridges: Some(0),
            },
            par: 1,
            tip: None,
        };
        Session::new(level).unwrap()
    }

    #[test]
    fn a_refused_move_shakes_its_cells_and_says_why_but_stays_on_screen() {
        let mut s = session();
        let mv = Move::Sand(Pos::new(1, 0));
        let shown = show_outcome(s.perform(Action::Play(mv)), &s, false);
        assert_eq!(
            shown.update,
            Some(BoardUpdate::Rejected {
                at: vec![Pos::new(1, 0)]
            })
        );
        let line = shown.line.unwrap();
        assert!(
            line.warning && line.text.starts_with("Can't do that: "),
            "{line:?}"
        );
        assert_eq!(shown.phase, None);
    }

    #[test]
    fn a_winning_move_goes_to_the_won_panel_and_undo_comes_back() {
        let mut s = session();
        let outcome = s.perform(Action::Play(Move::Sand(Pos::new(0, 1))));
        let ActionOutcome::Played(report) = &outcome else {
            panic!("{outcome:?}")
        };
        let summary = win_summary(report, &s);
        assert_eq!((summary.moves, summary.par, summary.stars), (1, 1, 3));
        let shown = show_outcome(outcome, &s, false);
        assert!(matches!(shown.update, Some(BoardUpdate::Played(_))));
        assert_eq!(shown.phase, Some(PlayPhase::Won));
        assert_eq!(
            shown.line,
            Some(StatusLine::default()),
            "the message line clears"
        );
        let undo = show_outcome(s.perform(Action::Undo), &s, false);
        assert!(matches!(undo.update, Some(BoardUpdate::Undone(_))));
        assert_eq!(
            undo.line,
            Some(StatusLine::default()),
            "an undo clears what was said about the board before it"
        );
        assert_eq!(undo.phase, Some(PlayPhase::Playing));
        let redo = show_outcome(s.perform(Action::Redo), &s, false);
        assert!(matches!(redo.update, Some(BoardUpdate::Redone(_))));
        assert_eq!(redo.phase, None, "a redo onto a won board keeps the screen");
        assert_eq!(show_outcome(ActionOutcome::Nothing, &s, false).update, None);
    }

    #[test]
    fn moves_and_hints_wait_for_play_but_undo_works_on_the_end_panels() {
        let play = PlayerAction::Play(Move::Sand(Pos::new(0, 1)));
        assert!(allowed_in(play, PlayPhase::Playing));
        assert!(!allowed_in(play, PlayPhase::Won));
        assert!(!allowed_in(PlayerAction::Hint, PlayPhase::Paused));
        assert!(allowed_in(PlayerAction::Undo, PlayPhase::Lost));
        assert!(!allowed_in(PlayerAction::Undo, PlayPhase::Help));
    }
}
