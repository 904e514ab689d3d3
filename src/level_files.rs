//! Level files and the campaign on disk: reading with limits, finding levels in folders,
//! and writing files atomically. Shared by the command line and the desktop game.

use crate::rules::level::{Level, LevelError, MAX_FILE_BYTES, parse_ron};
use crate::rules::level_code::{self, CodeError};
use serde::Deserialize;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Level files end in this.
pub const LEVEL_EXTENSION: &str = ".level.ron";
/// The campaign's order, inside the levels folder.
pub const CAMPAIGN_FILE: &str = "campaign.ron";
/// Levels made in the editor, inside the levels folder.
pub const CUSTOM_FOLDER: &str = "custom";

/// The shipped levels folder (campaign order and level files, not `custom/`), built into
/// the game for the browser: `(path inside levels/, text)`, by path.
pub static EMBEDDED_LEVELS: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_levels.rs"));

/// Where the editor saves a level called `name`: `custom/<safe name>.level.ron` inside the
/// levels folder, whatever the name holds.
pub fn custom_level_path(levels_dir: &Path, name: &str) -> PathBuf {
    let stem = crate::level_draft::file_stem_for(name);
    levels_dir
        .join(CUSTOM_FOLDER)
        .join(format!("{stem}{LEVEL_EXTENSION}"))
}

/// Whether `path` lies inside `folder` once `..` and links are resolved (the file itself
/// need not exist yet, its folder must).
pub fn is_inside(path: &Path, folder: &Path) -> bool {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    match (parent.canonicalize(), folder.canonicalize()) {
        (Ok(parent), Ok(folder)) => parent.join(name).starts_with(folder) && name != "..",
        _ => false,
    }
}

/// A problem with one file, naming it.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub kind: FileErrorKind,
}

#[derive(Debug)]
pub enum FileErrorKind {
    Io(io::Error),
    Level(LevelError),
    Campaign(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            FileErrorKind::Io(e) => write!(f, "{path}: {e}"),
            // Syntax errors read "file:line:column: message", as compilers write them.
            FileErrorKind::Level(e @ LevelError::Syntax(_)) => write!(f, "{path}:{e}"),
            FileErrorKind::Level(e) => write!(f, "{path}: {e}"),
            FileErrorKind::Campaign(why) => write!(f, "{path}: {why}"),
        }
    }
}

impl std::error::Error for FileError {}

/// Reads at most `limit` bytes of a file; a larger file is an error before any parsing.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, FileError> {
    let error = |kind| FileError {
        path: path.to_path_buf(),
        kind,
    };
    let file = fs::File::open(path).map_err(|e| error(FileErrorKind::Io(e)))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit to tell "exactly at the limit" from "over it", even for
    // files whose size the metadata does not know (pipes, /proc).
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(FileErrorKind::Io(e)))?;
    if bytes.len() > limit {
        let size = fs::metadata(path)
            .map(|m| m.len() as usize)
            .unwrap_or(bytes.len());
        return Err(error(FileErrorKind::Level(LevelError::TooLarge {
            bytes: size,
        })));
    }
    Ok(bytes)
}

/// Reads and checks one level file (par is not proven here: see the validator).
pub fn read_level(path: &Path) -> Result<Level, FileError> {
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    Level::from_ron_bytes(&bytes).map_err(|e| FileError {
        path: path.to_path_buf(),
        kind: FileErrorKind::Level(e),
    })
}

/// A level named where a file is expected: a file when one exists at that path (a file
/// always wins), else a level code.
#[derive(Debug)]
pub enum LevelSourceError {
    File(FileError),
    Code {
        code: String,
        error: CodeError,
    },
    /// No file, and not a code either.
    Neither {
        text: String,
    },
}

impl fmt::Display for LevelSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelSourceError::File(e) => write!(f, "{e}"),
            LevelSourceError::Code { code, error } => {
                write!(f, "{}: {error}", describe_code(code))
            }
            LevelSourceError::Neither { text } => write!(
                f,
                "{text}: no such file, and not a level code (a code starts with its version, such as \"{}.\")",
                level_code::CODE_VERSION
            ),
        }
    }
}

impl std::error::Error for LevelSourceError {}

/// How messages name a code: its first characters, enough to recognise it on one line.
pub fn describe_code(code: &str) -> String {
    const SHOWN: usize = 16;
    let code = code.trim();
    if code.chars().count() <= SHOWN {
        format!("level code {code}")
    } else {
        let start: String = code.chars().take(SHOWN).collect();
        format!("level code {start}...")
    }
}

