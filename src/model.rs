//! The models a learner picks by name (`linear`, `logistic`, `mlp:128`, `cnn`), built for a dataset's image
//! size and class count, with their loss; and weights files in the safetensors format.
//!
//! A weights file holds one F32 tensor per parameter under PyTorch's `nn.Sequential` names ("0.weight",
//! "0.bias", …; Linear weights are [out, in], Conv2d weights [out, in, k, k]) and, in the header's
//! `__metadata__`, what is needed to rebuild the model: `format` = "mnist-playground", `model` (the spec),
//! `activation`, `dropout`, `input` ("28x28"), `classes` and `normalize` ("MEAN,STD" of pixel/255, or
//! absent for raw pixels). PyTorch (`safetensors.torch.load_file`) and
//! numpy (`safetensors.numpy.load_file`) read it as is.

use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use crate::nn::{Activation, Conv2d, Dropout, Flatten, Init, Linear, MaxPool2d, Module, Sequential, Unflatten};
use crate::{Device, Tensor};

/// Limits that keep a typo from asking for gigabytes.
const MAX_WIDTH: usize = 8192;
const MAX_LAYERS: usize = 16;
const MAX_CHANNELS: usize = 256;
const MAX_PARAMETERS: usize = 50_000_000;

/// The architectures.
#[derive(Clone, Debug, PartialEq)]
pub enum Arch {
    /// One Linear layer: the per-pixel model (θ classes×pixels + b).
    Linear,
    /// One output unit for two classes, trained with the sigmoid loss: p = σ(score) is P(class 1). With no
    /// hidden layers it is one Linear unit (`logistic`); `logistic:30` is the course's 784-30-1 net.
    Logistic(Vec<usize>),
    /// Hidden layer widths, e.g. [20, 40, 20, 12].
    Mlp(Vec<usize>),
    /// LeNet-style: conv c1@5×5 → ReLU → pool 2 → conv c2@5×5 → ReLU → pool 2 → (dense hidden → ReLU) → dense.
    Cnn { c1: usize, c2: usize, hidden: Option<usize> },
}

/// How a model's outputs are scored against labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Loss {
    /// Softmax cross-entropy over the class outputs.
    CrossEntropy,
    /// The course's mnist_loss on one output: mean of (1 − σ(x)) where the label is 1, σ(x) where it is 0.
    Sigmoid,
    /// Binary cross-entropy with logits, on one output.
    Bce,
}

impl Loss {
    pub fn parse(s: &str) -> Result<Loss, String> {
        match s {
            "cross-entropy" | "ce" => Ok(Loss::CrossEntropy),
            "sigmoid" | "mnist" => Ok(Loss::Sigmoid),
            "bce" => Ok(Loss::Bce),
            _ => Err(crate::tr!("error-loss", name = format!("{s:?}"))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Loss::CrossEntropy => "cross-entropy",
            Loss::Sigmoid => "sigmoid",
            Loss::Bce => "bce",
        }
    }

    /// (mean loss, number of correct predictions) of `logits` [N, k] against `labels` [N] (class indices
    /// as f32). One-output losses predict class 1 when the logit is positive.
    pub fn score(self, logits: &Tensor, labels: &Tensor) -> (Tensor, Tensor) {
        match self {
            Loss::CrossEntropy => {
                let loss = logits.cross_entropy(labels);
                let correct = crate::no_grad(|| logits.argmax_axis(1, false).eq(labels).sum());
                (loss, correct)
            }
            Loss::Sigmoid | Loss::Bce => {
                let x = logits.reshape(&[logits.shape()[0]]);
                let loss = if self == Loss::Sigmoid { x.mnist_loss(labels) } else { x.bce_with_logits(labels) };
                let correct = crate::no_grad(|| x.gt_scalar(0.0).eq(labels).sum());
                (loss, correct)
            }
        }
    }
}

/// A model by name plus the settings that shape it.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSpec {
    pub arch: Arch,
    pub activation: Activation,
    pub dropout: f32,
    /// Draw every parameter from N(0, init²) instead of each layer's default initialisation (the course's
    /// first models start from std 1). Not part of the spec string: the weights carry it.
    pub init: Option<f32>,
}

