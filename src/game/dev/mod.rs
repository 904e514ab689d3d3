//! Tools for making and checking the game, not for playing it: `--screenshot`,
//! `--measure-frames`, `--measure-start`, `--icon`, and the page state the browser test
//! reads. Nothing else in the game imports this folder.

pub mod frame_times;
pub mod icon;
pub mod page_state;
pub mod screenshot;
pub mod start_time;
