"""A compose-side view of each library speech: occasion fields, year, outline with roles, quality.

The structure analysis (speeches.structure, jianghua.structure) is the authority: when its
`outline`, `meta`, `opening`, `closing` and `formulations` are present they are used as they are.
Where a speech has none yet (older library, or before that analysis exists) a small fallback
reads the level-1/level-2 markers, names roles from heading words and counts sector words, and
every value it produces says so (source "compose-fallback") so nothing passes for more than it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from jianghua import labels
from jianghua.compose.spec import SCOPES, SECTOR_WORDS, parse_occasion, sectors_in

FALLBACK = "compose-fallback"
# Flag kinds of the structure analysis that mean words are missing from the text.
LOSS_KINDS = frozenset(
    (
        "deleted_name",
        "dropped_digits",
        "damaged_date",
        "stripped_quote",
        "truncated",
        "not_a_speech",
    )
)
PLACE_LEVELS = ("village", "town", "county", "city", "province")  # most local first
ROLES = ("review", "problems", "situation", "goals", "tasks", "guarantee", "other")
ROLE_NAMES = labels.ROLE_LABELS  # one table of role names for every page (jianghua.labels)

# Heading words that name a section's role, checked in this order (a guarantee heading often
# also says 落实, a problems heading also says 工作).
ROLE_WORDS = (
    ("problems", ("问题", "不足", "差距", "短板", "薄弱")),
    ("review", ("成绩", "成效", "回顾", "取得", "成果", "进展", "总结")),
    ("situation", ("认识", "意义", "形势", "重要性", "站位", "使命", "责任感")),
    ("goals", ("思路", "目标", "指导思想", "总体要求", "原则")),
    ("guarantee", ("组织领导", "保障", "作风", "领导", "责任落实", "督查", "考核")),
    (
        "tasks",
        ("任务", "重点", "抓好", "推进", "做好", "加强", "着力", "突出", "扎实", "狠抓", "工作"),
    ),
)

LEVEL1 = re.compile(r"^\s*([一二三四五六七八九十]{1,3})[、，,.．]")
LEVEL2 = re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]、?")
HEADING_END = re.compile(r"[。！？!?；;：:]")
SALUTATION = re.compile(r"^(各位[^，,。]{0,12}|同志们|女士们|先生们|尊敬的[^。]{0,40})[：:，,！!]")
CLOSING_CUE = re.compile(r"^同志们[，,！!]|让我们|谢谢大家|最后[，,]祝|预祝")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def role_of(heading: str) -> tuple[str, float]:
    """(role, confidence) from the words of a heading; 'other' at low confidence if none."""
    for role, words in ROLE_WORDS:
        if any(w in heading for w in words):
            return role, 0.6 if role != "tasks" else 0.5
    return "other", 0.2


def _heading_of(paragraph: str) -> str:
    """A heading is the marker and words up to the first full stop, or a short paragraph."""
    m = HEADING_END.search(paragraph)
    if m and m.start() <= 40:
        return paragraph[: m.start()]
    return paragraph if len(paragraph) <= 40 else paragraph[:40]


def fallback_outline(text: str) -> list[dict]:
    """Level-1 (一、) and level-2 ((一)) headings as outline nodes in the structure issue's shape."""
    nodes: list[dict] = []
    offset = 0
    current: dict | None = None
    for paragraph in text.split("\n"):
        start = offset
        offset += len(paragraph) + 1
        m1 = LEVEL1.match(paragraph)
        m2 = None if m1 else LEVEL2.match(paragraph)
        if m1:
            heading = _heading_of(paragraph)
            role, conf = role_of(heading)
            current = {
                "level": 1,
                "marker": m1.group(0).strip(),
                "heading": heading,
                "role": role,
                "role_confidence": conf,
                "start": start,
                "end": len(text),
                "children": [],
                "source": FALLBACK,
            }
            if nodes:
                nodes[-1]["end"] = start
            nodes.append(current)
        elif m2:
            child = {
                "level": 2,
                "marker": m2.group(0).strip(),
                "heading": _heading_of(paragraph),
                "role": None,
                "role_confidence": 0.0,
                "start": start,
                "end": len(text),
                "children": [],
                "source": FALLBACK,
            }
            if current is None:  # (一) with no 一、 above it: treat the (一) items as top level
                child["level"] = 1
                child["role"], child["role_confidence"] = role_of(child["heading"])
                if nodes:
                    nodes[-1]["end"] = start
                nodes.append(child)
            else:
                if current["children"]:
                    current["children"][-1]["end"] = start
                current["children"].append(child)
    for node in nodes:
        if node["children"]:
            node["children"][-1]["end"] = node["end"]
    # A closing paragraph after the last section is not part of it.
    if nodes:
        closing = _fallback_closing(text)
        if closing and closing["start"] >= nodes[-1]["start"]:
            nodes[-1]["end"] = min(nodes[-1]["end"], closing["start"])
            if nodes[-1]["children"]:
                nodes[-1]["children"][-1]["end"] = nodes[-1]["end"]
    return nodes


