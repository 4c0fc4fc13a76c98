"""Ingest benchmark: jianghua's end-to-end ingest against rjieba segmentation of the same text.

    .venv/bin/python bench/ingest.py [--mb 100] [--out bench/out] [--seed 0] [--profile]

1. Generates a synthetic corpus of scraped pages (bench/corpus.py) into
   <out>/corpus-<mb>mb-seed<seed>/, or reuses it when its manifest says it was made with the same
   size, seed and generator.
2. Runs `jianghua.pipeline.ingest` over it into a fresh library (<out>/library/jianghua.sqlite) in
   a child process: wall time, chars/s, peak RSS of that process (its own rusage, via wait4), and
   VmRSS after 25/50/75/100% of the files.
3. Runs the baseline in another child process: `rjieba.cut(text)` (default mode, HMM on) over the
   same files, each decoded first (decoding is timed apart and not counted).
4. Prints a table and the targets (ingest >= 1/4 of rjieba's chars/s, peak RSS < 2 GB, RSS flat
   across quarters) and writes every number to <out>/ingest.json.

chars = characters of the decoded input files (newlines and HTML markup included), the same count
for both engines. MB = 10^6 bytes of files on disk. With --profile the ingest runs under cProfile
(slower), the top 25 functions by cumulative time are printed and the stats kept in
<out>/ingest.prof.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, next to this file)

SUFFIXES = {".txt", ".html", ".htm"}
TARGET_RATIO = 0.25
TARGET_PEAK_MB = 2048
FLAT_TOLERANCE = 0.20  # RSS after 100% of the files at most 20% above RSS after 25%
TARGET_STRUCTURE_SHARE = 0.5  # structure analysis CPU / CPU of the rest of ingest


def vmrss_mb() -> float:
    """Current resident set size of this process, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def code_version() -> dict:
    """The commit measured and whether the package source differs from it."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=HERE.parent, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "src_dirty": git("status", "--porcelain", "--", "src"),
    }


def generator_version() -> str:
    """Hash of the generator and the seed pages: a changed generator makes a new corpus."""
    h = hashlib.sha256(Path(corpus.__file__).read_bytes())
    for path in sorted(corpus.SAMPLES.glob("*.txt")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def ensure_corpus(out: Path, mb: float, seed: int) -> tuple[Path, dict]:
    folder = out / f"corpus-{mb:g}mb-seed{seed}"
    manifest_path = folder / "manifest.json"
    want = {"target_bytes": int(mb * 1_000_000), "seed": seed, "generator": generator_version()}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if all(manifest.get(k) == v for k, v in want.items()):
            print(f"corpus: reusing {folder} ({manifest['files']} files)", file=sys.stderr)
            return folder, manifest
    if folder.exists():
        shutil.rmtree(folder)
    print(f"corpus: generating {mb:g} MB into {folder} ...", file=sys.stderr)
    start = time.perf_counter()
    counts = corpus.make_corpus(folder, want["target_bytes"], seed)
    manifest = {**want, **counts, "generate_seconds": round(time.perf_counter() - start, 2)}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))  # last: complete
    print(f"corpus: {counts['files']} files in {manifest['generate_seconds']} s", file=sys.stderr)
    return folder, manifest


# -- workers (run in child processes so each one's peak memory is its own) ---------------------


class _OutOfTime(Exception):
    """Raised from the ingest's per-file callback when the time budget is spent."""


