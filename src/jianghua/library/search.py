"""Search the library: keyword (BM25 on the tantivy index), semantic (paragraph embeddings) and
hybrid (keyword and e5 rankings fused), with filters, facets, highlights and "more like this".

Results are grouped per speech: a speech's score is its best paragraph's, and each hit carries its
best paragraphs with the offsets of the matched query terms in the paragraph text.

Query syntax and what the search does with it (every change it makes is said in `notices`):
- words separated by spaces must all occur in the speech (speeches holding them all in one
  paragraph rank first); when no speech holds them all, speeches holding most of them are shown,
  ranked by how many they hold, and the words the library lacks are named;
- text in quotes ("..." or “...”) must occur as written, ignoring quotation marks, 顿号 and spaces
  inside it but never across other punctuation; a known 提法 of the lexicon is matched the same
  way, and a semantic neighbour that lacks it never ranks above a paragraph that holds it;
- an unspaced run is one term when the library holds it as written (高质量发展), else it is cut
  into words (rjieba) and the question and function words are dropped (如何, 怎么, 的…);
- an abbreviation of the lexicon finds its full form and back (关工委 ↔ 关心下一代工作委员会);
- a term the library lacks that differs by one character from one it holds is searched corrected
  (关心下一带 → 关心下一代), and said so;
- semantic matches are body paragraphs whose cosine to the query reaches the tier's stated cutoff
  (a floor, and a margin below the best paragraph); the total counts the speeches matched that
  way, the same on every page.
Traditional queries are converted to Simplified first, as the library's text is.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import rjieba
import tantivy

from jianghua.clean.script import to_simplified_line
from jianghua.errors import JianghuaError, LibraryError, NotFound
from jianghua.labels import meta_text
from jianghua.library import search_index as si
from jianghua.library.store import Library

MODES = ("keyword", "semantic", "hybrid")
FACETS = ("sector", "genre", "scope", "year")
PARAGRAPHS_PER_HIT = 3
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al.)
MAX_PER_PAGE = 100
SIMILAR_TERMS = 25  # distinctive words of a speech that make its "more like this" query
# A paragraph matches the query by meaning when its cosine reaches the tier's floor and lies
# within the tier's margin of the best paragraph's. e5's cosines are compressed (0.78-0.92 for
# nearly every paragraph and query), so no absolute value separates matches: on the judged
# queries of tests/search/relevance the margins keep 85 % of the grade-2 paragraphs of the top
# 1000 (e5 0.03, the fast tier 0.08; bench/relevance.py --cutoffs prints the table).
SEMANTIC_CUTOFF = {"e5": 0.85, "fast": 0.66}
SEMANTIC_MARGIN = {"e5": 0.03, "fast": 0.08}
# ... and reaches at least as far as the 30th nearest paragraph: e5 ranks a query worded as a
# title (开学典礼讲话) 0.92 against the paragraph that says it and 0.88-0.89 against the other
# speeches of that occasion, so the margin alone kept two paragraphs (title queries: semantic
# nDCG@10 0.62 -> 0.70, hybrid 0.74 -> 0.77; 20 and 40 measured the same)
SEMANTIC_AT_LEAST = 30
SEMANTIC_MAX = 2000  # paragraphs read from the vector index at most to count the matches
SEMANTIC_FIRST = 200  # read first: enough when the cutoff falls among them
HYBRID_POOL = 100  # paragraphs of each ranking the hybrid reranks by e5
# weights of the keyword rank and of the e5 rank in the hybrid's reciprocal rank fusion
HYBRID_WEIGHTS = (1.0, 1.0)
# ... the keyword rank's weight when no speech holds every word (a description, a question):
# speeches holding some of the words are weak evidence next to the meaning of the whole
PARTIAL_KEYWORD_WEIGHT = 0.25
# A heading, salutation or short line counts this share of its score when its speech's best
# paragraph is chosen: the body paragraph under a heading is the material, not the heading.
NOT_BODY_WEIGHT = 0.5
# Paragraphs the rarest word of a query may occur in for the speeches of each word to be listed
# (the all-words-in-the-speech match); above it, all words in one paragraph.
SPEECH_MATCH_MAX = 20_000
MAX_TERMS = 10  # words of a query the keyword search uses at most
CORRECTION_MAX = 8  # characters: a longer run is a phrase, cut into words rather than corrected
CORRECTION_MIN = 2  # occurrences of the corrected form for a one-character correction
CORRECTION_FETCH = 100  # paragraphs read to find the corrections of one position

ROLE_LABELS = {
    "review": "回顾",
    "problems": "问题",
    "situation": "形势",
    "goals": "目标",
    "tasks": "任务",
    "guarantee": "保障",
}
# A role may be given by its Chinese name too (--role 任务).
ROLE_NAMES = {
    **{v: k for k, v in ROLE_LABELS.items()},
    "成绩": "review",
    "成效": "review",
    "不足": "problems",
    "差距": "problems",
    "意义": "situation",
    "思路": "goals",
    "要求": "goals",
    "部署": "tasks",
    "措施": "tasks",
}
FACET_LABELS = {"sector": "领域", "genre": "文种", "scope": "层级", "place": "地点"}

# Full- and half-width quotes are the same to the parser.
QUOTE_CHARS = '"“”＂「」『』'
QUOTED = re.compile(f"[{QUOTE_CHARS}]([^{QUOTE_CHARS}]*)[{QUOTE_CHARS}]?")
# Function words dropped from a cut query when other words remain: they only narrow the hits.
STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 把 对 为 将 也 就 都 而 并 等 之 其 这 那 有 中 上 下 地 得 着 个 要 去 做".split()
)
# Question and request words: what the user asks, not what the paragraph says.
QUESTION_WORDS = frozenset(
    "如何 怎么 怎样 怎么样 怎么办 为什么 为何 什么 哪些 哪个 哪里 是否 能否 有没有 吗 呢 吧 请问"
    " 讲 谈 谈谈 讲讲 说说 关于 有关 介绍 一下 应该 应当 需要 可以".split()
)
# Words naming the kind of text: a speech's body seldom says 讲话, so in a query with other words
# they are sought in titles only (在全市关工委工作会议上的讲话, 开学典礼讲话).
GENRE_WORDS = frozenset("讲话 发言 致辞 讲稿 报告 讲话稿 发言稿 致词 演讲 全文 范文".split())
_QUESTION_WORDS_LONGEST_FIRST = tuple(sorted(QUESTION_WORDS, key=len, reverse=True))
# Long unspaced runs up to this length are one word (a name, a term) rather than cut by rjieba.
WHOLE_WORD_MAX = 4
# A year in a query (政府工作报告 2017, 2017年) names the speech's year more often than a number
# its text must repeat: a report seldom writes its own year in full.
YEAR = re.compile(r"(19[4-9][0-9]|20[0-9][0-9])年?")


class QueryError(JianghuaError):
    """A search request that cannot be answered (bad mode, bad filter value)."""


@dataclass
class Term:
    """One thing the query asks for: any of `variants` (flat text: lowercased, transparent marks
    removed) must occur. `exact`: quoted or a 提法, so a semantic neighbour never outranks it."""

    text: str
    variants: list[str]
    exact: bool = False
    whole: str | None = None  # an unspaced run this term was cut from (its words: `parts`)
    parts: list[Term] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # words left out of `parts`
    optional: bool = False  # a genre word (讲话): matched in titles, not required of the text
    year: int | None = None  # a year (2017): also met by every paragraph of a speech of that year


@dataclass
class ParsedQuery:
    """The query as terms; `dropped` are the question and function words left out."""

    text: str  # the Simplified query
    terms: list[Term] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # the quoted parts, for information
    dropped: list[str] = field(default_factory=list)
    only_punctuation: bool = False

    @property
    def pieces(self) -> list[str]:
        """Every string a term may match (for highlighting)."""
        out = []
        for term in self.terms:
            out += term.variants
            for part in term.parts:
                out += part.variants
        return list(dict.fromkeys(p for p in out if p))

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def exact(self) -> bool:
        return any(t.exact for t in self.terms)


def _lexicon(lib: Library | None):
    from jianghua import lexicon

    try:
        return lexicon.load(lib.folder if lib is not None else None)
    except lexicon.LexiconError:
        return lexicon.shipped()  # a broken library table: the shipped one, not a failed search


def _variants(lex, text: str) -> list[str]:
    """`text` and, when it is an abbreviation of the lexicon or the full form of one, the other
    forms of its group (关工委 ↔ 关心下一代工作委员会)."""
    flat = "".join(si.runs(text))
    entry = lex.get(text)
    if entry is None:
        return [flat]
    short = [e.term for e in lex.entries.values() if e.group == entry.group and e.kind == "简称"]
    if not short:
        return [flat]
    forms = ["".join(si.runs(t)) for t in (text, *short, entry.group)]
    return [f for f in dict.fromkeys(forms) if f]


def _cut(run: str, lex, dropped: list[str]) -> list[Term]:
    """The words of an unspaced run: 提法 of the lexicon kept whole, question and function words
    dropped, one-character words dropped when longer ones remain."""
    hits = lex.find(run)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for hit in hits:
        if hit.end - hit.start < 3:
            continue
        pieces += [(w, False) for w in rjieba.cut(run[last : hit.start])]
        pieces.append((run[hit.start : hit.end], True))
        last = hit.end
    pieces += [(w, False) for w in rjieba.cut(run[last:])]
    words = []
    for word, known in pieces:
        if not known and (word in QUESTION_WORDS or word in STOPWORDS):
            dropped.append(word)
            continue
        if si.WORD_RUN.fullmatch(word):
            words.append((word, known))
    if any(len(w) > 1 for w, _ in words):
        for w, _ in words:
            if len(w) == 1:
                dropped.append(w)
        words = [(w, k) for w, k in words if len(w) > 1]
    return [_word_term(lex, w, k) for w, k in words]


def _word_term(lex, word: str, known: bool) -> Term:
    if YEAR.fullmatch(word) and word.isdigit():
        return Term(word, [word], year=int(word))
    return Term(word, _variants(lex, word), exact=known, optional=word in GENRE_WORDS)


def _strip_question(run: str, dropped: list[str]) -> str:
    """`run` without question words at its ends (如何做好关心下一代工作 → 做好关心下一代工作)."""
    changed = True
    while changed and run:
        changed = False
        for word in _QUESTION_WORDS_LONGEST_FIRST:
            if run.startswith(word) and len(run) > len(word):
                dropped.append(word)
                run, changed = run[len(word) :], True
            elif run.endswith(word) and len(run) > len(word):
                dropped.append(word)
                run, changed = run[: -len(word)], True
    return run


def parse_query(query: str, lib: Library | None = None) -> ParsedQuery:
    simplified = to_simplified_line(query.strip(), 0)[0] if query.strip() else ""
    parsed = ParsedQuery(simplified)
    lex = _lexicon(lib)
    rest = []
    last = 0
    for match in QUOTED.finditer(simplified):
        rest.append(simplified[last : match.start()])
        last = match.end()
        phrase = match.group(1)
        parsed.phrases.append(phrase)
        for run in si.runs(phrase):
            parsed.terms.append(Term(run, [run], exact=True))
    rest.append(simplified[last:])
    for chunk in " ".join(rest).split():
        for run in si.runs(chunk):
            if run in QUESTION_WORDS or (run in STOPWORDS and len(run) == 1):
                parsed.dropped.append(run)
                continue
            if year := YEAR.fullmatch(run):
                digits = year.group(1)
                parsed.terms.append(Term(digits, [digits], year=int(digits)))
                continue
            known = run in lex
            if known or len(run) <= WHOLE_WORD_MAX:
                genre = run in GENRE_WORDS
                parsed.terms.append(Term(run, _variants(lex, run), exact=known, optional=genre))
                continue
            stripped = _strip_question(run, parsed.dropped)
            if stripped in lex or len(stripped) <= WHOLE_WORD_MAX:
                parsed.terms.append(Term(stripped, _variants(lex, stripped), exact=stripped in lex))
                continue
            left_out: list[str] = []
            parts = _cut(stripped, lex, left_out)
            parsed.terms.append(
                Term(stripped, [stripped], whole=stripped, parts=parts, dropped=left_out)
            )
    # the same term twice adds nothing but cost
    seen: dict[str, Term] = {}
    for term in parsed.terms:
        seen.setdefault(term.text, term)
    parsed.terms = list(seen.values())
    parsed.only_punctuation = bool(simplified.strip()) and not parsed.terms and not parsed.dropped
    return parsed


# -- tantivy queries ---------------------------------------------------------------------------

Q = tantivy.Query
MUST, SHOULD = tantivy.Occur.Must, tantivy.Occur.Should


def _contains(schema, flat: str, field: str = "bigrams") -> tantivy.Query:
    """Paragraphs holding `flat` (a run of word characters) as written: a phrase of its bigrams
    (in the paragraph's text, or with `field` "name" in the speech's name)."""
    if len(flat) == 1:
        escaped = re.escape(flat)
        return Q.regex_query(schema, field, f"{escaped}.?|.{escaped}")
    grams = si.bigrams(flat)
    return (
        Q.term_query(schema, field, grams[0])
        if len(grams) == 1
        else (Q.phrase_query(schema, field, grams))
    )


def _term_query(schema, term: Term) -> tantivy.Query:
    """Must hold one of the term's variants; scored by BM25 on the bigrams and the rjieba words."""
    contains = [_contains(schema, v) for v in term.variants]
    if term.year is not None:
        contains.append(Q.term_query(schema, "year", term.year))
    must = contains[0] if len(contains) == 1 else Q.boolean_query([(SHOULD, c) for c in contains])
    words = [(SHOULD, Q.boost_query(Q.term_query(schema, "words", v), 1.5)) for v in term.variants]
    return Q.boolean_query([(MUST, must), *words])


