//! A board larger than its view: the camera follows the scroll offset the input keeps
//! (`input::BoardScroll`: dragging the sea, the wheel), and the keyboard cursor is kept in
//! sight. Boards that fit never move. Reads the layout and the pointer; writes the camera
//! and the offset only.

use super::input::{BoardScroll, Pointing};
use crate::game::screen::{FrameStep, Screen};
use crate::game::ui::board_layout::BoardLayout;
use bevy::prelude::*;

pub struct BoardScrollPlugin;

impl Plugin for BoardScrollPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (keep_cursor_in_sight, place_camera)
                .chain()
                .in_set(FrameStep::Present)
                .run_if(in_state(Screen::Playing)),
        )
        .add_systems(OnEnter(Screen::Playing), centre_camera)
        .add_systems(OnExit(Screen::Playing), centre_camera);
    }
}

/// Scrolls just enough that the keyboard cursor's cell, with a cell around it, is in view.
fn keep_cursor_in_sight(
    pointing: Res<Pointing>,
    layout: Option<Res<BoardLayout>>,
    mut scroll: ResMut<BoardScroll>,
) {
    let (Some(layout), Some(cursor)) = (layout, pointing.cursor) else {
        return;
    };
    if !pointing.is_changed() || layout.scroll_reach() == Vec2::ZERO {
        return;
    }
    let shown = Rect::from_center_size(
        layout.view.center() + scroll.offset,
        (layout.view.size() - Vec2::splat(3.0 * layout.cell)).max(Vec2::ZERO),
    );
    let at = layout.centre(cursor);
    let by = at.clamp(shown.min, shown.max) - at;
    if by != Vec2::ZERO {
        scroll.scroll_by(-by, &layout);
    }
}

/// The camera sits at the scroll offset, kept within the board as the layout changes.
fn place_camera(
    layout: Option<Res<BoardLayout>>,
    mut scroll: ResMut<BoardScroll>,
    mut cameras: Query<&mut Transform, With<Camera2d>>,
) {
    if let Some(layout) = &layout {
        let reach = layout.scroll_reach();
        let kept = scroll.offset.clamp(-reach, reach);
        if kept != scroll.offset {
            scroll.offset = kept;
        }
    }
    for mut transform in &mut cameras {
        let at = scroll.offset.extend(transform.translation.z);
        if transform.translation != at {
            transform.translation = at;
        }
    }
}

/// Every screen but a scrolled board sees the world from its centre.
fn centre_camera(mut cameras: Query<&mut Transform, With<Camera2d>>) {
    for mut transform in &mut cameras {
        transform.translation.x = 0.0;
        transform.translation.y = 0.0;
    }
}
