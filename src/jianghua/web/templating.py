"""Templates shared by every router: one Jinja2 environment with autoescaping always on.

Scraped text is untrusted, so templates never mark it safe; highlighted and annotated text is
passed as a list of (text, classes) pieces that the template escapes one by one.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

from jianghua.web.csrf import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # every template, whatever its extension
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context):
    """Render templates/<name> with `context`; `request` is available to the template, and so
    are `csrf_field` and `csrf_token` (empty without an access token), which every POST form
    carries (templates/csrf_field.html)."""
    token = request.app.state.token
    context = {
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(token) if token else "",
        **context,
    }
    return templates.TemplateResponse(request, name, context, status_code=status_code)
