#!/usr/bin/env bash
# attest's linkage engine against Splink 5 on DuckDB on a generated set of about 50,000 records
# (issue 15; every person invented): KIND is `census` (crates/attest-link/src/synth_census.rs,
# SIZE households) or `notables` (synth_notables.rs, SIZE people; Splink configured as its own
# example configures such a set, see bench/splink_peer.py). attest runs with zero configuration
# (the engine example link_csv). Seed 1 was used while developing, seeds 1001 and 1002 were not.
# Whole process from CSV to clusters, three runs each, medians; pairwise and cluster scores by
# bench/score.py. The census and notables scripts call this one. KIND may name a generator
# profile after a colon (`notables:light`, see synth_notables.rs's Profile): the generator gets
# it as its last argument; Splink runs in KIND's mode and, where it cannot read the file
# unchanged (renamed columns), its cells say so.
#   bash bench/link_generated_side_by_side.sh KIND[:PROFILE] SIZE [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1%%:*}
PROFILE=${1#"$KIND"}
PROFILE=${PROFILE#:}
SIZE=$2
shift 2
SEEDS=("${@:-1 1001 1002}")
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q splink duckdb pandas
fi
cargo build -q --release -p attest-link --example link_csv --example "synth_$KIND"
BIN="${CARGO_TARGET_DIR:-target}"/release/examples
WORK=$(mktemp -d)
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| data | attest (median of 3) | attest pairwise | attest cluster F1 | Splink 5 + DuckDB (median of 3) | Splink pairwise | Splink cluster F1 | speed-up |"
echo "|---|---|---|---|---|---|---|---|"
for seed in ${SEEDS[@]}; do
  f="$WORK/$KIND-$seed.csv"; truth="$WORK/$KIND-$seed-truth.csv"
  "$BIN/synth_$KIND" "$SIZE" "$seed" "$f" "$truth" $PROFILE 2>/dev/null
  at=(); sp=()
  for _ in 1 2 3; do
    t0=$(now); "$BIN"/link_csv "$f" "$WORK/attest-$seed.csv"
    at+=("$(python3 -c "print($(now) - $t0)")")
    if s_json=$("$VENV/bin/python" bench/splink_peer.py "$KIND" "$f" "$truth" "$WORK/splink-$seed.csv" 2>/dev/null | tail -1) \
      && [ -n "$s_json" ]; then
      sp+=("$(echo "$s_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
    else
      sp+=("nan")
    fi
  done
  a_score=$(python3 bench/score.py "$WORK/attest-$seed.csv" "$truth")
  s_score=$(if [ -s "$WORK/splink-$seed.csv" ]; then python3 bench/score.py "$WORK/splink-$seed.csv" "$truth"; else echo null; fi)
  am=$(printf '%s\n' "${at[@]}" | median); sm=$(printf '%s\n' "${sp[@]}" | median)
  python3 - "$KIND${PROFILE:+ $PROFILE} seed $seed" "$am" "$sm" "$a_score" "$s_score" "$(($(wc -l < "$f") - 1))" <<'PY'
import json, math, sys
name, am, sm, a, s, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5]), int(sys.argv[6])
pw = lambda x: f"F1 {x['f1']:.4f} (P {x['precision']:.4f}, R {x['recall']:.4f})"
cf = lambda x: f"{x['cluster_f1']:.4f} (P {x['cluster_precision']:.4f}, R {x['cluster_recall']:.4f})"
if s is None or math.isnan(sm):
    print(f"| {name} ({n} records) | {am:.2f} s | {pw(a)} | {cf(a)} | does not run unchanged | - | - | - |")
else:
    print(f"| {name} ({n} records) | {am:.2f} s | {pw(a)} | {cf(a)} | {sm:.2f} s | {pw(s)} | {cf(s)} | {sm/am:.1f}x |")
PY
done
rm -rf "$WORK"
