//! A level being made in the editor, and the edits a designer makes to it: painting cells,
//! filling rectangles, resizing, changing the goal and the budget, with undo and redo.
//! Plain Rust, no Bevy: the editor screen is a view of this.

use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos};
use crate::rules::goal::{Budget, Goal};
use crate::rules::level::{Level, LevelError, MAX_SIDE, MIN_SIDE};
use crate::rules::solver::{Outcome, SolveLimits, SolveWatch, solve_anytime};

/// A level as the designer has it now: maybe not a valid level yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub author: String,
    /// Empty means no tip.
    pub tip: String,
    pub width: usize,
    pub height: usize,
    /// Row-major.
    pub cells: Vec<Cell>,
    pub goal: Goal,
    pub budget: Budget,
    /// Par as last proven; `None` once an edit to the grid, goal or budget makes it stale.
    pub par: Option<u32>,
}

impl Draft {
    /// A new level of open shallow water.
    pub fn new(width: usize, height: usize) -> Draft {
        let (width, height) = (clamp_side(width), clamp_side(height));
        Draft {
            name: "Untitled".into(),
            author: String::new(),
            tip: String::new(),
            width,
            height,
            cells: vec![Cell::Shallow; width * height],
            goal: Goal::ConnectAll,
            budget: Budget::default(),
            par: None,
        }
    }

    pub fn from_level(level: &Level) -> Draft {
        Draft {
            name: level.name.clone(),
            author: level.author.clone(),
            tip: level.tip.clone().unwrap_or_default(),
            width: level.width,
            height: level.height,
            cells: level.cells.clone(),
            goal: level.goal,
            budget: level.budget,
            // A file saved as a draft says par 0: not proven.
            par: (level.par > 0).then_some(level.par),
        }
    }

    /// The draft as a checked level; an unproven par is written as 0.
    pub fn to_level(&self) -> Result<Level, LevelError> {
        let tip = self.tip.trim();
        Level {
            name: self.name.trim().to_string(),
            author: self.author.trim().to_string(),
            width: self.width,
            height: self.height,
            cells: self.cells.clone(),
            goal: self.goal,
            budget: self.budget,
            par: self.par.unwrap_or(0),
            tip: (!tip.is_empty()).then(|| tip.to_string()),
        }
        .checked()
    }

    /// A fresh board of the draft, when it is a level.
    pub fn to_board(&self) -> Result<Board, LevelError> {
        self.to_level()?.board().map_err(LevelError::Board)
    }

    pub fn cell(&self, pos: Pos) -> Cell {
        self.cells[pos.row * self.width + pos.col]
    }

    fn contains(&self, pos: Pos) -> bool {
        pos.row < self.height && pos.col < self.width
    }
}

fn clamp_side(side: usize) -> usize {
    side.clamp(MIN_SIDE, MAX_SIDE)
}

/// The draft with its edit history. Every edit is one undo step; a stroke (a drag of the
/// brush) is one step however many cells it paints.
#[derive(Debug, Clone)]
pub struct LevelEditor {
    draft: Draft,
    undo: Vec<Draft>,
    redo: Vec<Draft>,
    /// The draft as it was when the current stroke began.
    stroke_start: Option<Draft>,
}

