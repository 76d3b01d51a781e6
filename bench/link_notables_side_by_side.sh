#!/usr/bin/env bash
# attest against Splink 5 on DuckDB on a generated set of historical notables of about 50,000
# records (issue 15's public historical set, regenerated: crates/attest-link/src/synth_notables.rs);
# see bench/link_generated_side_by_side.sh.
#   bash bench/link_notables_side_by_side.sh [PEOPLE] [SEEDS...]
exec bash "$(dirname "$0")/link_generated_side_by_side.sh" notables "${1:-5000}" "${@:2}"
