//! Prints matmul GFLOP/s (128, 512, 1024 squares) and training samples/s of the MLP 784-128-10 and the
//! small CNN of ../shared/bench (batch 128, SGD lr 0.1, one epoch over 8000 embedded digits, through the
//! product's training loop with the data resident on the device) for every backend here.
//! `cargo run --release --example bench [-- --quick]`. Numbers, not assertions: see README "Benchmarks".

use std::time::Instant;

use mnist_playground::data::Dataset;
use mnist_playground::model::{Loss, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::eval::{evaluate, DeviceData};
use mnist_playground::optim::OptimizerKind;
use mnist_playground::train::{TrainConfig, Trainer};
use mnist_playground::{Device, Tensor};

fn sync(dev: &Device) {
    pollster::block_on(dev.sync()).expect("device sync");
}

fn matmul_gflops(dev: &Device, n: usize) -> f64 {
    let a = Tensor::from_vec((0..n * n).map(|i| (i % 7) as f32 * 0.1).collect(), &[n, n], dev);
    let b = Tensor::from_vec((0..n * n).map(|i| (i % 5) as f32 * 0.1).collect(), &[n, n], dev);
    let _ = a.matmul(&b); // warm-up: pipeline compile, buffer pool
    sync(dev);
    let reps = if dev.is_gpu() { (2_000_000_000 / (n * n * n)).clamp(3, 200) } else { (200_000_000 / (n * n * n)).clamp(1, 50) };
    let t = Instant::now();
    for _ in 0..reps {
        let _ = a.matmul(&b);
    }
    sync(dev);
    2.0 * (n * n * n) as f64 * reps as f64 / t.elapsed().as_secs_f64() / 1e9
}

/// One epoch of `spec` through the product's training loop (data on the device, reports every 20 steps),
/// timed after a warm-up trainer has compiled the pipelines and filled the buffer pool.
fn train_samples_per_s(spec: &str, dev: &Device, train: &Dataset, val: &Dataset) -> (f64, f32) {
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let trainer = || Trainer::from_spec(&spec, true, 0, train, None, TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy), dev).unwrap();
    pollster::block_on(trainer().advance(3)).unwrap();
    let mut t = trainer();
    sync(dev);
    let start = Instant::now();
    pollster::block_on(t.run(|_| true)).unwrap();
    sync(dev);
    let secs = start.elapsed().as_secs_f64();
    let acc = pollster::block_on(evaluate(&t.model, Loss::CrossEntropy, &DeviceData::new(val, &t.info, dev).unwrap(), 1000)).unwrap().accuracy;
    (train.len() as f64 / secs, acc)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut devices = vec![Device::Cpu];
    match Device::gpu_blocking() {
        Ok(d) => devices.push(d),
        Err(e) => println!("no GPU backend: {e}"),
    }
    // www/data under the working directory (so a copied binary runs from a repo root), else the build's.
    let dir = if std::path::Path::new("www/data").is_dir() { "www/data" } else { concat!(env!("CARGO_MANIFEST_DIR"), "/www/data") };
    let data = Dataset::load_embedded(std::path::Path::new(dir)).unwrap_or_else(|e| panic!("{e}"));
    let (train, val) = data.split(2000, 12345);
    for dev in &devices {
        println!("backend: {}", dev.name());
        for n in if quick { vec![128, 512] } else { vec![128, 512, 1024] } {
            println!("  matmul {n}x{n}: {:.2} GFLOP/s", matmul_gflops(dev, n));
        }
        for (name, spec) in [("MLP 784-128-10", "mlp:128"), ("CNN conv8-pool-conv16-pool-dense10", "cnn:8,16")] {
            let (sps, acc) = train_samples_per_s(spec, dev, &train, &val);
            println!("  {name} batch 128 SGD 0.1, 1 epoch of {}: {sps:.0} samples/s, held-out accuracy {acc:.3}", train.len());
        }
        if let Device::Gpu(g) = dev {
            let s = g.stats();
            println!("  gpu stats: {} buffers created ({:.1} MiB), {} pooled, {} pipelines, {} submits", s.buffers_created, s.bytes_created as f64 / 1048576.0, s.buffers_pooled, s.pipelines, s.submits);
        }
    }
}
