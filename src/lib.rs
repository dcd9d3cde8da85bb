//! MNIST playground engine: f32 tensors with reverse-mode autograd over two backends with one API —
//! a CPU reference backend (plain Rust) and a GPU backend running hand-written WGSL through wgpu
//! (WebGPU in the browser; Vulkan, Metal or DX12 natively).
//!
//! ```no_run
//! # use mnist_playground::{Device, Tensor};
//! let dev = Device::Cpu;
//! let x = Tensor::from_vec(vec![1.0, 2.0, 3.0], &[3], &dev).requires_grad_();
//! let y = x.mul(&x).sum(); // y = Σ x², dy/dx = 2x
//! y.backward();
//! ```
//! See ARCHITECTURE.md for the layers and the flow of one training step.

pub mod backend;
pub mod chart;
pub mod clock;
pub mod config;
pub mod controls;
pub mod data;
pub mod device;
pub mod digit_map;
pub mod drawn;
pub mod eval;
pub mod export;
pub mod forest;
pub mod gpu;
pub mod i18n;
pub mod kernels;
pub mod lessons;
pub mod model;
pub mod nn;
pub mod ops;
pub mod optim;
pub mod own_digits;
pub mod page;
pub mod parallel;
pub mod protocol;
pub mod rng;
pub mod session;
pub mod shape;
pub mod sketch;
pub mod tensor;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use device::Device;
pub use tensor::{is_grad_enabled, no_grad, Tensor};

/// Sorts `items` by `key`, ascending, ties in their order (a stable sort; for descending, negate the key:
/// `f64::total_cmp` of negated keys is the reverse order). One instance of the standard sort, on (index)
/// by an `f64` key, serves every caller: each `sort_by` with its own closure compiled its own ~5 KB copy of
/// the sort into the wasm.
pub fn sort_by_f64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> f64) {
    let order = stable_order(&items.iter().map(key).collect::<Vec<_>>());
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().map(|i| slots[i].take().expect("an order visits each index once")));
}

#[inline(never)]
fn stable_order(keys: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    order
}

#[cfg(test)]
mod sort_tests {
    #[test]
    fn sort_by_f64_is_stable_both_ways() {
        let v = vec![(0, 2.0), (1, 1.0), (2, 2.0), (3, -0.5), (4, 1.0)];
        let mut up = v.clone();
        super::sort_by_f64(&mut up, |p| p.1);
        let mut want = v.clone();
        want.sort_by(|p, q| p.1.total_cmp(&q.1));
        assert_eq!(up, want);
        let mut down = v.clone();
        super::sort_by_f64(&mut down, |p| -p.1);
        let mut want = v.clone();
        want.sort_by(|p, q| q.1.total_cmp(&p.1));
        assert_eq!(down, want);
        assert_eq!(down.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 2, 1, 4, 3]);
    }
}
