//! "Your digits" through the page's message loop, natively, with a real `Session` on the CPU backend as the
//! worker: drawings kept by "Right" and "It is a …" (the pad clears, storage gets the collection once it has
//! answered, the course page gets counts), the worker's answers on the collection (accuracy, confusion),
//! delete and delete all (confirmed), export → import giving the same digits, bad files refused with the
//! collection kept, and the learner's digits as a dataset ("Your digits", "MNIST + your digits").
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::config::{DataChoice, Settings};
use mnist_playground::controls::Activity;
use mnist_playground::page::state::{Env, State};
use mnist_playground::page::{update, Effect, Msg, OwnMsg};
use mnist_playground::protocol::{FromWorker, ToWorker};
use mnist_playground::session::Session;
use mnist_playground::Device;

struct Page {
    s: State,
    worker: Session,
}

fn sent(fx: &[Effect]) -> Vec<ToWorker> {
    fx.iter().filter_map(|e| if let Effect::ToWorker(m) = e { Some(m.clone()) } else { None }).collect()
}

fn serve(url: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www").join(url)).unwrap_or_else(|e| panic!("www/{url}: {e} (scripts/setup.sh)"))
}

/// A drawing: a vertical bar (a "1"-ish stroke) shifted by `dx`, as the pad's 28×28 input.
fn drawing(dx: usize, thick: usize) -> Vec<f32> {
    let mut d = vec![0.0f32; 784];
    for y in 5..23 {
        for x in (12 + dx)..(12 + dx + thick) {
            d[y * 28 + x.min(27)] = 1.0;
        }
    }
    d
}

impl Page {
    /// Opens the page on the embedded digits; `stored`: what storage holds (None: nothing yet, answered at once).
    fn open(query: &str, stored: Option<(Vec<u8>, Vec<u8>)>) -> Page {
        let (settings, problems) = Settings::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        let mut p = Page { s: State::new(settings, None, Env { cores: 2, device_memory_gb: None, page: "http://x/".into(), problems: vec![] }), worker: Session::new(Device::Cpu) };
        let fx = p.send(Msg::Start);
        assert!(fx.iter().any(|e| matches!(e, Effect::ReadOwn)), "the collection is read as the page opens: {fx:?}");
        p.play(fx);
        let fx = p.send(Msg::Own(OwnMsg::Read(Ok(stored))));
        p.play(fx);
        assert_eq!(p.s.activity, Activity::Idle);
        p
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.s, msg)
    }

    /// Carries out fetches (from www/), storage reads (nothing kept) and the worker's messages until the page
    /// asks for nothing more; returns every effect.
    fn play(&mut self, fx: Vec<Effect>) -> Vec<Effect> {
        let mut all = vec![];
        let mut fx = fx;
        loop {
            let mut next = vec![];
            for e in &fx {
                match e {
                    Effect::Fetch { request, url, .. } => next.extend(self.send(Msg::Fetched { request: *request, result: Ok(serve(url)) })),
                    Effect::ReadKept => next.extend(self.send(Msg::Kept(None))),
                    _ => {}
                }
            }
            let messages = sent(&fx);
            all.extend(fx);
            for m in messages {
                if matches!(m, ToWorker::Init { .. }) {
                    // (The CPU backend, without probing for a GPU.)
                    next.extend(self.send(Msg::Worker { reply: FromWorker::Ready { backend: "CPU".into(), gpu: false }, at_ms: 0.0 }));
                    continue;
                }
                let mut replies = pollster::block_on(self.worker.handle(m));
                while self.worker.busy() {
                    replies.extend(pollster::block_on(self.worker.work()));
                }
                for r in replies {
                    next.extend(self.send(Msg::Worker { reply: r, at_ms: 0.0 }));
                }
            }
            if next.is_empty() {
                return all;
            }
            fx = next;
        }
    }

    fn act(&mut self, msg: Msg) -> Vec<Effect> {
        let fx = self.send(msg);
        self.play(fx)
    }

    fn draw_and_label(&mut self, d: Vec<f32>, label: Option<u8>) -> Vec<Effect> {
        self.send(Msg::Drawing(Some(d)));
        self.act(Msg::Own(OwnMsg::Label(label)))
    }
}

