"""What every command module shares: the typer app, the consoles and the library option.

Command modules live beside this one (``cli/*.py``) and register themselves on ``app``
when ``jianghua.cli`` imports them, so a new feature adds a file instead of editing a shared one.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from jianghua.errors import LibraryError, NotFound
from jianghua.library.store import Library

app = typer.Typer(
    help="jianghua: an offline library of Chinese official speeches.", no_args_is_help=True
)
console = Console()
err = Console(stderr=True)

LibraryOption = typer.Option(Path("library"), "--library", "-l", help="Library folder.")


def fail(message: object, code: int = 2) -> NoReturn:
    """Print `message` (an exception or text; file names in it are printed as written, never read
    as markup) on standard error and exit with `code`."""
    err.print(f"错误：{message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_library(folder: Path, create: bool = False) -> Library:
    """Open a library or exit with code 2 and a clean message."""
    try:
        return Library(folder, create=create)
    except LibraryError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def read_speech(folder: Path, speech_id: str) -> dict:
    """`Library.speech` of one speech, or exit with code 1 and a clean message if there is none."""
    with open_library(folder) as lib:
        try:
            return lib.speech(speech_id)
        except NotFound as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
