//! Lesson 7's random forest through the page's message loop, natively: `update` asks the worker for the forest
//! as the lesson starts (before autostart's comparison, so its answer comes first), keeps the request in
//! `State::pending`, stores the answer in `State::lesson_live` and redraws the lesson; the learner's trees and
//! depth grow another; bad values, failures, stale answers and a lost worker are handled. The worker here is a
//! real `Session` on the CPU backend, fed the page's own `Data` and `Forest` messages, growing its forest a tree
//! per turn (`slice_ms` 0) and reporting each.
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::config::Settings;
use mnist_playground::controls::Activity;
use mnist_playground::data::DIGITS_8X8;
use mnist_playground::forest::ForestSettings;
use mnist_playground::lessons;
use mnist_playground::page::state::{Env, State};
use mnist_playground::page::{update, Effect, Msg, Panel};
use mnist_playground::protocol::{FromWorker, ToWorker};
use mnist_playground::session::Session;
use mnist_playground::Device;

/// A page in a lesson and the worker it talks to.
struct Page {
    s: State,
    worker: Session,
}

impl Page {
    fn new(query: &str) -> Page {
        let (settings, problems) = Settings::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        let lesson = settings.lesson.as_deref().and_then(lessons::find);
        let mut worker = Session::new(Device::Cpu);
        worker.slice_ms = 0.0; // one tree a turn
        Page { s: State::new(settings, lesson, Env { cores: 2, device_memory_gb: None, page: "http://x/".into(), problems: vec![] }), worker }
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.s, msg)
    }

    fn reply(&mut self, reply: FromWorker) -> Vec<Effect> {
        self.send(Msg::Worker { reply, at_ms: 0.0 })
    }

    /// What the worker answers to `message`, and then says while it works (a real session: the forest really
    /// grows, turn by turn, as the worker's drive loop would call it).
    fn worker(&mut self, message: &ToWorker) -> Vec<FromWorker> {
        let mut replies = pollster::block_on(self.worker.handle(message.clone()));
        while self.worker.busy() {
            replies.extend(pollster::block_on(self.worker.work()));
        }
        replies
    }

    /// The worker's replies to the page, in order; the effects of the last.
    fn replies(&mut self, replies: Vec<FromWorker>) -> Vec<Effect> {
        replies.into_iter().fold(vec![], |_, r| self.reply(r))
    }

    /// Opens the page the way the runtime would: Start → Ready → the 8×8 digits fetched (the real file) →
    /// Data (to the session too) → DataReady. Returns the effects of that last turn: the lesson's start.
    fn open(query: &str) -> (Page, Vec<Effect>) {
        let mut p = Page::new(query);
        p.send(Msg::Start);
        let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
        let Some(Effect::Fetch { request, url, .. }) = fx.iter().find(|e| matches!(e, Effect::Fetch { .. })) else { panic!("{fx:?}") };
        assert_eq!(url, &format!("data/{DIGITS_8X8}"));
        let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www").join(url)).expect("www/data/digits-8x8.csv.gz (scripts/setup.sh)");
        let fx = p.send(Msg::Fetched { request: *request, result: Ok(bytes) });
        let data = sent(&fx).into_iter().find(|m| matches!(m, ToWorker::Data { .. })).expect("the data goes to the worker");
        let replies = p.worker(&data);
        let [FromWorker::DataReady { .. }] = &replies[..] else { panic!("{replies:?}") };
        let fx = p.reply(replies[0].clone());
        (p, fx)
    }
}

fn sent(fx: &[Effect]) -> Vec<ToWorker> {
    fx.iter().filter_map(|e| if let Effect::ToWorker(m) = e { Some(m.clone()) } else { None }).collect()
}

/// The forest request among `fx`: (request, trees, depth, seed).
fn forest_request(fx: &[Effect]) -> Option<(u64, usize, usize, u64)> {
    sent(fx).into_iter().find_map(|m| if let ToWorker::Forest { request, trees, depth, seed } = m { Some((request, trees, depth, seed)) } else { None })
}

fn redraws_lesson(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Redraw(Panel::Lesson)))
}

