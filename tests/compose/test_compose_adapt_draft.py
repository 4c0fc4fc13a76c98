"""Adaptation rules, placeholders, spec loading and draft assembly."""

from __future__ import annotations

import json
import re

import pytest
from compose_helpers import half, seed_line

from jianghua.compose.adapt import PH_NAME, PH_NUMBER, PH_PLACE, PH_YEAR, adapt, short_place
from jianghua.compose.draft import Choices, DraftError, assemble
from jianghua.compose.export import render_markdown, render_text, write_draft
from jianghua.compose.outline import propose_outlines, similar_speeches
from jianghua.compose.passages import closing_passages, opening_passages, section_passages
from jianghua.compose.spec import ComposeSpec, SpecError, load_spec, parse_occasion

COUNTY = ComposeSpec(
    occasion="全县关工委工作会议", year=2025, place="于都县", speaker_role="县委书记"
)


def test_parse_occasion_reads_only_what_the_words_say():
    assert parse_occasion("2021年全县关工委工作会议") == {
        "scope": "全县",
        "meeting_type": "工作会议",
        "sector": "关工委",
        "year": 2021,
        "body": "县关工委",
    }
    fields = parse_occasion("在全旗安全生产暨今冬明春防火工作会上的讲话")
    assert (
        fields["scope"] == "全旗" and fields["sector"] == "安全生产" and fields["genre"] == "讲话"
    )
    assert parse_occasion("座谈") == {}


def test_scope_words_follow_the_writers_level():
    a = adapt("全市各级关工委在市委、市政府领导下，我市市直单位积极参与。省市两级", COUNTY, "全市")
    assert a.text == "全县各级关工委在县委、县政府领导下，我县县直单位积极参与。省市两级"
    assert {(x.before, x.after) for x in a.adaptations} == {
        ("全市", "全县"),
        ("市", "县"),
        ("我市", "我县"),
    }
    assert all(x.kind == "scope" and x.reason == "范围全市→全县" for x in a.adaptations)
    # Each recorded offset points at the original words.
    text = "全市各级关工委在市委、市政府领导下，我市市直单位积极参与。省市两级"
    for x in a.adaptations:
        assert text[x.start : x.start + len(x.before)] == x.before


def test_same_level_or_unknown_level_changes_no_scope_word():
    assert adapt("全县各级关工委", COUNTY, "全县").text == "全县各级关工委"
    assert adapt("全市各级关工委", COUNTY, "").text == "全市各级关工委"


def test_place_and_year_move_to_the_writers():
    a = adapt("2021年，济宁市关工委和济宁各界；2020年打下基础。", COUNTY, "全市", 2021, "济宁市")
    assert a.text == "2025年，于都县关工委和于都各界；2024年打下基础。"
    kinds = [x.kind for x in a.adaptations]
    assert kinds.count("year") == 2 and kinds.count("place") == 2
    assert short_place("于都县") == "于都" and short_place("沙县") == "沙县"


def test_figures_dates_names_become_placeholders_never_other_numbers():
    text = "投稿21000多篇，占全省总数的66%。3月14日，郭庚茂书记和胡晶同志到郧西县调研，资金460万元，征集三千余篇。"
    a = adapt(text, COUNTY, "全市", 2021, "济宁市")
    assert a.text == (
        "投稿【数字】多篇，占全省总数的【数字】%。【日期】，【姓名】书记和【姓名】同志到【地名】调研，"
        "资金【数字】万元，征集【数字】余篇。"
    )
    # No digit survives except none at all: every figure is the writer's to give.
    assert not re.search(r"\d", a.text)
    assert {x.kind for x in a.adaptations} == {"number", "date", "name", "place"}


def test_slogans_in_quotes_keep_their_numbers_and_national_figures_their_names():
    a = adapt("落实“1+5”制度文件，学习雷锋同志，20xx年**同志指出", COUNTY, "全市", 2021)
    assert a.text == f"落实“1+5”制度文件，学习雷锋同志，{PH_YEAR}年{PH_NAME}同志指出"
    assert any("1" in n for n in a.notes)


