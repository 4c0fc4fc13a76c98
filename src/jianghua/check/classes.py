"""Which shared text is not copying: quotations and common formulations of a draft.

- quoted: the words inside quotation marks opened right after a verb of saying (习近平总书记指出：“…”,
  强调, 要求, 提出…) or after a cited document (《中国共产党章程》明确规定：“…”). CNKI reports such
  passages as 引用 and leaves them out of 去除引用文献复制比; so does the report.
- formulations: the 提法 of the shipped, editable lexicon (`jianghua.lexicon`, with the library's
  own `tifa.tsv`) and the formulations that ingest mines from the library's speeches
  (structure.formulations) used by speeches of at least MINED_FAMILIES families. A standard 提法 is
  common in a library of any size: it never counts towards copying on its own.

Both are character ranges of the draft as written; `key_mask` turns ranges into draft key
positions.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left

import numpy as np

from jianghua import lexicon
from jianghua.check.keys import TextKey

MINED_FAMILIES = 2
_OPEN = {"“": "”", "「": "」", "『": "』"}
# a verb of saying, perhaps 所…的那样, then a colon or comma: what follows in quotes is quoted
_LEAD = re.compile(
    r"(?:指出|强调|要求|提出|指示|批示|号召|告诫|重申|写道|说过|说|讲|讲到|讲过|明确|阐明|阐述|论述|"
    r"规定|表示|宣布|提到|谈到|深刻指出|明确指出|精辟指出|所说|所指出|所强调|所要求)"
    r"(?:的那样|的)?\s*[：:，,]?\s*$"
)
_DOCUMENT = re.compile(r"《[^《》\n]{2,60}》[^“「『\n]{0,12}$")
LEAD_WINDOW = 24  # characters before the opening mark searched for the lead


def quotations(text: str) -> list[tuple[int, int]]:
    """[start, end) of the words inside every quotation introduced by a verb of saying or a cited
    document (the marks themselves left out). A quotation still open at the end of its line goes
    on in the next line when that line opens with the same mark (a quotation of several
    paragraphs closes only at its last); else it ends with its line."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPEN:
            i += 1
            continue
        line_start = text.rfind("\n", 0, i) + 1
        before = text[max(line_start, i - LEAD_WINDOW) : i]
        if not (_LEAD.search(before) or _DOCUMENT.search(before)):
            i += 1  # a quoted slogan (“四个意识”): its words are not a quotation
            continue
        start = i + 1
        while True:
            j = _close(text, start, ch)
            if j < n and text[j] == "\n" and text[j + 1 : j + 2] == ch:
                out.append((start, j))
                start = j + 2  # the next paragraph of the same quotation
                continue
            out.append((start, j))
            break
        i = j + 1
    return out


def _close(text: str, start: int, mark: str) -> int:
    """Where the quotation opened by `mark` before `start` closes (or its line ends)."""
    close = _OPEN[mark]
    depth = 0
    j = start
    while j < len(text) and text[j] != "\n":
        if text[j] == mark:
            depth += 1
        elif text[j] == close:
            if depth == 0:
                break
            depth -= 1
        j += 1
    return j


def key_mask(key: TextKey, ranges: list[tuple[int, int]]) -> np.ndarray:
    """Draft key positions whose character lies inside one of the text ranges."""
    mask = np.zeros(len(key.key), dtype=bool)
    for start, end in ranges:
        a = bisect_left(key.starts, start)
        b = bisect_left(key.starts, end)
        mask[a:b] = True
    return mask


_MINED: dict[tuple[str, int, int], frozenset[str]] = {}
_MINED_LOCK = threading.Lock()


def mined_formulations(lib) -> frozenset[str]:
    """Formulation texts of the library's speeches used in at least MINED_FAMILIES families
    (cached per library until its speeches change)."""
    count, last = lib.db.execute("SELECT COUNT(*), MAX(rowid) FROM speeches").fetchone()
    token = (str(lib.folder), count, last or 0)
    with _MINED_LOCK:
        if token in _MINED:
            return _MINED[token]
    families: dict[str, set[str]] = {}
    # only the formulations, extracted by SQLite: a speech's structure (outline, meta…) is large
    rows = lib.db.execute(
        "SELECT family, json_extract(structure, '$.formulations') FROM speeches"
        " WHERE json_valid(structure) AND json_array_length(structure, '$.formulations') > 0"
    )
    for family, raw in rows:
        try:
            found = json.loads(raw or "[]")
        except ValueError:
            continue
        if not isinstance(found, list):
            continue
        for f in found:
            text = f.get("text") if isinstance(f, dict) else None
            if text and len(text) >= 4:
                families.setdefault(text, set()).add(family)
    terms = frozenset(t for t, fams in families.items() if len(fams) >= MINED_FAMILIES)
    with _MINED_LOCK:
        _MINED.clear()
        _MINED[token] = terms
    return terms


def formulation_lexicon(lib) -> lexicon.Lexicon:
    """The 提法 lexicon of the library (shipped, overridden by its tifa.tsv) with its mined
    formulations added (the compiled pattern is cached by the lexicon for the same terms)."""
    return lexicon.load(lib.folder).with_entries(lexicon.mined(sorted(mined_formulations(lib))))


def formulations(lib, text: str) -> list[tuple[int, int]]:
    """[start, end) of every formulation of the library's lexicon in the draft text."""
    return [(h.start, h.end) for h in formulation_lexicon(lib).find(text)]
