// Optimizer updates, in place, four parameter elements per thread (PyTorch's update rules; see
// `GpuContext::dispatch_vec4`).
// The rule's variant is a pipeline constant, so the update has no per-element branches.
override MOMENTUM: bool; // sgd: state1 holds the velocity
override NESTEROV: bool; // sgd with momentum
override DECOUPLED: bool; // adam: AdamW's decoupled weight decay instead of L2 in the gradient

@group(0) @binding(1) var<storage, read> grad: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> param: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> state1: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> state2: array<vec4<f32>>;

// SGD with optional momentum, Nesterov and L2 weight decay. info: [n, lr, momentum, weight_decay].
@compute @workgroup_size(256)
fn sgd(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i * 4u >= info[0]) { return; }
    let lr = info_f32(1u);
    let mu = info_f32(2u);
    var g = grad[i] + info_f32(3u) * param[i];
    if (MOMENTUM) {
        let v = mu * state1[i] + g;
        state1[i] = v;
        if (NESTEROV) { g = g + mu * v; } else { g = v; }
    }
    param[i] = param[i] - lr * g;
}

// Adam (L2 decay added to the gradient) or AdamW (decoupled decay). state1 = m, state2 = v.
// info: [n, lr, beta1, beta2, eps, weight_decay, 1 - beta1^t, 1 - beta2^t].
@compute @workgroup_size(256)
fn adam(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i * 4u >= info[0]) { return; }
    let lr = info_f32(1u);
    let b1 = info_f32(2u);
    let b2 = info_f32(3u);
    let wd = info_f32(5u);
    var p = param[i];
    var g = grad[i];
    if (DECOUPLED) { p = p - lr * wd * p; } else { g = g + wd * p; }
    let m = b1 * state1[i] + (1.0 - b1) * g;
    let v = b2 * state2[i] + (1.0 - b2) * g * g;
    state1[i] = m;
    state2[i] = v;
    let mhat = m / info_f32(6u);
    let vhat = v / info_f32(7u);
    param[i] = p - lr * mhat / (sqrt(vhat) + info_f32(4u));
}
