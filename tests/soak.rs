//! Soak: a long run (10,000 steps natively, 1,000 in the browser) keeps the GPU's buffer count and memory
//! flat — every step, report, evaluation, weights snapshot and per-epoch shuffle reuses pooled buffers.
//! Pool statistics are logged every 1,000 steps (`cargo test --test soak -- --nocapture`).

mod common;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
use mnist_playground::data::Dataset;
use mnist_playground::model::{ModelInfo, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::optim::OptimizerKind;
use mnist_playground::train::{Event, TrainConfig, Trainer};
use mnist_playground::Device;

const STEPS: usize = if cfg!(target_arch = "wasm32") { 1_000 } else { 10_000 };
const WARM_UP: usize = 200;

/// 300 random 6×5 images of 3 classes (band c bright for class c).
fn bands() -> Dataset {
    let mut s = 12345u64;
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 33) as u32
    };
    let (mut images, mut labels) = (vec![], vec![]);
    for _ in 0..300 {
        let c = next() % 3;
        labels.push(c as u8);
        images.extend((0..30).map(|p| if p / 10 == c { 120 + (next() % 136) as u8 } else { (next() % 110) as u8 }));
    }
    Dataset { images: images.into(), labels, rows: 6, cols: 5, classes: 3 }
}

test_device!(ten_thousand_steps_hold_the_buffer_pool_flat, |dev: Device| async move {
    let data = bands();
    let spec = ModelSpec::parse("mlp:16", Activation::Relu, 0.0).unwrap();
    let info = ModelInfo::for_data(spec.clone(), &data, true);
    let mut config = TrainConfig::new(OptimizerKind::Adam, spec.default_loss());
    (config.batch, config.epochs, config.report_every, config.lr) = (32, STEPS / 10, 50, 0.003);
    let mut t = Trainer::new(spec.build(6, 5, 3, 0, &dev).unwrap(), info, &data, Some(&data), config, &dev).unwrap();
    let stats = || match &dev {
        Device::Gpu(g) => Some(g.stats()),
        Device::Cpu => None,
    };
    let (mut steps, mut baseline, mut last_acc) = (0, None, 0.0);
    let start = mnist_playground::clock::now_ms();
    while !t.is_done() {
        for e in t.advance(1).await.unwrap() {
            if let Event::Epoch { val: Some(v), .. } = e {
                last_acc = v.accuracy;
            }
            assert!(!matches!(e, Event::Diverged { .. }), "{e:?}");
        }
        steps += 1;
        if steps == WARM_UP {
            baseline = stats();
        }
        if steps % 1000 == 0 {
            let s = stats();
            let line = format!("step {steps}: {:.0} ms, held-out accuracy {last_acc:.3}, pool {s:?}", mnist_playground::clock::now_ms() - start);
            #[cfg(target_arch = "wasm32")]
            web_sys::console::log_1(&line.into());
            #[cfg(not(target_arch = "wasm32"))]
            eprintln!("{line}");
            if let (Some(b), Some(s)) = (baseline, s) {
                assert_eq!((s.buffers_created, s.bytes_created), (b.buffers_created, b.bytes_created), "no buffer created after warm-up (step {steps})");
                assert_eq!(s.buffers_live + s.buffers_pooled, b.buffers_live + b.buffers_pooled, "the pool holds the same buffers");
            }
        }
    }
    assert_eq!(steps, STEPS);
    assert!(last_acc > 0.9, "it still learns: {last_acc}");
});
