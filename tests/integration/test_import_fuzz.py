"""Malformed CSV never crashes the importer and never costs a good row.

Hypothesis mixes well-formed lead rows with junk: binary bytes, NULs, stray and unclosed
quotes, ragged rows, huge fields, blank lines, in several encodings. Every good row must load
with its values intact, and every junk line must be counted as rejected or skipped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from steward_testing import dump_records

from steward.core.ids import make_id
from steward.jobs.importer import import_files
from steward.store.workspace import Workspace

HEADER = ["Id", "FirstName", "LastName", "Company", "Description", "Lead_Score__c"]

_ascii_text = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\n\r\t"),
    max_size=40,
)
_unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
_junk_line = st.one_of(
    st.binary(min_size=1, max_size=60),
    st.text(alphabet='",\n\r;x\x00é', min_size=1, max_size=30).map(lambda t: t.encode()),
    st.integers(min_value=1, max_value=12).map(lambda n: (",".join(["v"] * n)).encode()),
    st.integers(min_value=100_000, max_value=400_000).map(lambda n: b'"' + b"A" * n + b'"'),
    st.just(b'"never closed,x,y'),
    st.just(b""),
)


def _good_rows(draw: st.DrawFn, text: st.SearchStrategy[str]) -> list[list[str]]:
    count = draw(st.integers(min_value=1, max_value=12))
    numbers = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    return [
        [make_id("Lead", n), draw(text), draw(text) or "Last", draw(text), draw(text), str(n)]
        for n in numbers
    ]


def _row_bytes(row: list[str], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(row)
    return buffer.getvalue().encode(encoding)


@st.composite
def _files(draw: st.DrawFn) -> tuple[bytes, list[list[str]], int]:
    binary_junk = draw(st.booleans())
    text = _ascii_text if binary_junk else _unicode_text
    good = _good_rows(draw, text)
    encoding = "utf-8" if binary_junk else draw(st.sampled_from(["utf-8", "utf-8-sig"]))
    junk_strategy = _junk_line if binary_junk else _junk_line.filter(_is_utf8)
    junk = draw(st.lists(junk_strategy, max_size=8))
    pieces: list[bytes] = [_row_bytes(row, "utf-8") for row in good]
    for line in junk:  # scattered among the good rows
        position = draw(st.integers(0, len(pieces)))
        pieces.insert(position, line.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n")
    header = _row_bytes(HEADER, "utf-8")
    if encoding == "utf-8-sig":
        header = b"\xef\xbb\xbf" + header
    return header + b"".join(pieces), good, len(junk)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_files())
def test_junk_never_costs_a_good_row(tmp_path_factory: object, data: tuple) -> None:  # type: ignore[type-arg]
    content, good, junk_lines = data
    folder = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    path = folder / "Lead.csv"
    path.write_bytes(content)
    with Workspace.open(folder / "w.steward", create=True) as workspace:
        summary = import_files(workspace, [path])
        leads = dump_records(workspace)["Lead"]
    utf8 = _is_utf8(content)
    for row in good:
        assert row[0] in leads, f"good row {row[0]} was lost; problems: {summary.problems}"
        record = leads[row[0]]
        if utf8:
            assert record["FirstName"] == (row[1] or None)
            assert record["Description"] == (row[4] or None)
            assert record["extra"] == {"Lead_Score__c": row[5]}
    assert summary.inserted == len(good)
    assert summary.rejected <= junk_lines


def test_a_file_of_pure_binary_junk_is_refused_without_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "Lead.csv"
    path.write_bytes(bytes(range(256)) * 50)
    with Workspace.open(tmp_path / "w.steward", create=True) as workspace:
        summary = import_files(workspace, [path])
    assert summary.inserted == 0
    assert summary.files[0].skipped is not None
