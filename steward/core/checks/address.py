"""The address check: is the lead's address complete, and does each part fit its country?

Order of judgement: the country first (everything else depends on it), then the state or
province against pycountry's subdivisions, the postal code against the country's format, and
last completeness. The worst finding sets the status; every tidy-up (country name, state form,
postal code layout) is gathered into one Fix keyed by Salesforce field names.

State forms (kept simple on purpose):
- US, CA, AU, BR: the postal abbreviation ('California' -> 'CA', 'nsw' -> 'NSW').
- DE, AT, IN, JP, MX: the full name as pycountry has it ('BY' -> 'Bayern'); English names we
  know ('Bavaria') are accepted as typed.
- Elsewhere: any recognised code or name is accepted as typed, with no fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from steward.core.checks.countries import adjective, match_key, resolve_country
from steward.core.checks.postal import normalise_postal, postal_format
from steward.core.checks.result import CheckResult, Fix, Status

CHECK_ID = "address"

_CODE_STYLE = frozenset({"US", "CA", "AU", "BR"})
_NAME_STYLE = frozenset({"DE", "AT", "IN", "JP", "MX"})
_STATE_EXPECTED = frozenset({"US", "CA", "AU"})  # addresses there are not complete without one

# English names of subdivisions that pycountry only has in the local language.
_ENGLISH_NAMES: dict[str, dict[str, str]] = {
    "DE": {
        "bavaria": "DE-BY",
        "lower saxony": "DE-NI",
        "north rhine westphalia": "DE-NW",
        "rhineland palatinate": "DE-RP",
        "saxony": "DE-SN",
        "saxony anhalt": "DE-ST",
        "thuringia": "DE-TH",
        "hesse": "DE-HE",
        "mecklenburg western pomerania": "DE-MV",
    },
    "AT": {"vienna": "AT-9", "lower austria": "AT-3", "upper austria": "AT-4", "tyrol": "AT-7"},
}
# Words Chinese subdivision names carry that nobody types ('Guangdong Sheng').
_DROP_SUFFIXES = (" sheng", " shi", " zizhiqu", " sar")

_STATUS_RANK = {Status.UNKNOWN: 0, Status.PASS: 1, Status.WARN: 2, Status.FAIL: 3}


@dataclass(frozen=True, slots=True)
class _Subdivision:
    code: str  # 'US-CA'
    name: str  # 'California'
    english: bool = False  # matched through _ENGLISH_NAMES

    @property
    def short(self) -> str:
        return self.code.split("-", 1)[1]


@cache
def _subdivisions(alpha_2: str) -> dict[str, _Subdivision]:
    """Every accepted spelling (in match_key form) -> subdivision; empty when pycountry has none."""
    records = pycountry.subdivisions.get(country_code=alpha_2) or []  # type: ignore[no-untyped-call]
    by_code = {str(r.code): _Subdivision(str(r.code), str(r.name)) for r in records}
    index: dict[str, _Subdivision] = {}
    for sub in by_code.values():
        index.setdefault(match_key(sub.name), sub)
        for suffix in _DROP_SUFFIXES:
            if match_key(sub.name).endswith(suffix):
                index.setdefault(match_key(sub.name)[: -len(suffix)], sub)
    for english, code in _ENGLISH_NAMES.get(alpha_2, {}).items():
        if code in by_code:
            index.setdefault(english, _Subdivision(code, by_code[code].name, english=True))
    # Codes last, so that a name never loses to a code that happens to spell the same.
    for sub in by_code.values():
        index.setdefault(match_key(sub.short), sub)
        index.setdefault(match_key(sub.code), sub)
    return index


@lru_cache(maxsize=4096)
def _state(alpha_2: str, text: str) -> tuple[bool, str | None]:
    """(recognised, conventional form or None when the typed text is already fine)."""
    index = _subdivisions(alpha_2)
    if not index:
        return True, None  # pycountry knows no subdivisions: nothing to judge by
    sub = index.get(match_key(text))
    if sub is None:
        return False, None
    typed = text.strip()
    if alpha_2 in _CODE_STYLE:
        wanted = sub.short
    elif alpha_2 in _NAME_STYLE:
        is_name = match_key(typed) != match_key(sub.short) and match_key(typed) != match_key(
            sub.code
        )
        wanted = typed if is_name and (sub.english or typed == sub.name) else sub.name
    else:
        wanted = typed
    return True, (wanted if wanted != typed else None)


def _clean(value: str | None) -> str:
    """The field's text, trimmed; control characters count as nothing."""
    if not value:
        return ""
    return "".join(c for c in value if c.isprintable()).strip()


