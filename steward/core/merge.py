"""Merge planning: which of several duplicate records survives, and which value of every field
it keeps. A plan is data: the merge screen shows it, the steward changes it, and only then
does the journal apply it.

The rules follow the CRM's own merge: one master survives and the others are deleted; opt-out
and do-not-call flags survive if any record had them set; the CRM merges a master with at
most two others per call, so a larger group becomes a chain of calls on one master.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from steward.core.fields import OBJECTS, Kind

MERGEABLE = ("Lead", "Contact", "Account")
PER_CALL = 3  # records one CRM merge call takes: the master and two others
MAX_RECORDS = 10  # what one plan (and the merge screen) takes
# Fields a merge never chooses: the record's identity and what the CRM itself keeps.
_NOT_CHOSEN = frozenset(
    {"Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
     "SystemModstamp", "MasterRecordId", "IsConverted", "ConvertedDate", "ConvertedAccountId",
     "ConvertedContactId", "ConvertedOpportunityId", "LastActivityDate"}
)  # fmt: skip
# Set on any record, set on the survivor: nobody who asked not to be called is called again.
FLAGS = frozenset({"DoNotCall", "HasOptedOutOfEmail", "HasOptedOutOfFax"})
_LONG_TEXT = frozenset({"Description"})
FIELD_RULES = ("master", "first_non_blank", "newest", "oldest", "longest", "most_frequent",
               "concatenate", "any")  # fmt: skip
MASTER_RULES = ("customer", "active_owner", "most_complete", "most_recent_activity", "oldest")

Value = str | int | float | bool | None


class MergeProblem(ValueError):
    """A merge that cannot be planned as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One record of the group: its id, its field values, and what the workspace knows about
    it beyond its fields (customer: an account that is one, or a person at one; owner_active:
    its owner is an active user)."""

    record_id: str
    values: Mapping[str, Value]
    customer: bool = False
    owner_active: bool = True


@dataclass(frozen=True, slots=True)
class MergeRules:
    """How the master is chosen (rules in order, each breaking the previous one's ties) and
    how each field's surviving value is (by field, else by default)."""

    master: tuple[str, ...] = MASTER_RULES
    fields: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [r for r in self.master if r not in _MASTER_KEYS]
        if unknown:
            raise MergeProblem(f"unknown master rule {unknown[0]!r}: use {', '.join(_MASTER_KEYS)}")
        for name, rule in self.fields.items():
            if rule not in FIELD_RULES:
                raise MergeProblem(f"{name}: unknown rule {rule!r}: use {', '.join(FIELD_RULES)}")

    def rule_for(self, name: str) -> str:
        found = self.fields.get(name)
        if found is not None:
            return found
        if name in FLAGS:
            return "any"
        return "concatenate" if name in _LONG_TEXT else "first_non_blank"


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """What the survivor keeps for one field, and from where."""

    name: str
    value: Value
    source: str | None  # the record whose value it is; None when made of several
    rule: str  # the rule that chose it, or "chosen" for the steward's own pick
    differs: bool  # the records do not all agree (the screen highlights these)


@dataclass(frozen=True, slots=True)
class MergePlan:
    object_name: str
    master_id: str
    others: tuple[str, ...]  # the records merged into the master, in rank order
    fields: tuple[FieldChoice, ...]
    calls: tuple[tuple[str, ...], ...]  # the CRM calls in order: (master, one or two others)

    def changes(self, master_values: Mapping[str, Value]) -> dict[str, Value]:
        """The master's fields that the merge changes, with their new values."""
        return {
            c.name: c.value for c in self.fields if not _same(c.value, master_values.get(c.name))
        }

    def choice(self, name: str) -> FieldChoice:
        return next(c for c in self.fields if c.name == name)


def plan_merge(
    object_name: str,
    records: Sequence[MergeRecord],
    rules: MergeRules | None = None,
    *,
    master_id: str | None = None,
    picks: Mapping[str, str] | None = None,
) -> MergePlan:
    """The plan for merging records (2 to MAX_RECORDS of one object). master_id overrides the
    master rules; picks names, per field, the record whose value the steward wants kept."""
    rules = rules or MergeRules()
    if object_name not in MERGEABLE:
        raise MergeProblem(f"{object_name} records cannot be merged: only {', '.join(MERGEABLE)}")
    ids = [r.record_id for r in records]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise MergeProblem(f"{twice} is named twice")
    if not 2 <= len(records) <= MAX_RECORDS:
        raise MergeProblem(f"a merge takes 2 to {MAX_RECORDS} records, not {len(records)}")
    fields = _chosen_fields(object_name)
    ranked = _ranked(records, rules.master, fields)
    fields += custom_fields(object_name, records)
    if master_id is not None:
        if master_id not in ids:
            raise MergeProblem(f"the master {master_id} is not one of the records merged")
        ranked = [r for r in ranked if r.record_id == master_id] + [
            r for r in ranked if r.record_id != master_id
        ]
    by_id = {r.record_id: r for r in records}
    choices: list[FieldChoice] = []
    picks = picks or {}
    for name, picked in picks.items():
        if picked not in by_id:
            raise MergeProblem(f"{name}: {picked} is not one of the records merged")
        if name not in fields:
            raise MergeProblem(f"{name} is not a field a merge chooses for {object_name}")
    for name in fields:
        values = [r.values.get(name) for r in ranked]
        differs = len({_key(v) for v in values}) > 1
        if name in picks:
            choices.append(FieldChoice(name, by_id[picks[name]].values.get(name), picks[name],
                                       "chosen", differs))  # fmt: skip
            continue
        rule = rules.rule_for(name)
        value, source = _SURVIVORS[rule](ranked, name)
        choices.append(FieldChoice(name, value, source, rule, differs))
    master, others = ranked[0].record_id, tuple(r.record_id for r in ranked[1:])
    calls = tuple(
        (master, *others[start : start + PER_CALL - 1])
        for start in range(0, len(others), PER_CALL - 1)
    )
    return MergePlan(object_name, master, others, tuple(choices), calls)


def custom_fields(object_name: str, records: Sequence[MergeRecord]) -> list[str]:
    """The org's own fields the records carry beyond the standard ones (kept from its export
    files), in first-seen order: they survive a merge by the same rules."""
    standard = OBJECTS[object_name].fields
    names: dict[str, None] = {}
    for record in records:
        names.update((n, None) for n in record.values if n not in standard)
    return list(names)


def _chosen_fields(object_name: str) -> list[str]:
    return [
        name
        for name, kind in OBJECTS[object_name].fields.items()
        if name not in _NOT_CHOSEN and kind is not Kind.ID
    ]


# ---- the master ---------------------------------------------------------------------------
def _ranked(
    records: Sequence[MergeRecord], master_rules: Sequence[str], fields: list[str]
) -> list[MergeRecord]:
    """The records best first by the master rules; the id settles what they leave equal."""

    def key(record: MergeRecord) -> tuple[object, ...]:
        return (*(_MASTER_KEYS[rule](record, fields) for rule in master_rules), record.record_id)

    return sorted(records, key=key)


def _moment(value: Value) -> float | None:
    """A date or date-time value as a number (later is larger), None when there is none."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return float(date.fromisoformat(value).toordinal() * 86400)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.timestamp() + 86400 * 719162  # on date's scale: days since year 1


def _latest(record: MergeRecord) -> float:
    found = [_moment(record.values.get(n)) for n in ("LastActivityDate", "LastModifiedDate")]
    return max((m for m in found if m is not None), default=float("-inf"))


_MASTER_KEYS: dict[str, Callable[[MergeRecord, list[str]], object]] = {
    "customer": lambda r, _f: not r.customer,
    "active_owner": lambda r, _f: not r.owner_active,
    "most_complete": lambda r, f: -sum(not _blank(r.values.get(n)) for n in f),
    "most_recent_activity": lambda r, _f: -_latest(r),
    "oldest": lambda r, _f: _moment(r.values.get("CreatedDate")) or float("inf"),
}


# ---- surviving values -------------------------------------------------------------------
Survivor = Callable[[Sequence[MergeRecord], str], tuple[Value, str | None]]


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _key(value: Value) -> object:
    """What two values are compared by: blank is blank, text without case and edge spaces."""
    if _blank(value):
        return None
    return value.strip().casefold() if isinstance(value, str) else value


def _same(a: Value, b: Value) -> bool:
    return (_blank(a) and _blank(b)) or a == b


def _first(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
    for record in records:
        value = record.values.get(name)
        if not _blank(value):
            return value, record.record_id
    return records[0].values.get(name), records[0].record_id


def _by_stamp(stamp: str, latest: bool) -> Survivor:
    def choose(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
        filled = [r for r in records if not _blank(r.values.get(name))]
        if not filled:
            return _first(records, name)

        def key(record: MergeRecord) -> float:
            moment = _moment(record.values.get(stamp))
            if moment is None:  # no stamp: after every record that has one
                return float("inf")
            return -moment if latest else moment

        best = min(filled, key=key)  # the first of equals: rank order decides
        return best.values.get(name), best.record_id

    return choose


def _longest(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
    filled = [r for r in records if not _blank(r.values.get(name))]
    if not filled:
        return _first(records, name)
    best = max(filled, key=lambda r: len(str(r.values.get(name))))  # first of the longest
    return best.values.get(name), best.record_id


def _most_frequent(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
    filled = [r for r in records if not _blank(r.values.get(name))]
    if not filled:
        return _first(records, name)
    counts = Counter(_key(r.values.get(name)) for r in filled)
    best = max(filled, key=lambda r: counts[_key(r.values.get(name))])  # ties: rank order
    return best.values.get(name), best.record_id


def _concatenate(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
    parts: list[str] = []
    seen: set[object] = set()
    sources = set()
    for record in records:
        value = record.values.get(name)
        if _blank(value) or _key(value) in seen:
            continue
        seen.add(_key(value))
        parts.append(str(value).strip())
        sources.add(record.record_id)
    if not parts:
        return _first(records, name)
    only = next(iter(sources)) if len(sources) == 1 else None
    return "\n\n".join(parts), only


def _any(records: Sequence[MergeRecord], name: str) -> tuple[Value, str | None]:
    for record in records:
        if record.values.get(name) is True:
            return True, record.record_id
    return records[0].values.get(name), records[0].record_id


_SURVIVORS: dict[str, Survivor] = {
    "master": lambda records, name: (records[0].values.get(name), records[0].record_id),
    "first_non_blank": _first,
    "newest": _by_stamp("LastModifiedDate", latest=True),
    "oldest": _by_stamp("CreatedDate", latest=False),
    "longest": _longest,
    "most_frequent": _most_frequent,
    "concatenate": _concatenate,
    "any": _any,
}
