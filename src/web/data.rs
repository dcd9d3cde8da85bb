//! Loading data into the page: the embedded digits (and their 3s and 7s), the 8×8 digits, full MNIST or
//! Fashion-MNIST served beside the page, or IDX files the learner picks or drops; each with a progress bar,
//! sample digits, and the model kept or restored when it fits.

use std::rc::Rc;

use super::dom::{self, error, set_progress, set_value, status_tr};
use super::state::{Fresh, Loaded, Shared};
use super::{evaluation, files, learned, update, views};
use crate::config::DataChoice;
use crate::controls::Activity;
use crate::data::{Dataset, DIGITS_8X8, EMBEDDED_IMAGES, EMBEDDED_LABELS, FASHION_CLASSES};
use crate::i18n::num;
use crate::model::ModelInfo;
use crate::{tr, tr_text};

fn class_names(choice: Option<DataChoice>, classes: usize) -> Vec<String> {
    match choice {
        Some(DataChoice::ThreeSeven) => vec!["3".into(), "7".into()],
        Some(DataChoice::Fashion) => (0..FASHION_CLASSES.len()).map(|c| tr!(&format!("fashion-{c}"))).collect(),
        _ => (0..classes).map(|c| c.to_string()).collect(),
    }
}

/// Loads `choice` (with a progress bar), shows sample digits, and re-evaluates or restores a model for it.
pub(super) async fn load_data(app: &Shared, choice: DataChoice, restore: bool) -> Result<(), String> {
    set_value("data", choice.name());
    app.borrow_mut().settings.data = choice;
    status_tr(tr_text!("data-loading", name = choice.label()));
    set_progress("data-progress", Some(0.0));
    if choice == DataChoice::Digits {
        let url = format!("data/{DIGITS_8X8}");
        let bytes = dom::fetch(&url, |n, total| set_progress("data-progress", total.map(|t| n as f64 / t.max(1) as f64))).await?;
        let all = crate::data::parse_digits_csv(&url, &bytes)?;
        let (train, test) = all.split(all.len() / 5, 0);
        let names = class_names(Some(choice), train.classes);
        return use_data(app, choice.label(), train, test, names, restore).await;
    }
    let files: Vec<(String, String)> = match choice {
        DataChoice::Digits => unreachable!("handled above"),
        DataChoice::Embedded | DataChoice::ThreeSeven => vec![(format!("data/{EMBEDDED_IMAGES}"), format!("data/{EMBEDDED_LABELS}"))],
        DataChoice::Mnist | DataChoice::Fashion => {
            let dir = if choice == DataChoice::Mnist { "data/mnist" } else { "data/fashion" };
            ["train", "t10k"].iter().map(|p| (format!("{dir}/{p}-images-idx3-ubyte.gz"), format!("{dir}/{p}-labels-idx1-ubyte.gz"))).collect()
        }
    };
    let count = (files.len() * 2) as f64;
    let mut parts = Vec::new();
    for (i, (images, labels)) in files.iter().enumerate() {
        let mut got = Vec::new();
        for (j, url) in [images, labels].into_iter().enumerate() {
            let done = (2 * i + j) as f64;
            let bytes = dom::fetch(url, |n, total| set_progress("data-progress", total.map(|t| (done + n as f64 / t.max(1) as f64) / count)))
                .await
                .map_err(|e| match choice {
                    DataChoice::Mnist | DataChoice::Fashion => tr!("data-not-served", name = choice.label(), error = e),
                    _ => e,
                })?;
            got.push(bytes);
        }
        set_progress("data-progress", None);
        dom::yield_to_browser().await;
        parts.push(Dataset::parse((images, &got[0]), (labels, &got[1]), 10)?);
    }
    let (train, test) = if parts.len() == 2 {
        let test = parts.pop().unwrap();
        (parts.pop().unwrap(), test)
    } else {
        let (train, test) = parts.pop().ok_or("no data")?.split(2000, 0);
        if choice == DataChoice::ThreeSeven {
            (train.select_classes(&[3, 7])?, test.select_classes(&[3, 7])?)
        } else {
            (train, test)
        }
    };
    let names = class_names(Some(choice), train.classes);
    use_data(app, choice.label(), train, test, names, restore).await
}

