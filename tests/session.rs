//! The worker's protocol without a browser: a `Session` driven with exactly the messages the page sends
//! (each one first serialised and read back, as it is on its way to a worker), on every backend and in
//! Chromium. Runs, pause/step/resume, learning-rate changes, carrying on from weights, evaluation, and
//! bad requests answered with a message instead of a panic.

mod common;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
use common::bands;
use mnist_playground::config::Settings;
use mnist_playground::eval::{predict_pixels, Metrics};
use mnist_playground::model;
use mnist_playground::protocol::{FromWorker, Position, ToWorker, Weights};
use mnist_playground::session::Session;
use mnist_playground::train::Event;
use mnist_playground::Device;

/// A message after a trip through the serialisation the page and worker use (serde-wasm-bindgen in the
/// browser, JSON natively): the protocol carries every field.
fn trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(m: T) -> T {
    #[cfg(target_arch = "wasm32")]
    let back: T = serde_wasm_bindgen::from_value(serde_wasm_bindgen::to_value(&m).unwrap()).unwrap();
    #[cfg(not(target_arch = "wasm32"))]
    let back: T = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
    assert_eq!(back, m, "the message survives serialisation");
    back
}

async fn send(s: &mut Session, m: ToWorker) -> Vec<FromWorker> {
    let replies = s.handle(trip(m)).await;
    replies.into_iter().map(trip).collect()
}

/// Drives `work` until the run stops (as the worker's loop does), collecting the replies.
async fn work_to_stop(s: &mut Session) -> Vec<FromWorker> {
    let mut all = Vec::new();
    for _ in 0..10_000 {
        if !s.busy() {
            break;
        }
        all.extend(s.work().await.into_iter().map(trip));
    }
    all
}

fn settings(epochs: usize) -> Settings {
    let mut s = Settings::default();
    for (k, v) in [("model", "mlp:16"), ("batch", "32"), ("lr", "0.2"), ("seed", "3")] {
        s.set(k, v).unwrap();
    }
    s.epochs = epochs;
    s
}

fn train(run: u64, epochs: usize, paused: bool) -> ToWorker {
    ToWorker::Train { run, settings: settings(epochs), report_every: 4, weights: None, from_epoch: 0, paused }
}

fn events(replies: &[FromWorker]) -> Vec<Event> {
    replies.iter().flat_map(|r| if let FromWorker::Report { events, .. } = r { events.clone() } else { vec![] }).collect()
}

fn last_weights(replies: &[FromWorker]) -> Option<Weights> {
    replies.iter().rev().find_map(|r| r.weights().cloned())
}

fn last_position(replies: &[FromWorker]) -> Option<Position> {
    replies.iter().rev().find_map(|r| if let FromWorker::Report { position, .. } = r { Some(*position) } else { None })
}

async fn with_data(device: &Device) -> Session {
    let mut s = Session::new(device.clone());
    let replies = send(&mut s, ToWorker::Data { request: 4, train: bands(300, 1), test: bands(97, 2) }).await;
    assert_eq!(replies, vec![FromWorker::DataReady { request: 4, train: 300, test: 97 }]);
    s
}

test_device!(a_run_reports_every_epoch_and_its_weights_score_as_the_worker_scores, |device: Device| async move {
    let mut s = with_data(&device).await;
    let started = send(&mut s, train(1, 3, false)).await;
    assert!(matches!(&started[..], [FromWorker::Report { run: 1, events, position: Position { epoch: 0, step: 0, .. }, weights: Some(_) }] if events.is_empty()), "the starting weights at once");
    assert!(s.busy());
    let replies = work_to_stop(&mut s).await;
    assert!(!s.busy());
    let ev = events(&replies);
    let epochs: Vec<usize> = ev.iter().filter_map(|e| if let Event::Epoch { epoch, .. } = e { Some(*epoch) } else { None }).collect();
    assert_eq!(epochs, vec![1, 2, 3]);
    assert_eq!(ev.last(), Some(&Event::Done));
    assert_eq!(replies.last(), Some(&FromWorker::Stopped { run: 1, finished: true }));
    assert!(replies.iter().all(|r| !matches!(r, FromWorker::Report { run, .. } if *run != 1)));
    let Some(Event::Epoch { val: Some(Metrics { accuracy, .. }), .. }) = ev.iter().rev().find(|e| matches!(e, Event::Epoch { .. })) else { panic!("no held-out metrics") };
    assert!(*accuracy > 0.8, "held-out accuracy {accuracy}");
    // The final weights are the trained model: the page's CPU copy predicts what the worker's model predicts.
    let w = last_weights(&replies).expect("weights at the end");
    let (copy, info) = model::load("w", &w.0, &Device::Cpu).unwrap();
    let probs = match &send(&mut s, ToWorker::Evaluate { request: 7 }).await[..] {
        [FromWorker::Evaluated { request: 7, probs }] => probs.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(probs.len(), 97 * 3);
    let test = bands(97, 2);
    let pixels: Vec<f32> = (0..5).flat_map(|i| test.image_f32(i)).collect();
    let mine = predict_pixels(&copy, &info, &pixels, &Device::Cpu).await.unwrap();
    for (a, b) in mine.iter().zip(&probs[..15]) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }
});

