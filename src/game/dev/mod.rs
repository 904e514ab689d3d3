//! Tools for making and checking the game, not for playing it: `--screenshot`,
//! `--measure-frames`, `--measure-start`, `--icon`, the page state the browser test reads and
//! the page's endless-round timing (`?measure=endless`). Nothing else in the game imports this folder.

pub mod endless_timing;
pub mod frame_times;
pub mod icon;
pub mod page_state;
pub mod screenshot;
pub mod start_time;
