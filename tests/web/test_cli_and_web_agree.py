"""The CLI and the web say the same: paragraph ¶N (counted from 1, N-1 the reader's #p- anchor)
and the facet counts (the canonical speech of each family, as a search lists them). Before, the
CLI printed ¶7 where the web said ¶8, and counted 10 关工委 speeches where the web said 9."""

import json
import re

from typer.testing import CliRunner

from jianghua.cli import app

runner = CliRunner()


def test_paragraph_numbers_agree(client, seeds_folder):
    out = runner.invoke(app, ["search", "风向标", "-l", str(seeds_folder), "--mode", "keyword"])
    assert out.exit_code == 0, out.output
    cli = re.findall(r"^¶(\d+) ", out.stdout, re.M)
    page = client.get("/search", params={"q": "风向标", "mode": "keyword"}).text
    web = re.findall(r'class="para-link">¶(\d+)</a>', page)
    anchors = re.findall(r'#p-(\d+)" class="para-link"', page)
    assert cli and cli == web
    assert [int(n) - 1 for n in web] == [int(a) for a in anchors]  # ¶8 is #p-7
    api = client.get("/api/search", params={"q": "风向标", "mode": "keyword"}).json()
    first = api["hits"][0]["paragraphs"][0]
    reader = client.get(f"/speech/{api['hits'][0]['id']}").text
    shown = re.search(rf'<p id="p-{first["index"]}"[^>]*>(.*?)</p>', reader, re.S).group(1)
    assert first["text"][:20] in re.sub(r"<[^>]+>", "", shown)  # the same paragraph


def test_facet_counts_agree(client, seeds_folder):
    out = runner.invoke(app, ["facets", "-l", str(seeds_folder), "--json"])
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    web = client.get("/api/facets").json()
    for name in ("sector", "genre", "scope", "year"):
        known = {k: v for k, v in cli[name].items() if k != "(none)"}
        assert known == web[name], name
    assert cli["sector"]["关工委"] == web["sector"]["关工委"] == 9
    # and a facet link lists as many speeches as its count says
    page = client.get("/search", params={"sector": "关工委"}).text
    assert '<strong id="total">9</strong>' in page
    home = client.get("/").text
    assert re.search(
        r'sector=%E5%85%B3%E5%B7%A5%E5%A7%94">关工委</a> <span class="n">9</span>', home
    )
