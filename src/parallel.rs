//! Data-parallel training on CPU replicas. The trainer (the lead) and its helpers — each a replica of the
//! model and the optimizer, in its own worker in the browser — split each minibatch into shards (shard 0 is
//! the lead's). A helper holds no training data: each shard carries its examples as bytes (a few tens of
//! KB a step, beside a gradient of 4 bytes a parameter), so a helper costs its model, not a copy of the
//! data (47 MB for 60,000 digits). Every replica computes its shard's gradient, with the shard's loss scaled
//! by its share of the minibatch so that the shards' gradients sum to the whole minibatch's. With one helper
//! the two exchange their gradients and each adds them; with more, the helpers send theirs to the lead, which
//! adds them all and sends the sum back (one message per helper, not every gradient to every helper). The
//! adding is one function (`sum_in_order`, shards in order), and every replica takes the same optimizer
//! step with the same sum, so the replicas stay bit for bit identical and a step equals a one-worker step up
//! to float rounding (dropout masks and augmentation are drawn per shard, so with those the random draws
//! differ).
//!
//! Per step and helper one gradient goes each way (4 bytes a parameter). With one helper a single message
//! latency is on a step's path: the lead posts its gradient as soon as it has it, with the next step's
//! shards right behind, so the helper goes straight from one step's update to the next step's shard.

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::eval::DeviceData;
use crate::model::{self, Loss, ModelInfo, Weights};
use crate::nn::{Module, Sequential};
use crate::ops::batch::Shift;
use crate::optim::{Optimizer, OptimizerKind, OptimizerState};
use crate::{Device, Tensor};

/// f32 values, serialised as bytes in the machine's order (little-endian on wasm and every target we build
/// for). Between workers they travel in transferred ArrayBuffers (see `web::worker`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Floats(pub Vec<f32>);

impl Serialize for Floats {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytemuck::cast_slice(&self.0))
    }
}

impl<'de> Deserialize<'de> for Floats {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Floats, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(deserializer)?;
        if bytes.len() % 4 != 0 {
            return Err(serde::de::Error::custom(format!("{} bytes are not whole f32 values", bytes.len())));
        }
        Ok(Floats(bytemuck::pod_collect_to_vec(&bytes)))
    }
}

/// What the lead sends a helper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToHelper {
    /// Become a replica of run `run` as it is now: its model (safetensors, the current weights), loss and
    /// optimizer with the optimizer's state. Anything in progress is dropped.
    Join { run: u64, model: Weights, loss: Loss, optimizer: OptimizerKind, state: OptimizerState },
    /// Compute a shard of a step (after the previous step's update, if that still waits for gradients).
    Shard(Shard),
    /// With one helper: the lead's gradient of the step in progress (the helper adds the two).
    Gradient { index: usize, grads: Floats },
    /// With more: the step's gradient, every shard's added in order by the lead.
    Sum { grads: Floats },
}

/// One shard of a data-parallel step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// The step's number in the run: answers carry it back.
    pub step: u64,
    /// This shard's place among the step's shards (0 is the lead's) and how many there are.
    pub index: usize,
    pub shards: usize,
    /// The shard's training examples: their images (row-major bytes, one image after another) and labels
    /// (none: it adds nothing, but the helper takes the step's update).
    #[serde(with = "serde_bytes")]
    pub images: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub labels: Vec<u8>,
    /// The whole minibatch's size: the shard's loss is scaled by its share of it.
    pub batch: usize,
    /// This shard's augmentation, if any.
    pub shift: Option<Shift>,
    /// The learning rate of this step's update.
    pub lr: f32,
}

/// A helper's answer: its shard's gradient (flattened in parameter order), mean loss and correct count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardResult {
    pub step: u64,
    pub grads: Floats,
    pub loss: f32,
    pub correct: f32,
    pub count: usize,
    /// Milliseconds the helper spent computing it (for balancing the split).
    pub ms: f64,
}

