"""Icons from resources/icons, drawn in the palette's colours.

The line icons draw with the literal colour `currentColor`; each is rendered with the palette's
text colour for the normal mode, its highlighted-text colour for selected items and its
disabled text colour for disabled ones. When the application palette changes (a switch to dark
mode), the main window calls `refresh`: the cache is dropped and `changed` tells the screens to
fetch their icons again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

APP_ICON = "steward"
_SIZES = (16, 20, 24, 32, 48, 64, 96)
_MODES = (
    (QIcon.Mode.Normal, QPalette.ColorGroup.Active, QPalette.ColorRole.Text),
    (QIcon.Mode.Active, QPalette.ColorGroup.Active, QPalette.ColorRole.Text),
    (QIcon.Mode.Selected, QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText),
    (QIcon.Mode.Disabled, QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text),
)


def render_svg(svg: bytes, size: int, ratio: float = 1.0) -> QPixmap:
    """The SVG drawn into a square transparent pixmap of size logical pixels."""
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def recoloured_icon(svg_text: str, palette: QPalette, ratio: float = 1.0) -> QIcon:
    """An icon whose `currentColor` strokes take the palette's colours, mode by mode."""
    icon = QIcon()
    for mode, group, role in _MODES:
        colour: QColor = palette.color(group, role)
        data = svg_text.replace("currentColor", colour.name()).encode()
        for size in _SIZES:
            icon.addPixmap(render_svg(data, size, ratio), mode, QIcon.State.Off)
    return icon


class Icons(QObject):
    """Loads and caches icons by name ('lead' -> resources/icons/lead.svg)."""

    changed = Signal()

    def __init__(self, app: QGuiApplication, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._folder = folder
        self._cache: dict[str, QIcon] = {}

    def icon(self, name: str) -> QIcon:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        path = self._folder / f"{name}.svg"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return QIcon()  # a missing icon is a packaging slip, never worth stopping for
        if "currentColor" in text:
            icon = recoloured_icon(text, self._app.palette(), self._app.devicePixelRatio())
        else:
            icon = QIcon(str(path))
        self._cache[name] = icon
        return icon

    def app_icon(self) -> QIcon:
        return self.icon(APP_ICON)

    def refresh(self) -> None:
        """Draw icons again in the current palette's colours."""
        self._cache.clear()
        self.changed.emit()
