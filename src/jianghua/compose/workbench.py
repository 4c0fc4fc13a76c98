"""One object for the whole compose flow over a library, shared by the CLI and the web page.

occasion → proposals (outlines with counts) → candidates per section → choices → draft → export.
`auto_choices` makes the choices a writer would make by taking the best-ranked candidates until
the target length is reached, so a spec file alone gives a complete first draft.
"""

from __future__ import annotations

from pathlib import Path

from jianghua.compose.draft import Choices, Draft, assemble
from jianghua.compose.outline import (
    Match,
    OutlineProposal,
    default_outline,
    propose_outlines,
    similar_speeches,
)
from jianghua.compose.passages import (
    Passage,
    closing_passages,
    formulas,
    opening_passages,
    section_passages,
    sector_formulations,
)
from jianghua.compose.profile import SpeechProfile, load_profiles
from jianghua.compose.spec import ComposeSpec, SpecError, read_spec_file, spec_from_dict
from jianghua.lexicon import load as load_lexicon
from jianghua.lexicon import shipped as shipped_lexicon


class Composer:
    def __init__(self, lib=None, profiles: list[SpeechProfile] | None = None, lexicon=None):
        self.profiles = profiles if profiles is not None else load_profiles(lib)
        if lexicon is None:
            lexicon = load_lexicon(lib.folder) if lib is not None else shipped_lexicon()
        self.lexicon = lexicon
        self._matches: dict[str, list[Match]] = {}
        self._proposals: dict[tuple[str, int], list[OutlineProposal]] = {}

    def matches(self, spec: ComposeSpec) -> list[Match]:
        """Precedents of the occasion: similar speeches of the occasion's own sector when the
        spec names one (a 2009 economic speech is no precedent for 机关党建), else all similar
        speeches; none when the library holds no speech of that sector."""
        key = repr(sorted(spec.to_dict().items()))
        if key not in self._matches:
            similar = similar_speeches(spec, self.profiles)
            if spec.sector:
                similar = [m for m in similar if m.profile.sector == spec.sector]
            self._matches[key] = similar
        return self._matches[key]

    def lacking(self, spec: ComposeSpec) -> str | None:
        """What to tell the writer when the library holds no precedent for the occasion."""
        if self.matches(spec):
            return None
        what = spec.occasion or spec.default_title()
        sector = f"（{spec.sector}）" if spec.sector else ""
        return f"库中没有“{what}”{sector}的先例讲话"

    def proposals(self, spec: ComposeSpec, limit: int = 5) -> list[OutlineProposal]:
        key = (repr(sorted(spec.to_dict().items())), limit)
        if key not in self._proposals:
            self._proposals[key] = propose_outlines(spec, self.matches(spec), limit)
        return self._proposals[key]

    def outline(self, spec: ComposeSpec, index: int = 0) -> list[dict]:
        """Proposal `index` as the editable outline [{role, heading, speech_id}], or the default."""
        proposals = self.proposals(spec)
        if not proposals:
            return default_outline(spec)
        if not 0 <= index < len(proposals):
            raise SpecError(f"there are {len(proposals)} outline proposals, no number {index + 1}")
        return [
            {"role": s.role, "heading": s.heading, "speech_id": s.speech_id}
            for s in proposals[index].sections
        ]

    def candidates(self, spec: ComposeSpec, role: str, limit: int = 12) -> list[Passage]:
        return section_passages(role, self.matches(spec), limit, tuple(spec.key_points))

    def openings(self, spec: ComposeSpec, limit: int = 6) -> list[Passage]:
        return opening_passages(self.matches(spec), limit)

    def closings(self, spec: ComposeSpec, limit: int = 6) -> list[Passage]:
        return closing_passages(self.matches(spec), limit)

    def formulas(self, spec: ComposeSpec) -> dict:
        return {
            "opening": [f.to_dict() for f in formulas("opening", self.profiles, spec.genre)[:8]],
            "closing": [f.to_dict() for f in formulas("closing", self.profiles, spec.genre)[:8]],
        }

    def formulations(self, spec: ComposeSpec) -> list[dict]:
        return sector_formulations(self.matches(spec))

    def auto_choices(self, spec: ComposeSpec, outline: list[dict] | None = None) -> Choices:
        """Best-ranked candidates per section until each has its share of the target length."""
        outline = outline if outline is not None else self.outline(spec)
        share = spec.target_chars / max(len(outline), 1)
        used: set[str] = set()
        sections = []
        for section in outline:
            picked, total = [], 0
            for p in self.candidates(spec, section.get("role") or "other", limit=30):
                if p.key in used or total >= share * 0.8:
                    continue
                if total and total + len(p.text) > share * 1.3:
                    continue
                picked.append(p.key)
                used.add(p.key)
                total += len(p.text)
            sections.append(picked)
        openings, closings = self.openings(spec), self.closings(spec)
        return Choices(
            outline=outline,
            sections=sections,
            opening=openings[0].key if openings else None,
            closing=closings[0].key if closings else None,
        )

    def draft(self, spec: ComposeSpec, choices: Choices | None = None) -> Draft:
        lacking = self.lacking(spec)
        if lacking:
            lacking += "：以下是讲话稿的通用结构，各部分由撰稿人撰写，未借用其他会议的文字"
        return assemble(
            spec,
            choices or self.auto_choices(spec),
            self.profiles,
            self.lexicon,
            [lacking] if lacking else [],
        )


def load_compose_file(path: str | Path) -> tuple[ComposeSpec, Choices | None]:
    """A spec file, optionally with the writer's `choices` (outline, sections, opening, closing)."""
    data = read_spec_file(path)
    choices = data.pop("choices", None)
    spec = spec_from_dict(data, str(path))
    if choices is None:
        return spec, None
    if not isinstance(choices, dict):
        raise SpecError(f"{path}: choices must be a mapping (outline, sections, opening, closing)")
    return spec, Choices.from_dict(choices, f"{path}: choices")


def require_occasion(composer: Composer, spec: ComposeSpec, origin: object = "spec") -> None:
    """Refuse a spec that would give an empty skeleton: no occasion, or an occasion no library
    speech resembles (a draft then has headings and nothing under them). A spec that carries
    its own choices is the writer's plan and is not refused."""
    if not spec.occasion.strip():
        raise SpecError(
            f"{origin}：没有写会议（occasion），例如 occasion: 全县关工委工作会议；"
            "讲话稿要从相似会议的讲话中取材"
        )
    if not composer.matches(spec):
        raise SpecError(
            f"{origin}：书库中没有与会议“{spec.occasion}”相似的讲话，写不出初稿；"
            "请换一种说法（如写明领域：关工委、档案、安全生产），或先导入这类讲话"
        )
