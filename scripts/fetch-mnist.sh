#!/usr/bin/env bash
# Fetches the official MNIST files (60,000 training + 10,000 test digits) into DIR (default data/mnist),
# or, with --check, only verifies files you already have there. Every file is md5-checked; a bad one is
# removed. Then: cargo run --release --bin mnist -- train --data DIR …  (or serve DIR beside the page).
set -euo pipefail
check_only=0
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi
dir=${1:-data/mnist}
mkdir -p "$dir"
mirrors=(https://ossci-datasets.s3.amazonaws.com/mnist https://storage.googleapis.com/cvdf-datasets/mnist)
declare -A md5=(
  [train-images-idx3-ubyte.gz]=f68b3c2dcbeaaa9fbdd348bbdeb94873
  [train-labels-idx1-ubyte.gz]=d53e105ee54ea40749a09fcbcd1e9432
  [t10k-images-idx3-ubyte.gz]=9fb629c4189551a2d022fa330f9573f3
  [t10k-labels-idx1-ubyte.gz]=ec29112dd5afa0611ce80d1b7f02629c
)
status=0
for f in "${!md5[@]}"; do
  path="$dir/$f"
  if [ ! -e "$path" ] && [ "$check_only" = 0 ]; then
    for m in "${mirrors[@]}"; do
      echo "fetching $m/$f"
      curl -fsSL --retry 2 -o "$path.part" "$m/$f" && mv "$path.part" "$path" && break
      rm -f "$path.part"
    done
  fi
  if [ ! -e "$path" ]; then
    echo "missing: $path"; status=1; continue
  fi
  sum=$(md5sum "$path" | cut -d' ' -f1)
  if [ "$sum" = "${md5[$f]}" ]; then
    echo "ok: $path"
  else
    echo "bad checksum: $path ($sum, expected ${md5[$f]})"; status=1
    [ "$check_only" = 1 ] || rm -f "$path"
  fi
done
exit $status
