"""CLI start-up: wall and CPU time of `jianghua --help` and `jianghua stats` in fresh processes.

    .venv/bin/python bench/startup.py [--runs 5]

Baseline, same run: the same interpreter importing what the CLI imported eagerly before the
commands loaded their modules lazily (search, check, compose, pipeline, structure, numpy), and the
floor: Python with typer and rich alone. Target: both commands under 0.5 s on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EAGER = (
    "import jianghua.cli, jianghua.library.search, jianghua.check, jianghua.check.report, "
    "jianghua.compose.workbench, jianghua.compose.export, jianghua.pipeline, "
    "jianghua.engine.cli, jianghua.library.parquet, jianghua.structure.facets, numpy"
)


def timed(args: list[str], runs: int) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(ROOT / "src"))
        from jianghua.library.store import Library

        Library(Path(tmp) / "lib", create=True).close()
        cases = {
            "jianghua --help": [py, "-m", "jianghua.cli", "--help"],
            "jianghua stats": [py, "-m", "jianghua.cli", "stats", "--library", f"{tmp}/lib"],
            "baseline: eager imports (before)": [py, "-c", EAGER],
            "floor: python + typer + rich": [py, "-c", "import typer, rich.console"],
        }
        print(f"load average {os.getloadavg()[0]:.1f}; median of {runs} runs")
        results = {}
        for name, args in cases.items():
            wall, cpu = timed(args, runs)
            results[name] = wall
            print(f"{name:36s} wall {wall:.3f} s  cpu {cpu:.3f} s")
        base = results["baseline: eager imports (before)"]
        for name in ("jianghua --help", "jianghua stats"):
            print(f"{name}: {base / results[name]:.1f}x faster than the eager imports alone")


if __name__ == "__main__":
    main()
