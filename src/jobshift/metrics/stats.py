"""Interval estimates used by the metrics: Wilson score, order statistics for a median (binomial),
percentile bootstrap, log-ratio of two counts.

All functions are pure and deterministic (the bootstrap takes a seed); they return None bounds when the
data cannot support an interval (n = 0, an empty group, a zero count).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Sequence
from typing import Final

Z95: Final[float] = 1.959963984540054  # standard normal quantile for a two-sided 95% interval
DEFAULT_BOOT: Final[int] = 1000
DEFAULT_SEED: Final[int] = 20240101


def z_for(level: float) -> float:
    """Two-sided normal quantile for a confidence level (0.95 -> 1.96)."""
    return statistics.NormalDist().inv_cdf(0.5 + level / 2)


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float | None, float | None]:
    """Wilson score interval for a proportion k/n; (None, None) when n = 0.

    Unlike the normal ("Wald") interval it stays inside [0, 1] and is sensible at k = 0 or k = n.
    """
    if n <= 0:
        return None, None
    if not 0 <= k <= n:
        raise ValueError(f"wilson: k={k} outside 0..n={n}")
    z = Z95 if level == 0.95 else z_for(level)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def log_ratio_interval(
    n_now: int, n_before: int, level: float = 0.95
) -> tuple[float | None, float | None, float | None]:
    """Growth n_now/n_before − 1 with an approximate interval, treating both counts as Poisson.

    log(n_now/n_before) has standard error ≈ sqrt(1/n_now + 1/n_before); the interval is
    exp(log ratio ± z·se) − 1. Growth is None when n_before = 0; the interval is None when either is 0.
    """
    if n_before <= 0:
        return None, None, None
    growth = n_now / n_before - 1
    if n_now <= 0:
        return growth, None, None
    z = Z95 if level == 0.95 else z_for(level)
    log_ratio = math.log(n_now / n_before)
    se = math.sqrt(1 / n_now + 1 / n_before)
    return growth, math.exp(log_ratio - z * se) - 1, math.exp(log_ratio + z * se) - 1


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile (0 ≤ q ≤ 1) of an already sorted, non-empty sequence."""
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _percentile_interval(estimates: list[float], level: float) -> tuple[float | None, float | None]:
    """The central `level` interval of bootstrap replicates; (None, None) when there are none."""
    if not estimates:
        return None, None
    estimates.sort()
    tail = (1 - level) / 2
    return percentile(estimates, tail), percentile(estimates, 1 - tail)


