//! Levels and their RON text (RULES.md section 2). Reading a file from disk is the caller's
//! business; this module turns text into a checked [`Level`] and back.

use super::board::{Board, BoardError};
use super::cell::{Cell, Pos};
use super::goal::{Budget, Goal};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The level-file format this code reads and writes.
pub const FORMAT: u32 = 1;
/// Level files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Smallest and largest grid side in a level file.
pub const MIN_SIDE: usize = 2;
pub const MAX_SIDE: usize = 64;

/// The file's shape, exactly as written (also embedded in saved games).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Level", deny_unknown_fields)]
pub(crate) struct LevelFile {
    format: u32,
    name: String,
    #[serde(default)]
    author: String,
    grid: Vec<String>,
    goal: Goal,
    #[serde(default)]
    budget: Budget,
    par: u32,
    #[serde(default)]
    tip: Option<String>,
}

/// A level whose grid has been read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    pub author: String,
    pub width: usize,
    pub height: usize,
    /// Row-major.
    pub cells: Vec<Cell>,
    pub goal: Goal,
    pub budget: Budget,
    /// The fewest moves that win; the validator checks it against the solver.
    pub par: u32,
    pub tip: Option<String>,
}

/// Why text is not a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelError {
    TooLarge {
        bytes: usize,
    },
    NotText,
    Syntax(RonError),
    Format(u32),
    Rows(usize),
    Ragged {
        row: usize,
        len: usize,
        expected: usize,
    },
    Columns(usize),
    UnknownCell {
        row: usize,
        column: usize,
        found: char,
    },
    Board(BoardError),
    NoLand,
    GoalOutOfRange(String),
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelError::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes; level files are at most {MAX_FILE_BYTES} bytes (1 MiB)"
            ),
            LevelError::NotText => write!(f, "the file is not UTF-8 text"),
            LevelError::Syntax(e) => write!(f, "{e}"),
            LevelError::Format(v) => {
                write!(
                    f,
                    "format {v} is not supported (this game reads format {FORMAT})"
                )
            }
            LevelError::Rows(n) => write!(
                f,
                "the grid has {n} rows; a level has {MIN_SIDE} to {MAX_SIDE}"
            ),
            LevelError::Ragged { row, len, expected } => write!(
                f,
                "grid row {row} has {len} cells, but row 0 has {expected} (rows must be equally long)"
            ),
            LevelError::Columns(n) => write!(
                f,
                "the grid has {n} columns; a level has {MIN_SIDE} to {MAX_SIDE}"
            ),
            LevelError::UnknownCell { row, column, found } => write!(
                f,
                "grid row {row}, column {column}: unknown cell {found:?} (use . ~ # ^ or a to h)"
            ),
            LevelError::Board(e) => write!(f, "grid {e}"),
            LevelError::NoLand => write!(f, "the grid has no land, so no goal can hold"),
            LevelError::GoalOutOfRange(why) => write!(f, "goal: {why}"),
        }
    }
}

impl std::error::Error for LevelError {}

