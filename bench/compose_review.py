"""Review of composed drafts: what a county-office writer checks before handing a draft on.

    .venv/bin/python bench/compose_review.py [--library DIR] [--show N]

Composes one draft per occasion in OCCASIONS (at least eight, one of which the library holds no
speech for) with the automatic choices, and counts violations of what issue 19 asks:
- protected: a substitution inside a quotation “…”, a title 《…》, a document number 〔…〕
  (中办发〔2019〕12号), an institution name (于都四十中, 济宁市第一中学) or a dated event (a year
  shifted in a sentence naming 十九届五中全会, 党的十八大 or a leader of the country);
- word_cut: a substitution whose boundary falls inside a dictionary word of rjieba's
  segmentation of the original, where the word it leaves is neither a dictionary word nor a level word (健全市场 →
  健全县场; 【地名】东【地名】);
- dup_heading: a heading (marker stripped) twice in one draft;
- role_mismatch: a borrowed passage whose source section has another role than the section it
  fills; foreign_sector: a passage from a speech of another sector than the occasion's;
- level: the speaker's own level said at another level (全市/我市/本市 in a county draft, 全县 in
  a 旗 draft) outside quotations and outside 【请核对：…】 marks;
- stale: a 提法 whose era ended before the draft's year (jianghua.lexicon; not inside the list
  of guiding thoughts, where the lexicon notes they stay current), the spirit of a congress or
  plenum older than the draft's congress (学习十九届四中全会精神 in 2025) or a masked "xx届" left
  without a 【请核对：…】 mark;
- lacking: for the occasion the library lacks, borrowed text instead of saying so.
Prints one row per occasion and the totals; the target is zero everywhere. The numbers are
measured against the same drafts' own source texts, with rules independent of compose/adapt.py.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import rjieba  # noqa: E402

import jianghua.compose.draft as draft_module  # noqa: E402
from jianghua.compose.draft import KEY, strip_marker  # noqa: E402
from jianghua.compose.spec import SCOPE_LEVEL, ComposeSpec  # noqa: E402
from jianghua.compose.workbench import Composer  # noqa: E402
from jianghua.lexicon import shipped  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.pipeline import ingest  # noqa: E402

OCCASIONS = [
    dict(occasion="全县关工委工作会议", speaker_role="县委书记", year=2025, place="于都县"),
    dict(occasion="全市档案工作会议", speaker_role="市委副书记", year=2025, place="赣州市"),
    dict(occasion="全县生态环境保护工作会议", speaker_role="县长", year=2025, place="于都县"),
    dict(occasion="全镇农业农村工作会议", speaker_role="镇党委书记", year=2025, place="梓山镇"),
    dict(occasion="全县机关党建工作会议", speaker_role="县委书记", year=2025, place="于都县"),
    dict(occasion="全县安全生产工作会议", speaker_role="县长", year=2025, place="于都县"),
    dict(occasion="全旗统计工作会议", speaker_role="旗委副书记", year=2025, place="鄂托克旗"),
    dict(occasion="全县教育工作会议", speaker_role="县委书记", year=2024, place="于都县"),
    dict(occasion="全县群团工作会议", speaker_role="县委副书记", year=2025, place="于都县"),
    dict(occasion="全县防汛抗旱工作会议", speaker_role="县长", year=2025, place="于都县"),
]
LACKING = "全县防汛抗旱工作会议"
SUBSTITUTIONS = ("scope", "place", "year", "name")
LEVELS = "省市县区镇乡旗州盟"
LEVEL_WORD = re.compile(
    r"^[全我本各]?(?:省|市|县|区|镇|乡|旗|苏木|嘎查|州|盟)"
    r"(?:委(?:书记|副书记|常委|常委会|办)?|政府(?:办)?|直|级|属|人大|政协|纪委|领导|长|情|内|域)?$"
)
PROTECTED = re.compile(
    r"“[^“”\n]{0,200}”|《[^《》\n]{0,80}》|〔[^〔〕\n]{0,10}〕\d*号?"
    r"|[\u4e00-\u9fff]{1,6}[发字函]〔\d{4}〕\d+号"
)
INSTITUTION = re.compile(
    r"^(?:[一二三四五六七八九十\d]+中|第[一二三四五六七八九十\d]+(?:中学|小学|人民医院|医院)|中学|小学|"
    r"大学|学院|医院|银行|公司|集团|电视台|日报|报社|一中|二中|三中|实验)"
)
DATED_EVENT = re.compile(
    r"[一二三四五六七八九十]+届[一二三四五六七八九十]+中全会|党的[一二三四五六七八九十]+大|"
    r"胡锦涛|江泽民|邓小平|毛泽东|习近平总书记在"
)
OWN_LEVEL = re.compile(rf"[全我本]([{LEVELS}])(?![长委])")
# the source level's own institutions: 市委召开… borrowed from a city speech into a town's
OWN_BODY = re.compile(rf"(?<![省城都超门股集夜各全我本\u4e00-\u9fff])([{LEVELS}])(?=委|政府|直)")
CHECK_MARK = re.compile(r"【请核对[^【】]*】")
# the lexicon's note: after 2012 三个代表/科学发展观 are current only in the list of guiding thoughts
GUIDING_LIST = re.compile(r"邓小平理论|马克思列宁主义|毛泽东思想")
# the spirit of a congress or plenum to study, current until the next congress (a year ending in 2/7)
SESSION_SPIRIT = re.compile(
    r"(十五|十六|十七|十八|十九|二十)(?:届[一二三四五六七八九]中全会|大)(?=(?:会议)?精神)"
)
SESSION_LAST = {"十五": 2002, "十六": 2007, "十七": 2012, "十八": 2017, "十九": 2022, "二十": 2027}
MASKED_SESSION = re.compile(r"[xX×*＊]{1,2}届|十[xX×*＊]届")


def level_of(spec: ComposeSpec) -> str:
    return spec.level or ""


def ingest_samples(folder: Path) -> None:
    with Library(folder) as lib:
        report = ingest(sorted((HERE.parent / "samples").iterdir()), lib)
        assert not report.failed


def record_adaptations():
    """Wrap compose.draft.adapt so each call's input text and result are kept."""
    calls: list[tuple[str, object]] = []
    original = draft_module.adapt

    def recording(text, *args, **kwargs):
        result = original(text, *args, **kwargs)
        calls.append((text, result))
        return result

    draft_module.adapt = recording
    return calls


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for word in rjieba.cut(text):
        out.append((pos, pos + len(word), word))
        pos += len(word)
    return out


