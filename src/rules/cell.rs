//! What a board cell can be, and the characters level files use for them.

use std::fmt;

/// One of the eight tribes, `a`..`h`; the index 0..8 is `tribe - 'a'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tribe(u8);

impl Tribe {
    /// Number of tribes.
    pub const COUNT: usize = 8;

    /// The tribe with index `index` (0..8).
    pub const fn new(index: u8) -> Option<Tribe> {
        if (index as usize) < Self::COUNT {
            Some(Tribe(index))
        } else {
            None
        }
    }

    /// 0 for `a` .. 7 for `h`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The tribe's letter, `a`..`h`.
    pub fn letter(self) -> char {
        char::from(b'a' + self.0)
    }
}

impl fmt::Display for Tribe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tribe {}", self.letter())
    }
}

/// A bridge runs along a row or along a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    /// Along a row (left to right).
    Horizontal,
    /// Along a column (top to bottom).
    Vertical,
}

/// A cell of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cell {
    /// `.`: sand turns it into land; a bridge may span it.
    Shallow,
    /// `~`: never land; a bridge may span it.
    Deep,
    /// `#` (neutral) or `a`..`h` (tribal): land.
    Land(Option<Tribe>),
    /// `^`: nothing crosses or fills it.
    Rock,
    /// A bridge plank over water. Not land: it joins nothing sideways.
    Bridge { axis: Axis, over_deep: bool },
}

impl Cell {
    /// The cell a level-file character stands for.
    pub fn from_char(c: char) -> Option<Cell> {
        Some(match c {
            '.' => Cell::Shallow,
            '~' => Cell::Deep,
            '#' => Cell::Land(None),
            '^' => Cell::Rock,
            'a'..='h' => Cell::Land(Tribe::new(c as u8 - b'a')),
            _ => return None,
        })
    }

    /// The level-file character; bridges (never in a level file) print as `=` and `|`.
    pub fn to_char(self) -> char {
        match self {
            Cell::Shallow => '.',
            Cell::Deep => '~',
            Cell::Land(None) => '#',
            Cell::Land(Some(t)) => t.letter(),
            Cell::Rock => '^',
            Cell::Bridge {
                axis: Axis::Horizontal,
                ..
            } => '=',
            Cell::Bridge {
                axis: Axis::Vertical,
                ..
            } => '|',
        }
    }

    /// Land of any kind.
    pub fn is_land(self) -> bool {
        matches!(self, Cell::Land(_))
    }

    /// Water a bridge may span: shallow or deep, without a bridge on it already.
    pub fn is_open_water(self) -> bool {
        matches!(self, Cell::Shallow | Cell::Deep)
    }

    /// The tribe of a land cell.
    pub fn tribe(self) -> Option<Tribe> {
        match self {
            Cell::Land(t) => t,
            _ => None,
        }
    }

    /// A player-facing name.
    pub fn describe(self) -> &'static str {
        match self {
            Cell::Shallow => "shallow water",
            Cell::Deep => "deep water",
            Cell::Land(None) => "land",
            Cell::Land(Some(_)) => "tribal land",
            Cell::Rock => "rock",
            Cell::Bridge { .. } => "a bridge",
        }
    }
}

/// A cell position, row 0 at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    pub row: usize,
    pub col: usize,
}

impl Pos {
    pub const fn new(row: usize, col: usize) -> Pos {
        Pos { row, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.row, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_character_round_trips() {
        for c in ".~#^abcdefgh".chars() {
            let cell = Cell::from_char(c).unwrap();
            assert_eq!(cell.to_char(), c);
        }
        assert_eq!(Cell::from_char('i'), None);
        assert_eq!(Cell::from_char('x'), None);
    }

    #[test]
    fn only_plain_water_takes_a_bridge() {
        assert!(Cell::Shallow.is_open_water());
        assert!(Cell::Deep.is_open_water());
        assert!(!Cell::Rock.is_open_water());
        assert!(!Cell::Land(None).is_open_water());
        let plank = Cell::Bridge {
            axis: Axis::Vertical,
            over_deep: false,
        };
        assert!(!plank.is_open_water());
        assert!(!plank.is_land());
    }
}
