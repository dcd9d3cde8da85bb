// out[r, :] = x[idx[r], :] — picks a minibatch's rows out of a dataset that lives on the GPU.
// info: [rows, cols]. Indices are f32 (exact below 2^24).
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> idx: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let cols = info[1];
    if (i >= info[0] * cols) { return; }
    out[i] = x[u32(idx[i / cols]) * cols + i % cols];
}
