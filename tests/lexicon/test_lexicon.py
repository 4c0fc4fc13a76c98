"""The shipped 提法 lexicon, a library's own overrides, and matching that ignores inner punctuation."""

from __future__ import annotations

import pytest

from jianghua import lexicon
from jianghua.lexicon import Entry, LexiconError


def test_shipped_table_reads_and_every_group_has_a_head():
    lex = lexicon.shipped()
    assert len(lex) > 150
    for group in lex.groups():
        assert group in lex, f"组“{group}”没有自己的一行"
    for entry in lex.entries.values():
        if entry.replaced_by:
            assert entry.replaced_by in lex, entry.replaced_by


def test_find_ignores_quotes_and_enumeration_commas_and_gives_ranges_into_the_text():
    lex = lexicon.shipped()
    text = "统筹推进“五位一体”总体布局，增强“四个意识”，坚持不忘初心、牢记使命。"
    hits = lex.find(text)
    assert [h.group for h in hits] == ["五位一体", "四个意识", "不忘初心牢记使命"]
    assert text[hits[0].start : hits[0].end] == "统筹推进“五位一体”总体布局"
    assert text[hits[1].start : hits[1].end] == "四个意识"
    assert text[hits[2].start : hits[2].end] == "不忘初心、牢记使命"


def test_longest_formulation_wins_and_hits_do_not_overlap():
    lex = lexicon.shipped()
    hits = lex.find("深入贯彻落实科学发展观")
    assert [h.term for h in hits] == ["深入贯彻落实科学发展观"]


def test_variants_share_a_group_and_the_head_comes_first():
    lex = lexicon.shipped()
    assert lex.group_of("关工委") == "关心下一代工作委员会"
    assert lex.variants("关心下一代工作委员会")[0] == "关心下一代工作委员会"
    assert "关工委" in lex.variants("关心下一代工作委员会")


def test_stale_formulations_name_their_era_and_successor():
    lex = lexicon.shipped()
    why = lex.stale("全面建设小康社会", 2025)
    assert why and "2012" in why and "全面建成小康社会" in why
    assert lex.stale("全面建设小康社会", 2013) is None  # within the grace years
    assert lex.stale("高质量发展", 2025) is None
    assert lex.stale("不在词表里的话", 2025) is None


def test_a_library_file_overrides_adds_and_removes(tmp_path):
    (tmp_path / "tifa.tsv").write_text(
        "提法\t组\t类别\t始用\t止用\t替代为\t说明\n"
        "三看四比四查\t三看四比四查\t提法\t2019\n"
        "高质量发展\t高质量发展\t提法\t2017\t2020\n"
        "两学一做\t\t删除\n",
        encoding="utf-8",
    )
    lex = lexicon.load(tmp_path)
    assert "三看四比四查" in lex
    assert lex.get("高质量发展").last == 2020
    assert "两学一做" not in lex
    assert "两学一做" in lexicon.shipped()  # the shipped table is not changed
    assert lexicon.load(tmp_path / "nowhere") is lexicon.shipped()


@pytest.mark.parametrize(
    "row, reason",
    [("五年\t\t口号\n", "类别"), ("五年\t\t提法\t二〇一九\n", "四位年份"), ("\t组\n", "没有提法")],
)
def test_bad_rows_name_the_file_the_line_and_the_reason(tmp_path, row, reason):
    path = tmp_path / "tifa.tsv"
    path.write_text("# 注释\n" + row, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        lexicon.load(tmp_path)
    assert str(path) in str(err.value) and "第 2 行" in str(err.value) and reason in str(err.value)


def test_mined_terms_join_without_replacing_shipped_ones():
    lex = lexicon.shipped().with_entries(lexicon.mined(["三看四比四查", "五位一体"]))
    assert lex.get("三看四比四查").origin == "文库"
    assert lex.get("五位一体").origin == "随附"
    assert [h.term for h in lex.find("开展“三看四比四查”活动")] == ["三看四比四查"]


def test_entry_key_is_its_skeleton():
    assert Entry("不忘初心、牢记使命", "g").key == "不忘初心牢记使命"


def test_a_hit_that_opens_a_quote_takes_its_closing_mark():
    text = "坚持和发展新时代“枫桥经验”，坚决做到“两个维护”。"
    hits = lexicon.shipped().find(text)
    assert [text[h.start : h.end] for h in hits] == ["新时代“枫桥经验”", "坚决做到“两个维护”"]
