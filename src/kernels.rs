//! Every WGSL file the crate uses, in one place. A kernel is a (file, entry point) pair plus its binding
//! counts; the runtime caches one pipeline per kernel. `cargo test` validates each file with naga.

/// One WGSL source file under shaders/. Each is compiled with shaders/common.wgsl prepended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shader {
    Unary,
    Binary,
    Where,
    Reduce,
    SumRows,
    Matmul,
    /// The `quad` product, which needs subgroups: compiled after matmul.wgsl, whose functions it uses.
    MatmulQuad,
    Copy,
    Softmax,
    CrossEntropy,
    Conv,
    Pool,
    Random,
    Optim,
    Batch,
}

pub const COMMON: &str = include_str!(concat!(env!("OUT_DIR"), "/shaders/common.wgsl"));

impl Shader {
    pub const ALL: [Shader; 15] = [
        Shader::Unary,
        Shader::Binary,
        Shader::Where,
        Shader::Reduce,
        Shader::SumRows,
        Shader::Matmul,
        Shader::MatmulQuad,
        Shader::Copy,
        Shader::Softmax,
        Shader::CrossEntropy,
        Shader::Conv,
        Shader::Pool,
        Shader::Random,
        Shader::Optim,
        Shader::Batch,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Shader::Unary => "unary.wgsl",
            Shader::Binary => "binary.wgsl",
            Shader::Where => "where.wgsl",
            Shader::Reduce => "reduce.wgsl",
            Shader::SumRows => "sum_rows.wgsl",
            Shader::Matmul => "matmul.wgsl",
            Shader::MatmulQuad => "matmul_quad.wgsl",
            Shader::Copy => "copy.wgsl",
            Shader::Softmax => "softmax.wgsl",
            Shader::CrossEntropy => "cross_entropy.wgsl",
            Shader::Conv => "conv.wgsl",
            Shader::Pool => "pool.wgsl",
            Shader::Random => "random.wgsl",
            Shader::Optim => "optim.wgsl",
            Shader::Batch => "batch.wgsl",
        }
    }

    fn body(self) -> &'static str {
        match self {
            Shader::Unary => include_str!(concat!(env!("OUT_DIR"), "/shaders/unary.wgsl")),
            Shader::Binary => include_str!(concat!(env!("OUT_DIR"), "/shaders/binary.wgsl")),
            Shader::Where => include_str!(concat!(env!("OUT_DIR"), "/shaders/where.wgsl")),
            Shader::Reduce => include_str!(concat!(env!("OUT_DIR"), "/shaders/reduce.wgsl")),
            Shader::SumRows => include_str!(concat!(env!("OUT_DIR"), "/shaders/sum_rows.wgsl")),
            Shader::Matmul => include_str!(concat!(env!("OUT_DIR"), "/shaders/matmul.wgsl")),
            Shader::MatmulQuad => include_str!(concat!(env!("OUT_DIR"), "/shaders/matmul_quad.wgsl")),
            Shader::Copy => include_str!(concat!(env!("OUT_DIR"), "/shaders/copy.wgsl")),
            Shader::Softmax => include_str!(concat!(env!("OUT_DIR"), "/shaders/softmax.wgsl")),
            Shader::CrossEntropy => include_str!(concat!(env!("OUT_DIR"), "/shaders/cross_entropy.wgsl")),
            Shader::Conv => include_str!(concat!(env!("OUT_DIR"), "/shaders/conv.wgsl")),
            Shader::Pool => include_str!(concat!(env!("OUT_DIR"), "/shaders/pool.wgsl")),
            Shader::Random => include_str!(concat!(env!("OUT_DIR"), "/shaders/random.wgsl")),
            Shader::Optim => include_str!(concat!(env!("OUT_DIR"), "/shaders/optim.wgsl")),
            Shader::Batch => include_str!(concat!(env!("OUT_DIR"), "/shaders/batch.wgsl")),
        }
    }

    /// The full module source: the shared prelude, then this file — for the subgroup product, after
    /// matmul.wgsl's functions, which it builds on, and with the subgroups extension (`with_subgroups`).
    pub fn source(self) -> String {
        match self {
            Shader::MatmulQuad => with_subgroups(&format!("{COMMON}\n{}\n{}", Shader::Matmul.body(), self.body())),
            _ => format!("{COMMON}\n{}", self.body()),
        }
    }
}

/// A module that uses subgroup operations, as its compiler takes it: the browser's (Tint) requires WGSL's
/// `enable subgroups;` first; naga 30 (wgpu's own compiler, natively) rejects that directive as not yet
/// implemented and takes the operations without it, where the device has subgroups.
pub fn with_subgroups(source: &str) -> String {
    if cfg!(target_arch = "wasm32") {
        format!("enable subgroups;\n{source}")
    } else {
        source.to_string()
    }
}

