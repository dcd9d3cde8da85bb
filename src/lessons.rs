//! The course: eight lessons, each a page state (settings in URL form), a short explanation, the live
//! computation it runs, and what to try next. The texts are plain text (the page inserts them as text).
//! Numbers are never stored here: every result comes from the engine running in the page.

/// The live part of a lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Live {
    /// One digit as an image and as its table of pixel values; shape and rank.
    Tensors,
    /// Mean image per class; distances of a digit to each; the nearest-mean baseline's accuracy.
    PixelSimilarity,
    /// Fitting a·t²+b·t+c to noisy speeds with autograd, one step at a time.
    Quadratic,
    /// The playground trains the lesson's model; the result is its held-out accuracy.
    Train,
    /// Several runs (settings overrides on top of the lesson's) on one chart; the result is the best
    /// final held-out accuracy.
    Compare(&'static [(&'static str, &'static str)]),
}

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static [&'static str],
    pub try_next: &'static [&'static str],
    /// Settings in URL form, applied before the URL's own.
    pub preset: &'static str,
    /// The page sections shown besides the lesson (ids of index.html's sections).
    pub sections: &'static [&'static str],
    pub live: Live,
    /// What `lesson-result` holds.
    pub result: &'static str,
}

const PLAYGROUND: &[&str] = &["data-section", "model-section", "train-section", "learned-section", "eval-section", "sketch-section"];

pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "tensors",
        title: "1. Tensors and pixels",
        text: &[
            "To a computer an image is a table of numbers. Each MNIST digit is a 28×28 tensor: rank 2 (rows and columns), 784 values from 0 (black) to 1 (white ink).",
            "Pick a digit and the rows and columns to show: the table below is the same tensor as the picture, each cell shaded by its value. A stack of such images is a rank-3 tensor [images, rows, columns].",
        ],
        try_next: &["Find the rows where the ink of a 1 starts and ends.", "Compare the average pixel value of a 1 and of an 8: which has more ink?"],
        preset: "data=embedded",
        sections: &[],
        live: Live::Tensors,
        result: "average pixel value of this digit (computed with the engine)",
    },
    Lesson {
        id: "pixel-similarity",
        title: "2. Pixel similarity: a baseline",
        text: &[
            "Before any learning: average all the 3s in the training set pixel by pixel to get the \"ideal 3\", and the same for every digit.",
            "To classify an unknown digit, measure how far it is from each ideal digit — the mean absolute difference (L1) or the root mean squared error (RMSE) over the 784 pixels — and pick the nearest. Its accuracy on held-out digits is the baseline every model must beat.",
        ],
        try_next: &["Which pairs of digits does the baseline confuse?", "Why does RMSE punish a few big differences more than L1?", "Go on to lesson 4 and beat this number with a learned model."],
        preset: "data=embedded",
        sections: &[],
        live: Live::PixelSimilarity,
        result: "3-vs-7 held-out accuracy of the nearest-mean baseline (L1)",
    },
    Lesson {
        id: "quadratic",
        title: "3. Gradient descent by hand",
        text: &[
            "A roller coaster's speed was measured at 20 moments, with noise. Guess that speed = a·t² + b·t + c and start from random a, b, c.",
            "Each step: predict, compute the mean squared error (the loss), let autograd compute the gradient of the loss with respect to a, b and c, and move each parameter a little against its gradient: p ← p − lr · gradient. Then zero the gradients and repeat.",
        ],
        try_next: &["Set the learning rate 10× larger: does the loss still fall?", "And 100× larger?", "Run 100 steps: how close does the curve get to the points?"],
        preset: "",
        sections: &[],
        live: Live::Quadratic,
        result: "mean squared error after the steps taken so far",
    },
    Lesson {
        id: "3v7",
        title: "4. 3 vs 7 with one linear unit",
        text: &[
            "One weight per pixel and a bias: score = x·w + b. The sigmoid σ(score) turns it into a probability that the digit is a 7.",
            "The loss (mnist_loss) is where(target = 7, 1 − p, p).mean(): how far each prediction is from the truth. Each step on a minibatch (step, then zero_grad) nudges w and b; batch accuracy counts (p > 0.5) = target.",
        ],
        try_next: &["Put a hidden layer in: model logistic:30 is the 784-30-1 net.", "Learning rate 0.1 and 10: which learns faster, and which is unstable?", "Draw a 3 and a 7 on the pad."],
        preset: "data=3v7&model=logistic&loss=sigmoid&optimizer=sgd&lr=1&batch=256&epochs=5&autostart=1",
        sections: PLAYGROUND,
        live: Live::Train,
        result: "held-out accuracy",
    },
    Lesson {
        id: "linear",
        title: "5. Ten digits, one linear layer",
        text: &[
            "Ten scores, one per digit, each a weighted sum of the pixels: θ is 10×28×28 plus 10 biases. Softmax turns the scores into probabilities and cross-entropy is the loss; plain SGD trains it.",
            "Two runs side by side. The first starts from weights drawn with standard deviation 1 on raw pixels: each score is a sum of about 150 inked pixels times N(0, 1), so it starts around ±12, softmax is saturated, most gradients are nearly zero and learning crawls (the course sees it stall near 63% after 20 epochs). The second uses small initial weights (PyTorch's ±1/√784) and standardised pixels: scores start near zero and every example teaches.",
        ],
        try_next: &["Give the first run a smaller learning rate, or more epochs: does it catch up?", "Look at the ten weight images after training: can you see the digits?"],
        preset: "data=embedded&model=linear&optimizer=sgd&batch=128&epochs=5&autostart=1",
        sections: &["learned-section", "eval-section", "sketch-section"],
        live: Live::Compare(&[("std-1 init, raw pixels, lr 1", "init=1&normalize=0&lr=1"), ("small init, standardised pixels, lr 0.1", "lr=0.1")]),
        result: "best final held-out accuracy of the runs",
    },
    Lesson {
        id: "deeper",
        title: "6. Going deeper",
        text: &[
            "Stack layers with a nonlinearity between them: Deep(20, 40, 20, 12) is 784-20-40-20-12-10. Without the activation the stack would still be one linear map.",
            "Five runs of the same net: ReLU, sigmoid and tanh with plain SGD, then ReLU with momentum (a running average of gradients) and with Adam (a step size per parameter).",
        ],
        try_next: &["Try the wide shallow 784-30-10: model mlp:30.", "AdamW: Adam with decoupled weight decay (optimizer adamw).", "More epochs: which activation wins in the end?"],
        preset: "data=embedded&model=mlp:20,40,20,12&optimizer=sgd&lr=0.1&batch=64&epochs=3&autostart=1",
        sections: &["learned-section", "eval-section", "sketch-section"],
        live: Live::Compare(&[
            ("ReLU, SGD", "activation=relu"),
            ("sigmoid, SGD", "activation=sigmoid"),
            ("tanh, SGD", "activation=tanh"),
            ("ReLU, momentum", "activation=relu&optimizer=momentum&lr=0.05"),
            ("ReLU, Adam", "activation=relu&optimizer=adam&lr=0.003"),
        ]),
        result: "best final held-out accuracy of the runs",
    },
    Lesson {
        id: "small-data",
        title: "7. Small data: the 8×8 digits",
        text: &[
            "1,797 tiny 8×8 digits (from scikit-learn), 20% held out. The net is 64-52-52-10 with sigmoid activations.",
            "A learning-rate sweep: the same net trained with five learning rates, each curve the held-out accuracy per epoch. Too small crawls, too large bounces or diverges; the best is usually a little below the largest that still works. The table shows the train accuracy too: when it pulls away from the held-out one, the net is overfitting.",
        ],
        try_next: &["Minibatch sizes: batch 8 and batch 256.", "Overfitting: 200 epochs, then dropout 0.3.", "The misclassified digits: are they hard for you too?"],
        preset: "data=digits&model=mlp:52,52&activation=sigmoid&optimizer=sgd&batch=32&epochs=30&autostart=1",
        sections: &["eval-section"],
        live: Live::Compare(&[("lr 0.03", "lr=0.03"), ("lr 0.1", "lr=0.1"), ("lr 0.3", "lr=0.3"), ("lr 1", "lr=1"), ("lr 3", "lr=3")]),
        result: "best final held-out accuracy of the sweep",
    },
    Lesson {
        id: "convolutions",
        title: "8. Convolutions",
        text: &[
            "A convolution slides a small filter (5×5 here) over the image and writes how strongly each patch matches it: a feature map. The same few weights are used everywhere, so a stroke is recognised wherever it is.",
            "This CNN has 8 filters, pooling (the largest value of each 2×2), 16 filters over those maps, pooling again, then a linear layer to the ten scores. Below: the learned filters and what they make of a held-out digit.",
        ],
        try_next: &["More filters: model cnn:16,32,128.", "Two or three epochs: how close to 99% does it get?", "Draw a digit off-centre: does the CNN still know it?"],
        preset: "data=embedded&model=cnn&optimizer=adam&lr=0.001&batch=32&epochs=1&autostart=1",
        sections: PLAYGROUND,
        live: Live::Train,
        result: "held-out accuracy",
    },
];

pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

pub fn ids() -> Vec<&'static str> {
    LESSONS.iter().map(|l| l.id).collect()
}

/// The 20 noisy speeds of lesson 3 (the course's example: 0.75·(t − 9.5)² + 1 plus N(0, 3²) noise),
/// seeded so a lesson link shows the same points to everyone.
pub fn quadratic_data(seed: u64) -> (Vec<f32>, Vec<f32>) {
    use rand::SeedableRng;
    use rand_distr::{Distribution, Normal};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0f32, 3.0).expect("finite");
    let t: Vec<f32> = (0..20).map(|i| i as f32).collect();
    let speed = t.iter().map(|&t| noise.sample(&mut rng) + 0.75 * (t - 9.5) * (t - 9.5) + 1.0).collect();
    (t, speed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn every_lesson_preset_and_run_is_valid() {
        for l in LESSONS {
            let (s, problems) = Settings::from_query(&format!("lesson={}", l.id));
            assert!(problems.is_empty(), "{}: {problems:?}", l.id);
            assert_eq!(s.lesson.as_deref(), Some(l.id));
            if let Live::Compare(runs) = l.live {
                for (label, q) in runs {
                    let (_, p) = Settings::from_query(&format!("{}&{q}", l.preset));
                    assert!(p.is_empty(), "{} / {label}: {p:?}", l.id);
                }
            }
        }
        assert_eq!(ids().len(), 8);
    }

    #[test]
    fn quadratic_data_is_seeded() {
        let (t, a) = quadratic_data(0);
        assert_eq!((t.len(), a.len()), (20, 20));
        assert_eq!(a, quadratic_data(0).1);
        assert_ne!(a, quadratic_data(1).1);
    }
}
