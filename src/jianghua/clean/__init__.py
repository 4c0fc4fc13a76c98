"""Cleaning steps. Each returns new records plus the list of edits it made."""

from __future__ import annotations

from dataclasses import replace

from jianghua.clean.normalize import normalize_line
from jianghua.clean.repair import rejoin, split_glued_heading
from jianghua.records import Paragraph, Speech
from jianghua.text import SENTENCE_END, count_placeholders

__all__ = ["clean_speech"]


def clean_speech(speech: Speech) -> Speech:
    """Split glued headings, normalise punctuation and spaces, rejoin broken lines; count placeholders."""
    edits = list(speech.edits)
    paragraphs: list[Paragraph] = []
    for p in speech.paragraphs:
        parts, split_edits = split_glued_heading(p)
        edits += split_edits
        for part in parts:
            text, line_edits = normalize_line(part.text, part.first_line)
            edits += line_edits
            if text:
                paragraphs.append(replace(part, text=text))
    paragraphs, join_edits = rejoin(paragraphs)
    edits += join_edits
    speech.paragraphs = paragraphs
    speech.edits = edits
    speech.meta["placeholders"] = sum(count_placeholders(p.text) for p in paragraphs)
    # Flags say what was masked or lost; the values themselves are never guessed.
    if speech.meta["placeholders"]:
        speech.flags.append("masked")
    if paragraphs and paragraphs[-1].text[-1] not in SENTENCE_END + "！？":
        speech.flags.append("truncated")
    return speech
