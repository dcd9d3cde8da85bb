//! The command-line tool: `mnist train …` trains a model natively (GPU through wgpu, or the CPU backend)
//! with the same loop the page uses and saves it as safetensors; `mnist eval …` scores a saved model on
//! IDX files; `mnist forest …` grows lesson 7's random forest and prints its held-out accuracy; `mnist teach …`
//! fine-tunes saved weights on a learner's exported digits (as the page's Teach does). Every bad
//! input ends with one line on stderr and a non-zero exit.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use indicatif::{ProgressBar, ProgressStyle};
    use mnist_playground::data::{parse_digits_csv, Dataset, DIGITS_8X8, FASHION_DIR};
    use mnist_playground::model::{self, Loss, ModelSpec};
    use mnist_playground::nn::{Activation, Module};
    use mnist_playground::eval::{evaluate, DeviceData};
    use mnist_playground::optim::OptimizerKind;
    use mnist_playground::own_digits;
    use mnist_playground::train::{Event, TrainConfig, Trainer};
    use mnist_playground::Device;

    #[derive(Parser)]
    #[command(name = "mnist", about = "Train and evaluate MNIST models with hand-written WGSL kernels (or the CPU backend)")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Train a model and save its weights as safetensors.
        Train {
            /// linear, logistic (two classes), mlp:H1,H2,… (e.g. mlp:128) or cnn[:C1,C2[,HIDDEN]]
            #[arg(long)]
            model: String,
            #[arg(long, default_value = "relu")]
            activation: String,
            #[arg(long, default_value_t = 0.0)]
            dropout: f32,
            /// sgd, momentum, adam or adamw
            #[arg(long, default_value = "sgd")]
            optimizer: String,
            /// Learning rate (default: 0.1 for sgd, 0.01 for momentum, 0.001 for adam/adamw)
            #[arg(long)]
            lr: Option<f32>,
            /// cross-entropy, or sigmoid / bce for the one-output logistic model (default: the model's)
            #[arg(long)]
            loss: Option<String>,
            #[arg(long, default_value_t = 128)]
            batch: usize,
            #[arg(long, default_value_t = 1)]
            epochs: usize,
            #[arg(long, default_value_t = 0)]
            seed: u64,
            /// embedded (the first 10,000 MNIST training digits), fashion (Debian's Fashion-MNIST), digits
            /// (scikit-learn's 8×8), or a directory with train-/t10k- IDX files (MNIST's names, .gz or not) or
            /// the page's exported own-digits- pair
            #[arg(long, default_value = "embedded")]
            data: String,
            /// Keep only these classes, relabelled 0, 1, … in this order (e.g. 3,7)
            #[arg(long, value_delimiter = ',')]
            classes: Option<Vec<u8>>,
            /// Examples held out of the training data for validation, before --classes picks classes
            /// (default: a fifth, at most 5000: 2000 of the embedded 10,000, 5000 of a 60,000 training file)
            #[arg(long)]
            val: Option<usize>,
            /// Random-shift augmentation: translate training images by up to N pixels
            #[arg(long, default_value_t = 0)]
            shift: u32,
            /// Warp augmentation: small random rotations (±10°), scalings (±10%), slants and thicker strokes
            #[arg(long)]
            warp: bool,
            /// Anneal the learning rate to 0 along a half cosine over the run
            #[arg(long)]
            cosine: bool,
            /// Weight averaging (SWA): end with the mean of the weights after every step of the last N epochs
            /// (validated and saved as the model; 0 = off)
            #[arg(long, default_value_t = 0)]
            average: usize,
            /// Feed raw pixels in [0, 1] instead of standardising them with the training data's mean and std
            #[arg(long)]
            raw_pixels: bool,
            /// auto (GPU when there is one), gpu or cpu
            #[arg(long, default_value = "auto")]
            backend: String,
            #[arg(long)]
            out: PathBuf,
            /// Save the weights as 16-bit floats (F16): half the file, as the page's pretrained model ships
            #[arg(long)]
            half: bool,
        },
        /// Score saved weights on a pair of IDX files; prints "accuracy: 0.9731" and the loss.
        Eval {
            /// A .safetensors file written by `mnist train` (or the page's Save button)
            #[arg(long)]
            model: PathBuf,
            #[arg(long)]
            images: PathBuf,
            #[arg(long)]
            labels: PathBuf,
            /// Keep only these classes, relabelled 0, 1, … in this order (as at training time)
            #[arg(long, value_delimiter = ',')]
            classes: Option<Vec<u8>>,
            #[arg(long, default_value = "auto")]
            backend: String,
        },
        /// Score a saved 28×28 model on the held-out digits as they are, then as a learner would draw them on the
        /// sketch pad: centred, off-centre, small, slanted, rotated and with a thick brush
        Drawn {
            /// A .safetensors file written by `mnist train`
            #[arg(long)]
            model: PathBuf,
            /// Examples held out of the embedded digits (as `mnist train --val`; the same seeded split)
            #[arg(long, default_value_t = 2000)]
            val: usize,
            #[arg(long, default_value = "auto")]
            backend: String,
        },
        /// Write a PyTorch script for a saved model ("continue in your notebook"): the same nn.Sequential, its
        /// weights loaded with safetensors, the same input standardisation, and a test-set evaluation.
        ExportPython {
            /// A .safetensors file written by `mnist train` (or the page's Save button)
            #[arg(long)]
            model: PathBuf,
            /// The test set the script scores: mnist, 3v7, fashion or digits (what the model was trained on)
            #[arg(long, default_value = "mnist")]
            test_set: String,
            /// Where to write the script (default: the model's name with .py)
            #[arg(long)]
            out: Option<PathBuf>,
        },
        /// Grow a random forest on the pixels (smartcore's; as lesson 7 does first) and print its accuracy on
        /// the held-out part: the same split `train` validates on (the page's, for digits and embedded)
        Forest {
            /// embedded, digits, fashion, or a directory with train-/t10k- IDX files (as for `train`)
            #[arg(long, default_value = "digits")]
            data: String,
            #[arg(long, default_value_t = 10)]
            trees: usize,
            /// Splits from root to leaf at most (scikit-learn's max_depth)
            #[arg(long, default_value_t = 10)]
            depth: usize,
            /// Bootstrap samples and split candidates
            #[arg(long, default_value_t = 0)]
            seed: u64,
        },
        /// Fine-tune saved weights on your own digits (a folder with the page's exported own-digits- pair, or
        /// train- files of 28×28 digits) mixed with replayed embedded training digits, as the page's "Teach" does;
        /// prints the held-out accuracy and the accuracy on your held-out digits (every 4th of each) before and after
        Teach {
            /// A .safetensors file of a 28×28, ten-class model (e.g. www/data/pretrained.safetensors)
            #[arg(long)]
            model: PathBuf,
            /// The folder holding your digits
            #[arg(long)]
            data: PathBuf,
            /// Replayed training digits per digit of yours (0: yours only, and the model forgets)
            #[arg(long, default_value_t = 4)]
            replay: usize,
            /// Minibatch steps (of 32 digits)
            #[arg(long, default_value_t = 200)]
            steps: usize,
            /// Learning rate (default: the page's, 0.0003 with Adam)
            #[arg(long)]
            lr: Option<f32>,
            #[arg(long, default_value = "auto")]
            backend: String,
            #[arg(long)]
            out: PathBuf,
            /// Save the weights as 16-bit floats (F16)
            #[arg(long)]
            half: bool,
        },
    }

    pub fn main() -> ExitCode {
        let cli = match Cli::try_parse() {
            Ok(c) => c,
            Err(e) if !e.use_stderr() => {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                let text = e.render().to_string();
                eprintln!("{}", text.lines().next().unwrap_or("error: bad arguments"));
                return ExitCode::from(2);
            }
        };
        let result = match cli.command {
            Command::Train { model, activation, dropout, optimizer, lr, loss, batch, epochs, seed, data, classes, val, shift, warp, cosine, average, raw_pixels, backend, out, half } => {
                train(TrainArgs { model, activation, dropout, optimizer, lr, loss, batch, epochs, seed, data, classes, val, shift, warp, cosine, average, raw_pixels, backend, out, half })
            }
            Command::Eval { model, images, labels, classes, backend } => eval(&model, &images, &labels, classes.as_deref(), &backend),
            Command::Drawn { model, val, backend } => drawn(&model, val, &backend),
            Command::ExportPython { model, test_set, out } => export_python(&model, &test_set, out),
            Command::Forest { data, trees, depth, seed } => forest(&data, trees, depth, seed),
            Command::Teach { model, data, replay, steps, lr, backend, out, half } => teach(&model, &data, replay, steps, lr, &backend, &out, half),
        };
        match result {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {}", e.replace('\n', " "));
                ExitCode::FAILURE
            }
        }
    }

    /// Vulkan's window-system probing prints "error: XDG_RUNTIME_DIR is invalid or not set" (twice) on
    /// machines without a session, although nothing is wrong: a compute-only tool needs no display. Where the
    /// variable is missing, point it at a private directory of our own before the GPU is probed.
    fn quiet_runtime_dir() {
        let set = std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| std::path::Path::new(&d).is_dir());
        if set {
            return;
        }
        let user = std::env::var("USER").unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("mnist-playground-runtime-{user}"));
        #[cfg(unix)]
        let made = {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new().mode(0o700).create(&dir)
        };
        #[cfg(not(unix))]
        let made = std::fs::create_dir(&dir);
        if made.is_ok() || dir.is_dir() {
            // Still single-threaded here: no other thread reads the environment.
            std::env::set_var("XDG_RUNTIME_DIR", &dir);
        }
    }

    fn device(backend: &str) -> Result<Device, String> {
        if backend != "cpu" {
            quiet_runtime_dir();
        }
        match backend {
            "cpu" => Ok(Device::Cpu),
            "gpu" => Device::gpu_blocking().map_err(|e| format!("--backend gpu: {e}")),
            "auto" => Ok(Device::gpu_blocking().unwrap_or_else(|e| {
                eprintln!("note: no GPU ({e}); using the CPU backend");
                Device::Cpu
            })),
            _ => Err(format!("unknown backend {backend:?} (auto, gpu or cpu)")),
        }
    }

    fn read(path: &Path) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// (training data, test set if the source has one).
    fn load_source(source: &str) -> Result<(Dataset, Option<Dataset>), String> {
        let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
        match source {
            "embedded" => Ok((Dataset::load_embedded(&www)?, None)),
            "digits" => {
                let path = www.join(DIGITS_8X8);
                Ok((parse_digits_csv(&path.display().to_string(), &read(&path)?)?, None))
            }
            "fashion" => {
                let dir = Path::new(FASHION_DIR);
                if !dir.exists() {
                    return Err(format!("{FASHION_DIR} is missing: install Debian's dataset-fashion-mnist package"));
                }
                Ok((Dataset::load_idx_dir(dir, "train")?, Some(Dataset::load_idx_dir(dir, "t10k")?)))
            }
            dir => {
                let dir = Path::new(dir);
                if !dir.is_dir() {
                    return Err(format!("--data {}: not embedded, fashion, digits or a directory", dir.display()));
                }
                // MNIST's `train-` pair, or else a learner's exported digits (the page's Your digits).
                let has = |prefix: &str| ["labels-idx1-ubyte.gz", "labels-idx1-ubyte"].iter().any(|f| dir.join(format!("{prefix}-{f}")).exists());
                let prefix = if !has("train") && has(own_digits::PREFIX) { own_digits::PREFIX } else { "train" };
                let train = Dataset::load_idx_dir(dir, prefix)?;
                let test = if dir.join("t10k-labels-idx1-ubyte.gz").exists() || dir.join("t10k-labels-idx1-ubyte").exists() {
                    Some(Dataset::load_idx_dir(dir, "t10k")?)
                } else {
                    None
                };
                Ok((train, test))
            }
        }
    }

    struct TrainArgs {
        model: String,
        activation: String,
        dropout: f32,
        optimizer: String,
        lr: Option<f32>,
        loss: Option<String>,
        batch: usize,
        epochs: usize,
        seed: u64,
        data: String,
        classes: Option<Vec<u8>>,
        val: Option<usize>,
        shift: u32,
        warp: bool,
        cosine: bool,
        average: usize,
        raw_pixels: bool,
        backend: String,
        out: PathBuf,
        half: bool,
    }

    /// Fails at once, with the reason, when `path` cannot be written (a missing folder, a folder in its place,
    /// no permission): a long run must not end in a write that was never possible.
    fn check_writable(path: &Path) -> Result<(), String> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(format!("{}: the folder {} does not exist", path.display(), dir.display()));
        }
        if path.is_dir() {
            return Err(format!("{}: is a folder, not a file", path.display()));
        }
        let probe = dir.join(format!(".{}.check", path.file_name().map_or("out".into(), |n| n.to_string_lossy())));
        std::fs::write(&probe, b"").map_err(|e| format!("{}: cannot write there: {e}", path.display()))?;
        let _ = std::fs::remove_file(&probe);
        Ok(())
    }

    /// A flag that the first Ctrl-C sets (training then stops at its next report); a second one exits at once.
    fn interrupt_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let flag = std::sync::Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        let _ = ctrlc::set_handler(move || {
            if f.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\nstopping: the last completed epoch's weights will be saved (Ctrl-C again quits at once)");
        });
        flag
    }

    fn train(a: TrainArgs) -> Result<ExitCode, String> {
        check_writable(&a.out)?;
        let spec = ModelSpec::parse(&a.model, Activation::parse(&a.activation)?, a.dropout)?;
        let optimizer = OptimizerKind::parse(&a.optimizer)?;
        let loss = a.loss.as_deref().map(Loss::parse).transpose()?.unwrap_or(spec.default_loss());
        let (data, mut test) = load_source(&a.data)?;
        let val_n = a.val.unwrap_or((data.len() / 5).min(5000));
        if val_n >= data.len() {
            return Err(format!("--val {val_n} leaves no training examples out of {}", data.len()));
        }
        let (mut train, mut val) = data.split(val_n, 0);
        if let Some(c) = &a.classes {
            train = train.select_classes(c)?;
            if !val.is_empty() {
                val = val.select_classes(c)?;
            }
            test = test.map(|t| t.select_classes(c)).transpose()?;
        }
        let dev = device(&a.backend)?;
        let config = TrainConfig {
            epochs: a.epochs,
            batch: a.batch,
            lr: a.lr.unwrap_or(optimizer.default_lr()),
            optimizer,
            loss,
            seed: a.seed,
            report_every: 20,
            shift: a.shift,
            warp: a.warp,
            cosine: a.cosine,
            average: a.average,
        };
        println!(
            "{} on {} ({} train, {} validation{}), {} lr {}{} batch {} for {} epochs{}, backend {}",
            spec.name(),
            a.data,
            train.len(),
            val.len(),
            test.as_ref().map_or(String::new(), |t| format!(", {} test", t.len())),
            optimizer.name(),
            config.lr,
            if config.cosine { " (cosine)" } else { "" },
            config.batch,
            config.epochs,
            if config.average > 0 { format!(" (weights averaged over the last {})", config.average) } else { String::new() },
            dev.name()
        );
        let batch = config.batch;
        let mut trainer = Trainer::from_spec(&spec, !a.raw_pixels, a.seed, &train, (!val.is_empty()).then_some(&val), config, &dev)?;
        print!("{}", trainer.model.summary(&[batch, train.pixels()])?);
        let info = trainer.info.clone();
        let bar = ProgressBar::new(trainer.position().2 as u64);
        bar.set_style(ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} steps, {msg}").unwrap().progress_chars("=> "));
        bar.set_prefix("1");
        let mut diverged = None;
        let interrupted = interrupt_flag();
        // The weights after the last completed epoch: what Ctrl-C saves.
        let mut last_epoch: Option<(usize, Vec<u8>)> = None;
        while !trainer.is_done() {
            let mut ended = None;
            for e in pollster::block_on(trainer.advance(usize::MAX))? {
                match &e {
                    Event::Progress { epoch, step, loss, samples_per_s, .. } => {
                        bar.set_prefix(epoch.to_string());
                        bar.set_position(*step as u64);
                        bar.set_message(format!("loss {loss:.4}, {samples_per_s:.0} samples/s"));
                    }
                    Event::Epoch { epoch, train, val, seconds } => {
                        let v = val.map_or(String::new(), |v| format!("  val loss {:.4} acc {:.4}", v.loss, v.accuracy));
                        bar.suspend(|| {
                            println!(
                                "epoch {epoch:>3}: train loss {:.4} acc {:.4}{v}  {seconds:.2} s ({:.0} samples/s)",
                                train.loss,
                                train.accuracy,
                                train.count as f64 / seconds
                            )
                        });
                        bar.set_position(0);
                        ended = Some(*epoch);
                    }
                    Event::Diverged { message, .. } => diverged = Some(message.clone()),
                    Event::Done => bar.finish_and_clear(),
                }
            }
            if let Some(epoch) = ended.filter(|_| diverged.is_none()) {
                last_epoch = Some((epoch, pollster::block_on(model::save(&trainer.model, &info))?));
            }
            if interrupted.load(std::sync::atomic::Ordering::SeqCst) && !trainer.is_done() {
                bar.finish_and_clear();
                match last_epoch {
                    Some((epoch, bytes)) => {
                        let bytes = if a.half { model::half(&bytes)? } else { bytes };
                        std::fs::write(&a.out, bytes).map_err(|e| format!("{}: {e}", a.out.display()))?;
                        eprintln!("interrupted: the weights after epoch {epoch} were saved to {}", a.out.display());
                    }
                    None => eprintln!("interrupted before the first epoch ended: nothing was saved"),
                }
                return Ok(ExitCode::from(130));
            }
        }
        bar.finish_and_clear();
        let mut bytes = pollster::block_on(model::save(&trainer.model, &info))?;
        if a.half {
            bytes = model::half(&bytes)?;
        }
        std::fs::write(&a.out, &bytes).map_err(|e| format!("{}: {e}", a.out.display()))?;
        if let Some(m) = diverged {
            eprintln!("error: {m} The last good weights were saved to {}.", a.out.display());
            return Ok(ExitCode::FAILURE);
        }
        if let Some(test) = test {
            // The weights as saved (with --half, their 16-bit values) are scored.
            let (saved, _) = model::load("the saved weights", &bytes, &dev)?;
            let m = pollster::block_on(evaluate(&saved, loss, &DeviceData::new(&test, &info, &dev)?, 1000))?;
            println!("test accuracy: {:.4}  loss: {:.4}  ({} examples)", m.accuracy, m.loss, m.count);
        }
        println!("saved {}", a.out.display());
        Ok(ExitCode::SUCCESS)
    }

    /// The held-out part `train` validates on: a fifth of the data (at most 5,000), seed 0 — for the 8×8
    /// digits and the embedded ones, the page's own split.
    fn held_out(data: &Dataset) -> (Dataset, Dataset) {
        data.split((data.len() / 5).min(5000), 0)
    }

    fn forest(source: &str, trees: usize, depth: usize, seed: u64) -> Result<ExitCode, String> {
        use mnist_playground::forest::{Forest, ForestSettings};
        let settings = ForestSettings::new(trees, depth, seed)?;
        let (data, test) = load_source(source)?;
        let (train, val) = held_out(&data);
        println!("random forest: {trees} trees, depth {depth}, seed {seed} on {source} ({} train, {} held out{})", train.len(), val.len(), test.as_ref().map_or(String::new(), |t| format!(", {} test", t.len())));
        let start = std::time::Instant::now();
        let forest = Forest::train(&train, settings)?;
        println!("grown in {:.2} s", start.elapsed().as_secs_f64());
        println!("held-out accuracy: {:.4}", forest.accuracy(&val)?);
        if let Some(test) = test {
            println!("test accuracy: {:.4}", forest.accuracy(&test)?);
        }
        Ok(ExitCode::SUCCESS)
    }

    #[allow(clippy::too_many_arguments)]
    fn teach(model_path: &Path, dir: &Path, replay: usize, steps: usize, lr: Option<f32>, backend: &str, out: &Path, half: bool) -> Result<ExitCode, String> {
        check_writable(out)?;
        let dev = device(backend)?;
        let weights = read(model_path)?;
        let (before, info) = model::load(&model_path.display().to_string(), &weights, &dev)?;
        if !dir.is_dir() {
            return Err(format!("--data {}: not a folder", dir.display()));
        }
        let has = |prefix: &str| ["labels-idx1-ubyte.gz", "labels-idx1-ubyte"].iter().any(|f| dir.join(format!("{prefix}-{f}")).exists());
        let own = Dataset::load_idx_dir(dir, if has("train") { "train" } else { own_digits::PREFIX })?;
        let (taught, held) = own_digits::split_held_out(&own);
        let (train, val) = held_out(&Dataset::load_embedded(&Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data"))?);
        let recipe = own_digits::Recipe { steps, replay_per_own: replay, lr: lr.unwrap_or(own_digits::Recipe::default().lr), ..Default::default() };
        let mix = recipe.mix(&taught, &train)?;
        let mut trainer = recipe.trainer(&weights, &mix, None, &dev, 50)?;
        println!(
            "{} taught {} of your {} digits ({} held out), 1 : {replay} replayed, {steps} steps of {} with {} lr {}, backend {}",
            info.spec.name(),
            taught.len(),
            own.len(),
            held.len(),
            recipe.batch,
            recipe.optimizer.name(),
            recipe.lr,
            dev.name()
        );
        let score = |m: &dyn Module, d: &Dataset| -> Result<String, String> {
            if d.is_empty() {
                return Ok("-".into());
            }
            Ok(format!("{:.4}", pollster::block_on(evaluate(m, info.spec.default_loss(), &DeviceData::new(d, &info, &dev)?, 1000))?.accuracy))
        };
        let (val_before, held_before) = (score(&before, &val)?, score(&before, &held)?);
        pollster::block_on(trainer.run(|_| true))?;
        let mut bytes = pollster::block_on(model::save(&trainer.model, &info))?;
        if half {
            bytes = model::half(&bytes)?;
        }
        let (saved, _) = model::load("the saved weights", &bytes, &dev)?;
        println!("your held-out digits: {held_before} → {}", score(&saved, &held)?);
        println!("held-out digits ({}): {val_before} → {}", val.len(), score(&saved, &val)?);
        std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
        println!("saved {}", out.display());
        Ok(ExitCode::SUCCESS)
    }

    fn export_python(model_path: &Path, test_set: &str, out: Option<PathBuf>) -> Result<ExitCode, String> {
        let set = mnist_playground::export::TestSet::parse(test_set)?;
        let (_, info) = model::load(&model_path.display().to_string(), &read(model_path)?, &Device::Cpu)?;
        let weights = model_path.file_name().and_then(|n| n.to_str()).ok_or("the model path has no file name")?;
        let script = mnist_playground::export::pytorch_script(&info, weights, set)?;
        let out = out.unwrap_or_else(|| model_path.with_extension("py"));
        std::fs::write(&out, script).map_err(|e| format!("{}: {e}", out.display()))?;
        println!("wrote {} (keep {} beside it; needs torch, torchvision and safetensors)", out.display(), weights);
        Ok(ExitCode::SUCCESS)
    }

    fn drawn(model_path: &Path, val: usize, backend: &str) -> Result<ExitCode, String> {
        let dev = device(backend)?;
        let (model, info) = model::load(&model_path.display().to_string(), &read(model_path)?, &dev)?;
        let data = Dataset::load_embedded(&Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data"))?;
        if (info.rows, info.cols, info.classes) != (28, 28, 10) {
            return Err(format!("the model takes {}×{} images of {} classes; drawn digits are 28×28 of 10", info.rows, info.cols, info.classes));
        }
        let (_, val) = data.split(val, 0);
        println!("{} on {} held-out digits as drawn on the sketch pad", info.spec.name(), val.len());
        // First the digits as they are: the weights as saved (with F16, their 16-bit values) on the held-out split.
        let m = pollster::block_on(evaluate(&model as &dyn Module, info.spec.default_loss(), &DeviceData::new(&val, &info, &dev)?, 1000))?;
        println!("{:<12} accuracy {:.4}", "held-out", m.accuracy);
        for style in mnist_playground::drawn::Style::ALL {
            let drawn = mnist_playground::drawn::redraw(&val, &style);
            let m = pollster::block_on(evaluate(&model as &dyn Module, info.spec.default_loss(), &DeviceData::new(&drawn, &info, &dev)?, 1000))?;
            println!("{:<12} accuracy {:.4}", style.name, m.accuracy);
        }
        Ok(ExitCode::SUCCESS)
    }

    fn eval(model_path: &Path, images: &Path, labels: &Path, classes: Option<&[u8]>, backend: &str) -> Result<ExitCode, String> {
        let dev = device(backend)?;
        let (model, info) = model::load(&model_path.display().to_string(), &read(model_path)?, &dev)?;
        let (in_, ln) = (images.display().to_string(), labels.display().to_string());
        let mut data = Dataset::parse((&in_, &read(images)?), (&ln, &read(labels)?), 10)?;
        if let Some(c) = classes {
            data = data.select_classes(c)?;
        }
        if (data.rows, data.cols, data.classes) != (info.rows, info.cols, info.classes) {
            return Err(format!(
                "the model expects {}×{} images of {} classes; {in_} has {}×{} images of {} classes{}",
                info.rows,
                info.cols,
                info.classes,
                data.rows,
                data.cols,
                data.classes,
                if info.classes < data.classes { " (pass --classes as at training time)" } else { "" }
            ));
        }
        let loss = info.spec.default_loss();
        let m = pollster::block_on(evaluate(&model as &dyn Module, loss, &DeviceData::new(&data, &info, &dev)?, 1000))?;
        println!("accuracy: {:.4}", m.accuracy);
        println!("loss: {:.4}", m.loss);
        println!("examples: {}", m.count);
        Ok(ExitCode::SUCCESS)
    }
}
