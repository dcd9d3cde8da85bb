//! Digits as a learner draws them on the sketch pad, made from held-out MNIST digits: each digit is painted
//! onto a 280×280 canvas in a drawing style (centred and large, off in a corner, small, slanted, rotated, with
//! a thick brush), then turned back into a 28×28 input by `sketch::to_mnist`, exactly as the pad does. Scoring a
//! model on each style says how it will fare with real drawings (`mnist drawn`, tests/drawn.rs).

use crate::data::Dataset;
use crate::ops::batch::bilinear;
use crate::sketch::to_mnist;

/// The canvas side, as the page's sketch pad.
pub const CANVAS: usize = 280;

/// How a digit is drawn on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub name: &'static str,
    /// Canvas pixels per digit pixel (the pad's digits are ~6–9; a small digit ~2.5).
    pub size: f32,
    /// Where the digit's centre lands, as a fraction of the canvas (0.5, 0.5 = the middle).
    pub at: (f32, f32),
    /// Slant: x moves by this times the height above the centre (positive leans right).
    pub slant: f32,
    /// Rotation in degrees (positive is clockwise on screen).
    pub rotate: f32,
    /// Extra stroke width, in digit pixels on each side (a thick brush).
    pub thicken: f32,
}

impl Style {
    const PLAIN: Style = Style { name: "centred", size: 8.0, at: (0.5, 0.5), slant: 0.0, rotate: 0.0, thicken: 0.0 };

    /// The styles `mnist drawn` reports, the plain one first.
    pub const ALL: [Style; 6] = [
        Style::PLAIN,
        Style { name: "off-centre", at: (0.28, 0.3), ..Style::PLAIN },
        Style { name: "small", size: 2.5, at: (0.7, 0.65), ..Style::PLAIN },
        Style { name: "slanted", slant: 0.35, ..Style::PLAIN },
        Style { name: "rotated", rotate: 15.0, ..Style::PLAIN },
        Style { name: "thick", thicken: 1.0, ..Style::PLAIN },
    ];

    /// The canvas ink (0..1) of a 28×28 digit (`pixels`, 0..1) drawn in this style.
    pub fn paint(&self, pixels: &[f32]) -> Vec<f32> {
        assert_eq!(pixels.len(), 784, "a digit is 28×28");
        let px = |x: i64, y: i64| if (0..28).contains(&x) && (0..28).contains(&y) { pixels[y as usize * 28 + x as usize] } else { 0.0 };
        let bilinear = |u: f32, v: f32| bilinear(px, u, v);
        let (sin, cos) = self.rotate.to_radians().sin_cos();
        let (cx, cy) = (self.at.0 * CANVAS as f32, self.at.1 * CANVAS as f32);
        let d = self.thicken;
        let mut ink = vec![0.0f32; CANVAS * CANVAS];
        for (i, out) in ink.iter_mut().enumerate() {
            // Canvas → digit: undo the placement, rotation, slant and size.
            let (x, y) = ((i % CANVAS) as f32 + 0.5 - cx, (i / CANVAS) as f32 + 0.5 - cy);
            let (x, y) = (cos * x + sin * y, cos * y - sin * x);
            let x = x + self.slant * y;
            let (u, v) = (x / self.size + 13.5, y / self.size + 13.5);
            let mut value = bilinear(u, v);
            if d > 0.0 {
                for k in 0..8 {
                    let a = k as f32 * std::f32::consts::FRAC_PI_4;
                    value = value.max(bilinear(u + d * a.cos(), v + d * a.sin()));
                }
            }
            *out = value.min(1.0);
        }
        ink
    }

    /// The model input the sketch pad makes of this drawing of `pixels` (None if nothing is visible).
    pub fn as_drawn(&self, pixels: &[f32]) -> Option<Vec<f32>> {
        to_mnist(&self.paint(pixels), CANVAS, CANVAS)
    }
}

/// `data` (28×28 digits) as drawn in `style`, as bytes again (a digit that draws nothing stays empty).
pub fn redraw(data: &Dataset, style: &Style) -> Dataset {
    assert_eq!((data.rows, data.cols), (28, 28), "drawn digits are 28×28");
    let mut images = Vec::with_capacity(data.images.len());
    for i in 0..data.len() {
        let input = style.as_drawn(&data.image_f32(i)).unwrap_or_else(|| vec![0.0; 784]);
        images.extend(input.iter().map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
    }
    Dataset { images: images.into(), ..data.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar() -> Vec<f32> {
        // A vertical bar 2 pixels wide and 16 tall in the middle of the field.
        (0..784).map(|i| if (13..15).contains(&(i % 28)) && (6..22).contains(&(i / 28)) { 1.0 } else { 0.0 }).collect()
    }

    #[test]
    fn every_style_gives_back_a_centred_input() {
        for style in Style::ALL {
            let input = style.as_drawn(&bar()).unwrap_or_else(|| panic!("{} drew nothing", style.name));
            let mass: f32 = input.iter().sum();
            let cy = input.iter().enumerate().map(|(i, v)| (i / 28) as f32 * v).sum::<f32>() / mass;
            assert!((cy - 13.5).abs() < 1.5, "{}: centre of mass at row {cy}", style.name);
        }
    }

    #[test]
    fn styles_change_what_they_say() {
        let ink = |s: &Style| s.paint(&bar()).iter().sum::<f32>();
        let [plain, off, small, slanted, _, thick] = Style::ALL;
        assert!(ink(&small) < ink(&plain) / 5.0, "a small digit has less ink");
        assert!(ink(&thick) > ink(&plain) * 1.5, "a thick brush has more ink");
        let column = |s: &Style, row: usize| {
            let p = s.paint(&bar());
            let row = &p[row * CANVAS..(row + 1) * CANVAS];
            row.iter().enumerate().map(|(x, v)| x as f32 * v).sum::<f32>() / row.iter().sum::<f32>().max(1e-6)
        };
        assert!(column(&slanted, 90) > column(&slanted, 190) + 20.0, "slanted: the top leans right");
        assert!(column(&off, 84) < 100.0, "off-centre: drawn on the left");
    }
}
