//! Every op's forward and backward, on every backend: against an f64 reference, against the CPU
//! backend, and against central finite differences in f64 (see common::check_op). Sizes exceed one
//! workgroup (256 threads; 8×8 and 16×16 matmul blocks, vec4 reads) without being multiples of it; scalars are
//! included. Products run with each of the GPU's product kernels (`each_product_kernel`).

mod common;
use common::*;
use mnist_playground::{Device, Tensor};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const ODD: &[usize] = &[37, 29]; // 1073 elements: > 256, not a multiple of it

macro_rules! unary_test {
    ($name:ident, $input:expr, $ours:expr, $reference:expr) => {
        test_device!($name, |dev: Device| async move {
            check_op(&dev, &[$input], |x| $ours(&x[0]), |x| map(&x[0], $reference), TOL).await;
        });
    };
}

unary_test!(neg, normal(ODD), |x: &Tensor| x.neg(), |v: f64| -v);
unary_test!(exp, normal(ODD), |x: &Tensor| x.exp(), f64::exp);
unary_test!(log, positive(ODD), |x: &Tensor| x.log(), f64::ln);
unary_test!(sqrt, positive(ODD), |x: &Tensor| x.sqrt(), f64::sqrt);
unary_test!(relu, normal(ODD), |x: &Tensor| x.relu(), |v: f64| v.max(0.0));
unary_test!(sigmoid, normal(ODD), |x: &Tensor| x.sigmoid(), |v: f64| 1.0 / (1.0 + (-v).exp()));
unary_test!(tanh, normal(ODD), |x: &Tensor| x.tanh(), f64::tanh);
unary_test!(abs, normal(ODD), |x: &Tensor| x.abs(), f64::abs);
unary_test!(add_scalar, normal(ODD), |x: &Tensor| x + 2.5, |v: f64| v + 2.5);
unary_test!(mul_scalar, normal(ODD), |x: &Tensor| x * -1.5, |v: f64| v * -1.5);
unary_test!(pow_cube_of_negatives, normal(ODD), |x: &Tensor| x.pow_scalar(3.0), |v: f64| v.powi(3));
unary_test!(pow_fractional, positive(ODD), |x: &Tensor| x.pow_scalar(-0.5), |v: f64| v.powf(-0.5));
unary_test!(unary_on_scalar, normal(&[]), |x: &Tensor| x.exp().mul_scalar(3.0), |v: f64| 3.0 * v.exp());

macro_rules! binary_test {
    ($name:ident, $a:expr, $b:expr, $ours:expr, $reference:expr) => {
        test_device!($name, |dev: Device| async move {
            let (a, b) = ($a, $b);
            check_op(
                &dev,
                &[a.clone(), b.clone()],
                |x| $ours(&x[0], &x[1]),
                |x| broadcast2(&x[0], &shape_of(&a), &x[1], &shape_of(&b), $reference),
                TOL,
            )
            .await;
        });
    };
}

fn shape_of(i: &Input) -> Vec<usize> {
    match i {
        Input::Normal(s) | Input::Positive(s) | Input::Const(_, s) => s.clone(),
    }
}

binary_test!(add_same_shape, normal(ODD), normal(ODD), |a: &Tensor, b: &Tensor| a + b, |x, y| x + y);
binary_test!(add_bias_broadcast, normal(&[300, 7]), normal(&[7]), |a: &Tensor, b: &Tensor| a + b, |x, y| x + y);
binary_test!(sub_column_broadcast, normal(&[5, 1, 9]), normal(&[4, 1]), |a: &Tensor, b: &Tensor| a - b, |x, y| x - y);
binary_test!(mul_broadcast_both, normal(&[33, 1]), normal(&[1, 17]), |a: &Tensor, b: &Tensor| a * b, |x, y| x * y);
// Last dimensions a multiple of 4 take the GPU kernel's one-offset-per-four-elements path.
binary_test!(add_channel_broadcast_rows_of_four, normal(&[5, 3, 12]), normal(&[3, 1]), |a: &Tensor, b: &Tensor| a + b, |x, y| x + y);
binary_test!(mul_bias_rows_of_four, normal(&[70, 8]), normal(&[8]), |a: &Tensor, b: &Tensor| a * b, |x, y| x * y);
binary_test!(div_broadcast, normal(&[3, 130]), positive(&[130]), |a: &Tensor, b: &Tensor| a / b, |x, y| x / y);
binary_test!(mul_by_scalar_tensor, normal(ODD), normal(&[]), |a: &Tensor, b: &Tensor| a * b, |x, y| x * y);
binary_test!(used_twice_accumulates, normal(ODD), normal(ODD), |a: &Tensor, b: &Tensor| a.mul(a).add(&a.mul(b)), |x, y| x * x + x * y);

test_device!(comparisons_and_where, |dev: Device| async move {
    // where(a > b, a, b) = max(a, b): gradient flows to the chosen side only.
    check_op(
        &dev,
        &[normal(ODD), normal(&[29])],
        |x| Tensor::where_(&x[0].gt(&x[1]), &x[0], &x[1]),
        |x| broadcast2(&x[0], ODD, &x[1], &[29], f64::max),
        TOL,
    )
    .await;
    for (name, f, r) in [
        ("lt", Tensor::lt as fn(&Tensor, &Tensor) -> Tensor, (|a, b| (a < b) as i32 as f64) as fn(f64, f64) -> f64),
        ("ge", Tensor::ge, |a, b| (a >= b) as i32 as f64),
        ("eq", Tensor::eq, |a, b| (a == b) as i32 as f64),
        ("ne", Tensor::ne, |a, b| (a != b) as i32 as f64),
    ] {
        let a = Tensor::from_slice(&[1.0, 2.0, 3.0, -1.0], &[2, 2], &dev);
        let b = Tensor::from_slice(&[2.0, 2.0], &[2], &dev);
        let got = f(&a, &b).to_vec().await.unwrap();
        let want = broadcast2(&[1.0, 2.0, 3.0, -1.0], &[2, 2], &[2.0, 2.0], &[2], r);
        assert_close(name, &got, &want, 0.0, 0.0);
    }
});

