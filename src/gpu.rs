//! The GPU runtime: one wgpu device, its cached pipelines, a buffer pool, and the command encoder that
//! collects every dispatch until something needs the results.
//!
//! Why it looks like this (see ARCHITECTURE.md):
//! - Creating pipelines and buffers is expensive in WebGPU, so pipelines are compiled once per kernel and
//!   buffers go back to a pool when their tensor drops.
//! - Ops only *record* dispatches. A training step therefore becomes one command buffer and one submit; the
//!   queue is flushed when a value is read back or when the info arena is full.
//! - Each dispatch gets a 256-byte slot in one "info" storage buffer (shapes, strides, scalars as u32), written
//!   once per submit.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::kernels::{grid_1d, Kernel};

/// Threads per workgroup of every 1-D kernel (WebGPU guarantees 256).
pub const WORKGROUP: u32 = 256;
/// Bytes of the info slot each dispatch gets (also WebGPU's largest storage-offset alignment).
const INFO_SLOT: u64 = 256;
/// Dispatches per submit before the info arena forces a flush.
const INFO_SLOTS: u64 = 2048;
/// WebGPU's limit on workgroups per dispatch dimension; larger 1-D grids fold into y.
use crate::kernels::MAX_GROUPS;

/// Counters of what the runtime has done, for soak tests and benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct GpuStats {
    pub buffers_created: usize,
    pub buffers_live: usize,
    pub buffers_pooled: usize,
    pub bytes_created: u64,
    pub dispatches: usize,
    pub submits: usize,
    pub pipelines: usize,
}

struct Pipeline {
    pipeline: wgpu::ComputePipeline,
    layout: wgpu::BindGroupLayout,
}

struct Recording {
    /// The open compute pass of `encoder` (declared first, so dropped first): consecutive dispatches share
    /// one (WebGPU synchronises each dispatch with the ones before it within a pass as between passes, and
    /// every pass costs the browser's GPU process work of its own); a copy, a clear or a submit ends it.
    pass: Option<wgpu::ComputePass<'static>>,
    encoder: Option<wgpu::CommandEncoder>,
    info: Vec<u8>,
}

impl Recording {
    /// The open command encoder (begun if there is none), with no pass open on it.
    fn encoder(&mut self, device: &wgpu::Device) -> &mut wgpu::CommandEncoder {
        self.pass = None; // (ends the open pass: the encoder is locked while one is open)
        self.encoder.get_or_insert_with(|| device.create_command_encoder(&wgpu::CommandEncoderDescriptor::default()))
    }

    /// The open compute pass (begun on the encoder if there is none).
    fn pass(&mut self, device: &wgpu::Device) -> &mut wgpu::ComputePass<'static> {
        if self.pass.is_none() {
            let pass = self.encoder(device).begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("kernels"), timestamp_writes: None });
            self.pass = Some(pass.forget_lifetime());
        }
        self.pass.as_mut().expect("a pass was just begun")
    }
}

pub struct GpuContext {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub adapter: wgpu::AdapterInfo,
    pub limits: wgpu::Limits,
    info_buffer: wgpu::Buffer,
    pipelines: RefCell<HashMap<Kernel, Rc<Pipeline>>>,
    pool: RefCell<HashMap<u64, Vec<wgpu::Buffer>>>,
    recording: RefCell<Recording>,
    stats: Cell<GpuStats>,
    lost: Arc<AtomicBool>,
    errors: Arc<Mutex<Vec<String>>>,
    profile: RefCell<Option<ProfileLog>>,
    /// Which kernel large matrix products take (ops/matmul.rs). Tests switch it to cover each kernel.
    products: Cell<Products>,
    /// Whether the device's subgroup quads are laid out as `Products::Quad` needs (`quads_line_up`).
    subgroups: Cell<bool>,
}

