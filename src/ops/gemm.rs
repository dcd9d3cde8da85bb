//! The CPU backend's matrix product: C = op(A)·op(B) (+ bias, activation) in register blocks.
//!
//! A block of MR×NR outputs of C is summed in locals (eight f32x4 vectors; natively LLVM vectorises the plain
//! loops below, in the wasm `wasm_simd` writes them out) while K is walked once: per step of K, MR values of
//! op(A) are broadcast and NR values of op(B) loaded, for 2·MR·NR flops. op(A) is first packed into panels of
//! MR rows, K-major (any transpose folds into the packing, O(MK) against the product's O(MNK)); op(B) is read
//! in place when it is stored [K, N] with N a multiple of NR, else packed to that layout with its columns
//! padded to NR with zeros. The bias and the activation are applied to each panel of rows of C as soon as
//! it is stored, while it is in the cache. Blocks skip the steps of K where their values of one side are all
//! zero (`find_steps`): most of a first layer's input is blank pixels. Where half of one side or more is zero,
//! the blocks are one row of op(A) × WIDE columns (the row read where A is stored, unless A is transposed),
//! or TALL rows × one column of op(B) (op(A) packed in panels of TALL rows, op(B) read column by column:
//! in place when B is stored [N, K], else transposed once), each row or column skipping its own zeros
//! (`Side`).
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

/// The steps of K a product's blocks walk (see `find_steps`), for each unit of its `side`: a bitmask over K
/// (bit l % 64 of word l / 64 set: step l is walked), unit u's at `masks[u·words..][..words]`; a unit that
/// would keep more than 7/8 of K walks all of it in order (`dense`). No units: every block walks all of K.
#[derive(Default)]
struct Steps {
    side: Side,
    words: usize,
    masks: Vec<u64>,
    dense: Vec<bool>,
}

/// Whose zeros a product's blocks skip, and the blocks that skip them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Side {
    /// MR×NR blocks skipping the steps where their MR values of op(A) are all zero (a unit: a panel).
    #[default]
    A,
    /// MR×NR blocks skipping the steps where their NR values of op(B) are all zero (a unit: NR columns).
    B,
    /// Blocks of one row × up to WIDE columns, each row of op(A) skipping its own zeros: where zeros are
    /// scattered (half of the values or more) few steps are zero in all of MR rows or NR columns at once.
    Rows,
    /// Blocks of up to TALL rows × one column, each column of op(B) skipping its own zeros; op(B) is read
    /// column by column (`operand_bt`) and op(A) packed in panels of TALL rows.
    Cols,
}

impl Side {
    /// Whose zeros to skip for these shares of zeros in op(A) and op(B): the side with more, if a quarter of it
    /// is zero, by single rows or columns when half of it is; None: nothing to skip.
    fn choose(za: f64, zb: f64) -> Option<Side> {
        match (za.max(zb) >= 0.25, za >= zb) {
            (false, _) => None,
            (true, true) => Some(if za >= 0.5 { Side::Rows } else { Side::A }),
            (true, false) => Some(if zb >= 0.5 { Side::Cols } else { Side::B }),
        }
    }
}

impl Steps {
    /// No steps skipped: every block walks all of K.
    fn clear(&mut self) {
        self.dense.clear();
    }

    /// The steps unit u walks; None: all of K in order.
    fn unit(&self, u: usize) -> Option<&[u64]> {
        (!*self.dense.get(u)?).then(|| &self.masks[u * self.words..][..self.words])
    }

    /// The steps an MR×NR block (panel q, columns from j0) walks; None: all of K in order.
    fn of(&self, q: usize, j0: usize) -> Option<&[u64]> {
        self.unit(if self.side == Side::A { q } else { j0 / NR })
    }

    /// The rows of op(A) in one packed panel for this walk.
    fn panel_rows(&self) -> usize {
        if self.side == Side::Cols { TALL } else { MR }
    }

    /// Whether the rows of op(A) are read where A is stored (not packed): walked one at a time, A not
    /// transposed.
    fn a_in_place(&self, d: Dims) -> bool {
        self.side == Side::Rows && !d.ta
    }
}

/// Rows of a panel of op(A) for `Side::Cols`: a block walks one column of op(B) with up to TALL rows.
const TALL: usize = 32;
/// Columns of a block for `Side::Rows`: a block walks one row of op(A) with up to WIDE columns.
const WIDE: usize = 32;

