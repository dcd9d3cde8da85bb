//! Running a model without training it: a dataset prepared on a device for one model, loss and accuracy
//! over it, class probabilities (for a dataset or for raw pixels such as a sketch), and what each class
//! "looks like" to the model. Long loops give the event loop a turn now and then (`clock::Slicer`).

use crate::clock::Slicer;
use crate::data::Dataset;
use crate::model::{Loss, ModelInfo};
use crate::nn::Module;
use crate::ops::batch::{ByteRows, Shift};
use crate::{no_grad, Device, Tensor};

/// How long an evaluation runs before it gives the event loop a turn.
const SLICE_MS: f64 = 20.0;

/// Mean loss and accuracy over some examples.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    pub loss: f32,
    pub accuracy: f32,
    pub count: usize,
}

/// A labelled dataset on a device, prepared for one model: images and labels as bytes, the model's input
/// normalisation, and the identity order for evaluation.
pub struct DeviceData {
    pub images: ByteRows,
    pub labels: ByteRows,
    identity: Tensor,
    transform: (f32, f32),
    pub rows: usize,
    pub cols: usize,
}

impl DeviceData {
    /// Puts `data` on `device` for the model `info` describes (its image size and classes must match).
    pub fn new(data: &Dataset, info: &ModelInfo, device: &Device) -> Result<DeviceData, String> {
        if (data.rows, data.cols) != (info.rows, info.cols) || data.classes != info.classes {
            return Err(format!(
                "the model is for {}×{} images of {} classes; the data has {}×{} images of {} classes",
                info.rows, info.cols, info.classes, data.rows, data.cols, data.classes
            ));
        }
        Ok(DeviceData {
            images: ByteRows::shared(&data.images, data.pixels(), device),
            labels: ByteRows::new(&data.labels, 1, device),
            identity: order_tensor(&(0..data.len()).collect::<Vec<_>>(), device),
            transform: info.byte_transform(),
            rows: data.rows,
            cols: data.cols,
        })
    }

    pub fn len(&self) -> usize {
        self.labels.rows()
    }

    /// The images and labels of `rows`, copied out (what a data-parallel shard carries to its helper); None
    /// on a GPU.
    pub fn host_rows(&self, rows: &[usize]) -> Option<(Vec<u8>, Vec<u8>)> {
        Some((self.images.host_rows(rows)?, self.labels.host_rows(rows)?))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Images `order[start..start+count]` as [count, pixels] model inputs and their labels as [count].
    pub(crate) fn batch(&self, order: &Tensor, start: usize, count: usize, shift: Option<Shift>) -> (Tensor, Tensor) {
        let x = self.images.gather(order, start, count, self.transform, shift);
        let y = self.labels.gather(order, start, count, (1.0, 0.0), None);
        (x, y.reshape(&[count]))
    }
}

pub(crate) fn order_tensor(order: &[usize], device: &Device) -> Tensor {
    Tensor::from_vec(order.iter().map(|&i| i as f32).collect(), &[order.len()], device)
}

/// Running sums on the device: Σ loss·count, Σ correct, and the example count (known on the host). A step
/// adds either tensors (`add`) or, fused into its loss kernel, to `[Σ loss, Σ correct]` in place (`fused`).
pub(crate) struct Sums {
    loss: Option<Tensor>,
    correct: Option<Tensor>,
    fused: Option<Tensor>,
    pub(crate) count: usize,
}

impl Sums {
    pub(crate) fn new() -> Sums {
        Sums { loss: None, correct: None, fused: None, count: 0 }
    }

    /// The [Σ loss, Σ correct] tensor a fused loss kernel adds `count` examples to (`cross_entropy_scored`).
    pub(crate) fn fused(&mut self, count: usize, device: &crate::Device) -> Tensor {
        self.count += count;
        self.fused.get_or_insert_with(|| Tensor::zeros(&[2], device)).clone()
    }

    pub(crate) fn add(&mut self, loss: &Tensor, correct: &Tensor, count: usize) {
        no_grad(|| {
            let l = loss.detach().mul_scalar(count as f32);
            self.loss = Some(self.loss.take().map_or(l.clone(), |s| s.add(&l)));
            self.correct = Some(self.correct.take().map_or(correct.clone(), |s| s.add(correct)));
        });
        self.count += count;
    }

