"""The command line, run as a user would: a real subprocess, exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from painease import __version__
from painease.resources import bundled_scripts_dir

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(bundled_scripts_dir().glob("*.toml"))


def painease(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    if data_dir is not None:
        env["PAINEASE_HOME"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_version():
    done = painease("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"painease {__version__}"


@pytest.mark.parametrize("command", [[], ["scripts"], ["check"], ["fit"], ["export"]])
def test_every_command_has_help(command):
    done = painease(*command, "--help")
    assert done.returncode == 0 and "usage: painease" in done.stdout


def test_scripts_json_lists_the_bundled_scripts():
    done = painease("scripts", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    assert {"somatic-tracking-first-steps", "paced-breathing"} <= set(rows)
    assert rows["paced-breathing"]["lengths"] == [5, 10]
    assert rows["paced-breathing"]["kind"] == "breathing"


def test_scripts_help_says_what_json_gives():
    """Each field of ``scripts --json`` (origin included: where the script comes from) is
    named in ``scripts --help``, with the origins it can be."""
    keys = set().union(*(row for row in json.loads(painease("scripts", "--json").stdout)))
    assert "origin" in keys
    done = painease("scripts", "--help")
    shown = " ".join(done.stdout.split())  # argparse wraps the lines
    assert done.returncode == 0 and all(key in shown for key in keys), shown
    assert all(origin in shown for origin in ("bundled", "user", "pack")), shown


def test_scripts_help_says_where_clip_warnings_are():
    """``scripts`` reads clip headers only (it stays quick; decoding every clip to measure
    its level would not be), so its help says where a clip's warnings are found."""
    done = painease("scripts", "--help")
    shown = " ".join(done.stdout.split())
    assert done.returncode == 0 and "painease check FILE decodes them" in shown, shown


def test_scripts_table(tmp_path):
    home = tmp_path / "never-used"
    done = painease("scripts", data_dir=home)
    assert done.returncode == 0
    assert "somatic-tracking-first-steps" in done.stdout and "Paced breathing" in done.stdout
    assert not home.exists()  # listing reads; it makes no data folder


def test_check_passes_the_bundled_scripts():
    done = painease("check", *map(str, BUNDLED))
    assert done.returncode == 0, done.stdout
    assert done.stdout.count(": ok (") == len(BUNDLED)


def test_check_reports_problems_as_file_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\nkind = "nap"\n', encoding="utf-8")
    done = painease("check", str(bad))
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines and all(line.startswith(f"{bad}:") for line in lines)
    assert f"{bad}:3: kind: 'nap' is not one of" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_fit_every_bundled_length(path):
    import tomllib

    meta = tomllib.loads(path.read_text(encoding="utf-8"))
    for minutes in meta["lengths"]:
        done = painease("fit", meta["id"], "--minutes", str(minutes), "--json")
        assert done.returncode == 0, done.stderr
        fitted = json.loads(done.stdout)
        assert fitted["total_seconds"] == minutes * 60
        segments = fitted["segments"]
        assert segments[0]["start"] == 0 and segments[-1]["end"] == minutes * 60
        assert {s["phase"] for s in segments} >= {step["phase"] for step in meta["steps"]}
    text = painease("fit", meta["id"], "--minutes", str(meta["lengths"][0]))
    assert text.returncode == 0 and meta["steps"][0]["text"] in text.stdout


def test_fit_refuses_unknown_script_and_length_in_one_line():
    unknown = painease("fit", "no-such-script", "--minutes", "5")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().count("\n") == 0 and "no script with id" in unknown.stderr
    wrong = painease("fit", "paced-breathing", "--minutes", "7")
    assert wrong.returncode == 1 and "can be played at 5, 10 minutes, not 7" in wrong.stderr


def test_usage_error_exits_2():
    done = painease("fit", "paced-breathing")
    assert done.returncode == 2 and "--minutes" in done.stderr


def test_data_dir_option_is_used_and_private(tmp_path):
    data = tmp_path / "data"
    done = painease("--data-dir", str(data), "export", "--csv", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (data / "painease.sqlite3").is_file()
    assert data.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "out" / "sessions.csv").is_file()


def test_export_writes_recorded_sessions(tmp_path):
    from painease.storage.store import SessionStore

    data = tmp_path / "data"
    os.environ["PAINEASE_HOME"] = str(data)  # restored by the autouse fixture's monkeypatch
    with SessionStore(data / "painease.sqlite3") as store:
        session = store.start_session("paced-breathing", 1, 5)
        store.save_rating(session, "pre", pain=6, fear=7, note="stiff neck")
        store.end_session(session, "completed", elapsed_ms=300_000)
    done = painease("export", "--csv", str(tmp_path / "out"), data_dir=data)
    assert done.returncode == 0, done.stderr
    sessions = (tmp_path / "out" / "sessions.csv").read_text(encoding="utf-8")
    assert "paced-breathing" in sessions and "completed" in sessions