impl ModelSpec {
    /// Parses `linear`, `logistic`, `mlp:H1,H2,…` or `cnn[:C1,C2[,H]]` (default `cnn` = cnn:8,16).
    pub fn parse(spec: &str, activation: Activation, dropout: f32) -> Result<ModelSpec, String> {
        if !(0.0..0.95).contains(&dropout) {
            return Err(crate::tr!("error-dropout", value = dropout.to_string()));
        }
        let numbers = |list: &str, what: &str, max: usize| -> Result<Vec<usize>, String> {
            list.split(',')
                .map(|n| match n.trim().parse::<usize>() {
                    Ok(v) if (1..=max).contains(&v) => Ok(v),
                    _ => Err(crate::tr!(what, value = format!("{n:?}"), model = format!("{spec:?}"), max = max.to_string())),
                })
                .collect()
        };
        let arch = match spec.split_once(':') {
            None if spec == "linear" => Arch::Linear,
            None if spec == "logistic" => Arch::Logistic(vec![]),
            None if spec == "cnn" => Arch::Cnn { c1: 8, c2: 16, hidden: None },
            Some((kind @ ("mlp" | "logistic"), list)) => {
                let sizes = numbers(list, "error-layer-width", MAX_WIDTH)?;
                if sizes.len() > MAX_LAYERS {
                    return Err(crate::tr!("error-too-many-layers", count = sizes.len(), max = MAX_LAYERS));
                }
                if kind == "mlp" {
                    Arch::Mlp(sizes)
                } else {
                    Arch::Logistic(sizes)
                }
            }
            Some(("cnn", list)) => match numbers(list, "error-channel-count", MAX_CHANNELS)?[..] {
                [c1, c2] => Arch::Cnn { c1, c2, hidden: None },
                [c1, c2, h] => Arch::Cnn { c1, c2, hidden: Some(h) },
                _ => return Err(crate::tr!("error-cnn-numbers", model = format!("{spec:?}"))),
            },
            _ => return Err(crate::tr!("error-unknown-model", model = format!("{spec:?}"))),
        };
        Ok(ModelSpec { arch, activation, dropout, init: None })
    }

    /// The spec string `parse` reads back.
    pub fn name(&self) -> String {
        let join = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        match &self.arch {
            Arch::Linear => "linear".into(),
            Arch::Logistic(h) if h.is_empty() => "logistic".into(),
            Arch::Logistic(h) => format!("logistic:{}", join(h)),
            Arch::Mlp(h) => format!("mlp:{}", join(h)),
            Arch::Cnn { c1, c2, hidden: None } => format!("cnn:{c1},{c2}"),
            Arch::Cnn { c1, c2, hidden: Some(h) } => format!("cnn:{c1},{c2},{h}"),
        }
    }

    /// The loss this model trains with unless told otherwise.
    pub fn default_loss(&self) -> Loss {
        match self.arch {
            Arch::Logistic(_) => Loss::Sigmoid,
            _ => Loss::CrossEntropy,
        }
    }

    /// Checks that `loss` suits this model's outputs for `classes` classes.
    pub fn check_loss(&self, loss: Loss, classes: usize) -> Result<(), String> {
        let outputs = self.outputs(classes);
        match loss {
            Loss::CrossEntropy if outputs < 2 => Err(crate::tr!("error-cross-entropy-one-output")),
            Loss::Sigmoid | Loss::Bce if outputs != 1 => Err(crate::tr!("error-loss-needs-one-output", loss = loss.name())),
            _ => Ok(()),
        }
    }

    fn outputs(&self, classes: usize) -> usize {
        if matches!(self.arch, Arch::Logistic(_)) {
            1
        } else {
            classes
        }
    }

