# MNIST playground — English (the reference catalog: every other language has exactly these ids).
# Project Fluent syntax: https://projectfluent.org/fluent/guide/ . { $name } is filled in by the page;
# numbers are written the language's way. Keep the ids; translate the text after "=".

language-name = English
language = Language
app-title = MNIST playground

## Header

backend-label = Backend:
backend-detecting = detecting…
backend-use = Use
backend-choice =
    .aria-label = Backend to train on (reloads the page)
backend-auto = the faster (auto)
backend-webgpu = WebGPU
backend-cpu = CPU
backend-line-gpu = WebGPU — { $adapter }
backend-line-page = { $backend } (on the page's thread)
backend-line-cpu-url = CPU — the URL asks for the CPU backend (backend=cpu)
backend-line-cpu-chosen = CPU — chosen over the { $reason }
backend-line-cpu-no-webgpu = CPU — this browser has no WebGPU ({ $reason })
backend-line-cpu-lost = CPU — the GPU device was lost
backend-no-webgpu = no WebGPU
backend-hardware = hardware GPU
backend-probe-gpu = software WebGPU adapter; probe: WebGPU { $gpu } vs CPU { $cpu } samples/s
backend-probe-cpu = software WebGPU adapter; probe: CPU { $cpu } vs WebGPU { $gpu } samples/s
backend-probe-gpu-failed = the WebGPU probe failed ({ $error })
backend-probe-cpu-failed = the CPU probe failed ({ $error })
backend-no-navigator-gpu = navigator.gpu is missing: WebGPU is turned off or not supported here
backend-no-adapter = WebGPU offered no GPU adapter
fault-kept = { $error }; the last good weights are kept
fault-moved-gpu = { $error }. Training moved to a new GPU device and continues from the weights after epoch { $epoch }: press Resume.
fault-moved-cpu = { $error }. Training moved to the CPU and continues from the weights after epoch { $epoch }: press Resume.
fault-stuck = { $error }; and it could not continue elsewhere: { $reason }
status-starting = Starting…

## Lesson frame

lesson-result = Result:
lesson-try-next = Try next
lesson-nav =
    .aria-label = Lessons

## 1. Data

data-h = 1. Data
data-dataset = Dataset
data-embedded = MNIST, 10,000 digits (embedded)
data-3v7 = MNIST 3s and 7s (embedded)
data-mnist = MNIST, full (served in data/mnist/)
data-fashion = Fashion-MNIST (served in data/fashion/)
data-digits = 8×8 digits (scikit-learn, 1,797)
data-files-option = Your files
data-open-files = Or open IDX files (.gz or not)
data-full-help = Full MNIST: pick or drop these four files anywhere on this box:
data-progress =
    .aria-label = Data loading
data-samples =
    .aria-label = Sample digits with their labels

## 2. Model

model-h = 2. Model
model-kind = Kind
model-linear = Linear (one layer)
model-logistic = Logistic (one unit, 2 classes)
model-mlp = MLP (hidden layers)
model-logistic-mlp = Logistic net (hidden layers, one output, 2 classes)
model-cnn = CNN (two conv layers)
model-activation = Activation
activation-relu = ReLU
activation-sigmoid = sigmoid
activation-tanh = tanh
model-dropout = Dropout
model-loss = Loss
loss-auto = model's default
loss-cross-entropy = cross-entropy
loss-sigmoid = sigmoid (mnist_loss)
loss-bce = binary cross-entropy
model-hidden-layers = Hidden layers (units)
model-add-layer = Add layer
model-layer = Layer { $n }
model-remove-layer = Remove
    .aria-label = Remove hidden layer { $n }
model-convolutions = Convolutions (5×5, each followed by 2×2 max-pooling)
model-conv1 = Conv 1 channels
model-conv2 = Conv 2 channels
model-dense = Dense hidden units (0 = none)
model-as-text = Model as text (the URL's model setting)
model-summary =
    .aria-label = Model summary
summary-layer = Layer
summary-shape = Output shape
summary-params = Params
summary-input = Input
summary-total = Total parameters: { $count }
summary-loss = Loss: { $loss }
summary-error = Cannot build this model: { $error }

## 3. Training

train-h = 3. Training
train-optimizer = Optimizer
optimizer-sgd = SGD
optimizer-momentum = SGD with momentum
optimizer-adam = Adam
optimizer-adamw = AdamW
train-lr = Learning rate
train-batch = Batch
train-epochs = Epochs
train-seed = Seed
train-threads = Workers (CPU)
train-threads-input =
    .title = On the CPU backend, this many workers (cores) share each minibatch
workers-default-cores = Default: { $count }. This device has { $cores ->
        [one] one core
       *[other] { $cores } cores
    }, and the page keeps one for itself.
workers-default-most = Default: { $count }, the most there can be (this device has { $cores } cores).
workers-default-memory = Default: { $count }, as many as fit in { $budget } MB (an eighth of this device's { $gb } GB of memory): the page, these data and that many workers need about { $need } MB, each further worker about { $helper } MB.
workers-default-memory-unknown = Default: { $count }, as many as fit in { $budget } MB (this browser does not say how much memory the device has): the page, these data and that many workers need about { $need } MB, each further worker about { $helper } MB.
train-button = Train
pause-button = Pause
resume-button = Resume
step-button = Step once
reset-button = Reset
carry-on-button = Continue in a new worker
train-progress =
    .aria-label = Epoch progress
train-epoch-log =
    .aria-label = Per-epoch results
chart-loss =
    .aria-label = Loss chart
chart-accuracy =
    .aria-label = Accuracy chart
chart-loss-caption = Loss:
chart-accuracy-caption = Accuracy:
chart-per-step = per step (smoothed)
chart-train-epoch = train, per epoch
chart-val-epoch = held-out, per epoch
chart-train = train
chart-val = held-out
chart-empty = Train to see the curves
axis-epoch = epoch
axis-loss = loss
axis-accuracy = accuracy
axis-held-out-accuracy = held-out accuracy
axis-time = time
axis-speed = speed
epochs-count = { $count ->
    [one] { $count } epoch
   *[other] { $count } epochs
}
speed-line = epoch { $epoch } of { $epochs }, step { $step } of { $steps } · loss { $loss } · { $rate } samples/s{ $workers ->
    [1] {""}
   *[other] {" "}on { $workers } workers
}{ $idle ->
    [0] {""}
    [one] {" "}(a helper worker waits: steps alone were measured faster for this model)
   *[other] {" "}({ $idle } helper workers wait: steps alone were measured faster for this model)
} · lr { $lr }
epoch-line = epoch { $epoch }: train loss { $loss }, accuracy { $accuracy }{ $val ->
    [yes] ; held-out loss { $val_loss }, accuracy { $val_accuracy }
   *[no] {""}
} ({ $seconds } s)

## Status and notices

status-training = Training…
status-paused = Paused. Press Resume to go on, or Step once.
status-stepped = Stepped once. Step again, or Resume to train on.
status-reset = Reset: the model and charts are cleared. Press Train for a new run.
status-choosing = Choosing the backend (a software WebGPU adapter is measured against the CPU)…
status-ready = Ready on { $backend }. Press Train.
status-done = Done: { $correct } of { $total } held-out test digits right ({ $percent }%). Draw a digit on the pad to try the model.
status-diverged = The loss diverged in epoch { $epoch }, step { $step }: { $message } The last good weights were kept.
status-new-worker-carries-on = A new worker carries on from the last weights, in epoch { $epoch }.
status-new-worker-ready = A new worker is ready. Press Train for a new run.
busy-starting = the page is still starting: try again in a moment
busy-evaluating = the held-out digits are being scored: try again in a moment
busy-training = pause or reset the training before changing the data or the model
notice-url = Some URL settings were not used: { $problems }
notice-helper-lost = A helper worker stopped ({ $why }): training goes on with { $left ->
    [one] { $left } worker
   *[other] { $left } workers
}.
notice-page-thread = Training runs on this page's thread: { $why }. The page may stutter while a model trains.
worker-unavailable = this browser could not start a Web Worker ({ $error })
worker-off-by-url = the URL asks for it (worker=0)
worker-lost = The training worker stopped: { $why }.
worker-lost-kept-weights = The weights it last sent (after { $epochs } epochs and { $steps } steps) are kept: the views and the sketch pad use them. Press “Continue in a new worker” to train on from them, or Train for a new run.
worker-lost-kept-model = The model on the page is kept. Press “Continue in a new worker” to start a new worker.
worker-lost-nothing = Press “Continue in a new worker” to start a new one.
worker-not-started = A new worker could not be started: { $error }
worker-silent = it has not answered for { $seconds } seconds
worker-crashed = it failed to load or crashed
worker-unreadable = it sent a message the page cannot read ({ $error })
worker-not-running = the training worker is not running
error-prefix = Error: { $message }

## 4. What the model learned

learned-h = 4. What the model learned
learned-help = Train a model to see its weights.
learned-linear = Each class's weights, one per pixel: red pixels raise that class's score when inked, blue ones lower it.
learned-gradient = For each class, the input change that most raises its score at the average training image (the gradient of the score): red = more ink there helps, blue = hurts.
learned-scale = blue = negative, red = positive; full colour = ±{ $scale }
learned-units = First hidden layer: the weights of { $shown } of its { $units } units (each scaled to its own range)
learned-unit = unit
learned-filters = First convolution: its { $count } filters ({ $size }×{ $size })
learned-filter = filter
learned-maps = Feature maps of a held-out { $digit } after each convolution and its activation
learned-input = input
learned-input-alt = the input digit
learned-maps-caption = conv { $n }: { $maps } maps of { $height }×{ $width }
learned-map = map of conv layer { $layer }
learned-pattern = pattern of class { $name }
sample-alt = a training image labelled { $name }
map-h = The map of the digits
map-layer-label = Map of
map-layer-hidden = the last hidden layer
map-layer-logits = the outputs (logits)
map-canvas =
    .aria-label = Map of the digits: each dot a held-out digit, coloured by its class
map-keys = Point at a dot, or focus the map and use the arrow keys to go from digit to digit (Home: the first, Escape: none).
map-text = The map in words
map-none = Train or load a model to see where it places the digits.
map-waiting = The worker is placing the digits…
map-help = { $digits } held-out digits placed by a principal component analysis of { $layer }: across, the direction in which they differ most ({ $first }% of the variance), up, the next ({ $second }%). Digits the model finds alike lie close together.
map-of-logits = the model's outputs before softmax (the logits)
map-of-pixels = their pixels (a linear model has no hidden layer)
map-of-hidden = the last hidden layer ({ $features } values per digit)
map-focus = Test digit { $index }: true { $truth }, predicted { $predicted }
map-focus-alt = the held-out digit, a { $truth }
map-focus-none = Point at a dot to see its digit.
map-drawing = your drawing
map-table-caption = Each class on the map: where its centre lies and how spread out its digits are
map-col-class = class
map-col-digits = digits
map-col-centre = centre (across; up)
map-col-spread = spread
map-pair = { $a } and { $b } ({ $percent }% lie nearer the other's centre)
map-overlap = Overlap most: { $pairs }.
map-overlap-none = No two classes overlap: every digit lies nearest its own class's centre.
conv-h = A convolution step by step
conv-help = Pick a filter of the first convolution and an input. A 5×5 window slides over the image: each cell of the feature map is the sum of the window's pixels times the filter's weights, plus the bias, through the activation function. Then 2×2 max pooling keeps the largest of each four cells.
conv-filter = Filter
conv-input = Input
conv-speed = Speed
conv-speed-slow = slow
conv-speed-medium = medium
conv-speed-fast = fast
conv-speed-fastest = fastest
conv-play = Play
conv-pause = Pause
conv-step = Step
conv-image =
    .aria-label = The input image with the window
conv-image-caption = input and window
conv-kernel =
    .aria-label = The filter's weights (blue negative, red positive)
conv-kernel-caption = filter
conv-map =
    .aria-label = Feature map: choose a cell with the arrow keys
conv-map-caption = feature map
conv-pool =
    .aria-label = After max pooling: choose a cell with the arrow keys
conv-pool-caption = after 2×2 max pooling
conv-keys = Click a cell of a map, or focus a map and use the arrow keys (Home: the first cell, End: the last).
conv-filter-n = filter { $n }
conv-input-sample = test digit { $index } ({ $label })
conv-input-drawing = your drawing
conv-no-drawing = Draw a digit on the sketch pad first.
conv-products = The window's pixels × the filter's weights
conv-pool-four = The four cells
conv-cell = Row { $row }, column { $col }: sum { $sum } + bias { $bias } → { $act } { $value }
conv-pool-cell = Pooling, row { $row }, column { $col }: largest of { $values } → { $value }

## Draw a digit

sketch-h = Draw a digit
sketch-pad =
    .aria-label = Drawing pad: draw a digit with the mouse, a pen, a finger or the keyboard
sketch-keys = Keyboard: arrow keys move the pen (Shift: farther), Space lowers or lifts it, Delete clears.
sketch-clear = Clear
sketch-prediction = Prediction:
sketch-sees = What the model sees (28×28):
sketch-input =
    .aria-label = The drawing as the model's 28×28 input
sketch-bars =
    .aria-label = Probability of each class
sketch-no-model = train or load a model first
sketch-wrong-size = this model is not for 28×28 images
why-answer = Why { $name }?
why-not = Why not { $name }?
why-answer-alt = heat map: which pixels pushed the score of { $name } up (red) or down (blue)
why-not-alt = heat map: which pixels pushed the score of { $name }, the class the model did not choose, up (red) or down (blue)
why-help = Why this answer: each pixel's ink times the gradient of the class's score (gradient × input). Red pixels pushed the score up, blue ones down; full colour = ±{ $scale }.
why-empty = Draw a digit: beside what the model sees, a map shows which pixels made its answer.

## 5. Held-out test digits

eval-h = 5. Held-out test digits
eval-accuracy = Accuracy:
eval-help = Rows are the true digits, columns the predictions. Click a count to see those digits.
eval-matrix =
    .aria-label = Confusion matrix: rows are true digits, columns predictions
eval-per-class = Accuracy per class
eval-misclassified = Misclassified digits
eval-corner = true \ predicted
eval-cell = { $count } digits: true { $truth } predicted { $predicted }
gallery-correct = Correct { $name }s: { $count } digits (most confident first)
gallery-confused = True { $truth }, predicted { $predicted }: { $count } digits (most confident first)
gallery-mistakes = Misclassified digits: { $count } of { $total } (most confident mistakes first)
gallery-alt = test digit { $index }: true { $truth }, predicted { $predicted } with { $percent }%
gallery-more = … and { $count } more
gallery-explain = { $digit }. Show why
explain-h = Test digit { $index }: true { $truth }, predicted { $predicted } ({ $percent }%)
explain-digit = input
explain-digit-alt = the held-out digit, a { $truth }
explain-close = Close

## 6. Keep and share

file-h = 6. Keep and share
file-save = Save model (.safetensors)
file-notebook = Continue in your notebook (PyTorch)
    .title = Downloads the weights and a PyTorch script that loads and tests them
file-load = Load a model
file-kept = The last trained or loaded model is also kept in this browser, so a reload does not lose it.
file-saved = Saved { $name } ({ $size } kB).
file-save-failed = Could not save: { $error }
file-no-gzip = this browser cannot gzip the file
file-exported = Saved { $name } and { $script }: keep them side by side and run the script (pip install torch torchvision safetensors).
file-export-failed = Could not export: { $error }
file-load-failed = Could not load the model: { $error }
file-loaded = Loaded { $name }: { $model }, { $params } parameters{ $kept }
file-trained = Trained { $name }{ $kept }
file-stored = ; kept in this browser: a reload brings it back.
file-not-stored = ; at { $size } MB it could not be kept in this browser ({ $error }): use Save to keep it.
file-restored = Restored { $name } from your last visit. Train to replace it, or Reset.
status-restored = Restored your last model; it is scored below. Press Train for a new run.
file-not-restored = The model kept from your last visit was not restored: { $error }
status-loading-pretrained = Loading a pretrained CNN, so that you can draw a digit at once…
file-pretrained = Pretrained CNN ({ $name }), { $percent }% on the held-out digits — train your own to replace it.
status-pretrained = A pretrained CNN is loaded ({ $percent }% on the held-out digits): draw a digit on the pad to try it. Press Train to train your own.
file-pretrained-failed = The pretrained model could not be loaded ({ $error }): train one to use the sketch pad.
file-pretrained-scoring = Pretrained CNN ({ $name }): draw a digit to try it. Its score on the held-out digits follows once they are loaded.
share-button = Share / embed this setup
share-label = Link and iframe snippet for a course page
share-fix-first = Fix the settings first: { $error }
share-iframe-title = MNIST playground

## Data loading

storage-none = this browser gives the page no storage
storage-full = the browser's storage is full or blocked
file-none-chosen = no file chosen
data-not-loaded = the data is not loaded yet

data-loading = Loading { $name }…
data-reading-files = Reading your files…
data-loaded = { $name }: { $train } training images, { $test } held-out test images. Press Train.
data-loaded-scoring = { $name }: { $train } training images, { $test } held-out test images. Scoring the model on them…
data-loaded-kept = { $name }: { $train } training images, { $test } held-out test images; the model kept scores { $percent }% on them. Press Train for a new one.
data-not-served = { $name } is not served beside this page ({ $error }); open the files with the file picker, or see the README
data-files-not-found = could not find training images and labels among { $names }: expected names like train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz
data-your-files = your files ({ $name })
data-still-in-use = { $error } (the data loaded before is still in use)
data-model-mismatch = the model { $model } is for { $rows }×{ $cols } images of { $classes } classes; { $data } has { $drows }×{ $dcols } images of { $dclasses } classes
data-name-embedded = MNIST, 10,000 digits (embedded)
data-name-3v7 = MNIST 3s and 7s (embedded)
data-name-mnist = MNIST, full 60,000 + 10,000
data-name-fashion = Fashion-MNIST
data-name-digits = 8×8 digits (scikit-learn)

## Fashion-MNIST classes

fashion-0 = T-shirt/top
fashion-1 = Trouser
fashion-2 = Pullover
fashion-3 = Dress
fashion-4 = Coat
fashion-5 = Sandal
fashion-6 = Shirt
fashion-7 = Sneaker
fashion-8 = Bag
fashion-9 = Ankle boot

## The worker

worker-stopped = the training worker stopped
worker-unsendable = a message could not be sent to it: { $error }

## Lessons (one block per lesson: title, paragraphs, what to try next, what the result is)

lesson-tensors-title = 1. Tensors and pixels
lesson-tensors-p1 = To a computer an image is a table of numbers. Each MNIST digit is a 28×28 tensor: rank 2 (rows and columns), 784 values from 0 (black) to 1 (white ink).
lesson-tensors-p2 = Pick a digit and the rows and columns to show: the table below is the same tensor as the picture, each cell shaded by its value. A stack of such images is a rank-3 tensor [images, rows, columns].
lesson-tensors-try1 = Find the rows where the ink of a 1 starts and ends.
lesson-tensors-try2 = Compare the average pixel value of a 1 and of an 8: which has more ink?
lesson-tensors-result = average pixel value of this digit (computed with the engine)

lesson-pixel-similarity-title = 2. Pixel similarity: a baseline
lesson-pixel-similarity-p1 = Before any learning: average all the 3s in the training set pixel by pixel to get the "ideal 3", and the same for every digit.
lesson-pixel-similarity-p2 = To classify an unknown digit, measure how far it is from each ideal digit — the mean absolute difference (L1) or the root mean squared error (RMSE) over the 784 pixels — and pick the nearest. Its accuracy on held-out digits is the baseline every model must beat.
lesson-pixel-similarity-try1 = Which pairs of digits does the baseline confuse?
lesson-pixel-similarity-try2 = Why does RMSE punish a few big differences more than L1?
lesson-pixel-similarity-try3 = Go on to lesson 4 and beat this number with a learned model.
lesson-pixel-similarity-result = 3-vs-7 held-out accuracy of the nearest-mean baseline (L1)

lesson-quadratic-title = 3. Gradient descent by hand
lesson-quadratic-p1 = A roller coaster's speed was measured at 20 moments, with noise. Guess that speed = a·t² + b·t + c and start from random a, b, c.
lesson-quadratic-p2 = Each step: predict, compute the mean squared error (the loss), let autograd compute the gradient of the loss with respect to a, b and c, and move each parameter a little against its gradient: p ← p − lr · gradient. Then zero the gradients and repeat.
lesson-quadratic-try1 = Set the learning rate 10× larger: does the loss still fall?
lesson-quadratic-try2 = And 100× larger?
lesson-quadratic-try3 = Run 100 steps: how close does the curve get to the points?
lesson-quadratic-result = mean squared error after the steps taken so far

lesson-3v7-title = 4. 3 vs 7 with one linear unit
lesson-3v7-p1 = One weight per pixel and a bias: score = x·w + b. The sigmoid σ(score) turns it into a probability that the digit is a 7.
lesson-3v7-p2 = The loss (mnist_loss) is where(target = 7, 1 − p, p).mean(): how far each prediction is from the truth. Each step on a minibatch (step, then zero_grad) nudges w and b; batch accuracy counts (p > 0.5) = target.
lesson-3v7-try1 = Put a hidden layer in: model logistic:30 is the 784-30-1 net.
lesson-3v7-try2 = Learning rate 0.1 and 10: which learns faster, and which is unstable?
lesson-3v7-try3 = Draw a 3 and a 7 on the pad.
lesson-3v7-result = held-out accuracy

lesson-linear-title = 5. Ten digits, one linear layer
lesson-linear-p1 = Ten scores, one per digit, each a weighted sum of the pixels: θ is 10×28×28 plus 10 biases. Softmax turns the scores into probabilities and cross-entropy is the loss; plain SGD trains it.
lesson-linear-p2 = Two runs side by side. The first starts from weights drawn with standard deviation 1 on raw pixels: each score is a sum of about 150 inked pixels times N(0, 1), so it starts around ±12, softmax is saturated, most gradients are nearly zero and learning crawls (the course sees it stall near 63% after 20 epochs). The second uses small initial weights (PyTorch's ±1/√784) and standardised pixels: scores start near zero and every example teaches.
lesson-linear-try1 = Give the first run a smaller learning rate, or more epochs: does it catch up?
lesson-linear-try2 = Look at the ten weight images after training: can you see the digits?
lesson-linear-try3 = Draw a digit and read “Why this answer” beside what the model sees: red pixels pushed the answer's score up, blue ones down (for this model each is the pixel times its weight). Then the map of the digits in section 4: which digits already lie apart in the pixels alone?
lesson-linear-result = best final held-out accuracy of the runs
lesson-linear-run1 = std-1 init, raw pixels, lr 1
lesson-linear-run2 = small init, standardised pixels, lr 0.1

lesson-deeper-title = 6. Going deeper
lesson-deeper-p1 = Stack layers with a nonlinearity between them: Deep(20, 40, 20, 12) is 784-20-40-20-12-10. Without the activation the stack would still be one linear map.
lesson-deeper-p2 = Five runs of the same net: ReLU, sigmoid and tanh with plain SGD, then ReLU with momentum (a running average of gradients) and with Adam (a step size per parameter).
lesson-deeper-try1 = Try the wide shallow 784-30-10: model mlp:30.
lesson-deeper-try2 = AdamW: Adam with decoupled weight decay (optimizer adamw).
lesson-deeper-try3 = More epochs: which activation wins in the end?
lesson-deeper-try4 = The map of the digits (section 4) places the held-out digits by the last hidden layer: do the classes pull apart more than in the pixels of lesson 5? Watch it while a run trains, and switch it to the logits.
lesson-deeper-result = best final held-out accuracy of the runs
lesson-deeper-run1 = ReLU, SGD
lesson-deeper-run2 = sigmoid, SGD
lesson-deeper-run3 = tanh, SGD
lesson-deeper-run4 = ReLU, momentum
lesson-deeper-run5 = ReLU, Adam

lesson-small-data-title = 7. Small data: the 8×8 digits
lesson-small-data-p1 = 1,797 tiny 8×8 digits (from scikit-learn), 20% held out. First the traditional way, where the course notebook starts: a random forest on the 64 pixels (10 trees of depth 10, as scikit-learn's RandomForestClassifier(n_estimators=10, max_depth=10)), trained in your browser. Its held-out accuracy, at the top, is the number the network must beat.
lesson-small-data-p2 = The net is 64-52-52-10 with sigmoid activations. A learning-rate sweep: the same net trained with five learning rates, each curve the held-out accuracy per epoch. Too small crawls, too large bounces or diverges; the best is usually a little below the largest that still works. The table shows the train accuracy too: when it pulls away from the held-out one, the net is overfitting. The dashed line is the random forest: which rates beat it?
lesson-small-data-try1 = Minibatch sizes: batch 8 and batch 256.
lesson-small-data-try2 = Overfitting: 200 epochs, then dropout 0.3.
lesson-small-data-try3 = The misclassified digits: are they hard for you too?
lesson-small-data-try4 = The forest with 100 trees, or with depth 3: how much does it gain or lose?
lesson-small-data-result = best final held-out accuracy of the sweep
lesson-small-data-run1 = lr 0.03
lesson-small-data-run2 = lr 0.1
lesson-small-data-run3 = lr 0.3
lesson-small-data-run4 = lr 1
lesson-small-data-run5 = lr 3

lesson-convolutions-title = 8. Convolutions
lesson-convolutions-p1 = A convolution slides a small filter (5×5 here) over the image and writes how strongly each patch matches it: a feature map. The same few weights are used everywhere, so a stroke is recognised wherever it is.
lesson-convolutions-p2 = This CNN has 8 filters, pooling (the largest value of each 2×2), 16 filters over those maps, pooling again, then a linear layer to the ten scores. Below: the learned filters, what they make of a held-out digit, and “A convolution step by step”: pick a filter and a digit (or your drawing) and watch the 5×5 window compute each cell of the feature map, then the pooling.
lesson-convolutions-try1 = More filters: model cnn:16,32,128.
lesson-convolutions-try2 = Two or three epochs: how close to 99% does it get?
lesson-convolutions-try3 = Draw a digit off-centre: does the CNN still know it?
lesson-convolutions-try4 = Click a misclassified digit under 6: the maps show which pixels made the CNN's answer and which argued for the true class. The map of the digits shows which classes its last layer still mixes up.
lesson-convolutions-result = held-out accuracy

## The lessons' live parts

tensors-digit = Digit (index)
tensors-rows-from = Rows from
tensors-columns-from = Columns from
tensors-to = to
tensors-status = Change the digit, or the rows and columns shown.
tensors-shape = Digit { $index } is labelled { $label }. This image: shape [{ $rows }, { $cols }], rank { $rank }. All { $count } training images: shape [{ $n }, { $rows }, { $cols }], rank 3. Shown: rows { $r0 }–{ $r1 }, columns { $c0 }–{ $c1 }.
tensors-label = label { $name }
tensors-digit-alt = the digit
tensors-table = pixel values of the digit
similarity-working = Averaging the training digits and measuring every held-out digit's distance to each average…
similarity-ideal = The average digit of each class ("the ideal 3")
similarity-mean-alt = mean image of { $name }
similarity-held-out = Held-out accuracy
similarity-3v7 = 3 vs 7
similarity-all = all ten digits
similarity-unknown = An unknown digit and its distance to each average
similarity-digit = Held-out digit (index)
similarity-status = Nearest-average baseline: { $v37 }% on held-out 3s and 7s, { $all }% on all ten digits (L1).
similarity-truly = truly { $name }
similarity-unknown-alt = the unknown digit
similarity-average-of = average of
metric-l1 = L1
metric-rmse = RMSE
similarity-l1 = L1 distance
quadratic-step = Step
quadratic-ten = 10 steps
quadratic-reset = Start again
quadratic-chart = Speeds (dots) and the fitted curve
quadratic-status = Press Step: predict, measure the loss, take the gradient, step.
quadratic-lr-nan = the learning rate is not a number
quadratic-lr-bad = learning rate { $lr } must be a finite number ≥ 0
quadratic-params = a = { $a }, b = { $b }, c = { $c } after { $steps ->
    [one] { $steps } step
   *[other] { $steps } steps
}
quadratic-log = loss { $loss }
quadratic-diverged = The loss is no longer a finite number: the steps overshoot. Start again with a smaller learning rate.
compare-run = Run the comparison
compare-chart = Held-out accuracy per epoch of each run
compare-run-col = run
compare-train-col = train accuracy
compare-val-col = held-out accuracy
compare-status = Run { $run } of { $runs }: { $label }…
compare-done = All { $runs } runs done; the best reached { $percent }% on the held-out digits (its model is shown below).
forest-beat = Number to beat: a random forest
forest-trees = Trees
forest-depth = Depth
forest-run = Train the forest
forest-training = Growing a random forest in the worker: { $grown } of { $trees } trees (depth { $depth })…
forest-done = Random forest ({ $trees ->
    [one] { $trees } tree
   *[other] { $trees } trees
}, depth { $depth }, seed { $seed }): { $percent }% of the { $total } held-out digits right, trained in { $seconds } s. The network has to beat it.
forest-legend = random forest, { $percent }%

## Messages from the engine

diverged = the loss became { $loss } in epoch { $epoch } by step { $step }: training stopped and the last good weights were restored. Try a smaller learning rate (now { $lr }).
url-ignored = ignored { $key }={ $value }: { $reason }
url-not-a-setting = not a setting

## course.html (an example course page that embeds two lessons)

course-title = Example course page — MNIST playground lessons
course-h = Week 2: from a baseline to a learned model
course-intro = This page shows how a course site embeds the playground: each lesson is an iframe whose URL holds the lesson, embed=1 for the compact layout, and origins= naming this site, the only origin whose commands the lesson obeys. The lessons report events to this page (below).
course-lesson2 = Lesson 2: the pixel-similarity baseline
course-lesson2-frame =
    .title = Lesson 2: pixel similarity
course-lesson4 = Lesson 4: 3 vs 7 with one linear unit
course-lesson4-frame =
    .title = Lesson 4: 3 vs 7
course-start = Start training
course-faster = Set lr 2, 2 epochs
course-events = Events from the lessons

## Bad input (what the URL, the form or a file got wrong)

error-setting = { $key } { $value }: { $reason }
error-flag = 1 or 0
error-number-range = a number from { $lo } to { $hi }
error-hide = { $name } cannot be hidden (one of { $names })
error-origins = at most 10 origins
error-loss = unknown loss { $name } (cross-entropy, sigmoid or bce)
error-optimizer = unknown optimizer { $name } (sgd, momentum, adam or adamw)
error-activation = unknown activation { $name } (relu, sigmoid or tanh)
error-dropout = dropout { $value } is outside [0, 0.95)
error-layer-width = layer width { $value } in model { $model } is not a whole number 1..={ $max }
error-channel-count = channel count { $value } in model { $model } is not a whole number 1..={ $max }
error-too-many-layers = { $count } hidden layers is more than { $max }
error-cnn-numbers = model { $model }: cnn takes 2 or 3 numbers (cnn:C1,C2 or cnn:C1,C2,HIDDEN)
error-unknown-model = unknown model { $model } (linear, logistic, logistic:H1,…, mlp:H1,H2,… or cnn)
error-cross-entropy-one-output = cross-entropy needs one output per class; this model has one output
error-loss-needs-one-output = the { $loss } loss needs a one-output model (logistic)
error-logistic-two-classes = logistic needs a two-class dataset (e.g. classes 3,7); this one has { $classes } classes
error-too-many-parameters = { $model } has { $count } parameters, more than the limit of { $max }
error-init = init { $value } is not a positive standard deviation
error-epochs = epochs { $value } is outside 1..=10000
error-batch-zero = batch size 0: a minibatch needs at least one example
error-batch-too-big = batch size { $batch } is larger than the { $count } training examples
error-lr = learning rate { $value } is not a number in (0, 100]
error-not-gzip = { $name }: named .gz but is not gzip data
error-image-dims = images have dimensions { $dims }, expected [count, rows, cols]
error-label-dims = labels have dimensions { $dims }, expected [count]
error-count-mismatch = { $images } images but { $labels } labels
error-label-range = label { $label } of image { $index } is not a class 0..{ $max }
# Your digits (own_digits.rs) and teaching the model (the worker)
own-digits-images-file = the images file
own-digits-labels-file = the labels file
own-digits-not-28 = { $name }: the digits are { $rows }×{ $cols } pixels, not 28×28
own-digits-empty = { $name }: there are no digits in the file
teach-no-digits = there are no digits of yours to teach: draw some and label them first
teach-not-digits = teaching needs digits of 28×28 pixels in ten classes (the MNIST digits), yours and the data's alike
teach-the-model = the model to teach
teach-model-misfit = the model takes { $rows }×{ $cols } images of { $classes } classes; your digits are 28×28 of 10
teach-no-data = no data has been sent: the replayed and the held-out digits come from it
teach-bad-steps = { $steps } steps of { $batch } digits: teaching takes at least one step and at most { $max } digits in all
teach-bad-replay = { $value } replayed digits per digit of yours is more than { $max }
forest-bad-trees = trees { $value }: the forest takes a whole number from 1 to { $max }
forest-bad-depth = depth { $value }: a whole number from 1 to { $max }
forest-one-class = a random forest needs digits of at least two classes

## Your digits (own handwriting)
data-own = Your digits (drawn here)
data-with-own = MNIST + your digits
data-name-own = your digits
data-name-with-own = MNIST + your digits
own-label-h = Keep this drawing as one of your digits:
own-right = Right
own-it-is = It is a
own-is-0 = 0
    .aria-label = It is a 0
own-is-1 = 1
    .aria-label = It is a 1
own-is-2 = 2
    .aria-label = It is a 2
own-is-3 = 3
    .aria-label = It is a 3
own-is-4 = 4
    .aria-label = It is a 4
own-is-5 = 5
    .aria-label = It is a 5
own-is-6 = 6
    .aria-label = It is a 6
own-is-7 = 7
    .aria-label = It is a 7
own-is-8 = 8
    .aria-label = It is a 8
own-is-9 = 9
    .aria-label = It is a 9
own-h = Your digits
own-private = Your digits are kept in this browser only (IndexedDB): nothing is sent anywhere unless you export them.
own-export = Export (MNIST IDX, .gz)
own-import = Import IDX files
own-clear = Delete all…
own-clear-yes = Delete them all
own-clear-no = Keep them
own-how-h = How the model does on your digits
own-confusion =
    .aria-label = Your digits: rows are what you said, columns what the model answers
own-teach-h = Teach the model your digits
own-teach-about = Fine-tunes the current model on your digits, mixed with replayed training digits so that it does not forget the rest. Every 4th digit of each kind is kept aside: before and after are measured on those, and on the held-out test digits.
own-replay = Replayed training digits per digit of yours
own-steps = Steps
own-per-digit = At most this many of each digit (0: all)
own-teach = Teach the model your digits
own-reading = Reading your digits from this browser…
own-summary = { $count ->
    [0] No digits yet: draw one above and say what it is.
    [one] 1 digit ({ $held } kept aside to measure teaching).
   *[other] { $count } digits ({ $held } kept aside to measure teaching).
}
own-row = { $digit }: { $count }
own-thumb = your { $digit }, the model answers { $answer }{ $held ->
    [yes] , kept aside
   *[no] {""}
}
own-thumb-unscored = your { $digit }{ $held ->
    [yes] , kept aside
   *[no] {""}
}
own-delete = Delete
own-delete-one = Delete { $what }
own-confirm = Delete all { $count } of your digits from this browser? This cannot be undone (export them first to keep a copy).
own-kept = Kept as a { $digit } ({ $count } of that digit now).
own-deleted = Deleted a { $digit }.
own-cleared = Deleted all { $count } digits.
own-draw-first = Draw a digit first.
own-wrong-size = This model does not take 28×28 digits.
own-no-answer = There is no model to answer yet: choose the digit with "It is a …".
own-full = Your collection holds at most { $max } digits.
own-nothing-to-export = There are no digits to export yet.
own-exported = Exported { $count } digits as { $images } and { $labels }.
own-imported = Imported { $count } digits.
own-import-refused = Not imported (your digits are as they were): { $error }
own-import-two-files = choose an images file and a labels file together (got: { $names })
own-not-stored = Your digits could not be kept in this browser: { $error }
own-storage-bad = The digits kept in this browser were unreadable and are ignored.
own-storage-failed = Your digits could not be read from this browser: { $error }
own-no-storage = this browser offers no IndexedDB storage here
own-score-failed = Your digits could not be scored: { $error }
own-accuracy = { $percent } right ({ $correct } of { $count }); on the { $held_count } kept aside: { $held }
own-accuracy-none = –
own-accuracy-waiting = scoring…
own-field-range = { $value } is not a whole number from { $min } to { $max }
own-teach-plan = { $taught } of your digits taught: { $steps } steps of 32 digits, { $shown } of them yours (each seen many times) and { $replayed } replayed training digits.
own-teach-no-model = there is no model to teach: open or train one first
own-teach-not-digits = teaching needs a model and data of 28×28 digits 0–9 (MNIST)
own-teach-none = there are no digits to teach yet: the first 3 of each digit are taught, every 4th is kept aside
own-teaching = Teaching the model { $count } of your digits ({ $replay } replayed per digit, { $steps } steps)…
own-taught = Taught. Your digits kept aside: { $before } → { $after }; held-out test digits: { $test_before } → { $test_after }.
own-compare-running = Teaching… before and after appear when it ends.
own-compare-caption = Last teaching: { $taught } of your digits, { $replay } replayed per digit, { $steps } steps.
own-before = Before
own-after = After
own-compare-own = Your digits it was not taught ({ $count })
own-compare-test = Held-out test digits
own-data-too-few = your { $count } digits are too few to split: label at least 4 of one digit (every 4th is held out) and some others

lesson-own-digits-title = 9. Your own handwriting
lesson-own-digits-p1 = A model is only as good as the digits it has seen. The pretrained CNN learned from 8,000 MNIST digits written by American students and office workers: how does it do on yours? Draw a digit on the pad, then press “Right” if it answered right, or “It is a …” with the digit you meant. Each answer keeps your drawing in “Your digits” (only in this browser).
lesson-own-digits-p2 = Draw at least five of each digit. “How the model does on your digits” shows its accuracy and which of your digits it mixes up. Every 4th digit of each kind is kept aside, never taught: it is how we see whether the model learned your handwriting or only the examples it was shown.
lesson-own-digits-p3 = Then press “Teach the model your digits”: it fine-tunes the model on your digits, each mixed with 4 replayed training digits. Before and after appear side by side: your kept-aside digits (what was gained) and the held-out test digits (what was forgotten). The pad now answers with the taught model.
lesson-own-digits-try1 = Go back to the pretrained model and teach again with at most 1 of each digit: it learns those and little else — compare the kept-aside accuracy.
lesson-own-digits-try2 = Set the replayed digits to 0 and teach: your digits alone, many steps. How far does the held-out test accuracy fall? That is forgetting.
lesson-own-digits-try3 = Choose “Your digits” in the Dataset menu and train a model from scratch on them alone, or “MNIST + your digits” to train on both.
lesson-own-digits-result = accuracy on your kept-aside digits after teaching
lesson-own-digits-status = Draw a digit, then say whether the model was right.
own-back-pretrained = Back to the pretrained model
own-teach-wait = your digits are being scored with this model: teach once their score is shown
own-not-while-teaching = Not while the model is being taught: which digits are kept aside follows their order.
own-pretrained-needs-digits = the pretrained CNN reads MNIST digits: choose the embedded digits, MNIST or your digits first
own-accuracy-no-model = no model of the digits 0–9 to score them with yet
own-accuracy-after-run = scored when the run ends
own-compare-on = Scored on
own-storage-unusable = the browser's storage (IndexedDB) could not be used
