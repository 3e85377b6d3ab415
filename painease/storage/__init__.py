"""Local storage for painease: one SQLite file, forward migrations, CSV export.

No Qt and no network here. ``SessionStore`` is the only way in; see ``store.py`` for the
durability contract and thread rules (its reads are in ``store_reads.py``, its insights
part in ``store_insights.py``), ``records.py`` for what its reads return,
``migrations.py`` for the schema and ``export.py`` for the CSV files a patient can hand to
a therapist (``export_set.py``: how they replace the earlier ones as one set).
``database.py`` holds the file: how it is opened and recognised, its errors
(``StoreError``, said as one line in ``store_errors.py``), and its transactions, which
the sets, patients and results stores share (``store.database``); ``stored_values.py``
how a time is stored and how a stored value is read back; ``values.py`` the checks on what
is saved, and ``session_writes.py`` the rows of a session's writes (shared by single and
joint saves).
``instance_lock.py`` keeps a second window off a data dir that one already uses.

The names below load on first use (PEP 562): importing a submodule such as
``instance_lock`` must not bring in ``sqlite3`` (~5 ms), which the window's start-up leaves
to a worker thread (see ``painease.ui.app``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.storage.database import StoreError
    from painease.storage.export import export_csv
    from painease.storage.migrations import SCHEMA_VERSION
    from painease.storage.records import JournalEntry, LiveSample, Rating, Session
    from painease.storage.store import SessionStore

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

_HOME = {"SCHEMA_VERSION": "migrations", "StoreError": "database", "export_csv": "export",
         "JournalEntry": "records", "LiveSample": "records", "Rating": "records",
         "Session": "records"}  # the rest: store


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"painease.storage.{_HOME.get(name, 'store')}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
