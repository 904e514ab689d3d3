//! The game's front end, headless: a Bevy app without a window or renderer, driven through
//! its input resources, checked through its entities and resources. And one real window
//! under a virtual display, whose screenshot must show the board.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use merge_islands::cli::GameArgs;
use merge_islands::game::GamePlugin;
use merge_islands::game::level_codes::{CodeNotice, CodeRequest, shortened};
use merge_islands::game::level_store::{Campaign, CurrentLevel};
use merge_islands::game::play::board_view::{BoardSprites, Plank, Tile, board_tile_colour};
use merge_islands::game::play::coach::{CoachGlow, CoachTip};
use merge_islands::game::play::daily::DailyPuzzle;
use merge_islands::game::play::early_warning::{EarlyWarning, UNWINNABLE_WARNING};
use merge_islands::game::play::endless::EndlessRun;
use merge_islands::game::play::hint::{HintSearch, THINKING};
use merge_islands::game::play::hud::{HudBar, HudStat};
use merge_islands::game::play::lookahead::Lookahead;
use merge_islands::game::play::model::{
    ActiveSession, HintedMove, PlayPhase, PlayerAction, StatusLine, WinSummary,
};
use merge_islands::game::play::resume::{ContinueButton, KeepsItsPlace, SavedGame};
use merge_islands::game::progress::{Progress, ProgressLocation, ProgressStore, load_progress};
use merge_islands::game::screen::{Launch, Screen};
use merge_islands::game::settings::{AnimationSpeed, Settings};
use merge_islands::rules::level_code;
use merge_islands::{Level, Move, Pos, Status};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("merge-islands-game-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn levels() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("levels")
}

/// A headless game whose progress lives in `progress`.
fn app(progress: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, GamePlugin))
        .init_resource::<ButtonInput<KeyCode>>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<Touches>()
        .insert_resource(ProgressLocation::File(progress.to_path_buf()))
        .insert_resource(Campaign::load(&levels()));
    app.update();
    // Animations off: each update shows the final picture at once.
    app.world_mut().resource_mut::<Settings>().animation = AnimationSpeed::Off;
    app
}

fn open_level(app: &mut App, key: &str) {
    let level = app
        .world()
        .resource::<Campaign>()
        .in_order()
        .map(|(_, l)| l.clone())
        .find(|l| l.key == key)
        .unwrap();
    app.world_mut().insert_resource(CurrentLevel(level));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    app.update();
}

fn press(app: &mut App, key: KeyCode) {
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(key);
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.clear();
    app.update();
}

fn act(app: &mut App, action: PlayerAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn moves_made(app: &App) -> u32 {
    app.world()
        .resource::<ActiveSession>()
        .session
        .board()
        .moves_made()
}

fn phase(app: &App) -> PlayPhase {
    *app.world().resource::<State<PlayPhase>>().get()
}

/// Every tile's colour, by cell index.
fn tile_colours(app: &mut App) -> Vec<Color> {
    let tiles = app.world().resource::<BoardSprites>().tiles.clone();
    tiles
        .iter()
        .map(|&e| app.world().get::<Sprite>(e).unwrap().color)
        .collect()
}

/// What the board's colours should be, from the session's board.
fn expected_colours(app: &App) -> Vec<Color> {
    let board = app.world().resource::<ActiveSession>().session.board();
    let islands = &app.world().resource::<BoardSprites>().islands;
    (0..board.cells().len())
        .map(|i| board_tile_colour(board, board.pos(i), false, islands))
        .collect()
}

fn hud_stats(app: &mut App) -> String {
    let mut q = app.world_mut().query::<(&Text, &HudStat)>();
    let mut stats: Vec<(HudStat, String)> = q
        .iter(app.world())
        .map(|(text, &stat)| (stat, text.0.clone()))
        .collect();
    stats.sort();
    let texts: Vec<String> = stats.into_iter().map(|(_, text)| text).collect();
    texts.join("    ")
}

const FIRST: &str = "chapter1/01-first-crossing.level.ron";

/// A fresh game (its own progress file, named for the test) playing First Crossing.
fn playing_first(name: &str) -> App {
    let dir = scratch(name);
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, FIRST);
    app
}

#[test]
fn the_board_shows_every_cell_and_the_hud_follows_moves() {
    let mut app = playing_first("board");
    let mut tiles = app.world_mut().query::<&Tile>();
    assert_eq!(tiles.iter(app.world()).count(), 25);
    assert_eq!(
        hud_stats(&mut app),
        "Moves 0 / par 3    Sand 4    Bridges 1    Islands 3    Score 0"
    );
    act(
        &mut app,
        PlayerAction::Play(Move::Bridge(Pos::new(1, 0), Pos::new(4, 0))),
    );
    assert_eq!(
        hud_stats(&mut app),
        "Moves 1 / par 3    Sand 4    Bridges 0    Islands 2    Score 3"
    );
    let mut planks = app.world_mut().query::<&Plank>();
    assert_eq!(
        planks.iter(app.world()).count(),
        2,
        "a plank per water cell spanned"
    );
    assert_eq!(tile_colours(&mut app), expected_colours(&app));
}

#[test]
fn the_keyboard_cursor_lays_sand_and_z_takes_it_back() {
    let mut app = playing_first("keys");
    let start = tile_colours(&mut app);
    // The cursor starts in the middle (2,2, a rock); one step up is shallow water (1,2).
    press(&mut app, KeyCode::ArrowUp);
    press(&mut app, KeyCode::Space);
    let board = app.world().resource::<ActiveSession>().session.board();
    assert_eq!(board.moves_made(), 1);
    assert!(board.cell(Pos::new(1, 2)).unwrap().is_land());
    assert_ne!(tile_colours(&mut app), start);
    assert_eq!(tile_colours(&mut app), expected_colours(&app));
    press(&mut app, KeyCode::KeyZ);
    assert_eq!(moves_made(&app), 0);
    assert_eq!(
        tile_colours(&mut app),
        start,
        "undo draws the board as it was"
    );
    press(&mut app, KeyCode::KeyY);
    assert_eq!(moves_made(&app), 1);
    assert_eq!(tile_colours(&mut app), expected_colours(&app));
}

/// Input, apply and present run in that order within one frame: a move made in a frame is
/// drawn, and counted in the HUD, by the end of that same frame.
#[test]
fn a_move_is_drawn_in_the_frame_it_is_made() {
    let mut app = playing_first("one-frame");
    let before = tile_colours(&mut app);
    app.world_mut()
        .write_message(PlayerAction::Play(Move::Bridge(
            Pos::new(1, 0),
            Pos::new(4, 0),
        )));
    app.update();
    assert_eq!(moves_made(&app), 1);
    assert_ne!(tile_colours(&mut app), before);
    assert_eq!(tile_colours(&mut app), expected_colours(&app));
    assert!(hud_stats(&mut app).starts_with("Moves 1 / par 3"));
}

/// With animations on, a merge's score popup outlives the frames after its move (it once
/// vanished on the next frame, as the tweens were finished twice for one report).
#[test]
fn the_score_popup_stays_up_after_the_move() {
    let mut app = playing_first("popup");
    app.world_mut().resource_mut::<Settings>().animation = AnimationSpeed::Slow;
    app.world_mut()
        .write_message(PlayerAction::Play(Move::Bridge(
            Pos::new(1, 0),
            Pos::new(4, 0),
        )));
    for _ in 0..4 {
        app.update();
    }
    let mut texts = app.world_mut().query::<&Text2d>();
    let popups: Vec<String> = texts
        .iter(app.world())
        .map(|t| t.0.clone())
        .filter(|t| t.contains(" = +"))
        .collect();
    assert_eq!(popups.len(), 1, "{popups:?}");
}

/// Coral Steps after two sands: the eleven joined cells are drawn in one colour, and the
/// drawing is what the board says.
#[test]
fn one_island_is_drawn_in_one_colour_after_two_merges() {
    let dir = scratch("coral");
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, "chapter1/03-coral-steps.level.ron");
    for m in ["1,2", "1,4"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    let colours = tile_colours(&mut app);
    assert_eq!(colours, expected_colours(&app));
    // Undo the second sand, then make it again in a frame where the board is also laid out
    // anew (the window or UI scale changed): the redrawn board shows the move's colours.
    act(&mut app, PlayerAction::Undo);
    app.world_mut()
        .write_message(PlayerAction::Play("1,4".parse().unwrap()));
    app.world_mut().resource_mut::<UiScale>().0 = 0.8;
    app.update();
    app.update();
    let colours = tile_colours(&mut app);
    assert_eq!(
        colours,
        expected_colours(&app),
        "redrawn in the frame of a move"
    );
    let width = 7;
    let island = [
        (0, 2),
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (1, 5),
        (2, 2),
        (0, 4),
        (2, 4),
    ];
    for (r, c) in island {
        assert_eq!(colours[r * width + c], colours[width + 1], "cell {r},{c}");
    }
}

/// Asked to open a level that does not exist (`--level`, or the page's `?level=`), the game
/// opens on the title and says what was wrong there.
#[test]
fn a_level_that_does_not_exist_is_named_on_the_title() {
    let dir = scratch("no-level");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, GamePlugin))
        .init_resource::<ButtonInput<KeyCode>>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<Touches>()
        .insert_resource(ProgressLocation::File(dir.join("progress.ron")))
        .insert_resource(Campaign::load(&levels()))
        .insert_resource(Launch(GameArgs {
            level: Some("no-such-level".into()),
            ..GameArgs::default()
        }));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Title
    );
    let mut texts = app.world_mut().query::<&Text>();
    let said: Vec<String> = texts.iter(app.world()).map(|t| t.0.clone()).collect();
    assert!(
        said.iter()
            .any(|t| t.contains("no level called \"no-such-level\"")),
        "{said:?}"
    );
}

#[test]
fn a_refused_move_says_why_and_changes_nothing() {
    let mut app = playing_first("refused");
    let before = tile_colours(&mut app);
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(2, 2))));
    let status = app.world().resource::<StatusLine>().clone();
    assert!(status.warning);
    assert!(status.text.contains("rock"), "{}", status.text);
    // Cells are named as a player counts them, from 1.
    assert!(status.text.contains("row 3, column 3"), "{}", status.text);
    assert_eq!(moves_made(&app), 0);
    assert_eq!(tile_colours(&mut app), before);
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(40, 40))));
    assert!(
        app.world()
            .resource::<StatusLine>()
            .text
            .contains("outside the board")
    );
}

/// What was said about the board goes when the board changes: a refusal does not survive
/// an undo.
#[test]
fn a_refusal_is_not_left_standing_after_an_undo() {
    let mut app = playing_first("stale-refusal");
    act(&mut app, PlayerAction::Play("1,0-4,0".parse().unwrap()));
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(2, 2))));
    assert!(app.world().resource::<StatusLine>().warning);
    act(&mut app, PlayerAction::Undo);
    assert_eq!(moves_made(&app), 0);
    assert_eq!(
        *app.world().resource::<StatusLine>(),
        StatusLine::default(),
        "the refusal was about the board before the undo"
    );
    act(&mut app, PlayerAction::Undo);
    assert_eq!(
        app.world().resource::<StatusLine>().text,
        "Nothing to undo."
    );
}

const LAST_VOYAGE: &str = "chapter4/10-last-voyage.level.ron";

/// The hint being searched, if any.
fn hint_running(app: &App) -> bool {
    app.world().resource::<HintSearch>().is_running()
}

/// H on the campaign's hardest level: the search runs beside the game, the HUD says it is
/// thinking while it runs, and the hint arrives. The longest frame
/// while it searches is printed (run with `--nocapture`); speed is the benches' business.
#[test]
fn a_hint_is_searched_beside_the_game_and_a_move_makes_it_stale() {
    let dir = scratch("hint");
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, LAST_VOYAGE);
    app.world_mut().write_message(PlayerAction::Hint);
    app.update();
    // The Steiner engine may finish within the frame of the key; while it has not, the HUD
    // says it is thinking and no hint is shown.
    if hint_running(&app) {
        assert_eq!(app.world().resource::<StatusLine>().text, THINKING);
        assert_eq!(app.world().resource::<HintedMove>().0, None);
    }
    let started = Instant::now();
    let (mut frames, mut longest) = (0u32, Duration::ZERO);
    while hint_running(&app) {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the hint never came"
        );
        let frame = Instant::now();
        app.update();
        longest = longest.max(frame.elapsed());
        frames += 1;
        // A frame that only waits is short; don't spin the other core away from the search.
        std::thread::sleep(Duration::from_millis(2));
    }
    eprintln!(
        "hint for The Last Voyage: {:.2} s, {frames} frames, longest frame {:.2} ms",
        started.elapsed().as_secs_f64(),
        longest.as_secs_f64() * 1e3
    );
    let status = app.world().resource::<StatusLine>().clone();
    assert!(status.text.starts_with("Hint: "), "{}", status.text);
    let hinted = app
        .world()
        .resource::<HintedMove>()
        .0
        .expect("a move to try");

    // Asked again, then a move: a question still open is stale and dropped, and no hint
    // for the old position stays on the board.
    app.world_mut().write_message(PlayerAction::Hint);
    app.update();
    act(&mut app, PlayerAction::Play(hinted));
    assert_eq!(moves_made(&app), 1);
    assert!(!hint_running(&app), "a move cancels the search");
    assert_ne!(app.world().resource::<StatusLine>().text, THINKING);
    assert_eq!(app.world().resource::<HintedMove>().0, None);
}

