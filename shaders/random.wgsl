// Counter-based uniform random numbers in [0, 1): element i of stream `seed` is a hash of (seed, i), so
// the CPU backend (src/ops/random.rs) produces exactly the same values and no state lives on the GPU.
// info: [n, seed].
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    let h = pcg(pcg(info[1]) ^ pcg(i + 0x9e3779b9u));
    out[i] = f32(h >> 8u) * (1.0 / 16777216.0);
}
