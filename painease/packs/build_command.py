"""``painease pack build`` (alias ``pack export``): a set file or saved set, signed into a
pack (``painease.packs.commands`` registers it and calls ``run_pack_build``).

A set file is read whole (a pipe, a folder or a device is said as what it is, never
waited on) and checked completely before anything is signed: every problem is said, each
with the file's name and line where known (``painease.packs.set_file``). The set's
therapist must be the name recorded with this install's key (``_signer_for``). The pack
made is noted (``painease.packs.sent``), with a warning when its version was not raised
over one made before. Fails with ``CommandFailed``, as the other pack commands do.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from painease.packs.commands import CommandFailed


def run_pack_build(args: argparse.Namespace) -> int:
    from painease.domain.programs import ProgramError, past_dates_note
    from painease.packs.identity import IdentityError
    from painease.packs.pack import PackError, build_pack

    source = Path(args.set)
    # Anything at that path is the set file meant (a pipe is said as one, not looked up
    # as a saved set's id).
    from_file = source.suffix == ".toml" or os.path.lexists(source)
    try:
        program = _set_file(source) if from_file else _saved_program(args.set)
        me = _signer_for(program, source if from_file else None)
        out = build_pack(program, me, args.out)
        _note_sent(program, out, source if from_file else None)
    except (ProgramError, PackError, IdentityError) as exc:
        raise CommandFailed(str(exc)) from None
    late = past_dates_note(program, date.today())  # as the set builder notes it
    if late:
        print(f"warning: {late}.", file=sys.stderr)
    items = len(program.items)
    print(f"{out}: “{program.title}” version {program.version}, {items} "
          f"item{'s' if items != 1 else ''}, signed by {me.fingerprint}")
    return 0


def _set_file(source: Path):
    """The set in the set file ``source``; ``CommandFailed`` says why it cannot be read,
    or lists every problem in it, each with the file's name and line where known
    (``painease.packs.set_file``)."""
    from painease.catalog import load_catalog
    from painease.packs.set_file import SetFileError, read_set_file

    try:
        return read_set_file(source, load_catalog())
    except SetFileError as exc:
        problems = exc.problems
        if exc.reason:
            raise CommandFailed(f"cannot read {source}: {exc.reason}") from None
        if len(problems) > 1:
            raise CommandFailed(f"{source}: {len(problems)} problems; no pack was built:\n"
                                + "\n".join(f"  {said}" for said in problems)) from None
        raise CommandFailed(problems[0]) from None


def _signer_for(program, source: Path | None):
    """This install's key, to sign ``program`` with (``set_export.signer_for``: its
    recorded name must be the set's therapist's); ``CommandFailed`` says both names and
    the two fixes when it is not."""
    from painease.packs.set_export import KeyNameDiffers, signer_for

    try:
        return signer_for(program)
    except KeyNameDiffers as exc:
        fix = (f'set therapist = "{exc.key_name}" in {source}' if source is not None
               else f"name the set's therapist “{exc.key_name}” in the Set builder")
        raise CommandFailed(
            f"{source or program.id}: {exc}; patients would see this key under two names. "
            f"To fix it, {fix}; or, if the key's name is the wrong one, change it with: "
            'painease identity --name "…"') from None


def _note_sent(program, out: Path, source: Path | None) -> None:
    """Remember the pack made (``painease.packs.sent``) and warn when its version was not
    raised over one made here before: a patient who has that one keeps it, or takes this
    one as the same version sent again."""
    from painease.packs.pack import content_digest, part_digests, read_manifest
    from painease.packs.sent import changed_since, last_sent, record_sent

    manifest = read_manifest(out) or {}
    content, parts = content_digest(manifest), part_digests(manifest)
    sent = last_sent(program.id)
    higher = (sent.version if sent else 0) + 1

    def fix() -> str:
        return (f"set version = {higher} in {source} and build the pack again." if source
                else "export it from the Set builder, which raises the version.")

    if sent is not None and sent.version > program.version:
        print(f"warning: version {sent.version} of this set was exported already; a patient "
              f"who has it keeps it and will not take this version {program.version}; to "
              "send it, " + fix(), file=sys.stderr)
    elif sent is not None and sent.version == program.version and sent.content != content:
        from painease.catalog import load_catalog

        titles = {script_id: entry.script.title
                  for script_id, entry in load_catalog().entries.items()}
        what = changed_since(sent, parts, titles)
        print(f"warning: version {program.version} of this set was exported before with "
              f"other content{f' ({what})' if what else ''}; a patient who has it "
              "gets this pack as the same version sent again with changes. To tell the two "
              "apart: " + fix(), file=sys.stderr)
    told = record_sent(program.id, program.version, content, parts)
    if told:  # the pack is fine; the record of packs made could not be kept as it should
        print(f"note: {told}", file=sys.stderr)


def _saved_program(program_id: str):
    from painease.storage.programs import ProgramStore
    from painease.storage.store import SessionStore, StoreError

    try:
        with SessionStore.open_default() as store:
            return ProgramStore(store).program(program_id).program
    except ValueError:
        raise CommandFailed(f"{program_id}: no such set file, and no saved set with that id") \
            from None
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
