"""Tests of the country crosswalk and Dyad (dyadwatch.countries)."""
from __future__ import annotations

import csv
import re

import pytest

from dyadwatch.countries import (
    PRECEDENCE, SYSTEMS, Country, Dyad, all_countries, cameo_to_iso3, cow_to_iso3, fips_to_iso3, lookup,
    normalize_name, to_iso3,
)
from dyadwatch.errors import InputError, UnknownCodeError

ROWS = all_countries()
# Names deliberately shared by two rows: looking them up must say "ambiguous", never pick one silently.
AMBIGUOUS_NAMES = {"congo": {"COD", "COG"}, "korea": {"KOR", "PRK"}, "virgin islands": {"VGB", "VIR"}}


# ---------------------------------------------------------------- the table itself

def test_table_shape():
    assert len(ROWS) >= 250
    assert [c.iso3 for c in ROWS] == sorted(c.iso3 for c in ROWS)
    for c in ROWS:
        assert re.fullmatch(r"[A-Z]{3}", c.iso3)
        assert c.iso2 is None or re.fullmatch(r"[A-Z]{2}", c.iso2)
        assert c.fips is None or re.fullmatch(r"[A-Z]{2}", c.fips)
        assert c.cameo is None or re.fullmatch(r"[A-Z]{3}", c.cameo)
        assert c.name and c.aliases[0] == c.name
        assert (c.cow_num is None) == (c.cow_abb is None)


@pytest.mark.parametrize("attr", ["iso3", "iso2", "iso_numeric", "fips", "cameo", "cow_num", "cow_abb"])
def test_codes_unique_per_system(attr):
    values = [getattr(c, attr) for c in ROWS if getattr(c, attr) is not None]
    if attr == "fips":
        values += [f for c in ROWS for f in c.fips_former]
    assert len(values) == len(set(values))


def test_cow_state_list():
    states = [c for c in ROWS if c.cow_num is not None]
    assert len(states) == 195  # present-day members of the COW state system (v2016) incl. Kosovo, Taiwan
    expected = {"USA": (2, "USA"), "RUS": (365, "RUS"), "UKR": (369, "UKR"), "BLR": (370, "BLR"),
                "SRB": (345, "YUG"), "XKX": (347, "KOS"), "DEU": (255, "GMY"), "CZE": (316, "CZR"),
                "SSD": (626, "SSD"), "GBR": (200, "UKG"), "POL": (290, "POL"), "LTU": (368, "LIT"),
                "MDA": (359, "MLD"), "ROU": (360, "RUM"), "CHN": (710, "CHN"), "TWN": (713, "TAW"),
                "KOR": (732, "ROK"), "PRK": (731, "PRK"), "MNE": (341, "MNG"), "AUT": (305, "AUS")}
    for iso3, cow in expected.items():
        c = lookup(iso3, "iso3")
        assert (c.cow_num, c.cow_abb) == cow, iso3
    assert lookup("VAT").cow_num is None and lookup("PSE").cow_num is None  # not COW members


def test_ukraine_belarus_codes():
    ukr, blr = lookup("UKR"), lookup("BLR")
    assert (ukr.iso2, ukr.iso_numeric, ukr.fips, ukr.cameo, ukr.cow_num) == ("UA", 804, "UP", "UKR", 369)
    assert (blr.iso2, blr.iso_numeric, blr.fips, blr.cameo, blr.cow_num) == ("BY", 112, "BO", "BLR", 370)
    assert {"Byelorussia", "Belorussia", "Republic of Belarus", "Білорусь", "Беларусь"} <= set(blr.aliases)
    assert {"Україна", "Украина"} <= set(ukr.aliases)
    assert "Russian Federation" in lookup("RUS").aliases
    assert {"USA", "US", "United States of America"} <= set(lookup("USA").aliases)


# ---------------------------------------------------------------- every row through every system

