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
    # 3-6 sessions in every full week of the history: weeks of local days from the day
    # it starts, 183 days before END (sessions are placed on the local clock)
    from painease.local_time import local_zone

    zone = local_zone()
    start = (END - timedelta(days=183)).astimezone(zone).date()
    weeks = Counter((p.started_at.astimezone(zone).date() - start).days // 7 for p in points)
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
    # live ratings exist for some sessions and stay in 0-10; each is a move of the slider,
    # which starts at the pre pain: that start is not a sample, and no sample repeats the
    # value before it
    with_live = [(p, t) for p, t in zip(points, live, strict=True) if len(t.t_ms)]
    assert 0.3 * len(points) < len(with_live) < len(points)
    assert all(np.all(np.diff(t.value, prepend=p.pre_pain) != 0) for p, t in with_live)
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
    with pytest.raises(DemoError, match="already holds real data \\(sessions\\)"):
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
    with pytest.raises(DemoError, match="already holds data"):
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
    assert done.stderr.startswith("painease: ")
    assert "already holds real data (sessions)" in done.stderr
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


# ---- a folder that holds anything real is never written to, and never emptied ---------------


def _files(folder):
    """Every file under ``folder`` with its bytes, but the lock file (which holds the PID of
    whoever took it), SQLite's shared-memory index (which changes on reads) and an empty
    write-ahead log (a read may make one)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "painease.lock" and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


def test_cli_demo_data_twice_leaves_a_therapist_folder_as_it_was(tmp_path):
    # Found by a probe: a therapist's folder has no sessions of its own, so the first run
    # mixed 116 made-up sessions into it and marked it a demo; the second deleted the
    # database, and with it the patients, their names, the imports and the trusted keys.
    from datetime import date

    from painease.storage.patients import PatientStore

    folder = tmp_path / "therapist"
    done = painease("--data-dir", str(folder), "therapist", "init", "--name", "Dr Real")
    assert done.returncode == 0, done.stderr
    with SessionStore(folder / "painease.sqlite3") as store:
        PatientStore(store).record_import("0123456789abcdef", "ab" * 32, "Sam",
                                          date(2026, 1, 1), date(2026, 1, 31),
                                          datetime(2026, 2, 1, tzinfo=UTC), 3, 0, "Sam")
    before = _files(folder)
    for _ in range(2):
        done = painease("--data-dir", str(folder), "demo-data")
        assert done.returncode == 1
        assert done.stderr.startswith(f"painease: {folder} already holds real data")
        assert len(done.stderr.splitlines()) == 1
    assert _files(folder) == before
    assert not (folder / MARKER).exists()


def _with_set(folder):
    from painease.storage.programs import ProgramStore
    from tests.packs.conftest import make_program

    with SessionStore(folder / "painease.sqlite3") as store:
        ProgramStore(store).save_program(make_program(), origin="imported",
                                         signer_key="cd" * 32, activate=True)


def _with_pinned_key(folder):
    with SessionStore(folder / "painease.sqlite3") as store:
        store.database.conn.execute(
            "INSERT INTO pinned_keys VALUES ('dr', 'Dr', ?, '2026-01-01T00:00:00.000Z')",
            ("cd" * 32,))


def _with_file(name):
    def make(folder):
        SessionStore(folder / "painease.sqlite3").close()  # an empty database beside it
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("{}", encoding="utf-8")
    return make


@pytest.mark.parametrize("make", [
    _with_set, _with_pinned_key, _with_file("keys/identity.json"),
    _with_file("sent-packs.json"), _with_file("packs/set-1/manifest.json"),
    _with_file("patients/0123456789abcdef/painease.sqlite3"),
], ids=["set", "pinned-key", "identity", "sent-packs", "pack", "patients"])
def test_demo_refuses_a_folder_with_real_data_but_no_sessions(tmp_path, make):
    # A patient who imported a pack but has not done a session yet, a therapist: no
    # sessions, and yet everything there is theirs.
    folder = tmp_path / "real"
    folder.mkdir()
    make(folder)
    before = _files(folder)
    for _ in range(2):
        with pytest.raises(DemoError, match="already holds real data"):
            write_demo_profile(folder, seed=1, end=END)
    assert _files(folder) == before


def test_a_marker_file_alone_never_lets_demo_delete_a_database(tmp_path):
    # The text marker is for people; a database is replaced only when the demo made it.
    folder = tmp_path / "real"
    with SessionStore(folder / "painease.sqlite3") as store:
        store.start_session("paced-breathing", 1, 5)
    (folder / MARKER).write_text("This folder holds made-up demo data\n", encoding="utf-8")
    before = _files(folder)
    with pytest.raises(DemoError, match="already holds real data"):
        write_demo_profile(folder, seed=1, end=END)
    assert _files(folder) == before


def test_a_demo_someone_then_used_for_real_is_kept(tmp_path):
    # Opened on the demo, a session was done there for real: the next demo-data keeps it.
    folder = tmp_path / "p"
    database = write_demo_profile(folder, seed=1, end=END)
    n = counts(database)["sessions"]
    with SessionStore(database) as store:
        sid = store.start_session("paced-breathing", 1, 5)
        store.save_rating(sid, "pre", 4, 4)
    before = _files(folder)
    with pytest.raises(DemoError, match="added since the demo was made"):
        write_demo_profile(folder, seed=1, end=END)
    assert _files(folder) == before
    assert counts(database)["sessions"] == n + 1


def test_demo_goes_into_a_folder_the_app_only_opened(tmp_path):
    # The window was opened there once: an empty database, the lock and the settings.
    folder = tmp_path / "fresh"
    SessionStore(folder / "painease.sqlite3").close()
    (folder / "painease.lock").write_text("1\n", encoding="utf-8")
    (folder / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    database = write_demo_profile(folder, seed=1, end=END)
    assert counts(database)["sessions"] > 100
    assert (folder / "settings.json").read_text(encoding="utf-8") == '{"theme": "dark"}'
    write_demo_profile(folder, seed=2, end=END)  # and it is the demo's to replace now


def test_demo_mornings_and_evenings_are_on_the_local_clock(tmp_path, monkeypatch):
    """Sessions were placed by adding hours to a UTC time: in St John's (UTC−3:30, −2:30
    in summer) "mornings and evenings" fell in the small hours."""
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "America/St_Johns")
    zone = ZoneInfo("America/St_Johns")
    with SessionStore(write_demo_profile(tmp_path / "profile", seed=11, end=END)) as store:
        hours = sorted({round(s.started_at.astimezone(zone).hour
                              + s.started_at.astimezone(zone).minute / 60, 1)
                        for s in store.sessions()})
    assert hours[0] >= 7 and hours[-1] <= 22, hours
