"""Workspace settings: typed, versioned, validated before they are saved.

The settings travel with the workspace (a team shares one file per org), not with the user's
machine: the ICP rules and the checklist template are the organisation's, as are its lead
sources and how long a lead may stay open. They are one JSON document in the `setting` table,
with a version so a later Steward can read an older one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from steward.core.checks.checklist import DEFAULT_TEMPLATE, Template, load_template
from steward.core.checks.icp import IcpRules, load_rules
from steward.core.checks.source import DEFAULT_MAX_AGE_DAYS, STANDARD_SOURCES
from steward.core.convert import CONVERTED_STATUS, DISQUALIFIED_STATUS
from steward.core.matching.rules import (
    DEFAULT_THRESHOLD,
    RuleProblem,
    Rules,
    default_rules,
    parse_rules,
)
from steward.resources import resource_path
from steward.store.models import Setting

VERSION = 1
_KEY = "workspace"


class SettingsProblem(ValueError):
    """A setting that cannot be used; the message names the setting and why."""


def default_icp_text() -> str:
    return resource_path("rules", "icp.toml").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a workspace's owner can set. Empty texts mean "Steward's default"."""

    icp_rules: str = ""  # TOML, see resources/rules/icp.toml
    checklist: str = ""  # TOML, see steward.core.checks.checklist.load_template
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    lead_sources: tuple[str, ...] = STANDARD_SOURCES
    dns_enabled: bool = False  # deliverability asks DNS servers: only when the steward says so
    dns_timeout: float = 3.0  # seconds per domain
    dns_cache_days: int = 30
    match_rules: str = ""  # TOML, see steward.core.matching.rules
    match_threshold: float = DEFAULT_THRESHOLD
    # The org's lead statuses that end a lead: converted ones (the first is the default), and
    # the ones a disqualified lead takes.
    converted_statuses: tuple[str, ...] = (CONVERTED_STATUS,)
    disqualified_statuses: tuple[str, ...] = (DISQUALIFIED_STATUS,)
    opportunity_stage: str = "Prospecting"  # a converted lead's opportunity starts here
    # The org's own lead field mapping, "LeadField=Object.Field" comma-separated (e.g.
    # "Region__c=Account.Region__c" once such fields are kept); the standard mapping otherwise.
    convert_mapping: tuple[str, ...] = ()
    # Bulk work: convert a lead into its best account at or above convert_threshold (else a
    # new account); merge clusters whose weakest link is at or above merge_threshold.
    convert_threshold: float = 0.9
    merge_threshold: float = 0.95

    def matching(self) -> Rules:
        """The matching rules, with the threshold this workspace uses."""
        try:
            rules = parse_rules(self.match_rules) if self.match_rules.strip() else default_rules()
        except RuleProblem as error:
            raise SettingsProblem(str(error)) from None
        return replace(rules, threshold=self.match_threshold)

    def rules(self) -> IcpRules:
        text = self.icp_rules or default_icp_text()
        try:
            return load_rules(text, source="ICP rules setting")
        except ValueError as error:
            raise SettingsProblem(str(error)) from None

    def template(self) -> Template:
        if not self.checklist.strip():
            return DEFAULT_TEMPLATE
        try:
            return load_template(self.checklist, source="checklist setting")
        except ValueError as error:
            raise SettingsProblem(str(error)) from None

    def validate(self) -> Settings:
        """Self, if every setting can be used; else a SettingsProblem naming the first bad one."""
        self.rules()
        self.template()
        if not 1 <= self.max_age_days <= 36_500:
            raise SettingsProblem("max_age_days must be between 1 and 36500 days")
        if not all(isinstance(s, str) and s.strip() for s in self.lead_sources):
            raise SettingsProblem("lead_sources must be a list of non-empty names")
        if not self.lead_sources:
            raise SettingsProblem("lead_sources must name at least one lead source")
        if not 0.1 <= self.dns_timeout <= 60:
            raise SettingsProblem("dns_timeout must be between 0.1 and 60 seconds")
        if not 0 <= self.dns_cache_days <= 3650:
            raise SettingsProblem("dns_cache_days must be between 0 and 3650")
        if not 0 < self.match_threshold < 1:
            raise SettingsProblem("match_threshold must be between 0 and 1 (say 0.8)")
        self.matching()
        for name in ("converted_statuses", "disqualified_statuses"):
            statuses = getattr(self, name)
            if not statuses or not all(isinstance(s, str) and s.strip() for s in statuses):
                raise SettingsProblem(f"{name} must name at least one lead status")
        if not self.opportunity_stage.strip():
            raise SettingsProblem("opportunity_stage must name a stage")
        self.mapping()
        for name in ("convert_threshold", "merge_threshold"):
            if not 0 < getattr(self, name) <= 1:
                raise SettingsProblem(f"{name} must be between 0 and 1 (say 0.9)")
        return self

    def mapping(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """convert_mapping as plan_conversion takes it: lead field -> (object, field) pairs."""
        found: dict[str, list[tuple[str, str]]] = {}
        for entry in self.convert_mapping:
            source, _, target = entry.partition("=")
            object_name, _, name = target.strip().partition(".")
            if not source.strip() or not object_name or not name:
                raise SettingsProblem(f"convert_mapping: {entry!r} is not LeadField=Object.Field")
            found.setdefault(source.strip(), []).append((object_name, name.strip()))
        return {source: tuple(targets) for source, targets in found.items()}

    def with_values(self, **values: Any) -> Settings:
        """A copy with settings given as text or values, converted to their types."""
        converted: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(self)}
        for name, value in values.items():
            if name not in types:
                known = ", ".join(types)
                raise SettingsProblem(f"No setting called {name!r} (settings: {known})")
            converted[name] = _convert(name, str(types[name]), value)
        return replace(self, **converted).validate()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in _TUPLES:
            data[name] = list(data[name])
        return {"version": VERSION, **data}


_TUPLES = ("lead_sources", "converted_statuses", "disqualified_statuses", "convert_mapping")


def load_settings(connection: Connection | Session) -> Settings:
    stored = connection.scalar(select(Setting.value).where(Setting.key == _KEY))
    if not stored:
        return Settings()
    version = stored.get("version", VERSION)
    if not isinstance(version, int) or version > VERSION:
        raise SettingsProblem(
            f"The workspace's settings were written by a newer Steward (version {version})"
        )
    return settings_from_dict(stored)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """Settings from as_dict's form; keys this version does not know are left out."""
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _TUPLES:
        if name in values:
            values[name] = tuple(values[name])
    return Settings(**values)


def save_settings(session: Session, settings: Settings) -> None:
    session.merge(Setting(key=_KEY, value=settings.validate().as_dict()))


def _convert(name: str, kind: str, value: Any) -> Any:
    if not isinstance(value, str):
        return tuple(value) if kind.startswith("tuple") else value
    text = value.strip()
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise SettingsProblem(f"{name} must be a number, not {value!r}") from None
    if kind == "bool":
        if text.lower() in {"1", "true", "yes", "on"}:
            return True
        if text.lower() in {"0", "false", "no", "off"}:
            return False
        raise SettingsProblem(f"{name} must be on or off, not {value!r}")
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return value
