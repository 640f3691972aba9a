#!/usr/bin/env bash
# Installs everything Trellis needs on a fresh Debian machine. Safe to re-run.
set -euo pipefail

packages=(gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-user)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
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
echo "setup: done"
