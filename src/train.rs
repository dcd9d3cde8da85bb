//! The training loop shared by the page and the CLI. The data goes to the device once (as bytes); each
//! epoch uploads one shuffled order, and each step gathers its minibatch from it, runs forward, backward
//! and the optimizer, and adds the step's loss and correct count to accumulators on the device — one
//! submit, no readback. Every `report_every` steps (and at epoch ends) the accumulators are read back
//! once and turned into `Event`s. A non-finite loss stops training and restores the weights of the last
//! good report.
//!
//! The loop is driven from outside: `advance(n)` runs at most n steps (stopping early at a report), so a
//! page can run a few steps per animation frame and pause by not calling it; `run` drives it to the end.

use std::rc::Rc;

use crate::data::{shuffled, Dataset};
use crate::model::{Loss, ModelInfo};
use crate::nn::{Module, Sequential};
use crate::ops::batch::{ByteRows, Shift};
use crate::optim::{Adam, Optimizer, Sgd};
use crate::{no_grad, Device, Tensor};

/// The optimizers a learner can pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
            _ => Err(format!("unknown optimizer {s:?} (sgd, momentum, adam or adamw)")),
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

/// Everything that shapes a run besides the model and the data.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch: usize,
    pub lr: f32,
    pub optimizer: OptimizerKind,
    pub loss: Loss,
    /// Seeds the per-epoch shuffles and the augmentation (the model's weights have their own seed).
    pub seed: u64,
    /// Steps between reports (readbacks); epoch ends always report.
    pub report_every: usize,
    /// Random-shift augmentation: translate each training image by up to this many pixels (0 = off).
    pub shift: u32,
    /// Anneal the learning rate from `lr` to 0 along a half cosine over the whole run.
    pub cosine: bool,
}

impl TrainConfig {
    pub fn new(optimizer: OptimizerKind, loss: Loss) -> TrainConfig {
        TrainConfig { epochs: 1, batch: 128, lr: optimizer.default_lr(), optimizer, loss, seed: 0, report_every: 20, shift: 0, cosine: false }
    }

    /// Refuses settings that cannot train, with the reason.
    pub fn check(&self, train_len: usize) -> Result<(), String> {
        if !(1..=10_000).contains(&self.epochs) {
            return Err(format!("epochs {} is outside 1..=10000", self.epochs));
        }
        if self.batch == 0 {
            return Err("batch size 0: a minibatch needs at least one example".into());
        }
        if self.batch > train_len {
            return Err(format!("batch size {} is larger than the {train_len} training examples", self.batch));
        }
        if !self.lr.is_finite() || self.lr <= 0.0 || self.lr > 100.0 {
            return Err(format!("learning rate {} is not a number in (0, 100]", self.lr));
        }
        if self.report_every == 0 {
            return Err("report_every must be at least 1 step".into());
        }
        if self.shift > 8 {
            return Err(format!("shift {} is more than 8 pixels", self.shift));
        }
        Ok(())
    }
}

/// Mean loss and accuracy over some examples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    pub loss: f32,
    pub accuracy: f32,
    pub count: usize,
}

/// What the loop reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Means over the steps since the previous report. `epoch` counts from 1, `step` within the epoch from 1.
    Progress { epoch: usize, step: usize, steps: usize, loss: f32, accuracy: f32, samples_per_s: f64 },
    /// An epoch ended: its training metrics (over the epoch, as trained) and the validation metrics.
    Epoch { epoch: usize, train: Metrics, val: Option<Metrics>, seconds: f64 },
    /// The loss became NaN or infinite; the weights of the last good report were restored.
    Diverged { epoch: usize, step: usize, message: String },
    /// All epochs ran.
    Done,
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
            images: ByteRows::new(&data.images, data.pixels(), device),
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

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Images `order[start..start+count]` as [count, pixels] model inputs and their labels as [count].
    fn batch(&self, order: &Tensor, start: usize, count: usize, shift: Option<Shift>) -> (Tensor, Tensor) {
        let x = self.images.gather(order, start, count, self.transform, shift);
        let y = self.labels.gather(order, start, count, (1.0, 0.0), None);
        (x, y.reshape(&[count]))
    }
}

fn order_tensor(order: &[usize], device: &Device) -> Tensor {
    Tensor::from_vec(order.iter().map(|&i| i as f32).collect(), &[order.len()], device)
}

