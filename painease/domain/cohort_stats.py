"""The statistics Outcomes and ``painease cohort`` report: Student's t, a mean with its
confidence interval, Hedges' g.

Contract
--------
* ``t_quantile(p, df)`` (and ``t_cdf``, ``betainc``): Student's t computed here from the
  regularized incomplete beta function, so the app needs no SciPy for one number.
* ``mean_ci(values)``: the mean with a 95 % Student-t interval (``MeanCI``; no interval
  for one value, None for none).
* ``hedges_g(group, reference)``: the difference of the means over the pooled SD, with
  the small-sample correction J = 1 − 3 / (4 (n1 + n2) − 9) and an approximate normal
  95 % interval (``EffectSize``); None for fewer than 2 values in either, or no spread
  (``NO_SPREAD``).

``painease.domain.cohort`` applies them to each group's pain changes. Pure: numpy and the
standard library; no Qt, no database, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# ---- Student's t --------------------------------------------------------------------------


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz method)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return result


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, by bisection on ``t_cdf`` (to ~1e-12)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, got {df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return 0.5 * (low + high)


# ---- statistics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float
    sd: float | None  # sample SD (n − 1); None for n = 1
    low: float | None  # 95 % CI; None for n = 1
    high: float | None


def mean_ci(values: Sequence[float], level: float = 0.95) -> MeanCI | None:
    """Mean with a Student-t confidence interval; None for no values."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return None
    mean = float(x.mean())
    if len(x) < 2:
        return MeanCI(1, mean, None, None, None)
    sd = float(x.std(ddof=1))
    half = t_quantile(0.5 + level / 2.0, len(x) - 1) * sd / math.sqrt(len(x))
    return MeanCI(len(x), mean, sd, mean - half, mean + half)


# A pooled SD at most this fraction of the largest change (in size) is float noise, not
# spread: changes of 0-10 ratings that really differ differ by far more.
NO_SPREAD = 1e-9


@dataclass(frozen=True)
class EffectSize:
    g: float
    low: float  # approximate 95 % CI (normal, Hedges & Olkin variance)
    high: float
    n1: int
    n2: int


def hedges_g(group: Sequence[float], reference: Sequence[float]) -> EffectSize | None:
    """(mean(group) − mean(reference)) / pooled SD × J; None when it cannot be computed."""
    x, y = np.asarray(group, dtype=float), np.asarray(reference, dtype=float)
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2:
        return None
    pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    # No spread: changes all the same in each group. Float arithmetic can leave a pooled
    # SD of about 1e-16 times the values' size where there is none ([0.1] * 3 vs [0.7] * 3
    # gave g ≈ −5e15), so one that small against the values counts as none.
    scale = max(float(np.abs(x).max()), float(np.abs(y).max()))
    if pooled <= NO_SPREAD * scale:
        return None
    j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)
    g = j * float(x.mean() - y.mean()) / pooled
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))
    return EffectSize(g, g - 1.959963984540054 * se, g + 1.959963984540054 * se, n1, n2)
