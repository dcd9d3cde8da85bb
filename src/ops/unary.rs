//! Elementwise unary ops and tensor–scalar ops. Kernel: shaders/unary.wgsl.

use super::output;
use crate::kernels::word;
use crate::gpu::GpuContext;
use super::binary::Binary;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const KERNEL: Kernel = Kernel::new(Shader::Unary, "main", 1, 1).overrides(&["OP"]);

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Unary {
    Neg,
    Exp,
    Log,
    Sqrt,
    Relu,
    Sigmoid,
    Tanh,
    Abs,
    Sign,
    AddScalar(f32),
    MulScalar(f32),
    PowScalar(f32),
    GtScalar(f32),
}

impl Unary {
    /// (op code, scalar) as shaders/unary.wgsl's `apply` expects (the code is its pipeline constant OP).
    fn code(self) -> (u32, f32) {
        match self {
            Unary::Neg => (0, 0.0),
            Unary::Exp => (1, 0.0),
            Unary::Log => (2, 0.0),
            Unary::Sqrt => (3, 0.0),
            Unary::Relu => (4, 0.0),
            Unary::Sigmoid => (5, 0.0),
            Unary::Tanh => (6, 0.0),
            Unary::Abs => (7, 0.0),
            Unary::Sign => (8, 0.0),
            Unary::AddScalar(c) => (9, c),
            Unary::MulScalar(c) => (10, c),
            Unary::PowScalar(c) => (11, c),
            Unary::GtScalar(c) => (12, c),
        }
    }

    /// The CPU reference of the same function.
    pub(crate) fn eval(self, v: f32) -> f32 {
        match self {
            Unary::Neg => -v,
            Unary::Exp => v.exp(),
            Unary::Log => v.ln(),
            Unary::Sqrt => v.sqrt(),
            Unary::Relu => {
                if v > 0.0 {
                    v
                } else {
                    0.0
                }
            }
            Unary::Sigmoid => 1.0 / (1.0 + (-v).exp()),
            Unary::Tanh => v.tanh(),
            Unary::Abs => v.abs(),
            Unary::Sign => {
                if v > 0.0 {
                    1.0
                } else if v < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Unary::AddScalar(c) => v + c,
            Unary::MulScalar(c) => v * c,
            Unary::PowScalar(c) => v.powf(c),
            Unary::GtScalar(c) => f32::from(v > c),
        }
    }

    /// d(out)/d(x) times the incoming gradient `g`, from the input `x` and the output `y`.
    pub(super) fn grad(self, x: &Tensor, y: &Tensor, g: &Tensor) -> Option<Tensor> {
        Some(match self {
            Unary::Neg => g.neg(),
            Unary::Exp => g.mul(y),
            Unary::Log => g.div(x),
            Unary::Sqrt => g.div(y).mul_scalar(0.5),
            // NOTE: the mask is x > 0, so the gradient at exactly 0 is 0 (PyTorch's convention).
            Unary::Relu => g.activation_grad(x, Binary::ReluGrad),
            Unary::Sigmoid => g.activation_grad(y, Binary::SigmoidGrad),
            Unary::Tanh => g.activation_grad(y, Binary::TanhGrad),
            Unary::Abs => g.mul(&x.sign()),
            Unary::AddScalar(_) => g.clone(),
            Unary::MulScalar(c) => g.mul_scalar(c),
            Unary::PowScalar(c) => g.mul(&x.pow_scalar(c - 1.0)).mul_scalar(c),
            Unary::Sign | Unary::GtScalar(_) => return None,
        })
    }
}

fn forward(x: &Tensor, op: Unary) -> Tensor {
    let out = output(x.shape(), x.device());
    match x.device() {
        Device::Cpu => {
            let src = x.cpu();
            for (o, &v) in out.cpu_mut().iter_mut().zip(src.iter()) {
                *o = op.eval(v);
            }
        }
        Device::Gpu(g) => dispatch(g, op, x, &out),
    }
    out
}

fn dispatch(g: &GpuContext, op: Unary, x: &Tensor, out: &Tensor) {
    let (code, c) = op.code();
    g.dispatch_vec4(KERNEL.with(&[code]), &[word(x.numel()), c.to_bits()], &[x.buf(), out.buf()], x.numel());
}

impl Tensor {
    fn unary(&self, op: Unary) -> Tensor {
        let y = forward(self, op);
        let (x, y_saved) = (self.detach(), y.detach());
        y.record("unary", &[self], move |g| vec![op.grad(&x, &y_saved, g)])
    }

    pub fn neg(&self) -> Tensor {
        self.unary(Unary::Neg)
    }
    pub fn exp(&self) -> Tensor {
        self.unary(Unary::Exp)
    }
    /// Natural logarithm.
    pub fn log(&self) -> Tensor {
        self.unary(Unary::Log)
    }
    pub fn sqrt(&self) -> Tensor {
        self.unary(Unary::Sqrt)
    }
    pub fn relu(&self) -> Tensor {
        self.unary(Unary::Relu)
    }
    pub fn sigmoid(&self) -> Tensor {
        self.unary(Unary::Sigmoid)
    }
    pub fn tanh(&self) -> Tensor {
        self.unary(Unary::Tanh)
    }
    pub fn abs(&self) -> Tensor {
        self.unary(Unary::Abs)
    }
    /// -1, 0 or 1 per element (no gradient).
    pub fn sign(&self) -> Tensor {
        self.unary(Unary::Sign)
    }
    pub fn add_scalar(&self, c: f32) -> Tensor {
        self.unary(Unary::AddScalar(c))
    }
    pub fn mul_scalar(&self, c: f32) -> Tensor {
        self.unary(Unary::MulScalar(c))
    }
    /// x^c; integer powers of negative numbers are exact, other powers of negatives are NaN.
    pub fn pow_scalar(&self, c: f32) -> Tensor {
        self.unary(Unary::PowScalar(c))
    }
    /// 1.0 where x > c, else 0.0 (no gradient).
    pub fn gt_scalar(&self, c: f32) -> Tensor {
        self.unary(Unary::GtScalar(c))
    }
}
