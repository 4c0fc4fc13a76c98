"""提法 currency: a borrowed paragraph in a draft for year Y says 提法 as they were said in Y.

The eras come from the shipped, editable lexicon (jianghua.lexicon: first/last year of currency,
the wording that replaced it). Nothing is rewritten: a 提法 whose era ended before Y
(`Lexicon.stale`) gets a visible 【请核对：…】 after it naming its era and successor, and a masked
session number left by the source site ("十x届", "xx届") is marked the same way, so the writer
decides. A formulation named inside the list of guiding thoughts (马克思列宁主义、毛泽东思想、
邓小平理论、“三个代表”重要思想、科学发展观…) is still current there and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianghua.lexicon import Lexicon, shipped

MASKED_SESSION = re.compile(r"(?:十|二十)?[xX×*＊]{1,2}届|十[xX×*＊]届")
# the enumeration of the Party's guiding thoughts keeps every earlier one as current
GUIDING_LIST = re.compile(r"邓小平理论|马克思列宁主义|毛泽东思想")
CHECK = "【请核对：{}】"


@dataclass
class Flag:
    start: int  # span in the text before the marks were inserted
    end: int
    term: str
    why: str

    def to_dict(self) -> dict:
        return {
            "kind": "tifa",
            "before": self.term,
            "after": self.term + CHECK.format(self.why),
            "start": self.start,
            "reason": self.why,
        }


def stale_flags(text: str, year: int | None, lexicon: Lexicon | None = None) -> list[Flag]:
    """The stale 提法 and masked session numbers of `text` for a draft of `year`."""
    if not year:
        return []
    lexicon = lexicon or shipped()
    flags = []
    for hit in lexicon.find(text):
        why = lexicon.stale(hit.term, year)
        if not why:
            continue
        window = text[max(0, hit.start - 40) : hit.end + 40]
        if GUIDING_LIST.search(window):
            continue
        flags.append(Flag(hit.start, hit.end, text[hit.start : hit.end], why))
    for m in MASKED_SESSION.finditer(text):
        flags.append(Flag(m.start(), m.end(), m.group(), "原文届次被掩码，请填写"))
    flags.sort(key=lambda f: f.start)
    kept, last = [], -1
    for f in flags:
        if f.start >= last:
            kept.append(f)
            last = f.end
    return kept


def mark_stale(
    text: str, year: int | None, lexicon: Lexicon | None = None
) -> tuple[str, list[Flag]]:
    """`text` with 【请核对：…】 after each stale 提法, and the flags."""
    flags = stale_flags(text, year, lexicon)
    out, cursor = [], 0
    for f in flags:
        out.append(text[cursor : f.end])
        out.append(CHECK.format(f.why))
        cursor = f.end
    out.append(text[cursor:])
    return "".join(out), flags