test_device!(matmul, |dev: Device| async move {
    let (m, k, n) = (67, 45, 70);
    check_op(&dev, &[normal(&[m, k]), normal(&[k, n])], |x| x[0].matmul(&x[1]), |x| common::matmul(&x[0], &x[1], m, k, n), TOL).await;
});

test_device!(matmul_vec4_reads, |dev: Device| async move {
    // The product kernels read an operand as vec4s when its stored rows are a multiple of 4 long. These shapes
    // reach every specialisation through forward and backward (A·B, dC·Bᵀ, Aᵀ·dC): all aligned; an odd M,
    // which gives the weight gradient a partial last step of K after aligned ones; an odd K (A gathered,
    // B aligned); tiles smaller than one vec4 block in both directions; Aᵀ·dC with one side gathered (68, 44,
    // 29); and products of at least 16 blocks of 16×16 in all three directions, aligned or not (100, 68, 72),
    // (100, 67, 69), or Aᵀ·dC with A gathered and dC aligned (68, 45, 96); and products of at least 16 tiles
    // of 32×32 in all three directions: aligned (132, 132, 136), all gathered with partial tiles and a partial
    // last step of K (131, 133, 137), or mixed (132, 133, 136), and a batch of three (3, 70, 40, 68). On a GPU
    // each runs with `main` (8×8 outputs per thread), `wide` (16×16) and, with subgroups, `quad` (32×32 per
    // quad of threads) turned on, which take the products past their thresholds (`matmul.rs`, `kernel_for`):
    // every specialisation of each without an epilogue.
    each_product_kernel(&dev, || async {
        for (m, k, n) in [(68, 44, 72), (67, 44, 72), (68, 45, 72), (9, 8, 4), (4, 4, 8), (130, 84, 36), (68, 44, 29), (100, 68, 72), (100, 67, 69), (68, 45, 96), (132, 132, 136), (131, 133, 137), (132, 133, 136)] {
            check_op(&dev, &[normal(&[m, k]), normal(&[k, n])], |x| x[0].matmul(&x[1]), |x| common::matmul(&x[0], &x[1], m, k, n), TOL).await;
        }
        for (b, m, k, n) in [(3, 20, 12, 64), (3, 70, 40, 68)] {
            check_op(
                &dev,
                &[normal(&[b, m, k]), normal(&[b, k, n])],
                |x| x[0].matmul(&x[1]),
                |x| (0..b).flat_map(|i| common::matmul(&x[0][i * m * k..(i + 1) * m * k], &x[1][i * k * n..(i + 1) * k * n], m, k, n)).collect(),
                TOL,
            )
            .await;
        }
    })
    .await;
});

test_device!(software_adapters_with_subgroups_take_quad, |dev: Device| async move {
    // The software adapters these tests run on (lavapipe natively, SwiftShader in Chromium, whose adapter
    // has no name there) have subgroups whose quads are laid out as `quad` takes them: the probe in
    // `GpuContext::new` must find that, and large products then take `quad` by default. (GPUs only print.)
    if let Device::Gpu(g) = &dev {
        println!("{}: products {:?}, kernels {:?}", g.describe(), g.products(), g.product_kernels());
        if g.is_software() {
            assert_eq!(g.products(), mnist_playground::gpu::Products::Quad, "{}", g.describe());
        }
    }
});

test_device!(matmul_long_k_and_thin, |dev: Device| async move {
    // K spans many 4-wide k-steps with a remainder; N = 3 is far below one tile.
    let (m, k, n) = (130, 83, 3);
    check_op(&dev, &[normal(&[m, k]), normal(&[k, n])], |x| x[0].matmul(&x[1]), |x| common::matmul(&x[0], &x[1], m, k, n), TOL).await;
});

test_device!(matmul_narrow_outputs, |dev: Device| async move {
    // A few output columns over many rows (a convolution's shape): forward here, and in the backward pass
    // Aᵀ·dC (first case: [260, 300]·[300, 29]) and dC·Bᵀ (second case: [300, 40]·[40, 20]).
    for (m, k, n) in [(300, 260, 29), (300, 20, 40)] {
        check_op(&dev, &[normal(&[m, k]), normal(&[k, n])], |x| x[0].matmul(&x[1]), |x| common::matmul(&x[0], &x[1], m, k, n), TOL).await;
    }
});

test_device!(matmul_long_k_weight_gradient, |dev: Device| async move {
    // Aᵀ·B with K = 4800 and one output tile is split across workgroups (the weight gradient of a
    // convolution has this shape).
    let (m, k, n) = (4800, 7, 5);
    check_op(&dev, &[normal(&[m, k]), normal(&[k, n])], |x| x[0].matmul(&x[1]), |x| common::matmul(&x[0], &x[1], m, k, n), TOL).await;
});

/// Values like a batch of digits: zero except a blob per row (a `kept` share of it, moving along by 3 per row),
/// else `normal`'s values.
fn blobs(rows: usize, cols: usize, kept: f64, seed: u64) -> Vec<f32> {
    let v = random_values(&[rows, cols], seed);
    let width = (cols as f64 * kept) as usize;
    (0..rows * cols).map(|e| if (e % cols + 3 * (e / cols)) % cols < width { v[e] } else { 0.0 }).collect()
}

