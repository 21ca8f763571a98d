"""Friendlier labels for field API names: 'NumberOfEmployees' -> 'Number of employees'."""

from __future__ import annotations

import re
from functools import cache

from steward.jobs.match import WARNING_WORDS

_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
_KEEP_CASE = {"ID": "ID", "URL": "URL", "SIC": "SIC"}
# Checklist sub-checks have no item of their own in a template, so no label there.
SUB_CHECK_LABELS = {"email.deliverability": "Email takes mail"}


@cache
def field_label(name: str) -> str:
    """A sentence-case label for a standard field; other column names are kept as they are.

    Custom fields (Score__c) and headers that are not API names stay verbatim: they are how the
    steward's own org and files spell them.
    """
    if not name.isidentifier() or "_" in name:
        return name
    words = _WORD_RE.findall(name)
    if not words:
        return name
    out = []
    for index, word in enumerate(words):
        upper = word.upper()
        if upper in _KEEP_CASE or (word == "Id" and index > 0):
            out.append(_KEEP_CASE.get(upper, "ID"))
        elif index == 0:
            out.append(word[0].upper() + word[1:].lower())
        else:
            out.append(word.lower())
    return " ".join(out)


def warning_label(word: str) -> str:
    """'open_deal' -> 'In an open deal': a lead's match warning as the screens show it."""
    words = WARNING_WORDS.get(word, word.replace("_", " "))
    return words[:1].upper() + words[1:]