/// The gradient of the examples `order[rows]`, as their share of a minibatch of `batch` examples, into
/// `model`'s parameters' gradients (the lead's shard, a helper's, or a lost helper's computed by the lead);
/// the shard's loss and correct count.
pub(crate) fn shard_gradient(model: &Sequential, data: &DeviceData, loss: Loss, order: &Tensor, rows: std::ops::Range<usize>, batch: usize, shift: Option<Shift>) -> (Tensor, Tensor) {
    model.parameters().iter().for_each(Tensor::zero_grad);
    let count = rows.len();
    let (x, y) = data.batch(order, rows.start, count, shift);
    let (value, correct) = loss.score(&model.forward(&x), &y);
    value.mul_scalar(count as f32 / batch.max(1) as f32).backward();
    (value, correct)
}

/// Every parameter's gradient, flattened in parameter order (zeros where there is none).
pub fn flat_grads(params: &[Tensor]) -> Vec<f32> {
    let mut out = Vec::with_capacity(params.iter().map(Tensor::numel).sum());
    for p in params {
        match p.grad() {
            Some(g) => out.extend_from_slice(&g.cpu()),
            None => out.resize(out.len() + p.numel(), 0.0),
        }
    }
    out
}

/// The step's gradient: the shards' gradients added in shard order (an empty one adds nothing), in the
/// first one's memory. The lead and every helper add with this one function, so all get the same bits and
/// the replicas stay identical.
pub fn sum_in_order(shards: Vec<Vec<f32>>) -> Vec<f32> {
    let mut parts = shards.into_iter().filter(|s| !s.is_empty());
    let mut sum = parts.next().unwrap_or_default();
    for s in parts {
        sum.iter_mut().zip(&s).for_each(|(a, b)| *a += b);
    }
    sum
}

/// Makes `flat` (in parameter order) every parameter's gradient.
pub fn set_grads(params: &[Tensor], flat: &[f32]) {
    let mut at = 0;
    for p in params {
        p.zero_grad();
        p.accumulate_grad(&Tensor::from_slice(&flat[at..at + p.numel()], p.shape(), p.device()));
        at += p.numel();
    }
}

/// `shards` gradients of one step (own or received, by index) until all are there.
struct Gathering {
    shard: Shard,
    grads: Vec<Option<Vec<f32>>>,
}

/// A helper's copy of a run.
struct Run {
    model: Sequential,
    /// The model's image size, classes and input normalisation (what a shard's examples are prepared with).
    info: ModelInfo,
    loss: Loss,
    optimizer: Box<dyn Optimizer>,
    size: usize,
    /// The step whose update waits for other shards' gradients, and a shard of the next step that came
    /// meanwhile.
    gathering: Option<Gathering>,
    next: Option<Shard>,
}

/// A replica of a run: computes the shards it is sent and takes every update.
#[derive(Default)]
pub struct Replica {
    run: Option<Run>,
}

impl Replica {
    pub fn new() -> Replica {
        Replica::default()
    }

    /// Handles one message from the lead; the answer to send back, if this message completed a shard.
    pub async fn handle(&mut self, message: ToHelper) -> Result<Option<ShardResult>, String> {
        match message {
            ToHelper::Join { model: w, loss, optimizer, state, .. } => {
                self.run = None;
                let device = Device::Cpu;
                let (model, info) = model::load("the lead's model", &w.0, &device)?;
                let mut opt = optimizer.build(model.parameters(), 0.0);
                opt.set_state(&state)?;
                let size = model.parameters().iter().map(Tensor::numel).sum();
                self.run = Some(Run { model, info, loss, optimizer: opt, size, gathering: None, next: None });
                Ok(None)
            }
            ToHelper::Shard(shard) => {
                let run = self.run.as_mut().ok_or("a shard came before the model")?;
                if run.gathering.is_some() {
                    run.next = Some(shard);
                    return Ok(None);
                }
                run.compute(shard).await.map(Some)
            }
            ToHelper::Gradient { index, grads } => {
                let run = self.run.as_mut().ok_or("a gradient came before the model")?;
                let g = run.gathering.as_mut().ok_or("a gradient came for no step")?;
                let values = grads.0;
                if index >= g.grads.len() || g.grads[index].is_some() || !(values.is_empty() || values.len() == run.size) {
                    return Err(format!("a gradient for shard {index} that does not fit the step"));
                }
                g.grads[index] = Some(values);
                if g.grads.iter().any(Option::is_none) {
                    return Ok(None);
                }
                let g = run.gathering.take().unwrap();
                let sum = sum_in_order(g.grads.into_iter().map(Option::unwrap_or_default).collect());
                run.update(&sum, g.shard.lr).await
            }
            ToHelper::Sum { grads } => {
                let run = self.run.as_mut().ok_or("a gradient came before the model")?;
                let g = run.gathering.take().ok_or("a gradient came for no step")?;
                if grads.0.len() != run.size {
                    return Err(format!("a step's gradient of {} values for a model of {}", grads.0.len(), run.size));
                }
                run.update(&grads.0, g.shard.lr).await
            }
        }
    }

