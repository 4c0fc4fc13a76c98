"""Find where one speech ends and the next begins inside a block of text.

A new speech starts at a line when
- the line is a salutation with a colon ("同志们:", "各位领导、同志们:") and the current speech
  already has text; a mid-speech "同志们," (comma) or "同志们、朋友们!" never starts one;
- the previous line closes a speech ("谢谢大家!", "最后,祝…身体健康!") and this line does not;
- the previous line is a closing exhortation ("同志们,…让我们…!") and this line opens a speech
  ("这次…会议…主要任务是", "经市委同意,今天召开…", "前不久…召开了…讲几点意见");
- this line states the meeting's purpose ("今天,我们在这里召开专题常委会议,主要目的是…") and the
  current speech already has several paragraphs: speeches say that once, at their start (seed 002
  lines 131-133, two bodies with no blank line between them).
Seed 000 篇五 (lines 78-122) and 篇十三 (293-385) exercise the first three.
"""

from __future__ import annotations

from jianghua.records import Line
from jianghua.split.cues import (
    is_closing,
    is_exhortation,
    is_opening,
    is_salutation,
    states_meeting_purpose,
)
from jianghua.split.header import is_header_line

# A purpose statement this far into a speech begins the next one.
_PURPOSE_AFTER = 3


def _starts_speech(prev: str, text: str, paragraphs: int) -> bool:
    if paragraphs == 0:
        return False
    if is_salutation(text):
        return True
    if is_closing(prev) and not is_closing(text):
        return True
    if paragraphs >= _PURPOSE_AFTER and is_exhortation(prev) and is_opening(text):
        return True
    return paragraphs >= _PURPOSE_AFTER and states_meeting_purpose(text)


def segment(lines: list[Line]) -> list[list[Line]]:
    """Split lines into speeches; blank lines stay with the speech they follow."""
    speeches: list[list[Line]] = []
    current: list[Line] = []
    prev = ""
    paragraphs = 0  # paragraphs of the current speech, not counting its salutation
    for line in lines:
        text = line.text.strip()
        if not text:
            current.append(line)
            continue
        if _starts_speech(prev, text, paragraphs):
            speeches.append(current)
            current, paragraphs = [], 0
        current.append(line)
        # A salutation or a header line (subtitle, date, speaker) is not yet the speech's text.
        if not (is_salutation(text) or (paragraphs == 0 and is_header_line(text, None))):
            paragraphs += 1
        prev = text
    if current:
        speeches.append(current)
    return [s for s in speeches if any(line.text.strip() for line in s)]
