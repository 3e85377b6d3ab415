"""Settings are declared once, saved in the data dir, and survive a damaged file."""

from __future__ import annotations

import json

import pytest

from painease import paths
from painease.settings import OPTIONS, Settings


def test_defaults_then_changes_persist_in_the_data_dir():
    settings = Settings()
    assert settings.path.parent == paths.data_dir()
    assert settings.get("live_rating") is False
    seen = []
    settings.add_listener(lambda key, value: seen.append((key, value)))
    settings.set("live_rating", True)
    settings.set("text_size", 150)
    assert seen == [("live_rating", True), ("text_size", 150)]
    again = Settings()
    assert again.get("live_rating") is True and again.get("text_size") == 150


def test_bad_values_are_refused_and_a_damaged_file_falls_back_to_defaults():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.set("text_size", 130)
    with pytest.raises(ValueError):
        settings.set("master_volume", True)
    settings.path.write_text(json.dumps({"theme": "neon", "master_volume": 40, "x": 1}))
    loaded = Settings()
    assert loaded.get("theme") == "light" and loaded.get("master_volume") == 40
    settings.path.write_text("{not json")
    assert Settings().get("master_volume") == 80
    settings.path.write_text("[" * 200_000)  # nested past Python's recursion limit
    assert Settings().get("master_volume") == 80


def test_every_option_has_a_title_and_an_acceptable_default():
    for option in OPTIONS:
        assert option.title and option.accepts(option.default), option.key


def test_mix_and_ambience_follow_the_options():
    settings = Settings()
    settings.set("master_volume", 50)
    assert settings.mix().master == 0.5
    assert settings.ambience_for("soft-rain") == "soft-rain"
    settings.set("ambience", "none")
    assert settings.ambience_for("soft-rain") == "none"


def test_a_change_that_cannot_be_saved_still_applies_and_says_why():
    """A real write failure: a folder where the lock file beside settings.json must go
    (the same ``OSError`` path as a full disk or a read-only folder, and it fails for root
    too)."""
    settings = Settings()
    settings.set("text_size", 150)
    saved = settings.path.read_text()
    blocker = settings.path.with_name(".settings.json.lock")
    blocker.unlink()  # left by the first save
    blocker.mkdir()
    problems, changes = [], []
    settings.add_problem_listener(problems.append)
    settings.add_listener(lambda key, value: changes.append((key, value)))

    settings.set("theme", "dark")

    assert settings.get("theme") == "dark"  # applies for this run
    assert changes == [("theme", "dark")]
    assert len(problems) == 1 and problems[0] == settings.save_problem
    assert problems[0].startswith(f"{settings.path} could not be written (")
    assert "\n" not in problems[0]
    assert settings.path.read_text() == saved  # the saved file is untouched
    assert Settings().get("theme") == "light"

    blocker.rmdir()
    settings.set("live_rating", True)  # the next change that can be saved keeps them all
    assert settings.save_problem is None and len(problems) == 1
    again = Settings()
    assert (again.get("theme"), again.get("live_rating"), again.get("text_size")) == (
        "dark", True, 150)
    # No temp file left behind by the failed save (the lock file is made again).
    assert sorted(p.name for p in settings.path.parent.iterdir() if "settings" in p.name) \
        == [".settings.json.lock", "settings.json"]


def test_a_change_made_elsewhere_is_not_written_back_over():
    """'painease therapist init' while a window is open: the window's next change (a volume)
    once wrote back every value it read at start, turning the workspace off again."""
    window = Settings()
    command = Settings()
    command.set("therapist_mode", True)
    window.set("master_volume", 50)
    on_disk = Settings()
    assert on_disk.get("therapist_mode") is True and on_disk.get("master_volume") == 50
    # What this process changed wins over the file.
    command.set("master_volume", 70)
    assert Settings().get("master_volume") == 70


SAVE_MANY = """
import sys
from pathlib import Path
from painease.settings import Settings
settings = Settings(Path(sys.argv[1]))
problems = []
settings.add_problem_listener(problems.append)
key = sys.argv[2]
for i in range(300):
    settings.set(key, i % 100)
print(len(problems), problems[:1])
"""


