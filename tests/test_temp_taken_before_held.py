"""A write's temp is made (``mkstemp``) and only then locked (``temp_files._hold``). A
write paused in between for over a minute (Ctrl-Z, a laptop put to sleep) could have its
new temp taken by another painease write's sweep of the folder: found by a probe that
stopped a real ``painease results export`` the moment its temp appeared (1 try in 3), aged
the temp and wrote beside it; the export then failed ("No such file or directory").

The pause cannot be brought about at that exact point otherwise, so the sweep is run by
hand there: just before the real lock is taken. The write must make a new temp and end
whole, and leave no temp behind."""

from __future__ import annotations

import fcntl
import os
import time

from painease import temp_files
from painease.files import write_atomically
from painease.temp_files import remove_stale_temps_here


def _temps(folder):
    return sorted(folder.glob(".a.res.*.painease-part"))


def test_a_temp_swept_before_its_writer_locked_it_is_made_again(tmp_path, monkeypatch):
    out = tmp_path / "a.res"
    real_hold = temp_files._hold
    swept = []

    def paused_before_the_lock(fd):
        if not swept:
            (temp,) = _temps(tmp_path)
            hour_ago = time.time() - 3600
            os.utime(temp, (hour_ago, hour_ago))
            swept.extend(remove_stale_temps_here(tmp_path))
        return real_hold(fd)

    monkeypatch.setattr(temp_files, "_hold", paused_before_the_lock)
    write_atomically(out, b"the whole file")
    assert len(swept) == 1  # the first temp was taken while its writer was paused
    assert out.read_bytes() == b"the whole file"
    assert _temps(tmp_path) == []


def test_a_temp_a_sweep_holds_as_its_writer_locks_it_is_not_written_to(tmp_path,
                                                                      monkeypatch):
    """The sweep has the temp open and locked (deciding to remove it) when the writer
    tries its lock: the writer leaves that temp to the sweep and makes another."""
    out = tmp_path / "a.res"
    real_hold = temp_files._hold
    sweeps = []

    def sweep_holds_it(fd):
        if not sweeps:
            (temp,) = _temps(tmp_path)
            sweep_fd = os.open(temp, os.O_RDONLY)
            fcntl.flock(sweep_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            sweeps.append(temp)
            try:
                return real_hold(fd)
            finally:
                os.unlink(temp)  # the sweep goes on: it had the lock, so it removes it
                os.close(sweep_fd)
        return real_hold(fd)

    monkeypatch.setattr(temp_files, "_hold", sweep_holds_it)
    write_atomically(out, b"the whole file")
    assert len(sweeps) == 1
    assert out.read_bytes() == b"the whole file"
    assert _temps(tmp_path) == []
