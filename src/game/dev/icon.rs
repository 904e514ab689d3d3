//! `--icon FILE` (with `--icon-size N`): writes the game's icon as a PNG and exits, for the
//! desktop package and the web app's manifest. The picture is the art code's own
//! ([`Picture::AppIcon`]), so it needs no window.

use crate::game::ui::art::{self, Picture};
use std::path::Path;

/// The sides an icon may have, in pixels.
pub const SIZES: std::ops::RangeInclusive<u32> = 16..=2048;

pub fn write(path: &Path, size: u32) -> Result<(), String> {
    if !SIZES.contains(&size) {
        return Err(format!(
            "an icon is {} to {} pixels a side, not {size}",
            SIZES.start(),
            SIZES.end()
        ));
    }
    let picture = art::image(size, Picture::AppIcon)
        .try_into_dynamic()
        .map_err(|e| format!("the icon did not convert: {e}"))?;
    picture
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
