// Minibatches straight from a dataset kept on the GPU as bytes (4 per u32 word, little-endian):
// out[r, c] = scale · byte[order[start + r] · cols + c] + offset (normalisation). With max_shift > 0 each row is an image of
// height × width translated by (dy, dx) in [−max_shift, max_shift]², drawn from a hash of (seed, start + r);
// pixels shifted in from outside are 0 (random-shift augmentation). The CPU twin is src/ops/batch.rs.
// info: [count, cols, start, scale (f32 bits), height, width, max_shift, seed, offset (f32 bits)].
// Four entries per thread, written as one vec4 (see `GpuContext::dispatch_vec4`); without the shift
// and with rows a multiple of 4 bytes long, the four are one word of the source. SHIFT: max_shift > 0.
override SHIFT: bool;

@group(0) @binding(1) var<storage, read> bytes: array<u32>;
@group(0) @binding(2) var<storage, read> order: array<f32>;
@group(0) @binding(3) var<storage, read_write> batch: array<vec4<f32>>;

fn byte_at(i: u32) -> u32 {
    return (bytes[i / 4u] >> (8u * (i % 4u))) & 0xffu;
}

// Entry i of the batch (row r = i / cols, column c = i % cols).
fn entry(i: u32) -> f32 {
    let cols = info[1];
    let r = i / cols;
    var c = i % cols;
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

@compute @workgroup_size(256)
fn gather_bytes(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let i = t * 4u;
    let cols = info[1];
    if (i >= info[0] * cols) { return; }
    if (!SHIFT && cols % 4u == 0u) {
        let w = bytes[(u32(order[info[2] + i / cols]) * cols + i % cols) / 4u];
        let v = vec4(f32(w & 0xffu), f32((w >> 8u) & 0xffu), f32((w >> 16u) & 0xffu), f32(w >> 24u));
        batch[t] = v * info_f32(3) + info_f32(8);
    } else {
        batch[t] = vec4(entry(i), entry(i + 1u), entry(i + 2u), entry(i + 3u));
    }
}
