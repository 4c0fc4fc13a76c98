"""A speech as a download: plain text or DOCX (the compose writer's official-document layout)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from jianghua.compose.docx import write_docx


def source_lines(occurrences: list[dict]) -> list[str]:
    return [f"{o['file']} 第{o['lines'][0]}–{o['lines'][1]}行" for o in occurrences]


def as_text(view: dict) -> str:
    speech = view["speech"]
    out = [speech["title"] or "（无标题）", ""]
    out += [p["text"] for p in view["paragraphs"]]
    out += ["", "来源："] + [f"  {line}" for line in source_lines(view["occurrences"])]
    return "\n".join(out) + "\n"


def as_docx(view: dict) -> bytes:
    speech = view["speech"]
    blocks = []
    for p in view["paragraphs"]:
        level = p["heading_level"] if p["heading_level"] in (1, 2, 3, 4) else 0
        if p["text"].strip():
            blocks.append((level, p["text"]))
    # write_docx writes to a path; the name is ours, never the user's or the title.
    with tempfile.TemporaryDirectory(prefix="jianghua-docx-") as folder:
        path = Path(folder) / "speech.docx"
        write_docx(
            path,
            speech["title"] or "（无标题）",
            blocks,
            sources=source_lines(view["occurrences"]),
            fonts="common",
        )
        return path.read_bytes()