/// The kernel large matrix products take (shaders/matmul.wgsl and matmul_quad.wgsl).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Products {
    /// `main`, 8×8 outputs per thread: GPUs.
    Main,
    /// `wide`, 16×16 outputs per thread: software adapters, where it halves the loads per multiply-add.
    Wide,
    /// `quad`, `wide`'s blocks with each quad of threads sharing its loads through subgroup swaps: software
    /// adapters with subgroups (half `wide`'s loads again).
    Quad,
}

/// A compute shader that compiles only where subgroup quad operations do and, run on one workgroup of 16,
/// writes 1 for each invocation whose quad is what `quad` (shaders/matmul_quad.wgsl) takes it to be: four
/// consecutive invocations from a multiple of 4, its X partner the one beside it (i ^ 1), its Y partner the
/// one two along (i ^ 2). WebGPU does not promise that layout, so it is measured, not assumed.
const QUAD_PROBE: &str = "@group(0) @binding(0) var<storage, read_write> lined_up: array<f32>;
@compute @workgroup_size(16)
fn main(@builtin(subgroup_invocation_id) lane: u32, @builtin(local_invocation_index) i: u32) {
    let x = quadSwapX(i);
    let y = quadSwapY(i);
    lined_up[i] = select(0.0, 1.0, (lane & 3u) == (i & 3u) && x == (i ^ 1u) && y == (i ^ 2u));
}";

/// wgpu 30 asks the browser only for the WebGPU features it maps, and \"subgroups\" is not one of them. So
/// in the browser, right before wgpu asks for an adapter, `navigator.gpu.requestAdapter` is wrapped for that
/// one call: the wrapper puts the browser's own function back, and an adapter it gets that has the feature
/// gets its own `requestDevice`, which adds it to the features wgpu asks for. Nothing else in the page or
/// worker changes; where anything here fails, the device simply has no subgroups (`quads_line_up` says so).
#[cfg(target_arch = "wasm32")]
fn ask_for_subgroups() {
    use js_sys::{Array, Function, Promise, Reflect};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    fn get(object: &JsValue, key: &str) -> JsValue {
        Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }
    fn has_subgroups(adapter: &JsValue) -> bool {
        let features = get(adapter, "features");
        get(&features, "has").dyn_into::<Function>().ok().and_then(|has| has.call1(&features, &"subgroups".into()).ok()).is_some_and(|v| v.is_truthy())
    }
    let gpu = get(&get(&js_sys::global(), "navigator"), "gpu");
    let Ok(request_adapter) = get(&gpu, "requestAdapter").dyn_into::<Function>() else { return };
    let this = gpu.clone();
    let wrapped = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |options: JsValue| {
        let (gpu, request_adapter) = (this.clone(), request_adapter.clone());
        let _ = Reflect::set(&gpu, &"requestAdapter".into(), &request_adapter);
        wasm_bindgen_futures::future_to_promise(async move {
            let adapter = wasm_bindgen_futures::JsFuture::from(request_adapter.call1(&gpu, &options)?.unchecked_into::<Promise>()).await?;
            if let (true, Ok(request_device)) = (has_subgroups(&adapter), get(&adapter, "requestDevice").dyn_into::<Function>()) {
                let this = adapter.clone();
                let with_subgroups = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |descriptor: JsValue| {
                    let asked = get(&descriptor, "requiredFeatures");
                    let features = if asked.is_undefined() { Array::new() } else { Array::from(&asked) };
                    features.push(&"subgroups".into());
                    let _ = Reflect::set(&descriptor, &"requiredFeatures".into(), &features);
                    request_device.call1(&this, &descriptor).unwrap_or_else(|e| Promise::reject(&e).into())
                });
                let _ = Reflect::set(&adapter, &"requestDevice".into(), with_subgroups.as_ref());
                with_subgroups.forget();
            }
            Ok(adapter)
        })
    });
    let _ = Reflect::set(&gpu, &"requestAdapter".into(), wrapped.as_ref());
    wrapped.forget();
}

/// Completion times of profiled dispatches: (kernel, milliseconds since the page or process started).
type ProfileLog = Arc<Mutex<Vec<(String, f64)>>>;

