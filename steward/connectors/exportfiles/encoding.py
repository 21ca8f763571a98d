"""Telling which text encoding a Salesforce export file was written in.

Salesforce lets an admin choose the export encoding, and files re-saved by spreadsheets arrive
in whatever the desktop used. Decided on the whole file, not a sample: one 'é' in row 90,000
of an otherwise ASCII file decides between UTF-8 and Windows-1252.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Encoding:
    codec: str  # what Python decodes with
    label: str  # what a steward is told


UTF8 = Encoding("utf-8", "UTF-8")
UTF8_BOM = Encoding("utf-8-sig", "UTF-8 with BOM")
UTF16 = Encoding("utf-16", "UTF-16")
CP1252 = Encoding("cp1252", "Windows-1252")
LATIN1 = Encoding("latin-1", "Latin-1 (ISO-8859-1)")


def detect(open_binary: Callable[[], BinaryIO]) -> Encoding:
    """The encoding of a file, read through open_binary (called up to three times)."""
    with open_binary() as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    if _decodes(open_binary, "utf-8"):
        return UTF8
    # Bytes 0x80-0x9F are printable in Windows-1252 (curly quotes, euro sign) but control codes
    # in Latin-1; Windows-1252 leaves five of them undefined, so failing it means Latin-1.
    if _decodes(open_binary, "cp1252"):
        return CP1252 if _has_c1_bytes(open_binary) else LATIN1
    return LATIN1


def _decodes(open_binary: Callable[[], BinaryIO], codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    with open_binary() as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


_C1 = bytes(range(0x80, 0xA0))


def _has_c1_bytes(open_binary: Callable[[], BinaryIO]) -> bool:
    with open_binary() as handle:
        while chunk := handle.read(_CHUNK):
            if len(chunk.translate(None, _C1)) != len(chunk):
                return True
    return False
