"""查重 on drafts built by hand from seed passages, where spans and shares are known exactly.

Passages: seed 000 line 89 (刚才x副主任传达了…讲几点意见。), seed 000 line 121 (各位老领导、同志们,在这次
疫情防控工作中…), seed 004 line 50 ((一)要强化各级责任。…).
"""

import io
import json

import opencc
import pytest
from check.seed_helpers import SEED_000, SEED_004, holders, seed_line
from docx import Document

from jianghua.check import check_text
from jianghua.check.classes import formulations, key_mask
from jianghua.check.engine import baseline_check
from jianghua.check.keys import draft_key, library_key
from jianghua.check.read import draft_from_bytes

LINE_89 = seed_line(SEED_000, 89)
LINE_121 = seed_line(SEED_000, 121)
LINE_50 = seed_line(SEED_004, 50)
NEW_1 = "今年春天我们沿着小河走了很远,看见岸边开满了不知名的野花。"
NEW_2 = "他说自己小时候最喜欢在外婆家的院子里听蝉鸣、数星星。"
NEW_3 = "晚饭以后大家围坐在炉火旁边,慢慢聊起各自家乡的风味小吃。"


def keylen(text: str) -> int:
    return len(library_key(text))


def first_key(text: str) -> int:
    """Offset of the first letter or digit of text (a span starts there, after "(")."""
    return min(i for i, ch in enumerate(text) if ch.isalnum())


def last_key_end(text: str) -> int:
    """Offset just after the last letter or digit of text (a span ends there, before 。)."""
    return max(i for i, ch in enumerate(text) if ch.isalnum()) + 1


def test_seed_passages_are_where_the_tests_expect():
    assert LINE_89.startswith("刚才x副主任传达了全省关心下一代")
    assert LINE_121.startswith("各位老领导、同志们,在这次疫情防控工作中")
    assert LINE_50.startswith("(一)要强化各级责任。")


def test_whole_paragraph(seed_library):
    report = check_text(seed_library, LINE_89)
    where = holders(seed_library, LINE_89)
    assert len(where) == 1  # only seed 000 holds the whole line
    ((sid, offset),) = where.items()
    span = {
        "start": 0,
        "end": last_key_end(LINE_89),
        "source_id": sid,
        "source_start": offset,
        "source_end": offset + last_key_end(LINE_89),
        "common": False,
        "edited": False,
    }
    out = report.to_json()
    assert span in [{k: s[k] for k in span} for s in out["spans"]]
    assert out["chars"] == keylen(LINE_89)
    assert out["copied_share"] == 1.0
    assert out["copied_share_excluding_common"] == 1.0
    assert out["sources"][0]["id"] == sid and out["sources"][0]["share"] == 1.0
    # what the span points at is the draft as written
    assert LINE_89[span["start"] : span["end"]] == LINE_89[:-1]


def test_edited_copy_is_one_edited_span(seed_library):
    draft = LINE_89.replace("全省", "全国", 1).replace("全市党建", "全县党建", 1)
    assert draft != LINE_89 and len(draft) == len(LINE_89)
    report = check_text(seed_library, draft)
    ((sid, offset),) = holders(seed_library, LINE_89).items()
    mine = [s for s in report.spans if s.source_id == sid]
    assert [(s.start, s.end, s.source_start, s.source_end, s.edited) for s in mine] == [
        (0, last_key_end(draft), offset, offset + last_key_end(LINE_89), True)
    ]
    assert report.copied_share == 1.0
    assert report.sources[0].id == sid


def test_interleaved_with_new_text(seed_library):
    parts = [NEW_1, LINE_89, NEW_2, LINE_50, NEW_3]
    draft = "\n".join(parts)
    report = check_text(seed_library, draft)
    copied = [s for s in report.spans if not s.common]
    starts = {p: draft.index(p) for p in (LINE_89, LINE_50)}
    sid_89, off_89 = next(iter(holders(seed_library, LINE_89).items()))
    sid_50, off_50 = next(iter(holders(seed_library, LINE_50).items()))
    expected = [
        (starts[LINE_89], starts[LINE_89] + last_key_end(LINE_89), sid_89, off_89),
        (
            starts[LINE_50] + first_key(LINE_50),
            starts[LINE_50] + last_key_end(LINE_50),
            sid_50,
            off_50 + first_key(LINE_50),
        ),
    ]
    assert [(s.start, s.end, s.source_id, s.source_start) for s in copied] == expected
    assert not [s for s in report.spans if s.common]
    total = sum(keylen(p) for p in parts)
    assert report.chars == total
    share = (keylen(LINE_89) + keylen(LINE_50)) / total
    assert report.copied_share == pytest.approx(share, abs=1e-6)
    assert report.copied_share_excluding_common == pytest.approx(share, abs=1e-6)
    assert {s.id: s.chars for s in report.sources} == {
        sid_89: keylen(LINE_89),
        sid_50: keylen(LINE_50),
    }


