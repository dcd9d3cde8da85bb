//! The training loop on a small synthetic task, the same body on every backend (and in the browser):
//! events and metrics, determinism, divergence handling, settings checks and weights files.

mod common;
use common::bands;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
use mnist_playground::data::Dataset;
use mnist_playground::model::{self, Loss, ModelInfo, ModelSpec};
use mnist_playground::nn::{Activation, Module};
use mnist_playground::eval::{class_pattern, class_patterns, evaluate, predict, predict_pixels, DeviceData};
use mnist_playground::optim::OptimizerKind;
use mnist_playground::train::{Event, TrainConfig, Trainer};
use mnist_playground::Device;

fn setup(spec: &str, cfg: impl FnOnce(&mut TrainConfig), dev: &Device) -> Trainer {
    let data = bands(300, 1);
    let val = bands(97, 2);
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let info = ModelInfo::for_data(spec.clone(), &data, true);
    let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
    config.batch = 32;
    config.epochs = 4;
    config.report_every = 4;
    cfg(&mut config);
    let model = spec.build(6, 5, 3, 7, dev).unwrap();
    Trainer::new(model, info, &data, Some(&val), config, dev).unwrap()
}

async fn all_events(t: &mut Trainer) -> Vec<Event> {
    let mut events = vec![];
    while !t.is_done() {
        events.extend(t.advance(1000).await.unwrap());
    }
    events
}

