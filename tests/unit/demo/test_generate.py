"""The demo org generator: reproducible, well-formed, realistic, truthful about what it plants."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from steward.core.fields import OBJECTS, Kind
from steward.core.ids import KEY_PREFIXES, is_salesforce_id, make_id
from steward.core.values import parse_value
from steward.demo import geo
from steward.demo.generate import FILES, generate, main, write_truth
from steward.demo.model import _ID_BASE, record_id
from steward.demo.names import (
    DISPOSABLE_DOMAINS,
    JUNK_NAMES,
    NICKNAMES,
    PLACEHOLDER_DOMAINS,
    ROLE_CONTACTS,
)
from steward.demo.rows import csv_line
from steward.demo.text import ascii_fold
from steward.demo.vocab import INDUSTRIES

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "resources" / "demo"
Rows = dict[str, dict[str, str]]

# where each reference field points
TARGETS = {
    "OwnerId": "User",
    "CreatedById": "User",
    "LastModifiedById": "User",
    "ManagerId": "User",
    "AccountId": "Account",
    "ParentId": "Account",
    "ConvertedAccountId": "Account",
    "ContactId": "Contact",
    "ReportsToId": "Contact",
    "ConvertedContactId": "Contact",
    "ConvertedOpportunityId": "Opportunity",
}
OPEN = ("Open - Not Contacted", "Working - Contacted")


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The default org, generated afresh."""
    folder = tmp_path_factory.mktemp("demo")
    return folder, generate(folder)


@pytest.fixture(scope="module")
def records(org: tuple[Path, dict[str, object]]) -> dict[str, Rows]:
    folder, _ = org
    return {name: {row["Id"]: row for row in _read(folder, name)} for name in FILES}


@pytest.fixture(scope="module")
def truth(org: tuple[Path, dict[str, object]]) -> dict[str, object]:
    return org[1]


