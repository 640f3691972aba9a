#!/usr/bin/env bash
# Precompile benchmark: cycles and prove time (production parameters,
# segmented proof under the default memory budget) of hashing BYTES with the
# SHA-256 / Keccak-256 precompile against the software implementation, as a
# Markdown table.
#
#   bash scripts/bench-precompiles.sh [bytes] [hashes...]
#   bash scripts/bench-precompiles.sh 1048576 sha256 keccak   # the default
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=${1:-1048576}
shift $(( $# > 0 ? 1 : 0 )) || true
hashes=("$@")
[ ${#hashes[@]} -eq 0 ] && hashes=(sha256 keccak)

cargo build --release -p trellis-cli >&2
trellis=target/release/trellis
work=$(mktemp -d /tmp/trellis-bench-pre.XXXXXX)
trap 'rm -rf "$work"' EXIT

# prove LABEL CONFIG ELF INPUT -> prints a table row, sets $seconds
prove() {
  local label=$1 config=$2 elf=$3 input=$4
  "$trellis" --config "$config" keygen "$elf" --pk "$work/pk" --vk "$work/vk" >/dev/null 2>&1
  local log="$work/log"
  /usr/bin/time -v "$trellis" --config "$config" prove "$elf" --pk "$work/pk" --input "$input" \
    -o "$work/proof" --segments >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  "$trellis" --config "$config" verify "$work/proof" --vk "$work/vk" >/dev/null 2>&1
  local summary cycles segments peak
  summary=$(grep '^proved' "$log")
  cycles=$(sed -E 's/^proved ([0-9]+) cycles.*/\1/' <<<"$summary")
  segments=$(sed -E 's/.* cycles in ([0-9]+) segment.*/\1/' <<<"$summary")
  seconds=$(sed -E 's/.* kept\) in ([0-9.]+) s .*/\1/' <<<"$summary")
  peak=$(grep 'Maximum resident' "$log" | awk '{print int($6 / 1024)}')
  echo "| $label | $bytes | $cycles | $segments | $seconds | $peak |"
}

echo "| guest | bytes | cycles | segments | prove (s) | peak RSS (MiB) |"
echo "|---|---:|---:|---:|---:|---:|"
for hash in "${hashes[@]}"; do
  printf '[vm]\nextensions = ["rv32im", "%s"]\n' "$hash" >"$work/trellis.toml"
  case $hash in
    sha256)
      elf=$("$trellis" --config "$work/trellis.toml" build examples/sha256-precompile)
      python3 -c "import struct,sys; open(sys.argv[1],'wb').write(bytes([2]) + struct.pack('<I', int(sys.argv[3])))" "$work/pre" x "$bytes"
      python3 -c "import struct,sys; open(sys.argv[1],'wb').write(bytes([3]) + struct.pack('<I', int(sys.argv[2])))" "$work/soft" "$bytes"
      prove "sha256-precompile (precompile)" "$work/trellis.toml" "$elf" "$work/pre"; pre=$seconds
      prove "sha256-precompile (software, sha2 crate)" "$work/trellis.toml" "$elf" "$work/soft"; soft=$seconds
      ;;
    keccak)
      pre_elf=$("$trellis" --config "$work/trellis.toml" build examples/keccak-precompile)
      soft_elf=$("$trellis" --config "$work/trellis.toml" build examples/keccak)
      python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('<I', int(sys.argv[2])))" "$work/len" "$bytes"
      prove "keccak-precompile (precompile)" "$work/trellis.toml" "$pre_elf" "$work/len"; pre=$seconds
      prove "keccak (software)" "$work/trellis.toml" "$soft_elf" "$work/len"; soft=$seconds
      ;;
    *) echo "unknown hash $hash" >&2; exit 1 ;;
  esac
  python3 -c "import sys; print(f'\n{sys.argv[1]}: the precompile proves {float(sys.argv[3]) / float(sys.argv[2]):.1f}x faster\n')" "$hash" "$pre" "$soft"
done
