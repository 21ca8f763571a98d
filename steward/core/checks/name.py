"""The name check: does the lead name a real person, and is the name written well?

A steward needs to know three different things: the name is fake (FAIL, nobody to call), the
name is a role such as "Accounts Payable" (WARN, a real mailbox but not a person), or the name
is real but badly typed (WARN with a one-click fix). Everything else, in any script, passes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nameparser import HumanName
from nameparser.config import CONSTANTS
from nameparser.config.maiden_markers import MAIDEN_MARKERS

from steward.core.checks.result import CheckResult, Fix, Status
from steward.core.checks.roles import role_local_part, role_name
from steward.core.normalize import fold

CHECK = "name"
# Longer than any real name; also keeps the parser and regexes away from pathological input.
_MAX_LENGTH = 200

# Whole names (folded) that are placeholders typed to get past a required field.
_FAKE_NAMES = frozenset(
    {
        "john doe",
        "jane doe",
        "joe bloggs",
        "mickey mouse",
        "minnie mouse",
        "donald duck",
        "first last",
        "firstname lastname",
        "first name last name",
        "fname lname",
        "no name",
        "max mustermann",
        "erika mustermann",
    }
)
# Words that make a name fake wherever they appear.
_FAKE_WORDS = frozenset(
    {
        "test",
        "tester",
        "testing",
        "asdf",
        "qwerty",
        "n/a",
        "unknown",
        "none",
        "null",
        "nil",
        "xxx",
        "dummy",
        "fake",
        "noname",
        "tbd",
        "tba",
        "sample",
        "anonymous",
        "undefined",
        "firstname",
        "lastname",
    }
)
# Words that are only placeholders when the whole name is made of them: "Na" is also a real
# Korean surname, "X" a real initial.
_WEAK_FAKE_WORDS = frozenset({"na", "n.a.", "n.a", "x", "no", "name", "first", "last", "nn"})

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYBOARD_RUN = 4
# Four-key runs that are also syllables of real surnames: Doherty, Ewert, Trewin. They count
# only inside a five-key run ("qwert", "werty").
_NAME_SYLLABLES = frozenset({"erty", "wert", "trew"})


def _runs(length: int) -> set[str]:
    return {
        row[i : i + length][::step]
        for row in _KEYBOARD_ROWS
        for i in range(len(row) - length + 1)
        for step in (1, -1)
    }


_KEYBOARD_RUNS = tuple(sorted((_runs(_KEYBOARD_RUN) - _NAME_SYLLABLES) | _runs(5)))
# Generational suffixes: "III" is not a letter typed three times, and stays upper case.
_ROMAN_NUMERALS = frozenset({"ii", "iii", "iv", "vi", "vii", "viii"})
_TRIPLE_LETTER_RE = re.compile(r"(\w)\1\1")

# Apostrophes and the like used inside real names: O'Brien, Hawaiʻi, Catalan l·l.
_NAME_PUNCTUATION = frozenset("'’ʼʻ`´-‐‑.,·")

_LEGAL_SUFFIXES = frozenset(
    {
        "inc",
        "llc",
        "llp",
        "ltd",
        "limited",
        "gmbh",
        "corp",
        "corporation",
        "incorporated",
        "plc",
        "sarl",
        "srl",
        "pty",
        "bv",
        "kgaa",
        "ohg",
        "spa",
        "oyj",
    }
)

# Lower-case particles that stay lower case inside a surname: "van der Berg", "de la Cruz".
_PARTICLES = frozenset(
    {"van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "do", "du", "la", "le"}
    | {"von", "zu", "ter", "ten", "y", "e", "bin", "binti", "ibn", "dei", "des", "het", "vom"}
)
# Mac names that keep the capital after "Mac"; "Machado" or "Macy" must not become "MacHado".
_MAC_NAMES = frozenset(
    {
        "macdonald",
        "macarthur",
        "mackenzie",
        "maclean",
        "macleod",
        "macmillan",
        "macgregor",
        "macneil",
        "macpherson",
        "maccarthy",
        "mackay",
        "maclaren",
        "macintyre",
        "macdougall",
        "macfarlane",
        "macintosh",
        "mackinnon",
        "maclachlan",
    }
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common given names across cultures (folded). Used only to spot first and last swapped, so a
# name missing here costs a missed hint, never a false alarm on its own. Names that are as
# often surnames (Chen, Ho, Min, Young) are left out, so "Kin Ho" is not called swapped.
_GIVEN_NAMES = _word_set(
    """
 james john robert michael william david richard joseph thomas charles christopher daniel
 matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
 ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
 brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
 henry adam peter nathan zachary kyle walter harold jeremy ethan carl keith roger arthur
 terry sean christian austin noah lawrence jesse dylan bryan joe jordan billy bruce albert
 willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell louis bobby
 philip liam oliver harry oscar charlie leo archie freddie alfie theo mary patricia jennifer
 linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
 kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon
 laura cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha
 katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia
 julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea
 hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison
 doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie
 diana brittany natalie isabella charlotte rose alexis kayla sophie chloe lucy ella mia
 jose luis carlos jorge miguel pedro alejandro manuel francisco antonio javier rafael
 fernando ricardo eduardo roberto sergio pablo diego andres mario raul jesus alberto enrique
 guillermo hector ramon oscar rodrigo santiago mateo sebastian lucia carmen isabel ana
 pilar dolores elena marta cristina laura paula sofia valentina camila gabriela daniela
 mariana fernanda alejandra juana rosa beatriz adriana monica patricia lorena veronica
 hans klaus jurgen juergen wolfgang dieter uwe stefan andreas thomas michael frank markus
 matthias tobias florian lukas felix maximilian jonas moritz niklas fabian sebastian
 christoph heinz gunter gerhard helmut horst manfred karl ulrich bernd sabine ursula
 monika petra birgit gabriele claudia susanne andrea katrin anja silke heike stefanie julia
 lena leonie hanna johanna lea marie ute ingrid renate brigitte jutta
 pierre jean jacques michel philippe alain nicolas francois rene louis bernard christophe
 patrick olivier julien thierry laurent sebastien guillaume antoine mathieu yves emile
 marie nathalie isabelle sylvie catherine francoise monique valerie sandrine celine aurelie
 camille manon chloe amelie juliette margaux helene genevieve brigitte
 giuseppe giovanni francesco antonio mario luigi paolo marco andrea alessandro roberto
 stefano luca matteo lorenzo davide riccardo simone massimo fabio salvatore vincenzo
 giorgio maurizio angelo pietro federico emanuele giulia francesca chiara alessandra
 federica silvia elisa valentina martina sara giorgia paola rosa anna lucia
 rahul amit raj rajesh suresh ramesh sunil anil vijay sanjay ajay arun vikram vivek deepak
 manoj ravi krishna arjun rohan aditya karan nikhil pradeep ashok mahesh ganesh srinivas
 venkat prakash harish santosh priya pooja neha anjali divya kavita sunita anita lakshmi
 deepika shreya swati aishwarya meera sneha rekha asha geeta nisha ritu shalini
 wei jing xiu xiaoming jian lei ying hui xin ming tao qiang jie
 mei ping yun hao xiaoling haoran zihan yichen yuxuan
 hiroshi takashi kenji akira takeshi haruto yuki hiroki kazuki daiki satoshi kenta shota
 yuto sota ren riku daisuke taro ichiro yoko keiko yuko akiko tomoko naoko yumi sakura
 yui hina aoi haruka misaki ayumi emi mai
 mohammed muhammad mohamed ahmed ahmad omar yusuf youssef khalid
 abdullah mahmoud mustafa karim tariq samir walid faisal hamza bilal fatima aisha
 maryam zainab khadija layla leila nour noor amira yasmin salma huda rania samira
 ivan dmitri dmitry sergei sergey alexei alexey vladimir andrei nikolai mikhail olga
 natalia tatiana irina svetlana ekaterina anastasia elena yulia
 jan piotr krzysztof tomasz pawel marcin michal lukasz katarzyna agnieszka malgorzata
 joao pedro tiago rui miguel bruno ines beatriz
 lars erik anders johan mikael nils sven per karin ingrid astrid kerstin
 ji hyun soo hye eun
 """
)


def check_name(
    first: str | None,
    last: str | None,
    *,
    company: str | None = None,
    email: str | None = None,
    salutation: str | None = None,
) -> CheckResult:
    """Judge the lead's FirstName and LastName (with Company and Email as context)."""
    first_text = " ".join((first or "").split())
    last_text = " ".join((last or "").split())
    whole = f"{first_text} {last_text}".strip()
    if not whole:
        return _no_name(email)
    if len(whole) > _MAX_LENGTH:
        return CheckResult(CHECK, Status.FAIL, f"Too long to be a name ({len(whole)} characters)")
    details = _parse(whole, salutation)
    for verdict in (
        # The company test comes first: "Smith & Sons Ltd" is a company before it is symbols.
        _company(whole, company),
        _garbage(first_text, last_text, whole),
        _persona(whole),
        _swapped(first_text, last_text),
        _casing(first_text, last_text),
    ):
        if verdict is not None:
            return CheckResult(
                CHECK, verdict.status, verdict.evidence, verdict.fix, details | verdict.details
            )
    return CheckResult(CHECK, Status.PASS, f"Real-looking name: {_shown(details)}", None, details)