/// Runs `$body` with `$l` bound to each step of K that `$steps` (an `Option<&[u64]>`, see `Steps`) walks, in
/// order: all of `0..$k` for None, else the set bits of the masks.
macro_rules! walk {
    ($steps:expr, $k:expr, |$l:ident| $body:block) => {
        match $steps {
            None => {
                for $l in 0..$k $body
            }
            Some(masks) => {
                for (w, &bits) in masks.iter().enumerate() {
                    let mut bits = bits;
                    while bits != 0 {
                        let $l = w * 64 + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        $body
                    }
                }
            }
        }
    };
}

std::thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// op(A) packed for the blocks: for each panel of `h` rows (the last zero-padded), K-major, h values per step.
fn pack_a(x: &[f32], d: Dims, h: usize, out: &mut Vec<f32>) {
    let panels = d.m.div_ceil(h);
    // Every value is written below (no clearing pass first: the space is reused product after product).
    out.resize(panels * h * d.k, 0.0);
    for (p, panel) in out.chunks_exact_mut(h * d.k).enumerate() {
        let rows = h.min(d.m - p * h);
        if rows < h {
            for step in panel.chunks_exact_mut(h) {
                step[rows..].fill(0.0);
            }
        }
        if d.ta {
            // A stored [k, m]: the panel's h values of one step are adjacent.
            for (l, step) in panel.chunks_exact_mut(h).enumerate() {
                step[..rows].copy_from_slice(&x[l * d.m + p * h..][..rows]);
            }
        } else {
            for r in 0..rows {
                let row = &x[(p * h + r) * d.k..][..d.k];
                for (step, &v) in panel.chunks_exact_mut(h).zip(row) {
                    step[r] = v;
                }
            }
        }
    }
}

/// Bit t set where `q[t]` is not zero (±0 count as zero; NaN does not).
#[inline(always)]
fn nonzero4(q: &[f32]) -> u64 {
    let q: &[f32; 4] = q.try_into().expect("four values");
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{f32x4, f32x4_ne, f32x4_splat, i32x4_bitmask};
        u64::from(i32x4_bitmask(f32x4_ne(f32x4(q[0], q[1], q[2], q[3]), f32x4_splat(0.0))))
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    q.iter().enumerate().fold(0, |a, (t, &x)| a | u64::from(x != 0.0) << t)
}

/// Bit t set where `v[t]` (up to 64 values) is not zero.
#[inline(always)]
fn mask64(v: &[f32]) -> u64 {
    let quads = v.chunks_exact(4);
    let rest = quads.remainder().iter().enumerate().fold(0, |a, (t, &x)| a | u64::from(x != 0.0) << (v.len() / 4 * 4 + t));
    quads.enumerate().fold(rest, |a, (i, q)| a | nonzero4(q) << (4 * i))
}

/// Whether every value of `v` is finite (a maximum of the magnitudes' bits: it vectorises).
fn all_finite(v: &[f32]) -> bool {
    v.iter().fold(0u32, |m, x| m.max(x.to_bits() & 0x7fff_ffff)) < 0x7f80_0000
}

