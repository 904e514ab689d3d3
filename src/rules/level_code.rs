//! Level codes: a whole level as one short line of URL-safe characters, to share by chat, in
//! a link or on the command line (RULES.md section 4).
//!
//! A code is `<version>.<body>`: the version in decimal digits, a dot, then the level's bytes
//! in unpadded base64url. The bytes (version 1) are
//!
//! ```text
//! length   varint: how many bytes follow, before the check
//! width, height                   varints
//! palette  u16, little-endian: bit k set when cell kind k appears (kinds below)
//! grid     bits, most significant first, padded with zeros to a byte:
//!          1 bit mode; each cell (mode 0) or each run of equal cells (mode 1) as its
//!          index in the palette (just enough bits for the palette's size), a run's
//!          length after it in Elias gamma code
//! goal     byte 0 ConnectAll, 1 Islands, 2 Reach; the last two with a varint
//! budget   sand, bridges: varint, 0 for unlimited, else the limit + 1
//! par      varint
//! name, author   varint byte length, UTF-8
//! tip      varint, 0 for none, else byte length + 1; UTF-8
//! check    CRC-32 of everything above (length included), 4 bytes, big-endian
//! ```
//!
//! Cell kinds: 0 `.`, 1 `~`, 2 `#`, 3 `^`, 4..=11 tribes `a`..`h`, 12..=15 bridges (never in
//! a level, so a code holding one is refused as a file holding `=` or `|` is).
//!
//! The length tells a code cut short from a mistyped one; the check catches a mistyped
//! character. A decoded level is checked as a level file is, so it always opens.

use super::cell::{Axis, Cell, Tribe};
use super::goal::{Budget, Goal};
use super::level::{Level, LevelError, MAX_FILE_BYTES, MAX_SIDE, MIN_SIDE};
use std::fmt;

/// The code version this game writes and reads.
pub const CODE_VERSION: u64 = 1;

/// Longer codes are refused before decoding: a level file is at most 1 MiB, and its code
/// (text at 4 characters for 3 bytes, the grid far smaller than in the file) fits in this.
pub const MAX_CODE_CHARS: usize = MAX_FILE_BYTES / 3 * 4 + 64;