test_device!(trains_and_reports_each_interval_and_epoch, |dev: Device| async move {
    let mut t = setup("mlp:16", |c| c.lr = 0.5, &dev);
    assert_eq!(t.position(), (0, 0, 10), "300 examples in batches of 32 are 10 steps (the last one of 12)");
    let events = all_events(&mut t).await;
    let progress: Vec<_> = events.iter().filter(|e| matches!(e, Event::Progress { .. })).collect();
    let epochs: Vec<_> = events.iter().filter_map(|e| if let Event::Epoch { epoch, train, val, .. } = e { Some((*epoch, *train, val.unwrap())) } else { None }).collect();
    // Reports at steps 4 and 8, and at the epoch end (10), in each of 4 epochs.
    assert_eq!(progress.len(), 12, "{events:?}");
    assert_eq!(epochs.iter().map(|e| e.0).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert_eq!(events.last(), Some(&Event::Done));
    assert!(epochs.iter().all(|e| e.1.count == 300 && e.2.count == 97));
    let (first, last) = (epochs[0].1, epochs[3]);
    assert!(last.1.loss < first.loss, "training loss falls: {epochs:?}");
    assert!(last.2.accuracy > 0.9, "validation accuracy {:?}", last.2);
    // The reported validation metrics are what evaluate() measures on the final weights.
    let again = evaluate(&t.model, Loss::CrossEntropy, &DeviceData::new(&bands(97, 2), &t.info, &dev).unwrap(), 40).await.unwrap();
    assert!((again.accuracy - last.2.accuracy).abs() < 1e-6 && (again.loss - last.2.loss).abs() < 1e-4, "{again:?} vs {:?}", last.2);
    // predict() agrees: its probabilities sum to 1 and their arg-max scores the same accuracy.
    let val = bands(97, 2);
    let probs = predict(&t.model, &DeviceData::new(&val, &t.info, &dev).unwrap(), 3, 40).await.unwrap();
    assert_eq!(probs.len(), 97 * 3);
    let mut correct = 0;
    for (row, &label) in probs.chunks(3).zip(&val.labels) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        let best = (0..3).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
        correct += (best == label as usize) as usize;
    }
    assert!((correct as f32 / 97.0 - last.2.accuracy).abs() < 1e-6);
    // predict_pixels() (the sketch pad's path: float pixels, normalised on the host) gives the same
    // probabilities for the same images.
    let pixels: Vec<f32> = val.images[..5 * 30].iter().map(|&b| b as f32 / 255.0).collect();
    let direct = predict_pixels(&t.model, &t.info, &pixels, &dev).await.unwrap();
    for (a, b) in direct.iter().zip(&probs[..15]) {
        assert!((a - b).abs() < 1e-4, "{direct:?} vs {:?}", &probs[..15]);
    }
    assert!(predict_pixels(&t.model, &t.info, &pixels[..29], &dev).await.is_err(), "a wrong-sized image is an error");
    // The layer-by-layer view ends in the model's output.
    let x = mnist_playground::Tensor::from_vec(t.info.normalize(&pixels), &[5, 30], &dev);
    let acts = t.model.activations(&x);
    assert_eq!(acts.len(), t.model.layers.len());
    assert_eq!(acts.last().unwrap().shape(), &[5, 3]);
    // class_patterns() of a linear model is its weight matrix (the gradient with respect to the
    // normalised input).
    let mut lin = setup("linear", |c| c.epochs = 1, &dev);
    all_events(&mut lin).await;
    let g = class_patterns(&lin.model, &lin.info, &pixels[..30], &dev).await.unwrap();
    let w = lin.model.parameters()[0].to_vec().await.unwrap();
    assert_eq!(g.len(), 90);
    for (a, b) in g.iter().zip(&w) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    assert!(lin.model.parameters().iter().all(|p| p.grad().is_none()), "no gradient left on the parameters");
    // For the MLP it is the gradient: check one class's pattern against finite differences of its score
    // (in raw pixels, hence the factor std).
    let g = class_patterns(&t.model, &t.info, &pixels[..30], &dev).await.unwrap();
    let score = |px: Vec<f32>| {
        let x = mnist_playground::Tensor::from_vec(t.info.normalize(&px), &[1, 30], &dev);
        let out = mnist_playground::no_grad(|| t.model.forward(&x));
        async move { out.to_vec().await.unwrap()[2] }
    };
    for p in [0, 13, 29] {
        let (mut up, mut down) = (pixels[..30].to_vec(), pixels[..30].to_vec());
        up[p] += 1e-2;
        down[p] -= 1e-2;
        let fd = (score(up).await - score(down).await) / 2e-2 * t.info.std;
        assert!((fd - g[2 * 30 + p]).abs() < 2e-2 * (1.0 + fd.abs()), "pixel {p}: finite difference {fd} vs {}", g[60 + p]);
    }
    // A one-output model (logistic regression on two classes): class 1's pattern is its weights, class 0's
    // their negation.
    let two = bands(300, 1).select_classes(&[0, 2]).unwrap();
    let spec = ModelSpec::parse("logistic", Activation::Relu, 0.0).unwrap();
    let info = ModelInfo::for_data(spec.clone(), &two, true);
    let model = spec.build(6, 5, 2, 7, &dev).unwrap();
    let g = class_patterns(&model, &info, &pixels[..30], &dev).await.unwrap();
    let w = model.parameters()[0].to_vec().await.unwrap();
    assert_eq!(g.len(), 60);
    for (i, &wi) in w.iter().enumerate() {
        assert!((g[30 + i] - wi).abs() < 1e-6 && (g[i] + wi).abs() < 1e-6, "pixel {i}: {} and {} for weight {wi}", g[i], g[30 + i]);
    }
    assert!(model.parameters().iter().all(|p| p.grad().is_none()), "no gradient left on the parameters");
    assert_eq!(class_pattern(&model, &info, &pixels[..30], 1, &dev).await.unwrap(), g[30..].to_vec(), "one class's row alone");
    assert!(class_pattern(&model, &info, &pixels[..30], 2, &dev).await.is_err(), "no class 2 in a two-class model");
    // Outputs that are neither one nor one per class: an error, not a shape panic.
    let three = ModelSpec::parse("linear", Activation::Relu, 0.0).unwrap().build(6, 5, 3, 7, &dev).unwrap();
    let err = class_patterns(&three, &info, &pixels[..30], &dev).await.unwrap_err();
    assert!(err.contains("3 outputs for 2 classes"), "{err}");
    // advance() after the end does nothing.
    assert!(t.report_now().await.unwrap().is_empty());
    assert!(t.advance(5).await.unwrap().is_empty());
});

test_device!(one_step_at_a_time_reports_when_asked, |dev: Device| async move {
    let mut t = setup("mlp:16", |c| c.lr = 0.5, &dev);
    assert!(t.report_now().await.unwrap().is_empty(), "nothing to report before a step");
    assert!(t.advance(1).await.unwrap().is_empty(), "step 1 is not a report step");
    let e = t.report_now().await.unwrap();
    assert!(matches!(e[..], [Event::Progress { epoch: 1, step: 1, steps: 10, loss, .. }] if loss.is_finite() && loss > 0.0), "{e:?}");
    assert_eq!(t.position(), (0, 1, 10));
    // The regular cadence goes on from there: the next report is at step 4, then the epoch end.
    assert!(matches!(t.advance(100).await.unwrap()[..], [Event::Progress { step: 4, .. }]));
    let rest = all_events(&mut t).await;
    let epoch1: usize = rest.iter().take_while(|e| !matches!(e, Event::Epoch { .. })).count();
    assert_eq!(epoch1, 2, "steps 8 and 10 of epoch 1: {rest:?}");
    assert!(matches!(rest[2], Event::Epoch { epoch: 1, train, .. } if train.count == 300), "the epoch still counts every example: {rest:?}");
});

