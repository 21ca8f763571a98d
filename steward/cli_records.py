"""The `steward merge`, `convert` and `disqualify` commands: each one journal operation, undone
with `steward undo`. Bad input (an unknown id, records of two objects, a lead that is not
ready without --override) exits 2 with one line naming what is wrong.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_parsers(
    verbs: argparse._SubParsersAction[Any],
    workspace_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    merge = verbs.add_parser(
        "merge", help="merge 2 to 10 leads, contacts or accounts into one (undo: steward undo)"
    )
    merge.add_argument("ids", nargs="+", metavar="ID", help="the records, all of one object")
    merge.add_argument("--master", metavar="ID", help="the record that survives (default: by rule)")
    workspace_option(merge)

    convert = verbs.add_parser("convert", help="convert a lead into a contact of an account")
    convert.add_argument("lead", metavar="LEAD_ID")
    target = convert.add_mutually_exclusive_group()
    target.add_argument("--account", metavar="ID", help="into this account")
    target.add_argument(
        "--new-account", action="store_true", help="into a new account (default: its match)"
    )
    convert.add_argument("--contact", metavar="ID", help="into this contact of the account")
    convert.add_argument(
        "--opportunity", metavar="NAME", help="also create an opportunity ('' for the company)"
    )
    convert.add_argument("--status", metavar="STATUS", help="a converted lead status")
    convert.add_argument(
        "--override", metavar="REASON", default="", help="convert a lead that is not ready, because"
    )
    workspace_option(convert)

    disqualify = verbs.add_parser("disqualify", help="close a lead as not converted, with a reason")
    disqualify.add_argument("lead", metavar="LEAD_ID")
    disqualify.add_argument("--reason", required=True, metavar="TEXT")
    disqualify.add_argument("--status", metavar="STATUS", help="a disqualified lead status")
    workspace_option(disqualify)


def merge_command(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.cli import EXIT_OK, _fail, _open_workspace  # noqa: PLC0415
    from steward.core.fields import OBJECTS  # noqa: PLC0415
    from steward.core.merge import MergeProblem  # noqa: PLC0415
    from steward.store.journal import JournalError  # noqa: PLC0415
    from steward.store.merging import merge, object_of, plan_for, related_counts  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            with workspace.transaction() as session:
                objects = {object_of(session, record_id) for record_id in args.ids}
                if len(objects) > 1:
                    _fail(f"the records are of different objects ({', '.join(sorted(objects))})")
                object_name = objects.pop()
                plan = plan_for(session, object_name, args.ids, master_id=args.master)
                related = related_counts(session, object_name, list(plan.others))
                merge(session, plan)
        except (MergeProblem, JournalError) as error:
            _fail(str(error))
    plural = OBJECTS[object_name].plural.lower()
    print(f"Merged {len(plan.others) + 1} {plural} into {plan.master_id}")
    for choice in plan.fields:
        if choice.differs and choice.source != plan.master_id:  # what the others gave it
            source = f"from {choice.source}" if choice.source else "from several"
            print(f"  {choice.name}: {choice.value!r} ({source}, {choice.rule.replace('_', ' ')})")
    labels = next(iter(related.values()), {})
    moved = {label: sum(counts[label] for counts in related.values()) for label in labels}
    followed = ", ".join(_counted(n, label) for label, n in moved.items() if n)
    if followed:
        print(f"  Now the master's: {followed}")
    if len(plan.calls) > 1:
        print(f"  The CRM takes it as {len(plan.calls)} merges in a row")
    print("Undo with: steward undo")
    return EXIT_OK


def convert_command(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.cli import EXIT_OK, _fail, _open_workspace  # noqa: PLC0415
    from steward.core.convert import ConvertProblem  # noqa: PLC0415
    from steward.store.converting import NEW, convert, plan_lead  # noqa: PLC0415
    from steward.store.journal import JournalError  # noqa: PLC0415
    from steward.store.matching import lead_match  # noqa: PLC0415
    from steward.store.settings import SettingsProblem, load_settings  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            with workspace.transaction() as session:
                settings = load_settings(session)
                account = args.account
                matched = lead_match(session, args.lead)
                if account is None and not args.new_account:
                    # the lead's matched account when matching found one good enough
                    good = (
                        matched is not None
                        and matched.account_id is not None
                        and ((matched.account_score or 0) >= settings.convert_threshold)
                    )
                    account = matched.account_id if good and matched is not None else NEW
                plan = plan_lead(
                    session,
                    settings,
                    args.lead,
                    account_id=NEW if args.new_account else account,
                    contact_id=args.contact,
                    opportunity=args.opportunity,
                    status=args.status,
                    override=args.override,
                )
                _operation, made = convert(session, plan)
        except (ConvertProblem, JournalError, SettingsProblem) as error:
            hint = " with --override REASON" if "not ready" in str(error) else ""
            _fail(f"{error}{hint}")
    warnings = matched.warnings.split() if matched is not None else []
    into = "a new account" if plan.account.record_id is None else f"account {made.account_id}"
    print(f"Converted lead {args.lead} into {into} ({made.account_id})")
    print(f"  Contact: {'new ' if plan.contact.record_id is None else ''}{made.contact_id}")
    if made.opportunity_id is not None:
        assert plan.opportunity is not None
        print(f"  Opportunity: {plan.opportunity.values.get('Name')!r} ({made.opportunity_id})")
    if "customer" in warnings and plan.account.record_id is not None:
        print("  Note: that account is an existing customer")
    if "open_deal" in warnings:
        print("  Note: the lead's company has an open deal")
    if plan.override:
        print(f"  Converted although not ready: {plan.override}")
    print("Undo with: steward undo")
    return EXIT_OK


def _counted(number: int, label: str) -> str:
    if number != 1:
        return f"{number} {label}"
    return f"1 {label[:-3]}y" if label.endswith("ies") else f"1 {label[:-1]}"


def disqualify_command(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.cli import EXIT_OK, _fail, _open_workspace  # noqa: PLC0415
    from steward.core.convert import ConvertProblem  # noqa: PLC0415
    from steward.store.converting import disqualify  # noqa: PLC0415
    from steward.store.journal import JournalError  # noqa: PLC0415
    from steward.store.settings import load_settings  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            with workspace.transaction() as session:
                settings = load_settings(session)
                disqualify(session, settings, args.lead, args.reason, status=args.status)
        except (ConvertProblem, JournalError) as error:
            _fail(str(error))
    print(f"Disqualified lead {args.lead}: {args.reason.strip()}")
    print("Undo with: steward undo")
    return EXIT_OK
