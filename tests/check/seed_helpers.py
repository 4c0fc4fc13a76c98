"""Seed passages and the containment oracle shared by the check tests."""

from pathlib import Path

from jianghua.clean.normalize import normalize_line
from jianghua.library.store import Library

SEED_000 = Path("samples/000_d0e3f3586c14aa72.txt")
SEED_004 = Path("samples/004_ff2848a0e228d2d6.txt")


def seed_line(path: Path, number: int) -> str:
    """Line `number` (1-based) of a seed file, as written."""
    return path.read_text(encoding="utf-8").split("\n")[number - 1].rstrip("\r")


def holders(lib: Library, passage: str) -> dict[str, int]:
    """{speech id: offset in its stored text} of every speech containing the passage once
    normalised as ingest normalises it (the independent oracle the tests compare with)."""
    text, _ = normalize_line(passage, 1)
    return {
        sid: stored.index(text)
        for sid, stored in lib.db.execute("SELECT id, text FROM speeches")
        if text in stored
    }
