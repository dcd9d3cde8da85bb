use mnist_playground::data::Dataset;
use mnist_playground::model::ModelSpec;
use mnist_playground::nn::Activation;
use mnist_playground::optim::OptimizerKind;
use mnist_playground::model::Loss;
use mnist_playground::train::{TrainConfig, Trainer};
use mnist_playground::Device;
fn main() {
    let dev = pollster::block_on(Device::gpu()).unwrap();
    let data = Dataset::load_embedded(std::path::Path::new("www/data")).unwrap();
    let (train, _) = data.split(2000, 0);
    let train = train.subset(&(0..2560).collect::<Vec<_>>());
    for (m, opt) in [("mlp:128", OptimizerKind::Adam), ("cnn", OptimizerKind::Adam)] {
        let spec = ModelSpec::parse(m, Activation::Relu, 0.0).unwrap();
        let mut c = TrainConfig::new(opt, Loss::CrossEntropy);
        c.batch = 128; c.epochs = 1; c.report_every = 1000;
        let mut t = Trainer::from_spec(&spec, true, 0, &train, None, c, &dev).unwrap();
        pollster::block_on(t.advance(2)).unwrap();
        let Device::Gpu(g) = &dev else { panic!() };
        let before = g.stats().dispatches;
        g.start_profile();
        pollster::block_on(t.advance(10)).unwrap();
        pollster::block_on(dev.sync()).unwrap();
        let p = g.take_profile();
        println!("{m}: {:.1} dispatches/step", (g.stats().dispatches - before) as f64 / 10.0);
        for (name, n, _) in &p.kernels { println!("  {n:4} {name}"); }
    }
}
