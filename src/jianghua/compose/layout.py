"""Lay a writer's own draft out to GB/T 9704: find its title, subtitle lines, salutation, heading
levels and body, and write it with the same DOCX writer composed drafts use.

Only what the text shows is used, nothing is reworded:
- title: the lines before the salutation that are not subtitle lines (a title broken over two
  lines by the writer is joined again); with no salutation, a first line short enough for a title
  and not ending a sentence;
- subtitle: short lines near the title holding a date or a post (（2025年3月1日）, 县委书记 张三);
- salutation: structure.parts' address rule (同志们：, 各位代表、同志们：);
- headings: structure.outline's markers; the standard's four levels follow the marker (一、 and
  第一, → 1; （一） → 2; 1. → 3; （1） → 4). A heading that is its whole paragraph is set as a
  heading (kept with the next paragraph); a heading run into its paragraph ("（一）加强组织建设。
  全县要…") has its heading part in the heading's font and the rest in the body's.
Everything else is body text. Each block keeps the character span of its paragraph in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.check.read import draft_from_bytes
from jianghua.compose.docx import is_salutation, write_docx
from jianghua.errors import SourceError
from jianghua.structure.outline import find_headings, match_marker, paragraph_offsets

# marker style -> the standard's heading level
STYLE_LEVEL = {
    "cn_dun": 1,
    "di": 1,
    "cn_paren": 2,
    "num": 3,
    "num_paren": 4,
    "paren_circ": 4,
    "circ_dot": 3,
}
SUBTITLE = re.compile(
    r"^[—－]{1,2}"  # ——在全县…会议上的讲话, under a main title
    r"|(?:19|20)\d\d\s*年|[（(]\s*\d{1,2}\s*月|[（(].{0,20}[）)]$"
    r"|^\S{1,12}[ 　]+\S{2,6}$"  # a post and a name: 县委书记　张三
    r"|书记|县长|市长|区长|镇长|乡长|省长|主任|局长|部长|主席|旗长|处长|厅长|校长|院长|同志"
)
SENTENCE_END = "。！？!?；;"
MAX_TITLE = 60


@dataclass
class LaidOut:
    title: str
    subtitle: list[str]
    blocks: list[tuple[int, str, tuple, str]]  # (level, text, (), kind) as write_docx takes them
    spans: list[tuple[int, int]] = field(default_factory=list)  # each block's span in the text
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"标题行": len(self.title and [self.title]), "副标题行": len(self.subtitle)}
        out["称谓"] = sum(1 for b in self.blocks if b[3] == "salutation")
        for level in (1, 2, 3, 4):
            out[f"{level}级标题"] = sum(
                1 for b in self.blocks if b[0] == level or b[3] == f"runin{level}"
            )
        out["正文段"] = sum(1 for b in self.blocks if b[0] == 0 and b[3] == "")
        return out


def _is_subtitle(line: str) -> bool:
    return len(line) <= 60 and bool(SUBTITLE.search(line)) and line[-1] not in SENTENCE_END


def _titleish(line: str) -> bool:
    return len(line) <= MAX_TITLE and line[-1] not in SENTENCE_END + "，,：:"


def lay_out(text: str) -> LaidOut:
    """The title, subtitle lines and blocks of the draft `text` (paragraphs joined by "\\n")."""
    raw = text.split("\n")
    offsets = paragraph_offsets(raw)
    paras = [(offsets[i] + len(p) - len(p.lstrip()), p.strip()) for i, p in enumerate(raw)]
    paras = [(start, p) for start, p in paras if p]
    if not paras:
        raise ValueError("the draft is empty")
    lines = [p for _, p in paras]
    salutation = next((i for i, p in enumerate(lines[:8]) if is_salutation(p)), None)
    notes: list[str] = []
    title_parts: list[str] = []
    subtitle: list[str] = []
    if salutation is not None:
        head = lines[:salutation]
        for line in head:
            if _is_subtitle(line) and title_parts:
                subtitle.append(line)
            elif not subtitle and _titleish(line):
                title_parts.append(line)
            else:
                subtitle.append(line)
        body_from = salutation
    else:
        notes.append("未找到称谓行（如“同志们：”）")
        body_from = 0
        if _titleish(lines[0]) and not STYLE_LEVEL.get(_style(lines[0]) or ""):
            title_parts.append(lines[0])
            body_from = 1
            while body_from < len(lines) and body_from < 4 and _is_subtitle(lines[body_from]):
                subtitle.append(lines[body_from])
                body_from += 1
    if not title_parts:
        notes.append("未找到标题：标题处留作【标题】")
    title = "".join(title_parts) or "【标题】"

    body = paras[body_from:]
    body_lines = [p for _, p in body]
    headings = {h.index: h for h in find_headings(body_lines, paragraph_offsets(body_lines))}
    blocks, spans = [], []
    for i, (start, line) in enumerate(body):
        spans.append((start, start + len(line)))
        if i == 0 and salutation is not None:
            blocks.append((0, line, (), "salutation"))
            continue
        h = headings.get(i)
        level = STYLE_LEVEL.get(h.style) if h is not None else None
        if level is None:
            blocks.append((0, line, (), ""))
            continue
        cut = _heading_end(line, h.heading)
        rest = line[cut:].strip()
        if not rest:
            blocks.append((level, line, (), "heading"))
        else:
            blocks.append((level, line, (), f"runin{level}:{cut}"))
    return LaidOut(title, subtitle, blocks, spans, notes)


def _style(line: str) -> str | None:
    hit = match_marker(line)
    return hit[0] if hit else None


def _heading_end(line: str, heading: str) -> int:
    """Where the heading part of `line` ends, with the punctuation closing it (。 or ：)."""
    at = line.find(heading)
    end = at + len(heading) if at >= 0 else 0
    while end < len(line) and line[end] in "。.：:；;！!":
        end += 1
    return end


def format_file(src: str | Path, out: str | Path, fonts: str = "official") -> LaidOut:
    """Read the .docx or .txt `src`, write it laid out to GB/T 9704 at `out` (a .docx)."""
    src, out = Path(src), Path(out)
    if out.suffix.lower() != ".docx":
        raise SourceError(str(out), "the output must be a .docx file")
    try:
        data = src.read_bytes()
    except FileNotFoundError:
        raise SourceError(str(src), "file not found") from None
    except IsADirectoryError:
        raise SourceError(str(src), "is a directory, not a file") from None
    laid = lay_out(draft_from_bytes(data, src.name))
    write_docx(out, laid.title, laid.blocks, subtitle=laid.subtitle, fonts=fonts, markers=False)
    return laid


def format_bytes(data: bytes, name: str, out: str | Path, budget=None) -> LaidOut:
    """As format_file, for an upload: `data` named `name`, read within `budget`."""
    laid = lay_out(draft_from_bytes(data, name, budget))
    write_docx(out, laid.title, laid.blocks, subtitle=laid.subtitle, markers=False)
    return laid
