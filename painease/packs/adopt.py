"""Pack folders with no set in the database, adopted back from their signed files.

When the database is replaced (a damaged one moved away and a new one made), the packs'
folders stay: ``<data>/packs/<pack id>/`` with the signed manifest, signature, key,
scripts and clips, exactly as the import wrote them. Left so, the Library offered their
scripts for sets the patient no longer had, and the clash checks answered from them.
Nothing the patient had should be lost, and the files say everything a set needs, signed:
so each such folder is adopted back.

Contract
--------
``adopt_orphans(store, packs_dir=None, catalog=None, today=None)`` takes the packs lock,
finishes a killed import first (``pack_folders.recover``), then, for every folder
``<id>`` with no set of that id in ``store`` (``orphans``), checks its files as an import
checks a pack (``verify.verify_files``: signature, hashes, set, scripts, clips; only
plain files) and that the set's id is the folder's:

* checked: the set is saved as imported, on record with the key that signed it. Its key
  is pinned for the therapist's name when no key is pinned for that name yet (the newest
  signed folder first, so the key a therapist changed to is the one trusted, as it was
  when they accepted it); a folder signed by another key than the one pinned for its name
  (an older set still in the old key's copy) is adopted on its own key, unpinned: Home
  shows it as its own sender, saying the names read the same, and a later pack from that
  key is asked about. When no set is current (``any_current``: one that cannot be read
  is current all the same), the newest signed one becomes current, starting ``today``
  (the day it started was in the database that was replaced; its sessions were there
  too);
* not checked (a file missing or changed, no manifest, another set's files): moved aside
  to ``<packs>/.not-adopted-<id>`` (hidden: the catalog passes over it), kept, not deleted;
  the Library no longer offers scripts no signed set stands behind, and the patient is
  told that importing the pack again brings the set back.

Returns ``Adopted`` (``message`` for the patient; "" when there was nothing to do). The
app runs it at start, before the catalog is read (``painease.packs.at_start``; so do
``painease scripts``, ``fit`` and ``render``); every import (``install_adopting``: the
app's and the CLI's) before the pack is compared with what is here, so it is compared with
the set its folder holds (an older copy never replaces it). Cheap when there is nothing
to adopt: the folder is listed, and the database asked only when it holds packs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from painease.catalog import Catalog, load_catalog
from painease.packs.install import ImportResult, install_pack
from painease.packs.installed import installed_entry, plain_files
from painease.packs.members import Changed, Member, file_member
from painease.packs.pack import MANIFEST, PackError
from painease.packs.safezip import MAX_ENTRIES, MAX_FILE_BYTES, MAX_TOTAL_BYTES
from painease.packs.verify import VerifiedPack, verify_files
from painease.storage.pack_folders import packs_lock, recover, saved_set_check
from painease.storage.programs import ProgramStore
from painease.storage.store import SessionStore

NOT_ADOPTED = ".not-adopted-"


@dataclass
class Adopted:
    sets: list[str] = field(default_factory=list)  # "“Two weeks” from Dr. Ana Moreno"
    set_aside: list[tuple[str, Path, str]] = field(default_factory=list)  # id, kept as, why
    current: str = ""  # the title of the set made current (none was), else ""

    @property
    def message(self) -> str:
        said = []
        if self.sets:
            said.append("painease found sets whose files were here but which were missing "
                        "from its database (it may have been replaced after it was "
                        f"damaged), and added them back: {'; '.join(self.sets)}.")
            if self.current:
                said.append(f"“{self.current}” is your current set again, starting today.")
        for _set_id, kept, why in self.set_aside:
            said.append(f"The files of a set in {kept.parent} could not be checked ({why}), "
                        "so its sessions are not in your Library. They are kept in "
                        f"{kept}. Importing the pack from your therapist again brings the "
                        "set back.")
        return " ".join(said)


def install_adopting(pack: VerifiedPack, store: SessionStore, accept_new_key: bool = False,
                     today: date | None = None, catalog: Catalog | None = None
                     ) -> ImportResult:
    """``install_pack`` after adopting the pack folders whose set the database lost
    (``painease.packs.adopt``): the pack is then compared with the set its folder holds
    (an older copy never replaces it), and its scripts with the key on record.
    ``ImportResult.adopted`` says what was found again."""
    catalog = catalog if catalog is not None else load_catalog()
    adopted = adopt_orphans(store, catalog=catalog, today=today).message
    if adopted:  # sets added, or folders set aside: their scripts are read again
        catalog = load_catalog()
    result = install_pack(pack, store, accept_new_key, today, catalog)
    return replace(result, adopted=adopted) if adopted else result


def orphans(packs_dir: Path, store: SessionStore) -> list[Path]:
    """The pack folders (not hidden ones: imports being written, folders set aside) whose
    name is the id of no set saved in ``store``."""
    try:
        folders = [d for d in packs_dir.iterdir() if d.is_dir() and not d.name.startswith(".")]
    except OSError:  # no packs folder (or it cannot be read): nothing to adopt
        return []
    if not folders:
        return []
    saved = saved_ids(store)
    return sorted(d for d in folders if d.name not in saved)


def saved_ids(store: SessionStore) -> set[str]:
    """The ids of the sets saved in ``store`` (their items not read: asked at every start)."""
    with store.database.guard("read the sets"):
        return {row[0] for row in store.database.conn.execute("SELECT id FROM programs")}


def any_current(store: SessionStore) -> bool:
    """Whether a set was ever made current in ``store`` (its values not read: one that
    cannot be read, edited outside painease, is current all the same, and an adopted set
    must not be made current over it, nor the import that adopts refused for it)."""
    with store.database.guard("read the sets"):
        return store.database.conn.execute(
            "SELECT 1 FROM programs WHERE activation_seq IS NOT NULL LIMIT 1").fetchone() \
            is not None


def adopt_orphans(store: SessionStore, packs_dir: Path | None = None,
                  catalog: Catalog | None = None, today: date | None = None) -> Adopted:
    """See the module doc."""
    if packs_dir is None:
        from painease import paths

        packs_dir = paths.packs_dir(create=False)
    adopted = Adopted()
    if not orphans(packs_dir, store):
        return adopted
    with packs_lock(packs_dir):
        recover(packs_dir, saved_set_check(store))
        found = orphans(packs_dir, store)
        if not found:
            return adopted
        catalog = catalog if catalog is not None else load_catalog()
        checked: list[VerifiedPack] = []
        for folder in found:
            try:
                pack = verify_files(_folder_files(folder), catalog)
                if pack.program.id != folder.name:
                    raise PackError(f"they are the files of another set ({pack.program.id})")
                checked.append(pack)
            except (PackError, Changed) as exc:
                try:
                    kept = _set_aside(folder)
                except OSError:  # cannot be moved (a read-only folder): left, and said
                    kept = folder
                adopted.set_aside.append((folder.name, kept, str(exc)))
        _save(store, sorted(checked, key=lambda p: p.created_at, reverse=True), today,
              adopted)
    return adopted


def _save(store: SessionStore, newest_first: list[VerifiedPack], today: date | None,
          adopted: Adopted) -> None:
    sets = ProgramStore(store)
    make_current = not any_current(store)
    for pack in newest_first:
        program = pack.program
        pin = sets.pinned_key(program.therapist_name) is None
        sets.save_program(program, origin="imported", signer_key=pack.signer_key,
                          activate=make_current, today=today, pin_signer=pin)
        if make_current:
            adopted.current, make_current = program.title, False
        adopted.sets.append(f"“{program.title}” from {program.therapist_shown}")


def _folder_files(folder: Path) -> dict[str, Member]:
    """An installed pack's files by their names in the pack, measured with a pack's limits
    (``painease.packs.members``: read a piece at a time, and again when checked);
    ``PackError`` for a link in the folder's place, anything but plain files in it (a link,
    a pipe), or a file that cannot be read."""
    if folder.is_symlink():  # what it points to can change under it: never the signed set
        raise PackError("it is a link, not a folder")
    try:
        names = sorted(plain_files(folder))
        if MANIFEST not in names:
            raise PackError("its manifest is missing")
        if len(names) > MAX_ENTRIES or not all(installed_entry(n) for n in names):
            raise PackError("the folder holds files no pack installs")
        files = {n: file_member(folder / n, MAX_FILE_BYTES, "a pack's file holds")
                 for n in names}
    except OSError as exc:
        raise PackError(f"its files cannot be read: {exc.strerror or exc}") from None
    if sum(member.size for member in files.values()) > MAX_TOTAL_BYTES:
        raise PackError("its files are larger than a pack may be")
    return files


def _set_aside(folder: Path) -> Path:
    """Move ``folder`` to a hidden name beside it (kept, not deleted: the catalog passes
    over hidden folders); where it went."""
    name = folder.name
    kept = folder.parent / f"{NOT_ADOPTED}{name}"
    n = 1
    while kept.exists():
        n += 1
        kept = folder.parent / f"{NOT_ADOPTED}{name}-{n}"
    os.replace(folder, kept)
    return kept

