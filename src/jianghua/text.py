"""Character classes and markers shared by the cleaning and splitting stages."""

from __future__ import annotations

import re

# Outline markers a heading starts with: 一、 (一) 1、 1. ⒈ (1) 第一, 一是 首先 …
HEADING_MARKER = re.compile(
    r"^\s*("
    r"[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）][、.．]?"
    r"|\d{1,2}\s*[、.．。](?!\d)"
    r"|[⒈-⒛]"
    r"|[(（]\s*\d{1,2}\s*[)）]"
    r"|第[一二三四五六七八九十]{1,3}(个问题|部分|方面)?[,，、:：\s]"
    r"|[一二三四五六七八九十]{1,2}(是|要|方面)"
    r"|首先|其次|再次|最后|另一方面|一方面|启示[一二三四五六七八九十]"
    r")"
)
SENTENCE_END = "。！？!?；;：:…”’」』）)》—"
OPENING_QUOTES = "“‘「『《（("
CLOSING_PUNCT = "”’」』》）)，,、。！？!?；;：:"


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_cjk_punct(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·"


def is_heading(text: str) -> bool:
    return bool(HEADING_MARKER.match(text))


# Masked or lost values the pages carry: 20xx, 20**, xx, ××, **, XX, x旗委, empty “” and 《》.
PLACEHOLDER = re.compile(
    r"(?:19|20)[xX×*＊]{2}"
    r"|[xX×*＊]{2,}"
    # a lone x: the look-behind comes after the x, so that every branch starts with a character
    # the regex engine can skip ahead to (a leading look-behind is tried at every position)
    r"|[xX×](?<![A-Za-z0-9].)(?![A-Za-z0-9])"
    r"|“\s*”|《\s*》"
)


# Every placeholder holds one of these; most paragraphs hold none and skip the full pattern.
_PLACEHOLDER_HINT = re.compile(r"[xX×*＊“《]")


# PLACEHOLDER's masked-character branches and its empty-quote branches, apart: their matches cannot
# overlap, so their counts add up to PLACEHOLDER's; the first runs only on a text holding one of
# the masking characters (few do), the others start with a literal the regex engine skips to.
_MASKED = re.compile(r"(?:19|20)[xX×*＊]{2}|[xX×*＊]{2,}|[xX×](?<![A-Za-z0-9].)(?![A-Za-z0-9])")
_EMPTY_QUOTES = (re.compile(r"“\s*”"), re.compile(r"《\s*》"))


def count_placeholders(text: str) -> int:
    """len(placeholders(text)), without building the list."""
    n = 0
    if any(c in text for c in "xX×*＊"):
        n += len(_MASKED.findall(text))
    if "“" in text or "《" in text:
        n += sum(len(p.findall(text)) for p in _EMPTY_QUOTES)
    return n


def placeholders(text: str) -> list[tuple[int, int, str]]:
    """Every placeholder in `text` as (start, end, placeholder)."""
    if not _PLACEHOLDER_HINT.search(text):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in PLACEHOLDER.finditer(text)]


def gated_matches(parts, text: str) -> list[re.Match]:
    """The matches of (pattern, needles) parts, by start: a pattern is scanned only when the text
    holds one of its needles (a substring search is several times faster than a scan by a pattern
    that starts with a class). For the parts of one pattern whose matches cannot overlap: merged,
    they are that pattern's matches."""
    found = [
        m
        for pattern, needles in parts
        if any(n in text for n in needles)
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda m: m.start())
    return found


# Characters XML 1.0 forbids (every C0 control but tab, LF and CR; surrogates; U+FFFE/U+FFFF):
# python-docx refuses a run holding one, so a form feed copied from a PDF broke every DOCX writer.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What the readers drop from a line: the same, tab aside, plus DEL and the C1 controls (which
# only mis-decoded bytes produce), so that no stage, index or writer ever sees them.
CONTROL_CHARS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with each character XML 1.0 forbids replaced by a space: the length is kept, so
    offsets into the text (highlighted spans) stay right."""
    return _XML_FORBIDDEN.sub(" ", text)


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGITS.update({"〇": 0, "两": 2})


def chinese_number(text: str) -> int | None:
    """'十六' -> 16, '二十二' -> 22, '3' -> 3; None when it is not a number."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
