//! Matrix multiplication, plain or batched, with transposes folded into the kernel's reads so backward
//! never materialises a transpose. Kernels: shaders/matmul.wgsl (`main`: 8×8 outputs per thread from vec4
//! reads; `wide`: 16×16, for large products on software adapters) and shaders/matmul_quad.wgsl (`quad`:
//! `wide`'s blocks sharing loads within a quad of threads, on software adapters with subgroups); each
//! specialised per transpose, alignment and epilogue; K split across workgroups for long weight gradients.

use super::gemm;
use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use super::unary::Unary;
use crate::gpu::Products;
use crate::Device;

const OVERRIDES: &[&str] = &["TA", "TB", "VA", "VB", "VC", "BIAS", "ACT"];
const KERNEL: Kernel = Kernel::new(Shader::Matmul, "main", 3, 1).overrides(OVERRIDES);
/// The same product with 16×16 outputs per thread, for software adapters (see the shader).
const WIDE: Kernel = Kernel::new(Shader::Matmul, "wide", 3, 1).overrides(OVERRIDES);
/// `wide`'s blocks, a quad of threads sharing its loads through subgroup swaps (see the shader).
const QUAD: Kernel = Kernel::new(Shader::MatmulQuad, "quad", 3, 1).overrides(OVERRIDES);

/// Where an epilogue's bias goes: one per column of C (a linear layer: [N, out] + b[out]) or one per row
/// (a convolution: each image's [OC, OH·OW] + b[OC]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BiasAxis {
    Columns,
    Rows,
}

/// The activation an epilogue applies (nn's activations; `None` keeps the sum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    None,
    Relu,
    Sigmoid,
    Tanh,
}

impl Act {
    fn code(self) -> u32 {
        self as u32
    }

    /// The elementwise op this activation is: its CPU reference and gradient rule are there.
    pub(crate) fn unary(self) -> Option<Unary> {
        match self {
            Act::None => None,
            Act::Relu => Some(Unary::Relu),
            Act::Sigmoid => Some(Unary::Sigmoid),
            Act::Tanh => Some(Unary::Tanh),
        }
    }
}
/// Rows and columns of C per thread in `main`.
const BLOCK: usize = 8;
/// Rows and columns of C per thread in `wide` (and per thread in `quad`).
const WIDE_BLOCK: usize = 16;
/// Rows and columns of C per quad of threads in `quad`.
const QUAD_TILE: usize = 32;

/// (batch, rows, cols) of `t` read as op(t), for rank 2 or 3.
fn dims(t: &Tensor, trans: bool) -> (usize, usize, usize) {
    let s = t.shape();
    let (b, r, c) = match s.len() {
        2 => (1, s[0], s[1]),
        3 => (s[0], s[1], s[2]),
        _ => panic!("matmul takes rank-2 or rank-3 tensors, got {s:?}"),
    };
    if trans {
        (b, c, r)
    } else {
        (b, r, c)
    }
}

/// C = op(A)·op(B) where op transposes the last two dimensions when asked. A batch of 1 broadcasts.
pub(crate) fn matmul_t(a: &Tensor, b: &Tensor, ta: bool, tb: bool) -> Tensor {
    product(a, b, ta, tb, None, Act::None)
}

/// act(op(A)·op(B) + bias) with the bias and activation applied as the product is stored (one dispatch).
fn product(a: &Tensor, b: &Tensor, ta: bool, tb: bool, bias: Option<(&Tensor, BiasAxis)>, act: Act) -> Tensor {
    a.same_device(b, "matmul");
    let (ba, m, k) = dims(a, ta);
    let (bb, k2, n) = dims(b, tb);
    assert_eq!(k, k2, "matmul: inner dimensions differ ({:?}{} · {:?}{})", a.shape(), if ta { "ᵀ" } else { "" }, b.shape(), if tb { "ᵀ" } else { "" });
    assert!(ba == bb || ba == 1 || bb == 1, "matmul: batch sizes {ba} and {bb} differ");
    let batch = ba.max(bb);
    let shape = if a.rank() == 3 || b.rank() == 3 { vec![batch, m, n] } else { vec![m, n] };
    let out = output(&shape, a.device());
    let (sa, sb) = (if ba == 1 { 0 } else { m * k }, if bb == 1 { 0 } else { k * n });
    match a.device() {
        Device::Cpu => {
            let (xr, yr) = (a.cpu(), b.cpu());
            let bias_ref = bias.map(|(t, axis)| (t.cpu(), axis));
            let bias = match &bias_ref {
                Some((t, BiasAxis::Columns)) => gemm::Bias::Columns(t),
                Some((t, BiasAxis::Rows)) => gemm::Bias::Rows(t),
                None => gemm::Bias::None,
            };
            let (c, d) = (&mut out.cpu_mut()[..], gemm::Dims { m, n, k, ta, tb });
            // One specialisation per activation (its rule is unary.rs's), so the epilogue inlines it.
            match act.unary() {
                None => gemm::product(&xr, &yr, c, (sa, sb), d, &gemm::Epilogue { bias, act: None::<fn(f32) -> f32> }),
                Some(Unary::Relu) => gemm::product(&xr, &yr, c, (sa, sb), d, &gemm::Epilogue { bias, act: Some(|v| Unary::Relu.eval(v)) }),
                Some(u) => gemm::product(&xr, &yr, c, (sa, sb), d, &gemm::Epilogue { bias, act: Some(move |v| u.eval(v)) }),
            }
        }
        Device::Gpu(g) => {
            let split = split_k(m, n, k, batch, ta, tb);
            if split > 1 && bias.is_none() && act == Act::None {
                return split_k_matmul(a, b, (m, n, k), split, &shape);
            }
            let info = [word(m), word(n), word(k), word(sa), word(sb)];
            let (bias_buf, axis) = match bias {
                Some((t, BiasAxis::Columns)) => (t.buf(), 1),
                Some((t, BiasAxis::Rows)) => (t.buf(), 2),
                None => (a.buf(), 0),
            };
            let (kernel, groups) = kernel_for(g.products(), m, n, k, batch);
            g.dispatch(kernel.with(&overrides(m, n, k, ta, tb, axis, act)), &info, &[a.buf(), b.buf(), bias_buf, out.buf()], groups);
            return out;
        }
    }
    out
}

