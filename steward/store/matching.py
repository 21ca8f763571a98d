"""Matching in the workspace: reading match keys, decisions, the latest pairs and lead summaries.

Decisions ("not a duplicate", "same company", "duplicate") are journal operations, so they
can be undone like any change, and every later run reads them back and respects them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, delete, insert, select
from sqlalchemy.orm import Session

from steward.core.matching.keys import MATCH_COLUMNS
from steward.core.matching.table import KeyTable, KeyTableBuilder
from steward.store.bulk import table_name
from steward.store.journal import Recorder, current_author, now_text, operation
from steward.store.models import INDEXED_MATCH_KEYS, LeadMatch, MatchDecision, MatchPair

DIFFERENT, DUPLICATE, MEMBER = "different", "duplicate", "member"
_READ_CHUNK = 200_000  # records read at a time (by rowid)
_SEPARATOR_CODE = 31  # the ASCII unit separator: no key holds it (a slice that does is re-read)
_SEPARATOR = chr(_SEPARATOR_CODE)
VERDICTS = (DIFFERENT, DUPLICATE, MEMBER)
# Records matching leaves alone: converted leads are read-only in the CRM, deleted ones gone.
_LIVE = {
    "Lead": 'coalesce(t."IsConverted", 0) = 0 AND coalesce(t."IsDeleted", 0) = 0',
    "Contact": 'coalesce(t."IsDeleted", 0) = 0',
    "Account": 'coalesce(t."IsDeleted", 0) = 0',
}


def _key_expressions(object_name: str, columns: Sequence[str] = MATCH_COLUMNS) -> list[str]:
    """Id and the match keys as SQL expressions over the record `t`; a contact takes its
    account's company key and domain when it has none of its own (contacts carry no company
    name)."""
    keys = {c: f't."{c}"' for c in columns}
    if object_name == "Contact":
        keys["mk_company"] = "coalesce(a.\"mk_company\", '')"
        keys["mk_domain"] = "coalesce(nullif(t.\"mk_domain\", ''), a.\"mk_domain\", '')"
    return ['t."Id"', *keys.values()]


# The key columns a matching run compares: the country only helps read phone numbers at
# import, so a run leaves it out (a million values less to read).
RUN_COLUMNS = [c for c in MATCH_COLUMNS if c != "mk_country"]


def _from(object_name: str) -> str:
    if object_name == "Contact":
        return 'contact t LEFT JOIN account a ON a."Id" = t."AccountId"'
    return f'"{table_name(object_name)}" t'


def _select_keys(object_name: str) -> str:
    return f"SELECT {', '.join(_key_expressions(object_name))} FROM {_from(object_name)}"


def load_keys(connection: Connection, object_name: str) -> KeyTable:
    """The match keys a run compares (RUN_COLUMNS; the others are '') of every live record
    of an object.

    SQLite joins each column of a slice of records into one string (group_concat), which
    Python splits: a million records' keys arrive in about 2 s, where fetching them row by
    row made 13 million cells one at a time and took 5 to 7 s."""
    raw: Any = connection.connection.driver_connection
    source = _from(object_name)
    where = f"{_LIVE[object_name]} AND t.rowid >= ? AND t.rowid < ?"
    expressions = _key_expressions(object_name, RUN_COLUMNS)
    joined = ", ".join(
        f"group_concat(coalesce({e}, ''), char({_SEPARATOR_CODE}))" for e in expressions
    )
    slice_sql = f"SELECT count(*), {joined} FROM {source} WHERE {where}"
    next_sql = f"SELECT min(t.rowid) FROM {source} WHERE t.rowid >= ?"
    builder = KeyTableBuilder(object_name, RUN_COLUMNS)
    start = raw.execute(next_sql, (-(2**63),)).fetchone()[0]
    while start is not None:
        end = start + _READ_CHUNK
        count, *texts = raw.execute(slice_sql, (start, end)).fetchone()
        if count:
            columns = [text.split(_SEPARATOR) for text in texts]
            if any(len(values) != count for values in columns):
                # a key holding the separator itself: read this slice row by row
                rows = raw.execute(
                    f"SELECT {', '.join(expressions)} FROM {source} WHERE {where}", (start, end)
                )
                columns = [[v or "" for v in column] for column in zip(*rows, strict=True)]
            builder.add(columns[0], columns[1:])
        # rowids run on with few gaps; a long gap is skipped in one step
        start = raw.execute(next_sql, (end,)).fetchone()[0]
    return builder.table()


def load_keys_of(connection: Connection, object_name: str, ids: Sequence[str]) -> KeyTable:
    """The match keys of the given records (live or not), in the order given."""
    raw: Any = connection.connection.driver_connection
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        marks = ", ".join("?" * len(chunk))
        for row in raw.execute(f'{_select_keys(object_name)} WHERE t."Id" IN ({marks})', chunk):
            found[row[0]] = row
    return KeyTable.from_rows(object_name, [found[i] for i in ids if i in found])


def candidate_ids(
    connection: Connection, object_name: str, keys: dict[str, str], *, limit: int = 50
) -> list[str]:
    """Live records of an object sharing any indexed key value with `keys` (a record's match
    keys, by column): the look-up behind one record's candidates."""
    raw: Any = connection.connection.driver_connection
    table = table_name(object_name)
    wanted: list[tuple[str, str]] = []
    for column in INDEXED_MATCH_KEYS:
        value = keys.get(column, "")
        if not value:
            continue
        targets = ("mk_phone", "mk_mobile") if column in ("mk_phone", "mk_mobile") else (column,)
        wanted += [(target, value) for target in targets]
    if object_name == "Contact" and keys.get("mk_company"):
        # A contact's company is its account's: look the account up by name.
        wanted.append(("account.mk_company", keys["mk_company"]))
    found: list[str] = []
    seen: set[str] = set()
    for column, value in dict.fromkeys(wanted):
        if column.startswith("account."):
            sql = (
                'SELECT t."Id" FROM account a JOIN contact t ON t."AccountId" = a."Id" '
                f'WHERE a."mk_company" = ? AND a."mk_company" != \'\' AND {_LIVE["Contact"]} '
                f"LIMIT {limit}"
            )
        else:
            sql = (
                f'SELECT t."Id" FROM "{table}" t WHERE t."{column}" = ? '
                f"AND t.\"{column}\" != '' AND {_LIVE[object_name]} LIMIT {limit}"
            )
        for (record_id,) in raw.execute(sql, (value,)):
            if record_id not in seen:
                seen.add(record_id)
                found.append(record_id)
    return found


