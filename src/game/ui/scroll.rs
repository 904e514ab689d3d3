//! Scrolling for lists taller than the window: the mouse wheel over a [`Scrollable`] node,
//! a finger dragged that started on it, and Page Up / Page Down / arrow keys move it. A
//! finger that moved is a scroll, not a tap: [`TapOrDrag`] tells the two apart for buttons
//! inside.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

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

/// Whether a window point (logical pixels; `window_scale` physical pixels each) is on a
/// laid-out node (whose geometry is in physical pixels).
fn on_node(node: &ComputedNode, at: &UiGlobalTransform, point: Vec2, window_scale: f32) -> bool {
    node.contains_point(*at, point * window_scale)
}

fn scroll(
    mut wheel: MessageReader<MouseWheel>,
    touches: Option<Res<Touches>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut gesture: ResMut<TapOrDrag>,
    mut nodes: Query<(&mut ScrollPosition, &ComputedNode, &UiGlobalTransform), With<Scrollable>>,
) {
    let wheel_dy: f32 = wheel
        .read()
        .map(|w| match w.unit {
            MouseScrollUnit::Line => -w.y * LINE,
            MouseScrollUnit::Pixel => -w.y,
        })
        .sum();
    let cursor = window.single().ok().and_then(Window::cursor_position);
    let window_scale = window.single().map_or(1.0, Window::scale_factor);
    // Finger drags, each with where it started.
    let mut drags: Vec<(Vec2, f32)> = Vec::new();
    if let Some(touches) = touches {
        if touches.iter_just_pressed().next().is_some() {
            *gesture = TapOrDrag {
                touch: true,
                moved: 0.0,
            };
        }
        for touch in touches.iter() {
            gesture.moved += touch.delta().length();
            drags.push((touch.start_position(), -touch.delta().y));
        }
    }
    if buttons.is_some_and(|b| b.just_pressed(MouseButton::Left)) {
        *gesture = TapOrDrag::default();
    }
    let mut key_dy = 0.0;
    if let Some(keys) = keys {
        for (key, step) in [
            (KeyCode::PageDown, 400.0),
            (KeyCode::PageUp, -400.0),
            (KeyCode::ArrowDown, LINE),
            (KeyCode::ArrowUp, -LINE),
        ] {
            if keys.just_pressed(key) {
                key_dy += step;
            }
        }
    }
    for (mut position, node, at) in &mut nodes {
        // Keys scroll every list; the wheel the one under the pointer (or any, where there is
        // no pointer to tell); a finger the one it started on.
        let mut dy = key_dy;
        if cursor.is_none_or(|c| on_node(node, at, c, window_scale)) {
            dy += wheel_dy;
        }
        // A finger moves the list as far as it moved on the glass (the list counts in UI
        // units, which the UI scale shrinks).
        let per_window_pixel = window_scale * node.inverse_scale_factor();
        dy += drags
            .iter()
            .filter(|(start, _)| on_node(node, at, *start, window_scale))
            .map(|(_, d)| d * per_window_pixel)
            .sum::<f32>();
        if dy == 0.0 {
            continue;
        }
        let room = (node.content_size().y - node.size().y) * node.inverse_scale_factor();
        let y = (position.y + dy).clamp(0.0, room.max(0.0));
        if position.y != y {
            position.y = y;
        }
    }
}
