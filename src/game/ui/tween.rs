//! Tweens: a colour moving to another, a swell of scale, text or a ring that rises or
//! spreads and fades, and a shake. They know nothing of boards or moves; the board view and
//! Island Conquest start them. They run at the player's animation speed, and "Off" ends
//! each at once. Nothing here blocks input: [`finish_all`] ends whatever is still running.

use crate::game::screen::Screen;
use crate::game::settings::Settings;
use bevy::prelude::*;

/// Seconds one cell's recolour takes, and the delay per cell of distance in the wave.
pub const TWEEN_SECONDS: f32 = 0.28;
pub const WAVE_STEP: f32 = 0.045;
const PLANK_STEP: f32 = 0.07;
/// Seconds a grain of sand takes to fall into place before the land rises.
pub const DROP_SECONDS: f32 = 0.2;
/// Seconds a splash ring, a score popup, a win pulse and a screen fade stay visible.
pub const SPLASH_SECONDS: f32 = 0.55;
pub const POPUP_SECONDS: f32 = 1.1;
pub const PULSE_SECONDS: f32 = 0.7;
pub const FADE_SECONDS: f32 = 0.3;
const SHAKE_SECONDS: f32 = 0.32;

// Checked when the game is compiled: every effect can be seen, and the score popup read.
const _: () = {
    let mut i = 0;
    while i < EFFECT_SECONDS.len() {
        assert!(EFFECT_SECONDS[i].1 >= MIN_EFFECT_SECONDS);
        i += 1;
    }
    assert!(POPUP_SECONDS >= 1.0);
};

/// No effect is shorter than this at Normal speed, so each one can be seen.
pub const MIN_EFFECT_SECONDS: f32 = 0.2;

/// Every effect's length at Normal speed, by name (the build holds each to the minimum).
pub const EFFECT_SECONDS: [(&str, f32); 8] = [
    ("recolour and pop", TWEEN_SECONDS),
    ("plank", TWEEN_SECONDS),
    ("sand drop", DROP_SECONDS),
    ("splash", SPLASH_SECONDS),
    ("score popup", POPUP_SECONDS),
    ("win pulse", PULSE_SECONDS),
    ("screen fade", FADE_SECONDS),
    ("shake", SHAKE_SECONDS),
];

/// A sprite's colour moving to `to`; `from` is taken when the delay has passed.
#[derive(Component, Debug, Clone, Copy)]
pub struct ColourTween {
    to: Color,
    from: Option<Color>,
    delay: f32,
    elapsed: f32,
}

/// A short swell of a sprite's scale (a placed sand, a laid plank).
#[derive(Component, Debug, Clone, Copy)]
pub struct ScaleTween {
    delay: f32,
    elapsed: f32,
    /// Grows from nothing (a plank) rather than pulsing (a tile).
    grow: bool,
}

/// Text or a ring that rises or spreads and fades, then is despawned.
#[derive(Component, Debug, Clone, Copy)]
pub struct Fading {
    elapsed: f32,
    lifetime: f32,
    rise: f32,
    spread: f32,
    /// Invisible for this long first.
    delay: f32,
    /// The alpha it starts from, taken when the delay has passed.
    alpha: Option<f32>,
}

impl Fading {
    /// Fades over `lifetime` seconds while rising `rise` pixels and growing to `spread`
    /// times its size (0 keeps the size).
    pub fn new(lifetime: f32, rise: f32, spread: f32) -> Fading {
        Fading {
            elapsed: 0.0,
            lifetime,
            rise,
            spread,
            delay: 0.0,
            alpha: None,
        }
    }

    /// The same, starting after `delay` seconds.
    pub fn after(self, delay: f32) -> Fading {
        Fading { delay, ..self }
    }
}

/// A sprite falling `height` pixels onto its place, then gone (a grain of sand landing).
#[derive(Component, Debug, Clone, Copy)]
pub struct Falling {
    elapsed: f32,
    height: f32,
    rest_y: f32,
}

impl Falling {
    /// Spawn it at its resting place; it starts `height` above it.
    pub fn onto(rest_y: f32, height: f32) -> Falling {
        Falling {
            elapsed: 0.0,
            height,
            rest_y,
        }
    }
}

/// A full-window veil that fades out as a screen appears.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ScreenFade {
    elapsed: f32,
}

/// Hidden until its delay has passed, then shown (a won panel's stars, one by one). Spawn
/// it with `Visibility::Hidden`.
#[derive(Component, Debug, Clone, Copy)]
pub struct Appear {
    delay: f32,
    elapsed: f32,
}

impl Appear {
    pub fn after(delay: f32) -> Appear {
        Appear {
            delay,
            elapsed: 0.0,
        }
    }
}

