"""The five seeds exported to Parquet (`jianghua export --format parquet`) and queried with DuckDB
(`jianghua sql`): the files hold exactly what the SQLite store holds."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from pages import SAMPLES, SEEDS
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library import parquet
from jianghua.library.store import Library
from jianghua.pipeline import ingest

runner = CliRunner()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The seeds in a library, exported to its default Parquet folder through the CLI."""
    folder = tmp_path_factory.mktemp("lib")
    with Library(folder) as lib:
        assert not ingest([SAMPLES], lib).failed
        result = runner.invoke(app, ["export", "--format", "parquet", "--library", str(folder)])
        assert result.exit_code == 0, result.output
        assert "speeches 65, occurrences 74, families 65" in result.output
        yield lib


def sql(library: Library, statement: str, *options: str):
    return runner.invoke(app, ["sql", statement, "--library", str(library.folder), *options])


def jsonl(library: Library, statement: str) -> list[dict]:
    result = sql(library, statement, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_row_counts_equal_the_library(library):
    folder = parquet.default_folder(library.folder)
    rows = {name: pq.read_metadata(folder / f"{name}.parquet").num_rows for name in parquet.TABLES}
    stats = library.stats()
    assert rows == {
        "speeches": stats["speeches"],
        "occurrences": stats["occurrences"],
        "families": stats["speeches"],  # one row per speech
    }
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t}.parquet" for t in parquet.TABLES
    )


def test_speech_rows_are_the_jsonl_records(library):
    """Every field of every speech comes back: no struct field dropped by the schema, the JSON
    columns (outline, meta) decode to the exported values."""
    table = pq.read_table(parquet.default_folder(library.folder) / "speeches.parquet")
    rows = table.to_pylist()
    for row in rows:
        for column in parquet.JSON_COLUMNS:
            row[column] = json.loads(row[column])
    records = list(library.export_records())
    assert any(r["formulations"] and r["flags"] and r["salutation"] for r in records)
    assert rows == records


def test_the_near_duplicate_family_of_seeds_000_and_003(library):
    families = jsonl(
        library,
        "SELECT f.family, count(DISTINCT f.speech_id) AS members,"
        " count(DISTINCT f.speech_id) FILTER (WHERE f.canonical) AS canonical,"
        " list(DISTINCT left(o.file, 3) ORDER BY left(o.file, 3)) AS seeds,"
        " any_value(left(o.file, 3)) FILTER (WHERE f.canonical) AS canonical_seed"
        " FROM families f JOIN occurrences o USING (speech_id)"
        " GROUP BY f.family HAVING count(DISTINCT f.speech_id) > 1",
    )
    assert len(families) == 1
    (family,) = families
    assert family["members"] == 2 and family["canonical"] == 1
    assert family["seeds"] == ["000", "003"]
    assert family["canonical_seed"] == "003"  # the 文库 copy keeps the digits the other masks
    (row,) = library.db.execute(
        "SELECT COUNT(*) FROM speeches WHERE family = ?", (family["family"],)
    ).fetchall()
    assert row[0] == 2


def test_sql_counts_equal_sqlite(library):
    (counts,) = jsonl(
        library,
        "SELECT (SELECT count(*) FROM speeches) AS speeches,"
        " (SELECT count(*) FROM occurrences) AS occurrences,"
        " (SELECT count(DISTINCT family) FROM families) AS families,"
        " (SELECT count(*) FROM speeches WHERE script = 'traditional') AS traditional,"
        " (SELECT sum(len(sources)) FROM speeches) AS sources_listed",
    )
    stats = library.stats()
    assert counts == {
        "speeches": stats["speeches"],
        "occurrences": stats["occurrences"],
        "families": stats["families"],
        "traditional": 21,  # every speech of seed 001
        "sources_listed": stats["occurrences"],
    }
    per_file = jsonl(library, "SELECT file, count(*) AS n FROM occurrences GROUP BY 1 ORDER BY 1")
    expected = library.db.execute(
        "SELECT s.name, COUNT(*) FROM occurrences o JOIN sources s ON s.id = o.source_id"
        " GROUP BY s.name ORDER BY s.name"
    ).fetchall()
    assert [(r["file"], r["n"]) for r in per_file] == [tuple(r) for r in expected]
    assert [r["file"] for r in per_file] == sorted(SEEDS.values())


def test_json_columns_are_queryable(library):
    rows = jsonl(
        library,
        "SELECT meta->>'$.genre.value' AS genre, count(*) AS n FROM speeches"
        " WHERE title = '在第十五届台商论坛上的致辞' GROUP BY 1",
    )
    assert rows == [{"genre": "致辞", "n": 1}]


