//! The Conquest match: its phases and setup, the game in play, and the claims made on it
//! (by the player's clicks and taps, or by the computer); each claim's report goes out as a
//! [`ConquestUpdate`] for the views.

use crate::colour::palette::Palette;
use crate::conquest::ai::{Dice, Strength, choose_within};
use crate::conquest::rules::{ClaimRejection, ClaimReport, ConquestSnapshot, Winner};
use crate::conquest::{Conquest, Player};
use crate::game::platform;
use crate::game::progress::{ConquestResult, Progress};
use crate::game::screen::Screen;
use crate::game::ui::board_layout::{BoardLayout, cell_under, cell_under_cursor, window_size};
use crate::game::ui::text::{cell_name, count};
use crate::game::ui::theme;
use crate::rules::cell::Pos;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

/// Setup, the game, and the result.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Conquest)]
pub enum ConquestPhase {
    #[default]
    Setup,
    /// Finding a friend online (`online`).
    Lobby,
    Playing,
    Over,
}

/// The choices on the setup panel.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestSetup {
    pub size: usize,
    /// `None`: two players on this machine.
    pub computer: Option<Strength>,
    pub computer_first: bool,
    /// Playing a friend online: the side this machine plays (the friend's claims arrive
    /// through the room; see `online`).
    pub online: Option<Player>,
}

impl Default for ConquestSetup {
    fn default() -> Self {
        ConquestSetup {
            size: 9,
            computer: Some(Strength::Medium),
            computer_first: false,
            online: None,
        }
    }
}

impl ConquestSetup {
    /// A newcomer's first game: against the easy computer on a small grid, moving first (the
    /// setup a player who has never finished a game against the computer starts from).
    pub fn first_game() -> ConquestSetup {
        ConquestSetup {
            size: 7,
            computer: Some(Strength::Easy),
            computer_first: false,
            online: None,
        }
    }
}

/// The game being played.
#[derive(Resource)]
pub struct ConquestMatch {
    pub game: Conquest,
    pub setup: ConquestSetup,
    /// Undo points, one per claim (two-player games).
    history: Vec<ConquestSnapshot>,
    /// What happened, newest last: captures, refused claims, take-backs.
    pub log: Vec<String>,
    dice: Dice,
    /// Seconds before the computer answers, so its move can be seen.
    computer_wait: f32,
    /// When the player's last claim landed (`platform::now_nanos`).
    claimed_at: Option<u64>,
    /// The computer's last reply: seconds from the player's claim landing to its own, and of
    /// those, seconds spent searching (the page publishes them).
    pub last_reply: Option<(f32, f32)>,
    /// Islands each player has captured, by [`Player::index`].
    pub captures: [usize; 2],
    /// Seconds played: from the first frame of the match to the claim that filled the grid.
    pub seconds: f32,
}

impl ConquestMatch {
    fn new(setup: ConquestSetup) -> ConquestMatch {
        let n = setup.size;
        ConquestMatch {
            game: Conquest::new(n),
            setup,
            history: Vec::new(),
            log: Vec::new(),
            dice: Dice(n as u64 * 7919 + u64::from(setup.computer_first)),
            computer_wait: COMPUTER_WAIT,
            claimed_at: None,
            last_reply: None,
            captures: [0; 2],
            seconds: 0.0,
        }
    }

    /// The computer's strength and side, in a game against it.
    pub fn computer(&self) -> Option<(Strength, Player)> {
        let side = if self.setup.computer_first {
            Player::X
        } else {
            Player::O
        };
        self.setup.computer.map(|s| (s, side))
    }

    /// Whether the computer is to claim next (the HUD says it is thinking).
    pub fn computer_to_move(&self) -> bool {
        self.computer()
            .is_some_and(|(_, side)| side == self.game.to_move())
    }

    /// Claims made so far.
    pub fn claims(&self) -> usize {
        let n = self.game.size();
        n * n - self.game.empty_cells()
    }

