"""Time each step of `kg build` on the real project inputs over N runs and print a table.

Usage: python benchmarks/bench_build.py [N]   (default N = 5)
"""

import statistics
import tempfile
from pathlib import Path

from environment import count_argument

from govkg.build import build
from govkg.cli.stats import format_sizes, graph_sizes
from govkg.store import open_read_only


def main(runs: int) -> None:
    """Build ``runs`` times into fresh temporary stores; print per-step min/median/max and the last build's figures."""
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            store_dir = Path(tmp) / f"store-{run}"
            report = build(store_dir)
            for step, seconds in report.seconds.items():
                times.setdefault(step, []).append(seconds)
        times["total"] = [sum(step_times) for step_times in zip(*times.values(), strict=True)]
        print(f"kg build, {runs} runs (seconds)")
        print(f"{'step':<9} {'min':>7} {'median':>7} {'max':>7}")
        for step, values in times.items():
            print(f"{step:<9} {min(values):>7.3f} {statistics.median(values):>7.3f} {max(values):>7.3f}")
        print(f"\ninferred triples kept: {report.inferred}")
        print("dropped by cleaning: " + ", ".join(f"{rule} {count}" for rule, count in sorted(report.dropped.items())))
        print()
        print(format_sizes(graph_sizes(open_read_only(store_dir))))


if __name__ == "__main__":
    main(count_argument(__doc__.splitlines()[0], "N", 5))
