"""The `check` CLI command: JSON contract, exit codes, HTML output, inputs, errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyadwatch.cli.check import command

TEXT = ("Ukraine-Belarus trade, 16 May 2024\n\nThus, trade turnover between the two states amounted to $1.6 billion "
        "in 2022. Ukraine's imports from Belarus fell by 70%, to just under $1.4 billion, and Ukrainian exports to "
        "Belarus fell by nearly 87% to $20 million. The prospects for an offensive are fairly low.\n")
CLEAN = "Moldova's exports to Ukraine reached $1.6 billion in 2022 and its imports from Ukraine $1.1 billion."


def run(args, input=None):
    return CliRunner().invoke(command, args, input=input, catch_exceptions=False)


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "brief.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_json_contract_and_exit_code(doc):
    r = run([str(doc), "--json"])
    assert r.exit_code == 1, r.output
    d = json.loads(r.output)
    assert set(d) == {"document", "claims", "findings"}
    assert set(d["document"]) == {"path", "date", "chars"} and d["document"]["date"] == "2024-05-16"
    assert d["document"]["chars"] == len(TEXT)
    for c in d["claims"]:
        assert set(c) == {"id", "text", "span", "kind", "value", "low", "high", "unit", "period", "subject", "hedge"}
        assert TEXT[c["span"][0]:c["span"][1]] == c["text"]
    money = [c for c in d["claims"] if c["unit"] == "USD"]
    assert {c["value"] for c in money} == {1.6e9, 1.4e9, 2e7}
    verdicts = {"inconsistent", "tension", "consistent", "supported", "contradicted", "unverifiable", "stale",
                "ambiguous", "forecast"}
    for f in d["findings"]:
        assert set(f) == {"id", "verdict", "claims", "explanation", "repair"} and f["verdict"] in verdicts
        if f["repair"] is not None:
            assert set(f["repair"]) == {"claim", "suggested_value", "suggested_text"}
    rep = [f["repair"] for f in d["findings"] if f["verdict"] == "inconsistent" and f["repair"]]
    assert rep and rep[0]["suggested_value"] == pytest.approx(2e8)


def test_clean_document_exits_zero_and_prints_table(tmp_path):
    p = tmp_path / "clean.md"
    p.write_text(CLEAN, encoding="utf-8")
    r = run([str(p)])
    assert r.exit_code == 0 and "claims" in r.output


def test_stdin_and_date_option():
    r = run(["-", "--json", "--date", "2030-01-01"], input=CLEAN)
    assert r.exit_code == 0 and json.loads(r.output)["document"]["date"] == "2030-01-01"


@pytest.mark.parametrize("args", [["/no/such/file.txt"], ["-", "--date", "16/05/2024"]])
def test_input_errors_exit_2(args):
    r = CliRunner().invoke(command, args, input="x")
    assert r.exit_code == 2 and "error" in r.output.lower()


def test_unsupported_suffix_and_bad_encoding(tmp_path):
    p = tmp_path / "x.docx"
    p.write_text("x")
    assert CliRunner().invoke(command, [str(p)]).exit_code == 2
    q = tmp_path / "y.txt"
    q.write_bytes(b"\xff\xfe\xfa broken")
    r = CliRunner().invoke(command, [str(q)])
    assert r.exit_code == 2 and "UTF-8" in r.output


def test_too_large_input_refused(tmp_path):
    from dyadwatch.check import MAX_BYTES
    p = tmp_path / "big.txt"
    p.write_text("a" * (MAX_BYTES + 10))
    r = CliRunner().invoke(command, [str(p)])
    assert r.exit_code == 2 and "MB" in r.output


def test_html_output_escapes_document_text(tmp_path):
    p = tmp_path / "evil.html"
    p.write_text("<html><body><p>Exports rose 5% to $1.6 billion in 2023 &amp; more.</p>"
                 "<script>alert(1)</script><p>&lt;script&gt;alert(2)&lt;/script&gt; 40 tanks</p></body></html>",
                 encoding="utf-8")
    out = tmp_path / "out.html"
    r = run([str(p), "--html", str(out)])
    assert r.exit_code == 0, r.output
    h = out.read_text(encoding="utf-8")
    assert "<script>" not in h and "alert(1)" not in h
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in h
    assert "<mark" in h and "http" not in h.split("<body>")[1]     # self-contained


def test_observations_file_and_bad_observations(tmp_path, doc):
    obs = [{"indicator": "exports", "reporter": "UKR", "partner": "BLR", "flow": "X", "product": "TOTAL",
            "period": "2022", "value": 2.0e7, "unit": "USD", "basis": "FOB", "source_id": "s1", "vintage": "v1"}]
    f = tmp_path / "obs.json"
    f.write_text(json.dumps(obs))
    d = json.loads(run([str(doc), "--json", "--observations", str(f)]).output)
    c20 = next(c for c in d["claims"] if c["value"] == 2e7)
    assert any(x["verdict"] == "supported" and x["claims"] == [c20["id"]] for x in d["findings"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}')
    assert CliRunner().invoke(command, [str(doc), "--observations", str(bad)]).exit_code == 2


def test_html_input_offsets_map_back_to_markup(tmp_path):
    from dyadwatch.check.source import read_path
    src = "<p>Turnover was <b>$543.2 million</b> in February 2022.</p>"
    p = tmp_path / "a.html"
    p.write_text(src, encoding="utf-8")
    doc = read_path(str(p))
    i = doc.text.index("$543.2")
    assert src[doc.source_offsets[i]:doc.source_offsets[i] + 6] == "$543.2"


def test_pdf_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    stream = b"BT /F1 12 Tf 72 720 Td (Exports rose 12% to $2.8 billion in 2023.) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    p = tmp_path / "a.pdf"
    p.write_bytes(out)
    d = json.loads(run([str(p), "--json"]).output)
    assert {c["value"] for c in d["claims"]} >= {2.8e9, 12}
    broken = tmp_path / "b.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    assert CliRunner().invoke(command, [str(broken)]).exit_code == 2


# An observation from a source other than the brief (illustrative test figure, with a vintage), loaded on top
# of the bundled data: Ukraine's 2022 exports to Belarus of $195 million.
EXTRA = """
sources:
  - id: test-ukrstat-2022-release
    title: "Test release of Ukraine's 2022 trade with Belarus"
    publisher: Test Statistics Office
    date: 2023-02-15
