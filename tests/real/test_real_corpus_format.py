"""Every label of the real-material corpus is well formed and agrees with its file (FORMAT.md)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from realcorpus import (  # noqa: E402
    FAMILIES,
    FORMATS,
    KINDS,
    MAX_FILE_BYTES,
    file_text,
    labels,
    normalize,
)

# The acceptance set is drawn from these; nothing of theirs may be in the development corpus.
HELD_OUT = {
    "jongseokjang/xi-jinping-speech-analysis-with-r",
    "aldohemsn/chinese-political-corpora",
    "vanillabeans98/plsc_xi_speeches",
    "stlaurentmtl/xi-jin-ping-speech-analysis",
}
KEYS = {
    "file",
    "family",
    "format",
    "provenance",
    "kind",
    "marker_style",
    "announced",
    "speeches",
    "header",
    "noise",
}
SPEECH_KEYS = {"start", "end", "title", "title_stated", "date", "speaker", "place"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NAME = re.compile(r"^[a-z0-9_\-.]+$")
LABELS = labels(HERE)


def _family_ok(family: str) -> bool:
    return family in FAMILIES or bool(re.fullmatch(r"fanwen_[a-z0-9]+", family))


def test_corpus_has_labels():
    assert LABELS, "no labels under tests/real/labels"


def test_every_file_has_one_label_and_sizes():
    files = {
        p.relative_to(HERE).as_posix()
        for p in (HERE / "files").rglob("*")
        if p.is_file() and p.name != ".gitkeep"
    }
    named = [label["file"] for _, label in LABELS]
    assert len(named) == len(set(named)), "two labels name the same file"
    assert files == set(named), (
        f"files without label: {sorted(files - set(named))[:5]}; "
        f"labels without file: {sorted(set(named) - files)[:5]}"
    )
    total = sum((HERE / f).stat().st_size for f in files)
    assert total < 15 * 1024 * 1024, f"corpus is {total} bytes"


@pytest.mark.parametrize("path,label", LABELS, ids=[p.stem for p, _ in LABELS])
def test_label(path: Path, label: dict):
    assert set(label) == KEYS, f"keys: {sorted(set(label) ^ KEYS)}"
    family, fmt, kind = label["family"], label["format"], label["kind"]
    assert _family_ok(family), family
    assert fmt in FORMATS and kind in KINDS
    assert path.parent.name == family and path.stem == Path(label["file"]).stem
    assert label["file"] == f"files/{family}/{path.stem}.{fmt}"
    assert NAME.match(Path(label["file"]).name), "file names: ASCII lowercase, no spaces"
    f = HERE / label["file"]
    assert f.is_file()
    assert 0 < f.stat().st_size <= MAX_FILE_BYTES, f"{f.stat().st_size} bytes"
    prov = label["provenance"]
    assert prov.get("repo") and "/" in prov["repo"], prov
    assert prov["repo"].lower() not in HELD_OUT, "held-out acceptance repository"
    assert re.fullmatch(r"[0-9a-f]{40}", prov.get("commit") or ""), prov
    assert prov.get("path") and prov.get("note")
    speeches = label["speeches"]
    if kind == "not_speech":
        assert speeches == []
    else:
        assert speeches, "a speech or compilation file needs its speeches"
    if kind == "compilation":
        assert label["marker_style"], "compilations record their marker style"
    if label["announced"] is not None:
        assert isinstance(label["announced"], int) and label["announced"] > 0
    text = normalize(file_text(f))
    for n, sp in enumerate(speeches, 1):
        assert SPEECH_KEYS <= set(sp), f"speech {n}: missing {sorted(SPEECH_KEYS - set(sp))}"
        for key in ("start", "end"):
            snippet = normalize(sp[key])
            assert len(snippet) >= 4, f"speech {n} {key} too short"
            # once per labelled speech holding it: a page may carry copies of one speech
            copies = sum(normalize(other[key]) == snippet for other in speeches)
            found = text.count(snippet)
            assert found == copies, f"speech {n} {key} {sp[key]!r}: {found}x, {copies} labelled"
        assert text.find(normalize(sp["start"])) < text.rfind(normalize(sp["end"]))
        assert isinstance(sp["title_stated"], bool)
        if sp["title"] is not None:
            assert sp["title_stated"] and normalize(sp["title"]) in text, f"speech {n} title"
        if sp["date"] is not None:
            assert DATE.match(sp["date"]), sp["date"]
        for key in ("speaker", "place"):
            if sp[key] is not None:
                assert normalize(sp[key]) in text, f"speech {n} {key} {sp[key]!r} not in file"
    for key in ("header", "noise"):
        assert isinstance(label[key], list)
        for snippet in label[key]:
            assert normalize(snippet), f"{key} snippet {snippet!r} is empty once normalised"
            assert normalize(snippet) in text, f"{key} snippet {snippet!r} not in the file"


def test_provenance_lists_every_repository():
    table = (HERE / "PROVENANCE.md").read_text(encoding="utf-8")
    for _, label in LABELS:
        prov = label["provenance"]
        assert prov["repo"] in table, f"{prov['repo']} missing from PROVENANCE.md"
        assert prov["commit"] in table, f"{prov['commit']} missing from PROVENANCE.md"
