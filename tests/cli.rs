//! The `mnist` command line: train → save → eval on the embedded digits, and every bad input ends with a
//! one-line reason and a non-zero exit, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data");

fn mnist(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mnist")).args(args).env("XDG_RUNTIME_DIR", "/tmp").output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mnist-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn embedded(kind: &str) -> String {
    format!("{DATA}/mnist-10k-{kind}-ubyte.gz")
}

/// Asserts failure with exactly one line on stderr that mentions `want`.
fn fails_with(out: Output, want: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(want) && !err.contains("panicked"), "{err:?} should mention {want:?}");
}

#[test]
fn trains_saves_and_evaluates() {
    let model = tmp("linear.safetensors");
    let m = model.to_str().unwrap();
    let out = mnist(&["train", "--model", "linear", "--epochs", "2", "--backend", "cpu", "--out", m]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("epoch   2: train loss") && stdout.contains("val loss"), "{stdout}");
    let out = mnist(&["eval", "--model", m, "--images", &embedded("images-idx3"), "--labels", &embedded("labels-idx1"), "--backend", "cpu"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("accuracy: ")).expect("an accuracy line");
    let acc: f32 = line["accuracy: ".len()..].parse().unwrap();
    assert_eq!(line.len(), "accuracy: 0.0000".len(), "four decimals: {line}");
    assert!(acc > 0.85, "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("loss: ")), "{stdout}");
}

#[test]
fn logistic_three_vs_seven_on_a_class_subset() {
    let model = tmp("logistic.safetensors");
    let m = model.to_str().unwrap();
    let out = mnist(&["train", "--model", "logistic", "--classes", "3,7", "--lr", "1", "--epochs", "2", "--backend", "cpu", "--out", m]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().filter(|l| l.starts_with("epoch")).last().unwrap();
    let val: f32 = last.split("val loss ").nth(1).unwrap().split(" acc ").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
    assert!(val > 0.95, "3 vs 7 is easy for one linear unit: {last}");
    let (images, labels) = (embedded("images-idx3"), embedded("labels-idx1"));
    fails_with(mnist(&["eval", "--model", m, "--images", &images, "--labels", &labels, "--backend", "cpu"]), "--classes");
    let out = mnist(&["eval", "--model", m, "--images", &images, "--labels", &labels, "--classes", "3,7", "--backend", "cpu"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn bad_input_gets_one_line_and_a_non_zero_exit() {
    let model = tmp("ok.safetensors");
    let m = model.to_str().unwrap();
    assert!(mnist(&["train", "--model", "linear", "--epochs", "1", "--backend", "cpu", "--out", m]).status.success());
    let garbage = tmp("garbage.gz");
    std::fs::write(&garbage, b"\x1f\x8b\x08\x00garbage").unwrap();
    let truncated = tmp("truncated-images");
    let images = gunzip(&embedded("images-idx3"));
    std::fs::write(&truncated, &images[..images.len() / 2]).unwrap();
    let not_model = tmp("not-a-model.safetensors");
    std::fs::write(&not_model, b"hello").unwrap();
    let (img, lab) = (embedded("images-idx3"), embedded("labels-idx1"));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let train = |extra: &[&str]| {
        let mut a = vec!["train", "--backend", "cpu", "--out", m];
        a.extend(extra);
        mnist(&a)
    };
    fails_with(train(&["--model", "mlp:0"]), "layer width");
    fails_with(train(&["--model", "resnet"]), "unknown model");
    fails_with(train(&["--model", "linear", "--lr", "NaN"]), "learning rate NaN");
    fails_with(train(&["--model", "linear", "--lr=-1"]), "learning rate");
    fails_with(train(&["--model", "linear", "--batch", "0"]), "batch size 0");
    fails_with(train(&["--model", "linear", "--batch", "100000"]), "larger than");
    fails_with(train(&["--model", "linear", "--epochs", "0"]), "epochs 0");
    fails_with(train(&["--model", "linear", "--epochs", "2", "--average", "3"]), "last 3 epochs");
    fails_with(train(&["--model", "linear", "--data", "/nonexistent"]), "/nonexistent");
    fails_with(train(&["--model", "linear", "--classes", "3,11"]), "class 11");
    fails_with(train(&["--model", "logistic"]), "two-class");
    fails_with(train(&["--model", "linear", "--optimizer", "rmsprop"]), "unknown optimizer");
    fails_with(train(&["--model", "linear", "--no-such-flag"]), "--no-such-flag");
    fails_with(mnist(&["eval", "--model", m, "--images", &s(&garbage), "--labels", &lab]), "gzip data is corrupt");
    fails_with(mnist(&["eval", "--model", m, "--images", &s(&truncated), "--labels", &lab]), "truncated");
    fails_with(mnist(&["eval", "--model", m, "--images", &lab, "--labels", &lab]), "images have dimensions");
    fails_with(mnist(&["eval", "--model", m, "--images", &img, "--labels", &img]), "labels have dimensions");
    fails_with(mnist(&["eval", "--model", &s(&not_model), "--images", &img, "--labels", &lab]), "not a valid safetensors");
    fails_with(mnist(&["eval", "--model", "/nonexistent.safetensors", "--images", &img, "--labels", &lab]), "/nonexistent.safetensors");
}

/// The embedded images as raw (uncompressed) IDX bytes.
fn gunzip(path: &str) -> Vec<u8> {
    use std::io::Read;
    let mut out = vec![];
    flate2::read::GzDecoder::new(&std::fs::read(path).unwrap()[..]).read_to_end(&mut out).unwrap();
    out
}

/// Without XDG_RUNTIME_DIR (a server, a container, CI) the GPU probe prints nothing that looks like an error.
#[test]
fn no_stray_runtime_dir_error_without_a_session() {
    let out = tmp("quiet.safetensors");
    let run = Command::new(env!("CARGO_BIN_EXE_mnist"))
        .args(["train", "--model", "linear", "--epochs", "1", "--out", out.to_str().unwrap()])
        .env_remove("XDG_RUNTIME_DIR")
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(!err.contains("XDG_RUNTIME_DIR") && !err.lines().any(|l| l.starts_with("error")), "stderr: {err:?}");
}

/// A run whose weights could never be written fails before its first step, saying why (it used to train to
/// the end and then fail to save).
#[test]
fn an_output_that_cannot_be_written_fails_before_training() {
    let start = std::time::Instant::now();
    let out = mnist(&["train", "--model", "linear", "--epochs", "30", "--backend", "cpu", "--out", "missing/dir/m.safetensors"]);
    fails_with(out.clone(), "missing/dir/m.safetensors: the folder missing/dir does not exist");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("epoch"), "no epoch ran");
    assert!(start.elapsed().as_secs() < 20, "it failed at once");
    let dir = tmp("a-folder");
    std::fs::create_dir_all(&dir).unwrap();
    fails_with(mnist(&["train", "--model", "linear", "--backend", "cpu", "--out", dir.to_str().unwrap()]), "is a folder");
}

/// Ctrl-C during training saves the weights of the last completed epoch to --out, says so, and exits
/// non-zero; those weights are a model `eval` reads.
#[test]
fn ctrl_c_saves_the_last_completed_epoch() {
    use std::io::{BufRead, BufReader};
    let model = tmp("interrupted.safetensors");
    let _ = std::fs::remove_file(&model);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mnist"))
        .args(["train", "--model", "mlp:64", "--epochs", "50", "--backend", "cpu", "--out", model.to_str().unwrap()])
        .env("XDG_RUNTIME_DIR", "/tmp")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        if line.unwrap().starts_with("epoch   1:") {
            break;
        }
    }
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted: the weights after epoch ") && err.contains("were saved to"), "{err}");
    let eval = mnist(&["eval", "--model", model.to_str().unwrap(), "--images", &embedded("images-idx3"), "--labels", &embedded("labels-idx1"), "--backend", "cpu"]);
    let text = String::from_utf8_lossy(&eval.stdout);
    let acc: f32 = text.lines().find_map(|l| l.strip_prefix("accuracy: ")).and_then(|a| a.parse().ok()).unwrap_or(0.0);
    assert!(eval.status.success() && acc > 0.8, "an MLP after an epoch or more is a model: {text}");
}

/// `mnist forest`: lesson 7's random forest, scored on the page's held-out part (a fifth of the 8×8 digits, the
/// embedded set's 2,000); the seed decides the forest; bad settings get one line.
#[test]
fn forest_prints_its_held_out_accuracy() {
    let accuracy = |args: &[&str]| {
        let out = mnist(args);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        let line = stdout.lines().find(|l| l.starts_with("held-out accuracy: ")).unwrap_or_else(|| panic!("{stdout}"));
        assert_eq!(line.len(), "held-out accuracy: 0.0000".len(), "four decimals: {line}");
        (line["held-out accuracy: ".len()..].parse::<f64>().unwrap(), stdout)
    };
    let (digits, stdout) = accuracy(&["forest", "--data", "digits", "--trees", "10", "--depth", "10", "--seed", "1"]);
    assert!(stdout.contains("10 trees, depth 10, seed 1 on digits (1438 train, 359 held out)"), "{stdout}");
    assert!(digits > 0.9, "{stdout}");
    assert_eq!(accuracy(&["forest", "--data", "digits", "--seed", "1"]).0, digits, "10 trees of depth 10 are the defaults");
    // Seed 0 is lesson 7's forest: the browser's worker grows the same one (tests/browser/lessons.test.mjs
    // expects this number too).
    assert_eq!(accuracy(&["forest", "--data", "digits"]).0, 0.9331, "seed 0's forest");
    assert_ne!(accuracy(&["forest", "--data", "digits", "--seed", "2"]).0, digits, "another seed, another forest");
    let (embedded, stdout) = accuracy(&["forest", "--data", "embedded", "--trees", "3", "--depth", "6"]);
    assert!(stdout.contains("(8000 train, 2000 held out)") && embedded > 0.6, "{stdout}");
    fails_with(mnist(&["forest", "--trees", "0"]), "trees 0");
    fails_with(mnist(&["forest", "--depth", "99"]), "depth 99");
    fails_with(mnist(&["forest", "--data", "/nonexistent"]), "/nonexistent");
}

#[test]
fn trains_on_a_folder_of_exported_own_digits() {
    use mnist_playground::data::Dataset;
    use mnist_playground::own_digits::{to_idx_gz, IMAGES_FILE, LABELS_FILE};
    // 300 digits exported as the page's Your digits panel does, dropped in a folder.
    let digits = Dataset::load_embedded(Path::new(DATA)).unwrap().subset(&(0..300).collect::<Vec<_>>());
    let dir = tmp("own-digits");
    std::fs::create_dir_all(&dir).unwrap();
    let (images, labels) = to_idx_gz(&digits);
    std::fs::write(dir.join(IMAGES_FILE), images).unwrap();
    std::fs::write(dir.join(LABELS_FILE), labels).unwrap();
    let model = tmp("own.safetensors");
    let out = mnist(&["train", "--model", "linear", "--data", dir.to_str().unwrap(), "--batch", "16", "--epochs", "2", "--backend", "cpu", "--out", model.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("(240 train, 60 validation)") && stdout.contains("epoch   2:"), "{stdout}");
    // A folder with neither pair names the file it looked for.
    let empty = tmp("no-digits");
    std::fs::create_dir_all(&empty).unwrap();
    fails_with(mnist(&["train", "--model", "linear", "--data", empty.to_str().unwrap(), "--backend", "cpu", "--out", model.to_str().unwrap()]), "train-images-idx3-ubyte.gz");
}

#[test]
fn teach_fine_tunes_a_model_on_exported_own_digits() {
    use mnist_playground::data::Dataset;
    use mnist_playground::own_digits::{held_out, to_idx_gz, IMAGES_FILE, LABELS_FILE};
    let model = tmp("to-teach.safetensors");
    let m = model.to_str().unwrap();
    assert!(mnist(&["train", "--model", "linear", "--epochs", "1", "--backend", "cpu", "--out", m]).status.success());
    // A "handwriting" of its own: 200 held-out-range digits mirrored left to right.
    let digits = Dataset::load_embedded(Path::new(DATA)).unwrap().subset(&(9000..9200).collect::<Vec<_>>());
    let mirrored: Vec<u8> = digits.images.chunks(28).flat_map(|row| row.iter().rev().copied().collect::<Vec<_>>()).collect();
    let own = Dataset { images: mirrored.into(), ..digits };
    let dir = tmp("teach-digits");
    std::fs::create_dir_all(&dir).unwrap();
    let (images, labels) = to_idx_gz(&own);
    std::fs::write(dir.join(IMAGES_FILE), images).unwrap();
    std::fs::write(dir.join(LABELS_FILE), labels).unwrap();
    let taught = tmp("taught.safetensors");
    let d = dir.to_str().unwrap();
    let out = mnist(&["teach", "--model", m, "--data", d, "--steps", "60", "--backend", "cpu", "--out", taught.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let held = held_out(&own.labels).iter().filter(|&&h| h).count();
    assert!(stdout.contains(&format!("taught {} of your 200 digits ({held} held out), 1 : 4 replayed, 60 steps of 32", 200 - held)), "{stdout}");
    let numbers = |prefix: &str| -> (f32, f32) {
        let line = stdout.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {stdout}"));
        let (a, b) = line.rsplit_once(": ").unwrap().1.split_once(" → ").unwrap();
        (a.parse().unwrap(), b.parse().unwrap())
    };
    let (yours, mnist_held) = (numbers("your held-out digits: "), numbers("held-out digits (2000): "));
    eprintln!("{stdout}");
    assert!(yours.1 > yours.0 + 0.1, "your held-out digits {yours:?}");
    assert!(mnist_held.1 > mnist_held.0 - 0.03, "held-out digits {mnist_held:?}");
    assert!(taught.exists());
    fails_with(mnist(&["teach", "--model", m, "--data", d, "--steps", "0", "--backend", "cpu", "--out", taught.to_str().unwrap()]), "0 steps");
    fails_with(mnist(&["teach", "--model", m, "--data", "/nonexistent", "--backend", "cpu", "--out", taught.to_str().unwrap()]), "not a folder");
}
