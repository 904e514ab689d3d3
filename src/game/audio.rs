//! Sound effects and music, synthesised at start-up (so their licence is the game's own):
//! sand, a merge chime whose pitch rises with the merged island's size, bridge planks, a
//! refusal buzz, a win arpeggio, and a calm music loop. Effects and music each have their
//! own volume in the settings; mute silences both.

use super::play::model::BoardUpdate;
use super::screen::FrameStep;
use super::settings::Settings;
use crate::rules::board::Status;
use crate::rules::moves::Move;
use bevy::audio::{AudioPlayer, AudioSource, PlaybackSettings, Volume};
use bevy::prelude::*;
use std::f32::consts::TAU;

const RATE: u32 = 22_050;

/// The game's sounds.
#[derive(Resource, Debug, Clone)]
pub struct Sounds {
    pub sand: Handle<AudioSource>,
    pub merge: Handle<AudioSource>,
    pub bridge: Handle<AudioSource>,
    pub reject: Handle<AudioSource>,
    pub win: Handle<AudioSource>,
    pub music: Handle<AudioSource>,
}

/// The music's player, looping from start-up; its volume follows the settings.
#[derive(Component)]
struct Music;

pub struct GameAudioPlugin;

impl Plugin for GameAudioPlugin {
    fn build(&self, app: &mut App) {
        // Headless tests run without the audio plugin; the game has it.
        if app.is_plugin_added::<bevy::audio::AudioPlugin>() {
            app.add_systems(Startup, (make_sounds, start_music).chain())
                .add_systems(
                    Update,
                    (
                        play_sounds
                            .in_set(FrameStep::Present)
                            .run_if(resource_exists::<Sounds>),
                        set_music_volume.run_if(resource_changed::<Settings>),
                    ),
                );
        }
    }
}

/// A mono 16-bit WAV file of `samples` (each -1.0 to 1.0).
pub fn wav(samples: &[f32]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32_000.0) as i16).to_le_bytes());
    }
    out
}

fn seconds(len: f32) -> impl Iterator<Item = f32> {
    (0..(len * RATE as f32) as usize).map(|i| i as f32 / RATE as f32)
}

/// A soft thud of filtered noise (a deterministic noise, so the sound is always the same).
fn sand() -> Vec<f32> {
    let mut state = 0x2545_f491_u32;
    let mut low = 0.0;
    seconds(0.16)
        .map(|t| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (state as f32 / u32::MAX as f32) * 2.0 - 1.0;
            low += (noise - low) * 0.12;
            (low * 2.4 + (TAU * 110.0 * t).sin() * 0.3) * (-t * 22.0).exp()
        })
        .collect()
}

/// A bell: a fundamental with two partials, decaying.
fn chime(freq: f32, len: f32) -> Vec<f32> {
    seconds(len)
        .map(|t| {
            let env = (-t * 6.0).exp() * (t * 400.0).min(1.0);
            ((TAU * freq * t).sin() * 0.6
                + (TAU * freq * 2.0 * t).sin() * 0.25
                + (TAU * freq * 3.01 * t).sin() * 0.1)
                * env
                * 0.8
        })
        .collect()
}

/// Three wooden knocks.
fn planks() -> Vec<f32> {
    seconds(0.3)
        .map(|t| {
            let k = (t / 0.09).floor();
            let local = t - k * 0.09;
            (TAU * (380.0 - k * 40.0) * local).sin() * (-local * 60.0).exp() * 0.8
        })
        .collect()
}

/// A low buzz.
fn buzz() -> Vec<f32> {
    seconds(0.2)
        .map(|t| {
            let square = if (TAU * 140.0 * t).sin() >= 0.0 {
                1.0
            } else {
                -1.0
            };
            square * 0.35 * (1.0 - t / 0.2)
        })
        .collect()
}

/// C E G C, rising.
fn arpeggio() -> Vec<f32> {
    let mut out = Vec::new();
    for (k, f) in [523.25, 659.25, 783.99, 1046.5].into_iter().enumerate() {
        let note = chime(f, if k == 3 { 0.6 } else { 0.13 });
        out.extend(note);
    }
    out
}

fn make_sounds(mut commands: Commands, mut sources: ResMut<Assets<AudioSource>>) {
    let mut add = |samples: Vec<f32>| {
        sources.add(AudioSource {
            bytes: wav(&samples).into(),
        })
    };
    commands.insert_resource(Sounds {
        sand: add(sand()),
        merge: add(chime(440.0, 0.5)),
        bridge: add(planks()),
        reject: add(buzz()),
        win: add(arpeggio()),
        music: add(music()),
    });
}

/// The music's volume now: none when muted.
fn music_volume(settings: &Settings) -> f32 {
    if settings.muted {
        0.0
    } else {
        settings.music_volume
    }
}

fn start_music(mut commands: Commands, sounds: Res<Sounds>, settings: Res<Settings>) {
    commands.spawn((
        Music,
        AudioPlayer(sounds.music.clone()),
        PlaybackSettings::LOOP.with_volume(Volume::Linear(music_volume(&settings))),
    ));
}

fn set_music_volume(settings: Res<Settings>, mut sinks: Query<&mut AudioSink, With<Music>>) {
    for mut sink in &mut sinks {
        sink.set_volume(Volume::Linear(music_volume(&settings)));
    }
}