/// Sets, for each unit of `steps.side` (see `Side`), the steps of K where its values are not all zero: `x`
/// op(A) as stored (read for `Side::Rows` when it is not transposed), `ap` op(A) packed in panels (of MR rows,
/// or TALL for `Side::Cols`), `b` op(B) as the blocks read it — rows `ldb` apart, or for `Side::Cols` columns
/// `ldb` apart. A step whose values of op(A), or of op(B), are zero adds 0 to every sum of the block it feeds,
/// which changes no sum when the other operand is finite (and a sum is never −0, so even its sign stays): the
/// blocks skip it. Inputs are mostly zero pixels — 81% of MNIST's: 4 digits are all zero at 61% of the
/// pixels, 8 neighbouring pixels of one digit 61% of the time — and ReLU zeroes about half of a layer's
/// outputs. Returns whether any step is skipped.
fn find_steps(x: &[f32], ap: &[f32], b: &[f32], ldb: usize, d: Dims, steps: &mut Steps) -> bool {
    let words = d.k.div_ceil(64);
    let units = match steps.side {
        Side::A => d.m.div_ceil(MR),
        Side::B => d.n.div_ceil(NR),
        Side::Rows => d.m,
        Side::Cols => d.n,
    };
    steps.words = words;
    steps.masks.clear();
    steps.masks.resize(units * words, 0);
    match (steps.side, d.ta) {
        (Side::A, _) | (Side::Rows, true) => {
            // Panel p's step l at (p·k + l)·MR: its MR values give the step's bit for each row of the panel.
            let rows = steps.side == Side::Rows;
            for (p, panel) in ap.chunks_exact(MR * d.k).enumerate() {
                for (w, chunk) in panel.chunks(64 * MR).enumerate() {
                    let mut bits = [0u64; MR];
                    for (t, v) in chunk.chunks_exact(MR).enumerate() {
                        let nz = nonzero4(v);
                        for (r, bits) in bits.iter_mut().enumerate() {
                            *bits |= (nz >> r & 1) << t;
                        }
                    }
                    if rows {
                        // (A panel's padding rows are no rows of C: no masks.)
                        for (r, bits) in bits.into_iter().enumerate().take(d.m - p * MR) {
                            steps.masks[(p * MR + r) * words + w] = bits;
                        }
                    } else {
                        steps.masks[p * words + w] = bits.into_iter().fold(0, |a, b| a | b);
                    }
                }
            }
        }
        (Side::B, _) => {
            // op(B)'s rows `ldb` apart; a unit is NR adjacent columns.
            for l in 0..d.k {
                for (u, v) in b[l * ldb..][..units * NR].chunks_exact(NR).enumerate() {
                    steps.masks[u * words + l / 64] |= u64::from(nonzero4(&v[..4]) | nonzero4(&v[4..]) != 0) << (l % 64);
                }
            }
        }
        (Side::Rows, false) | (Side::Cols, _) => {
            // Row i of op(A) at x[i·k..][..k] (A not transposed), or column j of op(B) at b[j·ldb..][..k].
            let (values, ld) = if steps.side == Side::Rows { (x, d.k) } else { (b, ldb) };
            for (u, mask) in steps.masks.chunks_exact_mut(words).enumerate() {
                for (word, chunk) in mask.iter_mut().zip(values[u * ld..][..d.k].chunks(64)) {
                    *word = mask64(chunk);
                }
            }
        }
    }
    steps.dense.clear();
    let mut any = false;
    for mask in steps.masks.chunks_exact(words) {
        let kept = mask.iter().map(|w| w.count_ones() as usize).sum::<usize>();
        let dense = 8 * kept > 7 * d.k;
        steps.dense.push(dense);
        any |= !dense;
    }
    any
}

/// op(B) as [k, n_padded] row-major (n padded to NR with zeros).
fn pack_b(y: &[f32], d: Dims, out: &mut Vec<f32>) -> usize {
    let ldb = d.n.div_ceil(NR) * NR;
    // Every value is written below (no clearing pass first: the space is reused product after product).
    out.resize(d.k * ldb, 0.0);
    if ldb > d.n {
        for row in out.chunks_exact_mut(ldb) {
            row[d.n..].fill(0.0);
        }
    }
    if d.tb {
        // B stored [n, k]: row j of B is column j of op(B).
        transpose(y, (d.n, d.k), out, ldb);
    } else {
        for (dst, src) in out.chunks_exact_mut(ldb).zip(y.chunks_exact(d.n)) {
            dst[..d.n].copy_from_slice(src);
        }
    }
    ldb
}

/// op(B) column by column for `Side::Cols` (column j at [j·k..][..k]): in place when B is stored [n, k], else
/// transposed into `bp`.
fn operand_bt<'a>(y: &'a [f32], d: Dims, bp: &'a mut Vec<f32>) -> &'a [f32] {
    if d.tb {
        return y;
    }
    bp.resize(d.n * d.k, 0.0);
    transpose(y, (d.k, d.n), bp, d.k);
    bp
}

