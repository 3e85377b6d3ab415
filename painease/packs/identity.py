"""This install's own key pair: signs packs (therapist) and results (patient).

Contract
--------
* One Ed25519 key (libsodium via PyNaCl) per data dir, in ``keys/identity.json`` (file
  0600, folder 0700), created on first need by ``load_or_create_identity``. The same key,
  converted to Curve25519 by libsodium, decrypts results sealed to it; no second key to
  lose. No crypto is implemented here: only PyNaCl calls.
* ``Identity.public_key`` is the 64-hex-digit public key; ``key_id`` (first 16 hex digits
  of its SHA-256) names folders and rows; ``fingerprint`` is the same hash grouped for
  people to compare over the phone ("3f2a 91c0 …", 8 groups).
* A damaged or foreign identity file raises ``IdentityError`` (one line) and is never
  overwritten: losing a key silently would orphan every pack or result made with it.
* No key yet and none can be made (a read-only data folder, a keys folder that cannot be
  searched): ``IdentityError`` says so, naming the folder and why; never an ``OSError``
  that a command would take for a failure to write its own output file.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey

from painease.domain.shown_text import one_line
from painease.files import Unreadable, read_whole
from painease.packs.fingerprints import fingerprint, key_id
from painease.packs.fingerprints import in_fours as in_fours  # re-exported
from painease.temp_files import remove_stale_temps, temp_beside

IDENTITY_FILE = "identity.json"
MAX_BYTES = 64 * 1024  # a key file holds about 300 bytes (a long name fits many times)
_FORMAT = "painease-identity"


class IdentityError(Exception):
    """The identity file cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Identity:
    signing_key: SigningKey
    name: str = ""

    @property
    def public_key(self) -> str:
        return self.signing_key.verify_key.encode().hex()

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte detached Ed25519 signature of ``message``."""
        return self.signing_key.sign(message).signature

    def box_private_key(self) -> PrivateKey:
        """The Curve25519 private key that opens boxes sealed to ``public_key``."""
        return self.signing_key.to_curve25519_private_key()


def verify_key(public_key_hex: str) -> VerifyKey:
    """The Ed25519 verify key for a hex public key; ``IdentityError`` if malformed."""
    try:
        raw = bytes.fromhex(public_key_hex)
        if len(raw) != 32:
            raise ValueError
        return VerifyKey(raw)
    except (ValueError, TypeError, CryptoError):
        raise IdentityError(f"{public_key_hex!r:.40} is not a public key") from None


def box_public_key(public_key_hex: str) -> PublicKey:
    """The Curve25519 key results are sealed to, from the therapist's Ed25519 key."""
    try:
        return verify_key(public_key_hex).to_curve25519_public_key()
    except CryptoError:
        raise IdentityError("the therapist's key cannot receive encrypted results") from None


def load_or_create_identity(keys_dir: Path | None = None, name: str | None = None) -> Identity:
    """This data dir's identity, made (and saved 0600) on first call.

    ``name`` (e.g. the therapist's name) is stored when the key is created or when given
    later, on one line as a patient's name is (``one_line``: a line break or tab typed in
    it becomes a space); it is only a label, never part of any check. A name that is
    blank once tidied is refused (``IdentityError``), the stored one kept: it once cleared
    the name patients see on packs, silently. A stored name that is not valid text (a
    lone surrogate: a hand-edit) is an ``IdentityError`` that says how to mend it (giving
    ``name`` does; ``one_line`` leaves none in a name given).
    """
    if name is not None:
        name = one_line(name)
    try:
        if keys_dir is None:
            from painease import paths

            keys_dir = paths.keys_dir()
        path = keys_dir / IDENTITY_FILE
        missing = not path.exists()
    except OSError as exc:  # a data or keys folder that cannot be made or searched
        if keys_dir is None:  # the data folder failed: name the keys folder all the same
            from painease import paths

            keys_dir = paths.data_dir(create=False) / "keys"
        raise IdentityError(_not_made(keys_dir, exc)) from None
    if name == "":
        raise IdentityError(_blank_name(path, missing))
    if missing:
        # Made whole beside it, then linked into place only if no other process made one
        # meanwhile (two first uses at once: the first key wins and both use it; once the
        # second replaced the first, whose packs or results then could not be opened).
        _write(path, Identity(SigningKey.generate(), name or ""), replace_existing=False,
               new=True)
    identity, created = _read(path)
    if name is not None and name != identity.name:
        identity = Identity(identity.signing_key, name)
        _write(path, identity, created)
    elif not _valid_text(identity.name):
        raise IdentityError(_damaged_name(path))
    return identity


