"""查重's classes of shared text on hand-made drafts: aligned edits, quotations, 提法, families,
excluded sources, and the report's figures (each a range: the tests assert the slices)."""

import pytest
from check.seed_helpers import SEED_000, SEED_004, seed_line

from jianghua.check import CheckIndex, check_text
from jianghua.check.classes import key_mask, quotations
from jianghua.check.keys import draft_key, library_key
from jianghua.library.store import Library
from jianghua.pipeline import ingest

A = [seed_line(SEED_000, n) for n in range(85, 96)]
B = [seed_line(SEED_004, n) for n in range(45, 56)]
NEW = [
    "今年春天我们沿着小河走了很远，看见岸边开满了不知名的野花。",
    "他说自己小时候最喜欢在外婆家的院子里听蝉鸣、数星星。",
    "晚饭以后大家围坐在炉火旁边，慢慢聊起各自家乡的风味小吃。",
]
LONG = max(A, key=len)
A_LINE = A[-1]  # in both the first speech and its near-duplicate (one family)
B_LINE = max(B, key=len)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A library of two speeches and a near-duplicate of the first (one family)."""
    folder = tmp_path_factory.mktemp("classes")
    files = folder / "in"
    files.mkdir()
    (files / "a.txt").write_text("\n".join(["第一篇讲话", *A]), encoding="utf-8")
    (files / "b.txt").write_text("\n".join(["第二篇讲话", *B]), encoding="utf-8")
    twin = [*A[:-1], A[-1].replace("工作", "事业", 1)]
    (files / "a2.txt").write_text("\n".join(["第一篇讲话", *twin]), encoding="utf-8")
    with Library(folder / "lib") as lib:
        assert not ingest(sorted(files.iterdir()), lib).failed
        CheckIndex(lib).update()
        yield lib


def holder(lib, passage: str) -> set[str]:
    key = library_key(passage)
    return {
        sid for sid, t in lib.db.execute("SELECT id, text FROM speeches") if key in library_key(t)
    }


def one_in_ten(text: str) -> str:
    """One key character in every 11 replaced by another character."""
    chars = list(text)
    keyed = [i for i, c in enumerate(chars) if c.isalnum()]
    for k in keyed[5::11]:
        chars[k] = "甲" if chars[k] != "甲" else "乙"
    return "".join(chars)


def test_one_character_in_ten_changed_is_one_aligned_passage(small):
    edited = one_in_ten(LONG)
    draft = "\n".join([NEW[0], edited, NEW[1]])
    report = check_text(small, draft)
    copied = [s for s in report.spans if s.kind == "copied"]
    assert copied, "the edited passage was not found"
    start = draft.index(edited)
    lo, hi = min(s.start for s in copied), max(s.end for s in copied)
    # the passage is found from near its start to its end, nothing of the new text
    assert lo == start and hi == start + len(edited.rstrip("。"))
    assert all(0.8 <= s.identity < 1 for s in copied)
    # the differences are marked: the draft side joins back to the draft's text
    for s in copied:
        assert "".join(t for t, _ in s.draft_diff) == draft[s.start : s.end]
        assert any(not same for _, same in s.draft_diff)
    # a stricter identity threshold drops it
    assert not [s for s in check_text(small, draft, min_identity=0.99).spans if s.kind == "copied"]


def test_quotations_after_a_verb_of_saying_or_a_document():
    text = "习近平总书记指出：“人民是历史的创造者。”我们要“撸起袖子加油干”。《中国共产党章程》规定：“党员必须…”"
    found = [text[a:b] for a, b in quotations(text)]
    assert found == ["人民是历史的创造者。", "党员必须…"]


def test_a_quoted_passage_is_reported_apart_and_left_out_of_the_share(small):
    draft = "\n".join([NEW[0], "习近平总书记强调：“" + LONG.rstrip("。") + "”。", NEW[1]])
    report = check_text(small, draft)
    quoted = [s for s in report.spans if s.kind == "quoted"]
    assert quoted and not [s for s in report.spans if s.kind == "copied"]
    assert "".join(draft[s.start : s.end] for s in quoted) == LONG.rstrip("。")
    assert report.share_excluding_quotes == 0.0
    assert report.total_share == pytest.approx(report.quoted_chars / report.chars)
    assert report.quoted_chars == len(library_key(LONG))


def test_a_tifa_of_the_lexicon_is_never_copying_alone(small):
    # a 提法 of the shipped lexicon found in a library speech, inside wholly new text
    key, _ = draft_key("\n".join(A))
    text = "\n".join(A)
    from jianghua.check.classes import formulations

    hits = [text[a:b] for a, b in formulations(small, text) if len(library_key(text[a:b])) >= 8]
    assert hits, "the seed passage holds no 提法 of 8 characters or more"
    draft = f"{NEW[0]}我们要{hits[0]}，{NEW[1]}"
    report = check_text(small, draft)
    assert report.total_share == 0.0 and report.share_excluding_quotes == 0.0
    assert all(s.kind == "common" for s in report.spans)
    mask = key_mask(draft_key(draft)[0], formulations(small, draft))
    assert mask.sum() >= len(library_key(hits[0]))


def test_a_family_is_one_source_and_shares_never_add_up_past_the_total(small):
    draft = "\n".join([NEW[0], A_LINE, NEW[1], B_LINE, NEW[2]])
    report = check_text(small, draft)
    families = {s.family for s in report.sources}
    assert len(families) == len(report.sources) == 2
    twin = next(s for s in report.sources if s.members)
    assert {twin.id, *twin.members} == holder(small, A_LINE[-60:]) and len(twin.members) == 1
    assert sum(s.share for s in report.sources) <= report.total_share + 1e-9
    assert sum(s.chars for s in report.sources) == report.copied_chars
    assert report.max_source_share == pytest.approx(
        max(s.covered for s in report.sources) / report.chars
    )


def test_an_excluded_source_leaves_the_share_without_own_documents(small):
    draft = "\n".join([NEW[0], A_LINE, NEW[1], B_LINE, NEW[2]])
    full = check_text(small, draft)
    b_source = next(s for s in full.sources if holder(small, B_LINE) & {s.id})
    by_id = check_text(small, draft, exclude=[b_source.id])
    by_family = check_text(small, draft, exclude=[b_source.family])
    by_file = check_text(small, draft, exclude=["b.txt"])
    for report in (by_id, by_family, by_file):
        assert report.total_share == full.total_share
        assert report.share_excluding_own == pytest.approx(
            full.total_share - len(library_key(B_LINE)) / full.chars, abs=1e-6
        )
        assert [s.excluded for s in report.sources if s.id == b_source.id] == [True]


def test_paragraph_section_front_and_back_figures(small):
    draft = "\n".join(["一、总体要求", A_LINE, NEW[0], "二、主要任务", NEW[1], NEW[2]])
    report = check_text(small, draft)
    paras = {p["index"]: p for p in report.paragraphs}
    assert draft[paras[1]["start"] : paras[1]["end"]] == A_LINE
    assert paras[1]["share"] == 1.0 and paras[2]["share"] == 0.0
    titles = [s["title"] for s in report.sections]
    assert titles == ["一、总体要求", "二、主要任务"]
    copied = key_mask(
        draft_key(draft)[0], [(s.start, s.end) for s in report.spans if s.kind != "common"]
    )
    first = report.sections[0]
    assert draft[first["start"] : first["end"]].startswith("一、总体要求\n" + A_LINE)
    assert first["copied_chars"] == copied[: first["chars"]].sum() >= len(library_key(A_LINE))
    assert report.sections[1]["copied_chars"] == 0
    # 前部/后部: copied characters among the first and the last 20 % of the key characters
    n = report.chars
    assert report.front["chars"] == report.back["chars"] == round(n * 0.2)
    assert report.front["copied_chars"] == copied[: report.front["chars"]].sum() > 0
    assert report.back["copied_chars"] == copied[n - report.back["chars"] :].sum()


def test_a_source_row_carries_title_and_paragraph_anchor(small):
    draft = "\n".join([NEW[0], B_LINE])
    report = check_text(small, draft)
    (source,) = report.sources
    (span,) = [s for s in report.spans if s.kind == "copied"]
    text = small.db.execute("SELECT text FROM speeches WHERE id = ?", (source.id,)).fetchone()[0]
    assert (
        text.split("\n")[span.source_paragraph].find(text[span.source_start : span.source_end]) >= 0
    )
    assert source.file and source.file.endswith("b.txt")


def test_a_quotation_of_several_paragraphs_closes_at_its_last():
    text = "总书记强调：“第一段话。\n“第二段话。\n“第三段话。”我们要落实。\n“口号”不是引用。"
    assert [text[a:b] for a, b in quotations(text)] == ["第一段话。", "第二段话。", "第三段话。"]
