"""Read a zip file someone else made, as if it were hostile, a piece at a time.

Contract
--------
``read_zip(path)`` returns ``{name: Member}`` for every regular file in the archive
(``painease.packs.members``: each read once to its end for its size and SHA-256, and read
again from the archive, kept open, when used; never held whole in memory): a ``ZipMembers``,
whose ``close()`` (or ``with``) closes the archive when they are no longer used. Or it raises
``ZipRefused`` with one line naming the first problem. It never writes anything.
``NotAZipError`` (a ``ZipRefused``) is the wrong file picked, nothing hostile: no file
there, not a plain file, or not a zip archive at all (``readable`` says whether the file
could be read). ``UnsafeZipError`` is the rest. Refused as unsafe: a file bigger than
``MAX_ARCHIVE_BYTES``; more
than ``MAX_ENTRIES`` entries; names that are absolute (``/x``, ``C:x``), contain ``..``,
backslashes, empty parts, control characters, are longer than ``MAX_NAME_LENGTH``, or
repeat another name (also when only the letter case differs); symlinks, device files,
FIFOs and anything else that is not a plain file or folder; encrypted entries; compression
other than stored/deflate; a file over ``MAX_FILE_BYTES``, all files together over
``MAX_TOTAL_BYTES``, or a file that expands more than ``MAX_RATIO`` times (zip bombs).
Sizes are checked first against the archive's own directory and then again while
reading, so a directory that lies about sizes cannot get past the limits; CRCs are
checked by ``zipfile`` as each file is read to its end.
"""

from __future__ import annotations

import stat
import unicodedata
import zipfile
import zlib
from pathlib import Path

from painease.packs.members import Member, measured

MAX_ARCHIVE_BYTES = 300 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed size, for files above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 64 * 1024  # small text files may compress very well; that is fine
MAX_NAME_LENGTH = 200


class ZipRefused(Exception):
    """The file was refused; the message says exactly why in one line."""


class NotAZipError(ZipRefused):
    """No zip archive here at all: a wrong file picked, not a hostile one. ``readable`` is
    true when the file was read (and is something else), false when it could not be."""

    def __init__(self, message: str, *, readable: bool) -> None:
        super().__init__(message)
        self.readable = readable


class UnsafeZipError(ZipRefused):
    """A zip archive that breaks a rule above (hostile, or damaged inside)."""


class ZipMembers(dict[str, Member]):
    """``read_zip``'s files by name, read again from the archive until ``close()``."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, Member]) -> None:
        super().__init__(members)
        self._archive = archive

    def close(self) -> None:
        """Close the archive (again: nothing); its files cannot be read after."""
        self._archive.close()

    def __enter__(self) -> ZipMembers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_zip(path: Path) -> ZipMembers:
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise NotAZipError(f"cannot read {path} ({exc.strerror or exc})",
                           readable=False) from None
    if not stat.S_ISREG(info.st_mode):  # a folder, /dev/zero (endless), a FIFO (waits)
        raise NotAZipError(f"{path} is not a file", readable=False)
    size = info.st_size
    if size > MAX_ARCHIVE_BYTES:
        raise UnsafeZipError(f"the file is {size:,} bytes; the limit is {MAX_ARCHIVE_BYTES:,}")
    try:
        opened = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        if zipfile.is_zipfile(path):  # a zip's end record, but a broken directory
            raise UnsafeZipError(f"the zip file is damaged ({exc})") from None
        raise NotAZipError("it is not a zip archive", readable=True) from None
    except OSError as exc:
        raise NotAZipError(f"cannot read {path} ({exc.strerror or exc})",
                           readable=False) from None
    except (EOFError, NotImplementedError, ValueError) as exc:
        raise UnsafeZipError(f"the zip file is damaged ({exc})") from None
    try:
        infos = opened.infolist()
        _check_directory(infos)
        return ZipMembers(opened, {info.filename: _read(opened, info) for info in infos
                                   if not info.is_dir()})
    except BaseException as exc:
        opened.close()  # read, it stays open for its members, to be read again when used
        if isinstance(exc, zipfile.BadZipFile):
            raise UnsafeZipError(f"it is not a readable zip file ({exc})") from None
        if isinstance(exc, (OSError, EOFError, NotImplementedError, ValueError, zlib.error)):
            # zlib.error: damaged compressed data can fail in zlib before any CRC is checked.
            raise UnsafeZipError(f"the zip file is damaged ({exc})") from None
        raise


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafeZipError(f"it holds {len(infos):,} entries; the limit is {MAX_ENTRIES:,}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        check_name(name)
        folded = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if folded in seen:
            raise UnsafeZipError(f"the entry {name!r} appears twice")
        seen.add(folded)
        _check_kind(info)
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise UnsafeZipError(f"the entry {name!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeZipError(f"the entry {name!r} uses an unsupported compression method")
        _check_size(name, info.file_size, info.compress_size)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnsafeZipError(f"its files add up to more than {MAX_TOTAL_BYTES:,} bytes")


def check_name(name: str) -> None:
    """Refuse any entry name that could land outside the folder it is unpacked into."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UnsafeZipError(f"the entry name {name[:60]!r} is empty or too long")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UnsafeZipError(f"the entry name {name!r} holds control characters")
    if "\\" in name:
        raise UnsafeZipError(f"the entry name {name!r} holds a backslash")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeZipError(f"the entry {name!r} has an absolute path")
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        raise UnsafeZipError(f"the entry {name!r} points outside the pack ('..')")
    if any(part in ("", ".") for part in parts):
        raise UnsafeZipError(f"the entry name {name!r} has an empty or '.' part")


def _check_kind(info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    if info.create_system != 3 or stat.S_IFMT(mode) == 0:  # no Unix file type: plain entry
        return
    if stat.S_ISLNK(mode):
        raise UnsafeZipError(f"the entry {info.filename!r} is a symbolic link")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UnsafeZipError(f"the entry {info.filename!r} is a device or special file")


def _check_size(name: str, size: int, compressed: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UnsafeZipError(f"the entry {name!r} is {size:,} bytes; the limit is "
                             f"{MAX_FILE_BYTES:,}")
    if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(compressed, 1):
        raise UnsafeZipError(f"the entry {name!r} expands {size / max(compressed, 1):,.0f} "
                             f"times (a zip bomb?); the limit is {MAX_RATIO}")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Member:
    """Read one entry to its end (its CRC checked there), stopping as soon as it outgrows
    what its header promised; measured, not kept (``members.measured``)."""

    def within(chunk: bytes, got: int) -> None:
        # Unreachable through today's zipfile (it stops at file_size and checks the CRC
        # there); kept as a defence should zipfile ever hand back more.
        if got > info.file_size:
            raise UnsafeZipError(f"the entry {info.filename!r} is bigger than its "
                                 "header says")
        _check_size(info.filename, got, info.compress_size)

    return measured(lambda: archive.open(info), info.filename, within)