test_device!(pause_step_resume_and_a_new_learning_rate, |device: Device| async move {
    let mut s = with_data(&device).await;
    send(&mut s, train(2, 2, false)).await;
    let first = s.work().await;
    let paused = send(&mut s, ToWorker::Pause).await;
    assert!(!s.busy(), "paused");
    assert_eq!(paused.last(), Some(&FromWorker::Stopped { run: 2, finished: false }));
    let at = last_position(&paused).expect("a report with the position when paused");
    assert!(last_weights(&paused).is_some(), "the page gets the paused weights");
    assert!(at.step >= 1 || !first.is_empty());
    assert!(s.work().await.is_empty(), "no steps while paused");
    // Step once: exactly one step, reported at once, still paused.
    let stepped = send(&mut s, ToWorker::Step).await;
    let after = last_position(&stepped).unwrap();
    assert_eq!((after.epoch, after.step), (at.epoch, at.step + 1));
    assert!(matches!(events(&stepped)[..], [Event::Progress { .. }]), "{stepped:?}");
    assert!(!s.busy());
    // The learning rate changes from the next step; a bad one is refused and the run keeps its rate.
    assert!(send(&mut s, ToWorker::SetLr { lr: 0.05 }).await.is_empty());
    let refused = send(&mut s, ToWorker::SetLr { lr: -1.0 }).await;
    assert!(matches!(&refused[..], [FromWorker::Failed { run: Some(2), request: None, message }] if message.contains("learning rate")), "{refused:?}");
    assert_eq!(last_position(&send(&mut s, ToWorker::Step).await).unwrap().lr, 0.05);
    send(&mut s, ToWorker::Resume).await;
    assert!(s.busy());
    let rest = work_to_stop(&mut s).await;
    assert_eq!(rest.last(), Some(&FromWorker::Stopped { run: 2, finished: true }));
    // A Step or Resume after the end does nothing.
    assert!(send(&mut s, ToWorker::Step).await.is_empty() && send(&mut s, ToWorker::Resume).await.is_empty() && !s.busy());
});

test_device!(carrying_on_from_weights_starts_at_their_epoch, |device: Device| async move {
    let mut s = with_data(&device).await;
    send(&mut s, train(3, 1, false)).await;
    let one = work_to_stop(&mut s).await;
    let w = last_weights(&one).unwrap();
    // A new worker (a new session) carries on from the weights after epoch 1 of 3.
    let mut fresh = with_data(&device).await;
    let carry = ToWorker::Train { run: 4, settings: settings(3), report_every: 4, weights: Some(w.clone()), from_epoch: 1, paused: false };
    send(&mut fresh, carry).await;
    let rest = work_to_stop(&mut fresh).await;
    let epochs: Vec<usize> = events(&rest).iter().filter_map(|e| if let Event::Epoch { epoch, .. } = e { Some(*epoch) } else { None }).collect();
    assert_eq!(epochs, vec![2, 3]);
    // Loading weights makes them the evaluated model and ends the run.
    send(&mut fresh, ToWorker::Load { weights: w }).await;
    assert!(!fresh.busy());
    assert!(matches!(&send(&mut fresh, ToWorker::Evaluate { request: 1 }).await[..], [FromWorker::Evaluated { .. }]));
});