    /// What a player is called on screen: "you" and "the computer" against it, "you" and
    /// "your friend" online, else the letter.
    pub fn name(&self, p: Player) -> String {
        if let Some(me) = self.setup.online {
            return if me == p {
                format!("{p} (you)")
            } else {
                format!("{p} (friend)")
            };
        }
        match self.computer() {
            Some((_, side)) if side == p => format!("{p} (computer)"),
            Some(_) => format!("{p} (you)"),
            None => p.to_string(),
        }
    }

    /// Whether Z takes a claim back: only with two players on this machine (not against
    /// the computer, nor online, where the friend's game has the claim too).
    pub fn takes_back(&self) -> bool {
        self.setup.computer.is_none() && self.setup.online.is_none()
    }

    /// Whether a claim of this machine's player may be made now: always on one machine; on
    /// the player's own turn against the computer or a friend.
    pub fn local_turn(&self) -> bool {
        match self.setup.online {
            Some(me) => self.game.to_move() == me,
            None => !self.computer_to_move(),
        }
    }
}

/// Claims to make at once, one a frame (`--conquest`), and the setup of their match; the
/// setup starts that match.
#[derive(Resource, Debug, Clone, Default)]
pub struct ScriptedConquest {
    pub setup: Option<ConquestSetup>,
    pub claims: std::collections::VecDeque<Pos>,
}

/// A scripted match from `--conquest`'s words: "SIZE", "SIZE:ROW,COL ROW,COL ..." (counted
/// from 0) or "SIZE:all" (a whole game, played out by the computer on both sides).
pub fn scripted_conquest(words: &str) -> Result<ScriptedConquest, String> {
    let (size, claims) = words.split_once(':').unwrap_or((words, ""));
    let size: usize = size
        .trim()
        .parse()
        .ok()
        .filter(|n| (Conquest::MIN_SIZE..=32).contains(n))
        .ok_or_else(|| {
            format!(
                "{size:?} is not a grid size from {} to 32",
                Conquest::MIN_SIZE
            )
        })?;
    let claims = if claims.trim() == "all" {
        let mut game = Conquest::new(size);
        let mut dice = Dice(size as u64);
        let mut made = std::collections::VecDeque::new();
        while let Some(p) = crate::conquest::ai::choose(&mut game, Strength::Easy, &mut dice) {
            game.claim_unchecked(p);
            made.push_back(p);
        }
        made
    } else {
        claims
            .split_whitespace()
            .map(|claim| {
                let (r, c) = claim
                    .split_once(',')
                    .ok_or_else(|| format!("{claim:?} is not ROW,COL"))?;
                let number = |s: &str| {
                    s.trim()
                        .parse::<usize>()
                        .map_err(|_| format!("{claim:?} is not ROW,COL"))
                };
                Ok(Pos::new(number(r)?, number(c)?))
            })
            .collect::<Result<_, String>>()?
    };
    Ok(ScriptedConquest {
        setup: Some(ConquestSetup {
            size,
            computer: None,
            computer_first: false,
            online: None,
        }),
        claims,
    })
}

/// Starts the scripted match from the setup, then makes its claims, one a frame.
pub(super) fn play_scripted_claims(
    mut scripted: ResMut<ScriptedConquest>,
    phase: Res<State<ConquestPhase>>,
    mut setup: ResMut<ConquestSetup>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
    mut claims: MessageWriter<ConquestClaim>,
) {
    match phase.get() {
        ConquestPhase::Setup => {
            if let Some(wanted) = scripted.setup.take() {
                *setup = wanted;
                next_phase.set(ConquestPhase::Playing);
            }
        }
        ConquestPhase::Playing => {
            if let Some(p) = scripted.claims.pop_front() {
                claims.write(ConquestClaim(p));
            }
        }
        ConquestPhase::Over => scripted.claims.clear(),
        ConquestPhase::Lobby => {}
    }
}

/// A claim asked for by the player (a click, or a test).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConquestClaim(pub Pos);

/// What the match did, for the views: a new match, a claim and what it captured, a claim
/// refused (with the reason), or a claim taken back.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum ConquestUpdate {
    Started,
    Claimed(ClaimReport),
    Refused(String),
    Undone,
}

