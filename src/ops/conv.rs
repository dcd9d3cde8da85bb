//! 2-D convolution = im2col (a primitive with col2im as its gradient) + a batched matmul. Composing it this
//! way gives conv2d's backward for free from the matmul rule. The unrolled columns are laid out per image,
//! [N, C·KH·KW, OH·OW], so the weights [OC, C·KH·KW] times each image's columns is that image's output
//! [OC, OH·OW] already in NCHW order: no permute forward or backward. Kernel: shaders/conv.wgsl.

use super::matmul::{layer, Act, BiasAxis};
use super::output;
use crate::kernels::word;
use crate::kernels::{Kernel, Shader};
use crate::tensor::Tensor;
use crate::Device;

const IM2COL: Kernel = Kernel::new(Shader::Conv, "im2col", 1, 1);
const IM2COL_SLIDE: Kernel = Kernel::new(Shader::Conv, "im2col_slide", 1, 1);
const IM2COL_ROWS: Kernel = Kernel::new(Shader::Conv, "im2col_rows", 1, 1);
const COL2IM_QUAD: Kernel = Kernel::new(Shader::Conv, "col2im_quad", 1, 1);
const COL2IM: Kernel = Kernel::new(Shader::Conv, "col2im", 1, 1).overrides(&["STRIDE1"]);

/// Geometry of one convolution: input [n, c, h, w], kernel kh×kw, output oh×ow.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ConvGeom {
    n: usize,
    c: usize,
    h: usize,
    w: usize,
    kh: usize,
    kw: usize,
    oh: usize,
    ow: usize,
    stride: usize,
    pad: usize,
}

impl ConvGeom {
    pub(crate) fn new(input: &[usize], kh: usize, kw: usize, stride: usize, pad: usize) -> ConvGeom {
        let [n, c, h, w] = input[..] else { panic!("conv2d input must be [N, C, H, W], got {input:?}") };
        assert!(stride > 0, "conv2d: stride must be positive");
        assert!(h + 2 * pad >= kh && w + 2 * pad >= kw, "conv2d: kernel {kh}×{kw} larger than padded input {h}×{w}");
        let oh = (h + 2 * pad - kh) / stride + 1;
        let ow = (w + 2 * pad - kw) / stride + 1;
        ConvGeom { n, c, h, w, kh, kw, oh, ow, stride, pad }
    }

    fn info(&self) -> [u32; 10] {
        [self.n, self.c, self.h, self.w, self.kh, self.kw, self.oh, self.ow, self.stride, self.pad].map(word)
    }

    fn patch(&self) -> usize {
        self.c * self.kh * self.kw
    }

