"""提法 mined from the library, merged with the shipped lexicon, and where each was seen.

Candidates, read from each family's canonical speech:
- the formulations the structure analysis stored (numbered slogans “三严三实”, number-led sets
  三看、四比、四查, digit formulas 1+5, 1245工作思路);
- numbered slogans written without quotes (三看四比四查, 两学一做): two to four numeral+word units;
- quoted terms: 3 to 12 characters, not a bare number, between “ and ” (“放管服”, “最多跑一次”);
- recurring fixed expressions: a whole clause (between two punctuation marks) of 6 to 20
  characters, without digits, written word for word in at least FIXED_MIN_FAMILIES families
  (坚持以人民为中心的发展思想, 把群众满意作为第一标准).
A candidate becomes a 提法 when at least `min_families` families use it: one speech's wording is
not a formulation of the discourse, and copies of one speech are one family. Variants written
with or without quotes and 顿号 are one entry (the lexicon matches on the skeleton), and a mined
term the shipped lexicon already holds keeps the shipped entry, its group and its era.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

from jianghua.lexicon import Lexicon, mined, skeleton
from jianghua.library import research_queries as rq
from jianghua.research.corpus import Corpus

KINDS = ("slogan", "set", "formula")  # structure formulations that are names, not sentences
N = "一二三四五六七八九十两"
# units that make a numeral+character pair an ordinary phrase, not a slogan (一年一度, 一是一要)
NOT_UNIT = set(N) | set("年度天次个些般直定起样切同致边方面批届号中是要道把等份场点位月日周岁")
BARE_SLOGAN = re.compile(rf"(?:[{N}][\u4e00-\u9fff]){{2,4}}")
QUOTED = re.compile(r"“([\u4e00-\u9fff0-9A-Za-z+]{3,12})”")
NUMERALS = set(N) | set("百千万0123456789+")
MIN_FAMILIES = 2
FIXED_MIN_FAMILIES = 3  # a clause repeated by two speeches may be one borrowing the other
CLAUSE = re.compile(r"[\u4e00-\u9fff]{6,20}")  # the runs of Han characters between punctuation


def _bare_slogans(text: str) -> set[str]:
    found = set()
    for m in BARE_SLOGAN.finditer(text):
        units = [m.group(0)[i : i + 2] for i in range(0, len(m.group(0)), 2)]
        if all(u[1] not in NOT_UNIT for u in units) and len({u[1] for u in units}) == len(units):
            found.add(m.group(0))
    return found


def candidates(text: str, stored: list[dict]) -> set[str]:
    """The candidate 提法 of one speech (`stored`: its structure's formulations), as skeleton
    keys."""
    found = {f["text"] for f in stored if f.get("kind") in KINDS}
    found |= _bare_slogans(text)
    # a quoted number (“十五”) names a plan, a plenum, a congress: too ambiguous to count
    found |= {m.group(1) for m in QUOTED.finditer(text) if not set(m.group(1)) <= NUMERALS}
    return {skeleton(t)[0] for t in found if len(skeleton(t)[0]) >= 2}


def clauses(text: str) -> set[str]:
    """Whole clauses of 6-20 Han characters: a run that punctuation, a digit or a line ends."""
    return {
        m.group(0)
        for m in CLAUSE.finditer(text)
        if (m.start() == 0 or not "\u4e00" <= text[m.start() - 1] <= "\u9fff")
        and (m.end() == len(text) or not "\u4e00" <= text[m.end()] <= "\u9fff")
    }


def mine(db, lexicon: Lexicon, min_families: int = MIN_FAMILIES) -> Lexicon:
    """`lexicon` with the library's recurring formulations added (origin 文库)."""
    families: dict[str, set[str]] = defaultdict(set)  # family -> candidate keys
    fixed: dict[str, set[str]] = defaultdict(set)  # family -> its clauses
    canonical: dict[str, bool] = {}
    for family, is_canonical, stored, text in rq.formulation_rows(db):
        # one speech per family: the canonical one, or the first met until it comes
        if family in canonical and (canonical[family] or not is_canonical):
            continue
        canonical[family] = bool(is_canonical)
        families[family] = candidates(text, json.loads(stored or "[]") or [])
        fixed[family] = clauses(text)
    used = Counter(key for keys in families.values() for key in keys)
    terms = {k for k, n in used.items() if n >= min_families}
    repeated = Counter(c for found in fixed.values() for c in found)
    terms |= {c for c, n in repeated.items() if n >= max(min_families, FIXED_MIN_FAMILIES)}
    terms = sorted(t for t in terms if t not in lexicon.entries)
    return lexicon.with_entries(mined(terms))


def survey(corpus: Corpus, lexicon: Lexicon) -> list[dict]:
    """Every lexicon entry with the families using it, their copies, mentions, and the first and
    last year it was seen in the library (families with a stated year)."""
    pattern = lexicon._pattern
    seen: dict[str, dict] = {}
    for fam in corpus.families:
        if pattern is None:
            break
        here = Counter(m.group(0) for m in pattern.finditer(fam.skeleton))
        for key, n in here.items():
            row = seen.setdefault(key, {"families": 0, "copies": 0, "mentions": 0, "years": []})
            row["families"] += 1
            row["copies"] += fam.copies
            row["mentions"] += n
            if fam.doc.year:
                row["years"].append(fam.doc.year)
    out = []
    for key, entry in lexicon.entries.items():
        row = seen.get(key, {"families": 0, "copies": 0, "mentions": 0, "years": []})
        out.append(
            {
                "term": entry.term,
                "group": entry.group,
                "kind": entry.kind,
                "origin": entry.origin,
                "era_first": entry.first,
                "era_last": entry.last,
                "families": row["families"],
                "copies": row["copies"],
                "mentions": row["mentions"],
                "first_seen": min(row["years"], default=None),
                "last_seen": max(row["years"], default=None),
            }
        )
    out.sort(key=lambda r: (-r["families"], r["group"], r["term"]))
    return out
