//! Every WGSL file the crate uses, in one place. A kernel is a (file, entry point) pair plus its binding
//! counts; the runtime caches one pipeline per kernel. `cargo test` validates each file with naga.

/// One WGSL source file under shaders/. Each is compiled with shaders/common.wgsl prepended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shader {
    Unary,
    Binary,
    Where,
    Reduce,
    Matmul,
    Copy,
    Softmax,
    CrossEntropy,
    Conv,
    Pool,
    Random,
    Optim,
    Batch,
}

pub const COMMON: &str = include_str!("../shaders/common.wgsl");

impl Shader {
    pub const ALL: [Shader; 13] = [
        Shader::Unary,
        Shader::Binary,
        Shader::Where,
        Shader::Reduce,
        Shader::Matmul,
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
            Shader::Matmul => "matmul.wgsl",
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
            Shader::Unary => include_str!("../shaders/unary.wgsl"),
            Shader::Binary => include_str!("../shaders/binary.wgsl"),
            Shader::Where => include_str!("../shaders/where.wgsl"),
            Shader::Reduce => include_str!("../shaders/reduce.wgsl"),
            Shader::Matmul => include_str!("../shaders/matmul.wgsl"),
            Shader::Copy => include_str!("../shaders/copy.wgsl"),
            Shader::Softmax => include_str!("../shaders/softmax.wgsl"),
            Shader::CrossEntropy => include_str!("../shaders/cross_entropy.wgsl"),
            Shader::Conv => include_str!("../shaders/conv.wgsl"),
            Shader::Pool => include_str!("../shaders/pool.wgsl"),
            Shader::Random => include_str!("../shaders/random.wgsl"),
            Shader::Optim => include_str!("../shaders/optim.wgsl"),
            Shader::Batch => include_str!("../shaders/batch.wgsl"),
        }
    }

    /// The full module source: the shared prelude, then this file.
    pub fn source(self) -> String {
        format!("{COMMON}\n{}", self.body())
    }
}

/// An entry point of a shader with its binding layout: binding 0 is the info block, then `reads` read-only
/// storage buffers, then `writes` read-write ones. `flags` names boolean `override`s of the shader; bit i of
/// `bits` sets `flags[i]`. Each combination is its own cached pipeline, so a kernel can specialise its inner
/// loop (a transpose, an alignment) without branching on it at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Kernel {
    pub shader: Shader,
    pub entry: &'static str,
    pub reads: u32,
    pub writes: u32,
    pub flags: &'static [&'static str],
    pub bits: u32,
}

impl Kernel {
    pub const fn new(shader: Shader, entry: &'static str, reads: u32, writes: u32) -> Kernel {
        Kernel { shader, entry, reads, writes, flags: &[], bits: 0 }
    }

    /// This kernel with boolean overrides named `flags`, all false until `with` sets them.
    pub const fn flags(self, flags: &'static [&'static str]) -> Kernel {
        Kernel { flags, ..self }
    }

    /// This kernel with its overrides set: `values[i]` for `flags[i]`.
    pub fn with(self, values: &[bool]) -> Kernel {
        assert_eq!(values.len(), self.flags.len(), "{} takes {} flags", self.entry, self.flags.len());
        let bits = values.iter().enumerate().map(|(i, &v)| u32::from(v) << i).sum();
        Kernel { bits, ..self }
    }

    /// The pipeline constants of this specialisation, as WebGPU takes them.
    pub fn constants(&self) -> Vec<(&'static str, f64)> {
        self.flags.iter().enumerate().map(|(i, &name)| (name, f64::from((self.bits >> i) & 1))).collect()
    }
}
