"""`jianghua ingest --engine dask --work-dir DIR --keep-work`: the run works in DIR and leaves its
files there; without --keep-work nothing is left; without --engine dask both options are refused."""

import json

import pytest
from typer.testing import CliRunner

from jianghua.cli import app

SKIP_INDEXES = ["--skip", "embeddings", "--skip", "search", "--skip", "check"]


def ingest(args: list[str]):
    return CliRunner().invoke(app, ["ingest", "samples", *args, *SKIP_INDEXES])


def test_kept_work_folder_holds_the_partitions_and_texts(client, tmp_path):
    lib, work = tmp_path / "lib", tmp_path / "work"
    result = ingest(
        ["--library", str(lib), "--engine", "dask", "--scheduler", client.scheduler.address]
        + ["--work-dir", str(work), "--keep-work"]
    )
    assert result.exit_code == 0, result.output
    (run,) = list(work.iterdir())  # one folder per run, named in the output
    assert f"work folder kept: {run}" in result.output
    partitions = sorted(p.name for p in run.glob("pages-*.parquet"))
    assert partitions and partitions[0] == "pages-000000.parquet"
    assert list((run / "texts").glob("texts-*.parquet"))
    assert not (lib / "dask-work").exists()  # the default folder was not used
    stats = json.loads(CliRunner().invoke(app, ["stats", "--library", str(lib), "--json"]).output)
    assert (stats["sources"], stats["speeches"]) == (5, 65)


def test_work_folder_is_emptied_without_keep_work(client, tmp_path):
    work = tmp_path / "work"
    result = ingest(
        ["--library", str(tmp_path / "lib"), "--engine", "dask"]
        + ["--scheduler", client.scheduler.address, "--work-dir", str(work)]
    )
    assert result.exit_code == 0, result.output
    assert list(work.iterdir()) == [] and "work folder kept" not in result.output


@pytest.mark.parametrize(
    "options", [["--work-dir", "w"], ["--keep-work"], ["--engine", "inprocess", "--keep-work"]]
)
def test_work_options_need_the_dask_engine(tmp_path, options):
    result = ingest(["--library", str(tmp_path / "lib"), *options])
    option = options[-1] if options[-1].startswith("--") else options[-2]
    assert result.exit_code == 2 and f"{option} needs --engine dask" in result.output
    assert not (tmp_path / "lib").exists()  # refused before anything was opened
