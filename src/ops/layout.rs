//! Movement ops: reshape (free: tensors are contiguous), permute/transpose and broadcast_to (one strided
//! copy kernel, shaders/copy.wgsl).

use super::output;
use crate::kernels::{info_dims, word};
use crate::kernels::{Kernel, Shader};
use crate::shape::{broadcast_strides, contiguous_strides, for_each_offset, numel};
use crate::tensor::Tensor;
use crate::Device;

const COPY: Kernel = Kernel::new(Shader::Copy, "main", 1, 1);

/// out[i] = x[strided position of i], with `strides` giving x's stride for each output dimension.
fn strided_copy(x: &Tensor, out_shape: &[usize], strides: &[usize]) -> Tensor {
    let out = output(out_shape, x.device());
    match x.device() {
        Device::Cpu => {
            let src = x.cpu();
            let mut o = out.cpu_mut();
            for_each_offset(out_shape, strides, 0, |i, off| o[i] = src[off]);
        }
        Device::Gpu(g) => {
            let mut info = vec![word(out.numel()), word(out_shape.len()), 0];
            info.extend(info_dims(out_shape));
            info.extend(info_dims(strides));
            g.dispatch_1d(COPY, &info, &[x.buf(), out.buf()], out.numel());
        }
    }
    out
}

impl Tensor {
    /// The same elements with a new shape of equal size (no copy).
    pub fn reshape(&self, shape: &[usize]) -> Tensor {
        assert_eq!(numel(shape), self.numel(), "reshape {:?} -> {shape:?}: sizes differ", self.shape());
        let orig = self.shape().to_vec();
        self.view(shape.to_vec()).record("reshape", &[self], move |g| vec![Some(g.reshape(&orig))])
    }

    /// Collapses dimensions `start..` into one: [N, C, H, W].flatten(1) = [N, C*H*W].
    pub fn flatten(&self, start: usize) -> Tensor {
        let mut shape = self.shape()[..start].to_vec();
        shape.push(numel(&self.shape()[start..]));
        self.reshape(&shape)
    }

    /// Reorders dimensions: out.shape[i] = self.shape[perm[i]].
    pub fn permute(&self, perm: &[usize]) -> Tensor {
        assert_eq!(perm.len(), self.rank(), "permute: {perm:?} for rank {}", self.rank());
        let mut seen = vec![false; perm.len()];
        for &p in perm {
            assert!(p < perm.len() && !std::mem::replace(&mut seen[p], true), "permute: {perm:?} is not a permutation");
        }
        let own = contiguous_strides(self.shape());
        let shape: Vec<usize> = perm.iter().map(|&p| self.shape()[p]).collect();
        let strides: Vec<usize> = perm.iter().map(|&p| own[p]).collect();
        let out = strided_copy(self, &shape, &strides);
        let mut inverse = vec![0; perm.len()];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i;
        }
        out.record("permute", &[self], move |g| vec![Some(g.permute(&inverse))])
    }

    /// Swaps two dimensions.
    pub fn transpose(&self, d0: usize, d1: usize) -> Tensor {
        let mut perm: Vec<usize> = (0..self.rank()).collect();
        perm.swap(d0, d1);
        self.permute(&perm)
    }

    /// Materialises broadcasting: repeats size-1 (or missing leading) dimensions up to `shape`.
    pub fn broadcast_to(&self, shape: &[usize]) -> Tensor {
        if self.shape() == shape {
            return self.clone();
        }
        let strides = broadcast_strides(self.shape(), shape);
        let out = strided_copy(self, shape, &strides);
        let orig = self.shape().to_vec();
        out.record("broadcast_to", &[self], move |g| vec![Some(g.sum_to(&orig))])
    }
}