    /// Reads the sums back (one wait) and resets them.
    pub(crate) async fn take(&mut self) -> Result<Metrics, String> {
        let n = std::mem::take(&mut self.count);
        let (mut l, mut c) = (0.0, 0.0);
        if let (Some(lt), Some(ct)) = (self.loss.take(), self.correct.take()) {
            (l, c) = (lt.item().await?, ct.item().await?);
        }
        if let Some(f) = self.fused.take() {
            let v = f.to_vec().await?;
            (l, c) = (l + v[0], c + v[1]);
        }
        if n == 0 {
            return Ok(Metrics { loss: 0.0, accuracy: 0.0, count: 0 });
        }
        Ok(Metrics { loss: l / n as f32, accuracy: c / n as f32, count: n })
    }
}

/// Loss and accuracy of `model` on `data`, in batches, without recording a graph; one readback.
pub async fn evaluate(model: &dyn Module, loss: Loss, data: &DeviceData, batch: usize) -> Result<Metrics, String> {
    let mut sums = Sums::new();
    let mut slices = Slicer::new(SLICE_MS);
    for start in (0..data.len()).step_by(batch.max(1)) {
        let count = batch.min(data.len() - start);
        let (x, y) = data.batch(&data.identity, start, count, None);
        let (l, c) = inference(model, || loss.score(&model.forward(&x), &y));
        sums.add(&l, &c, count);
        slices.tick().await;
    }
    sums.take().await
}

/// Class probabilities of `model` for every example of `data`, row-major [len, classes] (softmax of the
/// outputs; for a one-output model [1 − σ, σ]); one readback per batch.
pub async fn predict(model: &dyn Module, data: &DeviceData, classes: usize, batch: usize) -> Result<Vec<f32>, String> {
    let mut probs = Vec::new();
    let mut slices = Slicer::new(SLICE_MS);
    for start in (0..data.len()).step_by(batch.max(1)) {
        let count = batch.min(data.len() - start);
        let (x, _) = data.batch(&data.identity, start, count, None);
        probs.push(inference(model, || probabilities(&model.forward(&x))));
        slices.tick().await;
    }
    let mut all = Vec::with_capacity(data.len() * classes);
    for p in probs {
        all.extend(read_probabilities(&p, classes).await?);
    }
    Ok(all)
}

use crate::nn::inference;

/// Class probabilities for raw images (`pixels`: n × rows·cols values in [0, 1], e.g. a sketch), with the
/// model's input normalisation applied; row-major [n, classes].
pub async fn predict_pixels(model: &dyn Module, info: &ModelInfo, pixels: &[f32], device: &Device) -> Result<Vec<f32>, String> {
    let n = info.rows * info.cols;
    if pixels.is_empty() || pixels.len() % n != 0 {
        return Err(format!("expected images of {} pixels, got {} values", n, pixels.len()));
    }
    let x = Tensor::from_vec(info.normalize(pixels), &[pixels.len() / n, n], device);
    let p = inference(model, || probabilities(&model.forward(&x)));
    read_probabilities(&p, info.classes).await
}

/// For each class, the gradient of its score (the model's output before softmax) with respect to the
/// model's (normalised) input, taken at `pixels` (one image in [0, 1], e.g. the average digit): the input pattern that most
/// raises that class's score there. Row-major [classes, rows·cols]. For the linear model this is exactly
/// each class's weights; a one-output model's class 0 is the negated gradient of its logit.
pub async fn class_patterns(model: &dyn Module, info: &ModelInfo, pixels: &[f32], device: &Device) -> Result<Vec<f32>, String> {
    let all: Vec<usize> = (0..info.classes).collect();
    Ok(input_gradients(model, info, pixels, &all, device).await?.concat())
}

/// Class `class`'s row of `class_patterns` alone (one image through the model and back), so that a page drawing
/// the patterns as they come gives the browser a turn between classes: the ten at once through the pretrained
/// CNN, on the page's CPU copy, were one task of ~50 ms with the page's thread slowed 4× as on a phone.
pub async fn class_pattern(model: &dyn Module, info: &ModelInfo, pixels: &[f32], class: usize, device: &Device) -> Result<Vec<f32>, String> {
    let mut rows = input_gradients(model, info, pixels, &[class], device).await?;
    Ok(rows.pop().unwrap_or_default())
}

/// Softmax of the outputs, or σ for a one-output model.
fn probabilities(out: &Tensor) -> Tensor {
    if out.shape()[1] == 1 {
        out.sigmoid()
    } else {
        out.softmax()
    }
}

/// Reads probabilities back; a one-output model's σ becomes [1 − σ, σ].
async fn read_probabilities(p: &Tensor, classes: usize) -> Result<Vec<f32>, String> {
    let v = p.to_vec().await?;
    Ok(if classes == 2 && p.shape()[1] == 1 { v.iter().flat_map(|&q| [1.0 - q, q]).collect() } else { v })
}

/// Batch size for evaluations on a GPU.
pub const EVAL_BATCH: usize = 250;

/// Batch size for evaluations on `device`. On the CPU backend a batch's activations live in wasm memory,
/// which never shrinks: 250 digits through the pretrained CNN kept the worker's memory ~70 MB larger for
/// good. 32 rows are as fast on the CPU (a product's speed hardly depends on its rows past a few dozen),
/// and each batch is a shorter task.
pub fn eval_batch(device: &Device) -> usize {
    if device.is_gpu() {
        EVAL_BATCH
    } else {
        32
    }
}

/// The pixel-similarity baseline: the mean image of each class of `train` ([classes, pixels], a one-hot matrix
/// product) and, for every image of `test`, its L1 and RMSE distance to each mean ([n, classes] each).
pub async fn class_distances(train: &Dataset, test: &Dataset, device: &Device) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>), String> {
    let (p, k) = (train.pixels(), train.classes);
    let pixels = |d: &Dataset| Tensor::from_vec(d.images.iter().map(|&b| b as f32 / 255.0).collect(), &[d.len(), p], device);
    let mut onehot = vec![0.0f32; train.len() * k];
    let mut counts = vec![0.0f32; k];
    for (i, &l) in train.labels.iter().enumerate() {
        onehot[i * k + l as usize] = 1.0;
        counts[l as usize] += 1.0;
    }
    let (means, l1, rmse) = no_grad(|| {
        let sums = Tensor::from_vec(onehot, &[train.len(), k], device).transpose(0, 1).matmul(&pixels(train));
        let means = sums.div(&Tensor::from_vec(counts.iter().map(|c| c.max(1.0)).collect(), &[k, 1], device));
        let diff = pixels(test).reshape(&[test.len(), 1, p]).sub(&means.reshape(&[1, k, p]));
        let l1 = diff.abs().mean_axis(2, false);
        let rmse = diff.mul(&diff).mean_axis(2, false).sqrt();
        (means, l1, rmse)
    });
    Ok((means.to_vec().await?, l1.to_vec().await?, rmse.to_vec().await?))
}

