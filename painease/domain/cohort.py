"""Cohort outcomes: per group, who started, who has a post value, yardsticks, mean change, g.

Contract
--------
* Input is one ``Measure`` per patient: pain (and optionally fear) at baseline and at post,
  ``None`` where missing. ``read_cohort_csv`` builds them from a long CSV (one row per
  patient and time point) and refuses bad input with ``CohortInputError("FILE:LINE: …")``.
* Change is always **post − baseline**, so a negative change means pain went down.
* Yardsticks (definitions in ``DEFINITIONS`` and docs/cohort.md) are given twice: counting
  everyone who started (a missing value means "not reached") and counting completers only
  (patients with both a baseline and a post pain value).
* Mean change comes with a 95 % confidence interval from Student's t; the t quantile is
  computed here (``t_quantile``) from the regularized incomplete beta function, so the app
  needs no SciPy for one number. Hedges' g compares each group's pain change with the
  reference group's (pooled SD, small-sample correction J = 1 − 3 / (4 (n1 + n2) − 9)).

Pure: numpy and the standard library; no Qt, no database; the only I/O is reading the CSV
file it is handed.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REQUIRED_COLUMNS = ("patient_id", "group", "timepoint", "pain")
MISSING_TEXT = frozenset({"", "nan", "na"})

DEFINITIONS = {
    "started": "Patients with at least one row in the group (everyone who started).",
    "completers": "Patients with a pain value both at baseline and at post.",
    "change": "Post minus baseline, in points of the 0-10 scale: negative means lower.",
    "pain_0_1": "Pain 0 or 1 at post: 'pain-free or nearly', the criterion of the Pain "
                "Reprocessing Therapy trial.",
    "reduction_30": "Pain at post at least 30% lower than at baseline (baseline above 0): "
                    "a moderately important change (IMMPACT).",
    "reduction_50": "Pain at post at least 50% lower than at baseline (baseline above 0): "
                    "a substantial change (IMMPACT).",
    "everyone": "Share of everyone who started; a missing post value counts as not "
                "reached, and so does a missing baseline for the reductions (pain 0-1 at "
                "post needs only the post value).",
    "completers_share": "Share of completers only.",
    "ci": "95% confidence interval of the mean change: mean ± t(0.975, n−1) · SD / √n.",
    "hedges_g": "Hedges' g of the pain change against the reference group: the difference "
                "of mean changes divided by the pooled SD, times J = 1 − 3/(4(n1+n2)−9). "
                "Negative: pain fell more than in the reference group. Its 95% interval "
                "is the usual normal approximation.",
}


class CohortInputError(ValueError):
    """The cohort table cannot be used; the message reads ``FILE:LINE: what is wrong``."""


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
    if pooled == 0:
        return None
    j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)
    g = j * float(x.mean() - y.mean()) / pooled
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))
    return EffectSize(g, g - 1.959963984540054 * se, g + 1.959963984540054 * se, n1, n2)


# ---- outcomes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One patient's values at baseline and post; None = missing."""

    patient_id: str
    group: str
    pain_before: float | None
    pain_after: float | None
    fear_before: float | None = None
    fear_after: float | None = None

    @property
    def completed(self) -> bool:
        return self.pain_before is not None and self.pain_after is not None

    @property
    def pain_change(self) -> float | None:
        return self.pain_after - self.pain_before if self.completed else None

    @property
    def fear_change(self) -> float | None:
        if self.fear_before is None or self.fear_after is None:
            return None
        return self.fear_after - self.fear_before


@dataclass(frozen=True)
class Share:
    reached: int
    everyone: float | None  # reached / started
    completers: float | None  # reached / completers


def pain_0_1(m: Measure) -> bool:
    return m.pain_after is not None and m.pain_after <= 1


def reduction(percent: int):
    def reached(m: Measure) -> bool:
        if not m.completed or m.pain_before <= 0:
            return False
        # 1e-9: values such as 2.8 vs 4 are exact 30 % drops despite binary floating point
        return 100.0 * (m.pain_before - m.pain_after) >= percent * m.pain_before - 1e-9

    return reached


@dataclass(frozen=True)
class GroupOutcome:
    group: str
    started: int
    completers: int
    pain_0_1: Share
    reduction_30: Share
    reduction_50: Share
    pain_change: MeanCI | None
    fear_change: MeanCI | None
    hedges_g: EffectSize | None  # vs the reference group; None for the reference itself


@dataclass(frozen=True)
class CohortResult:
    reference: str | None
    groups: list[GroupOutcome]
    definitions: dict[str, str] = field(default_factory=lambda: dict(DEFINITIONS))


def _share(patients: Sequence[Measure], test) -> Share:
    completers = [m for m in patients if m.completed]
    # pain 0-1 is a state at post; among completers it needs the baseline too.
    reached_all = sum(test(m) for m in patients)
    reached_completers = sum(test(m) for m in completers)
    return Share(
        reached_all,
        reached_all / len(patients) if patients else None,
        reached_completers / len(completers) if completers else None,
    )