/// Why text is not a level code, in words fit to show a player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Nothing but spaces.
    Empty,
    /// No version in front (`1.`): not a level code at all.
    NotACode,
    TooLong {
        chars: usize,
    },
    /// A version this game cannot read: newer than [`CODE_VERSION`], or 0.
    Version(u64),
    /// A character outside the code's alphabet; `position` counts characters from 1.
    UnknownCharacter {
        found: char,
        position: usize,
    },
    /// Fewer characters than the code says it has.
    CutShort,
    /// More characters than the code says it has.
    TooManyCharacters,
    /// The check does not match: a character was changed.
    Mistyped,
    /// The check matches but the bytes make no level (a code not made by the game).
    Damaged(&'static str),
    /// A grid outside the level limits.
    GridSize {
        width: u64,
        height: u64,
    },
    /// The level breaks a rule a level file must keep.
    Level(LevelError),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "the code is empty"),
            CodeError::NotACode => write!(
                f,
                "this is not a level code (a level code starts with its version, such as \"{CODE_VERSION}.\")"
            ),
            CodeError::TooLong { chars } => write!(
                f,
                "this code is {chars} characters long; level codes are at most {MAX_CODE_CHARS}"
            ),
            CodeError::Version(v) if *v > CODE_VERSION => write!(
                f,
                "this code was made by a newer version of the game (code version {v}; this game reads version {CODE_VERSION})"
            ),
            CodeError::Version(v) => write!(f, "unknown code version {v}"),
            CodeError::UnknownCharacter { found, position } => write!(
                f,
                "unknown character {found:?} at {position} (codes use A-Z a-z 0-9 - _ after the version)"
            ),
            CodeError::CutShort => write!(f, "this code is cut short: characters are missing"),
            CodeError::TooManyCharacters => write!(
                f,
                "this code has more characters than it should: something was added to it"
            ),
            CodeError::Mistyped => write!(
                f,
                "this code has a typo: its check does not match (a character was changed)"
            ),
            CodeError::Damaged(why) => write!(f, "this code holds no level: {why}"),
            CodeError::GridSize { width, height } => {
                let (w, h) = (width, height);
                if *w < MIN_SIDE as u64 || *h < MIN_SIDE as u64 {
                    write!(f, "grid {w}x{h} is below the {MIN_SIDE}x{MIN_SIDE} minimum")
                } else {
                    write!(f, "grid {w}x{h} is beyond the {MAX_SIDE}x{MAX_SIDE} limit")
                }
            }
            CodeError::Level(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CodeError {}

/// Whether `text` has the form of a level code (a version, a dot, then anything), so that a
/// caller can tell a code from a file name before trying it.
pub fn looks_like_code(text: &str) -> bool {
    split_version(text.trim()).is_some()
}

/// The level's code. The same level always gives the same code.
pub fn encode(level: &Level) -> String {
    let mut body = Vec::new();
    put_varint(&mut body, level.width as u64);
    put_varint(&mut body, level.height as u64);
    put_grid(&mut body, &level.cells);
    match level.goal {
        Goal::ConnectAll => body.push(0),
        Goal::Islands(k) => {
            body.push(1);
            put_varint(&mut body, k.into());
        }
        Goal::Reach(s) => {
            body.push(2);
            put_varint(&mut body, s.into());
        }
    }
    for limit in [level.budget.sand, level.budget.bridges] {
        put_varint(&mut body, limit.map_or(0, |n| u64::from(n) + 1));
    }
    put_varint(&mut body, level.par.into());
    put_text(&mut body, &level.name);
    put_text(&mut body, &level.author);
    match &level.tip {
        None => put_varint(&mut body, 0),
        Some(tip) => {
            put_varint(&mut body, tip.len() as u64 + 1);
            body.extend_from_slice(tip.as_bytes());
        }
    }
    format!("{CODE_VERSION}.{}", base64url(&sealed(&body)))
}

/// The level a code holds, checked as a level file is. Spaces around the code are ignored.
pub fn decode(code: &str) -> Result<Level, CodeError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    let chars = code.chars().count();
    if chars > MAX_CODE_CHARS {
        return Err(CodeError::TooLong { chars });
    }
    let (version, body) = split_version(code).ok_or(CodeError::NotACode)?;
    if version != CODE_VERSION {
        return Err(CodeError::Version(version));
    }
    // Characters before the body: the version's digits and the dot.
    let offset = code.len() - body.len();
    let (bytes, tail) = from_base64url(body, offset)?;
    let payload = match (unsealed(&bytes), tail) {
        (Err(CodeError::CutShort), _) => return Err(CodeError::CutShort),
        // One character past whole bytes: one was added (or a piece is missing, above).
        (_, Tail::Lone) => return Err(CodeError::TooManyCharacters),
        (Err(e), _) => return Err(e),
        // Padding bits are always zero: a changed last character.
        (Ok(_), Tail::Dirty) => return Err(CodeError::Mistyped),
        (Ok(payload), Tail::Clean) => payload,
    };
    read_level(payload)
}

