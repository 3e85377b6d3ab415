"""A therapist's own set, saved and exported: which version each save and each pack gets.

The set builder (``painease.ui.therapist.set_builder``) edits a set; this module decides,
without Qt, what is stored and what is sent.

Contract
--------
* ``version_to_store(programs, program, set_id, unsent=None)`` is ``program`` as it should
  be stored in ``programs`` (a ``ProgramStore``). A set never stored (``set_id`` None) gets
  a new id and version 1. A stored set whose own fields (title, therapist name, items)
  changed since it was stored gets the next version, so the patient's import sees an
  update; an unchanged one keeps the stored version. A version is used up only when it
  leaves as a pack (or a set file, which ``pack build`` may pack anywhere): ``unsent`` is
  the stored version when the caller knows it has not (the set builder made it and wrote
  neither since), and a changed set then keeps it (an export refused for a clip too loud
  once made the first pack ever sent "version 2"). Nothing is written.
* ``signer_for(program)`` is this install's key (``load_or_create_identity``), to sign
  ``program`` with. Its recorded name (``therapist init --name``, ``identity --name``)
  must be the set's therapist's, as names are compared on a patient's side
  (``therapist_key_name``): a set naming someone else would show the patient one key under
  two names, so ``KeyNameDiffers`` (holding both names) is raised and nothing is
  renamed. A key with no name yet is given the set's. ``pack build`` and the set builder
  both sign with it, each saying the fixes its own way.
* ``export_set(program, programs, out, catalog, revised)`` writes the set (already stored)
  as a signed pack at ``out`` with ``signer_for(program)`` and returns
  ``Exported(path, program, note, told)``. When a pack of this set was made here before
  (``painease.packs.sent``) with a higher version, or with the same version but other
  content (its scripts or recordings changed: a save compares only the set's own fields),
  the set is stored again with the next version, ``revised(program)`` is told, and the
  pack is written again; ``note`` then says why, in words for the therapist (": version
  2 was exported already", ": the session “Calm corner” changed since version 2 was
  exported"). The pack made is remembered with ``record_sent``; ``told`` is what it said
  ("" once noted; else what happened to the record, in sentences): the pack stands
  either way.
  Raises ``KeyNameDiffers``, ``PackError``, ``IdentityError``, ``StoreError`` or
  ``OSError`` when no pack was written (a version already stored again stays stored).

The caller's thread, with the ``ProgramStore``'s thread rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from painease.catalog import Catalog
from painease.domain.programs import Program
from painease.storage.programs import ProgramStore

if TYPE_CHECKING:  # (the signing library is loaded when a pack is made, not before)
    from painease.packs.identity import Identity


class KeyNameDiffers(Exception):
    """The set names a therapist other than the name recorded with this install's key."""

    def __init__(self, set_name: str, key_name: str):
        super().__init__(f"the set names the therapist “{set_name}”, but this install's key "
                         f"is recorded for “{key_name}”")
        self.set_name, self.key_name = set_name, key_name


@dataclass(frozen=True)
class Exported:
    path: Path
    program: Program  # as packed: its version may be higher than the one handed in
    note: str  # "" or ": why the version went up"
    told: str  # "" or what happened to the record of packs made (``record_sent``)


def version_to_store(programs: ProgramStore, program: Program, set_id: str | None,
                     unsent: int | None = None) -> Program:
    """``program`` with the id and version it is stored under (see the module docstring)."""
    if set_id is None:
        return replace(program, id=str(uuid.uuid4()), version=1)  # a new set
    try:
        stored = programs.program(set_id).program
    except ValueError:
        return program
    if _content(stored) != _content(program) and stored.version != unsent:
        return stored.revised(title=program.title, items=program.items,
                              therapist_name=program.therapist_name)
    return replace(program, version=stored.version)


def export_set(program: Program, programs: ProgramStore, out: Path, catalog: Catalog,
               revised: Callable[[Program], None]) -> Exported:
    """Write the stored ``program`` as a signed pack at ``out`` (see the module docstring)."""
    from painease.packs.pack import build_pack
    from painease.packs.sent import last_sent, record_sent

    note = ""
    identity = signer_for(program)
    path = build_pack(program, identity, out, catalog)
    content, parts = _digests(path)
    sent = last_sent(program.id)
    if sent is not None and sent.version >= program.version and (
            sent.version > program.version or sent.content != content):
        # Its scripts or recordings changed since that pack (a save compares only the
        # set's own fields): the next version, or the patient's copy stays as it was.
        note = (f": version {sent.version} was exported already"
                if sent.version > program.version else _changed_note(sent, parts, catalog))
        program = replace(program, version=sent.version + 1)
        programs.save_program(program, origin="own")
        revised(program)
        path = build_pack(program, identity, out, catalog)
        content, parts = _digests(path)
    told = record_sent(program.id, program.version, content, parts)
    return Exported(path, program, note, told)


def signer_for(program: Program) -> Identity:
    """This install's key, to sign ``program`` with; ``KeyNameDiffers`` when its recorded
    name is another therapist's (module doc)."""
    from painease.packs.identity import load_or_create_identity
    from painease.storage.programs import therapist_key_name

    me = load_or_create_identity()
    if not me.name:
        return load_or_create_identity(name=program.therapist_name)
    if therapist_key_name(me.name) != therapist_key_name(program.therapist_name):
        raise KeyNameDiffers(program.therapist_shown, me.name)
    return me


def _changed_note(sent, parts: dict, catalog: Catalog) -> str:
    """Why an export of the same version got the next one, naming the sessions that
    changed ("the session “Calm corner”") when the record of the last export can."""
    from painease.packs.sent import changed_since

    titles = {script_id: entry.script.title for script_id, entry in catalog.entries.items()}
    what = changed_since(sent, parts, titles)
    if what:
        return f": {what} since version {sent.version} was exported"
    return (f": its sessions changed since version {sent.version} was exported; which "
            "ones cannot be told, as that export was noted by an older painease")


def _digests(path: Path) -> tuple[str, dict]:
    """The content digest and part digests of the pack just written to ``path``."""
    from painease.packs.pack import content_digest, part_digests, read_manifest

    manifest = read_manifest(path) or {}
    return content_digest(manifest), part_digests(manifest)


def _content(program: Program) -> dict:
    data = program.to_dict()
    data.pop("version")
    return data
