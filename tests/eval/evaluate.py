"""Score jobshift's enrichment against hand labels (see docs/labelling.md): `make eval`.

Postings: tests/eval/postings_labels.yaml holds dataset + record id + gold labels (no text). Each record is
read from ../shared/data (JOBSHIFT_SHARED_DATA overrides) through the packaged import mapping - the same
FileSource.normalise the importer runs, so HN comments go through parse_hn_comment and LinkedIn/analytics
pay through the structured fields - and then enrich_posting, as the pipeline does. Prints skill, role,
seniority, AI-flag and pay metrics against their targets. `--markdown` prints a Markdown summary instead.
Layoffs: evaluate_layoffs() scores tests/eval/layoff_labels.yaml when it exists.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from jobshift.enrich.layoffs import attribute_layoff
from jobshift.enrich.records import enrich_posting
from jobshift.enrich.skills import load_taxonomy
from jobshift.errors import RowError
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import load_mapping

HERE = Path(__file__).resolve().parent
POSTING_LABELS = HERE / "postings_labels.yaml"
# Blind-labelled, never used to tune rules: the honest estimate of how the rules generalise.
POSTING_HOLDOUT = HERE / "postings_holdout.yaml"
POSTING_SETS = {"dev": (POSTING_LABELS, "development set"), "holdout": (POSTING_HOLDOUT, "held-out set")}
LAYOFF_LABELS = HERE / "layoff_labels.yaml"
NON_TECHNICAL = "business_soft"
FILE_STEMS = {"layoffs_fyi_databyab": "layoffs"}  # row-keyed single-file datasets: file name stem
TARGETS = {"skills_precision": 0.95, "skills_recall": 0.90, "role_accuracy": 0.85, "pay_exact": 0.95}


def shared_data() -> Path:
    env = os.environ.get("JOBSHIFT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


# ------------------------------------------------------------------------------------------ metric helpers
def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def binary_prf(gold: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return prf(tp, fp, fn)


def per_class(gold: Sequence[Any], pred: Sequence[Any]) -> dict[Any, tuple[float, float, float, int]]:
    """Per class: precision, recall, F1 and gold support."""
    out = {}
    for c in sorted({*gold, *pred}, key=str):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        out[c] = (*prf(tp, fp, fn), tp + fn)
    return out


def confusion(gold: Sequence[Any], pred: Sequence[Any]) -> tuple[list[Any], dict[tuple[Any, Any], int]]:
    """Labels (sorted) and counts keyed (gold, predicted)."""
    return sorted({*gold, *pred}, key=str), dict(Counter(zip(gold, pred, strict=True)))


def confusion_table(labels: list[Any], counts: dict[tuple[Any, Any], int]) -> str:
    """Text table, rows = gold, columns = predicted (column headers numbered, see the row legend)."""
    w = max(len(str(x)) for x in labels) + 4
    lines = [" " * w + "".join(f"{i:>4}" for i in range(len(labels))) + "   <- predicted"]
    for i, g in enumerate(labels):
        cells = "".join(f"{counts.get((g, p), 0) or '.':>4}" for p in labels)
        lines.append(f"{i:>2} {g!s:<{w - 3}}{cells}")
    return "\n".join(lines)


def pay_exact(gold: dict[str, Any], pred_min: float | None, pred_max: float | None) -> bool:
    """Both ends within 1% of gold (None must match None) - so a rejected pay matches a null/null gold."""
    def close(g: float | None, p: float | None) -> bool:
        return (g is None and p is None) or (g is not None and p is not None and abs(p - g) <= 0.01 * abs(g))
    return close(gold.get("min_usd"), pred_min) and close(gold.get("max_usd"), pred_max)


def mark(value: float, target: float) -> str:
    return f"{value:.3f} (target >= {target:.2f}: {'PASS' if value >= target else 'FAIL'})"


# ------------------------------------------------------------------------------------------ data
def load_labels(path: Path) -> list[dict[str, Any]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(doc["labels"] if isinstance(doc, dict) else doc)


def normalised_rows(dataset: str, wanted: set[str] | None = None,
                    row_numbers: bool = False) -> dict[str, dict[str, Any]]:
    """Rows of a dataset as the importer normalises them, keyed by source id (first occurrence wins).
    With row_numbers, keys are also "<file stem>:<1-based record number>"."""
    mapping = load_mapping(dataset)
    out: dict[str, dict[str, Any]] = {}
    for source in sources_for_path(shared_data() / dataset, mapping):
        seen: Counter[str] = Counter()
        for raw in source.fetch():
            stem = Path(str(raw.context.get("file", ""))).name.split(".")[0]
            seen[stem] += 1
            keys = [raw.source_key] + ([f"{stem}:{seen[stem]}"] if row_numbers else [])
            if wanted is not None and not any(k in wanted for k in keys):
                continue
            try:
                row = source.normalise(raw)
            except RowError:  # the importer rejects it too
                continue
            for k in keys:
                out.setdefault(k, row)
    return out


def run_postings(labels: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any], list[dict]]]:
    by_ds: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        by_ds[lab["dataset"]].add(str(lab["id"]))
    rows = {ds: normalised_rows(ds, ids) for ds, ids in by_ds.items()}
    results = []
    for lab in labels:
        row = rows[lab["dataset"]].get(str(lab["id"]))
        if row is None:
            raise SystemExit(f"record not found: {lab['dataset']} {lab['id']}")
        enriched, skills, _ = enrich_posting(dict(row))
        results.append((lab, enriched, skills))
    return results


# ------------------------------------------------------------------------------------------ postings
def evaluate_postings(markdown: bool = False, which: str = "dev") -> dict[str, float]:
    path, set_name = POSTING_SETS[which]
    labels = load_labels(path)
    results = run_postings(labels)
    category = {s.id: s.category for s in load_taxonomy().skills}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for lab, _, skills in results:
        gold = set(lab["skills"])
        pred = {s["skill_id"] for s in skills if s["category"] != NON_TECHNICAL}
        for s in gold & pred:
            tp[s] += 1
        for s in pred - gold:
            fp[s] += 1
        for s in gold - pred:
            fn[s] += 1
    sp, sr, sf = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    cats = sorted({category[s] for s in (*tp, *fp, *fn)})
    by_cat = {c: prf(*(sum(v for s, v in cnt.items() if category[s] == c) for cnt in (tp, fp, fn))) for c in cats}
    missing = sum(len(lab.get("missing_skills") or []) for lab in labels)
    gold_total = sum(len(lab["skills"]) for lab in labels)

    g_fam = [lab["role_family"] for lab, _, _ in results]
    p_fam = [row["role_family"] for _, row, _ in results]
    fam_acc = sum(g == p for g, p in zip(g_fam, p_fam, strict=True)) / len(results)
    g_sen = [lab["seniority"] or "none" for lab, _, _ in results]
    p_sen = [row["seniority"] or "none" for _, row, _ in results]
    sen_acc = sum(g == p for g, p in zip(g_sen, p_sen, strict=True)) / len(results)
    flags = {f: binary_prf([lab[f] for lab, _, _ in results], [bool(row[f]) for _, row, _ in results])
             for f in ("mentions_llm", "ai_skill_required")}
    paid = [(lab, row) for lab, row, _ in results if lab.get("pay") is not None]
    exact = [pay_exact(lab["pay"], row["salary_min_usd"], row["salary_max_usd"]) for lab, row in paid]
    pay_rate = sum(exact) / len(paid) if paid else 0.0
    unpaid = [row for lab, row, _ in results if lab.get("pay") is None]
    pay_fp = sum(r["salary_min_usd"] is not None or r["salary_max_usd"] is not None for r in unpaid)

    out = {"skills_precision": sp, "skills_recall": sr, "skills_f1": sf, "role_accuracy": fam_acc,
           "seniority_accuracy": sen_acc, "pay_exact": pay_rate}
    if markdown:
        print(f"\n**Postings, {set_name}** (`{path.name}`)\n")
        print(f"| metric | value | target |\n|---|---|---|\n| postings labelled | {len(results)} | |")
        for key, val in out.items():
            target = TARGETS.get(key)
            verdict = (" PASS" if val >= target else " FAIL") if target else ""
            print(f"| {key} | {val:.3f} | {f'>= {target:.2f}{verdict}' if target else ''} |")
        for f, (p, r, f1) in flags.items():
            print(f"| {f} P / R / F1 | {p:.3f} / {r:.3f} / {f1:.3f} | |")
        print(f"| pay: wrong pay on postings without pay | {pay_fp} / {len(unpaid)} | |")
        return out
    print(f"== Postings, {set_name} ({path.name}): {len(results)} labelled "
          f"({dict(Counter(lab['dataset'] for lab in labels))})")
    print(f"\n-- Technical skills (all categories but {NON_TECHNICAL}), micro-averaged")
    print(f"precision {mark(sp, TARGETS['skills_precision'])}\nrecall    {mark(sr, TARGETS['skills_recall'])}"
          f"\nF1        {sf:.3f}   (tp {sum(tp.values())}, fp {sum(fp.values())}, fn {sum(fn.values())})")
    for c, (p, r, f1) in by_cat.items():
        print(f"  {c:<12} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print("worst false positives:", ", ".join(f"{s} {n}" for s, n in fp.most_common(10)))
    print("worst false negatives:", ", ".join(f"{s} {n}" for s, n in fn.most_common(10)))
    print(f"taxonomy coverage: {gold_total} gold skills in the taxonomy, {missing} named skills missing from it "
          f"({gold_total / max(1, gold_total + missing):.1%} covered)")
    print(f"\n-- Role family: accuracy {mark(fam_acc, TARGETS['role_accuracy'])}")
    titled = [(lab, row) for lab, row, _ in results if row.get("title")]
    print(f"  (no title parsed for {len(results) - len(titled)}; accuracy where a title was parsed: "
          f"{sum(lab['role_family'] == row['role_family'] for lab, row in titled) / max(1, len(titled)):.3f})")
    for c, (p, r, f1, n) in per_class(g_fam, p_fam).items():
        print(f"  {c:<27} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  support {n}")
    print("confusion matrix (rows = gold, columns = predicted):")
    print(confusion_table(*confusion(g_fam, p_fam)))
    print(f"\n-- Seniority: accuracy {sen_acc:.3f} (as stored: source levels where the dataset has them)")
    for c, (p, r, f1, n) in per_class(g_sen, p_sen).items():
        print(f"  {c:<10} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  support {n}")
    print("\n-- AI flags")
    for f, (p, r, f1) in flags.items():
        print(f"  {f:<18} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (gold positives {sum(lab[f] for lab in labels)})")
    print(f"\n-- Pay: exact on {len(paid)} postings that state pay: {mark(pay_rate, TARGETS['pay_exact'])}")
    print(f"  pay produced for {pay_fp} of {len(unpaid)} postings that state none")
    for (lab, row), ok in zip(paid, exact, strict=True):
        if not ok and which == "dev":  # the held-out set's records stay unseen: its score only
            g = lab["pay"]
            print(f"  miss {lab['dataset'][:14]} {str(lab['id'])[-24:]:<24} gold {g.get('min_usd')}-{g.get('max_usd')}"
                  f"  got {row['salary_min_usd']}-{row['salary_max_usd']} {row.get('salary_reject_reason') or ''}")
    return out


# ------------------------------------------------------------------------------------------ layoffs
def layoff_key(lab: dict[str, Any]) -> str:
    """A layoff label's record key: `id` (tracker), `row` (layoffs.fyi), `state` + `row` (WARN)."""
    if lab["dataset"] == "ai_layoffs_tracker_events":
        return str(lab["id"])
    return f"{lab.get('state') or FILE_STEMS[lab['dataset']]}:{lab['row']}"


