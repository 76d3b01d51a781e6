#!/usr/bin/env bash
# A second held-out look at Korean linkage (issue 15), so that a fix that helps one generator or
# layout and hurts another shows: the registry generator (synth_registry.rs) in its other two
# layouts (English headers; each list keeping its own headers, stacked) on the held-out seeds
# 1000-1003 and at 10,000 people, the second batch of held-out seeds 1004-1007, and the other
# generator (synth_unseen.rs) at 10,000 people. attest only, figures from the engine in memory.
#   bash bench/link_korean_second_look.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p attest-link --example synth_registry --example bench_unseen
BIN="${CARGO_TARGET_DIR:-target}"/release/examples
"$BIN"/synth_registry bench 3000 korean 1004 1005 1006 1007
"$BIN"/synth_registry bench 3000 english 1000 1001 1002 1003 | tail -n +3
"$BIN"/synth_registry bench 3000 stacked 1000 1001 1002 1003 | tail -n +3
"$BIN"/synth_registry bench 10000 korean 1004 1005 | tail -n +3
ONLY=korean "$BIN"/bench_unseen . 10000
