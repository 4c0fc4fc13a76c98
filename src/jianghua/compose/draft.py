"""Assemble a first draft from the writer's choices; every paragraph keeps its sources.

Choices name passages by key ("<speech id>:<start>-<end>", see passages.Passage.key), so a
draft can be rebuilt from a spec file or a web form without any state. Borrowed text is adapted
(adapt.py) and each paragraph carries the citation of the exact original lines it came from and
the adaptations made to it. Where nothing was chosen, or where only the writer knows the fact, the
draft says so in a 【…】 placeholder; it never makes up a figure, a name or a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jianghua.compose.adapt import CHECK_MARK, PH_NAME, PLACEHOLDER, adapt, source_place
from jianghua.compose.currency import mark_stale
from jianghua.compose.outline import bigrams
from jianghua.compose.passages import speech_label
from jianghua.compose.profile import ROLE_NAMES, SpeechProfile
from jianghua.compose.spec import SCOPE_LEVEL, ComposeSpec
from jianghua.errors import JianghuaError

CN_NUMERALS = "一二三四五六七八九十"
MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．，,]|[（(][一二三四五六七八九十\d]{1,3}[）)][、.．]?|\d{1,2}\s*[、.．。]|"
    r"第[一二三四五六七八九十]{1,3}[，,、是]?|[一二三四五六七八九十][是要][，,：:]?)\s*"
)
KEY = re.compile(r"^([0-9a-f]{6,40}):(\d+)-(\d+)$")


class DraftError(JianghuaError):
    """A choice that does not name a passage of the library."""


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + CN_NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMERALS[tens - 1] + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def marker_for(level: int, n: int) -> str:
    return {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def strip_marker(heading: str) -> str:
    return MARKER.sub("", heading, count=1).strip()


@dataclass
class Citation:
    number: int
    speech_id: str
    title: str
    file: str | None
    lines: list[int] | None
    adaptations: list[dict] = field(default_factory=list)
    start: int = 0  # character span of the passage in the speech's text
    end: int = 0

    def describe(self) -> str:
        where = (
            f"{self.file} 第{self.lines[0]}—{self.lines[1]}行"
            if self.file and self.lines
            else "出处行号不明"
        )
        text = f"《{self.title}》，{where}（讲话 {self.speech_id}）"
        if self.adaptations:
            kinds: dict[str, int] = {}
            for a in self.adaptations:
                label = f"{a['before']}→{a['after']}"
                kinds[label] = kinds.get(label, 0) + 1
            parts = [f"{k}×{n}" if n > 1 else k for k, n in kinds.items()]
            text += "；改动：" + "、".join(parts)
        return text

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "speech_id": self.speech_id,
            "title": self.title,
            "file": self.file,
            "lines": self.lines,
            "start": self.start,
            "end": self.end,
            "adaptations": self.adaptations,
        }


@dataclass
class DraftParagraph:
    level: int  # 0 body, 1..4 heading
    text: str
    kind: str  # 'salutation', 'opening', 'heading', 'passage', 'closing', 'placeholder', 'key_point', 'llm'
    sources: list[int] = field(default_factory=list)  # citation numbers
    adaptations: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: list[int] | None = None  # original lines of this paragraph in the cited source file

    def to_dict(self) -> dict:
        return {
            "lines": self.lines,
            "level": self.level,
            "text": self.text,
            "kind": self.kind,
            "sources": self.sources,
            "adaptations": self.adaptations,
            "notes": self.notes,
        }


@dataclass
class Draft:
    title: str
    subtitle: list[str]
    paragraphs: list[DraftParagraph]
    citations: list[Citation]
    target_chars: int
    label: str | None = None  # set when a model rewrote part of the draft
    notes: list[str] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs if p.level == 0)

    @property
    def placeholders(self) -> list[str]:
        """【…】 the writer fills in (figures, names, dates, sections to write)."""
        return [
            ph
            for p in self.paragraphs
            for ph in PLACEHOLDER.findall(p.text)
            if not CHECK_MARK.fullmatch(ph)
        ]

    @property
    def checks(self) -> list[str]:
        """【请核对：…】 the writer checks: kept source wording that may not fit this speech."""
        return [c for p in self.paragraphs for c in CHECK_MARK.findall(p.text)]

    def blocks(self) -> list[tuple[int, str, list[int], str]]:
        return [(p.level, p.text, p.sources, p.kind) for p in self.paragraphs]

    def source_lines(self) -> list[str]:
        return [c.describe() for c in self.citations]

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "citations": [c.to_dict() for c in self.citations],
            "chars": self.chars,
            "target_chars": self.target_chars,
            "placeholders": len(self.placeholders),
            "checks": len(self.checks),
            "label": self.label,
            "notes": self.notes,
        }


@dataclass
class Choices:
    """What the writer picked. outline: [{"role", "heading"}]; sections[i]: passage keys."""

    outline: list[dict]
    sections: list[list[str]] = field(default_factory=list)
    opening: str | None = None
    closing: str | None = None

    @classmethod
    def from_dict(cls, data: dict, origin: str = "choices") -> Choices:
        outline = data.get("outline") or []
        if not isinstance(outline, list) or not all(isinstance(s, dict) for s in outline):
            raise DraftError(f"{origin}: outline must be a list of {{role, heading}} mappings")
        sections = data.get("sections") or []
        if not isinstance(sections, list):
            raise DraftError(
                f"{origin}: sections must be a list (one list of passage keys per section)"
            )
        return cls(
            outline=outline,
            sections=[list(s or []) for s in sections],
            opening=data.get("opening"),
            closing=data.get("closing"),
        )


def resolve(key: str, profiles: dict[str, SpeechProfile]) -> tuple[SpeechProfile, int, int]:
    m = KEY.match(key.strip())
    if not m:
        raise DraftError(f"{key!r} is not a passage key (<speech id>:<start>-<end>)")
    sid, start, end = m.group(1), int(m.group(2)), int(m.group(3))
    profile = profiles.get(sid)
    if profile is None:
        raise DraftError(f"{key}: no speech {sid} in the library")
    if not 0 <= start < end <= len(profile.text):
        raise DraftError(f"{key}: span outside the speech ({len(profile.text)} characters)")
    return profile, start, end


class _Builder:
    def __init__(self, spec: ComposeSpec, profiles: dict[str, SpeechProfile], lexicon=None):
        self.spec = spec
        self.profiles = profiles
        self.paragraphs: list[DraftParagraph] = []
        self.citations: list[Citation] = []
        self._places: dict[str, str] = {}
        self._scopes: dict[str, str] = {}
        self.used: set[str] = set()
        self.section_heading = ""  # the heading of the section being filled (before adaptation)
        self.headings: set[str] = set()  # headings already in the draft (adapted, no marker)
        self.notes: list[str] = []
        self.lexicon = lexicon

    def place_of(self, p: SpeechProfile) -> str:
        if p.place:
            return p.place
        if p.id not in self._places:
            self._places[p.id] = source_place(p.text)
        return self._places[p.id]

    def cite(self, p: SpeechProfile, start: int, end: int) -> Citation:
        """One appendix entry per borrowed passage (its whole original line range)."""
        where = p.lines_for(start, end) or {}
        for c in self.citations:
            if (
                c.speech_id == p.id
                and c.lines == where.get("lines")
                and c.file == where.get("file")
            ):
                return c
        c = Citation(
            len(self.citations) + 1,
            p.id,
            speech_label(p),
            where.get("file"),
            where.get("lines"),
            start=start,
            end=end,
        )
        self.citations.append(c)
        return c

    def borrow(
        self,
        key: str,
        kind: str,
        heading_level: int | None = None,
        counter: list[int] | None = None,
    ) -> None:
        """Add the paragraphs of passage `key`, adapted; each cites the passage and keeps its own lines."""
        if key in self.used:
            self.notes.append(f"段落 {key} 已选用过一次，第二次未重复插入")
            return
        self.used.add(key)
        profile, start, end = resolve(key, self.profiles)
        citation = self.cite(profile, start, end)
        offset = start
        first = True
        for raw in profile.text[start:end].split("\n"):
            p_start, p_end = offset, offset + len(raw)
            offset = p_end + 1
            if not raw.strip():
                continue
            lines = (profile.lines_for(p_start, p_end) or {}).get("lines")
            body = raw
            node_heading = _heading_part(raw) if first and MARKER.match(raw) else ""
            if first and heading_level is not None and node_heading:
                # The passage's own heading, renumbered in the draft's sequence — unless it only
                # repeats the heading of the section it is put in (a whole borrowed section), or
                # a heading the draft already has: a heading is never printed twice.
                adapted = self.adapt(profile, strip_marker(node_heading))
                if (
                    strip_marker(node_heading) == strip_marker(self.section_heading)
                    or adapted.text in self.headings
                ):
                    body = raw[len(node_heading) :].lstrip("。：:；; ")
                    first = False
                    if not body:
                        continue
                    self._add_body(profile, body, kind, citation, lines)
                    continue
                counter[0] += 1
                self.headings.add(adapted.text)
                citation.adaptations.extend(a.to_dict() for a in adapted.adaptations)
                heading_text, flags = self.current(adapted.text)
                self.paragraphs.append(
                    DraftParagraph(
                        heading_level,
                        marker_for(heading_level, counter[0]) + heading_text,
                        "heading",
                        [citation.number],
                        [a.to_dict() for a in adapted.adaptations] + flags,
                        lines=lines,
                    )
                )
                body = raw[len(node_heading) :].lstrip("。：:；; ")
                if not body:
                    first = False
                    continue
            first = False
            self._add_body(profile, body, kind, citation, lines)

    def _add_body(self, profile: SpeechProfile, body: str, kind: str, citation, lines) -> None:
        """One borrowed body paragraph, adapted, its adaptations recorded on its citation."""
        adapted = self.adapt(profile, body)
        adaptations = [a.to_dict() for a in adapted.adaptations]
        citation.adaptations.extend(adaptations)
        text, flags = self.current(adapted.text)
        self.paragraphs.append(
            DraftParagraph(
                0, text, kind, [citation.number], adaptations + flags, adapted.notes, lines=lines
            )
        )

    def current(self, text: str) -> tuple[str, list[dict]]:
        """`text` with its stale 提法 marked for the draft's year (currency.py)."""
        marked, flags = mark_stale(text, self.spec.year, self.lexicon)
        return marked, [f.to_dict() for f in flags]

    def source_scope(self, profile: SpeechProfile) -> str:
        """The source speech's own scope; when its fields name none with a level (全委, 全系统,
        unknown), the level its text says of itself most often (我市 ×5 → 全市)."""
        if SCOPE_LEVEL.get(profile.scope):
            return profile.scope
        if profile.id not in self._scopes:
            counts = {lv: len(re.findall(f"[我本]{lv}", profile.text)) for lv in "省市县区旗镇乡"}
            best = max(counts, key=lambda lv: counts[lv])
            self._scopes[profile.id] = f"全{best}" if counts[best] >= 2 else profile.scope
        return self._scopes[profile.id]

    def adapt(self, profile: SpeechProfile, text: str):
        return adapt(
            text,
            self.spec,
            self.source_scope(profile),
            profile.year,
            self.place_of(profile),
            other_places=tuple(profile.places_above),
        )

    def add(self, level: int, text: str, kind: str) -> None:
        self.paragraphs.append(DraftParagraph(level, text, kind))


