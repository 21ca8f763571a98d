"""Generate the demo org: a seeded, realistic synthetic Salesforce weekly Data Export.

    python -m steward.demo.generate --out DIR [--seed N] [--leads N] [--accounts N]
        [--contacts N] [--opportunities N] [--users N] [--truth FILE] [--summary] [--workers N]

writes Account.csv, Contact.csv, Lead.csv, Opportunity.csv and User.csv into DIR, and with
--truth a JSON file naming every planted phenomenon (duplicate leads, leads of existing
accounts or contacts, junk, stale leads, the account hierarchy, namesakes, conversions).
The same seed and sizes always give byte-identical files; "now" is fixed at 2026-11-01.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from steward.demo import leads as lead_module
from steward.demo.identity import GROUP_BASE, LEAD_BASE, Mailboxes, People, identity
from steward.demo.leads import (
    LEAD_COLUMNS,
    Event,
    Mail,
    Plan,
    chunk_lines,
    plan,
)
from steward.demo.model import (
    HIERARCHY_PARENT,
    HIERARCHY_SIZE,
    TAG_ACCOUNT_CHUNK,
    TAG_USERS,
    record_id,
    seeded,
)
from steward.demo.rows import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    OPPORTUNITY_COLUMNS,
    USER_COLUMNS,
    account_row,
    contact_row,
    csv_line,
    opportunity_row,
    projector,
    user_rows,
)
from steward.demo.text import REFERENCE, datetime_text
from steward.demo.world import World

DEFAULTS = {"leads": 2000, "accounts": 600, "contacts": 1500, "opportunities": 300, "users": 30}
ACCOUNT_CHUNK = 2000  # accounts (with their contacts and opportunities) per chunk
DETAIL_LIMIT = 100_000  # above this many leads the CLI writes a summarised truth by default
FILES = ("Account", "Contact", "Lead", "Opportunity", "User")
T = TypeVar("T")

_account_out = projector(ACCOUNT_COLUMNS)
_contact_out = projector(CONTACT_COLUMNS)
_opportunity_out = projector(OPPORTUNITY_COLUMNS)


def generate(
    out_dir: Path,
    *,
    seed: int = 42,
    leads: int = 2000,
    accounts: int = 600,
    contacts: int = 1500,
    opportunities: int = 300,
    users: int = 30,
    detailed_truth: bool = True,
    workers: int = 1,
) -> dict[str, object]:
    """Write the five CSVs into out_dir and return the truth dict (also written by the CLI).

    With detailed_truth False the truth only counts each phenomenon (for very large orgs);
    workers > 1 spreads the work over processes without changing a byte of the output.
    """
    world = World(seed, leads, accounts, contacts, opportunities, users)
    lead_plan = plan(world)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _open_csv(out_dir / "User.csv", USER_COLUMNS) as users_out:
        out = projector(USER_COLUMNS)
        writer = csv.writer(users_out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerows(out(row) for row in user_rows(world, seeded(seed, TAG_USERS, 1)))
    account_chunks = range((accounts + ACCOUNT_CHUNK - 1) // ACCOUNT_CHUNK)
    lead_chunks = range((leads + lead_module.CHUNK - 1) // lead_module.CHUNK)
    events: list[Event] = []
    who = _Who(People(), Mailboxes())
    with _Pool(world, lead_plan, workers) as pool:
        with (
            _open_csv(out_dir / "Account.csv", ACCOUNT_COLUMNS) as accounts_out,
            _open_csv(out_dir / "Contact.csv", CONTACT_COLUMNS) as contacts_out,
            _open_csv(out_dir / "Opportunity.csv", OPPORTUNITY_COLUMNS) as opportunities_out,
        ):
            for account_text, contact_lines, mails, opportunity_text in pool.run(
                _account_chunk, account_chunks
            ):
                accounts_out.write(account_text)
                contacts_out.write(who.lines(contact_lines, mails))
                opportunities_out.write(opportunity_text)
        with _open_csv(out_dir / "Lead.csv", LEAD_COLUMNS) as leads_out:
            for lines, mails, chunk_events in pool.run(_lead_chunk(detailed_truth), lead_chunks):
                leads_out.write(who.lines(lines, mails))
                events.extend(chunk_events)
    return build_truth(world, lead_plan, events if detailed_truth else None, who.people.merged)


class _Who:
    """Settles who each record is and gives them their own mailbox, in file order."""

    def __init__(self, people: People, mailboxes: Mailboxes) -> None:
        self.people, self.mailboxes = people, mailboxes

    def lines(self, lines: list[str], mails: list[Mail]) -> str:
        person, fix = self.people.person, self.mailboxes.fix_line
        out = []
        for line, (email, own, who, own_mailbox) in zip(lines, mails, strict=True):
            number = person(own, who)
            out.append(fix(line, email, number) if own_mailbox and email else line)
        return "".join(out)


def _open_csv(path: Path, columns: Sequence[str]) -> IO[str]:
    """A CSV file in Salesforce's export dialect, with its header row written."""
    handle = path.open("w", encoding="utf-8", newline="")
    csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(columns)
    return handle


