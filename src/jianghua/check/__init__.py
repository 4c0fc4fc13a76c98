"""查重: find the passages of a draft copied from library speeches (see engine, match, report)."""

from jianghua.check.engine import check_text
from jianghua.check.index import CheckIndex

__all__ = ["CheckIndex", "check_text"]
