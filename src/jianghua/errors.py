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
