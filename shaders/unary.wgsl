// Elementwise y = f(x) (and the scalar ops x+c, x*c, x^c, x>c), four elements per thread (see
// `GpuContext::dispatch_vec4`). info: [n, c]. The op is the pipeline constant OP (codes match `Unary::code` in
// src/ops/unary.rs), so each op is its own pipeline with no branch per element.
override OP: u32;

@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;

// x^c. WGSL's pow is undefined for x < 0, but integer powers of negatives are well defined, so those
// are computed on |x| and the sign restored.
fn pow_scalar(v: f32, c: f32) -> f32 {
    if (c == 2.0) { return v * v; }
    if (c == 1.0) { return v; }
    if (c == 0.0) { return 1.0; }
    if (v < 0.0 && fract(c) == 0.0) {
        let r = pow(-v, c);
        return select(r, -r, fract(c * 0.5) != 0.0);
    }
    return pow(v, c);
}

fn apply(v: vec4<f32>, c: f32) -> vec4<f32> {
    let zero = vec4(0.0);
    switch OP {
        case 0u: { return -v; }
        case 1u: { return exp(v); }
        case 2u: { return log(v); }
        case 3u: { return sqrt(v); }
        // NOTE: relu as select(0, v, v > 0) so the gradient mask at exactly 0 is 0, as on the CPU.
        case 4u: { return select(zero, v, v > zero); }
        case 5u: { return 1.0 / (1.0 + exp(-v)); }
        // tanh through exp overflows to NaN on some GPUs for large |v|; tanh(±15) is ±1 in f32 anyway.
        case 6u: { return tanh(clamp(v, vec4(-15.0), vec4(15.0))); }
        case 7u: { return abs(v); }
        case 8u: { return sign(v); }
        case 9u: { return v + c; }
        case 10u: { return v * c; }
        case 11u: { return vec4(pow_scalar(v.x, c), pow_scalar(v.y, c), pow_scalar(v.z, c), pow_scalar(v.w, c)); }
        case 12u: { return select(zero, vec4(1.0), v > vec4(c)); }
        default: { return v; }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i * 4u >= info[0]) { return; }
    y[i] = apply(x[i], info_f32(1u));
}
