#!/usr/bin/env bash
# attest against Splink 5 on DuckDB on the independent Korean registry lists merged under one Korean
# header (crates/attest-link/src/synth_registry.rs); see bench/link_lists_side_by_side.sh.
#   bash bench/link_registry_side_by_side.sh [PEOPLE] [SEEDS...]
exec bash "$(dirname "$0")/link_lists_side_by_side.sh" registry:korean "$@"