/// The level code `source` stands for, if any: text that names no file or folder, shaped
/// like a code, with no folder separator in it (a missing path that merely starts with
/// digits and a dot stays a path).
pub fn level_code_in(source: &Path) -> Option<&str> {
    let text = source.to_str()?;
    let code = level_code::looks_like_code(text) && !text.contains(['/', '\\']);
    (code && !source.exists()).then_some(text)
}

/// How messages name a level given as a path or a code.
pub fn describe_level_source(source: &Path) -> String {
    match level_code_in(source) {
        Some(code) => describe_code(code),
        None => source.display().to_string(),
    }
}

/// Reads the level at `source`, a file path or a level code: a path where a file (or
/// folder) exists is read as a file; otherwise text shaped like a code (`1.` and more) is
/// decoded as one (see [`level_code_in`]).
pub fn read_level_or_code(source: &Path) -> Result<Level, LevelSourceError> {
    if source.exists() {
        return read_level(source).map_err(LevelSourceError::File);
    }
    match level_code_in(source) {
        Some(code) => level_code::decode(code).map_err(|error| LevelSourceError::Code {
            code: code.to_string(),
            error,
        }),
        None => Err(LevelSourceError::Neither {
            text: source.display().to_string(),
        }),
    }
}

/// Every `*.level.ron` under `dir`, recursively, sorted by path.
pub fn find_level_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if is_level_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

pub fn is_level_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(LEVEL_EXTENSION))
}

