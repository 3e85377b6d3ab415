"""The data dir's instance lock on real files: one holder at a time, released by the kernel.

flock locks belong to an open file description, so two ``InstanceLock`` objects in this
one process contend exactly as two processes would. A holder killed with SIGKILL is a
real child process.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from painease.storage.instance_lock import LOCK_FILE_NAME, InstanceLock, LockOutcome

REPO = Path(__file__).resolve().parents[2]


def test_one_holder_at_a_time_and_release_frees_it(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire() is LockOutcome.OURS and first.held
    assert first.acquire() is LockOutcome.OURS  # asking again while held changes nothing
    assert second.acquire() is LockOutcome.BUSY and not second.held
    assert second.holder_pid() == os.getpid()
    first.release()
    first.release()  # twice is fine
    assert not first.held
    assert second.acquire() is LockOutcome.OURS
    assert first.acquire() is LockOutcome.BUSY
    second.release()


def test_the_lock_file_is_private_and_stays_after_release(tmp_path):
    lock = InstanceLock(tmp_path)
    assert lock.acquire() is LockOutcome.OURS
    path = tmp_path / LOCK_FILE_NAME
    assert lock.path == path
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text() == f"{os.getpid()}\nwindow\n"  # who holds it: a window
    lock.release()
    assert path.exists()  # deleting it would let two processes lock two different files


def test_different_dirs_do_not_block_each_other(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = InstanceLock(tmp_path / "a"), InstanceLock(tmp_path / "b")
    assert a.acquire() is LockOutcome.OURS
    assert b.acquire() is LockOutcome.OURS
    a.release()
    b.release()


def test_a_missing_dir_is_unsupported_with_the_reason(tmp_path):
    lock = InstanceLock(tmp_path / "not-there")
    assert lock.acquire() is LockOutcome.UNSUPPORTED
    assert not lock.held
    assert "not-there" in lock.problem and "No such file" in lock.problem


def test_a_file_system_without_flock_is_unsupported(tmp_path, monkeypatch):
    """Fault injection: some network file systems answer flock with ENOLCK."""
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    lock = InstanceLock(tmp_path)
    assert lock.acquire() is LockOutcome.UNSUPPORTED
    assert "No locks available" in lock.problem


def test_a_system_without_fcntl_is_unsupported(tmp_path, monkeypatch):
    """Fault injection: Windows has no fcntl module."""
    monkeypatch.setitem(sys.modules, "fcntl", None)  # makes ``import fcntl`` fail
    lock = InstanceLock(tmp_path)
    assert lock.acquire() is LockOutcome.UNSUPPORTED
    assert lock.problem == "file locking is not available on this system"


HOLDER = r"""
import subprocess, sys, time
from pathlib import Path
from painease.storage.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print(lock.acquire().value, flush=True)
# A child that outlives this process must not keep the lock alive.
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                          stdout=subprocess.DEVNULL)
print(helper.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_a_holder_killed_with_sigkill_leaves_no_lock_even_with_a_child_alive(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], env=env,
                              stdout=subprocess.PIPE, text=True)
    helper_pid = None
    try:
        assert holder.stdout.readline().strip() == "ours"
        helper_pid = int(holder.stdout.readline())
        assert InstanceLock(tmp_path).acquire() is LockOutcome.BUSY
        os.kill(holder.pid, signal.SIGKILL)
        assert holder.wait(timeout=10) == -signal.SIGKILL
        os.kill(helper_pid, 0)  # the helper is still alive…
        probe = InstanceLock(tmp_path)
        deadline = time.monotonic() + 10
        while (outcome := probe.acquire()) is LockOutcome.BUSY and time.monotonic() < deadline:
            time.sleep(0.05)
        assert outcome is LockOutcome.OURS  # …and the lock is free
        probe.release()
    finally:
        if helper_pid is not None:
            os.kill(helper_pid, signal.SIGKILL)
        if holder.poll() is None:
            holder.kill()
        holder.communicate(timeout=10)


HOLD = """
import sys
from pathlib import Path
from painease.storage.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print(lock.acquire().value, lock.problem, flush=True)
sys.stdin.readline()  # hold it until the test says
"""


def test_a_lock_file_this_user_cannot_write_still_keeps_a_second_window_out(tmp_path):
    """A read-only painease.lock (a restored backup, or one made by another user) once
    made every window start 'without the lock'. flock needs only read access. Root
    ignores file modes, so the holder is a child without CAP_DAC_OVERRIDE (setpriv)."""
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    path = tmp_path / LOCK_FILE_NAME
    path.write_text("")
    path.chmod(0o444)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-c", HOLD, str(tmp_path)]
    if os.geteuid() == 0:
        command = [setpriv, "--bounding-set=-dac_override", *command]
    holder = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        said = holder.stdout.readline()
        if not said:
            pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here: {holder.stderr.read()}")
        assert said.split()[0] == "ours", said
        other = InstanceLock(tmp_path)
        assert other.acquire() is LockOutcome.BUSY
    finally:
        holder.communicate("\n", timeout=30)
    other = InstanceLock(tmp_path)
    assert other.acquire() is LockOutcome.OURS  # the holder ended: free again
    other.release()


