//! "Continue in your notebook": a short PyTorch script for a trained model — the same `nn.Sequential`
//! (from the one layer list that builds our model, so the parameter names match), the weights loaded with
//! `safetensors.torch.load_file`, the same input standardisation, and an evaluation on the test set in the
//! style of the course notebooks.

use crate::model::{Layer, ModelInfo};
use crate::nn::Activation;

/// The test set the script evaluates on: what the model was trained on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestSet {
    Mnist,
    /// MNIST's 3s and 7s, relabelled 0 and 1 (the course's 3-vs-7 models).
    ThreeSeven,
    Fashion,
    /// scikit-learn's 8×8 digits (no separate test set: the script scores all 1,797).
    Digits8x8,
}

impl TestSet {
    pub fn parse(s: &str) -> Result<TestSet, String> {
        match s {
            "mnist" | "embedded" => Ok(TestSet::Mnist),
            "3v7" => Ok(TestSet::ThreeSeven),
            "fashion" => Ok(TestSet::Fashion),
            "digits" => Ok(TestSet::Digits8x8),
            _ => Err(format!("unknown test set {s:?} (mnist, 3v7, fashion or digits)")),
        }
    }
}

fn torch_layer(layer: &Layer) -> String {
    match layer {
        Layer::Unflatten(shape) => format!("nn.Unflatten(1, ({})),", shape.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
        Layer::Linear { inputs, outputs, .. } => format!("nn.Linear({inputs}, {outputs}),"),
        Layer::Conv { channels, out_channels, kernel, .. } => format!("nn.Conv2d({channels}, {out_channels}, {kernel}),"),
        Layer::Activation(Activation::Relu) => "nn.ReLU(),".into(),
        Layer::Activation(Activation::Sigmoid) => "nn.Sigmoid(),".into(),
        Layer::Activation(Activation::Tanh) => "nn.Tanh(),".into(),
        Layer::MaxPool => "nn.MaxPool2d(2),".into(),
        Layer::Flatten => "nn.Flatten(),".into(),
        Layer::Dropout { p, .. } => format!("nn.Dropout({p}),"),
    }
}

/// The script for the model `info` describes, whose weights are saved as `weights_file`.
pub fn pytorch_script(info: &ModelInfo, weights_file: &str, test_set: TestSet) -> Result<String, String> {
    let layers = info.spec.layers(info.rows, info.cols, info.classes, 0)?;
    let one_output = matches!(layers.last(), Some(Layer::Linear { outputs: 1, .. }));
    let body: String = layers.iter().map(|l| format!("    {}\n", torch_layer(l))).collect();
    let (rows, cols) = (info.rows, info.cols);
    let data = match test_set {
        TestSet::Mnist | TestSet::ThreeSeven | TestSet::Fashion => {
            let dataset = if test_set == TestSet::Fashion { "FashionMNIST" } else { "MNIST" };
            let mut s = format!(
                "# The {dataset} test set (10,000 images), as in the course notebooks.\n\
                 from torchvision.datasets import {dataset}\n\
                 test = {dataset}(\"data\", train=False, download=True)\n\
                 images, labels = test.data, test.targets\n"
            );
            if test_set == TestSet::ThreeSeven {
                s += "# A 3-vs-7 model: keep the 3s and 7s, labelled 0 (a 3) and 1 (a 7).\n\
                      keep = (labels == 3) | (labels == 7)\n\
                      images, labels = images[keep], (labels[keep] == 7).long()\n";
            }
            s
        }
        TestSet::Digits8x8 => "# scikit-learn's 8×8 digits (values 0–16, scaled to 0–255 as the playground reads them).\n\
             from sklearn.datasets import load_digits\n\
             digits = load_digits()\n\
             images = torch.tensor(digits.images * 255 / 16).round().to(torch.uint8)\n\
             labels = torch.tensor(digits.target)\n"
            .to_string(),
    };
    let predict = if one_output {
        "# One output: the probability of class 1 is sigmoid(output).\n    predictions = (model(x)[:, 0] > 0).long()\n"
    } else {
        "    predictions = model(x).argmax(dim=1)\n"
    };
    Ok(format!(
        "# Continue in your notebook: the model trained in the MNIST playground ({name}), in PyTorch.\n\
         # Needs: pip install torch torchvision safetensors\n\
         import torch\n\
         from torch import nn\n\
         from safetensors.torch import load_file\n\
         \n\
         model = nn.Sequential(\n\
         {body})\n\
         model.load_state_dict(load_file(\"{weights_file}\"))\n\
         model.eval()\n\
         \n\
         # The playground fed the model standardised pixels: (pixel / 255 - MEAN) / STD, from its training images.\n\
         MEAN, STD = {mean}, {std}\n\
         \n\
         def prepare(images):\n\
         \x20   \"\"\"uint8 images [N, {rows}, {cols}] → the model's inputs [N, {pixels}].\"\"\"\n\
         \x20   return ((images.float() / 255 - MEAN) / STD).reshape(len(images), -1)\n\
         \n\
         {data}\
         \n\
         x = prepare(images)\n\
         with torch.no_grad():\n\
         {predict}\
         accuracy = (predictions == labels).float().mean().item()\n\
         print(f\"accuracy on {{len(labels)}} test images: {{accuracy:.4f}}\")\n",
        name = info.spec.name(),
        mean = info.mean,
        std = info.std,
        pixels = rows * cols,
    ))
}
