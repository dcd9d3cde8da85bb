//! The page's one state: what it shows (data, the CPU copy of the model, the charts' history, the last
//! evaluation, the lesson's live values), what it is doing (`Activity`), and what it waits for (the
//! requests in flight, each with the id its reply must carry). Plain data, no browser types: `update`
//! changes it and the panels draw from it. `State::fresh` is the one place a new generation starts.

use std::rc::Rc;

use crate::config::{DataChoice, Settings};
use crate::controls::{Activity, Controls};
use crate::data::Dataset;
use crate::eval::Metrics;
use crate::forest::ForestSettings;
use crate::i18n::Text;
use crate::lessons::Lesson;
use crate::model::ModelInfo;
use crate::nn::Sequential;
use crate::protocol::{Position, Weights};
use crate::train::Event;
use crate::Tensor;

/// The form fields the model summary depends on.
pub const SUMMARY_FIELDS: [&str; 5] = ["model", "activation", "dropout", "loss", "batch"];

/// The loaded data: the training part and the held-out part.
pub struct Loaded {
    /// What the data is (None: the learner's own files).
    pub choice: Option<DataChoice>,
    pub label: String,
    pub train: Rc<Dataset>,
    pub test: Rc<Dataset>,
    pub names: Vec<String>,
    /// The average training image (pixels in [0, 1]): where the class patterns are taken.
    pub mean_image: Vec<f32>,
}

/// The class names for a model of `info`: the data's, or its own numbering when they do not fit (or there
/// is no data).
pub fn names_for(data: Option<&Loaded>, info: &ModelInfo) -> Vec<String> {
    match data {
        Some(d) if d.names.len() == info.classes => d.names.clone(),
        _ => (0..info.classes).map(|c| c.to_string()).collect(),
    }
}

impl Loaded {
    pub fn new(choice: Option<DataChoice>, label: String, train: Dataset, test: Dataset, names: Vec<String>) -> Loaded {
        let n = train.pixels();
        let mut mean_image = vec![0.0f32; n];
        for img in train.images.chunks(n) {
            for (m, &b) in mean_image.iter_mut().zip(img) {
                *m += b as f32;
            }
        }
        let scale = 1.0 / (255.0 * train.len().max(1) as f32);
        mean_image.iter_mut().for_each(|m| *m *= scale);
        Loaded { choice, label, train: Rc::new(train), test: Rc::new(test), names, mean_image }
    }

    /// The class names for a model of `info` (its own numbering when the data's names do not fit it).
    pub fn names_for(&self, info: &ModelInfo) -> Vec<String> {
        names_for(Some(self), info)
    }
}

/// The model the views show (trained, training, loaded or restored), on the page's CPU backend.
#[derive(Clone)]
pub struct Current {
    pub model: Rc<Sequential>,
    pub info: ModelInfo,
    /// Its safetensors bytes, as the worker sent them or the file held them: what Save writes and a new
    /// worker carries on from.
    pub weights: Weights,
    /// The class names of the data it was trained or loaded on: it is kept across data changes only when
    /// they match (an MNIST model is not scored on Fashion-MNIST).
    pub names: Vec<String>,
    /// Training steps behind these weights in their run (0 for a loaded model): the sketch pad shows it
    /// as `data-steps`, so a test can tell live weights from old ones.
    pub steps: usize,
}

/// The run the worker has (or had, if it died): what it is, and where it stood at the last report.
#[derive(Clone)]
pub struct RunState {
    pub id: u64,
    pub settings: Settings,
    pub position: Option<Position>,
    pub finished: bool,
}

#[derive(Default)]
pub struct History {
    /// (epoch position, smoothed step loss, smoothed step accuracy).
    pub steps: Vec<(f64, f64, f64)>,
    /// (epoch, train, held-out, seconds).
    pub epochs: Vec<(usize, Metrics, Option<Metrics>, f64)>,
    pub epochs_total: usize,
    /// The last progress event (with how many workers shared its last step), where the run stood and how
    /// many workers it had: the speed line.
    pub last: Option<(Event, Position, usize)>,
}

