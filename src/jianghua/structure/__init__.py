"""Structure of one speech: outline, parts and roles, metadata, loss flags, formulations.

`analyze` is a pure function of a cleaned Speech; the pipeline calls it in the workers and the
store keeps its result as JSON beside the speech. Offsets (start, end) are character offsets into
`speech.text` (paragraphs joined by "\\n"), end exclusive.

Result keys: version, outline (nodes {level, marker, style, number, heading, role,
role_confidence, start, end, children}), roles (the top-level role sequence), salutation, opening,
closing ({text, start, end} or None), meta ({field: {value, source, confidence, evidence}}),
flags ([{kind, detail, start, end}]), formulations ([{kind, text, start, end}]), announced.
"""

from __future__ import annotations

import re

from jianghua.records import Speech
from jianghua.structure import formulations, losses, meta, parts, roles
from jianghua.structure.outline import outline, paragraph_offsets

VERSION = 1


# a stretch between two stops (or a line break), with the stop that ends it: one match after the
# other, so linear in the text (a search for "ten non-stops, then a stop" tried every position of a
# long text without one, quadratic on a hostile page of a million characters)
_STRETCH = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;\n]|$)")
SENTENCE_MIN = 10  # characters before the stop


def has_sentence(text: str) -> bool:
    """Whether the text holds one sentence: ten characters or more, then 。！？."""
    for m in _STRETCH.finditer(text):
        piece = m.group(0)
        if len(piece) > SENTENCE_MIN and piece[-1] in "。！？!?":
            return True
        if not piece:
            break
    return False


def analyze(speech: Speech) -> dict:
    """The structure of `speech` as a JSON-ready dict."""
    paragraphs = [p.text for p in speech.paragraphs]
    if not paragraphs:
        return {"version": VERSION, "outline": [], "flags": [], "meta": {}}
    text = "\n".join(paragraphs)
    offsets = paragraph_offsets(paragraphs)
    text_end = len(text)
    header = [h.text for h in speech.header]

    salutation, after = parts.salutation(paragraphs, offsets)
    closing, closing_index = parts.closing(paragraphs, offsets, after + 1)
    body_end = closing["start"] - 1 if closing else text_end
    roots, _headings, outline_flags, announcements = outline(paragraphs, offsets, body_end)
    nodes = [node.as_dict() for node in roots]
    role_sequence = roles.assign_roles(nodes, text)
    opening = parts.opening(paragraphs, offsets, after, nodes[0]["start"] if nodes else None)

    fields = meta.extract(
        speech.title, header, text, speech.meta, salutation is not None, sections=len(nodes)
    )
    genre = fields.get("genre", {}).get("value")
    # a text read to an audience has an address or a send-off; a plan, a written report or a
    # reflection has neither (a fragment with a send-off is part of a speech)
    framed = salutation is not None or closing is not None
    is_speech = genre not in ("工作计划", "心得体会", "书信", "答问", "文章", "文件", None) and (
        framed or genre not in ("fragment", "工作报告")
    )
    if is_speech and not framed and (meta.reports_news(text) or speech.meta.get("under_news_lead")):
        is_speech = False  # "本站讯……", "7月16日，……会议在成都召开": a story about the speech
    if is_speech and not framed and not has_sentence(text):
        # not one sentence: a column's list of titles, a menu (c12a_jiayu_leader_speech_column_list)
        is_speech, genre = False, "fragment"
    flags = outline_flags + losses.flags(
        text, announcements, is_speech, genre, has_closing=closing is not None
    )
    flags.sort(key=lambda f: (f["start"], f["kind"]))
    return {
        "version": VERSION,
        "outline": nodes,
        "roles": role_sequence,
        "salutation": salutation,
        "opening": opening,
        "closing": closing,
        "meta": fields,
        "flags": flags,
        "formulations": formulations.formulations(text),
        "announced": [
            {k: a.get(k) for k in ("count", "found", "text", "start", "end")} for a in announcements
        ],
    }