/// A hint belongs to its level: after one is shown, the next level (or the same one
/// opened again) starts with no hinted move and no hint line.
#[test]
fn a_hint_shown_on_one_level_is_gone_on_the_next() {
    let dir = scratch("hint-leak");
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, FIRST);
    app.world_mut().write_message(PlayerAction::Hint);
    app.update();
    let started = Instant::now();
    while hint_running(&app) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the hint never came"
        );
        app.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        app.world().resource::<HintedMove>().0.is_some(),
        "a hint is shown"
    );
    for next in ["chapter1/04-crossroads.level.ron", FIRST] {
        open_level(&mut app, next);
        assert_eq!(app.world().resource::<ActiveSession>().key, next);
        assert_eq!(app.world().resource::<HintedMove>().0, None, "{next}");
        let status = &app.world().resource::<StatusLine>().text;
        assert!(!status.starts_with("Hint"), "{next}: {status}");
    }
}

#[test]
fn winning_shows_the_win_screen_and_saves_the_stars() {
    let dir = scratch("win");
    let path = dir.join("progress.ron");
    let mut app = app(&path);
    open_level(&mut app, FIRST);
    for m in ["1,0-4,0", "0,2", "0,3"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    assert_eq!(phase(&app), PlayPhase::Won);
    // With animations off the three stars are all there at once.
    let mut texts = app.world_mut().query::<(&Text, &Visibility)>();
    let stars: Vec<Visibility> = texts
        .iter(app.world())
        .filter(|(t, _)| t.0 == "★")
        .map(|(_, v)| *v)
        .collect();
    assert_eq!(stars, vec![Visibility::Inherited; 3], "{stars:?}");
    let (saved, notice) = load_progress(&path);
    let (saved, _) = saved.split();
    assert_eq!(notice, None);
    let record = saved.record(FIRST);
    assert_eq!(
        (record.stars, record.best_score, record.best_moves),
        (3, 118, 3)
    );
    // Undo from the win screen goes back to playing.
    press(&mut app, KeyCode::KeyZ);
    assert_eq!(phase(&app), PlayPhase::Playing);
    // A fresh game finds the stars there the next day.
    let again = self::app(&path);
    assert_eq!(again.world().resource::<Progress>().record(FIRST).stars, 3);
}

#[test]
fn running_out_of_budget_loses_and_undo_recovers() {
    let mut app = playing_first("lose");
    for m in ["4,4", "4,3", "4,2", "4,1", "0,1-0,4"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    let board = app.world().resource::<ActiveSession>().session.board();
    assert_eq!(board.status(), Status::Lost, "{:?}", board.to_rows());
    assert_eq!(phase(&app), PlayPhase::Lost);
    act(&mut app, PlayerAction::Undo);
    assert_eq!(phase(&app), PlayPhase::Playing);
}

#[test]
fn restart_redraws_the_board_and_undo_brings_the_moves_back() {
    let mut app = playing_first("restart");
    let start = tile_colours(&mut app);
    act(&mut app, PlayerAction::Play("0,2".parse().unwrap()));
    let played = tile_colours(&mut app);
    press(&mut app, KeyCode::KeyR);
    assert_eq!(tile_colours(&mut app), start);
    press(&mut app, KeyCode::KeyZ);
    assert_eq!(tile_colours(&mut app), played);
}

#[test]
fn a_corrupt_progress_file_is_kept_aside_and_the_game_starts() {
    let dir = scratch("corrupt");
    let path = dir.join("progress.ron");
    std::fs::write(&path, b"\xff\xfe not ron at all").unwrap();
    let app = app(&path);
    let store = app.world().resource::<ProgressStore>();
    assert!(store.notice.as_deref().unwrap().contains("starts fresh"));
    assert!(app.world().resource::<Progress>().levels.is_empty());
    assert!(path.with_extension("ron.corrupt").is_file());
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Title
    );
}

/// The real game in a window (under Xvfb in CI): its screenshot of a level must show the
/// board's colours, not a blank screen.
#[test]
fn a_screenshot_of_a_level_shows_the_board() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("no display: run under xvfb-run (as ./test.sh does) to check the screenshot");
        return;
    }
    let picture = screenshot_of("First Crossing", "0,2", false, "shot");
    let pixel = |x: usize, y: usize| {
        let [r, g, b] = picture.rgb[y * picture.width + x];
        (r, g, b)
    };
    // Shallow water's light blue and deep water's dark blue must both be on screen.
    let (w, h) = (picture.width, picture.height);
    let mut shallow = 0;
    let mut deep = 0;
    for y in (0..h).step_by(4) {
        for x in (0..w).step_by(4) {
            let (r, g, b) = pixel(x, y);
            if b > 180 && g > 150 && r < 130 {
                shallow += 1;
            }
            if b > 100 && r < 50 && g < 90 {
                deep += 1;
            }
        }
    }
    assert!(shallow > 100 && deep > 50, "shallow {shallow}, deep {deep}");
}

/// A screenshot's pixels, as RGB rows.
struct Picture {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

fn read_png(path: &Path) -> Picture {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let rgb = pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    Picture {
        width: info.width as usize,
        height: info.height as usize,
        rgb,
    }
}

/// Takes a screenshot of `level` after `moves` (the colour-blind palette if asked).
fn screenshot_of(level: &str, moves: &str, colour_blind: bool, name: &str) -> Picture {
    let dir = scratch(name);
    if colour_blind {
        std::fs::write(
            dir.join("progress.ron"),
            "(levels: {}, settings: (volume: 0.3, muted: true, colour_blind: true, animation: Normal, fullscreen: false))",
        )
        .unwrap();
    }
    window_picture(&dir, &["--level", level, "--moves", moves], "board.png")
}

/// Runs the game with `args` (1280x800 unless they give a `--window`) and the data folder `dir`, and reads the PNG it
/// saves as `dir/file`.
fn window_picture(dir: &Path, args: &[&str], file: &str) -> Picture {
    let shot = dir.join(file);
    let window: &[&str] = if args.contains(&"--window") {
        &[]
    } else {
        &["--window", "1280x800"]
    };
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_merge-islands"))
        .args(window)
        .args(args)
        .arg("--screenshot")
        .arg(&shot)
        .env("MERGE_ISLANDS_DATA_DIR", dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "the game ran with {args:?}");
    read_png(&shot)
}

/// The box around the board: the shallow water's light blue (the buttons are blue too,
/// but dark), as (x0, y0, x1, y1).
fn board_box(picture: &Picture) -> (usize, usize, usize, usize) {
    let shallow = |[r, g, b]: [u8; 3]| b > 180 && g > 150 && r < 140;
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..picture.height {
        for x in 0..picture.width {
            if shallow(picture.rgb[y * picture.width + x]) {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
        }
    }
    assert!(x1 > x0 && y1 > y0, "no water on screen");
    (x0, y0, x1, y1)
}

/// The game as a player gets it: the binary alone, copied into an empty folder, run with
/// the source tree out of reach (a private mount namespace with an empty file system laid
/// over the checkout, when the machine allows one; else only the cargo variables are
/// taken away). Its fonts and campaign are inside it: the title's labels all have glyphs
/// (the game's own account, and the title's yellow in a screenshot), First Crossing wins
/// by its solution, and the log names no missing file.
#[test]
fn the_game_runs_from_an_empty_folder_with_the_source_tree_out_of_reach() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("no display: run under xvfb-run (as ./test.sh does) to check the game alone");
        return;
    }
    let dir = scratch("alone");
    let game = dir.join("merge-islands");
    std::fs::copy(env!("CARGO_BIN_EXE_merge-islands"), &game).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let level = merge_islands::level_files::read_level(
        &levels().join("chapter1/01-first-crossing.level.ron"),
    )
    .unwrap();
    let solution =
        match merge_islands::rules::solver::solve(&level.board().unwrap(), Default::default())
            .outcome
        {
            merge_islands::rules::solver::Outcome::Solved { moves } => {
                merge_islands::rules::moves::format_move_list(&moves)
            }
            other => panic!("First Crossing has no solution: {other:?}"),
        };
    // unshare (util-linux) gives a mount namespace to root; the checkout is then hidden.
    let can_hide = std::process::Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !can_hide {
        eprintln!("unshare -m is not allowed here: the source tree stays visible to this run");
    }
    let run = |args: &[&str]| -> (String, String) {
        let mut command = if can_hide {
            let mut c = std::process::Command::new("unshare");
            c.args([
                "-m",
                "sh",
                "-c",
                "mount -t tmpfs none \"$0\" && exec \"$@\"",
            ])
            .arg(source)
            .arg(&game);
            c
        } else {
            std::process::Command::new(&game)
        };
        let out = command
            .args(args)
            .current_dir(&dir)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("BEVY_ASSET_ROOT")
            .env_remove("MERGE_ISLANDS_LEVELS")
            .env("MERGE_ISLANDS_DATA_DIR", dir.join("data"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{args:?}: {stdout}\n{stderr}");
        for line in stderr.lines() {
            assert!(
                !line.contains("Path not found")
                    && !line.contains("ERROR")
                    && !line.contains("does not exist"),
                "{args:?} logged: {line}"
            );
        }
        (stdout, stderr)
    };

    let (said, _) = run(&["--window", "1280x800", "--measure-start"]);
    let line = said
        .lines()
        .find(|l| l.starts_with("title drawn"))
        .unwrap_or_else(|| panic!("no start-up line in {said:?}"));
    let count = |what: &str| -> usize {
        let before = line.split(what).next().unwrap_or_default();
        before
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {what:?} in {line:?}"))
    };
    assert!(count(" labels") >= 10, "{line}");
    assert_eq!(count(" without text"), 0, "{line}");
    assert!(count(" glyphs") >= 100, "{line}");

    let shot = dir.join("title.png");
    run(&[
        "--window",
        "1280x800",
        "--screenshot",
        shot.to_str().unwrap(),
    ]);
    // The game's name is drawn in the accent yellow; without its font there is none.
    let title = read_png(&shot);
    let yellow = title
        .rgb
        .iter()
        .filter(|&&[r, g, b]| r > 235 && (185..225).contains(&g) && b < 110)
        .count();
    assert!(yellow > 1500, "only {yellow} pixels of the title's yellow");

    let shot = dir.join("won.png");
    let (said, _) = run(&[
        "--window",
        "1280x800",
        "--level",
        "First Crossing",
        "--moves",
        &solution,
        "--screenshot",
        shot.to_str().unwrap(),
    ]);
    assert!(
        said.contains("screenshot: Playing, Won"),
        "First Crossing after {solution:?}: {said}"
    );
}

/// Water and its foam: cyan to blue, from the deep's dark blue to the foam's bluish white
/// (blue well above red, green at least red's and not above blue), lighter than the
/// window's dark blue around the board. Land never has that balance: greens have more
/// green than blue, purples and pinks more red than green.
fn looks_like_water([r, g, b]: [u8; 3]) -> bool {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    b > 90 && g >= r - 5 && b >= g - 10 && b >= r + 15
}

/// The separate pieces of land in a screenshot's board (pixels that touch along a side or
/// at a corner are one piece); pieces smaller than `min_area` pixels are left out.
fn land_pieces(picture: &Picture, min_area: usize) -> usize {
    // Coral Steps has shallows on all four edges, so the box is the whole board.
    let (x0, y0, x1, y1) = board_box(picture);
    let w = picture.width;
    let land = |x: usize, y: usize| !looks_like_water(picture.rgb[y * w + x]);
    let mut seen = vec![false; picture.rgb.len()];
    let mut pieces = 0;
    for y in y0..=y1 {
        for x in x0..=x1 {
            if seen[y * w + x] || !land(x, y) {
                continue;
            }
            let mut area = 0;
            let mut stack = vec![(x, y)];
            seen[y * w + x] = true;
            while let Some((px, py)) = stack.pop() {
                area += 1;
                for dy in -1i32..=1 {
                    for dx in -1i32..=1 {
                        let (nx, ny) = (px as i32 + dx, py as i32 + dy);
                        if nx < x0 as i32 || ny < y0 as i32 || nx > x1 as i32 || ny > y1 as i32 {
                            continue;
                        }
                        let (nx, ny) = (nx as usize, ny as usize);
                        if !seen[ny * w + nx] && land(nx, ny) {
                            seen[ny * w + nx] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            if area >= min_area {
                pieces += 1;
            }
        }
    }
    pieces
}

/// Coral Steps is a chequerboard: every island meets others only at corners. In the
/// real window (Xvfb in CI), a flood fill of land pixels must find each island on its own,
/// in both palettes, before and after a sand joins four of them.
#[test]
fn islands_meeting_at_corners_are_separate_in_a_screenshot() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("no display: run under xvfb-run (as ./test.sh does) to check the screenshot");
        return;
    }
    let level =
        merge_islands::level_files::read_level(&levels().join("chapter1/03-coral-steps.level.ron"))
            .unwrap();
    for (moves, blind) in [("", false), ("1,2", false), ("1,2", true)] {
        let mut board = level.board().unwrap();
        for mv in merge_islands::rules::moves::parse_move_list(moves) {
            board.apply(mv.unwrap()).unwrap();
        }
        let name = format!("corners-{}-{blind}", moves.replace(',', "_"));
        let picture = screenshot_of("Coral Steps", moves, blind, &name);
        assert_eq!(
            land_pieces(&picture, 200),
            board.island_count(),
            "moves {moves:?}, colour-blind {blind}: land pieces on screen against islands"
        );
    }
}

/// An island keeps its colour when the game is saved, quit and continued: the board after
/// Continue is the board before quitting, pixel for pixel (animations off, so the sea is
/// still). Three Clans has tribes, and its moves join islands, so colours are handed out
/// as the game goes.
#[test]
fn colours_stay_the_same_across_quit_and_continue() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("no display: run under xvfb-run (as ./test.sh does) to check the screenshot");
        return;
    }
    let dir = scratch("continue-colours");
    std::fs::write(
        dir.join("progress.ron"),
        "(levels: {}, settings: (volume: 0.3, muted: true, colour_blind: false, animation: Off, fullscreen: false))",
    )
    .unwrap();
    let moves = "5,6 0,1 5,0 0,0-4,0";
    let before = window_picture(
        &dir,
        &["--level", "Three Clans", "--moves", moves],
        "before.png",
    );
    assert!(
        dir.join("saved-game.ron").is_file(),
        "the game in play is kept"
    );
    let after = window_picture(&dir, &["--screen", "continue"], "after.png");
    let (x0, y0, x1, y1) = board_box(&before);
    assert_eq!(
        board_box(&after),
        (x0, y0, x1, y1),
        "the board in the same place"
    );
    let mut different = 0;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (a, b) = (
                before.rgb[y * before.width + x],
                after.rgb[y * after.width + x],
            );
            if a.iter().zip(b).any(|(a, b)| a.abs_diff(b) > 2) {
                different += 1;
            }
        }
    }
    assert_eq!(
        different, 0,
        "pixels of the board that changed across quit and Continue"
    );
}