/// Everything drawn for one match (board, HUD, coach marks): cleared when a new match or
/// the setup begins, and when the screen is left.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ConquestBoardPart;

/// The bundle every entity of a match's picture carries.
pub(super) fn board_part() -> (ConquestBoardPart, DespawnOnExit<Screen>) {
    (ConquestBoardPart, DespawnOnExit(Screen::Conquest))
}

/// A player's colour in the standard palette (see [`player_colour_for`]).
pub fn player_colour(p: Player) -> Color {
    player_colour_for(p, false)
}

/// A player's colour: the palette's two Conquest tints, which read apart from each other
/// and from the water to every viewer (tested in `colour::palette`).
pub fn player_colour_for(p: Player, colour_blind: bool) -> Color {
    let tint = Palette::for_setting(colour_blind).conquest[p.index()];
    theme::island_tint(tint, colour_blind)
}

pub(super) fn strength_name(s: Option<Strength>) -> &'static str {
    match s {
        None => "two players, one machine",
        Some(Strength::Easy) => "computer (easy)",
        Some(Strength::Medium) => "computer (medium)",
        Some(Strength::Hard) => "computer (hard)",
    }
}

pub(super) fn clear_match_picture(
    mut commands: Commands,
    parts: Query<Entity, With<ConquestBoardPart>>,
) {
    for e in &parts {
        commands.entity(e).despawn();
    }
}

pub(super) fn start_match(
    mut commands: Commands,
    ui_scale: Res<UiScale>,
    setup: Res<ConquestSetup>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut updates: MessageWriter<ConquestUpdate>,
) {
    let n = setup.size;
    commands.insert_resource(BoardLayout::fit(n, n, window_size(&window), ui_scale.0));
    commands.insert_resource(PressedCell::default());
    commands.insert_resource(ConquestMatch::new(*setup));
    updates.write(ConquestUpdate::Started);
}

/// A claim is a press and a release on the same cell of the board. A release alone claims
/// nothing: the Start button acts on its press, and its release must not land on the new
/// board as a claim.
pub fn tapped_cell(pressed: Option<Pos>, released: Option<Pos>) -> Option<Pos> {
    match (pressed, released) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    }
}

/// What claiming `p` would do, in words, for the player to move, and whether the claimer
/// would lose the cell at once (said in the warning colour); `None` for a cell that cannot
/// be claimed. Worked out without changing the game.
pub fn claim_preview(game: &Conquest, p: Pos) -> Option<(String, bool)> {
    let preview = game.preview_claim(p).ok()?;
    let mut cell = cell_name(p);
    cell[..1].make_ascii_uppercase();
    Some((
        format!("{cell} — {}", preview.summary()),
        !preview.claimer_keeps_cell(),
    ))
}

/// Where the mouse went down on the board in this match.
#[derive(Resource, Debug, Default)]
pub(super) struct PressedCell(Option<Pos>);

pub(super) fn click_cells(
    buttons: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    window: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform)>,
    layout: Option<Res<BoardLayout>>,
    mut pressed: ResMut<PressedCell>,
    mut claims: MessageWriter<ConquestClaim>,
    game: Option<Res<ConquestMatch>>,
) {
    let Some(layout) = layout else { return };
    // Clicks and taps claim for this machine's player, on their turn only (not for the
    // computer, nor for a friend online).
    if !game.is_some_and(|m| m.local_turn()) {
        pressed.0 = None;
        return;
    }
    let under_cursor = || cell_under_cursor(&window, &cameras, &layout);
    if buttons.just_pressed(MouseButton::Left) {
        pressed.0 = under_cursor();
    }
    if buttons.just_released(MouseButton::Left)
        && let Some(p) = tapped_cell(pressed.0.take(), under_cursor())
    {
        claims.write(ConquestClaim(p));
    }
    // A tap claims the cell it started and ended on.
    for touch in touches.iter_just_released() {
        let at = |position| cell_under(position, &cameras, &layout);
        if let Some(p) = tapped_cell(at(touch.start_position()), at(touch.position())) {
            claims.write(ConquestClaim(p));
        }
    }
}

