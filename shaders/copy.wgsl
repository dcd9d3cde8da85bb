// out[i] = x[offset + strided position of i]: the one movement kernel. Permute/transpose pass permuted
// strides, broadcast_to passes stride 0 on the expanded dimensions.
// info: [n, rank, offset, out_shape[6] @3, x_strides[6] @9].
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    out[i] = x[info[2] + strided_offset(i, info[1], 3u, 9u)];
}
