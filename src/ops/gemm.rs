//! The CPU backend's matrix product: C = op(A)·op(B) (+ bias, activation) in register blocks.
//!
//! A block of MR×NR outputs of C is summed in locals (eight f32x4 vectors; natively LLVM vectorises the plain
//! loops below, in the wasm `wasm_simd` writes them out) while K is walked once: per step of K, MR values of
//! op(A) are broadcast and NR values of op(B) loaded, for 2·MR·NR flops. op(A) is first packed into panels of
//! MR rows, K-major (any transpose folds into the packing, O(MK) against the product's O(MNK)); op(B) is read
//! in place when it is stored [K, N] with N a multiple of NR, else packed to that layout with its columns
//! padded to NR with zeros. The bias and the activation are applied to each panel of MR rows of C as soon as
//! it is stored, while it is in the cache. A block skips the steps of K where its values of one side are all
//! zero (`find_steps`): most of a first layer's input is blank pixels.
//!
//! Each output is one running sum over K in order (a multiply then an add per step: no fused multiply-add,
//! so wasm and native round alike), whatever the block it falls in: results do not depend on the blocking,
//! on how many rows a thread takes, on the steps skipped, or on the machine.

/// Rows of a register block (values of op(A) broadcast per step of K).
const MR: usize = 4;
/// Columns of a register block (two f32x4 vectors of op(B) per step of K).
const NR: usize = 8;

/// One product's shape and transposes: C[m, n] = op(A)[m, k]·op(B)[k, n], A stored [k, m] when `ta`, B stored
/// [n, k] when `tb`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dims {
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub ta: bool,
    pub tb: bool,
}

/// The epilogue: a bias added (one per column of C, or one per row) and an activation applied as C is stored.
#[derive(Clone, Copy)]
pub(super) struct Epilogue<'a, F> {
    pub bias: Bias<'a>,
    /// None: the sum itself.
    pub act: Option<F>,
}

#[derive(Clone, Copy)]
pub(super) enum Bias<'a> {
    None,
    Columns(&'a [f32]),
    Rows(&'a [f32]),
}

impl<F: Fn(f32) -> f32> Epilogue<'_, F> {
    /// Whether there is anything to apply.
    fn any(&self) -> bool {
        !matches!(self.bias, Bias::None) || self.act.is_some()
    }

    #[inline(always)]
    fn apply(&self, v: f32, i: usize, j: usize) -> f32 {
        let z = match self.bias {
            Bias::Columns(b) => v + b[j],
            Bias::Rows(b) => v + b[i],
            Bias::None => v,
        };
        self.act.as_ref().map_or(z, |f| f(z))
    }
}

/// Reusable packing space (a training step multiplies the same shapes every time: no allocation per product).
#[derive(Default)]
pub(super) struct Scratch {
    a: Vec<f32>,
    b: Vec<f32>,
    steps: Steps,
}

