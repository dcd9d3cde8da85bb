//! Elementwise binary ops with NumPy broadcasting, comparisons, and `where`.
//! Kernels: shaders/binary.wgsl, shaders/where.wgsl.

use super::output;
use crate::kernels::{info_dims, word};
use crate::kernels::{Kernel, Shader};
use crate::shape::{broadcast_shape, broadcast_strides, numel};
use crate::tensor::Tensor;
use crate::Device;

const BINARY: Kernel = Kernel::new(Shader::Binary, "main", 2, 1).overrides(&["OP"]);
const SAME: Kernel = Kernel::new(Shader::Binary, "same", 2, 1).overrides(&["OP"]);
const WHERE: Kernel = Kernel::new(Shader::Where, "main", 3, 1);

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Gt,
    Eq,
    Ge,
    Le,
    Ne,
    /// Activation gradients in one kernel each (a backward pass's elementwise step): g · (x > 0) for ReLU,
    /// g · y(1 − y) for the sigmoid and g · (1 − y²) for tanh (`self` = g; `other` = the input x or the output y).
    ReluGrad,
    SigmoidGrad,
    TanhGrad,
}

impl Binary {
    fn code(self) -> u32 {
        self as u32
    }

    #[inline(always)]
    fn eval(self, x: f32, y: f32) -> f32 {
        match self {
            Binary::Add => x + y,
            Binary::Sub => x - y,
            Binary::Mul => x * y,
            Binary::Div => x / y,
            Binary::Lt => f32::from(x < y),
            Binary::Gt => f32::from(x > y),
            Binary::Eq => f32::from(x == y),
            Binary::Ge => f32::from(x >= y),
            Binary::Le => f32::from(x <= y),
            Binary::Ne => f32::from(x != y),
            Binary::ReluGrad => if y > 0.0 { x } else { 0.0 },
            Binary::SigmoidGrad => x * (y * (1.0 - y)),
            Binary::TanhGrad => x * (1.0 - y * y),
        }
    }
}

/// Calls `f(i, offsets)` for every output index with each input's offset under its strides (an odometer:
/// no division per element).
pub(crate) fn for_each_broadcast<const K: usize>(shape: &[usize], strides: [&[usize]; K], mut f: impl FnMut(usize, [usize; K])) {
    let rank = shape.len();
    let mut idx = vec![0usize; rank];
    let mut off = [0usize; K];
    for i in 0..numel(shape) {
        f(i, off);
        for d in (0..rank).rev() {
            idx[d] += 1;
            for k in 0..K {
                off[k] += strides[k][d];
            }
            if idx[d] < shape[d] {
                break;
            }
            for k in 0..K {
                off[k] -= strides[k][d] * shape[d];
            }
            idx[d] = 0;
        }
    }
}

fn forward(a: &Tensor, b: &Tensor, op: Binary) -> Tensor {
    a.same_device(b, "binary op");
    let shape = broadcast_shape(a.shape(), b.shape()).unwrap_or_else(|e| panic!("{op:?}: {e}"));
    let out = output(&shape, a.device());
    let same = a.shape() == b.shape();
    let (sa, sb) = (broadcast_strides(a.shape(), &shape), broadcast_strides(b.shape(), &shape));
    match a.device() {
        Device::Cpu => {
            let (x, y) = (a.cpu(), b.cpu());
            let mut o = out.cpu_mut();
            if same {
                same_shape(op, &mut o, &x, &y);
            } else {
                for_each_broadcast(&shape, [&sa, &sb], |i, [ia, ib]| o[i] = op.eval(x[ia], y[ib]));
            }
        }
        Device::Gpu(g) => {
            let buffers = [a.buf(), b.buf(), out.buf()];
            if same {
                g.dispatch_vec4(SAME.with(&[op.code()]), &[word(out.numel())], &buffers, out.numel());
            } else {
                let mut info = vec![word(out.numel()), word(shape.len())];
                info.extend(info_dims(&shape));
                info.extend(info_dims(&sa));
                info.extend(info_dims(&sb));
                g.dispatch_vec4(BINARY.with(&[op.code()]), &info, &buffers, out.numel());
            }
        }
    }
    out
}

