#!/usr/bin/env sh
# trunk's post-build hook (Trunk.toml): a release build's wasm optimised for size and speed by binaryen's
# wasm-opt (Debian's `binaryen`, installed by setup.sh; trunk's own download of it cannot reach the internet
# here). Debug builds, and machines without wasm-opt, keep the wasm as rustc and wasm-bindgen made it.
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
if ! command -v wasm-opt >/dev/null; then
  echo "wasm-opt not found (apt-get install binaryen): the wasm is left unoptimised" >&2
  exit 0
fi
for wasm in "$TRUNK_STAGING_DIR"/*_bg.wasm; do
  before=$(wc -c < "$wasm")
  # The features rustc's wasm32 target and .cargo/config.toml use (SIMD128 among them).
  wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "wasm-opt: $(basename "$wasm") $before → $(wc -c < "$wasm") bytes"
done
