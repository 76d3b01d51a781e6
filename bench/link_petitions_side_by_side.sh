#!/usr/bin/env bash
# attest's linkage engine against Splink 5 on DuckDB on the third independent set of lists
# (issue 15, tenth session; crates/attest-link/src/synth_petitions.rs, every person invented:
# family-reunion applications, a church interview log, a UN submission and a defectors' list
# merged into one sheet): seeds below 1000 were used while tuning, 1000-1999 held out, 2000 and
# above never used while fixing. Whole process from CSV to clusters, three runs each, medians;
# scores by bench/score.py.
#   bash bench/link_petitions_side_by_side.sh [PEOPLE] [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-3000}
shift || true
SEEDS=("${@:-1000 1001 1002 1003}")
VENV=bench/.venv
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q splink duckdb pandas; }
cargo build -q --release -p attest-link --example link_csv --example synth_petitions
BIN="${CARGO_TARGET_DIR:-target}"/release/examples
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
secs() { python3 -c 'import sys,time; t=time.time(); import subprocess; subprocess.run(sys.argv[1:], check=True, capture_output=True); print(time.time()-t)' "$@"; }
echo "| data | attest (median of 3) | attest pairwise | Splink 5 + DuckDB (median of 3) | Splink pairwise | speed-up |"
echo "|---|---|---|---|---|---|"
for seed in ${SEEDS[@]}; do
  f="$WORK/petitions-$seed.csv"; truth="$WORK/petitions-$seed-truth.csv"
  "$BIN"/synth_petitions write "$PEOPLE" "$seed" "$f" "$truth" 2>/dev/null
  at=(); sp=()
  for _ in 1 2 3; do
    at+=("$(secs "$BIN"/link_csv "$f" "$WORK/attest-$seed.csv")")
    sp+=("$("$VENV/bin/python" bench/splink_peer.py petitions "$f" "$truth" "$WORK/splink-$seed.csv" 2>/dev/null | tail -1)")
  done
  python3 - "petitions seed $seed" "$(($(wc -l < "$f") - 1))" "$(python3 bench/score.py "$WORK/attest-$seed.csv" "$truth")" \
    "$(python3 bench/score.py "$WORK/splink-$seed.csv" "$truth")" "${at[@]}" "${sp[@]}" <<'PY'
import json, statistics, sys
name, n, a, s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
am = statistics.median(float(x) for x in sys.argv[5:8])
sm = statistics.median(json.loads(x)["seconds"] for x in sys.argv[8:11])
pw = lambda x: f"F1 {x['f1']:.4f} (P {x['precision']:.4f}, R {x['recall']:.4f})"
print(f"| {name} ({n} records) | {am:.2f} s | {pw(a)} | {sm:.2f} s | {pw(s)} | {sm/am:.1f}x |")
PY
done
