"""Therapist side: the patients whose results were imported, and each import.

Contract
--------
``PatientStore(store)`` works on the therapist's own ``SessionStore`` connection and owns
the ``patients`` and ``result_imports`` tables. A patient is known by the key that signed
their results (``key_id``: 16 hex digits of its SHA-256; the full public key is kept).
Their sessions live in a database file of their own with the usual schema (see
``painease.packs.results.patient_database``), so ``SessionStore`` and the insights code
read it unchanged.

* ``record_import(...)`` adds the patient or updates their last import time and the name
  their latest results gave (``Patient.sent_name``, apart from ``Patient.name``, the
  therapist's label), and logs the import, in one transaction; returns the ``Patient``.
  An import calls it last, once the patient's own database holds their sessions.
* ``patients()`` (most recently imported first), ``patient(key_id)``, ``imports(key_id)``,
  ``covered(key_id)`` (the days their files cover, joined), ``rename(key_id, name)``.
  (Who else goes by a name a file gives, by label or by sent name, is
  ``painease.packs.sender_name.namesakes``.)
* ``set_group(key_id, group)``: the therapist's own group for the patient (blank: none),
  kept across imports; ``Patient.group`` reads it back. A group's name over
  ``GROUP_LIMIT`` characters is refused (``ValueError``), never cut: cut, two long names
  alike in their first 100 characters became one group, and Outcomes pooled their
  patients. Groups cut before are left as they are. ``too_long`` words either limit.
* ``patient_weeks(store, sessions)``, ``patient_measure(store, id, group, sessions)`` and
  ``set_title(store)`` read a patient's own database for the Outcomes view (the averages
  of their first and last week of rated sessions, rated meaning before and after as in
  Insights: ``painease.domain.cohort_weeks``; the set they follow). ``set_sessions(store,
  stored)`` is the sessions a set's column counts (``painease.domain.cohort_set``: those
  during the set, from its start to the end of its planned weeks, those from the Library
  only while it was the patient's current set, and those done later
  that its progress counts), not the months before it; ``set_period(stored)`` its days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from painease.storage.store import SessionStore
from painease.storage.stored_values import db_time, parse_db_date, parse_db_time

NAME_LIMIT = 200  # characters of a patient's name (as names from results files are)
GROUP_LIMIT = 100  # characters of a group's name


def too_long(what: str, text: str, limit: int) -> str | None:
    """Why ``text``, spaces tidied as it is kept, cannot be ``what`` ("a name"): "a name
    is at most 200 characters; this one has 201"; None when it is short enough."""
    length = len(" ".join(text.split()))
    return f"{what} is at most {limit} characters; this one has {length}" \
        if length > limit else None


@dataclass(frozen=True)
class Patient:
    key_id: str
    public_key: str
    name: str
    first_seen_at: datetime
    last_imported_at: datetime
    group: str | None = None  # the therapist's own group for the patient
    # The name their latest results gave ("": none; None: imported before it was kept).
    # Not shown as theirs: ``name`` is (the therapist may rename them).
    sent_name: str | None = None


@dataclass(frozen=True)
class ResultsImportRecord:
    patient_key: str
    period_from: date
    period_to: date
    created_at: datetime
    imported_at: datetime
    sessions_new: int
    sessions_updated: int


