// `quad`: matmul.wgsl's product with a 32×32 tile of C per quad of invocations, for software adapters that
// have subgroups (compiled after matmul.wgsl, whose Tile, Step, load, quad_step and store it uses, and with
// `enable subgroups;` first where the compiler asks for it: `Shader::source`). Each invocation keeps a 16×16 block of the tile as
// `wide` does, but loads only half of what the block needs: 8 rows of op(A) and 8 columns of op(B) over each
// step of K (16 vec4 loads), and takes the other 8 rows from its X partner (quadSwapX) and the other 8
// columns from its Y partner (quadSwapY). SwiftShader reads storage as a gather, lane by lane, while a
// quad swap is a register shuffle: 16 loads and 16 swaps feed 1,024 FMAs here, against `wide`'s 32 loads
// (an MLP's two large products measured 26–28% faster in isolation).
//
// The quad's invocations q = 2h + c (q = the subgroup invocation index mod 4; the X partner is q ^ 1, the Y
// partner q ^ 2). The tile's rows are four groups of 8, its columns too. Invocation q loads row group q and
// column group 2c + h: its X partner loaded the other row group of the same half (2h, 2h + 1), its Y
// partner the other column group of the same half (2c, 2c + 1). Its 16×16 block is rows of groups q and
// q ^ 1 by columns of groups 2c + h and 2c + 1 − h, its four 8×8 blocks in that order (own × own,
// own × Y's, X's × own, X's × Y's), so no value is selected per lane: where each lands is decided at the store.
//
// A quad is four consecutive invocations of a workgroup from a multiple of 4: WebGPU does not promise it,
// so `GpuContext::new` runs a probe (`quads_line_up`) and chooses this kernel only where it holds; the
// product tests run it on each adapter they have. No invocation returns early:
// subgroup operations must be reached by the whole quad, so a quad past C's last rows computes from
// clamped reads and stores nothing.

// The other half's rows (X partner) and columns (Y partner) of one step.
fn partners(m: Step) -> Step {
    let a = m.a;
    return Step(array(quadSwapX(a[0]), quadSwapX(a[1]), quadSwapX(a[2]), quadSwapX(a[3]),
                      quadSwapX(a[4]), quadSwapX(a[5]), quadSwapX(a[6]), quadSwapX(a[7])),
                swap_y(m.b0), swap_y(m.b1));
}

fn swap_y(b: mat4x4<f32>) -> mat4x4<f32> {
    return mat4x4(quadSwapY(b[0]), quadSwapY(b[1]), quadSwapY(b[2]), quadSwapY(b[3]));
}

@compute @workgroup_size(16)
fn quad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(subgroup_invocation_id) lane: u32) {
    let tiles_n = (info[1] + 31u) / 32u;
    let tile = (gid.x + gid.y * nwg.x * 16u) / 4u;
    let q = lane & 3u;
    let h = q >> 1u;
    let c = q & 1u;
    let t = Tile(info[0], info[1], info[2], gid.z * info[3], gid.z * info[4], (tile / tiles_n) * 32u, (tile % tiles_n) * 32u);
    let rows = t.i0 + 8u * q;
    let rows_x = t.i0 + 8u * (q ^ 1u);
    let cols = t.j0 + 8u * (2u * c + h);
    let cols_y = t.j0 + 8u * (2u * c + 1u - h);
    let mine = moved(t, rows, cols);
    // K from info, not from t: the loop bounds must be uniform for the swaps inside.
    let K = info[2];
    let kfull = K & ~3u;
    var acc: Quad;
    for (var k = 0u; k < kfull; k += 4u) {
        let s = load(mine, k, true);
        acc = quad_step(acc, s, partners(s));
    }
    if (kfull < K) {
        let s = load(mine, kfull, false);
        acc = quad_step(acc, s, partners(s));
    }
    let c0 = gid.z * t.M * t.N;
    store(mine, acc.c00, c0);
    store(moved(t, rows, cols_y), acc.c01, c0);
    store(moved(t, rows_x, cols), acc.c10, c0);
    store(moved(t, rows_x, cols_y), acc.c11, c0);
}
