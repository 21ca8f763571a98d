"""The people behind leads, and the ways one person turns up twice: nicknames, typos, swapped
names, shouting capitals, other e-mail addresses, re-typed phone numbers, moves, gaps.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from steward.demo import geo, phones
from steward.demo.model import Company, ContactCore, Person, email_address, pick_city
from steward.demo.names import (
    DISPOSABLE_DOMAINS,
    JUNK_COMPANIES,
    JUNK_NAMES,
    NICKNAMES,
    PERSONAL_DOMAINS,
    PLACEHOLDER_DOMAINS,
    ROLE_CONTACTS,
)
from steward.demo.rand import below, between, pick
from steward.demo.text import company_spelling, slug, typo
from steward.demo.vocab import DOMAIN_ENDINGS
from steward.demo.world import World


class Prospect(NamedTuple):
    """What a lead says about a person, before dates, owner and status are added."""

    salutation: str
    first: str
    last: str
    title: str
    company: str
    email: str
    phone: phones.Phone | None
    phone_text: str
    mobile: phones.Phone | None
    mobile_text: str
    street: str
    city: geo.City
    postal: str
    iso: str
    website: str
    industry: str
    employees: int
    revenue: float


def prospect(
    rng: random.Random, who: Person, company: Company, *, company_name: str = "", email: str = ""
) -> Prospect:
    """A person working at a company, with an address near one of its offices."""
    random_ = rng.random
    iso = company.iso
    city, street, postal = company.city, company.street, company.postal
    if random_() < 0.3:
        city = pick_city(rng, iso)
        street = geo.street_line(rng, geo.COUNTRIES[iso])
        postal = geo.postal_code(rng, city)
    phone = phones.fixed_line(rng, iso, city)
    cell = phones.mobile(rng, iso, city) if random_() < 0.4 else None
    if not email:
        if random_() < 0.12:
            email = personal_email(rng, who.first, who.last, iso)
        else:
            email = email_address(who.first, who.last, company.pattern, company.domain)
    return Prospect(
        who.salutation,
        who.first,
        who.last,
        who.title,
        company_name or company.name,
        email,
        phone,
        phones.write(rng, phone, 0.25),
        cell,
        phones.write(rng, cell, 0.3, True) if cell else "",
        street,
        city,
        postal,
        iso,
        company.website,
        company.industry,
        company.employees,
        company.revenue,
    )


def from_contact(world: World, contact: ContactCore) -> Prospect:
    """The contact as a lead would describe them (exactly, as lead conversion copies it)."""
    company = world.account(contact.account).company
    who = contact.person
    return Prospect(
        who.salutation,
        who.first,
        who.last,
        who.title,
        company.name,
        contact.email,
        contact.phone,
        contact.phone_text,
        contact.mobile,
        contact.mobile_text,
        contact.street,
        contact.city,
        contact.postal,
        contact.iso,
        company.website,
        company.industry,
        company.employees,
        company.revenue,
    )


def personal_email(rng: random.Random, first: str, last: str, iso: str) -> str:
    domain = pick(rng, PERSONAL_DOMAINS.get(iso, PERSONAL_DOMAINS[""]))
    f, l_ = slug(first), slug(last)
    local = pick(rng, (f"{f}.{l_}", f"{f}{l_}", f"{f}.{l_}{between(rng, 1, 99)}", f"{f[:1]}{l_}"))
    return f"{local}@{domain}"


VARIATIONS = (
    "nickname",
    "surname_typo",
    "swapped_names",
    "name_case",
    "email",
    "phone_format",
    "company_spelling",
    "moved",
    "missing_fields",
)


def vary(rng: random.Random, base: Prospect, kinds: list[str], brand: str, suffix: str) -> Prospect:
    """The same person entered again, with the given kinds of variation."""
    p = base
    for kind in kinds:
        if kind == "nickname":
            p = p._replace(first=pick(rng, NICKNAMES[p.first]))
        elif kind == "surname_typo":
            p = p._replace(last=typo(rng, p.last))
        elif kind == "swapped_names":
            p = p._replace(first=p.last, last=p.first)
        elif kind == "name_case":
            change = str.upper if rng.random() < 0.7 else str.lower
            p = p._replace(first=change(p.first), last=change(p.last))
        elif kind == "email":
            p = p._replace(email=other_email(rng, p))
        elif kind == "phone_format" and p.phone:
            p = p._replace(phone_text=rewrite(rng, p.phone, p.phone_text))
        elif kind == "company_spelling":
            p = p._replace(company=company_spelling(rng, brand, suffix)[0])
        elif kind == "moved":
            city = pick_city(rng, p.iso)
            phone = phones.fixed_line(rng, p.iso, city)
            p = p._replace(
                city=city,
                street=geo.street_line(rng, geo.COUNTRIES[p.iso]),
                postal=geo.postal_code(rng, city),
                phone=phone,
                phone_text=phones.write(rng, phone, 0.2),
            )
        elif kind == "missing_fields":
            p = p._replace(
                title="" if rng.random() < 0.6 else p.title,
                phone_text="" if rng.random() < 0.5 else p.phone_text,
                mobile_text="",
                street="" if rng.random() < 0.5 else p.street,
                postal="" if rng.random() < 0.4 else p.postal,
                salutation="",
                website="",
            )
    return p


def pick_variations(rng: random.Random, base: Prospect, count: int) -> list[str]:
    allowed = [v for v in VARIATIONS if v != "nickname" or base.first in NICKNAMES]
    if not base.phone:
        allowed.remove("phone_format")
    weights = [4 if v in ("nickname", "email", "company_spelling") else 2 for v in allowed]
    chosen: list[str] = []
    while len(chosen) < count:
        kind = rng.choices(allowed, weights=weights)[0]
        if kind not in chosen:
            chosen.append(kind)
    return sorted(chosen, key=VARIATIONS.index)


def other_email(rng: random.Random, p: Prospect) -> str:
    """Another address of the same person: an alias, a personal mailbox, other capitals."""
    local, _, domain = p.email.partition("@")
    if not local:
        return personal_email(rng, p.first, p.last, p.iso)
    roll = rng.random()
    if roll < 0.3:
        return f"{local}+{pick(rng, ('crm', 'news', 'events', 'web'))}@{domain}"
    if roll < 0.65:
        return personal_email(rng, p.first, p.last, p.iso)
    if roll < 0.8:
        ending = next((e for e in _ENDINGS if domain.endswith(e)), "")
        if ending:
            local_ending = DOMAIN_ENDINGS[p.iso][0][0]
            other = (
                ".com" if ending != ".com" else (".net" if local_ending == ".com" else local_ending)
            )
            return f"{local}@{domain[: -len(ending)]}{other}"
    return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain.capitalize()


_ENDINGS = sorted(
    {ending for options in DOMAIN_ENDINGS.values() for ending, _ in options}, key=len, reverse=True
)


def rewrite(rng: random.Random, phone: phones.Phone, text: str) -> str:
    """The same number in another style than `text`."""
    for attempt in range(12):
        candidate = phones.render(phone, below(rng, 12) + attempt, attempt % 2 == 1)
        if candidate != text:
            return candidate
    return text


_FAKE_PHONES = ("000-000-0000", "1111111111", "123-456-7890", "9999999999", "0000000000")


def fake_phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        area = pick(rng, ("212", "415", "312", "617", "800"))
        return pick(
            rng, (f"({area}) 555-01{between(rng, 0, 99):02d}", f"555-01{between(rng, 0, 99):02d}")
        )
    return pick(rng, _FAKE_PHONES)


JUNK_KINDS = ("test_entry", "throwaway", "role_mailbox", "shouting")


def junk(rng: random.Random, world: World, who: Person) -> tuple[Prospect, list[str]]:
    """A lead nobody should call, and why: fake name, fake phone, throwaway or role address."""
    kind = pick(rng, JUNK_KINDS)
    company = world.lead_company(rng)
    base = prospect(rng, who, company)
    if kind == "test_entry":
        first, last = pick(rng, JUNK_NAMES)
        domain = pick(rng, PLACEHOLDER_DOMAINS + DISPOSABLE_DOMAINS)
        local = slug(first + last) or "test"
        p = base._replace(
            first=first,
            last=last,
            company=pick(rng, JUNK_COMPANIES),
            title="",
            email=f"{local}@{domain}",
            phone=None,
            phone_text=fake_phone(rng),
            mobile_text="",
            street="",
            postal="",
            salutation="",
            website="",
        )
        return p, ["test_name", "junk_company", "fake_phone", "junk_email"]
    if kind == "throwaway":
        p = base._replace(
            first=who.first.lower(),
            last=who.last.lower(),
            salutation="",
            email=f"{slug(who.first)}{between(rng, 1, 999)}@{pick(rng, DISPOSABLE_DOMAINS)}",
            phone=None,
            phone_text=fake_phone(rng),
            mobile_text="",
            title="",
        )
        return p, ["lowercase_name", "junk_email", "fake_phone"]
    if kind == "role_mailbox":
        local, name = pick(rng, ROLE_CONTACTS)
        p = base._replace(
            first="",
            last=name,
            salutation="",
            title="",
            mobile_text="",
            email=f"{local}@{company.domain}",
        )
        return p, ["role_name", "role_email"]
    p = base._replace(
        first=who.first.upper(),
        last=who.last.upper(),
        phone=None,
        phone_text=fake_phone(rng),
        email=f"{slug(who.last)}@{pick(rng, PLACEHOLDER_DOMAINS)}",
    )
    return p, ["all_caps_name", "fake_phone", "junk_email"]
