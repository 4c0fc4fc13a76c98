"""Pages of hostile size go through every stage and index in bounded time (issue 14).

The inputs are bench/scale.py's, at a tenth of its full size or more: 10^5 one-character <p>;
2 x 10^5 outline headings (random styles with restarts and skips, all restarting at 一、, lists
that restart in sections under a refrain); 10^4 short speeches on one page, each under a 发布时间
line; 1 MB of Chinese characters without punctuation wrapped every 30 characters; a 1 MB line.
Each of them hung or blew up a stage before (paragraphs × outline nodes, flags × top-level nodes,
speeches × metadata lines, a paragraph's lines joined one by one with the whole paragraph in an
edit per join); together they now take under a minute on the 2-core test machine. The real
`jianghua ingest` runs in a subprocess with a generous timeout: the test asserts that it
finishes and that the library it makes passes `jianghua verify`, not a tight timing.

Embeddings are skipped, as in the reliability tests: they are linear but cost ~3 ms per paragraph
here (a one-character paragraph is still a window of seven tokens), so 10^5 paragraphs would take
five minutes alone (bench/scale.py measures them with --only and a small --scale).
"""

import json
import sqlite3

import pytest
from reliability.reliability_support import load_bench_module, run_cli, skip_args

from jianghua.library.store import DB_NAME
from jianghua.structure.outline import match_marker

scale = load_bench_module("scale")
TIMEOUT = 300  # over ten times what it takes: a hang, not a slow machine, makes it fail

INPUTS = {
    "paragraphs.html": lambda: scale.one_char_html(100_000),
    "mixed.txt": lambda: scale.mixed_headings(50_000),
    "restart.txt": lambda: scale.restarting_headings(50_000),
    "refrains.txt": lambda: scale.refrain_sections(100_000),
    "speeches.txt": lambda: scale.many_speeches(10_000),
    "wrapped.txt": lambda: scale.wrapped(1_000_000),
    "oneline.txt": lambda: scale.one_line(1_000_000),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    files = []
    for name, build in INPUTS.items():
        path = folder / name
        path.write_text(build(), encoding="utf-8")
        files.append(path)
    lib = folder / "library"
    done = run_cli(
        "ingest", *files, "--library", lib, "--workers", "2", *skip_args(), timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return lib


def speeches(lib, source: str) -> list[sqlite3.Row]:
    db = sqlite3.connect(lib / DB_NAME)
    db.row_factory = sqlite3.Row
    return db.execute(
        "SELECT s.text, s.structure FROM speeches s JOIN sources r ON r.id = s.first_source"
        " WHERE r.name = ?",
        (source,),
    ).fetchall()


def test_the_library_passes_verify(library):
    done = run_cli("verify", "--library", library, "--json", *skip_args(), timeout=TIMEOUT)
    report = json.loads(done.stdout)
    assert report["ok"], report
    assert done.returncode == 0


def test_every_page_is_stored_whole(library):
    (page,) = speeches(library, "paragraphs.html")
    # a few one-character lines are noise (共, 页, 第 are a pager's) or the header (a name)
    assert 99_000 < page["text"].count("\n") + 1 <= 100_000
    assert len(speeches(library, "speeches.txt")) == 10_000
    # every line ends mid-sentence: they are joined back, but where the next starts a heading or
    # a digit (1万, 2020年), and the segmenter finds several speeches' openings in the text
    lines = scale.wrapped(1_000_000).count("\n")
    paragraphs = sum(s["text"].count("\n") + 1 for s in speeches(library, "wrapped.txt"))
    assert paragraphs < lines / 10


def test_an_outline_of_too_many_headings_is_cut_and_flagged(library):
    for source in ("mixed.txt", "restart.txt", "refrains.txt"):
        (speech,) = speeches(library, source)
        structure = json.loads(speech["structure"])
        (cut,) = [f for f in structure["flags"] if f["kind"] == "outline_truncated"]
        text = speech["text"]
        assert text[cut["start"] - 1] == "\n"  # the first heading left out starts a paragraph
        first = text[cut["start"] :].split("\n", 1)[0]
        assert match_marker(first) or first == "同志们、朋友们！"
        assert cut["start"] < cut["end"] <= len(speech["text"])
