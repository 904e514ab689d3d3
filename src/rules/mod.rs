//! The rules core: plain Rust, no Bevy, no files. Everything the game, the command line and
//! the tests agree on lives here.

pub mod board;
pub mod cell;
pub mod generator;
pub mod goal;
pub mod level;
pub mod moves;
pub mod solver;
pub mod union_find;
