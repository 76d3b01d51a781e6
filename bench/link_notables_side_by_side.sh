#!/usr/bin/env bash
# attest against Splink 5 on DuckDB on a generated set of historical notables of about 50,000
# records (issue 15's public historical set, regenerated: crates/attest-link/src/synth_notables.rs);
# see bench/link_generated_side_by_side.sh. An optional first argument names the generator's
# profile (heavy, the default; light, the calibrated one; namesakes, singletons, renamed,
# year-only):
#   bash bench/link_notables_side_by_side.sh [PROFILE] [PEOPLE] [SEEDS...]
profile=heavy
if [[ "${1:-}" =~ ^[a-z] ]]; then
  profile=$1
  shift
fi
exec bash "$(dirname "$0")/link_generated_side_by_side.sh" "notables:$profile" "${1:-5000}" "${@:2}"
