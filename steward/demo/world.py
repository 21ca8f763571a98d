"""The demo org as a whole: its sizes, who owns what, and the core of every record.

A core is a pure function of (seed, index), made from a random.Random seeded for that one
record, so that a lead planted as "the same person as contact 1234" can rebuild that contact
without the generator keeping contacts in memory. Small caches keep recent cores.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from dataclasses import replace

from steward.demo import geo, phones, vocab
from steward.demo.model import (
    HIERARCHY_SIZE,
    N_BASE,
    N_BRANDS,
    N_CORES,
    TAG_ACCOUNT,
    TAG_ALLOCATE,
    TAG_COMPANY,
    TAG_CONTACT,
    TAG_OPPORTUNITY,
    TYPE_BAG,
    AccountCore,
    Company,
    ContactCore,
    OpportunityCore,
    brand_name,
    email_address,
    make_company,
    person,
    pick_city,
    record_id,
    seeded,
)
from steward.demo.rand import below, between, pick
from steward.demo.text import DAY, REFERENCE, START, bag

_LEAD_SOURCE_BAG = bag(vocab.LEAD_SOURCES)
_OPEN_STAGES = vocab.STAGES[:8]
_CACHE = {"account": 20_000, "company": 60_000}  # how many of each are kept at most
_LEAD_COMPANIES = 50_000  # companies leads work at, in orgs too large for plain brand names


class World:
    """Sizes, allocations and record cores of one generated org."""

    def __init__(
        self, seed: int, leads: int, accounts: int, contacts: int, opportunities: int, users: int
    ) -> None:
        if min(leads, accounts, contacts, opportunities) < 0 or users < 1:
            raise ValueError("counts must not be negative, and there must be at least one user")
        if (contacts or opportunities) and not accounts:
            raise ValueError("contacts and opportunities need at least one account")
        self.seed = seed
        self.leads, self.accounts, self.contacts = leads, accounts, contacts
        self.opportunities, self.users = opportunities, users
        rng = seeded(seed, TAG_ALLOCATE, 0)
        self.contact_start = self._allocate(rng, contacts, 1.2)
        self.opportunity_start = self._allocate(rng, opportunities, 1.6)
        # a bijection of plain brand numbers, so that no two accounts share a brand
        self.brand_step = next(
            step
            for step in range(between(rng, N_BASE // 3, N_BASE), 3 * N_BASE)
            if _coprime(step, N_BASE)
        )
        self.brand_offset = below(rng, N_BASE)
        if accounts + 5000 <= N_BASE:  # leads work at other companies with plain names
            self.lead_brands = (accounts, N_BASE)
        elif accounts + 1000 <= N_BRANDS:  # about ten leads a company
            pool = max(2000, min(_LEAD_COMPANIES, leads // 10))
            self.lead_brands = (accounts, min(N_BRANDS, accounts + pool))
        else:  # more accounts than names: leads and accounts share companies
            self.lead_brands = (0, N_BRANDS)
        self.user_ids = [record_id("User", n) for n in range(users)]
        self.user_active = [n < 2 or rng.random() > 0.14 for n in range(users)]
        pairs = list(zip(self.user_ids, self.user_active, strict=True))
        active = [uid for uid, on in pairs if on]
        self.owners = active[1:] or active  # user 0 is the integration user
        self.former_owners = [uid for uid, on in pairs if not on] or self.owners
        self._accounts: dict[int, AccountCore] = {}
        self._companies: dict[int, Company] = {}

    def _allocate(self, rng: random.Random, total: int, alpha: float) -> array[int]:
        """Start positions (cumulative counts) of `total` children spread over the accounts."""
        starts = array("q", bytes(8 * (self.accounts + 1)))
        if total and self.accounts:
            weights = [min(rng.paretovariate(alpha), 40.0) for _ in range(self.accounts)]
            counts = array("q", bytes(8 * self.accounts))
            for at in rng.choices(range(self.accounts), weights=weights, k=total):
                counts[at] += 1
            running = 0
            for at, count in enumerate(counts):
                starts[at] = running
                running += count
            starts[self.accounts] = running
        return starts

    def owner(self, rng: random.Random) -> str:
        owners = self.former_owners if rng.random() < 0.06 else self.owners
        return owners[int(rng.random() * len(owners))]

    # ---- companies -------------------------------------------------------------------
    def brand_number(self, number: int) -> int:
        """The brand of company `number`: accounts are 0.., companies of leads come after."""
        tier, plain = divmod(number % N_BRANDS, N_BASE)
        return tier * N_BASE + (plain * self.brand_step + self.brand_offset) % N_BASE

    def lead_company(self, rng: random.Random) -> Company:
        """A company that is not an account (while the names last)."""
        low, high = self.lead_brands
        return self.company(self.brand_number(low + below(rng, high - low)))

    def company(self, brand: int) -> Company:
        found = self._companies.get(brand)
        if found is None:
            name, industry = brand_name(brand)
            found = make_company(seeded(self.seed, TAG_COMPANY, brand), name, industry)
            _keep(self._companies, brand, found, _CACHE["company"])
        return found

    # ---- cores -----------------------------------------------------------------------
    def account(self, index: int) -> AccountCore:
        found = self._accounts.get(index)
        if found is not None:
            return found
        rng = seeded(self.seed, TAG_ACCOUNT, index)
        if index < HIERARCHY_SIZE and self.accounts >= HIERARCHY_SIZE:
            prefix = vocab.BRAND_PREFIXES[self.brand_number(0) % N_BASE // N_CORES]
            part, iso = vocab.HIERARCHY_PARTS[index]
            company = make_company(rng, f"{prefix} {part}", "Manufacturing", iso)
            size = (12_000, 5_000, 3_000, 800, 600, 250)[index]  # the parent is the largest
            company = replace(company, employees=size, revenue=float(size * 210_000))
            kind = "Customer - Direct"
        else:
            name, industry = brand_name(self.brand_number(index))
            company = make_company(rng, name, industry)
            kind = pick(rng, TYPE_BAG)
        created = START + int(rng.random() ** 1.3 * (REFERENCE - START - 60 * DAY))
        found = AccountCore(
            index, record_id("Account", index), company, kind, created, self.owner(rng)
        )
        _keep(self._accounts, index, found, _CACHE["account"])
        return found

    def account_of_contact(self, contact: int) -> int:
        return bisect_right(self.contact_start, contact) - 1

    def contact(
        self, index: int, account: AccountCore | None = None, rng: random.Random | None = None
    ) -> ContactCore:
        """A contact's core: from its own seeded stream, or from `rng` for a contact that no
        lead refers to (which saves seeding a stream per contact)."""
        if account is None:
            account = self.account(self.account_of_contact(index))
        company = account.company
        rng = rng or seeded(self.seed, TAG_CONTACT, index)
        random_ = rng.random
        who = person(rng, company.iso)
        city, street, postal = company.city, company.street, company.postal
        if random_() < 0.2:  # works at another office
            city = pick_city(rng, company.iso)
            street = geo.street_line(rng, geo.COUNTRIES[company.iso])
            postal = geo.postal_code(rng, city)
        phone = phones.fixed_line(rng, company.iso, city)
        cell = phones.mobile(rng, company.iso, city) if random_() < 0.45 else None
        created = account.created + int(random_() * (REFERENCE - account.created))
        return ContactCore(
            index,
            record_id("Contact", index),
            account.index,
            who,
            email_address(who.first, who.last, company.pattern, company.domain),
            phone,
            phones.write(rng, phone, 0.2),
            cell,
            phones.write(rng, cell, 0.3, True) if cell else "",
            street,
            city,
            postal,
            company.iso,
            created,
            pick(rng, _LEAD_SOURCE_BAG),
        )

    def opportunity(self, index: int, account: AccountCore) -> OpportunityCore:
        rng = seeded(self.seed, TAG_OPPORTUNITY, index)
        random_ = rng.random
        first, end = self.contact_start[account.index], self.contact_start[account.index + 1]
        contact_id = record_id("Contact", between(rng, first, end - 1)) if end > first else ""
        customer = account.type.startswith("Customer")
        roll = rng.random()
        if roll < (0.45 if customer else 0.1):
            stage, probability, forecast = vocab.STAGES[8]  # Closed Won
        elif roll < (0.6 if customer else 0.45):
            stage, probability, forecast = vocab.STAGES[9]  # Closed Lost
        else:
            stage, probability, forecast = pick(rng, _OPEN_STAGES)
        closed = stage.startswith("Closed")
        created = max(account.created, REFERENCE - int(rng.random() ** 0.8 * 5 * 365 * DAY))
        if closed:
            close = min(created + between(rng, 14, 240) * DAY, REFERENCE - DAY)
        else:
            if created < REFERENCE - 400 * DAY:  # open deals are younger
                created = max(account.created, REFERENCE - int(random_() * 400 * DAY))
            close = REFERENCE + between(rng, -45, 270) * DAY
        return OpportunityCore(
            index,
            record_id("Opportunity", index),
            account.index,
            contact_id,
            stage,
            probability,
            forecast,
            float(round(10 ** rng.uniform(3.5, 6.3), -2)),
            close,
            created,
            "New Customer" if not customer else pick(rng, vocab.OPPORTUNITY_TYPES[1:]),
            pick(rng, _LEAD_SOURCE_BAG),
        )

    def account_status(self, index: int) -> tuple[bool, bool]:
        """(is a customer, has an open opportunity) of an account."""
        account = self.account(index)
        won = is_open = False
        for k in range(self.opportunity_start[index], self.opportunity_start[index + 1]):
            stage = self.opportunity(k, account).stage
            won = won or stage == "Closed Won"
            is_open = is_open or not stage.startswith("Closed")
        return account.type.startswith("Customer") or won, is_open


def _keep(
    cache: dict[int, AccountCore] | dict[int, Company], key: int, value: object, size: int
) -> None:
    """Remember a value, forgetting the oldest once the cache is full."""
    if len(cache) >= size:
        del cache[next(iter(cache))]
    cache[key] = value  # type: ignore[assignment]


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1