test_device!(matmul_skips_zero_steps, |dev: Device| async move {
    // The CPU product skips the steps of K where one side's values are all zero (digits' blank pixels): forward
    // (zeros in A) and gradients (zeros in B, and dW = dYᵀ·X), with A or B transposed, on sizes that are not
    // multiples of its blocks (4×8, and 1×32 or 32×1 where half of a side is zero, K in words of 64 steps),
    // against the reference and finite differences; on the CPU the sums are also the same to the bit as a
    // plain sum in order over all of K, and 0·∞ still reaches C as NaN.
    let (m, k, n) = (37, 300, 29);
    for kept in [0.2, 0.65] {
        let (x, w) = (blobs(m, k, kept, 1), blobs(k, n, kept, 2));
        check_op(&dev, &[Input::Const(x.clone(), vec![m, k]), normal(&[k, n])], |t| t[0].matmul(&t[1]), |t| common::matmul(&t[0], &t[1], m, k, n), TOL).await;
        check_op(&dev, &[normal(&[m, k]), Input::Const(w.clone(), vec![k, n])], |t| t[0].matmul(&t[1]), |t| common::matmul(&t[0], &t[1], m, k, n), TOL).await;
        // A layer, x·Wᵀ + b (B transposed): its weights' gradient dYᵀ·X has the zeros in B; then the zeros in
        // the weights, read in place.
        let linear = |t: &[Tensor]| mnist_playground::nn::Module::forward(&mnist_playground::nn::Linear { weight: t[1].clone(), bias: t[2].clone() }, &t[0]);
        let linear_ref = |t: &[Vec<f64>]| (0..m * n).map(|e| t[2][e % n] + (0..k).map(|l| t[0][e / n * k + l] * t[1][e % n * k + l]).sum::<f64>()).collect();
        check_op(&dev, &[Input::Const(x.clone(), vec![m, k]), normal(&[n, k]), normal(&[n])], linear, linear_ref, TOL).await;
        check_op(&dev, &[normal(&[m, k]), Input::Const(blobs(n, k, kept, 6), vec![n, k]), normal(&[n])], linear, linear_ref, TOL).await;
    }
    if dev.is_gpu() {
        return;
    }
    let bitwise = |got: &[f32], want: &[f32]| got.iter().zip(want).all(|(g, w)| g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()));
    // n = 29: op(B) packed (its last block of columns padded); n = 32: op(B) read in place; n = 40: 32 columns
    // and 8 more. Kept 1/5: single rows or columns; kept 0.65: MR×NR blocks.
    for kept in [0.2, 0.65] {
        let x = blobs(m, k, kept, 1);
        for n in [29, 32, 40] {
            let plain = |a: &[f32], b: &[f32]| -> Vec<f32> {
                (0..m * n).map(|e| (0..k).fold(0.0f32, |s, l| s + a[e / n * k + l] * b[l * n + e % n])).collect()
            };
            let (dense, w) = (random_values(&[m, k], 3), blobs(k, n, kept, 2));
            let mut w_inf = random_values(&[k, n], 4);
            // A step that the product skips for some block (all of x's rows, or of an aligned four, zero there;
            // else the step with the most zeros): ∞ in B there must still make NaN.
            let zeros_a = |l: usize| (0..m).filter(|&i| x[i * k + l] == 0.0).count() + 1000 * (0..m / 4).filter(|&p| (0..4).all(|r| x[(4 * p + r) * k + l] == 0.0)).count();
            let blank = (0..k).max_by_key(|&l| zeros_a(l)).expect("k > 0");
            w_inf[blank * n..][..n].fill(f32::INFINITY);
            let mut x_inf = dense.clone();
            // Likewise a step where B's row, or an aligned eight of its columns, is zero: ∞ in A there.
            let zeros_b = |l: usize| (0..n).filter(|&j| w[l * n + j] == 0.0).count() + 1000 * (0..n / 8).filter(|&q| (0..8).all(|c| w[l * n + 8 * q + c] == 0.0)).count();
            let blank = (0..k).max_by_key(|&l| zeros_b(l)).expect("k > 0");
            (0..m).for_each(|i| x_inf[i * k + blank] = f32::INFINITY);
            let cases = [
                ("zeros in A", &x, &random_values(&[k, n], 5)),
                ("zeros in B", &dense, &w),
                ("zeros in A, ∞ in B", &x, &w_inf),
                ("zeros in B, ∞ in A", &x_inf, &w),
            ];
            for (what, a, b) in cases {
                let want = plain(a, b);
                let got = Tensor::from_slice(a, &[m, k], &dev).matmul(&Tensor::from_slice(b, &[k, n], &dev)).to_vec().await.unwrap();
                assert!(bitwise(&got, &want), "{what}, kept {kept}, n = {n}: not the plain sums");
                if what.contains('∞') {
                    assert!(want.iter().any(|v| v.is_nan()), "{what}: the case has a 0·∞");
                    continue;
                }
                // Transposed operands: x·(bᵀ)ᵀ as a layer reads its weights (B stored [n, k]), and b's gradient
                // of Σ (a·b)·g, aᵀ·g (A stored [k, m]).
                let bt: Vec<f32> = (0..n * k).map(|e| b[e % k * n + e / k]).collect();
                let zero = Tensor::from_slice(&vec![0.0; n], &[n], &dev);
                let layer = mnist_playground::nn::Module::forward(&mnist_playground::nn::Linear { weight: Tensor::from_slice(&bt, &[n, k], &dev), bias: zero }, &Tensor::from_slice(a, &[m, k], &dev));
                let got = layer.to_vec().await.unwrap();
                let plus_zero: Vec<f32> = want.iter().map(|v| v + 0.0).collect();
                assert!(bitwise(&got, &plus_zero), "{what}, kept {kept}, n = {n}, B transposed: not the plain sums");
                let g = random_values(&[m, n], 8);
                let bv = Tensor::from_slice(b, &[k, n], &dev).requires_grad_();
                Tensor::from_slice(a, &[m, k], &dev).matmul(&bv).mul(&Tensor::from_slice(&g, &[m, n], &dev)).sum().backward();
                let got = bv.grad().expect("b's gradient").to_vec().await.unwrap();
                let want: Vec<f32> = (0..k * n).map(|e| (0..m).fold(0.0f32, |s, i| s + a[i * k + e / n] * g[i * n + e % n])).collect();
                assert!(bitwise(&got, &want), "{what}, kept {kept}, n = {n}, A transposed: not the plain sums");
            }
        }
    }
});

