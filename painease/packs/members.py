"""A pack's files read a piece at a time, never whole: a pack may carry 256 MiB, and a
patient's or therapist's computer may be small.

Contract
--------
A ``Member`` is one file of a pack (an entry of the zip, or a file of an installed
folder) whose ``size`` and SHA-256 (``sha256``, hex) were taken reading it once to its
end (``measured``), a ``CHUNK`` at a time. Its bytes stay where they are and are read
again when used: ``open()`` from the start (decoding a clip seeks in it), ``chunks()`` a
piece at a time, checked again as they go, and ``read()`` whole, for the small ones (the
manifest, a script). Read again, bytes that are not the ones first measured (the file
changed meanwhile, or a read failed) raise ``Changed``: after the last chunk at the
latest, so whoever writes them somewhere keeps that write apart until it ends (an
install writes to a hidden folder, renamed into place only after).

``open()`` is ``positioned``: an opener that fails, the disk, zipfile or zlib (the pack
file cut short or rewritten in place meanwhile, a folder's file gone), raises ``Changed``.
So does use: ``read_through(use)`` is ``use(handle)`` on ``open()``, raising the ``Changed``
of a read that failed or came back short of the size measured, whatever ``use`` made of
it. Such a read is kept (the reader's ``failed``) and ends the file there, never raised
where it happens: a decoder reading through a C library (libsndfile) swallows what its
reads raise (printing it: a traceback on a patient's terminal), takes the end for the
clip's and blames the clip, not the pack file that changed.

``positioned(handle, size, name)`` reads ``handle`` (a zip entry, ``zipfile.ZipExtFile``, which
can only seek by reading up to the place, from the start when going back) seeking only when
it reads, and never past the ``size`` it knows: a decoder that looks at the end and comes
back costs nothing, not two passes over the whole clip. Its ``repr`` is ``name`` (the file's
path in the pack), which a decoder names a file it cannot open by.

``file_member(path, limit, holds)`` measures a file on disk (opened as ``read_small``
opens: a pipe, a folder, a device is ``Unreadable``, never waited on), ``Unreadable``
too when it holds more than ``limit`` bytes, said as ``read_whole`` says it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from painease.files import Unreadable, open_regular, size_text

CHUNK = 1024 * 1024
# What reading a file again raises when it changed meanwhile (cut short, rewritten, gone),
# or could not be read: the disk's errors, zipfile's (a local header that is not there any
# more, a bad CRC; EOFError for data cut short) and zlib's.
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error)
T = TypeVar("T")


class Changed(Exception):
    """A file read again is not the one measured; the message says which, in a few words."""


def unreadable(name: str, error: BaseException) -> Changed:
    """``Changed`` for the file ``name`` whose reading again raised ``error``."""
    said = f" ({error})" if str(error) else ""  # zipfile's EOFError says nothing
    return Changed(f"{name or 'a file'} could not be read again{said}")


@dataclass(frozen=True, eq=False)
class Member:
    size: int
    sha256: str
    opener: Callable[[], BinaryIO]  # the file from its start, readable (and seekable)
    name: str = ""

    def open(self) -> BinaryIO:
        """From its start, seekable: ``positioned`` (module doc)."""
        return self._reader()  # type: ignore[return-value]

    def read_through(self, use: Callable[[BinaryIO], T]) -> T:
        """``use(handle)`` on ``open()``; the ``Changed`` a read raised, should ``use`` have
        swallowed it, in place of whatever ``use`` returned or raised (module doc)."""
        with self._reader() as handle:
            try:
                done = use(handle)  # type: ignore[arg-type]
            except Exception:
                if handle.failed is not None:
                    raise handle.failed from None
                raise
            if handle.failed is not None:
                raise handle.failed
            return done

    def _reader(self) -> _Positioned:
        try:
            handle = self.opener()
        except READ_ERRORS as error:
            raise unreadable(self.name, error) from None
        return _Positioned(handle, self.size, self.name)

    def chunks(self) -> Iterator[bytes]:
        """Its bytes again, ``CHUNK`` at a time; ``Changed`` when they are not those
        measured (at the last chunk, or as soon as there are more of them)."""
        digest, got = hashlib.sha256(), 0
        try:
            with self.opener() as handle:
                while chunk := handle.read(CHUNK):
                    got += len(chunk)
                    if got > self.size:
                        break
                    digest.update(chunk)
                    yield chunk
        except Exception as exc:  # noqa: BLE001 - zipfile, zlib and the disk each raise their own
            raise unreadable(self.name, exc) from None
        if got != self.size or digest.hexdigest() != self.sha256:
            raise Changed(f"{self.name or 'a file'} changed while it was being read")

    def read(self) -> bytes:
        """All of it (a small file: the manifest, a script), checked as ``chunks``."""
        return b"".join(self.chunks())


class _Positioned(io.RawIOBase):
    def __init__(self, raw: BinaryIO, size: int, name: str = "") -> None:
        super().__init__()
        self._raw, self._size, self._at, self._name = raw, size, 0, name
        self.failed: Changed | None = None  # the first read that failed (module doc)
        if isinstance(raw, zipfile.ZipExtFile):
            raw.MAX_SEEK_READ = CHUNK  # zipfile reads 16 MiB at once

    def __repr__(self) -> str:  # libsndfile's "Error opening <repr>: …" names the clip
        return repr(self._name) if self._name else super().__repr__()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        at = offset + {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._size}[whence]
        if at < 0:
            raise ValueError(f"negative seek position {at}")
        self._at = at
        return at

    def readinto(self, buffer) -> int:  # noqa: ANN001 - any writable buffer
        if self._at >= self._size:
            return 0
        wanted = min(len(buffer), self._size - self._at)
        try:
            if self._raw.tell() != self._at:
                self._raw.seek(self._at)
            data = self._raw.read(wanted)
        except READ_ERRORS as error:
            return self._fail(unreadable(self._name, error))
        if len(data) < wanted:  # the file ends before the size measured: cut short
            return self._fail(Changed(f"{self._name or 'a file'} changed while it was being "
                                      "read"))
        buffer[:len(data)] = data
        self._at += len(data)
        return len(data)

    def _fail(self, changed: Changed) -> int:
        """Kept, and the end of the file from here: raised, libsndfile's caller would print
        it as ignored (a traceback on a patient's terminal); ``read_through`` raises it."""
        if self.failed is None:
            self.failed = changed
        self._at = self._size
        return 0

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def positioned(handle: BinaryIO, size: int, name: str = "") -> BinaryIO:
    """See the module doc."""
    return _Positioned(handle, size, name)  # type: ignore[return-value]


def measured(opener: Callable[[], BinaryIO], name: str = "",
             each: Callable[[bytes, int], None] | None = None) -> Member:
    """Read the file ``opener`` opens once to its end, ``CHUNK`` at a time, for its size and
    SHA-256; ``each(chunk, bytes so far)`` sees every chunk (and may raise, to stop)."""
    digest, got = hashlib.sha256(), 0
    with opener() as handle:
        while chunk := handle.read(CHUNK):
            got += len(chunk)
            if each is not None:
                each(chunk, got)
            digest.update(chunk)
    return Member(got, digest.hexdigest(), opener, name)


def file_member(path: Path, limit: int, holds: str,
                each: Callable[[bytes, int], None] | None = None) -> Member:
    """``path`` measured (module doc); ``Unreadable`` says why it cannot be."""

    def opener() -> BinaryIO:
        handle = open_regular(path)
        if handle is None:
            raise Unreadable("there is no such file")
        return handle

    def within(chunk: bytes, got: int) -> None:
        if got > limit:
            raise Unreadable(f"it is larger than {size_text(limit)}, far more than {holds}")
        if each is not None:
            each(chunk, got)

    try:
        return measured(opener, str(path), within)
    except Unreadable:
        raise
    except OSError as error:  # a read error (EIO…) part way
        raise Unreadable(error.strerror or str(error)) from None
