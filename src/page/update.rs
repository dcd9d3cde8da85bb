//! `update(&mut State, Msg) -> Vec<Effect>`: the only function that changes the page's state. It does no
//! I/O: what must happen (messages to the worker, fetches, storage, downloads, events for a course page,
//! redraws) comes back as effects, and their results come back as messages. It compiles and is tested
//! natively (tests/page.rs).

use std::rc::Rc;

use super::msg::{Effect, KeptModel, Msg, OwnMsg, Panel};
use super::state::*;
use crate::config::{DataChoice, Settings};
use crate::controls::Activity;
use crate::data::{Dataset, DIGITS_8X8, EMBEDDED_IMAGES, EMBEDDED_LABELS, FASHION_CLASSES};
use crate::forest::ForestSettings;
use crate::i18n::{num, text};
use crate::model::{self, ModelInfo};
use crate::nn::Module;
use crate::protocol::{FromWorker, Position, ToWorker, Weights};
use crate::train::Event;
use crate::{tr, tr_text, Device};

pub use super::state::REPORT_EVERY;
/// A comparison's runs report less often: only their epochs are drawn.
pub const COMPARE_REPORT_EVERY: usize = 20;
/// The views refresh at most this often while training (each is a few forward and backward passes).
pub const VIEWS_EVERY_MS: f64 = 2000.0;
/// The charts redraw at most this often while training (and at every epoch's end).
pub const CHARTS_EVERY_MS: f64 = 250.0;
pub const PRETRAINED: &str = "data/pretrained.safetensors";
pub const PRETRAINED_NAME: &str = "pretrained.safetensors";
/// What an embedding page's `set` may not change.
const FIXED_BY_MESSAGE: [&str; 5] = ["origins", "hide", "embed", "lesson", "worker"];

pub(super) type Effects = Vec<Effect>;

pub fn update(s: &mut State, msg: Msg) -> Effects {
    let mut fx = match msg {
        Msg::Start => start(s),
        Msg::Train | Msg::PauseOrResume | Msg::Pause | Msg::Step | Msg::Reset | Msg::CarryOn | Msg::Compare => control(s, msg),
        Msg::Save | Msg::Notebook | Msg::Share => files(s, msg),
        Msg::Form { key, value } => form(s, &key, &value),
        Msg::ChooseData(choice) => choose_data(s, choice),
        Msg::ChooseBackend(b) => vec![Effect::Reload { key: "backend", value: b.name().into() }],
        Msg::DataFiles(files) => data_files(s, files),
        Msg::ModelFile(file) => model_file(s, file),
        Msg::Command { origin, kind, settings } => command(s, &origin, &kind, settings),
        Msg::Drawing(d) => {
            s.drawing = d;
            vec![Effect::Redraw(Panel::Sketch)]
        }
        Msg::PickCell(cell) => {
            if let Some(e) = s.evaluation.as_mut() {
                e.cell = cell;
            }
            vec![Effect::Redraw(Panel::Evaluation)]
        }
        Msg::Explain(digit) => super::see::explain(s, digit),
        Msg::Map(m) => super::see::map_msg(s, m),
        Msg::Conv(m) => super::conv_steps::update(s, m),
        Msg::Own(OwnMsg::Pretrained) => reopen_pretrained(s),
        Msg::Own(OwnMsg::Teach) if s.activity == Activity::WorkerLost && s.controls().train => {
            // No worker runs: a new one first, then this (as Train does).
            s.pending.after_restart = Some(Msg::Own(OwnMsg::Teach));
            restart(s, false)
        }
        Msg::Own(m) => {
            let read = matches!(m, OwnMsg::Read(_));
            let mut fx = super::own::update(s, m);
            if read {
                // A data load of the learner's digits waited for them.
                fx.extend(own_data_ready(s));
            }
            fx
        }
        Msg::Language(lang) => {
            s.settings.lang = Some(lang);
            vec![Effect::SetLanguage(lang), Effect::ToWorker(ToWorker::Language { lang }), Effect::Redraw(Panel::All)]
        }
        Msg::TensorView(_) | Msg::SimilarityDigit(_) | Msg::QuadraticSteps { .. } | Msg::QuadraticReset | Msg::Forest { .. } => lesson_input(s, msg),
        Msg::WorkerOnPage(why) => {
            notice(s, tr!("notice-page-thread", why = why.as_str()));
            s.worker.on_page = Some(why);
            vec![]
        }
        Msg::Worker { reply, at_ms } => on_reply(s, reply, at_ms),
        Msg::WorkerLost(why) => worker_lost(s, &why),
        Msg::HelperLost(index, why) => {
            if let Some(alive) = s.helpers.get_mut(index) {
                *alive = false;
            }
            let left = s.helpers.iter().filter(|a| **a).count() + 1;
            notice(s, tr!("notice-helper-lost", why = why, left = left));
            vec![Effect::ToWorker(ToWorker::DropHelper { index })]
        }
        Msg::FetchProgress { request, fraction } => fetch_progress(s, request, fraction),
        Msg::Fetched { request, result } => fetched(s, request, result),
        Msg::Kept(kept) => restore_kept(s, kept),
        Msg::Stored(result) => stored(s, result),
        Msg::DownloadFailed(e) => {
            s.file_line = Some(tr_text!("file-save-failed", error = e));
            vec![Effect::Redraw(Panel::Files)]
        }
        Msg::ReadingFiles => {
            say(s, tr_text!("data-reading-files"));
            s.progress = Some(None);
            vec![Effect::Redraw(Panel::Data)]
        }
    };
    fx.extend(settle(s));
    fx
}

// ---- status ------------------------------------------------------------------------------------------


/// A notice above the page (once: a second worker on the page's thread says the same).
fn notice(s: &mut State, text: String) {
    if !s.notices.contains(&text) {
        s.notices.push(text);
    }
}



/// A CPU computation's result (the CPU backend's futures are ready at once).
fn now<T>(f: impl std::future::Future<Output = Result<T, String>>) -> Result<T, String> {
    use futures_util::FutureExt;
    f.now_or_never().unwrap_or_else(|| Err("a computation on the page did not finish at once".into()))
}

// ---- start-up ----------------------------------------------------------------------------------------

fn start(s: &mut State) -> Effects {
    if !s.env.problems.is_empty() {
        let problems = s.env.problems.join("; ");
        notice(s, tr!("notice-url", problems = problems));
    }
    s.activity = Activity::Starting;
    s.pending.ready = Some(AfterReady::LoadData);
    say(s, tr_text!("status-choosing"));
    let mut fx = start_worker(s);
    // The learner's own digits, kept in the browser from earlier visits.
    fx.push(Effect::ReadOwn);
    if model_first(s) {
        // The sketch pad's model before the data (see `Pending::model_first`).
        s.pending.model_first = true;
        s.pending.kept = Some(Restore::KeptOrPretrained);
        fx.push(Effect::ReadKept);
    }
    fx.extend([Panel::Form, Panel::Training, Panel::Charts, Panel::Lesson].map(Effect::Redraw));
    fx
}

fn start_worker(s: &mut State) -> Effects {
    s.worker = WorkerInfo { running: true, ..WorkerInfo::default() };
    s.helpers.clear();
    let init = ToWorker::Init { backend: s.settings.backend, lang: crate::i18n::lang() };
    vec![Effect::StartWorker { worker: s.settings.worker }, Effect::ToWorker(init)]
}

/// Whether the page, as it opens, brings its model (kept or pretrained) before its data: on MNIST digits,
/// outside lessons and autostart (they train their own).
fn model_first(s: &State) -> bool {
    !s.settings.autostart && s.lesson.is_none() && matches!(s.settings.data, DataChoice::Embedded | DataChoice::Mnist)
}

/// The model asked for first is in (or is not coming): the data load it held back goes ahead.
fn model_in(s: &mut State) -> Effects {
    if !std::mem::take(&mut s.pending.model_first) || !std::mem::take(&mut s.pending.data_after_model) {
        return vec![];
    }
    begin_load(s, Some(s.settings.data), vec![], Restore::Nothing)
}

/// As the page opens, once its data and any model it brings back are in: the lesson's live part, the
/// embedding page's `ready`, and autostart.
fn settle(s: &mut State) -> Effects {
    let p = &s.pending;
    let quiet = s.loading.is_none() && p.kept.is_none() && p.fetch.is_none() && p.evaluate.is_none() && p.ready.is_none() && p.data.is_none() && !p.model_first;
    // (Idle: a worker lost while the page opened, and a new one that took the data since.)
    if s.started || !quiet || s.data.is_none() || !matches!(s.activity, Activity::Starting | Activity::Idle) {
        return vec![];
    }
    s.started = true;
    s.activity = Activity::Idle;
    let mut fx = vec![Effect::OfflineCopy];
    fx.extend(lesson_start(s));
    fx.push(post("ready", &[("webgpu", if s.worker.gpu { 1.0 } else { 0.0 })]));
    if s.settings.autostart {
        let msg = if matches!(s.lesson.map(|l| l.live), Some(crate::lessons::Live::Compare(_))) { Msg::Compare } else { Msg::Train };
        fx.extend(control(s, msg));
    }
    fx
}

// ---- training controls -------------------------------------------------------------------------------

