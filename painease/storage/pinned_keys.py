"""Pinned therapist keys: which key a patient trusts for each therapist name.

Contract
--------
``pinned_key(therapist_name)`` / ``pin_key(therapist_name, public_key_hex)``; names are
matched as they read (``therapist_key_name``: case, spacing and look-alike letters
aside). ``pinned_since(public_key)``: when a key was first trusted here. ``replaces``
(with ``pin_key`` or ``save_program(pin_signer=True)``): the keys a therapist's new key
takes over from, once the patient accepted it; their sets signed by those keys are put
on record as signed by the new one, in the same transaction as the pin (never one
without the other), and so are the pins of names that read the same (``reads_alike_key``:
punctuation aside too, "Dr. Lee" for "Dr Lee"), which ``packs.trust`` asked about.
Another therapist's sets and pins keep theirs. ``pins_reading_alike(therapist_name)``:
every pin whose name reads the same, worked out from the names stored with the pins.

``PinnedKeys`` holds these methods for ``painease.storage.programs.ProgramStore`` (which
owns the table ``pinned_keys`` with the sets: a pin and the sets it takes over are
written in one transaction); it works on the store's ``_database`` and ``_conn``, same
thread rules, same ``StoreError`` messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from painease.domain.shown_text import look_alike_key, reads_alike_key
from painease.storage.stored_values import db_time, parse_db_time, read_stored


class PinnedKeys:
    """The pinned-key half of ``ProgramStore`` (see the module doc)."""

    def pinned_key(self, therapist_name: str) -> str | None:
        with self._database.guard("read the pinned keys"):
            row = self._conn.execute(
                "SELECT public_key FROM pinned_keys WHERE therapist = ?",
                (therapist_key_name(therapist_name),),
            ).fetchone()
        return (read_stored(_key_hex, row[0], "a key", ("pinned_keys", repr(therapist_name),
                                                        "public_key")) if row else None)

    def pins_reading_alike(self, therapist_name: str) -> list[tuple[str, str, bool]]:
        """The pins whose names read as ``therapist_name`` does (``reads_alike_key``:
        punctuation aside too), as (name as pinned, key, whether it is this name's own pin),
        its own first, then as they were pinned."""
        own, wanted = therapist_key_name(therapist_name), reads_alike_key(therapist_name)
        with self._database.guard("read the pinned keys"):
            rows = self._conn.execute(
                "SELECT therapist, therapist_name, public_key FROM pinned_keys"
                " ORDER BY pinned_at, therapist").fetchall()
        found = [(name, read_stored(_key_hex, key, "a key", ("pinned_keys", repr(name),
                                                              "public_key")), pin == own)
                 for pin, name, key in rows if pin == own or reads_alike_key(name) == wanted]
        return sorted(found, key=lambda row: not row[2])

    def pin_key(self, therapist_name: str, public_key: str,
                replaces: Iterable[str] = ()) -> None:
        """Trust ``public_key`` (hex) for this therapist from now on (replaces a pin); the
        therapist's sets signed by a key in ``replaces`` are on record as signed by it."""
        with self._database.write("the therapist's key"):
            self._pin(therapist_name, public_key, replaces)

    def _pin(self, therapist_name: str, public_key: str, replaces: Iterable[str] = ()) -> None:
        old = set(replaces) - {public_key}
        if old:  # the therapist's new key, accepted: on record for their sets (module doc)
            whose = reads_alike_key(therapist_name)
            rows = self._conn.execute(
                "SELECT id, therapist_name, signer_key FROM programs WHERE origin = 'imported'"
            ).fetchall()
            self._conn.executemany(
                "UPDATE programs SET signer_key = ? WHERE id = ?",
                [(public_key, set_id) for set_id, name, key in rows
                 if key in old and reads_alike_key(name) == whose])
            pins = self._conn.execute("SELECT therapist, therapist_name, public_key"
                                      " FROM pinned_keys").fetchall()
            self._conn.executemany(  # the names that read the same: no other key stays
                "UPDATE pinned_keys SET public_key = ?, pinned_at = ? WHERE therapist = ?",
                [(public_key, db_time(datetime.now(UTC)), pin) for pin, name, key in pins
                 if key in old and reads_alike_key(name) == whose])
        self._conn.execute(
            "INSERT INTO pinned_keys (therapist, therapist_name, public_key, pinned_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (therapist) DO UPDATE SET"
            " therapist_name = excluded.therapist_name,"
            " public_key = excluded.public_key, pinned_at = excluded.pinned_at",
            (therapist_key_name(therapist_name), therapist_name, public_key,
             db_time(datetime.now(UTC))),
        )

    def pinned_since(self, public_key: str) -> datetime | None:
        """When ``public_key`` was first trusted here (its first pack's import), or None."""
        with self._database.guard("read the pinned keys"):
            row = self._conn.execute(
                "SELECT MIN(pinned_at) FROM pinned_keys WHERE public_key = ?", (public_key,)
            ).fetchone()
        return parse_db_time(row[0]) if row and row[0] else None


def therapist_key_name(name: str) -> str:
    """How therapist names are compared for key pinning: as they read (case, spacing and
    look-alike letters ignored: ``look_alike_key``), so a name written to pass for a
    trusted one meets that one's key."""
    return look_alike_key(name)


def _key_hex(text: str) -> str:
    """A stored public key, once it is one (64 hex digits: 32 bytes)."""
    if len(bytes.fromhex(text)) != 32:
        raise ValueError("not 32 bytes")
    return text
