"""Chart geometry for the 研究 page, drawn as SVG by the server (the CSP forbids inline script
and CDNs). Functions return plain shapes (points, bars, labels); the template writes them out,
escaped, so no text of the library reaches the SVG unescaped.

The trend chart puts the number of families per year under the lines, on the same x axis: a
peak in a year of three speeches is visible as such.
"""

from __future__ import annotations

import math

PALETTE = ("#b5202e", "#1f5fa8", "#2d6a4f", "#bc6c25", "#6a4c93", "#577590", "#9d0208", "#386641")
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP = 56, 16, 16
LINES_HEIGHT = 170  # the upper panel: per-10k lines
BARS_TOP, BARS_HEIGHT = 222, 48  # the lower panel: families per year


def _ticks(top: float, n: int = 4) -> list[float]:
    """n + 1 round grid values from 0 to at least `top`."""
    raw = top / n if top > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(k * magnitude for k in (1, 2, 2.5, 5, 10) if k * magnitude >= raw)
    return [round(step * i, 6) for i in range(n + 1)]


def _fmt(v: float) -> str:
    return f"{v:g}"


def trend_chart(trend: dict, metric: str = "per10k") -> dict:
    """Lines of `metric` per year for each term, and bars of families per year below."""
    years = [v for v in trend["values"] if v.isdigit()]
    if not years:
        return {"empty": True, "width": WIDTH, "height": HEIGHT}
    span = list(range(int(years[0]), int(years[-1]) + 1))  # every year, stated or not
    totals = {t["value"]: t for t in trend["totals"]}
    rows = {(r["term"], r["value"]): r for r in trend["rows"]}
    top = max([rows[k][metric] for k in rows if k[1].isdigit()] + [0]) or 1
    ticks = _ticks(top)
    top = max(ticks[-1], top)
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(len(span), 1)
    x = {y: LEFT + step * (i + 0.5) for i, y in enumerate(span)}

    def y_of(v: float) -> float:
        return round(TOP + LINES_HEIGHT * (1 - v / top), 1)

    series = []
    for i, term in enumerate(trend["terms"]):
        points = []
        for year in span:
            row = rows.get((term["label"], str(year)))
            if row is None:
                continue  # no speech of that year: no point, the line skips it
            points.append({"x": round(x[year], 1), "y": y_of(row[metric]), "year": year,
                           "value": _fmt(row[metric]), "speeches": row["speeches"]})  # fmt: skip
        series.append(
            {
                "label": term["label"],
                "color": PALETTE[i % len(PALETTE)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    most = max((totals[str(y)]["families"] for y in span if str(y) in totals), default=1) or 1
    bars = []
    for year in span:
        n = totals.get(str(year), {}).get("families", 0)
        h = round(BARS_HEIGHT * n / most, 1)
        bars.append({"x": round(x[year] - step * 0.35, 1), "w": round(step * 0.7, 1),
                     "y": round(BARS_TOP + BARS_HEIGHT - h, 1), "h": h, "n": n, "year": year,
                     "thin": n < 5})  # fmt: skip
    every = max(1, len(span) // 12)  # at most a dozen year labels
    return {
        "empty": False,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "series": series,
        "bars": bars,
        "grid": [{"y": y_of(t), "label": _fmt(t)} for t in ticks],
        "years": [
            {"x": round(x[y], 1), "label": str(y)} for i, y in enumerate(span) if i % every == 0
        ],
        "bars_top": BARS_TOP,
        "bars_bottom": BARS_TOP + BARS_HEIGHT,
        "lines_bottom": TOP + LINES_HEIGHT,
        "most": most,
    }


def bar_chart(trend: dict, metric: str = "per10k", limit: int = 12) -> dict:
    """Horizontal grouped bars of `metric` per facet value (levels, sectors) and term."""
    values = trend["values"][:limit]
    rows = {(r["term"], r["value"]): r for r in trend["rows"]}
    terms = trend["terms"]
    top = max([rows[(t["label"], v)][metric] for t in terms for v in values] + [0]) or 1
    label_w, bar_h, gap = 110, 14, 10
    group_h = bar_h * len(terms) + gap
    width = WIDTH
    inner = width - label_w - 70
    groups = []
    for gi, value in enumerate(values):
        y0 = 8 + gi * group_h
        bars = []
        for ti, term in enumerate(terms):
            row = rows[(term["label"], value)]
            w = round(inner * row[metric] / top, 1)
            bars.append({"y": y0 + ti * bar_h, "w": w, "h": bar_h - 2, "value": _fmt(row[metric]),
                         "color": PALETTE[ti % len(PALETTE)]})  # fmt: skip
        families = next(t["families"] for t in trend["totals"] if t["value"] == value)
        groups.append(
            {
                "label": value,
                "y": y0 + group_h / 2 - gap / 2 + 4,
                "families": families,
                "bars": bars,
            }
        )
    return {
        "width": width,
        "height": 8 + group_h * len(values) + 4,
        "x0": label_w,
        "groups": groups,
        "legend": [
            {"label": t["label"], "color": PALETTE[i % len(PALETTE)]} for i, t in enumerate(terms)
        ],
    }
