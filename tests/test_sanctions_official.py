"""Official sanctions lists: OFAC sdn.csv (+ add.csv, alt.csv), the EU Financial Sanctions CSV (file 1.0 and 1.1)
and the UK Sanctions List (normalised tables and the FCDO's CSV). The real shared files give the lists' own
Belarus-regime counts (US 164, EU 229, UK 167); small files written here in the real layouts test the rest."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import FormatError, InputError
from dyadwatch.sanctions.indicators import summary
from dyadwatch.sanctions.official import ingest_files, parse_date, sniff


@pytest.fixture(scope="module")
def real_store(tmp_path_factory, shared_data):
    """One store with the three real shared lists, built once for this module (read it, never write)."""
    from dyadwatch.store import open_store

    d = shared_data / "sanctions"
    path = tmp_path_factory.mktemp("official") / "lists.duckdb"
    with open_store(path) as st:
        res = ingest_files(st, [d / "ofac" / "sdn.csv", d / "eu" / "eu_fsf_travelban_merged_20220913.csv",
                                *sorted((d / "uk").glob("*.csv"))])
    st = open_store(path, read_only=True)
    yield st, res
    st.close()


def test_real_lists_give_each_issuers_belarus_regime_count(real_store):
    st, res = real_store
    assert [r.format for r in res] == ["ofac", "eu (file 1.0)", "uk"]
    s = summary(st, "BLR")
    by = {r["issuer"]: r["entities"] for r in s["by_issuer"]}
    assert by == {"US": 164, "EU": 229, "UK": 167}
    progs = {(r["issuer"], r["program"]): r["entities"] for r in s["by_programme"]}
    assert progs[("US", "BELARUS")] == 73 and progs[("US", "BELARUS-EO14038")] == 91
    assert progs[("EU", "BLR")] == 229 and progs[("UK", "Belarus")] == 167


def test_real_lists_types_and_uk_designation_years(real_store):
    st, _ = real_store
    s = summary(st, "BLR")
    types = {(r["issuer"], r["type"]): r["entities"] for r in s["by_type"]}
    assert types[("US", "Person")] == 93 and types[("US", "Organization")] == 68 and types[("US", "Airplane")] == 3
    assert types[("EU", "Person")] == 195 and types[("EU", "Organization")] == 34
    assert types[("UK", "Person")] == 135 and types[("UK", "Organization")] == 32
    years = {r["year"]: r["entities"] for r in s["by_year"] if r["issuer"] == "UK"}
    assert years == {2020: 67, 2021: 51, 2022: 6, 2023: 24, 2024: 10, 2025: 9}
    assert not any(r["issuer"] in ("US", "EU") for r in s["by_year"])   # neither file carries designation dates


def test_real_lists_record_their_dates_and_sources(real_store):
    st, res = real_store
    assert res[1].list_date == "2022-09-13"                 # from the EU file's name
    assert res[0].list_date is None                        # OFAC's legacy CSV carries no date
    src = {r["publisher"]: r for r in st.query("SELECT * FROM sources")}
    assert any("Office of Foreign Assets Control" in p for p in src)
    licences = {r["licence"] for r in src.values()}
    assert "Open Government Licence v3.0" in licences
    assert any(lic.startswith("Public domain") for lic in licences)


def test_ingesting_again_changes_nothing(tmp_path, shared_data, store):
    sdn = shared_data / "sanctions" / "ofac" / "sdn.csv"
    first = ingest_files(store, [sdn], list_date="2023-01-20")[0]
    n = store.scalar("SELECT count(*) FROM sanctions_designations")
    again = ingest_files(store, [sdn])[0]
    assert first.status == "loaded" and again.status == "unchanged"
    assert store.scalar("SELECT count(*) FROM sanctions_designations") == n == 13509
    assert store.scalar("SELECT date FROM sources WHERE id = ?", [first.source_id]) == "2023-01-20"


# --- OFAC, in the legacy layout ----------------------------------------------------------------------
SDN = ('9760,"LUKASHENKA, Alyaksandr Ryhorovich",individual,BELARUS,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
       '"DOB 30 Aug 1954; nationality Belarus; Gender Male."\r\n'
       '31000,"BELAZ, OAO",-0- ,BELARUS-EO14038] [RUSSIA-EO14024,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
       '33373,EW-001PH,aircraft,BELARUS-EO14038,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Linked To: SLAVKALI."\r\n'
       'x12,BAD ROW,-0- ,CUBA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
       '40000,"TOO, FEW",-0- ,CUBA\r\n'
       '40001,"STRANGE TYPE",robot,CUBA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
       '40002,"Caf\xe9 Ho\xe0ng",-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
       '\x1a\r\n')
ADD = '9760,1,-0- ,Minsk,Belarus,-0- \r\n31000,2,"Zhodino",-0- ,Belarus,-0- \r\n'
ALT = '9760,1,aka,"LUKASHENKO, Alexander",-0- \r\n9760,2,aka,"LUKASHENKA, Aliaksandr",-0- \r\n'


@pytest.fixture
def ofac_files(tmp_path):
    paths = []
    for name, text in (("sdn.csv", SDN), ("add.csv", ADD), ("alt.csv", ALT)):
        p = tmp_path / name
        p.write_bytes(text.encode("latin-1"))
        paths.append(p)
    return paths


def test_ofac_with_companions_quarantines_bad_rows(store, ofac_files):
    assert [sniff(p) for p in ofac_files] == ["ofac", "ofac-add", "ofac-alt"]
    res = ingest_files(store, ofac_files)
    assert len(res) == 1 and res[0].entities == 4 and res[0].designations == 5
    reasons = {r["line"]: r["reason"] for r in store.query("SELECT line, reason FROM quarantine")}
    assert set(reasons) == {4, 5, 6}
    assert "integer" in reasons[4] and "12 columns" in reasons[5] and "SDN_Type" in reasons[6]
    props = json.loads(store.scalar("SELECT properties FROM sanctioned_entities WHERE id = 'ofac-9760'"))
    assert props["aliases"] == ["LUKASHENKO, Alexander", "LUKASHENKA, Aliaksandr"]
    assert props["addresses"] == ["Minsk, Belarus"] and props["nationality"] == ["Belarus"]
    assert store.scalar("SELECT caption FROM sanctioned_entities WHERE id = 'ofac-40002'") == "Café Hoàng"
    progs = store.query("SELECT program, program_target FROM sanctions_designations WHERE entity_id = 'ofac-31000' "
                        "ORDER BY program")
    assert progs == [{"program": "BELARUS-EO14038", "program_target": "BLR"},
                     {"program": "RUSSIA-EO14024", "program_target": "RUS"}]
    s = summary(store, "BLR")
    assert s["by_issuer"][0]["entities"] == 3                      # Lukashenka, BelAZ, the aircraft


def test_ofac_companion_alone_is_refused(store, ofac_files):
    with pytest.raises(InputError, match="without the list"):
        ingest_files(store, ofac_files[1:])


def test_a_newer_file_of_a_list_replaces_the_older(store, tmp_path, ofac_files):
    ingest_files(store, ofac_files[:1])
    newer = tmp_path / "sdn_new.csv"
    newer.write_bytes(SDN.encode("latin-1").split(b"\r\n", 1)[1])     # Lukashenka delisted
    ingest_files(store, [newer])
    assert store.scalar("SELECT count(*) FROM sanctioned_entities WHERE id = 'ofac-9760'") == 0
    assert summary(store, "BLR")["entities"] == 2


# --- EU --------------------------------------------------------------------------------------------------
EU_10 = ("Date_file;Entity_logical_id;Subject_type;Leba_publication_date;Leba_numtitle;Programme;Naal_wholename;"
         "Citi_country;Entity_logical_id\n"
         "13/09/2022;3411;P;2022-02-25;2022/300 (OJ L46);BLR;Виктор ШЕЙМАН;;3411\n"
         "13/09/2022;3411;P;2022-02-25;2022/300 (OJ L46);BLR;Viktar SHEIMAN;BY;\n"
         "13/09/2022;5000;E;2021-06-21;2021/997;BLR;BELAVIA;;\n"
         "13/09/2022;;P;2021-06-21;2021/997;BLR;No Id;;\n"
         "13/09/2022;5001;X;2021-06-21;2021/997;BLR;Odd Type;;\n"
         "13/09/2022;6000;P;2022-03-01;2022/336;UKR;Someone RUSSIAN;RU;\n")
EU_11 = ("fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_DesignationDate;Entity_SubjectType;"
         "Entity_SubjectType_ClassificationCode;Entity_Regulation_PublicationDate;Entity_Regulation_Programme;"
         "NameAlias_WholeName;Citizenship_CountryDescription\n"
         "2026-11-30;3411;EU.3334.49;2004-09-24;person;P;2022-02-25;BLR;Viktar SHEIMAN;BELARUS\n"
         "2026-11-30;3411;EU.3334.49;2004-09-24;person;P;2022-02-25;BLR;Viktor SHEYMAN;BELARUS\n"
         "2026-11-30;5000;EU.1.1;2021-12-02;enterprise;E;2021-12-02;BLR;BELAVIA;\n"
         "2026-11-30;5002;EU.1.2;;enterprise;E;2021-12-02;BLR;\"Semi; Colon OAO\";\n"
         "2026-11-30;5003;EU.1.3;2022\n")


def test_eu_file_10_groups_rows_by_the_first_entity_id_column(store, tmp_path):
    p = tmp_path / "eu_10.csv"
    p.write_text(EU_10, encoding="utf-8")
    r = ingest_files(store, [p])[0]
    assert r.format == "eu (file 1.0)" and r.entities == 3 and r.list_date == "2022-09-13"
    reasons = sorted(x["reason"] for x in store.query("SELECT reason FROM quarantine"))
    assert len(reasons) == 2 and "no entity logical id" in reasons[1] and "not P/E" in reasons[0]
    props = json.loads(store.scalar("SELECT properties FROM sanctioned_entities WHERE id = 'eu-3411'"))
    assert props["aliases"] == ["Виктор ШЕЙМАН"] and props["citizenship"] == ["BY"]   # Latin caption first
    assert store.scalar("SELECT caption FROM sanctioned_entities WHERE id = 'eu-3411'") == "Viktar SHEIMAN"
    s = summary(store, "BLR")
    assert s["entities"] == 2 and s["undated"] == 2                  # file 1.0 has no designation date
    assert summary(store, "RUS")["by_programme"][0]["program"] == "UKR"   # EU UKR targets Russia


def test_eu_file_11_takes_the_designation_date(store, tmp_path):
    p = tmp_path / "eu_11.csv"
    p.write_text(EU_11, encoding="utf-8")
    r = ingest_files(store, [p])[0]
    assert r.format == "eu (file 1.1)" and r.entities == 3 and r.list_date == "2026-11-30"
    assert r.quarantined == 1                                         # the short last row
    dates = {x["entity_id"]: x["date"] for x in store.query("SELECT entity_id, date FROM sanctions_designations")}
    assert dates == {"eu-3411": "2004-09-24", "eu-5000": "2021-12-02", "eu-5002": None}
    assert store.scalar("SELECT caption FROM sanctioned_entities WHERE id = 'eu-5002'") == "Semi; Colon OAO"


def test_eu_header_without_programme_stores_nothing(store, tmp_path):
    p = tmp_path / "eu_bad.csv"
    p.write_text("Date_file;Entity_logical_id;Subject_type;Naal_wholename\n1/1/2022;1;P;X\n", encoding="utf-8")
    with pytest.raises(FormatError, match="lacks Programme"):
        ingest_files(store, [p])
    assert store.scalar("SELECT count(*) FROM sanctioned_entities") == 0
    assert store.scalar("SELECT count(*) FROM ingest_ledger") == 0


# --- UK: the FCDO's CSV ----------------------------------------------------------------------------------
FCDO = ("Report Date: 24-Jun-2026\r\n"
        "Last Updated,Unique ID,OFSI Group ID,Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Name type,Regime Name,"
        "Designation Type,Date Designated,Nationality(/ies)\r\n"
        "09/04/2025,BEL0001,8906,LUKASHENKO,Alexander,Grigoryevich,,,,Primary name,Belarus,Individual,"
        "31/12/2020,Belarus\r\n"
        "09/04/2025,BEL0001,8906,LUKASHENKA,Aliaksandr,,,,,Primary name variation,Belarus,Individual,"
        "31/12/2020,Belarus\r\n"
        "01/02/2023,BEL0100,9000,BELARUSKALI,,,,,,Primary name,Belarus,Entity,15/03/2023,\r\n"
        "01/02/2023,RUS0001,9001,ROSNEFT,,,,,,Primary name,Russia,Entity,24/02/2022,\r\n"
        "01/02/2023,BEL0200,9002,WHEN,,,,,,Primary name,Belarus,Entity,sometime,\r\n")


def test_uk_fcdo_csv(store, tmp_path):
    p = tmp_path / "UK_Sanctions_List.csv"
    p.write_text(FCDO, encoding="utf-8")
    assert sniff(p) == "uk-fcdo"
    r = ingest_files(store, [p], list_date="2020-01-01")[0]      # the file's own Report Date wins
    assert r.entities == 3 and r.list_date == "2026-06-24" and r.quarantined == 1
    assert store.scalar("SELECT caption FROM sanctioned_entities WHERE id = 'uk-BEL0001'") == \
        "Alexander Grigoryevich LUKASHENKO"
    s = summary(store, "BLR")
    assert s["entities"] == 2 and {r["year"] for r in s["by_year"]} == {2020, 2023}


def test_dates_and_cli_format_choice(store_path, tmp_path, capsys):
    assert parse_date("31/12/2020") == "2020-12-31" and parse_date("24-Jun-2026") == "2026-06-24"
    assert parse_date("2022-02-25") == "2022-02-25" and parse_date("NA") is None and parse_date("32/01/2020") is None
    p = tmp_path / "list.csv"
    p.write_text(FCDO, encoding="utf-8")
    assert main(["ingest", "sanctions", str(p), "--format", "uk-fcdo", "--store", str(store_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["entities"] == 3 and out[0]["list_date"] == "2026-06-24"
    assert main(["ingest", "sanctions", str(p), "--list-date", "soon", "--store", str(store_path)]) == 2


def test_summary_json_breaks_each_issuer_down(real_store):
    st, _ = real_store
    by = {r["issuer"]: r for r in summary(st, "BLR")["by_issuer"]}
    assert by["US"]["types"] == {"Person": 93, "Organization": 68, "Airplane": 3}
    assert {p["program"]: p["entities"] for p in by["US"]["programmes"]} == {"BELARUS-EO14038": 91, "BELARUS": 73}
    assert by["UK"]["years"] == {"2020": 67, "2021": 51, "2022": 6, "2023": 24, "2024": 10, "2025": 9}
    assert by["US"]["years"] == {} and by["US"]["dated"] == 0
    assert by["EU"]["sources"][0]["list_date"] == "2022-09-13"


def test_list_of_one_issuer(real_store):
    from dyadwatch.sanctions.indicators import designations

    st, _ = real_store
    eu = designations(st, "BLR", "EU")["designations"]
    assert len(eu) == 229 and {r["issuer"] for r in eu} == {"EU"} and all(r["name"] for r in eu)
    uk = designations(st, "BLR", "UK", as_of="2021-12-31")["designations"]
    assert len(uk) == 67 + 51 and uk[0]["date"] <= "2021-12-31"


def test_subsets_are_rederived_identically_from_the_shared_lists(real_store):
    from importlib.resources import files

    from dyadwatch.sanctions.bundled import export_subset, manifest

    st, _ = real_store
    for item in manifest():
        bundled = (files("dyadwatch") / "data" / "sanctions" / "lists" / item["file"]).read_text("utf-8")
        assert export_subset(st, item["list"]) == bundled, item["file"]


def test_a_list_by_url_from_a_local_server(store, tmp_path, monkeypatch):
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    (root / "sdn.csv").write_bytes(SDN.encode("latin-1"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/sdn.csv"
        res = ingest_files(store, [url])[0]
        again = ingest_files(store, [url], "ofac")[0]
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert res.format == "ofac" and res.entities == 4 and again.status == "unchanged"
    assert store.scalar("SELECT url FROM sources WHERE id = ?", [res.source_id]) == url


def test_a_newer_dated_list_marks_missing_entries_lifted(store, tmp_path, ofac_files):
    from dyadwatch.sanctions.indicators import designations

    ingest_files(store, ofac_files[:1], list_date="2023-01-20")
    newer = tmp_path / "sdn_2024.csv"
    newer.write_bytes(SDN.encode("latin-1").split(b"\r\n", 1)[1])     # Lukashenka no longer listed
    res = ingest_files(store, [newer], list_date="2024-03-01")[0]
    assert res.delisted == 1
    assert summary(store, "BLR", as_of="2023-06-01")["entities"] == 3     # still listed then
    later = summary(store, "BLR", as_of="2024-03-01")
    assert later["entities"] == 2 and later["lifted"] == 1
    names = [r["name"] for r in designations(store, "BLR", as_of="2024-06-01")["designations"]]
    assert names == ["BELAZ, OAO", "BELAZ, OAO", "EW-001PH"]             # BelAZ: two programmes
    # an older file given afterwards replaces the list (no dates to order them by would do the same)
    older = tmp_path / "sdn_2022.csv"
    older.write_bytes(SDN.encode("latin-1").split(b"\r\n", 2)[2])
    ingest_files(store, [older], list_date="2022-01-01")
    assert summary(store, "BLR", as_of="2022-06-01")["entities"] == 1


def test_cli_summary_json_by_issuer(store_path, ofac_files, capsys):
    assert main(["ingest", "sanctions", *map(str, ofac_files), "--list-date", "2023-01-20",
                 "--store", str(store_path)]) == 0
    capsys.readouterr()
    assert main(["sanctions", "summary", "--country", "BLR", "--store", str(store_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    us = out["by_issuer"][0]
    assert (us["issuer"], us["entities"], us["designations"]) == ("US", 3, 4)   # BelAZ also under RUSSIA-EO14024
    assert us["types"] == {"Airplane": 1, "Organization": 1, "Person": 1}
    assert {p["program"]: p["program_target"] for p in us["programmes"]} == {
        "BELARUS": "BLR", "BELARUS-EO14038": "BLR", "RUSSIA-EO14024": "RUS"}
    assert us["sources"][0]["list_date"] == "2023-01-20" and us["years"] == {}