pub struct Evaluation {
    pub probs: Vec<f32>,
    /// k×k counts: row = true class, column = prediction.
    pub matrix: Vec<usize>,
    /// The confusion cell whose digits the gallery shows (None: every mistake).
    pub cell: Option<(usize, usize)>,
}

impl Evaluation {
    /// Scores `probs` ([digits, k] row-major) against `labels`.
    pub fn new(probs: Vec<f32>, labels: &[u8], k: usize) -> Evaluation {
        let matrix = confusion(k, probs.chunks(k).zip(labels).map(|(row, &label)| (label as usize, argmax(row))));
        Evaluation { probs, matrix, cell: None }
    }

    /// The digits on the diagonal (predicted right).
    pub fn correct(&self) -> usize {
        let k = (self.matrix.len() as f64).sqrt().round() as usize;
        (0..k).map(|i| self.matrix[i * k + i]).sum()
    }

    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.matrix.iter().sum::<usize>().max(1) as f64
    }
}

/// k×k counts of (truth, answer) pairs: row = truth, column = answer.
pub fn confusion(k: usize, pairs: impl Iterator<Item = (usize, usize)>) -> Vec<usize> {
    let mut matrix = vec![0usize; k * k];
    for (truth, answer) in pairs {
        matrix[truth * k + answer] += 1;
    }
    matrix
}

pub fn argmax(row: &[f32]) -> usize {
    row.iter().enumerate().fold((0, f32::NEG_INFINITY), |best, (i, &v)| if v > best.1 { (i, v) } else { best }).0
}

/// One comparison run: label, (epoch, held-out accuracy) points, last (train, held-out) accuracy.
pub type Curve = (String, Vec<(f64, f64)>, Option<(f32, f32)>);

/// A lesson's comparison: several runs in turn onto one chart; the best becomes the page's model.
pub struct Comparison {
    pub runs: &'static [(&'static str, &'static str)],
    /// The run being trained (index into `runs`).
    pub index: usize,
    pub curves: Vec<Curve>,
    /// The best finished run so far: its held-out accuracy and weights.
    pub best: Option<(f32, Weights)>,
    /// The weights of the run in progress, from its last report.
    pub last_weights: Option<Weights>,
}

/// Data on its way: fetched file by file, then parsed, then taken by the worker.
pub struct Loading {
    pub choice: Option<DataChoice>,
    pub label: String,
    /// The files still to fetch, and those fetched so far (name, bytes).
    pub urls: Vec<String>,
    pub got: Vec<(String, Vec<u8>)>,
    /// What to bring back once it is loaded.
    pub restore: Restore,
    /// Parsed and sent to the worker: what becomes the page's data at its `DataReady`.
    pub parsed: Option<Rc<Loaded>>,
    /// What the page was doing before (what it goes back to if the data cannot be loaded).
    pub before: Activity,
}

/// The model a data load brings back when the current one does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restore {
    Nothing,
    /// The one kept in the browser's storage, if it was made for these classes.
    Kept,
    /// That, or else (MNIST digits, as the page opens) the pretrained CNN.
    KeptOrPretrained,
    /// The pretrained CNN, whatever was kept (lesson 9 is about it).
    Pretrained,
}

/// What a fetch is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetching {
    /// The next file of the data being loaded.
    Data,
    /// The pretrained CNN.
    Pretrained,
}

/// What happens once the worker has said it is ready (its `Ready`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterReady {
    /// As the page opens: load the data the settings name.
    LoadData,
    /// A new worker after one was lost: give it the data, then carry the run on (or wait).
    Restart { carry_on: bool },
}

/// What happens once the worker has taken the data (its `DataReady`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterData {
    /// The loading data becomes the page's.
    Commit,
    /// A restarted worker has the page's data: carry the run on, or wait.
    Restarted { carry_on: bool },
}

