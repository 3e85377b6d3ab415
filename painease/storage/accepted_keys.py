"""A schema step (``painease.storage.migrations``): the sets of a therapist whose new key
the patient accepted before painease put that key on record for all their sets.

Contract
--------
``sets_take_the_accepted_key(conn)`` runs inside the migration's transaction and changes
only ``programs.signer_key``. Accepting a therapist's new key once only re-pinned it
(``ProgramStore.pin_key`` now takes ``replaces``): the therapist's other sets, and the set
itself when its pack was a copy already here, kept the old key on record. Home named the
old fingerprint, results for the new key left those sets out, and the new key's packs
could not share scripts with the old key's folders.

An imported set takes the key pinned for its therapist when all of these hold:

* a key is pinned for the name as it reads (``look_alike_key``, as the pins are found),
  and the set's signer is another key;
* the set's name and the pin's name are the same letters, case and spacing aside (the
  rule pins were matched by before look-alike letters counted). A name that only reads
  the same ("Dr. Аna" with a Cyrillic А) belonged to a pin of its own then, and the step
  that merged look-alike pins kept the first one trusted: such a set may be another
  person's, so it keeps its key.

The old code left a set on a key other than its therapist's pin in one other way: an
import killed between saving a set and pinning its key (fixed before this step), followed
by a pack for another set under the same name signed by another key, which was then
pinned as a new therapist's key without asking. Nothing in the file tells that apart from
an accepted key (past pins are not kept); it needs a kill in that narrow window, and the
patient then trusted the later key under that very name, so it is treated the same way.
"""

from __future__ import annotations

import sqlite3


def sets_take_the_accepted_key(conn: sqlite3.Connection) -> None:
    """Put each such set on record as signed by its therapist's pinned key (module doc)."""
    from painease.domain.shown_text import look_alike_key

    pins = {therapist: (name, key) for therapist, name, key in conn.execute(
        "SELECT therapist, therapist_name, public_key FROM pinned_keys")}
    rows = conn.execute("SELECT id, therapist_name, signer_key FROM programs"
                        " WHERE origin = 'imported' AND signer_key IS NOT NULL").fetchall()
    changes = []
    for set_id, name, key in rows:
        pinned_name, pinned = pins.get(look_alike_key(name), (None, None))
        if pinned is not None and pinned != key and _letters(pinned_name) == _letters(name):
            changes.append((pinned, set_id))
    conn.executemany("UPDATE programs SET signer_key = ? WHERE id = ?", changes)


def _letters(name: str) -> str:
    """A name with case and spacing ignored, nothing else (module doc)."""
    return " ".join(name.split()).casefold()
