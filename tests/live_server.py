"""A real `jianghua serve` and Debian's chromium for browser tests (no browser is downloaded)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (`make browser` installs it)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(folder: Path, log: Path, token: str | None = None):
    """`jianghua serve` on a free loopback port, as `make run` starts it; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "JIANGHUA_TOKEN"}
    if token:
        env["JIANGHUA_TOKEN"] = token
    jianghua = Path(sys.executable).parent / "jianghua"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(jianghua), "serve", "--library", str(folder), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"jianghua serve did not start: {log.read_text()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def shot(page, name: str) -> None:
    """Save a screenshot when JIANGHUA_SCREENSHOTS names a folder (the README's pictures)."""
    folder = os.environ.get("JIANGHUA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)
