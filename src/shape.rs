//! Shapes, strides and broadcasting. Every tensor is contiguous and row-major, so a shape is all a tensor
//! needs; strides appear only when a kernel reads an input through broadcasting or a permutation.

/// The largest rank a kernel's info block describes (N, C, H, W needs 4; two spare).
pub const MAX_RANK: usize = 6;

pub fn numel(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Row-major strides of a contiguous tensor of `shape`.
pub fn contiguous_strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// NumPy broadcasting: align trailing dimensions; each pair must be equal or contain a 1.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Result<Vec<usize>, String> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for i in 0..rank {
        let da = if i < rank - a.len() { 1 } else { a[i - (rank - a.len())] };
        let db = if i < rank - b.len() { 1 } else { b[i - (rank - b.len())] };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return Err(format!("shapes {a:?} and {b:?} do not broadcast")),
        };
    }
    Ok(out)
}

/// Strides that read a contiguous tensor of `shape` as if it had shape `out` (stride 0 on broadcast dims).
pub fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let own = contiguous_strides(shape);
    let pad = out.len() - shape.len();
    (0..out.len())
        .map(|i| if i < pad || shape[i - pad] == 1 { 0 } else { own[i - pad] })
        .collect()
}

/// Resolve a possibly negative axis against `rank`.
pub fn axis(axis: isize, rank: usize) -> usize {
    let a = if axis < 0 { axis + rank as isize } else { axis };
    assert!(a >= 0 && (a as usize) < rank.max(1), "axis {axis} out of range for rank {rank}");
    a as usize
}

/// Split `shape` around `axis` into (outer, len, inner): the layout every axis reduction works on.
pub fn split_at_axis(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    (numel(&shape[..axis]), shape[axis], numel(&shape[axis + 1..]))
}

/// Walks every index of `shape` in row-major order and yields the matching offset under `strides` —
/// an odometer, so the CPU backend's strided loops do no division per element.
pub fn for_each_offset(shape: &[usize], strides: &[usize], base: usize, mut f: impl FnMut(usize, usize)) {
    let n = numel(shape);
    let rank = shape.len();
    let mut idx = vec![0usize; rank];
    let mut off = base;
    for i in 0..n {
        f(i, off);
        for d in (0..rank).rev() {
            idx[d] += 1;
            off += strides[d];
            if idx[d] < shape[d] {
                break;
            }
            off -= strides[d] * shape[d];
            idx[d] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting() {
        assert_eq!(broadcast_shape(&[4, 1, 3], &[5, 1]).unwrap(), vec![4, 5, 3]);
        assert_eq!(broadcast_shape(&[], &[2, 3]).unwrap(), vec![2, 3]);
        assert!(broadcast_shape(&[2, 3], &[4]).is_err());
        assert_eq!(broadcast_strides(&[3], &[2, 3]), vec![0, 1]);
        assert_eq!(broadcast_strides(&[2, 1], &[2, 3]), vec![1, 0]);
    }

    #[test]
    fn odometer_matches_strides() {
        let mut seen = vec![];
        for_each_offset(&[2, 3], &[1, 2], 0, |_, off| seen.push(off));
        assert_eq!(seen, vec![0, 2, 4, 1, 3, 5]);
    }
}
