"""The start's work on the database, done on the start-up worker
(``painease.ui.app.StartupLoader``), or on the GUI thread when it needs the store first:
prepare it (``prepare_store``, ``prepared_store``) and, once the catalog is in, the part of
its check the start left out (``late_store_check``). Any thread; each call's connection is
its thread's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.storage import SessionStore, StoreError


def prepare_store() -> tuple[list[int] | None, StoreError | None]:
    """Check the database is whole (a damaged one is a problem: nothing is written to it),
    create or migrate it and mark the sessions the last run died in as interrupted, on a
    connection of this thread's own that is closed again. Returns (the
    ids marked, None), or (None, the ``StoreError`` saying why the store cannot be used)."""
    answer, store = prepared_store()
    if store is not None:
        store.close()
    return answer


def prepared_store() -> tuple[tuple[list[int] | None, StoreError | None],
                              SessionStore | None]:
    """``prepare_store``'s answer and, when it succeeded, the store it prepared, still open
    (the caller closes it, on this thread: the start-up worker reads the saved sets on it)."""
    from painease.storage import SessionStore, StoreError

    store = None
    try:
        # Checked first (storage.health): a damaged file is said, and nothing is marked.
        store = SessionStore.open_default(check=True)
        return (store.mark_interrupted(), None), store
    except Exception as error:  # noqa: BLE001 - said in the window, never a lost thread
        if store is not None:
            store.close()
        return (None, StoreError.from_any(error)), None


def late_store_check() -> StoreError | None:
    """The part of the database's check the start left out (``painease.storage.health``):
    the ``StoreError`` saying the file is damaged, or None."""
    from painease import paths
    from painease.storage.health import late_check

    try:
        return late_check(paths.database_path())
    except Exception:  # noqa: BLE001 - a check that cannot run finds nothing to say
        return None