/// The board shaking after a refused move.
#[derive(Component, Debug, Clone, Copy)]
pub struct Shake {
    elapsed: f32,
}

/// True while anything is still animating.
pub fn running(world: &mut World) -> bool {
    let mut q = world.query_filtered::<(), Or<(
        With<ColourTween>,
        With<ScaleTween>,
        With<Fading>,
        With<Shake>,
        With<Appear>,
        With<Falling>,
        With<ScreenFade>,
    )>>();
    q.iter(world).next().is_some()
}

pub struct TweenPlugin;

impl Plugin for TweenPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            PostUpdate,
            (
                tick_colours,
                tick_scales,
                tick_fading,
                tick_shake,
                tick_appear,
                tick_falling,
                tick_screen_fade,
            ),
        )
        .add_systems(Update, veil_new_screens.run_if(state_changed::<Screen>));
    }
}

/// A tile takes colour `to` in the wave: `distance` cells from where it started, which
/// was `start` seconds from now.
pub fn recolour(commands: &mut Commands, tile: Entity, to: Color, distance: usize, start: f32) {
    commands.entity(tile).insert(ColourTween {
        to,
        from: None,
        delay: start + distance as f32 * WAVE_STEP,
        elapsed: 0.0,
    });
}

/// A tile swells and settles after `delay` seconds.
pub fn pop(commands: &mut Commands, tile: Entity, delay: f32) {
    commands.entity(tile).insert(ScaleTween {
        delay,
        elapsed: 0.0,
        grow: false,
    });
}

/// A plank grows into place after the ones before it (its sprite starts at scale zero).
pub fn build_plank(commands: &mut Commands, plank: Entity, step: usize) {
    commands.entity(plank).insert(ScaleTween {
        delay: step as f32 * PLANK_STEP,
        elapsed: 0.0,
        grow: true,
    });
}

pub fn shake(commands: &mut Commands, root: Entity) {
    commands.entity(root).insert(Shake { elapsed: 0.0 });
}

/// Every tween still running jumps to its end (before something new is shown).
pub fn finish_all(
    mut commands: Commands,
    mut colours: Query<(Entity, &mut Sprite, &ColourTween)>,
    mut scales: Query<(Entity, &mut Transform), (With<ScaleTween>, Without<Shake>)>,
    fading: Query<Entity, Or<(With<Fading>, With<Falling>)>>,
    mut shaking: Query<(Entity, &mut Transform), With<Shake>>,
) {
    for (e, mut sprite, tween) in &mut colours {
        sprite.color = tween.to;
        commands.entity(e).remove::<ColourTween>();
    }
    for (e, mut t) in &mut scales {
        t.scale = Vec3::ONE;
        commands.entity(e).remove::<ScaleTween>();
    }
    for e in &fading {
        commands.entity(e).despawn();
    }
    for (e, mut t) in &mut shaking {
        t.translation = Vec3::ZERO;
        commands.entity(e).remove::<Shake>();
    }
}

/// Seconds of animation this frame: `None` when animations are off (all finish at once).
fn step(time: &Time, settings: &Settings) -> Option<f32> {
    settings.animation.rate().map(|r| time.delta_secs() * r)
}

fn tick_colours(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut tweens: Query<(Entity, &mut Sprite, &mut ColourTween)>,
) {
    let dt = step(&time, &settings);
    for (e, mut sprite, mut tween) in &mut tweens {
        let Some(dt) = dt else {
            sprite.color = tween.to;
            commands.entity(e).remove::<ColourTween>();
            continue;
        };
        tween.elapsed += dt;
        let t = (tween.elapsed - tween.delay) / TWEEN_SECONDS;
        if t < 0.0 {
            continue;
        }
        let from = *tween.from.get_or_insert(sprite.color);
        if t >= 1.0 {
            sprite.color = tween.to;
            commands.entity(e).remove::<ColourTween>();
        } else {
            let eased = EasingCurve::new(0.0_f32, 1.0, EaseFunction::CubicOut).sample_clamped(t);
            sprite.color = from.mix(&tween.to, eased);
        }
    }
}

fn tick_scales(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut tweens: Query<(Entity, &mut Transform, &mut ScaleTween), With<Sprite>>,
) {
    let dt = step(&time, &settings);
    for (e, mut transform, mut tween) in &mut tweens {
        let Some(dt) = dt else {
            transform.scale = Vec3::ONE;
            commands.entity(e).remove::<ScaleTween>();
            continue;
        };
        tween.elapsed += dt;
        let t = ((tween.elapsed - tween.delay) / TWEEN_SECONDS).max(0.0);
        if t >= 1.0 {
            transform.scale = Vec3::ONE;
            commands.entity(e).remove::<ScaleTween>();
            continue;
        }
        let s = if tween.grow {
            EasingCurve::new(0.0_f32, 1.0, EaseFunction::BackOut).sample_clamped(t)
        } else {
            1.0 + 0.25 * (t * std::f32::consts::PI).sin()
        };
        transform.scale = Vec3::new(s, s, 1.0);
    }
}

