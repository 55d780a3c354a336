"""Interval helpers against values worked out by hand (and published Wilson tables)."""

from __future__ import annotations

import math
import statistics

import pytest

from jobshift.metrics.stats import (
    Z95,
    binom_half_cdf,
    bootstrap_ci,
    bootstrap_medians_ci,
    log_ratio_interval,
    median_ci,
    median_rank_interval,
    percentile,
    wilson,
)


def test_wilson_zero_successes() -> None:
    # k = 0: lower bound 0, upper = z² / (n + z²) = 3.8415 / 13.8415 = 0.27753
    low, high = wilson(0, 10)
    assert low == 0.0
    assert high == pytest.approx(Z95**2 / (10 + Z95**2))
    assert high == pytest.approx(0.2775, abs=1e-4)


def test_wilson_all_successes() -> None:
    # k = n: mirror image, lower = n / (n + z²) = 10 / 13.8415 = 0.72247, upper 1
    low, high = wilson(10, 10)
    assert low == pytest.approx(0.7225, abs=1e-4)
    assert high == 1.0


def test_wilson_half() -> None:
    # k = 5, n = 10: centre 0.5, half-width z·sqrt(0.025 + z²/400) / (1 + z²/10) = 0.2634
    low, high = wilson(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4)
    assert high == pytest.approx(0.7634, abs=1e-4)


def test_wilson_empty_and_invalid() -> None:
    assert wilson(0, 0) == (None, None)
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_wilson_other_level_is_narrower() -> None:
    low90, high90 = wilson(5, 10, level=0.90)
    assert low90 is not None and high90 is not None
    assert 0.2366 < low90 < 0.5 < high90 < 0.7634


def test_log_ratio_interval() -> None:
    # 120 after 100: growth 0.2; se = sqrt(1/120 + 1/100) = 0.13540; exp(log 1.2 ± 1.96·se) − 1
    growth, low, high = log_ratio_interval(120, 100)
    se = math.sqrt(1 / 120 + 1 / 100)
    assert growth == pytest.approx(0.2)
    assert low == pytest.approx(1.2 * math.exp(-Z95 * se) - 1)
    assert high == pytest.approx(1.2 * math.exp(Z95 * se) - 1)
    assert low == pytest.approx(-0.0797, abs=1e-3)
    assert log_ratio_interval(5, 0) == (None, None, None)
    assert log_ratio_interval(0, 5) == (-1.0, None, None)


def test_percentile_interpolates() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.0) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 1.0) == 4.0


def test_median_ci_ten_values_by_hand() -> None:
    # n = 10, B ~ Binomial(10, 1/2): P(B ≤ 1) = 11/1024 = 0.0107 ≤ 0.025 < P(B ≤ 2) = 56/1024 = 0.0547,
    # so j = 2 and k = 10 + 1 − 2 = 9: the interval is [x_(2), x_(9)], coverage 1 − 2·11/1024 = 97.85%.
    values = [90.0, 10.0, 30.0, 20.0, 50.0, 40.0, 70.0, 60.0, 100.0, 80.0]
    assert median_rank_interval(10) == (2, 9)
    assert median_ci(values) == (20.0, 90.0)
    assert binom_half_cdf(1, 10) == pytest.approx(11 / 1024)
    assert binom_half_cdf(2, 10) == pytest.approx(56 / 1024)


def test_median_ci_twenty_values_by_hand() -> None:
    # n = 20: P(B ≤ 5) = (1 + 20 + 190 + 1140 + 4845 + 15504) / 2^20 = 21700 / 1048576 = 0.0207 ≤ 0.025,
    # P(B ≤ 6) = (21700 + 38760) / 2^20 = 0.0577 > 0.025 -> j = 6, k = 15: [x_(6), x_(15)]
    assert binom_half_cdf(5, 20) == pytest.approx(21700 / 2**20)
    assert median_rank_interval(20) == (6, 15)
    assert median_ci([float(i) for i in range(1, 21)]) == (6.0, 15.0)


def test_median_ci_small_samples_use_min_and_max() -> None:
    # n = 5: even [min, max] covers only 1 − 2/32 = 93.75%; n = 6: P(B ≤ 0) = 1/64 ≤ 0.025 < P(B ≤ 1) = 7/64
    assert median_rank_interval(5) == (1, 5)
    assert median_rank_interval(6) == (1, 6)
    assert median_ci([5.0, 1.0, 3.0, 2.0, 4.0]) == (1.0, 5.0)


def test_median_rank_interval_matches_exact_binomial() -> None:
    # brute force with exact integers: the largest j with P(B ≤ j − 1) ≤ 0.025
    for n in (7, 33, 100, 251, 1000, 2500):
        j, k = median_rank_interval(n)
        below = sum(math.comb(n, i) for i in range(j))  # P(B ≤ j − 1) · 2^n
        assert below * 40 <= 2**n < (below + math.comb(n, j)) * 40, n
        assert k == n + 1 - j


def test_median_ci_constant_sample_has_zero_width() -> None:
    assert median_ci([100.0] * 6) == (100.0, 100.0)


def test_bootstrap_empty_group() -> None:
    assert median_ci([]) == (None, None)
    assert bootstrap_ci([[1.0], []], lambda g: 1.0) == (None, None)


def test_bootstrap_two_groups_ratio() -> None:
    # Ratio of medians of two constant groups is exactly 2 in every replicate.
    low, high = bootstrap_ci([[2.0, 2.0], [1.0, 1.0, 1.0]], lambda g: statistics.median(g[0]) / statistics.median(g[1]))
    assert (low, high) == (2.0, 2.0)


def test_large_sample_median_interval_is_sensible() -> None:
    # 20,001 evenly spaced values 0..20000: median 10000; the rank interval is about n/2 ± 1.96·sqrt(n)/2
    # = 10000 ± 138.6, so the bounds are about ±139 around the median.
    values = [float(i) for i in range(20_001)]
    low, high = median_ci(values)
    assert low is not None and high is not None
    assert 10_000 - 150 < low < 10_000 - 120 and 10_000 + 120 < high < 10_000 + 150
    assert high - 10_000 == 10_000 - low  # symmetric ranks on symmetric data


def test_bootstrap_medians_of_two_groups() -> None:
    low, high = bootstrap_medians_ci([[2.0, 2.0, 2.0], [1.0, 1.0]], lambda m: m[0] / m[1])
    assert (low, high) == (2.0, 2.0)
