"""A data folder that cannot even be looked at: a folder above it that may not be opened
(mode 000), or a path longer than the system takes (4096 characters). Python's
``is_dir()``/``stat()`` raise there rather than answer; the window's start, the store
and the commands still say it in one plain line, never a traceback. Root ignores modes,
so the folder above is tried by a child without that power (setpriv), as a user."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from painease import paths

REPO = Path(__file__).resolve().parents[1]


def too_long(tmp_path: Path) -> Path:
    """A path whose every part is short enough but whose whole is over 4096 characters."""
    return tmp_path.joinpath(*["d" * 200] * 25, "data")


def test_a_path_too_long_to_look_at_is_said_plainly(tmp_path):
    folder = too_long(tmp_path)
    message = paths.folder_problem(OSError(errno.ENAMETOOLONG, "File name too long",
                                           str(folder)))
    assert message == f"cannot create the data directory {folder}: File name too long"


def test_a_folder_below_an_unopenable_one_is_said_plainly(tmp_path):
    """As a user sees it, in a child: the folder above has mode 000."""
    above = tmp_path / "c"
    above.mkdir(mode=0o000)
    folder = above / "data"
    probe = ("import errno, sys; from painease import paths; "
             "print(paths.folder_problem(OSError(errno.EACCES, 'Permission denied', "
             "sys.argv[1])))")
    try:
        done = _as_a_user([sys.executable, "-c", probe, str(folder)], {})
    finally:
        above.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"cannot create the data directory {folder}: Permission denied\n"


def _as_a_user(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``command`` as someone file modes hold for (root without its capabilities)."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv (util-linux) is not installed")
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO), **env})
    if done.stderr.startswith("setpriv:"):
        pytest.skip(f"running as root and cannot drop capabilities: {done.stderr}")
    return done


def test_the_window_with_a_data_folder_too_long_is_one_line_and_exit_1(tmp_path):
    folder = too_long(tmp_path)
    done = subprocess.run([sys.executable, "-m", "painease", "--data-dir", str(folder)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO),
                               "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == (f"painease: cannot create the data directory {folder}: "
                           "File name too long\n")


def test_the_window_below_an_unopenable_folder_is_one_line_and_exit_1(tmp_path):
    above = tmp_path / "c"
    above.mkdir(mode=0o000)
    folder = above / "data"
    try:
        done = _as_a_user([sys.executable, "-m", "painease", "--data-dir", str(folder)],
                          {"QT_QPA_PLATFORM": "offscreen"})
    finally:
        above.chmod(0o700)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == (f"painease: cannot create the data directory {folder}: "
                           "Permission denied\n")


OPEN = "make sure you may open that folder and each folder above it"
WRITE = "make sure you may write in that folder and open each folder above it"


@pytest.mark.parametrize(("command", "doing", "what", "fix"), [
    (["report", "--pdf", "{out}"], "report failed: cannot open", "{data}/scripts", OPEN),
    (["scripts"], "cannot read the scripts: cannot open", "{data}/scripts", OPEN),
    (["demo-data"], "cannot write the demo data: cannot write in", "{data}", WRITE),
])
def test_a_command_says_which_folder_it_cannot_reach_and_what_to_do(
        tmp_path, command, doing, what, fix):
    above = tmp_path / "c"
    above.mkdir(mode=0o000)
    data = above / "data"
    args = [arg.format(out=tmp_path / "r.pdf") for arg in command]
    try:
        done = _as_a_user([sys.executable, "-m", "painease", "--data-dir", str(data), *args],
                          {"QT_QPA_PLATFORM": "offscreen"})
    finally:
        above.chmod(0o700)
    assert done.returncode == 1
    assert done.stderr == (f"painease: {doing} {what.format(data=data)} (permission "
                           f"denied); {fix}, or choose another --data-dir\n")


def test_a_command_with_a_data_folder_too_long_says_to_choose_a_shorter_one(tmp_path):
    data = too_long(tmp_path)
    done = subprocess.run([sys.executable, "-m", "painease", "--data-dir", str(data),
                           "demo-data"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1
    assert done.stderr == (f"painease: cannot write the demo data: cannot write in {data} "
                           "(its path is longer than the system allows); choose another "
                           "--data-dir with a shorter path\n")


def _below_an_unopenable_folder(tmp_path: Path,
                                *args: str) -> tuple[Path, subprocess.CompletedProcess]:
    """``painease *args`` as a user, ``{above}`` in them being a folder of mode 000."""
    above = tmp_path / "c"
    above.mkdir(mode=0o000)
    try:
        done = _as_a_user([sys.executable, "-m", "painease",
                           *(arg.format(above=above) for arg in args)], {})
    finally:
        above.chmod(0o700)
    return above, done


def test_export_says_what_to_do_about_a_data_folder_it_cannot_reach(tmp_path):
    # Once "export failed: cannot create …/c/data: Permission denied", and no next step.
    above, done = _below_an_unopenable_folder(tmp_path, "--data-dir", "{above}/data",
                                              "export", "--csv", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr == (f"painease: export failed: cannot create {above / 'data'}: "
                           f"Permission denied; {WRITE}, or choose another --data-dir\n")


def test_export_into_a_folder_it_cannot_reach_says_which_and_what_to_do(tmp_path):
    # Once a traceback: looking at --csv's folder raised before the export began.
    data = tmp_path / "data"
    above, done = _below_an_unopenable_folder(tmp_path, "--data-dir", str(data), "export",
                                              "--csv", "{above}/out")
    assert done.returncode == 1
    assert done.stderr == (f"painease: export failed: cannot open {above / 'out'} "
                           f"(permission denied); {WRITE}, or choose another folder for "
                           "--csv\n")


def test_export_into_a_folder_it_may_not_write_says_what_to_do(tmp_path):
    # Once "cannot write the export to …: Permission denied; nothing was changed there".
    out = tmp_path / "out"
    out.mkdir(mode=0o500)
    try:
        done = _as_a_user([sys.executable, "-m", "painease", "--data-dir",
                           str(tmp_path / "data"), "export", "--csv", str(out)], {})
    finally:
        out.chmod(0o700)
    assert done.returncode == 1
    assert done.stderr == (f"painease: export failed: cannot write the export to {out} "
                           f"(permission denied); nothing was changed there; {WRITE}, or "
                           "choose another folder for --csv\n")
    assert list(out.iterdir()) == []


def test_identity_names_the_folder_its_key_cannot_be_made_in(tmp_path):
    # Once "this install has no signing key yet, and it cannot be made (Permission
    # denied)": which folder was not said.
    above, done = _below_an_unopenable_folder(tmp_path, "--data-dir", "{above}/data",
                                              "identity")
    assert done.returncode == 1
    assert done.stderr == ("painease: this install has no signing key yet, and it cannot "
                           f"be made in {above / 'data' / 'keys'} (Permission denied); "
                           "nothing was changed\n")
