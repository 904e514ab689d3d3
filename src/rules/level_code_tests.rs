use super::*;
use crate::rules::board::BoardError;
use crate::rules::generator::{Difficulty, GenOptions, GoalChoice, draw_level, generate};
use proptest::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::path::{Path, PathBuf};

const URL_SAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

/// Every `*.level.ron` under the shipped `levels/` folder, with its bytes.
fn campaign_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("levels")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(".level.ron") {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

fn campaign_levels() -> Vec<Level> {
    campaign_files()
        .iter()
        .map(|(_, bytes)| Level::from_ron_bytes(bytes).unwrap())
        .collect()
}

/// A code made of `body` as the encoder seals it: a right length and a right check, so
/// decoding reaches the level inside.
fn code_of(body: &[u8]) -> String {
    format!("{CODE_VERSION}.{}", base64url(&sealed(body)))
}

/// The bytes of a level as `encode` writes them, before sealing.
fn body_of(level: &Level) -> Vec<u8> {
    let code = encode(level);
    let (bytes, tail) = from_base64url(&code[2..], 2).unwrap();
    assert_eq!(tail, Tail::Clean);
    unsealed(&bytes).unwrap().to_vec()
}

/// Whether the code stores its grid as runs (mode 1) rather than cell by cell.
fn grid_in_runs(level: &Level) -> bool {
    let body = body_of(level);
    let mut reader = ByteReader {
        bytes: &body,
        at: 0,
    };
    reader.varint().unwrap();
    reader.varint().unwrap();
    body[reader.at + 2] & 0x80 != 0
}

fn assert_round_trip(level: &Level) -> String {
    let code = encode(level);
    assert!(code.chars().all(|c| URL_SAFE.contains(c)), "{code}");
    assert!(looks_like_code(&code));
    assert_eq!(decode(&code).as_ref(), Ok(level), "{code}");
    code
}

fn first_crossing() -> Level {
    Level::from_ron_bytes(crate::rules::level::tests::FIRST_CROSSING.as_bytes()).unwrap()
}

#[test]
fn every_campaign_level_comes_back_exactly_and_its_code_is_shorter_than_its_file() {
    let files = campaign_files();
    assert!(files.len() >= 40, "{} level files", files.len());
    for (path, bytes) in &files {
        let level = Level::from_ron_bytes(bytes).unwrap();
        let code = assert_round_trip(&level);
        assert!(
            code.len() <= bytes.len(),
            "{}: code {} characters, file {} bytes",
            path.display(),
            code.len(),
            bytes.len()
        );
        // The RON a decoded code prints reads back as the same level.
        let ron = decode(&code).unwrap().to_ron();
        assert_eq!(Level::from_ron_bytes(ron.as_bytes()), Ok(level));
    }
}

#[test]
fn drawn_levels_of_every_size_come_back_exactly() {
    let mut runs = 0;
    let mut packed = 0;
    for seed in 0..300u64 {
        let side = |k: u64| MIN_SIDE + (seed * k % (MAX_SIDE - MIN_SIDE + 1) as u64) as usize;
        let (width, height) = if seed % 10 == 0 {
            (MAX_SIDE, MAX_SIDE)
        } else {
            (side(7), side(13))
        };
        let sparse = seed % 3 == 0;
        let options = GenOptions {
            width,
            height,
            islands: 2 + (seed as usize % 5),
            tribes: seed as usize % 3,
            rocks: if sparse { 0 } else { (seed % 31) as u32 },
            deep: if sparse { 0 } else { (seed % 29) as u32 },
            goal: [
                GoalChoice::ConnectAll,
                GoalChoice::Islands(None),
                GoalChoice::Reach(None),
            ][seed as usize % 3],
            difficulty: Difficulty::Easy,
        };
        let Ok(mut level) = draw_level(seed, &options) else {
            continue;
        };
        level.par = (seed * 7919 % 1000) as u32;
        level.budget = Budget {
            sand: (seed % 2 == 0).then_some(seed as u32 * 3),
            bridges: (seed % 5 != 0).then_some(u32::MAX - seed as u32),
        };
        let code = assert_round_trip(&level);
        assert!(code.len() <= level.to_ron().len(), "{width}x{height}");
        if grid_in_runs(&level) {
            runs += 1;
        } else {
            packed += 1;
        }
    }
    // Both ways of writing the grid are used (open sea in runs, busy grids cell by cell).
    assert!(runs > 20 && packed > 10, "runs {runs}, packed {packed}");
}

#[test]
fn generated_levels_with_proven_par_come_back_exactly() {
    for seed in 0..6 {
        let options = GenOptions {
            tribes: seed as usize % 2,
            difficulty: Difficulty::Easy,
            ..GenOptions::default()
        };
        let generated = generate(seed, &options).unwrap();
        assert_round_trip(&generated.level);
    }
}

#[test]
fn a_big_open_sea_is_a_short_code() {
    let mut level = first_crossing();
    level.width = MAX_SIDE;
    level.height = MAX_SIDE;
    level.cells = vec![Cell::Shallow; MAX_SIDE * MAX_SIDE];
    level.cells[0] = Cell::Land(None);
    level.cells[MAX_SIDE * MAX_SIDE - 1] = Cell::Land(None);
    let code = assert_round_trip(&level);
    assert!(grid_in_runs(&level));
    // 4096 cells in three runs: a few bytes, where the file spends 4096 and more.
    assert!(code.len() < 120, "{} characters: {code}", code.len());
}

#[test]
fn any_text_comes_back_exactly() {
    let mut level = first_crossing();
    for (name, author, tip) in [
        ("Île d'Été — 島 🌊", "", None),
        ("", "Zoë \"the Reef\" O'Brien", Some("")),
        (
            "Back\\slash",
            "tab\tand\nnewline",
            Some("Sand joins every island it touches. Ĳ ß 中文 \u{0}"),
        ),
        ("a", "b", Some("🏝️".repeat(40).as_str())),
    ] {
        level.name = name.into();
        level.author = author.into();
        level.tip = tip.map(String::from);
        assert_round_trip(&level);
    }
}

#[test]
fn a_level_with_text_of_ordinary_length_has_a_code_no_longer_than_its_file() {
    // Text costs 4 code characters for 3 bytes but the file's field names and the grid's
    // quoting leave room: 300 bytes of text, even all non-ASCII, still fit on the smallest
    // grid.
    let mut level = first_crossing();
    level.width = 2;
    level.height = 2;
    level.cells = vec![
        Cell::Land(None),
        Cell::Shallow,
        Cell::Shallow,
        Cell::Land(None),
    ];
    for text in ["x", "ü", "島", "🌊"] {
        let piece = text.repeat(100 / text.len());
        level.name = piece.clone();
        level.author = piece.clone();
        level.tip = Some(piece);
        let code = assert_round_trip(&level);
        assert!(code.len() <= level.to_ron().len(), "{text}");
    }
}

#[test]
fn the_same_level_always_gives_the_same_code() {
    let level = first_crossing();
    assert_eq!(encode(&level), encode(&level.clone()));
    let mut moved = level.clone();
    moved.par += 1;
    assert_ne!(encode(&level), encode(&moved));
}

#[test]
fn spaces_around_a_code_are_ignored() {
    let level = first_crossing();
    let code = format!("  {}\n", encode(&level));
    assert_eq!(decode(&code), Ok(level));
}

#[test]
fn telling_a_code_from_other_text() {
    assert!(looks_like_code("1.AAAA"));
    assert!(looks_like_code(" 12.x "));
    assert!(!looks_like_code(
        "levels/chapter1/01-first-crossing.level.ron"
    ));
    assert!(!looks_like_code("First Crossing"));
    assert!(!looks_like_code(".AAAA"));
    assert!(!looks_like_code("v1.AAAA"));
}

// ---- Each error, and its words ----

#[test]
fn an_empty_code() {
    assert_eq!(decode(""), Err(CodeError::Empty));
    assert_eq!(decode(" \n"), Err(CodeError::Empty));
    assert_eq!(CodeError::Empty.to_string(), "the code is empty");
}

#[test]
fn text_without_a_version_is_not_a_code() {
    for text in ["hello", "AAAA-_", "x1.AAAA", "-1.AAAA"] {
        assert_eq!(decode(text), Err(CodeError::NotACode), "{text}");
    }
    assert!(
        CodeError::NotACode
            .to_string()
            .contains("starts with its version")
    );
}

#[test]
fn a_code_longer_than_any_level_is_refused_unread() {
    let code = format!("1.{}", "A".repeat(MAX_CODE_CHARS));
    let err = decode(&code).unwrap_err();
    assert_eq!(
        err,
        CodeError::TooLong {
            chars: MAX_CODE_CHARS + 2
        }
    );
    assert!(err.to_string().contains("at most"), "{err}");
}

#[test]
fn a_newer_or_unknown_version_is_named() {
    let code = encode(&first_crossing());
    let newer = code.replacen("1.", "3.", 1);
    let err = decode(&newer).unwrap_err();
    assert_eq!(err, CodeError::Version(3));
    assert!(err.to_string().contains("newer version"), "{err}");
    assert!(err.to_string().contains("code version 3"), "{err}");
    assert_eq!(
        decode(&code.replacen("1.", "0.", 1)),
        Err(CodeError::Version(0))
    );
    assert_eq!(CodeError::Version(0).to_string(), "unknown code version 0");
    let huge = code.replacen("1.", "99999999999999999999999.", 1);
    assert_eq!(decode(&huge), Err(CodeError::Version(u64::MAX)));
}

#[test]
fn an_unknown_character_is_named_with_its_place() {
    let code = encode(&first_crossing());
    let mut chars: Vec<char> = code.chars().collect();
    chars[11] = '!';
    let bad: String = chars.iter().collect();
    let err = decode(&bad).unwrap_err();
    assert_eq!(
        err,
        CodeError::UnknownCharacter {
            found: '!',
            position: 12
        }
    );
    assert!(
        err.to_string().starts_with("unknown character '!' at 12"),
        "{err}"
    );
    // The other URL-safe characters are not part of a code's body either.
    for c in ['.', '~', 'é', ' '] {
        chars[5] = c;
        let bad: String = chars.iter().collect();
        assert_eq!(
            decode(&bad),
            Err(CodeError::UnknownCharacter {
                found: c,
                position: 6
            })
        );
    }
}

#[test]
fn every_cut_of_a_code_is_cut_short() {
    for level in campaign_levels().iter().take(8) {
        let code = encode(level);
        for end in 2..code.len() {
            assert_eq!(decode(&code[..end]), Err(CodeError::CutShort), "{end}");
        }
    }
    assert!(CodeError::CutShort.to_string().contains("cut short"));
}

#[test]
fn characters_added_to_a_code_are_caught() {
    let code = encode(&first_crossing());
    for extra in ["A", "AB", "ABC", "ABCD", "_"] {
        assert_eq!(
            decode(&format!("{code}{extra}")),
            Err(CodeError::TooManyCharacters),
            "{extra}"
        );
    }
    assert!(
        CodeError::TooManyCharacters
            .to_string()
            .contains("more characters")
    );
}

#[test]
fn a_changed_character_fails_the_check() {
    let code = encode(&first_crossing());
    let mut chars: Vec<char> = code.chars().collect();
    let at = chars.len() / 2;
    chars[at] = if chars[at] == 'x' { 'y' } else { 'x' };
    let changed: String = chars.iter().collect();
    let err = decode(&changed).unwrap_err();
    assert_eq!(err, CodeError::Mistyped);
    assert!(err.to_string().contains("typo"), "{err}");
}

#[test]
fn a_grid_out_of_limits_is_named_before_it_is_read() {
    let mut body = Vec::new();
    put_varint(&mut body, 900);
    put_varint(&mut body, 900);
    let err = decode(&code_of(&body)).unwrap_err();
    assert_eq!(
        err,
        CodeError::GridSize {
            width: 900,
            height: 900
        }
    );
    assert_eq!(err.to_string(), "grid 900x900 is beyond the 64x64 limit");
    let mut body = Vec::new();
    put_varint(&mut body, 1);
    put_varint(&mut body, 5);
    assert_eq!(
        decode(&code_of(&body)).unwrap_err().to_string(),
        "grid 1x5 is below the 2x2 minimum"
    );
}

#[test]
fn bytes_that_make_no_level_are_damaged() {
    let good = body_of(&first_crossing());
    // Width and height are one byte each here, the palette two more, the grid after them.
    let mut bad_goal = good.clone();
    let goal_at = good.len()
        - [
            "First Crossing".len() + 1,
            "Merge Islands".len() + 1,
            "Sand joins every island it touches.".len() + 1,
            4, // budget (2), par (1), goal (1)
        ]
        .iter()
        .sum::<usize>();
    assert_eq!(good[goal_at], 0, "ConnectAll");
    bad_goal[goal_at] = 7;
    let mut not_utf8 = good.clone();
    let name_at = goal_at + 5;
    assert_eq!(not_utf8[name_at - 1], 14, "the name's length");
    not_utf8[name_at] = 0xff;
    let mut left_over = good.clone();
    left_over.push(0);
    let mut cut_inside = good.clone();
    cut_inside.truncate(goal_at + 2);
    let mut long_text = good.clone();
    long_text[name_at - 1] = 0x7f;
    let mut huge_par = good[..goal_at + 3].to_vec();
    huge_par.extend_from_slice(&[0xff; 11]);
    let mut no_palette = good.clone();
    no_palette[2] = 0;
    no_palette[3] = 0;
    for (body, why) in [
        (bad_goal, "its goal is unknown"),
        (not_utf8, "its name is not UTF-8 text"),
        (left_over, "bytes are left over after its tip"),
        (cut_inside, "it ends too soon"),
        (long_text, "a text runs past the end"),
        (huge_par, "a number is too large"),
        (no_palette, "its grid names no cells"),
    ] {
        let err = decode(&code_of(&body)).unwrap_err();
        assert_eq!(err, CodeError::Damaged(why));
        assert_eq!(err.to_string(), format!("this code holds no level: {why}"));
    }
}

#[test]
fn a_broken_grid_is_damaged() {
    let mut body = Vec::new();
    put_varint(&mut body, 2);
    put_varint(&mut body, 2);
    // Three kinds (2 bits each), cell by cell: symbol 3 names no kind.
    body.extend_from_slice(&0b1101u16.to_le_bytes());
    // Mode 0, then symbols 3, 0, 0, 0.
    body.push(0b0110_0000);
    body.push(0);
    assert_eq!(
        decode(&code_of(&body)),
        Err(CodeError::Damaged("its grid names a cell it does not list"))
    );
    // One kind, in runs: a run of 8 on a grid of 4.
    let mut body = Vec::new();
    put_varint(&mut body, 2);
    put_varint(&mut body, 2);
    body.extend_from_slice(&0b100u16.to_le_bytes());
    // Mode 1, then the gamma code 0001000: a run of 8.
    body.push(0b1000_1000);
    assert_eq!(
        decode(&code_of(&body)),
        Err(CodeError::Damaged("a run of cells is longer than the grid"))
    );
    // Padding after the grid that is not zero.
    let mut body = Vec::new();
    put_varint(&mut body, 2);
    put_varint(&mut body, 2);
    body.extend_from_slice(&0b100u16.to_le_bytes());
    // Mode 0 with no bits a cell, then padding ending in 1.
    body.push(0b0000_0001);
    assert_eq!(
        decode(&code_of(&body)),
        Err(CodeError::Damaged("stray bits after its grid"))
    );
}

#[test]
fn a_level_breaking_a_file_rule_is_refused_as_its_file_would_be() {
    let mut level = first_crossing();
    level.goal = Goal::Reach(0);
    assert!(matches!(
        decode(&encode(&level)),
        Err(CodeError::Level(LevelError::GoalOutOfRange(_)))
    ));
    let mut level = first_crossing();
    // Tribe b on the island of tribe a's cell at row 2, column 4.
    level.cells[4] = Cell::Land(Tribe::new(1));
    let err = decode(&encode(&level)).unwrap_err();
    assert!(
        matches!(
            err,
            CodeError::Level(LevelError::Board(BoardError::TribesShareIsland { .. }))
        ),
        "{err:?}"
    );
    // A bridge is no level cell: refused with its row and column, as in a file.
    let mut level = first_crossing();
    level.cells[7] = Cell::Bridge {
        axis: Axis::Vertical,
        over_deep: false,
    };
    let err = decode(&encode(&level)).unwrap_err();
    assert_eq!(
        err,
        CodeError::Level(LevelError::UnknownCell {
            row: 1,
            column: 2,
            found: '|'
        })
    );
    assert!(err.to_string().contains("row 1, column 2"), "{err}");
}

// ---- Never a panic, never a wrong level ----

/// A random string drawn from code characters, the dot, digits and a few others.
fn random_text(rng: &mut ChaCha8Rng) -> String {
    const EXTRA: [char; 6] = ['.', '~', ' ', '!', 'é', '島'];
    let len = (rng.next_u32() % 120) as usize;
    let mut text: String = (0..len)
        .map(|_| match rng.next_u32() % 10 {
            0 => EXTRA[(rng.next_u32() % 6) as usize],
            _ => char::from(ALPHABET[(rng.next_u32() % 64) as usize]),
        })
        .collect();
    if rng.next_u32().is_multiple_of(2) {
        text.insert_str(0, "1.");
    }
    text
}

#[test]
fn thousands_of_random_strings_never_panic_and_never_make_a_bad_level() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    for _ in 0..20_000 {
        let text = random_text(&mut rng);
        if let Ok(level) = decode(&text) {
            assert!(level.board().is_ok(), "{text}");
        }
    }
}

