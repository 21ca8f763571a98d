"""From CSV values to workspace rows: headers matched to fields, values parsed by kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from steward.connectors.exportfiles.formula import restore
from steward.core.fields import OBJECTS, Kind
from steward.core.records import Row
from steward.core.values import Stored, ValueProblem, parser_for


class HeaderProblem(Exception):
    """The file's header makes it unusable for this object."""


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    name: str  # the API name for a known field, else the header as written
    kind: Kind | None  # None for columns Steward keeps as text only


def _picker(indexes: list[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """Takes the values at indexes out of a record, always as a tuple."""
    if not indexes:
        return lambda _values: ()
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: (values[only],)
    return itemgetter(*indexes)


def _text(raw: str) -> str | None:
    return raw if raw else None


def _restored_text(raw: str) -> str | None:
    if not raw:
        return None
    return restore(raw) if raw[0] == "'" else raw


class RowParser:
    """Parses the value lists of one file into Rows of one object."""

    def __init__(
        self,
        object_name: str,
        header: Sequence[str],
        known: Sequence[str] = (),
        *,
        neutralised: bool = False,
    ) -> None:
        """known: column names the workspace already has for this object; a header that differs
        from one of them only in case is read as that column, so re-imports do not split it.
        neutralised: the file was written by Steward, which prefixed formula-like values."""
        self._text = _restored_text if neutralised else _text
        spec = OBJECTS[object_name]
        known_by_lower = {name.lower(): name for name in known}
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
            name = field or known_by_lower.get(label.lower(), label)
            columns.append(Column(index, name, spec.fields[field] if field else None))
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
        # Text columns need no parsing, so they are taken in one step; the rest one by one.
        texts = [c for c in columns if c.kind is Kind.STR]
        extras = [c for c in columns if c.kind is None]
        self._typed = [
            (c.index, c.name, parser_for(c.kind))
            for c in columns
            if c.kind is not None and c.kind is not Kind.STR
        ]
        self._text_names = [c.name for c in texts]
        self._take_texts = _picker([c.index for c in texts])
        self._extra_names = [c.name for c in extras]
        self._take_extras = _picker([c.index for c in extras])

    def parse(self, values: Sequence[str]) -> Row:
        """The Row for one record's values; raises ValueProblem naming the field."""
        typed: dict[str, Stored] = {
            name: self._text(raw)
            for name, raw in zip(self._text_names, self._take_texts(values), strict=True)
        }
        for index, name, parse in self._typed:
            raw = values[index]
            if not raw or raw.isspace():
                typed[name] = None
                continue
            try:
                typed[name] = parse(raw)
            except ValueProblem as problem:
                raise ValueProblem(f"{name}: {problem}") from None
        if typed.get("Id") is None:
            raise ValueProblem("Id: the record has no id")
        extra: dict[str, Any] = {
            name: self._text(raw)
            for name, raw in zip(self._extra_names, self._take_extras(values), strict=True)
        }
        return Row(typed, extra)
