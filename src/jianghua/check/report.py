"""The 查重 report: JSON (the documented schema), HTML and DOCX renderings.

Offsets: `start`/`end` index the draft text as written (newlines as "\\n"), `source_start`/
`source_end` the stored text of the source speech (its paragraphs joined by "\\n", as `jianghua show`
prints it). Shares count key characters (letters and digits, not punctuation or spaces): `chars`
is the number of key characters of the draft, `copied_share` the share inside any reported span,
`copied_share_excluding_common` the share inside spans copied from a source (common formulations
left out), a source's `chars` the key characters of the draft inside its spans.
"""

from __future__ import annotations

import copy
import html
import io
from dataclasses import dataclass, field

from jianghua.check.keys import LibraryKeyMap, TextKey
from jianghua.check.match import Segment
from jianghua.text import xml_safe


@dataclass
class Span:
    start: int
    end: int
    source_id: str
    source_start: int
    source_end: int
    common: bool
    edited: bool

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "source_id": self.source_id,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "common": self.common,
            "edited": self.edited,
        }


@dataclass
class Source:
    id: str
    title: str | None
    share: float
    chars: int
    file: str | None = None
    occasion: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Report:
    text: str
    script: str
    chars: int
    copied_share: float
    copied_share_excluding_common: float
    sources: list[Source]
    spans: list[Span]
    source_texts: dict[str, str]

    def to_json(self) -> dict:
        return {
            "chars": self.chars,
            "copied_share": self.copied_share,
            "copied_share_excluding_common": self.copied_share_excluding_common,
            "sources": [
                {"id": s.id, "title": s.title, "share": s.share, "chars": s.chars}
                for s in self.sources
            ],
            "spans": [s.as_dict() for s in self.spans],
        }


def _share(n: int, total: int) -> float:
    return round(n / total, 6) if total else 0.0


def build_report(
    text: str,
    dkey: TextKey,
    script: str,
    segments: list[Segment],
    texts: dict[str, str],
    details: dict[str, dict],
) -> Report:
    n = len(dkey.key)
    maps = {sid: LibraryKeyMap(t) for sid, t in texts.items()}
    spans: list[Span] = []
    any_span = [False] * n
    copied = [False] * n
    per_source: dict[str, set[int]] = {}
    source_spans: dict[str, list[Span]] = {}
    for seg in segments:
        start, end = dkey.text_span(seg.a, seg.b)
        s_start, s_end = maps[seg.doc].text_span(seg.c, seg.d)
        span = Span(start, end, seg.doc, s_start, s_end, seg.common, seg.edited)
        spans.append(span)
        for p in range(seg.a, seg.b):
            any_span[p] = True
            if not seg.common:
                copied[p] = True
        if not seg.common:
            per_source.setdefault(seg.doc, set()).update(range(seg.a, seg.b))
            source_spans.setdefault(seg.doc, []).append(span)
    sources = [
        Source(
            sid,
            details[sid]["title"],
            _share(len(pos), n),
            len(pos),
            details[sid]["file"],
            details[sid]["occasion"],
            source_spans[sid],
        )
        for sid, pos in per_source.items()
    ]
    sources.sort(key=lambda s: (-s.chars, s.id))
    spans.sort(key=lambda s: (s.start, s.end, s.common, s.source_id, s.source_start))
    return Report(
        text,
        script,
        n,
        _share(sum(any_span), n),
        _share(sum(copied), n),
        sources,
        spans,
        texts,
    )


# --------------------------------------------------------------------------------------------------
# rendering


def marks(report: Report) -> list[tuple[int, int, Span]]:
    """Non-overlapping highlighted pieces of the draft: copying wins over common, and among
    overlapping copying spans the source with most copied characters."""
    rank = {s.id: i for i, s in enumerate(report.sources)}
    owner: list[Span | None] = [None] * len(report.text)
    # lowest priority first, so that higher priority spans overwrite
    ordered = sorted(report.spans, key=lambda s: (not s.common, -rank.get(s.source_id, len(rank))))
    for span in ordered:
        for p in range(span.start, span.end):
            owner[p] = span
    pieces: list[tuple[int, int, Span]] = []
    p = 0
    while p < len(owner):
        if owner[p] is None:
            p += 1
            continue
        q = p
        while q < len(owner) and owner[q] is owner[p]:
            q += 1
        pieces.append((p, q, owner[p]))
        p = q
    return pieces