/// `src` (`rows` × `cols`, row-major) transposed into `dst`, its rows `ld` apart: dst[c·ld + r] = src[r·cols + c].
/// In tiles of 8×8, read and written 8 adjacent values at a time (one value at a time would touch another cache
/// line with every write).
fn transpose(src: &[f32], (rows, cols): (usize, usize), dst: &mut [f32], ld: usize) {
    const T: usize = 8;
    for r0 in (0..rows).step_by(T) {
        let rs = T.min(rows - r0);
        for c0 in (0..cols).step_by(T) {
            let cs = T.min(cols - c0);
            if rs < T || cs < T {
                for r in 0..rs {
                    for c in 0..cs {
                        dst[(c0 + c) * ld + r0 + r] = src[(r0 + r) * cols + c0 + c];
                    }
                }
                continue;
            }
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            for (r, c) in [(0, 0), (0, 4), (4, 0), (4, 4)] {
                wasm_simd::transpose4(&src[(r0 + r) * cols + c0 + c..], cols, &mut dst[(c0 + c) * ld + r0 + r..], ld);
            }
            #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
            {
                let mut tile = [[0.0f32; T]; T];
                for (r, t) in tile.iter_mut().enumerate() {
                    t.copy_from_slice(&src[(r0 + r) * cols + c0..][..T]);
                }
                for c in 0..T {
                    let out: &mut [f32; T] = (&mut dst[(c0 + c) * ld + r0..][..T]).try_into().expect("a tile's row");
                    for (o, t) in out.iter_mut().zip(&tile) {
                        *o = t[c];
                    }
                }
            }
        }
    }
}

/// R rows × NR columns of the product: `a` is one packed panel (MR values per step, R of them used), `b` op(B)
/// row-major with rows `ldb` apart, starting at this block's first column. `steps`: the steps of K to walk
/// (see `Steps`), or None: all of them in order.
#[inline(always)]
fn block<const R: usize>(a: &[f32], steps: Option<&[u64]>, b: &[f32], ldb: usize, k: usize) -> [[f32; NR]; R] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return match steps {
        None => wasm_simd::block::<R>(a, b, ldb, k),
        Some(s) => wasm_simd::block_steps::<R>(a, s, b, ldb, k),
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        // Plain loops, which LLVM vectorises well natively.
        let mut acc = [[0.0f32; NR]; R];
        walk!(steps, k, |l| {
            let (av, bv): (&[f32], &[f32; NR]) = (&a[l * MR..][..MR], b[l * ldb..][..NR].try_into().expect("a block's columns"));
            for (accr, &av) in acc.iter_mut().zip(av) {
                for (s, &bv) in accr.iter_mut().zip(bv) {
                    *s += av * bv;
                }
            }
        });
        acc
    }
}

/// One row of C — a row of op(A), its step l at a[l·sa] — times op(B), over 4·V columns from b's first (rows
/// `ldb` apart), walking `steps` or all of K in order (`Side::Rows`).
#[inline(always)]
fn row_block<const V: usize>((a, sa): (&[f32], usize), steps: Option<&[u64]>, b: &[f32], ldb: usize, k: usize) -> [[f32; 4]; V] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm_simd::row_block::<V>((a, sa), steps, b, ldb, k);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut acc = [[0.0f32; 4]; V];
        walk!(steps, k, |l| {
            let (av, bv) = (a[l * sa], &b[l * ldb..][..4 * V]);
            for (accv, bv) in acc.iter_mut().zip(bv.chunks_exact(4)) {
                for (s, &bv) in accv.iter_mut().zip(bv) {
                    *s += av * bv;
                }
            }
        });
        acc
    }
}

/// One column of C — the packed panel `a` (TALL values per step, 4·V of them used) times `b`, one column of
/// op(B) (k values) — walking `steps` or all of K in order (`Side::Cols`).
#[inline(always)]
fn col_block<const V: usize>(a: &[f32], steps: Option<&[u64]>, b: &[f32], k: usize) -> [[f32; 4]; V] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm_simd::col_block::<V>(a, steps, b, k);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut acc = [[0.0f32; 4]; V];
        walk!(steps, k, |l| {
            let (av, bv) = (&a[l * TALL..][..4 * V], b[l]);
            for (accv, av) in acc.iter_mut().zip(av.chunks_exact(4)) {
                for (s, &av) in accv.iter_mut().zip(av) {
                    *s += av * bv;
                }
            }
        });
        acc
    }
}

