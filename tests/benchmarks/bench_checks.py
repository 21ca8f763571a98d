"""Time of each lead check (steward.core.checks) per lead, over the rows of a Lead.csv.

    uv run python -m steward.demo.generate --out DIR --leads 20000
    uv run python tests/benchmarks/bench_checks.py --leads-csv DIR/Lead.csv [--rows N]

Rows are parsed as `steward import` parses them, and each check is called the way
steward.core.checks.verify.verify_lead calls it, with the context `steward verify` builds from
default settings (DNS off). Every check is called once on the first row before timing, so
imports and lazily built tables are not counted; then each check runs alone over the rows, in
one pass. Checks that keep per-value caches (names, phones, addresses) get their cache hits
inside that pass, as in a real run. Prints one JSON object: microseconds per lead for each
check and for all of them together.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from steward.connectors.exportfiles.rows import RowParser
from steward.core.checks.address import check_address
from steward.core.checks.email import check_email
from steward.core.checks.icp import check_icp
from steward.core.checks.name import check_name
from steward.core.checks.phone import check_phone
from steward.core.checks.relationship import check_relationship
from steward.core.checks.source import check_source
from steward.core.checks.verify import VerifyContext
from steward.core.normalize import email_domain
from steward.jobs.verify_stage import make_context
from steward.store.settings import Settings

Lead = dict[str, object]
Text = Mapping[str, str | None]


def _text(lead: Lead) -> dict[str, str | None]:
    # As verify_lead does: checks other than ICP see text fields only.
    return {key: value if isinstance(value, str) else None for key, value in lead.items()}


def _checks(context: VerifyContext) -> dict[str, Callable[[Lead, Text], object]]:
    """Each check as verify_lead calls it: (lead, its text fields) -> result."""
    return {
        "name": lambda _lead, t: check_name(
            t.get("FirstName"),
            t.get("LastName"),
            company=t.get("Company"),
            email=t.get("Email"),
            salutation=t.get("Salutation"),
        ),
        "address": lambda _lead, t: check_address(
            t.get("Street"), t.get("City"), t.get("State"), t.get("PostalCode"), t.get("Country")
        ),
        "phone": lambda _lead, t: check_phone(
            t.get("Phone"), t.get("MobilePhone"), country=t.get("Country")
        ),
        "email": lambda _lead, t: check_email(
            t.get("Email"),
            bounced_date=t.get("EmailBouncedDate"),
            bounced_reason=t.get("EmailBouncedReason"),
            company=t.get("Company"),
            deliverability=context.deliverability.get(email_domain(t.get("Email"))),
        ),
        "relationship": lambda _lead, t: check_relationship(
            email=t.get("Email"),
            company=t.get("Company"),
            website=t.get("Website"),
            title=t.get("Title"),
        ),
        "source": lambda _lead, t: check_source(
            t.get("LeadSource"),
            t.get("CreatedDate"),
            now=context.now,
            allowed_sources=context.allowed_sources,
            max_age_days=context.max_age_days,
            last_activity=t.get("LastActivityDate"),
        ),
        "icp": lambda lead, _t: check_icp(lead, context.icp),
    }


def read_leads(path: Path, rows: int) -> list[Lead]:
    """The first `rows` leads of a Lead.csv, fields by API name, values typed as stored."""
    leads: list[Lead] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        parser = RowParser("Lead", next(reader))
        for values in reader:
            if len(leads) >= rows:
                break
            row = parser.parse(values)
            leads.append({**row.extra, **row.values})
    return leads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads-csv", type=Path, required=True, help="a Lead.csv export")
    parser.add_argument("--rows", type=int, default=5000, help="leads to time (default 5000)")
    args = parser.parse_args()
    leads = read_leads(args.leads_csv, args.rows)
    if not leads:
        print(f"no leads in {args.leads_csv}", file=sys.stderr)
        return 1
    context = make_context(Settings(), datetime.now(UTC), {})
    pairs = [(lead, _text(lead)) for lead in leads]
    checks = _checks(context)
    for check in checks.values():
        check(*pairs[0])
    per_lead: dict[str, float] = {}
    for name, check in checks.items():
        started = time.perf_counter()
        for lead, text in pairs:
            check(lead, text)
        per_lead[name] = round((time.perf_counter() - started) / len(pairs) * 1e6, 1)
    report = {
        "leads": len(pairs),
        "us_per_lead": per_lead,
        "total_us_per_lead": round(sum(per_lead.values()), 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
