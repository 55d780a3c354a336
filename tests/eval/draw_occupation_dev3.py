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

import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import normalised_rows  # type: ignore[import-not-found]  # titles as the importer parses them

SEED = 20261201
ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
HERE = Path(__file__).resolve().parent
EXCLUDE = (HERE / "occupation_labels.yaml", HERE / "occupation_dev2.yaml", HERE / "occupation_holdout.yaml")
csv.field_size_limit(10**9)


def csv_titles(path: Path, col: str) -> list[str]:
    """One column of a CSV file, in file order."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [r[col] for r in csv.DictReader(fh)]


def pools() -> Iterator[tuple[str, int, list[str]]]:
    """(source, how many to draw, candidate titles) in draw order: dev2's 70/30/35/15 scaled to 250."""
    yield ("linkedin_postings_sample_koriralex", 117,
           csv_titles(ROOT / "linkedin_postings_sample_koriralex/postings.csv", "title"))
    yield ("linkedin_ds_jobs_2024_venura", 50,
           csv_titles(ROOT / "linkedin_ds_jobs_2024_venura/job_postings.csv", "job_title"))
    yield ("hn_whoishiring_2026_gantryops", 58,
           [str(r.get("title") or "") for r in normalised_rows("hn_whoishiring_2026_gantryops").values()])
    yield ("analytics_engineer_jds_2026_jeremychia", 25,
           [str(r.get("title") or "") for r in normalised_rows("analytics_engineer_jds_2026_jeremychia").values()])


def excluded_titles() -> set[str]:
    """Normalised titles of the existing label files (never printed)."""
    seen: set[str] = set()
    for path in EXCLUDE:
        for lab in yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]:
            seen.add(" ".join(str(lab["title"]).split()).lower())
    return seen


def main() -> None:
    rng = random.Random(SEED)
    seen = excluded_titles()
    for source, n, titles in pools():
        cands: dict[str, str] = {}
        for raw in titles:
            t = " ".join((raw or "").split())
            if t and t.lower() not in seen:
                cands.setdefault(t.lower(), t)
        for key in rng.sample(sorted(cands), min(n, len(cands))):
            seen.add(key)
            print(f"{source}\t{cands[key]}")


if __name__ == "__main__":
    main()
