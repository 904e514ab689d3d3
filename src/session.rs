//! A level being played: history, unlimited undo and redo, restart as an undoable step,
//! hints, and saving a game in progress as the level plus its move list.
//!
//! Undo never recomputes the board: each move is played inside a board snapshot, and undo
//! rolls that snapshot back (the union-find's undo log takes back exactly its writes).

use crate::rules::board::{Board, BoardError, BoardSnapshot, MoveReport, Rejection, Status};
use crate::rules::cell::Pos;
use crate::rules::goal::stars;
use crate::rules::level::{Level, LevelError, LevelFile, RonError, parse_ron};
use crate::rules::moves::{Move, format_move_list};
use crate::rules::solver::{Outcome, SolveLimits, solve_with_progress};
use crate::union_find::Op;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One step undo can take back.
#[derive(Debug)]
enum Step {
    Move {
        report: Box<MoveReport>,
        snapshot: BoardSnapshot,
    },
    Restart {
        board: Box<Board>,
        moves: Vec<Move>,
    },
}

/// What undo or redo did, for the front end to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A move was taken back (undo) or made again (redo); its report says what it changed.
    Move(MoveReport),
    /// The board was reset to the start (redo of a restart) or brought back from one (undo).
    Restart,
}

/// The next move of an optimal solution from `board`. `go_on(bound, nodes)` is asked as the
/// search goes; `false` stops it, and the hint is then [`Hint::Unknown`]. The board is the
/// caller's copy, so this can run away from the game's thread.
pub fn hint_for(
    board: &Board,
    limits: SolveLimits,
    go_on: &mut dyn FnMut(u32, u64) -> bool,
) -> Hint {
    if board.status() == Status::Won {
        return Hint::AlreadyWon;
    }
    match solve_with_progress(board, limits, go_on).outcome {
        Outcome::Solved { moves } => Hint::Next {
            next: moves[0],
            moves_left: moves.len() as u32,
        },
        Outcome::Unwinnable => Hint::CannotWin,
        Outcome::GaveUp { .. } => Hint::Unknown,
    }
}

/// What a hint says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// The next move of an optimal solution, and how many moves that solution has left.
    Next { next: Move, moves_left: u32 },
    /// No set of moves within the budget wins from here.
    CannotWin,
    /// The level is already won.
    AlreadyWon,
    /// The solver gave up before finding the answer.
    Unknown,
}

/// What a player can ask of the session. Hints are not here: they search, and the front end
/// runs them apart (see [`hint_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Play(Move),
    Undo,
    Redo,
    Restart,
}

/// What an [`Action`] did: everything the front end needs to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome {
    /// A move was made; its report says what it changed.
    Played(MoveReport),
    /// The move was refused; nothing changed.
    Refused(Move, Rejection),
    /// A move was taken back.
    Undone(MoveReport),
    /// An undone move was made again.
    Redone(MoveReport),
    /// The board went back to the level's start: a restart, or redo of one.
    Restarted,
    /// An undo took back a restart: the board is as it was before it.
    RestartUndone,
    /// Nothing to undo, to redo, or to restart.
    Nothing,
}

/// A level in play.
#[derive(Debug)]
pub struct Session {
    level: Level,
    board: Board,
    /// Moves on the board now, since the start or the last restart.
    moves: Vec<Move>,
    undo: Vec<Step>,
    redo: Vec<Move>,
    /// Redo entries that are restarts, by their position in `redo`.
    redo_restarts: Vec<usize>,
}

impl Session {
    pub fn new(level: Level) -> Result<Session, BoardError> {
        let board = level.board()?;
        Ok(Session {
            level,
            board,
            moves: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            redo_restarts: Vec::new(),
        })
    }

    pub fn level(&self) -> &Level {
        &self.level
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    /// Turns the island structure's operation recorder on or off (the X-ray view is open).
    /// A restart, or an undo of one, swaps the board: ask again after either.
    pub fn record_island_ops(&mut self, on: bool) {
        if self.board.is_recording_island_ops() != on {
            self.board.record_island_ops(on);
        }
    }

    /// The island structure's operations since they were last taken (see
    /// [`Board::take_island_ops`]).
    pub fn take_island_ops(&mut self) -> Vec<Op<Pos>> {
        self.board.take_island_ops()
    }

    /// Moves on the board now.
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty() || !self.redo_restarts.is_empty()
    }

