"""Draw the second development occupation (SOC) title sample (docs/labelling.md, "Occupations (SOC)", "Second
development set").

Prints source<TAB>title. Run from the repo root: `python tests/eval/draw_occupation_dev2.py [data root]`.
Same sources and rules as the dev and held-out draws (titles whitespace-normalised, distinct case-insensitively
across sources), seed 20261127, and every title already in tests/eval/occupation_labels.yaml or
tests/eval/occupation_holdout.yaml is removed from the pools first (the held-out file is read only for its titles,
to exclude them; nothing of it is printed). No layoff role phrases: the hand-picked layoffs.fyi slugs were used up
by the held-out set. The HN titles are the importer's parse, so a later change of the HN parser changes that part
of the draw: the labelled sample is what the importer of commit 05df909 gives (run with that tree's `src` first on
PYTHONPATH to reproduce it).
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

SEED = 20261127
ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
HERE = Path(__file__).resolve().parent
EXCLUDE = (HERE / "occupation_labels.yaml", HERE / "occupation_holdout.yaml")
csv.field_size_limit(10**9)


def csv_titles(path: Path, col: str) -> list[str]:
    """One column of a CSV file, in file order."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [r[col] for r in csv.DictReader(fh)]


SIZES = (70, 30, 35, 15)  # LinkedIn sample, LinkedIn DS, HN 2026, analytics JDs


def pools(sizes: tuple[int, int, int, int] = SIZES) -> Iterator[tuple[str, int, list[str]]]:
    """(source, how many to draw, candidate titles) in draw order."""
    yield ("linkedin_postings_sample_koriralex", sizes[0],
           csv_titles(ROOT / "linkedin_postings_sample_koriralex/postings.csv", "title"))
    yield ("linkedin_ds_jobs_2024_venura", sizes[1],
           csv_titles(ROOT / "linkedin_ds_jobs_2024_venura/job_postings.csv", "job_title"))
    yield ("hn_whoishiring_2026_gantryops", sizes[2],
           [str(r.get("title") or "") for r in normalised_rows("hn_whoishiring_2026_gantryops").values()])
    yield ("analytics_engineer_jds_2026_jeremychia", sizes[3],
           [str(r.get("title") or "") for r in normalised_rows("analytics_engineer_jds_2026_jeremychia").values()])


def excluded_titles(exclude: tuple[Path, ...] = EXCLUDE) -> set[str]:
    """Normalised titles of the existing label files (never printed)."""
    seen: set[str] = set()
    for path in exclude:
        for lab in yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]:
            seen.add(" ".join(str(lab["title"]).split()).lower())
    return seen


def draw(seed: int = SEED, sizes: tuple[int, int, int, int] = SIZES,
         exclude: tuple[Path, ...] = EXCLUDE) -> Iterator[tuple[str, str]]:
    """(source, title) of the draw: per pool, a seeded sample of its distinct titles not yet seen."""
    rng = random.Random(seed)
    seen = excluded_titles(exclude)
    for source, n, titles in pools(sizes):
        cands: dict[str, str] = {}
        for raw in titles:
            t = " ".join((raw or "").split())
            if t and t.lower() not in seen:
                cands.setdefault(t.lower(), t)
        for key in rng.sample(sorted(cands), min(n, len(cands))):
            seen.add(key)
            yield source, cands[key]


def main() -> None:
    for source, title in draw():
        print(f"{source}\t{title}")


if __name__ == "__main__":
    main()
