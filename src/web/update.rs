//! The page's one dispatcher: every user action, every embed command and every reply from the worker
//! is a `Msg`, handled in `update`. The training controls are drawn from the state in one function,
//! `render_controls` (the rules themselves are `controls::Activity::controls`, tested natively).

use std::rc::Rc;

use super::dom::{self, error, get_value, set_disabled, set_hidden, set_text, status_tr};
use super::engine::{start_helpers, Engine};
use super::state::{Current, Fresh, RunState, Shared};
use super::{data, embed, files, learned, lesson, model_form, sketch_pad, training};
use crate::config::{DataChoice, Settings};
use crate::controls::Activity;
use crate::model;
use crate::protocol::{FromWorker, ToWorker, Weights};
use crate::i18n::Lang;
use crate::{tr, tr_text};
use crate::Device;

/// Steps between the worker's reports on the page (each report carries the step's metrics).
pub const REPORT_EVERY: usize = 5;

pub enum Msg {
    /// A new run from the form's settings.
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
    /// The learning-rate field changed: a run in progress takes it at its next step.
    LearningRate,
    Save,
    ChooseData(DataChoice),
    OpenDataFiles(web_sys::FileList),
    OpenModel(web_sys::HtmlInputElement),
    /// Settings from an embedding page's `set` command (origin already checked).
    Set(Vec<(String, String)>),
    /// A lesson's comparison of runs.
    Compare(&'static [(&'static str, &'static str)]),
    SketchChanged,
    /// The share/embed button.
    Share,
    /// "Continue in your notebook": the weights and a PyTorch script.
    Notebook,
    Worker(FromWorker),
    WorkerLost(String),
    /// Helper worker `index` stopped: the training worker computes its shards from now on.
    HelperLost(usize, String),
    /// The language menu: the page (and the worker's messages) in another language, without a reload.
    Language(Lang),
}

pub fn update(app: &Shared, msg: Msg) {
    let activity = app.borrow().activity;
    let (has_data, has_model) = {
        let a = app.borrow();
        (a.data.is_some(), a.current.is_some())
    };
    let can = activity.controls(has_data, has_model);
    match msg {
        Msg::Train if can.train => {
            if let Err(e) = start_run(app, false) {
                error(&e);
            }
        }
        Msg::Step if activity == Activity::Paused => {
            app.borrow_mut().activity = Activity::Stepping;
            send(app, ToWorker::Step);
        }
        Msg::Step if can.step => match start_run(app, true) {
            Ok(()) => {
                app.borrow_mut().activity = Activity::Stepping;
                send(app, ToWorker::Step);
            }
            Err(e) => error(&e),
        },
        Msg::PauseOrResume | Msg::Pause if activity == Activity::Training => {
            // The controls turn at once; the status says "Paused" when the worker confirms (its last
            // reports arrive first, so what the page shows then is where the run stopped).
            send(app, ToWorker::Pause);
            app.borrow_mut().activity = Activity::Paused;
        }
        Msg::PauseOrResume if activity == Activity::Paused => {
            send(app, ToWorker::Resume);
            app.borrow_mut().activity = Activity::Training;
            status_tr(tr_text!("status-training"));
        }
        Msg::Reset => reset(app),
        Msg::CarryOn if can.carry_on => carry_on(app),
        Msg::LearningRate => {
            let lr = get_value("lr").trim().parse::<f32>();
            let running = app.borrow().run.as_ref().is_some_and(|r| !r.finished) && matches!(activity, Activity::Training | Activity::Paused);
            if let (Ok(lr), true) = (lr, running) {
                if let Some(r) = app.borrow_mut().run.as_mut() {
                    r.settings.lr = lr;
                }
                send(app, ToWorker::SetLr { lr });
            }
        }
        Msg::Save if can.save => files::save_model(app),
        Msg::Notebook if can.save => files::export_notebook(app),
        Msg::ChooseData(choice) => {
            if !can.change_inputs {
                error(&busy_message(activity));
                return;
            }
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = data::load_data(&app, choice, true).await {
                    error(&e);
                }
                model_form::refresh_summary(&app);
                render_controls(&app);
            });
        }
        Msg::OpenDataFiles(files) if can.change_inputs => data::open_data_files(app.clone(), files),
        Msg::OpenModel(input) if can.change_inputs => files::open_model_file(app.clone(), input),
        Msg::OpenDataFiles(_) | Msg::OpenModel(_) => error(&busy_message(activity)),
        Msg::Set(values) => embed::apply_set(app, &values),
        Msg::Compare(runs) if can.train => lesson::start_comparison(app, runs),
        Msg::SketchChanged => sketch_pad::predict(app.clone()),
        Msg::Share => embed::share(app),
        Msg::Worker(reply) => on_reply(app, reply),
        Msg::WorkerLost(why) => worker_lost(app, &why),
        Msg::HelperLost(index, why) => {
            let left = {
                let mut a = app.borrow_mut();
                if let Some(slot) = a.helpers.get_mut(index) {
                    *slot = None;
                }
                a.helpers.iter().flatten().count() + 1
            };
            send(app, ToWorker::DropHelper { index });
            dom::notice(&tr!("notice-helper-lost", why = why, left = left));
        }
        Msg::Language(lang) => set_language(app, lang),
        _ => {} // not possible in this state (the control is disabled, or a command came at the wrong time)
    }
    render_controls(app);
}