fn control(s: &mut State, msg: Msg) -> Effects {
    let can = s.controls();
    let activity = s.activity;
    if activity == Activity::WorkerLost && can.train && matches!(msg, Msg::Train | Msg::Compare) {
        // No worker runs: a new one first, then this.
        s.pending.after_restart = Some(msg);
        return restart(s, false);
    }
    match msg {
        // A field whose value was refused: Train and Step say so, and nothing starts.
        Msg::Train | Msg::Step if !s.form_problems.is_empty() && (msg == Msg::Train && can.train || msg == Msg::Step && can.step && activity != Activity::Paused) => {
            let problem = s.form_problems[0].1.clone();
            fail(s, problem);
            vec![]
        }
        Msg::Train if can.train => start_run(s, Run::Playground { paused: false }),
        Msg::Step if activity == Activity::Paused => {
            s.activity = Activity::Stepping;
            vec![Effect::ToWorker(ToWorker::Step)]
        }
        Msg::Step if can.step => {
            let mut fx = start_run(s, Run::Playground { paused: true });
            s.activity = Activity::Stepping;
            fx.push(Effect::ToWorker(ToWorker::Step));
            fx
        }
        Msg::PauseOrResume | Msg::Pause if activity == Activity::Training => {
            // The controls turn at once; the status says "Paused" when the worker confirms (its last
            // reports arrive first, so what the page shows then is where the run stopped).
            s.activity = Activity::Paused;
            vec![Effect::ToWorker(ToWorker::Pause)]
        }
        Msg::PauseOrResume if activity == Activity::Paused => {
            s.activity = Activity::Training;
            say(s, tr_text!("status-training"));
            vec![Effect::ToWorker(ToWorker::Resume)]
        }
        Msg::Reset => reset(s),
        Msg::CarryOn if can.carry_on => restart(s, true),
        Msg::Compare if can.train => start_comparison(s),
        _ => vec![], // not possible in this state (the control is disabled, or a command came at the wrong time)
    }
}

/// What kind of run starts.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    Playground { paused: bool },
    /// The comparison's current run.
    Comparison,
}

/// Starts a run in the worker: the playground's (of the settings) or a comparison's (the settings with
/// its run's overrides).
fn start_run(s: &mut State, kind: Run) -> Effects {
    let mut settings = s.settings.clone();
    let mut fx = vec![];
    if kind == Run::Comparison {
        let Some(c) = s.comparison.as_ref() else { return vec![] };
        let (label, overrides) = c.runs[c.index];
        let (label, index, runs) = (tr!(label), c.index, c.runs.len());
        if let Err(problems) = settings.apply(&crate::config::pairs(overrides), &[]) {
            fail(s, format!("{label}: {}", problems.join("; ")));
            s.comparison = None;
            s.activity = Activity::Idle;
            return vec![];
        }
        if let Some(c) = s.comparison.as_mut() {
            c.curves.push((label.clone(), vec![], None));
            c.last_weights = None;
        }
        say(s, tr_text!("compare-status", run = index + 1, runs = runs, label = label));
    }
    let id = s.fresh(if kind == Run::Comparison { Fresh::Comparison } else { Fresh::Run });
    s.run = Some(RunState { id, settings: settings.clone(), position: None, finished: false });
    let (paused, report_every) = match kind {
        Run::Playground { paused } => {
            s.activity = if paused { Activity::Paused } else { Activity::Training };
            if !paused {
                say(s, tr_text!("status-training"));
            }
            (paused, REPORT_EVERY)
        }
        Run::Comparison => (false, COMPARE_REPORT_EVERY),
    };
    fx.extend([Panel::Training, Panel::Charts, Panel::Evaluation].map(Effect::Redraw));
    fx.extend(ensure_helpers(s));
    fx.push(Effect::ToWorker(ToWorker::Train { run: id, settings, report_every, weights: None, from_epoch: 0, paused }));
    fx
}

fn start_comparison(s: &mut State) -> Effects {
    let Some(crate::lessons::Live::Compare(runs)) = s.lesson.map(|l| l.live) else { return vec![] };
    s.fresh(Fresh::Run);
    s.comparison = Some(Comparison { runs, index: 0, curves: Vec::new(), best: None, last_weights: None });
    s.activity = Activity::Comparing;
    let mut fx = start_run(s, Run::Comparison);
    fx.push(Effect::Redraw(Panel::Lesson));
    fx
}

fn reset(s: &mut State) -> Effects {
    let lost = s.activity == Activity::WorkerLost;
    s.fresh(Fresh::Reset);
    // (Data on its way, or the page still opening, go on: nothing may train before they are in.)
    if !matches!(s.activity, Activity::Starting | Activity::Loading) {
        s.activity = Activity::Idle;
    }
    say(s, tr_text!("status-reset"));
    let mut fx = vec![Effect::ToWorker(ToWorker::Stop)];
    fx.extend([Panel::Training, Panel::Charts, Panel::Evaluation, Panel::Learned, Panel::Sketch].map(Effect::Redraw));
    if lost {
        fx.extend(restart(s, false));
    }
    fx
}

/// A new training worker after one was lost: it gets the data, then (`carry_on`) the run from the last
/// weights it sent.
fn restart(s: &mut State, carry_on: bool) -> Effects {
    s.activity = Activity::Starting;
    // A worker lost before the page had its data: the new one loads it, as at the start.
    let opening = s.data.is_none() && s.loading.is_none() && !s.started;
    s.pending.ready = Some(if opening { AfterReady::LoadData } else { AfterReady::Restart { carry_on } });
    say(s, tr_text!("status-choosing"));
    start_worker(s)
}

/// Makes the helper workers match the settings (called as a run starts, so a page that never trains on the
/// CPU starts none): on the CPU backend in a worker, `threads − 1` helpers (each shard brings them its examples).
fn ensure_helpers(s: &mut State) -> Effects {
    let cpu_worker = s.worker.running && s.worker.on_page.is_none() && !s.worker.gpu;
    let want = if cpu_worker { s.threads() - 1 } else { 0 };
    let have = s.helpers.iter().filter(|a| **a).count();
    if want == have {
        return vec![];
    }
    match s.data.as_ref().filter(|_| want > 0) {
        Some(_) => {
            s.helpers = vec![true; want];
            vec![Effect::StartHelpers { count: want }]
        }
        None => end_helpers(s),
    }
}

/// The one way helpers end (new data, no longer wanted); the training worker is told it has none.
fn end_helpers(s: &mut State) -> Effects {
    s.helpers.clear();
    vec![Effect::EndHelpers]
}

// ---- the worker's replies ----------------------------------------------------------------------------

fn on_reply(s: &mut State, reply: FromWorker, at_ms: f64) -> Effects {
    let generation = s.generation;
    match reply {
        FromWorker::Report { run, events, position, weights } if run == generation => report(s, events, position, weights, at_ms),
        FromWorker::Stopped { run, finished } if run == generation => stopped(s, finished),
        FromWorker::Ready { backend, gpu } => ready(s, backend, gpu),
        FromWorker::DataReady { request, .. } => match s.pending.data {
            Some((id, after)) if id == request => {
                s.pending.data = None;
                data_ready(s, after)
            }
            _ => vec![],
        },
        FromWorker::Evaluated { request, probs } if s.own.scoring == Some(request) => super::own::scored(s, request, probs),
        FromWorker::Failed { request: Some(r), message, .. } if s.own.scoring == Some(r) => super::own::score_failed(s, message),
        FromWorker::Evaluated { request, probs } => match s.pending.evaluate.take() {
            Some((id, after)) if id == request => evaluated(s, probs, after),
            other => {
                s.pending.evaluate = other;
                vec![]
            }
        },
        FromWorker::Distances { request, means, l1, rmse } if s.pending.distances == Some(request) => {
            s.pending.distances = None;
            similarity(s, means, l1, rmse)
        }
        FromWorker::ForestProgress { request, grown, .. } if s.pending.forest == Some(request) => {
            s.lesson_live.forest_grown = grown;
            vec![Effect::Redraw(Panel::Lesson)]
        }
        FromWorker::Forest { request, accuracy, trees, depth, seed, seconds } if s.pending.forest == Some(request) => {
            s.pending.forest = None;
            forest_grown(s, ForestResult { settings: ForestSettings { trees, depth, seed }, accuracy, total: s.data.as_ref().map_or(0, |d| d.test.len()), seconds })
        }
        FromWorker::Map { request, map } => super::see::map_arrived(s, request, map),
        FromWorker::Failed { request: Some(r), .. } if s.digit_map.request == Some(r) => super::see::map_failed(s),
        FromWorker::Failed { run, request, message } => failed(s, run, request, message),
        FromWorker::Moved { run, backend, gpu, message, .. } => {
            s.worker.backend = Some(backend);
            s.worker.gpu = gpu;
            fail(s, message);
            if run == generation {
                s.activity = if s.comparison.is_some() { Activity::Idle } else { Activity::Paused };
                s.comparison = None;
            }
            vec![]
        }
        _ => vec![], // a reply about a run or request that was replaced
    }
}