    /// Calls `f(i, s)` for every entry i of the columns [N, patch, OH·OW] that reads an input pixel, with that
    /// pixel's position s in [N, C, H, W] (entries over the padding read nothing and stay 0). Nested loops
    /// rather than a division per entry: this is the CPU backend's im2col and col2im.
    fn for_each_source(&self, mut f: impl FnMut(usize, usize)) {
        let mut i = 0;
        for n in 0..self.n {
            for c in 0..self.c {
                for kh in 0..self.kh {
                    for kw in 0..self.kw {
                        for oh in 0..self.oh {
                            let y = (oh * self.stride + kh).checked_sub(self.pad).filter(|&y| y < self.h);
                            for ow in 0..self.ow {
                                let x = (ow * self.stride + kw).checked_sub(self.pad).filter(|&x| x < self.w);
                                if let (Some(y), Some(x)) = (y, x) {
                                    f(i, ((n * self.c + c) * self.h + y) * self.w + x);
                                }
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

fn im2col(x: &Tensor, g: ConvGeom) -> Tensor {
    let out = output(&[g.n, g.patch(), g.oh * g.ow], x.device());
    match x.device() {
        Device::Cpu => {
            let src = x.cpu();
            let mut o = out.cpu_mut();
            g.for_each_source(|i, s| o[i] = src[s]);
        }
        // When OW is a multiple of 4: a thread per (image, channel, kernel row, output row) writing its KW
        // rows of entries (stride 1), else a thread per row of OW entries; else four entries per thread.
        Device::Gpu(ctx) if g.ow % 4 == 0 && g.stride == 1 => {
            ctx.dispatch_1d(IM2COL_SLIDE, &g.info(), &[x.buf(), out.buf()], g.n * g.c * g.kh * g.oh)
        }
        Device::Gpu(ctx) if g.ow % 4 == 0 => ctx.dispatch_1d(IM2COL_ROWS, &g.info(), &[x.buf(), out.buf()], out.numel() / g.ow),
        Device::Gpu(ctx) => ctx.dispatch_vec4(IM2COL, &g.info(), &[x.buf(), out.buf()], out.numel()),
    }
    out
}

fn col2im(cols: &Tensor, g: ConvGeom) -> Tensor {
    let shape = [g.n, g.c, g.h, g.w];
    let out = output(&shape, cols.device());
    match cols.device() {
        Device::Cpu => {
            let src = cols.cpu();
            let mut o = out.cpu_mut();
            g.for_each_source(|i, s| o[s] += src[i]);
        }
        // Four pixels of a row per thread (stride 1, W a multiple of 4), else four consecutive pixels.
        Device::Gpu(ctx) if g.stride == 1 && g.w % 4 == 0 => ctx.dispatch_vec4(COL2IM_QUAD, &g.info(), &[cols.buf(), out.buf()], out.numel()),
        Device::Gpu(ctx) => {
            let kernel = COL2IM.with(&[u32::from(g.stride == 1)]);
            ctx.dispatch_vec4(kernel, &g.info(), &[cols.buf(), out.buf()], out.numel());
        }
    }
    out
}

impl Tensor {
    /// Unrolls receptive fields: [N, C, H, W] → [N, C·KH·KW, OH·OW] (column r of image n is the patch that
    /// output position r reads).
    pub fn im2col(&self, kh: usize, kw: usize, stride: usize, pad: usize) -> Tensor {
        let g = ConvGeom::new(self.shape(), kh, kw, stride, pad);
        im2col(self, g).record("im2col", &[self], move |grad| vec![Some(col2im(grad, g))])
    }

    /// act(x ⋆ weight + bias) with the bias and activation applied as the product is stored (one dispatch
    /// after the unrolling): a convolution layer and its activation.
    pub(crate) fn conv2d_act(&self, weight: &Tensor, bias: &Tensor, stride: usize, pad: usize, act: Act) -> Tensor {
        let (w, cols, g) = self.unrolled(weight, stride, pad);
        layer(&w, &cols, false, false, bias, BiasAxis::Rows, act).reshape(&[g.n, w.shape()[0], g.oh, g.ow])
    }

    /// x [N, C, H, W] ⋆ weight [OC, C, KH, KW] (+ bias [OC]) → [N, OC, OH, OW].
    pub fn conv2d(&self, weight: &Tensor, bias: Option<&Tensor>, stride: usize, pad: usize) -> Tensor {
        if let Some(b) = bias {
            return self.conv2d_act(weight, b, stride, pad, Act::None);
        }
        let (w, cols, g) = self.unrolled(weight, stride, pad);
        w.matmul(&cols).reshape(&[g.n, w.shape()[0], g.oh, g.ow])
    }

    /// The weights as [OC, patch] and the unrolled input [N, patch, OH·OW] (their product is the convolution,
    /// [N, OC, OH·OW]: the weights are shared by the batch), and the geometry.
    fn unrolled(&self, weight: &Tensor, stride: usize, pad: usize) -> (Tensor, Tensor, ConvGeom) {
        let [oc, c, kh, kw] = weight.shape()[..] else { panic!("conv2d weight must be [OC, C, KH, KW], got {:?}", weight.shape()) };
        assert_eq!(self.shape().get(1), Some(&c), "conv2d: input {:?} does not have {c} channels", self.shape());
        let g = ConvGeom::new(self.shape(), kh, kw, stride, pad);
        (weight.reshape(&[oc, g.patch()]), self.im2col(kh, kw, stride, pad), g)
    }
}
