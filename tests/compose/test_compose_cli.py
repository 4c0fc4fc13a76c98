"""`jianghua compose` from a spec file and step by step in the terminal."""

from __future__ import annotations

import yaml
from docx import Document
from typer.testing import CliRunner

from jianghua.cli import app

runner = CliRunner()


def test_compose_from_a_spec_file_writes_docx_and_saves_choices(seed_library, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "occasion: 全市档案工作会议\nspeaker_role: 市委副书记\nyear: 2025\nplace: 十堰市\ntarget_chars: 3000\n",
        encoding="utf-8",
    )
    out, saved = tmp_path / "draft.docx", tmp_path / "choices.yaml"
    result = runner.invoke(
        app,
        [
            "compose",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--library",
            str(seed_library.folder),
            "--save",
            str(saved),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "cited passages" in result.output and "placeholders to fill" in result.output
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "市委副书记在全市档案工作会议上的讲话"
    appendix = texts[texts.index("附：引文来源") + 1 :]
    assert appendix and all("000_d0e3f3586c14aa72.txt" in t or ".txt" in t for t in appendix)
    # beside it the clean copy for print and the sources sheet, both named in the summary
    clean, sheet = tmp_path / "draft.print.docx", tmp_path / "draft.sources.docx"
    assert "draft.print.docx" in result.output and "draft.sources.docx" in result.output
    clean_texts = [p.text for p in Document(str(clean)).paragraphs]
    assert "附：引文来源" not in clean_texts and clean_texts[0] == texts[0]
    assert "附：引文来源" in [p.text for p in Document(str(sheet)).paragraphs]
    # The saved choices reproduce the same draft as Markdown.
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["occasion"] == "全市档案工作会议" and data["choices"]["sections"]
    md = tmp_path / "again.md"
    again = runner.invoke(
        app,
        ["compose", "--spec", str(saved), "--out", str(md), "--library", str(seed_library.folder)],
    )
    assert again.exit_code == 0, again.output
    body = md.read_text(encoding="utf-8")
    assert body.startswith("# 市委副书记在全市档案工作会议上的讲话")
    assert len(
        [line for line in body.splitlines() if line[:1].isdigit() and ". 《" in line]
    ) == len(appendix)


def test_compose_interactively(seed_library, tmp_path):
    out = tmp_path / "draft.txt"
    answers = "\n".join(
        [
            "全县关工委工作会议",  # occasion
            "县委书记",
            "2025",
            "于都县",
            "推进五老宣讲",
            "3000",
            "1",  # outline proposal
            "",  # keep order
            "",  # no extra section
            "1",  # opening
        ]
        + ["1"] * 12  # first candidate for every section, then the closing
    )
    result = runner.invoke(
        app,
        ["compose", "--out", str(out), "--library", str(seed_library.folder)],
        input=answers + "\n",
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("县委书记在全县关工委工作会议上的讲话\n")
    assert "【须写入的要点：推进五老宣讲】" in text
    assert "附：引文来源\n[1] 《" in text
    assert "本领域提法：" in result.output and "常用结尾" in result.output


def test_bad_spec_file_is_a_clear_error(seed_library, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("occasion: x\nsector: 航天\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "compose",
            "--spec",
            str(bad),
            "--out",
            str(tmp_path / "x.docx"),
            "--library",
            str(seed_library.folder),
        ],
    )
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "unknown sector" in result.output


def test_compose_interactively_for_an_occasion_the_library_lacks(seed_library, tmp_path):
    out = tmp_path / "draft.txt"
    answers = ["全县防汛抗旱工作会议", "县长", "2025", "于都县", "", "3000"] + [""] * 12
    result = runner.invoke(
        app,
        ["compose", "--out", str(out), "--library", str(seed_library.folder)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "库中没有“全县防汛抗旱工作会议”（水利）的先例讲话" in result.output.replace("\n", "")
    text = out.read_text(encoding="utf-8")
    assert "附：引文来源" not in text and "【" in text  # the skeleton, nothing borrowed