def _no_name(email: str | None) -> CheckResult:
    # No name but a role mailbox: the record is a known persona, which says more than "empty".
    local = email.rsplit("@", 1)[0] if email and "@" in email else ""
    role = role_local_part(local)
    if role:
        return CheckResult(
            CHECK, Status.WARN, f"A role ({role}@), not a person", None, {"persona": "yes"}
        )
    return CheckResult(CHECK, Status.UNKNOWN, "No name")


# (title, first, middle, last, suffix), as nameparser's HumanName reads them.
_Parts = tuple[str, str, str, str, str]


def _parse(whole: str, salutation: str | None) -> dict[str, str]:
    """The parsed parts for the screen; the verdict never depends on them."""
    parsed_title, first, middle, last, suffix = _parts(whole)
    title = " ".join((salutation or "").split()) or parsed_title
    return {"title": title, "first": first, "middle": middle, "last": last, "suffix": suffix}


# Names repeat in a CRM (and in every re-check of the same leads). The parts are a pure
# function of the text, and a fresh dict is built from the cached tuple on every call.
@lru_cache(maxsize=8192)
def _parts(whole: str) -> _Parts:
    fast = _plain_parts(whole)
    return fast if fast is not None else _human_name_parts(whole)


def _human_name_parts(whole: str) -> _Parts:
    parsed = HumanName(whole)
    return (parsed.title, parsed.first, parsed.middle, parsed.last, parsed.suffix)