observations:
  - {indicator: exports, reporter: UKR, partner: BLR, flow: X, product: TOTAL, period: "2022", value: 1.95e+8,
     unit: USD, basis: FOB, source: test-ukrstat-2022-release, vintage: "2023-02"}
"""


def test_brief_against_store_built_by_assess(tmp_path, shared_briefs, capsys, monkeypatch):
    """`dyadwatch assess UKR BLR` loads the bundled trade observations; `check BRIEF --store` then reports
    supported/contradicted with source, vintage and tolerance, and never lets the brief confirm itself."""
    from dyadwatch.cli import main

    brief = shared_briefs / "sceeus-2024-05-16-ukraine-belarus.txt"
    store = tmp_path / "s.duckdb"
    monkeypatch.setenv("DYADWATCH_STORE", str(store))
    assert main(["assess", "UKR", "BLR", "--out", str(tmp_path / "r.html")]) == 0
    capsys.readouterr()

    def check():
        code = main(["check", str(brief), "--store", str(store), "--json"])
        d = json.loads(capsys.readouterr().out)
        text = {c["id"]: c["text"].replace("\\", "") for c in d["claims"]}
        data = {}
        for f in d["findings"]:
            if f["verdict"] in ("supported", "contradicted", "unverifiable") and len(f["claims"]) == 1:
                data[text[f["claims"][0]]] = f
        return code, data

    code, data = check()
    assert code == 1                                    # the brief's own $20 million inconsistency
    # Belarus's 2021 exports: Belarus's own figure (Reuters/BelTA) in the bundled data
    f = data["$5.4 billion"]
    assert f["verdict"] == "supported"
    assert "reuters-2022-05-25-belarus-exports" in f["explanation"]
    assert "vintage not recorded" in f["explanation"] and "tolerance" in f["explanation"]
    # the 74% fall against Ukraine's records (2021 base = exports + imports, 2022 turnover)
    f = data["74%"]
    assert f["verdict"] == "supported" and "-73.8%" in f["explanation"]
    assert "nmn-yearbook-2023-mahda" in f["explanation"] and "pp" in f["explanation"]
    # figures the bundled data took from the brief itself are not evidence for the brief
    for t in ("just under $1.4 billion", "$543.2 million", "$13.8 million"):
        assert data[t]["verdict"] == "unverifiable" and "this document itself" in data[t]["explanation"], t
    assert data["five"]["verdict"] == "unverifiable"

    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    assert main(["load", str(extra)]) == 0
    capsys.readouterr()
    code, data = check()
    f = data["$20 million"]
    assert f["verdict"] == "contradicted"
    assert "test-ukrstat-2022-release (vintage 2023-02)" in f["explanation"]
    assert "$195 million" in f["explanation"] and "tolerance ±$3.9 million" in f["explanation"]
    # with that figure the 87% fall holds against Ukraine's 2021 exports ($1.5bn): 1 - 0.195/1.5 = 87%
    f = data["nearly 87%"]
    assert f["verdict"] == "supported" and "-87.0%" in f["explanation"]
    assert code == 1


def test_store_option_with_missing_store_is_an_input_error(tmp_path, doc):
    r = CliRunner().invoke(command, [str(doc), "--store", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no store at" in r.output
    assert not (tmp_path / "none.duckdb").exists()


def test_help_text():
    r = run(["--help"])
    assert r.exit_code == 0 and "--observations" in r.output and "Exit status" in r.output


def test_terminal_output_prints_markup_in_the_document_literally(tmp_path):
    p = tmp_path / "m.txt"
    p.write_text("Exports rose 12% to $2.8 billion in 2023. The prospects for [red]talks[/red] are fairly low.",
                 encoding="utf-8")
    r = run([str(p)])
    assert r.exit_code == 0
    assert "[red]talks[/red]" in r.output          # the forecast's subject, printed as written
    assert "$2.8 billion" in r.output and "claims" in r.output
