"""提法 mined from the library: recurring in two families or more, variants merged, years seen."""

import pytest
from research_lib import filler

from jianghua import research
from jianghua.library.store import Library
from jianghua.research import synthetic
from jianghua.research.synthetic import Spec


def text(seed, *inserts):
    paras = filler(seed)
    return "\n".join([paras[0] + "，".join(inserts) + "。", *paras[1:]])


@pytest.fixture(scope="module")
def mined_lib(tmp_path_factory):
    specs = [
        Spec(text(11, "开展三看四比四查活动", "推行“五心服务”"), meta={"date": "2014"}),
        Spec(
            text(12, "继续开展三看、四比、四查", "落实“五心服务”"), meta={"date": "2017"}, pages=5
        ),
        Spec(text(13, "深化三看四比四查", "坚持“放管服”改革"), meta={"date": "2019"}),
        Spec(text(14, "提出“一次办好”", "落实1+5工作机制"), meta={"date": "2018"}),
        Spec(text(15, "坚持1+5工作机制", "“十五”期间"), meta={"date": "2003"}),
        Spec(text(16, "“十五”计划", "把群众满意作为第一标准"), meta={}),
        Spec(text(17, "把群众满意作为第一标准", "把服务质量作为第一要务"), meta={"date": "2020"}),
        Spec(text(18, "要把群众满意作为第一标准", "把服务质量作为第一要务"), meta={"date": "2021"}),
        Spec(text(19, "始终如一", "把群众满意作为第一标准"), meta={"date": "2022"}),
    ]
    folder = synthetic.build(tmp_path_factory.mktemp("mined"), specs)
    with Library(folder, create=False) as lib:
        yield lib


def test_recurring_formulations_are_mined_with_years(mined_lib):
    rows = {r["term"]: r for r in research.tifa(mined_lib) if r["families"]}
    slogan = rows["三看四比四查"]  # written with and without 顿号: one entry
    assert slogan["origin"] == "文库"
    assert (slogan["families"], slogan["copies"], slogan["mentions"]) == (3, 7, 3)
    assert (slogan["first_seen"], slogan["last_seen"]) == (2014, 2019)
    assert rows["五心服务"]["families"] == 2
    assert rows["1+5"]["families"] == 2
    assert (rows["1+5"]["first_seen"], rows["1+5"]["last_seen"]) == (2003, 2018)
    # used by one family only: not a formulation of the library
    assert "一次办好" not in rows
    # a quoted bare number names a plan or a plenum: not mined
    assert "十五" not in rows
    # the shipped entry keeps its group and era
    assert rows["放管服"]["origin"] == "随附" and rows["放管服"]["era_first"] == 2015


def test_recurring_clauses_are_fixed_expressions(mined_lib):
    rows = {r["term"]: r for r in research.tifa(mined_lib) if r["families"]}
    # a whole clause in three families (16, 17, 19); 18 holds it inside a longer one (要把…), and
    # the survey finds it there too
    fixed = rows["把群众满意作为第一标准"]
    assert fixed["origin"] == "文库" and fixed["families"] == 4
    assert (fixed["first_seen"], fixed["last_seen"]) == (2020, 2022)
    # a whole clause in two families only: not yet a fixed expression
    assert "把服务质量作为第一要务" not in rows


def test_mined_terms_can_be_counted(mined_lib):
    result = research.trend(mined_lib, ["三看四比四查"])
    by_year = {r["value"]: r["mentions"] for r in result["rows"]}
    assert by_year == {
        "2003": 0, "2014": 1, "2017": 1, "2018": 0, "2019": 1, "2020": 0, "2021": 0, "2022": 0,
        "未知": 0,
    }  # fmt: skip


def test_without_mining_only_the_lexicon(mined_lib):
    terms = {r["term"] for r in research.tifa(mined_lib, mine=False)}
    assert "三看四比四查" not in terms and "放管服" in terms
