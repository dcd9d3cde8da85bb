// Convolution as im2col + matmul. im2col unrolls every receptive field of x [N, C, H, W] into one row of
// cols [N*OH*OW, C*KH*KW]; col2im is its adjoint (the gradient), summing each row entry back onto the
// pixel it came from. col2im gathers (one thread per pixel) instead of scattering, so it needs no atomics.
// info: [N, C, H, W, KH, KW, OH, OW, stride, pad].
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(256)
fn im2col(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let C = info[1]; let H = info[2]; let W = info[3];
    let KH = info[4]; let KW = info[5]; let OH = info[6]; let OW = info[7];
    let stride = info[8]; let pad = info[9];
    let patch_len = C * KH * KW;
    if (i >= info[0] * OH * OW * patch_len) { return; }
    let row = i / patch_len;
    let col = i % patch_len;
    let n = row / (OH * OW);
    let oh = (row / OW) % OH;
    let ow = row % OW;
    let c = col / (KH * KW);
    let kh = (col / KW) % KH;
    let kw = col % KW;
    let h = i32(oh * stride + kh) - i32(pad);
    let w = i32(ow * stride + kw) - i32(pad);
    var v = 0.0;
    if (h >= 0 && h < i32(H) && w >= 0 && w < i32(W)) {
        v = src[((n * C + c) * H + u32(h)) * W + u32(w)];
    }
    dst[i] = v;
}

@compute @workgroup_size(256)
fn col2im(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let i = flat_index(gid, nwg);
    let C = info[1]; let H = info[2]; let W = info[3];
    let KH = info[4]; let KW = info[5]; let OH = info[6]; let OW = info[7];
    let stride = info[8]; let pad = info[9];
    if (i >= info[0] * C * H * W) { return; }
    let w = i % W;
    let h = (i / W) % H;
    let c = (i / (H * W)) % C;
    let n = i / (C * H * W);
    let patch_len = C * KH * KW;
    var acc = 0.0;
    for (var kh = 0u; kh < KH; kh++) {
        let y = i32(h + pad) - i32(kh);
        if (y < 0 || y % i32(stride) != 0) { continue; }
        let oh = u32(y) / stride;
        if (oh >= OH) { continue; }
        for (var kw = 0u; kw < KW; kw++) {
            let x = i32(w + pad) - i32(kw);
            if (x < 0 || x % i32(stride) != 0) { continue; }
            let ow = u32(x) / stride;
            if (ow >= OW) { continue; }
            acc += src[((n * OH + oh) * OW + ow) * patch_len + (c * KH + kh) * KW + kw];
        }
    }
    dst[i] = acc;
}