def test_a_folder_this_user_cannot_write_is_said_as_such(tmp_path):
    """In a read-only data dir with no lock file yet, the one-window note once gave the
    reason "cannot open …/painease.lock: No such file or directory". Root ignores file
    modes, so the child runs without CAP_DAC_OVERRIDE (setpriv)."""
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    probe = ("import sys\nfrom pathlib import Path\n"
             "from painease.storage.instance_lock import InstanceLock\n"
             "lock = InstanceLock(Path(sys.argv[1]))\n"
             "print(lock.acquire().value)\nprint(lock.problem)\n")
    command = [sys.executable, "-c", probe, str(folder)]
    if os.geteuid() == 0:
        command = [setpriv, "--bounding-set=-dac_override", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    if done.stderr.startswith("setpriv:"):
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here: {done.stderr}")
    assert done.stdout.splitlines() == [
        "unsupported", f"the lock file {folder / LOCK_FILE_NAME} cannot be made, as this "
        f"user may not write in {folder}"], done.stderr


# --- the lock file replaced under its holder; what holds it -------------------------------


def test_a_holder_takes_the_lock_again_on_a_folder_restored_from_a_backup(tmp_path):
    """flock belongs to the file the holder opened: once the folder was removed and
    restored from a backup (its painease.lock a copy, locked by nobody), a second start
    took the copy and opened a second window. ``keep`` takes the lock on the file now at
    the path; a second start then finds it held, by this window."""
    import shutil

    folder, backup = tmp_path / "D", tmp_path / "Dbackup"
    folder.mkdir()
    holder = InstanceLock(folder)
    assert holder.acquire() is LockOutcome.OURS
    shutil.copytree(folder, backup)
    shutil.rmtree(folder)
    shutil.copytree(backup, folder)  # rm -rf D && cp -r Dbackup D
    assert holder.keep() is True
    second = InstanceLock(folder)
    assert second.acquire() is LockOutcome.BUSY
    assert second.holder() == (os.getpid(), "window")
    assert holder.keep() is True  # nothing changed since: nothing to do
    holder.release()
    assert second.acquire() is LockOutcome.OURS
    second.release()


def test_a_removed_lock_file_is_made_again_and_a_removed_folder_is_not(tmp_path):
    folder = tmp_path / "D"
    folder.mkdir()
    holder = InstanceLock(folder)
    assert holder.acquire() is LockOutcome.OURS
    (folder / LOCK_FILE_NAME).unlink()
    assert holder.keep() is True
    assert (folder / LOCK_FILE_NAME).read_text() == f"{os.getpid()}\nwindow\n"
    assert InstanceLock(folder).acquire() is LockOutcome.BUSY
    import shutil

    shutil.rmtree(folder)
    assert holder.keep() is False and holder.held  # still its old lock; tries again later
    assert not folder.exists()
    holder.release()


def test_keep_waits_while_another_holds_the_new_file_and_takes_it_once_free(tmp_path):
    folder = tmp_path / "D"
    folder.mkdir()
    holder = InstanceLock(folder)
    assert holder.acquire() is LockOutcome.OURS
    (folder / LOCK_FILE_NAME).unlink()
    other = InstanceLock(folder, holder="demo-data")
    assert other.acquire() is LockOutcome.OURS  # got in before the holder looked
    assert holder.keep() is False and holder.held
    other.release()
    assert holder.keep() is True
    assert InstanceLock(folder).acquire() is LockOutcome.BUSY


def test_the_lock_file_says_what_holds_it_and_an_old_one_reads_as_before(tmp_path):
    command = InstanceLock(tmp_path, holder="demo-data")
    assert command.acquire() is LockOutcome.OURS
    assert (tmp_path / LOCK_FILE_NAME).read_text() == f"{os.getpid()}\ndemo-data\n"
    probe = InstanceLock(tmp_path)
    assert probe.acquire() is LockOutcome.BUSY
    assert probe.holder() == (os.getpid(), "demo-data")
    assert probe.holder_pid() == os.getpid()
    command.release()
    (tmp_path / LOCK_FILE_NAME).write_text("4321\n")  # written by an older painease
    assert probe.holder() == (4321, None) and probe.holder_pid() == 4321
    (tmp_path / LOCK_FILE_NAME).write_text("4321\nNot A Kind!\n")
    assert probe.holder() == (4321, None)
