"""The 查重 report: CNKI's figures, sources once per family, passages side by side; JSON, HTML, DOCX.

Offsets: `start`/`end` index the draft text as written (newlines as "\\n"), `source_start`/
`source_end` the stored text of the source speech (its paragraphs joined by "\\n", as `jianghua show`
prints it); `source_paragraph` is the index of the source paragraph the passage starts in (the
reader's anchor #p-N). Shares count key characters (letters and digits, not punctuation or spaces).

Kinds of span: `copied` (a passage of a library speech), `quoted` (the same inside a quotation
introduced by 指出/强调/… or a cited 《document》: CNKI's 引用), `common` (a stock phrase or a 提法 of
the lexicon that some speech shares). The figures, as an editor knows them from CNKI:

  total_share (总文字复制比)               copied or quoted key characters / all key characters
  share_excluding_quotes (去除引用文献复制比) copied only
  share_excluding_own (去除本人文献复制比)    copied or quoted from sources not excluded
  max_source_share (单篇最大文字复制比)      the most one source (family) covers
  copied_chars (重复字数)                  copied or quoted key characters
  front/back (前部/后部重合)                the same inside the first/last FRONT_SHARE of the draft

Sources: one per near-duplicate family (the member covering most, the other members listed), each
draft character given to one source only (the one covering most first), so the sources' shares
never add up to more than the total; a source left with no character of its own (a stock phrase
inside a passage copied from another speech) is not listed, nor are its spans. `copied_share`/`copied_share_excluding_common` are the
earlier fields (any reported span / copied or quoted), kept for existing readers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np

from jianghua.check.keys import LibraryKeyMap, TextKey
from jianghua.check.match import Segment

FRONT_SHARE = 0.2
KIND_LABELS = {
    "copied": "复制",
    "edited": "改动后复制",
    "quoted": "引用",
    "common": "常见表述（提法）",
}
_SECTION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]是要?)"
)


@dataclass
class Span:
    start: int
    end: int
    source_id: str
    source_start: int
    source_end: int
    common: bool
    edited: bool
    kind: str = "copied"  # copied | quoted | common
    identity: float = 1.0
    source_paragraph: int = 0
    # the draft's and the source's passage as [text, same] pieces (same: matches the other side)
    draft_diff: list = field(default_factory=list)
    source_diff: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "source_id": self.source_id,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "source_paragraph": self.source_paragraph,
            "common": self.common,
            "edited": self.edited,
            "identity": self.identity,
            "draft_diff": self.draft_diff,
            "source_diff": self.source_diff,
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
    family: str = ""
    date: str | None = None
    place: str | None = None
    members: list[str] = field(default_factory=list)  # other speeches of the family found
    quoted_chars: int = 0
    covered: int = 0  # key characters this source covers, before each is given to one source
    excluded: bool = False
    opening: str = ""  # the first words of the speech (shown beside a source with no title)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "family": self.family,
            "title": self.title,
            "occasion": self.occasion,
            "date": self.date,
            "place": self.place,
            "file": self.file,
            "share": self.share,
            "chars": self.chars,
            "quoted_chars": self.quoted_chars,
            "covered": self.covered,
            "excluded": self.excluded,
            "members": self.members,
            "opening": self.opening,
            "spans": len(self.spans),
        }


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
    total_share: float = 0.0
    share_excluding_quotes: float = 0.0
    share_excluding_own: float = 0.0
    max_source_share: float = 0.0
    copied_chars: int = 0
    quoted_chars: int = 0
    common_chars: int = 0
    front: dict = field(default_factory=dict)
    back: dict = field(default_factory=dict)
    paragraphs: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "chars": self.chars,
            "total_share": self.total_share,
            "share_excluding_quotes": self.share_excluding_quotes,
            "share_excluding_own": self.share_excluding_own,
            "max_source_share": self.max_source_share,
            "copied_chars": self.copied_chars,
            "quoted_chars": self.quoted_chars,
            "common_chars": self.common_chars,
            "front": self.front,
            "back": self.back,
            "paragraphs": self.paragraphs,
            "sections": self.sections,
            "excluded": self.excluded,
            "parameters": self.parameters,
            "copied_share": self.copied_share,
            "copied_share_excluding_common": self.copied_share_excluding_common,
            "sources": [s.as_dict() for s in self.sources],
            "spans": [s.as_dict() for s in self.spans],
        }


def _share(n: int, total: int) -> float:
    return round(n / total, 6) if total else 0.0


def _diff(dkey: TextKey, text: str, smap: LibraryKeyMap, stext: str, seg):
    """The alignment of one segment, from its exact blocks: (draft key position -> speech key
    position, draft pieces, speech pieces), pieces as [text, same] of the texts as written.
    Between two blocks the characters differ (a gap is mapped to the start of the speech's gap).
    No general diff: difflib takes minutes on a 10,000-character passage with 900 changes."""
    a, b, c, d = seg.a, seg.b, seg.c, seg.d
    same_d = np.zeros(b - a, dtype=bool)
    same_s = np.zeros(d - c, dtype=bool)
    to_source = np.zeros(b - a + 1, dtype=np.int64)
    prev_d, prev_s = a, c
    for x, y, n in sorted(seg.blocks or ((a, c, min(b - a, d - c)),)):
        x0, y0 = max(x, a), y + max(x, a) - x
        n = min(x + n, b) - x0
        if n <= 0 or y0 < c or y0 + n > d:
            continue
        to_source[max(prev_d - a, 0) : x0 - a] = min(max(prev_s, c), d)
        same_d[x0 - a : x0 - a + n] = True
        same_s[y0 - c : y0 - c + n] = True
        to_source[x0 - a : x0 - a + n] = np.arange(y0, y0 + n)
        prev_d, prev_s = max(prev_d, x0 + n), max(prev_s, y0 + n)
    to_source[max(prev_d - a, 0) : b - a] = min(prev_s, d)
    to_source[b - a] = d
    return (
        to_source,
        _pieces_of(text, dkey.text_span, a, same_d),
        _pieces_of(stext, smap.text_span, c, same_s),
    )


def _runs_of(values: np.ndarray) -> list[tuple[int, int]]:
    """[p, q) of every run of equal values."""
    if not len(values):
        return []
    cuts = [0, *(np.flatnonzero(values[1:] != values[:-1]) + 1).tolist(), len(values)]
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def _pieces_of(text: str, span_of, base: int, same: np.ndarray) -> list[list]:
    """The passage text as [text, same] pieces: a run of key characters that match (or not),
    with the marks after it up to the next run."""
    out: list[list] = []
    n = len(same)
    for p, q in _runs_of(same):
        lo = span_of(base + p, base + p + 1)[0]
        hi = span_of(base + q, base + q + 1)[0] if q < n else span_of(base + q - 1, base + q)[1]
        out.append([text[lo:hi], bool(same[p])])
    return out


def build_report(
    text: str,
    dkey: TextKey,
    script: str,
    segments: list[Segment],
    texts: dict[str, str],
    details: dict[str, dict],
    quoted: np.ndarray | None = None,
    families: dict[str, str] | None = None,
    excluded: set[str] | None = None,
    parameters: dict | None = None,
) -> Report:
    """`quoted`: draft key positions inside quotations; `families`: speech id -> family;
    `excluded`: the speech ids left out of 去除本人文献复制比."""
    n = len(dkey.key)
    families = families or {}
    excluded = excluded or set()
    quoted = quoted if quoted is not None else np.zeros(n, dtype=bool)
    maps = {sid: LibraryKeyMap(t) for sid, t in texts.items()}
    spans: list[Span] = []
    any_span = np.zeros(n, dtype=bool)
    copied = np.zeros(n, dtype=bool)  # copied or quoted
    kept = np.zeros(n, dtype=bool)  # copied or quoted from sources not excluded
    by_doc: dict[str, np.ndarray] = {}
    quoted_by_doc: dict[str, np.ndarray] = {}
    doc_spans: dict[str, list[Span]] = {}
    for seg in segments:
        if seg.doc not in maps:
            continue
        any_span[seg.a : seg.b] = True
        smap, stext = maps[seg.doc], texts[seg.doc]
        to_source, ddiff, sdiff = _diff(dkey, text, smap, stext, seg)
        if seg.common:
            pieces = [(seg.a, seg.b, "common")]
        else:
            pieces = _split(seg.a, seg.b, quoted)
            copied[seg.a : seg.b] = True
            if seg.doc not in excluded:
                kept[seg.a : seg.b] = True
            mine = by_doc.setdefault(seg.doc, np.zeros(n, dtype=bool))
            mine[seg.a : seg.b] = True
            q = quoted_by_doc.setdefault(seg.doc, np.zeros(n, dtype=bool))
            q[seg.a : seg.b] |= quoted[seg.a : seg.b]
        for a, b, kind in pieces:
            start, end = dkey.text_span(a, b)
            c = int(to_source[a - seg.a])
            d = int(to_source[b - seg.a]) if b < seg.b else seg.d
            if d <= c:
                d = min(c + 1, seg.d)
            s_start, s_end = smap.text_span(c, d)
            whole = len(pieces) == 1
            span = Span(
                start,
                end,
                seg.doc,
                s_start,
                s_end,
                kind == "common",
                seg.edited,
                kind,
                seg.identity,
                stext.count("\n", 0, s_start),
                ddiff if whole else [[text[start:end], True]],
                sdiff if whole else [[stext[s_start:s_end], True]],
            )
            spans.append(span)
            if kind != "common":
                doc_spans.setdefault(seg.doc, []).append(span)
    sources = _sources(by_doc, quoted_by_doc, doc_spans, details, families, excluded, n)
    # a source all of whose characters a source before it covers adds nothing: a stock phrase
    # inside a passage copied from another speech is that speech's, not one more source
    kept_ids = {d for s in sources if s.chars for d in (s.id, *s.members)}
    spans = [s for s in spans if s.kind == "common" or s.source_id in kept_ids]
    sources = [s for s in sources if s.chars]
    spans.sort(key=lambda s: (s.start, s.end, s.common, s.source_id, s.source_start))
    is_quoted = copied & quoted
    common = any_span & ~copied
    front_n = max(1, int(round(n * FRONT_SHARE))) if n else 0
    return Report(
        text,
        script,
        n,
        _share(int(any_span.sum()), n),
        _share(int(copied.sum()), n),
        sources,
        spans,
        texts,
        total_share=_share(int(copied.sum()), n),
        share_excluding_quotes=_share(int((copied & ~quoted).sum()), n),
        share_excluding_own=_share(int(kept.sum()), n),
        max_source_share=max((s.covered for s in sources), default=0) / n if n else 0.0,
        copied_chars=int(copied.sum()),
        quoted_chars=int(is_quoted.sum()),
        common_chars=int(common.sum()),
        front=_part(copied, 0, front_n),
        back=_part(copied, n - front_n, n),
        paragraphs=_paragraphs(text, dkey, copied, quoted),
        sections=_sections(text, dkey, copied),
        excluded=sorted(excluded),
        parameters=parameters or {},
    )


def _split(a: int, b: int, quoted: np.ndarray) -> list[tuple[int, int, str]]:
    """[a, b) cut where it enters or leaves a quotation: (a, b, copied|quoted) pieces."""
    return [
        (a + p, a + q, "quoted" if quoted[a + p] else "copied") for p, q in _runs_of(quoted[a:b])
    ]


def _part(copied: np.ndarray, lo: int, hi: int) -> dict:
    chars = max(hi - lo, 0)
    same = int(copied[lo:hi].sum()) if chars else 0
    return {"chars": chars, "copied_chars": same, "share": _share(same, chars)}


def _line_ranges(text: str):
    pos = 0
    for i, line in enumerate(text.split("\n")):
        yield i, pos, pos + len(line), line
        pos += len(line) + 1


def _key_range(dkey: TextKey, start: int, end: int) -> tuple[int, int]:
    return bisect_left(dkey.starts, start), bisect_left(dkey.starts, end)


def _paragraphs(text, dkey, copied, quoted) -> list[dict]:
    out = []
    for i, start, end, _ in _line_ranges(text):
        a, b = _key_range(dkey, start, end)
        if b <= a:
            continue
        same = int(copied[a:b].sum())
        out.append(
            {
                "index": i,
                "start": start,
                "end": end,
                "chars": b - a,
                "copied_chars": same,
                "quoted_chars": int((copied[a:b] & quoted[a:b]).sum()),
                "share": _share(same, b - a),
            }
        )
    return out


def _sections(text, dkey, copied) -> list[dict]:
    """Top-level sections of the draft (一、… / 第一部分 headings; before the first: 开头)."""
    heads = [
        (start, line.strip()[:30])
        for _, start, _, line in _line_ranges(text)
        if _SECTION.match(line)
    ]
    bounds = [(0, "开头")] if not heads or heads[0][0] > 0 else []
    bounds += heads
    out = []
    for k, (start, title) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(text)
        a, b = _key_range(dkey, start, end)
        if b <= a:
            continue
        same = int(copied[a:b].sum())
        out.append(
            {
                "title": title if heads else "全文",
                "start": start,
                "end": end,
                "chars": b - a,
                "copied_chars": same,
                "share": _share(same, b - a),
            }
        )
    return out


def _sources(by_doc, quoted_by_doc, doc_spans, details, families, excluded, n) -> list[Source]:
    """One source per family; each draft character given to the source covering most first."""
    groups: dict[str, list[str]] = {}
    for doc in by_doc:
        groups.setdefault(families.get(doc, doc), []).append(doc)
    rows = []
    for family, docs in groups.items():
        docs.sort(key=lambda d: (-int(by_doc[d].sum()), d))
        mask = np.zeros(n, dtype=bool)
        quoted = np.zeros(n, dtype=bool)
        for d in docs:
            mask |= by_doc[d]
            quoted |= quoted_by_doc[d]
        rows.append((family, docs, mask, quoted))
    rows.sort(key=lambda r: (-int(r[2].sum()), r[1][0]))
    taken = np.zeros(n, dtype=bool)
    sources = []
    for family, docs, mask, quoted in rows:
        mine = mask & ~taken
        taken |= mask
        head = docs[0]
        info = details.get(head, {})
        spans = [s for d in docs for s in doc_spans.get(d, [])]
        spans.sort(key=lambda s: (s.start, s.end))
        sources.append(
            Source(
                head,
                info.get("title"),
                _share(int(mine.sum()), n),
                int(mine.sum()),
                info.get("file"),
                info.get("occasion"),
                spans,
                family=family,
                date=info.get("date"),
                place=info.get("place"),
                members=docs[1:],
                quoted_chars=int((mine & quoted).sum()),
                covered=int(mask.sum()),
                excluded=any(d in excluded for d in docs),
                opening=info.get("opening", ""),
            )
        )
    sources.sort(key=lambda s: (-s.chars, -s.covered, s.id))
    return sources