/// What an evaluation was for: what the page says and does when its scores arrive.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterEval {
    /// A model opened from a file, restored from storage, or the pretrained one.
    Opened { how: Opened, name: String },
    /// The model was kept across a data change.
    DataKept,
    /// A run ended (`stopped_early`: it diverged; its last good weights were scored).
    RunFinished { stopped_early: bool },
    /// A comparison ended: its best run's accuracy and how many runs there were.
    ComparisonDone { best: f32, runs: usize },
    /// A teaching of the learner's digits ended (`own::Teaching` holds its before).
    Taught,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    File,
    Restored,
    Pretrained,
}

/// The requests in flight, each with the id its reply carries. A reply whose id is not here (an earlier
/// generation's, or a replaced request's) is dropped.
#[derive(Default)]
pub struct Pending {
    pub ready: Option<AfterReady>,
    pub data: Option<(u64, AfterData)>,
    pub evaluate: Option<(u64, AfterEval)>,
    pub distances: Option<u64>,
    /// The random forest the lesson asked the worker for.
    pub forest: Option<u64>,
    pub fetch: Option<(u64, Fetching)>,
    /// The stored model was asked for (`Effect::ReadKept`), and what else may come back if it does not
    /// fit.
    pub kept: Option<Restore>,
    /// A model was handed to storage: what the file line says when storage answers.
    pub store: Option<StoreLine>,
    /// What the learner asked for while no worker ran (Train after a lost worker): done once a new one has
    /// the data.
    pub after_restart: Option<super::msg::Msg>,
    /// As the page opens on MNIST digits, the sketch pad's model (the kept one, else the pretrained CNN) is
    /// asked for before the data: every file shares one link, and the pad answers once the model is in.
    pub model_first: bool,
    /// The worker is ready and the data load waits for `model_first`.
    pub data_after_model: bool,
    /// A model opened before the data arrived: scored (and named on the file line) once the data is in.
    pub unscored: Option<AfterEval>,
}

/// The file line that waits for storage's answer (it ends with whether the model was kept).
#[derive(Clone, Debug, PartialEq)]
pub enum StoreLine {
    Loaded { name: String, model: String, params: usize, size: usize },
    Trained { name: String, size: usize },
}

/// The status line: what it says (in whatever language is current when it is drawn) and whether it is an
/// error.
#[derive(Clone)]
pub struct Status {
    pub text: Text,
    pub error: bool,
}

/// The training worker as the page knows it.
#[derive(Default)]
pub struct WorkerInfo {
    /// A worker (or the page-thread engine) is running; false once it was lost.
    pub running: bool,
    /// Why training runs on the page's thread, if it does.
    pub on_page: Option<String>,
    /// Whether it trains on a GPU.
    pub gpu: bool,
    /// The header's line for its device.
    pub backend: Option<String>,
}

/// What the machine and the page's address are (read once, at start).
#[derive(Clone, Default)]
pub struct Env {
    /// `navigator.hardwareConcurrency`.
    pub cores: usize,
    /// `navigator.deviceMemory` (GB), where the browser gives it.
    pub device_memory_gb: Option<f64>,
    /// The page's origin and path (share links).
    pub page: String,
    /// What the URL asked for that could not be (shown as a notice).
    pub problems: Vec<String>,
}

/// The quadratic lesson's fit: three parameters, twenty points, and what each step gave.
pub struct Fit {
    pub params: Tensor,
    pub features: Tensor,
    pub target: Tensor,
    pub t: Vec<f32>,
    pub speed: Vec<f32>,
    pub losses: Vec<f64>,
    pub preds: Vec<f32>,
    pub values: Vec<f32>,
}

/// The pixel-similarity lesson's numbers (the worker's).
pub struct Similarity {
    pub means: Vec<f32>,
    pub l1: Vec<f32>,
    pub rmse: Vec<f32>,
    /// Accuracy of the nearest mean on 3s and 7s and on all digits, by L1 and RMSE.
    pub accuracy: [[f64; 2]; 2],
}

