"""Country crosswalk (ISO3/ISO2/ISO numeric/FIPS 10-4/CAMEO/COW/names) and the :class:`Dyad`.

ISO3 is the canonical id everywhere in dyadwatch. The table is ``data/countries.csv`` (built by
``scripts/build_countries.py``; sources and licences in ``data/countries.README.md``).

Code systems (``system=`` argument): ``iso3``, ``iso2``, ``iso_numeric`` (Comtrade: 804, "804", "072"),
``fips`` (FIPS 10-4, GDELT ``*Geo_CountryCode``: UP, BO; also withdrawn codes GDELT still uses: RB Serbia), ``cameo`` (GDELT/PHOENIX actor country: UKR, ROM),
``cow`` (Correlates of War number 369 or abbreviation UKR; POLECAT) and ``name`` (name or alias; case-,
accent-, punctuation- and whitespace-insensitive; "&" = "and", "St" = "Saint", a leading "The" is ignored).

With ``system=None`` the systems are tried in :data:`PRECEDENCE` order and the first hit wins:
``iso3 > iso2 > name > cameo > iso_numeric > fips > cow``. Codes collide across systems ("BO" is ISO2
Bolivia but FIPS Belarus; COW "AUS" is Austria but ISO3 AUS is Australia; 20 is ISO Andorra but COW
Canada), so code that reads one known system must say so: ``lookup(x, "fips")`` or the helpers
:func:`fips_to_iso3`, :func:`cameo_to_iso3`, :func:`cow_to_iso3`. A per-system lookup is exact.

A name shared by two rows ("Congo", "Korea", "Virgin Islands") is ambiguous and raises :class:`InputError`.
Unknown codes raise :class:`UnknownCodeError` (also a ``KeyError`` and an ``InputError``) with suggestions.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyadwatch.errors import InputError, UnknownCodeError

SYSTEMS = ("iso3", "iso2", "iso_numeric", "fips", "cameo", "cow", "name")
PRECEDENCE = ("iso3", "iso2", "name", "cameo", "iso_numeric", "fips", "cow")
_NUMERIC = {"iso_numeric", "cow"}


@dataclass(frozen=True)
class Country:
    """One row of the crosswalk. Missing codes are ``None``."""

    iso3: str
    iso2: str | None
    iso_numeric: int | None
    fips: str | None
    cameo: str | None
    cow_num: int | None
    cow_abb: str | None
    name: str
    aliases: tuple[str, ...] = ()
    fips_former: tuple[str, ...] = ()  # withdrawn FIPS codes still found in data (Serbia: RB)

    def __str__(self) -> str:
        return self.iso3


def normalize_name(text: str) -> str:
    """Casefold, strip accents and punctuation, collapse whitespace ("Côte d’Ivoire" -> "cote d ivoire")."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    words = ["saint" if w == "st" else w for w in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _opt_int(s: str) -> int | None:
    return int(s) if s.strip() else None


@lru_cache(maxsize=1)
def _countries() -> tuple[Country, ...]:
    text = (resources.files("dyadwatch") / "data" / "countries.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        out.append(Country(
            iso3=r["iso3"], iso2=r["iso2"] or None, iso_numeric=_opt_int(r["iso_numeric"]),
            fips=r["fips"] or None, cameo=r["cameo"] or None, cow_num=_opt_int(r["cow_num"]),
            cow_abb=r["cow_abb"] or None, name=r["name"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            fips_former=tuple(a for a in r["fips_former"].split("|") if a)))
    return tuple(out)


def all_countries() -> list[Country]:
    """Every row of the crosswalk (countries and territories), sorted by ISO3."""
    return list(_countries())


def _keys(c: Country) -> dict[str, list]:
    return {
        "iso3": [c.iso3], "iso2": [c.iso2], "iso_numeric": [c.iso_numeric], "fips": [c.fips, *c.fips_former],
        "cameo": [c.cameo], "cow": [c.cow_num, c.cow_abb],
        "name": sorted({normalize_name(n) for n in (c.name, *c.aliases)}),
    }


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[object, tuple[Country, ...]]]:
    index: dict[str, dict[object, tuple[Country, ...]]] = {s: {} for s in SYSTEMS}
    for c in _countries():
        for system, keys in _keys(c).items():
            for k in keys:
                if k is not None and k != "":
                    index[system][k] = index[system].get(k, ()) + (c,)
    return index


def _key(code: object, system: str) -> object:
    """The index key of ``code`` in ``system``, or None when it cannot be a code of that system."""
    if isinstance(code, int):
        return code if system in _NUMERIC else None
    s = code.strip()
    if system == "name":
        return normalize_name(s) or None
    if s.isdigit():
        return int(s) if system in _NUMERIC else None
    if system == "iso_numeric":
        return None
    return s.upper()


def _candidates(code: object, system: str | None) -> list[str]:
    if system is None:
        s = str(code).strip()
        if s.isdigit():
            system = "iso_numeric"
        elif len(s) <= 4:
            system = "iso2" if len(s) <= 2 else "iso3"
        else:
            system = "name"
    if system == "name":
        return list(dict.fromkeys(n for c in _countries() for n in (c.name, *c.aliases)))
    return [str(k) for k in _index()[system]]