test_device!(matmul_batched, |dev: Device| async move {
    // A batch of products sharing B (its batch stride 0); the second shape's forward is past `wide`'s and
    // `quad`'s thresholds.
    each_product_kernel(&dev, || async {
        for (b, m, k, n) in [(3, 20, 9, 66), (3, 40, 20, 66)] {
            check_op(
                &dev,
                &[normal(&[b, m, k]), normal(&[k, n])],
                |x| x[0].matmul(&x[1]),
                |x| (0..b).flat_map(|i| common::matmul(&x[0][i * m * k..(i + 1) * m * k], &x[1], m, k, n)).collect(),
                TOL,
            )
            .await;
        }
    })
    .await;
});

test_device!(transpose_and_permute, |dev: Device| async move {
    check_op(
        &dev,
        &[normal(&[3, 70, 5])],
        |x| x[0].permute(&[2, 0, 1]).mul_scalar(2.0),
        |x| {
            let mut out = vec![];
            for c in 0..5 {
                for a in 0..3 {
                    for b in 0..70 {
                        out.push(2.0 * x[0][(a * 70 + b) * 5 + c]);
                    }
                }
            }
            out
        },
        TOL,
    )
    .await;
    let t = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3], &dev).transpose(0, 1);
    assert_eq!(t.shape(), &[3, 2]);
    assert_eq!(t.to_vec().await.unwrap(), vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
});

test_device!(reshape_flatten_broadcast_to, |dev: Device| async move {
    check_op(
        &dev,
        &[normal(&[2, 3, 4, 5])],
        |x| x[0].flatten(1).reshape(&[6, 20]).broadcast_to(&[2, 6, 20]),
        |x| [x[0].clone(), x[0].clone()].concat(),
        TOL,
    )
    .await;
});

test_device!(sum_all_long, |dev: Device| async move {
    // 3000 elements: the workgroup-per-output tree reduction.
    check_op(&dev, &[normal(&[3000])], |x| x[0].sum(), |x| vec![x[0].iter().sum()], Tol(1e-3, 1e-4, 1e-4, 2e-3)).await;
});

test_device!(sum_and_mean_axes, |dev: Device| async move {
    let s = [7, 300, 3];
    check_op(&dev, &[normal(&s)], |x| x[0].sum_axis(1, false), |x| reduce_axis(&x[0], &s, 1, 0.0, |a, b| a + b), TOL).await;
    check_op(&dev, &[normal(&s)], |x| x[0].mean_axis(-1, true), |x| map(&reduce_axis(&x[0], &s, 2, 0.0, |a, b| a + b), |v| v / 3.0), TOL).await;
    let long = [3, 700];
    check_op(&dev, &[normal(&long)], |x| x[0].sum_axis(1, false), |x| reduce_axis(&x[0], &long, 1, 0.0, |a, b| a + b), Tol(1e-4, 1e-4, 1e-4, 2e-3)).await;
    check_op(&dev, &[normal(ODD)], |x| x[0].mean(), |x| vec![x[0].iter().sum::<f64>() / x[0].len() as f64], TOL).await;
});

test_device!(max_and_argmax, |dev: Device| async move {
    let s = [41, 13];
    check_op(&dev, &[normal(&s)], |x| x[0].max_axis(1, false), |x| reduce_axis(&x[0], &s, 1, f64::NEG_INFINITY, f64::max), TOL).await;
    let long = [2, 900];
    check_op(&dev, &[normal(&long)], |x| x[0].max_axis(-1, false), |x| reduce_axis(&x[0], &long, 1, f64::NEG_INFINITY, f64::max), TOL).await;
    check_op(&dev, &[normal(ODD)], |x| x[0].max(), |x| vec![x[0].iter().cloned().fold(f64::NEG_INFINITY, f64::max)], TOL).await;
    // Argmax: first of ties, short and long axes.
    let t = Tensor::from_slice(&[1.0, 5.0, 5.0, 0.0, -1.0, -2.0, -3.0, -1.0], &[2, 4], &dev);
    assert_eq!(t.argmax_axis(1, false).to_vec().await.unwrap(), vec![1.0, 0.0]);
    let mut v = vec![0.0f32; 2 * 900];
    v[517] = 3.0;
    v[900 + 899] = 2.0;
    v[900 + 3] = 2.0;
    let t = Tensor::from_slice(&v, &[2, 900], &dev);
    assert_eq!(t.argmax_axis(1, false).to_vec().await.unwrap(), vec![517.0, 3.0]);
    // Ties share the gradient of max.
    let x = Tensor::from_slice(&[2.0, 2.0, 1.0], &[3], &dev).requires_grad_();
    x.max().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![0.5, 0.5, 0.0]);
});

test_device!(softmax_and_log_softmax, |dev: Device| async move {
    let (r, c) = (300, 10);
    check_op(&dev, &[normal(&[r, c])], |x| x[0].log_softmax(), |x| log_softmax_rows(&x[0], c), TOL).await;
    check_op(&dev, &[normal(&[r, c])], |x| x[0].softmax(), |x| map(&log_softmax_rows(&x[0], c), f64::exp), TOL).await;
    // Huge logits stay finite.
    let t = Tensor::from_slice(&[1000.0, 0.0, -1000.0], &[1, 3], &dev);
    let p = t.softmax().to_vec().await.unwrap();
    assert!(p.iter().all(|v| v.is_finite()) && (p[0] - 1.0).abs() < 1e-6);
});

