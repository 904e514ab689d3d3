//! Island Conquest between two machines, without the transport: the messages the two sides
//! send each other, room codes, and the check every claim from the other side passes before
//! it is applied (the same rules on both sides, so both games stay the same game).
//!
//! Nothing here knows about sockets: the game's network plugin sends and receives the bytes
//! [`OnlineMessage::encode`] makes.

use super::rules::{ClaimRejection, Conquest, Player};
use crate::rules::cell::Pos;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the messages below; two sides with different versions do not play.
pub const PROTOCOL: u32 = 1;

/// The longest message read from the other side, in bytes (anything longer is refused
/// before it is parsed).
pub const MAX_MESSAGE_BYTES: usize = 512;

/// The letters of a room code: no I or O, which read as 1 and 0.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Letters in a room code.
pub const CODE_LENGTH: usize = 5;

/// What one side sends the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnlineMessage {
    /// Sent by the room's creator when the friend arrives, and for each rematch: the game's
    /// number (from 1), the grid's size and the creator's side.
    Start {
        protocol: u32,
        game: u32,
        size: usize,
        creator_plays_x: bool,
    },
    /// A claim: the game's number, the claims made before it in that game, and the cell.
    Claim {
        game: u32,
        number: usize,
        row: usize,
        col: usize,
    },
    /// The sender would play again (the creator then sends the next `Start`).
    Rematch { game: u32 },
    /// The sender leaves the room.
    Leave,
}

impl OnlineMessage {
    pub fn encode(&self) -> Vec<u8> {
        ron::to_string(self)
            .unwrap_or_else(|_| "Leave".to_string())
            .into_bytes()
    }

    /// Reads a message from the other side; anything too long or not a message is an
    /// error, said in words.
    pub fn decode(bytes: &[u8]) -> Result<OnlineMessage, String> {
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(format!(
                "a message of {} bytes (at most {MAX_MESSAGE_BYTES})",
                bytes.len()
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| "a message that is not text")?;
        ron::from_str(text).map_err(|e| format!("a message that could not be read ({e})"))
    }
}

/// Why a claim from the other side was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A claim for another game than the one in play.
    WrongGame { playing: u32, got: u32 },
    /// A claim sent when it was not the other side's turn.
    NotTheirTurn,
    /// A claim numbered out of order (one lost, repeated, or from the future).
    OutOfOrder { expected: usize, got: usize },
    /// A claim the rules refuse (taken, outside the grid, the game over).
    Illegal(ClaimRejection),
    /// Not a claim at all where one was expected.
    NotAClaim,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::WrongGame { playing, got } => {
                write!(f, "a claim for game {got} while game {playing} is in play")
            }
            Refusal::NotTheirTurn => write!(f, "a claim made out of turn"),
            Refusal::OutOfOrder { expected, got } => {
                write!(f, "claim number {got} where number {expected} was due")
            }
            Refusal::Illegal(why) => write!(f, "an impossible claim ({why})"),
            Refusal::NotAClaim => write!(f, "a message that is not a claim"),
        }
    }
}

/// Claims made so far in `game`.
pub fn claims_made(game: &Conquest) -> usize {
    game.size() * game.size() - game.empty_cells()
}

/// The message for a claim of `p` this side is about to make in game number `number`.
pub fn claim_message(game: &Conquest, game_number: u32, p: Pos) -> OnlineMessage {
    OnlineMessage::Claim {
        game: game_number,
        number: claims_made(game),
        row: p.row,
        col: p.col,
    }
}

/// Checks a claim from the other side against the local game, where this side plays `me`
/// in game number `game_number`: it must be that game's, the other side's turn, the next
/// claim in order, and allowed by the rules. The cell to claim, or why not.
pub fn check_remote_claim(
    game: &Conquest,
    me: Player,
    game_number: u32,
    message: &OnlineMessage,
) -> Result<Pos, Refusal> {
    let OnlineMessage::Claim {
        game: got,
        number,
        row,
        col,
    } = *message
    else {
        return Err(Refusal::NotAClaim);
    };
    if got != game_number {
        return Err(Refusal::WrongGame {
            playing: game_number,
            got,
        });
    }
    if game.is_over() {
        return Err(Refusal::Illegal(ClaimRejection::GameOver));
    }
    if game.to_move() == me {
        return Err(Refusal::NotTheirTurn);
    }
    let expected = claims_made(game);
    if number != expected {
        return Err(Refusal::OutOfOrder {
            expected,
            got: number,
        });
    }
    let row = i64::try_from(row).unwrap_or(i64::MAX);
    let col = i64::try_from(col).unwrap_or(i64::MAX);
    game.check(row, col).map_err(Refusal::Illegal)
}

/// A room code made from `seed` (the clock, when a room is created): five letters from an
/// alphabet without I and O.
pub fn room_code(seed: u64) -> String {
    // SplitMix64: every seed bit stirs every letter.
    let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (0..CODE_LENGTH)
        .map(|i| {
            let letter = (x >> (i * 8)) as usize % CODE_LETTERS.len();
            CODE_LETTERS[letter] as char
        })
        .collect()
}

/// A room code as a player typed it (any case, spaces and dashes ignored), or why it is
/// not one.
pub fn parse_room_code(typed: &str) -> Result<String, String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err("Type the room code your friend sees.".into());
    }
    if let Some(bad) = code.chars().find(|c| !CODE_LETTERS.contains(&(*c as u8))) {
        return Err(format!(
            "{bad:?} is not in room codes (they are {CODE_LENGTH} letters, without I or O)."
        ));
    }
    if code.chars().count() != CODE_LENGTH {
        return Err(format!(
            "A room code has {CODE_LENGTH} letters; this one has {}.",
            code.chars().count()
        ));
    }
    Ok(code)
}

