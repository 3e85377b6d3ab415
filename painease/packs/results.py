"""Results files (``*.painease-results``): a patient's sessions, sealed to their therapist.

Contract
--------
File layout: one JSON header line (``format`` "painease-results", ``version`` 1,
``recipient_key_id``; a hint only, never trusted) then a libsodium *sealed box* to the
therapist's key (Curve25519, converted from the Ed25519 key in their pack). Inside the box:
the patient's 32-byte public key, then the patient's Ed25519 signature (64 bytes) over
the zlib-compressed JSON payload, then that payload. The payload names both keys, so a
signed payload cannot be re-sealed to someone else unnoticed. Result: only the therapist
can read it, and the therapist knows which patient key wrote it. The file's outer parts
(its name, header line, limits and the payload's unpacking; ``ResultsError``) are
``painease.packs.results_file``'s; ``ResultsError`` is importable from here too.

* A patient writes one with ``painease.packs.results_export.export_results`` (what it
  sends is described there; whom it can go to, ``painease.packs.senders.recipients``).
* ``import_results(path, identity, store)`` (therapist side; ``store`` is the therapist's
  own database) decrypts, verifies, checks every record, and only then merges into the
  patient's own database ``patient_database(key_id)`` (same schema, deduplicated by
  session uid, one transaction), and only then records the patient and the import in the
  therapist's (one transaction): killed at any moment, the therapist's list shows the
  patient with all their sessions, or not yet (importing the file again then lists them,
  every session counted new). Returns ``ResultsImport``.
  The sets of this therapist's that the patient follows (see ``export_results``) travel
  along with their start days (and the moments they were made current, which decide
  which set a Library session counts for: ``painease.domain.cohort_set``, and each one's
  place in the order the patient made sets current, which the counting follows, the
  newest file's order winning: ``set_activations.placed_as_sent``; a file from an older
  painease sends none, or the moments alone, counted by their times), so
  ``ProgramStore(open_patient(key_id)).status(program_id=..., tz=patient_zone(...).tz)``
  shows the therapist the same progress the
  patient sees (on the patient's clock, ``painease.storage.zones``).
  Anything wrong raises ``ResultsError`` (one line) and writes nothing. A file signed by
  a known patient's key that gives another name than their latest results did raises
  ``NameChanged`` (``painease.packs.sender_name``) unless ``accept_name=True``: the
  therapist is asked first. ``read_results`` + ``name_change_in`` + ``import_opened`` do
  the same in steps, for a window that asks between them.
* The patient's clock travels too, within format version 1 (older paineases ignore what
  they do not know): the payload's ``time_zone`` is the IANA name of the patient's zone
  (null when their computer cannot tell it) and each session its ``utc_offset_minutes``
  at its start. The therapist's views count the patient's days on it
  (``painease.storage.zones.patient_zone``); a file without ``time_zone`` (an older
  painease) leaves them on the therapist's clock, and the views say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import SealedBox

from painease.domain.programs import Program, ProgramError
from painease.domain.vocabulary import counted
from painease.local_time import moments_apart
from painease.packs.identity import (
    Identity,
    IdentityError,
    fingerprint,
    in_fours,
    key_id,
    verify_key,
)
from painease.packs.results_file import (
    DAMAGED,
    VERSION,
    ResultsError,
    as_list,
    not_results,
    other_activations,
    other_order,
    read_file,
    read_header,
    sent_activations,
    sent_order,
    sent_zone,
    unpack_payload,
)
from painease.packs.results_merge import (
    as_first_merged,
    logged,
    merge_into_copy,
    newest_made,
)
from painease.packs.sender_name import (
    NameChange,
    given_name,
    name_change,
    named_now,
    namesake_text,
    namesakes,
    stand_in_name,
)
from painease.storage.patients import Patient, PatientStore
from painease.storage.results import JournalRecord, SessionRecord
from painease.storage.results_store import MergeCounts, in_sets
from painease.storage.store import SessionStore, StoreError
from painease.storage.zones import SentZone


class ImportBusy(ResultsError):
    """Another import held the import lock for the whole wait; nothing was written."""


@dataclass(frozen=True)
class ResultsImport:
    patient: Patient
    patient_fingerprint: str
    database: Path
    counts: MergeCounts
    period: tuple[date, date]
    warnings: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        c = self.counts
        text = (f"{self.patient.name}: {c.sessions_new} new, {c.sessions_updated} updated, "
                f"{c.sessions_unchanged} already here"
                + (f", {counted(c.journal_new, 'journal entry', 'journal entries')}"
                   if c.journal_new else ""))
        placed = c.placed_by_save_order
        if placed:  # nothing about the sessions changed; the set's count did (merge_records)
            one = placed == 1
            text += ("; this file also said in which order the sessions were saved, so "
                     f"{counted(placed, 'session', 'sessions')} dated ahead by a wrong clock now "
                     f"count{'s' if one else ''} {in_sets(c.placed_in)}on the day "
                     f"{'it was' if one else 'they were'} done")
        return text


def patient_database(patient_key_id: str) -> Path:
    """The database file that holds one patient's imported sessions (same schema)."""
    from painease import paths

    return paths.patients_dir() / patient_key_id / paths.DATABASE_NAME