test_device!(runs_are_reproducible_and_seeds_matter, |dev: Device| async move {
    let metrics = |events: Vec<Event>| events.into_iter().filter_map(|e| if let Event::Epoch { train, val, .. } = e { Some((train, val)) } else { None }).collect::<Vec<_>>();
    let a = metrics(all_events(&mut setup("linear", |c| c.seed = 3, &dev)).await);
    let b = metrics(all_events(&mut setup("linear", |c| c.seed = 3, &dev)).await);
    let c = metrics(all_events(&mut setup("linear", |c| c.seed = 4, &dev)).await);
    assert_eq!(a, b, "same seed, same run");
    assert_ne!(a, c, "another seed shuffles differently");
});

test_device!(divergence_stops_and_restores_the_last_good_weights, |dev: Device| async move {
    // A deep sigmoid-free MLP with an absurd learning rate overflows within a few steps.
    let mut t = setup("mlp:64,64,64", |c| {
        c.lr = 100.0;
        c.report_every = 1;
    }, &dev);
    let mut good: Vec<Vec<f32>> = vec![];
    let mut diverged = None;
    while !t.is_done() {
        for e in t.advance(1).await.unwrap() {
            match e {
                Event::Progress { .. } => {
                    good = vec![];
                    for p in t.model.parameters() {
                        good.push(p.to_vec().await.unwrap());
                    }
                }
                Event::Diverged { message, .. } => diverged = Some(message),
                _ => {}
            }
        }
    }
    let message = diverged.expect("lr 100 on a 3-hidden-layer MLP diverges");
    assert!(message.contains("smaller learning rate"), "{message}");
    for (p, g) in t.model.parameters().iter().zip(&good) {
        let now = p.to_vec().await.unwrap();
        assert!(now.iter().all(|v| v.is_finite()));
        assert_eq!(&now, g, "weights are those of the last good report");
    }
});

test_device!(bad_settings_are_refused_with_reasons, |dev: Device| async move {
    let data = bands(50, 1);
    let spec = ModelSpec::parse("linear", Activation::Relu, 0.0).unwrap();
    let info = ModelInfo::for_data(spec.clone(), &data, false);
    let cases: Vec<(Box<dyn Fn(&mut TrainConfig)>, &str)> = vec![
        (Box::new(|c| c.batch = 0), "batch size 0"),
        (Box::new(|c| c.batch = 51), "larger than the 50"),
        (Box::new(|c| c.lr = f32::NAN), "learning rate NaN"),
        (Box::new(|c| c.lr = -0.1), "learning rate -0.1"),
        (Box::new(|c| c.lr = 1e9), "learning rate"),
        (Box::new(|c| c.epochs = 0), "epochs 0"),
        (Box::new(|c| c.loss = Loss::Sigmoid), "one-output model"),
    ];
    for (change, want) in cases {
        let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
        config.batch = 10;
        change(&mut config);
        let e = Trainer::new(spec.build(6, 5, 3, 0, &dev).unwrap(), info.clone(), &data, None, config, &dev).err().expect(want);
        assert!(e.contains(want), "{e:?} should mention {want:?}");
    }
    let wrong = Dataset { rows: 5, cols: 6, ..bands(10, 1) };
    let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
    config.batch = 10;
    assert!(Trainer::new(spec.build(6, 5, 3, 0, &dev).unwrap(), info, &wrong, None, config, &dev).err().unwrap().contains("6×5"));
});