/// Where the device's time went while profiling: per kernel (`Kernel::describe`), the dispatches and
/// the milliseconds between the completion of the previous dispatch and its own.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub kernels: Vec<(String, usize, f64)>,
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: f64 = self.kernels.iter().map(|k| k.2).sum();
        for (name, count, ms) in &self.kernels {
            writeln!(f, "{ms:9.2} ms {:5.1}% {count:6}× {name}", 100.0 * ms / total.max(1e-9))?;
        }
        write!(f, "{total:9.2} ms total")
    }
}

/// Whether an adapter is a software rasteriser rather than a GPU (see `GpuContext::is_software`).
fn software(adapter: &wgpu::AdapterInfo) -> bool {
    let name = format!("{} {}", adapter.name, adapter.driver).to_ascii_lowercase();
    adapter.device_type == wgpu::DeviceType::Cpu || ["swiftshader", "llvmpipe", "lavapipe", "warp", "software"].iter().any(|s| name.contains(s))
}

/// A pooled storage buffer; dropping it returns the buffer to its context's pool.
pub struct GpuBuffer {
    buffer: Option<wgpu::Buffer>,
    ctx: Rc<GpuContext>,
}

impl GpuBuffer {
    pub fn raw(&self) -> &wgpu::Buffer {
        self.buffer.as_ref().expect("buffer present until drop")
    }
}

impl Drop for GpuBuffer {
    fn drop(&mut self) {
        if let Some(b) = self.buffer.take() {
            self.ctx.release(b);
        }
    }
}

/// Pool size classes: powers of two split in four (waste ≤ 25%), at least 256 bytes.
fn size_class(bytes: u64) -> u64 {
    let b = bytes.max(256);
    let p = 63 - b.leading_zeros() as u64; // floor(log2)
    let step = (1u64 << p) / 4;
    b.div_ceil(step) * step
}

