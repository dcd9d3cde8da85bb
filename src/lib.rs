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
