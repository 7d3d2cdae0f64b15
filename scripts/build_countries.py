"""Build src/dyadwatch/data/countries.csv from the shared reference files.

Usage:  python scripts/build_countries.py [SHARED_DATA_DIR]

Inputs (read, never copied): ``geo/geonames_countryInfo.tsv`` (GeoNames, CC BY 4.0: ISO2, ISO3, ISO numeric,
FIPS 10-4, English name) and ``cameo/cameo_country_codes.tsv`` (CAMEO actor country codes). Correlates of War
state numbers/abbreviations (COW State System Membership list, v2016) and the aliases are written out below.
The script checks that every code is unique per system and fails loudly otherwise.
"""
from __future__ import annotations

import csv
import os
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyadwatch" / "data" / "countries.csv"

# COW state number and abbreviation, keyed by ISO3: the present-day members of the COW state system.
# Serbia continues COW 345 ("YUG", Yugoslavia/Serbia); COW has no Vatican City and no Palestine.
COW = {
    "USA": (2, "USA"), "CAN": (20, "CAN"), "BHS": (31, "BHM"), "CUB": (40, "CUB"), "HTI": (41, "HAI"),
    "DOM": (42, "DOM"), "JAM": (51, "JAM"), "TTO": (52, "TRI"), "BRB": (53, "BAR"), "DMA": (54, "DMA"),
    "GRD": (55, "GRN"), "LCA": (56, "SLU"), "VCT": (57, "SVG"), "ATG": (58, "AAB"), "KNA": (60, "SKN"),
    "MEX": (70, "MEX"), "BLZ": (80, "BLZ"), "GTM": (90, "GUA"), "HND": (91, "HON"), "SLV": (92, "SAL"),
    "NIC": (93, "NIC"), "CRI": (94, "COS"), "PAN": (95, "PAN"), "COL": (100, "COL"), "VEN": (101, "VEN"),
    "GUY": (110, "GUY"), "SUR": (115, "SUR"), "ECU": (130, "ECU"), "PER": (135, "PER"), "BRA": (140, "BRA"),
    "BOL": (145, "BOL"), "PRY": (150, "PAR"), "CHL": (155, "CHL"), "ARG": (160, "ARG"), "URY": (165, "URU"),
    "GBR": (200, "UKG"), "IRL": (205, "IRE"), "NLD": (210, "NTH"), "BEL": (211, "BEL"), "LUX": (212, "LUX"),
    "FRA": (220, "FRN"), "MCO": (221, "MNC"), "LIE": (223, "LIE"), "CHE": (225, "SWZ"), "ESP": (230, "SPN"),
    "AND": (232, "AND"), "PRT": (235, "POR"), "DEU": (255, "GMY"), "POL": (290, "POL"), "AUT": (305, "AUS"),
    "HUN": (310, "HUN"), "CZE": (316, "CZR"), "SVK": (317, "SLO"), "ITA": (325, "ITA"), "SMR": (331, "SNM"),
    "MLT": (338, "MLT"), "ALB": (339, "ALB"), "MNE": (341, "MNG"), "MKD": (343, "MAC"), "HRV": (344, "CRO"),
    "SRB": (345, "YUG"), "BIH": (346, "BOS"), "XKX": (347, "KOS"), "SVN": (349, "SLV"), "GRC": (350, "GRC"),
    "CYP": (352, "CYP"), "BGR": (355, "BUL"), "MDA": (359, "MLD"), "ROU": (360, "RUM"), "RUS": (365, "RUS"),
    "EST": (366, "EST"), "LVA": (367, "LAT"), "LTU": (368, "LIT"), "UKR": (369, "UKR"), "BLR": (370, "BLR"),
    "ARM": (371, "ARM"), "GEO": (372, "GRG"), "AZE": (373, "AZE"), "FIN": (375, "FIN"), "SWE": (380, "SWD"),
    "NOR": (385, "NOR"), "DNK": (390, "DEN"), "ISL": (395, "ICE"), "CPV": (402, "CAP"), "STP": (403, "STP"),
    "GNB": (404, "GNB"), "GNQ": (411, "EQG"), "GMB": (420, "GAM"), "MLI": (432, "MLI"), "SEN": (433, "SEN"),
    "BEN": (434, "BEN"), "MRT": (435, "MAA"), "NER": (436, "NIR"), "CIV": (437, "CDI"), "GIN": (438, "GUI"),
    "BFA": (439, "BFO"), "LBR": (450, "LBR"), "SLE": (451, "SIE"), "GHA": (452, "GHA"), "TGO": (461, "TOG"),
    "CMR": (471, "CAO"), "NGA": (475, "NIG"), "GAB": (481, "GAB"), "CAF": (482, "CEN"), "TCD": (483, "CHA"),
    "COG": (484, "CON"), "COD": (490, "DRC"), "UGA": (500, "UGA"), "KEN": (501, "KEN"), "TZA": (510, "TAZ"),
    "BDI": (516, "BUI"), "RWA": (517, "RWA"), "SOM": (520, "SOM"), "DJI": (522, "DJI"), "ETH": (530, "ETH"),
    "ERI": (531, "ERI"), "AGO": (540, "ANG"), "MOZ": (541, "MZM"), "ZMB": (551, "ZAM"), "ZWE": (552, "ZIM"),
    "MWI": (553, "MAW"), "ZAF": (560, "SAF"), "NAM": (565, "NAM"), "LSO": (570, "LES"), "BWA": (571, "BOT"),
    "SWZ": (572, "SWA"), "MDG": (580, "MAG"), "COM": (581, "COM"), "MUS": (590, "MAS"), "SYC": (591, "SEY"),
    "MAR": (600, "MOR"), "DZA": (615, "ALG"), "TUN": (616, "TUN"), "LBY": (620, "LIB"), "SDN": (625, "SUD"),
    "SSD": (626, "SSD"), "IRN": (630, "IRN"), "TUR": (640, "TUR"), "IRQ": (645, "IRQ"), "EGY": (651, "EGY"),
    "SYR": (652, "SYR"), "LBN": (660, "LEB"), "JOR": (663, "JOR"), "ISR": (666, "ISR"), "SAU": (670, "SAU"),
    "YEM": (679, "YEM"), "KWT": (690, "KUW"), "BHR": (692, "BAH"), "QAT": (694, "QAT"), "ARE": (696, "UAE"),
    "OMN": (698, "OMA"), "AFG": (700, "AFG"), "TKM": (701, "TKM"), "TJK": (702, "TAJ"), "KGZ": (703, "KYR"),
    "UZB": (704, "UZB"), "KAZ": (705, "KZK"), "CHN": (710, "CHN"), "MNG": (712, "MON"), "TWN": (713, "TAW"),
    "PRK": (731, "PRK"), "KOR": (732, "ROK"), "JPN": (740, "JPN"), "IND": (750, "IND"), "BTN": (760, "BHU"),
    "PAK": (770, "PAK"), "BGD": (771, "BNG"), "MMR": (775, "MYA"), "LKA": (780, "SRI"), "MDV": (781, "MAD"),
    "NPL": (790, "NEP"), "THA": (800, "THI"), "KHM": (811, "CAM"), "LAO": (812, "LAO"), "VNM": (816, "DRV"),
    "MYS": (820, "MAL"), "SGP": (830, "SIN"), "BRN": (835, "BRU"), "PHL": (840, "PHI"), "IDN": (850, "INS"),
    "TLS": (860, "ETM"), "AUS": (900, "AUL"), "PNG": (910, "PNG"), "NZL": (920, "NEW"), "VUT": (935, "VAN"),
    "SLB": (940, "SOL"), "KIR": (946, "KIR"), "TUV": (947, "TUV"), "FJI": (950, "FIJ"), "TON": (955, "TON"),
    "NRU": (970, "NAU"), "MHL": (983, "MSI"), "PLW": (986, "PAL"), "FSM": (987, "FSM"), "WSM": (990, "WSM"),
}

