#!/usr/bin/env bash
# Continuations benchmark: proves one long run (fibonacci, >= 50 M cycles by
# default) with production parameters under a memory budget, with 1 and 2
# workers, and prints cycles/s and the measured peak memory (GNU time's
# maximum resident set) against the budget as a Markdown table.
#
#   bash scripts/bench-continuations.sh [n] [budget] [workers...]
#   bash scripts/bench-continuations.sh 10000000 6GiB 1 2    # the default
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
budget=${2:-6GiB}
shift $(( $# > 2 ? 2 : $# )) || true
workers=("$@")
[ ${#workers[@]} -eq 0 ] && workers=(1 2)

cargo build --release -p trellis-cli >&2
trellis=target/release/trellis
work=$(mktemp -d /tmp/trellis-bench-cont.XXXXXX)
trap 'rm -rf "$work"' EXIT
elf=$("$trellis" build examples/fibonacci)
python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('<I', int(sys.argv[2])))" "$work/n" "$n"
"$trellis" keygen "$elf" --pk "$work/pk" --vk "$work/vk" >&2

echo "| workers | cycles | segments | prove (s) | cycles/s | peak RSS (MiB) | budget (MiB) | peak / budget | verify (s) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for w in "${workers[@]}"; do
  log="$work/log-$w"
  /usr/bin/time -v "$trellis" prove "$elf" --pk "$work/pk" --input "$work/n" -o "$work/proof" \
    --segments --segment-max-memory "$budget" --workers "$w" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  summary=$(grep '^proved' "$log")
  cycles=$(sed -E 's/^proved ([0-9]+) cycles.*/\1/' <<<"$summary")
  segments=$(sed -E 's/.* cycles in ([0-9]+) segment.*/\1/' <<<"$summary")
  seconds=$(sed -E 's/.* kept\) in ([0-9.]+) s .*/\1/' <<<"$summary")
  budget_mib=$(grep -o 'memory budget of [0-9]* MiB' "$log" | awk '{print $4}')
  peak_mib=$(grep 'Maximum resident' "$log" | awk '{print int($6 / 1024)}')
  start=$(date +%s.%N)
  "$trellis" verify "$work/proof" --vk "$work/vk" >/dev/null 2>&1
  verify=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  python3 - "$w" "$cycles" "$segments" "$seconds" "$peak_mib" "$budget_mib" "$verify" <<'PY'
import sys
w, cycles, segments, seconds, peak, budget, verify = sys.argv[1:]
cycles, seconds, peak, budget = int(cycles), float(seconds), int(peak), int(budget)
print(f"| {w} | {cycles:,} | {segments} | {seconds:.1f} | {cycles / seconds:,.0f} | {peak:,} | {budget:,} | {peak / budget:.2f} | {verify} |")
PY
done
