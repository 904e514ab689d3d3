//! Frame time of the real game window on a 64 x 64 board: the sea animating, and the same
//! board with animations off (the water still), side by side in one run. It runs the game
//! binary with `--measure-frames`, so it needs a display: run it under `xvfb-run` (software
//! rendering there; a GPU is faster).
//!
//!     xvfb-run -a -s "-screen 0 1400x1000x24" cargo bench --profile dev --bench frame_time
//!
//! With `FRAME_TIME_BASELINE=path/to/an/older/merge-islands` it measures that build too, in
//! the same run, alternating with this one, and prints this build's median over the older one's.

use merge_islands::{Budget, Cell, Goal, Level, Tribe};
use std::path::Path;
use std::process::Command;

const FRAMES: u32 = 300;

/// A 64 x 64 archipelago: land, shallows, deep water, rock and two tribes, so the sea's
/// map has coasts, shallows and deep water everywhere.
fn archipelago(side: usize) -> Level {
    let cells = (0..side * side)
        .map(|i| {
            let (r, c) = (i / side, i % side);
            match (r % 8, c % 8) {
                (1..=2, 1..=2) if (r / 8 + c / 8) % 5 == 0 => Cell::Land(Tribe::new(0)),
                (1..=2, 1..=2) if (r / 8 + c / 8) % 5 == 1 => Cell::Land(Tribe::new(1)),
                (1..=2, 1..=2) => Cell::Land(None),
                (5, 5) => Cell::Rock,
                (3..=4, _) | (_, 3..=4) => Cell::Shallow,
                _ => Cell::Deep,
            }
        })
        .collect::<Vec<Cell>>();
    // Every cell that can become land: a goal the board can hold, never reached here.
    let can_be_land = cells
        .iter()
        .filter(|c| matches!(c, Cell::Land(_) | Cell::Shallow))
        .count() as u32;
    Level {
        name: "Frame time".into(),
        author: "bench".into(),
        width: side,
        height: side,
        cells,
        goal: Goal::Reach(can_be_land),
        budget: Budget::default(),
        par: 1,
        tip: None,
    }
}

/// Runs the game on `level` with the animation speed `animation`; returns its report line.
fn measure(bin: &str, level: &Path, data: &Path, animation: &str) -> Result<String, String> {
    std::fs::create_dir_all(data).map_err(|e| e.to_string())?;
    std::fs::write(
        data.join("progress.ron"),
        format!("(levels: {{}}, settings: (animation: {animation}, motion_chosen: true))"),
    )
    .map_err(|e| e.to_string())?;
    let out = Command::new(bin)
        .args(["--window", "1280x800", "--level"])
        .arg(level)
        .args(["--measure-frames", &FRAMES.to_string()])
        .env("MERGE_ISLANDS_DATA_DIR", data)
        .output()
        .map_err(|e| format!("could not run {bin}: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("frames "))
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "no frame report; the game said: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
}

fn median_ms(line: &str) -> Option<f64> {
    let mut words = line.split_whitespace();
    words.find(|w| *w == "median")?;
    words.next()?.parse().ok()
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("frame_time: no display; run it under xvfb-run (see the file's comment)");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_merge-islands");
    let dir = std::env::temp_dir().join(format!("merge-islands-frame-time-{}", std::process::id()));
    let level = dir.join("frame-time.level.ron");
    if let Err(e) = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&level, archipelago(64).to_ron()))
    {
        eprintln!("frame_time: {e}");
        return;
    }
    let baseline = std::env::var("FRAME_TIME_BASELINE").ok();
    let mut builds = vec![("", bin.to_string())];
    if let Some(old) = &baseline {
        builds.push(("baseline ", old.clone()));
    }
    let mut medians = Vec::new();
    for (name, animation) in [("sea moving", "Normal"), ("animations off", "Off")] {
        for (which, exe) in &builds {
            match measure(exe, &level, &dir.join(animation), animation) {
                Ok(line) => {
                    println!("frame_time/64x64 {which}{name}: {line}");
                    medians.push((*which, name, median_ms(&line)));
                }
                Err(e) => println!("frame_time/64x64 {which}{name}: {e}"),
            }
        }
    }
    let median = |which: &str, name: &str| {
        medians
            .iter()
            .find(|m| m.0 == which && m.1 == name)
            .and_then(|m| m.2)
    };
    if let (Some(moving), Some(still)) = (median("", "sea moving"), median("", "animations off")) {
        println!("frame_time/64x64 moving over still: {:.2}", moving / still);
    }
    for name in ["sea moving", "animations off"] {
        if let (Some(now), Some(old)) = (median("", name), median("baseline ", name)) {
            println!(
                "frame_time/64x64 {name}, this build over the baseline: {:.2}",
                now / old
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