/// Running sums on the device: Σ loss·count, Σ correct, and the example count (known on the host).
struct Sums {
    loss: Option<Tensor>,
    correct: Option<Tensor>,
    count: usize,
}

impl Sums {
    fn new() -> Sums {
        Sums { loss: None, correct: None, count: 0 }
    }

    fn add(&mut self, loss: &Tensor, correct: &Tensor, count: usize) {
        no_grad(|| {
            let l = loss.detach().mul_scalar(count as f32);
            self.loss = Some(self.loss.take().map_or(l.clone(), |s| s.add(&l)));
            self.correct = Some(self.correct.take().map_or(correct.clone(), |s| s.add(correct)));
        });
        self.count += count;
    }

    /// Reads the sums back (one wait) and resets them.
    async fn take(&mut self) -> Result<Metrics, String> {
        let (Some(l), Some(c)) = (self.loss.take(), self.correct.take()) else {
            return Ok(Metrics { loss: 0.0, accuracy: 0.0, count: 0 });
        };
        let n = std::mem::take(&mut self.count);
        let (l, c) = (l.item().await?, c.item().await?);
        Ok(Metrics { loss: l / n as f32, accuracy: c / n as f32, count: n })
    }
}

/// Loss and accuracy of `model` on `data`, in batches, without recording a graph; one readback.
pub async fn evaluate(model: &dyn Module, loss: Loss, data: &DeviceData, batch: usize) -> Result<Metrics, String> {
    let mut sums = Sums::new();
    let mut slices = Slicer::new();
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
    let mut slices = Slicer::new();
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

/// Runs `f` with `model` in evaluation mode (no dropout) and no graph recorded. Synchronous, so a task
/// that runs while an evaluation waits cannot see or change the mode.
pub(crate) fn inference<R>(model: &dyn Module, f: impl FnOnce() -> R) -> R {
    model.set_training(false);
    let r = no_grad(f);
    model.set_training(true);
    r
}

/// Long loops on the CPU backend run on the page's thread: they give the browser a turn every ~20 ms
/// so it can paint and handle input. Natively this does nothing.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Slicer(f64);

impl Slicer {
    fn new() -> Slicer {
        Slicer(now_ms())
    }

    async fn tick(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if now_ms() - self.0 > 20.0 {
            let p = js_sys::Promise::new(&mut |resolve, _| {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
                }
            });
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            self.0 = now_ms();
        }
    }
}

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
    let n = info.rows * info.cols;
    if pixels.len() != n {
        return Err(format!("expected one image of {n} pixels, got {} values", pixels.len()));
    }
    let k = info.classes;
    let one_output = model.output_shape(&[1, n])?.get(1) == Some(&1);
    let copies = if one_output { 1 } else { k };
    let x = Tensor::from_vec(info.normalize(pixels).repeat(copies), &[copies, n], device).requires_grad_();
    let select: Vec<f32> = (0..copies * copies).map(|i| if i % (copies + 1) == 0 { 1.0 } else { 0.0 }).collect();
    model.set_training(false);
    let score = model.forward(&x).mul(&Tensor::from_vec(select, &[copies, copies], device)).sum();
    model.set_training(true);
    score.backward();
    let g = x.grad().ok_or("no gradient reached the input")?.to_vec().await?;
    for p in model.parameters() {
        p.zero_grad();
    }
    Ok(if one_output { g.iter().map(|v| -v).chain(g.iter().copied()).collect() } else { g })
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

/// Batch size for evaluations: small enough that one batch of a CNN on the CPU backend is a short task.
pub const EVAL_BATCH: usize = 250;

/// Milliseconds from an arbitrary origin: `performance.now()` in the browser, a monotonic clock natively.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1000.0
    }
}

/// A training run in progress.
pub struct Trainer {
    /// Shared, so views can predict with the weights while training goes on.
    pub model: Rc<Sequential>,
    pub info: ModelInfo,
    pub config: TrainConfig,
    optimizer: Box<dyn Optimizer>,
    device: Device,
    train: DeviceData,
    val: Option<DeviceData>,
    order: Tensor,
    /// Epoch (from 0) and step within it of the next step to run.
    epoch: usize,
    step: usize,
    steps_per_epoch: usize,
    interval: Sums,
    epoch_totals: (f64, f64, usize),
    last_good: Vec<Tensor>,
    /// The parameters on the host at the start and at each epoch end: what training resumes from on
    /// another device when this one is lost (`resume_on`).
    host_snapshot: Option<(usize, Vec<Vec<f32>>)>,
    interval_start_ms: f64,
    epoch_start_ms: f64,
    finished: bool,
}

