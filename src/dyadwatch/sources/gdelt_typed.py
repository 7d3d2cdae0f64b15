"""GDELT fields (strings) to typed staged rows, and the reason a row is quarantined — in polars.

One vectorised pass casts every number and date once; a row is bad when a check fails, and the reason
(the first check it fails, in the order below) is built for the bad rows only. The typed values of the
good rows are the staged values: nothing is parsed twice. The checks, their order and their messages are
those the loader always used (they were DuckDB SQL before; see ``docs/events-benchmark.md``):

1. the line's bytes are no text (not UTF-8 and not latin-1 either);
2. a wrong number of fields (61 for 2.0, 57 or 58 for 1.0);
3. a lone carriage return, 4. a NUL (shown as SUB) inside the row;
5. a number that is not a finite number — or, for an integer field, does not round to its integer type
   (GLOBALEVENTID 64-bit, the counts and QuadClass 32-bit); GLOBALEVENTID, QuadClass and GoldsteinScale
   are required, the others may be empty;
6. SQLDATE not a date YYYYMMDD, 7. DATEADDED not a timestamp (YYYYMMDDHHMMSS in 2.0, YYYYMMDD in 1.0);
8. EventCode not 2–4 digits, 9. QuadClass not 1–4, 10. GoldsteinScale outside −10…10.

Numbers are read as DuckDB's ``TRY_CAST`` read them: ``52.0`` is 52, halves round to even, surrounding
blanks and digit-group underscores are accepted (polars' own cast does not: such values are retried).
"""
from __future__ import annotations

# numeric fields checked on every row: (column, integer type or None, required)
NUMBERS = [("GLOBALEVENTID", "BIGINT", True), ("IsRootEvent", "INTEGER", False), ("QuadClass", "INTEGER", True),
           ("GoldsteinScale", None, True), ("NumMentions", "INTEGER", False), ("NumSources", "INTEGER", False),
           ("NumArticles", "INTEGER", False), ("AvgTone", None, False), ("ActionGeo_Lat", None, False),
           ("ActionGeo_Long", None, False)]
_LIMITS = {"INTEGER": 2 ** 31, "BIGINT": 2 ** 63}
TEXT = {"actor1_code": "Actor1Code", "actor1_name": "Actor1Name", "actor1_country_raw": "Actor1CountryCode",
        "actor2_code": "Actor2Code", "actor2_name": "Actor2Name", "actor2_country_raw": "Actor2CountryCode",
        "action_country_raw": "ActionGeo_CountryCode", "action_adm1": "ActionGeo_ADM1Code",
        "action_name": "ActionGeo_FullName", "action_feature_id": "ActionGeo_FeatureID",
        "actor1_geo_country": "Actor1Geo_CountryCode", "actor2_geo_country": "Actor2Geo_CountryCode",
        "source_url": "SOURCEURL"}
FIELDS = sorted({c for c, _, _ in NUMBERS} | set(TEXT.values()) | {
    "SQLDATE", "DATEADDED", "EventCode", "EventRootCode"} | {f"Actor{i}Type{j}Code" for i in (1, 2) for j in (1, 2, 3)})


def _float(col: str):
    import polars as pl

    return pl.col(col).cast(pl.Float64, strict=False)


def _lenient_float(col: str):
    """DuckDB's TRY_CAST(x AS DOUBLE) for the values polars refuses: blanks around, '_' between digits."""
    import polars as pl

    s = pl.col(col).str.strip_chars()
    s = pl.when(s.str.contains(r"^[+-]?[0-9][0-9_]*[0-9](\.[0-9_]*)?([eE][+-]?[0-9]+)?$")).then(
        s.str.replace_all("_", "", literal=True)).otherwise(s)
    return s.cast(pl.Float64, strict=False)


def _int_of(f, typ: str):
    """The float rounded (half to even) to an integer of `typ`, or null when it does not fit."""
    import polars as pl

    r = f.round(0, mode="half_to_even")
    limit = _LIMITS[typ]
    return pl.when(r.is_finite() & (r >= -limit) & (r < limit)).then(r).otherwise(None).cast(
        pl.Int64 if typ == "BIGINT" else pl.Int32, strict=False)


