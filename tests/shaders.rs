#![cfg(not(target_arch = "wasm32"))]
//! Every WGSL kernel parses and validates with naga — no GPU needed — and every file in shaders/ is
//! registered in `Shader::ALL` (so none is dead or untested).

use mnist_playground::kernels::{Shader, COMMON};

#[test]
fn every_shader_validates_with_naga() {
    for shader in Shader::ALL {
        let source = shader.source();
        let module = naga::front::wgsl::parse_str(&source)
            .unwrap_or_else(|e| panic!("{} does not parse:\n{}", shader.file_name(), e.emit_to_string(&source)));
        naga::valid::Validator::new(naga::valid::ValidationFlags::all(), naga::valid::Capabilities::all())
            .validate(&module)
            .unwrap_or_else(|e| panic!("{} does not validate:\n{}", shader.file_name(), e.emit_to_string(&source)));
    }
}

#[test]
fn every_shader_file_is_registered() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/shaders");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "common.wgsl" {
            continue;
        }
        assert!(Shader::ALL.iter().any(|s| s.file_name() == name), "shaders/{name} is not listed in Shader::ALL");
    }
    assert!(COMMON.contains("fn flat_index"));
}
