#!/usr/bin/env bash
# attest's linkage engine against Splink 5 on DuckDB on lists in other organisations' habits
# (issue 15): generated Korean multi-source lists with families (two tuning layouts, one held-out
# layout with held-out seeds), whole process from CSV to clusters, three runs each, medians.
# The attest side is the engine example `link_csv` (same steps as `attest link`, no CLI build).
#   bash bench/link_unseen_side_by_side.sh [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-5000}
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q splink duckdb pandas
fi
cargo build -q --release -p attest-link --example link_csv --example bench_unseen
WORK=$(mktemp -d)
WRITE_DIR="$WORK" ONLY=korean "${CARGO_TARGET_DIR:-target}"/release/examples/bench_unseen ../shared/data/linkage "$PEOPLE" > /dev/null
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| data | attest (median of 3) | attest accuracy | Splink 5 + DuckDB (median of 3) | Splink accuracy | speed-up |"
echo "|---|---|---|---|---|---|"
for f in "$WORK"/unseen-English-1.csv "$WORK"/unseen-Korean-3.csv "$WORK"/unseen-HeldOut-101.csv "$WORK"/unseen-HeldOut-102.csv; do
  name=$(basename "$f" .csv); truth="$WORK/$name-truth.csv"
  at=(); sp=()
  for _ in 1 2 3; do
    t0=$(now); "${CARGO_TARGET_DIR:-target}"/release/examples/link_csv "$f" "$WORK/$name-clusters.csv"
    at+=("$(python3 -c "print($(now) - $t0)")")
    s_json=$("$VENV/bin/python" bench/splink_peer.py unseen "$f" "$truth" 2>/dev/null | tail -1)
    sp+=("$(echo "$s_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
  done
  a_score=$(python3 bench/score.py "$WORK/$name-clusters.csv" "$truth")
  am=$(printf '%s\n' "${at[@]}" | median); sm=$(printf '%s\n' "${sp[@]}" | median)
  python3 - "$name" "$am" "$sm" "$a_score" "$s_json" "$(wc -l < "$f")" <<'PY'
import json, sys
name, am, sm, a, s, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5]), int(sys.argv[6]) - 1
print(f"| {name} ({n} records) | {am:.2f} s | F1 {a['f1']:.4f} (P {a['precision']:.4f}, R {a['recall']:.4f}) | {sm:.2f} s | F1 {s['f1']:.4f} (P {s['precision']:.4f}, R {s['recall']:.4f}) | {sm/am:.1f}x |")
PY
done
rm -rf "$WORK"
