//! Puzzle moves and their text syntax: sand `r,c`, bridge `r1,c1-r2,c2`.

use super::cell::Pos;
use std::fmt;
use std::str::FromStr;

/// A move of puzzle mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Move {
    /// Turn a shallow water cell into land.
    Sand(Pos),
    /// Join the islands of two land cells across a straight run of water.
    Bridge(Pos, Pos),
}

impl Move {
    /// The same move with a bridge's ends in reading order, so that `a-b` and `b-a` compare equal.
    pub fn normalized(self) -> Move {
        match self {
            Move::Bridge(a, b) if b < a => Move::Bridge(b, a),
            other => other,
        }
    }

    pub fn is_bridge(self) -> bool {
        matches!(self, Move::Bridge(..))
    }
}

impl fmt::Display for Move {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Move::Sand(p) => write!(f, "{p}"),
            Move::Bridge(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

/// Why a piece of text is not a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveSyntaxError {
    pub text: String,
}

impl fmt::Display for MoveSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a move (sand is 'row,col', a bridge 'row,col-row,col')",
            self.text
        )
    }
}

impl std::error::Error for MoveSyntaxError {}

fn parse_pos(text: &str) -> Option<Pos> {
    let (r, c) = text.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(r) || !digits(c) {
        return None;
    }
    Some(Pos::new(r.parse().ok()?, c.parse().ok()?))
}

impl FromStr for Move {
    type Err = MoveSyntaxError;

    fn from_str(text: &str) -> Result<Move, MoveSyntaxError> {
        let error = || MoveSyntaxError {
            text: text.to_string(),
        };
        match text.split_once('-') {
            None => parse_pos(text).map(Move::Sand).ok_or_else(error),
            Some((a, b)) => match (parse_pos(a), parse_pos(b)) {
                (Some(a), Some(b)) => Ok(Move::Bridge(a, b)),
                _ => Err(error()),
            },
        }
    }
}

/// Splits a move list on whitespace; each token parses on its own, so one bad token does
/// not hide the others.
pub fn parse_move_list(text: &str) -> Vec<Result<Move, MoveSyntaxError>> {
    text.split_whitespace().map(str::parse).collect()
}

/// Writes moves in the command-line syntax, separated by spaces.
pub fn format_move_list(moves: &[Move]) -> String {
    moves
        .iter()
        .map(Move::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sand_and_bridge_parse_and_print_back() {
        assert_eq!("3,4".parse(), Ok(Move::Sand(Pos::new(3, 4))));
        assert_eq!(
            "0,1-0,5".parse(),
            Ok(Move::Bridge(Pos::new(0, 1), Pos::new(0, 5)))
        );
        for text in ["3,4", "0,1-0,5", "12,0-2,0"] {
            assert_eq!(text.parse::<Move>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_moves_are_errors() {
        for text in [
            "",
            "3",
            "3,",
            ",4",
            "a,b",
            "1,2-3",
            "1,2-3,4-5,6",
            "-1,2",
            "1, 2",
            "+1,2",
        ] {
            assert!(text.parse::<Move>().is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn a_list_keeps_each_token_apart() {
        let parsed = parse_move_list(" 0,0  x 1,1-1,3\n");
        assert_eq!(parsed.len(), 3);
        assert!(parsed[0].is_ok() && parsed[1].is_err() && parsed[2].is_ok());
    }

    #[test]
    fn bridges_compare_equal_either_way_round_once_normalized() {
        let a: Move = "2,0-2,4".parse().unwrap();
        let b: Move = "2,4-2,0".parse().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.normalized(), b.normalized());
    }
}
