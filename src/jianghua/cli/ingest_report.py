"""How `jianghua ingest` reports: a line per file, what it passed over, and why it failed.

Every file name is printed through `shown`/`plain` (common.py): a name is data, never markup and
never raw control bytes. On a terminal the files are listed in a table at the end; when standard
output is a pipe or a file, each file gets one line as soon as it is done (a table cut at 80
columns was no use to `grep`, and a long run printed nothing until its end).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from jianghua import labels
from jianghua.cli.common import console, err, plain, shown
from jianghua.scan import Scan

if TYPE_CHECKING:  # the pipeline loads only when a command ingests (CLI start-up)
    from jianghua.pipeline import FileReport


def supported() -> set[str]:
    from jianghua.pipeline import SUPPORTED

    return SUPPORTED


def named_only() -> set[str]:
    from jianghua.pipeline import NAMED_ONLY

    return NAMED_ONLY


MAX_NAMED = 20  # unsupported files named one by one; the count is always complete


def status(f: FileReport) -> str:
    """What happened to one file, in a few words."""
    r = f.result
    if f.error:
        return f"失败：{labels.error_text(f.error)}"
    if r is None:
        return "未处理"
    if r.skipped:
        return "已在书库中（内容相同），跳过"
    words = "已导入"
    if r.replaced:
        gone = sum(len(old.speeches) for old in r.replaced)
        words += f"，替换了此文件的旧版本（其内容已改变；移除旧版独有的讲话 {gone} 篇）"
    if r.joined_families:
        words += f"，并入近似重复族 {len(r.joined_families)} 个"
    return words


def file_line(f: FileReport) -> str:
    """One file as one line of text (names escaped): for piped output."""
    r = f.result
    counts = ""
    if r is not None and not r.skipped and not f.error:
        counts = (
            f"：讲话 {r.speeches} 篇（新 {r.new}，重复 {r.copies}），"
            f"删除噪声行 {r.removed_lines}，编辑 {r.edits}"
        )
    return f"{plain(f.path)}{counts}　{status(f)}"


def print_line(f: FileReport) -> None:
    console.print(file_line(f), markup=False, highlight=False, soft_wrap=True)


def print_table(files: list[FileReport]) -> None:
    table = Table("文件", "讲话", "新", "重复", "噪声行", "编辑", "状态")
    for f in files:
        r = f.result
        state = shown(status(f))
        if f.error:
            table.add_row(shown(f.path), "", "", "", "", "", f"[red]{state}[/red]")
        elif r is None or r.skipped:
            table.add_row(shown(f.path), "", "", "", "", "", state)
        else:
            table.add_row(
                shown(f.path),
                str(r.speeches),
                str(r.new),
                str(r.copies),
                str(r.removed_lines),
                str(r.edits),
                state,
            )
    console.print(table)


def print_passed_over(found: Scan) -> None:
    """The folders that could not be read and the files no reader takes, by name and count."""
    for folder, reason in found.unreadable:
        err.print(
            f"错误：无法读取文件夹 {plain(folder)}（{reason}），其中的文件没有导入",
            markup=False,
            soft_wrap=True,
        )
    if found.unsupported:
        by_type = "，".join(
            f"{suffix or '（无扩展名）'} {n} 个"
            for suffix, n in found.unsupported_by_type().items()
        )
        err.print(
            f"未导入 {len(found.unsupported)} 个不支持的文件（{by_type}；"
            f"支持的类型：{' '.join(sorted(supported()))}）：",
            markup=False,
            soft_wrap=True,
        )
        if any(p.suffix.lower() in named_only() for p in found.unsupported):
            err.print(
                f"  （{' '.join(sorted(named_only()))} 数据文件只在直接写出文件名时导入，"
                "例如 jianghua ingest 文件夹/crawl.csv）",
                markup=False,
                soft_wrap=True,
            )
        for path in found.unsupported[:MAX_NAMED]:
            err.print(f"  {plain(path)}", markup=False, soft_wrap=True)
        if len(found.unsupported) > MAX_NAMED:
            err.print(f"  ……另有 {len(found.unsupported) - MAX_NAMED} 个", markup=False)
    if found.assets:
        err.print(
            f"未导入 {len(found.assets)} 个网页附带的图片（保存网页时生成的 _files 文件夹中的图标和配图）",
            markup=False,
            soft_wrap=True,
        )
    for path in found.missing:
        err.print(f"错误：{plain(path)}：文件或文件夹不存在", markup=False, soft_wrap=True)
