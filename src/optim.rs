//! Optimizers. Each update runs in place as one kernel per parameter (shaders/optim.wgsl) or the same
//! loop on the CPU; they follow PyTorch's update rules so results can be compared with it.

use crate::kernels::{Kernel, Shader};
use crate::kernels::word;
use crate::tensor::{no_grad, Tensor};
use crate::Device;

const SGD: Kernel = Kernel::new(Shader::Optim, "sgd", 1, 2).overrides(&["MOMENTUM", "NESTEROV"]);
const ADAM: Kernel = Kernel::new(Shader::Optim, "adam", 1, 3).overrides(&["DECOUPLED"]);

pub trait Optimizer {
    /// Applies one update from the parameters' current gradients (parameters without one are skipped).
    fn step(&mut self);
    /// Clears every parameter's gradient.
    fn zero_grad(&self) {
        for p in self.params() {
            p.zero_grad();
        }
    }
    fn params(&self) -> &[Tensor];
    fn lr(&self) -> f32;
    fn set_lr(&mut self, lr: f32);
}

/// Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and L2 weight decay.
pub struct Sgd {
    params: Vec<Tensor>,
    pub lr: f32,
    pub momentum: f32,
    pub nesterov: bool,
    pub weight_decay: f32,
    velocity: Vec<Option<Tensor>>,
}

impl Sgd {
    pub fn new(params: Vec<Tensor>, lr: f32) -> Sgd {
        let velocity = vec![None; params.len()];
        Sgd { params, lr, momentum: 0.0, nesterov: false, weight_decay: 0.0, velocity }
    }

    pub fn momentum(mut self, momentum: f32, nesterov: bool) -> Sgd {
        self.momentum = momentum;
        self.nesterov = nesterov;
        self
    }

    pub fn weight_decay(mut self, wd: f32) -> Sgd {
        self.weight_decay = wd;
        self
    }
}

impl Optimizer for Sgd {
    fn step(&mut self) {
        no_grad(|| {
            for (p, vel) in self.params.iter().zip(self.velocity.iter_mut()) {
                let Some(g) = p.grad() else { continue };
                // The velocity buffer exists even without momentum: WebGPU forbids binding one buffer to two
                // writable slots, so the kernel always gets a distinct state buffer.
                let v = vel.get_or_insert_with(|| p.zeros_like());
                let (lr, mu, wd) = (self.lr, self.momentum, self.weight_decay);
                match p.device() {
                    Device::Cpu => {
                        let (g, mut w, mut v) = (g.cpu(), p.cpu_mut(), v.cpu_mut());
                        for i in 0..w.len() {
                            let mut d = g[i] + wd * w[i];
                            if mu != 0.0 {
                                v[i] = mu * v[i] + d;
                                d = if self.nesterov { d + mu * v[i] } else { v[i] };
                            }
                            w[i] -= lr * d;
                        }
                    }
                    Device::Gpu(ctx) => {
                        let info = [word(p.numel()), lr.to_bits(), mu.to_bits(), wd.to_bits()];
                        let kernel = SGD.with(&[u32::from(mu != 0.0), u32::from(self.nesterov)]);
                        ctx.dispatch_vec4(kernel, &info, &[g.buf(), p.buf(), v.buf()], p.numel());
                    }
                }
            }
        });
    }

    fn params(&self) -> &[Tensor] {
        &self.params
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
}

/// Adam, or AdamW when `decoupled` (weight decay applied to the weights, not added to the gradient).
pub struct Adam {
    params: Vec<Tensor>,
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
    pub decoupled: bool,
    t: i32,
    state: Vec<Option<(Tensor, Tensor)>>,
}

impl Adam {
    pub fn new(params: Vec<Tensor>, lr: f32) -> Adam {
        let state = vec![None; params.len()];
        Adam { params, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0, decoupled: false, t: 0, state }
    }

    /// AdamW with PyTorch's default decay of 0.01.
    pub fn adamw(params: Vec<Tensor>, lr: f32) -> Adam {
        Adam { weight_decay: 0.01, decoupled: true, ..Adam::new(params, lr) }
    }

    pub fn weight_decay(mut self, wd: f32) -> Adam {
        self.weight_decay = wd;
        self
    }
}

impl Optimizer for Adam {
    fn step(&mut self) {
        self.t += 1;
        let (b1, b2) = (self.beta1, self.beta2);
        let (bc1, bc2) = (1.0 - b1.powi(self.t), 1.0 - b2.powi(self.t));
        no_grad(|| {
            for (p, st) in self.params.iter().zip(self.state.iter_mut()) {
                let Some(g) = p.grad() else { continue };
                let (m, v) = st.get_or_insert_with(|| (p.zeros_like(), p.zeros_like()));
                let (lr, wd, eps) = (self.lr, self.weight_decay, self.eps);
                match p.device() {
                    Device::Cpu => {
                        let (g, mut w, mut m, mut v) = (g.cpu(), p.cpu_mut(), m.cpu_mut(), v.cpu_mut());
                        for i in 0..w.len() {
                            let mut gi = g[i];
                            if self.decoupled {
                                w[i] -= lr * wd * w[i];
                            } else {
                                gi += wd * w[i];
                            }
                            m[i] = b1 * m[i] + (1.0 - b1) * gi;
                            v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
                            w[i] -= lr * (m[i] / bc1) / ((v[i] / bc2).sqrt() + eps);
                        }
                    }
                    Device::Gpu(ctx) => {
                        let info = [
                            word(p.numel()),
                            lr.to_bits(),
                            b1.to_bits(),
                            b2.to_bits(),
                            eps.to_bits(),
                            wd.to_bits(),
                            bc1.to_bits(),
                            bc2.to_bits(),
                        ];
                        let kernel = ADAM.with(&[u32::from(self.decoupled)]);
                        ctx.dispatch_vec4(kernel, &info, &[g.buf(), p.buf(), m.buf(), v.buf()], p.numel());
                    }
                }
            }
        });
    }

    fn params(&self) -> &[Tensor] {
        &self.params
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
}

/// The optimizers a learner can pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OptimizerKind {
    Sgd,
    /// SGD with momentum 0.9.
    Momentum,
    Adam,
    /// Adam with decoupled weight decay 0.01.
    AdamW,
}

impl OptimizerKind {
    pub fn parse(s: &str) -> Result<OptimizerKind, String> {
        match s {
            "sgd" => Ok(OptimizerKind::Sgd),
            "momentum" => Ok(OptimizerKind::Momentum),
            "adam" => Ok(OptimizerKind::Adam),
            "adamw" => Ok(OptimizerKind::AdamW),
            _ => Err(crate::tr!("error-optimizer", name = format!("{s:?}"))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
            OptimizerKind::AdamW => "adamw",
        }
    }

    /// A learning rate that works for this optimizer on MNIST.
    pub fn default_lr(self) -> f32 {
        match self {
            OptimizerKind::Sgd => 0.1,
            OptimizerKind::Momentum => 0.01,
            OptimizerKind::Adam | OptimizerKind::AdamW => 0.001,
        }
    }

    pub fn build(self, params: Vec<Tensor>, lr: f32) -> Box<dyn Optimizer> {
        match self {
            OptimizerKind::Sgd => Box::new(Sgd::new(params, lr)),
            OptimizerKind::Momentum => Box::new(Sgd::new(params, lr).momentum(0.9, false)),
            OptimizerKind::Adam => Box::new(Adam::new(params, lr)),
            OptimizerKind::AdamW => Box::new(Adam::adamw(params, lr)),
        }
    }
}
