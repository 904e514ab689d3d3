//! Island Conquest: the rules and the computer opponent (no Bevy).

pub mod ai;
pub mod online;
pub mod rules;

pub use rules::{
    CAPTURE_RULE, ClaimPreview, ClaimRejection, ClaimReport, Conquest, ConquestUnion, Player,
    WIN_RULE, Winner, rules_card,
};
