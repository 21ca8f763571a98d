"""Ideal Customer Profile fit: rules from a small TOML file, a score 0..100 and a tier.

The rules are data the organisation edits (resources/rules/icp.toml is the default); this
module only reads them and scores a lead, naming the rules that fired as evidence.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from steward.core.checks.countries import resolve_country
from steward.core.checks.result import CheckResult, Status
from steward.core.normalize import fold

SUPPORTED_VERSION = 1


class RulesProblem(ValueError):
    """The rule file cannot be used; the message names the rule and what is wrong."""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    field: str
    op: str
    values: tuple[Any, ...]
    points: int
    test: Callable[[Any], bool]


@dataclass(frozen=True, slots=True)
class IcpRules:
    rules: tuple[Rule, ...]
    tiers: tuple[tuple[str, int], ...]  # highest threshold first

    @property
    def positive_points(self) -> int:
        return sum(rule.points for rule in self.rules if rule.points > 0)


def load_rules(text: str, *, source: str = "ICP rules") -> IcpRules:
    """Rules from TOML text; raises RulesProblem with the rule's name for anything wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesProblem(f"{source}: not valid TOML ({error})") from None
    version = data.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION:
        raise RulesProblem(f"{source}: version {version} is not one this Steward reads")
    tiers = data.get("tiers", {"A": 75, "B": 50, "C": 25})
    if not isinstance(tiers, dict) or not all(isinstance(v, int) for v in tiers.values()):
        raise RulesProblem(f"{source}: [tiers] must map tier names to whole-number thresholds")
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RulesProblem(f"{source}: rules must be [[rule]] tables, not a single value")
    rules = tuple(_rule(raw, f"{source}, rule {n}") for n, raw in enumerate(entries, 1))
    if not rules:
        raise RulesProblem(f"{source}: has no [[rule]] entries")
    ordered = tuple(sorted(tiers.items(), key=lambda item: -item[1]))
    return IcpRules(rules, ordered)


def check_icp(lead: Mapping[str, object], rules: IcpRules) -> CheckResult:
    """Score one lead (fields by Salesforce API name) against the rules."""
    won = 0
    fired: list[str] = []
    unknown: list[str] = []
    for rule in rules.rules:
        value = lead.get(rule.field)
        if _blank(value) and rule.op not in {"absent", "present"}:
            unknown.append(rule.field)
            continue
        if rule.test(value):
            won += rule.points
            fired.append(f"{rule.name} ({rule.points:+d})")
    total = rules.positive_points or 1
    score = max(0, min(100, round(100 * won / total)))
    tier = next((name for name, threshold in rules.tiers if score >= threshold), "-")
    evidence = f"Score {score}, tier {tier}: " + (", ".join(fired) if fired else "no rule fired")
    if unknown:
        evidence += f"; unknown: {', '.join(dict.fromkeys(unknown))}"
    status = Status.UNKNOWN if len(unknown) == len(rules.rules) else _status(score, rules)
    return CheckResult("icp", status, evidence, details={"score": str(score), "tier": tier})


def _status(score: int, rules: IcpRules) -> Status:
    thresholds = [threshold for _, threshold in rules.tiers]
    if len(thresholds) >= 2 and score >= thresholds[1]:
        return Status.PASS  # the two best tiers are a fit
    if thresholds and score >= thresholds[-1]:
        return Status.WARN
    return Status.FAIL


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise RulesProblem(f"{where}: must be a table")
    name = str(raw.get("name") or where)
    where = f"{where} ({name})"
    field, op, points = raw.get("field"), raw.get("op"), raw.get("points", 0)
    if not isinstance(field, str) or not field:
        raise RulesProblem(f"{where}: needs a field (a Salesforce API name such as Industry)")
    if not isinstance(points, int):
        raise RulesProblem(f"{where}: points must be a whole number")
    values = raw.get("values", [raw["value"]] if "value" in raw else [])
    if not isinstance(values, list):
        raise RulesProblem(f"{where}: values must be a list")
    maker = _OPERATORS.get(str(op))
    if maker is None:
        raise RulesProblem(f"{where}: unknown op {op!r}; use one of {', '.join(_OPERATORS)}")
    try:
        test = maker(tuple(values))
    except (ValueError, TypeError, re.error) as error:
        raise RulesProblem(f"{where}: {error}") from None
    return Rule(name, field, str(op), tuple(values), points, test)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def _folded_set(values: tuple[Any, ...]) -> frozenset[str]:
    if not values:
        raise ValueError("needs values")
    return frozenset(fold(str(v)) for v in values)


def _one_number(values: tuple[Any, ...]) -> float:
    if len(values) != 1 or _number(values[0]) is None:
        raise ValueError("needs one number as value")
    return float(values[0])


def _compare(check: Callable[[float, float], bool]) -> Callable[[tuple[Any, ...]], Any]:
    def make(values: tuple[Any, ...]) -> Callable[[Any], bool]:
        limit = _one_number(values)

        def test(value: Any) -> bool:
            number = _number(value)
            return number is not None and check(number, limit)

        return test

    return make


def _between(values: tuple[Any, ...]) -> Callable[[Any], bool]:
    if len(values) != 2 or any(_number(v) is None for v in values):
        raise ValueError("between needs two numbers as values")
    low, high = sorted(float(v) for v in values)

    def test(value: Any) -> bool:
        number = _number(value)
        return number is not None and low <= number <= high

    return test


def _in(values: tuple[Any, ...]) -> Callable[[Any], bool]:
    wanted = _folded_set(values)
    return lambda value: fold(str(value)) in wanted


def _not_in(values: tuple[Any, ...]) -> Callable[[Any], bool]:
    wanted = _folded_set(values)
    return lambda value: fold(str(value)) not in wanted


def _contains(values: tuple[Any, ...]) -> Callable[[Any], bool]:
    wanted = _folded_set(values)
    return lambda value: any(part in fold(str(value)) for part in wanted)


def _matches(values: tuple[Any, ...]) -> Callable[[Any], bool]:
    if len(values) != 1:
        raise ValueError("matches needs one regular expression as value")
    pattern = re.compile(str(values[0]))
    return lambda value: pattern.search(str(value)) is not None


def _country_in(values: tuple[Any, ...]) -> Callable[[Any], bool]:

    wanted = set()
    for value in values:
        country = resolve_country(str(value))
        if country is None:
            raise ValueError(f"country {value!r} is not recognised")
        wanted.add(country.alpha_2)

    def test(value: Any) -> bool:
        country = resolve_country(str(value))
        return country is not None and country.alpha_2 in wanted

    return test


_OPERATORS: dict[str, Callable[[tuple[Any, ...]], Callable[[Any], bool]]] = {
    "equals": _in,
    "not_equals": _not_in,
    "in": _in,
    "not_in": _not_in,
    "contains": _contains,
    "matches": _matches,
    "present": lambda _values: lambda value: not _blank(value),
    "absent": lambda _values: _blank,
    ">": _compare(lambda a, b: a > b),
    ">=": _compare(lambda a, b: a >= b),
    "<": _compare(lambda a, b: a < b),
    "<=": _compare(lambda a, b: a <= b),
    "between": _between,
    "country_in": _country_in,
}
