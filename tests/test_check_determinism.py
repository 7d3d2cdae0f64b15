"""The checker's reading does not depend on Python's string hash seed (a set's order once chose the order of a
turnover's two countries: 'turnover CHL-PER' in one run, 'turnover PER-CHL' in the next)."""
from __future__ import annotations

import os
import subprocess
import sys

TEXT = ("Goods worth $3.0 billion crossed the border in 2023. Of this, Chile's exports to Peru came to $2.0 billion "
        "and Chile's imports from Peru to $1.0 billion.")
CODE = ("import sys; from dyadwatch.check import check_text; "
        "print([(c.text, c.subject) for c in check_text(sys.argv[1]).claims])")


def test_same_subjects_whatever_the_hash_seed():
    outs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", CODE, TEXT], capture_output=True, text=True, check=True,
                                env=env).stdout)
    assert len(outs) == 1, outs
    assert "turnover CHL-PER" in outs.pop()   # the first flow's direction: Chile's exports to Peru