test_device!(cross_entropy_fused, |dev: Device| async move {
    let (r, c) = (300, 10);
    let labels: Vec<f32> = (0..r).map(|i| ((i * 7) % c) as f32).collect();
    let l64: Vec<usize> = labels.iter().map(|&l| l as usize).collect();
    check_op(
        &dev,
        &[normal(&[r, c]), Input::Const(labels, vec![r])],
        |x| x[0].mul_scalar(3.0).cross_entropy(&x[1]),
        |x| {
            let lp = log_softmax_rows(&map(&x[0], |v| 3.0 * v), c);
            vec![-(0..r).map(|i| lp[i * c + l64[i]]).sum::<f64>() / r as f64]
        },
        TOL,
    )
    .await;
    // A label out of range gives NaN (training reports divergence), never a crash.
    let bad = Tensor::from_slice(&[0.0, 1.0], &[1, 2], &dev).cross_entropy(&Tensor::from_slice(&[5.0], &[1], &dev));
    assert!(bad.item().await.unwrap().is_nan());
});

test_device!(cross_entropy_scored_is_the_loss_and_the_metrics_in_one_kernel, |dev: Device| async move {
    // 300 rows (not a multiple of the 64-thread workgroup): the mean loss and its gradient as the f64
    // reference (check_op: vs the CPU backend and finite differences), and the running sums in place.
    let (r, c) = (300, 10);
    let labels: Vec<f32> = (0..r).map(|i| ((i * 7) % c) as f32).collect();
    let l64: Vec<usize> = labels.iter().map(|&l| l as usize).collect();
    let sums = Tensor::zeros(&[2], &dev);
    check_op(
        &dev,
        &[normal(&[r, c]), Input::Const(labels.clone(), vec![r])],
        |x| x[0].mul_scalar(3.0).cross_entropy_scored(&x[1], &Tensor::zeros(&[2], x[0].device())),
        |x| {
            let lp = log_softmax_rows(&map(&x[0], |v| 3.0 * v), c);
            vec![-(0..r).map(|i| lp[i * c + l64[i]]).sum::<f64>() / r as f64]
        },
        TOL,
    )
    .await;
    let logits = random_values(&[r, c], 5);
    let x = Tensor::from_slice(&logits, &[r, c], &dev);
    let y = Tensor::from_slice(&labels, &[r], &dev);
    let mean = x.cross_entropy_scored(&y, &sums).item().await.unwrap();
    x.cross_entropy_scored(&y, &sums); // a second step adds again
    let got = sums.to_vec().await.unwrap();
    let want_correct = (0..r)
        .filter(|&i| {
            let row = &logits[i * c..(i + 1) * c];
            (1..c).fold(0, |b, j| if row[j] > row[b] { j } else { b }) == l64[i]
        })
        .count() as f32;
    let plain = x.cross_entropy(&y).item().await.unwrap();
    assert!((mean - plain).abs() < 1e-5, "same mean loss as cross_entropy: {mean} vs {plain}");
    assert!((got[0] - 2.0 * plain * r as f32).abs() < 1e-3 * got[0].abs(), "Σ loss over two steps: {got:?}");
    assert_eq!(got[1], 2.0 * want_correct, "correct rows over two steps");
    let argmax_correct = x.argmax_axis(1, false).eq(&y).sum().item().await.unwrap();
    assert_eq!(want_correct, argmax_correct, "the same rows as argmax_axis counts");
    // Ties count the first largest logit; an invalid label makes the loss NaN.
    let tie = Tensor::from_slice(&[1.0, 1.0, 0.0, 2.0, 2.0, 2.0], &[2, 3], &dev);
    let s2 = Tensor::zeros(&[2], &dev);
    tie.cross_entropy_scored(&Tensor::from_slice(&[0.0, 1.0], &[2], &dev), &s2);
    assert_eq!(s2.to_vec().await.unwrap()[1], 1.0);
    let bad = Tensor::from_slice(&[0.0, 1.0], &[1, 2], &dev).cross_entropy_scored(&Tensor::from_slice(&[5.0], &[1], &dev), &Tensor::zeros(&[2], &dev));
    assert!(bad.item().await.unwrap().is_nan());
});

test_device!(losses, |dev: Device| async move {
    let s = [50, 7];
    check_op(&dev, &[normal(&s), normal(&s)], |x| x[0].mse(&x[1]), |x| vec![x[0].iter().zip(&x[1]).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / 350.0], TOL).await;
    check_op(&dev, &[normal(&s), normal(&s)], |x| x[0].l1(&x[1]), |x| vec![x[0].iter().zip(&x[1]).map(|(a, b)| (a - b).abs()).sum::<f64>() / 350.0], TOL).await;
    let t: Vec<f32> = (0..350).map(|i| (i % 3 == 0) as i32 as f32).collect();
    let t64 = to_f64(&t);
    let t2 = t64.clone();
    check_op(
        &dev,
        &[normal(&s), Input::Const(t.clone(), s.to_vec())],
        |x| x[0].mul_scalar(4.0).bce_with_logits(&x[1]),
        move |x| {
            let v: f64 = x[0].iter().zip(&t64).map(|(&z, &y)| {
                let z = 4.0 * z;
                let p = 1.0 / (1.0 + (-z).exp());
                -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
            }).sum();
            vec![v / 350.0]
        },
        Tol(1e-5, 1e-4, 1e-4, 3e-3),
    )
    .await;
    // mnist_loss: where(target == 1, 1 - p, p).mean() with p = sigmoid(x).
    check_op(
        &dev,
        &[normal(&s), Input::Const(t, s.to_vec())],
        |x| x[0].mnist_loss(&x[1]),
        move |x| {
            let v: f64 = x[0].iter().zip(&t2).map(|(&z, &y)| {
                let p = 1.0 / (1.0 + (-z).exp());
                if y == 1.0 { 1.0 - p } else { p }
            }).sum();
            vec![v / 350.0]
        },
        TOL,
    )
    .await;
});

