//! "Why this answer": `eval::attribution` (gradient × input, from the engine's autograd in f32) checked
//! against central finite differences of an f64 forward pass written out here from the same weights, for a
//! linear model, MLPs and CNNs; and `eval::explain`'s choice of the classes it explains.

use mnist_playground::eval::{attribution, close_runner_up, explain};
use mnist_playground::model::{Layer, ModelInfo, ModelSpec};
use mnist_playground::nn::{Activation, Module, Sequential};
use mnist_playground::Device;

const SIDE: usize = 28;

/// A model of `spec` with random weights (biases too) and the input normalisation `mean`, `std`.
fn model(spec: &str, act: Activation, seed: u64, classes: usize) -> (Sequential, ModelInfo, Vec<Layer>) {
    let spec = ModelSpec::parse(spec, act, 0.0).unwrap();
    let m = spec.build(SIDE, SIDE, classes, seed, &Device::Cpu).unwrap();
    // Non-zero biases, so every term of the forward pass is exercised.
    for (i, (_, p)) in m.named_parameters().into_iter().enumerate() {
        if p.rank() == 1 {
            let v: Vec<f32> = (0..p.numel()).map(|j| 0.05 * (((i * 31 + j * 17) % 11) as f32 - 5.0)).collect();
            p.assign(&mnist_playground::Tensor::from_vec(v, p.shape(), &Device::Cpu));
        }
    }
    let layers = spec.layers(SIDE, SIDE, classes, seed).unwrap();
    let info = ModelInfo { spec, rows: SIDE, cols: SIDE, classes, mean: 0.13, std: 0.31 };
    (m, info, layers)
}

/// A digit-like image: a ring of ink with soft edges (values in [0, 1], zero outside the ring).
fn image() -> Vec<f32> {
    (0..SIDE * SIDE)
        .map(|i| {
            let (y, x) = ((i / SIDE) as f64 - 13.5, (i % SIDE) as f64 - 12.0);
            let r = (x * x / 30.0 + y * y / 60.0).sqrt();
            (1.0 - (r - 1.0).abs() * 3.0).clamp(0.0, 1.0) as f32
        })
        .collect()
}

fn act64(a: Activation, v: f64) -> f64 {
    match a {
        Activation::Relu => v.max(0.0),
        Activation::Sigmoid => 1.0 / (1.0 + (-v).exp()),
        Activation::Tanh => v.tanh(),
    }
}

/// The model's outputs for one image of `pixels` (in [0, 1]), in f64: the layer list interpreted with the
/// model's own weights (as f64) and its input normalisation.
fn forward64(layers: &[Layer], params: &[Vec<f64>], info: &ModelInfo, pixels: &[f64]) -> Vec<f64> {
    let mut x: Vec<f64> = pixels.iter().map(|p| (p - info.mean as f64) / info.std as f64).collect();
    let mut shape = vec![x.len()];
    let mut next = params.iter();
    for layer in layers {
        match layer {
            Layer::Unflatten(s) => shape = s.clone(),
            Layer::Flatten => shape = vec![x.len()],
            Layer::Dropout { .. } => {}
            Layer::Activation(a) => x.iter_mut().for_each(|v| *v = act64(*a, *v)),
            Layer::Linear { inputs, outputs, .. } => {
                let (w, b) = (next.next().unwrap(), next.next().unwrap());
                x = (0..*outputs).map(|o| b[o] + (0..*inputs).map(|i| w[o * inputs + i] * x[i]).sum::<f64>()).collect();
                shape = vec![*outputs];
            }
            Layer::Conv { channels, out_channels, kernel: k, .. } => {
                let (w, b) = (next.next().unwrap(), next.next().unwrap());
                let (h, wd) = (shape[1], shape[2]);
                let (oh, ow) = (h - k + 1, wd - k + 1);
                let mut y = vec![0.0; out_channels * oh * ow];
                for o in 0..*out_channels {
                    for r in 0..oh {
                        for c in 0..ow {
                            let mut sum = b[o];
                            for ch in 0..*channels {
                                for i in 0..*k {
                                    for j in 0..*k {
                                        sum += w[((o * channels + ch) * k + i) * k + j] * x[(ch * h + r + i) * wd + c + j];
                                    }
                                }
                            }
                            y[(o * oh + r) * ow + c] = sum;
                        }
                    }
                }
                x = y;
                shape = vec![*out_channels, oh, ow];
            }
            Layer::MaxPool => {
                let (ch, h, wd) = (shape[0], shape[1], shape[2]);
                let (oh, ow) = (h / 2, wd / 2);
                let mut y = vec![f64::NEG_INFINITY; ch * oh * ow];
                for o in 0..ch {
                    for r in 0..oh * 2 {
                        for c in 0..ow * 2 {
                            let v = &mut y[(o * oh + r / 2) * ow + c / 2];
                            *v = v.max(x[(o * h + r) * wd + c]);
                        }
                    }
                }
                x = y;
                shape = vec![ch, oh, ow];
            }
        }
    }
    x
}

/// Class `c`'s score as the explanation defines it: its output, or ±the logit of a one-output model.
fn score(out: &[f64], c: usize) -> f64 {
    if out.len() == 1 {
        if c == 1 { out[0] } else { -out[0] }
    } else {
        out[c]
    }
}

