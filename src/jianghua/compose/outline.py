"""Propose section structures that speeches for similar occasions actually use.

Similarity of a library speech to the writer's occasion is a weighted sum of matching occasion
fields (sector, meeting type, scope level, genre) and shared words of the occasion and the title,
each part reported as a reason. The outline proposal groups the similar speeches by their sequence
of top-level section roles (repeats collapsed: three task sections are one "tasks" block) and
counts how many use each; the writer picks one, then reorders, drops or adds sections.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from jianghua.compose.profile import ROLE_NAMES, SpeechProfile
from jianghua.compose.spec import SCOPE_LEVEL, ComposeSpec

WEIGHTS = {"sector": 0.5, "meeting_type": 0.1, "scope": 0.1, "genre": 0.1, "words": 0.2}
SIMILAR_MIN = 0.3
MAX_HEADINGS = 8
OCCASION_REASONS = (
    "同一领域",
    "正文涉及",
    "共有词",
)  # suggested heading and alternatives per section  # below this a speech shares at most the genre and scope: not the same occasion


@dataclass
class Match:
    profile: SpeechProfile
    score: float
    reasons: list[str]


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


STOP_BIGRAMS = bigrams("在全市全县全省全区会议上的讲话工作会同志们") | {"上的", "的讲", "讲话"}


def occasion_similarity(spec: ComposeSpec, p: SpeechProfile) -> Match:
    """How close speech `p` is to the writer's occasion, 0..1, with the reasons."""
    score, reasons = 0.0, []
    if spec.sector:
        if p.sector == spec.sector:
            score += WEIGHTS["sector"]
            reasons.append(f"同一领域：{p.sector}")
        elif p.sector_count(spec.sector) >= 3:
            part = WEIGHTS["sector"] * 0.3
            score += part
            reasons.append(f"正文涉及{spec.sector}（{p.sector_count(spec.sector)}处）")
    if spec.meeting_type and p.meeting_type:
        if (
            p.meeting_type == spec.meeting_type
            or spec.meeting_type in p.meeting_type
            or p.meeting_type in spec.meeting_type
        ):
            score += WEIGHTS["meeting_type"]
            reasons.append(f"会议类型：{p.meeting_type}")
    if spec.scope and p.scope:
        if p.scope == spec.scope:
            score += WEIGHTS["scope"]
            reasons.append(f"范围：{p.scope}")
        elif SCOPE_LEVEL.get(p.scope) and SCOPE_LEVEL.get(spec.scope):
            score += WEIGHTS["scope"] * 0.5  # another level of government, same kind of meeting
    if spec.genre and (p.genre or "讲话") == spec.genre:
        score += WEIGHTS["genre"]
    wanted = bigrams(spec.occasion or spec.default_title()) - STOP_BIGRAMS
    if wanted:
        have = bigrams(p.title + (p.topic or "")) | bigrams(p.text[:300])
        shared = wanted & have
        if shared:
            score += WEIGHTS["words"] * len(shared) / len(wanted)
            reasons.append("共有词：" + "、".join(sorted(shared)[:6]))
    return Match(p, round(score, 3), reasons)


def similar_speeches(
    spec: ComposeSpec, profiles: list[SpeechProfile], minimum: float = SIMILAR_MIN
) -> list[Match]:
    """Speeches at least `minimum` similar, best first (ties: more recent, then cleaner).

    Scope, genre and meeting type alone do not make the same occasion: a speech must also share
    the sector (or talk about it) or words of the occasion.
    """
    matches = [occasion_similarity(spec, p) for p in profiles]
    matches = [
        m
        for m in matches
        if m.score >= minimum and any(r.startswith(OCCASION_REASONS) for r in m.reasons)
    ]
    matches.sort(
        key=lambda m: (-m.score, -(m.profile.year or 0), m.profile.quality_penalty(), m.profile.id)
    )
    return matches


def role_pattern(profile: SpeechProfile) -> tuple[str, ...]:
    """Top-level roles with consecutive repeats collapsed; unnamed ("other") sections left out
    so that two speeches with the same plan and one extra section still group together."""
    pattern: list[str] = []
    for role in profile.top_roles:
        if role == "other":
            continue
        if not pattern or pattern[-1] != role:
            pattern.append(role)
    return tuple(pattern)


@dataclass
class ProposedSection:
    role: str
    heading: str  # the heading the most similar speech used for this role
    speech_id: str = ""  # the speech that heading comes from (so the draft can adapt and cite it)
    alternatives: list[tuple[str, str]] = field(default_factory=list)  # (heading, speech id)
    used_by: int = 0  # how many similar speeches have a section with this role

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def to_dict(self) -> dict:
        return {
            "role": self.role,
            "role_name": self.role_name,
            "heading": self.heading,
            "speech_id": self.speech_id,
            "alternatives": [list(a) for a in self.alternatives],
            "used_by": self.used_by,
        }


@dataclass
class OutlineProposal:
    pattern: tuple[str, ...]
    count: int  # speeches using this sequence of roles
    speech_ids: list[str]
    sections: list[ProposedSection]

    def to_dict(self) -> dict:
        return {
            "pattern": list(self.pattern),
            "count": self.count,
            "speech_ids": self.speech_ids,
            "sections": [s.to_dict() for s in self.sections],
        }


def propose_outlines(
    spec: ComposeSpec, matches: list[Match], limit: int = 5
) -> list[OutlineProposal]:
    """Role sequences of the similar speeches, most used first, each with suggested headings."""
    with_outline = [m for m in matches if m.profile.outline]
    groups: dict[tuple[str, ...], list[Match]] = defaultdict(list)
    for m in with_outline:
        groups[role_pattern(m.profile)].append(m)
    role_users: Counter = Counter()
    for m in with_outline:
        for role in set(m.profile.top_roles):
            role_users[role] += 1
    ranked = sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), -sum(m.score for m in kv[1]), kv[0])
    )
    proposals = []
    for pattern, members in ranked[:limit]:
        sections = []
        taken: set[str] = set()  # a role that comes back later in the pattern gets the next heading
        member_ids = {m.profile.id for m in members}
        ordered = members + [x for x in with_outline if x.profile.id not in member_ids]
        for role in pattern:
            # Headings of this role, members' first; enough for a choice, not every speech's.
            headings: list[tuple[str, str]] = []
            seen: set[tuple[str, str]] = set()
            for m in ordered:
                if len(headings) >= MAX_HEADINGS + len(taken):
                    break
                for node in m.profile.outline:
                    if (node.get("role") or "other") == role and node.get("heading"):
                        pair = (node["heading"], m.profile.id)
                        if pair not in seen:
                            seen.add(pair)
                            headings.append(pair)
            fresh = [h for h in headings if h[0] not in taken] or headings
            if fresh:
                taken.add(fresh[0][0])
                headings = fresh + [h for h in headings if h not in fresh]
            sections.append(
                ProposedSection(
                    role=role,
                    heading=headings[0][0] if headings else "",
                    speech_id=headings[0][1] if headings else "",
                    alternatives=headings[1:MAX_HEADINGS],
                    used_by=role_users[role],
                )
            )
        proposals.append(
            OutlineProposal(pattern, len(members), [m.profile.id for m in members], sections)
        )
    return proposals


def default_outline(spec: ComposeSpec) -> list[dict]:
    """The usual three-part structure when the library has nothing similar: stated, not mined."""
    return [
        {"role": "situation", "heading": "一、【提高认识的标题】"},
        {"role": "tasks", "heading": "二、【重点任务的标题】"},
        {"role": "guarantee", "heading": "三、【组织保障的标题】"},
    ]
