//! Autograd mechanics, with the maths stated and exact values asserted (candle's style).

mod common;
use mnist_playground::{no_grad, Device, Tensor};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

test_device!(polynomial_gradient, |dev: Device| async move {
    // y = x² + 5x + 4, dy/dx = 2x + 5
    let x = Tensor::from_slice(&[3.0, -1.0, 0.5], &[3], &dev).requires_grad_();
    let y = x.mul(&x).add(&x.mul_scalar(5.0)).add_scalar(4.0);
    assert_eq!(y.to_vec().await.unwrap(), vec![28.0, 0.0, 6.75]);
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![11.0, 3.0, 6.0]);
});

test_device!(gradients_accumulate_until_zeroed, |dev: Device| async move {
    // z = Σ 3x, called twice without zero_grad: dz/dx accumulates to 6.
    let x = Tensor::from_slice(&[1.0, 2.0], &[2], &dev).requires_grad_();
    x.mul_scalar(3.0).sum().backward();
    x.mul_scalar(3.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![6.0, 6.0]);
    x.zero_grad();
    assert!(x.grad().is_none());
});

test_device!(diamond_graph_sums_both_paths, |dev: Device| async move {
    // a = 2x; y = a·a + a  →  dy/dx = (2a + 1)·2 = 8x + 2
    let x = Tensor::from_slice(&[1.0, -2.0], &[2], &dev).requires_grad_();
    let a = x.mul_scalar(2.0);
    a.mul(&a).add(&a).sum().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![10.0, -14.0]);
});

test_device!(no_grad_and_detach_record_nothing, |dev: Device| async move {
    let x = Tensor::from_slice(&[1.0, 2.0], &[2], &dev).requires_grad_();
    let y = no_grad(|| x.mul_scalar(2.0));
    assert!(!y.requires_grad() && y.op_name().is_none());
    let d = x.detach().mul(&x); // d = const·x: dd/dx = const = x's value
    assert!(d.requires_grad());
    d.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![1.0, 2.0]);
    // Tensors that need no gradient build no graph at all.
    let c = Tensor::ones(&[2], &dev).add_scalar(1.0);
    assert!(c.op_name().is_none());
});

test_device!(deep_chain_does_not_overflow, |dev: Device| async move {
    // 3000 ops deep: backward walks iteratively. y = x + 3000·0.001 → dy/dx = 1
    let x = Tensor::from_slice(&[0.0], &[1], &dev).requires_grad_();
    let mut y = x.clone();
    for _ in 0..3000 {
        y = y.add_scalar(0.001);
    }
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec().await.unwrap(), vec![1.0]);
});
