#!/usr/bin/env bash
# attest's linkage engine against Splink 5 on DuckDB on the generated Korean multi-source lists
# (issue 15; every person invented). SET is
#   registry[:LAYOUT[:VARIANT]]  crates/attest-link/src/synth_registry.rs, lists merged under one
#                                Korean header (LAYOUT korean, the default), e.g. registry:korean:cross-script
#   petitions                    crates/attest-link/src/synth_petitions.rs, the third independent set
# Seeds below 1000 were used while tuning, 1000-1999 held out, petitions' 2000 and above never used
# while fixing. Whole process from CSV to clusters, three runs each, medians; scores by bench/score.py.
#   bash bench/link_lists_side_by_side.sh SET [PEOPLE] [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:?usage: link_lists_side_by_side.sh registry[:LAYOUT[:VARIANT]]|petitions [PEOPLE] [SEEDS...]}
shift
PEOPLE=${1:-3000}
shift || true
KIND=${SET%%:*}
case "$KIND" in
  registry) LAYOUT=${SET#registry}; LAYOUT=${LAYOUT#:}; LAYOUT=${LAYOUT:-korean}; DEFAULT_SEEDS="1 1000 1001" ;;
  petitions) DEFAULT_SEEDS="1000 1001 1002 1003" ;;
  *) echo "unknown set '$SET': registry[:LAYOUT[:VARIANT]] or petitions" >&2; exit 2 ;;
esac
SEEDS=("${@:-$DEFAULT_SEEDS}")
VENV=bench/.venv
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q splink duckdb pandas; }
cargo build -q --release -p attest-link --example link_csv --example "synth_$KIND"
BIN="${CARGO_TARGET_DIR:-target}"/release/examples
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
secs() { python3 -c 'import sys,time; t=time.time(); import subprocess; subprocess.run(sys.argv[1:], check=True, capture_output=True); print(time.time()-t)' "$@"; }
echo "| data | attest (median of 3) | attest pairwise | Splink 5 + DuckDB (median of 3) | Splink pairwise | speed-up |"
echo "|---|---|---|---|---|---|"
for seed in ${SEEDS[@]}; do
  f="$WORK/$KIND-$seed.csv"; truth="$WORK/$KIND-$seed-truth.csv"
  if [ "$KIND" = registry ]; then
    "$BIN"/synth_registry "$PEOPLE" "$seed" "$f" "$truth" "$LAYOUT" 2>/dev/null
    name="registry${LAYOUT#korean} seed $seed"
  else
    "$BIN"/synth_petitions write "$PEOPLE" "$seed" "$f" "$truth" 2>/dev/null
    name="petitions seed $seed"
  fi
  at=(); sp=()
  for _ in 1 2 3; do
    at+=("$(secs "$BIN"/link_csv "$f" "$WORK/attest-$seed.csv")")
    sp+=("$("$VENV/bin/python" bench/splink_peer.py "$KIND" "$f" "$truth" "$WORK/splink-$seed.csv" 2>/dev/null | tail -1)")
  done
  python3 - "$name" "$(($(wc -l < "$f") - 1))" "$(python3 bench/score.py "$WORK/attest-$seed.csv" "$truth")" \
    "$(python3 bench/score.py "$WORK/splink-$seed.csv" "$truth")" "${at[@]}" "${sp[@]}" <<'PY'
import json, statistics, sys
name, n, a, s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
am = statistics.median(float(x) for x in sys.argv[5:8])
sm = statistics.median(json.loads(x)["seconds"] for x in sys.argv[8:11])
pw = lambda x: f"F1 {x['f1']:.4f} (P {x['precision']:.4f}, R {x['recall']:.4f})"
print(f"| {name} ({n} records) | {am:.2f} s | {pw(a)} | {sm:.2f} s | {pw(s)} | {sm/am:.1f}x |")
PY
done
