//! Teaching the pretrained model a handwriting it reads badly: held-out digits drawn on the sketch pad lying on
//! their side (`drawn.rs`, a quarter turn clockwise). Ten of each digit are taught with the page's recipe
//! (`own_digits::Recipe::default()`, from the shipped weights); accuracy on *other* digits drawn that way rises,
//! and with replayed training digits (1 of yours : 4 replayed) the accuracy on the 2,000 held-out digits drops by
//! at most a point. Without replay (`--ignored`: a second run) it forgets.
//!
//! Why not upside down (180°), the first idea: turned over, a 6 is a 9 and a 9 a 6, so teaching that an
//! upside-down 6 is a 6 teaches that an upright 9 is a 6. Measured with the previous pretrained model and recipe
//! (Adam 0.0005): upside-down digits 0.4300 → 0.6533, but the held-out accuracy fell 3.25 points even with
//! replay (README).
//!
//! `cargo test --test teach -- --include-ignored --nocapture` prints the numbers the README reports.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::time::Instant;

use mnist_playground::data::Dataset;
use mnist_playground::drawn::{redraw, Style};
use mnist_playground::eval::{evaluate, DeviceData};
use mnist_playground::model::{self, ModelInfo};
use mnist_playground::nn::{Module, Sequential};
use mnist_playground::own_digits::Recipe;
use mnist_playground::Device;

/// A digit drawn lying on its side: the sketch pad's plain style, turned a quarter clockwise.
const ON_ITS_SIDE: Style = Style { name: "on its side", rotate: 90.0, ..Style::ALL[0] };

fn accuracy(model: &Sequential, info: &ModelInfo, data: &Dataset) -> f32 {
    let d = DeviceData::new(data, info, &Device::Cpu).unwrap();
    pollster::block_on(evaluate(model as &dyn Module, info.spec.default_loss(), &d, 250)).unwrap().accuracy
}

/// The `count` digits of each class after the first `skip` of that class, in order.
fn per_class(data: &Dataset, skip: usize, count: usize) -> Vec<usize> {
    let mut seen = [0usize; 10];
    (0..data.len())
        .filter(|&i| {
            let c = data.labels[i] as usize;
            seen[c] += 1;
            (skip + 1..=skip + count).contains(&seen[c])
        })
        .collect()
}

struct Setup {
    weights: Vec<u8>,
    info: ModelInfo,
    /// The 8,000 training digits (the replay pool) and the 2,000 held out, as the page splits them.
    train: Dataset,
    val: Dataset,
    /// Ten held-out digits of each class drawn on their side (taught), and the next 30 of each (tested).
    taught: Dataset,
    others: Dataset,
    /// The pretrained model's accuracy on `others` and on `val`.
    before: (f32, f32),
}

fn setup() -> Setup {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
    let weights = std::fs::read(www.join("pretrained.safetensors")).expect("www/data/pretrained.safetensors");
    let (pretrained, info) = model::load("pretrained", &weights, &Device::Cpu).unwrap();
    let (train, val) = Dataset::load_embedded(&www).unwrap().split(2000, 0);
    let taught = redraw(&val.subset(&per_class(&val, 0, 10)), &ON_ITS_SIDE);
    let others = redraw(&val.subset(&per_class(&val, 10, 30)), &ON_ITS_SIDE);
    let before = (accuracy(&pretrained, &info, &others), accuracy(&pretrained, &info, &val));
    Setup { weights, info, train, val, taught, others, before }
}

/// Teaches `s.taught` with the default recipe and `replay_per_own`; (accuracy on the other digits drawn on
/// their side, on the held-out digits) after.
fn teach(s: &Setup, replay_per_own: usize) -> (f32, f32) {
    let start = Instant::now();
    let recipe = Recipe { replay_per_own, ..Recipe::default() };
    let mix = recipe.mix(&s.taught, &s.train).unwrap();
    let mut trainer = recipe.trainer(&s.weights, &mix, None, &Device::Cpu, 50).unwrap();
    pollster::block_on(trainer.run(|_| true)).unwrap();
    let after = (accuracy(&trainer.model, &s.info, &s.others), accuracy(&trainer.model, &s.info, &s.val));
    eprintln!(
        "{recipe:?}\n  {} digits on their side: {:.4} → {:.4}; {} held-out digits: {:.4} → {:.4} ({:+.2} points)  [{:.1} s]",
        s.others.len(),
        s.before.0,
        after.0,
        s.val.len(),
        s.before.1,
        after.1,
        (after.1 - s.before.1) * 100.0,
        start.elapsed().as_secs_f64()
    );
    after
}

#[test]
fn ten_digits_of_each_class_teach_a_new_handwriting_and_replay_keeps_the_rest() {
    let s = setup();
    assert!(s.before.0 < 0.4, "the pretrained model reads digits on their side badly: {}", s.before.0);
    let (side, held) = teach(&s, 4);
    assert!(side >= s.before.0 + 0.3, "digits on their side: {:.4} → {side:.4}", s.before.0);
    assert!(held >= s.before.1 - 0.01, "held-out digits: {:.4} → {held:.4}", s.before.1);
}

#[test]
#[ignore = "a second fine-tuning of the pretrained CNN, as long as the first: cargo test --test teach -- --ignored --nocapture"]
fn without_replay_it_forgets() {
    let s = setup();
    let (side, held) = teach(&s, 0);
    assert!(side >= s.before.0 + 0.3, "digits on their side: {:.4} → {side:.4}", s.before.0);
    assert!(held < s.before.1 - 0.02, "without replay the held-out digits suffer: {:.4} → {held:.4}", s.before.1);
}