/// Seconds the computer waits before it answers, so the player sees their own claim land
/// and the HUD say it is thinking.
const COMPUTER_WAIT: f32 = 0.2;

/// How long the hard search may take for one claim, in nanoseconds: in the browser 0.35 s
/// (its search runs several times slower than a native build's, and a phone's tap should
/// be answered within a second); natively only the node budget bounds it.
pub fn search_time_budget() -> Option<u64> {
    platform::IS_BROWSER.then_some(350_000_000)
}

pub(super) fn computer_moves(
    time: Res<Time>,
    mut game: Option<ResMut<ConquestMatch>>,
    mut claims: MessageWriter<ConquestClaim>,
) {
    let Some(m) = game.as_mut() else { return };
    if m.game.is_over() || !m.computer_to_move() {
        return;
    }
    m.computer_wait -= time.delta_secs();
    if m.computer_wait > 0.0 {
        return;
    }
    m.computer_wait = COMPUTER_WAIT;
    let Some((strength, _)) = m.computer() else {
        return;
    };
    let mut dice = m.dice.clone();
    // The HUD has said "thinking" since the last claim (that frame was drawn); the browser
    // build gives the search a time budget too, so a reply comes within a second.
    let started = platform::now_nanos();
    let deadline = search_time_budget().map(|budget| started + budget);
    let out_of_time = || deadline.is_some_and(|d| platform::now_nanos() >= d);
    let choice = choose_within(&mut m.game, strength, &mut dice, &out_of_time);
    let done = platform::now_nanos();
    let seconds = |from: u64| done.saturating_sub(from) as f32 / 1e9;
    m.last_reply = Some((seconds(m.claimed_at.unwrap_or(started)), seconds(started)));
    if let Some(p) = choice {
        m.dice = dice;
        claims.write(ConquestClaim(p));
    }
}

/// Makes the claims asked for; each made or refused claim goes out as an update.
pub(super) fn claim_cells(
    mut claims: MessageReader<ConquestClaim>,
    game: Option<ResMut<ConquestMatch>>,
    mut updates: MessageWriter<ConquestUpdate>,
    mut next_phase: ResMut<NextState<ConquestPhase>>,
) {
    let Some(mut m) = game else {
        claims.clear();
        return;
    };
    for &ConquestClaim(p) in claims.read() {
        if m.game.is_over() {
            break;
        }
        let snapshot = m.game.snapshot();
        let by_player = !m.computer_to_move();
        match m.game.claim(p.row as i64, p.col as i64) {
            Ok(report) => {
                m.history.push(snapshot);
                if by_player {
                    m.claimed_at = Some(platform::now_nanos());
                }
                for union in &report.unions {
                    if let Some((captor, ..)) = union.capture() {
                        m.captures[captor.index()] += 1;
                    }
                }
                m.log.extend(report.capture_lines());
                if m.game.is_over() {
                    next_phase.set(ConquestPhase::Over);
                }
                updates.write(ConquestUpdate::Claimed(report));
            }
            Err(reason) => {
                m.game.rollback_to(snapshot);
                // Cells as the player sees them, counted from 1.
                let why = match reason {
                    ClaimRejection::Taken(cell) => format!("{} is already taken", cell_name(cell)),
                    other => other.to_string(),
                };
                let line = format!("{why}: {} moves again", m.game.to_move());
                m.log.push(line.clone());
                updates.write(ConquestUpdate::Refused(line));
            }
        }
    }
}

/// Z takes back the last claim in a two-player game.
pub(super) fn undo_claim(
    keys: Res<ButtonInput<KeyCode>>,
    game: Option<ResMut<ConquestMatch>>,
    mut updates: MessageWriter<ConquestUpdate>,
) {
    let Some(mut m) = game else { return };
    if !keys.just_pressed(KeyCode::KeyZ) || !m.takes_back() {
        return;
    }
    let Some(snapshot) = m.history.pop() else {
        return;
    };
    m.game.rollback_to(snapshot);
    m.log.push("A claim was taken back.".into());
    updates.write(ConquestUpdate::Undone);
}

