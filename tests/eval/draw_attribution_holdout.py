"""Draw the held-out AI-attribution sample (docs/labelling.md, "AI attribution levels", "Held-out set").

Prints dataset<TAB>key<TAB>part (key = "layoffs:<row>" or "<state>:<row>", as evaluate.layoff_key builds it).
Run from the repo root: `python tests/eval/draw_attribution_holdout.py`. Only records that neither
layoff_labels.yaml nor attribution_labels.yaml uses (every tracker event is already labelled, so the real texts
come from layoffs.fyi URL slugs and WARN reason columns), seed 20261126:
(a) every remaining layoffs.fyi row whose URL mentions AI (the dev draw's URL regex), in row order;
(b) 30 layoffs.fyi rows drawn from the rest; (c) 15 WARN rows whose reason/comment text is not blank.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import layoff_key, normalised_rows  # type: ignore[import-not-found]  # rows as the importer sees them

SEED = 20261126
HERE = Path(__file__).resolve().parent
URL_AI = re.compile(r"(?:^|[^a-z0-9])(?:ai|genai|artificial|automat\w*|chatbots?|agents?|agentic|chatgpt|llms?"
                    r"|machine-learning)(?:[^a-z0-9]|$)")
BLANK = {"", "n/a", "na", "none", "-", "null", "nan"}


def used() -> set[str]:
    keys: set[str] = set()
    for name in ("layoff_labels.yaml", "attribution_labels.yaml"):
        for lab in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["labels"]:
            if lab["dataset"] in ("layoffs_fyi_databyab", "warn_notices_biglocalnews"):
                keys.add(f"{lab['dataset']}|{layoff_key(lab)}")
    return keys


def main() -> None:
    rng = random.Random(SEED)
    done = used()
    fyi = {k: r for k, r in normalised_rows("layoffs_fyi_databyab", row_numbers=True).items()
           if k.startswith("layoffs:") and f"layoffs_fyi_databyab|{k}" not in done}
    order = sorted(fyi, key=lambda k: int(k.split(":")[1]))
    ai = [k for k in order if URL_AI.search(str(fyi[k].get("url") or "").lower())]
    rest = [k for k in order if k not in set(ai)]
    for k in ai:
        print(f"layoffs_fyi_databyab\t{k}\ta_ai_url")
    for k in rng.sample(rest, 30):
        print(f"layoffs_fyi_databyab\t{k}\tb_other")
    warn = {k: r for k, r in normalised_rows("warn_notices_biglocalnews", row_numbers=True).items()
            if re.fullmatch(r"[a-z]{2}:\d+", k) and f"warn_notices_biglocalnews|{k}" not in done
            and str(r.get("description") or "").strip().lower() not in BLANK}
    wkeys = sorted(warn, key=lambda k: (k.split(":")[0], int(k.split(":")[1])))
    for k in rng.sample(wkeys, 15):
        print(f"warn_notices_biglocalnews\t{k}\tc_warn")


if __name__ == "__main__":
    main()
