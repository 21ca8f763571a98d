"""Reading CSV records robustly: line numbers for messages, and recovery from broken quoting.

A stray quote can make the csv module read the rest of a file as one field. Here every record
remembers the physical lines it was made of; when a record spanning several lines turns out to
be broken (wrong number of values, or absurdly long), only its first line is rejected and the
following lines are read again, so one bad line never swallows the good rows after it.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from steward.connectors.exportfiles.encoding import Encoding

MAX_RECORD_LINES = 2_000  # Salesforce long text holds at most 131,072 characters
MAX_FIELD_CHARS = 1_000_000

csv.field_size_limit(MAX_FIELD_CHARS)


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # the physical line the record starts on, 1-based
    values: list[str]


@dataclass(frozen=True, slots=True)
class BadRecord:
    line: int
    reason: str


class _TooLong(Exception):
    pass


class _Lines:
    """Physical lines for csv.reader, with the ones the current record used, and a push-back."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._pending: deque[tuple[int, str]] = deque()
        self._next_line = 1
        self.used: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if len(self.used) >= MAX_RECORD_LINES:
            raise _TooLong
        if self._pending:
            item = self._pending.popleft()
        else:
            line = self._text.readline()
            if not line:
                raise StopIteration
            item = (self._next_line, line)
            self._next_line += 1
        self.used.append(item)
        return item[1]

    def start_record(self) -> None:
        self.used = []

    def push_back(self, items: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(items))


def sniff_delimiter(header_line: str) -> str:
    """Comma, unless the header is plainly separated otherwise (spreadsheets save ';' or tab)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 and counts[","] == 0 else ","


def open_text(handle: BinaryIO, encoding: Encoding) -> TextIO:
    # newline="" hands line endings to the csv module, which knows quoted newlines.
    return io.TextIOWrapper(handle, encoding=encoding.codec, newline="")


def read_records(text: TextIO) -> Iterator[Record | BadRecord]:
    """The header, then the records of a CSV text; one with a width unlike the header's is bad."""
    lines = _Lines(text)
    try:
        first_line = next(lines)
    except (StopIteration, _TooLong):
        return
    delimiter = sniff_delimiter(first_line)
    lines.push_back(lines.used)
    width: int | None = None
    while True:
        reader = csv.reader(lines, delimiter=delimiter, strict=False)
        try:
            while True:
                lines.start_record()
                values = next(reader)
                start = lines.used[0][0]
                if width is None:
                    width = len(values)
                    yield Record(start, values)
                    continue
                spans_lines = len(lines.used) > 1
                # Quotes come in pairs in a well-formed record; an odd count means a quote
                # was never closed and the reader ran on to the end of the file.
                unclosed = spans_lines and sum(raw.count('"') for _, raw in lines.used) % 2 == 1
                if len(values) != width or unclosed:
                    if spans_lines:
                        yield BadRecord(start, _width_reason(len(values), width, multi=True))
                        lines.push_back(lines.used[1:])
                        break  # a fresh reader: the old one may be inside a quote
                    if values == [] or values == [""] * len(values):
                        continue  # blank lines are no rows
                    yield BadRecord(start, _width_reason(len(values), width, multi=False))
                    continue
                yield Record(start, values)
        except StopIteration:
            return
        except (_TooLong, csv.Error) as error:
            used = lines.used
            start = used[0][0] if used else 0
            reason = (
                f"a quoted value runs over more than {MAX_RECORD_LINES} lines"
                if isinstance(error, _TooLong)
                else f"unreadable CSV ({error})"
            )
            yield BadRecord(start, reason)
            lines.push_back(used[1:])


def _width_reason(got: int, width: int, *, multi: bool) -> str:
    where = " (probably an unclosed quote)" if multi else ""
    return f"has {got} values but the header has {width}{where}"
