// Optimizer updates for up to three parameter tensors in one dispatch ("multi-tensor apply", as PyTorch's
// fused optimizers do), four elements per thread. A step of a small model costs its dispatches, not its FLOPs:
// an MLP's four tensors take two dispatches instead of four, a CNN's six take two instead of six. Three is
// what fits WebGPU's default of 8 storage buffers per stage: info + 3 gradients + 3 parameters + the state.
// The update rules are those of optim.wgsl (PyTorch's), selected by pipeline constants.
// info: [q0, q1, q2, s0, s1, s2, lr, beta1 | momentum, beta2, eps, weight_decay, 1 - beta1^t, 1 - beta2^t]:
// tensor k has q_k vec4s to update (0: no gradient this step, or no tensor) and owns s_k vec4 slots of the
// state, which holds, for the whole group, Adam's m then v, or SGD's velocity.
override ADAM: bool;
override MOMENTUM: bool; // sgd
override NESTEROV: bool; // sgd with momentum
override DECOUPLED: bool; // adam: AdamW's decoupled weight decay instead of L2 in the gradient

@group(0) @binding(1) var<storage, read> g0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> g1: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> g2: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p0: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p1: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> p2: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> state: array<vec4<f32>>;

// The update of parameters p (a vec4) from their gradient g; their optimizer state is at `state[s]` (Adam's m,
// or SGD's velocity) and, for Adam, `state[total + s]` (v).
fn update(g_in: vec4<f32>, p_in: vec4<f32>, s: u32, total: u32) -> vec4<f32> {
    var g = g_in;
    var p = p_in;
    let lr = info_f32(6u);
    let wd = info_f32(10u);
    if (ADAM) {
        let b1 = info_f32(7u);
        let b2 = info_f32(8u);
        if (DECOUPLED) { p = p - lr * wd * p; } else { g = g + wd * p; }
        let m = b1 * state[s] + (1.0 - b1) * g;
        let v = b2 * state[total + s] + (1.0 - b2) * g * g;
        state[s] = m;
        state[total + s] = v;
        p = p - lr * (m / info_f32(11u)) / (sqrt(v / info_f32(12u)) + info_f32(9u));
    } else {
        g = g + wd * p;
        if (MOMENTUM) {
            let mu = info_f32(7u);
            let v = mu * state[s] + g;
            state[s] = v;
            if (NESTEROV) { g = g + mu * v; } else { g = v; }
        }
        p = p - lr * g;
    }
    return p;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let total = info[3] + info[4] + info[5];
    if (i >= total) { return; }
    // Which tensor this slot belongs to, and the vec4 within it.
    var k = 0u;
    var j = i;
    if (j >= info[3]) { j -= info[3]; k = 1u; if (j >= info[4]) { j -= info[4]; k = 2u; } }
    if (j >= info[k]) { return; }
    if (k == 0u) { p0[j] = update(g0[j], p0[j], i, total); } else if (k == 1u) { p1[j] = update(g1[j], p1[j], i, total); } else { p2[j] = update(g2[j], p2[j], i, total); }
}

// One large tensor alone (the first of the three bindings; info as for `main`, with the other two empty):
// the same update without choosing a tensor per thread. Under SwiftShader the three branches of `main`
// cost every thread all three tensors' loads and stores, masked: an MLP's first layer (25,088 vec4s)
// measured ~3× faster here.
@compute @workgroup_size(256)
fn single(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    p0[i] = update(g0[i], p0[i], i, info[3]);
}
