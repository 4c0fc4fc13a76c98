"""The web UI and JSON API (FastAPI + Jinja2), started by `jianghua serve`.

`app.create_app` builds the application; every module `routes_*.py` here that exposes
`router = APIRouter()` is included automatically, so a feature adds its pages as a new file.
"""
