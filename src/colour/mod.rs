//! Colour without Bevy: the science to measure how far apart two colours look (to normal
//! eyes and to colour-blind ones), and the island palettes measured with it.

pub mod palette;
pub mod science;
