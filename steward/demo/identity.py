"""Who a generated record is: one person per name per company, one mailbox per person.

People are drawn independently, so at a million leads the same name turns up twice at the
same company, and two Lauras at a company whose pattern is first@ would both get laura@.
In a real org the first is one person entered twice, and the second two people with two
mailboxes (the mail server numbers the later one). The registries here make the generated
org say so; they run in the writing process over the records in file order, so the output
does not depend on how many workers drew the records.
"""

from __future__ import annotations

from steward.demo.text import ascii_fold

NOBODY = -1  # records whose address is not a person's own (junk, role mailboxes)

Identity = tuple[str, ...]  # what makes two draws the same person: company site and name

# person numbers: contacts as they are, duplicate groups and single leads in their own ranges
GROUP_BASE = 10**12
LEAD_BASE = 2 * 10**12

_DOTLESS = frozenset({"gmail.com", "googlemail.com"})  # where dots in the local part are noise


def _key(base: str, domain: str) -> str:
    base, domain = base.lower(), domain.lower()
    if domain in _DOTLESS:
        base = base.replace(".", "")
    return f"{base}@{domain}"


class People:
    """One person number per identity: the first record drawn with it owns it."""

    def __init__(self) -> None:
        self._by_identity: dict[int, int] = {}  # hashes: a million name tuples weigh 300 MB
        self.merged: dict[int, int] = {}  # a later draw's own number -> the person it is

    def person(self, own: int, identity: Identity | None) -> int:
        if identity is None:
            return self.merged.get(own, own)
        found = self._by_identity.setdefault(hash(identity), own)
        if found != own:
            self.merged[own] = found
        return found


def identity(site: str, first: str, last: str) -> Identity:
    """A person as the company's site and their folded name: Müller is Muller is MULLER."""
    return (site.lower(), ascii_fold(first, german=False).casefold(),
            ascii_fold(last, german=False).casefold())  # fmt: skip


class Mailboxes:
    """Hands each person their mailbox; a taken one gets a number, as mail servers do."""

    def __init__(self) -> None:
        self._owner: dict[str, int] = {}
        self._moved: dict[tuple[int, str], str] = {}

    def claim(self, email: str, person: int) -> str:
        """The address `person` really has for `email` (the same one each time they use it)."""
        if person == NOBODY:
            return email
        local, at, domain = email.rpartition("@")
        if not at or not local:
            return email
        base, plus, tag = local.partition("+")
        key = _key(base, domain)
        suffix = self._moved.get((person, key))
        if suffix is None:
            owner = self._owner.setdefault(key, person)
            if owner == person:
                return email
            number = 2
            while _key(f"{base}{number}", domain) in self._owner:
                number += 1
            suffix = str(number)
            self._owner[_key(base + suffix, domain)] = person
            self._moved[(person, key)] = suffix
        # the person's own spelling of the mailbox (capitals, dots, +tag) is kept
        return f"{base}{suffix}{plus}{tag}@{domain}"

    def fix_line(self, line: str, email: str, person: int) -> str:
        """A CSV line (every field quoted) with its Email field claimed."""
        claimed = self.claim(email, person) if email else email
        if claimed == email:
            return line
        return line.replace(f'"{email}"', f'"{claimed}"', 1)
