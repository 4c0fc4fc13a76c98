"""Command line: each command parses options, makes one library call and prints the result.

Every module in this package except ``common`` holds commands; importing them registers the
commands on ``app``. Named library exceptions become clean messages and non-zero exit codes.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from jianghua.cli.common import app, err, plain
from jianghua.errors import JianghuaError

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module not in ("common", "__main__"):
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - entry point for `python -m jianghua.cli`
    try:
        app()
    except JianghuaError as exc:
        err.print(f"错误：{plain(exc)}", markup=False, soft_wrap=True)
        sys.exit(2)
