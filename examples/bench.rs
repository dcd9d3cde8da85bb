//! Prints matmul GFLOP/s (128, 512, 1024 squares) and MLP 784-128-10 training samples/s (batch 128, SGD
//! lr 0.1, one epoch over 8000 embedded digits, data resident on the device) for every backend here.
//! `cargo run --release --example bench [-- --quick]`. Numbers, not assertions: see README "Benchmarks".

use std::time::Instant;

use mnist_playground::data::{shuffled, Dataset};
use mnist_playground::nn::{self, Activation, Module};
use mnist_playground::optim::{Optimizer, Sgd};
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

fn mlp_samples_per_s(dev: &Device, data: &Dataset, val: &Dataset) -> (f64, f32) {
    let n = 8000.min(data.len());
    let all: Vec<usize> = (0..n).collect();
    let (x, y) = data.batch(&all);
    let (x, y) = (Tensor::from_vec(x, &[n, 784], dev), Tensor::from_vec(y, &[n], dev));
    let model = nn::mlp(&[784, 128, 10], Activation::Relu, 0.0, 0, dev);
    let mut opt = Sgd::new(model.parameters(), 0.1);
    let step = |idx: &[usize], opt: &mut Sgd| {
        let idx = Tensor::from_vec(idx.iter().map(|&i| i as f32).collect(), &[idx.len()], dev);
        let loss = model.forward(&x.gather_rows(&idx)).cross_entropy(&y.gather_rows(&idx));
        opt.zero_grad();
        loss.backward();
        opt.step();
        dev.flush(); // one submit per step
    };
    step(&(0..128).collect::<Vec<_>>(), &mut opt); // warm-up
    sync(dev);
    let order = shuffled(n, 1);
    let t = Instant::now();
    for batch in order.chunks(128) {
        step(batch, &mut opt);
    }
    sync(dev);
    let secs = t.elapsed().as_secs_f64();
    let acc = pollster::block_on(nn::accuracy(&model, val, dev)).unwrap();
    (n as f64 / secs, acc)
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
        let (sps, acc) = mlp_samples_per_s(dev, &train, &val);
        println!("  MLP 784-128-10 batch 128, 1 epoch of 8000: {sps:.0} samples/s, held-out accuracy {acc:.3}");
        if let Device::Gpu(g) = dev {
            let s = g.stats();
            println!("  gpu stats: {} buffers created ({:.1} MiB), {} pooled, {} pipelines, {} submits", s.buffers_created, s.bytes_created as f64 / 1048576.0, s.buffers_pooled, s.pipelines, s.submits);
        }
    }
}