/// Opening the X-ray view moves nothing: at 500x760 (no room beside the board, so its
/// panel stands on the bottom bar) the board is where it was, the same size, so the next
/// click lands on the cell that was under the pointer.
#[test]
fn the_xray_view_opens_without_moving_the_board() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!("no display: run under xvfb-run (as ./test.sh does) to check the screenshot");
        return;
    }
    let dir = scratch("xray-board-stays");
    let args = |screen| {
        [
            "--window",
            "500x760",
            "--level",
            "The Last Voyage",
            "--screen",
            screen,
        ]
    };
    let closed = window_picture(&dir, &args("title"), "closed.png");
    let open = window_picture(&dir, &args("xray"), "open.png");
    assert_eq!(board_box(&open), board_box(&closed));
}

/// Presses the button labelled `label` (as a click would: its `Interaction` turns Pressed).
fn press_button(app: &mut App, label: &str) {
    let mut texts = app.world_mut().query::<(&Text, &ChildOf)>();
    let button = texts
        .iter(app.world())
        .find(|(t, _)| t.0 == label)
        .map(|(_, parent)| parent.parent())
        .unwrap_or_else(|| panic!("no button {label:?}"));
    *app.world_mut().get_mut::<Interaction>(button).unwrap() = Interaction::Pressed;
    // The press, the screen change, and the sub-state settling.
    for _ in 0..3 {
        app.update();
    }
}

/// Settings opened from the pause panel returns to the same game: its moves and undo.
#[test]
fn settings_from_the_pause_panel_come_back_to_the_same_game() {
    let mut app = playing_first("pause-settings");
    act(&mut app, PlayerAction::Play("1,0-4,0".parse().unwrap()));
    app.world_mut()
        .resource_mut::<NextState<PlayPhase>>()
        .set(PlayPhase::Paused);
    app.update();
    app.update();
    press_button(&mut app, "Settings");
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Settings
    );
    press_button(&mut app, "Back");
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Playing
    );
    let active = app.world().resource::<ActiveSession>();
    assert_eq!(active.session.board().moves_made(), 1, "the move is kept");
    assert!(active.session.can_undo(), "and can be undone");
    assert_eq!(phase(&app), PlayPhase::Playing);
    assert_eq!(
        hud_stats(&mut app),
        "Moves 1 / par 3    Sand 4    Bridges 0    Islands 2    Score 3",
        "the HUD's counters are filled in at once, not left blank until the next move"
    );
}

/// Settings → About shows the version, the licences and the fonts' credits; Close takes it
/// away and "How it works" opens the guide.
#[test]
fn the_about_panel_names_the_version_and_credits_and_opens_how_it_works() {
    let dir = scratch("about");
    let mut app = app(&dir.join("progress.ron"));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Settings);
    app.update();
    app.update();
    assert!(!all_text(&mut app).contains("Version "));
    press_button(&mut app, "About");
    let shown = all_text(&mut app);
    for wanted in [
        format!("Version {}", merge_islands::about::VERSION_LINE),
        "MIT or Apache-2.0".to_string(),
        "DejaVu Sans".to_string(),
        "SIL Open Font Licence".to_string(),
    ] {
        assert!(
            shown.contains(&wanted),
            "{wanted:?} is not on the panel: {shown}"
        );
    }
    press_button(&mut app, "Close");
    assert!(!all_text(&mut app).contains("Version "));
    press_button(&mut app, "About");
    press_button(&mut app, "How it works");
    assert_eq!(screen(&app), Screen::Playing);
    assert!(
        app.world()
            .resource::<merge_islands::game::play::xray::XRay>()
            .open,
        "the guide opens with the X-ray view"
    );
}

#[test]
fn next_level_after_a_win_opens_the_following_campaign_level() {
    let dir = scratch("next");
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, FIRST);
    for m in ["1,0-4,0", "0,2", "0,3"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    assert_eq!(phase(&app), PlayPhase::Won);
    press_button(&mut app, "Next level");
    let active = app.world().resource::<ActiveSession>();
    assert_eq!(active.key, "chapter1/02-shallows.level.ron");
    assert_eq!(active.session.board().moves_made(), 0);
    assert_eq!(phase(&app), PlayPhase::Playing);
    let mut tiles = app.world_mut().query::<&Tile>();
    let (w, h) = {
        let b = app.world().resource::<ActiveSession>().session.board();
        (b.width(), b.height())
    };
    assert_eq!(
        tiles.iter(app.world()).count(),
        w * h,
        "only the new level's tiles"
    );
}

