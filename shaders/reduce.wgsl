// Reductions over one axis of a tensor viewed as [outer, len, inner]; output [outer, inner].
// info: [outer, len, inner, op] with op 0 = sum, 1 = max, 2 = argmax (index as f32, first of ties).
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

const NEG_INF: f32 = -3.4028234e38; // -FLT_MAX (Tint rejects literals that round past it)

// Combine two partial results (value, index) under `op`.
fn better(op: u32, v: f32, i: u32, w: f32, j: u32) -> bool {
    if (op == 2u) { return w > v || (w == v && j < i); }
    return w > v;
}

// One thread per output, looping over the axis: best when the axis is short (softmax rows, bias grads).
@compute @workgroup_size(256)
fn reduce_small(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let o = flat_index(gid, nwg);
    let outer = info[0];
    let len = info[1];
    let inner = info[2];
    let op = info[3];
    if (o >= outer * inner) { return; }
    let base = (o / inner) * len * inner + o % inner;
    var acc = 0.0;
    var best = NEG_INF;
    var best_i = 0u;
    for (var l = 0u; l < len; l++) {
        let v = x[base + l * inner];
        if (op == 0u) {
            acc += v;
        } else if (l == 0u || better(op, best, best_i, v, l)) {
            best = v;
            best_i = l;
        }
    }
    if (op == 0u) { out[o] = acc; } else if (op == 1u) { out[o] = best; } else { out[o] = f32(best_i); }
}

var<workgroup> part_v: array<f32, 256>;
var<workgroup> part_i: array<u32, 256>;

// One workgroup per (output, chunk of the axis): 256 threads stride over the chunk, then a tree reduction
// in workgroup memory; out[o * chunks + c] holds the chunk's result and a second pass combines chunks.
// Chunking keeps every thread's loop short (lavapipe miscounts loops of 65,535+ iterations) and spreads a
// whole-tensor sum over many workgroups. info: [outer, len, inner, op, chunk_len, chunks].
@compute @workgroup_size(256)
fn reduce_large(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
                @builtin(num_workgroups) nwg: vec3<u32>) {
    let g = group_index(wid, nwg);
    let outer = info[0];
    let len = info[1];
    let inner = info[2];
    let op = info[3];
    let chunk_len = info[4];
    let chunks = info[5];
    let o = g / chunks;
    let c = g % chunks;
    let t = lid.x;
    let valid = o < outer * inner;
    var acc = 0.0;
    var best = NEG_INF;
    var best_i = 0xffffffffu;
    if (valid) {
        let base = (o / inner) * len * inner + o % inner;
        let end = min(len, (c + 1u) * chunk_len);
        for (var l = c * chunk_len + t; l < end; l += WG) {
            let v = x[base + l * inner];
            if (op == 0u) {
                acc += v;
            } else if (best_i == 0xffffffffu || better(op, best, best_i, v, l)) {
                best = v;
                best_i = l;
            }
        }
    }
    if (op == 0u) { part_v[t] = acc; } else { part_v[t] = best; }
    part_i[t] = best_i;
    workgroupBarrier();
    for (var s = WG / 2u; s > 0u; s = s / 2u) {
        if (t < s) {
            if (op == 0u) {
                part_v[t] += part_v[t + s];
            } else {
                let j = part_i[t + s];
                if (j != 0xffffffffu && (part_i[t] == 0xffffffffu || better(op, part_v[t], part_i[t], part_v[t + s], j))) {
                    part_v[t] = part_v[t + s];
                    part_i[t] = j;
                }
            }
        }
        workgroupBarrier();
    }
    if (t == 0u && valid) {
        if (op == 2u) { out[g] = f32(part_i[0]); } else { out[g] = part_v[0]; }
    }
}