/// Why data or model files cannot change now.
fn busy_message(activity: Activity) -> String {
    match activity {
        Activity::Starting => tr!("busy-starting"),
        Activity::Evaluating => tr!("busy-evaluating"),
        _ => tr!("busy-training"),
    }
}

/// Switches the page to `lang` in place: the static texts, then everything drawn from the state, the texts
/// that know how to write themselves (`dom::retranslate`) and the epoch log from the history.
fn set_language(app: &Shared, lang: Lang) {
    super::l10n::set(lang, false);
    super::l10n::remember(lang);
    app.borrow_mut().settings.lang = Some(lang);
    send(app, ToWorker::Language { lang });
    if let Some(l) = app.borrow().lesson {
        let _ = lesson::show_panel(l);
    }
    model_form::refresh_summary(app);
    dom::retranslate();
    training::rewrite_log(app);
    training::draw_charts(&app.borrow().history);
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        learned::refresh(&app).await;
        super::evaluation::redraw(&app);
        sketch_pad::predict(app.clone());
    });
}

/// The training controls, from the state.
pub fn render_controls(app: &Shared) {
    let a = app.borrow();
    let c = a.activity.controls(a.data.is_some(), a.current.is_some());
    set_disabled("train-button", !c.train);
    set_disabled("pause-button", !c.pause);
    set_text("pause-button", &tr!(if c.pause_label == "resume" { "resume-button" } else { "pause-button" }));
    set_disabled("step-button", !c.step);
    set_disabled("save-model", !c.save);
    set_disabled("notebook-button", !c.save);
    set_hidden("carry-on-button", !c.carry_on);
    set_disabled("compare-run", !c.train);
}

pub fn send(app: &Shared, message: ToWorker) {
    let engine = app.borrow().engine.clone();
    if let Some(e) = engine {
        e.send(message);
    }
}

/// A new run of the form's settings (paused: set up for Step once).
fn start_run(app: &Shared, paused: bool) -> Result<(), String> {
    let settings = model_form::read_settings(&app.borrow().settings)?;
    let id = {
        let mut a = app.borrow_mut();
        a.settings = settings.clone();
        let id = a.fresh(Fresh::Run);
        a.run = Some(RunState { id, settings: settings.clone(), position: None, finished: false });
        a.activity = if paused { Activity::Paused } else { Activity::Training };
        id
    };
    training::clear_run_views(app);
    ensure_helpers(app);
    if !paused {
        status_tr(tr_text!("status-training"));
    }
    send(app, ToWorker::Train { run: id, settings, report_every: REPORT_EVERY, weights: None, from_epoch: 0, paused });
    Ok(())
}