/// The solver's moves for the level in play.
fn solution_in_play(app: &App) -> Vec<Move> {
    let level = app
        .world()
        .resource::<ActiveSession>()
        .session
        .level()
        .clone();
    let solution = merge_islands::rules::solver::solve(&level.board().unwrap(), Default::default());
    let merge_islands::rules::solver::Outcome::Solved { moves } = solution.outcome else {
        panic!("generated levels are solvable")
    };
    moves
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Every text on screen, joined (to find a line).
fn all_text(app: &mut App) -> String {
    let mut q = app.world_mut().query::<&Text>();
    q.iter(app.world())
        .map(|t| t.0.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn endless_mode_starts_from_the_title_and_goes_on_after_a_win() {
    let dir = scratch("endless");
    let mut app = app(&dir.join("progress.ron"));
    press_button(&mut app, "Endless");
    assert_eq!(screen(&app), Screen::Playing);
    let key = app.world().resource::<ActiveSession>().key.clone();
    assert!(key.starts_with("endless/") && key.ends_with("/0"), "{key}");
    // Win it with the solver's moves, then go on to round 2.
    for m in solution_in_play(&app) {
        act(&mut app, PlayerAction::Play(m));
    }
    assert_eq!(phase(&app), PlayPhase::Won);
    let score = app.world().resource::<WinSummary>().total;
    let text = all_text(&mut app);
    assert!(text.contains("Round 1 complete!"), "{text}");
    assert!(text.contains(&format!("Run total  {score}")), "{text}");
    assert!(
        !text.contains("Level select"),
        "the way on is Next round: {text}"
    );
    let record = app.world().resource::<Progress>().endless;
    assert_eq!((record.best_round, record.best_total), (1, score));
    press_button(&mut app, "Next round");
    let key = app.world().resource::<ActiveSession>().key.clone();
    assert!(key.ends_with("/1"), "{key}");
    assert_eq!(phase(&app), PlayPhase::Playing);
    assert_eq!(app.world().resource::<EndlessRun>().total, score);
}

/// Moves made, the level left by the menu, then Continue: the same moves, and undo takes
/// them back. A new start of the game (quit and come back) finds them too.
#[test]
fn a_level_left_by_the_menu_continues_with_its_moves_and_undo() {
    let dir = scratch("resume");
    let path = dir.join("progress.ron");
    let mut app = app(&path);
    open_level(&mut app, FIRST);
    for m in ["1,0-4,0", "0,2"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    let before: Vec<Move> = app
        .world()
        .resource::<ActiveSession>()
        .session
        .moves()
        .to_vec();
    app.world_mut()
        .resource_mut::<NextState<PlayPhase>>()
        .set(PlayPhase::Paused);
    app.update();
    app.update();
    press_button(&mut app, "Quit to menu");
    assert_eq!(screen(&app), Screen::Title);
    assert!(dir.join("saved-game.ron").is_file(), "kept on disk");
    press_button(&mut app, "Continue: First Crossing (2 moves)");
    assert_eq!(screen(&app), Screen::Playing);
    let active = app.world().resource::<ActiveSession>();
    assert_eq!(active.key, FIRST);
    assert_eq!(active.session.moves(), &before[..]);
    assert_eq!(
        hud_stats(&mut app).split("    ").next(),
        Some("Moves 2 / par 3")
    );
    act(&mut app, PlayerAction::Undo);
    assert_eq!(
        moves_made(&app),
        1,
        "undo reaches the moves made before leaving"
    );
    // Quit (a new start of the game): the level select offers it too.
    drop(app);
    let mut again = self::app(&path);
    press_button(&mut again, "Play");
    assert_eq!(screen(&again), Screen::LevelSelect);
    press_button(&mut again, "Continue: First Crossing (1 move)");
    assert_eq!(moves_made(&again), 1);
    assert!(again.world().resource::<ActiveSession>().session.can_undo());
    // Winning clears it: nothing left to continue.
    for m in ["0,2", "0,3"] {
        act(&mut again, PlayerAction::Play(m.parse().unwrap()));
    }
    assert_eq!(phase(&again), PlayPhase::Won);
    assert!(!dir.join("saved-game.ron").exists());
    assert!(again.world().resource::<SavedGame>().saved.is_none());
}

/// The level select's Continue button keeps its place while there is nothing to
/// continue (hidden, still laid out), so Open a code and Back never move under a click
/// when it appears.
#[test]
fn the_level_select_keeps_its_buttons_in_place_when_continue_appears() {
    let dir = scratch("select-buttons");
    let mut app = app(&dir.join("progress.ron"));
    let continue_button = |app: &mut App| {
        let mut query = app
            .world_mut()
            .query_filtered::<(&Node, &Visibility), (With<ContinueButton>, With<KeepsItsPlace>)>();
        let (node, visibility) = query.single(app.world()).unwrap();
        (node.display, *visibility)
    };
    press_button(&mut app, "Play");
    assert_eq!(screen(&app), Screen::LevelSelect);
    assert_eq!(
        continue_button(&mut app),
        (Display::Flex, Visibility::Hidden),
        "laid out but not shown"
    );
    open_level(&mut app, FIRST);
    act(&mut app, PlayerAction::Play("0,2".parse().unwrap()));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::LevelSelect);
    app.update();
    app.update();
    assert_eq!(
        continue_button(&mut app),
        (Display::Flex, Visibility::Inherited)
    );
}

/// No text is drawn below 12 px in small windows: at 360x640, 500x760 and 800x600, on
/// the title, the level select, a level, Settings and Statistics, the smallest font size
/// times the UI scale.
#[test]
fn no_text_is_smaller_than_twelve_pixels_in_small_windows() {
    use bevy::window::{PrimaryWindow, WindowResolution};
    for (width, height) in [(360, 640), (500, 760), (800, 600)] {
        let dir = scratch(&format!("small-text-{width}"));
        let mut app = app(&dir.join("progress.ron"));
        app.world_mut().spawn((
            Window {
                resolution: WindowResolution::new(width, height),
                ..default()
            },
            PrimaryWindow,
        ));
        let smallest = |app: &mut App, screen: &str| {
            for _ in 0..3 {
                app.update();
            }
            let scale = app.world().resource::<UiScale>().0;
            let mut q = app.world_mut().query::<(&Text, &TextFont)>();
            let (text, size) = q
                .iter(app.world())
                .filter(|(t, _)| !t.0.trim().is_empty())
                .map(|(t, f)| match f.font_size {
                    bevy::text::FontSize::Px(px) => (t.0.clone(), px * scale),
                    other => panic!("{:?} sized {other:?}", t.0),
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert!(
                size >= 11.99,
                "{width}x{height}, {screen}: {text:?} drawn at {size:.1} px"
            );
        };
        smallest(&mut app, "title");
        for (screen, name) in [
            (Screen::LevelSelect, "level select"),
            (Screen::Settings, "settings"),
            (Screen::Statistics, "statistics"),
        ] {
            app.world_mut()
                .resource_mut::<NextState<Screen>>()
                .set(screen);
            smallest(&mut app, name);
        }
        open_level(&mut app, FIRST);
        smallest(&mut app, "a level");
    }
}

/// The title has "Open a code" too: it opens the code's field over the level select.
#[test]
fn open_a_code_on_the_title_opens_the_code_field() {
    use merge_islands::game::screens::level_select::CodeField;
    let dir = scratch("title-code");
    let mut app = app(&dir.join("progress.ron"));
    press_button(&mut app, "Open a code");
    app.update();
    assert_eq!(screen(&app), Screen::LevelSelect);
    assert!(
        app.world().get_resource::<CodeField>().is_some(),
        "the field is open"
    );
}

#[test]
fn a_corrupt_saved_game_is_set_aside_and_the_title_says_so() {
    let dir = scratch("resume-corrupt");
    std::fs::write(dir.join("saved-game.ron"), "SavedPlay(key: ").unwrap();
    let mut app = app(&dir.join("progress.ron"));
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    assert!(dir.join("saved-game.ron.corrupt").is_file());
    let text = all_text(&mut app);
    assert!(
        text.contains("The game you left could not be read"),
        "{text}"
    );
    assert!(!text.contains("Continue"), "{text}");
}

/// The daily puzzle: its own name and tip, par 6 to 10; solving it keeps the result, the
/// title's card says so, reopening shows the result, and Share copies a line.
#[test]
fn the_daily_puzzle_is_kept_once_solved_and_reopens_on_its_result() {
    let dir = scratch("daily");
    let path = dir.join("progress.ron");
    let mut app = app(&path);
    press_button(&mut app, "Daily puzzle");
    assert_eq!(screen(&app), Screen::Playing);
    let date = app.world().resource::<DailyPuzzle>().date.clone();
    let active = app.world().resource::<ActiveSession>();
    assert_eq!(active.key, format!("daily/{date}"));
    let level = active.session.level().clone();
    assert_eq!(level.name, format!("Daily puzzle {date}"));
    assert!((6..=10).contains(&level.par), "par {}", level.par);
    let moves = solution_in_play(&app);
    for &m in &moves {
        act(&mut app, PlayerAction::Play(m));
    }
    assert_eq!(phase(&app), PlayPhase::Won);
    let result = app.world().resource::<Progress>().daily[&date].clone();
    assert_eq!(
        (result.stars, result.moves, result.par),
        (3, moves.len() as u32, level.par)
    );
    let text = all_text(&mut app);
    assert!(
        text.contains("Daily puzzle solved!") && text.contains("Streak  1 day"),
        "{text}"
    );
    assert!(text.contains("Yesterday: not solved"), "{text}");
    press_button(&mut app, "Share");
    let text = all_text(&mut app);
    let line = format!(
        "Merge Islands daily {date}: 3 stars, {} moves (par {})",
        moves.len(),
        level.par
    );
    // Copied, or (without a system clipboard here) the line and why it was not.
    assert!(text.contains(&line), "{text}");
    // Seeing the result again leaves a game left unfinished where it was.
    press_button(&mut app, "Menu");
    open_level(&mut app, FIRST);
    act(&mut app, PlayerAction::Play("0,2".parse().unwrap()));
    press(&mut app, KeyCode::Escape);
    press_button(&mut app, "Quit to menu");
    // The saved progress has it; a fresh game's title says so; opening it shows the result.
    drop(app);
    let mut again = self::app(&path);
    let card = format!("Solved today: 3 stars, {} moves", moves.len());
    assert!(all_text(&mut again).contains(&card));
    press_button(&mut again, "Daily puzzle");
    again.update();
    assert_eq!(phase(&again), PlayPhase::Won);
    assert_eq!(
        again.world().resource::<ActiveSession>().session.moves(),
        &moves[..]
    );
    assert!(all_text(&mut again).contains("Share"));
    let left = again.world().resource::<SavedGame>().saved.clone().unwrap();
    assert_eq!((left.key.as_str(), left.moves), (FIRST, 1));
    // Played again, the first result stands.
    press_button(&mut again, "Play again");
    assert_eq!(phase(&again), PlayPhase::Playing);
    assert_eq!(moves_made(&again), 0);
}

#[test]
fn the_statistics_screen_opens_from_the_title_and_shows_the_records() {
    let dir = scratch("statistics");
    let mut app = app(&dir.join("progress.ron"));
    open_level(&mut app, FIRST);
    for m in ["1,0-4,0", "0,2", "0,3"] {
        act(&mut app, PlayerAction::Play(m.parse().unwrap()));
    }
    let record = app.world().resource::<Progress>().record(FIRST);
    assert!(
        record.best_time_ms > 0 && record.time_ms >= record.best_time_ms,
        "{record:?}"
    );
    let text = all_text(&mut app);
    assert!(
        text.contains("Time 0:0"),
        "the won panel says the time: {text}"
    );
    press_button(&mut app, "Level select");
    press_button(&mut app, "Back");
    press_button(&mut app, "Statistics");
    assert_eq!(screen(&app), Screen::Statistics);
    let count = app.world().resource::<Campaign>().in_order().count();
    let text = all_text(&mut app);
    for part in [
        "Levels won".to_string(),
        format!("1 / {count}"),
        "Daily puzzle".into(),
        "Best streak".into(),
        "Furthest round".into(),
        "Computer (hard)".into(),
    ] {
        assert!(text.contains(&part), "{part}: {text}");
    }
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

mod conquest {
    use super::*;
    use merge_islands::conquest::Player;
    use merge_islands::conquest::ai::Strength;
    use merge_islands::game::conquest_screen::{
        ConquestClaim, ConquestMatch, ConquestPhase, ConquestSetup, IslandEmblem, emblem_places,
        player_colour, result_against_the_computer,
    };
    use merge_islands::game::progress::ConquestResult;

    fn conquest_phase(app: &App) -> ConquestPhase {
        *app.world().resource::<State<ConquestPhase>>().get()
    }

    fn start(name: &str, setup: ConquestSetup) -> App {
        let dir = scratch(name);
        let mut app = app(&dir.join("progress.ron"));
        press_button(&mut app, "Island Conquest");
        assert_eq!(conquest_phase(&app), ConquestPhase::Setup);
        *app.world_mut().resource_mut::<ConquestSetup>() = setup;
        press_button(&mut app, "Start");
        assert_eq!(conquest_phase(&app), ConquestPhase::Playing);
        app
    }

    fn claim(app: &mut App, r: usize, c: usize) {
        app.world_mut().write_message(ConquestClaim(Pos::new(r, c)));
        app.update();
        app.update();
    }

    /// The colour of the sprite drawn at a cell.
    fn colour_at(app: &mut App, p: Pos) -> Color {
        let layout = *app
            .world()
            .resource::<merge_islands::game::ui::board_layout::BoardLayout>();
        let centre = layout.centre(p);
        let mut q = app.world_mut().query::<(&Sprite, &Transform)>();
        q.iter(app.world())
            .find(|(_, t)| t.translation.truncate() == centre && t.translation.z == 0.0)
            .map(|(s, _)| s.color)
            .unwrap()
    }

    /// The emblems on the board: one per island, with its owner.
    fn emblems(app: &mut App) -> Vec<IslandEmblem> {
        let mut q = app.world_mut().query::<&IslandEmblem>();
        let mut all: Vec<IslandEmblem> = q.iter(app.world()).copied().collect();
        all.sort_by_key(|e| (e.at.row, e.at.col));
        all
    }

    #[test]
    fn two_players_capture_in_the_original_order_and_undo() {
        let mut app = start(
            "conquest-two",
            ConquestSetup {
                size: 4,
                computer: None,
                computer_first: false,
                online: None,
            },
        );
        for (r, c) in [(1, 0), (1, 2), (3, 3), (1, 3), (1, 1)] {
            claim(&mut app, r, c);
        }
        let m = app.world().resource::<ConquestMatch>();
        assert_eq!(m.game.rows()[1], "OOOO");
        assert!(
            m.log.iter().any(|l| l == "O captures X's island, 2 vs 1"),
            "{:?}",
            m.log
        );
        assert!(
            m.log.iter().any(|l| l == "O captures X's island, 3 vs 1"),
            "{:?}",
            m.log
        );
        for c in 0..4 {
            assert_eq!(
                colour_at(&mut app, Pos::new(1, c)),
                player_colour(Player::O)
            );
        }
        assert_eq!(
            colour_at(&mut app, Pos::new(3, 3)),
            player_colour(Player::X)
        );
        // One emblem per island, its owner's: O's row and X's corner.
        let m = app.world().resource::<ConquestMatch>();
        let expected = emblem_places(&m.game);
        assert_eq!(expected.len(), 2);
        assert_eq!(emblems(&mut app), expected);
        // A taken cell is refused and the same player moves again.
        claim(&mut app, 1, 1);
        let m = app.world().resource::<ConquestMatch>();
        assert_eq!(m.game.to_move(), Player::O);
        assert!(m.log.last().unwrap().contains("already taken"));
        press(&mut app, KeyCode::KeyZ);
        let m = app.world().resource::<ConquestMatch>();
        assert_eq!(m.game.rows()[1], "X.OO", "undo gives X's island back");
        let owners: Vec<Player> = emblems(&mut app).iter().map(|e| e.owner).collect();
        assert_eq!(
            owners.iter().filter(|&&o| o == Player::X).count(),
            2,
            "X's two islands each carry X's emblem after the take-back: {owners:?}"
        );
        assert_eq!(
            colour_at(&mut app, Pos::new(1, 0)),
            player_colour(Player::X)
        );
        assert_eq!(
            colour_at(&mut app, Pos::new(1, 1)),
            merge_islands::game::conquest_screen::EMPTY
        );
    }

    #[test]
    fn the_computer_answers_a_claim() {
        let mut app = start(
            "conquest-cpu",
            ConquestSetup {
                size: 5,
                computer: Some(Strength::Hard),
                computer_first: false,
                online: None,
            },
        );
        claim(&mut app, 2, 2);
        for _ in 0..60 {
            if app.world().resource::<ConquestMatch>().game.to_move() == Player::X {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            app.update();
        }
        let g = &app.world().resource::<ConquestMatch>().game;
        assert_eq!(g.to_move(), Player::X, "the computer (O) has moved");
        assert_eq!(g.empty_cells(), 23);
    }

    /// A game against the computer ends in the records, under the computer's strength.
    #[test]
    fn a_finished_game_against_the_computer_is_recorded_by_strength() {
        let mut app = start(
            "conquest-record",
            ConquestSetup {
                size: 2,
                computer: Some(Strength::Easy),
                computer_first: false,
                online: None,
            },
        );
        for _ in 0..200 {
            if conquest_phase(&app) == ConquestPhase::Over {
                break;
            }
            let m = app.world().resource::<ConquestMatch>();
            let free = (0..4)
                .map(|i| Pos::new(i / 2, i % 2))
                .find(|&p| m.game.owner_at(p).is_none());
            if let Some(free) = free.filter(|_| m.game.to_move() == Player::X) {
                claim(&mut app, free.row, free.col);
            } else {
                std::thread::sleep(std::time::Duration::from_millis(20));
                app.update();
            }
        }
        assert_eq!(conquest_phase(&app), ConquestPhase::Over);
        let (strength, result) =
            result_against_the_computer(app.world().resource::<ConquestMatch>()).unwrap();
        assert_eq!(strength, Strength::Easy);
        let record = app.world().resource::<Progress>().conquest;
        let easy = record.easy;
        assert_eq!(easy.wins + easy.losses + easy.ties, 1, "{record:?}");
        let counted = match result {
            ConquestResult::Won => easy.wins,
            ConquestResult::Lost => easy.losses,
            ConquestResult::Tie => easy.ties,
        };
        assert_eq!(counted, 1);
        assert_eq!(record.hard, Default::default());
    }

    #[test]
    fn a_full_grid_ends_the_game_and_a_rematch_starts_afresh() {
        let mut app = start(
            "conquest-over",
            ConquestSetup {
                size: 2,
                computer: None,
                computer_first: false,
                online: None,
            },
        );
        for (r, c) in [(0, 0), (1, 1), (0, 1), (1, 0)] {
            claim(&mut app, r, c);
        }
        assert_eq!(conquest_phase(&app), ConquestPhase::Over);
        press_button(&mut app, "Rematch");
        assert_eq!(conquest_phase(&app), ConquestPhase::Playing);
        assert_eq!(
            app.world().resource::<ConquestMatch>().game.empty_cells(),
            4
        );
        assert_eq!(
            colour_at(&mut app, Pos::new(0, 0)),
            merge_islands::game::conquest_screen::EMPTY
        );
    }

    /// A capture runs through the captured island as a wave from the claimed cell: the
    /// claimed cell turns at once, the far end of the island later.
    #[test]
    fn a_capture_runs_as_a_wave_from_the_claimed_cell() {
        let mut app = start(
            "conquest-wave",
            ConquestSetup {
                size: 6,
                computer: None,
                computer_first: false,
                online: None,
            },
        );
        // O builds a row of four along the top, X a row of five two rows down, and O wastes
        // a claim far away; then X's claim at (1,0) joins X's row (6 cells) to O's (4),
        // which it captures.
        for (r, c) in [
            (2, 0),
            (0, 0),
            (2, 1),
            (0, 1),
            (2, 2),
            (0, 2),
            (2, 3),
            (0, 3),
            (2, 4),
        ] {
            claim(&mut app, r, c);
        }
        claim(&mut app, 5, 5);
        app.world_mut().resource_mut::<Settings>().animation = AnimationSpeed::Normal;
        app.world_mut().write_message(ConquestClaim(Pos::new(1, 0)));
        app.update();
        app.update();
        let x = player_colour(Player::X);
        let o = player_colour(Player::O);
        assert_eq!(
            app.world().resource::<ConquestMatch>().game.rows()[0],
            "XXXX.."
        );
        assert_eq!(
            colour_at(&mut app, Pos::new(1, 0)),
            x,
            "the claimed cell at once"
        );
        assert_eq!(
            colour_at(&mut app, Pos::new(0, 3)),
            o,
            "the far end of the captured island waits for the wave"
        );
        for _ in 0..40 {
            std::thread::sleep(std::time::Duration::from_millis(25));
            app.update();
        }
        for c in 0..4 {
            assert_eq!(
                colour_at(&mut app, Pos::new(0, c)),
                x,
                "column {c} after the wave"
            );
        }
    }

    /// The frame around the board and the lit chip say whose turn it is; the chips count
    /// each player's islands and cells.
    #[test]
    fn the_frame_and_the_chips_say_whose_turn_it_is_and_the_tally() {
        use merge_islands::game::conquest_screen::{ConquestChip, ConquestFrame, chip_text};
        let mut app = start(
            "conquest-frame",
            ConquestSetup {
                size: 5,
                computer: None,
                computer_first: false,
                online: None,
            },
        );
        let frame = |app: &mut App| {
            let mut q = app
                .world_mut()
                .query_filtered::<&Sprite, With<ConquestFrame>>();
            q.single(app.world()).unwrap().color
        };
        assert_eq!(frame(&mut app), player_colour(Player::X));
        claim(&mut app, 0, 0);
        assert_eq!(frame(&mut app), player_colour(Player::O));
        claim(&mut app, 4, 4);
        claim(&mut app, 0, 1);
        let lit: Vec<Player> = {
            let mut q = app.world_mut().query::<(&ConquestChip, &BorderColor)>();
            q.iter(app.world())
                .filter(|(_, b)| b.top != Color::NONE)
                .map(|(c, _)| c.0)
                .collect()
        };
        assert_eq!(lit, vec![Player::O], "O's chip is lit on O's turn");
        let texts: Vec<String> = {
            let mut q = app.world_mut().query::<&Text>();
            q.iter(app.world()).map(|t| t.0.clone()).collect()
        };
        let m = app.world().resource::<ConquestMatch>();
        assert_eq!(chip_text(m, Player::X), "X  ·  1 island  ·  2 cells");
        assert!(texts.contains(&chip_text(m, Player::X)), "{texts:?}");
        assert!(texts.contains(&chip_text(m, Player::O)), "{texts:?}");
    }

    /// A newcomer's first game is against the easy computer with coach marks on the
    /// player's first claims; the coach then leaves them to it.
    #[test]
    fn a_newcomers_first_game_is_easy_and_coached() {
        use merge_islands::game::conquest_screen::{ConquestCoach, coached_claim};
        use merge_islands::game::play::coach::CoachGlow;
        let dir = scratch("conquest-coach");
        let mut app = app(&dir.join("progress.ron"));
        press_button(&mut app, "Island Conquest");
        assert_eq!(
            *app.world().resource::<ConquestSetup>(),
            ConquestSetup::first_game()
        );
        press_button(&mut app, "Start");
        let glow = |app: &mut App| {
            let mut q = app.world_mut().query::<&CoachGlow>();
            q.iter(app.world()).map(|g| g.0).collect::<Vec<Pos>>()
        };
        for turn in 0..8 {
            // Wait for the player's turn.
            for _ in 0..200 {
                let m = app.world().resource::<ConquestMatch>();
                if m.game.is_over() || !m.computer_to_move() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
                app.update();
            }
            app.update();
            let m = app.world().resource::<ConquestMatch>();
            if m.game.is_over() {
                break;
            }
            let wanted = coached_claim(&m.game).unwrap();
            let coach = *app.world().resource::<ConquestCoach>();
            if turn < 5 {
                assert!(coach.on);
                assert_eq!(glow(&mut app), vec![wanted], "turn {turn}");
            } else {
                assert!(glow(&mut app).is_empty(), "turn {turn}: the coach has left");
            }
            claim(&mut app, wanted.row, wanted.col);
        }
    }

    /// After a game against the computer, Swap sides starts a new one with the other side
    /// moving first.
    #[test]
    fn swap_sides_starts_a_rematch_with_the_other_side_first() {
        let mut app = start(
            "conquest-swap",
            ConquestSetup {
                size: 2,
                computer: Some(Strength::Easy),
                computer_first: false,
                online: None,
            },
        );
        for _ in 0..200 {
            if conquest_phase(&app) == ConquestPhase::Over {
                break;
            }
            let m = app.world().resource::<ConquestMatch>();
            let free = (0..4)
                .map(|i| Pos::new(i / 2, i % 2))
                .find(|&p| m.game.owner_at(p).is_none());
            if let Some(free) = free.filter(|_| !m.computer_to_move()) {
                claim(&mut app, free.row, free.col);
            } else {
                std::thread::sleep(std::time::Duration::from_millis(10));
                app.update();
            }
        }
        assert_eq!(conquest_phase(&app), ConquestPhase::Over);
        press_button(&mut app, "Swap sides");
        assert_eq!(conquest_phase(&app), ConquestPhase::Playing);
        let m = app.world().resource::<ConquestMatch>();
        assert!(m.setup.computer_first);
        assert_eq!(m.claims(), 0);
    }
}

/// Island Conquest against a friend online: two headless games meet through a matchbox
/// signalling server on this machine and play over WebRTC. They need the server binary
/// (`scripts/conquest-server.sh --install`; `MATCHBOX_SERVER` names it, else it is looked
/// for on PATH), so they are run by `./test.sh`: `cargo test --test game -- --ignored online`.
mod online {
    use super::*;
    use merge_islands::conquest::Player;
    use merge_islands::conquest::ai::{Dice, Strength, choose};
    use merge_islands::conquest::online::OnlineMessage;
    use merge_islands::game::conquest_screen::{
        ConquestClaim, ConquestMatch, ConquestPhase, ConquestSetup, OnlineRequest, OnlineRoom,
        RoomState, send_to_friend,
    };
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// A signalling server on a free port of 127.0.0.1, stopped when dropped.
    struct Server {
        child: Child,
        url: String,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start_server() -> Server {
        let binary = std::env::var("MATCHBOX_SERVER").unwrap_or_else(|_| "matchbox_server".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(&binary)
            .arg(&address)
            .env_remove("HOST")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start {binary} ({e}): run scripts/conquest-server.sh --install")
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the signalling server did not listen on {address}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            child,
            url: format!("ws://{address}"),
        }
    }

    fn phase(app: &App) -> ConquestPhase {
        *app.world().resource::<State<ConquestPhase>>().get()
    }

    /// A game on the online lobby, meeting friends through `server`, with a grid of `size`.
    fn in_the_lobby(name: &str, server: &str, size: usize) -> App {
        let dir = scratch(name);
        let mut app = app(&dir.join("progress.ron"));
        app.world_mut().resource_mut::<Progress>().online_server = Some(server.to_string());
        press_button(&mut app, "Island Conquest");
        app.world_mut().resource_mut::<ConquestSetup>().size = size;
        press_button(&mut app, "Play a friend online");
        assert_eq!(phase(&app), ConquestPhase::Lobby);
        app
    }

    /// Updates both games until `done` holds, or fails after `seconds`.
    fn run_both_until(
        a: &mut App,
        b: &mut App,
        seconds: u64,
        what: &str,
        done: impl Fn(&App, &App) -> bool,
    ) {
        let started = Instant::now();
        while !done(a, b) {
            assert!(
                started.elapsed() < Duration::from_secs(seconds),
                "{what}: not within {seconds} s (A: {:?}, B: {:?})",
                a.world()
                    .get_resource::<OnlineRoom>()
                    .map(|r| r.state.clone()),
                b.world()
                    .get_resource::<OnlineRoom>()
                    .map(|r| r.state.clone()),
            );
            a.update();
            b.update();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Two games in one room, both playing its first game.
    fn meet(server: &Server, name: &str, size: usize) -> (App, App) {
        let mut a = in_the_lobby(&format!("{name}-a"), &server.url, size);
        let mut b = in_the_lobby(&format!("{name}-b"), &server.url, 3);
        a.world_mut().write_message(OnlineRequest::Create);
        a.update();
        let code = a.world().resource::<OnlineRoom>().code.clone();
        assert_eq!(code.len(), 5, "{code}");
        b.world_mut()
            .write_message(OnlineRequest::Join(code.to_lowercase()));
        run_both_until(&mut a, &mut b, 60, "both sides playing", |a, b| {
            phase(a) == ConquestPhase::Playing && phase(b) == ConquestPhase::Playing
        });
        (a, b)
    }

    fn game_of(app: &App) -> &ConquestMatch {
        app.world().resource::<ConquestMatch>()
    }

    /// The side to move claims what the easy computer would; both games update until the
    /// other side has the claim too.
    fn play_one_claim(a: &mut App, b: &mut App, dice: &mut Dice) {
        let claims = game_of(a).claims();
        let mover = if game_of(a).local_turn() {
            &mut *a
        } else {
            &mut *b
        };
        let mut game = game_of(mover).game.clone();
        let p = choose(&mut game, Strength::Easy, dice).expect("an empty cell");
        mover.world_mut().write_message(ConquestClaim(p));
        run_both_until(a, b, 30, "a claim reaching the other side", |a, b| {
            game_of(a).claims() == claims + 1 && game_of(b).claims() == claims + 1
        });
    }

    #[test]
    #[ignore = "needs matchbox_server; ./test.sh runs it"]
    fn online_two_games_play_a_whole_game_to_the_same_end() {
        let server = start_server();
        let (mut a, mut b) = meet(&server, "online-whole", 5);
        // The creator's grid and sides: A plays X and moves first, B plays O.
        assert_eq!(game_of(&b).game.size(), 5);
        assert_eq!(game_of(&a).setup.online, Some(Player::X));
        assert_eq!(game_of(&b).setup.online, Some(Player::O));
        let mut dice = Dice(7);
        play_one_claim(&mut a, &mut b, &mut dice);
        // Z takes nothing back online: the friend's game has the claim too.
        press(&mut a, KeyCode::KeyZ);
        assert_eq!(game_of(&a).claims(), 1);
        // A claim out of turn from B's side (it is B's turn... so A sends one) is refused and
        // reported, never applied.
        assert!(!game_of(&a).local_turn());
        let before = game_of(&b).game.rows();
        let free = game_of(&a).game.empty().next().unwrap();
        send_to_friend(
            a.world_mut(),
            OnlineMessage::Claim {
                game: 1,
                number: 1,
                row: free.row,
                col: free.col,
            },
        );
        run_both_until(&mut a, &mut b, 20, "the refusal", |_, b| {
            !b.world().resource::<OnlineRoom>().notes.is_empty()
        });
        assert_eq!(game_of(&b).game.rows(), before, "nothing applied");
        assert!(
            game_of(&b).log.last().unwrap().contains("out of turn"),
            "{:?}",
            game_of(&b).log
        );
        while !game_of(&a).game.is_over() {
            play_one_claim(&mut a, &mut b, &mut dice);
        }
        assert!(game_of(&b).game.is_over());
        assert_eq!(game_of(&a).game.rows(), game_of(&b).game.rows());
        run_both_until(&mut a, &mut b, 10, "both games over", |a, b| {
            phase(a) == ConquestPhase::Over && phase(b) == ConquestPhase::Over
        });
        // Both ask for a rematch: game 2 starts with the sides swapped.
        a.world_mut().write_message(OnlineRequest::Rematch);
        b.world_mut().write_message(OnlineRequest::Rematch);
        run_both_until(&mut a, &mut b, 20, "the rematch", |a, b| {
            phase(a) == ConquestPhase::Playing
                && phase(b) == ConquestPhase::Playing
                && game_of(a).claims() == 0
                && game_of(b).claims() == 0
        });
        assert_eq!(game_of(&a).setup.online, Some(Player::O));
        assert_eq!(game_of(&b).setup.online, Some(Player::X));
    }

    #[test]
    #[ignore = "needs matchbox_server; ./test.sh runs it"]
    fn online_a_friend_who_leaves_is_reported_and_the_game_can_be_finished() {
        let server = start_server();
        let (mut a, mut b) = meet(&server, "online-left", 4);
        let mut dice = Dice(3);
        for _ in 0..3 {
            play_one_claim(&mut a, &mut b, &mut dice);
        }
        // B's game goes away mid-game, socket and all.
        drop(b);
        let started = Instant::now();
        while !matches!(a.world().resource::<OnlineRoom>().state, RoomState::Left(_)) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "A was not told that B left"
            );
            a.update();
            std::thread::sleep(Duration::from_millis(10));
        }
        let claims = game_of(&a).claims();
        a.world_mut()
            .write_message(OnlineRequest::FinishAgainstTheComputer);
        a.update();
        assert!(game_of(&a).setup.computer.is_some());
        // The game goes on: A claims when it is A's turn, the computer answers.
        let started = Instant::now();
        while game_of(&a).claims() < claims + 2 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the game stalled"
            );
            if game_of(&a).local_turn() {
                let mut game = game_of(&a).game.clone();
                let p = choose(&mut game, Strength::Easy, &mut dice).unwrap();
                a.world_mut().write_message(ConquestClaim(p));
            }
            a.update();
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// A room code that is not one is said, and nothing is opened.
    #[test]
    fn online_a_bad_room_code_is_said_in_words() {
        let mut app = in_the_lobby("online-bad-code", "ws://127.0.0.1:9", 4);
        app.world_mut()
            .write_message(OnlineRequest::Join("AB1".into()));
        app.update();
        let room = app.world().resource::<OnlineRoom>();
        assert!(
            matches!(&room.state, RoomState::Failed(why) if why.contains("not in room codes")),
            "{:?}",
            room.state
        );
    }

    /// A server nobody runs is said, not waited on for ever.
    #[test]
    fn online_a_server_that_does_not_answer_is_said() {
        let mut app = in_the_lobby("online-no-server", "ws://127.0.0.1:9", 4);
        app.world_mut().write_message(OnlineRequest::Create);
        let started = Instant::now();
        loop {
            app.update();
            let room = app.world().resource::<OnlineRoom>();
            if let RoomState::Failed(why) = &room.state {
                assert!(why.contains("Could not reach"), "{why}");
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "still {:?}",
                room.state
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The level editor and live level files.
mod editor {
    use super::*;
    use bevy::asset::AssetPlugin;
    use bevy::window::WindowEvent;
    use merge_islands::game::editor::{Editing, EditorButton, OpenEditor};
    use merge_islands::game::level_store::{LevelsFolder, UserLevelsFolder};
    use merge_islands::game::live_levels::{LiveNotice, add_levels_source};
    use merge_islands::game::play::model::TestPlay;
    use merge_islands::level_files::read_level;
    use merge_islands::{Cell, Level};
    use std::time::{Duration, Instant};

    /// A game whose levels folder (where the editor saves) is `folder`.
    /// A game whose levels folder is `folder`, and whose player's own levels go into
    /// `folder/mine` (as the data folder's `levels/` would hold them).
    fn app_saving_into(folder: &Path) -> App {
        let mut app = App::new();
        app.insert_resource(LevelsFolder(folder.to_path_buf()));
        app.insert_resource(UserLevelsFolder(folder.join("mine")));
        app.add_plugins((MinimalPlugins, StatesPlugin, GamePlugin))
            .init_resource::<ButtonInput<KeyCode>>()
            .init_resource::<ButtonInput<MouseButton>>()
            .init_resource::<Touches>()
            .insert_resource(ProgressLocation::File(folder.join("progress.ron")))
            .insert_resource(Campaign::load(&levels()));
        app.update();
        app
    }

    fn screen(app: &App) -> Screen {
        *app.world().resource::<State<Screen>>().get()
    }

    fn press_button(app: &mut App, wanted: EditorButton) {
        let mut q = app.world_mut().query::<(Entity, &EditorButton)>();
        let entity = q
            .iter(app.world())
            .find(|(_, b)| **b == wanted)
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("no {wanted:?} button"));
        app.world_mut()
            .entity_mut(entity)
            .insert(Interaction::Pressed);
        app.update();
        // The button may be gone with its screen.
        if let Ok(mut button) = app.world_mut().get_entity_mut(entity) {
            button.insert(Interaction::None);
        }
        app.update();
        app.update();
    }

    fn editing(app: &mut App) -> Mut<'_, Editing> {
        app.world_mut().resource_mut::<Editing>()
    }

    /// Runs frames until the background problem check has looked at the current draft.
    fn wait_for_check(app: &mut App) {
        let start = Instant::now();
        while !app.world().resource::<Editing>().is_checked() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the problem check never answered"
            );
            std::thread::sleep(Duration::from_millis(10));
            app.update();
        }
    }

    /// Runs frames until the editor's Solve has answered (a safety stop after `patience`),
    /// then one more so the answer is on screen.
    fn wait_for_solve(app: &mut App, patience: Duration) {
        let start = Instant::now();
        while app.world().resource::<Editing>().solving.is_some() {
            assert!(
                start.elapsed() < patience,
                "the editor's Solve never answered"
            );
            std::thread::sleep(Duration::from_millis(10));
            app.update();
        }
        app.update();
    }

    #[test]
    fn a_designer_paints_solves_test_plays_and_saves_a_level() {
        let folder = scratch("editor");
        let mut app = app_saving_into(&folder);
        app.world_mut().write_message(OpenEditor::Resume);
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(screen(&app), Screen::Editor);

        // Two islands two cells apart, one sand between them allowed per cell.
        {
            let mut e = editing(&mut app);
            e.editor.resize(4, 2);
            e.editor.paint(Pos::new(0, 0), Cell::Land(None));
            e.editor.paint(Pos::new(0, 3), Cell::Land(None));
            e.editor.edit(|d| {
                d.budget.bridges = Some(0);
                d.budget.sand = Some(3);
                d.name = "Two Steps".into();
            });
        }
        app.update();
        wait_for_check(&mut app);
        let problems = app.world().resource::<Editing>().problems.clone();
        assert_eq!(problems, ["Par is not proven yet: press Solve."]);

        press_button(&mut app, EditorButton::Solve);
        wait_for_solve(&mut app, Duration::from_secs(30));
        wait_for_check(&mut app);
        let e = app.world().resource::<Editing>();
        assert_eq!(e.draft().par, Some(2));
        assert!(e.preview.is_some(), "the solution is shown on the board");
        assert!(e.problems.is_empty(), "{:?}", e.problems);

        // Test play: a win there is not the player's progress.
        press_button(&mut app, EditorButton::TestPlay);
        assert_eq!(screen(&app), Screen::Playing);
        assert!(app.world().contains_resource::<TestPlay>());
        act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 1))));
        act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 2))));
        assert_eq!(phase(&app), PlayPhase::Won);
        let key = app.world().resource::<ActiveSession>().key.clone();
        assert_eq!(app.world().resource::<Progress>().record(&key).stars, 0);

        // E goes back to the editor as it was.
        press(&mut app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(&app), Screen::Editor);
        assert!(!app.world().contains_resource::<TestPlay>());
        assert_eq!(editing(&mut app).draft().name, "Two Steps");
        assert_eq!(editing(&mut app).draft().par, Some(2));

        // Save writes custom/<name>.level.ron in the player's own levels folder (not the
        // game's levels folder), which reads back as the same level.
        press_button(&mut app, EditorButton::Save);
        let path = folder.join("mine/custom/two-steps.level.ron");
        assert!(
            !folder.join("custom/two-steps.level.ron").exists(),
            "nothing written into the game's own levels"
        );
        let saved = read_level(&path).unwrap();
        assert_eq!(saved, editing(&mut app).draft().to_level().unwrap());
        let campaign = app.world().resource::<Campaign>();
        assert!(
            campaign
                .custom
                .iter()
                .any(|l| l.key == "custom/two-steps.level.ron")
        );

        // A new level with the same name asks before replacing the file.
        press_button(&mut app, EditorButton::New);
        {
            let mut e = editing(&mut app);
            e.editor.paint(Pos::new(0, 0), Cell::Land(None));
            e.editor.edit(|d| d.name = "Two steps!".into());
        }
        press_button(&mut app, EditorButton::Save);
        let asked = editing(&mut app).confirm_replace.clone();
        assert_eq!(asked.as_deref(), Some("custom/two-steps.level.ron"));
        assert_eq!(read_level(&path).unwrap(), saved, "nothing written yet");
        press_button(&mut app, EditorButton::Replace);
        assert_eq!(read_level(&path).unwrap().name, "Two steps!");
        assert!(editing(&mut app).confirm_replace.is_none());
    }

    /// The editor's Solve proves par on a large sea: a random 24 x 24 level with 20 islands
    /// and two tribes (past the twelve islands the old engine's tables stopped at), and the
    /// solution it shows wins that level in par moves.
    #[test]
    fn the_editors_solve_proves_par_on_a_24_by_24_sea_with_20_islands() {
        use merge_islands::level_draft::Draft;
        use merge_islands::rules::generator::{GenOptions, draw_level};
        let folder = scratch("editor-large");
        let mut app = app_saving_into(&folder);
        app.world_mut().write_message(OpenEditor::Resume);
        for _ in 0..3 {
            app.update();
        }
        let options = GenOptions {
            width: 24,
            height: 24,
            islands: 20,
            tribes: 2,
            ..GenOptions::default()
        };
        let level = draw_level(7, &options).expect("a 24 x 24 level draws");
        let start = level.board().unwrap();
        assert_eq!(start.island_count(), 20);
        editing(&mut app).editor.replace(Draft::from_level(&level));
        app.update();
        press_button(&mut app, EditorButton::Solve);
        wait_for_solve(&mut app, Duration::from_secs(120));
        let e = app.world().resource::<Editing>();
        let par = e
            .draft()
            .par
            .unwrap_or_else(|| panic!("no par: {}", e.message));
        let preview = e.preview.as_ref().expect("the solution is shown");
        assert_eq!(preview.moves.len() as u32, par, "{}", e.message);
        let mut board = start;
        for mv in &preview.moves {
            board.apply(*mv).expect("each shown move is legal");
        }
        assert_eq!(board.status(), merge_islands::Status::Won, "{}", e.message);
    }

    /// With no levels folder the game plays its built-in campaign; a campaign level opened
    /// in the editor and saved goes to the player's own folder as their copy (the built-in
    /// campaign cannot change), the message says where, and it shows under their levels.
    #[test]
    fn without_a_levels_folder_the_editor_saves_a_campaign_level_as_the_players_copy() {
        let data = scratch("editor-built-in");
        let user = data.join("levels");
        let mut app = App::new();
        app.insert_resource(UserLevelsFolder(user.clone()));
        app.add_plugins((MinimalPlugins, StatesPlugin, GamePlugin))
            .init_resource::<ButtonInput<KeyCode>>()
            .init_resource::<ButtonInput<MouseButton>>()
            .init_resource::<Touches>()
            .insert_resource(ProgressLocation::File(data.join("progress.ron")));
        app.update();
        assert!(!app.world().contains_resource::<LevelsFolder>());
        let campaign = app.world().resource::<Campaign>();
        assert_eq!(
            campaign.chapters,
            Campaign::embedded().chapters,
            "the built-in campaign is played"
        );
        let first = campaign.find("First Crossing").unwrap().clone();
        assert_eq!(first.key, "chapter1/01-first-crossing.level.ron");

        app.world_mut()
            .write_message(OpenEditor::Level(first.clone()));
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(screen(&app), Screen::Editor);
        press_button(&mut app, EditorButton::Save);
        // The same copy as with a levels folder: "First Crossing (edited)".
        let path = user.join("custom/first-crossing-edited.level.ron");
        let mut expected = first.level.clone();
        expected.name = "First Crossing (edited)".into();
        assert_eq!(read_level(&path).unwrap(), expected);
        assert!(
            !user.join(&first.key).exists(),
            "no copy under the campaign's own key"
        );
        let message = editing(&mut app).message.clone();
        assert!(
            message.contains(&path.display().to_string()),
            "the message names the file: {message}"
        );
        let campaign = app.world().resource::<Campaign>();
        assert!(
            campaign
                .custom
                .iter()
                .any(|l| l.key == "custom/first-crossing-edited.level.ron"),
            "the saved level is listed with the player's own"
        );
        assert_eq!(campaign.chapters, Campaign::embedded().chapters);
    }

    /// − and + on an unlimited budget are greyed and say why; ∞ gives it a count they
    /// change.
    #[test]
    fn an_unlimited_budgets_steps_are_greyed_and_say_what_to_do() {
        use merge_islands::game::ui::theme::Disabled;
        let folder = scratch("editor-unlimited");
        let mut app = app_saving_into(&folder);
        app.world_mut().write_message(OpenEditor::Resume);
        for _ in 0..3 {
            app.update();
        }
        editing(&mut app).editor.edit(|d| d.budget.sand = None);
        app.update();
        let minus = {
            let mut q = app.world_mut().query::<(Entity, &EditorButton)>();
            q.iter(app.world())
                .find(|(_, b)| **b == EditorButton::Sand(-1))
                .map(|(e, _)| e)
                .unwrap()
        };
        assert!(app.world().get::<Disabled>(minus).is_some(), "greyed");
        press_button(&mut app, EditorButton::Sand(1));
        assert_eq!(editing(&mut app).draft().budget.sand, None);
        assert!(editing(&mut app).message.contains("press ∞"), "says why");
        press_button(&mut app, EditorButton::SandUnlimited);
        press_button(&mut app, EditorButton::Sand(1));
        assert_eq!(editing(&mut app).draft().budget.sand, Some(4));
        assert!(
            app.world().get::<Disabled>(minus).is_none(),
            "no longer greyed"
        );
    }

    #[test]
    fn e_on_a_level_opens_it_in_the_editor() {
        let folder = scratch("editor-e");
        let mut app = app_saving_into(&folder);
        open_level(&mut app, FIRST);
        press(&mut app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(&app), Screen::Editor);
        let e = editing(&mut app);
        assert_eq!(e.file.as_deref(), Some(FIRST));
        assert_eq!(e.draft().name, "First Crossing");
    }

    /// A game whose levels folder holds First Crossing's shipped file, opened in the editor
    /// from play with E (as a player would).
    fn editing_first_crossing(name: &str) -> (App, PathBuf, PathBuf) {
        let folder = scratch(name);
        let shipped = folder.join(FIRST);
        std::fs::create_dir_all(shipped.parent().unwrap()).unwrap();
        std::fs::write(&shipped, first_crossing_text()).unwrap();
        let mut app = app_saving_into(&folder);
        open_level(&mut app, FIRST);
        press(&mut app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(&app), Screen::Editor);
        (app, folder, shipped)
    }

    fn reopen_first_crossing(app: &mut App) {
        press_button(app, EditorButton::Back);
        open_level(app, FIRST);
        press(app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(app), Screen::Editor);
    }

    /// A shipped level is read-only to the editor: Save writes a copy, "First Crossing
    /// (edited)", into the player's own levels folder and says where; the shipped file stays
    /// as it was, and a second copy never replaces the first.
    #[test]
    fn saving_a_campaign_level_writes_a_copy_and_leaves_the_shipped_file() {
        let (mut app, folder, shipped) = editing_first_crossing("editor-copy");
        assert!(
            editing(&mut app).message.contains("a campaign level"),
            "{}",
            editing(&mut app).message
        );
        editing(&mut app).editor.edit(|d| d.tip = "Changed.".into());
        press_button(&mut app, EditorButton::Save);
        assert_eq!(
            std::fs::read_to_string(&shipped).unwrap(),
            first_crossing_text()
        );
        let copy = folder.join("mine/custom/first-crossing-edited.level.ron");
        let saved = read_level(&copy).unwrap();
        assert_eq!(saved.name, "First Crossing (edited)");
        assert_eq!(saved.tip.as_deref(), Some("Changed."));
        {
            let e = editing(&mut app);
            assert_eq!(
                e.file.as_deref(),
                Some("custom/first-crossing-edited.level.ron")
            );
            assert_eq!(e.draft().name, "First Crossing (edited)");
            assert!(!e.unsaved());
            assert!(
                e.message.contains("\"First Crossing (edited)\"")
                    && e.message.contains(&copy.display().to_string()),
                "says what and where: {}",
                e.message
            );
        }
        // Saving again writes the copy, now the player's own file.
        editing(&mut app)
            .editor
            .edit(|d| d.tip = "Changed again.".into());
        press_button(&mut app, EditorButton::Save);
        assert_eq!(
            read_level(&copy).unwrap().tip.as_deref(),
            Some("Changed again.")
        );
        assert!(
            !folder
                .join("mine/custom/first-crossing-edited-2.level.ron")
                .exists()
        );

        // The shipped level edited afresh: its first copy's name is taken, so "(edited 2)".
        reopen_first_crossing(&mut app);
        editing(&mut app).editor.edit(|d| d.tip = "Another.".into());
        press_button(&mut app, EditorButton::Save);
        let second =
            read_level(&folder.join("mine/custom/first-crossing-edited-2.level.ron")).unwrap();
        assert_eq!(second.name, "First Crossing (edited 2)");
        assert_eq!(
            read_level(&copy).unwrap().tip.as_deref(),
            Some("Changed again."),
            "the first copy is not replaced"
        );
        assert_eq!(
            std::fs::read_to_string(&shipped).unwrap(),
            first_crossing_text()
        );
    }

    /// Designer mode (`--designer`) is the one way the editor writes a campaign file.
    #[test]
    fn designer_mode_saves_a_campaign_level_into_its_own_file() {
        let (mut app, folder, shipped) = editing_first_crossing("editor-designer");
        app.world_mut().resource_mut::<Launch>().0.designer = true;
        editing(&mut app).editor.edit(|d| d.tip = "Changed.".into());
        press_button(&mut app, EditorButton::Save);
        let level = read_level(&shipped).unwrap();
        assert_eq!(level.tip.as_deref(), Some("Changed."));
        assert_eq!(level.name, "First Crossing");
        assert!(!folder.join("mine/custom").exists(), "no copy");
        assert_eq!(editing(&mut app).file.as_deref(), Some(FIRST));
    }

    /// A test play of an unsaved draft is never the game to Continue: not while it runs, not
    /// after Settings opened from its pause panel (which comes back to the same test play,
    /// with its way back to the editor), not on leaving it.
    #[test]
    fn a_test_play_of_an_unsaved_draft_is_never_kept_to_continue() {
        let folder = scratch("editor-no-continue");
        let mut app = app_saving_into(&folder);
        app.world_mut().write_message(OpenEditor::Resume);
        for _ in 0..3 {
            app.update();
        }
        {
            let mut e = editing(&mut app);
            e.editor.resize(5, 2);
            e.editor.paint(Pos::new(0, 0), Cell::Land(None));
            e.editor.paint(Pos::new(0, 4), Cell::Land(None));
            e.editor.edit(|d| {
                d.budget.bridges = Some(0);
                d.budget.sand = Some(3);
                d.name = "Three Steps".into();
            });
        }
        press_button(&mut app, EditorButton::TestPlay);
        assert_eq!(screen(&app), Screen::Playing);
        act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 1))));
        app.world_mut()
            .resource_mut::<NextState<PlayPhase>>()
            .set(PlayPhase::Paused);
        app.update();
        app.update();
        super::press_button(&mut app, "Settings");
        super::press_button(&mut app, "Back");
        assert_eq!(screen(&app), Screen::Playing);
        assert!(
            app.world().contains_resource::<TestPlay>(),
            "still a test play"
        );
        app.update();
        assert!(
            super::all_text(&mut app).contains("Back to editor (E)"),
            "with its way back"
        );
        act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 2))));
        assert_eq!(moves_made(&app), 2);
        press(&mut app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(&app), Screen::Editor);
        assert_eq!(app.world().resource::<SavedGame>().saved, None);
        assert!(!folder.join("saved-game.ron").exists(), "nothing written");
        press_button(&mut app, EditorButton::Back);
        assert_eq!(screen(&app), Screen::Title);
        assert!(!super::all_text(&mut app).contains("Continue"));
        let key = app.world().resource::<ActiveSession>().key.clone();
        assert_eq!(
            app.world().resource::<Progress>().record(&key).time_ms,
            0,
            "nor counted in the progress"
        );
    }

    /// During a test play the way back to the editor is the first thing in the HUD's top
    /// bar, in its flow above the level's name: it cannot cover the name.
    #[test]
    fn back_to_editor_sits_in_the_top_bar_above_the_level_name() {
        use merge_islands::game::play::hud::HudBar;
        let (mut app, _, _) = editing_first_crossing("editor-back-button");
        press_button(&mut app, EditorButton::TestPlay);
        app.update();
        let mut texts = app.world_mut().query::<(&Text, &ChildOf)>();
        let button = texts
            .iter(app.world())
            .find(|(t, _)| t.0 == "Back to editor (E)")
            .map(|(_, parent)| parent.parent())
            .expect("a Back to editor button");
        let bar = app.world().get::<ChildOf>(button).unwrap().parent();
        assert_eq!(app.world().get::<HudBar>(bar), Some(&HudBar::Top));
        let children = app.world().get::<Children>(bar).unwrap();
        assert_eq!(children[0], button, "first in the bar");
        let title = app.world().get::<Text>(children[1]).unwrap();
        assert!(title.0.starts_with("First Crossing"), "{}", title.0);
        // Only one, however many frames go by.
        for _ in 0..3 {
            app.update();
        }
        let mut texts = app.world_mut().query::<&Text>();
        let count = texts
            .iter(app.world())
            .filter(|t| t.0 == "Back to editor (E)")
            .count();
        assert_eq!(count, 1);
    }

    /// A camera as the window's would be (1100 x 760, the board's default), so that window
    /// positions turn into board cells in a headless game.
    fn spawn_window_camera(app: &mut App) {
        use bevy::camera::RenderTargetInfo;
        let mut camera = Camera::default();
        camera.computed.target_info = Some(RenderTargetInfo {
            physical_size: UVec2::new(1100, 760),
            scale_factor: 1.0,
        });
        camera.computed.clip_from_view =
            Mat4::orthographic_rh(-550.0, 550.0, -380.0, 380.0, -1000.0, 1000.0);
        app.world_mut().spawn((camera, GlobalTransform::IDENTITY));
    }

    fn pointer(app: &mut App, events: &[WindowEvent]) {
        for event in events {
            app.world_mut().write_message(event.clone());
        }
    }

    /// The first drag of a test play builds its bridge. The click on Test play happened on
    /// the editor's screen: its press, at a spot that lies over the play board's water, is not
    /// replayed there as the start of a gesture (which laid sand, or left a drag begun).
    #[test]
    fn the_first_bridge_drag_of_a_test_play_builds_it() {
        use bevy::input::ButtonState;
        use bevy::input::mouse::MouseButtonInput;
        use bevy::window::CursorMoved;
        use merge_islands::game::ui::board_layout::BoardLayout;
        let folder = scratch("editor-first-drag");
        let mut app = app_saving_into(&folder);
        spawn_window_camera(&mut app);
        open_level(&mut app, FIRST);
        let layout = *app.world().resource::<BoardLayout>();
        let at = |p: Pos| {
            let world = layout.centre(p);
            Vec2::new(world.x + 550.0, 380.0 - world.y)
        };
        let window = Entity::PLACEHOLDER;
        let moved = |p: Pos| {
            WindowEvent::CursorMoved(CursorMoved {
                window,
                position: at(p),
                delta: None,
            })
        };
        let button = |state| {
            WindowEvent::MouseButtonInput(MouseButtonInput {
                button: MouseButton::Left,
                state,
                window,
            })
        };
        press(&mut app, KeyCode::KeyE);
        app.update();
        assert_eq!(screen(&app), Screen::Editor);

        // The click on Test play, at a point over the play board's shallow water (1,1).
        pointer(
            &mut app,
            &[moved(Pos::new(1, 1)), button(ButtonState::Pressed)],
        );
        press_button(&mut app, EditorButton::TestPlay);
        assert_eq!(screen(&app), Screen::Playing);
        pointer(&mut app, &[button(ButtonState::Released)]);
        app.update();
        app.update();
        assert_eq!(moves_made(&app), 0, "the click on Test play is no move");

        // The player's first drag, from land (1,0) to land (4,0) across the deep.
        pointer(
            &mut app,
            &[
                moved(Pos::new(1, 0)),
                button(ButtonState::Pressed),
                moved(Pos::new(2, 0)),
                moved(Pos::new(4, 0)),
                button(ButtonState::Released),
            ],
        );
        app.update();
        app.update();
        assert_eq!(moves_made(&app), 1, "the first drag built the bridge");
        let board = app.world().resource::<ActiveSession>().session.board();
        assert!(matches!(
            board.cell(Pos::new(3, 0)),
            Some(Cell::Bridge { .. })
        ));
    }

    fn first_crossing_text() -> String {
        std::fs::read_to_string(levels().join(FIRST)).unwrap()
    }

    /// Updates the app until `done` holds, for at most ten seconds of file watching.
    fn update_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
        let start = Instant::now();
        while !done(app) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw: {what}"
            );
            std::thread::sleep(Duration::from_millis(20));
            app.update();
        }
    }

    fn current_tip(app: &App) -> Option<String> {
        app.world().resource::<CurrentLevel>().0.level.tip.clone()
    }

    #[test]
    fn an_edited_level_file_reloads_and_a_broken_one_keeps_the_last_good_level() {
        let folder = scratch("live");
        let file = folder.join("one.level.ron");
        std::fs::write(&file, first_crossing_text()).unwrap();
        let mut app = App::new();
        add_levels_source(&mut app, &folder);
        app.insert_resource(LevelsFolder(folder.clone()));
        app.add_plugins((
            MinimalPlugins,
            StatesPlugin,
            AssetPlugin {
                watch_for_changes_override: Some(true),
                ..default()
            },
            GamePlugin,
        ))
        .init_resource::<ButtonInput<KeyCode>>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<Touches>()
        .insert_resource(ProgressLocation::File(folder.join("progress.ron")))
        .insert_resource(Campaign::load(&folder));
        app.update();
        open_level(&mut app, "one.level.ron");
        update_until(&mut app, "the file watched", |app| {
            app.world()
                .get_resource::<merge_islands::game::live_levels::WatchedLevel>()
                .is_some()
        });
        for _ in 0..20 {
            app.update();
        }
        // The watcher needs a moment to start before it sees writes.
        std::thread::sleep(Duration::from_millis(500));

        let edited = first_crossing_text().replace("Sand joins every island", "Sand, edited,");
        std::fs::write(&file, &edited).unwrap();
        update_until(&mut app, "the new tip", |app| {
            current_tip(app).is_some_and(|t| t.starts_with("Sand, edited,"))
        });
        app.update();
        app.update();
        let session_tip = app
            .world()
            .resource::<ActiveSession>()
            .session
            .level()
            .tip
            .clone();
        assert!(session_tip.unwrap().starts_with("Sand, edited,"));

        // A broken edit: the error names file, line and column; the level stays.
        std::fs::write(
            &file,
            edited.replace("goal: ConnectAll,", "goal: ConnectAll"),
        )
        .unwrap();
        update_until(&mut app, "the error", |app| {
            app.world().resource::<LiveNotice>().error
        });
        let notice = app.world().resource::<LiveNotice>().text.clone();
        assert!(notice.starts_with("one.level.ron:"), "{notice}");
        let place: Vec<&str> = notice.split(':').skip(1).take(2).collect();
        assert!(place.iter().all(|n| n.parse::<u32>().is_ok()), "{notice}");
        assert!(current_tip(&app).unwrap().starts_with("Sand, edited,"));
        assert_eq!(screen(&app), Screen::Playing);

        // Fixing the file brings it back, and the error goes.
        let fixed: Level =
            Level::from_ron_bytes(edited.replace("edited", "fixed").as_bytes()).unwrap();
        std::fs::write(&file, fixed.to_ron()).unwrap();
        update_until(&mut app, "the fixed level", |app| {
            current_tip(app).is_some_and(|t| t.starts_with("Sand, fixed,"))
        });
        assert!(!app.world().resource::<LiveNotice>().error);
    }
}

