"""Candidate passages per section, opening and closing formulas per genre, sector formulations.

A passage is a span of a library speech (a level-2 subsection, or a whole top-level section when
it has none) with the file and original lines it came from, so a draft built from it can cite it.
Ranking: occasion similarity (0.6), recency (0.2, by the speech's year among the candidates),
quality (0.2: masked values per 1000 characters and loss flags lower it), each part kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from jianghua import labels
from jianghua.compose.outline import Match, bigrams
from jianghua.compose.profile import SpeechProfile

RANK_WEIGHTS = {"occasion": 0.6, "recency": 0.2, "quality": 0.2}
KEY_POINT_WEIGHT = 0.2
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass
class Passage:
    """A borrowable span of one library speech."""

    speech_id: str
    speech_title: str
    kind: str  # 'section', 'subsection', 'opening', 'closing'
    role: str
    heading: str
    text: str
    start: int
    end: int
    source: dict | None  # {"file", "lines": [first, last]}
    score: float = 0.0
    parts: dict = field(default_factory=dict)  # occasion / recency / quality sub-scores
    reasons: list[str] = field(default_factory=list)
    year: int | None = None

    @property
    def key(self) -> str:
        """Stable id a writer's choice refers to: speech id and character span."""
        return f"{self.speech_id}:{self.start}-{self.end}"

    def citation(self) -> dict:
        return {
            "speech_id": self.speech_id,
            "title": self.speech_title,
            "start": self.start,
            "end": self.end,
            "file": (self.source or {}).get("file"),
            "lines": (self.source or {}).get("lines"),
        }

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "speech_id": self.speech_id,
            "speech_title": self.speech_title,
            "kind": self.kind,
            "role": self.role,
            "heading": self.heading,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "score": self.score,
            "parts": self.parts,
            "reasons": self.reasons,
            "year": self.year,
        }


def speech_label(p: SpeechProfile) -> str:
    """The title, or for an untitled speech its first words after the salutation."""
    if p.title:
        return p.title
    paragraphs = [x for x in p.text.split("\n") if x.strip()]
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 30 and paragraphs[0].endswith(("：", ":")):
        paragraphs = paragraphs[1:]
    first = paragraphs[0] if paragraphs else ""
    # Ten characters: enough to recognise, too few for 查重 (13) to count the label as copied.
    return f"（无题）{first[:10]}…"


def _recency(years: list[int | None]) -> dict[int | None, float]:
    known = [y for y in years if y]
    if not known:
        return {None: 0.5}
    lo, hi = min(known), max(known)
    scale = {y: (1.0 if hi == lo else (y - lo) / (hi - lo)) for y in known}
    scale[None] = 0.3  # undated: below the oldest dated candidate's neighbourhood, above nothing
    return scale


def _key_point_share(text: str, points: list[set[str]]) -> tuple[float, list[str]]:
    """Best share of one key point's character pairs found in `text`, and the points met."""
    have = bigrams(text)
    best, met = 0.0, []
    for i, wanted in enumerate(points):
        if not wanted:
            continue
        share = len(wanted & have) / len(wanted)
        best = max(best, share)
        if share >= 0.5:
            met.append(str(i))
    return best, met


def _rank(
    passages: list[Passage], matches_by_id: dict[str, Match], key_points: tuple[str, ...] = ()
) -> list[Passage]:
    """Score = weighted parts; with key points, a passage that speaks to one gains up to 0.2."""
    recency = _recency([p.year for p in passages])
    points = [bigrams(k) for k in key_points]
    for p in passages:
        m = matches_by_id[p.speech_id]
        quality = 1.0 - m.profile.quality_penalty(p.start, p.end)
        p.parts = {
            "occasion": m.score,
            "recency": round(recency.get(p.year, 0.3), 3),
            "quality": round(quality, 3),
        }
        p.score = round(sum(RANK_WEIGHTS[k] * v for k, v in p.parts.items()), 3)
        p.reasons = list(m.reasons)
        if points:
            share, met = _key_point_share(p.text, points)
            p.parts["key_points"] = round(share, 3)
            p.score = round(p.score + KEY_POINT_WEIGHT * share, 3)
            p.reasons += [f"涉及要点：{key_points[int(i)]}" for i in met]
        if p.year:
            p.reasons.append(f"{p.year}年")
        losses = m.profile.loss_flags(p.start, p.end)
        if losses:
            kinds = "、".join(sorted({labels.flag_label(f["kind"]) for f in losses}))
            p.reasons.append(f"本段有{len(losses)}处缺损（{kinds}）")
        elif quality < 0.8:
            p.reasons.append(f"原文有{m.profile.placeholders}处掩码")
    passages.sort(key=lambda p: (-p.score, p.speech_id, p.start))
    return passages


def section_passages(
    role: str, matches: list[Match], limit: int = 12, key_points: tuple[str, ...] = ()
) -> list[Passage]:
    """Subsections (or whole sections) of the similar speeches whose top-level role is `role`."""
    found: list[Passage] = []
    for m in matches:
        p = m.profile
        for node in p.outline:
            if (node.get("role") or "other") != role:
                continue
            spans = node.get("children") or [node]
            kind = "subsection" if node.get("children") else "section"
            for span in spans:
                start, end = int(span["start"]), int(span["end"])
                text = p.text[start:end].strip("\n")
                if len(text) < 20:
                    continue
                found.append(
                    Passage(
                        speech_id=p.id,
                        speech_title=speech_label(p),
                        kind=kind,
                        role=role,
                        heading=span.get("heading") or "",
                        text=text,
                        start=start,
                        end=start + len(text),
                        source=p.lines_for(start, start + len(text)),
                        year=p.year,
                    )
                )
    by_id = {m.profile.id: m for m in matches}
    return _rank(found, by_id, tuple(key_points))[:limit]


