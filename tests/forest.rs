//! Lesson 7's random forest (smartcore's, `forest::Forest`) on the lesson's own split of the 1,797 8×8 digits
//! (`split(len / 5, 0)`, as the page and `mnist forest` split them), and its peer: scikit-learn's
//! `RandomForestClassifier(n_estimators=10, max_depth=10)` on exactly the same rows, each averaged over 5
//! seeds, are within 2 points (tests/python/forest_sklearn.py; needs python3 with numpy and scikit-learn, which
//! scripts/setup.sh installs — REQUIRE_PYTHON=1 turns their absence into a failure).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

use mnist_playground::data::{parse_digits_csv, shuffled, Dataset, DIGITS_8X8};
use mnist_playground::forest::{Forest, ForestSettings};

const SEEDS: [u64; 5] = [0, 1, 2, 3, 4];

fn digits_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data").join(DIGITS_8X8)
}

fn digits() -> Dataset {
    let path = digits_path();
    parse_digits_csv(&path.display().to_string(), &std::fs::read(&path).expect("www/data/digits-8x8.csv.gz (scripts/setup.sh)")).unwrap()
}

/// Our forest's held-out accuracy with the notebook's settings and `seed`, on the lesson's split.
fn ours(all: &Dataset, seed: u64) -> f64 {
    let (train, test) = all.split(all.len() / 5, 0);
    Forest::train(&train, ForestSettings { seed, ..ForestSettings::default() }).unwrap().accuracy(&test).unwrap()
}

#[test]
fn the_forest_reads_the_8x8_digits_and_its_seed_decides_it() {
    let all = digits();
    let (a, b) = (ours(&all, 0), ours(&all, 0));
    assert_eq!(a, b, "the same seed grows the same forest");
    assert!(a > 0.9, "10 trees of depth 10 on 1,438 digits: {a}");
}

fn python_ready() -> bool {
    let ok = Command::new("python3").args(["-c", "import numpy, sklearn"]).output().is_ok_and(|o| o.status.success());
    if !ok && std::env::var("REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!("REQUIRE_PYTHON=1 but python3 cannot import numpy and sklearn");
    }
    ok
}

#[test]
fn within_two_points_of_scikit_learn_on_the_same_split() {
    if !python_ready() {
        eprintln!("skipping: python3 with numpy and scikit-learn is not installed");
        return;
    }
    let all = digits();
    // The rows of the lesson's split, in the order `Dataset::split` takes them: held out first.
    let order = shuffled(all.len(), 0);
    let (test, train) = order.split_at(all.len() / 5);
    let list = |rows: &[usize]| rows.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",");
    let split = std::env::temp_dir().join(format!("mnist-forest-split-{}.json", std::process::id()));
    let seeds = list(&SEEDS.map(|s| s as usize));
    std::fs::write(&split, format!("{{\"train\":[{}],\"test\":[{}],\"seeds\":[{seeds}],\"trees\":10,\"depth\":10}}", list(train), list(test))).unwrap();
    let out = Command::new("python3").arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/forest_sklearn.py")).arg(digits_path()).arg(&split).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    let theirs: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    let theirs_mean = theirs["mean"].as_f64().unwrap();
    let our: Vec<f64> = SEEDS.iter().map(|&s| ours(&all, s)).collect();
    let our_mean = our.iter().sum::<f64>() / our.len() as f64;
    println!("held-out accuracy over seeds {SEEDS:?}: ours {our:.4?} mean {our_mean:.4}; scikit-learn {} mean {theirs_mean:.4}", theirs["accuracies"]);
    assert!((our_mean - theirs_mean).abs() <= 0.02, "ours {our_mean:.4} vs scikit-learn {theirs_mean:.4}");
}
