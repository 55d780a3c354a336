"""Draw the third development occupation (SOC) title sample (docs/labelling.md, "Occupations (SOC)", "Third
development set").

Prints source<TAB>title. Run from the repo root: `python tests/eval/draw_occupation_dev3.py [data root]`.
Same sources, proportions and rules as the second development draw (tests/eval/draw_occupation_dev2.py; titles
whitespace-normalised, distinct case-insensitively across sources), about 250 titles, seed 20261201, and every
title already in tests/eval/occupation_labels.yaml, tests/eval/occupation_dev2.yaml or
tests/eval/occupation_holdout.yaml is removed from the pools first (the held-out file is read only for its titles,
to exclude them; nothing of it is printed). No layoff role phrases. The HN and analytics-JD titles are the
importer's parse, so a later change of a parser changes that part of the draw: the labelled sample is what the
importer of commit 87cc463 gives (run with that tree's `src` first on PYTHONPATH to reproduce it).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_occupation_dev2 import draw  # type: ignore[import-not-found]  # the dev2 draw, its pools and rules

SEED = 20261201
SIZES = (117, 50, 58, 25)  # dev2's 70/30/35/15 scaled to 250
HERE = Path(__file__).resolve().parent
EXCLUDE = (HERE / "occupation_labels.yaml", HERE / "occupation_dev2.yaml", HERE / "occupation_holdout.yaml")


def main() -> None:
    for source, title in draw(SEED, SIZES, EXCLUDE):
        print(f"{source}\t{title}")


if __name__ == "__main__":
    main()
