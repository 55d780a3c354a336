"""Company names: normalisation, ids, display names, aliases and the fuzzy resolver."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.companies import (
    CompanyMatch,
    CompanyResolver,
    company_id,
    display_name,
    normalise_company,
    parse_rules,
)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Amazon.com, Inc.", "amazon"),
        ("Globex Corporation", "globex"),
        ("Initech LLC", "initech"),
        ("Umbrella GmbH", "umbrella"),
        ("Stark Industries Ltd.", "stark industries"),
        ("Wayne Enterprises, Corp.", "wayne enterprises"),
        ("The Krusty Krab", "krusty krab"),
        ("  Hooli   Inc  ", "hooli"),
        ("Procter & Gamble Co", "procter and gamble"),
        ("Procter and Gamble", "procter and gamble"),
        ("McDonald's", "mcdonalds"),
        ("Nestlé S.A.", "nestle"),
        ("H.E.B.", "heb"),
        ("Vandelay Industries (YC W21)", "vandelay industries"),
        ("Brilliant.org", "brilliant"),
        ("ACME", "acme"),
        ("Meta Platforms, Inc.", "meta"),
        ("Facebook", "meta"),
        ("Alphabet Inc.", "google"),
        ("Google LLC", "google"),
        ("JPMorgan Chase & Co.", "jpmorgan chase"),
        ("AT&T Inc.", "att"),
        ("Amazon Web Services", "amazon"),
        ("字节跳动", "字节跳动"),
    ],
)
def test_normalise(name: str, normal: str) -> None:
    assert normalise_company(name) == normal


@pytest.mark.parametrize("name", [None, "", "   ", "!!!", "---"])
def test_normalise_nothing(name: str | None) -> None:
    assert normalise_company(name) is None
    assert company_id(name) is None
    assert display_name(name) is None


@pytest.mark.parametrize(
    ("name", "cid"),
    [
        ("Amazon.com, Inc.", "amazon"),
        ("JPMorgan Chase & Co.", "jpmorgan-chase"),
        ("Procter & Gamble Co", "procter-and-gamble"),
        ("Stark Industries Ltd.", "stark-industries"),
        ("Facebook, Inc.", "meta"),
    ],
)
def test_company_id(name: str, cid: str) -> None:
    assert company_id(name) == cid


def test_company_id_is_stable_across_spellings() -> None:
    spellings = ["Globex Corporation", "GLOBEX CORP.", "Globex, Inc.", "globex", "The Globex Corp"]
    assert {company_id(s) for s in spellings} == {"globex"}


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Amazon.com, Inc.", "Amazon"),
        ("Facebook, Inc.", "Meta"),
        ("Stark Industries Ltd.", "Stark Industries"),
        ("The Krusty Krab LLC", "Krusty Krab"),
        ("Vandelay Industries (YC W21)", "Vandelay Industries"),
        ("  Pied   Piper,  Inc. ", "Pied Piper"),
        ("Brilliant.org", "Brilliant.org"),
        ("McDonald's Corporation", "McDonald's"),
    ],
)
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


# ----------------------------------------------------------------------------------- resolver


KNOWN = [
    "Wayfair",
    "Airtable",
    "Project44",
    "Carvana",
    "Meta",
    "Micron",
    "Intercontinental Exchange",
    "Argo AI",
    "Virta Health",
]


def test_resolver_exact_and_alias() -> None:
    resolver = CompanyResolver(KNOWN)
    assert resolver.match("Carvana Co.") == CompanyMatch("carvana", 100.0, "exact")
    assert resolver.resolve("Facebook") == "meta"
    assert "wayfair" in resolver and len(resolver) == len(KNOWN)


def test_resolver_spacing_and_generic_words() -> None:
    resolver = CompanyResolver(KNOWN)
    match = resolver.match("Way Fair")
    assert match is not None and (match.name, match.method) == ("wayfair", "spacing")
    match = resolver.match("Micron Technology")
    assert match is not None and (match.name, match.method) == ("micron", "generic_words")


def test_resolver_fuzzy_typo_in_long_name() -> None:
    match = CompanyResolver(KNOWN).match("Intercontinentl Exchange")
    assert match is not None
    assert match.name == "intercontinental exchange" and match.method == "fuzzy"
    assert match.score >= 97


@pytest.mark.parametrize(
    "name",
    [
        "Airtime",  # different company, one letter away
        "Project43",  # different digits
        "MetaMask",  # contains a known name
        "Argo Group",  # same first word, different company
        "Virtua Health",  # 96: one letter away, different company
        "Wayfare",  # short names only match exactly
    ],
)
def test_resolver_keeps_different_companies_apart(name: str) -> None:
    assert CompanyResolver(KNOWN).resolve(name) is None


def test_resolver_overrides_first() -> None:
    resolver = CompanyResolver(KNOWN, overrides={"Argo Group": "Argo AI", "Carvana Co": ""})
    assert resolver.match("Argo Group") == CompanyMatch("argo ai", 100.0, "override")
    assert resolver.resolve("Carvana Co") is None


def test_resolver_threshold_argument() -> None:
    assert CompanyResolver(KNOWN, threshold=80).resolve("Virtua Health") == "virta health"


def test_resolver_add_clears_cache() -> None:
    resolver = CompanyResolver([])
    assert resolver.resolve("Initech") is None
    resolver.add("Initech LLC")
    assert resolver.resolve("Initech") == "initech"


def test_resolver_none() -> None:
    assert CompanyResolver(KNOWN).match(None) is None


# ----------------------------------------------------------------------------------- rules and properties


def _raw_rules() -> dict[str, Any]:
    from importlib import resources

    loaded: dict[str, Any] = yaml.safe_load(
        resources.files("jobshift").joinpath("data/company_aliases.yaml").read_text(encoding="utf-8")
    )
    return loaded


def test_alias_targets_are_fixed_points() -> None:
    for canonical in _raw_rules()["companies"]:
        assert normalise_company(canonical) == canonical


def test_rule_file_rejects_unnormalised_canonical() -> None:
    raw = _raw_rules()
    raw["companies"]["Acme Inc"] = {"aliases": ["Acme Corporation"]}
    with pytest.raises(ValueError, match="not normalised"):
        parse_rules(raw)


def test_rule_file_rejects_unknown_scorer() -> None:
    raw = _raw_rules()
    raw["resolver"]["scorer"] = "vibes"
    with pytest.raises(ValueError, match="scorer"):
        parse_rules(raw)


_SLUG = re.compile(r"^[^\s\W_]+(?:-[^\s\W_]+)*$")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_normalise_is_idempotent_and_never_raises(name: str) -> None:
    normal = normalise_company(name)
    if normal is not None:
        assert normalise_company(normal) == normal
        assert normal == normal.strip() and "  " not in normal
        cid = company_id(name)
        assert cid is not None and _SLUG.match(cid)
        assert display_name(name)


_NAME_PARTS = [
    "Acme",
    "Globex",
    "The",
    "Inc.",
    "LLC",
    "Corp",
    "&",
    "Co",
    "GmbH",
    "Ltd",
    ".com",
    "AI",
    "Labs",
    "(YC)",
    "'s",
    ",",
    "Nestlé",
    "Société",
    "Générale",
    "S.A.",
    "AG",
    "-",
    ".",
    "Group",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PARTS), min_size=1, max_size=6))
def test_normalise_company_like_names_idempotent(parts: list[str]) -> None:
    name = " ".join(parts)
    normal = normalise_company(name)
    assert normal is None or normalise_company(normal) == normal


@given(st.text(max_size=40) | st.sampled_from(["Acme, Inc.", "Foo GmbH & Co. KG", "Bar Ltd.", "Qux, L.L.C.",
                                               "Ñandú S.A. de C.V.", "  Baz   Corp  ", "Initech"]))
def test_legal_suffix_shortcut_matches_cleanco(name: str) -> None:
    from cleanco import basename

    from jobshift.enrich.companies import _strip_legal

    try:
        expected = basename(name)
        expected = expected if isinstance(expected, str) and expected.strip() else name
    except Exception:
        expected = name
    assert _strip_legal(name) == expected
