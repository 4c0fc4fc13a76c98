"""KWIC offsets (the slice is the hit as written), context widths, sorting, words."""

import pytest
import rjieba
from research_lib import S1_NEAR, S3

from jianghua import research
from jianghua.library import research_queries as rq


def lines(lib, term, **options):
    return research.concordance(lib, term, per_page=100, **options)


def test_every_slice_equals_the_hit_and_its_context(lib):
    result = lines(lib, "三个代表", width=6)
    assert (result["total"], result["families"]) == (5, 3)
    texts = rq.texts(lib.db, [ln["speech"] for ln in result["lines"]])
    for ln in result["lines"]:
        text = texts[ln["speech"]]
        assert text[ln["start"] : ln["end"]] == ln["hit"]
        assert text[ln["start"] - 6 : ln["start"]] == ln["left"]
        assert text[ln["end"] : ln["end"] + 6] == ln["right"]
        paragraph = text.split("\n")[ln["paragraph"]]
        assert ln["hit"] in paragraph
    hits = sorted(ln["hit"] for ln in result["lines"])
    # the quoted form is returned as written, its closing quote included
    assert hits == ["“三个代表”重要思想", "三个代表", "三个代表", "三个代表", "三个代表重要思想"]
    quoted = next(ln for ln in result["lines"] if ln["hit"].startswith("“"))
    assert quoted["start"] == S3.index("“三个代表”重要思想")


def test_the_family_is_read_once_in_its_canonical_text(lib):
    result = lines(lib, "三个代表重要思想", variants=False)
    speeches = {ln["speech"] for ln in result["lines"]}
    texts = rq.texts(lib.db, sorted(speeches))
    assert S1_NEAR in texts.values()  # the longer copy, not both
    assert result["total"] == 2


def test_sorting_by_context_year_and_level(lib):
    right = [ln["right"] for ln in lines(lib, "三个代表", sort="right")["lines"]]
    assert right == sorted(right, key=lambda r: r.replace("“", "").replace("”", ""))
    left = [ln["left"] for ln in lines(lib, "三个代表", sort="left")["lines"]]
    keys = [lf.replace("“", "")[::-1] for lf in left]
    assert keys == sorted(keys)
    years = [ln["year"] for ln in lines(lib, "三个代表", sort="year")["lines"]]
    assert years == [2015, 2015, 2015, 2016, None]
    levels = [ln["level"] for ln in lines(lib, "三个代表", sort="level", descending=True)["lines"]]
    assert levels[0] == ""  # unknown last in the ascending order, first in descending
    assert levels[1:] == ["县", "县", "县", "省"]


def test_pages_split_the_lines(lib):
    everything = lines(lib, "三个代表")["lines"]
    first = research.concordance(lib, "三个代表", per_page=2, page=1)
    third = research.concordance(lib, "三个代表", per_page=2, page=3)
    assert first["total"] == 5
    assert [ln["start"] for ln in first["lines"]] == [ln["start"] for ln in everything[:2]]
    assert len(third["lines"]) == 1


def test_word_context_has_the_words_asked(lib):
    for ln in lines(lib, "科学发展观", unit="word", width=2)["lines"]:
        assert len(rjieba.cut(ln["left"])) <= 2 + 1  # a word cut at the window's edge may split
        assert ln["right"] and len(ln["right"]) <= 2 * 4


@pytest.mark.parametrize("bad", [{"sort": "x"}, {"unit": "line"}, {"width": 0}])
def test_bad_options_are_refused(lib, bad):
    with pytest.raises(research.TermError):
        research.concordance(lib, "三个代表", **bad)
