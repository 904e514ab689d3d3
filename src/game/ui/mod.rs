//! The look shared by every screen: theme (palette, fonts, widgets), tweens, where a board
//! sits in the window and how its cells look, and words shown in more than one place.

pub mod art;
pub mod board_layout;
pub mod island_colours;
pub mod land_shape;
pub mod scroll;
pub mod text;
pub mod theme;
pub mod tween;
