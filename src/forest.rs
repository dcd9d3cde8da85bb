//! A random forest on the pixels: the "traditional way" the Russian course's 8×8-digits notebook starts with
//! (scikit-learn's `RandomForestClassifier(n_estimators=10, max_depth=10)`), and the number lesson 7's network
//! must beat. The forest is smartcore's: each tree grows on a bootstrap sample of the training digits, each
//! split looks at √pixels random pixels (8 of 64, 28 of 784, as scikit-learn's default), Gini impurity, and the
//! trees vote. Every pixel is a feature, as its byte 0..=255: a tree's splits depend only on the order of a
//! feature's values, so this is the same forest as on the 8×8 set's 0..=16 values or MNIST's 0..1 floats.
//!
//! Nothing here knows where it runs: the page's worker, the CLI and the tests call the same `train`.

use serde::{Deserialize, Serialize};
use smartcore::ensemble::random_forest_classifier::{RandomForestClassifier, RandomForestClassifierParameters};
use smartcore::linalg::basic::matrix::DenseMatrix;

use crate::data::Dataset;
use crate::tr;

/// The most trees the page and the CLI accept (a tree at a time, about a second each on the 8,000 MNIST
/// digits in the page's worker: a forest is kept to minutes at most).
pub const MAX_TREES: usize = 200;
/// The deepest trees accepted (depth 30 already fits every training digit of these sets).
pub const MAX_DEPTH: usize = 30;

/// How the forest grows: `trees` trees, each at most `depth` splits from root to leaf (scikit-learn's
/// `max_depth`), bootstrap samples and split candidates drawn from `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForestSettings {
    pub trees: usize,
    pub depth: usize,
    pub seed: u64,
}

impl Default for ForestSettings {
    /// The course notebook's forest: 10 trees of depth 10.
    fn default() -> ForestSettings {
        ForestSettings { trees: 10, depth: 10, seed: 0 }
    }
}

impl ForestSettings {
    /// Checked settings: 1..=MAX_TREES trees, depth 1..=MAX_DEPTH.
    pub fn new(trees: usize, depth: usize, seed: u64) -> Result<ForestSettings, String> {
        if !(1..=MAX_TREES).contains(&trees) {
            return Err(tr!("forest-bad-trees", value = trees.to_string(), max = MAX_TREES));
        }
        if !(1..=MAX_DEPTH).contains(&depth) {
            return Err(tr!("forest-bad-depth", value = depth.to_string(), max = MAX_DEPTH));
        }
        Ok(ForestSettings { trees, depth, seed })
    }

    /// Settings as typed (the lesson's inputs): whole numbers in range, else why not.
    pub fn parse(trees: &str, depth: &str, seed: u64) -> Result<ForestSettings, String> {
        let (trees, depth) = (trees.trim(), depth.trim());
        let t = trees.parse().map_err(|_| tr!("forest-bad-trees", value = trees, max = MAX_TREES))?;
        let d = depth.parse().map_err(|_| tr!("forest-bad-depth", value = depth, max = MAX_DEPTH))?;
        ForestSettings::new(t, d, seed)
    }
}

/// One tree: a one-tree smartcore forest (its own bootstrap sample, √pixels split candidates per node).
type Tree = RandomForestClassifier<f32, u8, DenseMatrix<f32>, Vec<u8>>;

/// A forest growing one tree at a time, so whoever grows it can say how far it is and give its event loop a
/// turn between trees: smartcore's `fit` grows a whole forest in one call, with no hook between trees, which
/// on 8,000 MNIST digits would keep the page's worker from answering for many seconds. Each tree is a one-tree
/// smartcore forest and the trees vote as smartcore's forest votes, so this is its random forest, grown in
/// pieces. Tree i of seed s grows from seed s·2²⁰ + i (wrapping): for seeds below 2⁴⁴ — every seed the page and
/// the CLI accept — no two (seed, tree) pairs share one, so two seeds share no tree.
pub struct Growing {
    settings: ForestSettings,
    x: DenseMatrix<f32>,
    y: Vec<u8>,
    pixels: usize,
    classes: usize,
    trees: Vec<Tree>,
}

