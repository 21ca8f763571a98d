"""The workspace's settings: how long a lead may stay open, the organisation's lead sources,
the DNS deliverability check (off unless turned on), the ICP rules and checklist template as
TOML files, and how leads are converted and duplicates merged (the org's statuses, stage and
field mapping, and the bulk thresholds). Nothing is saved until every setting can be used; the
first problem is shown under the form, naming the setting, and the focus goes to its field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from steward.store.settings import Settings, SettingsProblem

_TOML_FILTER = "TOML files (*.toml);;All files (*)"
_MAX_HEIGHT = 700  # fits a 768-pixel laptop screen with its panels


class _TomlSetting(QWidget):
    """A TOML text: Steward's default, or a file the steward loaded."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.state = QLabel()
        self.state.setProperty("role", "hint")
        load = QPushButton("Load file…")
        load.clicked.connect(self._load)
        self.reset = QPushButton("Use default")
        self.reset.clicked.connect(lambda: self.set_text(""))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state, 1)
        layout.addWidget(load)
        layout.addWidget(self.reset)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.text = text
        lines = len(text.splitlines())
        self.state.setText(f"Custom ({lines} lines)" if text.strip() else "Steward's default")
        self.reset.setEnabled(bool(text.strip()))

    def load_file(self, path: Path) -> str | None:
        """Take the file's text; the reason when it cannot be read."""
        try:
            self.set_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            return f"Cannot read {path.name}: {getattr(error, 'strerror', None) or error}"
        return None

    def _load(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a TOML file", str(Path.home()),
                                              _TOML_FILTER)  # fmt: skip
        if name:
            problem = self.load_file(Path(name))
            if problem:
                self.state.setText(problem)


