"""Local storage for painease: one SQLite file, forward migrations, CSV export.

No Qt and no network here. ``SessionStore`` is the only way in; see ``store.py`` for the
durability contract and thread rules, ``migrations.py`` for the schema and ``export.py`` for
the CSV files a patient can hand to a therapist.
``instance_lock.py`` keeps a second window off a data dir that one already uses.
"""

from painease.storage.migrations import SCHEMA_VERSION
from painease.storage.store import (
    JournalEntry,
    LiveSample,
    Rating,
    Session,
    SessionStore,
    StoreError,
)

__all__ = [
    "SCHEMA_VERSION",
    "JournalEntry",
    "LiveSample",
    "Rating",
    "Session",
    "SessionStore",
    "StoreError",
    "export_csv",
]


def __getattr__(name: str):
    # The CSV writer (csv, tempfile…) loads only when an export is asked for; the window
    # imports this package at start-up.
    if name == "export_csv":
        from painease.storage.export import export_csv

        return export_csv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
