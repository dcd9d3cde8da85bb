//! A learner's collection as MNIST's own files: exported as gzipped IDX (`own_digits::to_idx_gz`) it comes back
//! byte for byte through our reader, the strict IDX reader the page and `mnist train --data DIR` use, and
//! python's gzip + numpy (the way any MNIST reader reads it); files that are not a collection of 28×28 digits
//! are refused with what is wrong.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::process::Command;
use std::sync::Arc;

use mnist_playground::data::Dataset;
use mnist_playground::own_digits::{from_files, from_idx, to_idx_gz, IMAGES_FILE, LABELS_FILE};

fn some_digits(n: usize) -> Dataset {
    let all = Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap();
    all.subset(&(0..n).collect::<Vec<_>>())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

use mnist_playground::data::write_idx as idx;

#[test]
fn exported_digits_come_back_byte_for_byte() {
    let d = some_digits(250);
    let (images, labels) = to_idx_gz(&d);
    // The official header: magic 0x00000803 and [n, 28, 28] big-endian; 0x00000801 and [n].
    let (raw_images, raw_labels) = (gunzip(&images), gunzip(&labels));
    assert_eq!(raw_images[..16], [0, 0, 8, 3, 0, 0, 0, 250, 0, 0, 0, 28, 0, 0, 0, 28]);
    assert_eq!(raw_labels[..8], [0, 0, 8, 1, 0, 0, 0, 250]);
    assert_eq!((&raw_images[16..], &raw_labels[8..]), (&d.images[..], &d.labels[..]));
    let back = from_idx(&images, &labels).unwrap();
    assert_eq!(back, d);
    assert_eq!(*back.images, *d.images);
    // Gzipped or not, by the names it is saved under, or by the reader every dataset goes through.
    assert_eq!(from_idx(&raw_images, &raw_labels).unwrap(), d);
    assert_eq!(from_files((IMAGES_FILE, &images), (LABELS_FILE, &labels)).unwrap(), d);
    assert_eq!(Dataset::parse((IMAGES_FILE, &images), (LABELS_FILE, &labels), 10).unwrap(), d);
    // A folder holding the pair is a dataset as MNIST's folders are (what `mnist train --data DIR` reads).
    let dir = std::env::temp_dir().join(format!("own-digits-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(IMAGES_FILE), &images).unwrap();
    std::fs::write(dir.join(LABELS_FILE), &labels).unwrap();
    assert_eq!(Dataset::load_idx_dir(&dir, mnist_playground::own_digits::PREFIX).unwrap(), d);
    // Python's gzip and numpy, the usual MNIST loader: the same pixels and labels.
    let python = Command::new("python3").args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success());
    if !python && std::env::var("REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!("REQUIRE_PYTHON=1 but python3 cannot import numpy");
    }
    if python {
        let script = r#"
import gzip, struct, sys, numpy as np
with gzip.open(sys.argv[1], "rb") as f:
    magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
    images = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, rows, cols)
with gzip.open(sys.argv[2], "rb") as f:
    magic2, m = struct.unpack(">II", f.read(8))
    labels = np.frombuffer(f.read(), dtype=np.uint8)
assert (magic, magic2) == (2051, 2049) and m == n == len(labels), (magic, magic2, n, m)
print(n, rows, cols, int(images.astype(np.int64).sum()), ",".join(str(l) for l in labels[:10]), int(np.bincount(labels, minlength=10).min()))
"#;
        let out = Command::new("python3").args(["-c", script]).arg(dir.join(IMAGES_FILE)).arg(dir.join(LABELS_FILE)).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
        let sum: u64 = d.images.iter().map(|&b| b as u64).sum();
        let first: Vec<String> = d.labels[..10].iter().map(|l| l.to_string()).collect();
        let fewest = (0..10u8).map(|c| d.labels.iter().filter(|&&l| l == c).count()).min().unwrap();
        assert_eq!(text, format!("250 28 28 {sum} {} {fewest}", first.join(",")));
    } else {
        eprintln!("skipping the numpy reading: python3 with numpy is not installed");
    }
}

#[test]
fn files_that_are_not_a_collection_are_refused_with_the_reason() {
    let d = some_digits(20);
    let (images, labels) = to_idx_gz(&d);
    let (raw_images, raw_labels) = (gunzip(&images), gunzip(&labels));
    let eight = Dataset { images: Arc::new(vec![0; 3 * 64]), labels: vec![1, 2, 3], rows: 8, cols: 8, classes: 10 };
    let (small_images, small_labels) = to_idx_gz(&eight);
    let mut bad_label = raw_labels.clone();
    bad_label[8 + 5] = 12;
    let cases: Vec<(&str, Vec<u8>, Vec<u8>, &str)> = vec![
        ("not IDX", b"hello, these are not digits".to_vec(), labels.clone(), "not an IDX file"),
        ("a PNG", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), labels.clone(), "not an IDX file"),
        ("empty", vec![], labels.clone(), "empty"),
        ("truncated gzip", images[..images.len() / 2].to_vec(), labels.clone(), "corrupt"),
        ("truncated", raw_images[..raw_images.len() - 100].to_vec(), labels.clone(), "truncated"),
        ("8×8 digits", small_images, small_labels, "8×8 pixels, not 28×28"),
        ("a label of 12", images.clone(), bad_label, "label 12 of image 5"),
        ("counts", images.clone(), idx(&[19], &d.labels[..19]), "20 images but 19 labels"),
        ("swapped", labels.clone(), images.clone(), "dimensions [20]"),
        ("no digits", idx(&[0, 28, 28], &[]), idx(&[0], &[]), "no digits"),
        ("float IDX", vec![0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0], labels.clone(), "not unsigned bytes"),
    ];
    for (what, images, labels, want) in cases {
        let e = from_idx(&images, &labels).unwrap_err();
        assert!(e.contains(want), "{what}: {e:?} should say {want:?}");
        println!("{what}: {e}");
    }
    // A name ending in .gz must be gzip.
    let e = from_files((IMAGES_FILE, &raw_images), (LABELS_FILE, &labels)).unwrap_err();
    assert!(e.contains(IMAGES_FILE) && e.contains("not gzip"), "{e}");
}
