// Batched C = op(A) · op(B), op = identity or transpose, C: [batch, M, N].
// info: [M, N, K, a_batch_stride, b_batch_stride]; the batch is the grid's z; the transposes are TA/TB below.
// A is [M, K] (or [K, M] when trans_a), B is [K, N] (or [N, K] when trans_b); a batch stride of 0 broadcasts.
//
// `main`: each thread keeps an 8×8 block of C in registers and walks K four at a time, reading op(A)'s 8×4
// and op(B)'s 4×8 slices straight from storage as vec4s: 8 + 8 loads feed 256 FMAs. No workgroup memory and no barriers — on software adapters (SwiftShader, lavapipe), which
// run a workgroup's invocations a few at a time on one CPU core, barriers and per-element loads dominated the
// old 64×64 shared-memory tiling (0.46 → 4–5 GFLOP/s on SwiftShader); on hardware the caches give the reuse.
// The pipeline is specialised by overrides, so the inner loop has no branches: TA/TB say which operand is
// transposed, VA/VB whether its stored rows are whole vec4s (the contiguous dimension a multiple of 4);
// otherwise that operand is gathered one float at a time. VC: C's rows are whole vec4s (N a multiple of 4),
// so a block's row is stored as two vec4s, not eight floats (on software adapters each store, like each
// load, costs per element written: a convolution's products store ~0.5–1.6M floats a step). The last
// partial step of K is always gathered with bounds checks: floats past an operand's end are other data
// (maybe NaN), so they are selected away, never multiplied by zero.
//
// Epilogue (a layer's forward in one dispatch): BIAS 1 adds bias[j] to column j of C (a linear layer,
// [N, out] + b), BIAS 2 adds bias[i] to row i (a convolution, [OC, OH·OW] + b per image); then ACT 1 relu,
// 2 sigmoid, 3 tanh, exactly as unary.wgsl computes them. Without a bias the caller binds A in its place.
override TA: bool;
override TB: bool;
override VA: bool;
override VB: bool;
override VC: bool;
override BIAS: u32;
override ACT: u32;

@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> C: array<vec4<f32>>;

fn epilogue(v: f32, i: u32, j: u32) -> f32 {
    var z = v;
    if (BIAS == 1u) { z += bias[j]; }
    if (BIAS == 2u) { z += bias[i]; }
    switch ACT {
        case 1u: { return select(0.0, z, z > 0.0); }
        case 2u: { return 1.0 / (1.0 + exp(-z)); }
        case 3u: { return tanh(clamp(z, -15.0, 15.0)); }
        default: { return z; }
    }
}

fn elem_a(e: u32) -> f32 {
    return A[e >> 2u][e & 3u];
}

fn elem_b(e: u32) -> f32 {
    return B[e >> 2u][e & 3u];
}

struct Tile {
    M: u32, N: u32, K: u32,
    a0: u32, b0: u32,
    i0: u32, j0: u32,
}

// This thread's block of `size`×`size` outputs in workgroups of `wg`: blocks numbered row-major over C (grids
// past 65,535 workgroups fold into y), z the batch.
fn block_tile(gid: vec3<u32>, nwg: vec3<u32>, size: u32, wg: u32) -> Tile {
    let blocks_n = (info[1] + size - 1u) / size;
    let block = gid.x + gid.y * nwg.x * wg;
    return Tile(info[0], info[1], info[2], gid.z * info[3], gid.z * info[4], (block / blocks_n) * size, (block % blocks_n) * size);
}

// The same tile's block at rows i0.., columns j0...
fn moved(t: Tile, i0: u32, j0: u32) -> Tile {
    return Tile(t.M, t.N, t.K, t.a0, t.b0, i0, j0);
}

fn scalar_a(t: Tile, i: u32, k: u32) -> f32 {
    let r = min(t.i0 + i, t.M - 1u);
    var e: u32;
    if (TA) { e = t.a0 + k * t.M + r; } else { e = t.a0 + r * t.K + k; }
    return select(0.0, elem_a(e), k < t.K);
}

fn scalar_b(t: Tile, k: u32, j: u32) -> f32 {
    let c = min(t.j0 + j, t.N - 1u);
    var e: u32;
    if (TB) { e = t.b0 + c * t.K + k; } else { e = t.b0 + k * t.N + c; }
    return select(0.0, elem_b(e), k < t.K);
}

fn gather_a(t: Tile, i: u32, k: u32) -> vec4<f32> {
    return vec4(scalar_a(t, i, k), scalar_a(t, i, k + 1u), scalar_a(t, i, k + 2u), scalar_a(t, i, k + 3u));
}

fn gather_b(t: Tile, k: u32, j: u32) -> vec4<f32> {
    return vec4(scalar_b(t, k, j), scalar_b(t, k, j + 1u), scalar_b(t, k, j + 2u), scalar_b(t, k, j + 3u));
}