def protected_violations(text: str, adaptation) -> list[str]:
    start, end = adaptation.start, adaptation.start + len(adaptation.before)
    found = []
    for m in PROTECTED.finditer(text):
        if m.start() < end and start < m.end():
            found.append(f"在引文/书名/文号内：{m.group()[:30]}")
    if adaptation.kind == "place" and INSTITUTION.match(text[end : end + 6]):
        found.append(f"机构名：{text[start : end + 6]}")
    if adaptation.kind == "year":
        sentence_start = max(text.rfind("。", 0, start), text.rfind("，", 0, start - 8)) + 1
        sentence_end = text.find("。", end)
        sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
        if DATED_EVENT.search(sentence):
            found.append(f"有日期的事件：{sentence[:40]}")
    return found


def cut_violations(text: str, adaptation) -> list[str]:
    start, end = adaptation.start, adaptation.start + len(adaptation.before)
    found = []
    for a, b, word in _tokens(text):
        if not (a < start < b or a < end < b) or not rjieba.has_word(word):
            continue  # only a word of the dictionary can be cut (旗委额 is the HMM's guess)
        lo, hi = max(a, start), min(b, end)
        # the word as the substitution leaves it
        new = text[a:start] if a < start else ""
        new += adaptation.after if lo == start else ""
        new += text[end:b] if end < b else ""
        if new == word:
            continue
        if "【" in new or not (rjieba.has_word(new) or LEVEL_WORD.match(new)):
            found.append(f"{word}→{new}")
        del lo, hi
    return found


def level_violations(draft, spec: ComposeSpec, profiles_by_id: dict) -> list[str]:
    """我X/本X always name the speaker's own level; 全X names it when X is the level of the
    source speech the paragraph was borrowed from (全省 in a county speech may be the province)."""
    level = level_of(spec)
    if not level:
        return []
    sources = {c.number: profiles_by_id.get(c.speech_id) for c in draft.citations}
    found = []
    for p in draft.paragraphs:
        src_levels = {
            SCOPE_LEVEL.get(sources[n].scope, "") for n in p.sources if sources.get(n) is not None
        }
        bare = CHECK_MARK.sub("", PROTECTED.sub("", p.text))
        for m in OWN_LEVEL.finditer(bare):
            said = m.group(1)
            if said == level:
                continue
            if m.group(0)[0] in "我本" or said in src_levels:
                found.append(bare[max(0, m.start() - 6) : m.end() + 6])
        for m in OWN_BODY.finditer(bare):
            if m.group(1) != level and m.group(1) in src_levels:
                found.append(bare[max(0, m.start() - 6) : m.end() + 6])
    return found


def stale_violations(draft, spec: ComposeSpec) -> list[str]:
    lexicon = shipped()
    found = []
    for p in draft.paragraphs:
        marks = [(m.start(), m.end()) for m in CHECK_MARK.finditer(p.text)]
        for hit in lexicon.find(p.text):
            listed = GUIDING_LIST.search(p.text[max(0, hit.start - 40) : hit.end + 40])
            if spec.year and lexicon.stale(hit.term, spec.year) and not listed:
                near = any(a - 2 <= hit.end and hit.start <= b for a, b in marks)
                if not near:
                    found.append(hit.term)
        for m in SESSION_SPIRIT.finditer(p.text):
            last = SESSION_LAST[m.group(1)]
            if spec.year and spec.year > last:
                if not any(a - 2 <= m.end() and m.start() <= b for a, b in marks):
                    found.append(m.group())
        for m in MASKED_SESSION.finditer(p.text):
            if not any(a - 2 <= m.end() and m.start() <= b for a, b in marks):
                found.append(m.group())
    return found


def review(composer: Composer, fields: dict, profiles_by_id: dict, calls: list) -> dict:
    spec = ComposeSpec(**fields)
    calls.clear()
    choices = composer.auto_choices(spec)
    draft = composer.draft(spec, choices)
    counts = dict.fromkeys(
        (
            "protected",
            "word_cut",
            "dup_heading",
            "role_mismatch",
            "foreign_sector",
            "level",
            "stale",
            "lacking",
        ),
        0,
    )
    examples: dict[str, list[str]] = {k: [] for k in counts}

    def add(kind: str, items: list[str]) -> None:
        counts[kind] += len(items)
        examples[kind] += items

    for text, result in calls:
        for a in result.adaptations:
            if a.kind not in SUBSTITUTIONS:
                continue
            add("protected", protected_violations(text, a))
            add("word_cut", cut_violations(text, a))
    headings = [strip_marker(p.text) for p in draft.paragraphs if p.level]
    add("dup_heading", sorted({h for h in headings if headings.count(h) > 1}))
    for section, keys in zip(choices.outline, choices.sections, strict=False):
        role = section.get("role") or "other"
        for key in keys:
            m = KEY.match(key)
            profile = profiles_by_id[m.group(1)]
            start = int(m.group(2))
            node = next(
                (n for n in profile.outline if int(n["start"]) <= start < int(n["end"])), None
            )
            source_role = (node or {}).get("role") or "other"
            if source_role != role:
                add("role_mismatch", [f"{role}←{source_role} {profile.title[:16]}"])
            if spec.sector and profile.sector != spec.sector:
                add("foreign_sector", [f"{spec.sector}←{profile.sector} {profile.title[:16]}"])
    add("level", level_violations(draft, spec, profiles_by_id))
    add("stale", stale_violations(draft, spec))
    if fields["occasion"] == LACKING:
        borrowed = [p for p in draft.paragraphs if p.sources]
        said = any("没有" in n and "先例" in n for n in draft.notes)
        add("lacking", [p.text[:30] for p in borrowed] + ([] if said else ["未说明库中无先例"]))
    marks = sum(len(CHECK_MARK.findall(p.text)) for p in draft.paragraphs)
    return {
        "occasion": fields["occasion"],
        "counts": counts,
        "examples": examples,
        "marks": marks,
        "citations": len(draft.citations),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", type=Path, help="library folder (default: the five samples)")
    ap.add_argument("--show", type=int, default=2, help="examples shown per kind and occasion")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="jianghua-review-") as tmp:
        folder = args.library
        if folder is None:
            folder = Path(tmp) / "lib"
            ingest_samples(folder)
        with Library(folder, create=False) as lib:
            composer = Composer(lib)
        calls = record_adaptations()
        by_id = {p.id: p for p in composer.profiles}
        rows = [review(composer, fields, by_id, calls) for fields in OCCASIONS]
    kinds = list(rows[0]["counts"])
    print(f"{'occasion':<16}" + "".join(f"{k:>15}" for k in kinds))
    for row in rows:
        print(f"{row['occasion']:<16}" + "".join(f"{row['counts'][k]:>15}" for k in kinds))
    totals = {k: sum(r["counts"][k] for r in rows) for k in kinds}
    print(f"{'TOTAL':<16}" + "".join(f"{totals[k]:>15}" for k in kinds))
    print(f"violations: {sum(totals.values())} in {len(rows)} drafts (target 0)")
    marks = sum(r["marks"] for r in rows)
    cited = sum(r["citations"] for r in rows)
    print(f"not violations: {marks} 【请核对：…】 marks for the writer, {cited} cited passages")
    if args.show:
        for row in rows:
            for kind, items in row["examples"].items():
                if items:
                    shown = "；".join(items[: args.show])
                    print(f"  {row['occasion']} {kind}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