#[test]
fn the_forest_is_asked_for_before_the_comparison_and_its_answer_is_the_number_to_beat() {
    let (mut p, fx) = Page::open("lesson=small-data");
    // The forest first, then autostart's first comparison run: the worker answers in that order.
    let order: Vec<&str> = sent(&fx).iter().map(|m| if matches!(m, ToWorker::Forest { .. }) { "forest" } else if matches!(m, ToWorker::Train { .. }) { "train" } else { "other" }).collect();
    let (forest_at, train_at) = (order.iter().position(|m| *m == "forest"), order.iter().position(|m| *m == "train"));
    assert!(forest_at.is_some() && forest_at < train_at, "{order:?}");
    let (request, trees, depth, seed) = forest_request(&fx).unwrap();
    assert_eq!((trees, depth, seed), (10, 10, 0), "the course notebook's forest, the settings' seed");
    assert_eq!(p.s.pending.forest, Some(request));
    assert_eq!(p.s.activity, Activity::Comparing, "the comparison runs meanwhile");
    assert!(p.s.lesson_live.forest.is_none());

    let mut replies = p.worker(&ToWorker::Forest { request, trees, depth, seed });
    let Some(FromWorker::Forest { request: r, accuracy, trees: 10, depth: 10, seed: 0, seconds }) = replies.pop() else { panic!("{replies:?}") };
    assert_eq!(r, request);
    assert!(accuracy > 0.9 && seconds >= 0.0, "{accuracy} in {seconds} s");
    // Progress a tree at a time, each shown in the lesson.
    let grown: Vec<usize> = replies.iter().map(|m| if let FromWorker::ForestProgress { request: r, grown, trees: 10 } = m { assert_eq!(*r, request); *grown } else { panic!("{m:?}") }).collect();
    assert_eq!(grown, (1..10).collect::<Vec<_>>());
    for m in replies {
        assert!(redraws_lesson(&p.reply(m)));
    }
    assert_eq!(p.s.lesson_live.forest_grown, 9);
    let fx = p.reply(FromWorker::Forest { request, accuracy, trees, depth, seed, seconds });
    assert!(redraws_lesson(&fx), "{fx:?}");
    assert!(fx.iter().any(|e| matches!(e, Effect::Post { kind: "forest", .. })), "the embedding page hears of it: {fx:?}");
    assert_eq!(p.s.pending.forest, None);
    let f = p.s.lesson_live.forest.expect("the forest's result");
    assert_eq!((f.accuracy, f.total, f.settings), (accuracy, 359, ForestSettings { trees: 10, depth: 10, seed: 0 }));
    assert_eq!(p.s.activity, Activity::Comparing, "the comparison goes on");
}

#[test]
fn the_learner_grows_another_forest_and_a_replaced_answer_is_dropped() {
    let (mut p, fx) = Page::open("lesson=small-data&autostart=0&seed=3");
    let (first, ..) = forest_request(&fx).unwrap();
    let fx = p.send(Msg::Forest { trees: " 40 ".into(), depth: "4".into() });
    let (second, trees, depth, seed) = forest_request(&fx).expect("the button grows a forest");
    assert_eq!((trees, depth, seed), (40, 4, 3));
    assert!(second != first && p.s.pending.forest == Some(second) && redraws_lesson(&fx));
    assert_eq!(p.s.lesson_live.forest_settings, ForestSettings { trees: 40, depth: 4, seed: 3 });
    // The first forest's answer arrives late: it is not this forest.
    let stale = p.worker(&ToWorker::Forest { request: first, trees: 10, depth: 10, seed: 3 });
    p.replies(stale);
    assert!(p.s.lesson_live.forest.is_none() && p.s.pending.forest == Some(second));
    assert_eq!(p.s.lesson_live.forest_grown, 0, "nor its progress");
    let replies = p.worker(&ToWorker::Forest { request: second, trees, depth, seed });
    p.replies(replies);
    let f = p.s.lesson_live.forest.expect("the second forest");
    assert_eq!(f.settings, ForestSettings { trees: 40, depth: 4, seed: 3 });
    assert!(f.accuracy > 0.8, "depth 4 is shallow but not that bad: {}", f.accuracy);
}

#[test]
fn bad_trees_or_depth_are_refused_with_a_reason_and_nothing_is_sent() {
    let (mut p, _) = Page::open("lesson=small-data&autostart=0");
    for (trees, depth, want) in [("0", "10", "trees 0"), ("1000", "10", "trees 1000"), ("ten", "10", "trees ten"), ("10", "0", "depth 0"), ("10", "31", "depth 31"), ("10", "", "depth")] {
        let pending = p.s.pending.forest;
        let fx = p.send(Msg::Forest { trees: trees.into(), depth: depth.into() });
        assert!(forest_request(&fx).is_none(), "{trees}/{depth}: {fx:?}");
        assert_eq!(p.s.pending.forest, pending);
        let status = (p.s.status.text)();
        assert!(p.s.status.error && status.contains(want), "{trees}/{depth}: {status}");
    }
    assert_eq!(p.s.lesson_live.forest_settings, ForestSettings { trees: 10, depth: 10, seed: 0 }, "the last good choice stays");
}

