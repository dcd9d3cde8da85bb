//! Optimizers. On the GPU the update runs in place for up to three parameter tensors per dispatch
//! (shaders/optim.wgsl: a small model's step costs its dispatches) and a large tensor alone, with the
//! optimizer state of each group in one flat buffer; on the CPU the same loop per element. They follow
//! PyTorch's update rules so results can be compared with it.

use crate::kernels::{Kernel, Shader};
use crate::kernels::word;
use crate::tensor::{no_grad, Tensor};
use crate::Device;

const RULES: &[&str] = &["ADAM", "MOMENTUM", "NESTEROV", "DECOUPLED"];
const MULTI: Kernel = Kernel::new(Shader::Optim, "main", 3, 4).overrides(RULES);
/// One tensor alone, without choosing a tensor per thread (same bindings).
const SINGLE: Kernel = Kernel::new(Shader::Optim, "single", 3, 4).overrides(RULES);
/// Parameter tensors per multi-tensor dispatch (what fits 8 storage buffers per stage).
const GROUP: usize = 3;
/// A tensor of at least this many vec4s is updated alone: choosing among three tensors costs every thread
/// of `main` all three tensors' loads under SwiftShader (an MLP's first layer, 25,088 vec4s, ~3× slower
/// than alone), while a small one's own dispatch would cost more than its share of a group.
const ALONE: usize = 4096;

/// Which parameters share a dispatch: each large one alone, the others in order, up to `GROUP` at a time
/// (an MLP's first layer alone, then its bias and the second layer's weights and bias; a small CNN's six
/// tensors three by three).
fn groups(params: &[Tensor]) -> Vec<Vec<usize>> {
    let (large, small): (Vec<usize>, Vec<usize>) = (0..params.len()).partition(|&i| params[i].numel().div_ceil(4) >= ALONE);
    large.into_iter().map(|i| vec![i]).chain(small.chunks(GROUP).map(<[usize]>::to_vec)).collect()
}

/// The update rule and its scalars, for `update_groups`.
struct Rule {
    adam: bool,
    momentum: bool,
    nesterov: bool,
    decoupled: bool,
    /// [lr, beta1 or momentum, beta2, eps, weight_decay, 1 − beta1^t, 1 − beta2^t]
    scalars: [f32; 7],
}

/// The GPU update of `params` in the groups of `groups`, one dispatch each. `states[c]` is group c's flat
/// state (created at its first step: Adam's m and v, SGD's velocity); `spare` holds never-written buffers
/// bound where a group has no tensor or a tensor has no gradient this step.
fn update_groups(ctx: &crate::gpu::GpuContext, params: &[Tensor], states: &mut Vec<Option<Tensor>>, spare: &mut Vec<Tensor>, rule: &Rule) {
    let Some(first) = params.first() else { return };
    let device = first.device().clone();
    let groups = groups(params);
    states.resize(groups.len(), None);
    while spare.len() < GROUP + 1 {
        spare.push(Tensor::zeros(&[4], &device));
    }
    for (c, members) in groups.iter().enumerate() {
        let group: Vec<&Tensor> = members.iter().map(|&i| &params[i]).collect();
        let grads: Vec<Option<Tensor>> = group.iter().map(|p| p.grad()).collect();
        if grads.iter().all(Option::is_none) {
            continue;
        }
        let slots: Vec<usize> = (0..GROUP).map(|k| group.get(k).map_or(0, |p| p.numel().div_ceil(4))).collect();
        let total: usize = slots.iter().sum();
        let state = states[c].get_or_insert_with(|| Tensor::zeros(&[4 * total * if rule.adam { 2 } else { 1 }], &device)).clone();
        let mut info = vec![0u32; 6];
        for k in 0..GROUP {
            info[k] = if grads.get(k).is_some_and(Option::is_some) { word(slots[k]) } else { 0 };
            info[GROUP + k] = word(slots[k]);
        }
        info.extend(rule.scalars.map(f32::to_bits));
        let mut buffers = Vec::with_capacity(2 * GROUP + 1);
        for k in 0..GROUP {
            buffers.push(match grads.get(k).and_then(Option::as_ref) {
                Some(g) => g.buf(),
                None => spare[0].buf(),
            });
        }
        for k in 0..GROUP {
            buffers.push(group.get(k).map_or_else(|| spare[1 + k].buf(), |p| p.buf()));
        }
        buffers.push(state.buf());
        let kernel = if group.len() == 1 { SINGLE } else { MULTI };
        ctx.dispatch_1d(kernel.with(&[rule.adam, rule.momentum, rule.nesterov, rule.decoupled].map(u32::from)), &info, &buffers, total);
    }
}

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
    /// What the next updates depend on besides the parameters and the rate, on the CPU backend: where a
    /// replica of this optimizer starts from (a data-parallel helper joining a run).
    fn state(&self) -> OptimizerState;
    /// Continues from `state` (another replica's, for the same parameters).
    fn set_state(&mut self, state: &OptimizerState) -> Result<(), String>;
}

/// An optimizer's state on the CPU backend: its step count and per-parameter buffers (SGD: each parameter's
/// velocity; Adam: each parameter's first moment, then each one's second), empty where none exists yet.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OptimizerState {
    pub steps: i32,
    pub buffers: Vec<Vec<f32>>,
}

fn buffers_of<'a>(tensors: impl Iterator<Item = Option<&'a Tensor>>) -> Vec<Vec<f32>> {
    tensors.map(|t| t.map_or_else(Vec::new, |t| t.cpu().to_vec())).collect()
}

