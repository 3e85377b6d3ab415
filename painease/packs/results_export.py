"""Writing a results file (``*.painease-results``): the patient's side.

The file's layout, and how a therapist reads it, are ``painease.packs.results``.

Contract
--------
* ``export_results(store, therapist_key, identity, out, since, until, include_journal=False,
  patient_name="")`` writes the sessions started on local days ``since..until``
  (inclusive; the patient's own days, ``painease.storage.zones.own_zone``; a period up
  to today also sends those dated after it, counted in ``ExportSummary.ahead``) with ratings
  and live samples, plus journal entries and rating notes only when ``include_journal``
  is true (a note longer than a results file keeps goes in parts: ``long_notes``), and
  the sets ``therapist_key`` signed: the patient's current set (flagged
  current) when it is one of them, and those the sent sessions were done for, each with
  the moments it was made current (``activations``). Another therapist's set (or one made
  here) never goes: a session done for one goes without its set link, and only the
  moments such a set was made current go (``other_sets_made_current``, not which set), so
  the therapist counts no Library session of that time for theirs
  (``painease.domain.cohort_set``). Atomic write (temp + rename). Returns
  ``ExportSummary`` (counts, the titles of the sets sent and of those kept back; the
  sessions left out because their start cannot be read, ``left_out``, those left out for
  another value the therapist's painease would refuse (an end, a rating's time, a live
  rating), ``damaged``, and the journal entries whose time cannot be read,
  ``journal_left_out``; the links to sets that cannot be read or name a set or session not
  here, ``links_left_out``, their sessions sent without them: all said in
  ``left_out_text``, ``painease.packs.unsent``; the rest is sent). A set whose row cannot
  be read stops the file (``StoreError``), said by the set's title. Who results may go to
  (the app's Send results…, ``painease results export``) is
  ``painease.packs.senders.recipients``.

The caller's thread, with the store's thread rules.
"""

from __future__ import annotations

import json
import secrets
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from nacl.public import SealedBox

from painease.domain.shown_text import one_line
from painease.domain.wrong_clock import ahead_sentence, dated_ahead, runs_to_now
from painease.local_time import day_end, day_start, local_zone_name, utc_offset_minutes
from painease.packs.identity import Identity, IdentityError, box_public_key, fingerprint, key_id
from painease.packs.long_notes import within_limit
from painease.packs.pack import write_atomically
from painease.packs.results_file import (
    FORMAT,
    ORDER_KEY,
    OTHERS_KEY,
    OTHERS_ORDER_KEY,
    VERSION,
    ZONE_KEY,
    ResultsError,
)
from painease.packs.unsent import (
    links_to_nothing,
    sendable_journal,
    sendable_links,
    sendable_sessions,
    unsent_text,
)
from painease.storage.programs import ProgramStore, StoredProgram
from painease.storage.results_store import read_records
from painease.storage.set_rows import by_title
from painease.storage.store import SessionStore
from painease.storage.stored_values import UnreadableValue, parse_db_time
from painease.storage.unplaced import SESSION_GONE, unplaced_rows
from painease.storage.zones import own_zone

END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)  # a period's end that leaves nothing out


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    sessions: int
    journal_entries: int
    therapist_fingerprint: str
    sets: tuple[str, ...] = ()  # titles of the sets sent (only this therapist's)
    withheld: tuple[str, ...] = ()  # titles of other therapists' sets kept back
    unlinked: int = 0  # sessions sent without the link to a set kept back
    ahead: int = 0  # sessions sent that are dated in the future (the clock was ahead)
    left_out: tuple[int, ...] = ()  # row ids of sessions not sent: their start is unreadable
    # (row id, what cannot be read) of the other sessions not sent (painease.packs.unsent)
    damaged: tuple[tuple[int, tuple[str, str]], ...] = ()
    journal_left_out: tuple[int, ...] = ()  # row ids of journal entries not sent
    # (row id, what is wrong) of the links to sets not sent (program_sessions table)
    links_left_out: tuple[tuple[int, tuple[str, ...]], ...] = ()
    switched: int = 0  # moments a set not sent was made current, sent without which set

    @property
    def left_out_text(self) -> str:
        """"Not sent: 1 session, because the time it started cannot be read (row 2 of the
        sessions table); …" for the patient, or empty (``painease.packs.unsent``)."""
        return unsent_text(self.left_out, self.damaged, self.journal_left_out,
                           self.links_left_out)

    @property
    def ahead_text(self) -> str:
        """"1 session is dated in the future: …" for the patient, or empty."""
        return ahead_sentence(self.ahead)

    @property
    def sets_text(self) -> str:
        """What the file says about sets, for the patient, e.g. "With the set “Two weeks”.
        Not sent: “Ben's plan” (not this therapist's set); 2 sessions done for it are sent
        without it.", and that the moments they switched to a set not sent go along (not
        which set). Empty when there is nothing to say."""
        parts = []
        if self.sets:
            titles = ", ".join(f"“{t}”" for t in self.sets)
            parts.append(f"With the set{'s' * (len(self.sets) > 1)} {titles}.")
        if self.withheld:
            many = len(self.withheld) > 1
            titles = ", ".join(f"“{t}”" for t in self.withheld)
            text = f"Not sent: {titles} (not this therapist's set{'s' * many})"
            if self.unlinked:
                it = "them" if many else "it"
                text += (f"; {self.unlinked} session{'s' * (self.unlinked > 1)} done for "
                         f"{it} {'are' if self.unlinked > 1 else 'is'} sent without {it}")
            parts.append(text + ".")
        if self.switched:  # said, so nothing goes that the patient was not told of
            parts.append("The times you switched to another set go along too (not which set), "
                         "so Library sessions done while it was your set are not counted "
                         "for this therapist's set.")
        return " ".join(parts)



