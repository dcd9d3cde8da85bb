//! Layers and models: Linear, Conv2d, MaxPool2d, Flatten, activations, Dropout, Sequential, with seeded
//! initialisation and a torchinfo-style summary. Parameter names follow PyTorch's `nn.Sequential`
//! state_dict ("0.weight", "0.bias", …) so saved weights load there unchanged.

use crate::ops::matmul::{Act, BiasAxis};
use std::cell::Cell;

use rand_distr::{Distribution, Normal, Uniform};

use crate::rng::{rng, Rng};
use crate::tensor::Tensor;
use crate::Device;

/// How a layer's weights are drawn (fan_in = inputs per output, fan_out = outputs per input).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// N(0, std²) — the course's first models use std = 1.
    Normal(f32),
    /// U(±√(6/fan_in)): keeps activations' variance through ReLU layers (He et al. 2015).
    KaimingUniform,
    /// U(±√(6/(fan_in+fan_out))): for sigmoid/tanh layers (Glorot & Bengio 2010).
    XavierUniform,
    /// PyTorch's default for Linear/Conv2d: U(±1/√fan_in) for weights and biases.
    PyTorch,
}

impl Init {
    /// `n` values for a layer with these fans.
    pub fn sample(self, n: usize, fan_in: usize, fan_out: usize, rng: &mut Rng) -> Vec<f32> {
        let uniform = |bound: f32, rng: &mut Rng| {
            let d = Uniform::new_inclusive(-bound, bound).expect("finite bound");
            (0..n).map(|_| d.sample(rng)).collect()
        };
        match self {
            Init::Normal(std) => {
                let d = Normal::new(0.0, std).expect("finite std");
                (0..n).map(|_| d.sample(rng)).collect()
            }
            Init::KaimingUniform => uniform((6.0 / fan_in as f32).sqrt(), rng),
            Init::XavierUniform => uniform((6.0 / (fan_in + fan_out) as f32).sqrt(), rng),
            Init::PyTorch => uniform(1.0 / (fan_in as f32).sqrt(), rng),
        }
    }

    /// Biases: zero, except N(0, std²) for `Normal` (the course's models draw both) and PyTorch's uniform.
    fn bias(self, n: usize, fan_in: usize, rng: &mut Rng) -> Vec<f32> {
        match self {
            Init::Normal(_) | Init::PyTorch => self.sample(n, fan_in, n, rng),
            _ => vec![0.0; n],
        }
    }
}

/// A layer or a model.
pub trait Module {
    /// Runs the layer; records the graph when a parameter requires grad.
    fn forward(&self, x: &Tensor) -> Tensor;
    /// Parameters with their names, in a stable order.
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        vec![]
    }
    /// A one-line description, e.g. "Linear(784 → 10)".
    fn describe(&self) -> String;
    /// The output shape for an input shape, or why the input does not fit.
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String>;
    /// Training mode on/off (dropout is the only layer that cares).
    fn set_training(&self, _training: bool) {}
    /// This layer followed by activation `act`, fused into one kernel where the layer can (a linear or
    /// convolution layer's product, bias and activation in one dispatch: `Sequential::forward` asks).
    fn forward_then(&self, _x: &Tensor, _act: Activation) -> Option<Tensor> {
        None
    }
    /// The activation this layer is, if it is one.
    fn as_activation(&self) -> Option<Activation> {
        None
    }

    fn parameters(&self) -> Vec<Tensor> {
        self.named_parameters().into_iter().map(|(_, t)| t).collect()
    }

    fn parameter_count(&self) -> usize {
        self.parameters().iter().map(Tensor::numel).sum()
    }
}

fn param(data: Vec<f32>, shape: &[usize], device: &Device) -> Tensor {
    Tensor::from_vec(data, shape, device).requires_grad_()
}

/// y = x·Wᵀ + b with W [out, in] (PyTorch's layout) and b [out].
pub struct Linear {
    pub weight: Tensor,
    pub bias: Tensor,
}

