//! The crate's files form layers: no file reaches, directly or through others, back to itself. An import
//! circle (gpu → train → … → gpu, as there once was for a clock; or panels of the page calling each other)
//! makes the code impossible to split, test or run without the browser. This test reads, file by file,
//! every reference to another module in src/ (`crate::a::b`, `super::b`, a mod.rs's `child::`, code outside
//! `#[cfg(test)]`), fails on any cycle, naming it, and checks the rules the layers stand on.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The page's panels (src/web/): each installs listeners that send messages and draws from the state.
const PANELS: [&str; 13] = ["data", "model_form", "training", "learned", "evaluation", "sketch_pad", "map_panel", "conv_panel", "own_panel", "lesson", "embed", "files", "status"];

/// File module name (`tensor`, `ops::matmul`, `web` for web/mod.rs) → its source outside `#[cfg(test)]`.
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let read = |p: &Path| fs::read_to_string(p).unwrap().split("#[cfg(test)]").next().unwrap().to_string();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() && name != "bin" {
            for f in fs::read_dir(&path).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "rs") {
                    let stem = f.file_stem().unwrap().to_string_lossy().to_string();
                    let module = if stem == "mod" { name.clone() } else { format!("{name}::{stem}") };
                    files.insert(module, read(&f));
                }
            }
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
            files.insert(name, read(&path));
        }
    }
    files
}

/// The identifiers of a path list after `::` at `at`: `a`, or each of `{a, b::c, d}`.
fn heads(code: &str, at: usize) -> Vec<(String, String)> {
    let rest = &code[at..];
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    if let Some(list) = rest.strip_prefix('{') {
        let inner = list.split('}').next().unwrap_or("");
        inner.split(',').map(|p| p.trim()).filter(|p| !p.is_empty()).map(|p| {
            let mut parts = p.split("::");
            let a = ident(parts.next().unwrap_or(""));
            let b = parts.next().map(ident).unwrap_or_default();
            (a, b)
        }).collect()
    } else {
        let a = ident(rest);
        let after = &rest[a.len()..];
        let b = after.strip_prefix("::").map(|r| if r.starts_with('{') { String::new() } else { ident(r) }).unwrap_or_default();
        let mut out = vec![(a.clone(), b)];
        // `crate::dir::{x, y}`: each of them.
        if let Some(r) = after.strip_prefix("::{") {
            out = r.split('}').next().unwrap_or("").split(',').map(|p| (a.clone(), ident(p.trim()))).collect();
        }
        out
    }
}

/// File module → the file modules it refers to.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let known: BTreeSet<String> = files.keys().cloned().collect();
    let resolve = |dir: Option<&str>, a: &str, b: &str| -> Option<String> {
        let a = match a {
            "Device" => "device",
            "Tensor" | "no_grad" | "is_grad_enabled" => "tensor",
            other => other,
        };
        let full = match dir {
            Some(d) => format!("{d}::{a}"),
            None => a.to_string(),
        };
        if dir.is_none() && known.contains(&format!("{a}::{b}")) {
            Some(format!("{a}::{b}"))
        } else if known.contains(&full) {
            Some(full)
        } else {
            dir.map(str::to_string).filter(|d| known.contains(d)) // an item of the folder's mod.rs
        }
    };
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        let dir = module.split_once("::").map(|(d, _)| d.to_string());
        let deps = g.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            for (a, b) in heads(code, i + 7) {
                deps.extend(resolve(None, &a, &b));
            }
        }
        if let Some(d) = &dir {
            for (i, _) in code.match_indices("super::") {
                for (a, _) in heads(code, i + 7) {
                    deps.extend(resolve(Some(d), &a, ""));
                }
            }
        }
        // A folder's mod.rs names its own files without a prefix (`runtime::start`, `use msg::Msg`).
        if !module.contains("::") {
            for child in known.iter().filter_map(|k| k.strip_prefix(&format!("{module}::"))) {
                let named = code.match_indices(&format!("{child}::")).any(|(i, _)| {
                    let before = code[..i].chars().next_back().unwrap_or(' ');
                    !(before.is_alphanumeric() || before == '_' || before == ':')
                });
                if named {
                    deps.insert(format!("{module}::{child}"));
                }
            }
        }
        deps.remove(module);
    }
    g
}

#[test]
fn no_file_imports_itself_through_others() {
    let g = graph();
    assert!(g.len() > 40 && g["train"].contains("eval") && g["web::runtime"].contains("web::training"), "the file graph was not read: {g:?}");
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
}

#[test]
fn the_layers_hold() {
    let g = graph();
    let in_web = |m: &str| m == "web" || m.starts_with("web::");
    let in_page = |m: &str| m == "page" || m.starts_with("page::");
    for (m, deps) in &g {
        // The engine knows nothing of the page; the page's logic nothing of the browser.
        if !in_web(m) {
            assert!(!deps.iter().any(|d| in_web(d)), "{m} refers to the browser side (web): {deps:?}");
        }
        if !in_web(m) && !in_page(m) {
            assert!(!deps.iter().any(|d| in_page(d)), "the engine's {m} refers to the page: {deps:?}");
        }
    }
    // No panel imports another panel, `update` or the runtime; only the runtime imports the panels.
    for p in PANELS {
        let deps = &g[&format!("web::{p}")];
        for q in PANELS.iter().map(|q| format!("web::{q}")).chain(["web::runtime".into(), "page::update".into()]) {
            assert!(!deps.contains(&q), "the panel {p} imports {q}");
        }
    }
    for (m, deps) in &g {
        for p in PANELS {
            let p = format!("web::{p}");
            assert!(m == "web::runtime" || m == &p || !deps.contains(&p), "{m} imports the panel {p}");
        }
    }
    // The worker does not import the page.
    for worker in ["web::worker", "web::bench_worker", "web::engine"] {
        assert!(!g[worker].contains("web::bench_page") && !g[worker].contains("web::runtime"), "{worker}: {:?}", g[worker]);
    }
}
