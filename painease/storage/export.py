"""CSV export: tidy files a patient can hand to a therapist or open in a spreadsheet.

Contract
--------
``export_csv(store, directory)`` writes, with a header row each, UTF-8 text **with a byte
order mark** (so spreadsheet programs read accents right) and one row per thing:

* ``sessions.csv``      one row per session, with its pre/post pain and sense of threat
                        (the ``fear`` columns) side by side and the changes (post − pre, in
                        points and percent);
* ``ratings.csv``       one row per rating;
* ``live_samples.csv``  one row per live rating sample;
* ``phases.csv``        one row per phase start on a session's timeline;
* ``journal.csv``       one row per journal entry;
* ``codebook.csv``      every column of the files above: file, name, type, unit, meaning and
                        the missing-value code.

The second scale is the one the app shows as "Sense of threat" (how threatening or
dangerous the sensation rated as pain feels); its columns keep their first name, ``fear``,
so files from earlier versions and scripts reading them line up, and the codebook says what
they hold.
A rating that was skipped is an **empty cell**, never 0: 0 is a real answer ("no pain").
Times are UTC ISO-8601 with a ``Z`` suffix. Each file with times also gives, after the
columns it had (so readers of older files keep working), each of them on the person's
clock with that clock's UTC offset (``sessions.csv``: ``started_at_local``,
``ended_at_local``; ``ratings.csv``: ``rated_at_local``; ``journal.csv``:
``written_at_local``; e.g. ``2026-03-29T03:30:00+02:00``): the clock Insights and Home
count days on (``painease.storage.zones.own_zone``: a session done on a trip on its own
clock), so a reader sees what the clock said, on either side of a clock change or a
move, and the offset still orders them. Free text (notes, journal, audio notes) that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
so a spreadsheet shows it as text instead of running it as a formula (the codebook says so).
The directory is created (0700) if needed; one that is, or leads to, painease's own data
folder (or a folder in it: keys, packs…) is refused (``painease.files.refuse_own_data``).
Each file is written to a temp file of this export's own beside it
(``temp_files.temp_beside``: ``.<name>.XXXXXXXX.painease-part``, made new, so never written
through a link), fsynced and renamed over the target, so a reader never sees half a file.
The six replace the earlier ones as one set: all are written before any takes its name,
then ``.painease-export.pending`` (naming their temps) decides the set, then they take
their names and it is removed. An export killed before that file leaves the earlier set
as it was (its temps go with a later painease write there once over a minute old:
``temp_files``, which never takes them while an export holds the folder or that file
names them); one killed while the files take their names is finished
by the next export into that folder, before it writes anything (so a folder holds a mix
of two exports only while that file beside them says so). Before any file moves, each
name is checked: a folder, device or pipe there (or a link to one) is refused, naming it
and what to do, with nothing changed. Nothing else in the folder is touched: a person's
own ``.sessions.csv.partial`` is theirs (unless the list of an export from before the
temps had names of their own names it: then it was that export's, and goes). Exports into one folder
take turns (a lock on the folder, where the system has one), so two at once never mix
their sets. Rows
are streamed, so ten years of live samples never sit in memory at once. Returns the written
paths in the order above (``Written``). File-system failures raise ``StoreError`` with a
one-line message. A stored time that cannot be read (the file was edited or damaged: a
``stored_values.UnreadableValue``) does not stop the export: its row is written with the text as
stored in that cell and in its ``_local`` one (the codebook says so for every time
column), and ``Written.unreadable`` names each.

Thread rules: call from the thread that owns ``store``; only its public read methods are used.
Nothing here touches the network: the files stay where the user asked for them.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, tzinfo
from itertools import takewhile
from pathlib import Path

from painease.domain.vocabulary import rounded
from painease.files import OwnData, refuse_own_data
from painease.storage.export_codebook import (
    _CODEBOOK,
    _CODEBOOK_COLUMNS,
    _JOURNAL_COLUMNS,
    _PHASE_COLUMNS,
    _RATING_COLUMNS,
    _SAMPLE_COLUMNS,
    _SESSION_COLUMNS,
    safe_text,
)
from painease.storage.export_set import (
    PENDING,
    _check_targets,
    _commit,
    _finish_interrupted,
    _fsync_dir,
    _InTheWay,
    _taking_turns,
)
from painease.storage.readable import is_rating
from painease.storage.records import Session
from painease.storage.store import SessionStore, StoreError
from painease.storage.stored_values import UnreadableValue, db_time
from painease.temp_files import remove_stale_temps_here, temp_beside


class Written(list):
    """The paths ``export_csv`` wrote, in order; ``unreadable``: the stored values that
    could not be read (``UnreadableValue``, naming table, row and column), each written
    out as it is stored."""

    unreadable: tuple[UnreadableValue, ...] = ()


def export_csv(store: SessionStore, directory: Path) -> Written:
    """Write the six CSV files into ``directory`` and return their paths."""
    directory = Path(directory)
    try:  # never into painease's own data folder (the database is beside it)
        refuse_own_data(directory)
    except OwnData as exc:
        raise StoreError(f"cannot write the export to {directory}: {exc.reason}") from None
    # One moment's picture: a window may go on saving (live ratings, a session's end)
    # while the files are read, and they must agree with each other.
    with store.database.snapshot("read the sessions for the export"):
        return _export(store, directory)


def _export(store: SessionStore, directory: Path) -> Written:
    from painease.storage.zones import own_zone  # zoneinfo: not at start-up

    sessions = store.sessions(keep_unreadable=True)
    times = _Times(own_zone(store))
    plan = (
        ("sessions.csv", _SESSION_COLUMNS, _session_rows(store, sessions, times)),
        ("ratings.csv", _RATING_COLUMNS, _rating_rows(store, sessions, times)),
        ("live_samples.csv", _SAMPLE_COLUMNS, _sample_rows(store, sessions)),
        ("phases.csv", _PHASE_COLUMNS, _phase_rows(store, sessions)),
        ("journal.csv", _JOURNAL_COLUMNS, (
            (j.id, j.session_id, times.utc(j.written_at), times.text(j.text),
             times.local(j.written_at))
            for j in store.journal_entries(keep_unreadable=True))),
        ("codebook.csv", _CODEBOOK_COLUMNS, _CODEBOOK),
    )
    written: list[tuple[str, Path]] = []  # (temporary file, its final name)
    committed = False
    # The folders this export makes (deepest first): a failed export leaves none of them.
    made = list(takewhile(lambda folder: not folder.exists(), (directory, *directory.parents)))
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Another export into the folder waits for this one; ``holds``: its temps' locks.
        with _taking_turns(directory), contextlib.ExitStack() as holds:
            _check_targets(directory)  # before any file moves, a killed one's too
            _finish_interrupted(directory)  # one killed while its files took their names
            # What killed writes left there (an export's before its set was decided, a
            # report's…): one look at the folder, holding its lock.
            remove_stale_temps_here(directory, holding_folder=True)
            # All six are written (and flushed to the disk) before any takes its name, so
            # a full disk leaves the folder as it was: never a half-new set of files.
            for name, cols, rows in plan:
                written.append((_write_temporary(directory / name, cols, rows, holds),
                                directory / name))
            _check_targets(directory)  # again: the writing may have taken a while
            _commit(directory, [os.path.basename(t) for t, _ in written])
            committed = True
            for temporary, target in written:
                os.replace(temporary, target)
            _fsync_dir(directory)
            os.unlink(directory / PENDING)
    except OSError as exc:
        if committed:  # the set is decided: the next export finishes it (PENDING)
            raise StoreError(f"cannot finish the export in {directory}: "
                             f"{exc.strerror or exc}; export again to complete it") from exc
        for temporary, _ in written:  # this export's own temps, and only those
            with contextlib.suppress(OSError):  # (none there, or no folder at all)
                os.unlink(temporary)
        for folder in made:
            try:
                folder.rmdir()  # only while empty: something else there keeps it
            except OSError:
                break
        if isinstance(exc, _InTheWay):
            raise StoreError(f"cannot write the export to {directory}, and nothing was "
                             f"changed there: {exc}") from None
        raise StoreError(_not_written(directory, exc)) from exc
    _fsync_dir(directory)
    done = Written(target for _, target in written)
    done.unreadable = tuple(times.unreadable)
    return done


def _not_written(directory: Path, error: OSError) -> str:
    """Why nothing was written to ``directory``: a plain cause has its next step too."""
    from painease.plain_causes import command_line_step, plain_cause

    cause = plain_cause(error)
    if cause is None:
        return f"cannot write the export to {directory}: {error.strerror or error}; " \
               "nothing was changed there"
    step = command_line_step(error, write=True, elsewhere="folder for --csv")
    return f"cannot write the export to {directory} ({cause}); nothing was changed there; {step}"



def _session_rows(store: SessionStore, sessions: list[Session],
                  times: _Times) -> Iterator[tuple]:
    for s in sessions:
        ratings = store.ratings(s.id, keep_unreadable=True)
        pre, post = ratings.get("pre"), ratings.get("post")
        # None becomes an empty cell: a skipped rating must not read as 0. One that is not
        # a rating (a hand edit: 'x', 99) is written as stored, said, and has no change.
        cells = [_rating(r, column) for r in (pre, post) for column in ("pain", "fear")]
        pre_pain, pre_fear, post_pain, post_fear = (
            None if isinstance(c, UnreadableValue) else c for c in cells)
        pain, fear = _change(pre_pain, post_pain), _change(pre_fear, post_fear)
        yield (
            s.id, times.text(s.script_id), s.script_version, times.cell(s.length_minutes),
            times.utc(s.started_at), times.utc(s.ended_at), s.elapsed_ms, s.outcome,
            times.text(s.audio_note), *(times.cell(c) for c in cells),
            pain[0], fear[0], pain[1], fear[1], s.played_ms,
            times.local(s.started_at), times.local(s.ended_at),
        )


def _rating(rating, column: str) -> object:
    """A rating's pain or fear: None when not rated, or an ``UnreadableValue`` (its place
    named) when what is stored is not a rating."""
    if rating is None:
        return None
    raw = getattr(rating, column)
    if is_rating(raw) or isinstance(raw, UnreadableValue):  # the store's own: said as it is
        return raw
    return UnreadableValue(raw, "a rating from 0 to 10",
                           ("ratings", f"session {rating.session_id}, {rating.moment}", column))


def _change(before: int | None, after: int | None) -> tuple[int | None, float | None]:
    """(points, percent) of post - pre; None where a rating is missing or pre is 0. The
    percent is rounded by the app's one rule (halves away from zero), so a spreadsheet
    rounding it to a whole percent shows what the Summary does (the Summary leaves out
    the percent of a one-point change: ``Change.said_percent``)."""
    if before is None or after is None:
        return None, None
    points = after - before
    return points, (float(rounded(100.0 * points / before, 1)) if before else None)


def _rating_rows(store: SessionStore, sessions: list[Session],
                 times: _Times) -> Iterator[tuple]:
    for s in sessions:
        for r in store.ratings(s.id, keep_unreadable=True).values():
            # What is not a rating was said once already, with sessions.csv's cells.
            yield (r.session_id, r.moment, _as_stored(_rating(r, "pain")),
                   _as_stored(_rating(r, "fear")), times.text(r.note),
                   times.utc(r.rated_at), times.local(r.rated_at))


def _as_stored(value: object) -> object:
    """A cell: the value as it is, or one that cannot be read as its stored text (bytes as
    their Python form, "b'\\xff'"), which a spreadsheet must never run as a formula."""
    return safe_text(str(value.raw)) if isinstance(value, UnreadableValue) else value


def _sample_rows(store: SessionStore, sessions: list[Session]) -> Iterator[tuple]:
    for s in sessions:
        yield from ((s.id, x.t_ms, x.value) for x in store.live_samples(s.id))


def _phase_rows(store: SessionStore, sessions: list[Session]) -> Iterator[tuple]:
    for s in sessions:
        yield from ((s.id, t, phase) for t, phase in store.phase_marks(s.id))


class _Times:
    """The cells of stored times, UTC and on the person's ``clock``. One that cannot be
    read (an ``UnreadableValue`` in its record) is its text as stored, in both: CSV is
    text, and nothing of it is lost; ``unreadable`` lists each once (its UTC cell)."""

    def __init__(self, clock: tzinfo):
        self.clock = clock
        self.unreadable: list[UnreadableValue] = []

    def utc(self, when: datetime | UnreadableValue | None) -> str | None:
        if isinstance(when, UnreadableValue):
            self.unreadable.append(when)
            return _as_stored(when)  # it may start with "=", like any text
        return None if when is None else db_time(when)  # the same text as in the database

    def cell(self, value: object) -> object:
        """Any other stored value: as it is, or one that cannot be read (bytes where text
        or a number belongs) as its Python form ("b'\\xff'"), listed like a time."""
        if isinstance(value, UnreadableValue):
            self.unreadable.append(value)
        return _as_stored(value)

    def text(self, value: str | UnreadableValue | None) -> str | None:
        """A free-text cell (``safe_text``), or as ``cell`` when it cannot be read."""
        return self.cell(value) if isinstance(value, UnreadableValue) else safe_text(value)

    def local(self, when: datetime | UnreadableValue | None) -> str | None:
        """E.g. "2026-03-29T03:30:00+02:00": ``when`` on the clock, to the second."""
        if isinstance(when, UnreadableValue):
            return _as_stored(when)
        return (None if when is None
                else when.astimezone(self.clock).isoformat(timespec="seconds"))


def _write_temporary(target: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
                     holds: contextlib.ExitStack) -> str:
    """Write a CSV to a temp file of its own beside ``target`` (``temp_beside``, held
    till ``holds`` ends, after the renames) and fsync it; returns the temp file's path
    (removed again if the writing fails). What a process killed mid-export leaves (health
    data, in the folder the person chose) goes with a later write there (``temp_files``)."""
    fd, tmp = holds.enter_context(temp_beside(target))
    try:
        # utf-8-sig: the BOM tells spreadsheet programs the text is UTF-8 (accents stay right).
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)  # csv writes None as an empty cell
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp
