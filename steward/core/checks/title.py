"""Job titles read for seniority and department: 'SVP, Global Procurement' -> (VP, Procurement).

Word lists rather than a model: titles are short, their vocabulary is small, and a steward
must be able to see why a title was read the way it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from steward.core.normalize import fold

# Checked in order: the first level any of whose patterns appears wins.
_SENIORITY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Owner", ("owner", "founder", "co-founder", "cofounder", "proprietor", "partner")),
    ("C-level", (
        "ceo", "cfo", "cto", "cio", "coo", "cmo", "cro", "cso", "ciso", "cdo", "cpo",
        "chief", "president", "managing director", "general manager", "geschaftsfuhrer",
        "directeur general", "pdg", "amministratore delegato", "director general",
    )),
    ("VP", ("vp", "svp", "evp", "avp", "vice president", "vice-president", "head of", "head")),
    ("Director", ("director", "directeur", "direktor", "directora", "leiter", "leiterin")),
    ("Manager", ("manager", "lead", "supervisor", "team lead", "coordinator", "responsable")),
    ("Intern", ("intern", "student", "trainee", "apprentice", "werkstudent", "stagiaire")),
)  # fmt: skip
_DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Procurement", ("procurement", "purchasing", "purchase", "buyer", "sourcing", "einkauf",
                     "achats", "supply chain", "vendor")),
    ("Finance", ("finance", "financial", "cfo", "accounting", "accountant", "accounts payable",
                 "accounts receivable", "controller", "controlling", "treasury", "billing")),
    ("IT", ("it", "cio", "cto", "ciso", "information technology", "infrastructure",
            "systems", "security", "network", "devops", "data", "software", "technology")),
    ("Engineering", ("engineer", "engineering", "developer", "r&d", "research", "architect")),
    ("Sales", ("sales", "account executive", "business development", "cro", "revenue",
               "vertrieb", "commercial", "account manager")),
    ("Marketing", ("marketing", "cmo", "brand", "growth", "communications", "pr", "content")),
    ("Operations", ("operations", "coo", "logistics", "facilities", "office manager",
                    "production", "plant")),
    ("HR", ("hr", "human resources", "people", "talent", "recruiting", "recruiter",
            "personal")),
    ("Legal", ("legal", "counsel", "compliance", "attorney", "lawyer")),
    ("Customer success", ("customer success", "support", "service", "customer care")),
    ("Executive", ("ceo", "president", "owner", "founder", "managing director",
                   "general manager")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TitleReading:
    seniority: str  # "" when the title says nothing about it
    department: str

    def describe(self) -> str:
        parts = [p for p in (self.seniority, self.department) if p]
        return " in ".join(parts) if len(parts) == 2 else (parts[0] if parts else "")


def _word_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


_SENIORITY_RES = tuple((level, _word_pattern(words)) for level, words in _SENIORITY)
_DEPARTMENT_RES = tuple((name, _word_pattern(words)) for name, words in _DEPARTMENTS)


@lru_cache(maxsize=4096)
def read_title(title: str | None) -> TitleReading:
    text = fold(title)[:200]
    if not text:
        return TitleReading("", "")
    seniority = next((level for level, pattern in _SENIORITY_RES if pattern.search(text)), "")
    if not seniority and text:
        seniority = "Staff"
    department = next((name for name, pattern in _DEPARTMENT_RES if pattern.search(text)), "")
    return TitleReading(seniority, department)