# ---- decisions ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Decision:
    left_object: str
    left_id: str
    right_object: str
    right_id: str
    verdict: str
    who: str
    decided_at: str
    note: str


def pair_key(a_object: str, a_id: str, b_object: str, b_id: str) -> dict[str, str]:
    """The one order a pair is stored in: the smaller (object, id) on the left."""
    (lo, li), (ro, ri) = sorted([(a_object, a_id), (b_object, b_id)])
    return {"left_object": lo, "left_id": li, "right_object": ro, "right_id": ri}


def decide(
    session: Session,
    a: tuple[str, str],
    b: tuple[str, str],
    verdict: str,
    *,
    note: str = "",
    label: str = "",
) -> None:
    """Record (or replace) the steward's verdict on a pair, as a journal operation."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    key = pair_key(a[0], a[1], b[0], b[1])
    words = {DIFFERENT: "Not a duplicate", DUPLICATE: "Duplicate", MEMBER: "Same company"}
    label = label or f"{words[verdict]}: {a[0]} {a[1]} and {b[0]} {b[1]}"
    with operation(session, "match_decision", label, {**key, "verdict": verdict}) as recorder:
        _store_verdict(session, recorder, key, verdict, note)


def link_to_account(session: Session, lead_id: str, account_id: str, *, label: str = "") -> None:
    """Link a lead to the account of its company (a "same company" verdict) in place of any
    account it was linked to before: a lead has one company. One journal operation, so one
    undo brings the earlier link back."""
    key = pair_key("Lead", lead_id, "Account", account_id)
    earlier = [
        pair_key(d.left_object, d.left_id, d.right_object, d.right_id)
        for d in decisions_of(session, "Lead", lead_id)
        if d.verdict == MEMBER
        and "Account" in (d.left_object, d.right_object)
        and account_id not in (d.left_id, d.right_id)
    ]
    label = label or f"Link Lead {lead_id} to Account {account_id}"
    with operation(session, "match_decision", label, {**key, "verdict": MEMBER}) as recorder:
        for old in earlier:
            recorder.touch("match_decision", old)
            session.execute(delete(MatchDecision).where(*_pair_where(MatchDecision, old)))
        _store_verdict(session, recorder, key, MEMBER, "")


def _store_verdict(
    session: Session, recorder: Recorder, key: dict[str, str], verdict: str, note: str
) -> None:
    recorder.touch("match_decision", key)
    session.execute(delete(MatchDecision).where(*_pair_where(MatchDecision, key)))
    session.execute(
        insert(MatchDecision).values(
            **key, verdict=verdict, who=current_author(), decided_at=now_text(), note=note
        )
    )


def forget_decision(session: Session, a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Take a verdict back (journaled); False when there was none."""
    key = pair_key(a[0], a[1], b[0], b[1])
    exists = session.execute(select(MatchDecision.verdict).where(*_pair_where(MatchDecision, key)))
    if exists.first() is None:
        return False
    label = f"Forget the decision on {a[0]} {a[1]} and {b[0]} {b[1]}"
    with operation(session, "match_decision", label, {**key, "verdict": None}) as recorder:
        recorder.touch("match_decision", key)
        session.execute(delete(MatchDecision).where(*_pair_where(MatchDecision, key)))
    return True


