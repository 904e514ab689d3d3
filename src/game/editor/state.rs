//! What the editor holds: the draft with its history, the brush and tool, typing, problems,
//! a solve running, a solution shown, and the buttons that act on them.

use crate::game::level_store::CampaignLevel;
use crate::level_draft::{Draft, LevelEditor};
use crate::rules::board::Board;
use crate::rules::cell::{Cell, Pos, Tribe};
use crate::rules::moves::Move;
use crate::rules::solver::{Solution, SolveWatch};
use bevy::prelude::*;
use bevy::tasks::Task;
use std::sync::Arc;

/// Width of the side panel of controls, in logical pixels.
pub(super) const PANEL_WIDTH: f32 = 330.0;

/// What the brush paints: the palette, in order.
pub const PALETTE: [Cell; 12] = [
    Cell::Shallow,
    Cell::Deep,
    Cell::Land(None),
    Cell::Rock,
    Cell::Land(Tribe::new(0)),
    Cell::Land(Tribe::new(1)),
    Cell::Land(Tribe::new(2)),
    Cell::Land(Tribe::new(3)),
    Cell::Land(Tribe::new(4)),
    Cell::Land(Tribe::new(5)),
    Cell::Land(Tribe::new(6)),
    Cell::Land(Tribe::new(7)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Click or drag to paint cell by cell.
    #[default]
    Paint,
    /// Drag from corner to corner to fill a rectangle.
    Rectangle,
}

/// A text the designer types into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Author,
    Tip,
}

/// Everything the editor screen shows; it outlives the screen, so test play comes back to
/// the editor as it was.
#[derive(Resource)]
pub struct Editing {
    pub editor: LevelEditor,
    /// The file the draft came from or was saved to, inside the levels folder.
    pub file: Option<String>,
    pub brush: Cell,
    pub tool: Tool,
    pub typing: Option<Field>,
    /// Where the pointer went down on the board (a rectangle's first corner).
    pub anchor: Option<Pos>,
    /// The cell a paint stroke last reached: the next frame paints the line on from there.
    pub(super) stroke_at: Option<Pos>,
    pub problems: Vec<String>,
    /// The draft the problems were found on.
    pub(super) checked: Option<Draft>,
    /// The check of a newer draft running in the background.
    pub(super) checking: Option<ProblemCheck>,
    /// What the last stopped Solve found for this draft (best and bound), until it changes.
    pub unproven: Option<Unproven>,
    pub message: String,
    pub preview: Option<Preview>,
    pub solving: Option<SolveJob>,
    /// The draft as last saved, to tell unsaved changes.
    pub saved: Option<Draft>,
    /// A save waiting for the designer to agree to replace this file.
    pub confirm_replace: Option<String>,
    pub choosing_file: bool,
}

impl Editing {
    pub fn new(draft: Draft, file: Option<String>) -> Editing {
        let saved = file.as_ref().map(|_| draft.clone());
        Editing {
            editor: LevelEditor::new(draft),
            file,
            brush: Cell::Land(None),
            tool: Tool::Paint,
            typing: None,
            anchor: None,
            stroke_at: None,
            problems: Vec::new(),
            checked: None,
            checking: None,
            unproven: None,
            message: String::new(),
            preview: None,
            solving: None,
            saved,
            confirm_replace: None,
            choosing_file: false,
        }
    }

    pub fn draft(&self) -> &Draft {
        self.editor.draft()
    }

    /// Whether the problems shown were found on the draft as it is now.
    pub fn is_checked(&self) -> bool {
        self.checked.as_ref() == Some(self.draft())
    }

    pub fn unsaved(&self) -> bool {
        self.saved.as_ref() != Some(self.draft())
    }

    /// Ends typing into a text field (the typed text is one undo step).
    pub fn stop_typing(&mut self) {
        if self.typing.take().is_some() {
            self.editor.end_stroke();
        }
    }

    /// Makes an edit and drops what it makes stale (a shown solution).
    pub fn edit(&mut self, change: impl FnOnce(&mut LevelEditor) -> bool) -> bool {
        let changed = change(&mut self.editor);
        if changed {
            self.preview = None;
            self.unproven = None;
        }
        changed
    }
}

/// Ask to open the editor (from the title, or from a level with E).
#[derive(Message, Debug, Clone)]
pub enum OpenEditor {
    /// The editor as it was left, or a new level.
    Resume,
    /// This level, from this file.
    Level(CampaignLevel),
}

#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub enum EditorButton {
    Brush(Cell),
    Tool(Tool),
    Resize(isize, isize),
    GoalKind,
    GoalNumber(i32),
    Sand(i32),
    SandUnlimited,
    Bridges(i32),
    BridgesUnlimited,
    Type(Field),
    New,
    Open,
    Save,
    SaveCustom,
    /// The level as a downloaded file (the browser's; its Save keeps it in the browser).
    Download,
    Solve,
    TestPlay,
    CopyCode,
    Undo,
    Redo,
    Back,
    OpenFile(String),
    Replace,
    Cancel,
}

#[derive(Component)]
pub(super) struct BackToEditor;

/// A solution being played out on the board after Solve.
#[derive(Debug, Clone)]
pub struct Preview {
    pub board: Board,
    pub moves: Vec<Move>,
    pub shown: usize,
    pub clock: f32,
}

/// A proof of par running in the background.
pub struct SolveJob {
    pub(super) task: Task<Solution>,
    /// The search's best solution and bound so far, read each frame; also cancels it.
    pub(super) watch: Arc<SolveWatch>,
    /// Length of the best solution being shown on the board while the search goes on.
    pub(super) shown_best: Option<usize>,
    /// The draft being solved: a result for an older draft is thrown away.
    pub(super) draft: Draft,
}

/// The problem check of one draft, away from the game's thread (on a large board a solver
/// check can take a moment).
pub struct ProblemCheck {
    pub(super) task: Task<Vec<String>>,
    /// Stops the check when a Solve needs the background thread.
    pub(super) watch: Arc<SolveWatch>,
    pub(super) draft: Draft,
}

/// A Solve stopped before proof: the best solution found and the moves proven necessary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unproven {
    pub best: Option<usize>,
    pub at_least: u32,
}