test_device!(logistic_model_learns_two_classes_with_the_sigmoid_loss, |dev: Device| async move {
    let two = bands(300, 5).select_classes(&[0, 2]).unwrap();
    // One unit, and the course's 784-30-1 shape (here 30-8-1): one output, sigmoid loss.
    for (name, lr) in [("logistic", 1.0), ("logistic:8", 0.5)] {
        let spec = ModelSpec::parse(name, Activation::Sigmoid, 0.0).unwrap();
        let info = ModelInfo::for_data(spec.clone(), &two, false);
        let mut config = TrainConfig::new(OptimizerKind::Sgd, spec.default_loss());
        (config.lr, config.epochs, config.batch) = (lr, 5, 16);
        let model = spec.build(6, 5, 2, 0, &dev).unwrap();
        assert_eq!(model.output_shape(&[1, 30]).unwrap(), vec![1, 1], "{name}");
        let mut t = Trainer::new(model, info, &two, Some(&two), config, &dev).unwrap();
        let events = all_events(&mut t).await;
        let Some(Event::Epoch { val: Some(v), .. }) = events.iter().rev().find(|e| matches!(e, Event::Epoch { .. })) else { panic!() };
        assert!(v.accuracy > 0.95, "{name}: {v:?}");
    }
});

test_device!(weights_files_round_trip_and_bad_ones_are_refused, |dev: Device| async move {
    let mut t = setup("mlp:12", |c| c.epochs = 1, &dev);
    all_events(&mut t).await;
    let bytes = model::save(&t.model, &t.info).await.unwrap();
    let (loaded, info) = model::load("m.safetensors", &bytes, &dev).unwrap();
    assert_eq!(info, t.info);
    assert_eq!(loaded.named_parameters().iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), vec!["0.weight", "0.bias", "2.weight", "2.bias"]);
    let val = DeviceData::new(&bands(97, 2), &t.info, &dev).unwrap();
    let (a, b) = (evaluate(&t.model, Loss::CrossEntropy, &val, 64).await.unwrap(), evaluate(&loaded, Loss::CrossEntropy, &val, 64).await.unwrap());
    assert_eq!(a, b, "the loaded model predicts exactly as the saved one");

    let reject = |bytes: &[u8], want: &str| {
        let e = model::load("m.safetensors", bytes, &dev).err().unwrap_or_else(|| panic!("accepted a file that should fail with {want:?}"));
        assert!(e.starts_with("m.safetensors: ") && e.contains(want), "{e:?} should mention {want:?}");
    };
    reject(&bytes[..bytes.len() - 1], "not a valid safetensors");
    reject(&[&bytes[..], b"junk"].concat(), "not a valid safetensors");
    reject(b"", "not a valid safetensors");
    reject(&[0xff; 64], "not a valid safetensors");
    // Hand-made files: a tensor missing, a wrong shape, a wrong dtype, an extra tensor, no metadata.
    use safetensors::tensor::{Dtype, TensorView};
    let meta = |m: &str| Some([("format", "mnist-playground"), ("model", m), ("activation", "relu"), ("dropout", "0"), ("input", "6x5"), ("classes", "3"), ("normalize", "0,1")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let f32s = |n: usize| vec![0u8; 4 * n];
    let (w, b, w3) = (f32s(90), f32s(3), f32s(90));
    let file = |tensors: Vec<(&str, Dtype, Vec<usize>, &[u8])>, m: &str| {
        let views: Vec<(String, TensorView)> = tensors.into_iter().map(|(n, d, s, data)| (n.to_string(), TensorView::new(d, s, data).unwrap())).collect();
        safetensors::serialize(views, meta(m)).unwrap()
    };
    reject(&file(vec![("0.weight", Dtype::F32, vec![3, 30], &w)], "linear"), "\"0.bias\" is missing");
    reject(&file(vec![("0.weight", Dtype::F32, vec![30, 3], &w), ("0.bias", Dtype::F32, vec![3], &b)], "linear"), "shape [30, 3]");
    reject(&file(vec![("0.weight", Dtype::I32, vec![3, 30], &w), ("0.bias", Dtype::F32, vec![3], &b)], "linear"), "I32");
    reject(&file(vec![("0.weight", Dtype::F32, vec![3, 30], &w), ("0.bias", Dtype::F32, vec![3], &b), ("9.weight", Dtype::F32, vec![3, 30], &w3)], "linear"), "unexpected tensor \"9.weight\"");
    reject(&file(vec![("0.weight", Dtype::F32, vec![3, 30], &w), ("0.bias", Dtype::F32, vec![3], &b)], "mlp:99999"), "layer width");
    let nan: Vec<u8> = f32::NAN.to_le_bytes().repeat(3);
    reject(&file(vec![("0.weight", Dtype::F32, vec![3, 30], &w), ("0.bias", Dtype::F32, vec![3], &nan)], "linear"), "holds NaN");
    let bare = safetensors::serialize(vec![("0.bias".to_string(), TensorView::new(Dtype::F32, vec![3], &b).unwrap())], None).unwrap();
    reject(&bare, "no \"format\" in the metadata");
});

/// The GPU device is lost mid-run (the test destroys it): the next step reports an error — no panic — and
/// the run carries on on the CPU from the weights kept on the host at the last epoch end.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_lost_device_is_reported_and_training_resumes_on_the_cpu() {
    let gpu = match Device::gpu_blocking() {
        Ok(d) => d,
        Err(e) if std::env::var("REQUIRE_GPU").as_deref() == Ok("1") => panic!("REQUIRE_GPU=1 but {e}"),
        Err(e) => return eprintln!("skipping: {e}"),
    };
    pollster::block_on(async {
        let mut t = setup("mlp:16", |c| (c.lr, c.epochs) = (0.5, 4), &gpu);
        // Two epochs, then a few steps into the third.
        while t.position().0 < 2 {
            t.advance(1000).await.unwrap();
        }
        t.advance(2).await.unwrap();
        assert_eq!((t.position(), t.snapshot_epoch()), ((2, 2, 10), Some(2)));
        let kept: Vec<Vec<f32>> = {
            let mut v = vec![];
            for p in t.model.parameters() {
                v.push(p.to_vec().await.unwrap());
            }
            v
        };
        let mnist_playground::Device::Gpu(ctx) = &gpu else { unreachable!() };
        ctx.destroy();
        assert!(gpu.is_lost());
        let e = t.advance(1000).await.expect_err("a lost device is an error");
        assert!(e.contains("lost"), "{e}");
        let mut t = t.resume_on(&Device::Cpu, &bands(300, 1), Some(&bands(97, 2))).unwrap();
        assert_eq!(t.position(), (2, 0, 10), "resumes at the start of epoch 3");
        // The resumed weights are those of the end of epoch 2 (not the two steps after it).
        for (p, k) in t.model.parameters().iter().zip(&kept) {
            let v = p.to_vec().await.unwrap();
            assert_ne!(&v, k, "the two steps after the snapshot are not kept");
        }
        let events = all_events(&mut t).await;
        let epochs: Vec<_> = events.iter().filter_map(|e| if let Event::Epoch { epoch, val, .. } = e { Some((*epoch, val.unwrap().accuracy)) } else { None }).collect();
        assert_eq!(epochs.iter().map(|e| e.0).collect::<Vec<_>>(), vec![3, 4]);
        assert!(epochs[1].1 > 0.9, "{epochs:?}");
    });
}


