//! The game binary: with no command it opens the game; its commands are the level
//! designer's tools (see `merge-islands --help`).

use clap::Parser;
use merge_islands::cli::{Cli, GameArgs, run};
use std::process::ExitCode;

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

#[cfg(feature = "gui")]
fn start_game(args: GameArgs) -> ExitCode {
    merge_islands::game::run(args)
}

#[cfg(not(feature = "gui"))]
fn start_game(_: GameArgs) -> ExitCode {
    eprintln!(
        "This build has no game window (it was built without the `gui` feature). \
         The level tools work: see `merge-islands --help`."
    );
    ExitCode::from(2)
}
