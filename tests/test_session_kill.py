"""The After page's answers survive a kill whole: a real child process runs a session to the
After page and is SIGKILLed at a transaction boundary of ``submit_post`` / ``skip_post``.

The child counts the ``BEGIN`` and ``COMMIT`` statements its connection runs once the page
is confirmed (sqlite3's trace callback sees each one as it starts) and kills itself just
before the chosen one: before a ``BEGIN`` is between two transactions, before a ``COMMIT``
is inside one. Run at every boundary in turn, until the child gets through, the database
must hold all of what the page confirmed or none of it (rating, note and, when it could
not be saved when the session ended, the end and its live ratings).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from painease.storage import SessionStore

REPO = Path(__file__).resolve().parents[1]
NOTE = "A note I confirmed."
WAITING = 5000  # live ratings held when the disk was full at the end

pytestmark = pytest.mark.slow

CHILD = f"""
    import os, signal, sys
    from pathlib import Path
    from painease.session import GuidedSession
    from painease.storage import SessionStore
    from tests.test_session import fill_the_disk, free_some_space, short_timeline, wait_for

    db, scenario, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = SessionStore(db)
    session = GuidedSession(store, short_timeline(5.0), db.parent, 5 / 60,
                            use_device=False)
    session.begin()
    session.submit_pre(7, 6)
    wait_for(lambda: session.position_ms >= 200)
    session.toggle()
    if scenario != "post":  # the end cannot be saved when the session ends
        fill_the_disk(store)
        for _ in range({WAITING}):
            session.record_live(5.0)
    session.stop_early()
    if scenario != "post":
        assert session.store_problem is not None
        free_some_space(store)
    boundaries = 0

    def trace(sql):
        global boundaries
        if sql.startswith(("BEGIN", "COMMIT")):
            boundaries += 1
            if boundaries == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    store.database.conn.set_trace_callback(trace)
    if scenario == "skip-full":
        session.skip_post(journal={NOTE!r})
    else:
        session.submit_post(2, 1, journal={NOTE!r})
    print("done", boundaries, flush=True)
"""


def run_child(db: Path, scenario: str, kill_at: int, home: Path) -> subprocess.CompletedProcess:
    db.parent.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(db), scenario, str(kill_at)],
        env=env, capture_output=True, text=True, timeout=120)


def what_was_kept(db: Path, scenario: str) -> dict[str, bool]:
    with SessionStore(db) as store:
        (row,) = store.sessions()
        kept = {"note": [(e.session_id, e.text) for e in store.journal_entries()]
                == [(row.id, NOTE)]}
        if scenario != "skip-full":
            kept["rating"] = "post" in store.ratings(row.id)
        if scenario != "post":
            live = len(store.live_samples(row.id))
            assert live in (0, WAITING), f"a part of the live ratings: {live}"
            kept["end"] = row.outcome == "stopped_early"
            kept["live ratings"] = live == WAITING
    return kept


# "post": rated after a session whose end was saved when it ended; "post-full" and
# "skip-full": rated, or skipped, after a session whose end could not be saved then.
@pytest.mark.parametrize("scenario", ["post", "post-full", "skip-full"])
def test_a_kill_at_any_point_of_the_after_save_keeps_all_of_it_or_none(tmp_path, scenario):
    seen = []
    for kill_at in range(1, 30):
        db = tmp_path / str(kill_at) / "painease.sqlite3"
        child = run_child(db, scenario, kill_at, tmp_path / str(kill_at) / "home")
        finished = child.returncode == 0
        assert finished or child.returncode == -signal.SIGKILL, child.stderr
        kept = what_was_kept(db, scenario)
        seen.append((kill_at, kept))
        assert len(set(kept.values())) == 1, f"killed at boundary {kill_at}: {seen}"
        if finished:
            break
    else:
        pytest.fail("the child never got through the save")
    assert all(seen[-1][1].values())  # got through: everything is there
    assert not any(seen[0][1].values())  # killed before the first write: nothing is