fn ready(s: &mut State, backend: String, gpu: bool) -> Effects {
    s.worker.backend = Some(backend);
    s.worker.gpu = gpu;
    match s.pending.ready.take() {
        Some(AfterReady::LoadData) if s.pending.model_first => {
            s.pending.data_after_model = true;
            vec![]
        }
        Some(AfterReady::LoadData) => {
            let restore = match s.lesson {
                _ if s.settings.autostart || model_first(s) => Restore::Nothing,
                None => Restore::KeptOrPretrained,
                Some(l) if l.pretrained => Restore::Pretrained,
                Some(_) => Restore::Nothing,
            };
            begin_load(s, Some(s.settings.data), vec![], restore)
        }
        Some(AfterReady::Restart { carry_on }) => match s.data.clone() {
            Some(d) => {
                let request = s.request();
                s.pending.data = Some((request, AfterData::Restarted { carry_on }));
                vec![Effect::ToWorker(ToWorker::Data { request, train: (*d.train).clone(), test: (*d.test).clone() })]
            }
            None => data_ready(s, AfterData::Restarted { carry_on: false }),
        },
        None => vec![], // the backend line again, after a language switch
    }
}

fn data_ready(s: &mut State, after: AfterData) -> Effects {
    match after {
        AfterData::Commit => match s.loading.as_ref().and_then(|l| l.parsed.clone()) {
            Some(loaded) => commit_data(s, loaded),
            None => vec![],
        },
        AfterData::Restarted { carry_on } => {
            // Lesson 7's forest lived in the lost worker: the new one grows it again.
            let mut fx = if s.lesson.is_some_and(|l| l.forest) && s.lesson_live.forest.is_none() && s.pending.forest.is_none() { grow_forest(s) } else { vec![] };
            fx.extend(restarted(s, carry_on));
            fx
        }
    }
}

/// A new worker has the page's data: the run carries on (or the learner's Train/Compare goes ahead), or the
/// page waits.
fn restarted(s: &mut State, carry_on: bool) -> Effects {
    let carry = s.run.clone().filter(|r| carry_on && !r.finished).zip(s.current.clone());
    match carry {
        Some((r, c)) => {
            let from_epoch = r.position.map_or(0, |p| p.epoch);
            s.activity = Activity::Training;
            say(s, tr_text!("status-new-worker-carries-on", epoch = from_epoch + 1));
            let mut fx = ensure_helpers(s);
            let train = ToWorker::Train { run: r.id, settings: r.settings, report_every: REPORT_EVERY, weights: Some(c.weights), from_epoch, paused: false };
            fx.push(Effect::ToWorker(train));
            fx
        }
        None => {
            s.activity = Activity::Idle;
            say(s, tr_text!("status-new-worker-ready"));
            match s.pending.after_restart.take() {
                Some(Msg::Own(m)) => super::own::update(s, m),
                Some(msg) => control(s, msg),
                None => vec![],
            }
        }
    }
}

fn report(s: &mut State, events: Vec<Event>, position: Position, weights: Option<Weights>, at_ms: f64) -> Effects {
    if let Some(r) = s.run.as_mut() {
        r.position = Some(position);
    }
    let mut fx = vec![];
    let batch = s.run.as_ref().map_or(1, |r| r.settings.batch);
    for e in &events {
        if let Event::Progress { samples_per_s, .. } = e {
            fx.push(Effect::StepMs(batch as f64 * 1000.0 / samples_per_s.max(1e-6)));
        }
    }
    if let Some(w) = weights {
        fx.extend(take_weights(s, w, position.epoch * position.steps_per_epoch + position.step));
        fx.extend(super::see::map_due(s, at_ms));
        if at_ms - s.views_ms > VIEWS_EVERY_MS {
            s.views_ms = at_ms;
            fx.push(Effect::Redraw(Panel::Learned));
        }
    }
    if s.comparison.is_some() {
        fx.extend(comparison_events(s, &events));
    } else {
        fx.extend(training_events(s, &events, position, at_ms));
    }
    fx
}

/// The worker's latest weights become the page's model (rebuilt on the CPU backend): the views and the
/// sketch pad use them at once, while training goes on.
fn take_weights(s: &mut State, weights: Weights, steps: usize) -> Effects {
    match model::load("the worker's weights", &weights.0, &Device::Cpu) {
        Ok((m, info)) => {
            let names = names_for(s.data.as_deref(), &info);
            if let Some(c) = s.comparison.as_mut() {
                c.last_weights = Some(weights.clone());
            }
            s.current = Some(Current { model: Rc::new(m), info, weights, names, steps });
            // Its answers on the learner's digits are asked for when it is scored.
            if s.own.answers.take().is_some() {
                return vec![Effect::Redraw(Panel::Sketch), Effect::Redraw(Panel::Own)];
            }
            vec![Effect::Redraw(Panel::Sketch)]
        }
        Err(e) => {
            fail(s, e);
            vec![]
        }
    }
}

/// Charts, progress and log for a report's events.
fn training_events(s: &mut State, events: &[Event], position: Position, at_ms: f64) -> Effects {
    let mut fx = vec![Effect::Redraw(Panel::Training)];
    let mut charts = false;
    for event in events {
        match event {
            Event::Progress { epoch, step, steps, loss, accuracy, .. } => {
                let x = (*epoch - 1) as f64 + *step as f64 / *steps as f64;
                let h = &mut s.history;
                let (l, acc) = match h.steps.last() {
                    Some(&(_, l, acc)) => (0.8 * l + 0.2 * *loss as f64, 0.8 * acc + 0.2 * *accuracy as f64),
                    None => (*loss as f64, *accuracy as f64),
                };
                h.steps.push((x, l, acc));
                let workers = if s.worker.gpu { 1 } else { s.helpers.iter().filter(|a| **a).count() + 1 };
                s.history.last = Some((event.clone(), position, workers));
                charts |= at_ms - s.chart_ms > CHARTS_EVERY_MS;
            }
            Event::Epoch { epoch, train, val, seconds } => {
                let v = val.unwrap_or(crate::eval::Metrics { loss: f32::NAN, accuracy: f32::NAN, count: 0 });
                let fields = [("epoch", *epoch as f64), ("train_loss", train.loss as f64), ("train_accuracy", train.accuracy as f64), ("val_loss", v.loss as f64), ("val_accuracy", v.accuracy as f64)];
                fx.push(post("epoch", &fields));
                s.history.epochs.push((*epoch, *train, *val, *seconds));
                charts = true;
            }
            Event::Diverged { message, .. } => fail(s, message.clone()),
            Event::Done => {}
        }
    }
    if charts {
        s.chart_ms = at_ms;
        fx.push(Effect::Redraw(Panel::Charts));
    }
    fx
}

/// A comparison run's report: its held-out accuracy per epoch on the chart and in the table.
fn comparison_events(s: &mut State, events: &[Event]) -> Effects {
    let mut fx = vec![];
    for e in events {
        match e {
            Event::Epoch { epoch, train, val: Some(v), .. } => {
                let Some(c) = s.comparison.as_mut() else { break };
                let run = c.index;
                if let Some(curve) = c.curves.last_mut() {
                    curve.1.push((*epoch as f64, v.accuracy as f64));
                    curve.2 = Some((train.accuracy, v.accuracy));
                }
                fx.push(Effect::Redraw(Panel::Lesson));
                fx.push(post("epoch", &[("run", run as f64), ("epoch", *epoch as f64), ("train_accuracy", train.accuracy as f64), ("val_accuracy", v.accuracy as f64), ("val_loss", v.loss as f64)]));
            }
            Event::Diverged { message, .. } => {
                let label = s.comparison.as_ref().and_then(|c| c.curves.last().map(|c| c.0.clone())).unwrap_or_default();
                let message = message.clone();
                say(s, text(move || format!("{label}: {message}")));
            }
            _ => {}
        }
    }
    fx
}

fn stopped(s: &mut State, finished: bool) -> Effects {
    if let Some(r) = s.run.as_mut() {
        r.finished = finished;
    }
    let was = s.activity;
    if finished && s.comparison.is_some() {
        comparison_run_finished(s)
    } else if finished {
        finish_run(s)
    } else if matches!(was, Activity::Stepping | Activity::Paused) {
        // (Training: resumed before this pause's confirmation arrived; nothing to do.)
        s.activity = Activity::Paused;
        if was == Activity::Stepping {
            say(s, tr_text!("status-stepped"));
        } else if !s.status.error {
            // (After a fault the worker pauses the run too: its message stays.)
            say(s, tr_text!("status-paused"));
        }
        vec![Effect::Redraw(Panel::Learned), Effect::Redraw(Panel::Training)]
    } else {
        vec![]
    }
}

/// A run ended (all epochs, or stopped by divergence with its last good weights): final charts and views,
/// then the held-out evaluation in the worker.
fn finish_run(s: &mut State) -> Effects {
    let stopped_early = s.run.as_ref().and_then(|r| r.position.map(|p| p.epoch < r.settings.epochs)).unwrap_or(false);
    s.activity = Activity::Evaluating;
    let mut fx = vec![Effect::Redraw(Panel::Training), Effect::Redraw(Panel::Charts), Effect::Redraw(Panel::Learned)];
    let after = super::own::after_eval(s, stopped_early);
    fx.extend(evaluate(s, after));
    fx
}

