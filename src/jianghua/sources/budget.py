"""How much text a reader may produce, and for how long: checked while reading, not after.

Why this exists: a 5.4 MB .docx holding 195 MB of XML (issue 14) took 33 s and 2.8 GB to read whole
before the web app's 200,000-character draft limit was even looked at. Readers given a Budget check
it as they go (the .docx reader after every unpacked chunk) and raise BudgetExceeded as soon as the
text passes `max_chars` or the clock passes `seconds` since the budget was made.
"""

from __future__ import annotations

import time

from jianghua.errors import BudgetExceeded


class Budget:
    """At most `max_chars` characters of text, within `seconds` from now (None: no limit)."""

    def __init__(self, max_chars: int | None = None, seconds: float | None = None):
        self.max_chars = max_chars
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self, path: str, chars: int = 0) -> None:
        """Raise BudgetExceeded (naming `path`) if `chars` or the time spent is over budget."""
        if self.max_chars is not None and chars > self.max_chars:
            raise BudgetExceeded(path, "chars", self.max_chars)
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise BudgetExceeded(path, "seconds", self.seconds)


def check(budget: Budget | None, path: str, chars: int = 0) -> None:
    """`budget.check(path, chars)` when there is a budget."""
    if budget is not None:
        budget.check(path, chars)
