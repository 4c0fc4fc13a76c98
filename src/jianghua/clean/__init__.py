"""Cleaning steps. Each returns new records plus the list of edits it made."""

from __future__ import annotations

import re
from dataclasses import replace

from jianghua.clean.normalize import normalize_line
from jianghua.clean.repair import rejoin, split_glued_heading
from jianghua.records import Paragraph, Speech
from jianghua.text import SENTENCE_END, count_placeholders

__all__ = ["clean_speech"]


_INDENT = re.compile(r"^(\t|[\u3000]{2}| {2,}|\xa0{2,})")
HARD_WRAP_MEDIAN = 45  # characters: lines this short, all indented alike, are a text's wrapping


def paragraph_starts(paragraphs) -> set[int]:
    """Source lines that open a paragraph by their indent ("\t大家好，我是本次的项目汇报人，连志林"
    over "\t宋朝诗人释行海曾有诗……"): the line break before them is a paragraph's, whatever the
    line above ends with. Indent says nothing when every line has it and the lines are short:
    a block of text wrapped at a width, shifted right."""
    indented = [p.first_line for p in paragraphs if _INDENT.match(p.text)]
    if not indented:
        return set()
    if len(indented) == len(paragraphs):
        lengths = sorted(len(p.text.strip()) for p in paragraphs)
        if lengths[len(lengths) // 2] < HARD_WRAP_MEDIAN:
            return set()
    return set(indented)


def clean_speech(speech: Speech) -> Speech:
    """Split glued headings, normalise punctuation and spaces, rejoin broken lines; count placeholders."""
    edits = list(speech.edits)
    paragraphs: list[Paragraph] = []
    starts = paragraph_starts(speech.paragraphs)
    for p in speech.paragraphs:
        parts, split_edits = split_glued_heading(p)
        edits += split_edits
        for part in parts:
            text, line_edits = normalize_line(part.text, part.first_line)
            edits += line_edits
            if text:
                paragraphs.append(replace(part, text=text))
    paragraphs, join_edits = rejoin(paragraphs, starts)
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