def _role(value: str) -> str:
    role = ROLE_NAMES.get(value.strip(), value.strip())
    if role not in ROLE_LABELS:
        choices = "、".join(f"{k}（{v}）" for k, v in ROLE_LABELS.items())
        raise QueryError(f"没有“{value}”这种段落角色；可选：{choices}")
    return role


def _filter_clauses(schema, filters: dict) -> list[tantivy.Query]:
    clauses = []
    for name in (*si.FACET_FIELDS, "role"):
        value = filters.get(name)
        if value in (None, "", []):
            continue
        values = [value] if isinstance(value, str) else [str(v) for v in value]
        if name == "role":
            values = [_role(v) for v in values]
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
            raise QueryError(f"起止年份应为年份，而不是 {low!r}/{high!r}") from exc
        clauses.append(Q.range_query(schema, "year", tantivy.FieldType.Integer, low, high))
    if filters.get("canonical_only", True):
        clauses.append(Q.term_query(schema, "canonical", 1))
    return clauses


def _and(clauses: list[tantivy.Query]) -> tantivy.Query:
    if not clauses:
        return Q.all_query()
    if len(clauses) == 1:
        return clauses[0]
    return Q.boolean_query([(MUST, c) for c in clauses])


def _scored_and_filtered(scored: tantivy.Query, filters: list[tantivy.Query]) -> tantivy.Query:
    """`scored` ranks; the filters only restrict (scored 0)."""
    occurs = [(MUST, scored)]
    occurs += [(MUST, Q.const_score_query(f, 0.0)) for f in filters]
    return Q.boolean_query(occurs)


