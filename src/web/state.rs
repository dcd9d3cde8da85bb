//! The page's one state. Training runs in the worker; the page keeps what it shows: the data, the model
//! the views use (a CPU copy rebuilt from the weights the worker sends), the charts' history, the last
//! evaluation, and what it is doing (`Activity`). `App::fresh` is the one place a new generation starts,
//! and says what each kind of new start clears.

use std::cell::RefCell;
use std::rc::Rc;

use super::engine::Engine;
use crate::config::Settings;
use crate::controls::Activity;
use crate::data::Dataset;
use crate::eval::Metrics;
use crate::lessons::Lesson;
use crate::model::ModelInfo;
use crate::nn::Sequential;
use crate::protocol::{Position, Weights};

pub type Shared = Rc<RefCell<App>>;

/// The loaded data: the training part and the held-out part.
pub struct Loaded {
    pub label: String,
    pub train: Rc<Dataset>,
    pub test: Rc<Dataset>,
    pub names: Vec<String>,
    /// The average training image (pixels in [0, 1]): where the class patterns are taken.
    pub mean_image: Vec<f32>,
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
}

pub struct Evaluation {
    pub probs: Vec<f32>,
    /// k×k counts: row = true class, column = prediction.
    pub matrix: Vec<usize>,
}

impl Evaluation {
    /// The digits on the diagonal (predicted right).
    pub fn correct(&self) -> usize {
        let k = (self.matrix.len() as f64).sqrt().round() as usize;
        (0..k).map(|i| self.matrix[i * k + i]).sum()
    }

    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.matrix.iter().sum::<usize>().max(1) as f64
    }
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
    pub last_weights: Option<Weights>,
}

pub struct App {
    pub settings: Settings,
    pub lesson: Option<&'static Lesson>,
    pub activity: Activity,
    /// Whether the worker trains on a GPU (the header names the device).
    pub gpu: bool,
    pub engine: Option<Rc<Engine>>,
    /// Helper workers sharing CPU minibatches with the training worker (None: one that was lost; indices
    /// are those the training worker knows them by).
    pub helpers: Vec<Option<Rc<Engine>>>,
    pub data: Option<Rc<Loaded>>,
    pub run: Option<RunState>,
    pub current: Option<Current>,
    pub history: History,
    pub evaluation: Option<Evaluation>,
    pub comparison: Option<Comparison>,
    /// Bumped by every new start (`fresh`); run ids are generations, so replies about an older run, and
    /// page tasks started before, are ignored.
    pub generation: u64,
    pub views_ms: f64,
    pub chart_ms: f64,
    pub sketch_busy: bool,
    pub sketch_dirty: bool,
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

impl App {
    pub fn new(settings: Settings, lesson: Option<&'static Lesson>) -> App {
        App {
            settings,
            lesson,
            activity: Activity::Starting,
            gpu: false,
            engine: None,
            helpers: Vec::new(),
            data: None,
            run: None,
            current: None,
            history: History::default(),
            evaluation: None,
            comparison: None,
            generation: 0,
            views_ms: 0.0,
            chart_ms: 0.0,
            sketch_busy: false,
            sketch_dirty: false,
        }
    }

    /// Starts a new generation for `why`, clearing what that start replaces; returns the generation (the
    /// id of the run, if one starts). The DOM is cleared by the caller (`training::clear`).
    pub fn fresh(&mut self, why: Fresh) -> u64 {
        self.generation += 1;
        self.evaluation = None;
        self.run = None;
        self.views_ms = 0.0;
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
