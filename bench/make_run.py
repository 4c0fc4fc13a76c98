"""`make run` on a fresh machine: from the end of the install to the UI answering a search.

    .venv/bin/python bench/make_run.py [--cache DIR]

Runs what `make run` runs after `install` (ingest samples, stats, serve) into a new library,
with an empty jianghua cache folder (JIANGHUA_CACHE_DIR: a fresh machine has no distilled static
rows yet) unless --cache names one, then polls the UI's search page (hybrid mode) until it answers
200. Prints each step's time and the total against the 30 s target, with the load average.
The e5 tier starts in the background at the end of ingest, as it does under `make run`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "安全生产责任"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, help="jianghua cache folder (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp) / "cache"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "JIANGHUA_CACHE_DIR": str(cache)}
        lib = Path(tmp) / "library"
        cli = [sys.executable, "-m", "jianghua.cli"]
        print(f"load average {os.getloadavg()[0]:.1f}; cache {cache}")
        start = time.perf_counter()
        subprocess.run(
            [*cli, "ingest", str(ROOT / "samples"), "--library", str(lib)],
            env=env,
            check=True,
            capture_output=True,
        )
        ingested = time.perf_counter()
        print(f"ingest samples            {ingested - start:6.1f} s")
        subprocess.run(
            [*cli, "stats", "--library", str(lib)], env=env, check=True, capture_output=True
        )
        stats = time.perf_counter()
        print(f"stats                     {stats - ingested:6.1f} s")
        port = free_port()
        server = subprocess.Popen(
            [*cli, "serve", "--library", str(lib), "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/search?" + urllib.parse.urlencode(
            {"q": QUERY, "mode": "hybrid"}
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=30) as answer:
                        if answer.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
                if server.poll() is not None:
                    raise SystemExit("serve exited before answering")
            answered = time.perf_counter()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
            # the background e5 process ingest started: stopped, it leaves only finished parts
            pid_file = lib / "embeddings" / "e5-progress.json"
            if pid_file.exists():
                import json

                pid = json.loads(pid_file.read_text()).get("pid")
                if pid:
                    try:
                        os.killpg(pid, signal.SIGTERM)
                    except ProcessLookupError:
                        pass
        print(f"serve until /search answers {answered - stats:4.1f} s")
        total = answered - start
        print(f"total                     {total:6.1f} s (target 30 s: {total / 30:.2f} of it)")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
