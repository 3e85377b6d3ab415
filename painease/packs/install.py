"""Importing a pack on the patient's side: trust the signer, then write it all or nothing.

Contract
--------
``import_pack(path, store)`` = ``read_and_verify`` + ``install_pack`` (which leaves closing
the pack to its caller), the pack closed after. It returns an ``ImportResult``, ``status``:

* ``'new'`` / ``'updated'`` — written: the pack's files under
  ``<data>/packs/<pack-id>/`` (``scripts/``, ``audio/``, manifest, signature, key; the
  catalog finds the scripts there) and the set in the database, made the current set.
  The signer's key is pinned for that therapist name on first import.
* ``'same'`` (this version, with the same content, is already here, every installed file
  as signed: ``installed_as_signed``) or ``'older'`` (a newer version is) — nothing
  written: importing the same pack again is a no-op.
* ``'repaired'`` — this version with the same content, but its installed folder is not
  as signed (a file missing, emptied, changed or added, a link in a file's place, the
  folder deleted): Home asks the patient to import the pack again, and this is that. The
  folder is written again from the pack and the set made current; its progress is kept
  (start day, sessions and ratings: the saved set is left as it is). Only when the
  installed manifest is gone too and the pack's set differs from the saved one (which
  copy came later cannot be told) is the set replaced, as for a pack sent again with
  changes.
* The same version with other content (``pack.content_digest``: the set, its scripts and
  clips; a therapist re-sent it without raising the version) is ``'updated'`` — files and
  set replaced, ``changes`` naming what changed for the patient ("the set", "the session
  “<title>”") — when it
  was signed after the installed one (``created_at``), and ``'older'`` (``detail`` says
  "an earlier copy of the same version") when not: a replayed earlier pack never replaces
  a later one.
* ``'key_changed'`` — nothing written: the pack claims a therapist (or a set) whose pinned
  key is a different one, a name that reads the same counting as theirs
  (``painease.packs.trust``; ``pinned_name`` then names it). ``warnings`` holds a loud
  message with both fingerprints (and both names); the UI must ask the patient, and only
  ``accept_new_key=True`` installs it and re-pins the key.
  Written so, ``warnings`` says the key was accepted (not its fingerprint: callers name
  the signer's once). A pack so accepted whose set is already here (``'same'``,
  ``'older'``) leaves the set as it is, but its key is taken all the same
  (``key_accepted``; the message says so, and ``warnings`` is empty): the patient agreed
  to trust it, and the old key would only ask them again at the next pack.
  Taken means on record everywhere the old key was, in one transaction with the pin: every
  set of that therapist's the old key signed now names the new one (Home's fingerprint,
  results for the new key, and the clash check, which asks the record before a folder's
  ``therapist.pub``, so the new key's packs may share scripts with the old key's folders).
  A ``'same'`` pack's signed files (manifest, signature, key) also replace the old key's
  in its folder, written as any import's are (the set kept, its progress too, and not
  made current); an ``'older'`` one writes no files: its copy is not the one installed.
  The therapist's other sets keep the old key's signed files in their folders: only the
  therapist can sign the new key's copy. Nothing takes those files as trust: the pin and
  the record decide every question of whose key (a later pack from the old key is asked
  about), the clash check asks the record first, and the rest read a folder's manifest
  only for what it delivers (``installed_as_signed``, recovery), when it was signed (the
  catalog's order) or the names in it. The next copy of such a set from the key on
  record (``'same'``) writes its signed files in place of the other key's, as above, so
  the folder comes to say what the record does; killed part way, recovery keeps either
  copy (both deliver the saved set), and the record was right all along.

Only the pack's own set is read: another set that cannot be read (a value in it edited or
damaged outside painease) is left exactly as it is, and the pack is imported. A pack for a
set here that cannot be read is refused (``PackError``, naming it and what to do), not
written over it: the values that decide what a pack may replace (its version; the key on
record for it when no key is pinned for its name) may be the ones that cannot be read, and
its start day, which no pack carries, would stay unreadable or have to be made up, moving
the patient's planned days. Nothing is written; the set and its sessions stay as they are.

A pack that fails any check raises ``PackError`` before anything is written (the data dir
is left exactly as it was). Files are written to a temp folder beside the final one and
renamed into place; the set (with the signer's key pinned, in one transaction) is saved
after, and a failed save puts the old folder back. If the process is killed in between,
whatever reads the packs next (the catalog, or an import) finishes it by the database
(``painease.storage.pack_folders``): the files end as the saved set's, old or new.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from painease.catalog import Catalog, load_catalog
from painease.domain.programs import Program
from painease.packs.identity import fingerprint
from painease.packs.install_checks import (
    _check_clashes,
    _made_after,
    _pack_signer,
    keys_on_record,
    set_here,
)
from painease.packs.installed import installed_as_signed, installed_entry
from painease.packs.pack import (
    PackError,
    changed_parts,
    content_digest,
    joined,
    read_manifest,
)
from painease.packs.trust import key_warning, trust_check
from painease.packs.verify import VerifiedPack, read_and_verify
from painease.storage.pack_folders import (
    ABSENT,
    REPLACED,
    packs_lock,
    recover,
    saved_set_check,
)
from painease.storage.pack_folders import recover_if_free as recover_if_free
from painease.storage.programs import ProgramStore
from painease.storage.store import SessionStore


@dataclass(frozen=True)
class ImportResult:
    status: str  # 'new' | 'updated' | 'repaired' | 'same' | 'older' | 'key_changed'
    program: Program
    signer_key: str
    signer_fingerprint: str
    pinned_fingerprint: str | None  # the key trusted before, when it differs from the signer
    pinned_name: str = ""  # … when pinned under another name that reads the same ("Dr. Lee")
    warnings: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # a same version sent again: what changed, by title
    moves: tuple[str, ...] = ()  # … and the sessions it added or removed (``Changes.moves``)
    detail: str = ""  # 'older': "an earlier copy of the same version" when it is one
    # The set's title here before: 'updated' says it when the update changed it, 'older'
    # names the set here by it (not the older pack's own).
    previous_title: str = ""
    new_signer: bool = False  # written, and its key trusted here for the first time
    key_accepted: bool = False  # the patient accepted the signer's new key, now pinned
    adopted: str = ""  # sets found again first (``painease.packs.adopt``), for the patient

    @property
    def check_text(self) -> str:
        """For a key trusted here for the first time, what to check and with whom (the
        fingerprint is the one ``therapist init`` shows the therapist); "" otherwise."""
        if not (self.written and self.new_signer):
            return ""
        name = self.program.therapist_shown
        return (f"This is the first pack signed with this key. Please check with {name} that "
                "this fingerprint is the same as theirs: they can read theirs out to you, "
                "for example over the phone. If it is not the same, tell them before you use "
                "this set.")

    @property
    def written(self) -> bool:
        return self.status in ("new", "updated", "repaired")

    @property
    def message(self) -> str:
        p = self.program
        what = f"“{p.title}” (version {p.version}) from {p.therapist_shown}"
        updated = f"updated to {what}"
        if self.previous_title and self.previous_title != p.title:  # say which set it was
            updated = (f"updated “{self.previous_title}” to version {p.version} from "
                       f"{p.therapist_shown}, now called “{p.title}”")
        repaired = (f"repaired {what}: some of its files on this computer were missing or "
                    "changed, and are now as sent")
        if self.changes or self.moves:
            said = (f"changes to {joined(self.changes)}" if self.changes else "changes") + (
                f" ({joined(self.moves)})" if self.moves else "")
            updated += f", sent again with {said}"
            repaired += f", with {said}"
        # Nothing written; with a new key accepted, the key is taken all the same. Its
        # fingerprint is not named here: the CLI and Home name the signer's after this.
        unchanged = "nothing changed"
        if self.key_accepted:
            unchanged = ("the set is as it was, and the new key you accepted is now the one "
                         f"trusted for {p.therapist_shown}")
        older = (f"this is {self.detail}: a newer one" if self.detail
                 else "a newer version") + (f" of “{self.previous_title or p.title}” is "
                                            f"already here; {unchanged}")
        return {
            "new": f"added {what}",
            "updated": updated,
            "same": f"{what} is already here; {unchanged}",
            "repaired": repaired + "; your sessions and progress are kept",
            "older": older,
            "key_changed": f"not imported: {what} is signed by a different key than before",
        }[self.status]


def import_pack(path: Path, store: SessionStore, accept_new_key: bool = False,
                today: date | None = None, catalog: Catalog | None = None) -> ImportResult:
    catalog = catalog if catalog is not None else load_catalog()
    from painease.packs.adopt import install_adopting

    with read_and_verify(path, catalog) as pack:  # closed however the install ends
        return install_adopting(pack, store, accept_new_key, today, catalog)


def install_pack(pack: VerifiedPack, store: SessionStore, accept_new_key: bool = False,
                 today: date | None = None, catalog: Catalog | None = None,
                 packs_dir: Path | None = None) -> ImportResult:
    """Trust check, version check, then files and set written atomically (module doc)."""
    sets = ProgramStore(store)
    program, signer = pack.program, pack.signer_key
    existing = set_here(store, program)  # only this set is read (module doc)
    # Every pin whose name reads the same counts ("Dr Lee" after "Dr. Lee"): packs.trust.
    trust = trust_check(sets, program.therapist_name, signer,
                        existing.signer_key if existing else None)
    pinned, trusted_before, changed = trust.pinned, trust.trusted_before, trust.changed
    replaces = trust.replaces  # accepted, the signer takes over from these (module doc)
    new_signer = sets.pinned_since(signer) is None  # no pack with this key was taken before
    result = dict(program=program, signer_key=signer, signer_fingerprint=fingerprint(signer),
                  pinned_fingerprint=fingerprint(trusted_before) if changed else None,
                  pinned_name=trust.trusted_name if changed else "")
    if changed and not accept_new_key:
        warning = key_warning(program.therapist_shown, signer, trust)
        return ImportResult("key_changed", warnings=(warning,), **result)
    if packs_dir is None:
        from painease import paths

        packs_dir = paths.packs_dir()
    final = packs_dir / program.id
    changes: tuple[str, ...] = ()
    moves: tuple[str, ...] = ()
    repair = rekey = False
    if existing is not None and existing.program.version > program.version:
        return _unchanged("older", sets, replaces,
                          dict(result, previous_title=existing.program.title))
    if existing is not None and existing.program.version == program.version:
        installed = read_manifest(final)
        if installed is None or content_digest(installed) == pack.content_digest:
            if not installed_as_signed(final, pack):
                repair = True  # files missing or changed here: written again (module doc)
            elif changed or _pack_signer(final) != signer:
                rekey = True  # the new key's copy, in place of the old key's (module doc)
            else:
                return _unchanged("same", sets, (), result)
            if repair and existing.program != program:  # no manifest to say which is later
                changes = ("the set",)
        elif not _made_after(pack.manifest, installed):  # a replayed earlier copy
            return _unchanged("older", sets, replaces,
                              dict(result, detail="an earlier copy of the same version",
                                   previous_title=existing.program.title))
        else:
            catalog = catalog if catalog is not None else load_catalog()
            # A session removed is named as the catalog knows it (it is not in the pack).
            titles = {i: e.script.title for i, e in catalog.entries.items()}
            titles.update(pack.script_titles)
            differ = changed_parts(installed, pack.manifest)
            changes, moves = differ.words(titles), differ.moves(titles)
    signers = {signer, trusted_before} if changed else {signer}  # accepted: same person
    _check_clashes(pack, catalog if catalog is not None else load_catalog(), final, signers,
                   keys_on_record(store))
    try:
        # Only now (a refused pack must not write anything), and one import at a time:
        # another's recover() would take this one's half-written folder for a leftover.
        with packs_lock(packs_dir):
            recover(packs_dir, saved_set_check(store))
            staged = _stage(pack, packs_dir)
            return _put_in_place(pack, staged, final, sets, Written(
                signer, pinned, replaces, today, repair, rekey), dict(
                    result, changes=changes, moves=moves, new_signer=new_signer,
                    previous_title=existing.program.title if existing else ""))
    except OSError as exc:  # a full disk, a folder that cannot be written: said, not raised
        raise PackError(f"its files could not be written in {packs_dir} "
                        f"({exc.strerror or exc}); nothing was imported") from None


@dataclass(frozen=True)
class Written:
    """How ``_put_in_place`` saves a pack's set: its signer, the key pinned before, the
    keys the signer takes over from (accepted: module doc), the day it is made current,
    and whether the files are a repair or only the new key's copy of the set here."""

    signer: str
    pinned: str | None
    replaces: tuple[str, ...]
    today: date | None
    repair: bool
    rekey: bool