    /// The layers this spec makes for `rows`×`cols` images and `classes` classes (`seed` picks the dropout
    /// masks): `build` creates exactly these and `parameter_count` counts them, so the two cannot disagree.
    pub fn layers(&self, rows: usize, cols: usize, classes: usize, seed: u64) -> Result<Vec<Layer>, String> {
        let pixels = rows * cols;
        let act = self.activation;
        let dense = |inputs, outputs, init| Layer::Linear { inputs, outputs, init };
        Ok(match &self.arch {
            Arch::Linear => vec![dense(pixels, classes, Init::PyTorch)],
            Arch::Logistic(h) if h.is_empty() => vec![dense(pixels, 1, Init::PyTorch)],
            Arch::Mlp(hidden) | Arch::Logistic(hidden) => {
                let sizes = [&[pixels][..], hidden, &[self.outputs(classes)]].concat();
                let mut layers = Vec::new();
                for (i, w) in sizes.windows(2).enumerate() {
                    let last = i + 2 == sizes.len();
                    layers.push(dense(w[0], w[1], if last { Init::XavierUniform } else { act.init() }));
                    if !last {
                        layers.push(Layer::Activation(act));
                        if self.dropout > 0.0 {
                            layers.push(Layer::Dropout { p: self.dropout, seed: (seed as u32).wrapping_mul(7919).wrapping_add(i as u32) });
                        }
                    }
                }
                layers
            }
            Arch::Cnn { c1, c2, hidden } => {
                let (h, w) = cnn_features(rows, cols)?;
                let conv = |channels, out_channels| Layer::Conv { channels, out_channels, kernel: 5, init: act.init() };
                let mut layers = vec![Layer::Unflatten(vec![1, rows, cols]), conv(1, *c1), Layer::Activation(act), Layer::MaxPool, conv(*c1, *c2), Layer::Activation(act), Layer::MaxPool, Layer::Flatten];
                let mut features = c2.saturating_mul(h * w);
                if let Some(hd) = hidden {
                    layers.extend([dense(features, *hd, act.init()), Layer::Activation(act)]);
                    features = *hd;
                }
                if self.dropout > 0.0 {
                    layers.push(Layer::Dropout { p: self.dropout, seed: (seed as u32).wrapping_mul(7919) });
                }
                layers.push(dense(features, classes, Init::XavierUniform));
                layers
            }
        })
    }

    /// Builds the model for `rows`×`cols` images and `classes` classes, with weights drawn from `seed`.
    /// Every model takes flat [N, rows·cols] batches. Sizes are checked before anything is allocated.
    pub fn build(&self, rows: usize, cols: usize, classes: usize, seed: u64, device: &Device) -> Result<Sequential, String> {
        if matches!(self.arch, Arch::Logistic(_)) && classes != 2 {
            return Err(crate::tr!("error-logistic-two-classes", classes = classes));
        }
        let count = self.parameter_count(rows, cols, classes)?;
        if count > MAX_PARAMETERS {
            return Err(crate::tr!("error-too-many-parameters", model = self.name(), count = count.to_string(), max = MAX_PARAMETERS.to_string()));
        }
        let mut r = crate::rng::rng(seed);
        let mut model = Sequential::new();
        for layer in self.layers(rows, cols, classes, seed)? {
            model = match layer {
                Layer::Unflatten(shape) => model.add(Unflatten(shape)),
                Layer::Linear { inputs, outputs, init } => model.add(Linear::new(inputs, outputs, init, &mut r, device)),
                Layer::Conv { channels, out_channels, kernel, init } => model.add(Conv2d::new(channels, out_channels, kernel, 1, 0, init, &mut r, device)),
                Layer::Activation(a) => model.add(a),
                Layer::MaxPool => model.add(MaxPool2d { kernel: 2, stride: 2 }),
                Layer::Flatten => model.add(Flatten),
                Layer::Dropout { p, seed } => model.add(Dropout::new(p, seed)),
            };
        }
        if let Some(std) = self.init {
            if !(std.is_finite() && std > 0.0) {
                return Err(crate::tr!("error-init", value = std.to_string()));
            }
            for p in model.parameters() {
                p.assign(&crate::Tensor::from_vec(Init::Normal(std).sample(p.numel(), 1, 1, &mut r), p.shape(), device));
            }
        }
        Ok(model)
    }

    /// Parameter count, computed from the sizes alone (so an absurd model is refused before allocation).
    pub fn parameter_count(&self, rows: usize, cols: usize, classes: usize) -> Result<usize, String> {
        Ok(self.layers(rows, cols, classes, 0)?.iter().fold(0usize, |n, l| n.saturating_add(l.parameters())))
    }
}

