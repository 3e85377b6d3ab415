"""Where data lives: PAINEASE_HOME when set, else platformdirs' user data dir (on Linux
found by the XDG rule without importing platformdirs where that gives the same answer,
see paths.py)."""

from __future__ import annotations

import os
import subprocess
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


LINUX = pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is Linux's")


@LINUX
@pytest.mark.parametrize(("xdg", "home"), [
    ("/x/data", "/home/sam"),       # both absolute: XDG wins
    ("/x/data/", "/home/sam"),      # a trailing slash
    ("//x//data", "/home/sam"),     # doubled slashes
    ("", "/home/sam"),              # empty XDG: the home's .local/share
    (None, "/home/sam/"),           # no XDG; a home with a trailing slash
    (None, "/"),                    # the root as home
    ("relative/data", "/home/sam"),  # a relative XDG is ignored
    ("/x/data", None),              # no HOME, but an absolute XDG
    (None, "relative-home"),        # nothing absolute: platformdirs decides
    (None, None),
    ("/x/da ta/é", "/home/sam"),    # spaces and letters beyond ASCII
])
def test_the_xdg_rule_gives_platformdirs_answer(monkeypatch, xdg, home):
    import platformdirs

    for name, value in (("XDG_DATA_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert paths.platform_data_dir() == Path(platformdirs.user_data_dir("painease"))


@LINUX
def test_finding_the_folder_by_the_xdg_rule_does_not_load_platformdirs(tmp_path):
    """That is the point of the rule (~4 ms of every start): checked in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != paths.HOME_ENV}
    env["XDG_DATA_HOME"] = str(tmp_path)
    probe = ("import sys; from painease import paths; "
             "print(paths.data_dir(create=False), 'platformdirs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == [str(tmp_path / "painease"), "False"]


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


def test_a_file_where_the_data_folder_should_be_is_said_as_export_says_it(tmp_path):
    # Once the system's words: "File exists", or "Not a directory" for a file above it.
    import errno

    file = tmp_path / "data"
    file.write_text("not a folder")
    assert paths.folder_problem(OSError(errno.EEXIST, "File exists", str(file))) == (
        f"cannot use the data directory {file}: it is a file, not a folder")
    below = file / "painease"
    assert paths.folder_problem(OSError(errno.ENOTDIR, "Not a directory", str(below))) == (
        f"cannot create the data directory {below}: {file} is a file, not a folder")


def test_a_relative_override_is_the_folder_it_names_from_where_painease_started(
        monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.HOME_ENV, "data")
    assert paths.data_dir(create=False) == tmp_path / "data"
    assert paths.database_path(create=False) == tmp_path / "data" / paths.DATABASE_NAME
