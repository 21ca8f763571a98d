"""The match panel beside a lead: the lead and its candidate accounts, contacts and leads side
by side, field by field, each cell coloured by how its field agreed, and what the steward can
decide about the selected candidate.

Colours say the same as the words in each cell (✓ same, ≈ similar, ✗ different, – missing), so
the grid reads without them. The panel only shows and asks; MatchWork makes the decisions.

Keyboard: M (in the workspace screen) opens the panel, and from its grid goes back to the
checklist; Left and Right in the grid move between candidates; Alt+A links the account, Alt+D
marks a duplicate, Alt+N says not a duplicate, Alt+R forgets the decision.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from steward.core.fields import OBJECTS
from steward.core.matching.explain import Agreement
from steward.gui.icons import Icons
from steward.gui.labels import warning_label
from steward.gui.match_data import FIELD_ROWS, VERDICT_WORDS, Card, Comparison, score_text
from steward.gui.match_run import MatchRun, MatchRunBar
from steward.store.matching import DIFFERENT, DUPLICATE, MEMBER

AnyIndex = QModelIndex | QPersistentModelIndex
AGREEMENT_ROLE = Qt.ItemDataRole.UserRole + 1
ROWS = (*FIELD_ROWS, ("warnings", "Warnings"), ("decision", "Decision"))
AGREEMENT_WORDS = {
    Agreement.SAME: "✓ same",
    Agreement.SIMILAR: "≈ similar",
    Agreement.DIFFERENT: "✗ different",
    Agreement.MISSING: "– missing",
}
# Strong enough to read on a light and a dark base once blended (see _tint).
AGREEMENT_COLOURS = {
    Agreement.SAME: QColor("#2e9e5b"),
    Agreement.SIMILAR: QColor("#d99a00"),
    Agreement.DIFFERENT: QColor("#d0453b"),
    Agreement.MISSING: QColor("#8a8a8a"),
}
_WARNING_COLOUR = QColor("#c0392b")
_TINT_SHARE = 0.22
_COLUMN_WIDTH = 172
_FRAME_WIDTH = 3


def _tint(colour: QColor) -> QColor:
    """The colour blended into the view's base, light enough to read text on."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    share = _TINT_SHARE
    return QColor(
        round(base.red() * (1 - share) + colour.red() * share),
        round(base.green() * (1 - share) + colour.green() * share),
        round(base.blue() * (1 - share) + colour.blue() * share),
    )


class ComparisonModel(QAbstractTableModel):
    """Rows are fields, column 0 the lead, the other columns its candidates, best first."""

    def __init__(self, icon_for: Callable[[str], QIcon], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon_for = icon_for
        self._comparison: Comparison | None = None

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self._comparison = comparison
        self.endResetModel()

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def card(self, column: int) -> Card | None:
        comparison = self._comparison
        if comparison is None or not 0 <= column <= len(comparison.candidates):
            return None
        return comparison.lead if column == 0 else comparison.candidates[column - 1]

    def column_of(self, object_name: str, record_id: str) -> int | None:
        comparison = self._comparison
        if comparison is None:
            return None
        return next(
            (
                n + 1
                for n, c in enumerate(comparison.candidates)
                if (c.object_name, c.record_id) == (object_name, record_id)
            ),
            None,
        )

    # -- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() or self._comparison is None else len(ROWS)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._comparison is None:
            return 0
        return 1 + len(self._comparison.candidates)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == 0:  # the lead is what the others are compared with, not a choice
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comparison = self._comparison
        if comparison is None or not index.isValid():
            return None
        card = self.card(index.column())
        if card is None or not 0 <= index.row() < len(ROWS):
            return None
        key = ROWS[index.row()][0]
        is_lead = index.column() == 0
        if key == "warnings":
            words = comparison.warnings if is_lead else card.warnings
            # A weak candidate's warnings hold only if it is the same after all: said quietly.
            weak = not is_lead and (card.score or 0.0) < comparison.threshold
            if role == Qt.ItemDataRole.DisplayRole:
                return ", ".join(warning_label(w) for w in words)
            if role == Qt.ItemDataRole.ToolTipRole and words:
                said = ", ".join(warning_label(w) for w in words)
                return f"Only if it is the same: {said} (below the threshold)" if weak else said
            if role == Qt.ItemDataRole.ForegroundRole and words:
                if weak:
                    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
                return QBrush(_WARNING_COLOUR)
            return None
        if key == "decision":
            if role == Qt.ItemDataRole.DisplayRole:
                return "" if is_lead else VERDICT_WORDS.get(card.verdict, "Undecided")
            if role == Qt.ItemDataRole.ForegroundRole and not is_lead and not card.verdict:
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        cell = card.cells.get(key)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = cell.value or "—"
            if cell.agreement is None:
                return value
            if cell.agreement is Agreement.MISSING and not cell.value:
                return AGREEMENT_WORDS[Agreement.MISSING]
            said = AGREEMENT_WORDS[cell.agreement]
            return f"{value}\n{said}{' · ' + cell.note if cell.note else ''}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.reason or cell.value or None
        if role == Qt.ItemDataRole.BackgroundRole and cell.agreement is not None:
            return QBrush(_tint(AGREEMENT_COLOURS[cell.agreement]))
        if role == AGREEMENT_ROLE:
            return None if cell.agreement is None else cell.agreement.value
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ROWS):
                return ROWS[section][1]
            return None
        card = self.card(section)
        comparison = self._comparison
        if card is None or comparison is None:
            return None
        label = OBJECTS[card.object_name].label
        if role == Qt.ItemDataRole.DisplayRole:
            if card.score is None:
                return "This lead"
            return f"{label} · {score_text(card.score)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon_for(card.object_name.lower())
        if role == Qt.ItemDataRole.ToolTipRole:
            if card.score is None:
                return f"{card.title} ({card.record_id}): the lead itself"
            weak = "" if card.score >= comparison.threshold else ", below the threshold"
            return f"{label} {card.title} ({card.record_id}): score {card.score:.1%}{weak}"
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and card.score is not None
            and card.score < comparison.threshold
        ):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None


