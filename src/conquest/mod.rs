//! Island Conquest: the rules and the computer opponent (no Bevy).

pub mod ai;
pub mod rules;

pub use rules::{ClaimRejection, ClaimReport, Conquest, Player, Winner};
