#!/usr/bin/env bash
# Fresh machine to a finished run: installs everything, builds the CLI, builds
# the fibonacci guest from source, transpiles it and runs it.
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