def lookup(code: str | int | Country, system: str | None = None) -> Country:
    """Resolve a code or name to its :class:`Country` (see the module docstring for systems and precedence).

    Raises :class:`UnknownCodeError` for an unknown code and :class:`InputError` for an unknown system, an
    empty or non-text code, or an ambiguous name.
    """
    if isinstance(code, Country):
        return code
    if system is not None and system not in SYSTEMS:
        raise InputError(f"unknown country code system {system!r}", hint="use one of " + ", ".join(SYSTEMS))
    if isinstance(code, bool) or not isinstance(code, (str, int)) or (isinstance(code, str) and not code.strip()):
        raise InputError(f"not a country code: {code!r}", hint="give an ISO3 code such as UKR, or a name")
    index = _index()
    for s in (system,) if system else PRECEDENCE:
        key = _key(code, s)
        hits = index[s].get(key) if key is not None else None
        if hits and len(hits) == 1:
            return hits[0]
        if hits:
            options = " or ".join(f"{c.iso3} ({c.name})" for c in hits)
            raise InputError(f"ambiguous country {s} {code!r}: {options}", hint="use the ISO3 code")
    hint = None
    if system:  # say where the code would have matched
        others = [f"{s} {'/'.join(c.iso3 for c in hits)}" for s in PRECEDENCE if s != system
                  and (k := _key(code, s)) is not None and (hits := index[s].get(k))]
        hint = f"as another code system it would be: {', '.join(others)}" if others else None
    raise UnknownCodeError("country", str(code), _candidates(code, system), hint=hint)


def to_iso3(code: str | int | Country, system: str | None = None) -> str:
    """ISO3 of ``code`` (see :func:`lookup`)."""
    return lookup(code, system).iso3


@lru_cache(maxsize=4096)
def fips_to_iso3(code: str) -> str:
    """ISO3 for a FIPS 10-4 code (GDELT ``Actor1Geo_CountryCode`` etc.): ``UP`` -> ``UKR``, ``BO`` -> ``BLR``."""
    return lookup(code, "fips").iso3


@lru_cache(maxsize=4096)
def cameo_to_iso3(code: str) -> str:
    """ISO3 for a CAMEO actor country code (GDELT ``Actor1CountryCode``): ``ROM`` -> ``ROU``, ``TMP`` -> ``TLS``."""
    return lookup(code, "cameo").iso3


@lru_cache(maxsize=4096)
def cow_to_iso3(num: int | str) -> str:
    """ISO3 for a Correlates of War state number or abbreviation (POLECAT): 369 -> ``UKR``, 370 -> ``BLR``."""
    return lookup(num, "cow").iso3


_SPLIT = re.compile(r"\s*[-\u2013\u2014]\s*|\s+")


class Dyad:
    """An unordered pair of two different countries; the order given is kept for display.

    ``Dyad("UKR", "BLR") == Dyad("BLR", "UKR")``; ``.key`` is the canonical sorted key ("BLR-UKR"),
    ``.label`` the display form ("UKR-BLR").
    """

    __slots__ = ("a", "b")
    a: Country
    b: Country

    def __init__(self, a: str | int | Country, b: str | int | Country):
        ca, cb = lookup(a), lookup(b)
        if ca.iso3 == cb.iso3:
            raise InputError(f"a dyad needs two different countries, got {ca.iso3} twice",
                             hint="e.g. UKR-BLR")
        object.__setattr__(self, "a", ca)
        object.__setattr__(self, "b", cb)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Dyad is immutable")

    @classmethod
    def parse(cls, text: str | Dyad) -> Dyad:
        """Parse "UKR-BLR", "UKR BLR", "ukraine - belarus" or "Guinea-Bissau-Senegal" (en/em dashes too)."""
        if isinstance(text, Dyad):
            return text
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"not a dyad: {text!r}", hint="write two country codes like UKR-BLR")
        text = text.strip()
        found: dict[tuple[str, str], tuple[Country, Country]] = {}
        for m in _SPLIT.finditer(text):
            left, right = text[:m.start()], text[m.end():]
            if not left or not right:
                continue
            try:
                pair = lookup(left), lookup(right)
            except InputError:
                continue
            found.setdefault((pair[0].iso3, pair[1].iso3), pair)
        if len(found) > 1:
            options = " or ".join("-".join(k) for k in found)
            raise InputError(f"ambiguous dyad {text!r}: {options}", hint="use ISO3 codes like UKR-BLR")
        if not found:
            raise InputError(f"cannot read dyad {text!r}",
                             hint="write two country codes separated by '-' or a space, e.g. UKR-BLR")
        return cls(*next(iter(found.values())))

    @property
    def key(self) -> str:
        return "-".join(sorted((self.a.iso3, self.b.iso3)))

    @property
    def label(self) -> str:
        return f"{self.a.iso3}-{self.b.iso3}"

    def directions(self) -> list[tuple[Country, Country]]:
        return [(self.a, self.b), (self.b, self.a)]

    def contains(self, code: str | int | Country) -> bool:
        """Whether the country ``code`` (any code :func:`lookup` resolves) is one of the pair."""
        return lookup(code).iso3 in (self.a.iso3, self.b.iso3)

    def other(self, code: str | int | Country) -> Country:
        """The partner of ``code`` in this dyad."""
        iso3 = lookup(code).iso3
        if iso3 not in (self.a.iso3, self.b.iso3):
            raise InputError(f"{iso3} is not part of dyad {self.label}")
        return self.b if iso3 == self.a.iso3 else self.a

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dyad):
            return NotImplemented
        return {self.a.iso3, self.b.iso3} == {other.a.iso3, other.b.iso3}

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Dyad({self.label!r})"

    def __str__(self) -> str:
        return self.label