/// The blocks in wasm SIMD written out. LLVM's vectorisation of the plain loops for wasm ran at ~25 GFLOP/s
/// in Chromium here, these at ~35 (bounds checks and the accumulators' layout): the two big products of an
/// MLP step are most of its time. The same multiply, then add, per step of K in the same order: the same sums
/// to the bit as the plain loops; the ops tests run them in Chromium.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd {
    use super::{MR, NR, TALL};
    use core::arch::wasm32::{f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, i32x4_shuffle, v128, v128_load, v128_load32_splat, v128_store};

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

    /// `block` over the steps of K set in `masks` only.
    #[inline(always)]
    pub(super) fn block_steps<const R: usize>(a: &[f32], masks: &[u64], b: &[f32], ldb: usize, k: usize) -> [[f32; NR]; R] {
        let mut acc = [[f32x4_splat(0.0); 2]; R];
        if k > 0 {
            assert!(R <= MR && a.len() >= MR * k && b.len() >= (k - 1) * ldb + NR, "a block's operands");
            walk!(Some(masks), k, |l| {
                // Within the operands whatever the masks hold (`find_steps` sets steps < k; `min` makes it so).
                let l = l.min(k - 1);
                // SAFETY: reads a[l·MR .. l·MR + R] and b[l·ldb .. l·ldb + NR] with l < k, inside the slices
                // (asserted above).
                unsafe { step(&mut acc, a.as_ptr().add(l * MR), b.as_ptr().add(l * ldb)) };
            });
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
        acc.map(|[v0, v1]| {
            let ([a, b, c, d], [e, f, g, h]) = (lanes(v0), lanes(v1));
            [a, b, c, d, e, f, g, h]
        })
    }

    /// `super::row_block`.
    #[inline(always)]
    pub(super) fn row_block<const V: usize>((a, sa): (&[f32], usize), steps: Option<&[u64]>, b: &[f32], ldb: usize, k: usize) -> [[f32; 4]; V] {
        let mut acc = [f32x4_splat(0.0); V];
        if k > 0 {
            assert!(a.len() > (k - 1) * sa && b.len() >= (k - 1) * ldb + 4 * V, "a row block's operands");
            walk!(steps, k, |l| {
                let l = l.min(k - 1);
                // SAFETY: l < k, so a[l·sa] and b[l·ldb .. l·ldb + 4·V] are inside the slices (asserted above).
                unsafe {
                    let (av, bp) = (v128_load32_splat(a.as_ptr().add(l * sa) as *const u32), b.as_ptr().add(l * ldb));
                    for (v, s) in acc.iter_mut().enumerate() {
                        *s = f32x4_add(*s, f32x4_mul(av, v128_load(bp.add(4 * v) as *const v128)));
                    }
                }
            });
        }
        acc.map(lanes)
    }

    /// `super::col_block`.
    #[inline(always)]
    pub(super) fn col_block<const V: usize>(a: &[f32], steps: Option<&[u64]>, b: &[f32], k: usize) -> [[f32; 4]; V] {
        let mut acc = [f32x4_splat(0.0); V];
        if k > 0 {
            assert!(4 * V <= TALL && a.len() >= TALL * k && b.len() >= k, "a column block's operands");
            walk!(steps, k, |l| {
                let l = l.min(k - 1);
                // SAFETY: l < k, so a[l·TALL .. l·TALL + 4·V] and b[l] are inside the slices (asserted above).
                unsafe {
                    let (ap, bv) = (a.as_ptr().add(l * TALL), v128_load32_splat(b.as_ptr().add(l) as *const u32));
                    for (v, s) in acc.iter_mut().enumerate() {
                        *s = f32x4_add(*s, f32x4_mul(v128_load(ap.add(4 * v) as *const v128), bv));
                    }
                }
            });
        }
        acc.map(lanes)
    }

    /// 4×4 values transposed: dst[c·ld + r] = src[r·cols + c] for r, c < 4, in four loads, eight shuffles and
    /// four stores.
    #[inline(always)]
    pub(super) fn transpose4(src: &[f32], cols: usize, dst: &mut [f32], ld: usize) {
        let row = |r: usize| {
            let s = &src[r * cols..][..4];
            // SAFETY: `s` holds 4 values (wasm loads need no alignment).
            unsafe { v128_load(s.as_ptr() as *const v128) }
        };
        let (a, b, c, d) = (row(0), row(1), row(2), row(3));
        let (ab0, ab1) = (i32x4_shuffle::<0, 4, 1, 5>(a, b), i32x4_shuffle::<2, 6, 3, 7>(a, b));
        let (cd0, cd1) = (i32x4_shuffle::<0, 4, 1, 5>(c, d), i32x4_shuffle::<2, 6, 3, 7>(c, d));
        let columns = [
            i32x4_shuffle::<0, 1, 4, 5>(ab0, cd0),
            i32x4_shuffle::<2, 3, 6, 7>(ab0, cd0),
            i32x4_shuffle::<0, 1, 4, 5>(ab1, cd1),
            i32x4_shuffle::<2, 3, 6, 7>(ab1, cd1),
        ];
        for (c, v) in columns.into_iter().enumerate() {
            let out = &mut dst[c * ld..][..4];
            // SAFETY: `out` holds 4 values.
            unsafe { v128_store(out.as_mut_ptr() as *mut v128, v) };
        }
    }

    #[inline(always)]
    fn lanes(v: v128) -> [f32; 4] {
        [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
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

/// Stores a row block's columns within C's row.
#[inline(always)]
fn store_row<const V: usize>(acc: [[f32; 4]; V], crow: &mut [f32], j0: usize) {
    let cols = (4 * V).min(crow.len() - j0);
    crow[j0..j0 + cols].copy_from_slice(&acc.as_flattened()[..cols]);
}

/// Stores a column block's rows (those within C) in column j.
#[inline(always)]
fn store_col<const V: usize>(acc: [[f32; 4]; V], cp: &mut [f32], j: usize, (rows, n): (usize, usize)) {
    for (v, crow) in acc.as_flattened().iter().zip(cp.chunks_mut(n)).take(rows) {
        crow[j] = *v;
    }
}

/// Rows `i0..i0 + c.len() / n` of C (i0 a multiple of the panels' rows) from op(A) — packed, or as stored
/// (`Steps::a_in_place`: `a` is then A itself) — and op(B) (see `find_steps` for `b` and `ldb`), walking
/// `steps`, each panel through the epilogue right after its blocks are stored (while it is in the cache).
#[allow(clippy::too_many_arguments)]
fn rows<F: Fn(f32) -> f32>(a: &[f32], steps: &Steps, b: &[f32], ldb: usize, c: &mut [f32], i0: usize, d: Dims, e: &Epilogue<F>) {
    let (m, h) = (c.len() / d.n, steps.panel_rows());
    for (p, cp) in c.chunks_mut(h * d.n).enumerate() {
        let (i, r) = (i0 + p * h, h.min(m - p * h));
        let a = if steps.a_in_place(d) { &a[i * d.k..][..r * d.k] } else { &a[(i / h) * h * d.k..][..h * d.k] };
        panel(a, (steps, i / h), b, ldb, cp, r, d);
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

/// One panel (number q) of `r` rows of C, `a` its rows of op(A) (packed, or as stored). Not generic over the
/// epilogue: one copy of the blocks in the wasm, whatever the activation. Each side's walk is a function of
/// its own (`#[inline(never)]`, and index.html keeps wasm-opt from inlining large functions into their one
/// caller): the browser compiles a function with its optimising tier once it is hot, in the background, and
/// one large function holding every walk took it ~40 ms on a busy core while the first steps ran 2–3× slower.
fn panel(a: &[f32], (steps, q): (&Steps, usize), b: &[f32], ldb: usize, cp: &mut [f32], r: usize, d: Dims) {
    match steps.side {
        Side::Rows => panel_rows(a, (steps, q), b, ldb, cp, d),
        Side::Cols => panel_cols(a, steps, b, ldb, cp, r, d),
        Side::A | Side::B => panel_blocks(a, (steps, q), b, ldb, cp, r, d),
    }
}

/// `panel` by single rows of op(A) × 32 columns, each row skipping its own zero steps.
#[inline(never)]
fn panel_rows(a: &[f32], (steps, q): (&Steps, usize), b: &[f32], ldb: usize, cp: &mut [f32], d: Dims) {
    for (rr, crow) in cp.chunks_exact_mut(d.n).enumerate() {
        let list = steps.unit(q * MR + rr);
        let row = if steps.a_in_place(d) { (&a[rr * d.k..], 1) } else { (&a[rr..], MR) };
        let mut j0 = 0;
        while j0 + WIDE <= d.n {
            store_row(row_block::<{ WIDE / 4 }>(row, list, &b[j0..], ldb, d.k), crow, j0);
            j0 += WIDE;
        }
        // The rest NR columns at a time (op(B)'s rows are padded to NR).
        for j0 in (j0..d.n).step_by(NR) {
            store_row(row_block::<{ NR / 4 }>(row, list, &b[j0..], ldb, d.k), crow, j0);
        }
    }
}

/// `panel` by single columns of op(B) × the panel's rows, each column skipping its own zero steps.
#[inline(never)]
fn panel_cols(a: &[f32], steps: &Steps, b: &[f32], ldb: usize, cp: &mut [f32], r: usize, d: Dims) {
    for j in 0..d.n {
        let (list, col) = (steps.unit(j), &b[j * ldb..][..d.k]);
        // As many vectors of 4 rows as this panel has rows (its padding rows are zero).
        match r {
            0..=8 => store_col(col_block::<2>(a, list, col, d.k), cp, j, (r, d.n)),
            9..=16 => store_col(col_block::<4>(a, list, col, d.k), cp, j, (r, d.n)),
            _ => store_col(col_block::<{ TALL / 4 }>(a, list, col, d.k), cp, j, (r, d.n)),
        }
    }
}

/// `panel` in MR×NR blocks, skipping the steps where a block's rows (or columns) are all zero.
#[inline(never)]
fn panel_blocks(a: &[f32], (steps, q): (&Steps, usize), b: &[f32], ldb: usize, cp: &mut [f32], r: usize, d: Dims) {
    for j0 in (0..d.n).step_by(NR) {
        let (list, b) = (steps.of(q, j0), &b[j0..]);
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

/// One product (see `product`); with `parallel`, its row panels shared among the cores. (Not inlined into
/// `product`'s callers: see `panel`.)
#[inline(never)]
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
        // Steps of K where one side's values are all zero are skipped, on the side with more zeros (the input
        // of a first layer: A in the forward X·Wᵀ, B in the weights' gradient dYᵀ·X), if a quarter of it is
        // zero — by single rows or columns when half of it is (scattered zeros are seldom zero in all of a
        // block's rows at once) — and only when the other side is finite (0·∞ is NaN, which must reach C).
        let side = Side::choose(zero_share(&x[..d.m * d.k]), zero_share(&y[..d.k * d.n]));
        steps.side = side.unwrap_or_default();
        steps.clear();
        if !steps.a_in_place(d) {
            pack_a(x, d, steps.panel_rows(), ap);
        }
        let (b, ldb) = if steps.side == Side::Cols { (operand_bt(y, d, bp), d.k) } else { operand_b(y, d, bp) };
        if let Some(side) = side {
            let other = if matches!(side, Side::A | Side::Rows) { &y[..d.k * d.n] } else { &x[..d.m * d.k] };
            if !find_steps(x, ap, b, ldb, d, steps) || !all_finite(other) {
                // Every block walks all of K: in MR×NR blocks, or (op(A) packed for them) in columns.
                steps.clear();
                if side == Side::Rows {
                    if steps.a_in_place(d) {
                        pack_a(x, d, MR, ap);
                    }
                    steps.side = Side::A;
                }
            }
        }
        let a = if steps.a_in_place(d) { x } else { &ap[..] };
        #[cfg(not(target_arch = "wasm32"))]
        if parallel && d.m > steps.panel_rows() {
            use rayon::prelude::*;
            let h = steps.panel_rows();
            c.par_chunks_mut(h * d.n).enumerate().for_each(|(p, cp)| rows(a, steps, b, ldb, cp, p * h, d, e));
            return;
        }
        let _ = parallel;
        rows(a, steps, b, ldb, c, 0, d, e);
    });
}

/// About what share of `v` is zero, from every value of a short slice and ~4,096 of a long one (an odd stride,
/// so that rows of even length are not sampled at one column). It only picks the side whose zeros are
/// skipped, and whether any are: the sums are the same either way.
fn zero_share(v: &[f32]) -> f64 {
    let stride = (v.len() / 4096).max(1) | 1;
    let (zeros, seen) = v.iter().step_by(stride).fold((0usize, 0usize), |(z, n), &x| (z + usize::from(x == 0.0), n + 1));
    zeros as f64 / seen.max(1) as f64
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
    fn the_side_with_more_zeros_is_skipped_by_rows_or_columns_from_half() {
        assert_eq!(Side::choose(0.2, 0.24), None);
        assert_eq!((Side::choose(0.3, 0.1), Side::choose(0.1, 0.3)), (Some(Side::A), Some(Side::B)));
        assert_eq!((Side::choose(0.81, 0.0), Side::choose(0.5, 0.81)), (Some(Side::Rows), Some(Side::Cols)));
    }

    /// The steps unit u walks (None: all of K).
    fn walked(steps: &Steps, u: usize) -> Option<Vec<usize>> {
        steps.unit(u).map(|masks| (0..masks.len() * 64).filter(|l| masks[l / 64] >> (l % 64) & 1 == 1).collect())
    }

    #[test]
    fn find_steps_lists_the_steps_that_are_not_all_zero() {
        // Side A: panel 0 (rows 0..4) is zero but at steps 3 and 69 (−0 counts as zero); panel 1 is never zero.
        // K = 70: two mask words, the second partly used (step 69 among the last values, after whole fours).
        let (m, k, n) = (8, 70, 16);
        let d = Dims { m, n, k, ta: false, tb: false };
        let x: Vec<f32> = (0..m * k).map(|e| if e / k >= 4 { 1.0 } else if (e % k == 3 || e % k == 69) && e / k == 2 { 0.5 } else if e % 2 == 0 { -0.0 } else { 0.0 }).collect();
        let (mut ap, mut steps) = (Vec::new(), Steps { side: Side::A, ..Steps::default() });
        pack_a(&x, d, MR, &mut ap);
        assert!(find_steps(&x, &ap, &[], 0, d, &mut steps));
        assert_eq!((walked(&steps, 0), walked(&steps, 1)), (Some(vec![3, 69]), None));
        assert_eq!(steps.of(1, 8), None);
        // Side::Rows: rows 0, 1 and 3 walk nothing, row 2 steps 3 and 69 only, rows 4.. all of K.
        steps.side = Side::Rows;
        assert!(find_steps(&x, &ap, &[], 0, d, &mut steps));
        assert_eq!((0..m).map(|u| walked(&steps, u)).collect::<Vec<_>>(), [Some(vec![]), Some(vec![]), Some(vec![3, 69]), Some(vec![]), None, None, None, None]);
        // The same rows read from op(A) packed (A stored transposed).
        let xt: Vec<f32> = (0..k * m).map(|e| x[e % m * k + e / m]).collect();
        let dt = Dims { ta: true, ..d };
        let (mut apt, mut rows_t) = (Vec::new(), Steps { side: Side::Rows, ..Steps::default() });
        pack_a(&xt, dt, MR, &mut apt);
        assert!(find_steps(&xt, &apt, &[], 0, dt, &mut rows_t));
        assert_eq!((rows_t.masks.clone(), rows_t.dense.clone()), (steps.masks.clone(), steps.dense.clone()));
        // Side B: columns 8..16 of op(B) are zero but at steps 5 and 65; columns 0..8 never.
        let y: Vec<f32> = (0..k * n).map(|e| if e % n < 8 || (e % n == 12 && (e / n == 5 || e / n == 65)) { 1.0 } else { 0.0 }).collect();
        steps.side = Side::B;
        assert!(find_steps(&x, &ap, &y, n, d, &mut steps));
        assert_eq!((walked(&steps, 0), walked(&steps, 1)), (None, Some(vec![5, 65])));
        // Side::Cols (op(B) column by column): column 12 walks steps 5 and 65, the other columns 8.. none.
        let mut bp = Vec::new();
        let bt = operand_bt(&y, d, &mut bp);
        steps.side = Side::Cols;
        assert!(find_steps(&x, &ap, bt, k, d, &mut steps));
        assert_eq!((walked(&steps, 7), walked(&steps, 12), walked(&steps, 13)), (None, Some(vec![5, 65]), Some(vec![])));
        // Nothing to skip when no unit drops an eighth of K (nor for K < 8 when nothing is zero).
        steps.side = Side::B;
        assert!(!find_steps(&x, &ap, &vec![1.0; 5 * n], n, Dims { k: 5, ..d }, &mut steps));
        assert!(!find_steps(&x, &ap, &vec![1.0; k * n], n, d, &mut steps));
    }
}