/// A comparison run ended: keep it if it is the best so far, then the next run, or the end (the best run's
/// model is scored and becomes the page's).
fn comparison_run_finished(s: &mut State) -> Effects {
    let Some(c) = s.comparison.as_mut() else { return vec![] };
    let last = c.curves.last().and_then(|c| c.2).map_or(0.0, |c| c.1);
    if let Some(w) = c.last_weights.take() {
        if c.best.as_ref().is_none_or(|b| last > b.0) {
            c.best = Some((last, w));
        }
    }
    c.index += 1;
    if c.index < c.runs.len() {
        return start_run(s, Run::Comparison);
    }
    let (best, runs) = (c.best.take(), c.runs.len());
    s.lesson_live.curves = c.curves.clone();
    let Some((acc, weights)) = best else {
        s.comparison = None;
        s.activity = Activity::Idle;
        fail(s, "no run finished");
        return vec![];
    };
    let mut fx = take_weights(s, weights, 0);
    fx.push(Effect::Redraw(Panel::Learned));
    s.comparison = None;
    s.activity = Activity::Evaluating;
    fx.extend(evaluate(s, AfterEval::ComparisonDone { best: acc, runs }));
    fx
}

fn failed(s: &mut State, run: Option<u64>, request: Option<u64>, message: String) -> Effects {
    let p = &s.pending;
    let stale = match (run, request) {
        (_, Some(r)) => p.data.is_none_or(|(id, _)| id != r) && p.evaluate.as_ref().is_none_or(|(id, _)| *id != r) && p.distances != Some(r) && p.forest != Some(r),
        (Some(r), None) => r != s.generation,
        (None, None) => false,
    };
    if stale {
        return vec![]; // about a request or run that was replaced
    }
    if let Some((_, after)) = s.pending.data.filter(|(id, _)| Some(*id) == request) {
        s.pending.data = None;
        return match after {
            AfterData::Commit => load_failed(s, message),
            AfterData::Restarted { .. } => {
                s.activity = Activity::Idle;
                fail(s, message);
                vec![]
            }
        };
    }
    fail(s, message);
    if request.is_some() && s.pending.evaluate.as_ref().is_some_and(|(id, _)| Some(*id) == request) {
        let taught = s.pending.evaluate.take().is_some_and(|(_, after)| after == AfterEval::Taught);
        if s.activity == Activity::Evaluating {
            s.activity = Activity::Idle;
        }
        if taught {
            // The teaching ends without its test score (the status keeps the reason).
            let status = s.status.clone();
            let fx = super::own::taught_evaluated(s, None);
            s.status = status;
            return fx;
        }
    } else if request.is_some() && s.pending.distances == request {
        s.pending.distances = None;
    } else if request.is_some() && s.pending.forest == request {
        s.pending.forest = None;
        return vec![Effect::Redraw(Panel::Lesson)];
    } else if run.is_some_and(|r| super::own::teaching_failed(s, r)) {
        // A teaching the worker refused or failed: no run goes on.
        s.activity = Activity::Idle;
        if let Some(run) = s.run.as_mut() {
            run.finished = true;
        }
        return vec![Effect::Redraw(Panel::Training), Effect::Redraw(Panel::Own)];
    } else if run.is_some() {
        if s.comparison.take().is_some() {
            s.activity = Activity::Idle;
        } else if matches!(s.activity, Activity::Training | Activity::Stepping | Activity::Paused) {
            s.activity = Activity::Paused;
        }
    }
    vec![Effect::Redraw(Panel::Training)]
}

fn worker_lost(s: &mut State, why: &str) -> Effects {
    if s.activity == Activity::WorkerLost {
        return vec![];
    }
    s.worker.running = false;
    s.helpers.clear();
    s.comparison = None;
    s.pending.ready = None;
    s.pending.evaluate = None;
    s.pending.distances = None;
    s.pending.forest = None;
    let mut fx = vec![Effect::EndWorker];
    // Data the worker was taking is the page's all the same: a new worker gets it.
    if let Some(loaded) = s.loading.as_ref().and_then(|l| l.parsed.clone()) {
        s.pending.data = None;
        fx.extend(commit_data(s, loaded));
    }
    s.pending.data = None;
    s.own.scoring = None;
    if s.own.teaching.is_some_and(|t| t.ended && !t.closed) {
        fx.extend(super::own::close_teaching(s));
    } else if s.own.teaching.is_some_and(|t| !t.ended) {
        // A teaching is not carried on by a new worker: its last weights are the model, to teach again.
        s.own.teaching = None;
        if let Some(r) = s.run.as_mut() {
            r.finished = true;
        }
    }
    s.activity = Activity::WorkerLost;
    let had = s.run.as_ref().and_then(|r| r.position.map(|p| (p.epoch, p.step)));
    let kept = match (had, s.current.is_some()) {
        (Some((e, st)), true) => tr!("worker-lost-kept-weights", epochs = e, steps = st),
        (_, true) => tr!("worker-lost-kept-model"),
        _ => tr!("worker-lost-nothing"),
    };
    fail(s, format!("{} {kept}", tr!("worker-lost", why = why)));
    fx
}

// ---- evaluation --------------------------------------------------------------------------------------

/// Scores the page's model on the held-out digits in the worker; `after` says what follows.
fn evaluate(s: &mut State, after: AfterEval) -> Effects {
    let (Some(c), true) = (s.current.as_ref(), s.worker.running && s.data.is_some()) else {
        if s.activity == Activity::Evaluating {
            s.activity = Activity::Idle;
        }
        return vec![];
    };
    let weights = c.weights.clone();
    let request = s.request();
    s.pending.evaluate = Some((request, after));
    // The worker scores exactly the page's model.
    vec![Effect::ToWorker(ToWorker::Load { weights }), Effect::ToWorker(ToWorker::Evaluate { request })]
}

fn evaluated(s: &mut State, probs: Vec<f32>, after: AfterEval) -> Effects {
    let (Some(data), Some(c)) = (s.data.clone(), s.current.clone()) else { return vec![] };
    let k = c.info.classes;
    if s.activity == Activity::Evaluating {
        s.activity = Activity::Idle;
    }
    if probs.len() != data.test.len() * k {
        fail(s, format!("the worker scored {} values for {} digits of {k} classes", probs.len(), data.test.len()));
        return vec![];
    }
    let evaluation = Evaluation::new(probs, &data.test.labels, k);
    let (correct, total, acc) = (evaluation.correct(), data.test.len(), evaluation.accuracy());
    s.evaluation = Some(evaluation);
    if !s.status.error {
        say(s, tr_text!("status-done", correct = correct, total = total, percent = num(acc * 100.0, 2)));
    }
    let mut fx = vec![Effect::Redraw(Panel::Evaluation)];
    fx.extend(super::see::ask_map(s));
    if after != AfterEval::Taught {
        // The model scored on the held-out digits is scored on the learner's too.
        fx.extend(super::own::model_changed(s));
    }
    match after {
        AfterEval::Opened { how: Opened::File, .. } => {}
        AfterEval::Opened { how: Opened::Restored, name } => {
            s.file_line = Some(tr_text!("file-restored", name = name));
            say(s, tr_text!("status-restored"));
        }
        AfterEval::Opened { how: Opened::Pretrained, .. } => {
            let name = c.info.spec.name();
            s.file_line = Some(tr_text!("file-pretrained", name = name, percent = num(acc * 100.0, 1)));
            say(s, tr_text!("status-pretrained", percent = num(acc * 100.0, 1)));
        }
        AfterEval::DataKept => say(s, tr_text!("data-loaded-kept", name = data.label.clone(), train = data.train.len(), test = data.test.len(), percent = num(acc * 100.0, 2))),
        AfterEval::RunFinished { stopped_early } => {
            fx.push(post("done", &[("accuracy", acc)]));
            if s.lesson.is_some_and(|l| l.live == crate::lessons::Live::Train) {
                fx.extend(lesson_result(s, acc));
            }
            fx.extend(keep_model(s));
            if stopped_early {
                // The divergence message stays; the accuracy is that of the restored weights.
                s.status.error = true;
            }
        }
        AfterEval::Taught => {
            fx.extend(super::own::taught_evaluated(s, Some(acc)));
            fx.extend(keep_model(s));
        }
        AfterEval::ComparisonDone { best, runs } => {
            say(s, tr_text!("compare-done", runs = runs, percent = num(best as f64 * 100.0, 2)));
            fx.extend(lesson_result(s, best as f64));
            fx.push(post("done", &[("accuracy", best as f64)]));
        }
    }
    fx.push(Effect::Redraw(Panel::Files));
    fx
}

// ---- models: files, storage, the pretrained one ------------------------------------------------------

fn file_name(info: &ModelInfo) -> String {
    format!("mnist-{}.safetensors", info.spec.name().replace([':', ','], "-"))
}