# CAMEO codes that differ from ISO3 (CAMEO manual 1.1b3 / GDELT), and codes that are not countries.
CAMEO_TO_ISO3 = {"TMP": "TLS", "IMY": "IMN", "MTN": "MNE", "ROM": "ROU"}
CAMEO_NOT_COUNTRIES = {"WSB", "GZS", "BAG"}  # West Bank, Gaza Strip, Baghdad: sub-national
CAMEO_REGIONS = {"AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA",
                 "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST"}
CAMEO_BAD_LABELS = {"Columbia", "Runion"}  # misspelled / mis-encoded labels in the list: not used as aliases
# States absent from the 2012 CAMEO list keep their ISO3 as CAMEO code (GDELT emits SSD); Kosovo has no
# settled CAMEO code, so it gets none.
CAMEO_NONE = {"XKX"}

# FIPS 10-4 codes withdrawn but still found in data: GDELT geo fields use RB for Serbia (FIPS 10-4 code of
# 2006-2011, later RI), seen in a real 2017 GDELT row about Mitrovica.
FIPS_FORMER = {"SRB": "RB"}

# English short names that replace GeoNames' (the GeoNames name stays an alias).
NAME = {"MKD": "North Macedonia", "SWZ": "Eswatini", "PSE": "Palestine", "VAT": "Vatican City",
        "BES": "Bonaire, Sint Eustatius and Saba", "CZE": "Czechia"}

