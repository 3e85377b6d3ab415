"""A data folder the person made read-only stays read-only: painease only ever takes
permissions away from group and others (health data), never gives write permission back,
and says plainly that it cannot save there. Real folders; root, for whom permissions do
not hold, opens the store in a child that has lost the power to ignore them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from painease import paths


@pytest.mark.parametrize(("before", "after"), [
    (0o555, 0o500),  # read-only: stays read-only (group and others lose reading)
    (0o500, 0o500),
    (0o755, 0o700),
    (0o777, 0o700),
    (0o750, 0o700),
    (0o700, 0o700),
])
def test_the_data_folder_is_only_ever_made_more_private(painease_home, before, after):
    painease_home.mkdir()
    painease_home.chmod(before)
    try:
        assert paths.data_dir() == painease_home
        assert painease_home.stat().st_mode & 0o777 == after
    finally:
        painease_home.chmod(0o700)


# Opens the store in the data dir as the window does; prints what the store says.
OPEN_DEFAULT = """
from painease.storage import SessionStore, StoreError
try:
    SessionStore.open_default()
except StoreError as error:
    print(error)
else:
    print("the store opened")
"""


def _open_default_as_a_user(home) -> str:
    """What opening the store in ``home`` says to someone permissions hold for."""
    command = [sys.executable, "-c", OPEN_DEFAULT]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv (util-linux) is not installed")
        command = [setpriv, "--bounding-set=-dac_override", *command]
    child = subprocess.run(command, capture_output=True, text=True, timeout=120,
                           env={**os.environ, paths.HOME_ENV: str(home)})
    if child.stderr.startswith("setpriv:"):
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE: {child.stderr}")
    assert child.returncode == 0, child.stderr
    return child.stdout.rstrip("\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_data_folder_is_said_plainly_and_left_as_it_is(painease_home):
    painease_home.mkdir()
    painease_home.chmod(0o555)
    try:
        message = _open_default_as_a_user(painease_home)
        assert message == (f"cannot write to {painease_home}: the folder is read-only, so "
                           "nothing can be saved there; give it write permission "
                           "again (chmod u+w) or choose another --data-dir")
        assert painease_home.stat().st_mode & 0o777 == 0o500
        assert list(painease_home.iterdir()) == []
    finally:
        painease_home.chmod(0o700)
