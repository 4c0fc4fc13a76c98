"""Cross-site request checks: which POSTs come from this server's own pages.

Why this exists: the server listens on loopback, so any web page the user visits can make the
browser post to it (issue 14: a hostile .docx posted to /api/parse froze the server). Browsers say
where a request comes from: `Sec-Fetch-Site` (sent by current browsers, and it cannot be set by a
page) and `Origin` (sent with every POST). A request whose headers name another site is refused,
whether or not a token is set. With a token, the browser's credential is a cookie it sends by
itself, so a form must also carry the CSRF token this server rendered into it (CSRF_FIELD, or the
CSRF_HEADER for scripts): derived from the access token, it needs no server state and no other
site can know it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import unquote_plus, urlsplit

from python_multipart.multipart import MultipartParser, parse_options_header

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_URLENCODED_FIELD = re.compile(rb"(?:^|&)" + CSRF_FIELD.encode() + rb"=([^&]*)")
_DISPOSITION = re.compile(rb'(?:^|;)\s*name="' + CSRF_FIELD.encode() + rb'"\s*(?:;|$)')
_SLICE = 1 << 16  # multipart bytes parsed between two looks for the field


def csrf_token(token: str) -> str:
    """The CSRF token of the pages served with access token `token`."""
    return hmac.new(token.encode(), b"jianghua csrf", hashlib.sha256).hexdigest()


def _netloc(netloc: str, scheme: str) -> str:
    """host[:port] lowercased, without the scheme's default port."""
    netloc = netloc.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    if default and netloc.endswith(f":{default}") and not netloc.endswith("]"):
        netloc = netloc[: -len(default) - 1]
    return netloc


def cross_site(headers: dict[str, str]) -> bool:
    """True when the browser says the request was made by another site's page (or an opaque
    origin: a sandboxed frame, a file:// page). A request saying nothing (curl, scripts) is not
    cross-site: such a client could send any header it likes anyway."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True  # "same-site" too: another port on localhost is another program
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return fetch_site != "same-origin"
    parts = urlsplit(origin)
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return True
    return _netloc(parts.netloc, parts.scheme) != _netloc(headers.get("host", ""), parts.scheme)


def given_csrf(headers: dict[str, str], body: bytes) -> str | None:
    """The CSRF token a request carries: the header, else the form field of its body."""
    if CSRF_HEADER in headers:
        return headers[CSRF_HEADER]
    kind, params = parse_options_header(headers.get("content-type", ""))
    if kind == b"application/x-www-form-urlencoded":
        found = _URLENCODED_FIELD.search(body)
        return unquote_plus(found.group(1).decode("latin-1")) if found else None
    if kind == b"multipart/form-data" and params.get(b"boundary"):
        return _multipart_field(params[b"boundary"], body)
    return None


def _multipart_field(boundary: bytes, body: bytes) -> str | None:
    """The value of the CSRF_FIELD part of a multipart body. The pages put the field first, so
    parsing stops after the first slice; a part's data is kept only for that field."""
    part: dict = {"field": b"", "value": b"", "ours": False, "data": b""}
    found: list[str] = []

    def on_part_begin():
        part.update(field=b"", value=b"", ours=False, data=b"")

    def on_header_field(data, start, end):
        part["field"] += data[start:end]

    def on_header_value(data, start, end):
        part["value"] += data[start:end]

    def on_header_end():
        if part["field"].lower() == b"content-disposition":
            part["ours"] = bool(_DISPOSITION.search(part["value"]))
        part.update(field=b"", value=b"")

    def on_part_data(data, start, end):
        if part["ours"] and len(part["data"]) < 256:
            part["data"] += data[start:end]

    def on_part_end():
        if part["ours"]:
            found.append(part["data"].decode("latin-1"))

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        for start in range(0, len(body), _SLICE):
            parser.write(body[start : start + _SLICE])
            if found:
                break
    except Exception:  # noqa: BLE001 - a malformed body: what was found so far, if anything
        pass
    return found[0] if found else None


def csrf_ok(expected: str, headers: dict[str, str], body: bytes) -> bool:
    """True when the request carries the CSRF token `expected`."""
    given = given_csrf(headers, body)
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