def _valid_text(text: str) -> bool:
    """False for text with a lone surrogate ("\\ud800": JSON can say one, no painease
    writes one), which cannot be printed, shown, stored in SQLite or sent on a pack."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _damaged_name(path: Path) -> str:
    return (f"{path} cannot be used (the name in it is damaged: it is not valid text); it "
            "was left as it is. Give the name again: painease identity --name \"Your name\"")


def _blank_name(path: Path, missing: bool) -> str:
    """What a blank name given is told: what stays as it was."""
    if missing:
        return "the name given is blank; no key was made"
    try:
        kept = _read(path)[0].name
    except IdentityError:  # said as it is when the key is used
        kept = ""
    if not _valid_text(kept):
        return "the name given is blank; the name stored is damaged and is kept as it is"
    return "the name given is blank; " + (f"the name “{kept}” is kept" if kept
                                            else "nothing was changed")


def _read(path: Path) -> tuple[Identity, str]:
    def unusable(reason: str) -> IdentityError:
        return IdentityError(f"{path} cannot be used ({reason}); it was left as it is")

    try:
        data = read_whole(path, MAX_BYTES, "a key file holds")
    except Unreadable as error:  # a pipe, a folder, no permission, far too big
        raise unusable(error.reason) from None
    try:
        record = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # not JSON (or a number of thousands of digits)
        raise unusable("it is damaged: it is not a key file's text") from None
    if not isinstance(record, dict) or record.get("format") != _FORMAT:
        raise unusable("it is not a painease key file")
    try:
        identity = Identity(SigningKey(bytes.fromhex(record["seed"])),
                            str(record.get("name", "")))
    except (KeyError, TypeError, ValueError, CryptoError):
        raise unusable("it is damaged: its private key cannot be read") from None
    if record.get("public_key") not in (None, identity.public_key):
        raise unusable("its public key does not belong to its private key")
    return identity, str(record.get("created_at", ""))


def _not_made(keys_dir: Path | None, error: OSError) -> str:
    """Said when there is no key yet and it cannot be made: that, not the file the
    command was asked to write, is what stops it (a read-only data folder)."""
    where = f" in {keys_dir}" if keys_dir is not None else ""
    return (f"this install has no signing key yet, and it cannot be made{where} "
            f"({error.strerror or error}); nothing was changed")


def _write(path: Path, identity: Identity, created_at: str | None = None,
           replace_existing: bool = True, new: bool = False) -> None:
    """Write via a 0600 temp file of this call's own and rename, so a crash never leaves
    half a key. ``replace_existing=False`` links it into place instead, which leaves a
    key another process made meanwhile as it is. A write that fails (a full disk, a
    folder that cannot be written) is an ``IdentityError`` saying why in words (``new``:
    the key is being made, so there is none yet)."""
    try:
        _write_file(path, identity, created_at, replace_existing)
    except OSError as exc:
        if new:
            raise IdentityError(_not_made(path.parent, exc)) from None
        raise IdentityError(f"this install's key could not be saved in {path.parent} "
                            f"({exc.strerror or exc}); nothing was changed") from None


def _write_file(path: Path, identity: Identity, created_at: str | None,
                replace_existing: bool) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    data = {"format": _FORMAT, "version": 1, "name": identity.name,
            "public_key": identity.public_key,
            "seed": identity.signing_key.encode().hex(),
            "created_at": created_at or datetime.now(UTC).isoformat(timespec="seconds")}
    with temp_beside(path) as (fd, temp):  # held till it has its name: never swept
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp makes it 0600
                json.dump(data, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            if replace_existing:
                os.replace(temp, path)
            else:
                try:
                    os.link(temp, path)
                except FileExistsError:  # another process's key stands
                    pass
                except OSError:  # no hard links on this file system (FAT): rename instead
                    if not path.exists():
                        os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    remove_stale_temps(path)  # a killed write's copy of the seed