def _fold(word: str) -> str:
    """A word as nameparser looks it up in its word lists: lower case, composed."""
    lower = word.lower()
    return lower if lower.isascii() else unicodedata.normalize("NFC", lower)


# Every word nameparser reads as something other than a plain name word: titles ("Dr",
# "King"), post-nominals and generations ("Jr", "MA", "Abc"), particles ("van", "de"),
# connectives ("y", "and"), bound given names ("Abdul"), maiden markers ("née"). Stored as
# nameparser stores them: lower case, no edge dots (a plain token has no dots at all).
_PARSER_WORDS = frozenset(
    word.strip(".")
    for words in (
        CONSTANTS.titles,
        CONSTANTS.first_name_titles,
        CONSTANTS.suffix_acronyms,
        CONSTANTS.suffix_acronyms_ambiguous,
        CONSTANTS.suffix_not_acronyms,
        CONSTANTS.prefixes,
        CONSTANTS.non_first_name_prefixes,
        CONSTANTS.conjunctions,
        CONSTANTS.bound_first_names,
        MAIDEN_MARKERS,
    )
    for entry in words
    for word in _fold(str(entry)).split()
)
# nameparser reads these shapes as generations even when unlisted ("John Vi" -> suffix Vi).
# Its own pattern and flags, matched on the word as written: the flag lets Turkish dotted and
# dotless capitals count ("İV"), which lower-casing first would lose.
_ROMAN_NUMERAL_RE = re.compile(r"^(X|IX|IV|V?I{0,3})$", re.IGNORECASE)
# A plain name word: letters, joined by inner hyphens or apostrophes (Jean-Luc, O'Brien).
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _plain_parts(whole: str) -> _Parts | None:
    """The parts of a plain two-word Latin-script name ("Maria Lopez"), without nameparser.

    Such a name is given name then family name, which is what nameparser says too; the
    equivalence is tested against it. None for anything else: more or fewer words, other
    scripts (nameparser reorders Han and splits Hangul), or a word it has a special reading for.
    """
    words = whole.split(" ")
    if len(words) != 2:
        return None
    if not whole.isascii() and not _latin(whole):
        return None
    for word in words:
        if _PLAIN_WORD_RE.fullmatch(word) is None:
            return None
        if _fold(word) in _PARSER_WORDS or _ROMAN_NUMERAL_RE.fullmatch(word) is not None:
            return None
    return ("", words[0], "", words[1], "")