def _put_in_place(pack: VerifiedPack, staged: Path, final: Path, sets: ProgramStore,
                  how: Written, result: dict) -> ImportResult:
    """Rename the staged folder into place (the old one moved aside, or a mark left that
    there was none) and save the set; a failed save puts the old folder back. The save is
    the moment the import happened: ``pack_folders.recover`` finishes a killed one by it.
    The pin and the new key's record go in the save's transaction: killed before it, the
    old key is still the one on record for every set (and a 'same' folder holding the new
    key's copy is checked by that record), never some sets on one key and some on the
    other."""
    program, packs_dir, signer = pack.program, final.parent, how.signer
    replaced = packs_dir / f"{REPLACED}{program.id}"
    absent = packs_dir / f"{ABSENT}{program.id}"
    try:
        try:
            if final.exists():
                os.replace(final, replaced)
            else:
                absent.touch()
            os.replace(staged, final)
        except OSError as exc:
            if replaced.exists() and not final.exists():
                os.replace(replaced, final)
            raise PackError(f"its files could not be put in place in {packs_dir} "
                            f"({exc.strerror or exc}); nothing was imported") from None
        try:
            # The key is pinned with the set, in one transaction: a kill between the two
            # once left a first pack's therapist with no key pinned.
            status = sets.save_program(program, origin="imported", signer_key=signer,
                                       activate=not how.rekey, today=how.today,
                                       resent=bool(result["changes"]),
                                       pin_signer=how.pinned != signer,
                                       replaces=how.replaces)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            if replaced.exists():
                os.replace(replaced, final)
            raise
    finally:
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(replaced, ignore_errors=True)
        absent.unlink(missing_ok=True)
    status = "repaired" if how.repair else status
    accepted = bool(how.replaces)
    warnings = (_accepted_warning(program),) if accepted and status != "same" else ()
    return ImportResult(status, warnings=warnings, key_accepted=accepted, **result)


