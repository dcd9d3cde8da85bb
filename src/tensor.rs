//! `Tensor`: an f32, row-major, contiguous array on a `Device`, with reverse-mode autograd.
//!
//! Autograd follows micrograd: every op builds its result together with a closure that maps the result's
//! gradient to its inputs' gradients. A node is recorded only when some input requires a gradient and
//! recording is enabled (`no_grad` turns it off). `backward()` walks the graph in reverse topological order
//! and adds up contributions, so a tensor used twice gets both.

use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::device::{Device, Storage};
use crate::shape::numel;

type BackwardFn = Box<dyn Fn(&Tensor) -> Vec<Option<Tensor>>>;

struct Node {
    name: &'static str,
    inputs: Vec<Tensor>,
    backward: BackwardFn,
}

struct Inner {
    id: usize,
    shape: Vec<usize>,
    device: Device,
    storage: Rc<Storage>,
    requires_grad: bool,
    grad: RefCell<Option<Tensor>>,
    node: Option<Node>,
}

/// A handle to a tensor; cloning is cheap and shares the data, gradient and graph position.
#[derive(Clone)]
pub struct Tensor(Rc<Inner>);

thread_local! {
    static NEXT_ID: Cell<usize> = const { Cell::new(0) };
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

fn next_id() -> usize {
    NEXT_ID.with(|c| {
        let id = c.get();
        c.set(id + 1);
        id
    })
}

/// Runs `f` without recording a graph (evaluation, optimizer updates, the backward pass itself).
pub fn no_grad<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            GRAD_ENABLED.with(|g| g.set(self.0));
        }
    }
    let _restore = Restore(GRAD_ENABLED.with(|g| g.replace(false)));
    f()
}

pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(|g| g.get())
}

impl Tensor {
    pub(crate) fn from_storage(storage: Storage, shape: Vec<usize>, device: &Device) -> Tensor {
        Tensor(Rc::new(Inner {
            id: next_id(),
            shape,
            device: device.clone(),
            storage: Rc::new(storage),
            requires_grad: false,
            grad: RefCell::new(None),
            node: None,
        }))
    }

    /// Attaches `backward` to a freshly computed result when any of `inputs` requires a gradient.
    /// `backward` receives d(loss)/d(result) and returns one gradient (or None) per input, in order.
    pub(crate) fn record(
        self,
        name: &'static str,
        inputs: &[&Tensor],
        backward: impl Fn(&Tensor) -> Vec<Option<Tensor>> + 'static,
    ) -> Tensor {
        if !is_grad_enabled() || !inputs.iter().any(|t| t.requires_grad()) {
            return self;
        }
        let inner = Rc::try_unwrap(self.0).unwrap_or_else(|_| panic!("record() takes a fresh result"));
        Tensor(Rc::new(Inner {
            requires_grad: true,
            node: Some(Node {
                name,
                inputs: inputs.iter().map(|t| (*t).clone()).collect(),
                backward: Box::new(backward),
            }),
            ..inner
        }))
    }

    // ---- creation -------------------------------------------------------------------------------------

    /// A tensor holding `data` with `shape` (row-major). Panics if the lengths disagree.
    pub fn from_vec(data: Vec<f32>, shape: &[usize], device: &Device) -> Tensor {
        assert_eq!(data.len(), numel(shape), "data of length {} does not fill shape {shape:?}", data.len());
        let storage = match device {
            Device::Cpu => Storage::Cpu(RefCell::new(data)),
            Device::Gpu(g) => Storage::Gpu(g.upload(&data)),
        };
        Tensor::from_storage(storage, shape.to_vec(), device)
    }

    pub fn from_slice(data: &[f32], shape: &[usize], device: &Device) -> Tensor {
        Tensor::from_vec(data.to_vec(), shape, device)
    }

    /// A rank-0 tensor.
    pub fn scalar(v: f32, device: &Device) -> Tensor {
        Tensor::from_vec(vec![v], &[], device)
    }

    pub fn zeros(shape: &[usize], device: &Device) -> Tensor {
        match device {
            Device::Cpu => Tensor::from_vec(vec![0.0; numel(shape)], shape, device),
            Device::Gpu(g) => Tensor::from_storage(Storage::Gpu(g.zeros(numel(shape))), shape.to_vec(), device),
        }
    }

