"""End-to-end ingest of the five real seeds into a real SQLite library."""

import json
import re

import opencc
import pytest

from jianghua.clean.noise import classify
from jianghua.clean.script import to_simplified_line
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SAMPLES = "samples"
T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lib")
    with Library(folder) as lib:
        report = ingest([SAMPLES], lib)
        assert not report.failed
        yield lib


@pytest.fixture(scope="module")
def records(library):
    return list(library.export_records())


def test_counts_on_the_seeds(library):
    stats = library.stats()
    # 000: 27 copies of 19 speeches; 001: 22 items, 篇18 = 篇20; 002: 19 bodies; 003: 1; 004: 5.
    assert stats["sources"] == 5
    assert stats["occurrences"] == 27 + 22 + 19 + 1 + 5
    assert stats["speeches"] == 19 + 21 + 19 + 1 + 5
    assert stats["families"] == stats["speeches"] - 1  # the near-duplicate pair 000/003
    assert stats["near_duplicate_families"] == 1
    assert stats["noise_lines_removed"] == 14 + 4 + 4 + 26 + 6


def test_copies_tied_to_their_speech(records):
    by_first = {(s["file"][:3], s["lines"][0]): r for r in records for s in r["sources"]}
    # seed 000: 篇二 (24) reappears at 78 and 211; 篇三 (35) at 101, 112, 221; the 4-paragraph
    # speech at 88 in 124 and 232; 篇七 (130) at 199.
    for first, copies in [(24, (78, 211)), (35, (101, 112, 221)), (88, (124, 232)), (130, (199,))]:
        speech = by_first[("000", first)]
        assert sorted(s["lines"][0] for s in speech["sources"]) == sorted((first, *copies))
    # seed 001: 篇18 (line 1011) and 篇20 (line 1107) are the same speech
    assert by_first[("001", 1011)] is by_first[("001", 1107)]


def test_near_duplicate_pair_across_files_is_one_family(records):
    short = next(
        r
        for r in records
        if any(s["file"].startswith("000") and s["lines"][0] == 88 for s in r["sources"])
    )
    wenku = next(r for r in records if r["sources"][0]["file"].startswith("003"))
    assert short["id"] != wenku["id"]
    assert short["family"] == wenku["family"]
    assert [r["canonical"] for r in (short, wenku)].count(True) == 1
    # the 文库 copy keeps the digits the other masks ("向12个教育基地授牌" vs "向x个")
    assert (
        wenku["canonical"] and "12个教育基地" in wenku["text"] and "向x个教育基地" in short["text"]
    )
    assert sum(1 for r in records if r["family"] == wenku["family"]) == 2


def test_export_schema(records):
    for r in records:
        assert set(r) == {
            "id",
            "family",
            "canonical",
            "title",
            "text",
            "sources",
            "chars",
            "placeholders",
            "script",
            "edits",
            # the structure analysis (issue 4): tests/structure/test_store_cli.py
            "outline",
            "salutation",
            "opening",
            "closing",
            "meta",
            "flags",
            "formulations",
        }
        assert (
            isinstance(r["id"], str)
            and isinstance(r["family"], str)
            and isinstance(r["canonical"], bool)
        )
        assert r["title"] is None or isinstance(r["title"], str)
        assert r["chars"] == len(r["text"].replace("\n", ""))
        assert r["script"] in ("simplified", "traditional")
        for s in r["sources"]:
            assert 1 <= s["lines"][0] <= s["lines"][1]
    assert json.loads(json.dumps(records[0], ensure_ascii=False)) == records[0]


def test_line_ranges_point_at_the_original_text(records):
    """Each speech's first paragraph is on its first source line of the original file."""
    originals = {}
    for r in records:
        for s in r["sources"]:
            lines = originals.setdefault(
                s["file"], open(f"{SAMPLES}/{s['file']}", encoding="utf-8").read().split("\n")
            )
            first = to_simplified_line(lines[s["lines"][0] - 1], 0)[0]
            para = r["text"].split("\n")[0]
            key = lambda t: re.sub(r"[\W_]", "", t)  # noqa: E731
            assert key(para)[:8] in key(first) or key(first)[:8] in key(para)


def test_titles_come_from_items_and_tables_of_contents_never_from_collections(records):
    titles = {r["title"] for r in records}
    assert "在第十五届台商论坛上的致辞" in titles  # 002, 19th body
    assert "杨钊同志在全区工会创新和亮点工作观摩会上的讲话" in titles  # 004 第一篇
    assert not any(t and ("精选" in t or "篇" in t) for t in titles)
    assert not any(t == "领导在全市关工委工作会议上的讲话" for t in titles)