/// The steps of K a product walks (see `find_steps`): for each panel of op(A) (`Side::A`) or each block of NR
/// columns of op(B) (`Side::B`), unit u's list is `list[u·k..][..kept[u]]`; a unit that keeps all of K (or
/// nearly) walks it in order: `kept[u] == k`. No units: every block walks all of K.
#[derive(Default)]
struct Steps {
    side: Side,
    kept: Vec<usize>,
    list: Vec<u32>,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Side {
    #[default]
    A,
    B,
}

impl Steps {
    /// The steps block (panel q, columns from j0) walks; None: all of K in order.
    fn of(&self, q: usize, j0: usize, k: usize) -> Option<&[u32]> {
        let u = if self.side == Side::A { q } else { j0 / NR };
        let kept = *self.kept.get(u)?;
        (kept < k).then(|| &self.list[u * k..][..kept])
    }
}

std::thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// op(A) packed for the blocks: for each panel of MR rows (the last zero-padded), K-major, MR values per step.
fn pack_a(x: &[f32], d: Dims, out: &mut Vec<f32>) {
    let panels = d.m.div_ceil(MR);
    out.clear();
    out.resize(panels * MR * d.k, 0.0);
    for (p, panel) in out.chunks_exact_mut(MR * d.k).enumerate() {
        let rows = MR.min(d.m - p * MR);
        if d.ta {
            // A stored [k, m]: the panel's MR values of one step are adjacent.
            for (l, step) in panel.chunks_exact_mut(MR).enumerate() {
                step[..rows].copy_from_slice(&x[l * d.m + p * MR..][..rows]);
            }
        } else {
            for r in 0..rows {
                let row = &x[(p * MR + r) * d.k..][..d.k];
                for (step, &v) in panel.chunks_exact_mut(MR).zip(row) {
                    step[r] = v;
                }
            }
        }
    }
}

/// Lists, for each unit of `side` (a packed panel of op(A), or NR columns of op(B) as the blocks read it),
/// the steps of K where its values are not all zero. A step whose MR values of op(A), or NR values of op(B),
/// are zero adds 0 to every sum of the block it feeds, which changes no sum when the other operand is finite
/// (and a sum is never −0, so even its sign stays): the blocks skip it. Inputs are mostly zero pixels — 81%
/// of MNIST's: 4 digits are all zero at 61% of the pixels, 8 neighbouring pixels of one digit 61% of the
/// time — and ReLU zeroes about half of a layer's outputs. A unit that would keep more than 7/8 of K walks
/// all of it. Returns whether any step is skipped.
fn find_steps(values: &[f32], ld: usize, side: Side, d: Dims, steps: &mut Steps) -> bool {
    let units = if side == Side::A { d.m.div_ceil(MR) } else { d.n.div_ceil(NR) };
    steps.side = side;
    steps.kept.clear();
    steps.kept.resize(units, 0);
    steps.list.clear();
    steps.list.resize(units * d.k, 0);
    let mut keep = |u: usize, l: usize, v: &[f32]| {
        // Not all zero (±0: the sign bit shifted out).
        if v.iter().fold(0u32, |acc, x| acc | (x.to_bits() << 1)) != 0 {
            steps.list[u * d.k + steps.kept[u]] = l as u32;
            steps.kept[u] += 1;
        }
    };
    if side == Side::A {
        // `values`: the packed panels, panel u's step l at (u·k + l)·MR.
        for (u, panel) in values.chunks_exact(MR * d.k).enumerate() {
            for (l, v) in panel.chunks_exact(MR).enumerate() {
                keep(u, l, v);
            }
        }
    } else {
        // `values`: op(B), its rows `ld` apart.
        for l in 0..d.k {
            for (u, v) in values[l * ld..][..units * NR].chunks_exact(NR).enumerate() {
                keep(u, l, v);
            }
        }
    }
    let mut any = false;
    for kept in &mut steps.kept {
        if *kept > d.k - d.k / 8 {
            *kept = d.k;
        }
        any |= *kept < d.k;
    }
    any
}

/// op(B) as [k, n_padded] row-major (n padded to NR with zeros).
fn pack_b(y: &[f32], d: Dims, out: &mut Vec<f32>) -> usize {
    let ldb = d.n.div_ceil(NR) * NR;
    out.clear();
    out.resize(d.k * ldb, 0.0);
    if d.tb {
        // B stored [n, k]: row j of B is column j of op(B). NR rows at a time, so each step of K writes NR
        // adjacent values (one row at a time would write every value to another cache line).
        for j0 in (0..d.n).step_by(NR) {
            let cols = NR.min(d.n - j0);
            let src = &y[j0 * d.k..][..cols * d.k];
            for (l, dst) in out.chunks_exact_mut(ldb).enumerate() {
                for (jj, v) in dst[j0..j0 + cols].iter_mut().enumerate() {
                    *v = src[jj * d.k + l];
                }
            }
        }
    } else {
        for (dst, src) in out.chunks_exact_mut(ldb).zip(y.chunks_exact(d.n)) {
            dst[..d.n].copy_from_slice(src);
        }
    }
    ldb
}

/// R rows × NR columns of the product: `a` is one packed panel (MR values per step, R of them used), `b` op(B)
/// row-major with rows `ldb` apart, starting at this block's first column. `steps`: the steps of K to walk
/// (see `find_steps`), or None: all of them in order.
#[inline(always)]
fn block<const R: usize>(a: &[f32], steps: Option<&[u32]>, b: &[f32], ldb: usize, k: usize) -> [[f32; NR]; R] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return match steps {
        None => wasm_simd::block::<R>(a, b, ldb, k),
        Some(s) => wasm_simd::block_steps::<R>(a, s, b, ldb, k),
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    match steps {
        None => plain_block::<R>(a.chunks_exact(MR).take(k).enumerate(), b, ldb),
        Some(s) => plain_block::<R>(s.iter().map(|&l| (l as usize, &a[l as usize * MR..][..MR])), b, ldb),
    }
}

/// `block` as plain loops over (step of K, MR values of op(A)), which LLVM vectorises well natively.
#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
#[inline(always)]
fn plain_block<'a, const R: usize>(a: impl Iterator<Item = (usize, &'a [f32])>, b: &[f32], ldb: usize) -> [[f32; NR]; R] {
    let mut acc = [[0.0f32; NR]; R];
    for (l, av) in a {
        let bv: &[f32; NR] = b[l * ldb..][..NR].try_into().expect("a block's columns");
        for r in 0..R {
            for j in 0..NR {
                acc[r][j] += av[r] * bv[j];
            }
        }
    }
    acc
}