@pytest.mark.parametrize("c", ROWS, ids=lambda c: c.iso3)
def test_row_round_trips(c: Country):
    assert lookup(c.iso3) is c and lookup(c.iso3.lower(), "iso3") is c
    if c.iso2:
        assert lookup(c.iso2, "iso2") is c and lookup(c.iso2) is c
    if c.iso_numeric is not None:
        for form in (c.iso_numeric, str(c.iso_numeric), f"{c.iso_numeric:03d}"):
            assert lookup(form, "iso_numeric") is c and lookup(form) is c
    if c.fips:
        assert lookup(c.fips, "fips") is c and fips_to_iso3(c.fips) == c.iso3
    if c.cameo:
        assert lookup(c.cameo, "cameo") is c and cameo_to_iso3(c.cameo) == c.iso3
    if c.cow_num is not None:
        assert lookup(c.cow_num, "cow") is c and lookup(str(c.cow_num), "cow") is c
        assert lookup(c.cow_abb, "cow") is c and cow_to_iso3(c.cow_num) == c.iso3
    assert lookup(c.name, "name") is c and lookup(c.name) is c and to_iso3(c.name.upper()) == c.iso3


@pytest.mark.parametrize("c", ROWS, ids=lambda c: c.iso3)
def test_aliases_resolve(c: Country):
    for alias in c.aliases:
        key = normalize_name(alias)
        if key in AMBIGUOUS_NAMES:
            assert c.iso3 in AMBIGUOUS_NAMES[key]
            continue
        assert lookup(alias, "name") is c, alias
        assert lookup(alias) is c, alias  # no alias is shadowed by another country's code
        assert lookup(f"  {alias.lower()} ", "name") is c, alias


def test_ambiguous_names_are_exactly_the_known_ones():
    seen: dict[str, set[str]] = {}
    for c in ROWS:
        for n in {normalize_name(a) for a in c.aliases}:
            seen.setdefault(n, set()).add(c.iso3)
    assert {n: s for n, s in seen.items() if len(s) > 1} == AMBIGUOUS_NAMES
    with pytest.raises(InputError, match="ambiguous.*COD.*COG"):
        lookup("Congo")
    assert not isinstance(pytest.raises(InputError, lookup, "Korea").value, UnknownCodeError)


# ---------------------------------------------------------------- precedence and ambiguity

def test_precedence_order_documented():
    assert PRECEDENCE[:3] == ("iso3", "iso2", "name") and set(PRECEDENCE) == set(SYSTEMS)


@pytest.mark.parametrize("code, system, iso3", [
    ("BO", "fips", "BLR"), ("BO", "iso2", "BOL"), ("BO", None, "BOL"),      # FIPS Belarus vs ISO2 Bolivia
    ("BY", "fips", "BDI"), ("BY", None, "BLR"), ("RI", "fips", "SRB"), ("RB", "fips", "SRB"),  # RB: former FIPS
    ("UP", "fips", "UKR"), ("UP", None, "UKR"),                           # UP is no ISO2: falls to FIPS
    ("UK", "fips", "GBR"), ("UK", None, "GBR"), ("GB", "iso2", "GBR"), ("GB", "fips", "GAB"),
    ("AUS", None, "AUS"), ("AUS", "cow", "AUT"),                          # ISO3 Australia vs COW Austria
    ("MNG", None, "MNG"), ("MNG", "cow", "MNE"), ("SLV", "cow", "SVN"), ("SWZ", "cow", "CHE"),
    ("20", None, "AND"), ("020", "iso_numeric", "AND"), (20, "cow", "CAN"),  # ISO numeric before COW
    (2, None, "USA"), ("2", "cow", "USA"),                                # no ISO numeric 2: COW USA
    ("ROM", None, "ROU"), ("ROM", "cameo", "ROU"), ("TMP", "cameo", "TLS"), ("MTN", "cameo", "MNE"),
    ("IMY", "cameo", "IMN"), ("SSD", "cameo", "SSD"), ("OD", "fips", "SSD"), ("KV", "fips", "XKX"),
])
def test_precedence(code, system, iso3):
    assert lookup(code, system).iso3 == iso3


@pytest.mark.parametrize("code, system", [
    ("ROU", "cameo"), ("UKR", "fips"), ("UA", "fips"), ("UP", "iso2"), ("804", "cow"),
    ("369", "iso_numeric"), ("UKR", "iso2"), ("UA", "iso3"), ("Ukraine", "iso3"), ("UKR", "name"), ("0", None),
])
def test_per_system_lookups_are_exact(code, system):
    with pytest.raises(UnknownCodeError):
        lookup(code, system)


