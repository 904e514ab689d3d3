//! Tools for making and checking the game, not for playing it: `--screenshot`, and the page
//! state the browser test reads. Nothing else in the game imports this folder.

pub mod page_state;
pub mod screenshot;
