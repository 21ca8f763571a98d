"""Mailboxes: one address per person, stable for that person, in their own spelling."""

from __future__ import annotations

from steward.demo.identity import NOBODY, Mailboxes


def test_the_first_person_keeps_the_address_and_the_next_one_gets_a_number() -> None:
    boxes = Mailboxes()
    assert boxes.claim("laura@fernhill.es", 1) == "laura@fernhill.es"
    assert boxes.claim("laura@fernhill.es", 2) == "laura2@fernhill.es"
    assert boxes.claim("laura@fernhill.es", 3) == "laura3@fernhill.es"
    assert boxes.claim("laura@fernhill.es", 1) == "laura@fernhill.es"


def test_a_person_keeps_their_moved_address_in_every_spelling() -> None:
    boxes = Mailboxes()
    boxes.claim("michael.schmidt@gmail.com", 1)
    assert boxes.claim("michael.schmidt@gmail.com", 2) == "michael.schmidt2@gmail.com"
    assert boxes.claim("Michael.Schmidt@Gmail.com", 2) == "Michael.Schmidt2@Gmail.com"
    assert boxes.claim("michael.schmidt+crm@gmail.com", 2) == "michael.schmidt2+crm@gmail.com"
    # Gmail ignores dots, so the dotless spelling is the same taken mailbox
    assert boxes.claim("michaelschmidt@gmail.com", 3) == "michaelschmidt3@gmail.com"


def test_a_numbered_address_already_taken_is_skipped() -> None:
    boxes = Mailboxes()
    boxes.claim("anna2@acme.de", 1)
    boxes.claim("anna@acme.de", 2)
    assert boxes.claim("anna@acme.de", 3) == "anna3@acme.de"


def test_junk_and_malformed_addresses_are_left_alone() -> None:
    boxes = Mailboxes()
    boxes.claim("info@acme.com", 1)
    assert boxes.claim("info@acme.com", NOBODY) == "info@acme.com"
    assert boxes.claim("not an address", 2) == "not an address"
    assert boxes.claim("@acme.com", 2) == "@acme.com"


def test_a_csv_line_gets_its_email_field_replaced_only() -> None:
    boxes = Mailboxes()
    boxes.claim("jo@x.io", 1)
    line = '"jo@x.io","Jo","jo@x.io.old"\n'
    assert boxes.fix_line('"a","jo@x.io","b"\n', "jo@x.io", 2) == '"a","jo2@x.io","b"\n'
    assert boxes.fix_line(line, "", 2) == line
