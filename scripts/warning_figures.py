"""Regenerate the measured figures of docs/warning.md (the block between the `warning-figures` markers).

Usage:  python scripts/warning_figures.py [--check]

Loads the bundled dataset into a fresh temporary store (no event data), runs the standard backtest
definition (dyadwatch.warning.backtest.STANDARD: weekly, 2021-01-01 to 2024-06-30) for every target at 30,
90 and 180 days, a few point-in-time forecasts, and the forecast registry's comparison, and writes the
tables into docs/warning.md. Nothing in that block is typed by hand. `--check` exits 1 if the docs differ
from what the script would write (for CI).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DOC = ROOT / "docs" / "warning.md"
BEGIN, END = "<!-- warning-figures:begin -->", "<!-- warning-figures:end -->"
TODAY = "2026-12-05"   # fixed so the block is reproducible; every standard window closed long before


def f(x, nd=4):
    if x is None:
        return "–"
    return f"{x:.{nd}g}" if abs(x) < 1 else f"{x:.{nd - 1}f}"


def ci(v):
    return "–" if not v else f"{f(v[0], 3)} to {f(v[1], 3)}"


def build() -> str:
    from dyadwatch.curated import load_bundled
    from dyadwatch.store import open_store
    from dyadwatch.warning import registry
    from dyadwatch.warning.backtest import STANDARD, backtest
    from dyadwatch.warning.model import forecast

    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "figures.duckdb") as store:
        load_bundled(store)
        runs = {}
        for t in ("E1", "E2", "E3"):
            for h in STANDARD["horizons"]:
                runs[(t, h)] = backtest(store, "UKR-BLR", t, h, STANDARD["from"], STANDARD["to"],
                                        STANDARD["step"], today=TODAY)
        first = runs[("E1", 90)]
        complete = ", ".join(f"{t} to {runs[(t, 90)]['definition']['record_complete_to']}" for t in ("E1", "E2", "E3"))
        out.append(f"Definition (the CLI's defaults, the report's run): **{first['definition']['label']}**; "
                   f"the record of qualifying events is complete for {complete}. "
                   "Fresh store with the bundled data only (no event data: the event-derived group contributes "
                   "nothing). Regenerate with `python scripts/warning_figures.py`.\n")
        out.append("| target | horizon | scored / positive | Brier model (95% interval) | Brier climatology (point in time) "
                   "| Brier no-change | Brier prior only | skill vs climatology (95% interval) | skill vs no-change "
                   "| log score model / climatology | three largest gains as a share of the net gain |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for (t, h), r in runs.items():
            sc, m = r["scores"], r["scores"]["model"]
            share = r["decisive"]["top3_share_of_gain"]
            out.append(
                f"| {t} | {h} | {r['n_scored']} / {r['n_positive']} | {f(m['brier'])} ({ci(m['brier_ci'])}) | "
                f"{f(sc['climatology']['brier'])} | {f(sc['no_change']['brier'])} | {f(sc['prior_only']['brier'])} | "
                f"{f(m['brier_skill_vs_climatology'], 3)} ({ci(m['brier_skill_vs_climatology_ci'])}) | "
                f"{f(m['brier_skill_vs_no_change'], 3)} | {f(m['log_score'], 3)} / "
                f"{f(sc['climatology']['log_score'], 3)} | {'–' if share is None else f'{100 * share:.0f}%'} |")
        out.append("\nA share of the net gain above 100% means the other forecasts lose to climatology on net; "
                   "'–' means there is no net gain.\n")
        out.append("\nWhat these say, target by target (computed from the table, not written by hand):\n")
        for (t, h), r in runs.items():
            m = r["scores"]["model"]
            sk, lo = m["brier_skill_vs_climatology"], (m["brier_skill_vs_climatology_ci"] or [None])[0]
            nc = m["brier_skill_vs_no_change"]
            if r["n_positive"] == 0:
                verdict = "no positive window: nothing to warn of; any skill figure measures only false alarms"
            elif sk is None or sk <= 0:
                verdict = "no skill: worse than or equal to the point-in-time climatology"
            elif lo is None or lo <= 0:
                verdict = "better than climatology on the point estimate, but the interval includes no skill"
            else:
                verdict = "better than climatology, interval above zero"
            if nc is not None and r["n_positive"]:
                verdict += ("; worse than no-change (persistence)" if nc <= 0 else
                            f"; vs no-change {f(nc, 2)}")
            out.append(f"- {t}, {h} days: {verdict}.")
        out.append("\nIn-sample climatology (knows the answer; for comparison only), Brier: "
                   + "; ".join(f"{t} {h} d {f(r['scores']['climatology_in_sample']['brier'])}"
                               for (t, h), r in runs.items()) + ".\n")
        out.append("Leave one episode out (90 days): Brier model / climatology without the episode's forecasts.\n")
        out.append("| target | left out | forecasts left out | positives left | Brier model | Brier climatology | skill |")
        out.append("|---|---|---|---|---|---|---|")
        for t in ("E1", "E2", "E3"):
            for e in runs[(t, 90)]["leave_one_episode_out"]:
                out.append(f"| {t} | {e['left_out']} | {e['n_left_out']} | {e['n_positive']} | {f(e['brier'])} | "
                           f"{f(e['brier_climatology'])} | {f(e['skill_vs_climatology'], 3)} |")
        out.append("\nDecisive forecasts (90 days): the three largest gains and the two largest losses against "
                   "climatology.\n")
        out.append("| target | date | forecast | climatology | happened | gain |")
        out.append("|---|---|---|---|---|---|")
        for t in ("E1", "E2", "E3"):
            d = runs[(t, 90)]["decisive"]
            for row in d["gains"][:3] + d["losses"][:2]:
                out.append(f"| {t} | {row['date']} | {100 * row['probability']:.1f}% | "
                           f"{100 * row['climatology']:.2f}% | {'yes' if row['outcome'] else 'no'} | "
                           f"{f(row['gain'], 3)} |")
        out.append("\nLead time before the 24 February 2022 onset (days at ≥10 / 25 / 50%, 90 days): "
                   + "; ".join(f"{t}: " + ", ".join(
                       f"{lt['onset']} {lt['lead_days_10'] or '–'} / {lt['lead_days_25'] or '–'} / "
                       f"{lt['lead_days_50'] or '–'}" for lt in runs[(t, 90)]["lead_time"]) for t in ("E1", "E2"))
                   + ".\n")
        out.append("Point-in-time forecasts within 90 days (the prior as known on the date in brackets):\n")
        out.append("| as of | E1 | E2 | E3 |")
        out.append("|---|---|---|---|")
        for day in ("2021-06-01", "2022-02-04", "2022-02-20", "2023-01-20", "2024-05-16", "2024-08-20", TODAY):
            cells = []
            for t in ("E1", "E2", "E3"):
                fc = forecast(store, "UKR-BLR", t, 90, day, with_moves=False)
                cells.append(("prior only: " if fc["prior_only"] else "")
                             + f"{100 * fc['probability']:.2f}% ({100 * fc['prior']:.2f}%)")
            out.append(f"| {day} | " + " | ".join(cells) + " |")
        e3 = forecast(store, "UKR-BLR", "E3", 90, "2024-05-01")
        from dyadwatch.warning.model import describe_moves
        out.append("\nE3 is reachable: as of 2024-05-01 (P = "
                   f"{100 * e3['probability']:.2f}%), " + "; ".join(describe_moves(e3["what_would_move_it"])) + ".\n")
        registry.load_bundled(store)
        n = registry.log_model_forecasts(store, "UKR-BLR", STANDARD["from"], STANDARD["to"], "month", today=TODAY)
        registry.refresh(store, today=TODAY)
        s = registry.score(store, today=TODAY)
        out.append(f"Registry (`dyadwatch warning log UKR BLR --from {STANDARD['from']} --to {STANDARD['to']} "
                   f"--step month`, then `dyadwatch forecasts score`): {n} model forecasts logged; "
                   f"{s['n_resolved']} resolved by rule, {len(s['overdue'])} overdue "
                   f"({', '.join(s['overdue']) or 'none'}).\n")
        out.append("| kind | resolved | mean Brier | mean log score |")
        out.append("|---|---|---|---|")
        for k, v in s["by_kind"].items():
            out.append(f"| {k} | {v['n']} | {f(v['brier'])} | {f(v['log_score'], 3)} |")
        out.append(f"\nShared questions (answered by more than one kind): {s['shared']['n_questions']}. "
                   + " ".join(f"{q['target']} issued {q['issued_at']} for {q['horizon_days']} d (outcome "
                              f"{'yes' if q['outcome'] else 'no'}): "
                              + ", ".join(f"{e['kind']} {100 * e['probability']:.2f}% (Brier {f(e['brier'], 3)})"
                                          for e in q["forecasts"]) + "."
                              for q in s["shared"]["questions"]))
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{DOC}: markers {BEGIN} / {END} not found", file=sys.stderr)
        return 2
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + BEGIN + "\n" + build() + END + tail
    if "--check" in argv:
        if new != text:
            print(f"{DOC}: figures are out of date; run python scripts/warning_figures.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote the figures into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
