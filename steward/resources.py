"""Where the files in resources/ are, in a source checkout, an installed wheel and a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a packaged app
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/, e.g. resource_path("icons", "lead.svg")."""
    return resources_root().joinpath(*parts)


def demo_export() -> Path:
    """The bundled demo org, as Salesforce weekly export files."""
    return resource_path("demo", "export")
