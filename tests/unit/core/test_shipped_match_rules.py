"""The matching rules shipped as a file for stewards to start from are the built-in ones."""

from __future__ import annotations

from steward.core.matching.rules import default_rules, parse_rules
from steward.resources import resource_path


def test_the_shipped_rules_file_reads_back_as_the_defaults() -> None:
    text = resource_path("rules", "matching.toml").read_text(encoding="utf-8")
    assert parse_rules(text, base=None).pairs == default_rules().pairs
    # and it names every pair, so that it documents them all
    assert all(f"[{key}]" in text for key in default_rules().pairs)