/// An entry point of a shader with its binding layout: binding 0 is the info block, then `reads` read-only
/// storage buffers, then `writes` read-write ones. `overrides` names the shader's pipeline-overridable
/// constants (`override OP: u32;`, `override TA: bool;`) and `values` holds their values (bools as 0/1).
/// Each set of values is its own cached pipeline, so a kernel specialises its inner loop (an op code, a
/// transpose, an alignment) instead of branching on it per element at run time — on software adapters
/// such branches cost 2–4× (README "Benchmarks").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kernel {
    pub shader: Shader,
    pub entry: &'static str,
    pub reads: u32,
    pub writes: u32,
    pub overrides: &'static [&'static str],
    pub values: [u32; MAX_OVERRIDES],
}

/// Pipeline constants one kernel may have.
pub const MAX_OVERRIDES: usize = 7;

impl Kernel {
    pub const fn new(shader: Shader, entry: &'static str, reads: u32, writes: u32) -> Kernel {
        Kernel { shader, entry, reads, writes, overrides: &[], values: [0; MAX_OVERRIDES] }
    }

    /// This kernel with pipeline-overridable constants named `names` (at most MAX_OVERRIDES), all 0 until `with`.
    pub const fn overrides(self, names: &'static [&'static str]) -> Kernel {
        assert!(names.len() <= MAX_OVERRIDES, "too many overrides for one kernel");
        Kernel { overrides: names, ..self }
    }

    /// This kernel with its overrides set, `values[i]` for `overrides[i]`.
    pub fn with(self, values: &[u32]) -> Kernel {
        assert_eq!(values.len(), self.overrides.len(), "{} takes {} override values", self.entry, self.overrides.len());
        let mut v = [0; MAX_OVERRIDES];
        v[..values.len()].copy_from_slice(values);
        Kernel { values: v, ..self }
    }

    /// The pipeline constants of this specialisation, as WebGPU takes them.
    pub fn constants(&self) -> Vec<(&'static str, f64)> {
        self.overrides.iter().zip(self.values).map(|(&name, v)| (name, f64::from(v))).collect()
    }

    /// `file:entry` and the override values, e.g. `unary.wgsl:main OP=4`.
    pub fn describe(&self) -> String {
        let mut s = format!("{}:{}", self.shader.file_name(), self.entry);
        for (name, v) in self.overrides.iter().zip(self.values) {
            s += &format!(" {name}={v}");
        }
        s
    }
}

// ---- kernel arguments: the info block's words and the dispatch grid --------------------------------

use crate::shape::MAX_RANK;

/// WebGPU's limit on workgroups per dispatch dimension (a larger dispatch is silently invalid).
pub const MAX_GROUPS: u32 = 65_535;

/// `dims` as u32 words padded to MAX_RANK, for a kernel's info block.
pub fn info_dims(dims: &[usize]) -> [u32; MAX_RANK] {
    assert!(dims.len() <= MAX_RANK, "rank {} exceeds the kernels' maximum of {MAX_RANK}", dims.len());
    let mut out = [0u32; MAX_RANK];
    for (o, d) in out.iter_mut().zip(dims) {
        *o = u32::try_from(*d).expect("dimension exceeds u32");
    }
    out
}

/// A u32 info word from a size, checked.
pub fn word(n: usize) -> u32 {
    u32::try_from(n).expect("size exceeds u32")
}

/// Workgroups for `n` threads in groups of `size`, folded into two dimensions past 65,535.
pub fn grid_1d(n: u32, size: u32) -> [u32; 3] {
    let groups = n.div_ceil(size);
    if groups <= MAX_GROUPS {
        [groups, 1, 1]
    } else {
        [MAX_GROUPS, groups.div_ceil(MAX_GROUPS), 1]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_grids_fold_into_y() {
        assert_eq!(super::grid_1d(1000, 256), [4, 1, 1]);
        let g = super::grid_1d(20_000_000, 256);
        assert!(g[0] <= 65_535 && g[0] as u64 * g[1] as u64 * 256 >= 20_000_000);
    }

    use super::*;

    const K: Kernel = Kernel::new(Shader::Matmul, "main", 2, 1).overrides(&["TA", "TB", "VA", "VB"]);

    #[test]
    fn override_values_make_distinct_kernels() {
        let a = K.with(&[1, 0, 1, 1]);
        assert_eq!(a.constants(), vec![("TA", 1.0), ("TB", 0.0), ("VA", 1.0), ("VB", 1.0)]);
        assert_eq!(a.describe(), "matmul.wgsl:main TA=1 TB=0 VA=1 VB=1");
        assert_ne!(a, K.with(&[0, 0, 1, 1]), "each set of values is its own pipeline-cache key");
        assert_eq!(a, K.with(&[1, 0, 1, 1]));
        let plain = Kernel::new(Shader::Copy, "main", 1, 1);
        assert!(plain.constants().is_empty());
        assert_eq!(plain.describe(), "copy.wgsl:main");
    }

    #[test]
    #[should_panic(expected = "takes 4 override values")]
    fn every_override_needs_a_value() {
        let _ = K.with(&[1, 0]);
    }
}
