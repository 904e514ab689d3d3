//! Words the game shows in more than one place: a goal, a move, a refusal, the controls.
//! Cells are named as a player counts them: rows and columns from 1.

use crate::rules::board::Rejection;
use crate::rules::cell::Pos;
use crate::rules::goal::Goal;
use crate::rules::moves::Move;

/// Every control, listed in the help panel.
pub const CONTROLS: &str = "Click water: sand · Drag land → land: bridge · Arrows + Space: cursor · B + arrow: bridge · Z undo · Y redo · R restart · H hint · E edit · F1 help · Esc pause";

/// The controls the on-screen buttons do not show, listed beside them where there is a
/// keyboard (the buttons carry their own keys: Undo Z, Redo Y, Restart R, Hint H, Pause Esc).
pub const KEY_LINE: &str = "Click water: sand · Drag land → land: bridge · Arrows + Space: cursor · B + arrow: bridge · E edit · F1 help";

/// A level's goal, as the HUD and the editor say it.
pub fn goal_text(goal: Goal, tribes: bool) -> String {
    match goal {
        Goal::ConnectAll if tribes => "Goal: join each tribe's land into one island".into(),
        Goal::ConnectAll => "Goal: join all land into one island".into(),
        Goal::Islands(k) => format!("Goal: exactly {k} islands"),
        Goal::Reach(s) => format!("Goal: an island of {s} cells"),
    }
}

/// A cell as a player names it: "row 1, column 3" is the top row's third cell.
pub fn cell_name(p: Pos) -> String {
    format!("row {}, column {}", p.row + 1, p.col + 1)
}

/// A move in words, for hints.
pub fn describe(mv: Move) -> String {
    match mv {
        Move::Sand(p) => format!("sand at {}", cell_name(p)),
        Move::Bridge(a, b) => format!("a bridge from {} to {}", cell_name(a), cell_name(b)),
    }
}

/// Why a move is refused, with cells named as a player counts them.
pub fn refusal(why: &Rejection) -> String {
    why.explain(&cell_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::Cell;

    #[test]
    fn cells_are_counted_from_one() {
        assert_eq!(
            describe(Move::Bridge(Pos::new(0, 0), Pos::new(0, 3))),
            "a bridge from row 1, column 1 to row 1, column 4"
        );
        assert_eq!(
            refusal(&Rejection::SandNeedsShallowWater(
                Pos::new(3, 2),
                Cell::Deep
            )),
            "row 4, column 3 is deep water; sand only fills shallow water"
        );
        // The command line keeps its own way, the way its moves are written.
        assert_eq!(
            Rejection::OutsideBoard(Pos::new(9, 9)).to_string(),
            "9,9 is outside the board"
        );
    }
}
