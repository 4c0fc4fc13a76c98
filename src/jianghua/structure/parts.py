"""Salutation, opening and closing: the frame around a speech's sections.

salutation: the address line (同志们：, 尊敬的…，各位领导、同志们：) and a greeting after it
(大家下午好！); opening: what comes between it and the first top-level section (or the first
paragraph when there are no sections); closing: the trailing paragraphs that sum up and send off
(同志们，…让我们…, 最后，祝…, 谢谢大家, 我就讲这么多).
Each part is {"text", "start", "end"} with offsets into the speech text, or None.
"""

from __future__ import annotations

import re

ADDRESS = re.compile(
    r"^(?:尊敬的|各位|亲爱的|同志们|女士们|先生们|朋友们|老师们|同学们|老领导|领导们|全体)"
    r"[^。？?]{0,40}$"
)
ADDRESS_WORD = re.compile(r"同志们|各位|尊敬的|朋友们|代表们|嘉宾|来宾|女士们|老师们|同学们")
GREETING = re.compile(r"^大家(?:上午|下午|晚上)?好[！!。]?$")
CLOSING_CUE = re.compile(
    r"^(?:同志们|各位|朋友们)[^：:]{0,12}[，,！!]"
    r"|^让我们|^最后\s*[，,]?\s*(?:祝|再|预祝|衷心|向)|谢谢(?:大家|各位)?[！!。]?$"
    r"|我就讲(?:这么多|这些|到这里)|^以上(?:是|就是)我|^祝(?:大家|各位|会议|大会|本次)"
    r"|^总之|^希望(?:全市|全县|全区|全省|各级|大家|广大)"
)
SHORT_CLOSING = 15
GLUED_TAIL = 1500  # a glued send-off is looked for this far from the end (bounds the search)


def salutation(paragraphs: list[str], offsets: list[int]) -> tuple[dict | None, int]:
    """(salutation part, index of the first paragraph after it)."""
    if not paragraphs:
        return None, 0
    first = paragraphs[0].strip()
    if len(first) > 45 or not ADDRESS.match(first) or not ADDRESS_WORD.search(first):
        return None, 0
    last = 0
    if len(paragraphs) > 1 and GREETING.match(paragraphs[1].strip()):
        last = 1
    end = offsets[last] + len(paragraphs[last])
    return {"text": "\n".join(paragraphs[: last + 1]), "start": 0, "end": end}, last + 1


_GLUED_CLOSING = re.compile(
    r"[。！!]\s*((?:同志们|各位[^，,。]{0,8})[，,！!].*?(?:让我们|希望|祝))"
)
_MARKED = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]+[是要])"
)


def _is_closing(text: str) -> bool:
    """A send-off paragraph: starts with a cue, or (not being a numbered item) calls 让我们."""
    if CLOSING_CUE.search(text) and not _MARKED.match(text):
        return True
    return "让我们" in text[-200:] and not _MARKED.match(text)


def closing(paragraphs: list[str], offsets: list[int], body_start: int) -> tuple[dict | None, int]:
    """(closing part, index of its first paragraph or len(paragraphs)): up to three trailing
    paragraphs, each a send-off or a short line after one; or the send-off glued to the end of
    the last paragraph ("…。同志们，…让我们…")."""
    first = len(paragraphs)
    k = len(paragraphs) - 1
    while k >= max(body_start, len(paragraphs) - 3):
        text = paragraphs[k].strip()
        if _is_closing(text):
            first = k
        elif not (len(text) <= SHORT_CLOSING and first == k + 1):
            break
        k -= 1
    end = offsets[-1] + len(paragraphs[-1]) if paragraphs else 0
    if first >= len(paragraphs):
        if not paragraphs or len(paragraphs) <= body_start:
            return None, first
        tail_from = max(0, len(paragraphs[-1]) - GLUED_TAIL)
        glued = _GLUED_CLOSING.search(paragraphs[-1], tail_from)
        if not glued:
            return None, first
        start = offsets[-1] + glued.start(1)
        return {"text": paragraphs[-1][glued.start(1) :], "start": start, "end": end}, first
    start, lead = offsets[first], paragraphs[first]
    if not CLOSING_CUE.match(lead.strip()):
        # the send-off starts inside the paragraph, in its last GLUED_TAIL characters
        glued = _GLUED_CLOSING.search(lead, max(0, len(lead) - GLUED_TAIL))
        if glued:
            start += glued.start(1)
    text = "\n".join(paragraphs[first:])[start - offsets[first] :]
    return {"text": text, "start": start, "end": end}, first


def opening(
    paragraphs: list[str], offsets: list[int], first: int, body_start: int | None
) -> dict | None:
    """Paragraphs `first` .. before the first section (body_start = its offset), or the first
    paragraph after the salutation when the speech has no sections."""
    if first >= len(paragraphs):
        return None
    last = first
    if body_start is not None:
        if offsets[first] >= body_start:
            return None
        while last + 1 < len(paragraphs) and offsets[last + 1] < body_start:
            last += 1
    end = offsets[last] + len(paragraphs[last])
    return {"text": "\n".join(paragraphs[first : last + 1]), "start": offsets[first], "end": end}