def export_results(store: SessionStore, therapist_key: str, identity: Identity, out: Path,
                   since: date, until: date, include_journal: bool = False,
                   patient_name: str = "") -> ExportSummary:
    if until < since:
        raise ResultsError(f"the period ends ({until}) before it starts ({since})")
    try:
        recipient = box_public_key(therapist_key)
    except IdentityError as exc:
        raise ResultsError(str(exc)) from None
    # The patient's own days, as their Insights counts them: a session done on a trip is
    # in the period on the day it was lived.
    tz = own_zone(store)
    # A period up to today also sends the sessions dated after it (the clock was ahead
    # when they were saved; painease.domain.wrong_clock): none is left behind unsaid.
    low = day_start(since, tz)
    high = END_OF_TIME if runs_to_now(until, datetime.now(tz).date()) else day_end(until, tz)
    sessions, journal = read_records(store, low, high, include_journal)
    # A session whose start cannot be read (edited or damaged outside painease) is in no
    # period, and the therapist's painease would refuse the file for it: it is left out,
    # and said (``left_out``), never left out unsaid; the rest is sent.
    left_out = tuple(unplaced_rows(store))
    sessions = [s for s in sessions
                if not isinstance(parse_db_time(s.started_at, keep=True), UnreadableValue)]
    # A link to a set that cannot be read, or names a set or a session not here, is not
    # sent either (its session is, without it), and said.
    sessions, links = sendable_links(store, sessions)
    programs, current, known = _stored_sets(store)
    # A session done for a set that is not sent (not this therapist's) goes without its
    # link: the set's id is not this therapist's business either.
    sendable = {p.program.id for p in programs if p.started_on and _theirs(p, therapist_key)}
    done_for = {s.saved_seq: s.program_id for s in sessions}
    sessions = [s if s.program_id in sendable or not s.program_id
                else replace(s, program_id=None, position=None) for s in sessions]
    # The patient's clock goes along, so the therapist counts the patient's days on it: each
    # session's as recorded when it started (wherever the patient was then); a session
    # from a painease that did not record it gets this computer's clock at its start.
    sessions = [s if s.utc_offset_minutes is not None else replace(
        s, utc_offset_minutes=utc_offset_minutes(parse_db_time(s.started_at)))
        for s in sessions]
    # A session with another value the therapist's painease would refuse (the whole file
    # for it) is left out and said too, and so is a journal entry whose time cannot be
    # read (in no period, or refused). Each session is written out once, as the file
    # carries it (a note longer than a results file keeps in parts, so nothing is left
    # out: painease.packs.long_notes), and checked as written.
    sessions, texts, note_parts, damaged = sendable_sessions(sessions)
    journal, journal_left_out = (sendable_journal(store, journal) if include_journal
                                 else (journal, []))
    written = len(journal)  # the patient's entries, however many parts long ones take
    journal = within_limit([], journal)[1] + note_parts
    kept = {s.saved_seq for s in sessions}
    links = [(row, why) for row, why in links if row in kept] + [
        (row, SESSION_GONE) for row in links_to_nothing(store)]
    sets, withheld, (others, others_order) = _sets(programs, current, known,
                                   {done_for[row] for row in kept} - {None}, therapist_key)
    sent_ids = {entry["set"]["id"] for entry in sets}
    unlinked = sum(1 for row in kept if done_for[row] and done_for[row] not in sent_ids)
    spot = secrets.token_hex(16)  # where the sessions' JSON goes, as written and checked
    payload = {
        "format": f"{FORMAT}-payload", "version": VERSION,
        "sender_public_key": identity.public_key, "recipient_public_key": therapist_key,
        # On one line: a break typed in it would join the words on the therapist's side.
        "patient_name": one_line(patient_name) or one_line(identity.name),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "period": {"from": since.isoformat(), "to": until.isoformat()},
        "includes_journal": include_journal,
        # Added in the same format version: a painease that does not know it reads the
        # rest as before (and each session's extra "utc_offset_minutes" likewise).
        ZONE_KEY: local_zone_name(),
        "sessions": spot,
        "journal": [j.to_dict() for j in journal],
        "sets": sets,
        # Also added in format version 1: when a set not sent was made current (module doc).
        OTHERS_KEY: others,
    }
    if others_order is not None:  # and each one's place in the order (``_sets``)
        payload[OTHERS_ORDER_KEY] = others_order
    text = json.dumps(payload, ensure_ascii=False).replace(
        f'"{spot}"', f"[{', '.join(texts)}]", 1)
    compressed = zlib.compress(text.encode(), 9)
    inner = bytes.fromhex(identity.public_key) + identity.signing_key.sign(compressed)
    sealed = SealedBox(recipient).encrypt(inner)
    header = {"format": FORMAT, "version": VERSION, "recipient_key_id": key_id(therapist_key)}
    write_atomically(Path(out), json.dumps(header).encode() + b"\n" + bytes(sealed))
    ahead = sum(dated_ahead(parse_db_time(s.started_at)) for s in sessions)
    return ExportSummary(Path(out), len(sessions), written, fingerprint(therapist_key),
                         tuple(entry["set"]["title"] for entry in sets),
                         tuple(p.program.title for p in withheld), unlinked, ahead,
                         left_out, tuple(damaged), tuple(journal_left_out), tuple(links),
                         len(others))


