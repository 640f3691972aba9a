#!/usr/bin/env bash
# Runs the whole test suite (what CI runs): set-up, formatting, lints, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A clean clone gains nothing from incremental state (it cost ~5 GB of disk per run).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