def _heading_part(paragraph: str) -> str:
    """The heading a marked paragraph starts with: up to its first stop when that comes within
    40 characters, else its first clause when short; "" when the paragraph is all body (a
    1,100-character paragraph is no heading)."""
    m = re.search(r"[。！？!?；;：:]", paragraph)
    if m and m.start() <= 40:
        return paragraph[: m.start()]
    if len(paragraph) <= 40:
        return paragraph
    comma = re.search(r"[，,]", paragraph)
    if comma and comma.start() <= 30:
        return paragraph[: comma.start()]
    return ""


def assemble(
    spec: ComposeSpec,
    choices: Choices,
    profiles: Iterable[SpeechProfile],
    lexicon=None,
    notes: Iterable[str] = (),
) -> Draft:
    """The first draft: title, speaker line, salutation, opening, sections, key points, closing.

    lexicon: the 提法 table whose eras mark stale formulations (default: the shipped one);
    notes: what the caller has to say about the draft (e.g. that the library lacks the occasion).
    """
    by_id = {p.id: p for p in profiles}
    b = _Builder(spec, by_id, lexicon)
    b.notes.extend(notes)
    speaker = spec.speaker_role or "【职务】"
    name = spec.speaker_name or PH_NAME
    date = f"（{spec.year}年【月】【日】）" if spec.year else "（【日期】）"
    subtitle = [f"{speaker}　{name}", date]

    b.add(0, "同志们：", "salutation")
    if choices.opening:
        b.borrow(choices.opening, "opening")
        _fix_announced_count(b.paragraphs, len(choices.outline))
    else:
        b.add(0, f"【开场：说明召开这次{spec.occasion or '会议'}的目的和主要任务】", "placeholder")

    points = list(spec.key_points)
    task_index = next(
        (i for i, s in enumerate(choices.outline) if s.get("role") == "tasks"),
        len(choices.outline) - 1,
    )
    sections: list[tuple[int, int]] = []  # paragraph range of each section
    for i, section in enumerate(choices.outline):
        role = section.get("role") or "other"
        heading = strip_marker(section.get("heading") or "")
        source = by_id.get(section.get("speech_id") or "")
        found = source.text.find(heading) if heading and source is not None else -1
        adapted = b.adapt(source, heading) if found >= 0 else None
        if adapted is not None and adapted.text in b.headings:
            b.notes.append(f"标题“{adapted.text}”已用过，第{cn_number(i + 1)}部分标题留空")
            adapted, found, heading = None, -1, ""
        if adapted is not None:
            # A heading borrowed from a speech is adapted and cited like any passage.
            citation = b.cite(source, found, found + len(heading))
            citation.adaptations.extend(a.to_dict() for a in adapted.adaptations)
            lines = (source.lines_for(found, found + len(heading)) or {}).get("lines")
            text, flags = b.current(adapted.text)
            b.headings.add(adapted.text)
            b.paragraphs.append(
                DraftParagraph(
                    1,
                    marker_for(1, i + 1) + text,
                    "heading",
                    [citation.number],
                    [a.to_dict() for a in adapted.adaptations] + flags,
                    lines=lines,
                )
            )
        else:
            heading = heading or f"【{ROLE_NAMES.get(role, '本部分')}的标题】"
            if heading in b.headings:
                heading = f"【{ROLE_NAMES.get(role, '本部分')}的标题（第{cn_number(i + 1)}部分）】"
            b.headings.add(heading)
            b.add(1, marker_for(1, i + 1) + heading, "heading")
        b.section_heading = strip_marker(section.get("heading") or "")
        keys = choices.sections[i] if i < len(choices.sections) else []
        counter = [0]
        before = len(b.paragraphs)
        for key in keys:
            b.borrow(key, "passage", heading_level=2, counter=counter)
        if len(b.paragraphs) == before:
            b.add(
                0,
                f"【本部分正文：{ROLE_NAMES.get(role, '')}，由撰稿人撰写或从候选段落中选择】",
                "placeholder",
            )
        sections.append((before - 1, len(b.paragraphs)))
    _place_key_points(b, points, sections, task_index)

    if choices.closing:
        b.borrow(choices.closing, "closing")
    else:
        b.add(0, "【结束语：号召与祝愿】", "placeholder")
    return Draft(
        spec.default_title(), subtitle, b.paragraphs, b.citations, spec.target_chars, notes=b.notes
    )


