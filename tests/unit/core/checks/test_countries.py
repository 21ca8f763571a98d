from __future__ import annotations

import pytest

from steward.core.checks.countries import Country, adjective, resolve_country


@pytest.mark.parametrize(
    ("text", "alpha_2"),
    [
        ("USA", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("US", "US"),
        ("us", "US"),
        ("United States of America", "US"),
        ("united states", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Northern Ireland", "GB"),
        ("GBR", "GB"),
        ("Deutschland", "DE"),
        ("DEUTSCHLAND", "DE"),
        ("Allemagne", "DE"),
        ("DEU", "DE"),
        ("España", "ES"),
        ("Espana", "ES"),
        ("Italia", "IT"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Svizzera", "CH"),
        ("Österreich", "AT"),
        ("Osterreich", "AT"),
        ("Nederland", "NL"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("België", "BE"),
        ("Belgique", "BE"),
        ("Brasil", "BR"),
        ("México", "MX"),
        ("Sverige", "SE"),
        ("Norge", "NO"),
        ("Danmark", "DK"),
        ("Suomi", "FI"),
        ("Polska", "PL"),
        ("Česko", "CZ"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("UAE", "AE"),
        ("United Arab Emirates", "AE"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Nippon", "JP"),
        ("日本", "JP"),
        ("Japan", "JP"),
        ("中国", "CN"),
        ("PRC", "CN"),
        ("China", "CN"),
        ("Hong Kong", "HK"),
        ("Taiwan", "TW"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("India", "IN"),
        ("IN", "IN"),
        ("Australia", "AU"),
        ("Canada", "CA"),
        ("France", "FR"),
        ("Bolivia", "BO"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("  germany  ", "DE"),
        ("Germnay", "DE"),  # one typo, one country it can be
        ("Untied States", "US"),
        ("🇩🇪", "DE"),
    ],
)
def test_resolves_what_people_type(text: str, alpha_2: str) -> None:
    country = resolve_country(text)
    assert country is not None, text
    assert country.alpha_2 == alpha_2


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Deutschland", "Germany"),
        ("USA", "United States"),
        ("UK", "United Kingdom"),
        ("Korea, Republic of", "South Korea"),
        ("Russian Federation", "Russia"),
        ("Czech Republic", "Czechia"),
        ("Taiwan, Province of China", "Taiwan"),
    ],
)
def test_canonical_english_name(text: str, name: str) -> None:
    country = resolve_country(text)
    assert country is not None
    assert country.name == name


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Narnia",
        "Atlantis",
        "XX",
        "ZZZ",
        "n/a",
        "-",
        "?",
        "😀",
        "🙂🙂",
        "\x00\x01\x02",
        "\t\n\r",
        "x" * 10_000,
        "Germany" * 1_000,
        "Virgin Islands",  # British or US: not guessed
        "Republic of China",  # Taiwan or the PRC: not guessed
    ],
)
def test_garbage_and_ambiguity_resolve_to_none(text: str | None) -> None:
    assert resolve_country(text) is None


def test_short_words_are_not_fuzzy_matched() -> None:
    # 'Iran' and 'Iraq' are one letter apart: short names must match exactly.
    assert resolve_country("Iraq") == Country("IQ", "Iraq")
    assert resolve_country("Irak") is None


def test_lookups_are_cached() -> None:
    resolve_country.cache_clear()
    for _ in range(1000):
        resolve_country("Deutschland")
    info = resolve_country.cache_info()
    assert info.misses == 1
    assert info.hits == 999


def test_adjective() -> None:
    assert adjective("DE") == "German"
    assert adjective("IT") == "Italian"
    assert adjective("ZZ") is None