def test_traditional_draft_reports_offsets_in_the_traditional_text(seed_library):
    simplified = "\n".join([NEW_1, LINE_121, NEW_2])
    draft = opencc.OpenCC("s2t").convert(simplified)
    assert draft != simplified and len(draft) == len(simplified)
    report = check_text(seed_library, draft)
    plain = check_text(seed_library, simplified)
    assert report.script == "traditional"

    def where(report):  # the passages' diffs show each draft as written: compared apart
        return [{**s.as_dict(), "draft_diff": None} for s in report.spans]

    assert where(report) == where(plain)
    assert ["".join(t for t, _ in s.draft_diff) for s in report.spans] == [
        draft[s.start : s.end] for s in report.spans
    ]
    assert report.copied_share == plain.copied_share > 0.5
    span = next(s for s in report.spans if not s.common)
    assert draft[span.start : span.end].startswith("各位老領導、同志們")


def test_docx_draft_gives_the_txt_report(seed_library):
    parts = [NEW_1, LINE_89, NEW_2]
    document = Document()
    for p in parts:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    text = draft_from_bytes(buf.getvalue(), "draft.docx")
    assert text == "\n".join(parts)
    assert (
        check_text(seed_library, text).to_json()
        == check_text(seed_library, "\n".join(parts)).to_json()
    )


def test_stock_formulation_is_common_not_copying(seed_library):
    phrase = "以习近平同志为核心的党中央"
    assert len(holders(seed_library, phrase)) >= 5
    draft = f"我们坚决拥护{phrase}。"
    report = check_text(seed_library, draft)
    assert [(draft[s.start : s.end], s.common) for s in report.spans] == [(phrase, True)]
    assert report.copied_share == pytest.approx(13 / 19, abs=1e-6)
    assert report.copied_share_excluding_common == 0.0
    assert report.sources == []


def test_nothing_copied(seed_library):
    report = check_text(seed_library, "\n".join([NEW_1, NEW_2, NEW_3]))
    assert report.spans == [] and report.copied_share == 0.0


def test_json_has_exactly_the_documented_keys(seed_library):
    out = json.loads(json.dumps(check_text(seed_library, LINE_89).to_json()))
    assert set(out) == {
        "chars",
        "total_share",
        "share_excluding_quotes",
        "share_excluding_own",
        "max_source_share",
        "copied_chars",
        "quoted_chars",
        "common_chars",
        "front",
        "back",
        "paragraphs",
        "sections",
        "excluded",
        "parameters",
        "copied_share",
        "copied_share_excluding_common",
        "sources",
        "spans",
    }
    assert set(out["sources"][0]) == {
        "id",
        "family",
        "title",
        "occasion",
        "date",
        "place",
        "file",
        "share",
        "chars",
        "quoted_chars",
        "covered",
        "excluded",
        "members",
        "opening",
        "spans",
    }
    assert set(out["spans"][0]) == {
        "start",
        "end",
        "kind",
        "source_id",
        "source_start",
        "source_end",
        "source_paragraph",
        "common",
        "edited",
        "identity",
        "draft_diff",
        "source_diff",
    }


def test_index_and_naive_baseline_agree(seed_library):
    draft = "\n".join(
        [NEW_1, LINE_89, "我们坚决拥护以习近平同志为核心的党中央。", LINE_121, LINE_50]
    )
    assert (
        check_text(seed_library, draft).to_json() == baseline_check(seed_library, draft).to_json()
    )


def test_year_filled_in_and_place_changed_is_one_edited_span(seed_library):
    line = seed_line(
        SEED_000, 149
    )  # 一是筹备成立关心下一代基金会。…是我市关工委20xx年一项重点工作,…
    draft = line.replace("20xx", "2021", 1).replace("我市", "我县", 1)
    assert draft.count("2021") == 1 and len(draft) == len(line)
    report = check_text(seed_library, draft)
    where = holders(seed_library, line)
    assert where
    for sid, offset in where.items():
        mine = [s for s in report.spans if s.source_id == sid]
        assert [(s.start, s.end, s.source_start, s.source_end, s.edited) for s in mine] == [
            (0, last_key_end(draft), offset, offset + last_key_end(line), True)
        ]
    assert report.copied_share == 1.0


def test_min_chars_longer_than_the_passage_reports_nothing(seed_library):
    assert keylen(LINE_89) < 100
    long = check_text(seed_library, LINE_89, min_chars=100)
    assert [s for s in long.spans if not s.common] == [] and long.total_share == 0.0
    # a passage is copying when >= min_chars of its characters lie outside 提法 of the lexicon
    key, _ = draft_key(LINE_89)
    own = keylen(LINE_89) - int(key_mask(key, formulations(seed_library, LINE_89)).sum())
    assert check_text(seed_library, LINE_89, min_chars=own).copied_share == 1.0
    assert check_text(seed_library, LINE_89, min_chars=own + 1).total_share == 0.0
