"""Clusters of matching records, as the Duplicates view lists them: read from the latest
matching's pairs and the steward's decisions (a pair decided "not a duplicate" joins nothing),
largest first, and a two-level model on top (clusters, then their members).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from sqlalchemy import Connection

from steward.core.fields import OBJECTS
from steward.core.matching.clusters import clusters
from steward.core.normalize import fold
from steward.gui.match_data import VERDICT_WORDS, read_cards, score_text
from steward.store.matching import DIFFERENT, decisions, pair_key, pairs_between

AnyIndex = QModelIndex | QPersistentModelIndex
# (key, label): which pairs a cluster is made of.
KINDS = (
    ("Lead-Lead", "Duplicate leads"),
    ("Contact-Contact", "Duplicate contacts"),
    ("Account-Account", "Duplicate accounts"),
    ("Lead-Contact", "Leads that are contacts"),
    ("Lead-Account", "Leads of accounts"),
)
COLUMNS = ("Cluster / record", "Company or email", "Score", "Decision")
_SCORE = 2


@dataclass(frozen=True, slots=True)
class Member:
    object_name: str
    record_id: str
    pk: int
    title: str
    detail: str  # company, or email
    score: float  # its best pair in the cluster
    verdicts: tuple[str, ...]  # the decisions on its pairs in the cluster


@dataclass(frozen=True, slots=True)
class Cluster:
    kind: str
    members: tuple[Member, ...]
    best: float
    pairs: int
    decided: int

    @property
    def label(self) -> str:
        counts: dict[str, int] = {}
        for member in self.members:
            counts[member.object_name] = counts.get(member.object_name, 0) + 1
        parts = []
        for name in ("Account", "Contact", "Lead"):
            if name in counts:
                spec = OBJECTS[name]
                noun = spec.label.lower() if counts[name] == 1 else spec.plural.lower()
                parts.append(f"{counts[name]} {noun}")
        return ", ".join(parts)

    @property
    def decision_text(self) -> str:
        if self.decided == 0:
            return "Undecided"
        if self.decided == self.pairs:
            return "Decided"
        return f"{self.decided} of {self.pairs} pairs decided"


def load_clusters(
    connection: Connection,
    kinds: Sequence[str],
    *,
    min_score: float = 0.0,
    only_undecided: bool = False,
    search: str = "",
) -> list[Cluster]:
    """The clusters of the given kinds ('Lead-Lead', ...), largest first, then best first."""
    verdicts: dict[tuple[str, str, str, str], str] = {
        (d.left_object, d.left_id, d.right_object, d.right_id): d.verdict
        for d in decisions(connection)
    }
    wanted = fold(search.strip())
    found: list[Cluster] = []
    for kind in kinds:
        left, right = kind.split("-")
        scored: dict[tuple[str, str, str, str], float] = {}
        for pair in pairs_between(connection, left, right):
            key = _key(pair.left_object, pair.left_id, pair.right_object, pair.right_id)
            scored[key] = pair.score
        # Decided the same since the last run: in the cluster already, whatever the score.
        for key, verdict in verdicts.items():
            if verdict != DIFFERENT and {key[0], key[2]} == {left, right}:
                scored.setdefault(key, 1.0)
        kept = {
            key: score
            for key, score in scored.items()
            if verdicts.get(key) != DIFFERENT and score >= min_score
        }
        ids: dict[str, list[str]] = {}
        for key in kept:
            ids.setdefault(key[0], []).append(key[1])
            ids.setdefault(key[2], []).append(key[3])
        cards = {name: read_cards(connection, name, found_ids) for name, found_ids in ids.items()}
        # A pair with a record that is gone (merged away since the run) joins nothing: the
        # next run scores the master instead.
        kept = {k: s for k, s in kept.items() if k[1] in cards[k[0]] and k[3] in cards[k[2]]}
        groups = clusters(((k[0], k[1]), (k[2], k[3])) for k in kept)
        if not groups:
            continue
        group_of = {member: n for n, group in enumerate(groups) for member in group}
        group_pairs: list[list[tuple[str, str, str, str]]] = [[] for _ in groups]
        best: dict[tuple[str, str], float] = {}
        member_verdicts: dict[tuple[str, str], list[str]] = {}
        for key, score in kept.items():
            group_pairs[group_of[(key[0], key[1])]].append(key)
            for side in ((key[0], key[1]), (key[2], key[3])):
                best[side] = max(best.get(side, 0.0), score)
                if key in verdicts:
                    member_verdicts.setdefault(side, []).append(verdicts[key])
        for group, pairs in zip(groups, group_pairs, strict=True):
            members = []
            for object_name, record_id in group:
                record = cards[object_name].get(record_id)
                if record is None:
                    continue
                values, title, _account, pk = record
                detail = values["company"] or values["email"]
                if object_name == "Account":
                    detail = values["domain"] or values["address"]
                members.append(
                    Member(
                        object_name,
                        record_id,
                        pk,
                        title,
                        detail,
                        best.get((object_name, record_id), 0.0),
                        tuple(dict.fromkeys(member_verdicts.get((object_name, record_id), []))),
                    )
                )
            if len(members) < 2:
                continue
            members.sort(key=lambda m: (m.object_name, -m.score, m.title))
            decided = sum(1 for k in pairs if k in verdicts)
            if only_undecided and decided == len(pairs):
                continue
            if wanted and not any(
                wanted in fold(f"{m.title} {m.detail} {m.record_id}") for m in members
            ):
                continue
            found.append(
                Cluster(kind, tuple(members), max(kept[k] for k in pairs), len(pairs), decided)
            )
    found.sort(key=lambda c: (-len(c.members), -c.best, c.members[0].title))
    return found


def _key(a_object: str, a_id: str, b_object: str, b_id: str) -> tuple[str, str, str, str]:
    k = pair_key(a_object, a_id, b_object, b_id)
    return k["left_object"], k["left_id"], k["right_object"], k["right_id"]


class ClusterModel(QAbstractItemModel):
    """Clusters on top, their members below; a member's internal id is its cluster's row + 1."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clusters: list[Cluster] = []

    def set_clusters(self, found: list[Cluster]) -> None:
        self.beginResetModel()
        self._clusters = found
        self.endResetModel()

    def cluster(self, row: int) -> Cluster:
        return self._clusters[row]

    def member(self, index: AnyIndex) -> Member | None:
        """The member an index stands for (None for a cluster row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._clusters[index.internalId() - 1].members[index.row()]

    def member_count(self) -> int:
        return sum(len(c.members) for c in self._clusters)

    # -- QAbstractItemModel

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._clusters)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._clusters[parent.row()].members)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        member = self.member(index)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == _SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if member is None:
            cluster = self._clusters[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (
                    cluster.label,
                    dict(KINDS)[cluster.kind],
                    score_text(cluster.best),
                    cluster.decision_text,
                )[column]
            if role == Qt.ItemDataRole.FontRole and column == 0:
                font = QGuiApplication.font()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            words = ", ".join(VERDICT_WORDS.get(v, v) for v in member.verdicts)
            return (
                f"{OBJECTS[member.object_name].label}: {member.title or member.record_id}",
                member.detail,
                score_text(member.score),
                words,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{OBJECTS[member.object_name].label} {member.record_id}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and not member.verdicts:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