def bootstrap_ci(
    groups: Sequence[Sequence[float]],
    stat: Callable[[list[list[float]]], float | None],
    *,
    n_boot: int = DEFAULT_BOOT,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> tuple[float | None, float | None]:
    """Percentile bootstrap interval of `stat` over one or more groups resampled independently.

    Each replicate draws every group with replacement at its own size (a stratified bootstrap), applies
    `stat` to the list of resampled groups and keeps the result when it is not None. The same seed gives
    the same interval. (None, None) when a group is empty or no replicate yields a value.
    """
    if not groups or any(len(g) == 0 for g in groups):
        return None, None
    rng = random.Random(seed)
    values = [list(g) for g in groups]
    estimates: list[float] = []
    for _ in range(n_boot):
        sample = [rng.choices(g, k=len(g)) for g in values]
        result = stat(sample)
        if result is not None and math.isfinite(result):
            estimates.append(result)
    return _percentile_interval(estimates, level)


FAST_MEDIAN_N: Final[int] = 250  # above this a resample's median is drawn by rank (see bootstrap_medians_ci)


def _resampled_median(values: list[float], sorted_values: list[float], rng: random.Random) -> float:
    """The median of one bootstrap resample of `values`.

    Up to FAST_MEDIAN_N values the resample is drawn outright. Above it, the resample's median is drawn
    directly: its rank in the sorted sample is close to normal with mean n/2 and sd sqrt(n)/2, so the
    value at a rank drawn that way has (very nearly) the bootstrap distribution of the median, at O(1) cost.
    """
    n = len(values)
    if n <= FAST_MEDIAN_N:
        return float(statistics.median(rng.choices(values, k=n)))
    rank = round((n - 1) / 2 + rng.gauss(0.0, math.sqrt(n) / 2))
    return sorted_values[min(max(rank, 0), n - 1)]


def bootstrap_medians_ci(
    groups: Sequence[Sequence[float]],
    stat: Callable[[list[float]], float | None],
    *,
    n_boot: int = DEFAULT_BOOT,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> tuple[float | None, float | None]:
    """Percentile bootstrap interval of a statistic of the groups' medians (groups resampled independently).

    `stat` gets one median per group per replicate. Large groups use the rank shortcut of
    `_resampled_median`, so a report over hundreds of thousands of postings stays fast.
    """
    if not groups or any(len(g) == 0 for g in groups):
        return None, None
    rng = random.Random(seed)
    values = [list(g) for g in groups]
    ordered = [sorted(g) if len(g) > FAST_MEDIAN_N else [] for g in values]
    estimates: list[float] = []
    for _ in range(n_boot):
        result = stat([_resampled_median(v, s, rng) for v, s in zip(values, ordered, strict=True)])
        if result is not None and math.isfinite(result):
            estimates.append(result)
    return _percentile_interval(estimates, level)


def _log_binom_half(n: int, i: int) -> float:
    """log P(B = i) for B ~ Binomial(n, 1/2)."""
    return math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) - n * math.log(2.0)


def binom_half_cdf(m: int, n: int) -> float:
    """P(B ≤ m) for B ~ Binomial(n, 1/2), exact up to floating point.

    The terms are summed from i = m downwards and the sum stops once they no longer matter (below m < n/2
    they shrink at least geometrically), so a tail costs O(sqrt(n)) terms, not O(n).
    """
    if m < 0:
        return 0.0
    if m >= n:
        return 1.0
    if 2 * m >= n:
        return 1.0 - binom_half_cdf(n - m - 1, n)  # symmetry: P(B ≤ m) = 1 − P(B ≤ n − m − 1)
    total = 0.0
    for i in range(m, -1, -1):
        term = math.exp(_log_binom_half(n, i))
        total += term
        if term < total * 1e-17:
            break
    return min(total, 1.0)


def median_rank_interval(n: int, level: float = 0.95) -> tuple[int, int]:
    """1-based ranks (j, k) of the order-statistic interval [x_(j), x_(k)] for the median of n values.

    j is the largest rank with P(B ≤ j − 1) ≤ (1 − level)/2 for B ~ Binomial(n, 1/2), and k = n + 1 − j; the
    interval then covers the population median with probability 1 − 2·P(B ≤ j − 1) ≥ level, for any
    continuous distribution. When even [min, max] falls short (n ≤ 5 at 95%) the ranks are (1, n).
    """
    if n <= 0:
        raise ValueError("median_rank_interval: n must be positive")
    tail = (1 - level) / 2
    z = Z95 if level == 0.95 else z_for(level)
    j = max(1, math.floor(n / 2 + 0.5 - z * math.sqrt(n) / 2))  # normal approximation as the first guess
    while j > 1 and binom_half_cdf(j - 1, n) > tail:
        j -= 1
    while j < (n + 1) // 2 and binom_half_cdf(j, n) <= tail:
        j += 1
    return j, n + 1 - j


def median_ci(values: Sequence[float], *, level: float = 0.95) -> tuple[float | None, float | None]:
    """Distribution-free (order-statistic, binomial) interval for the median of `values`.

    With the values sorted, the interval is [x_(j), x_(k)] from `median_rank_interval`: the number of values
    below the population median is Binomial(n, 1/2), so this needs no resampling and no seed — it costs
    one sort — and its coverage is at least `level` (exactly 1 − 2·P(B < j), e.g. 97.9% for n = 10).
    (None, None) for no values.
    """
    n = len(values)
    if n == 0:
        return None, None
    ordered = sorted(values)
    j, k = median_rank_interval(n, level)
    return float(ordered[j - 1]), float(ordered[k - 1])
