"""Structure of one speech: outline, parts and roles, metadata, loss flags, formulations.

`analyze` is a pure function of a cleaned Speech; the pipeline calls it in the workers and the
store keeps its result as JSON beside the speech. Offsets (start, end) are character offsets into
`speech.text` (paragraphs joined by "\\n"), end exclusive.
"""

from __future__ import annotations

from jianghua.records import Speech
from jianghua.structure.outline import outline, paragraph_offsets

VERSION = 1


def analyze(speech: Speech) -> dict:
    """The structure of `speech` as a JSON-ready dict."""
    paragraphs = [p.text for p in speech.paragraphs]
    offsets = paragraph_offsets(paragraphs)
    text_end = offsets[-1] + len(paragraphs[-1]) if paragraphs else 0
    roots, _headings, outline_flags, announcements = outline(paragraphs, offsets, text_end)
    return {
        "version": VERSION,
        "outline": [node.as_dict() for node in roots],
        "announced": [
            {k: a.get(k) for k in ("count", "found", "text", "start", "end")} for a in announcements
        ],
        "flags": outline_flags,
    }
