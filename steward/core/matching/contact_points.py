"""Email addresses, web domains, phone numbers and addresses in the forms matching compares.

Imports call these for every record, so each has a fast path for the common shapes and falls
back to the thorough library only when a value is unusual.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import phonenumbers
from publicsuffixlist import PublicSuffixList

from steward.core.checks.email import is_free_mail
from steward.core.checks.phone import looks_made_up
from steward.core.checks.relationship import site_domain
from steward.core.normalize import fold

_DOTLESS_MAILBOXES = frozenset({"gmail.com", "googlemail.com"})
# What people type when the form wants an address and they will not give one. Two leads
# both on smith@noemail.com share nothing, so such addresses are no evidence at all.
_PLACEHOLDER_MAIL_DOMAINS = frozenset(
    {
        "example.com", "example.net", "example.org", "test.com", "noemail.com",
        "no-email.com", "noemail.net", "nomail.com", "none.com", "email.invalid",
    }
)  # fmt: skip
_RESERVED_ENDINGS = (".invalid", ".test", ".example", ".localhost")  # RFC 2606
_NON_DIGIT_RE = re.compile(r"\D+")
_TRUNK_IN_BRACKETS_RE = re.compile(r"\(\s*0\s*\)")
_EXTENSION_RE = re.compile(r"\s*(?:ext\.?|x|#)\s*\d+\s*$", re.IGNORECASE)
_EXTENSION_CHARS = frozenset("xX#")  # every extension _EXTENSION_RE finds has one ("ext")
_NANP = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
# Regions whose national numbers keep their leading zero after the country code.
_ZERO_KEPT = frozenset({"IT", "SM", "VA", "CI", "GA", "CG", "TG", "BJ", "BF"})


@cache
def _suffixes() -> PublicSuffixList:
    # The list bundled with the package: no download, ever.
    return PublicSuffixList()


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """'mail.eu.acme.co.uk' -> 'acme.co.uk'; '' for a bare public suffix or no host."""
    host = host.strip().strip(".").lower()
    if not host or "." not in host:
        return ""
    return _suffixes().privatesuffix(host) or ""


def email_key(email: str | None) -> str:
    """An address as its owner's mailbox: lower case, '+tag' removed, Gmail's dots removed;
    '' for a placeholder such as smith@noemail.com."""
    if not email:
        return ""
    text = email.strip().lower()
    if text.startswith("mailto:"):
        text = text[7:]
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain:
        return ""
    local = local.split("+", 1)[0]
    domain = domain.strip(" >.")
    if domain in _PLACEHOLDER_MAIL_DOMAINS or domain.endswith(_RESERVED_ENDINGS):
        return ""
    if domain in _DOTLESS_MAILBOXES:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}" if local else ""


@lru_cache(maxsize=65536)
def _organisation_domain(mail_domain: str) -> str:
    return "" if is_free_mail(mail_domain) else registrable_domain(mail_domain)


def company_domain(email_key_text: str, website: str | None) -> str:
    """The organisation's registrable domain: the mailbox's, unless that is a free-mail
    provider, then the website's."""
    domain = email_key_text.rpartition("@")[2]
    found = _organisation_domain(domain) if domain else ""
    if found:
        return found
    return registrable_domain(site_domain(website)) if website else ""


