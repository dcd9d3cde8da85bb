// Elementwise out = a (op) b with NumPy broadcasting. The op is the pipeline constant OP (codes match
// `Binary::code` in src/ops/binary.rs), so each op is its own pipeline with no branch per element.
// Four elements per thread, written as one vec4 (see `GpuContext::dispatch_vec4`).
// `same`: both inputs have the output's shape. info: [n].
// `main`: broadcasting; each input element found through strides. info: [n, rank, out_shape[6] @2,
// a_strides[6] @8, b_strides[6] @14].
override OP: u32;

@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out: array<vec4<f32>>;

fn apply(x: vec4<f32>, y: vec4<f32>) -> vec4<f32> {
    let zero = vec4(0.0);
    let one = vec4(1.0);
    switch OP {
        case 0u: { return x + y; }
        case 1u: { return x - y; }
        case 2u: { return x * y; }
        case 3u: { return x / y; }
        case 4u: { return select(zero, one, x < y); }
        case 5u: { return select(zero, one, x > y); }
        case 6u: { return select(zero, one, x == y); }
        case 7u: { return select(zero, one, x >= y); }
        case 8u: { return select(zero, one, x <= y); }
        case 9u: { return select(zero, one, x != y); }
        // Activation gradients: x is the incoming gradient, y the activation's input (relu) or output.
        case 10u: { return select(zero, x, y > zero); }
        case 11u: { return x * (y * (one - y)); }
        case 12u: { return x * (one - y * y); }
        default: { return x; }
    }
}

@compute @workgroup_size(256)
fn same(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i * 4u >= info[0]) { return; }
    out[i] = apply(a[i], b[i]);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i * 4u >= info[0]) { return; }
    let e = i * 4u;
    let rank = info[1];
    var x: vec4<f32>;
    var y: vec4<f32>;
    if (rank > 0u && info[1u + rank] % 4u == 0u) {
        // The four elements share a row of the output's last dimension: one offset each, then that dimension's
        // stride (integer division costs far more than the loads on software adapters).
        let oa = strided_offset(e, rank, 2u, 8u);
        let ob = strided_offset(e, rank, 2u, 14u);
        let da = info[7u + rank];
        let db = info[13u + rank];
        x = vec4(at_a(oa), at_a(oa + da), at_a(oa + 2u * da), at_a(oa + 3u * da));
        y = vec4(at_b(ob), at_b(ob + db), at_b(ob + 2u * db), at_b(ob + 3u * db));
    } else {
        x = vec4(elem_a(e), elem_a(e + 1u), elem_a(e + 2u), elem_a(e + 3u));
        y = vec4(elem_b(e), elem_b(e + 1u), elem_b(e + 2u), elem_b(e + 3u));
    }
    out[i] = apply(x, y);
}

fn at_a(o: u32) -> f32 {
    return a[o >> 2u][o & 3u];
}

fn at_b(o: u32) -> f32 {
    return b[o >> 2u][o & 3u];
}

fn elem_a(e: u32) -> f32 {
    return at_a(strided_offset(e, info[1], 2u, 8u));
}

fn elem_b(e: u32) -> f32 {
    return at_b(strided_offset(e, info[1], 2u, 14u));
}
