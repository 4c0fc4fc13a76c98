"""What the reliability tests share: running the real CLI in a subprocess, and what a library holds."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from jianghua.library.store import DB_NAME, Library

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
# Embedding the seeds with the e5 model takes over 30 s on the 2-core test machine; the loop
# exercises the other derived indexes and the store, and embeddings resume through the same
# pending()/update() contract.
SLOW_INDEXES = ("embeddings",)

# The real `jianghua` command, with the pipeline's batch size set first so that a small test input
# is stored in several transactions (kill points between commits, readers seeing several states).
_CLI = (
    "import sys, jianghua.pipeline as p\n"
    "if sys.argv[1] != '-': p.BATCH_CHARS = int(sys.argv[1])\n"
    "from jianghua.cli import app\n"
    "app(sys.argv[2:], prog_name='jianghua')\n"
)


def cli_args(*args: str | Path, batch_chars: int | None = None) -> list[str]:
    return [sys.executable, "-c", _CLI, str(batch_chars or "-"), *map(str, args)]


def skip_args(option: str = "--skip") -> list[str]:
    return [a for name in SLOW_INDEXES for a in (option, name)]


def run_cli(*args: str | Path, batch_chars: int | None = None, timeout: float = 120):
    return subprocess.run(
        cli_args(*args, batch_chars=batch_chars),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def start_ingest(inputs, library: Path, *, batch_chars: int | None = None, workers: int = 1):
    """`jianghua ingest` in its own process group (so leftovers can be found), not waited for."""
    return subprocess.Popen(
        cli_args(
            "ingest",
            *inputs,
            "--library",
            library,
            "--workers",
            str(workers),
            *skip_args(),
            batch_chars=batch_chars,
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )


def group_gone(pgid: int, wait: float = 5.0) -> bool:
    """True once no process of the group is left (pool workers must die with their ingest)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def export(folder: Path) -> list[dict]:
    with Library(folder, create=False) as lib:
        return list(lib.export_records())


def dump(folder: Path) -> dict:
    """Every row of every store table, ingest times left out: what 'unchanged' means."""
    db = sqlite3.connect(folder / DB_NAME)
    try:
        tables = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        out = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in columns if c != "ingested_at"]
            out[table] = sorted(map(repr, db.execute(f"SELECT {', '.join(keep)} FROM {table}")))
        return out
    finally:
        db.close()


def load_bench_module(name: str):
    """A script of bench/ as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# A fork server: imports the CLI once, then runs each `jianghua ...` command in a freshly forked
# process (its own session), optionally killing it with SIGKILL after a delay. On the 2-core test
# machine importing the CLI costs ~3 s of wall time; paying it once keeps a 20-kill loop short.
# The forked child runs exactly what `jianghua` runs, from the same imported code.
_ZYGOTE = r"""
import json, os, signal, sys, time, traceback
import jianghua.pipeline as pipeline
from jianghua.cli import app
default_batch = pipeline.BATCH_CHARS
for line in sys.stdin:
    req = json.loads(line)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        pipeline.BATCH_CHARS = req["batch_chars"] or default_batch
        out = os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        code = 0
        try:
            app(req["args"], prog_name="jianghua")
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    killed = False
    deadline = None if req["kill_after"] is None else started + req["kill_after"]
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            killed = True
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.005)
    print(json.dumps({"pid": pid, "killed": killed, "code": os.waitstatus_to_exitcode(status),
                      "seconds": time.monotonic() - started}), flush=True)
"""


class ForkServer:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.runs = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def run(self, *args, batch_chars: int | None = None, kill_after: float | None = None) -> dict:
        """Run `jianghua ARGS`; returns {pid, killed, code, seconds, output}."""
        self.runs += 1
        out = self.tmp / f"run{self.runs}.out"
        request = {
            "args": [str(a) for a in args],
            "batch_chars": batch_chars,
            "kill_after": kill_after,
            "out": str(out),
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        reply["output"] = out.read_text(encoding="utf-8", errors="replace")
        return reply

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
