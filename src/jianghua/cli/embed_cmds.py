"""`jianghua embed`: the e5 vectors that ingest leaves to the background, now or their progress."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from jianghua.cli.common import LibraryOption, app, console, err, open_library


@app.command("embed")
def embed_cmd(
    library: Path = LibraryOption,
    show_status: bool = typer.Option(
        False, "--status", help="Only print the background embedding's progress."
    ),
    background: bool = typer.Option(
        False, "--background", help="Start the background embedding and return at once."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Compute the e5 paragraph vectors the library lacks (resumes where a run stopped)."""
    from jianghua.library import background as bg

    open_library(library).close()  # a clean error when there is no library
    if show_status:
        state = bg.status(library) or {"done": 0, "total": None, "running": False}
        if as_json:
            print(json.dumps(state, ensure_ascii=False))
            return
        running = "后台计算中" if state.get("running") else "未在计算"
        console.print(f"e5 语义向量：已计算 {state['done']} / {state['total']} 篇（{running}）")
        return
    if background:
        pid = bg.start(library)
        console.print(
            f"e5 语义向量：已在后台开始计算（进程 {pid}）" if pid else "e5 语义向量：已在后台计算中"
        )
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("e5"), BarColumn(), MofNCompleteColumn(), console=err) as progress:
        task = progress.add_task("e5", total=None)
        added = bg.run(
            library, on_progress=lambda d, t: progress.update(task, completed=d, total=t)
        )
    if added < 0:
        err.print(
            "错误：后台语义向量计算正在使用此书库；查看进度：jianghua embed --status", markup=False
        )
        raise typer.Exit(3)
    console.print(f"e5 语义向量：已计算 {added} 篇讲话")