impl GpuContext {
    /// Picks an adapter and opens a device with the adapter's own limits. Async: in the browser this awaits
    /// `navigator.gpu`; natively it is driven by `pollster`.
    pub async fn new() -> Result<Rc<GpuContext>, String> {
        #[cfg(target_arch = "wasm32")]
        ask_for_subgroups();
        let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
        let adapter = instance
            .request_adapter(&wgpu::RequestAdapterOptions {
                power_preference: wgpu::PowerPreference::HighPerformance,
                ..Default::default()
            })
            .await
            .map_err(|e| format!("no GPU adapter: {e}"))?;
        let adapter_info = adapter.get_info();
        let limits = adapter.limits();
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("mnist-playground"),
                required_limits: limits.clone(),
                required_features: adapter.features() & wgpu::Features::SUBGROUP,
                ..Default::default()
            })
            .await
            .map_err(|e| format!("could not open the GPU device: {e}"))?;
        let lost = Arc::new(AtomicBool::new(false));
        let flag = lost.clone();
        device.set_device_lost_callback(move |_reason, _msg| flag.store(true, Ordering::SeqCst));
        // Validation and out-of-memory errors are collected (and logged) instead of panicking, and the next
        // readback returns them, so a bad model size becomes a message rather than a crashed page.
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = errors.clone();
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            let msg = e.to_string();
            log_error(&msg);
            if let Ok(mut v) = sink.lock() {
                v.push(msg);
            }
        }));
        let info_buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("info arena"),
            size: INFO_SLOT * INFO_SLOTS,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let software = software(&adapter_info);
        let products = Cell::new(if software { Products::Wide } else { Products::Main });
        let ctx = Rc::new(GpuContext {
            device,
            queue,
            adapter: adapter_info,
            limits,
            info_buffer,
            pipelines: RefCell::new(HashMap::new()),
            pool: RefCell::new(HashMap::new()),
            recording: RefCell::new(Recording { pass: None, encoder: None, info: Vec::new() }),
            stats: Cell::new(GpuStats::default()),
            lost,
            errors,
            profile: RefCell::new(None),
            products,
            subgroups: Cell::new(false),
        });
        if ctx.quads_line_up().await {
            ctx.subgroups.set(true);
            if software {
                ctx.products.set(Products::Quad);
            }
        }
        Ok(ctx)
    }

    /// A software rasteriser (SwiftShader, lavapipe/llvmpipe, WARP…) rather than a GPU: on such adapters
    /// the CPU backend may well be faster.
    pub fn is_software(&self) -> bool {
        software(&self.adapter)
    }

    /// Whether the device compiles subgroup quad operations (natively where the adapter has subgroups; in the
    /// browser through `ask_for_subgroups`) and its quads are laid out as `quad` takes them (`QUAD_PROBE`, run
    /// once here: one dispatch and a readback of 16 floats).
    async fn quads_line_up(&self) -> bool {
        let scope = self.device.push_error_scope(wgpu::ErrorFilter::Validation);
        let module = self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("quad probe"),
            source: wgpu::ShaderSource::Wgsl(crate::kernels::with_subgroups(QUAD_PROBE).into()),
        });
        let pipeline = self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("quad probe"),
            layout: None,
            module: &module,
            entry_point: Some("main"),
            compilation_options: wgpu::PipelineCompilationOptions::default(),
            cache: None,
        });
        if scope.pop().await.is_some() {
            return false;
        }
        let lined_up = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("quad probe"),
            size: 64,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.get_bind_group_layout(0),
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: lined_up.as_entire_binding() }],
        });
        let mut encoder = self.device.create_command_encoder(&wgpu::CommandEncoderDescriptor { label: Some("quad probe") });
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("quad probe"), timestamp_writes: None });
            pass.set_pipeline(&pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(1, 1, 1);
        }
        self.queue.submit([encoder.finish()]);
        self.read(&lined_up, 16).await.is_ok_and(|v| v.iter().all(|&x| x == 1.0))
    }

    /// The kernel large matrix products take (default: `Quad` on software adapters with subgroups, `Wide`
    /// on other software adapters, `Main` on GPUs).
    pub fn products(&self) -> Products {
        self.products.get()
    }

    /// The product kernels this device can run: `Main` and `Wide` everywhere, `Quad` with subgroups.
    pub fn product_kernels(&self) -> Vec<Products> {
        let mut kernels = vec![Products::Main, Products::Wide];
        if self.subgroups.get() {
            kernels.push(Products::Quad);
        }
        kernels
    }

    /// Chooses the kernel for large products from now on (tests cover each on any adapter).
    #[doc(hidden)]
    pub fn set_products(&self, kernel: Products) {
        assert!(self.product_kernels().contains(&kernel), "{kernel:?} products need subgroups");
        self.products.set(kernel);
    }

    /// A short human description: adapter name and backend.
    pub fn describe(&self) -> String {
        let name = if self.adapter.name.is_empty() { "unnamed adapter" } else { &self.adapter.name };
        let kind = match self.adapter.device_type {
            wgpu::DeviceType::Cpu => "software/CPU",
            wgpu::DeviceType::DiscreteGpu => "discrete GPU",
            wgpu::DeviceType::IntegratedGpu => "integrated GPU",
            wgpu::DeviceType::VirtualGpu => "virtual GPU",
            wgpu::DeviceType::Other => "GPU",
        };
        format!("{name} ({:?}, {kind})", self.adapter.backend)
    }

    pub fn stats(&self) -> GpuStats {
        let mut s = self.stats.get();
        s.buffers_pooled = self.pool.borrow().values().map(Vec::len).sum();
        s.pipelines = self.pipelines.borrow().len();
        s
    }

    fn bump(&self, f: impl FnOnce(&mut GpuStats)) {
        let mut s = self.stats.get();
        f(&mut s);
        self.stats.set(s);
    }

    /// True once the device reported itself lost (destroyed, driver reset); a new context is needed.
    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    /// Errors the device reported since the last call (validation, out of memory), oldest first.
    pub fn take_errors(&self) -> Vec<String> {
        self.errors.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }

    /// Destroys the device (for tests of device loss).
    pub fn destroy(&self) {
        self.lost.store(true, Ordering::SeqCst);
        self.device.destroy();
    }

    /// A buffer of at least `bytes`, from the pool when one of the same size class is free. Its contents are
    /// whatever the last user left: callers overwrite it or clear it.
    pub fn alloc(self: &Rc<Self>, bytes: u64) -> GpuBuffer {
        let class = size_class(bytes);
        let reused = self.pool.borrow_mut().get_mut(&class).and_then(Vec::pop);
        let buffer = reused.unwrap_or_else(|| {
            self.bump(|s| {
                s.buffers_created += 1;
                s.bytes_created += class;
            });
            self.device.create_buffer(&wgpu::BufferDescriptor {
                label: None,
                size: class,
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        });
        self.bump(|s| s.buffers_live += 1);
        GpuBuffer { buffer: Some(buffer), ctx: self.clone() }
    }

    fn release(&self, buffer: wgpu::Buffer) {
        self.bump(|s| s.buffers_live -= 1);
        self.pool.borrow_mut().entry(buffer.size()).or_default().push(buffer);
    }

    /// A pooled buffer holding `data`. The data goes through a small mapped staging buffer and a recorded
    /// copy, not `queue.write_buffer`: the pooled buffer may still be read by recorded-but-unsubmitted
    /// dispatches, and a queue write would land before them. The staging buffer is freed once the copy ran.
    pub fn upload(self: &Rc<Self>, data: &[f32]) -> GpuBuffer {
        self.upload_bytes(bytemuck::cast_slice(data))
    }

    /// A pooled buffer holding `bytes` (zero-padded to whole 4-byte words), uploaded as `upload` does.
    pub fn upload_bytes(self: &Rc<Self>, bytes: &[u8]) -> GpuBuffer {
        let padded;
        let bytes = if bytes.len() % 4 == 0 {
            bytes
        } else {
            padded = [bytes, &[0u8; 3][..4 - bytes.len() % 4]].concat();
            &padded[..]
        };
        let out = self.alloc(bytes.len() as u64);
        if bytes.is_empty() {
            return out;
        }
        let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("upload"),
            size: bytes.len() as u64,
            usage: wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: true,
        });
        staging.slice(..).get_mapped_range_mut().expect("a buffer mapped at creation").copy_from_slice(bytes);
        staging.unmap();
        self.with_encoder(|e| e.copy_buffer_to_buffer(&staging, 0, out.raw(), 0, bytes.len() as u64));
        out
    }

    /// A buffer of `n` zeros (cleared by a recorded command, so ordering with other work is kept).
    pub fn zeros(self: &Rc<Self>, n: usize) -> GpuBuffer {
        let b = self.alloc(4 * n as u64);
        self.with_encoder(|e| e.clear_buffer(b.raw(), 0, None));
        b
    }

    /// Records a buffer-to-buffer copy of `n` floats.
    pub fn copy(&self, src: &wgpu::Buffer, dst: &wgpu::Buffer, n: usize) {
        if n > 0 {
            self.with_encoder(|e| e.copy_buffer_to_buffer(src, 0, dst, 0, 4 * n as u64));
        }
    }

    fn with_encoder<R>(&self, f: impl FnOnce(&mut wgpu::CommandEncoder) -> R) -> R {
        f(self.recording.borrow_mut().encoder(&self.device))
    }

    fn pipeline(&self, kernel: Kernel) -> Rc<Pipeline> {
        if let Some(p) = self.pipelines.borrow().get(&kernel) {
            return p.clone();
        }
        let module = self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(kernel.shader.file_name()),
            source: wgpu::ShaderSource::Wgsl(kernel.shader.source().into()),
        });
        let storage = |binding: u32, read_only: bool| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::COMPUTE,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Storage { read_only },
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        };
        // Binding 0 is the info slot; then the read-only inputs; then the outputs.
        let entries: Vec<_> = (0..=kernel.reads + kernel.writes).map(|b| storage(b, b <= kernel.reads)).collect();
        let layout = self.device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor { label: None, entries: &entries });
        let pipeline_layout = self.device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: None,
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let constants = kernel.constants();
        let pipeline = self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some(kernel.entry),
            layout: Some(&pipeline_layout),
            module: &module,
            entry_point: Some(kernel.entry),
            compilation_options: wgpu::PipelineCompilationOptions { constants: &constants, ..Default::default() },
            cache: None,
        });
        let p = Rc::new(Pipeline { pipeline, layout });
        self.pipelines.borrow_mut().insert(kernel, p.clone());
        p
    }

    /// Records one dispatch of `kernel` over `groups` workgroups. `info` is the kernel's parameter block
    /// (≤ 64 words); `buffers` are the inputs then the outputs, in binding order.
    pub fn dispatch(&self, kernel: Kernel, info: &[u32], buffers: &[&wgpu::Buffer], groups: [u32; 3]) {
        assert!(info.len() * 4 <= INFO_SLOT as usize, "info block of {} words is too long", info.len());
        assert_eq!(buffers.len() as u32, kernel.reads + kernel.writes, "{} takes {} buffers", kernel.entry, kernel.reads + kernel.writes);
        if groups.contains(&0) {
            return;
        }
        assert!(groups.iter().all(|&g| g <= MAX_GROUPS), "{}: dispatch {groups:?} exceeds 65535 per dimension", kernel.entry);
        if self.recording.borrow().info.len() as u64 >= INFO_SLOT * INFO_SLOTS {
            self.flush();
        }
        let pipeline = self.pipeline(kernel);
        let offset = {
            let mut rec = self.recording.borrow_mut();
            let offset = rec.info.len() as u64;
            rec.info.extend_from_slice(bytemuck::cast_slice(info));
            rec.info.resize((offset + INFO_SLOT) as usize, 0);
            offset
        };
        let mut entries = vec![wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                buffer: &self.info_buffer,
                offset,
                size: wgpu::BufferSize::new(INFO_SLOT),
            }),
        }];
        for (i, b) in buffers.iter().enumerate() {
            entries.push(wgpu::BindGroupEntry { binding: i as u32 + 1, resource: b.as_entire_binding() });
        }
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.layout,
            entries: &entries,
        });
        {
            let mut rec = self.recording.borrow_mut();
            let pass = rec.pass(&self.device);
            pass.set_pipeline(&pipeline.pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(groups[0], groups[1], groups[2]);
        }
        self.bump(|s| s.dispatches += 1);
        self.log_completion(kernel);
    }

    /// Profiling: from now on every dispatch is submitted alone and its completion time logged (slow; for
    /// finding where a step's time goes, e.g. `bench.html?profile=1`). Starts a fresh log.
    pub fn start_profile(&self) {
        self.flush();
        let log: ProfileLog = Arc::new(Mutex::new(vec![("start".into(), crate::clock::now_ms())]));
        #[cfg(not(target_arch = "wasm32"))]
        let _ = self.device.poll(wgpu::PollType::wait_indefinitely());
        *self.profile.borrow_mut() = Some(log);
    }

    /// Stops profiling and sums the log per kernel, slowest first. Await a readback (or `Device::sync`)
    /// first so that every logged dispatch has completed.
    pub fn take_profile(&self) -> Profile {
        let Some(log) = self.profile.borrow_mut().take() else { return Profile::default() };
        let log = log.lock().map(|l| l.clone()).unwrap_or_default();
        let mut sums: Vec<(String, usize, f64)> = vec![];
        for pair in log.windows(2) {
            let (name, ms) = (&pair[1].0, pair[1].1 - pair[0].1);
            match sums.iter_mut().find(|s| &s.0 == name) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += ms;
                }
                None => sums.push((name.clone(), 1, ms)),
            }
        }
        crate::sort_by_f64(&mut sums, |s| -s.2);
        Profile { kernels: sums }
    }

    fn log_completion(&self, kernel: Kernel) {
        let Some(log) = self.profile.borrow().clone() else { return };
        self.flush();
        let name = kernel.describe();
        self.queue.on_submitted_work_done(move || {
            if let Ok(mut l) = log.lock() {
                l.push((name, crate::clock::now_ms()));
            }
        });
        #[cfg(not(target_arch = "wasm32"))]
        let _ = self.device.poll(wgpu::PollType::wait_indefinitely());
    }

    /// Records a 1-D dispatch with one thread per element; grids over 65,535 groups fold into y, and the
    /// shader recovers the flat index with `flat_index` (shaders/common.wgsl).
    pub fn dispatch_1d(&self, kernel: Kernel, info: &[u32], buffers: &[&wgpu::Buffer], n: usize) {
        self.dispatch(kernel, info, buffers, grid_1d(n as u32, WORKGROUP));
    }

    /// Records a dispatch of one workgroup per item, `n` of them; grids over 65,535 fold into y, and the shader
    /// recovers the item with `group_index` (shaders/common.wgsl), doing nothing past the last.
    pub fn dispatch_groups(&self, kernel: Kernel, info: &[u32], buffers: &[&wgpu::Buffer], n: usize) {
        self.dispatch(kernel, info, buffers, grid_1d(n as u32, 1));
    }

    /// Records a 1-D dispatch over `n` elements with one thread per four consecutive ones (a kernel that reads
    /// and writes `vec4`s). Every pooled buffer is a whole multiple of 16 bytes (`size_class`), so the last
    /// vec4 of an `n` that is not a multiple of 4 lands in the buffer's slack, which no tensor reads as data.
    pub fn dispatch_vec4(&self, kernel: Kernel, info: &[u32], buffers: &[&wgpu::Buffer], n: usize) {
        self.dispatch_1d(kernel, info, buffers, n.div_ceil(4));
    }

    /// Submits everything recorded so far (one command buffer).
    pub fn flush(&self) {
        let mut rec = self.recording.borrow_mut();
        rec.pass = None;
        let Some(encoder) = rec.encoder.take() else { return };
        if !rec.info.is_empty() {
            self.queue.write_buffer(&self.info_buffer, 0, &rec.info);
            rec.info.clear();
        }
        drop(rec);
        self.queue.submit([encoder.finish()]);
        self.bump(|s| s.submits += 1);
    }

    /// Copies `n` floats of `src` back to the host. Never blocks on the web: the map callback resolves a
    /// future that the browser's event loop completes; natively the device is polled to completion.
    pub async fn read(&self, src: &wgpu::Buffer, n: usize) -> Result<Vec<f32>, String> {
        if self.is_lost() {
            return Err("the GPU device was lost".into());
        }
        if n == 0 {
            return Ok(vec![]);
        }
        let bytes = 4 * n as u64;
        let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("readback"),
            size: bytes,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.with_encoder(|e| e.copy_buffer_to_buffer(src, 0, &staging, 0, bytes));
        self.flush();
        let (tx, rx) = futures_channel::oneshot::channel();
        staging.slice(..).map_async(wgpu::MapMode::Read, move |r| {
            let _ = tx.send(r);
        });
        #[cfg(not(target_arch = "wasm32"))]
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|e| format!("GPU poll failed: {e}"))?;
        rx.await
            .map_err(|_| "the GPU dropped a readback".to_string())?
            .map_err(|e| format!("GPU readback failed: {e}"))?;
        if let Some(e) = self.take_errors().into_iter().next() {
            return Err(format!("GPU error: {e}"));
        }
        let out = {
            let view = staging.slice(..).get_mapped_range().map_err(|e| format!("GPU readback failed: {e:?}"))?;
            bytemuck::cast_slice::<u8, f32>(&view).to_vec()
        };
        staging.unmap();
        Ok(out)
    }
}

fn log_error(msg: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&format!("WebGPU error: {msg}").into());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("GPU error: {msg}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_waste_at_most_a_quarter() {
        for b in [1u64, 255, 256, 257, 1000, 4096, 5000, 1 << 20, 3 << 20] {
            let c = size_class(b);
            assert!(c >= b && c >= 256);
            assert_eq!(c % 16, 0, "dispatch_vec4 relies on whole vec4s: {b} -> {c}");
            assert!(c <= (b.max(256) * 5).div_ceil(4), "{b} -> {c}");
        }
    }

}