def _latin(text: str) -> bool:
    """Every letter is a composed Latin letter (precomposed, so nameparser's NFC is a no-op)."""
    return unicodedata.is_normalized("NFC", text) and all(
        char.isascii() or char == "’" or unicodedata.name(char, "").startswith("LATIN ")
        for char in text
    )


def _shown(details: dict[str, str]) -> str:
    parts = (details[k] for k in ("title", "first", "middle", "last", "suffix"))
    return " ".join(p for p in parts if p)


def is_placeholder_name(first: str | None, last: str | None, *, weak: bool = True) -> bool:
    """The quick test matching uses: a name made of placeholder words ('Test Lead', 'N/A') or
    of tripled letters ('Aaa Bbb'): such names are evidence of nothing. Without weak, words
    that are placeholders only when the whole name is made of them ('Na') do not count: for
    testing one part of a name on its own."""
    folded = fold(f"{first or ''} {last or ''}")
    words = folded.split()
    if not words:
        return False
    return (
        folded in _FAKE_NAMES
        or any(w.strip(".,") in _FAKE_WORDS for w in words)
        or (weak and all(w in _WEAK_FAKE_WORDS for w in words))
        or _TRIPLE_LETTER_RE.search(folded) is not None
    )


def is_placeholder_pair(first: str, last: str) -> bool:
    """is_placeholder_name(first, last) (weak), from what each part says on its own, which
    is remembered: an import asks about a million pairs but only thousands of first and last
    names, and the whole test on each pair took 1.5 s a million."""
    first_words, first_fake, first_weak = _part_flags(first)
    last_words, last_fake, last_weak = _part_flags(last)
    if not first_words and not last_words:
        return False
    return (
        first_fake
        or last_fake
        or (first_weak and last_weak)
        or " ".join(first_words + last_words) in _FAKE_NAMES
    )


@lru_cache(maxsize=65536)
def _part_flags(part: str) -> tuple[tuple[str, ...], bool, bool]:
    """(folded words, a placeholder word or a tripled letter, every word a weak one). A
    tripled letter never spans the space between two parts, so per part is enough."""
    folded = fold(part)
    words = tuple(folded.split())
    fake = any(w.strip(".,") in _FAKE_WORDS for w in words)
    return (
        words,
        fake or _TRIPLE_LETTER_RE.search(folded) is not None,
        all(w in _WEAK_FAKE_WORDS for w in words),
    )


def _fail(evidence: str) -> CheckResult:
    return CheckResult(CHECK, Status.FAIL, evidence)


def _garbage(first: str, last: str, whole: str) -> CheckResult | None:
    """A FAIL for names nobody is called: placeholders, key mashing, digits, symbols."""
    folded = fold(whole)
    words = folded.split()
    if folded in _FAKE_NAMES:
        return _fail(f"Placeholder name ({whole})")
    fake = next((w for w in words if w.strip(".,") in _FAKE_WORDS), None)
    if fake is not None:
        return _fail(f"Placeholder name ({fake})")
    if all(w in _WEAK_FAKE_WORDS for w in words):
        return _fail(f"Placeholder name ({whole})")
    bad = _bad_character(whole)
    if bad is not None:
        return _fail(bad)
    if not any(unicodedata.category(c)[0] == "L" for c in whole):
        return _fail(f"No letters in the name ({whole})")
    run = next((r for w in words for r in _KEYBOARD_RUNS if r in w), None)
    if run is not None:
        return _fail(f"Keyboard mashing ({run})")
    plain = " ".join(w for w in words if w.strip(".,") not in _ROMAN_NUMERALS)
    triple = _TRIPLE_LETTER_RE.search(plain)
    if triple is not None:
        return _fail(f"The same letter three times ({triple.group(0)})")
    if _is_single_letter(last):
        return _fail(f"A single letter as the last name ({last})")
    return None