def test_two_processes_saving_at_once_both_save_every_change(painease_home, tmp_path):
    """A window and a command (or two windows' Settings pages) saving together: with one
    temp file name for everyone, one process's rename took the other's temp file away
    (its save then failed) or put a half-written one in place."""
    import subprocess
    import sys

    path = tmp_path / "settings.json"
    runs = [subprocess.Popen([sys.executable, "-c", SAVE_MANY, str(path), key],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for key in ("master_volume", "ambience_volume")]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert out.split()[0] == "0", f"saves failed: {out}"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["master_volume"] == saved["ambience_volume"] == 99
    # No temp file left; the lock file they took turns with stays.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".settings.json.lock", "settings.json"]


def test_a_settings_file_far_too_big_is_not_read_into_memory():
    """A 2 GB settings.json (a sparse file here) is not a settings file: reading it all
    took ~15 s and 4 GB of memory at every start (or crashed it, MemoryError)."""
    settings = Settings()
    with settings.path.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    loaded = Settings()
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert loaded.get("master_volume") == 80
    assert grown_kib < 64 * 1024  # nowhere near the file's size


def test_a_change_keeps_keys_this_version_does_not_know():
    """A key from a newer painease (or a note the person added) outlives a change."""
    settings = Settings()
    settings.path.write_text(json.dumps({"master_volume": 40, "future_option": [1, 2]}))
    Settings().set("theme", "dark")
    stored = json.loads(settings.path.read_text())
    assert stored["future_option"] == [1, 2]
    assert stored["master_volume"] == 40 and stored["theme"] == "dark"


def test_an_older_file_with_the_last_session_in_it_is_read_and_kept():
    """painease once kept the last script and length in settings (the store says them
    now): such a file still loads, and its two keys stay in it as they were."""
    settings = Settings()
    settings.path.write_text(json.dumps({"last_script": "paced-breathing",
                                         "last_minutes": 5.0, "theme": "dark"}))
    loaded = Settings()
    assert loaded.get("theme") == "dark" and loaded.save_problem is None
    assert "last_script" not in {option.key for option in OPTIONS}
    loaded.set("live_rating", True)
    stored = json.loads(settings.path.read_text())
    assert stored["last_script"] == "paced-breathing" and stored["last_minutes"] == 5.0
    assert stored["live_rating"] is True and stored["theme"] == "dark"


def test_a_file_that_starts_with_a_byte_order_mark_is_read_and_kept():
    """Some editors (Notepad) save UTF-8 with a byte order mark in front: the settings in
    it hold, and a change keeps them instead of setting the file aside as damaged."""
    settings = Settings()
    settings.path.write_bytes(b"\xef\xbb\xbf" + json.dumps(
        {"theme": "dark", "text_size": 200, "master_volume": 30,
         "welcome_seen": True}).encode("utf-8"))
    loaded = Settings()
    assert (loaded.get("theme"), loaded.get("text_size"), loaded.get("master_volume"),
            loaded.get("welcome_seen")) == ("dark", 200, 30, True)
    assert not loaded.damaged
    loaded.set("live_rating", True)
    stored = json.loads(settings.path.read_text(encoding="utf-8"))
    assert stored["theme"] == "dark" and stored["welcome_seen"] is True
    assert stored["live_rating"] is True
    assert not settings.path.with_name("settings.json.damaged").exists()


def test_a_damaged_file_is_set_aside_not_written_over():
    """A hand-edit with one stray comma: the defaults apply, and the first change keeps
    the person's file beside the new one instead of replacing everything in it."""
    settings = Settings()
    damaged = '{"master_volume": 40, "theme": "dark",}'
    settings.path.write_text(damaged)
    loaded = Settings()
    assert loaded.get("master_volume") == 80
    loaded.set("duck_db", 5)
    assert json.loads(settings.path.read_text())["duck_db"] == 5
    kept = settings.path.with_name("settings.json.damaged")
    assert kept.read_text() == damaged
    loaded.set("duck_db", 6)  # a good file now: nothing more is set aside
    assert kept.read_text() == damaged


def test_a_second_damaged_file_is_kept_beside_the_first_never_over_it():
    """Settings damaged again later: the first damaged copy stays, the second is kept as
    settings.json.damaged-2, as a damaged sent-packs.json is (``files.set_aside``)."""
    settings = Settings()
    for n, text in enumerate(('{"theme": "dark",}', "[1, 2]", "not json"), 1):
        settings.path.write_text(text)
        loaded = Settings()
        assert loaded.damaged
        assert loaded.damaged_kept_as() == settings.path.with_name(
            "settings.json.damaged" + (f"-{n}" if n > 1 else ""))
        loaded.set("duck_db", n)
    kept = sorted(p.name for p in settings.path.parent.glob("settings.json.damaged*"))
    assert kept == ["settings.json.damaged", "settings.json.damaged-2",
                    "settings.json.damaged-3"]
    assert settings.path.with_name("settings.json.damaged").read_text() == \
        '{"theme": "dark",}'
    assert settings.path.with_name("settings.json.damaged-2").read_text() == "[1, 2]"
    assert json.loads(settings.path.read_text())["duck_db"] == 3


def test_not_a_number_and_infinity_fall_back_to_the_default():
    """Python's json reads NaN and Infinity, which no number option can mean (and which
    were written back as NaN, a file other JSON readers refuse)."""
    settings = Settings()
    settings.path.write_text('{"master_volume": NaN, "duck_db": Infinity, "theme": "dark"}')
    loaded = Settings()
    assert loaded.get("master_volume") == 80 and loaded.get("duck_db") == 10
    assert loaded.get("theme") == "dark"
    with pytest.raises(ValueError):
        loaded.set("master_volume", float("inf"))
    loaded.set("live_rating", True)
    assert "NaN" not in settings.path.read_text()


CHANGE_THEME = """
import sys
from pathlib import Path
from painease.settings import Settings
settings = Settings(Path(sys.argv[1]))
problems = []
settings.add_problem_listener(problems.append)
print(settings.get("master_volume"), settings.save_problem, sep="|")
settings.set("theme", "dark")
print(settings.get("theme"), settings.save_problem, len(problems), sep="|")
"""


def change_theme(path, *, drop_root_powers=False) -> list[list[str]]:
    """Start with ``path`` as the settings file and change one setting, in a child process
    (one that cannot override file permissions, when asked, even as root). Returns its two
    lines: what it started with, then how the change went."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-c", CHANGE_THEME, str(path)]
    if drop_root_powers and os.getuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-all", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(paths.Path(__file__).parents[1])))
    assert done.returncode == 0, done.stderr
    return [line.split("|") for line in done.stdout.splitlines()]


def test_a_file_that_cannot_be_read_is_never_written_over(tmp_path):
    """settings.json is there but may not be read (its permissions): the defaults apply,
    and a change once replaced the file, and every choice saved in it, with the defaults.
    Now the change applies for this run only and ``save_problem`` says why from the start."""
    path = tmp_path / "settings.json"
    saved = json.dumps({"master_volume": 35, "theme": "light", "therapist_mode": True})
    path.write_text(saved)
    path.chmod(0)
    try:
        started, changed = change_theme(path, drop_root_powers=True)
    finally:
        path.chmod(0o600)
    assert path.read_text() == saved
    problem = (f"{path} could not be read (Permission denied), so painease leaves it as it "
               "is and does not save changes over it")
    assert started == ["80", problem]  # the defaults, and why nothing will be kept
    assert changed == ["dark", problem, "1"]  # applies for this run; listeners are told


def test_a_folder_or_a_pipe_named_settings_json_is_left_alone(tmp_path):
    """Not files at all: a pipe was opened and waited on for ever (the app never started);
    a folder could not be read and the app did not say why nothing was saved."""
    import os

    pipe = tmp_path / "pipe" / "settings.json"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    started, changed = change_theme(pipe)  # in a child: a hang ends at its timeout
    assert started[0] == "80" and pipe.exists() and not pipe.is_file()
    assert changed[0] == "dark" and changed[1].startswith(
        f"{pipe} could not be read (it is not a regular file), so painease leaves it")

    folder = tmp_path / "folder" / "settings.json"
    folder.mkdir(parents=True)
    (folder / "mine.txt").write_text("kept")
    settings = Settings(folder)
    assert settings.save_problem.startswith(f"{folder} could not be read (it is a folder")
    assert settings.unreadable == "it is a folder, not a file" and not settings.damaged
    settings.set("live_rating", True)
    assert settings.get("live_rating") is True and "could not be read" in settings.save_problem
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]


def test_a_file_readable_again_is_saved_to_without_losing_what_it_holds():
    """Unreadable at start, readable by the next change (the person fixed it): that change
    is saved, over the file's own values, not over the defaults this run started with."""
    settings = Settings()
    settings.path.parent.mkdir(parents=True, exist_ok=True)
    settings.path.mkdir()
    run = Settings()
    assert run.save_problem is not None and run.get("master_volume") == 80
    settings.path.rmdir()
    settings.path.write_text(json.dumps({"master_volume": 35, "therapist_mode": True}))
    run.set("theme", "dark")
    assert run.save_problem is None
    again = Settings()
    assert (again.get("master_volume"), again.get("therapist_mode"), again.get("theme")) == (
        35, True, "dark")


def test_a_link_to_a_file_that_is_not_there_is_never_replaced(tmp_path):
    """settings.json links to a file on a drive that is not connected now: it counted as
    no file at all, and the next change replaced the link with a plain file, so the
    person's settings on that drive were never used again. Now it is unreadable, like a
    file that may not be read: left as it is, and ``save_problem`` says why."""
    import os

    drive = tmp_path / "drive-not-connected"
    link = tmp_path / "home" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(drive / "settings.json")
    settings = Settings(link)
    reason = f"it is a link to {drive / 'settings.json'}, which cannot be found"
    assert settings.unreadable == reason and not settings.damaged
    assert settings.save_problem.startswith(f"{link} could not be read ({reason})")
    settings.set("theme", "dark")
    assert settings.get("theme") == "dark" and "could not be read" in settings.save_problem
    assert link.is_symlink() and os.readlink(link) == str(drive / "settings.json")
    assert not drive.exists()  # nothing was made where the drive goes

    drive.mkdir()  # the drive is back: the next change is saved there, through the link
    (drive / "settings.json").write_text(json.dumps({"master_volume": 35}))
    settings.set("text_size", 150)
    assert settings.save_problem is None and link.is_symlink()
    saved = json.loads((drive / "settings.json").read_text())
    assert saved["master_volume"] == 35 and saved["text_size"] == 150


def test_a_change_is_saved_through_a_link_to_the_file_it_points_to(tmp_path):
    """A settings.json that links to a file elsewhere (kept in a synced folder, say) stays a
    link: the file it points to is replaced whole, in its own folder, and a damaged one
    is set aside there."""
    elsewhere = tmp_path / "synced" / "painease-settings.json"
    elsewhere.parent.mkdir()
    elsewhere.write_text(json.dumps({"master_volume": 35}))
    link = tmp_path / "home" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(elsewhere)
    settings = Settings(link)
    assert settings.get("master_volume") == 35
    settings.set("theme", "dark")
    assert link.is_symlink() and link.resolve() == elsewhere
    saved = json.loads(elsewhere.read_text())
    assert (saved["master_volume"], saved["theme"]) == (35, "dark")
    assert [p.name for p in elsewhere.parent.iterdir()] == [elsewhere.name]  # no temp left
    assert sorted(p.name for p in link.parent.iterdir()) == [".settings.json.lock",
                                                             "settings.json"]

    elsewhere.write_text("{not json")
    again = Settings(link)
    assert again.damaged
    again.set("live_rating", True)
    assert link.is_symlink() and json.loads(elsewhere.read_text())["live_rating"] is True
    assert (elsewhere.parent / "painease-settings.json.damaged").read_text() == "{not json"


def test_a_change_kept_for_later_is_saved_by_save_pending_with_its_problem_said():
    """``set(save=False)``: applied and heard at once, written only by ``save_pending`` (a
    volume held on an arrow key changes many times a second)."""
    settings = Settings()
    heard, problems = [], []
    settings.add_listener(lambda key, value: heard.append((key, value)))
    settings.add_problem_listener(problems.append)
    for value in (79, 78, 77):
        settings.set("master_volume", value, save=False)
    assert heard[-1] == ("master_volume", 77) and settings.get("master_volume") == 77
    assert not settings.path.exists()
    settings.save_pending()
    assert Settings().get("master_volume") == 77
    written = settings.path.stat().st_ino
    settings.save_pending()  # nothing new: not written again
    assert settings.path.stat().st_ino == written

    lock = settings.path.with_name(".settings.json.lock")
    lock.unlink()
    lock.mkdir()  # a real write failure
    settings.set("ambience_volume", 20, save=False)
    assert settings.save_problem is None and problems == []  # nothing tried yet
    settings.save_pending()
    assert settings.save_problem.endswith("could not be written (Is a directory)")
    assert len(problems) == 1
    lock.rmdir()
    settings.save_pending()  # tried again (at the window's close, say): saved now
    assert settings.save_problem is None and Settings().get("ambience_volume") == 20
