"""Draw the fourth postings development set (docs/labelling.md, "Fifth development set: postings (seed 20261202)").

Prints dataset<TAB>id<TAB>stratum; with an output path, also writes each drawn record's text as the importer
normalises it, for labelling. Run from the repo root:
`python tests/eval/draw_dev4.py [/work/shared/data] [/tmp/dev4_texts.txt]`.
Purpose: a fresh, representative development set whose FIRST score (before any rule is written from it) measures
how the role-family rules generalise. Not steered to weak spots: the pools, regexes and strata of the held-out draw
(draw_holdout2's code), all five pools including the title-only LinkedIn DS set; draw_dev2's sizes x 3/4 (150
postings). Every (dataset, id) of every posting gold set in tests/eval is removed first, and near-duplicates
(reposts) of a labelled or already-drawn record are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_holdout2 import Plan, draw, write  # type: ignore[import-not-found]

SEED = 20261202
OWN = "postings_dev4.yaml"
PLAN: Plan = {
    "hn_whoishiring_2026_gantryops": [("ai_pay", 20, True, True), ("ai", 18, True, False),
                                      ("pay", 10, False, True), ("rest", 12, False, False)],
    "hn_whoishiring_2013_2018_gaganpreet": [("ai", 11, True, None), ("pay", 10, None, True), ("rest", 10, None, None)],
    "linkedin_postings_sample_koriralex": [("ai", 8, True, None), ("pay", 12, False, True), ("rest", 10, None, None)],
    "analytics_engineer_jds_2026_jeremychia": [("pay", 5, None, True), ("ai", 5, True, None), ("rest", 5, None, None)],
    "linkedin_ds_jobs_2024_venura": [("ai", 8, True, None), ("rest", 7, False, None)],
}

if __name__ == "__main__":
    write(draw(SEED, OWN, PLAN))