    /// Plays a move. A rejected move changes nothing, the redo list included.
    pub fn play(&mut self, mv: Move) -> Result<MoveReport, Rejection> {
        let report = self.play_inner(mv)?;
        self.redo.clear();
        self.redo_restarts.clear();
        Ok(report)
    }

    fn play_inner(&mut self, mv: Move) -> Result<MoveReport, Rejection> {
        self.board.check(mv)?;
        let snapshot = self.board.snapshot();
        let report = self.board.apply(mv).expect("a checked move is accepted");
        self.moves.push(mv);
        self.undo.push(Step::Move {
            report: Box::new(report.clone()),
            snapshot,
        });
        Ok(report)
    }

    /// Takes back the last step. `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Change> {
        match self.undo.pop()? {
            Step::Move { report, snapshot } => {
                self.board.rollback_to(snapshot);
                self.moves.pop();
                self.redo.push(report.applied);
                Some(Change::Move(*report))
            }
            Step::Restart { board, moves } => {
                self.board = *board;
                self.moves = moves;
                self.redo_restarts.push(self.redo.len());
                Some(Change::Restart)
            }
        }
    }

    /// Makes the last undone step again. `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<Change> {
        if self.redo_restarts.last() == Some(&self.redo.len()) {
            self.redo_restarts.pop();
            self.restart_inner();
            return Some(Change::Restart);
        }
        let mv = self.redo.pop()?;
        let report = self
            .play_inner(mv)
            .expect("a move undone from this position is legal here again");
        Some(Change::Move(report))
    }

    /// Resets the board to the level's start, as a step undo can take back. Does nothing
    /// (and returns false) when no move has been made.
    pub fn restart(&mut self) -> bool {
        if self.moves.is_empty() {
            return false;
        }
        self.restart_inner();
        self.redo.clear();
        self.redo_restarts.clear();
        true
    }

    fn restart_inner(&mut self) {
        let fresh = self.level.board().expect("the level built a board before");
        let board = std::mem::replace(&mut self.board, fresh);
        let moves = std::mem::take(&mut self.moves);
        self.undo.push(Step::Restart {
            board: Box::new(board),
            moves,
        });
    }

    /// Does what the player asked and says what happened.
    pub fn perform(&mut self, action: Action) -> ActionOutcome {
        match action {
            Action::Play(mv) => match self.play(mv) {
                Ok(report) => ActionOutcome::Played(report),
                Err(why) => ActionOutcome::Refused(mv, why),
            },
            Action::Undo => match self.undo() {
                Some(Change::Move(report)) => ActionOutcome::Undone(report),
                Some(Change::Restart) => ActionOutcome::RestartUndone,
                None => ActionOutcome::Nothing,
            },
            Action::Redo => match self.redo() {
                Some(Change::Move(report)) => ActionOutcome::Redone(report),
                Some(Change::Restart) => ActionOutcome::Restarted,
                None => ActionOutcome::Nothing,
            },
            Action::Restart if self.restart() => ActionOutcome::Restarted,
            Action::Restart => ActionOutcome::Nothing,
        }
    }

    /// The next move of an optimal solution from here.
    pub fn hint(&self, limits: SolveLimits) -> Hint {
        hint_for(&self.board, limits, &mut |_, _| true)
    }

    /// Stars earned: 0 until the level is won.
    pub fn stars(&self) -> u8 {
        match self.board.status() {
            Status::Won => stars(self.board.moves_made(), self.level.par),
            _ => 0,
        }
    }

    /// The game in progress as RON: the level and the moves on the board.
    pub fn save(&self) -> String {
        let saved = SavedGame {
            format: SAVE_FORMAT,
            level: self.level.to_file(),
            moves: format_move_list(&self.moves),
        };
        ron::ser::to_string_pretty(&saved, ron::ser::PrettyConfig::default())
            .expect("a saved game always serialises")
    }

    /// Restores a saved game by replaying its moves.
    pub fn load(bytes: &[u8]) -> Result<Session, SaveError> {
        if bytes.len() > MAX_SAVE_BYTES {
            return Err(SaveError::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| SaveError::NotText)?;
        let saved: SavedGame = parse_ron(text).map_err(SaveError::Syntax)?;
        if saved.format != SAVE_FORMAT {
            return Err(SaveError::Format(saved.format));
        }
        let level = Level::from_file(saved.level).map_err(SaveError::Level)?;
        let mut session =
            Session::new(level).map_err(|e| SaveError::Level(LevelError::Board(e)))?;
        for (index, text) in saved.moves.split_whitespace().enumerate() {
            let mv: Move = text.parse().map_err(|_| SaveError::Replay {
                index,
                text: text.to_string(),
                reason: "not a move".into(),
            })?;
            session.play(mv).map_err(|r| SaveError::Replay {
                index,
                text: text.to_string(),
                reason: r.to_string(),
            })?;
        }
        Ok(session)
    }
}

