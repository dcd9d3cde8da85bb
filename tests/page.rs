//! Unit tests of the page's `update` (src/page/update.rs), natively and without a browser: each test feeds
//! the messages the runtime would (button presses, the worker's replies, fetched files, storage) and checks
//! both the page's state and the effects it asks for.

use std::io::{Read, Write};
use std::ops::{Deref, DerefMut};

use mnist_playground::config::{DataChoice, Settings, WorkersLimit};
use mnist_playground::controls::Activity;
use mnist_playground::i18n::Lang;
use mnist_playground::model::{self, ModelInfo, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::page::state::{Env, State};
use mnist_playground::page::{update, Effect, Msg, Panel};
use mnist_playground::protocol::{FromWorker, Position, ToWorker, Weights};
use mnist_playground::train::Event;
use mnist_playground::Device;

// ---- helpers ---------------------------------------------------------------------------------------------

/// The page's settings for most tests: MNIST files, no pretrained model (no extra fetch), a linear model.
const BASE: &str = "pretrained=0&data=mnist&model=linear&epochs=2&batch=10";
const TRAIN_N: usize = 60;
const TEST_N: usize = 20;
const STEPS: usize = TRAIN_N / 10;

/// A page's state and the runtime's clock (the `at_ms` of the worker's replies).
struct Page {
    s: State,
    ms: f64,
}

impl Deref for Page {
    type Target = State;
    fn deref(&self) -> &State {
        &self.s
    }
}

impl DerefMut for Page {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.s
    }
}

impl Page {
    /// A page as the runtime creates it, from a query string (which must be valid).
    fn new(query: &str) -> Page {
        let (settings, problems) = Settings::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        Page { s: State::new(settings, None, Env { cores: 4, device_memory_gb: None, page: "http://x/".into(), problems: vec![] }), ms: 0.0 }
    }

    /// Sends `msg` through `update`; the effects it asks for.
    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.s, msg)
    }

    /// A reply from the worker, arriving 100 ms after the last one.
    fn reply(&mut self, reply: FromWorker) -> Vec<Effect> {
        self.ms += 100.0;
        let at_ms = self.ms;
        self.send(Msg::Worker { reply, at_ms })
    }

    /// `Start`, with storage answering that no model was kept (the page asks before its data).
    fn start(&mut self) -> Vec<Effect> {
        let mut fx = self.send(Msg::Start);
        if has(&fx, "ReadKept") {
            fx.extend(self.send(Msg::Kept(None)));
        }
        fx
    }

    fn gen(&self) -> u64 {
        self.generation
    }

    fn run_id(&self) -> u64 {
        self.run.as_ref().expect("a run").id
    }

    fn status_text(&self) -> String {
        (self.status.text)()
    }

    /// Answers a data load the way the runtime would: every fetch with the synthetic file its URL names,
    /// the worker's `Data` with `DataReady`, and storage's `ReadKept` with nothing. `fx` are the effects
    /// that started it. Returns every effect seen on the way (the first ones included).
    fn finish_load(&mut self, fx: Vec<Effect>) -> Vec<Effect> {
        let mut all = vec![];
        let mut fx = fx;
        loop {
            let next = if let Some((request, url)) = fetch(&fx) {
                self.send(Msg::Fetched { request, result: Ok(idx_file(&url)) })
            } else if let Some(request) = data_request(&fx) {
                self.reply(FromWorker::DataReady { request, train: TRAIN_N, test: TEST_N })
            } else if has(&fx, "ReadKept") {
                self.send(Msg::Kept(None))
            } else {
                all.extend(fx);
                return all;
            };
            all.extend(std::mem::replace(&mut fx, next));
        }
    }
}

/// A page started, idle, with the MNIST files loaded, after the messages the runtime would feed it:
/// Start → Ready → the four files fetched → DataReady → no kept model.
fn started(query: &str) -> Page {
    let mut p = Page::new(query);
    let fx = p.start();
    assert!(matches!(fx[..2], [Effect::StartWorker { worker: true }, Effect::ToWorker(ToWorker::Init { .. })]), "{fx:?}");
    assert!(has(&fx, "ReadKept"), "the sketch pad's model is looked for before the data: {fx:?}");
    assert_eq!(p.activity, Activity::Starting);
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    let (_, url) = fetch(&fx).expect("the page fetches its data");
    assert_eq!(url, "data/mnist/train-images-idx3-ubyte.gz");
    let fx = p.finish_load(fx);
    assert!(!has(&fx, "ReadKept"), "the kept model was looked for once: {fx:?}");
    assert!(posts(&fx).contains(&"ready"), "{fx:?}");
    assert_eq!(p.activity, Activity::Idle);
    assert!(p.started && p.loading.is_none() && p.run.is_none() && p.current.is_none());
    let data = p.data.as_ref().expect("data");
    assert_eq!((data.choice, data.train.len(), data.test.len()), (Some(DataChoice::Mnist), TRAIN_N, TEST_N));
    assert!(!p.status.error, "{}", p.status_text());
    p
}

/// A started page training its first run (Train pressed).
fn training(query: &str) -> Page {
    let mut p = started(query);
    let fx = p.send(Msg::Train);
    assert_eq!(trains(&fx).len(), 1, "{fx:?}");
    assert_eq!(p.activity, Activity::Training);
    p
}

// Effects.

/// The effects' short names (the `Effect` Debug impl), for messages and `has`.
fn names(fx: &[Effect]) -> Vec<String> {
    fx.iter().map(|e| format!("{e:?}")).collect()
}

fn has(fx: &[Effect], name: &str) -> bool {
    names(fx).iter().any(|n| n == name)
}

fn to_worker(fx: &[Effect]) -> Vec<&ToWorker> {
    fx.iter().filter_map(|e| if let Effect::ToWorker(m) = e { Some(m) } else { None }).collect()
}

/// The `Train` messages sent: (run, weights, from_epoch, paused).
fn trains(fx: &[Effect]) -> Vec<(u64, Option<Weights>, usize, bool)> {
    to_worker(fx)
        .into_iter()
        .filter_map(|m| match m {
            ToWorker::Train { run, weights, from_epoch, paused, .. } => Some((*run, weights.clone(), *from_epoch, *paused)),
            _ => None,
        })
        .collect()
}

fn fetch(fx: &[Effect]) -> Option<(u64, String)> {
    fx.iter().find_map(|e| if let Effect::Fetch { request, url, .. } = e { Some((*request, url.clone())) } else { None })
}

/// The request of the `Data` message sent, if any.
fn data_request(fx: &[Effect]) -> Option<u64> {
    to_worker(fx).into_iter().find_map(|m| if let ToWorker::Data { request, .. } = m { Some(*request) } else { None })
}

