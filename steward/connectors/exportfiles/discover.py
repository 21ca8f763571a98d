"""Finding the CSV files in what a steward hands over: zips, folders, single files."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from steward.connectors.exportfiles.formula import MANIFEST_NAME
from steward.core.fields import object_spec

# Salesforce splits big objects and spreadsheets add copies: Lead.csv, Lead_1.csv, Lead (2).csv.
_STEM_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_]*?)(?:[ _-]?\(?\d+\)?)?$")
_ZIP_MAGIC = b"PK\x03\x04"


class SourceProblem(Exception):
    """A path given by the steward cannot be read as export files."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One CSV file, on disk or a member of a zip (plain data: it crosses process boundaries)."""

    display: str  # how messages name it: 'Lead.csv' or 'WE_00D_1.ZIP/Lead.csv'
    stem_object: str | None  # the object its name says, if Steward keeps that object
    stem: str  # the name without .csv, for the skipped-file message
    size: int
    path: Path
    member: str | None = None  # the file's name inside the zip at path
    neutralised: bool = False  # written by Steward, with formula-like values prefixed

    def open_binary(self) -> BinaryIO:
        if self.member is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        handle = archive.open(self.member)
        # Closing the member must also close the archive that owns the open file.
        original_close = handle.close

        def close() -> None:
            original_close()
            archive.close()

        handle.close = close  # type: ignore[method-assign]
        return handle  # type: ignore[return-value]


def object_from_name(stem: str) -> str | None:
    match = _STEM_RE.match(stem.strip())
    candidates = [stem.strip()]
    if match:
        candidates.append(match.group("name"))
    for candidate in candidates:
        spec = object_spec(candidate)
        if spec is not None:
            return spec.name
    return None


def discover(paths: Sequence[Path]) -> list[SourceFile]:
    """The CSV files in the given paths, in a stable order; raises SourceProblem for a bad path."""
    found: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise SourceProblem(f"{path}: no such file or folder")
        if path.is_dir():
            folder_files = sorted(p for p in path.rglob("*") if p.is_file())
            for item in folder_files:
                if item.suffix.lower() == ".csv":
                    found.append(_disk_file(item, display=str(item.relative_to(path.parent))))
                elif item.suffix.lower() == ".zip":
                    found.extend(_zip_members(item))
            continue
        if _is_zip(path):
            found.extend(_zip_members(path))
        elif path.suffix.lower() in {".csv", ".txt"} or _looks_like_text(path):
            found.append(_disk_file(path, display=path.name))
        else:
            raise SourceProblem(f"{path}: not a CSV file or a zip of CSV files")
    return found


def _listed(manifest_text: str | None, name: str) -> bool:
    """Whether a Steward export manifest lists the file name."""
    if manifest_text is None:
        return False
    try:
        manifest = json.loads(manifest_text)
    except ValueError:
        return False
    return isinstance(manifest, dict) and name in manifest.get("files", [])


def _disk_file(path: Path, display: str) -> SourceFile:
    manifest = path.parent / MANIFEST_NAME
    manifest_text = manifest.read_text(encoding="utf-8") if manifest.is_file() else None
    return SourceFile(
        neutralised=_listed(manifest_text, path.name),
        display=display,
        stem_object=object_from_name(path.stem),
        stem=path.stem,
        size=path.stat().st_size,
        path=path,
    )


def _zip_members(path: Path) -> list[SourceFile]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
        archive.close()
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceProblem(f"{path}: not a readable zip file ({error})") from None
    manifests = {}
    with zipfile.ZipFile(path) as archive:
        for info in infos:
            if PurePosixPath(info.filename).name == MANIFEST_NAME:
                folder = str(PurePosixPath(info.filename).parent)
                manifests[folder] = archive.read(info).decode("utf-8", "replace")
    members = []
    for info in sorted(infos, key=lambda i: i.filename):
        name = Path(info.filename)
        if info.is_dir() or name.suffix.lower() != ".csv":
            continue
        members.append(
            SourceFile(
                display=f"{path.name}/{info.filename}",
                stem_object=object_from_name(name.stem),
                stem=name.stem,
                size=info.file_size,
                path=path,
                member=info.filename,
                neutralised=_listed(
                    manifests.get(str(PurePosixPath(info.filename).parent)), name.name
                ),
            )
        )
    return members


def _is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _ZIP_MAGIC
    except OSError as error:
        raise SourceProblem(f"{path}: cannot be read ({error.strerror})") from None


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    return b"\x00" not in sample and b"," in sample
