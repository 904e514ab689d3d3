//! Merge Islands: a puzzle game about joining islands, built on a union-find.
//!
//! [`rules`] is the game's rule book as code (no Bevy). The session, level files on disk and
//! the command line build on it; the Bevy front end sits behind the `gui` feature.

pub mod about;
pub mod cli;
pub mod colour;
pub mod conquest;
#[cfg(feature = "gui")]
pub mod game;
pub mod level_draft;
pub mod level_files;
pub mod rules;
pub mod session;
pub mod union_find;

pub use rules::board::{Board, MoveReport, Rejection, Status};
pub use rules::cell::{Cell, Pos, Tribe};
pub use rules::goal::{Budget, Goal};
pub use rules::level::Level;
pub use rules::moves::Move;
pub use union_find::UnionFind;