/// Makes a weights file the page's model (it must fit the loaded data), shows it and has it scored.
fn open_model(s: &mut State, name: &str, bytes: &[u8], how: Opened) -> Result<Effects, String> {
    let (model, info) = model::load(name, bytes, &Device::Cpu)?;
    let names = match s.data.clone() {
        Some(data) => {
            fits(&info, &data)?;
            data.names.clone()
        }
        // Opened before the data (`Pending::model_first`): it must be a model of MNIST's digits.
        None if s.pending.model_first && how != Opened::File => {
            fits_shape(&info, &s.settings.data.label(), (28, 28, 10))?;
            class_names(Some(s.settings.data), 10)
        }
        None => return Err(tr!("data-not-loaded")),
    };
    let params = model.parameter_count();
    s.fresh(Fresh::LoadedModel);
    s.current = Some(Current { model: Rc::new(model), info: info.clone(), weights: Weights(bytes.to_vec()), names, steps: 0 });
    if !matches!(s.activity, Activity::Starting | Activity::WorkerLost) {
        s.activity = Activity::Idle;
    }
    let mut fx = vec![Effect::ToWorker(ToWorker::Stop)];
    fx.extend([Panel::Training, Panel::Charts, Panel::Evaluation, Panel::Learned, Panel::Sketch, Panel::Files].map(Effect::Redraw));
    // The form shows the model, unless it is the pretrained one (whose big CNN would then be what Train trains).
    if how != Opened::Pretrained {
        s.settings.model = info.spec.name();
        s.settings.activation = info.spec.activation;
        s.settings.dropout = info.spec.dropout;
        s.form_problems.clear();
        fx.push(Effect::Redraw(Panel::Form));
    }
    if how == Opened::File {
        let (name, model) = (name.to_string(), info.spec.name());
        s.file_line = Some(tr_text!("file-loaded", name = name.clone(), model = model.clone(), params = params, kept = ""));
        s.pending.store = Some(StoreLine::Loaded { name: name.clone(), model, params, size: bytes.len() });
        let classes = s.current.as_ref().map(|c| c.names.join("\n")).unwrap_or_default();
        fx.push(Effect::Keep(KeptModel { name, bytes: bytes.to_vec(), classes }));
    }
    let after = AfterEval::Opened { how, name: name.to_string() };
    if s.data.is_some() {
        fx.extend(evaluate(s, after));
    } else {
        // The pad answers now; the score follows the data (`commit_data`).
        s.file_line = Some(match how {
            Opened::Pretrained => {
                let model = info.spec.name();
                tr_text!("file-pretrained-scoring", name = model)
            }
            _ => tr_text!("file-restored", name = name.to_string()),
        });
        s.pending.unscored = Some(after);
    }
    Ok(fx)
}

pub fn fits(info: &ModelInfo, data: &Loaded) -> Result<(), String> {
    let t = &data.train;
    fits_shape(info, &data.label, (t.rows, t.cols, t.classes))
}

/// `fits` for data named `label` of images `rows`×`cols` in `classes` classes.
fn fits_shape(info: &ModelInfo, label: &str, (rows, cols, classes): (usize, usize, usize)) -> Result<(), String> {
    if (info.rows, info.cols, info.classes) != (rows, cols, classes) {
        return Err(tr!(
            "data-model-mismatch",
            model = info.spec.name(),
            rows = info.rows.to_string(),
            cols = info.cols.to_string(),
            classes = info.classes,
            data = label,
            drows = rows.to_string(),
            dcols = cols.to_string(),
            dclasses = classes
        ));
    }
    Ok(())
}

/// A finished run's model kept in storage (restored on the next visit).
fn keep_model(s: &mut State) -> Effects {
    let Some(c) = s.current.as_ref() else { return vec![] };
    let name = file_name(&c.info);
    s.file_line = Some(tr_text!("file-trained", name = name.clone(), kept = ""));
    s.pending.store = Some(StoreLine::Trained { name: name.clone(), size: c.weights.0.len() });
    vec![Effect::Keep(KeptModel { name, bytes: c.weights.0.clone(), classes: c.names.join("\n") })]
}

fn stored(s: &mut State, result: Result<(), String>) -> Effects {
    let Some(line) = s.pending.store.take() else { return vec![] };
    let size = match &line {
        StoreLine::Loaded { size, .. } | StoreLine::Trained { size, .. } => *size,
    };
    let kept = match result {
        Ok(()) => tr_text!("file-stored"),
        Err(e) => tr_text!("file-not-stored", size = num(size as f64 / 1e6, 1), error = e),
    };
    s.file_line = Some(match line {
        StoreLine::Loaded { name, model, params, .. } => text(move || tr!("file-loaded", name = name.as_str(), model = model.as_str(), params = params, kept = kept())),
        StoreLine::Trained { name, .. } => text(move || tr!("file-trained", name = name.as_str(), kept = kept())),
    });
    vec![Effect::Redraw(Panel::Files)]
}

/// The model kept from the last visit, when it was made for the loaded data's classes; else (as the page
/// opens, on MNIST digits) the pretrained CNN.
fn restore_kept(s: &mut State, kept: Option<KeptModel>) -> Effects {
    let Some(restore) = s.pending.kept.take() else { return vec![] };
    // The classes it must have been made for: the data's, or (the model first) MNIST's digits.
    let (names, choice) = match (s.data.as_ref(), s.pending.model_first) {
        (Some(d), _) => (Some(d.names.join("\n")), d.choice),
        (None, true) => (Some(class_names(Some(s.settings.data), 10).join("\n")), Some(s.settings.data)),
        (None, false) => (None, None),
    };
    let fitting = kept.filter(|k| restore != Restore::Pretrained && names.as_deref() == Some(k.classes.as_str()));
    if let Some(k) = fitting {
        match open_model(s, &k.name, &k.bytes, Opened::Restored) {
            Ok(mut fx) => {
                fx.extend(model_in(s));
                return fx;
            }
            Err(e) => s.file_line = Some(tr_text!("file-not-restored", error = e)),
        }
    }
    let mnist = matches!(choice, Some(DataChoice::Embedded | DataChoice::Mnist | DataChoice::Own | DataChoice::WithOwn));
    if !matches!(restore, Restore::KeptOrPretrained | Restore::Pretrained) || !s.settings.pretrained || !mnist {
        let mut fx = vec![Effect::Redraw(Panel::Files)];
        fx.extend(model_in(s));
        return fx;
    }
    say(s, tr_text!("status-loading-pretrained"));
    let request = s.request();
    s.pending.fetch = Some((request, Fetching::Pretrained));
    vec![Effect::Fetch { request, url: PRETRAINED.into(), gunzip: false }]
}

/// The pretrained CNN again (fetched, opened and scored as when the page opens with it).
fn reopen_pretrained(s: &mut State) -> Effects {
    if !s.controls().change_inputs || s.loading.is_some() {
        refuse_busy(s);
        return vec![];
    }
    if !s.data.as_deref().is_some_and(digit_data) {
        // (The pretrained CNN reads MNIST's digits: not Fashion-MNIST, 3 vs 7 or the 8×8 digits.)
        fail(s, tr!("own-pretrained-needs-digits"));
        return vec![];
    }
    say(s, tr_text!("status-loading-pretrained"));
    let request = s.request();
    s.pending.fetch = Some((request, Fetching::Pretrained));
    vec![Effect::Fetch { request, url: PRETRAINED.into(), gunzip: false }]
}

fn model_file(s: &mut State, file: Result<(String, Vec<u8>), String>) -> Effects {
    if !s.controls().change_inputs {
        refuse_busy(s);
        return vec![];
    }
    match file.and_then(|(name, bytes)| open_model(s, &name, &bytes, Opened::File)) {
        Ok(fx) => fx,
        Err(e) => {
            s.file_line = Some(tr_text!("file-load-failed", error = e.clone()));
            fail(s, e);
            vec![Effect::Redraw(Panel::Files)]
        }
    }
}

/// Save, "Continue in your notebook", and the share box.
fn files(s: &mut State, msg: Msg) -> Effects {
    let can = s.controls();
    let current = s.current.clone();
    let fx = match (msg, current) {
        (Msg::Save, Some(c)) if can.save => {
            let name = file_name(&c.info);
            s.file_line = Some(tr_text!("file-saved", name = name.clone(), size = num(c.weights.0.len() as f64 / 1000.0, 1)));
            vec![Effect::Download { name, bytes: c.weights.0 }]
        }
        (Msg::Notebook, Some(c)) if can.save => {
            use crate::export::TestSet;
            let set = match s.settings.data {
                DataChoice::ThreeSeven => TestSet::ThreeSeven,
                DataChoice::Fashion => TestSet::Fashion,
                DataChoice::Digits => TestSet::Digits8x8,
                DataChoice::Embedded | DataChoice::Mnist | DataChoice::Own | DataChoice::WithOwn => TestSet::Mnist,
            };
            let name = file_name(&c.info);
            let script_name = name.replace(".safetensors", ".py");
            match crate::export::pytorch_script(&c.info, &name, set) {
                Ok(script) => {
                    s.file_line = Some(tr_text!("file-exported", name = name.clone(), script = script_name.clone()));
                    vec![Effect::Download { name, bytes: c.weights.0 }, Effect::Download { name: script_name, bytes: script.into_bytes() }]
                }
                Err(e) => {
                    s.file_line = Some(tr_text!("file-export-failed", error = e));
                    vec![]
                }
            }
        }
        (Msg::Share, _) => {
            s.share = Some(share(s));
            vec![]
        }
        _ => vec![],
    };
    let mut fx = fx;
    fx.push(Effect::Redraw(Panel::Files));
    fx
}