/// `block` in wasm SIMD written out. LLVM's vectorisation of the plain loops for wasm ran at ~25 GFLOP/s in
/// Chromium here, these at ~35 (bounds checks and the accumulators' layout): the two big products of an MLP
/// step are most of its time. The same multiply, then add, per step of K in the same order: the same sums
/// to the bit as `plain_block`; the ops tests run it in Chromium.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd {
    use super::{MR, NR};
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_load32_splat, v128_store};

    #[inline(always)]
    pub(super) fn block<const R: usize>(a: &[f32], b: &[f32], ldb: usize, k: usize) -> [[f32; NR]; R] {
        let mut acc = [[f32x4_splat(0.0); 2]; R];
        if k > 0 {
            // Every load below is within these (once, not per step).
            assert!(R <= MR && a.len() >= MR * k && b.len() >= (k - 1) * ldb + NR, "a block's operands");
            let (mut ap, mut bp) = (a.as_ptr(), b.as_ptr());
            for _ in 0..k {
                // SAFETY: step l reads a[l·MR .. l·MR + R] and b[l·ldb .. l·ldb + NR], inside the slices
                // (asserted above).
                unsafe { step(&mut acc, ap, bp) };
                // (Past the last step these point beyond the slices and are not read: wrapping, not `add`.)
                ap = ap.wrapping_add(MR);
                bp = bp.wrapping_add(ldb);
            }
        }
        out(acc)
    }

    /// `block` over the listed steps of K only.
    #[inline(always)]
    pub(super) fn block_steps<const R: usize>(a: &[f32], steps: &[u32], b: &[f32], ldb: usize, k: usize) -> [[f32; NR]; R] {
        let mut acc = [[f32x4_splat(0.0); 2]; R];
        if k > 0 {
            assert!(R <= MR && a.len() >= MR * k && b.len() >= (k - 1) * ldb + NR, "a block's operands");
            for &l in steps {
                // Within the operands whatever the list holds (`find_steps` lists steps < k; `min` makes it so).
                let l = (l as usize).min(k - 1);
                // SAFETY: reads a[l·MR .. l·MR + R] and b[l·ldb .. l·ldb + NR] with l < k, inside the slices
                // (asserted above).
                unsafe { step(&mut acc, a.as_ptr().add(l * MR), b.as_ptr().add(l * ldb)) };
            }
        }
        out(acc)
    }

    /// One step of K: R values at `a` broadcast, NR at `b` loaded (wasm loads need no alignment), multiplied
    /// and added to the sums.
    ///
    /// # Safety
    /// `a..a + R` and `b..b + NR` must be inside one slice each.
    #[inline(always)]
    unsafe fn step<const R: usize>(acc: &mut [[v128; 2]; R], a: *const f32, b: *const f32) {
        // SAFETY: the caller's.
        unsafe {
            let (b0, b1) = (v128_load(b as *const v128), v128_load(b.add(4) as *const v128));
            for (r, accr) in acc.iter_mut().enumerate() {
                let av = v128_load32_splat(a.add(r) as *const u32);
                accr[0] = f32x4_add(accr[0], f32x4_mul(av, b0));
                accr[1] = f32x4_add(accr[1], f32x4_mul(av, b1));
            }
        }
    }

    #[inline(always)]
    fn out<const R: usize>(acc: [[v128; 2]; R]) -> [[f32; NR]; R] {
        let mut out = [[0.0f32; NR]; R];
        for (o, v) in out.iter_mut().zip(acc) {
            // SAFETY: `o` holds NR = 8 values, two vectors.
            unsafe {
                v128_store(o.as_mut_ptr() as *mut v128, v[0]);
                v128_store(o.as_mut_ptr().add(4) as *mut v128, v[1]);
            }
        }
        out
    }
}

