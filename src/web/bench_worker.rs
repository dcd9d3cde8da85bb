//! bench.html: trains the TF.js anchor's models (MLP 784-128-10, or conv8@5×5-pool-conv16@5×5-pool-dense10;
//! ReLU, raw pixels/255, SGD lr 0.1, softmax cross-entropy) on the same files (n×784 pixel bytes, then n labels)
//! and writes `RESULT {…}` into `#out`, as the anchor does. Query: model=mlp|cnn, batch, epochs,
//! backend=gpu|cpu|auto, train=URL, test=URL, seed (initialisation and shuffles; default 0), profile=steps
//! (GPU: a per-kernel time table in `#profile`).
//! Shader compilation and buffer warm-up happen before timing. This is the measuring side, run in the
//! training worker (`worker.rs`); `bench_page.rs` is the page that starts it.

use super::dom::fetch;
use crate::parallel::Helpers;
use crate::data::Dataset;
use crate::model::{Loss, ModelInfo, ModelSpec};
use crate::nn::Activation;
use crate::clock::now_ms;
use crate::eval::{evaluate, DeviceData};
use crate::optim::OptimizerKind;
use crate::train::{TrainConfig, Trainer};
use crate::Device;

fn param(q: &web_sys::UrlSearchParams, key: &str, default: &str) -> String {
    q.get(key).unwrap_or_else(|| default.to_string())
}

pub fn bench_file(name: &str, bytes: &[u8]) -> Result<Dataset, String> {
    if bytes.is_empty() || bytes.len() % 785 != 0 {
        return Err(format!("{name}: {} bytes is not n×785 (784 pixels + 1 label per digit)", bytes.len()));
    }
    let n = bytes.len() / 785;
    let labels = bytes[n * 784..].to_vec();
    if let Some(l) = labels.iter().find(|&&l| l > 9) {
        return Err(format!("{name}: label {l} is not a digit"));
    }
    Ok(Dataset { images: std::sync::Arc::new(bytes[..n * 784].to_vec()), labels, rows: 28, cols: 28, classes: 10 })
}

/// The anchor's initialisation (TF.js layers' defaults): glorotNormal weights — a normal of std
/// √(2/(fan_in+fan_out)) truncated at two standard deviations (redrawn beyond), fans including the kernel area
/// for convolutions — and zero biases, so both sides train the same model from the same kind of start.
fn tfjs_init(model: &crate::nn::Sequential, seed: u64, device: &Device) {
    use crate::nn::Module;
    use rand_distr::{Distribution, Normal};
    let mut rng = crate::rng::rng(seed);
    for p in model.parameters() {
        let s = p.shape().to_vec();
        let values = match s.len() {
            1 => vec![0.0; s[0]],
            _ => {
                let area: usize = s[2..].iter().product();
                let std = (2.0 / ((s[0] + s[1]) * area) as f32).sqrt();
                let normal = Normal::new(0.0, std).expect("a positive standard deviation");
                (0..p.numel())
                    .map(|_| loop {
                        let v: f32 = normal.sample(&mut rng);
                        if v.abs() <= 2.0 * std {
                            break v;
                        }
                    })
                    .collect()
            }
        };
        p.assign(&crate::Tensor::from_vec(values, &s, device));
    }
}

/// Runs the benchmark `query` describes here (the worker calls this), sharing CPU minibatches with
/// `helpers`: its result line and profile.
pub async fn measure(query: &str, helpers: &mut impl Helpers) -> (String, String) {
    let mut profile = String::new();
    let out = match go(query, &mut profile, helpers).await {
        Ok(json) => format!("RESULT {json}"),
        Err(e) => format!("ERR {e}"),
    };
    (out, profile)
}