@lru_cache(maxsize=512)
def _region(region: str) -> tuple[str, str, re.Pattern[str] | None] | None:
    """(country calling code, national trunk prefix, the region's own prefix rule) from
    phonenumbers' data. The rule is None where the trunk prefix is all there is; elsewhere
    (Britain's '180020', Belarus's '8 0', Argentina's mobile '15') a number that starts with
    more than the plain prefix is left to phonenumbers."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.country_code is None:
        return None
    trunk = metadata.national_prefix or ""
    parsing = metadata.national_prefix_for_parsing
    special = None
    if (parsing is not None and parsing != trunk) or metadata.national_prefix_transform_rule:
        special = re.compile(parsing or re.escape(trunk))
    return str(metadata.country_code), trunk, special


def e164(text: str | None, region: str | None) -> str:
    """A phone number as '+<country><number>', or '' when it cannot be one.

    Numbers written with '+' or '00' are international already; others are read as national
    numbers of `region` (the record's country), without their trunk prefix. Unusual shapes go
    to phonenumbers. A number without a country and without '+' is taken for North American
    when it has that shape, and otherwise keeps only its digits, so it still matches the same
    number typed the same way. Made-up numbers (all zeros, 555-01xx) are no number at all.
    """
    if not text:
        return ""
    raw = text.strip()
    if raw.isdecimal():  # most numbers in exports: no regular expression needed
        digits = raw
    else:
        if "(" in raw:
            raw = _TRUNK_IN_BRACKETS_RE.sub("", raw)
        if not _EXTENSION_CHARS.isdisjoint(raw):
            raw = _EXTENSION_RE.sub("", raw)
        digits = _NON_DIGIT_RE.sub("", raw)
    if not 6 <= len(digits) <= 17 or (_suspicious(digits) and looks_made_up(digits)):
        return ""
    if raw.startswith("+"):
        return "+" + digits if 8 <= len(digits) <= 15 else ""
    if digits.startswith("00") and region not in _NANP:
        return "+" + digits[2:] if 8 <= len(digits) - 2 <= 15 else ""
    if region is None:
        if len(digits) == 11 and digits[0] == "1":
            digits = digits[1:]
        if len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789":
            return "+1" + digits
        return digits
    if region in _NANP:
        if len(digits) == 11 and digits[0] == "1":
            digits = digits[1:]
        if len(digits) == 10:
            return "+1" + digits
        if digits.startswith("011"):
            return "+" + digits[3:]
        return _thorough(raw, region)
    found = _region(region)
    if found is None:
        return digits
    code, trunk, special = found
    if special is not None:
        prefix = special.match(digits)
        if prefix is not None and (prefix.group(0) != trunk or any(prefix.groups())):
            return _thorough(raw, region)
    if region in _ZERO_KEPT:
        return "+" + code + digits
    if trunk and digits.startswith(trunk):
        return "+" + code + digits[len(trunk) :]
    if not digits.startswith(code):
        # written without its trunk prefix ('(0)20 ...' once the '(0)' is gone), or a
        # country that has none (Spain): phonenumbers reads these the same way
        return "+" + code + digits
    return _thorough(raw, region)


_RUNS = "01234567890123456789" + "98765432109876543210"


def _suspicious(digits: str) -> bool:
    """A cheap first look for made-up numbers; looks_made_up decides."""
    return "555" in digits or len(set(digits[-7:])) <= 2 or digits[-7:] in _RUNS


def _thorough(text: str, region: str) -> str:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_POSTCODE_SEP_RE = re.compile(r"[\s\-.]+")
_ZIP_PLUS_FOUR_RE = re.compile(r"^(\d{5})-?\d{4}$")


def postcode_key(text: str | None) -> str:
    """'sw1a 1aa' -> 'SW1A1AA'; '94105-1234' -> '94105'."""
    if not text:
        return ""
    stripped = text.strip()
    zip_match = _ZIP_PLUS_FOUR_RE.match(stripped)
    if zip_match:
        return zip_match.group(1)
    return _POSTCODE_SEP_RE.sub("", stripped).upper()


_STREET_WORDS = {
    "street": "st",
    "str": "st",
    "strasse": "st",
    "avenue": "ave",
    "av": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "place": "pl",
    "court": "ct",
    "square": "sq",
    "highway": "hwy",
    "parkway": "pkwy",
    "terrace": "ter",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
}
_UNIT_WORDS = frozenset({"floor", "fl", "suite", "ste", "unit", "apt", "room", "rm", "building"})
_STREET_PUNCT_RE = re.compile(r"[^\w\s]|_")
_STRASSE_RE = re.compile(r"(?<=\w)(strasse|str)\b")


def _is_unit(part: str) -> bool:
    """'Floor 10', 'Ste 400', '#300': where in the building, not which building."""
    words = fold(part).split()
    return not words or words[0].strip("#.") in _UNIT_WORDS or part.strip().startswith("#")


@lru_cache(maxsize=65536)
def street_key(text: str | None) -> str:
    """The street line without floor or suite, words shortened alike:
    '64 Center Street, Floor 44' -> '64 center st'; 'Ste 400\n712 2nd Street' -> '712 2nd st'."""
    if not text:
        return ""
    kept: list[str] = []
    for line in text.splitlines():  # the first line that names a street
        kept = [part for part in line.split(",") if part.strip() and not _is_unit(part)]
        if kept:
            break
    folded = _STRASSE_RE.sub(r" \1", fold(" ".join(kept)).replace("ß", "ss"))
    words = _STREET_PUNCT_RE.sub(" ", folded).split()
    out: list[str] = []
    for word in words:
        if word in _UNIT_WORDS:
            break
        out.append(_STREET_WORDS.get(word, word))
    return " ".join(out)