/// A random forest the worker grew on the lesson's data: the number the network must beat.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForestResult {
    pub settings: ForestSettings,
    /// Held-out accuracy, and how many held-out digits it was measured on.
    pub accuracy: f64,
    pub total: usize,
    /// How long the worker took to grow it.
    pub seconds: f64,
}

/// The live part of a lesson.
#[derive(Default)]
pub struct LessonState {
    /// The tensors lesson: the digit shown and the rows and columns of its table.
    pub tensor: [usize; 5],
    pub similarity: Option<Similarity>,
    /// The digit whose distances the pixel-similarity lesson shows.
    pub digit: usize,
    pub fit: Option<Fit>,
    /// The last comparison's curves (while one runs, its own).
    pub curves: Vec<Curve>,
    /// The lesson's headline number.
    pub result: Option<f64>,
    /// The forest lesson 7's network must beat (the last one grown), and the trees and depth the learner chose
    /// (the seed is the settings').
    pub forest: Option<ForestResult>,
    pub forest_settings: ForestSettings,
    /// How many trees of the forest being grown have grown (the worker's progress).
    pub forest_grown: usize,
}

pub struct State {
    pub settings: Settings,
    pub lesson: Option<&'static Lesson>,
    pub env: Env,
    pub activity: Activity,
    pub worker: WorkerInfo,
    /// Helper workers sharing CPU minibatches with the training worker (false: one that was lost; indices
    /// are those the training worker knows them by).
    pub helpers: Vec<bool>,
    pub data: Option<Rc<Loaded>>,
    pub loading: Option<Loading>,
    /// How far the data's download is (None: no bar; Some(None): busy, size unknown).
    pub progress: Option<Option<f64>>,
    pub run: Option<RunState>,
    pub current: Option<Current>,
    pub history: History,
    pub evaluation: Option<Evaluation>,
    pub comparison: Option<Comparison>,
    pub lesson_live: LessonState,
    /// The sketch pad's drawing as the 28×28 input (None: empty).
    pub drawing: Option<Vec<f32>>,
    /// The held-out digit (its index in the test set) whose answer the evaluation explains.
    pub explained: Option<usize>,
    /// The map of the digits (the worker's PCA), its layer and the digit focused on it.
    pub digit_map: MapView,
    /// "A convolution step by step": filter, input, the window's cell, Play and speed.
    pub conv: ConvSteps,
    /// "Your digits": the learner's collection, its scores and teaching.
    pub own: OwnDigits,
    pub status: Status,
    pub file_line: Option<Text>,
    /// Notices above the page (what the URL or the browser did not allow).
    pub notices: Vec<String>,
    /// The share box's text.
    pub share: Option<String>,
    /// The form fields whose last value was refused: (key, the message). Train says the first.
    pub form_problems: Vec<(String, String)>,
    pub pending: Pending,
    /// Bumped by every new start (`fresh`); run ids are generations, so replies about an older run are
    /// dropped.
    pub generation: u64,
    /// The last request id handed out (requests and generations share no numbers).
    pub requests: u64,
    /// The page has opened (data, model, lesson): until then `Starting`.
    pub started: bool,
    /// When the views and the charts were last redrawn while training (their throttles).
    pub views_ms: f64,
    pub chart_ms: f64,
}

// ---- "Your digits" (`own.rs` changes them) -----------------------------------------------------------

/// Replayed training digits per own digit, and fine-tuning steps, unless the learner changes them (the
/// engine's recipe, `own_digits::Recipe`), and the most the learner may ask for (the engine's limits).
pub const REPLAY: usize = 4;
pub const STEPS: usize = 200;
pub const MAX_REPLAY: usize = crate::own_digits::MAX_REPLAY_PER_OWN;
pub const MAX_STEPS: usize = crate::own_digits::MAX_EXAMPLES / 32;

/// Accuracy on the collection's held-out part (correct, of) and on the held-out test digits.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Scores {
    pub own: Option<(usize, usize)>,
    pub test: Option<f64>,
}

impl Scores {
    pub fn own_accuracy(&self) -> Option<f64> {
        self.own.filter(|(_, n)| *n > 0).map(|(c, n)| c as f64 / n as f64)
    }
}