impl Linear {
    pub fn new(inputs: usize, outputs: usize, init: Init, rng: &mut Rng, device: &Device) -> Linear {
        let w = init.sample(inputs * outputs, inputs, outputs, rng);
        let b = init.bias(outputs, inputs, rng);
        Linear { weight: param(w, &[outputs, inputs], device), bias: param(b, &[outputs], device) }
    }

    pub fn inputs(&self) -> usize {
        self.weight.shape()[1]
    }

    pub fn outputs(&self) -> usize {
        self.weight.shape()[0]
    }

    fn forward_act(&self, x: &Tensor, act: Act) -> Tensor {
        crate::ops::matmul::layer(x, &self.weight, false, true, &self.bias, BiasAxis::Columns, act)
    }
}

impl Module for Linear {
    fn forward(&self, x: &Tensor) -> Tensor {
        self.forward_act(x, Act::None)
    }
    fn forward_then(&self, x: &Tensor, act: Activation) -> Option<Tensor> {
        Some(self.forward_act(x, act.epilogue()))
    }
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        vec![("weight".into(), self.weight.clone()), ("bias".into(), self.bias.clone())]
    }
    fn describe(&self) -> String {
        format!("Linear({} → {})", self.inputs(), self.outputs())
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input {
            [n, k] if *k == self.inputs() => Ok(vec![*n, self.outputs()]),
            _ => Err(format!("{} expects [N, {}], got {input:?}", self.describe(), self.inputs())),
        }
    }
}

/// 2-D convolution, weight [OC, C, K, K], bias [OC].
pub struct Conv2d {
    pub weight: Tensor,
    pub bias: Tensor,
    pub stride: usize,
    pub padding: usize,
}

impl Conv2d {
    pub fn new(channels: usize, out_channels: usize, kernel: usize, stride: usize, padding: usize, init: Init, rng: &mut Rng, device: &Device) -> Conv2d {
        let fan_in = channels * kernel * kernel;
        let w = init.sample(out_channels * fan_in, fan_in, out_channels * kernel * kernel, rng);
        let b = init.bias(out_channels, fan_in, rng);
        Conv2d {
            weight: param(w, &[out_channels, channels, kernel, kernel], device),
            bias: param(b, &[out_channels], device),
            stride,
            padding,
        }
    }
}

impl Module for Conv2d {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.conv2d_act(&self.weight, &self.bias, self.stride, self.padding, Act::None)
    }
    fn forward_then(&self, x: &Tensor, act: Activation) -> Option<Tensor> {
        Some(x.conv2d_act(&self.weight, &self.bias, self.stride, self.padding, act.epilogue()))
    }
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        vec![("weight".into(), self.weight.clone()), ("bias".into(), self.bias.clone())]
    }
    fn describe(&self) -> String {
        let s = self.weight.shape();
        format!("Conv2d({} → {}, {}×{}, stride {}, pad {})", s[1], s[0], s[2], s[3], self.stride, self.padding)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        let s = self.weight.shape();
        match input {
            [n, c, h, w] if *c == s[1] && h + 2 * self.padding >= s[2] && w + 2 * self.padding >= s[3] => {
                let f = |x: usize, k: usize| (x + 2 * self.padding - k) / self.stride + 1;
                Ok(vec![*n, s[0], f(*h, s[2]), f(*w, s[3])])
            }
            _ => Err(format!("{} does not fit input {input:?}", self.describe())),
        }
    }
}

pub struct MaxPool2d {
    pub kernel: usize,
    pub stride: usize,
}

impl Module for MaxPool2d {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.max_pool2d(self.kernel, self.stride)
    }
    fn describe(&self) -> String {
        format!("MaxPool2d({}×{})", self.kernel, self.kernel)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input {
            [n, c, h, w] if *h >= self.kernel && *w >= self.kernel => {
                Ok(vec![*n, *c, (h - self.kernel) / self.stride + 1, (w - self.kernel) / self.stride + 1])
            }
            _ => Err(format!("{} does not fit input {input:?}", self.describe())),
        }
    }
}

/// [N, …] → [N, product of the rest].
pub struct Flatten;

impl Module for Flatten {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.flatten(1)
    }
    fn describe(&self) -> String {
        "Flatten".into()
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input {
            [n, rest @ ..] => Ok(vec![*n, rest.iter().product()]),
            [] => Err("Flatten needs a batch dimension".into()),
        }
    }
}

