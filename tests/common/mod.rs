//! Test helpers shared by the op and training tests: one test body per backend, random inputs, f64
//! references and central finite differences.
#![allow(dead_code)]

use mnist_playground::{Device, Tensor};
use rand_distr::{Distribution, Normal, Uniform};

/// Defines `$name::cpu` and `$name::gpu` running the same async body `$body(Device)`. Natively the
/// body is driven by pollster; without a GPU adapter the GPU half prints why and passes, unless
/// REQUIRE_GPU=1 (CI sets it: lavapipe is installed there). In the browser (wasm-bindgen-test) the body
/// is awaited and WebGPU is required: that suite exists to test the WebGPU path.
#[macro_export]
macro_rules! test_device {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[cfg(not(target_arch = "wasm32"))]
            #[test]
            fn cpu() {
                pollster::block_on($body(mnist_playground::Device::Cpu));
            }
            #[cfg(not(target_arch = "wasm32"))]
            #[test]
            fn gpu() {
                match mnist_playground::Device::gpu_blocking() {
                    Ok(d) => pollster::block_on($body(d)),
                    Err(e) if std::env::var("REQUIRE_GPU").as_deref() == Ok("1") => panic!("REQUIRE_GPU=1 but {e}"),
                    Err(e) => eprintln!("skipping the GPU half of {}: {e}", stringify!($name)),
                }
            }
            #[cfg(target_arch = "wasm32")]
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn cpu() {
                $body(mnist_playground::Device::Cpu).await;
            }
            #[cfg(target_arch = "wasm32")]
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn gpu() {
                let d = mnist_playground::Device::gpu().await.expect("WebGPU (webdriver.json enables SwiftShader)");
                $body(d).await;
            }
        }
    };
}

/// How a test input is drawn.
#[derive(Clone)]
pub enum Input {
    /// N(0, 1) values, differentiated.
    Normal(Vec<usize>),
    /// U(0.5, 2) values (for log, sqrt, division), differentiated.
    Positive(Vec<usize>),
    /// Given values, not differentiated (labels, masks).
    Const(Vec<f32>, Vec<usize>),
}

impl Input {
    fn shape(&self) -> &[usize] {
        match self {
            Input::Normal(s) | Input::Positive(s) | Input::Const(_, s) => s,
        }
    }
    fn differentiable(&self) -> bool {
        !matches!(self, Input::Const(..))
    }
}

pub fn normal(shape: &[usize]) -> Input {
    Input::Normal(shape.to_vec())
}
pub fn positive(shape: &[usize]) -> Input {
    Input::Positive(shape.to_vec())
}

pub fn random_values(shape: &[usize], seed: u64) -> Vec<f32> {
    let mut r = mnist_playground::rng::rng(seed);
    let d = Normal::new(0.0f32, 1.0).unwrap();
    (0..shape.iter().product::<usize>()).map(|_| d.sample(&mut r)).collect()
}

fn draw(input: &Input, seed: u64) -> Vec<f32> {
    match input {
        Input::Normal(s) => random_values(s, seed),
        Input::Positive(s) => {
            let mut r = mnist_playground::rng::rng(seed);
            let d = Uniform::new(0.5f32, 2.0).unwrap();
            (0..s.iter().product::<usize>()).map(|_| d.sample(&mut r)).collect()
        }
        Input::Const(v, _) => v.clone(),
    }
}

pub fn assert_close(what: &str, got: &[f32], want: &[f64], atol: f64, rtol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: {} values, expected {}", got.len(), want.len());
    let mut worst = (0.0f64, 0usize);
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let err = (g as f64 - w).abs() - (atol + rtol * w.abs());
        if err > worst.0 || (g.is_nan() != w.is_nan()) {
            worst = (err.max(f64::MIN_POSITIVE), i);
        }
    }
    if worst.0 > 0.0 {
        let i = worst.1;
        panic!("{what}: element {i} is {} but should be {} (atol {atol}, rtol {rtol})", got[i], want[i]);
    }
}

pub fn to_f64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&x| x as f64).collect()
}

/// Tolerances: forward (atol, rtol) and gradient (atol, rtol).
#[derive(Clone, Copy)]
pub struct Tol(pub f64, pub f64, pub f64, pub f64);
pub const TOL: Tol = Tol(1e-5, 1e-4, 1e-4, 2e-3);