def _paragraph_spans(text: str):
    offset = 0
    for paragraph in text.split("\n"):
        yield offset, offset + len(paragraph), paragraph
        offset += len(paragraph) + 1


def _fallback_salutation(text: str) -> dict | None:
    for start, end, paragraph in list(_paragraph_spans(text))[:3]:
        m = SALUTATION.match(paragraph)
        if m and len(paragraph) <= 60:
            return {"text": paragraph, "start": start, "end": end, "source": FALLBACK}
    return None


def _fallback_opening(text: str, outline: list[dict]) -> dict | None:
    limit = outline[0]["start"] if outline else None
    salutation = _fallback_salutation(text)
    begin = salutation["end"] + 1 if salutation else 0
    if limit is None or limit <= begin:
        return None
    body = text[begin:limit].strip("\n")
    if not body:
        return None
    return {"text": body, "start": begin, "end": limit - 1, "source": FALLBACK}


def _fallback_closing(text: str) -> dict | None:
    spans = list(_paragraph_spans(text))
    for start, _end, paragraph in reversed(spans[-3:]):
        if CLOSING_CUE.search(paragraph) and not LEVEL1.match(paragraph):
            return {
                "text": text[start:].rstrip("\n"),
                "start": start,
                "end": len(text),
                "source": FALLBACK,
            }
    return None


def _fallback_year(title: str, text: str) -> int | None:
    """A year stated in the title, else the year the text names most often (later wins ties).

    Planning horizons ("2035年远景目标", "到2025年") are not the speech's year and are skipped.
    """
    years = [int(y) for y in YEAR.findall(title)]
    if not years:
        years = [
            int(m.group(1))
            for m in YEAR.finditer(text)
            if not re.match(r"[远前底]|以前", text[m.end() : m.end() + 2])
            and not text[max(0, m.start() - 1) : m.start()] == "到"
        ]
    years = [y for y in years if 1949 <= y <= 2100]
    if not years:
        return None
    counts = {y: years.count(y) for y in years}
    return max(counts, key=lambda y: (counts[y], y))


def _fill_missing_roles(outline: list[dict]) -> bool:
    """Give top-level nodes without a role one from their heading words (marked as fallback)."""
    filled = False
    for node in outline:
        if not node.get("role"):
            node["role"], node["role_confidence"] = role_of(node.get("heading") or "")
            node["role_source"] = FALLBACK
            filled = True
    return filled


def _meta_value(meta: dict, key: str):
    entry = meta.get(key)
    if isinstance(entry, dict):
        return entry.get("value")
    return entry


