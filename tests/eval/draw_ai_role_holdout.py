"""Draw the held-out ai_role sample (docs/labelling.md, "AI role in postings", "Held-out set (seed 20261126)").

Prints dataset<TAB>id<TAB>stratum. Run from the repo root: `python tests/eval/draw_ai_role_holdout.py`.
Pools: every record of the four text datasets as the importer normalises them (`normalised_rows`), minus every
(dataset, id) in ai_role_labels.yaml, postings_labels.yaml and postings_holdout.yaml. The keyword heuristics only
spread the draw over the classes (they are NOT labels and NOT jobshift's classifier); `uses` is tried first so
the rare uses_ai class gets enough support. The analytics-JD collector's appended "Layer B" analysis is cut off.
Reposts: a drawn record that is a near-duplicate of an already-labelled one (same company and >= 90% similar
text, or an analytics JD with the same company slug and title) is dropped and replaced, after the whole draw, by
the next record of the same dataset and stratum, so the rest of the draw does not move.
"""

from __future__ import annotations

import difflib
import random
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import normalised_rows  # type: ignore[import-not-found]  # text as the importer sees it

SEED = 20261126
HERE = Path(__file__).resolve().parent
SEEN = ("ai_role_labels.yaml", "postings_labels.yaml", "postings_holdout.yaml")
BUILD = re.compile(r"machine[ -]learning engineer|\bML(?:Ops)?\b.{0,20}engineer|\bAI\b.{0,20}engineer|applied scientist"
                   r"|research (?:scientist|engineer)|data scientist|fine-?tun|train(?:ing)? (?:models|LLMs)|pytorch"
                   r"|tensorflow|\bRAG\b|(?:build|develop)\w*.{0,40}(?:LLM|agents?|models?)\b|inference"
                   r"|computer vision", re.I)
USE = re.compile(r"\b(?:use|uses|using|leverag\w*|familiar\w*|comfortable|fluen\w*|proficien\w*|adopt\w*|embrac\w*)\W+"
                 r"(?:\S+\s+){0,4}?(?:AI|GenAI|ChatGPT|Copilot|Claude|Cursor|LLMs?|generative AI|agentic)\b"
                 r"|\bAI[- ](?:assisted|augmented|enabled|powered)?[- ]?(?:coding|developer|development|productivity)?"
                 r"[- ]?tool(?:s|ing)\b|AI literacy|AI[- ]native|AI[- ]first|claude code|copilot|chatgpt|\bcursor\b",
                 re.I)
ANY = re.compile(r"(?-i:\bA\.?I\b|\bML\b|\bLLMs?\b|\bNLP\b)|artificial intelligence|machine[ -]learning"
                 r"|deep[ -]learning|gen(?:erative)?[ -]?ai\b|large language|neural|chatgpt|copilot", re.I)
# Second stage (after the first 150 were labelled, uses_ai had 15 and boilerplate 23 members): more records from
# the stricter `uses` heuristic (a uses cue and no builds cue anywhere) and from the boilerplate stratum.
SUPPLEMENT: list[tuple[str, str, int]] = [
    ("hn_whoishiring_2026_gantryops", "uses_strict", 20),
    ("analytics_engineer_jds_2026_jeremychia", "uses_strict", 10),
    ("hn_whoishiring_2026_gantryops", "boilerplate", 8),
]
# dataset -> (stratum, n), drawn in this order without replacement
PLAN: dict[str, list[tuple[str, int]]] = {
    "hn_whoishiring_2026_gantryops": [("uses", 25), ("builds", 22), ("boilerplate", 16), ("none", 12)],
    "hn_whoishiring_2013_2018_gaganpreet": [("uses", 4), ("builds", 9), ("boilerplate", 6), ("none", 6)],
    "linkedin_postings_sample_koriralex": [("uses", 5), ("builds", 7), ("boilerplate", 6), ("none", 7)],
    "analytics_engineer_jds_2026_jeremychia": [("uses", 12), ("builds", 6), ("boilerplate", 3), ("none", 4)],
}


def stratum(title: str, text: str) -> str:
    if not BUILD.search(title) and USE.search(text):
        return "uses"
    if BUILD.search(title) or BUILD.search(text):
        return "builds"
    return "boilerplate" if ANY.search(text) else "none"


