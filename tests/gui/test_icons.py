"""Line icons take the palette's colours, and follow a switch to a dark palette."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from steward.gui.icons import Icons
from steward.gui.main_window import MainWindow
from steward.gui.services import Services


def _ink(icon: QIcon, mode: QIcon.Mode) -> QColor:
    """The colour of the most opaque pixel of the icon drawn at 32 px."""
    image = icon.pixmap(32, 32, mode).toImage()
    best = max(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=lambda c: c.alpha(),
    )
    assert best.alpha() > 200
    return best


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.AlternateBase, "#24262a"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#2b2d31"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.HighlightedText, "#101114"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def restore_palette(app: QApplication) -> Iterator[None]:
    original = app.palette()
    yield
    app.setPalette(original)


def test_line_icons_use_text_and_highlighted_text_colours(
    app: QApplication, services: Services
) -> None:
    icon = services.icons.icon("lead")
    palette = app.palette()
    assert _ink(icon, QIcon.Mode.Normal).name() == palette.color(QPalette.ColorRole.Text).name()
    assert _ink(icon, QIcon.Mode.Selected).name() == (
        palette.color(QPalette.ColorRole.HighlightedText).name()
    )


def test_the_app_icon_keeps_its_colours(services: Services) -> None:
    icon = services.icons.app_icon()
    assert not icon.isNull()
    ink = _ink(icon, QIcon.Mode.Normal)
    assert ink.saturation() > 100  # the teal and blue shield, not text grey


def test_a_missing_icon_is_empty_not_an_error(services: Services) -> None:
    assert services.icons.icon("no-such-icon").isNull()


def test_icons_follow_a_dark_palette(
    qtbot: QtBot, app: QApplication, window: MainWindow, restore_palette: None
) -> None:
    icons: Icons = window._services.icons
    light = _ink(icons.icon("account"), QIcon.Mode.Normal)
    with qtbot.waitSignal(icons.changed, timeout=2000):
        app.setPalette(_dark_palette())
    dark = _ink(icons.icon("account"), QIcon.Mode.Normal)
    assert dark.name() == "#e8eaed"
    assert dark.lightness() > light.lightness()
    sidebar_icon = window.browser.sidebar.model().index(1, 0).data(1)  # DecorationRole
    assert _ink(sidebar_icon, QIcon.Mode.Normal).name() == "#e8eaed"
