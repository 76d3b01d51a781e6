#!/usr/bin/env python3
"""Two or more builds of `link_csv` on one file, run in turn (A, B, C, A, B, C, ...) so that a
shared machine's slow moments fall on every build alike; prints each build's median, quartiles,
fastest and slowest whole-process time, and the median's ratio to the first build's.

    python3 bench/alternate_runs.py FILE.csv RUNS BINARY [BINARY ...]

Build the binaries to compare first, e.g. `git worktree add /tmp/base main` and
`cargo build --release -p attest-link --example link_csv` in each, then copy each
`target/release/examples/link_csv` away under its own name.
"""
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    data, runs, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    times = {b: [] for b in binaries}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(runs):
            for b in binaries:
                start = time.perf_counter()
                subprocess.run([b, data, f"{work}/clusters.csv"], check=True, capture_output=True)
                times[b].append(time.perf_counter() - start)
    first = statistics.median(times[binaries[0]])
    print("| build | median | q1 | q3 | fastest | slowest | median / first's |")
    print("|---|---|---|---|---|---|---|")
    for b in binaries:
        t = sorted(times[b])
        q = statistics.quantiles(t, n=4)
        m = statistics.median(t)
        print(f"| {b} | {m:.4f} s | {q[0]:.4f} | {q[2]:.4f} | {t[0]:.4f} | {t[-1]:.4f} | {m / first:.3f} |")


if __name__ == "__main__":
    main()
