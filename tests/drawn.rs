//! The shipped pretrained model reads digits as learners draw them on the sketch pad (small, off-centre,
//! slanted, rotated, thick strokes: `drawn::Style::ALL`), not only MNIST's own. Held-out digits only (the
//! same seeded split the model was validated on); `mnist drawn` prints the full table.
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::data::Dataset;
use mnist_playground::drawn::{redraw, Style};
use mnist_playground::eval::{evaluate, DeviceData};
use mnist_playground::model;
use mnist_playground::nn::Module;
use mnist_playground::Device;
use std::path::Path;

#[test]
fn the_pretrained_model_reads_drawn_digits() {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
    let bytes = std::fs::read(www.join("pretrained.safetensors")).expect("www/data/pretrained.safetensors");
    let (net, info) = model::load("pretrained", &bytes, &Device::Cpu).unwrap();
    let data = Dataset::load_embedded(&www).unwrap();
    let (_, val) = data.split(2000, 0);
    let val = val.subset(&(0..500).collect::<Vec<_>>());
    for style in Style::ALL {
        let drawn = DeviceData::new(&redraw(&val, &style), &info, &Device::Cpu).unwrap();
        let m = pollster::block_on(evaluate(&net as &dyn Module, info.spec.default_loss(), &drawn, 500)).unwrap();
        println!("{:<12} {:.4}", style.name, m.accuracy);
        assert!(m.accuracy >= 0.955, "{}: {:.4} of 500 held-out digits drawn this way", style.name, m.accuracy);
    }
}
