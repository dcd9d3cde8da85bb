// 2-D max pooling over planes [NC, H, W] (no padding). info: [NC, H, W, OH, OW].
// The window K and the stride S are pipeline constants, so every division by them is by a constant.
// forward writes the maxima and, per output, the flat position h*W+w of the winner (first of ties);
// backward routes each output's gradient to that position, each pixel written once (no atomics): four
// outputs' windows per thread where the windows tile the input, else four pixels per thread, gathering the
// windows that hold each. Results are written as vec4s (see `GpuContext::dispatch_vec4`).
override K: u32;
override S: u32;

@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> arg: array<vec4<f32>>;

struct Winner { value: f32, at: f32 }

// The maximum of output o's window and its position in the plane.
fn window_max(o: u32) -> Winner {
    let H = info[1]; let W = info[2]; let OH = info[3]; let OW = info[4];
    let ow = o % OW;
    let oh = (o / OW) % OH;
    let plane = o / (OH * OW);
    var best_at = oh * S * W + ow * S;
    var best = src[plane * H * W + best_at];
    for (var dy = 0u; dy < K; dy++) {
        for (var dx = 0u; dx < K; dx++) {
            let at = (oh * S + dy) * W + ow * S + dx;
            let v = src[plane * H * W + at];
            if (v > best) { best = v; best_at = at; }
        }
    }
    return Winner(best, f32(best_at));
}

@compute @workgroup_size(256)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let o = t * 4u;
    if (o >= info[0] * info[3] * info[4]) { return; }
    let w0 = window_max(o);
    let w1 = window_max(o + 1u);
    let w2 = window_max(o + 2u);
    let w3 = window_max(o + 3u);
    dst[t] = vec4(w0.value, w1.value, w2.value, w3.value);
    arg[t] = vec4(w0.at, w1.at, w2.at, w3.at);
}

// src = output gradient [NC, OH, OW], arg = winners from forward. d x at input pixel (plane, h, w): the
// gradients of the windows (oh*S <= h < oh*S + K, likewise w) whose winner it is.
fn pixel_grad(plane: u32, h: u32, w: u32) -> f32 {
    let W = info[2]; let OH = info[3]; let OW = info[4];
    let here = f32(h * W + w);
    if (K == S) {
        // Windows tile the input: at most one holds this pixel.
        let oh = h / S;
        let ow = w / S;
        if (oh >= OH || ow >= OW) { return 0.0; }
        let o = (plane * OH + oh) * OW + ow;
        return select(0.0, src[o], arg[o >> 2u][o & 3u] == here);
    }
    let oh_lo = select(0u, (h + S - K) / S, h + S >= K);
    let ow_lo = select(0u, (w + S - K) / S, w + S >= K);
    var acc = 0.0;
    for (var oh = oh_lo; oh <= h / S && oh < OH; oh++) {
        for (var ow = ow_lo; ow <= w / S && ow < OW; ow++) {
            let o = (plane * OH + oh) * OW + ow;
            if (arg[o >> 2u][o & 3u] == here) { acc += src[o]; }
        }
    }
    return acc;
}

fn flat_pixel_grad(i: u32) -> f32 {
    let H = info[1]; let W = info[2];
    return pixel_grad(i / (H * W), (i / W) % H, i % W);
}

// Any width: four consecutive pixels of d x per thread.
@compute @workgroup_size(256)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let i = t * 4u;
    if (i >= info[0] * info[1] * info[2]) { return; }
    dst[t] = vec4(flat_pixel_grad(i), flat_pixel_grad(i + 1u), flat_pixel_grad(i + 2u), flat_pixel_grad(i + 3u));
}

// W a multiple of 4: one thread per input row (plane, h), so the index is decomposed once per row.
@compute @workgroup_size(256)
fn backward_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let H = info[1]; let W = info[2];
    if (t >= info[0] * H) { return; }
    let plane = t / H;
    let h = t % H;
    let first = t * (W / 4u);
    for (var q = 0u; q < W / 4u; q++) {
        let w = 4u * q;
        dst[first + q] = vec4(pixel_grad(plane, h, w), pixel_grad(plane, h, w + 1u), pixel_grad(plane, h, w + 2u), pixel_grad(plane, h, w + 3u));
    }
}

// Windows that tile the input exactly (K == S, H == OH·S, W == OW·S) and OW a multiple of 4: one thread per four
// outputs of a row, writing their K×4K pixels (each gets its window's gradient if it was the winner, else 0) —
// each output's gradient and winner read once, where a thread per pixel read them per pixel.
@compute @workgroup_size(256)
fn backward_windows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let W = info[2]; let OW = info[4];
    if (t * 4u >= info[0] * info[3] * OW) { return; }
    let g = vec4(src[4u * t], src[4u * t + 1u], src[4u * t + 2u], src[4u * t + 3u]);
    let at = arg[t];
    // Output row (plane·OH + oh) is input rows S·(plane·OH + oh) + dy; these outputs start at column ow·S.
    let o = 4u * t;
    let out_row = o / OW;
    let x0 = (o % OW) * S;
    let y0 = (out_row % info[3]) * S; // the windows' first row in the plane
    for (var dy = 0u; dy < K; dy++) {
        let first = ((out_row * S + dy) * W + x0) / 4u;
        let y = y0 + dy;
        for (var v = 0u; v < K; v++) {
            var px: vec4<f32>;
            for (var l = 0u; l < 4u; l++) {
                let p = 4u * v + l; // pixel p of this row's 4K: output p / K, column x0 + p
                px[l] = select(0.0, g[p / K], at[p / K] == f32(y * W + x0 + p));
            }
            dst[first + v] = px;
        }
    }
}
