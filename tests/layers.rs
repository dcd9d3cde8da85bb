//! The crate's modules form layers: no module reaches, directly or through others, back to itself. An
//! import circle (gpu → train → … → gpu, as there once was for a clock) makes the engine impossible to
//! split or to run without the browser, so this test reads every `crate::module` reference in src/ (code
//! outside `#[cfg(test)]`) and fails on any cycle, naming it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module name → the modules it refers to. `ops/*.rs` count as `ops`, `web/*.rs` as `web`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for f in fs::read_dir(&path).unwrap() {
                files.push((path.file_name().unwrap().to_string_lossy().to_string(), f.unwrap().path()));
            }
        } else {
            files.push((path.file_stem().unwrap().to_string_lossy().to_string(), path));
        }
    }
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in files {
        if module == "lib" || module == "bin" || path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let deps = g.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // `crate::{a, b}` lists, and re-exports at the root (`crate::Device` = device, `crate::Tensor` = tensor).
            let names: Vec<String> = if name.is_empty() && code[i + 7..].starts_with('{') {
                code[i + 8..].split('}').next().unwrap().split(',').map(|s| s.trim().split("::").next().unwrap().to_string()).collect()
            } else {
                vec![name]
            };
            for n in names {
                let n = match n.as_str() {
                    "Device" => "device".to_string(),
                    "Tensor" | "no_grad" | "is_grad_enabled" => "tensor".to_string(),
                    _ => n,
                };
                if !n.is_empty() && n != module && n != "self" {
                    deps.insert(n);
                }
            }
        }
    }
    g
}

#[test]
fn no_module_imports_itself_through_others() {
    let g = graph();
    assert!(g.len() > 15 && g["train"].contains("eval"), "the module graph was not read: {g:?}");
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit(m: &str, g: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            return Some([&path[i..], &[m.to_string()]].concat());
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        if let Some(cycle) = visit(m, &g, &mut Vec::new(), &mut done) {
            panic!("import circle: {}", cycle.join(" → "));
        }
    }
    // The engine knows nothing of the page: only web/ (and the binaries) may refer to it.
    for (m, deps) in &g {
        assert!(m == "web" || !deps.contains("web"), "{m} refers to the page (web)");
    }
}