test_device!(a_new_run_replaces_the_old_and_bad_requests_get_a_message, |device: Device| async move {
    let mut s = Session::new(device.clone());
    // Nothing to train on yet, nothing to evaluate, damaged weights: messages, no panic.
    for (m, want) in [
        (train(1, 1, false), "no data"),
        (ToWorker::Evaluate { request: 1 }, "no model"),
        (ToWorker::Load { weights: Weights(vec![1, 2, 3]) }, "safetensors"),
    ] {
        let r = send(&mut s, m).await;
        assert!(matches!(&r[..], [FromWorker::Failed { message, .. }] if message.contains(want) || message.contains("there is no model")), "{r:?}");
    }
    let bad = ToWorker::Data { request: 5, train: bands(0, 1), test: bands(5, 1) };
    assert!(matches!(&send(&mut s, bad).await[..], [FromWorker::Failed { request: Some(5), .. }]));
    let mut s = with_data(&device).await;
    let mut wrong = settings(1);
    wrong.batch = 100_000;
    let r = send(&mut s, ToWorker::Train { run: 5, settings: wrong, report_every: 4, weights: None, from_epoch: 0, paused: false }).await;
    assert!(matches!(&r[..], [FromWorker::Failed { message, .. }] if message.contains("batch size")), "{r:?}");
    send(&mut s, train(6, 2, false)).await;
    s.work().await;
    send(&mut s, train(7, 1, false)).await;
    let replies = work_to_stop(&mut s).await;
    assert!(replies.iter().all(|r| !matches!(r, FromWorker::Report { run, .. } | FromWorker::Stopped { run, .. } if *run != 7)));
    assert_eq!(send(&mut s, ToWorker::Ping).await, vec![FromWorker::Pong]);
    send(&mut s, ToWorker::Stop).await;
    assert!(!s.busy());
});

test_device!(the_pixel_similarity_baseline_is_computed_in_the_worker, |device: Device| async move {
    let mut s = with_data(&device).await;
    let replies = send(&mut s, ToWorker::Distances { request: 3 }).await;
    let [FromWorker::Distances { request: 3, means, l1, rmse }] = &replies[..] else { panic!("{replies:?}") };
    assert_eq!((means.len(), l1.len(), rmse.len()), (3 * 30, 97 * 3, 97 * 3));
    // Class c lights band c: each mean is brightest in its own band, and the nearest mean (L1) is right
    // for nearly every held-out image.
    for c in 0..3 {
        let band = |b: usize| means[c * 30 + b * 10..c * 30 + b * 10 + 10].iter().sum::<f32>();
        assert!((0..3).filter(|&b| b != c).all(|b| band(c) > band(b)), "class {c}'s mean");
    }
    let test = bands(97, 2);
    let right = (0..97).filter(|&i| (0..3).min_by(|&a, &b| l1[i * 3 + a].total_cmp(&l1[i * 3 + b])) == Some(test.labels[i] as usize)).count();
    assert!(right > 90, "{right} of 97 nearest means are right");
    assert!(l1.iter().zip(rmse).all(|(a, r)| *a >= 0.0 && *r >= *a - 1e-6), "RMSE ≥ mean absolute difference");
});

/// `n` 28×28 digits of ten classes: class c lights rows 2c + 4 and 2c + 5 (`columns`: those columns instead, a
/// "handwriting" the model has not seen).
fn striped(n: usize, seed: u64, columns: bool) -> mnist_playground::data::Dataset {
    let b = bands(n, seed);
    let mut images = Vec::with_capacity(n * 784);
    let labels: Vec<u8> = (0..n).map(|i| ((i as u64 * 7 + seed) % 10) as u8).collect();
    for (i, &c) in labels.iter().enumerate() {
        for p in 0..784 {
            let row = if columns { p % 28 } else { p / 28 };
            let lit = row / 2 == c as usize + 2;
            images.push(if lit { 200 } else { b.images[(i * 30 + p) % b.images.len()] / 4 });
        }
    }
    mnist_playground::data::Dataset { images: images.into(), labels, rows: 28, cols: 28, classes: 10 }
}