test_device!(a_training_step_records_few_dispatches, |dev: Device| async move {
    // On a GPU a small model's step costs its dispatches: each layer is one product with its bias and
    // activation fused in, the loss and the step's metrics one kernel, Adam one dispatch per three tensors.
    // The targets: MLP 784-128-10 at most 16 per step, the CNN at most 30 (counted, not timed).
    let Device::Gpu(g) = &dev else { return };
    let n: usize = 512;
    let images: Vec<u8> = (0..n * 784).map(|i| ((i * 7919) % 251) as u8).collect();
    let data = Dataset { images: images.into(), labels: (0..n).map(|i| (i % 10) as u8).collect(), rows: 28, cols: 28, classes: 10 };
    for (model, most) in [("mlp:128", 16.0), ("cnn", 30.0)] {
        let spec = ModelSpec::parse(model, Activation::Relu, 0.0).unwrap();
        let mut config = TrainConfig::new(OptimizerKind::Adam, Loss::CrossEntropy);
        config.batch = 64;
        config.report_every = 1000;
        let mut t = Trainer::from_spec(&spec, true, 0, &data, None, config, &dev).unwrap();
        t.advance(1).await.unwrap();
        let before = g.stats().dispatches;
        t.advance(4).await.unwrap(); // steps 2–5 of 8: no report, no epoch end
        let per_step = (g.stats().dispatches - before) as f64 / 4.0;
        println!("{model}: {per_step} dispatches per step");
        assert!(per_step <= most, "{model}: {per_step} dispatches per step (at most {most})");
    }
});
