"""`jianghua compose` from a spec file and step by step in the terminal."""

from __future__ import annotations

import pytest
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
    assert "引用" in result.output and "待填写" in result.output
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


# -- missing output folders and specs that would give an empty skeleton (issue 20) -------------


def _spec(tmp_path, text: str):
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def test_compose_into_a_missing_folder_says_so_before_any_work(seed_library, tmp_path):
    spec = _spec(tmp_path, "occasion: 全市档案工作会议\n")
    out = tmp_path / "没有的文件夹" / "draft.docx"
    result = runner.invoke(
        app,
        ["compose", "--spec", str(spec), "--out", str(out), "--library", str(seed_library.folder)],
    )
    assert result.exit_code == 2
    assert f"所在的文件夹 {out.parent} 不存在" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.parent.exists()  # not made: a mistyped folder must not appear


@pytest.mark.parametrize(
    "text, said",
    [
        ("speaker_role: 市委副书记\nyear: 2025\n", "没有写会议（occasion）"),
        ("occasion: 量子通信研讨班\n", "书库中没有与会议“量子通信研讨班”相似的讲话"),
    ],
)
def test_a_spec_without_a_usable_occasion_writes_nothing(seed_library, tmp_path, text, said):
    out = tmp_path / "draft.docx"
    result = runner.invoke(
        app,
        [
            "compose",
            "--spec",
            str(_spec(tmp_path, text)),
            "--out",
            str(out),
            "--library",
            str(seed_library.folder),
        ],
    )
    assert result.exit_code == 2 and said in result.stderr
    assert not out.exists()  # no empty skeleton


def test_export_into_a_missing_folder(seed_library, tmp_path):
    out = tmp_path / "nope" / "all.jsonl"
    result = runner.invoke(
        app, ["export", "--library", str(seed_library.folder), "--out", str(out)]
    )
    assert result.exit_code == 2 and "不存在" in result.stderr and not out.parent.exists()
    # a folder of Parquet files is made where it is asked for
    folder = tmp_path / "new" / "parquet"
    result = runner.invoke(
        app,
        [
            "export",
            "--library",
            str(seed_library.folder),
            "--format",
            "parquet",
            "--out",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "families.parquet",
        "occurrences.parquet",
        "speeches.parquet",
    ]


def test_check_reports_into_a_missing_folder(seed_library, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("同志们：今天开会。", encoding="utf-8")
    for option in ("--html", "--docx"):
        out = tmp_path / "nope" / "report"
        result = runner.invoke(
            app, ["check", str(draft), "--library", str(seed_library.folder), option, str(out)]
        )
        assert result.exit_code == 2 and "不存在" in result.stderr


def test_render_into_a_missing_folder_makes_it_or_says_why(tmp_path, capsys):
    from jianghua.compose.render import main

    assert main([str(tmp_path / "missing.docx"), str(tmp_path / "shots")]) == 1
    assert "missing.docx：文件不存在" in capsys.readouterr().err
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    docx = tmp_path / "d.docx"
    docx.write_bytes(b"PK")
    assert main([str(docx), str(blocker)]) == 1
    assert "不是文件夹" in capsys.readouterr().err
    assert main([str(docx), str(blocker / "below")]) == 1  # cannot be made: a file is in the way
    assert "无法建立文件夹" in capsys.readouterr().err


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