/// The signalling room for a code on a server (`ws://host:port`): two players a room.
pub fn room_address(server: &str, code: &str) -> String {
    format!("{}/conquest_{code}?next=2", server.trim_end_matches('/'))
}

/// A signalling server's address as a player typed it, or why it is not one: `ws://` or
/// `wss://`, a host, and an optional port; `host:port` alone gets `ws://`.
pub fn parse_server(typed: &str) -> Result<String, String> {
    let typed = typed.trim().trim_end_matches('/');
    let full = if typed.contains("://") {
        typed.to_string()
    } else {
        format!("ws://{typed}")
    };
    let rest = full
        .strip_prefix("ws://")
        .or_else(|| full.strip_prefix("wss://"))
        .ok_or_else(|| format!("{typed:?}: a server's address starts with ws:// or wss://"))?;
    let host = rest.split(':').next().unwrap_or("");
    if host.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        return Err(format!("{typed:?} is not host or host:port"));
    }
    if let Some((_, port)) = rest.split_once(':')
        && port.parse::<u16>().is_err()
    {
        return Err(format!("{port:?} is not a port number"));
    }
    Ok(full)
}

/// The side the room's creator plays in game number `game` (from 1): X in odd games, O in
/// even ones, so a rematch swaps sides.
pub fn creator_side(game: u32) -> Player {
    if game % 2 == 1 { Player::X } else { Player::O }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_survive_the_trip_and_garbage_is_refused_in_words() {
        for m in [
            OnlineMessage::Start {
                protocol: PROTOCOL,
                game: 1,
                size: 9,
                creator_plays_x: true,
            },
            OnlineMessage::Claim {
                game: 2,
                number: 7,
                row: 3,
                col: 4,
            },
            OnlineMessage::Rematch { game: 1 },
            OnlineMessage::Leave,
        ] {
            assert_eq!(OnlineMessage::decode(&m.encode()), Ok(m));
        }
        assert!(OnlineMessage::decode(b"Claim(").is_err());
        assert!(OnlineMessage::decode(&[0xff, 0xfe]).is_err());
        assert!(OnlineMessage::decode(&vec![b' '; 10_000]).is_err());
    }

    #[test]
    fn a_remote_claim_is_applied_only_in_turn_in_order_and_by_the_rules() {
        let mut game = Conquest::new(3);
        let me = Player::X;
        // X (this side) moves first: a claim from the other side now is out of turn.
        let theirs = |number, row, col| OnlineMessage::Claim {
            game: 1,
            number,
            row,
            col,
        };
        assert_eq!(
            check_remote_claim(&game, me, 1, &theirs(0, 1, 1)),
            Err(Refusal::NotTheirTurn)
        );
        game.claim(0, 0).unwrap();
        assert_eq!(
            check_remote_claim(&game, me, 1, &theirs(1, 1, 1)),
            Ok(Pos::new(1, 1))
        );
        assert_eq!(
            check_remote_claim(&game, me, 1, &theirs(0, 1, 1)),
            Err(Refusal::OutOfOrder {
                expected: 1,
                got: 0
            })
        );
        assert_eq!(
            check_remote_claim(&game, me, 1, &theirs(1, 0, 0)),
            Err(Refusal::Illegal(ClaimRejection::Taken(Pos::new(0, 0))))
        );
        assert!(matches!(
            check_remote_claim(&game, me, 1, &theirs(1, 9, 0)),
            Err(Refusal::Illegal(ClaimRejection::Outside { .. }))
        ));
        assert!(matches!(
            check_remote_claim(&game, me, 2, &theirs(1, 1, 1)),
            Err(Refusal::WrongGame { .. })
        ));
        assert_eq!(
            check_remote_claim(&game, me, 1, &OnlineMessage::Leave),
            Err(Refusal::NotAClaim)
        );
        // Every refusal is said in words.
        assert!(Refusal::NotTheirTurn.to_string().contains("out of turn"));
    }

    #[test]
    fn room_codes_are_five_clear_letters_and_typed_ones_are_checked() {
        let code = room_code(12345);
        assert_eq!(code.len(), CODE_LENGTH);
        assert_ne!(room_code(12346), code);
        assert!(!code.contains(['I', 'O']));
        assert_eq!(parse_room_code(&code.to_lowercase()), Ok(code.clone()));
        assert_eq!(parse_room_code(" ab-cde "), Ok("ABCDE".into()));
        assert!(parse_room_code("ABCD").unwrap_err().contains("5 letters"));
        assert!(parse_room_code("ABCDO").unwrap_err().contains("'O'"));
        assert!(parse_room_code("").is_err());
    }

    #[test]
    fn server_addresses_are_checked_and_rooms_named() {
        assert_eq!(
            parse_server("127.0.0.1:3536"),
            Ok("ws://127.0.0.1:3536".into())
        );
        assert_eq!(
            parse_server("wss://play.example.org/"),
            Ok("wss://play.example.org".into())
        );
        assert!(parse_server("http://x").is_err());
        assert!(parse_server("ws://:99").is_err());
        assert!(parse_server("ws://host:99999").is_err());
        assert_eq!(
            room_address("ws://127.0.0.1:3536/", "ABCDE"),
            "ws://127.0.0.1:3536/conquest_ABCDE?next=2"
        );
        assert_eq!(creator_side(1), Player::X);
        assert_eq!(creator_side(2), Player::O);
    }
}