/// The current setup as a link and an iframe snippet.
fn share(s: &State) -> String {
    if let Some((_, problem)) = s.form_problems.first() {
        return tr!("share-fix-first", error = problem.as_str());
    }
    let mut settings = s.settings.clone();
    settings.autostart = false;
    settings.threads = None; // the number of cores is the viewer's machine's business
    // The language chosen (in the URL or the menu) travels with the link; so does one the browser chose, except
    // English, the default, so that an English link opens in each viewer's own language.
    let lang = crate::i18n::lang();
    settings.lang = settings.lang.or((lang != crate::i18n::Lang::En && lang != crate::i18n::Lang::Qps).then_some(lang));
    let link = format!("{}?{}", s.env.page, settings.to_query());
    let embed = Settings { embed: true, ..settings };
    let attr = crate::i18n::escape_html;
    let snippet = format!("<iframe src=\"{}?{}\" width=\"800\" height=\"600\" style=\"border:0\" title=\"{}\" loading=\"lazy\"></iframe>", s.env.page, attr(&embed.to_query()), attr(&tr!("share-iframe-title")));
    format!("{link}\n\n{snippet}")
}

// ---- settings: the form and a course page's commands -------------------------------------------------

/// A form field changed: the settings take the value if it is valid (else the field's problem is kept and
/// the summary says it); a new learning rate reaches a run in progress.
fn form(s: &mut State, key: &str, value: &str) -> Effects {
    s.form_problems.retain(|(k, _)| k != key);
    // The summary shows the model, so only its fields redraw it (a layout shift under the pointer would
    // swallow the click that ended an edit of the learning rate).
    let mut fx = if SUMMARY_FIELDS.contains(&key) { vec![Effect::Redraw(Panel::Summary)] } else { vec![] };
    if key == "threads" && s.settings.threads.is_none() && value.trim() == s.threads().to_string() {
        return fx; // still the machine's default: left to each machine
    }
    let lr = s.settings.lr;
    match s.settings.apply(&[(key.to_string(), value.to_string())], &FIXED_BY_MESSAGE) {
        Ok(()) => {
            if key == "optimizer" {
                // A new optimizer brings its usual learning rate.
                s.settings.lr = s.settings.optimizer.default_lr();
                s.form_problems.retain(|(k, _)| k != "lr");
                fx.push(Effect::Redraw(Panel::Form));
            }
            if s.settings.lr != lr {
                fx.extend(set_lr(s));
            }
        }
        Err(_) => {
            let reason = s.settings.clone().set(key, value).err().unwrap_or_else(|| tr!("url-not-a-setting"));
            s.form_problems.push((key.to_string(), tr!("error-setting", key = key, value = format!("{value:?}"), reason = reason)));
        }
    }
    fx
}

/// The settings' learning rate for the run in progress, from its next step.
fn set_lr(s: &mut State) -> Effects {
    let lr = s.settings.lr;
    let running = matches!(s.activity, Activity::Training | Activity::Paused | Activity::Stepping);
    // (A teaching runs at its recipe's rate, Adam's 0.0003: the form's rate is for training, not for it.)
    let teaching = s.own.teaching.is_some_and(|t| !t.ended);
    match s.run.as_mut().filter(|r| !r.finished && running && !teaching) {
        Some(r) => {
            r.settings.lr = lr;
            vec![Effect::ToWorker(ToWorker::SetLr { lr })]
        }
        None => vec![],
    }
}

/// A course page's command, obeyed only from the origins the URL allows (`origins=`), as the same
/// messages the page's own controls send.
fn command(s: &mut State, origin: &str, kind: &str, values: Vec<(String, String)>) -> Effects {
    if !s.settings.origins.iter().any(|o| o == origin) {
        return vec![];
    }
    match kind {
        "start" => control(s, Msg::Train),
        "step" => control(s, Msg::Step),
        "pause" => control(s, Msg::Pause),
        "set" => set(s, &values),
        _ => vec![],
    }
}

/// A `set` command: every value validated as a URL value would be; all or nothing. A new learning rate
/// also reaches a run in progress, new data is loaded (if nothing is training on the old).
fn set(s: &mut State, values: &[(String, String)]) -> Effects {
    let before = s.settings.clone();
    if let Err(problems) = s.settings.apply(values, &FIXED_BY_MESSAGE) {
        return vec![post("refused", &[("problems", problems.len() as f64)])];
    }
    if s.settings.data != before.data && !s.controls().change_inputs {
        // New data cannot come while a run trains on the old: the whole command is refused.
        s.settings = before;
        refuse_busy(s);
        return vec![post("refused", &[("problems", 1.0)])];
    }
    if s.settings.optimizer != before.optimizer && !values.iter().any(|(k, _)| k == "lr") {
        s.settings.lr = s.settings.optimizer.default_lr(); // as the form does
    }
    s.form_problems.clear();
    let mut fx = vec![Effect::Redraw(Panel::Form), post("settings", &[])];
    if s.settings.lr != before.lr {
        fx.extend(set_lr(s));
    }
    if s.settings.data != before.data {
        let choice = std::mem::replace(&mut s.settings.data, before.data);
        fx.extend(choose_data(s, choice));
    }
    fx
}

// ---- data ----------------------------------------------------------------------------------------------

fn choose_data(s: &mut State, choice: DataChoice) -> Effects {
    if !s.controls().change_inputs {
        refuse_busy(s);
        return vec![Effect::Redraw(Panel::Data)]; // the menu goes back to the data in use
    }
    begin_load(s, Some(choice), vec![], Restore::Kept)
}

fn data_files(s: &mut State, files: Result<Vec<(String, Vec<u8>)>, String>) -> Effects {
    if !s.controls().change_inputs {
        refuse_busy(s);
        return vec![Effect::Redraw(Panel::Data)];
    }
    match files {
        Ok(files) => begin_load(s, None, files, Restore::Kept),
        Err(e) => {
            fail(s, tr!("data-still-in-use", error = e));
            s.progress = Some(Some(1.0));
            vec![Effect::Redraw(Panel::Data)]
        }
    }
}

/// Starts loading `choice` (its files fetched one by one), or the learner's `files`.
fn begin_load(s: &mut State, choice: Option<DataChoice>, files: Vec<(String, Vec<u8>)>, restore: Restore) -> Effects {
    let urls: Vec<String> = match choice {
        None => vec![],
        Some(DataChoice::Digits) => vec![format!("data/{DIGITS_8X8}")],
        Some(DataChoice::Embedded | DataChoice::ThreeSeven | DataChoice::WithOwn) => vec![format!("data/{EMBEDDED_IMAGES}"), format!("data/{EMBEDDED_LABELS}")],
        Some(DataChoice::Own) => vec![],
        Some(c @ (DataChoice::Mnist | DataChoice::Fashion)) => {
            let dir = if c == DataChoice::Mnist { "data/mnist" } else { "data/fashion" };
            ["train", "t10k"].iter().flat_map(|p| [format!("{dir}/{p}-images-idx3-ubyte.gz"), format!("{dir}/{p}-labels-idx1-ubyte.gz")]).collect()
        }
    };
    let label = choice.map_or_else(|| tr!("data-your-files", name = files.first().map_or("", |f| f.0.as_str())), DataChoice::label);
    let before = match s.loading.as_ref() {
        Some(l) => l.before, // a choice replacing one on its way
        None => s.activity,
    };
    s.pending.data = None;
    s.pending.fetch = None;
    // (A load replaces a model first still on its way: the learner chose something else.)
    s.pending.model_first = false;
    s.pending.data_after_model = false;
    s.loading = Some(Loading { choice, label: label.clone(), urls, got: files, restore, parsed: None, before });
    if s.started && s.activity != Activity::WorkerLost {
        s.activity = Activity::Loading;
    }
    say(s, tr_text!("data-loading", name = label));
    s.progress = Some(Some(0.0));
    let mut fx = vec![Effect::Redraw(Panel::Data)];
    fx.extend(next_file(s));
    fx
}

/// Fetches the loading data's next file, or parses them all once they are in.
fn next_file(s: &mut State) -> Effects {
    let Some(l) = s.loading.as_ref() else { return vec![] };
    let own = matches!(l.choice, Some(DataChoice::Own | DataChoice::WithOwn));
    if l.got.len() < l.urls.len() || (l.urls.is_empty() && l.got.is_empty() && !own) {
        let Some(url) = l.urls.get(l.got.len()).cloned() else { return load_failed(s, tr!("data-files-not-found", names = "")) };
        // IDX files (megabytes of digits) are inflated by the browser; the 8×8 digits' small CSV by the wasm.
        let gunzip = url.ends_with("ubyte.gz");
        let request = s.request();
        s.pending.fetch = Some((request, Fetching::Data));
        return vec![Effect::Fetch { request, url, gunzip }];
    }
    if own && !s.own.read {
        return vec![Effect::Redraw(Panel::Data)]; // the learner's digits are on their way from storage
    }
    // The files are taken out of the load as they are parsed: no second copy of them stays beside the data.
    let got: Vec<(String, Vec<u8>)> = s.loading.as_mut().map(|l| l.got.iter_mut().map(|(name, bytes)| (name.clone(), std::mem::take(bytes))).collect()).unwrap_or_default();
    match parse_loading(s, got) {
        Ok(loaded) => {
            let loaded = Rc::new(loaded);
            if !s.worker.running {
                return commit_data(s, loaded); // a new worker gets it when it starts
            }
            let request = s.request();
            s.pending.data = Some((request, AfterData::Commit));
            if let Some(l) = s.loading.as_mut() {
                l.parsed = Some(loaded.clone());
            }
            // The worker keeps its own copy: it trains and evaluates on it.
            vec![Effect::ToWorker(ToWorker::Data { request, train: (*loaded.train).clone(), test: (*loaded.test).clone() }), Effect::Redraw(Panel::Data)]
        }
        Err(e) => load_failed(s, e),
    }
}

