//! Reductions: sum / max / argmax over an axis or everything, and the means built on them.
//! Kernels: shaders/reduce.wgsl; shaders/sum_rows.wgsl (a convolution's bias gradient).

use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::shape::{axis as resolve_axis, split_at_axis};
use crate::tensor::Tensor;
use crate::Device;

const SMALL: Kernel = Kernel::new(Shader::Reduce, "reduce_small", 1, 1);
const LARGE: Kernel = Kernel::new(Shader::Reduce, "reduce_large", 1, 1);
const SUM_ROWS: Kernel = Kernel::new(Shader::SumRows, "sum_rows", 1, 1);
/// Axis elements one workgroup reduces in the long-axis kernel (256 per thread).
const CHUNK: usize = 256 * 256;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Reduce {
    Sum = 0,
    Max = 1,
    ArgMax = 2,
}

/// Reduces `axis` away (no gradient).
fn forward(x: &Tensor, axis: usize, op: Reduce) -> Tensor {
    let (outer, len, inner) = split_at_axis(x.shape(), axis);
    assert!(len > 0 || op == Reduce::Sum, "{op:?} over an empty axis");
    let mut shape = x.shape().to_vec();
    shape.remove(axis);
    match x.device() {
        Device::Cpu => {
            let out = output(&shape, x.device());
            let src = x.cpu();
            let mut o = out.cpu_mut();
            for a in 0..outer {
                for b in 0..inner {
                    let at = |l: usize| src[(a * len + l) * inner + b];
                    o[a * inner + b] = match op {
                        // f64 accumulation: the CPU backend is the oracle, so it should be the accurate one.
                        Reduce::Sum => (0..len).map(|l| at(l) as f64).sum::<f64>() as f32,
                        Reduce::Max => (0..len).map(at).fold(f32::NEG_INFINITY, f32::max),
                        // First index of the maximum, as the kernel does.
                        Reduce::ArgMax => (1..len).fold(0, |best, l| if at(l) > at(best) { l } else { best }) as f32,
                    };
                }
            }
            drop(o);
            out
        }
        Device::Gpu(g) => {
            let outputs = outer * inner;
            // A short axis gets a thread per output; a long one workgroups per output (tree reduction),
            // split into chunks whose partial results a second pass combines.
            if len < 512 {
                let out = output(&shape, x.device());
                g.dispatch_1d(SMALL, &[word(outer), word(len), word(inner), op as u32, 0, 1], &[x.buf(), out.buf()], outputs);
                return out;
            }
            let chunks = len.div_ceil(CHUNK);
            assert!(chunks == 1 || op != Reduce::ArgMax, "argmax over an axis longer than {CHUNK}");
            let info = [word(outer), word(len), word(inner), op as u32, word(CHUNK), word(chunks)];
            let partial = output(&[outputs, chunks], x.device());
            g.dispatch_groups(LARGE, &info, &[x.buf(), partial.buf()], outputs * chunks);
            if chunks == 1 {
                partial.view(shape)
            } else {
                forward(&partial, 1, op).view(shape)
            }
        }
    }
}

/// Shape with `axis` set to 1 (keepdim).
fn kept(shape: &[usize], axis: usize) -> Vec<usize> {
    let mut s = shape.to_vec();
    s[axis] = 1;
    s
}

impl Tensor {
    /// Sum over `axis` (negative counts from the end); `keepdim` keeps it as size 1.
    pub fn sum_axis(&self, axis: isize, keepdim: bool) -> Tensor {
        let ax = resolve_axis(axis, self.rank());
        let out = forward(self, ax, Reduce::Sum);
        let keep = kept(self.shape(), ax);
        let out = if keepdim { out.view(keep.clone()) } else { out };
        let in_shape = self.shape().to_vec();
        out.record("sum", &[self], move |g| vec![Some(g.reshape(&keep).broadcast_to(&in_shape))])
    }

    /// Sum of all elements, as a rank-0 tensor.
    pub fn sum(&self) -> Tensor {
        self.reshape(&[self.numel()]).sum_axis(0, false)
    }

    pub fn mean_axis(&self, axis: isize, keepdim: bool) -> Tensor {
        let n = self.shape()[resolve_axis(axis, self.rank())];
        self.sum_axis(axis, keepdim).mul_scalar(1.0 / n as f32)
    }

    pub fn mean(&self) -> Tensor {
        self.sum().mul_scalar(1.0 / self.numel() as f32)
    }

    /// Maximum over `axis`. The gradient is shared equally among tied maxima.
    pub fn max_axis(&self, axis: isize, keepdim: bool) -> Tensor {
        let ax = resolve_axis(axis, self.rank());
        let keep = kept(self.shape(), ax);
        let m = forward(self, ax, Reduce::Max);
        let out = if keepdim { m.view(keep.clone()) } else { m.view(m.shape().to_vec()) };
        let (x, m) = (self.detach(), m.view(keep.clone()));
        out.record("max", &[self], move |g| {
            let mask = x.eq(&m);
            let share = mask.div(&mask.sum_axis(ax as isize, true));
            vec![Some(share.mul(&g.reshape(&keep)))]
        })
    }

    pub fn max(&self) -> Tensor {
        self.reshape(&[self.numel()]).max_axis(0, false)
    }

    /// Index of the maximum along `axis` (first of ties), as f32 (no gradient).
    pub fn argmax_axis(&self, axis: isize, keepdim: bool) -> Tensor {
        let ax = resolve_axis(axis, self.rank());
        let out = forward(self, ax, Reduce::ArgMax);
        if keepdim {
            out.view(kept(self.shape(), ax))
        } else {
            out
        }
    }

    /// [batch, rows, cols] (or [rows, cols]) summed to [rows] in one dispatch: a convolution's bias gradient.
    /// No gradient of its own (it is used in backward passes).
    pub(crate) fn sum_rows(&self) -> Tensor {
        let (batch, rows, cols) = match self.shape()[..] {
            [r, c] => (1, r, c),
            [b, r, c] => (b, r, c),
            _ => panic!("sum_rows takes [rows, cols] or [batch, rows, cols], got {:?}", self.shape()),
        };
        assert!(rows <= crate::kernels::MAX_GROUPS as usize, "sum_rows: {rows} rows is more than one dispatch's workgroups");
        match self.device() {
            // The CPU keeps the two sums it always did (the same bits as before the GPU fused them).
            Device::Cpu => self.sum_to(&[rows, 1]).reshape(&[rows]),
            Device::Gpu(g) => {
                let out = output(&[rows], self.device());
                g.dispatch(SUM_ROWS, &[word(batch), word(rows), word(cols)], &[self.buf(), out.buf()], [word(rows), 1, 1]);
                out
            }
        }
    }

    /// Sums a broadcast gradient back down to `shape` (the adjoint of broadcasting).
    pub fn sum_to(&self, shape: &[usize]) -> Tensor {
        if self.shape() == shape {
            return self.clone();
        }
        let lead = self.rank() - shape.len();
        let mut t = self.clone();
        for _ in 0..lead {
            t = t.sum_axis(0, false);
        }
        for (d, &n) in shape.iter().enumerate() {
            if n == 1 && t.shape()[d] != 1 {
                t = t.sum_axis(d as isize, true);
            }
        }
        t.reshape(shape)
    }
}