/// [N, a·b·…] → [N, a, b, …]: lets image models take the same flat [N, pixels] batches as dense ones.
pub struct Unflatten(pub Vec<usize>);

impl Module for Unflatten {
    fn forward(&self, x: &Tensor) -> Tensor {
        let mut shape = vec![x.shape()[0]];
        shape.extend(&self.0);
        x.reshape(&shape)
    }
    fn describe(&self) -> String {
        format!("Unflatten({:?})", self.0)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        match input {
            [n, k] if *k == self.0.iter().product::<usize>() => Ok([&[*n][..], &self.0].concat()),
            _ => Err(format!("{} expects [N, {}], got {input:?}", self.describe(), self.0.iter().product::<usize>())),
        }
    }
}

/// Elementwise activations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Activation {
    Relu,
    Sigmoid,
    Tanh,
}

impl Activation {
    pub fn parse(s: &str) -> Result<Activation, String> {
        match s {
            "relu" => Ok(Activation::Relu),
            "sigmoid" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            _ => Err(crate::tr!("error-activation", name = format!("{s:?}"))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }

    /// The initialisation that suits this activation.
    pub fn init(self) -> Init {
        match self {
            Activation::Relu => Init::KaimingUniform,
            _ => Init::XavierUniform,
        }
    }

    /// This activation of one value, as the engine's CPU kernel computes it.
    pub fn value(self, v: f32) -> f32 {
        self.epilogue().unary().map_or(v, |u| u.eval(v))
    }

    /// The matmul epilogue that computes this activation.
    fn epilogue(self) -> Act {
        match self {
            Activation::Relu => Act::Relu,
            Activation::Sigmoid => Act::Sigmoid,
            Activation::Tanh => Act::Tanh,
        }
    }
}

impl Module for Activation {
    fn as_activation(&self) -> Option<Activation> {
        Some(*self)
    }
    fn forward(&self, x: &Tensor) -> Tensor {
        match self {
            Activation::Relu => x.relu(),
            Activation::Sigmoid => x.sigmoid(),
            Activation::Tanh => x.tanh(),
        }
    }
    fn describe(&self) -> String {
        match self {
            Activation::Relu => "ReLU",
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "Tanh",
        }
        .into()
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        Ok(input.to_vec())
    }
}

/// Inverted dropout, active only in training mode. Each call draws a fresh mask from a seeded counter,
/// so runs are reproducible on either backend.
pub struct Dropout {
    pub p: f32,
    seed: Cell<u32>,
    training: Cell<bool>,
}

impl Dropout {
    pub fn new(p: f32, seed: u32) -> Dropout {
        assert!((0.0..1.0).contains(&p), "dropout probability {p} outside [0, 1)");
        Dropout { p, seed: Cell::new(seed), training: Cell::new(true) }
    }
}

impl Module for Dropout {
    fn forward(&self, x: &Tensor) -> Tensor {
        if !self.training.get() || self.p == 0.0 {
            return x.clone();
        }
        let seed = self.seed.get();
        self.seed.set(seed.wrapping_add(1));
        x.dropout(self.p, seed)
    }
    fn describe(&self) -> String {
        format!("Dropout(p={})", self.p)
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        Ok(input.to_vec())
    }
    fn set_training(&self, training: bool) {
        self.training.set(training);
    }
}

/// Layers applied in order.
#[derive(Default)]
pub struct Sequential {
    pub layers: Vec<Box<dyn Module>>,
}

impl Sequential {
    pub fn new() -> Sequential {
        Sequential::default()
    }

    pub fn add(mut self, layer: impl Module + 'static) -> Sequential {
        self.layers.push(Box::new(layer));
        self
    }

    /// A torchinfo-style table: each layer, its output shape for `input`, its parameter count, and totals.
    pub fn summary(&self, input: &[usize]) -> Result<String, String> {
        let mut rows = vec![(crate::tr!("summary-input"), format!("{input:?}"), String::new())];
        let mut shape = input.to_vec();
        for (i, layer) in self.layers.iter().enumerate() {
            shape = layer.output_shape(&shape).map_err(|e| format!("layer {i}: {e}"))?;
            let n = layer.parameter_count();
            rows.push((format!("{i}: {}", layer.describe()), format!("{shape:?}"), if n > 0 { n.to_string() } else { "–".into() }));
        }
        let (layer, shape, params) = (crate::tr!("summary-layer"), crate::tr!("summary-shape"), crate::tr!("summary-params"));
        let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0).max(layer.chars().count());
        let w1 = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(shape.chars().count());
        let mut out = format!("{layer:<w0$}  {shape:<w1$}  {params:>10}\n");
        for (a, b, c) in &rows {
            out += &format!("{a:<w0$}  {b:<w1$}  {c:>10}\n");
        }
        out += &format!("{}\n", crate::tr!("summary-total", count = self.parameter_count().to_string()));
        Ok(out)
    }
}

/// Runs `f` with `model` in evaluation mode (no dropout) and no graph recorded. Synchronous, so a task
/// that runs while an evaluation waits cannot see or change the mode.
pub fn inference<R>(model: &dyn Module, f: impl FnOnce() -> R) -> R {
    model.set_training(false);
    let r = crate::tensor::no_grad(f);
    model.set_training(true);
    r
}

impl Sequential {
    /// The output of every layer for `x` as the model answers (no dropout, no graph recorded): what a CNN's
    /// feature-map view shows.
    pub fn activations(&self, x: &Tensor) -> Vec<Tensor> {
        inference(self, || {
            let mut h = x.clone();
            self.layers
                .iter()
                .map(|l| {
                    h = l.forward(&h);
                    h.clone()
                })
                .collect()
        })
    }
}

impl std::fmt::Debug for Sequential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let layers: Vec<String> = self.layers.iter().map(|l| l.describe()).collect();
        write!(f, "Sequential[{}]", layers.join(", "))
    }
}

