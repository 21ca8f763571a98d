"""Field values: from Salesforce file text to stored values, and back to file text.

Stored forms are chosen so that text written by `format_value` parses back to the same stored
value: booleans as bool, numbers as int or float, dates as 'YYYY-MM-DD', datetimes as UTC
'YYYY-MM-DDTHH:MM:SS.sssZ' (the form Salesforce itself writes), ids in their 18-character form.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache

from steward.core.fields import Kind
from steward.core.ids import to18

Stored = str | int | float | bool | None

_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})
_EXACT_BOOLS = {"true": True, "false": False, "1": True, "0": False}
_CANONICAL_DT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET_RE = re.compile(r"([+-])(\d{2})(\d{2})$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class ValueProblem(ValueError):
    """A value that cannot be read as its field's kind; the message says what was expected."""


def parse_bool(text: str) -> bool:
    exact = _EXACT_BOOLS.get(text)  # Salesforce writes true/false: skip the normalising
    if exact is not None:
        return exact
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueProblem(f"{_show(text)} is not a yes/no value (true/false, yes/no, 1/0)")


def parse_date(text: str) -> str:
    stripped = text.strip()
    if _DATE_RE.match(stripped):
        try:
            date.fromisoformat(stripped)
        except ValueError:
            raise ValueProblem(f"{_show(text)} is not a real date") from None
        return stripped
    raise ValueProblem(f"{_show(text)} is not a date in the form yyyy-MM-dd")


def parse_datetime(text: str) -> str:
    stripped = text.strip()
    if _CANONICAL_DT_RE.match(stripped):
        try:
            datetime.fromisoformat(stripped)
        except ValueError:
            raise ValueProblem(f"{_show(text)} is not a real date and time") from None
        return stripped
    candidate = _OFFSET_RE.sub(r"\1\2:\3", stripped.replace(" ", "T", 1))
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        if _DATE_RE.match(stripped):  # a bare date in a datetime column means its midnight UTC
            return parse_date(stripped) + "T00:00:00.000Z"
        raise ValueProblem(
            f"{_show(text)} is not a date and time like 2024-03-05T14:22:10.000Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # Salesforce writes UTC when it gives no zone
    return format_datetime(moment)


def format_datetime(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:"
        f"{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


def parse_int(text: str) -> int:
    stripped = text.strip().replace(",", "")
    try:
        number = float(stripped) if _NUMBER_RE.match(stripped) else math.nan
    except OverflowError:
        number = math.nan
    if math.isnan(number) or math.isinf(number) or number != int(number):
        raise ValueProblem(f"{_show(text)} is not a whole number")
    return int(number)


def parse_float(text: str) -> float:
    stripped = text.strip().replace(",", "")
    if not _NUMBER_RE.match(stripped):
        raise ValueProblem(f"{_show(text)} is not a number")
    number = float(stripped)
    if math.isinf(number):
        raise ValueProblem(f"{_show(text)} is too large a number")
    return number


def parse_id(text: str) -> str:
    try:
        return to18(text)
    except ValueError as error:
        raise ValueProblem(str(error)) from None


@lru_cache(maxsize=1 << 16)
def parse_ref(text: str) -> str:
    """parse_id for references, which repeat (owners, creators, accounts): cached."""
    return parse_id(text)


def parser_for(kind: Kind) -> Callable[[str], Stored]:
    """The parser of a typed kind's text that is not blank (for loops over many rows)."""
    if kind is Kind.STR:
        return lambda text: text
    return _PARSERS[kind]


def parse_value(kind: Kind, text: str) -> Stored:
    """The stored value of a field's file text; '' (or only spaces) is None for typed kinds."""
    if kind is Kind.STR:
        return text if text else None
    if not text.strip():
        return None
    parser: Callable[[str], Stored] = _PARSERS[kind]
    return parser(text)


def format_value(kind: Kind, value: Stored) -> str:
    """The file text of a stored value, in the forms Data Loader accepts."""
    if value is None:
        return ""
    if kind is Kind.BOOL or isinstance(value, bool):
        return "true" if value else "false"
    if kind is Kind.FLOAT and isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


_PARSERS: dict[Kind, Callable[[str], Stored]] = {
    Kind.ID: parse_id,
    Kind.REF: parse_ref,
    Kind.BOOL: parse_bool,
    Kind.INT: parse_int,
    Kind.FLOAT: parse_float,
    Kind.DATE: parse_date,
    Kind.DATETIME: parse_datetime,
}


def _show(text: str) -> str:
    """A value as quoted in a message: short enough for one line."""
    return repr(text if len(text) <= 40 else text[:37] + "...")