def worker_ingest(
    corpus_dir: Path, library_dir: Path, profile: Path | None, max_seconds: float, workers: int = 1
) -> dict:
    import jianghua
    from jianghua.library.store import Library
    from jianghua.pipeline import ingest, iter_files

    total = sum(1 for _ in iter_files([corpus_dir]))
    marks = {max(1, math.ceil(total * q / 4)): q for q in (1, 2, 3, 4)}
    rss_start = vmrss_mb()
    quarters: list[dict] = []
    reports: list = []  # FileReports, kept here too so a stopped run still has them
    start = time.perf_counter()
    heartbeat = start

    def on_file(file_report) -> None:
        nonlocal heartbeat
        reports.append(file_report)
        now = time.perf_counter()
        if len(reports) in marks:
            row = {
                "quarter": marks[len(reports)],
                "files": len(reports),
                "seconds": round(now - start, 2),
                "rss_mb": round(vmrss_mb(), 1),
            }
            quarters.append(row)
            print(f"ingest: {row}", file=sys.stderr)
        elif now - heartbeat >= 60:
            print(
                f"ingest: {len(reports)}/{total} files after {now - start:.0f} s", file=sys.stderr
            )
            heartbeat = now
        if max_seconds and now - start > max_seconds and len(reports) < total:
            raise _OutOfTime

    library = Library(library_dir)
    run = functools.partial(ingest, [corpus_dir], library, on_file, workers)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        run = functools.partial(profiler.runcall, run)
    try:
        run()
        stopped = False
    except _OutOfTime:
        stopped = True
    seconds = time.perf_counter() - start
    # CPU of this process and of the page workers (exited children, reaped by the pool).
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    if profiler:
        import pstats

        profiler.dump_stats(profile)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    stats = library.stats()
    library.close()
    failed = [f for f in reports if f.error]
    # Characters of the decoded files that were ingested (untimed), counted as the baseline does.
    chars_done = sum(len(decode(Path(f.path).read_bytes())) for f in reports)
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu_seconds, 2),
        "files": len(reports),
        "files_total": total,
        "stopped_after_budget": stopped,
        "chars_done": chars_done,
        "failed": len(failed),
        "failures": [{"path": f.path, "error": f.error} for f in failed[:10]],
        "skipped": sum(1 for f in reports if f.result and f.result.skipped),
        "rss_start_mb": round(rss_start, 1),
        "quarters": quarters,
        "peak_self_mb": round(maxrss_mb(), 1),
        "db_mb": round(
            sum(p.stat().st_size for p in library_dir.glob("jianghua.sqlite*")) / 1e6, 1
        ),
        "library": {k: v for k, v in stats.items() if k != "flags"},
        "flags": stats.get("flags", {}),
        "profiled": bool(profile),
        "package": str(Path(jianghua.__file__).parent),
    }


