"""The 提法 lexicon: standard formulations of official discourse, their variant groups and eras.

One shipped, editable table (`data/tifa.tsv`) plus an optional `tifa.tsv` in the library folder
that overrides it row by row. Search (terms kept whole, synonyms), 查重 (common formulations are not
copying), compose (提法 last used long before the draft's year) and research (counts per variant
group) all read this one table, so an edit made by a user reaches every stage.

Matching ignores quotation marks, 顿号, 间隔号 and white space inside a formulation, because speeches
write one 提法 all these ways: 统筹推进“五位一体”总体布局, 不忘初心、牢记使命, 不忘初心牢记使命.
Hits are character ranges into the text searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jianghua.trie import trie_regex

FILE_NAME = "tifa.tsv"
KINDS = ("提法", "简称", "旧提法")
REMOVE = "删除"
COLUMNS = ("提法", "组", "类别", "始用", "止用", "替代为", "说明")
# characters a formulation may carry inside it without being another formulation
IGNORED = frozenset("“”‘’「」『』\"'、·•・ \t\u3000")
# a 提法 whose era ended more than GRACE years before the draft's year is flagged as stale
GRACE = 3


class LexiconError(ValueError):
    """A lexicon file that cannot be read: names the file, the line and the reason."""


@dataclass(frozen=True)
class Entry:
    term: str
    group: str
    kind: str = "提法"
    first: int | None = None
    last: int | None = None
    replaced_by: str = ""
    note: str = ""
    origin: str = "随附"  # 随附 (shipped), a file path, or 文库 (mined from the library)

    @property
    def key(self) -> str:
        return skeleton(self.term)[0]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry

    @property
    def term(self) -> str:
        return self.entry.term

    @property
    def group(self) -> str:
        return self.entry.group


def skeleton(text: str) -> tuple[str, list[int]]:
    """The text without ignored characters, and for each kept character its offset in `text`."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if ch not in IGNORED:
            kept.append(ch)
            where.append(i)
    return "".join(kept), where


