"""Load on `jianghua serve`: many concurrent clients mixing search, read and 查重 on loopback.

    .venv/bin/python bench/web_load.py [--library DIR] [--clients 50] [--seconds 20]

Starts `jianghua serve` on a free loopback port over the library (default: the 1 M-paragraph
library bench/search.py builds, else the seed library, built here if missing), then runs the load
generator in a separate process: N clients, each a thread with its own keep-alive connection,
bounded by --seconds and --max-requests. Prints throughput, p50/p99 latency per endpoint and the
errors, and as the baseline the same mix from ONE client in the same run (ratio = throughput with
N clients / throughput with one). Results also go to bench/out/web_load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

QUERIES = [
    "基层党组织",
    "党建",
    "乡村振兴",
    "作风建设",
    "安全生产",
    "关心下一代",
    "“两学一做”",
    "组织",
]
# endpoint name -> share of the requests
MIX = {
    "api_search": 0.35,
    "results_page": 0.10,
    "reader_page": 0.20,
    "api_speech": 0.15,
    "api_check": 0.20,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_library(out: Path) -> Path:
    for name in ("search-large-1000000-seed0", "search-seeds", "web-load-seeds"):
        if (out / name / "jianghua.sqlite").exists():
            return out / name
    from jianghua.library.indexes import update_all
    from jianghua.library.store import Library
    from jianghua.pipeline import ingest

    folder = out / "web-load-seeds"
    print(f"building the seed library in {folder} ...", file=sys.stderr)
    with Library(folder) as lib:
        ingest(sorted((ROOT / "samples").iterdir()), lib)
        update_all(lib, skip=["embeddings"])
    return folder


def workload(folder: Path, n: int = 200, seed: int = 0) -> dict:
    """Speech ids to read and paragraphs to check, drawn from the library."""
    from jianghua.library.store import Library

    rng = random.Random(seed)
    with Library(folder, create=False) as lib:
        ids = [r[0] for r in lib.db.execute("SELECT id FROM speeches ORDER BY rowid LIMIT 20000")]
        picked = rng.sample(ids, min(n, len(ids)))
        drafts = []
        for sid in picked[:50]:
            text = lib.db.execute("SELECT text FROM speeches WHERE id = ?", (sid,)).fetchone()[0]
            paras = [p for p in text.split("\n") if len(p) >= 60]
            if paras:
                drafts.append(rng.choice(paras)[:600])
    return {"ids": picked, "drafts": drafts, "queries": QUERIES}


def start_server(folder: Path, port: int, log: Path) -> subprocess.Popen:
    jianghua = Path(sys.executable).parent / "jianghua"
    env = {k: v for k, v in os.environ.items() if k != "JIANGHUA_TOKEN"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(jianghua), "serve", "--library", str(folder), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"jianghua serve did not start; see {log}") from None
            time.sleep(0.2)


# -- the load generator (runs in its own process) ---------------------------------------------


def request_for(name: str, work: dict, rng: random.Random) -> tuple[str, str, dict | None]:
    if name == "api_search":
        return "GET", f"/api/search?q={rng.choice(work['queries'])}&mode=keyword", None
    if name == "results_page":
        return "GET", f"/search?q={rng.choice(work['queries'])}&mode=keyword", None
    if name == "reader_page":
        return "GET", f"/speech/{rng.choice(work['ids'])}", None
    if name == "api_speech":
        return "GET", f"/api/speeches/{rng.choice(work['ids'])}", None
    return "POST", "/api/check", {"text": rng.choice(work["drafts"])}


def generate(url: str, work: dict, clients: int, seconds: float, max_requests: int) -> dict:
    import httpx

    names, weights = list(MIX), list(MIX.values())
    if not work["drafts"]:
        weights[names.index("api_check")] = 0
    latencies: dict[str, list[float]] = {n: [] for n in names}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    budget = [max_requests]
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        with httpx.Client(base_url=url, timeout=60) as http:
            while time.monotonic() < stop:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                name = rng.choices(names, weights)[0]
                method, path, form = request_for(name, work, rng)
                started = time.perf_counter()
                try:
                    r = http.request(method, path, data=form)
                    ok, why = r.status_code == 200, str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, why = False, type(exc).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies[name].append(elapsed)
                    if not ok:
                        errors[f"{name} {why}"] = errors.get(f"{name} {why}", 0) + 1

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    return {"clients": clients, "seconds": wall, "latencies": latencies, "errors": errors}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summarise(run: dict) -> dict:
    total = sum(len(v) for v in run["latencies"].values())
    return {
        "clients": run["clients"],
        "seconds": round(run["seconds"], 2),
        "requests": total,
        "throughput": round(total / run["seconds"], 1),
        "errors": run["errors"],
        "endpoints": {
            name: {
                "requests": len(v),
                "p50_ms": round(percentile(v, 0.50), 1),
                "p99_ms": round(percentile(v, 0.99), 1),
            }
            for name, v in run["latencies"].items()
        },
    }


def run_generator(url: str, work_file: Path, clients: int, seconds: float, cap: int) -> dict:
    """The generator in a separate process, so client and server do not share one interpreter."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--generate",
            url,
            "--work",
            str(work_file),
            "--clients",
            str(clients),
            "--seconds",
            str(seconds),
            "--max-requests",
            str(cap),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.generate:  # the load generator process
        work = json.loads(args.work.read_text(encoding="utf-8"))
        run = generate(args.generate, work, args.clients, args.seconds, args.max_requests)
        print(json.dumps(summarise(run)))
        return

    args.out.mkdir(parents=True, exist_ok=True)
    folder = args.library or default_library(args.out)
    work_file = args.out / "web-load-work.json"
    work_file.write_text(json.dumps(workload(folder), ensure_ascii=False), encoding="utf-8")
    port = free_port()
    server = start_server(folder, port, args.out / "web-load-serve.log")
    url = f"http://127.0.0.1:{port}"
    try:
        warm = run_generator(url, work_file, 2, 2, 200)  # first requests open indexes
        single = run_generator(url, work_file, 1, max(3.0, args.seconds / 4), args.max_requests)
        loaded = run_generator(url, work_file, args.clients, args.seconds, args.max_requests)
    finally:
        server.terminate()
        server.wait(timeout=20)
    result = {
        "library": str(folder),
        "warm_up_errors": warm["errors"],
        "baseline_one_client": single,
        "concurrent": loaded,
        "ratio_throughput": round(loaded["throughput"] / max(single["throughput"], 1e-9), 2),
    }
    (args.out / "web_load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))

    print(f"library: {folder}")
    print(f"{'endpoint':<14}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}   one client: p50 ms")
    for name, e in loaded["endpoints"].items():
        base = single["endpoints"][name]
        print(f"{name:<14}{e['requests']:>9}{e['p50_ms']:>9}{e['p99_ms']:>9}   {base['p50_ms']:>9}")
    print(
        f"{args.clients} clients: {loaded['throughput']} req/s over {loaded['seconds']} s, "
        f"errors {sum(loaded['errors'].values())} {loaded['errors'] or ''}"
    )
    print(
        f"baseline, 1 client: {single['throughput']} req/s; "
        f"ratio {result['ratio_throughput']}x (2 cores shared with the server)"
    )


if __name__ == "__main__":
    main()
