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

use crate::clock::now_ms;
use crate::data::{shuffled, Dataset};
use crate::eval::{eval_batch, evaluate, order_tensor, DeviceData, Sums};
pub use crate::eval::Metrics;
use crate::model::{Loss, ModelInfo, ModelSpec, Weights};
use crate::nn::{Module, Sequential};
use crate::ops::batch::{Shift, Warp};
use crate::optim::{Optimizer, OptimizerKind};
use crate::parallel::{self, Alone, Balance, Floats, Helpers, Pace, Shard, ToHelper};
use crate::{no_grad, Device, Tensor};

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
    /// Warp augmentation: small random rotations, scalings, slants and thicker strokes (`Warp::HANDWRITING`),
    /// with the shift's translation made continuous.
    pub warp: bool,
    /// Anneal the learning rate from `lr` to 0 along a half cosine over the whole run.
    pub cosine: bool,
    /// Weight averaging (SWA): the run ends with the mean of the weights after every step of its last
    /// `average` epochs, validated and kept as the model (0 = off: the last step's weights).
    pub average: usize,
}

impl TrainConfig {
    pub fn new(optimizer: OptimizerKind, loss: Loss) -> TrainConfig {
        TrainConfig { epochs: 1, batch: 128, lr: optimizer.default_lr(), optimizer, loss, seed: 0, report_every: 20, shift: 0, warp: false, cosine: false, average: 0 }
    }

    /// Refuses settings that cannot train, with the reason.
    pub fn check(&self, train_len: usize) -> Result<(), String> {
        if !(1..=10_000).contains(&self.epochs) {
            return Err(crate::tr!("error-epochs", value = self.epochs.to_string()));
        }
        if self.batch == 0 {
            return Err(crate::tr!("error-batch-zero"));
        }
        if self.batch > train_len {
            return Err(crate::tr!("error-batch-too-big", batch = self.batch.to_string(), count = train_len.to_string()));
        }
        if !self.lr.is_finite() || self.lr <= 0.0 || self.lr > 100.0 {
            return Err(crate::tr!("error-lr", value = self.lr.to_string()));
        }
        if self.report_every == 0 {
            return Err("report_every must be at least 1 step".into());
        }
        if self.shift > 8 {
            return Err(format!("shift {} is more than 8 pixels", self.shift));
        }
        if self.average > self.epochs {
            return Err(format!("averaging the weights of the last {} epochs needs at least that many epochs, not {}", self.average, self.epochs));
        }
        Ok(())
    }
}

/// What the loop reports.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// Means over the steps since the previous report. `epoch` counts from 1, `step` within the epoch from 1.
    /// `workers`: how many the steps go on (1: the trainer alone, also where its helpers wait because steps
    /// alone were measured faster, between the tries that measure it: see `parallel::Pace`).
    Progress { epoch: usize, step: usize, steps: usize, loss: f32, accuracy: f32, samples_per_s: f64, workers: usize },
    /// An epoch ended: its training metrics (over the epoch, as trained) and the validation metrics.
    Epoch { epoch: usize, train: Metrics, val: Option<Metrics>, seconds: f64 },
    /// The loss became NaN or infinite; the weights of the last good report were restored.
    Diverged { epoch: usize, step: usize, message: String },
    /// All epochs ran.
    Done,
}

/// A helper shard's augmentation: the epoch's, drawn afresh for the shard starting at `at` in the order.
fn shard_shift(shift: Option<Shift>, at: usize) -> Option<Shift> {
    shift.map(|s| Shift { seed: s.seed ^ (at as u32).wrapping_mul(0x85eb_ca6b).rotate_left(13), ..s })
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
    /// The same order on the host: the rows a data-parallel step sends its helpers.
    order_rows: Vec<usize>,
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
    /// Data-parallel steps: this run's number (what its helpers are replicas of), steps taken, the split
    /// and the next step's shards when they were sent ahead.
    id: u64,
    taken: u64,
    balance: Option<Balance>,
    planned: Option<Plan>,
    /// Whether steps with the helpers pay (measured), and how many workers the steps go on (1 where the
    /// helpers wait: alone was measured faster).
    pace: Pace,
    workers: usize,
    /// A step was taken without the helpers (alone, or through `advance`): the next shared step makes
    /// them replicas again.
    replicas_behind: bool,
    /// Weight averaging (`TrainConfig::average`): the running mean of the weights and how many steps it holds.
    averaged: Option<(Vec<Tensor>, usize)>,
}

