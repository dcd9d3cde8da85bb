//! 2-D max pooling (no padding). Kernel: shaders/pool.wgsl.

use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const FORWARD: Kernel = Kernel::new(Shader::Pool, "forward", 1, 2).overrides(&["K", "S"]);
const BACKWARD: Kernel = Kernel::new(Shader::Pool, "backward", 1, 2).overrides(&["K", "S"]);
const BACKWARD_WINDOWS: Kernel = Kernel::new(Shader::Pool, "backward_windows", 1, 2).overrides(&["K", "S"]);
const BACKWARD_ROWS: Kernel = Kernel::new(Shader::Pool, "backward_rows", 1, 2).overrides(&["K", "S"]);

impl Tensor {
    /// Max over k×k windows every `stride` pixels: [N, C, H, W] → [N, C, OH, OW]. The gradient goes to
    /// the first maximum of each window.
    pub fn max_pool2d(&self, k: usize, stride: usize) -> Tensor {
        let [n, c, h, w] = self.shape()[..] else { panic!("max_pool2d input must be [N, C, H, W], got {:?}", self.shape()) };
        assert!(k > 0 && stride > 0 && h >= k && w >= k, "max_pool2d: window {k} stride {stride} does not fit {h}×{w}");
        let (oh, ow) = ((h - k) / stride + 1, (w - k) / stride + 1);
        let info = [n * c, h, w, oh, ow].map(word);
        let window = [word(k), word(stride)];
        let out = output(&[n, c, oh, ow], self.device());
        let arg = output(&[n, c, oh, ow], self.device());
        match self.device() {
            Device::Cpu => {
                let src = self.cpu();
                let (mut o, mut a) = (out.cpu_mut(), arg.cpu_mut());
                for (i, (ov, av)) in o.iter_mut().zip(a.iter_mut()).enumerate() {
                    let (plane, y0, x0) = (i / (oh * ow), (i / ow) % oh * stride, i % ow * stride);
                    let mut best = y0 * w + x0;
                    for at in (y0..y0 + k).flat_map(|y| (x0..x0 + k).map(move |x| y * w + x)) {
                        if src[plane * h * w + at] > src[plane * h * w + best] {
                            best = at;
                        }
                    }
                    (*ov, *av) = (src[plane * h * w + best], best as f32);
                }
            }
            Device::Gpu(g) => g.dispatch_vec4(FORWARD.with(&window), &info, &[self.buf(), out.buf(), arg.buf()], out.numel()),
        }
        let in_shape = self.shape().to_vec();
        out.record("max_pool2d", &[self], move |g| {
            let dx = output(&in_shape, g.device());
            match g.device() {
                Device::Cpu => {
                    let (gv, a) = (g.cpu(), arg.cpu());
                    let mut d = dx.cpu_mut();
                    for (i, (gv, av)) in gv.iter().zip(a.iter()).enumerate() {
                        d[i / (oh * ow) * h * w + *av as usize] += gv;
                    }
                }
                // Four tiling windows per thread when they cover the input and a row of outputs is whole
                // vec4s; else a thread per input row when W is a multiple of 4, else four pixels per thread.
                Device::Gpu(ctx) if k == stride && h % k == 0 && w % k == 0 && ow % 4 == 0 => {
                    ctx.dispatch_vec4(BACKWARD_WINDOWS.with(&window), &info, &[g.buf(), dx.buf(), arg.buf()], n * c * oh * ow);
                }
                Device::Gpu(ctx) if w % 4 == 0 => {
                    ctx.dispatch_1d(BACKWARD_ROWS.with(&window), &info, &[g.buf(), dx.buf(), arg.buf()], n * c * h);
                }
                Device::Gpu(ctx) => {
                    ctx.dispatch_vec4(BACKWARD.with(&window), &info, &[g.buf(), dx.buf(), arg.buf()], dx.numel());
                }
            }
            vec![Some(dx)]
        })
    }
}