fn tick_fading(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut items: Query<(
        Entity,
        &mut Transform,
        &mut Fading,
        Option<&mut Sprite>,
        Option<&mut TextColor>,
    )>,
) {
    let dt = step(&time, &settings);
    for (e, mut transform, mut fading, sprite, text) in &mut items {
        let Some(dt) = dt else {
            commands.entity(e).despawn();
            continue;
        };
        let before = (fading.elapsed - fading.delay).max(0.0);
        fading.elapsed += dt;
        let now = fading.elapsed - fading.delay;
        let start_alpha = |c: Color| c.alpha();
        if now < 0.0 {
            // Waiting: hidden, its own alpha kept for later.
            if let Some(mut s) = sprite {
                fading.alpha.get_or_insert(start_alpha(s.color));
                s.color.set_alpha(0.0);
            }
            if let Some(mut c) = text {
                fading.alpha.get_or_insert(start_alpha(c.0));
                c.0.set_alpha(0.0);
            }
            continue;
        }
        let t = now / fading.lifetime;
        if t >= 1.0 {
            commands.entity(e).despawn();
            continue;
        }
        transform.translation.y += fading.rise * (now - before) / fading.lifetime;
        if fading.spread > 0.0 {
            let s = 1.0 + (fading.spread - 1.0) * t;
            transform.scale = Vec3::new(s, s, 1.0);
        }
        if let Some(mut s) = sprite {
            let full = *fading.alpha.get_or_insert(s.color.alpha());
            s.color.set_alpha(full * (1.0 - t));
        }
        if let Some(mut c) = text {
            let full = *fading.alpha.get_or_insert(c.0.alpha());
            c.0.set_alpha(full * (1.0 - t));
        }
    }
}

fn tick_shake(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut boards: Query<(Entity, &mut Transform, &mut Shake)>,
) {
    let dt = step(&time, &settings).unwrap_or(1.0);
    for (e, mut transform, mut shake) in &mut boards {
        shake.elapsed += dt;
        if shake.elapsed >= SHAKE_SECONDS {
            transform.translation = Vec3::ZERO;
            commands.entity(e).remove::<Shake>();
        } else {
            let fade = 1.0 - shake.elapsed / SHAKE_SECONDS;
            transform.translation.x = (shake.elapsed * 70.0).sin() * 9.0 * fade;
        }
    }
}

fn tick_appear(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut items: Query<(Entity, &mut Visibility, &mut Appear)>,
) {
    let dt = step(&time, &settings);
    for (e, mut visibility, mut appear) in &mut items {
        if let Some(dt) = dt {
            appear.elapsed += dt;
            if appear.elapsed < appear.delay {
                continue;
            }
        }
        *visibility = Visibility::Inherited;
        commands.entity(e).remove::<Appear>();
    }
}

fn tick_falling(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut items: Query<(Entity, &mut Transform, &mut Falling)>,
) {
    let dt = step(&time, &settings);
    for (e, mut transform, mut falling) in &mut items {
        let Some(dt) = dt else {
            commands.entity(e).despawn();
            continue;
        };
        falling.elapsed += dt;
        let t = falling.elapsed / DROP_SECONDS;
        if t >= 1.0 {
            commands.entity(e).despawn();
            continue;
        }
        // Falling under gravity: slow at first, fastest as it lands.
        transform.translation.y = falling.rest_y + falling.height * (1.0 - t * t);
        let s = 1.3 - 0.3 * t;
        transform.scale = Vec3::new(s, s, 1.0);
    }
}

/// A new screen fades in from the background colour (not with animations off).
fn veil_new_screens(mut commands: Commands, settings: Res<Settings>) {
    if settings.animation.rate().is_none() {
        return;
    }
    commands.spawn((
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            ..default()
        },
        BackgroundColor(super::theme::BACKGROUND),
        GlobalZIndex(10_000),
        Pickable::IGNORE,
        ScreenFade::default(),
    ));
}

fn tick_screen_fade(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut veils: Query<(Entity, &mut BackgroundColor, &mut ScreenFade)>,
) {
    let dt = step(&time, &settings);
    for (e, mut colour, mut fade) in &mut veils {
        let Some(dt) = dt else {
            commands.entity(e).despawn();
            continue;
        };
        fade.elapsed += dt;
        let t = fade.elapsed / FADE_SECONDS;
        if t >= 1.0 {
            commands.entity(e).despawn();
        } else {
            colour.0.set_alpha(1.0 - t * t);
        }
    }
}
