//! The map of the digits: the engine's PCA (power iteration with matrix products, `digit_map::pca2`) against
//! numpy's eigendecomposition of the same activations' covariance (exported by this test; needs python3
//! with numpy — REQUIRE_PYTHON=1 turns its absence into a failure), signs aside, for a linear model (the
//! pixels), an MLP's and a CNN's last hidden layer, and logits; a warm start gives the same map in fewer
//! turns; a drawing's projection lands where its digit does.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use mnist_playground::data::Dataset;
use mnist_playground::digit_map::{digit_map, features, project, MapLayer};
use mnist_playground::model::{ModelInfo, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::Device;

const NUMPY: &str = r#"
import sys, json, numpy as np
x = np.fromfile(sys.argv[1], dtype='<f4').astype(np.float64)
ours = json.load(open(sys.argv[2]))
n, d = ours['n'], ours['d']
x = x.reshape(n, d)
xc = x - x.mean(axis=0)
cov = xc.T @ xc / (n - 1)
w, v = np.linalg.eigh(cov)
order = np.argsort(w)[::-1]
w, v = w[order], v[:, order]
comps = np.array(ours['components'], dtype=np.float64).reshape(2, d)
points = np.array(ours['points'], dtype=np.float64).reshape(n, 2)
explained = w[:2] / w.sum()
out = {'gap': float(w[1] / w[2]) if d > 2 else None, 'explained': explained.tolist()}
for k in range(2):
    dot = float(comps[k] @ v[:, k])
    sign = 1.0 if dot >= 0 else -1.0
    ref = xc @ v[:, k] * sign
    out[f'cos{k}'] = abs(dot)
    out[f'points{k}'] = float(np.abs(points[:, k] - ref).max() / np.abs(ref).max())
    out[f'explained{k}'] = abs(float(ours['explained'][k]) - float(explained[k])) / float(explained[k])
print(json.dumps(out))
"#;

fn python_ready() -> bool {
    let ok = Command::new("python3").args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success());
    if !ok && std::env::var("REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!("REQUIRE_PYTHON=1 but python3 cannot import numpy");
    }
    ok
}

fn list(v: &[f32]) -> String {
    v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
}

#[test]
fn the_engines_pca_matches_numpy_on_the_same_activations() {
    if !python_ready() {
        eprintln!("skipping: python3 with numpy is not installed");
        return;
    }
    let all = Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap();
    let n = 1000;
    let pixels: Vec<f32> = (0..n).flat_map(|j| all.image_f32(j)).collect();
    let dir = std::env::temp_dir().join(format!("mnist-map-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("linear", Activation::Relu, MapLayer::Hidden, 784),
        ("mlp:32", Activation::Relu, MapLayer::Hidden, 32),
        ("cnn:4,8", Activation::Relu, MapLayer::Hidden, 128),
        ("mlp:32", Activation::Tanh, MapLayer::Logits, 10),
    ];
    for (i, (spec, act, layer, d)) in cases.into_iter().enumerate() {
        let spec = ModelSpec::parse(spec, act, 0.0).unwrap();
        let info = ModelInfo::for_data(spec.clone(), &all, true);
        let m = spec.build(28, 28, 10, i as u64 + 1, &Device::Cpu).unwrap();
        let (x, predicted) = pollster::block_on(features(&m, &info, &pixels, layer, &Device::Cpu)).unwrap();
        assert_eq!(x.shape(), &[n, d]);
        assert_eq!(predicted.len(), n);
        let map = pollster::block_on(digit_map(&m, &info, &pixels, layer, None, &Device::Cpu)).unwrap();
        assert_eq!((map.points.len(), map.features, map.components.len()), (2 * n, d, 2 * d));
        let xfile = dir.join(format!("x-{i}.bin"));
        std::fs::write(&xfile, x.to_vec_blocking().iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
        let ours = dir.join(format!("ours-{i}.json"));
        std::fs::write(&ours, format!("{{\"n\":{n},\"d\":{d},\"components\":[{}],\"points\":[{}],\"explained\":[{}]}}", list(&map.components), list(&map.points), list(&map.explained))).unwrap();
        let out = Command::new("python3").args(["-c", NUMPY]).arg(&xfile).arg(&ours).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{text}");
        let r: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        println!("{} {layer:?}: {} turns, {r}", info.spec.name(), map.turns);
        let f = |k: &str| r[k].as_f64().unwrap();
        for k in 0..2 {
            assert!(f(&format!("cos{k}")) > 0.9999, "component {k} of {}: {r}", info.spec.name());
            assert!(f(&format!("points{k}")) < 2e-3, "coordinates {k} of {}: {r}", info.spec.name());
            assert!(f(&format!("explained{k}")) < 1e-3, "explained variance {k} of {}: {r}", info.spec.name());
        }

        // From the last map's components it is the same map, in fewer turns.
        let again = pollster::block_on(digit_map(&m, &info, &pixels, layer, Some(&map.components), &Device::Cpu)).unwrap();
        assert!(again.turns <= 5 && again.turns < map.turns.max(6), "warm start: {} turns (cold {})", again.turns, map.turns);
        let worst = again.points.iter().zip(&map.points).fold(0.0f32, |a, (p, q)| a.max((p - q).abs()));
        let scale = map.points.iter().fold(0.0f32, |a, v| a.max(v.abs()));
        assert!(worst < 1e-3 * scale, "warm start moved a point by {worst} of {scale}");

        // A drawing lands where the same image's digit is.
        let at = pollster::block_on(project(&m, &info, &pixels[7 * 784..8 * 784], &map, &Device::Cpu)).unwrap();
        assert!((at[0] - map.points[14]).abs() < 1e-3 * scale && (at[1] - map.points[15]).abs() < 1e-3 * scale, "{at:?} vs {:?}", &map.points[14..16]);
    }
}
