// 2-D max pooling over planes [NC, H, W] (no padding). info: [NC, H, W, OH, OW, k, stride].
// forward writes the maxima and, per output, the flat position h*W+w of the winner (first of ties);
// backward routes each output's gradient to that position, gathering per input pixel (no atomics).
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> arg: array<f32>;

@compute @workgroup_size(256)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let H = info[1]; let W = info[2]; let OH = info[3]; let OW = info[4];
    let k = info[5]; let s = info[6];
    if (i >= info[0] * OH * OW) { return; }
    let ow = i % OW;
    let oh = (i / OW) % OH;
    let plane = i / (OH * OW);
    var best = src[plane * H * W + oh * s * W + ow * s];
    var best_at = oh * s * W + ow * s;
    for (var dy = 0u; dy < k; dy++) {
        for (var dx = 0u; dx < k; dx++) {
            let at = (oh * s + dy) * W + ow * s + dx;
            let v = src[plane * H * W + at];
            if (v > best) { best = v; best_at = at; }
        }
    }
    dst[i] = best;
    arg[i] = f32(best_at);
}

// src = output gradient [NC, OH, OW], arg = winners from forward, dst = input gradient [NC, H, W].
@compute @workgroup_size(256)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let H = info[1]; let W = info[2]; let OH = info[3]; let OW = info[4];
    let k = info[5]; let s = info[6];
    if (i >= info[0] * H * W) { return; }
    let w = i % W;
    let h = (i / W) % H;
    let plane = i / (H * W);
    let here = f32(h * W + w);
    // Windows oh*s <= h < oh*s + k.
    let oh_lo = select(0u, (h + s - k) / s, h + s >= k);
    let ow_lo = select(0u, (w + s - k) / s, w + s >= k);
    var acc = 0.0;
    for (var oh = oh_lo; oh <= h / s && oh < OH; oh++) {
        for (var ow = ow_lo; ow <= w / s && ow < OW; ow++) {
            let o = (plane * OH + oh) * OW + ow;
            if (arg[o] == here) { acc += src[o]; }
        }
    }
    dst[i] = acc;
}
