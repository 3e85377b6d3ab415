"""Settings and another process: what a killed save leaves is cleared at the next start,
a save that fails part-way leaves the saved file whole, and a change another painease
process made is read again (``Settings.reload``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from painease import paths
from painease.settings import Settings, remove_stale_saves


def leftover(folder, age_seconds: float, name: str = "settings.json",
             suffix: str = ".painease-part"):
    """A temp file as a save killed between writing and renaming leaves it (the same
    mkstemp call ``write_atomically`` makes; ``suffix=""``: as painease named them before
    they had their own ending), last changed ``age_seconds`` ago."""
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=folder)
    os.write(fd, b'{"text_size": 200}')
    os.close(fd)
    then = time.time() - age_seconds
    os.utime(temp, (then, then))
    return os.path.basename(temp)


def test_a_killed_saves_temp_files_are_removed_at_start_and_nothing_else(qtbot):
    from painease.ui.app import create_window, wait_until_ready

    home = paths.data_dir()
    (home / "settings.json").write_text(json.dumps({"theme": "dark"}))
    old = [leftover(home, 3600), leftover(home, 90)]
    young = leftover(home, 5)  # maybe a save going on in another process right now
    kept = {
        ".settings.json.lock": "lock",  # the save lock, however old
        ".settings.json.abc.painease-part": "short",  # not mkstemp's eight letters
        ".settings.json.ABCDEFGH.painease-part": "capitals",  # nor its alphabet
        ".report.pdf.abcdefgh.painease-part": "another file's",  # not ours to judge here
        ".settings.json.original": "the person's own copy",  # no painease ending
        ".settings.json.abcdefgh": "an older painease's, or the person's: cannot tell",
        "settings.json.damaged": "{",
    }
    for name, text in kept.items():
        (home / name).write_text(text)
        os.utime(home / name, (time.time() - 3600,) * 2)
    (home / ".settings.json.linkabcd.painease-part").symlink_to(home / "settings.json")
    (home / ".settings.json.folder12.painease-part").mkdir()
    for name in (".settings.json.linkabcd.painease-part", ".settings.json.folder12.painease-part"):
        os.utime(home / name, (time.time() - 3600,) * 2, follow_symlinks=False)

    window = create_window()
    qtbot.addWidget(window)
    wait_until_ready(window)
    window.close_store()

    left = {entry.name for entry in home.iterdir()}
    assert not left & set(old)
    assert young in left
    assert set(kept) <= left
    assert {".settings.json.linkabcd.painease-part", ".settings.json.folder12.painease-part",
            "settings.json"} <= left
    assert json.loads((home / "settings.json").read_text()) == {"theme": "dark"}
    assert window.settings.get("theme") == "dark"


def test_temp_files_beside_the_file_a_settings_link_points_to_are_removed(tmp_path):
    elsewhere = tmp_path / "drive"
    elsewhere.mkdir()
    (elsewhere / "mine.json").write_text("{}")
    home = paths.data_dir()
    (home / "settings.json").symlink_to(elsewhere / "mine.json")
    there = leftover(elsewhere, 600, name="mine.json")
    here = leftover(home, 600)
    theirs = leftover(elsewhere, 600, name="mine.json", suffix="")  # maybe the person's own
    removed = remove_stale_saves()
    assert sorted(p.name for p in removed) == sorted([here, there])
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(["mine.json", theirs])
    # A data folder not made yet, or a link to nothing: nothing to do, nothing raised.
    (home / "settings.json").unlink()
    (home / "settings.json").symlink_to(tmp_path / "gone.json")
    assert remove_stale_saves() == []
    assert remove_stale_saves(tmp_path / "no-such-folder" / "settings.json") == []


def test_a_save_that_fails_part_way_leaves_the_saved_file_whole(painease_home):
    """A real write failure part-way through the new file, in a child process whose files
    may not grow past 64 bytes (EFBIG, as a full disk's ENOSPC): the settings saved
    before are still there, byte for byte, and nothing else is left beside them."""
    from tests.test_report import REPO, limit_file_size

    Settings().set("text_size", 150)
    home = paths.data_dir()
    saved = (home / "settings.json").read_bytes()
    assert len(saved) > 64  # so the new file, as long, cannot be written whole
    child = ("import json\n"
             "from painease.settings import Settings\n"
             "settings = Settings()\n"
             "settings.set('theme', 'dark')\n"
             "print(json.dumps([settings.get('theme'), settings.save_problem]))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(painease_home),
               PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=limit_file_size(64))
    assert done.returncode == 0, done.stderr
    # The change applied for that run, and it said why it was not kept.
    assert json.loads(done.stdout) == [
        "dark", f"{home / 'settings.json'} could not be written (File too large)"]
    assert (home / "settings.json").read_bytes() == saved
    assert json.loads(saved)["text_size"] == 150
    again = Settings()
    assert (again.get("text_size"), again.get("theme")) == (150, "light")
    assert sorted(p.name for p in home.iterdir()) == [".settings.json.lock", "settings.json"]


def test_reload_takes_what_another_process_saved_and_tells_the_listeners():
    settings = Settings()
    heard = []
    settings.add_listener(lambda key, value: heard.append((key, value)))
    assert settings.reload() == []  # no file yet, none now: nothing changed
    other = Settings()  # `painease therapist init`, say
    other.set("therapist_mode", True)
    other.set("text_size", 150)
    assert sorted(settings.reload()) == ["text_size", "therapist_mode"]
    assert settings.get("therapist_mode") is True and settings.get("text_size") == 150
    assert sorted(heard) == [("text_size", 150), ("therapist_mode", True)]
    heard.clear()
    assert settings.reload() == [] and heard == []  # the same file again: nothing to do


def test_reload_keeps_a_change_not_saved_yet_and_ignores_a_damaged_file():
    settings = Settings()
    settings.set("master_volume", 30, save=False)  # a volume held on an arrow key
    other = Settings()
    other.set("master_volume", 90)
    other.set("theme", "dark")
    assert settings.reload() == ["theme"]
    assert settings.get("master_volume") == 30  # the person's latest, written next
    settings.save_pending()
    assert json.loads(settings.path.read_text())["master_volume"] == 30
    settings.path.write_text("{ not json")
    assert settings.reload() == []
    assert settings.get("theme") == "dark" and not settings.damaged


def test_what_another_process_saved_is_taken_in_at_the_next_look_though_this_one_saved():
    """The window saved a volume, `painease therapist init` saved after it, and the
    window's next volume save wrote the command's values into the file but kept its own
    old ones in memory: ``reload`` then saw its own file and took nothing, so the window
    stayed light, at 100 %, without the Therapist page, until painease was started again.
    The save itself does not take them in (it may be a volume moved mid-session, and the
    page must not be restyled under the patient): the next ``reload`` does."""
    window = Settings()
    heard = []
    window.add_listener(lambda key, value: heard.append((key, value)))
    window.set("master_volume", 70)
    window.set("theme", "light")  # the same value: no change, nothing pending
    command = Settings()
    command.set("master_volume", 30)  # a key the window changed before: saved after it
    command.set("theme", "dark")
    command.set("text_size", 200)
    command.set("therapist_mode", True)
    heard.clear()

    window.set("ambience_volume", 40)

    # Taken in when the window is used again (reload; never under a session), not by the
    # save itself, which may come from a volume moved mid-session.
    assert heard == [("ambience_volume", 40)]
    assert sorted(window.reload()) == ["master_volume", "text_size", "theme",
                                       "therapist_mode"]
    assert sorted(heard) == [("ambience_volume", 40), ("master_volume", 30),
                             ("text_size", 200), ("theme", "dark"),
                             ("therapist_mode", True)]
    on_disk = json.loads(window.path.read_text())
    for key in ("master_volume", "theme", "text_size", "therapist_mode", "ambience_volume"):
        assert window.get(key) == on_disk[key] == Settings().get(key), key
    assert window.reload() == []  # what it holds is the file's
    # A change not saved yet still wins over the file, as in ``reload``.
    window.set("master_volume", 55, save=False)
    command.set("master_volume", 90)
    command.set("live_rating", True)
    window.set("tones_volume", 20)
    window.reload()
    assert (window.get("master_volume"), window.get("live_rating")) == (55, True)
    assert (Settings().get("master_volume"), Settings().get("live_rating")) == (55, True)