impl Growing {
    /// Ready to grow on `data` (every image's pixels, its label). Fails on bad settings and on data of fewer
    /// than two classes.
    pub fn new(data: &Dataset, settings: ForestSettings) -> Result<Growing, String> {
        let settings = ForestSettings::new(settings.trees, settings.depth, settings.seed)?;
        let seen = data.labels.iter().fold([false; 256], |mut seen, &l| {
            seen[l as usize] = true;
            seen
        });
        if seen.iter().filter(|&&c| c).count() < 2 {
            return Err(tr!("forest-one-class"));
        }
        let classes = seen.iter().rposition(|&c| c).map_or(0, |c| c + 1);
        Ok(Growing { settings, x: features(data)?, y: data.labels.clone(), pixels: data.pixels(), classes, trees: Vec::with_capacity(settings.trees) })
    }

    /// Grows the next tree (nothing once all have grown).
    pub fn grow(&mut self) -> Result<(), String> {
        if self.done() {
            return Ok(());
        }
        let seed = self.settings.seed.wrapping_mul(1 << 20).wrapping_add(self.trees.len() as u64);
        let params = RandomForestClassifierParameters::default()
            .with_n_trees(1)
            // NOTE: smartcore counts the root as level 1 and splits nodes above max_depth, so its max_depth d
            // makes trees of d − 1 splits from root to leaf; scikit-learn's max_depth counts splits.
            .with_max_depth(self.settings.depth as u16 + 1)
            .with_seed(seed);
        self.trees.push(RandomForestClassifier::fit(&self.x, &self.y, params).map_err(|e| e.to_string())?);
        Ok(())
    }

    /// How many trees have grown.
    pub fn grown(&self) -> usize {
        self.trees.len()
    }

    pub fn done(&self) -> bool {
        self.trees.len() >= self.settings.trees
    }

    pub fn settings(&self) -> ForestSettings {
        self.settings
    }

    /// The forest of the trees grown so far.
    pub fn finish(self) -> Forest {
        Forest { trees: self.trees, pixels: self.pixels, classes: self.classes }
    }
}

/// A grown forest: its trees and the image size it takes.
pub struct Forest {
    trees: Vec<Tree>,
    pixels: usize,
    classes: usize,
}

impl Forest {
    /// Grows a whole forest on `data` at once (the CLI and the tests; the worker grows a `Growing` tree by tree).
    pub fn train(data: &Dataset, settings: ForestSettings) -> Result<Forest, String> {
        let mut growing = Growing::new(data, settings)?;
        while !growing.done() {
            growing.grow()?;
        }
        Ok(growing.finish())
    }

    /// The predicted class of every image of `data`: the trees' majority vote (a tie goes to the lowest class,
    /// as in smartcore's forest).
    pub fn predict(&self, data: &Dataset) -> Result<Vec<u8>, String> {
        if data.pixels() != self.pixels {
            return Err(format!("the forest takes images of {} pixels, not {}", self.pixels, data.pixels()));
        }
        if data.is_empty() || self.trees.is_empty() {
            return Ok(vec![0; data.len()]);
        }
        let x = features(data)?;
        let k = self.classes;
        let mut votes = vec![0u32; data.len() * k];
        for tree in &self.trees {
            let predicted = tree.predict(&x).map_err(|e| e.to_string())?;
            for (row, &class) in votes.chunks_mut(k).zip(&predicted) {
                row[class as usize] += 1;
            }
        }
        Ok(votes.chunks(k).map(|row| (0..k).fold(0, |best, c| if row[c] > row[best] { c } else { best }) as u8).collect())
    }

    /// The fraction of `data` it classifies right (0 on no data).
    pub fn accuracy(&self, data: &Dataset) -> Result<f64, String> {
        let predicted = self.predict(data)?;
        let right = predicted.iter().zip(&data.labels).filter(|(p, l)| p == l).count();
        Ok(right as f64 / data.len().max(1) as f64)
    }
}

