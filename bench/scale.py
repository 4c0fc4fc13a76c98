"""Inputs of extreme shape, timed stage by stage: is every stage linear in the page's size?

    .venv/bin/python bench/scale.py [--out /tmp/scale] [--only NAME] [--scale 1.0]
                                    [--stage-seconds 600] [--skip embeddings]

Kinds (see `INPUTS`): a million one-character lines (.txt, and one `<p>` each in .html); 10^5
outline headings of the styles 一、/（一）/1./（1）, each with a short body line, nested ten under
each (headings), in random order with restarts and skips (mixed), every one 一、 (restart), or
as lists 1. 2. 1. in sections under a refrain 同志们、朋友们！ (refrains); one numbered series
1.…100000. (flat); 10^5 short speeches on one page; one 3 MB line with no break (the seeds' text
run together), and its Chinese characters alone wrapped every 30 characters.
--scale shrinks every count (0.1: 10^5 lines, 10^4 headings); two scales show a stage's growth.

Each input is ingested into its own fresh library in a child process, stage by stage as
`pipeline.process_page` and `indexes.update_all` run them (read, script, noise, split, clean, dedup,
each part of `structure.analyze`, store, each index, verify); a stage's wall time is printed as
it ends. A sampling thread records the main thread's stack every 10 ms: when a stage runs longer
than --stage-seconds the functions it spends its time in are printed and the child is stopped, so
a hang names its loop instead of just timing out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "samples"

CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"  # noqa: E501
STYLES = ("一、", "（一）", "1.", "（1）")


def cn_number(n: int) -> str:
    """1..99999 in Chinese numerals as headings write them (一, 十二, 一百零五)."""
    digits = "零一二三四五六七八九"
    units = ["", "十", "百", "千", "万"]
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for power in range(len(str(n)) - 1, -1, -1):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + digits[d] + units[power]
            zero = False
    return out


def seed_paragraphs() -> list[str]:
    paras = []
    for path in sorted(SEEDS.glob("*.txt")):
        paras += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [p for p in paras if len(p) >= 20]


def one_char_lines(n: int) -> str:
    rng = random.Random(1)
    return "".join(rng.choice(CHARS) + "\n" for _ in range(n))


def one_char_html(n: int) -> str:
    rng = random.Random(2)
    body = "".join(f"<p>{rng.choice(CHARS)}</p>" for _ in range(n))
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def nested_headings(n: int) -> str:
    """About n headings: 一、 over （一） over 1. over （1）, ten of each under the one above (1111
    per 一、), each heading followed by a short body line."""
    lines = ["同志们：", "下面，我讲几点意见。"]
    count, top = 0, 0
    while count < n:
        top += 1
        lines += [f"{cn_number(top)}、关于第{top}项工作", "这项工作要抓紧抓好。"]
        count += 1111
        for a in range(1, 11):
            lines += [f"（{cn_number(a)}）加强第{a}方面", "要进一步加强。"]
            for b in range(1, 11):
                lines += [f"{b}.落实第{b}条措施", "确保落到实处。"]
                for c in range(1, 11):
                    lines += [f"（{c}）抓好第{c}个环节。", "各地要认真执行。"]
    lines += ["同志们，让我们共同努力！", "谢谢大家！"]
    return "\n".join(lines) + "\n"


def mixed_headings(n: int) -> str:
    """n headings of the four styles in random order, each numbered on from the last of its style
    (sometimes restarting at one or skipping ahead), each followed by a short body line: the
    flags (restarts, skips, inversions) and top-level nodes grow with n."""
    rng = random.Random(3)
    lines = ["同志们：", "下面，我讲几点意见。"]
    last = dict.fromkeys(STYLES, 0)
    for _ in range(n):
        style = rng.choice(STYLES)
        roll = rng.random()
        k = 1 if roll < 0.1 else last[style] + (2 if roll < 0.15 else 1)
        k = k if k < 100 else 1
        last[style] = k
        number = cn_number(k) if style in ("一、", "（一）") else str(k)
        marker = style.replace("一", number).replace("1", number)
        lines += [f"{marker}抓好第{k}项工作", "要抓紧抓好。"]
    lines += ["同志们，让我们共同努力！", "谢谢大家！"]
    return "\n".join(lines) + "\n"


def restarting_headings(n: int) -> str:
    """n headings that all restart the list at 一、, each followed by a short body line: every
    heading is a top-level node with an outline_restart flag."""
    lines = ["同志们：", "下面，我讲几点意见。"]
    for k in range(n):
        lines += [f"一、关于第{k}项工作", "要抓紧抓好。"]
    lines += ["谢谢大家！"]
    return "\n".join(lines) + "\n"


def refrain_sections(n: int) -> str:
    """n headings: sections under a refrain (同志们、朋友们！, never numbered, never flagged), each
    holding a list 1. 2. 1. that restarts: flags inside the sections, as many top-level nodes."""
    lines = ["同志们：", "下面，我讲几点意见。"]
    for k in range(n // 4):
        lines += ["同志们、朋友们！", f"1.抓好第{k}项", f"2.落实第{k}项", f"1.推进第{k}项"]
    lines += ["谢谢大家！"]
    return "\n".join(lines) + "\n"


def flat_headings(n: int) -> str:
    lines = ["同志们：", "下面，我讲几点意见。"]
    for k in range(1, n + 1):
        lines += [f"{k}.做好第{k}项工作", "要抓紧抓好。"]
    lines += ["谢谢大家！"]
    return "\n".join(lines) + "\n"


def many_speeches(n: int) -> str:
    """n short speeches on one page, each under an article-metadata line the splitter hands to it."""
    lines = []
    for k in range(n):
        lines += [
            f"发布时间：2020-01-{k % 28 + 1:02d}",
            "同志们：",
            f"第{k}次会议开得很好，辛苦了。",
        ]
        lines += ["谢谢大家！", ""]
    return "\n".join(lines) + "\n"


def one_line(size_bytes: int) -> str:
    paras, out, size = seed_paragraphs(), [], 0
    while size < size_bytes:
        for p in paras:
            out.append(p)
            size += len(p.encode("utf-8"))
            if size >= size_bytes:
                break
    return "".join(out)


def wrapped(size_bytes: int, width: int = 30) -> str:
    """one_line's Chinese characters alone (punctuation and digits lost), hard-wrapped every
    `width` characters, as copied from a PDF: every line ends mid-sentence, so the cleaner joins
    them back into paragraphs of a hundred lines or so (cut where a line starts with 一是, 二要…)."""
    text = re.sub(r"[^\u4e00-\u9fff]", "", one_line(size_bytes))
    return "".join(text[i : i + width] + "\n" for i in range(0, len(text), width))


# name -> (file name, builder of its text at scale s)
INPUTS = {
    "lines": ("lines.txt", lambda s: one_char_lines(int(1_000_000 * s))),
    "html": ("paragraphs.html", lambda s: one_char_html(int(1_000_000 * s))),
    "headings": ("headings.txt", lambda s: nested_headings(int(100_000 * s))),
    "mixed": ("mixed.txt", lambda s: mixed_headings(int(100_000 * s))),
    "restart": ("restart.txt", lambda s: restarting_headings(int(100_000 * s))),
    "refrains": ("refrains.txt", lambda s: refrain_sections(int(100_000 * s))),
    "flat": ("flat.txt", lambda s: flat_headings(int(100_000 * s))),
    "speeches": ("speeches.txt", lambda s: many_speeches(int(100_000 * s))),
    "oneline": ("oneline.txt", lambda s: one_line(int(3_000_000 * s))),
    "wrapped": ("wrapped.txt", lambda s: wrapped(int(3_000_000 * s))),
}


def write_inputs(out: Path, scale: float, only: list[str]) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in only:
        file_name, build = INPUTS[name]
        path = out / f"{scale:g}-{file_name}"
        if not path.exists():
            path.write_text(build(scale), encoding="utf-8")
        paths[name] = path
    return paths


# -- the child: one input, stage by stage ------------------------------------------------------


class Sampler:
    """The main thread's stack every 10 ms, counted per function (inclusive) while a stage runs."""

    def __init__(self) -> None:
        self.main = threading.main_thread().ident
        self.counts: Counter = Counter()
        self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self.running:
            time.sleep(0.01)
            frame = sys._current_frames().get(self.main)
            seen = set()
            while frame is not None:
                code = frame.f_code
                key = f"{Path(code.co_filename).name}:{code.co_firstlineno}:{code.co_name}"
                if key not in seen:
                    seen.add(key)
                    self.counts[key] += 1
                frame = frame.f_back

    def top(self, n: int = 15) -> list[tuple[str, int]]:
        return self.counts.most_common(n)


