//! Choosing the backend: a hardware GPU is used as is; a software WebGPU adapter (SwiftShader, lavapipe…)
//! is measured against the CPU backend with a short probe — a few training steps of the 784-128-10 MLP on
//! each — and the faster one wins. The user can override with `backend=gpu|cpu`.

use crate::config::BackendChoice;
use crate::data::Dataset;
use crate::model::{Loss, ModelSpec};
use crate::nn::Activation;
use crate::clock::now_ms;
use crate::optim::OptimizerKind;
use crate::train::{TrainConfig, Trainer};
use crate::Device;
use crate::i18n::{num, text, Text};
use crate::{tr, tr_text};

pub struct Pick {
    pub device: Device,
    /// Why, in the current language (rewritten after a language switch).
    pub reason: Text,
}

/// Steps per second of MLP training on `device` (one warm-up step, then `steps` timed ones).
async fn probe(device: &Device, data: &Dataset, steps: usize) -> Result<f64, String> {
    let spec = ModelSpec::parse("mlp:128", Activation::Relu, 0.0)?;
    let mut config = TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy);
    (config.batch, config.epochs, config.report_every) = (128, 1, usize::MAX / 2);
    let mut t = Trainer::from_spec(&spec, false, 0, data, None, config, device)?;
    t.advance(1).await?;
    device.sync().await?;
    let start = now_ms();
    t.advance(steps).await?;
    device.sync().await?;
    Ok(steps as f64 * 1000.0 / (now_ms() - start).max(1e-3))
}

/// Random MNIST-shaped data for the probe (the real data may not be loaded yet).
fn probe_data() -> Dataset {
    let n = 128 * 6;
    let mut s = 1u32;
    let images = (0..n * 784)
        .map(|_| {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (s >> 24) as u8
        })
        .collect();
    Dataset { images: std::sync::Arc::new(images), labels: (0..n).map(|i| (i % 10) as u8).collect(), rows: 28, cols: 28, classes: 10 }
}

/// The device for `gpu` (None: no WebGPU here): hardware GPUs as they are, software ones only when a probe
/// says they beat the CPU backend.
pub async fn pick(gpu: Option<Device>) -> Pick {
    let Some(gpu) = gpu else { return Pick { device: Device::Cpu, reason: tr_text!("backend-no-webgpu") } };
    if !gpu.is_software() {
        return Pick { device: gpu, reason: tr_text!("backend-hardware") };
    }
    let data = probe_data();
    let (g, c) = (probe(&gpu, &data, 4).await, probe(&Device::Cpu, &data, 4).await);
    match (g, c) {
        (Ok(g), Ok(c)) if g > c => Pick { device: gpu, reason: tr_text!("backend-probe-gpu", gpu = num(g * 128.0, 0), cpu = num(c * 128.0, 0)) },
        (Ok(g), Ok(c)) => Pick { device: Device::Cpu, reason: tr_text!("backend-probe-cpu", gpu = num(g * 128.0, 0), cpu = num(c * 128.0, 0)) },
        (Err(e), _) => Pick { device: Device::Cpu, reason: tr_text!("backend-probe-gpu-failed", error = e) },
        (_, Err(e)) => Pick { device: gpu, reason: tr_text!("backend-probe-cpu-failed", error = e) },
    }
}

/// The header's name for a device: "WebGPU — adapter" or "CPU".
pub fn label(device: &Device) -> Text {
    let (gpu, name) = (device.is_gpu(), device.name());
    text(move || if gpu { tr!("backend-line-gpu", adapter = name.clone()) } else { tr!("backend-cpu") })
}

/// Whether this browser thread (page or worker) has `navigator.gpu`; natively true.
fn has_navigator_gpu() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
        !navigator.is_undefined() && js_sys::Reflect::has(&navigator, &"gpu".into()).unwrap_or(false)
    }
    #[cfg(not(target_arch = "wasm32"))]
    true
}

/// The device for the URL's `backend=` choice, and the header's text saying which and why.
pub async fn choose(choice: BackendChoice) -> (Device, Text) {
    if choice == BackendChoice::Cpu {
        return (Device::Cpu, tr_text!("backend-line-cpu-url"));
    }
    match Device::gpu().await {
        Ok(d) if choice == BackendChoice::Auto && d.is_software() => {
            let pick = pick(Some(d)).await;
            if pick.device.is_gpu() {
                (pick.device.clone(), label(&pick.device))
            } else {
                let reason = pick.reason;
                (Device::Cpu, text(move || tr!("backend-line-cpu-chosen", reason = reason())))
            }
        }
        Ok(d) => (d.clone(), label(&d)),
        Err(e) => {
            let no_navigator = !has_navigator_gpu();
            let reason = move || if no_navigator {
                tr!("backend-no-navigator-gpu")
            } else if e.contains("adapter") {
                tr!("backend-no-adapter")
            } else {
                e.clone()
            };
            (Device::Cpu, text(move || tr!("backend-line-cpu-no-webgpu", reason = reason())))
        }
    }
}