# ---- the shipped files ------------------------------------------------------------------
def test_the_shipped_files_are_what_the_generator_makes(
    org: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    folder, truth = org
    for name in FILES:
        shipped = (SHIPPED / "export" / f"{name}.csv").read_bytes()
        assert shipped == (folder / f"{name}.csv").read_bytes(), f"{name}.csv is stale"
    write_truth(tmp_path / "truth.json", truth)
    assert (SHIPPED / "truth.json").read_bytes() == (tmp_path / "truth.json").read_bytes()


def test_files_are_utf8_without_bom_with_every_value_quoted() -> None:
    for name in FILES:
        data = (SHIPPED / "export" / f"{name}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in data
        header = data.split(b"\n", 1)[0].decode("utf-8")
        assert header.startswith('"Id",') and header.endswith('"')


# ---- shape ---------------------------------------------------------------------------
def test_counts(records: dict[str, Rows]) -> None:
    sizes = {name: len(rows) for name, rows in records.items()}
    assert sizes == {
        "Account": 600,
        "Contact": 1500,
        "Lead": 2000,
        "Opportunity": 300,
        "User": 30,
    }


def test_every_typed_field_is_a_column_and_more_besides(org: tuple[Path, object]) -> None:
    extras = {
        "Lead": {"Latitude", "Longitude", "GeocodeAccuracy", "IsUnreadByOwner", "CleanStatus"},
        "Account": {"AccountNumber", "Sic", "Ownership", "TickerSymbol", "SLA__c"},
        "Contact": {"Birthdate", "AssistantName", "LinkedIn_URL__c"},
        "Opportunity": {"ForecastCategoryName", "NextStep", "Competitor__c"},
        "User": {"Alias", "TimeZoneSidKey", "LocaleSidKey", "ProfileId"},
    }
    for name in FILES:
        with (org[0] / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header[0] == "Id"
        assert len(header) == len(set(header))
        assert set(OBJECTS[name].fields) <= set(header), name
        assert extras[name] <= set(header), name


def test_typed_values_parse_as_their_kind(records: dict[str, Rows]) -> None:
    for name, rows in records.items():
        spec = OBJECTS[name]
        for row in rows.values():
            for field, kind in spec.fields.items():
                parse_value(kind, row[field])  # raises on a malformed value
                if kind is Kind.BOOL:
                    assert row[field] in ("true", "false")
                if kind is Kind.DATETIME and row[field]:
                    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", row[field])


def test_ids_are_valid_unique_and_of_their_object(records: dict[str, Rows]) -> None:
    for name, rows in records.items():
        for record_id_ in rows:
            assert is_salesforce_id(record_id_) and len(record_id_) == 18
            assert record_id_.startswith(KEY_PREFIXES[name])
    every = [i for rows in records.values() for i in rows]
    assert len(every) == len(set(every))


def test_every_reference_points_at_an_existing_record(records: dict[str, Rows]) -> None:
    checked = Counter[str]()
    for name, rows in records.items():
        for row in rows.values():
            for field, target in TARGETS.items():
                value = row.get(field, "")
                if value:
                    assert value in records[target], f"{name}.{field} = {value}"
                    checked[field] += 1
            assert row.get("MasterRecordId", "") == ""
            for field in ("UserRoleId", "ProfileId"):  # objects not in the export
                if row.get(field):
                    assert is_salesforce_id(row[field])
    assert checked["ConvertedOpportunityId"] > 20 and checked["ReportsToId"] > 50
    assert set(checked) == set(TARGETS)


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_data(tmp_path: Path) -> None:
    sizes = {"leads": 300, "accounts": 90, "contacts": 200, "opportunities": 40, "users": 6}
    first, again, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert generate(first, seed=7, **sizes) == generate(again, seed=7, **sizes)
    generate(other, seed=8, **sizes)
    for name in FILES:
        assert (first / f"{name}.csv").read_bytes() == (again / f"{name}.csv").read_bytes()
        assert (first / f"{name}.csv").read_bytes() != (other / f"{name}.csv").read_bytes()


def test_worker_processes_change_nothing(tmp_path: Path) -> None:
    sizes = {"leads": 11_000, "accounts": 2_500, "contacts": 3_000, "opportunities": 500}
    alone = generate(tmp_path / "one", seed=3, users=20, detailed_truth=False, **sizes)
    shared = generate(tmp_path / "two", seed=3, users=20, detailed_truth=False, workers=2, **sizes)
    assert alone == shared
    for name in FILES:
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (
            tmp_path / "two" / f"{name}.csv"
        ).read_bytes()


@pytest.mark.parametrize(
    "sizes",
    [
        {"leads": 10, "accounts": 3, "contacts": 2, "opportunities": 1, "users": 1},
        {"leads": 0, "accounts": 0, "contacts": 0, "opportunities": 0, "users": 1},
        {"leads": 50, "accounts": 0, "contacts": 0, "opportunities": 0, "users": 2},
    ],
)
def test_tiny_orgs(tmp_path: Path, sizes: dict[str, int]) -> None:
    generate(tmp_path, **sizes)
    for name, count in (("Lead", "leads"), ("Account", "accounts"), ("User", "users")):
        assert len(_read(tmp_path, name)) == sizes[count]


def test_impossible_sizes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="user"):
        generate(tmp_path, users=0)
    with pytest.raises(ValueError, match="account"):
        generate(tmp_path, leads=5, accounts=0, contacts=3, opportunities=0, users=1)


def test_command_line_scales_the_other_counts_with_the_leads(tmp_path: Path) -> None:
    out, truth_file = tmp_path / "org", tmp_path / "truth.json"
    assert (
        main(["--out", str(out), "--leads", "400", "--seed", "5", "--truth", str(truth_file)]) == 0
    )
    counts = {name: len(_read(out, name)) for name in FILES}
    assert counts == {"Lead": 400, "Account": 120, "Contact": 300, "Opportunity": 60, "User": 6}
    truth = json.loads(truth_file.read_text("utf-8"))
    assert truth["detailed"] is True and isinstance(truth["junk_leads"], list)
    assert main(["--out", str(out), "--leads", "400", "--users", "3", "--summary",
                 "--truth", str(truth_file)]) == 0  # fmt: skip
    summary = json.loads(truth_file.read_text("utf-8"))
    assert summary["detailed"] is False and summary["junk_leads"] == 16
    assert len(_read(out, "User")) == 3


# ---- the planted phenomena -------------------------------------------------------------
CATEGORIES = (
    "duplicate_lead_groups",
    "leads_of_existing_accounts",
    "leads_duplicating_contacts",
    "junk_leads",
    "stale_leads",
    "same_name_different_people",
    "converted_leads",
)


def _lead_ids(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    assert isinstance(entry, dict)
    return list(entry.get("lead_ids") or [entry["lead_id"]])


def test_every_category_is_planted_and_names_existing_records(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    sizes = {
        "duplicate_lead_groups": (100, 140),
        "leads_of_existing_accounts": (200, 300),
        "leads_duplicating_contacts": (80, 120),
        "junk_leads": (60, 100),
        "stale_leads": (160, 240),
        "same_name_different_people": (15, 25),
        "converted_leads": (120, 200),
    }
    planted: list[str] = []
    for key in CATEGORIES:
        entries = truth[key]
        assert isinstance(entries, list)
        low, high = sizes[key]
        assert low <= len(entries) <= high, key
        for entry in entries:
            for lead in _lead_ids(entry):
                assert lead in records["Lead"]
                planted.append(lead)
            if isinstance(entry, dict):
                for field, target in (("account_id", "Account"), ("contact_id", "Contact")):
                    if field in entry:
                        assert entry[field] in records[target]
    assert len(planted) == len(set(planted)), "a lead is planted twice"


def _similar(a: str, b: str) -> bool:
    def fold(text: str) -> str:
        return ascii_fold(text, german=False).casefold()

    return SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.75


def _same_person(lead: dict[str, str], first: str, last: str) -> bool:
    """The surname is there (give or take a typo or capitals, maybe in the first-name field),
    and the first name is the same or one of its nicknames."""
    firsts = {first, *NICKNAMES.get(first, ())}
    if _similar(lead["LastName"], last):
        return any(_similar(lead["FirstName"], name) for name in firsts)
    return _similar(lead["FirstName"], last) and any(
        _similar(lead["LastName"], name) for name in firsts
    )


def test_duplicate_groups_are_the_same_person(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    leads = records["Lead"]
    groups = truth["duplicate_lead_groups"]
    assert isinstance(groups, list)
    sizes = Counter(len(group["lead_ids"]) for group in groups)
    assert set(sizes) == {2, 3, 4}
    kinds = Counter(kind for group in groups for kinds in group["variations"] for kind in kinds)
    assert {"nickname", "surname_typo", "swapped_names", "name_case", "email"} <= set(kinds)
    assert {"phone_format", "company_spelling", "moved", "missing_fields"} <= set(kinds)
    for group in groups:
        original = leads[group["lead_ids"][0]]
        assert group["variations"][0] == []
        domain = original["Email"].rpartition("@")[2].lower()
        for lead_id, variations in zip(group["lead_ids"][1:], group["variations"][1:], strict=True):
            lead = leads[lead_id]
            assert variations, "a later member differs somehow"
            assert _same_person(lead, original["FirstName"], original["LastName"])
            shares = lead["Email"].rpartition("@")[2].lower() == domain or _similar(
                lead["Company"], original["Company"]
            )
            assert shares or "email" in variations
            if "nickname" in variations:
                assert lead["FirstName"].casefold() != original["FirstName"].casefold()


def test_leads_of_existing_accounts(truth: dict[str, object], records: dict[str, Rows]) -> None:
    leads, accounts = records["Lead"], records["Account"]
    won: set[str] = set()
    open_deal: set[str] = set()
    for opp in records["Opportunity"].values():
        if opp["StageName"] == "Closed Won":
            won.add(opp["AccountId"])
        if opp["IsClosed"] == "false":
            open_deal.add(opp["AccountId"])
    entries = truth["leads_of_existing_accounts"]
    assert isinstance(entries, list)
    for entry in entries:
        lead, account = leads[entry["lead_id"]], accounts[entry["account_id"]]
        website = account["Website"] or account["Name"]
        domain = lead["Email"].rpartition("@")[2]
        assert (domain and domain in website.lower()) or not account["Website"]
        assert entry["is_customer"] == (
            account["Type"].startswith("Customer") or account["Id"] in won
        )
        assert entry["has_open_opportunity"] == (account["Id"] in open_deal)
        assert _similar(lead["Company"].split(",")[0], account["Name"].split(",")[0]) or (
            lead["Company"].casefold().startswith(account["Name"].split(" ")[0].casefold())
        )
    assert sum(e["is_customer"] for e in entries) >= 20
    assert sum(e["has_open_opportunity"] for e in entries) >= 20
    assert sum(not e["is_customer"] and not e["has_open_opportunity"] for e in entries) >= 20


def test_leads_duplicating_contacts(truth: dict[str, object], records: dict[str, Rows]) -> None:
    leads, contacts = records["Lead"], records["Contact"]
    entries = truth["leads_duplicating_contacts"]
    assert isinstance(entries, list)
    for entry in entries:
        lead, contact = leads[entry["lead_id"]], contacts[entry["contact_id"]]
        assert contact["AccountId"] == entry["account_id"]
        assert _same_person(lead, contact["FirstName"], contact["LastName"])
        assert lead["IsConverted"] == "false"


def _fake_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    fictional = re.search(r"(^|\D)555-01\d\d$", text) is not None
    return fictional or len(set(digits)) <= 1 or digits == "1234567890"


def test_junk_leads_have_junk_values(truth: dict[str, object], records: dict[str, Rows]) -> None:
    leads = records["Lead"]
    junk_names = {(first.casefold(), last.casefold()) for first, last in JUNK_NAMES}
    junk_domains = set(DISPOSABLE_DOMAINS) | set(PLACEHOLDER_DOMAINS)
    role_locals = {local for local, _ in ROLE_CONTACTS}
    entries = truth["junk_leads"]
    assert isinstance(entries, list)
    reasons = Counter(reason for entry in entries for reason in entry["reasons"])
    assert {"test_name", "fake_phone", "junk_email", "role_email", "lowercase_name"} <= set(reasons)
    for entry in entries:
        lead = leads[entry["lead_id"]]
        local, _, domain = lead["Email"].partition("@")
        checks = {
            "test_name": (lead["FirstName"].casefold(), lead["LastName"].casefold()) in junk_names,
            "fake_phone": _fake_phone(lead["Phone"]),
            "junk_email": domain in junk_domains,
            "role_email": local in role_locals,
            "lowercase_name": lead["LastName"] == lead["LastName"].lower(),
            "all_caps_name": lead["LastName"] == lead["LastName"].upper(),
        }
        for reason in entry["reasons"]:
            if reason in checks:
                assert checks[reason], (reason, lead["FirstName"], lead["LastName"])
    # nothing else looks like junk of these kinds
    junk_ids = {entry["lead_id"] for entry in entries}
    for lead in leads.values():
        if lead["Id"] not in junk_ids:
            assert lead["Email"].partition("@")[2] not in junk_domains
            assert not lead["Phone"] or not _fake_phone(lead["Phone"])


def test_stale_leads_are_exactly_the_old_untouched_open_ones(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    cutoff = "2024-11-01"
    stale = {
        lead["Id"]
        for lead in records["Lead"].values()
        if lead["Status"] in OPEN
        and lead["CreatedDate"] < cutoff
        and (not lead["LastActivityDate"] or lead["LastActivityDate"] < cutoff)
    }
    assert stale == set(truth["stale_leads"])  # type: ignore[arg-type]
    assert truth["reference_date"] == "2026-11-01T00:00:00.000Z"


def test_converted_leads_point_at_their_account_contact_and_opportunity(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    leads, contacts = records["Lead"], records["Contact"]
    entries = truth["converted_leads"]
    assert isinstance(entries, list)
    converted = {lead["Id"] for lead in leads.values() if lead["IsConverted"] == "true"}
    assert converted == {entry["lead_id"] for entry in entries}
    for entry in entries:
        lead = leads[entry["lead_id"]]
        assert lead["Status"] == "Closed - Converted" and lead["ConvertedDate"]
        assert lead["ConvertedAccountId"] == entry["account_id"]
        assert lead["ConvertedContactId"] == entry["contact_id"]
        assert lead["ConvertedOpportunityId"] == entry["opportunity_id"]
        contact = contacts[entry["contact_id"]]
        assert contact["AccountId"] == entry["account_id"]
        assert (lead["FirstName"], lead["LastName"]) == (contact["FirstName"], contact["LastName"])
        assert lead["CreatedDate"][:10] <= lead["ConvertedDate"] == contact["CreatedDate"][:10]
        if entry["opportunity_id"]:
            opportunity = records["Opportunity"][entry["opportunity_id"]]
            assert opportunity["AccountId"] == entry["account_id"]
    assert all(
        lead["Status"] != "Closed - Converted"
        for lead in leads.values()
        if lead["Id"] not in converted
    )


def test_the_account_hierarchy(truth: dict[str, object], records: dict[str, Rows]) -> None:
    hierarchy = truth["account_hierarchy"]
    assert isinstance(hierarchy, dict)
    accounts = records["Account"]
    edges = {edge["account_id"]: edge["parent_id"] for edge in hierarchy["edges"]}
    with_parent = {a["Id"]: a["ParentId"] for a in accounts.values() if a["ParentId"]}
    assert edges == with_parent
    root = hierarchy["root"]
    children = [child for child, parent in edges.items() if parent == root]
    grandchildren = [child for child, parent in edges.items() if parent in children]
    assert 3 <= len(children) <= 5 and len(grandchildren) >= 1
    brand = accounts[root]["Name"].split(" ")[0]
    assert all(accounts[child]["Name"].startswith(brand) for child in edges)


def test_namesakes_are_different_people(truth: dict[str, object], records: dict[str, Rows]) -> None:
    leads = records["Lead"]
    pairs = truth["same_name_different_people"]
    assert isinstance(pairs, list)
    for pair in pairs:
        one, two = (leads[i] for i in pair["lead_ids"])
        assert f"{one['FirstName']} {one['LastName']}" == pair["name"]
        assert (one["FirstName"], one["LastName"]) == (two["FirstName"], two["LastName"])
        assert one["Company"] != two["Company"] and one["Email"] != two["Email"]
        assert one["City"] != two["City"] or not one["City"]


# ---- realism ---------------------------------------------------------------------------
def test_values_that_importers_trip_over_are_present(records: dict[str, Rows]) -> None:
    values = [v for rows in records.values() for row in rows.values() for v in row.values()]
    assert any("\n" in v for v in values)
    assert any('"' in v for v in values)
    assert any("," in v for v in values)
    names = {row["LastName"] for row in records["Lead"].values()} | {
        row["FirstName"] for row in records["Lead"].values()
    }
    assert sum(1 for name in names if not name.isascii()) >= 30
    text = " ".join(names)
    assert any(ch in text for ch in "üöäéøłō")


def test_opportunities_are_consistent_with_their_stage(records: dict[str, Rows]) -> None:
    probabilities = {
        "Prospecting": 10, "Qualification": 10, "Needs Analysis": 20, "Value Proposition": 50,
        "Id. Decision Makers": 60, "Perception Analysis": 70, "Proposal/Price Quote": 75,
        "Negotiation/Review": 90, "Closed Won": 100, "Closed Lost": 0,
    }  # fmt: skip
    stages = Counter[str]()
    for opp in records["Opportunity"].values():
        stage = opp["StageName"]
        stages[stage] += 1
        assert opp["IsClosed"] == ("true" if stage.startswith("Closed") else "false")
        assert opp["IsWon"] == ("true" if stage == "Closed Won" else "false")
        assert float(opp["Probability"]) == probabilities[stage]
        if stage.startswith("Closed"):
            assert opp["CloseDate"] <= "2026-11-01"
    assert len(stages) >= 8


def test_lead_picklists_and_mix(records: dict[str, Rows]) -> None:
    leads = list(records["Lead"].values())
    statuses = Counter(lead["Status"] for lead in leads)
    assert set(statuses) == {*OPEN, "Closed - Converted", "Closed - Not Converted"}
    assert 0.06 <= statuses["Closed - Converted"] / len(leads) <= 0.1
    sources = Counter(lead["LeadSource"] for lead in leads)
    assert {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show", ""} <= set(
        sources
    )
    countries = Counter(lead["Country"] for lead in leads)
    for spelling in ("United States", "USA", "US", "U.S.", "Deutschland", "Germany", "UK"):
        assert countries[spelling] > 0, spelling
    us = sum(n for c, n in countries.items() if c in ("United States", "USA", "US", "U.S."))
    assert us > max(n for c, n in countries.items() if c not in ("United States", "USA", "US"))
    dates = sorted(lead["CreatedDate"] for lead in leads)
    assert dates[0] >= "2019" and dates[-1] < "2026-11-01"
    industries = {row["Industry"] for name in ("Lead", "Account") for row in records[name].values()}
    assert industries - {""} <= set(INDUSTRIES)
    types = Counter(account["Type"] for account in records["Account"].values())
    assert {"Customer - Direct", "Customer - Channel", "Prospect", "Partner", "Other"} <= set(types)
    assert sum(user["IsActive"] == "false" for user in records["User"].values()) >= 1


_POSTAL = {
    "US": r"\d{5}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "DE": r"\d{5}",
    "FR": r"\d{5}",
    "CA": r"[A-Z]\d[A-Z] \d[A-Z]\d",
    "AU": r"\d{4}",
    "NL": r"\d{4} [A-Z]{2}",
    "ES": r"\d{5}",
    "IT": r"\d{5}",
    "SE": r"\d{3} \d{2}",
    "IN": r"\d{6}",
    "JP": r"\d{3}-\d{4}",
    "BR": r"\d{5}-\d{3}",
    "MX": r"\d{5}",
    "CH": r"\d{4}",
}


def _iso(country: str) -> str | None:
    for iso, spec in geo.COUNTRIES.items():
        if country == spec.name or country in {s for s, _ in spec.spellings if s}:
            return iso
    return None


def test_postal_codes_states_and_cities_fit_the_country(records: dict[str, Rows]) -> None:
    checked = 0
    for account in records["Account"].values():
        iso = _iso(account["BillingCountry"])
        if iso is None:
            continue
        assert re.fullmatch(_POSTAL[iso], account["BillingPostalCode"]), account
        cities = {city.name: city for city in geo.COUNTRIES[iso].cities}
        city = cities[account["BillingCity"]]
        assert account["BillingState"] in (city.state, city.state_long, "")
        checked += 1
    assert checked > 550


def test_phones_are_valid_in_their_country(records: dict[str, Rows]) -> None:
    import phonenumbers

    junk = {lead["Id"] for lead in records["Lead"].values() if _fake_phone(lead["Phone"])}
    checked = 0
    samples = [
        (row, "Phone", row["BillingCountry"]) for row in records["Account"].values()
    ] + [
        (row, field, row["MailingCountry"])
        for row in records["Contact"].values()
        for field in ("Phone", "MobilePhone")
    ] + [
        (row, field, row["Country"])
        for row in records["Lead"].values()
        if row["Id"] not in junk
        for field in ("Phone", "MobilePhone")
    ]  # fmt: skip
    for row, field, country in samples:
        iso = _iso(country)
        if not row[field] or iso is None:
            continue
        number = phonenumbers.parse(row[field], iso)
        assert phonenumbers.is_valid_number(number), (row[field], country)
        checked += 1
    assert checked > 3000


def test_emails_and_websites_are_well_formed(records: dict[str, Rows]) -> None:
    email = re.compile(r"[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
    for name in ("Lead", "Contact", "User"):
        for row in records[name].values():
            assert not row["Email"] or email.fullmatch(row["Email"]), row["Email"]
    for account in records["Account"].values():
        website = account["Website"]
        assert not website or re.fullmatch(r"(https?://)?(www\.)?[a-z0-9-]+(\.[a-z]+)+/?", website)


# ---- helpers ---------------------------------------------------------------------------
def test_record_ids_are_make_id() -> None:
    for name, base in _ID_BASE.items():
        for index in (0, 1, 61, 62, 3843, 3844, 999_999, 62**5 - base % 62**5, 12_345_678):
            assert record_id(name, index) == make_id(name, base + index)


def test_csv_lines_are_what_the_csv_module_writes() -> None:
    rows = [("a", "", 'say "hi"', "two\nlines", "x,y", "Müller"), ("", ""), ('"',)]
    for row in rows:
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(row)
        assert csv_line(row) == out.getvalue()


def test_a_mailbox_belongs_to_one_person(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    """Different people never share an address (junk and role mailboxes aside): at a million
    leads independent draws would otherwise give thousands of "different" Lauras on laura@."""
    person = {contact: contact for contact in records["Contact"]}
    for key in ("leads_duplicating_contacts", "converted_leads"):
        for entry in truth[key]:  # type: ignore[attr-defined]
            person[entry["lead_id"]] = entry["contact_id"]
    for number, group in enumerate(truth["duplicate_lead_groups"]):  # type: ignore[arg-type]
        for lead in group["lead_ids"]:
            person[lead] = f"group {number}"
    for number, same in enumerate(truth["same_person"]):  # type: ignore[arg-type]
        label = f"person {number}"
        for record in same["lead_ids"] + same["contact_ids"]:
            for key, value in list(person.items()):
                if value == person.get(record, record):
                    person[key] = label
            person[record] = label
    junk = {entry["lead_id"] for entry in truth["junk_leads"]}  # type: ignore[attr-defined]
    owners: dict[str, set[str]] = {}
    for name in ("Lead", "Contact"):
        for key, row in records[name].items():
            if row["Email"] and key not in junk:
                local, _, domain = row["Email"].lower().rpartition("@")
                mailbox = f"{local.partition('+')[0]}@{domain}"
                owners.setdefault(mailbox, set()).add(person.get(key, key))
    shared = {mailbox: who for mailbox, who in owners.items() if len(who) > 1}
    assert not shared
    # and the second person of a name keeps a mailbox of the company's pattern, numbered
    assert any(re.fullmatch(r"[a-z.]+[2-9]@.+", mailbox) for mailbox in owners)


def test_the_same_name_at_the_same_company_is_one_person(
    truth: dict[str, object], records: dict[str, Rows]
) -> None:
    """Independent draws that give a company the same name twice are one person entered
    twice, and the truth says so (a steward would merge them, and be right)."""
    same = truth["same_person"]
    assert isinstance(same, list) and same
    for entry in same:
        rows = [records["Lead"][i] for i in entry["lead_ids"]]
        rows += [records["Contact"][i] for i in entry["contact_ids"]]
        assert len(rows) >= 2
        first = rows[0]
        assert all(_same_person(row, first["FirstName"], first["LastName"]) for row in rows)
