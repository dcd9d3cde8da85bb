// out = cond != 0 ? a : b, all three broadcast to the output shape.
// info: [n, rank, out_shape[6] @2, cond_strides[6] @8, a_strides[6] @14, b_strides[6] @20].
@group(0) @binding(1) var<storage, read> cond: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    let rank = info[1];
    let c = cond[strided_offset(i, rank, 2u, 8u)];
    // Read only the selected side, so an inf/NaN on the other side cannot leak in.
    if (c != 0.0) {
        out[i] = a[strided_offset(i, rank, 2u, 14u)];
    } else {
        out[i] = b[strided_offset(i, rank, 2u, 20u)];
    }
}
