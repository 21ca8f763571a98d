"""Encoding rows for the workspace: the same parameters whichever process makes which part."""

from __future__ import annotations

from steward.connectors.exportfiles.discover import discover
from steward.jobs.parse_stage import Batch, FileStart, ParseJob, Share, parse_file
from steward.resources import demo_export
from steward.store.bulk import RowEncoder


def _completed(object_name: str, helpers_here: bool) -> list[tuple[object, ...]]:
    (source,) = discover([demo_export() / f"{object_name}.csv"])
    encoder: RowEncoder | None = None
    rows: list[tuple[object, ...]] = []
    for event in parse_file(ParseJob(source, object_name, []), Share(helpers=helpers_here)):
        if isinstance(event, FileStart):
            encoder = RowEncoder(object_name, event.fields)
        elif isinstance(event, Batch):
            assert encoder is not None and event.helpers is helpers_here
            rows += [encoder.complete(p, helpers=event.helpers) for p in event.params]
    return rows


def test_helpers_made_by_the_writing_process_give_the_same_rows() -> None:
    for object_name in ("Lead", "Contact", "Account", "Opportunity"):
        parsed_here = _completed(object_name, helpers_here=True)
        assert parsed_here, object_name
        assert _completed(object_name, helpers_here=False) == parsed_here, object_name