    /// The replica's parameters (tests: they equal the lead's bit for bit).
    pub fn parameters(&self) -> Vec<Vec<f32>> {
        self.run.as_ref().map_or_else(Vec::new, |r| r.model.parameters().iter().map(|p| p.cpu().to_vec()).collect())
    }
}

impl Run {
    /// Takes the step with gradient `sum` at `lr`, then computes the next shard if it came meanwhile.
    async fn update(&mut self, sum: &[f32], lr: f32) -> Result<Option<ShardResult>, String> {
        set_grads(&self.model.parameters(), sum);
        self.optimizer.set_lr(lr);
        self.optimizer.step();
        match self.next.take() {
            Some(next) => self.compute(next).await.map(Some),
            None => Ok(None),
        }
    }

    /// Computes `shard`'s gradient and waits for the others'.
    async fn compute(&mut self, mut shard: Shard) -> Result<ShardResult, String> {
        let start = crate::clock::now_ms();
        let count = shard.labels.len();
        let info = &self.info;
        if shard.index == 0 || shard.index >= shard.shards || shard.images.len() != count * info.rows * info.cols || shard.labels.iter().any(|&l| l as usize >= info.classes) {
            return Err(format!("shard {} of {}: {} bytes of images and {count} labels do not fit {}×{} images of {} classes", shard.index, shard.shards, shard.images.len(), info.rows, info.cols, info.classes));
        }
        let (grads, loss, correct) = if count == 0 {
            (Vec::new(), 0.0, 0.0)
        } else {
            // The shard's examples in their own order (0..count), as the lead's own shard is in the epoch's.
            let examples = Dataset { images: std::mem::take(&mut shard.images).into(), labels: std::mem::take(&mut shard.labels), rows: info.rows, cols: info.cols, classes: info.classes };
            let data = DeviceData::new(&examples, info, &Device::Cpu)?;
            let order = Tensor::from_vec((0..count).map(|r| r as f32).collect(), &[count], &Device::Cpu);
            let (loss, correct) = shard_gradient(&self.model, &data, self.loss, &order, 0..count, shard.batch, shard.shift);
            (flat_grads(&self.model.parameters()), loss.item().await?, correct.item().await?)
        };
        // With two shards this replica adds the lead's gradient to its own; with more the lead sends the sum.
        let mut gathered = vec![None; shard.shards];
        if shard.shards == 2 {
            gathered[shard.index] = Some(grads.clone());
        }
        let result = ShardResult { step: shard.step, grads: Floats(grads), loss, correct, count, ms: crate::clock::now_ms() - start };
        self.gathering = Some(Gathering { shard, grads: gathered });
        Ok(result)
    }
}

/// How fast the lead and its helpers compute a row (milliseconds, moving averages), to split the next
/// minibatch so that all finish together. Steps on a shared machine vary a lot (another thread, garbage
/// collection), so each measurement moves the averages a little and no more than twice their value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Balance {
    pub lead: f64,
    pub helper: f64,
}

impl Balance {
    /// Rows per helper for a minibatch of `count` rows and `helpers` helpers: the lead's rows × its rate
    /// equal a helper's rows × the helper's rate (the lead keeps at least one row). Even at first.
    pub fn helper_rows(balance: Option<Balance>, count: usize, helpers: usize) -> usize {
        let k = helpers.max(1) as f64;
        let share = balance.map_or(1.0 / (k + 1.0), |b| b.lead / (b.helper + k * b.lead).max(1e-9));
        ((count as f64 * share).round() as usize).min((count - 1) / helpers.max(1))
    }

