//! The real dataset files the project reads: the embedded MNIST digits, Debian's Fashion-MNIST and
//! scikit-learn's 8×8 digits (all installed by scripts/setup.sh; REQUIRE_DATA=1 makes a missing one fail).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use mnist_playground::data::{parse_digits_csv, Dataset, DIGITS_8X8, FASHION_DIR};

const WWW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data");

fn present(path: &Path) -> bool {
    if path.exists() {
        return true;
    }
    assert_ne!(std::env::var("REQUIRE_DATA").as_deref(), Ok("1"), "REQUIRE_DATA=1 but {} is missing (scripts/setup.sh installs it)", path.display());
    eprintln!("skipping: {} is missing", path.display());
    false
}

fn counts(d: &Dataset) -> Vec<usize> {
    (0..d.classes).map(|c| d.labels.iter().filter(|&&l| l as usize == c).count()).collect()
}

#[test]
fn embedded_set_is_the_first_10000_official_training_digits() {
    let d = Dataset::load_embedded(Path::new(WWW)).unwrap();
    assert_eq!((d.len(), d.rows, d.cols), (10_000, 28, 28));
    // The per-digit counts of the first 10,000 official training images.
    assert_eq!(counts(&d), vec![1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let (train, val) = d.split(2000, 0);
    assert_eq!((train.len(), val.len()), (8000, 2000));
    let three_seven = val.select_classes(&[3, 7]).unwrap();
    assert!(three_seven.len() > 300 && three_seven.classes == 2);
}

#[test]
fn fashion_mnist_from_debian() {
    let dir = Path::new(FASHION_DIR);
    if !present(&dir.join("t10k-labels-idx1-ubyte.gz")) {
        return;
    }
    let (train, test) = (Dataset::load_idx_dir(dir, "train").unwrap(), Dataset::load_idx_dir(dir, "t10k").unwrap());
    assert_eq!((train.len(), test.len(), train.rows, train.cols), (60_000, 10_000, 28, 28));
    assert_eq!(counts(&train), vec![6000; 10], "Fashion-MNIST is balanced");
    assert_eq!(counts(&test), vec![1000; 10]);
}

#[test]
fn scikit_learn_8x8_digits() {
    let path = Path::new(WWW).join(DIGITS_8X8);
    if !present(&path) {
        return;
    }
    let d = parse_digits_csv(DIGITS_8X8, &std::fs::read(&path).unwrap()).unwrap();
    assert_eq!((d.len(), d.rows, d.cols), (1797, 8, 8));
    assert_eq!(counts(&d), vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
}
