"""Draw the third ai_role development set (docs/labelling.md, "AI role in postings", "Development set 3").

Prints dataset<TAB>id<TAB>stratum. Run from the repo root: `python tests/eval/draw_ai_role_dev3.py`.
Purpose: more `uses_ai` development data (the smallest class and the held-out set's weak spot), so the draw leans on
the held-out draw's `uses` / `uses_strict` heuristics (`draw_ai_role_holdout.py`: a uses cue in the text and no
builds cue in the title / anywhere) in the two sources where tool asks occur (HN 2026, analytics-engineer JDs),
plus some `builds` and `boilerplate` records so the rules are also checked against their neighbours.
Pools: every record as the importer normalises it (`normalised_rows`), minus every (dataset, id) of
ai_role_labels.yaml, ai_role_holdout.yaml, postings_labels.yaml, postings_holdout.yaml and postings_dev2.yaml
(the holdout files are read for their keys only). Near-duplicates (reposts) of a labelled record are skipped.
The heuristics are NOT labels and NOT jobshift's classifier.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_ai_role_holdout import BUILD, _text, fresh_sample, stratum  # type: ignore[import-not-found]
from evaluate import normalised_rows  # type: ignore[import-not-found]  # text as the importer sees it

SEED = 20261128
HERE = Path(__file__).resolve().parent
SEEN = (
    "ai_role_labels.yaml",
    "ai_role_holdout.yaml",
    "postings_labels.yaml",
    "postings_holdout.yaml",
    "postings_dev2.yaml",
)
# dataset -> [(stratum, n)], drawn in this order without replacement; 35 uses, 15 builds, 10 boilerplate
PLAN: dict[str, list[tuple[str, int]]] = {
    "hn_whoishiring_2026_gantryops": [("uses_strict", 15), ("uses", 9), ("builds", 11), ("boilerplate", 8)],
    "analytics_engineer_jds_2026_jeremychia": [("uses_strict", 7), ("uses", 4), ("builds", 4), ("boilerplate", 2)],
}


def seen_keys() -> set[tuple[str, str]]:
    """(dataset, id) of every record already labelled in any posting gold set (keys only)."""
    keys: set[tuple[str, str]] = set()
    for name in SEEN:
        for lab in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["labels"]:
            keys.add((lab["dataset"], str(lab["id"])))
    return keys


def strata_of(rows: dict[str, dict[str, object]], done: set[tuple[str, str]], ds: str) -> dict[str, str]:
    """Stratum of each unlabelled record; `uses_strict` = the `uses` stratum with no builds cue anywhere."""
    out: dict[str, str] = {}
    for key, row in rows.items():
        if (ds, key) in done:
            continue
        name = stratum(str(row.get("title") or ""), _text(row))
        if name == "uses" and not BUILD.search(_text(row)):
            name = "uses_strict"
        out[key] = name
    return out


def main() -> None:
    rng = random.Random(SEED)
    done = seen_keys()
    for ds, plan in PLAN.items():
        rows = normalised_rows(ds)
        seen = [k for k in rows if (ds, k) in done]
        strata = strata_of(rows, done, ds)
        for name, n in plan:
            cands = sorted(k for k, s in strata.items() if s == name)
            for key in fresh_sample(rng, cands, n, ds, rows, seen):
                print(f"{ds}\t{key}\t{name}")


if __name__ == "__main__":
    main()
