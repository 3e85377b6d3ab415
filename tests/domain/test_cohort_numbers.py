"""The Outcomes numbers as people read them: rounded by the app's one rule (halves away
from zero, never "−0.0") in the therapist's Outcomes table and in `painease cohort`'s
table; a g that float noise would blow up, and a Measure made with a value that is not a
number, refused."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from painease.domain.cohort import Measure, cohort_outcomes, format_table, result_dict
from painease.domain.cohort_stats import EffectSize, MeanCI, hedges_g
from painease.ui.therapist.cohort_words import change_text, g_text, percent, row_cells


def measures(group: str, pairs) -> list[Measure]:
    return [Measure(f"{group}{i}", group, before, after)
            for i, (before, after) in enumerate(pairs)]


# A: 8 started, 1 of them at pain 0–1 (1 / 8 = 12.5 %, which the rule makes 13 %), changes
# −1 and −1.5 for the two with both values (mean −1.25: −1.3 by the rule).
A = (measures("A", [(5, 4), (5, 3.5)])
     + [Measure(f"A-no-post{i}", "A", 5, None) for i in range(5)]
     + [Measure("A-low", "A", None, 1)])


def test_outcomes_tab_rounds_halves_away_from_zero():
    result = cohort_outcomes(A)
    cells = dict(zip(("group", "started", "both", "pain_0_1", "r30", "r50", "change", "g"),
                     row_cells(result.groups[0], result), strict=True))
    assert cells["pain_0_1"].startswith("1 of 8 (13%)\n")  # Python's format: 12%
    assert cells["change"].startswith("−1.3\n")  # Python's format: −1.2
    # 0.145 × 100 is 14.5 as written, 14.499… in binary: the rule says 15 %.
    assert percent(0.145) == "15%"


def test_outcomes_tab_never_shows_minus_or_plus_zero():
    # A mean of −0.025 and an interval end of +0.04 both round to 0.0: no sign.
    assert change_text(MeanCI(5, -0.025, 0.4, -0.52, 0.04)) == "0.0\n(−0.5 to 0.0)"
    assert change_text(MeanCI(5, -1.25, 0.4, -2.25, -0.25)) == "−1.3\n(−2.3 to −0.3)"
    assert change_text(MeanCI(1, 0.25, None, None, None)) == "+0.3\n(one patient, no interval)"


def test_outcomes_tab_g_rounds_by_the_rule():
    group, reference = [-1.0, -2.0, -3.0], [-1.0, -2.0, -3.5]
    result = cohort_outcomes(measures("B", [(5, 5 + c) for c in group])
                             + measures("R", [(5, 5 + c) for c in reference]), "R")
    row = result.groups[0]
    g = row.hedges_g
    assert g is not None and -0.5 < g.g < 0.5
    expected = f"{round_half_away(g.g)}\n({round_half_away(g.low)} to {round_half_away(g.high)})"
    assert g_text(row, result) == expected.replace("-", "−")
    # A g of −0.125 exactly (a half at the second decimal) is −0.13, not −0.12.
    half = replace(row, hedges_g=EffectSize(-0.125, -0.005, 1.125, 3, 3))
    assert g_text(half, result) == "−0.13\n(−0.01 to +1.13)"


def round_half_away(x: float) -> str:
    """An independent reading of the rule for the test: 2 places, halves away from 0."""
    d = Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return "0.00" if d == 0 else (f"+{d}" if d > 0 else str(d))


def test_cli_table_rounds_by_the_rule_and_has_no_minus_zero():
    # A: changes −0.125 and −0.125 (mean −0.125: −0.13 by the rule, not −0.12);
    # B: changes 0.0, −0.002 (mean −0.001: "0.00", never "-0.00"); 1 of 8 at 0–1: 13 %.
    a = measures("A", [(5, 4.875), (5, 4.875)])
    b = (measures("B", [(5, 5), (5, 4.998)])
         + [Measure(f"B-no-post{i}", "B", 5, None) for i in range(5)]
         + [Measure("B-low", "B", None, 1)])
    text = format_table(cohort_outcomes(a + b, "B"))
    assert "mean pain change:    -0.13 [95% CI -0.13 to -0.13] (n = 2)" in text
    # B's two completers are too few for a percentage (``small_numbers``).
    assert "pain 0–1 at post:    1 reached: 13% of everyone, – of completers" in text
    block_b = text.split("group B:")[1]
    assert "mean pain change:    0.00 [95% CI" in block_b
    assert "-0.00" not in text and "+0.00" not in text


def test_tiny_groups_shares_are_counts_and_small_ones_are_to_be_treated_lightly():
    """The small-numbers rule of the patient's Insights (``painease.domain.small_numbers``)
    in both tables: no percentage over fewer than 3 patients ("1 of 1 (100%)" once), and
    "treat them lightly" over fewer than 5; the JSON keeps every number."""
    one = measures("One", [(6, 1)])
    four = measures("Four", [(6, 1), (6, 5), (6, 3)]) + [Measure("Four-x", "Four", 6, None)]
    five = measures("Five", [(6, 1), (6, 5), (6, 3), (6, 6), (6, 2)])
    result = cohort_outcomes(one + four + five, "Five")
    blocks = {block.split(":", 1)[0]: block for block in format_table(result).split("\ngroup ")}
    assert "pain 0–1 at post:    1 reached: – of everyone, – of completers" in blocks["One"]
    assert "(–: no percentage over fewer than 3 patients)" in blocks["One"]
    assert "pain 0–1 at post:    1 reached: 25% of everyone, 33% of completers" in blocks["Four"]
    assert "(percentages over fewer than 5 patients: treat them lightly)" in blocks["Four"]
    assert "fewer than 3" not in blocks["Four"]
    assert "pain 0–1 at post:    1 reached: 20% of everyone, 20% of completers" in blocks["Five"]
    assert "fewer than" not in blocks["Five"].split("Definitions:")[0]
    cells = {row.group: row_cells(row, result) for row in result.groups}
    assert cells["One"][3] == "1 of 1\n1 of 1 with both weeks"
    assert cells["Four"][3] == "1 of 4 (25%)\n1 of 3 with both weeks (33%)"
    assert cells["Five"][3] == "1 of 5 (20%)\n1 of 5 with both weeks (20%)"
    kept = {group["group"]: group for group in result_dict(result)["groups"]}
    assert kept["One"]["pain_0_1"] == {"reached": 1, "everyone": 1.0, "completers": 1.0}


def test_cli_json_rounds_by_the_rule_and_has_no_minus_zero():
    """`painease cohort --json` gives 4 places, by the same rule as the tables: Python's
    round() made a half even (0.03125 → 0.0312) and a small negative mean "-0.0"."""
    # A: 32 started, 1 at 0–1 (1 / 32 = 0.03125 exactly); changes 0 and −0.0625 (mean
    # −0.03125). B: changes 0 and −0.0001 (mean −0.00005, 0.0 at 4 places).
    a = (measures("A", [(5, 5), (5, 4.9375)])
         + [Measure(f"A-no-post{i}", "A", 5, None) for i in range(29)]
         + [Measure("A-low", "A", None, 1)])
    b = measures("B", [(5, 5), (5, 4.9999)])
    data = result_dict(cohort_outcomes(a + b, "B"))
    group_a, group_b = data["groups"]
    assert group_a["pain_0_1"]["everyone"] == 0.0313  # round(): 0.0312
    assert group_a["pain_change"]["mean"] == -0.0313  # round(): -0.0312
    assert group_b["pain_change"]["mean"] == 0.0
    assert "-0.0," not in json.dumps(data)  # round(): -0.0


def test_g_is_not_given_for_spread_that_is_only_float_noise():
    # Each group's changes are all the same: no spread, but the variance float arithmetic
    # leaves is not exactly 0 (g was ≈ −5e15).
    assert hedges_g([0.1] * 3, [0.7] * 3) is None
    assert hedges_g([0.1, 0.1, 0.1], [0.0, 0.0, 0.0]) is None
    assert hedges_g([3.3] * 4, [-2.9] * 5) is None
    # Real spread, however small against the values, still gives a g.
    small = hedges_g([0.1, 0.1001, 0.1], [0.7, 0.7, 0.7])
    assert small is not None and math.isfinite(small.g)
    # And the tables say "–" for it, as for no spread.
    result = cohort_outcomes(measures("A", [(5, 5.1)] * 3) + measures("B", [(5, 5.7)] * 3))
    text = format_table(result)
    assert "Hedges' g vs A: – (needs 2+ completers in both groups and some spread)" in text
    assert g_text(result.groups[1], result) == "–\n(no spread in the changes)"


def test_outcomes_tab_says_why_there_is_no_g():
    """No spread is not "too few": each missing g says its own reason."""
    spread = [(5, 4), (5, 3)]
    # A and B each have two with both weeks, but all of their changes are −1: no spread.
    same = cohort_outcomes(measures("A", [(5, 4)] * 2) + measures("B", [(6, 5)] * 3))
    assert same.groups[1].hedges_g is None
    assert g_text(same.groups[1], same) == "–\n(no spread in the changes)"
    assert row_cells(same.groups[1], same)[-1] == "–\n(no spread in the changes)"
    # One with both weeks in the column (the other has no latest value): too few.
    few = cohort_outcomes(measures("A", spread) + measures("B", [(5, 4)])
                          + [Measure("B-no-post", "B", 5, None)])
    assert g_text(few.groups[1], few) == "–\n(too few with both weeks)"
    # Enough in the column, too few in the reference.
    few_ref = cohort_outcomes(measures("A", [(5, 4)]) + measures("B", spread))
    assert g_text(few_ref.groups[1], few_ref) == "–\n(too few with both weeks\nin the reference)"
    assert g_text(few_ref.groups[0], few_ref) == "reference"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["pain_before", "pain_after", "fear_before", "fear_after"])
def test_a_measure_refuses_values_that_are_not_numbers(field, value):
    values = {"pain_before": 5.0, "pain_after": 3.0, "fear_before": 4.0, "fear_after": 2.0,
              field: value}
    with pytest.raises(ValueError, match=field.replace("_", " ")):
        Measure("p1", "A", **values)


def test_a_measure_still_takes_missing_and_ordinary_values():
    m = Measure("p1", "A", 5, None, 4.5, None)
    assert not m.completed and m.pain_change is None
    assert Measure("p2", "A", 0, 10).pain_change == 10


def test_g_is_said_to_be_of_the_change():
    """A trial's g is usually on the pain at the end; this one is on the change, and its
    row and definition say so, so nobody sets the two side by side unwarned."""
    from painease.ui.therapist.cohort_words import DEFINITIONS, KEYS, ROWS

    row = ROWS[KEYS.index("hedges_g") - 1]
    assert "on the\nchange" in row
    said = next(text for text in DEFINITIONS if text.startswith("Hedges' g"))
    assert "worked out on the changes" in said and "a trial's g" in said


def test_the_trial_check_says_the_rows_without_a_group_were_left_out():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cohort.md").read_text("utf-8")
    check = doc.split("## Checked against a real trial")[1]
    assert "The 55 rows with no group were left\nout: the 54 healthy controls" in check
