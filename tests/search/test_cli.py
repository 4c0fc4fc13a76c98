"""`jianghua search` and `jianghua similar` from the command line."""

import json

from typer.testing import CliRunner

from jianghua.cli import app

runner = CliRunner()


def test_search_json_has_the_documented_shape(hand_library):
    folder = str(hand_library.folder)
    out = runner.invoke(
        app, ["search", "基层党组织", "--json", "--library", folder, "--mode", "keyword"]
    )
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert result["total"] == 2
    for hit in result["hits"]:
        assert {"id", "title", "score", "sector", "paragraphs"} <= set(hit)
        for para in hit["paragraphs"]:
            assert set(para) >= {"text", "highlights"}
            assert all(
                para["text"][s:e] in ("基层", "党组织", "基层党组织") for s, e in para["highlights"]
            )
    by_sector = runner.invoke(
        app,
        ["search", "基层党组织", "--json", "-l", folder, "--mode", "keyword", "--sector", "组织"],
    )
    assert [h["id"] for h in json.loads(by_sector.stdout)["hits"]] == [hand_library.ids["party"]]


def test_search_text_output_and_errors(hand_library):
    folder = str(hand_library.folder)
    out = runner.invoke(app, ["search", "安全生产", "-l", folder, "--mode", "keyword"])
    assert out.exit_code == 0 and "共 1 篇（关键词检索）" in out.stdout and "安全生产" in out.stdout
    bad = runner.invoke(app, ["search", "安全生产", "-l", folder, "--mode", "fuzzy"])
    assert bad.exit_code == 2 and "--mode must be one of" in bad.output


def test_similar_command(hand_library):
    folder = str(hand_library.folder)
    out = runner.invoke(
        app, ["similar", hand_library.ids["farm"], "--json", "-l", folder, "-n", "2"]
    )
    assert out.exit_code == 0, out.output
    found = json.loads(out.stdout)
    assert len(found) == 2 and hand_library.ids["farm"] not in {f["id"] for f in found}
    missing = runner.invoke(app, ["similar", "000000000000", "-l", folder])
    assert missing.exit_code == 1 and "no speech" in missing.output