async fn go(search: &str, profile_text: &mut String, helpers: &mut impl Helpers) -> Result<String, String> {
    let q = web_sys::UrlSearchParams::new_with_str(search).map_err(|_| "bad query")?;
    let model = param(&q, "model", "mlp");
    let spec = match model.as_str() {
        "mlp" => "mlp:128",
        "cnn" => "cnn:8,16",
        m => return Err(format!("model {m:?}: mlp or cnn")),
    };
    let batch: usize = param(&q, "batch", "128").parse().map_err(|_| "batch is not a number")?;
    let epochs: usize = param(&q, "epochs", "1").parse().map_err(|_| "epochs is not a number")?;
    let (train_url, test_url) = (param(&q, "train", "data/bench-train.bin"), param(&q, "test", "data/bench-test.bin"));
    let train = bench_file(&train_url, &fetch(&train_url, false, |_, _| {}).await?)?;
    let test = bench_file(&test_url, &fetch(&test_url, false, |_, _| {}).await?)?;
    let (device, choice) = match param(&q, "backend", "auto").as_str() {
        "gpu" => (Device::gpu().await?, "gpu".to_string()),
        "cpu" => (Device::Cpu, "cpu".to_string()),
        "auto" => {
            let gpu = Device::gpu().await.ok();
            let pick = crate::backend::pick(gpu).await;
            (pick.device, format!("auto: {}", (pick.reason)()))
        }
        b => return Err(format!("backend {b:?}: gpu, cpu or auto")),
    };
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0)?;
    let info = ModelInfo::for_data(spec.clone(), &train, false);
    let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
    (config.lr, config.batch, config.epochs, config.report_every) = (0.1, batch, epochs, usize::MAX / 2);
    let seed: u64 = param(&q, "seed", "0").parse().map_err(|_| "seed is not a number")?;
    config.seed = seed;
    // Warm-up as the anchor does it: the model to be timed first fits its first two batches (compiling the
    // pipelines and filling the buffer pool); not timed.
    let net = spec.build(28, 28, 10, seed, &device)?;
    tfjs_init(&net, seed, &device);
    let warm = train.subset(&(0..(2 * batch).min(train.len())).collect::<Vec<_>>());
    let mut w = Trainer::new(net, info.clone(), &warm, None, TrainConfig { epochs: 1, ..config.clone() }, &device)?;
    helpers.reset();
    while !w.is_done() {
        w.advance_until(usize::MAX, f64::INFINITY, helpers).await?;
    }
    device.sync().await?;
    let profile: usize = param(&q, "profile", "0").parse().map_err(|_| "profile is not a number")?;
    if let (Device::Gpu(g), true) = (&device, profile > 0) {
        // Where a step's device time goes: `profile` steps, every dispatch submitted and timed alone.
        let mut p = Trainer::new(spec.build(28, 28, 10, 1, &device)?, info.clone(), &train, None, config.clone(), &device)?;
        g.start_profile();
        p.advance(profile).await?;
        device.sync().await?;
        *profile_text = format!("{profile} steps:\n{}", g.take_profile());
    }
    // The warmed-up model itself goes on to the timed epoch.
    let net = std::rc::Rc::try_unwrap(w.model).map_err(|_| "the warm-up model is still in use")?;
    let mut t = Trainer::new(net, info.clone(), &train, None, config, &device)?;
    helpers.reset();
    let threads = if device.is_gpu() { 1 } else { helpers.alive() + 1 }; // (alive now)
    let dispatches = |d: &Device| if let Device::Gpu(g) = d { g.stats().dispatches } else { 0 };
    let dispatches_before = dispatches(&device);
    let start = now_ms();
    while !t.is_done() {
        t.advance_until(usize::MAX, f64::INFINITY, helpers).await?;
    }
    device.sync().await?;
    let seconds = (now_ms() - start) / 1000.0;
    // Kernel dispatches per training step on the GPU (reports and epoch ends included): what a step of
    // these small models costs on a real GPU.
    let steps = train.len().div_ceil(batch) * epochs;
    let per_step = (dispatches(&device) - dispatches_before) as f64 / steps.max(1) as f64;
    let acc = evaluate(&t.model, Loss::CrossEntropy, &DeviceData::new(&test, &info, &device)?, 500).await?.accuracy;
    let backend = if device.is_gpu() { "ours-webgpu" } else { "ours-cpu" };
    Ok(format!(
        "{{\"backend\":\"{backend}\",\"choice\":\"{}\",\"device\":\"{}\",\"model\":\"{model}\",\"threads\":{threads},\"batch\":{batch},\"epochs\":{epochs},\"seconds\":{seconds:.3},\"samples_per_s\":{},\"test_acc\":{acc},\"dispatches_per_step\":{per_step:.1},\"step_ms_with_helpers\":{},\"step_ms_alone\":{}}}",
        choice.replace('"', "'"),
        device.name().replace('"', "'"),
        ((train.len() * epochs) as f64 / seconds.max(1e-9)).round() as u64,
        // With helpers: the latest turns' medians that chose between steps with them and alone (null: none).
        json_ms(t.pace().split_ms),
        json_ms(t.pace().alone_ms)
    ))
}

fn json_ms(ms: Option<f64>) -> String {
    ms.map_or("null".into(), |m| format!("{m:.3}"))
}