# Common names and spellings (news, ACLED, Comtrade, UN). An alias on two rows is ambiguous on purpose.
ALIASES = {
    "UKR": "Україна|Украина|Ukraina|Ukrainian SSR",
    "BLR": "Byelorussia|Belorussia|Republic of Belarus|Білорусь|Беларусь|Belarus'|Bielorussia|White Russia",
    "RUS": "Russian Federation|Россия|Росія|Rossiya|Russian Fed.",
    "USA": "USA|US|U.S.|U.S.A.|United States of America|America",
    "GBR": "UK|U.K.|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland",
    "MDA": "Republic of Moldova|Moldavia|Rep. of Moldova",
    "POL": "Republic of Poland|Polska", "LTU": "Republic of Lithuania|Lietuva", "LVA": "Republic of Latvia",
    "EST": "Republic of Estonia", "KAZ": "Republic of Kazakhstan|Kazakstan", "KGZ": "Kyrgyz Republic|Kirghizia",
    "GEO": "Sakartvelo", "ARM": "Republic of Armenia", "AZE": "Republic of Azerbaijan",
    "DEU": "Federal Republic of Germany|Deutschland", "FRA": "French Republic", "CHN": "People's Republic of China|PRC",
    "TWN": "Republic of China|Chinese Taipei|Taiwan, Province of China", "IRN": "Islamic Republic of Iran|Persia",
    "SYR": "Syrian Arab Republic", "KOR": "Republic of Korea|Rep. of Korea|Korea|ROK|Korea, South",
    "PRK": "Democratic People's Republic of Korea|DPRK|Korea|Korea, North|Dem. People's Rep. of Korea",
    "COD": "Democratic Republic of Congo|DR Congo|DRC|Congo-Kinshasa|Congo, Dem. Rep.|Congo|Zaire",
    "COG": "Republic of Congo|Congo-Brazzaville|Congo, Rep.|Congo",
    "CIV": "Côte d'Ivoire|Cote d'Ivoire", "CZE": "Czech Republic", "SVK": "Slovak Republic",
    "MKD": "Macedonia|Republic of North Macedonia|FYROM|Former Yugoslav Republic of Macedonia",
    "SWZ": "Swaziland|Kingdom of Eswatini", "MMR": "Burma", "TLS": "Timor-Leste|East Timor",
    "CPV": "Cabo Verde", "TUR": "Türkiye|Turkiye", "VNM": "Viet Nam", "LAO": "Lao PDR|Lao People's Democratic Republic",
    "BOL": "Plurinational State of Bolivia", "VEN": "Bolivarian Republic of Venezuela",
    "TZA": "United Republic of Tanzania", "FSM": "Federated States of Micronesia",
    "PSE": "Palestinian Territory|Palestinian Territories|State of Palestine|Occupied Palestinian Territory",
    "VAT": "Vatican|Holy See", "BRN": "Brunei Darussalam", "SRB": "Republic of Serbia",
    "BIH": "Bosnia-Herzegovina|Bosnia", "XKX": "Republic of Kosovo|Kosova",
    "NLD": "Holland|The Netherlands", "BHS": "The Bahamas|Bahamas, The", "GMB": "The Gambia|Gambia, The",
    "ARE": "UAE|Emirates", "SAU": "Kingdom of Saudi Arabia|KSA", "EGY": "Arab Republic of Egypt",
    "LBY": "Libyan Arab Jamahiriya|State of Libya", "SSD": "Republic of South Sudan",
    "CAF": "CAR|Centrafrique", "KNA": "Saint Kitts-Nevis|St. Kitts and Nevis", "LCA": "St. Lucia",
    "VCT": "St. Vincent and the Grenadines", "FRO": "Faeroe Islands", "VGB": "Virgin Islands|Virgin Islands, British",
    "VIR": "Virgin Islands|United States Virgin Islands|US Virgin Islands", "HKG": "Hong Kong SAR",
    "MAC": "Macau|Macao SAR", "IRL": "Republic of Ireland|Eire", "ISR": "State of Israel",
    "IND": "Republic of India|Bharat", "JPN": "Nippon", "ESP": "Kingdom of Spain|España", "ITA": "Italian Republic",
    "NZL": "Aotearoa", "CHE": "Swiss Confederation", "SJM": "Svalbard and Jan Mayen Islands",
    "WLF": "Wallis and Futuna Islands", "FLK": "Falkland Islands (Malvinas)|Malvinas", "MNE": "Crna Gora",
    "GNB": "Guinea Bissau", "GNQ": "Equatorial Guinea", "DOM": "Dominican Rep.", "ESH": "Sahrawi Arab Democratic Republic",
    "SCG": "Serbia-Montenegro", "MDV": "Republic of Maldives", "PNG": "PNG",
    "IMN": "Isle of Man", "REU": "Réunion", "CUW": "Curaçao", "BLM": "Saint-Barthélemy|St. Barthelemy",
}


def norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in s).split())


def main(shared: Path) -> None:
    rows: dict[str, dict] = {}
    with open(shared / "geo" / "geonames_countryInfo.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("ISO\t") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            iso2, iso3, num, fips, name = (x.strip() for x in p[:5])
            if not iso3:
                continue
            rows[iso3] = {"iso3": iso3, "iso2": iso2, "iso_numeric": str(int(num)) if num and int(num) else "",
                          "fips": fips, "fips_former": FIPS_FORMER.get(iso3, ""), "cameo": "", "cow_num": "", "cow_abb": "",
                          "name": NAME.get(iso3, name), "aliases": [] if iso3 not in NAME else [name]}
    with open(shared / "cameo" / "cameo_country_codes.tsv", encoding="utf-8") as f:
        for code, label in (ln.rstrip("\n").split("\t", 1) for ln in list(f)[1:] if ln.strip()):
            if code in CAMEO_REGIONS or code in CAMEO_NOT_COUNTRIES:
                continue
            iso3 = CAMEO_TO_ISO3.get(code, code)
            if iso3 not in rows:
                sys.exit(f"CAMEO {code} ({label}) has no GeoNames row")
            rows[iso3]["cameo"] = code
            if label not in CAMEO_BAD_LABELS:
                rows[iso3]["aliases"].append(label)
    for iso3, (num, abb) in COW.items():
        rows[iso3]["cow_num"], rows[iso3]["cow_abb"] = str(num), abb
        if not rows[iso3]["cameo"] and iso3 not in CAMEO_NONE:
            rows[iso3]["cameo"] = iso3
    for iso3, extra in ALIASES.items():
        rows[iso3]["aliases"] += extra.split("|")
    # uniqueness per code system; aliases: drop those equal to the name, check collisions
    for cols in (("iso2",), ("iso_numeric",), ("fips", "fips_former"), ("cameo",), ("cow_num",), ("cow_abb",)):
        seen: dict[str, str] = {}
        for r in rows.values():
            for v in (r[c] for c in cols):
                if v and seen.setdefault(v, r["iso3"]) != r["iso3"]:
                    sys.exit(f"duplicate {cols[0]} {v}: {seen[v]} and {r['iso3']}")
    names = {norm(r["name"]): r["iso3"] for r in rows.values()}
    assert len(names) == len(rows), "duplicate names"
    for r in rows.values():
        out, keys = [], {norm(r["name"])}
        for a in r["aliases"]:
            if norm(a) in keys:
                continue
            if names.get(norm(a), r["iso3"]) != r["iso3"]:
                sys.exit(f"alias {a!r} of {r['iso3']} is the name of {names[norm(a)]}")
            keys.add(norm(a))
            out.append(a)
        r["aliases"] = "|".join([r["name"]] + out)
    cols = ["iso3", "iso2", "iso_numeric", "fips", "fips_former", "cameo", "cow_num", "cow_abb", "name", "aliases"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        for iso3 in sorted(rows):
            w.writerow({c: rows[iso3][c] for c in cols})
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    candidates = [Path(p) for p in (os.environ.get("DYADWATCH_SHARED"),) if p]
    candidates += [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]  # checkout, worktree
    given = [Path(sys.argv[1])] if len(sys.argv) > 1 else [c for c in candidates if c.is_dir()][:1]
    if not given:
        sys.exit("shared data not found: pass its path or set DYADWATCH_SHARED")
    main(given[0])
