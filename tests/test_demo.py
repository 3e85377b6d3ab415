"""Demo profile and benchmark history: realistic shape, seeded, never mixed with real data."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from painease.demo import MARKER, DemoError, build_history, demo_dir, write_demo_profile
from painease.domain.insights import session_shifts
from painease.storage import SessionStore
from tests.test_cli import painease

END = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def counts(path):
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("sessions", "ratings", "live_samples", "session_phases",
                              "session_phase_shifts", "journal_entries")}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "profile"
    return write_demo_profile(folder, seed=11, end=END)


def test_demo_history_has_everything_a_chart_needs(demo):
    with SessionStore(demo) as store:
        points = store.insight_points()
        ids = [p.id for p in points]
        live = [store.live_trace(i) for i in ids]
        journal = store.journal_entries()
    first, last = points[0].started_at, points[-1].started_at
    assert END - timedelta(days=186) <= first and last <= END
    assert (last - first).days >= 170  # about six months
    # 3-6 sessions in every full week of the history (it starts 183 days before END)
    weeks = Counter((p.started_at - (END - timedelta(days=183))).days // 7 for p in points)
    full = [weeks[w] for w in range(max(weeks))]
    assert min(full) >= 3 and max(full) <= 6
    outcomes = Counter(p.outcome for p in points)
    assert outcomes["completed"] > 0.8 * len(points) and outcomes["stopped_early"] >= 1
    assert outcomes["interrupted"] >= 1
    assert all(p.pre_pain is not None for p in points)
    skipped = [p for p in points if p.post_pain is None]
    assert 1 <= len(skipped) < 0.25 * len(points)
    assert all(p.post_fear is None for p in skipped)  # a skipped rating skips both scales
    assert len({p.script_id for p in points}) >= 2
    # fear falls in a session more often than it rises, and pain follows on average
    shifts = [s for s in session_shifts(points) if s.fear]
    assert sum(s.fear.points < 0 for s in shifts) > 2 * sum(s.fear.points > 0 for s in shifts)
    assert np.mean([s.pain.points for s in shifts]) < 0
    # live ratings exist for some sessions, start at the pre pain, stay in 0-10
    with_live = [(p, t) for p, t in zip(points, live, strict=True) if len(t.t_ms)]
    assert 0.3 * len(points) < len(with_live) < len(points)
    assert all(t.t_ms[0] == 0 and t.value[0] == p.pre_pain for p, t in with_live)
    assert all(((t.value >= 0) & (t.value <= 10)).all() for _, t in with_live)
    assert all(t.marks and t.marks[0] == (0, "settle") for t in live)
    assert 3 <= len(journal) <= 10


def test_demo_safety_shift_is_a_dip(demo):
    with SessionStore(demo) as store:
        safety = store.phase_shift_summary("safety")
    assert safety.n_sessions >= 10 and safety.mean < 0


def test_demo_is_seeded_and_marked(demo, tmp_path):
    again = write_demo_profile(tmp_path / "again", seed=11, end=END)
    with SessionStore(demo) as a, SessionStore(again) as b:
        assert a.insight_points() == b.insight_points()
        assert a.journal_entries() == b.journal_entries()
    assert (demo.parent / MARKER).read_text(encoding="utf-8").startswith("This folder holds")
    other = write_demo_profile(tmp_path / "other", seed=12, end=END)
    with SessionStore(demo) as a, SessionStore(other) as b:
        assert a.insight_points() != b.insight_points()


def test_demo_replaces_an_earlier_demo_but_refuses_real_data(tmp_path):
    folder = tmp_path / "p"
    write_demo_profile(folder, seed=1, end=END)
    n = counts(folder / "painease.sqlite3")["sessions"]
    write_demo_profile(folder, seed=1, end=END)  # replaced, not appended
    assert counts(folder / "painease.sqlite3")["sessions"] == n

    real = tmp_path / "real"
    with SessionStore(real / "painease.sqlite3") as store:
        store.start_session("somatic-tracking-first-steps", 1, 10)
    before = (real / "painease.sqlite3").read_bytes()
    with pytest.raises(DemoError, match="already holds real sessions"):
        write_demo_profile(real)
    assert (real / "painease.sqlite3").read_bytes() == before
    assert not (real / MARKER).exists()


def test_demo_dir_is_a_private_profile_folder(painease_home):
    folder = demo_dir("demo")
    assert folder == painease_home / "profiles" / "demo"
    assert (painease_home / "profiles").stat().st_mode & 0o777 == 0o700
    with pytest.raises(DemoError, match="profile name"):
        demo_dir("../real")


def test_build_history_is_dense_and_cached(tmp_path):
    path = tmp_path / "big.sqlite3"
    n = build_history(path, years=0.2, samples_per_session=50, seed=3)
    table = counts(path)
    weeks = round(0.2 * 365.25) / 7
    assert abs(n - 21 * weeks) <= 21  # about three a day
    assert table["sessions"] == n and table["live_samples"] == 50 * n
    assert table["session_phases"] >= 3 * n
    # a cached row per session and phase it has; the sessions that count are those that
    # played at least half of the 30 s after a safety start (MIN_AFTER_SHARE): those
    # stopped or interrupted before it never reached it
    with SessionStore(path) as store:
        reached = {s.id for s in store.sessions() if any(
            p == "safety" and t + 15_000 <= (s.elapsed_ms or 0)
            for t, p in store.phase_marks(s.id))}
        safety = store.phase_shift_summary("safety")
    assert safety.n_sessions == len(reached) > 0 and safety.mean < 0
    with pytest.raises(DemoError, match="already holds sessions"):
        build_history(path, years=0.01, samples_per_session=5)


def test_cli_demo_data_goes_to_a_profile_not_the_real_database(tmp_path):
    home = tmp_path / "home"
    done = painease("demo-data", data_dir=home)
    assert done.returncode == 0, done.stderr
    target = home / "profiles" / "demo"
    assert f"painease --data-dir {target}" in done.stdout
    assert (target / "painease.sqlite3").is_file()
    assert not (home / "painease.sqlite3").exists()  # the real database was never made

    own = tmp_path / "own"
    done = painease("--data-dir", str(own), "demo-data", "--seed", "5")
    assert done.returncode == 0, done.stderr
    assert (own / "painease.sqlite3").is_file() and (own / MARKER).is_file()


def test_cli_demo_data_refuses_a_data_dir_with_real_sessions(tmp_path):
    real = tmp_path / "real"
    with SessionStore(real / "painease.sqlite3") as store:
        store.start_session("paced-breathing", 1, 5)
    done = painease("--data-dir", str(real), "demo-data")
    assert done.returncode == 1
    assert done.stderr.startswith("painease: ") and "already holds real sessions" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_cli_demo_data_refuses_a_folder_a_window_has_open(tmp_path):
    # Once it replaced the database under an open window, whose session then went on into
    # a deleted file. The window's instance lock is taken here as the window takes it.
    from painease.storage.instance_lock import InstanceLock, LockOutcome

    folder = tmp_path / "demo-open"
    painease("--data-dir", str(folder), "demo-data", "--seed", "5")
    before = (folder / "painease.sqlite3").read_bytes()
    window = InstanceLock(folder)
    assert window.acquire() is LockOutcome.OURS
    try:
        done = painease("--data-dir", str(folder), "demo-data", "--seed", "6")
    finally:
        window.release()
    assert done.returncode == 1
    assert done.stderr.strip() == (f"painease: a painease window is open on {folder}; close "
                                   "it first, then make the demo data")
    assert (folder / "painease.sqlite3").read_bytes() == before
    assert painease("--data-dir", str(folder), "demo-data", "--seed", "6").returncode == 0
