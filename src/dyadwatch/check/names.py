"""Country names as prose writes them, for the claim checker: English names and aliases of every country in
``data/countries.csv`` (the package's crosswalk), English adjectives and short names, and German, Russian and
Ukrainian names and adjectives of the countries bilateral-trade texts about the region name most often.

Russian and Ukrainian inflect names ("России", "Россией", "российский"): those are given as stems, matched at the
start of a word (:data:`CYRILLIC_STEMS`). Written for dyadwatch; the names are common knowledge.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from dyadwatch.periods import trie_regex  # noqa: F401  (re-exported for check.periods)

#: English adjectives, capitals and short names (lower case) in addition to countries.csv names and aliases
ENGLISH_EXTRA: dict[str, tuple[str, ...]] = {
    "UKR": ("ukrainian", "kyiv", "kiev"), "BLR": ("belarusian", "belarussian", "minsk"),
    "RUS": ("russian", "moscow", "the kremlin"), "POL": ("polish", "warsaw"), "LTU": ("lithuanian", "vilnius"),
    "LVA": ("latvian", "riga"), "EST": ("estonian", "tallinn"), "MDA": ("moldovan", "chisinau"),
    "GEO": ("georgian", "tbilisi"), "ARM": ("armenian", "yerevan"), "AZE": ("azerbaijani", "baku"),
    "KAZ": ("kazakh", "kazakhstani", "astana"), "UZB": ("uzbek", "tashkent"), "KGZ": ("kyrgyz", "bishkek"),
    "TJK": ("tajik", "dushanbe"), "TKM": ("turkmen", "ashgabat"), "CHN": ("chinese", "beijing", "prc"),
    "USA": ("the united states", "the us", "american", "washington", "the u.s."),
    "GBR": ("the united kingdom", "the uk", "british", "london"), "DEU": ("german", "berlin"),
    "FRA": ("french", "paris"), "ITA": ("italian", "rome"), "ESP": ("spanish", "madrid"),
    "TUR": ("türkiye", "turkish", "ankara"), "IND": ("indian", "new delhi"), "IRN": ("iranian", "tehran"),
    "FIN": ("finnish", "helsinki"), "SWE": ("swedish", "stockholm"), "NOR": ("norwegian", "oslo"),
    "HUN": ("hungarian", "budapest"), "ROU": ("romanian", "bucharest"), "SRB": ("serbian", "belgrade"),
    "CZE": ("czech", "prague"), "SVK": ("slovak", "bratislava"), "BGR": ("bulgarian", "sofia"),
    "AUT": ("austrian", "vienna"), "CHE": ("swiss", "bern"), "NLD": ("dutch", "the netherlands"),
    "BEL": ("belgian", "brussels"), "JPN": ("japanese", "tokyo"), "KOR": ("south korean", "korean", "seoul"),
    "ARE": ("the uae", "emirati", "abu dhabi", "the emirates"), "SAU": ("saudi", "riyadh"),
    "ISR": ("israeli",), "EGY": ("egyptian", "cairo"), "PAK": ("pakistani",), "VNM": ("vietnamese", "hanoi"),
    "MNG": ("mongolian",), "CAN": ("canadian", "ottawa"), "BRA": ("brazilian",), "MEX": ("mexican",),
    "AUS": ("australian", "canberra"), "GRC": ("greek", "athens"), "PRT": ("portuguese", "lisbon"),
    "DNK": ("danish", "copenhagen"), "IRL": ("irish", "dublin"), "HRV": ("croatian",), "SVN": ("slovenian",),
    "AFG": ("afghan", "kabul"), "IRQ": ("iraqi", "baghdad"), "SYR": ("syrian", "damascus"),
    "PRK": ("north korean", "pyongyang"), "IDN": ("indonesian", "jakarta"), "THA": ("thai", "bangkok"),
    "MYS": ("malaysian",), "SGP": ("singaporean",), "PHL": ("philippine", "manila"), "NGA": ("nigerian",),
    "ZAF": ("south african",), "ARG": ("argentine", "argentinian"), "CUB": ("cuban", "havana"),
    "VEN": ("venezuelan", "caracas"), "QAT": ("qatari", "doha"), "KWT": ("kuwaiti",), "OMN": ("omani",),
    "CHL": ("chilean", "santiago"), "PER": ("peruvian", "lima"), "COL": ("colombian", "bogotá", "bogota"),
    "ECU": ("ecuadorian", "quito"), "BOL": ("bolivian",), "URY": ("uruguayan", "montevideo"),
    "PRY": ("paraguayan",), "KEN": ("kenyan", "nairobi"), "GHA": ("ghanaian", "accra"), "ETH": ("ethiopian",),
    "MAR": ("moroccan", "rabat"), "DZA": ("algerian", "algiers"), "TUN": ("tunisian",), "LBY": ("libyan",),
    "SDN": ("sudanese",), "TZA": ("tanzanian",), "UGA": ("ugandan",), "AGO": ("angolan",), "ZMB": ("zambian",),
    "ZWE": ("zimbabwean",), "SEN": ("senegalese", "dakar"), "CMR": ("cameroonian",), "BGD": ("bangladeshi", "dhaka"),
    "LKA": ("sri lankan", "colombo"), "NPL": ("nepali", "nepalese", "kathmandu"), "LBN": ("lebanese", "beirut"),
    "JOR": ("jordanian", "amman"), "BHR": ("bahraini",), "YEM": ("yemeni",), "KHM": ("cambodian", "phnom penh"),
    "LAO": ("laotian", "lao"), "MMR": ("burmese", "myanmar's"), "NZL": ("new zealand's", "wellington"),
    "ALB": ("albanian", "tirana"), "MKD": ("macedonian", "skopje"), "MNE": ("montenegrin",),
    "BIH": ("bosnian", "sarajevo"), "CYP": ("cypriot", "nicosia"), "MLT": ("maltese",), "ISL": ("icelandic",),
    "LUX": ("luxembourgish",),
}
#: the EU is no country, but trade texts treat it as a partner
ORGANISATIONS = {"EU": ("the eu", "eu", "the european union", "european union", "europäische union",
                        "евросоюз", "евросоюза", "евросоюзом", "европейский союз", "европейского союза", "євросоюз",
                        "європейський союз", "європейського союзу")}

#: German names and adjectives (adjectives written as stems: "russisch" matches "russische", "russischen")
GERMAN: dict[str, tuple[str, ...]] = {
    "DEU": ("deutschland", "deutschlands", "bundesrepublik"), "RUS": ("russland", "russlands"),
    "BLR": ("belarus", "weißrussland", "weissrussland"), "UKR": ("ukraine",), "POL": ("polen", "polens"),
    "CHN": ("china", "chinas", "volksrepublik china"), "KAZ": ("kasachstan", "kasachstans"),
    "LTU": ("litauen", "litauens"), "LVA": ("lettland", "lettlands"), "EST": ("estland", "estlands"),
    "FRA": ("frankreich", "frankreichs"), "TUR": ("türkei", "der türkei"), "USA": ("usa", "vereinigte staaten",
                                                                                   "vereinigten staaten"),
    "JPN": ("japan", "japans"), "KOR": ("südkorea", "südkoreas", "korea"), "IND": ("indien", "indiens"),
    "ITA": ("italien", "italiens"), "ESP": ("spanien", "spaniens"), "NLD": ("niederlande", "niederlanden"),
    "AUT": ("österreich", "österreichs"), "CHE": ("schweiz", "der schweiz"), "CZE": ("tschechien",),
    "HUN": ("ungarn", "ungarns"), "ROU": ("rumänien", "rumäniens"), "MDA": ("moldau", "moldawien", "moldova"),
    "GEO": ("georgien", "georgiens"), "ARM": ("armenien", "armeniens"), "AZE": ("aserbaidschan",),
    "UZB": ("usbekistan",), "KGZ": ("kirgisistan", "kirgistan"), "TJK": ("tadschikistan",),
    "TKM": ("turkmenistan",), "IRN": ("iran", "irans"), "FIN": ("finnland", "finnlands"),
    "SWE": ("schweden", "schwedens"), "NOR": ("norwegen", "norwegens"), "DNK": ("dänemark",),
    "GBR": ("großbritannien", "grossbritannien", "vereinigtes königreich", "vereinigten königreich"),
    "BEL": ("belgien",), "SVK": ("slowakei",), "BGR": ("bulgarien",), "SRB": ("serbien",), "GRC": ("griechenland",),
    "ARE": ("vereinigte arabische emirate", "vereinigten arabischen emirate", "vae"), "SAU": ("saudi-arabien",),
    "EGY": ("ägypten",), "BRA": ("brasilien",), "CAN": ("kanada",), "MEX": ("mexiko",), "AUS": ("australien",),
    "MNG": ("mongolei",), "VNM": ("vietnam",), "PRT": ("portugal",), "IRL": ("irland",), "ISR": ("israel",),
}
GERMAN_ADJ: dict[str, str] = {
    "DEU": "deutsch", "RUS": "russisch", "BLR": "belarussisch", "UKR": "ukrainisch", "POL": "polnisch",
    "CHN": "chinesisch", "KAZ": "kasachisch", "LTU": "litauisch", "LVA": "lettisch", "EST": "estnisch",
    "FRA": "französisch", "TUR": "türkisch", "USA": "amerikanisch", "JPN": "japanisch", "KOR": "südkoreanisch",
    "IND": "indisch", "ITA": "italienisch", "AUT": "österreichisch", "HUN": "ungarisch", "ROU": "rumänisch",
    "GEO": "georgisch", "ARM": "armenisch", "IRN": "iranisch", "FIN": "finnisch", "SWE": "schwedisch",
    "GBR": "britisch", "CZE": "tschechisch", "NLD": "niederländisch", "ESP": "spanisch",
    "UZB": "usbekisch", "AZE": "aserbaidschanisch", "KGZ": "kirgisisch", "TJK": "tadschikisch", "TKM": "turkmenisch",
    "MDA": "moldauisch", "BRA": "brasilianisch", "CAN": "kanadisch", "MEX": "mexikanisch", "VNM": "vietnamesisch",
    "EGY": "ägyptisch", "SVK": "slowakisch", "BGR": "bulgarisch", "SRB": "serbisch", "GRC": "griechisch",
    "BEL": "belgisch", "DNK": "dänisch", "NOR": "norwegisch", "PRT": "portugiesisch", "IRL": "irisch",
    "ISR": "israelisch", "SAU": "saudisch", "MNG": "mongolisch", "AUS": "australisch", "CHE": "schweizerisch",
    "CHL": "chilenisch", "PER": "peruanisch", "ARG": "argentinisch", "ZAF": "südafrikanisch", "IDN": "indonesisch",
    "THA": "thailändisch", "PAK": "pakistanisch", "IRQ": "irakisch", "SYR": "syrisch", "ARE": "emiratisch",
}
#: Russian and Ukrainian stems: a word starting with a stem names the country ("России", "российских")
CYRILLIC_STEMS: dict[str, tuple[str, ...]] = {
    "RUS": ("росси", "росcи", "рф", "русск", "росі", "російськ"),
    "BLR": ("беларус", "белорус", "білорус", "республик беларусь"),
    "UKR": ("украин", "україн"), "POL": ("польш", "польск", "польщ", "польськ"),
    "CHN": ("китай", "китаю", "китая", "китаем", "китаєм", "китаї", "кнр", "китайськ"),
    "KAZ": ("казахстан", "казахск", "казахст"), "LTU": ("литв", "литовск", "литовськ"),
    "LVA": ("латви", "латвийск", "латвійськ", "латві"), "EST": ("эстони", "эстонск", "естоні", "естонськ"),
    "DEU": ("германи", "германск", "немецк", "фрг", "німеччин", "німецьк"),
    "FRA": ("франци", "французск", "франці", "французьк"), "ITA": ("итали", "итальянск", "італі", "італійськ"),
    "TUR": ("турци", "турецк", "туреччин", "турецьк"), "USA": ("сша", "соединенных штат", "соединённых штат",
                                                               "американск", "американськ"),
    "JPN": ("япони", "японск", "японі", "японськ"), "KOR": ("южн корея", "южной коре", "южная корея",
                                                          "республик корея", "корейск", "південн коре"),
    "IND": ("индия", "индии", "индию", "индией", "индийск", "індія", "індії", "індійськ"),
    "GEO": ("грузи", "грузинск", "грузі", "грузинськ"), "ARM": ("армени", "армянск", "вірмені", "вірменськ"),
    "AZE": ("азербайджан",), "UZB": ("узбекистан", "узбекск", "узбецьк"),
    "KGZ": ("киргиз", "кыргыз", "киргизстан", "киргизьк"), "TJK": ("таджикистан", "таджикск"),
    "TKM": ("туркмени", "туркменск"), "MDA": ("молдов", "молдав", "молдовськ"),
    "IRN": ("иран", "іран"), "FIN": ("финлянди", "финск", "фінлянді", "фінськ"),
    "SWE": ("швеци", "шведск", "швеці", "шведськ"), "HUN": ("венгри", "венгерск", "угорщин", "угорськ"),
    "ROU": ("румыни", "румынск", "румуні", "румунськ"), "SRB": ("серби", "сербск", "сербі"),
    "CZE": ("чехи", "чешск", "чехі", "чеськ"), "SVK": ("словаки", "словацк", "словаччин"),
    "BGR": ("болгари", "болгарск", "болгарі"), "AUT": ("австри", "австрийск", "австрі"),
    "NLD": ("нидерланд", "нидерландск", "нідерланд"), "GBR": ("великобритани", "британск", "великобритані",
                                                           "британськ"),
    "ARE": ("оаэ", "оае", "эмират", "еміратів"), "SAU": ("саудовск", "саудівськ"), "EGY": ("египт", "єгипт"),
    "ISR": ("израил", "ізраїл"), "MNG": ("монголи", "монгольск", "монголі"), "VNM": ("вьетнам", "в'єтнам"),
    "BRA": ("бразили", "бразилі"), "CAN": ("канад",), "ESP": ("испани", "испанск", "іспані"),
    "NOR": ("норвеги", "норвезьк", "норвежск"), "PRK": ("кндр",),
}


#: short names matched as written (upper case), so that "us" the pronoun is not the United States
ABBREVIATIONS: dict[str, str] = {"US": "USA", "U.S.": "USA", "USA": "USA", "U.S.A.": "USA", "UK": "GBR", "U.K.": "GBR",
                                 "UAE": "ARE", "EU": "EU", "PRC": "CHN", "ROK": "KOR", "DPRK": "PRK", "DRC": "COD",
                                 "ФРГ": "DEU", "США": "USA", "РФ": "RUS", "КНР": "CHN", "ОАЭ": "ARE", "ЕС": "EU",
                                 "ЄС": "EU", "ОАЕ": "ARE", "BRD": "DEU", "VAE": "ARE"}


#: CLDR names that are ordinary words in one of the four languages (see data/country_names.README.md)
CLDR_STOP = {"island", "того", "чад", "мали", "чаду"}
_CYR_END = "аяьйоеиыуюіїє"


@lru_cache(maxsize=1)
def cldr_names() -> dict[str, dict[str, str]]:
    """``lang`` → {name (lower case) → ISO3} from data/country_names.csv (CLDR territory names)."""
    out: dict[str, dict[str, str]] = {}
    path = Path(__file__).resolve().parents[1] / "data" / "country_names.csv"
    if not path.exists():
        return out
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            n = row["name"].strip().lower().replace("’", "'")
            if n and n not in CLDR_STOP and "(" not in n:
                out.setdefault(row["lang"], {}).setdefault(n, row["iso3"])
    return out


def cyrillic_stem(name: str) -> str:
    """A Russian or Ukrainian name's stem for prefix matching: the name less its final vowel, soft sign or й when
    at least five letters remain ("германия" → "германи", "казахстан" unchanged, "индия" unchanged: "инди"
    would match "индивидуальный")."""
    if " " not in name and len(name) >= 6 and name[-1] in _CYR_END:
        return name[:-1]
    return name


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    """Every Latin-script name (lower case) → ISO3."""
    out: dict[str, str] = {}
    path = Path(__file__).resolve().parents[1] / "data" / "countries.csv"
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for n in [row["name"], *row.get("aliases", "").split("|")]:
                n = n.strip().lower()
                if n and len(n) > 2 and "," not in n and not any("\u0400" <= ch <= "\u04ff" for ch in n) \
                        and n.upper() not in ABBREVIATIONS:
                    out.setdefault(n, row["iso3"])
    for iso, names in ENGLISH_EXTRA.items():
        for n in names:
            out[n] = iso
    for iso, names in GERMAN.items():
        for n in names:
            out.setdefault(n, iso)
            # the German genitive of a neuter name: "Tschechiens", "Kanadas" (not after s, x, z, ß, nor for
            # names with an article or a plural: "der Türkei", "Niederlande")
            if " " not in n and not n.endswith(("s", "x", "z", "ß", "e", "ei")) and not n.isupper():
                out.setdefault(n + "s", iso)
    for iso, names in ORGANISATIONS.items():
        for n in names:
            if not any("\u0400" <= ch <= "\u04ff" for ch in n) and n.upper() not in ABBREVIATIONS:
                out[n] = iso
    cldr = cldr_names()
    for lang in ("en", "de"):
        for n, iso in cldr.get(lang, {}).items():
            if len(n) > 3 and n.upper() not in ABBREVIATIONS:
                out.setdefault(n, iso)
                if lang == "de" and " " not in n and not n.endswith(("s", "x", "z", "ß", "e", "ei")):
                    out.setdefault(n + "s", iso)
    # words that are names but mostly something else in trade prose
    for w in ("georgia", "jordan", "chad", "guinea", "niger", "turkey", "congo", "korea", "america"):
        out.setdefault(w, out.get(w, ""))
    return {k: v for k, v in out.items() if v}


@lru_cache(maxsize=1)
def cyrillic_table() -> dict[str, str]:
    out = {s: iso for iso, stems in CYRILLIC_STEMS.items() for s in stems}
    cldr = cldr_names()
    for lang in ("ru", "uk"):
        for n, iso in cldr.get(lang, {}).items():
            stem = cyrillic_stem(n)
            if len(stem) >= 3 and stem not in CLDR_STOP:
                out.setdefault(stem, iso)
    for iso, names in ORGANISATIONS.items():
        for n in names:
            if any("\u0400" <= ch <= "\u04ff" for ch in n):
                out[n] = iso
    return out