const SAVE_FORMAT: u32 = 1;
/// A save holds one level (at most 1 MiB) and its moves.
const MAX_SAVE_BYTES: usize = 4 << 20;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "SavedGame", deny_unknown_fields)]
struct SavedGame {
    format: u32,
    level: LevelFile,
    moves: String,
}

/// Why a saved game cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    TooLarge,
    NotText,
    Syntax(RonError),
    Format(u32),
    Level(LevelError),
    Replay {
        index: usize,
        text: String,
        reason: String,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::TooLarge => write!(f, "the save is larger than {MAX_SAVE_BYTES} bytes"),
            SaveError::NotText => write!(f, "the save is not UTF-8 text"),
            SaveError::Syntax(e) => write!(f, "{e}"),
            SaveError::Format(v) => write!(f, "save format {v} is not supported"),
            SaveError::Level(e) => write!(f, "the saved level: {e}"),
            SaveError::Replay {
                index,
                text,
                reason,
            } => write!(
                f,
                "move {} ({text}) cannot be replayed: {reason}",
                index + 1
            ),
        }
    }
}

impl std::error::Error for SaveError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::Cell;
    use crate::rules::goal::{Budget, Goal};
    use proptest::prelude::*;

    fn level(rows: &[&str], goal: Goal, budget: Budget, par: u32) -> Level {
        Level {
            name: "Test".into(),
            author: "Tests".into(),
            width: rows[0].len(),
            height: rows.len(),
            cells: crate::rules::test_boards::cells(rows),
            goal,
            budget,
            par,
            tip: None,
        }
    }

    fn sample() -> Session {
        let l = level(
            &["#.#.#", "..~..", "a.~.a"],
            Goal::ConnectAll,
            Budget {
                sand: Some(8),
                bridges: Some(2),
            },
            3,
        );
        Session::new(l).unwrap()
    }

    fn mv(t: &str) -> Move {
        t.parse().unwrap()
    }

    /// Everything a player could see of a board.
    #[derive(Debug, PartialEq)]
    struct View {
        cells: Vec<Cell>,
        score: u64,
        islands: usize,
        moves: u32,
        sand_left: Option<u32>,
        bridges_left: Option<u32>,
        status: Status,
        /// For each pair of cells, whether they share an island.
        joined: Vec<bool>,
    }

    fn view(b: &Board) -> View {
        let joined: Vec<bool> = (0..b.cells().len())
            .flat_map(|i| (0..b.cells().len()).map(move |j| (i, j)))
            .map(|(i, j)| {
                let (p, q) = (b.pos(i), b.pos(j));
                b.island_root(p).is_some() && b.island_root(p) == b.island_root(q)
            })
            .collect();
        View {
            cells: b.cells().to_vec(),
            score: b.score(),
            islands: b.island_count(),
            moves: b.moves_made(),
            sand_left: b.sand_left(),
            bridges_left: b.bridges_left(),
            status: b.status(),
            joined,
        }
    }

    #[test]
    fn undo_and_redo_walk_the_history_exactly() {
        let mut s = sample();
        let start = view(s.board());
        s.play(mv("0,1")).unwrap();
        let one = view(s.board());
        assert!(s.play(mv("0,0-0,2")).is_err(), "same island");
        s.play(mv("2,0-2,4")).unwrap();
        let two = view(s.board());
        assert_ne!(one, two);
        assert!(matches!(s.undo(), Some(Change::Move(r)) if r.applied == mv("2,0-2,4")));
        assert_eq!(view(s.board()), one);
        assert!(matches!(s.undo(), Some(Change::Move(_))));
        assert_eq!(view(s.board()), start);
        assert_eq!(s.undo(), None);
        assert!(s.redo().is_some());
        assert_eq!(view(s.board()), one);
        assert!(s.redo().is_some());
        assert_eq!(view(s.board()), two);
        assert_eq!(s.redo(), None);
        assert_eq!(s.moves(), &[mv("0,1"), mv("2,0-2,4")]);
    }

    #[test]
    fn a_new_move_clears_redo_but_a_rejected_one_does_not() {
        let mut s = sample();
        s.play(mv("0,1")).unwrap();
        s.undo();
        assert!(s.play(mv("1,2")).is_err(), "deep water");
        assert!(s.can_redo());
        s.play(mv("0,3")).unwrap();
        assert!(!s.can_redo());
    }

    #[test]
    fn restart_is_a_step_that_undo_takes_back() {
        let mut s = sample();
        s.play(mv("0,1")).unwrap();
        s.play(mv("0,3")).unwrap();
        let before = view(s.board());
        assert!(s.restart());
        assert_eq!(s.board().moves_made(), 0);
        assert!(s.moves().is_empty());
        assert_eq!(s.undo(), Some(Change::Restart));
        assert_eq!(view(s.board()), before);
        assert_eq!(s.moves().len(), 2);
        // And the moves before the restart still undo one by one.
        assert!(matches!(s.undo(), Some(Change::Move(_))));
        assert_eq!(s.moves(), &[mv("0,1")]);
        // Redo walks forward again through the move and the restart.
        assert!(matches!(s.redo(), Some(Change::Move(_))));
        assert_eq!(s.redo(), Some(Change::Restart));
        assert_eq!(s.board().moves_made(), 0);
        assert!(!s.restart(), "nothing to restart");
    }

    /// `perform` says what each action did, in the words the front end shows.
    #[test]
    fn perform_reports_every_action() {
        let mut s = sample();
        assert_eq!(s.perform(Action::Undo), ActionOutcome::Nothing);
        assert_eq!(s.perform(Action::Restart), ActionOutcome::Nothing);
        let played = s.perform(Action::Play(mv("0,1")));
        assert!(matches!(&played, ActionOutcome::Played(r) if r.applied == mv("0,1")));
        let refused = s.perform(Action::Play(mv("1,2")));
        assert!(
            matches!(refused, ActionOutcome::Refused(m, Rejection::SandNeedsShallowWater(..)) if m == mv("1,2")),
            "{refused:?}"
        );
        assert_eq!(s.moves(), &[mv("0,1")], "a refused move changes nothing");
        assert!(
            matches!(s.perform(Action::Undo), ActionOutcome::Undone(r) if r.applied == mv("0,1"))
        );
        assert!(
            matches!(s.perform(Action::Redo), ActionOutcome::Redone(r) if r.applied == mv("0,1"))
        );
        assert_eq!(s.perform(Action::Redo), ActionOutcome::Nothing);
        assert_eq!(s.perform(Action::Restart), ActionOutcome::Restarted);
        assert_eq!(s.board().moves_made(), 0);
        assert_eq!(s.perform(Action::Undo), ActionOutcome::RestartUndone);
        assert_eq!(s.moves(), &[mv("0,1")]);
        assert_eq!(s.perform(Action::Redo), ActionOutcome::Restarted);
        assert!(s.moves().is_empty());
    }

    /// A hint on a copy of the board stops when asked, and says it does not know.
    #[test]
    fn a_hint_stops_when_asked() {
        let s = sample();
        let mut asked = 0;
        let hint = hint_for(s.board(), SolveLimits::default(), &mut |_, _| {
            asked += 1;
            false
        });
        assert_eq!(hint, Hint::Unknown);
        assert!(asked >= 1);
        assert!(matches!(
            hint_for(s.board(), SolveLimits::default(), &mut |_, _| true),
            Hint::Next { .. }
        ));
    }

    #[test]
    fn a_hint_is_the_first_move_of_an_optimal_solution() {
        let l = level(
            &["#..#..#"],
            Goal::ConnectAll,
            Budget {
                sand: None,
                bridges: Some(0),
            },
            4,
        );
        let mut s = Session::new(l).unwrap();
        let Hint::Next { next, moves_left } = s.hint(SolveLimits::default()) else {
            panic!()
        };
        assert_eq!(moves_left, 4);
        s.play(next).unwrap();
        let Hint::Next { moves_left, .. } = s.hint(SolveLimits::default()) else {
            panic!()
        };
        assert_eq!(moves_left, 3, "following the hint keeps the optimal pace");
    }

    #[test]
    fn a_hint_says_when_the_level_can_no_longer_be_won() {
        let l = level(
            &["#...#"],
            Goal::ConnectAll,
            Budget {
                sand: Some(3),
                bridges: Some(0),
            },
            3,
        );
        let mut s = Session::new(l).unwrap();
        s.play(mv("0,1")).unwrap();
        assert!(matches!(s.hint(SolveLimits::default()), Hint::Next { .. }));
        let l = level(
            &["#.....", "......", "....#."],
            Goal::ConnectAll,
            Budget {
                sand: Some(6),
                bridges: Some(0),
            },
            6,
        );
        let mut s = Session::new(l).unwrap();
        s.play(mv("1,5")).unwrap();
        s.play(mv("0,5")).unwrap();
        assert_eq!(s.hint(SolveLimits::default()), Hint::CannotWin);
    }

    #[test]
    fn a_saved_game_replays_to_the_same_board() {
        let mut s = sample();
        s.play(mv("0,1")).unwrap();
        s.play(mv("2,0-2,4")).unwrap();
        let text = s.save();
        let restored = Session::load(text.as_bytes()).unwrap();
        assert_eq!(view(restored.board()), view(s.board()));
        assert_eq!(restored.moves(), s.moves());
        assert_eq!(restored.level(), s.level());
    }

    #[test]
    fn corrupt_saves_are_refused_with_a_reason() {
        let mut s = sample();
        s.play(mv("0,1")).unwrap();
        let good = s.save();
        let cut = &good[..good.len() / 2];
        assert!(matches!(
            Session::load(cut.as_bytes()),
            Err(SaveError::Syntax(_))
        ));
        let bad_move = good.replace("moves: \"0,1\"", "moves: \"0,1 1,2\"");
        assert_ne!(bad_move, good);
        let err = Session::load(bad_move.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("move 2 (1,2)"), "{err}");
        assert_eq!(
            Session::load(&[0xff, 0xfe]).unwrap_err(),
            SaveError::NotText
        );
    }

    proptest! {
        /// Any sequence of plays, undos, redos and restarts: undo all the way back gives the
        /// start, and the board always equals a fresh replay of the session's moves.
        #[test]
        fn history_always_matches_a_fresh_replay(ops in prop::collection::vec(0u8..20, 0..60)) {
            let mut s = sample();
            let start = view(s.board());
            let all: Vec<Move> = (0..3).flat_map(|r| (0..5).map(move |c| Move::Sand(crate::rules::cell::Pos::new(r, c))))
                .chain(["0,0-0,2", "0,2-0,4", "2,0-2,4", "0,0-2,0", "0,4-2,4"].map(mv))
                .collect();
            for op in ops {
                match op {
                    0..=1 => { s.undo(); }
                    2 => { s.redo(); }
                    3 => { s.restart(); }
                    k => { let _ = s.play(all[usize::from(k) * 7 % all.len()]); }
                }
                let mut replay = sample();
                for &m in s.moves() { replay.play(m).unwrap(); }
                prop_assert_eq!(view(replay.board()), view(s.board()));
            }
            while s.undo().is_some() {}
            prop_assert_eq!(view(s.board()), start);
        }
    }
}