// Row i of op(A) at k..k+3 when A is stored [M, K] with K % 4 == 0.
fn row_a(t: Tile, i: u32, k: u32) -> vec4<f32> {
    return A[(t.a0 + min(t.i0 + i, t.M - 1u) * t.K + k) >> 2u];
}

// Rows i..i+3 of op(A) at k..k+3 when A is stored [K, M] with M % 4 == 0, as a matrix whose column r is row i+r.
fn quad_a(t: Tile, i: u32, k: u32) -> mat4x4<f32> {
    let m = min(t.i0 + i, t.M - 4u);
    return transpose(mat4x4(A[(t.a0 + k * t.M + m) >> 2u], A[(t.a0 + (k + 1u) * t.M + m) >> 2u],
                            A[(t.a0 + (k + 2u) * t.M + m) >> 2u], A[(t.a0 + (k + 3u) * t.M + m) >> 2u]));
}

// Row k of op(B) at columns j..j+3 when B is stored [K, N] with N % 4 == 0.
fn row_b(t: Tile, k: u32, j: u32) -> vec4<f32> {
    return B[(t.b0 + k * t.N + min(t.j0 + j, t.N - 4u)) >> 2u];
}

// Rows k..k+3 of op(B) at columns j..j+3 when B is stored [N, K] with K % 4 == 0, as a matrix whose column l is row k+l.
fn quad_b(t: Tile, k: u32, j: u32) -> mat4x4<f32> {
    let c = t.j0 + j;
    let n = t.N - 1u;
    return transpose(mat4x4(B[(t.b0 + min(c, n) * t.K + k) >> 2u], B[(t.b0 + min(c + 1u, n) * t.K + k) >> 2u],
                            B[(t.b0 + min(c + 2u, n) * t.K + k) >> 2u], B[(t.b0 + min(c + 3u, n) * t.K + k) >> 2u]));
}

// a: rows i0..i0+7 of op(A) over k..k+3; b: columns l = rows k+l of op(B), for columns j0..j0+3 and j0+4..j0+7.
struct Step { a: array<vec4<f32>, 8>, b0: mat4x4<f32>, b1: mat4x4<f32> }

fn load(t: Tile, k: u32, full: bool) -> Step {
    var s: Step;
    if (VA && full && TA) {
        let q0 = quad_a(t, 0u, k);
        let q1 = quad_a(t, 4u, k);
        s.a = array(q0[0], q0[1], q0[2], q0[3], q1[0], q1[1], q1[2], q1[3]);
    } else if (VA && full) {
        s.a = array(row_a(t, 0u, k), row_a(t, 1u, k), row_a(t, 2u, k), row_a(t, 3u, k),
                    row_a(t, 4u, k), row_a(t, 5u, k), row_a(t, 6u, k), row_a(t, 7u, k));
    } else {
        s.a = array(gather_a(t, 0u, k), gather_a(t, 1u, k), gather_a(t, 2u, k), gather_a(t, 3u, k),
                    gather_a(t, 4u, k), gather_a(t, 5u, k), gather_a(t, 6u, k), gather_a(t, 7u, k));
    }
    if (VB && full && TB) {
        s.b0 = quad_b(t, k, 0u);
        s.b1 = quad_b(t, k, 4u);
    } else if (VB && full) {
        s.b0 = mat4x4(row_b(t, k, 0u), row_b(t, k + 1u, 0u), row_b(t, k + 2u, 0u), row_b(t, k + 3u, 0u));
        s.b1 = mat4x4(row_b(t, k, 4u), row_b(t, k + 1u, 4u), row_b(t, k + 2u, 4u), row_b(t, k + 3u, 4u));
    } else {
        s.b0 = mat4x4(gather_b(t, k, 0u), gather_b(t, k + 1u, 0u), gather_b(t, k + 2u, 0u), gather_b(t, k + 3u, 0u));
        s.b1 = mat4x4(gather_b(t, k, 4u), gather_b(t, k + 1u, 4u), gather_b(t, k + 2u, 4u), gather_b(t, k + 3u, 4u));
    }
    return s;
}

// c + Σ_l a[l] · b[l]: one row of A's block times the four rows of B's block (16 FMAs).
fn mac(c: vec4<f32>, a: vec4<f32>, b: mat4x4<f32>) -> vec4<f32> {
    return fma(vec4(a.x), b[0], fma(vec4(a.y), b[1], fma(vec4(a.z), b[2], fma(vec4(a.w), b[3], c))));
}

struct Acc { c: array<vec4<f32>, 16> }