class SettingsDialog(QDialog):
    """The workspace's settings in sections; `settings()` is what the steward chose, checked."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workspace settings")
        self._settings = settings
        self.max_age = QSpinBox()
        self.max_age.setRange(1, 36_500)
        self.max_age.setSuffix(" days")
        self.max_age.setValue(settings.max_age_days)
        self.max_age.setAccessibleName("Stale after")
        # Half the standard list in view: the rest scrolls and the dialog stays short.
        self.sources = _list_edit(settings.lead_sources, "Lead sources", lines=7)
        self.dns = QCheckBox("Ask DNS whether each email domain takes mail")
        self.dns.setChecked(settings.dns_enabled)
        self.dns.setToolTip("Sends every lead's email domain to your DNS server; off by default")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 60)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(settings.dns_timeout)
        self.timeout.setAccessibleName("DNS timeout")
        self.cache_days = QSpinBox()
        self.cache_days.setRange(0, 3650)
        self.cache_days.setSuffix(" days")
        self.cache_days.setValue(settings.dns_cache_days)
        self.cache_days.setAccessibleName("Remember DNS answers for")
        self.icp = _TomlSetting(settings.icp_rules)
        self.checklist = _TomlSetting(settings.checklist)

        self.converted = _list_edit(settings.converted_statuses, "Converted statuses")
        self.disqualified = _list_edit(settings.disqualified_statuses, "Disqualified statuses")
        self.stage = QLineEdit(settings.opportunity_stage)
        self.stage.setAccessibleName("Opportunity stage")
        self.mapping = _list_edit(settings.convert_mapping, "Field mapping", lines=4)
        self.mapping.setPlaceholderText("Region__c=Account.Region__c")
        self.convert_threshold = _threshold_box(settings.convert_threshold, "Convert threshold")
        self.convert_threshold.setToolTip(
            "Bulk conversion converts a lead into its best-matching account when the match "
            "scores at least this; below it, the lead gets a new account"
        )
        self.merge_threshold = _threshold_box(settings.merge_threshold, "Merge threshold")
        self.merge_threshold.setToolTip(
            "Bulk merge takes a cluster of duplicates only when its weakest link scores at "
            "least this"
        )
        # What the boxes showed at first: a stored value finer than two decimals is kept as it
        # was unless the steward changes it, so opening and saving changes nothing.
        self._shown = {
            "convert_threshold": self.convert_threshold.value(),
            "merge_threshold": self.merge_threshold.value(),
        }

        leads = QFormLayout()
        leads.addRow("Leads are &stale after:", self.max_age)
        leads.addRow("Lead s&ources (one a line):", self.sources)
        dns = QFormLayout()
        dns.addRow("", self.dns)
        dns.addRow("DNS &timeout:", self.timeout)
        dns.addRow("&Remember DNS answers for:", self.cache_days)
        rules = QFormLayout()
        rules.addRow("ICP rules:", self.icp)
        rules.addRow("Checklist template:", self.checklist)
        conversion = QFormLayout()
        conversion.addRow("Con&verted statuses:", self.converted)
        conversion.addRow("", _hint("One a line; the first is the status a converted lead gets."))
        conversion.addRow("&Disqualified statuses:", self.disqualified)
        conversion.addRow("O&pportunity stage:", self.stage)
        conversion.addRow("Field &mapping:", self.mapping)
        conversion.addRow(
            "",
            _hint(
                "One a line, as LeadField=Object.Field (Object is Account, Contact or "
                "Opportunity). Empty: Steward's standard mapping."
            ),
        )
        conversion.addRow("Convert into a match &from:", self.convert_threshold)
        conversion.addRow("Merge clust&ers from:", self.merge_threshold)

        content = QWidget()
        sections = QVBoxLayout(content)
        forms = {
            "Leads": leads,
            "Email deliverability": dns,
            "Rules and checklist": rules,
            "Conversion and merging": conversion,
        }
        _align_labels(forms.values())
        for title, form in forms.items():
            sections.addWidget(_section(title, form))
        sections.addStretch(1)
        # The form outgrows a laptop screen; it scrolls while the problem and buttons stay put.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.scroll_area, 1)
        self._layout.addWidget(self.problem)
        self._layout.addWidget(self.buttons)
        # Where a problem sends the focus: the widget of the setting its message names.
        self._widgets: dict[str, QWidget] = {
            "max_age_days": self.max_age,
            "lead_sources": self.sources,
            "dns_timeout": self.timeout,
            "dns_cache_days": self.cache_days,
            "converted_statuses": self.converted,
            "disqualified_statuses": self.disqualified,
            "opportunity_stage": self.stage,
            "convert_mapping": self.mapping,
            "convert_threshold": self.convert_threshold,
            "merge_threshold": self.merge_threshold,
        }
        self._fit(content)

    def settings(self) -> Settings:
        """The settings as the form shows them, checked: raises SettingsProblem."""
        return replace(
            self._settings,
            max_age_days=self.max_age.value(),
            lead_sources=_lines(self.sources),
            dns_enabled=self.dns.isChecked(),
            dns_timeout=round(self.timeout.value(), 2),
            dns_cache_days=self.cache_days.value(),
            icp_rules=self.icp.text,
            checklist=self.checklist.text,
            converted_statuses=_lines(self.converted),
            disqualified_statuses=_lines(self.disqualified),
            opportunity_stage=self.stage.text().strip(),
            convert_mapping=_lines(self.mapping),
            convert_threshold=self._threshold("convert_threshold", self.convert_threshold),
            merge_threshold=self._threshold("merge_threshold", self.merge_threshold),
        ).validate()

    def _threshold(self, name: str, box: QDoubleSpinBox) -> float:
        if box.value() == self._shown[name]:
            return float(getattr(self._settings, name))
        return round(box.value(), 2)

    def _accept(self) -> None:
        try:
            self.settings()
        except SettingsProblem as problem:
            message = str(problem)
            self.problem.setText(message)
            widget = self._widgets.get(message.split(maxsplit=1)[0].rstrip(":"))
            if widget is not None:
                self.scroll_area.ensureWidgetVisible(widget)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()

    def _fit(self, content: QWidget) -> None:
        """Wide enough for the form without a horizontal scroll bar; at most ~700px tall."""
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        margins = self._layout.contentsMargins()
        width = content.minimumSizeHint().width() + bar + margins.left() + margins.right()
        self.scroll_area.setMinimumWidth(content.minimumSizeHint().width() + bar)
        chrome = self.problem.sizeHint().height() + self.buttons.sizeHint().height() + 60
        self.resize(max(width, 620), min(content.sizeHint().height() + chrome, _MAX_HEIGHT))


def _section(title: str, form: QFormLayout) -> QGroupBox:
    box = QGroupBox(title)
    # Labels beside their fields even when narrow, so the sections line up alike.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    # Texts take the width; spin boxes stay as wide as their numbers.
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    box.setLayout(form)
    return box


def _align_labels(forms: Iterable[QFormLayout]) -> None:
    """One label width for every section, so the fields start in one column down the dialog."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if label is not None:
                labels.append(label)
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    # As wide as the field above it: ExpandingFieldsGrow would keep it narrow and tall.
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _list_edit(values: tuple[str, ...], name: str, *, lines: int = 3) -> QPlainTextEdit:
    """A list edited one entry a line, tall enough for `lines` of them."""
    edit = QPlainTextEdit("\n".join(values))
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)  # a tab is never part of a name; keyboard users move on
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # a wrapped line looks like two
    frame = 2 * edit.frameWidth() + 2 * int(edit.document().documentMargin())
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + frame + 4)
    return edit


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    """The edit's non-blank lines, stripped; a repeated line says nothing new."""
    lines = (line.strip() for line in edit.toPlainText().splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


def _threshold_box(value: float, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(2)
    box.setSingleStep(0.01)
    box.setRange(0.01, 1.0)  # Settings takes 0 < threshold <= 1
    box.setValue(value)
    box.setAccessibleName(name)
    return box
