"""The 查重 report rendered: an HTML page (colour legend, CNKI figures, sources, passages side by
side with their differences marked, links to the passage in the reader) and a DOCX (a summary
page, then the draft with light shading; or the draft's own .docx highlighted in place).

Colours are light so that black text stays readable on them: copied rose, edited amber, quoted
blue, common grey. A link to a source goes to the paragraph the passage starts in (#p-N, the
reader's paragraph anchors).
"""

from __future__ import annotations

import copy
import html
import io

from jianghua.check.report import KIND_LABELS, Report, Span
from jianghua.text import xml_safe

COLOURS = {"copied": "F8C4C4", "edited": "FBE3A3", "quoted": "C9DDF5", "common": "E3E3E3"}
PRIORITY = {"common": 0, "quoted": 1, "copied": 2}


def span_class(span: Span) -> str:
    """copied, edited (copied across edits), quoted or common."""
    if span.kind == "copied" and span.edited:
        return "edited"
    return span.kind


def marks(report: Report) -> list[tuple[int, int, Span]]:
    """Non-overlapping highlighted pieces of the draft: copied wins over quoted over common, and
    among overlapping spans of one kind the source with most copied characters."""
    rank = {s.id: i for i, s in enumerate(report.sources)}
    owner: list[Span | None] = [None] * len(report.text)
    # lowest priority first, so that higher priority spans overwrite
    ordered = sorted(
        report.spans,
        key=lambda s: (PRIORITY.get(s.kind, 0), -rank.get(s.source_id, len(rank))),
    )
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


def passage_url(speech_url: str, span: Span) -> str:
    """The reader's page of the source, at the paragraph the passage starts in."""
    return speech_url.format(id=span.source_id) + f"#p-{span.source_paragraph}"


def source_label(source) -> str:
    """The source's title, or its first words marked as no title when it has none."""
    if source.title:
        return source.title
    return f"（无标题）{source.opening}…" if source.opening else "（无标题）"


