"""Collocation and keyness scores against a hand computation on a library of two short texts."""

import math

import pytest

from jianghua import research
from jianghua.library.store import Library
from jianghua.research import synthetic
from jianghua.research.collocates import g2
from jianghua.research.synthetic import Spec


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = synthetic.build(
        tmp_path_factory.mktemp("colloc"),
        [
            Spec("人民，改革，发展，稳定，人民", meta={"date": "2012"}),
            Spec("改革，发展，改革，民生，安全，安全", meta={"date": "2020"}),
        ],
    )
    with Library(folder, create=False) as lib:
        yield lib


def test_g2_of_a_table():
    # 2 Σ O ln(O/E) by hand for [[3, 1], [0, 5]]: E = [[4/3, 8/3], [5/3, 10/3]]
    by_hand = 2 * (
        3 * math.log(3 / (4 / 3)) + 1 * math.log(1 / (8 / 3)) + 5 * math.log(5 / (10 / 3))
    )
    assert g2(3, 1, 0, 5) == pytest.approx(by_hand)
    assert g2(3, 1, 0, 5) == pytest.approx(6.95858, abs=1e-4)


def test_collocates_within_one_word(tiny):
    # words: 人民 改革 [发展] 稳定 人民 | 改革 [发展] 改革 民生 安全 安全; window 1 around 发展:
    # 改革 ×3, 稳定 ×1 in 4 window positions; 9 positions without the node's two
    result = research.collocations(tiny, "发展", window=1, min_count=1, limit=10)
    assert (result["hits"], result["window_positions"], result["positions"]) == (2, 4, 9)
    by_word = {c["word"]: c for c in result["collocates"]}
    assert set(by_word) == {"改革", "稳定"}
    reform = by_word["改革"]  # O = [[3, 1], [0, 5]], E11 = 4 × 3 / 9
    assert (reform["together"], reform["word_total"]) == (3, 3)
    assert reform["expected"] == pytest.approx(4 / 3, abs=1e-4)
    assert reform["pmi"] == pytest.approx(math.log2(3 / (4 / 3)), abs=1e-4)
    assert reform["ll"] == pytest.approx(6.95858, abs=1e-4)
    steady = by_word["稳定"]  # O = [[1, 3], [0, 5]], E11 = 4 / 9
    assert steady["pmi"] == pytest.approx(math.log2(1 / (4 / 9)), abs=1e-4)
    assert steady["ll"] == pytest.approx(g2(1, 3, 0, 5), abs=1e-4)
    assert steady["ll"] == pytest.approx(1.78030, abs=1e-4)
    assert [c["word"] for c in result["collocates"]] == ["改革", "稳定"]  # by LL


def test_keyness_of_one_period_against_another(tiny):
    result = research.keyness(tiny, (2012, 2012), (2020, 2020), min_count=2)
    assert (result["a_words"], result["b_words"]) == (5, 6)
    rows = {r["word"]: r for r in result["key"]}
    people = rows["人民"]  # 2 of 5 words in 2012, none of 6 in 2020
    assert (people["a"], people["b"], people["key_in"]) == (2, 0, "a")
    assert people["ll"] == pytest.approx(g2(2, 0, 3, 6), abs=1e-4)
    assert people["log_ratio"] == pytest.approx(math.log2((2 / 5) / (0.5 / 6)), abs=1e-4)
    assert rows["安全"]["key_in"] == "b"