fn kept(fx: &[Effect]) -> Option<(Vec<u8>, Vec<u8>)> {
    fx.iter().rev().find_map(|e| if let Effect::KeepOwn { images, labels } = e { Some((images.clone(), labels.clone())) } else { None })
}

fn posted<'a>(fx: &'a [Effect], kind: &str) -> Option<&'a Vec<(&'static str, f64)>> {
    fx.iter().rev().find_map(|e| if let Effect::Post { kind: k, fields } = e { (*k == kind).then_some(fields) } else { None })
}

fn field(fields: &[(&'static str, f64)], name: &str) -> f64 {
    fields.iter().find(|(k, _)| *k == name).map(|f| f.1).unwrap_or_else(|| panic!("no {name} in {fields:?}"))
}

#[test]
fn drawings_are_kept_by_right_and_it_is_a_then_scored() {
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=64&pretrained=0", None);
    // Without a model, "Right" has no answer to keep; "It is a 7" keeps the drawing as a 7.
    let fx = p.draw_and_label(drawing(0, 3), None);
    assert!(p.s.own.digits.is_empty() && kept(&fx).is_none());
    assert_eq!(p.s.drawing.as_ref().map(|d| d.len()), Some(784), "a drawing that was not kept stays on the pad");
    let clears = p.s.own.pad_clears;
    let fx = p.draw_and_label(drawing(0, 3), Some(7));
    assert_eq!(p.s.own.digits.labels, vec![7]);
    assert_eq!(p.s.drawing, None, "the pad clears for the next digit");
    assert_eq!(p.s.own.pad_clears, clears + 1);
    let (images, labels) = kept(&fx).expect("storage gets the collection");
    assert_eq!((images.len(), labels), (784, vec![7]));
    assert_eq!(images.iter().filter(|&&b| b > 128).count(), drawing(0, 3).iter().filter(|&&v| v > 0.5).count(), "the bytes are the input the model saw");
    let counts = posted(&fx, "collection").expect("the course page hears the counts");
    assert_eq!((field(counts, "total"), field(counts, "count7"), field(counts, "count1")), (1.0, 1.0, 0.0));
    assert!(!counts.iter().any(|(k, _)| k.contains("image") || k.contains("pixel")), "counts only");

    // Train a model: the collection is scored when the model is (the worker's answers).
    p.act(Msg::Train);
    assert_eq!(p.s.activity, Activity::Idle);
    let answers = p.s.own.answers.clone().expect("the collection was scored with the trained model");
    assert_eq!(answers.len(), 1);
    // "Right" keeps the model's answer as the label.
    let c = p.s.current.clone().unwrap();
    let want = mnist_playground::eval::top_class(&pollster::block_on(mnist_playground::eval::predict_pixels(&*c.model, &c.info, &drawing(1, 2), &Device::Cpu)).unwrap()) as u8;
    let fx = p.draw_and_label(drawing(1, 2), None);
    assert_eq!(p.s.own.digits.labels, vec![7, want]);
    assert!(sent(&fx).iter().any(|m| matches!(m, ToWorker::Score { images, .. } if images.len() == 2)), "a new digit is scored: {fx:?}");
    let ((correct, n), _) = p.s.own.accuracy().unwrap();
    assert_eq!(n, 2);
    assert!(correct >= 1, "the model's own answer is right by definition");
    let m = p.s.own.confusion().unwrap();
    assert_eq!(m.iter().sum::<usize>(), 2);
    assert_eq!(m[want as usize * 10 + want as usize] as f64 + m[7 * 10 + answers[0] as usize] as f64, 2.0);
}

#[test]
fn storage_keeps_digits_labelled_before_it_answered_and_bad_storage_is_ignored() {
    let (settings, _) = Settings::from_query("data=embedded&pretrained=0");
    let mut s = State::new(settings, None, Env { cores: 2, ..Env::default() });
    update(&mut s, Msg::Start);
    update(&mut s, Msg::Drawing(Some(drawing(0, 3))));
    let fx = update(&mut s, Msg::Own(OwnMsg::Label(Some(1))));
    assert!(kept(&fx).is_none(), "nothing is written before storage answered: the kept collection would be lost");
    let stored = (vec![9u8; 2 * 784], vec![4, 5]);
    let fx = update(&mut s, Msg::Own(OwnMsg::Read(Ok(Some(stored)))));
    assert_eq!(s.own.digits.labels, vec![4, 5, 1], "kept ones first, then the new");
    assert_eq!(kept(&fx).map(|k| k.1), Some(vec![4, 5, 1]));
    // A record that does not hold whole digits is ignored (and said so), nothing is overwritten with it.
    let (settings, _) = Settings::from_query("data=embedded&pretrained=0");
    let mut s = State::new(settings, None, Env::default());
    let fx = update(&mut s, Msg::Own(OwnMsg::Read(Ok(Some((vec![0; 100], vec![1]))))));
    assert!(s.own.digits.is_empty() && s.own.read && kept(&fx).is_none());
    assert!(s.own.line.is_some());
}

#[test]
fn delete_delete_all_export_and_import() {
    let mut p = Page::open("data=embedded&model=linear&epochs=1&pretrained=0", None);
    for (i, label) in [3u8, 3, 5, 3, 8].into_iter().enumerate() {
        p.draw_and_label(drawing(i, 2 + i % 2), Some(label));
    }
    assert_eq!(p.s.own.digits.labels, vec![3, 3, 5, 3, 8]);
    // The 4th 3 would be held out; with three 3s none is.
    assert_eq!(p.s.own.held_out(), vec![false; 5]);
    let fx = p.act(Msg::Own(OwnMsg::Delete(2)));
    assert_eq!(p.s.own.digits.labels, vec![3, 3, 3, 8]);
    assert_eq!(kept(&fx).map(|k| k.1), Some(vec![3, 3, 3, 8]));
    let images_before = p.s.own.digits.images.clone();

    // Export: two IDX files that the browser gzips (`DownloadGzip`; gzipped here as the CLI does), which import
    // gives back (here after deleting everything).
    let fx = p.act(Msg::Own(OwnMsg::Export));
    let files: Vec<(String, Vec<u8>)> =
        fx.iter().filter_map(|e| if let Effect::DownloadGzip { name, bytes } = e { Some((name.clone(), mnist_playground::data::gzip(bytes))) } else { None }).collect();
    assert_eq!(files.len(), 2, "{fx:?}");
    assert!(files.iter().all(|(n, _)| n.ends_with(".gz")));
    assert_eq!(files.iter().map(|f| f.1.clone()).collect::<Vec<_>>(), {
        let (images, labels) = mnist_playground::own_digits::to_idx_gz(&p.s.own.digits);
        vec![images, labels]
    });
    // Delete all asks first; "keep them" keeps them.
    p.act(Msg::Own(OwnMsg::Clear));
    assert!(p.s.own.confirm_clear);
    p.act(Msg::Own(OwnMsg::ConfirmClear(false)));
    assert_eq!(p.s.own.digits.len(), 4);
    // A confirmation without the question deletes nothing.
    p.act(Msg::Own(OwnMsg::ConfirmClear(true)));
    assert_eq!(p.s.own.digits.len(), 4);
    p.act(Msg::Own(OwnMsg::Clear));
    let fx = p.act(Msg::Own(OwnMsg::ConfirmClear(true)));
    assert!(p.s.own.digits.is_empty());
    assert_eq!(kept(&fx).map(|k| k.1.len()), Some(0), "storage forgets them");
    assert_eq!(field(posted(&fx, "collection").unwrap(), "total"), 0.0);

    p.act(Msg::Own(OwnMsg::Import(Ok(files.clone()))));
    assert_eq!(p.s.own.digits.labels, vec![3, 3, 3, 8]);
    assert_eq!(p.s.own.digits.images, images_before, "the same digits, byte for byte");

    // Bad files are refused and the collection kept: a truncated image file, labels alone, a label past 9,
    // 8×8 digits.
    let (images, labels) = (&files.iter().find(|f| f.0.contains("images")).unwrap().1, &files.iter().find(|f| f.0.contains("labels")).unwrap().1);
    let truncated = mnist_playground::own_digits::to_idx_gz(&p.s.own.digits.subset(&[0])).0;
    let cases: Vec<Vec<(String, Vec<u8>)>> = vec![
        vec![("x-images-idx3-ubyte.gz".into(), images[..images.len() / 2].to_vec()), ("x-labels-idx1-ubyte.gz".into(), labels.clone())],
        vec![("x-labels-idx1-ubyte.gz".into(), labels.clone())],
        vec![("x-images-idx3-ubyte.gz".into(), truncated), ("x-labels-idx1-ubyte.gz".into(), labels.clone())],
        vec![("x-images-idx3-ubyte".into(), b"not an idx file at all".to_vec()), ("x-labels-idx1-ubyte".into(), vec![0, 0, 8, 1, 0, 0, 0, 1, 12])],
    ];
    for (i, bad) in cases.into_iter().enumerate() {
        let fx = p.act(Msg::Own(OwnMsg::Import(Ok(bad))));
        assert_eq!(p.s.own.digits.labels, vec![3, 3, 3, 8], "case {i}: the collection is kept");
        assert!(kept(&fx).is_none(), "case {i}: storage is not touched");
        let line = p.s.own.line.as_ref().map(|t| t()).unwrap_or_default();
        assert!(line.contains("Not imported"), "case {i}: {line}");
    }
    p.act(Msg::Own(OwnMsg::Import(Err("cannot read x".into()))));
    assert_eq!(p.s.own.digits.len(), 4);
}

#[test]
fn your_digits_as_a_dataset() {
    // 4 of each digit: the 4th of each is held out (10), 30 are trained on.
    let mut labels = vec![];
    for _ in 0..4 {
        labels.extend(0..10u8);
    }
    let images: Vec<u8> = (0..labels.len()).flat_map(|i| drawing(i % 10, 2).into_iter().map(move |v| (v * (200 + i) as f32 / 255.0 * 255.0).min(255.0) as u8)).collect();
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=16&pretrained=0", Some((images, labels)));
    assert_eq!(p.s.own.digits.len(), 40);
    p.act(Msg::ChooseData(DataChoice::Own));
    let d = p.s.data.clone().expect("data");
    assert_eq!(d.choice, Some(DataChoice::Own));
    assert_eq!((d.train.len(), d.test.len()), (30, 10));
    assert_eq!(p.s.settings.data, DataChoice::Own);
    // A model trains on them from scratch.
    p.act(Msg::Train);
    assert!(p.s.evaluation.is_some(), "scored on the held-out part");

    p.act(Msg::ChooseData(DataChoice::WithOwn));
    let d = p.s.data.clone().expect("data");
    assert_eq!((d.train.len(), d.test.len()), (8030, 2010));

    // Too few to split: refused, the data in use kept.
    p.act(Msg::Own(OwnMsg::Clear));
    p.act(Msg::Own(OwnMsg::ConfirmClear(true)));
    p.act(Msg::ChooseData(DataChoice::Own));
    assert_eq!(p.s.data.as_ref().unwrap().choice, Some(DataChoice::WithOwn));
    assert!(p.s.status.error);
}

#[test]
fn the_pages_teaching_defaults_are_the_engines_recipe() {
    use mnist_playground::own_digits::{Recipe, MAX_EXAMPLES};
    use mnist_playground::page::state::{MAX_STEPS, REPLAY, STEPS};
    let r = Recipe::default();
    assert_eq!((STEPS, REPLAY), (r.steps, r.replay_per_own));
    assert!(MAX_STEPS * r.batch <= MAX_EXAMPLES);
}

#[test]
fn teaching_is_a_run_whose_end_is_scored_before_and_after() {
    // 4 of each of three digits: the 4th of each kept aside (3), 9 taught.
    let mut labels = vec![];
    for _ in 0..4 {
        labels.extend([1u8, 4, 7]);
    }
    let images: Vec<u8> = (0..labels.len()).flat_map(|i| drawing(i % 3 * 4, 2).into_iter().map(|v| (v * 255.0) as u8)).collect();
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=64&pretrained=0", Some((images, labels)));
    // No model yet: refused with the reason, nothing sent.
    let fx = p.act(Msg::Own(OwnMsg::Teach));
    assert!(!sent(&fx).iter().any(|m| matches!(m, ToWorker::Teach { .. })) && p.s.status.error);
    p.act(Msg::Train);
    let test_before = p.s.evaluation.as_ref().unwrap().accuracy();
    assert!(p.s.own.answers.is_some());
    // A bad field is refused and named; Teach then says it.
    p.act(Msg::Own(OwnMsg::Field { key: "steps".into(), value: "0".into() }));
    p.act(Msg::Own(OwnMsg::Teach));
    assert!(p.s.status.error && p.s.own.teaching.is_none());
    p.act(Msg::Own(OwnMsg::Field { key: "steps".into(), value: "25".into() }));
    p.act(Msg::Own(OwnMsg::Field { key: "replay".into(), value: "2".into() }));
    let fx = p.act(Msg::Own(OwnMsg::Teach));
    let teach = sent(&fx).into_iter().find_map(|m| if let ToWorker::Teach { own, replay_per_own, steps, .. } = m { Some((own.len(), replay_per_own, steps)) } else { None });
    assert_eq!(teach, Some((9, 2, 25)), "the taught part (not the kept-aside digits), the learner's ratio and steps");
    assert_eq!(p.s.activity, Activity::Idle);
    let t = p.s.own.teaching.expect("the teaching's numbers");
    assert!(t.ended);
    assert_eq!(t.before.test, Some(test_before));
    assert_eq!(t.before.own.map(|o| o.1), Some(3));
    assert_eq!(t.after.own.map(|o| o.1), Some(3), "after: the same kept-aside digits");
    let after = t.after.test.expect("the test digits scored after");
    assert_eq!(Some(after), p.s.evaluation.as_ref().map(|e| e.accuracy()));
    let taught = posted(&fx, "taught").expect("the course page hears the teaching end");
    assert_eq!((field(taught, "test_before"), field(taught, "test_after")), (test_before, after));
    assert_eq!(field(taught, "own_after"), t.after.own_accuracy().unwrap());
    // The page's model is the taught one: its steps come from the teaching run.
    assert_eq!(p.s.current.as_ref().unwrap().steps, 25);
    // Per digit: at most one of each is taught.
    p.act(Msg::Own(OwnMsg::Field { key: "per-digit".into(), value: "1".into() }));
    let fx = p.act(Msg::Own(OwnMsg::Teach));
    assert!(sent(&fx).iter().any(|m| matches!(m, ToWorker::Teach { own, .. } if own.len() == 3)));
}

#[test]
fn a_digit_kept_during_a_run_is_scored_when_the_run_ends_not_by_ending_it() {
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=64&pretrained=0", None);
    // Step once: a run waits, paused, in the worker.
    p.act(Msg::Step);
    assert_eq!(p.s.activity, Activity::Paused);
    let fx = p.draw_and_label(drawing(0, 3), Some(1));
    assert_eq!(p.s.own.digits.len(), 1);
    assert!(!sent(&fx).iter().any(|m| matches!(m, ToWorker::Load { .. } | ToWorker::Score { .. })), "the paused run is left alone: {fx:?}");
    assert_eq!(p.s.activity, Activity::Paused);
    assert!(p.s.own.answers.is_none());
    // Resume to the end: the run's model is scored, the collection with it.
    p.act(Msg::PauseOrResume);
    assert_eq!(p.s.activity, Activity::Idle);
    assert_eq!(p.s.own.answers.as_ref().map(|a| a.len()), Some(1));
}

/// A page with a trained linear model and 12 digits (3 kept aside), scored.
fn taught_page() -> Page {
    let mut labels = vec![];
    for _ in 0..4 {
        labels.extend([1u8, 4, 7]);
    }
    let images: Vec<u8> = (0..labels.len()).flat_map(|i| drawing(i % 3 * 4, 2).into_iter().map(|v| (v * 255.0) as u8)).collect();
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=64&pretrained=0", Some((images, labels)));
    p.act(Msg::Train);
    assert!(p.s.own.answers.is_some());
    p.act(Msg::Own(OwnMsg::Field { key: "steps".into(), value: "10".into() }));
    p
}

/// Presses Teach without letting the worker answer: the teaching waits, its run on its way.
fn teach_unanswered(p: &mut Page) -> u64 {
    let fx = p.send(Msg::Own(OwnMsg::Teach));
    assert!(sent(&fx).iter().any(|m| matches!(m, ToWorker::Teach { .. })), "{fx:?}");
    assert_eq!(p.s.activity, Activity::Training);
    p.s.own.teaching.unwrap().run
}

#[test]
fn teaching_that_fails_or_is_replaced_does_not_stick() {
    // The worker refuses it: no run goes on, nothing waits.
    let mut p = taught_page();
    let run = teach_unanswered(&mut p);
    p.act(Msg::Worker { reply: FromWorker::Failed { run: Some(run), request: None, message: "refused".into() }, at_ms: 0.0 });
    assert_eq!(p.s.activity, Activity::Idle);
    assert!(p.s.own.teaching.is_none() && p.s.status.error);
    assert!(p.s.controls().train);

    // Reset during a teaching: it is over.
    let mut p = taught_page();
    teach_unanswered(&mut p);
    p.act(Msg::Reset);
    assert!(p.s.own.teaching.is_none());
    assert!(p.s.own.answers.is_none(), "no model, no answers");

    // Deleting while it runs is refused (which digits are kept aside follows their order).
    let mut p = taught_page();
    teach_unanswered(&mut p);
    p.act(Msg::Own(OwnMsg::Delete(0)));
    p.act(Msg::Own(OwnMsg::Clear));
    assert_eq!(p.s.own.digits.len(), 12);
    assert!(!p.s.own.confirm_clear);

    // The worker lost during it: dropped (not carried on by a new worker); Teach then starts a new worker first.
    let mut p = taught_page();
    teach_unanswered(&mut p);
    p.act(Msg::WorkerLost("gone".into()));
    assert_eq!(p.s.activity, Activity::WorkerLost);
    assert!(p.s.own.teaching.is_none());
    let fx = p.act(Msg::Own(OwnMsg::Teach));
    assert!(fx.iter().any(|e| matches!(e, Effect::StartWorker { .. })), "a new worker: {fx:?}");
    let t = p.s.own.teaching.expect("taught once the new worker had the data");
    assert!(t.closed && t.after.test.is_some() && t.after.own.is_some(), "{t:?}");
    assert_eq!(p.s.activity, Activity::Idle);

    // The worker lost between the teaching's evaluation and its scoring: it closes with what it has.
    let mut p = taught_page();
    let fx = p.send(Msg::Own(OwnMsg::Teach));
    // Play the worker until the page asks for the collection's scores, and stop there.
    let mut fx = fx;
    loop {
        let messages = sent(&fx);
        if messages.iter().any(|m| matches!(m, ToWorker::Score { .. })) {
            break;
        }
        let mut next = vec![];
        for m in messages {
            let mut replies = pollster::block_on(p.worker.handle(m));
            while p.worker.busy() {
                replies.extend(pollster::block_on(p.worker.work()));
            }
            for r in replies {
                next.extend(p.send(Msg::Worker { reply: r, at_ms: 0.0 }));
            }
        }
        assert!(!next.is_empty(), "the teaching's scoring was asked for");
        fx = next;
    }
    let t = p.s.own.teaching.unwrap();
    assert!(t.ended && !t.closed && t.after.test.is_some());
    let fx = p.act(Msg::WorkerLost("gone".into()));
    let t = p.s.own.teaching.unwrap();
    assert!(t.closed && t.after.own.is_none() && t.after.test.is_some());
    assert!(posted(&fx, "taught").is_some(), "the course page hears it ended");
}

#[test]
fn teach_waits_for_the_collections_scores_and_refuses_your_digits_as_replay() {
    let mut p = taught_page();
    // A new digit: the collection is scored again; Teach before its answers is refused, nothing sent.
    p.send(Msg::Drawing(Some(drawing(2, 2))));
    p.send(Msg::Own(OwnMsg::Label(Some(9))));
    assert!(p.s.own.answers.is_none());
    let fx = p.send(Msg::Own(OwnMsg::Teach));
    assert!(!sent(&fx).iter().any(|m| matches!(m, ToWorker::Teach { .. })) && p.s.status.error);
    // On "Your digits" alone there is nothing to replay and nothing else to score on: refused.
    let mut labels = vec![];
    for _ in 0..4 {
        labels.extend(0..10u8);
    }
    let images: Vec<u8> = (0..labels.len()).flat_map(|i| drawing(i % 10, 2).into_iter().map(|v| (v * 255.0) as u8)).collect();
    let mut p = Page::open("data=embedded&model=linear&epochs=1&batch=16&pretrained=0", Some((images, labels)));
    p.act(Msg::ChooseData(DataChoice::Own));
    p.act(Msg::Train);
    let fx = p.act(Msg::Own(OwnMsg::Teach));
    assert!(!sent(&fx).iter().any(|m| matches!(m, ToWorker::Teach { .. })) && p.s.status.error);
    // Back to the pretrained model while data loads is refused (the load would lose its file).
    p.send(Msg::ChooseData(DataChoice::Embedded));
    assert!(p.s.loading.is_some());
    let fx = p.send(Msg::Own(OwnMsg::Pretrained));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Fetch { url, .. } if url.contains("pretrained"))));
}

