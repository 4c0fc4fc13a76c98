"""Chinese and Arabic numerals as they appear in outline markers, dates and announced counts."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "0": 0, "Ｏ": 0, "○": 0, "o": 0, "O": 0}
DIGITS.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
DIGITS["两"] = 2
CN_NUM = "一二三四五六七八九十两"


def cn_to_int(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21, 一百 -> 100; digits pass through; else None."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "百" in text:
        head, _, tail = text.partition("百")
        hundreds = DIGITS.get(head, None) if head else 1
        rest = cn_to_int(tail) if tail else 0
        if hundreds is None or rest is None:
            return None
        return hundreds * 100 + rest
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = DIGITS.get(head) if head else 1
        ones = DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(text) == 1:
        return DIGITS.get(text)
    return None


def cn_digits_to_int(text: str) -> int | None:
    """Digit-by-digit numerals as in dates: 二0一一 -> 2011, 三十 -> 30 (falls back to cn_to_int)."""
    if all(c in DIGITS or c.isdigit() for c in text):
        value = 0
        for c in text:
            value = value * 10 + (int(c) if c.isdigit() else DIGITS[c])
        return value
    return cn_to_int(text)