def _pair_where(model: type[MatchDecision] | type[MatchPair], key: dict[str, str]) -> list[Any]:
    return [getattr(model, column) == value for column, value in key.items()]


def decisions(connection: Connection | Session, objects: Iterable[str] = ()) -> list[Decision]:
    """Every decision, or those between the given objects only."""
    wanted = set(objects)
    statement = _columns_of(MatchDecision)
    if wanted:
        statement = statement.where(
            MatchDecision.left_object.in_(wanted), MatchDecision.right_object.in_(wanted)
        )
    return _decisions(connection, statement)


def decisions_of(
    connection: Connection | Session, object_name: str, record_id: str
) -> list[Decision]:
    """The decisions that name one record, on either side."""
    statement = _columns_of(MatchDecision).where(
        ((MatchDecision.left_object == object_name) & (MatchDecision.left_id == record_id))
        | ((MatchDecision.right_object == object_name) & (MatchDecision.right_id == record_id))
    )
    return _decisions(connection, statement)


def _decisions(connection: Connection | Session, statement: Any) -> list[Decision]:
    return [Decision(*row) for row in connection.execute(statement).all()]


# ---- pairs and lead summaries -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoredPair:
    left_object: str
    left_id: str
    right_object: str
    right_id: str
    score: float
    reasons: str  # one line, as `steward match --out` writes it


def replace_pairs(
    connection: Connection,
    left_object: str,
    right_object: str,
    rows: Iterable[tuple[str, str, float, str]],
) -> None:
    """Store a run's pairs (left_id, right_id, score, reasons) for two objects, in place
    of the previous run's."""
    connection.execute(
        delete(MatchPair).where(
            MatchPair.left_object == left_object, MatchPair.right_object == right_object
        )
    )
    raw: Any = connection.connection.driver_connection
    raw.executemany(
        "INSERT OR REPLACE INTO match_pair VALUES (?, ?, ?, ?, ?, ?)",
        ((left_object, a, right_object, b, score, reasons) for a, b, score, reasons in rows),
    )


def pairs_between(connection: Connection, left_object: str, right_object: str) -> list[StoredPair]:
    rows = connection.execute(
        _columns_of(MatchPair).where(
            MatchPair.left_object == left_object, MatchPair.right_object == right_object
        )
    )
    return [
        StoredPair(r.left_object, r.left_id, r.right_object, r.right_id, r.score, r.reasons)
        for r in rows
    ]


def pairs_of(
    connection: Connection | Session, object_name: str, record_id: str
) -> list[StoredPair]:
    """The stored pairs naming one record, on either side, best first."""
    rows = connection.execute(
        _columns_of(MatchPair).where(
            ((MatchPair.left_object == object_name) & (MatchPair.left_id == record_id))
            | ((MatchPair.right_object == object_name) & (MatchPair.right_id == record_id))
        )
    )
    found = [
        StoredPair(r.left_object, r.left_id, r.right_object, r.right_id, r.score, r.reasons)
        for r in rows
    ]
    return sorted(found, key=lambda p: -p.score)


class Summary(NamedTuple):
    """A lead's summary as replace_lead_matches stores it: lead_match's columns in order."""

    lead_id: str
    account_id: str | None
    account_score: float | None
    contact_id: str | None
    contact_score: float | None
    duplicates: int
    warnings: str
    matched_at: str


def replace_lead_matches(
    connection: Connection, rows: Sequence[Summary], *, only: set[str] | None = None
) -> None:
    """Store lead summaries in place of all (or, with only, those leads') earlier ones."""
    if only is None:
        connection.execute(delete(LeadMatch))
    else:
        connection.execute(delete(LeadMatch).where(LeadMatch.lead_id.in_(only)))
    if rows:
        # plain executemany of tuples in key order (appended to the table's B-tree): two
        # hundred thousand summaries took SQLAlchemy's insert 1.4 s, dicts in any order 0.9 s
        raw: Any = connection.connection.driver_connection
        raw.executemany(
            f"INSERT INTO lead_match ({', '.join(Summary._fields)}) "
            f"VALUES ({', '.join('?' * len(Summary._fields))})",
            sorted(rows, key=itemgetter(0)),  # by lead_id alone: comparing whole rows is slow
        )


def lead_match(connection: Connection | Session, lead_id: str) -> LeadMatch | None:
    """The lead's summary as a detached LeadMatch (read it; it is not written back)."""
    row = connection.execute(_columns_of(LeadMatch).where(LeadMatch.lead_id == lead_id)).first()
    return None if row is None else LeadMatch(**row._asdict())


def _columns_of(model: type[Any]) -> Select[Any]:
    """A select of a model's columns: rows with named fields on a Connection and a Session
    alike (selecting the model itself gives a Connection only the first column)."""
    return select(*model.__table__.columns)