#[test]
fn a_failed_forest_says_why_and_leaves_the_comparison_running() {
    let (mut p, fx) = Page::open("lesson=small-data");
    let (request, ..) = forest_request(&fx).unwrap();
    let run = p.s.generation;
    // An older request's failure is stale: nothing changes.
    p.reply(FromWorker::Failed { run: None, request: Some(request - 1), message: "old".into() });
    assert!(!p.s.status.error && p.s.pending.forest == Some(request));
    let fx = p.reply(FromWorker::Failed { run: None, request: Some(request), message: "no forest today".into() });
    assert!(redraws_lesson(&fx));
    assert!(p.s.status.error && (p.s.status.text)().contains("no forest today"));
    assert_eq!(p.s.pending.forest, None);
    assert_eq!((p.s.activity, p.s.generation), (Activity::Comparing, run), "the sweep is not the forest's business");
    assert!(p.s.comparison.is_some());
}

#[test]
fn a_lost_worker_drops_the_forest_in_flight_and_other_lessons_grow_none() {
    let (mut p, fx) = Page::open("lesson=small-data&autostart=0");
    let (request, ..) = forest_request(&fx).unwrap();
    p.send(Msg::WorkerLost("gone".into()));
    assert_eq!(p.s.pending.forest, None);
    let late = p.worker(&ToWorker::Forest { request, trees: 2, depth: 1, seed: 0 });
    p.replies(late);
    assert!(p.s.lesson_live.forest.is_none(), "an answer from the lost worker is not taken");
    assert!(forest_request(&p.send(Msg::Forest { trees: "10".into(), depth: "10".into() })).is_none(), "no worker to ask");

    // The same 8×8 digits in another lesson's comparison: no forest.
    let (p, fx) = Page::open("lesson=deeper&data=digits");
    assert!(forest_request(&fx).is_none() && p.s.pending.forest.is_none());
}

#[test]
fn the_worker_grows_between_turns_and_new_data_or_a_new_forest_replaces_it() {
    let (mut p, fx) = Page::open("lesson=small-data&autostart=0");
    let (request, ..) = forest_request(&fx).unwrap();
    let w = &mut p.worker;
    assert!(pollster::block_on(w.handle(ToWorker::Forest { request, trees: 5, depth: 3, seed: 0 })).is_empty(), "it grows in work()");
    assert!(w.busy());
    let progress = pollster::block_on(w.work());
    assert!(matches!(progress[..], [FromWorker::ForestProgress { grown: 1, trees: 5, .. }]), "{progress:?}");
    // Another forest replaces it; then data replaces that.
    pollster::block_on(w.handle(ToWorker::Forest { request: request + 1, trees: 3, depth: 3, seed: 0 }));
    let progress = pollster::block_on(w.work());
    assert!(matches!(progress[..], [FromWorker::ForestProgress { request: r, grown: 1, trees: 3 }] if r == request + 1), "{progress:?}");
    let data = mnist_playground::data::Dataset { images: vec![0, 255, 0, 255].into(), labels: vec![0, 1, 0, 1], rows: 1, cols: 1, classes: 2 };
    pollster::block_on(w.handle(ToWorker::Data { request: 9, train: data.clone(), test: data }));
    assert!(!w.busy(), "new data drops the forest growing on the old");
    // Settings the forest cannot take: Failed for that request, no run concerned.
    let replies = pollster::block_on(w.handle(ToWorker::Forest { request: 11, trees: 0, depth: 3, seed: 0 }));
    assert!(matches!(&replies[..], [FromWorker::Failed { run: None, request: Some(11), message }] if message.contains("trees 0")), "{replies:?}");
    assert!(!w.busy());
}

#[test]
fn a_new_worker_grows_the_forest_the_lost_one_had() {
    // Lesson 7 → the worker is lost before its forest came → Continue in a new worker → Ready → DataReady:
    // the new worker is asked for the forest again, so the number to beat comes back.
    let (mut p, fx) = Page::open("lesson=small-data&autostart=0");
    assert!(forest_request(&fx).is_some());
    p.send(Msg::WorkerLost("gone".into()));
    let fx = p.send(Msg::CarryOn);
    assert!(fx.iter().any(|e| matches!(e, Effect::StartWorker { .. })), "{fx:?}");
    let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
    let data = sent(&fx).into_iter().find(|m| matches!(m, ToWorker::Data { .. })).expect("the new worker gets the data");
    let replies = p.worker(&data);
    let fx = p.replies(replies);
    let (request, trees, depth, seed) = forest_request(&fx).expect("the forest is grown again");
    assert_eq!(p.s.pending.forest, Some(request));
    let replies = p.worker(&ToWorker::Forest { request, trees, depth, seed });
    p.replies(replies);
    assert!(p.s.lesson_live.forest.is_some_and(|f| f.accuracy > 0.9));
}
