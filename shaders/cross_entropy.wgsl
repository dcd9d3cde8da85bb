// Cross-entropy of logits [rows, cols] against integer class labels [rows] (stored as f32), fused with
// log-softmax: loss_r = logsumexp(x_r) - x_r[label_r]. Fusing avoids materialising log-probabilities and
// keeps the result finite for any logits. A label outside [0, cols) gives NaN, which training reports.
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn row_lse(base: u32, cols: u32) -> f32 {
    var m = x[base];
    for (var j = 1u; j < cols; j++) { m = max(m, x[base + j]); }
    var s = 0.0;
    for (var j = 0u; j < cols; j++) { s += exp(x[base + j] - m); }
    return m + log(s);
}

fn label_of(r: u32, cols: u32) -> i32 {
    let l = labels[r];
    if (l >= 0.0 && l < f32(cols) && fract(l) == 0.0) { return i32(l); }
    return -1;
}

// `scored`: the mean loss and the step's metrics in one dispatch of one workgroup (a training step's whole
// "loss and metrics" tail): out[0] = mean over rows of the loss; sums[0] += Σ loss, sums[1] += the rows whose
// largest logit (first on ties) is the label. sums lives on the device across steps (the trainer's running
// sums), so a step adds to it without a readback. A workgroup of 64, not 256: under SwiftShader a tree's
// barriers cost a workgroup of 256 several times what they cost one of 64. info: [rows, cols].
@group(0) @binding(4) var<storage, read_write> sums: array<f32>;

var<workgroup> part_loss: array<f32, 64>;
var<workgroup> part_correct: array<f32, 64>;

@compute @workgroup_size(64)
fn scored(@builtin(local_invocation_index) t: u32) {
    let rows = info[0];
    let cols = info[1];
    var loss = 0.0;
    var correct = 0.0;
    for (var r = t; r < rows; r += 64u) {
        let base = r * cols;
        let l = label_of(r, cols);
        var best = 0u;
        for (var j = 1u; j < cols; j++) {
            if (x[base + j] > x[base + best]) { best = j; }
        }
        if (l < 0) {
            let zero = f32(r) * 0.0;
            loss += zero / zero; // NaN at run time: an invalid label
        } else {
            loss += row_lse(base, cols) - x[base + u32(l)];
            correct += select(0.0, 1.0, i32(best) == l);
        }
    }
    part_loss[t] = loss;
    part_correct[t] = correct;
    for (var s = 32u; s > 0u; s >>= 1u) {
        workgroupBarrier();
        if (t < s) {
            part_loss[t] += part_loss[t + s];
            part_correct[t] += part_correct[t + s];
        }
    }
    if (t == 0u) {
        out[0] = part_loss[0] / f32(rows);
        sums[0] += part_loss[0];
        sums[1] += part_correct[0];
    }
}

// `backward_mean`: d(mean loss)/d(x) times the incoming gradient g = sums[0] (bound in sums' slot):
// (softmax(x) - onehot(label)) · g / rows. info: [rows, cols]. One thread per row.
@compute @workgroup_size(256)
fn backward_mean(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let r = flat_index(gid, nwg);
    let cols = info[1];
    if (r >= info[0]) { return; }
    let base = r * cols;
    let lse = row_lse(base, cols);
    let l = label_of(r, cols);
    let scale = sums[0] / f32(info[0]);
    for (var j = 0u; j < cols; j++) {
        out[base + j] = (exp(x[base + j] - lse) - select(0.0, 1.0, i32(j) == l)) * scale;
    }
}
