"""Score the evidence-depth enrichments of issue 9 (part of `make eval`, called by evaluate.py):

* layoff AI attribution levels (`jobshift.enrich.ai_attribution`) against tests/eval/attribution_labels.yaml;
* the AI role of postings (`ai_role`: builds_ai / uses_ai / boilerplate / none) against
  tests/eval/ai_role_labels.yaml.

Both sets were labelled blind (docs/labelling.md). Targets (issue 9): macro-F1 >= 0.80 for each.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from evaluate import (
    confusion,
    confusion_table,
    layoff_key,
    layoff_rows,
    load_labels,
    mark,
    normalised_rows,
    per_class,
    shared_data,
)

from jobshift.enrich.ai_attribution import AI_ATTRIBUTIONS, attribute_ai
from jobshift.enrich.layoffs import attribute_layoff
from jobshift.enrich.records import enrich_posting

HERE = Path(__file__).resolve().parent
ATTRIBUTION_LABELS = HERE / "attribution_labels.yaml"
OCCUPATION_LABELS = HERE / "occupation_labels.yaml"
AI_ROLE_LABELS = HERE / "ai_role_labels.yaml"
AI_ROLES = ("builds_ai", "uses_ai", "boilerplate", "none")
TARGET = 0.80


def _macro(gold: list[str], pred: list[str], classes: tuple[str, ...]) -> tuple[float, dict[Any, Any]]:
    stats = per_class(gold, pred)
    f1s = [stats.get(c, (0.0, 0.0, 0.0, 0))[2] for c in classes if c in set(gold)]
    return (sum(f1s) / len(f1s) if f1s else 0.0), stats


def _report(title: str, gold: list[str], pred: list[str], classes: tuple[str, ...], markdown: bool) -> float:
    macro, stats = _macro(gold, pred, classes)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold))
    if markdown:
        print(f"| {title} macro-F1 | {macro:.3f} | >= {TARGET:.2f} {'PASS' if macro >= TARGET else 'FAIL'} |")
        return macro
    print(f"\n-- {title}: macro-F1 over the classes present {mark(macro, TARGET)}; accuracy {acc:.3f} (n {len(gold)})")
    for c in classes:
        if c in stats:
            p, r, f1, n = stats[c]
            print(f"  {c:<12} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  support {n}")
    print("confusion matrix (rows = gold, columns = predicted):")
    print(confusion_table(*confusion(gold, pred)))
    return macro


def evaluate_attribution(markdown: bool = False) -> float | None:
    if not ATTRIBUTION_LABELS.is_file():
        return None
    labels = load_labels(ATTRIBUTION_LABELS)
    gold, pred, misses = [], [], []
    for lab, row in layoff_rows(labels):
        text = " ".join(str(row[k]) for k in ("description", "notice_type") if row.get(k))
        tag = attribute_layoff(text or None, company=row.get("company"), url=row.get("url"))
        source = "warn" if lab["dataset"].startswith("warn") else lab["dataset"]
        known = lab["dataset"] != "handwritten" and not row.get("_investment")  # imported layoff records
        got = attribute_ai(text or None, tag, source=source, url=row.get("url"), layoff_known=known)
        gold.append(lab["ai_attribution"])
        pred.append(got.level)
        if got.level != lab["ai_attribution"]:
            where = layoff_key(lab) if lab["dataset"] != "handwritten" else lab["id"]
            misses.append(f"  {lab['dataset'][:12]:<12} {where:<16} {lab['ai_attribution']}->{got.level} "
                          f"[{got.evidence or ''}]")
    macro = _report(f"AI attribution level, {len(labels)} layoff texts", gold, pred, AI_ATTRIBUTIONS, markdown)
    if not markdown and misses:
        print("misses (gold -> predicted [evidence]):")
        print("\n".join(misses))
    return macro


def evaluate_ai_role(markdown: bool = False) -> float | None:
    if not AI_ROLE_LABELS.is_file():
        return None
    labels = load_labels(AI_ROLE_LABELS)
    by_ds: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        by_ds[lab["dataset"]].add(str(lab["id"]))
    rows = {ds: normalised_rows(ds, ids) for ds, ids in by_ds.items()}
    gold, pred, misses = [], [], []
    for lab in labels:
        row = rows[lab["dataset"]].get(str(lab["id"]))
        if row is None:
            raise SystemExit(f"record not found: {lab['dataset']} {lab['id']}")
        enriched, _, _ = enrich_posting(dict(row))
        gold.append(lab["ai_role"])
        pred.append(enriched["ai_role"])
        if enriched["ai_role"] != lab["ai_role"]:
            misses.append(f"  {lab['dataset'][:12]:<12} {str(lab['id'])[-20:]:<20} {lab['ai_role']}->"
                          f"{enriched['ai_role']} [{(enriched.get('ai_role_evidence') or '')[:90]}]")
    macro = _report(f"AI role of postings, {len(labels)} postings", gold, pred, AI_ROLES, markdown)
    if not markdown and misses:
        print("misses (gold -> predicted [evidence]):")
        print("\n".join(misses))
    return macro


def onet_index() -> Any:
    """The occupation index built from the O*NET files in ../shared/data (as an import would store them)."""
    import csv

    from jobshift.enrich.occupations import build_index

    folder = shared_data() / "onet_technology_skills"

    def rows(name: str, title_col: str) -> list[tuple[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            return [(r["O*NET-SOC Code"], r[title_col]) for r in csv.DictReader(fh, delimiter="\t")]

    return build_index(rows("Alternate Titles.txt", "Alternate Title"), rows("Occupation Data.txt", "Title"))


def evaluate_occupations(markdown: bool = False) -> tuple[float, float] | None:
    """Major-group and detailed-occupation accuracy of title -> O*NET-SOC (issue 9 targets 0.90 / 0.70)."""
    import time

    from jobshift.enrich.roles import classify_role

    if not OCCUPATION_LABELS.is_file():
        return None
    labels = load_labels(OCCUPATION_LABELS)
    started = time.perf_counter()
    index = onet_index()
    built = time.perf_counter() - started
    major_ok = detail_ok = n_major = n_detail = 0
    methods: dict[str, int] = defaultdict(int)
    misses = []
    started = time.perf_counter()
    for lab in labels:
        if not lab.get("major_group"):
            continue
        found = index.match_title(lab["title"], classify_role(lab["title"]).role_family)
        methods[found.method] += 1
        n_major += 1
        major_ok += found.major_group == str(lab["major_group"])
        if lab.get("soc_code"):
            n_detail += 1
            detail_ok += found.soc_code == lab["soc_code"]
            if found.soc_code != lab["soc_code"]:
                misses.append(f"  {lab['title'][:60]:<60} {lab['soc_code']} -> {found.soc_code} ({found.method}: "
                              f"{(found.matched_title or '')[:40]})")
    per_title = (time.perf_counter() - started) / max(1, n_major)
    major, detail = major_ok / max(1, n_major), detail_ok / max(1, n_detail)
    if markdown:
        print(f"| occupation major group accuracy | {major:.3f} | >= 0.90 {'PASS' if major >= 0.9 else 'FAIL'} |")
        print(f"| occupation detailed accuracy | {detail:.3f} | >= 0.70 {'PASS' if detail >= 0.7 else 'FAIL'} |")
        return major, detail
    print(f"\n-- Occupations, {n_major} titles ({n_detail} with a detailed code): major group {mark(major, 0.90)}; "
          f"detailed {mark(detail, 0.70)}")
    print(f"  matched by: {dict(methods)}; index built in {built:.2f} s, {per_title * 1e6:.0f} µs per title")
    print("misses at the detailed level (gold -> predicted):")
    print("\n".join(misses[:40]))
    return major, detail