def test_names_case_accents_whitespace():
    assert lookup("  côte   d’ivoire ").iso3 == "CIV"
    assert lookup("COTE D'IVOIRE").iso3 == "CIV"
    assert lookup("Bosnia & Herzegovina").iso3 == "BIH"
    assert lookup("St Lucia").iso3 == "LCA" and lookup("St. Kitts and Nevis").iso3 == "KNA"
    assert lookup("the netherlands").iso3 == "NLD" and lookup("Gambia, The").iso3 == "GMB"
    assert lookup("BYELORUSSIA").iso3 == "BLR" and lookup("беларусь").iso3 == "BLR"
    assert lookup("Türkiye").iso3 == lookup("turkiye").iso3 == "TUR"
    assert lookup("Sao Tome and Principe").iso3 == "STP"
    assert normalize_name("  Côte\td’Ivoire ") == "cote d ivoire"


# ---------------------------------------------------------------- errors

def test_unknown_code_suggests_nearest():
    with pytest.raises(UnknownCodeError) as info:
        lookup("UKRR")
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, InputError) and isinstance(err, ValueError)
    assert err.kind == "country" and err.code == "UKRR" and err.suggestions[0] == "UKR"
    assert "did you mean UKR" in str(err)


def test_unknown_in_system_suggests_from_that_system_and_hints_the_other():
    with pytest.raises(UnknownCodeError) as info:
        lookup("UPP", "fips")
    assert "UP" in info.value.suggestions
    with pytest.raises(UnknownCodeError) as info:
        lookup("BO", "cow")
    assert "iso2 BOL" in str(info.value) and "fips BLR" in str(info.value)
    with pytest.raises(UnknownCodeError) as info:
        lookup("Ukrane")
    assert info.value.suggestions[0] == "UKRAINE"


@pytest.mark.parametrize("bad", ["", "   ", None, True, 3.5, b"UKR"])
def test_bad_input(bad):
    with pytest.raises(InputError) as info:
        lookup(bad)
    assert not isinstance(info.value, UnknownCodeError)


def test_unknown_system():
    with pytest.raises(InputError, match="system"):
        lookup("UKR", "iso4")


def test_helpers_cached_and_raising():
    assert fips_to_iso3("UP") == "UKR" and fips_to_iso3("BO") == "BLR"
    assert cameo_to_iso3("BLR") == "BLR" and cow_to_iso3(370) == "BLR" and cow_to_iso3("369") == "UKR"
    assert to_iso3("804") == "UKR" and to_iso3(lookup("BLR")) == "BLR"
    with pytest.raises(UnknownCodeError):
        fips_to_iso3("UKR")
    with pytest.raises(UnknownCodeError):
        cow_to_iso3(9999)


# ---------------------------------------------------------------- Dyad

@pytest.mark.parametrize("text", ["UKR-BLR", "UKR BLR", "ukr - blr", "UKR–BLR", " UA-BY ", "Ukraine-Belarus",
                                  "Ukraine Belarus", "804-112", "UKR  BLR"])
def test_dyad_parse(text):
    d = Dyad.parse(text)
    assert (d.a.iso3, d.b.iso3) == ("UKR", "BLR")
    assert d.label == "UKR-BLR" and d.key == "BLR-UKR" and str(d) == "UKR-BLR"


def test_dyad_parse_names_with_separators_inside():
    assert Dyad.parse("United States-Ukraine").label == "USA-UKR"
    assert Dyad.parse("United States Ukraine").label == "USA-UKR"
    assert Dyad.parse("Guinea-Bissau-Senegal").label == "GNB-SEN"
    assert Dyad.parse("Bosnia and Herzegovina - Serbia").label == "BIH-SRB"


def test_dyad_equality_and_hash():
    d1, d2 = Dyad("UKR", "BLR"), Dyad(lookup("BLR"), "ukraine")
    assert d1 == d2 and hash(d1) == hash(d2) and len({d1, d2}) == 1
    assert d1.label == "UKR-BLR" and d2.label == "BLR-UKR" and d1.key == d2.key == "BLR-UKR"
    assert d1 != Dyad("UKR", "RUS") and d1 != "BLR-UKR"
    assert Dyad.parse(d1) is d1 and repr(d1) == "Dyad('UKR-BLR')"


def test_dyad_directions_contains_other():
    d = Dyad.parse("UKR-BLR")
    ukr, blr = lookup("UKR"), lookup("BLR")
    assert d.directions() == [(ukr, blr), (blr, ukr)]
    assert d.contains("UKR") and d.contains("BY") and d.contains(blr) and not d.contains("RUS")
    assert d.other("UKR") is blr and d.other(blr) is ukr
    with pytest.raises(InputError):
        d.other("RUS")