def decode(data: bytes) -> str:
    """The generator writes UTF-8 or GB18030; GB18030 Chinese text is never valid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def worker_rjieba(corpus_dir: Path) -> dict:
    start = time.perf_counter()
    import rjieba

    rjieba.cut("同志们:")  # load the dictionary before timing
    load_seconds = time.perf_counter() - start
    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    chars = tokens = 0
    decode_seconds = cut_seconds = 0.0
    for path in files:
        t0 = time.perf_counter()
        text = decode(path.read_bytes())
        t1 = time.perf_counter()
        words = rjieba.cut(text)
        t2 = time.perf_counter()
        decode_seconds += t1 - t0
        cut_seconds += t2 - t1
        chars += len(text)
        tokens += len(words)
        del words, text
    return {
        "seconds": cut_seconds,
        "decode_seconds": decode_seconds,
        "load_seconds": load_seconds,
        "files": len(files),
        "chars": chars,
        "tokens": tokens,
        "peak_self_mb": round(maxrss_mb(), 1),
    }


def worker_stages(corpus_dir: Path, sample: int) -> dict:
    """CPU seconds of each stage of process_page, one process, over an evenly spread sample of
    files: where the time goes, and what structure analysis adds (the structure issue's target
    is < 50% of the rest of ingest)."""
    from jianghua import dedup
    from jianghua.clean import clean_speech
    from jianghua.clean.main_content import strip_outside_main
    from jianghua.clean.noise import strip_noise
    from jianghua.clean.runon import split_run_on
    from jianghua.clean.script import convert_page
    from jianghua.sources import read_page
    from jianghua.split import split_page
    from jianghua.structure import analyze

    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    step = max(1, len(files) // sample)
    files = files[::step][:sample]
    cpu = dict.fromkeys(("read", "convert", "noise", "split", "clean", "dedup", "structure"), 0.0)
    chars = 0
    clock = time.process_time
    for path in files:
        t = clock()
        try:
            page = read_page(path)
        except Exception:  # noqa: BLE001 - a bad file is the ingest's business, not this table's
            continue
        t, cpu["read"] = clock(), cpu["read"] + clock() - t
        chars += sum(map(len, page.original))
        page = split_run_on(
            strip_outside_main(page)
        )  # counted with convert, as process_page runs it
        page = convert_page(page)
        t, cpu["convert"] = clock(), cpu["convert"] + clock() - t
        page = strip_noise(page)
        t, cpu["noise"] = clock(), cpu["noise"] + clock() - t
        speeches = split_page(page)
        t, cpu["split"] = clock(), cpu["split"] + clock() - t
        speeches = [clean_speech(sp) for sp in speeches]
        t, cpu["clean"] = clock(), cpu["clean"] + clock() - t
        for sp in speeches:  # as process_page does
            key = dedup.dedup_key(sp.text)
            sp.id = dedup.speech_id(key)
            sp.fingerprints = dedup.key_fingerprints(key)
        t, cpu["dedup"] = clock(), cpu["dedup"] + clock() - t
        for sp in speeches:
            sp.structure = analyze(sp)
        cpu["structure"] += clock() - t
    rest = sum(v for k, v in cpu.items() if k != "structure")
    return {
        "files": len(files),
        "chars": chars,
        "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "structure_share_of_rest": round(cpu["structure"] / rest, 3) if rest else None,
    }


def run_worker(args: list[str], result: Path) -> dict:
    """Run this script as a child; return its result plus its own peak RSS from wait4."""
    if result.exists():
        result.unlink()
    proc = subprocess.Popen([sys.executable, __file__, *args, "--result", str(result)])
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"worker {args[:2]} failed with exit code {proc.returncode}")
    out = json.loads(result.read_text())
    result.unlink()
    out["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return out


# -- driver --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description="jianghua ingest benchmark")
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size (10^6 bytes)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="ingest worker processes"
    )
    parser.add_argument("--profile", action="store_true", help="run the ingest under cProfile")
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=15.0,
        help="stop the ingest after this long and report the files done so far (0: no limit)",
    )
    parser.add_argument(
        "--stage-sample",
        type=int,
        default=200,
        help="files for the per-stage CPU table (0: skip it)",
    )
    parser.add_argument("--worker", choices=("ingest", "rjieba", "stages"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--library", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prof-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "ingest":
        result = worker_ingest(
            args.corpus, args.library, args.prof_out, args.max_seconds, args.workers
        )
        args.result.write_text(json.dumps(result, ensure_ascii=False))
        return
    if args.worker == "rjieba":
        args.result.write_text(json.dumps(worker_rjieba(args.corpus)))
        return
    if args.worker == "stages":
        args.result.write_text(json.dumps(worker_stages(args.corpus, args.stage_sample)))
        return

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    code = code_version()  # before the run: others may commit while it goes on
    corpus_dir, manifest = ensure_corpus(out, args.mb, args.seed)
    chars = manifest["chars"]

    library_dir = out / "library"
    if library_dir.exists():
        shutil.rmtree(library_dir)
    ingest_args = [
        "--worker",
        "ingest",
        "--corpus",
        str(corpus_dir),
        "--library",
        str(library_dir),
        "--workers",
        str(args.workers),
    ]
    ingest_args += ["--max-seconds", str(args.max_minutes * 60)]
    if args.profile:
        ingest_args += ["--prof-out", str(out / "ingest.prof")]
    # The baseline runs just before and just after the ingest, and the ratio uses their mean: the
    # speed of this (shared, virtual) machine drifts by tens of percent within minutes, and a
    # single-threaded run may get a turbo clock that a run on both cores does not.
    jieba_args = ["--worker", "rjieba", "--corpus", str(corpus_dir)]
    print("rjieba: running ...", file=sys.stderr)
    jb_before = run_worker(jieba_args, out / ".rjieba-result.json")
    print("ingest: running ...", file=sys.stderr)
    ing = run_worker(ingest_args, out / ".ingest-result.json")
    print("rjieba: running ...", file=sys.stderr)
    jb_after = run_worker(jieba_args, out / ".rjieba-result.json")
    jb = {**jb_after, "seconds": (jb_before["seconds"] + jb_after["seconds"]) / 2}
    jb["peak_rss_mb"] = max(jb_before["peak_rss_mb"], jb_after["peak_rss_mb"])
    stages = None
    if args.stage_sample:
        print("stages: running ...", file=sys.stderr)
        stages = run_worker(
            ["--worker", "stages", "--corpus", str(corpus_dir)]
            + ["--stage-sample", str(args.stage_sample)],
            out / ".stages-result.json",
        )
    if jb["chars"] != chars:
        print(
            f"warning: rjieba decoded {jb['chars']} chars, manifest says {chars}", file=sys.stderr
        )

    partial = ing["stopped_after_budget"]
    if not partial and ing["chars_done"] != chars:
        print(
            f"warning: ingest read {ing['chars_done']} chars, manifest says {chars}",
            file=sys.stderr,
        )
    ing_chars = ing["chars_done"]
    ing_rate = ing_chars / ing["seconds"]
    jb_rate = chars / jb["seconds"]
    ratio = ing_rate / jb_rate
    rss = {q["quarter"]: q["rss_mb"] for q in ing["quarters"]}
    structure_adds = None
    if stages and stages["chars"] and not partial:
        structure_cpu = stages["cpu_seconds"]["structure"] / stages["chars"] * ing_chars
        structure_adds = round(structure_cpu / (ing["cpu_seconds"] - structure_cpu), 3)
    last = max(rss, default=1)  # a stopped run: growth up to the last quarter it reached
    growth = round((rss[last] - rss[1]) / rss[1], 3) if 1 in rss and last > 1 else None
    targets = {
        "ratio": {
            "value": round(ratio, 3),
            "target": f">= {TARGET_RATIO}",
            "ok": ratio >= TARGET_RATIO,
        },
        "peak_rss_mb": {
            "value": ing["peak_rss_mb"],
            "target": f"< {TARGET_PEAK_MB}",
            "ok": ing["peak_rss_mb"] < TARGET_PEAK_MB,
        },
        # What structure analysis adds to ingest: its CPU per char (stage table) times the chars
        # ingested, against the rest of the ingest's CPU (workers and store, measured).
        "structure_adds": {
            "value": structure_adds,
            "target": f"< {TARGET_STRUCTURE_SHARE}",
            "ok": None if structure_adds is None else structure_adds < TARGET_STRUCTURE_SHARE,
        },
        f"rss_growth_q1_to_q{last}": {
            "value": growth,
            "target": f"<= {FLAT_TOLERANCE}",
            "ok": None if growth is None else growth <= FLAT_TOLERANCE,
        },
    }

    rows = [
        ("jianghua ingest", ing_chars, ing["seconds"], ing_rate, ing["peak_rss_mb"]),
        (
            "rjieba before",
            chars,
            jb_before["seconds"],
            chars / jb_before["seconds"],
            jb_before["peak_rss_mb"],
        ),
        (
            "rjieba after",
            chars,
            jb_after["seconds"],
            chars / jb_after["seconds"],
            jb_after["peak_rss_mb"],
        ),
        ("rjieba.cut mean", chars, jb["seconds"], jb_rate, jb["peak_rss_mb"]),
    ]
    print()
    print(
        f"corpus: {manifest['files']} files, {manifest['bytes'] / 1e6:.1f} MB, {chars:,} chars,"
        f" {manifest['speeches']} speeches ({manifest['copies']} exact copies), seed {args.seed}"
    )
    print(
        f"{'engine':<16} | {'chars':>12} | {'seconds':>8} | {'chars/s':>11} | {'peak RSS MB':>11}"
    )
    print(f"{'-' * 16}-+-{'-' * 12}-+-{'-' * 8}-+-{'-' * 11}-+-{'-' * 11}")
    for name, c, s, r, m in rows:
        print(f"{name:<16} | {c:>12,} | {s:>8.2f} | {r:>11,.0f} | {m:>11.1f}")
    print()
    print(
        "ingest RSS MB by quarter of files: "
        + ", ".join(f"{25 * q}%: {rss[q]:.1f}" for q in sorted(rss))
        + f"  (before ingest: {ing['rss_start_mb']:.1f})"
    )
    print(
        f"code: commit {code['commit']}{' + uncommitted changes in src/' if code['src_dirty'] else ''},"
        f" package {ing['package']}"
    )
    if stages:
        cpu = stages["cpu_seconds"]
        total = sum(cpu.values())
        print(
            f"CPU per stage, one process, {stages['files']} files, {stages['chars']:,} chars: "
            + ", ".join(f"{k} {v:.2f} s ({v / total:.0%})" for k, v in cpu.items())
        )
    print(
        "ratio: ingest chars/s over the mean of the two rjieba runs (before and after the ingest)"
    )
    print(
        f"ingest CPU (store process + page workers): {ing['cpu_seconds']:.1f} s"
        f" for {ing['seconds']:.1f} s wall"
    )
    print(f"ingest/rjieba ratio: {ratio:.3f}")
    for name, t in targets.items():
        print(
            f"  {name:<22} {t['value']!s:>8}  target {t['target']:<8}"
            f"  {'n/a' if t['ok'] is None else 'OK' if t['ok'] else 'MISSED'}"
        )
    if partial:
        print(
            f"  STOPPED after the {args.max_minutes:g}-minute budget: {ing['files']} of"
            f" {ing['files_total']} files ingested; the rate above is that of the first"
            f" {ing['files']} files only (a full run is slower if the cost per file grows)"
        )
    if ing["failed"]:
        print(f"  {ing['failed']} files failed, e.g. {ing['failures'][:3]}")
    if ing["profiled"]:
        print("  (ingest ran under cProfile: its time is inflated)")
    lib = ing["library"]
    print(
        f"library: {lib['sources']} sources, {lib['speeches']} speeches, {lib['families']} families,"
        f" {lib['occurrences']} occurrences, {ing['db_mb']} MB"
        + (
            ""
            if partial
            else f" (the generator wrote {manifest['speeches']} speeches,"
            f" {manifest['speeches'] - manifest['copies']} distinct)"
        )
    )

    report = {
        "date": date.today().isoformat(),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "code": {**code, "package": ing["package"]},
        "corpus": {**manifest, "path": str(corpus_dir)},
        "ingest": {**ing, "chars": ing_chars, "chars_per_s": round(ing_rate)},
        "rjieba": {
            **jb,
            "chars_per_s": round(jb_rate),
            "seconds_before_ingest": jb_before["seconds"],
            "seconds_after_ingest": jb_after["seconds"],
        },
        "ratio": round(ratio, 4),
        "stages": stages,
        "targets": targets,
    }
    (out / "ingest.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\nwrote {out / 'ingest.json'}")


if __name__ == "__main__":
    main()