    /// The averages after a step in which the lead took `lead` ms a row and the helpers `helper`.
    pub fn update(old: Option<Balance>, lead: f64, helper: f64) -> Option<Balance> {
        if !(lead > 0.0 && helper > 0.0 && lead.is_finite() && helper.is_finite()) {
            return old;
        }
        let Some(o) = old else { return Some(Balance { lead, helper }) };
        let mix = |a: f64, b: f64| 0.9 * a + 0.1 * b.clamp(0.5 * a, 2.0 * a);
        Some(Balance { lead: mix(o.lead, lead), helper: mix(o.helper, helper) })
    }
}

/// Whether sharing a step with the helpers pays, measured: the trainer takes turns of steps with the helpers
/// and alone, times each step, and keeps to the faster way. A step with helpers costs their gradients'
/// exchange (4 bytes a parameter each way per helper), so a model with little compute per parameter (the
/// MLP, ~1 ms a step on one core) can be slower with helpers than alone, where a CNN gains from them.
///
/// Turns: the helpers are tried first (`TRY` measured steps after `SETTLE` that are not: a Join, the
/// helpers' first calls), then alone; then the faster way stays, and the other is tried again after the
/// stay (the machine's load changes, a new helper's code gets fast), and so on. A stay is as long as keeps
/// the tries of the slower way to about `EXPLORING` of the time by the medians (`stay_for`): long where one
/// way is far faster, short where the two are close; the first stays are shorter still (`FIRST_STAY`,
/// doubling), since the first figures are taken while the code is still being compiled. (Switching costs
/// more than the medians count — a Join, no shards sent ahead at a turn's end: measured, the tries cost a
/// CNN 2–9% over 5 epochs on 2 cores.) A turn's figure is its steps' median (a garbage collection or
/// another tab's burst moves it little). A change in the number of helpers starts over.
#[derive(Clone, Debug, PartialEq)]
pub struct Pace {
    /// Always with the helpers (tests of the shared arithmetic), or measured.
    always: bool,
    /// Steps not measured at a turn's start, measured in a try, and the longest stay.
    turns: (usize, usize, usize),
    helpers: usize,
    /// The latest turn's median ms a step: with the helpers, and alone.
    pub split_ms: Option<f64>,
    pub alone_ms: Option<f64>,
    turn: Turn,
    /// Stays so far (since the last start).
    stays: usize,
}

#[derive(Clone, Debug, PartialEq)]
struct Turn {
    split: bool,
    /// A try of one way (else a stay on the faster), the steps left in it, the first ones not measured.
    trying: bool,
    left: usize,
    settle: usize,
    times: Vec<f64>,
}

impl Turn {
    fn new(split: bool, trying: bool, left: usize, settle: usize) -> Turn {
        Turn { split, trying, left, settle, times: Vec::new() }
    }
}

impl Default for Pace {
    fn default() -> Pace {
        Pace::new()
    }
}

impl Pace {
    pub const SETTLE: usize = 2;
    pub const TRY: usize = 6;
    /// The shortest and the longest stay, and the most the first may be (the next twice that, …).
    pub const SHORTEST_STAY: usize = 16;
    pub const LONGEST_STAY: usize = 500;
    pub const FIRST_STAY: usize = 64;
    /// The share of the time that the tries of the slower way may cost.
    pub const EXPLORING: f64 = 0.03;

    /// Measured turns, starting with the helpers.
    pub fn new() -> Pace {
        Pace::with_turns(Pace::SETTLE, Pace::TRY, Pace::LONGEST_STAY)
    }

    /// Measured turns of other lengths: `settle` steps not measured at a turn's start, `tries` measured in
    /// a try of one way, stays of at most `longest`.
    pub fn with_turns(settle: usize, tries: usize, longest: usize) -> Pace {
        let turns = (settle, tries.max(1), longest.max(1));
        Pace { always: false, turns, helpers: 0, split_ms: None, alone_ms: None, turn: Pace::try_turn(true, turns), stays: 0 }
    }

    /// Every step with the helpers.
    pub fn always() -> Pace {
        Pace { always: true, ..Pace::new() }
    }

    fn try_turn(split: bool, (settle, tries, _): (usize, usize, usize)) -> Turn {
        Turn::new(split, true, settle + tries, settle)
    }