def _the(name: str) -> str:
    """'the United States', 'the Netherlands', but 'Germany'."""
    plural = name.startswith("United ") or name.endswith(("lands", "ines", "amas"))
    return f"the {name}" if plural else name


def _postal_noun(alpha_2: str, country_name: str) -> str:
    adj = adjective(alpha_2)
    if adj is None:
        return f"a postal code of {country_name}"
    article = "an" if adj[0] in "AEIO" else "a"  # not "an UK", "an US"
    return f"{article} {adj} postal code"


def _present_phrase(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0].capitalize()
    return (", ".join(parts[:-1]) + " and " + parts[-1]).capitalize()


def check_address(
    street: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
    country: str | None,
) -> CheckResult:
    """Judge one lead's address; see the module docstring for the order and state forms."""
    parts = {
        "street": _clean(street),
        "city": _clean(city),
        "state": _clean(state),
        "postal code": _clean(postal_code),
        "country": _clean(country),
    }
    if not any(parts.values()):
        return CheckResult(CHECK_ID, Status.UNKNOWN, "No address")

    status = Status.PASS
    problems: list[str] = []
    fixes: dict[str, str] = {}
    details: dict[str, str] = {k.replace(" ", "_"): v for k, v in parts.items() if v}

    def worse(new: Status, problem: str) -> None:
        nonlocal status
        problems.append(problem)
        if _STATUS_RANK[new] > _STATUS_RANK[status]:
            status = new

    missing = [k for k in ("street", "city", "postal code", "country") if not parts[k]]
    resolved = resolve_country(parts["country"]) if parts["country"] else None
    if parts["country"] and resolved is None:
        worse(Status.FAIL, f"Country '{parts['country'][:40]}' not recognised")
    if resolved is not None:
        code = resolved.alpha_2
        details["country_code"] = code
        details["country"] = resolved.name
        if parts["country"] != resolved.name:
            fixes["Country"] = resolved.name
        if code in _STATE_EXPECTED and not parts["state"]:
            missing.insert(2, "state")
        if parts["state"]:
            ok, wanted = _state(code, parts["state"])
            if not ok:
                worse(
                    Status.WARN, f"'{parts['state'][:40]}' is not a state of {_the(resolved.name)}"
                )
            elif wanted is not None:
                fixes["State"] = wanted
                details["state"] = wanted
        fmt = postal_format(code)
        if fmt is not None and not fmt.required and "postal code" in missing:
            missing.remove("postal code")  # IE, AE, HK ...: no code is normal
        if parts["postal code"] and fmt is not None:
            normalised = normalise_postal(code, parts["postal code"])
            if not fmt.has_codes:
                worse(Status.WARN, f"{resolved.name} does not use postal codes")
            elif normalised is None:
                noun = _postal_noun(code, resolved.name)
                worse(
                    Status.FAIL,
                    f"'{parts['postal code'][:20]}' is not {noun} ({fmt.description})",
                )
            else:
                details["postal_code"] = normalised
                if normalised != parts["postal code"]:
                    fixes["PostalCode"] = normalised

    if missing:
        worse(Status.WARN, "Missing: " + ", ".join(missing))
    present = [k for k in ("street", "city", "state", "postal code", "country") if parts[k]]
    evidence = "; ".join(problems) if problems else _present_phrase(present) + " present"
    fix = Fix("Tidy address", fixes) if fixes else None
    return CheckResult(CHECK_ID, status, evidence, fix, details)