/// The campaign file (`campaign.ron`): chapters of level files, in order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Campaign", deny_unknown_fields)]
pub struct CampaignFile {
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Chapter", deny_unknown_fields)]
pub struct Chapter {
    pub name: String,
    /// Level files, relative to the campaign file's folder.
    pub levels: Vec<String>,
}

/// Reads a campaign file and checks that every level it names exists.
pub fn read_campaign(path: &Path) -> Result<CampaignFile, FileError> {
    let error = |why: String| FileError {
        path: path.to_path_buf(),
        kind: FileErrorKind::Campaign(why),
    };
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| error("not UTF-8 text".into()))?;
    let campaign: CampaignFile = parse_ron(text).map_err(|e| error(e.to_string()))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    for chapter in &campaign.chapters {
        for level in &chapter.levels {
            if !folder.join(level).is_file() {
                return Err(error(format!(
                    "chapter \"{}\" names {level}, which does not exist",
                    chapter.name
                )));
            }
        }
    }
    Ok(campaign)
}

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never half:
/// a temporary file in the same folder, flushed to disk, then renamed over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let temp = folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("merge-islands-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let dir = scratch("errors");
        let path = dir.join("broken.level.ron");
        fs::write(
            &path,
            "Level(\n    format: 1,\n    name: \"x\"\n    grid: [],\n)",
        )
        .unwrap();
        let message = read_level(&path).unwrap_err().to_string();
        assert!(
            message.starts_with(&format!("{}:4:5: ", path.display())),
            "{message}"
        );
    }

    #[test]
    fn custom_levels_stay_inside_the_levels_folder() {
        let dir = scratch("custom");
        let path = custom_level_path(&dir, "../../Evil/Name");
        assert_eq!(path, dir.join("custom/evil-name.level.ron"));
        fs::create_dir_all(dir.join("custom")).unwrap();
        assert!(is_inside(&path, &dir));
        assert!(!is_inside(&dir.join("custom/../../x.level.ron"), &dir));
        assert!(!is_inside(Path::new("/etc/passwd"), &dir));
    }

    #[test]
    fn a_level_is_read_from_a_file_where_one_exists_else_from_a_code() {
        let text = crate::rules::level::tests::FIRST_CROSSING;
        let level = Level::from_ron_bytes(text.as_bytes()).unwrap();
        let code = level_code::encode(&level);
        assert_eq!(read_level_or_code(Path::new(&code)).unwrap(), level);
        // A file named like a code is read as the file.
        let dir = scratch("file-or-code");
        let named_like_a_code = dir.join("1.AAAA");
        fs::write(&named_like_a_code, text.replace("par: 3", "par: 4")).unwrap();
        assert_eq!(read_level_or_code(&named_like_a_code).unwrap().par, 4);
        assert_eq!(level_code_in(&named_like_a_code), None);
        // A missing path that starts like a code is still a path.
        assert_eq!(level_code_in(Path::new("2.5/missing.level.ron")), None);
        let missing = read_level_or_code(Path::new("2.5/missing.level.ron")).unwrap_err();
        assert!(
            matches!(missing, LevelSourceError::Neither { .. }),
            "{missing}"
        );
        let cut = read_level_or_code(Path::new(&code[..20])).unwrap_err();
        assert!(
            matches!(
                cut,
                LevelSourceError::Code {
                    error: CodeError::CutShort,
                    ..
                }
            ),
            "{cut}"
        );
        assert_eq!(
            cut.to_string(),
            format!(
                "level code {}...: this code is cut short: characters are missing",
                &code[..16]
            )
        );
    }

    #[test]
    fn oversized_files_are_refused_unread() {
        let dir = scratch("huge");
        let path = dir.join("huge.level.ron");
        fs::write(&path, vec![b'#'; MAX_FILE_BYTES + 10]).unwrap();
        let message = read_level(&path).unwrap_err().to_string();
        assert!(message.contains("at most 1048576 bytes"), "{message}");
    }

    #[test]
    fn atomic_writes_replace_the_whole_file_and_leave_no_temporary() {
        let dir = scratch("atomic");
        let path = dir.join("progress.ron");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn level_files_are_found_recursively_in_order() {
        let dir = scratch("find");
        fs::create_dir_all(dir.join("b")).unwrap();
        for p in ["b/2.level.ron", "a.level.ron", "notes.txt", "campaign.ron"] {
            fs::write(dir.join(p), "").unwrap();
        }
        let found = find_level_files(&dir).unwrap();
        assert_eq!(
            found,
            vec![dir.join("a.level.ron"), dir.join("b/2.level.ron")]
        );
    }

    #[test]
    fn a_campaign_naming_a_missing_level_is_refused() {
        let dir = scratch("campaign");
        fs::write(dir.join("one.level.ron"), "").unwrap();
        let path = dir.join(CAMPAIGN_FILE);
        fs::write(
            &path,
            "Campaign(chapters: [(name: \"Sand\", levels: [\"one.level.ron\"])])",
        )
        .unwrap();
        assert_eq!(read_campaign(&path).unwrap().chapters[0].levels.len(), 1);
        fs::write(
            &path,
            "Campaign(chapters: [(name: \"Sand\", levels: [\"two.level.ron\"])])",
        )
        .unwrap();
        let message = read_campaign(&path).unwrap_err().to_string();
        assert!(
            message.contains("two.level.ron, which does not exist"),
            "{message}"
        );
    }

    /// The shipped campaign: at least 40 levels, every file named once and every shipped
    /// level file in it, no two levels sharing a name, a file stem (`?level=` and `--level`
    /// find levels by it) or a board (turned or mirrored), and an opening chapter of small
    /// boards with a short tip each, whose first level is won with one grain of sand on a
    /// board of nothing but land and shallow water.
    #[test]
    fn the_shipped_campaign_has_forty_distinct_levels_and_a_gentle_start() {
        use crate::rules::cell::Cell;
        use std::collections::HashMap;
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("levels");
        let campaign = read_campaign(&folder.join(CAMPAIGN_FILE)).unwrap();
        let files: Vec<&String> = campaign.chapters.iter().flat_map(|c| &c.levels).collect();
        assert!(files.len() >= 40, "only {} levels", files.len());

        let mut names = HashMap::new();
        let mut stems = HashMap::new();
        let mut shapes = HashMap::new();
        for file in &files {
            let level = read_level(&folder.join(file)).unwrap();
            let stem = file
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(LEVEL_EXTENSION);
            for (seen, key, what) in [
                (&mut names, level.name.to_lowercase(), "name"),
                (&mut stems, stem.to_lowercase(), "file stem"),
            ] {
                if let Some(first) = seen.insert(key, *file) {
                    panic!("{file} has the same {what} as {first}");
                }
            }
            if let Some(first) = shapes.insert(level.shape_key(), *file) {
                panic!("{file} is the same puzzle as {first}");
            }
        }
        assert_eq!(stems.len(), files.len(), "a file is named twice");

        let shipped: Vec<String> = find_level_files(&folder)
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(&folder)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .filter(|rel| !rel.starts_with(&format!("{CUSTOM_FOLDER}/")))
            .collect();
        for rel in &shipped {
            assert!(
                files.contains(&rel),
                "{rel} is shipped but not in the campaign"
            );
        }

        for file in &campaign.chapters[0].levels {
            let level = read_level(&folder.join(file)).unwrap();
            assert!(level.width <= 6 && level.height <= 6, "{file} is not small");
            let tip = level.tip.as_deref().unwrap_or_default();
            assert!(
                !tip.is_empty() && tip.chars().count() <= 80,
                "{file}: tip {tip:?}"
            );
        }
        let first = read_level(&folder.join(files[0])).unwrap();
        assert_eq!(first.par, 1, "{}", files[0]);
        assert!(
            first
                .cells
                .iter()
                .all(|c| matches!(c, Cell::Shallow | Cell::Land(None))),
            "{} shows more than land and shallow water",
            files[0]
        );
    }
}
