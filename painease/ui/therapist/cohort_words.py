"""The Outcomes table's words: its rows, the text of each cell and the definitions.

Pure text from ``painease.domain.cohort`` results (no Qt), so ``cohort_view`` keeps to the
widget. ``KEYS`` names the rows as ``CohortView.cell`` takes them; ``ROWS`` says them.
"""

from __future__ import annotations

from painease.domain.cohort import CohortResult, GroupOutcome, Share
from painease.domain.cohort_set import SET_SESSIONS
from painease.domain.cohort_stats import MeanCI
from painease.domain.cohort_weeks import WEEKS_DEFINITION
from painease.domain.small_numbers import FEW, MIN_READING_SESSIONS, share_percent
from painease.domain.vocabulary import percent_text, signed_text

GROUPINGS = {"set": "Their sets", "own": "Your groups"}
KEYS = ("group", "started", "both_weeks", "pain_0_1", "reduction_30", "reduction_50",
        "change", "hedges_g")  # what ``cell`` takes: the group's name, then one per row
BOTH_WEEKS = "With enough ratings\nin both weeks"
# KEYS[1:], in words. g is worked out on the change: not to be set beside a trial's g.
ROWS = ("Started", BOTH_WEEKS, "Pain 0–1 at latest", "Pain ≥30% lower", "Pain ≥50% lower",
        "Mean pain change\n(95% interval)", "Hedges' g on the\nchange vs reference")
COLUMNS_ARE = {"set": f"One column per set the patients follow, counting only {SET_SESSIONS}. "
                      "A patient who did sessions of more than one set (they moved on to a "
                      "new one) is in each of those columns, with that set's sessions only.",
               "own": "One column per group of yours (set on the Patients page), counting "
                      "all of each patient's sessions."}
OF_THE_SET, ALL_SESSIONS = "sessions of the set", "all sessions"  # under a column's name
DEFINITIONS = (
    "A rated session is one with pain rated before and after it, as in Insights. "
    + WEEKS_DEFINITION + f" A set's column counts only {SET_SESSIONS}. Both baseline and "
    "latest use the pain rated before sessions, so the change is in the pain a patient "
    "comes in with, not the relief a single session brings at the time.",
    "Started: patients whose results you imported with at least one session in the "
    "column: in a set's column, one of the sessions of the set; in the others, any "
    "session. With enough ratings in both weeks: patients with both a baseline and a "
    "latest value. It does not say they finished the set: the Patients page shows how "
    "many of its sessions each one has done. A patient who did sessions of two sets is "
    "started in both of their columns, each with that set's sessions only; a column's "
    "numbers are about that set, and the columns together can count a patient twice.",
    "Pain 0–1 at latest: a latest value of 1 or less, 'pain-free or nearly'. Pain ≥30% "
    "lower and ≥50% lower: a latest value at least 30% (or 50%) below the baseline; pain "
    "research counts these as a moderately important and a substantial change. A baseline "
    "of 0 has no pain to drop, so it never counts as lower. Each is shown twice: first "
    "out of everyone who started, where a patient without a latest value (or, for the "
    "two drops, without a baseline) counts as not reached; then out of those with enough "
    f"ratings in both weeks only. As in Insights, a share of fewer than {MIN_READING_SESSIONS} "
    f"patients is given as a count alone, with no percentage, and one of fewer than {FEW} is "
    "to be treated lightly.",
    "Mean pain change: latest minus baseline, in points of the 0–10 scale (a negative "
    "number means pain went down), averaged over the patients with enough ratings in both "
    "weeks. Under it, its 95% interval (CI) shows how precisely that average is known: "
    "the fewer the patients, or the more their changes differ, the wider it is. The "
    "interval needs 2 or more such patients.",
    "Hedges' g compares a group's mean pain change with the reference group's, measured "
    "against how much the changes differ from patient to patient in the two groups, with "
    "a small correction for small groups. 0 means the same average change; a negative g "
    "means pain fell more than in the reference group, and the further from 0, the larger "
    "the difference compared with that spread. Under it, its approximate 95% interval. It "
    "needs 2 or more patients with enough ratings in both weeks in each group, and some "
    "spread: changes that differ from patient to patient in at least one of the groups. "
    "Two sets' columns can share patients (those who did both); g then compares groups "
    "that are partly the same people, so read it with extra care. It is worked out on "
    "the changes and their spread, so it is not the same number as a trial's g worked "
    "out on the pain at the end of treatment.",
    "These are the patients' own ratings, not a trial: there is no control group, and "
    "nothing is adjusted for differences between patients. painease is not a medical "
    "device.",
)


