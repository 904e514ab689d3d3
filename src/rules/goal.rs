//! Goals, budgets, stars: what a level asks for and how a win is rated.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a level asks of the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Goal {
    /// Every tribe's land in a single island; with no tribes, all land in one island.
    ConnectAll,
    /// Exactly this many islands.
    Islands(u32),
    /// Some island of at least this many cells.
    Reach(u32),
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::ConnectAll => write!(f, "connect all"),
            Goal::Islands(k) => write!(f, "exactly {k} islands"),
            Goal::Reach(s) => write!(f, "an island of {s} cells"),
        }
    }
}

/// How many moves of each kind a level allows; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Budget {
    pub sand: Option<u32>,
    pub bridges: Option<u32>,
}

/// Points per unused move of a limited budget, added on a win.
pub const POINTS_PER_UNUSED_MOVE: u64 = 50;

/// Stars for a win in `moves` moves on a level of par `par`: 3 at par or better, 2 within
/// par + max(1, par / 4), else 1.
pub fn stars(moves: u32, par: u32) -> u8 {
    if moves <= par {
        3
    } else if moves <= par + (par / 4).max(1) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_follow_the_par_bands() {
        assert_eq!(stars(3, 3), 3);
        assert_eq!(stars(2, 3), 3, "better than par is still three stars");
        assert_eq!(
            stars(4, 3),
            2,
            "par / 4 is 0 here, so the band is at least one move"
        );
        assert_eq!(stars(5, 3), 1);
        assert_eq!(stars(10, 8), 2);
        assert_eq!(stars(11, 8), 1);
        assert_eq!(stars(15, 12), 2);
        assert_eq!(stars(16, 12), 1);
    }
}
