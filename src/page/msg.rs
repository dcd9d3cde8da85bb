//! Everything that can happen to the page (`Msg`) and everything the page asks the browser to do
//! (`Effect`). Panels turn DOM events into messages; the runtime turns worker replies, fetches, storage
//! and file reads into messages, and carries out the effects `update` returns. No browser types here:
//! file contents arrive as bytes, form fields as strings.

use crate::config::{BackendChoice, DataChoice};
use crate::i18n::Lang;
use crate::protocol::{FromWorker, ToWorker};

/// A model kept in the browser's storage from an earlier visit.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptModel {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The class names it was made for, one per line.
    pub classes: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The panels are installed: start the worker and open the page.
    Start,
    /// A new run from the settings.
    Train,
    /// Pause a run, or resume a paused one (the one button).
    PauseOrResume,
    /// Pause only (the embed command).
    Pause,
    /// One step: of the paused run, or of a new one.
    Step,
    Reset,
    /// After the worker died: a new worker carries on from the last weights it sent.
    CarryOn,
    Save,
    /// "Continue in your notebook": the weights and a PyTorch script.
    Notebook,
    /// The share/embed button.
    Share,
    /// A lesson's comparison of runs.
    Compare,
    /// A form field changed (`key` as in the URL: model, activation, lr, …; the value as typed).
    Form { key: String, value: String },
    /// The Dataset menu.
    ChooseData(DataChoice),
    /// The backend menu: the page reloads with it.
    ChooseBackend(BackendChoice),
    /// Data files picked or dropped, read (name, bytes), or why they could not be read.
    DataFiles(Result<Vec<(String, Vec<u8>)>, String>),
    /// A weights file picked and read.
    ModelFile(Result<(String, Vec<u8>), String>),
    /// A message from the embedding page, from `origin`: `start`, `pause`, `step`, or `set` with
    /// settings.
    Command { origin: String, kind: String, settings: Vec<(String, String)> },
    /// The sketch pad's drawing as the model's input (None: the pad is empty).
    Drawing(Option<Vec<f32>>),
    /// A confusion cell chosen (None: every mistake).
    PickCell(Option<(usize, usize)>),
    /// The map of the digits: its layer, the pointer or a key on it.
    Map(MapMsg),
    /// "A convolution step by step": its controls, maps and timer.
    Conv(ConvMsg),
    /// "Your digits": labelling the drawing, the collection, teaching.
    Own(OwnMsg),
    /// A held-out digit chosen in the gallery, to see why the model answers what it does (None: close).
    Explain(Option<usize>),
    /// The language menu: the page (and the worker's messages) in another language, without a reload.
    Language(Lang),
    /// The tensors lesson's digit, rows and columns (index, r0, r1, c0, c1), as typed.
    TensorView([String; 5]),
    /// The pixel-similarity lesson's digit, as typed.
    SimilarityDigit(String),
    /// The quadratic lesson: take `steps` steps of gradient descent with the learning rate as typed.
    QuadraticSteps { steps: usize, lr: String },
    QuadraticReset,
    /// The forest lesson's "Train the forest": trees and depth as typed.
    Forest { trees: String, depth: String },

    // ---- what the runtime reports -------------------------------------------------------------------
    /// The engine runs on the page's thread, and why (no Worker could be made, or `worker=0`).
    WorkerOnPage(String),
    /// A reply from the worker, and when it arrived (ms; for the views' and charts' throttles).
    Worker { reply: FromWorker, at_ms: f64 },
    WorkerLost(String),
    /// Helper worker `index` stopped: the training worker computes its shards from now on.
    HelperLost(usize, String),
    /// How far fetch `request` is (None: size unknown).
    FetchProgress { request: u64, fraction: Option<f64> },
    Fetched { request: u64, result: Result<Vec<u8>, String> },
    /// The model kept in storage (None: there is none).
    Kept(Option<KeptModel>),
    /// Storage took the model (or why not).
    Stored(Result<(), String>),
    /// A download could not be offered (why).
    DownloadFailed(String),
    /// Files were picked or dropped and are being read.
    ReadingFiles,
}

