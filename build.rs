//! Copies shaders/*.wgsl into the build's output without their comments and blank lines: the WGSL the crate
//! embeds (`kernels.rs`, `include_str!`) is what the GPU compiles, and the comments, which explain the kernels
//! to their readers in shaders/, were a quarter of the wasm's gzipped shader text. (WGSL has no string
//! literals, so `//` always starts a comment.)
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=shaders");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shaders");
    fs::create_dir_all(&out).expect("the output's shaders folder");
    for entry in fs::read_dir("shaders").expect("shaders/") {
        let path = entry.expect("a shader file").path();
        if path.extension().is_some_and(|e| e == "wgsl") {
            let source = fs::read_to_string(&path).expect("a WGSL file");
            let code: String = source
                .lines()
                .map(|line| line.split("//").next().unwrap_or("").trim_end())
                .filter(|line| !line.is_empty())
                .flat_map(|line| [line, "\n"])
                .collect();
            fs::write(out.join(path.file_name().expect("a file name")), code).expect("the stripped shader");
        }
    }
}
