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
    var g: vec4<f32>;
    var p: vec4<f32>;
    if (k == 0u) { g = g0[j]; p = p0[j]; } else if (k == 1u) { g = g1[j]; p = p1[j]; } else { g = g2[j]; p = p2[j]; }
    let lr = info_f32(6u);
    let wd = info_f32(10u);
    if (ADAM) {
        let b1 = info_f32(7u);
        let b2 = info_f32(8u);
        if (DECOUPLED) { p = p - lr * wd * p; } else { g = g + wd * p; }
        let m = b1 * state[i] + (1.0 - b1) * g;
        let v = b2 * state[total + i] + (1.0 - b2) * g * g;
        state[i] = m;
        state[total + i] = v;
        p = p - lr * (m / info_f32(11u)) / (sqrt(v / info_f32(12u)) + info_f32(9u));
    } else {
        g = g + wd * p;
        if (MOMENTUM) {
            let mu = info_f32(7u);
            let v = mu * state[i] + g;
            state[i] = v;
            if (NESTEROV) { g = g + mu * v; } else { g = v; }
        }
        p = p - lr * g;
    }
    if (k == 0u) { p0[j] = p; } else if (k == 1u) { p1[j] = p; } else { p2[j] = p; }
}