def _unchanged(status: str, sets: ProgramStore, replaces: tuple[str, ...],
               result: dict) -> ImportResult:
    """A pack whose set is already here (``'same'``, ``'older'``): no files written. When
    the patient accepted its signer's new key, the key is pinned all the same, in place of
    ``replaces`` (module doc): they agreed to trust it, and leaving the old one would ask
    them again at the next pack."""
    if not replaces:
        return ImportResult(status, **result)
    program, signer = result["program"], result["signer_key"]
    sets.pin_key(program.therapist_name, signer, replaces=replaces)
    return ImportResult(status, key_accepted=True, **result)  # the message says it


def _accepted_warning(program: Program) -> str:
    """Said beside a written pack's message, which does not say the key was accepted.
    Not the fingerprint: the CLI and Home name the signer's once, after the message."""
    return f"You accepted a new key for {program.therapist_shown}."


def _stage(pack: VerifiedPack, packs_dir: Path) -> Path:
    """Write every file to a fresh hidden folder beside the final one, fsynced: read again
    from the pack a piece at a time, each checked against the hash it was verified with
    (a pack rewritten meanwhile is ``PackError``, the folder removed)."""
    from painease.packs.members import Changed

    packs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged = packs_dir / f".incoming-{uuid.uuid4().hex}"
    staged.mkdir(mode=0o700)
    root = staged.resolve()
    try:
        for name, member in pack.files.items():
            if not installed_entry(name):
                continue
            target = (staged / name).resolve()
            if not target.is_relative_to(root):  # safezip refused such names already
                raise PackError(f"unsafe pack: {name} would be written outside the pack")
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                for chunk in member.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(exc, Changed):
            raise PackError(f"the pack file changed while it was being imported ({exc}); "
                            "nothing was imported; import it again") from None
        raise
    return staged