/// The request of the `Evaluate` message sent, if any.
fn evaluate_request(fx: &[Effect]) -> Option<u64> {
    to_worker(fx).into_iter().find_map(|m| if let ToWorker::Evaluate { request } = m { Some(*request) } else { None })
}

/// The kinds of the messages posted to an embedding page.
fn posts(fx: &[Effect]) -> Vec<&'static str> {
    fx.iter().filter_map(|e| if let Effect::Post { kind, .. } = e { Some(*kind) } else { None }).collect()
}

fn keeps(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::Keep(_))).count()
}

// Data and models.

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

/// A data file as the runtime hands it over: inflated where the fetch asked the browser to (`gunzip`),
/// else the gzip file itself.
fn served(url: &str, gunzip: bool) -> Vec<u8> {
    let file = idx_file(url);
    if gunzip { flate2::read::GzDecoder::new(&file[..]).bytes().map(Result::unwrap).collect() } else { file }
}

/// The (gzipped) IDX file a data URL names: 60 training or 20 test 28×28 images and their labels 0..9.
fn idx_file(url: &str) -> Vec<u8> {
    let n = if url.contains("t10k") { TEST_N } else { TRAIN_N } as u32;
    let mut b = vec![];
    if url.contains("images") {
        b.extend(0x0000_0803u32.to_be_bytes());
        for d in [n, 28, 28] {
            b.extend(d.to_be_bytes());
        }
        b.extend((0..n as usize * 784).map(|i| (i * 37 % 251) as u8));
    } else {
        b.extend(0x0000_0801u32.to_be_bytes());
        b.extend(n.to_be_bytes());
        b.extend((0..n).map(|i| (i % 10) as u8));
    }
    gzip(&b)
}

/// A linear model's weights for 28×28 images of 10 classes, as the worker sends them (`model::save`).
fn weights(seed: u64) -> Weights {
    let spec = ModelSpec::parse("linear", Activation::Relu, 0.0).unwrap();
    let m = spec.build(28, 28, 10, seed, &Device::Cpu).unwrap();
    let info = ModelInfo { spec, rows: 28, cols: 28, classes: 10, mean: 0.0, std: 1.0 };
    Weights(pollster::block_on(model::save(&m, &info)).unwrap())
}

/// A report of run `run` at `epoch` (completed) and `step`, with one progress event and (optionally) weights.
fn report(run: u64, epoch: usize, step: usize, weights: Option<Weights>) -> FromWorker {
    let progress = Event::Progress { epoch: epoch + 1, step, steps: STEPS, loss: 1.5, accuracy: 0.4, samples_per_s: 1000.0, workers: 1 };
    FromWorker::Report { run, events: vec![progress], position: Position { epoch, step, steps_per_epoch: STEPS, lr: 0.1 }, weights }
}

/// Probabilities for every held-out digit: all of them right.
fn perfect_probs() -> Vec<f32> {
    (0..TEST_N).flat_map(|i| (0..10).map(move |c| if c == i % 10 { 1.0 } else { 0.0 })).collect()
}

/// A training page that has a model (a report with weights arrived) and whose run just finished: it waits
/// for the evaluation. Returns the page and the `Evaluate` request.
fn evaluating(query: &str) -> (Page, u64) {
    let mut p = training(query);
    let run = p.run_id();
    p.reply(report(run, 1, STEPS, Some(weights(1))));
    let fx = p.reply(FromWorker::Stopped { run, finished: true });
    let request = evaluate_request(&fx).expect("the run's model is scored");
    assert_eq!(p.activity, Activity::Evaluating);
    (p, request)
}

/// Plays the runtime and its worker for `fx` and all that follows: StartWorker starts a worker and
/// EndWorker ends it (`alive`: whether one runs now); a running worker answers Init with Ready and Data with
/// DataReady; fetches get their files and storage has no kept model. Returns the messages a worker
/// received and those sent while none ran (the runtime drops them).
fn play_worker(p: &mut Page, fx: Vec<Effect>, mut alive: bool) -> (Vec<ToWorker>, Vec<ToWorker>) {
    let (mut received, mut dropped) = (vec![], vec![]);
    let mut queue: std::collections::VecDeque<Effect> = fx.into();
    while let Some(effect) = queue.pop_front() {
        let next = match effect {
            Effect::StartWorker { .. } => {
                alive = true;
                vec![]
            }
            Effect::EndWorker => {
                alive = false;
                vec![]
            }
            Effect::ToWorker(m) if !alive => {
                dropped.push(m);
                vec![]
            }
            Effect::ToWorker(m) => {
                let answer = match &m {
                    ToWorker::Init { .. } => Some(FromWorker::Ready { backend: "CPU".into(), gpu: false }),
                    ToWorker::Data { request, .. } => Some(FromWorker::DataReady { request: *request, train: TRAIN_N, test: TEST_N }),
                    _ => None,
                };
                received.push(m);
                answer.map_or(vec![], |a| p.reply(a))
            }
            Effect::Fetch { request, url, gunzip } => {
                assert_eq!(gunzip, url.ends_with("ubyte.gz"), "{url}: the IDX files are inflated by the browser once they have arrived");
                p.send(Msg::Fetched { request, result: Ok(served(&url, gunzip)) })
            }
            Effect::ReadKept => p.send(Msg::Kept(None)),
            _ => vec![],
        };
        queue.extend(next);
    }
    (received, dropped)
}

// ---- the activity and its controls -------------------------------------------------------------------------

#[test]
fn starting_brings_the_page_to_idle_with_data() {
    // Start → Ready → four fetches → DataReady → no kept model: Idle, MNIST loaded, nothing trains.
    let p = started(BASE);
    assert_eq!(p.data_shown(), "mnist");
    assert_eq!(p.settings.data, DataChoice::Mnist);
    assert!(p.pending.fetch.is_none() && p.pending.data.is_none() && p.pending.kept.is_none() && p.pending.ready.is_none());
    let c = p.controls();
    assert!(c.train && c.step && !c.pause && !c.save);
}

