"""Traditional → Simplified for pages that a website machine-converted to Traditional script.

    detect_script(texts) -> 'traditional' | 'simplified'
    to_simplified_line(text, line) -> (converted, edits)
    convert_page(page) -> Page

A page is Traditional when more than 5 % of its CJK characters change under OpenCC `t2s`
(a Simplified page scores ~0). Only such pages are converted; a Simplified page comes back unchanged.

Conversion of one line: first the Taiwan vocabulary (`tw_vocab`: the reviewed table
data/tw_phrases.tsv, the context rules, and 著→着), matched on the Traditional text, longest match
first, on word boundaries; then `t2s` for everything else. OpenCC `tw2sp` is deliberately not used
(it turns 建立健全 into 创建健全, 儘快取得 into 尽缓存得 ...).

Edits: one Edit(kind='phrase', line, before=<Traditional word>, after=<Simplified word>) per
converted word, then one Edit(kind='script', line, before=<original line>, after=<converted line>)
per line that changed.

The table and the context rules are used only on pages that show Taiwan vocabulary (a few of
專案, 資訊, 網路, 釋出 ...; see `tw_vocab.has_taiwan_vocab`). A Traditional page without it
(plain s2t, Hong Kong forms) gets `t2s` plus the 著 rule only, so that its real 支援, 聯絡, 程序 stay.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import opencc

from jianghua.clean import tw_vocab
from jianghua.records import Edit, Line, Page

TRADITIONAL_SHARE = 0.05

_CJK_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)]

_lock = threading.RLock()  # re-entered: building the character class calls t2s
_converter: opencc.OpenCC | None = None


def _t2s() -> opencc.OpenCC:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                _converter = opencc.OpenCC("t2s")
    return _converter


def t2s(text: str) -> str:
    """OpenCC t2s (characters and OpenCC's own Traditional phrases only)."""
    return _t2s().convert(text)


def _t2s_many(texts: list[str]) -> list[str]:
    """t2s of many lines in one OpenCC call (lines never contain a newline)."""
    if not texts:
        return []
    out = t2s("\n".join(texts)).split("\n")
    if len(out) != len(texts):  # pragma: no cover - OpenCC keeps newlines
        out = [t2s(t) for t in texts]
    return out


# --------------------------------------------------------------------------------------------------
# detection


_script_table: np.ndarray | None = None


def _script_classes() -> np.ndarray:
    """Per code point: 0 not CJK, 1 a CJK character t2s keeps, 2 one t2s changes. Made once from
    OpenCC itself, so detection and conversion agree on what is Traditional."""
    global _script_table
    if _script_table is None:
        with _lock:
            if _script_table is None:
                table = np.zeros(0x110000, dtype=np.uint8)
                chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
                simplified = _t2s_many(chars)  # one char per line: character-level conversion
                for c, simple in zip(chars, simplified, strict=True):
                    table[ord(c)] = 2 if simple != c else 1
                _script_table = table
    return _script_table


def detect_script(texts: Iterable[str]) -> str:
    """'traditional' if more than 5 % of the CJK characters change under t2s, else 'simplified'."""
    # One table lookup per character in numpy: the two regex scans it replaces (CJK runs, changed
    # characters) were a third of the conversion stage on Simplified pages.
    text = "\n".join(texts)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    _, kept, changed = np.bincount(_script_classes()[codes], minlength=3).tolist()
    total = kept + changed
    if not total:
        return "simplified"
    return "traditional" if changed / total > TRADITIONAL_SHARE else "simplified"


def has_taiwan_vocab(texts: Iterable[str]) -> bool:
    """True when the texts show words that only a Taiwan-vocabulary conversion (s2twp) writes."""
    return tw_vocab.has_taiwan_vocab("\n".join(texts))


# --------------------------------------------------------------------------------------------------
# conversion


def _lazy_words(text: str):
    """A function giving the word segmentation of `text`, computed on first use."""
    cache: list[tw_vocab.Words] = []

    def get() -> tw_vocab.Words:
        if not cache:
            cache.append(tw_vocab.Words(text))
        return cache[0]

    return get


def _convert(text: str, draft: str, line: int, taiwan: bool) -> tuple[str, list[Edit]]:
    """Convert one Traditional line, given `draft` = t2s(text)."""
    if draft == text:
        # no Traditional character: a Simplified line (or a bare heading) is left alone; only the
        # Taiwan 著 is still read (著 is the same character in both scripts, 显著 stays)
        if "著" not in text:
            return text, []
        taiwan = False
    matcher = tw_vocab.taiwan_matcher() if taiwan else tw_vocab.zhe_matcher()
    aligned = len(draft) == len(text)
    # word boundaries come from the Simplified draft (jieba knows Simplified words), with 著 read
    # as the particle 着; if t2s changed the length, cut the Traditional text instead
    words = draft.replace("著", "着") if aligned else text.replace("著", "着")
    segmentation = _lazy_words(words)
    matches = matcher.find(text, segmentation)

    pieces: list[str] = []
    phrase_edits: list[Edit] = []
    pos = 0
    for i, m in enumerate(matches):
        if m.after is None:
            continue  # kept: t2s
        pieces.append(draft[pos : m.start] if aligned else t2s(text[pos : m.start]))
        pieces.append(m.after)
        if m.after == "着" and text[m.start : m.end] == "著":
            prev_end = pos
            next_start = matches[i + 1].start if i + 1 < len(matches) else len(text)
            before, after = _zhe_word(
                text, words, m.start, prev_end, next_start, segmentation, aligned
            )
        else:
            before, after = text[m.start : m.end], m.after
        phrase_edits.append(Edit("phrase", line, before, after, reason=m.name))
        pos = m.end
    pieces.append(draft[pos:] if aligned else t2s(text[pos:]))
    out = "".join(pieces)
    if out == text:
        return text, []
    return out, [*phrase_edits, Edit("script", line, text, out, reason="t2s")]


def _zhe_word(text, words, i, lo, hi, segmentation, aligned) -> tuple[str, str]:
    """The word around the particle 著 at `i`, for the edit record: 帶著→带着, 著力→着力."""
    if not aligned:
        return "著", "着"
    seg = segmentation()
    start, end = seg.word_at(i)
    if end - start == 1:  # 着 is a word of its own: show the word before it (圍繞著)
        prev = seg.word_before(i)
        if prev is not None:
            start = prev[0]
    start, end = max(start, lo), min(end, hi)
    return text[start:end], words[start:end]


def to_simplified_line(text: str, line: int, *, taiwan: bool = True) -> tuple[str, list[Edit]]:
    """Convert one Traditional line to Simplified.

    Taiwan vocabulary first (the reviewed table and context rules, longest match on word
    boundaries, 著→着), then t2s. `taiwan=False` applies t2s and the 著 rule only, and so does a
    line without any Traditional character (a Simplified line comes back byte-identical). Returns
    the converted text and its edits: 'phrase' edits (one per converted word, before = the
    Traditional word, after = the Simplified word) and one 'script' edit (before = the line,
    after = the converted line) if the line changed.
    """
    return _convert(text, t2s(text), line, taiwan)


def convert_page(page: Page) -> Page:
    """Convert a Traditional page to Simplified; a Simplified page is returned unchanged."""
    texts = [ln.text for ln in page.lines]
    if detect_script(texts) != "traditional":
        return page
    taiwan = has_taiwan_vocab(texts)
    drafts = _t2s_many(texts)
    new_lines: list[Line] = []
    edits: list[Edit] = []
    for ln, draft in zip(page.lines, drafts, strict=True):
        out, line_edits = _convert(ln.text, draft, ln.source_line, taiwan)
        new_lines.append(ln if out == ln.text else replace(ln, text=out))
        edits.extend(line_edits)
    # the page's own titles (<title>, <h1>, a crawl record's title field) become speech titles:
    # in the script of the text they name
    meta = dict(page.meta)
    for key in PAGE_TITLE_KEYS:
        if isinstance(meta.get(key), str):
            meta[key] = to_simplified_line(meta[key], 0, taiwan=taiwan)[0]
    return page.with_lines(new_lines, edits, script="traditional", meta=meta)


PAGE_TITLE_KEYS = ("html_title", "html_h1", "record_title")
