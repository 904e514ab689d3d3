//! Colour science for telling island colours apart: sRGB and linear light, CIELAB and
//! OKLab, the CIEDE2000 colour difference, and how colours look with each of the three
//! dichromacies. Plain numbers, no Bevy, so the palette and its tests can use it anywhere.
//!
//! Every colour here is `[r, g, b]` in 0..1: gamma-encoded sRGB or linear light, as each
//! function's name says.

/// A colour in CIELAB (D65 white): lightness 0..100, then the green-red and blue-yellow axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lab {
    pub l: f64,
    pub a: f64,
    pub b: f64,
}

/// A colour in OKLab (Ottosson 2020): lightness 0..1, then the green-red and blue-yellow axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Oklab {
    pub l: f64,
    pub a: f64,
    pub b: f64,
}

/// One sRGB channel (gamma-encoded, 0..1) in linear light.
pub fn srgb_to_linear(c: f64) -> f64 {
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// One linear channel back to gamma-encoded sRGB (clamped to 0..1 first).
pub fn linear_to_srgb(c: f64) -> f64 {
    let c = c.clamp(0.0, 1.0);
    if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    }
}

pub fn srgb_to_linear_rgb(rgb: [f64; 3]) -> [f64; 3] {
    rgb.map(srgb_to_linear)
}

pub fn linear_to_srgb_rgb(rgb: [f64; 3]) -> [f64; 3] {
    rgb.map(linear_to_srgb)
}

fn times(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2])
}

/// Linear sRGB to CIE XYZ, D65 white (IEC 61966-2-1).
const SRGB_TO_XYZ: [[f64; 3]; 3] = [
    [0.412_456_4, 0.357_576_1, 0.180_437_5],
    [0.212_672_9, 0.715_152_2, 0.072_175_0],
    [0.019_333_9, 0.119_192_0, 0.950_304_1],
];
const D65_WHITE: [f64; 3] = [0.950_47, 1.0, 1.088_83];

/// A linear sRGB colour in CIELAB.
pub fn lab_from_linear(rgb: [f64; 3]) -> Lab {
    let xyz = times(&SRGB_TO_XYZ, rgb);
    let f = |t: f64| {
        let d: f64 = 6.0 / 29.0;
        if t > d.powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * d * d) + 4.0 / 29.0
        }
    };
    let [fx, fy, fz] = std::array::from_fn(|i| f(xyz[i] / D65_WHITE[i]));
    Lab {
        l: 116.0 * fy - 16.0,
        a: 500.0 * (fx - fy),
        b: 200.0 * (fy - fz),
    }
}

/// A linear sRGB colour in OKLab.
pub fn oklab_from_linear(rgb: [f64; 3]) -> Oklab {
    const TO_LMS: [[f64; 3]; 3] = [
        [0.412_221_470_8, 0.536_332_536_3, 0.051_445_992_9],
        [0.211_903_498_2, 0.680_699_545_1, 0.107_396_956_6],
        [0.088_302_461_9, 0.281_718_837_6, 0.629_978_700_5],
    ];
    const TO_LAB: [[f64; 3]; 3] = [
        [0.210_454_255_3, 0.793_617_785_0, -0.004_072_046_8],
        [1.977_998_495_1, -2.428_592_205_0, 0.450_593_709_9],
        [0.025_904_037_1, 0.782_771_766_2, -0.808_675_766_0],
    ];
    let lms = times(&TO_LMS, rgb).map(f64::cbrt);
    let [l, a, b] = times(&TO_LAB, lms);
    Oklab { l, a, b }
}

/// Euclidean distance in OKLab (about 0.02 is a just-noticeable difference).
pub fn oklab_distance(x: Oklab, y: Oklab) -> f64 {
    ((x.l - y.l).powi(2) + (x.a - y.a).powi(2) + (x.b - y.b).powi(2)).sqrt()
}