def test_no_site_noise_left_in_any_text(records):
    for r in records:
        for para in r["text"].split("\n"):
            assert classify(para) is None, para
            for bad in (
                "本站小编",
                "上传人",
                "下一页",
                "代写",
                "展开阅读全文",
                "copyright",
                "精选16篇",
            ):
                assert bad not in para


def test_converted_texts_are_simplified_without_tw2sp_damage(records):
    converted = [r for r in records if r["script"] == "traditional"]
    assert len(converted) == 21  # every speech of seed 001
    for r in converted:
        assert T2S.convert(r["text"]) == r["text"]
        for damage in ("创建健全", "内核价值", "严格运行", "尽缓存得", "智能和力量"):
            assert damage not in r["text"]
    text = "\n".join(r["text"] for r in converted)
    assert "核心价值观" in text and "项目" in text and "专案" not in text and "资讯" not in text


def test_punctuation_is_full_width(records):
    for r in records:
        assert not re.search(r"[\u4e00-\u9fff][,:;!?]|[,:;!?][\u4e00-\u9fff]", r["text"])


def test_show_lists_the_edits_made(library, records):
    r = next(r for r in records if r["script"] == "traditional")
    speech = library.speech(r["id"])
    kinds = {e["kind"] for e in speech["edit_list"]}
    assert {"script", "phrase", "punct"} <= kinds
    first, last = speech["sources"][0]["lines"]
    assert all(first <= e["line"] <= last for e in speech["edit_list"])


def test_worker_processes_give_the_same_library(tmp_path, records):
    with Library(tmp_path / "parallel") as lib:
        report = ingest([SAMPLES], lib, workers=2)
        assert not report.failed and [f.path for f in report.files] == sorted(
            f.path for f in report.files
        )
        assert list(lib.export_records()) == records


def test_worker_pages_come_back_slim_but_keep_their_size(tmp_path, library):
    # Workers send pages back without their lines (Page.slim); the file's line count in the
    # library and the characters the report counts must not change with that.
    from pathlib import Path

    from jianghua.sources import read_page

    with Library(tmp_path / "parallel") as lib:
        report = ingest([SAMPLES], lib, workers=2)
        counts = dict(lib.db.execute("SELECT name, line_count FROM sources").fetchall())
    pages = [read_page(p) for p in sorted(Path(SAMPLES).glob("*.txt"))]
    assert counts == {p.name: len(p.original) for p in pages}
    assert report.chars == sum(len(line) for p in pages for line in p.original)
    slim = pages[0].slim()
    assert slim.lines == () and slim.original == ()
    assert (slim.line_count, slim.char_count) == (len(pages[0].original), pages[0].char_count)
    assert counts == dict(library.db.execute("SELECT name, line_count FROM sources").fetchall())


def test_ingest_restores_the_garbage_collector_thresholds(tmp_path):
    # ingest collects less often while it runs (see pipeline._fewer_collections), and only then
    import gc

    before = gc.get_threshold()
    seen = []
    with Library(tmp_path / "gc") as lib:
        ingest(
            [f"{SAMPLES}/004_ff2848a0e228d2d6.txt"],
            lib,
            on_file=lambda f: seen.append(gc.get_threshold()),
        )
    assert seen and seen[0][0] == 10 * before[0]
    assert gc.get_threshold() == before


def test_copies_are_not_analysed_twice_and_a_wrongly_skipped_speech_is_analysed_by_the_store(
    tmp_path, library
):
    from pathlib import Path

    from jianghua.pipeline import for_store, process_page
    from jianghua.sources import read_page

    page = read_page(next(Path(SAMPLES).glob("000_*.txt")))
    # Seed 000 holds 27 copies of 19 speeches: with a library to ask, only the first of each is
    # analysed (nothing is in this pretend library).
    _, speeches = process_page(page, stored=lambda speech_id: False)
    skipped = [s for s in speeches if s.analysis_skipped]
    assert len(speeches) == 27 and len(skipped) == 27 - 19
    assert all(s.structure == {} for s in skipped)
    # A worker that wrongly believed every speech stored (its first copy rolled back, say) skips
    # them all; the store analyses the new ones itself and the library comes out the same.
    _, all_skipped = process_page(page, stored=lambda speech_id: True)
    assert all(s.analysis_skipped for s in all_skipped)
    with Library(tmp_path / "skipped") as lib:
        lib.add_pages([for_store(page, all_skipped)])
        got = dict(lib.db.execute("SELECT id, structure FROM speeches").fetchall())
    # seed 000 came first into the module's library: its speeches were analysed from this page
    marks = ",".join("?" * len(got))
    want = dict(
        library.db.execute(f"SELECT id, structure FROM speeches WHERE id IN ({marks})", list(got))
    )
    assert len(got) == 19 and got == want
    assert all(json.loads(v)["outline"] is not None for v in got.values())