mod xray {
    use super::*;
    use merge_islands::game::play::xray::steps::{Forest, StepKind};
    use merge_islands::game::play::xray::{PendingTint, XRay};

    fn xray(app: &App) -> &XRay {
        app.world().resource::<XRay>()
    }

    fn recording(app: &App) -> bool {
        app.world()
            .resource::<ActiveSession>()
            .session
            .board()
            .is_recording_island_ops()
    }

    fn real_forest(app: &App) -> Forest {
        Forest::of(app.world().resource::<ActiveSession>().session.board())
    }

    #[test]
    fn the_x_ray_view_steps_through_a_move_and_its_undo_to_the_real_forest() {
        let mut app = playing_first("xray");
        act(&mut app, PlayerAction::Play("0,2".parse().unwrap()));
        assert!(!recording(&app), "closed, the structure records nothing");

        press(&mut app, KeyCode::KeyX);
        assert!(xray(&app).open && recording(&app));
        assert_eq!(xray(&app).forest(), Some(&real_forest(&app)));

        // Step by step: the move's steps wait for Next.
        press(&mut app, KeyCode::Period);
        act(&mut app, PlayerAction::Play("0,3".parse().unwrap()));
        let (played, total) = xray(&app).progress();
        assert_eq!(played, 0);
        assert!(total >= 2, "a find and a union at least: {total}");
        assert_ne!(xray(&app).forest(), Some(&real_forest(&app)));
        // The board does not run ahead of the forest: while the steps wait, the land wears
        // its colours from before the move; with the last step drawn the tiles show.
        let tints = |app: &mut App| {
            let mut q = app
                .world_mut()
                .query_filtered::<&Sprite, With<PendingTint>>();
            q.iter(app.world()).map(|s| s.color).collect::<Vec<Color>>()
        };
        let waiting = tints(&mut app);
        assert!(
            !waiting.is_empty(),
            "the land is tinted while the steps wait"
        );
        let now: Vec<Color> = tile_colours(&mut app);
        assert!(
            waiting.iter().any(|c| !now.contains(c)),
            "in the colours of before the move"
        );
        for _ in 0..total {
            press(&mut app, KeyCode::Period);
        }
        assert!(tints(&mut app).is_empty(), "all drawn: the tiles show");
        assert_eq!(xray(&app).progress(), (total, total));
        assert_eq!(xray(&app).forest(), Some(&real_forest(&app)));
        let kinds: Vec<StepKind> = (0..total)
            .map(|_| {
                let kind = xray(&app).current().unwrap().kind;
                press(&mut app, KeyCode::Comma);
                kind
            })
            .collect();
        assert!(kinds.contains(&StepKind::Link), "{kinds:?}");
        assert_eq!(xray(&app).progress(), (0, total));

        // Undo plays the log backwards, and ends on the structure as it was.
        press(&mut app, KeyCode::KeyZ);
        let (_, undo_steps) = xray(&app).progress();
        assert!(undo_steps > 0);
        for _ in 0..undo_steps {
            press(&mut app, KeyCode::Period);
        }
        assert_eq!(xray(&app).current().unwrap().kind, StepKind::Restore);
        assert_eq!(xray(&app).forest(), Some(&real_forest(&app)));

        // A restart swaps the board: the view follows and keeps recording.
        press(&mut app, KeyCode::KeyR);
        assert!(recording(&app));
        assert_eq!(xray(&app).forest(), Some(&real_forest(&app)));

        press(&mut app, KeyCode::KeyX);
        assert!(!xray(&app).open && !recording(&app));
    }

