"""The research index (jianghua.research.index) finds what a scan of the texts finds: the same
occurrences, counts per family and concordance lines, on libraries built here."""

import json
import random

import numpy as np
import pytest
from research_lib import filler, speech

from jianghua import research
from jianghua.library.store import Library
from jianghua.research import corpus as corpus_mod
from jianghua.research import index, synthetic
from jianghua.research.index import ResearchIndex, Segment, leftmost_longest, write_segment
from jianghua.research.kwic import SORTS
from jianghua.research.synthetic import Spec


def test_find_gives_every_occurrence_a_scan_gives(tmp_path):
    rng = random.Random(7)
    # a small alphabet makes overlaps (乙乙乙) common; 𠀀 is outside the BMP (offsets are in
    # characters, not UTF-16 units); one speech is empty
    texts = [
        "".join(rng.choice("甲乙丙丁𠀀") for _ in range(rng.randint(0, 300))) for _ in range(40)
    ]
    texts[3] = ""
    write_segment(tmp_path / "seg-000001", [(str(i), t) for i, t in enumerate(texts)])
    seg = Segment(tmp_path / "seg-000001")
    joined = "\x00".join(texts)
    for key in ("甲", "甲乙", "乙乙", "甲乙丙", "丁丁丁", "𠀀甲", "乙乙乙乙乙", "戊", "甲戊"):
        expected = [i for i in range(len(joined)) if joined.startswith(key, i)]
        assert seg.find(key).tolist() == expected, key
    assert [seg.skeleton(d) for d in range(len(texts))] == texts
    assert seg.starts.tolist()[-1] == len(joined)


def greedy(spans):
    """Term.matches' rule, written plainly: by start, longest first, never overlapping."""
    out, end = [], -1
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s >= end:
            out.append((s, e))
            end = e
    return out


def test_leftmost_longest_keeps_what_a_left_to_right_scan_keeps():
    rng = random.Random(3)
    for trial in range(300):
        spans = [(s, s + rng.randint(1, 6)) for s in rng.choices(range(60), k=rng.randint(0, 25))]
        starts = np.array([s for s, _ in spans], dtype=np.int64)
        ends = np.array([e for _, e in spans], dtype=np.int64)
        s, e = leftmost_longest(starts, ends)
        assert list(zip(s.tolist(), e.tolist(), strict=True)) == greedy(spans), trial


QUOTED = "“不忘初心、牢记使命”主题教育"
SPECS = [
    Spec(
        speech(31, "不忘初心、牢记使命", QUOTED, "以“三个代表”重要思想为指导"),
        meta={"date": "2019"},
    ),
    Spec(speech(32, "不忘初心牢记使命", "三个代表", "好好好好好"), meta={"date": "2019"}, pages=2),
    Spec(speech(33, "科学发展观", "深入贯彻落实科学发展观", "十三五规划"), meta={"date": "2009"}),
    Spec(speech(34), meta={"date": "2010", "scope": "全县"}),
    Spec(speech(35, "三个代表重要思想，三个代表"), meta={"scope": "全省"}),
]
SPECS.append(Spec(SPECS[2].text + "\n" + filler(77, 1)[0], meta={"date": "2009"}))  # near copy
TERMS = (
    "三个代表",
    "三个代表重要思想",
    "不忘初心、牢记使命",
    QUOTED,
    "好好",  # 好 is a filler character: it overlaps itself in 好好好好好 and in filler
    "好",
    "科学发展观",
    "十三五",
    "的是",
    "从未出现",
)


def both(lib, monkeypatch, fn):
    """fn() answered from the index, then from a scan (the index ignored)."""
    corpus_mod._cache.clear()
    assert corpus_mod.load(lib).indexed
    from_index = fn()
    with monkeypatch.context() as m:
        m.setattr(index, "open_reader", lambda folder: None)
        corpus_mod._cache.clear()
        assert not corpus_mod.load(lib).indexed
        from_scan = fn()
    corpus_mod._cache.clear()
    return from_index, from_scan


@pytest.fixture()
def indexed_lib(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "SEGMENT_CHARS", 700)  # several segments, speeches on each side
    folder = synthetic.build(tmp_path / "lib", SPECS)
    with Library(folder) as lib:
        ResearchIndex(lib).update()
        assert len(json.loads((folder / "research" / "manifest.json").read_text())["segments"]) > 2
        yield lib


