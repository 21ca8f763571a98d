"""Records as the layers pass them around: typed field values plus the columns kept as text."""

from __future__ import annotations

from dataclasses import dataclass

from steward.core.values import Stored


@dataclass(frozen=True, slots=True)
class Row:
    """One source row, parsed: typed field values (Id always present) and the other columns.

    `extra` maps each other column of the source to its text; None means the source had the
    column but left it empty (which clears a value kept from an earlier import).
    """

    values: dict[str, Stored]
    extra: dict[str, str | None]
