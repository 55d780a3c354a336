"""Interval helpers against values worked out by hand (and published Wilson tables)."""

from __future__ import annotations

import math
import statistics

import pytest

from jobshift.metrics.stats import (
    Z95,
    bootstrap_ci,
    bootstrap_medians_ci,
    log_ratio_interval,
    median_ci,
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


def test_bootstrap_is_deterministic_with_seed() -> None:
    values = [50_000.0, 61_000.0, 72_000.0, 90_000.0, 120_000.0, 150_000.0, 64_000.0]
    first = median_ci(values, seed=7)
    assert first == median_ci(values, seed=7)
    low, high = first
    assert low is not None and high is not None
    assert min(values) <= low <= statistics.median(values) <= high <= max(values)


def test_bootstrap_constant_sample_has_zero_width() -> None:
    assert median_ci([100.0] * 6) == (100.0, 100.0)


def test_bootstrap_empty_group() -> None:
    assert median_ci([]) == (None, None)
    assert bootstrap_ci([[1.0], []], lambda g: 1.0) == (None, None)


def test_bootstrap_two_groups_ratio() -> None:
    # Ratio of medians of two constant groups is exactly 2 in every replicate.
    low, high = bootstrap_ci([[2.0, 2.0], [1.0, 1.0, 1.0]], lambda g: statistics.median(g[0]) / statistics.median(g[1]))
    assert (low, high) == (2.0, 2.0)


def test_large_sample_median_interval_is_fast_and_sensible() -> None:
    # 20,001 evenly spaced values 0..20000: median 10000; the bootstrap sd of the median is about
    # 1 / (2 f(m) sqrt(n)) = 20001 / (2 sqrt(20001)) ≈ 70.7, so the 95% interval is about ±139.
    values = [float(i) for i in range(20_001)]
    low, high = median_ci(values)
    assert low is not None and high is not None
    assert 10_000 - 200 < low < 10_000 < high < 10_000 + 200
    assert median_ci(values) == (low, high)


def test_bootstrap_medians_of_two_groups() -> None:
    low, high = bootstrap_medians_ci([[2.0, 2.0, 2.0], [1.0, 1.0]], lambda m: m[0] / m[1])
    assert (low, high) == (2.0, 2.0)