fn step(acc: Acc, s: Step) -> Acc {
    return Acc(array(
        mac(acc.c[0], s.a[0], s.b0), mac(acc.c[1], s.a[0], s.b1), mac(acc.c[2], s.a[1], s.b0), mac(acc.c[3], s.a[1], s.b1),
        mac(acc.c[4], s.a[2], s.b0), mac(acc.c[5], s.a[2], s.b1), mac(acc.c[6], s.a[3], s.b0), mac(acc.c[7], s.a[3], s.b1),
        mac(acc.c[8], s.a[4], s.b0), mac(acc.c[9], s.a[4], s.b1), mac(acc.c[10], s.a[5], s.b0), mac(acc.c[11], s.a[5], s.b1),
        mac(acc.c[12], s.a[6], s.b0), mac(acc.c[13], s.a[6], s.b1), mac(acc.c[14], s.a[7], s.b0), mac(acc.c[15], s.a[7], s.b1)));
}

// Stores an 8×8 block of C from its accumulators through the epilogue, skipping what lies past C's edges:
// with VC a row's two vec4s (each wholly inside C or wholly past its last column, as j0 and N are multiples
// of 4), else float by float.
fn store(t: Tile, acc: Acc, c0: u32) {
    for (var r = 0u; r < 8u; r++) {
        let i = t.i0 + r;
        if (i >= t.M) { break; }
        if (VC) {
            for (var h = 0u; h < 2u; h++) {
                let j = t.j0 + 4u * h;
                if (j < t.N) {
                    let v = acc.c[2u * r + h];
                    C[(c0 + i * t.N + j) >> 2u] = vec4(epilogue(v.x, i, j), epilogue(v.y, i, j + 1u), epilogue(v.z, i, j + 2u), epilogue(v.w, i, j + 3u));
                }
            }
        } else {
            for (var j = 0u; j < 8u; j++) {
                let e = c0 + i * t.N + t.j0 + j;
                if (t.j0 + j < t.N) { C[e >> 2u][e & 3u] = epilogue(acc.c[2u * r + j / 4u][j % 4u], i, t.j0 + j); }
            }
        }
    }
}

// One thread per 8×8 block of C, numbered row-major over the blocks (so a narrow C, e.g. a convolution's 8
// output channels, keeps every thread busy); grids past 65,535 workgroups fold into y; z is the batch.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = block_tile(gid, nwg, 8u, 64u);
    if (t.i0 >= t.M) { return; }
    var acc: Acc;
    let kfull = t.K & ~3u;
    for (var k = 0u; k < kfull; k += 4u) {
        acc = step(acc, load(t, k, true));
    }
    if (kfull < t.K) {
        acc = step(acc, load(t, kfull, false));
    }
    store(t, acc, gid.z * t.M * t.N);
}

// The four 8×8 blocks of a 16×16 one: top-left, top-right, bottom-left, bottom-right.
struct Quad { c00: Acc, c01: Acc, c10: Acc, c11: Acc }

// One step of K for all four from the top-left block's loads (rows i0.., columns j0..) and the bottom-right
// block's (rows i0+8.., columns j0+8..).
fn quad_step(q: Quad, s0: Step, s1: Step) -> Quad {
    return Quad(step(q.c00, s0), step(q.c01, Step(s0.a, s1.b0, s1.b1)), step(q.c10, Step(s1.a, s0.b0, s0.b1)), step(q.c11, s1));
}

// `wide`: the same product with a 16×16 block of C per thread, as four 8×8 blocks sharing their loads — for
// software adapters. SwiftShader runs four invocations per SIMD instruction and reads storage with a runtime
// offset as a per-lane gather, whatever the pattern, so the gathers, not the FMAs, are the cost: 16 + 16 vec4
// loads feed 1,024 FMAs here against 8 + 8 for 256 in `main` (half the gathers per FMA). Its 256 accumulators
// would spill on a GPU, where `main` is the kernel. Workgroups of 16 keep a 128×128 product on four of them
// (a software adapter runs workgroups in parallel, a workgroup's invocations in turn).
@compute @workgroup_size(16)
fn wide(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    // Top-left and bottom-right 8×8 blocks: their rows of A and columns of B are all the four blocks need.
    let t0 = block_tile(gid, nwg, 16u, 16u);
    let t1 = moved(t0, t0.i0 + 8u, t0.j0 + 8u);
    if (t0.i0 >= t0.M) { return; }
    var q: Quad;
    let kfull = t0.K & ~3u;
    for (var k = 0u; k < kfull; k += 4u) {
        q = quad_step(q, load(t0, k, true), load(t1, k, true));
    }
    if (kfull < t0.K) {
        q = quad_step(q, load(t0, kfull, false), load(t1, kfull, false));
    }
    let c0 = gid.z * t0.M * t0.N;
    store(t0, q.c00, c0);
    store(moved(t0, t0.i0, t0.j0 + 8u), q.c01, c0);
    store(moved(t0, t0.i0 + 8u, t0.j0), q.c10, c0);
    store(t1, q.c11, c0);
}
