"""查重 command: check a draft against the library."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from jianghua import labels
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
    min_identity: float | None = typer.Option(
        None,
        "--min-identity",
        help="Least identity of a passage aligned across edits (0-1; one character in ten "
        "changed is ~0.9); default: the value measured on the labelled drafts.",
    ),
    min_length: int | None = typer.Option(
        None,
        "--min-length",
        help="Shortest passage aligned across edits (key characters); default: measured.",
    ),
    exclude: list[str] = typer.Option(
        [],
        "--exclude",
        help="A source left out of 去除本人文献复制比: a speech id, a family id or a file name "
        "(repeat the option for several).",
    ),
) -> None:
    """Find the passages of a draft copied from library speeches (查重)."""
    output_file(html_out, "HTML 报告")
    output_file(docx_out, "DOCX 报告")
    # 查重 loads numpy and its indexes: only when a check runs (CLI start-up)
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

    min_identity = MIN_IDENTITY if min_identity is None else min_identity
    min_length = MIN_LENGTH if min_length is None else min_length

    try:
        text = read_draft(draft)
    except JianghuaError as exc:
        err.print(f"错误：{exc}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    with open_library(library) as lib:
        index = CheckIndex(lib)
        pending = index.pending()
        if pending:
            err.print(
                f"注意：{pending} 篇讲话尚未进入查重索引，没有比对"
                "（运行 jianghua reindex --only check）",
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
            err.print(f"错误：{exc}", markup=False, soft_wrap=True)
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
                    "说明：无法在原 .docx 中标出重合部分，报告另写为新文档",
                    markup=False,
                )
        with writing(docx_out, "DOCX 报告"):
            docx_out.write_bytes(in_place or to_docx(report))
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return
    for label, value in figures(report):
        console.print(f"{label}：{value}", markup=False, soft_wrap=True)
    table = Table("出处", "标题", "场合", "日期", "文件", "占比", "字数", "段数")
    for s in report.sources:
        table.add_row(
            s.id + ("（已排除）" if s.excluded else ""),
            shown(s.title or ""),
            shown(s.occasion or ""),
            s.date or "",
            shown(s.file or ""),
            f"{s.share:.1%}",
            str(s.chars),
            str(len(s.spans)),
        )
    console.print(table)
    for span in report.spans:
        kind = span_class(span)
        console.print(
            f"{span.start}-{span.end} {labels.CHECK_KINDS.get(kind, kind)} {span.identity:.0%}"
            f" {span.source_id}:{span.source_start}-{span.source_end}"
            f" {report.text[span.start : span.end]}",
            markup=False,
            soft_wrap=True,
        )
