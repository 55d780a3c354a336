"""The evaluation harness: metric helpers on tiny hand-made inputs, and the labels file's integrity."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from jobshift.enrich.roles import ROLE_FAMILIES, SENIORITIES
from jobshift.enrich.skills import load_taxonomy

_SPEC = importlib.util.spec_from_file_location("jobshift_eval", Path(__file__).with_name("evaluate.py"))
assert _SPEC is not None and _SPEC.loader is not None
ev = importlib.util.module_from_spec(_SPEC)
sys.modules["jobshift_eval"] = ev
_SPEC.loader.exec_module(ev)


def test_prf() -> None:
    assert ev.prf(8, 2, 2) == pytest.approx((0.8, 0.8, 0.8))
    assert ev.prf(1, 0, 3) == pytest.approx((1.0, 0.25, 0.4))
    assert ev.prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_binary_prf() -> None:
    gold = [True, True, False, False, True]
    pred = [True, False, True, False, True]
    assert ev.binary_prf(gold, pred) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_per_class_and_confusion() -> None:
    gold = ["a", "a", "b", "c"]
    pred = ["a", "b", "b", "a"]
    stats = ev.per_class(gold, pred)
    assert stats["a"] == pytest.approx((0.5, 0.5, 0.5, 2))
    assert stats["b"] == pytest.approx((0.5, 1.0, 2 / 3, 1))
    assert stats["c"] == (0.0, 0.0, 0.0, 1)
    labels, counts = ev.confusion(gold, pred)
    assert labels == ["a", "b", "c"]
    assert counts == {("a", "a"): 1, ("a", "b"): 1, ("b", "b"): 1, ("c", "a"): 1}
    table = ev.confusion_table(labels, counts).splitlines()
    assert table[1].split()[-3:] == ["1", "1", "."]  # row a: gold a predicted a once, b once
    assert table[3].split()[-3:] == ["1", ".", "."]  # row c: predicted a


def test_pay_exact() -> None:
    gold = {"min_usd": 100_000, "max_usd": 150_000}
    assert ev.pay_exact(gold, 100_500, 149_000)
    assert not ev.pay_exact(gold, 100_000, None)
    assert not ev.pay_exact(gold, 102_000, 150_000)
    assert ev.pay_exact({"min_usd": None, "max_usd": None}, None, None)  # rejected as nonsense
    assert ev.pay_exact({"min_usd": None, "max_usd": 48_000}, None, 48_000)


def test_holdout_is_disjoint_from_the_development_set() -> None:
    dev = {(lab["dataset"], str(lab["id"])) for lab in ev.load_labels(ev.POSTING_LABELS)}
    held = {(lab["dataset"], str(lab["id"])) for lab in ev.load_labels(ev.POSTING_HOLDOUT)}
    assert len(held) >= 150
    assert not dev & held


@pytest.mark.parametrize(("path", "minimum"), [(ev.POSTING_LABELS, 300), (ev.POSTING_HOLDOUT, 150)])
def test_labels_file(path: Path, minimum: int) -> None:
    labels = ev.load_labels(path)
    assert len(labels) >= minimum
    keys = [(lab["dataset"], str(lab["id"])) for lab in labels]
    assert len(set(keys)) == len(keys)
    taxonomy = load_taxonomy()
    ids = {s.id for s in taxonomy.skills}
    llm = {s.id for s in taxonomy.skills if s.llm}
    for lab in labels:
        where = f"{lab['dataset']} {lab['id']}"
        assert lab["role_family"] in ROLE_FAMILIES, where
        assert lab["seniority"] is None or lab["seniority"] in SENIORITIES, where
        assert set(lab["skills"]) <= ids, f"{where}: {set(lab['skills']) - ids}"
        assert len(set(lab["skills"])) == len(lab["skills"]), where
        assert not set(lab.get("missing_skills") or []) & ids, where
        assert isinstance(lab["mentions_llm"], bool) and isinstance(lab["ai_skill_required"], bool), where
        assert not set(lab["skills"]) & llm or lab["mentions_llm"], f"{where}: an llm skill implies mentions_llm"
        pay = lab["pay"]
        assert pay is None or set(pay) == {"min_usd", "max_usd"}, where
        if pay and pay["min_usd"] is not None and pay["max_usd"] is not None:
            assert pay["min_usd"] <= pay["max_usd"], where


@pytest.mark.slow
def test_evaluation_runs_on_shared_data(capsys: pytest.CaptureFixture[str]) -> None:
    if not ev.shared_data().is_dir():
        pytest.skip(f"real data folder {ev.shared_data()} is absent (set JOBSHIFT_SHARED_DATA to run this test)")
    results = ev.evaluate_postings()
    assert set(ev.TARGETS) <= set(results)
    assert all(0.0 <= v <= 1.0 for v in results.values())
    out = capsys.readouterr().out
    assert "Postings, development set (postings_labels.yaml): 300 labelled" in out
    assert yaml.safe_load(ev.POSTING_LABELS.read_text(encoding="utf-8"))


def test_second_development_set_is_new_and_well_formed() -> None:
    here = Path(__file__).parent
    ai_role_labels, ai_role_holdout = here / "ai_role_labels.yaml", here / "ai_role_holdout.yaml"
    labels = ev.load_labels(here / "postings_dev2.yaml")
    keys = [(lab["dataset"], str(lab["id"])) for lab in labels]
    assert len(labels) >= 150 and len(set(keys)) == len(keys)
    seen = {(lab["dataset"], str(lab["id"])) for path in (ev.POSTING_LABELS, ev.POSTING_HOLDOUT, ai_role_labels,
                                                          ai_role_holdout) for lab in ev.load_labels(path)}
    assert not seen & set(keys)
    for lab in labels:
        where = f"{lab['dataset']} {lab['id']}"
        assert lab["role_family"] in ROLE_FAMILIES, where
        assert lab["seniority"] is None or lab["seniority"] in SENIORITIES, where
        assert lab["ai_role"] in ("builds_ai", "uses_ai", "boilerplate", "none", None), where
        assert lab["ai_role"] is not None or lab["dataset"] == "linkedin_ds_jobs_2024_venura", where
