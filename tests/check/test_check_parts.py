"""The pieces of 查重: keys and offsets, runs and chains, the index protocol, reports, CLI."""

import io
import json
import zipfile

import numpy as np
import pytest
from check.seed_helpers import SEED_000, SEED_004, holders, seed_line
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from jianghua.check import CheckIndex, check_text
from jianghua.check.fingerprint import W, batch_fingerprints, winnow
from jianghua.check.keys import draft_key, library_key
from jianghua.check.match import DraftSeeds, Run, chains, exact_runs
from jianghua.check.read import draft_from_bytes, read_draft
from jianghua.check.render import COLOURS, highlight_original_docx, html_document, to_docx, to_html
from jianghua.cli import app
from jianghua.errors import SourceError
from jianghua.library.store import Library

LINE_89 = seed_line(SEED_000, 89)


def shading(run) -> str | None:
    """The fill colour of a run's w:shd, if it has one."""
    shd = run._element.find(qn("w:rPr") + "/" + qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def test_key_drops_punctuation_and_spaces_and_folds_width():
    key, script = draft_key("同志们: 大家好!ＡＢ１２, ab")
    assert key.key == "同志们大家好ab12ab" and script == "simplified"
    # every key character points at the character as written
    text = "同志们: 大家好!ＡＢ１２, ab"
    assert [text[s:e] for s, e in zip(key.starts, key.ends, strict=True)] == list(
        "同志们大家好ＡＢ１２ab"
    )


def test_traditional_phrase_that_changes_length_maps_to_the_whole_word():
    # Taiwan vocabulary: 網際網路 (4 chars) → 互联网 (3 chars) on a page showing Taiwan words
    text = "我們要發展網際網路產業,加強資訊安全與軟體專案管理。"
    key, script = draft_key(text)
    assert script == "traditional"
    assert "互联网" in key.key and "信息" in key.key
    i = key.key.index("互联网")
    a, b = key.text_span(i, i + 3)
    assert text[a:b] == "網際網路"


def test_exact_runs_are_maximal_and_at_least_m_long():
    draft = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"  # 20
    source = "天地" + draft[2:15] + "玄黄" + draft[3:15]  # 13 and 12 chars shared
    runs = exact_runs(DraftSeeds(draft), source, 13)
    assert runs == [Run(2, 15, 2, 15)]
    assert exact_runs(DraftSeeds(draft), source, 12) == [Run(2, 15, 2, 15), Run(3, 15, 17, 29)]


def test_chain_bridges_small_edits_and_is_marked_edited():
    draft = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极"
    source = draft[:10] + "某" + draft[11:]  # one character changed
    seeds = DraftSeeds(draft)
    runs = exact_runs(seeds, source, 13)
    assert runs == [Run(11, 24, 11, 24)]
    (chain,) = chains("s", draft, source, runs)
    assert (chain.a, chain.b, chain.c, chain.d, chain.edited) == (0, 24, 0, 24, True)


def test_index_protocol(seed_library, tmp_path):
    index = CheckIndex(seed_library)
    assert index.pending() == 0
    assert index.verify() == []
    assert index.size_bytes() > 0
    # an unlisted segment (an update interrupted before its commit) is removed by the next update
    stray = index.folder / "seg-999999.npy"
    stray.write_bytes(b"x")
    assert index.update() == 0
    assert not stray.exists()


def test_rebuild_and_resume(tmp_path):
    with Library(tmp_path / "lib") as lib:
        from jianghua.pipeline import ingest

        ingest([SEED_000], lib)
        index = CheckIndex(lib)
        total = index.pending()
        assert total > 2
        assert index.update(batch=2) == total  # several segments, then merged
        assert index.pending() == 0 and index.verify() == []
        before = check_text(lib, LINE_89).to_json()
        assert index.rebuild() == total
        assert check_text(lib, LINE_89).to_json() == before
        # speeches ingested later are pending until the next update, which adds one segment
        ingest([SEED_004], lib)
        added = index.pending()
        assert added == 5  # seed 004 holds five speeches
        assert index.update() == added and index.pending() == 0 and index.verify() == []
        rows = lib.db.execute("SELECT COUNT(*) FROM check_segments").fetchone()[0]
        assert rows == 2


def test_html_is_escaped_and_links_each_span(seed_library):
    draft = "<script>alert(1)</script>\n" + LINE_89
    report = check_text(seed_library, draft)
    fragment = to_html(report)
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment
    (sid,) = holders(seed_library, LINE_89)
    # linked to the paragraph of the source the passage starts in
    (span,) = [s for s in report.spans if s.kind == "copied"]
    text = seed_library.db.execute("SELECT text FROM speeches WHERE id = ?", (sid,)).fetchone()[0]
    assert span.source_paragraph == text.count("\n", 0, span.source_start)
    assert f'href="/speech/{sid}#p-{span.source_paragraph}"' in fragment
    page = html_document(report)
    assert page.count('class="span copied"') == 1


def test_docx_report_highlights_the_copied_span_with_all_font_slots(seed_library):
    draft = "开头是一句新写的话。\n" + LINE_89
    report = check_text(seed_library, draft)
    document = Document(io.BytesIO(to_docx(report)))
    paras = document.paragraphs
    body = paras[[p.text for p in paras].index("原文") + 1 :]
    highlighted = [run for para in body for run in para.runs if shading(run)]
    # light shading, never a saturated highlight
    assert {shading(r) for r in highlighted} <= set(COLOURS.values())
    assert not document.element.body.findall(".//" + qn("w:highlight"))
    assert "".join(r.text for r in highlighted) == LINE_89[:-1]
    fonts = highlighted[0]._element.rPr.rFonts
    assert all(fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"))


def test_bad_drafts_name_the_file_and_the_reason(tmp_path):
    with pytest.raises(SourceError, match="empty draft"):
        draft_from_bytes(b"  \n", "a.txt")
    with pytest.raises(SourceError, match="unsupported draft type"):
        draft_from_bytes("文字".encode(), "a.pdf")
    with pytest.raises(SourceError, match="not a valid .docx"):
        draft_from_bytes(b"PK not a zip", "a.docx")
    with pytest.raises(SourceError, match=r"missing\.txt: file not found"):
        read_draft(str(tmp_path / "missing.txt"))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(LINE_89.encode("gb18030"))
    assert read_draft(str(gbk)) == LINE_89


def test_cli_json_html_docx_and_errors(seed_library, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("新写的一句话。\n" + LINE_89, encoding="utf-8")
    runner = CliRunner()
    html_file, docx_file = tmp_path / "r.html", tmp_path / "r.docx"
    args = ["check", str(draft), "--library", str(seed_library.folder), "--json"]
    result = runner.invoke(app, [*args, "--html", str(html_file), "--docx", str(docx_file)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == check_text(seed_library, draft.read_text(encoding="utf-8")).to_json()
    assert "查重报告" in html_file.read_text(encoding="utf-8")
    linked = runner.invoke(
        app, [*args, "--html", str(html_file), "--speech-url", "http://127.0.0.1:8000/speech/{id}"]
    )
    assert linked.exit_code == 0
    assert 'href="http://127.0.0.1:8000/speech/' in html_file.read_text(encoding="utf-8")
    plain = runner.invoke(app, ["check", str(draft), "--library", str(seed_library.folder)])
    assert plain.exit_code == 0 and "copied 100.0%" not in plain.stdout
    assert " 复制 " in plain.stdout and LINE_89[:20] in plain.stdout
    assert zipfile.is_zipfile(docx_file)
    result = runner.invoke(
        app, ["check", "-", "--library", str(seed_library.folder), "--json"], input=LINE_89
    )
    assert json.loads(result.stdout)["copied_share"] == 1.0
    bad = runner.invoke(
        app, ["check", str(tmp_path / "nope.txt"), "--library", str(seed_library.folder)]
    )
    assert bad.exit_code == 2 and "nope.txt: file not found" in bad.output
    low = runner.invoke(app, [*args, "--min-chars", "3"])
    assert low.exit_code == 2 and "at least 8" in low.output


def test_library_key_matches_draft_key_on_stored_text(seed_library):
    text = seed_library.db.execute("SELECT text FROM speeches LIMIT 1").fetchone()[0]
    assert draft_key(text)[0].key == library_key(text)


def test_winnowing_keeps_the_leftmost_minimum_of_every_window():
    rng = np.random.default_rng(3)
    for n in (1, 5, 6, 7, 40, 500):
        hashes = rng.integers(0, 25, n).astype(np.uint64)  # many ties
        naive = sorted({i + int(np.argmin(hashes[i : i + W])) for i in range(max(1, n - W + 1))})
        assert winnow(hashes).tolist() == naive


def test_any_shared_passage_of_13_characters_shares_a_kept_fingerprint():
    rng = np.random.default_rng(4)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    for _ in range(200):
        shared = "".join(rng.choice(list(alphabet), 13))
        a = "".join(rng.choice(list(alphabet), int(rng.integers(0, 30)))) + shared
        b = shared + "".join(rng.choice(list(alphabet), int(rng.integers(0, 30))))
        hashes, docs = batch_fingerprints([a, b])
        kept_a = set(hashes[docs == 0].tolist())
        kept_b = set(hashes[docs == 1].tolist())
        assert kept_a & kept_b


def test_what_a_speech_keeps_does_not_depend_on_its_batch():
    texts = [LINE_89, "短文本", seed_line(SEED_004, 50), LINE_89[::-1]]
    keys = [library_key(t) for t in texts]
    together = batch_fingerprints(keys)
    for i, key in enumerate(keys):
        alone, _ = batch_fingerprints([key])
        assert sorted(together[0][together[1] == i].tolist()) == sorted(alone.tolist())


def test_docx_draft_is_highlighted_in_place_keeping_its_formatting(seed_library, tmp_path):
    document = Document()
    document.add_paragraph("新写的一句话。")
    para = document.add_paragraph()
    para.add_run(LINE_89[:10])
    bold = para.add_run(LINE_89[10:30])
    bold.bold = True
    para.add_run(LINE_89[30:])
    path = tmp_path / "draft.docx"
    document.save(path)
    report = check_text(seed_library, read_draft(str(path)))
    out = Document(io.BytesIO(highlight_original_docx(report, path.read_bytes())))
    runs = [r for p in out.paragraphs for r in p.runs]
    assert "".join(r.text for r in runs) == "新写的一句话。" + LINE_89
    lit = [r for r in runs if shading(r)]
    assert "".join(r.text for r in lit) == LINE_89[:-1]
    assert [r.text for r in runs if r.bold] == [LINE_89[10:30]]
    # the CLI writes it for a .docx draft
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(path),
            "--library",
            str(seed_library.folder),
            "--docx",
            str(tmp_path / "o.docx"),
        ],
    )
    assert result.exit_code == 0, result.output
    again = Document(tmp_path / "o.docx")
    assert [r.text for p in again.paragraphs for r in p.runs if r.bold] == [LINE_89[10:30]]


def test_lookalike_ideographs_fold_one_for_one():
    # Kangxi radicals and compatibility ideographs that look like 大, 一, 不
    text = "⼤家统⼀思想，不忘初心"
    key, _ = draft_key(text)
    assert key.key == "大家统一思想不忘初心"
    assert [text[s:e] for s, e in zip(key.starts, key.ends, strict=True)][:4] == list("⼤家统⼀")
