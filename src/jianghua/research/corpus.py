"""The research corpus: one record per distinct speech, and one counting unit per family.

A speech that 范文 sites copied 27 times is one family with 27 copies: every count in research
mode is made on one speech per family (its canonical member, the most complete copy) and reports
the copies beside it. Texts are searched as their lexicon skeleton (quotes, 顿号 and spaces
dropped, jianghua.lexicon.skeleton), so that “五位一体” and 不忘初心、牢记使命 are found as written.
When the library's research index (jianghua.research.index) holds every family's speech, hits come
from its postings and the texts stay in its memory-mapped files; otherwise the skeletons are read
into memory and a count is a scan of Python strings. Both give the same hits (tests/research).

Metadata comes from the structure analysis (meta); a field it did not find stays empty (shown as
未知), never guessed. Level (中央/省/市/县/乡) is read from the meeting's scope (全省…), else its
body (市委…), else a place stated in the title or header.
"""

from __future__ import annotations

import json
import re
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from jianghua.lexicon import IGNORED
from jianghua.library import research_queries as rq

LEVELS = ("中央", "省", "市", "县", "乡")
UNKNOWN = "未知"
_SCOPE_LEVEL = {
    "全国": "中央",
    "全省": "省",
    "全市": "市",
    "全州": "市",
    "全盟": "市",
    "全县": "县",
    "全区": "县",
    "全旗": "县",
    "市县": "县",
    "全镇": "乡",
    "全乡": "乡",
    "县乡": "乡",
    "镇村": "乡",
}
_BODY_LEVEL = {"省": "省", "市": "市", "州": "市", "县": "县", "区": "县", "旗": "县"}
_BODY_LEVEL |= {"镇": "乡", "乡": "乡"}
_PLACE_LEVEL = {"town": "乡", "county": "县", "city": "市", "province": "省"}  # lowest first
_PLACE_ORDER = ("province", "city", "county", "town")


@dataclass(frozen=True)
class Doc:
    """One distinct speech with the fields research counts by."""

    id: str
    family: str
    canonical: bool
    title: str
    chars: int
    copies: int  # pages this speech was found on
    date: str = ""
    year: int | None = None
    level: str = ""
    region: str = ""
    sector: str = ""
    genre: str = ""
    speaker: str = ""

    def value(self, by: str) -> str:
        """The value of facet `by` (year, level, sector, genre, speaker), 未知 when unstated."""
        raw = self.year if by == "year" else getattr(self, by)
        return str(raw) if raw else UNKNOWN


def _value(meta: dict, key: str):
    return (meta.get(key) or {}).get("value")


def year_of(date) -> int | None:
    """The year of a stored date (2019-03-05, 2019-03, 2019); None for a range (2015/2017)."""
    if not date or not isinstance(date, str) or "/" in date or len(date) < 4:
        return None
    head = date[:4]
    return int(head) if head.isdigit() else None


def level_of(meta: dict) -> str:
    scope = _value(meta, "scope")
    if scope in _SCOPE_LEVEL:
        return _SCOPE_LEVEL[scope]
    body = _value(meta, "body")
    if isinstance(body, str) and body[:1] in _BODY_LEVEL:
        return _BODY_LEVEL[body[0]]
    if scope == "全国" or (isinstance(body, str) and body.startswith("中央")):
        return "中央"
    place = meta.get("place") or {}
    if place.get("source") in ("title", "header") and isinstance(place.get("value"), dict):
        for key, level in _PLACE_LEVEL.items():
            if key in place["value"]:
                return level
    return ""


def region_of(meta: dict) -> str:
    """The places stated, province to town (河南省焦作市); empty when none was found."""
    value = _value(meta, "place")
    if not isinstance(value, dict):
        return ""
    return "".join(str(value[k]) for k in _PLACE_ORDER if value.get(k))


def doc_from_row(row) -> Doc:
    sid, family, canonical, title, chars, meta_json, copies = row[:7]
    meta = json.loads(meta_json or "{}") or {}
    date = _value(meta, "date")
    speaker = _value(meta, "speaker")
    return Doc(
        id=sid,
        family=family,
        canonical=bool(canonical),
        title=title or "",
        chars=chars,
        copies=copies,
        date=date if isinstance(date, str) else "",
        year=year_of(date),
        level=level_of(meta),
        region=region_of(meta),
        sector=str(_value(meta, "sector") or ""),
        genre=str(_value(meta, "genre") or ""),
        speaker=speaker if isinstance(speaker, str) else "",
    )


class Texts:
    """Every family's skeleton in one string, separated by NUL (no key holds one), so that one
    str.find over the whole library finds the families holding a key without a Python call per
    family: a rare 提法 costs one scan in C."""

    SEP = "\x00"

    def __init__(self, parts: list[str]):
        self.text = self.SEP.join(parts)
        self.starts = array("q")
        at = 0
        for part in parts:
            self.starts.append(at)
            at += len(part) + 1

    def end(self, i: int) -> int:
        return self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)

    def get(self, i: int) -> str:
        return self.text[self.starts[i] : self.end(i)]

    def holding(self, keys) -> list[int]:
        """Indexes of the families whose text holds one of `keys`, in order."""
        text, starts, found = self.text, self.starts, set()
        for key in keys:
            i = text.find(key)
            while i >= 0:
                f = bisect_right(starts, i) - 1
                found.add(f)
                i = text.find(key, self.end(f))  # on to the next family
        return sorted(found)


