"""The web's door to jianghua.library.search, which may not be built yet in a given checkout.

Pages and endpoints call these wrappers; if the search module or its index is missing they
answer 503 with the reason instead of failing with a traceback.
"""

from __future__ import annotations

import importlib

from fastapi import HTTPException

from jianghua.library.store import Library

FILTERS = ("sector", "genre", "scope", "year_from", "year_to", "place", "role", "canonical_only")
MODES = ("hybrid", "keyword", "semantic")


def _module():
    try:
        return importlib.import_module("jianghua.library.search")
    except ModuleNotFoundError as exc:
        if exc.name != "jianghua.library.search":
            raise
        raise HTTPException(503, "search is not available in this build") from exc


def available() -> bool:
    try:
        _module()
    except HTTPException:
        return False
    return True


def search(lib: Library, query: str, *, mode: str, filters: dict, page: int, per_page: int):
    return _module().search(
        lib, query, mode=mode, filters=filters or None, page=page, per_page=per_page
    )


def similar(lib: Library, sid: str, limit: int = 10) -> list[dict]:
    return _module().similar(lib, sid, limit=limit)


def facets(lib: Library) -> dict:
    return _module().facets(lib)
