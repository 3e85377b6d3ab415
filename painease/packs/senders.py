"""Who a patient's sets came from: one sender per key, for Home and Send results….

Contract
--------
A therapist is their key; the name on a set is what they typed. ``senders(store)`` lists
one ``Sender`` for each key the patient's imported sets are on record with (the key
results carry those sets to: ``export_results`` sends the sets signed by the key it seals
to), sorted by name, then fingerprint:

* sets on one key are one sender whatever the case or spacing of the names on them
  ("Dr Lee", "dr  lee"): the name shown is the newest saved set's. Names on one key that
  read otherwise ("Dr. Ana Moreno", "Ana's practice") are all shown, " / " between them;
* sets on different keys are different senders, even when their names read the same
  (``reads_alike_key``: case, spacing, punctuation and look-alike letters ignored, so
  "Dr. Lee" and "Dr Lee" read the same; a set kept on its own key by a schema step, a
  pack pinned apart, or a database edited). Each such sender's ``look_alikes`` names
  the others' fingerprints, and ``look_alike_text`` says it to the patient;
* a set with no key, or one that is no key (the database was edited), is a sender by its
  name alone, with no key: nothing can be sealed to it;
* a set that cannot be read (a value in it edited or damaged: a ``StoreError``) makes
  ``senders`` raise, unless it is given a list ``unreadable``: the set is then left out,
  and an ``UnreadableSet`` (its id, its title when that can be read, and the problem)
  is added to the list (Home's card says it, and still names the others).

``recipients(store)`` is what Send results… (and ``painease results export``) offers:
every sender with a key, then each key pinned for a therapist whose sets are all gone from
the database (a set removed), by the pin's name. Never offered: a key the patient refused
(a pack "signed by a different key" they did not import: it is kept nowhere), and a key
the patient replaced by accepting a therapist's new one (the pin and every set of theirs
moved to the new key: the old key may be lost or in someone else's hands).
``matching(offered, wanted)`` is how the CLI's ``--therapist`` picks among them: by a name
as it reads, or by fingerprint.

Light: ``hashlib`` fingerprints and the store, no PyNaCl (Home builds its card at start).
"""

from __future__ import annotations

from dataclasses import dataclass

from painease.domain.shown_text import one_line, reads_alike_key
from painease.packs.fingerprints import fingerprint
from painease.storage.programs import ProgramStore, StoredProgram
from painease.storage.set_rows import shown_title
from painease.storage.store import SessionStore
from painease.storage.store_errors import StoreError


@dataclass(frozen=True)
class Sender:
    names: tuple[str, ...]  # as shown, newest saved set's first; one per way they read
    key: str | None  # hex public key on record, None when there is none (or not a key)
    fingerprint: str  # "" without a key
    look_alikes: tuple[str, ...] = ()  # fingerprints of other keys whose names read the same

    @property
    def name(self) -> str:
        """The names on this key's sets, " / " between those that read otherwise."""
        return " / ".join(self.names)

    @property
    def words(self) -> str:
        """"Dr. Ana Moreno (fingerprint a5ef …)", or the name alone without a key."""
        return f"{self.name} (fingerprint {self.fingerprint})" if self.key else self.name

    @property
    def look_alike_text(self) -> str:
        """A plain warning when another key's sets carry a name that reads as this one's;
        "" otherwise."""
        if not self.look_alikes:
            return ""
        others = "; ".join(self.look_alikes)
        many = len(self.look_alikes) > 1
        return (f"{'Other senders go' if many else 'Another sender goes'} by a name that "
                f"reads the same as {self.name}, with a different key (fingerprint"
                f"{'s' * many} {others}). They may not be the same person: ask your "
                "therapist to read their fingerprint to you, and choose the one that "
                "matches.")


