"""Helpers for the compose tests: seed lines and comparisons across scripts and widths."""

from __future__ import annotations

from pathlib import Path

import opencc

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

T2S = opencc.OpenCC("t2s")


def seed_line(name_prefix: str, line: int) -> str:
    """Line `line` (1-based) of the seed whose file name starts with `name_prefix`."""
    path = next(p for p in SAMPLES.iterdir() if p.name.startswith(name_prefix))
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


def half(text: str) -> str:
    """Compare across punctuation widths and scripts (seed 001 is Traditional, seeds use ',')."""
    return (
        T2S.convert(text)
        .replace("著", "着")  # the library's context rule; OpenCC keeps 著 in 著力
        .replace("，", ",")
        .replace("：", ":")
        .replace("（", "(")
        .replace("）", ")")
    )
