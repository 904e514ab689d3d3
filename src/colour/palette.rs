//! The island palettes, measured as a player sees them.
//!
//! A land sprite is a light grey texture multiplied by its island's tint, so what the eye
//! gets is the tint times the texture's mean (in linear light). Every distance here is
//! CIEDE2000 between those effective colours, and of the two textures (grassy land, and
//! lighter sand the player placed) the pair that looks closest, since one island's cell may
//! be land and its neighbour's sand.
//!
//! Each palette is one pool of tints, any two of which stay apart by the palette's floors
//! (`floors`, one per [`Vision`]): so an island can always take a tint none of its near
//! neighbours' tints comes too close to, as long as they wear fewer tints than the pool
//! holds. Families (neutral land, and each tribe) do not own tints; each prefers some, the
//! tints of its hue, and falls back on the others nearest its hue.

use super::science::{Lab, Vision, delta_e_2000, lab_from_linear, srgb_to_linear};
use crate::rules::cell::Tribe;
use std::sync::OnceLock;

/// The mean of the land texture (`art::Picture::Land`), in linear light, and of the sand
/// texture (`art::Picture::Sand`); a test in `art` checks both against the pictures.
pub const LAND_TEXTURE_MEAN: f64 = 0.782;
pub const SAND_TEXTURE_MEAN: f64 = 0.8615;
const TEXTURE_MEANS: [f64; 2] = [LAND_TEXTURE_MEAN, SAND_TEXTURE_MEAN];

/// A tint: gamma-encoded sRGB bytes.
pub type Tint = [u8; 3];

/// The sea's two colours (the board's water is drawn from these, `theme::SHALLOW` and
/// `theme::DEEP`); every tint must also read apart from them.
pub const SHALLOW_WATER: Tint = [92, 184, 209];
pub const DEEP_WATER: Tint = [26, 66, 128];
/// How far every tint stays from the water, by vision: 20 to normal eyes, as from any near
/// island; 8 to the dichromacies, less than between islands because the foam ring and the
/// dark rim always stand between land and water, while two islands' colours are all that
/// tells them apart.
pub const WATER_FLOORS: [f64; 4] = [20.0, 8.0, 8.0, 8.0];

/// What a player sees of `tint` over a texture whose mean is `texture_mean`: linear sRGB.
pub fn effective(tint: Tint, texture_mean: f64) -> [f64; 3] {
    tint.map(|c| srgb_to_linear(f64::from(c) / 255.0) * texture_mean)
}

/// A family: neutral land (`None`) or a tribe.
pub type Family = Option<Tribe>;

/// One palette: its pool of tints, the least difference near islands keep, and which tints
/// each family prefers.
#[derive(Debug)]
pub struct Palette {
    pub name: &'static str,
    pub tints: &'static [Tint],
    /// The least CIEDE2000 difference between near islands, by vision ([`Vision::ALL`]).
    pub floors: [f64; 4],
    /// The tints neutral islands prefer, best first (indices into `tints`).
    neutral: &'static [u8],
    /// The tints each tribe prefers, best first: the tribe's hue, lighter and darker.
    tribes: [&'static [u8]; Tribe::COUNT],
    /// Island Conquest's two players, X then O (indices into `tints`): a pair that reads
    /// apart by the palette's floors to every viewer.
    pub conquest: [u8; 2],
    tables: OnceLock<Tables>,
}

/// Measured once per palette.
#[derive(Debug)]
struct Tables {
    /// For each pair of tints (row-major), the worst-case difference by vision.
    seen: Vec<[f64; 4]>,
    /// For each family (neutral, then tribes a..h), every tint in its order of preference:
    /// its own first, then the rest by closeness to its first.
    order: Vec<Vec<u8>>,
}

/// The default palette: near islands differ by 20 to normal eyes and by 12 with any of the
/// three dichromacies. Twelve tints is about all that keeps those floors pairwise; they were
/// searched for (simulated annealing over sRGB) from hue anchors: the first three tribes' red,
/// purple and orange, and sand for neutral land.
pub static STANDARD: Palette = Palette {
    name: "standard",
    tints: &[
        [214, 55, 27],   // 0 red
        [147, 73, 232],  // 1 purple
        [243, 139, 14],  // 2 orange
        [226, 213, 200], // 3 sand
        [93, 176, 131],  // 4 green
        [146, 156, 251], // 5 periwinkle
        [211, 233, 131], // 6 lime
        [36, 123, 144],  // 7 teal
        [110, 68, 83],   // 8 maroon
        [119, 112, 88],  // 9 olive
        [0, 60, 30],     // 10 pine (a cyan read as shallow water)
        [197, 154, 178], // 11 mauve
    ],
    floors: [20.0, 12.0, 12.0, 12.0],
    neutral: &[3, 4, 6, 9],
    tribes: [
        &[0, 8],  // a: red, maroon
        &[1, 5],  // b: purple, periwinkle
        &[2, 9],  // c: orange, olive
        &[11, 8], // d: mauve, maroon
        &[6, 2],  // e: lime, orange
        &[4, 7],  // f: green, teal
        &[9, 8],  // g: olive, maroon
        &[7, 5],  // h: teal, periwinkle
    ],
    conquest: [0, 3],
    tables: OnceLock::new(),
};

/// The colour-blind palette (Settings): near islands differ by 20 to every viewer, which
/// leaves room for eight tints, searched for from Okabe and Ito's palette.
pub static COLOUR_BLIND: Palette = Palette {
    name: "colour-blind",
    tints: &[
        [229, 160, 14],  // 0 orange
        [175, 73, 9],    // 1 vermilion
        [75, 163, 138],  // 2 bluish green
        [162, 143, 216], // 3 lavender
        [211, 255, 200], // 4 pale green
        [36, 66, 60],    // 5 slate
        [120, 24, 216],  // 6 violet (bluer ones read as deep water)
        [249, 225, 249], // 7 pale pink
    ],
    floors: [20.0, 20.0, 20.0, 20.0],
    neutral: &[4, 7],
    tribes: [&[0], &[1], &[2], &[3], &[7], &[5], &[6], &[5]],
    conquest: [0, 3],
    tables: OnceLock::new(),
};

impl Palette {
    /// The palette the Settings' colour-blind switch picks.
    pub fn for_setting(colour_blind: bool) -> &'static Palette {
        if colour_blind {
            &COLOUR_BLIND
        } else {
            &STANDARD
        }
    }