/// Checks the engine's gradient × input for `classes` against pixel · (score(p + h·eᵢ) − score(p − h·eᵢ)) / 2h
/// in f64 on every inked pixel (and that blank pixels get exactly 0); returns the largest error seen.
fn check(spec: &str, act: Activation, classes_n: usize, classes: &[usize]) -> f64 {
    let (m, info, layers) = model(spec, act, 7, classes_n);
    let params: Vec<Vec<f64>> = m.named_parameters().iter().map(|(_, t)| t.to_vec_blocking().iter().map(|&v| v as f64).collect()).collect();
    let pixels = image();
    let maps = pollster::block_on(attribution(&m, &info, &pixels, classes, &Device::Cpu)).unwrap();
    assert_eq!(maps.len(), classes.len());
    let base: Vec<f64> = pixels.iter().map(|&p| p as f64).collect();
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    for (map, &c) in maps.iter().zip(classes) {
        let top = map.iter().fold(0.0f64, |a, v| a.max(v.abs() as f64));
        assert!(top > 0.0, "{spec}: class {c}'s map is all zero");
        for i in 0..pixels.len() {
            if pixels[i] == 0.0 {
                assert_eq!(map[i], 0.0, "{spec}: a blank pixel has an attribution");
                continue;
            }
            let (mut up, mut down) = (base.clone(), base.clone());
            up[i] += h;
            down[i] -= h;
            let fd = (score(&forward64(&layers, &params, &info, &up), c) - score(&forward64(&layers, &params, &info, &down), c)) / (2.0 * h);
            let want = base[i] * fd;
            let err = (map[i] as f64 - want).abs() / (top + 1e-12);
            assert!(err < 2e-4, "{spec} class {c} pixel {i}: engine {} vs finite differences {want} (relative to the map's largest {top})", map[i]);
            worst = worst.max(err);
        }
    }
    eprintln!("{spec} ({act:?}) classes {classes:?}: largest error {worst:.2e} of the map's largest value");
    worst
}

#[test]
fn linear_gradient_times_input_matches_finite_differences() {
    check("linear", Activation::Relu, 10, &[3, 8]);
}

#[test]
fn mlp_gradient_times_input_matches_finite_differences() {
    check("mlp:24,12", Activation::Tanh, 10, &[0, 9]);
    check("mlp:16", Activation::Sigmoid, 10, &[4]);
}

#[test]
fn cnn_gradient_times_input_matches_finite_differences() {
    check("cnn:3,4", Activation::Tanh, 10, &[5, 2]);
    check("cnn:2,3,8", Activation::Tanh, 10, &[1]);
}

#[test]
fn one_output_model_explains_both_classes() {
    // Logistic: class 1 is the logit's direction, class 0 its opposite.
    check("logistic", Activation::Relu, 2, &[1, 0]);
    check("logistic:6", Activation::Tanh, 2, &[0]);
}

#[test]
fn a_linear_map_adds_up_to_the_score_above_a_blank_image() {
    // score(p) − score(0) = Σᵢ wᵢ·pᵢ/std for the linear model: exactly the map's sum.
    let (m, info, layers) = model("linear", Activation::Relu, 3, 10);
    let params: Vec<Vec<f64>> = m.named_parameters().iter().map(|(_, t)| t.to_vec_blocking().iter().map(|&v| v as f64).collect()).collect();
    let pixels = image();
    let maps = pollster::block_on(attribution(&m, &info, &pixels, &[6], &Device::Cpu)).unwrap();
    let p64: Vec<f64> = pixels.iter().map(|&p| p as f64).collect();
    let diff = forward64(&layers, &params, &info, &p64)[6] - forward64(&layers, &params, &info, &vec![0.0; p64.len()])[6];
    let sum: f64 = maps[0].iter().map(|&v| v as f64).sum();
    assert!((sum - diff).abs() < 1e-3 * diff.abs().max(1.0), "map sum {sum} vs score difference {diff}");
}

#[test]
fn explain_takes_the_answer_and_the_class_in_question() {
    let (m, info, _) = model("mlp:16", Activation::Relu, 5, 10);
    let pixels = image();
    let e = pollster::block_on(explain(&m, &info, &pixels, None, &Device::Cpu)).unwrap();
    let top = mnist_playground::eval::top_class(&e.probs);
    assert_eq!(e.classes[0], top);
    assert_eq!(e.classes.get(1).copied(), close_runner_up(&e.probs));
    assert_eq!(e.maps.len(), e.classes.len());
    let largest = e.maps.iter().flatten().fold(0.0f32, |a, v| a.max(v.abs()));
    assert_eq!(e.scale, largest);
    // A wrong answer is explained against the truth, whatever the runner-up.
    let truth = (top + 3) % 10;
    let e = pollster::block_on(explain(&m, &info, &pixels, Some(truth), &Device::Cpu)).unwrap();
    assert_eq!(e.classes, vec![top, truth]);
    // A right one: the truth adds nothing but the close runner-up.
    let e2 = pollster::block_on(explain(&m, &info, &pixels, Some(top), &Device::Cpu)).unwrap();
    assert_eq!(e2.classes.get(1).copied(), close_runner_up(&e2.probs));
    // Bad requests are refused, not panicked on.
    assert!(pollster::block_on(attribution(&m, &info, &pixels, &[10], &Device::Cpu)).is_err());
    assert!(pollster::block_on(attribution(&m, &info, &pixels[..100], &[1], &Device::Cpu)).is_err());
}

#[test]
fn the_runner_up_is_close_at_a_quarter_of_the_answer() {
    assert_eq!(close_runner_up(&[0.6, 0.1, 0.3]), Some(2));
    assert_eq!(close_runner_up(&[0.8, 0.1, 0.1]), None);
    assert_eq!(close_runner_up(&[0.2, 0.8]), Some(0));
    assert_eq!(close_runner_up(&[1.0]), None);
}
