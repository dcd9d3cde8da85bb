//! The training side of the page ⇄ worker protocol, free of the browser: one `Session` holds the device,
//! the data, the run in progress and the model to score. `handle` answers a message (control messages at
//! once); `work` advances a running run by one slice and returns its reports. Whoever drives it — the
//! worker's message loop, the page's thread where no Worker can be made, or a native test — only moves
//! messages in and out and gives the event loop a turn between slices.

use std::rc::Rc;

use crate::clock::now_ms;
use crate::data::Dataset;
use crate::digit_map::{digit_map, DigitMap, MapLayer, MAP_DIGITS};
use crate::eval::{class_distances, eval_batch, predict, DeviceData};
use crate::forest::{ForestSettings, Growing};
use crate::model::{self, ModelInfo};
use crate::nn::{Module, Sequential};
use crate::own_digits::Recipe;
use crate::parallel::{Alone, Helpers};
use crate::protocol::{FromWorker, Position, ToWorker, Weights};
use crate::train::{Event, Trainer};
use crate::tr;
use crate::Device;

/// Weights go to the page at most this often while a run goes on (each is a readback and a copy).
pub const WEIGHTS_EVERY_MS: f64 = 250.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Running,
    Paused,
}

struct Run {
    id: u64,
    trainer: Trainer,
    state: State,
    /// What a fine-tuning (`Teach`) trains on, in place of the data's training part.
    mix: Option<Rc<Dataset>>,
}

/// A random forest growing tree by tree (`ToWorker::Forest { request }`), and when it started.
struct GrowingForest {
    request: u64,
    growing: Growing,
    start_ms: f64,
}

pub struct Session {
    device: Device,
    /// The header's line for the device (which and why), rewritten when the page switches language.
    backend_text: Option<crate::i18n::Text>,
    data: Option<(Rc<Dataset>, Rc<Dataset>)>,
    run: Option<Run>,
    /// The model `Evaluate` scores: the run's, or one loaded.
    model: Option<(Rc<Sequential>, ModelInfo)>,
    forest: Option<GrowingForest>,
    /// The last map's layer and components: where the next map's power iteration starts.
    map_start: Option<(MapLayer, Vec<f32>)>,
    weights_ms: f64,
    /// How long `work` runs before it returns (the driver gives the event loop a turn in between).
    pub slice_ms: f64,
}

impl Session {
    pub fn new(device: Device) -> Session {
        Session { device, backend_text: None, data: None, run: None, model: None, forest: None, map_start: None, weights_ms: f64::NEG_INFINITY, slice_ms: 30.0 }
    }

    /// Whether a run is going on or a forest growing (the driver calls `work` until neither is).
    pub fn busy(&self) -> bool {
        self.forest.is_some() || self.run.as_ref().is_some_and(|r| r.state == State::Running && !r.trainer.is_done())
    }

