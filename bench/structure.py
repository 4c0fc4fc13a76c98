"""Structure benchmark: what `jianghua.structure.analyze` adds to ingest time.

    .venv/bin/python bench/structure.py [--mb 5] [--corpus DIR] [--rounds 2]

Ingests the first --mb megabytes of files of a corpus (default: the bench corpus made by
bench/ingest.py under bench/out/corpus-100mb-seed0, else samples/) into a fresh library, in this
process with one worker, once with `analyze` replaced by a function returning {} (the baseline)
and once with the real one, alternating --rounds times; CPU seconds of this process (the machine is
shared, wall time is noisy) and the best round of each are compared. Also times `analyze` alone on
the speeches of the same files. Target: structure adds < 50% to ingest time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 0.50


def pick_files(folder: Path, mb: float) -> list[Path]:
    from jianghua.pipeline import iter_files

    files, size = [], 0
    for path in iter_files([folder]):
        files.append(path)
        size += path.stat().st_size
        if size >= mb * 1_000_000:
            break
    return files


def timed_ingest(files: list[Path], with_structure: bool) -> tuple[float, int]:
    import jianghua.pipeline as pipeline
    from jianghua.library.store import Library
    from jianghua.structure import analyze

    pipeline.analyze = analyze if with_structure else (lambda speech: {})
    folder = Path(tempfile.mkdtemp(prefix="bench-structure-"))
    try:
        with Library(folder) as lib:
            start = time.process_time()
            report = pipeline.ingest(files, lib, workers=1)
            seconds = time.process_time() - start
        return seconds, report.chars
    finally:
        pipeline.analyze = analyze
        shutil.rmtree(folder, ignore_errors=True)


def analyze_alone(files: list[Path]) -> tuple[float, int]:
    from jianghua.pipeline import process_file
    from jianghua.structure import analyze

    speeches = [s for f in files for s in process_file(f)[1]]
    start = time.process_time()
    for s in speeches:
        analyze(s)
    return time.process_time() - start, sum(s.chars for s in speeches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    corpus = args.corpus or HERE / "out" / "corpus-100mb-seed0"
    if not corpus.exists():
        corpus = HERE.parent / "samples"
    files = pick_files(corpus, args.mb)
    base, full = [], []
    chars = 0
    for _ in range(args.rounds):
        seconds, chars = timed_ingest(files, with_structure=False)
        base.append(seconds)
        seconds, chars = timed_ingest(files, with_structure=True)
        full.append(seconds)
    alone, speech_chars = analyze_alone(files)
    b, f = min(base), min(full)
    ratio = f / b - 1
    print(f"corpus: {corpus} ({len(files)} files, {chars:,} chars)")
    print(
        f"ingest without structure: {b:.2f} CPU s ({chars / b / 1e6:.2f} M chars/s)  rounds {base}"
    )
    print(
        f"ingest with structure:    {f:.2f} CPU s ({chars / f / 1e6:.2f} M chars/s)  rounds {full}"
    )
    print(
        f"analyze alone: {alone:.2f} CPU s for {speech_chars:,} speech chars"
        f" ({speech_chars / alone / 1e6:.2f} M chars/s)"
    )
    print(
        f"structure adds {ratio:.1%} to ingest time (target < {TARGET:.0%}):"
        f" {'OK' if ratio < TARGET else 'MISSED'}"
    )
    return 0 if ratio < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