/// Stores a block of R rows (those within C) and the columns within C.
#[inline(always)]
fn store<const R: usize>(acc: [[f32; NR]; R], c: &mut [f32], j0: usize, (rows, n): (usize, usize)) {
    let cols = NR.min(n - j0);
    for (accr, crow) in acc.iter().zip(c.chunks_mut(n)).take(rows) {
        crow[j0..j0 + cols].copy_from_slice(&accr[..cols]);
    }
}

/// Rows `i0..i0 + c.len() / n` of C (i0 a multiple of MR) from packed op(A) and op(B) (rows `ldb` apart),
/// walking `steps`, each panel of MR rows through the epilogue right after its blocks are stored (while it is
/// in the cache).
#[allow(clippy::too_many_arguments)]
fn rows<F: Fn(f32) -> f32>(ap: &[f32], steps: &Steps, b: &[f32], ldb: usize, c: &mut [f32], i0: usize, d: Dims, e: &Epilogue<F>) {
    let m = c.len() / d.n;
    for (p, cp) in c.chunks_mut(MR * d.n).enumerate() {
        let i = i0 + p * MR;
        panel(&ap[(i / MR) * MR * d.k..][..MR * d.k], (steps, i / MR), b, ldb, cp, MR.min(i0 + m - i), d);
        if !e.any() {
            continue;
        }
        for (r, crow) in cp.chunks_mut(d.n).enumerate() {
            for (j, v) in crow.iter_mut().enumerate() {
                *v = e.apply(*v, i + r, j);
            }
        }
    }
}

/// One panel (number q) of `r` ≤ MR rows of C, `a` its packed rows of op(A). Not generic over the epilogue:
/// one copy of the blocks in the wasm, whatever the activation.
fn panel(a: &[f32], (steps, q): (&Steps, usize), b: &[f32], ldb: usize, cp: &mut [f32], r: usize, d: Dims) {
    for j0 in (0..d.n).step_by(NR) {
        let (list, b) = (steps.of(q, j0, d.k), &b[j0..]);
        // A full panel unless it is C's last and short (its padding rows are zero: only stored rows count).
        match r {
            MR => store(block::<MR>(a, list, b, ldb, d.k), cp, j0, (r, d.n)),
            3 => store(block::<3>(a, list, b, ldb, d.k), cp, j0, (r, d.n)),
            2 => store(block::<2>(a, list, b, ldb, d.k), cp, j0, (r, d.n)),
            _ => store(block::<1>(a, list, b, ldb, d.k), cp, j0, (r, d.n)),
        }
    }
}

/// Products smaller than this (multiply-adds) stay on one thread natively: splitting them costs more than it
/// saves.
const PARALLEL_MIN_FLOPS: usize = 1 << 18;

/// `batch` products C_b = epilogue(op(A_b)·op(B_b)) on the CPU, A_b at x[b·sa..] and B_b at y[b·sb..] (a
/// stride of 0 shares the operand), C_b at c[b·m·n..], every element of C written. Natively, large products
/// are shared among the machine's cores (the products of a batch, else a product's row panels).
pub(super) fn product<F: Fn(f32) -> f32 + Sync>(x: &[f32], y: &[f32], c: &mut [f32], (sa, sb): (usize, usize), d: Dims, e: &Epilogue<F>) {
    if d.m == 0 || d.n == 0 {
        return;
    }
    let batch = c.len() / (d.m * d.n);
    let parallel = cfg!(not(target_arch = "wasm32")) && batch * d.m * d.n * d.k >= PARALLEL_MIN_FLOPS;
    if parallel && batch > 1 {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use rayon::prelude::*;
            c.par_chunks_mut(d.m * d.n).enumerate().for_each(|(bi, cb)| one(&x[bi * sa..], &y[bi * sb..], cb, d, e, false));
        }
        return;
    }
    for (bi, cb) in c.chunks_mut(d.m * d.n).enumerate() {
        one(&x[bi * sa..], &y[bi * sb..], cb, d, e, parallel);
    }
}

