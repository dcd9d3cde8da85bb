//! Trains the benchmark's MLP 784-128-10 or CNN (batch 128, SGD lr 0.1) on the native CPU backend for a few
//! epochs and prints samples/s per epoch: a target for a profiler (`perf record`), with
//! `RAYON_NUM_THREADS=1` to match one browser worker. `cargo run --release --example cpu_train [-- mlp|cnn epochs]`.

use std::time::Instant;

use mnist_playground::data::Dataset;
use mnist_playground::model::{Loss, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::optim::OptimizerKind;
use mnist_playground::train::{TrainConfig, Trainer};
use mnist_playground::Device;

/// Seconds the process's threads have run on a core (Linux: /proc/self/task/*/schedstat), so that a machine
/// shared with other jobs still gives comparable figures; None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let mut ns = 0.0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let s = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += s.split_whitespace().next()?.parse::<f64>().ok()?;
    }
    Some(ns / 1e9)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spec = match args.get(1).map(String::as_str) {
        Some("cnn") => "cnn:8,16",
        _ => "mlp:128",
    };
    let epochs: usize = args.get(2).and_then(|e| e.parse().ok()).unwrap_or(5);
    let dir = if std::path::Path::new("www/data").is_dir() { "www/data" } else { concat!(env!("CARGO_MANIFEST_DIR"), "/www/data") };
    let data = Dataset::load_embedded(std::path::Path::new(dir)).unwrap_or_else(|e| panic!("{e}"));
    let (train, _) = data.split(2000, 12345);
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
    (config.lr, config.batch, config.epochs, config.report_every) = (0.1, 128, epochs, usize::MAX / 2);
    let mut t = Trainer::from_spec(&spec, false, 0, &train, None, config, &Device::Cpu).unwrap();
    let (mut start, mut cpu) = (Instant::now(), cpu_seconds());
    pollster::block_on(t.run(|e| {
        if let mnist_playground::train::Event::Epoch { .. } = e {
            let s = start.elapsed().as_secs_f64();
            let on_core = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
            let on_core = on_core.map_or(String::new(), |c| format!("; on a core {c:.3} s: {:.0} samples/s", train.len() as f64 / c));
            println!("epoch: {s:.3} s, {:.0} samples/s{on_core}", train.len() as f64 / s);
            (start, cpu) = (Instant::now(), cpu_seconds());
        }
        true
    }))
    .unwrap();
}