def _in_speeches(schema, keys) -> tantivy.Query:
    keys = sorted(keys)
    return Q.term_set_query(schema, "skey", keys) if keys else Q.empty_query()


def _keyword_query(schema, parsed: ParsedQuery, minimum: int | None = None) -> tantivy.Query:
    """Every term of the parsed query in one paragraph (or at least `minimum` of them), without
    consulting the library (a long run is taken as its words): for benchmarks of the raw index."""
    terms = [p for t in parsed.terms for p in (t.parts or [t])]
    queries = [_term_query(schema, t) for t in terms]
    if minimum is None:
        return _and(queries)
    return Q.boolean_query([(SHOULD, q) for q in queries], minimum_number_should_match=minimum)


def _rrf(*rankings: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    fused: dict[tuple[int, int], float] = {}
    for ranking in rankings:
        for rank, (key, para, _score) in enumerate(ranking):
            fused[(key, para)] = fused.get((key, para), 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(((k, p, s) for (k, p), s in fused.items()), key=lambda h: -h[2])


# -- the index, opened --------------------------------------------------------------------------


KEY_SPAN = 1 << 48  # speech keys are 12-hex ids (search_index.speech_key)


@dataclass
class _SpeechTable:
    """Per speech of one index generation: its facet values (as indexed), and the speeches
    under each speech-level filter asked so far. Facet counts and speech filters are then set
    operations in memory instead of aggregations over every paragraph of the matched speeches.

    keys: the speech keys, sorted; per facet, (values, speech positions, value positions): one
    entry per (speech, value) pair, a speech having several values of a facet or none."""

    generation: tuple
    keys: np.ndarray
    facets: dict[str, tuple[list[str], np.ndarray, np.ndarray]]
    under: dict[str, set[int]] = field(default_factory=dict)
    # per speech, its headings, salutations and short lines (None until first asked)
    minor: dict[int, set[int]] | None = None

    @classmethod
    def of(cls, generation: tuple, values: dict[int, dict[str, tuple[str, ...]]]):
        keys = np.array(sorted(values), dtype=np.uint64)
        facets = {}
        for name in FACETS:
            names: dict[str, int] = {}
            speeches, codes = [], []
            for i, key in enumerate(keys.tolist()):
                for value in values[key][name]:
                    speeches.append(i)
                    codes.append(names.setdefault(value, len(names)))
            facets[name] = (list(names), np.array(speeches, np.int64), np.array(codes, np.int64))
        return cls(generation, keys, facets)

    def counts(self, keys) -> dict[str, dict[str, int]]:
        """Per facet, the speeches of `keys` per value, most first."""
        wanted = np.fromiter(keys, dtype=np.uint64, count=len(keys))
        mask = np.zeros(len(self.keys), dtype=bool)
        if len(self.keys) and len(wanted):
            at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
            mask[at[self.keys[at] == wanted]] = True
        out = {}
        for name, (names, speeches, codes) in self.facets.items():
            tally = np.bincount(codes[mask[speeches]], minlength=len(names))
            found = {names[i]: int(n) for i, n in enumerate(tally.tolist()) if n}
            out[name] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
        return out


_tables: dict[str, _SpeechTable] = {}
BUCKET_LIMIT = 65_000  # tantivy's: _Searcher._buckets splits a larger aggregation
BUCKETS = BUCKET_LIMIT  # speeches asked per aggregation


def _facet_key(key) -> str:
    return str(int(key) if isinstance(key, float) else key)


class _Searcher:
    def __init__(self, lib: Library):
        self.lib = lib
        folder = lib.folder / si.FOLDER
        opened = si.open_index(folder)
        if opened is None:
            raise LibraryError(
                f"{lib.folder}：还没有检索索引（请运行 jianghua ingest 或 jianghua reindex）"
            )
        opened.index.reload()
        self.schema = opened.schema
        self.searcher = opened.index.searcher()
        meta = (folder / "meta.json").stat()
        # a commit rewrites meta.json: the table of an older generation is stale
        self.generation = (str(folder.resolve()), meta.st_ino, meta.st_mtime_ns, meta.st_size)
        self.names: dict[str, set[int]] = {}  # per term: the speeches named by it
        self._table: _SpeechTable | None = None

    def _buckets(self, query: tantivy.Query, spec: dict, low: int = 0, high: int = KEY_SPAN):
        """Buckets of a terms aggregation over "skey" (`spec`, named "k") for the speeches with
        keys in [low, high): split in halves while tantivy's bucket limit refuses the range."""
        clause = query
        if (low, high) != (0, KEY_SPAN):
            keys = Q.range_query(self.schema, "skey", tantivy.FieldType.Unsigned, low, high - 1)
            clause = _and([query, keys])
        try:
            result = self.searcher.aggregate(clause, spec)
            found = result.get("k", {})
            # more speeches than "size" are reported as left out, more buckets than the limit
            # refused: either way the range is halved
            refused = bool(found.get("sum_other_doc_count"))
        except ValueError as exc:
            if "bucket limit" not in str(exc) or high - low < 2:
                raise
            refused = True
        if not refused or high - low < 2:
            return found.get("buckets", [])
        mid = (low + high) // 2
        return self._buckets(query, spec, low, mid) + self._buckets(query, spec, mid, high)

    def speeches_of(self, query: tantivy.Query) -> set[int]:
        """The speeches with a paragraph matching `query` (an aggregation over the speech key:
        no paragraph is scored or read)."""
        spec = {"k": {"terms": {"field": "skey", "size": BUCKETS}}}
        return {int(b["key"]) for b in self._buckets(query, spec)}

    def table(self) -> _SpeechTable:
        if self._table is None:
            table = _tables.get(self.generation[0])
            if table is None or table.generation != self.generation:
                spec = {
                    "k": {
                        "terms": {"field": "skey", "size": BUCKETS},
                        "aggs": {n: {"terms": {"field": n, "size": 50}} for n in FACETS},
                    }
                }
                values = {}
                for bucket in self._buckets(Q.all_query(), spec):
                    values[int(bucket["key"])] = {
                        n: tuple(_facet_key(b["key"]) for b in bucket.get(n, {}).get("buckets", []))
                        for n in FACETS
                    }
                table = _tables[self.generation[0]] = _SpeechTable.of(self.generation, values)
            self._table = table
        return self._table

    def facet_counts(self, keys) -> dict[str, dict[str, int]]:
        """Per facet, the speeches of `keys` per value, most first."""
        return self.table().counts(keys)

    def under(self, filters: dict) -> set[int] | None:
        """The speeches under the speech-level filters (every filter but role), kept for the
        index generation; None when there are none."""
        speech_level = {k: v for k, v in filters.items() if k != "role"}
        clauses = _filter_clauses(self.schema, speech_level)
        if not clauses:
            return None
        table = self.table()
        key = json.dumps(speech_level, sort_keys=True, ensure_ascii=False, default=str)
        found = table.under.get(key)
        if found is None:
            if len(table.under) >= 64:
                table.under.clear()
            found = table.under[key] = self.speeches_of(_and(clauses))
        return found

    def ranked(self, query: tantivy.Query, limit: int) -> tuple[list[tuple[int, int, float]], int]:
        """Top paragraphs as (speech key, paragraph index, score) and the number matching."""
        result = self.searcher.search(query, max(limit, 1), count=True)
        addresses = [a for _, a in result.hits]
        keys = self.searcher.fast_field_values("skey", addresses)
        paras = self.searcher.fast_field_values("para", addresses)
        hits = [(k, p, s) for k, p, (s, _) in zip(keys, paras, result.hits, strict=True)]
        return hits, result.count

    def count(self, query: tantivy.Query) -> int:
        return self.searcher.search(query, 1, count=True).count  # tantivy refuses a limit of 0

    def paragraphs_of(self, query: tantivy.Query) -> set[tuple[int, int]]:
        """(speech key, paragraph index) of the paragraphs matching `query`, by aggregation."""
        spec = {
            "k": {
                "terms": {"field": "skey", "size": BUCKETS},
                # a speech's paragraphs are far fewer than the limit: only the speeches split
                "aggs": {"p": {"terms": {"field": "para", "size": BUCKET_LIMIT}}},
            }
        }
        return {
            (int(b["key"]), int(p["key"]))
            for b in self._buckets(query, spec)
            for p in b["p"]["buckets"]
        }

    def enough(self, query: tantivy.Query, speeches: int) -> list[tuple[int, int, float]]:
        """Ranked paragraphs of `query`, as many as it takes to cover `speeches` speeches."""
        limit = max(200, speeches * 20)
        while True:
            ranked, count = self.ranked(query, limit)
            if len({k for k, _, _ in ranked}) >= speeches or limit >= count:
                return ranked
            limit *= 4

    def not_body(self, keys) -> set[tuple[int, int]]:
        """Headings, salutations and short lines of the speeches `keys` (keyword weighing, the
        semantic side and the hybrid all ask): from the table of the index generation, listed
        once per process (a lookup per search cost 17 ms a query at 1 M paragraphs)."""
        table = self.table()
        if table.minor is None:
            kinds = Q.term_set_query(self.schema, "kind", [k for k in si.KINDS if k != "body"])
            minor: dict[int, set[int]] = {}
            for key, para in self.paragraphs_of(kinds):
                minor.setdefault(key, set()).add(para)
            table.minor = minor
        return {(key, para) for key in keys for para in table.minor.get(key, ())}


def _paragraph_texts(lib: Library, pairs) -> dict[tuple[int, int], str]:
    by_speech: dict[int, set[int]] = {}
    for key, para in pairs:
        by_speech.setdefault(key, set()).add(para)
    rows = _speech_rows(lib, [si.speech_id(k) for k in by_speech])
    out = {}
    for key, paras in by_speech.items():
        row = rows.get(si.speech_id(key))
        if row is None:
            continue
        texts = row["text"].split("\n")
        for para in paras:
            if 0 <= para < len(texts):
                out[(key, para)] = texts[para]
    return out


# -- query understanding against the library ---------------------------------------------------

WHOLE_IF_HELD_MAX = 6  # an unspaced run up to this length is one term when the library holds it


def _correct(s: _Searcher, text: str) -> str | None:
    """The form differing from `text` in one character that the library holds most often (at
    least CORRECTION_MIN times), or None: the paragraphs holding the rest of the term are read
    and the character at the changed place collected."""
    if not 3 <= len(text) <= CORRECTION_MAX:
        return None
    counts: dict[str, int] = {}
    for i in range(len(text)):
        left, right = text[:i], text[i + 1 :]
        parts = [x for x in (left, right) if len(x) >= 2]
        if not parts:
            continue  # one character on each side: too little to go on
        hits, _ = s.ranked(_and([_contains(s.schema, x) for x in parts]), CORRECTION_FETCH)
        texts = list(_paragraph_texts(s.lib, [(k, p) for k, p, _ in hits]).values())
        # the speeches' names too: a word a library holds once in a text may also be a title's
        # (坚持社会主义，防止和平演变 over the one paragraph saying 和平演变)
        named, _ = s.ranked(_and([_contains(s.schema, x, "name") for x in parts]), CORRECTION_FETCH)
        texts += _speech_names(s.lib, {k for k, _, _ in named})
        pattern = re.compile(re.escape(left) + r"([^\W_])" + re.escape(right))
        for para in texts:
            for m in pattern.finditer(si.flat_text(para)):
                if m.group(1) != text[i]:
                    form = left + m.group(1) + right
                    counts[form] = counts.get(form, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda f: counts[f])
    return best if counts[best] >= CORRECTION_MIN else None


def _speech_names(lib: Library, keys) -> list[str]:
    """The names (title and subtitles: search_index.speech_name) of the speeches `keys`."""
    ids = [si.speech_id(k) for k in sorted(keys)]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = lib.db.execute(
        "SELECT title, (SELECT header FROM occurrences WHERE speech_id = speeches.id"
        " ORDER BY source_id, ordinal LIMIT 1) AS header FROM speeches"
        f" WHERE id IN ({marks})",
        ids,
    ).fetchall()
    return [si.speech_name(r["title"], r["header"]) for r in rows]


def _held(s: _Searcher, term: Term) -> int:
    return s.count(_term_query(s.schema, term))


def _rejoined(s: _Searcher, term: Term) -> list[Term]:
    """The parts of a run with its years and genre words as they are and each stretch of words
    between them one term when the run holds it unbroken and so does the library."""
    out: list[Term] = []
    stretch: list[Term] = []

    def close():
        joined = "".join(p.text for p in stretch)
        if len(stretch) > 1 and len(joined) <= WHOLE_IF_HELD_MAX and joined in term.whole:
            candidate = Term(joined, [joined])
            if _held(s, candidate):
                out.append(candidate)
                stretch.clear()
                return
        out.extend(stretch)
        stretch.clear()

    for part in term.parts:
        if part.optional or part.year is not None:
            close()
            out.append(part)
        else:
            stretch.append(part)
    close()
    return out


def _resolve(s: _Searcher, parsed: ParsedQuery, notices: list[str], corrected: dict) -> list[Term]:
    """The terms to search: a run cut into words when the library does not hold it whole (or
    holds it but it is a long run), corrected when the library lacks it and holds a one-character
    variant."""
    out: list[Term] = []
    for term in parsed.terms:
        if term.whole is None:
            out.append(term)
            continue
        whole = Term(term.whole, [term.whole])
        held = _held(s, whole)
        # a year or a genre word in the run names the speech, not its wording (开学典礼讲话,
        # 2017年政府工作报告): the words between them are the run to keep whole
        naming = any(p.optional or p.year is not None for p in term.parts)
        if held and len(term.whole) <= WHOLE_IF_HELD_MAX and not naming:
            out.append(whole)
            continue
        if naming:
            out.extend(_rejoined(s, term))
            parsed.dropped.extend(term.dropped)
            continue
        fixed = None if held else _correct(s, term.whole)
        if fixed:
            corrected[term.whole] = fixed
            out.append(Term(fixed, [fixed]))
            continue
        out.extend(term.parts or [whole])
        parsed.dropped.extend(term.dropped)
    resolved = []
    long_query = len(out) > MAX_TERMS
    for term in out:
        if long_query:
            resolved.append(term)
            continue
        if term.year is None and not term.exact and len(term.variants) == 1 and not _held(s, term):
            fixed = _correct(s, term.text)
            if fixed:
                corrected[term.text] = fixed
                term = Term(fixed, [fixed])
        resolved.append(term)
    if corrected:
        pairs = "；".join(f"“{a}”→“{b}”" for a, b in corrected.items())
        notices.append(f"文库中没有所查的写法，已按更正后的词语检索：{pairs}")
    resolved = list({t.text: t for t in resolved}.values())
    if len(resolved) > MAX_TERMS:
        # a pasted passage: its longest words carry it (its whole text still ranks by meaning)
        keep = set(sorted(range(len(resolved)), key=lambda i: -len(resolved[i].text))[:MAX_TERMS])
        resolved = [t for i, t in enumerate(resolved) if i in keep]
        notices.append(
            f"查询较长：关键词检索只用其中最长的 {MAX_TERMS} 个词语（"
            + "、".join(t.text for t in resolved)
            + "），语义检索用全文"
        )
    return resolved


# -- grouping and presenting ----------------------------------------------------------------------


def _group(
    ranked: list[tuple[int, int, float]],
) -> list[tuple[int, float, list[tuple[int, float]]]]:
    """Paragraph hits to speeches, best first: (speech key, score, [(paragraph, score)...])."""
    speeches: dict[int, list[tuple[int, float]]] = {}
    # one stable sort of all (the rankings come sorted: cheap), then each speech's paragraphs
    # are in order as they are gathered (a sort per speech cost 10 ms a query over 2,000 hits)
    for key, para, score in sorted(ranked, key=itemgetter(2), reverse=True):
        speeches.setdefault(key, []).append((para, score))
    grouped = [(key, paras[0][1], paras) for key, paras in speeches.items()]
    grouped.sort(key=lambda g: (-g[1], -len(g[2]), g[0]))
    return grouped


def _weigh_kinds(s: _Searcher, ranked):
    """Scores of headings, salutations and short lines scaled by NOT_BODY_WEIGHT."""
    minor = s.not_body({k for k, _, _ in ranked})
    if not minor:
        return ranked
    out = [(k, p, sc * NOT_BODY_WEIGHT if (k, p) in minor else sc) for k, p, sc in ranked]
    return sorted(out, key=lambda h: -h[2])


def highlight(text: str, pieces: list[str]) -> list[list[int]]:
    """[start, end) offsets of every occurrence of the query pieces in `text`, merged; a piece
    matches across the transparent marks (quotes, 顿号) as the search does, never across other
    punctuation."""
    bare, where = si.flat(text)
    spans = []
    for piece in pieces:
        piece = "".join(si.runs(piece))
        if not piece:
            continue
        start = bare.find(piece)
        while start >= 0:
            spans.append((where[start], where[start + len(piece) - 1] + 1))
            start = bare.find(piece, start + 1)
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


def _copies(lib: Library, families: list[str]) -> dict[str, int]:
    """Copies per family: the places (pages, items of a compilation) where any of its speeches
    occurs, so exact repeats and near-duplicates both count."""
    families = [f for f in set(families) if f]
    if not families:
        return {}
    marks = ",".join("?" * len(families))
    rows = lib.db.execute(
        "SELECT s.family, COUNT(*) FROM speeches s JOIN occurrences o ON o.speech_id = s.id"
        f" WHERE s.family IN ({marks}) GROUP BY s.family",
        families,
    ).fetchall()
    return {family: n for family, n in rows}


UNTITLED = "（无标题）"
LABEL_CHARS = 24


def _label(row: dict, texts: list[str]) -> str:
    """What a hit is called: its title, else （无标题） and the start of its first paragraph."""
    if row["title"]:
        return row["title"]
    first = next((t.strip() for t in texts if si.paragraph_kind(t, False, False) == "body"), "")
    if not first:
        return UNTITLED
    return UNTITLED + first[:LABEL_CHARS] + ("…" if len(first) > LABEL_CHARS else "")


def _place_text(structure: dict) -> str | None:
    """The stated place as text, largest part first (河南 焦作市); None when none is stated (a
    region the body names is not where the speech was given)."""
    meta = structure.get("meta") if isinstance(structure, dict) else None
    field = meta.get("place") if isinstance(meta, dict) else None
    value = field.get("value") if isinstance(field, dict) else field
    return (meta_text(value) or None) if value else None


def _hit(
    row: dict, score: float, paras: list[tuple[int, float]], pieces: list[str], copies: int
) -> dict:
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
    hit["label"] = _label(row, texts)
    # a title the page does not state, derived from the occasion: shown as such, to be checked
    hit["title_derived"] = row.get("title_source") == "occasion"
    for name in ("sector", "genre", "scope", "date"):
        hit[name] = si.meta_value(structure, name)
    hit["place"] = _place_text(structure)
    hit["occasion"] = si.occasion_of(structure)
    hit["year"] = si.year_of(structure)
    hit["family"] = row["family"]
    hit["canonical"] = bool(row["canonical"])
    hit["copies"] = max(copies, 1)  # places its near-duplicate family occurs, itself included
    hit["paragraphs"] = paragraphs
    return hit


# -- keyword ------------------------------------------------------------------------------------


@dataclass
class _Keyword:
    """A keyword search's outcome: the ranked paragraphs (enough for the page, speeches in their
    order, tier by tier) and a query selecting the matched speeches (for the total and facets)."""

    ranked: list[tuple[int, int, float]]
    scope: tantivy.Query
    held: set[int] | None = None  # the matched speeches when they were listed
    partial: bool = False  # no speech holds every term: speeches holding most of them
    # the ranked paragraphs before this position hold every term; those after it are of speeches
    # that hold them spread over several paragraphs (None: all of them hold every term)
    together: int | None = None


def _keyword(s: _Searcher, terms: list[Term], filters, wanted: int, notices, boost) -> _Keyword:
    queries = [_term_query(s.schema, t) for t in terms]
    scored = _and(queries)
    if boost is not None:
        scored = Q.boolean_query([(MUST, scored), (SHOULD, boost)])
    in_paragraph = _scored_and_filtered(scored, filters)
    if len(terms) == 1:
        ranked = _weigh_kinds(s, s.enough(in_paragraph, wanted))
        if not ranked:
            notices.append(f"文库中（在所选范围内）没有“{terms[0].text}”")
        return _Keyword(ranked, in_paragraph)
    counts = [s.count(_scored_and_filtered(q, filters)) for q in queries]
    if min(counts) > SPEECH_MATCH_MAX:
        # every word very common: listing the speeches of each would take seconds on a large
        # library, and the paragraphs holding them all are what such a query wants anyway
        ranked = _weigh_kinds(s, s.enough(in_paragraph, wanted))
        if ranked:
            notices.append("所查词语都很常见：只列出在同一段中含有全部词语的讲话")
            return _Keyword(ranked, in_paragraph)
        return _partial(s, terms, queries, counts, filters, wanted, notices)
    held: set[int] | None = None
    # a speech holds a word in its text or in its title: a report seldom names itself in its
    # body (政府工作报告), a speech its occasion in every section
    titles = [_named(s, t) for t in terms]
    for i in sorted(range(len(terms)), key=lambda i: counts[i] + len(titles[i])):
        if not counts[i] and not titles[i]:
            held = set()
            break
        clauses = [*filters] if held is None else [*filters, _in_speeches(s.schema, held)]
        in_text = s.speeches_of(_and([queries[i], *clauses])) if counts[i] else set()
        in_title = titles[i] if held is None else titles[i] & held
        if in_title - in_text and filters:
            in_title = s.speeches_of(_and([_in_speeches(s.schema, in_title), *filters]))
        held = in_text | in_title
        if not held:
            break
    if held:
        # speeches with every term in one paragraph first, then those with them spread out
        first = _weigh_kinds(s, s.enough(in_paragraph, wanted))
        ranked = list(first)
        seen = {k for k, _, _ in first}
        if len(seen) < wanted:
            rest = held - s.speeches_of(in_paragraph)
            if rest:
                anywhere = Q.boolean_query(
                    [(SHOULD, q) for q in queries], minimum_number_should_match=1
                )
                spread = s.enough(
                    _scored_and_filtered(anywhere, [*filters, _in_speeches(s.schema, rest)]),
                    wanted,
                )
                floor = min((sc for _, _, sc in ranked), default=1.0)
                ranked += _tiered(_weigh_kinds(s, spread), floor)
        scope = _and([_in_speeches(s.schema, held), *filters])
        return _Keyword(ranked, scope, held, together=len(first))
    return _partial(s, terms, queries, counts, filters, wanted, notices)


def _tiered(ranked, floor: float):
    """`ranked` rescaled below `floor`, keeping its order (a lower tier never outranks)."""
    if not ranked:
        return []
    top = max(sc for _, _, sc in ranked) or 1.0
    return [(k, p, floor * 0.99 * sc / top) for k, p, sc in ranked]


def _partial(s, terms, queries, counts, filters, wanted, notices) -> _Keyword:
    """No speech holds every term: speeches ranked by how many terms they hold, then by score."""
    missing = [t.text for t, c in zip(terms, counts, strict=True) if not c]
    present = [i for i, c in enumerate(counts) if c]
    if missing:
        notices.append("文库中（在所选范围内）没有：" + "、".join(f"“{m}”" for m in missing))
    if not present:
        return _Keyword([], Q.empty_query(), set(), partial=True)
    if max(counts[i] for i in present) > SPEECH_MATCH_MAX:
        return _partial_in_paragraphs(s, terms, queries, present, filters, wanted, notices)
    speeches_with: dict[int, int] = {}
    for i in present:
        for key in s.speeches_of(_and([queries[i], *filters])):
            speeches_with[key] = speeches_with.get(key, 0) + 1
    held = set(speeches_with)
    shown = [terms[i].text for i in present]
    notices.append(
        "没有讲话同时含有全部词语；下面是含有其中部分词语的讲话，按含有的词数排列（"
        + "、".join(f"“{t}”" for t in shown)
        + "）"
    )
    anywhere = Q.boolean_query(
        [(SHOULD, queries[i]) for i in present], minimum_number_should_match=1
    )
    ranked = []
    floor = None
    for n in sorted(set(speeches_with.values()), reverse=True):
        keys = {k for k, c in speeches_with.items() if c == n}
        tier = s.enough(
            _scored_and_filtered(anywhere, [*filters, _in_speeches(s.schema, keys)]),
            min(wanted, len(keys)),
        )
        tier = _weigh_kinds(s, tier)
        ranked += tier if floor is None else _tiered(tier, floor)
        floor = min((sc for _, _, sc in ranked), default=1.0)
        if len({k for k, _, _ in ranked}) >= wanted:
            break
    return _Keyword(ranked, _and([_in_speeches(s.schema, held), *filters]), held, partial=True)


def _named(s: _Searcher, term: Term) -> set[int]:
    """Speeches whose name (title and subtitles: search_index.speech_name) holds the term."""
    cached = s.names.get(term.text)
    if cached is None:
        cached = s.names[term.text] = s.speeches_of(_name_query(s.schema, term))
    return cached


def _name_query(schema, term: Term) -> tantivy.Query:
    named = [_contains(schema, v, "name") for v in term.variants]
    return named[0] if len(named) == 1 else Q.boolean_query([(SHOULD, q) for q in named])


def _titled(s: _Searcher, terms: list[Term], filters) -> set[int]:
    """Speeches under the filters whose name (title and subtitles) holds every term (one of its
    variants; a year: or the speech is of that year)."""
    years = [t for t in terms if t.year is not None]
    terms = [t for t in terms if t.year is None]
    if not terms:
        return set()
    keys = s.speeches_of(_and([_name_query(s.schema, t) for t in terms]))
    for year in years:
        of_year = s.speeches_of(
            _and([_in_speeches(s.schema, keys), Q.term_query(s.schema, "year", year.year)])
        )
        keys &= of_year | _named(s, year)
    if not keys:
        return set()
    return s.speeches_of(_and([_in_speeches(s.schema, keys), *filters]))


def _titles_first(s: _Searcher, keyword: _Keyword, titled: set[int], filters) -> _Keyword:
    """The speeches whose title holds every term ahead of the others, each by its best matching
    paragraph, or its first body paragraph when its text does not hold the terms."""
    if not titled:
        return keyword
    best: dict[int, tuple[int, int, float]] = {}
    for k, p, sc in keyword.ranked:
        if k in titled and k not in best:
            best[k] = (k, p, sc)
    lacking = titled - set(best)
    if lacking:
        body = Q.term_query(s.schema, "kind", "body")
        firsts: dict[int, int] = {}
        for k, p in s.paragraphs_of(_and([_in_speeches(s.schema, lacking), body])):
            firsts[k] = min(p, firsts.get(k, p))
        for k, p in firsts.items():
            best[k] = (k, p, 0.0)
    top = max((sc for _, _, sc in keyword.ranked), default=1.0) or 1.0
    head = sorted(best.values(), key=lambda h: -h[2])
    head = [(k, p, top * (2.0 + i * -1e-6)) for i, (k, p, _) in enumerate(head)]
    rest = [h for h in keyword.ranked if h[0] not in titled]
    scope = Q.boolean_query(
        [(SHOULD, keyword.scope), (SHOULD, _and([_in_speeches(s.schema, titled), *filters]))]
    )
    held = None if keyword.held is None else keyword.held | titled
    return _Keyword(head + rest, scope, held, keyword.partial)


def _partial_in_paragraphs(s, terms, queries, present, filters, wanted, notices) -> _Keyword:
    """_partial for common words: paragraphs holding the most of them first (listing the speeches
    of a word found in hundreds of thousands of paragraphs would take seconds)."""
    shown = "、".join(f"“{terms[i].text}”" for i in present)
    notices.append(
        f"没有讲话同时含有全部词语；下面是含有其中部分词语的段落，同一段中含有的词数多的在前（{shown}）"
    )
    ranked: list[tuple[int, int, float]] = []
    seen: set[int] = set()
    floor = None
    for n in range(len(present), 0, -1):
        most = Q.boolean_query(
            [(SHOULD, queries[i]) for i in present], minimum_number_should_match=n
        )
        tier = [
            h for h in s.enough(_scored_and_filtered(most, filters), wanted) if h[0] not in seen
        ]
        tier = _weigh_kinds(s, tier)
        ranked += tier if floor is None else _tiered(tier, floor)
        seen |= {k for k, _, _ in tier}
        floor = min((sc for _, _, sc in ranked), default=1.0)
        if len(seen) >= wanted:
            break
    anywhere = Q.boolean_query(
        [(SHOULD, queries[i]) for i in present], minimum_number_should_match=1
    )
    return _Keyword(ranked, _scored_and_filtered(anywhere, filters), None, partial=True)


# -- semantic -----------------------------------------------------------------------------------


TOP_READ = 20  # nearest paragraphs looked at for the best body paragraph


def _best_body_cosine(s: _Searcher, found: list) -> float:
    """The cosine the margin is measured from: the best body paragraph's. A heading that
    repeats the query ("2024学年第二学期开学典礼讲话" for 开学典礼讲话) is nearer than any
    paragraph of a speech; measured from it, the margin left nothing but it."""
    if not found:
        return 1.0
    minor = s.not_body({key for key, _, _ in found[:TOP_READ]})
    return next((c for k, p, c in found[:TOP_READ] if (k, p) not in minor), found[0][2])


def _semantic(
    s: _Searcher, lib: Library, text: str, filters: dict
) -> tuple[list, str | None, float]:
    """Body paragraphs whose cosine to the query reaches the tier's cutoff, under the filters,
    best first: ([(speech key, paragraph, cosine)], tier, cutoff)."""
    from jianghua.library import embeddings

    k = SEMANTIC_FIRST
    while True:
        found, tier = embeddings.nearest_in_tier(lib, text, k)
        if tier is None:
            return [], None, 0.0
        top = _best_body_cosine(s, found)
        margin = top - SEMANTIC_MARGIN[tier]
        if len(found) >= SEMANTIC_AT_LEAST:
            margin = min(margin, found[SEMANTIC_AT_LEAST - 1][2])
        cutoff = round(max(SEMANTIC_CUTOFF[tier], margin), 4)
        above = [f for f in found if f[2] >= cutoff]
        if len(above) < len(found) or len(found) < k or k >= SEMANTIC_MAX:
            break
        # the first round all above the cutoff: straight to the most read (at 1 M paragraphs
        # 200, 800 then 2,000 nearest took 25 ms, 2,000 alone 15 ms)
        k = SEMANTIC_MAX
    if not above:
        return [], tier, cutoff
    keys = {key for key, _, _ in above}
    # the few headings, salutations and short lines of those speeches, not all their paragraphs
    # (thousands of speeches hold hundreds of thousands of body paragraphs in a large library)
    minor = s.not_body(keys)
    above = [c for c in above if (c[0], c[1]) not in minor]
    under = s.under(filters)
    if under is not None:
        above = [c for c in above if c[0] in under]
    if filters.get("role") not in (None, "", []):
        roles = _filter_clauses(s.schema, {"role": filters["role"], "canonical_only": False})
        allowed = s.paragraphs_of(_and([_in_speeches(s.schema, {k for k, _, _ in above}), *roles]))
        above = [c for c in above if (c[0], c[1]) in allowed]
    return above, tier, cutoff


def _hybrid(
    lib,
    keyword: _Keyword,
    semantic: list,
    query_text: str,
    exact: bool,
    titled=(),
    described: bool = False,
    minor=frozenset(),
):
    """Paragraphs of both rankings, the top HYBRID_POOL of each scored by e5 (where the library
    has e5 vectors) and fused with the keyword rank by reciprocal rank; with an exact term
    (quoted, 提法) a paragraph outside the keyword matches never ranks above one inside; the
    speeches whose title holds every term (`titled`) come first, as in keyword mode."""
    from jianghua.library import embeddings

    kw = keyword.ranked
    pool = list(
        dict.fromkeys(
            [(k, p) for k, p, _ in kw[:HYBRID_POOL]]
            + [(k, p) for k, p, _ in semantic[:HYBRID_POOL]]
        )
    )
    e5 = embeddings.rerank(lib, query_text, pool)
    sem_score = {(k, p): sc for k, p, sc in semantic}
    kw_rank = {(k, p): r for r, (k, p, _) in enumerate(kw)}
    scored = [
        (pair, e5[i] if e5[i] is not None else sem_score.get(pair)) for i, pair in enumerate(pool)
    ]
    # a salutation or heading is never ranked by meaning ("各位校长、同志们：" is close to any
    # query about headmasters): only its keyword rank, already weighed down, counts
    by_meaning = sorted(
        (x for x in scored if x[1] is not None and x[0] not in minor), key=lambda x: -x[1]
    )
    mean_rank = {pair: r for r, (pair, _) in enumerate(by_meaning)}
    kw_weight = HYBRID_WEIGHTS[0] * (PARTIAL_KEYWORD_WEIGHT if keyword.partial else 1.0)
    together = len(kw) if keyword.together is None or not described else keyword.together
    fused = []
    for pair in pool:
        value = 0.0
        if pair in kw_rank:
            # when the words are those of a description cut by the search (利用外国资本和先进
            # 技术), a paragraph holding only some of them, of a speech that holds them all, is
            # weak evidence, as a partial match is; words the user gave apart (香港 驻军) are not
            rank = kw_rank[pair]
            weight = kw_weight if rank < together else kw_weight * PARTIAL_KEYWORD_WEIGHT
            value += weight / (RRF_K + rank + 1)
        if pair in mean_rank:
            value += HYBRID_WEIGHTS[1] / (RRF_K + mean_rank[pair] + 1)
        if exact and keyword.held is not None and pair[0] not in keyword.held:
            value *= 0.01
        elif exact and pair not in kw_rank and keyword.held is None:
            value *= 0.01
        if pair[0] in titled:
            value += 1.0  # above any fused value (each is at most 2 / (RRF_K + 1))
        fused.append((pair[0], pair[1], value))
    fused.sort(key=lambda h: -h[2])
    # beyond the pool: the rest of the keyword ranking, then of the semantic one, in order
    floor = min((v for _, _, v in fused), default=1.0)
    seen = {(k, p) for k, p, _ in fused}
    tail = [(k, p) for k, p, _ in kw if (k, p) not in seen]
    tail += [(k, p) for k, p, _ in semantic if (k, p) not in seen and (k, p) not in set(tail)]
    fused += [(k, p, floor * 0.5 / (1 + i)) for i, (k, p) in enumerate(tail)]
    return fused


# -- the API --------------------------------------------------------------------------------------


def search(
    lib: Library,
    query: str,
    *,
    mode: str = "hybrid",
    filters: dict | None = None,
    page: int = 1,
    per_page: int = 10,
    facets: bool = True,
) -> dict:
    """Speeches matching `query` under `filters`, one page of them, with facet counts.

    Returns {"total", "hits": [{"id", "title", "label", "score", "sector", "genre", "date",
    "place", "occasion", "copies", "paragraphs": [{"index", "text", "highlights": [[start,
    end]...]}]}], "facets", "mode", "query", "notices" (what the search did, in Chinese),
    "corrected" ({typed: searched}), "dropped" (question and function words left out),
    "semantic_cutoff", "partial"}; "facets" stays empty with facets=False (a caller that
    shows only the hits). An empty query lists the speeches under the filters. Hybrid
    falls back to keyword when the library has no embeddings (mode in the result says which ran).
    """
    if mode not in MODES:
        raise QueryError(f"没有“{mode}”这种检索方式（可选：{'、'.join(MODES)}）")
    if page < 1 or per_page < 1:
        raise QueryError("页码和每页条数从 1 开始")
    per_page = min(per_page, MAX_PER_PAGE)
    filters = dict(filters or {})
    s = _Searcher(lib)
    parsed = parse_query(query, lib)
    filter_clauses = _filter_clauses(s.schema, filters)
    wanted = page * per_page
    notices: list[str] = []
    corrected: dict[str, str] = {}
    result = {
        "total": 0,
        "hits": [],
        "facets": {name: {} for name in FACETS},
        "mode": mode,
        "query": parsed.text,
        "notices": notices,
        "corrected": corrected,
        "dropped": parsed.dropped,
        "semantic_cutoff": None,
        "partial": False,
    }
    if parsed.text and parsed.empty:
        if parsed.only_punctuation:
            notices.append("查询中没有可检索的文字（只有标点或符号）")
        else:
            notices.append(
                "查询中只有疑问词或虚词（" + "、".join(parsed.dropped) + "），请写出要找的内容"
            )
        return result
    if mode != "keyword" and parsed.empty:
        mode = "keyword"  # nothing to embed: list by filters
    if mode != "keyword":
        from jianghua.library import embeddings

        if not embeddings.available(lib):
            if mode == "semantic":
                raise LibraryError(
                    f"{lib.folder}：还没有段落向量（请运行 jianghua ingest 或 jianghua reindex）"
                )
            mode = "keyword"
            notices.append("文库还没有段落向量，按关键词检索")
    result["mode"] = mode

    terms = _resolve(s, parsed, notices, corrected) if not parsed.empty else []
    if parsed.dropped:
        notices.insert(0, "已略去疑问词和虚词：" + "、".join(dict.fromkeys(parsed.dropped)))
    years = [t.text for t in terms if t.year is not None]
    if years:
        notices.append(
            "年份" + "、".join(f"“{y}”" for y in years) + "：讲于该年的讲话，或原文含有该年份"
        )
    meaning_text = parsed.text
    for typed, fixed in corrected.items():
        meaning_text = meaning_text.replace(typed, fixed)
    boost = None
    wholes = [t.whole for t in parsed.terms if t.whole and t.whole not in {x.text for x in terms}]
    if wholes:  # a long run cut into words: paragraphs holding it as written rank first
        boost = Q.boost_query(
            Q.boolean_query([(SHOULD, _contains(s.schema, w)) for w in wholes]), 2.0
        )

    keyword = None
    titled: set[int] = set()
    if mode in ("keyword", "hybrid"):
        if not terms:
            listing = _and(filter_clauses)
            keyword = _Keyword(s.enough(listing, wanted), listing)
        else:
            required = [t for t in terms if not t.optional] or terms
            keyword = _keyword(s, required, filter_clauses, wanted, notices, boost)
            # a title query names several things (the occasion, the genre); one word in a title
            # says less about the speech than its paragraphs do
            titled = _titled(s, terms, filter_clauses) if len(terms) > 1 else set()
            keyword = _titles_first(s, keyword, titled, filter_clauses)
        result["partial"] = keyword.partial

    semantic: list = []
    if mode in ("semantic", "hybrid") and terms:
        semantic, tier, cutoff = _semantic(s, lib, meaning_text, filters)
        result["semantic_cutoff"] = {"tier": tier, "cosine": cutoff}

    meant = {k for k, _, _ in semantic}  # filtered by _semantic
    if mode == "keyword":
        ranked = keyword.ranked
        matched = _matched(s, keyword)
    elif mode == "semantic":
        ranked = semantic
        matched = meant
    else:
        minor = s.not_body({k for k, _, _ in keyword.ranked[:HYBRID_POOL]})
        ranked = _hybrid(
            lib,
            keyword,
            semantic,
            meaning_text,
            # a year is as binding as a quoted phrase: a report of 2014 close in meaning to
            # 政府工作报告 2017 is not one of 2017
            parsed.exact or bool(years),
            titled,
            described=bool(wholes),
            minor=minor,
        )
        matched = _matched(s, keyword) | meant
        if parsed.exact and semantic:
            notices.append("含引号或提法的检索：含有原文的讲话排在前面")
    total = len(matched)
    grouped = _group(ranked)
    result["total"] = total
    if facets:
        result["facets"] = s.facet_counts(matched)
    page_groups = grouped[(page - 1) * per_page : wanted]
    rows = _speech_rows(lib, [si.speech_id(k) for k, _, _ in page_groups])
    copies = _copies(lib, [r["family"] for r in rows.values()])
    pieces = [v for t in terms for v in t.variants]
    result["hits"] = [
        _hit(rows[sid], score, paras, pieces, copies.get(rows[sid]["family"], 1))
        for key, score, paras in page_groups
        if (sid := si.speech_id(key)) in rows
    ]
    if not total:
        notices.extend(_filter_hints(s, filters))
    return result


def _matched(s: _Searcher, keyword: _Keyword) -> set[int]:
    """The speeches a keyword search matched (under its filters)."""
    if keyword.held is not None:
        return keyword.held
    return s.speeches_of(keyword.scope)


def _filter_hints(s: _Searcher, filters: dict) -> list[str]:
    """For a search that found nothing: the filter values no speech of the library has."""
    hints = []
    wanted = [n for n in si.FACET_FIELDS if filters.get(n) not in (None, "", [])]
    if not wanted:
        return hints
    for name in wanted:
        value = str(filters[name])
        if s.count(Q.term_query(s.schema, name, value)):
            continue
        spec = {name: {"terms": {"field": name, "size": 20}}}
        buckets = s.searcher.aggregate(Q.all_query(), spec).get(name, {}).get("buckets", [])
        known = "、".join(str(b["key"]) for b in buckets) or "（无）"
        label = FACET_LABELS.get(name, name)
        hints.append(f"文库中没有{label}为“{value}”的讲话；已有：{known}")
    return hints


def facets(lib: Library) -> dict:
    """Speeches per sector, genre, scope and year over the canonical speeches of the library."""
    s = _Searcher(lib)
    return s.facet_counts(s.under({}) or set())


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
