"""Programme -> target country, per issuer (data/sanctions/programmes.yaml), and the lists' publishers.

    target("US", "BELARUS-EO14038")   # 'BLR'
    target("EU", "UKR")               # 'RUS' (Regulation 269/2014 targets Russia's actions against Ukraine)

A programme missing from the table falls back to the regular expressions of issuers.yaml; None when nothing
matches (the programme then links no country and never counts as aligned).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

# Who publishes each official list, under which licence, and where (for the `sources` row of an ingested file).
LISTS: dict[str, dict[str, str]] = {
    "ofac": {"issuer": "US", "title": "OFAC Specially Designated Nationals (SDN) list",
             "publisher": "U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)",
             "url": "https://www.treasury.gov/ofac/downloads/sdn.csv",
             "licence": "Public domain (work of the U.S. federal government)"},
    "eu": {"issuer": "EU", "title": "EU consolidated list of persons, groups and entities subject to EU financial "
                                    "sanctions (Financial Sanctions Files)",
           "publisher": "European Commission (DG FISMA), Financial Sanctions Files",
           "url": "https://webgate.ec.europa.eu/fsd/fsf",
           "licence": "Reuse authorised with acknowledgement of the source (Commission Decision 2011/833/EU)"},
    "uk": {"issuer": "UK", "title": "UK Sanctions List",
           "publisher": "Foreign, Commonwealth & Development Office (FCDO)",
           "url": "https://www.gov.uk/government/publications/the-uk-sanctions-list",
           "licence": "Open Government Licence v3.0"},
}


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    from importlib.resources import files

    import yaml

    doc = yaml.safe_load((files("dyadwatch") / "data" / "sanctions" / "programmes.yaml").read_text("utf-8"))
    out: dict[str, Any] = {"uk_id_prefixes": {str(k).upper(): str(v) for k, v in
                                              (doc.get("uk_id_prefixes") or {}).items()}}
    for issuer, progs in doc.items():
        if issuer == "uk_id_prefixes":
            continue
        out[issuer.upper()] = {str(k).strip().lower(): v for k, v in (progs or {}).items()}
    return out


def target(issuer: str, programme: str | None) -> str | None:
    """ISO3 of the country `programme` of `issuer` targets, or None."""
    if not programme:
        return None
    progs = table().get(issuer.upper(), {})
    key = programme.strip().lower()
    if key in progs:
        return progs[key]
    from dyadwatch.sanctions.ftm import programme_target

    return programme_target(programme)


def uk_regime(unique_id: str) -> str | None:
    """The UK regime name for a UK Sanctions List unique id (BEL0001 -> 'Belarus'), or None."""
    return table()["uk_id_prefixes"].get(unique_id[:3].upper())
