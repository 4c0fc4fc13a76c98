"""`jianghua compose`: a first draft from a spec file, or step by step in the terminal."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from jianghua.cli.common import (
    LibraryOption,
    app,
    console,
    err,
    open_library,
    output_file,
    plain,
    shown,
    writing,
)
from jianghua.errors import JianghuaError

if TYPE_CHECKING:  # the compose package loads only when `compose` runs (CLI start-up)
    from jianghua.compose.draft import Choices, Draft
    from jianghua.compose.passages import Passage
    from jianghua.compose.spec import ComposeSpec
    from jianghua.compose.workbench import Composer


def _fail(message: str) -> None:
    err.print(f"错误：{plain(message)}", markup=False, soft_wrap=True)
    raise typer.Exit(2)


def _numbers(answer: str, limit: int) -> list[int]:
    """'1,3' -> [1, 3]; '0' or '' -> []; anything out of 1..limit is refused."""
    picked = []
    for part in answer.replace("，", ",").replace(" ", ",").split(","):
        if not part or part == "0":
            continue
        if not part.isdigit() or not 1 <= int(part) <= limit:
            raise typer.BadParameter(f"{part!r} is not a number between 1 and {limit}")
        picked.append(int(part))
    return picked


def _show_passages(title: str, passages: list[Passage]) -> None:
    table = Table(title=title, show_lines=True)
    for col in ("#", "score", "from", "text"):
        table.add_column(col)
    for i, p in enumerate(passages, 1):
        src = p.source or {}
        where = f"{src.get('file', '?')} {src.get('lines', ['?', '?'])[0]}-{src.get('lines', ['?', '?'])[1]}"
        table.add_row(
            str(i),
            f"{p.score:.2f}",
            shown(f"{p.speech_title[:16]}\n{where}\n{'；'.join(p.reasons[:2])}"),
            shown(p.text[:90]),
        )
    console.print(table)


def _interactive_spec() -> ComposeSpec:
    from jianghua.compose.spec import ComposeSpec

    occasion = typer.prompt("会议（如 全县关工委工作会议）")
    speaker = typer.prompt("讲话人职务", default="")
    year = typer.prompt("年份", default=datetime.date.today().year, type=int)
    place = typer.prompt("地名（如 于都县，可空）", default="")
    points = typer.prompt("必须写入的要点（用；分隔，可空）", default="")
    target = typer.prompt("目标字数", default=4000, type=int)
    return ComposeSpec(
        occasion=occasion,
        speaker_role=speaker,
        year=year,
        place=place,
        key_points=[p.strip() for p in points.replace(";", "；").split("；") if p.strip()],
        target_chars=target,
    )


def _interactive_choices(composer: Composer, spec: ComposeSpec) -> Choices:
    from jianghua.compose.draft import Choices
    from jianghua.compose.profile import ROLE_NAMES

    proposals = composer.proposals(spec)
    if proposals:
        table = Table(title="相似讲话的结构（按使用次数）")
        for col in ("#", "讲话数", "结构"):
            table.add_column(col)
        for i, p in enumerate(proposals, 1):
            table.add_row(str(i), str(p.count), " → ".join(s.role_name for s in p.sections))
        console.print(table)
        index = typer.prompt("选用第几种结构", default=1, type=int) - 1
    else:
        lacking = composer.lacking(spec) or "没有相似的讲话"
        console.print(f"{lacking}；使用讲话稿通常的三段结构，不借用其他会议的文字。", markup=False)
        index = 0
    outline = composer.outline(spec, index)
    for i, s in enumerate(outline, 1):
        role = ROLE_NAMES.get(s["role"], s["role"])
        console.print(f"  {i}. [{role}] {s['heading']}", markup=False)
    order = _numbers(typer.prompt("调整顺序或删减（如 1,3,2；回车保持）", default=""), len(outline))
    if order:
        outline = [outline[i - 1] for i in order]
    extra = typer.prompt("增加一个部分的标题（回车跳过）", default="")
    if extra:
        outline.append({"role": "other", "heading": extra, "speech_id": ""})

    formulas = composer.formulas(spec)
    for kind, label in (("opening", "常用开头"), ("closing", "常用结尾")):
        lines = [f"  {f['example'][:60]}（{f['count']}篇）" for f in formulas[kind][:4]]
        if lines:
            console.print(label + "：\n" + "\n".join(lines), markup=False)
    sayings = composer.formulations(spec)[:10]
    if sayings:
        console.print(
            "本领域提法：" + "、".join(f"“{f['text']}”（{f['speeches']}篇）" for f in sayings),
            markup=False,
        )
    openings = composer.openings(spec)
    _show_passages("开场白候选", openings)
    picked = _numbers(
        typer.prompt("开场白（0 = 自己写）", default="1" if openings else "0"), len(openings)
    )
    opening = openings[picked[0] - 1].key if picked else None
    sections = []
    for i, s in enumerate(outline, 1):
        candidates = composer.candidates(spec, s["role"], limit=6)
        _show_passages(f"第{i}部分 {s['heading']} 的候选段落", candidates)
        picked = _numbers(
            typer.prompt("选用（如 1,2；0 = 不选）", default="1" if candidates else "0"),
            len(candidates),
        )
        sections.append([candidates[n - 1].key for n in picked])
    closings = composer.closings(spec)
    _show_passages("结束语候选", closings)
    picked = _numbers(
        typer.prompt("结束语（0 = 自己写）", default="1" if closings else "0"), len(closings)
    )
    closing = closings[picked[0] - 1].key if picked else None
    return Choices(outline, sections, opening, closing)


def _summary(draft: Draft, out: Path) -> None:
    adaptations = sum(len(c.adaptations) for c in draft.citations)
    from jianghua.compose.export import print_copy_paths

    console.print(
        f"已写入 {plain(out)}：{draft.chars} 字（目标 {draft.target_chars} 字），"
        f"引用 {len(draft.citations)} 段，改写 {adaptations} 处，"
        f"待填写【…】{len(draft.placeholders)} 处，"
        f"【请核对：…】{len(draft.checks)} 处",
        markup=False,
        soft_wrap=True,
    )
    clean, sheet = print_copy_paths(out)
    if out.suffix == ".docx" and clean.exists():
        console.print(
            f"印发稿（无标注）：{plain(clean)}；引文来源单：{plain(sheet)}",
            markup=False,
            soft_wrap=True,
        )
    if draft.label:
        console.print(draft.label, style="yellow", markup=False)
    for note in draft.notes:
        console.print(f"说明：{note}", markup=False)


@app.command("compose")
def compose_cmd(
    spec_file: Path | None = typer.Option(
        None, "--spec", help="YAML/JSON spec (fields, optional choices)."
    ),
    out: Path = typer.Option(Path("draft.docx"), "--out", "-o", help="Where to write the draft."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="docx, md or txt (default: from --out)."
    ),
    library: Path = LibraryOption,
    llm: str | None = typer.Option(
        None,
        "--llm",
        help="Local OpenAI-compatible server (http://127.0.0.1:PORT) to rewrite sections; off by default.",
    ),
    llm_model: str = typer.Option(
        "local", "--llm-model", help="Model name sent to the --llm server."
    ),
    save: Path | None = typer.Option(
        None, "--save", help="Also write the spec and the choices made as YAML."
    ),
) -> None:
    """Compose a first draft from similar speeches in the library, every borrowed paragraph cited."""
    import yaml

    from jianghua.compose.export import FORMATS, write_draft
    from jianghua.compose.spec import SpecError
    from jianghua.compose.workbench import Composer, load_compose_file, require_occasion

    if fmt is not None and fmt not in FORMATS:
        _fail(f"--format {fmt}：不支持，可用 {'、'.join(FORMATS)}")
    output_file(out, "讲话稿")
    output_file(save, "--save 文件")
    with open_library(library) as lib:
        composer = Composer(lib)
        try:
            if spec_file is not None:
                spec, choices = load_compose_file(spec_file)
                if choices is None:
                    require_occasion(composer, spec, spec_file)
                choices = choices or composer.auto_choices(spec)
            else:
                spec = _interactive_spec()
                choices = _interactive_choices(composer, spec)
            draft = composer.draft(spec, choices)
            if llm:
                from jianghua.compose.llm import LLMAdapter, rewrite_sections

                draft = rewrite_sections(draft, LLMAdapter(llm, model=llm_model))
            with writing(out, "讲话稿"):
                written = write_draft(draft, out, fmt)
        except (SpecError, JianghuaError, ValueError) as exc:
            _fail(str(exc))
    if save is not None:
        data = {k: v for k, v in spec.to_dict().items() if v not in ("", None, [])}
        data["choices"] = {
            "outline": choices.outline,
            "sections": choices.sections,
            "opening": choices.opening,
            "closing": choices.closing,
        }
        with writing(save, "--save 文件"):
            save.write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    _summary(draft, written)


@app.command("format")
def format_cmd(
    src: Path = typer.Argument(..., help="The writer's draft (.docx or .txt)."),
    out: Path = typer.Argument(..., help="Where to write it laid out to GB/T 9704 (.docx)."),
    fonts: str = typer.Option("official", "--fonts", help="official or common font names."),
) -> None:
    """Lay your own draft out to GB/T 9704: title, salutation, heading levels and body found."""
    from jianghua.compose.layout import format_file

    try:
        laid = format_file(src, out, fonts=fonts)
    except (JianghuaError, ValueError) as exc:
        _fail(str(exc))
    counts = "，".join(f"{k} {v}" for k, v in laid.counts().items())
    console.print(f"已写入 {plain(out)}：《{laid.title}》 {counts}", markup=False, soft_wrap=True)
    for note in laid.notes:
        console.print(f"说明：{note}", markup=False)