class PatientStore:
    def __init__(self, store: SessionStore) -> None:
        self._database = store.database  # one storage package, one connection
        self._conn = store.database.conn

    def record_import(self, key_id: str, public_key: str, name: str, period_from: date,
                      period_to: date, created_at: datetime, sessions_new: int,
                      sessions_updated: int, sent_name: str | None = None,
                      automatic_label: str | None = None) -> Patient:
        """Note an import (see the module doc). ``sent_name``: the name the file gave ("":
        none), kept as their latest unless it is None (a file older than one imported
        already: the newer file's name stays). A file without a name keeps the name an
        earlier file gave. ``automatic_label``: what a patient whose files gave no name is
        listed as; a known patient still listed so takes ``name`` as their label when it
        is another (the file gave a name), since no therapist chose the automatic one."""
        now = db_time(datetime.now(UTC))
        automatic = automatic_label if automatic_label is not None else name
        with self._database.write("the patient"):
            self._conn.execute(
                "INSERT INTO patients (key_id, public_key, name, first_seen_at,"
                " last_imported_at, sent_name) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key_id) DO UPDATE"
                # The name a patient first sends labels them; after that the label is the
                # therapist's (Rename…), so a later import never overwrites it (only the
                # automatic label, which nobody chose, gives way to a name). The name
                # the file gave is kept apart, to compare the next file's with.
                " SET last_imported_at = excluded.last_imported_at, sent_name ="
                " CASE WHEN ? THEN coalesce(nullif(excluded.sent_name, ''), sent_name, '')"
                " ELSE sent_name END,"
                " name = CASE WHEN name = ? THEN excluded.name ELSE name END",
                (key_id, public_key, name, now, now, sent_name or "", sent_name is not None,
                 automatic),
            )
            # The same file imported again is not a new import: its first row stays.
            self._conn.execute(
                "INSERT INTO result_imports (patient_key, period_from, period_to, created_at,"
                " imported_at, sessions_new, sessions_updated) SELECT ?, ?, ?, ?, ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM result_imports WHERE patient_key = ?"
                " AND created_at = ? AND period_from = ? AND period_to = ?)",
                (key_id, period_from.isoformat(), period_to.isoformat(), db_time(created_at),
                 now, sessions_new, sessions_updated, key_id, db_time(created_at),
                 period_from.isoformat(), period_to.isoformat()),
            )
        return self.patient(key_id)

    def rename(self, key_id: str, name: str) -> None:
        """Show the patient as ``name`` (spaces tidied; at most 200 characters, as names
        from results files are)."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a patient needs a name")
        if problem := too_long("a name", name, NAME_LIMIT):
            raise ValueError(problem)
        with self._database.write("the patient's name"):
            self._conn.execute("UPDATE patients SET name = ? WHERE key_id = ?", (name, key_id))

    def set_group(self, key_id: str, group: str | None) -> None:
        """Put the patient in the therapist's group ``group`` (None or blank: no group;
        spaces tidied); ``ValueError`` for one over ``GROUP_LIMIT`` characters."""
        self.patient(key_id)  # ValueError for an unknown key
        if problem := too_long("a group's name", group or "", GROUP_LIMIT):
            raise ValueError(problem)
        value = " ".join((group or "").split()) or None
        with self._database.write("the patient's group"):
            self._conn.execute("UPDATE patients SET cohort_group = ? WHERE key_id = ?",
                               (value, key_id))

    def patients(self) -> list[Patient]:
        return self._select("ORDER BY last_imported_at DESC, key_id", ())

    def patient(self, key_id: str) -> Patient:
        found = self._select("WHERE key_id = ?", (key_id,))
        if not found:
            raise ValueError(f"no patient with key {key_id}")
        return found[0]

    def imports(self, key_id: str) -> list[ResultsImportRecord]:
        with self._database.guard("read the imports"):
            rows = self._conn.execute(
                "SELECT id, patient_key, period_from, period_to, created_at, imported_at,"
                " sessions_new, sessions_updated FROM result_imports WHERE patient_key = ?"
                " ORDER BY imported_at, id", (key_id,)).fetchall()
        # A value damaged outside painease is an UnreadableValue naming its place.
        return [ResultsImportRecord(
            r[1], *(parse_db_date(r[i], ("result_imports", r[0], name))
                    for i, name in ((2, "period_from"), (3, "period_to"))),
            *(parse_db_time(r[i], ("result_imports", r[0], name))
              for i, name in ((4, "created_at"), (5, "imported_at"))), r[6], r[7])
            for r in rows]

    def latest_import(self, key_id: str) -> ResultsImportRecord | None:
        """The import of the newest file from this patient (by when the file was made, not
        when it was imported: an older file may come in last)."""
        return max(self.imports(key_id), key=lambda r: r.created_at, default=None)

    def covered(self, key_id: str) -> list[tuple[date, date]]:
        """The days the patient's imported results files cover, on their clock: each
        file's period, those that overlap or touch joined, oldest first (empty: none)."""
        spans: list[tuple[date, date]] = []
        for first, last in sorted((r.period_from, r.period_to) for r in self.imports(key_id)):
            if spans and first.toordinal() <= spans[-1][1].toordinal() + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], last))
            else:
                spans.append((first, last))
        return spans

    def _select(self, where: str, args: tuple) -> list[Patient]:
        with self._database.guard("read the patients"):
            rows = self._conn.execute(
                "SELECT key_id, public_key, name, first_seen_at, last_imported_at,"
                f" cohort_group, sent_name FROM patients {where}", args).fetchall()
        # A value damaged outside painease is an UnreadableValue naming its place.
        return [Patient(r[0], r[1], r[2],
                        *(parse_db_time(r[i], ("patients", r[0], name))
                          for i, name in ((3, "first_seen_at"), (4, "last_imported_at"))),
                        r[5], r[6]) for r in rows]