def _nullif(col: str):
    import polars as pl

    c = pl.col(col)
    return pl.when(c == "").then(None).otherwise(c)


def check_and_type(df, version: int, dataset: str):
    """From a frame of string fields (the :data:`FIELDS`; and optionally ``_text``, ``_width``, ``_cr``,
    ``_nul``, ``_enc`` from the line reader) and ``line`` to (good rows as a polars frame of
    event_rows.STAGE_COLUMNS, bad rows as a polars frame of line, reason, and ``_text`` when given)."""
    import polars as pl

    from dyadwatch.sources.event_rows import STAGE_COLUMNS

    names = set(df.columns)
    added_fmt = "%Y%m%d%H%M%S" if version == 2 else "%Y%m%d"
    first = lambda c: pl.col(c).str.split_exact(".", 1).struct.field("field_0")  # noqa: E731  split_part(x, '.', 1)
    fast = {f"_f_{c}": _float(c) for c, _, _ in NUMBERS}
    fast["_date"] = pl.col("SQLDATE").str.strptime(pl.Date, "%Y%m%d", strict=False)
    fast["_added"] = pl.col("DATEADDED").str.strptime(pl.Datetime("us"), added_fmt, strict=False)
    typed = df.select(
        "line", *[e.alias(k) for k, e in fast.items()],
        pl.col("EventCode").fill_null("").str.contains(r"^[0-9]{2,4}$").alias("_code_ok"),
        *([pl.col(c) for c in ("_text", "_width", "_cr", "_nul", "_enc") if c in names]),
        *[pl.col(c) for c in FIELDS],
    )
    # values the quick casts refused but that are not empty: read again the slower, lenient way (as DuckDB
    # did: blanks, '_' between digits; dates and timestamps up to a '.'), only when there are any
    src = {**{f"_f_{c}": c for c, _, _ in NUMBERS}, "_date": "SQLDATE", "_added": "DATEADDED"}
    refused = typed.select([(pl.col(k).is_null() & (pl.col(v).fill_null("") != "")).any().alias(k)
                            for k, v in src.items()]).row(0, named=True)
    slow = {f"_f_{c}": _lenient_float(c) for c, _, _ in NUMBERS}
    slow["_date"] = first("SQLDATE").str.strptime(pl.Date, "%Y%m%d", strict=False)
    slow["_added"] = first("DATEADDED").str.strptime(pl.Datetime("us"), added_fmt, strict=False)
    again = [pl.coalesce(k, slow[k]).alias(k) for k, hit in refused.items() if hit]
    if again:
        typed = typed.with_columns(again)
    typed = typed.with_columns(*[_int_of(pl.col(f"_f_{c}"), typ).alias(f"_i_{c}") for c, typ, _ in NUMBERS if typ])
    checks = []  # (failing condition, reason expression), in order
    if "_enc" in names:
        checks.append((pl.col("_enc").is_not_null(), pl.col("_enc")))
    if "_width" in names:
        widths = [61] if version == 2 else [57, 58]
        expected = "61" if version == 2 else "57 or 58"
        checks.append((~pl.col("_width").is_in(widths),
                       pl.format("expected {} columns, found {}", pl.lit(expected), pl.col("_width"))))
    if "_cr" in names:
        checks.append((pl.col("_cr"), pl.lit("a lone carriage return (\\r) inside the row")))
    if "_nul" in names:
        checks.append((pl.col("_nul"), pl.lit("a NUL byte (or SUB control character) inside the row")))
    raw = lambda c: pl.col(c).fill_null("")  # noqa: E731
    for c, typ, required in NUMBERS:
        bad = ~pl.col(f"_f_{c}").is_finite().fill_null(False)
        if typ:
            bad = bad | pl.col(f"_i_{c}").is_null()
        if not required:
            bad = (raw(c) != "") & bad
        what = (f"an integer{' (32-bit)' if typ == 'INTEGER' else ''}") if typ else "a finite number"
        checks.append((bad, pl.format(f"{c} is not {what}: {{}}", raw(c))))
    checks += [
        (pl.col("_date").is_null(), pl.format("SQLDATE is not a date YYYYMMDD: {}", raw("SQLDATE"))),
        (pl.col("_added").is_null(), pl.format(f"DATEADDED is not a timestamp {added_fmt.replace('%', '')}: {{}}",
                                                raw("DATEADDED"))),
        (~pl.col("_code_ok"), pl.format("EventCode is not a CAMEO code: {}", raw("EventCode"))),
        (~pl.col("_i_QuadClass").is_in([1, 2, 3, 4]).fill_null(True),
         pl.format("QuadClass is not 1-4: {}", raw("QuadClass"))),
        (pl.col("_f_GoldsteinScale").abs() > 10,
         pl.format("GoldsteinScale is not a number in [-10, 10]: {}", raw("GoldsteinScale"))),
    ]
    is_bad = pl.any_horizontal([cond.fill_null(False) for cond, _ in checks])
    typed = typed.with_columns(is_bad.alias("_bad"))
    bad_rows = typed.filter(pl.col("_bad"))
    if bad_rows.height:
        reason = pl.when(checks[0][0].fill_null(False)).then(checks[0][1])
        for cond, text in checks[1:]:
            reason = reason.when(cond.fill_null(False)).then(text)
        bad_rows = bad_rows.select("line", reason.otherwise(None).alias("reason"),
                                   *([pl.col("_text")] if "_text" in names else []))
    else:
        bad_rows = bad_rows.select("line", pl.lit(None, pl.String).alias("reason"),
                                   *([pl.col("_text")] if "_text" in names else []))
    good = typed.filter(~pl.col("_bad"))
    # a frame from polars' CSV reader has empty fields as null already; the line reader's has ''
    nullif = _nullif if "_text" in names else pl.col
    types = lambda a: pl.concat_str([nullif(f"{a}Type{i}Code") for i in (1, 2, 3)],  # noqa: E731
                                    separator=";", ignore_nulls=True)
    root = pl.coalesce(nullif("EventRootCode"), pl.col("EventCode").str.slice(0, 2))
    if good.select(((root.str.len_bytes() == 2) & ~root.str.contains(".", literal=True)).all()).item():
        root_expr = root  # '01'..'20' as published: as it is
    else:  # lpad(split_part(root, '.', 1), 2, '0'), which also cuts to 2 characters
        root_expr = root.str.split_exact(".", 1).struct.field("field_0").str.pad_start(2, "0").str.slice(0, 2)
    cols = {
        "dataset": pl.lit(dataset, pl.String),
        "event_id": pl.col("_i_GLOBALEVENTID").cast(pl.String),
        "line": pl.col("line").cast(pl.Int64),
        "date": pl.col("_date"),
        "date_added": pl.col("_added"),
        "actor1_types": types("Actor1"), "actor2_types": types("Actor2"),
        "event_code": pl.col("EventCode"),  # 2-4 digits (checked): split_part(x, '.', 1) is x itself
        "event_root": root_expr,
        "quad_class": pl.col("_i_QuadClass"),
        "goldstein": pl.col("_f_GoldsteinScale"),
        "is_root": pl.col("_f_IsRootEvent") == 1,
        "num_mentions": pl.col("_i_NumMentions"), "num_sources": pl.col("_i_NumSources"),
        "num_articles": pl.col("_i_NumArticles"),
        "avg_tone": pl.col("_f_AvgTone"), "action_lat": pl.col("_f_ActionGeo_Lat"),
        "action_long": pl.col("_f_ActionGeo_Long"),
        **{k: nullif(v) for k, v in TEXT.items()},
    }
    nulls = {"actor1_country": pl.String, "actor2_country": pl.String, "action_country": pl.String,
             "plover": pl.String, "plover_mode": pl.String, "plover_context": pl.String,
             "intensity": pl.Float64, "fatalities": pl.Int32}
    exprs = []
    for c in STAGE_COLUMNS:
        if c in cols:
            e = cols[c]
            if c.endswith("_types"):
                e = pl.when(e == "").then(None).otherwise(e)
            exprs.append(e.alias(c))
        else:
            exprs.append(pl.lit(None, nulls[c]).alias(c))
    return good.select(exprs), bad_rows
