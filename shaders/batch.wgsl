// Minibatches straight from a dataset kept on the GPU as bytes (4 per u32 word, little-endian):
// out[r, c] = scale · byte[order[start + r] · cols + c] + offset (normalisation). With max_shift > 0 each row is an image of
// height × width translated by (dy, dx) in [−max_shift, max_shift]², drawn from a hash of (seed, start + r);
// pixels shifted in from outside are 0 (random-shift augmentation). The CPU twin is src/ops/batch.rs.
// With WARP the translation is continuous and comes with a random rotation, scaling, slant and stroke
// thickening, sampled bilinearly (`warped`; the CPU twin is `Shift::warp_into`).
// info: [count, cols, start, scale (f32 bits), height, width, max_shift, seed, offset (f32 bits),
//        rotate, zoom, slant, thicken (f32 bits: the warp's largest draws)].
// `gather_bytes`: four entries per thread, written as one vec4 (see `GpuContext::dispatch_vec4`).
// `gather_words`, without the shift and with rows a multiple of 4 bytes long: a workgroup per row, a word of
// the source (four entries) per thread and step. SHIFT: max_shift > 0 or WARP.
override SHIFT: bool;
override WARP: bool;

@group(0) @binding(1) var<storage, read> bytes: array<u32>;
@group(0) @binding(2) var<storage, read> order: array<f32>;
@group(0) @binding(3) var<storage, read_write> batch: array<vec4<f32>>;

fn byte_at(i: u32) -> u32 {
    return (bytes[i / 4u] >> (8u * (i % 4u))) & 0xffu;
}

// Draw k of a row's hash h, uniform in [-1, 1).
fn draw(h: u32, k: u32) -> f32 {
    return f32(pcg(h + k) >> 8u) * (1.0 / 8388608.0) - 1.0;
}

// Byte (x, y) of image `row`, 0 outside it.
fn pixel(row: u32, x: i32, y: i32) -> f32 {
    if (x < 0 || y < 0 || x >= i32(info[5]) || y >= i32(info[4])) {
        return 0.0;
    }
    return f32(byte_at(row * info[1] + u32(y) * info[5] + u32(x)));
}

fn bilinear(row: u32, u: f32, v: f32) -> f32 {
    let x0 = floor(u);
    let y0 = floor(v);
    let fx = u - x0;
    let fy = v - y0;
    let x = i32(x0);
    let y = i32(y0);
    let top = pixel(row, x, y) * (1.0 - fx) + pixel(row, x + 1, y) * fx;
    let bottom = pixel(row, x, y + 1) * (1.0 - fx) + pixel(row, x + 1, y + 1) * fx;
    return top * (1.0 - fy) + bottom * fy;
}

// Entry i of a warped batch.
fn warped(i: u32) -> f32 {
    let cols = info[1];
    let r = i / cols;
    let c = i % cols;
    let h = pcg(pcg(info[7]) ^ pcg(info[2] + r + 0x9e3779b9u));
    let m = f32(info[6]);
    let tx = draw(h, 1u) * m;
    let ty = draw(h, 2u) * m;
    let angle = draw(h, 3u) * info_f32(9);
    let zoom = 1.0 + draw(h, 4u) * info_f32(10);
    let slant = draw(h, 5u) * info_f32(11);
    let d = (draw(h, 6u) + 1.0) * 0.5 * info_f32(12);
    let cx = f32(info[5] - 1u) * 0.5;
    let cy = f32(info[4] - 1u) * 0.5;
    let s = sin(angle);
    let co = cos(angle);
    let px = f32(c % info[5]) - cx - tx;
    let py = f32(c / info[5]) - cy - ty;
    let qx = (co * px + s * py) / zoom;
    let qy = (co * py - s * px) / zoom;
    let u = qx - slant * qy + cx;
    let v = qy + cy;
    let row = u32(order[info[2] + r]);
    let value = max(max(max(bilinear(row, u, v), bilinear(row, u + d, v)), max(bilinear(row, u - d, v), bilinear(row, u, v + d))), bilinear(row, u, v - d));
    return value * info_f32(3) + info_f32(8);
}

// Entry i of the batch (row r = i / cols, column c = i % cols).
fn entry(i: u32) -> f32 {
    let cols = info[1];
    let r = i / cols;
    var c = i % cols;
    if (WARP) {
        return warped(i);
    }
    if (SHIFT) {
        let m = info[6];
        let span = 2u * m + 1u;
        let h = pcg(pcg(info[7]) ^ pcg(info[2] + r + 0x9e3779b9u));
        let y = i32(c / info[5]) - (i32(h % span) - i32(m));
        let x = i32(c % info[5]) - (i32((h / span) % span) - i32(m));
        if (y < 0 || x < 0 || y >= i32(info[4]) || x >= i32(info[5])) {
            return info_f32(8);
        }
        c = u32(y) * info[5] + u32(x);
    }
    return f32(byte_at(u32(order[info[2] + r]) * cols + c)) * info_f32(3) + info_f32(8);
}

// Without a shift and with rows a multiple of 4 bytes long: one workgroup per row (rows past 65,535 fold
// into y), whose threads each read the row's number once (64 reads a row, where one per entry's word was 196
// for a 784-byte row) and turn words of it into vec4s, with no branch on SHIFT or WARP and no division per
// entry. Under SwiftShader (WebGPU on the CPU) a gather of 128 MNIST images measured 0.8–1.3 ms at four words
// per thread over the flat batch, each dividing out its row, and 0.5–0.6 ms this way.
@compute @workgroup_size(64)
fn gather_words(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                @builtin(local_invocation_index) lid: u32) {
    let r = group_index(wg, nwg);
    if (r >= info[0]) { return; }
    let per = info[1] / 4u;
    let src = u32(order[info[2] + r]) * per;
    let dst = r * per;
    let scale = info_f32(3);
    let offset = info_f32(8);
    for (var t = lid; t < per; t += 64u) {
        let w = bytes[src + t];
        let v = vec4(f32(w & 0xffu), f32((w >> 8u) & 0xffu), f32((w >> 16u) & 0xffu), f32(w >> 24u));
        batch[dst + t] = v * scale + offset;
    }
}

@compute @workgroup_size(256)
fn gather_bytes(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let i = t * 4u;
    let cols = info[1];
    if (i >= info[0] * cols) { return; }
    batch[t] = vec4(entry(i), entry(i + 1u), entry(i + 2u), entry(i + 3u));
}