    /// "How it works" opened from the title, its level played to the end.
    fn guide_played_out(name: &str) -> App {
        use merge_islands::game::play::xray::OpenGuide;
        let dir = scratch(name);
        let mut app = app(&dir.join("progress.ron"));
        app.world_mut().write_message(OpenGuide);
        for _ in 0..4 {
            app.update();
        }
        assert_eq!(screen(&app), Screen::Playing);
        assert!(xray(&app).open);
        let moves = solution_in_play(&app);
        for mv in moves {
            act(&mut app, PlayerAction::Play(mv));
            let (_, total) = xray(&app).progress();
            for _ in 0..total {
                press(&mut app, KeyCode::Period);
            }
        }
        assert_eq!(phase(&app), PlayPhase::Won);
        app
    }

    #[test]
    fn how_it_works_ends_with_done_and_esc_is_a_way_out() {
        let mut app = guide_played_out("guide-done");
        let mut q = app.world_mut().query::<(&Text, &ChildOf)>();
        let done = q
            .iter(app.world())
            .find(|(t, _)| t.0 == "Done")
            .map(|(_, p)| p.parent())
            .expect("a Done button");
        assert_eq!(
            app.world().get::<Node>(done).unwrap().display,
            Display::Flex,
            "Done shows once the level is over"
        );
        press_button(&mut app, "Done");
        assert_eq!(screen(&app), Screen::Title);
        assert!(!xray(&app).open, "the X-ray closes with the tour");

        // Esc at the same point is a way out too.
        let mut app = guide_played_out("guide-esc");
        press(&mut app, KeyCode::Escape);
        app.update();
        assert_eq!(screen(&app), Screen::Title);
    }
}

