"""What a researcher asks for, as patterns over skeleton text: a 提法 with all its variants, or a
phrase as written.

A term found in the lexicon stands for its whole variant group (简称/全称, old and new wording):
"三个代表" counts "三个代表重要思想" too, once, because one regular expression over all the
group's variants takes the longest at each place and never counts one passage twice. With
`variants=False`, or for a phrase the lexicon does not hold, only the phrase itself is counted.
Traditional input is converted as ingest converts text, so 科學發展觀 finds 科学发展观.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianghua.clean.script import to_simplified_line
from jianghua.errors import JianghuaError
from jianghua.lexicon import Lexicon, skeleton
from jianghua.trie import trie_regex

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

    @property
    def pattern(self) -> re.Pattern:
        return _pattern(self.keys)

    def matches(self, skel: str) -> list[tuple[int, int]]:
        """(start, end) of each hit in skeleton text `skel`, non-overlapping, longest first."""
        if not any(k in skel for k in self.keys):  # str `in` runs in C; most texts stop here
            return []
        return [m.span() for m in self.pattern.finditer(skel)]

    def count(self, skel: str) -> int:
        if len(self.keys) == 1:
            return skel.count(self.keys[0])
        return len(self.matches(skel))


_patterns: dict[tuple[str, ...], re.Pattern] = {}


def _pattern(keys: tuple[str, ...]) -> re.Pattern:
    found = _patterns.get(keys)
    if found is None:
        found = _patterns[keys] = (
            trie_regex(keys) if len(keys) > 1 else re.compile(re.escape(keys[0]))
        )
    return found


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