/// Tensors for `params` from `buffers` (None where a buffer is empty), checking their sizes.
fn tensors_from(params: &[Tensor], buffers: &[Vec<f32>]) -> Result<Vec<Option<Tensor>>, String> {
    if buffers.len() != params.len() {
        return Err(format!("optimizer state for {} tensors, not {}", buffers.len(), params.len()));
    }
    params
        .iter()
        .zip(buffers)
        .map(|(p, b)| match b.len() {
            0 => Ok(None),
            n if n == p.numel() => Ok(Some(Tensor::from_slice(b, p.shape(), p.device()))),
            n => Err(format!("optimizer state of {n} values for a tensor of {}", p.numel())),
        })
        .collect()
}

/// Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and L2 weight decay.
pub struct Sgd {
    params: Vec<Tensor>,
    pub lr: f32,
    pub momentum: f32,
    pub nesterov: bool,
    pub weight_decay: f32,
    velocity: Vec<Option<Tensor>>,
    groups: Vec<Option<Tensor>>,
    spare: Vec<Tensor>,
}

impl Sgd {
    pub fn new(params: Vec<Tensor>, lr: f32) -> Sgd {
        let velocity = vec![None; params.len()];
        Sgd { params, lr, momentum: 0.0, nesterov: false, weight_decay: 0.0, velocity, groups: vec![], spare: vec![] }
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
        if let Some(Device::Gpu(ctx)) = self.params.first().map(|p| p.device().clone()) {
            let rule = Rule { adam: false, momentum: self.momentum != 0.0, nesterov: self.nesterov, decoupled: false, scalars: [self.lr, self.momentum, 0.0, 0.0, self.weight_decay, 1.0, 1.0] };
            no_grad(|| update_groups(&ctx, &self.params, &mut self.groups, &mut self.spare, &rule));
            return;
        }
        no_grad(|| {
            for (p, vel) in self.params.iter().zip(self.velocity.iter_mut()) {
                let Some(g) = p.grad() else { continue };
                let v = vel.get_or_insert_with(|| p.zeros_like());
                let (lr, mu, wd) = (self.lr, self.momentum, self.weight_decay);
                // (The CPU backend: the GPU updates whole groups at once above.)
                let (g, mut w, mut v) = (g.cpu(), p.cpu_mut(), v.cpu_mut());
                debug_assert_eq!((g.len(), v.len()), (w.len(), w.len()), "a gradient or velocity of another size");
                // One loop per rule, over zipped slices (no bounds checks, no branch per value: they vectorise).
                let (w, g) = (w.iter_mut(), g.iter());
                match (mu != 0.0, self.nesterov) {
                    (false, _) => w.zip(g).for_each(|(w, g)| *w -= lr * (g + wd * *w)),
                    (true, nesterov) => w.zip(g).zip(v.iter_mut()).for_each(|((w, g), v)| {
                        let d = g + wd * *w;
                        *v = mu * *v + d;
                        *w -= lr * if nesterov { d + mu * *v } else { *v };
                    }),
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
    fn state(&self) -> OptimizerState {
        OptimizerState { steps: 0, buffers: buffers_of(self.velocity.iter().map(Option::as_ref)) }
    }
    fn set_state(&mut self, state: &OptimizerState) -> Result<(), String> {
        self.velocity = tensors_from(&self.params, &state.buffers)?;
        Ok(())
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
    groups: Vec<Option<Tensor>>,
    spare: Vec<Tensor>,
}

impl Adam {
    pub fn new(params: Vec<Tensor>, lr: f32) -> Adam {
        let state = vec![None; params.len()];
        Adam { params, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0, decoupled: false, t: 0, state, groups: vec![], spare: vec![] }
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
        if let Some(Device::Gpu(ctx)) = self.params.first().map(|p| p.device().clone()) {
            let rule = Rule { adam: true, momentum: false, nesterov: false, decoupled: self.decoupled, scalars: [self.lr, b1, b2, self.eps, self.weight_decay, bc1, bc2] };
            no_grad(|| update_groups(&ctx, &self.params, &mut self.groups, &mut self.spare, &rule));
            return;
        }
        no_grad(|| {
            for (p, st) in self.params.iter().zip(self.state.iter_mut()) {
                let Some(g) = p.grad() else { continue };
                let (m, v) = st.get_or_insert_with(|| (p.zeros_like(), p.zeros_like()));
                let (lr, wd, eps) = (self.lr, self.weight_decay, self.eps);
                // (The CPU backend: the GPU updates whole groups at once above.)
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
    fn state(&self) -> OptimizerState {
        let first = buffers_of(self.state.iter().map(|s| s.as_ref().map(|(m, _)| m)));
        let second = buffers_of(self.state.iter().map(|s| s.as_ref().map(|(_, v)| v)));
        OptimizerState { steps: self.t, buffers: first.into_iter().chain(second).collect() }
    }
    fn set_state(&mut self, state: &OptimizerState) -> Result<(), String> {
        let n = self.params.len();
        if state.buffers.len() != 2 * n {
            return Err(format!("Adam's state for {} tensors, not {n}", state.buffers.len() / 2));
        }
        let (m, v) = (tensors_from(&self.params, &state.buffers[..n])?, tensors_from(&self.params, &state.buffers[n..])?);
        self.state = m.into_iter().zip(v).map(|(m, v)| m.zip(v)).collect();
        self.t = state.steps;
        Ok(())
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