def _stored_sets(store: SessionStore) -> tuple[list[StoredProgram], StoredProgram | None,
                                                list[tuple[str, datetime, int | None]]]:
    """Every set here, the current one, and every activation, in the order they were
    made (as kept: the therapist reads them on their clock). A set whose row cannot be
    read stops the file, said by its title when that can be read, not by its long id
    (``set_rows.by_title``)."""
    sets = ProgramStore(store)
    try:
        return sets.programs(), sets.current(), sets.activations_kept()
    except UnreadableValue as problem:
        raise by_title(store.database, problem) from None


def _theirs(stored: StoredProgram, therapist_key: str) -> bool:
    """Whether ``stored`` came in a pack ``therapist_key`` signed."""
    return stored.origin == "imported" and stored.signer_key == therapist_key


def _sets(programs: list[StoredProgram], current: StoredProgram | None,
          kept: list[tuple[str, datetime, int | None]], wanted: set, therapist_key: str
          ) -> tuple[list[dict[str, Any]], list[StoredProgram],
                     tuple[list[str], list[int] | None]]:
    """The sets to send — the current set and every set a sent session was done for
    (``wanted``), with its start day and the moments it was made current (``kept``: every
    activation, in order), but only those whose pack ``therapist_key`` signed —, the ones
    kept back (another therapist's, or made here), and the moments a set not sent was made
    current (not which set), each list of moments with its places in the order (None: not
    known here, not sent)."""
    wanted = wanted | ({current.program.id} if current is not None else set())
    found = [p for p in programs if p.program.id in wanted and p.started_on]
    theirs = [p for p in found if _theirs(p, therapist_key)]
    withheld = [p for p in found if p not in theirs]
    # "activations": added in the same format version (an older painease ignores it):
    # the moments the set was made current, so the therapist counts a Library session
    # for the set that was current when it started (painease.domain.cohort_set); and
    # "activation_order" beside them (added in the same version too): each one's place in
    # the order the sets were made current, which that counting follows, not the clock's
    # times. Each list oldest first, as before the order was sent.
    sent = {p.program.id for p in theirs}
    ordered = all(place is not None for _, _, place in kept)

    def moments(rows: list[tuple[str, datetime, int | None]]) -> tuple[list[str], list]:
        rows = sorted(rows, key=lambda row: (row[1], row[2] or 0))
        return ([moment.isoformat(timespec="milliseconds") for _, moment, _ in rows],
                [place for _, _, place in rows])

    entries = []
    for p in theirs:
        times, places = moments([row for row in kept if row[0] == p.program.id])
        entries.append({"set": p.program.to_dict(), "started_on": p.started_on.isoformat(),
                        "current": current is not None
                        and p.program.id == current.program.id,
                        "activations": times, **({ORDER_KEY: places} if ordered else {})})
    times, places = moments([row for row in kept if row[0] not in sent])
    return entries, withheld, (times, places if ordered else None)