    /// Stay number `nth` (from 0): its steps when the slower way takes `ratio` times the faster's, so that a
    /// try of the slower way (its settling steps too) costs about `EXPLORING` of the stay and the try
    /// together; at most `FIRST_STAY` · 2^nth.
    pub fn stay_for(ratio: f64, (settle, tries, longest): (usize, usize, usize), nth: usize) -> usize {
        let steps = (settle + tries) as f64 * (ratio - 1.0).max(0.0) / Pace::EXPLORING;
        let most = longest.min(Pace::FIRST_STAY.saturating_mul(1 << nth.min(16)));
        (steps.round() as usize).clamp(Pace::SHORTEST_STAY.min(most), most)
    }

    /// Whether steps alone were measured faster than with the helpers (what the trainer keeps to, between
    /// its tries).
    pub fn prefers_alone(&self) -> bool {
        !self.always && matches!((self.split_ms, self.alone_ms), (Some(s), Some(a)) if a < s)
    }

    /// Whether the next step goes with the `helpers` live ones (a different count from the last call's
    /// starts the measuring over).
    pub fn shares(&mut self, helpers: usize) -> bool {
        if helpers != self.helpers {
            self.helpers = helpers;
            (self.split_ms, self.alone_ms, self.turn, self.stays) = (None, None, Pace::try_turn(true, self.turns), 0);
        }
        helpers > 0 && (self.always || self.turn.split)
    }

    /// Whether the step after the next goes the same way as the next (the helpers may be sent its shards
    /// ahead).
    pub fn same_way_after(&self) -> bool {
        self.always || self.turn.left > 1
    }

    /// The step `shares` chose took `ms`.
    pub fn record(&mut self, ms: f64) {
        if self.always {
            return;
        }
        let t = &mut self.turn;
        if t.settle > 0 {
            t.settle -= 1;
        } else if ms.is_finite() && ms >= 0.0 {
            t.times.push(ms);
        }
        t.left = t.left.saturating_sub(1);
        if t.left > 0 {
            return;
        }
        let (split, trying) = (t.split, t.trying);
        if let Some(median) = median(&mut t.times) {
            *if split { &mut self.split_ms } else { &mut self.alone_ms } = Some(median);
        }
        // After a try with both ways measured: stay on the faster (the helpers where they are as fast).
        // After a stay, or while a way is unmeasured: try the other way.
        self.turn = match (trying, self.split_ms, self.alone_ms) {
            (true, Some(s), Some(a)) => {
                let stay = Pace::stay_for(s.max(a) / s.min(a).max(1e-6), self.turns, self.stays);
                self.stays += 1;
                Turn::new(s <= a, false, stay, self.turns.0)
            }
            _ => Pace::try_turn(!split, self.turns),
        };
    }
}

fn median(v: &mut Vec<f64>) -> Option<f64> {
    crate::sort_by_f64(v, |&x| x); // (the crate's one sort: no second copy of the standard sort in the wasm)
    let n = v.len();
    (n > 0).then(|| if n % 2 == 1 { v[n / 2] } else { 0.5 * (v[n / 2 - 1] + v[n / 2]) })
}

/// The lead's helpers: worker ports in the browser, in-process replicas natively. A helper keeps its index
/// for as long as the helpers do, alive or not.
#[allow(async_fn_in_trait)] // used as a generic bound only, on one thread
pub trait Helpers {
    fn count(&self) -> usize;
    fn is_alive(&self, i: usize) -> bool;
    /// The run helper `i` is a replica of (None: none yet, or forgotten by `reset`).
    fn run_of(&self, i: usize) -> Option<u64>;
    /// Sends `message` to helper `i` (a Join makes it a replica of that run).
    fn send(&mut self, i: usize, message: ToHelper);
    /// Helper `i`'s next answer, or why it has none (the helper is gone).
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String>;
    /// Forgets which run each helper is a replica of: the next step starts them afresh.
    fn reset(&mut self);
    /// How many are alive.
    fn alive(&self) -> usize {
        (0..self.count()).filter(|&i| self.is_alive(i)).count()
    }
}

/// No helpers: every step on the trainer's own device.
pub struct Alone;

impl Helpers for Alone {
    fn count(&self) -> usize {
        0
    }
    fn is_alive(&self, _: usize) -> bool {
        false
    }
    fn run_of(&self, _: usize) -> Option<u64> {
        None
    }
    fn send(&mut self, _: usize, _: ToHelper) {}
    async fn receive(&mut self, _: usize) -> Result<ShardResult, String> {
        Err("no helpers".into())
    }
    fn reset(&mut self) {}
}