/// One product (see `product`); with `parallel`, its row panels shared among the cores.
fn one<F: Fn(f32) -> f32 + Sync>(x: &[f32], y: &[f32], c: &mut [f32], d: Dims, e: &Epilogue<F>, parallel: bool) {
    if d.k == 0 {
        for (idx, v) in c.iter_mut().enumerate() {
            *v = e.apply(0.0, idx / d.n, idx % d.n);
        }
        return;
    }
    SCRATCH.with(|s| {
        // (A product started inside another on this thread, were that ever so, packs into its own space.)
        let (mut held, mut own);
        let Scratch { a: ap, b: bp, steps } = match s.try_borrow_mut() {
            Ok(r) => {
                held = r;
                &mut *held
            }
            Err(_) => {
                own = Scratch::default();
                &mut own
            }
        };
        pack_a(x, d, ap);
        let (b, ldb) = operand_b(y, d, bp);
        // Steps of K where one side's block is all zero are skipped, on the side with more zeros (the input
        // of a first layer: A in the forward X·Wᵀ, B in the weights' gradient dYᵀ·X), if a quarter of it is
        // zero, and only when the other side is finite (0·∞ is NaN, which must reach C).
        let share = |v: &[f32]| v.iter().map(|&x| usize::from(x == 0.0)).sum::<usize>() as f64 / v.len() as f64;
        let (za, zb) = (share(&x[..d.m * d.k]), share(&y[..d.k * d.n]));
        let finite = |v: &[f32]| v.iter().fold(true, |ok, x| ok & x.is_finite());
        steps.kept.clear();
        if za.max(zb) >= 0.25 {
            let (side, values, ld, other) = if za >= zb { (Side::A, &ap[..], 0, &y[..d.k * d.n]) } else { (Side::B, b, ldb, &x[..d.m * d.k]) };
            if find_steps(values, ld, side, d, steps) && !finite(other) {
                steps.kept.clear();
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        if parallel && d.m > MR {
            use rayon::prelude::*;
            c.par_chunks_mut(MR * d.n).enumerate().for_each(|(p, cp)| rows(ap, steps, b, ldb, cp, p * MR, d, e));
            return;
        }
        let _ = parallel;
        rows(ap, steps, b, ldb, c, 0, d, e);
    });
}

/// op(B) for the blocks: in place when it already is [k, n] with whole blocks of columns, else packed into
/// `bp`. With its rows' distance.
fn operand_b<'a>(y: &'a [f32], d: Dims, bp: &'a mut Vec<f32>) -> (&'a [f32], usize) {
    if !d.tb && d.n % NR == 0 {
        (y, d.n)
    } else {
        let ldb = pack_b(y, d, bp);
        (bp.as_slice(), ldb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_steps_lists_the_steps_that_are_not_all_zero() {
        // Side A: panel 0 (rows 0..4) is zero but at step 3 (−0 counts as zero); panel 1 is never zero.
        let (m, k, n) = (8, 16, 16);
        let d = Dims { m, n, k, ta: false, tb: false };
        let x: Vec<f32> = (0..m * k).map(|e| if e / k >= 4 { 1.0 } else if e % k == 3 && e / k == 2 { 0.5 } else if e % 2 == 0 { -0.0 } else { 0.0 }).collect();
        let (mut ap, mut steps) = (Vec::new(), Steps::default());
        pack_a(&x, d, &mut ap);
        assert!(find_steps(&ap, 0, Side::A, d, &mut steps));
        assert_eq!(steps.kept, [1, k]);
        assert_eq!(steps.of(0, 0, k), Some(&[3u32][..]));
        assert_eq!(steps.of(1, 8, k), None);
        // Side B: columns 8..16 of op(B) are zero but at steps 5 and 9; columns 0..8 never.
        let y: Vec<f32> = (0..k * n).map(|e| if e % n < 8 || (e % n == 12 && (e / n == 5 || e / n == 9)) { 1.0 } else { 0.0 }).collect();
        assert!(find_steps(&y, n, Side::B, d, &mut steps));
        assert_eq!(steps.kept, [k, 2]);
        assert_eq!((steps.of(0, 0, k), steps.of(1, 8, k)), (None, Some(&[5u32, 9][..])));
        // Nothing to skip when no unit drops an eighth of K.
        assert!(!find_steps(&vec![1.0; k * n], n, Side::B, d, &mut steps));
    }
}