    /// Answers one message. Never panics on bad input: a bad request becomes `Failed`.
    pub async fn handle(&mut self, message: ToWorker) -> Vec<FromWorker> {
        let run_id = self.run.as_ref().map(|r| r.id);
        let request = match &message {
            ToWorker::Data { request, .. } | ToWorker::Evaluate { request } | ToWorker::Score { request, .. } | ToWorker::Distances { request } | ToWorker::Forest { request, .. } | ToWorker::Map { request, .. } => Some(*request),
            _ => None,
        };
        let result = match message {
            ToWorker::Init { backend, lang } => {
                crate::i18n::set_lang(lang);
                let (device, text) = crate::backend::choose(backend).await;
                self.backend_text = Some(text.clone());
                self.device = device;
                self.run = None;
                self.model = None;
                self.forest = None;
                Ok(vec![FromWorker::Ready { backend: text(), gpu: self.device.is_gpu() }])
            }
            ToWorker::Data { request, train, test } => {
                if train.is_empty() || (train.rows, train.cols, train.classes) != (test.rows, test.cols, test.classes) {
                    Err("the training and held-out data must be non-empty and alike in image size and classes".to_string())
                } else {
                    let reply = FromWorker::DataReady { request, train: train.len(), test: test.len() };
                    self.data = Some((Rc::new(train), Rc::new(test)));
                    self.run = None;
                    self.forest = None;
                    Ok(vec![reply])
                }
            }
            ToWorker::Train { run, settings, report_every, weights, from_epoch, paused } => {
                self.run = None;
                // The page gets the starting weights at once: its views and sketch pad show the new model.
                match self.start(run, &settings, report_every, weights, from_epoch, paused) {
                    Ok(()) => self.report(vec![], true).await.map(|r| vec![r]),
                    Err(e) => Err(e),
                }
            }
            ToWorker::Teach { run, own, replay_per_own, steps, weights, report_every, paused } => {
                self.run = None;
                match self.teach(run, &own, replay_per_own, steps, &weights, report_every, paused) {
                    Ok(()) => self.report(vec![], true).await.map(|r| vec![r]),
                    // Refused: the page learns which run it was.
                    Err(message) => Ok(vec![FromWorker::Failed { run: Some(run), request: None, message }]),
                }
            }
            ToWorker::Pause => self.pause().await,
            ToWorker::Resume => {
                if let Some(r) = self.run.as_mut().filter(|r| !r.trainer.is_done()) {
                    r.state = State::Running;
                }
                Ok(vec![])
            }
            ToWorker::Step => self.step().await,
            ToWorker::SetLr { lr } => match self.run.as_mut() {
                Some(r) => r.trainer.set_lr(lr).map(|()| vec![]),
                None => Ok(vec![]),
            },
            ToWorker::Stop => {
                self.run = None;
                self.model = None;
                Ok(vec![])
            }
            ToWorker::Load { weights } => {
                self.run = None;
                model::load("the model", &weights.0, &self.device).map(|(m, info)| {
                    self.model = Some((Rc::new(m), info));
                    vec![]
                })
            }
            ToWorker::Evaluate { request } => self.evaluate().await.map(|probs| vec![FromWorker::Evaluated { request, probs }]),
            ToWorker::Score { request, images } => self.score(&images).await.map(|probs| vec![FromWorker::Evaluated { request, probs }]),
            ToWorker::Distances { request } => match &self.data {
                Some((train, test)) => class_distances(train, test, &self.device).await.map(|(means, l1, rmse)| vec![FromWorker::Distances { request, means, l1, rmse }]),
                None => Err("no data has been sent".into()),
            },
            ToWorker::Forest { request, trees, depth, seed } => {
                // It grows in `work`; one that cannot grow says so without pausing the run in progress.
                let growing = self.data.as_ref().ok_or_else(|| "no data has been sent".to_string()).and_then(|(train, _)| Growing::new(train, ForestSettings { trees, depth, seed }));
                self.forest = None;
                match growing {
                    Ok(growing) => {
                        self.forest = Some(GrowingForest { request, growing, start_ms: now_ms() });
                        Ok(vec![])
                    }
                    Err(message) => Ok(vec![FromWorker::Failed { run: None, request: Some(request), message }]),
                }
            }
            // A map that cannot be drawn says so without pausing the run in progress.
            ToWorker::Map { request, layer } => Ok(match self.digit_map(layer).await {
                Ok(map) => vec![FromWorker::Map { request, map }],
                Err(message) => vec![FromWorker::Failed { run: None, request: Some(request), message }],
            }),
            ToWorker::Ping => Ok(vec![FromWorker::Pong]),
            ToWorker::Language { lang } => {
                crate::i18n::set_lang(lang);
                // The header's backend line again, in the new language.
                Ok(self.backend_text.as_ref().map(|t| FromWorker::Ready { backend: t(), gpu: self.device.is_gpu() }).into_iter().collect())
            }
            ToWorker::Bench { .. } | ToWorker::Serve | ToWorker::Helpers | ToWorker::DropHelper { .. } => Err("a message for the worker's driver reached its session".into()),
        };
        result.unwrap_or_else(|message| {
            if let Some(r) = self.run.as_mut() {
                r.state = State::Paused;
            }
            vec![FromWorker::Failed { run: run_id.filter(|_| self.run.is_some()), request, message }]
        })
    }

