"""The Outcomes table's words: its rows, the text of each cell and the definitions.

Pure text from ``painease.domain.cohort`` results (no Qt), so ``cohort_view`` keeps to the
widget. ``KEYS`` names the rows as ``CohortView.cell`` takes them; ``ROWS`` says them.
"""

from __future__ import annotations

from painease.domain.cohort import GroupOutcome, MeanCI, Share
from painease.domain.cohort_set import SET_SESSIONS
from painease.domain.cohort_weeks import WEEKS_DEFINITION

GROUPINGS = {"set": "Set they follow", "own": "Your groups"}
KEYS = ("group", "started", "both_weeks", "pain_0_1", "reduction_30", "reduction_50",
        "change", "hedges_g")  # what ``cell`` takes: the group's name, then one per row
BOTH_WEEKS = "With enough ratings\nin both weeks"
ROWS = ("Started", BOTH_WEEKS, "Pain 0–1 at latest", "Pain ≥30% lower", "Pain ≥50% lower",
        "Mean pain change\n(95% CI)", "Hedges' g\nvs reference")  # KEYS[1:], in words
COLUMNS_ARE = {"set": f"One column per set the patients follow, counting only {SET_SESSIONS}.",
               "own": "One column per group of yours (set on the Patients page), counting "
                      "all of each patient's sessions."}
OF_THE_SET, ALL_SESSIONS = "sessions of the set", "all sessions"  # under a column's name
DEFINITIONS = (
    "A rated session is one with pain rated before and after it, as in Insights. "
    + WEEKS_DEFINITION + f" A set's column counts only {SET_SESSIONS}. Both ends are "
    "rated before a session, so the change is in the pain a patient comes in with, not "
    "the relief a single session brings at the time.",
    "Started: patients whose results you imported with at least one session in the "
    "column: in a set's column, one of the set's sessions; in the others, any session. "
    "With enough ratings in both weeks: patients with a baseline and a latest "
    "value. It does not say they finished the set: the Patients page shows how many "
    "of its sessions each one has done.",
    "Pain 0–1 ('pain-free or nearly'), ≥30% lower (a moderately important change) and "
    "≥50% lower (a substantial change) are each shown twice: as a share of everyone who "
    "started — a patient without a latest value counts as not reached — and as a share of "
    "those with enough ratings in both weeks only.",
    "Mean pain change: latest minus baseline, in points of the 0–10 scale (negative = "
    "lower), over patients with enough ratings in both weeks, with its 95% confidence "
    "interval (needs 2 or more such patients).",
    "Hedges' g compares a group's mean pain change with the reference group's, in pooled "
    "standard deviations, corrected for small groups; negative: pain fell more than in the "
    "reference group. It needs 2 or more patients with enough ratings in both weeks in "
    "each group, and some spread.",
    "These are the patients' own ratings, not a trial: no control group, no adjustment. "
    "painease is not a medical device.",
)


def percent(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def share_text(s: Share, started: int, completers: int) -> str:
    """Two lines: of everyone who started, then of those with enough ratings in both
    weeks (``cohort``'s completers) only."""
    everyone = f"{s.reached} of {started} ({percent(s.everyone)})"
    if not completers or s.completers is None:
        return f"{everyone}\nnobody with both weeks"
    reached = round(s.completers * completers)
    return (f"{everyone}\n{reached} of {completers} with both weeks "
            f"({percent(s.completers)})")


def change_text(m: MeanCI | None) -> str:
    if m is None:  # nobody with enough ratings in both weeks
        return "–\n(not enough ratings yet)"
    mean = f"{m.mean:+.1f}".replace("-", "−")
    if m.low is None:
        return f"{mean}\n(one patient, no interval)"
    return f"{mean}\n({m.low:+.1f} to {m.high:+.1f})".replace("-", "−")


def g_text(row: GroupOutcome, reference: str | None) -> str:
    if row.group == reference:
        return "reference"
    g = row.hedges_g
    if g is None:
        return "–\n(too few with both weeks)"
    return f"{g.g:+.2f}\n({g.low:+.2f} to {g.high:+.2f})".replace("-", "−")


def row_cells(row: GroupOutcome, reference: str | None) -> tuple[str, ...]:
    shares = [share_text(s, row.started, row.completers)
              for s in (row.pain_0_1, row.reduction_30, row.reduction_50)]
    return (row.group, str(row.started), str(row.completers), *shares,
            change_text(row.pain_change), g_text(row, reference))
