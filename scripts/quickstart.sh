#!/usr/bin/env bash
# Fresh machine to a finished run: installs everything, builds the CLI, builds
# the fibonacci guest from source, transpiles it, runs it, proves the run and
# verifies the proof.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked -p trellis-cli
trellis=target/release/trellis
elf=$("$trellis" build examples/fibonacci)
mkdir -p build
"$trellis" transpile "$elf" -o build/fibonacci.trellis
printf '\xe8\x03\x00\x00' > build/fibonacci.input   # n = 1000, little-endian u32
"$trellis" run build/fibonacci.trellis --input build/fibonacci.input --profile
"$trellis" keygen build/fibonacci.trellis --pk build/fibonacci.pk --vk build/fibonacci.vk
"$trellis" prove build/fibonacci.trellis --pk build/fibonacci.pk --input build/fibonacci.input -o build/fibonacci.proof
"$trellis" verify build/fibonacci.proof --vk build/fibonacci.vk
