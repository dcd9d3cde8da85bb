// Elementwise out = a (op) b with NumPy broadcasting.
// info: [n, op, rank, same_shape, out_shape[6], a_strides[6], b_strides[6]]. When same_shape is 1 both
// inputs have the output's shape and are read at the same flat index (the common, fast case).
// Op codes match `Binary::code` in src/ops/binary.rs.
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn apply(op: u32, x: f32, y: f32) -> f32 {
    switch op {
        case 0u: { return x + y; }
        case 1u: { return x - y; }
        case 2u: { return x * y; }
        case 3u: { return x / y; }
        case 4u: { return select(0.0, 1.0, x < y); }
        case 5u: { return select(0.0, 1.0, x > y); }
        case 6u: { return select(0.0, 1.0, x == y); }
        case 7u: { return select(0.0, 1.0, x >= y); }
        case 8u: { return select(0.0, 1.0, x <= y); }
        case 9u: { return select(0.0, 1.0, x != y); }
        default: { return x; }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    var ia = i;
    var ib = i;
    if (info[3] == 0u) {
        ia = strided_offset(i, info[2], 4u, 10u);
        ib = strided_offset(i, info[2], 4u, 16u);
    }
    out[i] = apply(info[1], a[ia], b[ib]);
}
