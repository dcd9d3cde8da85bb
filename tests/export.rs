//! "Continue in your notebook": the generated PyTorch script and the weights file agree. A numpy reading of
//! the script's layer list with the weights (safetensors.numpy) reproduces our predictions on 100 digits to
//! 1e-4, for every kind of model (`tests/python/check_export.py`; needs python3 with numpy and safetensors,
//! which scripts/setup.sh installs — REQUIRE_PYTHON=1 turns their absence into a failure).
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use mnist_playground::data::Dataset;
use mnist_playground::eval::predict_pixels;
use mnist_playground::export::{pytorch_script, TestSet};
use mnist_playground::model::{self, ModelInfo, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::Device;

fn python_ready() -> bool {
    let ok = Command::new("python3").args(["-c", "import numpy, safetensors.numpy"]).output().is_ok_and(|o| o.status.success());
    if !ok && std::env::var("REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!("REQUIRE_PYTHON=1 but python3 cannot import numpy and safetensors");
    }
    ok
}

#[test]
fn the_script_and_the_weights_reproduce_our_predictions() {
    if !python_ready() {
        eprintln!("skipping: python3 with numpy and safetensors is not installed");
        return;
    }
    let all = Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap();
    let digits = all.subset(&(0..100).collect::<Vec<_>>());
    let three_seven = all.select_classes(&[3, 7]).unwrap();
    let dir = std::env::temp_dir().join(format!("mnist-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("linear", Activation::Relu, 0.0, &all, TestSet::Mnist),
        ("mlp:32,16", Activation::Sigmoid, 0.0, &all, TestSet::Mnist),
        ("mlp:20", Activation::Tanh, 0.3, &all, TestSet::Fashion),
        ("cnn:4,8,16", Activation::Relu, 0.2, &all, TestSet::Mnist),
        ("logistic:8", Activation::Relu, 0.0, &three_seven, TestSet::ThreeSeven),
    ];
    for (i, (spec, act, dropout, data, set)) in cases.into_iter().enumerate() {
        let spec = ModelSpec::parse(spec, act, dropout).unwrap();
        let info = ModelInfo::for_data(spec.clone(), data, true);
        let m = spec.build(28, 28, data.classes, i as u64, &Device::Cpu).unwrap();
        let weights = dir.join(format!("model-{i}.safetensors"));
        std::fs::write(&weights, pollster::block_on(model::save(&m, &info)).unwrap()).unwrap();
        let pixels: Vec<f32> = (0..100).flat_map(|j| digits.image_f32(j)).collect();
        let probs = pollster::block_on(predict_pixels(&m, &info, &pixels, &Device::Cpu)).unwrap();
        let rows = |v: &[f32], n: usize| v.chunks(n).map(|r| format!("[{}]", r.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(","))).collect::<Vec<_>>().join(",");
        let cases_file = dir.join(format!("cases-{i}.json"));
        std::fs::write(&cases_file, format!("{{\"pixels\":[{}],\"probs\":[{}]}}", rows(&pixels, 784), rows(&probs, data.classes))).unwrap();
        let script = pytorch_script(&info, weights.file_name().unwrap().to_str().unwrap(), set).unwrap();
        assert!(script.contains("load_file(\"model-") && script.contains("model.eval()"));
        let script_file = dir.join(format!("model-{i}.py"));
        std::fs::write(&script_file, &script).unwrap();
        let out = Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/check_export.py"))
            .args([&script_file, &weights, &cases_file])
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        println!("{}: {}", info.spec.name(), text.trim());
        assert!(out.status.success(), "{}: {text}\n{script}", info.spec.name());
    }
}