# ---- chunks (module-level so worker processes can run them) ----------------------------
_state: dict[str, object] = {}


def _init(world: World, lead_plan: Plan) -> None:
    _state["world"], _state["plan"] = world, lead_plan


def _account_chunk(number: int) -> tuple[str, list[str], list[Mail], str]:
    world, lead_plan = _state["world"], _state["plan"]
    assert isinstance(world, World) and isinstance(lead_plan, Plan)
    referred = lead_plan.contacts
    rngs = [seeded(world.seed, TAG_ACCOUNT_CHUNK, number * 3 + n) for n in range(3)]
    accounts: list[str] = []
    contacts: list[str] = []
    mails: list[Mail] = []
    opportunities: list[str] = []
    for index in range(number * ACCOUNT_CHUNK, min(world.accounts, (number + 1) * ACCOUNT_CHUNK)):
        account = world.account(index)
        accounts.append(csv_line(_account_out(account_row(world, account, rngs[0]))))
        for c in range(world.contact_start[index], world.contact_start[index + 1]):
            row = contact_row(world, c, account, rngs[1], c in referred)
            contacts.append(csv_line(_contact_out(row)))
            # a contact's own person number is its index
            who = identity(account.company.website, row["FirstName"], row["LastName"])
            mails.append((row["Email"], c, who, True))
        for o in range(world.opportunity_start[index], world.opportunity_start[index + 1]):
            row = opportunity_row(world, o, account, rngs[2])
            opportunities.append(csv_line(_opportunity_out(row)))
    return "".join(accounts), contacts, mails, "".join(opportunities)


LeadChunk = tuple[list[str], list[Mail], list[Event]]


def _lead_chunk_detailed(number: int) -> LeadChunk:
    return _lead_chunk_any(number, True)


def _lead_chunk_summary(number: int) -> LeadChunk:
    return _lead_chunk_any(number, False)


def _lead_chunk_any(number: int, detail: bool) -> LeadChunk:
    world, lead_plan = _state["world"], _state["plan"]
    assert isinstance(world, World) and isinstance(lead_plan, Plan)
    return chunk_lines(world, lead_plan, number, detail)


def _lead_chunk(detail: bool) -> Callable[[int], LeadChunk]:
    return _lead_chunk_detailed if detail else _lead_chunk_summary


class _Pool:
    """Runs chunk functions in order: in this process, or in worker processes."""

    def __init__(self, world: World, lead_plan: Plan, workers: int) -> None:
        _init(world, lead_plan)
        self.pool: Any = None
        self.ahead = 2 * workers  # chunks in flight at most, so memory stays bounded
        if workers > 1:
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            self.pool = context.Pool(workers, initializer=_init, initargs=(world, lead_plan))

    def __enter__(self) -> _Pool:
        return self

    def run(self, function: Callable[[int], T], numbers: Iterable[int]) -> Iterator[T]:
        if self.pool is None:
            yield from (function(number) for number in numbers)
            return
        pending: deque[Any] = deque()
        for number in numbers:
            pending.append(self.pool.apply_async(function, (number,)))
            if len(pending) >= self.ahead:
                yield cast(T, pending.popleft().get())
        while pending:
            yield cast(T, pending.popleft().get())

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        _state.clear()


# ---- truth ------------------------------------------------------------------------------
def build_truth(
    world: World, lead_plan: Plan, events: list[Event] | None, merged: dict[int, int]
) -> dict[str, object]:
    """What was planted where. Without events (summary mode) each category is only counted.

    merged: the records drawn independently that are one person (identity.People.merged)."""
    counts = lead_plan.counts
    truth: dict[str, object] = {
        "generator": "steward.demo.generate",
        "seed": world.seed,
        "reference_date": datetime_text(REFERENCE),
        "stale_before": datetime_text(REFERENCE - 730 * 86400),
        "counts": {
            "Lead": world.leads,
            "Account": world.accounts,
            "Contact": world.contacts,
            "Opportunity": world.opportunities,
            "User": world.users,
        },
        "detailed": events is not None,
        "account_hierarchy": _hierarchy(world),
    }
    if events is None:
        truth.update(
            duplicate_lead_groups=counts["duplicate_groups"],
            leads_of_existing_accounts=counts["of_account"],
            leads_duplicating_contacts=counts["of_contact"],
            junk_leads=counts["junk"],
            stale_leads=counts["stale"],
            same_name_different_people=counts["same_name_pairs"],
            converted_leads=counts["converted"],
            same_person=len(set(merged.values())),
        )
        return truth
    groups: dict[int, list[dict[str, Any]]] = {}
    pairs: dict[int, list[dict[str, Any]]] = {}
    by_key: dict[str, list[dict[str, Any]]] = {}
    for key, payload in events:
        if key == "duplicate":
            groups.setdefault(int(payload["group"]), []).append(payload)
        elif key == "same_name":
            pairs.setdefault(int(payload["pair"]), []).append(payload)
        else:
            by_key.setdefault(key, []).append(payload)
    truth["duplicate_lead_groups"] = [
        {
            "lead_ids": [m["lead_id"] for m in members],
            "variations": [m["variations"] for m in members],
            **({"account_id": members[0]["account_id"]} if members[0]["account_id"] else {}),
        }
        for _, members in sorted(groups.items())
        for members in [sorted(members, key=lambda m: int(m["member"]))]
    ]
    truth["leads_of_existing_accounts"] = by_key.get("of_account", [])
    truth["leads_duplicating_contacts"] = by_key.get("of_contact", [])
    truth["junk_leads"] = by_key.get("junk", [])
    truth["stale_leads"] = [p["lead_id"] for p in by_key.get("stale", [])]
    truth["same_name_different_people"] = [
        {"name": members[0]["name"], "lead_ids": [m["lead_id"] for m in members]}
        for _, members in sorted(pairs.items())
        for members in [sorted(members, key=lambda m: int(m["member"]))]
    ]
    truth["converted_leads"] = by_key.get("converted", [])
    truth["same_person"] = _same_person(merged, groups, by_key)
    return truth


