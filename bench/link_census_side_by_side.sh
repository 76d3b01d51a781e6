#!/usr/bin/env bash
# attest against Splink 5 on DuckDB on a generated historical census of about 50,000 records
# (crates/attest-link/src/synth_census.rs); see bench/link_generated_side_by_side.sh.
#   bash bench/link_census_side_by_side.sh [HOUSEHOLDS] [SEEDS...]
exec bash "$(dirname "$0")/link_generated_side_by_side.sh" census "${1:-4400}" "${@:2}"
