"""The name check, on names stewards meet: real ones in many scripts, fakes, roles, typos."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from steward.core.checks import name as name_check
from steward.core.checks.name import (
    _human_name_parts,
    _parse,
    _parts,
    _plain_parts,
    check_name,
    is_placeholder_name,
    is_placeholder_pair,
    proper_case,
)
from steward.core.checks.result import CheckResult, Fix, Status


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("José", "García"),
        ("Zoë", "Müller"),
        ("Łukasz", "Żółć"),
        ("Văn An", "Nguyễn"),
        ("伟", "李"),
        ("太郎", "山田"),
        ("Sean", "O'Brien"),
        ("Sean", "O’Brien"),
        ("Jean-Luc", "Picard"),
        ("Wei", "Ng"),
        ("Mei", "Li"),
        ("Jun", "Wu"),
        ("Kin", "Ho"),
        ("Xin", "Yu"),
        ("Long", "Ma"),
        ("Maria", "de la Cruz"),
        ("Seán", "Ó Súilleabháin"),
        ("Omar", "Al-Hassan"),
        ("Иван", "Петров"),
        ("Наталья", "Смирнова"),
        ("محمد", "علي"),
        ("Ji-woo", "Kim"),
        ("민준", "김"),
        ("Ana", "dos Santos"),
        ("Dirk", "van der Berg"),
        ("Ronald", "McDonald"),
        ("Siobhán", "Ní Bhriain"),
        ("J.", "Smith"),
        ("Mary Ann", "Smith-Jones"),
        ("Björk", "Guðmundsdóttir"),
        ("Søren", "Kierkegaard"),
        ("Keʻalohi", "Kahananui"),
        ("Πέτρος", "Παπαδόπουλος"),
        ("", "Ng"),
        (None, "García"),
        ("", "李 伟"),
        ("李 伟", ""),
        ("Patrick", "Doherty"),
        ("Jan", "Ewert"),
        ("Anne", "Trewin"),
        ("Mary", "Liberty"),
        ("John", "Smith III"),
        ("Jonas", "Dfield"),
    ],
)
def test_real_names_from_everywhere_pass(first: str | None, last: str) -> None:
    result = check_name(first, last)

    assert result.status is Status.PASS, result.evidence
    assert result.check == "name"
    assert result.evidence.startswith("Real-looking name: ")
    assert result.fix is None


def test_the_parsed_parts_are_in_the_details() -> None:
    result = check_name("Jean Luc", "Picard Jr.", salutation="Dr.")

    assert result.status is Status.PASS
    assert result.details["title"] == "Dr."
    assert result.details["first"] == "Jean"
    assert result.details["middle"] == "Luc"
    assert result.details["last"] == "Picard"
    assert result.details["suffix"] == "Jr."
    assert result.evidence == "Real-looking name: Dr. Jean Luc Picard Jr."


@pytest.mark.parametrize(("first", "last"), [(None, None), ("", ""), ("   ", "\t\n"), (" ", None)])
def test_no_name_is_unknown(first: str | None, last: str | None) -> None:
    assert check_name(first, last) == CheckResult("name", Status.UNKNOWN, "No name")


@pytest.mark.parametrize(
    ("first", "last", "evidence_part"),
    [
        ("Test", "Test", "Placeholder"),
        ("John", "Test", "Placeholder"),
        ("asdf", "Smith", "asdf"),
        ("Qwerty", "Jones", "qwerty"),
        ("", "N/A", "Placeholder"),
        ("NA", "NA", "Placeholder"),
        ("None", "Smith", "Placeholder"),
        ("Unknown", "Unknown", "Placeholder"),
        ("", "xxx", "Placeholder"),
        ("John", "Doe", "Placeholder"),
        ("jane", "doe", "Placeholder"),
        ("Mickey", "Mouse", "Placeholder"),
        ("Donald", "Duck", "Placeholder"),
        ("First", "Last", "Placeholder"),
        ("Firstname", "Lastname", "Placeholder"),
        ("Zxcv", "Brown", "Keyboard"),
        ("hjkl", "Brown", "Keyboard"),
        ("Sdfg", "Brown", "Keyboard"),
        ("Ann", "Poiuy", "Keyboard"),
        ("Qwert", "Jones", "Keyboard"),
        ("Ann", "Werty", "Keyboard"),
        ("Aaa", "Smith", "same letter"),
        ("John", "Smiiith", "same letter"),
        ("J0hn", "Smith", "Digits"),
        ("John", "Smith 2", "Digits"),
        ("John", "١٢٣", "Digits"),
        ("John", "S", "single letter"),
        ("John", "S.", "single letter"),
        ("John", "😀", "Emoji or symbols"),
        ("John 🙂", "Smith", "Emoji or symbols"),
        ("John", "Smith#", "Emoji or symbols"),
        ("John", "Sm@th", "Emoji or symbols"),
        ("Jo\x00hn", "Smith", "control character"),
        ("John", "Smi\u200bth", "control character"),
    ],
)
def test_fake_names_fail_and_say_why(first: str, last: str, evidence_part: str) -> None:
    result = check_name(first, last)

    assert result.status is Status.FAIL
    assert evidence_part.lower() in result.evidence.lower()
    assert result.details.get("persona") != "yes"


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Accounts", "Payable"),
        ("", "Accounts Payable"),
        ("Sales", "Team"),
        ("", "Info"),
        ("", "Support"),
        ("Purchasing", "Department"),
        (None, "Marketing"),
        ("", "Admin"),
        ("Office", "Manager"),
        ("The", "Billing Team"),
        ("Customer", "Service"),
    ],
)
def test_role_personas_warn_as_personas_not_fakes(first: str | None, last: str) -> None:
    result = check_name(first, last)

    assert result.status is Status.WARN
    assert result.details["persona"] == "yes"
    assert "not a person" in result.evidence
    assert result.evidence.startswith("A role (")


@pytest.mark.parametrize(
    "email", ["info@acme.com", "Sales@acme.com", "no-reply@acme.com", "accounts.payable@acme.com"]
)
def test_no_name_with_a_role_mailbox_is_a_persona(email: str) -> None:
    result = check_name(None, "", email=email)

    assert result.status is Status.WARN
    assert result.details == {"persona": "yes"}
    assert result.evidence.startswith("A role (")


def test_a_real_person_at_a_role_mailbox_is_still_a_person() -> None:
    result = check_name("Maria", "Lopez", email="info@acme.com")

    assert result.status is Status.PASS
    assert "persona" not in result.details


def test_no_name_with_a_personal_mailbox_stays_unknown() -> None:
    assert check_name("", "", email="maria.lopez@acme.com").status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("first", "last", "fixed"),
    [
        ("JOHN", "SMITH", {"FirstName": "John", "LastName": "Smith"}),
        ("john", "smith", {"FirstName": "John", "LastName": "Smith"}),
        ("sean", "o'brien", {"FirstName": "Sean", "LastName": "O'Brien"}),
        ("SEAN", "O'BRIEN", {"FirstName": "Sean", "LastName": "O'Brien"}),
        ("ronald", "mcdonald", {"FirstName": "Ronald", "LastName": "McDonald"}),
        ("ian", "macdonald", {"FirstName": "Ian", "LastName": "MacDonald"}),
        ("ana", "machado", {"FirstName": "Ana", "LastName": "Machado"}),
        ("dirk", "van der berg", {"FirstName": "Dirk", "LastName": "van der Berg"}),
        ("maria", "de la cruz", {"FirstName": "Maria", "LastName": "de la Cruz"}),
        ("jean-luc", "picard", {"FirstName": "Jean-Luc", "LastName": "Picard"}),
        ("OMAR", "AL-HASSAN", {"FirstName": "Omar", "LastName": "Al-Hassan"}),
        ("ZOË", "MÜLLER", {"FirstName": "Zoë", "LastName": "Müller"}),
        ("иван", "петров", {"FirstName": "Иван", "LastName": "Петров"}),
        ("", "NG", {"LastName": "Ng"}),
        ("john", "smith iii", {"FirstName": "John", "LastName": "Smith III"}),
    ],
)
def test_all_caps_or_all_lower_names_get_a_casing_fix(
    first: str, last: str, fixed: dict[str, str]
) -> None:
    result = check_name(first, last)

    assert result.status is Status.WARN
    assert result.fix == Fix(label="Fix casing", values=fixed)


@pytest.mark.parametrize(
    ("text", "cased"),
    [
        ("d'angelo", "D'Angelo"),
        ("van", "Van"),
        ("mary-kate", "Mary-Kate"),
        ("mcdonald-smith", "McDonald-Smith"),
        ("", ""),
    ],
)
def test_proper_case(text: str, cased: str) -> None:
    assert proper_case(text) == cased


@pytest.mark.parametrize(
    ("first", "last"),
    [("Smith", "John"), ("Müller", "Hans"), ("García", "José"), ("Sharma", "Priya")],
)
def test_first_and_last_swapped_gets_a_swap_fix(first: str, last: str) -> None:
    result = check_name(first, last)

    assert result.status is Status.WARN
    assert "swapped" in result.evidence
    assert result.fix is not None
    assert result.fix.values == {"FirstName": last, "LastName": first}


def test_two_given_names_are_not_called_swapped() -> None:
    # "Thomas" is a surname too: with a given name in both fields we cannot tell, so say nothing.
    assert check_name("John", "Thomas").status is Status.PASS


@pytest.mark.parametrize(
    ("last", "first_fixed", "last_fixed"),
    [("John Smith", "John", "Smith"), ("Maria de la Cruz", "Maria", "de la Cruz")],
)
def test_whole_name_in_last_name_gets_a_split_fix(
    last: str, first_fixed: str, last_fixed: str
) -> None:
    result = check_name("", last)

    assert result.status is Status.WARN
    assert result.fix is not None
    assert result.fix.values == {"FirstName": first_fixed, "LastName": last_fixed}


@pytest.mark.parametrize(
    ("first", "last", "company"),
    [
        ("", "Acme", "Acme"),
        ("", "Acme Corp", "Acme Corp"),
        ("", "Acme", "ACME Corp."),
        ("Globex", "Corporation", None),
        ("", "Initech Inc.", None),
        ("Müller", "GmbH", None),
        ("Smith & Sons", "Ltd", None),
        ("Widgets", "LLC", "Other Name"),
        ("Acme", "Corp", "acme corp"),
    ],
)
def test_company_typed_as_person_fails(first: str, last: str, company: str | None) -> None:
    result = check_name(first, last, company=company)

    assert result.status is Status.FAIL
    assert result.evidence.startswith("Looks like a company, not a person")


def test_a_person_is_not_taken_for_an_unrelated_company() -> None:
    assert check_name("Maria", "Lopez", company="Acme Inc").status is Status.PASS


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("x" * 10_000, ""),
        ("", "y" * 10_000),
        ("\x00\x01\x02", "\x7f"),
        ("\u202e", "Smith"),
        ("🙂🙂🙂", "🙂"),
        ("\ufeff", "\ufeff"),
        ("'", "-"),
        ("...", ",,,"),
        ("<script>", "alert(1)</script>"),
        ("Robert'); DROP TABLE", "Students;--"),
        ("\ud800", "Smith"),
        ("a" * 199, "b"),
    ],
)
def test_garbage_never_raises_and_never_passes(first: str, last: str) -> None:
    result = check_name(first, last, company="\x00", email="\x00@", salutation="\x00")

    assert result.status in {Status.FAIL, Status.UNKNOWN, Status.WARN}
    assert result.status is not Status.PASS
    assert result.evidence


# -- the fast path of the parsed parts ----------------------------------------------------------
# Plain two-word names skip nameparser. These tests hold the shortcut to nameparser's own reading,
# so the details and the "Real-looking name" evidence cannot drift from what HumanName says.

_REAL_WORLD_NAMES = [
    "José García",
    "Sean O'Brien",
    "Sean O’Brien",
    "D'Angelo Russell",
    "Jean-Luc Picard",
    "Anne-Marie O’Neil",
    "Nguyen Van",
    "Van Nguyen",
    "Le Nguyen",
    "Tran Le",
    "Wang Wei",
    "Li Na",
    "Ana Lu",
    "Ma Long",
    "Kim Jong",
    "Abdul Rahman",
    "Abdul-Rahman Ali",
    "Omar al-Hassan",
    "Al-Hassan Omar",
    "Ahmad ibn-Saud",
    "Mohammed Ali",
    "Zoë Müller",
    "Łukasz Żółć",
    "Dieter Groß",
    "Đorđe Ǆokić",
    "Björk Guðmundsdóttir",
    "Søren Kierkegaard",
    "fatma aydın",
    "İsmail Yılmaz",
    "Mary Ann",
    "Jo Ann",
    "Mary King",
    "Samantha King",
    "King Kong",
    "Sir Elton",
    "Dr Smith",
    "Dr. Smith",
    "Mr Bean",
    "Prof X",
    "Judge Judy",
    "St John",
    "Mary Jr",
    "Ed Jr",
    "John Esq",
    "John MD",
    "John MA",
    "JOHN MA",
    "john ma",
    "Smith ED",
    "SMITH ED",
    "Jo Abc",
    "I Am",
    "John II",
    "John Vi",
    "John V",
    "John İV",
    "Jane née",
    "née Smith",
    "Jane Nee",
    "De Leon",
    "Del Toro",
    "van Berg",
    "van der Berg",
    "Dirk van der Berg",
    "Maria de la Cruz",
    "Maria Y",
    "Maria E",
    "Bob And",
    "A B",
    "J Smith",
    "J. Smith",
    "Smith J",
    "J K",
    "X Y",
    "JOHN SMITH",
    "john smith",
    "SEAN O'BRIEN",
    "jean-luc picard",
    "John Smith III",
    "Mary Ann Smith-Jones",
    "John Smith",
    "伟 李",
    "李 伟",
    "민준 김",
    "太郎 山田",
    "Иван Петров",
    "Πέτρος Παπαδόπουλος",
    "محمد علي",
    "Jose\u0301 Garci\u0301a",
    "Keʻalohi Kahananui",
    "Smith",
    "Ng",
]


@pytest.fixture
def cold_parse_cache() -> Iterator[None]:
    _parts.cache_clear()
    yield
    _parts.cache_clear()


@pytest.mark.parametrize("whole", _REAL_WORLD_NAMES)
def test_the_fast_path_reads_a_name_as_nameparser_does(whole: str) -> None:
    fast = _plain_parts(whole)

    if fast is not None:
        assert fast == _human_name_parts(whole)


@pytest.mark.parametrize("whole", _REAL_WORLD_NAMES)
@pytest.mark.parametrize("salutation", [None, "", "Dr.", "  Ms  "])
@pytest.mark.usefixtures("cold_parse_cache")
def test_the_details_are_nameparsers_whichever_path(whole: str, salutation: str | None) -> None:
    title, first, middle, last, suffix = _human_name_parts(whole)
    shown_title = " ".join((salutation or "").split()) or title
    expected = {"title": shown_title, "first": first, "middle": middle, "last": last}

    assert _parse(whole, salutation) == expected | {"suffix": suffix}
    assert _parse(whole, salutation) == expected | {"suffix": suffix}  # and from the cache


@pytest.mark.parametrize(
    ("whole", "fast"),
    [
        ("Maria Lopez", True),
        ("José García", True),
        ("Sean O'Brien", True),
        ("Sean O’Brien", True),
        ("Jean-Luc Picard", True),
        ("JOHN SMITH", True),
        ("john smith", True),
        ("Wei Li", True),
        ("Ana Lu", True),
        ("A B", True),
        ("fatma aydın", True),
        ("Dr Smith", False),  # a title
        ("Mary King", False),  # "King" is a title wherever it stands
        ("Mary Jr", False),  # a generation
        ("John MA", False),  # a post-nominal
        ("John Vi", False),  # a roman numeral nameparser reads as a generation
        ("John İV", False),
        ("van Berg", False),  # a particle
        ("Nguyen Van", False),
        ("Maria Y", False),  # a connective
        ("Abdul Rahman", False),  # a bound given name
        ("Jane née", False),  # a maiden marker
        ("van der Berg", False),  # three words
        ("Smith", False),
        ("J. Smith", False),  # a dot
        ("伟 李", False),  # Han: nameparser puts the family name first
        ("민준 김", False),  # Hangul: nameparser divides unspaced names
        ("Иван Петров", False),  # only Latin script takes the shortcut
        ("Jose\u0301 Garci\u0301a", False),  # decomposed accents
        ("John Smith-", False),  # a hyphen or apostrophe only inside a word
        ("O' Brien", False),
    ],
)
def test_which_names_take_the_fast_path(whole: str, fast: bool) -> None:
    assert (_plain_parts(whole) is not None) is fast


@pytest.mark.parametrize("whole", _REAL_WORLD_NAMES)
@pytest.mark.parametrize("company", [None, "Acme Inc"])
def test_the_fast_path_changes_no_verdict(
    whole: str, company: str | None, monkeypatch: pytest.MonkeyPatch, cold_parse_cache: None
) -> None:
    first, _, last = whole.partition(" ")
    fast = check_name(first, last, company=company, salutation="Dr.")
    _parts.cache_clear()
    monkeypatch.setattr(name_check, "_plain_parts", lambda _whole: None)

    assert check_name(first, last, company=company, salutation="Dr.") == fast


_LATIN_LETTERS = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Lt", "Lo"),
    max_codepoint=0x24F,  # Basic Latin to Latin Extended-B, with Latin-1's Ø, ß, þ
) | st.sampled_from("İıŁłẞŉĸ")
# Words nameparser has a reading for, so that random words also meet them, alone or joined.
_VOCABULARY_WORDS = st.sampled_from(
    [
        *("dr", "sir", "king", "st"),  # titles
        *("jr", "esq", "md", "phd", "ma", "ii", "iv", "vi", "x", "i"),  # suffixes, numerals
        *("van", "de", "del", "la", "mc", "mac", "al", "bin"),  # particles
        *("y", "e", "and", "abdul", "nee"),  # connectives, a bound given name, a maiden marker
    ]
)


@st.composite
def _name_words(draw: st.DrawFn) -> str:
    part = st.text(_LATIN_LETTERS, min_size=1, max_size=6) | _VOCABULARY_WORDS
    parts = draw(st.lists(part, min_size=1, max_size=3))
    joiners = draw(st.lists(st.sampled_from("-'’"), min_size=len(parts) - 1, max_size=2))
    word = parts[0] + "".join(j + p for j, p in zip(joiners, parts[1:], strict=False))
    cases: list[Callable[[str], str]] = [str, str.upper, str.lower, str.title, str.capitalize]
    return draw(st.sampled_from(cases))(word)


@settings(max_examples=400, deadline=None)
@given(_name_words(), _name_words())
def test_the_fast_path_agrees_with_nameparser_on_random_words(first: str, last: str) -> None:
    whole = f"{first} {last}"
    fast = _plain_parts(whole)

    if fast is not None:
        assert fast == _human_name_parts(whole)


_NAME_WORDS = st.sampled_from(
    ["", "test", "lead", "n.a.", "na", "x", "no", "name", "first", "last", "Aaa", "bbb",
     "John", "Doe", "zoë", "MÜLLER", "o'brien", "asdf", "nn", "Mary Ann", "x y", "TEST LEAD"]
)  # fmt: skip


@given(st.lists(_NAME_WORDS, max_size=3), st.lists(_NAME_WORDS, max_size=3))
@example(["John"], ["Doe"])
@example(["first", "name"], ["last", "name"])
@example(["Na"], [])
@example(["Aaa"], ["Smith"])
def test_the_pair_test_says_what_the_whole_name_test_says(
    first: list[str], last: list[str]
) -> None:
    given_name, family = " ".join(first), " ".join(last)
    assert is_placeholder_pair(given_name, family) == is_placeholder_name(given_name, family)