fn reset(app: &Shared) {
    send(app, ToWorker::Stop);
    let lost = app.borrow().activity == Activity::WorkerLost;
    {
        let mut a = app.borrow_mut();
        a.fresh(Fresh::Reset);
        a.activity = Activity::Idle;
    }
    training::clear_run_views(app);
    learned::clear();
    sketch_pad::predict(app.clone());
    status_tr(tr_text!("status-reset"));
    if lost {
        let app = app.clone();
        wasm_bindgen_futures::spawn_local(async move {
            app.borrow_mut().activity = Activity::Starting;
            render_controls(&app);
            if let Err(e) = restart_worker(&app).await {
                error(&tr!("worker-not-started", error = e));
            }
            app.borrow_mut().activity = Activity::Idle;
            render_controls(&app);
        });
    }
}

/// A reply from the worker that no caller was waiting for.
fn on_reply(app: &Shared, reply: FromWorker) {
    let generation = app.borrow().generation;
    let comparing = app.borrow().comparison.is_some();
    match reply {
        FromWorker::Report { run, events, position, weights } if run == generation => {
            if let Some(r) = app.borrow_mut().run.as_mut() {
                r.position = Some(position);
            }
            let engine = app.borrow().engine.clone();
            for e in &events {
                if let (crate::train::Event::Progress { samples_per_s, .. }, Some(engine)) = (e, &engine) {
                    let batch = app.borrow().run.as_ref().map_or(1, |r| r.settings.batch);
                    engine.note_step_ms(batch as f64 * 1000.0 / samples_per_s.max(1e-6));
                }
            }
            if let Some(w) = weights {
                take_weights(app, w, position.epoch * position.steps_per_epoch + position.step);
            }
            if comparing {
                lesson::on_comparison_events(app, &events);
            } else {
                training::on_events(app, &events, position);
            }
        }
        FromWorker::Stopped { run, finished } if run == generation => {
            if let Some(r) = app.borrow_mut().run.as_mut() {
                r.finished = finished;
            }
            let was = app.borrow().activity;
            if finished && comparing {
                lesson::comparison_run_finished(app);
            } else if finished {
                app.borrow_mut().activity = Activity::Evaluating;
                let app = app.clone();
                wasm_bindgen_futures::spawn_local(async move { training::finish(&app).await });
            } else if matches!(was, Activity::Stepping | Activity::Paused) {
                // (Training: resumed before this pause's confirmation arrived; nothing to do.)
                app.borrow_mut().activity = Activity::Paused;
                if was == Activity::Stepping {
                    status_tr(tr_text!("status-stepped"));
                } else if !dom::showing_error() {
                    // (After a fault the worker pauses the run too: its message stays.)
                    status_tr(tr_text!("status-paused"));
                }
                let app = app.clone();
                wasm_bindgen_futures::spawn_local(async move { learned::refresh(&app).await });
            }
        }
        FromWorker::Failed { run, message } => {
            error(&message);
            if run == Some(generation) {
                let mut a = app.borrow_mut();
                if a.comparison.is_some() {
                    a.comparison = None;
                    a.activity = Activity::Idle;
                } else if a.activity != Activity::Idle {
                    a.activity = Activity::Paused;
                }
            }
        }
        FromWorker::Moved { run, backend, gpu, message, .. } => {
            set_text("backend", &backend);
            error(&message);
            let mut a = app.borrow_mut();
            a.gpu = gpu;
            if run == generation {
                a.activity = if a.comparison.is_some() { Activity::Idle } else { Activity::Paused };
                a.comparison = None;
            }
        }
        FromWorker::Ready { backend, gpu } => {
            let on_page = app.borrow().engine.as_ref().is_some_and(|e| !e.in_worker());
            set_text("backend", &if on_page { tr!("backend-line-page", backend = backend) } else { backend });
            app.borrow_mut().gpu = gpu;
        }
        _ => {} // a reply about a run that was replaced, or one a caller took
    }
}