fn fetch_progress(s: &mut State, request: u64, fraction: Option<f64>) -> Effects {
    match (&s.pending.fetch, &s.loading) {
        (Some((id, Fetching::Data)), Some(l)) if *id == request => {
            let files = l.urls.len().max(1) as f64;
            s.progress = Some(fraction.map(|f| (l.got.len() as f64 + f) / files));
            vec![Effect::Redraw(Panel::Data)]
        }
        _ => vec![],
    }
}

fn fetched(s: &mut State, request: u64, result: Result<Vec<u8>, String>) -> Effects {
    let Some((id, what)) = s.pending.fetch.clone() else { return vec![] };
    if id != request {
        return vec![]; // a replaced load's file
    }
    s.pending.fetch = None;
    match (what, result) {
        (Fetching::Data, Ok(bytes)) => {
            if let Some(l) = s.loading.as_mut() {
                let name = l.urls[l.got.len()].clone();
                l.got.push((name, bytes));
            }
            next_file(s)
        }
        (Fetching::Data, Err(e)) => {
            let choice = s.loading.as_ref().and_then(|l| l.choice);
            let message = match choice {
                Some(c @ (DataChoice::Mnist | DataChoice::Fashion)) => tr!("data-not-served", name = c.label(), error = e),
                _ => e,
            };
            load_failed(s, message)
        }
        (Fetching::Pretrained, result) => {
            let mut fx = match result.and_then(|bytes| open_model(s, PRETRAINED_NAME, &bytes, Opened::Pretrained)) {
                Ok(fx) => fx,
                Err(e) => {
                    s.file_line = Some(tr_text!("file-pretrained-failed", error = e));
                    vec![Effect::Redraw(Panel::Files)]
                }
            };
            fx.extend(model_in(s));
            fx
        }
    }
}

/// The loading data, parsed: training and held-out parts and the class names.
fn parse_loading(s: &State, got: Vec<(String, Vec<u8>)>) -> Result<Loaded, String> {
    let l = s.loading.as_ref().ok_or("no data is loading")?;
    let mut files = got.into_iter();
    // The next two fetched files: images and labels (inflated by the browser, or gzip as they came).
    let mut pair = || match (files.next(), files.next()) {
        (Some(i), Some(l)) => Dataset::parse_fetched((&i.0, i.1), (&l.0, l.1), 10),
        _ => Err(tr!("data-files-not-found", names = "")),
    };
    let (train, test) = match l.choice {
        Some(DataChoice::Digits) => {
            let (url, bytes) = files.next().ok_or_else(|| tr!("data-files-not-found", names = ""))?;
            let all = crate::data::parse_digits_csv(&url, &bytes)?;
            all.split(all.len() / 5, 0)
        }
        Some(DataChoice::Embedded | DataChoice::ThreeSeven) => {
            let (train, test) = pair()?.split(2000, 0);
            if l.choice == Some(DataChoice::ThreeSeven) {
                (train.select_classes(&[3, 7])?, test.select_classes(&[3, 7])?)
            } else {
                (train, test)
            }
        }
        Some(DataChoice::Mnist | DataChoice::Fashion) => (pair()?, pair()?),
        Some(DataChoice::Own) => own_parts(s)?,
        Some(DataChoice::WithOwn) => {
            let (train, test) = pair()?.split(2000, 0);
            let (own_train, own_test) = own_parts(s)?;
            (train.concat(&own_train)?, test.concat(&own_test)?)
        }
        None => learner_files(&files.collect::<Vec<_>>())?,
    };
    let names = class_names(l.choice, train.classes);
    Ok(Loaded::new(l.choice, l.label.clone(), train, test, names))
}

/// The learner's digits as data: the taught part to train on, the held-out part to score on.
fn own_parts(s: &State) -> Result<(Dataset, Dataset), String> {
    let held = s.own.held_out();
    let (test, train): (Vec<usize>, Vec<usize>) = (0..s.own.digits.len()).partition(|&i| held[i]);
    if train.is_empty() || test.is_empty() {
        return Err(tr!("own-data-too-few", count = s.own.digits.len()));
    }
    Ok((s.own.digits.subset(&train), s.own.digits.subset(&test)))
}

/// Storage answered with the learner's digits: a load of them that waited goes on.
fn own_data_ready(s: &mut State) -> Effects {
    match s.loading.as_ref() {
        Some(l) if matches!(l.choice, Some(DataChoice::Own | DataChoice::WithOwn)) && l.got.len() == l.urls.len() && s.pending.fetch.is_none() && s.pending.data.is_none() => next_file(s),
        _ => vec![],
    }
}

fn idx_pair(images: &(String, Vec<u8>), labels: &(String, Vec<u8>)) -> Result<Dataset, String> {
    Dataset::parse((&images.0, &images.1), (&labels.0, &labels.1), 10)
}

/// Sorts picked or dropped files into training and test images and labels by their names (MNIST's
/// `train-`/`t10k-`, `images`/`labels` or `idx3`/`idx1`); without test files, 1/6 of the training files is
/// held out.
fn learner_files(files: &[(String, Vec<u8>)]) -> Result<(Dataset, Dataset), String> {
    let find = |test: bool, images: bool| crate::data::find_idx_file(files, test, images);
    let (Some(ti), Some(tl)) = (find(false, true), find(false, false)) else {
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        return Err(tr!("data-files-not-found", names = names.join(", ")));
    };
    let train = idx_pair(ti, tl)?;
    Ok(match (find(true, true), find(true, false)) {
        (Some(i), Some(l)) => (train, idx_pair(i, l)?),
        _ => {
            let n = train.len() / 6;
            train.split(n, 0)
        }
    })
}

fn class_names(choice: Option<DataChoice>, classes: usize) -> Vec<String> {
    match choice {
        Some(DataChoice::ThreeSeven) => vec!["3".into(), "7".into()],
        Some(DataChoice::Fashion) => (0..FASHION_CLASSES.len()).map(|c| tr!(&format!("fashion-{c}"))).collect(),
        _ => (0..classes).map(|c| c.to_string()).collect(),
    }
}

fn load_failed(s: &mut State, message: String) -> Effects {
    let files = s.loading.as_ref().is_some_and(|l| l.choice.is_none());
    // The page opening on the learner's digits when there are too few: it says so and opens on the embedded
    // digits instead (nothing to fall back to otherwise).
    if s.data.is_none() && !s.started {
        if let Some(l) = s.loading.as_ref().filter(|l| matches!(l.choice, Some(DataChoice::Own | DataChoice::WithOwn))) {
            let restore = l.restore;
            notice(s, message);
            s.loading = None;
            return begin_load(s, Some(DataChoice::Embedded), vec![], restore);
        }
    }
    if let Some(l) = s.loading.take() {
        if s.activity == Activity::Loading {
            s.activity = l.before;
        }
    }
    s.pending.fetch = None;
    s.pending.data = None;
    s.progress = Some(Some(1.0));
    fail(s, if files { tr!("data-still-in-use", error = message) } else { message });
    vec![Effect::Redraw(Panel::Data)]
}

/// The loaded data becomes the page's: the run and the evaluation go, helpers holding the old data end,
/// and the model stays if it fits (scored again), else one is brought back.
fn commit_data(s: &mut State, loaded: Rc<Loaded>) -> Effects {
    let restore = s.loading.take().map_or(Restore::Nothing, |l| l.restore);
    s.progress = Some(Some(1.0));
    if s.activity != Activity::WorkerLost {
        // (Without a worker the status keeps saying so: the page offers a new one.)
        let (name, train, test) = (loaded.label.clone(), loaded.train.len(), loaded.test.len());
        // A model opened before its data is scored next: "Press Train" comes with its score.
        say(s, if s.pending.unscored.is_some() { tr_text!("data-loaded-scoring", name = name, train = train, test = test) } else { tr_text!("data-loaded", name = name, train = train, test = test) });
    }
    if let Some(choice) = loaded.choice {
        s.settings.data = choice;
    }
    s.data = Some(loaded.clone());
    s.fresh(Fresh::Data);
    if s.started && s.activity != Activity::WorkerLost {
        s.activity = Activity::Idle; // (a paused run was on the old data)
    }
    let mut fx = end_helpers(s);
    fx.extend([Panel::Data, Panel::Summary, Panel::Training, Panel::Evaluation, Panel::Learned, Panel::Sketch].map(Effect::Redraw));
    // A forest grown on the old data is not the number to beat on the new: the lesson grows another.
    s.lesson_live.forest = None;
    s.pending.forest = None;
    if s.started && s.lesson.is_some_and(|l| l.forest) {
        fx.extend(grow_forest(s));
    }
    match s.current.as_ref() {
        Some(c) if fits(&c.info, &loaded).is_ok() && c.names == loaded.names => {
            // A model opened before its data is scored now, as it would have been then.
            let after = s.pending.unscored.take().unwrap_or(AfterEval::DataKept);
            fx.extend(evaluate(s, after))
        }
        _ => {
            s.current = None;
            s.pending.unscored = None;
            if restore != Restore::Nothing {
                s.pending.kept = Some(restore);
                fx.push(Effect::ReadKept);
            }
        }
    }
    fx
}