/// The version number in front of a code and the rest after its dot. The number saturates:
/// a huge version is still "newer".
fn split_version(code: &str) -> Option<(u64, &str)> {
    let (digits, body) = code.split_once('.')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let version = digits.bytes().fold(0u64, |v, b| {
        v.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some((version, body))
}

// ---- Sealing: length in front, check behind ----

/// `body` with its length in front and the CRC-32 of both behind.
fn sealed(body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 8);
    put_varint(&mut bytes, body.len() as u64);
    bytes.extend_from_slice(body);
    let check = crc32(&bytes);
    bytes.extend_from_slice(&check.to_be_bytes());
    bytes
}

/// The body of sealed bytes, once its length and check agree.
fn unsealed(bytes: &[u8]) -> Result<&[u8], CodeError> {
    // A varint ends at its first byte below 0x80; a length that never ends is cut short.
    if !bytes.iter().take(10).any(|b| b & 0x80 == 0) {
        return Err(if bytes.len() < 10 {
            CodeError::CutShort
        } else {
            CodeError::Mistyped
        });
    }
    let mut reader = ByteReader { bytes, at: 0 };
    let length = reader.varint().map_err(|_| CodeError::Mistyped)?;
    let start = reader.at;
    let expected = (start as u64).saturating_add(length).saturating_add(4);
    let actual = bytes.len() as u64;
    if actual < expected {
        return Err(CodeError::CutShort);
    }
    if actual > expected {
        return Err(CodeError::TooManyCharacters);
    }
    let end = bytes.len() - 4;
    let mut check = [0; 4];
    check.copy_from_slice(&bytes[end..]);
    if crc32(&bytes[..end]) != u32::from_be_bytes(check) {
        return Err(CodeError::Mistyped);
    }
    Ok(&bytes[start..end])
}

/// CRC-32 (IEEE 802.3, as zip and PNG use it).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

// ---- base64url without padding ----

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |g, (i, &b)| g | u32::from(b) << (16 - 8 * i));
        // 1, 2 or 3 bytes take 2, 3 or 4 characters.
        for k in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * k) & 63) as usize]));
        }
    }
    out
}

fn sextet(c: char) -> Option<u32> {
    Some(match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '-' => 62,
        '_' => 63,
        _ => return None,
    })
}

/// What is left of a base64url body after its whole bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Nothing, or padding bits that are all zero.
    Clean,
    /// Padding bits that are not all zero.
    Dirty,
    /// One character: six bits, never a whole byte.
    Lone,
}

/// The whole bytes of a base64url body and what is left over; `offset` is how many
/// characters of the code precede the body, so that a bad character's position counts from
/// the start of the code.
fn from_base64url(body: &str, offset: usize) -> Result<(Vec<u8>, Tail), CodeError> {
    let mut values = Vec::with_capacity(body.len());
    for (i, c) in body.chars().enumerate() {
        let value = sextet(c).ok_or(CodeError::UnknownCharacter {
            found: c,
            position: offset + i + 1,
        })?;
        values.push(value);
    }
    let mut bytes = Vec::with_capacity(values.len() / 4 * 3 + 2);
    let mut groups = values.chunks_exact(4);
    for group in &mut groups {
        let g = group.iter().fold(0u32, |g, &v| g << 6 | v);
        bytes.extend_from_slice(&g.to_be_bytes()[1..]);
    }
    let tail = match *groups.remainder() {
        [] => Tail::Clean,
        [_] => Tail::Lone,
        [a, b] => {
            bytes.push((a << 2 | b >> 4) as u8);
            if b & 0b1111 == 0 {
                Tail::Clean
            } else {
                Tail::Dirty
            }
        }
        [a, b, c, ..] => {
            let g = a << 12 | b << 6 | c;
            bytes.extend_from_slice(&[(g >> 10) as u8, (g >> 2) as u8]);
            if c & 0b11 == 0 {
                Tail::Clean
            } else {
                Tail::Dirty
            }
        }
    };
    Ok((bytes, tail))
}

// ---- Numbers and text ----

/// LEB128: seven bits a byte, least significant first, high bit set while more follow.
fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl ByteReader<'_> {
    fn byte(&mut self) -> Result<u8, CodeError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(CodeError::Damaged("it ends too soon"))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, CodeError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            n |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(CodeError::Damaged("a number is too large"))
    }

    fn u32(&mut self) -> Result<u32, CodeError> {
        u32::try_from(self.varint()?).map_err(|_| CodeError::Damaged("a number is too large"))
    }

    /// A limit written as 0 for none, else the limit + 1.
    fn limit(&mut self) -> Result<Option<u32>, CodeError> {
        match self.varint()? {
            0 => Ok(None),
            n => u32::try_from(n - 1)
                .map(Some)
                .map_err(|_| CodeError::Damaged("a number is too large")),
        }
    }

    fn bytes(&mut self, len: u64) -> Result<&[u8], CodeError> {
        let left = self.bytes.len() - self.at;
        let len = usize::try_from(len)
            .ok()
            .filter(|&n| n <= left)
            .ok_or(CodeError::Damaged("a text runs past the end"))?;
        let slice = &self.bytes[self.at..self.at + len];
        self.at += len;
        Ok(slice)
    }

    fn text(&mut self, len: u64, what: &'static str) -> Result<String, CodeError> {
        let bytes = self.bytes(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CodeError::Damaged(what))
    }
}