/// Helpers as replicas in this thread: the same arithmetic and messages as workers, for tests and tools.
/// Messages wait in each helper's queue until its answer is asked for.
pub struct LocalHelpers {
    replicas: Vec<Replica>,
    queues: Vec<std::collections::VecDeque<ToHelper>>,
    runs: Vec<Option<u64>>,
}

impl LocalHelpers {
    pub fn new(count: usize) -> LocalHelpers {
        LocalHelpers { replicas: (0..count).map(|_| Replica::new()).collect(), queues: vec![Default::default(); count], runs: vec![None; count] }
    }

    /// Handles every queued message (the last step's gradients) and returns each replica's parameters.
    pub async fn settle(&mut self) -> Result<Vec<Vec<Vec<f32>>>, String> {
        for (r, q) in self.replicas.iter_mut().zip(&mut self.queues) {
            while let Some(m) = q.pop_front() {
                r.handle(m).await?;
            }
        }
        Ok(self.replicas.iter().map(Replica::parameters).collect())
    }
}

impl Helpers for LocalHelpers {
    fn count(&self) -> usize {
        self.replicas.len()
    }
    fn is_alive(&self, _: usize) -> bool {
        true
    }
    fn run_of(&self, i: usize) -> Option<u64> {
        self.runs[i]
    }
    fn send(&mut self, i: usize, message: ToHelper) {
        if let ToHelper::Join { run, .. } = &message {
            self.runs[i] = Some(*run);
        }
        self.queues[i].push_back(message);
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        while let Some(m) = self.queues[i].pop_front() {
            if let Some(result) = self.replicas[i].handle(m).await? {
                return Ok(result);
            }
        }
        Err("nothing was asked".into())
    }
    fn reset(&mut self) {
        self.runs.iter_mut().for_each(|r| *r = None);
    }
}

#[cfg(test)]
mod tests {
    use super::Pace;

    /// `steps` steps of `pace` with `helpers` helpers, each taking `ms(with the helpers, step)`; the ways taken.
    fn walk(pace: &mut Pace, helpers: usize, steps: usize, ms: impl Fn(bool, usize) -> f64) -> Vec<bool> {
        (0..steps)
            .map(|i| {
                let split = pace.shares(helpers);
                pace.record(ms(split, i));
                split
            })
            .collect()
    }

    const T: usize = Pace::SETTLE + Pace::TRY;
    const TURNS: (usize, usize, usize) = (Pace::SETTLE, Pace::TRY, Pace::LONGEST_STAY);

    #[test]
    fn pace_keeps_to_the_faster_way_and_tries_the_other_now_and_then() {
        let all = |w: &[bool], split: bool| w.iter().all(|&s| s == split);
        // Helpers slower (the MLP): a try with them, a try alone, a stay alone, a try with them, alone again.
        let mut p = Pace::new();
        let s = Pace::stay_for(2.0, TURNS, 0);
        let w = walk(&mut p, 1, 3 * T + s + 5, |split, _| if split { 2.0 } else { 1.0 });
        assert!(all(&w[..T], true) && all(&w[T..2 * T + s], false) && all(&w[2 * T + s..3 * T + s], true) && all(&w[3 * T + s..], false), "{w:?}");
        assert_eq!((p.split_ms, p.alone_ms), (Some(2.0), Some(1.0)));
        // Helpers faster (the CNN): the stays are with them.
        let mut p = Pace::new();
        let s = Pace::stay_for(1.6, TURNS, 0);
        let w = walk(&mut p, 3, 3 * T + s + 5, |split, _| if split { 0.625 } else { 1.0 });
        assert!(all(&w[..T], true) && all(&w[T..2 * T], false) && all(&w[2 * T..2 * T + s], true) && all(&w[2 * T + s..3 * T + s], false) && all(&w[3 * T + s..], true), "{w:?}");
        // The machine's load changes: alone was faster, then the helpers are; the next try finds it.
        let mut p = Pace::new();
        let (s, s2) = (Pace::stay_for(2.0, TURNS, 0), Pace::stay_for(2.0, TURNS, 1));
        let w = walk(&mut p, 1, 3 * T + s + s2, |split, i| match (split, i < 2 * T + s) {
            (true, true) => 2.0,
            (true, false) => 0.5,
            (false, _) => 1.0,
        });
        assert!(all(&w[2 * T..2 * T + s], false) && all(&w[3 * T + s..3 * T + s + s2], true), "{w:?}");
    }

