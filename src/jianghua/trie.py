"""A regex for a word list, factored by common prefixes ("长(?:春|沙)" for 长春|长沙).

Python's regex engine tries the alternatives of a flat alternation one by one at each position;
factored, it follows one branch per character. Longer words win over their prefixes
(政协委员 over 政协), as in a longest-first alternation.
"""

from __future__ import annotations

import re

_END = ""


def trie_pattern(words) -> str:
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body


def trie_regex(words) -> re.Pattern:
    return re.compile(trie_pattern(words))