    pub fn len(&self) -> usize {
        self.tints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tints.is_empty()
    }

    /// Tint `i` as sRGB in 0..1.
    pub fn srgb(&self, i: u8) -> [f32; 3] {
        self.tints[usize::from(i)].map(|c| f32::from(c) / 255.0)
    }

    fn tables(&self) -> &Tables {
        self.tables.get_or_init(|| self.measure())
    }

    fn measure(&self) -> Tables {
        let n = self.len();
        // Each tint over each texture, as each viewer sees it.
        let looks: Vec<[[Lab; 4]; 2]> = self
            .tints
            .iter()
            .map(|&t| {
                TEXTURE_MEANS.map(|mean| {
                    let c = effective(t, mean);
                    Vision::ALL.map(|v| lab_from_linear(v.simulate(c)))
                })
            })
            .collect();
        let mut seen = vec![[f64::INFINITY; 4]; n * n];
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    seen[i * n + j] = [0.0; 4];
                    continue;
                }
                for v in 0..4 {
                    for a in &looks[i] {
                        for b in &looks[j] {
                            let d = delta_e_2000(a[v], b[v]);
                            seen[i * n + j][v] = seen[i * n + j][v].min(d);
                        }
                    }
                }
            }
        }
        let families = std::iter::once(self.neutral).chain(self.tribes);
        let order = families
            .map(|own| {
                let first = usize::from(own[0]);
                let mut rest: Vec<u8> = (0..n as u8).filter(|t| !own.contains(t)).collect();
                // Closest to the family's own colour first, as normal eyes see it.
                rest.sort_by(|&x, &y| {
                    let dx = seen[first * n + usize::from(x)][0];
                    let dy = seen[first * n + usize::from(y)][0];
                    dx.total_cmp(&dy).then(x.cmp(&y))
                });
                own.iter().copied().chain(rest).collect()
            })
            .collect();
        Tables { seen, order }
    }

    /// The least CIEDE2000 difference between tints `i` and `j` as each viewer sees them
    /// ([`Vision::ALL`] order), over either texture under either.
    pub fn seen(&self, i: u8, j: u8) -> [f64; 4] {
        self.tables().seen[usize::from(i) * self.len() + usize::from(j)]
    }

    /// How far tints `i` and `j` clear the floors: the least, over viewers, of difference
    /// over floor. 1 or more is far enough apart for near islands.
    pub fn margin(&self, i: u8, j: u8) -> f64 {
        let seen = self.seen(i, j);
        (0..4)
            .map(|v| seen[v] / self.floors[v])
            .fold(f64::INFINITY, f64::min)
    }

    /// Whether near islands may wear tints `i` and `j`.
    pub fn clears(&self, i: u8, j: u8) -> bool {
        self.margin(i, j) >= 1.0
    }

    /// Every tint in `family`'s order of preference, and how many of the first are its own.
    pub fn preferences(&self, family: Family) -> (&[u8], usize) {
        let (k, own) = match family {
            None => (0, self.neutral.len()),
            Some(t) => (1 + t.index(), self.tribes[t.index()].len()),
        };
        (&self.tables().order[k], own)
    }

    /// The tint a family is known by (swatches, miniatures): its first own one.
    pub fn family_tint(&self, family: Family) -> u8 {
        match family {
            None => self.neutral[0],
            Some(t) => self.tribes[t.index()][0],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any two tints of a pool clear the floors, so an island can always find a tint while
    /// its neighbours wear fewer than the pool has. Prints the least difference by viewer.
    #[test]
    fn every_two_tints_of_a_palette_clear_its_floors() {
        for palette in [&STANDARD, &COLOUR_BLIND] {
            let n = palette.len() as u8;
            let mut least = [f64::INFINITY; 4];
            for i in 0..n {
                for j in 0..n {
                    if i == j {
                        continue;
                    }
                    let seen = palette.seen(i, j);
                    for v in 0..4 {
                        least[v] = least[v].min(seen[v]);
                    }
                    assert!(
                        palette.clears(i, j),
                        "{} palette: tints {i} {:?} and {j} {:?} differ by {seen:.1?}",
                        palette.name,
                        palette.tints[usize::from(i)],
                        palette.tints[usize::from(j)],
                    );
                }
            }
            eprintln!(
                "{} palette, least difference between two tints (ΔE00): {}",
                palette.name,
                Vision::ALL
                    .iter()
                    .zip(least)
                    .map(|(v, d)| format!("{} {d:.1}", v.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }

    /// No tint reads as water: a tint over either texture against the shallow or deep sea,
    /// as each viewer sees it, clears [`WATER_FLOORS`].
    #[test]
    fn every_tint_stands_apart_from_the_water() {
        use crate::colour::science::delta_e_seen;
        for palette in [&STANDARD, &COLOUR_BLIND] {
            for (i, &tint) in palette.tints.iter().enumerate() {
                for water in [SHALLOW_WATER, DEEP_WATER] {
                    let sea = water.map(|c| srgb_to_linear(f64::from(c) / 255.0));
                    for (v, vision) in Vision::ALL.into_iter().enumerate() {
                        let least = TEXTURE_MEANS
                            .map(|mean| delta_e_seen(vision, effective(tint, mean), sea))
                            .into_iter()
                            .fold(f64::INFINITY, f64::min);
                        assert!(
                            least >= WATER_FLOORS[v],
                            "{} palette: tint {i} {tint:?} against water {water:?} differs by \
                             {least:.1} to {} eyes",
                            palette.name,
                            vision.name(),
                        );
                    }
                }
            }
        }
    }

    /// Each family's order holds every tint once, its own first.
    #[test]
    fn every_family_can_reach_every_tint() {
        for palette in [&STANDARD, &COLOUR_BLIND] {
            let families = std::iter::once(None).chain((0..8).map(Tribe::new));
            for family in families {
                let (order, own) = palette.preferences(family);
                let mut sorted = order.to_vec();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..palette.len() as u8).collect::<Vec<_>>());
                assert!(own >= 1);
                assert_eq!(order[0], palette.family_tint(family));
            }
        }
    }

    /// Island Conquest's players read apart by the floors near islands keep, to every
    /// viewer, in both palettes (and each from the water, as every tint does).
    #[test]
    fn the_conquest_players_read_apart_to_every_viewer() {
        for palette in [&STANDARD, &COLOUR_BLIND] {
            let [x, o] = palette.conquest;
            let seen = palette.seen(x, o);
            eprintln!("{} conquest {x} vs {o}: {seen:?}", palette.name);
            assert!(palette.clears(x, o), "{}: {seen:?}", palette.name);
        }
    }

    /// Prints every pair's margin (run by hand with --ignored --nocapture to choose the
    /// Conquest pair).
    #[test]
    #[ignore]
    fn print_pair_margins() {
        for palette in [&STANDARD, &COLOUR_BLIND] {
            for i in 0..palette.len() as u8 {
                for j in i + 1..palette.len() as u8 {
                    eprintln!(
                        "{} {i} {j} margin {:.2} {:?}",
                        palette.name,
                        palette.margin(i, j),
                        palette.seen(i, j).map(|d| d.round())
                    );
                }
            }
        }
    }
}
