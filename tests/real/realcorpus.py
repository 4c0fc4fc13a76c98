"""Shared helpers for the labelled real-material corpus (tests/real): reading a file's text,
normalising snippets the way FORMAT.md says, loading labels. Used by bench/real.py and by
tests/real/test_real_corpus_format.py; deliberately independent of jianghua's own readers so that
the labels are checked against the file, not against what the ingest makes of it."""

from __future__ import annotations

import html
import json
import re
import unicodedata
import zipfile
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FAMILIES = (
    "news",
    "gov_portal",
    "work_report",
    "wechat",
    "wenku",
    "office_docx",
    "compilation",
)
KINDS = ("speech", "compilation", "not_speech")
FORMATS = ("txt", "html", "docx", "json", "pdf", "doc")
MAX_FILE_BYTES = 300 * 1024


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_ESCAPED = re.compile(r"<U\+[0-9A-Fa-f]{4,6}>")


def normalize(text: str) -> str:
    """opencc t2s, NFKC (full/half width folded), only letters and digits kept. A character a
    crawler wrote out as "<U+00A0>" is a character (the reader writes it back), not letters."""
    text = _ESCAPED.sub(" ", text)
    text = unicodedata.normalize("NFKC", _t2s().convert(text))
    return "".join(ch for ch in text if ch.isalnum())


# The most frequent Simplified characters: legacy bytes are decoded as GB18030 and as Big5 and the
# reading whose text (in Simplified) uses more of them wins (Big5 bytes often decode as GB18030
# without an error, into nonsense).
_FREQUENT = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党"
)


def _plausibility(text: str) -> float:
    cjk = [c for c in _t2s().convert(text[:20000]) if "\u4e00" <= c <= "\u9fff"]
    return sum(c in _FREQUENT for c in cjk) / len(cjk) if cjk else 0.0


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the likelier of GB18030 and Big5."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = []
    for enc in ("gb18030", "big5"):
        try:
            readings.append(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if not readings:
        return data.decode("gb18030", errors="replace")
    return max(readings, key=_plausibility)


_BLOCK = {
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title",
    "section", "article", "header", "footer", "ul", "ol", "table", "blockquote", "dd", "dt",
    "pre", "center", "form", "nav", "span_block",
}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n", text)


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paras = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        paras.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return html.unescape("\n".join(paras))


def file_text(path: Path) -> str:
    """The text a reader sees in the file (HTML without tags, scripts and styles)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".pdf":  # the text layer as pypdfium2 gives it, page by page
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    if suffix == ".doc" and path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # Word 97-2003: the text antiword gives (Debian's converter, the reader's first choice)
        import subprocess

        command = ["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)]
        out = subprocess.run(command, capture_output=True, check=True).stdout
        return out.decode("utf-8", "replace")
    text = decode(path.read_bytes())
    if suffix in (".html", ".htm"):
        return html_text(text)
    if suffix == ".json":  # a crawler's record: what it says is its string values, not its keys
        return "\n".join(_strings(json.loads(text)))
    return text


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def labels(corpus: Path = ROOT) -> list[tuple[Path, dict]]:
    """(label path, label) for every label under corpus/labels, in a stable order."""
    out = []
    for path in sorted((corpus / "labels").rglob("*.json")):
        out.append((path, json.loads(path.read_text(encoding="utf-8"))))
    return out


_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")


def sentences(text: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]
