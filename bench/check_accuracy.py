"""查重 accuracy on the labelled draft set, beside copydetect, per class of draft.

    .venv/bin/python bench/check_accuracy.py [--drafts bench/data/check_drafts.json]

The drafts and their labels come from bench/check_drafts.py (spans labelled by construction); the
library is the same half of tests/real/files, ingested once into bench/out/check-accuracy/library.
Each draft is checked by jianghua (`check_text`, a .docx draft read through `draft_from_bytes`) and
by copydetect (winnowing at k = 13, every k-gram kept, on the same comparison keys: letters and
digits only, Traditional converted, so it is given the normalisation jianghua does itself).

Per class, counted on key characters (letters and digits) of the draft, PAN-style (Potthast et al.
2010): recall = mean over labelled cases of the share of the case detected; precision = mean over
detections of the share of the detection inside a case; granularity = mean number of detections
(overlapping reports merged whatever their source) per detected case; plagdet = F1 / log2(1 +
granularity). A copying class is scored on spans reported as copied, the quoted class on spans
reported as quoted (copydetect reports none). share err = mean |reported share - labelled share| of
the share that leaves quotations out (去除引用文献复制比; copydetect, which cannot leave them out: its
whole share); copied = the mean reported copied share (the only number for
originals, whose labelled share is 0); source = labelled copies whose reported source (the one
covering most of the case) is of the labelled family.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from check_drafts import CACHE, CLASSES, OUT, build_library, library_files  # noqa: E402

from jianghua.check import CheckIndex, check_text  # noqa: E402
from jianghua.check.keys import draft_key, library_key  # noqa: E402
from jianghua.check.read import draft_from_bytes  # noqa: E402

_KEY_CHAR = re.compile(r"[^\W_]")


def key_mask(text: str) -> np.ndarray:
    """The draft's letters and digits (a look-alike ideograph such as ⼤, a symbol to Unicode,
    counts as the ideograph it stands for)."""
    return np.array([bool(_KEY_CHAR.match(_nfkc(c))) for c in text], dtype=bool)


def _nfkc(c: str) -> str:
    folded = unicodedata.normalize("NFKC", c)
    return folded if len(folded) == 1 else c


def docx_bytes(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def span_kind(span) -> str:
    kind = getattr(span, "kind", None)
    if kind:
        return kind
    return "common" if span.common else "copied"


def merged(intervals: list[tuple[int, int]], mask: np.ndarray) -> list[tuple[int, int]]:
    """Overlapping detections, and detections apart by marks and spaces only, as one."""
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and (a <= out[-1][1] or not mask[out[-1][1] : a].any()):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class Scores:
    """PAN-style sums over the drafts of one class, for one tool."""

    def __init__(self):
        self.case_recall: list[float] = []
        self.det_precision: list[float] = []
        self.granularity: list[int] = []
        self.share_err: list[float] = []
        self.copied: list[float] = []
        self.source_right = 0
        self.sources = 0
        self.seconds: list[float] = []
        self.chars = 0

    def add(self, text, cases, detections, share, true_share, seconds, source_hits=None):
        mask = key_mask(text)
        inside = np.zeros(len(text), dtype=bool)
        for a, b in cases:
            inside[a:b] = True
        found = np.zeros(len(text), dtype=bool)
        dets = merged(detections, mask)
        for a, b in dets:
            found[a:b] = True
        for a, b in cases:
            n = mask[a:b].sum()
            if n:
                self.case_recall.append(float((found[a:b] & mask[a:b]).sum() / n))
                hit = sum(
                    1 for c, d in dets if c < b and a < d and (mask[max(a, c) : min(b, d)]).any()
                )
                if hit:
                    self.granularity.append(hit)
        for a, b in dets:
            n = mask[a:b].sum()
            if n:
                self.det_precision.append(float((inside[a:b] & mask[a:b]).sum() / n))
        self.share_err.append(abs(share - true_share))
        self.copied.append(share)
        self.seconds.append(seconds)
        self.chars += len(text)
        if source_hits:
            self.sources += len(source_hits)
            self.source_right += sum(source_hits)

    def row(self) -> dict:
        rec = float(np.mean(self.case_recall)) if self.case_recall else None
        prec = float(np.mean(self.det_precision)) if self.det_precision else None
        gran = float(np.mean(self.granularity)) if self.granularity else 1.0
        plag = None
        if rec is not None and prec is not None:
            f1 = 2 * rec * prec / (rec + prec) if rec + prec else 0.0
            plag = f1 / math.log2(1 + gran)
        return {
            "recall": rec,
            "precision": prec,
            "granularity": gran,
            "plagdet": plag,
            "share_err": float(np.mean(self.share_err)),
            "copied": float(np.mean(self.copied)),
            "source": f"{self.source_right}/{self.sources}" if self.sources else "",
            "ms": 1000 * float(np.mean(self.seconds)),
            "ms_per_10k": 1000 * sum(self.seconds) / max(self.chars, 1) * 10_000,
        }


def true_shares(text: str, labels: list[dict]) -> tuple[float, float]:
    """(share copied without quotations, share copied or quoted) of the draft's key characters."""
    mask = key_mask(text)
    copied = np.zeros(len(text), dtype=bool)
    either = np.zeros(len(text), dtype=bool)
    for lab in labels:
        either[lab["start"] : lab["end"]] = True
        if lab["kind"] == "copied":
            copied[lab["start"] : lab["end"]] = True
    n = mask.sum() or 1
    return float((copied & mask).sum() / n), float((either & mask).sum() / n)


