"""Synthetic histories: a demo profile for people to look around in, and big benchmark files.

Contract
--------
* ``write_demo_profile(directory, seed=…)`` fills ``directory/painease.sqlite3`` with about
  six months of made-up sessions (3–6 a week on the bundled scripts), pre/post ratings in
  which fear falls during a session and pain follows with noise, a few skipped post-ratings,
  stopped-early and interrupted sessions, live ratings that dip after safety phases begin,
  phase marks and some journal notes. It refuses (``DemoError``) a directory that holds
  anything real: a row in any table of its database (a therapist's patients and trusted
  keys, a patient's set: no sessions, and all of it theirs), or any file but the database,
  the lock, the settings and the demo's own marker (an identity, packs, patients'
  databases, ``sent-packs.json``…). Demo data never mixes with real data.
* It replaces an earlier demo profile there only when the database says the demo made
  it: the ``demo_profile`` row, written in the same transaction as the made-up rows, and
  nothing added since (no session past the demo's, no row in a table the demo leaves
  empty). ``DEMO-PROFILE.txt`` is only a note for people: a probe once planted it in a
  therapist's folder, and the next run deleted their database.
* ``build_history(store_path, years=10, samples_per_session=1000, seed=…)`` writes a large
  history fast (≈ 11,000 sessions × 1,000 live samples for ten years: one transaction,
  ``executemany``) into a new or empty database (no row in any table), for the benchmarks;
  it returns the number of sessions. With ``cache_shifts`` it fills the phase-shift cache
  the way ending each session would.
* ``demo_dir(profile)`` is where ``painease demo-data --profile NAME`` writes:
  ``<data dir>/profiles/NAME``, a separate database the app opens with
  ``painease --data-dir <that dir>``; the real ``painease.sqlite3`` is never opened.

Everything is seeded: the same seed, end time and local time zone give the same history
(sessions are placed at local clock hours). No Qt, no network.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import repeat
from pathlib import Path

import numpy as np

from painease import paths, resources
from painease.catalog import bundled_catalog
from painease.domain.live_shifts import phase_starts
from painease.files import write_atomically
from painease.local_time import local_zone
from painease.storage import SessionStore
from painease.storage.stored_values import db_time
from painease.temp_files import temp_of

MARKER = "DEMO-PROFILE.txt"
DATABASE = paths.DATABASE_NAME
# Besides the database and the marker, what a folder the window was only opened on holds.
# Anything else (an identity, packs, patients, scripts, audio, sent-packs.json) is real.
_HARMLESS = {MARKER, paths.LOCK_NAME, paths.SETTINGS_NAME,
             *(DATABASE + end for end in ("", "-wal", "-shm", "-journal"))}
# The demo's own row: the sessions and journal entries it wrote, so a later run can tell
# that nothing was added since. Not a migration: only demo files have it.
_DEMO_TABLE = ("CREATE TABLE demo_profile (id INTEGER PRIMARY KEY CHECK (id = 1),"
               " made_at TEXT NOT NULL, sessions INTEGER NOT NULL,"
               " journal_entries INTEGER NOT NULL)")
# Tables the demo fills; a row in any other is someone's (a set, a key, a patient).
_DEMO_FILLS = {"sessions", "ratings", "live_samples", "session_phases",
               "session_phase_shifts", "journal_entries", "demo_profile"}

_JOURNAL = (
    "Noticed the tightness in my lower back move around while I watched it. Odd, but fine.",
    "Harder today. Fear came up before the session; afterwards it felt less urgent.",
    "Walked to the shop without thinking about my back until I got home.",
    "The warm spot between my shoulders got smaller when I stopped trying to fix it.",
    "Slept badly, pain was louder in the morning. Still did the breathing session.",
    "Sat through a whole film. Some ache, no alarm.",
    "Reminded myself the sensation is safe. It stayed, but it felt less sharp.",
    "Good week overall. Curious rather than worried most of the time.",
)


class DemoError(Exception):
    """The demo data cannot be written there; the message is one plain line."""


@dataclass(frozen=True)
class _ScriptShape:
    script_id: str
    version: int
    lengths: tuple[float, ...]
    marks: dict[float, list[tuple[int, str]]]  # minutes -> phase starts
    weight: float


def demo_dir(profile: str) -> Path:
    """``<data dir>/profiles/<profile>``; a profile name is letters, digits, '-' or '_'."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", profile):
        raise DemoError(f"profile name {profile!r}: use 1-40 letters, digits, '-' or '_'")
    profiles = paths.data_dir() / "profiles"
    profiles.mkdir(mode=0o700, exist_ok=True)  # health-like data, even made up: owner only
    return profiles / profile


