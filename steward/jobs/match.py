"""Matching jobs: the org-wide run behind `steward match` and the duplicates view, the lead
summaries behind the warnings, and one record's candidates for the match screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, text

from steward.core.matching.clusters import clusters
from steward.core.matching.engine import run
from steward.core.matching.explain import Reason, reason_lines, reason_text, reasons
from steward.core.matching.rules import Rules, default_rules
from steward.core.matching.score import score_pairs
from steward.core.matching.table import KeyTable
from steward.jobs.collector import collector_paused
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.store.journal import now_text
from steward.store.matching import (
    DIFFERENT,
    DUPLICATE,
    MEMBER,
    Summary,
    candidate_ids,
    decisions,
    decisions_of,
    load_keys,
    load_keys_of,
    pair_key,
    replace_lead_matches,
    replace_pairs,
)
from steward.store.workspace import Workspace

MATCH_OBJECTS = ("Lead", "Contact", "Account")
# The runs of a full matching pass, in the order the lead summaries need them.
ALL_RUNS = (
    ("Lead", "Lead"),
    ("Lead", "Contact"),
    ("Lead", "Account"),
    ("Contact", "Contact"),
    ("Account", "Account"),
)
WARNING_WORDS = {
    "customer": "existing customer",
    "open_deal": "in an open deal",
    "contact": "already a contact",
}


class PairRow(NamedTuple):
    """One pair of a run (a tuple: a million-lead run makes some 170,000 of them, and a
    frozen dataclass took four times as long to make)."""

    left_object: str
    left_id: str
    right_object: str
    right_id: str
    score: float
    reasons: str  # one line a steward reads
    decided: str = ""  # the steward's verdict when there is one


@dataclass(slots=True)
class MatchResult:
    left_object: str
    right_object: str
    threshold: float
    records: int = 0
    candidates: int = 0
    pairs: list[PairRow] = field(default_factory=list)

    def clusters(self) -> list[list[tuple[str, str]]]:
        return clusters(
            ((p.left_object, p.left_id), (p.right_object, p.right_id)) for p in self.pairs
        )


def match(
    workspace: Workspace,
    left_object: str,
    right_object: str | None = None,
    *,
    rules: Rules | None = None,
    threshold: float | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    save: bool = True,
) -> MatchResult:
    """Pairs of left_object records (or left against right) at or above the threshold.

    Decisions are respected: a pair decided "different" never comes back, a pair decided
    "duplicate" or "same company" is always there. With save, the pairs replace the
    workspace's previous ones for these objects.
    """
    with collector_paused():
        return _match(workspace, left_object, right_object, rules=rules, threshold=threshold,
                      progress=progress, cancel=cancel, save=save)  # fmt: skip


def _match(
    workspace: Workspace,
    left_object: str,
    right_object: str | None,
    *,
    rules: Rules | None,
    threshold: float | None,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
    save: bool,
) -> MatchResult:
    cancel = cancel or CancelFlag()
    rules = rules or default_rules()
    right_object = right_object or left_object
    limit = rules.threshold if threshold is None else threshold
    rule = rules.for_pair(left_object, right_object)
    result = MatchResult(left_object, right_object, limit)
    with workspace.engine.connect() as connection:
        progress(0.0, f"Reading {left_object} match keys")
        left = load_keys(connection, left_object)
        right = None if right_object == left_object else load_keys(connection, right_object)
        decided = {
            (d.left_object, d.left_id, d.right_object, d.right_id): d.verdict
            for d in decisions(connection, {left_object, right_object})
        }
    cancel.check()
    result.records = len(left) + (len(right) if right is not None else 0)

    def tick(fraction: float, message: str) -> None:
        progress(0.1 + 0.7 * fraction, message)
        cancel.check()

    table, scored, result.candidates = run(left, right, rule, limit, tick)
    objects = [left_object] * len(left) + [right_object] * (len(table) - len(left))
    found: set[tuple[str, str, str, str]] = set()
    progress(0.8, f"Explaining {len(scored):,} pairs")
    lines = reason_lines(scored, table)
    scores = np.round(scored.score.astype(np.float64), 4).tolist()
    ids = table.ids
    for a, b, score, line in zip(
        scored.left.tolist(), scored.right.tolist(), scores, lines, strict=True
    ):
        verdict = None
        if decided:  # most runs have few decisions; building keys for all pairs costs seconds
            key = _key(objects[a], ids[a], objects[b], ids[b])
            verdict = decided.get(key)
            if verdict == DIFFERENT:
                continue
            found.add(key)
        result.pairs.append(
            PairRow(objects[a], ids[a], objects[b], ids[b], score, line, verdict or "")
        )
    result.pairs += _decided_pairs(table, objects, rule_pairs=(left_object, right_object),
                                   decided=decided, found=found, rules=rules)  # fmt: skip
    result.pairs.sort(key=lambda p: (-p.score, p.left_id, p.right_id))
    if save:
        progress(0.9, "Saving pairs")
        with workspace.engine.begin() as connection:
            replace_pairs(
                connection,
                left_object,
                right_object,
                ((p.left_id, p.right_id, p.score, p.reasons) for p in result.pairs),
            )
    progress(1.0, f"{len(result.pairs):,} pairs at or above {limit:g}")
    return result


def _key(a_object: str, a_id: str, b_object: str, b_id: str) -> tuple[str, str, str, str]:
    k = pair_key(a_object, a_id, b_object, b_id)
    return k["left_object"], k["left_id"], k["right_object"], k["right_id"]


def _decided_pairs(
    table: KeyTable,
    objects: list[str],
    *,
    rule_pairs: tuple[str, str],
    decided: dict[tuple[str, str, str, str], str],
    found: set[tuple[str, str, str, str]],
    rules: Rules,
) -> list[PairRow]:
    """Pairs the steward decided are the same, which the run itself did not find."""
    position = {(objects[i], record_id): i for i, record_id in enumerate(table.ids)}
    rows: list[PairRow] = []
    rule = rules.for_pair(*rule_pairs)
    for key, verdict in decided.items():
        if verdict == DIFFERENT or key in found:
            continue
        a = position.get((key[0], key[1]))
        b = position.get((key[2], key[3]))
        if a is None or b is None:
            continue
        if objects[a] != rule_pairs[0]:
            a, b = b, a
        scored = score_pairs(table, np.array([a]), np.array([b]), rule)
        words = reason_text(scored, 0, table)
        rows.append(
            PairRow(
                objects[a],
                table.ids[a],
                objects[b],
                table.ids[b],
                1.0,
                f"Decided: {verdict}; {words}" if words else f"Decided: {verdict}",
                verdict,
            )
        )
    return rows


# ---- one record's candidates ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    object_name: str
    record_id: str
    score: float
    reasons: list[Reason]
    verdict: str = ""  # the steward's decision on this pair, if any


def candidates(
    connection: Connection,
    object_name: str,
    record_id: str,
    *,
    against: Sequence[str] = MATCH_OBJECTS,
    rules: Rules | None = None,
    per_object: int = 10,
) -> list[Candidate]:
    """The records most like one record, scored with reasons, best first, per object.

    Goes through the key indexes, so it takes milliseconds however large the workspace."""
    rules = rules or default_rules()
    own = load_keys_of(connection, object_name, [record_id])
    if not len(own):
        return []
    keys = {column: str(values[0]) for column, values in own.columns.items()}
    verdicts = {
        (
            (d.right_object, d.right_id)
            if (d.left_object, d.left_id) == (object_name, record_id)
            else (d.left_object, d.left_id)
        ): d.verdict
        for d in decisions_of(connection, object_name, record_id)
    }
    found: list[Candidate] = []
    for other in against:
        ids = [i for i in candidate_ids(connection, other, keys) if i != record_id]
        decided_ids = [i for (o, i), _ in verdicts.items() if o == other and i not in ids]
        ids += decided_ids
        if not ids:
            continue
        others = load_keys_of(connection, other, ids)
        table = own.concat(others)
        rule = rules.for_pair(object_name, other)
        left = np.zeros(len(others), dtype=np.int64)
        right = np.arange(1, len(others) + 1, dtype=np.int64)
        scored = score_pairs(table, left, right, rule)
        ranked = sorted(range(len(scored)), key=lambda r: -float(scored.score[r]))
        kept = [
            r
            for r in ranked
            if float(scored.score[r]) >= 0.05
            or (other, table.ids[int(scored.right[r])]) in verdicts
        ][:per_object]
        for row in kept:
            other_id = table.ids[int(scored.right[row])]
            found.append(
                Candidate(
                    other,
                    other_id,
                    float(scored.score[row]),
                    reasons(scored, row, table),
                    verdicts.get((other, other_id), ""),
                )
            )
    return found


# ---- lead summaries and warnings --------------------------------------------------------
def account_facts(connection: Connection) -> dict[str, set[str]]:
    """Per account id, what a lead matched to it should warn about: customer, open_deal."""
    facts: dict[str, set[str]] = {}
    for (account_id,) in connection.execute(
        text("SELECT \"Id\" FROM account WHERE lower(coalesce(\"Type\", '')) LIKE '%customer%'")
    ):
        facts.setdefault(account_id, set()).add("customer")
    for account_id, won, open_deal in connection.execute(
        text(
            'SELECT "AccountId", max(coalesce("IsWon", 0)), '
            'max(CASE WHEN coalesce("IsClosed", 0) = 0 THEN 1 ELSE 0 END) '
            'FROM opportunity WHERE "AccountId" IS NOT NULL GROUP BY "AccountId"'
        )
    ):
        if won:
            facts.setdefault(account_id, set()).add("customer")
        if open_deal:
            facts.setdefault(account_id, set()).add("open_deal")
    return facts


def summarise_leads(
    workspace: Workspace, threshold: float, lead_ids: Sequence[str] | None = None
) -> int:
    """Store each lead's best account, contact and duplicate count with its warnings, from the
    stored pairs and the steward's decisions (a "not a duplicate" pair never warns). With
    lead_ids, only those leads are summarised again. Returns the number of summaries."""
    wanted = set(lead_ids) if lead_ids is not None else None
    with collector_paused(), workspace.engine.begin() as connection:
        verdicts = {
            (d.left_object, d.left_id, d.right_object, d.right_id): d.verdict
            for d in decisions(connection)
        }
        best_account: dict[str, tuple[float, str]] = {}
        best_contact: dict[str, tuple[float, str]] = {}
        raw: Any = connection.connection.driver_connection
        duplicates = _duplicate_counts(raw, threshold, verdicts)

        def take(lo: str, li: str, ro: str, ri: str, score: float, decided: str) -> None:
            if decided == DIFFERENT or (score < threshold and not decided):
                return
            lead_id, other_object, other_id = (li, ro, ri) if lo == "Lead" else (ri, lo, li)
            target = best_account if other_object == "Account" else best_contact
            if decided in (MEMBER, DUPLICATE):
                score = 1.0
            if target.get(lead_id, (-1.0, ""))[0] < score:
                target[lead_id] = (score, other_id)

        for lo, li, ro, ri, score in raw.execute(
            "SELECT left_object, left_id, right_object, right_id, score FROM match_pair "
            "WHERE (left_object = 'Lead') != (right_object = 'Lead')"
        ):
            # Decisions are keyed in pair_key order; a run stores its pairs in its own order.
            take(lo, li, ro, ri, score, verdicts.get(_key(lo, li, ro, ri), "") if verdicts else "")
        for (lo, li, ro, ri), verdict in verdicts.items():
            if (lo == "Lead") != (ro == "Lead"):  # decided pairs count even when no run found them
                take(lo, li, ro, ri, 1.0, verdict)
        facts = account_facts(connection)
        contact_accounts: dict[str, str | None] = dict(
            connection.execute(text('SELECT "Id", "AccountId" FROM contact')).all()
        )
        when = now_text()
        rows: list[Summary] = []
        for lead_id in best_account.keys() | best_contact.keys() | duplicates.keys():
            if wanted is not None and lead_id not in wanted:
                continue
            account = best_account.get(lead_id)
            contact = best_contact.get(lead_id)
            if account is None and contact is None:  # most leads: duplicates only
                rows.append(Summary(lead_id, None, None, None, None, duplicates[lead_id], "", when))
                continue
            account_id = account[1] if account else None
            warnings: set[str] = set()
            if contact is not None:
                warnings.add("contact")
                account_id = account_id or contact_accounts.get(contact[1])
            if account_id:
                warnings |= facts.get(account_id, set())
            rows.append(
                Summary(
                    lead_id,
                    account_id,
                    account[0] if account else None,
                    contact[1] if contact else None,
                    contact[0] if contact else None,
                    duplicates.get(lead_id, 0),
                    " ".join(w for w in WARNING_WORDS if w in warnings),
                    when,
                )
            )
        replace_lead_matches(connection, rows, only=wanted)
    return len(rows)


def _duplicate_counts(
    raw: Any, threshold: float, verdicts: dict[tuple[str, str, str, str], str]
) -> Counter[str]:
    """How many other leads each lead is a duplicate of: stored Lead-Lead pairs at or above
    the threshold, less those decided different, plus those decided the same.

    A run stores each pair once, so counting ids is enough; SQLite hands them over as one
    string per side (a million leads' 170,000 pairs one by one took half a second)."""
    lefts, rights = raw.execute(
        "SELECT group_concat(left_id, ','), group_concat(right_id, ',') FROM match_pair "
        "WHERE left_object = 'Lead' AND right_object = 'Lead' AND score >= ?",
        (threshold,),
    ).fetchone()
    counts = Counter((lefts or "").split(",") + (rights or "").split(","))
    del counts[""]
    for (lo, li, ro, ri), verdict in verdicts.items():
        if lo != "Lead" or ro != "Lead":
            continue
        stored = raw.execute(
            "SELECT 1 FROM match_pair WHERE left_object = 'Lead' AND right_object = 'Lead' "
            "AND score >= ? AND ((left_id = ? AND right_id = ?) OR (left_id = ? AND right_id = ?))",
            (threshold, li, ri, ri, li),
        ).fetchone()
        change = (
            -1
            if verdict == DIFFERENT and stored
            else 1
            if verdict != DIFFERENT and not stored
            else 0
        )
        counts[li] += change
        counts[ri] += change
    return +counts  # leads left with none drop out


def match_everything(
    workspace: Workspace,
    *,
    rules: Rules | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> list[MatchResult]:
    """Every run of ALL_RUNS, saved, then the lead summaries: what the GUI's Match runs."""
    rules = rules or default_rules()
    cancel = cancel or CancelFlag()
    results: list[MatchResult] = []
    share = 1.0 / len(ALL_RUNS)
    for number, (left, right) in enumerate(ALL_RUNS):
        base = number * share

        def step(fraction: float, message: str, base: float = base) -> None:
            progress(min(0.99, base + share * fraction), message)

        results.append(match(workspace, left, right, rules=rules, progress=step, cancel=cancel))
    summarise_leads(workspace, rules.threshold)
    progress(1.0, "Matching done")
    return results
