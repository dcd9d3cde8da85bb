//! Losses composed from primitives (cross-entropy is fused: see softmax.rs).

use crate::tensor::Tensor;

impl Tensor {
    /// Mean squared error.
    pub fn mse(&self, target: &Tensor) -> Tensor {
        let d = self.sub(target);
        d.mul(&d).mean()
    }

    /// Mean absolute error.
    pub fn l1(&self, target: &Tensor) -> Tensor {
        self.sub(target).abs().mean()
    }

    /// Binary cross-entropy of logits x against targets y in [0, 1], in the stable form
    /// max(x, 0) − x·y + log(1 + e^(−|x|)).
    pub fn bce_with_logits(&self, target: &Tensor) -> Tensor {
        let softplus = self.abs().neg().exp().add_scalar(1.0).log();
        self.relu().sub(&self.mul(target)).add(&softplus).mean()
    }

    /// The course's "mnist_loss" for one-output models: p = sigmoid(x); mean of (1 − p) where the target
    /// is 1 and p elsewhere.
    pub fn mnist_loss(&self, target: &Tensor) -> Tensor {
        let p = self.sigmoid();
        let one = Tensor::ones(&[], self.device());
        Tensor::where_(&target.eq(&one), &p.neg().add_scalar(1.0), &p).mean()
    }
}