/// The worker's latest weights become the page's model (rebuilt on the CPU backend): the views and the
/// sketch pad use them at once, while training goes on.
pub fn take_weights(app: &Shared, weights: Weights, steps: usize) {
    let names = app.borrow().data.as_ref().map(|d| d.names.clone()).unwrap_or_default();
    match model::load("the worker's weights", &weights.0, &Device::Cpu) {
        Ok((m, info)) => {
            let names = if names.len() == info.classes { names } else { (0..info.classes).map(|c| c.to_string()).collect() };
            app.borrow_mut().current = Some(Current { model: Rc::new(m), info, weights, names, steps });
            let due = crate::clock::now_ms() - app.borrow().views_ms > learned::VIEWS_EVERY_MS;
            if due {
                let app = app.clone();
                wasm_bindgen_futures::spawn_local(async move { learned::refresh(&app).await });
            } else {
                sketch_pad::predict(app.clone());
            }
        }
        Err(e) => error(&e),
    }
}

fn worker_lost(app: &Shared, why: &str) {
    let had = {
        let mut a = app.borrow_mut();
        if a.activity == Activity::WorkerLost {
            return;
        }
        a.engine = None;
        for h in a.helpers.drain(..).flatten() {
            h.terminate();
        }
        a.comparison = None;
        a.activity = Activity::WorkerLost;
        a.run.as_ref().and_then(|r| r.position.map(|p| (p.epoch, p.step)))
    };
    let kept = match (had, app.borrow().current.is_some()) {
        (Some((e, s)), true) => tr!("worker-lost-kept-weights", epochs = e, steps = s),
        (_, true) => tr!("worker-lost-kept-model"),
        _ => tr!("worker-lost-nothing"),
    };
    error(&format!("{} {kept}", tr!("worker-lost", why = why)));
}

fn carry_on(app: &Shared) {
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        app.borrow_mut().activity = Activity::Starting;
        render_controls(&app);
        let result = async {
            restart_worker(&app).await?;
            let (run, current) = {
                let a = app.borrow();
                (a.run.clone(), a.current.clone())
            };
            match (run, current) {
                (Some(r), Some(c)) if !r.finished => {
                    let from_epoch = r.position.map_or(0, |p| p.epoch);
                    let message = ToWorker::Train { run: r.id, settings: r.settings.clone(), report_every: REPORT_EVERY, weights: Some(c.weights.clone()), from_epoch, paused: false };
                    app.borrow_mut().activity = Activity::Training;
                    ensure_helpers(&app);
                    send(&app, message);
                    status_tr(tr_text!("status-new-worker-carries-on", epoch = from_epoch + 1));
                }
                _ => {
                    app.borrow_mut().activity = Activity::Idle;
                    status_tr(tr_text!("status-new-worker-ready"));
                }
            }
            Ok::<(), String>(())
        }
        .await;
        if let Err(e) = result {
            app.borrow_mut().activity = Activity::WorkerLost;
            error(&tr!("worker-not-started", error = e));
        }
        render_controls(&app);
    });
}

/// A new training worker (after one was lost) with the data and helpers.
async fn restart_worker(app: &Shared) -> Result<(), String> {
    connect(app).await?;
    let data = app.borrow().data.clone().ok_or("no data is loaded")?;
    send_data(app, &data.train, &data.test).await?;
    Ok(())
}

