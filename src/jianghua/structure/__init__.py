"""Structure of one speech: outline, parts and roles, metadata, loss flags, formulations.

`analyze` is a pure function of a cleaned Speech; the pipeline calls it in the workers and the
store keeps its result as JSON beside the speech.
"""

from __future__ import annotations

from jianghua.records import Speech


def analyze(speech: Speech) -> dict:
    """The structure of `speech` as a JSON-ready dict (filled in by the structure issue)."""
    return {}