def percent(x: float | None) -> str:
    return "–" if x is None else percent_text(x)


def signed(x: float, places: int = 1) -> str:
    """A change, rounded as every number the app shows (``vocabulary.rounded``: halves
    away from zero, no sign on a zero), with a true minus sign: "−1.3", "+0.5", "0.0"."""
    return signed_text(x, places).replace("-", "−")


def share_text(s: Share, started: int, completers: int) -> str:
    """Two lines: of everyone who started, then of those with enough ratings in both
    weeks (``cohort``'s completers) only; each with no percentage over fewer than
    ``MIN_READING_SESSIONS`` patients (``small_numbers.share_percent``)."""
    everyone = f"{s.reached} of {started}{share_percent(s.everyone, started)}"
    if not completers or s.completers is None:
        return f"{everyone}\nnobody with both weeks"
    reached = round(s.completers * completers)
    return (f"{everyone}\n{reached} of {completers} with both weeks"
            f"{share_percent(s.completers, completers)}")


def few_patients(result: CohortResult) -> str:
    """The line under the table, by the small-numbers rule: the columns with a share given as a
    count alone (``GroupOutcome.counts_only``), and those with a percentage to be
    treated lightly (``few``); "" when there are none."""
    only = ", ".join(f"“{row.group}”" for row in result.groups if row.counts_only)
    few = ", ".join(f"“{row.group}”" for row in result.groups if row.few)
    said = ([f"Counts only, with no percentage, where fewer than {MIN_READING_SESSIONS} "
             f"patients are counted: {only}."] if only else [])
    if few:
        said.append(f"Percentages over fewer than {FEW} patients, so treat them lightly: {few}.")
    return " ".join(said)


def change_text(m: MeanCI | None) -> str:
    if m is None:  # nobody with enough ratings in both weeks
        return "–\n(not enough ratings yet)"
    if m.low is None:
        return f"{signed(m.mean)}\n(one patient, no interval)"
    return f"{signed(m.mean)}\n({signed(m.low)} to {signed(m.high)})"


def g_text(row: GroupOutcome, result: CohortResult) -> str:
    """The row's g against ``result``'s reference, or why there is none: too few with
    both weeks (in the column or in the reference), or, with enough in both, no spread in
    the changes (``cohort_stats.hedges_g`` gives no g for either)."""
    if row.group == result.reference:
        return "reference"
    g = row.hedges_g
    if g is None:
        if row.completers < 2:
            return "–\n(too few with both weeks)"
        reference = next((r for r in result.groups if r.group == result.reference), None)
        if reference is None or reference.completers < 2:
            return "–\n(too few with both weeks\nin the reference)"
        return "–\n(no spread in the changes)"
    return f"{signed(g.g, 2)}\n({signed(g.low, 2)} to {signed(g.high, 2)})"


def row_cells(row: GroupOutcome, result: CohortResult) -> tuple[str, ...]:
    shares = [share_text(s, row.started, row.completers)
              for s in (row.pain_0_1, row.reduction_30, row.reduction_50)]
    return (row.group, str(row.started), str(row.completers), *shares,
            change_text(row.pain_change), g_text(row, result))


def reading_text(patients: int) -> str:
    """The line shown while the patients' results are read (``CohortView.refresh``)."""
    if patients == 0:
        return "Reading your patients' results…"
    return f"Reading {patients} patient's results…" if patients == 1 else (
        f"Reading {patients} patients' results…")
