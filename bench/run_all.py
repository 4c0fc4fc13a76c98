"""The whole benchmark suite in one command; writes bench/RESULTS.md (machine, date, numbers).

    .venv/bin/python bench/run_all.py            # full: near-dup on 1 GB, ingest on 20 MB
    .venv/bin/python bench/run_all.py --quick    # minutes: near-dup on 50 MB, ingest on 5 MB

Suites (each a script of its own, run as a child process with a time limit; a missing script is
reported as missing, a failed one with its exit code and the end of its output):
  engines   bench/engines.py   ingest chars/s, in-process engine vs Dask engine on 2 workers
  ingest    bench/ingest.py    the in-process ingest against its rjieba baseline
  neardup   bench/neardup.py   distributed LSH vs datasketch MinHashLSH, recall, peak memory
  search    bench/search.py    (when present)
  check     bench/check.py     查重 (when present)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
PY = sys.executable


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    return (
        f"{model}, {os.cpu_count()} cores, {ram:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        )
        return out.stdout.strip()
    except OSError:
        return "?"


def run(name: str, args: list[str], minutes: float) -> dict:
    script = HERE / args[0]
    if not script.exists():
        return {"name": name, "status": "missing", "output": f"{args[0]} does not exist yet"}
    print(f"== {name}: {' '.join(args)}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [PY, str(script), *args[1:]],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            timeout=minutes * 60,
        )
        status = "ok" if proc.returncode == 0 else f"failed (exit {proc.returncode})"
        output = proc.stdout + ("" if proc.returncode == 0 else proc.stderr[-3000:])
    except subprocess.TimeoutExpired as exc:
        status = f"stopped after {minutes:g} min"
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
    seconds = time.perf_counter() - start
    print(f"   {status} in {seconds:.0f} s", file=sys.stderr, flush=True)
    return {"name": name, "status": status, "seconds": seconds, "output": output}


def engines_section(data: dict) -> list[str]:
    rows = [
        "| engine | workers | seconds | chars/s | speeches | near-dup families | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in data["runs"]:
        rows.append(
            f"| {r['engine']} | {r['workers']} | {r['seconds']} | {r['chars_per_s']:,} |"
            f" {r['speeches']} | {r['near_duplicate_families']} | {r['peak_rss_mb']} |"
        )
    return [
        f"Corpus: {data['corpus_mb']:.1f} MB, {data['files']} files (bench/corpus.py).",
        "",
        *rows,
        "",
        f"Dask / in-process chars/s: **{data['dask_vs_inprocess']}**. Identical export:"
        f" {data['identical_records']}; identical outlines: {data['identical_outlines']}."
        " Both engines run the same per-page code on the same two cores and one process writes"
        " the SQLite library in both, so on one machine Dask can only match the in-process"
        " engine; its use is spreading the per-page work over machines.",
    ]


def neardup_section(d: dict) -> list[str]:
    j, t = d["jianghua"], d["datasketch"]
    scaled = (
        f" (datasketch run on the first {t['speeches_run']:,} speeches and its time scaled"
        " linearly to the whole corpus)"
        if t["scaled"]
        else ""
    )
    return [
        f"Corpus: {d['corpus_mb']:.0f} MB of text, {d['speeches']:,} speeches,"
        f" {d['planted']:,} planted copies of which {d['known_copies']:,} known copies"
        f" (exact containment ≥ 0.5){scaled}.",
        "",
        "| method | wall s | CPU s | recall of known copies | peak RSS MB | notes |",
        "|---|---|---|---|---|---|",
        f"| jianghua LSH on Dask, {j['workers']} workers | {j['seconds']} | {j['cpu_seconds']} |"
        f" {j['recall']} | {j['peak_rss_mb']} | from texts on disk to verified families;"
        f" {j['candidates']:,} candidates, {j['verified_pairs']:,} verified pairs,"
        f" {j['families']:,} families; steps (s): "
        + ", ".join(f"{k} {v}" for k, v in j.get("steps_seconds", {}).items())
        + " |",
        f"| datasketch MinHashLSH (t=0.3, 128 perm), 1 process | {t['seconds_for_whole_corpus']}"
        f" | {t['cpu_seconds_for_whole_corpus']} | {t['recall']} | {t['peak_rss_mb']} |"
        " MinHash + insert + query only: shingles given pre-hashed (not timed), candidates not"
        " verified |",
        "",
        f"Speed-up in wall time: **{d['speedup']}×**; in CPU time: **{d['cpu_ratio']}×**"
        " (target ≥ 5× at ≥ the same recall). Peak RSS is this process and every child"
        " (scheduler, nannies, workers) summed; it includes the benchmark's own known-copy check"
        " done before the run (target < 4 GB).",
    ]


KEEP_MARKER = "<!-- written by hand below this line: bench/run_all.py keeps it -->"


def main() -> None:
    ap = argparse.ArgumentParser(description="run every benchmark, write bench/RESULTS.md")
    ap.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    ap.add_argument("--neardup-mb", type=float, help="near-dup corpus (default 1000, quick 50)")
    ap.add_argument("--baseline-mb", type=float, help="datasketch on this prefix only, scaled")
    ap.add_argument("--ingest-mb", type=float, help="ingest corpus (default 20, quick 5)")
    ap.add_argument("--minutes", type=float, default=60.0, help="time limit per suite")
    ap.add_argument("--skip", action="append", default=[], help="suite not to run; repeatable")
    ap.add_argument(
        "--reuse",
        action="append",
        default=[],
        choices=("engines", "neardup"),
        help="report this suite from its last results file (bench/out/NAME.json), not a new run",
    )
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    neardup_mb = args.neardup_mb or (50 if args.quick else 1000)
    ingest_mb = args.ingest_mb or (5 if args.quick else 20)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    nd_args = ["neardup.py", "--mb", f"{neardup_mb:g}", "--json", str(out / "neardup.json")]
    if args.baseline_mb:
        nd_args += ["--baseline-mb", f"{args.baseline_mb:g}"]
    suites = {
        "engines": [
            "engines.py",
            "--mb",
            f"{ingest_mb:g}",
            "--workers",
            "2",
            "--json",
            str(out / "engines.json"),
        ],
        "ingest": ["ingest.py", "--mb", f"{ingest_mb:g}", "--workers", "2"],
        "neardup": nd_args,
        "search": ["search.py", *(["--skip-large"] if args.quick else [])],
        "check": ["check.py", *(["--paragraphs", "100000"] if args.quick else [])],
    }
    results = {}
    for name, suite_args in suites.items():
        if name in args.skip:
            results[name] = {"name": name, "status": "skipped", "output": ""}
            continue
        if name in args.reuse and (out / f"{name}.json").exists():
            when = time.gmtime((out / f"{name}.json").stat().st_mtime)
            status = f"ok (results of the run of {time.strftime('%Y-%m-%d %H:%M UTC', when)})"
            results[name] = {"name": name, "status": status, "output": ""}
            continue
        if name in ("engines", "neardup"):  # the results files this script reads
            (out / f"{name}.json").unlink(missing_ok=True)
        results[name] = run(name, suite_args, args.minutes)
    lines = [
        "# Benchmark results",
        "",
        f"- Machine: {machine()} (shared with other jobs while measured)",
        f"- Date: {started}; commit {commit()}",
        f"- Command: `.venv/bin/python bench/run_all.py {' '.join(sys.argv[1:])}`".rstrip(),
        "",
    ]
    for name, r in results.items():
        lines += [f"## {name}: {r['status']}", ""]
        data_file = out / f"{name}.json"
        if r["status"].startswith("ok") and name == "engines" and data_file.exists():
            lines += engines_section(json.loads(data_file.read_text()))
        elif r["status"].startswith("ok") and name == "neardup" and data_file.exists():
            lines += neardup_section(json.loads(data_file.read_text()))
        elif r["output"].strip():
            tail = "\n".join(r["output"].strip().splitlines()[-60:])
            lines += ["```", tail, "```"]
        lines.append("")
    # Sections written by hand (notes, the reliability runs) follow KEEP_MARKER and are kept.
    kept = ""
    if args.out.exists():
        previous = args.out.read_text()
        if KEEP_MARKER in previous:
            kept = previous[previous.index(KEEP_MARKER) :]
    lines.append(kept or KEEP_MARKER + "\n")
    args.out.write_text("\n".join(lines))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
