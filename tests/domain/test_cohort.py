"""Cohort statistics against hand-worked values: the docs example, t quantiles, g, bad input."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from painease.domain.cohort import Measure, cohort_outcomes, format_table, result_dict
from painease.domain.cohort_csv import CohortInputError, parse_cohort, read_cohort_csv
from painease.domain.cohort_stats import hedges_g, mean_ci, t_cdf, t_quantile

DOC = Path(__file__).resolve().parents[2] / "docs" / "cohort.md"


def doc_example() -> str:
    return re.search(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


@pytest.mark.parametrize(("p", "df", "expected"), [
    # Student-t table values (two-sided 95 % and 99 %)
    (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 9, 2.262), (0.975, 30, 2.042),
    (0.995, 9, 3.250), (0.995, 1, 63.657), (0.975, 10**7, 1.960), (0.95, 5, 2.015),
])
def test_t_quantile_matches_tables(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=5e-4)
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-10)


def test_t_quantile_symmetry_and_refusals():
    assert t_quantile(0.025, 9) == pytest.approx(-t_quantile(0.975, 9))
    assert t_cdf(0.0, 4) == pytest.approx(0.5)
    # df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t) / pi
    assert t_cdf(2.0, 1) == pytest.approx(0.5 + math.atan(2.0) / math.pi, abs=1e-12)
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError):
        t_quantile(0.9, 0)


def test_documented_example_numbers():
    result = cohort_outcomes(parse_cohort(doc_example().splitlines(True), "doc"), "B")
    a, b = result.groups
    assert (a.group, a.started, a.completers) == ("A", 4, 3)
    # pain 0-1: a2 -> 1 of 4 everyone, 1 of 3 completers
    assert (a.pain_0_1.reached, a.pain_0_1.everyone, a.pain_0_1.completers) == (1, 0.25, 1 / 3)
    assert (a.reduction_30.everyone, a.reduction_30.completers) == (0.5, 2 / 3)  # a1, a2
    assert (a.reduction_50.everyone, a.reduction_50.completers) == (0.5, 2 / 3)
    # changes -4, -4, -1: mean -3, SD sqrt(3), SE 1, t(.975, 2) = 4.3027
    assert a.pain_change.mean == -3 and a.pain_change.sd == pytest.approx(math.sqrt(3))
    assert a.pain_change.low == pytest.approx(-7.3027, abs=1e-4)
    assert a.pain_change.high == pytest.approx(1.3027, abs=1e-4)
    # fear changes -3, -1, -2 (a4 has no post fear): mean -2, SD 1 -> ±4.3027/sqrt(3)
    assert a.fear_change.n == 3 and a.fear_change.mean == pytest.approx(-2)
    assert (a.fear_change.low, a.fear_change.high) == pytest.approx((-4.4841, 0.4841), abs=1e-4)
    assert (b.started, b.completers, b.pain_0_1.reached) == (3, 3, 0)
    assert b.reduction_30.everyone == pytest.approx(1 / 3) and b.reduction_50.reached == 0
    assert (b.pain_change.low, b.pain_change.high) == pytest.approx((-3.4841, 1.4841), abs=1e-4)
    assert b.fear_change is None and b.hedges_g is None  # no fear given; b is the reference
    # pooled SD sqrt(2), d = -2/sqrt(2) = -1.4142, J = 1 - 3/15 = 0.8 -> g = -1.1314
    assert a.hedges_g.g == pytest.approx(-0.8 * math.sqrt(2))
    assert (a.hedges_g.n1, a.hedges_g.n2) == (3, 3)
    text = format_table(result)
    assert "group A: 4 started, 3 with baseline and post pain" in text
    assert "-3.00 [95% CI -7.30 to +1.30] (n = 3)" in text
    assert "Hedges' g vs B: -1.13" in text
    assert result_dict(result)["groups"][0]["hedges_g"]["g"] == pytest.approx(-1.1314)


def test_hedges_g_against_a_second_hand_case():
    # x = 1, 2, 3 (mean 2, var 1); y = 2, 4, 6, 8 (mean 5, var 20/3)
    # pooled var = (2*1 + 3*20/3) / 5 = 22/5; d = -3 / sqrt(4.4) = -1.4302
    # J = 1 - 3 / (4*7 - 9) = 16/19 -> g = -1.2044
    g = hedges_g([1, 2, 3], [2, 4, 6, 8])
    assert g.g == pytest.approx(-3 / math.sqrt(4.4) * 16 / 19)
    se = math.sqrt(7 / 12 + g.g ** 2 / 14)
    assert (g.low, g.high) == pytest.approx((g.g - 1.96 * se, g.g + 1.96 * se), abs=1e-3)
    assert hedges_g([1], [2, 3]) is None and hedges_g([1, 1], [1, 1]) is None


def test_mean_ci_single_value_and_empty():
    one = mean_ci([-2.0])
    assert (one.n, one.mean, one.sd, one.low, one.high) == (1, -2.0, None, None, None)
    assert mean_ci([]) is None


def test_missing_post_is_not_reached_for_everyone_but_absent_for_completers():
    patients = [Measure("p1", "G", 6, 1), Measure("p2", "G", 6, None),
                Measure("p3", "G", None, 0)]
    (g,) = cohort_outcomes(patients).groups
    assert (g.started, g.completers) == (3, 1)
    # pain 0-1 is a state at post: p1 and p3 reach it among everyone; among completers p1
    assert (g.pain_0_1.reached, g.pain_0_1.everyone, g.pain_0_1.completers) == (2, 2 / 3, 1.0)
    assert (g.reduction_50.everyone, g.reduction_50.completers) == (1 / 3, 1.0)
    assert g.pain_change.n == 1 and g.pain_change.low is None


def test_exact_30_percent_in_decimals_counts():
    # 4 -> 2.8 is exactly 30 % lower despite binary floating point
    (g,) = cohort_outcomes([Measure("p", "G", 4.0, 2.8), Measure("q", "G", 0, 0)]).groups
    assert g.reduction_30.reached == 1  # q: baseline 0 cannot fall by 30 %


def test_groups_sorted_numerically_and_reference_default():
    patients = [Measure(str(i), name, 5, 4) for i, name in enumerate(["10", "2", "2", "10"])]
    result = cohort_outcomes(patients)
    assert [g.group for g in result.groups] == ["2", "10"] and result.reference == "2"
    with pytest.raises(ValueError, match="no group 'X'"):
        cohort_outcomes(patients, "X")


def test_labels_and_intermediate_timepoints():
    labelled = parse_cohort(["patient_id,group,timepoint,pain\n", "p,G,baseline,5\n",
                             "p,G,post,2\n"])
    assert labelled == [Measure("p", "G", 5.0, 2.0, None, None)]
    # 3 time points: the final one (3) is post; p2 stopped at 2 and has no post value
    three = parse_cohort(["patient_id,group,timepoint,pain,fear\n", "p1,G,1,6,5\n",
                          "p1,G,2,4,4\n", "p1,G,3,3,2\n", "p2,G,1,7,6\n", "p2,G,2,2,2\n"])
    assert three == [Measure("p1", "G", 6.0, 3.0, 5.0, 2.0),
                     Measure("p2", "G", 7.0, None, 6.0, None)]


@pytest.mark.parametrize(("lines", "message"), [
    (["patient_id,group,pain\n", "p,G,5\n"], "t.csv:1: missing column(s) timepoint"),
    (["patient_id;group;timepoint;pain\n"], "comma-separated"),
    # Once the first pain column was read and the second ignored without a word.
    (["patient_id,group,timepoint,pain,fear,Pain\n", "p,G,1,,3,5\n", "p,G,2,,3,4\n"],
     "t.csv:1: the column pain is in the header 2 times (columns 4, 6); keep one"),
    (["patient_id,group,timepoint,pain,fear,fear\n", "p,G,1,5,3,3\n"],
     "t.csv:1: the column fear is in the header 2 times (columns 5, 6)"),
    ([], "t.csv:1: the file is empty"),
    (["patient_id,group,timepoint,pain\n"], "t.csv:2: no data rows"),
    (["patient_id,group,timepoint,pain\n", "p,G,1,5\n", "p,G,2,seven\n"],
     "t.csv:3: pain 'seven' is not a number"),
    (["patient_id,group,timepoint,pain\n", "p,G,1,11\n"], "t.csv:2: pain 11 is outside 0-10"),
    (["patient_id,group,timepoint,pain,fear\n", "p,G,1,5,-1\n"],
     "t.csv:2: fear -1 is outside 0-10"),
    (["patient_id,group,timepoint,pain\n", "p,G,1,5\n", "\n", "p,G,1,4\n"],
     "t.csv:4: patient p already has a row for timepoint 1 (line 2)"),
    (["patient_id,group,timepoint,pain\n", "p,G,1,5\n", "p,H,2,4\n"],
     "t.csv:3: patient p is in group 'H' here but 'G' on line 2"),
    (["patient_id,group,timepoint,pain\n", "p,G,0,5\n"], "t.csv:2: timepoint '0'"),
    (["patient_id,group,timepoint,pain\n", "p,,1,5\n"], "t.csv:2: group is empty"),
    (["patient_id,group,timepoint,pain\n", "p,G,1\n"], "t.csv:2: 3 cells, but the header has 4"),
    (["patient_id,group,timepoint,pain\n", "p,G,1,5\n", "p,G,post,2\n", "q,G,3,2\n"],
     "t.csv:3: 'post' mixed with numbered timepoints"),
])
def test_bad_input_names_file_and_line(lines, message):
    with pytest.raises(CohortInputError) as info:
        parse_cohort(lines, "t.csv")
    assert str(info.value).startswith("t.csv:") and message in str(info.value)


def test_read_cohort_csv_accepts_bom_and_blank_or_nan(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffpatient_id,group,timepoint,pain,fear\n"
                     "Zoë,G,1,5,NaN\nZoë,G,2,,\n".encode())
    assert read_cohort_csv(path) == [Measure("Zoë", "G", 5.0, None, None, None)]
    with pytest.raises(CohortInputError, match="cannot read"):
        read_cohort_csv(tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes(b"patient_id,group,timepoint,pain\nZo\xeb,G,1,5\n")
    with pytest.raises(CohortInputError, match="not UTF-8"):
        read_cohort_csv(tmp_path / "latin.csv")
