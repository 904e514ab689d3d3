//! The game binary: with no command it opens the game; its commands are the level
//! designer's tools (see `merge-islands --help`).

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;
use merge_islands::cli::GameArgs;
#[cfg(not(target_arch = "wasm32"))]
use merge_islands::cli::{Cli, run};
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        None => start_game(cli.game),
    }
}

#[cfg(all(feature = "gui", not(target_arch = "wasm32")))]
fn start_game(args: GameArgs) -> ExitCode {
    merge_islands::game::run(args)
}

#[cfg(all(not(feature = "gui"), not(target_arch = "wasm32")))]
fn start_game(_: GameArgs) -> ExitCode {
    eprintln!(
        "This build has no game window (it was built without the `gui` feature). \
         The level tools work: see `merge-islands --help`."
    );
    ExitCode::from(2)
}

/// In the browser there is no command line: the page's address may name a level
/// (`?level=01-first-crossing`), hold one as a code (`?code=1.…`), or name a day's daily
/// puzzle (`?daily=2026-12-04`, the link in a shared daily result).
#[cfg(target_arch = "wasm32")]
fn main() {
    let args = GameArgs {
        // A level code (`?code=1.…`) opens like a named level: `--level` takes either.
        level: merge_islands::game::platform::query_param("code")
            .or_else(|| merge_islands::game::platform::query_param("level")),
        daily: merge_islands::game::platform::query_param("daily"),
        // A friend's Island Conquest room (`?room=ABCDE`), and the game server to meet
        // through (`?server=ws://host:3536`).
        room: merge_islands::game::platform::query_param("room"),
        server: merge_islands::game::platform::query_param("server"),
        ..GameArgs::default()
    };
    merge_islands::game::run(args);
}