def best_source(spans: list[tuple[int, int, str]], a: int, b: int) -> str | None:
    best, most = None, 0
    for c, d, fam in spans:
        over = min(b, d) - max(a, c)
        if over > most:
            best, most = fam, over
    return best


def run_jianghua(lib, index, draft: dict, families: dict[str, str]):
    text = draft["text"]
    t0 = time.perf_counter()
    if draft["format"] == "docx":
        text = draft_from_bytes(docx_bytes(text), f"{draft['name']}.docx")
    report = check_text(lib, text, index=index)
    seconds = time.perf_counter() - t0
    assert text == draft["text"], f"{draft['name']}: the .docx did not read back as written"
    want = "quoted" if draft["class"] == "quoted" else "copied"
    dets = [(s.start, s.end) for s in report.spans if span_kind(s) == want]
    share = getattr(report, "share_excluding_quotes", None)
    if share is None:
        share = report.copied_share_excluding_common
    by_source = [
        (s.start, s.end, families.get(s.source_id)) for s in report.spans if span_kind(s) == want
    ]
    hits = [
        best_source(by_source, lab["start"], lab["end"]) == lab["family"] for lab in draft["labels"]
    ]
    return dets, share, seconds, hits


class CopyDetect:
    """copydetect's fingerprints of every library speech key, compared with each draft key."""

    def __init__(self, lib, k: int = 13, win: int = 1):
        from copydetect import CodeFingerprint

        self.k, self.win = k, win
        self.prints = []
        for sid, family, text in lib.db.execute("SELECT id, family, text FROM speeches"):
            key = library_key(text)
            if len(key) >= k:
                fp = CodeFingerprint("s.txt", k, win, filter=False, fp=io.StringIO(key))
                self.prints.append((sid, family, fp))

    def run(self, draft: dict):
        from copydetect import CodeFingerprint, compare_files

        text = draft["text"]
        t0 = time.perf_counter()
        dkey, _ = draft_key(text)
        fp = CodeFingerprint("d.txt", self.k, self.win, filter=False, fp=io.StringIO(dkey.key))
        spans = []
        for _sid, family, sp in self.prints:
            overlap, _, (slices, _) = compare_files(fp, sp)
            if not overlap:
                continue
            for a, b in zip(slices[0].tolist(), slices[1].tolist(), strict=True):
                if b > a:
                    s, e = dkey.text_span(int(a), int(b))
                    spans.append((s, e, family))
        seconds = time.perf_counter() - t0
        mask = key_mask(text)
        found = np.zeros(len(text), dtype=bool)
        for a, b, _ in spans:
            found[a:b] = True
        share = float((found & mask).sum() / (mask.sum() or 1))
        hits = [
            best_source(spans, lab["start"], lab["end"]) == lab["family"] for lab in draft["labels"]
        ]
        if draft["class"] == "quoted":  # copydetect reports no quotation as one
            return [], share, seconds, [False] * len(hits)
        return [(a, b) for a, b, _ in spans], share, seconds, hits


