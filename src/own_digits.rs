//! The learner's own digits (provisional: the engine side is being written on its own branch).

use std::io::Write;
use std::sync::Arc;

use crate::data::Dataset;

pub const EXPORT_IMAGES: &str = "own-digits-images-idx3-ubyte.gz";
pub const EXPORT_LABELS: &str = "own-digits-labels-idx1-ubyte.gz";

pub fn empty() -> Dataset {
    Dataset { images: Arc::new(Vec::new()), labels: Vec::new(), rows: 28, cols: 28, classes: 10 }
}

pub fn held_out(labels: &[u8]) -> Vec<bool> {
    let mut seen = [0usize; 256];
    labels
        .iter()
        .map(|&l| {
            seen[l as usize] += 1;
            seen[l as usize] % 4 == 0
        })
        .collect()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("writing to memory");
    e.finish().expect("writing to memory")
}

pub fn to_idx_gz(data: &Dataset) -> (Vec<u8>, Vec<u8>) {
    let n = data.len() as u32;
    let mut images = vec![0, 0, 8, 3];
    for d in [n, data.rows as u32, data.cols as u32] {
        images.extend_from_slice(&d.to_be_bytes());
    }
    images.extend_from_slice(&data.images);
    let mut labels = vec![0, 0, 8, 1];
    labels.extend_from_slice(&n.to_be_bytes());
    labels.extend_from_slice(&data.labels);
    (gz(&images), gz(&labels))
}

pub fn from_idx(images: (&str, &[u8]), labels: (&str, &[u8])) -> Result<Dataset, String> {
    let d = Dataset::parse(images, labels, 10)?;
    if (d.rows, d.cols) != (28, 28) {
        return Err(format!("{}: the digits are {}×{}, not 28×28", images.0, d.rows, d.cols));
    }
    Ok(d)
}
