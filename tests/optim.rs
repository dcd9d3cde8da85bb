//! Optimizer update kernels (several tensors per dispatch on the GPU) against an f64 transcription of
//! PyTorch's update rules, and layer
//! bookkeeping (parameter names, counts, summary), on every backend.

mod common;
use common::*;
use mnist_playground::nn::{self, Activation, Conv2d, Flatten, Init, Linear, MaxPool2d, Module, Sequential};
use mnist_playground::optim::{Adam, Optimizer, Sgd};
use mnist_playground::{Device, Tensor};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Clone, Copy)]
enum Rule {
    Sgd { lr: f64, mu: f64, nesterov: bool, wd: f64 },
    Adam { lr: f64, wd: f64, decoupled: bool },
}

/// Parameter tensors of sizes that are not multiples of the GPU kernel's four elements per thread: one large
/// enough to be updated alone (16,390 ≥ 4 · `ALONE` in optim.rs, third in order), and more small ones than
/// one multi-tensor dispatch holds (three), so the second group has a spare slot; the one at `FROZEN` gets no
/// gradient (it is not in the loss) and must not move.
const SIZES: [usize; 6] = [301, 7, 16390, 1, 130, 33];
const FROZEN: usize = 4;

/// Three steps with gradient g = w (the gradient of Σ p·w) on every tensor but the frozen one, our kernels
/// vs f64.
async fn check(dev: &Device, rule: Rule) {
    let p0: Vec<Vec<f32>> = SIZES.iter().enumerate().map(|(k, &n)| random_values(&[n], 1 + k as u64)).collect();
    let w: Vec<Vec<f32>> = SIZES.iter().enumerate().map(|(k, &n)| random_values(&[n], 20 + k as u64)).collect();
    let ps: Vec<Tensor> = p0.iter().zip(SIZES).map(|(v, n)| Tensor::from_slice(v, &[n], dev).requires_grad_()).collect();
    let mut opt: Box<dyn Optimizer> = match rule {
        Rule::Sgd { lr, mu, nesterov, wd } => Box::new(Sgd::new(ps.clone(), lr as f32).momentum(mu as f32, nesterov).weight_decay(wd as f32)),
        Rule::Adam { lr, wd, decoupled: false } => Box::new(Adam::new(ps.clone(), lr as f32).weight_decay(wd as f32)),
        Rule::Adam { lr, wd, decoupled: true } => Box::new(Adam::adamw(ps.clone(), lr as f32).weight_decay(wd as f32)),
    };
    let wt: Vec<Tensor> = w.iter().zip(SIZES).map(|(v, n)| Tensor::from_slice(v, &[n], dev)).collect();
    for _ in 0..3 {
        opt.zero_grad();
        let mut loss = Tensor::zeros(&[], dev);
        for (k, (p, w)) in ps.iter().zip(&wt).enumerate() {
            if k != FROZEN {
                loss = loss.add(&p.mul(w).sum());
            }
        }
        loss.backward();
        opt.step();
    }
    for (k, n) in SIZES.into_iter().enumerate() {
        let got = ps[k].to_vec().await.unwrap();
        let mut q = to_f64(&p0[k]);
        if k == FROZEN {
            assert_close("the tensor without a gradient", &got, &q, 0.0, 0.0);
            continue;
        }
        let (mut s1, mut s2) = (vec![0.0; n], vec![0.0; n]);
        for t in 1..=3 {
            for i in 0..n {
                let g0 = w[k][i] as f64;
                match rule {
                    Rule::Sgd { lr, mu, nesterov, wd } => {
                        let mut g = g0 + wd * q[i];
                        if mu != 0.0 {
                            s1[i] = mu * s1[i] + g;
                            g = if nesterov { g + mu * s1[i] } else { s1[i] };
                        }
                        q[i] -= lr * g;
                    }
                    Rule::Adam { lr, wd, decoupled } => {
                        let mut g = g0;
                        if decoupled { q[i] -= lr * wd * q[i]; } else { g += wd * q[i]; }
                        s1[i] = 0.9 * s1[i] + 0.1 * g;
                        s2[i] = 0.999 * s2[i] + 0.001 * g * g;
                        let (mh, vh) = (s1[i] / (1.0 - 0.9f64.powi(t)), s2[i] / (1.0 - 0.999f64.powi(t)));
                        q[i] -= lr * mh / (vh.sqrt() + 1e-8);
                    }
                }
            }
        }
        assert_close(&format!("tensor {k} ({n} parameters) after 3 steps"), &got, &q, 1e-5, 1e-4);
    }
}