/// Why a model gives its answer for one image: for each class asked about, how much each pixel pushed
/// that class's score (the output before softmax) up or down — the pixel's value times the gradient of the
/// score with respect to it (gradient × input, the pixels in [0, 1] before the model's normalisation).
/// A pixel with no ink gets 0; for the linear model the map sums to score(image) − score(blank image).
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The model's class probabilities for the image.
    pub probs: Vec<f32>,
    /// The classes explained, the answer first; `maps[i]` is `classes[i]`'s map ([rows·cols]).
    pub classes: Vec<usize>,
    pub maps: Vec<Vec<f32>>,
    /// The largest magnitude over all maps: one colour scale for both, so they can be compared.
    pub scale: f32,
}

/// The most likely class (the first of equals).
pub fn top_class(probs: &[f32]) -> usize {
    probs.iter().enumerate().fold((0, f32::NEG_INFINITY), |best, (i, &v)| if v > best.1 { (i, v) } else { best }).0
}

/// The runner-up class of `probs` when it is close enough to the answer to ask "why not it?": at least a
/// quarter as likely as the answer.
pub fn close_runner_up(probs: &[f32]) -> Option<usize> {
    let top = top_class(probs);
    let second = (0..probs.len()).filter(|&c| c != top).max_by(|&a, &b| probs[a].total_cmp(&probs[b]))?;
    (probs[second] >= probs[top] / 4.0).then_some(second)
}

