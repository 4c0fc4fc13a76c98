"""查重 command: check a draft against the library."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from jianghua.check import CheckIndex, check_text
from jianghua.check.match import MIN_IDENTITY, MIN_LENGTH
from jianghua.check.read import read_draft
from jianghua.check.render import (
    figures,
    highlight_original_docx,
    html_document,
    span_class,
    to_docx,
)
from jianghua.cli.common import LibraryOption, app, console, err, open_library
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
    min_identity: float = typer.Option(
        MIN_IDENTITY,
        "--min-identity",
        help="Least identity of a passage aligned across edits (0-1; one character in ten "
        "changed is ~0.9).",
    ),
    min_length: int = typer.Option(
        MIN_LENGTH, "--min-length", help="Shortest passage aligned across edits (key characters)."
    ),
    exclude: list[str] = typer.Option(
        [],
        "--exclude",
        help="A source left out of 去除本人文献复制比: a speech id, a family id or a file name "
        "(repeat the option for several).",
    ),
) -> None:
    """Find the passages of a draft copied from library speeches (查重)."""
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
            report = check_text(
                lib,
                text,
                min_chars=min_chars,
                index=index,
                exclude=exclude,
                min_identity=min_identity,
                min_length=min_length,
            )
        except JianghuaError as exc:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    if html_out:
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
        docx_out.write_bytes(in_place or to_docx(report))
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return
    for label, value in figures(report):
        console.print(f"{label}: {value}", markup=False, soft_wrap=True)
    table = Table("source", "title", "occasion", "date", "file", "share", "chars", "spans")
    for s in report.sources:
        table.add_row(
            s.id + (" (excluded)" if s.excluded else ""),
            s.title or "",
            s.occasion or "",
            s.date or "",
            s.file or "",
            f"{s.share:.1%}",
            str(s.chars),
            str(len(s.spans)),
        )
    console.print(table)
    for span in report.spans:
        console.print(
            f"{span.start}-{span.end} {span_class(span)} {span.identity:.0%}"
            f" {span.source_id}:{span.source_start}-{span.source_end}"
            f" {report.text[span.start : span.end]}",
            markup=False,
            soft_wrap=True,
        )
