"""`jianghua ingest --engine dask --scheduler tcp://...` against the test cluster's scheduler."""

import json

from typer.testing import CliRunner

from jianghua.cli import app


def test_ingest_on_a_running_scheduler_then_stats(client, tmp_path):
    lib = str(tmp_path / "lib")
    address = client.scheduler.address
    assert address.startswith("tcp://")
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["ingest", "samples", "--library", lib, "--engine", "dask", "--scheduler", address]
        + ["--skip", "embeddings", "--skip", "search", "--skip", "check"],
    )
    assert result.exit_code == 0, result.output
    assert "near-duplicate pairs" in result.output
    stats = json.loads(runner.invoke(app, ["stats", "--library", lib, "--json"]).output)
    assert (stats["sources"], stats["speeches"], stats["near_duplicate_families"]) == (5, 65, 1)


def test_bad_engine_and_scheduler_without_dask_are_refused(tmp_path):
    runner = CliRunner()
    lib = str(tmp_path / "lib")
    result = runner.invoke(app, ["ingest", "samples", "--library", lib, "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine 'spark'" in result.output
    result = runner.invoke(app, ["ingest", "samples", "--library", lib, "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
