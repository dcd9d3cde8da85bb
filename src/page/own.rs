//! `update`'s part for "Your digits": the learner's own handwriting as data. A drawing answered "Right" or
//! "It is a …" is kept (the 28×28 input the model saw, as bytes) in the collection, which lives in the
//! browser's storage (IndexedDB: `Effect::KeepOwn`, read back by `Effect::ReadOwn`) and never leaves it
//! unless exported (MNIST IDX files). The worker scores the current model on the collection (accuracy and a
//! confusion view), and "Teach the model your digits" fine-tunes it there on the collection's taught part
//! mixed with replayed training digits (`ToWorker::Teach`), a run like any other; before and after are
//! measured on the collection's held-out part (`own_digits::held_out`) and on the held-out test digits.

use super::msg::{Effect, OwnMsg, Panel};
use super::state::{digit_data, digit_model, fail, lesson_result, pc, post, refuse_busy, say, AfterEval, Fresh, RunState, Scores, State, Teaching, MAX_REPLAY, MAX_STEPS, REPORT_EVERY};
use crate::controls::Activity;
use crate::config::DataChoice;
use crate::data::Dataset;
use crate::own_digits;
use crate::protocol::ToWorker;
use crate::{tr, tr_text};

/// How many digits a collection may hold (784 bytes each: 7.8 MB).
pub const MAX_DIGITS: usize = 10_000;
/// The events a course page gets carry counts per digit under these names.
const COUNT_KEYS: [&str; 10] = ["count0", "count1", "count2", "count3", "count4", "count5", "count6", "count7", "count8", "count9"];

pub fn update(s: &mut State, msg: OwnMsg) -> Vec<Effect> {
    let teaching = s.own.teaching.is_some_and(|t| !t.closed);
    if teaching && matches!(msg, OwnMsg::Delete(_) | OwnMsg::Clear | OwnMsg::ConfirmClear(true) | OwnMsg::Import(_)) {
        // (Which digits are kept aside follows their order: not while a teaching is measured on them.)
        s.own.line = Some(tr_text!("own-not-while-teaching"));
        s.own.confirm_clear = false;
        return vec![Effect::Redraw(Panel::Own)];
    }
    match msg {
        OwnMsg::Label(label) => label_drawing(s, label),
        OwnMsg::Delete(i) => {
            if i >= s.own.digits.len() {
                return vec![];
            }
            let keep: Vec<usize> = (0..s.own.digits.len()).filter(|&j| j != i).collect();
            let label = s.own.digits.labels[i];
            s.own.line = Some(tr_text!("own-deleted", digit = label.to_string()));
            set_digits(s, s.own.digits.subset(&keep), &keep)
        }
        OwnMsg::Clear => {
            s.own.confirm_clear = !s.own.digits.is_empty();
            vec![Effect::Redraw(Panel::Own)]
        }
        OwnMsg::ConfirmClear(yes) => {
            let was = std::mem::take(&mut s.own.confirm_clear);
            if !(yes && was) {
                return vec![Effect::Redraw(Panel::Own)];
            }
            let n = s.own.digits.len();
            s.own.line = Some(tr_text!("own-cleared", count = n));
            set_digits(s, own_digits::empty(), &[])
        }
        OwnMsg::Export => {
            if s.own.digits.is_empty() {
                s.own.line = Some(tr_text!("own-nothing-to-export"));
                return vec![Effect::Redraw(Panel::Own)];
            }
            let (images, labels) = own_digits::to_idx(&s.own.digits);
            s.own.line = Some(tr_text!("own-exported", count = s.own.digits.len(), images = own_digits::IMAGES_FILE, labels = own_digits::LABELS_FILE));
            vec![
                Effect::DownloadGzip { name: own_digits::IMAGES_FILE.into(), bytes: images },
                Effect::DownloadGzip { name: own_digits::LABELS_FILE.into(), bytes: labels },
                Effect::Redraw(Panel::Own),
            ]
        }
        OwnMsg::Import(files) => import(s, files),
        OwnMsg::Read(result) => read(s, result),
        OwnMsg::Stored(Ok(())) => vec![],
        OwnMsg::Stored(Err(e)) => {
            s.own.line = Some(tr_text!("own-not-stored", error = e));
            vec![Effect::Redraw(Panel::Own)]
        }
        OwnMsg::Field { key, value } => field(s, &key, &value),
        OwnMsg::Teach => teach(s),
        OwnMsg::Pretrained => vec![], // (update's: it opens a model)
    }
}

