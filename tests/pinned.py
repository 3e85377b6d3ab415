"""The therapists' keys as this patient's store pinned them from packs, newest first:
(name as it reads, public key hex). Tests address results with it; the app offers whom
results may go to with ``painease.packs.senders.recipients``."""

from __future__ import annotations

from painease.domain.shown_text import one_line
from painease.storage import SessionStore


def therapists(store: SessionStore) -> list[tuple[str, str]]:
    with store.database.guard("read the therapists' keys"):
        rows = store.database.conn.execute(
            "SELECT therapist_name, public_key FROM pinned_keys ORDER BY pinned_at DESC"
        ).fetchall()
    return [(one_line(name), key) for name, key in rows]