/// One layer of a model as its spec describes it (see `ModelSpec::layers`).
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    Unflatten(Vec<usize>),
    Linear { inputs: usize, outputs: usize, init: Init },
    /// A square `kernel`×`kernel` convolution, stride 1, no padding.
    Conv { channels: usize, out_channels: usize, kernel: usize, init: Init },
    Activation(Activation),
    /// 2×2 max pooling, stride 2.
    MaxPool,
    Flatten,
    Dropout { p: f32, seed: u32 },
}

impl Layer {
    /// Its weights and biases.
    pub fn parameters(&self) -> usize {
        let dense = |i: usize, o: usize| i.saturating_mul(o).saturating_add(o);
        match self {
            Layer::Linear { inputs, outputs, .. } => dense(*inputs, *outputs),
            Layer::Conv { channels, out_channels, kernel, .. } => dense(channels.saturating_mul(kernel * kernel), *out_channels),
            _ => 0,
        }
    }
}

/// Feature map size after the CNN's two 5×5 valid convolutions and 2×2 pools.
fn cnn_features(rows: usize, cols: usize) -> Result<(usize, usize), String> {
    let f = |x: usize| x.checked_sub(4).map(|x| x / 2).and_then(|x| x.checked_sub(4)).map(|x| x / 2).filter(|&x| x > 0);
    f(rows).zip(f(cols)).ok_or_else(|| format!("cnn needs images of at least 16×16, not {rows}×{cols}"))
}

/// What a weights file says about its model: its spec, the images and classes it is for, and the input
/// normalisation it was trained with (the model sees (pixel/255 − mean) / std; mean 0, std 1 = raw pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct ModelInfo {
    pub spec: ModelSpec,
    pub rows: usize,
    pub cols: usize,
    pub classes: usize,
    pub mean: f32,
    pub std: f32,
}

impl ModelInfo {
    /// A model for `data`'s images and classes; `normalize` standardises inputs with the data's pixel mean
    /// and standard deviation (faster, steadier SGD), otherwise the model sees raw pixels in [0, 1].
    pub fn for_data(spec: ModelSpec, data: &crate::data::Dataset, normalize: bool) -> ModelInfo {
        let (mut mean, mut std) = (0.0, 1.0);
        if normalize && !data.images.is_empty() {
            let n = data.images.len() as f64;
            let m = data.images.iter().map(|&b| b as f64).sum::<f64>() / n / 255.0;
            let var = data.images.iter().map(|&b| (b as f64 / 255.0 - m).powi(2)).sum::<f64>() / n;
            (mean, std) = (m as f32, (var.sqrt() as f32).max(1e-3));
        }
        ModelInfo { spec, rows: data.rows, cols: data.cols, classes: data.classes, mean, std }
    }

    /// (scale, offset) that map a pixel byte to this model's input.
    pub fn byte_transform(&self) -> (f32, f32) {
        (1.0 / (255.0 * self.std), -self.mean / self.std)
    }

    /// Pixels in [0, 1] as this model's inputs.
    pub fn normalize(&self, pixels: &[f32]) -> Vec<f32> {
        pixels.iter().map(|p| (p - self.mean) / self.std).collect()
    }

    pub fn build(&self, device: &Device) -> Result<Sequential, String> {
        self.spec.build(self.rows, self.cols, self.classes, 0, device)
    }
}

/// Safetensors bytes of a model (`save`): parameters plus the metadata that rebuilds it (`load`). The form
/// in which weights travel between the page and its workers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Weights(#[serde(with = "serde_bytes")] pub Vec<u8>);