def _place_key_points(
    b: _Builder, points: list[str], sections: list[tuple[int, int]], default: int
) -> None:
    """Each key point goes into the section it belongs to: the one whose heading and text share
    most of its character pairs (the tasks section when none shares any), after the paragraph
    of that section closest to it. With no sections, the points follow the opening."""
    placed: list[tuple[int, str]] = []
    for point in points:
        wanted = bigrams(point)
        best, where = -1.0, None
        for k, (first, last) in enumerate(sections):
            for j in range(first, last):
                share = len(wanted & bigrams(b.paragraphs[j].text)) / max(len(wanted), 1)
                if share > best:
                    best, where = share, (k, j)
        if where is None:
            placed.append((len(b.paragraphs), point))
            continue
        if best <= 0:
            first, last = sections[default] if 0 <= default < len(sections) else sections[-1]
            where = (default, last - 1)
        placed.append((where[1] + 1, point))
    for index, point in sorted(placed, key=lambda x: -x[0]):
        b.paragraphs.insert(index, DraftParagraph(0, f"【须写入的要点：{point}】", "key_point"))


ANNOUNCED = re.compile(r"(讲|谈|强调|提)([一二三四五六七八九十两])(点|个|条|方面)")


def _fix_announced_count(paragraphs: list[DraftParagraph], sections: int) -> None:
    """ "下面，我讲三点意见" must announce as many points as the draft has sections."""
    if not sections:
        return
    for p in paragraphs:
        if p.kind != "opening":
            continue
        m = ANNOUNCED.search(p.text)
        if m and m.group(2) != cn_number(sections):
            new = m.group(1) + cn_number(sections) + m.group(3)
            p.adaptations.append(
                {
                    "kind": "count",
                    "before": m.group(),
                    "after": new,
                    "start": m.start(),
                    "reason": "与本稿部分数一致",
                }
            )
            p.text = p.text[: m.start()] + new + p.text[m.end() :]