    pub fn full(shape: &[usize], v: f32, device: &Device) -> Tensor {
        match device {
            Device::Cpu => Tensor::from_vec(vec![v; numel(shape)], shape, device),
            // Filled by kernels from pooled buffers: no upload (backward seeds one of these every step).
            Device::Gpu(_) => no_grad(|| Tensor::zeros(shape, device).add_scalar(v)),
        }
    }

    pub fn ones(shape: &[usize], device: &Device) -> Tensor {
        Tensor::full(shape, 1.0, device)
    }

    pub fn zeros_like(&self) -> Tensor {
        Tensor::zeros(self.shape(), self.device())
    }

    pub fn ones_like(&self) -> Tensor {
        Tensor::ones(self.shape(), self.device())
    }

    /// A copy on `device` (async: reading a GPU tensor back to the host awaits the GPU).
    pub async fn to_device(&self, device: &Device) -> Result<Tensor, String> {
        if self.device().same(device) {
            return Ok(self.detach());
        }
        Ok(Tensor::from_vec(self.to_vec().await?, self.shape(), device))
    }

    // ---- accessors ------------------------------------------------------------------------------------

    pub fn shape(&self) -> &[usize] {
        &self.0.shape
    }

    pub fn rank(&self) -> usize {
        self.0.shape.len()
    }

    pub fn numel(&self) -> usize {
        numel(&self.0.shape)
    }

    pub fn device(&self) -> &Device {
        &self.0.device
    }

    /// A stable identity (the graph key).
    pub fn id(&self) -> usize {
        self.0.id
    }

    pub fn requires_grad(&self) -> bool {
        self.0.requires_grad
    }

