"""Cohort outcomes: per group, who started, who has a post value, yardsticks, mean change, g.

Contract
--------
* Input is one ``Measure`` per patient: pain (and optionally fear) at baseline and at post,
  ``None`` where missing. ``painease.domain.cohort_csv.read_cohort_csv`` builds them from a
  long CSV (one row per patient and time point); the therapist's Outcomes view builds them
  from imported results (``painease.storage.patients``).
* Change is always **post − baseline**, so a negative change means pain went down.
* Yardsticks (definitions in ``DEFINITIONS`` and docs/cohort.md) are given twice: counting
  everyone who started (a missing value means "not reached") and counting completers only
  (patients with both a baseline and a post pain value).
* Mean change comes with a 95 % confidence interval from Student's t (its quantile
  computed without SciPy), and Hedges' g compares each group's pain change with the
  reference group's (pooled SD, small-sample correction J = 1 − 3 / (4 (n1 + n2) − 9)):
  both are ``painease.domain.cohort_stats``.
* Shares are shown by Insights' small-numbers rule (``small_numbers``, ``counts_only``,
  ``few``): no percentage over fewer than 3 patients, "treat them lightly" under 5.

Pure: the standard library (numpy through ``cohort_stats``); no Qt, no database, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from painease.domain.cohort_stats import EffectSize, MeanCI, hedges_g, mean_ci
from painease.domain.small_numbers import FEW, MIN_READING_SESSIONS, percent_given, treat_lightly
from painease.domain.vocabulary import percent_text, rounded, signed_text

DEFINITIONS = {
    "started": "Patients with at least one row in the group: everyone who started.",
    "completers": "Patients with a pain value both at baseline and at post.",
    "change": "Post minus baseline, in points of the 0-10 scale: a negative number means "
              "it went down.",
    "pain_0_1": "Pain of 0 or 1 at post: 'pain-free or nearly', the measure of the Pain "
                "Reprocessing Therapy trial.",
    "reduction_30": "Pain at post at least 30% lower than at baseline (a baseline of 0 "
                    "never counts): what pain research (IMMPACT) counts as a moderately "
                    "important change.",
    "reduction_50": "Pain at post at least 50% lower than at baseline (a baseline of 0 "
                    "never counts): what pain research (IMMPACT) counts as a substantial "
                    "change.",
    "everyone": "Out of everyone who started: a patient without a post value counts as "
                "not reached, and so does one without a baseline for the two reductions "
                "(pain 0-1 at post needs only the post value).",
    "completers_share": "Out of the completers only.",
    "ci": "95% interval of the mean change, showing how precisely the mean is known: the "
          "fewer the patients, or the more their changes differ, the wider it is "
          "(mean ± t(0.975, n−1) · SD / √n).",
    "hedges_g": "Hedges' g compares a group's mean pain change with the reference "
                "group's, measured against how much the changes differ from patient to "
                "patient (the pooled SD), with a small correction for small groups "
                "(J = 1 − 3/(4(n1+n2)−9)). 0: the same mean change; negative: pain fell "
                "more than in the reference group. Its 95% interval is the usual normal "
                "approximation.",
}


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

    def __post_init__(self) -> None:
        # A NaN would count the patient as a completer and make every mean NaN; the CSV
        # reader and the results import refuse such values, and so does a Measure.
        for name in ("pain_before", "pain_after", "fear_before", "fear_after"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ValueError(f"patient {self.patient_id}: {name.replace('_', ' ')} "
                                 f"is not a number ({value!r})")

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

    @property
    def counts_only(self) -> bool:
        """A share of it is over too few patients for a percentage (``small_numbers``)."""
        return any(n and not percent_given(n) for n in (self.started, self.completers))

    @property
    def few(self) -> bool:
        """A percentage of it rests on only a few patients: treat it lightly."""
        return any(treat_lightly(n) for n in (self.started, self.completers))


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


# ---- presenting -----------------------------------------------------------------------------


def result_dict(result: CohortResult) -> dict:
    """Plain JSON-ready form: numbers rounded to 4 places by the app's one rule
    (``rounded``: halves away from zero, never "-0.0", as the tables and Outcomes round),
    None for what cannot be computed."""

    def num(x: float | None) -> float | None:
        return None if x is None else float(rounded(x, 4))

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

    def pct(x: float | None, n: int) -> str:  # rounded as every number the app shows
        return percent_text(x) if x is not None and percent_given(n) else "–"

    def share(s: Share, row: GroupOutcome) -> str:
        return (f"{s.reached} reached: {pct(s.everyone, row.started)} of everyone, "
                f"{pct(s.completers, row.completers)} of completers")

    def ci(m: MeanCI | None) -> str:
        if m is None:
            return "–"
        if m.low is None:
            return f"{signed_text(m.mean, 2)} (n = 1, no interval)"
        return (f"{signed_text(m.mean, 2)} [95% CI {signed_text(m.low, 2)} to "
                f"{signed_text(m.high, 2)}] (n = {m.n})")

    lines = [f"Change = post − baseline (negative = lower). Reference group: {result.reference}"]
    for row in result.groups:
        lines += [
            "",
            f"group {row.group}: {row.started} started, {row.completers} with baseline and post "
            f"pain",
            f"  pain 0–1 at post:    {share(row.pain_0_1, row)}",
            f"  pain ≥30% lower:     {share(row.reduction_30, row)}",
            f"  pain ≥50% lower:     {share(row.reduction_50, row)}",
            f"  mean pain change:    {ci(row.pain_change)}",
            f"  mean fear change:    {ci(row.fear_change)}",
        ]
        if row.counts_only:
            lines.append(f"  (–: no percentage over fewer than {MIN_READING_SESSIONS} patients)")
        if row.few:
            lines.append(f"  (percentages over fewer than {FEW} patients: treat them lightly)")
        if row.group != result.reference:
            g = row.hedges_g
            text = "– (needs 2+ completers in both groups and some spread)" if g is None else (
                f"{signed_text(g.g, 2)} [approx. 95% CI {signed_text(g.low, 2)} to "
                f"{signed_text(g.high, 2)}]")
            lines.append(f"  Hedges' g vs {result.reference}: {text}")
    lines += ["", "Definitions:"]
    lines += [f"  {name}: {text}" for name, text in result.definitions.items()]
    return "\n".join(lines)