// ---- The grid ----

/// The 16 cell kinds a code can name, in palette order.
fn kind(cell: Cell) -> usize {
    match cell {
        Cell::Shallow => 0,
        Cell::Deep => 1,
        Cell::Land(None) => 2,
        Cell::Rock => 3,
        Cell::Land(Some(t)) => 4 + t.index(),
        Cell::Bridge { axis, over_deep } => {
            12 + 2 * usize::from(axis == Axis::Vertical) + usize::from(over_deep)
        }
    }
}

fn cell_of_kind(kind: usize) -> Cell {
    match kind {
        0 => Cell::Shallow,
        1 => Cell::Deep,
        2 => Cell::Land(None),
        3 => Cell::Rock,
        4..=11 => Cell::Land(Tribe::new(kind as u8 - 4)),
        _ => Cell::Bridge {
            axis: if kind >= 14 {
                Axis::Vertical
            } else {
                Axis::Horizontal
            },
            over_deep: kind % 2 == 1,
        },
    }
}

/// Bits that tell `count` symbols apart (0 for one).
fn bits_for(count: usize) -> u32 {
    if count <= 1 {
        0
    } else {
        usize::BITS - (count - 1).leading_zeros()
    }
}

fn gamma_bits(run: usize) -> usize {
    2 * (usize::BITS - 1 - run.leading_zeros()) as usize + 1
}

fn put_grid(out: &mut Vec<u8>, cells: &[Cell]) {
    let kinds: Vec<usize> = cells.iter().map(|&c| kind(c)).collect();
    let palette = kinds.iter().fold(0u16, |p, &k| p | 1 << k);
    out.extend_from_slice(&palette.to_le_bytes());
    // Each kind's index among the kinds present.
    let symbol = |k: usize| (palette & ((1u16 << k) - 1)).count_ones() as u64;
    let bits = bits_for(palette.count_ones() as usize);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &k in &kinds {
        match runs.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => runs.push((k, 1)),
        }
    }
    let packed_bits = kinds.len() * bits as usize;
    let run_bits: usize = runs
        .iter()
        .map(|&(_, n)| bits as usize + gamma_bits(n))
        .sum();
    let mut writer = BitWriter::default();
    if run_bits < packed_bits {
        writer.put(1, 1);
        for (k, n) in runs {
            writer.put(symbol(k), bits);
            // Elias gamma: as many zeros as the length has bits after its first, then it.
            let width = usize::BITS - n.leading_zeros();
            writer.put(0, width - 1);
            writer.put(n as u64, width);
        }
    } else {
        writer.put(0, 1);
        for k in kinds {
            writer.put(symbol(k), bits);
        }
    }
    out.extend_from_slice(&writer.finish());
}