    /// The name of the op that produced this tensor, if it is in a graph.
    pub fn op_name(&self) -> Option<&'static str> {
        self.0.node.as_ref().map(|n| n.name)
    }

    /// A new graph leaf over this tensor's storage.
    fn share(&self, shape: Vec<usize>, requires_grad: bool) -> Tensor {
        Tensor(Rc::new(Inner {
            id: next_id(),
            shape,
            device: self.0.device.clone(),
            storage: self.0.storage.clone(),
            requires_grad,
            grad: RefCell::new(None),
            node: None,
        }))
    }

    /// This tensor's data as a trainable leaf: gradients accumulate into `grad()`.
    pub fn requires_grad_(self) -> Tensor {
        self.share(self.0.shape.clone(), true)
    }

    /// The same data, cut from the graph (no gradient flows through it).
    pub fn detach(&self) -> Tensor {
        self.share(self.0.shape.clone(), false)
    }

    /// The accumulated gradient of a leaf after `backward()`.
    pub fn grad(&self) -> Option<Tensor> {
        self.0.grad.borrow().clone()
    }

    pub fn zero_grad(&self) {
        *self.0.grad.borrow_mut() = None;
    }

    /// Adds `g` (same shape and device) to this leaf's gradient, as `backward` does: how gradients computed
    /// elsewhere (another worker's share of a minibatch) join this one's.
    pub fn accumulate_grad(&self, g: &Tensor) {
        assert_eq!(self.shape(), g.shape(), "accumulate_grad: shape mismatch");
        self.same_device(g, "accumulate_grad");
        let mut slot = self.0.grad.borrow_mut();
        *slot = Some(match slot.take() {
            Some(prev) => no_grad(|| prev.add(g)),
            None => g.detach(),
        });
    }

    pub(crate) fn storage(&self) -> &Storage {
        &self.0.storage
    }

    /// Same storage viewed with another shape of equal size (free: tensors are contiguous).
    pub(crate) fn view(&self, shape: Vec<usize>) -> Tensor {
        debug_assert_eq!(numel(&shape), self.numel());
        self.share(shape, false)
    }

    /// Host data of a CPU tensor.
    pub(crate) fn cpu(&self) -> Ref<'_, Vec<f32>> {
        match self.storage() {
            Storage::Cpu(v) => v.borrow(),
            Storage::Gpu(_) => panic!("expected a CPU tensor"),
        }
    }

    pub(crate) fn cpu_mut(&self) -> std::cell::RefMut<'_, Vec<f32>> {
        match self.storage() {
            Storage::Cpu(v) => v.borrow_mut(),
            Storage::Gpu(_) => panic!("expected a CPU tensor"),
        }
    }

    /// The GPU buffer of a GPU tensor.
    pub(crate) fn buf(&self) -> &wgpu::Buffer {
        match self.storage() {
            Storage::Gpu(b) => b.raw(),
            Storage::Cpu(_) => panic!("expected a GPU tensor"),
        }
    }

    pub(crate) fn same_device(&self, other: &Tensor, op: &str) {
        assert!(self.device().same(other.device()), "{op}: tensors on different devices ({:?} and {:?})", self.device(), other.device());
    }

    /// Overwrites this tensor's data with `src`'s (same shape and device). Used to load weights in place.
    pub fn assign(&self, src: &Tensor) {
        assert_eq!(self.shape(), src.shape(), "assign: shape mismatch");
        self.same_device(src, "assign");
        match (self.storage(), src.storage()) {
            (Storage::Cpu(d), Storage::Cpu(s)) => d.borrow_mut().copy_from_slice(&s.borrow()),
            (Storage::Gpu(d), Storage::Gpu(s)) => self.device().gpu_ctx().unwrap().copy(s.raw(), d.raw(), self.numel()),
            _ => unreachable!(),
        }
    }

    // ---- readback ------------------------------------------------------------------------------------

    /// The elements, row-major. On the GPU this submits pending work and awaits the copy.
    pub async fn to_vec(&self) -> Result<Vec<f32>, String> {
        match self.storage() {
            Storage::Cpu(v) => Ok(v.borrow().clone()),
            Storage::Gpu(b) => self.device().gpu_ctx().unwrap().read(b.raw(), self.numel()).await,
        }
    }

    /// The single element of a one-element tensor.
    pub async fn item(&self) -> Result<f32, String> {
        assert_eq!(self.numel(), 1, "item() of a tensor with {} elements", self.numel());
        Ok(self.to_vec().await?[0])
    }

    /// Native convenience for tests and tools: `to_vec` driven to completion.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_vec_blocking(&self) -> Vec<f32> {
        pollster::block_on(self.to_vec()).expect("readback failed")
    }

    // ---- autograd ------------------------------------------------------------------------------------

    /// Back-propagates from this tensor (seeded with ones), accumulating into every leaf's `grad()`.
    pub fn backward(&self) {
        assert!(self.requires_grad(), "backward() on a tensor that does not require grad");
        let order = self.topological_order();
        let mut grads: HashMap<usize, Tensor> = HashMap::new();
        grads.insert(self.id(), self.ones_like());
        no_grad(|| {
            for t in order.iter().rev() {
                let Some(g) = grads.remove(&t.id()) else { continue };
                match &t.0.node {
                    Some(node) => {
                        let input_grads = (node.backward)(&g);
                        debug_assert_eq!(input_grads.len(), node.inputs.len(), "{}: one gradient per input", node.name);
                        for (input, ig) in node.inputs.iter().zip(input_grads) {
                            let Some(ig) = ig else { continue };
                            if !input.requires_grad() {
                                continue;
                            }
                            debug_assert_eq!(ig.shape(), input.shape(), "{}: gradient shape", node.name);
                            let acc = match grads.remove(&input.id()) {
                                Some(prev) => prev.add(&ig),
                                None => ig,
                            };
                            grads.insert(input.id(), acc);
                        }
                    }
                    None => {
                        let mut slot = t.0.grad.borrow_mut();
                        *slot = Some(match slot.take() {
                            Some(prev) => prev.add(&g),
                            None => g,
                        });
                    }
                }
            }
        });
    }

    /// Tensors reachable from `self` that require grad, each after all of its inputs.
    fn topological_order(&self) -> Vec<Tensor> {
        let mut order = Vec::new();
        let mut visited = std::collections::HashSet::new();
        // Iterative DFS (deep graphs must not overflow the wasm stack): (tensor, children pushed?).
        let mut stack = vec![(self.clone(), false)];
        while let Some((t, expanded)) = stack.pop() {
            if expanded {
                order.push(t);
                continue;
            }
            if !visited.insert(t.id()) {
                continue;
            }
            stack.push((t.clone(), true));
            if let Some(node) = &t.0.node {
                for input in &node.inputs {
                    if input.requires_grad() && !visited.contains(&input.id()) {
                        stack.push((input.clone(), false));
                    }
                }
            }
        }
        order
    }
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tensor{:?} on {:?}", self.shape(), self.device())?;
        if let Some(n) = self.op_name() {
            write!(f, " from {n}")?;
        }
        Ok(())
    }
}
