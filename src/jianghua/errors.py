"""Named exceptions. The CLI maps them to messages and exit codes, the web app to HTTP codes."""


class JianghuaError(Exception):
    """Base class of every error jianghua raises on purpose."""


class SourceError(JianghuaError):
    """A source file cannot be read: names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LibraryError(JianghuaError):
    """The library folder or its store is missing or unusable."""


class NotFound(JianghuaError):
    """A speech (or other record) asked for by id does not exist."""


class BudgetExceeded(SourceError):
    """Reading stopped because the text passed `limit` characters (kind "chars") or reading took
    longer than `limit` seconds (kind "seconds"); see jianghua.sources.budget."""

    def __init__(self, path: str, kind: str, limit: float):
        if kind == "chars":
            reason = f"text longer than {limit} characters (reading stopped there)"
        else:
            reason = f"reading took longer than {limit:g} s (stopped)"
        super().__init__(path, reason)
        self.kind = kind
        self.limit = limit
