"""查重 on a composed draft reports exactly the cited passages as copied, and no other text."""

from __future__ import annotations

import pytest

from jianghua.check import CheckIndex, check_text
from jianghua.check.read import read_draft
from jianghua.compose.adapt import PLACEHOLDER
from jianghua.compose.export import write_draft
from jianghua.compose.spec import ComposeSpec
from jianghua.compose.workbench import Composer

GENERIC = "同志们："  # the draft's own salutation: every speech has it


def paragraph_spans(text: str, draft) -> list[tuple[int, int, list[int]]]:
    """(start, end, citation numbers) of each draft paragraph in the text read back from DOCX."""
    spans, cursor = [], 0
    for p in draft.paragraphs:
        start = text.find(p.text, cursor)
        assert start >= 0, p.text[:30]
        spans.append((start, start + len(p.text), p.sources))
        cursor = start + len(p.text)
    return spans


@pytest.mark.parametrize("occasion", ["全市档案工作会议", "全市统计工作会议", "全县关工委工作会议"])
def test_check_reports_the_cited_passages_as_copied(seed_library, profiles, tmp_path, occasion):
    CheckIndex(seed_library).update()
    spec = ComposeSpec(
        occasion=occasion, year=2025, place="十堰市", speaker_role="市委副书记", target_chars=3000
    )
    draft = Composer(profiles=profiles).draft(spec)
    assert draft.citations
    text = read_draft(str(write_draft(draft, tmp_path / "draft.docx")))
    report = check_text(seed_library, text)
    paragraphs = paragraph_spans(text, draft)
    copied = [s for s in report.spans if not s.common]
    reported: set[int] = set()
    for span in copied:
        uncited = 0
        for start, end, sources in paragraphs:
            overlap = max(0, min(end, span.end) - max(start, span.start))
            if overlap and sources:
                reported.update(sources)
            elif overlap:
                uncited += overlap
        # Nothing the draft wrote itself is reported, except the salutation every speech shares.
        assert uncited <= len(GENERIC), text[span.start : span.end]
        assert span.end <= paragraphs[-1][1]  # the sources appendix is not matched
    # Every cited passage is found by 查重, unless adaptation left no run of its words long
    # enough to count as copied (a heading whose figures became 【数字】).
    substantial = {
        n
        for p in draft.paragraphs
        for n in p.sources
        if max((len(run) for run in PLACEHOLDER.split(p.text)), default=0) >= 20
    }
    assert substantial <= reported <= {c.number for c in draft.citations}
    # and no other speech is listed as a source: a stock phrase inside a cited passage that an
    # uncited speech also holds belongs to the cited passage
    family = dict(seed_library.db.execute("SELECT id, family FROM speeches").fetchall())
    cited = {family[c.speech_id] for c in draft.citations}
    assert {s.family for s in report.sources} <= cited
    assert len(substantial) >= len(draft.citations) - 2


def test_jianghua_check_cli_on_a_composed_docx(seed_library, tmp_path):
    """The same through the commands a writer runs: compose --spec, then check --json."""
    import json

    from typer.testing import CliRunner

    from jianghua.cli import app

    CheckIndex(seed_library).update()
    runner = CliRunner()
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "occasion: 全市统计工作会议\nyear: 2025\nplace: 十堰市\ntarget_chars: 2500\n",
        encoding="utf-8",
    )
    saved, out = tmp_path / "saved.yaml", tmp_path / "draft.docx"
    lib = str(seed_library.folder)
    result = runner.invoke(
        app,
        ["compose", "--spec", str(spec), "--out", str(out), "--library", lib, "--save", str(saved)],
    )
    assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["check", str(out), "--library", lib, "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    from jianghua.compose.workbench import load_compose_file

    spec_obj, choices = load_compose_file(saved)
    draft = Composer(seed_library).draft(spec_obj, choices)
    paragraphs = paragraph_spans(read_draft(str(out)), draft)
    copied = [s for s in report["spans"] if not s["common"]]
    # Every cited speech is reported; any other speech reported shares a phrase that lies inside
    # a cited paragraph (the phrase is in both), never in words the draft wrote itself.
    assert {c.speech_id for c in draft.citations} <= {s["source_id"] for s in copied}
    for span in copied:
        uncited = sum(
            max(0, min(end, span["end"]) - max(start, span["start"]))
            for start, end, sources in paragraphs
            if not sources
        )
        assert uncited <= len(GENERIC), span