test_device!(teaching_your_digits_is_a_run_like_any_other, |device: Device| async move {
    use mnist_playground::model::{ModelInfo, ModelSpec};
    use mnist_playground::nn::Activation;
    let mut s = Session::new(device.clone());
    let (train, test) = (striped(300, 1, false), striped(100, 2, false));
    assert!(matches!(&send(&mut s, ToWorker::Data { request: 1, train: train.clone(), test }).await[..], [FromWorker::DataReady { .. }]));
    // The page's model: weights as Save writes them (here a small MLP trained a little).
    send(&mut s, ToWorker::Train { run: 1, settings: { let mut t = settings(1); t.seed = 5; t }, report_every: 4, weights: None, from_epoch: 0, paused: false }).await;
    let weights = last_weights(&work_to_stop(&mut s).await).unwrap();
    let teach = |run, own, steps, weights| ToWorker::Teach { run, own, replay_per_own: 4, steps, weights, report_every: 5, paused: false };
    // Refused, with the run they concern: no digits, weights that are not a model, a model for other images,
    // too many steps.
    let other = {
        let spec = ModelSpec::parse("mlp:4", Activation::Relu, 0.0).unwrap();
        let bands = bands(10, 1);
        let m = spec.build(6, 5, 3, 0, &device).unwrap();
        Weights(model::save(&m, &ModelInfo::for_data(spec, &bands, true)).await.unwrap())
    };
    let own = striped(20, 3, true);
    for (m, want) in [
        (teach(2, own.subset(&[]), 12, weights.clone()), "no digits of yours"),
        (teach(3, own.clone(), 12, Weights(vec![1, 2, 3])), "safetensors"),
        (teach(4, own.clone(), 12, other), "the model takes 6×5 images of 3 classes"),
        (teach(5, own.clone(), 1_000_000, weights.clone()), "1,000,000 steps of 32"),
    ] {
        let run = if let ToWorker::Teach { run, .. } = &m { *run } else { unreachable!() };
        let r = send(&mut s, m).await;
        assert!(matches!(&r[..], [FromWorker::Failed { run: Some(id), request: None, message }] if *id == run && message.contains(want)), "{r:?}");
        assert!(!s.busy());
    }
    // A run of 60 steps from the weights: its starting weights at once, then the usual controls.
    let started = send(&mut s, teach(6, own.clone(), 60, weights.clone())).await;
    assert!(matches!(&started[..], [FromWorker::Report { run: 6, position: Position { epoch: 0, step: 0, steps_per_epoch: 60, .. }, weights: Some(w), .. }] if *w == weights), "{started:?}");
    s.work().await;
    let paused = send(&mut s, ToWorker::Pause).await;
    assert_eq!(paused.last(), Some(&FromWorker::Stopped { run: 6, finished: false }));
    let at = last_position(&paused).unwrap();
    let stepped = send(&mut s, ToWorker::Step).await;
    assert_eq!(last_position(&stepped).map(|p| p.step), Some(at.step + 1));
    assert!(send(&mut s, ToWorker::SetLr { lr: 0.002 }).await.is_empty());
    assert_eq!(last_position(&send(&mut s, ToWorker::Step).await).unwrap().lr, 0.002);
    send(&mut s, ToWorker::Resume).await;
    let rest = work_to_stop(&mut s).await;
    assert_eq!(rest.last(), Some(&FromWorker::Stopped { run: 6, finished: true }));
    let ev = events(&rest);
    // One epoch of the mix is the 60 steps; its end carries the held-out accuracy (what was forgotten).
    let Some(Event::Epoch { epoch: 1, val: Some(Metrics { count: 100, .. }), train, .. }) = ev.iter().find(|e| matches!(e, Event::Epoch { .. })) else { panic!("{ev:?}") };
    assert_eq!(train.count, 60 * 32, "60 steps of 32");
    // The taught model reads the digits it was taught (the learner's "handwriting") better than before.
    let pixels: Vec<f32> = (0..own.len()).flat_map(|i| own.image_f32(i)).collect();
    let mut right = vec![];
    for w in [&weights, &last_weights(&rest).unwrap()] {
        let (copy, info) = model::load("w", &w.0, &Device::Cpu).unwrap();
        let probs = predict_pixels(&copy, &info, &pixels, &Device::Cpu).await.unwrap();
        right.push(probs.chunks(10).zip(&own.labels).filter(|(p, &l)| (0..10).all(|c| p[c] <= p[l as usize])).count());
    }
    eprintln!("taught digits read right: {} of 20 before, {} after", right[0], right[1]);
    assert!(right[1] >= 15 && right[1] >= right[0] + 10, "{right:?} of 20 taught digits read right, before and after");
    // No data (a new worker that has not had it yet): refused too.
    let mut fresh = Session::new(device.clone());
    let r = send(&mut fresh, teach(7, own, 12, weights)).await;
    assert!(matches!(&r[..], [FromWorker::Failed { run: Some(7), message, .. }] if message.contains("no data")), "{r:?}");
});
