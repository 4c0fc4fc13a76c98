"""查重: find the passages of a draft copied from library speeches.

index (fingerprints of every speech) → engine (candidates, seeds) → match (alignment, common
formulations) → classes (quotations, 提法) → report (CNKI figures, sources per family) → render
(HTML, DOCX).
"""

from jianghua.check.engine import check_text
from jianghua.check.index import CheckIndex

__all__ = ["CheckIndex", "check_text"]
