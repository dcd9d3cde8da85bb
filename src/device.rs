//! Where a tensor's data lives: host memory (the CPU reference backend) or a GPU buffer.

use std::cell::RefCell;
use std::rc::Rc;

use crate::gpu::{GpuBuffer, GpuContext};

/// A backend. Every op has a CPU implementation (plain Rust, the oracle for tests and the fallback when a
/// browser has no WebGPU) and a GPU implementation (WGSL through wgpu).
#[derive(Clone)]
pub enum Device {
    Cpu,
    Gpu(Rc<GpuContext>),
}

impl Device {
    /// Opens the best GPU adapter. Errors carry the reason (no WebGPU, no adapter, device refused).
    pub async fn gpu() -> Result<Device, String> {
        Ok(Device::Gpu(GpuContext::new().await?))
    }

    /// Native convenience: `Device::gpu()` driven to completion.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn gpu_blocking() -> Result<Device, String> {
        pollster::block_on(Device::gpu())
    }

    pub fn is_gpu(&self) -> bool {
        matches!(self, Device::Gpu(_))
    }

    /// A GPU backend running on a software adapter (SwiftShader, lavapipe).
    pub fn is_software(&self) -> bool {
        matches!(self, Device::Gpu(g) if g.is_software())
    }

    /// True once a GPU device was lost (destroyed, driver reset, tab backgrounded too long…): its buffers
    /// are gone and work must move to a new device.
    pub fn is_lost(&self) -> bool {
        matches!(self, Device::Gpu(g) if g.is_lost())
    }

    /// "cpu", or the adapter's name and backend.
    pub fn name(&self) -> String {
        match self {
            Device::Cpu => "cpu".into(),
            Device::Gpu(g) => g.describe(),
        }
    }

    /// Submits all recorded GPU work (a no-op on the CPU).
    pub fn flush(&self) {
        if let Device::Gpu(g) = self {
            g.flush();
        }
    }

    /// Waits until the GPU has finished all submitted work (for timing). Native only blocks; on the web it
    /// awaits a 1-float readback.
    pub async fn sync(&self) -> Result<(), String> {
        if let Device::Gpu(g) = self {
            let b = g.zeros(1);
            g.read(b.raw(), 1).await?;
        }
        Ok(())
    }

    pub fn same(&self, other: &Device) -> bool {
        match (self, other) {
            (Device::Cpu, Device::Cpu) => true,
            (Device::Gpu(a), Device::Gpu(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub(crate) fn gpu_ctx(&self) -> Option<&Rc<GpuContext>> {
        match self {
            Device::Gpu(g) => Some(g),
            Device::Cpu => None,
        }
    }
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// A tensor's element buffer. CPU data sits in a RefCell because optimizers update parameters in place.
pub enum Storage {
    Cpu(RefCell<Vec<f32>>),
    Gpu(GpuBuffer),
}
