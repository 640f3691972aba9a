#!/usr/bin/env bash
# Installs everything Trellis needs on a fresh Debian machine. Safe to re-run.
set -euo pipefail

packages=(gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-user)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node.js and npm run the pinned EVM tools below (solc-js) and install them.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# rust-src: Rust guests are built for riscv32im-risc0-zkvm-elf (std and
# atomics), whose standard library cargo compiles from source (-Zbuild-std).
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

# EVM tools (crates/evm): the Solidity compiler (npm `solc`) and a local node
# (npm `@foundry-rs/anvil`, which ships the anvil binary per platform), pinned
# by tools/evm/package-lock.json and installed into tools/evm/node_modules.
# Install scripts are skipped: the platform package already holds the binary.
evm_tools="$(dirname "$0")/../tools/evm"
evm_stamp="$evm_tools/node_modules/.trellis-lock"
if ! cmp -s "$evm_tools/package-lock.json" "$evm_stamp"; then
  echo "setup: installing EVM tools (solc, anvil) into tools/evm"
  (cd "$evm_tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$evm_tools/package-lock.json" "$evm_stamp"
fi
echo "setup: done"
