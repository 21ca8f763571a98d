"""The `steward` command: the desktop app with no verb, a verb for each job otherwise.

Bad input (a missing file, a file that is not a CSV, an unknown object, an unusable workspace
path) exits with status 2 and one line on stderr. An import that had to reject rows exits 1
after loading everything else. Progress goes to stderr on a terminal and nowhere when piped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, NoReturn

from steward import __version__
from steward.cli_records import add_parsers, convert_command, disqualify_command, merge_command
from steward.core.fields import OBJECTS, object_spec

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the same one-line form as every other bad input."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message} (see 'steward --help')")


def _fail(message: str) -> NoReturn:
    print(f"steward: {message}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="PATH",
        help="the workspace file (default: $STEWARD_WORKSPACE, else one in your data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="steward",
        description="Steward: verify, match, merge and convert CRM leads. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"steward {__version__}")
    _workspace_option(parser)
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh workspace loaded with the demo data"
    )
    parser.add_argument(
        "--snapshot", type=Path, metavar="PNG", help="render the main window to PNG and exit"
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    imp = verbs.add_parser(
        "import", help="load Salesforce export files (a .zip, a folder, or CSV files)"
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--object", metavar="NAME", help="read every file as this object")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    _workspace_option(imp)

    stats = verbs.add_parser("stats", help="count the records in the workspace")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    _workspace_option(stats)

    verify = verbs.add_parser("verify", help="run the lead checklist on every open lead")
    verify.add_argument("--out", type=Path, metavar="CSV", help="write one row per lead and check")
    verify.add_argument("--json", action="store_true", help="print results and summary as JSON")
    verify.add_argument(
        "--dns",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask DNS whether email domains take mail (default: as the workspace's settings say)",
    )
    _workspace_option(verify)

    match = verbs.add_parser(
        "match", help="find duplicates within an object, or matches against another"
    )
    match.add_argument("--object", required=True, metavar="NAME", help="Lead, Contact or Account")
    match.add_argument(
        "--against", metavar="NAME", help="match against this object (default: the same one)"
    )
    match.add_argument(
        "--threshold",
        type=float,
        metavar="X",
        help="lowest score kept, 0..1 (default: the workspace's, 0.8 unless changed)",
    )
    match.add_argument("--out", type=Path, metavar="CSV", help="write the pairs to this file")
    match.add_argument(
        "--clusters", type=Path, metavar="CSV", help="write the clusters of pairs to this file"
    )
    match.add_argument("--json", action="store_true", help="print the pairs as JSON")
    _workspace_option(match)

    settings = verbs.add_parser("settings", help="show or change the workspace's settings")
    settings.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="change one setting (repeatable)"
    )
    settings.add_argument("--icp-rules", type=Path, metavar="TOML", help="use these ICP rules")
    settings.add_argument(
        "--checklist", type=Path, metavar="TOML", help="use this checklist template"
    )
    settings.add_argument(
        "--match-rules", type=Path, metavar="TOML", help="use these matching rules"
    )
    settings.add_argument("--json", action="store_true", help="print the settings as JSON")
    _workspace_option(settings)

    add_parsers(verbs, _workspace_option)
    for verb, text in (("undo", "undo the last change"), ("redo", "redo the last undone change")):
        _workspace_option(verbs.add_parser(verb, help=text))
    journal = verbs.add_parser("journal", help="list the changes made in this workspace")
    journal.add_argument("--json", action="store_true", help="print the journal as JSON")
    _workspace_option(journal)

    export = verbs.add_parser("export", help="write changes (and with --all, everything) as CSV")
    export.add_argument("--out", type=Path, required=True, metavar="DIR")
    export.add_argument(
        "--all", action="store_true", help="also write every object whole as <Object>.csv"
    )
    _workspace_option(export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from steward.store.workspace import default_workspace  # noqa: PLC0415

    workspace = args.workspace or default_workspace()
    if args.verb is None:
        from steward.gui.app import run  # noqa: PLC0415 - Qt loads only for the app itself

        return run(workspace=args.workspace, demo=args.demo, snapshot=args.snapshot)
    commands: dict[str, Callable[[argparse.Namespace, Path], int]] = {
        "import": _import,
        "stats": _stats,
        "export": _export,
        "verify": _verify,
        "match": _match,
        "settings": _settings,
        "undo": _undo_redo,
        "redo": _undo_redo,
        "journal": _journal,
        "merge": merge_command,
        "convert": convert_command,
        "disqualify": disqualify_command,
    }
    return commands[args.verb](args, workspace)


@contextmanager
def _open_workspace(path: Path, *, create: bool) -> Iterator[Any]:
    from steward.store.workspace import (  # noqa: PLC0415
        Workspace,
        WorkspaceError,
        default_workspace,
    )

    if create and path == default_workspace():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        workspace = Workspace.open(path, create=create)
    except WorkspaceError as error:
        _fail(str(error))
    try:
        yield workspace
    finally:
        workspace.close()


class _Progress:
    """A progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, label: str) -> None:
        self._bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm  # noqa: PLC0415

            self._bar = tqdm(total=1000, desc=label, unit="‰", leave=False, file=sys.stderr)

    def __call__(self, fraction: float, message: str) -> None:
        if self._bar is not None:
            self._bar.n = round(fraction * 1000)
            self._bar.set_postfix_str(message[-60:], refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _import(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.connectors.exportfiles.discover import SourceProblem  # noqa: PLC0415
    from steward.jobs.importer import import_files  # noqa: PLC0415

    object_name = None
    if args.object:
        spec = object_spec(args.object)
        if spec is None:
            _fail(f"unknown object {args.object!r}; Steward keeps {', '.join(OBJECTS)}")
        object_name = spec.name
    for path in args.paths:
        if not path.exists():
            _fail(f"{path}: no such file or folder")
    progress = _Progress("Importing")
    with _open_workspace(workspace_path, create=True) as workspace:
        try:
            summary = import_files(
                workspace, args.paths, object_name=object_name, progress=progress, alone=True
            )
        except SourceProblem as problem:
            progress.close()
            _fail(str(problem))
        finally:
            progress.close()
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        for result in summary.files:
            if result.skipped and result.object_name is None:
                print(f"skipped {result.file}: {result.skipped}")
            elif result.skipped:
                print(f"rejected {result.file}: {result.skipped}")
            else:
                print(
                    f"{result.file} ({result.object_name}, {result.encoding}): "
                    f"{result.inserted:,} loaded, {result.updated:,} updated, "
                    f"{result.rejected:,} rejected"
                )
        for row_problem in summary.problems[:20]:
            print(f"  {row_problem}", file=sys.stderr)
        if summary.problem_count > 20:
            print(f"  ... and {summary.problem_count - 20:,} more problems", file=sys.stderr)
        print(f"{summary.line()} into {workspace_path}")
    loaded_nothing = not any(f.object_name and not f.skipped for f in summary.files)
    if loaded_nothing and not summary.files:
        _fail("no CSV files found in " + ", ".join(str(p) for p in args.paths))
    return (
        EXIT_PARTIAL
        if summary.rejected or any(f.skipped and f.object_name for f in summary.files)
        else EXIT_OK
    )


def _stats(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.store.bulk import count_rows  # noqa: PLC0415
    from steward.store.journal import pending_changes  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace:
        with workspace.engine.connect() as connection:
            counts = {name: count_rows(connection, name) for name in OBJECTS}
            changed = sum(len(records) for records in pending_changes(connection).values())
        info = {
            "objects": counts,
            "pending_changes": changed,
            "workspace": str(workspace.path),
            "origin": workspace.meta("origin"),
            "last_import": workspace.meta("last_import"),
        }
    if args.json:
        print(json.dumps(info, indent=2))
        return EXIT_OK
    print(f"Workspace {info['workspace']}")
    if info["origin"]:
        print(f"From {info['origin']}, last imported {info['last_import']}")
    for name, count in counts.items():
        print(f"  {OBJECTS[name].plural:<14}{count:>12,}")
    print(f"  {'Pending changes':<14}{changed:>12,}" if changed else "  No pending changes")
    return EXIT_OK


def _verify(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.connectors.exportfiles.writer import CsvFileWriter  # noqa: PLC0415
    from steward.jobs.verify import verify_workspace  # noqa: PLC0415
    from steward.store.settings import SettingsProblem  # noqa: PLC0415

    out: Path | None = args.out
    if out is not None and out.is_dir():
        _fail(f"{out} is a folder; --out needs a CSV file name")
    rows: list[dict[str, str]] = []
    progress = _Progress("Verifying")
    with _open_workspace(workspace_path, create=False) as workspace, ExitStack() as stack:
        writer = None
        try:
            if out is not None:
                writer = stack.enter_context(
                    CsvFileWriter(out, ["lead_id", "check", "status", "evidence"], quote_all=False)
                )
        except OSError as error:
            _fail(f"cannot write {out}: {error.strerror}")

        def on_lead(lead_id: str, lines: list[tuple[str, str, str]]) -> None:
            rows.extend(
                {"lead_id": lead_id, "check": check, "status": status, "evidence": evidence}
                for check, status, evidence in lines
            )

        try:
            summary = verify_workspace(
                workspace,
                dns=args.dns,
                on_lead=on_lead if args.json else None,
                csv_out=writer.write_text if writer is not None else None,
                progress=progress,
            )
        except SettingsProblem as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"cannot write {out}: {error.strerror}")
        finally:
            progress.close()
    if args.json:
        print(json.dumps({"summary": summary.as_dict(), "results": rows}, indent=1))
    else:
        print(summary.line())
        for check, counts in summary.by_check.items():
            print(f"  {check:<22}" + "  ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    return EXIT_OK


_MATCHABLE = ("Lead", "Contact", "Account")
PAIR_COLUMNS = ["left_id", "right_id", "score", "left_object", "right_object", "reasons"]
CLUSTER_COLUMNS = ["cluster", "size", "object", "id"]


def _matchable(name: str, option: str) -> str:
    for known in _MATCHABLE:
        if known.lower() == name.strip().lower():
            return known
    _fail(f"{option} {name!r}: matching works on {', '.join(_MATCHABLE)}")


def _match(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.connectors.exportfiles.writer import CsvFileWriter  # noqa: PLC0415
    from steward.jobs.match import match, summarise_leads  # noqa: PLC0415
    from steward.store.settings import SettingsProblem, load_settings  # noqa: PLC0415

    left = _matchable(args.object, "--object")
    right = _matchable(args.against, "--against") if args.against else left
    if args.threshold is not None and not 0 < args.threshold < 1:
        _fail(f"--threshold {args.threshold:g}: give a score between 0 and 1, such as 0.8")
    for path in (args.out, args.clusters):
        if path is not None and path.is_dir():
            _fail(f"{path} is a folder; give a CSV file name")
    progress = _Progress("Matching")
    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            with workspace.engine.connect() as connection:
                rules = load_settings(connection).matching()
        except SettingsProblem as error:
            _fail(str(error))
        try:
            result = match(workspace, left, right, rules=rules, threshold=args.threshold,
                           progress=progress)  # fmt: skip
        finally:
            progress.close()
        if "Lead" in (left, right):
            summarise_leads(workspace, rules.threshold)
    groups = result.clusters()
    try:
        if args.out is not None:
            with CsvFileWriter(args.out, PAIR_COLUMNS, quote_all=False) as writer:
                # reasons start with a field's name, never with a formula's = + - @
                writer.write_safe([(p.left_id, p.right_id, f"{p.score:.4f}", p.left_object,
                                    p.right_object, p.reasons) for p in result.pairs])  # fmt: skip
        if args.clusters is not None:
            with CsvFileWriter(args.clusters, CLUSTER_COLUMNS, quote_all=False) as writer:
                for number, members in enumerate(groups, 1):
                    for object_name, record_id in members:
                        writer.write([str(number), str(len(members)), object_name, record_id])
    except OSError as error:
        _fail(f"cannot write {error.filename}: {error.strerror}")
    if args.json:
        print(json.dumps({
            "threshold": result.threshold,
            "records": result.records,
            "candidates": result.candidates,
            "pairs": [dict(zip(PAIR_COLUMNS, [p.left_id, p.right_id, p.score, p.left_object,
                                              p.right_object, p.reasons], strict=True))
                      for p in result.pairs],
            "clusters": [[{"object": o, "id": i} for o, i in members] for members in groups],
        }, indent=1))  # fmt: skip
    else:
        against = "" if right == left else f" against {right}"
        largest = f" (largest {len(groups[0])})" if groups else ""
        print(
            f"{len(result.pairs):,} pairs at or above {result.threshold:g}: {left}{against}, "
            f"{result.records:,} records, {result.candidates:,} candidates compared; "
            f"{len(groups):,} clusters{largest}"
        )
    return EXIT_OK


def _settings(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.store.settings import SettingsProblem, load_settings, save_settings  # noqa: PLC0415

    changes: dict[str, Any] = {}
    for assignment in args.set or []:
        name, sep, value = assignment.partition("=")
        if not sep:
            _fail(f"--set needs NAME=VALUE, not {assignment!r}")
        changes[name.strip()] = value
    for name, path in (
        ("icp_rules", args.icp_rules),
        ("checklist", args.checklist),
        ("match_rules", args.match_rules),
    ):
        if path is not None:
            try:
                changes[name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                _fail(f"cannot read {path}: {getattr(error, 'strerror', None) or error}")
    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            with workspace.transaction() as session:
                settings = load_settings(session)
                if changes:
                    settings = settings.with_values(**changes)
                    save_settings(session, settings)
        except SettingsProblem as error:
            _fail(str(error))
    data = settings.as_dict()
    if args.json:
        print(json.dumps(data, indent=1))
    else:
        for name, value in data.items():
            shown = value
            if name in {"icp_rules", "checklist", "match_rules"}:
                shown = f"{len(value.splitlines())} lines" if value else "(Steward's default)"
            elif isinstance(value, list):
                shown = ", ".join(value)
            print(f"{name:<16}{shown}")
    return EXIT_OK


def _undo_redo(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.jobs.desk import Desk  # noqa: PLC0415
    from steward.store.journal import JournalError  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace:
        desk = Desk(workspace)
        try:
            step = desk.undo() if args.verb == "undo" else desk.redo()
        except JournalError as error:
            _fail(str(error))
    print(f"{'Undid' if args.verb == 'undo' else 'Redid'}: {step.label}")
    return EXIT_OK


def _journal(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.store.journal import history  # noqa: PLC0415

    with _open_workspace(workspace_path, create=False) as workspace, workspace.session() as session:
        entries = history(session)
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], indent=1, ensure_ascii=False))
        return EXIT_OK
    for entry in entries:
        state = "undone" if entry.undone else entry.state
        print(f"{entry.id:>5}  {entry.created[:16]}  {entry.author:<12} {state:<9} {entry.label}")
    if not entries:
        print("The journal is empty: no changes yet")
    return EXIT_OK


def _export(args: argparse.Namespace, workspace_path: Path) -> int:
    from steward.jobs.exporter import export_files  # noqa: PLC0415

    out: Path = args.out
    if out.exists() and not out.is_dir():
        _fail(f"{out} is a file; --out needs a folder")
    progress = _Progress("Exporting")
    with _open_workspace(workspace_path, create=False) as workspace:
        try:
            summary = export_files(workspace, out, full=args.all, progress=progress)
        except OSError as error:
            _fail(f"cannot write to {out}: {error.strerror}")
        finally:
            progress.close()
    print(summary.line())
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