/// A layer's forward as one product: act(op(A)·op(B) + bias), with its gradient. Backward: the activation's
/// gradient from the output (one kernel), the bias gradient (a sum), and the two products of `matmul`.
pub(crate) fn layer(a: &Tensor, b: &Tensor, ta: bool, tb: bool, bias: &Tensor, axis: BiasAxis, act: Act) -> Tensor {
    let (_, m, _) = dims(a, ta);
    let (_, _, n) = dims(b, tb);
    assert_eq!(bias.numel(), if axis == BiasAxis::Columns { n } else { m }, "layer: bias of {} for a product of {m}×{n}", bias.numel());
    bias.same_device(a, "layer");
    let out = product(a, b, ta, tb, Some((bias, axis)), act);
    let (x, w, y) = (a.detach(), b.detach(), out.detach());
    let (need_a, need_b) = (a.requires_grad(), b.requires_grad());
    let bias_shape = bias.shape().to_vec();
    out.record("layer", &[a, b, bias], move |g| {
        // The activation's own gradient rule, from the output alone: relu's output is > 0 exactly where its
        // input was, so it stands in for the input (which the fused kernel never stored).
        let dz = act.unary().map_or_else(|| g.clone(), |u| u.grad(&y, &y, g).expect("activations have a gradient"));
        let [ga, gb] = product_grads(&x, &w, &dz, ta, tb, (need_a, need_b));
        let gbias = match axis {
            BiasAxis::Columns => dz.sum_to(&[n]),
            BiasAxis::Rows => dz.sum_rows(),
        };
        vec![ga, gb, Some(gbias.reshape(&bias_shape))]
    })
}

/// The override values (`OVERRIDES`) for these transposes, with vec4 reads of each operand whose stored rows
/// are whole vec4s (their length a multiple of 4; batch strides then are too), vec4 writes of C where its
/// rows are (N a multiple of 4), and this epilogue (`bias`: 0 none, 1 per column, 2 per row).
fn overrides(m: usize, n: usize, k: usize, ta: bool, tb: bool, bias: u32, act: Act) -> [u32; 7] {
    let va = if ta { m % 4 == 0 } else { k % 4 == 0 };
    let vb = if tb { k % 4 == 0 } else { n % 4 == 0 };
    [u32::from(ta), u32::from(tb), u32::from(va), u32::from(vb), u32::from(n % 4 == 0), bias, act.code()]
}