/// Starts the engine (a worker unless the URL says `worker=0` or the browser cannot) and has it choose its
/// device; the header names it.
pub async fn connect(app: &Shared) -> Result<(), String> {
    let use_worker = app.borrow().settings.worker;
    let on_reply: Rc<dyn Fn(FromWorker)> = {
        let weak = Rc::downgrade(app);
        Rc::new(move |r| {
            if let Some(app) = weak.upgrade() {
                update(&app, Msg::Worker(r));
            }
        })
    };
    let on_lost: Rc<dyn Fn(String)> = {
        let weak = Rc::downgrade(app);
        Rc::new(move |why| {
            if let Some(app) = weak.upgrade() {
                update(&app, Msg::WorkerLost(why));
            }
        })
    };
    let (engine, why_local) = Engine::start(use_worker, true, on_reply, on_lost);
    if let Some(old) = app.borrow_mut().engine.replace(engine.clone()) {
        old.terminate();
    }
    if let Some(why) = &why_local {
        dom::notice(&tr!("notice-page-thread", why = why.as_str()));
    }
    status_tr(tr_text!("status-choosing"));
    let backend = app.borrow().settings.backend;
    let lang = crate::i18n::lang();
    match engine.call(ToWorker::Init { backend, lang }, |r| matches!(r, FromWorker::Ready { .. })).await? {
        ready @ FromWorker::Ready { .. } => {
            self::on_reply(app, ready); // the header names the device, as after a language switch
            Ok(())
        }
        other => Err(format!("unexpected reply {other:?}")),
    }
}

/// The workers a CPU run uses: the setting, or one fewer than the machine's cores; 1 to 8.
pub fn threads(s: &Settings) -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    s.threads.unwrap_or(cores.saturating_sub(1)).clamp(1, 8)
}

/// Ends the helper workers (the training worker is told it has none).
pub fn drop_helpers(app: &Shared) {
    let helpers: Vec<_> = app.borrow_mut().helpers.drain(..).flatten().collect();
    if !helpers.is_empty() {
        for h in helpers {
            h.terminate();
        }
        send(app, ToWorker::Helpers);
    }
}

/// Makes the helper workers match the settings (called as a run starts, so a page that never trains on the
/// CPU starts none): on the CPU backend in a worker, `threads − 1` helpers,
/// each holding the training data and serving shards to the training worker over its own MessageChannel
/// (transferred ArrayBuffers: no SharedArrayBuffer, so it works in any course page's iframe).
pub fn ensure_helpers(app: &Shared) {
    let (engine, data, want, have) = {
        let a = app.borrow();
        let Some(engine) = a.engine.clone() else { return };
        let cpu_worker = engine.in_worker() && !a.gpu;
        let want = if cpu_worker { threads(&a.settings) - 1 } else { 0 };
        (engine, a.data.clone(), want, a.helpers.iter().flatten().count())
    };
    if want == have {
        return;
    }
    for h in app.borrow_mut().helpers.drain(..).flatten() {
        h.terminate();
    }
    if let Some(data) = data.filter(|_| want > 0) {
        let on_lost = |index: usize| -> Rc<dyn Fn(String)> {
            let weak = Rc::downgrade(app);
            Rc::new(move |why| {
                if let Some(app) = weak.upgrade() {
                    update(&app, Msg::HelperLost(index, why));
                }
            })
        };
        let helpers = start_helpers(&engine, &data.train, want, true, on_lost);
        app.borrow_mut().helpers = helpers.into_iter().map(Some).collect();
    } else {
        engine.send(ToWorker::Helpers);
    }
}

/// Gives the worker the data (it keeps its own copy).
pub async fn send_data(app: &Shared, train: &crate::data::Dataset, test: &crate::data::Dataset) -> Result<(), String> {
    let engine = app.borrow().engine.clone().ok_or_else(|| tr!("worker-not-running"))?;
    engine.call(ToWorker::Data { train: train.clone(), test: test.clone() }, |r| matches!(r, FromWorker::DataReady { .. })).await.map(|_| ())
}

/// Settings for an embedding page's `set` values; what changed is shown in the form.
pub fn settings_with(base: &Settings, values: &[(String, String)]) -> Result<Settings, Vec<String>> {
    let mut s = base.clone();
    let mut problems = Vec::new();
    for (k, v) in values {
        if matches!(k.as_str(), "origins" | "hide" | "embed" | "lesson" | "worker") {
            problems.push(format!("{k} cannot be changed by a message"));
        } else if let Err(err) = s.set(k, v) {
            problems.push(format!("{k}: {err}"));
        }
    }
    if problems.is_empty() {
        Ok(s)
    } else {
        Err(problems)
    }
}