/// The drawing on the pad, kept as the learner says it is (`None`: "Right", the model's answer).
fn label_drawing(s: &mut State, label: Option<u8>) -> Vec<Effect> {
    let Some(drawing) = s.drawing.clone() else {
        s.own.label_line = Some(tr_text!("own-draw-first"));
        return vec![Effect::Redraw(Panel::Own)];
    };
    if drawing.len() != 28 * 28 {
        s.own.label_line = Some(tr_text!("own-wrong-size"));
        return vec![Effect::Redraw(Panel::Own)];
    }
    let label = match label {
        Some(l) if l < 10 => l,
        Some(_) => return vec![],
        None => match pad_answer(s, &drawing) {
            Some(a) => a,
            None => {
                s.own.label_line = Some(tr_text!("own-no-answer"));
                return vec![Effect::Redraw(Panel::Own)];
            }
        },
    };
    if s.own.digits.len() >= MAX_DIGITS {
        s.own.label_line = Some(tr_text!("own-full", max = MAX_DIGITS));
        return vec![Effect::Redraw(Panel::Own)];
    }
    let bytes: Vec<u8> = drawing.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect();
    let mut images = (*s.own.digits.images).clone();
    images.extend_from_slice(&bytes);
    let mut labels = s.own.digits.labels.clone();
    labels.push(label);
    let digits = Dataset { images: std::sync::Arc::new(images), labels, ..s.own.digits.clone() };
    let count = digits.labels.iter().filter(|&&l| l == label).count();
    s.own.label_line = Some(tr_text!("own-kept", digit = label.to_string(), count = count));
    // The pad clears for the next digit.
    s.drawing = None;
    s.own.pad_clears += 1;
    let kept: Vec<usize> = (0..s.own.digits.len()).collect();
    let mut fx = set_digits(s, digits, &kept);
    fx.push(Effect::Redraw(Panel::Sketch));
    fx
}

/// The page's model's answer for the drawing (the pad's own answer).
fn pad_answer(s: &State, drawing: &[f32]) -> Option<u8> {
    use futures_util::FutureExt;
    let c = s.current.as_ref().filter(|c| digit_model(c))?;
    if c.info.rows * c.info.cols != drawing.len() {
        return None;
    }
    let probs = crate::eval::predict_pixels(&*c.model, &c.info, drawing, &crate::Device::Cpu).now_or_never()?.ok()?;
    Some(crate::eval::top_class(&probs) as u8)
}

/// The collection becomes `digits` (`kept`: the old indices of its first digits, whose answers stay): kept
/// in storage, scored again, the course page told the counts.
fn set_digits(s: &mut State, digits: Dataset, kept: &[usize]) -> Vec<Effect> {
    let answers = s.own.answers.take().map(|a| kept.iter().filter_map(|&i| a.get(i).copied()).collect::<Vec<u8>>());
    s.own.digits = digits;
    s.own.confirm_clear = false;
    // Answers for the digits kept; a new digit is scored with the rest.
    s.own.answers = answers.filter(|a| a.len() == s.own.digits.len());
    let mut fx = vec![Effect::Redraw(Panel::Own)];
    if s.own.read && s.own.writable {
        fx.push(Effect::KeepOwn { images: (*s.own.digits.images).clone(), labels: s.own.digits.labels.clone() });
    }
    fx.extend(score(s));
    fx.push(counts_event(s));
    fx
}