/// A fine-tuning run: what it started from, and what it ended with as the numbers come in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Teaching {
    pub run: u64,
    pub before: Scores,
    pub after: Scores,
    /// Own digits taught, replayed per own digit, steps.
    pub taught: usize,
    pub replay: usize,
    pub steps: usize,
    /// The run ended and its after-numbers are being measured: the collection's scoring request for them.
    pub ended: bool,
    pub scoring: Option<u64>,
    /// The after-numbers are final (those that could not be measured stay None).
    pub closed: bool,
}

/// The collection and what the page knows of it.
pub struct OwnDigits {
    /// 28×28 bytes and labels, in the order they were added.
    pub digits: Dataset,
    /// Storage has answered (until then nothing is written back: a collection is never overwritten by an empty one).
    pub read: bool,
    /// Storage answered with the kept collection (or none): changes may be written back (false after a failed
    /// read, so an unreadable store is not overwritten).
    pub writable: bool,
    /// "Delete all" asked for its confirmation.
    pub confirm_clear: bool,
    /// The current model's answer for each digit (None: not scored for this model and collection).
    pub answers: Option<Vec<u8>>,
    /// The scoring request in flight.
    pub scoring: Option<u64>,
    /// The teaching settings, as numbers, and the fields that were refused.
    pub replay: usize,
    pub steps: usize,
    /// At most this many of each digit are taught (0: all of the taught part).
    pub per_digit: usize,
    pub problems: Vec<(String, String)>,
    /// The teaching going on, or the last one (its before and after).
    pub teaching: Option<Teaching>,
    /// The panel's line (what the last action did).
    pub line: Option<Text>,
    /// The line under the label buttons (what the last "Right" / "It is a …" did).
    pub label_line: Option<Text>,
    /// Bumped when a drawing was kept: the pad clears for the next one.
    pub pad_clears: u64,
}

impl Default for OwnDigits {
    fn default() -> Self {
        OwnDigits { digits: crate::own_digits::empty(), read: false, writable: false, confirm_clear: false, answers: None, scoring: None, replay: REPLAY, steps: STEPS, per_digit: 0, problems: vec![], teaching: None, line: None, label_line: None, pad_clears: 0 }
    }
}

impl OwnDigits {
    /// How many of each digit.
    pub fn counts(&self) -> [usize; 10] {
        let mut c = [0; 10];
        for &l in &self.digits.labels {
            c[l as usize % 10] += 1;
        }
        c
    }

    /// The collection's held-out part (kept aside from teaching: where before and after are measured).
    pub fn held_out(&self) -> Vec<bool> {
        crate::own_digits::held_out(&self.digits.labels)
    }

    /// The digits a teaching uses: the taught part, at most `per_digit` of each (0: all), in order.
    pub fn taught(&self) -> Vec<usize> {
        let held = self.held_out();
        let mut per = [0usize; 10];
        (0..self.digits.len())
            .filter(|&i| !held[i])
            .filter(|&i| {
                let c = &mut per[self.digits.labels[i] as usize % 10];
                *c += 1;
                self.per_digit == 0 || *c <= self.per_digit
            })
            .collect()
    }

    /// (correct, of) among `which` digits, with the current answers.
    pub fn correct(&self, which: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
        let answers = self.answers.as_ref()?;
        let mut c = (0, 0);
        for (i, (&a, &l)) in answers.iter().zip(&self.digits.labels).enumerate() {
            if which(i) {
                c.1 += 1;
                c.0 += usize::from(a == l);
            }
        }
        Some(c)
    }

    /// Accuracy on every digit and on the held-out part.
    pub fn accuracy(&self) -> Option<((usize, usize), (usize, usize))> {
        let held = self.held_out();
        Some((self.correct(|_| true)?, self.correct(|i| held[i])?))
    }

