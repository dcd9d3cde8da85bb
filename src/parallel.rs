//! Data-parallel training on CPU replicas. The trainer (the lead) splits each minibatch into shards: it
//! computes the first shard's gradient itself and asks each helper — a replica of the model and of the
//! training data, in its own worker in the browser — for another's, sending the current parameters with
//! the shard's rows. Each shard's loss is scaled by its share of the minibatch, so the shards' gradients sum
//! to the whole minibatch's; the lead adds them, takes the optimizer step, and the next request carries the
//! new parameters. One step therefore equals a one-worker step up to float rounding (dropout masks and
//! shift augmentation are drawn per shard, so with those the random draws differ).
//!
//! Communication per step and helper: the parameters down and a gradient up (4 bytes a parameter each),
//! against compute that grows with the shard's examples: cheap for convolutions, dearer for wide MLPs.

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::eval::DeviceData;
use crate::model::{self, Loss, ModelInfo, Weights};
use crate::nn::{Module, Sequential};
use crate::{Device, Tensor};

/// f32 values as bytes in the machine's order (little-endian on wasm and every target we build for): a
/// Uint8Array in the browser, whose buffer is transferred. Plain copies both ways, no per-value work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Floats(#[serde(with = "serde_bytes")] pub Vec<u8>);

impl Floats {
    pub fn new(values: &[f32]) -> Floats {
        Floats(bytemuck::cast_slice(values).to_vec())
    }

    pub fn values(&self) -> Vec<f32> {
        bytemuck::pod_collect_to_vec(&self.0)
    }
}

/// What the lead asks of a helper for one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardRequest {
    /// The model (safetensors) when it is new to the helper: the first step of a run, or of a new helper.
    pub model: Option<Weights>,
    pub loss: Loss,
    /// Every parameter, flattened in parameter order.
    pub params: Floats,
    /// The training rows of this shard.
    pub rows: Vec<u32>,
    /// The whole minibatch's size: the shard's loss is scaled by its share of it.
    pub batch: usize,
}

/// A helper's answer: its shard's gradient (flattened like the parameters), mean loss and correct count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardResult {
    pub grads: Floats,
    pub loss: f32,
    pub correct: f32,
    pub count: usize,
    /// Milliseconds the helper spent on it (for balancing the split).
    pub ms: f64,
}

/// A replica of the model and the training data: computes shard gradients on request.
pub struct Replica {
    train: Dataset,
    model: Option<(Sequential, ModelInfo, DeviceData)>,
}

impl Replica {
    pub fn new(train: Dataset) -> Replica {
        Replica { train, model: None }
    }

    /// The gradient of the shard `request` describes, at its parameters.
    pub async fn shard(&mut self, request: &ShardRequest) -> Result<ShardResult, String> {
        let device = Device::Cpu;
        let start = crate::clock::now_ms();
        if let Some(w) = &request.model {
            let (m, info) = model::load("the lead's model", &w.0, &device)?;
            let data = DeviceData::new(&self.train, &info, &device)?;
            self.model = Some((m, info, data));
        }
        let (model, _, data) = self.model.as_ref().ok_or("no model was sent before the first shard")?;
        let values = request.params.values();
        let params = model.parameters();
        if values.len() != params.iter().map(Tensor::numel).sum::<usize>() {
            return Err(format!("{} parameter values for a model of {}", values.len(), params.iter().map(Tensor::numel).sum::<usize>()));
        }
        let mut at = 0;
        for p in &params {
            p.assign(&Tensor::from_slice(&values[at..at + p.numel()], p.shape(), &device));
            p.zero_grad();
            at += p.numel();
        }
        if request.rows.iter().any(|&r| r as usize >= data.len()) || request.rows.is_empty() {
            return Err(format!("shard rows outside the {} training examples", data.len()));
        }
        let order = Tensor::from_vec(request.rows.iter().map(|&r| r as f32).collect(), &[request.rows.len()], &device);
        let count = request.rows.len();
        let (x, y) = data.batch(&order, 0, count, None);
        let (loss, correct) = request.loss.score(&model.forward(&x), &y);
        loss.mul_scalar(count as f32 / request.batch.max(1) as f32).backward();
        let mut grads = Vec::with_capacity(values.len());
        for p in &params {
            match p.grad() {
                Some(g) => grads.extend(g.to_vec().await?),
                None => grads.extend(std::iter::repeat_n(0.0, p.numel())),
            }
        }
        Ok(ShardResult { grads: Floats::new(&grads), loss: loss.item().await?, correct: correct.item().await?, count, ms: crate::clock::now_ms() - start })
    }
}