def to_html(report: Report, speech_url: str = "/speech/{id}") -> str:
    """The draft with its spans highlighted and linked, as an HTML fragment (escaped)."""
    out: list[str] = []
    pos = 0
    for start, end, span in marks(report):
        out.append(html.escape(report.text[pos:start]))
        cls = span_class(span)
        url = html.escape(passage_url(speech_url, span))
        title = f"{KIND_LABELS[cls]} {span.source_id}"
        if cls in ("copied", "edited", "quoted"):
            title += f"（{span.identity:.0%} 相同）"
        out.append(
            f'<a class="span {cls}" href="{url}" title="{html.escape(title)}">'
            f"{html.escape(report.text[start:end])}</a>"
        )
        pos = end
    out.append(html.escape(report.text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def legend_html() -> str:
    return (
        '<p class="legend">'
        + " ".join(
            f'<span class="{k}">{html.escape(KIND_LABELS[k])}</span>'
            for k in ("copied", "edited", "quoted", "common")
        )
        + "</p>"
    )


def figures(report: Report) -> list[tuple[str, str]]:
    """The summary figures, labelled as CNKI labels them."""
    rows = [
        ("总字数", f"{report.chars}（只计汉字、字母、数字）"),
        ("总文字复制比", f"{report.total_share:.1%}"),
        ("去除引用文献复制比", f"{report.share_excluding_quotes:.1%}"),
        ("去除本人文献复制比", f"{report.share_excluding_own:.1%}"),
        ("单篇最大文字复制比", f"{report.max_source_share:.1%}"),
        ("重复字数", str(report.copied_chars)),
        ("引用字数", str(report.quoted_chars)),
        ("常见表述（提法）字数", str(report.common_chars)),
        (
            "前部重合",
            f"{report.front.get('copied_chars', 0)} 字（{report.front.get('share', 0):.1%}）",
        ),
        (
            "后部重合",
            f"{report.back.get('copied_chars', 0)} 字（{report.back.get('share', 0):.1%}）",
        ),
    ]
    if report.excluded:
        rows.append(("排除的文献", "、".join(report.excluded)))
    return rows


def diff_html(pieces: list) -> str:
    return "".join(
        html.escape(t) if same else f'<mark class="diff">{html.escape(t)}</mark>'
        for t, same in pieces
    )


def passages(report: Report) -> list[dict]:
    """Each copied or quoted passage with its source's, for the side-by-side table."""
    titles = {s.id: source_label(s) for s in report.sources}
    for s in report.sources:
        for m in s.members:
            titles.setdefault(m, source_label(s))
    out = []
    for span in report.spans:
        if span.kind == "common":
            continue
        out.append(
            {
                "span": span,
                "kind": span_class(span),
                "label": KIND_LABELS[span_class(span)],
                "title": titles.get(span.source_id, span.source_id),
                "draft": span.draft_diff or [[report.text[span.start : span.end], True]],
                "source": span.source_diff,
            }
        )
    return out


STYLE = (
    ".copied{background:#f8c4c4}.edited{background:#fbe3a3}.quoted{background:#c9ddf5}"
    ".common{background:#e3e3e3}mark.diff{background:#fff176;text-decoration:underline}"
    "a.span{color:inherit;text-decoration:none}body{max-width:64em;margin:auto;line-height:1.8;"
    "padding:0 1em}td,th{padding:.2em .5em;vertical-align:top;text-align:left}"
    ".legend span{padding:0 .4em;margin-right:.3em}table{border-collapse:collapse}"
    ".pair td{border-top:1px solid #ccc;width:50%}"
)


def html_document(report: Report, speech_url: str = "/speech/{id}") -> str:
    """A standalone HTML report (for `jianghua check --html`)."""
    summary = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in figures(report)
    )
    rows = "".join(
        f'<tr><td><a href="{html.escape(speech_url.format(id=s.id))}">'
        f"{html.escape(source_label(s))}</a></td>"
        f"<td>{html.escape(s.occasion or '')}</td><td>{html.escape(s.date or '')}</td>"
        f"<td>{html.escape(s.place or '')}</td><td>{html.escape(s.file or '')}</td>"
        f"<td>{s.share:.1%}</td><td>{s.chars}</td><td>{len(s.spans)}</td>"
        f"<td>{'排除' if s.excluded else ''}</td></tr>"
        for s in report.sources
    )
    pairs = "".join(
        f'<tr class="pair"><td><span class="{p["kind"]}">{html.escape(p["label"])}</span>'
        f" {p['span'].identity:.0%} 相同<br>{diff_html(p['draft'])}</td>"
        f'<td><a href="{html.escape(passage_url(speech_url, p["span"]))}">'
        f"{html.escape(p['title'])}</a><br>{diff_html(p['source'])}</td></tr>"
        for p in passages(report)
    )
    paras = "".join(
        f"<tr><td>第 {p['index'] + 1} 段</td><td>{p['chars']}</td><td>{p['share']:.1%}</td></tr>"
        for p in report.paragraphs
    )
    sections = "".join(
        f"<tr><td>{html.escape(s['title'])}</td><td>{s['chars']}</td><td>{s['share']:.1%}</td></tr>"
        for s in report.sections
    )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>查重报告</title>'
        f"<style>{STYLE}</style></head><body><h1>查重报告</h1>"
        f'<table class="figures">{summary}</table>{legend_html()}'
        "<h2>相似文献</h2><table><tr><th>标题</th><th>场合</th><th>日期</th><th>地点</th>"
        "<th>文件</th><th>复制比</th><th>字数</th><th>片段</th><th></th></tr>"
        f"{rows}</table>"
        "<h2>分节复制比</h2><table><tr><th>部分</th><th>字数</th><th>复制比</th></tr>"
        f"{sections}</table>"
        "<h2>分段复制比</h2><table><tr><th>段落</th><th>字数</th><th>复制比</th></tr>"
        f"{paras}</table>"
        f'<h2>原文</h2><div class="draft">{to_html(report, speech_url)}</div>'
        "<h2>片段对照</h2><p>左：送检稿；右：库中讲话。黄色底纹为两边不同的字。</p>"
        f"<table>{pairs}</table></body></html>"
    )