// ---- lessons -------------------------------------------------------------------------------------------

/// The lesson's live part, once the data is in.
fn lesson_start(s: &mut State) -> Effects {
    use crate::lessons::Live;
    let Some(lesson) = s.lesson else { return vec![] };
    let mut fx = vec![Effect::Redraw(Panel::Lesson)];
    match lesson.live {
        Live::Tensors => {
            say(s, tr_text!("tensors-status"));
            fx.extend(tensor_view(s));
        }
        Live::PixelSimilarity => {
            // In the worker: for 2,000 held-out digits that is 16 million differences.
            say(s, tr_text!("similarity-working"));
            let request = s.request();
            s.pending.distances = Some(request);
            fx.push(Effect::ToWorker(ToWorker::Distances { request }));
        }
        Live::Quadratic => {
            say(s, tr_text!("quadratic-status"));
            fx.extend(quadratic_reset(s));
        }
        Live::Train | Live::Compare(_) => {}
        Live::OwnDigits => say(s, tr_text!("lesson-own-digits-status")),
    }
    if lesson.forest {
        // Sent before autostart's first run: the worker answers in order, so the forest's number comes first.
        fx.extend(grow_forest(s));
    }
    fx
}

/// Asks the worker for a random forest on the data (the learner's trees and depth, the settings' seed): the
/// lesson's number to beat. A request still in flight is replaced (its answer is dropped).
fn grow_forest(s: &mut State) -> Effects {
    if s.data.is_none() || !s.worker.running {
        return vec![];
    }
    let ForestSettings { trees, depth, .. } = s.lesson_live.forest_settings;
    let seed = s.settings.seed;
    s.lesson_live.forest_settings.seed = seed;
    let request = s.request();
    s.pending.forest = Some(request);
    s.lesson_live.forest_grown = 0;
    vec![Effect::ToWorker(ToWorker::Forest { request, trees, depth, seed }), Effect::Redraw(Panel::Lesson)]
}

/// The forest's held-out accuracy arrived: shown at the top of the lesson, drawn on its chart, posted to an
/// embedding page.
fn forest_grown(s: &mut State, result: ForestResult) -> Effects {
    s.lesson_live.forest = Some(result);
    let ForestSettings { trees, depth, .. } = result.settings;
    vec![Effect::Redraw(Panel::Lesson), post("forest", &[("accuracy", result.accuracy), ("trees", trees as f64), ("depth", depth as f64)])]
}


fn lesson_input(s: &mut State, msg: Msg) -> Effects {
    let Some(data) = s.data.clone() else { return vec![] };
    let number = |v: &str, default: usize, max: usize| v.trim().parse::<usize>().map_or(default, |v| v.min(max));
    match msg {
        Msg::TensorView(v) => {
            let (rows, cols, n) = (data.train.rows, data.train.cols, data.train.len());
            s.lesson_live.tensor = [number(&v[0], 0, n - 1), number(&v[1], 0, rows - 1), number(&v[2], rows - 1, rows - 1), number(&v[3], 0, cols - 1), number(&v[4], cols - 1, cols - 1)];
            tensor_view(s)
        }
        Msg::SimilarityDigit(v) => {
            s.lesson_live.digit = number(&v, 0, data.test.len() - 1);
            vec![Effect::Redraw(Panel::Lesson)]
        }
        Msg::QuadraticSteps { steps, lr } => quadratic_steps(s, steps, &lr),
        Msg::QuadraticReset => quadratic_reset(s),
        Msg::Forest { trees, depth } => match ForestSettings::parse(&trees, &depth, s.settings.seed) {
            Ok(settings) => {
                s.lesson_live.forest_settings = settings;
                grow_forest(s)
            }
            Err(e) => {
                fail(s, e);
                vec![Effect::Redraw(Panel::Lesson)]
            }
        },
        _ => vec![],
    }
}

/// The tensors lesson: the digit's mean pixel, computed by the engine, is the lesson's result.
fn tensor_view(s: &mut State) -> Effects {
    let Some(data) = s.data.clone() else { return vec![] };
    let t = &data.train;
    let image = crate::Tensor::from_vec(t.image_f32(s.lesson_live.tensor[0]), &[t.rows, t.cols], &Device::Cpu);
    match now(image.mean().item()) {
        Ok(mean) => lesson_result(s, mean as f64),
        Err(e) => {
            fail(s, e);
            vec![]
        }
    }
}

/// The pixel-similarity lesson's numbers arrived: the nearest mean's accuracy on 3s and 7s and on all digits.
fn similarity(s: &mut State, means: Vec<f32>, l1: Vec<f32>, rmse: Vec<f32>) -> Effects {
    let Some(data) = s.data.clone() else { return vec![] };
    let (k, test) = (data.train.classes, &data.test);
    let accuracy = |d: &[f32], classes: &[usize]| {
        let (mut right, mut total) = (0, 0);
        for (i, &l) in test.labels.iter().enumerate() {
            if !classes.contains(&(l as usize)) {
                continue;
            }
            let best = classes.iter().copied().min_by(|&a, &b| d[i * k + a].total_cmp(&d[i * k + b])).unwrap_or(0);
            right += (best == l as usize) as usize;
            total += 1;
        }
        right as f64 / total.max(1) as f64
    };
    let all: Vec<usize> = (0..k).collect();
    let acc = [[accuracy(&l1, &[3, 7]), accuracy(&rmse, &[3, 7])], [accuracy(&l1, &all), accuracy(&rmse, &all)]];
    s.lesson_live.similarity = Some(Similarity { means, l1, rmse, accuracy: acc });
    say(s, tr_text!("similarity-status", v37 = num(acc[0][0] * 100.0, 2), all = num(acc[1][0] * 100.0, 2)));
    lesson_result(s, acc[0][0])
}

/// The quadratic lesson from its start: parameters drawn from the seed, the loss of the start measured.
fn quadratic_reset(s: &mut State) -> Effects {
    let (device, seed) = (Device::Cpu, s.settings.seed);
    let (t, speed) = crate::lessons::quadratic_data(seed);
    let features: Vec<f32> = t.iter().flat_map(|&t| [t * t, t, 1.0]).collect();
    let mut rng = crate::rng::rng(seed.wrapping_add(1));
    let params = crate::Tensor::from_vec(crate::nn::Init::Normal(1.0).sample(3, 1, 1, &mut rng), &[3, 1], &device).requires_grad_();
    s.lesson_live.fit = Some(Fit {
        params,
        features: crate::Tensor::from_vec(features, &[20, 3], &device),
        target: crate::Tensor::from_vec(speed.clone(), &[20, 1], &device),
        t,
        speed,
        losses: vec![],
        preds: vec![],
        values: vec![],
    });
    quadratic_steps(s, 0, "0")
}

/// Takes `steps` gradient steps (0: just measure the start) on the page's CPU backend.
fn quadratic_steps(s: &mut State, steps: usize, lr: &str) -> Effects {
    let lr: f32 = match lr.trim().parse() {
        Ok(lr) if f32::is_finite(lr) && lr >= 0.0 => lr,
        Ok(lr) => {
            fail(s, tr!("quadratic-lr-bad", lr = lr.to_string()));
            return vec![];
        }
        Err(_) => {
            fail(s, tr!("quadratic-lr-nan"));
            return vec![];
        }
    };
    let Some(f) = s.lesson_live.fit.as_mut() else { return vec![] };
    let result = (|| {
        for step in 0..=steps {
            let preds = f.features.matmul(&f.params);
            let diff = preds.sub(&f.target);
            let loss = diff.mul(&diff).mean();
            let value = now(loss.item())? as f64;
            // Step 0 measures the current parameters: logged once, when they are new.
            if step > 0 || f.losses.is_empty() {
                f.losses.push(value);
                f.preds = now(preds.to_vec())?;
            }
            if step == steps {
                break;
            }
            loss.backward();
            let grad = f.params.grad().ok_or("no gradient")?;
            crate::no_grad(|| f.params.assign(&f.params.sub(&grad.mul_scalar(lr))));
            f.params.zero_grad();
        }
        f.values = now(f.params.to_vec())?;
        Ok::<f64, String>(*f.losses.last().unwrap_or(&f64::NAN))
    })();
    match result {
        Ok(value) => {
            if !value.is_finite() {
                say(s, tr_text!("quadratic-diverged"));
            }
            lesson_result(s, value)
        }
        Err(e) => {
            fail(s, e);
            vec![]
        }
    }
}