#[test]
fn a_page_opening_on_too_few_of_your_digits_opens_on_the_embedded_ones() {
    let p = Page::open("data=own&model=linear&epochs=1&pretrained=0", Some((vec![0; 784], vec![3])));
    let d = p.s.data.as_ref().expect("data");
    assert_eq!(d.choice, Some(DataChoice::Embedded));
    assert_eq!(p.s.notices.len(), 1, "it says why: {:?}", p.s.notices);
}

#[test]
fn a_failed_storage_read_is_never_overwritten() {
    let (settings, _) = Settings::from_query("data=embedded&pretrained=0");
    let mut s = State::new(settings, None, Env::default());
    update(&mut s, Msg::Own(OwnMsg::Read(Err("blocked".into()))));
    update(&mut s, Msg::Drawing(Some(drawing(0, 3))));
    let fx = update(&mut s, Msg::Own(OwnMsg::Label(Some(2))));
    assert_eq!(s.own.digits.len(), 1, "kept for this visit");
    assert!(kept(&fx).is_none(), "the store that could not be read is not replaced");
}

#[test]
fn the_forms_learning_rate_is_not_sent_to_a_teaching() {
    let mut p = taught_page();
    teach_unanswered(&mut p);
    let fx = p.send(Msg::Form { key: "lr".into(), value: "0.5".into() });
    assert!(!sent(&fx).iter().any(|m| matches!(m, ToWorker::SetLr { .. })), "{fx:?}");
}