def _same_person(
    merged: dict[int, int],
    groups: dict[int, list[dict[str, Any]]],
    by_key: dict[str, list[dict[str, Any]]],
) -> list[dict[str, list[str]]]:
    """Records drawn apart that are one person (the same name at the same company): each
    person's leads and contacts, planted duplicates of them included."""
    leads_of_contact: dict[str, list[str]] = {}
    for key in ("of_contact", "converted"):
        for entry in by_key.get(key, []):
            leads_of_contact.setdefault(entry["contact_id"], []).append(entry["lead_id"])
    members: dict[int, list[int]] = {}
    for own, person in merged.items():
        members.setdefault(person, [person]).append(own)
    found: list[dict[str, list[str]]] = []
    for numbers in members.values():
        leads: list[str] = []
        contacts: list[str] = []
        for number in sorted(numbers):
            if number >= LEAD_BASE:
                leads.append(record_id("Lead", number - LEAD_BASE))
            elif number >= GROUP_BASE:
                leads += [m["lead_id"] for m in groups.get(number - GROUP_BASE, [])]
            else:
                contact = record_id("Contact", number)
                contacts.append(contact)
                leads += leads_of_contact.get(contact, [])
        found.append({"lead_ids": leads, "contact_ids": contacts})
    return sorted(found, key=lambda entry: (entry["lead_ids"], entry["contact_ids"]))


def _hierarchy(world: World) -> dict[str, object]:
    if world.accounts < HIERARCHY_SIZE:
        return {}
    return {
        "root": record_id("Account", 0),
        "edges": [
            {"account_id": record_id("Account", child), "parent_id": record_id("Account", parent)}
            for child, parent in sorted(HIERARCHY_PARENT.items())
        ],
    }


def write_truth(path: Path, truth: dict[str, object]) -> None:
    """The truth as JSON (UTF-8, one key per line, stable), as shipped in resources/demo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", "utf-8")


# ---- command line -----------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m steward.demo.generate",
        description="Write a synthetic Salesforce Data Export (the Steward demo org).",
    )
    parser.add_argument("--out", type=Path, required=True, help="directory for the CSV files")
    parser.add_argument("--seed", type=int, default=42)
    for name in DEFAULTS:
        parser.add_argument(f"--{name}", type=int, default=None)
    parser.add_argument("--truth", type=Path, help="write the planted phenomena to this JSON file")
    parser.add_argument("--summary", action="store_true", help="count phenomena, do not list ids")
    parser.add_argument(
        "--workers",
        type=int,
        help="processes to generate with (default: one per CPU, up to 8, from 50,000 leads)",
    )
    args = parser.parse_args(argv)
    sizes = _sizes({name: getattr(args, name) for name in DEFAULTS})
    detailed = not args.summary and sizes["leads"] <= DETAIL_LIMIT
    workers = args.workers
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if sizes["leads"] >= 50_000 else 1
    started = time.perf_counter()
    truth = generate(args.out, seed=args.seed, detailed_truth=detailed, workers=workers, **sizes)
    if args.truth:
        write_truth(args.truth, truth)
    took = time.perf_counter() - started
    listing = ", ".join(f"{sizes[n]:,} {n}" for n in DEFAULTS)
    print(f"wrote {listing} to {args.out} in {took:.1f}s", file=sys.stderr)
    return 0


def _sizes(given: dict[str, int | None]) -> dict[str, int]:
    """Counts not given follow the number of leads in the default proportions."""
    leads = given["leads"] if given["leads"] is not None else DEFAULTS["leads"]
    sizes = {"leads": leads}
    for name in ("accounts", "contacts", "opportunities", "users"):
        value = given[name]
        default = max(
            1 if name == "users" else 0, round(leads * DEFAULTS[name] / DEFAULTS["leads"])
        )
        sizes[name] = value if value is not None else default
    return sizes


if __name__ == "__main__":
    raise SystemExit(main())