/// Serialises `model`'s parameters (read back from the device) and `info` as safetensors bytes.
pub async fn save(model: &dyn Module, info: &ModelInfo) -> Result<Vec<u8>, String> {
    let mut tensors = Vec::new();
    for (name, t) in model.named_parameters() {
        let bytes: Vec<u8> = t.to_vec().await?.iter().flat_map(|v| v.to_le_bytes()).collect();
        tensors.push((name, t.shape().to_vec(), bytes));
    }
    let views: Vec<(String, TensorView)> = tensors
        .iter()
        .map(|(n, s, b)| Ok((n.clone(), TensorView::new(Dtype::F32, s.clone(), b).map_err(|e| e.to_string())?)))
        .collect::<Result<_, String>>()?;
    let metadata = [
        ("format".to_string(), "mnist-playground".to_string()),
        ("model".to_string(), info.spec.name()),
        ("activation".to_string(), info.spec.activation.name().to_string()),
        ("dropout".to_string(), info.spec.dropout.to_string()),
        ("input".to_string(), format!("{}x{}", info.rows, info.cols)),
        ("classes".to_string(), info.classes.to_string()),
        ("normalize".to_string(), format!("{},{}", info.mean, info.std)),
    ];
    let bytes = safetensors::serialize(views, Some(metadata.into_iter().collect())).map_err(|e| format!("cannot write weights: {e}"))?;
    canonical_header(bytes)
}

/// The same weights file with every F32 tensor stored as F16 (rounded to nearest): half the bytes, what
/// the page's pretrained model ships as (`load` reads both; PyTorch and numpy read F16 too).
pub fn half(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let st = SafeTensors::deserialize(bytes).map_err(|e| format!("not a valid safetensors file ({e})"))?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| e.to_string())?;
    let mut tensors = Vec::new();
    for (name, view) in st.tensors() {
        let data: Vec<u8> = match view.dtype() {
            Dtype::F32 => view.data().chunks_exact(4).flat_map(|b| half::f16::from_f32(f32::from_le_bytes(b.try_into().unwrap())).to_le_bytes()).collect(),
            Dtype::F16 => view.data().to_vec(),
            other => return Err(format!("tensor {name:?} is {other:?}, expected F32 or F16")),
        };
        tensors.push((name, view.shape().to_vec(), data));
    }
    let views: Vec<(String, TensorView)> = tensors
        .iter()
        .map(|(n, s, b)| Ok((n.clone(), TensorView::new(Dtype::F16, s.clone(), b).map_err(|e| e.to_string())?)))
        .collect::<Result<_, String>>()?;
    let bytes = safetensors::serialize(views, header.metadata().clone()).map_err(|e| format!("cannot write weights: {e}"))?;
    canonical_header(bytes)
}

/// The same file with its header's keys in sorted order. safetensors writes the metadata from a HashMap,
/// whose order changes from run to run; serde_json's objects are sorted maps, so reading the header and
/// printing it again sorts it: the same weights always give the same bytes (a retrained model can be
/// checked bit for bit).
fn canonical_header(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let bad = || "cannot write weights: a malformed header".to_string();
    let n = u64::from_le_bytes(bytes.get(..8).ok_or_else(bad)?.try_into().map_err(|_| bad())?) as usize;
    let header: serde_json::Value = serde_json::from_slice(bytes.get(8..8 + n).ok_or_else(bad)?).map_err(|_| bad())?;
    let mut text = header.to_string();
    while text.len() % 8 != 0 {
        text.push(' ');
    }
    let mut out = Vec::with_capacity(8 + text.len() + bytes.len() - 8 - n);
    out.extend((text.len() as u64).to_le_bytes());
    out.extend(text.as_bytes());
    out.extend(&bytes[8 + n..]);
    Ok(out)
}

