"""Which HTML main-content extractor keeps the speech and drops the page chrome? Measured on the
labelled real corpus (tests/real), every HTML file, in one run:

    .venv/bin/python bench/html_main.py

Each extractor's main text is mapped back to jianghua's own blocks of the page (a block is kept
when its normalised text occurs in the extractor's output), as the ingest does, so that
provenance stays the page's lines. Printed per extractor: labelled noise lines kept, labelled body
sentences lost, labelled header lines (title, subtitle, date, speaker) lost, and the time. The
baseline is "all blocks" (no extractor).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "real"))
sys.path.insert(0, str(ROOT / "src"))

from realcorpus import file_text, labels, normalize, sentences  # noqa: E402


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_recall=True, include_comments=False) or ""


def _trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True, include_comments=False) or ""


def _readability(html: str) -> str:
    from lxml import html as lhtml
    from readability import Document

    summary = Document(html).summary()
    return lhtml.fromstring(summary).text_content() if summary.strip() else ""


def _justext(html: str) -> str:
    import justext

    # jusText has no Chinese stop list; its length and link-density tests still apply
    paragraphs = justext.justext(html.encode("utf-8"), frozenset(), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _jianghua(html: str) -> str:
    """What the ingest keeps: readability's choice mapped to the page's blocks, header kept."""
    from jianghua.clean.main_content import strip_outside_main
    from jianghua.sources import html as reader

    page = reader.read_html(html.encode("utf-8"), "x.html", "x.html", "x")
    return "\n".join(line.text for line in strip_outside_main(page).lines)


EXTRACTORS = {
    "all blocks (baseline)": None,
    "jianghua (readability, mapped to blocks)": _jianghua,
    "trafilatura recall": _trafilatura,
    "trafilatura precision": _trafilatura_precision,
    "readability-lxml": _readability,
    "jusText (no stoplist)": _justext,
}


def main() -> int:
    from jianghua.sources import read_page

    corpus = ROOT / "tests" / "real"
    files = [(corpus / lab["file"], lab) for _p, lab in labels() if lab["format"] == "html"]
    rows = {name: [0, 0, 0, 0, 0, 0, 0.0] for name in EXTRACTORS}
    for path, label in files:
        page = read_page(path)
        html = path.read_bytes().decode(
            page.encoding if page.encoding != "docx" else "utf-8", "replace"
        )
        blocks = [normalize(line.text) for line in page.lines]
        noise = [normalize(n) for n in label.get("noise") or [] if normalize(n)]
        header = [normalize(h) for h in label.get("header") or [] if normalize(h)]
        text = file_text(path)
        body = []
        all_sentences = [s for s in map(normalize, sentences(text)) if len(s) >= 4]
        for speech in label["speeches"]:
            joined = normalize(text)
            a = joined.find(normalize(speech["start"]))
            b = joined.find(normalize(speech["end"]), a)
            if a >= 0 and b >= 0:
                span = joined[a : b + len(normalize(speech["end"]))]
                body += [s for s in all_sentences if s in span]
        for name, fn in EXTRACTORS.items():
            t0 = time.perf_counter()
            if fn is None:
                kept = "".join(blocks)
            else:
                main_text = normalize(fn(html))
                kept = "".join(b for b in blocks if b and b in main_text)
            rows[name][6] += time.perf_counter() - t0
            row = rows[name]
            row[0] += sum(n in kept for n in noise)
            row[1] += len(noise)
            row[2] += sum(s not in kept for s in body)
            row[3] += len(body)
            row[4] += sum(h not in kept for h in header)
            row[5] += len(header)
    print(f"{len(files)} HTML files of the labelled corpus")
    print(
        f"{'extractor':40} {'noise kept':>12} {'body lost':>12} {'header lost':>12} {'ms/page':>8}"
    )
    for name, (nk, nn, bl, bn, hl, hn, secs) in rows.items():
        print(
            f"{name:40} {nk:5d}/{nn:<6d} {bl:5d}/{bn:<6d} {hl:5d}/{hn:<6d}"
            f" {1000 * secs / max(1, len(files)):8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