/// `o[i] = op(x[i], y[i])` on the CPU, the op chosen once outside the loop: one loop per op, which vectorises.
fn same_shape(op: Binary, o: &mut [f32], x: &[f32], y: &[f32]) {
    #[inline(always)]
    fn each(o: &mut [f32], x: &[f32], y: &[f32], f: impl Fn(f32, f32) -> f32) {
        for ((o, &x), &y) in o.iter_mut().zip(x).zip(y) {
            *o = f(x, y);
        }
    }
    macro_rules! by_op {
        ($($v:ident),*) => {
            match op {
                $(Binary::$v => each(o, x, y, |x, y| Binary::$v.eval(x, y)),)*
            }
        };
    }
    by_op!(Add, Sub, Mul, Div, Lt, Gt, Eq, Ge, Le, Ne, ReluGrad, SigmoidGrad, TanhGrad)
}

impl Tensor {
    fn binary(&self, other: &Tensor, op: Binary) -> Tensor {
        let out = forward(self, other, op);
        let (a, b) = (self.detach(), other.detach());
        out.record("binary", &[self, other], move |g| {
            let (ga, gb) = match op {
                Binary::Add => (g.clone(), g.clone()),
                Binary::Sub => (g.clone(), g.neg()),
                Binary::Mul => (g.mul(&b), g.mul(&a)),
                Binary::Div => (g.div(&b), g.mul(&a).div(&b.mul(&b)).neg()),
                _ => return vec![None, None],
            };
            vec![Some(ga.sum_to(a.shape())), Some(gb.sum_to(b.shape()))]
        })
    }

    /// An activation's gradient: `self` is the incoming gradient, `saved` the activation's input (ReLU) or
    /// output (sigmoid, tanh). One kernel; no gradient of its own.
    pub(crate) fn activation_grad(&self, saved: &Tensor, op: Binary) -> Tensor {
        forward(self, saved, op)
    }

    pub fn add(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Add)
    }
    pub fn sub(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Sub)
    }
    pub fn mul(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Mul)
    }
    pub fn div(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Div)
    }
    /// 1.0 where self < other, else 0.0 (broadcasting; no gradient). Likewise `gt`, `eq`, `ge`, `le`, `ne`.
    pub fn lt(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Lt)
    }
    pub fn gt(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Gt)
    }
    pub fn eq(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Eq)
    }
    pub fn ge(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Ge)
    }
    pub fn le(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Le)
    }
    pub fn ne(&self, other: &Tensor) -> Tensor {
        self.binary(other, Binary::Ne)
    }

    /// `cond != 0 ? a : b` elementwise, all three broadcast together. Gradients flow to the chosen side.
    pub fn where_(cond: &Tensor, a: &Tensor, b: &Tensor) -> Tensor {
        cond.same_device(a, "where");
        a.same_device(b, "where");
        let shape = broadcast_shape(a.shape(), b.shape()).and_then(|s| broadcast_shape(&s, cond.shape())).unwrap_or_else(|e| panic!("where: {e}"));
        let out = output(&shape, a.device());
        let strides = [cond, a, b].map(|t| broadcast_strides(t.shape(), &shape));
        match a.device() {
            Device::Cpu => {
                let (c, x, y) = (cond.cpu(), a.cpu(), b.cpu());
                let mut o = out.cpu_mut();
                for_each_broadcast(&shape, [&strides[0], &strides[1], &strides[2]], |i, [ic, ia, ib]| {
                    o[i] = if c[ic] != 0.0 { x[ia] } else { y[ib] };
                });
            }
            Device::Gpu(g) => {
                let mut info = vec![word(out.numel()), word(shape.len())];
                info.extend(info_dims(&shape));
                for s in &strides {
                    info.extend(info_dims(s));
                }
                g.dispatch_1d(WHERE, &info, &[cond.buf(), a.buf(), b.buf(), out.buf()], out.numel());
            }
        }
        let (c, sa, sb) = (cond.detach(), a.shape().to_vec(), b.shape().to_vec());
        out.record("where", &[cond, a, b], move |g| {
            let zero = Tensor::zeros(&[], g.device());
            vec![None, Some(Tensor::where_(&c, g, &zero).sum_to(&sa)), Some(Tensor::where_(&c, &zero, g).sum_to(&sb))]
        })
    }
}

macro_rules! operator {
    ($trait:ident, $method:ident, $scalar:expr) => {
        impl std::ops::$trait<&Tensor> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$method(self, rhs)
            }
        }
        impl std::ops::$trait<f32> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: f32) -> Tensor {
                let f: fn(&Tensor, f32) -> Tensor = $scalar;
                f(self, rhs)
            }
        }
    };
}

operator!(Add, add, |t, c| t.add_scalar(c));
operator!(Sub, sub, |t, c| t.add_scalar(-c));
operator!(Mul, mul, |t, c| t.mul_scalar(c));
operator!(Div, div, |t, c| t.mul_scalar(1.0 / c));

impl std::ops::Neg for &Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(self)
    }
}