/// A row of two islands three shallows apart, two sands to join them (par 2): one sand on
/// the far side wastes half the budget, and the level can no longer be won.
fn two_sand_row() -> merge_islands::game::level_store::CampaignLevel {
    let level = Level::from_ron_bytes(
        br##"Level(format: 1, name: "Two Sands", author: "test", grid: ["#..#..", "~~~~~~"],
            goal: ConnectAll, budget: (sand: Some(2), bridges: Some(0)), par: 2)"##,
    )
    .unwrap();
    merge_islands::game::level_store::CampaignLevel {
        key: "custom/two-sands.level.ron".into(),
        level,
    }
}

fn open_custom(app: &mut App, level: merge_islands::game::level_store::CampaignLevel) {
    app.world_mut().insert_resource(CurrentLevel(level));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    app.update();
}

/// Updates until the look ahead has answered for the position in play.
fn settle_lookahead(app: &mut App) {
    let started = Instant::now();
    loop {
        app.update();
        let look = app.world().resource::<Lookahead>();
        let moves = app.world().resource::<ActiveSession>().session.moves();
        if !look.is_running() && look.about(moves).is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no answer");
        std::thread::sleep(Duration::from_millis(2));
    }
    app.update();
}

fn warning_shown(app: &mut App) -> bool {
    let mut q = app
        .world_mut()
        .query_filtered::<&Node, With<EarlyWarning>>();
    let nodes: Vec<Display> = q.iter(app.world()).map(|n| n.display).collect();
    assert_eq!(nodes.len(), 1, "one warning banner");
    nodes[0] == Display::Flex
}

