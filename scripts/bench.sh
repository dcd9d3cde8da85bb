#!/usr/bin/env bash
# Our training speed beside TF.js's in the same headless Chromium: scripts/bench.sh [mlp|cnn ...]
# Builds the release wasm, installs TF.js for the anchor page (bench/, never part of the app), and prints
# samples/s, test accuracy and the ratios of README "Benchmarks" (CPU with 1 and with N workers), then the accuracy of 6 runs per side
# (`--runs N` for N+1). Takes ~15 minutes for both models here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # wasm-opt from npm binaryen (Trunk.toml [tools])
trunk build --release
(cd bench && [ -d node_modules/@tensorflow/tfjs ] || npm install --no-audit --no-fund --silent)
node bench/compare.mjs "$@"