/// Where RON text went wrong: line and column (1-based) and what the parser said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for RonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses RON text into `T`, with the error's position.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, RonError> {
    ron::Options::default()
        .from_str(text)
        .map_err(|e: ron::error::SpannedError| RonError {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

impl Level {
    /// Reads a level from RON text (the bytes of a `.level.ron` file).
    pub fn from_ron_bytes(bytes: &[u8]) -> Result<Level, LevelError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(LevelError::TooLarge { bytes: bytes.len() });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| LevelError::NotText)?;
        let file: LevelFile = parse_ron(text).map_err(LevelError::Syntax)?;
        Level::from_file(file)
    }

    /// The file form of this level.
    pub(crate) fn to_file(&self) -> LevelFile {
        LevelFile {
            format: FORMAT,
            name: self.name.clone(),
            author: self.author.clone(),
            grid: self.rows(),
            goal: self.goal,
            budget: self.budget,
            par: self.par,
            tip: self.tip.clone(),
        }
    }

    pub(crate) fn from_file(file: LevelFile) -> Result<Level, LevelError> {
        if file.format != FORMAT {
            return Err(LevelError::Format(file.format));
        }
        let height = file.grid.len();
        if !(MIN_SIDE..=MAX_SIDE).contains(&height) {
            return Err(LevelError::Rows(height));
        }
        let width = file.grid[0].chars().count();
        let mut cells = Vec::with_capacity(width * height);
        for (row, text) in file.grid.iter().enumerate() {
            let len = text.chars().count();
            if len != width {
                return Err(LevelError::Ragged {
                    row,
                    len,
                    expected: width,
                });
            }
            for (column, ch) in text.chars().enumerate() {
                let cell = Cell::from_char(ch).ok_or(LevelError::UnknownCell {
                    row,
                    column,
                    found: ch,
                })?;
                cells.push(cell);
            }
        }
        if !(MIN_SIDE..=MAX_SIDE).contains(&width) {
            return Err(LevelError::Columns(width));
        }
        let level = Level {
            name: file.name,
            author: file.author,
            width,
            height,
            cells,
            goal: file.goal,
            budget: file.budget,
            par: file.par,
            tip: file.tip,
        };
        level.checked()
    }

    /// Checks a level built in code (the editor's draft) as a file's level is checked: the
    /// grid's size, the goal, and the board's own rules.
    pub fn checked(self) -> Result<Level, LevelError> {
        if !(MIN_SIDE..=MAX_SIDE).contains(&self.height) {
            return Err(LevelError::Rows(self.height));
        }
        if !(MIN_SIDE..=MAX_SIDE).contains(&self.width) {
            return Err(LevelError::Columns(self.width));
        }
        self.check_goal()?;
        self.board().map_err(LevelError::Board)?;
        Ok(self)
    }

    fn check_goal(&self) -> Result<(), LevelError> {
        let land = self.cells.iter().filter(|c| c.is_land()).count();
        let could_be_land = land + self.cells.iter().filter(|&&c| c == Cell::Shallow).count();
        match self.goal {
            Goal::ConnectAll if land == 0 => Err(LevelError::NoLand),
            Goal::Islands(0) => Err(LevelError::GoalOutOfRange(
                "Islands(0) can never hold: land never disappears".into(),
            )),
            Goal::Islands(k) if k as usize > could_be_land => Err(LevelError::GoalOutOfRange(
                format!("Islands({k}) needs more islands than the grid has cells for"),
            )),
            Goal::Reach(0) => Err(LevelError::GoalOutOfRange(
                "Reach(0) holds before any move".into(),
            )),
            Goal::Reach(s) if s as usize > could_be_land => Err(LevelError::GoalOutOfRange(
                format!("Reach({s}) is more than the {could_be_land} cells that can ever be land"),
            )),
            _ => Ok(()),
        }
    }

    /// A fresh board for this level.
    pub fn board(&self) -> Result<Board, BoardError> {
        Board::new(
            self.width,
            self.height,
            self.cells.clone(),
            self.goal,
            self.budget,
        )
    }

    /// The cell at `pos`.
    pub fn cell(&self, pos: Pos) -> Cell {
        self.cells[pos.row * self.width + pos.col]
    }

    /// The grid as level-file rows.
    pub fn rows(&self) -> Vec<String> {
        self.cells
            .chunks(self.width)
            .map(|row| row.iter().map(|c| c.to_char()).collect())
            .collect()
    }

    /// The grid as it reads under each of the 8 rotations and reflections, smallest first
    /// chosen: two levels with the same shape key are the same puzzle turned or mirrored.
    pub fn shape_key(&self) -> (Goal, Vec<String>) {
        let (w, h) = (self.width, self.height);
        let mut best: Option<Vec<String>> = None;
        for turn in 0..8 {
            // Transpose for odd symmetries, then flip rows and/or columns.
            let transpose = turn & 1 == 1;
            let (tw, th) = if transpose { (h, w) } else { (w, h) };
            let rows: Vec<String> = (0..th)
                .map(|r| {
                    (0..tw)
                        .map(|c| {
                            let r = if turn & 2 == 2 { th - 1 - r } else { r };
                            let c = if turn & 4 == 4 { tw - 1 - c } else { c };
                            let (sr, sc) = if transpose { (c, r) } else { (r, c) };
                            self.cells[sr * w + sc].to_char()
                        })
                        .collect()
                })
                .collect();
            if best.as_ref().is_none_or(|b| rows < *b) {
                best = Some(rows);
            }
        }
        (self.goal, best.expect("eight candidates"))
    }

    /// The level as RON text, laid out as in the rule book. The same level always gives the
    /// same bytes.
    pub fn to_ron(&self) -> String {
        let quote = |s: &str| ron::to_string(s).expect("a string always serialises");
        let option = |v: Option<u32>| v.map_or("None".to_string(), |n| format!("Some({n})"));
        let goal = match self.goal {
            Goal::ConnectAll => "ConnectAll".to_string(),
            Goal::Islands(k) => format!("Islands({k})"),
            Goal::Reach(s) => format!("Reach({s})"),
        };
        let mut out = String::new();
        out.push_str("Level(\n");
        out.push_str(&format!("    format: {FORMAT},\n"));
        out.push_str(&format!("    name: {},\n", quote(&self.name)));
        out.push_str(&format!("    author: {},\n", quote(&self.author)));
        out.push_str("    grid: [\n");
        for row in self.rows() {
            out.push_str(&format!("        \"{row}\",\n"));
        }
        out.push_str("    ],\n");
        out.push_str(&format!("    goal: {goal},\n"));
        out.push_str(&format!(
            "    budget: (sand: {}, bridges: {}),\n",
            option(self.budget.sand),
            option(self.budget.bridges)
        ));
        out.push_str(&format!("    par: {},\n", self.par));
        match &self.tip {
            Some(tip) => out.push_str(&format!("    tip: Some({}),\n", quote(tip))),
            None => out.push_str("    tip: None,\n"),
        }
        out.push_str(")\n");
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any bytes at all: an error or a level, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = Level::from_ron_bytes(&bytes);
        }

        /// A valid file with bytes changed, cut or inserted: still never a panic, and a
        /// level that does read back is one the board accepts.
        #[test]
        fn damaged_level_files_never_panic(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)
        ) {
            let mut bytes = FIRST_CROSSING.as_bytes().to_vec();
            for (at, byte, kind) in edits {
                if bytes.is_empty() { break; }
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => { bytes.remove(i); }
                    _ => bytes.insert(i, byte),
                }
            }
            if let Ok(level) = Level::from_ron_bytes(&bytes) {
                prop_assert!(level.board().is_ok());
            }
        }
    }

    pub(crate) const FIRST_CROSSING: &str = r###"Level(
    format: 1,
    name: "First Crossing",
    author: "Merge Islands",
    grid: [
        "##..#",
        "#...#",
        "..^.a",
        "~~~~.",
        "a....",
    ],
    goal: ConnectAll,
    budget: (sand: Some(4), bridges: Some(1)),
    par: 3,
    tip: Some("Sand joins every island it touches."),
)
"###;

    fn with_grid(rows: &[&str]) -> String {
        let grid: Vec<String> = rows.iter().map(|r| format!("\"{r}\"")).collect();
        format!(
            "Level(format: 1, name: \"t\", grid: [{}], goal: ConnectAll, par: 1)",
            grid.join(", ")
        )
    }

    #[test]
    fn the_rule_book_example_reads_and_writes_back_byte_for_byte() {
        let level = Level::from_ron_bytes(FIRST_CROSSING.as_bytes()).unwrap();
        assert_eq!((level.width, level.height), (5, 5));
        assert_eq!(level.budget.sand, Some(4));
        assert_eq!(level.cell(Pos::new(2, 2)), Cell::Rock);
        assert_eq!(level.to_ron(), FIRST_CROSSING);
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let broken = FIRST_CROSSING.replace("goal: ConnectAll,", "goal: ConnectAll");
        match Level::from_ron_bytes(broken.as_bytes()) {
            Err(LevelError::Syntax(RonError { line, column, .. })) => {
                assert_eq!(line, 13, "the error is found where `budget` starts");
                assert!(column >= 5, "column {column}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_cell_names_its_row_and_column() {
        let err = Level::from_ron_bytes(with_grid(&["##", "#x"]).as_bytes()).unwrap_err();
        assert_eq!(
            err,
            LevelError::UnknownCell {
                row: 1,
                column: 1,
                found: 'x'
            }
        );
        assert!(err.to_string().contains("row 1, column 1"));
    }

    #[test]
    fn ragged_rows_are_refused() {
        let err = Level::from_ron_bytes(with_grid(&["###", "##"]).as_bytes()).unwrap_err();
        assert_eq!(
            err,
            LevelError::Ragged {
                row: 1,
                len: 2,
                expected: 3
            }
        );
    }

    #[test]
    fn grids_outside_2_to_64_are_refused() {
        assert_eq!(
            Level::from_ron_bytes(with_grid(&["##"]).as_bytes()).unwrap_err(),
            LevelError::Rows(1)
        );
        assert_eq!(
            Level::from_ron_bytes(with_grid(&["#", "#"]).as_bytes()).unwrap_err(),
            LevelError::Columns(1)
        );
        let wide = "#".repeat(65);
        assert_eq!(
            Level::from_ron_bytes(with_grid(&[&wide, &wide]).as_bytes()).unwrap_err(),
            LevelError::Columns(65)
        );
        let rows = vec!["##"; 65];
        assert_eq!(
            Level::from_ron_bytes(with_grid(&rows).as_bytes()).unwrap_err(),
            LevelError::Rows(65)
        );
    }

    #[test]
    fn files_over_a_mebibyte_are_refused_before_parsing() {
        let huge = vec![b' '; MAX_FILE_BYTES + 1];
        assert!(matches!(
            Level::from_ron_bytes(&huge),
            Err(LevelError::TooLarge { .. })
        ));
    }

    #[test]
    fn islands_of_two_tribes_are_refused() {
        let err = Level::from_ron_bytes(with_grid(&["ab", ".."]).as_bytes()).unwrap_err();
        assert!(matches!(err, LevelError::Board(_)), "{err:?}");
        assert!(err.to_string().contains("tribe a and tribe b"), "{err}");
    }

    #[test]
    fn goals_that_cannot_hold_are_refused() {
        let text = with_grid(&["..", ".."]);
        assert_eq!(
            Level::from_ron_bytes(text.as_bytes()).unwrap_err(),
            LevelError::NoLand
        );
        let reach = with_grid(&["#^", "^^"]).replace("ConnectAll", "Reach(2)");
        assert!(matches!(
            Level::from_ron_bytes(reach.as_bytes()),
            Err(LevelError::GoalOutOfRange(_))
        ));
    }

    #[test]
    fn unsupported_format_and_unknown_fields_are_refused() {
        let v2 = FIRST_CROSSING.replace("format: 1", "format: 2");
        assert_eq!(
            Level::from_ron_bytes(v2.as_bytes()).unwrap_err(),
            LevelError::Format(2)
        );
        let extra = FIRST_CROSSING.replace("par: 3,", "par: 3, parr: 4,");
        let err = Level::from_ron_bytes(extra.as_bytes()).unwrap_err();
        assert!(
            matches!(err, LevelError::Syntax(RonError { line: 14, .. })),
            "{err:?}"
        );
    }

    #[test]
    fn turned_and_mirrored_grids_share_a_shape_key() {
        let level = Level::from_ron_bytes(FIRST_CROSSING.as_bytes()).unwrap();
        let mut turned = level.clone();
        // A quarter turn: row r of the new grid is column r of the old, read bottom-up.
        turned.cells = (0..5)
            .flat_map(|r| (0..5).map(move |c| (r, c)))
            .map(|(r, c)| level.cell(Pos::new(4 - c, r)))
            .collect();
        assert_ne!(turned.rows(), level.rows());
        assert_eq!(turned.shape_key(), level.shape_key());
        let mut mirrored = level.clone();
        mirrored.cells = (0..25)
            .map(|i| level.cells[(i / 5) * 5 + 4 - i % 5])
            .collect();
        assert_eq!(mirrored.shape_key(), level.shape_key());
        let mut other = level.clone();
        other.cells[0] = Cell::Rock;
        assert_ne!(other.shape_key(), level.shape_key());
    }

    #[test]
    fn names_with_quotes_survive_a_round_trip() {
        let mut level = Level::from_ron_bytes(FIRST_CROSSING.as_bytes()).unwrap();
        level.name = "The \"Hook\" \\ ü".into();
        level.tip = None;
        let again = Level::from_ron_bytes(level.to_ron().as_bytes()).unwrap();
        assert_eq!(again, level);
    }
}