# ---- cohort outcomes: one patient's first and last week of ratings ----------------------

NO_SET = "No set"
NO_GROUP = "No group"


def set_sessions(store: SessionStore, stored, today: date | None = None, *,
                 tz: tzinfo | None = None, sessions: list | None = None,
                 days: dict[int, date | None] | None = None) -> list:
    """The patient's sessions, oldest first, that the set ``stored`` (a ``StoredProgram``)
    is credited with in Outcomes (``painease.domain.cohort_set.for_the_set``: during the
    set, none played for another set nor from the Library while it was not their current
    set, or done later for it and counted by its progress), on the patient's clock and
    on ``today`` there (default: now), as the Patients page counts it. ``tz`` (default:
    ``patient_zone(store).tz``), ``sessions`` (default: ``store.sessions()``) and
    ``days`` (``session_days``: every session's day on ``tz``; None: one the caller left
    out) let a caller that has them already skip reading and converting them again."""
    from painease.domain.cohort_set import for_the_set, practice_during
    from painease.storage.programs import ProgramStore
    from painease.storage.zones import patient_zone

    tz = tz or patient_zone(store).tz
    sets = ProgramStore(store)
    timeline = sets.activations(tz=tz)  # in the order the sets were made current
    # A session played for another set is that set's, even on this one's first day; one
    # from the Library is the set's that was current when it started.
    mine, everything, items = stored.program.id, [], sets.session_items()
    for session in store.sessions() if sessions is None else sessions:
        item = items.get(session.id)
        if (item[0] == mine) if item else practice_during(mine, timeline, session.started_at):
            everything.append(session)
    done = [(linked.session_id, linked.done)
            for linked in sets.linked_sessions(stored.program.id, tz=tz, days=days)
            if linked.counts]
    if days is None:
        days = session_days(everything, tz)
    keys = for_the_set(stored.program, stored.started_on,
                       [(s.id, days[s.id]) for s in everything], done,
                       today or datetime.now(tz).date())
    return [session for session in everything if session.id in keys]


def session_days(sessions: list, tz: tzinfo) -> dict[int, date]:
    """Each session's day on the clock ``tz``, by session id: worked out once for a
    patient whose sessions several reads place on days (a patient's own clock,
    ``OffsetsZone``, converts in Python: Outcomes converted each session five times)."""
    return {session.id: session.started_at.astimezone(tz).date() for session in sessions}


def rated_sessions(store: SessionStore, sessions: list | None = None, *,
                   left_out: list | None = None) -> list:
    """The patient's rated sessions among ``sessions`` (default: all of theirs), oldest
    first, as (session, ratings): rated means pain rated both before and after, as
    Insights counts them. Their ratings are read in one query
    (``SessionStore.all_ratings``), and only theirs are parsed: a rating that cannot be
    read in a session not asked for does not fail the read. One that cannot be read in
    a session asked for is an ``UnreadableValue`` (a ``StoreError``) naming its row; or,
    given a list ``left_out``, its session is not counted and is added to that list
    (Outcomes counts what it can read, and says how many it left out)."""
    if sessions is None:
        sessions = store.sessions()
    else:  # one not in this store is a ``ValueError``, as ``ratings`` says it
        with store.database.guard("read the sessions"):
            known = {sid for (sid,) in store.database.conn.execute("SELECT id FROM sessions")}
        if unknown := {session.id for session in sessions} - known:
            raise ValueError(f"no session with id {min(unknown)}")
    every = store.all_ratings({session.id for session in sessions},
                              keep_unreadable=left_out is not None)
    found = []
    for session in sessions:
        ratings = every.get(session.id, {})
        if left_out is not None and any(_unreadable(r) for r in ratings.values()):
            left_out.append(session)
            continue
        if all(m in ratings and ratings[m].pain is not None for m in ("pre", "post")):
            found.append((session, ratings))
    return found


def _unreadable(rating) -> bool:
    """Whether a rating read with ``keep_unreadable`` holds a value that cannot be read."""
    from painease.storage.stored_values import UnreadableValue

    return any(isinstance(value, UnreadableValue) for value in rating)


