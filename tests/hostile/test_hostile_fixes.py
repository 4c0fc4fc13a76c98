"""Bugs the hostile corpus found, each pinned by a small test."""

import os
import threading

from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.sources import read_page

SPEECH = "同志们：\n这次全县工作会议的主要任务是总结去年工作，部署今年任务。\n谢谢大家！\n"


def test_a_name_that_is_not_utf8_is_stored_with_its_bytes_shown(tmp_path):
    """Before: the surrogates Python uses for such bytes reached SQLite, whose UnicodeEncodeError
    aborted the whole ingest (every file of the batch lost)."""
    path = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(path, "wb") as f:
        f.write(SPEECH.encode())
    page = read_page(os.fsdecode(path))
    assert page.name == "caf\\xe9.txt"
    assert page.path.endswith("/caf\\xe9.txt")
    with Library(tmp_path / "lib") as lib:
        report = ingest([os.fsdecode(path), tmp_path / "missing.txt"], lib)
        assert report.files[0].error is None and report.files[0].result.new == 1
        assert lib.db.execute("SELECT name FROM sources").fetchone()[0] == "caf\\xe9.txt"


def test_a_fifo_or_a_device_named_like_a_page_is_refused_not_read(tmp_path):
    """Before: ingest hashed every named file before reading it, so a FIFO blocked for ever and
    /dev/zero was hashed for ever."""
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    done = []

    def run():
        with Library(tmp_path / "lib") as lib:
            done.append(ingest([fifo, zero], lib))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    assert done, "ingest blocked on a FIFO or /dev/zero"
    assert [f.error for f in done[0].files] == ["not a regular file"] * 2
