"""Counts of speeches per sector, genre, scope, year and top-level role sequence.

One derivation of a speech's facet values, used here and by the search index
(jianghua.library.search_index files these values, and the web's facet counts are its
aggregation): `jianghua facets`, the home page and the results page count the same speeches, the
canonical one of each near-duplicate family, as a search lists them by default. Before, the CLI
counted every stored copy and read the year differently, so it said 10 where the web said 9.
"""

from __future__ import annotations

import json
import re
from collections import Counter

FACETS = ("sector", "genre", "scope", "year", "roles")
NONE = "(none)"
YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


def field_values(raw) -> list[str]:
    """A metadata field's value(s) as strings: accepts {"value": ...}, a string or a list."""
    if isinstance(raw, dict):
        raw = raw.get("value")
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    # only plain values: a structured part (a dict, a list) is not a facet value
    values = [str(v).strip() for v in items if isinstance(v, str | int | float)]
    return [v for v in values if v]


def meta_value(structure: dict, name: str) -> str | None:
    """First value of one metadata field of a speech's structure, or None."""
    meta = structure.get("meta") if isinstance(structure, dict) else None
    if not isinstance(meta, dict):
        return None
    values = field_values(meta.get(name))
    return values[0] if values else None


def year_of(structure: dict) -> int | None:
    """The year of the speech's date (the first of a range such as 2019/2020)."""
    date = meta_value(structure, "date")
    match = YEAR.search(date) if date else None
    return int(match.group(1)) if match else None


def speech_facets(structure: dict) -> dict[str, list[str]]:
    """The facet values of one speech's structure ([NONE] for a facet it has no value for)."""
    meta = structure.get("meta") if isinstance(structure.get("meta"), dict) else {}
    out = {name: field_values(meta.get(name)) or [NONE] for name in ("sector", "genre", "scope")}
    year = year_of(structure)
    out["year"] = [str(year)] if year is not None else [NONE]
    out["roles"] = [" > ".join(structure.get("roles") or []) or NONE]
    return out


def facets(lib) -> dict[str, dict[str, int]]:
    """{facet: {value: speeches}} over the canonical speech of each family, most common first
    (ties by value, as the search's facets)."""
    counts = {name: Counter() for name in FACETS}
    for (raw,) in lib.db.execute("SELECT structure FROM speeches WHERE canonical"):
        try:
            structure = json.loads(raw or "{}")
        except json.JSONDecodeError:
            structure = {}
        for name, values in speech_facets(structure if isinstance(structure, dict) else {}).items():
            for value in values:
                counts[name][value] += 1
    return {
        name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()
    }
