"""Writing a pack's zip a piece at a time (``painease.packs.pack.build_pack``).

Contract
--------
``measure_clip(path)`` reads a clip once to its end, ``members.CHUNK`` at a time (opened
as ``read_small`` opens; ``Unreadable`` for more than ``safezip.MAX_FILE_BYTES``, said as
``read_whole`` says it), for its size, its SHA-256 and how it goes in the zip
(``PackedClip.stored``). ``write_zip(handle, small, clips)`` writes the zip of ``small``
(name -> bytes: the key, scripts, manifest and signature) and ``clips`` (name ->
``PackedClip``) to ``handle``, every file in name order, deflated except one that deflates
so well that a patient's import would take it for a zip bomb (``safezip.MAX_RATIO``: a
clip with a long stretch of digital silence does), stored as it is. A clip is read again
as it is written, never held whole; one that is not the bytes measured (changed on the
disk meanwhile) raises ``members.Changed`` and the zip is not finished. The bytes are
those ``ZipFile.writestr`` of each whole file gave, for the same files at the same time.
"""

from __future__ import annotations

import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from painease.packs.members import Member, file_member
from painease.packs.safezip import MAX_FILE_BYTES, MAX_RATIO, RATIO_FLOOR_BYTES


@dataclass(frozen=True)
class PackedClip:
    member: Member  # the clip's file, measured
    stored: bool  # goes in as it is (``stored_as_is``), not deflated


def stored_as_is(size: int, deflated: int) -> bool:
    """Whether a file of ``size`` bytes that zlib deflates to ``deflated`` is stored as it
    is. Half the ratio limit: zlib's stream and the zip's raw deflate differ by a few bytes."""
    return size > RATIO_FLOOR_BYTES and size > MAX_RATIO // 2 * deflated


def measure_clip(path: Path) -> PackedClip:
    """See the module doc."""
    squeeze, deflated = zlib.compressobj(), [0]

    def each(chunk: bytes, _got: int) -> None:
        deflated[0] += len(squeeze.compress(chunk))  # counted, not kept

    member = file_member(path, MAX_FILE_BYTES, "a pack may carry in one file", each)
    deflated[0] += len(squeeze.flush())
    return PackedClip(member, stored_as_is(member.size, deflated[0]))


def write_zip(handle: BinaryIO, small: dict[str, bytes], clips: dict[str, PackedClip]) -> None:
    """See the module doc."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted({*small, *clips}):
            if name in small:
                data = small[name]
                stored = stored_as_is(len(data), len(zlib.compress(data)))
                archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored
                                 else zipfile.ZIP_DEFLATED)
                continue
            clip = clips[name]
            # As writestr makes it for a name, with the clip's size known before.
            info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
            info.compress_type = zipfile.ZIP_STORED if clip.stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.file_size = clip.member.size
            with archive.open(info, mode="w") as dest:
                for chunk in clip.member.chunks():
                    dest.write(chunk)
