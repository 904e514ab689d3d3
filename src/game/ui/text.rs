//! Words the game shows in more than one place: a goal, a move, a refusal, the controls.
//! Cells are named as a player counts them: rows and columns from 1.

use crate::rules::board::Rejection;
use crate::rules::cell::{Pos, Tribe};
use crate::rules::goal::Goal;
use crate::rules::moves::Move;

/// Every control, listed in the help panel.
pub const CONTROLS: &str = "Click water: sand · Drag land → land: bridge · Arrows + Space: cursor · B + arrow: bridge · Z undo · Y redo · R restart · H hint · X X-ray · . and , X-ray steps · E edit · F1 help · Esc pause";

/// The controls the on-screen buttons do not show, listed beside them where there is a
/// keyboard (the buttons carry their own keys: Undo Z, Redo Y, Restart R, Hint H, Pause Esc).
pub const KEY_LINE: &str = "Click water: sand · Drag land → land: bridge · Arrows + Space: cursor · B + arrow: bridge · E edit · F1 help";

/// A level's goal, as the HUD and the editor say it.
pub fn goal_text(goal: Goal, tribes: bool) -> String {
    match goal {
        Goal::ConnectAll if tribes => "Goal: join each tribe's land into one island".into(),
        Goal::ConnectAll => "Goal: join all land into one island".into(),
        Goal::Islands(1) => "Goal: exactly 1 island".into(),
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

/// Each tribe's emblem (as `art` draws them, in tribe order).
const EMBLEMS: [&str; Tribe::COUNT] = [
    "pennant", "shield", "diamond", "star", "banner", "crescent", "cross", "sun",
];

/// Each tribe's colour in words (`theme`'s tribe colours, in order): the standard palette,
/// and the colour-blind one.
const TRIBE_COLOURS: [&str; Tribe::COUNT] = [
    "red", "purple", "orange", "pink", "yellow", "green", "brown", "grey",
];
const TRIBE_COLOURS_SAFE: [&str; Tribe::COUNT] = [
    "amber",
    "vermilion",
    "teal",
    "mauve",
    "yellow",
    "charcoal",
    "blue",
    "sky-blue",
];

/// A tribe as a player sees it, by its colour and emblem: "the red pennant tribe".
pub fn tribe_name(tribe: Tribe, colour_blind: bool) -> String {
    let colours = if colour_blind {
        &TRIBE_COLOURS_SAFE
    } else {
        &TRIBE_COLOURS
    };
    format!(
        "the {} {} tribe",
        colours[tribe.index()],
        EMBLEMS[tribe.index()]
    )
}

/// Why a move is refused, with cells named as a player counts them and tribes by what
/// they look like.
pub fn refusal(why: &Rejection, colour_blind: bool) -> String {
    match why {
        Rejection::TribesWouldMeet(a, b) => format!(
            "{} and {} would share an island",
            tribe_name(*a, colour_blind),
            tribe_name(*b, colour_blind)
        ),
        _ => why.explain(&cell_name),
    }
}

/// "1 island", "3 islands".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
            refusal(
                &Rejection::SandNeedsShallowWater(Pos::new(3, 2), Cell::Deep),
                false
            ),
            "row 4, column 3 is deep water; sand only fills shallow water"
        );
        // Tribes by colour and emblem, as the board shows them, not by letter.
        let (a, b) = (Tribe::new(0).unwrap(), Tribe::new(1).unwrap());
        assert_eq!(
            refusal(&Rejection::TribesWouldMeet(a, b), false),
            "the red pennant tribe and the purple shield tribe would share an island"
        );
        assert!(refusal(&Rejection::TribesWouldMeet(a, b), true).starts_with("the amber pennant"));
        assert_eq!(count(1, "island", "islands"), "1 island");
        assert_eq!(count(0, "island", "islands"), "0 islands");
        assert_eq!(goal_text(Goal::Islands(1), false), "Goal: exactly 1 island");
        assert!(CONTROLS.contains("X X-ray") && CONTROLS.contains(". and , X-ray steps"));
        // The command line keeps its own way, the way its moves are written.
        assert_eq!(
            Rejection::OutsideBoard(Pos::new(9, 9)).to_string(),
            "9,9 is outside the board"
        );
    }
}
