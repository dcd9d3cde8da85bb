// Optimizer updates, in place, one thread per parameter element (PyTorch's update rules).
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
@group(0) @binding(3) var<storage, read_write> state1: array<f32>;
@group(0) @binding(4) var<storage, read_write> state2: array<f32>;

// SGD with optional momentum (state1 = velocity), Nesterov and L2 weight decay.
// info: [n, lr, momentum, weight_decay, nesterov].
@compute @workgroup_size(256)
fn sgd(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    let lr = info_f32(1u);
    let mu = info_f32(2u);
    var g = grad[i] + info_f32(3u) * param[i];
    if (mu != 0.0) {
        let v = mu * state1[i] + g;
        state1[i] = v;
        g = select(v, g + mu * v, info[4] != 0u);
    }
    param[i] = param[i] - lr * g;
}

// Adam (L2 decay added to the gradient) or AdamW (decoupled decay). state1 = m, state2 = v.
// info: [n, lr, beta1, beta2, eps, weight_decay, decoupled, 1 - beta1^t, 1 - beta2^t].
@compute @workgroup_size(256)
fn adam(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    if (i >= info[0]) { return; }
    let lr = info_f32(1u);
    let b1 = info_f32(2u);
    let b2 = info_f32(3u);
    let wd = info_f32(5u);
    var p = param[i];
    var g = grad[i];
    if (info[6] != 0u) { p = p - lr * wd * p; } else { g = g + wd * p; }
    let m = b1 * state1[i] + (1.0 - b1) * g;
    let v = b2 * state2[i] + (1.0 - b2) * g * g;
    state1[i] = m;
    state2[i] = v;
    let mhat = m / info_f32(7u);
    let vhat = v / info_f32(8u);
    param[i] = p - lr * mhat / (sqrt(vhat) + info_f32(4u));
}