class Stages:
    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.times: dict[str, float] = {}
        self.sampler = Sampler()

    @contextmanager
    def part(self, name: str):
        """A part of the stage running (called once per speech): its time is added up."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - start

    def print_parts(self, prefix: str) -> None:
        for name, took in self.times.items():
            if name.startswith(prefix):
                print(f"    {name:22s} {took:9.2f} s", flush=True)

    @contextmanager
    def stage(self, name: str):
        self.sampler.counts.clear()
        done = threading.Event()

        def watchdog() -> None:
            if not done.wait(self.limit):
                print(f"  {name}: still running after {self.limit:.0f} s; where:", flush=True)
                for key, count in self.sampler.top():
                    print(f"    {count / 100:8.1f} s  {key}", flush=True)
                print(json.dumps({"stage": name, "timeout": self.limit}), flush=True)
                os._exit(3)

        threading.Thread(target=watchdog, daemon=True).start()
        start = time.perf_counter()
        try:
            yield
        finally:
            done.set()
            took = time.perf_counter() - start
            self.times[name] = self.times.get(name, 0.0) + took
            print(f"  {name:24s} {took:9.2f} s", flush=True)
            if took > 5:
                for key, count in self.sampler.top(8):
                    print(f"      {count / 100:8.1f} s  {key}", flush=True)


def timed_structure(stages: Stages) -> None:
    """Each part of structure.analyze timed as a stage of its own."""
    import jianghua.structure as structure

    for module, names in (
        (structure.parts, ("salutation", "closing", "opening")),
        (structure, ("outline",)),
        (structure.roles, ("assign_roles",)),
        (structure.meta, ("extract",)),
        (structure.losses, ("flags",)),
        (structure.formulations, ("formulations",)),
    ):
        for name in names:
            original = getattr(module, name)

            def timed(*args, _f=original, _name=name, **kwargs):
                with stages.part(f"structure.{_name}"):
                    return _f(*args, **kwargs)

            setattr(module, name, timed)


def run_one(path: Path, library: Path, limit: float, skip: list[str]) -> dict:
    from jianghua import dedup
    from jianghua.clean import clean_speech
    from jianghua.clean.noise import strip_noise
    from jianghua.clean.script import convert_page
    from jianghua.library.indexes import open_indexes
    from jianghua.library.store import Library
    from jianghua.library.verify import verify
    from jianghua.sources import read_page
    from jianghua.split import split_page
    from jianghua.structure import analyze

    stages = Stages(limit)
    timed_structure(stages)
    total = time.perf_counter()
    with stages.stage("read"):
        page = read_page(path)
    print(f"  ({len(page.lines)} lines, {page.char_count} chars)", flush=True)
    with stages.stage("script"):
        page = convert_page(page)
    with stages.stage("noise"):
        page = strip_noise(page)
    with stages.stage("split"):
        speeches = split_page(page)
    print(f"  ({len(speeches)} speeches)", flush=True)
    with stages.stage("clean"):
        speeches = [clean_speech(s) for s in speeches]
    with stages.stage("dedup"):
        for speech in speeches:
            key = dedup.dedup_key(speech.text)
            speech.id = dedup.speech_id(key)
            speech.fingerprints = dedup.key_fingerprints(key)
    with stages.stage("structure"):
        for speech in speeches:
            speech.structure = analyze(speech)
    stages.print_parts("structure.")
    nodes = sum(len(s.structure.get("outline", [])) for s in speeches)
    print(f"  ({nodes} top-level outline nodes)", flush=True)
    if library.exists():
        shutil.rmtree(library)
    with Library(library) as lib:
        with stages.stage("store"):
            results = lib.add_pages([(page.slim(), speeches)])
        assert not any(isinstance(r, Exception) for r in results), results
        for index in open_indexes(lib, skip):
            with stages.stage(f"index.{index.name}"):
                index.update()
        with stages.stage("verify"):
            report = verify(lib, skip=tuple(skip))
    stages.times["total"] = time.perf_counter() - total
    return {"times": stages.times, "verify": report.as_dict()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/jianghua-scale"))
    ap.add_argument("--only", action="append", choices=sorted(INPUTS), default=None)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--stage-seconds", type=float, default=600)
    ap.add_argument("--skip", action="append", default=[], help="index not to build (embeddings)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_one(args.child, args.out / "library", args.stage_seconds, args.skip)
        print(json.dumps(result), flush=True)
        return
    results = {}
    for name, path in write_inputs(args.out, args.scale, args.only or list(INPUTS)).items():
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
        command = [sys.executable, __file__, "--child", str(path), "--out", str(args.out / name)]
        command += ["--stage-seconds", str(args.stage_seconds)]
        command += [f"--skip={s}" for s in args.skip]
        lines = []
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
            for line in proc.stdout:
                lines.append(line.rstrip("\n"))
                if not line.startswith("{"):
                    print(lines[-1], flush=True)
        try:
            results[name] = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            traceback.print_exc()
            results[name] = {"failed": proc.returncode}
        shutil.rmtree(args.out / name, ignore_errors=True)
    (args.out / f"results-{args.scale:g}.json").write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