/// Seconds of one pass of the music loop: four bars of four beats at 60 beats a minute.
pub const MUSIC_SECONDS: f32 = 16.0;

/// A calm loop: a soft pad through C, A minor, F and G (four seconds each) and a slow
/// plucked line on the C major pentatonic over it. Every note's tail wraps round to the
/// start, so the loop has no seam.
pub fn music() -> Vec<f32> {
    let len = (MUSIC_SECONDS * RATE as f32) as usize;
    let mut out = vec![0.0f32; len];
    let rate = RATE as f32;
    // Chord roots, each with a third and a fifth above (in Hz).
    let chords: [[f32; 3]; 4] = [
        [130.81, 164.81, 196.0],
        [110.0, 130.81, 164.81],
        [87.31, 110.0, 130.81],
        [98.0, 123.47, 146.83],
    ];
    let mut add = |start: f32, length: f32, voice: &dyn Fn(f32) -> f32| {
        let first = (start * rate) as usize;
        for k in 0..(length * rate) as usize {
            out[(first + k) % len] += voice(k as f32 / rate);
        }
    };
    for (bar, chord) in chords.iter().enumerate() {
        let start = bar as f32 * 4.0;
        for &f in chord {
            // A pad: two slightly detuned sines swelling in and out over five seconds,
            // overlapping the next chord by one.
            add(start, 5.0, &|t| {
                let swell = (std::f32::consts::PI * t / 5.0).sin().powi(2);
                ((TAU * f * t).sin() + (TAU * f * 1.003 * t).sin()) * 0.045 * swell
            });
        }
    }
    // The line: one note a beat, walking the pentatonic (C D E G A, an octave up).
    let notes = [523.25, 587.33, 659.25, 783.99, 880.0];
    let line = [0, 2, 4, 3, 2, 1, 2, 0, 4, 3, 2, 1, 0, 1, 3, 2];
    for (beat, &n) in line.iter().enumerate() {
        let f = notes[n] / 2.0;
        add(beat as f32, 2.5, &|t| {
            let env = (-t * 2.2).exp() * (t * 200.0).min(1.0);
            ((TAU * f * t).sin() * 0.7 + (TAU * f * 2.0 * t).sin() * 0.2) * env * 0.12
        });
    }
    out
}

/// Playback speed for a merge chime: higher for bigger islands (an octave per 16x).
pub fn merge_pitch(size: usize) -> f32 {
    2f32.powf((size.max(1) as f32).log2() / 4.0).min(2.5)
}

fn play_sounds(
    mut commands: Commands,
    mut updates: MessageReader<BoardUpdate>,
    sounds: Res<Sounds>,
    settings: Res<Settings>,
) {
    let settings = *settings;
    let mut play = |handle: &Handle<AudioSource>, speed: f32| {
        if settings.muted || settings.volume <= 0.0 {
            return;
        }
        commands.spawn((
            AudioPlayer(handle.clone()),
            PlaybackSettings::DESPAWN
                .with_volume(Volume::Linear(settings.volume))
                .with_speed(speed),
        ));
    };
    for update in updates.read() {
        match update {
            BoardUpdate::Played(r) | BoardUpdate::Redone(r) => {
                match r.applied {
                    Move::Sand(_) => play(&sounds.sand, 1.0),
                    Move::Bridge(..) => play(&sounds.bridge, 1.0),
                }
                if r.joined.len() >= 2 {
                    play(&sounds.merge, merge_pitch(r.island.size));
                }
                if r.status == Status::Won {
                    play(&sounds.win, 1.0);
                }
            }
            BoardUpdate::Undone(_) => play(&sounds.sand, 0.7),
            BoardUpdate::Restarted | BoardUpdate::RestartUndone => {}
            BoardUpdate::Rejected { .. } => play(&sounds.reject, 1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sounds_are_valid_wav_files_of_the_right_length() {
        let bytes = wav(&chime(440.0, 0.5));
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(&bytes[8..12], b"WAVE");
        let samples = (bytes.len() - 44) / 2;
        assert_eq!(samples, (0.5 * RATE as f32) as usize);
        assert!(sand().iter().any(|s| s.abs() > 0.1), "audible");
    }

    /// The music is quiet under the effects, never clips, is never silent for long, and
    /// joins its end to its start without a click.
    #[test]
    fn the_music_is_a_calm_seamless_loop() {
        let m = music();
        assert_eq!(m.len(), (MUSIC_SECONDS * RATE as f32) as usize);
        let peak = m.iter().fold(0.0f32, |a, s| a.max(s.abs()));
        assert!(peak > 0.05 && peak < 0.6, "peak {peak}");
        let rms = (m.iter().map(|s| s * s).sum::<f32>() / m.len() as f32).sqrt();
        assert!(rms > 0.02 && rms < 0.2, "rms {rms}");
        for second in m.chunks(RATE as usize) {
            assert!(second.iter().any(|s| s.abs() > 0.02), "a silent second");
        }
        let seam = (m[m.len() - 1] - m[0]).abs();
        let step = m
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0f32, f32::max);
        assert!(
            seam <= step,
            "the seam jumps {seam}, more than any step inside ({step})"
        );
    }

    #[test]
    fn bigger_merges_sound_higher() {
        assert!(merge_pitch(2) < merge_pitch(8));
        assert!(merge_pitch(8) < merge_pitch(64));
        assert!(merge_pitch(1_000_000) <= 2.5);
    }
}