class IndexedTexts:
    """The families' skeletons as the research index holds them (jianghua.research.index):
    memory-mapped, found through bigram postings instead of a scan."""

    def __init__(self, reader, where: list[tuple[int, int]]):
        import numpy as np

        self.reader = reader
        self.where = where  # family -> (segment, document)
        self.targets = [np.full(len(seg.ids), -1, dtype=np.int64) for seg in reader.segments]
        for fam, (s, d) in enumerate(where):
            self.targets[s][d] = fam

    def get(self, i: int) -> str:
        s, d = self.where[i]
        return self.reader.segments[s].skeleton(d)

    def spans(self, term):
        """(family, start, end) arrays of every hit of `term`, in family order then offset."""
        return self.reader.spans(term.keys, self.targets)

    def context(self, fams, starts, ends, width: int, side: str) -> list:
        """For hits (family, start, end arrays), the code points of the `width` characters right
        of each hit (side "right"), or left of it nearest first ("left"), as `width` arrays (one
        per distance from the hit); 0 past the speech's edge."""
        import numpy as np

        if not hasattr(self, "_seg"):
            self._seg = np.array([s for s, _ in self.where], dtype=np.int64)
            self._doc = np.array([d for _, d in self.where], dtype=np.int64)
        out = np.zeros((width, len(fams)), dtype=np.uint32)
        step = np.arange(width, dtype=np.int64)
        for s, seg in enumerate(self.reader.segments):
            mask = self._seg[fams] == s
            if not mask.any():
                continue
            doc = self._doc[fams[mask]]
            first = seg.starts[doc]
            last = seg.starts[doc + 1] - (doc + 2 < len(seg.starts))  # the separator is not in it
            if side == "right":
                at = (first + ends[mask])[None, :] + step[:, None]
                inside = at < last[None, :]
            else:
                at = (first + starts[mask])[None, :] - 1 - step[:, None]
                inside = at >= first[None, :]
            codes = seg.vocab[seg.text[np.where(inside, at, 0)]]
            out[:, mask] = np.where(inside, codes, 0)
        return list(out)


@dataclass
class Family:
    """The counting unit: a family's canonical speech, its text skeleton and its copies."""

    doc: Doc  # the canonical member (metadata gaps filled from the other members)
    members: int
    copies: int  # pages the family's speeches were found on, all members together
    texts: Texts | IndexedTexts = field(repr=False)
    index: int = 0

    @property
    def skeleton(self) -> str:
        return self.texts.get(self.index)


COUNT_CACHE = 256  # terms whose per-family counts are remembered (4 bytes a family each)
SPAN_CACHE = 8  # terms whose hits are remembered (24 bytes a hit: a concordance's next page)


@dataclass
class Corpus:
    docs: list[Doc] = field(default_factory=list)  # every distinct speech
    families: list[Family] = field(default_factory=list)
    stamp: tuple = ()
    _counts: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _spans: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def indexed(self) -> bool:
        """Whether hits come from the research index (else from a scan of texts in memory)."""
        return bool(self.families) and isinstance(self.families[0].texts, IndexedTexts)

    def forget(self) -> None:
        """Drop every remembered count and hit (the benchmark times a term never asked)."""
        self._counts.clear()
        self._spans.clear()
        self.__dict__.pop("_nonzero", None)

    def spans(self, term):
        """(family, start, end) numpy arrays of every hit of `term` in the families' skeletons,
        in family order then offset; only for an indexed corpus."""
        found = self._spans.get(term.keys)
        if found is None:
            found = self._spans[term.keys] = self.families[0].texts.spans(term)
            while len(self._spans) > SPAN_CACHE:
                self._spans.popitem(last=False)
        else:
            self._spans.move_to_end(term.keys)
        return found

    def by_id(self) -> dict[str, Family]:
        return {f.doc.id: f for f in self.families}

    def values(self, by: str) -> list[str]:
        """Each family's value of facet `by`, in family order (computed once per facet)."""
        cache = self.__dict__.setdefault("_values", {})
        if by not in cache:
            cache[by] = [f.doc.value(by) for f in self.families]
        return cache[by]

    def hit_families(self, term) -> list[int]:
        """Indexes of the families with a hit of `term` (remembered with the counts)."""
        counts = self.counts(term)
        cache = self.__dict__.setdefault("_nonzero", {})
        found = cache.get(term.keys)
        if found is None or found[0] is not counts:
            found = cache[term.keys] = (counts, [i for i, n in enumerate(counts) if n])
        return found[1]

    def counts(self, term) -> array:
        """Hits of `term` in each family, in family order. A page shows one term by year, level
        and sector and in context: the texts are scanned once, not four times."""
        found = self._counts.get(term.keys)
        if found is None:
            found = array("i", bytes(4 * len(self.families)))
            texts = self.families[0].texts if self.families else None
            if texts is None:
                pass
            elif isinstance(texts, IndexedTexts):
                import numpy as np

                fams = self.spans(term)[0]
                per = np.bincount(fams, minlength=len(self.families)).astype(np.int32)
                found = array("i", per.tobytes())
            elif len(term.keys) == 1:  # every character read once: find the first, count the rest
                key, text, starts = term.keys[0], texts.text, texts.starts
                i = text.find(key)
                while i >= 0:
                    f = bisect_right(starts, i) - 1
                    end = texts.end(f)
                    found[f] = 1 + text.count(key, i + len(key), end)
                    i = text.find(key, end)
            else:
                for f in texts.holding(term.minimal):
                    found[f] = term.count_in(texts.text, texts.starts[f], texts.end(f))
            self._counts[term.keys] = found
            while len(self._counts) > COUNT_CACHE:
                self._counts.popitem(last=False)
        else:
            self._counts.move_to_end(term.keys)
        return found


