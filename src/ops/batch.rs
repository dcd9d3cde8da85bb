//! Minibatches from a dataset that stays on the device as bytes: `ByteRows` holds n rows of u8 (pixels or
//! labels, 4 per GPU word: a quarter of the memory of f32, so full MNIST fits WebGPU's default 128 MiB
//! binding limit) and `gather` turns the rows an index tensor picks into an f32 batch, optionally with
//! random-shift augmentation. Per step only the kernel runs; nothing is uploaded. Kernel: shaders/batch.wgsl.

use super::random::pcg;
use super::output;
use crate::kernels::word;
use crate::gpu::GpuBuffer;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const GATHER_BYTES: Kernel = Kernel::new(Shader::Batch, "gather_bytes", 2, 1).overrides(&["SHIFT"]);

enum Bytes {
    Cpu(Vec<u8>),
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
/// row's position in the order (so it is reproducible and identical on both backends).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shift {
    pub height: usize,
    pub width: usize,
    pub max: u32,
    pub seed: u32,
}

impl Shift {
    /// (dy, dx) for the row at position `pos` of the order.
    fn offsets(&self, pos: u32) -> (i64, i64) {
        let span = 2 * self.max + 1;
        let h = pcg(pcg(self.seed) ^ pcg(pos.wrapping_add(0x9e37_79b9)));
        ((h % span) as i64 - self.max as i64, ((h / span) % span) as i64 - self.max as i64)
    }
}

impl ByteRows {
    /// Puts `bytes` (rows × cols, row-major) on `device` once.
    pub fn new(bytes: &[u8], cols: usize, device: &Device) -> ByteRows {
        assert!(cols > 0 && bytes.len() % cols == 0, "{} bytes are not whole rows of {cols}", bytes.len());
        let data = match device {
            Device::Cpu => Bytes::Cpu(bytes.to_vec()),
            Device::Gpu(g) => Bytes::Gpu(g.upload_bytes(bytes)),
        };
        ByteRows { data, rows: bytes.len() / cols, cols, device: device.clone() }
    }

    pub fn rows(&self) -> usize {
        self.rows
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
                let s = shift.unwrap_or(Shift { height: 0, width: 0, max: 0, seed: 0 });
                let info = [word(count), word(cols), word(start), scale.to_bits(), word(s.height), word(s.width), s.max, s.seed, offset.to_bits()];
                let kernel = GATHER_BYTES.with(&[u32::from(s.max > 0)]);
                self.device.gpu_ctx().unwrap().dispatch_vec4(kernel, &info, &[buf.raw(), order.buf(), out.buf()], count * cols);
            }
        }
        out
    }
}