@dataclass
class SpeechProfile:
    """One speech as compose sees it. `fields_source` names where occasion fields came from."""

    id: str
    title: str
    text: str
    chars: int
    placeholders: int
    flags: list
    canonical: bool
    family: str
    sources: list[dict]  # [{"file", "lines": [first, last], "paragraph_lines": [[a, b], ...]}]
    outline: list[dict]
    salutation: dict | None
    opening: dict | None
    closing: dict | None
    formulations: list
    genre: str = ""
    scope: str = ""
    body: str = ""
    topic: str = ""
    meeting_type: str = ""
    sector: str = ""
    sectors: dict = field(default_factory=dict)  # sector -> word count in the text, filled lazily
    year: int | None = None
    place: str = ""  # the speech's own (most local) place
    places_above: tuple = ()  # the places above it (its city, its province), if stated
    speaker: str = ""
    fields_source: dict = field(default_factory=dict)  # field -> "structure" | FALLBACK

    def sector_count(self, sector: str) -> int:
        """How often the words of `sector` occur in title and text (counted once, then kept)."""
        if sector not in self.sectors:
            self.sectors[sector] = sum(
                (self.title + "\n" + self.text).count(w) for w in SECTOR_WORDS.get(sector, ())
            )
        return self.sectors[sector]

    @property
    def top_roles(self) -> tuple[str, ...]:
        return tuple(n.get("role") or "other" for n in self.outline)

    def lines_for(self, start: int, end: int) -> dict | None:
        """The first source file and its original lines covering text[start:end]."""
        if not self.sources:
            return None
        src = self.sources[0]
        per_paragraph = src.get("paragraph_lines") or []
        first_par = self.text.count("\n", 0, start)
        last_par = self.text.count("\n", 0, max(start, end - 1))
        if per_paragraph and last_par < len(per_paragraph):
            return {
                "file": src["file"],
                "lines": [per_paragraph[first_par][0], per_paragraph[last_par][1]],
            }
        return {"file": src["file"], "lines": list(src["lines"])}

    def loss_flags(self, start: int = 0, end: int | None = None) -> list[dict]:
        """Loss flags of the structure analysis (deleted names, dropped digits…) in [start, end)."""
        end = len(self.text) if end is None else end
        found = []
        for f in self.flags:
            if not isinstance(f, dict) or f.get("kind") not in LOSS_KINDS:
                continue
            f_start = f.get("start")
            if f_start is None or start <= int(f_start) < end:
                found.append(f)
        return found

    def quality_penalty(self, start: int = 0, end: int | None = None) -> float:
        """0 (clean) .. 1: masked values per 1000 characters of the speech, and loss flags —
        those inside [start, end) when a span is given, so one damaged section does not sink
        the clean ones."""
        density = self.placeholders * 1000 / max(self.chars, 1)
        legacy = sum(1 for f in self.flags if isinstance(f, str) and f in LOSS_KINDS)
        return min(1.0, density / 10 + 0.15 * (len(self.loss_flags(start, end)) + legacy))