fn read_grid(reader: &mut ByteReader, cells: usize) -> Result<Vec<Cell>, CodeError> {
    let palette = u16::from_le_bytes([reader.byte()?, reader.byte()?]);
    let present: Vec<usize> = (0..16).filter(|k| palette & 1 << k != 0).collect();
    if present.is_empty() {
        return Err(CodeError::Damaged("its grid names no cells"));
    }
    let bits = bits_for(present.len());
    let mut bit_reader = BitReader {
        bytes: &reader.bytes[reader.at..],
        at: 0,
    };
    let bad_symbol = CodeError::Damaged("its grid names a cell it does not list");
    let mut grid = Vec::with_capacity(cells);
    if bit_reader.get(1)? == 1 {
        while grid.len() < cells {
            let k = *present
                .get(bit_reader.get(bits)? as usize)
                .ok_or_else(|| bad_symbol.clone())?;
            let mut zeros = 0;
            while bit_reader.get(1)? == 0 {
                zeros += 1;
                if zeros > 16 {
                    return Err(CodeError::Damaged("a run of cells is longer than the grid"));
                }
            }
            let run = (1 << zeros | bit_reader.get(zeros)?) as usize;
            if run > cells - grid.len() {
                return Err(CodeError::Damaged("a run of cells is longer than the grid"));
            }
            grid.extend(std::iter::repeat_n(cell_of_kind(k), run));
        }
    } else {
        for _ in 0..cells {
            let k = *present
                .get(bit_reader.get(bits)? as usize)
                .ok_or_else(|| bad_symbol.clone())?;
            grid.push(cell_of_kind(k));
        }
    }
    // The rest of the last byte is padding, always zeros.
    let pad = (8 - bit_reader.at % 8) % 8;
    if bit_reader.get(pad as u32)? != 0 {
        return Err(CodeError::Damaged("stray bits after its grid"));
    }
    reader.at += bit_reader.at / 8;
    Ok(grid)
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    bits: usize,
}

impl BitWriter {
    /// The low `count` bits of `value`, most significant first.
    fn put(&mut self, value: u64, count: u32) {
        for i in (0..count).rev() {
            if self.bits.is_multiple_of(8) {
                self.bytes.push(0);
            }
            let bit = (value >> i & 1) as u8;
            let last = self.bytes.len() - 1;
            self.bytes[last] |= bit << (7 - self.bits % 8);
            self.bits += 1;
        }
    }

    fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl BitReader<'_> {
    /// The next `count` (at most 32) bits as a number, most significant first.
    fn get(&mut self, count: u32) -> Result<u32, CodeError> {
        let mut value = 0;
        for _ in 0..count {
            let byte = self
                .bytes
                .get(self.at / 8)
                .ok_or(CodeError::Damaged("its grid ends too soon"))?;
            value = value << 1 | u32::from(byte >> (7 - self.at % 8) & 1);
            self.at += 1;
        }
        Ok(value)
    }
}

// ---- The level ----

fn read_level(body: &[u8]) -> Result<Level, CodeError> {
    let mut reader = ByteReader { bytes: body, at: 0 };
    let (width, height) = (reader.varint()?, reader.varint()?);
    let sides = MIN_SIDE as u64..=MAX_SIDE as u64;
    if !sides.contains(&width) || !sides.contains(&height) {
        return Err(CodeError::GridSize { width, height });
    }
    let (width, height) = (width as usize, height as usize);
    let cells = read_grid(&mut reader, width * height)?;
    // A bridge is refused as a level file refuses one: an unknown cell at its place.
    if let Some(i) = cells.iter().position(|c| matches!(c, Cell::Bridge { .. })) {
        return Err(CodeError::Level(LevelError::UnknownCell {
            row: i / width,
            column: i % width,
            found: cells[i].to_char(),
        }));
    }
    let goal = match reader.byte()? {
        0 => Goal::ConnectAll,
        1 => Goal::Islands(reader.u32()?),
        2 => Goal::Reach(reader.u32()?),
        _ => return Err(CodeError::Damaged("its goal is unknown")),
    };
    let budget = Budget {
        sand: reader.limit()?,
        bridges: reader.limit()?,
    };
    let par = reader.u32()?;
    let name_len = reader.varint()?;
    let name = reader.text(name_len, "its name is not UTF-8 text")?;
    let author_len = reader.varint()?;
    let author = reader.text(author_len, "its author is not UTF-8 text")?;
    let tip = match reader.varint()? {
        0 => None,
        n => Some(reader.text(n - 1, "its tip is not UTF-8 text")?),
    };
    if reader.at != body.len() {
        return Err(CodeError::Damaged("bytes are left over after its tip"));
    }
    Level {
        name,
        author,
        width,
        height,
        cells,
        goal,
        budget,
        par,
        tip,
    }
    .checked()
    .map_err(CodeError::Level)
}

#[cfg(test)]
#[path = "level_code_tests.rs"]
mod tests;
