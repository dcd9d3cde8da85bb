#!/usr/bin/env bash
# Runs every test: native (CPU backend + GPU backend on Vulkan/lavapipe, naga validation of every shader),
# the same op tests inside headless Chromium with WebGPU, and the page end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export REQUIRE_GPU=${REQUIRE_GPU:-1}   # lavapipe is installed: a missing adapter is a failure, not a skip
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
export REQUIRE_DATA=${REQUIRE_DATA:-1}  # setup.sh installs every dataset the tests read
export REQUIRE_PYTHON=${REQUIRE_PYTHON:-1}  # and numpy + safetensors for tests/export.rs

echo; echo "== native tests (cargo test)"
cargo test
cargo test -p intl_pluralrules  # the plural rules fluent-bundle uses (crates/plural-rules)

echo; echo "== kernel tests in headless Chromium with WebGPU (wasm-bindgen-test)"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} WASM_BINDGEN_TEST_TIMEOUT=900 \
  cargo test --target wasm32-unknown-unknown --test ops --test autograd --test optim --test trainer --test session --test soak

echo; echo "== page end to end (trunk build + playwright-core)"
trunk build
node --test tests/browser/
