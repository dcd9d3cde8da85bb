//! Turns a drawing into the 28×28 input MNIST models expect, the way MNIST itself was made: the ink's
//! bounding box is scaled (keeping its aspect ratio, anti-aliased by area averaging) to fit 20×20, then
//! placed in a 28×28 field so that its centre of mass sits at the centre.

/// `ink`: w×h coverage values in [0, 1] (e.g. a canvas's alpha / 255). None when nothing is drawn.
pub fn to_mnist(ink: &[f32], w: usize, h: usize) -> Option<Vec<f32>> {
    assert_eq!(ink.len(), w * h, "ink is not {w}×{h}");
    let on = |x: usize, y: usize| ink[y * w + x] > 0.02;
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if on(x, y) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    if x0 >= x1 {
        return None;
    }
    let (bw, bh) = ((x1 - x0) as f32, (y1 - y0) as f32);
    let scale = 20.0 / bw.max(bh);
    let (sw, sh) = ((bw * scale).round().max(1.0) as usize, (bh * scale).round().max(1.0) as usize);
    // Area-average each target pixel's footprint in the source box.
    let mut small = vec![0.0f32; sw * sh];
    for ty in 0..sh {
        for tx in 0..sw {
            let (sx0, sx1) = (x0 as f32 + tx as f32 / scale, x0 as f32 + (tx + 1) as f32 / scale);
            let (sy0, sy1) = (y0 as f32 + ty as f32 / scale, y0 as f32 + (ty + 1) as f32 / scale);
            let (mut sum, mut area) = (0.0, 0.0);
            for y in sy0.floor() as usize..(sy1.ceil() as usize).min(h) {
                let fy = (sy1.min(y as f32 + 1.0) - sy0.max(y as f32)).max(0.0);
                for x in sx0.floor() as usize..(sx1.ceil() as usize).min(w) {
                    let fx = (sx1.min(x as f32 + 1.0) - sx0.max(x as f32)).max(0.0);
                    sum += ink[y * w + x] * fx * fy;
                    area += fx * fy;
                }
            }
            small[ty * sw + tx] = if area > 0.0 { (sum / area).min(1.0) } else { 0.0 };
        }
    }
    // Centre of mass of the scaled digit, moved to (14, 14).
    let total: f32 = small.iter().sum();
    let (mut cx, mut cy) = (0.0, 0.0);
    for y in 0..sh {
        for x in 0..sw {
            cx += (x as f32 + 0.5) * small[y * sw + x];
            cy += (y as f32 + 0.5) * small[y * sw + x];
        }
    }
    let (cx, cy) = (cx / total, cy / total);
    // Clamped so the 20-pixel box stays whole (a lopsided shape is centred as far as it fits).
    let (ox, oy) = (((14.0 - cx).round() as i64).clamp(0, 28 - sw as i64), ((14.0 - cy).round() as i64).clamp(0, 28 - sh as i64));
    let mut out = vec![0.0f32; 784];
    for y in 0..sh {
        for x in 0..sw {
            let (px, py) = (x as i64 + ox, y as i64 + oy);
            if (0..28).contains(&px) && (0..28).contains(&py) {
                out[py as usize * 28 + px as usize] = small[y * sw + x];
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_drawing_is_none() {
        assert!(to_mnist(&[0.0; 100], 10, 10).is_none());
    }

    #[test]
    fn a_vertical_stroke_becomes_a_centred_20_pixel_bar() {
        // A 10-pixel-wide vertical bar on a 280×280 canvas, off to the left.
        let (w, h) = (280, 280);
        let mut ink = vec![0.0; w * h];
        for y in 40..240 {
            for x in 30..40 {
                ink[y * w + x] = 1.0;
            }
        }
        let img = to_mnist(&ink, w, h).unwrap();
        let rows: Vec<usize> = (0..28).filter(|&y| (0..28).any(|x| img[y * 28 + x] > 0.5)).collect();
        let cols: Vec<usize> = (0..28).filter(|&x| (0..28).any(|y| img[y * 28 + x] > 0.5)).collect();
        assert_eq!(rows.len(), 20, "scaled to 20 pixels tall: {rows:?}");
        assert_eq!((rows[0], *rows.last().unwrap()), (4, 23), "centred vertically");
        assert!(cols.len() == 1 && cols[0] == 14 || cols.len() == 1 && cols[0] == 13, "a one-pixel column in the middle: {cols:?}");
        let mass: f32 = img.iter().sum();
        assert!((mass - 20.0).abs() < 1.0, "ink is conserved up to scaling: {mass}");
    }

    #[test]
    fn centre_of_mass_lands_in_the_middle() {
        // A square ring with a heavy right side: its box is centred differently from its mass.
        let (w, h) = (100, 100);
        let mut ink = vec![0.0; w * h];
        for y in 10..90 {
            for x in 10..90 {
                let ring = x < 12 || y < 12 || y >= 88 || x >= 80;
                ink[y * w + x] = if ring { 1.0 } else { 0.0 };
            }
        }
        let img = to_mnist(&ink, w, h).unwrap();
        let total: f32 = img.iter().sum();
        let cx: f32 = (0..784).map(|i| ((i % 28) as f32 + 0.5) * img[i]).sum::<f32>() / total;
        let cy: f32 = (0..784).map(|i| ((i / 28) as f32 + 0.5) * img[i]).sum::<f32>() / total;
        assert!((cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5, "centre of mass at ({cx}, {cy})");
        let left = (0..28).find(|&x| (0..28).any(|y| img[y * 28 + x] > 0.0)).unwrap();
        assert!(left < 4, "the box moved left of its centred position (column {left}) to centre the mass");
    }

    #[test]
    fn a_lopsided_shape_is_not_cut_off() {
        // An L with a heavy foot would need to move its box out of the field to centre its mass.
        let (w, h) = (100, 100);
        let mut ink = vec![0.0; w * h];
        for y in 10..90 {
            ink[y * w + 10] = 1.0;
        }
        for x in 10..90 {
            for y in 85..90 {
                ink[y * w + x] = 1.0;
            }
        }
        let img = to_mnist(&ink, w, h).unwrap();
        let rows: Vec<usize> = (0..28).filter(|&y| (0..28).any(|x| img[y * 28 + x] > 0.0)).collect();
        assert_eq!((rows[0], rows.len()), (0, 20), "all 20 rows kept, moved up as far as fits");
    }
}