#[test]
fn every_single_change_to_a_real_code_is_refused() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let replacements: Vec<char> = URL_SAFE.chars().chain(['!', ' ', 'é']).collect();
    let mut tried = 0;
    for level in campaign_levels() {
        let code = encode(&level);
        let chars: Vec<char> = code.chars().collect();
        for _ in 0..100 {
            let at = (rng.next_u32() as usize) % chars.len();
            let with = replacements[(rng.next_u32() as usize) % replacements.len()];
            let mut changed = chars.clone();
            match rng.next_u32() % 3 {
                0 if changed[at] != with => changed[at] = with,
                1 => changed.insert(at, with),
                2 => {
                    changed.remove(at);
                }
                _ => continue,
            }
            let changed: String = changed.into_iter().collect();
            // Spaces around a code are ignored; anything else changed is refused.
            if changed.trim() == code {
                continue;
            }
            tried += 1;
            assert!(
                decode(&changed).is_err(),
                "{code} -> {changed} decoded to a level"
            );
        }
    }
    assert!(tried > 3000, "{tried}");
}

proptest! {
    /// Any text at all: an error or a level, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        if let Ok(level) = decode(&text) {
            prop_assert!(level.board().is_ok());
        }
    }

    /// Any bytes behind a right length and check: an error or a level the game can open.
    #[test]
    fn arbitrary_sealed_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(level) = decode(&code_of(&body)) {
            prop_assert!(level.board().is_ok());
        }
    }
}