def test_dyad_is_immutable():
    d = Dyad("UKR", "BLR")
    with pytest.raises(AttributeError):
        d.a = lookup("RUS")


@pytest.mark.parametrize("text", ["UKR-UKR", "UKR UA", "Ukraine-UKR"])
def test_self_dyad_is_an_input_error(text):
    with pytest.raises(InputError, match="two different countries"):
        Dyad.parse(text)


def test_self_dyad_constructor():
    with pytest.raises(InputError, match="two different countries"):
        Dyad("BLR", "Belarus")


@pytest.mark.parametrize("text", ["UKR/BLR", "UKR,BLR", "UKR_BLR", "UKRBLR", "UKR", "", "  ", "UKR-BLR-RUS",
                                  "UKR--BLR", "UKR-", "-BLR", "UKR-XXX", None, 42])
def test_dyad_bad_separators_and_input(text):
    with pytest.raises(InputError):
        Dyad.parse(text)


def test_dyad_unknown_member_raises_unknown_code():
    with pytest.raises(UnknownCodeError):
        Dyad("UKRR", "BLR")


# ---------------------------------------------------------------- against the shared reference files

def _read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def test_every_geonames_row_resolves(shared_data):
    rows = [r for r in _read_tsv(shared_data / "geo" / "geonames_countryInfo.tsv")
            if not r[0].startswith("#") and r[0] != "ISO" and r[1].strip()]
    assert len(rows) >= 250
    for iso2, iso3, num, fips, *_ in rows:
        c = lookup(iso3, "iso3")
        assert c.iso2 == iso2 and lookup(iso2, "iso2") is c
        assert c.iso_numeric == (int(num) or None)  # GeoNames writes 0 for Kosovo (no ISO numeric)
        assert c.fips == (fips or None)
        if fips:
            assert lookup(fips, "fips") is c


# CAMEO codes in the list that are not present-day countries, with why they are not in the crosswalk:
CAMEO_REGIONS = {  # regional actor codes (CAMEO manual: "regions"), not countries
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA", "MDT",
    "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST"}
CAMEO_SUBNATIONAL = {"WSB", "GZS", "BAG"}  # West Bank, Gaza Strip (parts of PSE) and Baghdad: places, not states


def test_every_cameo_country_code_resolves(shared_data):
    rows = _read_tsv(shared_data / "cameo" / "cameo_country_codes.tsv")[1:]
    codes = {code for code, _label in rows}
    assert CAMEO_REGIONS | CAMEO_SUBNATIONAL <= codes
    countries = codes - CAMEO_REGIONS - CAMEO_SUBNATIONAL
    assert len(countries) >= 225
    for code in sorted(countries):
        assert lookup(code, "cameo").cameo == code
    for code in CAMEO_REGIONS | CAMEO_SUBNATIONAL:
        with pytest.raises(UnknownCodeError):
            lookup(code, "cameo")
    # Every present-day COW state has a CAMEO code, from the list or (newer states, e.g. SSD) its ISO3,
    # except Kosovo, which has no settled CAMEO code.
    assert [c.iso3 for c in ROWS if c.cow_num and not c.cameo] == ["XKX"]
    assert [c.iso3 for c in ROWS if c.cameo and c.cameo not in codes] == ["SSD"]


def test_gdelt_samples_resolve(shared_data):
    """Real GDELT 2.0 rows: actor countries are CAMEO codes, geo countries FIPS 10-4 codes."""
    gd = shared_data / "gdelt"
    files = [gd / "gdelt2_events_sample.export.tsv", gd / "gdelt2_translation_events_sample.export.tsv",
             *sorted((gd / "real-2017").glob("*.export.CSV"))]
    actors, geos = set(), set()
    for path in files:
        for row in csv.reader(open(path, encoding="utf-8", errors="replace"), delimiter="\t"):
            assert len(row) == 61, path
            actors |= {row[7], row[17]}
            geos |= {row[37], row[45], row[53]}
    actors -= {""} | CAMEO_REGIONS
    geos -= {""}
    assert {"UKR", "BLR"} <= actors and {"UP", "BO"} <= geos
    assert {cameo_to_iso3(a) for a in actors} >= {"UKR", "BLR", "SSD"}
    assert {fips_to_iso3(g) for g in geos} >= {"UKR", "BLR"}
