"""The workspace's settings: how long a lead may stay open, the organisation's lead sources,
the DNS deliverability check (off unless turned on), and the ICP rules and checklist template
as TOML files. Nothing is saved until every setting can be used; the first problem is shown
under the form, naming the setting."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from steward.store.settings import Settings, SettingsProblem

_TOML_FILTER = "TOML files (*.toml);;All files (*)"


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
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workspace settings")
        self._settings = settings
        self.max_age = QSpinBox()
        self.max_age.setRange(1, 36_500)
        self.max_age.setSuffix(" days")
        self.max_age.setValue(settings.max_age_days)
        self.max_age.setAccessibleName("Stale after")
        self.sources = QPlainTextEdit("\n".join(settings.lead_sources))
        self.sources.setAccessibleName("Lead sources")
        self.sources.setMaximumHeight(120)
        self.dns = QCheckBox("Ask DNS whether each email domain takes mail")
        self.dns.setChecked(settings.dns_enabled)
        self.dns.setToolTip("Sends every lead's email domain to your DNS server; off by default")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 60)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(settings.dns_timeout)
        self.cache_days = QSpinBox()
        self.cache_days.setRange(0, 3650)
        self.cache_days.setSuffix(" days")
        self.cache_days.setValue(settings.dns_cache_days)
        self.icp = _TomlSetting(settings.icp_rules)
        self.checklist = _TomlSetting(settings.checklist)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        form = QFormLayout()
        form.addRow("Leads are &stale after:", self.max_age)
        form.addRow("Lead &sources (one a line):", self.sources)
        form.addRow("", self.dns)
        form.addRow("DNS &timeout:", self.timeout)
        form.addRow("Remember DNS answers for:", self.cache_days)
        form.addRow("ICP rules:", self.icp)
        form.addRow("Checklist template:", self.checklist)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def settings(self) -> Settings:
        """The settings as the form shows them, checked: raises SettingsProblem."""
        sources = tuple(
            line.strip() for line in self.sources.toPlainText().splitlines() if line.strip()
        )
        return replace(
            self._settings,
            max_age_days=self.max_age.value(),
            lead_sources=sources,
            dns_enabled=self.dns.isChecked(),
            dns_timeout=round(self.timeout.value(), 2),
            dns_cache_days=self.cache_days.value(),
            icp_rules=self.icp.text,
            checklist=self.checklist.text,
        ).validate()

    def _accept(self) -> None:
        try:
            self.settings()
        except SettingsProblem as problem:
            self.problem.setText(str(problem))
            return
        self.accept()