def profile_from_row(row, occurrences: list) -> SpeechProfile:
    """Build a profile from a speeches row and its occurrence rows."""
    text = row["text"]
    structure = json.loads(row["structure"] or "{}")
    meta = structure.get("meta") or {}
    outline = structure.get("outline")
    fields_source: dict = {}
    if outline is None:
        outline = fallback_outline(text)
        fields_source["outline"] = FALLBACK
    else:
        fields_source["outline"] = "structure"
        if _fill_missing_roles(outline):
            fields_source["roles"] = FALLBACK
    salutation = (
        structure.get("salutation") if "salutation" in structure else _fallback_salutation(text)
    )
    opening = (
        structure.get("opening") if "opening" in structure else _fallback_opening(text, outline)
    )
    closing = structure.get("closing") if "closing" in structure else _fallback_closing(text)
    if closing and outline and "closing" not in structure:
        # The last section ends where the closing words begin.
        last = outline[-1]
        if last["start"] < closing["start"] < last["end"]:
            last["end"] = closing["start"]
    sources = [
        {
            "file": o["name"],
            "lines": [o["first_line"], o["last_line"]],
            "paragraph_lines": json.loads(o["paragraph_lines"]),
        }
        for o in occurrences
    ]
    title = row["title"] or ""
    profile = SpeechProfile(
        id=row["id"],
        title=title,
        text=text,
        chars=row["chars"],
        placeholders=row["placeholders"],
        flags=structure.get("flags") or json.loads(row["flags"] or "[]"),
        canonical=bool(row["canonical"]),
        family=row["family"],
        sources=sources,
        outline=outline,
        salutation=salutation,
        opening=opening,
        closing=closing,
        formulations=structure.get("formulations") or [],
    )
    for key in ("genre", "scope", "body", "topic", "meeting_type", "sector", "speaker"):
        value = _meta_value(meta, key)
        if value and isinstance(value, str | int):
            setattr(profile, key, str(value))
            fields_source[key] = "structure"
    place = _meta_value(meta, "place")
    if isinstance(place, dict):
        # The most local level is the speech's own place; the levels above it are kept too.
        levels = [str(place[k]) for k in PLACE_LEVELS if place.get(k)]
        if levels:
            profile.place, profile.places_above = levels[0], tuple(levels[1:])
            fields_source["place"] = "structure"
    elif isinstance(place, str) and place:
        profile.place = place
        fields_source["place"] = "structure"
    date = _meta_value(meta, "date")
    if date:
        m = re.match(r"(\d{4})", str(date).split("/")[-1])
        if m:
            profile.year = int(m.group(1))
            fields_source["year"] = "structure"
    # Fallbacks for each field the structure analysis left absent, each marked as such.
    parsed = parse_occasion(title) if title else {}
    for key in ("scope", "meeting_type", "body", "genre"):
        if parsed.get(key) and not getattr(profile, key):
            setattr(profile, key, parsed[key])
            fields_source[key] = FALLBACK
    if not profile.scope:
        # The scope the text speaks of most ("全市" 12 times beats one "全省会议精神").
        counts = {sc: text.count(sc) for sc in SCOPES if sc in text}
        if counts:
            profile.scope = max(counts, key=lambda sc: (counts[sc], -text.find(sc)))
            fields_source["scope"] = FALLBACK
    if not profile.sector:
        # Sector from the content; a title naming a sector counts triple. (With the structure
        # analysis's sector, counts are made lazily, only for the sector a writer asks for.)
        counts = sectors_in(title + "\n" + text)
        profile.sectors = dict.fromkeys(SECTOR_WORDS, 0) | counts
        if counts:
            title_hits = sectors_in(title)
            profile.sector = max(counts, key=lambda s: counts[s] + 2 * title_hits.get(s, 0))
            fields_source["sector"] = FALLBACK
    if profile.year is None:
        year = _fallback_year(title, text)
        if year:
            profile.year = year
            fields_source["year"] = FALLBACK
    profile.fields_source = fields_source
    return profile


def load_profiles(lib, canonical_only: bool = True) -> list[SpeechProfile]:
    """Every speech of the library as a profile (one per family when canonical_only)."""
    occ: dict[str, list] = {}
    for o in lib.db.execute(
        "SELECT o.speech_id, o.first_line, o.last_line, o.paragraph_lines, s.name FROM occurrences o"
        " JOIN sources s ON s.id = o.source_id ORDER BY o.source_id, o.ordinal"
    ):
        occ.setdefault(o["speech_id"], []).append(o)
    where = " WHERE canonical = 1" if canonical_only else ""
    rows = lib.db.execute(
        "SELECT id, family, canonical, title, text, chars, placeholders, flags, structure FROM speeches"
        + where
        + " ORDER BY id"
    ).fetchall()
    return [profile_from_row(r, occ.get(r["id"], [])) for r in rows]
