#!/usr/bin/env bash
# Installs what is needed (first run: ~10 min), then builds and serves the playground at http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # wasm-opt from npm binaryen (Trunk.toml [tools])
# --release: the optimised wasm (the CPU backend is several times faster than a debug build).
exec trunk serve --release --open=false "$@"