def open_patient(patient_key_id: str) -> SessionStore:
    """Open a patient's database for reading their sessions (insights, report)."""
    path = patient_database(patient_key_id)
    if not path.is_file():
        raise ResultsError(f"no results were imported for patient {patient_key_id}")
    return SessionStore(path)


@dataclass(frozen=True)
class _Opened:
    sender_key: str
    payload: dict[str, Any]
    sessions: list[SessionRecord]
    journal: list[JournalRecord]
    period: tuple[date, date]
    created_at: datetime
    # (set, the patient's start day, is current, moments made current, their places in
    # the patient's order: None, not sent)
    sets: list[tuple[Program, date, bool, tuple[datetime, ...] | None,
                     tuple[int, ...] | None]]
    zone: SentZone | None = None  # None: the file does not say (an older painease made it)
    others: tuple[datetime, ...] = ()  # when a set not sent was made current
    others_order: tuple[int, ...] | None = None  # their places in the order (None: unsent)


def read_results(path: Path, identity: Identity,
                 therapist: bool | Callable[[], bool] = False) -> _Opened:
    """Decrypt, verify and check a results file in memory; ``ResultsError`` if anything
    is wrong. Nothing is written. ``therapist``: this is a therapist's install (or a
    function saying so, asked only when it matters: the command line's reads Settings'
    ``therapist_mode``, above this layer), which a file sealed to another key is explained
    to: the key of a computer they used before, not a file to send on."""
    data = read_file(Path(path))
    head, _, sealed = data.partition(b"\n")
    header = read_header(head)
    if header is None:
        raise ResultsError(not_results(data))
    version, recipient = header.get("version"), header.get("recipient_key_id")
    # Anything but what a painease writes there is damage, which no update mends.
    if type(version) is not int or version < 1 or not isinstance(recipient, str) \
            or not re.fullmatch(r"[0-9a-f]{16}", recipient):
        raise ResultsError(DAMAGED)
    if version != VERSION:
        raise ResultsError(f"results format version {version} is not readable by this "
                           f"painease (it reads {VERSION}); update painease")
    if recipient != identity.key_id:
        # The key id is the start of the key's fingerprint: shown as the fingerprint is.
        theirs = str(header.get("recipient_key_id"))
        # A therapist's install: e.g. `therapist init` on a new computer made a new key.
        if therapist if isinstance(therapist, bool) else therapist():
            raise ResultsError(
                "this results file was sealed to another therapist key than this "
                f"install's (that key's fingerprint starts {in_fours(theirs)}, this "
                f"install's starts {in_fours(identity.key_id)}), perhaps the key on a "
                "computer you used before. Only that key can open it: import the file in "
                "painease on that computer, or copy that computer's keys/identity.json "
                "file (in painease's data folder) over this install's, which replaces "
                "this install's key: keep a copy of it first")
        # Said plainly for a patient who opens the file they made to send, too.
        raise ResultsError("this is a results file made to send to a therapist; only that "
                           f"therapist can open it (their key's fingerprint starts "
                           f"{in_fours(theirs)}, this install's starts "
                           f"{in_fours(identity.key_id)}). If you made it to send your "
                           "results, send the file to your therapist: it is not for "
                           "importing here")
    try:
        inner = SealedBox(identity.box_private_key()).decrypt(sealed)
    except CryptoError:
        raise ResultsError("the results cannot be decrypted with your key: they were not "
                           "made for it, or the file was damaged") from None
    sender_key = inner[:32].hex()
    try:
        compressed = verify_key(sender_key).verify(inner[32:])
    except (BadSignatureError, IdentityError, ValueError):
        raise ResultsError("bad signature: the results were changed after the patient "
                           "signed them") from None
    payload = unpack_payload(compressed)
    if payload.get("sender_public_key") != sender_key:
        raise ResultsError("the results name a different sender than the key that signed "
                           "them")
    if payload.get("recipient_public_key") != identity.public_key:
        raise ResultsError("the results were signed for another therapist and re-sent to "
                           "you; ask the patient to send them to you directly")
    try:
        period = payload.get("period") or {}
        span = (date.fromisoformat(period["from"]), date.fromisoformat(period["to"]))
        created = datetime.fromisoformat(payload["created_at"])
        if created.tzinfo is None:
            raise ValueError("created_at has no time zone")
        sessions = [SessionRecord.from_dict(s) for s in as_list(payload, "sessions")]
        journal = [JournalRecord.from_dict(j) for j in as_list(payload, "journal")]
        sets = [(Program.from_dict(s["set"]), date.fromisoformat(s["started_on"]),
                 s.get("current") is True, moments, sent_order(s, moments))
                for s in payload.get("sets", [])
                for moments in (sent_activations(s),)]
        zone = sent_zone(payload)
        others = other_activations(payload)
        others_order = other_order(payload, others)
    except (KeyError, TypeError, ValueError, AttributeError, ProgramError) as exc:
        raise ResultsError(f"the results hold invalid data: {exc}") from None
    if len({s.uid for s in sessions}) != len(sessions):
        raise ResultsError("the results hold invalid data: a session appears twice")
    return _Opened(sender_key, payload, sessions, journal, span, created, sets, zone,
                   others, others_order)


