"""Why a change was not saved, in words a patient can read (``Settings.save_cause``): the
kind of failure, with no path, for the "Settings not saved" note; ``save_problem`` keeps
the whole line, with the path, for that note's details and the command line. Real
failures: a folder where a file must go, a read-only and a full file system (tmpfs)."""

from __future__ import annotations

import subprocess

import pytest

from painease import settings as settings_module
from painease.settings import Settings
from tests.storage.conftest import fill, tiny_disk  # noqa: F401 - a fixture


def test_a_write_that_fails_says_so_plainly_and_the_line_keeps_the_path():
    settings = Settings()
    settings.set("theme", "dark")
    assert settings.save_cause is None
    lock = settings.path.with_name(".settings.json.lock")
    lock.unlink()
    lock.mkdir()  # a folder where the lock file must go: "Is a directory"
    settings.set("theme", "light")
    assert settings.save_cause == settings_module.NOT_WRITTEN
    assert str(settings.path.parent) not in settings.save_cause
    assert settings.save_problem.startswith(f"{settings.path} could not be written (")
    lock.rmdir()
    settings.set("live_rating", True)
    assert settings.save_cause is None and settings.save_problem is None


def test_a_file_that_cannot_be_read_is_said_from_the_start(painease_home):
    (painease_home / "settings.json").mkdir(parents=True)
    settings = Settings()
    assert settings.save_cause == settings_module.NOT_READ
    settings.set("theme", "dark")
    assert settings.save_cause == settings_module.NOT_READ
    assert settings.save_problem.startswith(f"{painease_home / 'settings.json'} could not be read")


def test_a_full_disk_is_said_as_such(tiny_disk):  # noqa: F811
    settings = Settings(tiny_disk / "settings.json")
    fill(tiny_disk)
    settings.set("theme", "dark")
    assert settings.save_cause == settings_module.DISK_FULL == "the disk is full"
    assert str(tiny_disk) in settings.save_problem


def test_a_read_only_disk_is_said_as_such(tiny_disk):  # noqa: F811
    settings = Settings(tiny_disk / "settings.json")
    (tiny_disk / "filler").unlink()
    settings.set("theme", "dark")  # saved while it could be
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)],
                               capture_output=True, text=True)
    if remounted.returncode != 0:
        pytest.skip(f"cannot make the tmpfs read-only here: {remounted.stderr.strip()}")
    settings.set("theme", "light")
    assert settings.save_cause == settings_module.READ_ONLY
    assert "read-only" in settings.save_cause and str(tiny_disk) in settings.save_problem