/// What the learner does with their own digits (and storage's answers about them).
#[derive(Clone, Debug, PartialEq)]
pub enum OwnMsg {
    /// Keep the pad's drawing as this digit (None: "Right", the model's answer).
    Label(Option<u8>),
    /// Delete the collection's digit at this index.
    Delete(usize),
    /// "Delete all": asks for a confirmation; `ConfirmClear(true)` deletes, `false` keeps them.
    Clear,
    ConfirmClear(bool),
    /// Download the collection as MNIST IDX files (.gz).
    Export,
    /// IDX files picked to import (names and bytes), or why they could not be read.
    Import(Result<Vec<(String, Vec<u8>)>, String>),
    /// Storage's answer: the kept collection's images and labels (None: there is none).
    Read(Result<Option<(Vec<u8>, Vec<u8>)>, String>),
    /// Storage took the collection (or why not).
    Stored(Result<(), String>),
    /// A teaching field as typed (`replay`, `steps`, `per-digit`).
    Field { key: String, value: String },
    /// "Teach the model your digits".
    Teach,
    /// "Back to the pretrained model" (to teach it again, differently).
    Pretrained,
}

/// What the learner does on the map.
#[derive(Clone, Debug, PartialEq)]
pub enum MapMsg {
    /// The Map-of menu.
    Layer(crate::digit_map::MapLayer),
    /// The pointer at (x, y), fractions of the map's width and height (None: it left).
    Pointer(Option<(f64, f64)>),
    /// An arrow key: to the nearest digit in direction (dx, dy) (y down, as on screen).
    Step(i8, i8),
    /// Home: the first digit; Escape: none.
    First,
    Clear,
}

/// What the learner does in "A convolution step by step" (and its timer's ticks).
#[derive(Clone, Debug, PartialEq)]
pub enum ConvMsg {
    /// A filter of the first convolution.
    Filter(usize),
    Input(ConvInput),
    Play,
    Pause,
    /// One cell on (and pause).
    Step,
    /// Index into `conv_steps::SPEEDS_MS`.
    Speed(usize),
    /// The timer (it carries the timer id it was asked with).
    Tick(u64),
    /// To a cell of a stage's grid (row-major index).
    Jump(Stage, usize),
    /// The pointer on a stage's map at (x, y), fractions of its width and height.
    Point(Stage, f64, f64),
    /// An arrow key on a stage's map: (rows, columns) to move.
    Move(Stage, i8, i8),
    /// Home (false) or End (true) on a stage's map.
    Edge(Stage, bool),
}

/// What the window moves over: the convolution's feature map, then its pooling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Conv,
    Pool,
}

/// The input: held-out digit `i` of the test set, or the sketch pad's drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvInput {
    Sample(usize),
    Drawing,
}

impl Default for ConvInput {
    fn default() -> Self {
        ConvInput::Sample(0)
    }
}

/// What the page needs redrawn after a message (the status line, notices and controls always are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Panel {
    /// The settings form (its fields from the settings) and the model summary.
    Form,
    /// Only the model summary (after an edit in the form: its fields are what the learner typed).
    Summary,
    /// The data panel: its menu, progress and sample digits.
    Data,
    /// Progress, the speed line and the log; `Charts`: the loss and accuracy charts (throttled while training).
    Training,
    Charts,
    /// What the model learned (class patterns, units, filters, feature maps).
    Learned,
    /// The held-out scores: accuracy, confusion matrix, per-class accuracy; with them `Gallery`.
    Evaluation,
    /// The held-out digits' gallery and the explained digit: redrawn with `Evaluation` (its own mark lets the
    /// runtime draw it a turn later).
    Gallery,
    /// The gallery's digits after its first ten (the runtime's mark: drawn after `Gallery`, over as many
    /// turns as their drawing takes; `Gallery` or `Evaluation` bring it back too).
    GalleryRest,
    Sketch,
    /// The map of the digits (also redrawn with the sketch: the drawing is a point on it).
    Map,
    Lesson,
    /// "A convolution step by step".
    Conv,
    /// "Your digits": the collection, its scores, teaching (and the label buttons under the prediction).
    Own,
    /// The file line and the share box.
    Files,
    /// Everything (a language switch).
    All,
}

