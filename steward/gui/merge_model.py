"""The merge screen's data: the records being merged, the steward's choices, the plan they make,
and the table model that shows them (fields as rows; the Result column, then one column per
record).

MergeDraft knows no widget: it reads the records once, plans again with steward.core.merge on
every choice (no trip to the workspace), says in words what the merge will do, and applies it
as one journal operation. MergeModel shows a draft to a QTableView.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPalette
from sqlalchemy import Connection, select

from steward.core.fields import OBJECTS, Kind
from steward.core.merge import (
    MAX_RECORDS,
    MERGEABLE,
    PER_CALL,
    FieldChoice,
    MergePlan,
    MergeProblem,
    MergeRecord,
    MergeRules,
    Value,
    plan_merge,
)
from steward.gui.labels import field_label
from steward.store.browse import display
from steward.store.journal import Step, step_of
from steward.store.merging import (
    CHECKLIST_WORDS,
    REFERENCES,
    merge,
    merge_records,
    related_counts,
)
from steward.store.models import RECORD_MODELS
from steward.store.workspace import Workspace

AnyIndex = QModelIndex | QPersistentModelIndex
RESULT = 0  # the column with the surviving values; the records follow it
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 1  # the records do not all agree on the field
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2  # this record's value is the one that survives
FIELD_ROLE = Qt.ItemDataRole.UserRole + 3  # the field's API name (None on the related row)
RECORD_ROLE = Qt.ItemDataRole.UserRole + 4  # the column's record id (None for Result)
RELATED_LABEL = "Related records"
BLANK = "—"
_SINGULAR = {
    "contacts": "contact",
    "opportunities": "opportunity",
    "converted leads": "converted lead",
    "child accounts": "child account",
    "reports": "report",
}
_OWNER = "OwnerId"
_RULE_WORDS = {
    "master": "the master's value",
    "first_non_blank": "the first value that is not blank",
    "newest": "the value of the record changed last",
    "oldest": "the value of the oldest record",
    "longest": "the longest value",
    "most_frequent": "the value most records have",
    "concatenate": "every record's text, one after another",
    "any": "set when any record has it set",
}
# Blended into the view's base colour, so the text stays readable on light and dark palettes.
_DIFFERS_COLOUR = QColor("#e0a800")
_DIFFERS_SHARE = 0.16
_CHOSEN_SHARE = 0.34
_RESULT_SHARE = 0.05


def related_text(counts: Mapping[str, int], *, joined: str = ", ") -> str:
    """'4 contacts, 1 opportunity' (joined=', ') or '4 contacts and 1 opportunity' (' and ');
    kinds with none are left out, '' when there is nothing."""
    parts = [
        f"{count:,} {_SINGULAR.get(label, label) if count == 1 else label}"
        for label, count in counts.items()
        if count
    ]
    if len(parts) > 1 and joined.strip() == "and":
        return f"{', '.join(parts[:-1])} and {parts[-1]}"
    return ", ".join(parts)


def value_text(kind: Kind | None, value: Value) -> str:
    """A value on one line of a grid cell ('' when blank)."""
    shown = display(kind, value)
    return " ⏎ ".join(line.strip() for line in shown.splitlines() if line.strip())


class MergeDraft:
    """The records of one merge and the steward's choices: which record is the master, and
    per field, whose value to keep (picks). `plan` is always the plan of the current choices."""

    def __init__(
        self,
        object_name: str,
        records: Sequence[MergeRecord],
        related: Mapping[str, Mapping[str, int]] | None = None,
        rules: MergeRules | None = None,
        owners: Mapping[str, str] | None = None,
    ) -> None:
        self.object_name = object_name
        self.spec = OBJECTS[object_name]
        self.records = tuple(records)
        self.ids = tuple(r.record_id for r in self.records)
        self._by_id = {r.record_id: r for r in self.records}
        related = related or {}
        self.related = {i: dict(related.get(i, {})) for i in self.ids}
        self._rules = rules
        self._owners = dict(owners or {})  # user id -> name, for the records' owners
        self._master: str | None = None  # None: the master rules choose
        self.picks: dict[str, str] = {}
        self.plan: MergePlan = self._planned()  # MergeProblem for a group that cannot merge
        # Columns in the rules' order, the master first; they stay put when the master changes.
        self.ids = (self.plan.master_id, *self.plan.others)
        self.records = tuple(self._by_id[i] for i in self.ids)

    @classmethod
    def read(cls, workspace: Workspace, object_name: str, ids: Sequence[str]) -> MergeDraft:
        """The records as they are in the workspace now; MergeProblem when they cannot be
        merged (another object, too many, one no longer there)."""
        if object_name not in MERGEABLE:
            raise MergeProblem(
                f"{object_name} records cannot be merged: only {', '.join(MERGEABLE)}"
            )
        if not 2 <= len(ids) <= MAX_RECORDS:
            raise MergeProblem(f"A merge takes 2 to {MAX_RECORDS} records, not {len(ids)}")
        with workspace.engine.connect() as connection:
            records = merge_records(connection, object_name, ids)
            related = related_counts(connection, object_name, ids)
            owners = _user_names(connection, [r.values.get(_OWNER) for r in records])
        return cls(object_name, records, related, owners=owners)

    # -- the choices

    @property
    def master_id(self) -> str:
        return self.plan.master_id

    def set_master(self, record_id: str) -> bool:
        """Keep record_id as the master; False when it already was."""
        if record_id not in self._by_id:
            raise MergeProblem(f"{record_id} is not one of the records merged")
        if record_id == self.master_id:
            return False
        self._master = record_id
        self.plan = self._planned()
        return True

    def pick(self, field: str, record_id: str) -> bool:
        """Keep record_id's value of field; False when that was already the steward's pick."""
        if record_id not in self._by_id:
            raise MergeProblem(f"{record_id} is not one of the records merged")
        if self.picks.get(field) == record_id:
            return False
        self.picks[field] = record_id
        self.plan = self._planned()
        return True

    def reset(self) -> bool:
        """Forget the steward's picks (the master stays); False when there were none."""
        if not self.picks:
            return False
        self.picks.clear()
        self.plan = self._planned()
        return True

    def _planned(self) -> MergePlan:
        return plan_merge(
            self.object_name,
            self.records,
            self._rules,
            master_id=self._master,
            picks=self.picks,
        )

    # -- what it says

    def value(self, record_id: str, field: str) -> Value:
        return self._by_id[record_id].values.get(field)

    def text(self, field: str, value: Value, *, full: bool = False) -> str:
        """A value as the grid shows it ('' when blank): on one line, an owner by name; full:
        as a tooltip shows it, every line, an owner with the id too."""
        if field == _OWNER and isinstance(value, str) and value in self._owners:
            return f"{self._owners[value]} ({value})" if full else self._owners[value]
        kind = self.spec.kind(field)
        return display(kind, value) if full else value_text(kind, value)

    def title(self, record_id: str) -> str:
        values = self._by_id[record_id].values
        words = [str(values.get(f) or "").strip() for f in self.spec.title_fields]
        return " ".join(w for w in words if w) or record_id

    def result_title(self) -> str:
        """What the surviving record will be called, with the values it keeps."""
        words = [str(self.plan.choice(f).value or "").strip() for f in self.spec.title_fields]
        return " ".join(w for w in words if w) or self.master_id

    def changes(self) -> dict[str, Value]:
        """The master's fields the merge changes, with their new values."""
        return self.plan.changes(self._by_id[self.master_id].values)

    def following(self) -> dict[str, int]:
        """Records of each kind that now point at the others and will follow the master."""
        return self._summed(self.plan.others)

    def totals(self) -> dict[str, int]:
        """Records of each kind that will point at the master after the merge."""
        return self._summed(self.ids)

    def _summed(self, ids: Sequence[str]) -> dict[str, int]:
        labels = [label for _object, _field, label in REFERENCES.get(self.object_name, ())]
        return {label: sum(self.related[i].get(label, 0) for i in ids) for label in labels}

    @property
    def has_related(self) -> bool:
        return bool(REFERENCES.get(self.object_name))

    def noun(self, count: int) -> str:
        return self.spec.label.lower() if count == 1 else self.spec.plural.lower()

    def summary(self) -> str:
        """'Merging 3 accounts into Acme: 7 fields change, 4 contacts and 1 opportunity follow
        the master.' and, for a chain of CRM calls, how many."""
        count = len(self.ids)
        changes = len(self.changes())
        parts = [
            "no field changes"
            if changes == 0
            else f"{changes} field{'s' if changes != 1 else ''} change{'s' if changes == 1 else ''}"
        ]
        if self.has_related:
            moving = self.following()
            said = related_text(moving, joined=" and ")
            if not said:
                parts.append("no related records move")
            else:
                verb = "follows" if sum(moving.values()) == 1 else "follow"
                parts.append(f"{said} {verb} the master")
        words = sum(self.related[i].get(CHECKLIST_WORDS, 0) for i in self.plan.others)
        if words:
            said = "confirmation goes" if words == 1 else "confirmations go"
            parts.append(f"{words} checklist {said} from the others to the master "
                         "where it has none")  # fmt: skip
        text = f"Merging {count} {self.noun(count)} into {self.result_title()}: {', '.join(parts)}."
        calls = len(self.plan.calls)
        if calls > 1:
            text += (
                f" The CRM gets it as {calls} merge calls (one call merges at most {PER_CALL} "
                "records)."
            )
        return text

    def label(self) -> str:
        """The journal's name for the merge."""
        count = len(self.ids)
        return f"Merge {count} {self.noun(count)} into {self.result_title()}"

    def rule_text(self, choice: FieldChoice) -> str:
        """Why the Result holds its value, in words."""
        source = f" (from {self.title(choice.source)})" if choice.source else ""
        if choice.rule == "chosen":
            return f"Your choice{source}"
        words = _RULE_WORDS.get(choice.rule, choice.rule)
        return f"{words[:1].upper()}{words[1:]}{source}"

    def apply(self, workspace: Workspace) -> Step:
        """Merge as planned, as one journal operation; the Step says which records it touched."""
        with workspace.transaction() as session:
            # Every record must still be there (the command line may have merged one since):
            # MergeProblem names the one that is gone.
            merge_records(session, self.object_name, self.ids)
            operation_id = merge(session, self.plan, label=self.label())
            return step_of(session, operation_id)


