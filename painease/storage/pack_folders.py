"""The packs folder (``<data>/packs``) kept in step with the sets saved in the database:
imports take turns (``packs_lock``), and what a killed import left is put right
(``recover``, ``recover_if_free``). Light at the top (no keys, no catalog, no SQLite until
a leftover is found): the catalog runs ``recover_if_free`` when it finds leftovers, before
it reads the packs. Here, below the catalog, rather than with the packs: whatever reads
the packs must be able to put them right.

Contract
--------
An import (``painease.packs.install``) writes a pack's files to ``.incoming-<random>``,
moves the installed folder ``<id>`` aside to ``.replaced-<id>`` (or, when there is none,
leaves an empty ``.absent-<id>`` to say so), renames its folder to ``<id>``, saves the set
in the database, and only then removes ``.replaced-<id>`` / ``.absent-<id>``. The database
save is the moment the import happened. ``recover(packs_dir, saved)`` finishes an import
killed anywhere in between, so the files always agree with the saved set:

* ``<id>`` missing: the import was killed between its renames; the folder moved aside is
  put back (the saved set is still the old one).
* ``<id>`` there, ``saved(<id>)`` True (the database holds the set as that folder's
  manifest delivers it): the save happened; the old folder goes.
* False: it did not; the new folder goes and the old one (if any) is put back, so the
  patient's set and its scripts are the ones before the import, which can be run again.
* None (the database cannot be read now): both are left for a later recovery.

``.incoming-*`` folders are removed. ``saved_set_check(store)`` is the ``saved`` of a
store's database; ``recover_if_free(packs_dir)`` asks the database in the data folder.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from painease.files import held_lock

if TYPE_CHECKING:
    from painease.storage.store import SessionStore

REPLACED, ABSENT, INCOMING = ".replaced-", ".absent-", ".incoming-"
LEFTOVERS = (REPLACED, ABSENT, INCOMING)  # names a killed import leaves in the packs folder
Saved = Callable[[Path], "bool | None"]
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # as ``painease.packs.safezip.MAX_FILE_BYTES``


def recover(packs_dir: Path, saved: Saved) -> None:
    """Finish what a killed import left (module doc). Call with the packs lock held."""
    if not packs_dir.is_dir():
        return
    for leftover in sorted(packs_dir.glob(f"{REPLACED}*")) + sorted(
            packs_dir.glob(f"{ABSENT}*")):
        before = leftover if leftover.name.startswith(REPLACED) else None
        final = packs_dir / leftover.name.removeprefix(REPLACED).removeprefix(ABSENT)
        if final.exists():
            answer = saved(final)
            if answer is None:
                continue
            if not answer:  # never saved: the new folder goes, the old one comes back
                os.replace(final, packs_dir / f"{INCOMING}{uuid.uuid4().hex}")
        if before is not None and not final.exists():
            os.replace(before, final)
        elif before is not None:
            shutil.rmtree(before, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    for leftover in packs_dir.glob(f"{INCOMING}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def saved_set_check(store: SessionStore) -> Saved:
    """``recover``'s ``saved`` for the database of ``store``: whether it holds the set of
    an installed folder's manifest as that manifest delivers it (same id, version, title,
    therapist and items). A folder without a readable manifest or set: False."""
    import json

    from painease.domain.programs import Program
    from painease.files import read_whole
    from painease.storage.database import StoreError
    from painease.storage.programs import ProgramStore

    sets = ProgramStore(store)

    def saved(folder: Path) -> bool | None:
        try:  # installed by an import here: read, not checked again (a pipe is refused)
            manifest = json.loads(read_whole(folder / "manifest.json", MAX_MANIFEST_BYTES,
                                             "a pack's manifest holds").decode("utf-8"))
            program = Program.from_dict(manifest.get("set"))
        except (OSError, ValueError, RecursionError, AttributeError):  # no set there
            return False
        try:
            return sets.program(program.id).program == program
        except ValueError:  # no such set saved
            return False
        except StoreError:
            return None

    return saved


def packs_lock(packs_dir: Path, wait: bool = True) -> held_lock:
    """Hold the packs folder's lock (``<packs>/.lock``) while an import writes there,
    waiting for another import to finish; with ``wait=False``, ``held`` says whether it
    was free (see ``painease.files.held_lock``)."""
    packs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return held_lock(packs_dir / ".lock", wait)


def recover_if_free(packs_dir: Path, database: Path | None = None) -> None:
    """``recover`` unless an import is writing right now, asking the database at
    ``database`` (by default the data folder's) whether each leftover import was saved; a
    database that is not there holds no set. Anything that reads the packs runs it (the
    catalog does): a kill between an import's two renames otherwise left the current set's
    scripts missing, and one after them the new files beside the old set."""
    if not packs_dir.is_dir():
        return
    with packs_lock(packs_dir, wait=False) as lock:
        if not lock.held:
            return
        if database is None:
            from painease import paths

            database = paths.database_path(create=False)
        if not database.exists():
            recover(packs_dir, lambda folder: False)
            return
        from painease.storage.database import StoreError
        from painease.storage.store import SessionStore

        try:
            store = SessionStore(database, read_only_ok=True)
        except StoreError:  # damaged, locked, newer: left as it is for now
            recover(packs_dir, lambda folder: None)
            return
        with store:
            recover(packs_dir, saved_set_check(store))