/// Explains `model`'s answer for `pixels` (one image in [0, 1]): the predicted class, and a second class —
/// `truth` when the answer is wrong (why not the true class?), else the runner-up when it is close.
/// One forward and backward pass of (at most) two copies of the image; on the CPU backend it is ready at once.
pub async fn explain(model: &dyn Module, info: &ModelInfo, pixels: &[f32], truth: Option<usize>, device: &Device) -> Result<Explanation, String> {
    let probs = predict_pixels(model, info, pixels, device).await?;
    let top = top_class(&probs);
    let second = match truth {
        Some(t) if t != top && t < probs.len() => Some(t),
        _ => close_runner_up(&probs),
    };
    let classes: Vec<usize> = std::iter::once(top).chain(second).collect();
    let maps = attribution(model, info, pixels, &classes, device).await?;
    let scale = maps.iter().flatten().fold(0.0f32, |m, v| m.max(v.abs()));
    Ok(Explanation { probs, classes, maps, scale })
}

/// Gradient × input of each class in `classes` for one image `pixels` in [0, 1]: for class c and pixel i,
/// pixels[i] · ∂score_c/∂pixels[i], where score_c is the model's output for c before softmax (a one-output
/// model's class 1 is its logit, class 0 the negated logit). One row per class asked, [rows·cols] each.
pub async fn attribution(model: &dyn Module, info: &ModelInfo, pixels: &[f32], classes: &[usize], device: &Device) -> Result<Vec<Vec<f32>>, String> {
    let g = input_gradients(model, info, pixels, classes, device).await?;
    // The model sees (pixel − mean) / std, so ∂score/∂pixel = ∂score/∂input / std.
    Ok(g.iter().map(|row| row.iter().zip(pixels).map(|(d, p)| d * p / info.std).collect()).collect())
}

/// ∂score_c/∂input for each class c in `classes`, the input being one image `pixels` in [0, 1] as the model sees
/// it (normalised); score_c is the model's output for c before softmax (a one-output model's class 1 is its
/// logit, class 0 the negated logit). One row per class asked, [rows·cols] each, in one pass forward and back;
/// the parameters are left without gradients.
async fn input_gradients(model: &dyn Module, info: &ModelInfo, pixels: &[f32], classes: &[usize], device: &Device) -> Result<Vec<Vec<f32>>, String> {
    let n = info.rows * info.cols;
    if pixels.len() != n {
        return Err(format!("expected one image of {n} pixels, got {} values", pixels.len()));
    }
    if let Some(&c) = classes.iter().find(|&&c| c >= info.classes) {
        return Err(format!("the model has {} classes; there is no class {c}", info.classes));
    }
    if classes.is_empty() {
        return Ok(vec![]);
    }
    let outputs = *model.output_shape(&[1, n])?.get(1).ok_or("the model's output has no classes")?;
    if outputs != 1 && outputs != info.classes {
        return Err(format!("the model has {outputs} outputs for {} classes", info.classes));
    }
    let rows = classes.len();
    // Row r selects its class's score: a one-hot row (±1 on the only output of a one-output model).
    let mut select = vec![0.0f32; rows * outputs];
    for (r, &c) in classes.iter().enumerate() {
        if outputs == 1 {
            select[r] = if c == 1 { 1.0 } else { -1.0 };
        } else {
            select[r * outputs + c] = 1.0;
        }
    }
    let x = Tensor::from_vec(info.normalize(pixels).repeat(rows), &[rows, n], device).requires_grad_();
    model.set_training(false);
    let score = model.forward(&x).mul(&Tensor::from_vec(select, &[rows, outputs], device)).sum();
    model.set_training(true);
    score.backward();
    let g = match x.grad() {
        Some(g) => g.to_vec().await,
        None => Err("no gradient reached the input".to_string()),
    };
    for p in model.parameters() {
        p.zero_grad();
    }
    Ok(g?.chunks(n).map(<[f32]>::to_vec).collect())
}