def test_spec_files_yaml_json_and_errors(tmp_path):
    y = tmp_path / "s.yaml"
    y.write_text(
        "occasion: 全县关工委工作会议\nyear: 2025\nplace: 于都县\nkey_points: 五老宣讲\n",
        encoding="utf-8",
    )
    spec = load_spec(y)
    assert (spec.scope, spec.sector, spec.meeting_type, spec.year) == (
        "全县",
        "关工委",
        "工作会议",
        2025,
    )
    assert spec.key_points == ["五老宣讲"]
    j = tmp_path / "s.json"
    j.write_text(
        json.dumps({"scope": "全市", "sector": "档案", "target_chars": "3000"}), encoding="utf-8"
    )
    assert load_spec(j).target_chars == 3000
    bad = tmp_path / "bad.yaml"
    bad.write_text("occasion: x\nspeaker: 张三\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"bad\.yaml: unknown field\(s\) speaker"):
        load_spec(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(SpecError, match=r"broken\.json: not valid JSON"):
        load_spec(broken)
    with pytest.raises(SpecError, match="no such spec file"):
        load_spec(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match="year"):
        ComposeSpec(year="twenty")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def county_draft(profiles):
    spec = ComposeSpec(
        occasion="全县关工委工作会议",
        year=2025,
        place="于都县",
        speaker_role="县委书记",
        key_points=["推进“五老”宣讲进校园"],
    )
    matches = similar_speeches(spec, profiles)
    proposal = propose_outlines(spec, matches)[0]
    outline = [s.to_dict() for s in proposal.sections]
    sections = [[p.key for p in section_passages(s["role"], matches)[:1]] for s in outline]
    choices = Choices(
        outline, sections, opening_passages(matches)[0].key, closing_passages(matches)[0].key
    )
    return spec, choices, assemble(spec, choices, profiles)


def test_draft_paragraphs_keep_their_sources(county_draft, profiles):
    _, choices, draft = county_draft
    borrowed = [p for p in draft.paragraphs if p.kind in ("opening", "passage", "closing")]
    assert borrowed
    by_number = {c.number: c for c in draft.citations}
    for p in borrowed:
        assert len(p.sources) == 1
        citation = by_number[p.sources[0]]
        first, last = citation.lines
        assert first <= p.lines[0] <= p.lines[1] <= last
        # The paragraph's first original line holds its words once adaptations are undone.
        original = p.text
        for a in p.adaptations:
            original = original.replace(a["after"], a["before"], 1)
        assert half(original[:6]) in half(seed_line(citation.file[:3], p.lines[0]))


def test_draft_placeholders_and_key_points(county_draft):
    spec, _, draft = county_draft
    assert draft.title == "县委书记在全县关工委工作会议上的讲话"
    assert draft.subtitle == ["县委书记　【姓名】", "（2025年【月】【日】）"]
    assert any(p.kind == "key_point" and "五老" in p.text for p in draft.paragraphs)
    # Digits in the draft are only the writer's year; every other figure is a placeholder.
    for p in draft.paragraphs:
        for number in re.findall(r"\d+", p.text):
            assert number == "2025" or number == "2024" or number == "2026", (number, p.text[:60])
    headings = [p.text for p in draft.paragraphs if p.level == 1]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、"][: len(headings)]
    assert "全市" not in "".join(headings)


def test_unknown_passage_key_is_a_clear_error(profiles):
    with pytest.raises(DraftError, match="not a passage key"):
        assemble(COUNTY, Choices([{"role": "tasks", "heading": "x"}], [["nonsense"]]), profiles)
    with pytest.raises(DraftError, match="no speech"):
        assemble(
            COUNTY, Choices([{"role": "tasks", "heading": "x"}], [["abcdefabcdef:0-10"]]), profiles
        )


def test_empty_choices_give_placeholders_not_text(profiles):
    draft = assemble(
        COUNTY,
        Choices([{"role": "situation", "heading": ""}, {"role": "tasks", "heading": ""}]),
        profiles,
    )
    kinds = [p.kind for p in draft.paragraphs]
    assert kinds == [
        "salutation",
        "placeholder",
        "heading",
        "placeholder",
        "heading",
        "placeholder",
        "placeholder",
    ]
    assert draft.citations == []
    assert draft.paragraphs[2].text == "一、【形势认识的标题】"  # jianghua.labels.ROLE_LABELS


def test_markdown_and_text_exports(county_draft, tmp_path):
    _, _, draft = county_draft
    md = render_markdown(draft)
    assert md.startswith("# 县委书记在全县关工委工作会议上的讲话\n")
    assert "## 一、" in md and "## 附：引文来源" in md
    for c in draft.citations:
        assert f"{c.number}. 《" in md
    txt = render_text(draft)
    assert "\n附：引文来源\n[1] 《" in txt
    assert "#" not in txt
    out = write_draft(draft, tmp_path / "d.md")
    assert out.read_text(encoding="utf-8") == md
    assert write_draft(draft, tmp_path / "d.txt").read_text(encoding="utf-8") == txt
    with pytest.raises(ValueError, match="unknown format"):
        write_draft(draft, tmp_path / "d.pdf")


def test_docx_of_a_draft_lists_every_citation(county_draft, tmp_path):
    from docx import Document

    _, _, draft = county_draft
    doc = Document(str(write_draft(draft, tmp_path / "d.docx")))
    texts = [p.text for p in doc.paragraphs]
    tail = texts[texts.index("附：引文来源") + 1 :]
    assert len(tail) == len(draft.citations)
    assert all(t.startswith(f"[{i}] 《") for i, t in enumerate(tail, 1))
    assert PH_NUMBER in "".join(texts) or PH_PLACE in "".join(texts) or PH_NAME in "".join(texts)
    # beside it: the clean copy for print and the sources sheet
    clean = Document(str(tmp_path / "d.print.docx"))
    clean_texts = [p.text for p in clean.paragraphs]
    assert "附：引文来源" not in clean_texts
    assert not [r for p in clean.paragraphs for r in p.runs if r.font.superscript]
    body = [p.text for p in draft.paragraphs]
    assert [t for t in clean_texts if t in body] == body
    sheet = [p.text for p in Document(str(tmp_path / "d.sources.docx")).paragraphs]
    assert sum(t.startswith("[") and "《" in t for t in sheet) == len(draft.citations)


def test_structure_place_levels_map_the_own_place_and_mask_the_ones_above():
    import json

    from jianghua.compose.profile import profile_from_row

    structure = {
        "outline": [],
        "meta": {"place": {"value": {"city": "无锡市", "province": "江苏"}, "source": "body"}},
    }
    row = {
        "id": "abcdefabcdef",
        "family": "abcdefabcdef",
        "canonical": 1,
        "title": "",
        "text": "同志们：\n全市各级要在江苏省委和无锡市委领导下，推动无锡发展。",
        "chars": 30,
        "placeholders": 0,
        "flags": "[]",
        "structure": json.dumps(structure, ensure_ascii=False),
    }
    profile = profile_from_row(row, [])
    assert (profile.place, profile.places_above) == ("无锡市", ("江苏",))
    assert profile.fields_source["place"] == "structure"
    a = adapt(
        "在江苏省委和无锡市委领导下，推动无锡发展",
        COUNTY,
        "全市",
        source_place_name=profile.place,
        other_places=profile.places_above,
    )
    assert a.text == f"在{PH_PLACE}省委和于都县委领导下，推动于都发展"
    assert {x.kind for x in a.adaptations} == {"place"}


def test_ordinary_words_after_a_surname_are_not_names():
    a = adapt("提供较高水平的分析报告，建设一支高素质的队伍，刘国斌等同志", COUNTY, "全县")
    assert a.text == f"提供较高水平的分析报告，建设一支高素质的队伍，{PH_NAME}等同志"


def test_a_borrowed_whole_section_does_not_repeat_the_section_heading(profiles):
    """Seed 000 line 424: 三、加强组织领导… borrowed into a section with that same heading."""
    speech = next(
        p
        for p in profiles
        if p.sources[0]["lines"][0] == 412 and p.sources[0]["file"].startswith("000")
    )
    node = next(n for n in speech.outline if n["heading"].startswith("三、加强组织领导"))
    key = f"{speech.id}:{node['start']}-{node['end']}"
    outline = [{"role": "guarantee", "heading": node["heading"], "speech_id": speech.id}]
    draft = assemble(COUNTY, Choices(outline, [[key]]), profiles)
    headings = [p.text for p in draft.paragraphs if p.level]
    assert headings == ["一、加强组织领导，为做好统计工作提供有力保障"]
    assert any(p.kind == "passage" and p.sources for p in draft.paragraphs)