/// What the lead has measured of a data-parallel step, to split the next minibatch so that it and its
/// helpers finish together: the lead's milliseconds per row (`lead`), a helper's (`helper`, as it reports
/// its own compute), and the lead's fixed work per step besides its rows (`fixed`: sending, summing, the
/// optimizer step). Moving averages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Balance {
    pub lead: f64,
    pub helper: f64,
    pub fixed: f64,
}

impl Balance {
    /// Rows per helper for a minibatch of `count` rows and `helpers` helpers: the lead's rows × its rate plus
    /// its fixed work equal a helper's rows × the helper's rate. At least one row each, the lead included.
    pub fn helper_rows(&self, count: usize, helpers: usize) -> usize {
        let k = helpers.max(1) as f64;
        let rows = (count as f64 * self.lead + self.fixed) / (self.helper + k * self.lead).max(1e-9);
        (rows.round() as usize).clamp(1, (count - 1) / helpers.max(1))
    }

    /// The averages after one more step.
    pub fn update(old: Option<Balance>, now: Balance) -> Balance {
        let Some(o) = old else { return now };
        let mix = |a: f64, b: f64| if b.is_finite() { 0.7 * a + 0.3 * b } else { a };
        Balance { lead: mix(o.lead, now.lead), helper: mix(o.helper, now.helper), fixed: mix(o.fixed, now.fixed) }
    }
}

/// The lead's helpers: worker ports in the browser, in-process replicas natively. `send` then `receive`
/// once per helper per step, in helper order.
#[allow(async_fn_in_trait)] // used as a generic bound only, on one thread
pub trait Helpers {
    /// How many helpers this step uses (called at the start of each step: lost helpers drop out).
    fn count(&mut self) -> usize;
    /// Whether helper `i` has the current run's model (if not, the next request carries it).
    fn has_model(&self, i: usize) -> bool;
    fn send(&mut self, i: usize, request: ShardRequest);
    /// Helper `i`'s answer to the last request, or why it has none (the helper is gone).
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String>;
    /// Forgets which helpers have a model (a new run).
    fn reset(&mut self);
}

/// No helpers: every step on the trainer's own device.
pub struct Alone;

impl Helpers for Alone {
    fn count(&mut self) -> usize {
        0
    }
    fn has_model(&self, _: usize) -> bool {
        true
    }
    fn send(&mut self, _: usize, _: ShardRequest) {}
    async fn receive(&mut self, _: usize) -> Result<ShardResult, String> {
        Err("no helpers".into())
    }
    fn reset(&mut self) {}
}

/// Helpers as replicas in this thread: the same arithmetic as workers, for tests and tools.
pub struct LocalHelpers {
    replicas: Vec<Replica>,
    pending: Vec<Option<ShardRequest>>,
    started: Vec<bool>,
}

impl LocalHelpers {
    pub fn new(train: &Dataset, count: usize) -> LocalHelpers {
        LocalHelpers { replicas: (0..count).map(|_| Replica::new(train.clone())).collect(), pending: vec![None; count], started: vec![false; count] }
    }
}

impl Helpers for LocalHelpers {
    fn count(&mut self) -> usize {
        self.replicas.len()
    }
    fn has_model(&self, i: usize) -> bool {
        self.started[i]
    }
    fn send(&mut self, i: usize, request: ShardRequest) {
        self.started[i] |= request.model.is_some();
        self.pending[i] = Some(request);
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        let request = self.pending[i].take().ok_or("nothing was asked")?;
        self.replicas[i].shard(&request).await
    }
    fn reset(&mut self) {
        self.started.iter_mut().for_each(|s| *s = false);
    }
}