def bundled_shapes() -> list[_ScriptShape]:
    """Id, version, lengths and phase marks of every bundled script that checks out."""
    # Among themselves only: the user's own scripts play no part in the demo. Their clips'
    # headers give the lengths; decoding all ~140 clips to the end took ~10 s a profile.
    catalog = bundled_catalog()
    shapes = []
    for entry in sorted(catalog.entries.values(), key=lambda e: e.script.id):
        script = entry.script
        marks = {float(m): phase_starts(entry.fit(m)) for m in script.lengths}
        # Somatic tracking is the core practice: the demo patient does it most.
        weight = 3.0 if script.kind.value == "somatic-tracking" else 1.0
        shapes.append(_ScriptShape(script.id, script.version, tuple(marks), marks, weight))
    if not shapes:
        raise DemoError(f"no usable bundled scripts in {resources.bundled_scripts_dir()}")
    return shapes


# ---- the synthetic patient -------------------------------------------------------------------


@dataclass(frozen=True)
class _Session:
    started_at: datetime
    shape: _ScriptShape
    minutes: float
    outcome: str
    elapsed_ms: int
    pre: tuple[int, int]
    post: tuple[int, int] | None
    live: bool


def _levels(fraction: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Typical pre-session pain and fear along the history (0 = start, 1 = end): fear eases
    first, pain follows, with slow waves (flare-ups and better spells)."""
    wave = 0.8 * np.sin(2 * np.pi * fraction * 5 + rng.uniform(0, 2 * np.pi))
    fear = 2.0 + 5.0 * np.exp(-fraction * 3.0) + wave
    pain = 2.2 + 4.3 * np.exp(-fraction * 2.2) + wave
    return pain, fear


def _sessions(rng: np.random.Generator, shapes: Sequence[_ScriptShape], start: datetime,
              days: int, per_week: tuple[int, int]) -> Iterator[_Session]:
    zone = local_zone()
    first_day = start.astimezone(zone).date()
    weights = np.array([s.weight for s in shapes])
    weights /= weights.sum()
    offsets = []
    for week in range(0, days, 7):
        span = min(7, days - week)
        count = int(rng.integers(per_week[0], per_week[1] + 1))
        for day in sorted(rng.choice(span, size=count, replace=count > span)):
            offsets.append(week + int(day))
    offsets = np.array(offsets, dtype=float)
    fraction = offsets / max(days - 1, 1)
    pain_level, fear_level = _levels(fraction, rng)
    for i, day in enumerate(offsets):
        shape = shapes[int(rng.choice(len(shapes), p=weights))]
        minutes = float(rng.choice(shape.lengths))
        # mornings, midday and evenings on the local clock (not UTC's: in St John's, UTC
        # hours put them in the small hours); every day before ``start + days``'s, so
        # none is after the history's end
        hour = float(rng.choice([7.5, 8.5, 12.5, 18.5, 20.5, 21.5])) + rng.uniform(-0.5, 0.5)
        wall = datetime.combine(first_day + timedelta(days=int(day)), time()) + timedelta(
            hours=hour)
        started = wall.replace(tzinfo=zone).astimezone(UTC)
        pre_fear = int(np.clip(round(fear_level[i] + rng.normal(0, 1.0)), 0, 10))
        pre_pain = int(np.clip(round(pain_level[i] + rng.normal(0, 1.0)), 0, 10))
        # In a session fear falls, and pain follows about half as much, with noise.
        fear_drop = rng.uniform(0.3, 2.5) * (0.4 + pre_fear / 8.0)
        pain_drop = 0.55 * fear_drop + rng.normal(0.2, 0.7)
        post = (int(np.clip(round(pre_pain - pain_drop), 0, 10)),
                int(np.clip(round(pre_fear - fear_drop), 0, 10)))
        full_ms = int(minutes * 60_000)
        roll = rng.uniform()
        if roll < 0.07:
            outcome, elapsed = "stopped_early", int(full_ms * rng.uniform(0.2, 0.9))
        elif roll < 0.085:
            # the app closed mid-session: elapsed is the last live rating's time, no end time
            outcome, elapsed = "interrupted", int(full_ms * rng.uniform(0.3, 0.9))
        else:
            outcome, elapsed = "completed", full_ms
        if outcome == "interrupted" or rng.uniform() < 0.08:
            post = None  # skipped (or never reached) post-rating: missing, not 0
        yield _Session(started, shape, minutes, outcome, elapsed, (pre_pain, pre_fear), post,
                       live=bool(rng.uniform() < 0.6))


def _live(rng: np.random.Generator, session: _Session, count: int | None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Live ratings from a felt-pain curve: it starts at the pre pain, wanders a little and
    eases by about a point a few seconds after each safety start (less after positive-affect
    starts). A person moves the slider when the rounded value changes (``count`` None): the
    slider starts at the pre pain, which is not a sample (a live rating is a move), so a
    session whose value never changed has none; a benchmark asks for ``count`` evenly
    spread samples instead."""
    end = max(session.elapsed_ms, 1000)
    grid = np.arange(0, end, 1000, dtype=np.int64) if count is None else np.sort(
        rng.integers(0, end, size=count))
    grid[0] = 0
    seconds = grid / 1000.0
    curve = session.pre[0] + 0.4 * np.sin(seconds / rng.uniform(40, 120) + rng.uniform(0, 6))
    for at, phase in session.shape.marks[session.minutes]:
        depth = {"safety": rng.uniform(0.6, 2.0), "positive-affect": rng.uniform(0.0, 0.8)}
        if phase in depth:
            onset = (at + rng.integers(2000, 10_000)) / 1000.0
            eased = 1.0 - np.exp(-np.maximum(seconds - onset, 0.0) / 8.0)
            curve = curve - depth[phase] * eased
    value = np.clip(np.round(curve), 0, 10) if count is None else np.clip(curve, 0, 10)
    if count is None:  # a person: a sample whenever the felt value moves from the shown one
        keep = np.diff(value, prepend=session.pre[0]) != 0
        grid, value = grid[keep], value[keep]
    return grid.astype(np.int64), value


# ---- writing --------------------------------------------------------------------------------


def _write(path: Path, sessions: Sequence[_Session], rng: np.random.Generator,
           samples_per_session: int | None, journal: Sequence[tuple[datetime, str]] = ()) -> int:
    """Insert everything in one transaction on a fresh connection; returns sessions written."""
    SessionStore(path).close()  # create and migrate the file the normal way
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        # Checked inside the write lock: nothing can be added between the check and the rows.
        if _tables_with_rows(conn):
            raise DemoError(f"{path} already holds data; use a new or empty database")
        session_rows, rating_rows, mark_rows = [], [], []
        for sid, s in enumerate(sessions, start=1):
            ended = None if s.outcome == "interrupted" else db_time(
                s.started_at + timedelta(milliseconds=s.elapsed_ms + 20_000))
            # An interrupted one too: SessionStore.mark_interrupted gives it the position
            # it last saved while it ran.
            session_rows.append((sid, s.shape.script_id, s.shape.version, s.minutes,
                                 db_time(s.started_at), ended, s.elapsed_ms, s.outcome))
            rating_rows.append((sid, "pre", *s.pre, db_time(s.started_at)))
            if s.post is not None:
                rating_rows.append((sid, "post", *s.post, ended))
            mark_rows.extend((sid, t, phase) for t, phase in s.shape.marks[s.minutes])
        conn.executemany("INSERT INTO sessions (id, script_id, script_version, length_minutes,"
                         " started_at, ended_at, elapsed_ms, outcome)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", session_rows)
        conn.executemany("INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
                         " VALUES (?, ?, ?, ?, ?)", rating_rows)
        conn.executemany("INSERT INTO session_phases (session_id, t_ms, phase) VALUES (?, ?, ?)",
                         mark_rows)
        for sid, s in enumerate(sessions, start=1):
            if samples_per_session is None and not s.live:
                continue
            t, v = _live(rng, s, samples_per_session)
            conn.executemany("INSERT INTO live_samples (session_id, t_ms, value) VALUES (?, ?, ?)",
                             zip(repeat(sid), t.tolist(), v.tolist(), strict=False))
        conn.executemany("INSERT INTO journal_entries (session_id, written_at, text)"
                         " VALUES (?, ?, ?)",
                         [(_nearest(sessions, when), db_time(when), text)
                          for when, text in journal])
        # The demo's mark, in the same transaction as its rows: only then is it ours.
        conn.execute(_DEMO_TABLE)  # (never there yet: no row anywhere)
        conn.execute("INSERT INTO demo_profile VALUES (1, ?, ?, ?)",
                     (db_time(datetime.now(UTC)), len(sessions), len(journal)))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return len(sessions)


def _nearest(sessions: Sequence[_Session], when: datetime) -> int | None:
    """The id of the last session started before ``when`` (journal notes follow a session)."""
    before = [i for i, s in enumerate(sessions, start=1) if s.started_at <= when]
    return before[-1] if before else None


def _fill_shift_cache(path: Path) -> None:
    with SessionStore(path) as store:
        for phase in ("safety", "positive-affect"):
            store.phase_shift_summary(phase)  # computes and caches every missing row


def build_history(store_path: Path, years: float = 10, samples_per_session: int = 1000,
                  seed: int = 7, end: datetime | None = None, cache_shifts: bool = True) -> int:
    """A long synthetic history (≈ 3 sessions a day) for benchmarks; returns session count."""
    rng = np.random.default_rng(seed)
    end = end or datetime(2026, 1, 1, tzinfo=UTC)
    days = int(round(years * 365.25))
    start = end - timedelta(days=days)
    shapes = bundled_shapes()
    plans = list(_sessions(rng, shapes, start, days, per_week=(21, 21)))  # ~3 a day
    count = _write(Path(store_path), plans, rng, samples_per_session)
    if cache_shifts:
        _fill_shift_cache(Path(store_path))
    return count


def write_demo_profile(directory: Path, seed: int = 2024, end: datetime | None = None,
                       months: float = 6) -> Path:
    """Fill ``directory`` with a demo history (see the module contract); returns the database."""
    directory = Path(directory)
    database = directory / DATABASE
    _refuse_real_files(directory)
    if database.exists() and _demo_made(database):
        for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal"):
            (directory / name).unlink(missing_ok=True)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(directory / MARKER, (  # whole or not at all, like every write
        "This folder holds made-up demo data from 'painease demo-data'. It is not a real\n"
        "person's record. Open it with: painease --data-dir " + str(directory) + "\n"
    ).encode("utf-8"), own_data=True)  # a profile is in painease's data dir
    rng = np.random.default_rng(seed)
    end = end or datetime.now(UTC).replace(microsecond=0)
    days = int(round(months * 30.44))
    start = end - timedelta(days=days)
    plans = list(_sessions(rng, bundled_shapes(), start, days, per_week=(3, 6)))
    picks = sorted(rng.choice(len(plans), size=min(len(_JOURNAL), len(plans)), replace=False))
    journal = [(plans[i].started_at + timedelta(minutes=plans[i].minutes + 2), _JOURNAL[k])
               for k, i in enumerate(picks)]
    _write(database, plans, rng, None, journal)
    _fill_shift_cache(database)
    return database


def _refuse_real_files(directory: Path) -> None:
    """``DemoError`` when ``directory`` holds any file the demo did not make or may not
    replace (an empty folder holds nothing)."""
    if not directory.is_dir():
        return
    real = sorted(entry.name for entry in directory.iterdir() if entry.name not in _HARMLESS
                  # a killed write's temp of the note (or the settings): theirs, not real
                  and temp_of(entry.name) not in _HARMLESS
                  # a lock beside a file (".sent-packs.json.lock") says only that it was there
                  and not (entry.name.startswith(".") and entry.name.endswith(".lock"))
                  and not (entry.is_dir() and not entry.is_symlink()
                           and not any(entry.iterdir())))
    if real:
        raise DemoError(_real_data(directory, ", ".join(real[:3]) + (", …" * (len(real) > 3))))


def _demo_made(database: Path) -> bool:
    """Whether the demo wrote ``database`` and nothing was added since (then it may be
    replaced); False for a new or empty one. ``DemoError`` when it holds real data or
    cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            full = _tables_with_rows(conn)
            if not full:
                return False
            if "demo_profile" not in full:
                what = "sessions" if "sessions" in full else ", ".join(sorted(full)[:3])
                if (database.parent / MARKER).exists():  # an older demo, or a planted note
                    raise DemoError(
                        f"{database.parent} already holds real data ({what}), or a demo an "
                        "earlier painease made: nothing in the database says which, so it "
                        "is left as it is. To make a new demo there, move that folder away "
                        "first, or use painease demo-data --profile NAME")
                raise DemoError(_real_data(database.parent, what))
            sessions, journal = conn.execute(
                "SELECT sessions, journal_entries FROM demo_profile").fetchone()
            now = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM sessions"
                               ).fetchone()
            if (now != (sessions, sessions) or full - _DEMO_FILLS or conn.execute(
                    "SELECT count(*) FROM journal_entries").fetchone()[0] != journal):
                raise DemoError(f"{database.parent} holds a demo with sessions or other "
                                "data added since the demo was made; it is left as it is. "
                                "Make a new demo in its own folder (painease demo-data "
                                "--profile NAME)")
            return True
        finally:
            conn.close()
    except sqlite3.Error as exc:  # unreadable or foreign: certainly not ours to replace
        raise DemoError(f"{database} cannot be read as a demo ({exc}); it is left as it is. "
                        "Demo data goes into its own folder (painease demo-data --profile "
                        "demo)") from None


def _tables_with_rows(conn: sqlite3.Connection) -> set[str]:
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name for name in names
            if conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is not None}


def _real_data(directory: Path, what: str) -> str:
    return (f"{directory} already holds real data ({what}); demo data is never mixed with "
            "it and never replaces it. Demo data goes into its own folder (painease "
            "demo-data --profile demo)")
