"""Error messages as a client may see them: no absolute paths.

Library errors name the library folder or a file by its full path, which is right on the command
line and wrong over HTTP: a client is to learn nothing of where the library, the sources or the
server's temporary files are. Every message the web app shows from an exception goes through
`public`.
"""

from __future__ import annotations

import re

# An absolute path of two or more parts (POSIX or Windows); the last part is kept.
_PART = r"[^\s/\\'\"():;,]+"
_ABSOLUTE_PATH = re.compile(rf"(?<![\w.~-])(?:/|[A-Za-z]:\\)(?:{_PART}[/\\])+({_PART})[/\\]?")


def public(message: str) -> str:
    """`message` with every absolute path cut to its last part (a file or folder name): an error
    must not tell a client where the library or the server's temporary files are."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1), message)
