//! The course: nine lessons, each a page state (settings in URL form), a short explanation, the live
//! computation it runs, and what to try next. The texts are in the catalogs (i18n/*.ftl), inserted as text.
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
    /// Several runs (the catalog id of each run's label, and settings overrides on top of the lesson's) on
    /// one chart; the result is the best final held-out accuracy.
    Compare(&'static [(&'static str, &'static str)]),
    /// The learner's own digits: collect, score, teach (the "Your digits" panel); the result is the accuracy
    /// on their kept-aside digits after the last teaching.
    OwnDigits,
}

/// A lesson; its texts are in the catalogs (`lesson-<id>-title`, `-p1`…, `-try1`…, `-result`, and
/// `-run1`… for the runs of a comparison).
pub struct Lesson {
    pub id: &'static str,
    pub paragraphs: usize,
    pub tries: usize,
    /// Settings in URL form, applied before the URL's own.
    pub preset: &'static str,
    /// The page sections shown besides the lesson (ids of index.html's sections).
    pub sections: &'static [&'static str],
    pub live: Live,
    /// A random forest on the lesson's data first, trained in the worker: its held-out accuracy is the number
    /// the network must beat (the Russian course's 8×8-digits notebook starts so).
    pub forest: bool,
    /// The lesson opens with the pretrained CNN (not a model kept from a last visit) instead of training its own.
    pub pretrained: bool,
}

impl Lesson {
    fn text(&self, part: &str) -> String {
        crate::tr!(&format!("lesson-{}-{part}", self.id))
    }

    pub fn title(&self) -> String {
        self.text("title")
    }

    pub fn paragraphs(&self) -> Vec<String> {
        (1..=self.paragraphs).map(|i| self.text(&format!("p{i}"))).collect()
    }

    pub fn try_next(&self) -> Vec<String> {
        (1..=self.tries).map(|i| self.text(&format!("try{i}"))).collect()
    }

    /// What `lesson-result` holds.
    pub fn result(&self) -> String {
        self.text("result")
    }
}

const PLAYGROUND: &[&str] = &["data-section", "model-section", "train-section", "learned-section", "eval-section", "sketch-section"];

pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "tensors",
        paragraphs: 2,
        tries: 2,
        preset: "data=embedded",
        sections: &[],
        live: Live::Tensors,
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "pixel-similarity",
        paragraphs: 2,
        tries: 3,
        preset: "data=embedded",
        sections: &[],
        live: Live::PixelSimilarity,
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "quadratic",
        paragraphs: 2,
        tries: 3,
        preset: "",
        sections: &[],
        live: Live::Quadratic,
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "3v7",
        paragraphs: 2,
        tries: 3,
        preset: "data=3v7&model=logistic&loss=sigmoid&optimizer=sgd&lr=1&batch=256&epochs=5&autostart=1",
        sections: PLAYGROUND,
        live: Live::Train,
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "linear",
        paragraphs: 2,
        tries: 3,
        preset: "data=embedded&model=linear&optimizer=sgd&batch=128&epochs=5&autostart=1",
        sections: &["learned-section", "eval-section", "sketch-section"],
        live: Live::Compare(&[("lesson-linear-run1", "init=1&normalize=0&lr=1"), ("lesson-linear-run2", "lr=0.1")]),
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "deeper",
        paragraphs: 2,
        tries: 4,
        preset: "data=embedded&model=mlp:20,40,20,12&optimizer=sgd&lr=0.1&batch=64&epochs=3&autostart=1",
        sections: &["learned-section", "eval-section", "sketch-section"],
        live: Live::Compare(&[("lesson-deeper-run1", "activation=relu"), ("lesson-deeper-run2", "activation=sigmoid"), ("lesson-deeper-run3", "activation=tanh"), ("lesson-deeper-run4", "activation=relu&optimizer=momentum&lr=0.05"), ("lesson-deeper-run5", "activation=relu&optimizer=adam&lr=0.003")]),
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "small-data",
        paragraphs: 2,
        tries: 4,
        preset: "data=digits&model=mlp:52,52&activation=sigmoid&optimizer=sgd&batch=32&epochs=30&autostart=1",
        sections: &["eval-section"],
        live: Live::Compare(&[("lesson-small-data-run1", "lr=0.03"), ("lesson-small-data-run2", "lr=0.1"), ("lesson-small-data-run3", "lr=0.3"), ("lesson-small-data-run4", "lr=1"), ("lesson-small-data-run5", "lr=3")]),
        forest: true,
        pretrained: false,
    },
    Lesson {
        id: "convolutions",
        paragraphs: 2,
        tries: 4,
        preset: "data=embedded&model=cnn&optimizer=adam&lr=0.001&batch=32&epochs=1&autostart=1",
        sections: PLAYGROUND,
        live: Live::Train,
        forest: false,
        pretrained: false,
    },
    Lesson {
        id: "own-digits",
        paragraphs: 3,
        tries: 3,
        preset: "data=embedded",
        sections: &["sketch-section", "own-section", "data-section", "train-section", "eval-section"],
        live: Live::OwnDigits,
        forest: false,
        pretrained: true,
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
        assert_eq!(ids().len(), 9);
    }

    #[test]
    fn quadratic_data_is_seeded() {
        let (t, a) = quadratic_data(0);
        assert_eq!((t.len(), a.len()), (20, 20));
        assert_eq!(a, quadratic_data(0).1);
        assert_ne!(a, quadratic_data(1).1);
    }
}