def _bad_character(whole: str) -> str | None:
    """Evidence naming the first digit, control character or symbol in the name."""
    for char in whole:
        category = unicodedata.category(char)
        if category == "Nd" or char.isdigit():
            return f"Digits in a name ({char})"
        if category[0] == "C":
            return f"A control character in the name (U+{ord(char):04X})"
        if category[0] in "LM" or char == " " or char in _NAME_PUNCTUATION:
            continue
        return f"Emoji or symbols in a name ({char})"
    return None


def _is_single_letter(last: str) -> bool:
    # One CJK character is a whole surname (李, 王); one Latin or Cyrillic letter is an initial.
    letter = last.strip(".")
    if len(letter) != 1 or not letter.isalpha():
        return False
    script = unicodedata.name(letter, "")
    return not script.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))


def _company(whole: str, company: str | None) -> CheckResult | None:
    """A FAIL when the company's name was typed as the person's."""
    words = [w.replace(".", "") for w in fold(whole).split()]
    suffix = next((w for w in words if w in _LEGAL_SUFFIXES), None)
    if suffix is not None:
        return _fail(f"Looks like a company, not a person (legal form {suffix})")
    core = _company_core(company)
    if core and _contains_words(" ".join(words), core):
        return _fail(f"Looks like a company, not a person (same as Company {company!r})")
    return None


def _company_core(company: str | None) -> str:
    """The company's folded name without its legal form: 'Acme Corp.' -> 'acme'."""
    words = [w.replace(".", "").strip(",") for w in fold(company).split()]
    while words and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _contains_words(text: str, part: str) -> bool:
    return f" {part} " in f" {text} "


def _persona(whole: str) -> CheckResult | None:
    role = role_name(whole)
    if not role:
        return None
    return CheckResult(
        CHECK, Status.WARN, f"A role ({whole}), not a person", None, {"persona": "yes"}
    )


def _swapped(first: str, last: str) -> CheckResult | None:
    """A WARN with a fix when the given name sits in LastName."""
    if first and last and _is_given(last) and not _is_given(first):
        return CheckResult(
            CHECK,
            Status.WARN,
            f"First and last name look swapped ({last} is a given name)",
            Fix("Swap first and last name", {"FirstName": last, "LastName": first}),
        )
    words = last.split()
    if not first and len(words) >= 2 and _is_given(words[0]):
        rest = " ".join(words[1:])
        return CheckResult(
            CHECK,
            Status.WARN,
            "The whole name is in LastName",
            Fix("Split the name", {"FirstName": words[0], "LastName": rest}),
        )
    return None


def _is_given(name: str) -> bool:
    return fold(name) in _GIVEN_NAMES


def _casing(first: str, last: str) -> CheckResult | None:
    """A WARN with a fix for names typed in all capitals or all lower case."""
    whole = f"{first} {last}"
    cased = [c for c in whole if c.isupper() or c.islower()]
    if len(cased) < 2:
        return None  # CJK, Arabic and single initials have no case to get wrong
    if whole == whole.upper():
        how = "all capitals"
    elif whole == whole.lower():
        how = "all lower case"
    else:
        return None
    values = {"FirstName": proper_case(first), "LastName": proper_case(last)}
    values = {k: v for k, v in values.items() if v}
    return CheckResult(CHECK, Status.WARN, f"Name in {how}", Fix(label="Fix casing", values=values))


def proper_case(name: str) -> str:
    """'o'brien' -> "O'Brien", 'van der berg' -> 'van der Berg', 'jean-luc' -> 'Jean-Luc'."""
    words = name.split()
    cased = []
    for index, word in enumerate(words):
        # A particle stays lower case unless it is the only or the last word ("Van" alone).
        if word.lower() in _PARTICLES and index < len(words) - 1:
            cased.append(word.lower())
        else:
            cased.append("-".join(_case_part(part) for part in word.split("-")))
    return " ".join(cased)


def _case_part(part: str) -> str:
    lower = part.lower()
    if not lower:
        return lower
    if lower.strip(".,") in _ROMAN_NUMERALS:
        return part.upper()
    for mark in "'’ʼ":
        head, sep, tail = lower.partition(mark)
        if sep and len(head) == 1 and tail:  # O'Brien, D'Angelo
            return head.upper() + sep + _case_part(tail)
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2].upper() + lower[3:]
    if lower in _MAC_NAMES:
        return "Mac" + lower[3].upper() + lower[4:]
    return lower[0].upper() + lower[1:]
