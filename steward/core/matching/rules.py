"""Matching rules a steward can read and tune: per pair of objects, which fields count, how.

A field's similarity (0..1) becomes points: `disagree` at or below `low`, `agree` at or above
`high`, in proportion between. A field missing on either side gives no points. The score is
the logistic of prior + points, so points are log-odds: +4.6 makes a pair about 100 times
more likely to be a duplicate, and one reason's weight can be read against another's.

Rules are written as TOML:

    [Lead-Lead]
    prior = -6.0
    fields = [
      { name = "Email", compare = "email", agree = 7.0, disagree = -1.0, low = 0.5 },
      ...
    ]
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

COMPARES = ("first_name", "last_name", "email", "phone", "company", "domain", "address")
OBJECTS = ("Lead", "Contact", "Account")
# The threshold Steward recommends: on the evaluation sets (tests/benchmarks/eval_matching.py)
# F1 is flat from 0.6 to 0.9 and precision is what a steward notices first.
DEFAULT_THRESHOLD = 0.8


class RuleProblem(ValueError):
    """A rule file that cannot be used; the message names the pair and field."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    name: str  # what a steward reads: "Email"
    compare: str  # one of COMPARES
    agree: float
    disagree: float
    low: float = 0.0
    high: float = 1.0

    def points(self, similarity: float) -> float:
        span = self.high - self.low
        if span <= 0:
            share = 1.0 if similarity >= self.high else 0.0
        else:
            share = min(1.0, max(0.0, (similarity - self.low) / span))
        return self.disagree + (self.agree - self.disagree) * share


@dataclass(frozen=True, slots=True)
class PairRule:
    left: str
    right: str
    prior: float
    fields: tuple[FieldRule, ...]

    @property
    def key(self) -> str:
        return f"{self.left}-{self.right}"

    def score(self, points: float) -> float:
        return 1.0 / (1.0 + math.exp(-(self.prior + points)))


@dataclass(frozen=True, slots=True)
class Rules:
    pairs: Mapping[str, PairRule] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD

    def for_pair(self, left: str, right: str) -> PairRule:
        """The rule for two objects, in either order (the rule's own order is returned)."""
        found = self.pairs.get(f"{left}-{right}") or self.pairs.get(f"{right}-{left}")
        if found is None:
            raise RuleProblem(f"no matching rule for {left} against {right}")
        return found


def _person_fields(company: tuple[float, float]) -> tuple[FieldRule, ...]:
    return (
        FieldRule("First name", "first_name", agree=2.5, disagree=-3.0, low=0.75, high=0.95),
        FieldRule("Last name", "last_name", agree=4.0, disagree=-4.0, low=0.8, high=0.95),
        FieldRule("Email", "email", agree=6.0, disagree=-1.0, low=0.5, high=1.0),
        FieldRule("Phone", "phone", agree=5.0, disagree=-0.5),
        FieldRule("Company", "company", agree=company[0], disagree=company[1], low=0.6, high=0.9),
        FieldRule("Address", "address", agree=3.0, disagree=-0.5, low=0.4, high=0.9),
    )


def default_rules() -> Rules:
    """The rules Steward ships, one per pair of objects."""
    people = _person_fields((3.0, -2.0))
    company_fields = (
        FieldRule("Company name", "company", agree=6.0, disagree=-3.0, low=0.7, high=0.95),
        FieldRule("Web domain", "domain", agree=4.0, disagree=-1.0),
        FieldRule("Phone", "phone", agree=3.0, disagree=-0.5),
        FieldRule("Address", "address", agree=2.0, disagree=-0.5, low=0.4, high=0.9),
    )
    pairs = [
        PairRule("Lead", "Lead", -6.0, people),
        PairRule("Contact", "Contact", -6.0, people),
        PairRule("Lead", "Contact", -6.0, people),
        PairRule("Account", "Account", -4.0, company_fields),
        PairRule("Lead", "Account", -4.0, company_fields),
    ]
    return Rules({rule.key: rule for rule in pairs})


def parse_rules(text: str, base: Rules | None = None) -> Rules:
    """Rules from TOML; pairs the text leaves out keep the base (default) rules."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleProblem(f"matching rules: {error}") from None
    rules = base or default_rules()
    pairs = dict(rules.pairs)
    for key, table in document.items():
        left, _, right = key.partition("-")
        if left not in OBJECTS or right not in OBJECTS:
            raise RuleProblem(f"matching rules: [{key}] is not a pair like [Lead-Account]")
        if not isinstance(table, dict):
            raise RuleProblem(f"matching rules: [{key}] must be a table")
        rule = _pair(left, right, key, table)
        # Written the other way round, a pair replaces the rule for_pair finds first.
        reverse = f"{right}-{left}"
        if key not in pairs and reverse in pairs:
            pairs[reverse] = replace(rule, left=right, right=left)
        else:
            pairs[key] = rule
    return replace(rules, pairs=pairs)


def _pair(left: str, right: str, key: str, table: dict[str, object]) -> PairRule:
    prior = table.get("prior", -6.0)
    if not isinstance(prior, int | float) or isinstance(prior, bool):
        raise RuleProblem(f"matching rules: [{key}] prior must be a number")
    raw_fields = table.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise RuleProblem(f"matching rules: [{key}] needs a list of fields")
    fields = []
    for number, raw in enumerate(raw_fields, 1):
        where = f"[{key}] field {number}"
        if not isinstance(raw, dict):
            raise RuleProblem(f"matching rules: {where} must be a table")
        compare = raw.get("compare")
        if compare not in COMPARES:
            raise RuleProblem(
                f"matching rules: {where}: compare must be one of {', '.join(COMPARES)}"
            )
        numbers = {}
        for name, default in (("agree", None), ("disagree", None), ("low", 0.0), ("high", 1.0)):
            value = raw.get(name, default)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise RuleProblem(f"matching rules: {where}: {name} must be a number")
            numbers[name] = float(value)
        label = raw.get("name", compare)
        fields.append(FieldRule(str(label), str(compare), **numbers))
    return PairRule(left, right, float(prior), tuple(fields))


def rules_toml(rules: Rules) -> str:
    """The rules as TOML that parse_rules reads back: what a steward starts tuning from.
    (The threshold is a workspace setting of its own, match_threshold.)"""
    lines: list[str] = []
    for rule in rules.pairs.values():
        lines += [f"[{rule.key}]", f"prior = {rule.prior}", "fields = ["]
        for f in rule.fields:
            name = json.dumps(f.name, ensure_ascii=False)  # TOML's basic strings are JSON's
            lines.append(
                f'  {{ name = {name}, compare = "{f.compare}", agree = {f.agree}, '
                f"disagree = {f.disagree}, low = {f.low}, high = {f.high} }},"
            )
        lines += ["]", ""]
    return "\n".join(lines)