def group_sort_key(name: str) -> tuple:
    """Numbers in numeric order, then names alphabetically ('2' before '10')."""
    try:
        return (0, float(name), name)
    except ValueError:
        return (1, 0.0, name.casefold())


def cohort_outcomes(patients: Sequence[Measure], reference: str | None = None) -> CohortResult:
    """Per-group outcomes; groups in ``group_sort_key`` order, the first being the reference
    unless ``reference`` names one (``ValueError`` if there is no such group)."""
    groups: dict[str, list[Measure]] = {}
    for m in patients:
        groups.setdefault(m.group, []).append(m)
    names = sorted(groups, key=group_sort_key)
    if reference is not None and reference not in groups:
        known = ", ".join(names) or "none"
        raise ValueError(f"no group {reference!r} to compare against (groups: {known})")
    if reference is None and names:
        reference = names[0]
    ref_changes = [m.pain_change for m in groups.get(reference, []) if m.completed]
    rows = []
    for name in names:
        members = groups[name]
        changes = [m.pain_change for m in members if m.completed]
        fear = [c for c in (m.fear_change for m in members) if c is not None]
        rows.append(GroupOutcome(
            group=name,
            started=len(members),
            completers=len(changes),
            pain_0_1=_share(members, pain_0_1),
            reduction_30=_share(members, reduction(30)),
            reduction_50=_share(members, reduction(50)),
            pain_change=mean_ci(changes),
            fear_change=mean_ci(fear),
            hedges_g=None if name == reference else hedges_g(changes, ref_changes),
        ))
    return CohortResult(reference, rows)


# ---- reading the long CSV -----------------------------------------------------------------


@dataclass(frozen=True)
class CohortRow:
    line: int
    patient_id: str
    group: str
    timepoint: int | str  # an integer >= 1, or 'post'
    pain: float | None
    fear: float | None


