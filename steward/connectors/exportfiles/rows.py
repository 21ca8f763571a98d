"""From CSV values to workspace rows: headers matched to fields, values parsed by kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from steward.connectors.exportfiles.formula import restore
from steward.core.fields import OBJECTS, Kind
from steward.core.records import Row
from steward.core.values import Stored, ValueProblem, parse_value


class HeaderProblem(Exception):
    """The file's header makes it unusable for this object."""


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    name: str  # the API name for a known field, else the header as written
    kind: Kind | None  # None for columns Steward keeps as text only


class RowParser:
    """Parses the value lists of one file into Rows of one object."""

    def __init__(self, object_name: str, header: Sequence[str]) -> None:
        spec = OBJECTS[object_name]
        by_lower = {name.lower(): name for name in spec.fields}
        columns: list[Column] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(header):
            label = raw.strip().lstrip("\ufeff")
            if not label:
                if any(h.strip() for h in header[index + 1 :]):
                    raise HeaderProblem(f"column {index + 1} of the header has no name")
                break  # trailing empty header cells, as spreadsheets leave them
            if "\x00" in label or not label.isprintable():
                raise HeaderProblem("the first line is not a header of column names")
            if label.lower() in seen:
                raise HeaderProblem(
                    f"the header names {label!r} twice (columns {seen[label.lower()] + 1} "
                    f"and {index + 1})"
                )
            seen[label.lower()] = index
            field = by_lower.get(label.lower())
            columns.append(Column(index, field or label, spec.fields[field] if field else None))
        if "id" not in seen:
            raise HeaderProblem(
                "has no Id column, so its rows cannot be matched to records "
                f"(columns: {', '.join(h.strip() for h in header[:8])})"
            )
        self.object_name = object_name
        self.width = len(header)
        self.columns = columns
        self.column_names = [c.name for c in columns]
        self.fields = [c.name for c in columns if c.kind is not None]

    def parse(self, values: Sequence[str]) -> Row:
        """The Row for one record's values; raises ValueProblem naming the field."""
        typed: dict[str, Stored] = {}
        extra: dict[str, str | None] = {}
        for column in self.columns:
            raw = values[column.index]
            if column.kind is None:
                extra[column.name] = restore(raw) if raw else None
                continue
            if column.kind is Kind.STR:
                typed[column.name] = restore(raw) if raw else None
                continue
            try:
                typed[column.name] = parse_value(column.kind, raw)
            except ValueProblem as problem:
                raise ValueProblem(f"{column.name}: {problem}") from None
        if typed.get("Id") is None:
            raise ValueProblem("Id: the record has no id")
        return Row(typed, extra)
