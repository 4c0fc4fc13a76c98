"""The web's door to jianghua.library.search, which may not be built yet in a given checkout.

Pages and endpoints call these wrappers; if the search module or its index is missing they
answer 503 with the reason instead of failing with a traceback.
"""

from __future__ import annotations

import importlib
import logging
from typing import Literal
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from jianghua.errors import JianghuaError
from jianghua.library.store import Library
from jianghua.web.redact import public

log = logging.getLogger(__name__)

FILTERS = ("sector", "genre", "scope", "year_from", "year_to", "place", "role", "canonical_only")
MODES = ("hybrid", "keyword", "semantic")


def _module():
    try:
        return importlib.import_module("jianghua.library.search")
    except ModuleNotFoundError as exc:
        if exc.name != "jianghua.library.search":
            raise
        raise HTTPException(503, "此版本不含检索功能") from exc


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


def optional(call, *args, **kwargs):
    """(result, None), or (None, reason) when search cannot answer: not built, no index yet,
    or an index the search module cannot open (e.g. written by another version). Pages that
    only embellish themselves with search results (home facets, similar speeches) use this so
    the library stays readable; the reason is logged and shown."""
    try:
        return call(*args, **kwargs), None
    except HTTPException as exc:
        return None, public(str(exc.detail))
    except JianghuaError as exc:
        return None, public(str(exc))
    except Exception as exc:  # noqa: BLE001 - a broken index must not take the reader down
        log.exception("search failed")
        return None, public(
            f"检索索引无法使用（{type(exc).__name__}: {exc}）；请运行 jianghua reindex 重建"
        )


def query_pieces(query: str) -> list[str]:
    """The pieces of `query` the search matches (Simplified, cut as the search cuts them), for
    marking them in the reader; [] when there is no query or no search module."""
    if not query.strip():
        return []
    try:
        return list(_module().parse_query(query).pieces)
    except HTTPException:
        return []


def highlights(text: str, pieces: list[str]) -> list[list[int]]:
    return _module().highlight(text, pieces) if pieces else []


class SearchParams:
    """The search request both the results page and the JSON API accept (query parameters)."""

    def __init__(
        self,
        q: str = Query("", max_length=500, description='Words (all must occur), or "a phrase".'),
        mode: Literal["hybrid", "keyword", "semantic"] = Query("hybrid"),
        sector: str | None = Query(None, max_length=100),
        genre: str | None = Query(None, max_length=100),
        scope: str | None = Query(None, max_length=100),
        place: str | None = Query(None, max_length=100),
        role: str | None = Query(
            None, max_length=50, description="Only inside sections of this role, e.g. tasks."
        ),
        year_from: int | None = Query(None, ge=1900, le=2200),
        year_to: int | None = Query(None, ge=1900, le=2200),
        canonical_only: bool = Query(True, description="One speech per near-duplicate family."),
        page: int = Query(1, ge=1, le=1000),
        per_page: int = Query(10, ge=1, le=100),
    ):
        self.q = q.strip()
        self.mode = mode
        self.filters = {
            name: value
            for name, value in (
                ("sector", sector),
                ("genre", genre),
                ("scope", scope),
                ("place", place),
                ("role", role),
                ("year_from", year_from),
                ("year_to", year_to),
            )
            if value not in (None, "")
        }
        self.canonical_only = canonical_only
        self.page = page
        self.per_page = per_page

    def run(self, lib: Library) -> dict:
        return search(
            lib,
            self.q,
            mode=self.mode,
            filters={**self.filters, "canonical_only": self.canonical_only},
            page=self.page,
            per_page=self.per_page,
        )

    def link(self, **changes) -> str:
        """The results page URL for this search with some parameters changed (None drops one)."""
        params = {"q": self.q, "mode": self.mode if self.mode != "hybrid" else None}
        params.update(self.filters)
        if not self.canonical_only:
            params["canonical_only"] = "false"
        params.update(changes)
        if "page" not in changes:
            params.pop("page", None)
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        return "/search?" + urlencode(kept)
