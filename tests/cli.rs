//! The command-line contract of RULES.md section 4, through the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_merge-islands"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn run_with_input(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("merge-islands-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const FIRST: &str = "levels/chapter1/01-first-crossing.level.ron";

fn level_path(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn number_of_islands_ii_through_play() {
    // 3 x 3 shallow water: land at (0,0),(0,1),(1,2),(2,1) gives island counts 1,1,2,3.
    let o = run(&[
        "play",
        &fixture("islands-ii.level.ron"),
        "--moves",
        "0,0 0,1 1,2 2,1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(
        lines,
        [
            "0,0 islands=1 score=0",
            "0,1 islands=1 score=0",
            "1,2 islands=2 score=0",
            "2,1 islands=3 score=0",
            "result unfinished moves=4 par=5 stars=0 score=0",
        ]
    );
}

#[test]
fn trace_prints_the_union_find_operations_of_number_of_islands_ii() {
    let o = run(&[
        "trace",
        &fixture("islands-ii.level.ron"),
        "--moves",
        "0,0 0,1 1,2 2,1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().collect::<Vec<_>>(),
        [
            "0,0",
            "  (0,0) touches no land: a new island, root (0,0) rank 0, size 1",
            "  islands=1 score=0",
            "0,1",
            "  find (0,0): path (0,0); root (0,0); nothing to split",
            "  union root (0,1) (rank 0, size 1) + root (0,0) (rank 0, size 1) -> parent (0,1), \
             (0,0) under it; ranks tie: rank raised to 1; size 2",
            "  islands=1 score=0",
            "1,2",
            "  (1,2) touches no land: a new island, root (1,2) rank 0, size 1",
            "  islands=2 score=0",
            "2,1",
            "  (2,1) touches no land: a new island, root (2,1) rank 0, size 1",
            "  islands=3 score=0",
            "result unfinished moves=4 islands=3 score=0",
        ]
    );
}

#[test]
fn trace_shows_path_splitting_and_agrees_with_play() {
    let moves = "0,0 0,1 2,2 2,1 1,1 1,0 1,0 9,9";
    let level = fixture("islands-ii.level.ron");
    let traced = run(&["trace", &level, "--moves", moves]);
    assert!(traced.status.success(), "{}", stderr(&traced));
    let text = stdout(&traced);
    // (0,0) hangs under (0,1), which a rank tie put under (2,1): the last sand's find from
    // (0,0) walks two steps, and splitting points (0,0) at its grandparent, the root.
    let last_move: Vec<&str> = text
        .split("\n1,0\n")
        .nth(1)
        .expect("the move 1,0 is traced")
        .lines()
        .take(4)
        .collect();
    assert_eq!(
        last_move,
        [
            "  find (1,1): path (1,1) -> (2,1); root (2,1); nothing to split",
            "  union root (1,0) (rank 0, size 1) + root (2,1) (rank 2, size 5) -> parent (2,1), \
             (1,0) under it; lower rank goes under: rank stays 2; size 6",
            "  find (0,0): path (0,0) -> (0,1) -> (2,1); root (2,1); split re-points (0,0) \
             from (0,1) to (2,1)",
            "  islands=1 score=4",
        ]
    );
    assert!(
        text.contains("ranks tie: rank raised to 2; size 5"),
        "{text}"
    );
    // Each move's island count matches play's, rejections included.
    let played = stdout(&run(&["play", &level, "--moves", moves]));
    let from_play: Vec<String> = played
        .lines()
        .filter(|l| !l.starts_with("result"))
        .map(String::from)
        .collect();
    let mut from_trace = Vec::new();
    let mut current = String::new();
    for line in text.lines().filter(|l| !l.starts_with("result")) {
        if let Some(counts) = line.strip_prefix("  islands=") {
            from_trace.push(format!("{current} islands={counts}"));
        } else if line.contains(" rejected: ") {
            from_trace.push(line.to_string());
        } else if !line.starts_with(' ') {
            current = line.to_string();
        }
    }
    assert_eq!(from_trace, from_play);
}

#[test]
fn play_reports_rejections_wins_stars_and_score() {
    let o = run(&[
        "play",
        &level_path(FIRST),
        "--moves",
        "9,9 1,0-4,0 0,0 0,2 0,3",
    ]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "9,9 rejected: 9,9 is outside the board");
    assert_eq!(lines[1], "1,0-4,0 islands=2 score=3");
    assert!(
        lines[2].starts_with("0,0 rejected: 0,0 is land"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "0,2 islands=2 score=3");
    // The bridge joins 3 and 1 (3 points); the last sand joins islands of 5 and 3 (15) and
    // wins with 2 sand unused (+100).
    assert_eq!(lines[4], "0,3 islands=1 score=118");
    assert_eq!(lines[5], "result won moves=3 par=3 stars=3 score=118");
}

#[test]
fn solve_prints_par_and_a_solution_that_play_confirms() {
    let o = run(&["solve", &level_path(FIRST)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("par 3"));
    let moves = lines.next().unwrap();
    let played = run(&["play", &level_path(FIRST), "--moves", moves]);
    assert!(
        stdout(&played)
            .lines()
            .last()
            .unwrap()
            .starts_with("result won moves=3 par=3 stars=3")
    );
}

#[test]
fn validate_accepts_the_shipped_levels() {
    let o = run(&["validate", &level_path("levels")]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn validate_names_the_file_line_and_column_and_exits_1() {
    let dir = scratch("validate");
    let good = std::fs::read_to_string(level_path(FIRST)).unwrap();
    std::fs::write(
        dir.join("syntax.level.ron"),
        good.replace("goal: ConnectAll,", "goal: ConnectAll"),
    )
    .unwrap();
    std::fs::write(
        dir.join("cell.level.ron"),
        good.replace("\"#...#\"", "\"#.x.#\""),
    )
    .unwrap();
    std::fs::write(dir.join("par.level.ron"), good.replace("par: 3", "par: 2")).unwrap();
    let o = run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    let syntax = dir.join("syntax.level.ron");
    assert!(
        err.contains(&format!("{}:13:5: ", syntax.display())),
        "{err}"
    );
    assert!(
        err.contains("cell.level.ron: grid row 1, column 2: unknown cell 'x'"),
        "{err}"
    );
    assert!(
        err.contains("par.level.ron: par is 2, but the solver proves 3"),
        "{err}"
    );
}

#[test]
fn validate_refuses_a_level_that_is_another_turned_or_mirrored() {
    let dir = scratch("mirror");
    let good = std::fs::read_to_string(level_path(FIRST)).unwrap();
    std::fs::write(dir.join("a.level.ron"), &good).unwrap();
    let mirrored =
        ["##..#", "#...#", "..^.a", "~~~~.", "a...."]
            .iter()
            .fold(good.clone(), |text, row| {
                let flipped: String = row.chars().rev().collect();
                text.replace(&format!("\"{row}\""), &format!("\"{flipped}\""))
            });
    std::fs::write(dir.join("b.level.ron"), mirrored).unwrap();
    let o = run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("b.level.ron: the same puzzle as"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_refuses_huge_files_and_missing_paths() {
    let dir = scratch("huge");
    let path = dir.join("huge.level.ron");
    std::fs::write(&path, vec![b' '; 2 << 20]).unwrap();
    let o = run(&["validate", path.to_str().unwrap(), "/no/such/level.ron"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("at most 1048576 bytes"), "{err}");
    assert!(err.contains("/no/such/level.ron: no such file"), "{err}");
}

#[test]
fn generate_is_deterministic_and_its_levels_validate() {
    let args = [
        "generate",
        "--seed",
        "2024",
        "--tribes",
        "1",
        "--difficulty",
        "easy",
    ];
    let first = run(&args);
    let second = run(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, second.stdout);
    let dir = scratch("generate");
    let path = dir.join("g.level.ron");
    std::fs::write(&path, &first.stdout).unwrap();
    let o = run(&["validate", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "generate",
        "--seed",
        "5",
        "--count",
        "3",
        "--out",
        dir.to_str().unwrap(),
        "--difficulty",
        "easy",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for seed in 5..8 {
        assert!(dir.join(format!("generated-{seed}.level.ron")).is_file());
    }
}

#[test]
fn generate_explains_impossible_options() {
    let o = run(&["generate", "--seed", "1", "--width", "99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 to 64"), "{}", stderr(&o));
}

#[test]
fn conquest_replays_a_game_and_prints_the_contract() {
    // X 0,0; O 0,0 (taken: O again) then 1,1; X 0,1 ties O's 1-cell island and captures it;
    // O 5,5 is outside (O again), then 1,0: X's 3-cell island captures it.
    let o = run_with_input(
        &["conquest", "--size", "2"],
        "0 0\n0 0\n1 1\n0 1\n5 5\n1 0\n",
    );
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "XX\nXX\nislands X=1 O=0\ncells X=4 O=0\nwinner X\n"
    );
    assert!(stderr(&o).contains("X captures O's island, 1 vs 1"));
}

#[test]
fn conquest_capture_then_second_union_for_the_new_owner() {
    let moves = "1 0\n1 2\n3 3\n1 3\n1 1\n";
    let o = run_with_input(&["conquest", "--size", "4"], moves);
    assert_eq!(
        stdout(&o),
        "....\nOOOO\n....\n...X\nislands X=1 O=1\ncells X=1 O=4\nwinner tie\n"
    );
}

#[test]
fn conquest_unfinished_game_names_the_leader() {
    let o = run_with_input(&["conquest", "--size", "3"], "0 0\n1 1\n2 2\nnot a move\n");
    assert_eq!(
        stdout(&o),
        "X..\n.O.\n..X\nislands X=2 O=1\ncells X=2 O=1\nwinner X\n"
    );
    assert!(stderr(&o).contains("line 4"));
}

#[test]
fn bad_level_files_give_a_message_not_a_panic() {
    let dir = scratch("bad");
    for (name, bytes) in [
        ("empty.level.ron", b"".to_vec()),
        ("binary.level.ron", vec![0xff, 0x00, 0x13, 0x37]),
        (
            "trunc.level.ron",
            b"Level(format: 1, name: \"x\", grid: [\"##\"".to_vec(),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        for args in [
            vec!["play", path.to_str().unwrap(), "--moves", "0,0"],
            vec!["solve", path.to_str().unwrap()],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{name}");
            assert!(
                stderr(&o).starts_with(&format!("error: {}", path.display())),
                "{}",
                stderr(&o)
            );
        }
    }
}

#[test]
fn a_window_size_is_width_x_height_within_limits() {
    use merge_islands::cli::WindowSize;
    assert_eq!(
        "800x600".parse::<WindowSize>(),
        Ok(WindowSize {
            width: 800,
            height: 600
        })
    );
    assert_eq!("390X844".parse::<WindowSize>().unwrap().height, 844);
    assert!(
        "800"
            .parse::<WindowSize>()
            .unwrap_err()
            .contains("WIDTHxHEIGHT")
    );
    assert!(
        "10x600"
            .parse::<WindowSize>()
            .unwrap_err()
            .contains("outside")
    );
    assert!(
        "axb"
            .parse::<WindowSize>()
            .unwrap_err()
            .contains("whole number")
    );
}

/// Two bridges would cross: the Steiner bound says 3, par is 4.
const CROSSING: &str = r###"Level(
    format: 1,
    name: "Crossing",
    author: "Merge Islands",
    grid: [
        "##~~~",
        ".~~~~",
        "#~~~#",
        "~~~~~",
        ".#~~~",
    ],
    goal: ConnectAll,
    budget: (sand: None, bridges: None),
    par: 4,
    tip: None,
)
"###;

#[test]
fn solve_with_max_seconds_prints_the_best_found_and_the_bound() {
    let dir = scratch("anytime");
    let path = dir.join("crossing.level.ron");
    std::fs::write(&path, CROSSING).unwrap();
    let path = path.to_str().unwrap();
    // No time at all: the first solution and the bound, unproven.
    let o = run(&["solve", path, "--max-seconds", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let best: u32 = lines[0]
        .strip_prefix("best ")
        .and_then(|rest| rest.strip_suffix(" at-least 3"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(best >= 4, "{out}");
    let played = run(&["play", path, "--moves", lines[1]]);
    let last = stdout(&played).lines().last().unwrap().to_string();
    assert!(
        last.starts_with(&format!("result won moves={best} par=4")),
        "{last}"
    );
    // Time enough: the same output as without the option.
    let o = run(&["solve", path, "--max-seconds", "60"]);
    assert_eq!(stdout(&o), stdout(&run(&["solve", path])));
    assert!(stdout(&o).starts_with("par 4\n"), "{}", stdout(&o));
    let o = run(&["solve", path, "--max-seconds", "-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The code `code LEVEL` prints for a level file.
fn code_of(path: &str) -> String {
    let o = run(&["code", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    out.trim_end().to_string()
}

#[test]
fn code_prints_one_short_line_that_decodes_to_the_same_level() {
    let campaign = Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
    let mut files = Vec::new();
    for chapter in std::fs::read_dir(&campaign).unwrap() {
        let chapter = chapter.unwrap().path();
        if chapter.is_dir() {
            files.extend(
                std::fs::read_dir(chapter)
                    .unwrap()
                    .map(|e| e.unwrap().path()),
            );
        }
    }
    assert!(files.len() >= 40);
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let code = code_of(file.to_str().unwrap());
        assert!(
            code.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)),
            "{code}"
        );
        assert!(code.len() <= bytes.len(), "{}", file.display());
        let o = run(&["code", "--decode", &code]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            merge_islands::Level::from_ron_bytes(&o.stdout),
            merge_islands::Level::from_ron_bytes(&bytes),
            "{}",
            file.display()
        );
        // A code given where a level is expected gives the same code back.
        assert_eq!(code_of(&code), code);
    }
}

#[test]
fn a_bad_code_is_one_line_and_exit_status_1() {
    let code = code_of(&level_path(FIRST));
    let newer = code.replacen("1.", "2.", 1);
    let mut typo: Vec<char> = code.chars().collect();
    typo[20] = if typo[20] == 'Q' { 'R' } else { 'Q' };
    let typo: String = typo.into_iter().collect();
    let wrong_char = format!("{}!{}", &code[..11], &code[12..]);
    for (bad, message) in [
        (&code[..code.len() / 2], "this code is cut short"),
        (wrong_char.as_str(), "unknown character '!' at 12"),
        (newer.as_str(), "made by a newer version of the game"),
        (typo.as_str(), "this code has a typo"),
        ("hello world", "this is not a level code"),
        ("", "the code is empty"),
        ("1.", "this code is cut short"),
    ] {
        let o = run(&["code", "--decode", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(o.stdout.is_empty(), "{bad}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(message), "{bad}: {err}");
    }
    // A bad file given to `code` is refused the same way.
    let o = run(&["code", "/no/such/level.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no such file, and not a level code"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn play_solve_and_trace_take_a_code_as_they_take_a_file() {
    let file = level_path(FIRST);
    let code = code_of(&file);
    let moves = "9,9 1,0-4,0 0,2 0,3";
    for args in [
        vec!["play", "LEVEL", "--moves", moves],
        vec!["trace", "LEVEL", "--moves", moves],
        vec!["solve", "LEVEL", "--stats"],
    ] {
        let with = |level: &str| -> Output {
            let args: Vec<&str> = args
                .iter()
                .map(|&a| if a == "LEVEL" { level } else { a })
                .collect();
            run(&args)
        };
        let (from_file, from_code) = (with(&file), with(&code));
        assert!(from_code.status.success(), "{}", stderr(&from_code));
        assert_eq!(stdout(&from_code), stdout(&from_file), "{}", args[0]);
    }
    let o = run(&["play", &code, "--moves", "1,0-4,0 0,2 0,3"]);
    assert!(
        stdout(&o).ends_with("result won moves=3 par=3 stars=3 score=118\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_takes_codes_and_names_a_bad_one() {
    let code = code_of(&level_path("levels/chapter2/01-deep-water.level.ron"));
    let o = run(&["validate", &code]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1 files valid\n");
    let o = run(&["validate", &code[..code.len() - 3]]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("level code 1."), "{err}");
    assert!(err.contains("this code is cut short"), "{err}");
    // A code whose par is wrong is refused as its file would be.
    let dir = scratch("code-par");
    let good = std::fs::read_to_string(level_path(FIRST)).unwrap();
    let path = dir.join("par.level.ron");
    std::fs::write(&path, good.replace("par: 3", "par: 2")).unwrap();
    let wrong_par = code_of(path.to_str().unwrap());
    let o = run(&["validate", &wrong_par]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("par is 2, but the solver proves 3"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_wins_over_a_code_and_text_that_is_neither_is_named() {
    let dir = scratch("file-or-code");
    let code = code_of(&level_path(FIRST));
    // A file whose name is itself shaped like a code: the file is read.
    let other = std::fs::read(level_path("levels/chapter1/05-reef.level.ron")).unwrap();
    std::fs::write(dir.join(&code[..10]), &other).unwrap();
    let o = bin()
        .current_dir(&dir)
        .args(["code", &code[..10]])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        stdout(&run(&[
            "code",
            &level_path("levels/chapter1/05-reef.level.ron")
        ]))
    );
    // Neither a file nor a code: one line saying so.
    let o = run(&["play", "First Crossing", "--moves", "0,0"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: First Crossing: no such file, and not a level code \
         (a code starts with its version, such as \"1.\")\n"
    );
    // Shaped like a code but broken: the code's own message.
    let o = run(&["solve", &code[..code.len() - 1]]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: level code 1."),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("cut short"), "{}", stderr(&o));
}

/// `--version` names the version, and the commit when the game was built from git.
#[test]
fn version_names_the_version_and_the_commit() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    let said = stdout(&out);
    let expected = format!("merge-islands {}", merge_islands::about::VERSION_LINE);
    assert_eq!(said.trim(), expected);
    assert!(said.starts_with(concat!("merge-islands ", env!("CARGO_PKG_VERSION"))));
    // The checkout this test runs from is a git checkout when `.git` is beside Cargo.toml.
    let from_git = Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists();
    assert_eq!(said.contains("(commit "), from_git, "{said}");
}

/// The icon is drawn by the game's art code, at the size asked, and a bad size is refused
/// in words.
#[cfg(feature = "gui")]
#[test]
fn the_icon_is_written_at_the_size_asked() {
    let dir = std::env::temp_dir().join(format!("merge-islands-icon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let icon = dir.join("icon.png");
    let out = run(&["--icon", icon.to_str().unwrap(), "--icon-size", "64"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&icon).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, at bytes 16..24.
    assert_eq!(&bytes[16..24], &[0, 0, 0, 64, 0, 0, 0, 64]);
    let out = run(&["--icon", icon.to_str().unwrap(), "--icon-size", "3"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("16 to 2048 pixels"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