impl Trainer {
    /// Sets up a run of `model` (described by `info`) on `train`, validating on `val` after each epoch.
    pub fn new(model: Sequential, info: ModelInfo, train: &Dataset, val: Option<&Dataset>, config: TrainConfig, device: &Device) -> Result<Trainer, String> {
        config.check(train.len())?;
        info.spec.check_loss(config.loss, info.classes)?;
        let train_data = DeviceData::new(train, &info, device)?;
        let val = val.map(|v| DeviceData::new(v, &info, device)).transpose()?;
        let optimizer = config.optimizer.build(model.parameters(), config.lr);
        let last_good = model.parameters().iter().map(|p| no_grad(|| p.add_scalar(0.0))).collect();
        let order = order_tensor(&shuffled(train.len(), config.seed), device);
        let now = now_ms();
        Ok(Trainer {
            steps_per_epoch: train.len().div_ceil(config.batch),
            model: Rc::new(model),
            info,
            optimizer,
            device: device.clone(),
            train: train_data,
            val,
            order,
            epoch: 0,
            step: 0,
            interval: Sums::new(),
            epoch_totals: (0.0, 0.0, 0),
            last_good,
            host_snapshot: None,
            interval_start_ms: now,
            epoch_start_ms: now,
            finished: false,
            config,
        })
    }

    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// (epochs completed, steps into the current epoch, steps per epoch).
    pub fn position(&self) -> (usize, usize, usize) {
        (self.epoch, self.step, self.steps_per_epoch)
    }

