#!/usr/bin/env bash
# Issue 12's benchmark: one aggregated proof for fibonacci at 50 M cycles and for the
# sha256 example at 1 MiB, with every default of `trellis prove` (production
# parameters, segments cut for the default memory budget). Prints, per run: segment
# proving (the sum of the segments' prove_seconds), the keys made at the prove and the
# chain check (what remains of the wall time), each aggregation node, the aggregation
# and its share of the total, the root proof's bytes, `trellis verify` without and with
# the key cache, and the prove's peak memory.
#
#   bash scripts/bench-aggregation.sh [fib|sha ...]      # both by default
#
# Takes about 11 min (fib) and 4 min (sha) on a 2-core machine; run it with nothing else
# running. Record the results in docs/benchmarks.md with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(fib sha)

cargo build --release -p trellis-cli >&2
trellis="${CARGO_TARGET_DIR:-$PWD/target}/release/trellis"
work=$(mktemp -d /tmp/trellis-bench-agg.XXXXXX)
trap 'rm -rf "$work"' EXIT

# bench NAME CONFIG EXAMPLE INPUT-ARGS...
bench() {
  local name=$1 config=$2 example=$3
  shift 3
  local elf
  elf=$("$trellis" --config "$config" build "$example")
  "$trellis" --config "$config" keygen "$elf" --pk "$work/$name.pk" --vk "$work/$name.vk" >/dev/null
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v "$trellis" --config "$config" prove "$elf" --pk "$work/$name.pk" "$@" \
    -o "$work/$name.agg" --json-out "$work/$name.json" >"$work/$name.log" 2>&1 ||
    { cat "$work/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  TRELLIS_CACHE_DIR= /usr/bin/time -v "$trellis" --config "$config" verify "$work/$name.agg" \
    --vk "$work/$name.vk" >"$work/$name.verify-uncached" 2>&1
  local cached=()
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s.%N)
    "$trellis" --config "$config" verify "$work/$name.agg" --vk "$work/$name.vk" >/dev/null 2>&1
    t1=$(date +%s.%N)
    cached+=("$(python3 -c "print(f'{$t1 - $t0:.3f}')")")
  done
  python3 - "$name" "$work" "$(python3 -c "print($end - $start)")" "${cached[*]}" <<'EOF'
import json, re, sys
name, work, wall, cached = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
report = json.load(open(f"{work}/{name}.json"))
log = open(f"{work}/{name}.log").read()
def find(key, node=report):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from find(key, v)
    elif isinstance(node, list):
        for v in node:
            yield from find(key, v)
prove = sum(v for v in find("prove_seconds") if isinstance(v, (int, float)))
agg = next(find("aggregation_seconds"))
keys = wall - agg - prove
peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) // 1024
unc = open(f"{work}/{name}.verify-uncached").read()
unc_s = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", unc).group(1)
size = len(open(f"{work}/{name}.agg", "rb").read())
print(f"## {name}")
print(f"segment proving (sum): {prove:.1f} s")
print(f"keys made at the prove + chain check: {keys:.1f} s")
print(f"aggregation: {agg:.1f} s = {100 * agg / wall:.1f} % of {wall:.1f} s "
      f"(with the keys {100 * (agg + keys) / wall:.1f} %)")
print(f"root proof: {size} bytes")
print(f"verify without key cache: {unc_s}; with it: {cached} s")
print(f"peak memory of the prove: {peak} MiB")
print("aggregation progress:")
for line in log.splitlines():
    if "aggregation" in line and ("proven in" in line or "level" in line or "layer" in line):
        print("  " + line.strip())
EOF
}

for run in "${runs[@]}"; do
  case $run in
    fib)
      bench fib trellis.toml examples/fibonacci --input-u32 10000000
      ;;
    sha)
      printf '[vm]\nextensions = ["rv32im", "sha256"]\n' >"$work/sha.toml"
      bench sha "$work/sha.toml" examples/sha256-precompile --input-hex 02 --input-u32 1048576
      ;;
    *)
      echo "unknown run $run (fib or sha)" >&2
      exit 2
      ;;
  esac
done