def read_cohort_csv(path: Path) -> list[Measure]:
    """Read a long cohort table; every problem is a ``CohortInputError`` naming FILE:LINE."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return parse_cohort(fh, str(path))
    except OSError as exc:
        raise CohortInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CohortInputError(f"{path}: not UTF-8 text; save the table as UTF-8 CSV") from None


def parse_cohort(lines: Iterable[str], source: str = "<table>") -> list[Measure]:
    rows = _rows(lines, source)
    return _measures(rows, source)


def _rows(lines: Iterable[str], source: str) -> list[CohortRow]:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise CohortInputError(f"{source}:1: the file is empty; expected a header row with "
                               f"{', '.join(REQUIRED_COLUMNS)}") from None
    except csv.Error as exc:
        raise CohortInputError(f"{source}:1: {exc}") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        hint = " (the table must be comma-separated)" if len(header) == 1 and ";" in header[0] \
            else ""
        raise CohortInputError(f"{source}:1: missing column(s) {', '.join(missing)}; the header "
                               f"needs {', '.join(REQUIRED_COLUMNS)} (fear optional){hint}")
    index = {name: names.index(name) for name in (*REQUIRED_COLUMNS, "fear") if name in names}
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if len(record) != len(header):
                raise CohortInputError(f"{source}:{line}: {len(record)} cells, but the header "
                                       f"has {len(header)}")
            rows.append(_row(record, index, line, source))
    except csv.Error as exc:
        raise CohortInputError(f"{source}:{reader.line_num}: {exc}") from None
    if not rows:
        raise CohortInputError(f"{source}:2: no data rows after the header")
    return rows


def _row(record: list[str], index: dict[str, int], line: int, source: str) -> CohortRow:
    def cell(name: str) -> str:
        return record[index[name]].strip()

    where = f"{source}:{line}"
    patient, group = cell("patient_id"), cell("group")
    if patient.lower() in MISSING_TEXT:
        raise CohortInputError(f"{where}: patient_id is empty")
    if group.lower() in MISSING_TEXT:
        raise CohortInputError(f"{where}: group is empty for patient {patient}")
    return CohortRow(line, patient, group, _timepoint(cell("timepoint"), where),
                     _score(cell("pain"), "pain", where),
                     _score(cell("fear"), "fear", where) if "fear" in index else None)


def _timepoint(text: str, where: str) -> int | str:
    lowered = text.lower()
    if lowered == "baseline":
        return 1
    if lowered == "post":
        return "post"
    if re.fullmatch(r"\d+(\.0*)?", text) and int(float(text)) >= 1:
        return int(float(text))
    raise CohortInputError(f"{where}: timepoint {text!r} is not a whole number from 1 "
                           f"(1 = baseline) or 'baseline'/'post'")


def _score(text: str, what: str, where: str) -> float | None:
    if text.lower() in MISSING_TEXT:
        return None
    try:
        value = float(text)
    except ValueError:
        raise CohortInputError(f"{where}: {what} {text!r} is not a number (leave the cell "
                               f"blank or write NaN when it is missing)") from None
    if not math.isfinite(value) or not 0.0 <= value <= 10.0:
        raise CohortInputError(f"{where}: {what} {text} is outside 0-10")
    return value


def _measures(rows: list[CohortRow], source: str) -> list[Measure]:
    numbered = {r.timepoint for r in rows if isinstance(r.timepoint, int)}
    uses_post_label = any(r.timepoint == "post" for r in rows)
    if uses_post_label and numbered - {1}:
        line = next(r.line for r in rows if r.timepoint == "post")
        raise CohortInputError(f"{source}:{line}: 'post' mixed with numbered timepoints above 1;"
                               f" use either baseline/post or numbers")
    post_point = "post" if uses_post_label else max(numbered)
    seen: dict[tuple[str, int | str], int] = {}
    groups: dict[str, tuple[str, int]] = {}
    values: dict[str, dict[int | str, CohortRow]] = {}
    for r in rows:
        key = (r.patient_id, r.timepoint)
        if key in seen:
            raise CohortInputError(f"{source}:{r.line}: patient {r.patient_id} already has a row "
                                   f"for timepoint {r.timepoint} (line {seen[key]})")
        seen[key] = r.line
        first_group = groups.setdefault(r.patient_id, (r.group, r.line))
        if first_group[0] != r.group:
            raise CohortInputError(f"{source}:{r.line}: patient {r.patient_id} is in group "
                                   f"{r.group!r} here but {first_group[0]!r} on line "
                                   f"{first_group[1]}")
        values.setdefault(r.patient_id, {})[r.timepoint] = r
    measures = []
    for patient, by_time in values.items():
        before = by_time.get(1)
        after = by_time.get(post_point) if post_point != 1 else None
        measures.append(Measure(
            patient, groups[patient][0],
            before.pain if before else None, after.pain if after else None,
            before.fear if before else None, after.fear if after else None,
        ))
    return measures


# ---- presenting -----------------------------------------------------------------------------


def result_dict(result: CohortResult) -> dict:
    """Plain JSON-ready form: numbers rounded to 4 places, None for what cannot be computed."""

    def num(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    def share(s: Share) -> dict:
        return {"reached": s.reached, "everyone": num(s.everyone),
                "completers": num(s.completers)}

    def ci(m: MeanCI | None) -> dict | None:
        if m is None:
            return None
        return {"n": m.n, "mean": num(m.mean), "sd": num(m.sd), "ci95": [num(m.low),
                                                                         num(m.high)]}

    groups = []
    for row in result.groups:
        g = row.hedges_g
        groups.append({
            "group": row.group, "started": row.started, "completers": row.completers,
            "pain_0_1": share(row.pain_0_1), "reduction_30": share(row.reduction_30),
            "reduction_50": share(row.reduction_50),
            "pain_change": ci(row.pain_change), "fear_change": ci(row.fear_change),
            "hedges_g": None if g is None else {"g": num(g.g), "ci95": [num(g.low), num(g.high)],
                                                "n": g.n1, "n_reference": g.n2},
        })
    return {"reference": result.reference, "change": "post - baseline", "groups": groups,
            "definitions": result.definitions}


def format_table(result: CohortResult) -> str:
    """A plain-text table, one block per group, with the definitions underneath."""

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.0f}%"

    def share(s: Share) -> str:
        return f"{s.reached} reached: {pct(s.everyone)} of everyone, {pct(s.completers)} of " \
               f"completers"

    def ci(m: MeanCI | None) -> str:
        if m is None:
            return "–"
        if m.low is None:
            return f"{m.mean:+.2f} (n = 1, no interval)"
        return f"{m.mean:+.2f} [95% CI {m.low:+.2f} to {m.high:+.2f}] (n = {m.n})"

    lines = [f"Change = post − baseline (negative = lower). Reference group: {result.reference}"]
    for row in result.groups:
        lines += [
            "",
            f"group {row.group}: {row.started} started, {row.completers} with baseline and post "
            f"pain",
            f"  pain 0–1 at post:    {share(row.pain_0_1)}",
            f"  pain ≥30% lower:     {share(row.reduction_30)}",
            f"  pain ≥50% lower:     {share(row.reduction_50)}",
            f"  mean pain change:    {ci(row.pain_change)}",
            f"  mean fear change:    {ci(row.fear_change)}",
        ]
        if row.group != result.reference:
            g = row.hedges_g
            text = "– (needs 2+ completers in both groups and some spread)" if g is None else (
                f"{g.g:+.2f} [approx. 95% CI {g.low:+.2f} to {g.high:+.2f}]")
            lines.append(f"  Hedges' g vs {result.reference}: {text}")
    lines += ["", "Definitions:"]
    lines += [f"  {name}: {text}" for name, text in result.definitions.items()]
    return "\n".join(lines)