/// The images as a [digits, pixels] row-major matrix of their byte values.
fn features(data: &Dataset) -> Result<DenseMatrix<f32>, String> {
    let values = data.images.iter().map(|&b| b as f32).collect();
    DenseMatrix::new(data.len(), data.pixels(), values, false).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two classes told apart by one pixel: pixel 0 bright is class 1.
    fn two_classes(n: usize) -> Dataset {
        let mut images = vec![0u8; n * 4];
        let labels: Vec<u8> = (0..n).map(|i| (i % 2) as u8).collect();
        for (i, &l) in labels.iter().enumerate() {
            images[i * 4] = if l == 1 { 200 + (i % 50) as u8 } else { (i % 50) as u8 };
            images[i * 4 + 1 + i % 3] = (i * 37 % 256) as u8; // noise in the other pixels
        }
        Dataset { images: images.into(), labels, rows: 2, cols: 2, classes: 2 }
    }

    #[test]
    fn learns_a_one_pixel_rule() {
        let data = two_classes(200);
        let forest = Forest::train(&data, ForestSettings { trees: 5, depth: 3, seed: 1 }).unwrap();
        assert_eq!(forest.accuracy(&data).unwrap(), 1.0);
        assert_eq!(forest.predict(&data.subset(&[0, 1])).unwrap(), vec![0, 1]);
    }

    #[test]
    fn depth_counts_splits_as_scikit_learn_does() {
        // Four classes on one pixel (0, 85, 170, 255): depth 1 is one split, two groups (at most half right);
        // depth 2 splits a group again (three or four groups); depth 3 tells all four apart whatever the order.
        let labels: Vec<u8> = (0..400).map(|i| (i % 4) as u8).collect();
        let images = std::sync::Arc::new(labels.iter().map(|&l| l * 85).collect());
        let data = Dataset { images, labels, rows: 1, cols: 1, classes: 4 };
        let acc = |depth| Forest::train(&data, ForestSettings { trees: 1, depth, seed: 0 }).unwrap().accuracy(&data).unwrap();
        assert!(acc(1) <= 0.5 + 1e-9, "depth 1: {}", acc(1));
        assert!(acc(2) >= 0.75 - 1e-9, "depth 2: {}", acc(2));
        assert_eq!(acc(3), 1.0);
    }

    #[test]
    fn grows_one_tree_at_a_time_into_the_same_forest() {
        let data = two_classes(120);
        let settings = ForestSettings { trees: 4, depth: 3, seed: 5 };
        let mut g = Growing::new(&data, settings).unwrap();
        let mut grown = vec![g.grown()];
        while !g.done() {
            g.grow().unwrap();
            grown.push(g.grown());
        }
        assert_eq!(grown, vec![0, 1, 2, 3, 4]);
        g.grow().unwrap();
        assert_eq!(g.grown(), 4, "no tree past the last");
        assert_eq!(g.finish().predict(&data).unwrap(), Forest::train(&data, settings).unwrap().predict(&data).unwrap());
    }

    #[test]
    fn the_seed_decides_the_forest() {
        let data = two_classes(120);
        let a = Forest::train(&data, ForestSettings { trees: 3, depth: 2, seed: 7 }).unwrap().predict(&data).unwrap();
        let b = Forest::train(&data, ForestSettings { trees: 3, depth: 2, seed: 7 }).unwrap().predict(&data).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn bad_settings_and_data_are_refused() {
        let data = two_classes(20);
        for (trees, depth) in [(0, 10), (MAX_TREES + 1, 10), (10, 0), (10, MAX_DEPTH + 1)] {
            assert!(Forest::train(&data, ForestSettings { trees, depth, seed: 0 }).is_err(), "{trees} trees, depth {depth}");
        }
        let one = Dataset { labels: vec![1; 20], ..data.clone() };
        assert!(Forest::train(&one, ForestSettings::default()).is_err());
        let forest = Forest::train(&data, ForestSettings::default()).unwrap();
        let other = Dataset { images: vec![0; 9].into(), labels: vec![0], rows: 3, cols: 3, classes: 2 };
        assert!(forest.predict(&other).unwrap_err().contains("4 pixels"));
    }
}
