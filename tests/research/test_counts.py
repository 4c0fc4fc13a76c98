"""Per-family counts, variant groups, normalisation and evidence on the library of conftest."""

from research_lib import S1_NEAR, S2, S3, S4, S5, chars

from jianghua import research
from jianghua.research.corpus import load


def cells(result: dict, term: str) -> dict:
    return {r["value"]: r for r in result["rows"] if r["term"] == term}


def test_the_near_duplicate_is_one_family_with_its_copies(lib):
    corpus = load(lib)
    assert len(corpus.docs) == 6
    assert len(corpus.families) == 5
    (fam,) = [f for f in corpus.families if f.members == 2]
    assert fam.copies == 4  # three pages of S1, one of its longer copy
    assert fam.doc.chars == chars(S1_NEAR)  # the most complete member is counted


def test_trend_counts_a_family_once_and_reports_its_copies(lib):
    result = research.trend(lib, ["三个代表"])
    assert result["terms"][0]["label"] == "三个代表重要思想"
    assert result["values"] == ["2015", "2016", "未知"]
    y = cells(result, "三个代表重要思想")
    # S1: 三个代表 twice and 三个代表重要思想 once: three mentions, not six (S1_NEAR) nor twelve
    assert (y["2015"]["mentions"], y["2015"]["speeches"], y["2015"]["copies"]) == (3, 1, 4)
    assert y["2015"]["families"] == 2
    assert y["2015"]["chars"] == chars(S1_NEAR) + chars(S2)
    assert y["2015"]["per10k"] == round(3 / (chars(S1_NEAR) + chars(S2)) * 10_000, 3)
    assert y["2015"]["share"] == 0.5
    # “三个代表”重要思想: one mention, the quotes do not split it
    assert (y["2016"]["mentions"], y["2016"]["speeches"], y["2016"]["families"]) == (1, 1, 2)
    assert y["2016"]["chars"] == chars(S3) + chars(S4)
    assert (y["未知"]["mentions"], y["未知"]["families"], y["未知"]["chars"]) == (1, 1, chars(S5))


def test_a_variant_group_counts_each_passage_once(lib):
    y = cells(research.trend(lib, ["科学发展观"]), "科学发展观")
    assert y["2015"]["mentions"] == 2  # 深入贯彻落实科学发展观 holds 科学发展观: one passage
    group = cells(research.trend(lib, ["十三五"]), "五年规划")
    assert group["2015"]["mentions"] == 3  # 十三五 in S1; 十二五 and 十三五 in S2
    assert group["2015"]["speeches"] == 2
    exact = cells(research.trend(lib, ["十三五"], variants=False), "十三五")
    assert exact["2015"]["mentions"] == 2


def test_punctuation_inside_a_formulation_is_ignored(lib):
    y = cells(research.trend(lib, ["不忘初心牢记使命"]), "不忘初心牢记使命")
    assert y["2016"]["mentions"] == 1  # written 不忘初心、牢记使命


def test_by_level_and_sector(lib):
    levels = cells(research.trend(lib, ["三个代表"], by="level"), "三个代表重要思想")
    assert list(levels) == ["省", "市", "县", "未知"]
    assert (levels["县"]["mentions"], levels["县"]["copies"]) == (3, 4)
    assert (levels["省"]["mentions"], levels["市"]["mentions"]) == (1, 0)
    assert levels["未知"]["families"] == 2  # S4 and S5 state no scope
    sectors = cells(research.trend(lib, ["三个代表"], by="sector"), "三个代表重要思想")
    assert sectors["组织"]["mentions"] == 3 and sectors["教育"]["mentions"] == 2
    assert sectors["教育"]["families"] == 3


def test_evidence_lists_the_families_behind_a_number(lib):
    ev = research.evidence(lib, "三个代表", "year", "2015")
    assert [(f["mentions"], f["members"], f["copies"]) for f in ev["families"]] == [(3, 2, 4)]
    assert sum(f["mentions"] for f in ev["families"]) == 3


def test_traditional_input_and_bad_requests(lib):
    y = cells(research.trend(lib, ["科學發展觀"]), "科学发展观")
    assert y["2015"]["mentions"] == 2
    for bad in ([], ["x"] * 9, ["“”"]):
        try:
            research.trend(lib, bad)
        except research.TermError as exc:
            assert str(exc)
        else:
            raise AssertionError(f"{bad} accepted")


def test_the_fast_skeleton_is_the_lexicons():
    from jianghua.lexicon import skeleton
    from jianghua.research.corpus import bare

    text = "统筹推进“五位一体”总体布局，不忘初心、牢记使命\t·「新」『时』代 ‘枫桥’\u3000经验\"'"
    assert bare(text) == skeleton(text)[0]


def test_variant_hits_are_the_lexicons_hits():
    from jianghua.lexicon import shipped
    from jianghua.research.terms import resolve

    text = (
        "深入贯彻落实科学发展观，坚持科学发展观；以邓小平理论、“三个代表”重要思想和三个代表为指导"
    )
    for asked in ("科学发展观", "三个代表"):
        (term,) = resolve([asked], shipped())
        found = [(h.start, h.end) for h in shipped().find(text) if h.group == term.group]
        from jianghua.lexicon import skeleton

        bare_text, where = skeleton(text)
        spans = [(where[s], where[e - 1] + 1) for s, e in term.matches(bare_text)]
        # the lexicon also takes a closing quote opened inside the hit; compare the starts and
        # the last character matched
        assert [s for s, _ in spans] == [s for s, _ in found]
        assert len(spans) == term.count(bare_text) == (2 if asked == "科学发展观" else 2)


def test_counts_follow_the_store(tmp_path):
    from research_lib import speech

    from jianghua.library.store import Library
    from jianghua.research import synthetic
    from jianghua.research.synthetic import Spec

    synthetic.build(tmp_path, [Spec(speech(21, "科学发展观"), meta={"date": "2008"})])
    with Library(tmp_path, create=False) as lib:
        before = cells(research.trend(lib, ["科学发展观"]), "科学发展观")
        assert before["2008"]["mentions"] == 1
        # another speech stored (here by the same process; ingest in another works alike)
        synthetic.build(
            tmp_path, [Spec(speech(22, "科学发展观，科学发展观"), meta={"date": "2008"})]
        )
        after = cells(research.trend(lib, ["科学发展观"]), "科学发展观")
        assert (after["2008"]["mentions"], after["2008"]["families"]) == (3, 2)


def test_counts_within_one_level(lib):
    county = cells(research.trend(lib, ["三个代表"], where={"level": "县"}), "三个代表重要思想")
    assert list(county) == ["2015"]
    assert (county["2015"]["mentions"], county["2015"]["families"]) == (3, 1)
