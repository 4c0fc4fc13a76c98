"""The seed speeches as the pipeline produces them (cached per seed), looked up by first line."""

from __future__ import annotations

from functools import cache

from pages import SAMPLES, SEEDS

from jianghua.pipeline import process_file


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
