//! The rules core: plain Rust, no Bevy, no files. Everything the game, the command line and
//! the tests agree on lives here.

pub mod board;
pub mod cell;
pub mod endless;
pub mod generator;
pub mod goal;
pub mod level;
pub mod level_code;
pub mod moves;
pub mod solver;

/// Boards written as level-file rows, for tests.
#[cfg(test)]
pub(crate) mod test_boards {
    use super::board::Board;
    use super::cell::Cell;
    use super::goal::{Budget, Goal};

    /// The cells of `rows` (level-file characters), row-major.
    pub fn cells(rows: &[&str]) -> Vec<Cell> {
        rows.iter()
            .flat_map(|r| {
                r.chars()
                    .map(|c| Cell::from_char(c).expect("a level character"))
            })
            .collect()
    }

    pub fn board(rows: &[&str], goal: Goal, budget: Budget) -> Board {
        Board::new(rows[0].len(), rows.len(), cells(rows), goal, budget).unwrap()
    }
}
