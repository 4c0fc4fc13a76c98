"""The seed speeches as the pipeline produces them (cached per seed), looked up by first line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jianghua.pipeline import process_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEEDS = {
    "000": "000_d0e3f3586c14aa72.txt",
    "001": "001_0e46b62b32599346.txt",
    "002": "002_6daea81426b11c94.txt",
    "003": "003_a3b6fd45c63e6c7c.txt",
    "004": "004_ff2848a0e228d2d6.txt",
}


@cache
def seed_speeches(seed: str):
    page, speeches, error = process_file(SAMPLES / SEEDS[seed])
    assert error is None, error
    return speeches


def speech_at(seed: str, first_line: int):
    """The speech of `seed` whose first paragraph is on `first_line` of the original file."""
    for s in seed_speeches(seed):
        if s.first_line == first_line:
            return s
    raise KeyError(f"{seed}: no speech starts on line {first_line}")


def raw_line(seed: str, number: int) -> str:
    return (SAMPLES / SEEDS[seed]).read_text(encoding="utf-8").split("\n")[number - 1]
