"""What ``painease.packs.install`` checks of a pack before it writes it: the set here it
is a version of (``set_here``: refused when that set cannot be read), whether it was
signed after the copy installed (``_made_after``), whether its scripts take the ids of
scripts that are not its signer's (``_check_clashes``, with ``keys_on_record``), and which
key signed a pack folder already here (``_pack_signer``).
"""

from __future__ import annotations

from pathlib import Path

from painease.catalog import Catalog
from painease.domain.programs import Program
from painease.domain.shown_text import one_line
from painease.packs.pack import PUBLIC_KEY, PackError, read_manifest
from painease.packs.verify import VerifiedPack
from painease.storage.programs import ProgramStore, StoredProgram
from painease.storage.store import SessionStore


def set_here(store: SessionStore, program: Program) -> StoredProgram | None:
    """The saved set ``program`` is a version of, None when there is none. Only that set
    is read: another one that cannot be read does not stop the import. When this one
    cannot be read (a value in it edited or damaged: an ``UnreadableValue``), a
    ``PackError`` names it, by its title here (else the pack's), says where, and what to
    do; nothing is written (``painease.packs.install``'s module doc says why)."""
    from painease.storage.set_rows import by_title, shown_title
    from painease.storage.stored_values import UnreadableValue

    try:
        return ProgramStore(store).program(program.id)
    except ValueError:  # no such set here
        return None
    except UnreadableValue as problem:
        title = shown_title(store.database, program.id) or one_line(program.title)
        detail = by_title(store.database, problem).detail
        raise PackError(
            f"your set “{title}” is already here, but part of it cannot be read ({detail}), "
            "so this pack was not imported and nothing was changed; your sessions and "
            "ratings are kept. Please ask your therapist, or whoever helps you with your "
            "computer, to look at that set with you, then import this pack again") from None


def keys_on_record(store: SessionStore) -> dict[str, object]:
    """Each saved set's id and the key on record for it (``signer_key``) as stored, for
    ``_check_clashes``: no other value is read, so a set that cannot be read is asked too."""
    with store.database.guard("read the sets"):
        return dict(store.database.conn.execute("SELECT id, signer_key FROM programs"))


def _made_after(new: dict, installed: dict) -> bool:
    """Whether pack manifest ``new`` was signed after ``installed`` (both ``created_at``,
    signed with the rest); unreadable times are never "after"."""
    from datetime import datetime

    try:
        made, before = (datetime.fromisoformat(str(m.get("created_at")))
                        for m in (new, installed))
        return made > before
    except (ValueError, TypeError):
        return False


def _check_clashes(pack: VerifiedPack, catalog: Catalog, final: Path,
                   signers: set[str | None], on_record: dict[str, str | None]) -> None:
    """An included script may not take the id of a user script, nor of a script from
    another therapist's pack; packs signed by the same key may share scripts. A pack
    folder's key is the one on record for its set (``on_record``: set id -> signer key),
    which a new key accepted takes over; its ``therapist.pub`` only for a folder of no
    saved set. Said with titles: the patient reads it, and the therapist knows their
    scripts by title too."""
    for script_id in pack.included_scripts:
        other = catalog.entries.get(script_id)
        if other is None or other.path.resolve().is_relative_to(final.resolve()):
            continue
        folder = other.path.parent.parent
        if other.origin == "pack" and (on_record.get(folder.name)
                                       or _pack_signer(folder)) in signers:
            continue
        if other.origin == "pack":
            from_whom = (read_manifest(folder) or {}).get("therapist_name")
            shown = one_line(from_whom) if isinstance(from_whom, str) else ""
            where = f"from another therapist's pack ({shown or folder})"
            mine = ""
        else:
            where, mine = f"({other.path})", "rename yours, or "
        raise PackError(
            f"the pack's session “{pack.script_titles[script_id]}” has the same id as "
            f"{'your own' if other.origin != 'pack' else 'the'} session "
            f"“{other.script.title}” {where}; {mine}ask {pack.program.therapist_shown} for "
            "a copy with that session renamed")


def _pack_signer(folder: Path) -> str | None:
    from painease.files import read_whole

    try:  # 64 hex digits; a pipe there is refused (OSError), not waited on
        return read_whole(folder / PUBLIC_KEY, 1024, "a key holds").decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
