//! Softmax, log-softmax, and cross-entropy fused with log-softmax.
//! Kernels: shaders/softmax.wgsl, shaders/cross_entropy.wgsl.

use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const SOFTMAX: Kernel = Kernel::new(Shader::Softmax, "main", 1, 1);
const CE_FORWARD: Kernel = Kernel::new(Shader::CrossEntropy, "forward", 2, 1);
const CE_BACKWARD: Kernel = Kernel::new(Shader::CrossEntropy, "backward", 2, 1);

/// (rows, cols) of a tensor whose last axis is the class axis.
fn rows_cols(x: &Tensor) -> (usize, usize) {
    let cols = *x.shape().last().expect("softmax of a scalar");
    (x.numel() / cols.max(1), cols)
}

fn logsumexp(row: &[f32]) -> f32 {
    let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    m + row.iter().map(|v| (v - m).exp()).sum::<f32>().ln()
}

fn softmax_forward(x: &Tensor, log: bool) -> Tensor {
    let (rows, cols) = rows_cols(x);
    let out = output(x.shape(), x.device());
    match x.device() {
        Device::Cpu => {
            let src = x.cpu();
            let mut o = out.cpu_mut();
            for (row, orow) in src.chunks(cols).zip(o.chunks_mut(cols)) {
                let lse = logsumexp(row);
                for (ov, v) in orow.iter_mut().zip(row) {
                    *ov = if log { v - lse } else { (v - lse).exp() };
                }
            }
        }
        Device::Gpu(g) => g.dispatch_1d(SOFTMAX, &[word(rows), word(cols), u32::from(log)], &[x.buf(), out.buf()], rows),
    }
    out
}

/// The class index a label value names, if valid.
fn label_index(l: f32, cols: usize) -> Option<usize> {
    (l >= 0.0 && l < cols as f32 && l.fract() == 0.0).then_some(l as usize)
}

/// Per-row loss (forward) or softmax − onehot (backward) of logits against labels.
fn cross_entropy_kernel(x: &Tensor, labels: &Tensor, backward: bool) -> Tensor {
    let (rows, cols) = rows_cols(x);
    assert_eq!(labels.numel(), rows, "cross_entropy: {rows} rows of logits but {} labels", labels.numel());
    let out = output(if backward { x.shape() } else { &x.shape()[..x.rank() - 1] }, x.device());
    match x.device() {
        Device::Cpu => {
            let (src, lab) = (x.cpu(), labels.cpu());
            let mut o = out.cpu_mut();
            for (r, row) in src.chunks(cols).enumerate() {
                let lse = logsumexp(row);
                let l = label_index(lab[r], cols);
                if backward {
                    for (j, v) in row.iter().enumerate() {
                        o[r * cols + j] = (v - lse).exp() - f32::from(Some(j) == l);
                    }
                } else {
                    o[r] = l.map_or(f32::NAN, |l| lse - row[l]);
                }
            }
        }
        Device::Gpu(g) => {
            let k = if backward { CE_BACKWARD } else { CE_FORWARD };
            g.dispatch_1d(k, &[word(rows), word(cols)], &[x.buf(), labels.buf(), out.buf()], rows);
        }
    }
    out
}

impl Tensor {
    /// Softmax over the last axis. Backward: s·(g − Σ g·s).
    pub fn softmax(&self) -> Tensor {
        let out = softmax_forward(self, false);
        let s = out.detach();
        out.record("softmax", &[self], move |g| {
            let gs = g.mul(&s);
            vec![Some(gs.sub(&s.mul(&gs.sum_axis(-1, true))))]
        })
    }

    /// log(softmax(x)) over the last axis, computed stably. Backward: g − softmax·Σ g.
    pub fn log_softmax(&self) -> Tensor {
        let out = softmax_forward(self, true);
        let y = out.detach();
        out.record("log_softmax", &[self], move |g| vec![Some(g.sub(&y.exp().mul(&g.sum_axis(-1, true))))])
    }

    /// Mean cross-entropy of logits [N, C] against class labels [N] (class indices stored as f32), fused
    /// with log-softmax. An out-of-range label makes the loss NaN.
    pub fn cross_entropy(&self, labels: &Tensor) -> Tensor {
        let rows = cross_entropy_kernel(self, labels, false);
        let (x, l) = (self.detach(), labels.detach());
        let rows = rows.record("cross_entropy", &[self], move |g| {
            let (r, c) = rows_cols(&x);
            let d = cross_entropy_kernel(&x, &l, true).reshape(&[r, c]).mul(&g.reshape(&[r, 1]));
            vec![Some(d.reshape(x.shape()))]
        });
        rows.mean()
    }
}
