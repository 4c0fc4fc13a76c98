"""查重 command: check a draft against the library."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from jianghua.check import CheckIndex, check_text
from jianghua.check.read import read_draft
from jianghua.check.report import highlight_original_docx, html_document, to_docx
from jianghua.cli.common import (
    LibraryOption,
    app,
    console,
    err,
    open_library,
    output_file,
    shown,
    writing,
)
from jianghua.errors import JianghuaError


@app.command("check")
def check_cmd(
    draft: str = typer.Argument(..., help="The draft: a .txt or .docx file, or - for stdin."),
    library: Path = LibraryOption,
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    html_out: Path | None = typer.Option(None, "--html", help="Write an HTML report to FILE."),
    docx_out: Path | None = typer.Option(None, "--docx", help="Write a DOCX report to FILE."),
    speech_url: str = typer.Option(
        "/speech/{id}",
        "--speech-url",
        help="Link of a source speech in the HTML report ({id} is replaced), e.g. "
        "http://127.0.0.1:8000/speech/{id} for a running `jianghua serve`.",
    ),
    min_chars: int = typer.Option(
        13, "--min-chars", help="Shortest shared passage reported (key characters)."
    ),
) -> None:
    """Find the passages of a draft copied from library speeches (查重)."""
    output_file(html_out, "HTML 报告")
    output_file(docx_out, "DOCX 报告")
    try:
        text = read_draft(draft)
    except JianghuaError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    with open_library(library) as lib:
        index = CheckIndex(lib)
        pending = index.pending()
        if pending:
            err.print(
                f"warning: {pending} speeches are not in the 查重 index yet and were not"
                " compared (run `jianghua reindex --only check`)",
                markup=False,
                soft_wrap=True,
            )
        try:
            report = check_text(lib, text, min_chars=min_chars, index=index)
        except JianghuaError as exc:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    if html_out:
        with writing(html_out, "HTML 报告"):
            html_out.write_text(html_document(report, speech_url), encoding="utf-8")
    if docx_out:
        in_place = None
        if draft.lower().endswith(".docx"):  # highlight the author's own document
            in_place = highlight_original_docx(report, Path(draft).read_bytes())
            if in_place is None:
                err.print(
                    "note: the draft's .docx could not be highlighted in place;"
                    " writing the report as a new document",
                    markup=False,
                )
        with writing(docx_out, "DOCX 报告"):
            docx_out.write_bytes(in_place or to_docx(report))
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return
    console.print(
        f"{report.chars} characters · copied {report.copied_share:.1%} · "
        f"excluding common formulations {report.copied_share_excluding_common:.1%}"
    )
    table = Table("source", "title", "file", "share", "chars", "spans")
    for s in report.sources:
        table.add_row(
            s.id,
            shown(s.title or ""),
            shown(s.file or ""),
            f"{s.share:.1%}",
            str(s.chars),
            str(len(s.spans)),
        )
    console.print(table)
    for span in report.spans:
        kind = "common" if span.common else ("edited" if span.edited else "copied")
        console.print(
            f"{span.start}-{span.end} {kind} {span.source_id}:{span.source_start}-{span.source_end}"
            f" {report.text[span.start : span.end]}",
            markup=False,
            soft_wrap=True,
        )
