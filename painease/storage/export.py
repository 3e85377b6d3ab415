"""CSV export: tidy files a patient can hand to a therapist or open in a spreadsheet.

Contract
--------
``export_csv(store, directory)`` writes, with a header row each and UTF-8 text:

* ``sessions.csv``      one row per session, with its pre/post pain and fear side by side;
* ``ratings.csv``       one row per rating;
* ``live_samples.csv``  one row per live rating sample;
* ``journal.csv``       one row per journal entry;
* ``codebook.csv``      what every column of the files above means, with units/allowed values.

A rating that was skipped is an **empty cell**, never 0: 0 is a real answer ("no pain").
Times are UTC ISO-8601 with a ``Z`` suffix. The directory is created (0700) if needed, and
each file is written to a temporary file beside it, fsynced and renamed over the target, so
a reader never sees half a file. Returns the written paths in the order above. File-system
failures raise ``StoreError`` with a one-line message.

Thread rules: call from the thread that owns ``store``; only its public read methods are used.
Nothing here touches the network: the files stay where the user asked for them.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from painease.storage.migrations import db_time
from painease.storage.store import SessionStore, StoreError

_SESSION_COLUMNS = (
    "session_id", "script_id", "script_version", "length_minutes", "started_at", "ended_at",
    "elapsed_ms", "outcome", "audio_note", "pre_pain", "pre_fear", "post_pain", "post_fear",
)
_RATING_COLUMNS = ("session_id", "moment", "pain", "fear", "note", "rated_at")
_SAMPLE_COLUMNS = ("session_id", "t_ms", "value")
_JOURNAL_COLUMNS = ("entry_id", "session_id", "written_at", "text")

_SCALE = "integer 0-10; empty = not rated (skipped), which is not 0"
_UTC = "UTC time, ISO-8601 (YYYY-MM-DDTHH:MM:SS.sssZ)"

# (column, file, meaning, units / allowed values)
_CODEBOOK = (
    ("session_id", "sessions.csv", "session number, shared by all files", "integer"),
    ("script_id", "sessions.csv", "which guided script was played", "script identifier"),
    ("script_version", "sessions.csv", "version of that script", "integer"),
    ("length_minutes", "sessions.csv", "session length chosen by the user", "minutes"),
    ("started_at", "sessions.csv", "when the session started", _UTC),
    ("ended_at", "sessions.csv", "when it ended; empty if interrupted or running", _UTC),
    ("elapsed_ms", "sessions.csv", "audio time listened; for an interrupted session the"
     " last live rating's time; empty if unknown", "milliseconds"),
    ("outcome", "sessions.csv", "how the session ended",
     "in_progress | completed | stopped_early | interrupted (the app closed mid-session)"),
    ("audio_note", "sessions.csv", "anything unusual about the audio", "free text; may be empty"),
    ("pre_pain", "sessions.csv", "pain intensity just before the session", _SCALE),
    ("pre_fear", "sessions.csv", "fear / sense of threat just before the session", _SCALE),
    ("post_pain", "sessions.csv", "pain intensity just after the session", _SCALE),
    ("post_fear", "sessions.csv", "fear / sense of threat just after the session", _SCALE),
    ("session_id", "ratings.csv", "session the rating belongs to", "integer"),
    ("moment", "ratings.csv", "before or after the session", "pre | post"),
    ("pain", "ratings.csv", "pain intensity (0 = no pain, 10 = worst imaginable)",
     "integer 0-10"),
    ("fear", "ratings.csv", "fear / sense of threat (0 = none, 10 = extreme)", "integer 0-10"),
    ("note", "ratings.csv", "the user's note with the rating", "free text; may be empty"),
    ("rated_at", "ratings.csv", "when the rating was confirmed", _UTC),
    ("session_id", "live_samples.csv", "session the sample belongs to", "integer"),
    ("t_ms", "live_samples.csv", "time into the session by the audio clock", "milliseconds"),
    ("value", "live_samples.csv", "live pain rating during the session", "number 0-10"),
    ("entry_id", "journal.csv", "journal entry number", "integer"),
    ("session_id", "journal.csv", "session the entry was written after",
     "integer; empty = not tied to a session"),
    ("written_at", "journal.csv", "when the entry was written", _UTC),
    ("text", "journal.csv", "what the user wrote", "free text"),
)


def export_csv(store: SessionStore, directory: Path) -> list[Path]:
    """Write the five CSV files into ``directory`` and return their paths."""
    directory = Path(directory)
    sessions = store.sessions()
    ratings = {s.id: store.ratings(s.id) for s in sessions}

    session_rows = []
    rating_rows = []
    sample_rows = []
    for s in sessions:
        pre, post = ratings[s.id].get("pre"), ratings[s.id].get("post")
        session_rows.append((
            s.id, s.script_id, s.script_version, s.length_minutes, _iso(s.started_at),
            _iso(s.ended_at), s.elapsed_ms, s.outcome, s.audio_note,
            # None becomes an empty cell: a skipped rating must not read as 0.
            pre.pain if pre else None, pre.fear if pre else None,
            post.pain if post else None, post.fear if post else None,
        ))
        for r in ratings[s.id].values():
            rating_rows.append((r.session_id, r.moment, r.pain, r.fear, r.note, _iso(r.rated_at)))
        sample_rows.extend((s.id, x.t_ms, x.value) for x in store.live_samples(s.id))
    journal_rows = [
        (j.id, j.session_id, _iso(j.written_at), j.text) for j in store.journal_entries()
    ]

    plan = (
        ("sessions.csv", _SESSION_COLUMNS, session_rows),
        ("ratings.csv", _RATING_COLUMNS, rating_rows),
        ("live_samples.csv", _SAMPLE_COLUMNS, sample_rows),
        ("journal.csv", _JOURNAL_COLUMNS, journal_rows),
        ("codebook.csv", ("column", "file", "meaning", "units"), _CODEBOOK),
    )
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        return [_write_atomic(directory / name, cols, rows) for name, cols, rows in plan]
    except OSError as exc:
        raise StoreError(f"cannot write the export to {directory}: {exc.strerror or exc}") from exc


def _iso(when: datetime | None) -> str | None:
    return None if when is None else db_time(when)  # the same text as in the database


def _write_atomic(target: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a CSV to a temp file in the same directory, fsync it, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)  # csv writes None as an empty cell
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)
    return target


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not possible on every platform, so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