/// The kernel for a product of `batch` × [m, k]·[k, n] and its grid, given the device's choice for large
/// products. `quad` (a 32×32 tile per quad of threads, four quads per workgroup) takes products at least 32
/// wide both ways with at least 8 tiles over the batch (two workgroups); `wide` (16×16 per thread,
/// workgroups of 16) those at least 16 wide with at least 16 blocks (one workgroup): fewer would leave a
/// software adapter's cores idle (a 128×128 product is four workgroups of either). So an MLP's last, partial
/// minibatch of 64 takes the kernel the others took, whose pipeline is compiled (SwiftShader compiles
/// another in a few hundred ms, most of an MLP's epoch here). Both need a K of 16 or more (an MLP's
/// [128, 10]·[10, 128] measured faster with `main`, 8×8 per thread in workgroups of 64). Narrower products
/// would compute padding.
fn kernel_for(choice: Products, m: usize, n: usize, k: usize, batch: usize) -> (Kernel, [u32; 3]) {
    // Blocks of size×size per product, or none where the product is too narrow for them.
    let blocks = |size: usize| if m >= size && n >= size && k >= 16 { m.div_ceil(size) * n.div_ceil(size) } else { 0 };
    // Threads per product in workgroups of `size`; z is the batch.
    let grid = |threads: usize, size: u32| {
        let [x, y, _] = crate::kernels::grid_1d(word(threads), size);
        [x, y, word(batch)]
    };
    match choice {
        Products::Quad if blocks(QUAD_TILE) * batch >= 8 => (QUAD, grid(4 * blocks(QUAD_TILE), 16)),
        Products::Quad | Products::Wide if blocks(WIDE_BLOCK) * batch >= 16 => (WIDE, grid(blocks(WIDE_BLOCK), 16)),
        _ => (KERNEL, grid(m.div_ceil(BLOCK) * n.div_ceil(BLOCK), 64)),
    }
}

/// How many slices to cut K into: a weight gradient (Aᵀ·B with a long K, e.g. a convolution's
/// [8, 73728]·[73728, 25]) has only a few blocks of 8×8 outputs, so a few threads would walk all of K alone.
/// Slicing K gives each slice its own workgroup; a sum over the slices follows. Only for Aᵀ·B, where a
/// slice of K is a contiguous block of rows of both operands; the slice count divides K.
fn split_k(m: usize, n: usize, k: usize, batch: usize, ta: bool, tb: bool) -> usize {
    let threads = m.div_ceil(BLOCK) * n.div_ceil(BLOCK);
    if !(ta && !tb && batch == 1 && threads < 1024 && k >= 4096) {
        return 1;
    }
    (2..=64).rev().find(|s| k % s == 0 && k / s >= 256).unwrap_or(1)
}

/// Aᵀ·B as `split` batched products over slices of K (A stored [K, M], B [K, N]), summed.
fn split_k_matmul(a: &Tensor, b: &Tensor, (m, n, k): (usize, usize, usize), split: usize, shape: &[usize]) -> Tensor {
    let partial = output(&[split, m, n], a.device());
    let Device::Gpu(g) = a.device() else { unreachable!("split-K runs on the GPU") };
    let kc = k / split;
    let info = [word(m), word(n), word(kc), word(kc * m), word(kc * n)];
    let (kernel, groups) = kernel_for(Products::Main, m, n, kc, split);
    g.dispatch(kernel.with(&overrides(m, n, kc, true, false, 0, Act::None)), &info, &[a.buf(), b.buf(), a.buf(), partial.buf()], groups);
    partial.sum_axis(0, false).reshape(shape)
}

/// matmul_t with its gradient: for C = op(A)·op(B), d op(A) = dC·op(B)ᵀ and d op(B) = op(A)ᵀ·dC, each
/// written as one matmul_t with the transposes folded in.
pub(crate) fn matmul_t_grad(a: &Tensor, b: &Tensor, ta: bool, tb: bool) -> Tensor {
    let out = matmul_t(a, b, ta, tb);
    let (x, y) = (a.detach(), b.detach());
    // An operand without a gradient gets none computed (a convolution's unrolled input image: a product as
    // large as the forward one, then discarded).
    let (need_a, need_b) = (a.requires_grad(), b.requires_grad());
    out.record("matmul", &[a, b], move |g| product_grads(&x, &y, g, ta, tb, (need_a, need_b)).into())
}

/// The gradients of op(A)·op(B) with respect to A and B (those `need`ed) for the product's gradient `g`,
/// a broadcast operand's summed over the batch.
fn product_grads(a: &Tensor, b: &Tensor, g: &Tensor, ta: bool, tb: bool, need: (bool, bool)) -> [Option<Tensor>; 2] {
    let ga = need.0.then(|| if ta { matmul_t(b, g, tb, true) } else { matmul_t(g, b, false, !tb) });
    let gb = need.1.then(|| if tb { matmul_t(g, a, true, ta) } else { matmul_t(a, g, !ta, false) });
    [ga.map(|ga| reduce_batch(ga, a.shape())), gb.map(|gb| reduce_batch(gb, b.shape()))]
}

/// A broadcast (rank-2) operand of a batched product gets the batch's gradients summed.
fn reduce_batch(g: Tensor, shape: &[usize]) -> Tensor {
    if g.rank() == 3 && shape.len() == 2 {
        g.sum_axis(0, false)
    } else {
        g
    }
}

impl Tensor {
    /// [M, K]·[K, N] = [M, N]; rank-3 operands multiply batch by batch (a rank-2 operand is shared).
    pub fn matmul(&self, other: &Tensor) -> Tensor {
        matmul_t_grad(self, other, false, false)
    }
}
