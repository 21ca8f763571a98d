from __future__ import annotations

import io
from pathlib import Path

import pytest

from steward.connectors.exportfiles.csvreader import BadRecord, Record, read_records
from steward.connectors.exportfiles.encoding import detect


def _read(text: str) -> list[Record | BadRecord]:
    return list(read_records(io.StringIO(text, newline="")))


def test_quoted_newlines_stay_in_their_value_and_lines_are_counted() -> None:
    records = _read('Id,Street\n1,"Suite 4\r\n12 Main St"\n2,x\n')
    assert records[1] == Record(2, ["1", "Suite 4\r\n12 Main St"])
    assert records[2] == Record(4, ["2", "x"])


def test_an_unclosed_quote_loses_only_its_own_line() -> None:
    records = _read('Id,Name\n1,a\n2,"broken\n3,c\n4,d\n')
    assert records[1] == Record(2, ["1", "a"])
    assert isinstance(records[2], BadRecord) and records[2].line == 3
    assert "unclosed quote" in records[2].reason
    assert records[3:] == [Record(4, ["3", "c"]), Record(5, ["4", "d"])]


def test_ragged_rows_are_bad_and_blank_lines_are_skipped() -> None:
    records = _read("Id,Name\n1,a,extra\n\n2\n3,c\n")
    bad = [r for r in records if isinstance(r, BadRecord)]
    assert [(b.line, b.reason) for b in bad] == [
        (2, "has 3 values but the header has 2"),
        (4, "has 1 values but the header has 2"),
    ]
    assert records[-1] == Record(5, ["3", "c"])


def test_semicolon_files_from_spreadsheets_are_read() -> None:
    assert _read("Id;Name\n1;Ann\n")[1] == Record(2, ["1", "Ann"])


def test_empty_text_has_no_records() -> None:
    assert _read("") == []


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ("Name\nZoë\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbfName\nZo\xc3\xab\n", "UTF-8 with BOM"),
        ("Name\nZoë\n".encode("utf-16"), "UTF-16"),
        ("Name\nZoë “quoted” €\n".encode("cp1252"), "Windows-1252"),
        ("Name\nZoë Ångström\n".encode("latin-1"), "Latin-1 (ISO-8859-1)"),
        (b"Name\nplain ascii\n", "UTF-8"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, label: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert detect(lambda: path.open("rb")).label == label


def test_one_late_non_utf8_byte_decides_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"Name\n" + b"plain\n" * 300_000 + "Müller\n".encode("cp1252"))
    assert detect(lambda: path.open("rb")).label in {"Windows-1252", "Latin-1 (ISO-8859-1)"}