#[test]
fn a_move_that_wastes_the_budget_warns_at_once_and_undo_clears_it() {
    let dir = scratch("early-warning");
    let mut app = app(&dir.join("progress.ron"));
    open_custom(&mut app, two_sand_row());
    settle_lookahead(&mut app);
    assert!(!warning_shown(&mut app), "the start can be won");
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 1))));
    settle_lookahead(&mut app);
    assert!(
        !warning_shown(&mut app),
        "a good move is no cause for alarm"
    );
    act(&mut app, PlayerAction::Undo);
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 4))));
    assert_eq!(phase(&app), PlayPhase::Playing, "one sand is left");
    settle_lookahead(&mut app);
    assert!(
        warning_shown(&mut app),
        "one sand cannot bridge two shallows"
    );
    let mut texts = app.world_mut().query::<&Text>();
    assert!(texts.iter(app.world()).any(|t| t.0 == UNWINNABLE_WARNING));
    // The banner is in the HUD's top bar, which the board is fitted below: it covers no cell.
    let mut banner = app
        .world_mut()
        .query_filtered::<&ChildOf, With<EarlyWarning>>();
    let parent = banner.single(app.world()).unwrap().parent();
    assert_eq!(
        app.world().get::<HudBar>(parent),
        Some(&HudBar::Top),
        "the banner stands in the top bar"
    );
    press_button(&mut app, "Undo");
    assert_eq!(moves_made(&app), 0, "the banner's Undo takes the move back");
    settle_lookahead(&mut app);
    assert!(!warning_shown(&mut app));

    // With the warning turned off the same move says nothing, and nothing is searched.
    app.world_mut().resource_mut::<Settings>().warn_unwinnable = false;
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 4))));
    assert!(!app.world().resource::<Lookahead>().is_running());
    for _ in 0..20 {
        app.update();
    }
    assert!(!warning_shown(&mut app));
}

/// The cells the coach marks glow on, sorted.
fn coached_cells(app: &mut App) -> Vec<Pos> {
    let mut q = app.world_mut().query::<&CoachGlow>();
    let mut cells: Vec<Pos> = q.iter(app.world()).map(|g| g.0).collect();
    cells.sort();
    cells
}

#[test]
fn coach_marks_lead_a_newcomer_through_first_steps_and_go_when_won() {
    let dir = scratch("coach");
    let mut app = app(&dir.join("progress.ron"));
    // The warning is off: the coach marks want the look ahead on their own.
    app.world_mut().resource_mut::<Settings>().warn_unwinnable = false;
    open_level(&mut app, "chapter0/01-one-grain.level.ron");
    settle_lookahead(&mut app);
    let cells = coached_cells(&mut app);
    assert_eq!(cells.len(), 1, "one grain, one cell: {cells:?}");
    let mut tips = app.world_mut().query_filtered::<&Text2d, With<CoachTip>>();
    let tip = app
        .world()
        .resource::<ActiveSession>()
        .session
        .level()
        .tip
        .clone();
    assert_eq!(
        tips.iter(app.world()).map(|t| Some(t.0.clone())).next(),
        Some(tip)
    );
    // Following the mark wins in one click.
    act(&mut app, PlayerAction::Play(Move::Sand(cells[0])));
    assert_eq!(phase(&app), PlayPhase::Won);
    assert!(
        coached_cells(&mut app).is_empty(),
        "the marks go with the win"
    );
    assert_eq!(tips.iter(app.world()).count(), 0);

    // Deep Channel takes three sands: after each, the mark moves on to the next.
    open_level(&mut app, "chapter0/03-deep-channel.level.ron");
    let mut played = Vec::new();
    while phase(&app) == PlayPhase::Playing {
        settle_lookahead(&mut app);
        let cells = coached_cells(&mut app);
        assert_eq!(cells.len(), 1, "{cells:?}");
        assert!(!played.contains(&cells[0]), "the mark points at a new cell");
        played.push(cells[0]);
        act(&mut app, PlayerAction::Play(Move::Sand(cells[0])));
        assert!(played.len() <= 3, "par is 3");
    }
    assert_eq!(phase(&app), PlayPhase::Won);
    assert_eq!(played.len(), 3);

    // First Bridge: both ends of the bridge glow.
    open_level(&mut app, "chapter0/04-first-bridge.level.ron");
    settle_lookahead(&mut app);
    let ends = coached_cells(&mut app);
    assert_eq!(ends.len(), 2, "{ends:?}");
    act(&mut app, PlayerAction::Play(Move::Bridge(ends[0], ends[1])));
    assert_eq!(phase(&app), PlayPhase::Won);

    // Past the first chapter there are no marks.
    open_level(&mut app, FIRST);
    for _ in 0..20 {
        app.update();
    }
    assert!(!app.world().resource::<Lookahead>().is_running());
    assert!(coached_cells(&mut app).is_empty());
}

#[test]
fn a_code_opened_in_the_level_select_plays_its_level_and_a_bad_one_says_why() {
    let dir = scratch("codes");
    let mut app = app(&dir.join("progress.ron"));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::LevelSelect);
    app.update();
    app.update();
    let mut texts = app.world_mut().query::<&Text>();
    assert!(texts.iter(app.world()).any(|t| t.0 == "Open a code"));

    // The button opens a field to type or paste a code into; a bad code says why in it, and
    // Esc closes the field, not the level select.
    press_button(&mut app, "Open a code");
    assert!(all_text(&mut app).contains("Open a level code"));
    let key = |logical_key: bevy::input::keyboard::Key| bevy::input::keyboard::KeyboardInput {
        key_code: KeyCode::KeyA,
        logical_key,
        state: bevy::input::ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    };
    app.world_mut()
        .write_message(key(bevy::input::keyboard::Key::Character("1.nope".into())));
    app.world_mut()
        .write_message(key(bevy::input::keyboard::Key::Enter));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::LevelSelect);
    let said = all_text(&mut app);
    assert!(said.contains("1.nope▏"), "the field shows what was typed");
    assert!(
        said.contains("That code does not open: "),
        "and why it fails"
    );
    app.world_mut()
        .write_message(key(bevy::input::keyboard::Key::Escape));
    press(&mut app, KeyCode::Escape);
    assert_eq!(
        screen(&app),
        Screen::LevelSelect,
        "Esc closed the field only"
    );
    assert!(!all_text(&mut app).contains("Open a level code"));

    // A bad code: a message on the screen, and the level select stays.
    let good = level_code::encode(&two_sand_row().level);
    let bad = good.replace(&good[good.len() - 4..], "AAAA");
    assert_ne!(bad, good);
    app.world_mut()
        .write_message(CodeRequest::Open(Some(bad.clone())));
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::LevelSelect
    );
    let notice = app.world().resource::<CodeNotice>().clone();
    let why = level_code::decode(&bad).unwrap_err().to_string();
    assert!(notice.warning && notice.text.contains(&why), "{notice:?}");
    let mut texts = app.world_mut().query::<&Text>();
    assert!(
        texts.iter(app.world()).any(|t| t.0 == notice.text),
        "the message is on the screen"
    );

    // A good code plays its level.
    app.world_mut()
        .write_message(CodeRequest::Open(Some(format!(" {good} "))));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Playing
    );
    let active = app.world().resource::<ActiveSession>();
    assert_eq!(active.session.level(), &two_sand_row().level);
    assert_eq!(active.key, format!("code:{good}"));
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 1))));
    act(&mut app, PlayerAction::Play(Move::Sand(Pos::new(0, 2))));
    assert_eq!(phase(&app), PlayPhase::Won);

    // The won panel copies the level's code, and says what it did.
    press_button(&mut app, "Copy code");
    let notice = app.world().resource::<CodeNotice>().clone();
    assert!(
        notice.text == format!("Code copied: {}", shortened(&good))
            || (notice.warning && notice.text.starts_with("Could not copy the code:")),
        "{notice:?}"
    );
}
