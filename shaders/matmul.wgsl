// Batched C = op(A) · op(B), op = identity or transpose, C: [batch, M, N].
// info: [M, N, K, trans_a, trans_b, a_batch_stride, b_batch_stride].
// A is [M, K] (or [K, M] when trans_a), B is [K, N] (or [N, K] when trans_b); a batch stride of 0 broadcasts.
//
// Tiling: each workgroup computes a 64×64 tile of C. It walks K in steps of 16, staging a 64×16 slice of A
// and a 16×64 slice of B in workgroup memory, so every element fetched from global memory is used 64 times.
// Each of the 16×16 threads keeps a 4×4 block of C in registers (16 FMAs per pair of 4-wide loads).
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

const TILE: u32 = 64u;
const TK: u32 = 16u;

var<workgroup> As: array<f32, 1024>; // [TK][TILE]: As[k * TILE + m]
var<workgroup> Bs: array<f32, 1024>; // [TK][TILE]: Bs[k * TILE + n]

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
    let M = info[0];
    let N = info[1];
    let K = info[2];
    let ta = info[3] != 0u;
    let tb = info[4] != 0u;
    let a0 = wid.z * info[5];
    let b0 = wid.z * info[6];
    let row0 = wid.y * TILE;
    let col0 = wid.x * TILE;
    let tid = lid.y * 16u + lid.x;

    var acc: array<f32, 16>;
    for (var i = 0u; i < 16u; i++) { acc[i] = 0.0; }

    for (var k0 = 0u; k0 < K; k0 += TK) {
        // 1024 elements per tile, 4 per thread. Consecutive threads read consecutive addresses of the
        // source layout (k fastest when it is contiguous, otherwise m/n fastest).
        for (var l = 0u; l < 4u; l++) {
            let e = tid + l * 256u;
            var m: u32; var k: u32;
            if (ta) { k = e / TILE; m = e % TILE; } else { m = e / TK; k = e % TK; }
            let gm = row0 + m;
            let gk = k0 + k;
            var v = 0.0;
            if (gm < M && gk < K) {
                if (ta) { v = A[a0 + gk * M + gm]; } else { v = A[a0 + gm * K + gk]; }
            }
            As[k * TILE + m] = v;

            var n: u32;
            if (tb) { n = e / TK; k = e % TK; } else { k = e / TILE; n = e % TILE; }
            let gn = col0 + n;
            let gk2 = k0 + k;
            var w = 0.0;
            if (gn < N && gk2 < K) {
                if (tb) { w = B[b0 + gn * K + gk2]; } else { w = B[b0 + gk2 * N + gn]; }
            }
            Bs[k * TILE + n] = w;
        }
        workgroupBarrier();
        for (var k = 0u; k < TK; k++) {
            var ar: array<f32, 4>;
            var br: array<f32, 4>;
            for (var i = 0u; i < 4u; i++) {
                ar[i] = As[k * TILE + lid.y * 4u + i];
                br[i] = Bs[k * TILE + lid.x * 4u + i];
            }
            for (var i = 0u; i < 4u; i++) {
                for (var j = 0u; j < 4u; j++) {
                    acc[i * 4u + j] = fma(ar[i], br[j], acc[i * 4u + j]);
                }
            }
        }
        workgroupBarrier();
    }

    let c0 = wid.z * M * N;
    for (var i = 0u; i < 4u; i++) {
        let r = row0 + lid.y * 4u + i;
        if (r >= M) { break; }
        for (var j = 0u; j < 4u; j++) {
            let c = col0 + lid.x * 4u + j;
            if (c < N) { C[c0 + r * N + c] = acc[i * 4u + j]; }
        }
    }
}

// The same product for a narrow C (N ≤ 32 columns, e.g. a convolution's few output channels), where a 64-wide
// tile would mostly compute zeros: one thread per row of C keeps the whole row in registers and walks K once.
// Every thread of a workgroup reads the same B element at each step. info[7] is the batch count.
@compute @workgroup_size(256)
fn narrow(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let M = info[0];
    let N = info[1];
    let K = info[2];
    let ta = info[3] != 0u;
    let tb = info[4] != 0u;
    if (t >= M * info[7]) { return; }
    let z = t / M;
    let i = t % M;
    let a0 = z * info[5];
    let b0 = z * info[6];
    var acc: array<f32, 32>;
    for (var j = 0u; j < 32u; j++) { acc[j] = 0.0; }
    for (var l = 0u; l < K; l++) {
        var av: f32;
        if (ta) { av = A[a0 + l * M + i]; } else { av = A[a0 + i * K + l]; }
        for (var j = 0u; j < 32u; j++) {
            if (j < N) {
                var bv: f32;
                if (tb) { bv = B[b0 + j * K + l]; } else { bv = B[b0 + l * N + j]; }
                acc[j] = fma(av, bv, acc[j]);
            }
        }
    }
    let c0 = (z * M + i) * N;
    for (var j = 0u; j < 32u; j++) {
        if (j < N) { C[c0 + j] = acc[j]; }
    }
}
