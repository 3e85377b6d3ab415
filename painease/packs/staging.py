"""The packs folder's housekeeping, light enough for a window's start: imports take turns
(``packs_lock``), and what a killed import left is put right (``recover``,
``recover_if_free``). No heavy imports here (no keys, no catalog): the start-up worker runs
``recover_if_free`` before it loads the catalog."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from painease.files import held_lock


def recover(packs_dir: Path) -> None:
    """Finish what a killed import left: a pack folder moved aside but not replaced is put
    back (its set is still in the database), half-written folders are removed."""
    if not packs_dir.is_dir():
        return
    for leftover in packs_dir.glob(".replaced-*"):
        final = packs_dir / leftover.name.removeprefix(".replaced-")
        if final.exists():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            os.replace(leftover, final)
    for leftover in packs_dir.glob(".incoming-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def packs_lock(packs_dir: Path, wait: bool = True) -> held_lock:
    """Hold the packs folder's lock (``<packs>/.lock``) while an import writes there,
    waiting for another import to finish; with ``wait=False``, ``held`` says whether it
    was free (see ``painease.files.held_lock``)."""
    packs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return held_lock(packs_dir / ".lock", wait)


def recover_if_free(packs_dir: Path) -> None:
    """``recover`` unless an import is writing right now. A window's start runs it: a kill
    between an import's two renames otherwise left the current set's scripts missing
    until the next import."""
    if not packs_dir.is_dir():
        return
    with packs_lock(packs_dir, wait=False) as lock:
        if lock.held:
            recover(packs_dir)