impl Module for Sequential {
    /// The layers in turn; a layer followed by an activation runs fused with it where it can
    /// (`forward_then`: the same numbers, one dispatch instead of three on the GPU).
    fn forward(&self, x: &Tensor) -> Tensor {
        let mut h = x.clone();
        let mut i = 0;
        while i < self.layers.len() {
            if let Some(act) = self.layers.get(i + 1).and_then(|l| l.as_activation()) {
                if let Some(y) = self.layers[i].forward_then(&h, act) {
                    h = y;
                    i += 2;
                    continue;
                }
            }
            h = self.layers[i].forward(&h);
            i += 1;
        }
        h
    }
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        self.layers
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.named_parameters().into_iter().map(move |(n, t)| (format!("{i}.{n}"), t)))
            .collect()
    }
    fn describe(&self) -> String {
        format!("Sequential({} layers)", self.layers.len())
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        self.layers.iter().try_fold(input.to_vec(), |s, l| l.output_shape(&s))
    }
    fn set_training(&self, training: bool) {
        for l in &self.layers {
            l.set_training(training);
        }
    }
}

/// A shared model is a model: the page predicts with the same weights the trainer is updating.
impl<M: Module + ?Sized> Module for std::rc::Rc<M> {
    fn forward(&self, x: &Tensor) -> Tensor {
        (**self).forward(x)
    }
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        (**self).named_parameters()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, String> {
        (**self).output_shape(input)
    }
    fn set_training(&self, training: bool) {
        (**self).set_training(training)
    }
}

/// An MLP: Linear layers of `sizes` (inputs first, outputs last) with `act` (and optional dropout) between.
pub fn mlp(sizes: &[usize], act: Activation, dropout: f32, seed: u64, device: &Device) -> Sequential {
    let mut r = rng(seed);
    let mut m = Sequential::new();
    for (i, w) in sizes.windows(2).enumerate() {
        let last = i + 2 == sizes.len();
        m = m.add(Linear::new(w[0], w[1], if last { Init::XavierUniform } else { act.init() }, &mut r, device));
        if !last {
            m = m.add(act);
            if dropout > 0.0 {
                m = m.add(Dropout::new(dropout, (seed as u32).wrapping_mul(7919).wrapping_add(i as u32)));
            }
        }
    }
    m
}
