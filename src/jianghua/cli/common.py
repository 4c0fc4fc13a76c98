"""What every command module shares: the typer app, the consoles and the library option.

Command modules live beside this one (``cli/*.py``) and register themselves on ``app``
when ``jianghua.cli`` imports them, so a new feature adds a file instead of editing a shared one.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from jianghua.errors import DiskFull, LibraryError, NotFound, os_reason
from jianghua.library.store import Library, is_disk_full

app = typer.Typer(
    help="jianghua: an offline library of Chinese official speeches.", no_args_is_help=True
)
console = Console()
err = Console(stderr=True)

LibraryOption = typer.Option(Path("library"), "--library", "-l", help="Library folder.")


# C0 and C1 controls (ESC starts the sequences that move the cursor or clear the screen; a newline
# in a name would forge a line of output), DEL, and the invisible direction marks that reorder text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _code(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(name: object) -> str:
    """A file name (or any text from outside) safe to print with markup=False: control
    characters written out as \\xNN, so that no byte of a name reaches the terminal raw."""
    return _UNSAFE.sub(_code, str(name))


def shown(name: object) -> str:
    """`plain(name)` with rich markup escaped, for text printed with markup (a file named
    `[/red]x.txt` ended ingest with a MarkupError; issue 20)."""
    return escape(plain(name))


def fail(message: object, code: int = 2) -> NoReturn:
    """Print `message` (an exception or text; file names in it are printed as written, never read
    as markup) on standard error and exit with `code`."""
    err.print(f"错误：{plain(message)}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def disk_full_message(where: Path) -> Iterator[None]:
    """Turn a full disk (SQLite's "database or disk is full", ENOSPC from an index or an output
    file) into a clear message and exit code 1. The store rolls back the transaction in hand, so
    the library holds what it held before that transaction."""
    try:
        yield
    except (OSError, sqlite3.Error, ValueError) as exc:
        if not is_disk_full(exc):
            raise
        fail(DiskFull(where), 1)


def output_file(path: Path | None, what: str = "输出文件") -> None:
    """Exit with a clear message (code 2) before any work if `path` cannot be written as a file:
    its folder does not exist (it is not created: a mistyped folder should not appear
    silently), is not a folder, or `path` is a folder."""
    if path is None:
        return
    folder = path.parent
    if not folder.exists():
        fail(f"{what} {path} 所在的文件夹 {folder} 不存在；请先建立它，或换一个位置")
    if not folder.is_dir():
        fail(f"{what} {path}：{folder} 不是文件夹")
    if path.is_dir():
        fail(f"{what} {path} 是一个文件夹；请给出文件名")


@contextlib.contextmanager
def writing(path: Path, what: str = "输出文件") -> Iterator[None]:
    """An output file that cannot be written (full disk, no permission) becomes a message."""
    try:
        yield
    except OSError as exc:
        if is_disk_full(exc):
            fail(f"磁盘已满，无法写入{what} {path}", 1)
        fail(f"无法写入{what} {path}：{os_reason(exc)}", 1)


def open_library(folder: Path, create: bool = False) -> Library:
    """Open a library or exit with code 2 and a clean message."""
    try:
        return Library(folder, create=create)
    except LibraryError as exc:
        fail(exc)


def read_speech(folder: Path, speech_id: str) -> dict:
    """`Library.speech` of one speech, or exit with code 1 and a clean message if there is none."""
    with open_library(folder) as lib:
        try:
            return lib.speech(speech_id)
        except NotFound as exc:
            fail(exc, 1)
