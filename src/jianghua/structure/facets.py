"""Counts of speeches per sector, genre, scope, year and top-level role sequence."""

from __future__ import annotations

import json
from collections import Counter

FACETS = ("sector", "genre", "scope", "year", "roles")
NONE = "(none)"


def speech_facets(structure: dict) -> dict[str, str]:
    """The facet values of one speech's structure."""
    meta = structure.get("meta") or {}

    def value(key: str) -> str:
        field = meta.get(key) or {}
        return str(field.get("value")) if field.get("value") else NONE

    date = value("date")
    return {
        "sector": value("sector"),
        "genre": value("genre"),
        "scope": value("scope"),
        "year": date[:4] if date != NONE and "/" not in date else date,
        "roles": " > ".join(structure.get("roles") or []) or NONE,
    }


def facets(lib) -> dict[str, dict[str, int]]:
    """{facet: {value: speeches}} over every distinct speech of the library, most common first."""
    counts = {name: Counter() for name in FACETS}
    for (raw,) in lib.db.execute("SELECT structure FROM speeches"):
        for name, value in speech_facets(json.loads(raw or "{}")).items():
            counts[name][value] += 1
    return {name: dict(c.most_common()) for name, c in counts.items()}
