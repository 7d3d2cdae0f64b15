"""Names for event codes in the report: CAMEO codes get a short plain-English name (our wording of the
CAMEO codebook, ``data/report/cameo_names.yaml``), falling back to their root category's name."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], dict[str, str]]:
    from importlib.resources import files

    import yaml

    data = files("dyadwatch") / "data"
    codes = yaml.safe_load((data / "report" / "cameo_names.yaml").read_text(encoding="utf-8"))["codes"]
    roots = yaml.safe_load((data / "realm_mapping.yaml").read_text(encoding="utf-8")).get("cameo_roots", {})
    return ({str(k): str(v) for k, v in codes.items()},
            {str(k): str(v["label"]).lower() for k, v in roots.items()})


def code_name(code: str | None) -> str | None:
    """'173' → 'arrest, detention or charges'; an unlisted code → 'a kind of <root category>'; PLOVER
    categories (words, not digits) are already names: they are returned in lower case."""
    if not code:
        return None
    code = str(code)
    if not code.isdigit():
        return code.replace("_", " ").lower()
    codes, roots = _names()
    if code in codes:
        return codes[code]
    root = roots.get(code[:2])
    return f"a kind of “{root}”" if root else None
