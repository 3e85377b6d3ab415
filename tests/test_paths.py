"""Where data lives: PAINEASE_HOME when set, else platformdirs' user data dir (imported
only then, see paths.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from painease import paths


def test_the_override_is_used_as_given(painease_home):
    assert paths.data_dir() == painease_home
    assert (painease_home.stat().st_mode & 0o777) == 0o700


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout is Linux's")
def test_without_the_override_the_platforms_data_dir_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    expected = Path(tmp_path / "xdg-data" / "painease")
    assert paths.data_dir(create=False) == expected
    assert not expected.exists()
    assert paths.data_dir() == expected and expected.is_dir()


def test_a_data_folder_problem_names_the_folder_and_another_owner(tmp_path):
    import errno
    import os

    mine = tmp_path / "mine"
    mine.mkdir()
    denied = OSError(errno.EPERM, "Operation not permitted", str(mine))
    assert paths.folder_problem(denied) == (f"cannot use the data directory {mine}: "
                                            "Operation not permitted")
    if os.getuid() == 0:  # only root can give a folder away; elsewhere one is made by root
        theirs = tmp_path / "theirs"
        theirs.mkdir()
        os.chown(theirs, 12345, 12345)
        message = paths.folder_problem(OSError(errno.EPERM, "Operation not permitted",
                                               str(theirs)))
        assert message == (f"cannot use the data directory {theirs}: Operation not "
                           "permitted; it belongs to another user (user id 12345), as after "
                           "running painease with sudo")
    missing = tmp_path / "a" / "b"
    assert paths.folder_problem(OSError(errno.EACCES, "Permission denied", str(missing))) == (
        f"cannot create the data directory {missing}: Permission denied")