/// A data-parallel step's shards: rows `start..` of the epoch's order, `sizes[0]` for the lead, then
/// `sizes[j]` for helper `who[j - 1]`.
struct Plan {
    step: u64,
    start: usize,
    sizes: Vec<usize>,
    who: Vec<usize>,
    lr: f32,
}

impl Plan {
    /// Where shard `j` starts in the epoch's order.
    fn offset(&self, j: usize) -> usize {
        self.start + self.sizes[..j].iter().sum::<usize>()
    }
}

/// Each run's own number, for its helpers.
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Trainer {
    /// Sets up a run of `model` (described by `info`) on `train`, validating on `val` after each epoch.
    pub fn new(model: Sequential, info: ModelInfo, train: &Dataset, val: Option<&Dataset>, config: TrainConfig, device: &Device) -> Result<Trainer, String> {
        config.check(train.len())?;
        info.spec.check_loss(config.loss, info.classes)?;
        let train_data = DeviceData::new(train, &info, device)?;
        let val = val.map(|v| DeviceData::new(v, &info, device)).transpose()?;
        let optimizer = config.optimizer.build(model.parameters(), config.lr);
        let last_good = model.parameters().iter().map(|p| no_grad(|| p.add_scalar(0.0))).collect();
        let order_rows = shuffled(train.len(), config.seed);
        let order = order_tensor(&order_rows, device);
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
            order_rows,
            epoch: 0,
            step: 0,
            interval: Sums::new(),
            epoch_totals: (0.0, 0.0, 0),
            last_good,
            host_snapshot: None,
            interval_start_ms: now,
            epoch_start_ms: now,
            finished: false,
            id: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            taken: 0,
            pace: Pace::new(),
            workers: 1,
            replicas_behind: false,
            balance: None,
            planned: None,
            averaged: None,
            config,
        })
    }

    /// A run of the model `spec` describes, with weights drawn from `seed`, for `train`'s images and classes
    /// (inputs standardised with its pixel mean and deviation when `normalize`): how every caller — page,
    /// worker, lessons, CLI, benchmarks — starts one.
    pub fn from_spec(spec: &ModelSpec, normalize: bool, seed: u64, train: &Dataset, val: Option<&Dataset>, config: TrainConfig, device: &Device) -> Result<Trainer, String> {
        let info = ModelInfo::for_data(spec.clone(), train, normalize);
        let model = spec.build(train.rows, train.cols, train.classes, seed, device)?;
        Trainer::new(model, info, train, val, config, device)
    }

    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// (epochs completed, steps into the current epoch, steps per epoch).
    pub fn position(&self) -> (usize, usize, usize) {
        (self.epoch, self.step, self.steps_per_epoch)
    }

    /// How steps are shared with helpers: measured (the default) or `Pace::always()`.
    pub fn set_pace(&mut self, pace: Pace) {
        self.pace = pace;
    }

    /// What the pace has measured (ms a step with the helpers and alone).
    pub fn pace(&self) -> &Pace {
        &self.pace
    }

    pub fn optimizer(&mut self) -> &mut dyn Optimizer {
        self.optimizer.as_mut()
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The random shift (and warp) of this epoch's training images, if augmentation is on.
    fn shift(&self) -> Option<Shift> {
        (self.config.shift > 0 || self.config.warp).then(|| Shift {
            height: self.train.rows,
            width: self.train.cols,
            max: self.config.shift,
            warp: if self.config.warp { Warp::HANDWRITING } else { Warp::NONE },
            seed: (self.config.seed as u32) ^ (self.epoch as u32).wrapping_mul(0x9e37_79b9),
        })
    }

    /// The cosine learning-rate schedule, if on, for the next step.
    fn apply_schedule(&mut self) {
        let lr = self.lr_at(self.step);
        self.optimizer.set_lr(lr);
    }

    /// The learning rate of step `step` of this epoch: the cosine schedule's, if on.
    fn lr_at(&self, step: usize) -> f32 {
        if !self.config.cosine {
            return self.optimizer.lr();
        }
        let total = (self.config.epochs * self.steps_per_epoch) as f32;
        let done = (self.epoch * self.steps_per_epoch + step) as f32;
        self.config.lr * 0.5 * (1.0 + (std::f32::consts::PI * done / total).cos())
    }

    /// Records and submits one minibatch step; no readback.
    fn record_step(&mut self) {
        let n = self.train.len();
        let start = self.step * self.config.batch;
        let count = self.config.batch.min(n - start);
        let shift = self.shift();
        self.apply_schedule();
        let (x, y) = self.train.batch(&self.order, start, count, shift);
        let logits = self.model.forward(&x);
        let loss = if self.config.loss == Loss::CrossEntropy {
            // The loss and the step's metrics in one kernel (its sums stay on the device).
            logits.cross_entropy_scored(&y, &self.interval.fused(count, &self.device))
        } else {
            let (loss, correct) = self.config.loss.score(&logits, &y);
            self.interval.add(&loss, &correct, count);
            loss
        };
        self.optimizer.zero_grad();
        loss.backward();
        self.optimizer.step();
        self.add_to_average();
        self.device.flush();
        self.step += 1;
        self.taken += 1; // (so a shard answered for a step that went on alone is recognised as older)
    }

    /// Weight averaging: adds the weights after this step to the running mean when the step is in the last
    /// `config.average` epochs (recorded on the device with the step: mean += (w − mean) / k).
    fn add_to_average(&mut self) {
        if self.config.average == 0 || self.epoch + self.config.average < self.config.epochs {
            return;
        }
        let params = self.model.parameters();
        let Some((mean, k)) = &mut self.averaged else {
            self.averaged = Some((params.iter().map(|p| no_grad(|| p.add_scalar(0.0))).collect(), 1));
            return;
        };
        *k += 1;
        let rate = 1.0 / *k as f32;
        for (m, p) in mean.iter().zip(&params) {
            m.assign(&no_grad(|| m.add(&p.sub(m).mul_scalar(rate))));
        }
    }

    /// Runs up to `max_steps` steps, stopping early after a report; returns the events of that report
    /// (empty when no report was due). Errors are device failures; divergence is an event.
    pub async fn advance(&mut self, max_steps: usize) -> Result<Vec<Event>, String> {
        self.advance_until(max_steps, f64::INFINITY, &mut Alone).await
    }

    /// `advance`, with each CPU minibatch shared with `helpers` (replicas: see `parallel`) where that is
    /// measured to pay (`Pace`), and no new step started after `until_ms` (`clock::now_ms`). A helper that
    /// fails has its shard computed here, and the step goes on.
    pub async fn advance_until<H: Helpers>(&mut self, max_steps: usize, until_ms: f64, helpers: &mut H) -> Result<Vec<Event>, String> {
        let mut events = Vec::new();
        if self.host_snapshot.is_none() && !self.finished {
            self.snapshot_to_host().await?;
        }
        for i in 0..max_steps {
            if self.finished {
                break;
            }
            let next = self.step + 1;
            let report = next == self.steps_per_epoch || next % self.config.report_every == 0;
            // Whether another step follows in this call (then a split step sends its shards ahead).
            let more = i + 1 < max_steps && !report && now_ms() < until_ms;
            let live = if self.device.is_gpu() { 0 } else { helpers.alive() };
            // (Steps are timed only where there are helpers to choose between.)
            let started = (live > 0).then(now_ms);
            if self.pace.shares(live) {
                if std::mem::take(&mut self.replicas_behind) {
                    // Steps were taken without the helpers: they join again with the weights as they are.
                    helpers.reset();
                }
                let ahead = more && self.pace.same_way_after();
                if let Err(e) = self.record_split_step(helpers, ahead).await {
                    self.planned = None;
                    helpers.reset();
                    return Err(e);
                }
            } else {
                self.planned = None;
                self.replicas_behind = true;
                self.record_step();
            }
            if let Some(t0) = started {
                self.pace.record(now_ms() - t0);
            }
            // What the steps go on between the tries (reports show it, not a try's way).
            self.workers = if live > 0 && !self.pace.prefers_alone() { live + 1 } else { 1 };
            if report {
                self.report(next == self.steps_per_epoch, &mut events).await?;
                break;
            }
            if !more {
                break;
            }
        }
        Ok(events)
    }

    /// The number of the step `ahead` of the next one in data-parallel messages: ordered across runs too,
    /// so an answer from an abandoned step is recognised as older.
    fn step_id(&self, ahead: usize) -> u64 {
        (self.id << 32) + self.taken + ahead as u64
    }

    /// The shards of the step `self.step + ahead` of this epoch, among the live helpers, sent to them
    /// (with a Join first to any that is not a replica of this run).
    async fn plan<H: Helpers>(&mut self, helpers: &mut H, ahead: usize) -> Result<Plan, String> {
        let step = self.step + ahead;
        let start = step * self.config.batch;
        let count = self.config.batch.min(self.train.len() - start);
        let who: Vec<usize> = (0..helpers.count()).filter(|&i| helpers.is_alive(i)).collect();
        let k = who.len();
        let each = Balance::helper_rows(self.balance, count, k);
        let mut sizes = vec![each; k + 1];
        sizes[0] = count - each * k;
        let plan = Plan { step: self.step_id(ahead), start, sizes, who, lr: self.lr_at(step) };
        let shift = self.shift();
        let mut model = None;
        for (j, &i) in plan.who.iter().enumerate() {
            if helpers.run_of(i) != Some(self.id) {
                if model.is_none() {
                    model = Some(Weights(crate::model::save(&*self.model, &self.info).await?));
                }
                let (model, state) = (model.clone().unwrap(), self.optimizer.state());
                helpers.send(i, ToHelper::Join { run: self.id, model, loss: self.config.loss, optimizer: self.config.optimizer, state });
            }
            let at = plan.offset(j + 1);
            let (images, labels) = self.train.host_rows(&self.order_rows[at..at + plan.sizes[j + 1]]).ok_or("data-parallel steps run on the CPU backend")?;
            let shard = Shard { step: plan.step, index: j + 1, shards: k + 1, images, labels, batch: count, shift: shard_shift(shift, at), lr: plan.lr };
            helpers.send(i, ToHelper::Shard(shard));
        }
        Ok(plan)
    }

    /// One minibatch step split into shards: the first here, the others by the helpers; every replica takes
    /// the step with the shards' gradients added in order (the whole minibatch's gradient). With `more`, the
    /// next step's shards are sent right after this step's gradient, so helpers need not wait for them.
    async fn record_split_step<H: Helpers>(&mut self, helpers: &mut H, more: bool) -> Result<(), String> {
        let plan = match self.planned.take() {
            Some(p) if p.step == self.step_id(0) => p,
            _ => self.plan(helpers, 0).await?,
        };
        let count: usize = plan.sizes.iter().sum();
        let shift = self.shift();
        self.optimizer.set_lr(plan.lr);
        let params = self.model.parameters();
        let started = now_ms();
        let own_rows = plan.start..plan.start + plan.sizes[0];
        let (loss, correct) = parallel::shard_gradient(&self.model, &self.train, self.config.loss, &self.order, own_rows, count, shift);
        self.interval.add(&loss, &correct, plan.sizes[0]);
        let own = parallel::flat_grads(&params);
        let own_ms = now_ms() - started;
        // One helper: the two gradients are exchanged at once and each side adds them. More: the lead adds
        // them all and sends the sum.
        let exchange = plan.who.len() == 1;
        if exchange && helpers.is_alive(plan.who[0]) {
            helpers.send(plan.who[0], ToHelper::Gradient { index: 0, grads: Floats(own.clone()) });
        }
        // The next step's shards, now: each helper computes its shard right after this step's update.
        let sends_ahead = more && (0..helpers.count()).all(|i| !helpers.is_alive(i) || helpers.run_of(i) == Some(self.id));
        self.planned = if sends_ahead { Some(self.plan(helpers, 1).await?) } else { None };
        let mut shards = vec![own];
        let mut helper_rate = Vec::new();
        for (j, &i) in plan.who.iter().enumerate() {
            let at = plan.offset(j + 1);
            let size = plan.sizes[j + 1];
            let answer = loop {
                match helpers.receive(i).await {
                    Ok(r) if r.step < plan.step => continue, // an answer to a step that was abandoned
                    other => break other,
                }
            };
            let grads = match answer {
                Ok(r) if r.step == plan.step && r.count == size && (r.grads.0.len() == shards[0].len() || size == 0) => {
                    if r.count > 0 {
                        helper_rate.push(r.ms / r.count as f64);
                    }
                    let scalar = |v: f32| Tensor::from_vec(vec![v], &[], &self.device);
                    self.interval.add(&scalar(r.loss), &scalar(r.correct), r.count);
                    r.grads.0
                }
                _ => {
                    // The helper is gone (or answered nonsense): its shard is computed here instead.
                    if size == 0 {
                        Vec::new()
                    } else {
                        // (As the helper would: its rows as their own order, its shard's augmentation.)
                        let rows: Vec<f32> = self.order_rows[at..at + size].iter().map(|&r| r as f32).collect();
                        let order = Tensor::from_vec(rows, &[size], &self.device);
                        let (loss, correct) = parallel::shard_gradient(&self.model, &self.train, self.config.loss, &order, 0..size, count, shard_shift(shift, at));
                        self.interval.add(&loss, &correct, size);
                        parallel::flat_grads(&params)
                    }
                }
            };
            shards.push(grads);
        }
        let sum = parallel::sum_in_order(shards);
        if !exchange {
            for &i in &plan.who {
                if helpers.is_alive(i) {
                    helpers.send(i, ToHelper::Sum { grads: Floats(sum.clone()) });
                }
            }
        }
        parallel::set_grads(&params, &sum);
        self.optimizer.step();
        self.add_to_average();
        self.device.flush();
        self.step += 1;
        self.taken += 1;
        if !helper_rate.is_empty() {
            let helper = helper_rate.iter().sum::<f64>() / helper_rate.len() as f64;
            self.balance = Balance::update(self.balance, own_ms / plan.sizes[0] as f64, helper);
        }
        Ok(())
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
                message: crate::tr!("diverged", loss = m.loss.to_string(), epoch = self.epoch + 1, step = self.step, lr = self.optimizer.lr().to_string()),
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
            workers: self.workers,
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
        if self.epoch + 1 == self.config.epochs {
            // The run's last epoch: the averaged weights (if averaging) become the model, validated below.
            if let Some((mean, _)) = self.averaged.take() {
                for (p, m) in self.model.parameters().iter().zip(&mean) {
                    p.assign(m);
                }
                self.device.flush();
            }
        }
        let val = match &self.val {
            Some(v) => Some(evaluate(&self.model, self.config.loss, v, eval_batch(&self.device)).await?),
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
            self.order_rows = shuffled(self.train.len(), seed);
            self.order = order_tensor(&self.order_rows, &self.device);
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
        t.start_at_epoch(epoch);
        Ok(t)
    }

    /// Makes a fresh run start at epoch `epoch` (counted from 0), with that epoch's shuffle: a run carried
    /// on from weights saved at an epoch end.
    pub fn start_at_epoch(&mut self, epoch: usize) {
        self.epoch = epoch.min(self.config.epochs);
        self.step = 0;
        self.finished = self.epoch >= self.config.epochs;
        if self.epoch > 0 {
            self.order_rows = shuffled(self.train.len(), self.config.seed.wrapping_add(self.epoch as u64));
            self.order = order_tensor(&self.order_rows, &self.device);
        }
    }

    /// The learning rate the next step uses.
    pub fn lr(&self) -> f32 {
        self.optimizer.lr()
    }

    /// Changes the learning rate from the next step on (the run's base rate too, which cosine decay scales).
    pub fn set_lr(&mut self, lr: f32) -> Result<(), String> {
        if !lr.is_finite() || lr <= 0.0 || lr > 100.0 {
            return Err(format!("learning rate {lr} is not a number in (0, 100]"));
        }
        self.config.lr = lr;
        self.optimizer.set_lr(lr);
        Ok(())
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
