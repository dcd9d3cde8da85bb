//! Minibatches from a dataset that stays on the device as bytes: `ByteRows` holds n rows of u8 (pixels or
//! labels, 4 per GPU word: a quarter of the memory of f32, so full MNIST fits WebGPU's default 128 MiB
//! binding limit) and `gather` turns the rows an index tensor picks into an f32 batch, optionally with
//! random shifts or warps (augmentation). Per step only the kernel runs; nothing is uploaded. Kernel: shaders/batch.wgsl.

use std::sync::Arc;

use super::random::pcg;
use super::output;
use crate::kernels::word;
use crate::gpu::GpuBuffer;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const GATHER_BYTES: Kernel = Kernel::new(Shader::Batch, "gather_bytes", 2, 1).overrides(&["SHIFT", "WARP"]);
/// Rows of whole words without a shift: a workgroup per row, a word of the source per thread and step.
const GATHER_WORDS: Kernel = Kernel::new(Shader::Batch, "gather_words", 2, 1);

enum Bytes {
    /// Shared with the dataset it came from (`ByteRows::shared`): the CPU backend keeps no second copy.
    Cpu(Arc<Vec<u8>>),
    Gpu(GpuBuffer),
}

/// `rows` × `cols` bytes on a device.
pub struct ByteRows {
    data: Bytes,
    rows: usize,
    cols: usize,
    device: Device,
}

/// Random translation of each gathered image by up to `max` pixels in x and y, drawn from `seed` and the
/// row's position in the order (so it is reproducible and identical on both backends). Without a warp the
/// translation is whole pixels; with one it is continuous and comes with the warp's distortions.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Shift {
    pub height: usize,
    pub width: usize,
    pub max: u32,
    pub seed: u32,
    pub warp: Warp,
}

/// The largest random distortions of a warped image (each drawn uniformly per image, about the image centre,
/// sampled bilinearly; pixels from outside count as 0): rotation by up to ±`rotate` radians, scaling by a factor
/// in 1 ± `scale`, slanting x by up to ±`slant` · y, and thicker strokes: the brightest of the pixel and its four
/// neighbours at a distance drawn from [0, `thicken`] pixels.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Warp {
    pub rotate: f32,
    pub scale: f32,
    pub slant: f32,
    pub thicken: f32,
}

impl Warp {
    pub const NONE: Warp = Warp { rotate: 0.0, scale: 0.0, slant: 0.0, thicken: 0.0 };
    /// What handwriting varies by: ±10°, ±10% size, ±0.2 slant, strokes up to one pixel thicker.
    pub const HANDWRITING: Warp = Warp { rotate: 10.0 * std::f32::consts::PI / 180.0, scale: 0.1, slant: 0.2, thicken: 1.0 };

    pub fn is_on(&self) -> bool {
        *self != Warp::NONE
    }
}

