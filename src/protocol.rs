//! The messages between the page and the training worker, both ways, in one place. They are plain Rust
//! enums serialised with serde (serde-wasm-bindgen in the browser), so neither side builds or reads JS
//! objects by hand, and the native tests drive a `Session` with exactly what the page sends. Weights
//! travel as safetensors bytes (`serde_bytes`: a Uint8Array in the browser, whose buffer the worker
//! transfers rather than copies); they are the same bytes Save writes, so the page can rebuild the model
//! with `model::load` and keep it.
//!
//! Every run has an id chosen by the page; replies carry it, so the page ignores what a replaced run
//! still had in flight.

use serde::{Deserialize, Serialize};

use crate::config::{BackendChoice, Settings};
use crate::data::Dataset;
pub use crate::model::Weights;
use crate::train::Event;

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Choose the device for `backend` (on a software adapter with `auto`, a short probe against the CPU
    /// backend). Answered by `Ready`. `lang`: the language of the worker's messages (the page's).
    Init { backend: BackendChoice, lang: crate::i18n::Lang },
    /// The page switched language: the worker's messages from now on.
    Language { lang: crate::i18n::Lang },
    /// The data every later run trains on (`train`) and is scored on (`test`). Answered by `DataReady`
    /// with the same `request`.
    Data { request: u64, train: Dataset, test: Dataset },
    /// Starts run `run` of `settings` (a previous run is dropped), reporting every `report_every` steps.
    /// With `weights` it starts from them at epoch `from_epoch` (carrying on after a lost worker).
    /// `paused`: set up and wait (for Step once).
    Train { run: u64, settings: Settings, report_every: usize, weights: Option<Weights>, from_epoch: usize, paused: bool },
    /// Fine-tunes `weights` (the page's current model) on the learner's digits `own` (28×28, labels 0–9: the
    /// ones to teach, without the held-out part, `own_digits::split_held_out`), mixed 1 : `replay_per_own` with
    /// replayed digits of the data's training part, for `steps` steps of `own_digits::Recipe::default()`. It is
    /// run `run` like any other (a previous run is dropped): the same `Report`s (its epoch-end metrics carry
    /// the held-out accuracy: what was forgotten), `Stopped` and `Failed`, and Pause, Resume, Step, SetLr and
    /// Stop work on it. `paused`: set up and wait. Refused with `Failed { run: Some(run) }` when there are no
    /// own digits, the data is not 28×28 digits of ten classes, or the weights are not a model for them.
    Teach { run: u64, own: Dataset, replay_per_own: usize, steps: usize, weights: Weights, report_every: usize, paused: bool },
    Pause,
    Resume,
    /// One step of the run, reported at once; the run stays paused.
    Step,
    /// A new learning rate for the run in progress, from its next step.
    SetLr { lr: f32 },
    /// Drops the run in progress and the model.
    Stop,
    /// Makes these weights the model that `Evaluate` scores (a loaded or restored model); ends any run.
    Load { weights: Weights },
    /// Class probabilities of the current model for every held-out example. Answered by `Evaluated`.
    Evaluate { request: u64 },
    /// Class probabilities of the current model for `images` (the learner's own digits). Answered by
    /// `Evaluated` with the same `request`.
    Score { request: u64, images: Dataset },
    /// The pixel-similarity lesson's class means and every held-out digit's distances to them. Answered
    /// by `Distances`.
    Distances { request: u64 },
    /// Grows a random forest (`forest::Growing`: `trees` trees of depth `depth`, drawn from `seed`) on the
    /// data's training part and scores it on the held-out part: lesson 7's number to beat. It grows tree by
    /// tree between the worker's turns (before any run's steps), reported by `ForestProgress`, and is answered
    /// by `Forest`. A new `Forest` or `Data` drops one still growing.
    Forest { request: u64, trees: usize, depth: usize, seed: u64 },
    /// The map of the digits: the first `digit_map::MAP_DIGITS` held-out digits placed by a PCA of the
    /// current model's `layer`. Answered by `Map`.
    Map { request: u64, layer: crate::digit_map::MapLayer },
    /// Answered at once by `Pong`: the page's check that the worker is alive.
    Ping,
    /// To a helper worker, with a MessagePort attached: be a replica of the runs the training worker shares
    /// on that port (`parallel::ToHelper`; each shard brings its examples, so a helper holds no data).
    Serve,
    /// To the training worker, with one MessagePort per helper attached (none: no helpers): share each
    /// CPU minibatch with these helpers from the next step on.
    Helpers,
    /// Helper `index` (of the last `Helpers`) is gone: its shards are computed here from now on.
    DropHelper { index: usize },
    /// bench.html: run the benchmark its query describes (`?model=mlp&backend=cpu…`), answered by `Bench`.
    /// The worker's driver runs it, not a `Session`.
    Bench { query: String },
}

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Epochs completed.
    pub epoch: usize,
    /// Steps into the current epoch.
    pub step: usize,
    pub steps_per_epoch: usize,
    /// The learning rate of the next step.
    pub lr: f32,
}

/// What the worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The device is chosen: the header's text for it, and whether it is a GPU.
    Ready { backend: String, gpu: bool },
    /// The data of `Data { request }` arrived and fits: runs can start.
    DataReady { request: u64, train: usize, test: usize },
    /// Events of run `run` since its last report, where it stands, and its weights when they are due
    /// (at most every few hundred milliseconds, and always at epoch ends, pauses and the end).
    Report { run: u64, events: Vec<Event>, position: Position, weights: Option<Weights> },
    /// Run `run` stopped stepping: paused (by Pause, after Step, or after a fault), or finished.
    Stopped { run: u64, finished: bool },
    /// The answer to `Evaluate`: row-major [held-out examples, classes] probabilities.
    Evaluated { request: u64, probs: Vec<f32> },
    /// A request could not be carried out (bad settings, bad weights, a device error). A run in progress
    /// is paused with its last good weights. `run`: the run it concerns; `request`: the request it answers
    /// (`Data`, `Evaluate`, `Distances`, `Forest`), so the page fails exactly the request that asked. (A forest
    /// that cannot grow leaves the run alone: its `Failed` has no `run`.)
    Failed { run: Option<u64>, request: Option<u64>, message: String },
    /// The GPU device was lost; run `run` moved to `backend` and waits, paused, from the weights after
    /// epoch `epoch`.
    Moved { run: u64, backend: String, gpu: bool, epoch: usize, message: String },
    Pong,
    /// The answer to `Distances`: class means [classes, pixels]; L1 and RMSE distances [held-out, classes].
    Distances { request: u64, means: Vec<f32>, l1: Vec<f32>, rmse: Vec<f32> },
    /// How far the forest of `Forest { request }` has grown: `grown` of its `trees` trees.
    ForestProgress { request: u64, grown: usize, trees: usize },
    /// The answer to `Forest`: its held-out accuracy, the settings it grew with, and how long it took.
    Forest { request: u64, accuracy: f64, trees: usize, depth: usize, seed: u64, seconds: f64 },
    /// The answer to `Map`.
    Map { request: u64, map: crate::digit_map::DigitMap },
    /// The benchmark's `RESULT {…}` or `ERR …` line, and its per-kernel profile (GPU, when asked for).
    Bench { out: String, profile: String },
}

impl FromWorker {
    /// The weights this message carries, if any: the page transfers their buffer instead of copying it.
    pub fn weights(&self) -> Option<&Weights> {
        match self {
            FromWorker::Report { weights, .. } => weights.as_ref(),
            _ => None,
        }
    }
}