test_device!(conv2d_stride_and_padding, |dev: Device| async move {
    // The GPU im2col's three paths and col2im's three: output widths that are multiples of 4 with stride 1
    // (im2col_slide; col2im_quad where W is one too: [1, 1, 28, 28], [2, 3, 8, 8], and [2, 2, 7, 12] with
    // KH ≠ KW and OH ≠ OW) and with stride 2 ([2, 3, 9, 15]: im2col_rows), and widths that are not (four
    // entries per thread; col2im per pixel, stride 1 or not).
    for (xs, ws, stride, pad) in [([2, 3, 11, 13], [4, 3, 3, 3], 1, 1), ([3, 2, 12, 9], [5, 2, 5, 5], 2, 0), ([1, 1, 28, 28], [8, 1, 5, 5], 1, 0), ([2, 3, 8, 8], [4, 3, 3, 3], 1, 1), ([2, 2, 9, 17], [3, 2, 3, 3], 2, 1), ([2, 2, 7, 12], [3, 2, 2, 5], 1, 0), ([2, 3, 9, 15], [4, 3, 3, 3], 2, 1)] {
        check_op(
            &dev,
            &[normal(&xs), normal(&ws), normal(&[ws[0]])],
            |x| x[0].conv2d(&x[1], Some(&x[2]), stride, pad),
            |x| {
                let y = common::conv2d(&x[0], xs, &x[1], ws, stride, pad);
                let per = y.len() / xs[0] / ws[0];
                y.iter().enumerate().map(|(i, v)| v + x[2][(i / per) % ws[0]]).collect()
            },
            Tol(1e-4, 1e-4, 1e-3, 3e-3),
        )
        .await;
    }
});

test_device!(max_pool2d, |dev: Device| async move {
    // The GPU backward's three paths: windows tiling the input with whole vec4s of outputs per row
    // ([2, 3, 12, 24] and the CNN's second pool's [3, 5, 8, 8]), a thread per row (W a multiple of 4 but not
    // tiled: [1, 2, 11, 8] overlapping, [1, 2, 9, 16] an odd height), four pixels per thread (the rest).
    for (s, k, stride) in [([2, 3, 24, 26], 2, 2), ([1, 2, 9, 11], 3, 2), ([2, 3, 12, 24], 2, 2), ([1, 2, 11, 8], 3, 1), ([3, 5, 8, 8], 2, 2), ([1, 2, 9, 16], 2, 2)] {
        let [n, c, h, w] = s;
        let (oh, ow) = ((h - k) / stride + 1, (w - k) / stride + 1);
        check_op(
            &dev,
            &[normal(&s)],
            |x| x[0].max_pool2d(k, stride),
            |x| {
                let mut out = vec![];
                for p in 0..n * c {
                    for y in 0..oh {
                        for xx in 0..ow {
                            let mut m = f64::NEG_INFINITY;
                            for dy in 0..k {
                                for dx in 0..k {
                                    m = m.max(x[0][p * h * w + (y * stride + dy) * w + xx * stride + dx]);
                                }
                            }
                            out.push(m);
                        }
                    }
                }
                out
            },
            TOL,
        )
        .await;
    }
});

test_device!(dropout_matches_cpu_and_scales, |dev: Device| async move {
    let x = Tensor::ones(&[40, 50], &dev).requires_grad_();
    let y = x.dropout(0.25, 42);
    y.sum().backward();
    let got = y.to_vec().await.unwrap();
    let cpu = Tensor::ones(&[40, 50], &Device::Cpu).dropout(0.25, 42).to_vec().await.unwrap();
    assert_eq!(got, cpu, "the mask is the same on every backend");
    let kept = got.iter().filter(|&&v| v != 0.0).count() as f64 / 2000.0;
    assert!((kept - 0.75).abs() < 0.04, "kept fraction {kept}");
    assert!(got.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.75).abs() < 1e-6));
    // The gradient is the mask itself.
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), got);
    // Another seed, another mask.
    assert_ne!(Tensor::ones(&[40, 50], &dev).dropout(0.25, 43).to_vec().await.unwrap(), got);
});

test_device!(large_elementwise_folds_grid, |dev: Device| async move {
    // 17,000,000 elements need more than 65,535 workgroups of 256: the grid folds into y.
    let n = 17_000_000;
    let x = Tensor::full(&[n], 2.0, &dev);
    let s = x.mul(&x).sum().item().await.unwrap();
    assert!((s as f64 - 4.0 * n as f64).abs() / (4.0 * n as f64) < 1e-3, "{s}");
});

