"""The results page: hits with metadata and highlighted paragraphs, facet filters, pagination."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from jianghua import labels
from jianghua.library import background
from jianghua.web import views
from jianghua.web.deps import LibraryDep
from jianghua.web.routes_home import FACET_LABELS
from jianghua.web.search_adapter import SearchParams
from jianghua.web.templating import render

router = APIRouter()

ROLE_CHOICES = {"": "全文", **views.OUTLINE_ROLES}


def page_numbers(current: int, last: int) -> list[int | None]:
    """Page links to show: first, last and two either side of the current one (None = gap)."""
    wanted = {1, last, *range(current - 2, current + 3)}
    out: list[int | None] = []
    for n in sorted(p for p in wanted if 1 <= p <= last):
        if out and out[-1] is not None and n > out[-1] + 1:
            out.append(None)
        out.append(n)
    return out


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def results(request: Request, lib: LibraryDep, params: Annotated[SearchParams, Depends()]):
    result = params.run(lib)
    for hit in result["hits"]:
        hit["genre_label"] = labels.value_label("genre", hit["genre"]) if hit.get("genre") else None
        # an untitled speech is named by where it stands: file and item label (篇一)
        stated = hit.get("title") and not hit.get("title_derived")
        hit["where"] = None if stated else views.first_place(lib, hit["id"])
        for para in hit["paragraphs"]:
            para["pieces"] = views.highlighted(para["text"], para.get("highlights"))
    last = max(1, -(-result["total"] // params.per_page))
    facet_groups = []
    for name, label in FACET_LABELS.items():
        values = (result.get("facets") or {}).get(name) or {}
        if not values:
            continue
        items = []
        for value, count in values.items():
            if name == "year":
                year = (str(params.filters.get("year_from")), str(params.filters.get("year_to")))
                active = year == (str(value), str(value))
                link = params.link(year_from=value, year_to=value)
                clear = params.link(year_from=None, year_to=None)
            else:
                active = params.filters.get(name) == value
                link = params.link(**{name: value})
                clear = params.link(**{name: None})
            items.append(
                {
                    "value": value,
                    "label": labels.value_label(name, value),
                    "count": count,
                    "active": active,
                    "link": clear if active else link,
                }
            )
        facet_groups.append({"name": name, "label": label, "items": items})
    return render(
        request,
        "results.html",
        query=params.q,
        params=params,
        result=result,
        facet_groups=facet_groups,
        pages=page_numbers(params.page, last),
        last_page=last,
        roles=ROLE_CHOICES,
        modes=labels.MODE_LABELS,
        e5=background.status(lib.folder),  # background e5 vectors: a progress line until done
    )