def _set_font(run, name: str = "宋体") -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


# run properties that come after w:shd in the schema's sequence (a new w:shd goes before them)
_AFTER_SHD = ("fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish")


def shade_rpr(rpr, colour: str) -> None:
    """Light background shading (w:shd) in a run's properties, in schema order, replacing any
    highlight or shading it had: black text stays readable on it."""
    from docx.oxml.ns import qn
    from lxml import etree

    for old in rpr.findall(qn("w:shd")) + rpr.findall(qn("w:highlight")):
        rpr.remove(old)
    shd = etree.Element(qn("w:shd"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    after = [c for c in rpr if c.tag in {qn(f"w:{n}") for n in _AFTER_SHD}]
    if after:
        after[0].addprevious(shd)
    else:
        rpr.append(shd)


def _shade(run, colour: str) -> None:
    shade_rpr(run._element.get_or_add_rPr(), colour)


def _para(doc, text: str, bold: bool = False, size: int | None = None):
    from docx.shared import Pt

    para = doc.add_paragraph()
    run = para.add_run(xml_safe(text))
    _set_font(run)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return para


def to_docx(report: Report) -> bytes:
    """A DOCX report: a summary page (figures, legend, sources), the draft with light shading,
    then the passages beside their sources."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    _para(doc, "查重报告", bold=True, size=18)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in figures(report):
        cells = table.add_row().cells
        for cell, value in zip(cells, (k, v), strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(xml_safe(value)))
    legend = doc.add_paragraph()
    _set_font(legend.add_run("图例："))
    for kind in ("copied", "edited", "quoted", "common"):
        run = legend.add_run(f" {KIND_LABELS[kind]} ")
        _set_font(run)
        _shade(run, COLOURS[kind])
    _para(doc, "相似文献", bold=True, size=14)
    if report.sources:
        sources = doc.add_table(rows=1, cols=7)
        sources.style = "Table Grid"
        for cell, head in zip(
            sources.rows[0].cells,
            ("标题", "场合", "日期", "地点", "文件", "复制比", "字数"),
            strict=True,
        ):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(head))
        for s in report.sources:
            values = (
                source_label(s) + ("（排除）" if s.excluded else ""),
                s.occasion or "",
                s.date or "",
                s.place or "",
                s.file or "",
                f"{s.share:.1%}",
                str(s.chars),
            )
            cells = sources.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = ""
                _set_font(cell.paragraphs[0].add_run(xml_safe(value)))
    else:
        _para(doc, "未发现复制自库中讲话的段落。")
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "原文", bold=True, size=14)
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
            _shade(run, COLOURS[span_class(span)])
            pos = hi
        if pos < line_end:
            _set_font(para.add_run(text[pos:line_end]))
        line_start = line_end + 1
    pairs = passages(report)
    if pairs:
        _para(doc, "片段对照（送检稿 / 库中讲话，不同的字加下划线）", bold=True, size=14)
        grid = doc.add_table(rows=0, cols=2)
        grid.style = "Table Grid"
        for p in pairs:
            cells = grid.add_row().cells
            for cell, side, head in (
                (cells[0], p["draft"], f"{p['label']} {p['span'].identity:.0%} 相同"),
                (cells[1], p["source"], p["title"]),
            ):
                cell.text = ""
                para = cell.paragraphs[0]
                _set_font(para.add_run(xml_safe(head) + "\n"))
                for t, same in side:
                    run = para.add_run(xml_safe(t))
                    _set_font(run)
                    if not same:
                        run.font.underline = True
                        _shade(run, COLOURS["edited"])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


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
                        shade_rpr(rpr, COLOURS[kind])
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
            kind = span_class(span)
        out.append((p, q, kind))
        p = q
    return out