test_device!(sgd_plain, |dev: Device| async move { check(&dev, Rule::Sgd { lr: 0.1, mu: 0.0, nesterov: false, wd: 0.0 }).await });
test_device!(sgd_momentum_decay, |dev: Device| async move { check(&dev, Rule::Sgd { lr: 0.05, mu: 0.9, nesterov: false, wd: 0.01 }).await });
test_device!(sgd_nesterov, |dev: Device| async move { check(&dev, Rule::Sgd { lr: 0.05, mu: 0.9, nesterov: true, wd: 0.0 }).await });
test_device!(adam_l2, |dev: Device| async move { check(&dev, Rule::Adam { lr: 0.01, wd: 0.1, decoupled: false }).await });
test_device!(adamw, |dev: Device| async move { check(&dev, Rule::Adam { lr: 0.01, wd: 0.1, decoupled: true }).await });

test_device!(lenet_summary_and_parameters, |dev: Device| async move {
    let mut r = mnist_playground::rng::rng(0);
    let model = Sequential::new()
        .add(Conv2d::new(1, 8, 5, 1, 0, Init::KaimingUniform, &mut r, &dev))
        .add(Activation::Relu)
        .add(MaxPool2d { kernel: 2, stride: 2 })
        .add(Conv2d::new(8, 16, 5, 1, 0, Init::KaimingUniform, &mut r, &dev))
        .add(Activation::Relu)
        .add(MaxPool2d { kernel: 2, stride: 2 })
        .add(Flatten)
        .add(Linear::new(256, 10, Init::XavierUniform, &mut r, &dev));
    // 8·25+8 + 16·200+16 + 256·10+10 = 208 + 3216 + 2570
    assert_eq!(model.parameter_count(), 5994);
    let names: Vec<String> = model.named_parameters().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"]);
    let summary = model.summary(&[128, 1, 28, 28]).unwrap();
    assert!(summary.contains("[128, 16, 4, 4]") && summary.contains("Total parameters: 5994"), "{summary}");
    assert!(model.summary(&[128, 3, 28, 28]).unwrap_err().contains("layer 0"));
    // It runs, and gradients reach the first layer.
    let x = Tensor::from_vec(random_values(&[3, 1, 28, 28], 5), &[3, 1, 28, 28], &dev);
    let out = model.forward(&x);
    assert_eq!(out.shape(), &[3, 10]);
    out.cross_entropy(&Tensor::from_slice(&[1.0, 2.0, 3.0], &[3], &dev)).backward();
    let g = model.parameters()[0].grad().unwrap().to_vec().await.unwrap();
    assert!(g.iter().any(|v| *v != 0.0));
});

test_device!(init_is_seeded, |dev: Device| async move {
    let a = nn::mlp(&[20, 7, 3], Activation::Tanh, 0.0, 9, &dev).parameters()[0].to_vec().await.unwrap();
    let b = nn::mlp(&[20, 7, 3], Activation::Tanh, 0.0, 9, &Device::Cpu).parameters()[0].to_vec().await.unwrap();
    let c = nn::mlp(&[20, 7, 3], Activation::Tanh, 0.0, 10, &dev).parameters()[0].to_vec().await.unwrap();
    assert_eq!(a, b, "same seed, same weights on every backend");
    assert_ne!(a, c);
    let bound = (6.0f32 / 27.0).sqrt(); // Xavier for tanh: √(6/(fan_in+fan_out))
    assert!(a.iter().all(|v| v.abs() <= bound));
});
