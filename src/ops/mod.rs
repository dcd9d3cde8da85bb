//! Ops: each file holds an op family's forward on both backends, its backward rule, and the name of its
//! WGSL kernel. Higher-level ops (losses, conv2d, mean) are composed from these primitives.

pub mod batch;
pub mod binary;
pub mod conv;
mod gemm;
pub mod layout;
pub mod loss;
pub mod matmul;
pub mod pool;
pub mod random;
pub mod reduce;
pub mod softmax;
pub mod unary;

use crate::device::Storage;
use crate::tensor::Tensor;
use crate::Device;

/// A fresh tensor of `shape` on `device` whose contents the caller's kernel (or closure) will write:
/// on the CPU it starts zeroed; on the GPU it is an uninitialised pooled buffer.
pub(crate) fn output(shape: &[usize], device: &Device) -> Tensor {
    let n = crate::shape::numel(shape);
    let storage = match device {
        Device::Cpu => Storage::Cpu(std::cell::RefCell::new(vec![0.0; n])),
        Device::Gpu(g) => Storage::Gpu(g.alloc(4 * n.max(1) as u64)),
    };
    Tensor::from_storage(storage, shape.to_vec(), device)
}