def seen_keys() -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for name in SEEN:
        for lab in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["labels"]:
            keys.add((lab["dataset"], str(lab["id"])))
    return keys


def _text(row: dict[str, object]) -> str:
    title = str(row.get("title") or "")
    return f"{title}\n{row.get('description') or ''}".split("## Layer B")[0]


def _norm(row: dict[str, object]) -> tuple[str, str]:
    company = re.sub(r"\W+", "", str(row.get("company") or "").lower())
    return company, re.sub(r"\W+", " ", _text(row).lower())[:2000]


def is_repost(ds: str, key: str, rows: dict[str, dict[str, object]], seen: list[str]) -> bool:
    """A near-duplicate of an already-labelled record of the same dataset."""
    company, text = _norm(rows[key])
    for other in seen:
        if ds.startswith("analytics_engineer") and key.split("_")[1:2] == other.split("_")[1:2] \
                and str(rows[key].get("title")).lower() == str(rows[other].get("title")).lower():
            return True
        o_company, o_text = _norm(rows[other])
        if company == o_company and difflib.SequenceMatcher(None, text, o_text).ratio() >= 0.9:
            return True
    return False



def fresh_sample(rng: random.Random, cands: list[str], n: int, ds: str, rows: dict[str, dict[str, object]],
                 seen: list[str]) -> list[str]:
    """Up to `n` of `cands` in a seeded random order, skipping near-duplicates of `seen` (is_repost); each pick
    joins `seen`, so no two near-duplicates enter one draw either."""
    picked: list[str] = []
    for key in rng.sample(cands, len(cands)):
        if len(picked) == n:
            break
        if not is_repost(ds, key, rows, seen):
            seen.append(key)
            picked.append(key)
    return picked

def main() -> None:
    rng = random.Random(SEED)
    done = seen_keys()
    drops: list[tuple[str, str, str]] = []
    pools: dict[str, tuple[dict[str, dict[str, object]], dict[str, str], set[str]]] = {}
    for ds, plan in PLAN.items():
        rows = normalised_rows(ds)
        seen = [k for k in rows if (ds, k) in done]
        strata = {k: stratum(str(row.get("title") or ""), _text(row)) for k, row in rows.items() if (ds, k) not in done}
        taken: set[str] = set()
        pools[ds] = (rows, strata, taken)
        picks: list[tuple[str, str]] = []
        for name, n in plan:
            cands = sorted(k for k, s in strata.items() if s == name)
            picked = rng.sample(cands, min(n, len(cands)))
            taken.update(picked)
            picks += [(k, name) for k in picked]
        short = sum(n for _, n in plan) - len(picks)  # top up from the other AI-mentioning records
        rest = sorted(k for k, s in strata.items() if s != "none" and k not in taken)
        topup = rng.sample(rest, min(short, len(rest)))
        taken.update(topup)
        picks += [(k, "topup") for k in topup]
        for k, name in picks:
            if is_repost(ds, k, rows, seen):
                drops.append((ds, k, name))
                print(f"# dropped repost: {ds} {k}", file=sys.stderr)
            else:
                print(f"{ds}\t{k}\t{name}")
    for ds, _dropped, name in drops:  # replacements, after the whole draw
        rows, strata, taken = pools[ds]
        seen = [key for key in rows if (ds, key) in done]
        cands = sorted(key for key, s in strata.items()
                       if key not in taken and (s == name or (name == "topup" and s != "none")))
        for key in rng.sample(cands, len(cands)):
            taken.add(key)
            if not is_repost(ds, key, rows, seen):
                print(f"{ds}\t{key}\t{name}-replacement")
                break
    for ds, name, n in SUPPLEMENT:  # second stage, after the replacements
        rows, strata, taken = pools[ds]
        seen = [key for key in rows if (ds, key) in done]
        if name == "uses_strict":
            cands = sorted(key for key, s in strata.items()
                           if key not in taken and s == "uses" and not BUILD.search(_text(rows[key])))
        else:
            cands = sorted(key for key, s in strata.items() if key not in taken and s == name)
        got = 0
        for key in rng.sample(cands, len(cands)):
            if got == n:
                break
            taken.add(key)
            if not is_repost(ds, key, rows, seen):
                got += 1
                print(f"{ds}\t{key}\t{name}-supplement")


if __name__ == "__main__":
    main()