    pub fn optimizer(&mut self) -> &mut dyn Optimizer {
        self.optimizer.as_mut()
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Records and submits one minibatch step; no readback.
    fn record_step(&mut self) {
        let n = self.train.len();
        let start = self.step * self.config.batch;
        let count = self.config.batch.min(n - start);
        let shift = (self.config.shift > 0).then(|| Shift {
            height: self.train.rows,
            width: self.train.cols,
            max: self.config.shift,
            seed: (self.config.seed as u32) ^ (self.epoch as u32).wrapping_mul(0x9e37_79b9),
        });
        if self.config.cosine {
            let total = (self.config.epochs * self.steps_per_epoch) as f32;
            let done = (self.epoch * self.steps_per_epoch + self.step) as f32;
            self.optimizer.set_lr(self.config.lr * 0.5 * (1.0 + (std::f32::consts::PI * done / total).cos()));
        }
        let (x, y) = self.train.batch(&self.order, start, count, shift);
        let (loss, correct) = self.config.loss.score(&self.model.forward(&x), &y);
        self.optimizer.zero_grad();
        loss.backward();
        self.optimizer.step();
        self.interval.add(&loss, &correct, count);
        self.device.flush();
        self.step += 1;
    }

    /// Runs up to `max_steps` steps, stopping early after a report; returns the events of that report
    /// (empty when no report was due). Errors are device failures; divergence is an event.
    pub async fn advance(&mut self, max_steps: usize) -> Result<Vec<Event>, String> {
        let mut events = Vec::new();
        if self.host_snapshot.is_none() && !self.finished {
            self.snapshot_to_host().await?;
        }
        for _ in 0..max_steps {
            if self.finished {
                break;
            }
            self.record_step();
            let epoch_end = self.step == self.steps_per_epoch;
            if epoch_end || self.step % self.config.report_every == 0 {
                self.report(epoch_end, &mut events).await?;
                break;
            }
        }
        Ok(events)
    }

    /// Reports the steps run since the last report now (a Progress event; none when there are none):
    /// "step once" shows that step's loss without waiting for the report interval.
    pub async fn report_now(&mut self) -> Result<Vec<Event>, String> {
        let mut events = Vec::new();
        if self.interval.count > 0 && !self.finished {
            self.report(false, &mut events).await?;
        }
        Ok(events)
    }

    async fn report(&mut self, epoch_end: bool, events: &mut Vec<Event>) -> Result<(), String> {
        let m = self.interval.take().await?;
        let now = now_ms();
        if !m.loss.is_finite() {
            for (p, good) in self.model.parameters().iter().zip(&self.last_good) {
                p.assign(good);
            }
            self.device.flush();
            self.finished = true;
            events.push(Event::Diverged {
                epoch: self.epoch + 1,
                step: self.step,
                message: format!(
                    "the loss became {} in epoch {} by step {}: training stopped and the last good weights were restored. Try a smaller learning rate (now {}).",
                    m.loss,
                    self.epoch + 1,
                    self.step,
                    self.optimizer.lr()
                ),
            });
            return Ok(());
        }
        for (p, good) in self.model.parameters().iter().zip(&self.last_good) {
            good.assign(p);
        }
        let seconds = (now - self.interval_start_ms).max(1e-3) / 1000.0;
        self.interval_start_ms = now;
        events.push(Event::Progress {
            epoch: self.epoch + 1,
            step: self.step,
            steps: self.steps_per_epoch,
            loss: m.loss,
            accuracy: m.accuracy,
            samples_per_s: m.count as f64 / seconds,
        });
        let t = &mut self.epoch_totals;
        t.0 += (m.loss * m.count as f32) as f64;
        t.1 += (m.accuracy * m.count as f32) as f64;
        t.2 += m.count;
        if !epoch_end {
            return Ok(());
        }
        let (loss_sum, correct, count) = std::mem::take(&mut self.epoch_totals);
        let train = Metrics { loss: (loss_sum / count as f64) as f32, accuracy: (correct / count as f64) as f32, count };
        let seconds = (now_ms() - self.epoch_start_ms) / 1000.0;
        let val = match &self.val {
            Some(v) => Some(evaluate(&self.model, self.config.loss, v, EVAL_BATCH).await?),
            None => None,
        };
        self.epoch += 1;
        self.step = 0;
        self.snapshot_to_host().await?;
        events.push(Event::Epoch { epoch: self.epoch, train, val, seconds });
        if self.epoch == self.config.epochs {
            self.finished = true;
            events.push(Event::Done);
        } else {
            let seed = self.config.seed.wrapping_add(self.epoch as u64);
            self.order = order_tensor(&shuffled(self.train.len(), seed), &self.device);
        }
        self.epoch_start_ms = now_ms();
        self.interval_start_ms = self.epoch_start_ms;
        Ok(())
    }

    async fn snapshot_to_host(&mut self) -> Result<(), String> {
        let mut values = Vec::new();
        for p in self.model.parameters() {
            values.push(p.to_vec().await?);
        }
        self.host_snapshot = Some((self.epoch, values));
        Ok(())
    }

    /// The epoch whose end the host copy of the weights is from (0: the start), if any.
    pub fn snapshot_epoch(&self) -> Option<usize> {
        self.host_snapshot.as_ref().map(|s| s.0)
    }

    /// Carries on from the host copy of the weights (the last epoch end) on `device`, e.g. the CPU or a new
    /// GPU device after this one was lost. The data is put on the new device again; the optimizer's state
    /// (momentum, Adam's moments) starts afresh.
    pub fn resume_on(self, device: &Device, train: &Dataset, val: Option<&Dataset>) -> Result<Trainer, String> {
        let (epoch, values) = self.host_snapshot.ok_or("no copy of the weights was kept yet")?;
        let model = self.info.build(device)?;
        for (p, v) in model.parameters().iter().zip(values) {
            p.assign(&Tensor::from_vec(v, p.shape(), device));
        }
        let mut t = Trainer::new(model, self.info, train, val, self.config, device)?;
        t.epoch = epoch;
        t.finished = epoch >= t.config.epochs;
        if epoch > 0 {
            t.order = order_tensor(&shuffled(train.len(), t.config.seed.wrapping_add(epoch as u64)), device);
        }
        Ok(t)
    }

    /// Runs to the end, handing every event to `on_event`; returning false from it stops after that report.
    pub async fn run(&mut self, mut on_event: impl FnMut(&Event) -> bool) -> Result<(), String> {
        while !self.finished {
            for e in self.advance(usize::MAX).await? {
                if !on_event(&e) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}
