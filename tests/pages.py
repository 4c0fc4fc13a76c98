"""Pages built by hand for tests: one Line per text, numbered from 1; and where the seeds are."""

from pathlib import Path

from jianghua.records import Line, Page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEEDS = {path.name[:3]: path.name for path in sorted(SAMPLES.glob("*.txt"))}  # "000": file name


def text_page(texts, name="t.txt", path=None) -> Page:
    texts = list(texts)
    return Page(
        path=path or name,
        name=name,
        sha256="x",
        encoding="utf-8",
        format="txt",
        lines=tuple(Line(t, i + 1) for i, t in enumerate(texts)),
        original=tuple(texts),
    )