ANNOUNCEMENT = re.compile(
    r"下面|讲[一二三四五六七八九十两几]|谈[一二三四五六七八九十两几]|以下几点"
)
OPENING_MAX = 600


def _opening_proper(text: str) -> str:
    """An opening without the review that often follows it: paragraphs up to the one announcing
    the points ("下面，我讲三点意见"), or up to OPENING_MAX characters, whole paragraphs."""
    paragraphs = text.split("\n")
    kept: list[str] = []
    for paragraph in paragraphs:
        if kept and sum(len(k) for k in kept) + len(paragraph) > OPENING_MAX:
            break
        kept.append(paragraph)
        if ANNOUNCEMENT.search(paragraph):
            break
    return "\n".join(kept)


def _part_passages(kind: str, matches: list[Match]) -> list[Passage]:
    found = []
    for m in matches:
        p = m.profile
        part = getattr(p, kind)
        if not part or not part.get("text"):
            continue
        start = int(part.get("start", p.text.find(part["text"])))
        text = part["text"]
        if kind == "opening":
            text = _opening_proper(text)
        found.append(
            Passage(
                speech_id=p.id,
                speech_title=speech_label(p),
                kind=kind,
                role=kind,
                heading="",
                text=text,
                start=start,
                end=start + len(text),
                source=p.lines_for(start, start + len(text)),
                year=p.year,
            )
        )
    return _rank(found, {m.profile.id: m for m in matches})


def opening_passages(matches: list[Match], limit: int = 6) -> list[Passage]:
    return _part_passages("opening", matches)[:limit]


def closing_passages(matches: list[Match], limit: int = 6) -> list[Passage]:
    return _part_passages("closing", matches)[:limit]


# Stock phrasing is recognised by its first words; numbers and masks do not make it different.
def _formula_key(sentence: str) -> str:
    s = re.sub(r"[\d０-９xX×*＊]+", "#", sentence)
    s = re.sub(r"[，,、：:；;]", "，", s)
    return s[:8]


@dataclass
class Formula:
    """A sentence opening shared by openings (or closings) of speeches of one genre."""

    kind: str  # 'opening' | 'closing'
    pattern: str  # the shared first words
    example: str  # one full sentence using it
    speech_ids: list[str]

    @property
    def count(self) -> int:
        return len(self.speech_ids)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "pattern": self.pattern,
            "example": self.example,
            "count": self.count,
            "speech_ids": self.speech_ids,
        }


def formulas(
    kind: str, profiles: list[SpeechProfile], genre: str = "讲话", minimum: int = 2
) -> list[Formula]:
    """Sentence openings used by at least `minimum` speeches' openings/closings of `genre`.

    Counts across the whole library, not only the similar speeches: formulas are a property of the
    genre ("这次会议的主要任务是", "同志们，…让我们"), and the more speeches the better the count.
    """
    users: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, str] = {}
    for p in profiles:
        if (p.genre or "讲话") != genre:
            continue
        part = getattr(p, kind)
        if not part or not part.get("text"):
            continue
        sentences = SENTENCE.findall(part["text"].replace("\n", ""))
        chosen = sentences[:3] if kind == "opening" else sentences[-3:]
        for sentence in chosen:
            sentence = sentence.strip()
            if len(sentence) < 6:
                continue
            key = _formula_key(sentence)
            users[key].add(p.id)
            examples.setdefault(key, sentence)
    result = [
        Formula(kind, k, examples[k], sorted(ids))
        for k, ids in users.items()
        if len(ids) >= minimum
    ]
    result.sort(key=lambda f: (-f.count, f.pattern))
    return result


MAX_FORMULATION = 30
QUOTED = re.compile(r"[“\"]([^”\"]{2,16})[”\"]")
NUMBERED = re.compile(r"[一二三四五六七八九十两\d+＋]")


def sector_formulations(matches: list[Match], limit: int = 20) -> list[dict]:
    """提法 of the similar speeches with how many of them use each.

    From the structure analysis's `formulations` when present; otherwise quoted short phrases that
    carry a number ("三严三实", "1+5", "五老") — the numbered slogans the genre is built on.
    """
    users: dict[str, set[str]] = defaultdict(set)
    for m in matches:
        p = m.profile
        if p.formulations:
            for f in p.formulations:
                text = f.get("text") or f.get("formulation") if isinstance(f, dict) else str(f)
                if text and len(text) <= MAX_FORMULATION:  # long 一是…二是… series are passages
                    users[text].add(p.id)
        else:
            for q in QUOTED.findall(p.text):
                if NUMBERED.search(q):
                    users[q].add(p.id)
    counted = Counter({k: len(v) for k, v in users.items()})
    return [
        {"text": k, "speeches": n, "speech_ids": sorted(users[k])}
        for k, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]