/// Reads a weights file written by `save`: rebuilds the model it describes on `device` and loads every
/// parameter. Any mismatch (missing or extra tensors, shapes, dtypes, a damaged file) is an error naming it.
pub fn load(name: &str, bytes: &[u8], device: &Device) -> Result<(Sequential, ModelInfo), String> {
    let err = |m: String| format!("{name}: {m}");
    let st = SafeTensors::deserialize(bytes).map_err(|e| err(format!("not a valid safetensors file ({e})")))?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| err(e.to_string()))?;
    let meta = header.metadata().clone().unwrap_or_default();
    let field = |k: &str| meta.get(k).map(String::as_str).ok_or_else(|| err(format!("no \"{k}\" in the metadata: not a model saved by this playground")));
    if field("format")? != "mnist-playground" {
        return Err(err("metadata format is not \"mnist-playground\"".into()));
    }
    let activation = Activation::parse(field("activation")?).map_err(err)?;
    let dropout = field("dropout")?.parse::<f32>().map_err(|_| err("metadata dropout is not a number".into()))?;
    let spec = ModelSpec::parse(field("model")?, activation, dropout).map_err(err)?;
    let (rows, cols) = field("input")?
        .split_once('x')
        .and_then(|(r, c)| Some((r.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
        .filter(|&(r, c)| (1..=1024).contains(&r) && (1..=1024).contains(&c))
        .ok_or_else(|| err("metadata input is not ROWSxCOLS".into()))?;
    let classes = field("classes")?.parse::<usize>().ok().filter(|c| (2..=256).contains(c)).ok_or_else(|| err("metadata classes is not 2..=256".into()))?;
    let (mean, std) = match meta.get("normalize") {
        None => (0.0, 1.0),
        Some(v) => v
            .split_once(',')
            .and_then(|(m, s)| Some((m.parse::<f32>().ok()?, s.parse::<f32>().ok()?)))
            .filter(|(m, s)| m.is_finite() && s.is_finite() && *s > 0.0)
            .ok_or_else(|| err("metadata normalize is not MEAN,STD".into()))?,
    };
    let info = ModelInfo { spec, rows, cols, classes, mean, std };
    let model = info.build(device).map_err(err)?;
    let params = model.named_parameters();
    for (pname, t) in &params {
        let view = st.tensor(pname).map_err(|_| err(format!("tensor {pname:?} is missing")))?;
        if view.shape() != t.shape() {
            return Err(err(format!("tensor {pname:?} has shape {:?}, the model needs {:?}", view.shape(), t.shape())));
        }
        let values: Vec<f32> = match view.dtype() {
            Dtype::F32 => view.data().chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect(),
            Dtype::F16 => view.data().chunks_exact(2).map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32()).collect(),
            other => return Err(err(format!("tensor {pname:?} is {other:?}, expected F32 or F16"))),
        };
        if let Some(v) = values.iter().find(|v| !v.is_finite()) {
            return Err(err(format!("tensor {pname:?} holds {v}")));
        }
        t.assign(&Tensor::from_vec(values, t.shape(), device));
    }
    if let Some(extra) = st.names().into_iter().find(|n| !params.iter().any(|(p, _)| p == n)) {
        return Err(err(format!("unexpected tensor {extra:?} (the {} model has no such parameter)", info.spec.name())));
    }
    Ok((model, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_weights_always_give_the_same_bytes() {
        let spec = ModelSpec::parse("cnn:4,8", Activation::Relu, 0.0).unwrap();
        let info = ModelInfo { spec: spec.clone(), rows: 28, cols: 28, classes: 10, mean: 0.13, std: 0.31 };
        let m = spec.build(28, 28, 10, 3, &Device::Cpu).unwrap();
        let first = pollster::block_on(save(&m, &info)).unwrap();
        for _ in 0..5 {
            // (each save builds a new HashMap of metadata, in a new order)
            assert_eq!(pollster::block_on(save(&m, &info)).unwrap(), first);
        }
        let n = u64::from_le_bytes(first[..8].try_into().unwrap()) as usize;
        let header = std::str::from_utf8(&first[8..8 + n]).unwrap();
        assert!(header.starts_with("{\"0.weight\"") || header.starts_with("{\"1.bias\""), "{header}");
        assert!(header.contains("\"__metadata__\":{\"activation\":\"relu\",\"classes\":\"10\""), "{header}");
        assert_eq!(n % 8, 0);
        let (back, back_info) = load("m", &first, &Device::Cpu).unwrap();
        assert_eq!(back_info, info);
        assert_eq!(back.parameters()[1].to_vec_blocking(), m.parameters()[1].to_vec_blocking());
    }

    #[test]
    fn sixteen_bit_weights_are_half_the_file_and_load_as_rounded_values() {
        let spec = ModelSpec::parse("cnn:4,8", Activation::Relu, 0.0).unwrap();
        let info = ModelInfo { spec: spec.clone(), rows: 28, cols: 28, classes: 10, mean: 0.13, std: 0.31 };
        let m = spec.build(28, 28, 10, 3, &Device::Cpu).unwrap();
        let full = pollster::block_on(save(&m, &info)).unwrap();
        let small = half(&full).unwrap();
        assert!(small.len() < full.len() / 2 + 1024, "{} vs {}", small.len(), full.len());
        assert_eq!(half(&small).unwrap(), small, "F16 stays F16");
        let (back, back_info) = load("m", &small, &Device::Cpu).unwrap();
        assert_eq!(back_info, info);
        for (a, b) in m.parameters().iter().zip(back.parameters()) {
            for (x, y) in a.to_vec_blocking().iter().zip(b.to_vec_blocking()) {
                assert!((x - y).abs() <= x.abs() / 1024.0 + 1e-7, "{x} became {y}");
            }
        }
    }

    #[test]
    fn parses_and_names_specs() {
        for s in ["linear", "logistic", "logistic:30", "mlp:128", "mlp:20,40,20,12", "cnn:8,16", "cnn:16,32,128"] {
            assert_eq!(ModelSpec::parse(s, Activation::Relu, 0.0).unwrap().name(), s);
        }
        assert_eq!(ModelSpec::parse("cnn", Activation::Relu, 0.0).unwrap().name(), "cnn:8,16");
        for (bad, want) in [("mlp:", "layer width"), ("mlp:0", "layer width"), ("mlp:99999", "1..=8192"), ("cnn:1", "2 or 3"), ("resnet", "unknown model"), ("mlp:-3", "layer width"), ("mlp:1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1", "17 hidden layers is more than 16"), ("cnn:300,8", "1..=256")] {
            let e = ModelSpec::parse(bad, Activation::Relu, 0.0).unwrap_err();
            assert!(e.contains(want), "{bad}: {e}");
        }
        assert!(ModelSpec::parse("linear", Activation::Relu, 1.0).is_err());
        assert!(ModelSpec::parse("linear", Activation::Relu, f32::NAN).is_err());
    }

    #[test]
    fn builds_models_with_the_counted_parameters() {
        let dev = Device::Cpu;
        for (s, rows, classes) in [("linear", 28, 10), ("logistic", 28, 2), ("logistic:30", 28, 2), ("mlp:20,40,20,12", 28, 10), ("cnn", 28, 10), ("cnn:16,32,128", 28, 10), ("mlp:52,52", 8, 10)] {
            let spec = ModelSpec::parse(s, Activation::Relu, 0.1).unwrap();
            let m = spec.build(rows, rows, classes, 1, &dev).unwrap();
            assert_eq!(m.parameter_count(), spec.parameter_count(rows, rows, classes).unwrap(), "{s}");
            assert_eq!(m.output_shape(&[5, rows * rows]).unwrap(), vec![5, if s.starts_with("logistic") { 1 } else { classes }], "{s}");
        }
        assert_eq!(ModelSpec::parse("linear", Activation::Relu, 0.0).unwrap().parameter_count(28, 28, 10).unwrap(), 7850);
        assert_eq!(ModelSpec::parse("cnn", Activation::Relu, 0.0).unwrap().parameter_count(28, 28, 10).unwrap(), 208 + 3216 + 2570);
        assert!(ModelSpec::parse("cnn", Activation::Relu, 0.0).unwrap().build(8, 8, 10, 0, &dev).unwrap_err().contains("16×16"));
        assert!(ModelSpec::parse("logistic", Activation::Relu, 0.0).unwrap().build(28, 28, 10, 0, &dev).unwrap_err().contains("two-class"));
        // init = 1: every parameter drawn from N(0, 1).
        let spec = ModelSpec { init: Some(1.0), ..ModelSpec::parse("mlp:100", Activation::Relu, 0.0).unwrap() };
        let values: Vec<f32> = spec.build(28, 28, 10, 3, &dev).unwrap().parameters().iter().flat_map(|p| p.to_vec_blocking()).collect();
        let n = values.len() as f32;
        let mean = values.iter().sum::<f32>() / n;
        let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n).sqrt();
        assert!(mean.abs() < 0.01 && (std - 1.0).abs() < 0.01, "mean {mean}, std {std}");
        assert!(ModelSpec::parse("mlp:8192,8192,8192", Activation::Relu, 0.0).unwrap().build(28, 28, 10, 0, &dev).unwrap_err().contains("limit"));
    }
}