/// The CIEDE2000 colour difference (CIE 142-2001, as Sharma, Wu and Dalal 2005 spell it
/// out, with their test data below): about 1 is just noticeable, 20 is plainly different.
pub fn delta_e_2000(x: Lab, y: Lab) -> f64 {
    let c_mean = (x.a.hypot(x.b) + y.a.hypot(y.b)) / 2.0;
    let c7 = c_mean.powi(7);
    let g = 0.5 * (1.0 - (c7 / (c7 + 25f64.powi(7))).sqrt());
    let (a1, a2) = ((1.0 + g) * x.a, (1.0 + g) * y.a);
    let (c1, c2) = (a1.hypot(x.b), a2.hypot(y.b));
    let hue = |a: f64, b: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1, h2) = (hue(a1, x.b), hue(a2, y.b));
    let grey = c1 * c2 == 0.0;
    let dl = y.l - x.l;
    let dc = c2 - c1;
    let dh = if grey {
        0.0
    } else if h2 - h1 > 180.0 {
        h2 - h1 - 360.0
    } else if h2 - h1 < -180.0 {
        h2 - h1 + 360.0
    } else {
        h2 - h1
    };
    let dh_big = 2.0 * (c1 * c2).sqrt() * (dh.to_radians() / 2.0).sin();
    let l_mean = (x.l + y.l) / 2.0;
    let c_mean = (c1 + c2) / 2.0;
    let h_mean = if grey {
        h1 + h2
    } else if (h1 - h2).abs() <= 180.0 {
        (h1 + h2) / 2.0
    } else if h1 + h2 < 360.0 {
        (h1 + h2 + 360.0) / 2.0
    } else {
        (h1 + h2 - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(h_mean - 30.0) + 0.24 * cos(2.0 * h_mean) + 0.32 * cos(3.0 * h_mean + 6.0)
            - 0.20 * cos(4.0 * h_mean - 63.0);
    let d_theta = 30.0 * (-((h_mean - 275.0) / 25.0).powi(2)).exp();
    let c7 = c_mean.powi(7);
    let r_c = 2.0 * (c7 / (c7 + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_mean - 50.0).powi(2) / (20.0 + (l_mean - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * c_mean;
    let s_h = 1.0 + 0.015 * c_mean * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    let (l, c, h) = (dl / s_l, dc / s_c, dh_big / s_h);
    (l * l + c * c + h * h + r_t * c * h).sqrt()
}

/// How a viewer sees colour: normally, or with one of the three dichromacies (one kind of
/// cone missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vision {
    Normal,
    /// No green (M) cones; the commonest colour blindness.
    Deuteranopia,
    /// No red (L) cones.
    Protanopia,
    /// No blue (S) cones.
    Tritanopia,
}

impl Vision {
    pub const ALL: [Vision; 4] = [
        Vision::Normal,
        Vision::Deuteranopia,
        Vision::Protanopia,
        Vision::Tritanopia,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Vision::Normal => "normal vision",
            Vision::Deuteranopia => "deuteranopia",
            Vision::Protanopia => "protanopia",
            Vision::Tritanopia => "tritanopia",
        }
    }

    /// A linear sRGB colour as this viewer sees it, in linear sRGB: Machado, Oliveira and
    /// Fernandes (2009), severity 1.0, on linear RGB, clamped to the displayable range.
    pub fn simulate(self, rgb: [f64; 3]) -> [f64; 3] {
        let m = match self {
            Vision::Normal => return rgb,
            Vision::Deuteranopia => &MACHADO_DEUTERANOPIA,
            Vision::Protanopia => &MACHADO_PROTANOPIA,
            Vision::Tritanopia => &MACHADO_TRITANOPIA,
        };
        times(m, rgb).map(|c| c.clamp(0.0, 1.0))
    }
}

const MACHADO_PROTANOPIA: [[f64; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];
const MACHADO_DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
const MACHADO_TRITANOPIA: [[f64; 3]; 3] = [
    [1.255_528, -0.076_749, -0.178_779],
    [-0.078_411, 0.930_809, 0.147_602],
    [0.004_733, 0.691_367, 0.303_900],
];

/// The CIEDE2000 difference between two linear sRGB colours as `vision` sees them.
pub fn delta_e_seen(vision: Vision, x: [f64; 3], y: [f64; 3]) -> f64 {
    delta_e_2000(
        lab_from_linear(vision.simulate(x)),
        lab_from_linear(vision.simulate(y)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(l: f64, a: f64, b: f64) -> Lab {
        Lab { l, a, b }
    }

    /// Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula: implementation
    /// notes, supplementary test data, and mathematical observations", table 1: all 34
    /// pairs, to the four decimals published.
    #[test]
    fn ciede2000_matches_sharmas_test_data() {
        #[rustfmt::skip]
        let pairs: [[f64; 7]; 34] = [
            [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
            [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
            [50.0, 2.8361, -74.0200, 50.0, 0.0, -82.7485, 3.4412],
            [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0000],
            [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0000],
            [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0000],
            [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
            [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
            [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
            [50.0, 2.49, -0.001, 50.0, -2.49, 0.0010, 7.1792],
            [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
            [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
            [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
            [50.0, -0.001, 2.49, 50.0, 0.0010, -2.49, 4.8045],
            [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
            [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
            [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
            [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
            [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.9030],
            [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
            [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0000],
            [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0000],
            [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0000],
            [50.0, 2.5, 0.0, 50.0, 3.2592, 0.3350, 1.0000],
            [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
            [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630],
            [61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731],
            [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
            [22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373],
            [36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
            [90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441],
            [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
            [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
            [2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082],
        ];
        for (k, p) in pairs.iter().enumerate() {
            let (x, y) = (lab(p[0], p[1], p[2]), lab(p[3], p[4], p[5]));
            for d in [delta_e_2000(x, y), delta_e_2000(y, x)] {
                assert!((d - p[6]).abs() < 5e-5, "pair {}: {d} != {}", k + 1, p[6]);
            }
        }
    }

    #[test]
    fn srgb_primaries_land_where_the_standards_put_them() {
        // CIELAB of sRGB red and of white (D65).
        let red = lab_from_linear([1.0, 0.0, 0.0]);
        assert!((red.l - 53.2408).abs() < 1e-3, "{red:?}");
        assert!((red.a - 80.0925).abs() < 1e-3, "{red:?}");
        assert!((red.b - 67.2032).abs() < 1e-3, "{red:?}");
        let white = lab_from_linear([1.0; 3]);
        assert!((white.l - 100.0).abs() < 1e-3 && white.a.abs() < 0.01 && white.b.abs() < 0.01);
        // OKLab of sRGB red (CSS Color 4's worked value) and of white.
        let red = oklab_from_linear([1.0, 0.0, 0.0]);
        assert!((red.l - 0.627_96).abs() < 1e-4, "{red:?}");
        assert!((red.a - 0.224_86).abs() < 1e-4, "{red:?}");
        assert!((red.b - 0.125_85).abs() < 1e-4, "{red:?}");
        let white = oklab_from_linear([1.0; 3]);
        assert!((white.l - 1.0).abs() < 1e-4 && white.a.abs() < 1e-4 && white.b.abs() < 1e-4);
    }

    #[test]
    fn srgb_encoding_round_trips() {
        for k in 0..=255 {
            let c = f64::from(k) / 255.0;
            assert!((linear_to_srgb(srgb_to_linear(c)) - c).abs() < 1e-9);
        }
        assert!((srgb_to_linear(0.5) - 0.214_041).abs() < 1e-6);
    }

    /// Greys look the same to every viewer (each row of Machado's matrices sums to 1), and
    /// each dichromacy confuses the colours it is known to confuse.
    #[test]
    fn dichromacies_keep_greys_and_lose_their_own_axis() {
        for vision in Vision::ALL {
            for v in [0.0, 0.2, 0.5, 1.0] {
                let seen = vision.simulate([v; 3]);
                assert!(seen.iter().all(|c| (c - v).abs() < 1e-5), "{vision:?}");
            }
        }
        let linear = |hex: u32| {
            srgb_to_linear_rgb(
                [hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map(|c| f64::from(c) / 255.0),
            )
        };
        // Red and green of like lightness: plainly apart normally and to a tritanope,
        // close with either red-green dichromacy.
        let (red, green) = (linear(0xa0_30_20), linear(0x50_58_18));
        assert!(delta_e_seen(Vision::Normal, red, green) > 25.0);
        assert!(delta_e_seen(Vision::Tritanopia, red, green) > 15.0);
        assert!(delta_e_seen(Vision::Deuteranopia, red, green) < 8.0);
        assert!(delta_e_seen(Vision::Protanopia, red, green) < 8.0);
        // Blue and green a tritanope confuses, the others do not.
        let (blue, teal) = (linear(0x40_80_c0), linear(0x30_a0_90));
        assert!(delta_e_seen(Vision::Normal, blue, teal) > 12.0);
        assert!(
            delta_e_seen(Vision::Tritanopia, blue, teal)
                < delta_e_seen(Vision::Normal, blue, teal) / 2.0
        );
    }
}