/// The image `pixel(x, y)` sampled at (u, v) by bilinear interpolation of its four neighbours (as
/// `bilinear` in shaders/batch.wgsl).
pub(crate) fn bilinear(pixel: impl Fn(i64, i64) -> f32, u: f32, v: f32) -> f32 {
    let (x0, y0) = (u.floor(), v.floor());
    let (fx, fy) = (u - x0, v - y0);
    let (x, y) = (x0 as i64, y0 as i64);
    let top = pixel(x, y) * (1.0 - fx) + pixel(x + 1, y) * fx;
    let bottom = pixel(x, y + 1) * (1.0 - fx) + pixel(x + 1, y + 1) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Draw `k` of a row's hash `h`, uniform in [-1, 1) (as `draw` in shaders/batch.wgsl).
fn draw(h: u32, k: u32) -> f32 {
    (pcg(h.wrapping_add(k)) >> 8) as f32 * (1.0 / 8_388_608.0) - 1.0
}

impl Shift {
    fn row_hash(&self, pos: u32) -> u32 {
        pcg(pcg(self.seed) ^ pcg(pos.wrapping_add(0x9e37_79b9)))
    }

    /// (dy, dx) for the row at position `pos` of the order.
    fn offsets(&self, pos: u32) -> (i64, i64) {
        let span = 2 * self.max + 1;
        let h = self.row_hash(pos);
        ((h % span) as i64 - self.max as i64, ((h / span) % span) as i64 - self.max as i64)
    }

    /// Writes the warped image `src` (height × width bytes) of the row at position `pos` into `dst`.
    fn warp_into(&self, pos: u32, src: &[u8], dst: &mut [f32], scale: f32, offset: f32) {
        let (h, w, wp) = (self.height as i64, self.width as i64, self.warp);
        let r = self.row_hash(pos);
        let (tx, ty) = (draw(r, 1) * self.max as f32, draw(r, 2) * self.max as f32);
        let angle = draw(r, 3) * wp.rotate;
        let zoom = 1.0 + draw(r, 4) * wp.scale;
        let slant = draw(r, 5) * wp.slant;
        let d = (draw(r, 6) + 1.0) * 0.5 * wp.thicken;
        let (cx, cy) = ((w - 1) as f32 * 0.5, (h - 1) as f32 * 0.5);
        let (sin, cos) = (angle.sin(), angle.cos());
        let pixel = |x: i64, y: i64| if x >= 0 && y >= 0 && x < w && y < h { src[(y * w + x) as usize] as f32 } else { 0.0 };
        let bilinear = |u: f32, v: f32| bilinear(pixel, u, v);
        for (c, out) in dst.iter_mut().enumerate() {
            let (px, py) = ((c as i64 % w) as f32 - cx - tx, (c as i64 / w) as f32 - cy - ty);
            let (qx, qy) = ((cos * px + sin * py) / zoom, (cos * py - sin * px) / zoom);
            let (u, v) = (qx - slant * qy + cx, qy + cy);
            let value = bilinear(u, v).max(bilinear(u + d, v)).max(bilinear(u - d, v)).max(bilinear(u, v + d)).max(bilinear(u, v - d));
            *out = value * scale + offset;
        }
    }
}

impl ByteRows {
    /// Puts `bytes` (rows × cols, row-major) on `device` once.
    pub fn new(bytes: &[u8], cols: usize, device: &Device) -> ByteRows {
        let data = match device {
            Device::Cpu => Bytes::Cpu(Arc::new(bytes.to_vec())),
            Device::Gpu(g) => Bytes::Gpu(g.upload_bytes(bytes)),
        };
        ByteRows::of(data, bytes.len(), cols, device)
    }

    /// As `new`, but the CPU backend keeps `bytes` themselves (shared with the dataset, not copied).
    pub fn shared(bytes: &Arc<Vec<u8>>, cols: usize, device: &Device) -> ByteRows {
        match device {
            Device::Cpu => ByteRows::of(Bytes::Cpu(bytes.clone()), bytes.len(), cols, device),
            Device::Gpu(_) => ByteRows::new(bytes, cols, device),
        }
    }

    fn of(data: Bytes, len: usize, cols: usize, device: &Device) -> ByteRows {
        assert!(cols > 0 && len % cols == 0, "{len} bytes are not whole rows of {cols}");
        ByteRows { data, rows: len / cols, cols, device: device.clone() }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// `rows`, copied out one after another, on the CPU backend (None on a GPU).
    pub fn host_rows(&self, rows: &[usize]) -> Option<Vec<u8>> {
        let Bytes::Cpu(bytes) = &self.data else { return None };
        Some(rows.iter().flat_map(|&r| &bytes[r * self.cols..(r + 1) * self.cols]).copied().collect())
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// A [count, cols] f32 batch: row r is `scale` × row `order[start + r]` (row numbers as f32) + `offset`,
    /// shifted when `shift` is given (then cols must be height × width; pixels shifted in count as 0).
    pub fn gather(&self, order: &Tensor, start: usize, count: usize, (scale, offset): (f32, f32), shift: Option<Shift>) -> Tensor {
        assert!(self.device.same(order.device()), "gather: order is on another device");
        assert!(start + count <= order.numel(), "gather: rows {start}..{} of an order of {}", start + count, order.numel());
        if let Some(s) = shift {
            assert_eq!(s.height * s.width, self.cols, "gather: a {}×{} shift on rows of {}", s.height, s.width, self.cols);
        }
        let cols = self.cols;
        let out = output(&[count, cols], &self.device);
        match &self.data {
            Bytes::Cpu(bytes) => {
                let order = order.cpu();
                let mut o = out.cpu_mut();
                for r in 0..count {
                    let row = order[start + r] as usize;
                    assert!(row < self.rows, "gather: row {row} of {}", self.rows);
                    let src = &bytes[row * cols..(row + 1) * cols];
                    let dst = &mut o[r * cols..(r + 1) * cols];
                    match shift {
                        Some(s) if s.warp.is_on() => s.warp_into((start + r) as u32, src, dst, scale, offset),
                        None => dst.iter_mut().zip(src).for_each(|(d, &b)| *d = b as f32 * scale + offset),
                        Some(s) => {
                            let (dy, dx) = s.offsets((start + r) as u32);
                            for (c, d) in dst.iter_mut().enumerate() {
                                let (y, x) = ((c / s.width) as i64 - dy, (c % s.width) as i64 - dx);
                                let inside = y >= 0 && x >= 0 && y < s.height as i64 && x < s.width as i64;
                                *d = if inside { src[y as usize * s.width + x as usize] as f32 } else { 0.0 } * scale + offset;
                            }
                        }
                    }
                }
            }
            Bytes::Gpu(buf) => {
                let s = shift.unwrap_or(Shift { height: 0, width: 0, max: 0, seed: 0, warp: Warp::NONE });
                let w = s.warp;
                let info = [word(count), word(cols), word(start), scale.to_bits(), word(s.height), word(s.width), s.max, s.seed, offset.to_bits(),
                    w.rotate.to_bits(), w.scale.to_bits(), w.slant.to_bits(), w.thicken.to_bits()];
                let shifted = s.max > 0 || w.is_on();
                let g = self.device.gpu_ctx().unwrap();
                if !shifted && cols % 4 == 0 {
                    g.dispatch_groups(GATHER_WORDS, &info, &[buf.raw(), order.buf(), out.buf()], count);
                } else {
                    let kernel = GATHER_BYTES.with(&[u32::from(shifted), u32::from(w.is_on())]);
                    g.dispatch_vec4(kernel, &info, &[buf.raw(), order.buf(), out.buf()], count * cols);
                }
            }
        }
        out
    }
}
