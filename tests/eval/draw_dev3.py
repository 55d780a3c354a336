"""Draw the third postings development set (docs/labelling.md, "Third development set (seed 20261129)").

Prints dataset<TAB>id<TAB>stratum. Run from the repo root: `python tests/eval/draw_dev3.py`.
Purpose: new data for the role-family and ai_role weak spots of the held-out sets (ai_adjacent; AI engineer vs
software engineer vs ML infra; uses_ai read as builds_ai or boilerplate). The keyword heuristics below only steer
the draw towards those cases; they are NOT labels and NOT jobshift's classifier. Strata, drawn in this order
without replacement:
  adjacent  - the title names a non-engineering or adjacent job (product, design, data engineering, solutions,
              forward-deployed, deployment, sales engineering, writing, analyst ...) and the text names AI;
  ai_eng    - an engineer/developer title with AI/LLM/ML words in the text (and not an `adjacent` title);
  uses      - a tool-use cue (Copilot, ChatGPT, Cursor, "AI tools", "AI-assisted") and no build cue in the title.
Pools: HN 2026, the LinkedIn postings sample and the analytics-engineer JDs, every record as the importer
normalises it (`normalised_rows`), minus every (dataset, id) of every posting gold set in tests/eval
(`*labels*.yaml`, `*dev*.yaml`, `*holdout*.yaml`; holdout files are read for their keys only). Near-duplicates
(reposts) of an already-labelled record are skipped.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_ai_role_holdout import BUILD, USE, _text, fresh_sample  # type: ignore[import-not-found]
from evaluate import normalised_rows  # type: ignore[import-not-found]  # text as the importer sees it

SEED = 20261129
HERE = Path(__file__).resolve().parent
OWN = "postings_dev3.yaml"  # this set itself is not a pool filter
AI = re.compile(
    r"(?-i:\bA\.?I\b|\bML\b|\bLLMs?\b|\bNLP\b)|machine[ -]learning|deep[ -]learning|artificial intelligence"
    r"|gen(?:erative)?[ -]?ai\b|large language|\bagents?\b|agentic|\bRAG\b|computer vision",
    re.I,
)
ADJ_TITLE = re.compile(
    r"product (?:manager|owner|lead|designer)|\bPM\b|design(?:er)?\b|\bUX\b|data engineer|"
    r"analytics engineer|solutions?\b|forward[- ]deployed|deployment|sales engineer|"
    r"technical writer|writer|content|analyst|strateg|success|customer|marketing|operations|"
    r"account|sales|go[- ]to[- ]market|\bGTM\b|developer relations|devrel|advocate|"
    r"implementation|consultant|trainer|annotat|specialist|evangelist",
    re.I,
)
ENG_TITLE = re.compile(r"engineer|developer|\bSWE\b|programmer|\bdev\b|architect", re.I)
# dataset -> [(stratum, n)]; about 35 adjacent, 35 AI-company engineers, 30 uses. The LinkedIn sample and the
# analytics JDs have only 1 / 2 / 1 unlabelled ai_eng / uses records left, so HN 2026 carries the rest.
PLAN: dict[str, list[tuple[str, int]]] = {
    "hn_whoishiring_2026_gantryops": [("adjacent", 24), ("ai_eng", 32), ("uses", 28)],
    "linkedin_postings_sample_koriralex": [("adjacent", 8), ("ai_eng", 1)],
    "analytics_engineer_jds_2026_jeremychia": [("adjacent", 7), ("ai_eng", 2), ("uses", 1)],
}


def seen_keys(own: str = OWN) -> set[tuple[str, str]]:
    """(dataset, id) of every record in any posting gold set in tests/eval but `own` (keys only)."""
    keys: set[tuple[str, str]] = set()
    names = {p.name for pat in ("*labels*.yaml", "*dev*.yaml", "*holdout*.yaml") for p in HERE.glob(pat)}
    for name in sorted(names - {own}):
        data = yaml.safe_load((HERE / name).read_text(encoding="utf-8")) or {}
        for lab in data.get("labels") or [] if isinstance(data, dict) else []:
            if isinstance(lab, dict) and "dataset" in lab and "id" in lab:
                keys.add((str(lab["dataset"]), str(lab["id"])))
    return keys


def stratum(title: str, text: str) -> str | None:
    """Which weak spot a record may show (a steering heuristic, not a label)."""
    if ADJ_TITLE.search(title) and AI.search(text):
        return "adjacent"
    if ENG_TITLE.search(title) and AI.search(text) and not USE.search(text):
        return "ai_eng"
    if not BUILD.search(title) and USE.search(text):
        return "uses"
    return None


def main() -> None:
    rng = random.Random(SEED)
    done = seen_keys()
    for ds, plan in PLAN.items():
        rows = normalised_rows(ds)
        seen = [k for k in rows if (ds, k) in done]
        strata = {k: stratum(str(r.get("title") or ""), _text(r)) for k, r in rows.items() if (ds, k) not in done}
        for name, n in plan:
            cands = sorted(k for k, s in strata.items() if s == name)
            for key in fresh_sample(rng, cands, n, ds, rows, seen):
                print(f"{ds}\t{key}\t{name}")


if __name__ == "__main__":
    main()
