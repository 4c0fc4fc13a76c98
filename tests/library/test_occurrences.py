"""Occurrences: any number of speeches from one source line, with columns; old libraries repaired."""

import sqlite3

from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library.repair import repair
from jianghua.library.store import DB_NAME, Library
from jianghua.library.verify import check_store
from jianghua.pipeline import ingest

BODIES = [
    "同志们：今天我们召开全县农业工作会议，主要任务是总结去年工作，部署今年任务。"
    "去年全县粮食生产再获丰收，农民收入稳步增长。谢谢大家！",
    "同志们：这次全市安全生产工作会议很重要。安全生产事关人民群众生命财产安全，"
    "各级各部门要压实责任，狠抓落实，坚决遏制重特大事故发生。谢谢大家！",
    "同志们：今天召开全区教育工作大会，部署推进教育高质量发展。要办好人民满意的教育，"
    "加强教师队伍建设，促进教育公平。谢谢大家！",
]


def one_line_page() -> str:
    """A minified page: three speeches (篇一/篇二/篇三) on a single source line."""
    labels = ("篇一", "篇二", "篇三")
    items = "".join(
        f"<p>{label}</p><p>{body}</p>" for label, body in zip(labels, BODIES, strict=True)
    )
    return f"<html><head><title>讲话稿三篇</title></head><body>{items}</body></html>"


def ingest_page(tmp_path):
    page = tmp_path / "minified.html"
    page.write_text(one_line_page(), encoding="utf-8")
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        report = ingest([page], lib)
        assert not report.failed
    return folder, page


def test_three_speeches_on_one_line_each_get_an_occurrence_with_columns(tmp_path):
    folder, page = ingest_page(tmp_path)
    with Library(folder) as lib:
        assert check_store(lib) == []
        records = list(lib.export_records())
    assert len(records) == 3
    line = page.read_text(encoding="utf-8")
    for record, body in zip(records, BODIES, strict=True):
        (source,) = record["sources"]
        assert source["lines"] == [1, 1]
        first, last = source["columns"]
        # the columns point into the original line at the speech's own text
        assert line[first:last].startswith(body[:4]) and line[first:last].endswith("谢谢大家！")


def make_old_library(folder):
    """Rewrite the occurrences as versions before the ordinal did: keyed (source, first line),
    INSERT OR IGNORE, so the second and third speech of the line lost their rows."""
    db = sqlite3.connect(folder / DB_NAME)
    db.executescript(
        """
        CREATE TABLE old (speech_id TEXT NOT NULL, source_id INTEGER NOT NULL,
            first_line INTEGER NOT NULL, last_line INTEGER NOT NULL, item TEXT, title TEXT,
            header TEXT NOT NULL, meta TEXT NOT NULL, paragraph_lines TEXT NOT NULL,
            edits INTEGER NOT NULL, PRIMARY KEY (source_id, first_line));
        INSERT OR IGNORE INTO old SELECT speech_id, source_id, first_line, last_line, item, title,
            header, meta, paragraph_lines, edits FROM occurrences ORDER BY source_id, ordinal;
        DROP INDEX occurrences_speech;
        DROP TABLE occurrences;
        ALTER TABLE old RENAME TO occurrences;
        CREATE INDEX occurrences_speech ON occurrences(speech_id);
        """
    )
    db.commit()
    db.close()


def test_an_old_library_is_migrated_verify_names_the_loss_and_repair_restores_it(tmp_path):
    folder, _page = ingest_page(tmp_path)
    with Library(folder) as lib:
        expected = list(lib.export_records())
    make_old_library(folder)
    with Library(folder) as lib:  # opening migrates the table; the two lost rows stay lost
        assert lib.db.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0] == 1
        problems = check_store(lib)
        assert any("every speech has at least one occurrence: 2 not" in p for p in problems)
        damaged = list(lib.export_records())  # export and show still work, flagged
        assert (
            sum(
                "no_occurrence" in r.get("clean_flags", [])
                for r in map(lambda r: lib.speech(r["id"]), damaged)
            )
            == 2
        )
    runner = CliRunner()
    result = runner.invoke(app, ["verify", "--library", str(folder), "--skip", "embeddings"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["repair", "--library", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.count("occurrence restored") == 2
    with Library(folder) as lib:
        assert check_store(lib) == []
        repaired = list(lib.export_records())
    # the row that survived had no columns in the old schema: the migration cannot know them
    lines = lambda rs: [[(s["file"], s["lines"]) for s in r["sources"]] for r in rs]  # noqa: E731
    assert lines(repaired) == lines(expected)
    assert [r["sources"] for r in repaired[1:]] == [r["sources"] for r in expected[1:]]
    rest = lambda rs: [{k: v for k, v in r.items() if k != "sources"} for r in rs]  # noqa: E731
    assert rest(repaired) == rest(expected)


def test_repair_lists_what_it_cannot_restore_when_the_file_is_gone(tmp_path):
    folder, page = ingest_page(tmp_path)
    make_old_library(folder)
    page.unlink()
    with Library(folder) as lib:
        report = repair(lib)
        assert report.restored == [] and len(report.unrepaired) == 2
        assert all("file not found" in why for _sid, why in report.unrepaired)
        assert len(list(lib.export_records())) == 3  # nothing deleted
