"""Draw the second blind held-out postings set (seed 20261130) for role family, seniority and ai_role.

Prints dataset<TAB>id<TAB>stratum; with an output path, also writes each drawn record's text as the importer
normalises it (`normalised_rows` of evaluate.py) to that file for labelling. Run from the repo root:
`python tests/eval/draw_holdout2.py [/work/shared/data] [/tmp/holdout2_texts.txt]`.
Same pools, regexes and stratum order as the held-out draw (and draw_dev2.py), NOT steered to weak spots: the set
estimates accuracy on the population the first held-out set represents. Four pools (HN 2026, HN 2013-18, the
LinkedIn sample, the analytics JDs; the title-only LinkedIn DS set is left out since it has no text for ai_role);
draw_dev2's sizes for those pools x 2/3, rounded so the total is 120. Every (dataset, id) of every posting gold
set in tests/eval (`*labels*.yaml`, `*dev*.yaml`, `*holdout*.yaml`; holdout files read for their keys only) is
removed first (a stratum left short passes the rest of its size to the last,
unrestricted stratum of the same dataset), and near-duplicates (reposts) of a labelled or already-drawn
record are skipped.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_ai_role_holdout import _text, fresh_sample  # type: ignore[import-not-found]
from draw_dev2 import AI, pools  # type: ignore[import-not-found]  # held-out pools and regexes
from draw_dev3 import seen_keys  # type: ignore[import-not-found]  # keys of every posting gold set
from evaluate import normalised_rows  # type: ignore[import-not-found]  # text as the importer sees it

SEED = 20261130
HERE = Path(__file__).resolve().parent
OWN = "postings_holdout2.yaml"  # this set itself is not a pool filter
# dataset -> [(stratum, n, ai?, pay?)]; None = either. draw_dev2's sizes x 2/3 (total 120).
PLAN: dict[str, list[tuple[str, int, bool | None, bool | None]]] = {  # see Plan below
    "hn_whoishiring_2026_gantryops": [("ai_pay", 18, True, True), ("ai", 16, True, False),
                                      ("pay", 9, False, True), ("rest", 10, False, False)],
    "hn_whoishiring_2013_2018_gaganpreet": [("ai", 9, True, None), ("pay", 9, None, True), ("rest", 9, None, None)],
    "linkedin_postings_sample_koriralex": [("ai", 7, True, None), ("pay", 11, False, True), ("rest", 8, None, None)],
    "analytics_engineer_jds_2026_jeremychia": [("pay", 5, None, True), ("ai", 5, True, None), ("rest", 4, None, None)],
}


def fits(entry: tuple[str, bool], ai: bool | None, pay: bool | None) -> bool:
    """Whether a pool entry (text, has pay) belongs to a stratum."""
    return (ai is None or bool(AI.search(entry[0])) == ai) and (pay is None or entry[1] == pay)


Plan = dict[str, list[tuple[str, int, bool | None, bool | None]]]


def draw(seed: int = SEED, own: str = OWN, sizes: Plan | None = None) -> list[tuple[str, str, str, dict[str, object]]]:
    """(dataset, id, stratum, normalised row) of the drawn records, in draw order; `own` is the set being drawn
    (not a pool filter), `sizes` the plan (this draw's PLAN by default; draw_dev4 passes its own)."""
    rng = random.Random(seed)
    done = seen_keys(own)
    out = []
    all_pools = pools()
    for ds, plan in (PLAN if sizes is None else sizes).items():
        rows = normalised_rows(ds)
        pool = {k: v for k, v in all_pools[ds].items() if (ds, k) not in done and k in rows}
        seen = [k for k in rows if (ds, k) in done]
        taken: set[str] = set()
        short = 0  # what a stratum could not fill goes to the dataset's last ("any") stratum (LinkedIn AI is empty)
        for i, (name, n, ai, pay) in enumerate(plan):
            n += short if i == len(plan) - 1 else 0
            cands = [k for k in sorted(pool) if k not in taken and fits(pool[k], ai, pay)]
            picked = fresh_sample(rng, cands, n, ds, rows, seen)
            taken.update(picked)
            out += [(ds, key, name, rows[key]) for key in picked]
            short += n - len(picked)
    return out


def main() -> None:
    write(draw())


def write(drawn: list[tuple[str, str, str, dict[str, object]]]) -> None:
    """Print the draw's keys; with an output path (argv[2]) also write the texts for labelling."""
    texts = []
    for i, (ds, key, name, row) in enumerate(drawn, 1):
        print(f"{ds}\t{key}\t{name}")
        texts.append(f"===== {i} {ds} {key} [{name}]\nTITLE: {row.get('title')}\n{_text(row)}\n")
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text("\n".join(texts), encoding="utf-8")


if __name__ == "__main__":
    main()
