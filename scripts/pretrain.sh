#!/usr/bin/env bash
# Trains the playground's pretrained model — the one the sketch pad uses at first sight — from the embedded
# 10,000 digits only (8,000 trained on; the page's 2,000 held-out digits are the validation split), with the
# CLI on the CPU backend and a fixed seed, saved as 16-bit floats (half the download; the held-out and drawn
# scores are those of the 32-bit weights to four decimals), then compares it with the committed file byte for byte.
#   scripts/pretrain.sh            retrain and check against www/data/pretrained.safetensors
#   scripts/pretrain.sh OUT.safetensors   write elsewhere (no check)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e www/data/mnist-10k-images-idx3-ubyte.gz ] || scripts/setup.sh
committed=www/data/pretrained.safetensors
out=${1:-$(mktemp --suffix=.safetensors)}
cargo run --release --bin mnist -- train --model cnn:32,64 --dropout 0.3 --optimizer adam --lr 0.002 --shift 2 --warp --cosine \
  --epochs 60 --batch 64 --seed 1 --backend cpu --half --out "$out"
sha256sum "$out"
if [ $# -eq 0 ]; then
  if cmp -s "$out" "$committed"; then echo "identical to $committed"; else echo "DIFFERENT from $committed"; exit 1; fi
fi