impl LevelEditor {
    pub fn new(draft: Draft) -> LevelEditor {
        LevelEditor {
            draft,
            undo: Vec::new(),
            redo: Vec::new(),
            stroke_start: None,
        }
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Makes one undoable change; returns whether anything changed. Changes to the grid,
    /// goal or budget make par stale; names and the tip do not.
    pub fn edit(&mut self, change: impl FnOnce(&mut Draft)) -> bool {
        let before = self.draft.clone();
        change(&mut self.draft);
        if self.draft == before {
            return false;
        }
        if self.draft.cells != before.cells
            || self.draft.width != before.width
            || self.draft.goal != before.goal
            || self.draft.budget != before.budget
        {
            // A par the solver set in this very change stays.
            if self.draft.par == before.par {
                self.draft.par = None;
            }
        }
        if self.stroke_start.is_none() {
            self.undo.push(before);
            self.redo.clear();
        }
        true
    }

    /// Starts a stroke: the paints until [`end_stroke`](Self::end_stroke) undo together.
    pub fn begin_stroke(&mut self) {
        if self.stroke_start.is_none() {
            self.stroke_start = Some(self.draft.clone());
        }
    }

    pub fn end_stroke(&mut self) {
        if let Some(start) = self.stroke_start.take()
            && start != self.draft
        {
            self.undo.push(start);
            self.redo.clear();
        }
    }

    /// Paints one cell; a cell outside the grid is ignored.
    pub fn paint(&mut self, pos: Pos, cell: Cell) -> bool {
        if !self.draft.contains(pos) {
            return false;
        }
        let width = self.draft.width;
        self.edit(|d| d.cells[pos.row * width + pos.col] = cell)
    }

    /// Fills the rectangle with corners `a` and `b` (either order), clipped to the grid.
    pub fn fill_rect(&mut self, a: Pos, b: Pos, cell: Cell) -> bool {
        let (w, h) = (self.draft.width, self.draft.height);
        if w == 0 || h == 0 {
            return false;
        }
        let rows = a.row.min(b.row).min(h - 1)..=a.row.max(b.row).min(h - 1);
        let cols = a.col.min(b.col).min(w - 1)..=a.col.max(b.col).min(w - 1);
        self.edit(|d| {
            for r in rows {
                for c in cols.clone() {
                    d.cells[r * w + c] = cell;
                }
            }
        })
    }

    /// Resizes the grid (each side clamped to 2..=64), keeping the top-left corner; new
    /// cells are shallow water.
    pub fn resize(&mut self, width: usize, height: usize) -> bool {
        let (width, height) = (clamp_side(width), clamp_side(height));
        self.edit(|d| {
            let mut cells = vec![Cell::Shallow; width * height];
            for r in 0..height.min(d.height) {
                for c in 0..width.min(d.width) {
                    cells[r * width + c] = d.cells[r * d.width + c];
                }
            }
            d.cells = cells;
            d.width = width;
            d.height = height;
        })
    }

    /// Puts a whole new draft in place (a file reloaded from disk), as one undoable step.
    pub fn replace(&mut self, draft: Draft) -> bool {
        self.edit(|d| *d = draft)
    }

    pub fn undo(&mut self) -> bool {
        self.end_stroke();
        step_back(&mut self.draft, &mut self.undo, &mut self.redo)
    }

    pub fn redo(&mut self) -> bool {
        self.end_stroke();
        step_back(&mut self.draft, &mut self.redo, &mut self.undo)
    }
}

/// Takes the draft back to the top of `from`, keeping the current one on `to`.
fn step_back(draft: &mut Draft, from: &mut Vec<Draft>, to: &mut Vec<Draft>) -> bool {
    match from.pop() {
        Some(earlier) => {
            to.push(std::mem::replace(draft, earlier));
            true
        }
        None => false,
    }
}

/// Positions the problem check may examine: enough to settle small levels at once, little
/// enough to run after every edit.
pub const QUICK_CHECK_NODES: u64 = 20_000;

/// What stops the draft from being a shippable level, in words for the problem panel.
/// Empty means it is one. The solver runs with `max_nodes`; past that, par is left to the
/// Solve button.
pub fn problems(draft: &Draft, max_nodes: u64) -> Vec<String> {
    problems_watched(draft, max_nodes, &SolveWatch::default())
}

/// [`problems`], stoppable through `watch` (a newer check or a Solve takes its place): a
/// stopped check reports par unproven, and its caller throws it away.
pub fn problems_watched(draft: &Draft, max_nodes: u64, watch: &SolveWatch) -> Vec<String> {
    let mut found = Vec::new();
    if draft.name.trim().is_empty() {
        found.push("The level has no name.".to_string());
    }
    let board = match draft.to_board() {
        Ok(board) => board,
        Err(e) => {
            found.push(format!("Not a level yet: {e}."));
            return found;
        }
    };
    let limits = SolveLimits {
        max_nodes,
        count_solutions_up_to: 0,
    };
    match solve_anytime(&board, limits, None, watch).outcome {
        Outcome::Solved { moves } if moves.is_empty() => {
            found.push("The goal already holds before any move.".into());
        }
        Outcome::Solved { moves } => match draft.par {
            Some(par) if par as usize == moves.len() => {}
            Some(par) => found.push(format!(
                "Par says {par}, but the level is won in {} moves: press Solve.",
                moves.len()
            )),
            None => found.push("Par is not proven yet: press Solve.".into()),
        },
        Outcome::Unwinnable => found.push(format!(
            "The goal can't be reached within the budget ({}).",
            budget_words(draft.budget)
        )),
        Outcome::GaveUp { .. } if draft.par.is_none() => {
            found.push("Par is not proven yet: press Solve.".into())
        }
        Outcome::GaveUp { .. } => {}
    }
    found
}

/// "4 sand, 1 bridge", "unlimited sand, no bridges".
pub fn budget_words(budget: Budget) -> String {
    let part = |n: Option<u32>, one: &str, many: &str| match n {
        None => format!("unlimited {many}"),
        Some(0) => format!("no {many}"),
        Some(1) => format!("1 {one}"),
        Some(n) => format!("{n} {many}"),
    };
    format!(
        "{}, {}",
        part(budget.sand, "sand", "sand"),
        part(budget.bridges, "bridge", "bridges")
    )
}

/// A level's name made safe as a file name: lower-case letters, digits and dashes only, so
/// it can never name a folder or leave the custom-levels folder.
pub fn file_stem_for(name: &str) -> String {
    let mut stem = String::new();
    for ch in name.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            stem.push(ch);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let mut stem: String = stem.trim_end_matches('-').chars().take(48).collect();
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        "untitled".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cell::Tribe;

    fn land() -> Cell {
        Cell::Land(None)
    }

    fn rows(d: &Draft) -> Vec<String> {
        d.cells
            .chunks(d.width)
            .map(|r| r.iter().map(|c| c.to_char()).collect())
            .collect()
    }

    #[test]
    fn a_new_draft_is_open_water_within_the_size_limits() {
        let d = Draft::new(1, 100);
        assert_eq!((d.width, d.height), (MIN_SIDE, MAX_SIDE));
        assert!(d.cells.iter().all(|&c| c == Cell::Shallow));
    }

    #[test]
    fn painting_one_cell_is_one_undo_step() {
        let mut e = LevelEditor::new(Draft::new(3, 2));
        assert!(e.paint(Pos::new(1, 2), land()));
        assert_eq!(rows(e.draft()), ["...", "..#"]);
        assert!(
            !e.paint(Pos::new(1, 2), land()),
            "same cell again changes nothing"
        );
        assert!(
            !e.paint(Pos::new(5, 5), land()),
            "outside the grid is ignored"
        );
        assert!(e.undo());
        assert_eq!(rows(e.draft()), ["...", "..."]);
        assert!(!e.undo());
        assert!(e.redo());
        assert_eq!(rows(e.draft()), ["...", "..#"]);
    }

    #[test]
    fn a_stroke_undoes_as_one_step() {
        let mut e = LevelEditor::new(Draft::new(4, 2));
        e.begin_stroke();
        for c in 0..4 {
            e.paint(Pos::new(0, c), Cell::Deep);
        }
        e.end_stroke();
        e.paint(Pos::new(1, 0), Cell::Rock);
        assert_eq!(rows(e.draft()), ["~~~~", "^..."]);
        e.undo();
        assert_eq!(rows(e.draft()), ["~~~~", "...."]);
        e.undo();
        assert_eq!(rows(e.draft()), ["....", "...."]);
    }

    #[test]
    fn a_rectangle_fills_between_its_corners_in_any_order_clipped_to_the_grid() {
        let mut e = LevelEditor::new(Draft::new(5, 4));
        e.fill_rect(Pos::new(2, 3), Pos::new(1, 1), Cell::Rock);
        assert_eq!(rows(e.draft()), [".....", ".^^^.", ".^^^.", "....."]);
        let a = Cell::Land(Tribe::new(0));
        e.fill_rect(Pos::new(3, 3), Pos::new(9, 9), a);
        assert_eq!(rows(e.draft()), [".....", ".^^^.", ".^^^.", "...aa"]);
        e.undo();
        e.undo();
        assert_eq!(rows(e.draft()), [".....", ".....", ".....", "....."]);
    }

    #[test]
    fn resizing_keeps_the_top_left_and_adds_shallow_water() {
        let mut e = LevelEditor::new(Draft::new(3, 3));
        e.paint(Pos::new(0, 0), land());
        e.paint(Pos::new(2, 2), Cell::Rock);
        e.resize(2, 4);
        assert_eq!(rows(e.draft()), ["#.", "..", "..", ".."]);
        e.resize(4, 2);
        assert_eq!(rows(e.draft()), ["#...", "...."]);
        e.resize(0, 99);
        assert_eq!((e.draft().width, e.draft().height), (2, MAX_SIDE));
        e.undo();
        e.undo();
        e.undo();
        assert_eq!(rows(e.draft()), ["#..", "...", "..^"]);
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut e = LevelEditor::new(Draft::new(2, 2));
        e.paint(Pos::new(0, 0), land());
        e.undo();
        assert!(e.can_redo());
        e.edit(|d| d.name = "Reef".into());
        assert!(!e.can_redo());
        assert!(!e.redo());
    }

    #[test]
    fn grid_goal_and_budget_edits_make_par_stale_but_names_do_not() {
        let level = Level::from_ron_bytes(include_bytes!(
            "../levels/chapter1/01-first-crossing.level.ron"
        ))
        .unwrap();
        let mut e = LevelEditor::new(Draft::from_level(&level));
        assert_eq!(e.draft().par, Some(3));
        e.edit(|d| d.tip = "New tip".into());
        assert_eq!(e.draft().par, Some(3));
        e.edit(|d| d.budget.sand = Some(9));
        assert_eq!(e.draft().par, None);
        e.undo();
        assert_eq!(e.draft().par, Some(3));
        e.paint(Pos::new(0, 3), land());
        assert_eq!(e.draft().par, None);
    }

    #[test]
    fn problems_name_what_is_wrong_and_go_away_when_fixed() {
        let mut e = LevelEditor::new(Draft::new(4, 2));
        e.edit(|d| d.budget.bridges = Some(0));
        let p = problems(e.draft(), QUICK_CHECK_NODES);
        assert!(p.iter().any(|p| p.contains("no land")), "{p:?}");
        e.paint(Pos::new(0, 0), land());
        let p = problems(e.draft(), QUICK_CHECK_NODES);
        assert!(p.iter().any(|p| p.contains("already holds")), "{p:?}");
        e.paint(Pos::new(0, 3), land());
        e.edit(|d| d.budget.sand = Some(1));
        let p = problems(e.draft(), QUICK_CHECK_NODES);
        assert!(p.iter().any(|p| p.contains("within the budget")), "{p:?}");
        e.edit(|d| d.budget.sand = Some(2));
        let p = problems(e.draft(), QUICK_CHECK_NODES);
        assert_eq!(p, ["Par is not proven yet: press Solve."]);
        e.edit(|d| d.par = Some(2));
        assert!(problems(e.draft(), QUICK_CHECK_NODES).is_empty());
        e.edit(|d| d.goal = Goal::Reach(50));
        let p = problems(e.draft(), QUICK_CHECK_NODES);
        assert!(
            p.iter().any(|p| p.starts_with("Not a level yet: goal")),
            "{p:?}"
        );
    }

    #[test]
    fn a_draft_turns_into_the_level_it_came_from() {
        let level = Level::from_ron_bytes(include_bytes!(
            "../levels/chapter1/01-first-crossing.level.ron"
        ))
        .unwrap();
        assert_eq!(Draft::from_level(&level).to_level().unwrap(), level);
    }

    #[test]
    fn file_stems_are_safe_whatever_the_name() {
        assert_eq!(file_stem_for("First Crossing"), "first-crossing");
        assert_eq!(file_stem_for("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem_for("  Île   d'Or!  "), "le-d-or");
        assert_eq!(file_stem_for("///"), "untitled");
        assert_eq!(file_stem_for(""), "untitled");
        assert_eq!(file_stem_for(&"ab ".repeat(40)).len(), 47);
    }
}