_FILL = ("date", "year", "level", "region", "sector", "genre", "speaker")


_IGNORED = re.compile("[" + re.escape("".join(sorted(IGNORED))) + "]")


_IGNORED_CHARS = tuple(sorted(IGNORED))


def bare(text: str) -> str:
    """lexicon.skeleton(text)[0], computed in C (the offsets are only needed for a page shown):
    the ignored characters are few, so a search and a replace for each beat one regex pass."""
    for ch in _IGNORED_CHARS:
        if ch in text:
            text = text.replace(ch, "")
    return text


def build(db, reader=None) -> Corpus:
    """The corpus of the library on connection `db`. With `reader` (jianghua.research.index),
    when it holds every family's speech, the texts stay in the index's files and only the
    metadata is read from the store; else the canonical texts are read into memory."""
    docs: list[Doc] = []
    texts: dict[str, str] = {}  # skeletons of the canonical speeches only: the counting units
    where = reader.where() if reader is not None else None
    rows = rq.speech_rows(db, with_text=where is None)
    for row in rows:
        doc = doc_from_row(row)
        docs.append(doc)
        if doc.canonical and where is None:
            texts[doc.id] = bare(row[7])
    grouped: dict[str, list[Doc]] = {}
    for doc in docs:
        grouped.setdefault(doc.family, []).append(doc)
    heads = [next((d for d in m if d.canonical), m[0]).id for m in grouped.values()]
    if where is not None and all(h in where for h in heads):
        return _assemble(db, docs, grouped, None, [where[h] for h in heads], reader)
    if where is not None:  # the index lags the store (an ingest that skipped it): scan instead
        texts = {sid: bare(text) for sid, text in rq.texts(db, heads).items()}
    return _assemble(db, docs, grouped, texts, None, None)


def _assemble(db, docs, grouped, texts, located, reader) -> Corpus:
    families: list[Family] = []
    parts: list[str] = []
    for members in grouped.values():
        head = next((d for d in members if d.canonical), members[0])
        fill = {}
        for name in _FILL:  # a copy may state what the canonical one lost (its header, say)
            if not getattr(head, name):
                fill[name] = next((getattr(d, name) for d in members if getattr(d, name)), None)
        head = replace(head, **{k: v for k, v in fill.items() if v})
        copies = sum(d.copies for d in members)
        if texts is not None:
            if head.id not in texts:  # a family without a canonical member (never written so)
                texts[head.id] = bare(rq.texts(db, [head.id])[head.id])
            parts.append(texts.pop(head.id))
        families.append(Family(head, len(members), copies, None, len(families)))  # type: ignore[arg-type]
    shared = Texts(parts) if texts is not None else IndexedTexts(reader, located)
    for fam in families:
        fam.texts = shared
    return Corpus(docs, families)


_cache: dict[tuple[Path, bool], Corpus] = {}
_lock = threading.Lock()
USE_INDEX = True  # False: every load scans texts in memory (the benchmark's baseline)


def load(lib, use_index: bool | None = None) -> Corpus:
    """The corpus of `lib`, built once per state of its store and of its research index (a
    server answers from memory). Without `use_index` (or without an index) the texts are
    scanned in memory: the path the index must agree with."""
    from jianghua.research import index

    use_index = USE_INDEX if use_index is None else use_index
    key = (Path(lib.folder).resolve(), use_index)
    with _lock:
        now = (*rq.stamp(key[0]), *index.stamp(key[0]))
        cached = _cache.get(key)
        if cached is None or cached.stamp != now:
            _cache.pop(key, None)  # the old corpus's memory is given back before the new is read
            reader = index.open_reader(key[0]) if use_index else None
            cached = _cache[key] = build(lib.db, reader)
            cached.stamp = now
        return cached