    fn start(&mut self, id: u64, settings: &crate::config::Settings, report_every: usize, weights: Option<Weights>, from_epoch: usize, paused: bool) -> Result<(), String> {
        let (train, test) = self.data.clone().ok_or("no data has been sent to train on")?;
        let mut trainer = match weights {
            None => settings.trainer(&train, Some(&test), &self.device, report_every)?,
            Some(w) => {
                let (model, info) = model::load("the weights to carry on from", &w.0, &self.device)?;
                let config = settings.train_config(&info.spec, report_every);
                let mut t = Trainer::new(model, info, &train, Some(&test), config, &self.device)?;
                t.start_at_epoch(from_epoch);
                t
            }
        };
        trainer.config.report_every = report_every.max(1);
        self.begin(id, trainer, paused, None);
        Ok(())
    }

    /// Run `id` with `trainer` becomes the session's (its model the one `Evaluate` scores), running or paused;
    /// `mix`: what a fine-tuning trains on instead of the data's training part.
    fn begin(&mut self, id: u64, trainer: Trainer, paused: bool, mix: Option<Rc<Dataset>>) {
        self.model = Some((trainer.model.clone(), trainer.info.clone()));
        self.weights_ms = f64::NEG_INFINITY;
        self.run = Some(Run { id, trainer, state: if paused { State::Paused } else { State::Running }, mix });
    }

    /// Sets up run `id`: `weights` fine-tuned on `own` mixed with the data's training digits (the replay pool),
    /// validating on its held-out digits (`own_digits::Recipe`).
    #[allow(clippy::too_many_arguments)]
    fn teach(&mut self, id: u64, own: &Dataset, replay_per_own: usize, steps: usize, weights: &Weights, report_every: usize, paused: bool) -> Result<(), String> {
        let (train, test) = self.data.clone().ok_or_else(|| tr!("teach-no-data"))?;
        let recipe = Recipe { steps, replay_per_own, ..Recipe::default() };
        let mix = recipe.mix(own, &train)?;
        let trainer = recipe.trainer(&weights.0, &mix, Some(&test), &self.device, report_every.max(1))?;
        self.begin(id, trainer, paused, Some(Rc::new(mix)));
        Ok(())
    }

    async fn pause(&mut self) -> Result<Vec<FromWorker>, String> {
        let Some(r) = self.run.as_mut().filter(|r| r.state == State::Running) else { return Ok(vec![]) };
        r.state = State::Paused;
        // The page's copy of the weights becomes exactly the paused model's.
        let report = self.report(vec![], true).await?;
        let id = self.run.as_ref().map_or(0, |r| r.id);
        Ok(vec![report, FromWorker::Stopped { run: id, finished: false }])
    }

    async fn step(&mut self) -> Result<Vec<FromWorker>, String> {
        let Some(r) = self.run.as_mut().filter(|r| !r.trainer.is_done()) else { return Ok(vec![]) };
        r.state = State::Paused;
        let mut events = r.trainer.advance(1).await?;
        if events.is_empty() {
            events = r.trainer.report_now().await?;
        }
        let finished = r.trainer.is_done();
        let id = r.id;
        Ok(vec![self.report(events, true).await?, FromWorker::Stopped { run: id, finished }])
    }

    /// Runs the run in progress for one slice (or up to its next report) and returns what to tell the page.
    pub async fn work(&mut self) -> Vec<FromWorker> {
        self.work_with(&mut Alone).await
    }