def layoff_rows(labels: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each layoff label with its normalised row (handwritten labels: their `text` as the description)."""
    import json

    wanted: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        if lab["dataset"] != "handwritten":
            wanted[lab["dataset"]].add(layoff_key(lab))
    rows = {ds: normalised_rows(ds, keys, row_numbers=True) for ds, keys in wanted.items()}
    events_file = shared_data() / "ai_layoffs_tracker_events" / "events.json"
    events = {e["id"]: e for e in json.loads(events_file.read_text(encoding="utf-8"))}
    out = []
    for lab in labels:
        if lab["dataset"] == "handwritten":
            row: dict[str, Any] | None = {"description": lab["text"]}
        else:
            row = rows[lab["dataset"]].get(layoff_key(lab))
            if row is None and lab["dataset"] == "ai_layoffs_tracker_events" and lab["id"] in events:
                event = events[lab["id"]]  # an investment event: not imported, scored as the same text
                row = {"description": event["description"], "url": event["source_url"], "_investment": True}
            if row is None:
                raise SystemExit(f"layoff record not found: {lab['dataset']} {layoff_key(lab)}")
            if lab["dataset"] == "layoffs_fyi_databyab" and lab.get("company") and row.get("company") != lab["company"]:
                raise SystemExit(f"layoffs.csv row {lab['row']} is {row.get('company')!r}, not {lab['company']!r}")
        out.append((lab, row))
    return out


def evaluate_layoffs(markdown: bool = False) -> dict[str, float] | None:
    """Score attribute_layoff (is_layoff, reason, headcount, percent) against tests/eval/layoff_labels.yaml.

    Each record goes through the packaged import mapping (normalised_rows) and gets the text enrich_layoff
    builds - description + notice type, the source URL as `url`: tracker `description` + `source_url`,
    layoffs.fyi only its `source` URL, WARN the state's reason/comment column + notice type. Labels with
    `text` (handwritten) are scored as given. Tracker investment events, which the mapping filters out
    (where type = layoff), are read from events.json the same way, to test that they are not layoffs.
    Keys: `id` (tracker), `row` (layoffs.fyi), `state` + `row` (WARN), both 1-based data records.
    """
    from jobshift.enrich.layoffs import REASONS

    targets = {"reason_macro_f1": 0.80, "headcount_exact": 0.90}
    if not LAYOFF_LABELS.is_file():
        print("\n== Layoffs: no tests/eval/layoff_labels.yaml yet")
        return None
    labels = load_labels(LAYOFF_LABELS)

    results = []  # (label, tag)
    for lab, row in layoff_rows(labels):
        text = " ".join(str(row[k]) for k in ("description", "notice_type") if row.get(k))
        results.append((lab, attribute_layoff(text or None, company=row.get("company"), url=row.get("url"))))

    # is_layoff
    gold_l = [bool(lab["is_layoff"]) for lab, _ in results]
    pred_l = [tag.is_layoff for _, tag in results]
    l_acc = sum(g == p for g, p in zip(gold_l, pred_l, strict=True)) / len(results)
    l_by_ds = {ds: [g == p for (lab, _), g, p in zip(results, gold_l, pred_l, strict=True) if lab["dataset"] == ds]
               for ds in dict.fromkeys(lab["dataset"] for lab, _ in results)}
    # reason, on gold layoffs
    layoffs = [(lab, tag) for lab, tag in results if lab["is_layoff"]]
    gold_r = [lab["reason"] for lab, _ in layoffs]
    pred_r = [tag.reason for _, tag in layoffs]
    classes = per_class(gold_r, pred_r)
    f1s = {c: classes.get(c, (0.0, 0.0, 0.0, 0))[2] for c in REASONS}
    macro_f1 = sum(f1s.values()) / len(REASONS)
    r_acc = sum(g == p for g, p in zip(gold_r, pred_r, strict=True)) / max(1, len(layoffs))
    _, counts = confusion(gold_r, pred_r)
    # headcount and percent
    with_head = [(lab, tag) for lab, tag in results if lab["headcount"] is not None]
    head_exact = sum(tag.headcount == lab["headcount"] for lab, tag in with_head) / max(1, len(with_head))
    no_head = [(lab, tag) for lab, tag in results if lab["headcount"] is None]
    head_false = sum(tag.headcount is not None for _, tag in no_head) / max(1, len(no_head))

    def pct_ok(gold: float | None, pred: float | None) -> bool:
        return (gold is None and pred is None) or (gold is not None and pred is not None and abs(gold - pred) <= 0.5)

    with_pct = [(lab, tag) for lab, tag in results if lab["percent"] is not None]
    pct_exact = sum(pct_ok(lab["percent"], tag.percent) for lab, tag in with_pct) / max(1, len(with_pct))
    no_pct = [(lab, tag) for lab, tag in results if lab["percent"] is None]
    pct_false = sum(tag.percent is not None for _, tag in no_pct) / max(1, len(no_pct))

    out = {"layoff_is_layoff_accuracy": l_acc, "layoff_reason_macro_f1": macro_f1, "layoff_reason_accuracy": r_acc,
           "layoff_headcount_exact": head_exact, "layoff_headcount_false_rate": head_false,
           "layoff_percent_exact": pct_exact, "layoff_percent_false_rate": pct_false}
    out_targets = {"layoff_reason_macro_f1": targets["reason_macro_f1"],
                   "layoff_headcount_exact": targets["headcount_exact"]}
    if markdown:
        print(f"| layoff texts labelled | {len(results)} | |")
        for name, val in out.items():
            target = out_targets.get(name)
            verdict = f">= {target:.2f} {'PASS' if val >= target else 'FAIL'}" if target else ""
            print(f"| {name} | {val:.3f} | {verdict} |")
        return out

    sizes = ", ".join(f"{ds} {n}" for ds, n in Counter(lab["dataset"] for lab, _ in results).items())
    print(f"\n== Layoffs: {len(results)} labelled texts ({sizes})")
    print(f"\n-- is_layoff: accuracy {l_acc:.3f} ({sum(gold_l)} gold layoffs, {len(gold_l) - sum(gold_l)} not)")
    for ds, hits in l_by_ds.items():
        print(f"  {ds:<27} {sum(hits) / len(hits):.3f}  ({sum(hits)}/{len(hits)})")
    print(f"\n-- Reason, on {len(layoffs)} gold layoffs: macro-F1 over the six reasons "
          f"{mark(macro_f1, targets['reason_macro_f1'])}; accuracy {r_acc:.3f}")
    for c in REASONS:
        p, r, f1, n = classes.get(c, (0.0, 0.0, 0.0, 0))
        print(f"  {c:<14} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  support {n}")
    print("confusion matrix (rows = gold, columns = predicted):")
    print(confusion_table(list(REASONS), counts))
    print(f"\n-- Headcount: exact on {len(with_head)} texts that state one: "
          f"{mark(head_exact, targets['headcount_exact'])}")
    print(f"  false headcount where gold is null: {head_false:.3f} "
          f"({sum(t.headcount is not None for _, t in no_head)}/{len(no_head)})")
    print(f"-- Percent: exact (±0.5) on {len(with_pct)} texts that state one: {pct_exact:.3f}")
    print(f"  false percent where gold is null: {pct_false:.3f} "
          f"({sum(t.percent is not None for _, t in no_pct)}/{len(no_pct)})")
    print("\n-- Misses (gold -> predicted)")
    for lab, tag in results:
        bad = []
        if lab["is_layoff"] != tag.is_layoff:
            bad.append(f"is_layoff {lab['is_layoff']}->{tag.is_layoff}")
        if lab["is_layoff"] and lab["reason"] != tag.reason:
            bad.append(f"reason {lab['reason']}->{tag.reason}")
        if lab["headcount"] != tag.headcount and (lab["headcount"] is not None or tag.headcount is not None):
            bad.append(f"headcount {lab['headcount']}->{tag.headcount}")
        if not pct_ok(lab["percent"], tag.percent):
            bad.append(f"percent {lab['percent']}->{tag.percent}")
        if bad:
            where = layoff_key(lab) if lab["dataset"] != "handwritten" else lab["id"]
            print(f"  {lab['dataset'][:12]:<12} {where:<16} "
                  f"{'; '.join(bad)}  [{tag.reason_evidence or ''}]")
    return out


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown summary for docs")
    parser.add_argument("--postings", choices=["dev", "holdout", "both"], default="both",
                        help="which posting label set to score (default: both, development set first)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not shared_data().is_dir():
        print(f"shared data not found at {shared_data()} (set JOBSHIFT_SHARED_DATA)", file=sys.stderr)
        return 2
    for which in ("dev", "holdout"):
        if args.postings in (which, "both") and POSTING_SETS[which][0].exists():
            evaluate_postings(args.markdown, which)
            print()
    evaluate_layoffs(args.markdown)
    from evaluate_evidence import (
        AI_ROLE_DEV3,
        AI_ROLE_HOLDOUT,
        ATTRIBUTION_DEV2,
        ATTRIBUTION_HOLDOUT,
        OCCUPATION_DEV2,
        OCCUPATION_HOLDOUT,
        POSTINGS_HOLDOUT2,
        ROLE_DEV2,
        ROLE_DEV3,
        ROLE_DEV4,
        evaluate_ai_role,
        evaluate_attribution,
        evaluate_occupations,
        evaluate_roles,
    )

    # Role family on the second to fifth development sets (190, 103 and 151 postings; the first is in the postings
    # section above).
    evaluate_roles(args.markdown, ROLE_DEV2)
    evaluate_roles(args.markdown, ROLE_DEV3)
    evaluate_roles(args.markdown, ROLE_DEV4)
    evaluate_roles(args.markdown, POSTINGS_HOLDOUT2, show_misses=False)  # second blind held-out set
    # Each evidence part: the development sets (misses listed), then its blind held-out set (score only).
    evaluate_attribution(args.markdown)
    evaluate_attribution(args.markdown, ATTRIBUTION_DEV2)
    evaluate_attribution(args.markdown, ATTRIBUTION_HOLDOUT, show_misses=False)
    evaluate_ai_role(args.markdown)
    evaluate_ai_role(args.markdown, ROLE_DEV2)
    evaluate_ai_role(args.markdown, AI_ROLE_DEV3)
    evaluate_ai_role(args.markdown, ROLE_DEV3)
    evaluate_ai_role(args.markdown, ROLE_DEV4)
    evaluate_ai_role(args.markdown, AI_ROLE_HOLDOUT, show_misses=False)
    evaluate_ai_role(args.markdown, POSTINGS_HOLDOUT2, show_misses=False)
    evaluate_occupations(args.markdown)
    evaluate_occupations(args.markdown, OCCUPATION_DEV2)
    evaluate_occupations(args.markdown, OCCUPATION_HOLDOUT, show_misses=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
