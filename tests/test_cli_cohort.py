"""`painease cohort` run as a user would: the docs example, JSON, and one-line refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_cli import painease

DOC = Path(__file__).resolve().parents[1] / "docs" / "cohort.md"


@pytest.fixture
def example(tmp_path) -> Path:
    text = re.search(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    path = tmp_path / "example.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_of_the_documented_example(example):
    done = painease("cohort", "--csv", str(example), "--reference", "B")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Reference group: B" in out
    assert "group A: 4 started, 3 with baseline and post pain" in out
    assert "pain 0–1 at post:    1 reached: 25% of everyone, 33% of completers" in out
    assert "pain ≥30% lower:     2 reached: 50% of everyone, 67% of completers" in out
    assert "mean pain change:    -3.00 [95% CI -7.30 to +1.30] (n = 3)" in out
    # 4 and 3 patients: percentages, to be treated lightly (``small_numbers``), in both.
    assert out.count("(percentages over fewer than 5 patients: treat them lightly)") == 2
    assert "Hedges' g vs B: -1.13" in out
    assert "Definitions:" in out


def test_json_output(example):
    done = painease("cohort", "--csv", str(example), "--json")  # default reference: A
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["reference"] == "A" and data["change"] == "post - baseline"
    a, b = data["groups"]
    assert a["hedges_g"] is None
    # B vs A: the sign flips, and g is symmetric otherwise (same pooled SD and J)
    assert b["hedges_g"]["g"] == pytest.approx(1.1314)
    assert b["pain_change"]["ci95"] == pytest.approx([-3.4841, 1.4841])
    assert b["reduction_30"] == {"reached": 1, "everyone": 0.3333, "completers": 0.3333}


def test_bad_table_is_one_line_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("patient_id,group,timepoint,pain\np,G,1,5\np,G,2,12\n", encoding="utf-8")
    done = painease("cohort", "--csv", str(bad))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"painease: {bad}:3: pain 12 is outside 0-10\n"


def test_a_repeated_column_is_refused_by_name(tmp_path):
    # Once the first of two pain columns (blank) was read: "0 with baseline and post pain".
    table = tmp_path / "twice.csv"
    table.write_text("patient_id,group,timepoint,pain,fear,pain\n"
                     "p1,A,1,,4,6\np1,A,2,,3,3\np2,B,1,,5,7\np2,B,2,,4,5\n", encoding="utf-8")
    done = painease("cohort", "--csv", str(table))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"painease: {table}:1: the column pain is in the header 2 times "
                           "(columns 4, 6); keep one, so it is clear which values to read\n")


def test_unknown_reference_and_missing_file(example, tmp_path):
    done = painease("cohort", "--csv", str(example), "--reference", "Z")
    assert done.returncode == 1
    assert done.stderr.startswith("painease: --reference: no group 'Z'")
    gone = painease("cohort", "--csv", str(tmp_path / "nope.csv"))
    assert gone.returncode == 1 and "cannot read" in gone.stderr
    assert len(gone.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", ["cohort", "demo-data"])
def test_new_commands_have_help(command):
    done = painease(command, "--help")
    assert done.returncode == 0 and "usage: painease" in done.stdout


def test_a_pipe_or_a_device_is_refused_not_read_for_ever(tmp_path):
    # Once a FIFO waited for ever, and /dev/zero (one endless line) grew the process to
    # 4 GB in 15 s.
    import os

    pipe = tmp_path / "table.csv"
    os.mkfifo(pipe)
    for source in (pipe, Path("/dev/zero")):
        done = painease("cohort", "--csv", str(source))
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr == f"painease: {source}: cannot read: it is not a regular file\n"


def test_a_table_far_too_big_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # sparse: 65 MiB on paper, nothing on the disk
        fh.truncate(65 * 1024 * 1024)
    done = painease("cohort", "--csv", str(huge))
    assert done.returncode == 1
    assert done.stderr == (f"painease: {huge}: cannot read: it is larger than 64 MiB, far more "
                           "than a table of a million patients' ratings\n")
