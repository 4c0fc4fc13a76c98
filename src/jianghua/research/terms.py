"""What a researcher asks for, as patterns over skeleton text: a 提法 with all its variants, or a
phrase as written.

A term found in the lexicon stands for its whole variant group (简称/全称, old and new wording):
"三个代表" counts "三个代表重要思想" too, once: hits are taken leftmost first, the longest variant
at each place, never overlapping, so one passage is never counted twice. Texts are scanned with
str.find and `in` (C speed); only texts holding a variant are looked at further. With
`variants=False`, or for a phrase the lexicon does not hold, only the phrase itself is counted.
Traditional input is converted as ingest converts text, so 科學發展觀 finds 科学发展观.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianghua.clean.script import to_simplified_line
from jianghua.errors import JianghuaError
from jianghua.lexicon import Lexicon, skeleton

MAX_TERMS = 8
MAX_TERM_CHARS = 60
SPLIT = re.compile(r"[,，;；\s]+")


class TermError(JianghuaError):
    """A request for research counts that cannot be answered (no term, too many, too long)."""


@dataclass(frozen=True)
class Term:
    label: str  # as shown: the group's name, or the phrase
    asked: str  # as the user wrote it
    keys: tuple[str, ...]  # skeleton forms counted (the variants)
    group: str = ""  # the lexicon group, empty for a free phrase
    # the keys holding no other key: a text with any key holds one of these
    minimal: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _around: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = self.keys
        minimal = tuple(k for k in keys if not any(o != k and o in k for o in keys))
        object.__setattr__(self, "minimal", minimal)
        # for each minimal key, the longer keys holding it and each offset it stands at in them
        around = {
            m: [(k, i) for k in keys if k != m for i in range(len(k)) if k.startswith(m, i)]
            for m in minimal
        }
        object.__setattr__(self, "_around", around)

    def matches(self, skel: str) -> list[tuple[int, int]]:
        """(start, end) of each hit in skeleton text `skel`: leftmost first, the longest variant
        at each place, never overlapping (as the lexicon's own matching).

        The text is scanned once per minimal key (str.find, in C); a longer variant holds a
        minimal key, so it is looked for only where one was found."""
        found = []
        for key in self.minimal:
            longer = self._around[key]
            i = skel.find(key)
            while i >= 0:
                found.append((i, i + len(key)))
                for other, offset in longer:
                    if i >= offset and skel.startswith(other, i - offset):
                        found.append((i - offset, i - offset + len(other)))
                i = skel.find(key, i + 1)
        if not found:
            return []
        found.sort(key=lambda span: (span[0], -span[1]))
        out, end = [], -1
        for start, stop in found:
            if start >= end:
                out.append((start, stop))
                end = stop
        return out

    def count_in(self, text: str, start: int, end: int) -> int:
        """Hits in text[start:end] (one family of the joined texts)."""
        if len(self.keys) == 1:
            return text.count(self.keys[0], start, end)
        return len(self.matches(text[start:end]))

    def count(self, skel: str) -> int:
        if len(self.keys) == 1:
            return skel.count(self.keys[0])
        return len(self.matches(skel))


def split_terms(text: str) -> list[str]:
    """Terms separated by commas, semicolons or spaces; duplicates dropped, order kept."""
    return list(dict.fromkeys(t for t in SPLIT.split(text or "") if t))


def resolve(asked: list[str] | str, lexicon: Lexicon, variants: bool = True) -> list[Term]:
    """Terms for the phrases asked; raises TermError for none, too many or too long."""
    if isinstance(asked, str):
        asked = split_terms(asked)
    if not asked:
        raise TermError("请输入至少一个提法或词语")
    if len(asked) > MAX_TERMS:
        raise TermError(f"一次最多比较 {MAX_TERMS} 个提法（收到 {len(asked)} 个）")
    out = []
    for raw in asked:
        if len(raw) > MAX_TERM_CHARS:
            raise TermError(f"提法过长（{len(raw)} 字，最多 {MAX_TERM_CHARS} 字）：{raw[:20]}…")
        text = to_simplified_line(raw.strip(), 0)[0]
        key = skeleton(text)[0]
        if not key:
            raise TermError(f"“{raw}”中没有可检索的文字")
        entry = lexicon.get(text)
        if entry is not None and variants:
            keys = tuple(sorted({skeleton(v)[0] for v in lexicon.variants(entry.group)}))
            out.append(Term(entry.group, raw, keys, entry.group))
        else:
            out.append(Term(text, raw, (key,), entry.group if entry else ""))
    return out
