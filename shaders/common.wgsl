// Prepended to every kernel. Binding 0 of every kernel is its info block: the sizes, strides and scalars of
// one dispatch as u32 words (floats are bit-cast), written by the Rust side in the order each kernel documents.
@group(0) @binding(0) var<storage, read> info: array<u32>;

const WG: u32 = 256u;

// Flat index of this thread in a 1-D grid. Grids larger than 65,535 workgroups are folded into y
// (WebGPU's per-dimension limit), so the index counts whole rows of x first.
fn flat_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
    return gid.x + gid.y * nwg.x * WG;
}

// Index of this workgroup in a 1-D grid of workgroups, one per item (`GpuContext::dispatch_groups`): past
// 65,535 the grid folds into y too, so workgroups past the last item exist and must do nothing.
fn group_index(wg: vec3<u32>, nwg: vec3<u32>) -> u32 {
    return wg.x + wg.y * nwg.x;
}

fn info_f32(i: u32) -> f32 {
    return bitcast<f32>(info[i]);
}

// Offset in an input of output element `i`: decompose `i` by the output shape stored at info[shape_at..]
// and weigh each coordinate by the input's stride at info[strides_at..] (0 on broadcast dimensions).
fn strided_offset(i: u32, rank: u32, shape_at: u32, strides_at: u32) -> u32 {
    var rem = i;
    var off = 0u;
    for (var d = i32(rank) - 1; d >= 0; d--) {
        let dim = info[shape_at + u32(d)];
        off += (rem % dim) * info[strides_at + u32(d)];
        rem = rem / dim;
    }
    return off;
}

// PCG-RXS-M-XS 32-bit hash (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020): the counter-based
// randomness of dropout and data augmentation; src/ops/random.rs has the same function for the CPU.
fn pcg(v: u32) -> u32 {
    let state = v * 747796405u + 2891336453u;
    let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
}
