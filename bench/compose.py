"""Compose benchmark: time from a library to a cited first draft, against reading the library.

    .venv/bin/python bench/compose.py [--library DIR] [--occasion 全县关工委工作会议] [--repeat 3]

Without --library the five seeds are ingested into a temporary library. The library file is
copied first, so a benchmark never writes into someone else's library.

Stages (best of --repeat): load (profiles of every canonical speech), match + proposals, draft
(automatic choices to the target length, adaptation of every borrowed paragraph), docx export.
Baseline, measured in the same run: `SELECT text FROM speeches` over the same library and a
str.count of one word in every text, i.e. the least any occasion matching over full texts costs.
The ratio printed is (load + proposals + draft) / baseline.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from jianghua.compose.export import write_draft  # noqa: E402
from jianghua.compose.profile import load_profiles  # noqa: E402
from jianghua.compose.spec import ComposeSpec  # noqa: E402
from jianghua.compose.workbench import Composer  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.pipeline import ingest  # noqa: E402


def best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", type=Path)
    ap.add_argument("--occasion", default="全县关工委工作会议")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="jianghua-bench-compose-") as tmp:
        folder = Path(tmp) / "lib"
        folder.mkdir()
        if args.library:
            shutil.copy(args.library / "jianghua.sqlite", folder / "jianghua.sqlite")
        else:
            with Library(folder) as lib:
                ingest(sorted((HERE.parent / "samples").iterdir()), lib)
        with Library(folder, create=False) as lib:
            speeches, chars = lib.db.execute(
                "SELECT count(*), coalesce(sum(chars), 0) FROM speeches"
            ).fetchone()

            def baseline():
                return sum(
                    t.count("关工委") for (t,) in lib.db.execute("SELECT text FROM speeches")
                )

            t_base, _ = best(baseline, args.repeat)
            t_load, profiles = best(lambda: load_profiles(lib), args.repeat)
            spec = ComposeSpec(occasion=args.occasion, year=2025, place="于都县", target_chars=4000)
            t_prop, proposals = best(
                lambda: Composer(profiles=profiles).proposals(spec), args.repeat
            )
            composer = Composer(profiles=profiles)
            composer.proposals(spec)
            t_draft, draft = best(lambda: composer.draft(spec), args.repeat)
            t_docx, _ = best(lambda: write_draft(draft, Path(tmp) / "d.docx"), args.repeat)
    total = t_load + t_prop + t_draft
    print(f"library: {speeches} speeches, {chars:,} characters; occasion {args.occasion}")
    print(f"baseline (read every text, count one word): {t_base:.3f} s")
    print(f"load profiles   {t_load:.3f} s  ({len(profiles)} canonical speeches)")
    print(f"match+proposals {t_prop:.3f} s  ({len(proposals)} outlines)")
    print(
        f"draft           {t_draft:.3f} s  ({len(draft.citations)} cited passages, {draft.chars} chars)"
    )
    print(f"docx export     {t_docx:.3f} s")
    print(f"load+proposals+draft = {total:.3f} s = {total / max(t_base, 1e-9):.1f} x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
