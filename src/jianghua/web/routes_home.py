"""Home page: library size, facets as links, the search box."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jianghua import labels
from jianghua.web import search_adapter
from jianghua.web.deps import LibraryDep
from jianghua.web.templating import render

router = APIRouter()

FACET_LABELS = {name: labels.FACET_LABELS[name] for name in ("sector", "genre", "scope", "year")}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, lib: LibraryDep):
    stats = lib.stats()
    facets, search_problem = search_adapter.optional(search_adapter.facets, lib)
    facets = facets or {}
    groups = []
    for name, label in FACET_LABELS.items():
        values = facets.get(name) or {}
        if name == "year":
            items = sorted(values.items(), reverse=True)
        else:
            items = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))
        items = [(value, labels.value_label(name, value), count) for value, count in items]
        if items:
            groups.append({"name": name, "label": label, "items": items})
    return render(
        request,
        "home.html",
        stats=stats,
        facet_groups=groups,
        search_problem=search_problem,
    )