/// Runs `body` once per matrix product kernel of `dev`: on a GPU `main` (8×8 outputs per thread), `wide`
/// (16×16) and, where the device has subgroups, `quad` (`wide`'s blocks sharing loads in a quad of
/// threads), then restores the default; on the CPU once.
pub async fn each_product_kernel<F: std::future::Future<Output = ()>>(dev: &Device, body: impl Fn() -> F) {
    match dev {
        Device::Gpu(g) => {
            let default = g.products();
            for kernel in g.product_kernels() {
                g.set_products(kernel);
                body().await;
            }
            g.set_products(default);
        }
        Device::Cpu => body().await,
    }
}

/// tinygrad's helper_test_op: runs `ours` on `device` and on the CPU backend; checks the forward
/// against an f64 `reference`, then back-propagates L = Σ out·w (w random, so every output's gradient
/// differs) and checks each input's gradient against the CPU backend and against central finite
/// differences of the f64 reference (on a sample of at most 64 elements per input).
pub async fn check_op(
    device: &Device,
    inputs: &[Input],
    ours: impl Fn(&[Tensor]) -> Tensor,
    reference: impl Fn(&[Vec<f64>]) -> Vec<f64>,
    tol: Tol,
) {
    let values: Vec<Vec<f32>> = inputs.iter().enumerate().map(|(i, inp)| draw(inp, 100 + i as u64)).collect();
    let run = |dev: &Device| {
        let xs: Vec<Tensor> = inputs
            .iter()
            .zip(&values)
            .map(|(inp, v)| {
                let t = Tensor::from_slice(v, inp.shape(), dev);
                if inp.differentiable() { t.requires_grad_() } else { t }
            })
            .collect();
        let out = ours(&xs);
        (xs, out)
    };
    let (xs, out) = run(device);
    let n_out = out.numel();
    let w = random_values(&[n_out], 7);
    let wt = Tensor::from_slice(&w, out.shape(), device);
    if out.requires_grad() {
        out.mul(&wt).sum().backward();
    }
    let got = out.to_vec().await.unwrap();

    // Forward against the f64 reference.
    let v64: Vec<Vec<f64>> = values.iter().map(|v| to_f64(v)).collect();
    let want = reference(&v64);
    assert_close("forward", &got, &want, tol.0, tol.1);

    // Forward and gradients against the CPU backend.
    let (cxs, cout) = run(&Device::Cpu);
    if cout.requires_grad() {
        cout.mul(&Tensor::from_slice(&w, cout.shape(), &Device::Cpu)).sum().backward();
    }
    assert_close("forward vs CPU backend", &got, &to_f64(&cout.to_vec().await.unwrap()), tol.0, tol.1);

    let loss = |v: &[Vec<f64>]| -> f64 { reference(v).iter().zip(&w).map(|(a, &b)| a * b as f64).sum() };
    for (i, (x, inp)) in xs.iter().zip(inputs).enumerate() {
        if !inp.differentiable() {
            continue;
        }
        let grad = match x.grad() {
            Some(g) => g.to_vec().await.unwrap(),
            None => vec![0.0; x.numel()],
        };
        let cpu_grad = match cxs[i].grad() {
            Some(g) => g.to_vec().await.unwrap(),
            None => vec![0.0; x.numel()],
        };
        assert_close(&format!("grad of input {i} vs CPU backend"), &grad, &to_f64(&cpu_grad), tol.2, tol.3);

        let n = x.numel();
        let step = (n / 64).max(1);
        let (mut got_fd, mut want_fd) = (vec![], vec![]);
        for j in (0..n).step_by(step) {
            let mut p = v64.clone();
            let h = 1e-6 * p[i][j].abs().max(1.0);
            p[i][j] += h;
            let up = loss(&p);
            p[i][j] -= 2.0 * h;
            let down = loss(&p);
            want_fd.push((up - down) / (2.0 * h));
            got_fd.push(grad[j]);
        }
        assert_close(&format!("grad of input {i} vs f64 finite differences"), &got_fd, &want_fd, tol.2, tol.3);
    }
}

// ---- f64 references -----------------------------------------------------------------------------------