def _user_names(connection: Connection, ids: Sequence[Value]) -> dict[str, str]:
    wanted = sorted({i for i in ids if isinstance(i, str) and i})
    if not wanted:
        return {}
    user = RECORD_MODELS["User"]
    columns = [getattr(user, name) for name in ("Id", "FirstName", "LastName")]
    rows = connection.execute(select(*columns).where(user.Id.in_(wanted)))
    return {str(row[0]): " ".join(str(p) for p in row[1:] if p) or str(row[0]) for row in rows}


def _blend(colour: QColor, share: float) -> QBrush:
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    return QBrush(
        QColor(
            round(base.red() * (1 - share) + colour.red() * share),
            round(base.green() * (1 - share) + colour.green() * share),
            round(base.blue() * (1 - share) + colour.blue() * share),
        )
    )


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    font = QGuiApplication.font()
    font.setBold(bold)
    font.setItalic(italic)
    return font


class MergeModel(QAbstractTableModel):
    """Rows: the related records (for accounts and contacts), then the fields the merge
    chooses (only those that differ, when asked). Columns: Result, then the records."""

    def __init__(
        self, draft: MergeDraft, chosen_icon: Callable[[], QIcon], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._draft = draft
        self._chosen_icon = chosen_icon
        self._fields = [c.name for c in draft.plan.fields]
        self._differing = {c.name for c in draft.plan.fields if c.differs}
        self._only_differences = False
        self._rows = self._visible()

    @property
    def draft(self) -> MergeDraft:
        return self._draft

    # -- what it shows

    @property
    def only_differences(self) -> bool:
        return self._only_differences

    def set_only_differences(self, on: bool) -> None:
        if on == self._only_differences:
            return
        self.beginResetModel()
        self._only_differences = on
        self._rows = self._visible()
        self.endResetModel()

    def changed(self) -> None:
        """The draft's choices changed: every cell and header may read differently."""
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.rowCount() - 1))

    def _visible(self) -> list[str | None]:
        rows: list[str | None] = [None] if self._draft.has_related else []
        rows.extend(f for f in self._fields if not self._only_differences or f in self._differing)
        return rows

    def field_at(self, row: int) -> str | None:
        """The field of a row (None for the related records' row or out of range)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, field: str) -> int | None:
        return self._rows.index(field) if field in self._rows else None

    def record_at(self, column: int) -> str | None:
        ids = self._draft.ids
        return ids[column - 1] if 1 <= column <= len(ids) else None

    def column_of(self, record_id: str) -> int | None:
        ids = self._draft.ids
        return ids.index(record_id) + 1 if record_id in ids else None

    def differing_fields(self) -> list[str]:
        return [f for f in self._fields if f in self._differing]

    # -- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._draft.ids)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        field = self._rows[index.row()]
        record = self.record_at(index.column())
        if role == RECORD_ROLE:
            return record
        if role == FIELD_ROLE:
            return field
        if field is None:
            return self._related_data(record, role)
        if record is None:
            return self._result_data(field, role)
        return self._record_data(field, record, role)

    def _related_data(self, record: str | None, role: int) -> Any:
        draft = self._draft
        counts = draft.totals() if record is None else draft.related[record]
        text = related_text(counts)
        if role == Qt.ItemDataRole.DisplayRole:
            return text or "None"
        if role == Qt.ItemDataRole.ForegroundRole and not text:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole:
            return _font(italic=True)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QGuiApplication.palette().brush(QPalette.ColorRole.AlternateBase)
        if role == Qt.ItemDataRole.ToolTipRole:
            if record is not None:
                return f"Records that point at {draft.title(record)}: {text or 'none'}"
            moving = related_text(draft.following(), joined=" and ")
            after = text or "no related records"
            return f"After the merge the master has {after}" + (
                f"; {moving} follow from the records merged away" if moving else ""
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{RELATED_LABEL}: {text or 'none'}"
        if role in (DIFFERS_ROLE, CHOSEN_ROLE):
            return False
        return None

    def _result_data(self, field: str, role: int) -> Any:
        draft = self._draft
        choice = draft.plan.choice(field)
        text = draft.text(field, choice.value)
        changes = field in draft.changes()
        if role == Qt.ItemDataRole.DisplayRole:
            return text or BLANK
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            if not text:
                return palette.color(QPalette.ColorRole.PlaceholderText)
            if changes:
                return palette.color(QPalette.ColorRole.Link)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return _font(bold=choice.differs)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _blend(QGuiApplication.palette().color(QPalette.ColorRole.Text), _RESULT_SHARE)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [draft.text(field, choice.value, full=True) or "(blank)"]
            lines.append(draft.rule_text(choice))
            if changes:
                before = draft.text(field, draft.value(draft.master_id, field), full=True)
                lines.append(f"Changes the master's value (was {before or 'blank'})")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{field_label(field)} after the merge: {text or 'blank'}"
        if role == DIFFERS_ROLE:
            return choice.differs
        if role == CHOSEN_ROLE:
            return False
        return None

    def _record_data(self, field: str, record: str, role: int) -> Any:
        draft = self._draft
        choice = draft.plan.choice(field)
        value = draft.value(record, field)
        text = draft.text(field, value)
        chosen = _survives(choice, record, text)
        marked = chosen and choice.differs  # where all agree, marking one record says nothing
        if role == Qt.ItemDataRole.DisplayRole:
            return text or BLANK
        if role == Qt.ItemDataRole.DecorationRole:
            return self._chosen_icon() if marked else None
        if role == Qt.ItemDataRole.ForegroundRole and not text:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole:
            return _font(bold=marked)
        if role == Qt.ItemDataRole.BackgroundRole:
            if marked:
                highlight = QGuiApplication.palette().color(QPalette.ColorRole.Highlight)
                return _blend(highlight, _CHOSEN_SHARE)
            if choice.differs:
                return _blend(_DIFFERS_COLOUR, _DIFFERS_SHARE)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = draft.text(field, value, full=True) or "(blank)"
            if chosen:
                return f"{shown}\nKept: {draft.rule_text(choice).lower()}"
            return f"{shown}\nClick, or press Space, to keep this value"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            kept = ", kept" if chosen else ""
            return f"{field_label(field)} of {draft.title(record)}: {text or 'blank'}{kept}"
        if role == DIFFERS_ROLE:
            return choice.differs
        if role == CHOSEN_ROLE:
            return chosen
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        draft = self._draft
        if not 0 <= section < self.columnCount():
            return None
        record = self.record_at(section)
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Result\nafter the merge"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "The values the surviving record keeps, as chosen now"
            if role == Qt.ItemDataRole.FontRole:
                return _font(bold=True)
            return None
        master = record == draft.master_id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{draft.title(record)}\n{'★ Master' if master else 'Merged away'}"
        if role == Qt.ItemDataRole.FontRole:
            return _font(bold=master)
        if role == Qt.ItemDataRole.ToolTipRole:
            created = display(draft.spec.kind("CreatedDate"), draft.value(record, "CreatedDate"))
            what = "the master: it keeps its id" if master else "merged into the master"
            lines = [f"{draft.spec.label} {record}: {what}"]
            if created:
                lines.append(f"Created {created}")
            if not master:
                lines.append("Right-click or double-click to keep this one as the master")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{draft.title(record)}, {'master' if master else 'merged away'}"
        return None

    def _row_header(self, section: int, role: int) -> Any:
        if not 0 <= section < len(self._rows):
            return None
        field = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return RELATED_LABEL if field is None else field_label(field)
        if role == Qt.ItemDataRole.FontRole:
            if field is None:
                return _font(italic=True)
            return _font(bold=field in self._differing)
        if role == Qt.ItemDataRole.ToolTipRole:
            if field is None:
                return "Records that point at each record; they follow the master"
            differs = "the records differ" if field in self._differing else "all the same"
            return f"{field} ({differs})"
        return None


def _survives(choice: FieldChoice, record: str, text: str) -> bool:
    """Whether the record's value is the one the Result keeps (for text made of several
    records' values: whether it is part of it)."""
    if choice.source is not None:
        return choice.source == record
    return choice.rule == "concatenate" and bool(text)
