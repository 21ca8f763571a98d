"""Role mailboxes and role personas: shared by the name and email checks.

A lead whose "person" is "Accounts Payable" or whose address is info@ is not fake: it is a real
mailbox of a real company, just not a person a salesperson can talk to. Both checks must agree
on what counts as a role, so the vocabulary lives here once.
"""

from __future__ import annotations

import re

from steward.core.normalize import fold

# Local parts (before any "+tag"), compared with separators removed: "no-reply" -> "noreply".
ROLE_LOCAL_PARTS: frozenset[str] = frozenset(
    [
        "info",
        "information",
        "sales",
        "support",
        "admin",
        "administrator",
        "billing",
        "accounts",
        "accountspayable",
        "accountsreceivable",
        "ap",
        "ar",
        "hr",
        "contact",
        "contactus",
        "office",
        "team",
        "hello",
        "marketing",
        "noreply",
        "donotreply",
        "mail",
        "email",
        "enquiries",
        "inquiries",
        "enquiry",
        "inquiry",
        "help",
        "helpdesk",
        "service",
        "services",
        "customerservice",
        "customercare",
        "care",
        "feedback",
        "finance",
        "invoice",
        "invoices",
        "invoicing",
        "orders",
        "order",
        "purchasing",
        "procurement",
        "reception",
        "frontdesk",
        "postmaster",
        "webmaster",
        "hostmaster",
        "abuse",
        "security",
        "it",
        "jobs",
        "careers",
        "recruiting",
        "recruitment",
        "press",
        "media",
        "pr",
        "legal",
        "compliance",
        "privacy",
        "newsletter",
        "news",
        "marketing",
        "bookings",
        "booking",
        "reservations",
        "events",
        "partners",
        "partner",
        "general",
        "mailbox",
        "operations",
        "ops",
        "tech",
        "technical",
        "dev",
        "devops",
        "root",
        "all",
        "staff",
        "everyone",
        "shop",
        "store",
    ]
)

# Words that, when they make up the whole name, describe a department or a role, not a person.
ROLE_NAME_WORDS: frozenset[str] = frozenset(
    [
        "accounts",
        "account",
        "payable",
        "receivable",
        "sales",
        "team",
        "info",
        "information",
        "support",
        "admin",
        "administrator",
        "administration",
        "billing",
        "purchasing",
        "procurement",
        "department",
        "dept",
        "marketing",
        "office",
        "manager",
        "management",
        "reception",
        "receptionist",
        "customer",
        "service",
        "services",
        "care",
        "hr",
        "human",
        "resources",
        "it",
        "helpdesk",
        "help",
        "desk",
        "finance",
        "accounting",
        "the",
        "contact",
        "enquiries",
        "inquiries",
        "general",
        "front",
        "operations",
        "owner",
        "staff",
        "webmaster",
        "postmaster",
        "orders",
        "order",
        "buyer",
        "buying",
        "and",
        "of",
        "team",
    ]
)

_SEPARATORS_RE = re.compile(r"[._\-]+")


def role_local_part(local_part: str | None) -> str:
    """The role a mailbox's local part names ("info", "sales") or '' for a personal one."""
    if not local_part:
        return ""
    base = fold(local_part.split("+", 1)[0])
    compact = _SEPARATORS_RE.sub("", base)
    if compact in ROLE_LOCAL_PARTS:
        return compact
    return ""


def role_name(name: str | None) -> str:
    """The name itself when every word of it is a role word ("Sales Team"), else ''."""
    words = _SEPARATORS_RE.sub(" ", fold(name).replace("&", " ")).split()
    # "The" or "and" alone are not a role; at least one word must carry meaning.
    meaningful = any(word not in {"the", "and", "of"} for word in words)
    if meaningful and all(word in ROLE_NAME_WORDS for word in words):
        return " ".join(words)
    return ""