/// The game's length, for the end panel: it runs while the grid has empty cells.
pub(super) fn count_time(time: Res<Time>, game: Option<ResMut<ConquestMatch>>) {
    if let Some(mut m) = game.filter(|m| !m.game.is_over()) {
        m.seconds += time.delta_secs();
    }
}

/// How a finished game went for the player, against the computer at its strength (`None`
/// for two players on one machine, which the records leave out).
pub fn result_against_the_computer(m: &ConquestMatch) -> Option<(Strength, ConquestResult)> {
    let (strength, computer) = m.computer()?;
    let result = match m.game.winner() {
        Winner::Tie => ConquestResult::Tie,
        Winner::Player(p) if p == computer => ConquestResult::Lost,
        Winner::Player(_) => ConquestResult::Won,
    };
    Some((strength, result))
}

/// Whether the player has yet to finish a game against the computer (the records hold
/// none): their first game is coached, and the setup starts from [`ConquestSetup::first_game`].
pub fn is_newcomer(progress: &Progress) -> bool {
    let c = progress.conquest;
    [c.easy, c.medium, c.hard]
        .iter()
        .all(|r| r.wins + r.losses + r.ties == 0)
}

pub(super) fn leave_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

pub(super) fn islands(n: usize) -> String {
    count(n, "island", "islands")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_says_what_a_claim_would_capture_and_changes_nothing() {
        let mut game = Conquest::new(3);
        for (r, c) in [(0, 0), (0, 2), (1, 0)] {
            game.claim(r, c).unwrap();
        }
        // O to move: a claim at (0,1) joins O's lone cell to the X pair beside it; on equal
        // sizes the claimer wins, so O keeps the cell and nothing warns.
        let before = game.rows();
        let (words, warn) = claim_preview(&game, Pos::new(0, 1)).unwrap();
        assert_eq!(game.rows(), before, "the preview changes nothing");
        let summary = game.preview_claim(Pos::new(0, 1)).unwrap().summary();
        assert_eq!(words, format!("Row 1, column 2 — {summary}"));
        assert!(summary.contains("captures"), "{summary}");
        assert!(!warn, "{words}");
        let report = game.claim(0, 1).unwrap();
        assert_eq!(report.owner, report.player, "the preview told the truth");
        assert_eq!(claim_preview(&game, Pos::new(0, 1)), None, "taken");

        // A lone cell beside a larger enemy island is lost at once: that preview warns.
        let mut game = Conquest::new(3);
        for (r, c) in [(0, 0), (2, 2), (1, 0)] {
            game.claim(r, c).unwrap();
        }
        let (words, warn) = claim_preview(&game, Pos::new(0, 1)).unwrap();
        assert!(warn, "{words}");
        assert!(words.contains("their 2 captures your 1"), "{words}");
        let report = game.claim(0, 1).unwrap();
        assert_ne!(report.owner, report.player, "the preview told the truth");
        // A cell away from everyone is simply the claimer's.
        let (words, warn) = claim_preview(&game, Pos::new(2, 0)).unwrap();
        assert!(!warn, "{words}");
    }

    #[test]
    fn only_a_press_and_release_on_one_cell_claims_it() {
        let at = |r, c| Some(Pos::new(r, c));
        assert_eq!(tapped_cell(at(1, 2), at(1, 2)), at(1, 2));
        assert_eq!(
            tapped_cell(None, at(1, 2)),
            None,
            "the release of the Start click lands on the board: no claim"
        );
        assert_eq!(tapped_cell(at(1, 2), at(2, 2)), None, "a drag");
        assert_eq!(tapped_cell(at(1, 2), None), None, "released off the board");
    }

    #[test]
    fn the_two_players_wear_different_colours_in_both_palettes() {
        for blind in [false, true] {
            assert_ne!(
                player_colour_for(Player::X, blind),
                player_colour_for(Player::O, blind)
            );
        }
    }
}