class NameChanged(ResultsError):
    """The file is signed by a known patient's key but gives another name than their
    latest results did; nothing was written. ``change`` says what, for a question."""

    def __init__(self, change: NameChange):
        super().__init__(change.text)
        self.change = change


def name_change_in(opened: _Opened, store: SessionStore) -> NameChange | None:
    """Whether importing ``opened`` must be agreed first (``painease.packs.sender_name``)."""
    patients = PatientStore(store)
    patient_id = key_id(opened.sender_key)
    given = given_name(opened.payload.get("patient_name"))
    try:
        known = patients.patient(patient_id)
    except ValueError:
        return None  # a new key: nothing to compare with
    return name_change(known, given, namesakes(patients.patients(), patient_id, given))


def import_results(path: Path, identity: Identity, store: SessionStore,
                   accept_name: bool = False) -> ResultsImport:
    return import_opened(read_results(path, identity), store, accept_name)


def import_opened(opened: _Opened, store: SessionStore, accept_name: bool = False,
                  wait: float | None = None) -> ResultsImport:
    """Merge results ``read_results`` opened (see the module doc). A file that gives
    another name than that patient's latest results did raises ``NameChanged`` and
    writes nothing, unless ``accept_name`` (the therapist said yes): then it is merged
    and the import's warnings say so. One import at a time: another one running in the
    same data folder is waited for a few seconds (``painease.packs.import_lock``; ``wait``
    seconds when given: 0 tries once), then this one is refused with ``ImportBusy``,
    writing nothing. A window passes 0 and tries again from a timer, never blocking."""
    from painease import paths
    from painease.packs.import_lock import ImportRunning, one_import_at_a_time

    folder = paths.patients_dir()
    try:
        with one_import_at_a_time(folder, wait):
            return _import_locked(opened, store, accept_name)
    except ImportRunning:
        raise ImportBusy("another import of results is still running in this data "
                           "folder; try again once it has finished") from None
    except OSError as exc:  # the lock file could not be made: nothing was written
        raise ResultsError(f"the results could not be saved: cannot write in {folder} "
                           f"({exc.strerror or exc})") from None