    /// The confusion of the current answers: 10×10 counts, row = the learner's label, column = the answer.
    pub fn confusion(&self) -> Option<Vec<usize>> {
        let answers = self.answers.as_ref()?;
        Some(confusion(10, answers.iter().zip(&self.digits.labels).map(|(&a, &l)| (l as usize % 10, a as usize % 10))))
    }
}

/// The map as the page knows it.
#[derive(Default)]
pub struct MapView {
    pub layer: crate::digit_map::MapLayer,
    pub map: Option<crate::digit_map::DigitMap>,
    /// The digit (index into the map's points) focused by pointer or keyboard.
    pub focus: Option<usize>,
    /// The map request in flight and when it was asked for.
    pub request: Option<u64>,
    pub asked_ms: f64,
}

/// "A convolution step by step": what is animated (changed in `conv_steps::update`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConvSteps {
    pub filter: usize,
    pub input: super::msg::ConvInput,
    pub stage: super::msg::Stage,
    /// The window's cell (row-major index into the stage's grid): cells up to it are filled.
    pub cell: usize,
    pub playing: bool,
    /// Index into `conv_steps::SPEEDS_MS`.
    pub speed: usize,
    /// The timer in flight: a `Tick` that does not carry it is an old one (paused, restarted) and is dropped.
    pub timer: u64,
}

/// Why the page starts afresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fresh {
    /// A new run: charts, log and evaluation cleared; the model becomes the run's.
    Run,
    /// The next run of a lesson's comparison: its chart and the comparison stay.
    Comparison,
    /// New data: the run and evaluation go; the model stays if it fits (the caller decides).
    Data,
    /// A model loaded from a file or storage: the run, charts and evaluation go.
    LoadedModel,
    /// Reset: everything but the data goes.
    Reset,
}

impl State {
    pub fn new(settings: Settings, lesson: Option<&'static Lesson>, env: Env) -> State {
        State {
            settings,
            lesson,
            env,
            activity: Activity::Starting,
            worker: WorkerInfo::default(),
            helpers: Vec::new(),
            data: None,
            loading: None,
            progress: None,
            run: None,
            current: None,
            history: History::default(),
            evaluation: None,
            comparison: None,
            lesson_live: LessonState { tensor: [0, 4, 22, 4, 22], ..LessonState::default() },
            drawing: None,
            explained: None,
            digit_map: Default::default(),
            conv: Default::default(),
            own: Default::default(),
            status: Status { text: crate::i18n::text(String::new), error: false },
            file_line: None,
            notices: Vec::new(),
            share: None,
            form_problems: Vec::new(),
            pending: Pending::default(),
            generation: 0,
            requests: 0,
            started: false,
            views_ms: 0.0,
            chart_ms: 0.0,
        }
    }

    /// The training controls as they are now (nothing trains while data is on its way, whatever else goes
    /// on: a lost worker, a reset).
    pub fn controls(&self) -> Controls {
        let mut c = self.activity.controls(self.data.is_some(), self.current.is_some());
        if self.loading.is_some() {
            (c.train, c.step) = (false, false);
        }
        c
    }

    /// A new request id.
    pub fn request(&mut self) -> u64 {
        self.requests += 1;
        self.requests
    }