/// Sorts picked or dropped files into training and test images and labels by their names (MNIST's
/// `train-`/`t10k-`, `images`/`labels` or `idx3`/`idx1`) and loads them; without test files, 1/6 of the
/// training files is held out.
pub(super) fn open_data_files(app: Shared, files: web_sys::FileList) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            status_tr(tr_text!("data-reading-files"));
            set_progress("data-progress", None);
            let files = dom::read_files(&files).await?;
            let find = |test: bool, images: bool| {
                files.iter().find(|(name, _)| {
                    let n = name.to_lowercase();
                    let is_test = n.contains("t10k") || n.contains("test");
                    let is_images = n.contains("images") || n.contains("idx3");
                    let is_labels = n.contains("labels") || n.contains("idx1");
                    is_test == test && if images { is_images } else { is_labels }
                })
            };
            let (Some(ti), Some(tl)) = (find(false, true), find(false, false)) else {
                let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
                return Err(tr!("data-files-not-found", names = names.join(", ")));
            };
            let train = Dataset::parse((&ti.0, &ti.1), (&tl.0, &tl.1), 10)?;
            let (train, test) = match (find(true, true), find(true, false)) {
                (Some(i), Some(l)) => (train, Dataset::parse((&i.0, &i.1), (&l.0, &l.1), 10)?),
                _ => {
                    let n = train.len() / 6;
                    train.split(n, 0)
                }
            };
            let label = tr!("data-your-files", name = ti.0.as_str());
            let names = class_names(None, train.classes);
            use_data(&app, label, train, test, names, true).await
        }
        .await;
        set_progress("data-progress", Some(1.0));
        if let Err(e) = result {
            error(&tr!("data-still-in-use", error = e));
        } else {
            set_value("data", "files");
        }
    });
}

async fn use_data(app: &Shared, label: String, train: Dataset, test: Dataset, names: Vec<String>, restore: bool) -> Result<(), String> {
    let n = train.pixels();
    let mut mean_image = vec![0.0f32; n];
    for img in train.images.chunks(n) {
        for (m, &b) in mean_image.iter_mut().zip(img) {
            *m += b as f32;
        }
    }
    let scale = 1.0 / (255.0 * train.len().max(1) as f32);
    mean_image.iter_mut().for_each(|m| *m *= scale);
    views::draw_samples(&train, &names)?;
    // The worker keeps its own copy: it trains and evaluates on it.
    update::send_data(app, &train, &test).await?;
    set_progress("data-progress", Some(1.0));
    status_tr(tr_text!("data-loaded", name = label.as_str(), train = train.len(), test = test.len()));
    let loaded = Rc::new(Loaded { label, train: Rc::new(train), test: Rc::new(test), names, mean_image });
    {
        let mut a = app.borrow_mut();
        a.data = Some(loaded.clone());
        a.fresh(Fresh::Data);
        if a.activity == Activity::Paused {
            a.activity = Activity::Idle; // the paused run was on the old data
        }
    }
    evaluation::clear();
    update::drop_helpers(app); // they hold the old data; the next CPU run starts new ones
    update::render_controls(app);
    // A model that fits the new data stays (and is scored on it); otherwise the stored one may fit.
    let current = app.borrow().current.clone();
    match current {
        Some(c) if fits(&c.info, &loaded).is_ok() && c.names == loaded.names => {
            learned::refresh(app).await;
            let accuracy = evaluation::evaluate(app).await?;
            status_tr(tr_text!("data-loaded-kept", name = loaded.label.as_str(), train = loaded.train.len(), test = loaded.test.len(), percent = num(accuracy * 100.0, 2)));
        }
        _ => {
            app.borrow_mut().current = None;
            learned::clear();
            if restore {
                files::restore_model(app).await;
            }
        }
    }
    Ok(())
}

pub(super) fn fits(info: &ModelInfo, data: &Loaded) -> Result<(), String> {
    let t = &data.train;
    if (info.rows, info.cols, info.classes) != (t.rows, t.cols, t.classes) {
        return Err(tr!(
            "data-model-mismatch",
            model = info.spec.name(),
            rows = info.rows.to_string(),
            cols = info.cols.to_string(),
            classes = info.classes,
            data = data.label.as_str(),
            drows = t.rows.to_string(),
            dcols = t.cols.to_string(),
            dclasses = t.classes
        ));
    }
    Ok(())
}
