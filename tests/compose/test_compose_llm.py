"""The optional model adapter, against a tiny OpenAI-compatible server started on loopback."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from jianghua.compose.draft import Choices, Draft, DraftParagraph, assemble
from jianghua.compose.export import render_markdown
from jianghua.compose.llm import LLMAdapter, LLMError, rewrite_sections
from jianghua.compose.spec import ComposeSpec


class FakeModel(BaseHTTPRequestHandler):
    requests: list = []
    answer = "各级关工委要把【数字】项工作抓实。\n\n要在2019年前完成30所学校的宣讲。"
    keep_marks = False  # a model that keeps the 【…】 of its material, as the prompt asks

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers["Content-Length"])
        request = json.loads(self.rfile.read(length))
        FakeModel.requests.append((self.path, request))
        content = FakeModel.answer
        if FakeModel.keep_marks:
            given = request["messages"][-1]["content"].split("材料：", 1)[-1]
            marks = [
                m for m in dict.fromkeys(re.findall(r"【[^【】]+】", given)) if m not in content
            ]
            content = "".join(marks) + content
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    FakeModel.requests = []
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def small_draft() -> Draft:
    paragraphs = [
        DraftParagraph(0, "同志们：", "salutation"),
        DraftParagraph(1, "一、突出重点", "heading"),
        DraftParagraph(0, "全县完成【数字】项工作。", "passage", [1]),
        DraftParagraph(0, "抓好宣讲进校园。", "passage", [2]),
        DraftParagraph(1, "二、加强领导", "heading"),
        DraftParagraph(0, "各级党委要重视。", "passage", [3]),
        DraftParagraph(0, "谢谢大家！", "closing", [4]),
    ]
    return Draft("题目", [], paragraphs, [], 3000)


def test_off_by_default_nothing_is_labelled(profiles):
    spec = ComposeSpec(occasion="全县关工委工作会议")
    draft = assemble(spec, Choices([{"role": "tasks", "heading": "抓好重点"}]), profiles)
    assert draft.label is None
    assert not any(p.kind == "llm" for p in draft.paragraphs)
    assert "本地模型" not in render_markdown(draft)


def test_rewrite_keeps_citations_labels_and_masks_new_numbers(fake_server):
    draft = rewrite_sections(small_draft(), LLMAdapter(fake_server), [1])
    path, payload = FakeModel.requests[0]
    assert path == "/v1/chat/completions"
    user = payload["messages"][-1]["content"]
    assert "全县完成【数字】项工作。" in user and "抓好宣讲进校园。" in user
    assert "各级党委要重视" not in user  # section 2 was not asked for
    rewritten = [p for p in draft.paragraphs if p.kind == "llm"]
    assert [p.text for p in rewritten] == [
        "各级关工委要把【数字】项工作抓实。",
        "要在【数字】年前完成【数字】所学校的宣讲。",
    ]
    assert all(p.sources == [1, 2] for p in rewritten)
    assert {c["before"] for c in rewritten[0].adaptations} == {"2019", "30"}
    assert (
        draft.paragraphs[-2].text == "各级党委要重视。" and draft.paragraphs[-1].kind == "closing"
    )
    assert draft.label.startswith("【提示】本稿第一部分由本地模型（http://127.0.0.1:")
    assert draft.label in render_markdown(draft)


def test_rewrite_that_drops_a_placeholder_is_refused(fake_server):
    FakeModel.answer = "全县完成了大量工作。"
    try:
        draft = rewrite_sections(small_draft(), LLMAdapter(fake_server), [1])
    finally:
        FakeModel.answer = "各级关工委要把【数字】项工作抓实。\n\n要在2019年前完成30所学校的宣讲。"
    assert draft.label is None
    assert [p.text for p in draft.paragraphs] == [p.text for p in small_draft().paragraphs]
    assert "丢失了占位符" in draft.notes[0]


def test_only_loopback_servers_and_clear_errors():
    with pytest.raises(LLMError, match="only a model server on this machine"):
        LLMAdapter("http://192.0.2.1:8080")
    with pytest.raises(LLMError, match="not an http"):
        LLMAdapter("ftp://127.0.0.1/")
    # A closed port on loopback: a clear error naming the endpoint, not a hang.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(LLMError, match=f"127.0.0.1:{port}/v1/chat/completions"):
        LLMAdapter(f"http://127.0.0.1:{port}", timeout=2).complete("x")


def test_cli_llm_option_labels_the_draft_and_keeps_sources(fake_server, seed_library, tmp_path):
    from typer.testing import CliRunner

    from jianghua.cli import app

    FakeModel.answer = "要把【数字】项重点工作抓紧抓实，确保取得实效。"
    FakeModel.keep_marks = True
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"occasion": "全市档案工作会议", "year": 2025, "target_chars": 2000}', encoding="utf-8"
    )
    out = tmp_path / "d.md"
    args = [
        "compose",
        "--spec",
        str(spec),
        "--out",
        str(out),
        "--library",
        str(seed_library.folder),
    ]
    try:
        plain = CliRunner().invoke(app, args)
        assert plain.exit_code == 0, plain.output
        assert "本地模型" not in out.read_text(encoding="utf-8") and not FakeModel.requests
        result = CliRunner().invoke(app, [*args, "--llm", fake_server])
    finally:
        FakeModel.answer = "各级关工委要把【数字】项工作抓实。\n\n要在2019年前完成30所学校的宣讲。"
        FakeModel.keep_marks = False
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert md.splitlines()[2].startswith("> 【提示】本稿第") and fake_server in md
    assert "要把【数字】项重点工作抓紧抓实，确保取得实效。[" in md  # rewritten, still cited
    assert "## 附：引文来源" in md