    /// The data the Dataset menu shows: what is loading, else what is loaded ("files": the learner's).
    pub fn data_shown(&self) -> &'static str {
        let choice = match (&self.loading, &self.data) {
            (Some(l), _) => l.choice,
            (None, Some(d)) => d.choice,
            (None, None) => Some(self.settings.data),
        };
        choice.map_or("files", DataChoice::name)
    }

    /// The workers a CPU run uses: the setting, or the default (`default_workers`); 1 to 8.
    pub fn threads(&self) -> usize {
        self.settings.threads.unwrap_or_else(|| self.default_workers().count).clamp(1, crate::config::MAX_WORKERS)
    }

    /// The default number of workers for this machine's cores and memory and the data in use (the data
    /// loading, if any, else the data loaded).
    pub fn default_workers(&self) -> crate::config::Workers {
        let bytes = |d: &Loaded| d.train.images.len() + d.train.labels.len() + d.test.images.len() + d.test.labels.len();
        let data = self.loading.as_ref().and_then(|l| l.parsed.as_deref()).or(self.data.as_deref()).map_or(0, bytes);
        crate::config::default_workers(self.env.cores, self.env.device_memory_gb, data)
    }

    /// Starts a new generation for `why`, clearing what that start replaces; returns the generation (the
    /// id of the run, if one starts). Replies to requests made before it are dropped from now on.
    pub fn fresh(&mut self, why: Fresh) -> u64 {
        self.generation += 1;
        self.evaluation = None;
        self.explained = None;
        if why != Fresh::Comparison {
            // A map of other data, of no model or of another model (its dots and the drawing's point would be
            // in different spaces); the new one replaces it when it comes.
            self.digit_map = MapView { layer: self.digit_map.layer, ..Default::default() };
        }
        self.run = None;
        self.views_ms = 0.0;
        self.pending.evaluate = None;
        // A teaching that had not ended is over (its run is replaced); the last one that ended stays shown.
        self.own.teaching = self.own.teaching.filter(|t| t.ended);
        if why == Fresh::Reset {
            // (No model: no answers on the learner's digits.)
            self.own.answers = None;
            self.own.scoring = None;
        }
        match why {
            Fresh::Run => {
                self.history = History { epochs_total: self.settings.epochs, ..History::default() };
                self.comparison = None;
            }
            Fresh::Comparison => {}
            Fresh::Data => self.comparison = None,
            Fresh::LoadedModel => {
                self.history = History::default();
                self.comparison = None;
            }
            Fresh::Reset => {
                self.history = History::default();
                self.comparison = None;
                self.current = None;
            }
        }
        self.generation
    }
}

/// Steps between the worker's reports on the page (each report carries the step's metrics).
pub const REPORT_EVERY: usize = 5;

// ---- the status line and the embedding page's events (`update` and its parts) ---------------------------

pub fn say(s: &mut State, t: Text) {
    s.status = Status { text: t, error: false };
}

pub fn fail(s: &mut State, message: impl Into<String>) {
    let message = message.into();
    s.status = Status { text: crate::i18n::text(move || crate::tr!("error-prefix", message = message.as_str())), error: true };
}

/// An event for the embedding page.
pub fn post(kind: &'static str, fields: &[(&'static str, f64)]) -> super::msg::Effect {
    super::msg::Effect::Post { kind, fields: fields.to_vec() }
}

/// Data or a model cannot change now: the status says why.
pub fn refuse_busy(s: &mut State) {
    let why = match s.activity {
        Activity::Starting => crate::tr!("busy-starting"),
        Activity::Evaluating => crate::tr!("busy-evaluating"),
        _ => crate::tr!("busy-training"),
    };
    fail(s, why);
}

/// The lesson's headline number, shown and posted to an embedding page.
pub fn lesson_result(s: &mut State, value: f64) -> Vec<super::msg::Effect> {
    s.lesson_live.result = Some(value);
    vec![super::msg::Effect::Redraw(super::msg::Panel::Lesson), post("result", &[("value", value)])]
}

/// A fraction as a percentage the current language's way ("–" when unknown): the learner's digits' scores.
pub fn pc(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite()).map_or_else(|| "–".into(), |x| format!("{}%", crate::i18n::number(x * 100.0, 1)))
}

/// A model of the digits 0–9 on 28×28 images (not Fashion-MNIST's ten classes, not 3 vs 7).
pub fn digit_model(c: &Current) -> bool {
    c.info.classes == 10 && (c.info.rows, c.info.cols) == (28, 28) && c.names.iter().enumerate().all(|(i, n)| *n == i.to_string())
}

/// Data of the digits 0–9 on 28×28 images (MNIST's, the learner's; not Fashion-MNIST, 3 vs 7, the 8×8 digits).
pub fn digit_data(d: &Loaded) -> bool {
    d.train.classes == 10 && (d.train.rows, d.train.cols) == (28, 28) && d.names.iter().enumerate().all(|(i, n)| *n == i.to_string())
}
