"""Checks a "Continue in your notebook" script against its weights without PyTorch: reads the script's
nn.Sequential layer list and input standardisation, loads the weights with safetensors.numpy, runs the
layers in numpy on the given images and compares the class probabilities with the playground's.

usage: check_export.py SCRIPT.py WEIGHTS.safetensors CASES.json   (exit 0 when they agree to 1e-4)
CASES.json: {"pixels": [[784 values in 0..1], ...], "probs": [[classes values], ...]}
"""
import json
import re
import sys

import numpy as np
from safetensors.numpy import load_file


def layers(script):
    """The constructors between `nn.Sequential(` and its closing parenthesis, in order."""
    body = script.split("nn.Sequential(\n", 1)[1].split("\n)\n", 1)[0]
    return [line.strip().rstrip(",") for line in body.splitlines() if line.strip()]


def conv2d(x, w, b):
    """Valid 2-D convolution, stride 1: x [N, C, H, W], w [O, C, K, K]."""
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    oh, ow = h - k + 1, wd - k + 1
    cols = np.empty((n, c, k, k, oh, ow), dtype=np.float64)
    for i in range(k):
        for j in range(k):
            cols[:, :, i, j] = x[:, :, i:i + oh, j:j + ow]
    return np.einsum("ncijhw,ocij->nohw", cols, w) + b[None, :, None, None]


def forward(specs, weights, x):
    for i, spec in enumerate(specs):
        name, args = re.match(r"nn\.(\w+)\((.*)\)$", spec).groups()
        w, b = weights.get(f"{i}.weight"), weights.get(f"{i}.bias")
        if name == "Linear":
            x = x @ w.T.astype(np.float64) + b
        elif name == "Conv2d":
            x = conv2d(x, w.astype(np.float64), b.astype(np.float64))
        elif name == "ReLU":
            x = np.maximum(x, 0)
        elif name == "Sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif name == "Tanh":
            x = np.tanh(x)
        elif name == "MaxPool2d":
            n, c, h, wd = x.shape
            x = x[:, :, : h // 2 * 2, : wd // 2 * 2].reshape(n, c, h // 2, 2, wd // 2, 2).max(axis=(3, 5))
        elif name == "Flatten":
            x = x.reshape(len(x), -1)
        elif name == "Unflatten":
            shape = tuple(int(v) for v in re.findall(r"\d+", args.split(",", 1)[1]))
            x = x.reshape((len(x),) + shape)
        elif name == "Dropout":
            pass  # evaluation mode
        else:
            raise SystemExit(f"unknown layer {spec}")
    return x


def main():
    script_path, weights_path, cases_path = sys.argv[1:4]
    script = open(script_path).read()
    mean, std = (float(v) for v in re.search(r"MEAN, STD = ([-\d.e]+), ([-\d.e]+)", script).groups())
    specs = layers(script)
    weights = load_file(weights_path)
    used = {k for i, s in enumerate(specs) for k in (f"{i}.weight", f"{i}.bias") if k in weights}
    if used != set(weights):
        raise SystemExit(f"the weights file and the script's layers disagree: unused {sorted(set(weights) - used)}")
    cases = json.load(open(cases_path))
    x = (np.array(cases["pixels"], dtype=np.float64) - mean) / std
    out = forward(specs, weights, x)
    if out.shape[1] == 1:
        p = 1 / (1 + np.exp(-out[:, 0]))
        probs = np.stack([1 - p, p], axis=1)
    else:
        e = np.exp(out - out.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
    want = np.array(cases["probs"])
    worst = np.abs(probs - want).max()
    print(f"{len(specs)} layers, {len(want)} images: largest difference {worst:.2e}")
    if not worst < 1e-4:
        raise SystemExit("the script's model does not reproduce the playground's predictions")


main()
