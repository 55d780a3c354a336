"""Draw the real part of the second AI-attribution development set (docs/labelling.md, "AI attribution levels",
"Second development set").

Prints dataset<TAB>key<TAB>part (key = "layoffs:<row>" or "<state>:<row>", as evaluate.layoff_key builds it).
Run from the repo root: `python tests/eval/draw_attribution_dev2.py`. Only records that none of
layoff_labels.yaml, attribution_labels.yaml and attribution_holdout.yaml uses (the held-out file is read for its
keys only), seed 20261127. Every layoffs.fyi URL that mentions AI as a word is already used, so:
(a) every remaining layoffs.fyi row whose URL has an AI-ish word the earlier draws' regex misses (openai, gpt,
copilot, robot, intelligence, bots, "ai" glued to another word) or a causal/pivot cue word, in row order, at most 40;
(b) 15 other layoffs.fyi rows; (c) 15 WARN rows whose reason/comment text is not blank.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import layoff_key, normalised_rows  # type: ignore[import-not-found]  # rows as the importer sees them

SEED = 20261127
HERE = Path(__file__).resolve().parent
USED = ("layoff_labels.yaml", "attribution_labels.yaml", "attribution_holdout.yaml")
URL_AI = re.compile(r"(?:^|[^a-z0-9])(?:ai|genai|artificial|automat\w*|chatbots?|agents?|agentic|chatgpt|llms?"
                    r"|machine-learning)(?:[^a-z0-9]|$)")
URL_NEAR = re.compile(r"openai|gpt|copilot|robot|intelligen|bots?\b|\w+ai(?:-|$)|replac|citing|because|due-to"
                      r"|pivot|shift|refocus|restructur|efficien|transform")
BLANK = {"", "n/a", "na", "none", "-", "null", "nan"}


def used() -> set[str]:
    """Keys of the real records the other attribution / layoff label files use (no labels are read)."""
    keys: set[str] = set()
    for name in USED:
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
    urls = {k: str(fyi[k].get("url") or "").lower() for k in order}
    near = [k for k in order if not URL_AI.search(urls[k]) and URL_NEAR.search(urls[k])]
    picked = near[:40]
    for k in picked:
        print(f"layoffs_fyi_databyab\t{k}\ta_near_ai")
    rest = [k for k in order if k not in set(near) and not URL_AI.search(urls[k])]
    for k in rng.sample(rest, 15):
        print(f"layoffs_fyi_databyab\t{k}\tb_other")
    warn = {k: r for k, r in normalised_rows("warn_notices_biglocalnews", row_numbers=True).items()
            if re.fullmatch(r"[a-z]{2}:\d+", k) and f"warn_notices_biglocalnews|{k}" not in done
            and str(r.get("description") or "").strip().lower() not in BLANK}
    wkeys = sorted(warn, key=lambda k: (k.split(":")[0], int(k.split(":")[1])))
    for k in rng.sample(wkeys, 15):
        print(f"warn_notices_biglocalnews\t{k}\tc_warn")
    print(f"# pools: near {len(near)}, rest {len(rest)}, warn {len(wkeys)}", file=sys.stderr)


if __name__ == "__main__":
    main()
