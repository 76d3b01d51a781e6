#!/usr/bin/env bash
# attest against Splink 5 on DuckDB on the third independent set of lists
# (crates/attest-link/src/synth_petitions.rs); see bench/link_lists_side_by_side.sh.
#   bash bench/link_petitions_side_by_side.sh [PEOPLE] [SEEDS...]
exec bash "$(dirname "$0")/link_lists_side_by_side.sh" petitions "$@"