def look_alike_note(found: list[Sender]) -> str:
    """Home's line under its senders when some names read the same on different keys;
    "" when none do."""
    if not any(s.look_alikes for s in found):
        return ""
    return ("Some of these names read the same but came with different keys, so they may "
            "not be the same person. If you are unsure which is your therapist's, ask them "
            "to read their fingerprint to you.")


@dataclass(frozen=True)
class UnreadableSet:
    """An imported set ``senders`` left out: it cannot be read (``problem``: why)."""

    set_id: str
    title: str  # "" when the title cannot be read either (or shows nothing)
    problem: StoreError


def senders(store: SessionStore,
            unreadable: list[UnreadableSet] | None = None) -> list[Sender]:
    """See the module doc."""
    names: dict[str | None, list[str]] = {}  # key -> names shown, newest saved set first
    for stored in _imported(store, unreadable):
        key = _valid(stored.signer_key)
        group = key if key is not None else f"\0{reads_alike_key(stored.program.therapist_name)}"
        shown = names.setdefault(group, [])
        name = stored.program.therapist_shown
        if all(reads_alike_key(name) != reads_alike_key(n) for n in shown):
            shown.append(name)
    found = [Sender(tuple(shown), None if group.startswith("\0") else group,
                    "" if group.startswith("\0") else fingerprint(group))
             for group, shown in names.items()]
    return sorted((_with_look_alikes(s, found) for s in found),
                  key=lambda s: (s.name, s.fingerprint))


def _imported(store: SessionStore,
              unreadable: list[UnreadableSet] | None) -> list[StoredProgram]:
    """The imported sets, newest saved first (as ``programs`` lists them); with
    ``unreadable``, one that cannot be read is left out and added there (module doc)."""
    sets = ProgramStore(store)
    if unreadable is None:
        return sets.programs(origin="imported")
    with store.database.guard("read the sets"):
        ids = [row[0] for row in store.database.conn.execute(
            "SELECT id FROM programs WHERE origin = 'imported' ORDER BY saved_at DESC, id")]
    found = []
    for set_id in ids:
        try:
            found.append(sets.program(set_id))
        except StoreError as problem:
            unreadable.append(UnreadableSet(set_id, shown_title(store.database, set_id),
                                            problem))
        except ValueError:  # removed meanwhile
            continue
    return found


def recipients(store: SessionStore) -> list[Sender]:
    """See the module doc."""
    offered = [s for s in senders(store) if s.key]
    keys = {s.key for s in offered}
    with store.database.guard("read the therapists' keys"):
        pins = store.database.conn.execute(
            "SELECT therapist_name, public_key FROM pinned_keys ORDER BY pinned_at DESC"
        ).fetchall()
    for name, key in pins:
        if _valid(key) and key not in keys:
            keys.add(key)
            offered.append(Sender((one_line(name),), key, fingerprint(key)))
    return [_with_look_alikes(s, offered) for s in offered]


def matching(offered: list[Sender], wanted: str) -> list[Sender]:
    """The senders of ``offered`` that ``wanted`` names (``painease results export
    --therapist``): one of their names as it reads (``reads_alike_key``), or their key's
    fingerprint (case and spacing aside)."""
    name = reads_alike_key(wanted)
    digits = "".join(wanted.split()).casefold()
    return [s for s in offered
            if name in {reads_alike_key(n) for n in s.names}
            or (s.key and digits == s.fingerprint.replace(" ", ""))]


def _with_look_alikes(sender: Sender, everyone: list[Sender]) -> Sender:
    mine = {reads_alike_key(n) for n in sender.names}
    others = tuple(sorted({s.fingerprint for s in everyone if s.key and s.key != sender.key
                           and mine & {reads_alike_key(n) for n in s.names}}))
    return Sender(sender.names, sender.key, sender.fingerprint,
                  others if sender.key else ())


def _valid(key: str | None) -> str | None:
    """``key`` when it is a key's 64 hex digits; None otherwise."""
    try:
        return key if key and len(bytes.fromhex(key)) == 32 else None
    except ValueError:
        return None