def to_html(report: Report, speech_url: str = "/speech/{id}") -> str:
    """The draft with its spans highlighted and linked, as an HTML fragment (escaped)."""
    out: list[str] = []
    pos = 0
    for start, end, span in marks(report):
        out.append(html.escape(report.text[pos:start]))
        cls = "common" if span.common else ("edited" if span.edited else "copied")
        url = html.escape(speech_url.format(id=span.source_id))
        title = "常见表述" if span.common else ("改写自" if span.edited else "复制自")
        out.append(
            f'<a class="span {cls}" href="{url}" title="{title} {html.escape(span.source_id)}">'
            f"{html.escape(report.text[start:end])}</a>"
        )
        pos = end
    out.append(html.escape(report.text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def html_document(report: Report, speech_url: str = "/speech/{id}") -> str:
    """A standalone HTML report (for `jianghua check --html`)."""
    rows = "".join(
        f'<tr><td><a href="{html.escape(speech_url.format(id=s.id))}">{html.escape(s.id)}</a></td>'
        f"<td>{html.escape(s.title or '')}</td><td>{html.escape(s.occasion or '')}</td>"
        f"<td>{html.escape(s.file or '')}</td><td>{s.share:.1%}</td><td>{s.chars}</td>"
        f"<td>{len(s.spans)}</td></tr>"
        for s in report.sources
    )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>查重报告</title>'
        "<style>.copied{background:#fbb}.edited{background:#fd9}.common{background:#ddd}"
        "a.span{color:inherit;text-decoration:none}body{max-width:60em;margin:auto;"
        "line-height:1.8}td,th{padding:0 .5em}</style></head><body><h1>查重报告</h1>"
        f"<p>字数 {report.chars} · 复制 {report.copied_share:.1%} · "
        f"不含常见表述 {report.copied_share_excluding_common:.1%}</p>"
        "<table><tr><th>编号</th><th>标题</th><th>场合</th><th>文件</th><th>占比</th>"
        f"<th>字数</th><th>段数</th></tr>{rows}</table>"
        f'<h2>原文</h2><div class="draft">{to_html(report, speech_url)}</div></body></html>'
    )


_COLOURS = {"copied": "RED", "edited": "YELLOW", "common": "GRAY_25"}


def _set_font(run, name: str = "宋体") -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def to_docx(report: Report) -> bytes:
    """A DOCX report: a summary, the sources, then the draft with its spans highlighted."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document()
    heading = doc.add_paragraph()
    _set_font(heading.add_run("查重报告"))
    summary = doc.add_paragraph()
    _set_font(
        summary.add_run(
            f"字数 {report.chars};复制 {report.copied_share:.1%};"
            f"不含常见表述 {report.copied_share_excluding_common:.1%}"
        )
    )
    for s in report.sources:
        para = doc.add_paragraph()
        _set_font(
            para.add_run(
                xml_safe(
                    f"{s.id} {s.title or ''} {s.occasion or ''} {s.file or ''} "
                    f"占比 {s.share:.1%}({s.chars} 字,{len(s.spans)} 段)"
                )
            )
        )
    pieces = marks(report)
    line_start = 0
    text = xml_safe(report.text)  # same length: the spans' offsets still hold
    for line in text.split("\n"):
        para = doc.add_paragraph()
        line_end = line_start + len(line)
        pos = line_start
        for start, end, span in pieces:
            lo, hi = max(start, line_start), min(end, line_end)
            if lo >= hi:
                continue
            if pos < lo:
                _set_font(para.add_run(text[pos:lo]))
            run = para.add_run(text[lo:hi])
            _set_font(run)
            kind = "common" if span.common else ("edited" if span.edited else "copied")
            run.font.highlight_color = getattr(WD_COLOR_INDEX, _COLOURS[kind])
            pos = hi
        if pos < line_end:
            _set_font(para.add_run(text[pos:line_end]))
        line_start = line_end + 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


_HIGHLIGHT_VALUES = {"copied": "red", "edited": "yellow", "common": "lightGray"}


def highlight_original_docx(report: Report, original: bytes) -> bytes | None:
    """The draft's own .docx with the spans highlighted in place (its formatting kept), or None
    when its paragraphs do not read back as the checked text (then use `to_docx`).

    Paragraphs are walked exactly as `sources.docx.paragraphs` reads them (a paragraph is complete
    at its end tag, mc:Fallback copies skipped); only runs made of plain text (w:t) are split and
    highlighted, and a span over a tab or break is highlighted around it."""
    from docx import Document
    from docx.oxml.ns import qn
    from lxml import etree

    from jianghua.sources.docx import _MC_FALLBACK, _P, _T

    try:
        document = Document(io.BytesIO(original))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on a file it cannot open
        return None
    body = document.element.body
    # each paragraph with its own runs, in the reader's order
    found: list[tuple[object, list]] = []
    stack: list[list] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        if event == "start" and el.tag == _MC_FALLBACK:
            walker.skip_subtree()
        elif el.tag in _P:
            if event == "start":
                stack.append([])
            else:
                found.append((el, stack.pop()))
        elif event == "start" and el.tag == qn("w:r") and stack:
            stack[-1].append(el)
    owner: list[tuple[int, int, Span] | None] = [None] * len(report.text)
    for start, end, span in marks(report):
        entry = (start, end, span)  # one object per mark: pieces are cut where it changes
        for p in range(start, end):
            owner[p] = entry
    pos = 0
    for _, runs in found:
        for run in runs:
            texts = [c for c in run if c.tag in _T]
            other = [c for c in run if c.tag != qn("w:rPr") and c.tag not in _T]
            if other or len(texts) != 1 or len(texts[0]) or not texts[0].text:
                # not a plain text run: advance over it as the reader counts it, never split it
                length = sum(
                    len(c.text or "") if c.tag in _T else 1
                    for c in run
                    if c.tag in _T
                    or c.tag in (qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"))
                )
                pos += length
                continue
            text = texts[0].text
            if report.text[pos : pos + len(text)] != text:
                return None
            pieces = _pieces(owner, pos, pos + len(text))
            if len(pieces) > 1 or pieces[0][2] is not None:
                for lo, hi, kind in pieces:
                    new = copy.deepcopy(run)
                    t = new.find(qn("w:t"))
                    t.text = report.text[lo:hi]
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    if kind:
                        rpr = new.find(qn("w:rPr"))
                        if rpr is None:
                            rpr = etree.SubElement(new, qn("w:rPr"))
                            new.remove(rpr)
                            new.insert(0, rpr)
                        for old in rpr.findall(qn("w:highlight")):
                            rpr.remove(old)
                        mark = etree.SubElement(rpr, qn("w:highlight"))
                        mark.set(qn("w:val"), _HIGHLIGHT_VALUES[kind])
                    run.addprevious(new)
                run.getparent().remove(run)
            pos += len(text)
        pos += 1  # the "\n" between paragraphs
    if pos != len(report.text) + 1:
        return None
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pieces(owner, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
    """[lo, hi) cut where the highlighting changes, with the kind of each piece."""
    out: list[tuple[int, int, str | None]] = []
    p = lo
    while p < hi:
        q = p
        while q < hi and owner[q] is owner[p]:
            q += 1
        span = owner[p][2] if owner[p] else None
        kind = None
        if span is not None:
            kind = "common" if span.common else ("edited" if span.edited else "copied")
        out.append((p, q, kind))
        p = q
    return out
