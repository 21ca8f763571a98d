"""Company names reduced to a key: 'The Acme Company, Inc.' and 'ACME' become 'acme'.

Legal-form suffixes come from the `cleanco` package's term lists (about 320 forms from some 60
countries: Inc, LLC, Ltd, GmbH & Co. KG, S.A. de C.V., Pty Ltd, ...). cleanco's own cleaner
tries every term as a regular expression, 30 µs a name; here the terms are normalised once
into a set of token tuples and stripped from the end of the token list, under 2 µs.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cleanco import termdata

from steward.core.normalize import fold

# Dots and apostrophes join ('S.A.' -> 'sa', "McDonald's" -> 'mcdonalds'); other punctuation
# separates words.
_JOIN_RE = re.compile(r"[.'’`´/]")
_SPLIT_RE = re.compile(r"[^\w\s]|_")
_FILLER = frozenset({"and", "und", "et", "y", "e", "the"})


_TIGHT_AMPERSAND_RE = re.compile(r"(?<=\w)&(?=\w)")
# Forms cleanco lacks, as token tuples.
_EXTRA_TERMS = (("sab", "de", "cv"), ("sapi", "de", "cv"), ("s", "de", "rl", "de", "cv"))


def _tokens(text: str) -> list[str]:
    # 'AT&T' is one word; 'Cascade & Snow' is two names joined.
    folded = _TIGHT_AMPERSAND_RE.sub("", fold(text)).replace("&", " and ").replace("+", " and ")
    return _SPLIT_RE.sub(" ", _JOIN_RE.sub("", folded)).split()


@cache
def _legal_terms() -> dict[str, list[tuple[str, ...]]]:
    """Legal forms as token tuples, by their last token, longest first."""
    terms: set[tuple[str, ...]] = set(_EXTRA_TERMS)
    for table in (termdata.terms_by_country, termdata.terms_by_type):
        for listed in table.values():
            for term in listed:
                tokens = tuple(t for t in _tokens(term) if t != "and")
                if tokens:
                    terms.add(tokens)
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for tokens in sorted(terms, key=len, reverse=True):
        by_last.setdefault(tokens[-1], []).append(tokens)
    return by_last


@lru_cache(maxsize=65536)
def company_key(name: str | None) -> str:
    """The words that name the company: folded, no legal form, no 'and' or leading 'the'."""
    if not name:
        return ""
    words = [w for w in _tokens(name) if w != "and"]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    terms = _legal_terms()
    while len(words) > 1:
        endings = terms.get(words[-1])
        if endings is None:
            break
        size = next(
            (len(t) for t in endings if len(t) < len(words) and tuple(words[-len(t) :]) == t), 0
        )
        if not size:
            break
        del words[-size:]
    return " ".join(w for w in words if w not in _FILLER or len(words) == 1)


def acronym(key: str) -> str:
    """The initials of a company key of two or more words: 'international business machines'
    -> 'ibm'; '' for a one-word key."""
    words = key.split()
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_acronym_of(short: str, key: str) -> bool:
    """'ibm' and 'international business machines', either way round."""
    if not short or not key or (" " in short and " " in key):
        return False
    if " " in short:
        short, key = key, short
    return len(short) >= 2 and short == acronym(key)