test_device!(gather_bytes_builds_batches_from_device_bytes, |dev: Device| async move {
    use mnist_playground::ops::batch::{ByteRows, Shift, Warp};
    // 37 images of 13×11 (143 bytes each: rows do not start on word boundaries), picked in a scrambled order.
    let (n, h, w) = (37usize, 13usize, 11usize);
    let bytes: Vec<u8> = (0..n * h * w).map(|i| ((i * 7919) % 251) as u8).collect();
    let rows = ByteRows::new(&bytes, h * w, &dev);
    let order: Vec<f32> = (0..n).map(|i| ((i * 17 + 5) % n) as f32).collect();
    let order_t = Tensor::from_slice(&order, &[n], &dev);
    let (start, count) = (3, 30);
    // The batch as the CPU makes it: row o of `bytes` for each o of `order`, each byte × scale + offset.
    let reference = |bytes: &[u8], cols: usize, order: &[f32], (scale, offset): (f32, f32)| -> Vec<f32> {
        order.iter().flat_map(|&o| bytes[o as usize * cols..(o as usize + 1) * cols].iter().map(move |&b| b as f32 * scale + offset)).collect()
    };
    let plain = rows.gather(&order_t, start, count, (1.0 / 255.0, 0.5), None).to_vec().await.unwrap();
    assert_eq!(plain, reference(&bytes, h * w, &order[start..start + count], (1.0 / 255.0, 0.5)));
    // Rows of 28 bytes (whole words: the GPU reads four pixels per word).
    let bytes28: Vec<u8> = (0..n * 28).map(|i| ((i * 7919) % 251) as u8).collect();
    let plain28 = ByteRows::new(&bytes28, 28, &dev).gather(&order_t, start, count, (2.0, -1.0), None).to_vec().await.unwrap();
    assert_eq!(plain28, reference(&bytes28, 28, &order[start..start + count], (2.0, -1.0)));
    // Rows of 784 bytes (196 words: each of the 64 threads of a row's workgroup takes several) and, over
    // 70,000 rows of 4 bytes, a grid past 65,535 workgroups (one per row, folded into y).
    let bytes784: Vec<u8> = (0..n * 784).map(|i| ((i * 7919) % 253) as u8).collect();
    let plain784 = ByteRows::new(&bytes784, 784, &dev).gather(&order_t, start, count, (0.5, 0.25), None).to_vec().await.unwrap();
    assert_eq!(plain784, reference(&bytes784, 784, &order[start..start + count], (0.5, 0.25)));
    // (Each row's bytes are its number's, so no two rows alike; all rows compared, from an offset into the order.)
    let (many, from) = (70_000, 5);
    let bytes4: Vec<u8> = (0..many as u32).flat_map(u32::to_le_bytes).collect();
    let order4: Vec<f32> = (0..many + from).map(|i| ((i * 9 + 3) % many) as f32).collect(); // (9 is prime to 70,000: a permutation)
    let all = ByteRows::new(&bytes4, 4, &dev).gather(&Tensor::from_slice(&order4, &[many + from], &dev), from, many, (1.0, 0.0), None).to_vec().await.unwrap();
    let want4 = reference(&bytes4, 4, &order4[from..], (1.0, 0.0));
    assert_eq!(all.len(), want4.len());
    if let Some(r) = (0..many).find(|&r| all[r * 4..r * 4 + 4] != want4[r * 4..r * 4 + 4]) {
        panic!("row {r} of {many}: {:?}, not {:?}", &all[r * 4..r * 4 + 4], &want4[r * 4..r * 4 + 4]);
    }

    let shift = Shift { height: h, width: w, max: 2, seed: 9, warp: Warp::NONE };
    let shifted = rows.gather(&order_t, start, count, (1.0, 0.0), Some(shift)).to_vec().await.unwrap();
    let cpu_rows = ByteRows::new(&bytes, h * w, &Device::Cpu);
    let cpu = cpu_rows.gather(&Tensor::from_slice(&order, &[n], &Device::Cpu), start, count, (1.0, 0.0), Some(shift)).to_vec().await.unwrap();
    assert_eq!(shifted, cpu, "both backends draw the same shifts");
    let mut seen = std::collections::HashSet::new();
    for r in 0..count {
        let src = &bytes[order[start + r] as usize * h * w..][..h * w];
        let got = &shifted[r * h * w..(r + 1) * h * w];
        let matches = |dy: i64, dx: i64| {
            (0..h * w).all(|c| {
                let (y, x) = ((c / w) as i64 - dy, (c % w) as i64 - dx);
                let v = if y >= 0 && x >= 0 && y < h as i64 && x < w as i64 { src[y as usize * w + x as usize] as f32 } else { 0.0 };
                got[c] == v
            })
        };
        let found: Vec<(i64, i64)> = (-2..=2).flat_map(|dy| (-2..=2).map(move |dx| (dy, dx))).filter(|&(dy, dx)| matches(dy, dx)).collect();
        assert_eq!(found.len(), 1, "row {r} is exactly one translation within ±2");
        seen.insert(found[0]);
    }
    assert!(seen.len() > 8, "shifts vary between rows: {seen:?}");

    // Warps: the same on both backends (up to sin/cos rounding, continuous in it), in range, different per
    // row; a warp of no strength and no shift gives back the images exactly.
    let cpu_order = Tensor::from_slice(&order, &[n], &Device::Cpu);
    let warp = Shift { height: h, width: w, max: 1, seed: 4, warp: Warp::HANDWRITING };
    let warped = rows.gather(&order_t, start, count, (1.0 / 255.0, -0.1), Some(warp)).to_vec().await.unwrap();
    let cpu = cpu_rows.gather(&cpu_order, start, count, (1.0 / 255.0, -0.1), Some(warp)).to_vec().await.unwrap();
    // WGSL only promises sin/cos to 2^-11 absolute (SwiftShader in Chromium uses that freedom: 1.4e-3 here,
    // lavapipe 1e-6): a sample point off by ~0.01 pixel moves a bilinear value by at most ~1% of full scale.
    let worst = warped.iter().zip(&cpu).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    assert!(worst < 1e-2, "backends differ by {worst}");
    assert!(warped.iter().all(|&v| (-0.1..=0.9 + 1e-5).contains(&v)), "values stay within the byte range");
    assert_ne!(&warped[..h * w], &plain[..h * w], "warped rows differ from the originals");
    let still = Shift { height: h, width: w, max: 0, seed: 4, warp: Warp { rotate: 0.0, scale: 0.0, slant: 0.0, thicken: 1e-30 } };
    let same = rows.gather(&order_t, start, count, (1.0 / 255.0, 0.5), Some(still)).to_vec().await.unwrap();
    let worst = same.iter().zip(&plain).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    assert!(worst < 1e-6, "a warp of no strength is the identity (off by {worst})");
    // A thickened stroke is at least as bright everywhere as the same warp without it.
    let thin = Shift { warp: Warp { thicken: 0.0, ..Warp::HANDWRITING }, ..warp };
    let thin = cpu_rows.gather(&cpu_order, start, count, (1.0, 0.0), Some(thin)).to_vec().await.unwrap();
    let thick = cpu_rows.gather(&cpu_order, start, count, (1.0, 0.0), Some(warp)).to_vec().await.unwrap();
    assert!(thick.iter().zip(&thin).all(|(a, b)| a >= b) && thick.iter().sum::<f32>() > thin.iter().sum::<f32>());
});

