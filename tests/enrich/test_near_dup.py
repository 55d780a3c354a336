"""Near-duplicate primitives: normalised text, exact hash, MinHash signatures, LSH band keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.near_dup import (
    BANDS,
    MIN_WORDS,
    NEAR_DUP_THRESHOLD,
    NUM_PERM,
    band_keys,
    normalise_text,
    signature,
    signature_from_bytes,
    similarity,
    text_hash,
)

BODY = (
    "We are hiring a backend engineer to build the payments platform. You will design APIs in Go, run "
    "PostgreSQL at scale, own on-call for the services you ship, and work with product on the roadmap. "
    "We offer a competitive salary, equity, remote work within Europe and a yearly learning budget."
)


def test_normalise_drops_markup_links_numbers_and_case() -> None:
    a = normalise_text("Backend Engineer", "<p>Apply at https://x.example/job?id=1 &amp; mail jobs@x.example</p> 2026")
    b = normalise_text("backend engineer", "Apply at https://other.example/ & mail hr@x.example 2027")
    assert a == b == "backend engineer apply at mail"


def test_short_texts_get_no_hash_and_no_signature() -> None:
    short = normalise_text("Data Scientist", "Python, SQL.")
    assert text_hash(short) is None
    assert signature(short) is None
    long = normalise_text("Backend Engineer", BODY)
    assert len(long.split()) >= MIN_WORDS
    assert text_hash(long) is not None


def test_copies_that_differ_in_a_date_or_link_have_the_same_hash() -> None:
    a = normalise_text("Backend Engineer", BODY + " Posted 2026-01-05, see https://a.example/1")
    b = normalise_text("Backend Engineer", BODY + " Posted 2026-02-07, see https://b.example/2")
    assert text_hash(a) == text_hash(b)


def test_similar_texts_share_a_band_and_score_high_unrelated_ones_do_not() -> None:
    base = normalise_text("Backend Engineer", BODY)
    edited = normalise_text("Backend Engineer", BODY.replace("a yearly learning budget", "a learning budget"))
    other = normalise_text(
        "Nurse",
        "Our hospital seeks a registered nurse for night shifts in the cardiac ward, with two years of clinical "
        "experience, a valid licence, and the wish to grow with a friendly team of doctors and carers who "
        "support patients and families every day of the week.",
    )
    s_base, s_edit, s_other = signature(base), signature(edited), signature(other)
    assert s_base is not None and s_edit is not None and s_other is not None
    assert similarity(s_base, s_edit) >= NEAR_DUP_THRESHOLD
    assert set(band_keys(s_base)) & set(band_keys(s_edit))
    assert similarity(s_base, s_other) < 0.2
    assert not set(band_keys(s_base)) & set(band_keys(s_other))


def test_signature_round_trips_through_bytes() -> None:
    sig = signature(normalise_text("Backend Engineer", BODY))
    assert sig is not None and sig.shape == (NUM_PERM,)
    assert np.array_equal(signature_from_bytes(sig.tobytes()), sig)
    assert len(band_keys(sig)) == BANDS


GREEK = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]
words = st.lists(st.sampled_from(GREEK),
                 min_size=MIN_WORDS, max_size=120)


@settings(max_examples=60, deadline=None)
@given(words, words)
def test_signatures_are_deterministic_and_similarity_is_bounded(a: list[str], b: list[str]) -> None:
    ta, tb = " ".join(a), " ".join(b)
    sa, sb = signature(ta), signature(tb)
    assert sa is not None and sb is not None
    again = signature(ta)
    assert again is not None and np.array_equal(sa, again)  # same text, same signature (fixed seed)
    assert similarity(sa, sa) == 1.0
    assert 0.0 <= similarity(sa, sb) <= 1.0
    assert similarity(sa, sb) == similarity(sb, sa)
    assert band_keys(sa) == band_keys(again)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_normalise_never_raises_and_is_idempotent(description: str, title: str | None) -> None:
    once = normalise_text(title, description)
    assert normalise_text(None, once) == normalise_text(None, normalise_text(None, once))
    assert once == once.strip() and "  " not in once


def test_disjoint_sets_root_is_the_smallest_id_whatever_the_order() -> None:
    from jobshift.enrich.near_dup import DisjointSets

    pairs = [("d", "c"), ("b", "a"), ("c", "b"), ("x", "y")]
    for order in (pairs, pairs[::-1]):
        sets = DisjointSets()
        for a, b in order:
            sets.union(a, b)
        assert dict(sets.roots()) == {"a": "a", "b": "a", "c": "a", "d": "a", "x": "x", "y": "x"}


def _datasketch_signature(normalised: str) -> np.ndarray | None:
    """The reference: datasketch's MinHash over `" ".join` word 5-gram shingles, crc32, same permutations."""
    import zlib

    from datasketch import MinHash

    from jobshift.enrich.near_dup import _PERMUTATIONS

    words = normalised.split(" ")
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)}
    minhash = MinHash(num_perm=128, hashfunc=zlib.crc32, permutations=_PERMUTATIONS)
    minhash.update_batch(list(shingles))
    values: np.ndarray = minhash.hashvalues
    return values


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["ml", "data", "é", "数据", "", "engineer", "x" * 40, "go", "k8s"]),
                min_size=25, max_size=120))
def test_fast_signature_equals_datasketch_minhash(words: list[str]) -> None:
    text = " ".join(words)  # also odd inputs: empty words (double spaces), non-ASCII words
    fast, reference = signature(text), _datasketch_signature(text)
    assert (fast is None) == (reference is None)
    if fast is not None and reference is not None:
        assert fast.dtype == np.uint64
        assert np.array_equal(fast, reference)
