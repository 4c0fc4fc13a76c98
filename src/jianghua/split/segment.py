"""Cut a block of text into speeches: the lines of each, header lines included, in page order.

The boundaries are where the line roles (jianghua.split.roles, decided over the whole block) start
a speech: a header, a salutation after another speech's text, or a body line that opens a speech by
itself (a closing before it, a statement of the meeting's purpose several paragraphs in).
"""

from __future__ import annotations

from jianghua.records import Line
from jianghua.split.roles import speech_parts


def segment(lines: list[Line], title: str | None = None) -> list[list[Line]]:
    """Split lines into speeches; blank lines stay with the speech they follow."""
    return [header + text for header, text in speech_parts(lines, title)]
