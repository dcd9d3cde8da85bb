// Convolution as im2col + matmul. im2col unrolls every receptive field of x [N, C, H, W] into one column of
// that image's cols [N, C*KH*KW, OH*OW] (row p = patch entry (c, kh, kw), column r = output position
// (oh, ow)); col2im is its adjoint (the gradient), summing each entry back onto the pixel it came from.
// col2im gathers (one thread per pixel) instead of scattering, so it needs no atomics.
// info: [N, C, H, W, KH, KW, OH, OW, stride, pad].
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;

struct Geom { N: u32, C: u32, H: u32, W: u32, KH: u32, KW: u32, OH: u32, OW: u32, stride: u32, pad: u32 }

// The convolution's geometry, from info.
fn geom() -> Geom {
    return Geom(info[0], info[1], info[2], info[3], info[4], info[5], info[6], info[7], info[8], info[9]);
}

// The input value under patch entry (c, kh, kw) at output position (oh, ow) of image n; 0 in the padding.
fn patch_value(n: u32, c: u32, kh: u32, kw: u32, oh: u32, ow: u32) -> f32 {
    let g = geom();
    let h = i32(oh * g.stride + kh) - i32(g.pad);
    let w = i32(ow * g.stride + kw) - i32(g.pad);
    if (h < 0 || h >= i32(g.H) || w < 0 || w >= i32(g.W)) { return 0.0; }
    return src[((n * g.C + c) * g.H + u32(h)) * g.W + u32(w)];
}

fn cols_value(i: u32) -> f32 {
    let g = geom();
    let area = g.OH * g.OW;
    let patch_len = g.C * g.KH * g.KW;
    let r = i % area;
    let p = (i / area) % patch_len;
    return patch_value(i / (area * patch_len), p / (g.KH * g.KW), (p / g.KW) % g.KH, p % g.KW, r / g.OW, r % g.OW);
}

// Any geometry: four consecutive entries of cols per thread, written as one vec4 (see
// `GpuContext::dispatch_vec4`).
@compute @workgroup_size(256)
fn im2col(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let i = t * 4u;
    let g = geom();
    if (i >= g.N * g.C * g.KH * g.KW * g.OH * g.OW) { return; }
    dst[t] = vec4(cols_value(i), cols_value(i + 1u), cols_value(i + 2u), cols_value(i + 3u));
}

// Stride > 1 and OW a multiple of 4 (stride 1 takes im2col_slide): one thread per row of OW entries (image
// n, patch entry p, output row oh), so the index is decomposed once per row rather than per entry (integer
// division is slow on software adapters).
@compute @workgroup_size(256)
fn im2col_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let g = geom();
    let patch_len = g.C * g.KH * g.KW;
    if (t >= g.N * patch_len * g.OH) { return; }
    let oh = t % g.OH;
    let p = (t / g.OH) % patch_len;
    let n = t / (g.OH * patch_len);
    let c = p / (g.KH * g.KW); let kh = (p / g.KW) % g.KH; let kw = p % g.KW;
    let h = i32(oh * g.stride + kh) - i32(g.pad);
    let first = t * (g.OW / 4u);
    if (h < 0 || h >= i32(g.H)) {
        for (var q = 0u; q < g.OW / 4u; q++) { dst[first + q] = vec4(0.0); }
        return;
    }
    let row = ((n * g.C + c) * g.H + u32(h)) * g.W;
    let w0 = i32(kw) - i32(g.pad);
    let s = i32(g.stride);
    for (var q = 0u; q < g.OW / 4u; q++) {
        let w = w0 + i32(4u * q) * s;
        dst[first + q] = vec4(row_value(row, w), row_value(row, w + s), row_value(row, w + 2 * s), row_value(row, w + 3 * s));
    }
}

// Entry i of the row of `len` floats of src starting at `start`; 0 past the row's ends (the padding).
fn in_row(start: u32, i: i32, len: u32) -> f32 {
    if (i < 0 || i >= i32(len)) { return 0.0; }
    return src[start + u32(i)];
}

// Pixel w of the input row starting at `row`.
fn row_value(row: u32, w: i32) -> f32 {
    return in_row(row, w, geom().W);
}