pub fn map(x: &[f64], f: impl Fn(f64) -> f64) -> Vec<f64> {
    x.iter().map(|&v| f(v)).collect()
}

/// NumPy-style broadcast of two flat arrays with shapes `sa`, `sb`.
pub fn broadcast2(a: &[f64], sa: &[usize], b: &[f64], sb: &[usize], f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    let rank = sa.len().max(sb.len());
    let pad = |s: &[usize]| [vec![1; rank - s.len()], s.to_vec()].concat();
    let (pa, pb) = (pad(sa), pad(sb));
    let out: Vec<usize> = pa.iter().zip(&pb).map(|(&x, &y)| x.max(y)).collect();
    let n: usize = out.iter().product();
    let index = |i: usize, s: &[usize]| {
        let (mut rem, mut off, mut stride) = (i, 0, 1);
        let mut offs = vec![0; rank];
        for d in (0..rank).rev() {
            offs[d] = rem % out[d];
            rem /= out[d];
        }
        for d in (0..rank).rev() {
            if s[d] != 1 {
                off += offs[d] * stride;
            }
            stride *= s[d];
        }
        off
    };
    (0..n).map(|i| f(a[index(i, &pa)], b[index(i, &pb)])).collect()
}

/// Reduce over `axis` of `shape` with `f` folding from `init`.
pub fn reduce_axis(x: &[f64], shape: &[usize], axis: usize, init: f64, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    let outer: usize = shape[..axis].iter().product();
    let len = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let mut out = vec![init; outer * inner];
    for o in 0..outer {
        for l in 0..len {
            for i in 0..inner {
                let v = &mut out[o * inner + i];
                *v = f(*v, x[(o * len + l) * inner + i]);
            }
        }
    }
    out
}

pub fn matmul(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|l| a[i * k + l] * b[l * n + j]).sum();
        }
    }
    c
}

pub fn log_softmax_rows(x: &[f64], cols: usize) -> Vec<f64> {
    x.chunks(cols)
        .flat_map(|r| {
            let m = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let lse = m + r.iter().map(|v| (v - m).exp()).sum::<f64>().ln();
            r.iter().map(move |v| v - lse).collect::<Vec<_>>()
        })
        .collect()
}

/// Direct convolution: x [n, c, h, w] ⋆ w [oc, c, kh, kw] → [n, oc, oh, ow].
pub fn conv2d(x: &[f64], xs: [usize; 4], w: &[f64], ws: [usize; 4], stride: usize, pad: usize) -> Vec<f64> {
    let [n, c, h, wd] = xs;
    let [oc, _, kh, kw] = ws;
    let oh = (h + 2 * pad - kh) / stride + 1;
    let ow = (wd + 2 * pad - kw) / stride + 1;
    let mut out = vec![0.0; n * oc * oh * ow];
    for b in 0..n {
        for o in 0..oc {
            for y in 0..oh {
                for xx in 0..ow {
                    let mut s = 0.0;
                    for ci in 0..c {
                        for dy in 0..kh {
                            for dx in 0..kw {
                                let (iy, ix) = ((y * stride + dy) as isize - pad as isize, (xx * stride + dx) as isize - pad as isize);
                                if iy >= 0 && ix >= 0 && (iy as usize) < h && (ix as usize) < wd {
                                    s += x[((b * c + ci) * h + iy as usize) * wd + ix as usize] * w[((o * c + ci) * kh + dy) * kw + dx];
                                }
                            }
                        }
                    }
                    out[((b * oc + o) * oh + y) * ow + xx] = s;
                }
            }
        }
    }
    out
}

/// `n` 6×5 images of 3 classes: class c lights up band c of the image (plus noise), so it is learnable
/// in a few epochs but not from one pixel.
pub fn bands(n: usize, seed: u64) -> mnist_playground::data::Dataset {
    let mut images = Vec::with_capacity(n * 30);
    let mut labels = Vec::with_capacity(n);
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 33) as u32
    };
    for _ in 0..n {
        let c = (next() % 3) as usize;
        for p in 0..30 {
            let lit = (p / 10) == c;
            images.push(if lit { 120 + (next() % 136) as u8 } else { (next() % 110) as u8 });
        }
        labels.push(c as u8);
    }
    mnist_playground::data::Dataset { images: images.into(), labels, rows: 6, cols: 5, classes: 3 }
}
