#!/usr/bin/env bash
# Family detection at scale, attest against datasketch's MinHashLSH, side by side: the same
# generated corpus (100,000 documents of ~5 KB: originals, copies, spun copies, quotations,
# translated passages, independent reports), the same machine, whole process (reading the corpus
# to clusters written), three runs each, medians; both scored by the same script. Then the
# 1,000,000-document streaming run. Makes its own virtualenv for datasketch.
#   bash bench/provenance_side_by_side.sh [EVENTS (11112 = 100,008 documents)] [--no-million]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-11112}
VENV=bench/.venv-datasketch
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q datasketch numpy
fi
cargo build -q --release -p attest-provenance --example provenance_scale
BIN=target/release/examples/provenance_scale
WORK=$(mktemp -d)
$BIN write "$EVENTS" 7 "$WORK/corpus.tsv"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
at=() ds=()
for _ in 1 2 3; do
  out=$($BIN run "$WORK/corpus.tsv" "$WORK/attest.csv")
  line=$(echo "$out" | head -1)
  echo "$line"
  at+=("$(echo "$line" | sed -E 's/.* in ([0-9.]+) s .*/\1/')")
  line=$("$VENV/bin/python" bench/provenance_peer.py "$WORK/corpus.tsv" "$WORK/datasketch.csv")
  echo "$line"
  ds+=("$(echo "$line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')")
done
am=$(printf '%s\n' "${at[@]}" | median); dm=$(printf '%s\n' "${ds[@]}" | median)
echo "attest     median $am s: $(python3 bench/score_families.py "$WORK/corpus.tsv" "$WORK/attest.csv")"
echo "datasketch median $dm s: $(python3 bench/score_families.py "$WORK/corpus.tsv" "$WORK/datasketch.csv")"
python3 -c "print(f'attest is {$dm / $am:.1f}x faster (whole process, medians of 3)')"
if [ "${2:-}" != "--no-million" ]; then
  /usr/bin/time -v $BIN stream 111112 7 2> "$WORK/time.txt"
  grep -E "Maximum resident|Elapsed" "$WORK/time.txt"
fi
rm -rf "$WORK"
