"""Full-text index of the library: one tantivy document per paragraph.

Derived from the store (see indexes.py): `update` indexes the speeches that are new or whose
family, canonical flag, title or structure changed since they were indexed, so it resumes after an
interruption and picks up new structure metadata on the next ingest.

Chinese has no spaces, so each paragraph is indexed twice:
- `words`: rjieba search-mode tokens (组织, 党组织 and 基层党组织 for 基层党组织), whitespace-joined;
  gives BM25 a notion of real words.
- `bigrams`: overlapping character bigrams of each run of word characters; any query of two or
  more characters is an exact substring test as a phrase of its bigrams. The marks a formulation
  is written with or without (quotes, 顿号, 间隔号, book-title marks, spaces) do not end a run, so
  一头连着“老” and 不忘初心、牢记使命 hold the phrases 一头连着老 and 不忘初心牢记使命; any other
  punctuation does, so no phrase spans a comma or a full stop (作为，现在 does not hold 作为现).
- `kind`: body, heading (a section heading alone on its line), salutation (同志们：) or short (a
  line under SHORT characters, 谢谢大家！, or up to LINE_MAX without a sentence end: a caption, a
  date, an organisation's name). Semantic search ranks body paragraphs only,
  and keyword search prefers a speech's body paragraph to its heading.

Filter fields (sector, genre, scope, place, role, year, canonical) come from the speech's
`structure` JSON, read defensively: it is {} until the structure stage fills it in.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import rjieba
import tantivy

from jianghua.lexicon import IGNORED
from jianghua.library.store import Library
from jianghua.split.header import is_subtitle
from jianghua.structure.facets import field_values, meta_value, year_of
from jianghua.structure.roles import TRUSTED
from jianghua.structure.roles import paragraph_roles as paragraph_own_roles

FOLDER = "search"
STATE = "state.json"
# Bump when the schema or the analysis changes: an index of another version is rebuilt.
VERSION = 6  # 4: paragraph cues for goals, numbered lead-ins for tasks; 5: speech names;
# 6: place names (a place is a dict of levels: it was never filed) of the place and the region
BATCH = 200  # speeches per commit at least: the unit of resumption
# ... and at most this share of the speeches indexed already: each commit rewrites the whole state
# file, so batches of a fixed size made the writes grow with the square of the library (and a
# commit per 200 speeches of a page of 10^5 short speeches was most of its indexing time).
GROWTH = 8
FETCH = 500  # speeches read from the store per query

FACET_FIELDS = ("sector", "genre", "scope", "place")
WORD_RUN = re.compile(r"[^\W_]+")  # letters, digits and CJK characters; punctuation splits runs
# the lexicon's marks a formulation may carry inside it, and book-title marks and other spaces
TRANSPARENT = IGNORED | frozenset("＂＇《》〈〉\u00a0")
_TRANSPARENT = re.compile("[" + re.escape("".join(sorted(TRANSPARENT))) + "]")
KINDS = ("body", "heading", "salutation", "short")
SHORT = 12  # word characters under which a line is not a paragraph to rank by meaning
LINE_MAX = 24  # ... nor a line up to this many without the end of a sentence in it
_SENTENCE_END = re.compile(r"[。！？；!?;…]")
_ADDRESSEE = re.compile(r"同志|朋友|来宾|代表|老师|同学|各位|尊敬|女士|先生|委员|战友|家长")


# -- analysis --------------------------------------------------------------------------------


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of word characters; a one-character run is kept whole."""
    grams: list[str] = []
    for run in runs(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def runs(text: str) -> list[str]:
    """The runs of word characters of `text`, lowercased, transparent marks skipped."""
    return WORD_RUN.findall(flat_text(text))


def flat_text(text: str) -> str:
    """`text` lowercased without its transparent marks (flat's text, without the offsets)."""
    return _TRANSPARENT.sub("", text.lower())


def flat(text: str) -> tuple[str, list[int]]:
    """`text` lowercased without its transparent marks, and each kept character's offset in
    `text`: a phrase found in the first is a span of the second (for highlighting)."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if ch not in TRANSPARENT:
            for low in ch.lower():  # İ lowers to two characters: both map to its offset
                kept.append(low)
                where.append(i)
    return "".join(kept), where


def paragraph_kind(para: str, heading: bool, salutation: bool) -> str:
    """body, heading, salutation or short (see the module's docstring)."""
    size = sum(len(r) for r in runs(para))
    stripped = para.strip()
    if salutation or (
        size <= 30 and stripped[-1:] in ":：" and _ADDRESSEE.search(stripped) is not None
    ):
        return "salutation"
    if heading:
        return "heading"
    if size < SHORT or (size <= LINE_MAX and not _SENTENCE_END.search(stripped)):
        return "short"  # a fragment, or a line without a sentence: a caption, a title, a name
    return "body"


def speech_name(title: str | None, header_json: str | None) -> str:
    """The speech's name: its title and the subtitles of its header ("乘风破浪，逐梦扬帆" over
    "——在2020学年第二学期开学典礼上的讲话"), one a line; the occasion a writer searches a speech
    by is often only in the subtitle."""
    lines = [title or ""]
    try:
        header = json.loads(header_json) if header_json else []
        lines += [str(text) for _line, text in header if is_subtitle(str(text))]
    except (ValueError, TypeError):
        pass  # a header the store cannot read names nothing
    return "\n".join(x for x in lines if x)


def paragraph_kinds(structure: dict, text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The kind of each paragraph (start, end) of a speech text."""
    headings = {}
    for node in _outline_nodes(structure):
        start, heading = node.get("start"), node.get("heading")
        if isinstance(start, int) and isinstance(heading, str):
            headings[start] = len(heading.strip())
    salutation = structure.get("salutation") if isinstance(structure, dict) else None
    greeting = salutation.get("start") if isinstance(salutation, dict) else None
    kinds = []
    for start, end in spans:
        para = text[start:end]
        lead = len(para) - len(para.lstrip())
        size = headings.get(start + lead, headings.get(start))
        heading = size is not None and len(para.strip()) <= size + 4
        kinds.append(paragraph_kind(para, heading, greeting == start))
    return kinds


def words(text: str) -> list[str]:
    """rjieba search-mode tokens without punctuation and spaces, lowercased."""
    return [w.lower() for w in rjieba.cut_for_search(text) if WORD_RUN.fullmatch(w)]


def speech_key(sid: str) -> int:
    """The 12-hex speech id as an integer, so hits can be grouped from a fast field."""
    return int(sid, 16)


def speech_id(key: int) -> str:
    return f"{key:012x}"


# -- structure -------------------------------------------------------------------------------


# One derivation of facet values for the index and `jianghua facets` (jianghua.structure.facets).
_values = field_values


def place_names(raw) -> list[str]:
    """The names a place filter matches of a place or region field ({"value": {level: name}}, or
    a plain name): each level's name, and without its suffix (杭州市: 杭州市, 杭州)."""
    value = raw.get("value") if isinstance(raw, dict) else raw
    if isinstance(value, dict):
        names = [str(v) for v in value.values() if isinstance(v, str)]
    else:
        names = _values(value)
    out = []
    for name in names:
        out.append(name)
        bare = name[:-1] if len(name) > 2 and name[-1] in "省市县区州盟旗镇乡" else name
        out.append(bare)
    return list(dict.fromkeys(n for n in out if n))


def occasion_of(structure: dict) -> str | None:
    """The occasion as one string: meta "occasion" if it is one, else topic + meeting type
    (the parts a title like 在全市农业农村工作会议上的讲话 is read into), parts joined by 暨."""
    meta = structure.get("meta") if isinstance(structure, dict) else None
    if not isinstance(meta, dict):
        return None
    raw = meta.get("occasion")
    raw = raw.get("value") if isinstance(raw, dict) and "value" in raw else raw
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    parts = raw if isinstance(raw, list) else [None]
    names = []
    for part in parts:
        source = part if isinstance(part, dict) else {}
        topic = source.get("topic") or (meta_value(structure, "topic") if part is None else None)
        kind = source.get("meeting_type") or (
            meta_value(structure, "meeting_type") if part is None else None
        )
        name = f"{topic or ''}{kind or ''}"
        if name:
            names.append(name)
    return "暨".join(names) or None


def _outline_nodes(structure: dict) -> Iterable[dict]:
    outline = structure.get("outline") if isinstance(structure, dict) else None
    stack = list(outline) if isinstance(outline, list) else []
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node
        children = node.get("children")
        if isinstance(children, list):
            stack.extend(children)


def trusted(node: dict) -> bool:
    """Whether a section's role is confident enough to filter by (no confidence: older data)."""
    confidence = node.get("role_confidence")
    return not isinstance(confidence, (int, float)) or confidence >= TRUSTED


def paragraph_roles(structure: dict, spans: list[tuple[int, int]]) -> list[set[str]]:
    """Roles of the outline sections each paragraph (start, end) lies in: the roles of the nodes
    with node start <= paragraph start < node end whose role is trusted (not "other", confidence
    at least TRUSTED).

    Each node's range becomes the run of paragraphs it covers (two bisections over the sorted
    paragraph starts), and one sweep over the paragraphs applies the runs: testing every node
    against every paragraph ran more than 27 minutes on a page of a million one-character <p>
    (issue 14), each of them an outline node."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    starts = [spans[i][0] for i in order]
    events: list[tuple[int, int, str]] = []  # (position in order, +1 opens / -1 closes, role)
    for node in _outline_nodes(structure):
        role, start, end = node.get("role"), node.get("start"), node.get("end")
        if not role or not isinstance(start, int) or not isinstance(end, int):
            continue
        if role == "other" or not trusted(node):
            continue
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        if first < last:
            events += [(first, 1, str(role)), (last, -1, str(role))]
    events.sort(key=lambda e: e[0])
    roles: list[set[str]] = [set() for _ in spans]
    open_count: dict[str, int] = {}
    current: set[str] = set()
    k = 0
    for position, i in enumerate(order):
        if k < len(events) and events[k][0] == position:
            while k < len(events) and events[k][0] == position:
                _, step, role = events[k]
                open_count[role] = open_count.get(role, 0) + step
                k += 1
            current = {role for role, n in open_count.items() if n > 0}
        if current:
            roles[i] = set(current)
    return roles


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each paragraph in the speech text ("\\n"-joined)."""
    spans, pos = [], 0
    for para in text.split("\n"):
        spans.append((pos, pos + len(para)))
        pos += len(para) + 1
    return spans


# -- the index -------------------------------------------------------------------------------


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("sid", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field("skey", stored=False, indexed=True, fast=True)
    b.add_unsigned_field("para", stored=True, indexed=False, fast=True)
    b.add_unsigned_field("canonical", indexed=True, fast=True)
    # phrases are matched on the bigrams; the words only score, so they need no positions
    b.add_text_field("words", tokenizer_name="jh_space", index_option="freq")
    b.add_text_field("bigrams", tokenizer_name="jh_space")
    # the speech's name (title and subtitles, see speech_name) as bigrams, on its first document
    b.add_text_field("name", tokenizer_name="jh_space")
    for name in (*FACET_FIELDS, "role", "kind"):
        b.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", indexed=True, fast=True)
    return b.build()


def _register(index: tantivy.Index) -> None:
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .build()
    )
    index.register_tokenizer("jh_space", analyzer)


def _signature(row) -> str:
    raw = json.dumps(
        [row["canonical"], row["family"], row["title"], row["structure"]], ensure_ascii=False
    )
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


@dataclass
class _Open:
    index: tantivy.Index
    schema: tantivy.Schema
    inode: int  # of the folder: a rebuilt index is a new folder, and is opened anew


_cache: dict[str, _Open] = {}
_cache_lock = threading.Lock()


def open_index(folder: Path, create: bool = False) -> _Open | None:
    """The tantivy index in `folder` (cached per process), or None if there is none."""
    key = str(folder.resolve())
    with _cache_lock:
        exists = (folder / "meta.json").exists()
        hit = _cache.get(key)
        if hit is not None and exists and folder.stat().st_ino == hit.inode:
            return hit
        if not exists and not create:
            return None
        schema = _schema()
        if not create and not os.access(folder, os.W_OK):
            index = tantivy.Index(schema, path=str(_writable_mirror(folder)), reuse=True)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(schema, path=str(folder), reuse=True)
        _register(index)
        opened = _Open(index, schema, folder.stat().st_ino)
        _cache[key] = opened
        return opened


_mirrors: list[str] = []


def _writable_mirror(folder: Path) -> Path:
    """A temporary folder of symbolic links to the index files of a folder this process cannot
    write (a library on a read-only share or USB stick). tantivy's reader takes a lock file
    (.tantivy-meta.lock) beside meta.json even to read; here it takes it in the mirror, and every
    index file is read where it lies (nothing is copied)."""
    mirror = Path(tempfile.mkdtemp(prefix="jianghua-search-ro-"))
    if not _mirrors:
        atexit.register(lambda: [shutil.rmtree(m, ignore_errors=True) for m in _mirrors])
    _mirrors.append(str(mirror))
    for entry in folder.iterdir():
        if not entry.name.endswith(".lock"):
            (mirror / entry.name).symlink_to(entry.resolve())
    return mirror


def forget(folder: Path) -> None:
    with _cache_lock:
        _cache.pop(str(folder.resolve()), None)


class SearchIndex:
    """The full-text derived index (name "search" for --skip)."""

    name = "search"

    def __init__(self, lib: Library):
        self.lib = lib
        self.folder = lib.folder / FOLDER
        self.state_path = self.folder / STATE

    # -- state: which version of each speech is indexed ------------------------------------

    def _state(self) -> dict[str, str]:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        if state.get("version") != VERSION:
            return {}
        return state.get("speeches", {})

    def _save_state(self, speeches: dict[str, str]) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": VERSION, "speeches": speeches}), encoding="utf-8")
        os.replace(tmp, self.state_path)

    def _store_signatures(self) -> dict[str, str]:
        rows = self.lib.db.execute("SELECT id, canonical, family, title, structure FROM speeches")
        return {r["id"]: _signature(r) for r in rows}

    def _diff(self) -> tuple[dict[str, str], list[str], list[str]]:
        """(store signatures, ids to (re)index, ids to drop)."""
        store = self._store_signatures()
        state = self._state() if (self.folder / "meta.json").exists() else {}
        todo = [sid for sid, sig in store.items() if state.get(sid) != sig]
        gone = [sid for sid in state if sid not in store]
        return store, todo, gone

    def pending(self) -> int:
        _store, todo, gone = self._diff()
        return len(todo) + len(gone)

    # -- building --------------------------------------------------------------------------

    def _documents(self, row) -> list[tantivy.Document]:
        structure = json.loads(row["structure"] or "{}")
        if not isinstance(structure, dict):
            structure = {}
        text = row["text"]
        spans = paragraph_spans(text)
        roles = paragraph_roles(structure, spans)
        kinds = paragraph_kinds(structure, text, spans)
        meta = structure.get("meta") if isinstance(structure.get("meta"), dict) else {}
        facets = {name: _values(meta.get(name)) for name in FACET_FIELDS if name != "place"}
        facets["place"] = place_names(meta.get("place")) + place_names(meta.get("region"))
        year = year_of(structure)
        key, canonical = speech_key(row["id"]), int(bool(row["canonical"]))
        docs = []
        name = speech_name(row["title"], row["header"])
        for i, (start, end) in enumerate(spans):
            para = text[start:end]
            if not para.strip():
                continue
            doc = tantivy.Document()
            if not docs and name:
                doc.add_text("name", " ".join(bigrams(name)))
            doc.add_text("sid", row["id"])
            doc.add_unsigned("skey", key)
            doc.add_unsigned("para", i)
            doc.add_unsigned("canonical", canonical)
            doc.add_text("words", " ".join(words(para)))
            doc.add_text("bigrams", " ".join(bigrams(para)))
            for name, values in facets.items():
                for value in values:
                    doc.add_text(name, value)
            for role in sorted(roles[i] | paragraph_own_roles(para)):
                doc.add_text("role", role)
            doc.add_text("kind", kinds[i])
            if year is not None:
                doc.add_integer("year", year)
            docs.append(doc)
        return docs

    def _rows(self, ids: list[str]) -> Iterable:
        for start in range(0, len(ids), FETCH):
            chunk = ids[start : start + FETCH]
            marks = ",".join("?" * len(chunk))
            yield from self.lib.db.execute(
                "SELECT id, canonical, family, title, text, structure, (SELECT header FROM"
                " occurrences WHERE speech_id = speeches.id ORDER BY source_id, ordinal LIMIT 1)"
                f" AS header FROM speeches WHERE id IN ({marks})",
                chunk,
            ).fetchall()

    def update(self, on_progress: Callable[[int], None] | None = None) -> int:
        store, todo, gone = self._diff()
        if not todo and not gone:
            return 0
        state = self._state()
        if not state:  # a fresh index, an outdated one, or a first batch cut short: start clean
            self._reset()
        opened = open_index(self.folder, create=True)
        writer = opened.index.writer(heap_size=64_000_000, num_threads=1)
        try:
            for sid in gone:
                writer.delete_documents_by_term("sid", sid)
                state.pop(sid, None)
            start = 0
            while start < len(todo):
                batch = todo[start : start + max(BATCH, len(state) // GROWTH)]
                start += len(batch)
                indexed = []
                for row in self._rows(batch):
                    if row["id"] in state:
                        writer.delete_documents_by_term("sid", row["id"])
                    for doc in self._documents(row):
                        writer.add_document(doc)
                    indexed.append(row["id"])
                writer.commit()
                for sid in indexed:
                    state[sid] = store[sid]
                self._save_state(state)
                if on_progress:
                    on_progress(len(batch))
            if gone and not todo:
                writer.commit()
                self._save_state(state)
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        opened.index.reload()
        return len(todo)

    def _reset(self) -> None:
        """Drop the index folder: its schema may be another version's. It is renamed aside first
        and then deleted, so that a reset killed half-way leaves either the whole old index or
        none (a half-deleted folder kept its state file and claimed speeches it no longer held)."""
        forget(self.folder)
        aside = self.folder.with_name(f".{self.folder.name}.old")
        if aside.exists():
            shutil.rmtree(aside)
        if self.folder.exists():
            os.replace(self.folder, aside)
            shutil.rmtree(aside)
        self.folder.mkdir(parents=True)
        self._save_state({})

    def rebuild(self, on_progress: Callable[[int], None] | None = None) -> int:
        self._reset()
        return self.update(on_progress)

    def verify(self) -> list[str]:
        problems = []
        store, todo, gone = self._diff()
        if todo:
            problems.append(f"search: {len(todo)} speeches not indexed or out of date")
        if gone:
            problems.append(f"search: {len(gone)} indexed speeches no longer in the store")
        opened = open_index(self.folder)
        if opened is None:
            return problems or ([] if not store else ["search: no index"])
        opened.index.reload()
        expected = sum(
            1
            for (text,) in self.lib.db.execute("SELECT text FROM speeches")
            for para in text.split("\n")
            if para.strip()
        )
        indexed = opened.index.searcher().num_docs
        if not todo and not gone and indexed != expected:
            problems.append(f"search: {indexed} paragraphs indexed, the store has {expected}")
        return problems