@pytest.mark.parametrize("variants", [True, False])
def test_the_index_and_the_scan_count_alike(indexed_lib, monkeypatch, variants):
    def counts():
        out = {}
        for term in TERMS:
            for by in ("year", "level"):
                out[(term, by)] = research.trend(indexed_lib, [term], by=by, variants=variants)
        return out

    from_index, from_scan = both(indexed_lib, monkeypatch, counts)
    assert from_index == from_scan
    # and the numbers are not all zero: the quoted 提法 with its 顿号 is found as written
    quoted = from_index[(QUOTED, "year")]["rows"]
    assert sum(r["mentions"] for r in quoted) >= 1
    good = from_index[("好好", "year")]["rows"]
    assert sum(r["mentions"] for r in good) >= 2


def test_the_index_and_the_scan_give_the_same_concordance(indexed_lib, monkeypatch):
    def lines():
        out = {}
        for term in TERMS:
            for sort in SORTS:
                for page, descending, unit in (
                    (1, False, "char"),
                    (2, False, "word"),
                    (1, True, "char"),
                ):
                    out[(term, sort, page, descending)] = research.concordance(
                        indexed_lib,
                        term,
                        sort=sort,
                        page=page,
                        per_page=3,
                        width=5,
                        descending=descending,
                        unit=unit,
                    )
        return out

    from_index, from_scan = both(indexed_lib, monkeypatch, lines)
    assert from_index == from_scan
    first = from_index[("三个代表", "doc", 1, False)]
    assert first["total"] == 4 and len(first["lines"]) == 3  # 1 + 1 + 2 (the group counted once)


def test_every_hit_sorted_by_its_context_in_the_same_order(indexed_lib, monkeypatch):
    def everything():
        return {
            (term, sort, descending): [
                (ln["speech"], ln["start"])
                for ln in research.concordance(
                    indexed_lib, term, sort=sort, per_page=500, width=3, descending=descending
                )["lines"]
            ]
            for term in ("好", "的", "三个代表")
            for sort in ("left", "right")
            for descending in (False, True)
        }

    from_index, from_scan = both(indexed_lib, monkeypatch, everything)
    assert from_index == from_scan
    assert len(from_index[("的", "left", False)]) > 20


def test_collocates_and_tifa_read_the_indexed_texts(indexed_lib, monkeypatch):
    def others():
        return research.collocations(indexed_lib, "三个代表"), research.tifa(indexed_lib)

    from_index, from_scan = both(indexed_lib, monkeypatch, others)
    assert from_index == from_scan


def test_the_index_follows_the_store(tmp_path):
    folder = synthetic.build(tmp_path / "lib", SPECS[:2])
    with Library(folder) as lib:
        ix = ResearchIndex(lib)
        assert ix.pending() == 2
        ix.update()
        assert (ix.pending(), ix.verify()) == (0, [])
        assert corpus_mod.load(lib).indexed
        synthetic.build(folder, [Spec(speech(36, "三个代表，三个代表"), meta={"date": "2019"})])
        # the index lags the store: counted by a scan until it is updated, and still right
        lagging = corpus_mod.load(lib)
        assert not lagging.indexed
        assert ix.pending() == 1 and ix.verify() == ["1 speeches not indexed"]
        mentions = sum(r["mentions"] for r in research.trend(lib, ["三个代表"])["rows"])
        ix.update()
        assert corpus_mod.load(lib).indexed
        assert sum(r["mentions"] for r in research.trend(lib, ["三个代表"])["rows"]) == mentions
        assert mentions == 1 + 1 + 2  # “三个代表”重要思想, 三个代表, and the new speech's two


def test_an_interrupted_update_is_cleaned_and_small_segments_are_merged(tmp_path, monkeypatch):
    folder = synthetic.build(tmp_path / "lib", SPECS[:3])
    with Library(folder) as lib:
        ix = ResearchIndex(lib)
        ix.update()
        (folder / "research" / "seg-000009").mkdir()  # a segment the manifest never listed
        (folder / "research" / ".seg-000010.tmp").mkdir()
        synthetic.build(folder, SPECS[3:4])
        monkeypatch.setattr(index, "MAX_SEGMENTS", 1)
        ix.update()
        names = sorted(p.name for p in (folder / "research").iterdir())
        manifest = json.loads((folder / "research" / "manifest.json").read_text())
        assert len(manifest["segments"]) == 1
        assert names == ["manifest.json", manifest["segments"][0]["name"]]
        assert ix.indexed() == set(lib.speech_ids()) and ix.verify() == []