class _FramedSelection(QStyledItemDelegate):
    """The selected candidate is framed, not filled: a fill would hide the agreement colours
    the steward is reading."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        if selected:  # the view filled the cell with the highlight colour already
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Base))
        super().paint(painter, plain, index)
        if not selected:
            return
        painter.save()
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), _FRAME_WIDTH))
        rect = option.rect.adjusted(1, 0, -2, -1)
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if index.row() == 0:
            painter.drawLine(rect.topLeft(), rect.topRight())
        if index.row() == index.model().rowCount() - 1:
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()


class MatchPanel(QWidget):
    """One lead's candidates; its signals ask for a decision on the selected one."""

    decide_requested = Signal(str)  # DIFFERENT, DUPLICATE or MEMBER
    forget_requested = Signal()

    def __init__(self, icons: Icons, run: MatchRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self.run_bar = MatchRunBar(run, icons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "hint")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ComparisonModel(icons.icon, self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setAccessibleName("Match comparison")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setItemDelegate(_FramedSelection(self.grid))
        # Addresses and company names wrap: the steward compares them word by word.
        self.grid.setWordWrap(True)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.grid.setCornerButtonEnabled(False)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.grid.horizontalHeader()
        header.setDefaultSectionSize(_COLUMN_WIDTH)
        header.setHighlightSections(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = self.grid.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.grid.selectionModel().currentColumnChanged.connect(lambda *_: self._show_current())

        self.heading = QLabel()
        self.heading.setProperty("role", "subheading")
        self.heading.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons.setAccessibleName("Reasons")
        self.reasons.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.link_button = QPushButton(icons.icon("link"), "Link to this &account")
        self.link_button.setToolTip(
            "The lead belongs to this account: same company (converting it will use the account)"
        )
        self.link_button.clicked.connect(lambda: self.decide_requested.emit(MEMBER))
        self.duplicate_button = QPushButton(icons.icon("duplicates"), "Mark &duplicate")
        self.duplicate_button.setToolTip("The same person: to be merged")
        self.duplicate_button.clicked.connect(lambda: self.decide_requested.emit(DUPLICATE))
        self.different_button = QPushButton(icons.icon("not-duplicate"), "&Not a duplicate")
        self.different_button.setToolTip("Keep these two apart: later matching runs respect it")
        self.different_button.clicked.connect(lambda: self.decide_requested.emit(DIFFERENT))
        self.forget_button = QPushButton("Fo&rget decision")
        self.forget_button.setToolTip("Take your decision on this pair back")
        self.forget_button.clicked.connect(self.forget_requested.emit)
        # Two by two, so that a narrow panel keeps every button whole.
        buttons = QGridLayout()
        for number, button in enumerate(self._buttons()):
            buttons.addWidget(button, number // 2, number % 2)
        buttons.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 4)
        layout.addWidget(self.run_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.reasons)
        layout.addLayout(buttons)
        layout.addStretch(0)
        icons.changed.connect(self._refresh_icons)
        self.clear()

    # -- what it shows

    @property
    def comparison(self) -> Comparison | None:
        return self.model.comparison

    def clear(self, message: str = "Select a lead to see its matches.") -> None:
        self.model.set_comparison(None)
        self.summary.setText(message)
        self._show_current()

    def show_comparison(
        self, comparison: Comparison, *, keep: tuple[str, str] | None = None
    ) -> None:
        """Show a lead's candidates; keep: stay on this candidate (object, id) if it is there."""
        self.model.set_comparison(comparison)
        count = len(comparison.candidates)
        strong = sum(1 for c in comparison.candidates if (c.score or 0) >= comparison.threshold)
        if count == 0:
            text = f"No account, contact or lead looks like {comparison.lead.title or 'this lead'}."
        else:
            plural = "candidate" if count == 1 else "candidates"
            text = (
                f"{count} {plural} (accounts, contacts, then leads; best first), {strong} at "
                f"or above the threshold of {comparison.threshold:.0%}. Hover a cell for why."
            )
        self.summary.setText(text)
        self.grid.resizeRowsToContents()
        self._fit_grid()
        column = None
        if keep is not None:
            column = self.model.column_of(*keep)
        if column is None and count:
            column = 1
        if column is not None:
            self._select_column(column)
        self._show_current()

    def current_candidate(self) -> Card | None:
        index = self.grid.currentIndex()
        if not index.isValid() or index.column() == 0:
            return None
        return self.model.card(index.column())

    def select_candidate(self, object_name: str, record_id: str) -> bool:
        column = self.model.column_of(object_name, record_id)
        if column is None:
            return False
        self._select_column(column)
        return True

    def candidate_cards(self) -> list[Card]:
        comparison = self.model.comparison
        return list(comparison.candidates) if comparison is not None else []

    # -- inside

    def _fit_grid(self) -> None:
        """As tall as its rows (the reasons then sit right under the grid), no taller."""
        grid = self.grid
        rows = sum(grid.rowHeight(row) for row in range(self.model.rowCount()))
        height = rows + grid.horizontalHeader().height() + 2 * grid.frameWidth()
        height += grid.horizontalScrollBar().sizeHint().height()
        grid.setMaximumHeight(max(height, 120))

    def _buttons(self) -> list[QPushButton]:
        return [self.link_button, self.duplicate_button, self.different_button, self.forget_button]

    def _select_column(self, column: int) -> None:
        index = self.model.index(0, column)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Columns
        )
        self.grid.selectionModel().setCurrentIndex(index, flags)
        self.grid.scrollTo(index)
        self._show_current()

    def _show_current(self) -> None:
        card = self.current_candidate()
        for button in self._buttons():
            button.setEnabled(False)
        if card is None or card.score is None:
            self.heading.setText("")
            self.reasons.setText("")
            return
        label = OBJECTS[card.object_name].label
        decided = f" · {VERDICT_WORDS[card.verdict]}" if card.verdict else ""
        self.heading.setText(f"{label} {card.title} · {score_text(card.score)}{decided}")
        comparison = self.model.comparison
        weak = comparison is not None and card.score < comparison.threshold
        self.reasons.setText(_reasons_html(card, weak=weak))
        self.link_button.setEnabled(card.object_name == "Account" and card.verdict != MEMBER)
        self.duplicate_button.setEnabled(
            card.object_name != "Account" and card.verdict != DUPLICATE
        )
        self.different_button.setEnabled(card.verdict != DIFFERENT)
        self.forget_button.setEnabled(bool(card.verdict))

    def _refresh_icons(self) -> None:
        self.link_button.setIcon(self._icons.icon("link"))
        self.duplicate_button.setIcon(self._icons.icon("duplicates"))
        self.different_button.setIcon(self._icons.icon("not-duplicate"))
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, max(0, self.model.columnCount() - 1)
        )


def _reasons_html(card: Card, *, weak: bool) -> str:
    """The candidate's reasons, one per line, each with its colour and sign."""
    lines = []
    for reason in card.reasons:
        colour = AGREEMENT_COLOURS[reason.agreement].name()
        sign = AGREEMENT_WORDS[reason.agreement].split()[0]
        lines.append(
            f'<span style="color:{colour}; font-weight:600">{sign}</span> '
            f"{html.escape(reason.text())}"
        )
    if card.warnings:
        words = ", ".join(warning_label(w) for w in card.warnings)
        if weak:
            lines.append(f"⚠ Only if it is the same after all: {html.escape(words)}")
        else:
            lines.append(
                f'<span style="color:{_WARNING_COLOUR.name()}; font-weight:600">⚠ '
                f"{html.escape(words)}</span>"
            )
    return "<br>".join(lines)