test_device!(profiling_times_every_dispatch, |dev: Device| async move {
    let Device::Gpu(g) = &dev else { return };
    let a = Tensor::from_slice(&random_values(&[40 * 30], 1), &[40, 30], &dev);
    g.start_profile();
    let b = a.relu().mul_scalar(2.0);
    b.to_vec().await.unwrap();
    let p = g.take_profile();
    let names: Vec<&str> = p.kernels.iter().map(|k| k.0.as_str()).collect();
    assert!(names.contains(&"unary.wgsl:main OP=4") && names.contains(&"unary.wgsl:main OP=10"), "{p}");
    assert!(p.kernels.iter().all(|k| k.1 == 1 && k.2 >= 0.0), "{p}");
    // Profiling stops with take_profile.
    a.relu().to_vec().await.unwrap();
    assert!(g.take_profile().kernels.is_empty());
});

/// f64 activations as the layers apply them (None: identity).
fn act64(act: Option<mnist_playground::nn::Activation>, z: f64) -> f64 {
    use mnist_playground::nn::Activation;
    match act {
        None => z,
        Some(Activation::Relu) => z.max(0.0),
        Some(Activation::Sigmoid) => 1.0 / (1.0 + (-z).exp()),
        Some(Activation::Tanh) => z.tanh(),
    }
}

test_device!(fused_linear_layers_match_the_reference, |dev: Device| async move {
    // act(x·Wᵀ + b) as one matmul with an epilogue (bias per column), with each activation, on sizes that
    // are not multiples of the kernels' 8×8 or 16×16 blocks or their vec4 reads, the second's forward past
    // `wide`'s threshold and the third's past `quad`'s (each with every kernel); gradients vs CPU and finite
    // differences.
    use mnist_playground::nn::{Activation, Linear, Module};
    each_product_kernel(&dev, || async {
        for (n, k, m) in [(37, 29, 13), (70, 36, 68), (130, 36, 100)] {
            for act in [None, Some(Activation::Relu), Some(Activation::Sigmoid), Some(Activation::Tanh)] {
                check_op(
                    &dev,
                    &[normal(&[n, k]), normal(&[m, k]), normal(&[m])],
                    |x| {
                        let layer = Linear { weight: x[1].clone(), bias: x[2].clone() };
                        match act {
                            Some(a) => layer.forward_then(&x[0], a).unwrap(),
                            None => layer.forward(&x[0]),
                        }
                    },
                    |x| {
                        let mut wt = vec![0.0; k * m];
                        for i in 0..m {
                            for j in 0..k {
                                wt[j * m + i] = x[1][i * k + j];
                            }
                        }
                        let z = matmul(&x[0], &wt, n, k, m);
                        z.iter().enumerate().map(|(e, v)| act64(act, v + x[2][e % m])).collect()
                    },
                    TOL,
                )
                .await;
            }
        }
    })
    .await;
});

test_device!(fused_convolutions_match_the_reference, |dev: Device| async move {
    // act(x ⋆ W + b) as im2col and one matmul with an epilogue (bias per row: per output channel), with each
    // activation. 5 images × 63 positions: more than one workgroup pass per channel; 16 channels over 4
    // images: the forward product past `wide`'s threshold, its columns gathered (2·3·3 = 18 rows) or read as
    // vec4s (4·3·3 = 36, a CNN's second convolution's case; its columns' gradient Wᵀ·dY past `quad`'s
    // threshold); 32 channels over 4 images: the forward (bias per row), the columns' gradient and the
    // weight gradient all past `quad`'s threshold (the pretrained cnn:32,64's case); each with every kernel.
    use mnist_playground::nn::{Activation, Conv2d, Module};
    each_product_kernel(&dev, || async {
        for (xs, ws) in [([5, 2, 9, 7], [5, 2, 3, 3]), ([4, 2, 9, 7], [16, 2, 3, 3]), ([4, 4, 8, 8], [16, 4, 3, 3]), ([4, 4, 8, 8], [32, 4, 3, 3])] {
            let (oc, plane) = (ws[0], xs[2] * xs[3]); // padding 1 keeps the image's size
            for act in [None, Some(Activation::Relu), Some(Activation::Sigmoid), Some(Activation::Tanh)] {
                check_op(
                    &dev,
                    &[normal(&xs), normal(&ws), normal(&[oc])],
                    |x| {
                        let conv = Conv2d { weight: x[1].clone(), bias: x[2].clone(), stride: 1, padding: 1 };
                        match act {
                            Some(a) => conv.forward_then(&x[0], a).unwrap(),
                            None => conv.forward(&x[0]),
                        }
                    },
                    |x| {
                        let y = conv2d(&x[0], xs, &x[1], ws, 1, 1);
                        y.iter().enumerate().map(|(e, v)| act64(act, v + x[2][(e / plane) % oc])).collect()
                    },
                    TOL,
                )
                .await;
            }
        }
    })
    .await;
});
