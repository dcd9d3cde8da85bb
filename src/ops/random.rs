//! Counter-based random numbers that are identical on both backends (the same PCG hash as
//! shaders/random.wgsl), and dropout built on them.

use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const KERNEL: Kernel = Kernel::new(Shader::Random, "main", 0, 1);

/// PCG-RXS-M-XS 32-bit hash, as in shaders/random.wgsl.
pub(crate) fn pcg(v: u32) -> u32 {
    let state = v.wrapping_mul(747_796_405).wrapping_add(2_891_336_453);
    let word = ((state >> ((state >> 28) + 4)) ^ state).wrapping_mul(277_803_737);
    (word >> 22) ^ word
}

/// Element `i` of the uniform stream `seed`, in [0, 1).
pub fn uniform_at(seed: u32, i: u32) -> f32 {
    let h = pcg(pcg(seed) ^ pcg(i.wrapping_add(0x9e37_79b9)));
    (h >> 8) as f32 * (1.0 / 16_777_216.0)
}

impl Tensor {
    /// Uniform [0, 1) numbers from stream `seed`; the same on every backend.
    pub fn rand_uniform(shape: &[usize], seed: u32, device: &Device) -> Tensor {
        let out = output(shape, device);
        match device {
            Device::Cpu => {
                for (i, v) in out.cpu_mut().iter_mut().enumerate() {
                    *v = uniform_at(seed, i as u32);
                }
            }
            Device::Gpu(g) => g.dispatch_1d(KERNEL, &[word(out.numel()), seed], &[out.buf()], out.numel()),
        }
        out
    }

    /// Inverted dropout: zeroes each element with probability `p` and scales the rest by 1/(1−p), so
    /// evaluation needs no rescaling. The mask comes from stream `seed`.
    pub fn dropout(&self, p: f32, seed: u32) -> Tensor {
        assert!((0.0..1.0).contains(&p), "dropout probability {p} outside [0, 1)");
        if p == 0.0 {
            return self.clone();
        }
        let mask = Tensor::rand_uniform(self.shape(), seed, self.device()).gt_scalar(p).mul_scalar(1.0 / (1.0 - p));
        self.mul(&mask)
    }
}
