"""At every start, on the start-up worker: pack folders whose set the database lacks.

``adopted_at_start()`` is the start's light check before the catalog loads (the adopted
sets' scripts are theirs), and of ``painease scripts``, ``fit`` and ``render`` before they
read the scripts (``painease.commands._catalog``): the packs folder listed and the saved
sets' ids read; only when a folder has no set does ``painease.packs.adopt`` (and with it
PyNaCl) load. Kept out of ``painease.ui.app`` so the window's module stays small; imports
nothing at module level (but ``typing``). The app's worker hands on the store it
prepared, so the database is opened once at start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.storage import SessionStore


def adopted_at_start(store: SessionStore | None = None) -> str:
    """Add back the sets whose pack folders are here but which the database lacks (it was
    replaced after it was damaged: ``painease.packs.adopt``); what to tell the patient, or
    "". Light when there is nothing to adopt (every start with packs): the folder listed,
    the saved sets' ids read; the packs modules (PyNaCl) load only for a folder to adopt.
    ``store``: an open store of this thread's to read and save on (the start-up worker's,
    which it prepared; it stays open); without one the database is opened, and closed.
    Never stops the start: what fails is tried again at the next one."""
    from painease import paths

    try:
        packs = paths.packs_dir(create=False)
        folders = {p.name for p in packs.iterdir() if p.is_dir() and not p.name.startswith(".")}
        if not folders:
            return ""
        if store is not None:
            return _adopted(store, folders)
        from painease.storage import SessionStore

        with SessionStore.open_default() as own:
            return _adopted(own, folders)
    except Exception:  # noqa: BLE001 - said nowhere: the sets are simply not added yet
        return ""


def _adopted(store: SessionStore, folders: set[str]) -> str:
    with store.database.guard("read the sets"):  # ids only: asked at every start
        saved = {row[0] for row in store.database.conn.execute("SELECT id FROM programs")}
    if folders <= saved:
        return ""
    from painease.packs.adopt import adopt_orphans

    return adopt_orphans(store).message
