"""Draw the second development set (docs/labelling.md, "Second development set (seed 20261127)").

Prints dataset<TAB>id<TAB>stratum. Same pools, regexes and stratum order as the held-out draw; seed 20261127; the
held-out sizes x 4/3 (200 postings); every (dataset, id) already in postings_labels.yaml, postings_holdout.yaml,
ai_role_labels.yaml or ai_role_holdout.yaml is removed from the pools first. Run from the repo root:
`python tests/eval/draw_dev2.py [/work/shared/data]`.
"""
import csv
import gzip
import json
import random
import re
import sys
from pathlib import Path

import yaml

SEED = 20261127
ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
HERE = Path(__file__).resolve().parent
SEEN = ("postings_labels.yaml", "postings_holdout.yaml", "ai_role_labels.yaml", "ai_role_holdout.yaml")
AI = re.compile(r"(?-i:\bA\.?I\b|\bML\b|\bLLMs?\b|\bNLP\b)|machine[ -]learning|deep[ -]learning|artificial intelligence"
                r"|gen(?:erative)?[ -]?ai\b|large language|pytorch|tensorflow|computer vision|data scien", re.I)
PAY = re.compile(r"[$€£]\s?\d{2,3}(?:[,.]\d{3})?\s?[kK]?\b")
csv.field_size_limit(10**9)

def pools():
    out = {}
    hn = {}
    for f in sorted((ROOT / "hn_whoishiring_2026_gantryops/runs").glob("*/raw.json")):
        for j in json.loads(f.read_text())["jobs"]:
            hn.setdefault(str(j["id"]), j.get("text") or "")
    out["hn_whoishiring_2026_gantryops"] = {k: (v, PAY.search(v) is not None) for k, v in hn.items()}
    old = {}
    for f in sorted((ROOT / "hn_whoishiring_2013_2018_gaganpreet/src/web/data").glob("*.json.gz")):
        for j in json.loads(gzip.decompress(f.read_bytes())):
            old.setdefault(str(j["url"]), j.get("full_html") or "")
    out["hn_whoishiring_2013_2018_gaganpreet"] = {k: (v, PAY.search(v) is not None) for k, v in old.items()}
    li = {}
    with open(ROOT / "linkedin_postings_sample_koriralex/postings.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            li[r["job_id"]] = (f"{r['title']}\n{r['description']}", bool(r["max_salary"] or r["med_salary"]))
    out["linkedin_postings_sample_koriralex"] = li
    ae = {}
    for f in sorted((ROOT / "analytics_engineer_jds_2026_jeremychia/data").glob("*/*.json")):
        d = json.loads(f.read_text())
        md = f.parent / "jd_archive.md"
        if md.is_file():
            ae[str(d["jd_id"])] = (f"{d.get('role')}\n{md.read_text()}", d.get("salary_min") is not None)
    out["analytics_engineer_jds_2026_jeremychia"] = ae
    ds = {}
    with open(ROOT / "linkedin_ds_jobs_2024_venura/job_postings.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ds.setdefault(r["job_link"], (r["job_title"], False))
    out["linkedin_ds_jobs_2024_venura"] = ds
    return out

# dataset -> list of (stratum, n, ai?, pay?)  None = either; the held-out sizes x 4/3, rounded
PLAN = {
    "hn_whoishiring_2026_gantryops": [("ai_pay", 27, True, True), ("ai", 24, True, False),
                                      ("pay", 13, False, True), ("rest", 16, False, False)],
    "hn_whoishiring_2013_2018_gaganpreet": [("ai", 14, True, None), ("pay", 13, None, True), ("rest", 13, None, None)],
    "linkedin_postings_sample_koriralex": [("ai", 11, True, None), ("pay", 16, False, True), ("rest", 13, None, None)],
    "analytics_engineer_jds_2026_jeremychia": [("pay", 7, None, True), ("ai", 7, True, None), ("rest", 6, None, None)],
    "linkedin_ds_jobs_2024_venura": [("ai", 11, True, None), ("rest", 9, False, None)],
}

def main():
    rng = random.Random(SEED)
    done = {(lab["dataset"], str(lab["id"])) for name in SEEN
            for lab in yaml.safe_load((HERE / name).read_text())["labels"]}
    for ds, pool in pools().items():
        pool = {k: v for k, v in pool.items() if (ds, k) not in done}
        taken = set()
        for stratum, n, ai, pay in PLAN[ds]:
            cands = [k for k in sorted(pool) if k not in taken
                     and (ai is None or bool(AI.search(pool[k][0])) == ai)
                     and (pay is None or pool[k][1] == pay)]
            for k in rng.sample(cands, min(n, len(cands))):
                taken.add(k)
                print(f"{ds}\t{k}\t{stratum}")

if __name__ == "__main__":
    main()
