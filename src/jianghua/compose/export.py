"""A draft as DOCX (GB/T 9704), Markdown or plain text; all three carry the sources.

Citation markers are "[n]" after the paragraph in every format, numbered as the appendix lists
them, so a reader can go from any borrowed sentence to the file and lines it came from.
A DOCX draft also gets, beside it, the copy a writer hands on: `<name>.print.docx` without
markers or appendix, and `<name>.sources.docx`, the sources as a sheet of their own.
"""

from __future__ import annotations

from pathlib import Path

from jianghua.compose.docx import SOURCES_HEADING, write_docx, write_sources_docx
from jianghua.compose.draft import Draft

FORMATS = ("docx", "md", "txt")


def _marker(sources: list[int]) -> str:
    return "[" + ",".join(str(n) for n in sources) + "]" if sources else ""


def render_markdown(draft: Draft) -> str:
    out = [f"# {draft.title}", ""]
    if draft.label:
        out += [f"> {draft.label}", ""]
    out += [line + "  " for line in draft.subtitle] + [""]
    for p in draft.paragraphs:
        marker = _marker(p.sources)
        if p.level == 0:
            out += [p.text + marker, ""]
        else:
            out += ["#" * (p.level + 1) + " " + p.text + marker, ""]
    if draft.citations:
        out += ["---", "", f"## {SOURCES_HEADING}", ""]
        out += [f"{c.number}. {c.describe()}" for c in draft.citations]
        out.append("")
    return "\n".join(out)


def render_text(draft: Draft) -> str:
    out = [draft.title, ""]
    if draft.label:
        out += [draft.label, ""]
    out += list(draft.subtitle) + [""]
    for p in draft.paragraphs:
        indent = "" if p.level == 0 and p.kind == "salutation" else "　　"
        out.append(indent + p.text + _marker(p.sources))
    if draft.citations:
        out += ["", SOURCES_HEADING]
        out += [f"[{c.number}] {c.describe()}" for c in draft.citations]
    return "\n".join(out) + "\n"


def print_copy_paths(path: str | Path) -> tuple[Path, Path]:
    """(clean copy, sources sheet) written beside the annotated DOCX at `path`."""
    path = Path(path)
    return path.with_suffix(".print.docx"), path.with_suffix(".sources.docx")


def write_print_copy(draft: Draft, path: str | Path, **docx_options) -> Path:
    """The clean copy for print: the speech alone, no [n] markers, no appendix."""
    return write_docx(
        path,
        draft.title,
        [(level, text, (), kind) for level, text, _, kind in draft.blocks()],
        subtitle=draft.subtitle,
        markers=False,
        **docx_options,
    )


def write_sources_sheet(draft: Draft, path: str | Path, **docx_options) -> Path:
    return write_sources_docx(
        path,
        draft.title,
        draft.source_lines(),
        label=draft.label,
        paragraphs=[(p.text, p.sources) for p in draft.paragraphs],
        **docx_options,
    )


def write_draft(
    draft: Draft,
    path: str | Path,
    fmt: str | None = None,
    *,
    print_copy: bool = True,
    **docx_options,
) -> Path:
    """Write `draft` to `path` as `fmt` (default: from the file extension); a DOCX also gets
    its clean copy and sources sheet beside it (print_copy=False: the annotated file alone)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "docx").lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise ValueError(f"{path}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "docx":
        write_docx(
            path,
            draft.title,
            draft.blocks(),
            draft.source_lines(),
            subtitle=draft.subtitle,
            label=draft.label,
            **docx_options,
        )
        if print_copy:
            clean, sheet = print_copy_paths(path)
            write_print_copy(draft, clean, **docx_options)
            write_sources_sheet(draft, sheet, **docx_options)
        return path
    text = render_markdown(draft) if fmt == "md" else render_text(draft)
    path.write_text(text, encoding="utf-8")
    return path