    /// `work`, sharing each CPU minibatch with `helpers` (data-parallel workers).
    pub async fn work_with<H: Helpers>(&mut self, helpers: &mut H) -> Vec<FromWorker> {
        if self.forest.is_some() {
            // The forest was asked for before the run's next steps: it grows first.
            return self.grow_forest();
        }
        let start = now_ms();
        // The CPU runs steps until the slice is over; the GPU records a report's worth at once.
        let until = if self.device.is_gpu() { f64::INFINITY } else { start + self.slice_ms };
        let mut events = Vec::new();
        let result = loop {
            let Some(r) = self.run.as_mut().filter(|r| r.state == State::Running && !r.trainer.is_done()) else { break Ok(()) };
            match r.trainer.advance_until(usize::MAX, until, helpers).await {
                Ok(e) => events.extend(e),
                Err(e) => break Err(e),
            }
            if !events.is_empty() || now_ms() - start > self.slice_ms {
                break Ok(());
            }
        };
        let Some(id) = self.run.as_ref().map(|r| r.id) else { return vec![] };
        if let Err(e) = result {
            return self.fault(e).await;
        }
        if events.is_empty() {
            return vec![];
        }
        let finished = self.run.as_ref().is_some_and(|r| r.trainer.is_done());
        let due = finished || events.iter().any(|e| !matches!(e, Event::Progress { .. })) || now_ms() - self.weights_ms >= WEIGHTS_EVERY_MS;
        let mut replies = match self.report(events, due).await {
            Ok(r) => vec![r],
            Err(e) => return self.fault(e).await,
        };
        if finished {
            replies.push(FromWorker::Stopped { run: id, finished: true });
        }
        replies
    }

    /// A Report of `events` for the run, with its weights when `with_weights`.
    async fn report(&mut self, events: Vec<Event>, with_weights: bool) -> Result<FromWorker, String> {
        let r = self.run.as_ref().ok_or("no run")?;
        let (epoch, step, steps_per_epoch) = r.trainer.position();
        let position = Position { epoch, step, steps_per_epoch, lr: r.trainer.lr() };
        let weights = if with_weights {
            self.weights_ms = now_ms();
            Some(Weights(model::save(&r.trainer.model, &r.trainer.info).await?))
        } else {
            None
        };
        Ok(FromWorker::Report { run: r.id, events, position, weights })
    }

    /// A device error during a run: a lost GPU moves the run to a new device (or the CPU) from the weights
    /// of its last epoch end, paused; any other error pauses it with its last good weights.
    async fn fault(&mut self, error: String) -> Vec<FromWorker> {
        let Some(mut r) = self.run.take() else { return vec![] };
        if !self.device.is_lost() {
            r.state = State::Paused;
            let id = r.id;
            self.run = Some(r);
            return vec![FromWorker::Failed { run: Some(id), request: None, message: tr!("fault-kept", error = error) }, FromWorker::Stopped { run: id, finished: false }];
        }
        let (device, backend) = match Device::gpu().await {
            Ok(d) => (d.clone(), crate::backend::label(&d)),
            Err(_) => (Device::Cpu, crate::tr_text!("backend-line-cpu-lost")),
        };
        let epoch = r.trainer.snapshot_epoch().unwrap_or(0);
        let Some((train, test)) = self.data.clone() else { return vec![] };
        let train = r.mix.clone().unwrap_or(train);
        match r.trainer.resume_on(&device, &train, Some(&test)) {
            Ok(t) => {
                self.device = device;
                self.model = Some((t.model.clone(), t.info.clone()));
                let gpu = self.device.is_gpu();
                self.run = Some(Run { id: r.id, trainer: t, state: State::Paused, mix: r.mix });
                let message = tr!(if gpu { "fault-moved-gpu" } else { "fault-moved-cpu" }, error = error, epoch = epoch);
                self.backend_text = Some(backend.clone());
                let mut replies = vec![FromWorker::Moved { run: r.id, backend: backend(), gpu, epoch, message }];
                if let Ok(report) = self.report(vec![], true).await {
                    replies.push(report);
                }
                replies
            }
            Err(e2) => vec![FromWorker::Failed { run: Some(r.id), request: None, message: tr!("fault-stuck", error = error, reason = e2) }],
        }
    }