#[test]
fn train_from_idle_starts_a_run() {
    // Idle → Train → Training: a new generation whose run is the settings', helpers for the CPU worker.
    let mut p = started(BASE);
    let before = p.gen();
    let fx = p.send(Msg::Train);
    assert_eq!(p.activity, Activity::Training);
    assert_eq!(p.gen(), before + 1);
    let run = p.run.as_ref().unwrap();
    assert_eq!((run.id, run.finished, run.position), (p.gen(), false, None));
    assert_eq!(run.settings, p.settings);
    assert!(!p.status.error);
    assert_eq!(p.status_text(), "Training…");
    assert_eq!(trains(&fx), vec![(p.gen(), None, 0, false)]);
    assert!(has(&fx, "StartHelpers(2)"), "4 cores: the worker and 2 helpers: {:?}", names(&fx));
    match to_worker(&fx).last() {
        Some(ToWorker::Train { settings, report_every, .. }) => assert_eq!((settings, *report_every), (&p.settings, 5)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_default_workers_follow_the_cores_and_the_devices_memory() {
    // An 8-core device: one fewer than its cores; with 512 MB (a 4 GB phone's budget) still all seven for the
    // embedded digits; a device reporting 0.5 GB (a 64 MB budget) trains on one worker and starts no helper.
    let mut p = started(BASE);
    p.env.cores = 8;
    assert_eq!((p.threads(), p.default_workers().limit), (7, WorkersLimit::Cores));
    p.env.device_memory_gb = Some(4.0);
    assert_eq!(p.threads(), 7);
    p.env.device_memory_gb = Some(0.5);
    assert_eq!((p.threads(), p.default_workers().limit), (1, WorkersLimit::Memory));
    let fx = p.send(Msg::Train);
    assert_eq!(p.activity, Activity::Training);
    assert!(!names(&fx).iter().any(|n| n.starts_with("StartHelpers")), "{:?}", names(&fx));
    // A number that was set is kept whatever the default.
    p.settings.threads = Some(3);
    assert_eq!(p.threads(), 3);
}

#[test]
fn pause_and_resume_a_run() {
    // Training → Pause → Paused (ToWorker::Pause) → PauseOrResume → Training (ToWorker::Resume); same run.
    let mut p = training(BASE);
    let run = p.run_id();
    let fx = p.send(Msg::PauseOrResume);
    assert_eq!(p.activity, Activity::Paused);
    assert_eq!(to_worker(&fx), [&ToWorker::Pause]);
    assert_eq!(p.controls().pause_label, "resume");
    let fx = p.send(Msg::PauseOrResume);
    assert_eq!(p.activity, Activity::Training);
    assert_eq!(to_worker(&fx), [&ToWorker::Resume]);
    assert_eq!((p.run_id(), p.gen()), (run, run));
    assert!(!p.status.error);
    assert_eq!(p.status_text(), "Training…");
    // The embed command's Pause pauses as well.
    let fx = p.send(Msg::Pause);
    assert_eq!((p.activity, to_worker(&fx)), (Activity::Paused, vec![&ToWorker::Pause]));
}

#[test]
fn step_from_idle_sets_up_a_paused_run_and_steps_it() {
    // Idle → Step → Stepping (a paused Train, then Step) → Stopped{finished:false} → Paused; Step → Stepping.
    let mut p = started(BASE);
    let fx = p.send(Msg::Step);
    assert_eq!(p.activity, Activity::Stepping);
    let run = p.run_id();
    assert_eq!(run, p.gen());
    assert_eq!(trains(&fx), vec![(run, None, 0, true)]);
    assert!(matches!(to_worker(&fx)[..], [ToWorker::Train { .. }, ToWorker::Step]), "{:?}", names(&fx));
    p.reply(report(run, 0, 1, Some(weights(1))));
    let fx = p.reply(FromWorker::Stopped { run, finished: false });
    assert_eq!(p.activity, Activity::Paused);
    assert!(to_worker(&fx).is_empty());
    assert!(p.status_text().starts_with("Stepped once"), "{}", p.status_text());
    assert!(p.current.is_some() && !p.run.as_ref().unwrap().finished);
    // Paused → Step → Stepping: one more step of the same run.
    let fx = p.send(Msg::Step);
    assert_eq!(p.activity, Activity::Stepping);
    assert_eq!(to_worker(&fx), [&ToWorker::Step]);
    assert_eq!(p.run_id(), run);
}

#[test]
fn a_finished_run_is_evaluated_then_idle() {
    // Training → Stopped{finished:true} → Evaluating (Load + Evaluate) → Evaluated → Idle, scored, posted, kept.
    let mut p = training(BASE);
    let run = p.run_id();
    let w = weights(1);
    p.reply(report(run, 2, 0, Some(w.clone())));
    assert_eq!(p.current.as_ref().unwrap().weights, w);
    let fx = p.reply(FromWorker::Stopped { run, finished: true });
    assert_eq!(p.activity, Activity::Evaluating);
    assert!(p.run.as_ref().unwrap().finished);
    let request = evaluate_request(&fx).expect("Evaluate");
    assert_eq!(to_worker(&fx), [&ToWorker::Load { weights: w.clone() }, &ToWorker::Evaluate { request }]);
    assert_eq!(p.pending.evaluate.as_ref().map(|e| e.0), Some(request));
    let c = p.controls();
    assert!(!c.train && !c.step && !c.save && !c.change_inputs);

    let fx = p.reply(FromWorker::Evaluated { request, probs: perfect_probs() });
    assert_eq!(p.activity, Activity::Idle);
    assert!(p.pending.evaluate.is_none());
    let e = p.evaluation.as_ref().expect("an evaluation");
    assert_eq!((e.correct(), e.accuracy()), (TEST_N, 1.0));
    assert!(!p.status.error);
    assert!(p.status_text().starts_with("Done: 20 of 20"), "{}", p.status_text());
    assert_eq!(posts(&fx), ["done"]);
    assert_eq!(keeps(&fx), 1, "{:?}", names(&fx));
    assert!(p.pending.store.is_some());
    // Only the map of the digits for the finished model (tests/page_see.rs).
    assert!(to_worker(&fx).iter().all(|m| matches!(m, ToWorker::Map { .. })), "{fx:?}");
    assert!(p.controls().train && p.controls().save);
}

#[test]
fn reset_from_paused_clears_the_run_and_model() {
    // Paused → Reset → Idle: the worker is told to Stop; run, model, charts and evaluation go; data stays.
    let mut p = training(BASE);
    let run = p.run_id();
    p.reply(report(run, 0, 5, Some(weights(1))));
    p.send(Msg::Pause);
    let fx = p.send(Msg::Reset);
    assert_eq!(p.activity, Activity::Idle);
    assert_eq!(to_worker(&fx), [&ToWorker::Stop]);
    assert!(p.run.is_none() && p.current.is_none() && p.evaluation.is_none() && p.history.steps.is_empty());
    assert_eq!(p.gen(), run + 1);
    assert!(p.data.is_some());
    assert!(!p.status.error);
    assert!(p.status_text().starts_with("Reset"), "{}", p.status_text());
}

#[test]
fn buttons_that_are_not_allowed_do_nothing() {
    // Train/Step while Training, Resume/CarryOn while Idle, anything but Reset while Evaluating: no effects,
    // no change.
    let mut p = training(BASE);
    let (run, gen, requests) = (p.run_id(), p.gen(), p.requests);
    for msg in [Msg::Train, Msg::Step, Msg::CarryOn, Msg::Compare] {
        let fx = p.send(msg.clone());
        assert!(fx.is_empty(), "{msg:?} while training: {:?}", names(&fx));
        assert_eq!((p.activity, p.run_id(), p.gen(), p.requests), (Activity::Training, run, gen, requests), "{msg:?}");
    }
    let mut p = started(BASE);
    for msg in [Msg::PauseOrResume, Msg::Pause, Msg::CarryOn, Msg::Compare] {
        let fx = p.send(msg.clone());
        assert!(fx.is_empty(), "{msg:?} while idle: {:?}", names(&fx));
        assert_eq!(p.activity, Activity::Idle, "{msg:?}");
        assert!(p.run.is_none());
    }
    let (mut p, request) = evaluating(BASE);
    for msg in [Msg::Train, Msg::Step, Msg::PauseOrResume, Msg::CarryOn] {
        let fx = p.send(msg.clone());
        assert!(fx.is_empty(), "{msg:?} while evaluating: {:?}", names(&fx));
        assert_eq!(p.activity, Activity::Evaluating, "{msg:?}");
    }
    assert_eq!(p.pending.evaluate.as_ref().map(|e| e.0), Some(request));
}

// ---- data --------------------------------------------------------------------------------------------------

#[test]
fn new_data_during_a_run_is_refused() {
    // Training → ChooseData(Fashion): refused with an error, the data and run unchanged, the menu redrawn
    // so it shows the data in use again.
    let mut p = training(BASE);
    let (run, data) = (p.run_id(), p.data.clone().unwrap());
    let fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    assert_eq!(names(&fx), ["Redraw(Data)"]);
    assert!(p.status.error);
    assert!(p.status_text().contains("pause or reset the training"), "{}", p.status_text());
    assert_eq!(p.activity, Activity::Training);
    assert_eq!(p.run_id(), run);
    assert!(p.loading.is_none() && p.pending.fetch.is_none());
    assert!(std::rc::Rc::ptr_eq(p.data.as_ref().unwrap(), &data));
    assert_eq!(p.settings.data, DataChoice::Mnist);
    assert_eq!(p.data_shown(), "mnist");
}

#[test]
fn a_new_choice_replaces_data_on_its_way() {
    // Idle → ChooseData(Mnist) (a fetch in flight) → ChooseData(Fashion): the first fetch's late reply is
    // ignored and Fashion-MNIST loads.
    let mut p = started(BASE);
    let fx = p.send(Msg::ChooseData(DataChoice::Mnist));
    let (old, url) = fetch(&fx).unwrap();
    assert_eq!(url, "data/mnist/train-images-idx3-ubyte.gz");
    assert_eq!(p.activity, Activity::Loading);
    let fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    let (new, url) = fetch(&fx).unwrap();
    assert_ne!(new, old);
    assert_eq!(url, "data/fashion/train-images-idx3-ubyte.gz");
    assert_eq!((p.activity, p.data_shown()), (Activity::Loading, "fashion"));

    let late = p.send(Msg::Fetched { request: old, result: Ok(idx_file("train-images")) });
    assert!(late.is_empty(), "{:?}", names(&late));
    assert!(p.loading.as_ref().unwrap().got.is_empty());
    assert_eq!(p.pending.fetch.as_ref().map(|f| f.0), Some(new));

    let all = p.finish_load(fx);
    assert_eq!(p.activity, Activity::Idle);
    assert!(p.loading.is_none());
    assert_eq!(p.data.as_ref().unwrap().choice, Some(DataChoice::Fashion));
    assert_eq!((p.settings.data, p.data_shown()), (DataChoice::Fashion, "fashion"));
    assert!(all.iter().all(|e| !matches!(e, Effect::Fetch { url, .. } if url.contains("mnist"))), "{:?}", names(&all));
    assert!(!p.status.error, "{}", p.status_text());
}

#[test]
fn train_waits_for_data_on_its_way() {
    // ChooseData → Loading: Train sends nothing; once DataReady arrives the page is Idle and Train works.
    let mut p = started(BASE);
    let fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    assert_eq!(p.activity, Activity::Loading);
    assert!(p.send(Msg::Train).is_empty());
    assert!(p.send(Msg::Step).is_empty());
    assert!(p.run.is_none());
    // Fetch everything; the worker has not answered Data yet: still Loading.
    let mut fx = fx;
    while let Some((request, url)) = fetch(&fx) {
        fx = p.send(Msg::Fetched { request, result: Ok(idx_file(&url)) });
    }
    let request = data_request(&fx).expect("Data");
    assert_eq!(p.activity, Activity::Loading);
    assert!(p.send(Msg::Train).is_empty());
    let fx = p.reply(FromWorker::DataReady { request, train: TRAIN_N, test: TEST_N });
    assert_eq!(p.activity, Activity::Idle);
    assert_eq!(p.data.as_ref().unwrap().choice, Some(DataChoice::Fashion));
    p.finish_load(fx);
    let fx = p.send(Msg::Train);
    assert_eq!(p.activity, Activity::Training);
    assert_eq!(trains(&fx), vec![(p.gen(), None, 0, false)]);
}

// ---- a course page's commands, the language --------------------------------------------------------------

const COURSE: &str = "pretrained=0&data=mnist&model=linear&epochs=2&batch=10&origins=https://course.example&hide=lr";

fn set_lr(origin: &str, lr: &str) -> Msg {
    Msg::Command { origin: origin.into(), kind: "set".into(), settings: vec![("lr".into(), lr.into())] }
}

#[test]
fn a_set_command_from_an_allowed_origin_changes_the_running_lr() {
    // Training, origins=https://course.example: `set lr=0.5` reaches the run (SetLr) and the settings.
    let mut p = training(COURSE);
    let run = p.run_id();
    let fx = p.send(set_lr("https://course.example", "0.5"));
    assert_eq!(to_worker(&fx), [&ToWorker::SetLr { lr: 0.5 }]);
    assert_eq!(posts(&fx), ["settings"]);
    assert!(has(&fx, "Redraw(Form)"));
    assert_eq!(p.settings.lr, 0.5);
    assert_eq!(p.run.as_ref().unwrap().settings.lr, 0.5);
    assert_eq!((p.activity, p.run_id()), (Activity::Training, run));
    assert!(!p.status.error);
}

#[test]
fn a_set_command_from_another_origin_is_ignored() {
    // Training: `set lr=0.5` from an origin not listed changes nothing and answers nothing.
    let mut p = training(COURSE);
    let lr = p.settings.lr;
    let fx = p.send(set_lr("https://evil.example", "0.5"));
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert_eq!((p.settings.lr, p.run.as_ref().unwrap().settings.lr), (lr, lr));
    assert_eq!(p.activity, Activity::Training);
    assert!(!p.status.error);
}

#[test]
fn a_set_command_with_an_invalid_value_is_refused() {
    // Training: `set lr=-1` (out of range) is answered "refused"; the settings and the run are unchanged.
    let mut p = training(COURSE);
    let (settings, run) = (p.settings.clone(), p.run.clone().unwrap());
    for bad in ["-1", "fast", "NaN"] {
        let fx = p.send(set_lr("https://course.example", bad));
        assert_eq!(names(&fx), ["Post(refused, [(\"problems\", 1.0)])"], "lr={bad}");
        assert_eq!(p.settings, settings);
        assert_eq!(p.run.as_ref().unwrap().settings, run.settings);
        assert_eq!(p.activity, Activity::Training);
    }
    // A key a message may not change (origins) is refused too, even beside a valid one.
    let msg = Msg::Command {
        origin: "https://course.example".into(),
        kind: "set".into(),
        settings: vec![("lr".into(), "0.5".into()), ("origins".into(), "https://evil.example".into())],
    };
    let fx = p.send(msg);
    assert_eq!(posts(&fx), ["refused"]);
    assert!(to_worker(&fx).is_empty());
    assert_eq!(p.settings, settings);
}

#[test]
fn a_language_switch_during_a_run_keeps_it_going() {
    // Training → Language(Sv): the page and the worker switch language, everything is redrawn, the run goes on.
    let mut p = training(BASE);
    let run = p.run_id();
    let fx = p.send(Msg::Language(Lang::Sv));
    assert_eq!(fx.len(), 3, "{:?}", names(&fx));
    assert_eq!(to_worker(&fx), [&ToWorker::Language { lang: Lang::Sv }]);
    assert!(fx.iter().any(|e| matches!(e, Effect::SetLanguage(Lang::Sv))));
    assert!(fx.iter().any(|e| matches!(e, Effect::Redraw(Panel::All))));
    assert_eq!(p.settings.lang, Some(Lang::Sv));
    assert_eq!((p.activity, p.run_id(), p.gen()), (Activity::Training, run, run));
    // The run's reports still count.
    p.reply(report(run, 0, 5, Some(weights(1))));
    assert_eq!(p.history.steps.len(), 1);
}

// ---- replies in flight -------------------------------------------------------------------------------------

#[test]
fn reports_in_flight_after_pause_are_taken() {
    // Training → Pause → a Report of the run still arrives: taken (history grows, weights replace the model),
    // the page stays Paused; Stopped{finished:false} then says "Paused".
    let mut p = training(BASE);
    let run = p.run_id();
    p.reply(report(run, 0, 1, Some(weights(1))));
    p.send(Msg::Pause);
    assert_eq!(p.history.steps.len(), 1);
    let late = weights(2);
    p.reply(report(run, 0, 2, Some(late.clone())));
    assert_eq!(p.activity, Activity::Paused);
    assert_eq!(p.history.steps.len(), 2);
    assert_eq!(p.current.as_ref().unwrap().weights, late);
    assert_eq!(p.run.as_ref().unwrap().position.map(|q| q.step), Some(2));
    let fx = p.reply(FromWorker::Stopped { run, finished: false });
    assert_eq!(p.activity, Activity::Paused);
    assert!(to_worker(&fx).is_empty());
    assert!(!p.status.error);
    assert!(p.status_text().starts_with("Paused"), "{}", p.status_text());
}

#[test]
fn a_lost_worker_during_a_run_is_replaced_and_carries_on() {
    // Training → WorkerLost: the model stays, CarryOn starts a new worker, which gets the data again and
    // then the run from its last weights and epoch.
    let mut p = training(BASE);
    let run = p.run_id();
    let w = weights(1);
    p.reply(report(run, 1, 2, Some(w.clone())));
    let fx = p.send(Msg::WorkerLost("out of memory".into()));
    assert_eq!(names(&fx), ["EndWorker"]);
    assert_eq!(p.activity, Activity::WorkerLost);
    assert!(p.status.error);
    assert!(p.status_text().contains("out of memory"), "{}", p.status_text());
    assert!(!p.worker.running);
    assert_eq!(p.current.as_ref().unwrap().weights, w);
    assert_eq!(p.run_id(), run);
    let c = p.controls();
    assert!(c.carry_on && c.train && c.save && !c.step && !c.pause);

    let fx = p.send(Msg::CarryOn);
    assert!(matches!(fx[..], [Effect::StartWorker { worker: true }, Effect::ToWorker(ToWorker::Init { .. })]), "{:?}", names(&fx));
    assert_eq!(p.activity, Activity::Starting);
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    let request = data_request(&fx).expect("the data again");
    assert!(fetch(&fx).is_none(), "the page's data is resent, not fetched");
    let fx = p.reply(FromWorker::DataReady { request, train: TRAIN_N, test: TEST_N });
    assert_eq!(trains(&fx), vec![(run, Some(w.clone()), 1, false)]);
    assert!(has(&fx, "StartHelpers(2)"), "{:?}", names(&fx));
    assert_eq!(p.activity, Activity::Training);
    assert_eq!((p.run_id(), p.gen()), (run, run));
    assert!(p.worker.running);
    assert!(!p.status.error);
    // The new worker's reports are the same run's.
    p.reply(report(run, 1, 3, Some(weights(2))));
    assert_eq!(p.current.as_ref().unwrap().weights, weights(2));
}

#[test]
fn a_lost_worker_during_a_fetch_leaves_the_data_to_load() {
    // Loading (a fetch in flight) → WorkerLost → the fetches complete: the data becomes the page's without
    // a worker (no Data sent); the page stays WorkerLost until a new worker is started.
    let mut p = started(BASE);
    let fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    assert_eq!(p.activity, Activity::Loading);
    let lost = p.send(Msg::WorkerLost("crashed".into()));
    assert_eq!(names(&lost), ["EndWorker"]);
    assert_eq!(p.activity, Activity::WorkerLost);
    assert!(p.loading.is_some());
    let all = p.finish_load(fx);
    assert!(data_request(&all).is_none(), "no worker to send it to: {:?}", names(&all));
    assert!(p.loading.is_none());
    assert_eq!(p.data.as_ref().unwrap().choice, Some(DataChoice::Fashion));
    assert_eq!(p.settings.data, DataChoice::Fashion);
    assert_eq!(p.activity, Activity::WorkerLost);
    // CarryOn: the new worker gets the new data.
    p.send(Msg::CarryOn);
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    let request = data_request(&fx).expect("Data");
    match to_worker(&fx)[..] {
        [ToWorker::Data { train, .. }] => assert_eq!(train.len(), TRAIN_N),
        ref other => panic!("{other:?}"),
    }
    p.reply(FromWorker::DataReady { request, train: TRAIN_N, test: TEST_N });
    assert_eq!(p.activity, Activity::Idle);
}

#[test]
fn a_lost_worker_during_an_evaluation_drops_it() {
    // Evaluating → WorkerLost: the evaluation waited for is dropped; its late answer is ignored.
    let (mut p, request) = evaluating(BASE);
    p.send(Msg::WorkerLost("crashed".into()));
    assert_eq!(p.activity, Activity::WorkerLost);
    assert!(p.pending.evaluate.is_none());
    assert!(p.current.is_some());
    let fx = p.reply(FromWorker::Evaluated { request, probs: perfect_probs() });
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert!(p.evaluation.is_none());
    assert_eq!(p.activity, Activity::WorkerLost);
    assert!(p.status.error, "the lost worker's message stays");
}

// ---- stale replies -----------------------------------------------------------------------------------------

#[test]
fn replies_about_a_replaced_run_are_ignored() {
    // Run 1 paused, then Train again (run 2): run 1's late Report and Stopped change nothing.
    let mut p = training(BASE);
    let first = p.run_id();
    let w = weights(1);
    p.reply(report(first, 0, 1, Some(w.clone())));
    p.send(Msg::Pause);
    let fx = p.send(Msg::Train);
    let second = p.run_id();
    assert_ne!(second, first);
    assert_eq!(trains(&fx), vec![(second, None, 0, false)]);
    assert!(p.history.steps.is_empty());

    let fx = p.reply(report(first, 0, 2, Some(weights(2))));
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert!(p.history.steps.is_empty());
    assert_eq!(p.current.as_ref().unwrap().weights, w);
    assert_eq!(p.run.as_ref().unwrap().position, None);
    let fx = p.reply(FromWorker::Stopped { run: first, finished: true });
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert_eq!(p.activity, Activity::Training);
    assert!(!p.run.as_ref().unwrap().finished);
    assert!(p.pending.evaluate.is_none());
}

#[test]
fn replies_about_a_reset_run_are_ignored() {
    // Run paused, Reset: its late Report and Stopped neither bring a model back nor start an evaluation.
    let mut p = training(BASE);
    let run = p.run_id();
    p.send(Msg::Pause);
    p.send(Msg::Reset);
    let fx = p.reply(report(run, 0, 3, Some(weights(1))));
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert!(p.current.is_none() && p.run.is_none() && p.history.steps.is_empty());
    let fx = p.reply(FromWorker::Stopped { run, finished: true });
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert_eq!(p.activity, Activity::Idle);
    assert!(p.pending.evaluate.is_none());
    assert!(p.status_text().starts_with("Reset"), "{}", p.status_text());
}

#[test]
fn an_evaluation_of_a_replaced_request_is_ignored() {
    // Evaluating (request 1) → Reset → a new run finishes (request 2): request 1's answer is ignored,
    // request 2's is taken.
    let (mut p, first) = evaluating(BASE);
    p.send(Msg::Reset);
    assert!(p.pending.evaluate.is_none());
    let fx = p.reply(FromWorker::Evaluated { request: first, probs: perfect_probs() });
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert!(p.evaluation.is_none() && p.current.is_none());
    assert_eq!(p.activity, Activity::Idle);

    p.send(Msg::Train);
    let run = p.run_id();
    p.reply(report(run, 2, 0, Some(weights(3))));
    let fx = p.reply(FromWorker::Stopped { run, finished: true });
    let second = evaluate_request(&fx).unwrap();
    assert_ne!(second, first);
    let fx = p.reply(FromWorker::Evaluated { request: first, probs: vec![0.1; TEST_N * 10] });
    assert!(fx.is_empty(), "{:?}", names(&fx));
    assert_eq!(p.activity, Activity::Evaluating);
    assert_eq!(p.pending.evaluate.as_ref().map(|e| e.0), Some(second));
    assert!(p.evaluation.is_none());
    let fx = p.reply(FromWorker::Evaluated { request: second, probs: perfect_probs() });
    assert_eq!(posts(&fx), ["done"]);
    assert_eq!(p.activity, Activity::Idle);
    assert_eq!(p.evaluation.as_ref().unwrap().correct(), TEST_N);
}

#[test]
fn data_ready_for_a_replaced_load_is_ignored() {
    // Fashion fetched and sent to the worker (Data 1), then MNIST chosen: Data 1's DataReady is ignored;
    // MNIST's own completes the load.
    let mut p = started(BASE);
    let old_data = p.data.clone().unwrap();
    let mut fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    while let Some((request, url)) = fetch(&fx) {
        fx = p.send(Msg::Fetched { request, result: Ok(idx_file(&url)) });
    }
    let first = data_request(&fx).expect("Data");
    let fx = p.send(Msg::ChooseData(DataChoice::Mnist));
    assert_eq!(p.activity, Activity::Loading);
    let late = p.reply(FromWorker::DataReady { request: first, train: TRAIN_N, test: TEST_N });
    assert!(late.is_empty(), "{:?}", names(&late));
    assert_eq!(p.activity, Activity::Loading);
    assert!(std::rc::Rc::ptr_eq(p.data.as_ref().unwrap(), &old_data));
    assert_eq!(p.settings.data, DataChoice::Mnist);
    assert_eq!(p.data_shown(), "mnist");
    assert!(p.loading.as_ref().unwrap().parsed.is_none());

    let all = p.finish_load(fx);
    let second = data_request(&all).unwrap();
    assert_ne!(second, first);
    assert_eq!(p.activity, Activity::Idle);
    assert!(!std::rc::Rc::ptr_eq(p.data.as_ref().unwrap(), &old_data));
    assert_eq!(p.data.as_ref().unwrap().choice, Some(DataChoice::Mnist));
}


#[test]
fn a_lost_worker_while_the_page_opens_its_data_is_replaced_and_the_page_opens() {
    // Start → Ready → (fetching) → WorkerLost → the files arrive (committed without a worker) → CarryOn:
    // the new worker gets the data and the page opens (Idle, started, `ready` posted).
    let mut p = Page::new(BASE);
    p.start();
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    assert!(fetch(&fx).is_some());
    p.send(Msg::WorkerLost("crashed".into()));
    let all = p.finish_load(fx);
    assert!(data_request(&all).is_none());
    assert_eq!((p.activity, p.started), (Activity::WorkerLost, false));
    assert!(p.data.is_some() && p.controls().carry_on);
    let fx = p.send(Msg::CarryOn);
    let (received, dropped) = play_worker(&mut p, fx, false);
    assert!(dropped.is_empty(), "{dropped:?}");
    assert!(matches!(received[..], [ToWorker::Init { .. }, ToWorker::Data { .. }]), "{received:?}");
    assert_eq!((p.activity, p.started), (Activity::Idle, true));
    assert!(p.worker.running && p.controls().train);
}

// ---- a page without a worker (bugs these tests found, fixed) ------------------------------------------------

#[test]
fn train_after_a_lost_worker_starts_a_new_one() {
    // WorkerLost → Train: the controls offer Train after a lost worker; a new worker is started and given the
    // data before the new run is sent to it (not a Train into no worker and "Training…" forever).
    let mut p = training(BASE);
    let old = p.run_id();
    p.reply(report(old, 1, 2, Some(weights(1))));
    p.send(Msg::WorkerLost("crashed".into()));
    assert!(p.controls().train);
    let fx = p.send(Msg::Train);
    let (received, dropped) = play_worker(&mut p, fx, false);
    assert!(dropped.is_empty(), "sent while no worker runs: {dropped:?}");
    let data = received.iter().position(|m| matches!(m, ToWorker::Data { .. }));
    let train = received.iter().position(|m| matches!(m, ToWorker::Train { weights: None, from_epoch: 0, paused: false, .. }));
    assert!(data.is_some() && train > data, "the new worker gets the data, then the new run: {received:?}");
    assert_eq!(p.activity, Activity::Training);
    assert!(p.worker.running);
    assert_ne!(p.run_id(), old);
}

#[test]
fn a_worker_lost_before_it_was_ready_is_replaced_and_the_page_opens() {
    // Start → WorkerLost before Ready → CarryOn → Ready: the new worker loads the data the settings name, as
    // the first would have, and the page opens.
    let mut p = Page::new(BASE);
    p.start();
    p.send(Msg::WorkerLost("could not start".into()));
    assert_eq!(p.activity, Activity::WorkerLost);
    assert!(p.controls().carry_on);
    let fx = p.send(Msg::CarryOn);
    let (received, dropped) = play_worker(&mut p, fx, false);
    assert!(dropped.is_empty(), "{dropped:?}");
    assert!(p.data.is_some(), "the data is loaded by the new worker: sent {received:?}");
    assert_eq!((p.activity, p.started), (Activity::Idle, true));
    assert!(p.controls().train);
}

#[test]
fn a_model_file_opened_after_a_lost_worker_still_offers_a_new_worker() {
    // WorkerLost → ModelFile: a page without a worker keeps offering a new one ("Continue in a new worker"
    // does not disappear because a model was opened).
    let mut p = training(BASE);
    p.reply(report(p.run_id(), 1, 2, Some(weights(1))));
    p.send(Msg::WorkerLost("crashed".into()));
    let file = weights(5);
    p.send(Msg::ModelFile(Ok(("m.safetensors".into(), file.0.clone()))));
    assert_eq!(p.current.as_ref().unwrap().weights, file, "the file's model is the page's");
    assert!(p.worker.running || p.controls().carry_on, "no worker and none offered: {:?}, {:?}", p.activity, p.controls());
}


// ---- more of what the review found untested ---------------------------------------------------------------

#[test]
fn reset_while_data_loads_keeps_train_off() {
    // Idle → ChooseData(Fashion) (on its way) → Reset → Train: nothing trains on the old data while the new
    // is on its way (the "stuck page" by another door); once it is in, Train works.
    let mut p = started(BASE);
    let fx = p.send(Msg::ChooseData(DataChoice::Fashion));
    p.send(Msg::Reset);
    assert_eq!(p.activity, Activity::Loading);
    assert!(!p.controls().train && !p.controls().step);
    assert!(trains(&p.send(Msg::Train)).is_empty());
    p.finish_load(fx);
    assert_eq!((p.activity, p.settings.data), (Activity::Idle, DataChoice::Fashion));
    assert_eq!(trains(&p.send(Msg::Train)).len(), 1);
}

#[test]
fn a_set_command_with_new_data_during_a_run_is_refused_whole() {
    // Training → set {data: fashion, lr: 0.5}: new data cannot come while a run trains on the old, so the
    // whole command is refused (not acknowledged with "settings" and half applied).
    let mut p = training("pretrained=0&data=mnist&model=linear&epochs=2&batch=10&origins=https://course.example");
    let lr = p.settings.lr;
    let values = vec![("data".into(), "fashion".into()), ("lr".into(), "0.5".into())];
    let fx = p.send(Msg::Command { origin: "https://course.example".into(), kind: "set".into(), settings: values });
    assert_eq!(posts(&fx), vec!["refused"]);
    assert!(to_worker(&fx).is_empty(), "{:?}", names(&fx));
    assert_eq!((p.settings.data, p.settings.lr, p.activity), (DataChoice::Mnist, lr, Activity::Training));
}

#[test]
fn a_fault_pauses_the_run_and_stale_failures_are_ignored() {
    // Training → Failed{this run} → Paused with the message; a Failed about an older run or an unknown
    // request changes nothing; Moved (device lost) pauses a run too and names the new device.
    let mut p = training(BASE);
    let run = p.run_id();
    p.reply(FromWorker::Failed { run: Some(run - 1), request: None, message: "old".into() });
    p.reply(FromWorker::Failed { run: None, request: Some(999), message: "old request".into() });
    assert_eq!(p.activity, Activity::Training);
    assert!(!p.status.error, "{}", p.status_text());
    p.reply(FromWorker::Failed { run: Some(run), request: None, message: "out of memory".into() });
    assert_eq!(p.activity, Activity::Paused);
    assert!(p.status.error && p.status_text().contains("out of memory"), "{}", p.status_text());
    p.send(Msg::PauseOrResume);
    assert_eq!(p.activity, Activity::Training);
    p.reply(FromWorker::Moved { run, backend: "CPU (moved)".into(), gpu: false, epoch: 0, message: "the GPU was lost".into() });
    assert_eq!((p.activity, p.worker.backend.as_deref()), (Activity::Paused, Some("CPU (moved)")));
}

#[test]
fn save_and_share_come_from_the_state() {
    // Paused with a model: Save downloads the worker's bytes as they came; Share writes the link and snippet
    // from the settings (the page's address, no autostart, no threads).
    let mut p = training(BASE);
    let run = p.run_id();
    let w = weights(3);
    p.send(Msg::Pause);
    p.reply(report(run, 0, 2, Some(w.clone())));
    let fx = p.send(Msg::Save);
    assert!(matches!(&fx[..], [Effect::Download { name, bytes }, ..] if name == "mnist-linear.safetensors" && *bytes == w.0), "{fx:?}");
    assert!(p.file_line.as_ref().is_some_and(|t| t().contains("mnist-linear.safetensors")));
    p.send(Msg::Share);
    let share = p.share.clone().expect("a share text");
    assert!(share.starts_with("http://x/?data=mnist&model=linear") && share.contains("<iframe src=\"http://x/?") && !share.contains("autostart=1"), "{share}");
}

#[test]
fn a_comparison_runs_each_run_then_keeps_and_scores_the_best() {
    // Lesson "deeper" (five activations compared): Compare → each run in turn (its overrides, reporting every
    // 20 steps) → the best held-out accuracy's weights become the page's model, scored; status, result, done.
    let (settings, problems) = Settings::from_query("lesson=deeper&data=mnist&pretrained=0&epochs=1&autostart=0");
    assert!(problems.is_empty(), "{problems:?}");
    let mut p = Page { s: State::new(settings, mnist_playground::lessons::find("deeper"), Env { cores: 1, device_memory_gb: None, page: "http://x/".into(), problems: vec![] }), ms: 0.0 };
    p.start();
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    p.finish_load(fx);
    assert_eq!(p.activity, Activity::Idle);
    let mut fx = p.send(Msg::Compare);
    assert_eq!(p.activity, Activity::Comparing);
    let runs = 5;
    for i in 0..runs {
        let Some(ToWorker::Train { run, settings, report_every, .. }) = to_worker(&fx).into_iter().find(|m| matches!(m, ToWorker::Train { .. })).cloned() else { panic!("run {i}: {fx:?}") };
        assert_eq!(report_every, 20);
        assert_eq!(settings.activation.name(), ["relu", "sigmoid", "tanh", "relu", "relu"][i]);
        let val = mnist_playground::eval::Metrics { loss: 1.0, accuracy: 0.5 + 0.1 * (i == 2) as u32 as f32, count: TEST_N };
        let epoch = Event::Epoch { epoch: 1, train: val, val: Some(val), seconds: 1.0 };
        let position = Position { epoch: 1, step: 0, steps_per_epoch: STEPS, lr: 0.1 };
        let fx2 = p.reply(FromWorker::Report { run, events: vec![epoch], position, weights: Some(weights(10 + i as u64)) });
        assert!(posts(&fx2).contains(&"epoch"));
        fx = p.reply(FromWorker::Stopped { run, finished: true });
    }
    assert_eq!(p.activity, Activity::Evaluating);
    assert_eq!(p.current.as_ref().unwrap().weights, weights(12), "the best run (the third) is kept");
    let request = evaluate_request(&fx).expect("the best model is scored");
    let fx = p.reply(FromWorker::Evaluated { request, probs: perfect_probs() });
    assert_eq!(p.activity, Activity::Idle);
    assert!(posts(&fx).contains(&"done") && posts(&fx).contains(&"result"), "{:?}", names(&fx));
    assert_eq!(p.lesson_live.result, Some(0.6000000238418579));
    assert_eq!(p.lesson_live.curves.len(), runs);
}

// ---- the page opens with the sketch pad's model before its data (issue 24) -------------------------------

#[test]
fn the_pads_model_comes_before_the_data_and_is_scored_after_it() {
    // Start → no kept model → the pretrained model is fetched first; the worker's Ready does not start the
    // data load while it is on its way (one shared link: the pad answers first); the model opens with no data
    // (the pad can answer), then the data loads and the model is scored as "pretrained".
    let mut p = Page::new("data=mnist&model=linear&epochs=2&batch=10");
    let fx = p.start();
    let (model_request, url) = fetch(&fx).expect("the pretrained model is fetched at once");
    assert_eq!(url, mnist_playground::page::update::PRETRAINED);
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    assert!(fetch(&fx).is_none(), "no data is fetched while the model is on its way: {fx:?}");
    let fx = p.send(Msg::Fetched { request: model_request, result: Ok(weights(7).0) });
    assert!(p.current.is_some() && p.data.is_none(), "the model is the page's before the data");
    assert!(fx.iter().any(|e| matches!(e, Effect::Redraw(Panel::Sketch))), "the pad answers: {fx:?}");
    assert_eq!(p.current.as_ref().unwrap().names, (0..10).map(|c| c.to_string()).collect::<Vec<_>>());
    let (_, url) = fetch(&fx).expect("then the data");
    assert_eq!(url, "data/mnist/train-images-idx3-ubyte.gz");
    let all = p.finish_load(fx);
    let request = evaluate_request(&all).expect("the model is scored once the data is in");
    let fx = p.reply(FromWorker::Evaluated { request, probs: perfect_probs() });
    assert!(posts(&fx).contains(&"ready"), "{fx:?}");
    assert!(p.status_text().contains("100"), "the pretrained model's score: {}", p.status_text());
    assert_eq!(p.activity, Activity::Idle);
}

#[test]
fn a_ready_worker_after_the_model_loads_the_data_at_once() {
    // The model arrives before the worker is ready: Ready starts the data load as usual (nothing kept back).
    let mut p = Page::new("data=mnist&model=linear");
    let fx = p.start();
    let (request, _) = fetch(&fx).unwrap();
    let fx = p.send(Msg::Fetched { request, result: Err("offline".into()) });
    assert!(fetch(&fx).is_none() && p.current.is_none());
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    let (_, url) = fetch(&fx).expect("the data is fetched");
    assert_eq!(url, "data/mnist/train-images-idx3-ubyte.gz");
    let all = p.finish_load(fx);
    assert!(!has(&all, "ReadKept") && !all.iter().any(|e| matches!(e, Effect::Fetch { url, .. } if url.contains("pretrained"))), "the model is not asked for twice: {all:?}");
    assert!(p.started && p.data.is_some());
}

#[test]
fn lessons_and_other_data_load_their_data_first() {
    for query in ["data=fashion", "lesson=linear", "data=mnist&autostart=1&model=linear&epochs=1"] {
        let mut p = Page::new(query);
        let fx = p.send(Msg::Start);
        assert!(!has(&fx, "ReadKept") && fetch(&fx).is_none(), "{query}: {fx:?}");
        let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
        assert!(fetch(&fx).is_some(), "{query}: the data at once: {fx:?}");
    }
}
