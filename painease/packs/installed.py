"""Whether an installed pack's folder is still as its therapist signed it.

Contract
--------
``installed_as_signed(folder, pack)``: ``folder`` (``<data>/packs/<pack-id>``) holds the
files installing the verified ``pack`` writes there (``installed_entry``) and nothing
else, each a plain file (no link, pipe or device: the catalog would read what it points
to as the therapist's), the scripts and clips byte for byte as in ``pack``. The manifest,
signature and key may be those of another copy with the same content (the same version
signed again, later): the signature must then verify with that key and the manifest
deliver what ``pack`` does (``pack.content_digest``). Any read failure counts as "not as
signed". ``painease.packs.install`` uses it to tell a pack already here from one whose
files were lost or changed, which importing the pack again repairs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nacl.exceptions import CryptoError

from painease.files import read_whole
from painease.packs.identity import IdentityError, verify_key
from painease.packs.members import Changed, Member, file_member
from painease.packs.pack import MANIFEST, PUBLIC_KEY, SIGNATURE, content_digest
from painease.packs.safezip import MAX_FILE_BYTES
from painease.packs.verify import VerifiedPack

SIGNED_PARTS = (MANIFEST, SIGNATURE, PUBLIC_KEY)


def installed_entry(name: str) -> bool:
    """Whether a pack's entry ``name`` is written to its installed folder."""
    return name.startswith(("scripts/", "audio/")) or name in SIGNED_PARTS


def installed_as_signed(folder: Path, pack: VerifiedPack) -> bool:
    """See the module doc."""
    wanted = {name: member for name, member in pack.files.items() if installed_entry(name)}
    try:
        if folder.is_symlink() or plain_files(folder) != set(wanted):
            return False
        # A script or clip is compared by its hash, read a piece at a time; it may not be
        # longer than signed. Another copy's manifest may be longer.
        for name, member in wanted.items():
            if name not in SIGNED_PARTS and not _same(folder / name, member):
                return False
        here = {name: read_whole(folder / name, MAX_FILE_BYTES, "the signed file holds")
                for name in SIGNED_PARTS}
        signed = {name: wanted[name].read() for name in SIGNED_PARTS}
    except (OSError, Changed):  # missing, unreadable, a link, longer: not as signed
        return False
    return here == signed or _signed_copy(here, pack)


def _same(path: Path, member: Member) -> bool:
    """Whether the file ``path`` holds ``member``'s bytes (``OSError`` as ``read_small``)."""
    return file_member(path, member.size, "the signed file holds").sha256 == member.sha256


def plain_files(folder: Path) -> set[str]:
    """Every file under ``folder`` by its name in a pack; ``OSError`` for anything but
    plain files and folders (a link, a pipe), or a folder that cannot be listed."""
    found: set[str] = set()
    for root, folders, files in os.walk(folder, onerror=_raise):
        for name in folders + files:
            path = Path(root) / name
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                raise OSError(f"{path} is not a plain file or folder")
            if name in files:
                found.add(path.relative_to(folder).as_posix())
    return found


def _raise(error: OSError) -> None:
    raise error


def _signed_copy(here: dict[str, bytes], pack: VerifiedPack) -> bool:
    """Whether the installed manifest is signed by its key and delivers what ``pack`` does."""
    try:
        key = here[PUBLIC_KEY].decode("ascii").strip()
        verify_key(key).verify(here[MANIFEST], bytes.fromhex(here[SIGNATURE].decode("ascii")))
        manifest = json.loads(here[MANIFEST].decode("utf-8"))
    except (ValueError, IdentityError, CryptoError, RecursionError):
        return False
    return (isinstance(manifest, dict) and manifest.get("signer_public_key") == key
            and content_digest(manifest) == pack.content_digest)
