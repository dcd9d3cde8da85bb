// Softmax and log-softmax over the last axis of [rows, cols], one thread per row (MNIST rows are 10 wide,
// so a row fits one thread's registers and loop). info: [rows, cols, log].
// Both subtract the row maximum first, so large logits cannot overflow exp.
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let r = flat_index(gid, nwg);
    let rows = info[0];
    let cols = info[1];
    if (r >= rows) { return; }
    let base = r * cols;
    var m = x[base];
    for (var j = 1u; j < cols; j++) { m = max(m, x[base + j]); }
    var s = 0.0;
    for (var j = 0u; j < cols; j++) { s += exp(x[base + j] - m); }
    let lse = m + log(s);
    for (var j = 0u; j < cols; j++) {
        if (info[2] != 0u) { y[base + j] = x[base + j] - lse; } else { y[base + j] = exp(x[base + j] - lse); }
    }
}