def _import_locked(opened: _Opened, store: SessionStore, accept_name: bool) -> ResultsImport:
    """``import_opened``'s work, with the import lock held: every read of who is listed
    and every write happen with no other import in between."""
    patients = PatientStore(store)
    patient_id = key_id(opened.sender_key)
    given = given_name(opened.payload.get("patient_name"))
    stand_in = stand_in_name(patient_id)
    name = given or stand_in
    change = name_change_in(opened, store)
    if change is not None and not accept_name:
        raise NameChanged(change)
    warnings = (change.accepted,) if change is not None else ()
    # Kept apart from theirs, whether this key is new or known (and its name agreed to).
    warnings += tuple(
        f"{namesake_text(other, given)} ({fingerprint(other.public_key)}); these results "
        "were kept apart from theirs."
        for other in namesakes(patients.patients(), patient_id, given)
    )
    listed = {p.key_id: p.name for p in patients.patients()}.get(patient_id)
    if listed == stand_in and given:  # the automatic label gives way (record_import)
        warnings += (named_now(stand_in, given),)
    newest = patients.latest_import(patient_id)
    latest = newest.created_at if newest is not None else None
    database = patient_database(patient_id)
    try:
        # The patient's copy first, in ONE transaction (all of it or none), logging this
        # file in it; the therapist's list last, in one transaction with the import: a
        # kill between any two commits shows the patient as before or with all this
        # file's sessions, sets and their order, never half (a probe saw a patient
        # listed with none; a reading, new sessions without the set they were done for).
        with SessionStore(database) as patient_store:
            copy = patient_store.database
            with copy.write("the imported results"):
                merged = logged(patient_store, patient_id, opened)
                # The copy may hold a newer file than the list names (killed in between).
                latest = newest_made(patient_store, patient_id, latest)
                older = latest is not None and opened.created_at < latest
                counts = merge_into_copy(patient_store, opened, older)
                PatientStore(patient_store).record_import(
                    patient_id, opened.sender_key, name, *opened.period, opened.created_at,
                    counts.sessions_new, counts.sessions_updated)
        if listed is None:
            # New to the list: every session is new to the therapist, also those an
            # import killed before it listed them had written already.
            counts = replace(counts, sessions_new=counts.sessions_new
                             + counts.sessions_updated + counts.sessions_unchanged,
                             sessions_updated=0, sessions_unchanged=0)
        elif merged is not None and logged(store, patient_id, opened) is None:
            counts = as_first_merged(counts, merged)  # killed before its list was told
        patient = patients.record_import(
            patient_id, opened.sender_key, name, *opened.period, opened.created_at,
            counts.sessions_new, counts.sessions_updated, None if older else given,
            automatic_label=stand_in)
    except StoreError as exc:
        problem = _patient_file_problem(exc, database, listed or name)
        raise ResultsError(f"the results could not be saved: {problem}") from None
    if older:
        made, before = moments_apart(opened.created_at, latest)  # seconds when needed
        made = "moments" if made == before else f"on {made},"
        warnings += (f"This file was made {made} before the latest results already "
                     f"imported from {listed or name} ({before}): sessions already here "
                     "were kept as they are, and only new ones were added.",)
    return ResultsImport(patient, fingerprint(opened.sender_key), database, counts,
                         opened.period, warnings)


def _patient_file_problem(error: StoreError, database: Path, name: str) -> str:
    """``error`` in words for a therapist importing results. The store's advice to
    "choose another --data-dir" is for the data folder's own database; when the file it
    names is the patient's (under patients/), another data folder is no help: say whose
    file it is and what to do."""
    if str(database) not in error.reason or "--data-dir" not in (error.advice or ""):
        return str(error)
    if error.advice.startswith("move it away"):  # not a database, or another program's
        return (f"{error.reason}; it is the file of results already imported from {name}, "
                "and it is damaged: restore it from a backup, or move it away and import "
                "their results again")
    return f"{error.reason}; {error.advice.replace(' or choose another --data-dir', '')}"
