//! Words the game shows in more than one place: a goal, a move, the controls.

use crate::rules::goal::Goal;
use crate::rules::moves::Move;

/// Every control, listed at the foot of the playing screen.
pub const CONTROLS: &str = "Click water: sand · Drag land → land: bridge · Arrows + Space: cursor · B + arrow: bridge · Z undo · Y redo · R restart · H hint · E edit · F1 help · Esc pause";

/// A level's goal, as the HUD and the editor say it.
pub fn goal_text(goal: Goal, tribes: bool) -> String {
    match goal {
        Goal::ConnectAll if tribes => "Goal: join each tribe's land into one island".into(),
        Goal::ConnectAll => "Goal: join all land into one island".into(),
        Goal::Islands(k) => format!("Goal: exactly {k} islands"),
        Goal::Reach(s) => format!("Goal: an island of {s} cells"),
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
