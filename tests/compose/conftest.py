"""One library of the five seeds for the whole compose test folder (ingest takes ~1 s)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from jianghua.compose.profile import load_profiles
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compose-lib")
    with Library(folder) as lib:
        report = ingest(sorted(SAMPLES.iterdir()), lib)
        assert not report.failed
        yield lib


@pytest.fixture(scope="session")
def profiles(seed_library):
    return load_profiles(seed_library)


def seed_line(name_prefix: str, line: int) -> str:
    """Line `line` (1-based) of the seed whose file name starts with `name_prefix`."""
    path = next(p for p in SAMPLES.iterdir() if p.name.startswith(name_prefix))
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


T2S = opencc.OpenCC("t2s")


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