def test_export_into_a_file_path_fails_in_one_line(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    done = painease("export", "--csv", str(blocker / "sub"), data_dir=tmp_path / "data")
    assert done.returncode == 1
    assert done.stderr.startswith("painease: export failed") and "Traceback" not in done.stderr


def test_output_cut_short_by_a_closed_pipe_is_not_a_traceback():
    """``painease fit … | head -1``: the reader leaves early; painease exits quietly."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-m", "painease", "fit",
                              "somatic-tracking-first-steps", "--minutes", "15"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.readline()
    child.stdout.close()  # like head after its first line
    _, stderr = child.communicate(timeout=60)
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr, stderr
    assert child.returncode == 0


def test_odd_arguments_get_one_clear_line_not_a_traceback(tmp_path):
    """From a robustness audit: each of these once gave a traceback, hung, ran out of
    memory, or quietly used the current folder."""
    home = tmp_path / "home"
    fifo = tmp_path / "pipe.painease"
    os.mkfifo(fifo)
    cases = [
        (("demo-data", "--seed", "-1"), 2, "-1 is negative; use 0 or more"),
        (("export", "--csv", ""), 2, "is empty; give a file or folder name"),
        (("pack", "import", "/dev/zero"), 1, "/dev/zero is not a file"),
        (("pack", "verify", str(fifo)), 1, f"{fifo} is not a file"),  # once: waited forever
        (("results", "import", "/dev/zero"), 1, "/dev/zero is not a file"),
        (("check", "/dev/zero"), 1, "/dev/zero:1: is not a file"),  # said on stdout
    ]
    for args, code, message in cases:
        done = painease(*args, data_dir=home)
        assert done.returncode == code, (args, done.stderr)
        assert message in done.stderr + done.stdout, (args, done.stderr)
        assert "Traceback" not in done.stderr, args
    existing = tmp_path / "notes.txt"
    existing.write_text("mine")
    done = painease("export", "--csv", str(existing), data_dir=home)
    assert done.returncode == 1 and done.stderr.strip() == (
        f"painease: export failed: {existing} is a file; --csv takes a folder, where the "
        "CSV files and their codebook are written")
    assert existing.read_text() == "mine"
    assert "≥30% and ≥50%" in painease("cohort", "--help").stdout  # not "≥30%%"


def test_a_bad_user_script_is_one_line_and_the_others_still_list(tmp_path):
    home = tmp_path / "home"
    (home / "scripts").mkdir(parents=True)
    broken = home / "scripts" / "tiny-breath.toml"
    broken.write_text(
        'format = 1\nid = "tiny-breath"\ntitle = "T"\nkind = "breathing"\nsummary = "s"\n'
        'when_to_use = "w"\nlengths = [5]\n\n[[steps]]\nphase = "breathing"\n'
        'text = "Breathe."\npause = { min = 1 }\n'
        "breath = { inhale = 1e-9, exhale = 1e-9, cycles = { min = 1 } }\n", encoding="utf-8")
    checked = painease("check", str(broken), data_dir=home)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    assert checked.stdout.splitlines()[0] == (
        f"{broken}:13: step 1, breath, inhale: 1e-09 is out of range: it must be at least "
        "0.5 (seconds breathing in)")
    listed = painease("scripts", "--json", data_dir=home)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert f"skipped: {broken}:13: step 1, breath, inhale" in listed.stderr
    ids = {row["id"] for row in json.loads(listed.stdout)}
    assert {path.stem for path in BUNDLED} <= ids


def test_a_script_with_hundreds_of_problems_says_the_first_and_counts_the_rest(tmp_path):
    # Once every one was a line of its own: 22,000 "skipped:" lines for one file. Here one
    # in each of the 500 steps a script may have.
    home = tmp_path / "home"
    (home / "scripts").mkdir(parents=True)
    many = home / "scripts" / "many.toml"
    steps = "".join(f'\n[[steps]]\nphase = "settle"\ntext = "Hi."\npause = -{n + 1}\n'
                    for n in range(500))
    many.write_text('format = 1\nid = "many"\ntitle = "T"\nkind = "relaxation"\n'
                    'summary = "s"\nwhen_to_use = "w"\nlengths = [5]\n' + steps,
                    encoding="utf-8")
    checked = painease("check", str(many), data_dir=home)
    lines = checked.stdout.splitlines()
    assert checked.returncode == 1 and len(lines) == 21, lines[:3]
    assert lines[0].startswith(f"{many}:12: step 1, pause: -1")
    assert lines[19].startswith(f"{many}:107: step 20, pause: -20")
    assert lines[20] == f"{many}: … and 480 more problems in this file"
    listed = painease("scripts", data_dir=home)
    skipped = listed.stderr.splitlines()
    assert len(skipped) == 21 and skipped[0] == f"skipped: {lines[0]}"
    assert skipped[20] == f"skipped: {lines[20]}"


@pytest.mark.parametrize(("seconds", "shown"), [
    (0.25, "  0:00.3"), (0.05, "  0:00.1"), (59.95, "  1:00.0"), (62.35, "  1:02.4"),
    (0.24, "  0:00.2")])
def test_fit_times_round_halves_away_from_zero(seconds, shown):
    """``painease fit`` prints segment times to a tenth by the app's one rule (halves away
    from zero), not Python's half-to-even (0.25 s was "0:00.2"). A boundary 2400 frames
    past a tenth at 48 kHz is such a half."""
    from painease.commands import _clock

    assert _clock(seconds) == shown
