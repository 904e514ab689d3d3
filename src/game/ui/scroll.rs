//! Scrolling for lists taller than the window: the mouse wheel, a finger dragged on a touch
//! screen, and Page Up / Page Down / arrow keys move every [`Scrollable`] node. A finger that
//! moved is a scroll, not a tap: [`TapOrDrag`] tells the two apart for buttons inside.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;

/// A node whose content scrolls (give it `Overflow::scroll_y()`).
#[derive(Component, Debug, Clone, Copy, Default)]
#[require(ScrollPosition)]
pub struct Scrollable;

/// How the pointer that is down (or was last) moved: buttons in a scrolling list act on a
/// release that did not scroll.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct TapOrDrag {
    /// The last press was a finger, not a mouse.
    pub touch: bool,
    /// Logical pixels the finger has moved since it went down.
    pub moved: f32,
}

impl TapOrDrag {
    /// A finger that moved less than this tapped.
    pub const TAP_SLOP: f32 = 12.0;

    pub fn is_tap(&self) -> bool {
        self.moved < Self::TAP_SLOP
    }
}

/// Pixels one wheel line scrolls.
const LINE: f32 = 40.0;

pub struct ScrollPlugin;

impl Plugin for ScrollPlugin {
    fn build(&self, app: &mut App) {
        // Registered here too for headless tests, which run without Bevy's input plugin.
        app.add_message::<MouseWheel>()
            .init_resource::<TapOrDrag>()
            .add_systems(PreUpdate, scroll);
    }
}

fn scroll(
    mut wheel: MessageReader<MouseWheel>,
    touches: Option<Res<Touches>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mut gesture: ResMut<TapOrDrag>,
    mut nodes: Query<(&mut ScrollPosition, &ComputedNode), With<Scrollable>>,
) {
    let mut dy: f32 = wheel
        .read()
        .map(|w| match w.unit {
            MouseScrollUnit::Line => -w.y * LINE,
            MouseScrollUnit::Pixel => -w.y,
        })
        .sum();
    if let Some(touches) = touches {
        if touches.iter_just_pressed().next().is_some() {
            *gesture = TapOrDrag {
                touch: true,
                moved: 0.0,
            };
        }
        for touch in touches.iter() {
            gesture.moved += touch.delta().length();
            dy -= touch.delta().y;
        }
    }
    if buttons.is_some_and(|b| b.just_pressed(MouseButton::Left)) {
        *gesture = TapOrDrag::default();
    }
    if let Some(keys) = keys {
        for (key, step) in [
            (KeyCode::PageDown, 400.0),
            (KeyCode::PageUp, -400.0),
            (KeyCode::ArrowDown, LINE),
            (KeyCode::ArrowUp, -LINE),
        ] {
            if keys.just_pressed(key) {
                dy += step;
            }
        }
    }
    if dy == 0.0 {
        return;
    }
    for (mut position, node) in &mut nodes {
        let room = (node.content_size().y - node.size().y) * node.inverse_scale_factor();
        let y = (position.y + dy).clamp(0.0, room.max(0.0));
        if position.y != y {
            position.y = y;
        }
    }
}
