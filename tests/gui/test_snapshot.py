"""`steward --snapshot PNG`: the app renders its window once loaded, then exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from steward.gui.app import run


def _image(path: Path) -> QImage:
    assert path.is_file() and path.stat().st_size > 0
    image = QImage(str(path))
    assert not image.isNull()
    return image


def _colours(image: QImage) -> set[int]:
    step = 16
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_snapshot_of_a_workspace(workspace_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "window.png"
    assert run(workspace=workspace_path, snapshot=png) == 0
    image = _image(png)
    assert (image.width(), image.height()) == (1280, 800)
    assert len(_colours(image)) > 20  # rows of text, not an empty frame


def test_snapshot_of_the_demo(tmp_path: Path) -> None:
    png = tmp_path / "demo.png"
    assert run(demo=True, snapshot=png) == 0
    image = _image(png)
    assert (image.width(), image.height()) == (1280, 800)
    assert len(_colours(image)) > 20


def test_snapshot_of_the_start_screen(tmp_path: Path) -> None:
    png = tmp_path / "start.png"
    assert run(snapshot=png) == 0
    assert (_image(png).width(), _image(png).height()) == (1280, 800)


def test_snapshot_fails_in_one_line_when_the_workspace_cannot_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "never.png"
    missing = tmp_path / "missing.steward"
    assert run(workspace=missing, snapshot=png) == 1
    assert not png.exists()
    err = capsys.readouterr().err
    assert err == f"steward: No workspace at {missing}\n"