    #[test]
    fn stays_are_long_where_one_way_is_far_faster_and_short_where_they_are_close() {
        // A try of the slower way costs about 3% of a stay and the try together.
        assert_eq!(Pace::stay_for(1.6, TURNS, 9), 160); // (2 + 6 steps) × 0.6 / 0.03
        assert_eq!(Pace::stay_for(1.3, TURNS, 9), 80);
        assert_eq!(Pace::stay_for(1.02, TURNS, 9), Pace::SHORTEST_STAY);
        assert_eq!(Pace::stay_for(1.0, TURNS, 0), Pace::SHORTEST_STAY);
        assert_eq!(Pace::stay_for(5.0, TURNS, 9), Pace::LONGEST_STAY);
        assert_eq!(Pace::stay_for(f64::INFINITY, TURNS, 99), Pace::LONGEST_STAY);
        assert_eq!(Pace::stay_for(3.0, (0, 3, 4), 0), 4);
        // The first stays are short (their figures were taken while the code was still compiling).
        assert_eq!([0, 1, 2, 3].map(|nth| Pace::stay_for(5.0, TURNS, nth)), [64, 128, 256, 500]);
        // Two ways measured nearly alike (a helper still cold in its first try): the other is tried soon.
        let mut p = Pace::new();
        let w = walk(&mut p, 1, 2 * T + Pace::SHORTEST_STAY + 1, |split, _| if split { 1.02 } else { 1.0 });
        assert!(w[2 * T + Pace::SHORTEST_STAY], "{w:?}");
    }

    #[test]
    fn pace_measures_medians_after_the_settling_steps() {
        // The first steps of each turn (a Join, cold code) are not counted, and one slow step within a try
        // (a garbage collection) moves the median little: the measured steps of the try with the helpers
        // take 1.0, 1.1, 1.2, 1.3, 1.4 and 500 ms (median 1.25), its two settling steps 0.01 ms (counted,
        // the median would be 1.15); alone 2.0 ms. The helpers stay.
        let mut p = Pace::new();
        let w = walk(&mut p, 2, 2 * T + 1, |split, i| match (split, i % T) {
            (true, 0 | 1) => 0.01,
            (true, 7) => 500.0,
            (true, k) => 1.0 + 0.1 * (k - 2) as f64,
            (false, _) => 2.0,
        });
        assert_eq!(p.split_ms, Some(1.25));
        assert_eq!(p.alone_ms, Some(2.0));
        assert!(w[2 * T] && !p.prefers_alone(), "{w:?}");
    }

    #[test]
    fn pace_starts_over_when_the_helpers_change_and_never_shares_without_them() {
        let mut p = Pace::new();
        walk(&mut p, 2, 2 * T + 3, |split, _| if split { 2.0 } else { 1.0 });
        assert!(!p.shares(2), "alone is faster with two helpers");
        assert!(p.shares(1), "one helper: measured afresh, the helpers first");
        assert_eq!((p.split_ms, p.alone_ms), (None, None));
        assert!(p.prefers_alone() || p.split_ms.is_none());
        walk(&mut p, 1, 2 * T, |split, _| if split { 2.0 } else { 1.0 });
        assert!(p.prefers_alone());
        // No helpers, then two again: measured afresh.
        assert!(!p.shares(0));
        assert!(p.shares(2) && p.split_ms.is_none() && !p.prefers_alone());
        // Always: every step with the helpers, whatever the times; a step after the next goes the same way.
        let mut p = Pace::always();
        assert!(walk(&mut p, 1, 3 * T + Pace::LONGEST_STAY, |split, _| if split { 9.0 } else { 1.0 }).iter().all(|&s| s));
        assert!(p.same_way_after());
        // Measured: the step after the next goes the same way except on a turn's last step.
        let mut p = Pace::with_turns(0, 3, 4);
        let mut same = Vec::new();
        for _ in 0..7 {
            let split = p.shares(1);
            same.push(p.same_way_after());
            p.record(if split { 1.0 } else { 2.0 });
        }
        assert_eq!(same, [true, true, false, true, true, false, true]);
    }
}
