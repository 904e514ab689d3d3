//! What the game says about itself: its version (and the commit it was built from), its
//! licence and the fonts' credits. `--version` and the About panel in Settings show these.

/// The version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit the game was built from (empty when not built from a git checkout).
pub const COMMIT: &str = env!("MERGE_ISLANDS_COMMIT");

/// "0.1.0", or "0.1.0 (commit 0123456789)" when built from git (made by build.rs).
pub const VERSION_LINE: &str = env!("MERGE_ISLANDS_VERSION_LINE");

/// The game's own licence.
pub const LICENCE: &str = "MIT or Apache-2.0, at your choice";

/// The fonts, their authors and licences (the full texts travel with the game).
pub const FONT_CREDITS: &[&str] = &[
    "DejaVu Sans: Bitstream Vera licence, DejaVu changes in the public domain",
    "Comfortaa by Johan Aakerlund (The Comfortaa Project Authors): SIL Open Font Licence 1.1",
];

/// The rest is the game's own: pictures drawn and sounds synthesised by its code.
pub const ART_CREDIT: &str = "Pictures and sounds are made by the game's own code.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_line_starts_with_the_crate_version() {
        let line = VERSION_LINE;
        assert!(line.starts_with(VERSION), "{line}");
        // A commit, when there is one, is a short hexadecimal hash.
        assert!(COMMIT.chars().all(|c| c.is_ascii_hexdigit()), "{COMMIT}");
        assert_eq!(line.contains("commit"), !COMMIT.is_empty());
    }
}
