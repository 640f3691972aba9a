#!/usr/bin/env bash
# Runs the whole test suite (what CI runs): set-up, formatting, lints, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
