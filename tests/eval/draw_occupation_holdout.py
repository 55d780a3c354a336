"""Draw the held-out occupation (SOC) title sample (docs/labelling.md, "Occupations (SOC)", "Held-out set").

Prints source<TAB>title. Run from the repo root: `python tests/eval/draw_occupation_holdout.py [data root]`.
Same sources and rules as the dev draw (titles whitespace-normalised, distinct case-insensitively across sources),
seed 20261126, and every title already in tests/eval/occupation_labels.yaml is removed from the pools first.
The layoff role phrases are new ones, picked by hand from layoffs.fyi source-URL slugs of rows that no label file
uses (row numbers in the comments; each entry's `note` names its row).
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

SEED = 20261126
ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
DEV = Path(__file__).resolve().parent / "occupation_labels.yaml"
csv.field_size_limit(10**9)
# Role phrases in layoffs.fyi `source` slugs (1-based data rows of layoffs.csv not in any label file), text order.
LAYOFF_PHRASES = [
    "battery workers",  # 1023 Rivian
    "cloud kitchen staff",  # 3940 Swiggy
    "content and marketing jobs",  # 432 Catena Media
    "customer service jobs",  # 1445 Dukaan
    "editorial staff",  # 1313 CoinDesk
    "linguistics staff",  # 118 Krutrim
    "product managers",  # 1089 Snap
    "recruiting staff",  # 1889 Airbnb
    "sales staff",  # 3531 Vise
    "talent managers",  # 4252 Triplebyte
    "tech workers",  # 636 FlightStats
    "technical program managers",  # 945 Instagram
    "content moderators",  # 125 TikTok
    "user support staff",  # 1093 Google
    "talent acquisition team",  # 1210 Roblox
]


def csv_titles(path: Path, col: str) -> list[str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [r[col] for r in csv.DictReader(fh)]


def pools() -> Iterator[tuple[str, int, list[str]]]:
    yield ("linkedin_postings_sample_koriralex", 90,
           csv_titles(ROOT / "linkedin_postings_sample_koriralex/postings.csv", "title"))
    yield ("linkedin_ds_jobs_2024_venura", 40,
           csv_titles(ROOT / "linkedin_ds_jobs_2024_venura/job_postings.csv", "job_title"))
    yield ("hn_whoishiring_2026_gantryops", 45,
           [str(r.get("title") or "") for r in normalised_rows("hn_whoishiring_2026_gantryops").values()])
    yield ("analytics_engineer_jds_2026_jeremychia", 15,
           [str(r.get("title") or "") for r in normalised_rows("analytics_engineer_jds_2026_jeremychia").values()])
    yield "layoffs_fyi_slugs", 10, LAYOFF_PHRASES


def main() -> None:
    rng = random.Random(SEED)
    seen = {" ".join(str(lab["title"]).split()).lower()
            for lab in yaml.safe_load(DEV.read_text(encoding="utf-8"))["labels"]}
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
