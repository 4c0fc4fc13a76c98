"""Search the library: keyword (BM25 on the tantivy index), semantic (paragraph embeddings) and
hybrid (both, fused by reciprocal rank), with filters, facets, highlights and "more like this".

Results are grouped per speech: a speech's score is its best paragraph's, and each hit carries its
best paragraphs with the offsets of the matched query terms in the paragraph text.

Query syntax: words separated by spaces must all occur (each is a substring test on the character
bigrams, ranked by BM25 on both fields); a longer unspaced run is cut into words by rjieba; text
in quotes ("..." or “...”) must occur as written. Traditional queries are converted to Simplified
first, as the library's text is.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import rjieba
import tantivy

from jianghua.clean.script import to_simplified_line
from jianghua.errors import JianghuaError, LibraryError, NotFound
from jianghua.library import search_index as si
from jianghua.library.store import Library

MODES = ("keyword", "semantic", "hybrid")
FACETS = ("sector", "genre", "scope", "year")
PARAGRAPHS_PER_HIT = 3
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al.)
SEMANTIC_POOL = 200  # paragraphs taken from the vector ranking before grouping
MAX_PER_PAGE = 100
SIMILAR_TERMS = 25  # distinctive words of a speech that make its "more like this" query

# Full- and half-width quotes are the same to the parser.
QUOTE_CHARS = '"“”＂「」『』'
QUOTED = re.compile(f"[{QUOTE_CHARS}]([^{QUOTE_CHARS}]*)[{QUOTE_CHARS}]?")
# Function words dropped from a cut query when other words remain: they only narrow the hits.
STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 把 对 为 将 也 就 都 而 并 等 之 其 这 那 有 中 上 下".split()
)
# Long unspaced runs up to this length are one word (a name, a term) rather than cut by rjieba.
WHOLE_WORD_MAX = 4


class QueryError(JianghuaError):
    """A search request that cannot be answered (bad mode, bad filter value)."""


@dataclass
class ParsedQuery:
    """The query as required pieces: each a lowercased run of word characters."""

    text: str  # the Simplified query
    pieces: list[str] = field(default_factory=list)  # each must occur (as a substring)
    phrases: list[str] = field(default_factory=list)  # the quoted parts, for information

    @property
    def empty(self) -> bool:
        return not self.pieces


def parse_query(query: str) -> ParsedQuery:
    simplified = to_simplified_line(query.strip(), 0)[0] if query.strip() else ""
    parsed = ParsedQuery(simplified)
    rest = []
    last = 0
    for match in QUOTED.finditer(simplified):
        rest.append(simplified[last : match.start()])
        last = match.end()
        phrase = match.group(1)
        parsed.phrases.append(phrase)
        parsed.pieces.extend(run.lower() for run in si.WORD_RUN.findall(phrase))
    rest.append(simplified[last:])
    for chunk in " ".join(rest).split():
        for run in si.WORD_RUN.findall(chunk.lower()):
            if len(run) <= WHOLE_WORD_MAX:
                parsed.pieces.append(run)
                continue
            cut = [w for w in rjieba.cut(run) if si.WORD_RUN.fullmatch(w)]
            kept = [w for w in cut if w not in STOPWORDS] or cut
            parsed.pieces.extend(kept)
    # the same piece twice adds nothing but cost
    parsed.pieces = list(dict.fromkeys(p for p in parsed.pieces if p))
    return parsed


# -- tantivy queries ---------------------------------------------------------------------------


def _piece_query(schema, piece: str) -> tantivy.Query:
    """Must contain `piece`; scored by BM25 on the bigrams and on the rjieba words."""
    Q = tantivy.Query
    if len(piece) == 1:
        escaped = re.escape(piece)
        contains = Q.regex_query(schema, "bigrams", f"{escaped}.?|.{escaped}")
    else:
        grams = si.bigrams(piece)
        contains = (
            Q.term_query(schema, "bigrams", grams[0])
            if len(grams) == 1
            else Q.phrase_query(schema, "bigrams", grams)
        )
    word = Q.boost_query(Q.term_query(schema, "words", piece), 1.5)
    return Q.boolean_query([(tantivy.Occur.Must, contains), (tantivy.Occur.Should, word)])


def _filter_clauses(schema, filters: dict) -> list[tantivy.Query]:
    Q = tantivy.Query
    clauses = []
    for name in (*si.FACET_FIELDS, "role"):
        value = filters.get(name)
        if value in (None, "", []):
            continue
        values = [value] if isinstance(value, str) else [str(v) for v in value]
        clauses.append(
            Q.term_query(schema, name, values[0])
            if len(values) == 1
            else Q.term_set_query(schema, name, values)
        )
    low, high = filters.get("year_from"), filters.get("year_to")
    if low not in (None, "") or high not in (None, ""):
        try:
            low = int(low) if low not in (None, "") else None
            high = int(high) if high not in (None, "") else None
        except (TypeError, ValueError) as exc:
            raise QueryError(f"year_from/year_to must be years, got {low!r}/{high!r}") from exc
        clauses.append(Q.range_query(schema, "year", tantivy.FieldType.Integer, low, high))
    if filters.get("canonical_only", True):
        clauses.append(Q.term_query(schema, "canonical", 1))
    return clauses


def _and(clauses: list[tantivy.Query]) -> tantivy.Query:
    if not clauses:
        return tantivy.Query.all_query()
    if len(clauses) == 1:
        return clauses[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for c in clauses])


def _scored_and_filtered(scored: tantivy.Query, filters: list[tantivy.Query]) -> tantivy.Query:
    """`scored` ranks; the filters only restrict (scored 0)."""
    occurs = [(tantivy.Occur.Must, scored)]
    occurs += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    return tantivy.Query.boolean_query(occurs)


def _keyword_query(schema, parsed: ParsedQuery, minimum: int | None = None) -> tantivy.Query:
    pieces = [_piece_query(schema, p) for p in parsed.pieces]
    if minimum is None:
        return _and(pieces)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, p) for p in pieces], minimum_number_should_match=minimum
    )


# -- the index, opened --------------------------------------------------------------------------


class _Searcher:
    def __init__(self, lib: Library):
        self.lib = lib
        opened = si.open_index(lib.folder / si.FOLDER)
        if opened is None:
            raise LibraryError(
                f"{lib.folder}: no search index (run `jianghua ingest` or `jianghua reindex`)"
            )
        opened.index.reload()
        self.schema = opened.schema
        self.searcher = opened.index.searcher()

    def ranked(self, query: tantivy.Query, limit: int) -> tuple[list[tuple[int, int, float]], int]:
        """Top paragraphs as (speech key, paragraph index, score) and the number matching."""
        result = self.searcher.search(query, limit, count=True)
        addresses = [a for _, a in result.hits]
        keys = self.searcher.fast_field_values("skey", addresses)
        paras = self.searcher.fast_field_values("para", addresses)
        hits = [(k, p, s) for k, p, (s, _) in zip(keys, paras, result.hits, strict=True)]
        return hits, result.count

    def count(self, query: tantivy.Query) -> int:
        return self.searcher.search(query, 1, count=True).count  # tantivy refuses a limit of 0

    def paragraphs_of(self, query: tantivy.Query) -> set[tuple[int, int]]:
        count = self.count(query)
        if not count:
            return set()
        hits, _ = self.ranked(query, count)
        return {(k, p) for k, p, _ in hits}

    def aggregate(self, query: tantivy.Query) -> tuple[int, dict[str, dict]]:
        """Distinct speeches matching and, per facet, speeches per value."""
        speeches = {"cardinality": {"field": "skey"}}
        spec: dict = {"total": speeches}
        for name in FACETS:
            spec[name] = {"terms": {"field": name, "size": 200}, "aggs": {"speeches": speeches}}
        result = self.searcher.aggregate(query, spec)
        facets = {}
        for name in FACETS:
            buckets = result.get(name, {}).get("buckets", [])
            values = {
                str(b["key"] if not isinstance(b["key"], float) else int(b["key"])): int(
                    round(b["speeches"]["value"])
                )
                for b in buckets
            }
            facets[name] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
        return int(round(result["total"]["value"])), facets


# -- grouping and presenting ----------------------------------------------------------------------


def _group(
    ranked: list[tuple[int, int, float]],
) -> list[tuple[int, float, list[tuple[int, float]]]]:
    """Paragraph hits to speeches, best first: (speech key, score, [(paragraph, score)...])."""
    speeches: dict[int, list[tuple[int, float]]] = {}
    for key, para, score in ranked:
        speeches.setdefault(key, []).append((para, score))
    grouped = []
    for key, paras in speeches.items():
        paras.sort(key=lambda ps: -ps[1])
        grouped.append((key, paras[0][1], paras))
    grouped.sort(key=lambda g: (-g[1], -len(g[2]), g[0]))
    return grouped


def highlight(text: str, pieces: list[str]) -> list[list[int]]:
    """[start, end) offsets of every occurrence of the query pieces in `text`, merged."""
    lowered = text.lower()
    spans = []
    for piece in pieces:
        start = lowered.find(piece)
        while start >= 0:
            spans.append((start, start + len(piece)))
            start = lowered.find(piece, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _speech_rows(lib: Library, sids: list[str]) -> dict[str, dict]:
    if not sids:
        return {}
    marks = ",".join("?" * len(sids))
    rows = lib.db.execute(
        f"SELECT id, title, title_source, text, structure, family, canonical FROM speeches"
        f" WHERE id IN ({marks})",
        sids,
    ).fetchall()
    return {r["id"]: dict(r) for r in rows}


def _hit(row: dict, score: float, paras: list[tuple[int, float]], pieces: list[str]) -> dict:
    try:
        structure = json.loads(row["structure"] or "{}")
    except json.JSONDecodeError:
        structure = {}
    if not isinstance(structure, dict):
        structure = {}
    texts = row["text"].split("\n")
    paragraphs = []
    for index, _score in paras[:PARAGRAPHS_PER_HIT]:
        if 0 <= index < len(texts):
            text = texts[index]
            paragraphs.append({"index": index, "text": text, "highlights": highlight(text, pieces)})
    hit = {"id": row["id"], "title": row["title"], "score": round(float(score), 6)}
    # a title the page does not state, derived from the occasion: shown as such, to be checked
    hit["title_derived"] = row.get("title_source") == "occasion"
    for name in ("sector", "genre", "scope", "date", "place"):
        hit[name] = si.meta_value(structure, name)
    hit["occasion"] = si.occasion_of(structure)
    hit["year"] = si.year_of(structure)
    hit["family"] = row["family"]
    hit["canonical"] = bool(row["canonical"])
    hit["paragraphs"] = paragraphs
    return hit


# -- the API --------------------------------------------------------------------------------------


def _rrf(*rankings: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    fused: dict[tuple[int, int], float] = {}
    for ranking in rankings:
        for rank, (key, para, _score) in enumerate(ranking):
            fused[(key, para)] = fused.get((key, para), 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(((k, p, s) for (k, p), s in fused.items()), key=lambda h: -h[2])


def search(
    lib: Library,
    query: str,
    *,
    mode: str = "hybrid",
    filters: dict | None = None,
    page: int = 1,
    per_page: int = 10,
) -> dict:
    """Speeches matching `query` under `filters`, one page of them, with facet counts.

    Returns {"total", "hits": [{"id", "title", "score", "sector", "genre", "date", "place",
    "occasion", "paragraphs": [{"index", "text", "highlights": [[start, end]...]}]}], "facets",
    "mode"}. An empty query lists the speeches under the filters. Hybrid falls back to keyword
    when the library has no embeddings (mode in the result says which ran).
    """
    if mode not in MODES:
        raise QueryError(f"unknown search mode {mode!r} (expected one of {', '.join(MODES)})")
    if page < 1 or per_page < 1:
        raise QueryError("page and per_page start at 1")
    per_page = min(per_page, MAX_PER_PAGE)
    filters = dict(filters or {})
    s = _Searcher(lib)
    parsed = parse_query(query)
    filter_clauses = _filter_clauses(s.schema, filters)
    wanted = page * per_page

    if mode != "keyword" and not parsed.text:
        mode = "keyword"  # nothing to embed: list by filters
    if mode != "keyword":
        from jianghua.library import embeddings

        if not embeddings.available(lib):
            if mode == "semantic":
                raise LibraryError(
                    f"{lib.folder}: no embeddings yet (run `jianghua ingest` without "
                    "--skip embeddings, or `jianghua reindex`)"
                )
            mode = "keyword"

    keyword_ranked: list[tuple[int, int, float]] = []
    keyword_query = None
    if mode in ("keyword", "hybrid"):
        if parsed.empty:
            keyword_query = _and(filter_clauses)
        else:
            keyword_query = _scored_and_filtered(_keyword_query(s.schema, parsed), filter_clauses)
            if len(parsed.pieces) > 1 and not s.count(keyword_query):
                # nothing has every word: rank those with most of them
                relaxed = _keyword_query(s.schema, parsed, math.ceil(len(parsed.pieces) / 2))
                keyword_query = _scored_and_filtered(relaxed, filter_clauses)
        limit = max(200, wanted * 20)
        while True:
            keyword_ranked, count = s.ranked(keyword_query, limit)
            if len(_group(keyword_ranked)) >= wanted or limit >= count:
                break
            limit *= 4

    semantic_ranked: list[tuple[int, int, float]] = []
    if mode in ("semantic", "hybrid"):
        semantic_ranked = _semantic_ranked(s, lib, parsed.text, filter_clauses, wanted)

    if mode == "keyword":
        ranked, scope_query = keyword_ranked, keyword_query
    elif mode == "semantic":
        ranked = semantic_ranked
        scope_query = _speeches_query(s.schema, semantic_ranked, filter_clauses)
    else:
        ranked = _rrf(keyword_ranked, semantic_ranked)
        semantic_scope = _speeches_query(s.schema, semantic_ranked, filter_clauses)
        scope_query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, keyword_query), (tantivy.Occur.Should, semantic_scope)]
        )
    total, facets = s.aggregate(scope_query)
    grouped = _group(ranked)
    total = max(total, len(grouped))
    page_groups = grouped[(page - 1) * per_page : wanted]
    rows = _speech_rows(lib, [si.speech_id(k) for k, _, _ in page_groups])
    hits = [
        _hit(rows[si.speech_id(key)], score, paras, parsed.pieces)
        for key, score, paras in page_groups
        if si.speech_id(key) in rows
    ]
    return {"total": total, "hits": hits, "facets": facets, "mode": mode, "query": parsed.text}


def _speeches_query(schema, ranked, filter_clauses) -> tantivy.Query:
    keys = sorted({k for k, _, _ in ranked})
    if not keys:
        return tantivy.Query.empty_query()
    return _and([tantivy.Query.term_set_query(schema, "skey", keys), *filter_clauses])


def _semantic_ranked(s: _Searcher, lib: Library, text: str, filter_clauses, wanted: int):
    """Paragraphs nearest to the query, filtered, best first: (speech key, paragraph, score)."""
    from jianghua.library import embeddings

    pool = max(SEMANTIC_POOL, wanted * 10)
    k = pool * 2
    while True:  # the ANN index gives the k nearest; filters may need more of them
        found = embeddings.nearest(lib, text, k)
        candidates = found
        if filter_clauses and found:
            keys = sorted({key for key, _, _ in found})
            scope = _and([tantivy.Query.term_set_query(s.schema, "skey", keys), *filter_clauses])
            allowed = s.paragraphs_of(scope)
            candidates = [c for c in found if (c[0], c[1]) in allowed]
        if len(candidates) >= pool or len(found) < k:  # enough, or every paragraph seen
            return candidates[:pool]
        k *= 4


def facets(lib: Library) -> dict:
    """Speeches per sector, genre, scope and year over the canonical speeches of the library."""
    s = _Searcher(lib)
    _total, counts = s.aggregate(_and(_filter_clauses(s.schema, {})))
    return counts


def similar(lib: Library, speech_id: str, limit: int = 10) -> list[dict]:
    """Speeches most like `speech_id` (other families only), best first: [{"id", "title", "score"}].

    By embeddings (cosine of the speeches' mean paragraph vectors) when the library has them,
    else by tantivy's more-like-this over the speech's paragraphs.
    """
    row = lib.db.execute("SELECT id, family FROM speeches WHERE id = ?", (speech_id,)).fetchone()
    if row is None:
        raise NotFound(f"no speech with id {speech_id!r}")
    from jianghua.library import embeddings

    vectors = embeddings.load(lib)
    if vectors is not None and vectors.has(si.speech_key(speech_id)):
        scored = vectors.similar_speeches(si.speech_key(speech_id))
    else:
        scored = _similar_by_terms(lib, speech_id)
    keys = [k for k, _ in scored]
    rows = _speech_rows(lib, [si.speech_id(k) for k in keys])
    out = []
    for key, score in scored:
        other = rows.get(si.speech_id(key))
        if other is None or other["family"] == row["family"] or not other["canonical"]:
            continue
        out.append({"id": other["id"], "title": other["title"], "score": round(float(score), 6)})
        if len(out) >= limit:
            break
    return out


def _similar_by_terms(lib: Library, speech_id: str) -> list[tuple[int, float]]:
    """Speeches sharing the speech's most distinctive words (tf-idf over the words field),
    scored by the sum of their best paragraphs' BM25."""
    s = _Searcher(lib)
    (text,) = lib.db.execute("SELECT text FROM speeches WHERE id = ?", (speech_id,)).fetchone()
    counts: dict[str, int] = {}
    for word in si.words(text):
        if len(word) >= 2:
            counts[word] = counts.get(word, 0) + 1
    docs = max(s.searcher.num_docs, 1)
    weighted = []
    for word, tf in counts.items():
        df = s.searcher.doc_freq("words", word)
        if df:
            weighted.append((tf * math.log(docs / df), word))
    top = [w for _, w in sorted(weighted, reverse=True)[:SIMILAR_TERMS]]
    if not top:
        return []
    Q = tantivy.Query
    query = Q.boolean_query(
        [(tantivy.Occur.Should, Q.term_query(s.schema, "words", w)) for w in top]
    )
    key = si.speech_key(speech_id)
    hits, _ = s.ranked(query, 500)
    scores: dict[int, float] = {}
    for other, paras in ((k, ps) for k, _, ps in _group(hits) if k != key):
        scores[other] = sum(score for _, score in paras[:PARAGRAPHS_PER_HIT])
    return sorted(scores.items(), key=lambda kv: -kv[1])
