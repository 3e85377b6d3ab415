"""Crash safety with a real subprocess that is SIGKILLed: no confirmed rating is lost and a
kill in the middle of writing never leaves a half-written batch or a damaged file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from painease.storage import SessionStore

REPO = Path(__file__).resolve().parents[2]
BATCH = 2_000  # samples per transaction; large enough that a kill often lands inside one

pytestmark = pytest.mark.slow


def _spawn(code: str, db: Path, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(tmp_path / "home")}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(db)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_confirmed_rating_survives_sigkill_right_after_save(tmp_path):
    db = tmp_path / "painease.sqlite3"
    child = _spawn(
        """
        import os, signal, sys
        from pathlib import Path
        from painease.storage import SessionStore

        store = SessionStore(Path(sys.argv[1]))
        sid = store.start_session("somatic-tracking", 2, 15.0)
        store.save_rating(sid, "pre", 7, 9, note="lower back")
        store.save_rating(sid, "post", 4, 3)
        os.kill(os.getpid(), signal.SIGKILL)  # no close(), no atexit, no flush
        """,
        db, tmp_path,
    )
    _, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err

    with SessionStore(db) as store:
        [session] = store.sessions()
        ratings = store.ratings(session.id)
        assert (ratings["pre"].pain, ratings["pre"].fear, ratings["pre"].note) == (
            7, 9, "lower back")
        assert (ratings["post"].pain, ratings["post"].fear) == (4, 3)
        assert store.mark_interrupted() == [session.id]  # it died mid-session


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_kill_during_live_sample_writes_leaves_whole_batches(tmp_path, delay):
    db = tmp_path / "painease.sqlite3"
    child = _spawn(
        f"""
        import sys
        from pathlib import Path
        from painease.storage import SessionStore

        store = SessionStore(Path(sys.argv[1]))
        sid = store.start_session("breathing", 1, 30.0)
        batch = 0
        while True:
            store.add_live_samples(
                sid, [(batch * {BATCH} + j, (j % 11) * 1.0) for j in range({BATCH})])
            batch += 1
            if batch == 3:
                print("writing", flush=True)
        """,
        db, tmp_path,
    )
    try:
        assert child.stdout.readline().strip() == "writing", child.stderr.read()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    raw = sqlite3.connect(db)  # recovers from the WAL left behind, like any later open
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        raw.close()

    with SessionStore(db) as store:
        [session] = store.sessions()
        samples = store.live_samples(session.id)
    per_batch = Counter(s.t_ms // BATCH for s in samples)
    assert len(per_batch) >= 3
    # Each batch is all there or not there at all, and the ones there are the first ones.
    assert set(per_batch.values()) == {BATCH}
    assert sorted(per_batch) == list(range(len(per_batch)))
    assert [s.t_ms for s in samples] == list(range(len(per_batch) * BATCH))