pub enum Effect {
    /// Start the training engine (a worker unless `worker` is false), replacing any earlier one.
    StartWorker { worker: bool },
    /// End the training engine and its helpers (it was lost).
    EndWorker,
    ToWorker(ToWorker),
    /// Start `count` helper workers (ending any earlier ones) and hand them to the training worker.
    StartHelpers { count: usize },
    /// End the helper workers (the training worker is told it has none).
    EndHelpers,
    /// The page-thread watchdog's patience: a training step takes this long.
    StepMs(f64),
    /// Fetch `url` (answered by `Msg::Fetched`, with `Msg::FetchProgress` on the way). With `gunzip`, the
    /// browser's `DecompressionStream` inflates the file once it has arrived, in small turns of the page's thread
    /// (7.8 MB of digits inflated in the wasm were one ~50 ms task): the answer is the decompressed bytes.
    Fetch { request: u64, url: String, gunzip: bool },
    /// Read the model kept in storage (answered by `Msg::Kept`).
    ReadKept,
    /// Keep a model in storage (answered by `Msg::Stored`).
    Keep(KeptModel),
    Download { name: String, bytes: Vec<u8> },
    /// Gzip `bytes` (the browser's `CompressionStream`: no compressor in the wasm), then download them as
    /// `name` (the learner's digits as IDX .gz files).
    DownloadGzip { name: String, bytes: Vec<u8> },
    /// Read the learner's digits kept in the browser (answered by `OwnMsg::Read`).
    ReadOwn,
    /// Keep the learner's digits (28×28 bytes each, and labels) in the browser (answered by `OwnMsg::Stored`).
    KeepOwn { images: Vec<u8>, labels: Vec<u8> },
    /// Post `{source, type: kind, lesson?, ...fields}` to the embedding page.
    Post { kind: &'static str, fields: Vec<(&'static str, f64)> },
    /// The page's language: catalogs, static texts, `lang=` in the address.
    SetLanguage(Lang),
    /// Reload the page with `key=value` in its address.
    Reload { key: &'static str, value: String },
    /// Set up the offline copy (the service worker, whose first visit fetches every file for later): once the
    /// page has opened, so that its downloads do not queue before the pad's model and the data.
    OfflineCopy,
    Redraw(Panel),
    /// Send `msg` after `ms` milliseconds (a timer: the convolution's Play).
    After { ms: u32, msg: Msg },
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::StartWorker { worker } => write!(f, "StartWorker({worker})"),
            Effect::EndWorker => write!(f, "EndWorker"),
            Effect::ToWorker(m) => write!(f, "ToWorker({})", describe(m)),
            Effect::StartHelpers { count, .. } => write!(f, "StartHelpers({count})"),
            Effect::EndHelpers => write!(f, "EndHelpers"),
            Effect::StepMs(ms) => write!(f, "StepMs({ms})"),
            Effect::Fetch { request, url, gunzip } => write!(f, "Fetch({request}, {url}{})", if *gunzip { ", gunzip" } else { "" }),
            Effect::ReadKept => write!(f, "ReadKept"),
            Effect::Keep(k) => write!(f, "Keep({})", k.name),
            Effect::Download { name, .. } => write!(f, "Download({name})"),
            Effect::DownloadGzip { name, .. } => write!(f, "DownloadGzip({name})"),
            Effect::ReadOwn => write!(f, "ReadOwn"),
            Effect::KeepOwn { labels, .. } => write!(f, "KeepOwn({})", labels.len()),
            Effect::Post { kind, fields } => write!(f, "Post({kind}, {fields:?})"),
            Effect::SetLanguage(l) => write!(f, "SetLanguage({l:?})"),
            Effect::Reload { key, value } => write!(f, "Reload({key}={value})"),
            Effect::OfflineCopy => write!(f, "OfflineCopy"),
            Effect::Redraw(p) => write!(f, "Redraw({p:?})"),
            Effect::After { ms, msg } => write!(f, "After({ms}, {msg:?})"),
        }
    }
}

/// A short name of a message to the worker (for effect lists in tests and logs).
pub fn describe(m: &ToWorker) -> String {
    let full = format!("{m:?}");
    let name: String = full.chars().take_while(|c| c.is_alphanumeric()).collect();
    match m {
        ToWorker::SetLr { lr } => format!("SetLr({lr})"),
        ToWorker::Train { run, paused, weights, .. } => format!("Train(run {run}{}{})", if *paused { ", paused" } else { "" }, if weights.is_some() { ", weights" } else { "" }),
        ToWorker::Evaluate { request } | ToWorker::Distances { request } | ToWorker::Data { request, .. } | ToWorker::Forest { request, .. } | ToWorker::Score { request, .. } => format!("{name}({request})"),
        ToWorker::Teach { run, replay_per_own, steps, own, .. } => format!("Teach(run {run}, {} own, replay {replay_per_own}, {steps} steps)", own.len()),
        _ => name,
    }
}
