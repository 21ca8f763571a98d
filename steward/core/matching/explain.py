"""Why a pair scored what it did: one reason per field, in words a steward reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from steward.core.matching.companies import acronym, is_acronym_of
from steward.core.matching.compare import single_word
from steward.core.matching.nicknames import same_first_name
from steward.core.matching.score import ScoredPairs
from steward.core.matching.table import KeyTable

# Which key columns show what a field compared, per comparator.
_SHOWN: dict[str, tuple[str, ...]] = {
    "first_name": ("mk_first",),
    "last_name": ("mk_last",),
    "email": ("mk_email",),
    "phone": ("mk_phone", "mk_mobile"),
    "company": ("mk_company",),
    "domain": ("mk_domain",),
    "address": ("mk_street", "mk_postcode", "mk_city"),
}


class Agreement(StrEnum):
    SAME = "same"
    SIMILAR = "similar"
    DIFFERENT = "different"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Reason:
    field: str
    compare: str
    agreement: Agreement
    similarity: float | None  # None when a side has no value
    points: float
    note: str  # 'nickname', 'names swapped', 'same name at another domain', ...
    left: str
    right: str

    def text(self) -> str:
        if self.agreement is Agreement.MISSING:
            return f"{self.field}: missing"
        words = self.agreement.value
        if self.note:
            words += f", {self.note}"
        elif self.agreement is Agreement.SIMILAR and self.similarity is not None:
            words += f" ({self.similarity:.0%})"
        return f"{self.field}: {words} ({self.points:+.1f})"


def reasons(scored: ScoredPairs, row: int, table: KeyTable) -> list[Reason]:
    """The reasons of pair `row` of scored, in the rule's field order."""
    left, right = int(scored.left[row]), int(scored.right[row])
    swapped = bool(scored.swapped[row])
    found: list[Reason] = []
    for index, rule in enumerate(scored.rule.fields):
        columns = _SHOWN[rule.compare]
        shown_left = _shown(table, columns, left)
        shown_right = _shown(table, columns, right)
        if rule.compare in ("first_name", "last_name") and swapped:
            other = ("mk_last",) if rule.compare == "first_name" else ("mk_first",)
            shown_right = _shown(table, other, right)
        if not scored.present[row, index]:
            found.append(
                Reason(
                    rule.name,
                    rule.compare,
                    Agreement.MISSING,
                    None,
                    0.0,
                    "",
                    shown_left,
                    shown_right,
                )
            )
            continue
        similarity = float(scored.similarity[row, index])
        agreement = (
            Agreement.SAME
            if similarity >= 0.999
            else Agreement.SIMILAR
            if similarity >= rule.low + (rule.high - rule.low) / 2 and similarity > 0
            else Agreement.DIFFERENT
        )
        note = _note(rule.compare, similarity, shown_left, shown_right, swapped)
        found.append(
            Reason(
                rule.name,
                rule.compare,
                agreement,
                similarity,
                float(scored.points[row, index]),
                note,
                shown_left,
                shown_right,
            )
        )
    return found


def reason_text(scored: ScoredPairs, row: int, table: KeyTable) -> str:
    """The reasons as one line: 'Email: same (+6.0); First name: same, nickname (+2.5); ...'."""
    return "; ".join(r.text() for r in reasons(scored, row, table) if r.agreement != "missing")


def _shown(table: KeyTable, columns: tuple[str, ...], row: int) -> str:
    return " / ".join(v for c in columns if (v := str(table.columns[c][row])))


def _note(compare: str, similarity: float, left: str, right: str, swapped: bool) -> str:
    if compare in ("first_name", "last_name") and swapped:
        return "names swapped"
    if compare == "first_name" and similarity >= 0.999 and left != right:
        first_left, first_right = left.split(" ", 1)[0], right.split(" ", 1)[0]
        return "nickname" if same_first_name(first_left, first_right) else ""
    if compare == "email" and 0.6 < similarity < 0.999:
        return "same name at another domain"
    if compare == "email" and 0.5 < similarity <= 0.6:
        return "same name at another company"
    if compare == "company" and abs(similarity - 0.9) < 1e-6 and is_acronym_of(left, right):
        return "acronym"
    return ""


_MISSING, _SAME, _SIMILAR, _DIFFERENT = range(4)
_WORDS = ("missing", "same", "similar", "different")
_NOTES = ("", "names swapped", "nickname", "same name at another domain", "acronym",
          "same name at another company")  # fmt: skip


def reason_lines(scored: ScoredPairs, table: KeyTable) -> list[str]:
    """reason_text for every pair at once: what `steward match` writes for a million leads.

    Agreement, note and points are worked out per field with numpy; each distinct piece of
    text is formatted once and looked up after that."""
    count = len(scored)
    if not count:
        return []
    pieces: list[list[str]] = []
    first_hash = table.hashed("mk_first")
    for index, rule in enumerate(scored.rule.fields):
        present = scored.present[:, index]
        similarity = scored.similarity[:, index]
        middle = rule.low + (rule.high - rule.low) / 2
        agreement = np.select(
            [~present, similarity >= 0.999, (similarity >= middle) & (similarity > 0)],
            [_MISSING, _SAME, _SIMILAR],
            _DIFFERENT,
        )
        note = np.zeros(count, dtype=np.int8)
        if rule.compare in ("first_name", "last_name"):
            note[scored.swapped] = 1
            if rule.compare == "first_name":
                differ = first_hash[scored.left] != first_hash[scored.right]
                note[(similarity >= 0.999) & differ & ~scored.swapped] = 2
        elif rule.compare == "email":
            note[(similarity > 0.6) & (similarity < 0.999)] = 3
            note[(similarity > 0.5) & (similarity <= 0.6)] = 5
        elif rule.compare == "company":
            note[_acronyms(scored, table) & (similarity == np.float32(0.9))] = 4
        # float64 first: Python's own formatting rounds the float32 value's exact decimal.
        percent = np.rint(similarity.astype(np.float64) * 100).astype(np.int16)
        tenths = np.rint(scored.points[:, index].astype(np.float64) * 10).astype(np.int16)
        cache: dict[tuple[int, int, int, int], str] = {}
        texts: list[str] = []
        for code, mark, share, points in zip(
            agreement.tolist(), note.tolist(), percent.tolist(), tenths.tolist(), strict=True
        ):
            key = (code, mark, share if code == _SIMILAR and not mark else -1, points)
            text = cache.get(key)
            if text is None:
                text = cache[key] = _piece(rule.name, *key)
            texts.append(text)
        pieces.append(texts)
    return ["; ".join(p for p in parts if p) for parts in zip(*pieces, strict=True)]


def _acronyms(scored: ScoredPairs, table: KeyTable) -> npt.NDArray[np.bool_]:
    """Pairs whose company keys are one the other's acronym (as compare_company finds them)."""
    short = table.derived("company_single", "mk_company", single_word)
    initials = table.derived("company_initials", "mk_company", acronym)
    left, right = scored.left, scored.right
    found: npt.NDArray[np.bool_] = ((initials[left] == short[right]) & (short[right] != 0)) | (
        (short[left] == initials[right]) & (short[left] != 0)
    )
    return found


def _piece(name: str, code: int, mark: int, share: int, tenths: int) -> str:
    if code == _MISSING:
        return ""
    words = _WORDS[code]
    if mark:
        words += f", {_NOTES[mark]}"
    elif share >= 0:
        words += f" ({share}%)"
    return f"{name}: {words} ({tenths / 10:+.1f})"
