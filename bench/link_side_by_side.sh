#!/usr/bin/env bash
# attest link against Splink 5 on DuckDB, side by side, same files, same machine, whole process
# (start to clusters written), three runs each, medians. Makes its own virtualenv for Splink.
# attest runs as the engine example `link_csv` (the steps of `attest link FILE [FILE_B] --out OUT`
# without the CLI's progress bars and printed configuration), so only attest-link is built in
# release, not the CLI with SQLCipher and the web stack.
#   bash bench/link_side_by_side.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/linkage}
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q splink duckdb pandas
fi
cargo build -q --release -p attest-link --example link_csv --example synth_korean
BIN="${CARGO_TARGET_DIR:-target}"/release/examples
WORK=$(mktemp -d)
"$BIN"/synth_korean 20000 11 "$WORK/korean.csv" "$WORK/korean-truth.csv" 2>/dev/null

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_case() { # name, truth, file_a (or ""), attest args..., -- , splink args...
  local name=$1 truth=$2 file_a=$3; shift 3
  local attest_args=() splink_args=()
  while [ "$1" != "--" ]; do attest_args+=("$1"); shift; done; shift
  splink_args=("$@")
  local at=() sp=() a_score s_json
  for _ in 1 2 3; do
    local t0; t0=$(now)
    "$BIN"/link_csv "${attest_args[@]}" "$WORK/$name.csv" > /dev/null
    at+=("$(python3 -c "print($(now) - $t0)")")
    s_json=$("$VENV/bin/python" bench/splink_peer.py "${splink_args[@]}" 2>/dev/null | tail -1)
    sp+=("$(echo "$s_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
  done
  a_score=$(python3 bench/score.py "$WORK/$name.csv" "$truth" $file_a)
  local am sm; am=$(printf '%s\n' "${at[@]}" | median); sm=$(printf '%s\n' "${sp[@]}" | median)
  python3 - "$name" "$am" "$sm" "$a_score" "$s_json" <<'PY'
import json, sys
name, am, sm, a, s = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
print(f"| {name} | {am:.2f} s | F1 {a['f1']:.4f} (P {a['precision']:.4f}, R {a['recall']:.4f}) | {sm:.2f} s | F1 {s['f1']:.4f} (P {s['precision']:.4f}, R {s['recall']:.4f}) | {sm/am:.1f}x |")
PY
}

echo "| data | attest (median of 3) | attest accuracy | Splink 5 + DuckDB (median of 3) | Splink accuracy | speed-up |"
echo "|---|---|---|---|---|---|"
run_case febrl3 febrl "" "$DATA/febrl_dataset3.csv" -- febrl3 "$DATA/febrl_dataset3.csv"
run_case febrl4 febrl "$DATA/febrl_dataset4a.csv" "$DATA/febrl_dataset4a.csv" "$DATA/febrl_dataset4b.csv" -- febrl4 "$DATA/febrl_dataset4a.csv" "$DATA/febrl_dataset4b.csv"
run_case korean-50k "$WORK/korean-truth.csv" "" "$WORK/korean.csv" -- korean "$WORK/korean.csv" "$WORK/korean-truth.csv"
rm -rf "$WORK"