/// The course page's event: how many of each digit (never the images).
fn counts_event(s: &State) -> Effect {
    let counts = s.own.counts();
    let mut fields: Vec<(&'static str, f64)> = vec![("total", s.own.digits.len() as f64)];
    fields.extend(COUNT_KEYS.iter().zip(counts).map(|(k, c)| (*k, c as f64)));
    post("collection", &fields)
}

/// Asks the worker for the current model's answers on the collection (none without a model, a worker or
/// digits; a request in flight is replaced).
pub fn score(s: &mut State) -> Vec<Effect> {
    let Some(c) = s.current.as_ref() else {
        s.own.answers = None;
        return vec![];
    };
    // (Not while a run is on its way: the worker scores the model it is given, and `Load` would end the run.
    // The run's end is scored, and the collection with it.)
    let run_going = s.run.as_ref().is_some_and(|r| !r.finished) || s.comparison.is_some();
    if run_going || s.own.answers.is_some() || s.own.digits.is_empty() || !s.worker.running || !digit_model(c) {
        return vec![];
    }
    let weights = c.weights.clone();
    let request = s.request();
    s.own.scoring = Some(request);
    // The worker scores exactly the page's model.
    vec![Effect::ToWorker(ToWorker::Load { weights }), Effect::ToWorker(ToWorker::Score { request, images: s.own.digits.clone() })]
}

/// The page's model changed: its answers on the collection are asked for again.
pub fn model_changed(s: &mut State) -> Vec<Effect> {
    s.own.answers = None;
    s.own.scoring = None;
    let mut fx = vec![Effect::Redraw(Panel::Own)];
    if s.own.teaching.is_some_and(|t| t.ended && !t.closed) {
        // (Another model came before the taught one's scores: they are not measured.)
        fx.extend(close_teaching(s));
    }
    fx.extend(score(s));
    fx
}

/// The worker's answers for the collection (`probs`: [digits, 10]) to request `request`.
pub fn scored(s: &mut State, request: u64, probs: Vec<f32>) -> Vec<Effect> {
    s.own.scoring = None;
    if probs.len() != s.own.digits.len() * 10 {
        return vec![]; // the collection changed since: it is scored again
    }
    s.own.answers = Some(probs.chunks(10).map(|p| crate::eval::top_class(p) as u8).collect());
    let mut fx = vec![Effect::Redraw(Panel::Own)];
    if s.own.teaching.is_some_and(|t| t.scoring == Some(request) && !t.closed) {
        fx.extend(close_teaching(s));
    }
    fx
}

/// The collection could not be scored (the worker's reason).
pub fn score_failed(s: &mut State, message: String) -> Vec<Effect> {
    s.own.scoring = None;
    s.own.line = Some(tr_text!("own-score-failed", error = message));
    let mut fx = vec![Effect::Redraw(Panel::Own)];
    if s.own.teaching.is_some_and(|t| t.ended && !t.closed) {
        fx.extend(close_teaching(s));
    }
    fx
}

/// Storage answered with the collection kept from earlier visits (or none, or why it could not).
fn read(s: &mut State, result: Result<Option<(Vec<u8>, Vec<u8>)>, String>) -> Vec<Effect> {
    s.own.read = true;
    // (After a failed read nothing is written back: the kept collection may still be there.)
    s.own.writable = result.is_ok();
    let digits = match result {
        Ok(None) => return vec![Effect::Redraw(Panel::Own)],
        Ok(Some((images, labels))) if images.len() == labels.len() * 784 && labels.iter().all(|&l| l < 10) => {
            let mut d = own_digits::empty();
            d.images = std::sync::Arc::new(images);
            d.labels = labels;
            d
        }
        Ok(Some(_)) => {
            s.own.line = Some(tr_text!("own-storage-bad"));
            return vec![Effect::Redraw(Panel::Own)];
        }
        Err(e) => {
            s.own.line = Some(tr_text!("own-storage-failed", error = e));
            return vec![Effect::Redraw(Panel::Own)];
        }
    };
    // Digits labelled before storage answered come after the kept ones.
    let (mut images, mut labels) = ((*digits.images).clone(), digits.labels.clone());
    images.extend_from_slice(&s.own.digits.images);
    labels.extend_from_slice(&s.own.digits.labels);
    let joined = Dataset { images: std::sync::Arc::new(images), labels, ..digits };
    let had = !s.own.digits.is_empty();
    s.own.answers = None;
    let mut fx = set_digits(s, joined, &[]);
    // Read, not changed: storage needs no write (unless digits were kept before it answered), and a course
    // page hears of the collection only when it changes.
    fx.retain(|e| !matches!(e, Effect::Post { .. }) && (had || !matches!(e, Effect::KeepOwn { .. })));
    fx
}

/// Files picked to import: MNIST IDX images and labels (gzipped or not), appended to the collection; bad
/// files are refused and the collection is kept as it was.
fn import(s: &mut State, files: Result<Vec<(String, Vec<u8>)>, String>) -> Vec<Effect> {
    let result = files.and_then(|files| {
        // (MNIST's naming, as the Dataset box reads picked files: a training pair, else a test pair.)
        let find = |images: bool| crate::data::find_idx_file(&files, false, images).or_else(|| crate::data::find_idx_file(&files, true, images));
        match (find(true), find(false)) {
            (Some(i), Some(l)) => own_digits::from_files((&i.0, &i.1), (&l.0, &l.1)),
            _ => Err(tr!("own-import-two-files", names = files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>().join(", "))),
        }
    });
    let new = match result {
        Ok(d) if d.len() + s.own.digits.len() > MAX_DIGITS => Err(tr!("own-full", max = MAX_DIGITS)),
        other => other,
    };
    match new.and_then(|new| s.own.digits.concat(&new).map(|all| (all, new.len()))) {
        Ok((all, n)) => {
            s.own.line = Some(tr_text!("own-imported", count = n));
            let kept: Vec<usize> = (0..s.own.digits.len()).collect();
            set_digits(s, all, &kept)
        }
        Err(e) => {
            s.own.line = Some(tr_text!("own-import-refused", error = e));
            vec![Effect::Redraw(Panel::Own)]
        }
    }
}

/// A teaching field as typed (`replay`, `steps`, `per-digit`).
fn field(s: &mut State, key: &str, value: &str) -> Vec<Effect> {
    let parsed = value.trim().parse::<usize>();
    let (max, slot) = match key {
        "replay" => (MAX_REPLAY, &mut s.own.replay),
        "steps" => (MAX_STEPS, &mut s.own.steps),
        "per-digit" => (1000, &mut s.own.per_digit),
        _ => return vec![],
    };
    let min = usize::from(key == "steps");
    s.own.problems.retain(|(k, _)| k != key);
    match parsed {
        Ok(v) if (min..=max).contains(&v) => *slot = v,
        _ => s.own.problems.push((key.to_string(), tr!("own-field-range", value = value, min = min, max = max))),
    }
    vec![Effect::Redraw(Panel::Own)]
}

/// "Teach the model your digits": fine-tunes the page's model in the worker on the collection's taught
/// part with replayed training digits, as a run.
fn teach(s: &mut State) -> Vec<Effect> {
    if let Some((_, why)) = s.own.problems.first() {
        let why = why.clone();
        fail(s, why);
        return vec![];
    }
    if !s.controls().train {
        refuse_busy(s);
        return vec![];
    }
    let held = s.own.held_out();
    let why_not = match (s.current.as_ref(), s.data.as_ref()) {
        (None, _) => Some(tr!("own-teach-no-model")),
        (_, None) => Some(tr!("data-not-loaded")),
        (Some(c), Some(d)) if !digit_model(c) || !replay_digits(d) => Some(tr!("own-teach-not-digits")),
        // Before needs the collection's answers with this model.
        _ if held.iter().any(|h| *h) && s.own.answers.is_none() => Some(tr!("own-teach-wait")),
        _ => None,
    };
    if let Some(why) = why_not {
        fail(s, why);
        return vec![];
    }
    let taught = s.own.taught();
    if taught.is_empty() {
        fail(s, tr!("own-teach-none"));
        return vec![];
    }
    let c = s.current.clone().expect("checked above");
    let before = Scores { own: s.own.correct(|i| held[i]), test: s.evaluation.as_ref().map(|e| e.accuracy()) };
    let id = s.fresh(Fresh::Run);
    s.history.epochs_total = 1;
    let mut settings = s.settings.clone();
    settings.epochs = 1;
    s.run = Some(RunState { id, settings, position: None, finished: false });
    s.activity = Activity::Training;
    let (replay, steps) = (s.own.replay, s.own.steps);
    s.own.teaching = Some(Teaching { run: id, before, after: Scores::default(), taught: taught.len(), replay, steps, ended: false, scoring: None, closed: false });
    say(s, tr_text!("own-teaching", count = taught.len(), replay = replay, steps = steps));
    let own = s.own.digits.subset(&taught);
    let mut fx: Vec<Effect> = [Panel::Training, Panel::Charts, Panel::Evaluation, Panel::Own].map(Effect::Redraw).into();
    fx.push(Effect::ToWorker(ToWorker::Teach { run: id, own, replay_per_own: replay, steps, weights: c.weights, report_every: REPORT_EVERY, paused: false }));
    fx
}

/// Data whose training part can be replayed while teaching: MNIST's digits (not the learner's own alone: they
/// would replay themselves and be scored on themselves).
pub fn replay_digits(d: &super::state::Loaded) -> bool {
    digit_data(d) && d.choice != Some(DataChoice::Own)
}


/// The teaching run ended: its held-out test score (`test`; None: it could not be scored) is in; the
/// collection is scored next, or, if it cannot be, the teaching closes without it.
pub fn taught_evaluated(s: &mut State, test: Option<f64>) -> Vec<Effect> {
    let Some(t) = s.own.teaching.as_mut().filter(|t| !t.ended && s.run.as_ref().is_some_and(|r| r.id == t.run)) else { return vec![] };
    t.after.test = test;
    t.ended = true;
    s.own.answers = None;
    s.own.scoring = None;
    let mut fx = score(s);
    match s.own.scoring {
        Some(request) => {
            if let Some(t) = s.own.teaching.as_mut() {
                t.scoring = Some(request);
            }
        }
        None => fx.extend(close_teaching(s)),
    }
    fx
}

/// A teaching's after-numbers are all in (or will not come: a lost worker, a failed scoring, another model):
/// before and after side by side, the status, the lesson's result and the course page's event.
pub fn close_teaching(s: &mut State) -> Vec<Effect> {
    let held = s.own.held_out();
    let own = s.own.correct(|i| held[i]);
    let Some(t) = s.own.teaching.as_mut().filter(|t| t.ended && !t.closed) else { return vec![] };
    // (The answers are the taught model's: they came for its scoring request, else they are None.)
    t.after.own = own;
    t.closed = true;
    t.scoring = None;
    let t = *t;
    let acc = |x: Option<f64>| x.unwrap_or(f64::NAN);
    let mut fx = vec![];
    if let (Some(a), true) = (t.after.own_accuracy(), s.lesson.is_some_and(|l| l.live == crate::lessons::Live::OwnDigits)) {
        fx.extend(lesson_result(s, a));
    }
    // (Written when shown: a language switch rewrites the percentages too.)
    say(s, crate::i18n::text(move || tr!("own-taught", before = pc(t.before.own_accuracy()), after = pc(t.after.own_accuracy()), test_before = pc(t.before.test), test_after = pc(t.after.test))));
    fx.extend([
        Effect::Redraw(Panel::Own),
        post("taught", &[("own_before", acc(t.before.own_accuracy())), ("own_after", acc(t.after.own_accuracy())), ("test_before", acc(t.before.test)), ("test_after", acc(t.after.test)), ("taught", t.taught as f64), ("replay", t.replay as f64), ("steps", t.steps as f64)]),
    ]);
    fx
}

/// The worker refused a teaching or failed it before it ended: it is dropped (nothing ran to keep).
pub fn teaching_failed(s: &mut State, run: u64) -> bool {
    if s.own.teaching.is_some_and(|t| t.run == run && !t.ended) {
        s.own.teaching = None;
        return true;
    }
    false
}

/// What a finished run's evaluation is for: a teaching's, or a run's.
pub fn after_eval(s: &State, stopped_early: bool) -> AfterEval {
    match s.own.teaching {
        Some(t) if !t.ended && s.run.as_ref().is_some_and(|r| r.id == t.run) => AfterEval::Taught,
        _ => AfterEval::RunFinished { stopped_early },
    }
}