def patient_weeks(store: SessionStore, sessions: list | None = None, *,
                  tz: tzinfo | None = None, rated: list | None = None,
                  days: dict[int, date] | None = None):
    """A ``painease.domain.cohort_weeks.EndWeeks`` from one patient's own database
    ``store``: the before-ratings of their rated sessions (``rated_sessions``: pain rated
    before and after) among ``sessions`` when given (``set_sessions``: those of a set),
    on the days of the patient's clock, split into their first and last week (one dated
    in the future is not the latest: ``cohort_weeks``). ``tz`` (default:
    ``patient_zone(store).tz``) and ``rated`` (``rated_sessions(store)``, which
    ``sessions`` then picks from) let a caller reading several sets' weeks of one
    patient read the clock and the ratings once, and ``days`` (``session_days`` of
    theirs on ``tz``) place each session on its day once."""
    from painease.domain.cohort_weeks import Rated, end_weeks
    from painease.domain.wrong_clock import dated_ahead
    from painease.storage.zones import patient_zone

    tz = tz or patient_zone(store).tz
    if rated is None:
        rated = rated_sessions(store, sessions)
    elif sessions is not None:
        ids = {session.id for session in sessions}
        rated = [pair for pair in rated if pair[0].id in ids]
    now = datetime.now(UTC)
    if days is None:
        days = session_days([session for session, _ in rated], tz)
    return end_weeks([Rated(days[session.id], ratings["pre"].pain,
                            ratings["pre"].fear, dated_ahead(session.started_at, now))
                      for session, ratings in rated])


def patient_measure(store: SessionStore, patient_id: str, group: str | None = None,
                    sessions: list | None = None):
    """A ``painease.domain.cohort.Measure`` from one patient's own database ``store``:
    baseline and latest are the averages of the pain rated before sessions in their
    first and last week (``patient_weeks``; the rules, with the small-numbers rule for
    each week, are ``painease.domain.cohort_weeks``'s). ``group`` defaults to
    ``set_title(store)``."""
    return patient_weeks(store, sessions).measure(
        patient_id, group if group is not None else set_title(store))


def set_period(stored) -> tuple[date, date] | None:
    """The days a set covers for the patient (a ``StoredProgram``):
    ``painease.domain.cohort_set.set_days``; None when they never started it."""
    from painease.domain.cohort_set import set_days

    return set_days(stored.program, stored.started_on)


def set_title(store: SessionStore) -> str:
    """The title of the set the patient follows (``patient_set``), else ``NO_SET``."""
    found = patient_set(store)
    return found.title if found is not None else NO_SET


def patient_set(store: SessionStore):
    """The ``Program`` the patient follows (``patient_stored_set``), else None."""
    found = patient_stored_set(store)
    return found.program if found is not None else None


def patient_stored_set(store: SessionStore):
    """The ``StoredProgram`` the patient follows, with the day they started it: the one
    the Patients page and the report show (``ProgramStore.followed``: the current set,
    else the latest saved one they started), so Outcomes files them under the same set;
    None when they started none."""
    from painease.storage.programs import ProgramStore

    return ProgramStore(store).followed()


def followed_status(store: SessionStore, today: date, tz: tzinfo):
    """Where the patient stands in the set they follow (``patient_stored_set``), as the
    therapist's views count it: a ``ProgramStatus`` on ``today``, sessions on the days of
    the patient's clock ``tz``, in the patient's save order when their results sent it
    (``ProgramStore.counts_by_save_order``); None when they started none."""
    from painease.storage.programs import ProgramStore

    sets = ProgramStore(store)
    followed = sets.followed()
    if followed is None:
        return None
    return sets.status(today, program_id=followed.program.id, tz=tz)


def set_columns(sets: list) -> list[str]:
    """One column name per entry of ``sets`` (``Program`` or None), grouping by set id, not
    title: each set is named by the title of its highest version seen, a title two
    different sets share gets the start of its id ("Two weeks (set 1a2b3c)"), and None is
    ``NO_SET``."""
    newest: dict[str, object] = {}
    for program in sets:
        if program is not None and (program.id not in newest
                                    or program.version > newest[program.id].version):
            newest[program.id] = program
    titles: dict[str, set[str]] = {}
    for program in newest.values():
        titles.setdefault(program.title, set()).add(program.id)
    names = {}
    for set_id, program in newest.items():
        shared = len(titles[program.title]) > 1
        names[set_id] = f"{program.title} (set {set_id[:6]})" if shared else program.title
    return [names[p.id] if p is not None else NO_SET for p in sets]
