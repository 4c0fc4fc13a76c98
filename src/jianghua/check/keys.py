"""The comparison key of a text: its letters and digits only, with a map back to the text.

查重 compares texts on their content characters. Punctuation and spaces are dropped from the key
(so full- and half-width punctuation, padding spaces and a comma changed into 、 never break a
match: a stronger form of `clean.normalize`), full-width ASCII letters and digits are folded to
ASCII lower case, look-alike ideographs (Kangxi radicals, compatibility ideographs) are folded to
the ideograph they look like, and a draft in Traditional script is converted to Simplified exactly as ingest
converts a page (`clean.script`). Library speeches are stored already cleaned and Simplified, so
their key only drops and folds.

Every key character remembers the interval of the original text it came from, so that a match
found on keys is reported at the exact characters as written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

from jianghua.clean import script

_KEY_RUN = re.compile(r"[^\W_]+")
_NOT_KEY = re.compile(r"[\W_]+")
# Full-width ASCII letters and digits → ASCII; ASCII upper → lower case.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x61 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        **{chr(0x41 + i): chr(0x61 + i) for i in range(26)},
    }
)


_FOLDABLE = re.compile(r"[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def _fold_match(m: re.Match) -> str:
    return m.group(0).translate(_FOLD)


def _lookalike_table() -> dict[int, str]:
    """Kangxi and CJK radicals and compatibility ideographs → the unified ideograph they look
    like (their NFKC form, when it is one character): ⼀ (U+2F00) → 一, 不 (U+F967) → 不."""
    table = {}
    ranges = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1 and folded != chr(cp):
                table[cp] = folded
    return table


_LOOKALIKE = _lookalike_table()


def fold_lookalikes(text: str) -> str:
    """Look-alike ideographs to the ideograph they stand for, one character for one."""
    return text.translate(_LOOKALIKE)


def fold(text: str) -> str:
    """Full-width letters and digits to ASCII, ASCII to lower case (one character for one)."""
    return _FOLDABLE.sub(_fold_match, text)


@dataclass(frozen=True)
class TextKey:
    """`key` and, per key character, the [start, end) interval of the text it stands for."""

    key: str
    starts: list[int]
    ends: list[int]

    def text_span(self, a: int, b: int) -> tuple[int, int]:
        """The text interval of key characters [a, b)."""
        return self.starts[a], self.ends[b - 1]


def library_key(text: str) -> str:
    """The key of a stored (already Simplified, cleaned) speech text."""
    return fold(_NOT_KEY.sub("", text))


class LibraryKeyMap:
    """Key offsets → offsets in a stored speech text, computed from its runs of key characters."""

    def __init__(self, text: str):
        self.text_starts: list[int] = []
        self.key_starts: list[int] = []
        k = 0
        for m in _KEY_RUN.finditer(text):
            self.text_starts.append(m.start())
            self.key_starts.append(k)
            k += m.end() - m.start()
        self.length = k

    def position(self, k: int) -> int:
        run = bisect_right(self.key_starts, k) - 1
        return self.text_starts[run] + k - self.key_starts[run]

    def text_span(self, c: int, d: int) -> tuple[int, int]:
        return self.position(c), self.position(d - 1) + 1


def _char_t2s(text: str) -> str:
    """t2s one character at a time: the same length as `text` (a character t2s would expand
    is kept), used to align a line with its phrase-level conversion."""
    return "".join(c if len(c) == 1 else o for o, c in zip(text, _t2s_chars(text), strict=True))


def _t2s_chars(text: str) -> list[str]:
    if not text:
        return []
    out = script.t2s("\n".join(text)).split("\n")
    return out if len(out) == len(text) else [script.t2s(ch) for ch in text]


def _converted_map(line: str, converted: str, base: int) -> tuple[list[int], list[int]]:
    """For each character of `converted`, the [start, end) interval of `line` (offset by base)
    it came from. A phrase conversion that changed the length maps every character of the new
    word to the whole old word."""
    if len(converted) == len(line):
        return list(range(base, base + len(line))), list(range(base + 1, base + len(line) + 1))
    ops = SequenceMatcher(None, _char_t2s(line), converted, autojunk=False).get_opcodes()
    # A short "equal" block between two changes is a character the new word happens to share
    # with the old one (網際網路 → 互联网 shares 网): it belongs to the changed word.
    blocks: list[list] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        inside = 0 < k < len(ops) - 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        changed = op != "equal" or (inside and i2 - i1 <= 2)
        if changed and blocks and blocks[-1][0]:
            blocks[-1][2], blocks[-1][4] = i2, j2
        else:
            blocks.append([changed, i1, i2, j1, j2])
    starts: list[int] = []
    ends: list[int] = []
    for changed, i1, i2, j1, j2 in blocks:
        if not changed:
            starts += range(base + i1, base + i2)
            ends += range(base + i1 + 1, base + i2 + 1)
        else:  # the new characters stand for the whole old block (at least one character)
            starts += [base + i1] * (j2 - j1)
            ends += [base + max(i2, min(i1 + 1, len(line)))] * (j2 - j1)
    return starts, ends


def draft_key(text: str) -> tuple[TextKey, str]:
    """The key of a draft as written, and the script it was detected in.

    A Traditional draft is converted line by line with the same rules as an ingested page
    (`clean.script`: detection, Taiwan vocabulary only when the draft shows it, then t2s).
    """
    lines = text.split("\n")
    detected = script.detect_script(lines)
    taiwan = detected == "traditional" and script.has_taiwan_vocab(lines)
    key: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    base = 0
    for number, line in enumerate(lines, 1):
        line = fold_lookalikes(line)  # one for one: offsets still index the draft as written
        if detected == "traditional":
            converted, _ = script.to_simplified_line(line, number, taiwan=taiwan)
        else:
            converted = line
        line_starts, line_ends = _converted_map(line, converted, base)
        for m in _KEY_RUN.finditer(converted):
            key.append(m.group(0))
            starts += line_starts[m.start() : m.end()]
            ends += line_ends[m.start() : m.end()]
        base += len(line) + 1
    return TextKey(fold("".join(key)), starts, ends), detected