    /// Grows the forest for one slice (at least one tree): how far it is, or, once every tree has grown, its
    /// held-out accuracy.
    fn grow_forest(&mut self) -> Vec<FromWorker> {
        let Some(f) = self.forest.as_mut() else { return vec![] };
        let (start, request) = (now_ms(), f.request);
        let grown = loop {
            if let Err(e) = f.growing.grow() {
                break Err(e);
            }
            if f.growing.done() || now_ms() - start > self.slice_ms {
                break Ok(f.growing.grown());
            }
        };
        let ForestSettings { trees, depth, seed } = f.growing.settings();
        let failed = |message| vec![FromWorker::Failed { run: None, request: Some(request), message }];
        match grown {
            Ok(grown) if grown < trees => vec![FromWorker::ForestProgress { request, grown, trees }],
            Ok(_) => {
                let Some(f) = self.forest.take() else { return vec![] };
                let seconds = (now_ms() - f.start_ms) / 1000.0;
                let Some((_, test)) = self.data.as_ref() else { return failed("no data has been sent".into()) };
                match f.growing.finish().accuracy(test) {
                    Ok(accuracy) => vec![FromWorker::Forest { request, accuracy, trees, depth, seed, seconds }],
                    Err(e) => failed(e),
                }
            }
            Err(e) => {
                self.forest = None;
                failed(e)
            }
        }
    }

    /// The map of the first held-out digits for the current model (starting from the last map's components
    /// when it was of the same layer and size: during a run, a few turns).
    async fn digit_map(&mut self, layer: MapLayer) -> Result<DigitMap, String> {
        let (model, info) = self.model.as_ref().ok_or("there is no model to map the digits with: train or load one")?;
        let (_, test) = self.data.as_ref().ok_or("no data has been sent")?;
        let n = test.len().min(MAP_DIGITS);
        let pixels: Vec<f32> = test.images[..n * test.pixels()].iter().map(|&b| b as f32 / 255.0).collect();
        let start = self.map_start.as_ref().filter(|(l, _)| *l == layer).map(|(_, c)| c.as_slice());
        // (A start of another size is not used: `pca2` begins from its fixed start.)
        let begun = now_ms();
        // On the CPU backend, whatever the run's device: a thousand digits' forward pass and a few hundred
        // thin matrix products are quick there, and on a software GPU adapter each is a dispatch and the
        // convergence checks readbacks (the run's own steps wait meanwhile).
        let on_cpu;
        let model: &Sequential = if self.device.is_gpu() {
            on_cpu = model::load("the model", &model::save(model, info).await?, &Device::Cpu)?.0;
            &on_cpu
        } else {
            model
        };
        let mut map = digit_map(model, info, &pixels, layer, start, &Device::Cpu).await?;
        map.ms = now_ms() - begun;
        self.map_start = Some((layer, map.components.clone()));
        Ok(map)
    }

    /// Held-out class probabilities of the current model.
    async fn evaluate(&self) -> Result<Vec<f32>, String> {
        self.model.as_ref().ok_or("there is no model to evaluate: train or load one")?;
        let (_, test) = self.data.clone().ok_or("no data has been sent to evaluate on")?;
        self.score(&test).await
    }

    /// Class probabilities of the current model for `images`.
    async fn score(&self, images: &Dataset) -> Result<Vec<f32>, String> {
        let (model, info) = self.model.as_ref().ok_or("there is no model to evaluate: train or load one")?;
        let data = DeviceData::new(images, info, &self.device)?;
        predict(model.as_ref() as &dyn Module, &data, info.classes, eval_batch(&self.device)).await
    }
}