@dataclass
class Lexicon:
    entries: dict[str, Entry] = field(default_factory=dict)  # by skeleton key

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, term: str) -> bool:
        return skeleton(term)[0] in self.entries

    def get(self, term: str) -> Entry | None:
        return self.entries.get(skeleton(term)[0])

    def group_of(self, term: str) -> str | None:
        entry = self.get(term)
        return entry.group if entry else None

    def variants(self, group: str) -> list[str]:
        """Every term of a variant group, the group's head first."""
        terms = [e.term for e in self.entries.values() if e.group == group]
        return sorted(terms, key=lambda t: (t != group, len(t), t))

    def groups(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            out.setdefault(entry.group, []).append(entry)
        return out

    def with_entries(self, extra: Iterable[Entry]) -> Lexicon:
        """A new lexicon with `extra` added; an entry already present is kept as it was."""
        entries = dict(self.entries)
        for entry in extra:
            entries.setdefault(entry.key, entry)
        return Lexicon(entries)

    @property
    def _pattern(self) -> re.Pattern | None:
        return _compiled(tuple(sorted(self.entries)))

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits left to right, the longest formulation at each place."""
        pattern = self._pattern
        if pattern is None:
            return []
        bare, where = skeleton(text)
        hits = []
        for m in pattern.finditer(bare):
            if m.end() == m.start():
                continue
            entry = self.entries[m.group(0)]
            start, end = where[m.start()], where[m.end() - 1] + 1
            hits.append(Hit(start, _close_quotes(text, start, end), entry))
        return hits

    def stale(self, term: str, year: int, grace: int = GRACE) -> str | None:
        """Why `term` would be out of date in a text of `year`, in Chinese; None if it is not."""
        entry = self.get(term)
        if entry is None or entry.last is None or year - entry.last <= grace:
            return None
        why = f"“{entry.term}”是{entry.first or ''}{'—' if entry.first else ''}{entry.last}年的提法"
        if entry.replaced_by:
            why += f"，现行提法为“{entry.replaced_by}”"
        return why


_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _close_quotes(text: str, start: int, end: int) -> int:
    """`end` moved over the closing marks of quotes opened inside the hit (新时代“枫桥经验”)."""
    open_marks = []
    for ch in text[start:end]:
        if ch in _PAIRS:
            open_marks.append(_PAIRS[ch])
        elif open_marks and ch == open_marks[-1]:
            open_marks.pop()
    while open_marks and end < len(text) and text[end] == open_marks[-1]:
        open_marks.pop()
        end += 1
    return end


@lru_cache(maxsize=8)
def _compiled(keys: tuple[str, ...]) -> re.Pattern | None:
    return trie_regex(keys) if keys else None


def _year(value: str, path: str, line: int, column: str) -> int | None:
    if not value:
        return None
    if not re.fullmatch(r"(1[89]|20)\d\d", value):
        raise LexiconError(f"{path} 第 {line} 行：“{column}”应为四位年份，而不是“{value}”")
    return int(value)


def parse(text: str, origin: str) -> list[Entry | tuple[str, str]]:
    """Rows of a lexicon file: entries, and ("删除", term) for rows removing a term."""
    rows: list[Entry | tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[:2] == list(COLUMNS[:2]):
            continue  # the header row
        cells += [""] * (len(COLUMNS) - len(cells))
        term, group, kind, first, last, replaced_by, note = cells[: len(COLUMNS)]
        if not skeleton(term)[0]:
            raise LexiconError(f"{origin} 第 {number} 行：没有提法（各列以制表符分隔）")
        if kind == REMOVE:
            rows.append((REMOVE, term))
            continue
        kind = kind or "提法"
        if kind not in KINDS:
            raise LexiconError(
                f"{origin} 第 {number} 行：类别“{kind}”不认识，应为{'、'.join(KINDS)}或{REMOVE}"
            )
        entry = Entry(
            term=term,
            group=group or term,
            kind=kind,
            first=_year(first, origin, number, "始用"),
            last=_year(last, origin, number, "止用"),
            replaced_by=replaced_by,
            note=note,
            origin=origin,
        )
        if entry.first and entry.last and entry.first > entry.last:
            raise LexiconError(f"{origin} 第 {number} 行：始用 {entry.first} 晚于止用 {entry.last}")
        rows.append(entry)
    return rows


def _apply(entries: dict[str, Entry], rows: list[Entry | tuple[str, str]]) -> None:
    for row in rows:
        if isinstance(row, tuple):
            entries.pop(skeleton(row[1])[0], None)
        else:
            entries[row.key] = row


@lru_cache(maxsize=1)
def shipped() -> Lexicon:
    text = resources.files("jianghua").joinpath("data", FILE_NAME).read_text(encoding="utf-8")
    entries: dict[str, Entry] = {}
    _apply(entries, parse(text, "随附"))
    return Lexicon(entries)


def load(library: str | Path | None = None) -> Lexicon:
    """The shipped lexicon, overridden by `<library>/tifa.tsv` when the library has one."""
    base = shipped()
    if library is None:
        return base
    path = Path(library) / FILE_NAME
    if not path.is_file():
        return base
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise LexiconError(f"{path}：无法读取（{err}）") from err
    entries = dict(base.entries)
    _apply(entries, parse(text, str(path)))
    return Lexicon(entries)


def mined(terms: Iterable[str], group_of=None) -> list[Entry]:
    """Entries for formulations mined from a library (structure.formulations), origin 文库."""
    out = []
    for term in terms:
        if skeleton(term)[0]:
            group = group_of(term) if group_of else term
            out.append(Entry(term=term, group=group or term, origin="文库"))
    return out


__all__ = [
    "Entry",
    "Hit",
    "Lexicon",
    "LexiconError",
    "load",
    "mined",
    "parse",
    "shipped",
    "skeleton",
]