def test_table_and_csv_output(library):
    title = "在第十五届台商论坛上的致辞"
    result = sql(library, f"SELECT title, chars FROM speeches WHERE title = '{title}'")
    assert result.exit_code == 0, result.output
    assert title in result.output and "chars" in result.output and "1 row" in result.output
    result = sql(library, "SELECT id, sources FROM speeches ORDER BY id LIMIT 3", "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["id", "sources"] and len(rows) == 3
    for _id, sources in rows:  # a list column is one JSON cell
        assert all(set(s) == {"file", "lines", "columns"} for s in json.loads(sources))


def test_bad_sql_exits_1_with_the_duckdb_message(library):
    result = sql(library, "SELEC id FROM speeches")
    assert result.exit_code == 1
    assert 'Parser Error: syntax error at or near "SELEC"' in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, no traceback
    result = sql(library, "SELECT nope FROM speeches")
    assert result.exit_code == 1 and "Binder Error" in result.output and "nope" in result.output
    result = sql(library, "SELECT 1", "--format", "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.output


def test_missing_parquet_says_to_run_the_export(library, tmp_path):
    result = sql(library, "SELECT 1", "--parquet", str(tmp_path))
    assert result.exit_code == 2
    assert (
        f"no Parquet export in {tmp_path}" in result.output and "speeches.parquet" in result.output
    )
    assert f"jianghua export --format parquet --library {library.folder} --out {tmp_path}" in (
        result.output
    )
    result = runner.invoke(app, ["sql", "SELECT 1", "--library", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no Parquet export in" in result.output


def test_a_new_export_replaces_the_old_one_whole(library, tmp_path):
    out = tmp_path / "out"
    assert parquet.export_parquet(library, out)["speeches"] == 65
    before = {p.name: p.stat().st_ino for p in out.iterdir()}
    result = runner.invoke(
        app, ["export", "--format", "parquet", "--library", str(library.folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    after = {p.name: p.stat().st_ino for p in out.iterdir()}
    assert sorted(after) == sorted(before)  # the three files, no temporary file left
    assert all(after[name] != before[name] for name in after)  # each one renamed into place
    assert pq.read_metadata(out / "speeches.parquet").num_rows == 65


def test_a_failed_export_leaves_the_previous_one(library, tmp_path, monkeypatch):
    out = tmp_path / "out"
    parquet.export_parquet(library, out)
    # Inodes too: a re-export of the same library writes the same bytes.
    files = lambda: {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.iterdir()}  # noqa: E731
    before = files()

    # The last table fails half way, after the other two were written.
    monkeypatch.setattr(parquet, "_family_rows", broken_rows(parquet._family_rows))
    with pytest.raises(OSError, match="disk full"):
        parquet.export_parquet(library, out)
    assert files() == before  # not one file replaced, no temporary file left
    assert not library.db.in_transaction  # the read snapshot was let go


def broken_rows(rows):
    """`rows`, failing after three."""

    def broken(lib):
        yield from list(rows(lib))[:3]
        raise OSError("disk full")

    return broken


def test_batches_become_row_groups(library, tmp_path):
    counts = parquet.export_parquet(library, tmp_path, batch_rows=7)
    speeches = pq.ParquetFile(tmp_path / "speeches.parquet")
    assert speeches.metadata.num_row_groups == -(-counts["speeches"] // 7)
    assert (
        speeches.read().to_pylist()
        == pq.read_table(parquet.default_folder(library.folder) / "speeches.parquet").to_pylist()
    )


def test_an_empty_library_exports_empty_tables(tmp_path):
    folder = tmp_path / "lib"
    Library(folder).close()
    result = runner.invoke(app, ["export", "--format", "parquet", "--library", str(folder)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        ["sql", "SELECT count(*) AS n FROM speeches", "--library", str(folder), "--format", "csv"],
    )
    assert result.exit_code == 0 and result.stdout.split() == ["n", "0"]


def test_export_refuses_a_file_as_folder_and_unknown_formats(library, tmp_path):
    file = tmp_path / "file"
    file.write_text("")
    lib = str(library.folder)
    result = runner.invoke(app, ["export", "--format", "parquet", "-l", lib, "--out", str(file)])
    assert result.exit_code == 2 and "不是文件夹" in result.output
    result = runner.invoke(app, ["export", "--format", "xml", "-l", lib])
    assert result.exit_code == 2 and "可用 jsonl 或 parquet" in result.output
    result = runner.invoke(app, ["sql", "--help"])
    assert result.exit_code == 0 and "DuckDB" in result.output and "--parquet" in result.output
