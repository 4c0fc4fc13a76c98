"""Optional: let a locally running OpenAI-compatible model server rewrite a section.

Off unless the writer passes a URL (``--llm http://127.0.0.1:8080``). Only loopback addresses are
accepted, so a draft never leaves the machine. The model gets the section's chosen paragraphs and
rewrites them into one coherent passage; the result

- is labelled: the draft's `label` says which sections a model rewrote and with which server, and
  every rewritten paragraph has kind "llm";
- keeps the citations of every paragraph it was given (the union of their sources);
- cannot add facts: any figure in the output that was not in the input becomes 【数字】 and the
  change is recorded, and the 【…】 placeholders of the input must survive or the rewrite is
  refused and the section kept as it was.
"""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from jianghua.compose.adapt import PH_NUMBER, PLACEHOLDER
from jianghua.compose.draft import Draft, DraftParagraph, cn_number
from jianghua.errors import JianghuaError

LABEL = (
    "【提示】本稿第{sections}部分由本地模型（{server}）据所选段落改写，引文来源保留，请逐句核对。"
)
SYSTEM_PROMPT = (
    "你是党政机关讲话稿的撰稿助手。把用户给出的几段材料改写成一段连贯的讲话正文，"
    "保持公文语体；不得增加任何数字、人名、地名、日期；原文中的【…】占位符必须原样保留；"
    "只输出改写后的正文，段与段之间空一行。"
)
NUMBER = re.compile(r"\d+(?:[.．]\d+)?")


class LLMError(JianghuaError):
    """The model server is not usable (address refused, unreachable, or a bad answer)."""


def _check_loopback(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise LLMError(f"{url}: not an http(s) URL")
    host = parsed.hostname
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise LLMError(
            f"{url}: only a model server on this machine (127.0.0.1, ::1, localhost) is used"
        )
    return url.rstrip("/")


@dataclass
class LLMAdapter:
    url: str
    model: str = "local"
    timeout: float = 120.0

    def __post_init__(self) -> None:
        self.url = _check_loopback(self.url)

    @property
    def endpoint(self) -> str:
        base = self.url if self.url.endswith("/v1") else self.url + "/v1"
        return base + "/chat/completions"

    def complete(self, prompt: str) -> str:
        body = json.dumps(
            {
                "model": self.model,
                "temperature": 0.2,
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": prompt},
                ],
            },
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise LLMError(f"{self.endpoint}: {exc}") from None
        except json.JSONDecodeError:
            raise LLMError(f"{self.endpoint}: the answer is not JSON") from None
        try:
            return str(answer["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError):
            raise LLMError(
                f"{self.endpoint}: no choices[0].message.content in the answer"
            ) from None


def _guard(output: str, given: str) -> tuple[str, list[dict]]:
    """Replace figures the input did not contain; return the text and the changes made."""
    allowed = set(NUMBER.findall(given))
    changes: list[dict] = []

    def sub(m: re.Match) -> str:
        if m.group() in allowed:
            return m.group()
        changes.append(
            {
                "kind": "llm_number",
                "before": m.group(),
                "after": PH_NUMBER,
                "start": m.start(),
                "reason": "模型输出了材料中没有的数字",
            }
        )
        return PH_NUMBER

    return NUMBER.sub(sub, output), changes


def rewrite_sections(draft: Draft, adapter: LLMAdapter, sections: list[int] | None = None) -> Draft:
    """A new draft whose level-1 sections `sections` (1-based; default all) the model rewrote."""
    paragraphs = draft.paragraphs
    heads = [i for i, p in enumerate(paragraphs) if p.level == 1]
    wanted = set(sections or range(1, len(heads) + 1))
    out: list[DraftParagraph] = []
    done: list[int] = []
    notes = list(draft.notes)
    cursor = 0
    for n, head in enumerate(heads, 1):
        end = heads[n] if n < len(heads) else _closing_start(paragraphs, head)
        out.extend(paragraphs[cursor : head + 1])
        body = paragraphs[head + 1 : end]
        cursor = end
        borrowed = [p for p in body if p.level == 0 and p.sources]
        if n not in wanted or not borrowed:
            out.extend(body)
            continue
        given = "\n\n".join(p.text for p in body if p.level == 0)
        prompt = f"讲话题目：{draft.title}\n本部分标题：{paragraphs[head].text}\n材料：\n{given}"
        text, changes = _guard(adapter.complete(prompt).strip(), given)
        missing = [ph for ph in PLACEHOLDER.findall(given) if ph not in text]
        if not text or missing:
            notes.append(f"第{n}部分：模型改写丢失了占位符或为空，保留原段落")
            out.extend(body)
            continue
        sources = sorted({s for p in body for s in p.sources})
        for chunk in [c.strip() for c in re.split(r"\n\s*\n|\n", text) if c.strip()]:
            out.append(DraftParagraph(0, chunk, "llm", sources, changes, ["模型改写"]))
            changes = []
        out.extend(p for p in body if p.kind == "key_point")
        done.append(n)
    out.extend(paragraphs[cursor:])
    label = draft.label
    if done:
        label = LABEL.format(sections="、".join(cn_number(n) for n in done), server=adapter.url)
    return replace(draft, paragraphs=out, label=label, notes=notes)


def _closing_start(paragraphs: list[DraftParagraph], after: int) -> int:
    for i in range(after + 1, len(paragraphs)):
        if paragraphs[i].kind == "closing" or (
            paragraphs[i].kind == "placeholder" and "结束语" in paragraphs[i].text
        ):
            return i
    return len(paragraphs)