// d x at flat pixel i of [N, C, H, W]: the sum of the cols entries that read it. src = d cols.
fn pixel_grad(i: u32) -> f32 {
    let g = geom();
    let w = i % g.W;
    let h = (i / g.W) % g.H;
    let c = (i / (g.H * g.W)) % g.C;
    let n = i / (g.C * g.H * g.W);
    let area = g.OH * g.OW;
    let base = n * g.C * g.KH * g.KW * area;
    var acc = 0.0;
    for (var kh = 0u; kh < g.KH; kh++) {
        // Output rows oh with oh * stride + kh = h + pad.
        let y = i32(h + g.pad) - i32(kh);
        if (y < 0) { break; }
        var oh = u32(y);
        if (!STRIDE1) {
            if (oh % g.stride != 0u) { continue; }
            oh = oh / g.stride;
        }
        if (oh >= g.OH) { continue; }
        for (var kw = 0u; kw < g.KW; kw++) {
            let x = i32(w + g.pad) - i32(kw);
            if (x < 0) { break; }
            var ow = u32(x);
            if (!STRIDE1) {
                if (ow % g.stride != 0u) { continue; }
                ow = ow / g.stride;
            }
            if (ow >= g.OW) { continue; }
            acc += src[base + ((c * g.KH + kh) * g.KW + kw) * area + oh * g.OW + ow];
        }
    }
    return acc;
}

// Four consecutive pixels of d x per thread. STRIDE1 (stride 1) skips the divisibility tests.
override STRIDE1: bool;

@compute @workgroup_size(256)
fn col2im(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let i = t * 4u;
    let g = geom();
    if (i >= g.N * g.C * g.H * g.W) { return; }
    dst[t] = vec4(pixel_grad(i), pixel_grad(i + 1u), pixel_grad(i + 2u), pixel_grad(i + 3u));
}

// Stride 1 and OW a multiple of 4: one thread per (image n, channel c, kernel row kh, output row oh), writing
// the KW rows of cols (kw = 0..KW-1) that read input row oh + kh - pad, four entries at a time. Entries
// (kw, ow..ow+3) are input columns ow+kw-pad..ow+kw+3-pad, so a window of four slides along the row one load
// per kw: 3 + KW loads for 4·KW entries, where reading each entry loads 4·KW.
@compute @workgroup_size(256)
fn im2col_slide(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let g = geom();
    if (t >= g.N * g.C * g.KH * g.OH) { return; }
    let oh = t % g.OH;
    let kh = (t / g.OH) % g.KH;
    let nc = t / (g.OH * g.KH); // n·C + c
    let h = i32(oh + kh) - i32(g.pad);
    let valid = h >= 0 && h < i32(g.H);
    let row = (nc * g.H + u32(max(h, 0))) * g.W;
    // Row (kw, oh) of this patch row's entries in cols, in vec4s: image n's patch entry p = (c·KH + kh)·KW + kw,
    // so its row n·C·KH·KW + p is ((n·C + c)·KH + kh)·KW + kw.
    let first = ((nc * g.KH + kh) * g.KW * g.OH + oh) * (g.OW / 4u);
    let kw_stride = g.OH * (g.OW / 4u);
    for (var q = 0u; q < g.OW / 4u; q++) {
        let w0 = i32(4u * q) - i32(g.pad);
        var win = vec4(0.0);
        if (valid) { win = vec4(row_value(row, w0), row_value(row, w0 + 1), row_value(row, w0 + 2), row_value(row, w0 + 3)); }
        for (var kw = 0u; kw < g.KW; kw++) {
            dst[first + kw * kw_stride + q] = win;
            if (valid && kw + 1u < g.KW) { win = vec4(win.yzw, row_value(row, w0 + 4 + i32(kw))); }
        }
    }
}

// Stride 1 and W a multiple of 4: four pixels of one input row per thread. Pixel w + l takes entry (c, kh, kw)
// at output (h + pad - kh, w + l + pad - kw), so for each (kh, kw) the four read four neighbouring entries of
// one row of d cols: the row's offset is computed once for the four, not per pixel.
@compute @workgroup_size(256)
fn col2im_quad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
    let t = flat_index(gid, nwg);
    let g = geom();
    let i = t * 4u;
    if (i >= g.N * g.C * g.H * g.W) { return; }
    let w = i % g.W;
    let h = (i / g.W) % g.H;
    let nc = i / (g.H * g.W); // n·C + c
    let area = g.OH * g.OW;
    let patches = nc * g.KH * g.KW * area; // image n's rows of d cols for channel c: (n·C + c)·KH·KW onwards
    var acc = vec4(0.0);
    for (var kh = 0u; kh < g.KH; kh++) {
        let oh = i32(h + g.pad) - i32(kh);
        if (oh < 0) { break; }
        if (oh >= i32(g.OH)) { continue; }
        for (var kw = 0u; kw < g.KW; kw++) {
            let row = patches + (kh * g.KW + kw) * area + u32(oh) * g.OW;
            let ow = i32(w + g.pad) - i32(kw);
            acc += vec4(in_row(row, ow, g.OW), in_row(row, ow + 1, g.OW), in_row(row, ow + 2, g.OW), in_row(row, ow + 3, g.OW));
        }
    }
    dst[t] = acc;
}
