//! Softmax, log-softmax, and cross-entropy fused with log-softmax.
//! Kernels: shaders/softmax.wgsl, shaders/cross_entropy.wgsl.

use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const SOFTMAX: Kernel = Kernel::new(Shader::Softmax, "main", 1, 1);
const CE_SCORED: Kernel = Kernel::new(Shader::CrossEntropy, "scored", 2, 2);
const CE_BACKWARD_MEAN: Kernel = Kernel::new(Shader::CrossEntropy, "backward_mean", 2, 2);

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

/// The gradient of the mean cross-entropy with respect to the logits, times the scalar `g`.
fn cross_entropy_mean_backward(x: &Tensor, labels: &Tensor, g: &Tensor) -> Tensor {
    let (rows, cols) = rows_cols(x);
    let out = output(x.shape(), x.device());
    match x.device() {
        Device::Cpu => {
            let (src, lab, g) = (x.cpu(), labels.cpu(), g.cpu()[0]);
            let scale = g / rows as f32;
            let mut o = out.cpu_mut();
            for (r, row) in src.chunks(cols).enumerate() {
                let lse = logsumexp(row);
                let l = label_index(lab[r], cols);
                for (j, v) in row.iter().enumerate() {
                    o[r * cols + j] = ((v - lse).exp() - f32::from(Some(j) == l)) * scale;
                }
            }
        }
        Device::Gpu(gpu) => gpu.dispatch_1d(CE_BACKWARD_MEAN, &[word(rows), word(cols)], &[x.buf(), labels.buf(), out.buf(), g.buf()], rows),
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
    /// with log-softmax: finite for any logits. An out-of-range label makes the loss NaN.
    pub fn cross_entropy(&self, labels: &Tensor) -> Tensor {
        self.cross_entropy_scored(labels, &Tensor::zeros(&[2], self.device()))
    }

    /// `cross_entropy` with a training step's metrics in the same kernel: the mean loss of logits [N, C]
    /// against labels [N], and, in place, `sums[0] += Σ loss` and `sums[1] += the rows whose largest logit
    /// (the first, on ties) is the label`. `sums` [2] stays on the device across steps, so a step's loss and
    /// accuracy cost one dispatch and no readback; the backward pass is one more.
    pub fn cross_entropy_scored(&self, labels: &Tensor, sums: &Tensor) -> Tensor {
        let (rows, cols) = rows_cols(self);
        assert_eq!(labels.numel(), rows, "cross_entropy: {rows} rows of logits but {} labels", labels.numel());
        assert_eq!(sums.numel(), 2, "cross_entropy_scored: sums holds [Σ loss, Σ correct]");
        self.same_device(labels, "cross_entropy_scored");
        self.same_device(sums, "cross_entropy_scored");
        let out = output(&[], self.device());
        match self.device() {
            Device::Cpu => {
                let (src, lab) = (self.cpu(), labels.cpu());
                let (mut loss, mut correct) = (0.0f64, 0.0f64);
                for (r, row) in src.chunks(cols).enumerate() {
                    let best = (1..cols).fold(0, |b, j| if row[j] > row[b] { j } else { b });
                    match label_index(lab[r], cols) {
                        Some(l) => {
                            loss += (logsumexp(row) - row[l]) as f64;
                            correct += f64::from(u8::from(best == l));
                        }
                        None => loss = f64::NAN,
                    }
                }
                out.cpu_mut()[0] = (loss / rows as f64) as f32;
                let mut acc = sums.cpu_mut();
                acc[0] += loss as f32;
                acc[1] += correct as f32;
            }
            Device::Gpu(g) => g.dispatch(CE_SCORED, &[word(rows), word(cols)], &[self.buf(), labels.buf(), out.buf(), sums.buf()], [1, 1, 1]),
        }
        let (x, l) = (self.detach(), labels.detach());
        out.record("cross_entropy", &[self], move |g| vec![Some(cross_entropy_mean_backward(&x, &l, g))])
    }
}