def fmt(v, spec=".3f") -> str:
    return "—" if v is None else format(v, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--drafts", type=Path, default=OUT)
    ap.add_argument("--json", type=Path, help="also write the table as JSON")
    ap.add_argument("--only", help="only the drafts of this class")
    ap.add_argument("--verbose", action="store_true", help="one line per draft and tool")
    args = ap.parse_args()
    spec = json.loads(args.drafts.read_text(encoding="utf-8"))
    lib = build_library(CACHE / "library", library_files()[0])
    index = CheckIndex(lib)
    index.update()
    families = dict(lib.db.execute("SELECT id, family FROM speeches").fetchall())
    cd = CopyDetect(lib)
    tools = {"jianghua": {}, "copydetect": {}}
    for draft in spec["drafts"]:
        cls = draft["class"]
        if args.only and cls != args.only:
            continue
        want = "quoted" if cls == "quoted" else "copied"
        cases = [(lab["start"], lab["end"]) for lab in draft["labels"] if lab["kind"] == want]
        copied_share, _ = true_shares(draft["text"], draft["labels"])
        for name, result in (
            ("jianghua", run_jianghua(lib, index, draft, families)),
            ("copydetect", cd.run(draft)),
        ):
            dets, share, seconds, hits = result
            if args.verbose:
                one = Scores()
                one.add(draft["text"], cases, dets, share, copied_share, seconds, hits)
                r = one.row()
                print(
                    f"  {draft['name']:<16} {name:<10} rec {fmt(r['recall'])} prec"
                    f" {fmt(r['precision'])} share {share:.3f} (labelled {copied_share:.3f})"
                )
            for group in (cls, "ALL"):
                tools[name].setdefault(group, Scores()).add(
                    draft["text"], cases, dets, share, copied_share, seconds, hits
                )
    n = len(spec["drafts"])
    spans = sum(len(d["labels"]) for d in spec["drafts"])
    print(f"{n} drafts, {spans} labelled spans; library {len(families)} speeches")
    head = f"{'class':<12} {'tool':<10} {'recall':>6} {'prec':>6} {'gran':>5} {'plagdet':>7}"
    head += f" {'sh.err':>6} {'copied':>6} {'source':>7} {'ms':>6} {'ms/10k':>6}"
    print(head)
    table = {}
    for cls in (*CLASSES, "ALL"):
        for name in tools:
            if cls not in tools[name]:
                continue
            r = tools[name][cls].row()
            table.setdefault(cls, {})[name] = r
            print(
                f"{cls:<12} {name:<10} {fmt(r['recall']):>6} {fmt(r['precision']):>6}"
                f" {fmt(r['granularity'], '.2f'):>5} {fmt(r['plagdet']):>7}"
                f" {fmt(r['share_err']):>6} {fmt(r['copied']):>6} {r['source']:>7}"
                f" {r['ms']:>6.1f} {r['ms_per_10k']:>6.1f}"
            )
    long_drafts(lib, index, cd)
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=1))


def long_drafts(lib, index, cd: CopyDetect) -> None:
    """10,000 characters of the longest library speech, as is and with one character in 10-13
    changed: the whole draft one passage (the worst case of the alignment), timed."""
    import random

    sid, text = max(lib.db.execute("SELECT id, text FROM speeches"), key=lambda r: len(r[1]))
    src = text[:10_000]
    rng = random.Random(18)
    chars = list(src)
    k = 5
    while k < len(chars):
        if _KEY_CHAR.match(chars[k]):
            chars[k] = "甲"
        k += rng.randint(10, 13)
    print("10,000-character drafts, the whole draft copied from one speech:")
    for name, draft in (("verbatim", src), ("one_in_ten", "".join(chars))):
        t0 = time.perf_counter()
        report = check_text(lib, draft, index=index)
        mine = time.perf_counter() - t0
        _, share, theirs, _ = cd.run({"text": draft, "class": name, "labels": []})
        print(
            f"  {name:<10} jianghua {mine:.2f} s, share {report.share_excluding_quotes:.3f}"
            f" | copydetect {theirs:.2f} s, share {share:.3f}"
        )


if __name__ == "__main__":
    main()
